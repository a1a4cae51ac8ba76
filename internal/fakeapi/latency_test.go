package fakeapi

import (
	"context"
	"net/http"
	"testing"
	"time"
)

// The latency tests assert lower bounds only: a loaded machine may answer
// later, never sooner.
const testLatency = 40 * time.Millisecond

func TestLatencyDelaysEveryAnswer(t *testing.T) {
	h := newHarness(t, Options{Latency: testLatency, RateLimitPerMinute: 2})
	id := h.srv.Seed(SeedAttachment{})
	for _, req := range []struct {
		method, path string
		status       int
	}{
		{http.MethodGet, collection, http.StatusOK},
		{http.MethodGet, collection + "/" + id, http.StatusOK},
		// The limit (2 per minute on the fake clock) is spent: refused, and
		// refused just as late.
		{http.MethodGet, collection + "/" + id, http.StatusTooManyRequests},
	} {
		start := time.Now()
		r := h.do(req.method, req.path, "")
		if elapsed := time.Since(start); elapsed < testLatency {
			t.Errorf("%s %s answered %d after %v, want at least %v", req.method, req.path, r.status, elapsed, testLatency)
		}
		if r.status != req.status {
			t.Errorf("%s %s = %d, want %d", req.method, req.path, r.status, req.status)
		}
	}
}

func TestLatencyComesBeforeFaults(t *testing.T) {
	h := newHarness(t, Options{Latency: testLatency})
	h.srv.InjectFaults(Fault{Status: http.StatusServiceUnavailable})
	start := time.Now()
	h.do(http.MethodGet, collection, "").expectError(t, http.StatusServiceUnavailable, "service_unavailable")
	if elapsed := time.Since(start); elapsed < testLatency {
		t.Errorf("faulted answer after %v, want at least %v", elapsed, testLatency)
	}
}

func TestLatencyClientGivesUpBeforeTheRequestActs(t *testing.T) {
	h := newHarness(t, Options{Latency: 5 * time.Second})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, _, err := h.godo.PartnerAttachment.Create(ctx, validCreate("slow")); err == nil {
		t.Fatal("expected a client timeout")
	}
	waitFor(t, func() bool { return len(h.srv.Journal()) == 1 })
	if n := len(h.srv.Attachments()); n != 0 {
		t.Errorf("%d attachments created by a request abandoned during the latency", n)
	}
	if e := h.srv.Journal()[0]; e.Status != 0 {
		t.Errorf("abandoned request journalled with status %d, want 0 (no answer)", e.Status)
	}
}
