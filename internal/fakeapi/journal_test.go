package fakeapi

import (
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"
)

func TestJournal(t *testing.T) {
	h := newHarness(t, Options{})
	body := encode(t, createBody())
	created := h.do(http.MethodPost, collection, body)
	h.clock.Advance(time.Second)
	h.do(http.MethodGet, collection+"?page=2&per_page=5", "")
	h.do(http.MethodGet, collection+"/missing", "")

	j := h.srv.Journal()
	if len(j) != 3 {
		t.Fatalf("journal has %d entries", len(j))
	}
	want := []Entry{
		{Method: "POST", Path: collection, Status: 202, At: t0, Body: []byte(body), RequestID: created.header.Get("x-request-id")},
		{Method: "GET", Path: collection, Query: "page=2&per_page=5", Status: 200, At: t0.Add(time.Second), Body: []byte{}},
		{Method: "GET", Path: collection + "/missing", Status: 404, At: t0.Add(time.Second), Body: []byte{}},
	}
	for i, e := range j {
		w := want[i]
		if w.RequestID == "" {
			w.RequestID = e.RequestID
		}
		if e.Method != w.Method || e.Path != w.Path || e.Query != w.Query || e.Status != w.Status ||
			!e.At.Equal(w.At) || string(e.Body) != string(w.Body) || e.RequestID != w.RequestID || e.Fault != "" {
			t.Errorf("entry %d = %+v\nwant %+v", i, e, w)
		}
	}
	if n := h.srv.Count(http.MethodGet, collection); n != 2 {
		t.Errorf("Count(GET) = %d", n)
	}
	if n := h.srv.Count("", collection+"/missing"); n != 1 {
		t.Errorf("Count(any, /missing) = %d", n)
	}
	h.srv.ResetJournal()
	if n := len(h.srv.Journal()); n != 0 {
		t.Errorf("%d entries after reset", n)
	}
}

func TestJournalRecordsRejectedRequests(t *testing.T) {
	h := newHarness(t, Options{RateLimitPerMinute: 1})
	h.srv.InjectFaults(Fault{Status: 503})
	h.do(http.MethodGet, collection, "")
	h.do(http.MethodGet, collection, "")
	j := h.srv.Journal()
	if len(j) != 2 || j[0].Status != 503 || j[0].Fault != "503" || j[1].Status != 429 {
		t.Errorf("journal = %+v", j)
	}
}

func TestEntryString(t *testing.T) {
	e := Entry{Method: "GET", Path: collection, Query: "page=2", Status: 0, Fault: "drop"}
	if got, want := e.String(), "GET "+collection+"?page=2 -> 0 (fault drop)"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}

func TestConcurrentUse(t *testing.T) {
	h := newHarness(t, Options{RateLimitPerMinute: -1})
	h.srv.SetRandomFaults(0.3, 1, Fault{Status: 503}, Fault{AfterAct: true, Status: 500})
	var wg sync.WaitGroup
	for i := range 40 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			m := createBody()
			m["name"] = fmt.Sprintf("c-%d", i)
			h.do(http.MethodPost, collection, encode(t, m))
			h.do(http.MethodGet, collection, "")
			h.srv.Attachments()
		}()
	}
	wg.Wait()
	// Every create either happened (202, or 500 after acting) or did not (503).
	acted := 0
	for _, e := range h.srv.Journal() {
		if e.Method == http.MethodPost && (e.Status == http.StatusAccepted || e.Fault == "after_act+500") {
			acted++
		}
	}
	if n := len(h.srv.Attachments()); n != acted || h.srv.Count(http.MethodPost, collection) != 40 {
		t.Errorf("%d attachments, %d creates acted on", n, acted)
	}
}
