package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestResolveConfigRequestsPerSecond(t *testing.T) {
	base := providerModel{Token: types.StringValue("t")}
	cfg, diags := resolveConfig(base, envOf(nil))
	if diags.HasError() || cfg.RequestsPerSecond != 0 {
		t.Fatalf("unset: rate %g, %v; want 0 (no fixed rate)", cfg.RequestsPerSecond, diags)
	}
	base.RequestsPerSec = types.Float64Value(2.5)
	if cfg, _ = resolveConfig(base, envOf(nil)); cfg.RequestsPerSecond != 2.5 {
		t.Fatalf("set: rate %g, want 2.5", cfg.RequestsPerSecond)
	}
	base.RequestsPerSec = types.Float64Unknown()
	_, diags = resolveConfig(base, envOf(nil))
	if !diags.HasError() || !strings.Contains(diags.Errors()[0].Detail(), `"requests_per_second" is not known until apply`) {
		t.Fatalf("unknown: %v", diags)
	}
}
