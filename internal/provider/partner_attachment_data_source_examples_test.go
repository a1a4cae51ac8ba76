package provider

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/pnc-tf/terraform-provider-do/internal/fakeapi"
)

// Every data source example applies cleanly against an emulator holding the
// attachments the examples name, so the documented HCL stays correct.
func TestAccDataSourceExamples(t *testing.T) {
	files, err := filepath.Glob("../../examples/data-sources/*/data-source.tf")
	if err != nil || len(files) != 5 {
		t.Fatalf("want one example per data source (5), found %v (%v)", files, err)
	}
	for _, file := range files {
		name := filepath.Base(filepath.Dir(file))
		t.Run(name, func(t *testing.T) {
			hcl, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			env := newAccEnv(t, fakeapi.Options{})
			env.requireEmulator(t, "applies the documented examples, which name placeholder VPC ids and seeded attachments")
			tc := resource.TestCase{
				ProtoV6ProviderFactories: env.factories(),
				Steps:                    []resource.TestStep{{Config: env.config(string(hcl))}},
			}
			if name == "do_partner_attachment_service_key" {
				tc.CheckDestroy = env.checkNoneLeft // it creates its attachment
			} else {
				const id, vpc = "5a4981aa-9653-4bd1-bef5-d6bff52042e4", "c140286f-e6ce-4131-8b7b-df4590ce8d6a"
				env.api.Seed(fakeapi.SeedAttachment{ID: id, Name: "example-megaport-link", VPCIDs: []string{vpc},
					BGP: &fakeapi.BGP{LocalASN: 64532, LocalRouterIP: "169.254.0.1/29", PeerASN: 64532, PeerRouterIP: "169.254.0.6/29", AuthKey: "example-key"}})
				env.api.Seed(fakeapi.SeedAttachment{Name: "prod-nyc-1", VPCIDs: []string{vpc}})
				env.api.SetRemoteRoutes(id, []string{"10.10.0.0/16"})
			}
			resource.ParallelTest(t, tc)
		})
	}
}
