package provider

import (
	"context"
	"fmt"
	"log"
	"os"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/pnc-tf/terraform-provider-do/internal/apiclient"
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
