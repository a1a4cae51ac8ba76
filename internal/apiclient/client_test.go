package apiclient

import (
	"context"
	"errors"
	"net/http"
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

func TestDescribeCarriesIDMessageAndRequestID(t *testing.T) {
	_, cfg := newTestClient(t, 0)
	cfg.Token = "dop_v1_not-the-right-token"
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = c.PartnerAttachment.Get(context.Background(), "x")
	got := Describe(context.Background(), err)
	for _, want := range []string{"HTTP 401", "(unauthorized)", "Unable to authenticate you.", "request_id: "} {
		if !strings.Contains(got, want) {
			t.Errorf("Describe() = %q, missing %q", got, want)
		}
	}
	if strings.Contains(got, "not-the-right-token") {
		t.Fatalf("Describe() leaks the token: %q", got)
	}
}

func TestIsNotFound(t *testing.T) {
	_, cfg := newTestClient(t, 0)
	c, _ := New(cfg)
	_, _, err := c.PartnerAttachment.Get(context.Background(), "no-such-id")
	if !IsNotFound(err) {
		t.Fatalf("want not found, got %v", err)
	}
	if IsNotFound(errors.New("plain")) || IsNotFound(nil) {
		t.Fatal("only API 404s are not-found")
	}
	if Describe(context.Background(), context.DeadlineExceeded) != context.DeadlineExceeded.Error() {
		t.Fatal("non-API errors are described by their text")
	}
}

func TestUserAgent(t *testing.T) {
	ua := UserAgent("1.2.3", "")
	if !strings.HasPrefix(ua, "terraform-provider-do/1.2.3 ") || !strings.HasSuffix(ua, "Terraform/unknown") {
		t.Fatalf("user agent %q", ua)
	}
}
