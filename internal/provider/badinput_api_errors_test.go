package provider

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-exec/tfexec"

	"github.com/pnc-tf/terraform-provider-do/internal/fakeapi"
	"github.com/pnc-tf/terraform-provider-do/internal/tfcli"
)

// stackTrace matches what a panic or a dumped Go error would print.
var stackTrace = regexp.MustCompile(`goroutine \d+|panic:|\.go:\d+|runtime\.`)

// Each refusal by the API reaches the user as the API's error id, message
// and request id (the one the emulator journaled for the failing request),
// and never as a stack trace.
func TestAccBadInput_apiRefusalsShowTheAPIsAnswer(t *testing.T) {
	const missing = "5a4981aa-9653-4bd1-bef5-d6bff52042e4"
	apply := func(ctx context.Context, ws *tfcli.Workspace) error { return ws.Apply(ctx) }
	cases := []struct {
		name, errorID, message string
		status                 int
		opts                   fakeapi.Options
		// prepare seeds the emulator and returns the provider block's token.
		prepare func(env *accEnv) string
		run     func(ctx context.Context, ws *tfcli.Workspace) error
	}{
		{
			name: "import of an unknown id", status: http.StatusNotFound,
			errorID: "not_found", message: "The resource you were accessing could not be found.",
			prepare: func(env *accEnv) string { return env.token },
			run: func(ctx context.Context, ws *tfcli.Workspace) error {
				return ws.Run(ctx, func(ctx context.Context, tf *tfexec.Terraform, r *tfexec.ReattachOption) error {
					return tf.Import(ctx, addr, missing, r)
				})
			},
		},
		{
			name: "rejected token", status: http.StatusUnauthorized,
			errorID: "unauthorized", message: "Unable to authenticate you.",
			prepare: func(*accEnv) string { return "dop_v1_not-a-valid-token" },
			run:     apply,
		},
		{
			name: "read-only token", status: http.StatusForbidden,
			errorID: "forbidden", message: "You do not have access for the attempted action.",
			opts:    fakeapi.Options{ReadOnlyToken: "dop_v1_read-only-token"},
			prepare: func(*accEnv) string { return "dop_v1_read-only-token" },
			run:     apply,
		},
		{
			name: "name already taken", status: http.StatusUnprocessableEntity,
			errorID: "unprocessable_entity", message: `name "tfacc-api-errors" is already in use by another partner attachment`,
			prepare: func(env *accEnv) string {
				env.api.Seed(fakeapi.SeedAttachment{Name: "tfacc-api-errors"})
				return env.token
			},
			run: apply,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			env := newAccEnv(t, tc.opts)
			env.requireEmulator(t, "reads request ids from its journal")
			token := tc.prepare(env)
			out := &syncBuffer{}
			ws := env.workspace(t, out)
			bad := *env
			bad.token = token
			ctx := context.Background()
			if err := ws.WriteConfig(bad.config(baseAttachment("tfacc-api-errors").hcl("test"))); err != nil {
				t.Fatal(err)
			}
			if err := ws.Init(ctx); err != nil {
				t.Fatal(err)
			}
			if err := tc.run(ctx, ws); err == nil {
				t.Fatalf("want the API's refusal, got success:\n%s", out)
			}
			requestID := env.failedRequestID(t, tc.status)
			got := out.String()
			want := fmt.Sprintf("HTTP %d (%s): %s request_id: %s", tc.status, tc.errorID, tc.message, requestID)
			if !wrapped(want).MatchString(got) {
				t.Errorf("output lacks %q:\n%s", want, got)
			}
			if m := stackTrace.FindString(got); m != "" {
				t.Errorf("output contains %q, part of a stack trace:\n%s", m, got)
			}
		})
	}
}

// failedRequestID returns the request id of the one request the emulator
// answered with status.
func (e *accEnv) failedRequestID(t *testing.T, status int) string {
	t.Helper()
	var ids []string
	for _, j := range e.api.Journal() {
		if j.Status == status {
			ids = append(ids, j.RequestID)
		}
	}
	if len(ids) != 1 {
		t.Fatalf("want one request answered %d, journal has %d: %s", status, len(ids), strings.Join(ids, ", "))
	}
	return ids[0]
}
