package apiclient

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

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

func TestDescribeSummarisesAnHTMLGatewayPage(t *testing.T) {
	s := newScriptServer(t)
	a := newScriptClient(t, s, 2)
	s.script(reply{status: http.StatusBadGateway, body: nginx502, contentType: "text/html"})
	_, err := a.Get(context.Background(), testID)
	if err == nil {
		t.Fatal("want the 502")
	}
	if n := len(s.requests()); n != 3 {
		t.Errorf("a 502 to a GET was sent %d times, want 3", n)
	}
	got := Describe(context.Background(), err)
	for _, want := range []string{"HTTP 502", `"502 Bad Gateway"`, "HTML page", "request_id: req-0123"} {
		if !strings.Contains(got, want) {
			t.Errorf("Describe() = %q, missing %q", got, want)
		}
	}
	for _, bad := range []string{"<html", "<center>", "nginx</center>", "\r"} {
		if strings.Contains(got, bad) {
			t.Errorf("Describe() = %q holds the page (%q)", got, bad)
		}
	}
	if len(got) > 300 {
		t.Errorf("Describe() is %d bytes long", len(got))
	}

	s.script(reply{status: http.StatusServiceUnavailable, body: "<html><body>no title</body></html>", contentType: "text/html"})
	_, err = a.Get(context.Background(), testID)
	if got := Describe(context.Background(), err); !strings.Contains(got, "HTTP 503") || strings.Contains(got, "<body>") {
		t.Errorf("Describe() = %q", got)
	}
}

func TestDescribeMasksEchoedSecrets(t *testing.T) {
	const secret = "s3cr3t-Bgp-Key-77"
	s := newScriptServer(t)
	a := newScriptClient(t, s, 0)
	s.script(reply{status: http.StatusUnprocessableEntity,
		body: `{"id": "unprocessable_entity", "message": "auth_key \"` + secret + `\" is not valid", "request_id": "r-1"}`})
	_, err := a.Update(context.Background(), testID, AttachmentUpdate{BGP: &BGPUpdate{AuthKey: secret}})
	if err == nil {
		t.Fatal("want the 422")
	}
	if raw := Describe(context.Background(), err); !strings.Contains(raw, secret) {
		t.Fatalf("the test needs the API to echo the secret: %q", raw)
	}
	ctx := WithSecrets(context.Background(), secret)
	got := Describe(ctx, err)
	if strings.Contains(got, secret) {
		t.Fatalf("Describe() leaks the secret: %q", got)
	}
	for _, want := range []string{"HTTP 422", "(unprocessable_entity)", `auth_key "***" is not valid`, "request_id: r-1"} {
		if !strings.Contains(got, want) {
			t.Errorf("Describe() = %q, missing %q", got, want)
		}
	}
}

func TestDescribeNeverHoldsTheToken(t *testing.T) {
	s := newScriptServer(t)
	// No retries: each answer becomes the error at once (the 429 would
	// otherwise be waited for and resent, minutes of refusals).
	a := newScriptClient(t, s, 0)
	ctx := context.Background()
	answers := []reply{
		{status: http.StatusUnauthorized, body: `{"id": "unauthorized", "message": "Unable to authenticate you."}`},
		{status: http.StatusNotFound, body: specNotFound},
		{status: http.StatusTooManyRequests, body: `{"id": "too_many_requests", "message": "API rate limit exceeded."}`},
		{status: http.StatusBadGateway, body: nginx502},
		{status: http.StatusInternalServerError, body: strings.Repeat("x", 5000)},
		{status: http.StatusOK, body: ""},
		{status: http.StatusOK, body: `{}`},
		{status: http.StatusOK, body: attachmentBody(`"id": "a", "connection_bandwidth_in_mbps": "big"`)},
	}
	for _, rep := range answers {
		s.script(rep)
		_, err := a.Get(ctx, testID)
		if err == nil {
			t.Fatalf("%d %q: want an error", rep.status, rep.body)
		}
		if got := Describe(ctx, err); strings.Contains(got, scriptToken) || strings.Contains(got, "Bearer") {
			t.Errorf("Describe() holds the token: %q", got)
		}
		if got := Describe(ctx, err); len(got) > 1000 {
			t.Errorf("Describe() is %d bytes long", len(got))
		}
	}

	// The token only reaches an error when the API echoes it; the provider
	// registers it with WithSecrets, and then it is masked.
	echo := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusForbidden)
		fmt.Fprintf(w, `{"id": "forbidden", "message": "token %s lacks a scope"}`, strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer "))
	}))
	defer echo.Close()
	c, err := New(Config{Token: scriptToken, APIEndpoint: echo.URL})
	if err != nil {
		t.Fatal(err)
	}
	_, err = NewAttachments(c).Get(ctx, testID)
	if got := Describe(WithSecrets(ctx, scriptToken), err); strings.Contains(got, scriptToken) || !strings.Contains(got, "token *** lacks") {
		t.Errorf("Describe() = %q", got)
	}
}
