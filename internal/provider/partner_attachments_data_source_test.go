package provider

import (
	"fmt"
	"math/rand/v2"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/pnc-tf/terraform-provider-do/internal/fakeapi"
)

func attachmentsConfig(label string, args ...string) string {
	return dataBlock("do_partner_attachments", label, args...)
}

// expectNames checks the names of a do_partner_attachments result, in order.
func expectNames(label string, names ...string) statecheck.StateCheck {
	checks := make([]knownvalue.Check, len(names))
	for i, n := range names {
		checks[i] = knownvalue.ObjectPartial(map[string]knownvalue.Check{"name": knownvalue.StringExact(n)})
	}
	return statecheck.ExpectKnownValue("data.do_partner_attachments."+label, tfjsonpath.New("attachments"), knownvalue.ListExact(checks))
}

// 450 attachments take three pages of 200: every one must arrive, each page
// fetched once per read, and the result sorted by name whatever the API's
// order (they are seeded shuffled).
func TestAccPartnerAttachmentsDataSource_pagesThroughAll(t *testing.T) {
	env := newAccEnv(t, fakeapi.Options{})
	env.requireEmulator(t, "seeds 450 attachments")
	for _, i := range rand.New(rand.NewPCG(3, 450)).Perm(450) {
		env.api.Seed(fakeapi.SeedAttachment{Name: fmt.Sprintf("pa-%03d", i)})
	}
	const addr = "data.do_partner_attachments.all"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{{
			Config: env.config(attachmentsConfig("all")),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("attachments"), knownvalue.ListSizeExact(450)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("attachments").AtSliceIndex(0).AtMapKey("name"), knownvalue.StringExact("pa-000")),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("attachments").AtSliceIndex(200).AtMapKey("name"), knownvalue.StringExact("pa-200")),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("attachments").AtSliceIndex(449).AtMapKey("name"), knownvalue.StringExact("pa-449")),
			},
			Check: env.checkEveryPageOnce(attachmentsPath, 3),
		}},
	})
}

func TestAccPartnerAttachmentsDataSource_filters(t *testing.T) {
	env := newAccEnv(t, fakeapi.Options{})
	env.requireEmulator(t, "seeds attachments")
	seed := func(name, region, provider, state string, vpcs ...string) string {
		return env.api.Seed(fakeapi.SeedAttachment{Name: name, Region: region, NaaSProvider: provider, State: state, VPCIDs: vpcs})
	}
	seed("zeta", "nyc", "MEGAPORT", "CREATED", vpcA)
	seed("alpha", "ams", "MEGAPORT", "active", vpcA, vpcB)
	seed("gamma", "nyc", "OTHERNAAS", "CREATING", vpcB)
	// Two attachments with one name (which the API would refuse) must come
	// out ordered by id.
	dupA, dupB := seed("beta", "fra", "MEGAPORT", "CREATED", vpcB), seed("beta", "fra", "MEGAPORT", "CREATED", vpcB)
	if dupB < dupA {
		dupA, dupB = dupB, dupA
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			// Invalid filters fail at plan time, before any request (checked
			// in the next step's PreConfig). They come first because the
			// test's final destroy runs with the last step's configuration.
			{
				Config:      env.config(attachmentsConfig("bad", `name_regex = "[a-"`)),
				ExpectError: regexp.MustCompile(`(?s)Validating name_regex: invalid regular expression.*name_regex must be a valid regular expression`),
			},
			{
				Config:      env.config(attachmentsConfig("bad", `region = "mars 1"`)),
				ExpectError: regexp.MustCompile(`(?s)Validating region: not a region slug`),
			},
			{
				PreConfig: func() {
					if n := len(env.api.Journal()); n != 0 {
						t.Errorf("invalid filters must fail before any request; saw %d, first %s", n, env.api.Journal()[0])
					}
				},
				Config: env.config(
					attachmentsConfig("all"),
					attachmentsConfig("region", `region = "NYC"`),
					attachmentsConfig("provider", `naas_provider = "othernaas"`),
					attachmentsConfig("state", `state = "Active"`),
					attachmentsConfig("vpc", fmt.Sprintf("vpc_id = %q", vpcA)),
					attachmentsConfig("regex", `name_regex = "^(alpha|gamma)$"`),
					attachmentsConfig("combined", `region = "nyc"`, `state = "created"`, fmt.Sprintf("vpc_id = %q", vpcA)),
					attachmentsConfig("nothing", `region = "sgp"`),
				),
				ConfigStateChecks: []statecheck.StateCheck{
					expectNames("all", "alpha", "beta", "beta", "gamma", "zeta"),
					statecheck.ExpectKnownValue("data.do_partner_attachments.all", tfjsonpath.New("attachments"), knownvalue.ListPartial(map[int]knownvalue.Check{
						1: knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.StringExact(dupA)}),
						2: knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.StringExact(dupB)}),
					})),
					expectNames("region", "gamma", "zeta"),
					expectNames("provider", "gamma"),
					expectNames("state", "alpha", "beta", "beta", "zeta"),
					expectNames("vpc", "alpha", "zeta"),
					expectNames("regex", "alpha", "gamma"),
					expectNames("combined", "zeta"),
					expectNames("nothing"),
				},
			},
		},
	})
}

// The filters against attachments this test creates through Terraform, so
// that it runs in live mode too: the API may hold other attachments (other
// tests', other people's), so every read is narrowed to this test's names
// with name_regex. Only what the provider decides is asserted: the filters'
// matches, the order by name, the configured values, and ACTIVE, its
// spelling of ready whatever the API's.
func TestAccPartnerAttachmentsDataSource_fromConfig(t *testing.T) {
	env := newAccEnv(t, fakeapi.Options{})
	alpha := baseAttachment(env.name("ds-alpha"))
	alpha.VPCs = []string{vpcA, vpcB}
	beta := baseAttachment(env.name("ds-beta"))
	beta.VPCs = []string{vpcB}
	beta.BGP = nil
	gamma := baseAttachment(env.name("ds-gamma"))
	gamma.BGP = &bgpConfig{LocalIP: "169.254.2.1/29", PeerIP: "169.254.2.6/29", PeerASN: 65010, AuthKey: "gamma-key-7Qp"}
	mine := func(names string) string {
		return fmt.Sprintf("name_regex = %q", "^tfacc-ds-"+names+"-"+env.suffix+"$")
	}
	// Each data source waits for all three attachments.
	ds := func(label string, args ...string) string {
		args = append(args, "depends_on = [do_partner_attachment.alpha, do_partner_attachment.beta, do_partner_attachment.gamma]")
		return attachmentsConfig(label, args...)
	}
	const all = "data.do_partner_attachments.all"
	element := func(i int) tfjsonpath.Path { return tfjsonpath.New("attachments").AtSliceIndex(i) }
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.checkNoneLeft,
		Steps: []resource.TestStep{
			// Invalid filters fail at plan time. They come first, before
			// anything exists, because the final destroy runs with the last
			// step's configuration.
			{
				Config:      env.config(attachmentsConfig("bad", `name_regex = "[a-"`)),
				ExpectError: regexp.MustCompile(`(?s)Validating name_regex: invalid regular expression.*name_regex must be a valid regular expression`),
			},
			{
				Config:      env.config(attachmentsConfig("bad", `region = "mars 1"`)),
				ExpectError: regexp.MustCompile(`(?s)Validating region: not a region slug`),
			},
			{
				Config: env.config(alpha.hcl("alpha"), beta.hcl("beta"), gamma.hcl("gamma"),
					ds("all", mine(".*")),
					ds("region", `region = "NYC"`, mine(".*")),
					ds("provider", `naas_provider = "megaport"`, mine(".*")),
					ds("other_provider", `naas_provider = "othernaas"`, mine(".*")),
					ds("state", `state = "Active"`, mine(".*")),
					ds("vpc", fmt.Sprintf("vpc_id = %q", vpcA), mine(".*")),
					ds("regex", mine("(alpha|gamma)")),
					ds("combined", `region = "nyc"`, `state = "created"`, fmt.Sprintf("vpc_id = %q", vpcB), mine("(beta|gamma)")),
					ds("nothing", `region = "sgp"`, mine(".*")),
				),
				ConfigStateChecks: []statecheck.StateCheck{
					expectNames("all", alpha.Name, beta.Name, gamma.Name),
					statecheck.CompareValuePairs(all, element(0).AtMapKey("id"), "do_partner_attachment.alpha", tfjsonpath.New("id"), compareEqual),
					statecheck.CompareValuePairs(all, element(1).AtMapKey("id"), "do_partner_attachment.beta", tfjsonpath.New("id"), compareEqual),
					statecheck.CompareValuePairs(all, element(2).AtMapKey("id"), "do_partner_attachment.gamma", tfjsonpath.New("id"), compareEqual),
					statecheck.ExpectKnownValue(all, element(0), knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"state":                        knownvalue.StringExact("ACTIVE"),
						"region":                       knownvalue.StringExact("nyc"),
						"naas_provider":                knownvalue.StringExact("MEGAPORT"),
						"connection_bandwidth_in_mbps": knownvalue.Int64Exact(1000),
						"vpc_ids":                      knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact(vpcA), knownvalue.StringExact(vpcB)}),
						"parent_uuid":                  knownvalue.Null(),
					})),
					// Without a session bgp is null, however the API shows that.
					statecheck.ExpectKnownValue(all, element(1).AtMapKey("bgp"), knownvalue.Null()),
					statecheck.ExpectKnownValue(all, element(1).AtMapKey("vpc_ids"), knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact(vpcB)})),
					statecheck.ExpectKnownValue(all, element(2).AtMapKey("bgp"), knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"local_router_ip": knownvalue.StringExact("169.254.2.1/29"),
						"peer_router_ip":  knownvalue.StringExact("169.254.2.6/29"),
						"peer_router_asn": knownvalue.Int64Exact(65010),
					})),
					statecheck.ExpectKnownValue(all, element(2).AtMapKey("state"), knownvalue.StringExact("ACTIVE")),
					expectNames("region", alpha.Name, beta.Name, gamma.Name),
					expectNames("provider", alpha.Name, beta.Name, gamma.Name),
					expectNames("other_provider"),
					expectNames("state", alpha.Name, beta.Name, gamma.Name),
					expectNames("vpc", alpha.Name, gamma.Name),
					expectNames("regex", alpha.Name, gamma.Name),
					expectNames("combined", beta.Name),
					expectNames("nothing"),
				},
			},
		},
	})
}
