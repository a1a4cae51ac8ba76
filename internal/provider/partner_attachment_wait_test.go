package provider

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/digitalocean/godo"

	"github.com/pnc-tf/terraform-provider-do/internal/apiclient"
	"github.com/pnc-tf/terraform-provider-do/internal/fakeapi"
	"github.com/pnc-tf/terraform-provider-do/internal/waiter"
)

func TestClassifyReady(t *testing.T) {
	cases := map[string]waiter.Phase{
		"CREATED": waiter.Done, "created": waiter.Done, "ACTIVE": waiter.Done, "active": waiter.Done, " Active ": waiter.Done,
		"CREATING": waiter.Pending, "UPDATING": waiter.Pending, "PENDING": waiter.Pending, "": waiter.Pending,
		"SOMETHING_NEW": waiter.Pending, "DELETING": waiter.Pending,
		"ERROR": waiter.Failed, "error": waiter.Failed, "FAILED": waiter.Failed, "CREATE_FAILED": waiter.Failed,
	}
	for state, want := range cases {
		if got := classifyReady(state); got != want {
			t.Errorf("classifyReady(%q) = %v, want %v", state, got, want)
		}
	}
}

func TestClassifyDeleting(t *testing.T) {
	cases := map[string]waiter.Phase{
		"DELETING": waiter.Pending, "deleting": waiter.Pending, "CREATED": waiter.Pending,
		"ERROR": waiter.Failed, "DELETE_FAILED": waiter.Failed,
	}
	for state, want := range cases {
		if got := classifyDeleting(state); got != want {
			t.Errorf("classifyDeleting(%q) = %v, want %v", state, got, want)
		}
	}
}

// A wait polls again after an answer that only says "not now", whatever
// the client's retry count; anything else ends it.
func TestBusy(t *testing.T) {
	apiErr := func(status int) error {
		return &godo.ErrorResponse{Response: &http.Response{StatusCode: status, Header: http.Header{}}}
	}
	cases := []struct {
		err  error
		want bool
	}{
		{apiErr(http.StatusTooManyRequests), true},
		{apiErr(http.StatusBadGateway), true},
		{apiErr(http.StatusServiceUnavailable), true},
		{&apiclient.MalformedError{Method: "GET", Path: "/x", Status: 200, Reason: "cut short"}, true},
		{apiErr(http.StatusNotImplemented), false},
		{apiErr(http.StatusNotFound), false},
		{apiErr(http.StatusForbidden), false},
		{errors.New("connection refused"), false},
	}
	for _, tc := range cases {
		if got := busy(tc.err); got != tc.want {
			t.Errorf("busy(%v) = %v, want %v", tc.err, got, tc.want)
		}
	}
}

// Waiters must see the API as it is now: they never take listed values, so
// the value listed for a Read is still there for the Read after the wait.
func TestWaitersBypassTheReadCache(t *testing.T) {
	api := fakeapi.NewTestServer(t, fakeapi.Options{RateLimitPerMinute: -1})
	client, err := apiclient.New(apiclient.Config{Token: api.Token(), APIEndpoint: api.URL(), UserAgent: "test"})
	if err != nil {
		t.Fatal(err)
	}
	d := newProviderData(client, accWait)
	var ids []string
	for i := range 3 {
		ids = append(ids, api.Seed(fakeapi.SeedAttachment{Name: fmt.Sprintf("seed-%d", i)}))
	}
	gets := func(id string) int {
		n := 0
		for _, j := range api.Journal() {
			if j.Method == http.MethodGet && j.Path == attachmentsPath+"/"+id {
				n++
			}
		}
		return n
	}
	ctx := context.Background()
	for _, id := range ids[:2] {
		if _, err := d.readAttachment(ctx, id); err != nil {
			t.Fatal(err)
		}
	} // ids[2] is now held from the list
	if _, err := waitAttachmentReady(ctx, d, ids[2], 0, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if gets(ids[2]) != 1 {
		t.Fatalf("the waiter made %d GETs, want 1", gets(ids[2]))
	}
	if _, err := d.readAttachment(ctx, ids[2]); err != nil {
		t.Fatal(err)
	}
	if gets(ids[2]) != 1 {
		t.Fatal("the waiter took the listed value meant for a Read: the Read after it sent a GET")
	}
}

// The default polling schedule against the targets make bench measures: an
// operation that settles after 3 s is seen within 1 s; one that settles
// after 60 s within 5 s, using no more GETs than polling every 5 s would.
// This checks the schedule itself (poll times assuming instant answers);
// the bench measures the same against the emulator through Terraform.
func TestDefaultWaitTimingMeetsTargets(t *testing.T) {
	cfg := WaitTiming{}.withDefaults().config(context.Background(), 0, "id", "ready")
	polls := waiter.PollTimes(cfg, 100)
	for _, tc := range []struct {
		settles, maxLag time.Duration
		maxPolls        int
	}{
		{settles: 3 * time.Second, maxLag: time.Second, maxPolls: 100},
		{settles: time.Minute, maxLag: 5 * time.Second, maxPolls: 12}, // 5 s, 10 s, ... 60 s
	} {
		n, at := firstPollAfter(polls, tc.settles)
		if lag := at - tc.settles; lag > tc.maxLag || n > tc.maxPolls {
			t.Errorf("settling after %s is seen at %s by poll %d (lag %s); want lag <= %s within %d polls (schedule %v)",
				tc.settles, at, n, lag, tc.maxLag, tc.maxPolls, polls[:n])
		}
	}
	if polls[0] > time.Second {
		t.Errorf("first poll at %s; want it within a second of the request", polls[0])
	}
}

// firstPollAfter returns the number and time of the first poll at or after d.
func firstPollAfter(polls []time.Duration, d time.Duration) (int, time.Duration) {
	for i, p := range polls {
		if p >= d {
			return i + 1, p
		}
	}
	return len(polls), polls[len(polls)-1]
}

// A wait of a kind polls first when the waits of that kind before it saw
// their attachment settle (the shortest such time, at most MaxInterval);
// other kinds, and a process that has seen none, keep the schedule.
func TestSettleTimesMoveTheFirstPoll(t *testing.T) {
	cfg := waiter.Config{InitialDelay: 500 * time.Millisecond, MinInterval: time.Second, MaxInterval: 8 * time.Second}
	var s settleTimes
	if got := s.schedule(cfg, "create").InitialDelay; got != cfg.InitialDelay {
		t.Fatalf("nothing learnt: first poll at %v, want %v", got, cfg.InitialDelay)
	}
	s.record("create", 3500*time.Millisecond)
	s.record("create", 4*time.Second)
	if got := s.schedule(cfg, "create").InitialDelay; got != 3500*time.Millisecond {
		t.Errorf("after waits of 3.5 s and 4 s: first poll at %v, want the shortest, 3.5s", got)
	}
	if got := s.schedule(cfg, "delete").InitialDelay; got != cfg.InitialDelay {
		t.Errorf("another kind: first poll at %v, want %v", got, cfg.InitialDelay)
	}
	s.record("slow", time.Minute)
	if got := s.schedule(cfg, "slow").InitialDelay; got != cfg.MaxInterval {
		t.Errorf("after a wait of a minute: first poll at %v, want MaxInterval", got)
	}
	s.record("quick", 100*time.Millisecond)
	if got := s.schedule(cfg, "quick").InitialDelay; got != cfg.InitialDelay {
		t.Errorf("after a wait shorter than the first poll: %v, want %v", got, cfg.InitialDelay)
	}
	var none *settleTimes
	if got := none.schedule(cfg, "create").InitialDelay; got != cfg.InitialDelay {
		t.Errorf("no settle times (providerData built by hand): %v", got)
	}
	none.record("create", time.Second) // must not panic
}
