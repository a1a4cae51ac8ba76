#!/usr/bin/env bash
# End-to-end demo of the pnc-tf/do provider against the local Partner Network
# Connect emulator, driven by the real Terraform CLI, with the flagship example
# (examples/resources/do_partner_attachment/resource.tf, write-only BGP key):
#
#   providers lock -> init -> plan -> apply -> plan (no changes)
#   -> import block into a fresh state: plan -> apply -> plan (no changes)
#   -> destroy -> destroy the original state (already gone)
#
# Terraform installs the provider from a local filesystem mirror, recorded in a
# dependency lock file: no registry, no network, no dev_overrides. The demo
# fails if Terraform prints any warning, if the BGP auth key shows up in its
# output or if a state file holds it.
#
# Builds nothing itself: `make demo` builds bin/terraform, bin/terraform-provider-do
# and bin/pnc-emulator first. Everything else lives in a temporary directory that
# is removed on exit (set DEMO_KEEP=1 to keep it for inspection).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN_DIR="$ROOT/bin"
TF="$BIN_DIR/terraform"
PROVIDER="$BIN_DIR/terraform-provider-do"
EMULATOR="$BIN_DIR/pnc-emulator"
EXAMPLE_DIR="$ROOT/examples/resources/do_partner_attachment"
EXAMPLE="$EXAMPLE_DIR/resource.tf"
IMPORT_EXAMPLE="$EXAMPLE_DIR/import-by-string-id.tf"
ADDR="do_partner_attachment.example"

STEP="setup"
EMU_PID=""
WORK=""

die() {
  printf '\nDEMO FAILED: %s\n' "$*" >&2
  exit 1
}

# Runs on every exit: stops the emulator and removes the temporary directory.
on_exit() {
  local rc=$?
  if [[ -n "$EMU_PID" ]] && kill -0 "$EMU_PID" 2>/dev/null; then
    kill "$EMU_PID" 2>/dev/null || true
    wait "$EMU_PID" 2>/dev/null || true
  fi
  if [[ $rc -ne 0 ]]; then
    printf '\nDEMO FAILED (exit %d) at step: %s\n' "$rc" "$STEP" >&2
    if [[ -n "$WORK" && -s "$WORK/emulator.log" ]]; then
      printf -- '--- last lines of the emulator log ---\n' >&2
      tail -n 20 "$WORK/emulator.log" >&2 || true
    fi
    if [[ -n "$WORK" && "${DEMO_KEEP:-}" != 1 ]]; then
      printf 'Rerun with DEMO_KEEP=1 to keep the working directories for inspection.\n' >&2
    fi
  fi
  if [[ -n "$WORK" ]]; then
    if [[ "${DEMO_KEEP:-}" == 1 ]]; then
      printf 'Demo files kept in %s\n' "$WORK" >&2
    else
      rm -rf "$WORK"
    fi
  fi
  exit "$rc"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Bold banners and coloured Terraform output only on a terminal.
if [[ -t 1 ]]; then BOLD=$'\e[1m' RESET=$'\e[0m' NO_COLOR=""; else BOLD="" RESET="" NO_COLOR="-no-color"; fi

step() {
  STEP="$*"
  printf '\n%s==> %s%s\n' "$BOLD" "$*" "$RESET"
}

# tf DIR SUBCOMMAND [ARGS...]: run Terraform in DIR, echoing the command first.
# Its output (stdout and stderr together) is shown and kept in $WORK/last.log
# and $WORK/terraform.log. Any warning fails the demo: the example is meant to
# run without one. Returns Terraform's exit code.
tf() {
  local dir="$1" rc=0
  local -a sub=("$2")
  shift 2
  if [[ "${sub[0]}" == providers ]]; then
    sub+=("$1")
    shift
  fi
  printf '$ terraform %s %s   (in %s)\n' "${sub[*]}" "$*" "${dir#"$WORK"/}"
  # $NO_COLOR is deliberately unquoted: it is empty or one flag.
  # shellcheck disable=SC2086
  "$TF" -chdir="$dir" "${sub[@]}" $NO_COLOR "$@" 2>&1 | tee "$WORK/last.log" || rc=$?
  cat "$WORK/last.log" >>"$WORK/terraform.log"
  if plain <"$WORK/last.log" | grep -E '(^|│ )Warning: ' >/dev/null; then
    die "terraform ${sub[*]} printed a warning (above); the demo must run without any."
  fi
  return "$rc"
}

# plain: the input without terminal colour codes.
plain() {
  sed $'s/\e\\[[0-9;]*m//g'
}

# plan_no_changes DIR WHAT: `terraform plan -detailed-exitcode` must exit 0.
plan_no_changes() {
  local dir="$1" what="$2" rc=0
  tf "$dir" plan -detailed-exitcode || rc=$?
  case $rc in
    0) echo "OK: no changes $what." ;;
    2) die "terraform plan shows changes $what; expected none (the provider is not converging)." ;;
    *) die "terraform plan failed (exit $rc) $what." ;;
  esac
}

# no_key_in_state DIR: the state in DIR must not hold the BGP auth key
# (grep -q, so the key itself is never printed).
no_key_in_state() {
  local dir="$1"
  [[ -s "$dir/terraform.tfstate" ]] || die "no state file in ${dir#"$WORK"/}."
  if grep -qF -- "$BGP_KEY" "$dir/terraform.tfstate"; then
    die "the state in ${dir#"$WORK"/} holds the BGP auth key; auth_key_wo must keep it out."
  fi
  echo "OK: the BGP auth key is not in the state (${dir#"$WORK"/}/terraform.tfstate)."
}

for bin in "$TF" "$PROVIDER" "$EMULATOR"; do
  [[ -x "$bin" ]] || die "$bin is missing; run 'make demo', which builds it."
done
for f in "$EXAMPLE" "$IMPORT_EXAMPLE"; do
  [[ -f "$f" ]] || die "$f is missing."
done

WORK="$(mktemp -d "${TMPDIR:-/tmp}/pnc-demo.XXXXXX")"

# --- Emulator -----------------------------------------------------------------
step "Starting the Partner Network Connect emulator (provisioning delay 2s)"
TOKEN="pnc-demo-token"
"$EMULATOR" -token "$TOKEN" -delay 2s -url-file "$WORK/emulator.url" >"$WORK/emulator.log" 2>&1 &
EMU_PID=$!

# The emulator writes its URL to -url-file once it is listening. Wait until the
# file holds the same URL on two reads in a row so a half-written file is never
# used.
URL=""
for _ in $(seq 1 300); do
  kill -0 "$EMU_PID" 2>/dev/null || die "the emulator exited during startup (see its log below)."
  if [[ -s "$WORK/emulator.url" ]]; then
    first="$(tr -d '[:space:]' <"$WORK/emulator.url")"
    sleep 0.1
    second="$(tr -d '[:space:]' <"$WORK/emulator.url")"
    if [[ -n "$first" && "$first" == "$second" ]]; then
      URL="$first"
      break
    fi
  fi
  sleep 0.1
done
[[ -n "$URL" ]] || die "the emulator did not write its URL to $WORK/emulator.url within 30s."
[[ "$URL" =~ ^https?:// ]] || die "the emulator wrote an unexpected URL: '$URL'."
echo "Emulator listening on $URL (pid $EMU_PID)"

# --- Terraform environment ----------------------------------------------------
step "Configuring Terraform to install the locally built provider from a filesystem mirror"
# The mirror holds bin/terraform-provider-do in the layout Terraform expects
# (<mirror>/<hostname>/<namespace>/<type>/<version>/<os>_<arch>/), and the CLI
# configuration allows no other installation method: registry.terraform.io is
# never asked (pnc-tf/do is not published there anyway). The version is the
# one `make install` uses (the newest heading of CHANGELOG.md), so that the
# example's version constraint matches it.
VERSION="$(sed -n 's/^## \([0-9][0-9.]*\).*/\1/p' "$ROOT/CHANGELOG.md" | head -n 1)"
[[ -n "$VERSION" ]] || die "no version heading (## X.Y.Z) in CHANGELOG.md."
PLATFORM="$(go env GOOS)_$(go env GOARCH)"
MIRROR="$WORK/mirror"
MIRROR_PKG="$MIRROR/registry.terraform.io/pnc-tf/do/$VERSION/$PLATFORM"
mkdir -p "$MIRROR_PKG"
cp "$PROVIDER" "$MIRROR_PKG/terraform-provider-do_v$VERSION"
echo "Mirror: ${MIRROR_PKG#"$WORK"/}/terraform-provider-do_v$VERSION"
cat >"$WORK/terraformrc" <<EOF
provider_installation {
  filesystem_mirror {
    path    = "$MIRROR"
    include = ["registry.terraform.io/pnc-tf/do"]
  }
}
EOF
cat "$WORK/terraformrc"

# Our own CLI config replaces whatever the environment points at (which may be
# a file that does not exist). Settings that would change where state lives,
# add arguments to every command or log what the provider is sent are cleared
# for a predictable run.
unset TF_WORKSPACE TF_DATA_DIR TF_CLI_ARGS TF_CLI_ARGS_init TF_CLI_ARGS_plan \
  TF_CLI_ARGS_apply TF_CLI_ARGS_import TF_CLI_ARGS_destroy TF_CLI_ARGS_providers \
  TF_LOG TF_LOG_CORE TF_LOG_PROVIDER TF_LOG_PATH TF_PLUGIN_CACHE_DIR \
  DIGITALOCEAN_ACCESS_TOKEN
export TF_CLI_CONFIG_FILE="$WORK/terraformrc"
export CHECKPOINT_DISABLE=1
export TF_INPUT=0
export DIGITALOCEAN_TOKEN="$TOKEN"
export DIGITALOCEAN_API_URL="$URL"
# A fresh random key each run, handed over the way the example asks: through
# the sensitive, ephemeral variable bgp_auth_key. It is never printed.
BGP_KEY="demo-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
export TF_VAR_bgp_auth_key="$BGP_KEY"

CREATE_DIR="$WORK/create"
IMPORT_DIR="$WORK/import"
mkdir -p "$CREATE_DIR" "$IMPORT_DIR"
cp "$EXAMPLE" "$CREATE_DIR/main.tf"
cp "$EXAMPLE" "$IMPORT_DIR/main.tf"
echo "Working directory: $CREATE_DIR (config: examples/resources/do_partner_attachment/resource.tf)"
echo "BGP auth key: a random value in TF_VAR_bgp_auth_key (sensitive, ephemeral; never shown)"

# --- Create -------------------------------------------------------------------
step "terraform providers lock (records the mirror's checksum in .terraform.lock.hcl)"
tf "$CREATE_DIR" providers lock -fs-mirror="$MIRROR" -platform="$PLATFORM"
cat "$CREATE_DIR/.terraform.lock.hcl"

step "terraform init (installs the provider the lock file names, offline)"
tf "$CREATE_DIR" init -input=false

step "terraform plan"
tf "$CREATE_DIR" plan

step "terraform apply -auto-approve (waits until the attachment is active)"
tf "$CREATE_DIR" apply -auto-approve

step "terraform plan -detailed-exitcode (must show no changes)"
plan_no_changes "$CREATE_DIR" "after apply"
no_key_in_state "$CREATE_DIR"

ID="$("$TF" -chdir="$CREATE_DIR" output -raw id)"
STATE="$("$TF" -chdir="$CREATE_DIR" output -raw state)"
[[ -n "$ID" ]] || die "terraform output -raw id returned nothing."
echo "Created partner attachment $ID (state: $STATE)"

# --- Import into a fresh state ------------------------------------------------
# An import block (examples/resources/do_partner_attachment/import-by-string-id.tf
# with this ID), not `terraform import`: the command would write the key it
# reads from the API into state, where the block's apply never puts it.
step "import block in a fresh working directory (same config and lock file)"
sed "s/5a4981aa-9653-4bd1-bef5-d6bff52042e4/$ID/" "$IMPORT_EXAMPLE" >"$IMPORT_DIR/import.tf"
grep -qF "\"$ID\"" "$IMPORT_DIR/import.tf" || die "could not put the ID into $IMPORT_EXAMPLE's import block."
cp "$CREATE_DIR/.terraform.lock.hcl" "$IMPORT_DIR/"
echo "import.tf:"
cat "$IMPORT_DIR/import.tf"
tf "$IMPORT_DIR" init -input=false

# The attachment as read from the API has no auth_key_wo_version, so the plan
# imports it and updates it in place: recording version 1 sends the key once.
# Anything else (a replacement, a second resource) is a bug.
step "terraform plan -detailed-exitcode (must import and update in place, nothing else)"
rc=0
tf "$IMPORT_DIR" plan -detailed-exitcode || rc=$?
[[ $rc -eq 2 ]] || die "terraform plan exited $rc after adding the import block; expected 2 (changes)."
plain <"$WORK/last.log" | grep -F "Plan: 1 to import, 0 to add, 1 to change, 0 to destroy." >/dev/null ||
  die "the import plan is not 'Plan: 1 to import, 0 to add, 1 to change, 0 to destroy.'"
echo "OK: the plan imports $ADDR and updates it in place."

step "terraform apply -auto-approve (imports the attachment)"
tf "$IMPORT_DIR" apply -auto-approve

step "terraform plan -detailed-exitcode after import (must show no changes)"
plan_no_changes "$IMPORT_DIR" "after import"
no_key_in_state "$IMPORT_DIR"

# --- Destroy --------------------------------------------------------------------
step "terraform destroy -auto-approve (in the import directory, which now owns the attachment)"
tf "$IMPORT_DIR" destroy -auto-approve

# The original state still records the attachment. Its refresh gets a 404 and
# drops it from state, so this destroy succeeds with nothing left to delete;
# that is the correct outcome, and it exercises the provider's "deleted
# outside Terraform" path.
step "terraform destroy -auto-approve (in the original directory: already gone, must succeed)"
tf "$CREATE_DIR" destroy -auto-approve

for dir in "$CREATE_DIR" "$IMPORT_DIR"; do
  left="$("$TF" -chdir="$dir" state list)"
  [[ -z "$left" ]] || die "resources left in state in ${dir#"$WORK"/}: $left"
done

STEP="checking the output for the BGP auth key"
if grep -qF -- "$BGP_KEY" "$WORK/terraform.log"; then
  die "the BGP auth key appears in Terraform's output."
fi

STEP="done"
printf '\n%sDemo finished: created, verified, imported and destroyed partner attachment %s, with no warnings and the BGP auth key in no output or state.%s\n' "$BOLD" "$ID" "$RESET"
