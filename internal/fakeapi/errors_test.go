package fakeapi

import (
	"net/http"
	"testing"
)

// idRoutes are all the endpoints with a {pa_id} path segment.
var idRoutes = []struct{ method, suffix string }{
	{http.MethodGet, ""},
	{http.MethodPatch, ""},
	{http.MethodDelete, ""},
	{http.MethodGet, "/bgp_auth_key"},
	{http.MethodGet, "/remote_routes"},
	{http.MethodGet, "/service_key"},
	{http.MethodPost, "/service_key"},
}

func TestUnauthorized(t *testing.T) {
	h := newHarness(t, Options{})
	for _, auth := range []string{"", "Bearer wrong", "Basic " + DefaultToken, DefaultToken, "Bearer"} {
		for _, path := range []string{collection, collection + "/x", "/v2/elsewhere"} {
			msg := h.doAs(auth, http.MethodGet, path, "").expectError(t, http.StatusUnauthorized, "unauthorized")
			if msg != "Unable to authenticate you." {
				t.Errorf("message = %q", msg)
			}
		}
	}
	if r := h.doAs("bearer "+DefaultToken, http.MethodGet, collection, ""); r.status != http.StatusOK {
		t.Errorf("lower-case scheme = %d, want 200", r.status)
	}
}

func TestCustomAndReadOnlyTokens(t *testing.T) {
	h := newHarness(t, Options{Token: "full", ReadOnlyToken: "reader"})
	if r := h.doAs("Bearer full", http.MethodPost, collection, encode(t, createBody())); r.status != http.StatusAccepted {
		t.Errorf("full token create = %d", r.status)
	}
	if r := h.doAs("Bearer reader", http.MethodGet, collection, ""); r.status != http.StatusOK {
		t.Errorf("read-only GET = %d", r.status)
	}
	h.doAs("Bearer reader", http.MethodPost, collection, encode(t, createBody())).expectError(t, http.StatusForbidden, "forbidden")
	h.doAs("Bearer "+DefaultToken, http.MethodGet, collection, "").expectError(t, http.StatusUnauthorized, "unauthorized")
}

func TestNotFoundOnEveryIDPath(t *testing.T) {
	h := newHarness(t, Options{})
	deleted := h.srv.Seed(SeedAttachment{})
	h.srv.DeleteOutOfBand(deleted)
	for _, id := range []string{"5a4981aa-9653-4bd1-bef5-d6bff52042e4", deleted} {
		for _, rt := range idRoutes {
			body := ""
			if rt.method == http.MethodPatch {
				body = `{"name":"x"}`
			}
			msg := h.do(rt.method, collection+"/"+id+rt.suffix, body).expectError(t, http.StatusNotFound, "not_found")
			if msg != "The resource you were accessing could not be found." {
				t.Errorf("%s %s: message = %q", rt.method, rt.suffix, msg)
			}
		}
	}
}

func TestUnknownPaths(t *testing.T) {
	h := newHarness(t, Options{})
	for _, path := range []string{"/", "/v2/vpcs", collection + "x", collection + "/id/unknown", collection + "/id/service_key/more", collection + "//service_key"} {
		h.do(http.MethodGet, path, "").expectError(t, http.StatusNotFound, "not_found")
	}
}

func TestMethodNotAllowed(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.srv.Seed(SeedAttachment{})
	tests := []struct{ method, path, allow string }{
		{http.MethodPut, collection, "GET, POST"},
		{http.MethodPut, collection + "/" + id, "DELETE, GET, PATCH"},
		{http.MethodPost, collection + "/" + id + "/bgp_auth_key", "GET"},
		{http.MethodDelete, collection + "/" + id + "/service_key", "GET, POST"},
	}
	for _, tt := range tests {
		r := h.do(tt.method, tt.path, "")
		r.expectError(t, http.StatusMethodNotAllowed, "method_not_allowed")
		if got := r.header.Get("Allow"); got != tt.allow {
			t.Errorf("%s %s: Allow = %q, want %q", tt.method, tt.path, got, tt.allow)
		}
	}
}

func TestTrailingSlashTolerated(t *testing.T) {
	h := newHarness(t, Options{})
	id := h.srv.Seed(SeedAttachment{})
	for _, path := range []string{collection + "/", collection + "/" + id + "/"} {
		if r := h.do(http.MethodGet, path, ""); r.status != http.StatusOK {
			t.Errorf("GET %s = %d", path, r.status)
		}
	}
}

func TestErrorIDs(t *testing.T) {
	tests := map[int]string{
		400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
		422: "unprocessable_entity", 429: "too_many_requests", 500: "server_error", 502: "bad_gateway",
		503: "service_unavailable", 504: "gateway_timeout", 599: "unexpected_error",
	}
	for status, want := range tests {
		if got := errorID(status); got != want {
			t.Errorf("errorID(%d) = %s, want %s", status, got, want)
		}
	}
}
