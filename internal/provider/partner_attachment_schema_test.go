package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
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

func TestVPCIDsValidator(t *testing.T) {
	str := types.StringValue
	cases := []struct {
		name  string
		elems []attr.Value
		want  string // "" for valid
	}{
		{"distinct", []attr.Value{str(vpcA), str(vpcB)}, ""},
		{"unknown element", []attr.Value{str(vpcA), types.StringUnknown()}, ""},
		{"same VPC in other case", []attr.Value{str(vpcA), str(strings.ToUpper(vpcA))}, "lists VPC " + vpcA + " twice"},
		{"same VPC with spaces", []attr.Value{str(vpcA), str(" " + vpcA)}, "twice"},
		{"null element", []attr.Value{str(vpcA), types.StringNull()}, "lists no VPC ID (null)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			set := types.SetValueMust(types.StringType, tc.elems)
			resp := &validator.SetResponse{}
			vpcIDsValidator{}.ValidateSet(context.Background(), validator.SetRequest{Path: path.Root("vpc_ids"), ConfigValue: set}, resp)
			got := ""
			for _, d := range resp.Diagnostics.Errors() {
				got += d.Detail()
			}
			if (tc.want == "") != (got == "") || !strings.Contains(got, tc.want) {
				t.Fatalf("errors %q, want %q", got, tc.want)
			}
		})
	}
}
