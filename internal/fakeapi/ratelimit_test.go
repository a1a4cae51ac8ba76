package fakeapi

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/digitalocean/godo"
)

func TestRateLimit(t *testing.T) {
	h := newHarness(t, Options{RateLimitPerMinute: 3})
	for i, wantRemaining := range []string{"2", "1", "0"} {
		h.clock.Advance(10 * time.Second)
		r := h.do(http.MethodGet, collection, "")
		if r.status != http.StatusOK || r.header.Get("ratelimit-remaining") != wantRemaining || r.header.Get("ratelimit-limit") != "3" {
			t.Fatalf("request %d: %d remaining=%s", i, r.status, r.header.Get("ratelimit-remaining"))
		}
		// The oldest request (at t0+10s) expires a minute later.
		if got, want := r.header.Get("ratelimit-reset"), strconv.FormatInt(t0.Add(70*time.Second).Unix(), 10); got != want {
			t.Errorf("request %d: ratelimit-reset = %s, want %s", i, got, want)
		}
	}
	r := h.do(http.MethodGet, collection, "")
	r.expectError(t, http.StatusTooManyRequests, "too_many_requests")
	if got := r.header.Get("Retry-After"); got != "40" { // now is t0+30s
		t.Errorf("Retry-After = %q, want 40", got)
	}
	_, resp, err := h.godo.PartnerAttachment.List(context.Background(), nil)
	var apiErr *godo.ErrorResponse
	if !errors.As(err, &apiErr) || apiErr.Response.StatusCode != http.StatusTooManyRequests || apiErr.RequestID == "" {
		t.Errorf("godo error = %T %v, want a 429 *godo.ErrorResponse", err, err)
	}
	if resp.Remaining != 0 || resp.Limit != 3 || resp.Reset.IsZero() {
		t.Errorf("godo rate = %+v", resp.Rate)
	}

	h.clock.Advance(40 * time.Second) // the first request leaves the window
	if r := h.do(http.MethodGet, collection, ""); r.status != http.StatusOK || r.header.Get("ratelimit-remaining") != "0" {
		t.Errorf("after the window slid: %d remaining=%s", r.status, r.header.Get("ratelimit-remaining"))
	}
}

func TestRateLimitWindowIsConfigurable(t *testing.T) {
	h := newHarness(t, Options{RateLimitPerMinute: 1, RateLimitWindow: time.Second})
	h.do(http.MethodGet, collection, "")
	h.do(http.MethodGet, collection, "").expectError(t, http.StatusTooManyRequests, "too_many_requests")
	h.clock.Advance(time.Second)
	if r := h.do(http.MethodGet, collection, ""); r.status != http.StatusOK {
		t.Errorf("after one window: %d", r.status)
	}
}

func TestRateLimitDisabled(t *testing.T) {
	h := newHarness(t, Options{RateLimitPerMinute: -1})
	for range 300 {
		r := h.do(http.MethodGet, collection, "")
		if r.status != http.StatusOK {
			t.Fatalf("status %d with rate limiting disabled", r.status)
		}
		if r.header.Get("ratelimit-limit") != "" {
			t.Fatal("rate-limit headers sent while disabled")
		}
	}
}

func TestRateLimitHeadersOnEveryResponse(t *testing.T) {
	h := newHarness(t, Options{})
	for _, r := range []reply{
		h.do(http.MethodGet, collection, ""),
		h.do(http.MethodGet, collection+"/missing", ""),
		h.doAs("", http.MethodGet, collection, ""),
		h.do(http.MethodPost, collection, "{"),
	} {
		for _, name := range []string{"ratelimit-limit", "ratelimit-remaining", "ratelimit-reset", "x-request-id"} {
			if r.header.Get(name) == "" {
				t.Errorf("status %d response lacks %s", r.status, name)
			}
		}
	}
}
