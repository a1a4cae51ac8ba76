package apiclient

import (
	"net/http"
	"strconv"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// DigitalOcean's rate-limit headers.
const (
	headerRemaining = "ratelimit-remaining"
	headerReset     = "ratelimit-reset"
	headerLimit     = "ratelimit-limit"
)

// backoffWith returns a retryablehttp Backoff that waits as long as the API
// asked (see serverWait) and otherwise backs off exponentially from min to
// max. A server-requested wait is honoured even beyond max: retrying sooner
// would only collect another 429.
func backoffWith(now func() time.Time) retryablehttp.Backoff {
	return func(waitMin, waitMax time.Duration, attempt int, resp *http.Response) time.Duration {
		if resp != nil {
			if d, ok := serverWait(resp.Header, now()); ok {
				return d
			}
		}
		// nil response: DefaultBackoff then ignores headers and is purely
		// exponential, which is the part we want from it.
		return retryablehttp.DefaultBackoff(waitMin, waitMax, attempt, nil)
	}
}

// serverWait reads how long the API wants the client to wait: Retry-After
// (seconds or an HTTP date) when present, else, when the quota is used up
// (ratelimit-remaining 0), until ratelimit-reset (Unix seconds).
func serverWait(h http.Header, now time.Time) (time.Duration, bool) {
	if d, ok := retryAfter(h, now); ok {
		return d, true
	}
	if remaining, ok := headerInt(h, headerRemaining); ok && remaining <= 0 {
		if reset, ok := resetTime(h); ok {
			return max(reset.Sub(now), 0), true
		}
	}
	return 0, false
}

// headerReceivedAt records when an answer with Retry-After arrived (the
// pacer sets it), so that a wait in seconds counts from then: the retry of a
// refused create waits for its outcome check first, which the pacer holds
// for that same Retry-After, and counting again from the check's end made
// the wait twice as long.
const headerReceivedAt = "X-Provider-Received-At"

func retryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	v := h.Get("Retry-After")
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		from := now
		if at, err := time.Parse(time.RFC3339Nano, h.Get(headerReceivedAt)); err == nil && at.Before(now) {
			from = at
		}
		return max(from.Add(time.Duration(secs)*time.Second).Sub(now), 0), true
	}
	if at, err := http.ParseTime(v); err == nil {
		return max(at.Sub(now), 0), true
	}
	return 0, false
}

func resetTime(h http.Header) (time.Time, bool) {
	secs, ok := headerInt(h, headerReset)
	if !ok || secs <= 0 {
		return time.Time{}, false
	}
	return time.Unix(int64(secs), 0), true
}

func headerInt(h http.Header, name string) (int, bool) {
	n, err := strconv.Atoi(h.Get(name))
	return n, err == nil
}
