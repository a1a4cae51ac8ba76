package exampletest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// examplesRoot is the examples/ folder, relative to this package.
const examplesRoot = "../../examples"

// tfCLI is the CLI the acceptance tests use (TF_ACC_TERRAFORM_PATH, Terraform
// or OpenTofu), configured to run a provider binary built from this checkout
// through dev_overrides. With dev_overrides no `init` is needed, so nothing
// is downloaded.
type tfCLI struct {
	path   string // the CLI binary
	tofu   bool   // OpenTofu rather than Terraform
	rcFile string // CLI configuration holding the dev_overrides
}

var (
	sharedOnce sync.Once
	sharedCLI  *tfCLI
	sharedErr  error
	// sharedDir holds the provider binary and CLI configuration for the whole
	// run; TestMain removes it.
	sharedDir string
)

func TestMain(m *testing.M) {
	code := m.Run()
	if sharedDir != "" {
		_ = os.RemoveAll(sharedDir)
	}
	os.Exit(code)
}

// cliFor returns the shared CLI, building the provider on first use. Like
// the acceptance tests, it skips unless TF_ACC is set.
func cliFor(t *testing.T) *tfCLI {
	t.Helper()
	if os.Getenv(resource.EnvTfAcc) == "" {
		t.Skipf("%s is not set: this test drives the Terraform CLI (make test sets it)", resource.EnvTfAcc)
	}
	path := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if path == "" {
		t.Fatal("TF_ACC_TERRAFORM_PATH must be the absolute path of the terraform or tofu binary (make test sets it to bin/terraform)")
	}
	sharedOnce.Do(func() { sharedCLI, sharedErr = setUpCLI(path) })
	if sharedErr != nil {
		t.Fatal(sharedErr)
	}
	return sharedCLI
}

func setUpCLI(path string) (*tfCLI, error) {
	dir, err := os.MkdirTemp("", "pnc-examples-")
	if err != nil {
		return nil, err
	}
	sharedDir = dir
	root, err := filepath.Abs("../..")
	if err != nil {
		return nil, err
	}
	binDir := filepath.Join(dir, "bin")
	build := exec.Command("go", "build", "-o", filepath.Join(binDir, "terraform-provider-do"), ".")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("building the provider: %v\n%s", err, out)
	}
	// Both registries' addresses: OpenTofu resolves "pnc-tf/do" under
	// registry.opentofu.org, Terraform under registry.terraform.io.
	rc := fmt.Sprintf(`provider_installation {
  dev_overrides {
    "registry.terraform.io/pnc-tf/do" = %[1]q
    "registry.opentofu.org/pnc-tf/do" = %[1]q
  }
}
`, binDir)
	c := &tfCLI{path: path, rcFile: filepath.Join(dir, "cli.tfrc")}
	if err := os.WriteFile(c.rcFile, []byte(rc), 0o600); err != nil {
		return nil, err
	}
	out, err := c.run(dir, nil, "version")
	if err != nil {
		return nil, fmt.Errorf("%s version: %v\n%s", path, err, out)
	}
	c.tofu = strings.HasPrefix(out, "OpenTofu")
	return c, nil
}

// run runs the CLI in dir with extra environment variables and returns its
// combined output.
func (c *tfCLI) run(dir string, env []string, args ...string) (string, error) {
	return c.runProgram(dir, env, c.path, args...)
}

// runProgram runs any program (a script calling the CLI) in the CLI's
// environment.
func (c *tfCLI) runProgram(dir string, env []string, program string, args ...string) (string, error) {
	cmd := exec.Command(program, args...)
	cmd.Dir = dir
	cmd.Env = append(c.environ(), env...)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// environ is the caller's environment without anything that would change
// what the CLI does (arguments, state location, variables, a developer's
// real DigitalOcean credentials), plus the dev_overrides configuration.
func (c *tfCLI) environ() []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		switch {
		case strings.HasPrefix(name, "TF_CLI_ARGS"), strings.HasPrefix(name, "TF_VAR_"),
			strings.HasPrefix(name, "DIGITALOCEAN_"), strings.HasPrefix(name, "TF_REATTACH"),
			name == "TF_DATA_DIR", name == "TF_WORKSPACE", name == "TF_CLI_CONFIG_FILE", name == "TOFU_CLI_CONFIG_FILE":
			continue
		}
		env = append(env, kv)
	}
	return append(env, "TF_CLI_CONFIG_FILE="+c.rcFile, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1", "TF_INPUT=0")
}

// requiredProvidersShim is added to a module whose example files leave the
// terraform block out (as tfplugindocs examples often do); without it the
// CLI would look for hashicorp/do.
const requiredProvidersShim = `terraform {
  required_providers {
    do = {
      source = "pnc-tf/do"
    }
  }
}
`

// moduleFor copies u's files into a fresh folder and returns it.
func moduleFor(t *testing.T, u exampleUnit) string {
	t.Helper()
	dir := t.TempDir()
	declares := false
	for _, f := range u.Files {
		b, err := os.ReadFile(filepath.Join(examplesRoot, u.Dir, f))
		if err != nil {
			t.Fatal(err)
		}
		declares = declares || strings.Contains(string(b), "required_providers")
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if !declares {
		if err := os.WriteFile(filepath.Join(dir, "required_providers_shim.tf"), []byte(requiredProvidersShim), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}
