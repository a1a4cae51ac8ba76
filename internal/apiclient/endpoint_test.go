package apiclient

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/digitalocean/godo"

	"github.com/pnc-tf/terraform-provider-do/internal/fakeapi"
)

func TestParseEndpoint(t *testing.T) {
	cases := []struct {
		raw          string
		origin, pref string
		flaw         EndpointFlaw // EndpointError.Flaw; 0 for accepted
		notInError   string       // must not appear in the error (a secret)
	}{
		{raw: "https://api.digitalocean.com", origin: "https://api.digitalocean.com"},
		{raw: "https://api.digitalocean.com/", origin: "https://api.digitalocean.com"},
		{raw: "HTTPS://api.digitalocean.com", origin: "https://api.digitalocean.com"},
		{raw: "https://gw.example.com/do", origin: "https://gw.example.com", pref: "/do"},
		{raw: "https://gw.example.com/do/", origin: "https://gw.example.com", pref: "/do"},
		{raw: "https://gw.example.com/do//", origin: "https://gw.example.com", pref: "/do"},
		{raw: "https://gw.example.com:8443/a/b/", origin: "https://gw.example.com:8443", pref: "/a/b"},
		{raw: "https://gw.example.com/my%20api", origin: "https://gw.example.com", pref: "/my%20api"},
		{raw: "http://127.0.0.1:8080", origin: "http://127.0.0.1:8080"},
		{raw: "http://127.9.8.7/do/", origin: "http://127.9.8.7", pref: "/do"},
		{raw: "http://localhost:1/", origin: "http://localhost:1"},
		{raw: "http://LocalHost:1", origin: "http://LocalHost:1"},
		{raw: "http://[::1]:9/x", origin: "http://[::1]:9", pref: "/x"},
		{raw: "http://[::ffff:127.0.0.1]:9", origin: "http://[::ffff:127.0.0.1]:9"},

		{raw: "http://api.digitalocean.com", flaw: EndpointPlainHTTP},
		{raw: "http://10.0.0.1:8080/do", flaw: EndpointPlainHTTP},
		{raw: "http://128.0.0.1", flaw: EndpointPlainHTTP},
		{raw: "http://[::2]", flaw: EndpointPlainHTTP},
		{raw: "http://localhost.example.com", flaw: EndpointPlainHTTP},
		{raw: "http://0.0.0.0:8080", flaw: EndpointPlainHTTP},
		{raw: "api.digitalocean.com", flaw: EndpointNotURL},
		{raw: "ftp://api.digitalocean.com", flaw: EndpointNotURL},
		{raw: "https:///v2", flaw: EndpointNotURL},
		{raw: "https:api.digitalocean.com", flaw: EndpointNotURL},
		{raw: "", flaw: EndpointNotURL},
		{raw: "https://user:hunter2@gw.example.com/do", flaw: EndpointUserInfo, notInError: "hunter2"},
		{raw: "https://gw.example.com/do?key=s3cret", flaw: EndpointQuery, notInError: "s3cret"},
		{raw: "https://gw.example.com/do?", flaw: EndpointQuery},
		{raw: "https://gw.example.com/do#frag-s3cret", flaw: EndpointFragment, notInError: "s3cret"},
		{raw: "https://gw.example.com/do#", flaw: EndpointFragment},
		{raw: "https://gw.example.com/do/../v1", flaw: EndpointDotSegments},
		{raw: "https://gw.example.com/./do", flaw: EndpointDotSegments},
		{raw: "https://gw.example.com/do/%2E%2E", flaw: EndpointDotSegments},
		{raw: "https://gw.example.com/do/.%2e", flaw: EndpointDotSegments},
		{raw: "https://gw.example.com/do/%2E./v1", flaw: EndpointDotSegments},
		{raw: "user:s3cret@gw.example.com/do", flaw: EndpointNotURL, notInError: "s3cret"},
	}
	for _, tc := range cases {
		t.Run(tc.raw, func(t *testing.T) {
			got, err := ParseEndpoint(tc.raw)
			if tc.flaw == 0 {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				if got.Origin != tc.origin || got.Prefix != tc.pref {
					t.Fatalf("got origin %q prefix %q; want %q %q", got.Origin, got.Prefix, tc.origin, tc.pref)
				}
				return
			}
			var e *EndpointError
			if !errors.As(err, &e) || e.Flaw != tc.flaw {
				t.Fatalf("got %#v (%v); want flaw %d", e, err, tc.flaw)
			}
			if tc.notInError != "" && strings.Contains(err.Error(), tc.notInError) {
				t.Fatalf("error shows %q: %v", tc.notInError, err)
			}
		})
	}
}

// TestPathPrefixOnEveryRequest runs every call the provider makes against
// an emulator served under /do, through a client configured with the prefix
// written three ways, and checks that every request the emulator saw was
// under the prefix (the emulator answers 404 to anything else, and the
// journal keeps the path as it arrived). The list spans two pages.
func TestPathPrefixOnEveryRequest(t *testing.T) {
	for _, suffix := range []string{"/do", "/do/", "/do//"} {
		t.Run(suffix, func(t *testing.T) {
			api := fakeapi.NewTestServer(t, fakeapi.Options{PathPrefix: "/do", RateLimitPerMinute: -1})
			for range ListPageSize + 1 {
				api.Seed(fakeapi.SeedAttachment{VPCIDs: []string{"vpc-1"}})
			}
			c, err := New(Config{Token: api.Token(), APIEndpoint: api.URL() + suffix, RetryMax: 1, RetryWaitMin: 0.001, RetryWaitMax: 0.002})
			if err != nil {
				t.Fatal(err)
			}
			a := NewAttachments(c)
			ctx := context.Background()

			all, err := a.ListAll(ctx)
			if err != nil || len(all) != ListPageSize+1 {
				t.Fatalf("ListAll: %d attachments, %v", len(all), err)
			}
			created, err := a.Create(ctx, &godo.PartnerAttachmentCreateRequest{
				Name: "prefixed", ConnectionBandwidthInMbps: 1000, Region: "nyc", NaaSProvider: "MEGAPORT", VPCIDs: []string{"vpc-1"},
				BGP: godo.BGP{LocalRouterIP: "169.254.0.1/29", PeerRouterIP: "169.254.0.6/29", PeerASN: 64532, AuthKey: "k"},
			})
			if err != nil {
				t.Fatalf("Create: %v", err)
			}
			id := created.ID
			steps := []struct {
				name string
				call func() error
			}{
				{"Get", func() error { _, err := a.Get(ctx, id); return err }},
				{"Update", func() error { _, err := a.Update(ctx, id, AttachmentUpdate{Name: "prefixed-2"}); return err }},
				{"BGPAuthKey", func() error { _, err := a.BGPAuthKey(ctx, id); return err }},
				{"ServiceKey", func() error { _, err := a.ServiceKey(ctx, id); return err }},
				{"RegenerateServiceKey", func() error { return a.RegenerateServiceKey(ctx, id) }},
				{"RemoteRoutesPage", func() error { _, _, err := a.RemoteRoutesPage(ctx, id, &godo.ListOptions{Page: 1}); return err }},
				{"FindByName", func() error { _, err := a.FindByName(ctx, "prefixed-2"); return err }},
				{"Delete", func() error { return a.Delete(ctx, id) }},
			}
			for _, s := range steps {
				if err := s.call(); err != nil {
					t.Fatalf("%s: %v", s.name, err)
				}
			}

			seen := map[string]bool{}
			for _, e := range api.Journal() {
				if !strings.HasPrefix(e.Path, "/do/v2/partner_network_connect/attachments") || e.Fault == fakeapi.FaultOutsidePrefix {
					t.Errorf("request outside the prefix: %s", e)
				}
				rest := strings.TrimPrefix(e.Path, "/do"+AttachmentsPath)
				if rest != "" {
					rest = "/{id}" + strings.TrimPrefix(rest, "/"+id)
				}
				if e.Method == http.MethodGet && rest == "" {
					rest += "?page=" + strings.Split(strings.Split(e.Query, "page=")[1], "&")[0]
				}
				seen[e.Method+" "+rest] = true
			}
			for _, want := range []string{
				"GET ?page=1", "GET ?page=2", "POST ", "GET /{id}", "PATCH /{id}", "DELETE /{id}",
				"GET /{id}/bgp_auth_key", "GET /{id}/service_key", "POST /{id}/service_key", "GET /{id}/remote_routes",
			} {
				if !seen[want] {
					t.Errorf("no %s under the prefix; saw %v", want, seen)
				}
			}
		})
	}
}

// A redirect is an answer, never followed: with retries on or off, the
// client neither sends the token to the Location (here another server) nor
// puts the path prefix before the new path a second time.
func TestRedirectsAreNotFollowed(t *testing.T) {
	var followed atomic.Int32
	elsewhere := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		followed.Add(1)
		w.WriteHeader(http.StatusOK)
	}))
	defer elsewhere.Close()
	gateway := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, elsewhere.URL+r.URL.Path, http.StatusMovedPermanently)
	}))
	defer gateway.Close()
	for _, retries := range []int{0, 2} {
		c, err := New(Config{Token: "redirect-test-token", APIEndpoint: gateway.URL + "/do", RetryMax: retries, RetryWaitMin: 0.001, RetryWaitMax: 0.002})
		if err != nil {
			t.Fatal(err)
		}
		_, err = NewAttachments(c).Get(context.Background(), "5a4981aa-9653-4bd1-bef5-d6bff52042e4")
		if err == nil || !strings.Contains(err.Error(), "301") {
			t.Errorf("retries %d: Get through a redirecting gateway = %v, want the 301 as an error", retries, err)
		}
	}
	if n := followed.Load(); n != 0 {
		t.Errorf("the redirect was followed %d times", n)
	}
}
