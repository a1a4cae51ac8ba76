package fakeapi

import "time"

// DefaultToken is the bearer token accepted when Options.Token is empty.
const DefaultToken = "emulator-token"

// DefaultLocalASN is the DigitalOcean-side ASN reported when a client
// configures BGP without choosing one (the spec's example value).
const DefaultLocalASN = 64532

// defaultRateLimit is DigitalOcean's documented per-minute request limit.
const defaultRateLimit = 250

// Options configures a Server. The zero value is usable: token
// "emulator-token", instant provisioning, "CREATED" as the ready state and
// 250 requests per minute.
type Options struct {
	// Token is the bearer token that grants full access.
	Token string
	// ReadOnlyToken, when set, is a second token that may only issue GET
	// requests; anything else is answered 403, like a read-scoped token.
	ReadOnlyToken string

	// ProvisioningDelay is how long CREATING, UPDATING and DELETING last.
	ProvisioningDelay time.Duration
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
	if o.RateLimitPerMinute == 0 {
		o.RateLimitPerMinute = defaultRateLimit
	}
	if o.RateLimitWindow <= 0 {
		o.RateLimitWindow = time.Minute
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return o
}
