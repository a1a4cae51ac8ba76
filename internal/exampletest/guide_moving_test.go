package exampletest

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/pnc-tf/terraform-provider-do/internal/fakeapi"
	"github.com/pnc-tf/terraform-provider-do/internal/officialfake"
)

// officialConfig is the configuration the move guide starts from: the same
// attachment under the official provider, with its bgp block. The test
// serves a stand-in for that provider (internal/officialfake) under this
// test's provider namespace, hence the source address.
const officialConfig = `
terraform {
  required_providers {
    digitalocean = {
      source = "pnc-tf/digitalocean"
    }
  }
}

provider "digitalocean" {}

resource "digitalocean_partner_attachment" "link" {
  name                         = %q
  connection_bandwidth_in_mbps = 1000
  region                       = "nyc"
  naas_provider                = "MEGAPORT"
  vpc_ids                      = [%q]

  bgp {
    local_router_ip = "169.254.0.1/29"
    peer_router_ip  = "169.254.0.6/29"
    peer_router_asn = 64532
    auth_key        = %q
  }
}
`

// The move guide: an attachment created through the official provider is
// taken over by the example's moved block with no request but reads (no
// create, no delete, no update), keeping its ID and the key the official
// provider stored; local_asn, which that provider does not record, comes
// from the refresh; and the next plan is empty.
func testGuideMovingFromDigitalOcean(t *testing.T, dir string) {
	env := newScenarioEnv(t)
	const addr = "do_partner_attachment.link"
	const name, key = "moved-megaport-link", "key-the-official-provider-stored"
	factories := env.factories()
	factories["digitalocean"] = providerserver.NewProtocol6WithError(officialfake.New(env.api))

	var id string
	before := resource.TestStep{
		ProtoV6ProviderFactories: factories,
		Config:                   fmt.Sprintf(officialConfig, name, vpcA, key),
		Check: func(*terraform.State) error {
			a, err := env.only()
			if err != nil {
				return err
			}
			id = a.ID
			env.api.ResetJournal()
			return nil
		},
	}

	moved := env.step(dir, config.Variables{"name": config.StringVariable(name), "vpc_ids": vpcIDs(vpcA)})
	moved.ProtoV6ProviderFactories = factories
	moved.ConfigPlanChecks = resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
		expectMoved{from: "digitalocean_partner_attachment.link", to: addr},
		plancheck.ExpectResourceAction(addr, plancheck.ResourceActionNoop),
	}}
	moved.ConfigStateChecks = []statecheck.StateCheck{
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("bgp").AtMapKey("auth_key"), knownvalue.StringExact(key)),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("bgp").AtMapKey("local_asn"), knownvalue.Int64Exact(fakeapi.DefaultLocalASN)),
		statecheck.ExpectKnownOutputValue("id", knownvalue.StringFunc(func(got string) error {
			if got != id {
				return fmt.Errorf("output id %q, want the attachment the official provider created (%s)", got, id)
			}
			return nil
		})),
	}
	moved.Check = func(*terraform.State) error {
		if a, err := env.only(); err != nil || a.ID != id {
			return fmt.Errorf("want the one attachment %s, kept: %+v (%v)", id, a, err)
		}
		var writes []string
		for _, e := range env.api.Journal() {
			if e.Method != http.MethodGet {
				writes = append(writes, e.Method+" "+e.Path)
			}
		}
		if len(writes) != 0 {
			return fmt.Errorf("the move sent %s; it must only read", strings.Join(writes, ", "))
		}
		return nil
	}

	env.test(t, movedVersion, before, moved)
}

// expectMoved fails unless the plan moves from to to.
type expectMoved struct{ from, to string }

func (c expectMoved) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Address == c.to {
			if rc.PreviousAddress != c.from {
				resp.Error = fmt.Errorf("%s is planned as moved from %q, want %s", c.to, rc.PreviousAddress, c.from)
			}
			return
		}
	}
	resp.Error = fmt.Errorf("%s is not in the plan", c.to)
}
