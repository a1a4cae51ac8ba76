// Package soak runs repeated apply/plan/destroy cycles of several
// attachments (an HA pair among them) through the real Terraform CLI
// against the emulator while it injects faults, and checks after every run
// that nothing was lost: no attachment outside state, no duplicate, no
// state entry pointing at nothing.
package soak

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/pnc-tf/terraform-provider-do/internal/fakeapi"
)

// Config says how long and how hard to soak.
type Config struct {
	// TerraformPath is the terraform binary (absolute path).
	TerraformPath string
	// Cycles is how many create, update, destroy cycles to run.
	Cycles int
	// FaultShare is the share (0..1) of API requests that get a fault.
	FaultShare float64
	// Seed makes the choice of faults repeatable.
	Seed int64
	// MaxRuns bounds the runs one phase may take to converge.
	MaxRuns int
	// RateLimitPerMinute is the emulator's quota (the API's: 250).
	RateLimitPerMinute int
	// WorkDir holds the Terraform working directory.
	WorkDir string
	// Progress, when set, is told about every run.
	Progress io.Writer
}

func (c Config) withDefaults() Config {
	if c.Cycles <= 0 {
		c.Cycles = 1
	}
	if c.MaxRuns <= 0 {
		c.MaxRuns = 8
	}
	if c.RateLimitPerMinute == 0 {
		c.RateLimitPerMinute = 250
	}
	if c.Progress == nil {
		c.Progress = io.Discard
	}
	return c
}

// Faults are the kinds injected: the 429, 500, 502, 503, dropped
// connections and latency, each also after the API has acted (the answer
// is lost, the change is made), which is what tests a create's safety.
var Faults = []fakeapi.Fault{
	{Status: http.StatusTooManyRequests},
	{Status: http.StatusInternalServerError},
	{Status: http.StatusBadGateway},
	{Status: http.StatusServiceUnavailable},
	{Drop: true},
	{Latency: 300 * time.Millisecond},
	{AfterAct: true, Drop: true},
	{AfterAct: true, Status: http.StatusInternalServerError},
	{AfterAct: true, Status: http.StatusBadGateway},
	{AfterAct: true, Status: http.StatusServiceUnavailable},
}

// configuration is the soak's Terraform configuration in one of its two
// shapes: an HA pair (primary, secondary) and a standalone attachment;
// version 2 renames them, rotates their BGP keys and adds a VPC.
func configuration(endpoint, token string, version int) string {
	vpcs := `["c140286f-e6ce-4131-8b7b-df4590ce8d6a"]`
	if version > 1 {
		vpcs = `["c140286f-e6ce-4131-8b7b-df4590ce8d6a", "994a2735-dc84-11e8-80bc-3cfdfea9fba1"]`
	}
	var b strings.Builder
	fmt.Fprintf(&b, `terraform {
  required_providers {
    do = { source = "pnc-tf/do" }
  }
}

provider "do" {
  token               = %q
  api_endpoint        = %q
  http_retry_wait_min = 0.05
  http_retry_wait_max = 0.5
}
`, token, endpoint)
	for i, a := range []struct{ label, extra string }{
		{"primary", `redundancy_zone = "MEGAPORT_BLUE"`},
		{"secondary", "redundancy_zone = \"MEGAPORT_RED\"\n  parent_uuid     = do_partner_attachment.primary.id"},
		{"standalone", ""},
	} {
		fmt.Fprintf(&b, `
resource "do_partner_attachment" %[1]q {
  name                         = "soak-%[1]s-v%[2]d"
  connection_bandwidth_in_mbps = 1000
  region                       = "nyc"
  naas_provider                = "MEGAPORT"
  vpc_ids                      = %[3]s
  %[4]s
  bgp = {
    local_router_ip = "169.254.%[5]d.1/29"
    peer_router_ip  = "169.254.%[5]d.6/29"
    peer_router_asn = 64532
    auth_key        = "soak-key-%[1]s-v%[2]d"
  }
}
`, a.label, version, vpcs, a.extra, i)
	}
	return b.String()
}
