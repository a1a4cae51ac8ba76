package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ datasource.DataSourceWithConfigure = &bgpAuthKeyDataSource{}

type bgpAuthKeyDataModel struct {
	AttachmentID types.String `tfsdk:"attachment_id"`
	Value        types.String `tfsdk:"value"`
}

type bgpAuthKeyDataSource struct {
	dataSourceBase
}

// NewPartnerAttachmentBGPAuthKeyDataSource is the
// do_partner_attachment_bgp_auth_key data source.
func NewPartnerAttachmentBGPAuthKeyDataSource() datasource.DataSource {
	return &bgpAuthKeyDataSource{dataSourceBase{typeSuffix: "_partner_attachment_bgp_auth_key"}}
}

func (d *bgpAuthKeyDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Reads the BGP MD5 authentication key of an attachment, for configuring the partner's router. " +
			"The value is stored in the Terraform state (marked sensitive): protect the state accordingly.",
		Attributes: map[string]schema.Attribute{
			"attachment_id": attachmentIDAttribute(),
			"value": schema.StringAttribute{
				Computed:    true,
				Sensitive:   true,
				Description: "The BGP auth key; null when the attachment has no BGP session configured.",
			},
		},
	}
}

func (d *bgpAuthKeyDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	ctx = d.data.withSecrets(ctx)
	var m bgpAuthKeyDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	key, err := d.data.api.BGPAuthKey(ctx, m.AttachmentID.ValueString())
	if err != nil {
		addReadError(ctx, &resp.Diagnostics, opReadingBGPKey, pathAttachmentID, m.AttachmentID.ValueString(), err)
		return
	}
	// An empty value means the attachment has no BGP session.
	m.Value = stringOrNull(key)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
