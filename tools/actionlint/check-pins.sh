#!/usr/bin/env bash
# What actionlint does not check in .github/workflows, for `make actionlint`:
#   - every action from another repository is pinned by a full commit SHA
#     with its release beside it (`uses: owner/repo@<40 hex> # vX.Y.Z`), the
#     form Dependabot keeps up to date; a tag or branch could be moved under
#     us, and the release workflow holds the signing key;
#   - every goreleaser-action step downloads the goreleaser that
#     tools/release pins (`version: vX.Y.Z`), the one that checks
#     .goreleaser.yml here.
# Usage: check-pins.sh WORKFLOW...
set -euo pipefail

want="$(awk '$1 == "require" && $2 == "github.com/goreleaser/goreleaser/v2" {print $3}' tools/release/go.mod)"
[[ -n "$want" ]] || { echo "tools/release/go.mod pins no goreleaser" >&2; exit 1; }

failed=0
for f in "$@"; do
  # uses: lines naming another repository (not ./local actions or docker://).
  while IFS= read -r line; do
    echo "$f:$line: pin the action by its full commit SHA, with '# vX.Y.Z' beside it" >&2
    failed=1
  done < <(grep -nE '^[[:space:]-]*uses:' "$f" \
    | grep -vE "uses:[[:space:]]*[\"']?(\./|docker://)" \
    | grep -vE 'uses:[[:space:]]*[^@[:space:]]+@[0-9a-f]{40}[[:space:]]+#[[:space:]]*v[0-9]+\.[0-9]+\.[0-9]+[[:space:]]*$' || true)

  steps=$(grep -c 'uses:[[:space:]]*goreleaser/goreleaser-action@' "$f" || true)
  pinned=$(grep -cE "^[[:space:]]*version:[[:space:]]*${want//./\\.}[[:space:]]*\$" "$f" || true)
  if [[ "$steps" != "$pinned" ]]; then
    echo "$f: $steps goreleaser-action step(s) but $pinned with 'version: $want' (tools/release/go.mod)" >&2
    failed=1
  fi
done
exit "$failed"
