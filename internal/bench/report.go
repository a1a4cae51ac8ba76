package bench

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
)

// Render writes the report as plain-text tables, one per scenario.
func (r Report) Render(w io.Writer) {
	fmt.Fprintf(w, "pnc-tf/do benchmark, %s, %s, %s per scenario (medians)\n",
		r.Started.UTC().Format("2006-01-02 15:04 MST"), r.Platform, plural(r.Runs, "run"))
	if r.LoadStart != "" || r.LoadEnd != "" {
		fmt.Fprintf(w, "load average (1, 5, 15 min): %s at the start, %s at the end\n", r.LoadStart, r.LoadEnd)
	}
	for _, res := range r.Results {
		res.render(w)
	}
	if len(r.Lags) > 0 {
		renderLags(w, r.Lags)
	}
}

func (res Result) render(w io.Writer) {
	fmt.Fprintf(w, "\n%s\n", res.Title)
	if res.Err != "" {
		fmt.Fprintf(w, "  FAILED: %s\n", res.Err)
	}
	if res.Wall.N > 0 {
		fmt.Fprintf(w, "  wall time: %s median (min %s, max %s, %s)\n",
			fmtDur(res.Wall.Median), fmtDur(res.Wall.Min), fmtDur(res.Wall.Max), plural(res.Wall.N, "run"))
	}
	if len(res.CPU) > 0 {
		rows := [][]string{{"process", "CPU (median)", "min", "max"}}
		for _, c := range res.CPU {
			rows = append(rows, []string{c.Process, fmtDur(c.CPU.Median), fmtDur(c.CPU.Min), fmtDur(c.CPU.Max)})
		}
		writeTable(w, rows)
	}
	if len(res.Ratios) > 0 {
		rows := [][]string{{"API latency", "wall", "provider CPU", "terraform CPU"}}
		for _, r := range res.Ratios {
			rows = append(rows, []string{fmtLatency(r.Latency), fmtRatio(r.Wall), fmtRatio(r.ProviderCPU), fmtRatio(r.TerraformCPU)})
		}
		writeTable(w, rows)
	}
	if len(res.Steps) > 0 {
		rows := [][]string{{"step", "wall (median)", "requests", "fewest"}}
		for _, s := range res.Steps {
			rows = append(rows, []string{s.Name, fmtDur(s.Wall.Median), strconv.Itoa(s.Requests), strconv.Itoa(s.Fewest)})
		}
		writeTable(w, rows)
	}
	if len(res.Requests) > 0 || len(res.Fewest) > 0 {
		rows := [][]string{{"endpoint", "requests", "fewest"}}
		for _, k := range sortedKeys(res.Requests, res.Fewest) {
			rows = append(rows, []string{k, strconv.Itoa(res.Requests[k]), strconv.Itoa(res.Fewest[k])})
		}
		rows = append(rows, []string{"total", strconv.Itoa(res.Requests.Total()), strconv.Itoa(res.Fewest.Total())})
		if res.Throttled > 0 {
			rows = append(rows, []string{"of which answered 429", strconv.Itoa(res.Throttled), ""})
		}
		writeTable(w, rows)
	}
	for _, n := range res.Notes {
		fmt.Fprintf(w, "  %s\n", n)
	}
}

func renderLags(w io.Writer, lags []LagRow) {
	fmt.Fprintf(w, "\n5. waiter lag: state change in the emulator -> the GET that saw it\n")
	rows := [][]string{{"wait", "provisioning", "runs", "lag", "GETs", "fixed 5 s poll GETs", "target", "met"}}
	for _, l := range lags {
		target := "lag <= " + fmtDur(l.MaxLag)
		if l.PollBudget > 0 {
			target += fmt.Sprintf(", GETs <= %d", l.PollBudget)
		}
		met := "yes"
		if !l.Met() {
			met = "NO"
		}
		rows = append(rows, []string{l.Op, fmtDur(l.Delay), strconv.Itoa(l.Runs), fmtDur(l.Lag),
			strconv.Itoa(l.Polls), strconv.Itoa(l.FixedPolls), target, met})
	}
	writeTable(w, rows)
}

// writeTable prints rows (the first is the header) indented, the first
// column aligned left and the others, mostly numbers, right.
func writeTable(w io.Writer, rows [][]string) {
	width := 0
	for _, r := range rows {
		width = max(width, len(r[0]))
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	for _, r := range rows {
		fmt.Fprintf(tw, "  %-*s\t%s\t\n", width, r[0], strings.Join(r[1:], "\t"))
	}
	_ = tw.Flush()
}

// fmtDur prints durations at a precision that suits a table.
func fmtDur(d time.Duration) string {
	switch {
	case d >= 10*time.Second:
		return d.Round(100 * time.Millisecond).String()
	case d >= time.Second:
		return d.Round(10 * time.Millisecond).String()
	default:
		return d.Round(time.Millisecond).String()
	}
}

// fmtLatency prints an API latency in milliseconds, e.g. "50 ms".
func fmtLatency(d time.Duration) string {
	return fmt.Sprintf("%d ms", d.Milliseconds())
}

// fmtRatio prints a ratio such as 2.35x; 0 stands for "no floor to divide by".
func fmtRatio(r float64) string {
	if r <= 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.2fx", r)
}

// fmtBytes prints a size in KiB or MiB.
func fmtBytes(n int64) string {
	if n < 1<<20 {
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
