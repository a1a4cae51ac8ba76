package apiclient

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflog"
	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

// The transport logs the request path; a path that happened to contain a
// secret (here: used as an attachment id) must come out masked, both for the
// token (always known to the client) and for secrets an operation registers.
func TestLogsMaskSecrets(t *testing.T) {
	_, cfg := newTestClient(t, 0)
	c := mustClient(t, cfg)
	var out bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &out)
	ctx = WithSecrets(ctx, "bgp-key-Zz9", "")
	ctx = WithSecrets(ctx, "service-key-77")

	tflog.Info(ctx, "message naming bgp-key-Zz9", map[string]any{"field": "service-key-77"})
	for _, id := range []string{"bgp-key-Zz9", cfg.Token, "service-key-77"} {
		_, _, _ = c.PartnerAttachment.Get(ctx, id)
	}
	logs := out.String()
	if strings.Count(logs, `"@module":"provider.api"`) != 3 {
		t.Fatalf("want three API log lines, got:\n%s", logs)
	}
	for _, secret := range []string{"bgp-key-Zz9", cfg.Token, "service-key-77"} {
		if strings.Contains(logs, secret) {
			t.Errorf("logs contain %q:\n%s", secret, logs)
		}
	}
	if !strings.Contains(logs, "***") {
		t.Errorf("nothing was masked:\n%s", logs)
	}
}

func TestWithSecretsIgnoresEmptyAndRepeats(t *testing.T) {
	ctx := WithSecrets(context.Background(), "a", "", "a")
	if got := secretsFrom(WithSecrets(ctx, "a")); len(got) != 1 || got[0] != "a" {
		t.Fatalf("secrets = %q", got)
	}
}
