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
				ExpectError: regexp.MustCompile(`(?s)Invalid regular expression.*name_regex must be a valid regular expression`),
			},
			{
				Config:      env.config(attachmentsConfig("bad", `region = "mars"`)),
				ExpectError: regexp.MustCompile(`(?s)region.*value must be one of`),
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
