package provider

import (
	"cmp"
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/digitalocean/godo"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// attachmentFilter selects attachments for do_partner_attachments. Empty
// fields match everything.
type attachmentFilter struct {
	region, naasProvider, state, vpcID string
	nameRegex                          *regexp.Regexp
}

// matches compares region, provider and state regardless of letter case:
// the API answers NYC for nyc, and its examples spell states both ways.
func (f attachmentFilter) matches(a *godo.PartnerAttachment) bool {
	return foldMatch(f.region, a.Region) &&
		foldMatch(f.naasProvider, a.NaaSProvider) &&
		foldMatch(f.state, a.State) &&
		(f.vpcID == "" || slices.Contains(a.VPCIDs, f.vpcID)) &&
		(f.nameRegex == nil || f.nameRegex.MatchString(a.Name))
}

func foldMatch(want, got string) bool { return want == "" || strings.EqualFold(want, got) }

// filterAndSort returns the attachments f selects, by name and then id, so
// that the result does not depend on the order the API lists them in.
func (f attachmentFilter) filterAndSort(all []*godo.PartnerAttachment) []*godo.PartnerAttachment {
	out := make([]*godo.PartnerAttachment, 0, len(all))
	for _, a := range all {
		if f.matches(a) {
			out = append(out, a)
		}
	}
	slices.SortFunc(out, func(a, b *godo.PartnerAttachment) int {
		return cmp.Or(strings.Compare(a.Name, b.Name), strings.Compare(a.ID, b.ID))
	})
	return out
}

// regexValidator accepts a Go (RE2) regular expression, so that a bad
// name_regex fails at plan time rather than when the data source is read.
type regexValidator struct{}

func (regexValidator) Description(context.Context) string {
	return "must be a valid regular expression (Go RE2 syntax)"
}

func (v regexValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v regexValidator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := regexp.Compile(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid regular expression",
			fmt.Sprintf("%s %s; %q is not: %s.", req.Path, v.Description(ctx), req.ConfigValue.ValueString(), err))
	}
}
