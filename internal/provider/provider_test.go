package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/pnc-tf/terraform-provider-do/internal/fakeapi"
)

// These tests change the process environment, which the in-process provider
// reads, so they do not run in parallel.

func TestAccProvider_missingTokenIsAConfigurationError(t *testing.T) {
	env := newAccEnv(t, fakeapi.Options{})
	env.requireEmulator(t, "checks the emulator's journal for requests")
	t.Setenv("DIGITALOCEAN_TOKEN", "")
	t.Setenv("DIGITALOCEAN_ACCESS_TOKEN", "")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{{
			Config:      fmt.Sprintf("provider \"do\" {\n  api_endpoint = %q\n}\n", env.url) + baseAttachment(env.name("no-token")).hcl("test"),
			ExpectError: regexp.MustCompile(`Configuring the provider: missing API token`),
		}},
	})
	if n := len(env.api.Journal()); n != 0 {
		t.Fatalf("a missing token must fail before any request; saw %d", n)
	}
}

func TestAccProvider_tokenAndEndpointFromEnvironment(t *testing.T) {
	env := newAccEnv(t, fakeapi.Options{})
	t.Setenv("DIGITALOCEAN_TOKEN", "")
	t.Setenv("DIGITALOCEAN_ACCESS_TOKEN", env.token)
	t.Setenv("DIGITALOCEAN_API_URL", env.url)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.checkNoneLeft,
		Steps: []resource.TestStep{{
			Config: baseAttachment(env.name("env")).hcl("test"),
			Check:  resource.TestCheckResourceAttr(addr, "state", "ACTIVE"),
		}},
	})
}

func TestAccProvider_rejectedTokenShowsTheAPIsAnswer(t *testing.T) {
	env := newAccEnv(t, fakeapi.Options{})
	env.token = "dop_v1_wrong-token"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		Steps: []resource.TestStep{{
			Config: env.config(baseAttachment(env.name("401")).hcl("test")),
			// The API's id, message and request id, and never the token.
			ExpectError: regexp.MustCompile(`Creating partner attachment "[^"]+": token not accepted \(HTTP 401\)(?s:.*)HTTP 401 \(unauthorized\):\s+Unable\s+to\s+authenticate\s+you\.(?s:.*)request_id:\s+\S+`),
		}},
	})
}
