// Command terraform-provider-do is the Terraform provider for DigitalOcean
// Partner Network Connect.
package main

import (
	"cmp"
	"context"
	"flag"
	"log"
	"os"
	"os/signal"
	"runtime/debug"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
	"syscall"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/pnc-tf/terraform-provider-do/internal/provider"
)

// version is set by the release build (goreleaser ldflags) and by make
// install (the newest version heading of CHANGELOG.md).
var version = "dev"

func main() {
	var debug bool
	var cpuProfile string
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.StringVar(&cpuProfile, "cpuprofile", "", "with -debug: write a Go CPU profile to this file until the provider is stopped (SIGINT or SIGTERM)")
	flag.Parse()

	if !debug {
		logOnlyWhatTerraformKeeps(os.Getenv, os.Setenv)
	}
	collectGarbageLessOften(os.Getenv)

	stopProfile := func() {}
	if cpuProfile != "" {
		if !debug {
			log.Fatal("-cpuprofile needs -debug: a provider Terraform starts is killed, which loses the profile")
		}
		var err error
		if stopProfile, err = profileCPU(cpuProfile); err != nil {
			log.Fatal(err.Error())
		}
	}

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: "registry.terraform.io/pnc-tf/do",
		Debug:   debug,
	})
	stopProfile()
	if err != nil {
		log.Fatal(err.Error())
	}
}

// gcPercent is the garbage collector's target for this process (Go's
// default is 100); gcMemoryLimit bounds the heap of a very large plan. Why:
// DESIGN.md, "Logging and garbage collection".
const (
	gcPercent     = 400
	gcMemoryLimit = 512 << 20
)

// collectGarbageLessOften applies gcPercent and gcMemoryLimit, unless GOGC
// or GOMEMLIMIT say otherwise.
func collectGarbageLessOften(getenv func(string) string) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	if getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(gcMemoryLimit)
	}
}

// The plugin libraries' log levels, read from the environment when the
// server starts: the framework's and the protocol's loggers (TF_LOG_SDK,
// which their subsystems inherit) and this provider's (TF_LOG_PROVIDER_DO,
// which its "api" subsystem inherits).
var pluginLogLevelVars = []string{"TF_LOG_SDK", "TF_LOG_PROVIDER_DO"}

// logOnlyWhatTerraformKeeps sets the plugin libraries' log levels, where the
// user has not, to the level at which Terraform keeps what a provider logs:
// TF_LOG_PROVIDER, else TF_LOG, and nothing when neither is set. Why:
// DESIGN.md, "Logging and garbage collection".
func logOnlyWhatTerraformKeeps(getenv func(string) string, setenv func(string, string) error) {
	level := strings.ToUpper(strings.TrimSpace(cmp.Or(getenv("TF_LOG_PROVIDER"), getenv("TF_LOG"))))
	switch level {
	case "":
		level = "OFF"
	case "JSON":
		level = "TRACE"
	}
	if !slices.Contains([]string{"TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF"}, level) {
		return // Terraform's own reading of a level it does not know is its business
	}
	for _, name := range pluginLogLevelVars {
		if getenv(name) == "" {
			_ = setenv(name, level)
		}
	}
}

// profileCPU starts a CPU profile into path and returns the function that
// ends it. SIGINT (which also ends a -debug server) and SIGTERM end it too,
// and then the process, so that the profile is complete however the
// provider is stopped.
func profileCPU(path string) (stop func(), err error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		_ = f.Close()
		return nil, err
	}
	var once sync.Once
	stop = func() {
		once.Do(func() {
			pprof.StopCPUProfile()
			if err := f.Close(); err != nil {
				log.Printf("closing %s: %v", path, err)
			}
		})
	}
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-signals
		stop()
		os.Exit(0)
	}()
	return stop, nil
}
