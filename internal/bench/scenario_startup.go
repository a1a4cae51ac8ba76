package bench

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/pnc-tf/terraform-provider-do/internal/fakeapi"
)

// Terraform's plugin handshake for protocol 6 (terraform-plugin-go's
// tf6server): a provider started with this cookie prints its address line.
const (
	magicCookieKey   = "TF_PLUGIN_MAGIC_COOKIE"
	magicCookieValue = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2"
)

// startup measures `terraform providers schema -json` end to end, the
// provider's own start-up to its plugin handshake, and the binary's size.
func (b *bench) startup(ctx context.Context, runs int) Result {
	res := Result{Title: "4. start-up: terraform providers schema -json"}
	w, err := newWorld(b.opts.Tools, b.tmp, fakeapi.Options{})
	if err != nil {
		res.Err = err.Error()
		return res
	}
	defer func() { w.close(b.opts.Keep || res.Err != "") }()
	if err := w.write("main.tf", configHeader); err != nil {
		res.Err = err.Error()
		return res
	}
	schema := func(ctx context.Context, w *world) error { _, err := w.tf.ProvidersSchema(ctx); return err }
	// One untimed call warms the page cache and terraform-exec's version check.
	if _, err := w.step(ctx, schema); err != nil {
		res.Err = err.Error()
		return res
	}
	var walls, shakes []time.Duration
	for range runs {
		m, err := w.step(ctx, schema)
		if err != nil {
			res.Err = err.Error()
			return res
		}
		walls = append(walls, m.Took)
		d, err := handshake(ctx, b.opts.Tools.Provider)
		if err != nil {
			res.Err = err.Error()
			return res
		}
		shakes = append(shakes, d)
	}
	res.Wall = spreadOf(walls)
	res.Notes = append(res.Notes, fmt.Sprintf("provider process start to plugin handshake: %s median", fmtDur(median(shakes))))
	if st, err := os.Stat(b.opts.Tools.Provider); err == nil {
		res.Notes = append(res.Notes, fmt.Sprintf("provider binary: %.1f MiB (%s)", float64(st.Size())/(1<<20), filepath.Base(b.opts.Tools.Provider)))
	}
	return res
}

// handshake starts the provider as Terraform would and times it until it
// announces where it listens; then stops it.
func handshake(ctx context.Context, provider string) (time.Duration, error) {
	cmd := exec.CommandContext(ctx, provider)
	cmd.Env = append(os.Environ(), magicCookieKey+"="+magicCookieValue, "PLUGIN_PROTOCOL_VERSIONS=6")
	out, err := cmd.StdoutPipe()
	if err != nil {
		return 0, err
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return 0, err
	}
	defer func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	}()
	if _, err := bufio.NewReader(out).ReadString('\n'); err != nil {
		return 0, fmt.Errorf("provider handshake: %w", err)
	}
	return time.Since(start), nil
}
