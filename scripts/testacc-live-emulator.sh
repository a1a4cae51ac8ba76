#!/usr/bin/env bash
# Live mode without a DigitalOcean account: starts the standalone emulator
# (pnc-emulator) on loopback with a throwaway token, then runs, from one
# test binary of ./internal/provider,
#
#   the live-mode suite  the acceptance tests with DO_ACC_LIVE=1, with the
#                        flags and environment of `make testacc-live`, as a
#                        maintainer runs them against the real API
#   the sweepers         with -sweep=all, as `make sweep` runs them; they must
#                        find nothing: a live run that passes leaves no
#                        attachment behind
#
# and prints how many tests passed and skipped (with the skip reasons).
# `make testacc-live-emulator` builds bin/terraform first and runs this.
#
# LIVE_BIN_DIR names a directory holding pnc-emulator and provider.test
# (`go test -c ./internal/provider`) already built, as
# scripts/testacc-profiles.sh builds them once for all its runs; without
# it both are built here. Each run has its own emulator on its own port and
# its own temporary directory, so several can run side by side.
#
# LIVE_EMULATOR_DELAY sets the emulator's provisioning delay (default 1s:
# long enough that the provider's production polling, first at 0.5 s, sees
# CREATING first; the next poll comes at 1.5 s whatever the delay below
# that). PROFILE selects emulator profiles, comma-separated (see
# `bin/pnc-emulator -h`; default: none), and LIVE_EMULATOR_LAG the eventual
# profile's lag (default 2s). LIVE_PARALLEL and LIVE_TIMEOUT are those of
# `make testacc-live` (defaults 2 and 240m). TESTARGS is passed on, its go
# test flags (-run, -v, ...) as the test binary's (-test.run, -test.v, ...).
# LIVE_EMULATOR_PATH_PREFIX (e.g. /gw/do) serves the API under that path, as
# a gateway would, and points the provider at it; the run then fails if any
# request went outside the prefix.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK=""
EMU_PID=""

on_exit() {
  local rc=$?
  if [[ -n "$EMU_PID" ]] && kill -0 "$EMU_PID" 2>/dev/null; then
    kill "$EMU_PID" 2>/dev/null || true
    wait "$EMU_PID" 2>/dev/null || true
  fi
  if [[ $rc -ne 0 && -n "$WORK" && -s "$WORK/emulator.log" ]]; then
    printf -- '--- last lines of the emulator log ---\n' >&2
    tail -n 20 "$WORK/emulator.log" >&2 || true
  fi
  [[ -n "$WORK" ]] && rm -rf "$WORK"
  exit "$rc"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

cd "$ROOT"
TERRAFORM="$ROOT/bin/terraform"
TF_TEST_RC="$ROOT/.cache/tf-test.tfrc"
for f in "$TERRAFORM" "$TF_TEST_RC"; do
  [[ -e "$f" ]] || { echo "$f is missing: run this through make (make testacc-live-emulator)" >&2; exit 2; }
done
WORK="$(mktemp -d)"
BIN_DIR="${LIVE_BIN_DIR:-}"
if [[ -z "$BIN_DIR" ]]; then
  BIN_DIR="$WORK"
  echo "==> Building the emulator and the test binary of ./internal/provider"
  go build -o "$BIN_DIR/pnc-emulator" ./cmd/pnc-emulator
  go test -c -o "$BIN_DIR/provider.test" ./internal/provider
fi
EMULATOR="$BIN_DIR/pnc-emulator"
TEST_BIN="$BIN_DIR/provider.test"

# go test flags as the test binary's: -run X becomes -test.run X.
read -r -d "" -a words <<<"${TESTARGS:-}" || true
test_args=()
for a in "${words[@]}"; do
  if [[ "$a" == -* && "$a" != -test.* ]]; then a="-test.${a#-}"; a="${a/#-test.-/-test.}"; fi
  test_args+=("$a")
done

# Not a secret: the emulator accepts this token only, and only on loopback.
TOKEN="live-emulator-$$-$RANDOM"
PROFILE="${PROFILE:-}"
LAG="${LIVE_EMULATOR_LAG:-2s}"
"$EMULATOR" -addr 127.0.0.1:0 -delay "${LIVE_EMULATOR_DELAY:-1s}" -token "$TOKEN" \
  -profile "$PROFILE" -lag "$LAG" -path-prefix "${LIVE_EMULATOR_PATH_PREFIX:-}" \
  -url-file "$WORK/url" -v >"$WORK/emulator.log" 2>&1 &
EMU_PID=$!
# Generous: on a loaded machine a process can take seconds to start.
for _ in $(seq 300); do
  [[ -s "$WORK/url" ]] && break
  kill -0 "$EMU_PID" 2>/dev/null || { echo "the emulator did not start" >&2; exit 1; }
  sleep 0.1
done
[[ -s "$WORK/url" ]] || { echo "the emulator did not write its URL" >&2; exit 1; }

unset DIGITALOCEAN_ACCESS_TOKEN
export DIGITALOCEAN_TOKEN="$TOKEN"
DIGITALOCEAN_API_URL="$(<"$WORK/url")"
export DIGITALOCEAN_API_URL
# Any ids do for the emulator; real runs need two VPCs in region nyc.
export DO_ACC_VPC_IDS="5f7c3a52-9a0e-4c59-8a8c-0d1f0b7b2a11,7d2e9b64-1c3f-4e8a-9b5d-2a6c4f8e0b22"
echo "==> Live mode against the emulator at $DIGITALOCEAN_API_URL (profiles: ${PROFILE:-default})"

# As go test runs a test binary: in the package's directory. The
# environment is the GNUmakefile's TEST_ENV with DO_ACC_LIVE=1.
set +e
(cd internal/provider && TF_ACC=1 TF_ACC_TERRAFORM_PATH="$TERRAFORM" TF_CLI_CONFIG_FILE="$TF_TEST_RC" \
  CHECKPOINT_DISABLE=1 DO_ACC_LIVE=1 "$TEST_BIN" -test.count=1 -test.timeout="${LIVE_TIMEOUT:-240m}" \
  -test.parallel="${LIVE_PARALLEL:-2}" -test.v "${test_args[@]}") >"$WORK/live.log" 2>&1
live_rc=$?
set -e
echo "--- skipped, with the reasons:"
grep -E -- '--- SKIP:|skipped in live mode|live mode \(' "$WORK/live.log" || true
passed=$(grep -c -- '--- PASS:' "$WORK/live.log" || true)
skipped=$(grep -c -- '--- SKIP:' "$WORK/live.log" || true)
failed=$(grep -c -- '--- FAIL:' "$WORK/live.log" || true)
echo "--- acceptance tests that ran live:"
grep -E -- '--- (PASS|FAIL): TestAcc' "$WORK/live.log" || true
requests=$(grep -c -- ' -> ' "$WORK/emulator.log" || true)
refused=$(grep -c -- ' -> 429' "$WORK/emulator.log" || true)
echo "--- the emulator answered $requests requests, $refused of them with 429"
outside=$(grep -c -- '(fault outside-prefix)' "$WORK/emulator.log" || true)
if [[ $outside -ne 0 ]]; then
  echo "$outside requests went outside the path prefix $LIVE_EMULATOR_PATH_PREFIX:" >&2
  grep -- '(fault outside-prefix)' "$WORK/emulator.log" | head -n 10 >&2
  exit 1
fi
echo "==> Live mode against the emulator (profiles: ${PROFILE:-default}): $passed passed, $skipped skipped, $failed failed (tests and subtests)"
if [[ $live_rc -ne 0 ]]; then
  echo "the live-mode suite failed (exit $live_rc); full output:" >&2
  cat "$WORK/live.log" >&2
  exit "$live_rc"
fi

# An eventually consistent list still shows what was deleted for the lag.
if [[ ",$PROFILE," == *,eventual,* ]]; then sleep "$LAG"; fi
echo "==> The sweepers (-sweep=all) against the same emulator"
set -o pipefail
(cd internal/provider && "$TEST_BIN" -test.v -test.count=1 -test.timeout=60m -sweep=all) 2>&1 | tee "$WORK/sweep.log"
if ! grep -q 'sweeper do_partner_attachment in all: deleted 0 test attachment(s)' "$WORK/sweep.log"; then
  echo "the sweeper did not run, or found attachments the live run left behind" >&2
  exit 1
fi
echo "==> Live mode against the emulator passed; the sweep found nothing left"
