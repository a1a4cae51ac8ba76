// Package provider implements the `do` Terraform provider for DigitalOcean
// Partner Network Connect.
package provider

import (
	"context"
	"time"

	"github.com/digitalocean/godo"
	"github.com/hashicorp/terraform-plugin-framework-validators/float64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/pnc-tf/terraform-provider-do/internal/apiclient"
)

var _ provider.Provider = &doProvider{}

var _ provider.ProviderWithActions = &doProvider{}

var _ provider.ProviderWithEphemeralResources = &doProvider{}

var _ provider.ProviderWithListResources = &doProvider{}

// Options tune the provider for tests; the zero value is production behaviour.
type Options struct {
	// Wait overrides how attachments are polled while they settle.
	Wait WaitTiming
	// BurstWindow overrides the window in which the API client learns a
	// burst limit the rate-limit headers do not describe (default: the
	// minute DigitalOcean documents); tests set their emulator's.
	BurstWindow time.Duration
	// OnRetry, when set, is told about every API request retry (the soak
	// test counts them).
	OnRetry func(method, path string, attempt int)
	// PlanCheckTimeout overrides how long the plan-time name and parent
	// checks wait for the list of attachments before they are skipped
	// with a warning (default defaultPlanCheckTimeout).
	PlanCheckTimeout time.Duration
}

type doProvider struct {
	version string
	opts    Options
}

// New returns a constructor for the provider, as providerserver.Serve wants.
func New(version string) func() provider.Provider {
	return NewWithOptions(version, Options{})
}

// NewWithOptions is New with test overrides.
func NewWithOptions(version string, opts Options) func() provider.Provider {
	return func() provider.Provider { return &doProvider{version: version, opts: opts} }
}

func (p *doProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "do"
	resp.Version = p.version
}

func (p *doProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Manages DigitalOcean Partner Network Connect attachments: private links between DigitalOcean VPCs and other networks through a NaaS partner such as Megaport.",
		Attributes: map[string]schema.Attribute{
			"token": schema.StringAttribute{
				Optional:    true,
				Sensitive:   true,
				Description: "DigitalOcean API token. Falls back to the DIGITALOCEAN_TOKEN, then DIGITALOCEAN_ACCESS_TOKEN environment variables. Required.",
			},
			"api_endpoint": schema.StringAttribute{
				Optional: true,
				Description: "Base URL of the DigitalOcean API. Falls back to DIGITALOCEAN_API_URL, then " + defaultAPIEndpoint + ". " +
					"Used exactly: a path (an API gateway such as https://gw.example.com/do) is kept before every request's path. " +
					"Must use https://; plain http:// is accepted only for a loopback host (localhost, 127.0.0.0/8, ::1), since the API token would otherwise travel in clear text. " +
					"User info, a query string or a fragment is refused.",
				MarkdownDescription: "Base URL of the DigitalOcean API. Falls back to `DIGITALOCEAN_API_URL`, then `" + defaultAPIEndpoint + "`. " +
					"Used exactly: a path (an API gateway such as `https://gw.example.com/do`) is kept before every request's path. " +
					"Must use `https://`; plain `http://` is accepted only for a loopback host (`localhost`, `127.0.0.0/8`, `::1`), since the API token would otherwise travel in clear text. " +
					"User info, a query string or a fragment is refused.",
			},
			"http_retry_max": schema.Int64Attribute{
				Optional:   true,
				Validators: []validator.Int64{int64validator.AtLeast(0)},
				Description: "How many times a request that failed with a 5xx status, or a create or update refused with 429, is retried. " +
					"Reads and deletes the rate limit refused are sent again after the pause it asks for without counting here (for up to two minutes). " +
					"0 turns all retries off. Default 4.",
			},
			"http_retry_wait_min": schema.Float64Attribute{
				Optional:    true,
				Validators:  []validator.Float64{float64validator.AtLeast(0)},
				Description: "Shortest wait between retries, in seconds. Default 1.",
			},
			"http_retry_wait_max": schema.Float64Attribute{
				Optional:    true,
				Validators:  []validator.Float64{float64validator.AtLeast(0)},
				Description: "Longest wait between retries, in seconds. Default 30.",
			},
			"requests_per_second": schema.Float64Attribute{
				Optional:   true,
				Validators: []validator.Float64{float64validator.AtLeast(0)},
				Description: "The most API requests per second this provider sends. 0 (the default) sets no fixed rate; " +
					"the provider still slows down by itself when the API's rate-limit headers say the account's quota is running out.",
			},
		},
	}
}

func (p *doProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var m providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	cfg, diags := resolveConfig(m, lookupEnv)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	cfg.UserAgent = apiclient.UserAgent(p.version, req.TerraformVersion)
	cfg.OnRetry = p.opts.OnRetry
	cfg.BurstWindow = p.opts.BurstWindow
	client := newAPIClient(ctx, cfg, &resp.Diagnostics)
	if client == nil {
		return
	}
	data := newProviderData(client, p.opts.Wait)
	data.token = cfg.Token
	if p.opts.PlanCheckTimeout > 0 {
		data.checks.timeout = p.opts.PlanCheckTimeout
	}
	resp.ResourceData = data
	resp.DataSourceData = data
	resp.ActionData = data
	resp.EphemeralResourceData = data
	resp.ListResourceData = data
}

func (p *doProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		NewPartnerAttachmentResource,
	}
}

func (p *doProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewPartnerAttachmentDataSource,
		NewPartnerAttachmentsDataSource,
		NewPartnerAttachmentRemoteRoutesDataSource,
		NewPartnerAttachmentBGPAuthKeyDataSource,
		NewPartnerAttachmentServiceKeyDataSource,
	}
}

// Actions are one-off operations (Terraform 1.14+), invoked with
// `terraform apply -invoke` or from a resource's action_trigger.
func (p *doProvider) Actions(context.Context) []func() action.Action {
	return []func() action.Action{
		NewRegenerateServiceKeyAction,
	}
}

// EphemeralResources read secrets without storing them (Terraform 1.10+).
func (p *doProvider) EphemeralResources(context.Context) []func() ephemeral.EphemeralResource {
	return []func() ephemeral.EphemeralResource{
		NewBGPAuthKeyEphemeralResource,
		NewServiceKeyEphemeralResource,
	}
}

// ListResources find existing objects for `terraform query` (Terraform 1.14+).
func (p *doProvider) ListResources(context.Context) []func() list.ListResource {
	return []func() list.ListResource{
		NewPartnerAttachmentListResource,
	}
}

// newAPIClient builds the API client for cfg; nil, with the error, when
// apiclient.New refuses cfg (resolveConfig checks every setting first, so
// that takes a setting it does not know to check).
func newAPIClient(ctx context.Context, cfg apiclient.Config, diags *diag.Diagnostics) *godo.Client {
	client, err := apiclient.New(cfg)
	if err != nil {
		report(ctx, diags, diagnostic{Op: opConfiguring, Subject: subjectProvider, Problem: problemNoClient,
			Detail: "The API client cannot be built from the provider settings: " + err.Error() + ". Check token, api_endpoint and the retry settings."})
		return nil
	}
	return client
}
