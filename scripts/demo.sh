#!/usr/bin/env bash
# End-to-end demo of the pnc-tf/do provider against the local Partner Network
# Connect emulator, driven by the real Terraform CLI:
#
#   plan -> apply -> plan (no changes) -> import into a fresh state
#   -> plan (no changes) -> destroy -> destroy the original state (already gone)
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
EXAMPLE="$ROOT/examples/resources/do_partner_attachment/resource.tf"
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
tf() {
  local dir="$1" sub="$2"
  shift 2
  printf '$ terraform %s %s   (in %s)\n' "$sub" "$*" "${dir#"$WORK"/}"
  # $NO_COLOR is deliberately unquoted: it is empty or one flag.
  # shellcheck disable=SC2086
  "$TF" -chdir="$dir" "$sub" $NO_COLOR "$@"
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

for bin in "$TF" "$PROVIDER" "$EMULATOR"; do
  [[ -x "$bin" ]] || die "$bin is missing; run 'make demo', which builds it."
done
[[ -f "$EXAMPLE" ]] || die "$EXAMPLE is missing."

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
step "Configuring Terraform to use the locally built provider (dev_overrides)"
# dev_overrides makes plan/apply use bin/terraform-provider-do directly. init
# still resolves every required provider, so a local filesystem mirror holding
# the same binary answers it instead of registry.terraform.io (unreachable,
# and pnc-tf/do is not published there anyway).
MIRROR="$WORK/mirror"
MIRROR_PKG="$MIRROR/registry.terraform.io/pnc-tf/do/0.0.1/$(go env GOOS)_$(go env GOARCH)"
mkdir -p "$MIRROR_PKG"
cp "$BIN_DIR/terraform-provider-do" "$MIRROR_PKG/terraform-provider-do_v0.0.1"
cat >"$WORK/terraformrc" <<EOF
provider_installation {
  dev_overrides {
    "registry.terraform.io/pnc-tf/do" = "$BIN_DIR"
  }
  filesystem_mirror {
    path    = "$MIRROR"
    include = ["registry.terraform.io/pnc-tf/do"]
  }
}
EOF
cat "$WORK/terraformrc"

# Our own CLI config replaces whatever the environment points at (which may be
# a file that does not exist). Settings that would change where state lives or
# add arguments to every command are cleared for a predictable run.
unset TF_WORKSPACE TF_DATA_DIR TF_CLI_ARGS TF_CLI_ARGS_init TF_CLI_ARGS_plan \
  TF_CLI_ARGS_apply TF_CLI_ARGS_import TF_CLI_ARGS_destroy DIGITALOCEAN_ACCESS_TOKEN
export TF_CLI_CONFIG_FILE="$WORK/terraformrc"
export CHECKPOINT_DISABLE=1
export TF_INPUT=0
export DIGITALOCEAN_TOKEN="$TOKEN"
export DIGITALOCEAN_API_URL="$URL"
export TF_VAR_bgp_auth_key="pnc-demo-bgp-auth-key"

CREATE_DIR="$WORK/create"
IMPORT_DIR="$WORK/import"
mkdir -p "$CREATE_DIR" "$IMPORT_DIR"
cp "$EXAMPLE" "$CREATE_DIR/main.tf"
cp "$EXAMPLE" "$IMPORT_DIR/main.tf"
echo "Working directory: $CREATE_DIR (config: examples/resources/do_partner_attachment/resource.tf)"

# --- Create -------------------------------------------------------------------
step "terraform init"
tf "$CREATE_DIR" init -input=false

step "terraform plan"
tf "$CREATE_DIR" plan

step "terraform apply -auto-approve (waits until the attachment is active)"
tf "$CREATE_DIR" apply -auto-approve

step "terraform plan -detailed-exitcode (must show no changes)"
plan_no_changes "$CREATE_DIR" "after apply"

ID="$("$TF" -chdir="$CREATE_DIR" output -raw id)"
STATE="$("$TF" -chdir="$CREATE_DIR" output -raw state)"
[[ -n "$ID" ]] || die "terraform output -raw id returned nothing."
echo "Created partner attachment $ID (state: $STATE)"

# --- Import into a fresh state ------------------------------------------------
step "terraform import into a fresh working directory"
tf "$IMPORT_DIR" init -input=false
tf "$IMPORT_DIR" import "$ADDR" "$ID"

step "terraform plan -detailed-exitcode after import (must show no changes)"
plan_no_changes "$IMPORT_DIR" "after import"

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

STEP="done"
printf '\n%sDemo finished: created, verified, imported and destroyed partner attachment %s.%s\n' "$BOLD" "$ID" "$RESET"
