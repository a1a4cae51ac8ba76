package provider

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/pnc-tf/terraform-provider-do/internal/fakeapi"
	"github.com/pnc-tf/terraform-provider-do/internal/officialfake"
)

// officialStateJSON is a digitalocean_partner_attachment state as the
// official provider writes it.
const officialStateJSON = `{
  "id": "5a4981aa-9653-4bd1-bef5-d6bff52042e4",
  "name": "env.prod-partner-network-connect",
  "connection_bandwidth_in_mbps": 1000,
  "region": "nyc",
  "naas_provider": "MEGAPORT",
  "vpc_ids": ["796c6fe3-2a1d-4da2-9f3e-38239827dc91"],
  "state": "CREATED",
  "created_at": "2025-03-27 13:03:53 +0000 UTC",
  "redundancy_zone": "MEGAPORT_BLUE",
  "parent_uuid": "",
  "some_future_attribute": true,
  "bgp": [{"local_router_ip": "169.254.0.1/29", "peer_router_asn": 64532, "peer_router_ip": "169.254.0.6/29", "auth_key": "0xsNnb1pwQlowdoMySEfWwk4I"}],
  "timeouts": null
}`

func moveRequest(typeName, providerAddr, raw string) resource.MoveStateRequest {
	return resource.MoveStateRequest{
		SourceTypeName: typeName, SourceProviderAddress: providerAddr,
		SourceRawState: &tfprotov6.RawState{JSON: []byte(raw)},
	}
}

func emptyTargetState(ctx context.Context) tfsdk.State {
	s := partnerAttachmentResourceSchema(ctx)
	return tfsdk.State{Schema: s, Raw: nullObject(ctx, s)}
}

func TestMoveFromOfficialProvider(t *testing.T) {
	ctx := context.Background()
	resp := resource.MoveStateResponse{TargetState: emptyTargetState(ctx)}
	moveFromOfficialProvider(ctx, moveRequest(officialTypeName, "registry.terraform.io/digitalocean/digitalocean", officialStateJSON), &resp)
	if resp.Diagnostics.HasError() {
		t.Fatal(resp.Diagnostics)
	}
	var m attachmentModel
	resp.Diagnostics.Append(resp.TargetState.Get(ctx, &m)...)
	b, ok := bgpFromObject(ctx, m.BGP, &resp.Diagnostics)
	if resp.Diagnostics.HasError() || !ok {
		t.Fatalf("bgp missing: %v", resp.Diagnostics)
	}
	checks := map[string][2]string{
		"id":              {m.ID.ValueString(), "5a4981aa-9653-4bd1-bef5-d6bff52042e4"},
		"name":            {m.Name.ValueString(), "env.prod-partner-network-connect"},
		"region":          {m.Region.ValueString(), "nyc"},
		"created_at":      {m.CreatedAt.ValueString(), "2025-03-27T13:03:53Z"},
		"redundancy_zone": {m.RedundancyZone.ValueString(), "MEGAPORT_BLUE"},
		"bgp.auth_key":    {b.AuthKey.ValueString(), "0xsNnb1pwQlowdoMySEfWwk4I"},
		"bgp.peer_ip":     {b.PeerRouterIP.ValueString(), "169.254.0.6/29"},
		"bandwidth":       {fmt.Sprint(m.ConnectionBandwidthInMbps.ValueInt64()), "1000"},
		"asn":             {fmt.Sprint(b.PeerRouterASN.ValueInt64()), "64532"},
		"parent is null":  {fmt.Sprint(m.ParentUUID.IsNull()), "true"},
		"local_asn null":  {fmt.Sprint(b.LocalASN.IsNull()), "true"},
	}
	for name, c := range checks {
		if c[0] != c[1] {
			t.Errorf("%s = %q, want %q", name, c[0], c[1])
		}
	}
}

func TestMoveIgnoresOtherSources(t *testing.T) {
	ctx := context.Background()
	for _, req := range []resource.MoveStateRequest{
		moveRequest("digitalocean_vpc", "registry.terraform.io/digitalocean/digitalocean", officialStateJSON),
		moveRequest(officialTypeName, "registry.terraform.io/someone/else", officialStateJSON),
	} {
		resp := resource.MoveStateResponse{TargetState: emptyTargetState(ctx)}
		moveFromOfficialProvider(ctx, req, &resp)
		if resp.Diagnostics.HasError() || !resp.TargetState.Raw.IsNull() {
			t.Errorf("%s from %s: mover should decline, got %v", req.SourceTypeName, req.SourceProviderAddress, resp.Diagnostics)
		}
	}
	resp := resource.MoveStateResponse{TargetState: emptyTargetState(ctx)}
	moveFromOfficialProvider(ctx, moveRequest(officialTypeName, "registry.opentofu.org/digitalocean/digitalocean", `{"name":"x"}`), &resp)
	if !resp.Diagnostics.HasError() {
		t.Error("a state without id must be refused")
	}
}

// A `moved` block adopts an attachment from the official provider: no
// create, no delete, and the next plan is empty.
func TestAccPartnerAttachment_movedFromOfficialProvider(t *testing.T) {
	env := newAccEnv(t, fakeapi.Options{})
	env.requireEmulator(t, "serves a fake of the official provider backed by the emulator")
	factories := env.factories()
	factories["digitalocean"] = providerserver.NewProtocol6WithError(officialfake.New(env.api))
	official := `
resource "digitalocean_partner_attachment" "link" {
  name                         = "tfacc-moved"
  connection_bandwidth_in_mbps = 1000
  region                       = "nyc"
  naas_provider                = "MEGAPORT"
  vpc_ids                      = ["` + vpcA + `"]
  bgp {
    local_router_ip = "169.254.0.1/29"
    peer_router_ip  = "169.254.0.6/29"
    peer_router_asn = 64532
    auth_key        = "moved-key"
  }
}
`
	ours := baseAttachment("tfacc-moved")
	ours.BGP.AuthKey = "moved-key"
	moved := env.config(ours.hcl("link"), `
moved {
  from = digitalocean_partner_attachment.link
  to   = do_partner_attachment.link
}
`)
	var id string
	tfresource.ParallelTest(t, tfresource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(version.Must(version.NewVersion("1.8.0")))},
		ProtoV6ProviderFactories: factories,
		CheckDestroy:             env.checkNoneLeft,
		Steps: []tfresource.TestStep{
			{
				Config: env.config(official),
				Check: func(*terraform.State) error {
					id = env.only(t).ID
					env.api.ResetJournal()
					return nil
				},
			},
			{
				Config: moved,
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("do_partner_attachment.link", plancheck.ResourceActionNoop)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("do_partner_attachment.link", tfjsonpath.New("bgp").AtMapKey("local_asn"), knownvalue.Int64Exact(fakeapi.DefaultLocalASN)),
				},
				Check: func(*terraform.State) error {
					if got := env.only(t).ID; got != id {
						return fmt.Errorf("attachment replaced: %s -> %s", id, got)
					}
					for _, e := range env.api.Journal() {
						if e.Method != "GET" {
							return fmt.Errorf("a move must not change anything, saw %s %s", e.Method, e.Path)
						}
					}
					return nil
				},
			},
		},
	})
}

func nullObject(ctx context.Context, s interface {
	Type() attr.Type
}) tftypes.Value {
	return tftypes.NewValue(s.Type().TerraformType(ctx), nil)
}
