#!/usr/bin/env bash
# Checks the crate's public Rust API against the committed snapshot
# (public-api.txt), so a change to it, breaking or not, is seen and made on
# purpose.
#
# usage: scripts/public_api.sh           compare; fail on any difference
#        scripts/public_api.sh --bless   rewrite the snapshot
#
# The snapshot lists every public item with its signature, all features on,
# as the `public-api` crate prints it (blanket and auto-trait impls left out,
# derived impls kept: dropping a derive is a change). rustdoc's JSON output
# is unstable, so it is built here with the stable toolchain and
# RUSTC_BOOTSTRAP=1 (no nightly needed), and read by a small tool in
# scripts/public-api/ (its own workspace, public-api pinned).
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build -q --release --manifest-path scripts/public-api/Cargo.toml \
  --target-dir target/public-api
RUSTC_BOOTSTRAP=1 cargo rustdoc -q --lib --all-features -- -Z unstable-options --output-format json

current=$(mktemp)
trap 'rm -f "$current"' EXIT
target/public-api/release/public-api-snapshot target/doc/frontline.json > "$current"

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
