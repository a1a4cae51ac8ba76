package apiclient

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

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

func TestWriteObserverSeesEveryWriteTwice(t *testing.T) {
	for method, want := range map[string]int{
		http.MethodGet: 0, http.MethodHead: 0,
		http.MethodPost: 2, http.MethodPatch: 2, http.MethodPut: 2, http.MethodDelete: 2,
	} {
		writes := 0
		rt := writeObserver{
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
