package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestCIDRValidator(t *testing.T) {
	cases := []struct {
		in    types.String
		valid bool
	}{
		{types.StringValue("169.254.0.1/29"), true},
		{types.StringValue("169.254.0.0/29"), true},
		{types.StringValue("fd00::1/126"), true},
		{types.StringNull(), true},
		{types.StringUnknown(), true},
		{types.StringValue("169.254.0.1"), false},
		{types.StringValue("169.254.0.1/33"), false},
		{types.StringValue("300.1.1.1/29"), false},
		{types.StringValue(""), false},
		{types.StringValue("not-an-ip/29"), false},
	}
	for _, tc := range cases {
		t.Run(tc.in.String(), func(t *testing.T) {
			req := validator.StringRequest{Path: path.Root("bgp").AtName("local_router_ip"), ConfigValue: tc.in}
			var resp validator.StringResponse
			cidrValidator{}.ValidateString(context.Background(), req, &resp)
			if got := !resp.Diagnostics.HasError(); got != tc.valid {
				t.Fatalf("valid = %v, want %v (%v)", got, tc.valid, resp.Diagnostics)
			}
		})
	}
}
