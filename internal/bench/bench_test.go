package bench

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/pnc-tf/terraform-provider-do/internal/fakeapi"
)

func TestEndpoint(t *testing.T) {
	for in, want := range map[string]string{
		"GET " + attachmentsPath:                       "GET /attachments",
		"GET " + attachmentsPath + "/abc":              "GET /attachments/{id}",
		"PATCH " + attachmentsPath + "/abc/":           "PATCH /attachments/{id}",
		"GET " + attachmentsPath + "/abc/bgp_auth_key": "GET /attachments/{id}/bgp_auth_key",
		"GET /v2/account":                              "GET /v2/account",
	} {
		method, path, _ := strings.Cut(in, " ")
		if got := endpoint(method, path); got != want {
			t.Errorf("endpoint(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMedian(t *testing.T) {
	if got := median([]int{5, 1, 3}); got != 3 {
		t.Errorf("odd: %d", got)
	}
	if got := median([]int{4, 1, 3, 2}); got != 2 { // (2+3)/2 in integers
		t.Errorf("even: %d", got)
	}
	got := medianCounts([]Counts{{"a": 1, "b": 9}, {"a": 3}, {"a": 2, "b": 1}})
	if got["a"] != 2 || got["b"] != 1 {
		t.Errorf("medianCounts = %v, want a:2 b:1 (a missing endpoint counts as 0)", got)
	}
}

func TestWaitSamples(t *testing.T) {
	t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	at := func(s float64) time.Time { return t0.Add(time.Duration(s * float64(time.Second))) }
	path := attachmentsPath + "/x"
	get := func(s float64, status int) fakeapi.Entry {
		return fakeapi.Entry{Method: "GET", Path: path, At: at(s), Status: status}
	}
	transitions := []fakeapi.Transition{
		{State: fakeapi.StateCreating, At: at(0)}, {State: fakeapi.StateCreated, At: at(3)},
		{State: fakeapi.StateDeleting, At: at(10)}, {State: fakeapi.StateDeleted, At: at(13)},
	}
	entries := []fakeapi.Entry{
		get(0.5, 200), get(1.5, 200), get(3.5, 200), // create: seen 0.5 s late by poll 3
		get(9, 200),                                      // a refresh before the delete: not a poll
		get(10.5, 200), get(13.25, 429), get(13.75, 404), // a throttled GET sees nothing
	}
	got, err := waitSamples("x", transitions, entries)
	if err != nil {
		t.Fatal(err)
	}
	want := []waitSample{{Op: "create", Lag: 500 * time.Millisecond, Polls: 3}, {Op: "delete", Lag: 750 * time.Millisecond, Polls: 3}}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("waitSamples = %+v, want %+v", got, want)
	}
	if _, err := waitSamples("x", transitions, entries[:3]); err == nil {
		t.Fatal("a wait that no GET saw end must be an error, not a sample")
	}
}

func TestFloors(t *testing.T) {
	if got := fixedPolls(60*time.Second, 5*time.Second); got != 12 {
		t.Errorf("fixedPolls(60s) = %d, want 12", got)
	}
	if got := fixedPolls(3*time.Second, 5*time.Second); got != 1 {
		t.Errorf("fixedPolls(3s) = %d, want 1", got)
	}
	if got := limitFloor(rateLimit); got != 0 {
		t.Errorf("limitFloor(one window's worth) = %s, want 0", got)
	}
	if got := limitFloor(4 * rateLimit); got != 3*rateWindow {
		t.Errorf("limitFloor(4 windows' worth) = %s, want %s", got, 3*rateWindow)
	}
}

func TestReportFailsOnMissedTargetOrError(t *testing.T) {
	ok := LagRow{Op: "create", Delay: time.Minute, Lag: 3 * time.Second, Polls: 11, FixedPolls: 12, MaxLag: 5 * time.Second, PollBudget: 12}
	tooMany := ok
	tooMany.Polls = 13
	cases := map[string]struct {
		rep  Report
		fail bool
	}{
		"all met":        {Report{Lags: []LagRow{ok}}, false},
		"too many polls": {Report{Lags: []LagRow{ok, tooMany}}, true},
		"scenario error": {Report{Results: []Result{{Title: "x", Err: "boom"}}}, true},
	}
	for name, tc := range cases {
		if got := tc.rep.Failed(); got != tc.fail {
			t.Errorf("%s: Failed() = %v, want %v", name, got, tc.fail)
		}
		var out bytes.Buffer
		tc.rep.Render(&out)
		if tc.fail != (strings.Contains(out.String(), "NO") || strings.Contains(out.String(), "FAILED")) {
			t.Errorf("%s: rendered report does not show the failure:\n%s", name, out.String())
		}
	}
}
