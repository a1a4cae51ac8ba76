package provider

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/pnc-tf/terraform-provider-do/internal/fakeapi"
)

// serviceKeyConfig takes attachment_id as an HCL expression.
func serviceKeyConfig(label, attachmentID string, extra ...string) string {
	return dataBlock("do_partner_attachment_service_key", label, append([]string{"attachment_id = " + attachmentID}, extra...)...)
}

// expectServiceKey checks the data source at address against the key the
// emulator holds for the attachment *id (read when the check runs).
func expectServiceKey(env *accEnv, address string, id *string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		key, ok := env.api.ServiceKey(*id)
		if !ok {
			return fmt.Errorf("the emulator has no service key for %s", *id)
		}
		return resource.ComposeAggregateTestCheckFunc(
			resource.TestCheckResourceAttr(address, "value", key.Value),
			resource.TestCheckResourceAttr(address, "state", key.State),
			resource.TestCheckResourceAttr(address, "created_at", key.CreatedAt.UTC().Format("2006-01-02T15:04:05Z")),
		)(s)
	}
}

// The key of an attachment that is still provisioning does not exist yet
// (404): the data source waits. The emulator finishes provisioning as soon as
// it has answered a 404, so the test proves the wait without timing it.
func TestAccPartnerAttachmentServiceKeyDataSource_waitsForKey(t *testing.T) {
	var (
		env         *accEnv
		id, stuck   string
		becomeReady sync.Once
	)
	env = newAccEnv(t, fakeapi.Options{Logf: func(format string, args ...any) {
		if line := fmt.Sprintf(format, args...); strings.Contains(line, id+"/service_key -> 404") {
			becomeReady.Do(func() { env.api.SetState(id, fakeapi.StateCreated) })
		}
	}})
	id = env.api.Seed(fakeapi.SeedAttachment{Name: "tfacc-key", State: fakeapi.StateCreating})
	stuck = env.api.Seed(fakeapi.SeedAttachment{Name: "tfacc-stuck", State: fakeapi.StateCreating})
	const addr = "data.do_partner_attachment_service_key.key"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				Config: env.config(serviceKeyConfig("key", fmt.Sprintf("%q", id))),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{expectSensitiveInPlan{addr, "value"}},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectSensitiveValue(addr, tfjsonpath.New("value")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("state"), knownvalue.StringExact("CREATED")),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					expectServiceKey(env, addr, &id),
					func(*terraform.State) error {
						var statuses []int
						for _, e := range env.api.Journal() {
							if e.Path == attachmentsPath+"/"+id+"/service_key" {
								statuses = append(statuses, e.Status)
							}
						}
						if len(statuses) < 2 || statuses[0] != 404 || statuses[len(statuses)-1] != 200 {
							return fmt.Errorf("want 404 (no key yet) and then 200 answers to the key GETs, got %v", statuses)
						}
						return nil
					},
				),
			},
			{
				Config:      env.config(serviceKeyConfig("stuck", fmt.Sprintf("%q", stuck), `timeouts = { read = "200ms" }`)),
				ExpectError: regexp.MustCompile(`(?s)Reading the service key of partner attachment \S+: timed out.*timed out after 200ms; last\s+state\s+seen: \(not issued yet\).*raise\s+timeouts.read`),
			},
			{
				Config:      env.config(serviceKeyConfig("missing", `"no-such-attachment"`)),
				ExpectError: regexp.MustCompile(`(?s)Reading partner attachment no-such-attachment: not found.*attachment_id: no partner attachment with id\s+"no-such-attachment"\s+exists`),
			},
		},
	})
}

// The usual configuration: the key of an attachment created in the same
// apply. Its id is unknown while planning, so Terraform reads the key during
// apply, after the resource is ready.
func TestAccPartnerAttachmentServiceKeyDataSource_newAttachment(t *testing.T) {
	env := newAccEnv(t, fakeapi.Options{})
	env.requireEmulator(t, "compares with the service key the emulator holds")
	const addr = "data.do_partner_attachment_service_key.key"
	var id string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.checkNoneLeft,
		Steps: []resource.TestStep{{
			Config: env.config(baseAttachment(env.name("new-key")).hcl("test"), serviceKeyConfig("key", "do_partner_attachment.test.id")),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{
					plancheck.ExpectUnknownValue(addr, tfjsonpath.New("value")),
					expectSensitiveInPlan{addr, "value"},
				},
			},
			ConfigStateChecks: []statecheck.StateCheck{statecheck.ExpectSensitiveValue(addr, tfjsonpath.New("value"))},
			Check: resource.ComposeAggregateTestCheckFunc(
				func(*terraform.State) error { id = env.only(t).ID; return nil },
				expectServiceKey(env, addr, &id),
			),
		}},
	})
}
