package apiclient

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/digitalocean/godo"

	"github.com/pnc-tf/terraform-provider-do/internal/fakeapi"
)

func newTestClient(t *testing.T, retryMax int) (*fakeapi.Server, Config) {
	t.Helper()
	api := fakeapi.NewTestServer(t, fakeapi.Options{})
	return api, Config{
		Token: api.Token(), APIEndpoint: api.URL(), RetryMax: retryMax,
		RetryWaitMin: 0.001, RetryWaitMax: 0.005, UserAgent: UserAgent("1.2.3", "1.14.8"),
	}
}

func TestNewRefusesEmptyToken(t *testing.T) {
	if _, err := New(Config{Token: " ", APIEndpoint: "http://127.0.0.1:1"}); err == nil {
		t.Fatal("want an error for a blank token")
	}
}

func TestRetriesServerErrors(t *testing.T) {
	api, cfg := newTestClient(t, 3)
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	api.InjectFaults(fakeapi.Fault{Status: http.StatusServiceUnavailable}, fakeapi.Fault{Status: http.StatusServiceUnavailable})
	if _, _, err := c.PartnerAttachment.List(context.Background(), nil); err != nil {
		t.Fatalf("two 503s then success should succeed with 3 retries: %v", err)
	}
	if n := api.Count("GET", "/v2/partner_network_connect/attachments"); n != 3 {
		t.Fatalf("want 3 attempts, saw %d", n)
	}
}

func TestNoRetriesWhenRetryMaxIsZero(t *testing.T) {
	api, cfg := newTestClient(t, 0)
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	api.InjectFaults(fakeapi.Fault{Status: http.StatusServiceUnavailable})
	_, _, err = c.PartnerAttachment.List(context.Background(), nil)
	if e, ok := AsAPIError(err); !ok || e.Status != http.StatusServiceUnavailable {
		t.Fatalf("want the 503 surfaced, got %v", err)
	}
}

func TestUserAgent(t *testing.T) {
	ua := UserAgent("1.2.3", "")
	if !strings.HasPrefix(ua, "terraform-provider-do/1.2.3 ") || !strings.HasSuffix(ua, "Terraform/unknown") {
		t.Fatalf("user agent %q", ua)
	}
}

// Requests through the client send the token, and only as a bearer header.
func TestRequestsCarryTheToken(t *testing.T) {
	var auth string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auth = r.Header.Get("Authorization")
		_, _ = w.Write([]byte(specAttachment))
	}))
	defer srv.Close()
	c, err := New(Config{Token: scriptToken, APIEndpoint: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := NewAttachments(c).Get(context.Background(), testID); err != nil {
		t.Fatal(err)
	}
	if auth != "Bearer "+scriptToken {
		t.Fatalf("Authorization %q", auth)
	}
}

func TestWriteNotifierSeesEveryWriteTwice(t *testing.T) {
	for method, want := range map[string]int{
		http.MethodGet: 0, http.MethodHead: 0,
		http.MethodPost: 2, http.MethodPatch: 2, http.MethodPut: 2, http.MethodDelete: 2,
	} {
		writes := 0
		rt := writeNotifier{
			next:    roundTripFunc(func(*http.Request) (*http.Response, error) { return &http.Response{StatusCode: 200}, nil }),
			onWrite: func() { writes++ },
		}
		req := httptest.NewRequest(method, "http://api.invalid/v2/x", nil)
		if _, err := rt.RoundTrip(req); err != nil {
			t.Fatal(err)
		}
		if writes != want {
			t.Errorf("%s: onWrite called %d times, want %d", method, writes, want)
		}
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

const collection = "/v2/partner_network_connect/attachments"

func createRequest(name string) *godo.PartnerAttachmentCreateRequest {
	return &godo.PartnerAttachmentCreateRequest{
		Name: name, ConnectionBandwidthInMbps: 1000, Region: "nyc", NaaSProvider: "MEGAPORT",
		VPCIDs: []string{"c140286f-e6ce-4131-8b7b-df4590ce8d6a"},
	}
}

// nameExists is the OutcomeCheck a create uses: did an attachment with this
// name appear?
func nameExists(c *godo.Client, name string, calls *atomic.Int32) OutcomeCheck {
	return func(ctx context.Context) (bool, error) {
		calls.Add(1)
		all, _, err := c.PartnerAttachment.List(ctx, &godo.ListOptions{PerPage: 200})
		if err != nil {
			return false, err
		}
		for _, a := range all {
			if a.Name == name {
				return true, nil
			}
		}
		return false, nil
	}
}

func mustClient(t *testing.T, cfg Config) *godo.Client {
	t.Helper()
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestPostIsNotRetriedWithoutAnOutcomeCheck(t *testing.T) {
	for _, f := range []fakeapi.Fault{{Drop: true}, {Status: http.StatusServiceUnavailable}, {Status: http.StatusTooManyRequests}} {
		t.Run(f.Kind(), func(t *testing.T) {
			api, cfg := newTestClient(t, 3)
			c := mustClient(t, cfg)
			api.InjectFaults(f)
			_, _, err := c.PartnerAttachment.Create(context.Background(), createRequest("no-retry"))
			if !OutcomeUnknown(err) {
				t.Fatalf("want an unknown-outcome error, got %v", err)
			}
			if n := api.Count(http.MethodPost, collection); n != 1 {
				t.Fatalf("POST sent %d times, want once", n)
			}
		})
	}
}

func TestPostIsRetriedWhenTheCheckSaysNothingHappened(t *testing.T) {
	api, cfg := newTestClient(t, 3)
	c := mustClient(t, cfg)
	api.InjectFaults(fakeapi.Fault{Status: http.StatusBadGateway, Match: fakeapi.MatchRequest(http.MethodPost, collection)})
	var calls atomic.Int32
	ctx := WithOutcomeCheck(context.Background(), nameExists(c, "retried", &calls))
	if _, _, err := c.PartnerAttachment.Create(ctx, createRequest("retried")); err != nil {
		t.Fatalf("create: %v", err)
	}
	if n := api.Count(http.MethodPost, collection); n != 2 || calls.Load() != 1 {
		t.Fatalf("POSTs %d (want 2), checks %d (want 1)", n, calls.Load())
	}
	if n := len(api.Attachments()); n != 1 {
		t.Fatalf("%d attachments", n)
	}
}

// The server acted, then the connection dropped: the check finds the
// attachment, so the create is not sent again.
func TestPostIsNotRetriedWhenTheCheckFindsItDone(t *testing.T) {
	api, cfg := newTestClient(t, 3)
	c := mustClient(t, cfg)
	api.InjectFaults(fakeapi.Fault{AfterAct: true, Drop: true, Match: fakeapi.MatchRequest(http.MethodPost, collection)})
	var calls atomic.Int32
	ctx := WithOutcomeCheck(context.Background(), nameExists(c, "acted", &calls))
	_, _, err := c.PartnerAttachment.Create(ctx, createRequest("acted"))
	if err == nil || !OutcomeUnknown(err) {
		t.Fatalf("want the lost answer reported, got %v", err)
	}
	if n := api.Count(http.MethodPost, collection); n != 1 || calls.Load() != 1 {
		t.Fatalf("POSTs %d (want 1), checks %d (want 1)", n, calls.Load())
	}
	if n := len(api.Attachments()); n != 1 {
		t.Fatalf("%d attachments, want exactly 1", n)
	}
}

func TestIdempotentRequestsAreRetried(t *testing.T) {
	api, cfg := newTestClient(t, 3)
	id := api.Seed(fakeapi.SeedAttachment{})
	var retries atomic.Int32
	cfg.OnRetry = func(string, string, int) { retries.Add(1) }
	c := mustClient(t, cfg)
	api.InjectFaults(
		fakeapi.Fault{Status: http.StatusInternalServerError, Match: fakeapi.MatchRequest(http.MethodGet, "")},
		fakeapi.Fault{Status: http.StatusTooManyRequests, Match: fakeapi.MatchRequest(http.MethodDelete, "")},
	)
	if _, _, err := c.PartnerAttachment.Get(context.Background(), id); err != nil {
		t.Fatalf("GET after a 500: %v", err)
	}
	if _, err := c.PartnerAttachment.Delete(context.Background(), id); err != nil {
		t.Fatalf("DELETE after a 429: %v", err)
	}
	if got := retries.Load(); got != 2 {
		t.Fatalf("OnRetry saw %d retries, want 2", got)
	}
}

func TestNotImplementedIsNotRetried(t *testing.T) {
	api, cfg := newTestClient(t, 3)
	c := mustClient(t, cfg)
	api.InjectFaults(fakeapi.Fault{Status: http.StatusNotImplemented})
	if _, _, err := c.PartnerAttachment.List(context.Background(), nil); err == nil {
		t.Fatal("want the 501")
	}
	if n := api.Count(http.MethodGet, collection); n != 1 {
		t.Fatalf("501 sent %d times, want once", n)
	}
}

// A PATCH that took effect starts an operation during which the API refuses
// changes, so it is not repeated blindly either.
func TestPatchIsNotRetriedWithoutAnOutcomeCheck(t *testing.T) {
	api, cfg := newTestClient(t, 3)
	c := mustClient(t, cfg)
	id := api.Seed(fakeapi.SeedAttachment{})
	api.InjectFaults(fakeapi.Fault{AfterAct: true, Status: http.StatusBadGateway})
	_, _, err := c.PartnerAttachment.Update(context.Background(), id, &godo.PartnerAttachmentUpdateRequest{Name: "renamed"})
	if !OutcomeUnknown(err) {
		t.Fatalf("want the 502, got %v", err)
	}
	if n := api.Count(http.MethodPatch, collection); n != 1 {
		t.Fatalf("PATCH sent %d times, want once", n)
	}
}

// requests_per_second is godo's static limiter: a request that would have to
// wait longer than its context allows fails at once, without being sent.
func TestRequestsPerSecondLimitsTheRate(t *testing.T) {
	api, cfg := newTestClient(t, 0)
	cfg.RequestsPerSecond = 0.001 // one request per 1000 s
	c := mustClient(t, cfg)
	if _, _, err := c.PartnerAttachment.List(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if _, _, err := c.PartnerAttachment.List(ctx, nil); err == nil {
		t.Fatal("the second request should have had to wait beyond its deadline")
	}
	if n := len(api.Journal()); n != 1 {
		t.Fatalf("%d requests sent, want 1", n)
	}
}

func TestBackoffHonoursTheServer(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	backoff := backoffWith(func() time.Time { return now })
	headers := func(kv ...string) *http.Response {
		h := http.Header{}
		for i := 0; i < len(kv); i += 2 {
			h.Set(kv[i], kv[i+1])
		}
		return &http.Response{StatusCode: http.StatusTooManyRequests, Header: h}
	}
	reset := strconv.FormatInt(now.Add(42*time.Second).Unix(), 10)
	cases := []struct {
		name string
		resp *http.Response
		want time.Duration
	}{
		{"exponential without hints", nil, 4 * time.Second},
		{"Retry-After seconds", headers("Retry-After", "7"), 7 * time.Second},
		{"Retry-After date", headers("Retry-After", now.Add(9*time.Second).UTC().Format(http.TimeFormat)), 9 * time.Second},
		{"Retry-After wins over reset", headers("Retry-After", "3", headerRemaining, "0", headerReset, reset), 3 * time.Second},
		{"quota used up: until reset", headers(headerRemaining, "0", headerReset, reset), 42 * time.Second},
		{"quota left: reset ignored", headers(headerRemaining, "5", headerReset, reset), 4 * time.Second},
		{"reset in the past", headers(headerRemaining, "0", headerReset, strconv.FormatInt(now.Unix()-5, 10)), 0},
		{"beyond max is still honoured", headers("Retry-After", "90"), 90 * time.Second},
		{"Retry-After counts from the answer", headers("Retry-After", "7", headerReceivedAt, now.Add(-5*time.Second).Format(time.RFC3339Nano)), 2 * time.Second},
		{"Retry-After long past", headers("Retry-After", "7", headerReceivedAt, now.Add(-time.Minute).Format(time.RFC3339Nano)), 0},
	}
	for _, tc := range cases {
		if got := backoff(time.Second, 30*time.Second, 2, tc.resp); got != tc.want {
			t.Errorf("%s: waited %v, want %v", tc.name, got, tc.want)
		}
	}
}

// refusingTransport answers every request with 429, after a short pause.
type refusingTransport struct{ calls atomic.Int32 }

func (t *refusingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	t.calls.Add(1)
	time.Sleep(5 * time.Millisecond)
	return &http.Response{StatusCode: http.StatusTooManyRequests, Body: http.NoBody, Header: http.Header{}, Request: req}, nil
}

// A read the rate limit keeps refusing is sent again for giveUpAfter, however
// many refusals that takes, and then the 429 is handed on; a POST is never
// resent here (its outcome check is the retrying client's business).
func TestRateLimitResenderGivesUpAfterItsTime(t *testing.T) {
	for _, tc := range []struct {
		method    string
		wantAtMin int32
		wantAtMax int32
	}{
		{http.MethodGet, 3, 1000},
		{http.MethodDelete, 3, 1000},
		{http.MethodPost, 1, 1},
	} {
		t.Run(tc.method, func(t *testing.T) {
			next := &refusingTransport{}
			r := rateLimitResender{next: next, token: "t", giveUpAfter: 40 * time.Millisecond}
			req, _ := http.NewRequest(tc.method, "http://api.invalid"+collection, http.NoBody)
			start := time.Now()
			resp, err := r.RoundTrip(req)
			if err != nil || resp.StatusCode != http.StatusTooManyRequests {
				t.Fatalf("got %v, %v; want the last 429", resp, err)
			}
			if n := next.calls.Load(); n < tc.wantAtMin || n > tc.wantAtMax {
				t.Errorf("%d attempts, want %d to %d", n, tc.wantAtMin, tc.wantAtMax)
			}
			if tc.method != http.MethodPost && time.Since(start) < r.giveUpAfter {
				t.Errorf("gave up after %v, before giveUpAfter", time.Since(start))
			}
		})
	}
}
