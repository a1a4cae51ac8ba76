package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// providerAddress is the provider's registry address, the key of its
// TF_REATTACH_PROVIDERS entry.
const providerAddress = "registry.terraform.io/pnc-tf/do"

// reattachTimeout bounds the wait for a served provider's reattach line.
const reattachTimeout = 30 * time.Second

// served is a provider the bench runs itself in debug mode (-debug), so that
// Terraform reattaches to it (TF_REATTACH_PROVIDERS) instead of starting
// it: the provider is the bench's child, not Terraform's, and the CPU of
// each process can be read on its own. Terraform never stops a reattached
// provider; stop does.
type served struct {
	cmd *exec.Cmd
	// reattach is the TF_REATTACH_PROVIDERS value that points Terraform at it.
	reattach string
	stdout   *reattachWatch
	stderr   countingWriter
	waited   chan error
}

// serve starts binary -debug with args in env and waits for its reattach
// configuration. Its stderr, where the framework writes its JSON logs (read
// and discarded by Terraform when it runs a provider without TF_LOG), is
// drained and counted.
func serve(ctx context.Context, binary string, env []string, args ...string) (*served, error) {
	p := &served{stdout: newReattachWatch(), waited: make(chan error, 1)}
	// Not CommandContext: it must be stopped with SIGINT, which flushes a
	// -cpuprofile, rather than killed.
	p.cmd = exec.Command(binary, append([]string{"-debug"}, args...)...)
	p.cmd.Env = env
	p.cmd.Stdout, p.cmd.Stderr = p.stdout, &p.stderr
	if err := p.cmd.Start(); err != nil {
		return nil, err
	}
	go func() { p.waited <- p.cmd.Wait() }()
	timer := time.NewTimer(reattachTimeout)
	defer timer.Stop()
	var err error
	select {
	case p.reattach = <-p.stdout.found:
		return p, nil
	case err = <-p.waited:
		p.waited <- err // for stop
		err = fmt.Errorf("provider exited before printing its reattach configuration (%v); it printed: %q", err, p.stdout.text())
	case <-timer.C:
		err = fmt.Errorf("no reattach configuration from the provider within %s; it printed: %q", reattachTimeout, p.stdout.text())
	case <-ctx.Done():
		err = ctx.Err()
	}
	_, _ = p.stop()
	return nil, fmt.Errorf("%s -debug: %w", binary, err)
}

// cpu is the provider's CPU time so far, user plus system.
func (p *served) cpu() (time.Duration, error) {
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", p.cmd.Process.Pid))
	if err != nil {
		return 0, fmt.Errorf("reading the provider's CPU time needs Linux /proc: %w", err)
	}
	return procStatCPU(string(stat))
}

// stop interrupts the provider (as Ctrl-C would: the debug server's signal
// to end), kills it if it has not exited 10 s later, and returns how many
// bytes it wrote to stderr in its life.
func (p *served) stop() (logBytes int64, err error) {
	_ = p.cmd.Process.Signal(os.Interrupt)
	timer := time.NewTimer(10 * time.Second)
	defer timer.Stop()
	select {
	case err = <-p.waited:
	case <-timer.C:
		_ = p.cmd.Process.Kill()
		err = fmt.Errorf("provider did not stop within 10s of SIGINT (killed): %v", <-p.waited)
	}
	var exit *exec.ExitError
	if errors.As(err, &exit) && !exit.Exited() { // ended by the signal itself
		err = nil
	}
	return p.stderr.n.Load(), err
}

// clockTicks is USER_HZ, the unit of /proc/<pid>/stat times (fixed at 100
// by the Linux ABI).
const clockTicks = 100

// procStatCPU reads utime+stime (fields 14 and 15) from the text of
// /proc/<pid>/stat. The command name (field 2) is in parentheses and may
// itself contain spaces or parentheses, so fields are counted from the last
// ')'.
func procStatCPU(stat string) (time.Duration, error) {
	i := strings.LastIndexByte(stat, ')')
	if i < 0 {
		return 0, fmt.Errorf("unexpected /proc stat line %q", stat)
	}
	f := strings.Fields(stat[i+1:]) // f[0] is field 3 (state)
	if len(f) < 13 {
		return 0, fmt.Errorf("unexpected /proc stat line %q", stat)
	}
	var ticks int64
	for _, s := range f[11:13] {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return 0, fmt.Errorf("unexpected /proc stat line %q: %w", stat, err)
		}
		ticks += n
	}
	return time.Duration(ticks) * time.Second / clockTicks, nil
}

// parseReattach extracts the TF_REATTACH_PROVIDERS value from a line of a
// -debug provider's output, which terraform-plugin-go prints as
//
//	TF_REATTACH_PROVIDERS='{"registry.terraform.io/pnc-tf/do":{...}}'
//
// quoted for a POSIX shell (a ' inside is written '"'"'). That output is not
// covered by compatibility guarantees, so the value is checked: a JSON
// object with an entry for this provider's address and an address to dial.
func parseReattach(line string) (string, bool) {
	const prefix = "TF_REATTACH_PROVIDERS='"
	line = strings.TrimSpace(line)
	i := strings.Index(line, prefix)
	if i < 0 || !strings.HasSuffix(line, "'") || len(line) < i+len(prefix)+1 {
		return "", false
	}
	value := strings.ReplaceAll(line[i+len(prefix):len(line)-1], `'"'"'`, `'`)
	var config map[string]struct {
		Protocol string
		Addr     struct{ Network, String string }
	}
	if err := json.Unmarshal([]byte(value), &config); err != nil {
		return "", false
	}
	c, ok := config[providerAddress]
	if !ok || c.Protocol == "" || c.Addr.Network == "" || c.Addr.String == "" {
		return "", false
	}
	return value, true
}

// reattachWatch collects a served provider's stdout and sends the first
// reattach configuration it finds on found.
type reattachWatch struct {
	mu    sync.Mutex
	buf   bytes.Buffer
	sent  bool
	found chan string
}

func newReattachWatch() *reattachWatch { return &reattachWatch{found: make(chan string, 1)} }

func (r *reattachWatch) Write(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.buf.Len() < 1<<16 {
		r.buf.Write(p)
	}
	if !r.sent {
		lines := strings.Split(r.buf.String(), "\n")
		for _, line := range lines[:len(lines)-1] { // whole lines only
			if v, ok := parseReattach(line); ok {
				r.found <- v
				r.sent = true
				break
			}
		}
	}
	return len(p), nil
}

func (r *reattachWatch) text() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.buf.String()
}

// countingWriter discards what it is given and counts the bytes.
type countingWriter struct{ n atomic.Int64 }

func (c *countingWriter) Write(p []byte) (int, error) {
	c.n.Add(int64(len(p)))
	return len(p), nil
}
