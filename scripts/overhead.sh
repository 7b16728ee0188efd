#!/usr/bin/env bash
# Measures the per-call cost of calendar.add on a named calendar through
# each path: Rust (criterion: api::Session::call and the compiled calendar),
# the C ABI, and the Python package. A measurement for humans, not a test;
# needs scripts/python.sh to have installed the package in target/venv.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo bench -q -p frontline-benches --bench api 2>/dev/null | grep -E "^api/" || true
cargo build -q --release -p frontline-ffi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cc -O2 -std=c11 -Iffi/include ffi/tests/c/overhead.c target/release/libfrontline_ffi.a \
  -lpthread -ldl -lm -o "$work/overhead"
"$work/overhead"
target/venv/bin/python - <<'PY'
import statistics, time
import frontline
office = frontline.Calendar({"time_zone": "Europe/Amsterdam",
                             "hours": {"mon": [["09:00", "17:00"]], "fri": [["09:00", "17:00"]]}})
raw = office.session._native
add = ('{"schema_version":1,"op":"calendar.add","calendar":"%s",'
       '"start":"2026-03-27T15:00:00Z","seconds":7200}' % office.name)
def per_call(f, n=100_000):
    runs = []
    for _ in range(7):
        t = time.perf_counter()
        for _ in range(n):
            f()
        runs.append((time.perf_counter() - t) / n * 1e9)
    return statistics.median(runs)
print(f"Python calendar.add: median {per_call(lambda: raw.call(add)):.0f} ns per call (JSON text in and out)")
print(f"Python Calendar.add: median {per_call(lambda: office.add('2026-03-27T15:00:00Z', 7200)):.0f} ns per call (dicts, json, errors)")
PY
