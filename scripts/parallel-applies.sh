#!/usr/bin/env bash
# Three `terraform apply` processes sharing one token under DigitalOcean's
# documented rate-limit shape: the emulator (bin/pnc-emulator) runs the
# do-rate-limits profile, a burst limit of RATE (default 60) requests a
# minute without headers of its own and the hourly quota in the headers, and
# each of PROCESSES (default 3) applies COUNT (default 20) attachments with
# 3 s provisioning, all at once. It prints each apply's outcome and time,
# then the requests the emulator answered, how many with 429, and how many
# creates it accepted, and fails unless every apply succeeded, without an
# error or a warning other than dev_overrides', and every attachment was
# created exactly once. `make parallel-applies` builds what it needs first.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RATE="${RATE:-60}"
COUNT="${COUNT:-20}"
PROCESSES="${PROCESSES:-3}"
WORK="$(mktemp -d)"
EMU_PID=""
cleanup() {
  [[ -n "$EMU_PID" ]] && kill "$EMU_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

cat >"$WORK/tf.rc" <<EOF
provider_installation {
  dev_overrides {
    "pnc-tf/do" = "$ROOT/bin/bench"
  }
  direct {}
}
EOF

TOKEN="parallel-$$-$RANDOM" # the emulator's; not a secret
"$ROOT/bin/pnc-emulator" -profile do-rate-limits -rate-limit "$RATE" -delay 3s -token "$TOKEN" \
  -url-file "$WORK/url" -v >"$WORK/emulator.log" 2>&1 &
EMU_PID=$!
for _ in $(seq 100); do [[ -s "$WORK/url" ]] && break; sleep 0.1; done
[[ -s "$WORK/url" ]] || { echo "the emulator did not start" >&2; exit 1; }

export DIGITALOCEAN_TOKEN="$TOKEN" DIGITALOCEAN_API_URL="$(<"$WORK/url")"
export TF_CLI_CONFIG_FILE="$WORK/tf.rc" CHECKPOINT_DISABLE=1
unset DIGITALOCEAN_ACCESS_TOKEN TF_LOG TF_LOG_PROVIDER

start=$SECONDS
pids=()
for p in $(seq "$PROCESSES"); do
  mkdir "$WORK/p$p"
  cat >"$WORK/p$p/main.tf" <<EOF
terraform {
  required_providers {
    do = { source = "pnc-tf/do" }
  }
}
provider "do" {}
resource "do_partner_attachment" "a" {
  count                        = $COUNT
  name                         = "p$p-\${count.index}"
  connection_bandwidth_in_mbps = 1000
  region                       = "nyc"
  naas_provider                = "MEGAPORT"
  vpc_ids                      = ["c140286f-e6ce-4131-8b7b-df4590ce8d6a"]
}
EOF
  (
    cd "$WORK/p$p"
    rc=0
    "$ROOT/bin/terraform" apply -auto-approve -no-color >apply.log 2>&1 || rc=$?
    echo "$rc $((SECONDS - start))" >done
  ) &
  pids+=($!)
done
wait "${pids[@]}"

status=0
for p in $(seq "$PROCESSES"); do
  read -r rc took <"$WORK/p$p/done"
  problems=$(grep -E '^(Error|Warning):' "$WORK/p$p/apply.log" | grep -v 'Provider development overrides' || true)
  echo "apply $p: exit $rc after ${took}s"
  if [[ $rc -ne 0 || -n "$problems" ]]; then
    status=1
    printf '%s\n' "$problems"
    tail -n 20 "$WORK/p$p/apply.log"
  fi
done
requests=$(grep -c -- ' -> ' "$WORK/emulator.log" || true)
refused=$(grep -c -- ' -> 429' "$WORK/emulator.log" || true)
created=$(grep -cE 'POST /v2/partner_network_connect/attachments -> 20[12]' "$WORK/emulator.log" || true)
echo "the emulator answered $requests requests, $refused of them with 429; it accepted $created creates for $((PROCESSES * COUNT)) attachments"
if [[ $created -ne $((PROCESSES * COUNT)) ]]; then
  echo "every attachment must be created exactly once" >&2
  status=1
fi
exit "$status"
