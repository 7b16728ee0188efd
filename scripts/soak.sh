#!/usr/bin/env bash
# Soak test: N mixed requests (default 1,000,000) through one session of
# examples/jsonl, sampling its resident memory every second. Fails when an
# answer is missing or the RSS in the last tenth of the run is more than
# RSS_SLACK_MB (default 32) above the RSS after the first tenth: named
# objects are replaced, not accumulated, and nothing else grows.
# usage: scripts/soak.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000000}
slack=${RSS_SLACK_MB:-32}
cargo build -q --release --example jsonl
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkfifo "$tmp/answers"
python3 -c '
import sys
count = errors = 0
for line in sys.stdin:
    count += 1
    errors += "\"ok\":false" in line
print(count, errors)
' < "$tmp/answers" > "$tmp/summary" &
counter=$!
start=$(date +%s)
target/release/examples/jsonl < <(python3 scripts/soak_requests.py "$n") > "$tmp/answers" &
pid=$!
while kill -0 "$pid" 2>/dev/null; do
  awk '/VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null >> "$tmp/rss" || true
  sleep 1
done
wait "$pid"
wait "$counter"
read -r answers errors < "$tmp/summary"
seconds=$(( $(date +%s) - start ))
python3 - "$tmp/rss" "$n" "$answers" "$errors" "$seconds" "$slack" <<'PY'
import sys
rss = [int(x) / 1024 for x in open(sys.argv[1]) if x.strip()]
n, answers, errors, seconds, slack = map(int, sys.argv[2:])
tenth = max(1, len(rss) // 10)
early, late = max(rss[:tenth] or [0]), max(rss[-tenth:] or [0])
print(f"soak: {answers} answers to {n} requests ({errors} error answers) in {seconds} s; "
      f"RSS after the first tenth {early:.1f} MB, in the last tenth {late:.1f} MB, peak {max(rss or [0]):.1f} MB")
if answers != n:
    sys.exit(f"soak: {n - answers} answers missing")
if late > early + slack:
    sys.exit(f"soak: RSS grew by {late - early:.1f} MB (slack {slack} MB)")
PY
