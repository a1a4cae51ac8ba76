package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// The BGP auth key can be managed three ways: auth_key (kept in state),
// auth_key_wo (write-only, never in plan or state, sent again when
// auth_key_wo_version changes), or not at all (the attachment keeps its
// current key; this is what generated configuration after `terraform query`
// looks like). The API needs a key whenever BGP is first configured.

var _ resource.ResourceWithModifyPlan = &partnerAttachmentResource{}

var (
	pathBGP       = path.Root("bgp")
	pathAuthKey   = pathBGP.AtName("auth_key")
	pathAuthKeyWO = pathBGP.AtName("auth_key_wo")
)

// configWriteOnlyKey returns bgp.auth_key_wo from the configuration, the only
// place a write-only value exists; "" when unset.
func configWriteOnlyKey(ctx context.Context, config tfsdk.Config, diags *diag.Diagnostics) string {
	if config.Raw.IsNull() {
		return ""
	}
	var key types.String
	diags.Append(config.GetAttribute(ctx, pathAuthKeyWO, &key)...)
	return knownString(key)
}

// ModifyPlan runs the plan-time BGP checks (planFindings, in
// partner_attachment_bgp_checks.go), keeps a write-only user's key out of
// state (a key imported into state is dropped at the next apply) and asks
// for a key, at plan time, whenever BGP is about to be configured without
// one.
func (r *partnerAttachmentResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy
	}
	addFindings(&resp.Diagnostics, r.planFindings(ctx, req.Plan, &resp.Diagnostics))
	var bgp types.Object
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, pathBGP, &bgp)...)
	if resp.Diagnostics.HasError() || bgp.IsNull() || bgp.IsUnknown() {
		return
	}
	var key, writeOnly types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, pathAuthKey, &key)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, pathAuthKeyWO, &writeOnly)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !writeOnly.IsNull() {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, pathAuthKey, types.StringNull())...)
		return
	}
	if !key.IsNull() {
		return
	}
	var priorBGP types.Object
	if !req.State.Raw.IsNull() {
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, pathBGP, &priorBGP)...)
	}
	if req.State.Raw.IsNull() || priorBGP.IsNull() {
		resp.Diagnostics.AddAttributeError(pathBGP, "Missing BGP auth key",
			"Configuring BGP on an attachment needs an auth key: set bgp.auth_key, or bgp.auth_key_wo with bgp.auth_key_wo_version.")
	}
}
