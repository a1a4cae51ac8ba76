package provider

import (
	"context"

	"github.com/digitalocean/godo"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/pnc-tf/terraform-provider-do/internal/apiclient"
)

var _ datasource.DataSourceWithConfigure = &remoteRoutesDataSource{}

type remoteRoutesDataModel struct {
	AttachmentID types.String `tfsdk:"attachment_id"`
	CIDRs        types.List   `tfsdk:"cidrs"` //< string
}

type remoteRoutesDataSource struct {
	dataSourceBase
}

// NewPartnerAttachmentRemoteRoutesDataSource is the
// do_partner_attachment_remote_routes data source.
func NewPartnerAttachmentRemoteRoutesDataSource() datasource.DataSource {
	return &remoteRoutesDataSource{dataSourceBase{typeSuffix: "_partner_attachment_remote_routes"}}
}

func (d *remoteRoutesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Lists the remote routes DigitalOcean learned over an attachment's BGP session: the networks reachable through the partner.",
		Attributes: map[string]schema.Attribute{
			"attachment_id": attachmentIDAttribute(),
			"cidrs": schema.ListAttribute{
				Computed:    true,
				ElementType: types.StringType,
				Description: "The routes' CIDRs, such as 10.10.0.0/16, in the order the API lists them (all pages).",
			},
		},
	}
}

func (d *remoteRoutesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	ctx = d.data.withSecrets(ctx)
	var m remoteRoutesDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := m.AttachmentID.ValueString()
	routes, err := apiclient.ListAll(ctx, func(ctx context.Context, opt *godo.ListOptions) ([]*godo.RemoteRoute, *godo.Response, error) {
		return d.data.api.RemoteRoutesPage(ctx, id, opt)
	})
	if err != nil {
		addReadError(ctx, &resp.Diagnostics, opReadingRoutes, pathAttachmentID, id, err)
		return
	}
	cidrs := make([]string, len(routes))
	for i, r := range routes {
		cidrs[i] = r.Cidr
	}
	list, diags := types.ListValueFrom(ctx, types.StringType, cidrs)
	resp.Diagnostics.Append(diags...)
	m.CIDRs = list
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
