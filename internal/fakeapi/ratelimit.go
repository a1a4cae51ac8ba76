package fakeapi

import (
	"net/http"
	"strconv"
	"sync"
	"time"
)

// rateLimiter admits requests and sets the rate-limit headers; safe for
// concurrent use.
type rateLimiter interface {
	// admit counts a request at now, sets the headers of the answer on h
	// (all of them, Retry-After included, when it refuses) and reports
	// whether the request is allowed. A refused request uses up no quota.
	admit(h http.Header, now time.Time) bool
}

// newRateLimiter returns the limiter the options and profiles call for: by
// default one per-minute quota described by the ratelimit-* headers.
func newRateLimiter(o Options, profiles profileSet) rateLimiter {
	burst := window{limit: o.RateLimitPerMinute, length: o.RateLimitWindow}
	if profiles.hasAny(ProfileDORateLimits, ProfileDORateLimitsNoRetryAfter) {
		return &doLimiter{
			hourly:          window{limit: o.HourlyLimit, length: o.HourlyWindow},
			burst:           burst,
			burstRetryAfter: !profiles[ProfileDORateLimitsNoRetryAfter],
		}
	}
	return &limiter{window: burst}
}

// window is a sliding-window request log: DigitalOcean documents
// ratelimit-reset as "the time when the oldest request will expire", which
// only makes sense for a sliding window. It is not safe for concurrent use.
type window struct {
	limit  int // <= 0 disables it: it never fills
	length time.Duration
	hits   []time.Time // admitted requests still in the window, oldest first
}

func (w *window) enabled() bool { return w.limit > 0 }

// slide forgets the requests that have left the window by now.
func (w *window) slide(now time.Time) {
	cutoff := now.Add(-w.length)
	i := 0
	for i < len(w.hits) && !w.hits[i].After(cutoff) {
		i++
	}
	w.hits = append(w.hits[:0], w.hits[i:]...)
}

func (w *window) full() bool { return w.enabled() && len(w.hits) >= w.limit }

func (w *window) add(now time.Time) {
	if w.enabled() {
		w.hits = append(w.hits, now)
	}
}

// reset is when the oldest request leaves the window (now if there is none).
func (w *window) reset(now time.Time) time.Time {
	if len(w.hits) == 0 {
		return now
	}
	return w.hits[0].Add(w.length)
}

// setHeaders describes the window in the ratelimit-* headers.
func (w *window) setHeaders(h http.Header, now time.Time) {
	h.Set("ratelimit-limit", strconv.Itoa(w.limit))
	h.Set("ratelimit-remaining", strconv.Itoa(w.limit-len(w.hits)))
	h.Set("ratelimit-reset", strconv.FormatInt(ceilUnix(w.reset(now)), 10))
}

// setRetryAfter says in whole seconds (at least 1) when the oldest request
// leaves the window.
func (w *window) setRetryAfter(h http.Header, now time.Time) {
	h.Set("Retry-After", strconv.FormatInt(max(1, ceilSeconds(w.reset(now).Sub(now))), 10))
}

// limiter is the default: one quota, described by the headers, whose
// refusals carry Retry-After.
type limiter struct {
	mu sync.Mutex
	window
}

func (l *limiter) admit(h http.Header, now time.Time) bool {
	if !l.enabled() {
		return true
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.slide(now)
	allowed := !l.full()
	if allowed {
		l.add(now)
	}
	l.setHeaders(h, now)
	if !allowed {
		l.setRetryAfter(h, now)
	}
	return allowed
}

// doLimiter is DigitalOcean's documented shape (do-rate-limits profiles):
// the headers describe the hourly quota, and a burst limit without headers
// of its own refuses with the real hourly remaining and, unless disabled,
// a Retry-After.
type doLimiter struct {
	mu              sync.Mutex
	hourly, burst   window
	burstRetryAfter bool
}

func (l *doLimiter) admit(h http.Header, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.hourly.slide(now)
	l.burst.slide(now)
	var retry *window
	allowed := false
	switch {
	case l.hourly.full():
		retry = &l.hourly
	case l.burst.full():
		if l.burstRetryAfter {
			retry = &l.burst
		}
	default:
		allowed = true
		l.hourly.add(now)
		l.burst.add(now)
	}
	if l.hourly.enabled() {
		l.hourly.setHeaders(h, now)
	}
	if retry != nil {
		retry.setRetryAfter(h, now)
	}
	return allowed
}

func ceilSeconds(d time.Duration) int64 { return int64((d + time.Second - 1) / time.Second) }

// ceilUnix rounds t up to whole Unix seconds, so waiting until then is enough.
func ceilUnix(t time.Time) int64 {
	if t.Nanosecond() > 0 {
		return t.Unix() + 1
	}
	return t.Unix()
}
