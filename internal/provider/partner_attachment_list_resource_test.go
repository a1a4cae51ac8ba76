package provider

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-exec/tfexec"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
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
	skipBelowQuery(t)
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
	err := queryGeneratingConfig(ctx, ws)
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

// The query against attachments this test creates through Terraform, so
// that it runs in live mode too; every query is narrowed to this test's
// names (name_regex with the env's suffix), as the API may hold others.
// Only what the provider decides is asserted: the matches, their identities
// and display names, the order by name under a limit, and the resource
// shown from configured values.
func TestAccPartnerAttachmentListResource_fromConfig(t *testing.T) {
	env := newAccEnv(t, fakeapi.Options{})
	a := baseAttachment(env.name("q-a"))
	a.VPCs = []string{vpcB}
	b := baseAttachment(env.name("q-b"))
	b.BGP = &bgpConfig{LocalIP: "169.254.3.1/29", PeerIP: "169.254.3.6/29", PeerASN: 65001, AuthKey: "query-secret-4Rt"}
	mine := fmt.Sprintf("name_regex = %q", "^tfacc-q-[ab]-"+env.suffix+"$")
	// The ids are known once the first step has applied; the checks read
	// them then.
	ids := map[string]string{}
	idOf := func(label string) knownvalue.Check {
		return knownValueFunc(func(v any) error {
			if v != ids[label] {
				return fmt.Errorf("identity id %v, want do_partner_attachment.%s's %q", v, label, ids[label])
			}
			return nil
		})
	}
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		ProtoV6ProviderFactories: env.factories(),
		// Query steps keep this configuration, so the final destroy uses it.
		CheckDestroy: env.checkNoneLeft,
		Steps: []resource.TestStep{
			{
				Config: env.config(a.hcl("a"), b.hcl("b")),
				Check: func(s *terraform.State) error {
					for _, label := range []string{"a", "b"} {
						rs, ok := s.RootModule().Resources["do_partner_attachment."+label]
						if !ok {
							return fmt.Errorf("do_partner_attachment.%s not in state", label)
						}
						ids[label] = rs.Primary.ID
					}
					return nil
				},
			},
			{
				Query: true,
				Config: queryConfig(`  config {
    region = "nyc"
    ` + mine + `
  }`),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("do_partner_attachment.found", 2),
					querycheck.ExpectIdentity("do_partner_attachment.found", map[string]knownvalue.Check{"id": idOf("a")}),
					querycheck.ExpectIdentity("do_partner_attachment.found", map[string]knownvalue.Check{"id": idOf("b")}),
					querycheck.ExpectResourceDisplayName("do_partner_attachment.found",
						queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"id": idOf("a")}), knownvalue.StringExact(a.Name)),
				},
			},
			{
				Query: true,
				Config: queryConfig(`  limit            = 1
  include_resource = true
  config {
    vpc_id = "` + vpcA + `"
    state  = "active"
    ` + mine + `
  }`),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("do_partner_attachment.found", 1),
					querycheck.ExpectIdentity("do_partner_attachment.found", map[string]knownvalue.Check{"id": idOf("b")}),
					querycheck.ExpectResourceKnownValues("do_partner_attachment.found",
						queryfilter.ByDisplayName(knownvalue.StringExact(b.Name)), []querycheck.KnownValueCheck{
							{Path: tfjsonpath.New("name"), KnownValue: knownvalue.StringExact(b.Name)},
							{Path: tfjsonpath.New("state"), KnownValue: knownvalue.StringExact("ACTIVE")},
							{Path: tfjsonpath.New("region"), KnownValue: knownvalue.StringExact("nyc")},
							{Path: tfjsonpath.New("naas_provider"), KnownValue: knownvalue.StringExact("MEGAPORT")},
							{Path: tfjsonpath.New("connection_bandwidth_in_mbps"), KnownValue: knownvalue.Int64Exact(1000)},
							{Path: tfjsonpath.New("vpc_ids"), KnownValue: knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact(vpcA)})},
							{Path: tfjsonpath.New("bgp").AtMapKey("peer_router_asn"), KnownValue: knownvalue.Int64Exact(65001)},
							{Path: tfjsonpath.New("bgp").AtMapKey("local_router_ip"), KnownValue: knownvalue.StringExact("169.254.3.1/29")},
						}),
				},
			},
			{
				// Sorted by name: with both matching, limit 1 gives q-a.
				Query: true,
				Config: queryConfig(`  limit = 1
  config {
    ` + mine + `
  }`),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("do_partner_attachment.found", 1),
					querycheck.ExpectIdentity("do_partner_attachment.found", map[string]knownvalue.Check{"id": idOf("a")}),
					querycheck.ExpectResourceDisplayName("do_partner_attachment.found",
						queryfilter.ByDisplayName(knownvalue.StringExact(a.Name)), knownvalue.StringExact(a.Name)),
				},
			},
		},
	})
}

// The generated configuration for an attachment this test creates through
// Terraform and then forgets (a removed block), so that it runs in live mode
// too: the query finds it by its name, the import of the generated
// configuration adopts it, the plan after that is empty, and a destroy
// deletes it.
func TestAccPartnerAttachmentListResource_generateConfigFromConfig(t *testing.T) {
	env := newAccEnv(t, fakeapi.Options{})
	ws := env.workspace(t, io.Discard, func(o *tfcli.Options) {
		if env.live != nil {
			// Production polling against a real API, as env.factories() does.
			o.Provider = providerserver.NewProtocol6(NewWithOptions("test", Options{})())
		}
	})
	ctx := context.Background()
	skipBelowQuery(t)
	cfg := baseAttachment(env.name("q-generated"))
	step := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	t.Cleanup(func() {
		if t.Failed() { // whatever the state still holds
			if err := ws.Destroy(context.Background()); err != nil {
				t.Logf("destroy after failure: %v", err)
			}
		}
	})
	step("writing the configuration", ws.WriteConfig(env.config(cfg.hcl("test"))))
	step("terraform init", ws.Init(ctx))
	step("creating the attachment", ws.Apply(ctx))
	id := env.only(t).ID
	step("writing the configuration", ws.WriteConfig(env.config(`
removed {
  from = do_partner_attachment.test
  lifecycle {
    destroy = false
  }
}
`)))
	step("forgetting the attachment", ws.Apply(ctx))
	step("writing the configuration", ws.WriteConfig(env.providerBlock()))
	query := queryConfig(`  include_resource = true
  config {
    name_regex = "^` + regexp.QuoteMeta(cfg.Name) + `$"
  }`)
	step("writing the query", os.WriteFile(filepath.Join(ws.Dir(), "find.tfquery.hcl"), []byte(query), 0o600))
	err := queryGeneratingConfig(ctx, ws)
	step("terraform query", err)
	generated, err := os.ReadFile(filepath.Join(ws.Dir(), "generated.tf"))
	step("reading the generated configuration", err)
	t.Logf("generated configuration:\n%s", generated)
	if !strings.Contains(string(generated), id) {
		t.Fatalf("generated configuration does not import %s", id)
	}
	step("applying the generated import", ws.Apply(ctx))
	if changes, err := ws.Plan(ctx); err != nil || changes {
		t.Fatalf("plan after importing the generated configuration: changes=%v err=%v", changes, err)
	}
	step("destroying the imported attachment", ws.Destroy(ctx))
	step("after destroy", env.checkNoneLeft(stateWithAttachment(id)))
}

// queryGeneratingConfig runs `terraform query -generate-config-out
// generated.tf` in ws, failing on any error the query reports.
func queryGeneratingConfig(ctx context.Context, ws *tfcli.Workspace) error {
	return ws.Run(ctx, func(ctx context.Context, tf *tfexec.Terraform, r *tfexec.ReattachOption) error {
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
}

// skipBelowQuery skips unless the CLI has `terraform query` (Terraform
// 1.14+; OpenTofu has none).
func skipBelowQuery(t *testing.T) {
	t.Helper()
	if v := cliVersion(t); v.LessThan(tfversion.Version1_14_0) {
		t.Skipf("terraform query needs Terraform 1.14+, have %s", v)
	}
}
