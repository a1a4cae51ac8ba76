package provider

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-exec/tfexec"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/pnc-tf/terraform-provider-do/internal/fakeapi"
	"github.com/pnc-tf/terraform-provider-do/internal/tfcli"
)

// badInput is one invalid configuration and the error it must get: a
// pattern (spaces match any wrapping) that names the attribute at fault.
type badInput struct {
	name, config, want string
}

// badAttachments are invalid do_partner_attachment blocks.
func (e *accEnv) badAttachments() []badInput {
	mutate := func(f func(*attachmentConfig)) string {
		c := baseAttachment("tfacc-invalid")
		f(&c)
		return e.config(c.hcl("test"))
	}
	extra := func(hcl string) string { return mutate(func(c *attachmentConfig) { c.Extra = hcl }) }
	// replace swaps one line of the valid configuration for another.
	replace := func(line, with string) string {
		return strings.Replace(mutate(func(*attachmentConfig) {}), line, with, 1)
	}
	bgp := func(hcl string) string {
		return mutate(func(c *attachmentConfig) { c.BGP = nil; c.Extra = "  bgp = " + hcl })
	}
	validBGP := func(replace, with string) string {
		return bgp(strings.Replace(`{
    local_router_ip = "169.254.0.1/29"
    peer_router_ip  = "169.254.0.6/29"
    peer_router_asn = 64532
    auth_key        = "k"
  }`, replace, with, 1))
	}
	return []badInput{
		{"name pattern", mutate(func(c *attachmentConfig) { c.Name = "bad_name!" }), `Attribute name .*letters, digits`},
		{"name with a space", mutate(func(c *attachmentConfig) { c.Name = "two words" }), `Attribute name .*letters, digits`},
		{"empty name", mutate(func(c *attachmentConfig) { c.Name = "" }), `Attribute name string length must be at least 1`},
		{"name of the wrong type", replace(`name = "tfacc-invalid"`, `name = ["a"]`), `Inappropriate value for attribute "name": string required`},
		{"bandwidth zero", mutate(func(c *attachmentConfig) { c.Bandwidth = 0 }), `Validating connection_bandwidth_in_mbps: not a positive number of Mbps.*0 is not a bandwidth`},
		{"bandwidth negative", mutate(func(c *attachmentConfig) { c.Bandwidth = -1000 }), `Validating connection_bandwidth_in_mbps: not a positive number of Mbps`},
		{"bandwidth not a number", replace("connection_bandwidth_in_mbps = 1000", `connection_bandwidth_in_mbps = "fast"`), `Inappropriate value for attribute "connection_bandwidth_in_mbps": a number is required`},
		{"region with a space", mutate(func(c *attachmentConfig) { c.Region = "new york" }), `Validating region: not a region slug.*"new york" is not a region slug.*nyc, sfo, fra, ams, sgp`},
		{"region with punctuation", mutate(func(c *attachmentConfig) { c.Region = "nyc-1" }), `Validating region: not a region slug`},
		{"empty region", mutate(func(c *attachmentConfig) { c.Region = "" }), `Validating region: not a region slug`},
		{"region of the wrong type", replace(`region = "nyc"`, `region = ["nyc"]`), `Inappropriate value for attribute "region": string required`},
		{"empty provider", mutate(func(c *attachmentConfig) { c.Provider = "" }), `Attribute naas_provider string length must be at least 1`},
		{"no vpcs", mutate(func(c *attachmentConfig) { c.VPCs = nil }), `Attribute vpc_ids set must contain at least 1`},
		{"empty vpc id", mutate(func(c *attachmentConfig) { c.VPCs = []string{""} }), `Attribute vpc_ids\[Value\(""\)\] string length`},
		{"duplicate vpc ids", mutate(func(c *attachmentConfig) { c.VPCs = []string{vpcA, strings.ToUpper(vpcA)} }), `vpc_ids lists VPC ` + vpcA + ` twice`},
		{"vpc ids not a list", replace(fmt.Sprintf("vpc_ids = [%q]", vpcA), fmt.Sprintf("vpc_ids = %q", vpcA)), `Inappropriate value for attribute "vpc_ids": set of string required`},
		{"null vpc id", replace(fmt.Sprintf("vpc_ids = [%q]", vpcA), "vpc_ids = [null]"), `vpc_ids lists no VPC ID \(null\)`},
		{"local ip without prefix", mutate(func(c *attachmentConfig) { c.BGP.LocalIP = "169.254.0.1" }), `bgp.local_router_ip must be an IP address with a prefix`},
		{"local ip empty", mutate(func(c *attachmentConfig) { c.BGP.LocalIP = "" }), `bgp.local_router_ip must be an IP address with a prefix`},
		{"peer ip out of range", mutate(func(c *attachmentConfig) { c.BGP.PeerIP = "300.0.0.1/29" }), `bgp.peer_router_ip must be an IP address with a prefix`},
		{"peer prefix too long", mutate(func(c *attachmentConfig) { c.BGP.PeerIP = "169.254.0.6/33" }), `bgp.peer_router_ip must be an IP address with a prefix`},
		{"router ips with different prefix lengths", mutate(func(c *attachmentConfig) { c.BGP.PeerIP = "169.254.0.6/30" }), `bgp.peer_router_ip 169.254.0.6/30 has prefix length /30 but bgp.local_router_ip 169.254.0.1/29 has /29`},
		{"router ips in different subnets", mutate(func(c *attachmentConfig) { c.BGP.PeerIP = "169.254.1.6/29" }), `bgp.peer_router_ip 169.254.1.6/29 is not in 169.254.0.0/29, the subnet of bgp.local_router_ip`},
		{"router ips the same", mutate(func(c *attachmentConfig) { c.BGP.PeerIP = c.BGP.LocalIP }), `bgp.peer_router_ip and bgp.local_router_ip are both 169.254.0.1`},
		{"router ip the network address", mutate(func(c *attachmentConfig) { c.BGP.LocalIP = "169.254.0.0/29" }), `bgp.local_router_ip 169.254.0.0/29 is the network address of 169.254.0.0/29`},
		{"router ip the broadcast address", mutate(func(c *attachmentConfig) { c.BGP.PeerIP = "169.254.0.7/29" }), `bgp.peer_router_ip 169.254.0.7/29 is the broadcast address of 169.254.0.0/29`},
		{"router ips of two families", mutate(func(c *attachmentConfig) { c.BGP.PeerIP = "fd00::2/126" }), `bgp.peer_router_ip fd00::2/126 is IPv6 but bgp.local_router_ip 169.254.0.1/29 is IPv4`},
		{"asn zero", mutate(func(c *attachmentConfig) { c.BGP.PeerASN = 0 }), `Attribute bgp.peer_router_asn value must be between 1 and 4294967295`},
		{"asn 2^32", mutate(func(c *attachmentConfig) { c.BGP.PeerASN = 1 << 32 }), `Attribute bgp.peer_router_asn value must be between 1 and 4294967295`},
		{"asn negative", mutate(func(c *attachmentConfig) { c.BGP.PeerASN = -1 }), `Attribute bgp.peer_router_asn value must be between 1 and 4294967295`},
		{"asn not a number", validBGP("64532", `"private"`), `peer_router_asn = "private".*Inappropriate value for attribute "bgp": a number is required`},
		{"empty auth key", mutate(func(c *attachmentConfig) { c.BGP.AuthKey = "" }), `Attribute bgp.auth_key string length must be at least 1`},
		{"bgp partly set", bgp(`{ local_router_ip = "169.254.0.1/29" }`), `Inappropriate value for attribute "bgp": attributes "peer_router_asn" and "peer_router_ip" are required`},
		{"bgp without a key", bgp(`{
    local_router_ip = "169.254.0.1/29"
    peer_router_ip  = "169.254.0.6/29"
    peer_router_asn = 64532
  }`), `Planning bgp: missing BGP auth key.*bgp.auth_key`},
		{"write-only key version without a key", validBGP(`auth_key        = "k"`, "auth_key = \"k\"\n    auth_key_wo_version = 1"), `Attribute "bgp.auth_key_wo" must be specified when "bgp.auth_key_wo_version" is\s+specified`},
		{"bgp not an object", bgp(`"169.254.0.1/29"`), `Inappropriate value for attribute "bgp": object required`},
		{"both auth keys", validBGP(`auth_key        = "k"`, "auth_key = \"k\"\n    auth_key_wo = \"k\"\n    auth_key_wo_version = 1"), `Attribute "bgp.auth_key_wo" cannot be specified when "bgp.auth_key" is specified`},
		{"write-only key without a version", validBGP(`auth_key        = "k"`, `auth_key_wo = "k"`), `Attribute "bgp.auth_key_wo_version" must be specified when "bgp.auth_key_wo" is\s+specified`},
		{"empty redundancy zone", extra(`  redundancy_zone = ""`), `Validating redundancy_zone: not a redundancy zone name`},
		{"redundancy zone in lower case", extra(`  redundancy_zone = "megaport_blue"`), `Validating redundancy_zone: not a redundancy zone name.*MEGAPORT_BLUE, MEGAPORT_RED`},
		{"redundancy zone with a space", extra(`  redundancy_zone = "MEGAPORT BLUE"`), `Validating redundancy_zone: not a redundancy zone name`},
		{"empty parent", extra(`  parent_uuid = ""`), `Attribute parent_uuid string length must be at least 1`},
		{"unknown argument", extra(`  colour = "blue"`), `An argument named "colour" is not expected here`},
		{"missing region", replace(`region = "nyc"`, ""), `The argument "region" is required`},
	}
}

// badProviders are invalid provider blocks.
func (e *accEnv) badProviders() []badInput {
	provider := func(settings string) string {
		return fmt.Sprintf("provider \"do\" {\n  token = %q\n  api_endpoint = %q\n  %s\n}\n", e.token, e.url, settings) +
			baseAttachment("tfacc-invalid").hcl("test")
	}
	return []badInput{
		{"negative requests per second", provider("requests_per_second = -1"), `Attribute requests_per_second value must be at least 0`},
		{"negative retry count", provider("http_retry_max = -1"), `Attribute http_retry_max value must be at least 0`},
		{"negative retry wait", provider("http_retry_wait_min = -0.5"), `Attribute http_retry_wait_min value must be at least 0`},
		{"retry waits inverted", provider("http_retry_wait_min = 9\n  http_retry_wait_max = 1"), `http_retry_wait_min \(9s\) must not exceed http_retry_wait_max \(1s\)`},
		{"relative endpoint", strings.Replace(provider(""), e.url, "api.digitalocean.com", 1), `api_endpoint must be an absolute http or https URL`},
		{"plain http to a host that is not loopback", strings.Replace(provider(""), e.url, "http://api.example.com/do", 1),
			`Configuring the provider: api_endpoint is not https.*would send the API token in clear text.*Use https://`},
		{"plain http to a private address", strings.Replace(provider(""), e.url, "http://10.0.0.7:8080", 1), `Configuring the provider: api_endpoint is not https`},
		{"endpoint with a query string", strings.Replace(provider(""), e.url, e.url+"/do?key=abc", 1), `Configuring the provider: api_endpoint has a query string`},
		{"endpoint with a fragment", strings.Replace(provider(""), e.url, e.url+"/do#top", 1), `Configuring the provider: api_endpoint has a fragment`},
		{"endpoint with user info", strings.Replace(provider(""), e.url, strings.Replace(e.url, "http://", "http://user:pw@", 1), 1), `Configuring the provider: api_endpoint has user info`},
	}
}

// Every invalid configuration fails at plan time with an error naming the
// attribute, before the provider sends a single request.
func TestAccBadInput_rejectedAtPlanWithoutRequests(t *testing.T) {
	env := newAccEnv(t, fakeapi.Options{})
	env.requireEmulator(t, "checks the emulator's journal for requests")
	cases := append(env.badAttachments(), env.badProviders()...)
	if len(cases) < 30 {
		t.Fatalf("only %d invalid configurations", len(cases))
	}
	steps := make([]resource.TestStep, 0, len(cases))
	for _, tc := range cases {
		steps = append(steps, resource.TestStep{
			Config:   tc.config,
			PlanOnly: true,
			// After "Error:", so that text in a plan's output never matches.
			ExpectError: regexp.MustCompile(`(?s)Error: .*` + strings.ReplaceAll(tc.want, " ", `\s+`)),
		})
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy: func(*terraform.State) error {
			if j := env.api.Journal(); len(j) != 0 {
				return fmt.Errorf("invalid configurations made %d API requests, first %s %s", len(j), j[0].Method, j[0].Path)
			}
			return nil
		},
		Steps: steps,
	})
}

// stackTrace matches what a panic or a dumped Go error would print.
var stackTrace = regexp.MustCompile(`goroutine \d+|panic:|\.go:\d+|runtime\.`)

// Each refusal by the API reaches the user as the API's error id, message
// and request id (the one the emulator journaled for the failing request),
// and never as a stack trace.
func TestAccBadInput_apiRefusalsShowTheAPIsAnswer(t *testing.T) {
	const missing = "5a4981aa-9653-4bd1-bef5-d6bff52042e4"
	apply := func(ctx context.Context, ws *tfcli.Workspace) error { return ws.Apply(ctx) }
	cases := []struct {
		name, errorID, message string
		summary                string // as printed, with the attachment's name or ID
		status                 int
		opts                   fakeapi.Options
		// prepare seeds the emulator and returns the provider block's token.
		prepare func(env *accEnv) string
		run     func(ctx context.Context, ws *tfcli.Workspace) error
	}{
		{
			name: "import of an unknown id", status: http.StatusNotFound,
			errorID: "not_found", message: "The resource you were accessing could not be found.",
			summary: "Importing partner attachment " + missing + ": not found",
			prepare: func(env *accEnv) string { return env.token },
			run: func(ctx context.Context, ws *tfcli.Workspace) error {
				return ws.Run(ctx, func(ctx context.Context, tf *tfexec.Terraform, r *tfexec.ReattachOption) error {
					return tf.Import(ctx, addr, missing, r)
				})
			},
		},
		{
			name: "rejected token", status: http.StatusUnauthorized,
			errorID: "unauthorized", message: "Unable to authenticate you.",
			summary: `Creating partner attachment "tfacc-api-errors": token not accepted (HTTP 401)`,
			prepare: func(*accEnv) string { return "dop_v1_not-a-valid-token" },
			run:     apply,
		},
		{
			name: "read-only token", status: http.StatusForbidden,
			errorID: "forbidden", message: "You do not have access for the attempted action.",
			summary: `Creating partner attachment "tfacc-api-errors": permission denied (HTTP 403)`,
			opts:    fakeapi.Options{ReadOnlyToken: "dop_v1_read-only-token"},
			prepare: func(*accEnv) string { return "dop_v1_read-only-token" },
			run:     apply,
		},
		{
			name: "name already taken", status: http.StatusUnprocessableEntity,
			errorID: "unprocessable_entity", message: `name "tfacc-api-errors" is already in use by another partner attachment`,
			summary: `Creating partner attachment "tfacc-api-errors": name already in use`,
			prepare: func(env *accEnv) string {
				// Taken after the plan's check listed, so that the API refuses it.
				env.watch(http.MethodPost, attachmentsPath, 0, func() { env.api.Seed(fakeapi.SeedAttachment{Name: "tfacc-api-errors"}) })
				return env.token
			},
			run: apply,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			env := newAccEnv(t, tc.opts)
			env.requireEmulator(t, "reads request ids from its journal")
			token := tc.prepare(env)
			out := &syncBuffer{}
			ws := env.workspace(t, out)
			bad := *env
			bad.token = token
			ctx := context.Background()
			if err := ws.WriteConfig(bad.config(baseAttachment("tfacc-api-errors").hcl("test"))); err != nil {
				t.Fatal(err)
			}
			if err := ws.Init(ctx); err != nil {
				t.Fatal(err)
			}
			if err := tc.run(ctx, ws); err == nil {
				t.Fatalf("want the API's refusal, got success:\n%s", out)
			}
			requestID := env.failedRequestID(t, tc.status)
			got := out.String()
			want := fmt.Sprintf("HTTP %d (%s): %s request_id: %s", tc.status, tc.errorID, tc.message, requestID)
			if !wrapped(want).MatchString(got) {
				t.Errorf("output lacks %q:\n%s", want, got)
			}
			if !strings.Contains(got, "Error: "+tc.summary+"\n") {
				t.Errorf("output lacks the summary %q:\n%s", tc.summary, got)
			}
			if m := stackTrace.FindString(got); m != "" {
				t.Errorf("output contains %q, part of a stack trace:\n%s", m, got)
			}
		})
	}
}

// failedRequestID returns the request id of the one request the emulator
// answered with status, leaving out the lists of the plan-time checks (which
// a rejected token also fails: they warn, and the plan goes on).
func (e *accEnv) failedRequestID(t *testing.T, status int) string {
	t.Helper()
	var ids []string
	for _, j := range e.api.Journal() {
		if j.Status == status && (j.Method != http.MethodGet || j.Path != attachmentsPath) {
			ids = append(ids, j.RequestID)
		}
	}
	if len(ids) != 1 {
		t.Fatalf("want one request answered %d, journal has %d: %s", status, len(ids), strings.Join(ids, ", "))
	}
	return ids[0]
}
