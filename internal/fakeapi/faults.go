package fakeapi

import (
	"context"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Fault is a failure to inject into one request.
//
// Without AfterAct the fault replaces the request: after Latency, the server
// either drops the connection (Drop), answers Status with a spec error body,
// or, with neither, serves the request normally (a pure latency fault); if
// the client gives up during the latency, nothing is done.
//
// With AfterAct the server performs the request for real, waits Latency, and
// then drops the connection (Drop, or Status == 0) or answers Status instead
// of the real response: the server acted but the client never heard.
//
// Drop takes precedence over Status. Note that Go's http.Transport silently
// retries an idempotent request (GET, DELETE...) that fails on a reused
// keep-alive connection before any response byte, so a dropped GET may be
// retried and consume a second fault.
type Fault struct {
	Status int
	// Message is the error body's message for Status (default: the
	// standard one), e.g. to echo what the request sent, as some APIs do.
	Message  string
	Latency  time.Duration
	Drop     bool
	AfterAct bool
	// Match selects the requests the fault applies to; nil matches any.
	Match func(*http.Request) bool
}

// Kind names the fault for the journal and FaultCounts, e.g. "503", "drop",
// "latency", "after_act+drop", "latency+429".
func (f Fault) Kind() string {
	var parts []string
	if f.AfterAct {
		parts = append(parts, "after_act")
	}
	if f.Latency > 0 {
		parts = append(parts, "latency")
	}
	switch {
	case f.dropsConnection():
		parts = append(parts, "drop")
	case f.Status != 0:
		parts = append(parts, strconv.Itoa(f.Status))
	}
	return strings.Join(parts, "+")
}

func (f Fault) dropsConnection() bool { return f.Drop || (f.AfterAct && f.Status == 0) }

func (f Fault) matches(r *http.Request) bool { return f.Match == nil || f.Match(r) }

// MatchRequest returns a Fault.Match selecting requests with the given method
// ("" for any) whose path starts with pathPrefix.
func MatchRequest(method, pathPrefix string) func(*http.Request) bool {
	return func(r *http.Request) bool {
		return requestMatches(method, pathPrefix, r.Method, r.URL.Path)
	}
}

// DefaultRandomFaults are the kinds SetRandomFaults draws from when given none.
var DefaultRandomFaults = []Fault{
	{Status: http.StatusTooManyRequests},
	{Status: http.StatusInternalServerError},
	{Status: http.StatusBadGateway},
	{Status: http.StatusServiceUnavailable},
	{Drop: true},
	{Latency: 200 * time.Millisecond},
}

// faults holds the queued faults, the random-fault mode and the
// proxy-faults counter; safe for concurrent use.
type faults struct {
	mu     sync.Mutex
	queue  []Fault
	rate   float64
	rng    *rand.Rand
	kinds  []Fault
	counts map[string]int
	// proxyEvery is Options.ProxyFaultEvery under the proxy-faults profile,
	// 0 otherwise; proxySeen counts the requests it has seen, and
	// proxySpoiled holds the requests (method and URI) it spoiled whose
	// next attempt it has not seen yet.
	proxyEvery, proxySeen int
	proxySpoiled          map[string]bool
}

// InjectFaults queues faults. Each request takes the first queued fault that
// matches it; each fault is used once.
func (s *Server) InjectFaults(f ...Fault) {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	s.faults.queue = append(s.faults.queue, f...)
}

// SetRandomFaults makes roughly rate (0..1) of the requests that no queued
// fault claims fail with one of kinds (DefaultRandomFaults if none), drawn
// from a generator seeded with seed so a soak run can be replayed. A rate of
// 0 turns random faults off.
func (s *Server) SetRandomFaults(rate float64, seed int64, kinds ...Fault) {
	if len(kinds) == 0 {
		kinds = DefaultRandomFaults
	}
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	s.faults.rate = rate
	s.faults.rng = rand.New(rand.NewPCG(uint64(seed), uint64(seed)>>32|1))
	s.faults.kinds = kinds
}

// ClearFaults empties the queue and turns random faults off.
func (s *Server) ClearFaults() {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	s.faults.queue, s.faults.rate = nil, 0
}

// PendingFaults returns the number of queued faults not yet used.
func (s *Server) PendingFaults() int {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	return len(s.faults.queue)
}

// FaultCounts returns how many faults of each Kind have been injected.
func (s *Server) FaultCounts() map[string]int {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	out := make(map[string]int, len(s.faults.counts))
	for k, v := range s.faults.counts {
		out[k] = v
	}
	return out
}

// take returns the fault to inject into r, if any, and counts it.
func (fs *faults) take(r *http.Request) (Fault, bool) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	f, ok := fs.pick(r)
	if ok {
		fs.countLocked(f.Kind())
	}
	return f, ok
}

// count records one injected fault of kind.
func (fs *faults) count(kind string) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	fs.countLocked(kind)
}

func (fs *faults) countLocked(kind string) {
	if fs.counts == nil {
		fs.counts = map[string]int{}
	}
	fs.counts[kind]++
}

func (fs *faults) pick(r *http.Request) (Fault, bool) {
	for i, f := range fs.queue {
		if f.matches(r) {
			fs.queue = append(fs.queue[:i], fs.queue[i+1:]...)
			return f, true
		}
	}
	if fs.rate <= 0 || fs.rng.Float64() >= fs.rate {
		return Fault{}, false
	}
	f := fs.kinds[fs.rng.IntN(len(fs.kinds))]
	return f, f.matches(r)
}

// sleep waits d unless the client goes away first; it reports whether the
// client is still there.
func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// proxyFault is an answer spoiled by a misbehaving proxy in front of the API
// (proxy-faults profile).
type proxyFault struct {
	kind string
	// status, when set, is answered with the proxy's HTML error page
	// instead of acting.
	status int
	// mangle, otherwise, spoils the real answer once the server has acted.
	mangle func(*responseBuffer)
}

// proxyCycle is the order in which the proxy-faults profile spoils answers.
var proxyCycle = []proxyFault{
	{kind: "proxy-502-html", status: http.StatusBadGateway},
	{kind: "proxy-503-html", status: http.StatusServiceUnavailable},
	{kind: "proxy-truncated", mangle: func(b *responseBuffer) { b.body.Truncate(b.body.Len() / 2) }},
	{kind: "proxy-empty", mangle: func(b *responseBuffer) {
		b.body.Reset()
		b.header.Set("Content-Length", "0")
	}},
}

// proxyPages are nginx's error pages.
var proxyPages = map[int]string{
	http.StatusBadGateway:         nginxPage("502 Bad Gateway"),
	http.StatusServiceUnavailable: nginxPage("503 Service Temporarily Unavailable"),
}

func nginxPage(title string) string {
	return "<html><head><title>" + title + "</title></head><body><center><h1>" + title + "</h1></center><hr><center>nginx</center></body></html>"
}

// takeProxy counts a request and returns the proxy fault due for it, if
// any: every proxyEvery-th request, cycling through proxyCycle. The next
// attempt of a request it spoiled (same method and URI) passes untouched
// and uncounted: the profile is there to prove that each kind of spoiled
// answer is handled, and a client that retries should not then depend on
// the luck of the count (at every 4th request, one in 256 reads would
// otherwise exhaust four retries).
func (fs *faults) takeProxy(r *http.Request) (proxyFault, bool) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if fs.proxyEvery <= 0 {
		return proxyFault{}, false
	}
	key := r.Method + " " + r.URL.RequestURI()
	if fs.proxySpoiled[key] {
		delete(fs.proxySpoiled, key)
		return proxyFault{}, false
	}
	fs.proxySeen++
	if fs.proxySeen%fs.proxyEvery != 0 {
		return proxyFault{}, false
	}
	if fs.proxySpoiled == nil {
		fs.proxySpoiled = map[string]bool{}
	}
	fs.proxySpoiled[key] = true
	return proxyCycle[(fs.proxySeen/fs.proxyEvery-1)%len(proxyCycle)], true
}

// proxy serves c through the proxy fault p and reports whether p spoiled
// the answer (counting it if so). An error page replaces the request, with
// none of the API's headers; a mangling fault acts first and spoils only a
// 2xx answer with a body, passing anything else through.
func (s *Server) proxy(c *call, p proxyFault) bool {
	if p.status != 0 {
		c.out.header = http.Header{}
		c.html(p.status, proxyPages[p.status])
	} else {
		s.act(c)
		if c.out.status/100 != 2 || c.out.body.Len() == 0 {
			return false
		}
		p.mangle(&c.out)
	}
	s.faults.count(p.kind)
	return true
}
