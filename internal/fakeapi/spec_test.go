package fakeapi

import (
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// Expected JSON keys. They are the keys of the spec's response examples
// (resources/partner_network_connect/responses/*.yml), plus, for an
// attachment, redundancy_zone, parent_uuid and children, which the real API
// returns and godo reads. TestSpecExampleKeys checks them against the spec
// files when those are available.
var (
	specAttachmentKeys = []string{"bgp", "connection_bandwidth_in_mbps", "created_at", "id", "naas_provider", "name", "region", "state", "vpc_ids"}
	attachmentKeys     = sorted(append([]string{"children", "parent_uuid", "redundancy_zone"}, specAttachmentKeys...))
	bgpKeys            = []string{"local_asn", "local_router_ip", "peer_asn", "peer_router_ip"}
	serviceKeyKeys     = []string{"created_at", "state", "value"}
	authKeyKeys        = []string{"value"}
	routeKeys          = []string{"cidr"}
	listKeys           = []string{"links", "meta", "partner_attachments"}
	routesListKeys     = []string{"links", "meta", "remote_routes"}
)

func sorted(s []string) []string { slices.Sort(s); return s }

func TestResponseKeysMatchSpec(t *testing.T) {
	h := newHarness(t, Options{ProvisioningDelay: time.Second})
	created := h.do(http.MethodPost, collection, encode(t, createBody()))
	id := created.object(t)["partner_attachment"].(map[string]any)["id"].(string)
	h.srv.SetRemoteRoutes(id, []string{"10.10.10.0/24"})
	h.clock.Advance(time.Second)

	single := func(r reply) map[string]any {
		t.Helper()
		m := r.object(t)
		assertKeys(t, "single attachment root", m, []string{"partner_attachment"})
		return m["partner_attachment"].(map[string]any)
	}
	attachments := map[string]map[string]any{
		"create": single(created),
		"get":    single(h.do(http.MethodGet, collection+"/"+id, "")),
	}
	list := h.do(http.MethodGet, collection, "").object(t)
	assertKeys(t, "list", list, listKeys)
	assertKeys(t, "meta", list["meta"].(map[string]any), []string{"total"})
	attachments["list item"] = list["partner_attachments"].([]any)[0].(map[string]any)
	attachments["patch"] = single(h.do(http.MethodPatch, collection+"/"+id, `{"name":"renamed"}`))
	h.clock.Advance(time.Second)

	routes := h.do(http.MethodGet, collection+"/"+id+"/remote_routes", "").object(t)
	assertKeys(t, "remote routes", routes, routesListKeys)
	assertKeys(t, "remote route", routes["remote_routes"].([]any)[0].(map[string]any), routeKeys)
	key := h.do(http.MethodGet, collection+"/"+id+"/service_key", "").object(t)
	assertKeys(t, "service key", key["service_key"].(map[string]any), serviceKeyKeys)
	auth := h.do(http.MethodGet, collection+"/"+id+"/bgp_auth_key", "").object(t)
	assertKeys(t, "bgp auth key", auth["bgp_auth_key"].(map[string]any), authKeyKeys)

	attachments["delete"] = single(h.do(http.MethodDelete, collection+"/"+id, ""))
	for name, a := range attachments {
		assertKeys(t, name, a, attachmentKeys)
		assertKeys(t, name+" bgp", a["bgp"].(map[string]any), bgpKeys)
		if _, err := time.Parse(time.RFC3339, a["created_at"].(string)); err != nil {
			t.Errorf("%s created_at: %v", name, err)
		}
	}
}

func assertKeys(t *testing.T, what string, m map[string]any, want []string) {
	t.Helper()
	if got := keys(m); !slices.Equal(got, want) {
		t.Errorf("%s keys = %v, want %v", what, got, want)
	}
}

// TestSpecExampleKeys keeps the expected keys above honest against the
// spec's example responses.
func TestSpecExampleKeys(t *testing.T) {
	dir := findSpecDir(t)
	tests := []struct {
		file string
		path []string
		want []string
	}{
		{"single_partner_attachment.yml", []string{"example", "partner_attachment"}, specAttachmentKeys},
		{"single_partner_attachment.yml", []string{"example", "partner_attachment", "bgp"}, bgpKeys},
		{"single_partner_attachment_deleting.yml", []string{"example", "partner_attachment"}, specAttachmentKeys},
		// The list example also shows "urn", which the model does not define
		// and godo ignores; the emulator leaves it out.
		{"all_partner_attachments.yml", []string{"example", "partner_attachments"}, sorted(append([]string{"urn"}, specAttachmentKeys...))},
		{"all_partner_attachments.yml", []string{"example"}, listKeys},
		{"all_partner_attachment_remote_routes.yml", []string{"example"}, routesListKeys},
		{"all_partner_attachment_remote_routes.yml", []string{"example", "remote_routes"}, routeKeys},
		{"single_partner_attachment_service_key.yml", []string{"example", "service_key"}, serviceKeyKeys},
		{"single_partner_attachment_bgp_auth_key.yml", []string{"example", "bgp_auth_key"}, authKeyKeys},
	}
	for _, tt := range tests {
		data, err := os.ReadFile(filepath.Join(dir, tt.file))
		if err != nil {
			t.Fatal(err)
		}
		if got := sorted(yamlChildKeys(string(data), tt.path...)); !slices.Equal(got, tt.want) {
			t.Errorf("%s %v: spec keys %v, test expects %v", tt.file, tt.path, got, tt.want)
		}
	}
}

// findSpecDir looks for shared/spec beside the repository (or any parent).
func findSpecDir(t *testing.T) string {
	t.Helper()
	dir, _ := os.Getwd()
	for {
		p := filepath.Join(dir, "shared", "spec", "openapi", "resources", "partner_network_connect", "responses")
		if _, err := os.Stat(p); err == nil {
			return p
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("spec not found beside the repository")
		}
		dir = parent
	}
}

// yamlChildKeys returns the keys of the mapping reached by following path in
// a simple block-style YAML document; a list is entered through its first
// item. It understands just enough YAML for the spec's examples.
func yamlChildKeys(doc string, path ...string) []string {
	type line struct {
		indent int
		key    string
		item   bool
	}
	var lines []line
	for _, raw := range strings.Split(doc, "\n") {
		text := strings.TrimLeft(raw, " ")
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		l := line{indent: len(raw) - len(text)}
		if rest, ok := strings.CutPrefix(text, "- "); ok {
			l.item, l.indent, text = true, l.indent+2, rest
		}
		if k, _, ok := strings.Cut(text, ":"); ok && !strings.ContainsAny(k, " \"'") {
			l.key = k
		}
		lines = append(lines, l)
	}
	depth, i := -1, 0
	for _, step := range path {
		for i < len(lines) && (lines[i].key != step || lines[i].indent <= depth) {
			i++
		}
		if i == len(lines) {
			return nil
		}
		depth = lines[i].indent
		i++
	}
	var out []string
	for j := i; j < len(lines) && lines[j].indent > depth; j++ {
		l := lines[j]
		if l.indent != lines[i].indent {
			continue
		}
		if l.item && j != i { // the second list item: the first one is enough
			break
		}
		out = append(out, l.key)
	}
	return out
}
