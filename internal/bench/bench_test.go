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
	rc := rateCases[0]
	if got := rc.limitFloor(rc.limit); got != 0 {
		t.Errorf("limitFloor(one window's worth) = %s, want 0", got)
	}
	if got := rc.limitFloor(4 * rc.limit); got != 3*rc.window {
		t.Errorf("limitFloor(4 windows' worth) = %s, want %s", got, 3*rc.window)
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

func TestProcStatCPU(t *testing.T) {
	// Fields 14 and 15 (utime 180, stime 46) after a command name holding
	// spaces and a parenthesis.
	stat := "4242 (terraform-pro) x) S 1 4242 4242 0 -1 4194560 1510 0 0 0 180 46 0 0 20 0 9 0 3712 1337 2048\n"
	got, err := procStatCPU(stat)
	if err != nil || got != 2260*time.Millisecond {
		t.Errorf("procStatCPU = %v, %v; want 2.26s", got, err)
	}
	for _, bad := range []string{"", "4242 (x) S 1 2", "4242 (x) S 1 4242 4242 0 -1 4194560 1510 0 0 0 abc 46"} {
		if _, err := procStatCPU(bad); err == nil {
			t.Errorf("procStatCPU(%q) did not fail", bad)
		}
	}
}

func TestParseReattach(t *testing.T) {
	const value = `{"registry.terraform.io/pnc-tf/do":{"Protocol":"grpc","ProtocolVersion":6,"Pid":12449,"Test":true,"Addr":{"Network":"unix","String":"/tmp/plugin3837260854"}}}`
	if got, ok := parseReattach("\tTF_REATTACH_PROVIDERS='" + value + "'\n"); !ok || got != value {
		t.Errorf("parseReattach = %q, %v", got, ok)
	}
	// A ' in the value is shell-quoted as '"'"'.
	quoted := strings.ReplaceAll(value, "plugin38", `plugin'"'"'38`)
	if got, ok := parseReattach("TF_REATTACH_PROVIDERS='" + quoted + "'"); !ok || !strings.Contains(got, "plugin'38") {
		t.Errorf("quoted: parseReattach = %q, %v", got, ok)
	}
	for _, bad := range []string{
		"Provider started. To attach Terraform CLI, set the TF_REATTACH_PROVIDERS environment variable with the following:",
		"TF_REATTACH_PROVIDERS='" + value, // cut short
		"TF_REATTACH_PROVIDERS='" + strings.ReplaceAll(value, "pnc-tf/do", "other/do") + "'",
		`TF_REATTACH_PROVIDERS='{"registry.terraform.io/pnc-tf/do":{}}'`,
	} {
		if got, ok := parseReattach(bad); ok {
			t.Errorf("parseReattach(%q) = %q, want no match", bad, got)
		}
	}
}

func TestReattachWatchFindsTheLineAcrossWrites(t *testing.T) {
	const value = `{"registry.terraform.io/pnc-tf/do":{"Protocol":"grpc","Addr":{"Network":"unix","String":"/tmp/p"}}}`
	r := newReattachWatch()
	out := "Provider started.\n\n\tTF_REATTACH_PROVIDERS='" + value + "'\n\n"
	for _, chunk := range []string{out[:30], out[30:60], out[60:]} {
		_, _ = r.Write([]byte(chunk))
	}
	select {
	case got := <-r.found:
		if got != value {
			t.Errorf("found %q", got)
		}
	default:
		t.Fatal("reattach line not found")
	}
}

func TestPlanSummaryAndRatios(t *testing.T) {
	ms := func(n int) time.Duration { return time.Duration(n) * time.Millisecond }
	ours := []planSample{
		{Wall: ms(1000), TerraformCPU: ms(900), ProviderCPU: ms(2000), LogBytes: 16 << 20, Requests: Counts{epList: 1, epGet: 1}},
		{Wall: ms(1200), TerraformCPU: ms(1100), ProviderCPU: ms(2600), LogBytes: 16 << 20, Requests: Counts{epList: 1, epGet: 1}},
		{Wall: ms(1100), TerraformCPU: ms(1000), ProviderCPU: ms(2400), LogBytes: 16 << 20, Requests: Counts{epList: 1, epGet: 1}},
	}
	floorRuns := []planSample{
		{Wall: ms(500), TerraformCPU: ms(1000), ProviderCPU: ms(600), LogBytes: 1},
		{Wall: ms(550), TerraformCPU: ms(1000), ProviderCPU: ms(600), LogBytes: 1},
	}
	var r, floor Result
	r.Wall, r.Requests, r.CPU = summarizePlans(ours)
	floor.Wall, floor.Requests, floor.CPU = summarizePlans(floorRuns)
	if r.Wall.Median != ms(1100) || r.Requests[epGet] != 1 || len(r.CPU) != 2 || r.CPU[1].CPU.Median != ms(2400) {
		t.Fatalf("summary = %+v %v %+v", r.Wall, r.Requests, r.CPU)
	}
	if floor.Wall.Median != ms(525) || floor.Requests.Total() != 0 {
		t.Fatalf("floor summary = %+v %v", floor.Wall, floor.Requests)
	}
	row := ratioRow(50*time.Millisecond, r, floor)
	if row.Wall < 2.09 || row.Wall > 2.1 || row.ProviderCPU != 4 || row.TerraformCPU != 1 {
		t.Errorf("ratioRow = %+v, want wall 1100/525, provider CPU 4, terraform CPU 1", row)
	}
	if ratio(ms(5), 0) != 0 || fmtRatio(0) != "n/a" || fmtRatio(2.345) != "2.35x" {
		t.Error("a ratio over a zero floor must print as n/a")
	}
	// Terraform starting the provider: only its own, inclusive, CPU.
	_, _, child := summarizePlans([]planSample{{Wall: ms(1), TerraformCPU: ms(3000)}})
	if len(child) != 1 || child[0].Process != "terraform + the providers it started" {
		t.Errorf("child rows = %+v", child)
	}
	if !sameCounts(Counts{epList: 1}, Counts{epList: 1, epGet: 0}) || sameCounts(Counts{epList: 1}, Counts{epList: 1, epGet: 1}) {
		t.Error("sameCounts")
	}
	if got := medianBytes(ours); got != 16<<20 {
		t.Errorf("medianBytes = %d", got)
	}
}

func TestRenderCPUAndRatios(t *testing.T) {
	rep := Report{Runs: 5, Results: []Result{
		{Title: "6a. plan", Wall: spread{Median: time.Second, Min: time.Second, Max: time.Second, N: 5},
			CPU: []CPURow{{Process: "terraform", CPU: spread{Median: 1300 * time.Millisecond, Min: time.Second, Max: 2 * time.Second, N: 5}},
				{Process: "provider", CPU: spread{Median: 2490 * time.Millisecond, N: 5}}}},
		{Title: "6d. provider / floor (medians)", Ratios: []RatioRow{{Latency: 0, Wall: 1.18, ProviderCPU: 1.284, TerraformCPU: 1}, {Latency: 50 * time.Millisecond}}},
	}}
	var out bytes.Buffer
	rep.Render(&out)
	for _, want := range []string{
		"process    CPU (median)  min  max",
		"terraform          1.3s   1s   2s",
		"provider          2.49s",
		"API latency   wall  provider CPU  terraform CPU",
		"0 ms         1.18x         1.28x          1.00x",
		"50 ms          n/a           n/a            n/a",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
	if fmtBytes(1536) != "1.5 KiB" || fmtBytes(16<<20) != "16.0 MiB" {
		t.Errorf("fmtBytes: %s, %s", fmtBytes(1536), fmtBytes(16<<20))
	}
}

func TestLoadAverage(t *testing.T) {
	if got := parseLoadAverage("0.84 3.37 4.25 1/97 28137\n"); got != "0.84 3.37 4.25" {
		t.Errorf("parseLoadAverage = %q", got)
	}
	if got := parseLoadAverage(""); got != "" {
		t.Errorf("parseLoadAverage(empty) = %q", got)
	}
	var out bytes.Buffer
	Report{Runs: 1, LoadStart: "0.84 3.37 4.25", LoadEnd: "2.77 3.38 4.18"}.Render(&out)
	if !strings.Contains(out.String(), "load average (1, 5, 15 min): 0.84 3.37 4.25 at the start, 2.77 3.38 4.18 at the end\n") {
		t.Errorf("report header lacks the load:\n%s", out.String())
	}
}
