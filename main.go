// Command terraform-provider-do is the Terraform provider for DigitalOcean
// Partner Network Connect.
package main

import (
	"context"
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/pnc-tf/terraform-provider-do/internal/provider"
)

// version is set by the release build (goreleaser ldflags).
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: "registry.terraform.io/pnc-tf/do",
		Debug:   debug,
	})
	if err != nil {
		log.Fatal(err.Error())
	}
}
