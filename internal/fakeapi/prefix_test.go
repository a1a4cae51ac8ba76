package fakeapi

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// TestPathPrefix: under Options.PathPrefix the API answers only below the
// prefix, page links keep the prefix, a request outside it is answered 404
// without being acted on, and the journal records each path as it arrived.
func TestPathPrefix(t *testing.T) {
	h := newHarness(t, Options{PathPrefix: "/gw/do/"})
	for range 3 {
		h.srv.Seed(SeedAttachment{})
	}
	get := func(path string) (*http.Response, map[string]any) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, h.srv.URL()+path, nil)
		req.Header.Set("Authorization", "Bearer "+h.srv.Token())
		resp, err := h.client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var body map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&body)
		return resp, body
	}

	resp, body := get("/gw/do" + collection + "?per_page=2")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("list under the prefix: %d %v", resp.StatusCode, body)
	}
	next, _ := body["links"].(map[string]any)["pages"].(map[string]any)["next"].(string)
	if !strings.Contains(next, "/gw/do"+collection+"?") {
		t.Errorf("next page link %q lost the prefix", next)
	}

	for _, outside := range []string{collection, "/gw" + collection, "/gw/dox" + collection, "/gw/do"} {
		if resp, _ := get(outside); resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s outside the prefix answered %d, want 404", outside, resp.StatusCode)
		}
	}
	req, _ := http.NewRequest(http.MethodDelete, h.srv.URL()+collection+"/"+h.srv.Attachments()[0].ID, nil)
	req.Header.Set("Authorization", "Bearer "+h.srv.Token())
	if resp, err := h.client.Do(req); err != nil || resp.StatusCode != http.StatusNotFound {
		t.Fatalf("DELETE outside the prefix: %v %v", resp, err)
	}
	if a := h.srv.Attachments()[0]; a.State != StateCreated {
		t.Errorf("a DELETE outside the prefix was acted on: state %s", a.State)
	}

	j := h.srv.Journal()
	if len(j) != 6 {
		t.Fatalf("journal holds %d entries, want 6: %v", len(j), j)
	}
	if j[0].Path != "/gw/do"+collection || j[0].Fault != "" || j[0].Status != http.StatusOK {
		t.Errorf("journal entry of the list: %s", j[0])
	}
	for _, e := range j[1:] {
		if e.Fault != FaultOutsidePrefix || e.Status != http.StatusNotFound {
			t.Errorf("journal entry outside the prefix: %s (fault %q)", e, e.Fault)
		}
	}
}
