package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/pnc-tf/terraform-provider-do/internal/fakeapi"
)

// refreshCount is how many existing attachments scenario 2 refreshes.
const refreshCount = 200

// apiPageSize is the largest page the list endpoint serves.
const apiPageSize = 200

// refresh measures `terraform plan` over refreshCount attachments that
// already exist and are in state. They are seeded in the emulator and
// imported once (import blocks) before the measured plans.
func (b *bench) refresh(ctx context.Context, runs int) Result {
	res := Result{Title: fmt.Sprintf("2. terraform plan (refresh) over %d existing attachments", refreshCount),
		Fewest: Counts{epList: (refreshCount + apiPageSize - 1) / apiPageSize}}
	// The limit is off here so the runs, back to back, measure requests and
	// time rather than waiting out the window; scenario 3 covers the limit.
	w, err := newWorld(b.opts.Tools, b.tmp, fakeapi.Options{RateLimitPerMinute: -1})
	if err != nil {
		res.Err = err.Error()
		return res
	}
	defer func() { w.close(b.opts.Keep || res.Err != "") }()
	setup, err := seedAndImport(ctx, w)
	if err != nil {
		res.Err = "setup: " + err.Error()
		return res
	}
	res.Notes = append(res.Notes,
		fmt.Sprintf("setup (not timed): the apply importing the %d attachments made %d requests (%s)",
			refreshCount, setup.Traffic.ByEndpoint.Total(), setup.Traffic.ByEndpoint),
		"rate limit off in the emulator for this scenario (scenario 3 measures it)")

	walls := make([]time.Duration, 0, runs)
	var counts []Counts
	for i := range runs {
		b.progress("%s: run %d/%d", res.Title, i+1, runs)
		m, err := w.step(ctx, planNoChanges)
		if err != nil {
			res.Err = err.Error()
			break
		}
		walls, counts = append(walls, m.Took), append(counts, m.Traffic.ByEndpoint)
	}
	res.Wall, res.Requests = spreadOf(walls), medianCounts(counts)
	return res
}

// seedAndImport plants the attachments and imports them into state.
func seedAndImport(ctx context.Context, w *world) (measured, error) {
	ids := map[string]string{}
	for i := range refreshCount {
		name := fmt.Sprintf("bench-%03d", i)
		ids[name] = w.api.Seed(fakeapi.SeedAttachment{Name: name, VPCIDs: []string{benchVPC},
			Region: "NYC", NaaSProvider: "MEGAPORT", ConnectionBandwidthInMbps: 1000})
	}
	vars, err := json.Marshal(map[string]any{"ids": ids})
	if err != nil {
		return measured{}, err
	}
	if err := w.write("terraform.tfvars.json", string(vars)); err != nil {
		return measured{}, err
	}
	if err := w.write("main.tf", importedAttachments()); err != nil {
		return measured{}, err
	}
	return w.step(ctx, apply)
}
