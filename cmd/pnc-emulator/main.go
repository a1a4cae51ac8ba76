// Command pnc-emulator serves the Partner Network Connect API emulator
// (internal/fakeapi) on a loopback port, for manual runs of the provider and
// for scripts.
//
//	pnc-emulator -addr 127.0.0.1:8080 -delay 3s -url-file /tmp/pnc.url
//
// Point the provider at it with the printed URL as the API endpoint and the
// printed token. It stops cleanly on SIGINT or SIGTERM.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/signal"
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
	readyState := fs.String("ready-state", fakeapi.StateCreated, `state of a provisioned attachment ("CREATED", "ACTIVE" or "active")`)
	failInto := fs.String("fail-creates-into", "", `if set (e.g. "ERROR"), new attachments end in this state`)
	rateLimit := fs.Int("rate-limit", 250, "requests allowed per minute (negative disables)")
	urlFile := fs.String("url-file", "", "write the base URL to this file once listening")
	verbose := fs.Bool("v", false, "log every request to stderr")
	if err := fs.Parse(args); err != nil {
		return err
	}

	opts := fakeapi.Options{
		Token:              *token,
		ReadOnlyToken:      *readOnly,
		ProvisioningDelay:  *delay,
		ReadyState:         *readyState,
		FailCreatesInto:    *failInto,
		RateLimitPerMinute: *rateLimit,
	}
	if *verbose {
		opts.Logf = log.New(stderr, "", log.LstdFlags).Printf
	}
	srv := fakeapi.New(opts)
	url, stop, err := srv.ListenAndServe(*addr)
	if err != nil {
		return err
	}
	defer stop()
	if *urlFile != "" {
		if err := os.WriteFile(*urlFile, []byte(url+"\n"), 0o600); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "PNC emulator listening on %s\ntoken: %s\n", url, srv.Token())
	<-ctx.Done()
	fmt.Fprintln(stdout, "shutting down")
	return nil
}
