package bench

import (
	"context"
	"fmt"
	"time"

	"github.com/pnc-tf/terraform-provider-do/internal/fakeapi"
)

// The rate-limit scenarios: rateLimitCount creates against a limit.
const (
	rateLimitCount    = 50
	rateLimitDelay    = 3 * time.Second
	terraformParallel = 10 // terraform apply's default -parallelism
)

// rateCase is one shape of rate limit the creates meet.
type rateCase struct {
	title  string
	limit  int           // requests admitted per window
	window time.Duration // the sliding window
	opts   fakeapi.Options
}

// rateCases are 3a, a limit described by per-minute headers, scaled down
// from 250 requests per 60 s to 25 per 5 s so that it bites within
// seconds; and 3b, DigitalOcean's documented shape (do-rate-limits): the
// headers describe an hourly quota of 5000 while a burst limit without
// headers, scaled to 60 a minute, answers 429 with Retry-After.
var rateCases = []rateCase{
	{title: "3a. terraform apply of %d attachments, rate limit 25 requests per 5s (per-minute headers)", limit: 25, window: 5 * time.Second,
		opts: fakeapi.Options{RateLimitPerMinute: 25, RateLimitWindow: 5 * time.Second}},
	{title: "3b. terraform apply of %d attachments, do-rate-limits: burst 60 per minute without headers, 5000/h in the headers", limit: 60, window: time.Minute,
		opts: fakeapi.Options{Profiles: []fakeapi.Profile{fakeapi.ProfileDORateLimits}, RateLimitPerMinute: 60, RateLimitWindow: time.Minute, HourlyLimit: 5000}},
}

func (b *bench) rateLimited(ctx context.Context, rc rateCase, runs int) Result {
	res := Result{
		Title:  fmt.Sprintf(rc.title, rateLimitCount),
		Fewest: Counts{epCreate: rateLimitCount, epGet: rateLimitCount},
	}
	walls := make([]time.Duration, 0, runs)
	var counts []Counts
	var throttled []int
	for i := range runs {
		b.progress("%s: run %d/%d", res.Title, i+1, runs)
		m, err := b.rateLimitedOnce(ctx, rc)
		if err != nil {
			res.Err = err.Error()
			break
		}
		walls, counts = append(walls, m.Took), append(counts, m.Traffic.ByEndpoint)
		throttled = append(throttled, m.Traffic.Throttled)
	}
	res.Wall, res.Requests, res.Throttled = spreadOf(walls), medianCounts(counts), median(throttled)
	res.Notes = append(res.Notes,
		fmt.Sprintf("provisioning %s; the limit alone allows the fewest requests in >= %s, the requests made in >= %s",
			rateLimitDelay, fmtDur(rc.limitFloor(res.Fewest.Total())), fmtDur(rc.limitFloor(res.Requests.Total()))),
		fmt.Sprintf("terraform's -parallelism=%d with %s provisioning alone needs >= %s",
			terraformParallel, rateLimitDelay, fmtDur(time.Duration(waves(rateLimitCount))*rateLimitDelay)))
	return res
}

func (b *bench) rateLimitedOnce(ctx context.Context, rc rateCase) (measured, error) {
	opts := rc.opts
	opts.ProvisioningDelay = rateLimitDelay
	w, err := newWorld(b.opts.Tools, b.tmp, opts)
	if err != nil {
		return measured{}, err
	}
	defer func() { w.close(b.opts.Keep || err != nil) }()
	if err = w.write("main.tf", countedAttachments(rateLimitCount)); err != nil {
		return measured{}, err
	}
	var m measured
	if m, err = w.step(ctx, apply); err != nil {
		return m, err
	}
	ready := 0
	for _, a := range w.api.Attachments() {
		if a.State == fakeapi.StateCreated {
			ready++
		}
	}
	if ready != rateLimitCount {
		err = fmt.Errorf("apply succeeded but %d of %d attachments are ready", ready, rateLimitCount)
	}
	return m, err
}

// limitFloor is the shortest time in which the sliding-window limit admits n
// requests: the first window's worth at once, then one window per batch.
func (rc rateCase) limitFloor(n int) time.Duration {
	if n <= rc.limit {
		return 0
	}
	return time.Duration((n-1)/rc.limit) * rc.window
}

// waves is how many rounds of terraformParallel operations n creates take.
func waves(n int) int {
	return (n + terraformParallel - 1) / terraformParallel
}
