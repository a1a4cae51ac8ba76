package provider

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/pnc-tf/terraform-provider-do/internal/apiclient"
)

// The acceptance suite has one target per process. By default every test
// starts its own emulator. With DO_ACC_LIVE=1 the same tests run against the
// real API: DIGITALOCEAN_API_URL (or the public endpoint) with
// DIGITALOCEAN_TOKEN (or DIGITALOCEAN_ACCESS_TOKEN), the provider's own
// fallbacks. TestMain (sweep_test.go) reads the target once, before any test.
const (
	envLive = "DO_ACC_LIVE"
	// envVPCIDs names real VPCs the tests attach: two, comma-separated, in
	// region nyc (where the tests create their attachments).
	envVPCIDs = "DO_ACC_VPC_IDS"
)

// liveTarget is the API live mode talks to.
type liveTarget struct {
	// cfg is the resolved client configuration. Its token never goes into a
	// Terraform configuration file: the in-process provider reads it from
	// the environment like a user's would.
	cfg    apiclient.Config
	vpcIDs []string
}

// accLive is nil unless DO_ACC_LIVE selects the real API.
var accLive *liveTarget

// liveTargetFromEnv reads the target from the environment: nil for the
// emulator, an error for a live selection that cannot work. The error never
// contains the token.
func liveTargetFromEnv(getenv func(string) string) (*liveTarget, error) {
	raw := strings.TrimSpace(getenv(envLive))
	if raw == "" {
		return nil, nil
	}
	on, err := strconv.ParseBool(raw)
	if err != nil {
		return nil, fmt.Errorf("%s must be 1 (run against the real API) or 0 (the emulator), not %q", envLive, raw)
	}
	if !on {
		return nil, nil
	}
	cfg, diags := resolveConfig(providerModel{}, getenv)
	if diags.HasError() {
		return nil, fmt.Errorf("%s=1 runs the acceptance tests against the real API, but: %w", envLive, diagsError(diags))
	}
	return &liveTarget{cfg: cfg, vpcIDs: splitIDs(getenv(envVPCIDs))}, nil
}

// useVPCs makes the tests' VPC ids (vpcA, vpcB) the real ones, when two are
// given; otherwise newAccEnv skips every test (see startLive).
func (l *liveTarget) useVPCs() {
	if len(l.vpcIDs) >= 2 {
		vpcA, vpcB = l.vpcIDs[0], l.vpcIDs[1]
	}
}

// splitIDs parses a comma-separated list, dropping blanks and repeats.
func splitIDs(s string) []string {
	var out []string
	seen := map[string]bool{}
	for _, part := range strings.Split(s, ",") {
		id := strings.TrimSpace(part)
		if id != "" && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// diagsError joins the error diagnostics' summaries and details.
func diagsError(diags diag.Diagnostics) error {
	var errs []error
	for _, d := range diags.Errors() {
		errs = append(errs, fmt.Errorf("%s: %s", d.Summary(), d.Detail()))
	}
	return errors.Join(errs...)
}
