package provider

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/pnc-tf/terraform-provider-do/internal/apiclient"
	"github.com/pnc-tf/terraform-provider-do/internal/fakeapi"
)

// gatewayPrefix is the path the emulator serves the API under in the path
// prefix tests, as an API gateway in front of DigitalOcean would.
const gatewayPrefix = "/gw/do"

// checkAllUnderPrefix fails unless every request the emulator has seen
// went to the API under gatewayPrefix (the emulator answers anything else
// 404 and journals it as outside the prefix). It returns the endpoints seen,
// as "METHOD /{id}/sub-resource" or "GET ?page=N" for the list's pages.
func (e *accEnv) checkAllUnderPrefix(id string) (map[string]bool, error) {
	seen := map[string]bool{}
	j := e.api.Journal()
	if len(j) == 0 {
		return nil, fmt.Errorf("the emulator saw no request")
	}
	for _, en := range j {
		rest, ok := strings.CutPrefix(en.Path, gatewayPrefix+attachmentsPath)
		if !ok || en.Fault == fakeapi.FaultOutsidePrefix {
			return nil, fmt.Errorf("request outside %s: %s", gatewayPrefix, en)
		}
		if rest == "" && en.Method == http.MethodGet {
			q, _ := url.ParseQuery(en.Query)
			rest = "?page=" + q.Get("page")
		} else if id != "" {
			rest = strings.Replace(rest, "/"+id, "/{id}", 1)
		}
		seen[en.Method+" "+rest] = true
	}
	return seen, nil
}

func expectSeen(seen map[string]bool, want ...string) error {
	var missing []string
	for _, w := range want {
		if !seen[w] {
			missing = append(missing, w)
		}
	}
	if len(missing) > 0 {
		keys := make([]string, 0, len(seen))
		for k := range seen {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		return fmt.Errorf("no request to %v under the prefix; saw %v", missing, keys)
	}
	return nil
}

// An api_endpoint with a path (an API gateway) is honoured on every request:
// the emulator serves the API only under /gw/do and refuses anything
// outside it, and every request of a create, the list read over two pages
// (200 seeded attachments plus the new one), each sub-resource (BGP auth
// key, service key, remote routes, the regenerate action's POST), a rename
// and the destroy went under the prefix. The endpoint is written without a
// trailing slash in the first step and with one in the second. Verified
// failing without prefixingTransport: the first plan's list is refused 404.
func TestAccProvider_apiEndpointPathPrefix(t *testing.T) {
	env := newAccEnv(t, fakeapi.Options{PathPrefix: gatewayPrefix})
	env.requireEmulator(t, "serves the API under a path prefix")
	if !strings.HasSuffix(env.url, gatewayPrefix) {
		t.Fatalf("the provider is pointed at %s, not under %s", env.url, gatewayPrefix)
	}
	for i := range apiclient.ListPageSize {
		env.api.Seed(fakeapi.SeedAttachment{Name: fmt.Sprintf("seeded-%03d", i), VPCIDs: []string{vpcB}})
	}
	a := baseAttachment(env.name("gateway"))
	renamed := a
	renamed.Name = env.name("gateway.renamed")
	reads := `
data "do_partner_attachments" "all" {
  depends_on = [do_partner_attachment.test]
}

data "do_partner_attachment_bgp_auth_key" "key" {
  attachment_id = do_partner_attachment.test.id
}

data "do_partner_attachment_service_key" "key" {
  attachment_id = do_partner_attachment.test.id
}

data "do_partner_attachment_remote_routes" "routes" {
  attachment_id = do_partner_attachment.test.id
}

action "do_partner_attachment_regenerate_service_key" "rotate" {
  config {
    attachment_id = do_partner_attachment.test.id
  }
}

resource "terraform_data" "rotation" {
  input = do_partner_attachment.test.id
  lifecycle {
    action_trigger {
      events  = [after_create]
      actions = [action.do_partner_attachment_regenerate_service_key.rotate]
    }
  }
}
`
	var id string
	withSlash := func(config string) string {
		return strings.Replace(config, fmt.Sprintf("%q", env.url), fmt.Sprintf("%q", env.url+"/"), 1)
	}
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy: func(*terraform.State) error {
			if a, ok := env.api.Attachment(id); ok && a.State != fakeapi.StateDeleted {
				return fmt.Errorf("attachment %s left in state %s", id, a.State)
			}
			seen, err := env.checkAllUnderPrefix(id)
			if err != nil {
				return err
			}
			return expectSeen(seen, "DELETE /{id}")
		},
		Steps: []resource.TestStep{
			{
				Config: env.config(a.hcl("test"), reads),
				Check: resource.ComposeTestCheckFunc(
					func(s *terraform.State) error {
						id = s.RootModule().Resources[addr].Primary.ID
						return nil
					},
					resource.TestCheckResourceAttr("data.do_partner_attachments.all", "attachments.#", fmt.Sprint(apiclient.ListPageSize+1)),
					resource.TestCheckResourceAttr("data.do_partner_attachment_bgp_auth_key.key", "value", a.BGP.AuthKey),
					func(*terraform.State) error {
						seen, err := env.checkAllUnderPrefix(id)
						if err != nil {
							return err
						}
						return expectSeen(seen, "POST ", "GET ?page=1", "GET ?page=2", "GET /{id}",
							"GET /{id}/bgp_auth_key", "GET /{id}/service_key", "POST /{id}/service_key", "GET /{id}/remote_routes")
					},
				),
			},
			{
				PreConfig: env.api.ResetJournal,
				Config:    withSlash(env.config(renamed.hcl("test"), reads)),
				Check: func(*terraform.State) error {
					seen, err := env.checkAllUnderPrefix(id)
					if err != nil {
						return err
					}
					return expectSeen(seen, "PATCH /{id}", "GET ?page=1", "GET ?page=2")
				},
			},
		},
	})
}

// Plain http to a host that is not loopback is refused when the endpoint
// comes from DIGITALOCEAN_API_URL too, before any request; the error names
// the variable. (The provider block's refusals are in badProviders.) Not
// parallel: it sets an environment variable the in-process provider reads.
func TestAccProvider_plainHTTPFromEnvRefused(t *testing.T) {
	env := newAccEnv(t, fakeapi.Options{})
	env.requireEmulator(t, "checks the emulator's journal for requests")
	t.Setenv("DIGITALOCEAN_API_URL", "http://api.example.com")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy: func(*terraform.State) error {
			if n := len(env.api.Journal()); n != 0 {
				return fmt.Errorf("%d requests sent", n)
			}
			return nil
		},
		Steps: []resource.TestStep{{
			Config:   fmt.Sprintf("provider \"do\" {\n  token = %q\n}\n", env.token) + withoutBGP(env.name("plain-http")).hcl("test"),
			PlanOnly: true,
			ExpectError: regexp.MustCompile(`(?s)Error: Configuring the provider: api_endpoint is not https.*` +
				`clear\s+text.*Use\s+https://.*DIGITALOCEAN_API_URL\s+environment\s+variable`),
		}},
	})
}
