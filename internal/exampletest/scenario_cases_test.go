package exampletest

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
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
	resource.Test(t, resource.TestCase{
		CheckDestroy: env.checkNoneLeft,
		Steps: []resource.TestStep{{
			ProtoV6ProviderFactories: env.factories(),
			ConfigDirectory:          config.StaticDirectory(dir),
			ConfigVariables: config.Variables{
				"vpc_ids":      vpcIDs(vpcA),
				"bgp_auth_key": config.StringVariable("basic-scenario-key"),
			},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("do_partner_attachment.this", tfjsonpath.New("state"), knownvalue.StringExact(apiclient.StateActive)),
				statecheck.ExpectKnownOutputValue("state", knownvalue.StringExact(apiclient.StateActive)),
				statecheck.ExpectKnownOutputValue("local_asn", knownvalue.Int64Exact(fakeapi.DefaultLocalASN)),
				statecheck.ExpectKnownOutputValue("id", knownvalue.StringFunc(func(id string) error {
					if a, err := env.only(); err != nil || a.ID != id || a.Name != "basic-megaport-link" {
						return fmt.Errorf("output id %q does not name the emulator's attachment (%+v, %v)", id, a, err)
					}
					return nil
				})),
			},
		}},
	})
}

func testScenarioHAPair(t *testing.T, dir string) {
	env := newScenarioEnv(t)
	const primary, secondary = "do_partner_attachment.primary", "do_partner_attachment.secondary"
	step := env.step(dir, attachmentVars("ha-scenario-key"))
	step.ConfigStateChecks = []statecheck.StateCheck{
		statecheck.ExpectKnownValue(primary, tfjsonpath.New("redundancy_zone"), knownvalue.StringExact("MEGAPORT_BLUE")),
		statecheck.ExpectKnownValue(secondary, tfjsonpath.New("redundancy_zone"), knownvalue.StringExact("MEGAPORT_RED")),
		statecheck.CompareValuePairs(secondary, tfjsonpath.New("parent_uuid"), primary, tfjsonpath.New("id"), compare.ValuesSame()),
	}
	step.Check = func(*terraform.State) error { return env.checkPaired() }
	// The second apply changes nothing but refreshes the primary, whose
	// children the API now reports.
	refreshed := step
	refreshed.ConfigPlanChecks = resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}
	refreshed.ConfigStateChecks = append(refreshed.ConfigStateChecks,
		statecheck.CompareValueCollection(primary, []tfjsonpath.Path{tfjsonpath.New("children")}, secondary, tfjsonpath.New("id"), compare.ValuesSame()))
	env.test(t, nil, step, refreshed)
}

// checkPaired: the emulator holds the pair, the second naming the first.
func (e *scenarioEnv) checkPaired() error {
	all := e.api.Attachments()
	if len(all) != 2 {
		return fmt.Errorf("emulator holds %d attachments, want 2", len(all))
	}
	zones := map[string]string{}
	for _, a := range all {
		zones[a.RedundancyZone] = a.ParentUUID
	}
	blueParent, blue := zones["MEGAPORT_BLUE"]
	redParent, red := zones["MEGAPORT_RED"]
	if !blue || !red || blueParent != "" || redParent == "" {
		return fmt.Errorf("want a parent in MEGAPORT_BLUE and its child in MEGAPORT_RED, got %+v", all)
	}
	return nil
}

func testScenarioMegaportHandoff(t *testing.T, dir string) {
	env := newScenarioEnv(t)
	out := t.TempDir()
	keyFile, idFile := filepath.Join(out, "service-key"), filepath.Join(out, "attachment-id")
	command := fmt.Sprintf(`printf '%%s' "$SERVICE_KEY" > '%s' && printf '%%s' "$ATTACHMENT_ID" > '%s'`, keyFile, idFile)
	vars := attachmentVars("handoff-scenario-key")
	vars["handoff_command"] = config.StringVariable(command)
	step := env.step(dir, vars)
	step.ConfigStateChecks = []statecheck.StateCheck{
		notInState{what: "service key", secret: env.serviceKey},
		statecheck.ExpectKnownOutputValueAtPath("megaport_bgp", tfjsonpath.New("local_asn"), knownvalue.Int64Exact(fakeapi.DefaultLocalASN)),
	}
	step.Check = func(*terraform.State) error { return env.checkHandedOff(keyFile, idFile) }
	env.test(t, tfversion.Version1_10_0, step) // ephemeral resources
}

// checkHandedOff: the hand-off command received the attachment's ID and the
// key the emulator issued for it.
func (e *scenarioEnv) checkHandedOff(keyFile, idFile string) error {
	a, err := e.only()
	if err != nil {
		return err
	}
	want, err := e.serviceKey()
	if err != nil {
		return err
	}
	gotKey, err := readFile(keyFile)
	if err != nil {
		return err
	}
	gotID, err := readFile(idFile)
	if err != nil {
		return err
	}
	if gotKey != want || gotID != a.ID {
		return fmt.Errorf("hand-off got attachment %q and a key of %d bytes, want %s and the emulator's key (%d bytes)", gotID, len(gotKey), a.ID, len(want))
	}
	return nil
}

func testScenarioMegaportHandoffOutput(t *testing.T, dir string) {
	env := newScenarioEnv(t)
	step := env.step(dir, attachmentVars("handoff-output-scenario-key"))
	step.ConfigStateChecks = []statecheck.StateCheck{
		statecheck.ExpectSensitiveValue("data.do_partner_attachment_service_key.megaport", tfjsonpath.New("value")),
		statecheck.ExpectKnownOutputValue("service_key", knownvalue.StringFunc(func(got string) error {
			want, err := env.serviceKey()
			if err == nil && got != want {
				err = fmt.Errorf("output service_key (%d bytes) is not the emulator's key (%d bytes)", len(got), len(want))
			}
			return err
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
