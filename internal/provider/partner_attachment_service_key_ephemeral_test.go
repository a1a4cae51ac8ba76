package provider

import (
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/pnc-tf/terraform-provider-do/internal/fakeapi"
)

// The key appears only once the attachment is ready: Open waits for it.
func TestAccServiceKeyEphemeral_waitsForTheKey(t *testing.T) {
	env := newAccEnv(t, fakeapi.Options{})
	env.requireEmulator(t, "seeds an attachment and sets its state")
	id := env.api.Seed(fakeapi.SeedAttachment{
		Name: "tfacc-eph-sk", ConnectionBandwidthInMbps: 1000, Region: "NYC", NaaSProvider: "MEGAPORT", VPCIDs: []string{vpcA},
		State: "CREATING", CreatedAt: time.Now().UTC(),
	})
	keyPath := "/v2/partner_network_connect/attachments/" + id + "/service_key"
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   ephemeralVersions,
		ProtoV6ProviderFactories: env.withEcho(),
		Steps: []resource.TestStep{{
			// The attachment becomes ready only after the provider has
			// already asked for its key (and been told 404) at least once.
			PreConfig: func() {
				go func() {
					for i := 0; i < 2000 && env.api.Count("GET", keyPath) == 0; i++ {
						time.Sleep(5 * time.Millisecond)
					}
					env.api.SetState(id, "CREATED")
				}()
			},
			Config: echoConfig(env, fmt.Sprintf(`
ephemeral "do_partner_attachment_service_key" "k" {
  attachment_id = %q
}`, id), "ephemeral.do_partner_attachment_service_key.k"),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("echo.test", tfjsonpath.New("data").AtMapKey("state"), knownvalue.StringExact("CREATED")),
				statecheck.ExpectKnownValue("echo.test", tfjsonpath.New("data").AtMapKey("value"), serviceKeyOf(env, id)),
			},
			Check: func(*terraform.State) error {
				for _, e := range env.api.Journal() {
					if e.Path == keyPath && e.Status == 404 {
						return nil
					}
				}
				return fmt.Errorf("Open never saw the key missing; the test did not exercise the wait")
			},
		}},
	})
}

func TestAccServiceKeyEphemeral_unknownAttachment(t *testing.T) {
	env := newAccEnv(t, fakeapi.Options{})
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   ephemeralVersions,
		ProtoV6ProviderFactories: env.withEcho(),
		Steps: []resource.TestStep{{
			Config: echoConfig(env, `
ephemeral "do_partner_attachment_service_key" "k" {
  attachment_id = "00000000-0000-0000-0000-000000000000"
}`, "ephemeral.do_partner_attachment_service_key.k"),
			ExpectError: regexp.MustCompile(`Reading partner attachment 00000000-0000-0000-0000-000000000000: not found(?s:.*)the API answered 404`),
		}},
	})
}

// serviceKeyOf checks a value against the key the emulator holds for id.
func serviceKeyOf(env *accEnv, id string) knownvalue.Check {
	return knownValueFunc(func(v any) error {
		k, ok := env.api.ServiceKey(id)
		if !ok || v != k.Value {
			return fmt.Errorf("echoed service key does not match the emulator's")
		}
		return nil
	})
}
