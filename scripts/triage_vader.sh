#!/usr/bin/env bash
# Sentiment on public human-rated English sets: the ground truth that ships
# with the PyPI package vaderSentiment 3.3.2 (Hutto and Gilbert 2014, MIT
# licence; additional_resources/hutto_ICWSM_2014: 3,708 Amazon review
# snippets and 4,200 tweets, each the mean of 10 raters from -4 to 4).
# A text is positive when its mean rating is at least 0.5, negative at most
# -0.5, neutral between. Prints, per set, frontline's triage and the
# word-counting baseline over the same lexicon (examples/triage_eval.rs),
# and the VADER package itself (compound >= 0.05 positive, <= -0.05
# negative) on the same texts. Not part of CI: it downloads the package.
# usage: scripts/triage_vader.sh
set -euo pipefail
cd "$(dirname "$0")/.."
dir=target/vader
if [ ! -d "$dir/vaderSentiment-3.3.2" ]; then
  mkdir -p "$dir"
  python3 -m pip download -q --no-deps --no-binary :all: -d "$dir" vaderSentiment==3.3.2
  tar xzf "$dir/vaderSentiment-3.3.2.tar.gz" -C "$dir"
  tar xzf "$dir/vaderSentiment-3.3.2/additional_resources/hutto_ICWSM_2014.tar.gz" -C "$dir"
fi
cargo build -q --release --example triage_eval
for set in amazonReviewSnippets tweets; do
  python3 - "$dir/hutto_ICWSM_2014/${set}_GroundTruth.txt" "$dir/$set.csv" <<'PY'
import csv, sys
with open(sys.argv[1], encoding="utf-8", errors="replace") as f, \
     open(sys.argv[2], "w", newline="", encoding="utf-8") as out:
    w = csv.writer(out)
    w.writerow(["text", "lang", "sentiment"])
    for line in f:
        parts = line.rstrip("\n").split("\t")
        if len(parts) < 3:
            continue
        rating = float(parts[1])
        label = "positive" if rating >= 0.5 else "negative" if rating <= -0.5 else "neutral"
        w.writerow(["\t".join(parts[2:]), "en", label])
PY
  echo "$set frontline $(target/release/examples/triage_eval --test "$dir/$set.csv" | python3 -c '
import json, sys
d = json.load(sys.stdin)["results"]["all"]
print(json.dumps({k: {"accuracy": d[k]["sentiment"]["accuracy"], "macro_f1": d[k]["sentiment"]["macro_f1"]} for k in ("triage", "baseline")}))')"
  echo "$set vader $(PYTHONPATH="$dir/vaderSentiment-3.3.2" python3 - "$dir/$set.csv" <<'PY'
import csv, json, sys
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
vader = SentimentIntensityAnalyzer()
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
def label(text):
    c = vader.polarity_scores(text)["compound"]
    return "positive" if c >= 0.05 else "negative" if c <= -0.05 else "neutral"
pairs = [(r["sentiment"], label(r["text"])) for r in rows]
classes = sorted({g for g, _ in pairs})
f1s = []
for c in classes:
    tp = sum(g == c and p == c for g, p in pairs)
    pp = sum(p == c for _, p in pairs); ap = sum(g == c for g, _ in pairs)
    pr = tp / pp if pp else 0.0; rc = tp / ap if ap else 0.0
    f1s.append(2 * pr * rc / (pr + rc) if pr + rc else 0.0)
print(json.dumps({"accuracy": round(sum(g == p for g, p in pairs) / len(pairs), 3),
                  "macro_f1": round(sum(f1s) / len(f1s), 3)}))
PY
)"
done
