package soak

import (
	"context"
	"os"
	"strings"
	"testing"
)

// The short soak that make test runs: one create, update, destroy cycle of
// an HA pair and a standalone attachment with a fifth of all requests
// faulted. Nothing may be lost, and every phase must converge.
func TestSoakShort(t *testing.T) {
	tfPath := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if tfPath == "" || os.Getenv("TF_ACC") == "" {
		t.Skip("needs TF_ACC=1 and TF_ACC_TERRAFORM_PATH (run through make test)")
	}
	progress := &strings.Builder{}
	r, err := Run(context.Background(), Config{
		TerraformPath: tfPath, Cycles: 1, FaultShare: 0.2, Seed: 5,
		WorkDir: t.TempDir(), Progress: progress,
	})
	t.Logf("%s\n%s", progress, r.Table())
	if err != nil {
		t.Fatal(err)
	}
	if r.Faults == 0 || r.Retries == 0 {
		t.Fatalf("the soak injected %d faults and saw %d retries: it tested nothing", r.Faults, r.Retries)
	}
	if !r.Lossless() {
		t.Fatalf("the soak lost something:\n%s", r.Table())
	}
}
