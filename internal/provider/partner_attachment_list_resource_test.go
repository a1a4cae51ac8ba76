package provider

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/pnc-tf/terraform-provider-do/internal/fakeapi"
)

func seedForQuery(env *accEnv, name, region, vpc string) string {
	return env.api.Seed(fakeapi.SeedAttachment{
		Name: name, ConnectionBandwidthInMbps: 2000, Region: region, NaaSProvider: "MEGAPORT", VPCIDs: []string{vpc},
		State: "CREATED", CreatedAt: time.Now().UTC(), RedundancyZone: "MEGAPORT_BLUE",
		BGP: &fakeapi.BGP{LocalASN: 64532, LocalRouterIP: "169.254.0.1/29", PeerASN: 65001, PeerRouterIP: "169.254.0.6/29", AuthKey: "query-secret"},
	})
}

// queryConfig is a .tfquery.hcl body; the provider is configured by the
// .tf configuration of the step before.
func queryConfig(body string) string {
	return fmt.Sprintf(`
list "do_partner_attachment" "found" {
  provider = do
%s
}
`, body)
}

func TestAccPartnerAttachmentListResource_query(t *testing.T) {
	env := newAccEnv(t, fakeapi.Options{})
	env.requireEmulator(t, "seeds attachments to query")
	nycB := seedForQuery(env, "tfacc-q-b", "NYC", vpcA)
	nycA := seedForQuery(env, "tfacc-q-a", "NYC", vpcB)
	seedForQuery(env, "tfacc-q-ams", "AMS", vpcA)
	seedForQuery(env, "other-team-link", "NYC", vpcA)
	// The query needs a configuration to run in; the seeded attachments
	// are not managed by it.
	base := env.config(`terraform {}`)
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{Config: base},
			{
				Query: true,
				Config: queryConfig(`  config {
    region     = "nyc"
    name_regex = "^tfacc-"
  }`),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("do_partner_attachment.found", 2),
					querycheck.ExpectIdentity("do_partner_attachment.found", map[string]knownvalue.Check{"id": knownvalue.StringExact(nycA)}),
					querycheck.ExpectIdentity("do_partner_attachment.found", map[string]knownvalue.Check{"id": knownvalue.StringExact(nycB)}),
					querycheck.ExpectResourceDisplayName("do_partner_attachment.found",
						queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"id": knownvalue.StringExact(nycA)}), knownvalue.StringExact("tfacc-q-a")),
				},
			},
			{
				Query: true,
				Config: queryConfig(`  limit            = 1
  include_resource = true
  config {
    vpc_id = "` + vpcA + `"
  }`),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("do_partner_attachment.found", 1),
					// Sorted by name: other-team-link comes first.
					querycheck.ExpectResourceDisplayName("do_partner_attachment.found",
						queryfilter.ByDisplayName(knownvalue.StringExact("other-team-link")), knownvalue.StringExact("other-team-link")),
					querycheck.ExpectResourceKnownValues("do_partner_attachment.found",
						queryfilter.ByDisplayName(knownvalue.StringExact("other-team-link")), []querycheck.KnownValueCheck{
							{Path: tfjsonpath.New("region"), KnownValue: knownvalue.StringExact("nyc")},
							{Path: tfjsonpath.New("connection_bandwidth_in_mbps"), KnownValue: knownvalue.Int64Exact(2000)},
							{Path: tfjsonpath.New("bgp").AtMapKey("peer_router_asn"), KnownValue: knownvalue.Int64Exact(65001)},
						}),
				},
			},
		},
	})
}

// `terraform query -generate-config-out` writes configuration and import
// blocks for what the query found; applying it imports the attachment, and
// the plan after that is empty.
func TestAccPartnerAttachmentListResource_generateConfig(t *testing.T) {
	env := newAccEnv(t, fakeapi.Options{})
	env.requireEmulator(t, "seeds an attachment to query")
	id := seedForQuery(env, "tfacc-q-generated", "NYC", vpcA)
	cli := env.newCLIDir(t)
	cli.write("main.tf", env.providerBlock())
	cli.write("find.tfquery.hcl", queryConfig(`  include_resource = true
  config {
    name_regex = "^tfacc-q-generated$"
  }`))
	cli.mustRun("init", "-input=false")
	cli.mustRun("query", "-generate-config-out=generated.tf")
	generated := cli.read("generated.tf")
	t.Logf("generated configuration:\n%s", generated)
	if !strings.Contains(generated, id) {
		t.Fatalf("generated configuration does not import %s", id)
	}
	cli.mustRun("apply", "-auto-approve")
	if out, code := cli.run("plan", "-detailed-exitcode"); code != 0 {
		t.Fatalf("plan after importing the generated configuration is not empty (exit %d):\n%s", code, out)
	}
}
