#!/usr/bin/env bash
# The acceptance suite across API profiles. Each profile of the emulator is
# one reading of the API reference (see `bin/pnc-emulator -h` or
# CONTRIBUTING.md, "API profiles"); the provider must work with every one. For each profile this runs
# scripts/testacc-live-emulator.sh: the live-mode suite, which asserts only
# what the provider decides, against a standalone emulator started with that
# profile, then the sweeper, which must find nothing left. The tests that
# need the emulator's own powers (seeding, fault injection, the journal)
# skip in live mode; each profile also has tests of its own in
# internal/provider/profiles_test.go, which `go test` runs.
#
# PROFILES overrides the list (space-separated; a comma joins profiles into
# one run, e.g. PROFILES="spec-examples,eventual,sparse"). The default is
# every profile alone, then the most that combine together (one of each
# group of alternatives, as `pnc-emulator -combined-profiles` prints them). Prints a
# table of profile x passed/skipped/failed, requests the emulator answered
# and how many of them were 429, and fails if any run failed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
go build -o bin/pnc-emulator ./cmd/pnc-emulator

if [[ -z "${PROFILES:-}" ]]; then
  PROFILES="default $(bin/pnc-emulator -list-profiles) $(bin/pnc-emulator -combined-profiles)"
fi

# The live-mode tests mostly wait on production polling, not on the CPU:
# four at a time take about a fifth less than two on two cores.
export LIVE_PARALLEL="${LIVE_PARALLEL:-4}"

LOGS="$(mktemp -d)"
trap 'rm -rf "$LOGS"' EXIT
rows=()
status=0
for profile in $PROFILES; do
  log="$LOGS/${profile//,/+}.log"
  start=$SECONDS
  p="$profile"
  [[ "$p" == default ]] && p=""
  if PROFILE="$p" bash scripts/testacc-live-emulator.sh >"$log" 2>&1; then
    verdict=ok
  else
    verdict=FAILED
    status=1
  fi
  counts=$(grep -Eo '[0-9]+ passed, [0-9]+ skipped, [0-9]+ failed' "$log" | tail -n 1 || true)
  answered=$(grep -Eo 'answered [0-9]+ requests, [0-9]+ of them with 429' "$log" | tail -n 1 | sed -E 's/answered ([0-9]+) requests, ([0-9]+) of them with 429/\1 requests, \2 x 429/' || true)
  row=$(printf '%-48s %-40s %-26s %4ds  %s' "$profile" "${counts:-no test ran}" "${answered:-}" $((SECONDS - start)) "$verdict")
  echo "$row"
  rows+=("$row")
  if [[ $verdict == FAILED ]]; then
    echo "--- output of the failed run (profile $profile):" >&2
    # Each failed test's error, with Terraform's diagnostic under it.
    grep -E -A 14 -- 'Step [0-9]+/[0-9]+ error|Error running post-test destroy' "$log" | head -n 120 >&2 || true
    grep -E -- '--- FAIL' "$log" | sort -u >&2 || true
  fi
done
echo "==> The live-mode suite across API profiles"
printf '  %s\n' "${rows[@]}"
exit "$status"
