package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/pnc-tf/terraform-provider-do/internal/fakeapi"
)

func bgpAuthKeyConfig(label, attachmentID string) string {
	return dataBlock("do_partner_attachment_bgp_auth_key", label, fmt.Sprintf("attachment_id = %q", attachmentID))
}

func TestAccPartnerAttachmentBGPAuthKeyDataSource(t *testing.T) {
	env := newAccEnv(t, fakeapi.Options{})
	env.requireEmulator(t, "seeds attachments")
	const key = "seeded-bgp-key-Qw7"
	withBGP := seedWithBGP(env.api, "tfacc-bgp-key", key)
	withoutBGP := env.api.Seed(fakeapi.SeedAttachment{Name: "tfacc-no-bgp"})
	const with, without = "data.do_partner_attachment_bgp_auth_key.with", "data.do_partner_attachment_bgp_auth_key.without"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				Config: env.config(bgpAuthKeyConfig("with", withBGP), bgpAuthKeyConfig("without", withoutBGP)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{expectSensitiveInPlan{with, "value"}},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(with, tfjsonpath.New("value"), knownvalue.StringExact(key)),
					statecheck.ExpectSensitiveValue(with, tfjsonpath.New("value")),
					statecheck.ExpectKnownValue(without, tfjsonpath.New("value"), knownvalue.Null()),
				},
			},
			{
				Config:      env.config(bgpAuthKeyConfig("missing", "00000000-0000-4000-8000-000000000000")),
				ExpectError: regexp.MustCompile(`(?s)Reading the BGP auth key of partner attachment 00000000-0000-4000-8000-000000000000: not found.*attachment_id: no partner attachment with id\s+"00000000-0000-4000-8000-000000000000"\s+exists`),
			},
		},
	})
}
