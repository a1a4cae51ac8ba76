package bench

import (
	"context"
	"fmt"
	"time"

	"github.com/pnc-tf/terraform-provider-do/internal/fakeapi"
)

// Endpoint labels used for the fewest-requests baselines.
const (
	epList   = "GET /attachments"
	epCreate = "POST /attachments"
	epGet    = "GET /attachments/{id}"
	epPatch  = "PATCH /attachments/{id}"
	epDelete = "DELETE /attachments/{id}"
)

// lifecycleStep is one Terraform command of the lifecycle scenario.
type lifecycleStep struct {
	name string
	// config, when set, replaces main.tf before the (timed) command.
	config string
	run    func(context.Context, *world) error
	// fewest: a POST/PATCH/DELETE each, one GET per refresh and one per wait
	// (a client that knew when provisioning ends would poll exactly once).
	fewest Counts
}

var lifecycleSteps = []lifecycleStep{
	{name: "create (apply)", config: oneAttachment("bench-lifecycle"),
		run: apply, fewest: Counts{epCreate: 1, epGet: 1}},
	{name: "plan", run: planNoChanges, fewest: Counts{epGet: 1}},
	{name: "update (apply)", config: oneAttachment("bench-lifecycle-renamed"),
		run: apply, fewest: Counts{epGet: 2, epPatch: 1}},
	{name: "destroy", run: destroy, fewest: Counts{epGet: 2, epDelete: 1}},
}

// lifecycleRun is one run of the lifecycle: each step's measurement and the
// waits the emulator saw.
type lifecycleRun struct {
	steps []measured
	waits []waitSample
}

func (b *bench) lifecycleOnce(ctx context.Context, delay time.Duration) (lifecycleRun, error) {
	w, err := newWorld(b.opts.Tools, b.tmp, fakeapi.Options{ProvisioningDelay: delay})
	if err != nil {
		return lifecycleRun{}, err
	}
	var run lifecycleRun
	defer func() { w.close(b.opts.Keep || err != nil) }()
	var id string
	var all []fakeapi.Entry
	for _, s := range lifecycleSteps {
		if s.config != "" {
			if err = w.write("main.tf", s.config); err != nil {
				return run, err
			}
		}
		var m measured
		if m, err = w.step(ctx, s.run); err != nil {
			return run, fmt.Errorf("%s: %w", s.name, err)
		}
		if id == "" {
			if only := w.api.Attachments(); len(only) == 1 {
				id = only[0].ID
			}
		}
		run.steps = append(run.steps, m)
		all = append(all, m.Entries...)
	}
	run.waits, err = waitSamples(id, w.api.Transitions(id), all)
	return run, err
}

// lifecycle measures the lifecycle scenario at one provisioning delay.
func (b *bench) lifecycle(ctx context.Context, title string, delay time.Duration, runs int) (Result, []LagRow) {
	res := Result{Title: title}
	var ok []lifecycleRun
	for i := range runs {
		b.progress("%s: run %d/%d", title, i+1, runs)
		run, err := b.lifecycleOnce(ctx, delay)
		if err != nil {
			res.Err = err.Error()
			break
		}
		ok = append(ok, run)
	}
	if len(ok) == 0 {
		return res, nil
	}
	reduceLifecycle(&res, ok)
	return res, lagRows(delay, ok)
}

func reduceLifecycle(res *Result, runs []lifecycleRun) {
	totals := make([]time.Duration, len(runs))
	perRun := make([]Counts, len(runs))
	throttled := make([]int, len(runs))
	for i := range perRun {
		perRun[i] = Counts{}
	}
	res.Fewest = Counts{}
	for si, s := range lifecycleSteps {
		walls := make([]time.Duration, len(runs))
		reqs := make([]int, len(runs))
		for ri, r := range runs {
			m := r.steps[si]
			walls[ri], reqs[ri] = m.Took, m.Traffic.ByEndpoint.Total()
			totals[ri] += m.Took
			perRun[ri].Add(m.Traffic.ByEndpoint)
			throttled[ri] += m.Traffic.Throttled
		}
		res.Steps = append(res.Steps, StepRow{Name: s.name, Wall: spreadOf(walls), Requests: median(reqs), Fewest: s.fewest.Total()})
		res.Fewest.Add(s.fewest)
	}
	res.Wall = spreadOf(totals)
	res.Requests = medianCounts(perRun)
	res.Throttled = median(throttled)
}

// lagRows reduces the waits of every run per operation, against the
// targets: lag <= 1 s at 3 s provisioning; at 60 s, lag <= 5 s with no more
// GETs than a fixed 5-second poll.
func lagRows(delay time.Duration, runs []lifecycleRun) []LagRow {
	var rows []LagRow
	for _, op := range []string{"create", "update", "delete"} {
		var lags []time.Duration
		var polls []int
		for _, r := range runs {
			for _, w := range r.waits {
				if w.Op == op {
					lags, polls = append(lags, w.Lag), append(polls, w.Polls)
				}
			}
		}
		if len(lags) == 0 {
			continue
		}
		row := LagRow{Op: op, Delay: delay, Runs: len(lags), Lag: median(lags), Polls: median(polls),
			FixedPolls: fixedPolls(delay, 5*time.Second), MaxLag: lagTarget(delay)}
		if delay >= time.Minute {
			row.PollBudget = row.FixedPolls
		}
		rows = append(rows, row)
	}
	return rows
}

// lagTarget is the target for a provisioning delay: 1 s for short
// operations, 5 s for long ones.
func lagTarget(delay time.Duration) time.Duration {
	if delay >= time.Minute {
		return 5 * time.Second
	}
	return time.Second
}
