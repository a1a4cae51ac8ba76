package exampletest

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/pnc-tf/terraform-provider-do/internal/apiclient"
	"github.com/pnc-tf/terraform-provider-do/internal/fakeapi"
)

func testScenarioBasic(t *testing.T, dir string) {
	env := newScenarioEnv(t)
	step := env.step(dir, attachmentVars("basic-scenario-key"))
	step.ConfigStateChecks = []statecheck.StateCheck{
		statecheck.ExpectKnownValue("do_partner_attachment.this", tfjsonpath.New("state"), knownvalue.StringExact(apiclient.StateActive)),
		statecheck.ExpectKnownOutputValue("state", knownvalue.StringExact(apiclient.StateActive)),
		statecheck.ExpectKnownOutputValue("local_asn", knownvalue.Int64Exact(fakeapi.DefaultLocalASN)),
		statecheck.ExpectKnownOutputValue("id", knownvalue.StringFunc(func(id string) error {
			if a, err := env.only(); err != nil || a.ID != id || a.Name != "basic-megaport-link" {
				return fmt.Errorf("output id %q does not name the emulator's attachment (%+v, %v)", id, a, err)
			}
			return nil
		})),
	}
	env.test(t, nil, step)
}

func testScenarioImport(t *testing.T, dir string) {
	env := newScenarioEnv(t)
	const authKey = "import-scenario-key"
	id := env.api.Seed(fakeapi.SeedAttachment{
		Name: "adopted-link", Region: "nyc", NaaSProvider: "MEGAPORT", ConnectionBandwidthInMbps: 1000,
		VPCIDs: []string{vpcA},
		BGP: &fakeapi.BGP{
			LocalASN: fakeapi.DefaultLocalASN, LocalRouterIP: "169.254.0.1/29",
			PeerASN: 64532, PeerRouterIP: "169.254.0.6/29", AuthKey: authKey,
		},
	})
	const addr = "do_partner_attachment.adopted"
	vars := attachmentVars(authKey)
	vars["attachment_id"] = config.StringVariable(id)
	vars["name"] = config.StringVariable("adopted-link")
	step := env.step(dir, vars)
	// Adopted as it is: imported, nothing to change.
	step.ConfigPlanChecks = resource.ConfigPlanChecks{
		PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionNoop)},
	}
	step.ConfigStateChecks = []statecheck.StateCheck{
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(id)),
		statecheck.ExpectKnownOutputValue("state", knownvalue.StringExact(apiclient.StateActive)),
	}
	step.Check = func(*terraform.State) error {
		if n := len(env.api.Journal()) - env.api.Count("GET", ""); n != 0 {
			return fmt.Errorf("adopting the attachment sent %d write request(s); an import must only read", n)
		}
		return nil
	}
	env.test(t, tfversion.Version1_6_0, step) // an import block's id from a variable
}
