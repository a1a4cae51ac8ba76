//go:build tools

// Package tools pins actionlint; `make actionlint` builds its command from
// this module's go.mod.
package tools

import _ "github.com/rhysd/actionlint/cmd/actionlint"
