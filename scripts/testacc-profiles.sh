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
# group of alternatives, as `pnc-emulator -combined-profiles` prints them).
#
# The runs mostly wait, not on the CPU: on the provider's production polling
# and on each emulator's per-minute rate limit (DigitalOcean's 250 a minute,
# which a run of about 300 requests meets), so PROFILE_JOBS of them
# (default 6) run side by side, each with its
# own emulator (its own port, token and rate-limit budget) and its own
# temporary directory; the emulator and the test binary are built once for
# all of them. The runs that took longest last time (.cache/profile-times)
# start first. A line is printed for each run as it ends, and at the end a
# table in the order of PROFILES: profile x passed/skipped/failed, requests
# the emulator answered and how many of them were 429, seconds. It fails if
# any run failed.
#
# With arguments, they are a command to run beside the profile runs once
# the binaries are built (`make test` passes its `go test ./...`); then it
# also fails if that command fails.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
BINS="$WORK/bin"
mkdir -p "$BINS" "$WORK/logs"
echo "==> Building the emulator and the test binary of ./internal/provider for the profile runs"
go build -o "$BINS/pnc-emulator" ./cmd/pnc-emulator
go test -c -o "$BINS/provider.test" ./internal/provider

if [[ -z "${PROFILES:-}" ]]; then
  PROFILES="default $("$BINS/pnc-emulator" -list-profiles) $("$BINS/pnc-emulator" -combined-profiles)"
fi
read -r -d "" -a profiles <<<"$PROFILES" || true # every line

# Each run has four tests at a time: they wait on production polling.
export LIVE_PARALLEL="${LIVE_PARALLEL:-4}"
JOBS="${PROFILE_JOBS:-6}"
TIMES_FILE="$ROOT/.cache/profile-times"

beside=""
if (($#)); then
  echo "==> $* (beside the profile runs)"
  "$@" &
  beside=$!
fi

# Longest last time first, so that no long run starts when the others end.
order=()
while read -r _ p; do order+=("$p"); done < <(
  for p in "${profiles[@]}"; do
    t=$(awk -v p="$p" '$1 == p { t = $2 } END { print t + 0 }' "$TIMES_FILE" 2>/dev/null || echo 0)
    printf '%s %s\n' "${t:-0}" "$p"
  done | sort -s -k1,1nr)
echo "==> ${#profiles[@]} profile runs, $JOBS at a time"

log_of() { printf '%s/%s.log' "$WORK/logs" "${1//,/+}"; }

# run PROFILE: one run into its log, then its verdict and seconds into
# the log's .result file.
run() {
  local profile="$1" p="$1" start=$SECONDS verdict=ok
  [[ "$p" == default ]] && p=""
  PROFILE="$p" LIVE_BIN_DIR="$BINS" bash scripts/testacc-live-emulator.sh >"$(log_of "$profile")" 2>&1 || verdict=FAILED
  echo "$verdict $((SECONDS - start))" >"$(log_of "$profile").result"
}

# row PROFILE: the table row of a finished run.
row() {
  local log verdict secs counts answered
  log="$(log_of "$1")"
  read -r verdict secs <"$log.result"
  counts=$(grep -Eo '[0-9]+ passed, [0-9]+ skipped, [0-9]+ failed' "$log" | tail -n 1 || true)
  answered=$(grep -Eo 'answered [0-9]+ requests, [0-9]+ of them with 429' "$log" | tail -n 1 | sed -E 's/answered ([0-9]+) requests, ([0-9]+) of them with 429/\1 requests, \2 x 429/' || true)
  printf '%-48s %-40s %-26s %4ds  %s' "$1" "${counts:-no test ran}" "${answered:-}" "$secs" "$verdict"
}

# report: a line for each run that ended since the last call, with the
# failures' output under it.
declare -A reported=()
status=0
report() {
  local p log
  for p in "${order[@]}"; do
    log="$(log_of "$p")"
    [[ -n "${reported[$p]:-}" || ! -s "$log.result" ]] && continue
    reported[$p]=1
    echo "profile $(row "$p")"
    if [[ "$(cut -d' ' -f1 "$log.result")" != ok ]]; then
      status=1
      echo "--- output of the failed run (profile $p):" >&2
      # Each failed test's error, with Terraform's diagnostic under it.
      # (go test -v prints a failed test's messages under its --- FAIL line.)
      grep -E -A 14 -- 'Step [0-9]+/[0-9]+(,| error)|Error running post-test destroy|--- FAIL' "$log" | head -n 160 >&2 || true
      grep -E -A 20 -- '--- last lines of the emulator log' "$log" >&2 || true
    fi
  done
}

running=()
for p in "${order[@]}"; do
  while ((${#running[@]} >= JOBS)); do
    wait -n "${running[@]}" || true
    report
    still=()
    for pid in "${running[@]}"; do kill -0 "$pid" 2>/dev/null && still+=("$pid"); done
    running=("${still[@]}")
  done
  run "$p" &
  running+=($!)
done
for pid in "${running[@]}"; do
  wait "$pid" || true
  report
done

# Remember how long each run took, for the order of the next one (the
# runs of other profiles keep their times).
mkdir -p "$(dirname "$TIMES_FILE")"
{
  for p in "${profiles[@]}"; do
    printf '%s %s\n' "$p" "$(cut -d' ' -f2 "$(log_of "$p").result")"
  done
  cat "$TIMES_FILE" 2>/dev/null || true
} | awk '!seen[$1]++' >"$WORK/times" && mv "$WORK/times" "$TIMES_FILE"

# The table comes last: wait for the command beside the runs first.
beside_failed=""
if [[ -n "$beside" ]] && ! wait "$beside"; then beside_failed=1; status=1; fi
echo "==> The live-mode suite across API profiles"
for p in "${profiles[@]}"; do printf '  %s\n' "$(row "$p")"; done
if [[ -n "$beside_failed" ]]; then echo "==> $* failed (its output is above)" >&2; fi
exit "$status"
