// Package process tunes the provider's own process: the garbage collector,
// the plugin libraries' log levels, and an optional CPU profile.
package process

import (
	"cmp"
	"errors"
	"log"
	"os"
	"os/signal"
	"runtime/debug"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
	"syscall"
)

// Setup readies this process to serve the provider: unless debug, plugin log
// levels that Terraform would discard are turned off (logOnlyWhatTerraformKeeps);
// the collector runs less often (collectGarbageLessOften); and with cpuProfile
// (which needs debug) a CPU profile is written there. stop ends the profile
// (a no-op without one).
func Setup(debug bool, cpuProfile string) (stop func(), err error) {
	if !debug {
		logOnlyWhatTerraformKeeps(os.Getenv, os.Setenv)
	}
	collectGarbageLessOften(os.Getenv)
	if cpuProfile == "" {
		return func() {}, nil
	}
	if !debug {
		return nil, errors.New("-cpuprofile needs -debug: a provider Terraform starts is killed, which loses the profile")
	}
	return profileCPU(cpuProfile)
}

// GCPercent is the garbage collector's target for this process (Go's
// default is 100); gcMemoryLimit bounds the heap of a very large plan. Why:
// DESIGN.md, "Logging and garbage collection".
const (
	GCPercent     = 400
	gcMemoryLimit = 512 << 20
)

// collectGarbageLessOften applies GCPercent and gcMemoryLimit, unless GOGC
// or GOMEMLIMIT say otherwise.
func collectGarbageLessOften(getenv func(string) string) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(GCPercent)
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
