package exampletest

import (
	"fmt"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/pnc-tf/terraform-provider-do/internal/fakeapi"
)

// The HA guide: the pair in opposite zones, the redundant attachment naming
// the primary; the primary lists it in children after the next refresh,
// which changes nothing else; no BGP key in state; and a change that
// replaces the primary replaces both.
func testGuideHAPair(t *testing.T, dir string) {
	env := newScenarioEnv(t)
	const primary, redundant = "do_partner_attachment.primary", "do_partner_attachment.redundant"
	const key = "ha-guide-key"
	vars := attachmentVars(key)
	// The output "links" is keyed by attachment name.
	link := func(name string) tfjsonpath.Path { return tfjsonpath.New(name) }
	paired := []statecheck.StateCheck{
		statecheck.ExpectKnownValue(primary, tfjsonpath.New("redundancy_zone"), knownvalue.StringExact("MEGAPORT_BLUE")),
		statecheck.ExpectKnownValue(redundant, tfjsonpath.New("redundancy_zone"), knownvalue.StringExact("MEGAPORT_RED")),
		statecheck.CompareValuePairs(redundant, tfjsonpath.New("parent_uuid"), primary, tfjsonpath.New("id"), compare.ValuesSame()),
	}

	step := env.step(dir, vars)
	step.ConfigPlanChecks = resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
		secretAbsent{what: "ephemeral BGP auth key", secret: fixed(key)},
	}}
	step.ConfigStateChecks = append(slices.Clip(paired),
		statecheck.ExpectKnownOutputValueAtPath("links", link("ha-megaport-link-blue").AtMapKey("redundancy_zone"), knownvalue.StringExact("MEGAPORT_BLUE")),
		statecheck.ExpectKnownOutputValueAtPath("links", link("ha-megaport-link-red").AtMapKey("peer_router_ip"), knownvalue.StringExact("169.254.0.14/29")),
		statecheck.ExpectKnownOutputValueAtPath("links", link("ha-megaport-link-red").AtMapKey("local_asn"), knownvalue.Int64Exact(fakeapi.DefaultLocalASN)),
		secretAbsent{what: "BGP auth key", secret: fixed(key)},
	)
	step.Check = func(*terraform.State) error {
		if err := env.checkPaired(); err != nil {
			return err
		}
		for _, a := range env.api.Attachments() {
			if a.BGP == nil || a.BGP.AuthKey != key {
				return fmt.Errorf("attachment %s did not get the configured BGP key", a.Name)
			}
		}
		return nil
	}

	// The second apply changes nothing but refreshes the primary, whose
	// children the API now reports.
	refreshed := env.step(dir, vars)
	refreshed.ConfigPlanChecks = resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}
	refreshed.ConfigStateChecks = append(slices.Clip(paired),
		statecheck.CompareValueCollection(primary, []tfjsonpath.Path{tfjsonpath.New("children")}, redundant, tfjsonpath.New("id"), compare.ValuesSame()))
	refreshed.Check = func(*terraform.State) error { return env.checkPaired() }

	// A new bandwidth replaces the primary; the redundant attachment's
	// parent_uuid then changes, which replaces it as well.
	replaced := env.step(dir, withVars(vars, config.Variables{"bandwidth_mbps": config.IntegerVariable(2000)}))
	replaced.PlanOnly = true
	replaced.ExpectNonEmptyPlan = true
	replaced.ConfigPlanChecks = resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
		plancheck.ExpectResourceAction(primary, plancheck.ResourceActionDestroyBeforeCreate),
		plancheck.ExpectResourceAction(redundant, plancheck.ResourceActionDestroyBeforeCreate),
	}}

	env.test(t, writeOnlyVersion, step, refreshed, replaced)
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
