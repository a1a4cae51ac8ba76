// Command soak runs the fault soak (internal/soak) and prints its table.
// It exits non-zero if anything was lost or a phase did not converge.
//
//	go run ./cmd/soak -terraform bin/terraform -cycles 10 -fault-share 0.2
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"

	"github.com/pnc-tf/terraform-provider-do/internal/soak"
)

func main() {
	var cfg soak.Config
	var verbose bool
	flag.StringVar(&cfg.TerraformPath, "terraform", "bin/terraform", "the terraform binary")
	flag.IntVar(&cfg.Cycles, "cycles", 10, "create, update, destroy cycles to run")
	flag.Float64Var(&cfg.FaultShare, "fault-share", 0.2, "share (0..1) of API requests given a fault")
	flag.Int64Var(&cfg.Seed, "seed", 1, "seed for the choice of faults")
	flag.IntVar(&cfg.MaxRuns, "max-runs", 8, "runs a phase may take to converge")
	flag.IntVar(&cfg.RateLimitPerMinute, "rate-limit", 250, "the emulator's requests per minute (negative: unlimited)")
	flag.BoolVar(&verbose, "v", false, "print every run")
	flag.Parse()
	if cfg.FaultShare < 0 || cfg.FaultShare > 1 {
		fail(fmt.Errorf("-fault-share must be between 0 and 1, got %g", cfg.FaultShare))
	}
	abs, err := filepath.Abs(cfg.TerraformPath)
	if err != nil {
		fail(err)
	}
	cfg.TerraformPath = abs
	dir, err := os.MkdirTemp("", "pnc-soak-")
	if err != nil {
		fail(err)
	}
	defer os.RemoveAll(dir)
	cfg.WorkDir = dir
	cfg.Progress = io.Discard
	if verbose {
		cfg.Progress = os.Stderr
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	report, err := soak.Run(ctx, cfg)
	fmt.Print(report.Table())
	if err != nil {
		fail(err)
	}
	if !report.Lossless() {
		fail(fmt.Errorf("the soak lost attachments or did not converge"))
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "soak:", err)
	os.Exit(1)
}
