#!/usr/bin/env bash
# Writes the provider's schema, as `terraform providers schema -json` reports
# it, to the file given as $2, using the Terraform CLI given as $1:
#
#   tools/docs/providers-schema.sh bin/terraform .cache/docs/schema.json
#
# tfplugindocs would otherwise build the provider and download a Terraform
# release to ask it; these machines cannot reach releases.hashicorp.com, so
# `make docs` asks the project's own Terraform and passes the file with
# --providers-schema. Works offline: dev_overrides point Terraform at a freshly
# built provider, and `providers schema` needs no `terraform init` for an
# overridden provider.
set -euo pipefail

TF="${1:?usage: providers-schema.sh TERRAFORM OUT.json}"
OUT="${2:?usage: providers-schema.sh TERRAFORM OUT.json}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ADDR="registry.terraform.io/pnc-tf/do"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/pnc-docs.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

# A provider built from the working tree, never a stale bin/ binary.
(cd "$ROOT" && go build -o "$WORK/bin/terraform-provider-do" .)

cat >"$WORK/terraformrc" <<EOF
provider_installation {
  dev_overrides {
    "$ADDR" = "$WORK/bin"
  }
  direct {}
}
EOF
mkdir -p "$WORK/config"
cat >"$WORK/config/main.tf" <<'EOF'
terraform {
  required_providers {
    do = {
      source = "pnc-tf/do"
    }
  }
}
EOF

# The environment's CLI settings must not leak in (a missing config file,
# extra arguments); the dev_overrides warning goes to stderr, not the JSON.
env -u TF_CLI_ARGS -u TF_DATA_DIR -u TF_WORKSPACE \
  TF_CLI_CONFIG_FILE="$WORK/terraformrc" CHECKPOINT_DISABLE=1 \
  "$TF" -chdir="$WORK/config" providers schema -json >"$WORK/schema.json"

# tfplugindocs looks the provider up by its short name ("do") or under
# registry.terraform.io/hashicorp/; rename our address to the short name.
# The key is matched whole, quotes and colon included, so nothing else in the
# document can change.
grep -q "\"$ADDR\":" "$WORK/schema.json" || {
  echo "providers-schema.sh: $ADDR is missing from the schema Terraform reported" >&2
  exit 1
}
mkdir -p "$(dirname "$OUT")"
sed "s|\"$ADDR\":|\"do\":|" "$WORK/schema.json" >"$OUT.tmp"
mv -f "$OUT.tmp" "$OUT"
