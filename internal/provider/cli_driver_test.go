package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
)

// cliDir is a Terraform working directory driven directly through the real
// CLI, for flows terraform-plugin-testing has no step for (such as
// `terraform query -generate-config-out`). The provider is served from the
// test process and reached through TF_REATTACH_PROVIDERS, as
// terraform-plugin-testing itself does.
type cliDir struct {
	t   *testing.T
	dir string
	env []string
}

// newCLIDir serves the provider in-process for the test's lifetime.
func (e *accEnv) newCLIDir(t *testing.T) *cliDir {
	t.Helper()
	tfPath := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if tfPath == "" || os.Getenv("TF_ACC") == "" {
		t.Skip("needs TF_ACC=1 and TF_ACC_TERRAFORM_PATH (run through make test)")
	}
	ctx, cancel := context.WithCancel(context.Background())
	configs := make(chan *plugin.ReattachConfig, 1)
	closed := make(chan struct{})
	go func() {
		err := tf6server.Serve("registry.terraform.io/hashicorp/do",
			providerserver.NewProtocol6(NewWithOptions("test", Options{Wait: accWait})()),
			tf6server.WithDebug(ctx, configs, closed),
			tf6server.WithGoPluginLogger(hclog.NewNullLogger()),
			tf6server.WithLoggingSink(t))
		if err != nil {
			t.Errorf("serving the provider: %v", err)
		}
	}()
	rc := <-configs
	t.Cleanup(func() { cancel(); <-closed })

	reattach, err := json.Marshal(map[string]any{"registry.terraform.io/hashicorp/do": map[string]any{
		"Protocol": rc.Protocol, "ProtocolVersion": rc.ProtocolVersion, "Pid": rc.Pid, "Test": true,
		"Addr": map[string]string{"Network": rc.Addr.Network(), "String": rc.Addr.String()},
	}})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	rcFile := filepath.Join(dir, ".terraformrc")
	if err := os.WriteFile(rcFile, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	return &cliDir{t: t, dir: dir, env: append(os.Environ(),
		"TF_REATTACH_PROVIDERS="+string(reattach), "TF_CLI_CONFIG_FILE="+rcFile,
		"CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1", "TF_INPUT=0", "TF_LOG=")}
}

func (c *cliDir) write(name, content string) {
	c.t.Helper()
	if err := os.WriteFile(filepath.Join(c.dir, name), []byte(content), 0o600); err != nil {
		c.t.Fatal(err)
	}
}

func (c *cliDir) read(name string) string {
	c.t.Helper()
	b, err := os.ReadFile(filepath.Join(c.dir, name))
	if err != nil {
		c.t.Fatal(err)
	}
	return string(b)
}

// run runs terraform with args and returns its combined output and exit code.
func (c *cliDir) run(args ...string) (string, int) {
	c.t.Helper()
	cmd := exec.Command(os.Getenv("TF_ACC_TERRAFORM_PATH"), append([]string{"-chdir=" + c.dir}, args...)...)
	cmd.Env = c.env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		return out.String(), exit.ExitCode()
	case err != nil:
		c.t.Fatalf("running terraform %v: %v", args, err)
	}
	return out.String(), 0
}

// mustRun runs terraform and fails the test unless it exits 0.
func (c *cliDir) mustRun(args ...string) string {
	c.t.Helper()
	out, code := c.run(args...)
	if code != 0 {
		c.t.Fatalf("terraform %v exited %d:\n%s", args, code, out)
	}
	return out
}
