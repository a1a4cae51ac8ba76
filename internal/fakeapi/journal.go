package fakeapi

import (
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Entry is one request as the server saw it.
type Entry struct {
	Method string
	Path   string
	Query  string
	// Status is what the client received; 0 means the connection was
	// dropped (or the client left during injected latency) before a response.
	Status int
	At     time.Time
	// Body is the request body.
	Body      []byte
	RequestID string
	// Fault is the Kind of the fault injected into this request, "" if none.
	Fault string
}

// String renders the entry as one log line, e.g.
// "POST /v2/...?page=2 -> 0 (fault after_act+drop)".
func (e Entry) String() string {
	line := e.Method + " " + e.Path
	if e.Query != "" {
		line += "?" + e.Query
	}
	line += " -> " + strconv.Itoa(e.Status)
	if e.Fault != "" {
		line += " (fault " + e.Fault + ")"
	}
	return line
}

type journal struct {
	mu      sync.Mutex
	entries []Entry
}

func (j *journal) add(e Entry) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.entries = append(j.entries, e)
}

// Journal returns every request recorded since the start or the last
// ResetJournal, oldest first.
func (s *Server) Journal() []Entry {
	s.journal.mu.Lock()
	defer s.journal.mu.Unlock()
	return slices.Clone(s.journal.entries)
}

// ResetJournal forgets the recorded requests.
func (s *Server) ResetJournal() {
	s.journal.mu.Lock()
	defer s.journal.mu.Unlock()
	s.journal.entries = nil
}

// Count returns how many recorded requests used method ("" for any) on a
// path starting with pathPrefix.
func (s *Server) Count(method, pathPrefix string) int {
	s.journal.mu.Lock()
	defer s.journal.mu.Unlock()
	n := 0
	for _, e := range s.journal.entries {
		if requestMatches(method, pathPrefix, e.Method, e.Path) {
			n++
		}
	}
	return n
}

// requestMatches is the shared filter of Count and MatchRequest.
func requestMatches(wantMethod, pathPrefix, method, path string) bool {
	return (wantMethod == "" || method == wantMethod) && strings.HasPrefix(path, pathPrefix)
}
