// Package apiclient is everything that speaks HTTP to DigitalOcean: the godo
// client the provider uses (bearer auth, godo's own retry support with a
// policy that never sends a create twice, pacing from the API's rate-limit
// headers, a user agent naming this provider, a log line per attempt that
// never shows headers or bodies), the checked calls on attachments that
// fill godo's gaps (Attachments: the PATCH that carries BGP, every page,
// find by name), the outcome checks for retried writes (outcome.go), and
// the read cache that serves a plan's refreshes from the list.
//
// The transport chain, outermost first, all assembled in this file:
//
//	writeObserver        every write invalidates the read cache (ObserveWrites)
//	prefixingTransport   the api_endpoint's path before every path (endpoint.go)
//	oauth2.Transport     the bearer token
//	taggingTransport     the request's method and path, for the retry policy
//	retryablehttp        retries per retryPolicy (retry.go), backoff.go's waits
//	refusalResender      reads and deletes refused with 429, sent again (retry.go)
//	observingTransport   one log line per attempt; error ids (transport.go)
//	bodyCheckingTransport  unusable 2xx bodies become errors (transport.go)
//	pacer                holds requests per the rate-limit headers (pacing.go)
//	http.Transport       cleanhttp's pooled transport
package apiclient

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/digitalocean/godo"
	"github.com/hashicorp/go-cleanhttp"
	"github.com/hashicorp/go-retryablehttp"
	"golang.org/x/oauth2"
)

// Config is the resolved provider configuration the client is built from.
type Config struct {
	Token        string
	APIEndpoint  string
	RetryMax     int
	RetryWaitMin float64 // seconds
	RetryWaitMax float64 // seconds
	// RequestsPerSecond caps the request rate (godo's static limiter);
	// 0 means no cap beyond the pacing the API's headers ask for.
	RequestsPerSecond float64
	UserAgent         string
	// OnRetry, when set, is told about every retry as it is sent (the soak
	// test counts them).
	OnRetry func(method, path string, attempt int)
	// BurstWindow is the window of a burst limit the rate-limit headers do
	// not describe, in which the pacer learns it; 0 means DigitalOcean's
	// documented minute.
	BurstWindow time.Duration
}

// New returns a godo client for cfg.
func New(cfg Config) (*godo.Client, error) {
	if strings.TrimSpace(cfg.Token) == "" {
		return nil, fmt.Errorf("no API token")
	}
	endpoint, err := ParseEndpoint(cfg.APIEndpoint)
	if err != nil {
		return nil, err
	}
	pace := newPacer(cleanhttp.DefaultPooledTransport())
	if cfg.BurstWindow > 0 {
		pace.burstWindow = cfg.BurstWindow
	}
	wire := &observingTransport{base: bodyCheckingTransport{base: pace}, token: cfg.Token}
	// godo's retry path requires an *oauth2.Transport: it copies the token
	// source onto the retrying client it builds.
	httpClient := &http.Client{Transport: &oauth2.Transport{
		Source: oauth2.StaticTokenSource(&oauth2.Token{AccessToken: cfg.Token}),
		Base:   wire,
	}}

	opts := []godo.ClientOpt{godo.SetBaseURL(endpoint.Origin), godo.SetUserAgent(cfg.UserAgent)}
	if cfg.RequestsPerSecond > 0 {
		opts = append(opts, godo.SetStaticRateLimit(cfg.RequestsPerSecond))
	}
	if cfg.RetryMax > 0 {
		opts = append(opts, godo.WithRetryAndBackoffs(godo.RetryConfig{
			RetryMax:     cfg.RetryMax,
			RetryWaitMin: godo.PtrTo(cfg.RetryWaitMin),
			RetryWaitMax: godo.PtrTo(cfg.RetryWaitMax),
		}))
	}
	c, err := godo.New(httpClient, opts...)
	if err != nil {
		return nil, err
	}
	attachWire(c, wire, cfg.OnRetry)
	if endpoint.Prefix != "" {
		c.HTTPClient.Transport = prefixingTransport{prefix: endpoint.Prefix, next: c.HTTPClient.Transport}
	}
	return c, nil
}

// attachWire completes the retrying client godo builds when retries are on.
// godo builds it from scratch, dropping the transport we passed in, and
// gives it a policy that retries every method; here it gets our transport
// back (so every attempt is paced and observed) under a resender of reads
// the rate limit refused, our policy and backoff, and a hook that logs each
// retry.
func attachWire(c *godo.Client, wire *observingTransport, onRetry func(method, path string, attempt int)) {
	auth, ok := c.HTTPClient.Transport.(*oauth2.Transport)
	if !ok {
		return
	}
	rt, ok := auth.Base.(*retryablehttp.RoundTripper)
	if !ok {
		return
	}
	rt.Client.HTTPClient.Transport = refusalResender{next: wire, token: wire.token, onRetry: onRetry, giveUpAfter: refusedReadsFor}
	rt.Client.CheckRetry = retryPolicy
	rt.Client.Backoff = backoffWith(time.Now)
	rt.Client.RequestLogHook = func(_ retryablehttp.Logger, req *http.Request, attempt int) {
		if attempt == 0 {
			return
		}
		reportRetry(req, wire.token, onRetry, "retrying API request", attempt)
	}
	auth.Base = taggingTransport{next: rt}
}

// UserAgent names this provider, its version and the Terraform version.
func UserAgent(providerVersion, terraformVersion string) string {
	if terraformVersion == "" {
		terraformVersion = "unknown"
	}
	return fmt.Sprintf("terraform-provider-do/%s (+https://registry.terraform.io/providers/pnc-tf/do) Terraform/%s",
		providerVersion, terraformVersion)
}

// ObserveWrites makes c call onWrite before and after every request that
// may change something (see writeObserver); the provider passes its read
// cache's Invalidate.
func ObserveWrites(c *godo.Client, onWrite func()) {
	next := c.HTTPClient.Transport
	if next == nil {
		next = http.DefaultTransport
	}
	c.HTTPClient.Transport = writeObserver{next: next, onWrite: onWrite}
}

// writeObserver tells the read cache about every request that may change
// something: it sits at the top of the provider's HTTP client, so it sees
// each write once, whichever resource, action or retry sends it. It calls
// onWrite before the request (so a Read meanwhile does not trust the list)
// and again once it has an answer or has failed (so that a page listed
// while the write was in flight is dropped).
type writeObserver struct {
	next    http.RoundTripper
	onWrite func()
}

func (t writeObserver) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Method == http.MethodGet || req.Method == http.MethodHead {
		return t.next.RoundTrip(req)
	}
	t.onWrite()
	defer t.onWrite()
	return t.next.RoundTrip(req)
}
