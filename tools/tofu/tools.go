//go:build tools

// Package tools pins OpenTofu so `go build github.com/opentofu/opentofu/cmd/tofu`
// resolves from this module's go.mod.
package tools

import _ "github.com/opentofu/opentofu/cmd/tofu"
