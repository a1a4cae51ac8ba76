package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ datasource.DataSourceWithConfigure = &partnerAttachmentsDataSource{}

// attachmentsDataModel is the do_partner_attachments data source.
type attachmentsDataModel struct {
	attachmentFilterModel
	Attachments types.List `tfsdk:"attachments"` //< attachment objects (attachmentViewAttributes)
}

type partnerAttachmentsDataSource struct {
	dataSourceBase
}

// NewPartnerAttachmentsDataSource is the do_partner_attachments data source.
func NewPartnerAttachmentsDataSource() datasource.DataSource {
	return &partnerAttachmentsDataSource{dataSourceBase{typeSuffix: "_partner_attachments"}}
}

func (d *partnerAttachmentsDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := attachmentViewAttributes(ctx, &resp.Diagnostics)
	if attrs == nil {
		return
	}
	attributes := map[string]schema.Attribute{
		"attachments": schema.ListNestedAttribute{
			Computed:     true,
			Description:  "The matching attachments, sorted by name and then id.",
			NestedObject: schema.NestedAttributeObject{Attributes: attrs},
		},
	}
	for name, f := range attachmentFilterAttributes {
		attributes[name] = schema.StringAttribute{Optional: true, Description: f.description, Validators: f.validators}
	}
	resp.Schema = schema.Schema{
		Description: "Lists Partner Network Connect attachments, optionally filtered, sorted by name and then id. " +
			"Each has the attributes of the do_partner_attachment data source. Filters combine: an attachment must match all that are set.",
		Attributes: attributes,
	}
}
func (d *partnerAttachmentsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	ctx = d.data.withSecrets(ctx)
	var m attachmentsDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	f, diags := m.filter()
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}

	all, err := d.data.api.ListAll(ctx)
	if err != nil {
		report(ctx, &resp.Diagnostics, apiFailure(ctx, opListing, subjectAttachments, err))
		return
	}
	viewer := newAttachmentViewer(ctx, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	selected := f.filterAndSort(all)
	elems := make([]attr.Value, 0, len(selected))
	for _, a := range selected {
		view, diags := viewer.view(ctx, a)
		resp.Diagnostics.Append(diags...)
		elems = append(elems, view)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	list, diags := types.ListValue(viewer.want, elems)
	m.Attachments = list
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
