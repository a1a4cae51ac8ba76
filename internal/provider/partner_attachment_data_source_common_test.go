package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/pnc-tf/terraform-provider-do/internal/fakeapi"
)

// dataBlock is a data block with the given arguments (verbatim HCL).
func dataBlock(typ, label string, args ...string) string {
	return fmt.Sprintf("data %q %q {\n  %s\n}\n", typ, label, strings.Join(args, "\n  "))
}

// checkEveryPageOnce proves that every read of the list at path fetched
// pages 1..pages exactly once each, in order, at per_page 200, and that there
// was at least one read. Terraform reads a data source several times per
// step (plan, apply, refresh), so the journal holds one run per read.
func (e *accEnv) checkEveryPageOnce(path string, pages int) func(*terraform.State) error {
	return func(*terraform.State) error {
		var got []int
		for _, entry := range e.api.Journal() {
			if entry.Method != "GET" || entry.Path != path {
				continue
			}
			q, err := url.ParseQuery(entry.Query)
			if err != nil || q.Get("per_page") != "200" {
				return fmt.Errorf("list request %s: want per_page=200", entry)
			}
			page, _ := strconv.Atoi(q.Get("page"))
			got = append(got, page)
		}
		var want []int
		for len(want) < len(got) || len(want) == 0 {
			for p := 1; p <= pages; p++ {
				want = append(want, p)
			}
		}
		if !slices.Equal(got, want) {
			return fmt.Errorf("pages fetched from %s: %v; want each read to fetch pages 1..%d once: %v", path, got, pages, want)
		}
		return nil
	}
}

// expectSensitiveInPlan checks the plan JSON: attr of the data source at
// address is marked sensitive, whether it was read during the plan (prior
// state) or is read during apply (resource changes). Terraform keeps the
// value out of plan output and CLI logs because of that mark.
type expectSensitiveInPlan struct {
	address, attr string
}

func (c expectSensitiveInPlan) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	found := false
	if req.Plan.PriorState != nil && req.Plan.PriorState.Values != nil {
		for _, r := range req.Plan.PriorState.Values.RootModule.Resources {
			if r.Address == c.address {
				found = true
				var doc map[string]any
				_ = json.Unmarshal(r.SensitiveValues, &doc)
				if doc[c.attr] != true {
					resp.Error = fmt.Errorf("%s.%s is not marked sensitive in the plan's prior state: %s", c.address, c.attr, r.SensitiveValues)
					return
				}
			}
		}
	}
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Address == c.address {
			found = true
			if doc, _ := rc.Change.AfterSensitive.(map[string]any); doc[c.attr] != true {
				resp.Error = fmt.Errorf("%s.%s is not marked sensitive in the plan's changes: %v", c.address, c.attr, rc.Change.AfterSensitive)
				return
			}
		}
	}
	if !found {
		resp.Error = fmt.Errorf("%s is not in the plan", c.address)
	}
}

// seedWithBGP seeds a ready attachment with BGP settings and returns its id.
func seedWithBGP(api *fakeapi.Server, name, authKey string) string {
	return api.Seed(fakeapi.SeedAttachment{
		Name: name, VPCIDs: []string{vpcA},
		BGP: &fakeapi.BGP{LocalASN: 64532, LocalRouterIP: "169.254.0.1/29", PeerASN: 133937, PeerRouterIP: "169.254.0.6/29", AuthKey: authKey},
	})
}
