package provider

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/digitalocean/godo"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestAttachmentFilter(t *testing.T) {
	// States as the API client hands them on: normalised.
	all := []*godo.PartnerAttachment{
		{ID: "3", Name: "b-link", Region: "NYC", NaaSProvider: "MEGAPORT", State: "ACTIVE", VPCIDs: []string{vpcA}},
		{ID: "2", Name: "a-link", Region: "AMS", NaaSProvider: "MEGAPORT", State: "ACTIVE", VPCIDs: []string{vpcA, vpcB}},
		{ID: "1", Name: "b-link", Region: "NYC", NaaSProvider: "OTHER", State: "CREATING", VPCIDs: []string{vpcB}},
	}
	cases := []struct {
		name string
		f    attachmentFilter
		want []string // ids, in result order
	}{
		{"none: all, by name then id", attachmentFilter{}, []string{"2", "1", "3"}},
		{"region, any case", attachmentFilter{region: "nyc"}, []string{"1", "3"}},
		{"provider, any case", attachmentFilter{naasProvider: "megaport"}, []string{"2", "3"}},
		{"state, any case", attachmentFilter{state: "active"}, []string{"2", "3"}},
		{"state, any spelling of ready", attachmentFilter{state: "Created"}, []string{"2", "3"}},
		{"state, pending", attachmentFilter{state: "creating"}, []string{"1"}},
		{"vpc membership", attachmentFilter{vpcID: vpcB}, []string{"2", "1"}},
		{"name regex", attachmentFilter{nameRegex: regexp.MustCompile(`^a-`)}, []string{"2"}},
		{"filters combine", attachmentFilter{region: "NYC", vpcID: vpcA}, []string{"3"}},
		{"nothing matches", attachmentFilter{region: "sfo"}, []string{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := []string{}
			for _, a := range tc.f.filterAndSort(all) {
				got = append(got, a.ID)
			}
			if !slices.Equal(got, tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestRegexValidator(t *testing.T) {
	for value, wantErr := range map[string]bool{`^tf-.*$`: false, `[a-`: true, `(?i)LINK`: false, `a**`: true} {
		req := validator.StringRequest{Path: path.Root("name_regex"), ConfigValue: types.StringValue(value)}
		var resp validator.StringResponse
		regexValidator{}.ValidateString(context.Background(), req, &resp)
		if resp.Diagnostics.HasError() != wantErr {
			t.Errorf("%q: error = %v, want %v", value, resp.Diagnostics, wantErr)
		}
		if wantErr && !strings.Contains(resp.Diagnostics.Errors()[0].Detail(), "name_regex must be a valid regular expression") {
			t.Errorf("%q: the error must name the attribute and what is allowed: %s", value, resp.Diagnostics.Errors()[0].Detail())
		}
	}
	var resp validator.StringResponse
	regexValidator{}.ValidateString(context.Background(), validator.StringRequest{ConfigValue: types.StringUnknown()}, &resp)
	if resp.Diagnostics.HasError() {
		t.Error("an unknown value is checked later, when it is known")
	}
}
