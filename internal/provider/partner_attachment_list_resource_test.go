package provider

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-exec/tfexec"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/pnc-tf/terraform-provider-do/internal/fakeapi"
	"github.com/pnc-tf/terraform-provider-do/internal/tfcli"
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
// the plan after that is empty. (terraform-plugin-testing has no step for
// config generation from a query, so this drives the CLI itself.)
func TestAccPartnerAttachmentListResource_generateConfig(t *testing.T) {
	env := newAccEnv(t, fakeapi.Options{})
	env.requireEmulator(t, "seeds an attachment to query")
	id := seedForQuery(env, "tfacc-q-generated", "NYC", vpcA)
	ws := env.workspace(t, io.Discard)
	ctx := context.Background()
	skipBelowQuery(t, ws)
	if err := ws.WriteConfig(env.providerBlock()); err != nil {
		t.Fatal(err)
	}
	query := queryConfig(`  include_resource = true
  config {
    name_regex = "^tfacc-q-generated$"
  }`)
	if err := os.WriteFile(filepath.Join(ws.Dir(), "find.tfquery.hcl"), []byte(query), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := ws.Init(ctx); err != nil {
		t.Fatal(err)
	}
	err := ws.Run(ctx, func(ctx context.Context, tf *tfexec.Terraform, r *tfexec.ReattachOption) error {
		msgs, err := tf.QueryJSON(ctx, r, tfexec.GenerateConfigOut("generated.tf"))
		if err != nil {
			return err
		}
		for m := range msgs {
			if m.Err != nil {
				return m.Err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("terraform query: %v", err)
	}
	generated, err := os.ReadFile(filepath.Join(ws.Dir(), "generated.tf"))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("generated configuration:\n%s", generated)
	if !strings.Contains(string(generated), id) {
		t.Fatalf("generated configuration does not import %s", id)
	}
	if err := ws.Apply(ctx); err != nil {
		t.Fatalf("applying the generated import: %v", err)
	}
	if changes, err := ws.Plan(ctx); err != nil || changes {
		t.Fatalf("plan after importing the generated configuration: changes=%v err=%v", changes, err)
	}
}

// skipBelowQuery skips unless the CLI has `terraform query` (Terraform
// 1.14+; OpenTofu has none).
func skipBelowQuery(t *testing.T, ws *tfcli.Workspace) {
	t.Helper()
	err := ws.Run(context.Background(), func(ctx context.Context, tf *tfexec.Terraform, _ *tfexec.ReattachOption) error {
		v, _, err := tf.Version(ctx, true)
		if err == nil && v.LessThan(tfversion.Version1_14_0) {
			t.Skipf("terraform query needs Terraform 1.14+, have %s", v)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}
