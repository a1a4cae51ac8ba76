package provider

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/pnc-tf/terraform-provider-do/internal/fakeapi"
)

// A plan over many attachments refreshes them from the list (a GET, then
// one page) instead of a GET each, and still sees a change made outside
// Terraform a moment before.
func TestAccPartnerAttachment_refreshFromList(t *testing.T) {
	const n = 25
	// Unlimited: creating and destroying 25 takes more than the 250 requests
	// a minute the limit allows; the refresh is what is measured.
	env := newAccEnv(t, fakeapi.Options{RateLimitPerMinute: -1})
	cfg := baseAttachment("tfacc-many-${count.index}")
	cfg.BGP = nil
	cfg.Extra = fmt.Sprintf("  count = %d\n", n)
	config := env.config(cfg.hcl("many"))
	seventh := "do_partner_attachment.many[7]"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: env.factories(),
		CheckDestroy:             env.checkNoneLeft,
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig: env.api.ResetJournal,
				Config:    config,
				PlanOnly:  true,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{env.expectRefreshRequests(n, 3)},
				},
			},
			{
				PreConfig: func() {
					env.api.ResetJournal()
					env.api.Rename(env.byName(t, "tfacc-many-7"), "renamed-in-console")
				},
				Config:             config,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{
						env.expectRefreshRequests(n, 3),
						plancheck.ExpectResourceAction(seventh, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(seventh, tfjsonpath.New("name"), knownvalue.StringExact("tfacc-many-7")),
					},
				},
			},
		},
	})
}

// expectRefreshRequests is a plan check on the emulator's journal since the
// step began: the refresh of reads attachments made at least one list
// request and no more than most requests in all.
func (e *accEnv) expectRefreshRequests(reads, most int) plancheck.PlanCheck {
	return refreshRequestsCheck{env: e, reads: reads, most: most}
}

type refreshRequestsCheck struct {
	env         *accEnv
	reads, most int
}

func (c refreshRequestsCheck) CheckPlan(_ context.Context, _ plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	journal := c.env.api.Journal()
	lists := 0
	for _, e := range journal {
		if e.Method == http.MethodGet && e.Path == attachmentsPath {
			lists++
		}
	}
	if len(journal) > c.most || lists == 0 {
		resp.Error = fmt.Errorf("refreshing %d attachments made %d requests (%d list pages), want at most %d with a list: %v",
			c.reads, len(journal), lists, c.most, journal)
	}
}

func TestSeenZones(t *testing.T) {
	var z seenZones
	if got := z.of("a"); got != "" {
		t.Fatalf("empty: %q", got)
	}
	z.record(types.StringValue("a"), types.StringValue("MEGAPORT_RED"))
	z.record(types.StringValue("b"), types.StringUnknown())
	z.record(types.StringNull(), types.StringValue("MEGAPORT_BLUE"))
	if got := z.of("a"); got != "MEGAPORT_RED" {
		t.Fatalf("a: %q", got)
	}
	if got := z.of("b"); got != "" {
		t.Fatalf("an unknown zone was recorded: %q", got)
	}
	z.record(types.StringValue("a"), types.StringValue("MEGAPORT_BLUE"))
	if got := z.of("a"); got != "MEGAPORT_BLUE" {
		t.Fatalf("a after a replacement: %q", got)
	}
}
