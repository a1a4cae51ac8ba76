package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ ephemeral.EphemeralResourceWithConfigure = &bgpAuthKeyEphemeral{}

// bgpAuthKeyEphemeral reads an attachment's BGP auth key without ever
// writing it to plan or state (Terraform 1.10+).
type bgpAuthKeyEphemeral struct {
	data *providerData
}

type bgpAuthKeyEphemeralModel struct {
	AttachmentID types.String `tfsdk:"attachment_id"`
	Value        types.String `tfsdk:"value"`
}

// NewBGPAuthKeyEphemeralResource is the do_partner_attachment_bgp_auth_key ephemeral resource.
func NewBGPAuthKeyEphemeralResource() ephemeral.EphemeralResource { return &bgpAuthKeyEphemeral{} }

func (e *bgpAuthKeyEphemeral) Metadata(_ context.Context, req ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_partner_attachment_bgp_auth_key"
}

func (e *bgpAuthKeyEphemeral) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "The BGP auth key of a partner attachment, read at plan/apply time and never stored in plan or state.",
		Attributes: map[string]schema.Attribute{
			"attachment_id": ephemeralAttachmentID(),
			"value":         schema.StringAttribute{Computed: true, Sensitive: true, Description: "The BGP MD5 authentication key."},
		},
	}
}

func (e *bgpAuthKeyEphemeral) Configure(_ context.Context, req ephemeral.ConfigureRequest, resp *ephemeral.ConfigureResponse) {
	e.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

func (e *bgpAuthKeyEphemeral) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	ctx = e.data.withSecrets(ctx)
	var m bgpAuthKeyEphemeralModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	key, err := e.data.api.BGPAuthKey(ctx, m.AttachmentID.ValueString())
	if err != nil {
		addReadError(ctx, &resp.Diagnostics, opReadingBGPKey, pathAttachmentID, m.AttachmentID.ValueString(), err)
		return
	}
	m.Value = types.StringValue(key)
	resp.Diagnostics.Append(resp.Result.Set(ctx, &m)...)
}
