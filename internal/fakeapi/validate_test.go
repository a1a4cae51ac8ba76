package fakeapi

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// createBody returns a valid create body as a map, for tests to break.
func createBody() map[string]any {
	return map[string]any{
		"name":                         "env.prod-pnc",
		"connection_bandwidth_in_mbps": 1000,
		"region":                       "nyc",
		"naas_provider":                "megaport",
		"vpc_ids":                      []any{"vpc-1"},
		"bgp": map[string]any{
			"local_router_ip": "169.254.0.1/29",
			"peer_router_ip":  "169.254.0.6/29",
			"peer_router_asn": 64999,
			"auth_key":        "secret",
		},
	}
}

func encode(t *testing.T, v any) string {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestCreateValidation(t *testing.T) {
	bgp := func(m map[string]any) map[string]any { return m["bgp"].(map[string]any) }
	tests := []struct {
		name  string
		edit  func(m map[string]any)
		field string // must appear in the message
	}{
		{"name missing", func(m map[string]any) { delete(m, "name") }, "name"},
		{"name pattern", func(m map[string]any) { m["name"] = "has space" }, "name"},
		{"name underscore", func(m map[string]any) { m["name"] = "a_b" }, "name"},
		{"name taken", func(m map[string]any) { m["name"] = "existing" }, "name"},
		{"bandwidth missing", func(m map[string]any) { delete(m, "connection_bandwidth_in_mbps") }, "connection_bandwidth_in_mbps"},
		{"bandwidth not allowed", func(m map[string]any) { m["connection_bandwidth_in_mbps"] = 3000 }, "connection_bandwidth_in_mbps"},
		{"bandwidth wrong type", func(m map[string]any) { m["connection_bandwidth_in_mbps"] = "1000" }, "connection_bandwidth_in_mbps"},
		{"region missing", func(m map[string]any) { delete(m, "region") }, "region"},
		{"region unknown", func(m map[string]any) { m["region"] = "nyc3" }, "region"},
		{"provider missing", func(m map[string]any) { delete(m, "naas_provider") }, "naas_provider"},
		{"vpc_ids missing", func(m map[string]any) { delete(m, "vpc_ids") }, "vpc_ids"},
		{"vpc_ids empty", func(m map[string]any) { m["vpc_ids"] = []any{} }, "vpc_ids"},
		{"vpc id blank", func(m map[string]any) { m["vpc_ids"] = []any{""} }, "vpc_ids[0]"},
		{"bgp empty", func(m map[string]any) { m["bgp"] = map[string]any{} }, "bgp.local_router_ip"},
		{"bgp local ip missing", func(m map[string]any) { delete(bgp(m), "local_router_ip") }, "bgp.local_router_ip"},
		{"bgp peer ip missing", func(m map[string]any) { delete(bgp(m), "peer_router_ip") }, "bgp.peer_router_ip"},
		{"bgp peer asn missing", func(m map[string]any) { delete(bgp(m), "peer_router_asn") }, "bgp.peer_router_asn"},
		{"bgp auth key missing", func(m map[string]any) { delete(bgp(m), "auth_key") }, "bgp.auth_key"},
		{"bgp ip not cidr", func(m map[string]any) { bgp(m)["local_router_ip"] = "169.254.0.1" }, "bgp.local_router_ip"},
		{"bgp peer ip garbage", func(m map[string]any) { bgp(m)["peer_router_ip"] = "nope/29" }, "bgp.peer_router_ip"},
		{"bgp asn too large", func(m map[string]any) { bgp(m)["peer_router_asn"] = int64(1) << 33 }, "bgp.peer_router_asn"},
		{"bgp asn wrong type", func(m map[string]any) { bgp(m)["peer_router_asn"] = "64999" }, "bgp.peer_router_asn"},
		{"bgp local asn negative", func(m map[string]any) { bgp(m)["local_router_asn"] = -1 }, "bgp.local_router_asn"},
		{"redundancy zone unknown", func(m map[string]any) { m["redundancy_zone"] = "MEGAPORT_GREEN" }, "redundancy_zone"},
		{"parent unknown", func(m map[string]any) { m["parent_uuid"] = "5a4981aa-9653-4bd1-bef5-d6bff52042e4" }, "parent_uuid"},
	}
	h := newHarness(t, Options{})
	h.srv.Seed(SeedAttachment{Name: "existing"})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := createBody()
			tt.edit(m)
			msg := h.do(http.MethodPost, collection, encode(t, m)).expectError(t, http.StatusUnprocessableEntity, "unprocessable_entity")
			if !strings.Contains(msg, tt.field) {
				t.Errorf("message %q does not name %s", msg, tt.field)
			}
		})
	}
	if n := len(h.srv.Attachments()); n != 1 {
		t.Errorf("%d attachments after only invalid creates, want the seeded one", n)
	}
}

func TestCreateReportsEveryProblem(t *testing.T) {
	h := newHarness(t, Options{})
	msg := h.do(http.MethodPost, collection, `{"name":"ok","region":"mars"}`).expectError(t, http.StatusUnprocessableEntity, "unprocessable_entity")
	for _, field := range []string{"connection_bandwidth_in_mbps", "region", "naas_provider", "vpc_ids"} {
		if !strings.Contains(msg, field) {
			t.Errorf("message %q does not name %s", msg, field)
		}
	}
}

func TestCreateAcceptsCaseInsensitiveEnums(t *testing.T) {
	h := newHarness(t, Options{})
	m := createBody()
	m["region"], m["redundancy_zone"] = "SGP", "megaport_blue"
	r := h.do(http.MethodPost, collection, encode(t, m))
	if r.status != http.StatusAccepted {
		t.Fatalf("create = %d %s", r.status, r.body)
	}
	pa := r.object(t)["partner_attachment"].(map[string]any)
	if pa["region"] != "SGP" || pa["redundancy_zone"] != "MEGAPORT_BLUE" || pa["naas_provider"] != "MEGAPORT" {
		t.Errorf("stored %v %v %v, want upper-case", pa["region"], pa["redundancy_zone"], pa["naas_provider"])
	}
}

func TestPatchValidation(t *testing.T) {
	tests := []struct {
		name, body, field string
	}{
		{"empty body", `{}`, "name"},
		{"blank name", `{"name":""}`, "name"},
		{"bad name", `{"name":"a/b"}`, "name"},
		{"name of another attachment", `{"name":"other"}`, "name"},
		{"empty vpc_ids", `{"vpc_ids":[]}`, "vpc_ids"},
		{"incomplete bgp", `{"bgp":{"local_router_ip":"169.254.0.1/29"}}`, "bgp.peer_router_asn"},
		{"bgp ip not cidr", `{"bgp":{"local_router_ip":"x","peer_router_ip":"169.254.0.6/29","peer_router_asn":1,"auth_key":"k"}}`, "bgp.local_router_ip"},
		{"wrong type", `{"vpc_ids":"vpc-1"}`, "vpc_ids"},
	}
	h := newHarness(t, Options{})
	id := h.srv.Seed(SeedAttachment{Name: "self"})
	h.srv.Seed(SeedAttachment{Name: "other"})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msg := h.do(http.MethodPatch, collection+"/"+id, tt.body).expectError(t, http.StatusUnprocessableEntity, "unprocessable_entity")
			if !strings.Contains(msg, tt.field) {
				t.Errorf("message %q does not name %s", msg, tt.field)
			}
		})
	}
	if r := h.do(http.MethodPatch, collection+"/"+id, `{"name":"self"}`); r.status != http.StatusAccepted {
		t.Errorf("keeping its own name = %d %s, want 202", r.status, r.body)
	}
}

func TestMalformedJSON(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.srv.Seed(SeedAttachment{})
	for _, body := range []string{`{"name":`, ``, `[]`, `"x"`} {
		h.do(http.MethodPost, collection, body).expectError(t, http.StatusBadRequest, "bad_request")
		h.do(http.MethodPatch, collection+"/"+id, body).expectError(t, http.StatusBadRequest, "bad_request")
	}
}

// A parent must exist, be neither deleting nor failed, and not be a child
// itself; a ready or still-provisioning parent takes a child.
func TestCreateRefusesUnsuitableParent(t *testing.T) {
	h := newHarness(t, Options{})
	top := h.srv.Seed(SeedAttachment{Name: "top"})
	tests := []struct {
		name, parent, want string
	}{
		{"unknown", "5a4981aa-9653-4bd1-bef5-d6bff52042e4", "does not match an existing partner attachment"},
		{"deleting", h.srv.Seed(SeedAttachment{Name: "going", State: StateDeleting}), "is being deleted"},
		{"deprovisioning", h.srv.Seed(SeedAttachment{Name: "leaving", State: StateDeprovisioning}), "is being deleted"},
		{"error", h.srv.Seed(SeedAttachment{Name: "broken", State: "ERROR"}), "in state ERROR"},
		{"failed", h.srv.Seed(SeedAttachment{Name: "failed", State: "CREATE_FAILED"}), "in state CREATE_FAILED"},
		{"child", h.srv.Seed(SeedAttachment{Name: "child", ParentUUID: top}), "is itself a child"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := createBody()
			m["name"], m["parent_uuid"] = "new-"+tt.name, tt.parent
			msg := h.do(http.MethodPost, collection, encode(t, m)).expectError(t, http.StatusUnprocessableEntity, "unprocessable_entity")
			if !strings.Contains(msg, tt.want) || !strings.Contains(msg, tt.parent) {
				t.Errorf("message %q lacks %q or the parent's ID", msg, tt.want)
			}
		})
	}
	for _, ok := range []string{top, h.srv.Seed(SeedAttachment{Name: "starting", State: StateCreating})} {
		m := createBody()
		m["name"], m["parent_uuid"] = "child-of-"+ok[:8], ok
		if r := h.do(http.MethodPost, collection, encode(t, m)); r.status != http.StatusAccepted {
			t.Errorf("child of %s = %d %s, want 202", ok, r.status, r.body)
		}
	}
}
