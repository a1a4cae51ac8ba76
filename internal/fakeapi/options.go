package fakeapi

import (
	"strings"
	"time"
)

// DefaultToken is the bearer token accepted when Options.Token is empty.
const DefaultToken = "emulator-token"

// DefaultLocalASN is the DigitalOcean-side ASN reported when a client
// configures BGP without choosing one: the local_asn of the API reference's
// example answers. (Its create example's peer_router_asn is 64532, which
// configurations copy; a local ASN equal to it would make their session
// internal BGP, which the provider warns about.)
const DefaultLocalASN = 65432

// Defaults of the Options fields that have one.
const (
	// defaultRateLimit is DigitalOcean's documented per-minute request limit.
	defaultRateLimit = 250
	// defaultHourlyLimit is DigitalOcean's documented hourly request limit.
	defaultHourlyLimit     = 5000
	defaultConsistencyLag  = 2 * time.Second
	defaultDeletedVisible  = 3 * time.Second
	defaultProxyFaultEvery = 4
)

// Options configures a Server. The zero value is usable: token
// "emulator-token", instant provisioning, no added latency, "CREATED" as the
// ready state and 250 requests per minute.
type Options struct {
	// Token is the bearer token that grants full access.
	Token string
	// ReadOnlyToken, when set, is a second token that may only issue GET
	// requests; anything else is answered 403, like a read-scoped token.
	ReadOnlyToken string

	// ProvisioningDelay is how long CREATING, UPDATING and DELETING last.
	ProvisioningDelay time.Duration
	// Latency delays every answer by this long, as a distant API would: it
	// is waited after rate limiting (so it holds back 429s too, and does not
	// change which requests the limiter admits) and before the request acts
	// or any injected fault applies. Zero or negative means none. It is real
	// time (a timer), not Options.Now: a FakeClock does not shorten it. A
	// client that gives up during the wait leaves the request unperformed.
	Latency time.Duration
	// ServiceKeyDelay is how long a regenerated service key takes to appear.
	// Zero means ProvisioningDelay; negative means immediately.
	ServiceKeyDelay time.Duration
	// ReadyState is the state an attachment settles in ("CREATED" when empty).
	// The spec's examples disagree ("CREATED", "active"), so "ACTIVE" or
	// "active" can be chosen to test a client's tolerance.
	ReadyState string
	// FailCreatesInto, when set (e.g. "ERROR"), is the state new attachments
	// reach instead of ReadyState once the provisioning delay has passed.
	FailCreatesInto string

	// RateLimitPerMinute is the number of requests admitted per
	// RateLimitWindow (default 250; negative disables rate limiting and its
	// headers). The name follows DigitalOcean's documented unit.
	RateLimitPerMinute int
	// RateLimitWindow is the sliding window length (default one minute);
	// benchmarks shrink it to provoke 429s quickly.
	RateLimitWindow time.Duration

	// Profiles selects readings of the API (see Profile); none is the
	// default behaviour. New panics on an unknown profile or on two
	// alternatives of one group (e.g. active-upper and active-lower).
	Profiles []Profile
	// ConsistencyLag is how long the eventual profile hides a new attachment
	// from GET (404) and the list, and keeps a deleted one in the list.
	// Default 2s.
	ConsistencyLag time.Duration
	// DeletedVisibleFor is how long the deleted-visible profile keeps
	// answering a deleted attachment with state DELETED. Default 3s.
	DeletedVisibleFor time.Duration
	// HourlyLimit is the do-rate-limits quota per HourlyWindow (default 5000
	// per hour; negative disables the quota and its headers); the burst
	// limit is RateLimitPerMinute per RateLimitWindow.
	HourlyLimit  int
	HourlyWindow time.Duration
	// ProxyFaultEvery makes the proxy-faults profile fault every Nth request
	// (default 4; counted over all requests that pass rate limiting).
	ProxyFaultEvery int

	// PathPrefix, when set (such as "/do"), serves the API under that path,
	// as an API gateway in front of DigitalOcean would: /do/v2/... is the
	// API, and any request outside the prefix is answered 404 without
	// being acted on. The journal records every request with the path it
	// arrived with, prefix included, so a test can see each one carried it.
	// A trailing slash is ignored; a prefix must start with "/".
	PathPrefix string

	// Now is the clock used for lifecycle, rate limiting and the journal
	// (default time.Now). Tests pass a FakeClock's Now.
	Now func() time.Time
	// Logf, when set, receives one line per request (for the standalone
	// binary and for debugging tests).
	Logf func(format string, args ...any)
}

func (o Options) withDefaults() Options {
	if o.Token == "" {
		o.Token = DefaultToken
	}
	if o.ReadyState == "" {
		o.ReadyState = StateCreated
	}
	if state, ok := profileReadyState(o.Profiles); ok {
		o.ReadyState = state
	}
	if o.RateLimitPerMinute == 0 {
		o.RateLimitPerMinute = defaultRateLimit
	}
	if o.RateLimitWindow <= 0 {
		o.RateLimitWindow = time.Minute
	}
	if o.HourlyLimit == 0 {
		o.HourlyLimit = defaultHourlyLimit
	}
	if o.HourlyWindow <= 0 {
		o.HourlyWindow = time.Hour
	}
	if o.ConsistencyLag <= 0 {
		o.ConsistencyLag = defaultConsistencyLag
	}
	if o.DeletedVisibleFor <= 0 {
		o.DeletedVisibleFor = defaultDeletedVisible
	}
	if o.ProxyFaultEvery <= 0 {
		o.ProxyFaultEvery = defaultProxyFaultEvery
	}
	o.PathPrefix = strings.TrimRight(o.PathPrefix, "/")
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}
