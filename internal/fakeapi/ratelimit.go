package fakeapi

import (
	"net/http"
	"strconv"
	"sync"
	"time"
)

// limiter is a sliding-window request log: DigitalOcean documents
// ratelimit-reset as "the time when the oldest request will expire", which
// only makes sense for a sliding window.
type limiter struct {
	mu     sync.Mutex
	limit  int // <= 0 disables limiting and the headers
	window time.Duration
	hits   []time.Time // admitted requests still in the window, oldest first
}

// admit counts a request at now, sets the ratelimit-* headers on h and
// reports whether it is allowed; a rejected request does not use up quota,
// and its Retry-After says when the oldest request leaves the window.
func (l *limiter) admit(h http.Header, now time.Time) bool {
	if l.limit <= 0 {
		return true
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	cutoff := now.Add(-l.window)
	i := 0
	for i < len(l.hits) && !l.hits[i].After(cutoff) {
		i++
	}
	l.hits = append(l.hits[:0], l.hits[i:]...)

	allowed := len(l.hits) < l.limit
	if allowed {
		l.hits = append(l.hits, now)
	}
	reset := l.hits[0].Add(l.window)
	h.Set("ratelimit-limit", strconv.Itoa(l.limit))
	h.Set("ratelimit-remaining", strconv.Itoa(l.limit-len(l.hits)))
	h.Set("ratelimit-reset", strconv.FormatInt(ceilUnix(reset), 10))
	if !allowed {
		h.Set("Retry-After", strconv.FormatInt(max(1, ceilSeconds(reset.Sub(now))), 10))
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
