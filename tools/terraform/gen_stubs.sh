#!/usr/bin/env bash
# Regenerates the stub modules that stand in for Terraform's nested remote-state
# backend modules, which the Go module proxy does not serve (see README.md).
set -euo pipefail
cd "$(dirname "$0")"
for name in azure consul cos gcs kubernetes oss pg s3 oci; do
  dir="stubs/remote-state/$name"
  mkdir -p "$dir"
  cat > "$dir/go.mod" <<MOD
module github.com/hashicorp/terraform/internal/backend/remote-state/$name

go 1.25

require github.com/hashicorp/terraform/internal/backend/remote-state/stub v0.0.0
MOD
  cat > "$dir/backend.go" <<GO
// Package $name stands in for Terraform's $name state backend, which is a
// separate module the Go module proxy does not serve. Provider tests never use
// remote state; configuring this backend fails with a clear message.
package $name

import (
	"github.com/hashicorp/terraform/internal/backend"
	"github.com/hashicorp/terraform/internal/backend/remote-state/stub"
)

// New returns a backend that refuses to be configured.
func New() backend.Backend { return stub.New("$name") }
GO
done
mkdir -p stubs/legacy
cat > stubs/legacy/go.mod <<MOD
module github.com/hashicorp/terraform/internal/legacy

go 1.25
MOD
cat > stubs/legacy/doc.go <<GO
// Package legacy is an empty stand-in for Terraform's internal/legacy module,
// which only Terraform's own tests import.
package legacy
GO
# Terraform's own tests import internal/legacy/terraform (1.16:
# internal/command/views); go mod tidy resolves the imports of the tests of
# every package it keeps, so the package must exist. Nothing builds it.
mkdir -p stubs/legacy/terraform
cat > stubs/legacy/terraform/doc.go <<GO
// Package terraform is an empty stand-in for Terraform's
// internal/legacy/terraform, imported only by Terraform's own tests, so that
// go mod tidy finds it. No binary built here imports it.
package terraform
GO
