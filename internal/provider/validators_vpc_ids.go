package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// vpcIDsValidator rejects vpc_ids elements that name no VPC (null) or a VPC
// already listed. Terraform merges exact repeats before the provider sees
// the set, but not the same ID in another letter case, and VPC IDs are
// UUIDs, in which case carries no meaning: the API would attach the VPC once
// and every later plan would show a difference.
type vpcIDsValidator struct{}

func (vpcIDsValidator) Description(context.Context) string {
	return "must name each VPC once (VPC IDs ignore letter case), and no element may be null"
}

func (v vpcIDsValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v vpcIDsValidator) ValidateSet(ctx context.Context, req validator.SetRequest, resp *validator.SetResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	seen := map[string]string{}
	for _, elem := range req.ConfigValue.Elements() {
		if elem.IsUnknown() {
			continue
		}
		if elem.IsNull() {
			resp.Diagnostics.AddAttributeError(req.Path, "Invalid VPC ID", fmt.Sprintf("%s lists no VPC ID (null); every element must be a VPC ID.", req.Path))
			return
		}
		str, ok := elem.(types.String)
		if !ok {
			continue // the schema makes every element a string
		}
		id := str.ValueString()
		key := strings.ToLower(strings.TrimSpace(id))
		if first, dup := seen[key]; dup {
			resp.Diagnostics.AddAttributeError(req.Path, "Duplicate VPC ID",
				fmt.Sprintf("%s lists VPC %s twice (as %q and %q); each VPC may appear once. VPC IDs are UUIDs, in which letter case carries no meaning.",
					req.Path, key, first, id))
			return
		}
		seen[key] = id
	}
}
