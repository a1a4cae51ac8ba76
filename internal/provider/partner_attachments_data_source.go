package provider

import (
	"context"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/pnc-tf/terraform-provider-do/internal/apiclient"
)

var _ datasource.DataSourceWithConfigure = &partnerAttachmentsDataSource{}

// attachmentsDataModel is the do_partner_attachments data source.
type attachmentsDataModel struct {
	Region       types.String `tfsdk:"region"`
	NaaSProvider types.String `tfsdk:"naas_provider"`
	State        types.String `tfsdk:"state"`
	VPCID        types.String `tfsdk:"vpc_id"`
	NameRegex    types.String `tfsdk:"name_regex"`
	Attachments  types.List   `tfsdk:"attachments"` //< attachment objects (attachmentViewAttributes)
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
	nonEmpty := []validator.String{stringvalidator.LengthAtLeast(1)}
	resp.Schema = schema.Schema{
		Description: "Lists Partner Network Connect attachments, optionally filtered, sorted by name and then id. " +
			"Each has the attributes of the do_partner_attachment data source. Filters combine: an attachment must match all that are set.",
		Attributes: map[string]schema.Attribute{
			"region": schema.StringAttribute{
				Optional:    true,
				Description: "Only attachments in this region: nyc, sfo, fra, ams or sgp (any letter case).",
				Validators:  []validator.String{stringvalidator.OneOfCaseInsensitive(regions...)},
			},
			"naas_provider": schema.StringAttribute{
				Optional:    true,
				Description: "Only attachments through this NaaS provider, such as MEGAPORT (any letter case).",
				Validators:  nonEmpty,
			},
			"state": schema.StringAttribute{
				Optional:    true,
				Description: "Only attachments in this state, such as CREATED (any letter case).",
				Validators:  nonEmpty,
			},
			"vpc_id": schema.StringAttribute{
				Optional:    true,
				Description: "Only attachments whose vpc_ids contain this VPC ID.",
				Validators:  nonEmpty,
			},
			"name_regex": schema.StringAttribute{
				Optional:    true,
				Description: "Only attachments whose name matches this regular expression (Go RE2 syntax; unanchored, so use ^ and $ to match whole names).",
				Validators:  []validator.String{regexValidator{}},
			},
			"attachments": schema.ListNestedAttribute{
				Computed:     true,
				Description:  "The matching attachments, sorted by name and then id.",
				NestedObject: schema.NestedAttributeObject{Attributes: attrs},
			},
		},
	}
}

func (d *partnerAttachmentsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m attachmentsDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	f := attachmentFilter{
		region:       m.Region.ValueString(),
		naasProvider: m.NaaSProvider.ValueString(),
		state:        m.State.ValueString(),
		vpcID:        m.VPCID.ValueString(),
	}
	if re := m.NameRegex.ValueString(); re != "" {
		// Already validated, unless it was unknown at plan time.
		compiled, err := regexp.Compile(re)
		if err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("name_regex"), "Invalid regular expression", "name_regex: "+err.Error())
			return
		}
		f.nameRegex = compiled
	}

	all, err := listAll(ctx, d.data.client.PartnerAttachment.List)
	if err != nil {
		resp.Diagnostics.AddError("Error listing partner attachments", apiclient.Describe(err))
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
