// Package tfcli drives the real Terraform CLI (through terraform-exec)
// against a provider served in-process, the way terraform-plugin-testing
// does, for tests that need what that harness cannot do: interrupt a
// command, capture every byte of output, or run many commands in a loop.
package tfcli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/go-plugin"
	"github.com/hashicorp/terraform-exec/tfexec"
	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
	testinginterface "github.com/mitchellh/go-testing-interface"
)

// Options describe a workspace.
type Options struct {
	// TerraformPath is the terraform binary (absolute path).
	TerraformPath string
	// ProviderAddress is the provider's full address, such as
	// registry.terraform.io/pnc-tf/do.
	ProviderAddress string
	// Provider makes the provider server; a fresh one serves each command.
	Provider func() tfprotov6.ProviderServer
	// Output, when set, receives the stdout and stderr of every command.
	Output io.Writer
	// CoreLogPath, when set, makes Terraform write TRACE logs there.
	CoreLogPath string
	// LogSink receives the in-process provider's logs, as with
	// terraform-plugin-testing: TF_LOG and TF_LOG_PATH (or TF_LOG_PATH_MASK)
	// in this process's environment say at what level and where. A test
	// passes its *testing.T; nil means go-testing-interface's RuntimeT.
	LogSink testinginterface.T
}

// Workspace is a Terraform working directory.
type Workspace struct {
	opts Options
	tf   *tfexec.Terraform
}

// New prepares dir (which must exist) as a workspace.
func New(dir string, opts Options) (*Workspace, error) {
	if opts.LogSink == nil {
		opts.LogSink = &testinginterface.RuntimeT{}
	}
	tf, err := tfexec.NewTerraform(dir, opts.TerraformPath)
	if err != nil {
		return nil, err
	}
	if opts.Output != nil {
		tf.SetStdout(opts.Output)
		tf.SetStderr(opts.Output)
	}
	if opts.CoreLogPath != "" {
		if err := tf.SetLog("TRACE"); err != nil {
			return nil, err
		}
		if err := tf.SetLogPath(opts.CoreLogPath); err != nil {
			return nil, err
		}
	}
	return &Workspace{opts: opts, tf: tf}, nil
}

// Dir is the workspace's directory.
func (w *Workspace) Dir() string { return w.tf.WorkingDir() }

// WriteConfig replaces the workspace's configuration with one main.tf.
func (w *Workspace) WriteConfig(hcl string) error {
	return os.WriteFile(filepath.Join(w.Dir(), "main.tf"), []byte(hcl), 0o600)
}

// Command is one terraform-exec call; r must be passed to it so that
// Terraform uses the in-process provider.
type Command func(ctx context.Context, tf *tfexec.Terraform, r *tfexec.ReattachOption) error

// Run serves the provider, runs cmd, and stops the provider again. If ctx
// is cancelled, terraform-exec interrupts Terraform (SIGINT) and waits for
// it to exit, as a user pressing Ctrl-C would.
func (w *Workspace) Run(ctx context.Context, cmd Command) error {
	reattach, stop, err := w.serve()
	if err != nil {
		return err
	}
	defer stop()
	return cmd(ctx, w.tf, tfexec.Reattach(reattach))
}

// Init runs terraform init.
func (w *Workspace) Init(ctx context.Context) error {
	return w.Run(ctx, func(ctx context.Context, tf *tfexec.Terraform, r *tfexec.ReattachOption) error {
		return tf.Init(ctx, r)
	})
}

// Apply runs terraform apply (auto-approved).
func (w *Workspace) Apply(ctx context.Context) error {
	return w.Run(ctx, func(ctx context.Context, tf *tfexec.Terraform, r *tfexec.ReattachOption) error {
		return tf.Apply(ctx, r)
	})
}

// Plan runs terraform plan and reports whether it has changes.
func (w *Workspace) Plan(ctx context.Context) (changes bool, err error) {
	err = w.Run(ctx, func(ctx context.Context, tf *tfexec.Terraform, r *tfexec.ReattachOption) error {
		changes, err = tf.Plan(ctx, r)
		return err
	})
	return changes, err
}

// Destroy runs terraform destroy (auto-approved).
func (w *Workspace) Destroy(ctx context.Context) error {
	return w.Run(ctx, func(ctx context.Context, tf *tfexec.Terraform, r *tfexec.ReattachOption) error {
		return tf.Destroy(ctx, r)
	})
}

// serve starts the provider in debug mode and returns how Terraform
// reattaches to it, and a function that stops it and waits until it has.
func (w *Workspace) serve() (tfexec.ReattachInfo, func(), error) {
	ctx, cancel := context.WithCancel(context.Background())
	configCh := make(chan *plugin.ReattachConfig)
	closeCh := make(chan struct{})
	served := make(chan error, 1)
	go func() {
		served <- tf6server.Serve(w.opts.ProviderAddress, w.opts.Provider,
			tf6server.WithDebug(ctx, configCh, closeCh),
			tf6server.WithGoPluginLogger(hclog.NewNullLogger()),
			tf6server.WithLoggingSink(w.opts.LogSink),
		)
	}()
	var cfg *plugin.ReattachConfig
	select {
	case cfg = <-configCh:
	case err := <-served:
		cancel()
		return nil, nil, fmt.Errorf("serving the provider: %w", errors.Join(err, errors.New("server stopped before it started")))
	}
	stop := func() {
		cancel()
		<-closeCh
	}
	return tfexec.ReattachInfo{w.opts.ProviderAddress: tfexec.ReattachConfig{
		Protocol:        string(cfg.Protocol),
		ProtocolVersion: cfg.ProtocolVersion,
		Pid:             cfg.Pid,
		Test:            cfg.Test,
		Addr:            tfexec.ReattachConfigAddr{Network: cfg.Addr.Network(), String: cfg.Addr.String()},
	}}, stop, nil
}

// State returns the state as terraform show -json reports it.
func (w *Workspace) State(ctx context.Context) (st *tfjson.State, err error) {
	err = w.Run(ctx, func(ctx context.Context, tf *tfexec.Terraform, r *tfexec.ReattachOption) error {
		st, err = tf.Show(ctx, r)
		return err
	})
	return st, err
}

// PlanJSON runs terraform plan and returns the plan as terraform show -json
// reports it.
func (w *Workspace) PlanJSON(ctx context.Context) (plan *tfjson.Plan, err error) {
	out := filepath.Join(w.Dir(), "tfcli.plan")
	err = w.Run(ctx, func(ctx context.Context, tf *tfexec.Terraform, r *tfexec.ReattachOption) error {
		if _, err := tf.Plan(ctx, r, tfexec.Out(out)); err != nil {
			return err
		}
		plan, err = tf.ShowPlanFile(ctx, out, r)
		return err
	})
	return plan, err
}

// TestProviderAddress is the address tests serve a provider under: the host
// comes from TF_ACC_PROVIDER_HOST, as in terraform-plugin-testing, because
// OpenTofu looks providers up under registry.opentofu.org.
func TestProviderAddress(namespace, name string) string {
	host := os.Getenv("TF_ACC_PROVIDER_HOST")
	if host == "" {
		host = "registry.terraform.io"
	}
	return host + "/" + namespace + "/" + name
}
