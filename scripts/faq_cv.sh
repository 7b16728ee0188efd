#!/usr/bin/env bash
# Cross-validates FAQ matching on the BANKING77 training split (5 folds) and
# prints one JSON line per fold and setting. Predictions go to $OUT.
# usage: scripts/faq_cv.sh [TRAIN.csv] [OUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
train=${1:-../shared/data/banking77/train.csv}
out=${2:-target/faq_cv}
python3 scripts/banking77_folds.py "$train" "$out"
cargo build -q --release --example faq_eval
for f in 0 1 2 3 4; do
  for k in 5 all; do
    echo "fold $f k $k $(target/release/examples/faq_eval --train "$out/fold${f}_train.csv" --test "$out/fold${f}_test.csv" --lang en --k $k --predictions "$out/pred_f${f}_k$k.jsonl")"
  done
  echo "fold $f open $(target/release/examples/faq_eval --train "$out/fold${f}_train_open.csv" --test "$out/fold${f}_test.csv" --lang en --k all --predictions "$out/pred_f${f}_open.jsonl")"
done
