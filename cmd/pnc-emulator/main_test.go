package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pnc-tf/terraform-provider-do/internal/fakeapi"
)

// syncBuffer lets the test read what run prints while it is still running.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestRunServesUntilCancelled(t *testing.T) {
	urlFile := filepath.Join(t.TempDir(), "url")
	ctx, cancel := context.WithCancel(context.Background())
	var out syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-token", "tok", "-delay", "0s", "-url-file", urlFile}, &out, io.Discard)
	}()

	var url string
	for deadline := time.Now().Add(5 * time.Second); url == "" && time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if data, err := os.ReadFile(urlFile); err == nil {
			url = strings.TrimSpace(string(data))
		}
	}
	if url == "" {
		t.Fatal("url file never written")
	}
	if status := get(t, url+"/v2/partner_network_connect/attachments", "tok"); status != http.StatusOK {
		t.Errorf("status = %d", status)
	}

	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if got := out.String(); !strings.Contains(got, "PNC emulator listening on "+url) || !strings.Contains(got, "token: tok") {
		t.Errorf("output = %q", got)
	}
}

func TestRunRefusesNonLoopback(t *testing.T) {
	err := run(context.Background(), []string{"-addr", "0.0.0.0:0"}, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "non-loopback") {
		t.Errorf("err = %v", err)
	}
}

// get sends an authenticated GET and returns the status.
func get(t *testing.T, url, token string) int {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	return resp.StatusCode
}

// start runs the emulator with args (plus a url file) until the test ends
// and returns its base URL and what it printed.
func start(t *testing.T, args ...string) (string, *syncBuffer) {
	t.Helper()
	urlFile := filepath.Join(t.TempDir(), "url")
	ctx, cancel := context.WithCancel(context.Background())
	out := &syncBuffer{}
	done := make(chan error, 1)
	go func() { done <- run(ctx, append(args, "-url-file", urlFile), out, io.Discard) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	})
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if data, err := os.ReadFile(urlFile); err == nil && strings.HasSuffix(string(data), "\n") {
			return strings.TrimSpace(string(data)), out
		}
	}
	t.Fatal("url file never written")
	return "", nil
}

// call sends an authenticated request with the default token and returns
// the response with its body read.
func call(t *testing.T, method, url, body string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+fakeapi.DefaultToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return resp, string(data)
}

const attachments = "/v2/partner_network_connect/attachments"

// create creates an attachment and returns its id and the raw answer.
func create(t *testing.T, url string) (string, *http.Response, string) {
	t.Helper()
	resp, body := call(t, http.MethodPost, url+attachments, `{"name":"cli","connection_bandwidth_in_mbps":1000,"region":"nyc","naas_provider":"megaport","vpc_ids":["vpc-1"]}`)
	var created struct {
		PartnerAttachment struct{ ID string } `json:"partner_attachment"`
	}
	if err := json.Unmarshal([]byte(body), &created); resp.StatusCode != http.StatusAccepted || err != nil {
		t.Fatalf("create = %d %s", resp.StatusCode, body)
	}
	return created.PartnerAttachment.ID, resp, body
}

func TestRunProfileFlags(t *testing.T) {
	t.Run("default", func(t *testing.T) {
		_, out := start(t)
		if !strings.Contains(out.String(), "profiles: default\n") {
			t.Errorf("output = %q", out.String())
		}
	})
	t.Run("eventual, sparse and hourly limits", func(t *testing.T) {
		url, out := start(t, "-profile", " eventual, sparse,do-rate-limits ,eventual", "-lag", "1h", "-hourly-limit", "7", "-delay", "0s")
		if !strings.Contains(out.String(), "profiles: eventual, sparse, do-rate-limits\n") {
			t.Errorf("output = %q", out.String())
		}
		id, resp, body := create(t, url)
		if !strings.Contains(body, `"urn":`) || resp.Header.Get("ratelimit-limit") != "7" {
			t.Errorf("create = %v %s, want a sparse body and the hourly limit", resp.Header, body)
		}
		resp, body = call(t, http.MethodGet, url+attachments+"/"+id, "")
		if resp.StatusCode != http.StatusNotFound || strings.Contains(body, "request_id") {
			t.Errorf("GET within the lag = %d %s, want a sparse 404", resp.StatusCode, body)
		}
	})
	t.Run("deleted-visible", func(t *testing.T) {
		url, _ := start(t, "-profile", "deleted-visible", "-deleted-visible-for", "1h", "-delay", "0s")
		id, _, _ := create(t, url)
		call(t, http.MethodDelete, url+attachments+"/"+id, "")
		if resp, body := call(t, http.MethodGet, url+attachments+"/"+id, ""); resp.StatusCode != http.StatusOK || !strings.Contains(body, `"state":"DELETED"`) {
			t.Errorf("GET after delete = %d %s", resp.StatusCode, body)
		}
	})
	t.Run("proxy-faults", func(t *testing.T) {
		url, _ := start(t, "-profile", "proxy-faults", "-proxy-fault-every", "1")
		if resp, body := call(t, http.MethodGet, url+attachments, ""); resp.StatusCode != http.StatusBadGateway || !strings.Contains(body, "nginx") {
			t.Errorf("first request = %d %s, want the proxy's 502", resp.StatusCode, body)
		}
	})
}

func TestRunLatencyFlag(t *testing.T) {
	const latency = 50 * time.Millisecond
	url, _ := start(t, "-latency", latency.String())
	begin := time.Now()
	if resp, body := call(t, http.MethodGet, url+attachments, ""); resp.StatusCode != http.StatusOK {
		t.Fatalf("GET = %d %s", resp.StatusCode, body)
	}
	// A lower bound only: a loaded machine may answer later, never sooner.
	if elapsed := time.Since(begin); elapsed < latency {
		t.Errorf("answered after %v with -latency %v", elapsed, latency)
	}
}

func TestRunRejectsUnknownProfile(t *testing.T) {
	err := run(context.Background(), []string{"-profile", "eventual,bogus"}, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), `unknown profile "bogus"`) {
		t.Fatalf("err = %v", err)
	}
	for _, p := range fakeapi.Profiles() {
		if !strings.Contains(err.Error(), string(p)) {
			t.Errorf("error %q does not name %s", err, p)
		}
	}
}

func TestHelpListsProfiles(t *testing.T) {
	var help bytes.Buffer
	if err := run(context.Background(), []string{"-h"}, io.Discard, &help); !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("err = %v", err)
	}
	for _, p := range fakeapi.Profiles() {
		if !strings.Contains(help.String(), string(p)+": "+p.Describe()) {
			t.Errorf("help does not describe %s:\n%s", p, help.String())
		}
	}
	for _, name := range []string{"-latency", "-lag", "-deleted-visible-for", "-hourly-limit", "-proxy-fault-every"} {
		if !strings.Contains(help.String(), name) {
			t.Errorf("help lacks %s", name)
		}
	}
}

func TestRunListsProfiles(t *testing.T) {
	var out strings.Builder
	if err := run(context.Background(), []string{"-list-profiles"}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, p := range fakeapi.Profiles() {
		want = append(want, string(p))
	}
	if got := strings.Fields(out.String()); !slices.Equal(got, want) {
		t.Fatalf("-list-profiles printed %q, want %q", got, want)
	}
}

func TestRunPrintsTheCombinedProfiles(t *testing.T) {
	var out strings.Builder
	if err := run(context.Background(), []string{"-combined-profiles"}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	got := strings.TrimSpace(out.String())
	if _, err := fakeapi.ParseProfiles(got); err != nil {
		t.Fatalf("-combined-profiles printed %q, which does not parse: %v", got, err)
	}
	for _, want := range []string{"spec-examples", "do-rate-limits", "strict-delete", "proxy-faults"} {
		if !slices.Contains(strings.Split(got, ","), want) {
			t.Errorf("-combined-profiles printed %q, without %s", got, want)
		}
	}
	for _, alternative := range []string{"active-upper", "do-rate-limits-no-retry-after", "strict-delete-422"} {
		if slices.Contains(strings.Split(got, ","), alternative) {
			t.Errorf("-combined-profiles printed %q, with the alternative %s", got, alternative)
		}
	}
}

// -path-prefix serves the API under a path: the URL written (and printed)
// includes it, and the API answers only there.
func TestRunPathPrefix(t *testing.T) {
	url, out := start(t, "-path-prefix", "/gw/do/")
	if !strings.HasSuffix(url, "/gw/do") {
		t.Fatalf("url file holds %q, want it to end in /gw/do", url)
	}
	if resp, body := call(t, http.MethodGet, url+attachments, ""); resp.StatusCode != http.StatusOK {
		t.Errorf("GET under the prefix = %d %s", resp.StatusCode, body)
	}
	root := strings.TrimSuffix(url, "/gw/do")
	if resp, _ := call(t, http.MethodGet, root+attachments, ""); resp.StatusCode != http.StatusNotFound {
		t.Errorf("GET outside the prefix = %d, want 404", resp.StatusCode)
	}
	if !strings.Contains(out.String(), "listening on "+url) {
		t.Errorf("banner %q does not give the URL with the prefix", out.String())
	}
	if err := run(context.Background(), []string{"-path-prefix", "do"}, io.Discard, io.Discard); err == nil || !strings.Contains(err.Error(), "must start with /") {
		t.Errorf("-path-prefix without a leading slash: %v", err)
	}
}
