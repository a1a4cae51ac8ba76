package provider

import (
	"fmt"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/pnc-tf/terraform-provider-do/internal/fakeapi"
)

func TestAccBGPAuthKeyEphemeral(t *testing.T) {
	env := newAccEnv(t, fakeapi.Options{})
	env.requireEmulator(t, "seeds an attachment with a BGP auth key")
	id := env.api.Seed(fakeapi.SeedAttachment{
		Name: "tfacc-eph-bgp", ConnectionBandwidthInMbps: 1000, Region: "NYC", NaaSProvider: "MEGAPORT", VPCIDs: []string{vpcA},
		State: "CREATED", CreatedAt: time.Now().UTC(),
		BGP: &fakeapi.BGP{LocalASN: 64532, LocalRouterIP: "169.254.0.1/29", PeerASN: 64532, PeerRouterIP: "169.254.0.6/29", AuthKey: "ephemeral-bgp-secret"},
	})
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   ephemeralVersions,
		ProtoV6ProviderFactories: env.withEcho(),
		Steps: []resource.TestStep{{
			Config: echoConfig(env, fmt.Sprintf(`
ephemeral "do_partner_attachment_bgp_auth_key" "k" {
  attachment_id = %q
}`, id), "ephemeral.do_partner_attachment_bgp_auth_key.k"),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("echo.test", tfjsonpath.New("data").AtMapKey("value"), knownvalue.StringExact("ephemeral-bgp-secret")),
				statecheck.ExpectKnownValue("echo.test", tfjsonpath.New("data").AtMapKey("attachment_id"), knownvalue.StringExact(id)),
			},
		}},
	})
}
