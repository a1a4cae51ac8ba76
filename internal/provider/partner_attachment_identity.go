package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
)

var _ resource.ResourceWithIdentity = &partnerAttachmentResource{}

// IdentitySchema lets Terraform 1.12+ address an attachment by identity:
// `import { to = ..., identity = { id = "..." } }` and `terraform query`.
func (r *partnerAttachmentResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{
		Attributes: map[string]identityschema.Attribute{
			"id": identityschema.StringAttribute{
				RequiredForImport: true,
				Description:       "The attachment's ID.",
			},
		},
	}
}

// setIdentity records the attachment's identity. Terraform before 1.12
// neither sends nor stores one, but the framework still expects one in every
// response (identity is nil only when the resource has no identity schema).
func setIdentity(ctx context.Context, identity *tfsdk.ResourceIdentity, id string, diags *diag.Diagnostics) {
	if identity == nil || id == "" {
		return
	}
	diags.Append(identity.SetAttribute(ctx, path.Root("id"), id)...)
}
