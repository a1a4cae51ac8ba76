package provider

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// Values the API owns: the regions, bandwidths and redundancy zones it
// offers. The API reference lists today's (regions, bandwidthsMbps and
// redundancyZones in partner_attachment_schema.go), but DigitalOcean may
// offer more at any time, and a plan must never refuse what the API would
// take. So a value of the right form that the list lacks plans with a
// warning naming the known values, and is sent: the API has the last word.
// Only a value that cannot be one at all (malformed) is an error.

// Forms of the values the API owns.
var (
	// regionSlug: DigitalOcean region slugs are letters, then optional
	// digits (nyc, sfo3, syd1), in any letter case here: the API accepts
	// NYC for nyc.
	regionSlug = regexp.MustCompile(`^[a-zA-Z]{2,12}[0-9]{0,3}$`)
	// zoneName: redundancy zones are upper-case names (MEGAPORT_BLUE). The
	// API answers them in upper case, so a zone written otherwise would not
	// match what the API reports back.
	zoneName = regexp.MustCompile(`^[A-Z][A-Z0-9_]*$`)
)

// regionValidator: a region slug; one the reference lacks is a warning.
func regionValidator() validator.String { return regionSlugValidator() }

// regionFilterValidator is regionValidator for a filter, whose value is
// matched rather than sent.
func regionFilterValidator() validator.String {
	v := regionSlugValidator()
	v.filter = true
	return v
}

func regionSlugValidator() knownStringValidator {
	return knownStringValidator{
		what: "regions", known: regions, foldCase: true, form: regionSlug,
		formText: "a region slug: 2 to 12 letters, then up to 3 digits, such as nyc or sfo3 (any letter case)",
	}
}

// redundancyZoneValidator: an upper-case zone name; one the reference
// lacks is a warning.
func redundancyZoneValidator() validator.String {
	return knownStringValidator{
		what: "redundancy zones", known: redundancyZones, form: zoneName,
		zone:     true,
		formText: "a redundancy zone name: upper-case letters, digits and underscores, starting with a letter, such as MEGAPORT_BLUE",
	}
}

// knownStringValidator refuses a value not of form and warns about one of
// form that known lacks.
type knownStringValidator struct {
	what     string // plural, for the messages: "regions"
	known    []string
	foldCase bool
	form     *regexp.Regexp
	zone     bool   // redundancy zones rather than regions, for the error's problem
	formText string // what form accepts, for the error's detail
	filter   bool   // the value filters a list rather than being sent
}

func (v knownStringValidator) Description(context.Context) string {
	return fmt.Sprintf("must be %s; values other than the API reference's %s (%s) plan with a warning and are left to the API",
		v.formText, v.what, strings.Join(v.known, ", "))
}

func (v knownStringValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v knownStringValidator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	value := req.ConfigValue.ValueString()
	if !v.form.MatchString(value) {
		malformed := problemNotRegionSlug
		if v.zone {
			malformed = problemNotZoneName
		}
		report(ctx, &resp.Diagnostics, diagnostic{Op: opValidating, Subject: attributeSubject(req.Path), Problem: malformed, At: req.Path,
			Detail: fmt.Sprintf("%q is not %s. The API reference lists these %s: %s.", value, v.formText, v.what, strings.Join(v.known, ", "))})
		return
	}
	if slices.ContainsFunc(v.known, func(k string) bool { return k == value || (v.foldCase && strings.EqualFold(k, value)) }) {
		return
	}
	detail := knownValuesDetail(strconv.Quote(value), v.what, v.known)
	if v.filter {
		detail = fmt.Sprintf("%q is not one of the %s in the API reference (%s). "+
			"The filter matches it as written: if DigitalOcean offers it, the attachments there are listed; if not, none are. "+
			"If you meant one of the listed values, correct the spelling.", value, v.what, strings.Join(v.known, ", "))
	}
	report(ctx, &resp.Diagnostics, diagnostic{Op: opValidating, Subject: attributeSubject(req.Path), Problem: problemUnlistedValue, At: req.Path,
		Detail: detail, Warning: true})
}

// bandwidthValidator: a positive whole number of Mbps; one the reference
// lacks is a warning.
type bandwidthValidator struct{}

func (bandwidthValidator) Description(context.Context) string {
	return fmt.Sprintf("must be a positive number of Mbps; values other than the API reference's bandwidths (%s) plan with a warning and are left to the API",
		joinInts(bandwidthsMbps))
}

func (v bandwidthValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (bandwidthValidator) ValidateInt64(ctx context.Context, req validator.Int64Request, resp *validator.Int64Response) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	mbps := req.ConfigValue.ValueInt64()
	if mbps < 1 {
		report(ctx, &resp.Diagnostics, diagnostic{Op: opValidating, Subject: attributeSubject(req.Path), Problem: problemNotMbps, At: req.Path,
			Detail: fmt.Sprintf("%d is not a bandwidth: it must be a positive whole number of Mbps. The API reference lists these bandwidths: %s.", mbps, joinInts(bandwidthsMbps))})
		return
	}
	if !slices.Contains(bandwidthsMbps, mbps) {
		report(ctx, &resp.Diagnostics, diagnostic{Op: opValidating, Subject: attributeSubject(req.Path), Problem: problemUnlistedValue, At: req.Path, Warning: true,
			Detail: knownValuesDetail(strconv.FormatInt(mbps, 10), "bandwidths (Mbps)", []string{joinInts(bandwidthsMbps)})})
	}
}

// knownValuesDetail is the warning's detail: what is unknown, the known
// values, and that the API decides.
func knownValuesDetail(value, what string, known []string) string {
	return fmt.Sprintf("%s is not one of the %s in the API reference (%s). "+
		"The provider sends it as written and the API decides: if DigitalOcean offers it, the apply goes ahead; "+
		"if not, the API refuses the create before anything is made. If you meant one of the listed values, correct the spelling.",
		value, what, strings.Join(known, ", "))
}

func joinInts(ns []int64) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = strconv.FormatInt(n, 10)
	}
	return strings.Join(s, ", ")
}
