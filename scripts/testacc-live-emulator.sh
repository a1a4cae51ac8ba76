#!/usr/bin/env bash
# Live mode without a DigitalOcean account: starts the standalone emulator
# (bin/pnc-emulator) on loopback with a throwaway token, then runs
#
#   make testacc-live   the acceptance tests with DO_ACC_LIVE=1, exactly as a
#                       maintainer runs them against the real API
#   make sweep          the sweepers through -sweep, which must find nothing:
#                       a live run that passes leaves no attachment behind
#
# and prints how many tests passed and skipped (with the skip reasons).
# `make testacc-live-emulator` builds bin/terraform first and runs this.
#
# LIVE_EMULATOR_DELAY sets the emulator's provisioning delay (default 1s:
# long enough that the provider's production polling sees CREATING first,
# short enough to keep the run to a few minutes). PROFILE selects emulator
# profiles, comma-separated (see `bin/pnc-emulator -h`; default: none), and
# LIVE_EMULATOR_LAG the eventual profile's lag (default 2s).
# LIVE_EMULATOR_PATH_PREFIX (e.g. /gw/do) serves the API under that path, as
# a gateway would, and points the provider at it; the run then fails if any
# request went outside the prefix. TESTARGS is passed on.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
EMULATOR="$ROOT/bin/pnc-emulator"
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
WORK="$(mktemp -d)"
echo "==> Building the emulator"
go build -o "$EMULATOR" ./cmd/pnc-emulator

# Not a secret: the emulator accepts this token only, and only on loopback.
TOKEN="live-emulator-$$-$RANDOM"
PROFILE="${PROFILE:-}"
LAG="${LIVE_EMULATOR_LAG:-2s}"
"$EMULATOR" -addr 127.0.0.1:0 -delay "${LIVE_EMULATOR_DELAY:-1s}" -token "$TOKEN" \
  -profile "$PROFILE" -lag "$LAG" -path-prefix "${LIVE_EMULATOR_PATH_PREFIX:-}" \
  -url-file "$WORK/url" -v >"$WORK/emulator.log" 2>&1 &
EMU_PID=$!
for _ in $(seq 100); do
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

set +e
make --no-print-directory testacc-live TESTARGS="-v ${TESTARGS:-}" >"$WORK/live.log" 2>&1
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
  echo "make testacc-live failed (exit $live_rc); full output:" >&2
  cat "$WORK/live.log" >&2
  exit "$live_rc"
fi

# An eventually consistent list still shows what was deleted for the lag.
if [[ ",$PROFILE," == *,eventual,* ]]; then sleep "$LAG"; fi
echo "==> make sweep against the same emulator"
make --no-print-directory sweep SWEEP=all 2>&1 | tee "$WORK/sweep.log"
if ! grep -q 'sweeper do_partner_attachment in all: deleted 0 test attachment(s)' "$WORK/sweep.log"; then
  echo "the sweeper did not run, or found attachments the live run left behind" >&2
  exit 1
fi
echo "==> Live mode against the emulator passed; the sweep found nothing left"
