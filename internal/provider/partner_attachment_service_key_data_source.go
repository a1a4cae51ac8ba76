package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
)

var _ datasource.DataSourceWithConfigure = &serviceKeyDataSource{}

type serviceKeyDataModel struct {
	serviceKeyModel
	Timeouts timeouts.Value `tfsdk:"timeouts"`
}

type serviceKeyDataSource struct {
	dataSourceBase
}

// NewPartnerAttachmentServiceKeyDataSource is the
// do_partner_attachment_service_key data source.
func NewPartnerAttachmentServiceKeyDataSource() datasource.DataSource {
	return &serviceKeyDataSource{dataSourceBase{typeSuffix: "_partner_attachment_service_key"}}
}

func (d *serviceKeyDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Reads the service key of an attachment, which the partner side (such as a Megaport VXC) needs to connect. " +
			"The key is issued asynchronously, once the attachment is ready or after a regeneration, so reading waits until it exists and is ready " +
			"(default 10 minutes, set with timeouts.read). The value is stored in the Terraform state (marked sensitive).",
		Attributes: map[string]schema.Attribute{
			"attachment_id": attachmentIDAttribute(),
			"value": schema.StringAttribute{
				Computed:    true,
				Sensitive:   true,
				Description: "The service key.",
			},
			"state": schema.StringAttribute{
				Computed:    true,
				Description: "The key's state as the API reports it, such as CREATED.",
			},
			"created_at": schema.StringAttribute{
				Computed:    true,
				CustomType:  timetypes.RFC3339Type{},
				Description: "When the key was created (RFC 3339).",
			},
			"timeouts": timeouts.Attributes(ctx),
		},
	}
}

func (d *serviceKeyDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	ctx = d.data.withSecrets(ctx)
	var m serviceKeyDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := m.Timeouts.Read(ctx, defaultServiceKeyTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(m.readReady(ctx, d.data, timeout, "timeouts.read")...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
