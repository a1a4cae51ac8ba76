package provider

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/pnc-tf/terraform-provider-do/internal/fakeapi"
)

func TestAccPartnerAttachment_basic(t *testing.T) {
	env := newAccEnv(t, fakeapi.Options{})
	cfg := baseAttachment(env.name("basic"))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.checkNoneLeft,
		Steps: []resource.TestStep{
			{
				Config: env.config(cfg.hcl("test")),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("state"), knownvalue.StringExact("ACTIVE")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("region"), knownvalue.StringExact("nyc")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("naas_provider"), knownvalue.StringExact("MEGAPORT")),
					// What the API chooses (the local ASN, a redundancy zone when
					// none is configured) is not asserted: live mode runs this too.
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("bgp").AtMapKey("local_asn"), knownvalue.NotNull()),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("children"), knownvalue.SetSizeExact(0)),
					statecheck.ExpectSensitiveValue(addr, tfjsonpath.New("bgp").AtMapKey("auth_key")),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestMatchResourceAttr(addr, "created_at", regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`)),
					func(*terraform.State) error {
						if got := env.only(t).BGP.AuthKey; got != cfg.BGP.AuthKey {
							return fmt.Errorf("emulator received auth key %q, want the configured one", got)
						}
						return nil
					},
					env.checkUserAgent,
				),
			},
			{
				ResourceName:      addr,
				ImportState:       true,
				ImportStateVerify: true,
			},
		},
	})
}

// checkUserAgent: every request names this provider, its version and the
// Terraform version.
func (e *accEnv) checkUserAgent(*terraform.State) error {
	uas := e.userAgents.all()
	if len(uas) == 0 {
		return fmt.Errorf("no requests seen")
	}
	want := regexp.MustCompile(`^terraform-provider-do/test \(\+https://registry\.terraform\.io/providers/pnc-tf/do\) Terraform/\d+\.\d+\.\d+`)
	for _, ua := range uas {
		if !want.MatchString(ua) {
			return fmt.Errorf("user agent %q does not name provider and Terraform versions", ua)
		}
	}
	return nil
}

func TestAccPartnerAttachment_updateInPlace(t *testing.T) {
	env := newAccEnv(t, fakeapi.Options{})
	before := baseAttachment(env.name("update"))
	after := before
	after.Name = env.name("update.renamed")
	after.VPCs = []string{vpcA, vpcB}
	after.BGP = &bgpConfig{LocalIP: "169.254.1.1/29", PeerIP: "169.254.1.6/29", PeerASN: 133937, AuthKey: "rotated-key-Zz9"}
	var firstID string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.checkNoneLeft,
		Steps: []resource.TestStep{
			{
				Config: env.config(before.hcl("test")),
				Check: func(*terraform.State) error {
					firstID = env.only(t).ID
					// The request count below needs the emulator's journal;
					// live mode has none (the update is checked on the API's
					// answer alone).
					if env.live == nil {
						env.api.ResetJournal()
					}
					return nil
				},
			},
			{
				Config: env.config(after.hcl("test")),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("name"), knownvalue.StringExact(after.Name)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("vpc_ids"), knownvalue.SetExact([]knownvalue.Check{
						knownvalue.StringExact(vpcA), knownvalue.StringExact(vpcB)})),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("bgp").AtMapKey("peer_router_asn"), knownvalue.Int64Exact(133937)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("state"), knownvalue.StringExact("ACTIVE")),
				},
				Check: func(*terraform.State) error {
					a := env.only(t)
					switch {
					case a.ID != firstID:
						return fmt.Errorf("attachment was replaced: %s -> %s", firstID, a.ID)
					case a.Name != after.Name || len(a.VPCIDs) != 2:
						return fmt.Errorf("emulator did not receive name/vpc_ids: %+v", a)
					case a.BGP == nil || a.BGP.AuthKey != after.BGP.AuthKey || a.BGP.PeerASN != 133937 || a.BGP.LocalRouterIP != "169.254.1.1/29":
						return fmt.Errorf("emulator did not receive the new BGP settings: %+v", a.BGP)
					}
					// Only the emulator's journal counts requests (live mode has
					// no journal).
					if env.live == nil {
						if n := env.api.Count("PATCH", "/v2/partner_network_connect/attachments/"); n != 1 {
							return fmt.Errorf("want exactly one PATCH, got %d", n)
						}
					}
					return nil
				},
			},
		},
	})
}

func TestAccPartnerAttachment_replaceOnRegionAndBandwidth(t *testing.T) {
	env := newAccEnv(t, fakeapi.Options{})
	env.requireEmulator(t, "moves the attachment to region ams with the same VPC ids, which real VPCs, being regional, do not allow")
	cfg := baseAttachment(env.name("replace"))
	otherRegion := cfg
	otherRegion.Region = "ams"
	otherBandwidth := otherRegion
	otherBandwidth.Bandwidth = 10000
	replaced := []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionReplace)}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.checkNoneLeft,
		Steps: []resource.TestStep{
			{Config: env.config(cfg.hcl("test"))},
			{
				Config:            env.config(otherRegion.hcl("test")),
				ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: replaced},
				ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectKnownValue(addr, tfjsonpath.New("region"), knownvalue.StringExact("ams"))},
			},
			{
				Config:           env.config(otherBandwidth.hcl("test")),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: replaced},
				Check: func(*terraform.State) error {
					if a := env.only(t); a.ConnectionBandwidthInMbps != 10000 {
						return fmt.Errorf("bandwidth %d", a.ConnectionBandwidthInMbps)
					}
					return nil
				},
			},
		},
	})
}

func TestAccPartnerAttachment_disappears(t *testing.T) {
	env := newAccEnv(t, fakeapi.Options{})
	env.requireEmulator(t, "deletes the attachment out of band")
	cfg := env.config(baseAttachment(env.name("disappears")).hcl("test"))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.checkNoneLeft,
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				PreConfig: func() { env.api.DeleteOutOfBand(env.only(t).ID) },
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate)},
				},
			},
		},
	})
}

func TestAccPartnerAttachment_renamedOutOfBand(t *testing.T) {
	env := newAccEnv(t, fakeapi.Options{})
	env.requireEmulator(t, "renames the attachment out of band")
	cfg := baseAttachment(env.name("oob"))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.checkNoneLeft,
		Steps: []resource.TestStep{
			{Config: env.config(cfg.hcl("test"))},
			{
				PreConfig: func() { env.api.Rename(env.only(t).ID, "renamed-in-console") },
				Config:    env.config(cfg.hcl("test")),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(addr, tfjsonpath.New("name"), knownvalue.StringExact(cfg.Name)),
					},
				},
				Check: func(*terraform.State) error {
					if got := env.only(t).Name; got != cfg.Name {
						return fmt.Errorf("name in emulator %q, want %q", got, cfg.Name)
					}
					return nil
				},
			},
		},
	})
}

// The API answers "NYC" and "MEGAPORT" to "nyc" and "megaport": no diff.
func TestAccPartnerAttachment_caseInsensitiveRegionAndProvider(t *testing.T) {
	env := newAccEnv(t, fakeapi.Options{})
	env.requireEmulator(t, "reads the emulator's journal")
	lower := baseAttachment(env.name("case"))
	lower.Region, lower.Provider = "nyc", "megaport"
	upper := lower
	upper.Region, upper.Provider = "NYC", "MEGAPORT"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.checkNoneLeft,
		Steps: []resource.TestStep{
			{
				Config: env.config(lower.hcl("test")),
				Check: func(*terraform.State) error {
					if a := env.only(t); a.Region != "NYC" || a.NaaSProvider != "MEGAPORT" {
						return fmt.Errorf("emulator should answer upper case, has %q/%q", a.Region, a.NaaSProvider)
					}
					return nil
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("region"), knownvalue.StringExact("nyc")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("naas_provider"), knownvalue.StringExact("megaport")),
				},
			},
			// The plan after apply was empty (the framework checks it). Now
			// the user switches to the API's casing: no replacement, no call.
			{
				PreConfig: env.api.ResetJournal,
				Config:    env.config(upper.hcl("test")),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate)},
				},
				Check: func(*terraform.State) error {
					for _, e := range env.api.Journal() {
						if e.Method != "GET" {
							return fmt.Errorf("a letter-case change must not call the API, saw %s %s", e.Method, e.Path)
						}
					}
					return nil
				},
			},
		},
	})
}

// Every spelling of ready is reported as ACTIVE.
func TestAccPartnerAttachment_activeReadyState(t *testing.T) {
	for _, ready := range []string{"ACTIVE", "active", "CREATED"} {
		t.Run(ready, func(t *testing.T) {
			env := newAccEnv(t, fakeapi.Options{ReadyState: ready})
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: env.factories(),
				CheckDestroy:             env.checkNoneLeft,
				Steps: []resource.TestStep{{
					Config: env.config(baseAttachment(env.name("ready-" + strings.ToLower(ready))).hcl("test")),
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue(addr, tfjsonpath.New("state"), knownvalue.StringExact("ACTIVE")),
					},
				}},
			})
		})
	}
}

func TestAccPartnerAttachment_createTimeoutTaints(t *testing.T) {
	env := newAccEnv(t, fakeapi.Options{ProvisioningDelay: time.Hour})
	slow := baseAttachment(env.name("timeout"))
	// A bounded delete timeout keeps a failing run from waiting an hour.
	slow.Extra = "  timeouts = { create = \"1s\", delete = \"1m\" }\n"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.checkNoneLeft,
		Steps: []resource.TestStep{
			{
				Config:      env.config(slow.hcl("test")),
				ExpectError: regexp.MustCompile(`Waiting for partner attachment \S+: timed out(?s:.*)did\s+not\s+become\s+ready:\s+timed\s+out\s+after\s+1s;\s+last\s+state\s+seen:\s+CREATING`),
			},
			{
				// The attachment is in state, tainted: the next apply replaces it.
				PreConfig: func() { env.api.SetProvisioningDelay(100 * time.Millisecond) },
				Config:    env.config(slow.hcl("test")),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(addr, plancheck.ResourceActionReplace)},
				},
			},
		},
	})
}

func TestAccPartnerAttachment_errorState(t *testing.T) {
	env := newAccEnv(t, fakeapi.Options{FailCreatesInto: "ERROR"})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.checkNoneLeft,
		Steps: []resource.TestStep{{
			Config:      env.config(baseAttachment(env.name("error")).hcl("test")),
			ExpectError: regexp.MustCompile(`Waiting for partner attachment \S+: entered an error state(?s:.*)entered error state "ERROR"`),
		}},
	})
}

// Handling: a create the API refuses because the name is taken
// (createRefused in partner_attachment_resource.go) names the attachment that
// has it and shows the import block that takes it over, and adopts
// nothing: one POST, no second attachment, nothing in state. Verified
// failing with createAttachment reporting the refusal as before ("Error
// creating partner attachment" with the API's message only). The holder
// appears after the plan-time check (TestAccPlanChecks_nameInUse) listed, as
// when someone else takes the name between the plan and the create.
func TestAccPartnerAttachment_createRefusedNameInUse(t *testing.T) {
	env := newAccEnv(t, fakeapi.Options{})
	env.requireEmulator(t, "seeds an attachment that holds the name")
	cfg := baseAttachment(env.name("taken"))
	const existing = "0b5e4e5c-3b1d-4c43-9d59-5f1f6e0ad7a1"
	env.watch(http.MethodPost, attachmentsPath, 0, func() {
		env.api.Seed(fakeapi.SeedAttachment{ID: existing, Name: cfg.Name, VPCIDs: cfg.VPCs})
	})
	want := regexp.MustCompile(`(?s)Creating partner attachment "` + regexp.QuoteMeta(cfg.Name) + `": name already in use.*` +
		`Attachment\s+` + regexp.QuoteMeta(existing) + `\s+\(state\s+ACTIVE.*` +
		`import\s+\{\s+to\s+=\s+do_partner_attachment\.<this\s+resource's\s+name>\s+id\s+=\s+"` + regexp.QuoteMeta(existing) + `"\s+\}`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{{
			Config:      env.config(cfg.hcl("test")),
			ExpectError: want,
		}},
		CheckDestroy: func(s *terraform.State) error {
			if _, ok := s.RootModule().Resources[addr]; ok {
				return fmt.Errorf("%s is in state: the existing attachment was adopted", addr)
			}
			if all := env.api.Attachments(); len(all) != 1 || all[0].ID != existing {
				return fmt.Errorf("want only the pre-existing attachment %s, have %+v", existing, all)
			}
			if n := len(env.requestsTo(http.MethodPost, attachmentsPath)); n != 1 {
				return fmt.Errorf("the create was sent %d times, want 1", n)
			}
			return nil
		},
	})
}

func TestAccPartnerAttachment_haPair(t *testing.T) {
	env := newAccEnv(t, fakeapi.Options{})
	primary := baseAttachment(env.name("ha-blue"))
	primary.Extra = `  redundancy_zone = "MEGAPORT_BLUE"`
	secondary := baseAttachment(env.name("ha-red"))
	secondary.BGP = &bgpConfig{LocalIP: "169.254.0.9/29", PeerIP: "169.254.0.14/29", PeerASN: 64532, AuthKey: "second-key"}
	secondary.Extra = `  redundancy_zone = "MEGAPORT_RED"
  parent_uuid     = do_partner_attachment.primary.id`
	cfg := env.config(primary.hcl("primary"), secondary.hcl("secondary"))
	// children is the API's to report, and an API may leave the field out
	// (the sparse profile): only the emulator's default reading is held to
	// it. Everywhere the refresh must show no diff.
	childOnParent := resource.TestCheckTypeSetElemAttrPair("do_partner_attachment.primary", "children.*",
		"do_partner_attachment.secondary", "id")
	if env.live != nil {
		childOnParent = func(*terraform.State) error { return nil }
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.checkNoneLeft,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.CompareValuePairs("do_partner_attachment.secondary", tfjsonpath.New("parent_uuid"),
						"do_partner_attachment.primary", tfjsonpath.New("id"), compareEqual),
					statecheck.ExpectKnownValue("do_partner_attachment.secondary", tfjsonpath.New("redundancy_zone"), knownvalue.StringExact("MEGAPORT_RED")),
				},
			},
			{
				// A refresh shows the child on the parent, without a diff.
				Config: cfg,
				Check:  childOnParent,
			},
		},
	})
}

// Handling: children is not UseStateForUnknown, so an update plans it
// unknown and the read-back may show a child that appeared meanwhile.
// Here the child is seeded as the parent's rename (PATCH) arrives. Verified
// failing with setplanmodifier.UseStateForUnknown() put back on children:
// "Provider produced inconsistent result after apply ... .children".
func TestAccPartnerAttachment_childrenChangeDuringUpdate(t *testing.T) {
	env := newAccEnv(t, fakeapi.Options{})
	env.requireEmulator(t, "seeds a child attachment while the parent is updating")
	parent := withoutBGP(env.name("pairing"))
	renamed := parent
	renamed.Name = env.name("pairing.renamed")
	var parentID string
	// The child is seeded by the emulator's goroutine serving the PATCH.
	var childMu sync.Mutex
	childID := ""
	child := func() string {
		childMu.Lock()
		defer childMu.Unlock()
		return childID
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		// The child was never Terraform's: only it may be left.
		CheckDestroy: func(*terraform.State) error {
			all := env.api.Attachments()
			if len(all) != 1 || all[0].ID != child() {
				return fmt.Errorf("want only the out-of-band child %s left, have %+v", child(), all)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: env.config(parent.hcl("test")),
				Check:  captureID(addr, &parentID),
			},
			{
				PreConfig: func() {
					env.watch(http.MethodPatch, attachmentURLPath(parentID), 0, func() {
						id := env.api.Seed(fakeapi.SeedAttachment{Name: env.name("pairing-child"), ParentUUID: parentID, VPCIDs: []string{vpcA}})
						childMu.Lock()
						childID = id
						childMu.Unlock()
					})
				},
				Config: env.config(renamed.hcl("test")),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
						plancheck.ExpectUnknownValue(addr, tfjsonpath.New("children")),
					},
				},
				Check: func(s *terraform.State) error {
					if child() == "" {
						return fmt.Errorf("the PATCH never arrived, so no child was seeded")
					}
					return resource.TestCheckTypeSetElemAttr(addr, "children.*", child())(s)
				},
			},
			{
				// The next refresh still shows it, without a diff.
				Config:           env.config(renamed.hcl("test")),
				ConfigPlanChecks: emptyPlanAfterApply,
				Check: func(s *terraform.State) error {
					return resource.TestCheckTypeSetElemAttr(addr, "children.*", child())(s)
				},
			},
		},
	})
}
