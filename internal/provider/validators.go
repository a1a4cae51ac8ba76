package provider

import (
	"context"
	"fmt"
	"net/netip"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// cidrValidator accepts an IPv4 or IPv6 address with a prefix length, as the
// API takes router IPs ("169.254.0.1/29"). Host bits may be set: the value
// names the router's address and its subnet at once.
type cidrValidator struct{}

func (cidrValidator) Description(context.Context) string {
	return "must be an IP address with a prefix length, such as 169.254.0.1/29"
}

func (v cidrValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v cidrValidator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := netip.ParsePrefix(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid router IP",
			fmt.Sprintf("%s %s; got %q.", req.Path, v.Description(ctx), req.ConfigValue.ValueString()))
	}
}
