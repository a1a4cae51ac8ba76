package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"
)

func envOf(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func TestResolveConfig(t *testing.T) {
	cases := []struct {
		name      string
		model     providerModel
		env       map[string]string
		wantToken string
		wantURL   string
		wantRetry int
		wantErr   string // substring of an error summary+detail; "" for none
	}{
		{
			name:      "block wins over env",
			model:     providerModel{Token: types.StringValue("from-block"), APIEndpoint: types.StringValue("http://127.0.0.1:1")},
			env:       map[string]string{"DIGITALOCEAN_TOKEN": "from-env", "DIGITALOCEAN_API_URL": "http://elsewhere"},
			wantToken: "from-block", wantURL: "http://127.0.0.1:1", wantRetry: 4,
		},
		{
			name:      "DIGITALOCEAN_TOKEN before DIGITALOCEAN_ACCESS_TOKEN",
			env:       map[string]string{"DIGITALOCEAN_TOKEN": "primary", "DIGITALOCEAN_ACCESS_TOKEN": "secondary"},
			wantToken: "primary", wantURL: defaultAPIEndpoint, wantRetry: 4,
		},
		{
			name:      "DIGITALOCEAN_ACCESS_TOKEN as fallback, API URL from env",
			env:       map[string]string{"DIGITALOCEAN_ACCESS_TOKEN": "secondary", "DIGITALOCEAN_API_URL": "http://127.0.0.1:9"},
			wantToken: "secondary", wantURL: "http://127.0.0.1:9", wantRetry: 4,
		},
		{
			name:      "retry settings from block",
			model:     providerModel{Token: types.StringValue("t"), HTTPRetryMax: types.Int64Value(0)},
			wantToken: "t", wantURL: defaultAPIEndpoint, wantRetry: 0,
		},
		{name: "missing token", wantErr: "Configuring the provider: missing API token: No DigitalOcean API token is set."},
		{name: "blank token", model: providerModel{Token: types.StringValue("  ")}, wantErr: "Configuring the provider: missing API token: No DigitalOcean API token is set."},
		{name: "unknown token", model: providerModel{Token: types.StringUnknown()}, wantErr: `Configuring the provider: setting unknown until apply: The provider cannot be configured because "token" is not known until apply`},
		{
			name:    "relative endpoint",
			model:   providerModel{Token: types.StringValue("t"), APIEndpoint: types.StringValue("api.digitalocean.com")},
			wantErr: "Configuring the provider: api_endpoint is not a URL: api_endpoint must be an absolute http or https URL",
		},
		{
			name:      "endpoint with a path, kept as written",
			model:     providerModel{Token: types.StringValue("t"), APIEndpoint: types.StringValue("https://gw.example.com/do/")},
			wantToken: "t", wantURL: "https://gw.example.com/do/", wantRetry: 4,
		},
		{
			name:      "plain http to loopback",
			env:       map[string]string{"DIGITALOCEAN_TOKEN": "t", "DIGITALOCEAN_API_URL": "http://localhost:8080/do"},
			wantToken: "t", wantURL: "http://localhost:8080/do", wantRetry: 4,
		},
		{
			name:    "plain http to another host",
			model:   providerModel{Token: types.StringValue("t"), APIEndpoint: types.StringValue("http://gw.example.com/do")},
			wantErr: "Configuring the provider: api_endpoint is not https: api_endpoint \"http://gw.example.com/do\" uses plain http",
		},
		{
			name:    "plain http from DIGITALOCEAN_API_URL",
			env:     map[string]string{"DIGITALOCEAN_TOKEN": "t", "DIGITALOCEAN_API_URL": "http://10.1.2.3"},
			wantErr: "Use https:// (plain http is accepted only for a loopback host: localhost, 127.0.0.0/8 or ::1, such as a local emulator). The value comes from the DIGITALOCEAN_API_URL environment variable.",
		},
		{
			name:    "query string",
			model:   providerModel{Token: types.StringValue("t"), APIEndpoint: types.StringValue("https://gw.example.com/do?k=v")},
			wantErr: "Configuring the provider: api_endpoint has a query string",
		},
		{
			name:    "user info",
			model:   providerModel{Token: types.StringValue("t"), APIEndpoint: types.StringValue("https://u:p@gw.example.com")},
			wantErr: "Configuring the provider: api_endpoint has user info",
		},
		{
			name:    "fragment from DIGITALOCEAN_API_URL",
			env:     map[string]string{"DIGITALOCEAN_TOKEN": "t", "DIGITALOCEAN_API_URL": "https://gw.example.com/do#x"},
			wantErr: "Configuring the provider: api_endpoint has a fragment",
		},
		{
			name:    "dot segments",
			model:   providerModel{Token: types.StringValue("t"), APIEndpoint: types.StringValue("https://gw.example.com/do/../v1")},
			wantErr: "Configuring the provider: api_endpoint path has dot segments",
		},
		{
			name:    "min wait above max",
			model:   providerModel{Token: types.StringValue("t"), HTTPRetryWaitMin: types.Float64Value(5), HTTPRetryWaitMax: types.Float64Value(1)},
			wantErr: "Configuring the provider: retry wait minimum above maximum: http_retry_wait_min (5s) must not exceed http_retry_wait_max",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg, diags := resolveConfig(tc.model, envOf(tc.env))
			if tc.wantErr != "" {
				var all strings.Builder
				for _, d := range diags.Errors() {
					all.WriteString(d.Summary() + ": " + d.Detail() + "\n")
				}
				if !strings.Contains(all.String(), tc.wantErr) {
					t.Fatalf("want error containing %q, got %q", tc.wantErr, all.String())
				}
				return
			}
			if diags.HasError() {
				t.Fatalf("unexpected errors: %v", diags)
			}
			if cfg.Token != tc.wantToken || cfg.APIEndpoint != tc.wantURL || cfg.RetryMax != tc.wantRetry {
				t.Fatalf("got token=%q url=%q retry=%d", cfg.Token, cfg.APIEndpoint, cfg.RetryMax)
			}
		})
	}
}

func TestResolveConfigErrorsNeverEchoTheToken(t *testing.T) {
	_, diags := resolveConfig(providerModel{
		Token:       types.StringValue("dop_v1_supersecret"),
		APIEndpoint: types.StringValue("not a url"),
	}, envOf(nil))
	for _, d := range diags {
		if strings.Contains(d.Summary()+d.Detail(), "supersecret") {
			t.Fatalf("diagnostic leaks the token: %s", d.Detail())
		}
	}
}

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
