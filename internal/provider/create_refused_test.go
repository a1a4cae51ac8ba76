package provider

import (
	"fmt"
	"net/http"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/pnc-tf/terraform-provider-do/internal/fakeapi"
)

// Handling: a create the API refuses because the name is taken
// (createRefused in partner_attachment_create.go) names the attachment that
// has it and shows the import block that takes it over, and adopts
// nothing: one POST, no second attachment, nothing in state. Verified
// failing with createAttachment reporting the refusal as before ("Error
// creating partner attachment" with the API's message only).
func TestAccPartnerAttachment_createRefusedNameInUse(t *testing.T) {
	env := newAccEnv(t, fakeapi.Options{})
	env.requireEmulator(t, "seeds an attachment that holds the name")
	cfg := baseAttachment(env.name("taken"))
	existing := env.api.Seed(fakeapi.SeedAttachment{Name: cfg.Name, VPCIDs: cfg.VPCs})
	want := regexp.MustCompile(`(?s)Partner attachment name already in use.*` +
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
