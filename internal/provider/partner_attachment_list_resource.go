package provider

import (
	"context"

	"github.com/digitalocean/godo"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

var _ list.ListResourceWithConfigure = &partnerAttachmentListResource{}

// partnerAttachmentListResource finds existing attachments for `terraform
// query` (Terraform 1.14+), so they can be imported and have configuration
// generated. It takes the same filters as the do_partner_attachments data
// source.
type partnerAttachmentListResource struct {
	data *providerData
}

// NewPartnerAttachmentListResource is the do_partner_attachment list resource.
func NewPartnerAttachmentListResource() list.ListResource { return &partnerAttachmentListResource{} }

func (l *partnerAttachmentListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_partner_attachment"
}

func (l *partnerAttachmentListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	attrs := make(map[string]listschema.Attribute, len(attachmentFilterAttributes))
	for name, f := range attachmentFilterAttributes {
		attrs[name] = listschema.StringAttribute{Optional: true, Description: f.description, Validators: f.validators}
	}
	resp.Schema = listschema.Schema{
		Description: "Finds partner attachments, sorted by name and then id. Filters combine: an attachment must match all that are set.",
		Attributes:  attrs,
	}
}

func (l *partnerAttachmentListResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	l.data = configuredData(req.ProviderData, &resp.Diagnostics)
}

func (l *partnerAttachmentListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	ctx = l.data.withSecrets(ctx)
	var m attachmentFilterModel
	diags := req.Config.Get(ctx, &m)
	f, d := m.filter()
	diags.Append(d...)
	if diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	all, err := l.data.api.ListAll(ctx)
	if err != nil {
		report(ctx, &diags, apiFailure(ctx, opListing, subjectAttachments, err))
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	found := f.filterAndSort(all)
	if req.Limit > 0 && int64(len(found)) > req.Limit {
		found = found[:req.Limit]
	}
	stream.Results = func(push func(list.ListResult) bool) {
		for _, a := range found {
			result := req.NewListResult(ctx)
			result.DisplayName = a.Name
			result.Diagnostics.Append(result.Identity.SetAttribute(ctx, path.Root("id"), a.ID)...)
			if req.IncludeResource {
				l.fillResource(ctx, &result, a)
			}
			if !push(result) {
				return
			}
		}
	}
}

// fillResource shows the listed attachment as the resource would right
// after an import, from the list's own answer (no extra requests). The BGP
// auth key is not fetched: it would land in query output and generated
// configuration; an import of the result fetches it into state.
func (l *partnerAttachmentListResource) fillResource(ctx context.Context, result *list.ListResult, a *godo.PartnerAttachment) {
	m, diags := flattenAttachment(ctx, a, newImportPrior(ctx))
	result.Diagnostics.Append(diags...)
	if !diags.HasError() {
		result.Diagnostics.Append(result.Resource.Set(ctx, &m)...)
	}
}
