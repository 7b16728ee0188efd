#!/usr/bin/env bash
# Checks the crate's public Rust API against the committed snapshot
# (public-api.txt), so a change to it, breaking or not, is seen and made on
# purpose.
#
# usage: scripts/public_api.sh           compare; fail on any difference
#        scripts/public_api.sh --bless   rewrite the snapshot
#
# The snapshot lists every public item with its signature, all features on,
# as cargo-public-api prints it (blanket and auto-trait impls left out, derived
# impls kept: dropping a derive is a change). Installs cargo-public-api
# (pinned) under target/tools if it is missing; it reads rustdoc's JSON
# output, which a stable toolchain produces with RUSTC_BOOTSTRAP=1.
set -euo pipefail
cd "$(dirname "$0")/.."

tools="$PWD/target/tools"
if ! [ -x "$tools/bin/cargo-public-api" ]; then
  cargo install cargo-public-api --version 0.52.0 --locked --root "$tools"
fi
if ! rustc --version | grep -q nightly; then
  export RUSTC_BOOTSTRAP=1
fi

current=$(mktemp)
trap 'rm -f "$current"' EXIT
"$tools/bin/cargo-public-api" -ss --all-features --color never > "$current"

if [ "${1:-}" = "--bless" ]; then
  cp "$current" public-api.txt
  echo "public-api.txt: $(wc -l < public-api.txt) items"
  exit 0
fi
if ! diff -u public-api.txt "$current"; then
  echo >&2
  echo "The public API differs from public-api.txt (above: - snapshot, + now)." >&2
  echo "If the change is meant, run scripts/public_api.sh --bless, note it in" >&2
  echo "CHANGELOG.md (breaking or not) and commit the snapshot with it." >&2
  exit 1
fi
echo "public API unchanged: $(wc -l < public-api.txt) items"
