#!/usr/bin/env bash
# Runs the cargo-fuzz targets in fuzz/ for a fixed number of runs or seconds.
#
# usage: scripts/fuzz.sh [--runs N | --seconds S] [TARGET...]
#   default: --runs 1000000 for every target
#
# Installs cargo-fuzz (pinned) under target/tools if it is missing. Works on
# a stable toolchain: the sanitizer flags cargo-fuzz passes are unlocked with
# RUSTC_BOOTSTRAP=1 when rustc is not a nightly. Each target starts from the
# seeds in fuzz/seeds (made into a corpus in a temporary directory, so the
# tree stays clean); a crash stops the script, and libFuzzer writes the input
# to fuzz/artifacts/TARGET/ (turn it into a regression test).
set -euo pipefail
cd "$(dirname "$0")/.."

limit=(-runs=1000000)
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) limit=("-runs=$2"); shift 2 ;;
    --seconds) limit=("-max_total_time=$2"); shift 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done
if [ ${#targets[@]} -eq 0 ]; then
  targets=(api_call api_structured calendar_spec rule_text faq_query reply_template)
fi

tools="$PWD/target/tools"
if ! [ -x "$tools/bin/cargo-fuzz" ]; then
  cargo install cargo-fuzz --version 0.13.2 --locked --root "$tools"
fi
export PATH="$tools/bin:$PATH"
if ! rustc --version | grep -q nightly; then
  export RUSTC_BOOTSTRAP=1
fi

cd fuzz
cargo fuzz build -O

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Seeds: one valid request per op (api_call), rule texts (rule_text),
# reply templates (reply_template).
mkdir -p "$work/seeds/api_call" "$work/seeds/rule_text"
i=0
while IFS= read -r line; do
  printf '%s' "$line" > "$work/seeds/api_call/$i.json"
  i=$((i + 1))
done < seeds/requests.jsonl
i=0
while IFS= read -r line; do
  printf '%s' "$line" > "$work/seeds/rule_text/$i.txt"
  i=$((i + 1))
done < seeds/conditions.txt
mkdir -p "$work/seeds/reply_template"
i=0
while IFS= read -r line; do
  printf '%s' "$line" > "$work/seeds/reply_template/$i.txt"
  i=$((i + 1))
done < seeds/templates.txt

for t in "${targets[@]}"; do
  mkdir -p "$work/corpus/$t" "$work/seeds/$t"
  echo "==> fuzz $t (${limit[*]})"
  # grep hides libFuzzer's progress lines; the status is cargo fuzz's.
  set +e +o pipefail
  cargo fuzz run -O "$t" "$work/corpus/$t" "$work/seeds/$t" -- \
    "${limit[@]}" -max_len=65536 -timeout=20 -rss_limit_mb=4096 -print_final_stats=1 2>&1 |
    grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|Done|==[0-9]+== ERROR|SUMMARY|thread .* panicked|artifact_prefix|Test unit written)'
  status=${PIPESTATUS[0]}
  set -e -o pipefail
  if [ "$status" -ne 0 ]; then
    echo "fuzz $t: failed with status $status (a crash is in fuzz/artifacts/$t)" >&2
    exit 1
  fi
done
