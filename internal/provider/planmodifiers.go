package provider

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/resource/schema/objectplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
)

// requiresReplaceUnlessCaseChange forces replacement when a value really
// changes, but not when only its letter case does: the API answers "NYC" and
// "MEGAPORT" to requests for "nyc" and "megaport", so case carries no meaning.
func requiresReplaceUnlessCaseChange() planmodifier.String {
	return stringplanmodifier.RequiresReplaceIf(
		func(_ context.Context, req planmodifier.StringRequest, resp *stringplanmodifier.RequiresReplaceIfFuncResponse) {
			resp.RequiresReplace = !strings.EqualFold(req.StateValue.ValueString(), req.PlanValue.ValueString())
		},
		"Changing this value (other than its letter case) replaces the attachment.",
		"Changing this value (other than its letter case) replaces the attachment.",
	)
}

// requiresReplaceWhenRemoved forces replacement when the bgp block is removed:
// the API can change BGP settings in place but cannot take them away.
func requiresReplaceWhenRemoved() planmodifier.Object {
	return objectplanmodifier.RequiresReplaceIf(
		func(_ context.Context, req planmodifier.ObjectRequest, resp *objectplanmodifier.RequiresReplaceIfFuncResponse) {
			resp.RequiresReplace = !req.StateValue.IsNull() && req.PlanValue.IsNull()
		},
		"Removing BGP settings replaces the attachment; changing them is done in place.",
		"Removing BGP settings replaces the attachment; changing them is done in place.",
	)
}
