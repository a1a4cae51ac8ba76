package fakeapi

import (
	"crypto/subtle"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
)

// basePath is the collection the emulator serves; everything else is 404.
const basePath = "/v2/partner_network_connect/attachments"

// maxBodyBytes bounds what a request body may cost the emulator.
const maxBodyBytes = 1 << 20

// Server emulates the Partner Network Connect API. It implements
// http.Handler; every exported method is safe for concurrent use.
type Server struct {
	opts     Options
	profiles profileSet

	mu    sync.Mutex // guards store, url and opts.ProvisioningDelay
	store *store
	url   string

	limiter rateLimiter
	faults  faults
	journal journal
}

// New returns an emulator configured by opts (see Options for defaults). It
// panics on an unknown profile or on conflicting ones (see ParseProfiles).
func New(opts Options) *Server {
	if err := checkProfiles(opts.Profiles); err != nil {
		panic("fakeapi: " + err.Error())
	}
	if opts.PathPrefix != "" && !strings.HasPrefix(opts.PathPrefix, "/") {
		panic(fmt.Sprintf("fakeapi: PathPrefix %q must start with /", opts.PathPrefix))
	}
	opts = opts.withDefaults()
	opts.Profiles = slices.Clone(opts.Profiles)
	profiles := newProfileSet(opts.Profiles)
	var lag time.Duration
	if profiles[ProfileEventual] {
		lag = opts.ConsistencyLag
	}
	s := &Server{
		opts:     opts,
		profiles: profiles,
		store:    newStore(lag),
		limiter:  newRateLimiter(opts, profiles),
	}
	if profiles[ProfileProxyFaults] {
		s.faults.proxyEvery = opts.ProxyFaultEvery
	}
	return s
}

// Token returns the bearer token the server accepts.
func (s *Server) Token() string { return s.opts.Token }

// ServeHTTP answers one request: rate limiting, then Options.Latency, then
// fault injection (proxy faults first), then authentication and the
// endpoint itself. The request
// is recorded in the journal before the client can see any answer (or the
// dropped connection), so a test that reads the journal right after a
// response always finds it.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, maxBodyBytes))
	c := &call{r: r, body: body, reqID: newUUID(), now: s.opts.Now(), out: responseBuffer{header: http.Header{}}, noRequestID: s.profiles[ProfileSparse]}
	c.out.header.Set("x-request-id", c.reqID)
	e := Entry{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, At: c.now, Body: body, RequestID: c.reqID}
	var outcome outcome
	if routed, ok := s.underPrefix(r); ok {
		c.r, c.prefix = routed, s.opts.PathPrefix
		outcome = s.serve(c, &e.Fault)
	} else {
		c.fail(http.StatusNotFound, "no API here: the API is served under "+s.opts.PathPrefix+"/")
		e.Fault = FaultOutsidePrefix
	}
	if outcome == answer {
		e.Status = c.out.status
	}
	s.journal.add(e)
	if s.opts.Logf != nil {
		s.opts.Logf("%s", e)
	}
	switch outcome {
	case answer:
		c.flush(w)
	case hangUp:
		drop(w)
	}
}

// FaultOutsidePrefix is the Entry.Fault of a request that Options.PathPrefix
// did not cover: it was answered 404 and not acted on.
const FaultOutsidePrefix = "outside-prefix"

// underPrefix returns r as the API routes it: with Options.PathPrefix taken
// off its path. ok is false for a request outside the prefix.
func (s *Server) underPrefix(r *http.Request) (routed *http.Request, ok bool) {
	prefix := s.opts.PathPrefix
	if prefix == "" {
		return r, true
	}
	rest, found := strings.CutPrefix(r.URL.EscapedPath(), prefix)
	if !found || !strings.HasPrefix(rest, "/") {
		return nil, false
	}
	u := *r.URL
	u.RawPath = rest
	if u.Path, _ = url.PathUnescape(rest); u.Path == "" {
		return nil, false
	}
	routed = r.Clone(r.Context())
	routed.URL = &u
	return routed, true
}

// outcome is what the client gets: the buffered answer, a dropped
// connection, or nothing (it went away during injected latency).
type outcome int

const (
	answer outcome = iota
	hangUp
	goneAway
)

// serve runs the pipeline into c's response buffer and says how the client
// is to get it, noting the kind of any injected fault in *fault. The limiter
// decides at the request's arrival; Options.Latency then holds back whatever
// the answer is. A proxy fault (proxy-faults profile) takes precedence over
// queued and random faults, which then wait for the next request.
func (s *Server) serve(c *call, fault *string) outcome {
	admitted := s.limiter.admit(c.out.header, c.now)
	if !sleep(c.r.Context(), s.opts.Latency) {
		return goneAway
	}
	if !admitted {
		c.answerError(http.StatusTooManyRequests, "") // the limiter set the headers
		return answer
	}
	if p, ok := s.faults.takeProxy(c.r); ok {
		if s.proxy(c, p) {
			*fault = p.kind
		}
		return answer
	}
	f, ok := s.faults.take(c.r)
	if !ok {
		s.act(c)
		return answer
	}
	*fault = f.Kind()
	ctx := c.r.Context()
	if !f.AfterAct {
		if !sleep(ctx, f.Latency) {
			return goneAway
		}
		switch {
		case f.Drop:
			return hangUp
		case f.Status != 0:
			c.fail(f.Status, f.Message)
		default:
			s.act(c)
		}
		return answer
	}
	s.act(c)
	if !sleep(ctx, f.Latency) {
		return goneAway
	}
	if f.dropsConnection() {
		return hangUp
	}
	c.fail(f.Status, f.Message)
	return answer
}

type handler func(s *Server, c *call)

// Route keys of the collection and of one attachment; sub-resources are keyed
// by their path segment, which can never contain "/".
const (
	collectionRoute = ""
	itemRoute       = "/"
)

// routes maps a route key (see routeKey) and method to its handler.
var routes = map[string]map[string]handler{
	collectionRoute: {
		http.MethodGet:  (*Server).listAttachments,
		http.MethodPost: (*Server).createAttachment,
	},
	itemRoute: {
		http.MethodGet:    (*Server).getAttachment,
		http.MethodPatch:  (*Server).patchAttachment,
		http.MethodDelete: (*Server).deleteAttachment,
	},
	"bgp_auth_key":  {http.MethodGet: (*Server).getBGPAuthKey},
	"remote_routes": {http.MethodGet: (*Server).listRemoteRoutes},
	"service_key": {
		http.MethodGet:  (*Server).getServiceKey,
		http.MethodPost: (*Server).regenerateServiceKey,
	},
}

// routeKey splits path into a key of routes and the attachment id.
func routeKey(path string) (key, id string, ok bool) {
	rest, found := strings.CutPrefix(path, basePath)
	if !found || (rest != "" && rest[0] != '/') {
		return "", "", false
	}
	rest = strings.Trim(rest, "/")
	if rest == "" {
		return collectionRoute, "", true
	}
	parts := strings.Split(rest, "/")
	switch {
	case len(parts) == 1:
		return itemRoute, parts[0], true
	case len(parts) == 2 && parts[0] != "":
		return parts[1], parts[0], true
	}
	return "", "", false
}

// act authenticates the request and runs its endpoint.
func (s *Server) act(c *call) {
	if !s.authorize(c) {
		return
	}
	key, id, ok := routeKey(c.r.URL.Path)
	methods, known := routes[key]
	if !ok || !known {
		c.fail(http.StatusNotFound, "")
		return
	}
	h, ok := methods[c.r.Method]
	if !ok {
		allowed := make([]string, 0, len(methods))
		for m := range methods {
			allowed = append(allowed, m)
		}
		slices.Sort(allowed)
		c.out.header.Set("Allow", strings.Join(allowed, ", "))
		c.fail(http.StatusMethodNotAllowed, "")
		return
	}
	c.id = id
	s.mu.Lock()
	defer s.mu.Unlock()
	// Read the clock under the lock, after any injected latency, so that
	// transitions are stamped when they really start and in lock order.
	c.now = s.opts.Now()
	h(s, c)
}

// authorize checks the bearer token: the full token may do anything, the
// read-only token only GET.
func (s *Server) authorize(c *call) bool {
	scheme, token, _ := strings.Cut(c.r.Header.Get("Authorization"), " ")
	switch {
	case !strings.EqualFold(scheme, "Bearer"): // falls through to 401
	case tokenEqual(token, s.opts.Token):
		return true
	case s.opts.ReadOnlyToken != "" && tokenEqual(token, s.opts.ReadOnlyToken):
		if c.r.Method == http.MethodGet {
			return true
		}
		c.fail(http.StatusForbidden, "")
		return false
	}
	c.fail(http.StatusUnauthorized, "")
	return false
}

func tokenEqual(a, b string) bool { return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1 }
