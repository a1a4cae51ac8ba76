package provider

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/pnc-tf/terraform-provider-do/internal/apiclient"
)

// Defaults match the official DigitalOcean provider so users can switch.
const (
	defaultAPIEndpoint  = "https://api.digitalocean.com"
	defaultRetryMax     = 4
	defaultRetryWaitMin = 1.0
	defaultRetryWaitMax = 30.0
)

// Environment variables read when the provider block leaves a setting out,
// in order of precedence.
var (
	tokenEnvVars    = []string{"DIGITALOCEAN_TOKEN", "DIGITALOCEAN_ACCESS_TOKEN"}
	endpointEnvVars = []string{"DIGITALOCEAN_API_URL"}
)

type providerModel struct {
	Token            types.String  `tfsdk:"token"`
	APIEndpoint      types.String  `tfsdk:"api_endpoint"`
	HTTPRetryMax     types.Int64   `tfsdk:"http_retry_max"`
	HTTPRetryWaitMin types.Float64 `tfsdk:"http_retry_wait_min"`
	HTTPRetryWaitMax types.Float64 `tfsdk:"http_retry_wait_max"`
	RequestsPerSec   types.Float64 `tfsdk:"requests_per_second"`
}

func lookupEnv(name string) string { return os.Getenv(name) }

// resolveConfig merges the provider block with environment fallbacks and
// defaults. It is pure (env is injected) so every rule is table-tested.
func resolveConfig(m providerModel, env func(string) string) (apiclient.Config, diag.Diagnostics) {
	var diags diag.Diagnostics
	for name, unknown := range map[string]bool{
		"token": m.Token.IsUnknown(), "api_endpoint": m.APIEndpoint.IsUnknown(),
		"http_retry_max": m.HTTPRetryMax.IsUnknown(), "http_retry_wait_min": m.HTTPRetryWaitMin.IsUnknown(),
		"http_retry_wait_max": m.HTTPRetryWaitMax.IsUnknown(), "requests_per_second": m.RequestsPerSec.IsUnknown(),
	} {
		if unknown {
			report(context.Background(), &diags, diagnostic{Op: opConfiguring, Subject: subjectProvider, Problem: problemUnknownSetting, At: path.Root(name),
				Detail: fmt.Sprintf("The provider cannot be configured because %q is not known until apply. Set it to a value known at plan time, or use the environment variable instead.", name)})
		}
	}
	if diags.HasError() {
		return apiclient.Config{}, diags
	}

	cfg := apiclient.Config{
		Token:        strings.TrimSpace(orEnv(m.Token.ValueString(), env, tokenEnvVars...)),
		APIEndpoint:  orEnv(m.APIEndpoint.ValueString(), env, endpointEnvVars...),
		RetryMax:     defaultRetryMax,
		RetryWaitMin: defaultRetryWaitMin,
		RetryWaitMax: defaultRetryWaitMax,
	}
	if !m.RequestsPerSec.IsNull() {
		cfg.RequestsPerSecond = m.RequestsPerSec.ValueFloat64()
	}
	if cfg.APIEndpoint == "" {
		cfg.APIEndpoint = defaultAPIEndpoint
	}
	if !m.HTTPRetryMax.IsNull() {
		cfg.RetryMax = int(m.HTTPRetryMax.ValueInt64())
	}
	if !m.HTTPRetryWaitMin.IsNull() {
		cfg.RetryWaitMin = m.HTTPRetryWaitMin.ValueFloat64()
	}
	if !m.HTTPRetryWaitMax.IsNull() {
		cfg.RetryWaitMax = m.HTTPRetryWaitMax.ValueFloat64()
	}

	if cfg.Token == "" {
		report(context.Background(), &diags, diagnostic{Op: opConfiguring, Subject: subjectProvider, Problem: problemMissingToken, At: path.Root("token"),
			Detail: "No DigitalOcean API token is set. Set token in the provider block, or the DIGITALOCEAN_TOKEN (or DIGITALOCEAN_ACCESS_TOKEN) environment variable."})
	}
	if _, err := apiclient.ParseEndpoint(cfg.APIEndpoint); err != nil {
		report(context.Background(), &diags, endpointDiagnostic(m.APIEndpoint, env, err))
	}
	if cfg.RetryWaitMin > cfg.RetryWaitMax {
		report(context.Background(), &diags, diagnostic{Op: opConfiguring, Subject: subjectProvider, Problem: problemInvalidRetry, At: path.Root("http_retry_wait_min"),
			Detail: fmt.Sprintf("http_retry_wait_min (%gs) must not exceed http_retry_wait_max (%gs): lower the first or raise the second.", cfg.RetryWaitMin, cfg.RetryWaitMax)})
	}
	return cfg, diags
}

// endpointDiagnostic is the error for an api_endpoint ParseEndpoint
// refused, saying where the value came from: the provider block or
// DIGITALOCEAN_API_URL.
func endpointDiagnostic(configured types.String, env func(string) string, err error) diagnostic {
	p := problemEndpointNotURL
	var e *apiclient.EndpointError
	if errors.As(err, &e) {
		switch e.Flaw {
		case apiclient.EndpointUserInfo:
			p = problemEndpointUserInfo
		case apiclient.EndpointQuery:
			p = problemEndpointQuery
		case apiclient.EndpointFragment:
			p = problemEndpointFragment
		case apiclient.EndpointDotSegments:
			p = problemEndpointDots
		case apiclient.EndpointPlainHTTP:
			p = problemEndpointPlainHTTP
		}
	}
	d := diagnostic{Op: opConfiguring, Subject: subjectProvider, Problem: p, Detail: err.Error(), At: path.Root("api_endpoint")}
	if configured.ValueString() == "" {
		for _, name := range endpointEnvVars {
			if env(name) != "" {
				d.At = path.Empty()
				d.Detail += fmt.Sprintf(" The value comes from the %s environment variable.", name)
				break
			}
		}
	}
	return d
}

// orEnv returns configured when set, else the first non-empty environment
// variable of names.
func orEnv(configured string, env func(string) string, names ...string) string {
	values := []string{configured}
	for _, n := range names {
		values = append(values, env(n))
	}
	return cmp.Or(values...)
}
