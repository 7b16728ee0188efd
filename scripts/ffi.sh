#!/usr/bin/env bash
# Checks the C ABI (ffi/): the committed header against cbindgen's output,
# then a C program (ffi/tests/c/frontline_test.c) built with the system cc
# against the static and the shared library, each run under valgrind with
# no errors and no leaks allowed.
#
# usage: scripts/ffi.sh           check
#        scripts/ffi.sh --bless   rewrite ffi/include/frontline.h
#
# Installs cbindgen (pinned) under target/tools, and valgrind from Debian's
# packages when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

tools="$PWD/target/tools"
if ! [ -x "$tools/bin/cbindgen" ]; then
  cargo install cbindgen --version 0.29.4 --locked --root "$tools"
fi
if ! command -v valgrind >/dev/null; then
  apt-get update -qq && apt-get install -y -qq valgrind
fi

header=ffi/include/frontline.h
generated=$(mktemp)
work=$(mktemp -d)
trap 'rm -rf "$generated" "$work"' EXIT
"$tools/bin/cbindgen" --quiet --config ffi/cbindgen.toml --crate frontline-ffi --output "$generated" ffi
if [ "${1:-}" = "--bless" ]; then
  cp "$generated" "$header"
  echo "wrote $header"
  exit 0
fi
if ! diff -u "$header" "$generated"; then
  echo "ffi/include/frontline.h is stale: run scripts/ffi.sh --bless and commit it" >&2
  exit 1
fi
echo "header: up to date"

cargo build -q --release -p frontline-ffi
lib=target/release
cc -std=c11 -pthread -Wall -Wextra -Werror -g -Iffi/include ffi/tests/c/frontline_test.c \
  "$lib/libfrontline_ffi.a" -lpthread -ldl -lm -o "$work/test_static"
cc -std=c11 -pthread -Wall -Wextra -Werror -g -Iffi/include ffi/tests/c/frontline_test.c \
  -L"$lib" -lfrontline_ffi -o "$work/test_shared"

echo "static library, natively (threads really in parallel):"
"$work/test_static"
vg=(valgrind --quiet --error-exitcode=99 --leak-check=full
    --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect)
echo "static library, under valgrind:"
"${vg[@]}" "$work/test_static"
echo "shared library, under valgrind:"
LD_LIBRARY_PATH="$lib" "${vg[@]}" "$work/test_shared"
