package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/pnc-tf/terraform-provider-do/internal/fakeapi"
)

// Identity is set on create and kept on refresh and update; import blocks
// work by identity and by ID, with nothing lost (auth key included).
func TestAccPartnerAttachment_identity(t *testing.T) {
	env := newAccEnv(t, fakeapi.Options{})
	cfg := baseAttachment(env.name("identity"))
	renamed := cfg
	renamed.Name = env.name("identity.renamed")
	identityChecks := []statecheck.StateCheck{
		statecheck.ExpectIdentity(addr, map[string]knownvalue.Check{"id": knownvalue.NotNull()}),
		statecheck.ExpectIdentityValueMatchesState(addr, tfjsonpath.New("id")),
	}
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.checkNoneLeft,
		Steps: []resource.TestStep{
			{Config: env.config(cfg.hcl("test")), ConfigStateChecks: identityChecks},
			{Config: env.config(renamed.hcl("test")), ConfigStateChecks: identityChecks},
			{
				Config:          env.config(renamed.hcl("test")),
				ResourceName:    addr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
			},
			{
				Config:          env.config(renamed.hcl("test")),
				ResourceName:    addr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
			},
		},
	})
}
