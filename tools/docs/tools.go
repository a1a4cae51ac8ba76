//go:build tools

// Package tools pins terraform-plugin-docs; `make docs` builds tfplugindocs
// from this module's go.mod.
package tools

import _ "github.com/hashicorp/terraform-plugin-docs/cmd/tfplugindocs"
