// Command bench measures the provider through the real Terraform CLI against
// the Partner Network Connect emulator (see internal/bench) and prints one
// table per scenario; `make bench` runs it.
//
//	go run ./cmd/bench -terraform bin/terraform -provider bin/bench/terraform-provider-do \
//		-floor bin/bench-floor/bench-floor
//
// It exits 1 when a scenario fails or misses a target.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"

	"github.com/pnc-tf/terraform-provider-do/internal/bench"
)

func main() {
	// Ctrl-C cancels the Terraform commands in flight; their directories
	// are kept for a look.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	failed, err := run(ctx, os.Args[1:])
	stop()
	switch {
	case err != nil:
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(2)
	case failed:
		os.Exit(1)
	}
}

// run parses args, runs the scenarios, prints and saves the report, and
// reports whether a scenario failed or missed a target.
func run(ctx context.Context, args []string) (failed bool, err error) {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	var opts bench.Options
	fs.StringVar(&opts.Tools.Terraform, "terraform", "bin/terraform", "Terraform CLI to drive")
	fs.StringVar(&opts.Tools.Provider, "provider", "bin/bench/terraform-provider-do", "provider binary to measure")
	fs.StringVar(&opts.Tools.Floor, "floor", "bin/bench-floor/bench-floor", "floor provider (cmd/bench-floor) for scenario 6")
	fs.StringVar(&opts.CPUProfileDir, "cpuprofile", "", "scenario 6: also write CPU profiles of the provider during more 0 ms plans into this directory")
	fs.IntVar(&opts.Runs, "runs", 3, "runs per scenario (tables show medians)")
	fs.BoolVar(&opts.Slow, "slow", true, "include the lifecycle at 60 s provisioning (about 3 minutes, alongside the rest)")
	fs.BoolVar(&opts.Keep, "keep", false, "keep working directories and Terraform output")
	only := fs.String("only", "", "comma-separated scenarios to run, e.g. 2,3 (default: all)")
	show := fs.String("show", "", "print the tables of a saved JSON report instead of running")
	out := fs.String("out", "bench-results/latest.txt", "also write the tables here, and JSON next to it (empty: don't)")
	if err := fs.Parse(args); err != nil {
		return false, err
	}
	if *show != "" {
		return showSaved(*show)
	}
	if *only != "" {
		opts.Only = strings.Split(*only, ",")
	}
	tools := []*string{&opts.Tools.Terraform, &opts.Tools.Provider}
	if len(opts.Only) == 0 || slices.Contains(opts.Only, "6") {
		tools = append(tools, &opts.Tools.Floor)
	}
	for _, p := range tools {
		if *p, err = filepath.Abs(*p); err != nil {
			return false, err
		}
		if _, err := os.Stat(*p); err != nil {
			return false, fmt.Errorf("%w (make bench builds it)", err)
		}
	}
	opts.Progress = os.Stderr
	rep, err := bench.Run(ctx, opts)
	if err != nil {
		return false, err
	}
	var text bytes.Buffer
	rep.Render(&text)
	fmt.Print(text.String())
	if *out != "" {
		if err := save(*out, text.Bytes(), rep); err != nil {
			return false, err
		}
	}
	return rep.Failed(), nil
}

// save writes the tables to path and the report as JSON beside it.
func save(path string, text []byte, rep bench.Report) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(path, text, 0o644); err != nil {
		return err
	}
	js, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(strings.TrimSuffix(path, filepath.Ext(path))+".json", append(js, '\n'), 0o644)
}

// showSaved prints a report written by an earlier run, e.g. to compare two.
func showSaved(path string) (failed bool, err error) {
	js, err := os.ReadFile(path)
	if err != nil {
		return false, err
	}
	var rep bench.Report
	if err := json.Unmarshal(js, &rep); err != nil {
		return false, fmt.Errorf("%s: %w", path, err)
	}
	rep.Render(os.Stdout)
	return rep.Failed(), nil
}
