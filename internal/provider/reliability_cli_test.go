package provider

import (
	"bytes"
	"context"
	"io"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-exec/tfexec"
	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/pnc-tf/terraform-provider-do/internal/tfcli"
)

// workspace returns a Terraform working directory, driven through
// terraform-exec, whose commands reach this test's provider in-process. Its
// output goes to out (nil: discarded); configure may adjust the options.
// Like terraform-plugin-testing, it needs TF_ACC and TF_ACC_TERRAFORM_PATH.
func (e *accEnv) workspace(t *testing.T, out io.Writer, configure ...func(*tfcli.Options)) *tfcli.Workspace {
	t.Helper()
	opts := tfcli.Options{
		TerraformPath: terraformPath(t),
		// Configurations without required_providers mean hashicorp/do, as
		// in the terraform-plugin-testing tests.
		ProviderAddress: tfcli.TestProviderAddress("hashicorp", "do"),
		Provider:        providerserver.NewProtocol6(NewWithOptions("test", Options{Wait: accWait})()),
		Output:          out,
		LogSink:         t,
	}
	for _, c := range configure {
		c(&opts)
	}
	ws, err := tfcli.New(t.TempDir(), opts)
	if err != nil {
		t.Fatal(err)
	}
	return ws
}

// cliVersion is the version of the CLI that TF_ACC_TERRAFORM_PATH names,
// for the tests that drive it through tfcli (terraform-plugin-testing's
// tests use TerraformVersionChecks); it skips t without TF_ACC.
func cliVersion(t *testing.T) *version.Version {
	t.Helper()
	tf, err := tfexec.NewTerraform(t.TempDir(), terraformPath(t))
	if err != nil {
		t.Fatal(err)
	}
	v, _, err := tf.Version(context.Background(), true)
	if err != nil {
		t.Fatalf("terraform version: %v", err)
	}
	return v
}

// terraformPath is the CLI that TF_ACC_TERRAFORM_PATH names; it skips t
// unless TF_ACC is set too, as terraform-plugin-testing does.
func terraformPath(t *testing.T) string {
	t.Helper()
	tfPath := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if tfPath == "" || os.Getenv("TF_ACC") == "" {
		t.Skip("needs TF_ACC=1 and TF_ACC_TERRAFORM_PATH (run through make test)")
	}
	return tfPath
}

// eventually polls cond until it holds. The bound only stops a broken test
// from hanging; nothing is asserted about how long it took.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(2 * time.Minute); !cond(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting until %s", what)
		}
	}
}

// stateResource returns the resource at address in st, failing if absent.
func stateResource(t *testing.T, st *tfjson.State, address string) *tfjson.StateResource {
	t.Helper()
	if st != nil && st.Values != nil && st.Values.RootModule != nil {
		for _, r := range st.Values.RootModule.Resources {
			if r.Address == address {
				return r
			}
		}
	}
	t.Fatalf("%s is not in state", address)
	return nil
}

// syncBuffer collects command output written from several goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
