package apiclient

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"testing"

	"github.com/pnc-tf/terraform-provider-do/internal/fakeapi"
)

// pollEnv is an emulator with n seeded attachments and a poller over it.
type pollEnv struct {
	api    *fakeapi.Server
	poller *Poller
	ids    []string
}

func newPollEnv(t *testing.T, n int, opts fakeapi.Options) *pollEnv {
	t.Helper()
	if opts.RateLimitPerMinute == 0 {
		opts.RateLimitPerMinute = -1
	}
	api := fakeapi.NewTestServer(t, opts)
	c, err := New(Config{Token: api.Token(), APIEndpoint: api.URL(), UserAgent: "test"})
	if err != nil {
		t.Fatal(err)
	}
	e := &pollEnv{api: api, poller: NewPoller(NewAttachments(c))}
	for i := range n {
		e.ids = append(e.ids, api.Seed(fakeapi.SeedAttachment{Name: fmt.Sprintf("poll-%03d", i)}))
	}
	return e
}

// requests counts the journal's requests: list pages and GETs of one.
func (e *pollEnv) requests() (lists, gets int) {
	for _, j := range e.api.Journal() {
		switch {
		case j.Method == http.MethodGet && j.Path == AttachmentsPath:
			lists++
		case j.Method == http.MethodGet:
			gets++
		}
	}
	return lists, gets
}

// pollAll polls every id at once, each from a wait of its own, and returns
// the names seen (by id) and the errors.
func (e *pollEnv) pollAll(t *testing.T, ids []string) (map[string]string, map[string]error) {
	t.Helper()
	var mu sync.Mutex
	names, errs := map[string]string{}, map[string]error{}
	var wg sync.WaitGroup
	dones := make([]func(), len(ids))
	for i := range ids {
		dones[i] = e.poller.Track()
	}
	for i, id := range ids {
		wg.Go(func() {
			defer dones[i]()
			a, err := e.poller.Get(context.Background(), id)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				errs[id] = err
				return
			}
			names[id] = a.Name
		})
	}
	wg.Wait()
	return names, errs
}

func TestPollerAnswersConcurrentWaitsFromOneList(t *testing.T) {
	e := newPollEnv(t, 30, fakeapi.Options{})
	polled := e.ids[:10]
	names, errs := e.pollAll(t, polled)
	if len(errs) != 0 {
		t.Fatalf("errors: %v", errs)
	}
	for i, id := range polled {
		if names[id] != fmt.Sprintf("poll-%03d", i) {
			t.Errorf("%s answered %q", id, names[id])
		}
	}
	if lists, gets := e.requests(); lists != 1 || gets != 0 {
		t.Fatalf("ten waits polling together made %d list and %d GET requests, want 1 and 0", lists, gets)
	}
}

func TestPollerLoneWaitGETs(t *testing.T) {
	e := newPollEnv(t, 3, fakeapi.Options{})
	names, errs := e.pollAll(t, e.ids[1:2])
	if len(errs) != 0 || names[e.ids[1]] != "poll-001" {
		t.Fatalf("names %v, errors %v", names, errs)
	}
	if lists, gets := e.requests(); lists != 0 || gets != 1 {
		t.Fatalf("a lone wait made %d list and %d GET requests, want one GET", lists, gets)
	}
}

// An attachment the list does not show is asked for on its own: a 404 for
// one that is gone reaches its wait as it is.
func TestPollerGETsWhatTheListLacks(t *testing.T) {
	e := newPollEnv(t, 3, fakeapi.Options{})
	gone := "0b8f7d1e-3c2a-4b5d-9e6f-7a8b9c0d1e2f"
	names, errs := e.pollAll(t, []string{e.ids[0], gone})
	if names[e.ids[0]] != "poll-000" || !IsNotFound(errs[gone]) {
		t.Fatalf("names %v, errors %v; want the listed one and a 404 for the other", names, errs)
	}
	if lists, gets := e.requests(); lists != 1 || gets != 1 {
		t.Fatalf("%d list and %d GET requests, want 1 and 1", lists, gets)
	}
}

// Past the first page the list is walked only as far as it must be.
func TestPollerWalksPagesUntilEveryPollIsAnswered(t *testing.T) {
	e := newPollEnv(t, 2*ListPageSize+10, fakeapi.Options{})
	names, errs := e.pollAll(t, []string{e.ids[0], e.ids[ListPageSize+5]})
	if len(errs) != 0 || len(names) != 2 {
		t.Fatalf("names %v, errors %v", names, errs)
	}
	if lists, gets := e.requests(); lists != 2 || gets != 0 {
		t.Fatalf("%d list and %d GET requests, want 2 pages and no GET", lists, gets)
	}
}

// A failed list leaves each wait its own GET, with the GET's retries.
func TestPollerFallsBackToGETWhenTheListFails(t *testing.T) {
	e := newPollEnv(t, 3, fakeapi.Options{})
	e.api.InjectFaults(fakeapi.Fault{Status: http.StatusInternalServerError, Match: func(r *http.Request) bool {
		return r.Method == http.MethodGet && r.URL.Path == AttachmentsPath
	}})
	names, errs := e.pollAll(t, e.ids)
	if len(errs) != 0 || len(names) != 3 {
		t.Fatalf("names %v, errors %v", names, errs)
	}
	if lists, gets := e.requests(); lists != 1 || gets != 3 {
		t.Fatalf("%d list and %d GET requests, want the failed list and 3 GETs", lists, gets)
	}
}

// A listed value is normalised as a GET's is: the spec's examples spell a
// ready attachment "active" in the list and "CREATED" in a GET.
func TestPollerListedStateIsNormalised(t *testing.T) {
	e := newPollEnv(t, 2, fakeapi.Options{Profiles: []fakeapi.Profile{fakeapi.ProfileSpecExamples}})
	c := e.poller
	done1, done2 := c.Track(), c.Track()
	defer done1()
	defer done2()
	var wg sync.WaitGroup
	states := make([]string, 2)
	for i := range 2 {
		wg.Go(func() {
			a, err := c.Get(context.Background(), e.ids[i])
			if err != nil {
				t.Error(err)
				return
			}
			states[i] = a.State
		})
	}
	wg.Wait()
	direct, err := c.api.Get(context.Background(), e.ids[0])
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range states {
		if s != direct.State {
			t.Errorf("listed state of %d = %q, a GET's = %q", i, s, direct.State)
		}
	}
	if lists, _ := e.requests(); lists != 1 {
		t.Fatalf("%d list requests, want the two polls answered by one", lists)
	}
}

// A poll whose wait is cancelled leaves; the others in its round still get
// their answers.
func TestPollerCancelledPollDoesNotFailItsRound(t *testing.T) {
	e := newPollEnv(t, 2, fakeapi.Options{})
	d1, d2 := e.poller.Track(), e.poller.Track()
	defer d1()
	defer d2()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := e.poller.Get(ctx, e.ids[0]); err == nil {
		t.Fatal("a cancelled poll answered")
	}
	a, err := e.poller.Get(context.Background(), e.ids[1])
	if err != nil || a.Name != "poll-001" {
		t.Fatalf("the other poll got %v, %v", a, err)
	}
}
