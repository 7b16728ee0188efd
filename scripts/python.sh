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
# As the README says: pip builds the wheel with maturin (the PEP 517
# backend, already in the environment) and installs it.
PATH="$PWD/$venv/bin:$PATH" "$venv/bin/pip" install -q --disable-pip-version-check \
  --no-build-isolation --force-reinstall ./python
"$venv/bin/python" -m pytest -q python/tests "$@"
