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
