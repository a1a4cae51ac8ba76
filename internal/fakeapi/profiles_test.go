package fakeapi

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/digitalocean/godo"
)

// attachment decodes a {"partner_attachment": ...} reply.
func (r reply) attachment(t *testing.T) map[string]any {
	t.Helper()
	a, ok := r.object(t)["partner_attachment"].(map[string]any)
	if !ok {
		t.Fatalf("reply %d has no partner_attachment: %s", r.status, r.body)
	}
	return a
}

// listed returns the list's entries by id.
func (h *harness) listed() map[string]map[string]any {
	h.t.Helper()
	r := h.do(http.MethodGet, collection, "")
	if r.status != http.StatusOK {
		h.t.Fatalf("list = %d %s", r.status, r.body)
	}
	out := map[string]map[string]any{}
	for _, e := range r.object(h.t)["partner_attachments"].([]any) {
		m := e.(map[string]any)
		out[m["id"].(string)] = m
	}
	return out
}

// createRaw posts a create body (createBody with name and the given extra
// fields) and returns the new attachment's id.
func (h *harness) createRaw(name string, extra map[string]any) string {
	h.t.Helper()
	body := createBody()
	body["name"] = name
	for k, v := range extra {
		body[k] = v
	}
	r := h.do(http.MethodPost, collection, encode(h.t, body))
	if r.status != http.StatusAccepted {
		h.t.Fatalf("create %s = %d %s", name, r.status, r.body)
	}
	return r.attachment(h.t)["id"].(string)
}

func TestParseProfiles(t *testing.T) {
	tests := []struct {
		in      string
		want    []Profile
		wantErr string
	}{
		{in: "", want: nil},
		{in: "default", want: nil},
		{in: " default , ", want: nil},
		{in: "eventual", want: []Profile{ProfileEventual}},
		{in: " sparse , eventual,sparse,default", want: []Profile{ProfileSparse, ProfileEventual}},
		{in: "spec-examples,strict-delete-403,do-rate-limits-no-retry-after", want: []Profile{ProfileSpecExamples, ProfileStrictDelete403, ProfileDORateLimitsNoRetryAfter}},
		{in: "bogus", wantErr: `unknown profile "bogus"; known profiles: spec-examples, active-upper,`},
		{in: "sparse,Eventual", wantErr: `unknown profile "Eventual"`},
		{in: "active-upper,active-lower", wantErr: "profiles active-upper and active-lower are alternatives"},
		{in: "strict-delete,strict-delete-422", wantErr: "alternatives"},
		{in: "do-rate-limits,do-rate-limits-no-retry-after", wantErr: "alternatives"},
	}
	for _, tt := range tests {
		got, err := ParseProfiles(tt.in)
		switch {
		case tt.wantErr != "":
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("ParseProfiles(%q) error = %v, want one containing %q", tt.in, err, tt.wantErr)
			}
		case err != nil || !slices.Equal(got, tt.want):
			t.Errorf("ParseProfiles(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
	_, err := ParseProfiles("nope")
	for _, p := range Profiles() {
		if !strings.Contains(err.Error(), string(p)) {
			t.Errorf("error %q does not name %s", err, p)
		}
	}
}

func TestProfilesAndDescribe(t *testing.T) {
	want := []Profile{
		ProfileSpecExamples, ProfileActiveUpper, ProfileActiveLower, ProfileTransitional,
		ProfileDORateLimits, ProfileDORateLimitsNoRetryAfter, ProfileEventual,
		ProfileStrictDelete, ProfileStrictDelete422, ProfileStrictDelete403,
		ProfileSparse, ProfileServerZone, ProfileDeletedVisible, ProfileProxyFaults,
		ProfileWiderOffer,
	}
	if got := Profiles(); !slices.Equal(got, want) {
		t.Errorf("Profiles() = %v", got)
	}
	for _, p := range Profiles() {
		if d := p.Describe(); d == "" || strings.Contains(d, "\n") {
			t.Errorf("%s.Describe() = %q, want one non-empty line", p, d)
		}
		if got, err := ParseProfiles(string(p)); err != nil || !slices.Equal(got, []Profile{p}) {
			t.Errorf("ParseProfiles(%q) = %v, %v", p, got, err)
		}
	}
	if d := Profile("bogus").Describe(); d != "" {
		t.Errorf("unknown profile described as %q", d)
	}
}

func TestNewRejectsBadProfiles(t *testing.T) {
	for _, ps := range [][]Profile{{"bogus"}, {ProfileActiveUpper, ProfileActiveLower}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("New(%v) did not panic", ps)
				}
			}()
			New(Options{Profiles: ps})
		}()
	}
}

// TestNoProfileAnswersUnchanged pins the default answers byte for byte, with
// no profile and with the explicit "default".
func TestNoProfileAnswersUnchanged(t *testing.T) {
	parsed, err := ParseProfiles("default")
	if err != nil {
		t.Fatal(err)
	}
	for name, opts := range map[string]Options{"zero": {}, "default": {Profiles: parsed}, "empty": {Profiles: []Profile{}}} {
		t.Run(name, func(t *testing.T) {
			opts.RateLimitPerMinute = 2
			h := newHarness(t, opts)
			h.srv.Seed(SeedAttachment{ID: "pa-1", VPCIDs: []string{"vpc-1"}})
			item := `{"id":"pa-1","name":"seed-1","state":"CREATED","connection_bandwidth_in_mbps":1000,"region":"NYC","naas_provider":"MEGAPORT","vpc_ids":["vpc-1"],"bgp":{},"redundancy_zone":"","created_at":"2025-03-27T13:03:53Z","parent_uuid":"","children":[]}`
			if r := h.do(http.MethodGet, collection+"/pa-1", ""); string(r.body) != `{"partner_attachment":`+item+"}\n" {
				t.Errorf("GET body = %s", r.body)
			}
			r := h.do(http.MethodGet, collection, "")
			if string(r.body) != `{"links":{},"meta":{"total":1},"partner_attachments":[`+item+"]}\n" {
				t.Errorf("list body = %s", r.body)
			}
			if r.header.Get("ratelimit-limit") != "2" || r.header.Get("ratelimit-remaining") != "0" {
				t.Errorf("rate headers = %v", r.header)
			}
			r = h.do(http.MethodGet, collection+"/missing", "")
			want := `{"id":"too_many_requests","message":"API rate limit exceeded.","request_id":"` + r.header.Get("x-request-id") + "\"}\n"
			if r.status != http.StatusTooManyRequests || string(r.body) != want || r.header.Get("ratelimit-remaining") != "0" || r.header.Get("Retry-After") != "60" {
				t.Errorf("429 = %d %s %v", r.status, r.body, r.header)
			}
			h.clock.Advance(time.Minute)
			r = h.do(http.MethodGet, collection+"/missing", "")
			want = `{"id":"not_found","message":"The resource you were accessing could not be found.","request_id":"` + r.header.Get("x-request-id") + "\"}\n"
			if string(r.body) != want {
				t.Errorf("404 body = %s", r.body)
			}
		})
	}
}

func TestReadyStateProfiles(t *testing.T) {
	tests := []struct {
		profile     Profile
		get, listed string
	}{
		{ProfileSpecExamples, "CREATED", "active"},
		{ProfileActiveUpper, "ACTIVE", "ACTIVE"},
		{ProfileActiveLower, "active", "active"},
	}
	for _, tt := range tests {
		t.Run(string(tt.profile), func(t *testing.T) {
			// The profile overrides ReadyState.
			h := newHarness(t, Options{Profiles: []Profile{tt.profile}, ProvisioningDelay: time.Minute, ReadyState: "READY"})
			id := h.create("ready")
			if got := h.listed()[id]["state"]; got != StateCreating {
				t.Errorf("listed while creating = %v, want CREATING", got)
			}
			h.clock.Advance(time.Minute)
			if got := h.state(id); got != tt.get {
				t.Errorf("GET state = %s, want %s", got, tt.get)
			}
			if got := h.listed()[id]["state"]; got != tt.listed {
				t.Errorf("listed state = %v, want %s", got, tt.listed)
			}
			r := h.do(http.MethodPatch, collection+"/"+id, `{"name":"renamed"}`)
			if got := r.attachment(t)["state"]; got != StateUpdating {
				t.Errorf("PATCH state = %v, want UPDATING", got)
			}
			h.clock.Advance(time.Minute)
			if got := h.state(id); got != tt.get {
				t.Errorf("GET after update = %s, want %s", got, tt.get)
			}
			if _, ok := h.srv.ServiceKey(id); !ok {
				t.Error("no service key once ready")
			}
			if a, _ := h.srv.Attachment(h.srv.Seed(SeedAttachment{})); a.State != tt.get {
				t.Errorf("seeded state = %s, want %s", a.State, tt.get)
			}
		})
	}
}

func TestTransitionalProfile(t *testing.T) {
	const d = 3 * time.Minute
	h := newHarness(t, Options{Profiles: []Profile{ProfileTransitional}, ProvisioningDelay: d})
	ctx := context.Background()
	var id string
	steps := []struct {
		name    string
		act     func()
		advance time.Duration
		want    string
	}{
		{"created", func() { id = h.create("phases") }, 0, StateCreating},
		{"before a third", nil, d/3 - time.Nanosecond, StateCreating},
		{"a third", nil, time.Nanosecond, StateProvisioning},
		{"two thirds", nil, d / 3, StateUpdating},
		{"ready", nil, d / 3, StateCreated},
		{"patched", func() {
			if _, _, err := h.godo.PartnerAttachment.Update(ctx, id, &godo.PartnerAttachmentUpdateRequest{Name: "phases2"}); err != nil {
				t.Fatal(err)
			}
		}, 0, StateUpdating},
		{"update half way", nil, d / 2, StateProvisioning},
		{"updated", nil, d / 2, StateCreated},
		{"deleted", func() {
			if r := h.do(http.MethodDelete, collection+"/"+id, ""); r.attachment(t)["state"] != StateDeleting {
				t.Errorf("DELETE answered %s", r.body)
			}
		}, d / 2, StateDeprovisioning},
		{"deleted again", func() {
			// A repeated delete answers the current state and keeps the deadline.
			if r := h.do(http.MethodDelete, collection+"/"+id, ""); r.status != http.StatusAccepted || r.attachment(t)["state"] != StateDeprovisioning {
				t.Errorf("second DELETE = %d %s", r.status, r.body)
			}
		}, d / 2, "404"},
	}
	for _, s := range steps {
		if s.act != nil {
			s.act()
		}
		h.clock.Advance(s.advance)
		if got := h.state(id); got != s.want {
			t.Fatalf("%s: state = %s, want %s", s.name, got, s.want)
		}
	}
	at := func(n int) time.Time { return t0.Add(time.Duration(n) * d / 6) }
	want := []Transition{
		{StateCreating, at(0)}, {StateProvisioning, at(2)}, {StateUpdating, at(4)}, {StateCreated, at(6)},
		{StateUpdating, at(6)}, {StateProvisioning, at(9)}, {StateCreated, at(12)},
		{StateDeleting, at(12)}, {StateDeprovisioning, at(15)}, {StateDeleted, at(18)},
	}
	if got := h.srv.Transitions(id); !slices.Equal(got, want) {
		t.Errorf("transitions =\n%v\nwant\n%v", got, want)
	}
}

func TestDORateLimitProfiles(t *testing.T) {
	for _, p := range []Profile{ProfileDORateLimits, ProfileDORateLimitsNoRetryAfter} {
		t.Run(string(p), func(t *testing.T) {
			h := newHarness(t, Options{Profiles: []Profile{p}, RateLimitPerMinute: 2, HourlyLimit: 3})
			// hourly checks a 200 against the hourly quota: the oldest
			// request (at t0) expires an hour later.
			hourly := func(r reply, wantStatus int, remaining string) {
				t.Helper()
				if r.status != wantStatus || r.header.Get("ratelimit-limit") != "3" || r.header.Get("ratelimit-remaining") != remaining {
					t.Errorf("status %d limit %s remaining %s, want %d limit 3 remaining %s", r.status, r.header.Get("ratelimit-limit"), r.header.Get("ratelimit-remaining"), wantStatus, remaining)
				}
				if got, want := r.header.Get("ratelimit-reset"), strconv.FormatInt(t0.Add(time.Hour).Unix(), 10); got != want {
					t.Errorf("ratelimit-reset = %s, want %s", got, want)
				}
			}
			r := h.do(http.MethodGet, collection, "")
			hourly(r, http.StatusOK, "2")
			if r.header.Get("Retry-After") != "" {
				t.Error("Retry-After on an admitted request")
			}
			h.clock.Advance(10 * time.Second)
			hourly(h.do(http.MethodGet, collection, ""), http.StatusOK, "1")

			// Over the burst limit: 429 with the real hourly remaining.
			h.clock.Advance(5*time.Second + time.Millisecond)
			r = h.do(http.MethodGet, collection, "")
			r.expectError(t, http.StatusTooManyRequests, "too_many_requests")
			hourly(r, http.StatusTooManyRequests, "1")
			wantRetry := "45" // the t0 request leaves the minute at t0+60s; now is t0+15.001s
			if p == ProfileDORateLimitsNoRetryAfter {
				wantRetry = ""
			}
			if _, present := r.header["Retry-After"]; r.header.Get("Retry-After") != wantRetry || present != (wantRetry != "") {
				t.Errorf("burst Retry-After = %q, want %q", r.header.Get("Retry-After"), wantRetry)
			}

			// The refused request used up nothing: one more fits once the
			// first leaves the burst window.
			h.clock.Advance(45 * time.Second)
			hourly(h.do(http.MethodGet, collection, ""), http.StatusOK, "0")

			// Over the hourly quota: remaining 0 and a Retry-After in both variants.
			h.clock.Advance(2 * time.Minute)
			r = h.do(http.MethodGet, collection, "")
			r.expectError(t, http.StatusTooManyRequests, "too_many_requests")
			hourly(r, http.StatusTooManyRequests, "0")
			if got := r.header.Get("Retry-After"); got != "3420" { // now is t0+180.001s
				t.Errorf("hourly Retry-After = %s, want 3420", got)
			}
			h.clock.Advance(time.Hour)
			r = h.do(http.MethodGet, collection, "")
			if r.status != http.StatusOK || r.header.Get("ratelimit-remaining") != "2" {
				t.Errorf("an hour later: %d remaining %s", r.status, r.header.Get("ratelimit-remaining"))
			}
		})
	}
}

func TestEventualProfile(t *testing.T) {
	const lag = 5 * time.Second
	h := newHarness(t, Options{Profiles: []Profile{ProfileEventual}, ConsistencyLag: lag})
	id := h.create("lagging")
	for _, rt := range idRoutes {
		body := ""
		if rt.method == http.MethodPatch {
			body = `{"name":"x"}`
		}
		h.do(rt.method, collection+"/"+id+rt.suffix, body).expectError(t, http.StatusNotFound, "not_found")
	}
	if _, ok := h.listed()[id]; ok {
		t.Error("the list shows an attachment created less than the lag ago")
	}
	if a, ok := h.srv.Attachment(id); !ok || a.State != StateCreated {
		t.Errorf("true state = %+v, %v", a, ok)
	}
	// Names are checked against the true state.
	if _, resp, _ := h.godo.PartnerAttachment.Create(context.Background(), validCreate("lagging")); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("create with a hidden attachment's name = %d, want 422", resp.StatusCode)
	}

	h.clock.Advance(lag - time.Nanosecond)
	if got := h.state(id); got != "404" {
		t.Errorf("GET just before the lag = %s", got)
	}
	h.clock.Advance(time.Nanosecond)
	if got := h.state(id); got != StateCreated {
		t.Errorf("GET after the lag = %s", got)
	}
	if got := h.listed()[id]["state"]; got != StateCreated {
		t.Errorf("listed after the lag = %v", got)
	}

	// Deletion completes at once (zero delay): GET is 404 at once, but the
	// list keeps showing the attachment as last seen for the lag.
	h.do(http.MethodDelete, collection+"/"+id, "")
	if got := h.state(id); got != "404" {
		t.Errorf("GET after deletion = %s", got)
	}
	h.clock.Advance(lag - time.Nanosecond)
	if got := h.listed()[id]["state"]; got != StateDeleting {
		t.Errorf("listed after deletion = %v, want DELETING", got)
	}
	h.clock.Advance(time.Nanosecond)
	if _, ok := h.listed()[id]; ok {
		t.Error("still listed after the lag")
	}
}

func TestEventualWithDeletedVisible(t *testing.T) {
	const lag, shown, d = 2 * time.Second, 3 * time.Second, 10 * time.Second
	h := newHarness(t, Options{Profiles: []Profile{ProfileEventual, ProfileDeletedVisible}, ProvisioningDelay: d})
	id := h.create("both")
	h.clock.Advance(d)
	h.do(http.MethodDelete, collection+"/"+id, "")
	h.clock.Advance(d)
	if got := h.state(id); got != StateDeleted {
		t.Errorf("GET once deleted = %s, want DELETED", got)
	}
	h.clock.Advance(shown)
	if got := h.state(id); got != "404" {
		t.Errorf("GET once gone = %s", got)
	}
	h.clock.Advance(lag - time.Nanosecond)
	if got := h.listed()[id]["state"]; got != StateDeleted {
		t.Errorf("listed once gone = %v, want DELETED as last seen", got)
	}
	h.clock.Advance(time.Nanosecond)
	if _, ok := h.listed()[id]; ok {
		t.Error("still listed after the lag")
	}
}

func TestStrictDeleteProfiles(t *testing.T) {
	tests := []struct {
		profile Profile
		status  int
		errID   string
	}{
		{ProfileStrictDelete, http.StatusConflict, "conflict"},
		{ProfileStrictDelete422, http.StatusUnprocessableEntity, "unprocessable_entity"},
		{ProfileStrictDelete403, http.StatusForbidden, "forbidden"},
	}
	for _, tt := range tests {
		t.Run(string(tt.profile), func(t *testing.T) {
			h := newHarness(t, Options{Profiles: []Profile{tt.profile}, ProvisioningDelay: time.Minute})
			parent := h.create("parent")
			refuse := func(id, wantMsg string) {
				t.Helper()
				msg := h.do(http.MethodDelete, collection+"/"+id, "").expectError(t, tt.status, tt.errID)
				if msg != wantMsg {
					t.Errorf("message = %q, want %q", msg, wantMsg)
				}
			}
			refuse(parent, "partner attachment "+parent+" is CREATING; it cannot be deleted until the operation completes")
			h.clock.Advance(time.Minute)
			h.do(http.MethodPatch, collection+"/"+parent, `{"name":"parent2"}`)
			refuse(parent, "partner attachment "+parent+" is UPDATING; it cannot be deleted until the operation completes")
			h.clock.Advance(time.Minute)

			child := h.createRaw("child", map[string]any{"parent_uuid": parent})
			h.clock.Advance(time.Minute)
			hasChild := "partner attachment " + parent + " has child attachments " + child + "; delete them first"
			refuse(parent, hasChild)
			if r := h.do(http.MethodDelete, collection+"/"+child, ""); r.status != http.StatusAccepted {
				t.Fatalf("child delete = %d %s", r.status, r.body)
			}
			if r := h.do(http.MethodDelete, collection+"/"+child, ""); r.status != http.StatusAccepted {
				t.Errorf("repeated delete while DELETING = %d", r.status)
			}
			refuse(parent, hasChild) // a DELETING child still counts
			h.clock.Advance(time.Minute)
			if r := h.do(http.MethodDelete, collection+"/"+parent, ""); r.status != http.StatusAccepted {
				t.Errorf("parent delete once the child is gone = %d %s", r.status, r.body)
			}
			if a, _ := h.srv.Attachment(parent); a.State != StateDeleting {
				t.Errorf("parent state = %s", a.State)
			}
		})
	}
}

func TestDeleteNotStrictByDefault(t *testing.T) {
	h := newHarness(t, Options{ProvisioningDelay: time.Minute})
	parent := h.create("parent")
	h.createRaw("child", map[string]any{"parent_uuid": parent})
	if r := h.do(http.MethodDelete, collection+"/"+parent, ""); r.status != http.StatusAccepted {
		t.Errorf("delete of a CREATING parent with a child = %d, want 202", r.status)
	}
}

func TestSparseProfile(t *testing.T) {
	h := newHarness(t, Options{Profiles: []Profile{ProfileSparse}})
	bare := h.createRaw("bare", map[string]any{"bgp": nil})
	full := h.createRaw("full", map[string]any{"redundancy_zone": "MEGAPORT_RED", "parent_uuid": bare})

	extras := func(what string, a map[string]any, id string) {
		t.Helper()
		if a["urn"] != "do:partnerattachment:"+id || encode(t, a["tags"]) != "[]" || encode(t, a["extra"]) != `{"nested":true}` {
			t.Errorf("%s unknown fields = urn %v tags %v extra %v", what, a["urn"], a["tags"], a["extra"])
		}
	}
	base := []string{"connection_bandwidth_in_mbps", "created_at", "extra", "id", "naas_provider", "name", "parent_uuid", "region", "state", "tags", "urn", "vpc_ids"}
	single := h.do(http.MethodGet, collection+"/"+bare, "").attachment(t)
	assertKeys(t, "bare GET", single, sorted(append([]string{"bgp"}, base...)))
	if got := encode(t, single["bgp"]); got != `{"local_asn":65432}` {
		t.Errorf("bare GET bgp = %s", got)
	}
	extras("bare GET", single, bare)
	list := h.listed()
	assertKeys(t, "bare list entry", list[bare], base)
	extras("bare list entry", list[bare], bare)

	for what, a := range map[string]map[string]any{"full GET": h.do(http.MethodGet, collection+"/"+full, "").attachment(t), "full list entry": list[full]} {
		assertKeys(t, what, a, sorted(append([]string{"bgp", "redundancy_zone"}, base...)))
		assertKeys(t, what+" bgp", a["bgp"].(map[string]any), bgpKeys)
		extras(what, a, full)
	}

	// The mutation answers are sparse too, and godo still reads them.
	patched, _, err := h.godo.PartnerAttachment.Update(context.Background(), bare, &godo.PartnerAttachmentUpdateRequest{Name: "bare2"})
	if err != nil || patched.Name != "bare2" || patched.BGP.LocalASN != DefaultLocalASN || patched.Children != nil {
		t.Errorf("godo update = %+v, %v", patched, err)
	}
	if a := h.do(http.MethodDelete, collection+"/"+full, "").attachment(t); a["urn"] == nil || a["children"] != nil {
		t.Errorf("DELETE answer = %v", a)
	}

	r := h.do(http.MethodGet, collection+"/missing", "")
	if r.status != http.StatusNotFound {
		t.Fatalf("status = %d", r.status)
	}
	assertKeys(t, "error body", r.object(t), []string{"id", "message"})
}

func TestSpecExamplesWithSparse(t *testing.T) {
	h := newHarness(t, Options{Profiles: []Profile{ProfileSpecExamples, ProfileSparse}})
	id := h.createRaw("combo", map[string]any{"bgp": nil})
	entry := h.listed()[id]
	if entry["state"] != "active" || entry["bgp"] != nil || entry["urn"] == nil {
		t.Errorf("list entry = %v, want state active, no bgp, a urn", entry)
	}
	single := h.do(http.MethodGet, collection+"/"+id, "").attachment(t)
	if single["state"] != StateCreated || encode(t, single["bgp"]) != `{"local_asn":65432}` {
		t.Errorf("GET = %v, want CREATED with the default local ASN", single)
	}
}

func TestServerZoneProfile(t *testing.T) {
	h := newHarness(t, Options{Profiles: []Profile{ProfileServerZone}})
	zone := func(id string) any {
		return h.do(http.MethodGet, collection+"/"+id, "").attachment(t)["redundancy_zone"]
	}
	blue := h.createRaw("blue", nil)
	red := h.createRaw("red", map[string]any{"redundancy_zone": "megaport_red"})
	tests := []struct {
		name  string
		extra map[string]any
		want  string
	}{
		{"root", nil, zoneBlue},
		{"child-of-blue", map[string]any{"parent_uuid": blue}, zoneRed},
		{"child-of-red", map[string]any{"parent_uuid": red}, zoneBlue},
		{"explicit", map[string]any{"parent_uuid": blue, "redundancy_zone": "MEGAPORT_BLUE"}, zoneBlue},
	}
	for _, tt := range tests {
		if got := zone(h.createRaw(tt.name, tt.extra)); got != tt.want {
			t.Errorf("%s: zone = %v, want %s", tt.name, got, tt.want)
		}
	}
	if got := zone(blue); got != zoneBlue {
		t.Errorf("blue: zone = %v", got)
	}
	if got := zone(red); got != zoneRed {
		t.Errorf("red: zone = %v", got)
	}

	plain := newHarness(t, Options{})
	if got := plain.do(http.MethodGet, collection+"/"+plain.createRaw("x", nil), "").attachment(t)["redundancy_zone"]; got != "" {
		t.Errorf("without the profile: zone = %v, want empty", got)
	}
}

func TestDeletedVisibleProfile(t *testing.T) {
	const d, shown = time.Minute, 3 * time.Second
	h := newHarness(t, Options{Profiles: []Profile{ProfileDeletedVisible}, ProvisioningDelay: d})
	parent := h.srv.Seed(SeedAttachment{})
	id := h.createRaw("ghost", map[string]any{"parent_uuid": parent})
	h.clock.Advance(d)
	h.do(http.MethodDelete, collection+"/"+id, "")
	h.clock.Advance(d - time.Nanosecond)
	if got := h.state(id); got != StateDeleting {
		t.Fatalf("state = %s", got)
	}
	h.clock.Advance(time.Nanosecond)

	if r := h.do(http.MethodGet, collection+"/"+id, ""); r.status != http.StatusOK || r.attachment(t)["state"] != StateDeleted {
		t.Errorf("GET once deleted = %d %s", r.status, r.body)
	}
	if got := h.listed()[id]["state"]; got != StateDeleted {
		t.Errorf("listed = %v, want DELETED", got)
	}
	for _, rt := range idRoutes[1:] { // everything but GET of the attachment
		body := ""
		if rt.method == http.MethodPatch {
			body = `{"name":"x"}`
		}
		h.do(rt.method, collection+"/"+id+rt.suffix, body).expectError(t, http.StatusNotFound, "not_found")
	}
	if p, _ := h.srv.Attachment(parent); len(p.Children) != 0 {
		t.Errorf("parent children = %v, want the DELETED child left out", p.Children)
	}
	h.createRaw("ghost", nil) // the name is free
	body := createBody()
	body["name"], body["parent_uuid"] = "bad-parent", id
	h.do(http.MethodPost, collection, encode(t, body)).expectError(t, http.StatusUnprocessableEntity, "unprocessable_entity")

	h.clock.Advance(shown - time.Nanosecond)
	if got := h.state(id); got != StateDeleted {
		t.Errorf("state just before the end = %s", got)
	}
	h.clock.Advance(time.Nanosecond)
	if got := h.state(id); got != "404" {
		t.Errorf("state after DeletedVisibleFor = %s", got)
	}
	if _, ok := h.listed()[id]; ok {
		t.Error("still listed once gone")
	}
	want := []Transition{{StateCreating, t0}, {StateCreated, t0.Add(d)}, {StateDeleting, t0.Add(d)}, {StateDeleted, t0.Add(2 * d)}, {StateDeleted, t0.Add(2*d + shown)}}
	if got := h.srv.Transitions(id); !slices.Equal(got, want) {
		t.Errorf("transitions = %v, want %v", got, want)
	}
}

func TestStrictDeleteIgnoresDeletedChildren(t *testing.T) {
	h := newHarness(t, Options{Profiles: []Profile{ProfileStrictDelete, ProfileDeletedVisible}, DeletedVisibleFor: time.Hour})
	parent := h.srv.Seed(SeedAttachment{})
	child := h.srv.Seed(SeedAttachment{ParentUUID: parent})
	h.do(http.MethodDelete, collection+"/"+child, "")
	if got := h.state(child); got != StateDeleted {
		t.Fatalf("child state = %s", got)
	}
	if r := h.do(http.MethodDelete, collection+"/"+parent, ""); r.status != http.StatusAccepted {
		t.Errorf("parent delete with only a DELETED child = %d %s", r.status, r.body)
	}
}

func TestProxyFaultsProfile(t *testing.T) {
	h := newHarness(t, Options{Profiles: []Profile{ProfileProxyFaults}, ProxyFaultEvery: 2})
	const page502 = `<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>`
	create := func(name string) reply {
		body := createBody()
		body["name"] = name
		return h.do(http.MethodPost, collection, encode(t, body))
	}
	html := func(r reply, status int, title string) {
		t.Helper()
		if r.status != status || r.header.Get("Content-Type") != "text/html" || !strings.Contains(string(r.body), "<title>"+title+"</title>") {
			t.Errorf("reply = %d %s %s, want an HTML %d", r.status, r.header.Get("Content-Type"), r.body, status)
		}
	}

	page := func(n int) string { return fmt.Sprintf("%s?page=%d", collection, n) }
	h.do(http.MethodGet, collection, "") // count 1
	r := create("lost-502")              // 2: 502, not acted on
	html(r, http.StatusBadGateway, "502 Bad Gateway")
	if string(r.body) != page502 {
		t.Errorf("502 page = %s", r.body)
	}
	if n := len(h.srv.Attachments()); n != 0 {
		t.Errorf("%d attachments created through an HTML error page", n)
	}
	// The next attempt of a spoiled request passes, uncounted.
	if r := create("lost-502"); r.status != http.StatusAccepted {
		t.Errorf("the resend of a spoiled create = %d %s", r.status, r.body)
	}
	h.do(http.MethodGet, page(2), "")                                                              // 3
	html(create("lost-503"), http.StatusServiceUnavailable, "503 Service Temporarily Unavailable") // 4
	if n := len(h.srv.Attachments()); n != 1 {
		t.Errorf("%d attachments, want the one resent create", n)
	}
	create("lost-503") // the resend

	h.do(http.MethodGet, page(3), "") // 5
	r = create("half")                // 6: acted, JSON cut in half
	if r.status != http.StatusAccepted || !strings.HasPrefix(r.header.Get("Content-Type"), "application/json") || json.Valid(r.body) || !strings.HasPrefix(string(r.body), `{"partner_attachment":{"id":"`) {
		t.Errorf("truncated = %d %s %q", r.status, r.header.Get("Content-Type"), r.body)
	}
	var half Attachment
	for _, a := range h.srv.Attachments() {
		if a.Name == "half" {
			half = a
		}
	}
	if half.ID == "" {
		t.Fatalf("attachments = %v, want the truncated create to have happened", h.srv.Attachments())
	}
	full := h.do(http.MethodGet, collection+"/"+half.ID, "") // 7
	if len(r.body) == 0 || len(r.body) > len(full.body)/2+1 {
		t.Errorf("truncated body has %d bytes, the real one about %d", len(r.body), len(full.body))
	}
	r = h.do(http.MethodGet, collection+"/"+half.ID, "") // 8: real status, empty body
	if r.status != http.StatusOK || len(r.body) != 0 || r.header.Get("Content-Length") != "0" {
		t.Errorf("empty = %d %q %v", r.status, r.body, r.header)
	}
	if r := h.do(http.MethodGet, collection+"/"+half.ID, ""); r.status != http.StatusOK || !json.Valid(r.body) { // the resend
		t.Errorf("the resend of a spoiled read = %d %q", r.status, r.body)
	}

	h.do(http.MethodGet, page(4), "")                                                                             // 9
	html(h.do(http.MethodGet, collection, ""), http.StatusBadGateway, "502 Bad Gateway")                          // 10: the cycle restarts
	h.do(http.MethodGet, collection, "")                                                                          // the resend
	h.do(http.MethodGet, page(5), "")                                                                             // 11
	html(h.do(http.MethodGet, page(6), ""), http.StatusServiceUnavailable, "503 Service Temporarily Unavailable") // 12
	h.do(http.MethodGet, page(7), "")                                                                             // 13
	// 14: a truncating turn on an error answer passes it through unspoiled.
	h.do(http.MethodGet, collection+"/missing", "").expectError(t, http.StatusNotFound, "not_found")

	wantCounts := map[string]int{"proxy-502-html": 2, "proxy-503-html": 2, "proxy-truncated": 1, "proxy-empty": 1}
	if got := h.srv.FaultCounts(); len(got) != len(wantCounts) || got["proxy-502-html"] != 2 || got["proxy-503-html"] != 2 || got["proxy-truncated"] != 1 || got["proxy-empty"] != 1 {
		t.Errorf("fault counts = %v, want %v", got, wantCounts)
	}
	var faults []string
	for _, e := range h.srv.Journal() {
		faults = append(faults, e.Fault)
	}
	wantFaults := []string{
		"", "proxy-502-html", "", "", "proxy-503-html", "", "", "proxy-truncated", "", "proxy-empty", "",
		"", "proxy-502-html", "", "", "proxy-503-html", "", "",
	}
	if !slices.Equal(faults, wantFaults) {
		t.Errorf("journal faults = %q, want %q", faults, wantFaults)
	}
	if j := h.srv.Journal(); j[1].Status != http.StatusBadGateway || j[7].Status != http.StatusAccepted {
		t.Errorf("journal statuses = %d, %d", j[1].Status, j[7].Status)
	}
}

// A proxy fault takes the request before any queued fault, which waits for
// the next one.
func TestProxyFaultsBeforeQueuedFaults(t *testing.T) {
	h := newHarness(t, Options{Profiles: []Profile{ProfileProxyFaults}, ProxyFaultEvery: 1})
	h.srv.InjectFaults(Fault{Status: http.StatusInternalServerError})
	if r := h.do(http.MethodGet, collection, ""); r.status != http.StatusBadGateway {
		t.Errorf("status = %d, want the proxy's 502", r.status)
	}
	if h.srv.PendingFaults() != 1 {
		t.Errorf("pending = %d, want the queued fault kept", h.srv.PendingFaults())
	}
}

// TestWiderOfferProfile: one more region, bandwidth and zone are accepted
// under the profile, and refused (422, naming the field) without it.
func TestWiderOfferProfile(t *testing.T) {
	wider := map[string]map[string]any{
		"region":                       {"region": strings.ToUpper(WiderOfferRegion)},
		"connection_bandwidth_in_mbps": {"connection_bandwidth_in_mbps": WiderOfferBandwidth},
		"redundancy_zone":              {"redundancy_zone": WiderOfferZone},
	}
	h := newHarness(t, Options{Profiles: []Profile{ProfileWiderOffer}})
	plain := newHarness(t, Options{})
	for field, extra := range wider {
		id := h.createRaw("wider-"+strings.ReplaceAll(field, "_", "-"), extra)
		got := h.do(http.MethodGet, collection+"/"+id, "").attachment(t)
		if fmt.Sprint(got[field]) != fmt.Sprint(extra[field]) {
			t.Errorf("%s: created with %v, read back %v", field, extra[field], got[field])
		}
		body := createBody()
		body["name"] = "plain-" + strings.ReplaceAll(field, "_", "-")
		maps.Copy(body, extra)
		r := plain.do(http.MethodPost, collection, encode(t, body))
		if msg := r.expectError(t, http.StatusUnprocessableEntity, "unprocessable_entity"); !strings.Contains(msg, field+" must be one of") {
			t.Errorf("without the profile, %s %v: %q", field, extra[field], msg)
		}
	}
	body := createBody()
	body["name"], body["region"] = "still-refused", "lon"
	if msg := h.do(http.MethodPost, collection, encode(t, body)).expectError(t, http.StatusUnprocessableEntity, "unprocessable_entity"); !strings.Contains(msg, "region must be one of nyc, sfo, fra, ams, sgp, syd") {
		t.Errorf("a region offered by neither: %q", msg)
	}
}
