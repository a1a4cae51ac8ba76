// Package bench measures the provider through the real Terraform CLI against
// the Partner Network Connect emulator: API requests by endpoint (from the
// emulator's journal), wall times and waiter lag, next to the fewest requests
// the API would allow. cmd/bench runs it (`make bench`).
package bench

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"
)

// Options says what to run.
type Options struct {
	Tools Tools
	// Runs is how many times each fast scenario runs; tables show medians.
	Runs int
	// Slow adds the lifecycle at 60 s provisioning (about 3 minutes, run
	// once, alongside the other scenarios since it mostly sleeps).
	Slow bool
	// Keep leaves working directories (with Terraform's output) behind;
	// those of failed runs are always kept.
	Keep bool
	// Only, when not empty, limits the run to these scenarios ("1" .. "4",
	// "6", "7"; 5, the waiter lag, comes with 1; "6" runs 6a to 6d, "7" 7a
	// and 7b).
	Only []string
	// CPUProfileDir, when set, makes scenario 6 run as many more 0 ms plans
	// with the provider writing a CPU profile of each there
	// (provider-0ms-N.pprof; main.go's -cpuprofile).
	CPUProfileDir string
	// Progress receives one line per run; nil for silence.
	Progress io.Writer
}

// wants reports whether scenario n is to run.
func (o Options) wants(n string) bool { return len(o.Only) == 0 || slices.Contains(o.Only, n) }

// slowDelay is the long provisioning delay of scenario 1.
const slowDelay = 60 * time.Second

type bench struct {
	opts Options
	tmp  string
	mu   sync.Mutex // serialises progress lines
}

// Run runs every scenario and returns the report.
func Run(ctx context.Context, opts Options) (Report, error) {
	opts.Runs = max(opts.Runs, 1)
	opts.Slow = opts.Slow && opts.wants("1")
	tmp, err := os.MkdirTemp("", "pnc-bench-")
	if err != nil {
		return Report{}, err
	}
	b := &bench{opts: opts, tmp: tmp}
	rep := Report{Started: time.Now(), Runs: opts.Runs, LoadStart: loadAverage(),
		Platform: fmt.Sprintf("%s/%s, %d CPUs, %s", runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.Version())}

	// The 60 s lifecycle is idle nearly all the time (one GET every few
	// seconds), so it runs beside the others instead of adding 3 minutes.
	type slowResult struct {
		res  Result
		lags []LagRow
	}
	slow := make(chan slowResult, 1)
	if opts.Slow {
		go func() {
			res, lags := b.lifecycle(ctx, "1b. lifecycle of one attachment, 60 s provisioning", slowDelay, 1)
			slow <- slowResult{res, lags}
		}()
	}
	if opts.wants("1") {
		res, lags := b.lifecycle(ctx, "1a. lifecycle of one attachment, 3 s provisioning", 3*time.Second, opts.Runs)
		rep.Results, rep.Lags = append(rep.Results, res), append(rep.Lags, lags...)
	}
	var rest []Result
	if opts.wants("2") {
		rest = append(rest, b.refresh(ctx, opts.Runs))
	}
	if opts.wants("3") {
		for _, rc := range rateCases {
			rest = append(rest, b.rateLimited(ctx, rc, opts.Runs))
		}
	}
	if opts.wants("4") {
		rest = append(rest, b.startup(ctx, max(opts.Runs, 5)))
	}
	if opts.wants("6") {
		rest = append(rest, b.planCPU(ctx, max(opts.Runs, planCPURuns))...)
	}
	if opts.wants("7") {
		rest = append(rest, b.planNewNames(ctx, opts.Runs)...)
	}
	if opts.Slow {
		b.progress("waiting for the 60 s lifecycle to finish")
		s := <-slow
		rep.Results, rep.Lags = append(rep.Results, s.res), append(rep.Lags, s.lags...)
	}
	rep.Results = append(rep.Results, rest...)
	if !opts.Keep {
		_ = os.Remove(tmp) // succeeds only if every run cleaned up after itself
	}
	rep.LoadEnd = loadAverage()
	return rep, nil
}

// loadAverage is the 1, 5 and 15 minute load averages, e.g. "0.84 3.37
// 4.25", or "" where /proc/loadavg does not exist.
func loadAverage() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	return parseLoadAverage(string(data))
}

func parseLoadAverage(loadavg string) string {
	f := strings.Fields(loadavg)
	if len(f) < 3 {
		return ""
	}
	return strings.Join(f[:3], " ")
}

func (b *bench) progress(format string, args ...any) {
	if b.opts.Progress == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	fmt.Fprintf(b.opts.Progress, "bench: "+format+"\n", args...)
}
