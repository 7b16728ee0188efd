#!/usr/bin/env bash
# Runs the C and the Python example of the README's "From other languages"
# section exactly as written, and checks what they print. Needs the static
# library (scripts/ffi.sh builds it) and the package in target/venv
# (scripts/python.sh installs it).
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$work" <<'PY'
import re, sys, pathlib
text = pathlib.Path("README.md").read_text()
section = text.split("## From other languages", 1)[1].split("\n## ", 1)[0]
out = pathlib.Path(sys.argv[1])
(out / "example.c").write_text(re.search(r"```c\n(.*?)```", section, re.S).group(1))
(out / "example.py").write_text(re.search(r"```python\n(.*?)```", section, re.S).group(1))
PY
cargo build -q --release -p frontline-ffi
cc -std=c11 -Wall -Werror -Iffi/include "$work/example.c" target/release/libfrontline_ffi.a \
  -lpthread -ldl -lm -o "$work/example"
c_out=$("$work/example")
echo "C:      $c_out"
[ "$c_out" = '{"schema_version":1,"ok":true,"result":{"instant":"2026-03-30T08:00:00Z"}}' ]
py_out=$(target/venv/bin/python "$work/example.py")
echo "Python: ${py_out//$'\n'/ | }"
[ "$py_out" = $'2026-03-30T08:00:00Z\nrequest.unknown_name' ]
