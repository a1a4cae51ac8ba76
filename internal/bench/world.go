package bench

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/hashicorp/terraform-exec/tfexec"

	"github.com/pnc-tf/terraform-provider-do/internal/fakeapi"
)

// benchToken is the emulator token; the emulator only listens on loopback.
const benchToken = "bench-token"

// Tools are the binaries every scenario drives.
type Tools struct {
	// Terraform is the CLI (bin/terraform).
	Terraform string
	// Provider is the built provider binary; Terraform runs it through a
	// dev_overrides CLI configuration, exactly as a user's build would run
	// (scenario 6 also serves it itself, in reattach mode).
	Provider string
	// Floor is the floor provider (cmd/bench-floor) scenario 6 compares
	// with; only scenario 6 needs it.
	Floor string
}

// world is one scenario run: a fresh emulator on a loopback port and a fresh
// Terraform working directory pointed at it.
type world struct {
	api  *fakeapi.Server
	tf   *tfexec.Terraform
	dir  string
	stop func()
	// env is the environment Terraform runs in (see cliEnv); log receives
	// its output.
	env map[string]string
	log *os.File
}

// newWorld starts an emulator with opts and prepares a working directory
// under parent.
func newWorld(tools Tools, parent string, opts fakeapi.Options) (*world, error) {
	opts.Token = benchToken
	api := fakeapi.New(opts)
	url, stop, err := api.ListenAndServe("127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	w := &world{api: api, stop: stop}
	if err := w.prepare(tools, parent, url); err != nil {
		stop()
		return nil, err
	}
	return w, nil
}

func (w *world) prepare(tools Tools, parent, url string) error {
	dir, err := os.MkdirTemp(parent, "run-")
	if err != nil {
		return err
	}
	w.dir = dir
	rc := filepath.Join(dir, "terraformrc")
	if err := os.WriteFile(rc, []byte(cliConfig(filepath.Dir(tools.Provider))), 0o600); err != nil {
		return err
	}
	work := filepath.Join(dir, "work")
	if err := os.Mkdir(work, 0o700); err != nil {
		return err
	}
	tf, err := tfexec.NewTerraform(work, tools.Terraform)
	if err != nil {
		return err
	}
	w.env = cliEnv(rc, url)
	if err := tf.SetEnv(w.env); err != nil {
		return err
	}
	if w.log, err = os.Create(filepath.Join(dir, "terraform.log")); err != nil {
		return err
	}
	tf.SetStdout(w.log)
	tf.SetStderr(w.log)
	w.tf = tf
	return nil
}

// cliConfig points Terraform at the locally built provider. With
// dev_overrides plan and apply need no `terraform init`, so nothing is
// downloaded and every command starts the binary under test.
func cliConfig(providerDir string) string {
	return fmt.Sprintf(`provider_installation {
  dev_overrides {
    "registry.terraform.io/pnc-tf/do" = %q
  }
  direct {}
}
`, providerDir)
}

// cliEnv is the process environment minus anything that would change how
// Terraform behaves (every TF_* variable, other DigitalOcean credentials),
// plus the emulator's address and token.
func cliEnv(rc, url string) map[string]string {
	env := map[string]string{}
	for _, kv := range os.Environ() {
		k, v, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(k, "TF_") || strings.HasPrefix(k, "DIGITALOCEAN_") {
			continue
		}
		env[k] = v
	}
	env["TF_CLI_CONFIG_FILE"] = rc
	env["CHECKPOINT_DISABLE"] = "1"
	env["DIGITALOCEAN_TOKEN"] = benchToken
	env["DIGITALOCEAN_API_URL"] = url
	return env
}

// write replaces the working directory's file name with content.
func (w *world) write(name, content string) error {
	return os.WriteFile(filepath.Join(w.tf.WorkingDir(), name), []byte(content), 0o600)
}

// close stops the emulator and, unless keep, removes the directory.
func (w *world) close(keep bool) {
	w.stop()
	if w.log != nil {
		_ = w.log.Close()
	}
	if !keep {
		_ = os.RemoveAll(w.dir)
	}
}

// measured is one Terraform command's wall time and the requests the
// emulator saw while it ran.
type measured struct {
	Took    time.Duration
	Traffic traffic
	Entries []fakeapi.Entry
}

// step runs one Terraform command and measures it.
func (w *world) step(ctx context.Context, run func(context.Context, *world) error) (measured, error) {
	w.api.ResetJournal()
	start := time.Now()
	err := run(ctx, w)
	m := measured{Took: time.Since(start)}
	m.Entries = w.api.Journal()
	m.Traffic = summarize(m.Entries)
	w.keepJournal(start, m.Entries)
	if err != nil {
		err = fmt.Errorf("%w (Terraform output: %s)", err, filepath.Join(w.dir, "terraform.log"))
	}
	return m, err
}

// keepJournal appends entries to journal.log beside Terraform's output, with
// times relative to the step's start, for reading after a surprising run.
func (w *world) keepJournal(start time.Time, entries []fakeapi.Entry) {
	f, err := os.OpenFile(filepath.Join(w.dir, "journal.log"), os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		return
	}
	defer f.Close()
	fmt.Fprintf(f, "--- step started %s\n", start.Format(time.RFC3339Nano))
	for _, e := range entries {
		fmt.Fprintf(f, "%8.3fs %s\n", e.At.Sub(start).Seconds(), e)
	}
}

// The Terraform commands scenarios time.
func apply(ctx context.Context, w *world) error   { return w.tf.Apply(ctx) }
func destroy(ctx context.Context, w *world) error { return w.tf.Destroy(ctx) }

// planNoChanges runs `terraform plan -detailed-exitcode` and fails if the
// plan is not empty: a scenario whose refresh finds drift measures nothing.
func planNoChanges(ctx context.Context, w *world) error {
	changes, err := w.tf.Plan(ctx)
	if err == nil && changes {
		err = fmt.Errorf("terraform plan shows changes; expected none")
	}
	return err
}
