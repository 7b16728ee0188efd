#!/usr/bin/env bash
# Builds the Python package (python/, PyO3 + maturin, abi3) into a wheel,
# installs it in a virtual environment under target/ and runs its tests.
#
# usage: scripts/python.sh [pytest args...]
#
# The environment (target/venv) is made from the system python3 and gets
# maturin and pytest, pinned, from PyPI; delete it to start afresh.
set -euo pipefail
cd "$(dirname "$0")/.."

venv=target/venv
if ! [ -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check "maturin==1.16.0" "pytest==8.4.2"
fi
rm -rf target/wheels
"$venv/bin/maturin" build --quiet --release --manifest-path python/Cargo.toml --out target/wheels
"$venv/bin/pip" install -q --disable-pip-version-check --force-reinstall --no-deps target/wheels/frontline-*.whl
"$venv/bin/python" -m pytest -q python/tests "$@"
