#!/usr/bin/env python3
"""Calibration of FAQ confidence from faq_eval prediction files.

For each glob of prediction files (faq_eval --predictions, one JSON line
per query), prints the top-1 accuracy of the first match, the expected
calibration error of its confidence over ten equal-width bins, and the
share of queries answered when the confidence threshold is set for 95 %
precision (the largest share, taken in order of confidence, whose first
matches are right at least 95 % of the time).

usage: scripts/faq_calibration.py 'target/faq_cv/pred_f*_k5.jsonl' [...]
"""
import glob
import json
import sys


def load(pattern):
    rows = []
    for path in sorted(glob.glob(pattern)):
        with open(path, encoding="utf-8") as f:
            for line in f:
                o = json.loads(line)
                right = bool(o["ranked"]) and o["ranked"][0] == o["gold"]
                rows.append((o["confidence"], right))
    return rows


def ece(rows, bins=10):
    total = 0.0
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        inside = [(c, r) for c, r in rows if lo <= c < hi or (b == bins - 1 and c == 1.0)]
        if inside:
            mean_c = sum(c for c, _ in inside) / len(inside)
            acc = sum(r for _, r in inside) / len(inside)
            total += len(inside) / len(rows) * abs(mean_c - acc)
    return total


def share_at(rows, precision=0.95):
    best, right = 0, 0
    for n, (_, r) in enumerate(sorted(rows, key=lambda x: -x[0]), 1):
        right += r
        if right / n >= precision:
            best = n
    return best / len(rows) if rows else 0.0


for pattern in sys.argv[1:]:
    rows = load(pattern)
    if not rows:
        print(f"{pattern}: no predictions")
        continue
    top1 = sum(r for _, r in rows) / len(rows)
    print(json.dumps({"files": pattern, "n": len(rows), "top1": round(top1, 4),
                      "ece": round(ece(rows), 4), "answered_at_95": round(share_at(rows), 4)}))
