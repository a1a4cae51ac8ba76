package soak

import (
	"context"
	"fmt"
)

// phase is one step of a cycle: a command to repeat until the world is as
// the configuration says.
type phase struct {
	name    string
	version int  // configuration version (see configuration)
	destroy bool // destroy rather than apply
}

var phases = []phase{
	{name: "create", version: 1},
	{name: "update", version: 2},
	{name: "destroy", version: 2, destroy: true},
}

// converge runs p until it has converged: an apply until a plan shows no
// changes, a destroy until it succeeds with state and emulator empty. Every
// Terraform command counts as a run; after each, nothing may be lost.
func (s *soak) converge(ctx context.Context, cycle int, p phase) error {
	if err := s.ws.WriteConfig(configuration(s.url, s.api.Token(), p.version)); err != nil {
		return err
	}
	for runs := 1; runs <= s.cfg.MaxRuns; runs++ {
		done, err := s.attempt(ctx, p)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(s.cfg.Progress, "cycle %d %-7s run %d: converged=%v\n", cycle, p.name, runs, done)
		if done {
			s.report.ConvergeRuns = append(s.report.ConvergeRuns, runs)
			return s.check(true)
		}
	}
	s.report.Unconverged++
	fmt.Fprintf(s.cfg.Progress, "cycle %d %-7s did not converge in %d runs\n", cycle, p.name, s.cfg.MaxRuns)
	return nil
}

// attempt runs p's command once (and, for an apply, the plan that checks
// it), reporting whether p has converged. The error is for the soak itself
// (it could not read state); a failed Terraform command is a failed run.
func (s *soak) attempt(ctx context.Context, p phase) (bool, error) {
	if p.destroy {
		ok := s.run(s.ws.Destroy(ctx))
		if err := s.check(false); err != nil || !ok {
			return false, err
		}
		left, err := s.stateIDs()
		return len(left) == 0 && len(s.api.Attachments()) == 0, err
	}
	if ok := s.run(s.ws.Apply(ctx)); !ok {
		return false, s.check(false)
	}
	if err := s.check(false); err != nil {
		return false, err
	}
	changes, err := s.ws.Plan(ctx)
	return s.run(err) && !changes, s.check(false)
}

// run counts one Terraform command and reports whether it succeeded.
func (s *soak) run(err error) bool {
	s.report.Runs++
	if err != nil {
		s.report.FailedRuns++
		fmt.Fprintf(s.cfg.Progress, "  failed run: %v\n", summary(err))
	}
	return err == nil
}
