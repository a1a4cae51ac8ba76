// Command terraform-provider-do is the Terraform provider for DigitalOcean
// Partner Network Connect.
package main

import (
	"context"
	"flag"
	"log"
	"os"
	"os/signal"
	"runtime/pprof"
	"sync"
	"syscall"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/pnc-tf/terraform-provider-do/internal/provider"
)

// version is set by the release build (goreleaser ldflags).
var version = "dev"

func main() {
	var debug bool
	var cpuProfile string
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.StringVar(&cpuProfile, "cpuprofile", "", "with -debug: write a Go CPU profile to this file until the provider is stopped (SIGINT or SIGTERM)")
	flag.Parse()

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
