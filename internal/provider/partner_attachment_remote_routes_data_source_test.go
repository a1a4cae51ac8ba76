package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/pnc-tf/terraform-provider-do/internal/fakeapi"
)

func remoteRoutesConfig(label, attachmentID string) string {
	return dataBlock("do_partner_attachment_remote_routes", label, fmt.Sprintf("attachment_id = %q", attachmentID))
}

// 250 routes take two pages of 200: the data source must fetch both, once.
func TestAccPartnerAttachmentRemoteRoutesDataSource(t *testing.T) {
	env := newAccEnv(t, fakeapi.Options{})
	env.requireEmulator(t, "seeds attachments and their remote routes")
	id := seedWithBGP(env.api, "tfacc-routes", "k")
	routes := make([]string, 250)
	for i := range routes {
		routes[i] = fmt.Sprintf("10.%d.%d.0/24", i/100, i%100)
	}
	env.api.SetRemoteRoutes(id, routes)
	none := env.api.Seed(fakeapi.SeedAttachment{Name: "tfacc-no-routes"})
	const all, empty = "data.do_partner_attachment_remote_routes.all", "data.do_partner_attachment_remote_routes.none"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{
			{
				Config: env.config(remoteRoutesConfig("all", id), remoteRoutesConfig("none", none)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(all, tfjsonpath.New("cidrs"), knownvalue.ListSizeExact(250)),
					// In the API's order, across the page boundary.
					statecheck.ExpectKnownValue(all, tfjsonpath.New("cidrs").AtSliceIndex(0), knownvalue.StringExact(routes[0])),
					statecheck.ExpectKnownValue(all, tfjsonpath.New("cidrs").AtSliceIndex(199), knownvalue.StringExact(routes[199])),
					statecheck.ExpectKnownValue(all, tfjsonpath.New("cidrs").AtSliceIndex(200), knownvalue.StringExact(routes[200])),
					statecheck.ExpectKnownValue(all, tfjsonpath.New("cidrs").AtSliceIndex(249), knownvalue.StringExact(routes[249])),
					statecheck.ExpectKnownValue(empty, tfjsonpath.New("cidrs"), knownvalue.ListExact([]knownvalue.Check{})),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					env.checkEveryPageOnce(attachmentsPath+"/"+id+"/remote_routes", 2),
					env.checkEveryPageOnce(attachmentsPath+"/"+none+"/remote_routes", 1),
				),
			},
			{
				Config:      env.config(remoteRoutesConfig("missing", "no-such-attachment")),
				ExpectError: regexp.MustCompile(`(?s)Reading the remote routes of partner attachment no-such-attachment: not found.*attachment_id: no partner attachment with id\s+"no-such-attachment"\s+exists`),
			},
		},
	})
}

// The remote routes of an attachment this test creates through Terraform,
// so that it runs in live mode too. What routes a BGP session learns is the
// network's business, not the provider's: only that the data source reads
// them into a known list (possibly empty) is asserted, and that an unknown
// attachment is named in the error.
func TestAccPartnerAttachmentRemoteRoutesDataSource_fromConfig(t *testing.T) {
	env := newAccEnv(t, fakeapi.Options{})
	cfg := baseAttachment(env.name("routes"))
	const routes = "data.do_partner_attachment_remote_routes.test"
	// Well formed, so that any API answers "not found" rather than refusing
	// the id.
	const missing = "00000000-0000-4000-8000-000000000000"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.checkNoneLeft,
		Steps: []resource.TestStep{
			// First, before anything exists: the final destroy runs with the
			// last step's configuration.
			{
				Config:      env.config(remoteRoutesConfig("missing", missing)),
				ExpectError: regexp.MustCompile(`(?s)Reading the remote routes of partner attachment ` + missing + `: not found.*attachment_id: no partner attachment with id\s+"` + missing + `"\s+exists`),
			},
			{
				Config: env.config(cfg.hcl("test"), dataBlock("do_partner_attachment_remote_routes", "test", "attachment_id = do_partner_attachment.test.id")),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.CompareValuePairs(routes, tfjsonpath.New("attachment_id"), addr, tfjsonpath.New("id"), compareEqual),
					statecheck.ExpectKnownValue(routes, tfjsonpath.New("cidrs"), knownvalue.ListPartial(map[int]knownvalue.Check{})),
				},
			},
		},
	})
}
