package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/pnc-tf/terraform-provider-do/internal/fakeapi"
)

// Handling: ImportState refuses an ID that cannot be one (apiclient.CheckID)
// before any request: "" would GET the collection (and used to crash the
// provider), "/" and "?" would change the request's path or query, and so
// on. Each import fails with "Invalid import ID" and the emulator sees no
// request at all. Verified failing with the CheckID guard removed from
// ImportState (the error is then "Cannot import partner attachment" after
// a request, or for "" an error about the collection's answer).
func TestAccPartnerAttachment_importRefusesImpossibleIDs(t *testing.T) {
	env := newAccEnv(t, fakeapi.Options{})
	env.requireEmulator(t, "reads the emulator's journal")
	cfg := env.config(baseAttachment(env.name("import-id")).hcl("test"))
	var steps []resource.TestStep
	for _, id := range []string{"", "/", "?", "%2F", "a b", "x#y"} {
		detail := wrapped(fmt.Sprintf("%q cannot be an attachment ID", id))
		if id == "" {
			detail = wrapped("the attachment ID is empty")
		}
		steps = append(steps, resource.TestStep{
			Config:       cfg,
			ResourceName: addr,
			ImportState:  true,
			// ImportStateId "" would mean "the ID in state"; the func
			// gives the empty ID itself.
			ImportStateIdFunc: func(*terraform.State) (string, error) { return id, nil },
			ExpectError:       regexp.MustCompile(`(?s)Invalid import ID.*` + detail.String()),
		})
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.checkNoneLeft,
		Steps:                    steps,
	})
	if j := env.api.Journal(); len(j) != 0 {
		t.Errorf("importing impossible IDs sent requests: %v", j)
	}
}
