package apiclient

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/digitalocean/godo"
)

// Fuzz tests of every endpoint's answer: whatever status and body the API
// (or a proxy in front of it) sends, the client must not panic, and must
// either return a usable value or an error that names the endpoint and the
// HTTP status: a *MalformedError for a successful answer it cannot use, the
// API's error for any other status, a *GoneError for a deleted attachment.
//
// The seeds below run as ordinary tests; `make fuzz` explores from them.
// Each target starts one server and one client (retries off), not one per
// input.

// fuzzStatuses are the statuses worth fuzzing. A fuzzed status that is one
// of them is used as is (so seeds read naturally); any other picks one.
var fuzzStatuses = []int{200, 201, 202, 204, 400, 401, 404, 422, 429, 500, 501, 502, 503}

func fuzzStatus(s uint16) int {
	for _, st := range fuzzStatuses {
		if int(s) == st {
			return st
		}
	}
	return fuzzStatuses[int(s)%len(fuzzStatuses)]
}

// fuzzServer serves whatever answer the current input sets.
type fuzzServer struct {
	srv    *httptest.Server
	a      *Attachments
	mu     sync.Mutex
	status int
	body   []byte
	seen   int
}

func newFuzzServer(f *testing.F) *fuzzServer {
	fs := &fuzzServer{}
	fs.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		fs.mu.Lock()
		status, body := fs.status, fs.body
		fs.seen++
		fs.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		if status == http.StatusTooManyRequests {
			// The answers are about parsing, not pacing: come back at
			// once, so that one input's 429 does not hold the next.
			w.Header().Set("Retry-After", "0")
		}
		w.WriteHeader(status)
		_, _ = w.Write(body)
	}))
	f.Cleanup(fs.srv.Close)
	// Fuzzed answers include 429s: no burst limit is to be learnt from them.
	c, err := New(Config{Token: scriptToken, APIEndpoint: fs.srv.URL, RetryMax: 0, BurstWindow: time.Microsecond})
	if err != nil {
		f.Fatal(err)
	}
	fs.a = NewAttachments(c)
	return fs
}

// answer sets the next answer and returns the status it will carry.
func (fs *fuzzServer) answer(status uint16, body []byte) int {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	fs.status, fs.body, fs.seen = fuzzStatus(status), body, 0
	return fs.status
}

func (fs *fuzzServer) requests() int {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	return fs.seen
}

func is2xx(status int) bool { return status >= 200 && status < 300 }

// checkFuzzError checks what an endpoint returned against what it was sent,
// and reports whether the call succeeded (err == nil).
func checkFuzzError(t *testing.T, err error, method, path string, status int) bool {
	t.Helper()
	if err == nil {
		if !is2xx(status) {
			t.Fatalf("%s %s answered %d, yet no error", method, path, status)
		}
		return true
	}
	text := err.Error()
	desc := Describe(WithSecrets(context.Background(), scriptToken), err)
	if strings.Contains(text, scriptToken) || strings.Contains(desc, scriptToken) {
		t.Fatalf("the error holds the token: %q", text)
	}
	var me *MalformedError
	var gone *GoneError
	switch e, isAPI := AsAPIError(err); {
	case isAPI:
		if is2xx(status) || e.Status != status {
			t.Fatalf("%s %s answered %d, yet an API error with status %d: %v", method, path, status, e.Status, err)
		}
		if !strings.Contains(text, path) || !strings.Contains(text, strconv.Itoa(status)) || !strings.Contains(text, method) {
			t.Fatalf("the API error %q does not name %s %s and %d", text, method, path, status)
		}
		if want := fmt.Sprintf("HTTP %d", status); !strings.Contains(desc, want) {
			t.Fatalf("Describe() = %q, does not name %q", desc, want)
		}
		if got, want := OutcomeUnknown(err), status == 429 || (status >= 500 && status != 501); got != want {
			t.Fatalf("OutcomeUnknown(HTTP %d) = %v", status, got)
		}
	case errors.As(err, &me):
		if !is2xx(status) {
			t.Fatalf("%s %s answered %d: want the API's error, got %v", method, path, status, err)
		}
		if me.Method != method || me.Path != path {
			t.Fatalf("MalformedError names %s %s, want %s %s", me.Method, me.Path, method, path)
		}
		if me.Status != status {
			t.Fatalf("MalformedError names HTTP %d, the answer was %d: %v", me.Status, status, err)
		}
		for _, want := range []string{method + " ", path, fmt.Sprintf("HTTP %d", status)} {
			if !strings.Contains(text, want) || !strings.Contains(desc, want) {
				t.Fatalf("%q (described %q) does not name %q", text, desc, want)
			}
		}
		if !OutcomeUnknown(err) {
			t.Fatalf("an unusable answer leaves the outcome open: %v", err)
		}
	case errors.As(err, &gone):
		if !is2xx(status) || !IsNotFound(err) || gone.State != StateDeleted || gone.ID == "" {
			t.Fatalf("GoneError %+v from a %d answer", gone, status)
		}
	default:
		t.Fatalf("%s %s answered %d: %T is neither an API error nor a *MalformedError: %v", method, path, status, err, err)
	}
	return false
}

// checkFuzzAttachment checks an attachment an endpoint returned.
func checkFuzzAttachment(t *testing.T, a *godo.PartnerAttachment) {
	t.Helper()
	switch {
	case a == nil:
		t.Fatal("no error and no attachment")
	case a.ID == "":
		t.Fatalf("an attachment without an ID: %+v", a)
	case a.State != NormalizeState(a.State):
		t.Fatalf("state %q is not normalised", a.State)
	case a.State == StateDeleted:
		t.Fatalf("a DELETED attachment was returned: %+v", a)
	}
}

// Seeds shared by every endpoint: statuses with bodies that no endpoint can
// use, and error bodies.
var nastyBodies = []string{
	"", " ", "null", "[]", "{}", `""`, "0", "true", `{"a":`, `{"partner_attachment":`,
	"<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>",
	"\x00\xff\xfe", `{"id":"x"}{"id":"y"}`, `[{"id":"x"}]`, "1e999", `"\ud800"`,
	strings.Repeat(`{"partner_attachment":[`, 50) + strings.Repeat("]}", 50),
}

var errorBodies = []string{
	specNotFound,
	`{"id": "unauthorized", "message": "Unable to authenticate you."}`,
	`{"id": "unprocessable_entity", "message": "request payload validation failed", "request_id": "4851a473-1621-42ea-b2f9-5071c0ea8414"}`,
	`{"id": "too_many_requests", "message": "API rate limit exceeded."}`,
	`{"id": "server_error", "message": "Unexpected server-side error"}`,
	`{"id": 5, "message": ["x"], "request_id": {}}`,
	nginx502,
}

func addSeeds(f *testing.F, good []string, bodies ...string) {
	for _, b := range good {
		for _, st := range []uint16{200, 201, 202} {
			f.Add(st, []byte(b))
		}
	}
	for _, b := range append(nastyBodies, bodies...) {
		f.Add(uint16(200), []byte(b))
	}
	for _, b := range errorBodies {
		for _, st := range []uint16{400, 404, 422, 429, 500, 502} {
			f.Add(st, []byte(b))
		}
	}
	f.Add(uint16(204), []byte(nil))
	f.Add(uint16(501), []byte(`{"id":"not_implemented"}`))
	f.Add(uint16(503), []byte(nil))
}

// attachmentSeeds are bodies of one attachment.
var attachmentSeeds = []string{
	specAttachment,
	attachmentBody(`"id": "a", "state": "active"`),
	attachmentBody(`"id": "a", "state": "DELETED"`),
	attachmentBody(`"id": "a", "state": " deleted "`),
	attachmentBody(`"id": "a", "state": "CREATE_FAILED", "children": ["b", "b"], "parent_uuid": "p", "redundancy_zone": "MEGAPORT_BLUE"`),
	attachmentBody(`"id": "", "state": "ACTIVE"`),
	attachmentBody(`"id": null, "name": null, "state": null, "bgp": null, "vpc_ids": null, "children": null, "created_at": null`),
	attachmentBody(`"id": "a", "vpc_ids": [null, "v", ""], "children": [null]`),
	attachmentBody(`"id": "a", "bgp": {}`),
	attachmentBody(`"id": "a", "bgp": {"local_router_asn": 64512, "peer_router_asn": 65001, "local_router_ip": "169.254.0.1/29"}`),
	attachmentBody(`"id": "a", "bgp": {"local_asn": null, "peer_asn": null}`),
	attachmentBody(`"id": "a", "connection_bandwidth_in_mbps": 9223372036854775807`),
	attachmentBody(`"id": "a", "connection_bandwidth_in_mbps": 9223372036854775808`),
	attachmentBody(`"id": "a", "connection_bandwidth_in_mbps": -1`),
	attachmentBody(`"id": "a", "connection_bandwidth_in_mbps": "big"`),
	attachmentBody(`"id": "a", "created_at": "yesterday"`),
	attachmentBody(`"id": "a", "created_at": "0000-01-01T00:00:00Z"`),
	attachmentBody(`"id": "a", "created_at": "9999-12-31T23:59:59.999999999+23:59"`),
	attachmentBody(`"id": "a", "bgp": {"peer_asn": 1e10}`),
	attachmentBody(`"id": "a", "bgp": []`),
	attachmentBody(`"id": "a", "name": "\u0000\ud83d"`),
	`{"partner_attachment": null}`,
	`{"partner_attachment": []}`,
	`{"partner_attachment": "x"}`,
	`{"partner_attachment": {"partner_attachment": {"id": "a"}}}`,
	specList,
}

// FuzzGetAttachment fuzzes GET /v2/partner_network_connect/attachments/{id}.
func FuzzGetAttachment(f *testing.F) {
	addSeeds(f, attachmentSeeds)
	fs := newFuzzServer(f)
	f.Fuzz(func(t *testing.T, status uint16, body []byte) {
		st := fs.answer(status, body)
		got, err := fs.a.Get(context.Background(), testID)
		if checkFuzzError(t, err, http.MethodGet, itemURL, st) {
			checkFuzzAttachment(t, got)
		}
	})
}

// FuzzCreateAttachment fuzzes POST /v2/partner_network_connect/attachments.
func FuzzCreateAttachment(f *testing.F) {
	addSeeds(f, attachmentSeeds)
	fs := newFuzzServer(f)
	req := &godo.PartnerAttachmentCreateRequest{
		Name: "fuzz", ConnectionBandwidthInMbps: 1000, Region: "nyc", NaaSProvider: "MEGAPORT",
		VPCIDs: []string{"796c6fe3-2a1d-4da2-9f3e-38239827dc91"},
	}
	f.Fuzz(func(t *testing.T, status uint16, body []byte) {
		st := fs.answer(status, body)
		got, err := fs.a.Create(context.Background(), req)
		if n := fs.requests(); n != 1 {
			t.Fatalf("the create was sent %d times", n)
		}
		if checkFuzzError(t, err, http.MethodPost, AttachmentsPath, st) {
			checkFuzzAttachment(t, got)
		}
	})
}

// FuzzUpdateAttachment fuzzes PATCH /v2/partner_network_connect/attachments/{id}.
func FuzzUpdateAttachment(f *testing.F) {
	addSeeds(f, attachmentSeeds)
	fs := newFuzzServer(f)
	body := AttachmentUpdate{Name: "fuzz", BGP: &BGPUpdate{LocalRouterIP: "169.254.0.1/29", PeerRouterIP: "169.254.0.6/29", PeerRouterASN: 65001, AuthKey: "k"}}
	f.Fuzz(func(t *testing.T, status uint16, answer []byte) {
		st := fs.answer(status, answer)
		got, err := fs.a.Update(context.Background(), testID, body)
		if n := fs.requests(); n != 1 {
			t.Fatalf("the update was sent %d times", n)
		}
		if checkFuzzError(t, err, http.MethodPatch, itemURL, st) {
			checkFuzzAttachment(t, got)
		}
	})
}

// FuzzListAttachments fuzzes GET /v2/partner_network_connect/attachments.
func FuzzListAttachments(f *testing.F) {
	addSeeds(f, []string{
		specList,
		`{"partner_attachments": []}`,
		`{"partner_attachments": [null, {}, {"id": ""}, {"id": "d", "state": "DELETED"}, {"id": "a", "state": "active"}]}`,
		`{"partner_attachments": [{"id": "a"}], "links": {"pages": {"next": "https://api.digitalocean.com/v2/partner_network_connect/attachments?page=2"}}, "meta": {"total": 400}}`,
		`{"partner_attachments": [{"id": "a"}], "links": {"pages": {"next": "::not a url"}}, "meta": {"total": -1}}`,
		`{"partner_attachments": [{"id": "a"}], "links": null, "meta": null}`,
	}, `{"partner_attachments": null}`, `{"partner_attachments": {}}`, `{"partner_attachments": [1]}`, specAttachment,
		`{"partner_attachments": [], "links": "x"}`, `{"partner_attachments": [], "meta": {"total": "2"}}`)
	fs := newFuzzServer(f)
	f.Fuzz(func(t *testing.T, status uint16, body []byte) {
		st := fs.answer(status, body)
		got, resp, err := fs.a.ListPage(context.Background(), &godo.ListOptions{Page: 1, PerPage: ListPageSize})
		if !checkFuzzError(t, err, http.MethodGet, AttachmentsPath, st) {
			return
		}
		if got == nil {
			t.Fatal("no error and no list")
		}
		for _, a := range got {
			checkFuzzAttachment(t, a)
		}
		if resp != nil && resp.Links != nil {
			// What ListAll asks of the links must not panic either.
			_ = resp.Links.IsLastPage()
			_, _ = resp.Links.CurrentPage()
		}
	})
}

// FuzzBGPAuthKey fuzzes GET .../{id}/bgp_auth_key.
func FuzzBGPAuthKey(f *testing.F) {
	addSeeds(f, []string{specBGPAuthKey, `{"bgp_auth_key": {}}`, `{"bgp_auth_key": {"value": null}}`},
		`{"bgp_auth_key": null}`, `{"bgp_auth_key": "secret"}`, `{"bgp_auth_key": {"value": 5}}`, specAttachment)
	fs := newFuzzServer(f)
	f.Fuzz(func(t *testing.T, status uint16, body []byte) {
		st := fs.answer(status, body)
		_, err := fs.a.BGPAuthKey(context.Background(), testID)
		checkFuzzError(t, err, http.MethodGet, bgpAuthKeyURL, st)
	})
}

// FuzzServiceKey fuzzes GET .../{id}/service_key.
func FuzzServiceKey(f *testing.F) {
	addSeeds(f, []string{specServiceKey, `{"service_key": {}}`, `{"service_key": {"state": " created ", "created_at": null}}`},
		`{"service_key": null}`, `{"service_key": []}`, `{"service_key": {"created_at": "soon"}}`, `{"service_key": {"created_at": 1}}`,
		`{"service_key": {"value": {}}}`)
	fs := newFuzzServer(f)
	f.Fuzz(func(t *testing.T, status uint16, body []byte) {
		st := fs.answer(status, body)
		key, err := fs.a.ServiceKey(context.Background(), testID)
		if !checkFuzzError(t, err, http.MethodGet, serviceKeyURL, st) {
			return
		}
		if key == nil {
			t.Fatal("no error and no key")
		}
		if key.State != strings.ToUpper(strings.TrimSpace(key.State)) {
			t.Fatalf("service key state %q is not normalised", key.State)
		}
	})
}

// FuzzRemoteRoutes fuzzes GET .../{id}/remote_routes.
func FuzzRemoteRoutes(f *testing.F) {
	addSeeds(f, []string{specRemoteRoutes, `{"remote_routes": []}`, `{"remote_routes": [null, {}, {"cidr": null}]}`,
		`{"remote_routes": [{"cidr": "10.0.0.0/8"}], "links": {"pages": {"last": "x", "next": "y"}}}`},
		`{"remote_routes": null}`, `{"remote_routes": {}}`, `{"remote_routes": [{"cidr": 1}]}`, `{"remote_routes": ["10.0.0.0/8"]}`)
	fs := newFuzzServer(f)
	f.Fuzz(func(t *testing.T, status uint16, body []byte) {
		st := fs.answer(status, body)
		routes, _, err := fs.a.RemoteRoutesPage(context.Background(), testID, &godo.ListOptions{Page: 1, PerPage: ListPageSize})
		if !checkFuzzError(t, err, http.MethodGet, remoteRoutesURL, st) {
			return
		}
		if routes == nil {
			t.Fatal("no error and no routes")
		}
		for _, r := range routes {
			if r == nil {
				t.Fatal("a nil route")
			}
		}
	})
}

// FuzzCheckID: an accepted ID is one path segment (never "." or "..", which
// URL resolution would turn into another path) that changes neither the
// path nor the query, and CheckID never panics.
func FuzzCheckID(f *testing.F) {
	for _, s := range []string{"", "/", "?", "%2F", "#", " ", "a b", "\t", "\u00a0", "\u2028", testID,
		"e0fe0f4d-596a-465e-a902-571ce57b79fa", "a;b", "a+b", "é", "\x00", "\xff", "..%2f", "a\u200bb", ".", "..", "...", ".a", "\x7f", "\u0085"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, id string) {
		err := CheckID(id)
		if err == nil {
			if id == "" || id == "." || id == ".." || strings.ContainsAny(id, "/?%#") ||
				strings.IndexFunc(id, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0 {
				t.Fatalf("CheckID accepted %q", id)
			}
			// godo builds the URL from the ID as it is (Get, Delete and the
			// key endpoints) or from itemPath (Update): either way the
			// request must go to the attachment, with no query or fragment.
			// A URL that does not parse is never sent.
			want := AttachmentsPath + "/" + id
			for _, ref := range []string{want, itemPath(id)} {
				u, err := fuzzBase.Parse(ref)
				if err != nil {
					continue
				}
				if u.Path != want || u.RawQuery != "" || u.Fragment != "" || u.Host != fuzzBase.Host {
					t.Fatalf("CheckID accepted %q, but %q resolves to path %q, query %q, fragment %q, host %q",
						id, ref, u.Path, u.RawQuery, u.Fragment, u.Host)
				}
			}
			return
		}
		if err.Error() == "" {
			t.Fatalf("CheckID(%q) refused it without a reason", id)
		}
	})
}

var fuzzBase, _ = url.Parse("https://api.digitalocean.com/")

// TestDecodingEdgeCases checks answers and IDs that once slipped past the
// client, each one also within the fuzzers' reach.
func TestDecodingEdgeCases(t *testing.T) {
	s := newScriptServer(t)
	a := newScriptClient(t, s, 0)
	ctx := context.Background()

	t.Run("created_at not a string", func(t *testing.T) {
		// time.Time.UnmarshalJSON returns a plain error for these: it must
		// still come back as a *MalformedError naming the endpoint and status.
		for _, v := range []string{"5", "true", "{}", "[]"} {
			s.script(okReply(attachmentBody(`"id": "a", "created_at": ` + v)))
			_, err := a.Get(ctx, testID)
			wantMalformed(t, err, http.MethodGet, itemURL, http.StatusOK)
		}
	})
	t.Run("decode error of a 202 reports HTTP 202", func(t *testing.T) {
		// godo drops the response when decoding fails; the status is the
		// one the transport saw.
		s.script(reply{status: http.StatusAccepted, body: attachmentBody(`"id": "a", "connection_bandwidth_in_mbps": "big"`)})
		_, err := a.Create(ctx, &godo.PartnerAttachmentCreateRequest{Name: "x"})
		wantMalformed(t, err, http.MethodPost, AttachmentsPath, http.StatusAccepted)
	})
	t.Run("bgp null", func(t *testing.T) {
		// godo's BGP.UnmarshalJSON dereferences nil on "bgp": null; the
		// transport rewrites it to {} first.
		body := attachmentBody(`"id": "a", "bgp": null`)
		s.script(okReply(body))
		got, err := a.Get(ctx, testID)
		if err != nil || got == nil || got.ID != "a" || got.BGP != (godo.BGP{}) {
			t.Fatalf("%s: %+v, %v; want an attachment without BGP", body, got, err)
		}
		body = `{"partner_attachments": [{"id": "a", "bgp": null}]}`
		s.script(okReply(body))
		list, _, err := a.ListPage(ctx, nil)
		if err != nil || len(list) != 1 || list[0].ID != "a" || list[0].BGP != (godo.BGP{}) {
			t.Fatalf("%s: %v, %v", body, list, err)
		}
	})
	t.Run("a secret cut by the message limit", func(t *testing.T) {
		// A non-JSON message is cut at 300 bytes: the secret across the
		// cut must be masked before the cut, or its first part shows.
		const secret = "SECRET-bgp-key-0123456789"
		s.script(reply{status: http.StatusUnprocessableEntity, body: strings.Repeat("x", 290) + secret})
		_, err := a.Update(ctx, testID, AttachmentUpdate{BGP: &BGPUpdate{AuthKey: secret}})
		if err == nil {
			t.Fatal("a 422 gave no error")
		}
		if got := Describe(WithSecrets(ctx, secret), err); strings.Contains(got, secret[:10]) {
			t.Fatalf("Describe() shows part of the secret: %q", got)
		}
	})
	t.Run("a message cut inside a character", func(t *testing.T) {
		s.script(reply{status: http.StatusBadRequest, body: strings.Repeat("x", 299) + "é"})
		_, err := a.Get(ctx, testID)
		if err == nil {
			t.Fatal("a 400 gave no error")
		}
		if got := Describe(ctx, err); !utf8.ValidString(got) {
			t.Fatalf("Describe() is not UTF-8: %q", got)
		}
	})
	t.Run("dot IDs", func(t *testing.T) {
		// URL resolution would turn Get(".") into GET of the collection
		// and Delete("..") into DELETE /v2/partner_network_connect/.
		for _, id := range []string{".", ".."} {
			if CheckID(id) == nil {
				t.Fatalf("CheckID accepts %q", id)
			}
			s.script(reply{status: http.StatusAccepted})
			if err := a.Delete(ctx, id); err == nil {
				t.Fatalf("Delete(%q) gave no error", id)
			}
			if _, err := a.Get(ctx, id); err == nil {
				t.Fatalf("Get(%q) gave no error", id)
			}
			if got := s.requests(); len(got) != 0 {
				t.Fatalf("Delete/Get(%q) sent %q", id, got)
			}
		}
	})
}
