// Package kubernetes stands in for Terraform's kubernetes state backend, which is a
// separate module the Go module proxy does not serve. Provider tests never use
// remote state; configuring this backend fails with a clear message.
package kubernetes

import (
	"github.com/hashicorp/terraform/internal/backend"
	"github.com/hashicorp/terraform/internal/backend/remote-state/stub"
)

// New returns a backend that refuses to be configured.
func New() backend.Backend { return stub.New("kubernetes") }
