package fakeapi

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/digitalocean/godo"
)

func TestLifecycle(t *testing.T) {
	const d = time.Minute
	h := newHarness(t, Options{ProvisioningDelay: d})
	ctx := context.Background()
	id := h.create("life")

	// Each step optionally acts, then advances the clock, then checks the state.
	steps := []struct {
		name    string
		act     func()
		advance time.Duration
		want    string
	}{
		{"just created", nil, 0, StateCreating},
		{"almost provisioned", nil, d - time.Nanosecond, StateCreating},
		{"provisioned", nil, time.Nanosecond, StateCreated},
		{"patched", func() {
			if _, _, err := h.godo.PartnerAttachment.Update(ctx, id, &godo.PartnerAttachmentUpdateRequest{Name: "life2"}); err != nil {
				t.Fatal(err)
			}
		}, 0, StateUpdating},
		{"updated", nil, d, StateCreated},
		{"deleted", func() {
			if _, err := h.godo.PartnerAttachment.Delete(ctx, id); err != nil {
				t.Fatal(err)
			}
		}, d / 2, StateDeleting},
		{"gone", nil, d / 2, "404"},
	}
	for _, s := range steps {
		if s.act != nil {
			s.act()
		}
		h.clock.Advance(s.advance)
		if got := h.state(id); got != s.want {
			t.Fatalf("%s: state = %s, want %s", s.name, got, s.want)
		}
	}
	if list, _, _ := h.godo.PartnerAttachment.List(ctx, nil); len(list) != 0 {
		t.Errorf("list after deletion = %v", list)
	}
	want := []Transition{
		{StateCreating, t0},
		{StateCreated, t0.Add(d)},
		{StateUpdating, t0.Add(d)},
		{StateCreated, t0.Add(2 * d)},
		{StateDeleting, t0.Add(2 * d)},
		{StateDeleted, t0.Add(3 * d)},
	}
	if got := h.srv.Transitions(id); !slices.Equal(got, want) {
		t.Errorf("transitions =\n%v\nwant\n%v", got, want)
	}
}

func TestReadyAndFailedStates(t *testing.T) {
	tests := []struct {
		opts       Options
		want       string
		serviceKey bool
	}{
		{Options{}, "CREATED", true},
		{Options{ReadyState: "ACTIVE"}, "ACTIVE", true},
		{Options{ReadyState: "active"}, "active", true},
		{Options{FailCreatesInto: "ERROR"}, "ERROR", false},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			tt.opts.ProvisioningDelay = time.Second
			h := newHarness(t, tt.opts)
			id := h.create("x")
			h.clock.Advance(time.Second)
			if got := h.state(id); got != tt.want {
				t.Errorf("state = %s, want %s", got, tt.want)
			}
			if _, ok := h.srv.ServiceKey(id); ok != tt.serviceKey {
				t.Errorf("service key exists = %v, want %v", ok, tt.serviceKey)
			}
		})
	}
}

func TestZeroDelayStillAnswersPendingState(t *testing.T) {
	h := newHarness(t, Options{})
	pa, _, err := h.godo.PartnerAttachment.Create(context.Background(), validCreate("fast"))
	if err != nil {
		t.Fatal(err)
	}
	if pa.State != StateCreating {
		t.Errorf("create answered %s, want CREATING", pa.State)
	}
	if got := h.state(pa.ID); got != StateCreated {
		t.Errorf("GET right after = %s, want CREATED", got)
	}
}

func TestPatchWhileOperationPending(t *testing.T) {
	h := newHarness(t, Options{ProvisioningDelay: time.Minute})
	id := h.create("busy")
	r := h.do(http.MethodPatch, collection+"/"+id, `{"name":"other"}`)
	if msg := r.expectError(t, http.StatusUnprocessableEntity, "unprocessable_entity"); !strings.Contains(msg, StateCreating) {
		t.Errorf("message %q does not name the state", msg)
	}
	if a, _ := h.srv.Attachment(id); a.Name != "busy" {
		t.Errorf("name changed to %q by a rejected patch", a.Name)
	}
}

func TestDeleteCancelsPendingCreate(t *testing.T) {
	h := newHarness(t, Options{ProvisioningDelay: time.Minute})
	id := h.create("short-lived")
	h.clock.Advance(10 * time.Second)
	h.do(http.MethodDelete, collection+"/"+id, "")
	h.clock.Advance(50 * time.Second) // the create would have finished now
	if got := h.state(id); got != StateDeleting {
		t.Errorf("state = %s, want DELETING", got)
	}
	h.clock.Advance(10 * time.Second)
	want := []Transition{{StateCreating, t0}, {StateDeleting, t0.Add(10 * time.Second)}, {StateDeleted, t0.Add(70 * time.Second)}}
	if got := h.srv.Transitions(id); !slices.Equal(got, want) {
		t.Errorf("transitions = %v, want %v", got, want)
	}
}

func TestRepeatedDeleteKeepsDeadline(t *testing.T) {
	h := newHarness(t, Options{ProvisioningDelay: time.Minute})
	id := h.create("twice")
	h.clock.Advance(time.Minute)
	h.do(http.MethodDelete, collection+"/"+id, "")
	h.clock.Advance(30 * time.Second)
	if r := h.do(http.MethodDelete, collection+"/"+id, ""); r.status != http.StatusAccepted {
		t.Fatalf("second delete = %d", r.status)
	}
	h.clock.Advance(30 * time.Second)
	if got := h.state(id); got != "404" {
		t.Errorf("state = %s, want gone one delay after the first delete", got)
	}
}

func TestNameReusableOnlyAfterDeletion(t *testing.T) {
	h := newHarness(t, Options{ProvisioningDelay: time.Minute})
	id := h.create("reuse")
	h.clock.Advance(time.Minute)
	h.do(http.MethodDelete, collection+"/"+id, "")
	if _, resp, _ := h.godo.PartnerAttachment.Create(context.Background(), validCreate("reuse")); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("create while DELETING = %d, want 422", resp.StatusCode)
	}
	h.clock.Advance(time.Minute)
	h.create("reuse")
}

func TestSetProvisioningDelay(t *testing.T) {
	h := newHarness(t, Options{ProvisioningDelay: time.Hour})
	slow := h.create("slow")
	h.srv.SetProvisioningDelay(time.Second)
	fast := h.create("fast")
	h.clock.Advance(time.Second)
	if h.state(slow) != StateCreating || h.state(fast) != StateCreated {
		t.Errorf("states = %s, %s; want the in-flight create to keep its deadline", h.state(slow), h.state(fast))
	}
	h.do(http.MethodPost, collection+"/"+fast+"/service_key", "")
	h.clock.Advance(time.Second)
	if k, _ := h.srv.ServiceKey(fast); !k.CreatedAt.Equal(t0.Add(2 * time.Second)) {
		t.Errorf("regenerated key created at %v, want the new delay to apply", k.CreatedAt)
	}
}
