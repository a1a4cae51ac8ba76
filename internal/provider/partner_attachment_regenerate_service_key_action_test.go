package provider

import (
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/pnc-tf/terraform-provider-do/internal/fakeapi"
)

func regenerateConfig(env *accEnv, attachmentID, revision string) string {
	return regenerateConfigWith(env, attachmentID, revision, "")
}

// regenerateConfigWith adds trigger, more lines for the action_trigger.
func regenerateConfigWith(env *accEnv, attachmentID, revision, trigger string) string {
	return env.config(fmt.Sprintf(`
action "do_partner_attachment_regenerate_service_key" "rotate" {
  config {
    attachment_id = %[1]q
  }
}

resource "terraform_data" "rotation" {
  input = %[2]q
  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.do_partner_attachment_regenerate_service_key.rotate]
      %[3]s
    }
  }
}
`, attachmentID, revision, trigger))
}

func seedReady(env *accEnv, name string) string {
	return env.api.Seed(fakeapi.SeedAttachment{
		Name: name, ConnectionBandwidthInMbps: 1000, Region: "NYC", NaaSProvider: "MEGAPORT",
		VPCIDs: []string{vpcA}, State: "CREATED", CreatedAt: time.Now().UTC(),
	})
}

// The action POSTs a regeneration and returns only once the new key is
// readable: right after each apply the emulator serves a different key.
func TestAccRegenerateServiceKeyAction(t *testing.T) {
	env := newAccEnv(t, fakeapi.Options{ServiceKeyDelay: 300 * time.Millisecond})
	id := seedReady(env, "tfacc-rotate")
	keys := map[string]bool{}
	currentKey := func() string {
		k, ok := env.api.ServiceKey(id)
		if !ok || k.Value == "" {
			t.Fatalf("no service key for %s", id)
		}
		return k.Value
	}
	keys[currentKey()] = true
	expectNewKey := func(*terraform.State) error {
		if n := env.api.Count("POST", "/v2/partner_network_connect/attachments/"+id+"/service_key"); n != len(keys) {
			return fmt.Errorf("want %d regeneration POSTs so far, saw %d", len(keys), n)
		}
		k := currentKey()
		if keys[k] {
			return fmt.Errorf("service key was not regenerated (or the action returned before the new key was readable)")
		}
		keys[k] = true
		return nil
	}
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{Config: regenerateConfig(env, id, "v1"), Check: expectNewKey},
			{Config: regenerateConfig(env, id, "v2"), Check: expectNewKey},
		},
	})
}

func TestAccRegenerateServiceKeyAction_unknownAttachment(t *testing.T) {
	env := newAccEnv(t, fakeapi.Options{})
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{{
			Config:      regenerateConfig(env, "00000000-0000-0000-0000-000000000000", "v1"),
			ExpectError: regexp.MustCompile(`Regenerating the service key of partner attachment \S+: not found(?s:.*)HTTP\s+404\s+\(not_found\)`),
		}},
	})
}

// With Terraform 1.16's on_failure = continue, a rotation that fails is a
// warning and the apply goes on: the action reports the API's refusal as a
// diagnostic that Terraform can downgrade, and the change that triggered it
// is applied. (The default, halt, is TestAccRegenerateServiceKeyAction_unknownAttachment.)
func TestAccRegenerateServiceKeyAction_onFailureContinue(t *testing.T) {
	env := newAccEnv(t, fakeapi.Options{})
	env.requireEmulator(t, "counts the action's requests in the emulator's journal")
	const missing = "00000000-0000-0000-0000-000000000000"
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(version.Must(version.NewVersion("1.16.0")))},
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{{
			Config: regenerateConfigWith(env, missing, "v1", "on_failure = continue"),
			Check: resource.ComposeTestCheckFunc(
				resource.TestCheckResourceAttr("terraform_data.rotation", "input", "v1"),
				func(*terraform.State) error {
					if n := env.api.Count("POST", "/v2/partner_network_connect/attachments/"+missing+"/service_key"); n != 1 {
						return fmt.Errorf("want the one refused regeneration POST, saw %d", n)
					}
					return nil
				},
			),
		}},
	})
}

// A regeneration whose answer is lost (here a 503) is retried: doing it
// twice is harmless.
func TestAccRegenerateServiceKeyAction_retriesServerErrors(t *testing.T) {
	env := newAccEnv(t, fakeapi.Options{})
	env.requireEmulator(t, "injects a fault")
	id := seedReady(env, env.name("rotate-retry"))
	before, _ := env.api.ServiceKey(id)
	keyPath := "/v2/partner_network_connect/attachments/" + id + "/service_key"
	env.api.InjectFaults(fakeapi.Fault{Status: 503, Match: fakeapi.MatchRequest("POST", keyPath)})
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{{
			Config: regenerateConfig(env, id, "v1"),
			Check: func(*terraform.State) error {
				if n := env.api.Count("POST", keyPath); n != 2 {
					return fmt.Errorf("want the failed POST retried once (2 POSTs), saw %d", n)
				}
				if after, _ := env.api.ServiceKey(id); after.Value == before.Value {
					return fmt.Errorf("service key not regenerated")
				}
				return nil
			},
		}},
	})
}
