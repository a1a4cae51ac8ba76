package apiclient

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/digitalocean/godo"

	"github.com/pnc-tf/terraform-provider-do/internal/fakeapi"
)

// cacheEnv is an emulator holding seeded attachments and a client wired to
// it the way the provider wires it (read cache, write observer).
type cacheEnv struct {
	api    *fakeapi.Server
	client *godo.Client
	reads  *ReadCache
	ids    []string // in creation order, which is list order
}

// newCacheEnv seeds n attachments; wrap, when set, sits between the client
// and the emulator.
func newCacheEnv(t *testing.T, n int, wrap func(http.Handler) http.Handler) *cacheEnv {
	t.Helper()
	api := fakeapi.New(fakeapi.Options{RateLimitPerMinute: -1})
	var h http.Handler = api
	if wrap != nil {
		h = wrap(api)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	// Retries off: every request the cache makes shows in the journal once.
	client, err := New(Config{Token: api.Token(), APIEndpoint: srv.URL, UserAgent: "test"})
	if err != nil {
		t.Fatal(err)
	}
	e := &cacheEnv{api: api, client: client, reads: NewReadCache(NewAttachments(client))}
	ObserveWrites(client, e.reads.Invalidate)
	for i := range n {
		e.ids = append(e.ids, api.Seed(fakeapi.SeedAttachment{Name: fmt.Sprintf("seed-%d", i)}))
	}
	return e
}

func (e *cacheEnv) read(t *testing.T, id string) *godo.PartnerAttachment {
	t.Helper()
	a, err := e.reads.Read(context.Background(), id)
	if err != nil {
		t.Fatalf("reading %s: %v", id, err)
	}
	return a
}

// requests counts journal entries by method and exact path.
func (e *cacheEnv) requests(method, path string) int {
	n := 0
	for _, j := range e.api.Journal() {
		if j.Method == method && j.Path == path {
			n++
		}
	}
	return n
}

func (e *cacheEnv) lists() int { return e.requests(http.MethodGet, AttachmentsPath) }

func (e *cacheEnv) gets(id string) int { return e.requests(http.MethodGet, AttachmentsPath+"/"+id) }

func (e *cacheEnv) rename(t *testing.T, id, name string) {
	t.Helper()
	if _, _, err := e.client.PartnerAttachment.Update(context.Background(), id, &godo.PartnerAttachmentUpdateRequest{Name: name}); err != nil {
		t.Fatalf("renaming %s: %v", id, err)
	}
}

func TestReadCacheLoneReadGETs(t *testing.T) {
	e := newCacheEnv(t, 300, nil)
	if got := e.read(t, e.ids[250]).Name; got != "seed-250" {
		t.Fatalf("name %q, want seed-250", got)
	}
	if n := len(e.api.Journal()); n != 1 || e.gets(e.ids[250]) != 1 {
		t.Fatalf("one Read made %d requests (%v), want exactly one GET", n, e.api.Journal())
	}
}

// A few Reads in a big account never walk the whole list: the list never
// costs more requests than there were Reads before it.
func TestReadCacheFewReadsDoNotWalkTheList(t *testing.T) {
	e := newCacheEnv(t, 1000, nil)
	e.read(t, e.ids[999])
	e.read(t, e.ids[998])
	if n := len(e.api.Journal()); n > 3 || e.lists() > 1 {
		t.Fatalf("two Reads made %d requests, %d of them list pages; want at most 3 and 1", n, e.lists())
	}
}

func TestReadCacheManyReadsUseTheList(t *testing.T) {
	const n = 450 // three pages: 200, 200, 50
	e := newCacheEnv(t, n, nil)
	var wg sync.WaitGroup
	work := make(chan int)
	var failures atomic.Int32
	for range 10 { // Terraform's default parallelism
		wg.Go(func() {
			for i := range work {
				a, err := e.reads.Read(context.Background(), e.ids[i])
				if err != nil || a.ID != e.ids[i] || a.Name != fmt.Sprintf("seed-%d", i) {
					failures.Add(1)
				}
			}
		})
	}
	for i := range n {
		work <- i
	}
	close(work)
	wg.Wait()
	if f := failures.Load(); f > 0 {
		t.Fatalf("%d of %d Reads returned an error or the wrong attachment", f, n)
	}
	if total := len(e.api.Journal()); total > 4 {
		t.Fatalf("%d Reads made %d requests (%d list pages); want at most 1 GET + 3 pages", n, total, e.lists())
	}
}

// The rule the cache lives by: after this process wrote an attachment, a
// Read never answers with what was listed before the write.
func TestReadCacheNeverServesAValueOlderThanAWrite(t *testing.T) {
	e := newCacheEnv(t, 5, nil)
	e.read(t, e.ids[0])
	e.read(t, e.ids[1]) // lists page 1: ids[2] is now held as "seed-2"
	if e.lists() != 1 {
		t.Fatalf("expected the second Read to list, journal: %v", e.api.Journal())
	}
	e.rename(t, e.ids[2], "renamed-by-this-process")
	if got := e.read(t, e.ids[2]).Name; got != "renamed-by-this-process" {
		t.Fatalf("Read after a write answered name %q, listed before the write", got)
	}
}

// A page whose request was sent before a write and answered after it may
// predate the write: it is dropped, not believed.
func TestReadCacheDropsAPageListedAcrossAWrite(t *testing.T) {
	gate := &listGate{answered: make(chan struct{}), release: make(chan struct{})}
	e := newCacheEnv(t, 5, gate.wrap)
	e.read(t, e.ids[0])

	gate.armed.Store(true)
	got := make(chan *godo.PartnerAttachment, 1)
	go func() {
		a, err := e.reads.Read(context.Background(), e.ids[1])
		if err != nil {
			t.Errorf("reading %s: %v", e.ids[1], err)
		}
		got <- a
	}()
	<-gate.answered // the emulator has answered the list with "seed-1"
	e.rename(t, e.ids[1], "renamed-while-listing")
	close(gate.release)
	if a := <-got; a == nil || a.Name != "renamed-while-listing" {
		t.Fatalf("Read answered %+v; want the name written while the list was in flight", a)
	}
}

// listGate holds one list answer, computed by the emulator, until released.
type listGate struct {
	armed             atomic.Bool
	answered, release chan struct{}
}

func (g *listGate) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet || r.URL.Path != AttachmentsPath || !g.armed.CompareAndSwap(true, false) {
			next.ServeHTTP(w, r)
			return
		}
		rec := httptest.NewRecorder()
		next.ServeHTTP(rec, r)
		close(g.answered)
		<-g.release
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		_, _ = w.Write(rec.Body.Bytes())
	})
}

// What the list does not hold is fetched with a GET, so a deleted
// attachment is still a 404 and leaves state as before.
func TestReadCacheMissFallsBackToGET(t *testing.T) {
	e := newCacheEnv(t, 3, nil)
	e.api.DeleteOutOfBand(e.ids[2])
	e.read(t, e.ids[0])
	e.read(t, e.ids[1])
	_, err := e.reads.Read(context.Background(), e.ids[2])
	if !IsNotFound(err) {
		t.Fatalf("Read of a deleted attachment: %v, want a 404", err)
	}
	if e.gets(e.ids[2]) != 1 {
		t.Fatalf("the miss made %d GETs, want 1", e.gets(e.ids[2]))
	}
}

// A listed value answers one Read: a second Read of the same attachment
// asks the API again and sees what changed meanwhile.
func TestReadCacheListedValueAnswersOneRead(t *testing.T) {
	e := newCacheEnv(t, 3, nil)
	e.read(t, e.ids[0])
	e.read(t, e.ids[1])
	e.api.Rename(e.ids[1], "renamed-in-console")
	if got := e.read(t, e.ids[1]).Name; got != "renamed-in-console" {
		t.Fatalf("second Read answered %q, the value an earlier Read already took", got)
	}
}

func TestReadCacheListFailureFallsBackToGET(t *testing.T) {
	e := newCacheEnv(t, 3, nil)
	e.api.InjectFaults(fakeapi.Fault{Status: http.StatusInternalServerError, Match: func(r *http.Request) bool {
		return r.Method == http.MethodGet && r.URL.Path == AttachmentsPath
	}})
	for i, id := range e.ids {
		if got := e.read(t, id).Name; got != fmt.Sprintf("seed-%d", i) {
			t.Fatalf("Read %d answered %q", i, got)
		}
	}
	if e.lists() != 1 {
		t.Fatalf("%d list requests after a failed one, want no retry of the list", e.lists())
	}
}

// All lists once for the plan's checks and its refresh together: after
// Reads listed every page, All sends nothing; All before the Reads lists the
// pages the Reads are then served from; a write makes All list again.
func TestReadCacheAllSharesTheList(t *testing.T) {
	ctx := context.Background()
	e := newCacheEnv(t, ListPageSize+5, nil) // two pages
	for _, id := range e.ids {
		e.read(t, id)
	}
	before := e.lists()
	all, err := e.reads.All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != len(e.ids) || e.lists() != before {
		t.Fatalf("All after the Reads: %d attachments and %d more list requests; want %d and 0", len(all), e.lists()-before, len(e.ids))
	}

	e = newCacheEnv(t, ListPageSize+5, nil)
	if all, err = e.reads.All(ctx); err != nil || len(all) != len(e.ids) || e.lists() != 2 {
		t.Fatalf("All first: %d attachments, %d list requests, %v; want %d, 2, nil", len(all), e.lists(), err, len(e.ids))
	}
	for _, id := range e.ids {
		e.read(t, id)
	}
	if got := len(e.api.Journal()); got != 2 {
		t.Errorf("Reads after All: %d requests in all, want the 2 list pages only", got)
	}
	e.rename(t, e.ids[0], "renamed")
	all, err = e.reads.All(ctx)
	if err != nil || e.lists() != 4 {
		t.Fatalf("All after a write: %d list requests, %v; want 4 (listed again), nil", e.lists(), err)
	}
	if all[0].Name != "renamed" {
		t.Errorf("All after a write shows name %q, want the new one", all[0].Name)
	}
}

// A failed page is reported by All and not fetched again in that generation.
func TestReadCacheAllReportsAFailedList(t *testing.T) {
	e := newCacheEnv(t, 3, nil)
	e.api.InjectFaults(fakeapi.Fault{Status: http.StatusForbidden, Match: fakeapi.MatchRequest(http.MethodGet, AttachmentsPath)})
	for range 2 {
		if _, err := e.reads.All(context.Background()); err == nil {
			t.Fatal("All succeeded over a 403 list")
		}
	}
	if n := e.lists(); n != 1 {
		t.Errorf("list sent %d times, want 1", n)
	}
}

// A first page of nothing but DELETED attachments (an API that lists them
// for a while) does not end the walk: All still finds the live one on the
// next page, as ListAll does.
func TestReadCacheAllReadsPastAPageOfDeleted(t *testing.T) {
	deleted := make([]*godo.PartnerAttachment, ListPageSize)
	for i := range deleted {
		deleted[i] = &godo.PartnerAttachment{ID: fmt.Sprintf("deleted-%d", i), State: "DELETED"}
	}
	live := &godo.PartnerAttachment{ID: "live", Name: "live", State: "ACTIVE"}
	c := &ReadCache{
		list: func(_ context.Context, page int) ([]*godo.PartnerAttachment, *godo.Response, error) {
			resp := &godo.Response{Links: &godo.Links{}}
			if page == 1 {
				resp.Links.Pages = &godo.Pages{Next: "page=2", Last: "page=2"}
				return deleted, resp, nil
			}
			return []*godo.PartnerAttachment{live}, resp, nil
		},
		entries: map[string]*godo.PartnerAttachment{},
		next:    1,
	}
	all, err := c.All(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 1 || all[0].ID != "live" {
		t.Fatalf("All = %v, want only the live attachment of page 2", all)
	}
}
