package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/digitalocean/godo"
	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var (
	_ datasource.DataSourceWithConfigure        = &partnerAttachmentDataSource{}
	_ datasource.DataSourceWithConfigValidators = &partnerAttachmentDataSource{}
)

var (
	lookupIDPath   = path.Root("id")
	lookupNamePath = path.Root("name")
)

type partnerAttachmentDataSource struct {
	dataSourceBase
}

// NewPartnerAttachmentDataSource is the do_partner_attachment data source.
func NewPartnerAttachmentDataSource() datasource.DataSource {
	return &partnerAttachmentDataSource{dataSourceBase{typeSuffix: "_partner_attachment"}}
}

func (d *partnerAttachmentDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := attachmentViewAttributes(ctx, &resp.Diagnostics)
	if attrs == nil {
		return
	}
	// The two ways to look an attachment up are also what it reports.
	attrs["id"] = schema.StringAttribute{
		Optional:    true,
		Computed:    true,
		Description: "ID of the attachment to read. Set exactly one of id and name.",
		Validators:  []validator.String{stringvalidator.LengthAtLeast(1)},
	}
	attrs["name"] = schema.StringAttribute{
		Optional:    true,
		Computed:    true,
		Description: "Exact name of the attachment to read. Set exactly one of id and name.",
		Validators:  []validator.String{stringvalidator.LengthAtLeast(1)},
	}
	resp.Schema = schema.Schema{
		Description: "Reads one Partner Network Connect attachment, by id or by name. It has every attribute of the do_partner_attachment resource " +
			"except the BGP auth key, which the do_partner_attachment_bgp_auth_key data source reads.",
		Attributes: attrs,
	}
}

func (d *partnerAttachmentDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("name")),
	}
}

func (d *partnerAttachmentDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	ctx = d.data.withSecrets(ctx)
	var id, name types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, lookupIDPath, &id)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, lookupNamePath, &name)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var a *godo.PartnerAttachment
	if !id.IsNull() {
		got, err := d.data.api.Get(ctx, id.ValueString())
		if err != nil {
			addReadError(ctx, &resp.Diagnostics, opReading, lookupIDPath, id.ValueString(), err)
			return
		}
		a = got
	} else {
		a = d.findByName(ctx, name.ValueString(), &resp.Diagnostics)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	// The view has this data source's type: id and name are inputs here too, of the same types.
	view, diags := newAttachmentViewer(ctx, &resp.Diagnostics).view(ctx, a)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, view)...)
}

// findByName pages through all attachments for the one named name. The API
// keeps names unique, but should two ever match, guessing would be worse
// than failing: the error lists them so the user can pick one by id.
func (d *partnerAttachmentDataSource) findByName(ctx context.Context, name string, diags *diag.Diagnostics) *godo.PartnerAttachment {
	all, err := d.data.api.ListAll(ctx)
	if err != nil {
		report(ctx, diags, apiFailure(ctx, opListing, subjectAttachments, err))
		return nil
	}
	var found []*godo.PartnerAttachment
	for _, a := range all {
		if a.Name == name {
			found = append(found, a)
		}
	}
	switch len(found) {
	case 1:
		return found[0]
	case 0:
		report(ctx, diags, diagnostic{Op: opReading, Subject: attachmentRef("", name), Problem: problemNoSuchName, At: lookupNamePath,
			Detail: fmt.Sprintf("name: none of the %d partner attachments is named %q. Names must match exactly, letter case included.", len(all), name)})
	default:
		ids := make([]string, len(found))
		for i, a := range found {
			ids[i] = a.ID
		}
		report(ctx, diags, diagnostic{Op: opReading, Subject: attachmentRef("", name), Problem: problemSeveralNamed, At: lookupNamePath,
			Detail: fmt.Sprintf("name: %d partner attachments are named %q: %s. Look the one you mean up by id instead.",
				len(found), name, strings.Join(ids, ", "))})
	}
	return nil
}
