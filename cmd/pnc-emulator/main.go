// Command pnc-emulator serves the Partner Network Connect API emulator
// (internal/fakeapi) on a loopback port, for manual runs of the provider and
// for scripts.
//
//	pnc-emulator -addr 127.0.0.1:8080 -delay 3s -url-file /tmp/pnc.url
//	pnc-emulator -profile eventual,deleted-visible -lag 5s
//	pnc-emulator -latency 50ms
//
// Point the provider at it with the printed URL as the API endpoint and the
// printed token. -profile selects readings of the API other than the default
// (see -h for the list); -latency delays every answer, as a distant API
// would. It stops cleanly on SIGINT or SIGTERM.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/pnc-tf/terraform-provider-do/internal/fakeapi"
)

func main() {
	ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer cancel()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "pnc-emulator:", err)
		os.Exit(1)
	}
}

// run parses args, serves until ctx is done, then shuts down.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("pnc-emulator", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:0", "loopback host:port to listen on (port 0 picks a free one)")
	token := fs.String("token", fakeapi.DefaultToken, "bearer token clients must send")
	readOnly := fs.String("read-only-token", "", "optional second token limited to GET requests")
	delay := fs.Duration("delay", 3*time.Second, "provisioning delay for create, update and delete")
	latency := fs.Duration("latency", 0, "delay every answer by this long, after rate limiting and before acting (0: none)")
	readyState := fs.String("ready-state", fakeapi.StateCreated, `state of a provisioned attachment ("CREATED", "ACTIVE" or "active"); a ready-state profile overrides it`)
	failInto := fs.String("fail-creates-into", "", `if set (e.g. "ERROR"), new attachments end in this state`)
	rateLimit := fs.Int("rate-limit", 250, "requests allowed per minute (the burst limit under the do-rate-limits profiles; negative disables)")
	pathPrefix := fs.String("path-prefix", "", `serve the API under this path, as a gateway would (e.g. "/do": the API is /do/v2/...; anything else is 404)`)
	urlFile := fs.String("url-file", "", "write the base URL to this file once listening")
	verbose := fs.Bool("v", false, "log every request to stderr")
	profile := fs.String("profile", "", profileUsage())
	listProfiles := fs.Bool("list-profiles", false, "print the profile names, one per line, and exit (for scripts)")
	combinedProfiles := fs.Bool("combined-profiles", false, "print the most profiles that combine, comma-separated, and exit (for scripts)")
	lag := fs.Duration("lag", 2*time.Second, "eventual profile: how long a new attachment stays hidden and a gone one listed")
	deletedFor := fs.Duration("deleted-visible-for", 3*time.Second, "deleted-visible profile: how long a deleted attachment is answered as DELETED")
	hourlyLimit := fs.Int("hourly-limit", 5000, "do-rate-limits profiles: requests allowed per hour (negative disables)")
	proxyEvery := fs.Int("proxy-fault-every", 4, "proxy-faults profile: spoil every Nth request")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *combinedProfiles {
		names := make([]string, 0, len(fakeapi.Combined()))
		for _, p := range fakeapi.Combined() {
			names = append(names, string(p))
		}
		fmt.Fprintln(stdout, strings.Join(names, ","))
		return nil
	}
	if *listProfiles {
		for _, p := range fakeapi.Profiles() {
			fmt.Fprintln(stdout, p)
		}
		return nil
	}
	profiles, err := fakeapi.ParseProfiles(*profile)
	if err != nil {
		return err
	}

	opts := fakeapi.Options{
		Token:              *token,
		ReadOnlyToken:      *readOnly,
		ProvisioningDelay:  *delay,
		Latency:            *latency,
		ReadyState:         *readyState,
		FailCreatesInto:    *failInto,
		RateLimitPerMinute: *rateLimit,
		Profiles:           profiles,
		ConsistencyLag:     *lag,
		DeletedVisibleFor:  *deletedFor,
		HourlyLimit:        *hourlyLimit,
		ProxyFaultEvery:    *proxyEvery,
		PathPrefix:         *pathPrefix,
	}
	if *verbose {
		opts.Logf = log.New(stderr, "", log.LstdFlags).Printf
	}
	if *pathPrefix != "" && !strings.HasPrefix(*pathPrefix, "/") {
		return fmt.Errorf("-path-prefix %q must start with /", *pathPrefix)
	}
	srv := fakeapi.New(opts)
	url, stop, err := srv.ListenAndServe(*addr)
	if err != nil {
		return err
	}
	defer stop()
	url += strings.TrimRight(*pathPrefix, "/")
	if *urlFile != "" {
		if err := os.WriteFile(*urlFile, []byte(url+"\n"), 0o600); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "PNC emulator listening on %s\ntoken: %s\nprofiles: %s\n", url, srv.Token(), profileList(profiles))
	<-ctx.Done()
	fmt.Fprintln(stdout, "shutting down")
	return nil
}

// profileUsage is the help text of -profile: one line per profile.
func profileUsage() string {
	var b strings.Builder
	b.WriteString(`comma-separated readings of the API to emulate (none, or "default", is the default behaviour):`)
	for _, p := range fakeapi.Profiles() {
		fmt.Fprintf(&b, "\n  %s: %s", p, p.Describe())
	}
	return b.String()
}

// profileList names the active profiles for the startup banner.
func profileList(ps []fakeapi.Profile) string {
	if len(ps) == 0 {
		return "default"
	}
	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = string(p)
	}
	return strings.Join(names, ", ")
}
