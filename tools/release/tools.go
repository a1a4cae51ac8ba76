//go:build tools

// Package tools pins goreleaser; `make release-snapshot` builds it from this
// module's go.mod.
package tools

import _ "github.com/goreleaser/goreleaser/v2"
