package apiclient

import (
	"context"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/digitalocean/godo"
	"golang.org/x/oauth2"

	"github.com/pnc-tf/terraform-provider-do/internal/fakeapi"
)

const (
	pacedWorkers  = 3
	pacedRequests = 4 // per worker
	pacedLimit    = 4 // per window: the load is three times the quota
)

// burst sends the workload: pacedWorkers goroutines listing attachments
// pacedRequests times each, all through one client.
func burst(t *testing.T, list func(context.Context) error) {
	t.Helper()
	var wg sync.WaitGroup
	for range pacedWorkers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range pacedRequests {
				_ = list(context.Background())
			}
		}()
	}
	wg.Wait()
}

// burstLists sends the workload as attachment lists through c and returns
// the errors they met.
func burstLists(t *testing.T, c *godo.Client) []error {
	t.Helper()
	var mu sync.Mutex
	var failures []error
	burst(t, func(ctx context.Context) error {
		_, _, err := c.PartnerAttachment.List(ctx, nil)
		if err != nil {
			mu.Lock()
			failures = append(failures, err)
			mu.Unlock()
		}
		return err
	})
	return failures
}

func count429(api *fakeapi.Server) int {
	n := 0
	for _, e := range api.Journal() {
		if e.Status == http.StatusTooManyRequests {
			n++
		}
	}
	return n
}

// Without pacing, the workload collects 429s (a window of one minute makes
// that certain); with it, the same workload through the provider's client
// collects none, even with retries off, because the client waits for the
// quota instead of spending requests on refusals.
func TestPacingAvoids429s(t *testing.T) {
	unpaced := fakeapi.NewTestServer(t, fakeapi.Options{RateLimitPerMinute: pacedLimit})
	// godo.NewFromToken would retry; a plain client shows every refusal.
	raw := godo.NewClient(oauth2.NewClient(context.Background(), oauth2.StaticTokenSource(&oauth2.Token{AccessToken: unpaced.Token()})))
	raw.BaseURL, _ = raw.BaseURL.Parse(unpaced.URL())
	burst(t, func(ctx context.Context) error { _, _, err := raw.PartnerAttachment.List(ctx, nil); return err })
	if n := count429(unpaced); n == 0 {
		t.Fatal("control: the unpaced workload should exceed the quota")
	}

	paced := fakeapi.NewTestServer(t, fakeapi.Options{RateLimitPerMinute: pacedLimit, RateLimitWindow: time.Second})
	c := mustClient(t, Config{Token: paced.Token(), APIEndpoint: paced.URL(), UserAgent: "test"})
	failures := burstLists(t, c)
	if n := count429(paced); n != 0 || len(failures) != 0 {
		t.Fatalf("paced workload got %d 429s; errors: %v", n, failures)
	}
	if n := len(paced.Journal()); n != pacedWorkers*pacedRequests {
		t.Fatalf("%d requests reached the API, want %d", n, pacedWorkers*pacedRequests)
	}
}

func TestPacingGivesUpWhenTheContextEnds(t *testing.T) {
	api := fakeapi.NewTestServer(t, fakeapi.Options{RateLimitPerMinute: 1})
	c := mustClient(t, Config{Token: api.Token(), APIEndpoint: api.URL(), UserAgent: "test"})
	if _, _, err := c.PartnerAttachment.List(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	// The quota is spent until a minute from now: the next request waits,
	// and a cancelled context must end that wait.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := c.PartnerAttachment.List(ctx, nil); err == nil {
		t.Fatal("want the cancellation")
	}
	if n := len(api.Journal()); n != 1 {
		t.Fatalf("%d requests sent, want only the first", n)
	}
}

// acquireNow reports whether the pacer lets a request go without waiting:
// a cancelled context ends any wait at once.
func acquireNow(p *pacer) bool {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := p.acquire(ctx)
	return err == nil
}

func answer(status int, kv ...string) *http.Response {
	h := http.Header{}
	for i := 0; i < len(kv); i += 2 {
		h.Set(kv[i], kv[i+1])
	}
	return &http.Response{StatusCode: status, Header: h}
}

func TestPacerStates(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	newTestPacer := func() *pacer {
		p := newPacer(nil)
		p.now = func() time.Time { return now }
		return p
	}
	reset := func(d time.Duration) string { return strconv.FormatInt(now.Add(d).Unix(), 10) }

	p := newTestPacer()
	if !acquireNow(p) || acquireNow(p) {
		t.Fatal("before any answer, exactly one request (the probe) may go")
	}
	p.observe(1, answer(http.StatusOK))
	for i := range 50 {
		if !acquireNow(p) {
			t.Fatalf("an API without rate-limit headers is not paced (request %d waited)", i)
		}
	}

	p = newTestPacer()
	acquireNow(p)
	p.observe(1, answer(http.StatusOK, headerRemaining, "100", headerLimit, "250", headerReset, reset(time.Minute)))
	for i := range 50 {
		if !acquireNow(p) {
			t.Fatalf("with quota to spare nothing waits (request %d waited)", i)
		}
	}
	p.observe(2, answer(http.StatusOK, headerRemaining, "0", headerLimit, "250", headerReset, reset(time.Minute)))
	if acquireNow(p) {
		t.Fatal("with the quota spent, requests wait for the reset")
	}

	p = newTestPacer()
	acquireNow(p)
	p.observe(1, answer(http.StatusTooManyRequests, "Retry-After", "2", headerRemaining, "0", headerReset, reset(time.Minute)))
	if acquireNow(p) {
		t.Fatal("after a 429, requests wait")
	}
	if got := p.reset.Sub(now); got != 2*time.Second {
		t.Fatalf("after a 429 with Retry-After 2, requests wait %v", got)
	}
}

// DigitalOcean's headers count the hourly quota; its per-minute burst limit
// answers 429 with quota left in them, maybe without Retry-After.
func TestPacerBurstLimit(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	newTestPacer := func() *pacer {
		p := newPacer(nil)
		p.now = func() time.Time { return now }
		return p
	}
	hourly := func(status int, remaining string, resetIn time.Duration, kv ...string) *http.Response {
		return answer(status, append([]string{headerRemaining, remaining, headerLimit, "5000",
			headerReset, strconv.FormatInt(now.Add(resetIn).Unix(), 10)}, kv...)...)
	}

	t.Run("a headerless burst 429 pauses briefly, not until the hourly reset", func(t *testing.T) {
		p := newTestPacer()
		acquireNow(p)
		p.observe(1, hourly(http.StatusTooManyRequests, "4000", time.Hour))
		if acquireNow(p) {
			t.Fatal("after a 429, requests wait")
		}
		if got := p.reset.Sub(now); got != burstPause {
			t.Fatalf("the first burst pause is %v, want %v (not the hourly reset)", got, burstPause)
		}
		now = now.Add(burstPause)
		ticket := p.probe
		if !acquireNow(p) || p.probe == ticket {
			t.Fatal("after the pause one probe goes")
		}
		p.observe(p.probe, hourly(http.StatusTooManyRequests, "3999", time.Hour))
		if got := p.reset.Sub(now); got != 2*burstPause {
			t.Fatalf("a second burst 429 in a row pauses %v, want %v", got, 2*burstPause)
		}
	})

	t.Run("answers already in flight do not lift the hold", func(t *testing.T) {
		p := newTestPacer()
		acquireNow(p)
		p.observe(1, hourly(http.StatusOK, "4000", time.Hour))
		for range 3 {
			acquireNow(p) // tickets 2..4, in flight
		}
		p.observe(2, hourly(http.StatusTooManyRequests, "3999", time.Hour, "Retry-After", "5"))
		// The hourly window moved on (a later reset): before the fix this
		// raised the estimate and let everything through during the hold.
		p.observe(3, hourly(http.StatusOK, "3998", time.Hour+time.Second))
		if p.left > 0 || acquireNow(p) {
			t.Fatalf("a 200 from a request in flight lifted the hold (left %d)", p.left)
		}
		if got := p.reset.Sub(now); got != 5*time.Second {
			t.Fatalf("the hold ends in %v, want the 429's Retry-After (5s)", got)
		}
	})

	t.Run("a 429 without rate-limit headers still holds requests", func(t *testing.T) {
		// An API that sends no rate-limit headers, then a proxy's 429 in
		// front of one that does: both are waited for, not resent at once.
		for name, first := range map[string]*http.Response{
			"no headers ever": answer(http.StatusOK),
			"headers before":  hourly(http.StatusOK, "4000", time.Hour),
		} {
			p := newTestPacer()
			acquireNow(p)
			p.observe(1, first)
			acquireNow(p)
			p.observe(2, answer(http.StatusTooManyRequests, "Retry-After", "3"))
			if acquireNow(p) {
				t.Fatalf("%s: a header-less 429 with Retry-After let the next request go at once", name)
			}
			if got := p.reset.Sub(now); got != 3*time.Second {
				t.Fatalf("%s: the hold ends in %v, want the 429's Retry-After (3s)", name, got)
			}
			p.observe(0, answer(http.StatusTooManyRequests))
			if got := p.reset.Sub(now); got != burstPause {
				t.Fatalf("%s: a 429 with no headers at all holds for %v, want the burst pause %v", name, got, burstPause)
			}
		}
	})

	t.Run("a proxy's page without headers does not switch pacing off", func(t *testing.T) {
		p := newTestPacer()
		acquireNow(p)
		p.observe(1, hourly(http.StatusOK, "0", time.Minute))
		p.observe(1, answer(http.StatusBadGateway))
		if p.left > 0 || acquireNow(p) {
			t.Fatalf("a header-less answer released the held requests (left %d)", p.left)
		}
	})
}

// Under DigitalOcean's burst limit, whose 429s the headers do not explain,
// concurrent readers collect several 429s in a row: the pacer holds them for
// the Retry-After, then they meet the limit again together. Those refusals
// must not spend the retry budget, which is for failures: with one retry
// allowed, every read still succeeds. Verified failing with the resender
// left out of installRetryLayers: 1 and 3 of the 12 reads failed with 429.
func TestRefusedReadsDoNotSpendTheRetryBudget(t *testing.T) {
	for _, p := range []fakeapi.Profile{fakeapi.ProfileDORateLimits, fakeapi.ProfileDORateLimitsNoRetryAfter} {
		t.Run(string(p), func(t *testing.T) {
			api := fakeapi.NewTestServer(t, fakeapi.Options{
				Profiles: []fakeapi.Profile{p}, RateLimitPerMinute: 2, RateLimitWindow: 300 * time.Millisecond,
			})
			c := mustClient(t, Config{
				Token: api.Token(), APIEndpoint: api.URL(), RetryMax: 1,
				RetryWaitMin: 0.001, RetryWaitMax: 0.005, UserAgent: "test", BurstWindow: 300 * time.Millisecond,
			})
			failures := burstLists(t, c)
			if len(failures) != 0 {
				t.Fatalf("%d of %d reads failed, first: %v", len(failures), pacedWorkers*pacedRequests, failures[0])
			}
			if count429(api) == 0 {
				t.Fatal("no read was refused with 429, so the test proves nothing")
			}
			t.Logf("%d answers of 429", count429(api))
		})
	}
}

// Under DigitalOcean's burst limit, which the headers do not describe, the
// pacer learns the limit from the first 429: the requests it had sent in the
// window, less one. Afterwards it keeps under it, so a steady load meets no
// second 429. Verified failing with learnBurst's body emptied: every window
// then ends in a 429.
func TestPacerLearnsTheBurstLimit(t *testing.T) {
	const limit, window = 2 * minBurstLimit, time.Second
	api := fakeapi.NewTestServer(t, fakeapi.Options{
		Profiles: []fakeapi.Profile{fakeapi.ProfileDORateLimits}, RateLimitPerMinute: limit, RateLimitWindow: window,
	})
	c := mustClient(t, Config{Token: api.Token(), APIEndpoint: api.URL(), RetryMax: 1,
		RetryWaitMin: 0.001, RetryWaitMax: 0.005, UserAgent: "test", BurstWindow: window})
	deadline := time.Now().Add(3 * window)
	n := 0
	for time.Now().Before(deadline) {
		if _, _, err := c.PartnerAttachment.List(context.Background(), nil); err != nil {
			t.Fatalf("request %d: %v", n, err)
		}
		n++
	}
	if got := count429(api); got != 1 {
		t.Fatalf("%d answers of 429 over %d requests in three windows, want only the one that taught the limit", got, n)
	}
	if n < 2*limit {
		t.Fatalf("only %d requests in three windows of %d: the pacer held back more than the limit asks", n, limit)
	}
}
