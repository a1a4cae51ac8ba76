// Command terraform-provider-do is the Terraform provider for DigitalOcean
// Partner Network Connect.
package main

import (
	"context"
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/pnc-tf/terraform-provider-do/internal/process"
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

	stop, err := process.Setup(debug, cpuProfile)
	if err != nil {
		log.Fatal(err.Error())
	}
	err = providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: "registry.terraform.io/pnc-tf/do",
		Debug:   debug,
	})
	stop()
	if err != nil {
		log.Fatal(err.Error())
	}
}
