package fakeapi

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/digitalocean/godo"
)

// t0 is the spec example's created_at, so answers are easy to eyeball.
var t0 = time.Date(2025, 3, 27, 13, 3, 53, 0, time.UTC)

const collection = "/v2/partner_network_connect/attachments"

// harness is an emulator on a loopback port driven by a fake clock, with a
// godo client and a raw HTTP helper pointed at it.
type harness struct {
	t      *testing.T
	srv    *Server
	clock  *FakeClock
	godo   *godo.Client
	client *http.Client
}

func newHarness(t *testing.T, opts Options) *harness {
	t.Helper()
	clock := NewFakeClock(t0)
	if opts.Now == nil {
		opts.Now = clock.Now
	}
	srv := NewTestServer(t, opts)
	// A private transport so idle connections (and their reuse, which
	// matters for dropped-connection faults) do not leak between tests.
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	client := &http.Client{Transport: bearer{token: srv.Token(), base: tr}}
	g, err := godo.New(client, godo.SetBaseURL(srv.URL()))
	if err != nil {
		t.Fatal(err)
	}
	return &harness{t: t, srv: srv, clock: clock, godo: g, client: &http.Client{Transport: tr}}
}

// bearer adds the token the way godo's oauth2 transport would.
type bearer struct {
	token string
	base  http.RoundTripper
}

func (b bearer) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("Authorization", "Bearer "+b.token)
	return b.base.RoundTrip(r)
}

// reply is a raw answer.
type reply struct {
	status int
	header http.Header
	body   []byte
}

// do sends a raw request with the server's token.
func (h *harness) do(method, path, body string) reply {
	h.t.Helper()
	return h.doAs("Bearer "+h.srv.Token(), method, path, body)
}

// doAs sends a raw request with the given Authorization header ("" for none).
func (h *harness) doAs(auth, method, path, body string) reply {
	h.t.Helper()
	req, err := http.NewRequest(method, h.srv.URL()+path, strings.NewReader(body))
	if err != nil {
		h.t.Fatal(err)
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	resp, err := h.client.Do(req)
	if err != nil {
		h.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		h.t.Fatal(err)
	}
	return reply{status: resp.StatusCode, header: resp.Header, body: data}
}

// object decodes the reply as a JSON object.
func (r reply) object(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("reply %d is not a JSON object: %v: %s", r.status, err, r.body)
	}
	return m
}

// expectError checks status and the spec's error body, and returns the message.
func (r reply) expectError(t *testing.T, status int, id string) string {
	t.Helper()
	if r.status != status {
		t.Fatalf("status = %d, want %d: %s", r.status, status, r.body)
	}
	m := r.object(t)
	if got := keys(m); !slices.Equal(got, []string{"id", "message", "request_id"}) {
		t.Errorf("error keys = %v", got)
	}
	if m["id"] != id {
		t.Errorf("error id = %v, want %s", m["id"], id)
	}
	if m["request_id"] != r.header.Get("x-request-id") || m["request_id"] == "" {
		t.Errorf("request_id %v does not match header %q", m["request_id"], r.header.Get("x-request-id"))
	}
	msg, _ := m["message"].(string)
	return msg
}

// keys returns a JSON object's keys, sorted.
func keys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// validCreate is a complete create request as the provider would send it.
func validCreate(name string) *godo.PartnerAttachmentCreateRequest {
	return &godo.PartnerAttachmentCreateRequest{
		Name:                      name,
		ConnectionBandwidthInMbps: 1000,
		Region:                    "nyc",
		NaaSProvider:              "megaport",
		VPCIDs:                    []string{"vpc-1"},
		BGP: godo.BGP{
			LocalRouterIP: "169.254.0.1/29",
			PeerRouterIP:  "169.254.0.6/29",
			PeerASN:       64999,
			AuthKey:       "secret-key",
		},
	}
}

// create creates an attachment through godo and returns its id.
func (h *harness) create(name string) string {
	h.t.Helper()
	pa, _, err := h.godo.PartnerAttachment.Create(context.Background(), validCreate(name))
	if err != nil {
		h.t.Fatal(err)
	}
	return pa.ID
}

// state returns the state godo sees, or "404" if the attachment is gone.
func (h *harness) state(id string) string {
	h.t.Helper()
	pa, resp, err := h.godo.PartnerAttachment.Get(context.Background(), id)
	if resp != nil && resp.StatusCode == http.StatusNotFound {
		return "404"
	}
	if err != nil {
		h.t.Fatal(err)
	}
	return pa.State
}
