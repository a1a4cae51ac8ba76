package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// The values the API owns: listed values pass silently, other well-formed
// ones warn (naming the known values), malformed ones are errors.
func TestKnownValueValidators(t *testing.T) {
	const warn, fail, ok = "warning", "error", ""
	str := func(v validator.String, attr string, value types.String) diag.Diagnostics {
		resp := &validator.StringResponse{}
		v.ValidateString(context.Background(), validator.StringRequest{Path: path.Root(attr), ConfigValue: value}, resp)
		return resp.Diagnostics
	}
	i64 := func(value types.Int64) diag.Diagnostics {
		resp := &validator.Int64Response{}
		bandwidthValidator{}.ValidateInt64(context.Background(), validator.Int64Request{Path: path.Root("connection_bandwidth_in_mbps"), ConfigValue: value}, resp)
		return resp.Diagnostics
	}
	region := func(v string) diag.Diagnostics { return str(regionValidator(), "region", types.StringValue(v)) }
	zone := func(v string) diag.Diagnostics {
		return str(redundancyZoneValidator(), "redundancy_zone", types.StringValue(v))
	}
	mbps := func(n int64) diag.Diagnostics { return i64(types.Int64Value(n)) }

	cases := []struct {
		name    string
		diags   diag.Diagnostics
		want    string // warn, fail or ok
		summary string
		detail  []string
	}{
		{"region nyc", region("nyc"), ok, "", nil},
		{"region NYC", region("NYC"), ok, "", nil},
		{"region Sgp", region("Sgp"), ok, "", nil},
		{"region syd", region("syd"), warn, "Validating region: value not in the API reference's list",
			[]string{`"syd" is not one of the regions in the API reference (nyc, sfo, fra, ams, sgp)`, "The provider sends it as written and the API decides"}},
		{"region sfo3", region("sfo3"), warn, "Validating region: value not in the API reference's list", nil},
		{"region TOR1", region("TOR1"), warn, "Validating region: value not in the API reference's list", nil},
		{"region empty", region(""), fail, "Validating region: not a region slug", []string{`"" is not a region slug`, "nyc, sfo, fra, ams, sgp"}},
		{"region with a space", region("new york"), fail, "Validating region: not a region slug", nil},
		{"region with a dash", region("nyc-1"), fail, "Validating region: not a region slug", nil},
		{"region digits first", region("1nyc"), fail, "Validating region: not a region slug", nil},
		{"region one letter", region("n"), fail, "Validating region: not a region slug", nil},
		{"filter region syd", str(regionFilterValidator(), "region", types.StringValue("SYD")), warn, "Validating region: value not in the API reference's list",
			[]string{`"SYD" is not one of the regions in the API reference (nyc, sfo, fra, ams, sgp). The filter matches it as written`}},
		{"filter region nyc", str(regionFilterValidator(), "region", types.StringValue("nyc")), ok, "", nil},
		{"filter region malformed", str(regionFilterValidator(), "region", types.StringValue("mars 1")), fail, "Validating region: not a region slug", nil},
		{"region null", str(regionValidator(), "region", types.StringNull()), ok, "", nil},
		{"region unknown", str(regionValidator(), "region", types.StringUnknown()), ok, "", nil},

		{"bandwidth 1000", mbps(1000), ok, "", nil},
		{"bandwidth 10000", mbps(10000), ok, "", nil},
		{"bandwidth 20000", mbps(20000), warn, "Validating connection_bandwidth_in_mbps: value not in the API reference's list",
			[]string{"20000 is not one of the bandwidths (Mbps) in the API reference (1000, 2000, 5000, 10000)"}},
		{"bandwidth 1", mbps(1), warn, "Validating connection_bandwidth_in_mbps: value not in the API reference's list", nil},
		{"bandwidth 0", mbps(0), fail, "Validating connection_bandwidth_in_mbps: not a positive number of Mbps", []string{"0 is not a bandwidth", "1000, 2000, 5000, 10000"}},
		{"bandwidth -1000", mbps(-1000), fail, "Validating connection_bandwidth_in_mbps: not a positive number of Mbps", nil},
		{"bandwidth unknown", i64(types.Int64Unknown()), ok, "", nil},

		{"zone MEGAPORT_BLUE", zone("MEGAPORT_BLUE"), ok, "", nil},
		{"zone MEGAPORT_RED", zone("MEGAPORT_RED"), ok, "", nil},
		{"zone MEGAPORT_GREEN", zone("MEGAPORT_GREEN"), warn, "Validating redundancy_zone: value not in the API reference's list",
			[]string{`"MEGAPORT_GREEN" is not one of the redundancy zones in the API reference (MEGAPORT_BLUE, MEGAPORT_RED)`}},
		{"zone EQUINIX_1", zone("EQUINIX_1"), warn, "Validating redundancy_zone: value not in the API reference's list", nil},
		{"zone empty", zone(""), fail, "Validating redundancy_zone: not a redundancy zone name", nil},
		{"zone lower case", zone("megaport_blue"), fail, "Validating redundancy_zone: not a redundancy zone name", []string{"upper-case", "MEGAPORT_BLUE, MEGAPORT_RED"}},
		{"zone with a space", zone("MEGAPORT BLUE"), fail, "Validating redundancy_zone: not a redundancy zone name", nil},
		{"zone digit first", zone("1_BLUE"), fail, "Validating redundancy_zone: not a redundancy zone name", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.want == ok {
				if len(tc.diags) != 0 {
					t.Fatalf("want no diagnostic, got %v", tc.diags)
				}
				return
			}
			if len(tc.diags) != 1 {
				t.Fatalf("want one %s, got %v", tc.want, tc.diags)
			}
			d := tc.diags[0]
			if (tc.want == warn) != (d.Severity() == diag.SeverityWarning) {
				t.Fatalf("want a %s, got %v: %s", tc.want, d.Severity(), d.Summary())
			}
			if d.Summary() != tc.summary {
				t.Errorf("summary %q, want %q", d.Summary(), tc.summary)
			}
			for _, w := range tc.detail {
				if !strings.Contains(d.Detail(), w) {
					t.Errorf("detail %q lacks %q", d.Detail(), w)
				}
			}
		})
	}
}
