package provider

import (
	"cmp"
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/digitalocean/godo"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/pnc-tf/terraform-provider-do/internal/apiclient"
)

// attachmentFilterModel is the filter configuration shared by the
// do_partner_attachments data source and the do_partner_attachment list
// resource (terraform query).
type attachmentFilterModel struct {
	Region       types.String `tfsdk:"region"`
	NaaSProvider types.String `tfsdk:"naas_provider"`
	State        types.String `tfsdk:"state"`
	VPCID        types.String `tfsdk:"vpc_id"`
	NameRegex    types.String `tfsdk:"name_regex"`
}

// filterAttribute describes one filter setting; each schema package builds
// its own attribute type from it.
type filterAttribute struct {
	description string
	validators  []validator.String
}

var nonEmptyString = []validator.String{stringvalidator.LengthAtLeast(1)}

// attachmentFilterAttributes are the filter settings, all optional strings.
var attachmentFilterAttributes = map[string]filterAttribute{
	"region": {"Only attachments in this region (any letter case): the API reference lists nyc, sfo, fra, ams and sgp; another well-formed slug gets a warning and is matched as given.",
		[]validator.String{regionFilterValidator()}},
	"naas_provider": {"Only attachments through this NaaS provider, such as MEGAPORT (any letter case).", nonEmptyString},
	"state":         {"Only attachments in this state, such as ACTIVE (any letter case; CREATED, ACTIVE, AVAILABLE and READY all mean ready and match one another).", nonEmptyString},
	"vpc_id":        {"Only attachments whose vpc_ids contain this VPC ID.", nonEmptyString},
	"name_regex": {"Only attachments whose name matches this regular expression (Go RE2 syntax; unanchored, so use ^ and $ to match whole names).",
		[]validator.String{regexValidator{}}},
}

// filter turns the configuration into an attachmentFilter. The regex was
// validated at plan time unless it was unknown then.
func (m attachmentFilterModel) filter() (attachmentFilter, diag.Diagnostics) {
	var diags diag.Diagnostics
	f := attachmentFilter{
		region:       m.Region.ValueString(),
		naasProvider: m.NaaSProvider.ValueString(),
		state:        m.State.ValueString(),
		vpcID:        m.VPCID.ValueString(),
	}
	if re := m.NameRegex.ValueString(); re != "" {
		compiled, err := regexp.Compile(re)
		if err != nil {
			report(context.Background(), &diags, diagnostic{Op: opValidating, Subject: "name_regex", Problem: problemInvalidRegex, At: path.Root("name_regex"),
				Detail: "name_regex: " + err.Error() + ". Correct the expression (Go RE2 syntax)."})
			return f, diags
		}
		f.nameRegex = compiled
	}
	return f, diags
}

// attachmentFilter selects attachments. Empty fields match everything.
type attachmentFilter struct {
	region, naasProvider, state, vpcID string
	nameRegex                          *regexp.Regexp
}

// matches compares region and provider regardless of letter case (the API
// answers NYC for nyc), and states in their normalised spelling (its
// examples spell a ready attachment CREATED and active; both match ACTIVE).
func (f attachmentFilter) matches(a *godo.PartnerAttachment) bool {
	return foldMatch(f.region, a.Region) &&
		foldMatch(f.naasProvider, a.NaaSProvider) &&
		(f.state == "" || apiclient.NormalizeState(f.state) == a.State) &&
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
		report(ctx, &resp.Diagnostics, diagnostic{Op: opValidating, Subject: attributeSubject(req.Path), Problem: problemInvalidRegex, At: req.Path,
			Detail: fmt.Sprintf("%s %s; %q is not: %s.", req.Path, v.Description(ctx), req.ConfigValue.ValueString(), err)})
	}
}
