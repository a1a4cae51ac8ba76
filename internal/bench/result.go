package bench

import "time"

// Report is everything one bench run measured.
type Report struct {
	Started  time.Time `json:"started"`
	Platform string    `json:"platform"`
	// LoadStart and LoadEnd are the load averages (1, 5 and 15 minutes,
	// from /proc/loadavg) when the run started and ended: other work on
	// shared cores slows every wall time.
	LoadStart string   `json:"load_start,omitempty"`
	LoadEnd   string   `json:"load_end,omitempty"`
	Runs      int      `json:"runs"`
	Results   []Result `json:"results"`
	Lags      []LagRow `json:"lags"`
}

// Result is one scenario's outcome, reduced over its runs.
type Result struct {
	Title string `json:"title"`
	// Wall is the wall time of the measured Terraform command(s) per run.
	Wall spread `json:"wall"`
	// Requests is the median per endpoint across runs.
	Requests Counts `json:"requests"`
	// Throttled is the median number of 429 answers (already in Requests).
	Throttled int `json:"throttled"`
	// Fewest is the fewest requests the API would allow, per endpoint.
	Fewest Counts    `json:"fewest"`
	Steps  []StepRow `json:"steps,omitempty"`
	// CPU is the CPU time of each process per run (scenario 6).
	CPU []CPURow `json:"cpu,omitempty"`
	// Ratios compares other results with the floor provider (scenario 6d).
	Ratios []RatioRow `json:"ratios,omitempty"`
	Notes  []string   `json:"notes,omitempty"`
	Err    string     `json:"error,omitempty"`
}

// CPURow is one process's user+system CPU time per run.
type CPURow struct {
	Process string `json:"process"`
	CPU     spread `json:"cpu"`
}

// RatioRow is a plan's medians divided by the floor provider's, at one API
// latency; 0 means the floor's number was 0 (not measured).
type RatioRow struct {
	Latency      time.Duration `json:"latency"`
	Wall         float64       `json:"wall"`
	ProviderCPU  float64       `json:"provider_cpu"`
	TerraformCPU float64       `json:"terraform_cpu"`
}

// StepRow breaks a multi-command scenario down by command.
type StepRow struct {
	Name     string `json:"name"`
	Wall     spread `json:"wall"`
	Requests int    `json:"requests"`
	Fewest   int    `json:"fewest"`
}

// LagRow is the waiter's promptness for one kind of wait at one
// provisioning delay, against the targets.
type LagRow struct {
	Op    string        `json:"op"`
	Delay time.Duration `json:"delay"`
	Runs  int           `json:"runs"`
	// Lag and Polls are medians over the runs.
	Lag   time.Duration `json:"lag"`
	Polls int           `json:"polls"`
	// FixedPolls is what a fixed 5-second poll would have used.
	FixedPolls int `json:"fixed_5s_polls"`
	// MaxLag is the target lag; PollBudget, when non-zero, the most GETs
	// allowed.
	MaxLag     time.Duration `json:"max_lag"`
	PollBudget int           `json:"poll_budget,omitempty"`
}

// Met reports whether the row meets its targets.
func (r LagRow) Met() bool {
	return r.Lag <= r.MaxLag && (r.PollBudget == 0 || r.Polls <= r.PollBudget)
}

// Failed reports whether any scenario failed or missed a target.
func (r Report) Failed() bool {
	for _, res := range r.Results {
		if res.Err != "" {
			return true
		}
	}
	for _, l := range r.Lags {
		if !l.Met() {
			return true
		}
	}
	return false
}
