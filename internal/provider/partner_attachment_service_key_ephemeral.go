package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/ephemeral/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
)

var _ ephemeral.EphemeralResourceWithConfigure = &serviceKeyEphemeral{}

// serviceKeyEphemeral reads the service key the Megaport side needs, without
// ever writing it to plan or state. It waits for the key: a new attachment
// or a regeneration produces it asynchronously.
type serviceKeyEphemeral struct {
	data *providerData
}

type serviceKeyEphemeralModel struct {
	serviceKeyModel
	Timeouts timeouts.Value `tfsdk:"timeouts"`
}

// NewServiceKeyEphemeralResource is the do_partner_attachment_service_key ephemeral resource.
func NewServiceKeyEphemeralResource() ephemeral.EphemeralResource { return &serviceKeyEphemeral{} }

func (e *serviceKeyEphemeral) Metadata(_ context.Context, req ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_partner_attachment_service_key"
}

func (e *serviceKeyEphemeral) Schema(ctx context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "The service key of a partner attachment (for the NaaS partner's side), read at plan/apply time and never stored in plan or state. " +
			"Waits until the key exists and is ready.",
		Attributes: map[string]schema.Attribute{
			"attachment_id": ephemeralAttachmentID(),
			"value":         schema.StringAttribute{Computed: true, Sensitive: true, Description: "The service key."},
			"state":         schema.StringAttribute{Computed: true, Description: "The key's state, such as CREATED."},
			"created_at":    schema.StringAttribute{Computed: true, CustomType: timetypes.RFC3339Type{}, Description: "When the key was created (RFC 3339)."},
			"timeouts":      timeouts.Attributes(ctx),
		},
	}
}

func (e *serviceKeyEphemeral) Configure(_ context.Context, req ephemeral.ConfigureRequest, resp *ephemeral.ConfigureResponse) {
	e.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

func (e *serviceKeyEphemeral) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	ctx = e.data.withSecrets(ctx)
	var m serviceKeyEphemeralModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := m.Timeouts.Open(ctx, defaultServiceKeyTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(m.readReady(ctx, e.data, timeout, "timeouts.open")...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.Result.Set(ctx, &m)...)
}
