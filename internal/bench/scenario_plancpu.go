package bench

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"time"

	"github.com/pnc-tf/terraform-provider-do/internal/fakeapi"
)

// planLatency is the emulator latency of scenario 6b: a distant API.
const planLatency = 50 * time.Millisecond

// planCPURuns is the fewest runs scenario 6 takes of each plan: a plan
// takes about a second, and CPU times on shared cores are noisy.
const planCPURuns = 5

// planArgs is what tfexec's Plan runs (planNoChanges, scenario 2), so that
// scenario 6 measures the same command while holding the process itself.
var planArgs = []string{"plan", "-no-color", "-input=false", "-detailed-exitcode",
	"-lock-timeout=0s", "-lock=true", "-parallelism=10", "-refresh=true"}

// planSample is one measured plan.
type planSample struct {
	Wall time.Duration
	// TerraformCPU is the terraform process's user+system time. When
	// Terraform starts the provider itself it includes the provider
	// processes it started, which it waits for (wait4 rusage).
	TerraformCPU time.Duration
	// ProviderCPU is the reattached provider's user+system time across the
	// plan (0 when Terraform starts the provider).
	ProviderCPU time.Duration
	// LogBytes is what the reattached provider wrote to stderr in its life.
	LogBytes int64
	Requests Counts
}

// reattachedPlan serves binary itself (see served), runs one plan attached
// to it and stops it. A fresh provider process per plan, as Terraform would
// start: nothing it caches carries over from one plan to the next. With
// profile set, the provider writes a CPU profile there (-cpuprofile).
func (b *bench) reattachedPlan(ctx context.Context, w *world, binary, profile string) (planSample, error) {
	var args []string
	if profile != "" {
		args = []string{"-cpuprofile", profile}
	}
	env := maps.Clone(w.env)
	env["TF_IN_AUTOMATION"] = "1" // as tfexec sets for Terraform
	// A provider Terraform starts while TF_LOG is unset logs nothing (see
	// logOnlyWhatTerraformKeeps in internal/process); one started with
	// -debug leaves its log levels alone, so they are set here as that start
	// would set them, for the floor's framework as for ours.
	if env["TF_LOG"] == "" && env["TF_LOG_PROVIDER"] == "" {
		env["TF_LOG_SDK"], env["TF_LOG_PROVIDER_DO"] = "OFF", "OFF"
	}
	p, err := serve(ctx, binary, envList(env), args...)
	if err != nil {
		return planSample{}, err
	}
	before, err := p.cpu()
	if err != nil {
		_, _ = p.stop()
		return planSample{}, err
	}
	env["TF_REATTACH_PROVIDERS"] = p.reattach
	s, err := w.cpuPlan(ctx, env)
	after, cpuErr := p.cpu()
	logBytes, stopErr := p.stop()
	if err = errors.Join(err, cpuErr, stopErr); err != nil {
		return s, err
	}
	s.ProviderCPU, s.LogBytes = after-before, logBytes
	return s, nil
}

// childPlan runs the same plan with Terraform starting the provider
// (dev_overrides), as scenario 2 does.
func (b *bench) childPlan(ctx context.Context, w *world) (planSample, error) {
	env := maps.Clone(w.env)
	env["TF_IN_AUTOMATION"] = "1"
	return w.cpuPlan(ctx, env)
}

// cpuPlan runs `terraform plan` in env, requires an empty plan, and
// measures its wall time, the terraform process's CPU and the requests.
func (w *world) cpuPlan(ctx context.Context, env map[string]string) (planSample, error) {
	var s planSample
	m, err := w.step(ctx, func(ctx context.Context, w *world) error {
		cmd := exec.CommandContext(ctx, w.tf.ExecPath(), planArgs...)
		cmd.Dir, cmd.Env = w.tf.WorkingDir(), envList(env)
		cmd.Stdout, cmd.Stderr = w.log, w.log
		err := cmd.Run()
		if cmd.ProcessState != nil {
			s.TerraformCPU = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
		}
		var exit *exec.ExitError
		if errors.As(err, &exit) && exit.ExitCode() == 2 {
			return errors.New("terraform plan shows changes; expected none")
		}
		return err
	})
	s.Wall, s.Requests = m.Took, m.Traffic.ByEndpoint
	return s, err
}

// envList turns an environment map into the form exec wants, sorted.
func envList(env map[string]string) []string {
	out := make([]string, 0, len(env))
	for k, v := range env {
		out = append(out, k+"="+v)
	}
	sort.Strings(out)
	return out
}

// planCPU is scenario 6: the plan of scenario 2 with the CPU of Terraform
// and of the provider measured apart, at no API latency and at planLatency,
// next to the floor provider (cmd/bench-floor) over the same state. Each
// round runs every variant once, so load on the shared cores falls on all
// alike.
func (b *bench) planCPU(ctx context.Context, runs int) []Result {
	fewest := Counts{epList: (refreshCount + apiPageSize - 1) / apiPageSize}
	fast := Result{Title: fmt.Sprintf("6a. terraform plan over %d attachments, provider reattached, API latency %s", refreshCount, fmtLatency(0)), Fewest: fewest}
	slow := Result{Title: fmt.Sprintf("6b. terraform plan over %d attachments, provider reattached, API latency %s", refreshCount, fmtLatency(planLatency)), Fewest: fewest}
	floor := Result{Title: "6c. the same plan with the floor provider (cmd/bench-floor: same schema, Read returns the prior state, no API)"}
	ratios := Result{Title: "6d. provider / floor (medians)"}
	all := func() []Result { return []Result{fast, slow, floor, ratios} }
	fail := func(err error) []Result {
		fast.Err = err.Error()
		return all()
	}
	failed := func() bool { return fast.Err != "" || slow.Err != "" || floor.Err != "" }

	worlds := map[time.Duration]*world{}
	for _, latency := range []time.Duration{0, planLatency} {
		w, err := newWorld(b.opts.Tools, b.tmp, fakeapi.Options{RateLimitPerMinute: -1, Latency: latency})
		if err != nil {
			return fail(err)
		}
		defer func() { w.close(b.opts.Keep || failed()) }()
		if _, err := seedAndImport(ctx, w); err != nil {
			return fail(fmt.Errorf("setup at latency %s: %w", latency, err))
		}
		worlds[latency] = w
	}

	var fastRuns, slowRuns, floorRuns, childRuns []planSample
	for i := range runs {
		b.progress("6. terraform plan over %d attachments, CPU split: round %d/%d", refreshCount, i+1, runs)
		for _, v := range []struct {
			into *[]planSample
			run  func() (planSample, error)
		}{
			{&fastRuns, func() (planSample, error) { return b.reattachedPlan(ctx, worlds[0], b.opts.Tools.Provider, "") }},
			{&floorRuns, func() (planSample, error) { return b.reattachedPlan(ctx, worlds[0], b.opts.Tools.Floor, "") }},
			{&slowRuns, func() (planSample, error) {
				return b.reattachedPlan(ctx, worlds[planLatency], b.opts.Tools.Provider, "")
			}},
			{&childRuns, func() (planSample, error) { return b.childPlan(ctx, worlds[0]) }},
		} {
			s, err := v.run()
			if err != nil {
				return fail(err)
			}
			*v.into = append(*v.into, s)
		}
	}

	fast.Wall, fast.Requests, fast.CPU = summarizePlans(fastRuns)
	slow.Wall, slow.Requests, slow.CPU = summarizePlans(slowRuns)
	floor.Wall, floor.Requests, floor.CPU = summarizePlans(floorRuns)
	childWall, childRequests, childCPU := summarizePlans(childRuns)
	logNote := "provider's stderr (JSON logs of the framework and the provider; Terraform reads and drops them without TF_LOG): %s per plan"
	fast.Notes = append(fast.Notes, fmt.Sprintf(logNote, fmtBytes(medianBytes(fastRuns))),
		fmt.Sprintf("the same plan with Terraform starting the provider (dev_overrides, as in scenario 2): wall %s median, CPU of Terraform and the provider processes it started %s median",
			fmtDur(childWall.Median), fmtDur(childCPU[0].CPU.Median)))
	slow.Notes = append(slow.Notes, fmt.Sprintf(logNote, fmtBytes(medianBytes(slowRuns))))
	if sameCounts(fast.Requests, childRequests) && sameCounts(slow.Requests, childRequests) {
		fast.Notes = append(fast.Notes, "requests (6a and 6b) identical to those of the plan with Terraform starting the provider")
	} else {
		fast.Err = fmt.Sprintf("reattached plans made other requests (%s; at %s: %s) than with Terraform starting the provider (%s)",
			fast.Requests, fmtLatency(planLatency), slow.Requests, childRequests)
	}
	fast.Notes = append(fast.Notes, fmt.Sprintf("%s per variant, interleaved; a fresh provider process per plan; rate limit off in the emulator", plural(runs, "run")),
		"CPU: the provider's utime+stime from /proc/<pid>/stat (10 ms ticks) across the plan; terraform's from its rusage")
	if floor.Requests.Total() != 0 {
		floor.Err = fmt.Sprintf("the floor provider made API requests: %s", floor.Requests)
	}
	floor.Notes = append(floor.Notes, "planned over the state the provider imported for 6a",
		fmt.Sprintf(logNote, fmtBytes(medianBytes(floorRuns))))

	ratios.Ratios = []RatioRow{ratioRow(0, fast, floor), ratioRow(planLatency, slow, floor)}
	ratios.Notes = append(ratios.Notes, "the floor makes no requests, so one floor serves both latencies")

	if dir := b.opts.CPUProfileDir; dir != "" {
		if err := b.profilePlans(ctx, worlds[0], dir, runs, &fast); err != nil {
			fast.Err = "CPU profile: " + err.Error()
		}
	}
	return all()
}

// profilePlans runs n more 0 ms plans (untimed) with the provider writing a
// CPU profile each into dir.
func (b *bench) profilePlans(ctx context.Context, w *world, dir string, n int, res *Result) error {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for i := range n {
		b.progress("6. profiling the provider: plan %d/%d", i+1, n)
		file := filepath.Join(dir, fmt.Sprintf("provider-0ms-%d.pprof", i+1))
		if _, err := b.reattachedPlan(ctx, w, b.opts.Tools.Provider, file); err != nil {
			return err
		}
	}
	files := filepath.Join(dir, "provider-0ms-*.pprof")
	res.Notes = append(res.Notes, fmt.Sprintf("provider CPU profiles of %s more (untimed): go tool pprof -top %s", plural(n, "plan"), files))
	return nil
}

// summarizePlans reduces samples to a wall spread, median requests and the
// CPU rows: Terraform, and the provider when it was reattached.
func summarizePlans(samples []planSample) (spread, Counts, []CPURow) {
	var walls, tf, prov []time.Duration
	var counts []Counts
	reattached := false
	for _, s := range samples {
		walls, tf, prov = append(walls, s.Wall), append(tf, s.TerraformCPU), append(prov, s.ProviderCPU)
		counts = append(counts, s.Requests)
		reattached = reattached || s.ProviderCPU > 0 || s.LogBytes > 0
	}
	rows := []CPURow{{Process: "terraform", CPU: spreadOf(tf)}}
	if reattached {
		rows = append(rows, CPURow{Process: "provider", CPU: spreadOf(prov)})
	} else {
		rows[0].Process = "terraform + the providers it started"
	}
	return spreadOf(walls), medianCounts(counts), rows
}

// ratioRow compares a result's medians with the floor's.
func ratioRow(latency time.Duration, r, floor Result) RatioRow {
	return RatioRow{
		Latency:      latency,
		Wall:         ratio(r.Wall.Median, floor.Wall.Median),
		ProviderCPU:  ratio(cpuOf(r, "provider"), cpuOf(floor, "provider")),
		TerraformCPU: ratio(cpuOf(r, "terraform"), cpuOf(floor, "terraform")),
	}
}

// cpuOf is the median CPU of one process of a result, 0 if not measured.
func cpuOf(r Result, process string) time.Duration {
	for _, c := range r.CPU {
		if c.Process == process {
			return c.CPU.Median
		}
	}
	return 0
}

// ratio is a/b, or 0 (shown as "n/a") when b is 0.
func ratio(a, b time.Duration) float64 {
	if b <= 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func medianBytes(samples []planSample) int64 {
	xs := make([]int, len(samples))
	for i, s := range samples {
		xs[i] = int(s.LogBytes)
	}
	return int64(median(xs))
}

// sameCounts reports whether two request counts agree on every endpoint.
func sameCounts(a, b Counts) bool {
	for _, k := range sortedKeys(a, b) {
		if a[k] != b[k] {
			return false
		}
	}
	return true
}
