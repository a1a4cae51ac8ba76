package soak

import (
	"context"
	"fmt"
	"os"
	"sync/atomic"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/pnc-tf/terraform-provider-do/internal/fakeapi"
	"github.com/pnc-tf/terraform-provider-do/internal/provider"
	"github.com/pnc-tf/terraform-provider-do/internal/tfcli"
)

// soakWait polls quickly: the emulator provisions in soakProvisioning.
var soakWait = provider.WaitTiming{First: 50 * time.Millisecond, Min: 50 * time.Millisecond, Max: 250 * time.Millisecond}

const soakProvisioning = 200 * time.Millisecond

// soak is one run of Run.
type soak struct {
	cfg     Config
	api     *fakeapi.Server
	ws      *tfcli.Workspace
	url     string
	retries atomic.Int64
	report  Report
}

// Run soaks the provider as cfg says and reports what happened. The error
// is for a soak that could not run at all; losses are in the Report.
func Run(ctx context.Context, cfg Config) (Report, error) {
	cfg = cfg.withDefaults()
	s := &soak{cfg: cfg, api: fakeapi.New(fakeapi.Options{
		ProvisioningDelay: soakProvisioning, RateLimitPerMinute: cfg.RateLimitPerMinute,
	})}
	url, stop, err := s.api.ListenAndServe("127.0.0.1:0")
	if err != nil {
		return Report{}, err
	}
	defer stop()
	s.url = url
	if err := os.MkdirAll(cfg.WorkDir, 0o755); err != nil {
		return Report{}, err
	}
	s.ws, err = tfcli.New(cfg.WorkDir, tfcli.Options{
		TerraformPath:   cfg.TerraformPath,
		ProviderAddress: tfcli.TestProviderAddress("pnc-tf", "do"),
		Provider: providerserver.NewProtocol6(provider.NewWithOptions("soak", provider.Options{
			Wait:    soakWait,
			OnRetry: func(string, string, int) { s.retries.Add(1) },
		})()),
	})
	if err != nil {
		return Report{}, err
	}
	if err := s.ws.WriteConfig(configuration(url, s.api.Token(), 1)); err != nil {
		return Report{}, err
	}
	if err := s.ws.Init(ctx); err != nil {
		return Report{}, fmt.Errorf("terraform init: %w", err)
	}
	s.report.FaultShare, s.report.Seed = cfg.FaultShare, cfg.Seed
	s.api.SetRandomFaults(cfg.FaultShare, cfg.Seed, Faults...)
	for cycle := 1; cycle <= cfg.Cycles && ctx.Err() == nil; cycle++ {
		s.report.Cycles = cycle
		for _, p := range phases {
			if err := s.converge(ctx, cycle, p); err != nil {
				return s.finish(), err
			}
		}
	}
	return s.finish(), ctx.Err()
}

// finish completes the report with the emulator's and the client's counts.
func (s *soak) finish() Report {
	s.report.FaultsByKind = s.api.FaultCounts()
	for _, n := range s.report.FaultsByKind {
		s.report.Faults += n
	}
	s.report.Retries = int(s.retries.Load())
	return s.report
}
