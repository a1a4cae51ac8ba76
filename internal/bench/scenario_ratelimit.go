package bench

import (
	"context"
	"fmt"
	"time"

	"github.com/pnc-tf/terraform-provider-do/internal/fakeapi"
)

// The rate-limit scenario: rateLimitCount creates against a limit scaled
// down from the API's 250 requests per 60 s to rateLimit per rateWindow, a
// little faster than the real rate, so that it bites within seconds.
const (
	rateLimitCount    = 50
	rateLimit         = 25
	rateWindow        = 5 * time.Second
	rateLimitDelay    = 3 * time.Second
	terraformParallel = 10 // terraform apply's default -parallelism
)

func (b *bench) rateLimited(ctx context.Context, runs int) Result {
	res := Result{
		Title:  fmt.Sprintf("3. terraform apply of %d attachments, rate limit %d requests per %s", rateLimitCount, rateLimit, rateWindow),
		Fewest: Counts{epCreate: rateLimitCount, epGet: rateLimitCount},
	}
	walls := make([]time.Duration, 0, runs)
	var counts []Counts
	var throttled []int
	for i := range runs {
		b.progress("%s: run %d/%d", res.Title, i+1, runs)
		m, err := b.rateLimitedOnce(ctx)
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
			rateLimitDelay, fmtDur(limitFloor(res.Fewest.Total())), fmtDur(limitFloor(res.Requests.Total()))),
		fmt.Sprintf("terraform's -parallelism=%d with %s provisioning alone needs >= %s",
			terraformParallel, rateLimitDelay, fmtDur(time.Duration(waves(rateLimitCount))*rateLimitDelay)))
	return res
}

func (b *bench) rateLimitedOnce(ctx context.Context) (measured, error) {
	w, err := newWorld(b.opts.Tools, b.tmp, fakeapi.Options{
		ProvisioningDelay: rateLimitDelay, RateLimitPerMinute: rateLimit, RateLimitWindow: rateWindow})
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
func limitFloor(n int) time.Duration {
	if n <= rateLimit {
		return 0
	}
	return time.Duration((n-1)/rateLimit) * rateWindow
}

// waves is how many rounds of terraformParallel operations n creates take.
func waves(n int) int {
	return (n + terraformParallel - 1) / terraformParallel
}
