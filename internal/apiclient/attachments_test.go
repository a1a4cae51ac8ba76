package apiclient

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/digitalocean/godo"
)

// The tests in this file talk to an httptest.Server that answers what each
// test scripts, so every shape of answer (including the ones the API should
// never send) can be checked against Attachments.

const (
	scriptToken = "dop_v1_script-token-0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c"
	testID      = "5a4981aa-9653-4bd1-bef5-d6bff52042e4"
)

// Answers from the API reference (partner-network-connect-api.txt).
const (
	specAttachment = `{
  "partner_attachment": {
    "bgp": {"local_asn": 65000, "local_router_ip": "2.2.2.2/29", "peer_asn": 65001, "peer_router_ip": "3.3.3.3/29"},
    "connection_bandwidth_in_mbps": 1000,
    "created_at": "2025-03-27T13:03:53Z",
    "id": "5a4981aa-9653-4bd1-bef5-d6bff52042e4",
    "naas_provider": "MEGAPORT",
    "name": "env.prod-partner-network-connect",
    "region": "NYC",
    "state": "CREATED",
    "vpc_ids": ["796c6fe3-2a1d-4da2-9f3e-38239827dc91"]
  }
}`
	specList = `{
  "links": {},
  "meta": {"total": 2},
  "partner_attachments": [
    {
      "bgp": {"local_asn": 65432, "local_router_ip": "169.254.0.1/29", "peer_asn": 133937, "peer_router_ip": "169.254.0.6/29"},
      "connection_bandwidth_in_mbps": 10000,
      "created_at": "2020-03-13T19:20:47.442049222Z",
      "id": "5a4981aa-9653-4bd1-bef5-d6bff52042e4",
      "naas_provider": "MEGAPORT",
      "name": "env.prod-partner-network-connect",
      "region": "nyc",
      "state": "active",
      "urn": "do:partner_attachment:5a4981aa-9653-4bd1-bef5-d6bff52042e4",
      "vpc_ids": ["796c6fe3-2a1d-4da2-9f3e-38239827dc91"]
    },
    {
      "bgp": {"local_asn": 65432, "local_router_ip": "169.254.0.9/29", "peer_asn": 133937, "peer_router_ip": "169.254.0.14/29"},
      "connection_bandwidth_in_mbps": 10000,
      "created_at": "2020-03-13T19:29:20Z",
      "id": "e0fe0f4d-596a-465e-a902-571ce57b79fa",
      "naas_provider": "MEGAPORT",
      "name": "env.test-partner-network-connect",
      "region": "nyc",
      "state": "active",
      "urn": "do:partner_attachment:e0fe0f4d-596a-465e-a902-571ce57b79fa",
      "vpc_ids": ["e9eef79d-eb6f-4de1-a5b2-38d7468c75c0", "ac1a3d83-349f-4f67-8214-c2803cec0cff"]
    }
  ]
}`
	specBGPAuthKey   = `{"bgp_auth_key": {"value": "secret"}}`
	specServiceKey   = `{"service_key": {"created_at": "2020-03-13T19:20:47.442049222Z", "state": "CREATED", "value": "5a4981aa-9653-4bd1-bef5-d6bff52042e4"}}`
	specRemoteRoutes = `{"links": {}, "meta": {"total": 2}, "remote_routes": [{"cidr": "10.10.10.0/24"}, {"cidr": "10.10.10.10/24"}]}`
	specNotFound     = `{"id": "not_found", "message": "The resource you requested could not be found."}`

	nginx502 = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
)

// reply is one scripted answer.
type reply struct {
	status      int
	body        string
	contentType string // application/json when empty
}

// scriptServer answers requests with its script, in order; the last reply
// repeats. It records every request it sees as "METHOD /escaped/path".
type scriptServer struct {
	*httptest.Server
	mu      sync.Mutex
	replies []reply
	seen    []string
}

func newScriptServer(t testing.TB) *scriptServer {
	t.Helper()
	s := &scriptServer{}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *scriptServer) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.seen = append(s.seen, r.Method+" "+r.URL.EscapedPath())
	rep := reply{status: http.StatusInternalServerError, body: `{"id":"server_error","message":"nothing scripted"}`}
	if len(s.replies) > 0 {
		rep = s.replies[0]
		if len(s.replies) > 1 {
			s.replies = s.replies[1:]
		}
	}
	s.mu.Unlock()
	ct := rep.contentType
	if ct == "" {
		ct = "application/json"
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("x-request-id", "req-0123")
	w.WriteHeader(rep.status)
	_, _ = w.Write([]byte(rep.body))
}

// script replaces the replies and forgets the requests seen so far.
func (s *scriptServer) script(replies ...reply) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.replies = replies
	s.seen = nil
}

func (s *scriptServer) requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.seen...)
}

func okReply(body string) reply { return reply{status: http.StatusOK, body: body} }

// newScriptClient is an Attachments against s with fast retries.
func newScriptClient(t testing.TB, s *scriptServer, retryMax int) *Attachments {
	t.Helper()
	// The scripts answer 429s out of the blue: the pacer must not learn a
	// burst limit from them (a window of a microsecond never fills).
	c, err := New(Config{Token: scriptToken, APIEndpoint: s.URL, RetryMax: retryMax, RetryWaitMin: 0.001, RetryWaitMax: 0.01,
		BurstWindow: time.Microsecond})
	if err != nil {
		t.Fatal(err)
	}
	return NewAttachments(c)
}

// wantMalformed checks that err is (or wraps) a *MalformedError for method
// and path with status, whose text names all three.
func wantMalformed(t *testing.T, err error, method, path string, status int) {
	t.Helper()
	var me *MalformedError
	if !errors.As(err, &me) {
		t.Fatalf("want a *MalformedError, got %T: %v", err, err)
	}
	if me.Method != method || me.Path != path || me.Status != status {
		t.Errorf("MalformedError{%s %s %d}, want {%s %s %d}", me.Method, me.Path, me.Status, method, path, status)
	}
	for _, want := range []string{method + " ", path, fmt.Sprintf("HTTP %d", status)} {
		if !strings.Contains(me.Error(), want) {
			t.Errorf("%q does not name %q", me.Error(), want)
		}
	}
}

func attachmentBody(fields string) string { return `{"partner_attachment": {` + fields + `}}` }

var (
	itemURL         = AttachmentsPath + "/" + testID
	bgpAuthKeyURL   = itemURL + "/bgp_auth_key"
	serviceKeyURL   = itemURL + "/service_key"
	remoteRoutesURL = itemURL + "/remote_routes"
)

func TestCheckID(t *testing.T) {
	cases := []struct {
		id string
		ok bool
	}{
		{"", false},
		{"/", false},
		{"?", false},
		{"%2F", false},
		{"#", false},
		{" ", false},
		{"a b", false},
		{"\t", false},
		{"a\tb", false},
		{"a\nb", false},
		{"a\u00a0b", false}, // no-break space
		{"../" + testID, false},
		{testID + "?page=2", false},
		{testID, true},
		{"e0fe0f4d-596a-465e-a902-571ce57b79fa", true},
	}
	s := newScriptServer(t)
	a := newScriptClient(t, s, 0)
	ctx := context.Background()
	for _, tc := range cases {
		t.Run(fmt.Sprintf("%q", tc.id), func(t *testing.T) {
			err := CheckID(tc.id)
			if (err == nil) != tc.ok {
				t.Fatalf("CheckID(%q) = %v, want ok=%v", tc.id, err, tc.ok)
			}
			if tc.ok {
				return
			}
			s.script(okReply(specAttachment))
			calls := map[string]error{}
			_, calls["Get"] = a.Get(ctx, tc.id)
			_, calls["Update"] = a.Update(ctx, tc.id, AttachmentUpdate{Name: "x"})
			calls["Delete"] = a.Delete(ctx, tc.id)
			_, calls["BGPAuthKey"] = a.BGPAuthKey(ctx, tc.id)
			_, calls["ServiceKey"] = a.ServiceKey(ctx, tc.id)
			calls["RegenerateServiceKey"] = a.RegenerateServiceKey(ctx, tc.id)
			_, _, calls["RemoteRoutesPage"] = a.RemoteRoutesPage(ctx, tc.id, nil)
			for name, err := range calls {
				if err == nil {
					t.Errorf("%s(%q) accepted the ID", name, tc.id)
				}
			}
			if got := s.requests(); len(got) != 0 {
				t.Errorf("refused IDs sent requests: %q", got)
			}
		})
	}
}

func TestGetSpecExample(t *testing.T) {
	s := newScriptServer(t)
	a := newScriptClient(t, s, 2)
	s.script(okReply(specAttachment))
	got, err := a.Get(context.Background(), testID)
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != testID || got.State != StateActive || got.BGP.PeerASN != 65001 || got.ConnectionBandwidthInMbps != 1000 {
		t.Fatalf("got %+v", got)
	}
	if r := s.requests(); len(r) != 1 || r[0] != "GET "+itemURL {
		t.Fatalf("requests %q", r)
	}
}

func TestGetMalformedAnswers(t *testing.T) {
	cases := map[string]string{
		"the list body":               specList,
		"an empty object":             `{}`,
		"null":                        `null`,
		"a null partner_attachment":   `{"partner_attachment": null}`,
		"an empty partner_attachment": `{"partner_attachment": {}}`,
		"no id":                       attachmentBody(`"name": "x", "state": "CREATED"`),
		"an empty id":                 attachmentBody(`"id": "", "state": "CREATED"`),
	}
	s := newScriptServer(t)
	a := newScriptClient(t, s, 2)
	for name, body := range cases {
		t.Run(name, func(t *testing.T) {
			s.script(okReply(body))
			got, err := a.Get(context.Background(), testID)
			if got != nil {
				t.Errorf("got an attachment: %+v", got)
			}
			wantMalformed(t, err, http.MethodGet, itemURL, http.StatusOK)
			if n := len(s.requests()); n != 1 {
				t.Errorf("%d requests: a well-formed JSON answer is not retried", n)
			}
		})
	}
}

func TestGetNormalisesState(t *testing.T) {
	s := newScriptServer(t)
	a := newScriptClient(t, s, 0)
	for in, want := range map[string]string{
		"active": StateActive, " Active ": StateActive, "CREATED": StateActive, "created": StateActive,
		"provisioning": "PROVISIONING", "deleting": "DELETING", "": "",
	} {
		s.script(okReply(attachmentBody(fmt.Sprintf(`"id": %q, "state": %q`, testID, in))))
		got, err := a.Get(context.Background(), testID)
		if err != nil {
			t.Fatalf("state %q: %v", in, err)
		}
		if got.State != want {
			t.Errorf("state %q came back as %q, want %q", in, got.State, want)
		}
	}
}

func TestGetDeletedIsGone(t *testing.T) {
	s := newScriptServer(t)
	a := newScriptClient(t, s, 0)
	for _, state := range []string{"DELETED", "deleted", " Deleted"} {
		s.script(okReply(attachmentBody(fmt.Sprintf(`"id": %q, "state": %q`, testID, state))))
		got, err := a.Get(context.Background(), testID)
		if got != nil || !IsNotFound(err) {
			t.Fatalf("state %q: got %v, %v; want not found", state, got, err)
		}
		var gone *GoneError
		if !errors.As(err, &gone) || gone.ID != testID || gone.State != StateDeleted {
			t.Fatalf("state %q: want a *GoneError for %s, got %#v", state, testID, err)
		}
	}
}

func TestGet404IsNotFound(t *testing.T) {
	s := newScriptServer(t)
	a := newScriptClient(t, s, 2)
	s.script(reply{status: http.StatusNotFound, body: specNotFound})
	_, err := a.Get(context.Background(), testID)
	if !IsNotFound(err) {
		t.Fatalf("want not found, got %v", err)
	}
	var me *MalformedError
	if errors.As(err, &me) {
		t.Fatalf("a 404 is an answer, not a malformed one: %v", err)
	}
	if n := len(s.requests()); n != 1 {
		t.Fatalf("a 404 was sent %d times", n)
	}
}

func TestCreateAndUpdateCheckTheirAnswers(t *testing.T) {
	s := newScriptServer(t)
	a := newScriptClient(t, s, 2)
	ctx := context.Background()

	s.script(reply{status: http.StatusAccepted, body: specAttachment})
	got, err := a.Create(ctx, &godo.PartnerAttachmentCreateRequest{Name: "x"})
	if err != nil || got.ID != testID || got.State != StateActive {
		t.Fatalf("create: %+v, %v", got, err)
	}
	s.script(reply{status: http.StatusAccepted, body: attachmentBody(`"name": "no id"`)})
	_, err = a.Create(ctx, &godo.PartnerAttachmentCreateRequest{Name: "x"})
	wantMalformed(t, err, http.MethodPost, AttachmentsPath, http.StatusAccepted)

	s.script(reply{status: http.StatusAccepted, body: specAttachment})
	if got, err = a.Update(ctx, testID, AttachmentUpdate{Name: "y"}); err != nil || got.ID != testID {
		t.Fatalf("update: %+v, %v", got, err)
	}
	s.script(reply{status: http.StatusAccepted, body: `{"partner_attachments": []}`})
	_, err = a.Update(ctx, testID, AttachmentUpdate{Name: "y"})
	wantMalformed(t, err, http.MethodPatch, itemURL, http.StatusAccepted)
	if r := s.requests(); len(r) != 1 || r[0] != "PATCH "+itemURL {
		t.Fatalf("requests %q", r)
	}
}

func TestKeyEndpoints(t *testing.T) {
	s := newScriptServer(t)
	a := newScriptClient(t, s, 0)
	ctx := context.Background()

	s.script(okReply(specBGPAuthKey))
	if key, err := a.BGPAuthKey(ctx, testID); err != nil || key != "secret" {
		t.Fatalf("BGPAuthKey = %q, %v", key, err)
	}
	s.script(okReply(specServiceKey))
	if key, err := a.ServiceKey(ctx, testID); err != nil || key.Value != testID || key.State != "CREATED" || key.CreatedAt.IsZero() {
		t.Fatalf("ServiceKey = %+v, %v", key, err)
	}
	s.script(okReply(`{"service_key": {"value": "k", "state": " created "}}`))
	if key, err := a.ServiceKey(ctx, testID); err != nil || key.State != "CREATED" {
		t.Fatalf("ServiceKey state is upper-cased and trimmed: %+v, %v", key, err)
	}
	s.script(okReply(`{"remote_routes": [{"cidr": "10.10.10.0/24"}, null, {"cidr": "10.10.10.10/24"}]}`))
	if routes, _, err := a.RemoteRoutesPage(ctx, testID, nil); err != nil || len(routes) != 2 || routes[1].Cidr != "10.10.10.10/24" {
		t.Fatalf("RemoteRoutesPage = %v, %v (null entries are dropped)", routes, err)
	}
	s.script(reply{status: http.StatusAccepted, body: `{}`})
	if err := a.RegenerateServiceKey(ctx, testID); err != nil {
		t.Fatalf("RegenerateServiceKey: %v", err)
	}
	if r := s.requests(); len(r) != 1 || r[0] != "POST "+serviceKeyURL {
		t.Fatalf("requests %q", r)
	}
}

func TestKeyEndpointsWithoutTheirKey(t *testing.T) {
	s := newScriptServer(t)
	a := newScriptClient(t, s, 0)
	ctx := context.Background()
	for _, body := range []string{`{}`, `null`, specAttachment, `{"bgp_auth_key": null, "service_key": null, "remote_routes": null}`} {
		t.Run(body, func(t *testing.T) {
			s.script(okReply(body))
			_, err := a.BGPAuthKey(ctx, testID)
			wantMalformed(t, err, http.MethodGet, bgpAuthKeyURL, http.StatusOK)
			_, err = a.ServiceKey(ctx, testID)
			wantMalformed(t, err, http.MethodGet, serviceKeyURL, http.StatusOK)
			_, _, err = a.RemoteRoutesPage(ctx, testID, nil)
			wantMalformed(t, err, http.MethodGet, remoteRoutesURL, http.StatusOK)
		})
	}
}

// JSON that parses but does not fit the endpoint's types is malformed too,
// and says which endpoint sent it.
func TestWrongTypesAreMalformed(t *testing.T) {
	type call func(a *Attachments) error
	get := func(a *Attachments) error { _, err := a.Get(context.Background(), testID); return err }
	list := func(a *Attachments) error { _, _, err := a.ListPage(context.Background(), nil); return err }
	bgpKey := func(a *Attachments) error { _, err := a.BGPAuthKey(context.Background(), testID); return err }
	serviceKey := func(a *Attachments) error { _, err := a.ServiceKey(context.Background(), testID); return err }
	routes := func(a *Attachments) error {
		_, _, err := a.RemoteRoutesPage(context.Background(), testID, nil)
		return err
	}
	cases := []struct {
		name string
		call call
		path string
		body string
	}{
		{"bandwidth a string", get, itemURL, attachmentBody(`"id": "a", "connection_bandwidth_in_mbps": "big"`)},
		{"bandwidth too large", get, itemURL, attachmentBody(`"id": "a", "connection_bandwidth_in_mbps": 1e30`)},
		{"bandwidth fractional", get, itemURL, attachmentBody(`"id": "a", "connection_bandwidth_in_mbps": 1.5`)},
		{"created_at not a time", get, itemURL, attachmentBody(`"id": "a", "created_at": "yesterday"`)},
		{"created_at empty", get, itemURL, attachmentBody(`"id": "a", "created_at": ""`)},
		{"id a number", get, itemURL, attachmentBody(`"id": 5`)},
		{"vpc_ids a string", get, itemURL, attachmentBody(`"id": "a", "vpc_ids": "vpc"`)},
		{"bgp a string", get, itemURL, attachmentBody(`"id": "a", "bgp": "none"`)},
		{"peer_asn a string", get, itemURL, attachmentBody(`"id": "a", "bgp": {"peer_asn": "65001"}`)},
		{"partner_attachment an array", get, itemURL, `{"partner_attachment": []}`},
		{"a string at the top", get, itemURL, `"partner_attachment"`},
		{"list entry created_at", list, AttachmentsPath, `{"partner_attachments": [{"id": "a", "created_at": "2020-13-45T99:99:99Z"}]}`},
		{"list links a string", list, AttachmentsPath, `{"partner_attachments": [], "links": "none"}`},
		{"bgp key value a number", bgpKey, bgpAuthKeyURL, `{"bgp_auth_key": {"value": 5}}`},
		{"service key created_at", serviceKey, serviceKeyURL, `{"service_key": {"value": "k", "created_at": "soon"}}`},
		{"route cidr a number", routes, remoteRoutesURL, `{"remote_routes": [{"cidr": 10}]}`},
		{"routes an object", routes, remoteRoutesURL, `{"remote_routes": {"cidr": "10.0.0.0/8"}}`},
	}
	s := newScriptServer(t)
	a := newScriptClient(t, s, 2)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s.script(okReply(tc.body))
			wantMalformed(t, tc.call(a), http.MethodGet, tc.path, http.StatusOK)
		})
	}
}

// badBodies are 200 answers a proxy might send instead of the API's.
var badBodies = map[string]reply{
	"empty":          {status: http.StatusOK, body: ""},
	"white space":    {status: http.StatusOK, body: " \r\n"},
	"truncated JSON": {status: http.StatusOK, body: specAttachment[:len(specAttachment)/2]},
	"HTML":           {status: http.StatusOK, body: "<!DOCTYPE html><html><head><title>Welcome</title></head><body>hi</body></html>", contentType: "text/html"},
	"two values":     {status: http.StatusOK, body: `{} {}`},
	// encoding/json refuses more than 10000 levels of nesting.
	"nested too deep": {status: http.StatusOK, body: strings.Repeat("[", 10001) + strings.Repeat("]", 10001)},
}

func TestBadBodiesToGETAreRetried(t *testing.T) {
	s := newScriptServer(t)
	a := newScriptClient(t, s, 2)
	for name, bad := range badBodies {
		t.Run(name, func(t *testing.T) {
			s.script(bad)
			_, err := a.Get(context.Background(), testID)
			wantMalformed(t, err, http.MethodGet, itemURL, http.StatusOK)
			if n := len(s.requests()); n != 3 {
				t.Errorf("%d attempts, want 3 (RetryMax 2)", n)
			}

			s.script(bad, okReply(specAttachment))
			got, err := a.Get(context.Background(), testID)
			if err != nil || got.ID != testID {
				t.Fatalf("a bad answer then a good one: %v, %v", got, err)
			}
			if n := len(s.requests()); n != 2 {
				t.Errorf("%d attempts, want 2", n)
			}
		})
	}
}

func TestBadBodiesToListAndKeysAreMalformed(t *testing.T) {
	s := newScriptServer(t)
	a := newScriptClient(t, s, 1)
	ctx := context.Background()
	for name, bad := range badBodies {
		t.Run(name, func(t *testing.T) {
			s.script(bad)
			_, _, err := a.ListPage(ctx, nil)
			wantMalformed(t, err, http.MethodGet, AttachmentsPath, http.StatusOK)
			_, err = a.BGPAuthKey(ctx, testID)
			wantMalformed(t, err, http.MethodGet, bgpAuthKeyURL, http.StatusOK)
			_, err = a.ServiceKey(ctx, testID)
			wantMalformed(t, err, http.MethodGet, serviceKeyURL, http.StatusOK)
			_, _, err = a.RemoteRoutesPage(ctx, testID, nil)
			wantMalformed(t, err, http.MethodGet, remoteRoutesURL, http.StatusOK)
		})
	}
}

// A POST or PATCH whose answer is unusable may still have acted: without an
// outcome check it is sent once, and the error says the outcome is unknown.
func TestBadBodiesToPOSTAndPATCHAreNotRetried(t *testing.T) {
	s := newScriptServer(t)
	a := newScriptClient(t, s, 2)
	ctx := context.Background()
	for name, bad := range badBodies {
		t.Run(name, func(t *testing.T) {
			for _, status := range []int{http.StatusOK, http.StatusAccepted} {
				bad := bad
				bad.status = status
				s.script(bad, okReply(specAttachment))
				_, err := a.Create(ctx, &godo.PartnerAttachmentCreateRequest{Name: "x"})
				wantMalformed(t, err, http.MethodPost, AttachmentsPath, status)
				if !OutcomeUnknown(err) {
					t.Errorf("POST: OutcomeUnknown(%v) = false", err)
				}
				if r := s.requests(); len(r) != 1 {
					t.Errorf("POST sent %d times: %q", len(r), r)
				}

				s.script(bad, okReply(specAttachment))
				_, err = a.Update(ctx, testID, AttachmentUpdate{Name: "y"})
				wantMalformed(t, err, http.MethodPatch, itemURL, status)
				if !OutcomeUnknown(err) {
					t.Errorf("PATCH: OutcomeUnknown(%v) = false", err)
				}
				if r := s.requests(); len(r) != 1 {
					t.Errorf("PATCH sent %d times: %q", len(r), r)
				}

				// Nothing reads the regeneration's answer: any 2xx body will do.
				s.script(bad, okReply(`{}`))
				if err = a.RegenerateServiceKey(ctx, testID); err != nil {
					t.Errorf("regenerate answered %d with an unread body: %v", status, err)
				}
				if r := s.requests(); len(r) != 1 {
					t.Errorf("regenerate sent %d times: %q", len(r), r)
				}
			}
		})
	}
}

// With an outcome check that finds nothing done, a POST with an unusable
// answer is sent again.
func TestBadBodyToPOSTIsRetriedAfterTheOutcomeCheck(t *testing.T) {
	s := newScriptServer(t)
	a := newScriptClient(t, s, 2)
	var checks int
	ctx := WithOutcomeCheck(context.Background(), func(context.Context) (bool, error) { checks++; return false, nil })
	s.script(reply{status: http.StatusAccepted, body: ""}, reply{status: http.StatusAccepted, body: specAttachment})
	got, err := a.Create(ctx, &godo.PartnerAttachmentCreateRequest{Name: "x"})
	if err != nil || got.ID != testID {
		t.Fatalf("create: %v, %v", got, err)
	}
	if n := len(s.requests()); n != 2 || checks != 1 {
		t.Fatalf("%d POSTs (want 2), %d checks (want 1)", n, checks)
	}
}

func TestDeleteIgnoresTheBody(t *testing.T) {
	s := newScriptServer(t)
	a := newScriptClient(t, s, 2)
	for _, rep := range []reply{
		{status: http.StatusAccepted, body: ""},
		{status: http.StatusNoContent},
		{status: http.StatusAccepted, body: "<html>ok</html>"},
		{status: http.StatusOK, body: `{"partner_attach`},
	} {
		s.script(rep)
		if err := a.Delete(context.Background(), testID); err != nil {
			t.Errorf("DELETE answered %d %q: %v", rep.status, rep.body, err)
		}
		if r := s.requests(); len(r) != 1 || r[0] != "DELETE "+itemURL {
			t.Errorf("requests %q", r)
		}
	}
}

// 204 has no body by definition: godo decodes nothing, so a GET answered
// 204 has no attachment, which is reported with the real status.
func TestGetAnswered204(t *testing.T) {
	s := newScriptServer(t)
	a := newScriptClient(t, s, 2)
	s.script(reply{status: http.StatusNoContent})
	_, err := a.Get(context.Background(), testID)
	wantMalformed(t, err, http.MethodGet, itemURL, http.StatusNoContent)
}
