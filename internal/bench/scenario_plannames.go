package bench

import (
	"context"
	"fmt"
	"time"

	"github.com/pnc-tf/terraform-provider-do/internal/fakeapi"
)

// newCount is how many new attachments scenario 7 plans beside the existing.
const newCount = 10

// planNewNames is scenario 7: what the plan-time name and parent checks
// cost. The plan over the refreshCount attachments of scenario 2 (7a, no
// changes) and the same plan with newCount more to create (7b), whose names
// the checks look up in the list the refresh already fetched: at most one
// list per plan, and none when nothing is created. The two plans run in
// turn, so load on the shared cores falls on both alike.
func (b *bench) planNewNames(ctx context.Context, runs int) []Result {
	fewest := Counts{epList: (refreshCount + apiPageSize - 1) / apiPageSize}
	without := Result{Title: fmt.Sprintf("7a. terraform plan over %d existing attachments (no changes)", refreshCount), Fewest: fewest}
	with := Result{Title: fmt.Sprintf("7b. the same plan with %d new attachments to create (name checks)", newCount), Fewest: fewest}
	fail := func(err error) []Result {
		with.Err = err.Error()
		return []Result{without, with}
	}
	w, err := newWorld(b.opts.Tools, b.tmp, fakeapi.Options{RateLimitPerMinute: -1})
	if err != nil {
		return fail(err)
	}
	defer func() { w.close(b.opts.Keep || with.Err != "" || without.Err != "") }()
	if _, err := seedAndImport(ctx, w); err != nil {
		return fail(fmt.Errorf("setup: %w", err))
	}
	existing := importedAttachments()
	withNew := existing + newAttachments(newCount)

	var wallsWithout, wallsWith []time.Duration
	var countsWithout, countsWith []Counts
	for i := range runs {
		b.progress("7. plan with and without %d new attachments: round %d/%d", newCount, i+1, runs)
		if err := w.write("main.tf", existing); err != nil {
			return fail(err)
		}
		m, err := w.step(ctx, planNoChanges)
		if err != nil {
			return fail(fmt.Errorf("plan without new attachments: %w", err))
		}
		wallsWithout, countsWithout = append(wallsWithout, m.Took), append(countsWithout, m.Traffic.ByEndpoint)
		if err := w.write("main.tf", withNew); err != nil {
			return fail(err)
		}
		if m, err = w.step(ctx, planCreates); err != nil {
			return fail(fmt.Errorf("plan with new attachments: %w", err))
		}
		wallsWith, countsWith = append(wallsWith, m.Took), append(countsWith, m.Traffic.ByEndpoint)
	}
	without.Wall, without.Requests = spreadOf(wallsWithout), medianCounts(countsWithout)
	with.Wall, with.Requests = spreadOf(wallsWith), medianCounts(countsWith)
	with.Notes = append(with.Notes,
		fmt.Sprintf("the %d new names are checked against the list the refresh fetched: no request of their own", newCount),
		fmt.Sprintf("%s of each plan, in turn; rate limit off in the emulator", plural(runs, "run")))
	if with.Requests[epList] > without.Requests[epList] || with.Requests[epCreate] > 0 {
		with.Err = fmt.Sprintf("the plan with new attachments sent %s, the plan without %s: want no list of its own (the checks share the refresh's) and no create",
			with.Requests, without.Requests)
	}
	return []Result{without, with}
}

// newAttachments configures n more attachments, bench-new-0 .. bench-new-(n-1).
func newAttachments(n int) string {
	return fmt.Sprintf(`
resource "do_partner_attachment" "new" {
  count = %d
`+attachmentBody+`}
`, n, `"bench-new-${count.index}"`, benchVPC)
}

// planCreates runs `terraform plan -detailed-exitcode` and fails unless the
// plan has changes (the creates it is meant to check).
func planCreates(ctx context.Context, w *world) error {
	changes, err := w.tf.Plan(ctx)
	if err == nil && !changes {
		err = fmt.Errorf("terraform plan shows no changes; expected creates")
	}
	return err
}
