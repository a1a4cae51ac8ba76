package fakeapi

import (
	"context"
	"net/http"
	"slices"
	"testing"
	"time"
)

func TestStatusFaultDoesNotAct(t *testing.T) {
	for _, status := range []int{429, 500, 502, 503} {
		h := newHarness(t, Options{})
		h.srv.InjectFaults(Fault{Status: status})
		h.do(http.MethodPost, collection, encode(t, createBody())).expectError(t, status, errorID(status))
		if n := len(h.srv.Attachments()); n != 0 {
			t.Errorf("%d: %d attachments created", status, n)
		}
		if got := h.srv.FaultCounts(); got[errorIDKind(status)] != 1 {
			t.Errorf("%d: fault counts = %v", status, got)
		}
	}
}

func errorIDKind(status int) string { return Fault{Status: status}.Kind() }

func TestDropFaultDoesNotAct(t *testing.T) {
	h := newHarness(t, Options{})
	h.srv.InjectFaults(Fault{Drop: true})
	if _, _, err := h.godo.PartnerAttachment.Create(context.Background(), validCreate("dropped")); err == nil {
		t.Fatal("create succeeded through a dropped connection")
	}
	if n := len(h.srv.Attachments()); n != 0 {
		t.Errorf("%d attachments created", n)
	}
}

// The server creates the attachment but the client only sees a broken
// connection: the case a provider must recover from without duplicating.
func TestAfterActDrop(t *testing.T) {
	h := newHarness(t, Options{})
	h.srv.InjectFaults(Fault{AfterAct: true, Drop: true})
	if _, _, err := h.godo.PartnerAttachment.Create(context.Background(), validCreate("ghost")); err == nil {
		t.Fatal("client heard back despite the drop")
	}
	all := h.srv.Attachments()
	if len(all) != 1 || all[0].Name != "ghost" {
		t.Fatalf("attachments = %v, want the ghost to exist", all)
	}
	waitFor(t, func() bool { return len(h.srv.Journal()) == 1 })
	if j := h.srv.Journal(); j[0].Status != 0 || j[0].Fault != "after_act+drop" {
		t.Errorf("journal = %+v", j)
	}
	// A naive retry now collides with the name the lost create took.
	if _, resp, _ := h.godo.PartnerAttachment.Create(context.Background(), validCreate("ghost")); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("retry = %d, want 422", resp.StatusCode)
	}
}

func TestAfterActStatus(t *testing.T) {
	h := newHarness(t, Options{ProvisioningDelay: time.Minute})
	id := h.srv.Seed(SeedAttachment{})
	h.srv.InjectFaults(Fault{AfterAct: true, Status: 500})
	h.do(http.MethodDelete, collection+"/"+id, "").expectError(t, http.StatusInternalServerError, "server_error")
	if a, _ := h.srv.Attachment(id); a.State != StateDeleting {
		t.Errorf("state = %s, want the delete to have happened", a.State)
	}
}

func TestLatencyFault(t *testing.T) {
	h := newHarness(t, Options{})
	h.srv.InjectFaults(Fault{Latency: 30 * time.Millisecond})
	start := time.Now()
	if r := h.do(http.MethodGet, collection, ""); r.status != http.StatusOK {
		t.Fatalf("status %d", r.status)
	}
	if elapsed := time.Since(start); elapsed < 30*time.Millisecond {
		t.Errorf("answered after %v, want at least 30ms", elapsed)
	}
}

func TestLatencyClientGivesUpBeforeAct(t *testing.T) {
	h := newHarness(t, Options{})
	h.srv.InjectFaults(Fault{Latency: 5 * time.Second})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, _, err := h.godo.PartnerAttachment.Create(ctx, validCreate("slow")); err == nil {
		t.Fatal("expected a client timeout")
	}
	waitFor(t, func() bool { return len(h.srv.Journal()) == 1 })
	if n := len(h.srv.Attachments()); n != 0 {
		t.Errorf("%d attachments created by an abandoned request", n)
	}
}

// waitFor polls cond briefly: the server records a request only after the
// client has already seen it fail.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	// A generous bound: it only stops a hung test; the condition is met at once on a quiet machine.
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatal("condition not met in time")
}

func TestFaultMatchAndQueue(t *testing.T) {
	h := newHarness(t, Options{})
	h.srv.InjectFaults(
		Fault{Status: 503, Match: MatchRequest(http.MethodPost, collection)},
		Fault{Status: 502},
	)
	if r := h.do(http.MethodGet, collection, ""); r.status != http.StatusBadGateway {
		t.Errorf("GET took %d, want the first matching fault (502)", r.status)
	}
	if h.srv.PendingFaults() != 1 {
		t.Errorf("pending = %d", h.srv.PendingFaults())
	}
	if r := h.do(http.MethodGet, collection, ""); r.status != http.StatusOK {
		t.Errorf("GET = %d, the POST-only fault must not apply", r.status)
	}
	h.do(http.MethodPost, collection, encode(t, createBody())).expectError(t, http.StatusServiceUnavailable, "service_unavailable")
	h.srv.InjectFaults(Fault{Status: 500})
	h.srv.ClearFaults()
	if r := h.do(http.MethodGet, collection, ""); r.status != http.StatusOK {
		t.Errorf("after ClearFaults: %d", r.status)
	}
}

func TestRandomFaults(t *testing.T) {
	statuses := func(seed int64) []int {
		h := newHarness(t, Options{RateLimitPerMinute: -1})
		h.srv.SetRandomFaults(0.5, seed, Fault{Status: 500}, Fault{Status: 503})
		var out []int
		for range 200 {
			out = append(out, h.do(http.MethodGet, collection, "").status)
		}
		counts := h.srv.FaultCounts()
		if counts["500"]+counts["503"] != 200-countOf(out, 200) {
			t.Errorf("fault counts %v disagree with statuses", counts)
		}
		return out
	}
	a, b := statuses(42), statuses(42)
	if !slices.Equal(a, b) {
		t.Error("same seed gave different fault sequences")
	}
	if ok := countOf(a, 200); ok < 70 || ok > 130 {
		t.Errorf("%d of 200 requests succeeded at rate 0.5", ok)
	}
}

func countOf(statuses []int, want int) int {
	n := 0
	for _, s := range statuses {
		if s == want {
			n++
		}
	}
	return n
}

func TestRandomDropFaults(t *testing.T) {
	h := newHarness(t, Options{})
	h.srv.SetRandomFaults(1, 7, Fault{Drop: true})
	h.client.Transport.(*http.Transport).DisableKeepAlives = true // no transparent retry
	if _, err := h.client.Get(h.srv.URL() + collection); err == nil {
		t.Error("request succeeded through a dropped connection")
	}
	if got := h.srv.FaultCounts()["drop"]; got != 1 {
		t.Errorf("drop count = %d", got)
	}
}

func TestFaultKind(t *testing.T) {
	tests := []struct {
		f    Fault
		want string
	}{
		{Fault{Status: 503}, "503"},
		{Fault{Drop: true}, "drop"},
		{Fault{Drop: true, Status: 500}, "drop"},
		{Fault{Latency: time.Second}, "latency"},
		{Fault{Latency: time.Second, Status: 429}, "latency+429"},
		{Fault{AfterAct: true}, "after_act+drop"},
		{Fault{AfterAct: true, Status: 502}, "after_act+502"},
	}
	for _, tt := range tests {
		if got := tt.f.Kind(); got != tt.want {
			t.Errorf("%+v.Kind() = %s, want %s", tt.f, got, tt.want)
		}
	}
}
