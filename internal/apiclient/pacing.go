package apiclient

import (
	"context"
	"math"
	"net/http"
	"sync"
	"time"
)

// probeWait bounds how long requests queue behind the single request sent
// to find out whether the quota has grown again (see pacer.acquire).
const probeWait = time.Second

// A 429 can come from a limit the headers do not describe: DigitalOcean's
// ratelimit-* headers count the hourly quota, while its per-minute burst
// limit has no headers of its own, and its 429 may come without
// Retry-After. Then the pacer holds requests for burstPause, doubling with
// each such 429 in a row up to maxBurstPause, rather than until the hourly
// ratelimit-reset.
const (
	burstPause    = time.Second
	maxBurstPause = 16 * time.Second
)

// burstWindow is the window of the limit the headers do not describe:
// DigitalOcean documents its burst limit per minute.
const burstWindow = time.Minute

// burstRelearn is how many windows without a 429 the learnt burst limit
// lasts before it is raised by a tenth.
const burstRelearn = 5

// minBurstLimit is the lowest burst limit the pacer learns: a 429 that
// comes when this process has sent fewer requests in the window is about
// other clients of the token (or a proxy), not a pace to keep.
const minBurstLimit = 10

// pacer is the client-side half of DigitalOcean's rate limit. It reads
// ratelimit-remaining and ratelimit-reset from every answer; when no quota is
// left it holds requests until the reset (or a 429's Retry-After), then lets
// one request find out how much came back. One pacer sits under the retrying
// client, so every attempt of every resource in the process shares it, which
// is what makes parallel applies slow down rather than collect 429s.
// It does not spread the last few requests out ahead of the reset; why:
// DESIGN.md, "Pacing and rate limits".
type pacer struct {
	base http.RoundTripper
	now  func() time.Time

	mu       sync.Mutex
	issued   uint64    // requests let through so far; each gets the next number
	inFlight int       // requests let through and not yet answered
	probe    uint64    // number of the request sent to test an expired reset, 0 if none
	known    bool      // whether any answer carried rate-limit headers
	left     int       // estimated requests left before the API answers 429
	window   time.Time // the latest ratelimit-reset seen
	reset    time.Time // when requests held for lack of quota may try again
	// holdUntil is when a 429 said to come back. Until then no answer of
	// a request already in flight may raise the estimate: only the probe
	// sent after the hold may.
	holdUntil time.Time
	// bursts counts 429s in a row that the headers did not explain
	// (quota left), for the doubling burst pause.
	bursts int
	// headersSeen is whether any answer carried rate-limit headers; once
	// one has, an answer without them (a proxy's error page) says nothing.
	headersSeen bool
	// The burst limit, learnt: sent holds when the requests of the last
	// burstWindow were let through, oldest first. After a 429 the headers
	// do not explain, burstLimit is how many of them this process may send
	// per burstWindow (see learnBurst; 0 while no such 429 has come), and learntAt when that was last lowered or
	// raised: every burstRelearn windows without another such 429 raise it
	// by a tenth, so that the share of a token another process stopped
	// using is taken back.
	burstWindow time.Duration
	sent        []time.Time
	burstLimit  int
	learntAt    time.Time
	changed     chan struct{} // closed and replaced whenever an answer is applied
}

func newPacer(base http.RoundTripper) *pacer {
	return &pacer{base: base, now: time.Now, changed: make(chan struct{}), burstWindow: burstWindow}
}

func (p *pacer) RoundTrip(req *http.Request) (*http.Response, error) {
	ticket, err := p.acquire(req.Context())
	if err != nil {
		if ticket != 0 {
			p.observe(ticket, nil) // let through, then cancelled: never sent
		}
		return nil, err
	}
	resp, err := p.base.RoundTrip(req)
	if resp != nil && resp.Header.Get("Retry-After") != "" {
		resp.Header.Set(headerReceivedAt, p.now().Format(time.RFC3339Nano))
	}
	p.observe(ticket, resp)
	return resp, err
}

// acquire waits until a request may be sent and returns its number. If ctx
// ends first, the error comes with the number when one was already taken.
func (p *pacer) acquire(ctx context.Context) (uint64, error) {
	for {
		p.mu.Lock()
		now := p.now()
		burstFree := p.burstFree(now)
		switch {
		case now.Before(burstFree):
			// The learnt burst limit is spent until the oldest request in
			// its window leaves it.
		case p.known && p.left > 0:
			ticket := p.take()
			p.mu.Unlock()
			return ticket, nil
		case !now.Before(p.reset) && p.probe == 0:
			// Nothing is known yet (the first request of the process), or
			// the reset has passed but no answer has said how much quota
			// came back: one request finds out while the rest wait for its
			// answer (or probeWait, should it never come).
			ticket := p.take()
			p.probe, p.reset = ticket, now.Add(probeWait)
			p.mu.Unlock()
			return ticket, nil
		}
		wait, changed := max(p.reset.Sub(now), burstFree.Sub(now), probeWait/10), p.changed
		p.mu.Unlock()
		if err := pause(ctx, wait, changed); err != nil {
			return 0, err
		}
	}
}

// take hands out the next request number; p.mu must be held.
func (p *pacer) take() uint64 {
	p.issued++
	p.inFlight++
	p.left--
	p.sent = append(p.sent, p.now())
	return p.issued
}

// burstFree is when the learnt burst limit lets the next request go (now,
// or earlier, when it is not spent). It forgets the requests that have left
// the window, and raises the limit after a quiet window. p.mu must be held.
func (p *pacer) burstFree(now time.Time) time.Time {
	// A twentieth of the window more: the API counts a request when it
	// arrives, a little after it was let through here.
	span := p.burstWindow + p.burstWindow/20
	cutoff := now.Add(-span)
	i := 0
	for i < len(p.sent) && !p.sent[i].After(cutoff) {
		i++
	}
	p.sent = append(p.sent[:0], p.sent[i:]...)
	if p.burstLimit == 0 {
		return now
	}
	if now.Sub(p.learntAt) >= burstRelearn*p.burstWindow {
		p.burstLimit += max(p.burstLimit/10, 1)
		p.learntAt = now
	}
	if len(p.sent) < p.burstLimit {
		return now
	}
	return p.sent[len(p.sent)-p.burstLimit].Add(span)
}

// learnBurst lowers the burst limit after a 429 the headers do not explain,
// to one less than the requests this process sent in the window before it
// (at least minBurstLimit). p.mu must be held.
func (p *pacer) learnBurst(now time.Time) {
	p.burstFree(now)
	limit := max(len(p.sent)-1, minBurstLimit)
	if p.burstLimit == 0 || limit < p.burstLimit {
		p.burstLimit = limit
	}
	p.learntAt = now
}

// observe updates the estimate from an answer's headers (resp is nil when
// there was no answer). Every other request still in flight is assumed to
// have used quota already, which may count some twice but never one too few.
func (p *pacer) observe(ticket uint64, resp *http.Response) {
	p.mu.Lock()
	defer p.mu.Unlock()
	defer p.broadcast()
	p.inFlight--
	wasProbe := ticket == p.probe
	if wasProbe {
		p.probe = 0 // answered or lost: either way another may go
	}
	if resp == nil {
		if wasProbe {
			p.reset = p.now() // lost: the next request probes at once
		}
		return
	}
	now := p.now()
	remaining, ok := headerInt(resp.Header, headerRemaining)
	if !ok {
		if !p.headersSeen {
			// An API without rate-limit headers: nothing to pace by.
			p.known, p.left = true, math.MaxInt32
		}
		switch {
		case resp.StatusCode == http.StatusTooManyRequests:
			// A 429 without the headers (such an API, or a proxy in
			// front of it) still says to come back later.
			p.refused(resp.Header, now, true, time.Time{})
		case !now.Before(p.holdUntil):
			p.bursts = 0
		}
		return
	}
	p.headersSeen = true
	holding := now.Before(p.holdUntil)
	estimate := remaining - p.inFlight
	reset, _ := resetTime(resp.Header)
	// Within one window, answers may arrive in another order than the API
	// counted the requests, so only a lower estimate is believed; a later
	// reset (the window moved) or the probe's answer may raise it, except
	// during a hold a 429 asked for.
	if estimate < p.left || (!holding && (!p.known || wasProbe || reset.After(p.window))) {
		p.left = estimate
	}
	p.known = true
	if reset.After(p.window) {
		p.window = reset
		if !holding {
			p.reset = reset
		}
	}
	if resp.StatusCode != http.StatusTooManyRequests {
		if !holding {
			p.bursts = 0
		}
		return
	}
	p.refused(resp.Header, now, remaining > 0, reset)
}

// refused holds every request after a 429 answered at now: for the answer's
// Retry-After, the API's own word on when to come back; without one, for
// the doubling burst pause if quota may be left (the headers showed some,
// or there were none), else until reset. p.mu must be held.
func (p *pacer) refused(h http.Header, now time.Time, quotaLeft bool, reset time.Time) {
	// The quota is gone whatever the estimate says.
	p.left = min(p.left, 0)
	if quotaLeft {
		p.learnBurst(now)
	}
	switch d, ok := retryAfter(h, now); {
	case ok:
		p.holdUntil = now.Add(d)
	case quotaLeft:
		p.holdUntil = now.Add(min(burstPause<<min(p.bursts, 8), maxBurstPause))
		p.bursts++
	default:
		p.holdUntil = reset
	}
	p.reset = p.holdUntil
}

// broadcast wakes the requests waiting for news; p.mu must be held.
func (p *pacer) broadcast() {
	close(p.changed)
	p.changed = make(chan struct{})
}

// pause waits for d, or less if wake is closed first; it fails if ctx ends.
// (Since Go 1.23 an unfired time.After timer is collected, so this leaks
// nothing.)
func pause(ctx context.Context, d time.Duration, wake <-chan struct{}) error {
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-wake:
	case <-time.After(d):
	}
	return nil
}
