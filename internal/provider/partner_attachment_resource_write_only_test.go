package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/pnc-tf/terraform-provider-do/internal/fakeapi"
)

func writeOnlyAttachment(name, key string, version int) attachmentConfig {
	return writeOnlyAttachmentExpr(name, strconv.Quote(key), version)
}

// writeOnlyAttachmentExpr is writeOnlyAttachment with the key given as an
// HCL expression, such as var.bgp_auth_key.
func writeOnlyAttachmentExpr(name, keyExpr string, version int) attachmentConfig {
	c := baseAttachment(name)
	c.BGP = nil
	c.Extra = fmt.Sprintf(`  bgp = {
    local_router_ip     = "169.254.0.1/29"
    peer_router_ip      = "169.254.0.6/29"
    peer_router_asn     = 64532
    auth_key_wo         = %s
    auth_key_wo_version = %d
  }`, keyExpr, version)
	return c
}

// secretAbsent fails if secret appears in the planned values and changes of
// a plan, or anywhere in state. (A plan's "configuration" section echoes
// literals written in the test's HCL, which is not what is stored.)
type secretAbsent struct{ secret string }

func (c secretAbsent) check(v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	if strings.Contains(string(raw), c.secret) {
		return fmt.Errorf("the write-only key appears in Terraform's JSON")
	}
	return nil
}

func (c secretAbsent) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	resp.Error = c.check([]any{req.Plan.PlannedValues, req.Plan.ResourceChanges, req.Plan.PriorState})
}

func (c secretAbsent) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = c.check(req.State)
}

func TestAccPartnerAttachment_writeOnlyAuthKey(t *testing.T) {
	env := newAccEnv(t, fakeapi.Options{})
	env.requireEmulator(t, "counts PATCH requests in the journal")
	const first, second = "write-only-key-ONE", "write-only-key-TWO"
	name := env.name("wo")
	emulatorKey := func(want string) resource.TestCheckFunc {
		return func(*terraform.State) error {
			if got := env.only(t).BGP.AuthKey; got != want {
				return fmt.Errorf("emulator holds auth key %q, want %q", got, want)
			}
			return nil
		}
	}
	nullKeys := []statecheck.StateCheck{
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("bgp").AtMapKey("auth_key"), knownvalue.Null()),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("bgp").AtMapKey("auth_key_wo"), knownvalue.Null()),
	}
	var id string
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.checkNoneLeft,
		Steps: []resource.TestStep{
			{
				Config: env.config(writeOnlyAttachment(name, first, 1).hcl("test")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					secretAbsent{first},
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("bgp").AtMapKey("auth_key_wo"), knownvalue.Null()),
				}},
				ConfigStateChecks: append(nullKeys, secretAbsent{first}),
				Check: resource.ComposeTestCheckFunc(emulatorKey(first), func(*terraform.State) error {
					id = env.only(t).ID
					env.api.ResetJournal()
					return nil
				}),
			},
			{
				// A new value under the same version is invisible to Terraform.
				Config:   env.config(writeOnlyAttachment(name, second, 1).hcl("test")),
				PlanOnly: true,
			},
			{
				// A version bump sends the new key in place.
				Config: env.config(writeOnlyAttachment(name, second, 2).hcl("test")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
					secretAbsent{second},
				}},
				ConfigStateChecks: append(nullKeys, secretAbsent{second},
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("bgp").AtMapKey("auth_key_wo_version"), knownvalue.Int64Exact(2))),
				Check: resource.ComposeTestCheckFunc(emulatorKey(second), func(*terraform.State) error {
					if got := env.only(t).ID; got != id {
						return fmt.Errorf("attachment replaced")
					}
					if n := env.api.Count("PATCH", "/v2/partner_network_connect/attachments/"); n != 1 {
						return fmt.Errorf("want one PATCH, saw %d", n)
					}
					return nil
				}),
			},
		},
	})
}

// Moving from auth_key to auth_key_wo sends the key once and removes the
// old one from state.
func TestAccPartnerAttachment_authKeyToWriteOnly(t *testing.T) {
	env := newAccEnv(t, fakeapi.Options{})
	name := env.name("to-wo")
	classic := baseAttachment(name)
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.checkNoneLeft,
		Steps: []resource.TestStep{
			{Config: env.config(classic.hcl("test"))},
			{
				Config: env.config(writeOnlyAttachment(name, "moved-to-write-only", 1).hcl("test")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					secretAbsent{classic.BGP.AuthKey}, secretAbsent{"moved-to-write-only"},
				},
				Check: func(*terraform.State) error {
					if got := env.only(t).BGP.AuthKey; got != "moved-to-write-only" {
						return fmt.Errorf("emulator holds %q", got)
					}
					return nil
				},
			},
		},
	})
}

func TestAccPartnerAttachment_bgpKeyRules(t *testing.T) {
	env := newAccEnv(t, fakeapi.Options{})
	env.requireEmulator(t, "proves through the journal that no request is made")
	both := writeOnlyAttachment("tfacc-keys", "wo", 1)
	both.Extra = strings.Replace(both.Extra, "auth_key_wo ", "auth_key = \"plain\"\n    auth_key_wo ", 1)
	noVersion := writeOnlyAttachment("tfacc-keys", "wo", 1)
	noVersion.Extra = strings.Replace(noVersion.Extra, "auth_key_wo_version = 1", "", 1)
	noKey := writeOnlyAttachment("tfacc-keys", "wo", 1)
	noKey.Extra = regexp.MustCompile(`(?m)^\s+auth_key_wo.*$`).ReplaceAllString(noKey.Extra, "")
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy: func(*terraform.State) error {
			if n := len(env.api.Journal()); n != 0 {
				return fmt.Errorf("invalid key settings made %d API requests", n)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{Config: env.config(both.hcl("test")), PlanOnly: true,
				ExpectError: regexp.MustCompile(`Attribute\s+"bgp.auth_key_wo"\s+cannot\s+be\s+specified\s+when\s+"bgp.auth_key"\s+is\s+specified`)},
			{Config: env.config(noVersion.hcl("test")), PlanOnly: true,
				ExpectError: regexp.MustCompile(`Attribute\s+"bgp.auth_key_wo_version"\s+must\s+be\s+specified\s+when\s+"bgp.auth_key_wo"\s+is\s+specified`)},
			{Config: env.config(noKey.hcl("test")), PlanOnly: true,
				ExpectError: regexp.MustCompile(`Planning\s+bgp:\s+missing\s+BGP\s+auth\s+key(?s:.*)set\s+bgp.auth_key,\s+or\s+bgp.auth_key_wo`)},
		},
	})
}
