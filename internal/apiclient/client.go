// Package apiclient is everything that speaks HTTP to DigitalOcean: the godo
// client the provider uses, the checked calls on attachments that fill
// godo's gaps (attachments.go: the PATCH that carries BGP, every page, find
// by name), the checks that tell whether a create or update whose answer was
// lost took effect (unknown_outcome.go), the read cache that serves a plan's
// refreshes from the list (read_cache.go), the poller that answers the
// waits in flight with one list (poller.go), and the checked API base URL
// (endpoint.go).
//
// This file builds the client (New) and then holds its transport chain,
// layer by layer, outermost first, in this order:
//
//	writeNotifier          every write invalidates the read cache (ObserveWrites)
//	prefixingTransport     the api_endpoint's path before every path
//	oauth2.Transport       the bearer token
//	requestInfoTagger      the request's method and path, for the retry policy
//	retryablehttp          retries per retryPolicy, waits per backoffWith
//	rateLimitResender      reads and deletes refused with 429, sent again
//	attemptLogger          one log line per attempt; the API's error ids
//	bodyCheckingTransport  unusable 2xx bodies become errors
//	pacer                  holds requests per the rate-limit headers (pacing.go)
//	http.Transport         cleanhttp's pooled transport
//
// The retry policy never sends a create twice, the pacer follows the API's
// rate-limit headers, the user agent names this provider, and no log line
// shows headers or bodies.
package apiclient

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/digitalocean/godo"
	"github.com/hashicorp/go-cleanhttp"
	"github.com/hashicorp/go-retryablehttp"
	"github.com/hashicorp/terraform-plugin-log/tflog"
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
	// The layers every attempt passes, retried or not: log, body check, pacer.
	perAttempt := &attemptLogger{base: bodyCheckingTransport{base: pace}, token: cfg.Token}
	// godo's retry path requires an *oauth2.Transport: it copies the token
	// source onto the retrying client it builds.
	httpClient := &http.Client{Transport: &oauth2.Transport{
		Source: oauth2.StaticTokenSource(&oauth2.Token{AccessToken: cfg.Token}),
		Base:   perAttempt,
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
	installRetryLayers(c, perAttempt, cfg.OnRetry)
	c.HTTPClient.CheckRedirect = noRedirects
	if endpoint.Prefix != "" {
		c.HTTPClient.Transport = prefixingTransport{prefix: endpoint.Prefix, next: c.HTTPClient.Transport}
	}
	return c, nil
}

// noRedirects makes a redirect an answer, never a request: the API does not
// redirect, and following one would send the bearer token to wherever the
// Location points (another host, or plain http) and put the api_endpoint's
// path prefix before the new path a second time. The 3xx is then reported
// as the API's answer.
func noRedirects(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// installRetryLayers completes the retrying client godo builds when retries
// are on. godo builds it from scratch, dropping the transport we passed in,
// and gives it a policy that retries every method; here it gets our
// per-attempt layers back (so every attempt is logged, checked and paced)
// under a resender of requests the rate limit refused (rateLimitResender),
// our policy and backoff, and a hook that logs each retry; and the tagger
// above it (requestInfoTagger).
func installRetryLayers(c *godo.Client, perAttempt *attemptLogger, onRetry func(method, path string, attempt int)) {
	auth, ok := c.HTTPClient.Transport.(*oauth2.Transport)
	if !ok {
		return
	}
	rt, ok := auth.Base.(*retryablehttp.RoundTripper)
	if !ok {
		return
	}
	rt.Client.HTTPClient.CheckRedirect = noRedirects
	rt.Client.HTTPClient.Transport = rateLimitResender{next: perAttempt, token: perAttempt.token, onRetry: onRetry, giveUpAfter: RateLimitResendFor}
	rt.Client.CheckRetry = retryPolicy
	rt.Client.Backoff = backoffWith(time.Now)
	rt.Client.RequestLogHook = func(_ retryablehttp.Logger, req *http.Request, attempt int) {
		if attempt == 0 {
			return
		}
		reportRetry(req, perAttempt.token, onRetry, "retrying API request", attempt)
	}
	auth.Base = requestInfoTagger{next: rt}
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
// may change something (see writeNotifier); the provider passes its read
// cache's Invalidate.
func ObserveWrites(c *godo.Client, onWrite func()) {
	next := c.HTTPClient.Transport
	if next == nil {
		next = http.DefaultTransport
	}
	c.HTTPClient.Transport = writeNotifier{next: next, onWrite: onWrite}
}

// Layer 1, writeNotifier: every write invalidates the read cache.

// writeNotifier tells the read cache about every request that may change
// something: it sits at the top of the provider's HTTP client, so it sees
// each write once, whichever resource, action or retry sends it. It calls
// onWrite before the request (so a Read meanwhile does not trust the list)
// and again once it has an answer or has failed (so that a page listed
// while the write was in flight is dropped).
type writeNotifier struct {
	next    http.RoundTripper
	onWrite func()
}

func (t writeNotifier) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Method == http.MethodGet || req.Method == http.MethodHead {
		return t.next.RoundTrip(req)
	}
	t.onWrite()
	defer t.onWrite()
	return t.next.RoundTrip(req)
}

// Layer 2, prefixingTransport: the api_endpoint's path (endpoint.go) before every path.

// prefixingTransport puts every request's path under the endpoint's path
// prefix. godo resolves its request paths ("/v2/...") against its base URL,
// which keeps only the base's origin, so the prefix is added here, once,
// for every request the client sends: godo's own calls and ours, every page
// of a list and every sub-resource. It sits at the top of the chain, so the
// retry policy, the log lines and the errors all see the path as sent.
type prefixingTransport struct {
	prefix string
	next   http.RoundTripper
}

func (t prefixingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	out := req.Clone(req.Context())
	u := *req.URL
	u.RawPath = t.prefix + req.URL.EscapedPath()
	p, err := url.PathUnescape(u.RawPath)
	if err != nil {
		// ParseEndpoint checked the prefix and godo escaped the rest.
		return nil, fmt.Errorf("putting %q under the API endpoint's path %q: %w", req.URL.EscapedPath(), t.prefix, err)
	}
	u.Path = p
	out.URL = &u
	return t.next.RoundTrip(out)
}

// Layer 3, oauth2.Transport: the bearer token (built in New).

// Layer 4, requestInfoTagger: the request's method and path, for the retry policy.

// requestInfo is what the retry policy needs to know about the request: the
// retryablehttp CheckRetry hook only sees the response, which is nil when
// the connection failed. resendable is whether rateLimitResender may send it
// again (see resendable).
type requestInfo struct {
	method, path string
	resendable   bool
}

type requestInfoKey struct{}

func requestInfoFrom(ctx context.Context) requestInfo {
	info, _ := ctx.Value(requestInfoKey{}).(requestInfo)
	return info
}

// requestInfoTagger records each request's method and path in its context
// on the way into the retrying client.
type requestInfoTagger struct{ next http.RoundTripper }

func (t requestInfoTagger) RoundTrip(req *http.Request) (*http.Response, error) {
	info := requestInfo{method: req.Method, path: req.URL.Path, resendable: resendable(req)}
	ctx := context.WithValue(req.Context(), requestInfoKey{}, info)
	return t.next.RoundTrip(req.WithContext(ctx))
}

// Layer 5, retryablehttp (godo's retrying client): retries per retryPolicy, waits per backoffWith.

// A retried request must not do twice what was meant once. GET, HEAD, PUT,
// DELETE and OPTIONS are idempotent by definition (a repeated DELETE of a
// deleted attachment answers 404, which callers treat as done). POST
// creates. PATCH would be idempotent by its body, but the API refuses any
// change to an attachment that is mid-operation, and a PATCH that took
// effect starts one (UPDATING): repeating it would turn a success into a
// 422. So a POST or PATCH whose outcome is unknown is retried only when an
// OutcomeCheck (see WithOutcomeCheck) has confirmed that it did nothing.
var idempotentMethods = map[string]bool{
	http.MethodGet: true, http.MethodHead: true, http.MethodOptions: true,
	http.MethodPut: true, http.MethodDelete: true,
}

// retryPolicy is the retryablehttp CheckRetry hook: the library's default
// (connection errors, 429, and 5xx except 501), plus godo's HTTP/2
// INTERNAL_ERROR case, limited to requests that are safe to send again.
func retryPolicy(ctx context.Context, resp *http.Response, err error) (bool, error) {
	retry, policyErr := retryablehttp.DefaultRetryPolicy(ctx, resp, err)
	if policyErr != nil || ctx.Err() != nil {
		return false, policyErr
	}
	if !retry && !isHTTP2InternalError(err) {
		return false, nil
	}
	info := requestInfoFrom(ctx)
	if resp != nil && resp.StatusCode == http.StatusTooManyRequests && info.resendable {
		return false, nil // rateLimitResender has sent it again for RateLimitResendFor
	}
	if idempotentMethods[info.method] {
		return true, nil
	}
	check, _ := ctx.Value(outcomeCheckKey{}).(OutcomeCheck)
	if check == nil {
		return false, nil
	}
	// The check sends requests of its own (GETs); they must not consult it.
	tookEffect, checkErr := check(context.WithValue(ctx, outcomeCheckKey{}, nil))
	return checkErr == nil && !tookEffect, nil
}

// isHTTP2InternalError matches the transient stream error godo also retries
// (https://github.com/golang/go/issues/51323).
func isHTTP2InternalError(err error) bool {
	return err != nil && strings.Contains(err.Error(), "INTERNAL_ERROR") &&
		strings.Contains(reflect.TypeOf(err).String(), "http2")
}

// DigitalOcean's rate-limit headers.
const (
	headerRemaining = "ratelimit-remaining"
	headerReset     = "ratelimit-reset"
	headerLimit     = "ratelimit-limit"
)

// backoffWith returns a retryablehttp Backoff that waits as long as the API
// asked (see serverWait) and otherwise backs off exponentially from min to
// max. A server-requested wait is honoured even beyond max: retrying sooner
// would only collect another 429.
func backoffWith(now func() time.Time) retryablehttp.Backoff {
	return func(waitMin, waitMax time.Duration, attempt int, resp *http.Response) time.Duration {
		if resp != nil {
			if d, ok := serverWait(resp.Header, now()); ok {
				return d
			}
		}
		// nil response: DefaultBackoff then ignores headers and is purely
		// exponential, which is the part we want from it.
		return retryablehttp.DefaultBackoff(waitMin, waitMax, attempt, nil)
	}
}

// serverWait reads how long the API wants the client to wait: Retry-After
// (seconds or an HTTP date) when present, else, when the quota is used up
// (ratelimit-remaining 0), until ratelimit-reset (Unix seconds).
func serverWait(h http.Header, now time.Time) (time.Duration, bool) {
	if d, ok := retryAfter(h, now); ok {
		return d, true
	}
	if remaining, ok := headerInt(h, headerRemaining); ok && remaining <= 0 {
		if reset, ok := resetTime(h); ok {
			return max(reset.Sub(now), 0), true
		}
	}
	return 0, false
}

// headerReceivedAt records when an answer with Retry-After arrived (the
// pacer sets it), so that a wait in seconds counts from then: the retry of a
// refused create waits for its outcome check first, which the pacer holds
// for that same Retry-After, and counting again from the check's end made
// the wait twice as long.
const headerReceivedAt = "X-Provider-Received-At"

func retryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	v := h.Get("Retry-After")
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		from := now
		if at, err := time.Parse(time.RFC3339Nano, h.Get(headerReceivedAt)); err == nil && at.Before(now) {
			from = at
		}
		return max(from.Add(time.Duration(secs)*time.Second).Sub(now), 0), true
	}
	if at, err := http.ParseTime(v); err == nil {
		return max(at.Sub(now), 0), true
	}
	return 0, false
}

func resetTime(h http.Header) (time.Time, bool) {
	secs, ok := headerInt(h, headerReset)
	if !ok || secs <= 0 {
		return time.Time{}, false
	}
	return time.Unix(int64(secs), 0), true
}

func headerInt(h http.Header, name string) (int, bool) {
	n, err := strconv.Atoi(h.Get(name))
	return n, err == nil
}

// Layer 6, rateLimitResender: reads and deletes refused with 429, sent again.

// RateLimitResendFor is how long rateLimitResender keeps sending a read or a
// delete again after 429s before letting the retrying client count the
// refusal: a time, not a count (DESIGN.md, "Pacing and rate limits").
// Exported for callers that bound a read and must not give up before the
// resends do.
const RateLimitResendFor = 2 * time.Minute

// rateLimitResender sends a request refused with 429 again, once the pacer
// under it lets it (which is after the pause the 429 asked for), without
// spending the retry budget (http_retry_max). A 429 is the rate limit
// turning a request away, not a failure of the request: when parallel
// operations or several processes sharing a token meet DigitalOcean's
// per-minute burst limit, which the headers do not describe, they can
// collect several 429s in a row, and spending the 5xx budget on them made
// reads fail under load. Only requests safe to send twice are resent here
// (see idempotentMethods), for up to giveUpAfter (RateLimitResendFor); a POST
// or PATCH refused with 429 goes back to the retrying client, which resends
// it only after its outcome check. Each resend is logged and reported to
// onRetry, like the retrying client's retries.
type rateLimitResender struct {
	next        http.RoundTripper
	token       string // masked in the log lines
	onRetry     func(method, path string, attempt int)
	giveUpAfter time.Duration
}

func (r rateLimitResender) RoundTrip(req *http.Request) (*http.Response, error) {
	start := time.Now()
	for resends := 0; ; resends++ {
		resp, err := r.next.RoundTrip(req)
		if err != nil || resp.StatusCode != http.StatusTooManyRequests ||
			time.Since(start) >= r.giveUpAfter || req.Context().Err() != nil || !resendable(req) {
			return resp, err
		}
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
		_ = resp.Body.Close()
		if req.GetBody != nil {
			body, err := req.GetBody()
			if err != nil {
				return nil, err
			}
			req = req.Clone(req.Context())
			req.Body = body
		}
		reportRetry(req, r.token, r.onRetry, "resending a request the rate limit refused", resends+1)
	}
}

// resendable reports whether req may be sent again as it is: a method safe
// to repeat, with no body or one that can be read again.
func resendable(req *http.Request) bool {
	return idempotentMethods[req.Method] &&
		(req.Body == nil || req.Body == http.NoBody || req.GetBody != nil)
}

// reportRetry logs that req is being sent again (the n-th time) and tells
// onRetry, if set; the soak test counts retries that way.
func reportRetry(req *http.Request, token string, onRetry func(method, path string, attempt int), msg string, n int) {
	tflog.SubsystemDebug(apiLogContext(req.Context(), token), logSubsystem, msg,
		map[string]any{"method": req.Method, "path": req.URL.Path, "retry": n})
	if onRetry != nil {
		onRetry(req.Method, req.URL.Path, n)
	}
}

// Layer 7, attemptLogger: one log line per attempt; the API's error ids.

// headerErrorID carries the API's error `id` from the wire to the diagnostic:
// godo parses `message` and `request_id` from error bodies but drops `id`.
const headerErrorID = "X-Provider-Error-Id"

// logSubsystem is the tflog subsystem for API traffic (TF_LOG_PROVIDER_DO_API).
const logSubsystem = "api"

// attemptLogger logs one line per HTTP attempt (method, path, status,
// duration, request id) and records the error id of failed responses. It never
// logs headers or bodies, which carry the token and secrets; what it does log
// is masked as well (see apiLogContext), in case an error text ever echoes one.
type attemptLogger struct {
	base  http.RoundTripper
	token string
}

func (t *attemptLogger) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := apiLogContext(req.Context(), t.token)
	start := time.Now()
	resp, err := t.base.RoundTrip(req)
	fields := map[string]any{
		"method":      req.Method,
		"path":        req.URL.Path,
		"duration_ms": time.Since(start).Milliseconds(),
	}
	if err != nil {
		fields["error"] = err.Error()
		tflog.SubsystemDebug(ctx, logSubsystem, "API request failed without a response", fields)
		return resp, err
	}
	fields["status"] = resp.StatusCode
	fields["request_id"] = resp.Header.Get("x-request-id")
	fields["ratelimit_remaining"] = resp.Header.Get("ratelimit-remaining")
	tflog.SubsystemDebug(ctx, logSubsystem, "API request", fields)
	if resp.StatusCode >= 400 {
		recordErrorID(resp)
	}
	return resp, nil
}

// recordErrorID copies the `id` of an error body into a header, leaving the
// body readable for godo.
func recordErrorID(resp *http.Response) {
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	_ = resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	if err != nil {
		return
	}
	var e struct {
		ID string `json:"id"`
	}
	if json.Unmarshal(body, &e) == nil && e.ID != "" {
		resp.Header.Set(headerErrorID, e.ID)
	}
}

// Layer 8, bodyCheckingTransport: unusable 2xx bodies become errors.

// maxAnswerBytes bounds the body a successful answer may have (a full page
// of 200 attachments is about 150 KB).
const maxAnswerBytes = 32 << 20

// bodyCheckingTransport turns a successful answer whose body cannot be the
// API's (empty, not JSON, or JSON cut short, as a proxy in between may
// answer) into a *MalformedError, before godo decodes it. Being an error
// without an answer, it goes through the retry policy like a dropped
// connection: GETs are retried, and a POST or PATCH only after its outcome
// check. Answers to DELETE are not checked: nothing reads their body.
type bodyCheckingTransport struct{ base http.RoundTripper }

func (t bodyCheckingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.base.RoundTrip(req)
	if err != nil {
		return resp, err
	}
	noteStatus(req.Context(), resp.StatusCode)
	if !answersWithJSON(req, resp) {
		return resp, nil
	}
	body, readErr := io.ReadAll(io.LimitReader(resp.Body, maxAnswerBytes+1))
	_ = resp.Body.Close()
	if reason := unusableBody(body, readErr); reason != "" {
		return nil, &MalformedError{Method: req.Method, Path: req.URL.Path, Status: resp.StatusCode, Reason: reason}
	}
	resp.Body = io.NopCloser(bytes.NewReader(nullBGP.ReplaceAll(body, []byte(`"bgp":{}`))))
	return resp, nil
}

// nullBGP matches "bgp": null, which an API may well send for an attachment
// without a BGP session, but which godo's BGP.UnmarshalJSON dereferences (a
// panic; still so in v1.244.0); {} means the same and decodes.
var nullBGP = regexp.MustCompile(`"bgp"\s*:\s*null`)

func answersWithJSON(req *http.Request, resp *http.Response) bool {
	return resp.StatusCode >= 200 && resp.StatusCode < 300 && resp.StatusCode != http.StatusNoContent &&
		req.Method != http.MethodDelete && req.Method != http.MethodHead && req.Context().Value(noBodyCheckKey{}) == nil
}

type noBodyCheckKey struct{}

// withoutBodyCheck marks a request whose answer's body nobody reads.
func withoutBodyCheck(ctx context.Context) context.Context {
	return context.WithValue(ctx, noBodyCheckKey{}, true)
}

// unusableBody says what is wrong with a successful answer's body, or "".
func unusableBody(body []byte, readErr error) string {
	switch {
	case readErr != nil:
		return "reading it failed: " + readErr.Error()
	case len(body) > maxAnswerBytes:
		return fmt.Sprintf("it is larger than %d MiB", maxAnswerBytes>>20)
	case len(bytes.TrimSpace(body)) == 0:
		return "the body is empty"
	case !json.Valid(body):
		return fmt.Sprintf("its %d bytes are not complete JSON (cut short, or not JSON at all)", len(body))
	}
	return ""
}

// Layer 9, pacer: holds requests per the rate-limit headers and the burst
// limit it learns; its own file, pacing.go. Under it, layer 10: cleanhttp's
// pooled http.Transport (built in New).
