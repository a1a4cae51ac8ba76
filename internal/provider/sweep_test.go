package provider

import (
	"context"
	"fmt"
	"log"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/pnc-tf/terraform-provider-do/internal/apiclient"
	"github.com/pnc-tf/terraform-provider-do/internal/fakeapi"
)

func init() {
	resource.AddTestSweepers("do_partner_attachment", &resource.Sweeper{
		Name: "do_partner_attachment",
		F:    attachmentSweeper(os.Getenv, WaitTiming{}),
	})
}

// sweeperUserAgent names the sweeper's requests in the API's logs.
const sweeperUserAgent = "terraform-provider-do-sweeper"

// attachmentSweeper returns the sweeper for -sweep=<region> ("all" sweeps
// every region). It reaches the API the way the provider does without a
// provider block (DIGITALOCEAN_TOKEN, DIGITALOCEAN_API_URL, read through
// getenv) and polls with wait (zero: the provider's production timings).
func attachmentSweeper(getenv func(string) string, wait WaitTiming) resource.SweeperFunc {
	return func(region string) error {
		cfg, diags := resolveConfig(providerModel{}, getenv)
		if diags.HasError() {
			return fmt.Errorf("the partner attachment sweeper cannot reach the API: %w", diagsError(diags))
		}
		cfg.UserAgent = sweeperUserAgent
		client, err := apiclient.New(cfg)
		if err != nil {
			return err
		}
		report, err := sweepAttachments(context.Background(), client, sweepOptions{
			region: region, wait: wait, timeout: defaultTimeout, logf: log.Printf,
		})
		log.Printf("[INFO] sweeper do_partner_attachment in %s: %s", region, report)
		return err
	}
}

// The function registered with resource.AddTestSweepers, called as -sweep
// would call it, with the environment pointing at an emulator.
func TestAttachmentSweeper(t *testing.T) {
	api, _ := sweepEmulator(t)
	api.Seed(fakeapi.SeedAttachment{Name: "tfacc-leftover"})
	api.Seed(fakeapi.SeedAttachment{Name: "production-link"})
	env := map[string]string{"DIGITALOCEAN_TOKEN": api.Token(), "DIGITALOCEAN_API_URL": api.URL()}
	if err := attachmentSweeper(func(k string) string { return env[k] }, accWait)("nyc"); err != nil {
		t.Fatal(err)
	}
	if got := remainingNames(api); !slices.Equal(got, []string{"production-link CREATED"}) {
		t.Errorf("left %q", got)
	}

	err := attachmentSweeper(func(string) string { return "" }, accWait)("nyc")
	if err == nil || !strings.Contains(err.Error(), "DIGITALOCEAN_TOKEN") {
		t.Errorf("without a token: err = %v, want it to name DIGITALOCEAN_TOKEN", err)
	}
}
