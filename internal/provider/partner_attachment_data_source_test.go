package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/pnc-tf/terraform-provider-do/internal/fakeapi"
)

func attachmentDataConfig(label string, args ...string) string {
	return dataBlock("do_partner_attachment", label, args...)
}

// compareWithResource compares every attribute the data source shares with
// the resource, taken from the data source's schema, so that an attribute
// added to the resource is compared without touching this test.
func compareWithResource(t *testing.T, resourceAddr, dataAddr string) []statecheck.StateCheck {
	t.Helper()
	var checks []statecheck.StateCheck
	for name, typ := range viewObjectType(t).AttrTypes {
		p := tfjsonpath.New(name)
		if name == "bgp" {
			for sub := range typ.(types.ObjectType).AttrTypes {
				checks = append(checks, statecheck.CompareValuePairs(resourceAddr, p.AtMapKey(sub), dataAddr, p.AtMapKey(sub), compareEqual))
			}
			continue
		}
		checks = append(checks, statecheck.CompareValuePairs(resourceAddr, p, dataAddr, p, compareEqual))
	}
	return checks
}

func TestAccPartnerAttachmentDataSource_matchesResource(t *testing.T) {
	env := newAccEnv(t, fakeapi.Options{})
	cfg := baseAttachment(env.name("ds-match"))
	const byID, byName = "data.do_partner_attachment.by_id", "data.do_partner_attachment.by_name"
	checks := append(compareWithResource(t, addr, byID), compareWithResource(t, addr, byName)...)
	checks = append(checks,
		// The bgp object has exactly these attributes: no auth_key.
		statecheck.ExpectKnownValue(byID, tfjsonpath.New("bgp"), knownvalue.ObjectExact(map[string]knownvalue.Check{
			"local_router_ip": knownvalue.StringExact("169.254.0.1/29"),
			"peer_router_ip":  knownvalue.StringExact("169.254.0.6/29"),
			"peer_router_asn": knownvalue.Int64Exact(64532),
			// The API assigns the local ASN: any value, the same as the resource's.
			"local_asn": knownvalue.NotNull(),
		})),
		statecheck.ExpectKnownValue(byName, tfjsonpath.New("state"), knownvalue.StringExact("ACTIVE")),
	)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.checkNoneLeft,
		Steps: []resource.TestStep{{
			Config: env.config(cfg.hcl("test"),
				attachmentDataConfig("by_id", "id = do_partner_attachment.test.id"),
				// depends_on defers the read until the attachment exists.
				attachmentDataConfig("by_name", fmt.Sprintf("name = %q", cfg.Name), "depends_on = [do_partner_attachment.test]"),
			),
			ConfigStateChecks: checks,
		}},
	})
}

// Attributes the resource test above leaves empty: a high-availability pair,
// a redundancy zone, and the API's letter case.
func TestAccPartnerAttachmentDataSource_seededPair(t *testing.T) {
	env := newAccEnv(t, fakeapi.Options{})
	env.requireEmulator(t, "seeds attachments")
	parent := env.api.Seed(fakeapi.SeedAttachment{Name: "tfacc-parent", Region: "ams", RedundancyZone: "MEGAPORT_BLUE", VPCIDs: []string{vpcA, vpcB}})
	child := env.api.Seed(fakeapi.SeedAttachment{Name: "tfacc-child", NaaSProvider: "megaport", State: "active", ParentUUID: parent, ConnectionBandwidthInMbps: 5000})
	const p, c = "data.do_partner_attachment.parent", "data.do_partner_attachment.child"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{{
			Config: env.config(attachmentDataConfig("parent", fmt.Sprintf("id = %q", parent)), attachmentDataConfig("child", `name = "tfacc-child"`)),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(p, tfjsonpath.New("name"), knownvalue.StringExact("tfacc-parent")),
				statecheck.ExpectKnownValue(p, tfjsonpath.New("region"), knownvalue.StringExact("ams")),
				statecheck.ExpectKnownValue(p, tfjsonpath.New("redundancy_zone"), knownvalue.StringExact("MEGAPORT_BLUE")),
				statecheck.ExpectKnownValue(p, tfjsonpath.New("children"), knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact(child)})),
				statecheck.ExpectKnownValue(p, tfjsonpath.New("vpc_ids"), knownvalue.SetSizeExact(2)),
				statecheck.ExpectKnownValue(p, tfjsonpath.New("bgp"), knownvalue.Null()),
				statecheck.ExpectKnownValue(p, tfjsonpath.New("parent_uuid"), knownvalue.Null()),
				statecheck.ExpectKnownValue(c, tfjsonpath.New("id"), knownvalue.StringExact(child)),
				statecheck.ExpectKnownValue(c, tfjsonpath.New("parent_uuid"), knownvalue.StringExact(parent)),
				statecheck.ExpectKnownValue(c, tfjsonpath.New("naas_provider"), knownvalue.StringExact("MEGAPORT")),
				statecheck.ExpectKnownValue(c, tfjsonpath.New("region"), knownvalue.StringExact("nyc")),
				statecheck.ExpectKnownValue(c, tfjsonpath.New("state"), knownvalue.StringExact("ACTIVE")),
				statecheck.ExpectKnownValue(c, tfjsonpath.New("connection_bandwidth_in_mbps"), knownvalue.Int64Exact(5000)),
				statecheck.ExpectKnownValue(c, tfjsonpath.New("created_at"), knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`))),
			},
		}},
	})
}

// A name lookup pages through the whole list: the match is on the last page.
func TestAccPartnerAttachmentDataSource_nameOnLastPage(t *testing.T) {
	env := newAccEnv(t, fakeapi.Options{})
	env.requireEmulator(t, "seeds 450 attachments")
	var last string
	for i := range 450 {
		last = env.api.Seed(fakeapi.SeedAttachment{Name: fmt.Sprintf("pa-%03d", i)})
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{{
			Config: env.config(attachmentDataConfig("last", `name = "pa-449"`)),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.do_partner_attachment.last", tfjsonpath.New("id"), knownvalue.StringExact(last)),
			},
			Check: env.checkEveryPageOnce(attachmentsPath, 3),
		}},
	})
}

func TestAccPartnerAttachmentDataSource_lookupErrors(t *testing.T) {
	env := newAccEnv(t, fakeapi.Options{})
	env.requireEmulator(t, "seeds attachments")
	env.api.Seed(fakeapi.SeedAttachment{Name: "tfacc-unique"})
	dupA := env.api.Seed(fakeapi.SeedAttachment{Name: "tfacc-twice"})
	dupB := env.api.Seed(fakeapi.SeedAttachment{Name: "tfacc-twice"})
	exactlyOne := regexp.MustCompile(`(?s)(Invalid Attribute Combination|Missing Attribute Configuration).*Exactly one of these attributes must be configured:\s+\[id,name\]`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{Config: env.config(attachmentDataConfig("x", "")), ExpectError: exactlyOne},
			{Config: env.config(attachmentDataConfig("x", `id = "a"`, `name = "b"`)), ExpectError: exactlyOne},
			{
				Config:      env.config(attachmentDataConfig("x", `id = "no-such-id"`)),
				ExpectError: regexp.MustCompile(`(?s)Reading partner attachment no-such-id: not found.*id: no partner attachment with id "no-such-id"\s+exists`),
			},
			{
				Config:      env.config(attachmentDataConfig("x", `name = "tfacc-UNIQUE"`)),
				ExpectError: regexp.MustCompile(`(?s)Reading partner attachment "tfacc-UNIQUE": no attachment has this name.*name: none of the 3 partner attachments is\s+named\s+"tfacc-UNIQUE"`),
			},
			{
				Config: env.config(attachmentDataConfig("x", `name = "tfacc-twice"`)),
				ExpectError: regexp.MustCompile(fmt.Sprintf(`(?s)Reading partner attachment "tfacc-twice": several attachments have this name.*name: 2 partner attachments are named\s+"tfacc-twice":\s+%s,\s+%s\.`,
					dupA, dupB)),
			},
		},
	})
}
