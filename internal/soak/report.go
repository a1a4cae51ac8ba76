package soak

import (
	"fmt"
	"slices"
	"strings"
)

// Report is what a soak observed.
type Report struct {
	Cycles     int
	FaultShare float64
	Seed       int64
	// Runs counts Terraform commands (apply, plan, destroy); FailedRuns
	// those that failed.
	Runs, FailedRuns int
	Faults           int
	FaultsByKind     map[string]int
	// Retries counts requests the provider's client sent again.
	Retries int
	// The losses: all must be zero.
	Orphans, Duplicates, Dangling int
	// ConvergeRuns holds, per phase, the runs it took to converge;
	// Unconverged counts phases that did not within Config.MaxRuns.
	ConvergeRuns []int
	Unconverged  int
}

// Lossless reports whether nothing was lost and every phase converged.
func (r Report) Lossless() bool {
	return r.Orphans == 0 && r.Duplicates == 0 && r.Dangling == 0 && r.Unconverged == 0
}

// Table renders the report as the issue asks: one row per measure.
func (r Report) Table() string {
	kinds := make([]string, 0, len(r.FaultsByKind))
	for k, n := range r.FaultsByKind {
		kinds = append(kinds, fmt.Sprintf("%s: %d", k, n))
	}
	slices.Sort(kinds)
	total, most := 0, 0
	for _, n := range r.ConvergeRuns {
		total, most = total+n, max(most, n)
	}
	mean := 0.0
	if len(r.ConvergeRuns) > 0 {
		mean = float64(total) / float64(len(r.ConvergeRuns))
	}
	rows := [][2]string{
		{"cycles (create, update, destroy)", fmt.Sprint(r.Cycles)},
		{"runs (terraform apply/plan/destroy)", fmt.Sprint(r.Runs)},
		{fmt.Sprintf("faults injected (%.0f%% of requests)", r.FaultShare*100), fmt.Sprintf("%d  %s", r.Faults, strings.Join(kinds, ", "))},
		{"retries", fmt.Sprint(r.Retries)},
		{"failed runs", fmt.Sprint(r.FailedRuns)},
		{"orphaned attachments", fmt.Sprint(r.Orphans)},
		{"duplicates", fmt.Sprint(r.Duplicates)},
		{"state entries pointing at nothing", fmt.Sprint(r.Dangling)},
		{"runs needed to converge", fmt.Sprintf("mean %.2f, max %d over %d phases; %d did not converge", mean, most, len(r.ConvergeRuns), r.Unconverged)},
	}
	var b strings.Builder
	fmt.Fprintf(&b, "fault soak (seed %d)\n", r.Seed)
	for _, row := range rows {
		fmt.Fprintf(&b, "  %-38s %s\n", row[0], row[1])
	}
	return b.String()
}
