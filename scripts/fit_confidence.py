#!/usr/bin/env python3
"""Fits the FAQ confidence σ(a·score + b·margin + c) to faq_eval predictions.

usage: scripts/fit_confidence.py FIT.jsonl[,FIT2.jsonl...] CHECK.jsonl[,...]

Each line is a prediction written by `faq_eval --predictions`. A prediction is
right when its first ranked id is the gold label (out-of-scope rows are never
right). Fits a, b, c by gradient descent on the log loss over the FIT files,
then prints the expected calibration error (10 bins) on the CHECK files with
the fitted coefficients, and the reliability table.
"""
import json, math, sys

def load(paths):
    rows = []
    for path in paths.split(','):
        for line in open(path):
            d = json.loads(line)
            s = d['scores']
            s1 = s[0] if s else 0.0
            s2 = s[1] if len(s) > 1 else 0.0
            rows.append((s1, s1 - s2, 1 if d['ranked'] and d['ranked'][0] == d['gold'] else 0))
    return rows

def fit(rows, iters=3000, lr=0.5):
    a, b, c = 3.0, 15.0, -2.0
    n = len(rows)
    for _ in range(iters):
        ga = gb = gc = 0.0
        for x1, x2, y in rows:
            p = 1 / (1 + math.exp(-(a * x1 + b * x2 + c)))
            e = p - y
            ga += e * x1; gb += e * x2; gc += e
        a -= lr * ga / n * 10; b -= lr * gb / n * 10; c -= lr * gc / n
    return a, b, c

def reliability(rows, abc):
    a, b, c = abc
    bins = [[0, 0, 0.0] for _ in range(10)]
    for x1, x2, y in rows:
        p = 1 / (1 + math.exp(-(a * x1 + b * x2 + c)))
        i = min(9, int(p * 10))
        bins[i][0] += 1; bins[i][1] += y; bins[i][2] += p
    ece = sum(abs(k[1] - k[2]) for k in bins) / len(rows)
    return ece, bins

fit_rows, check_rows = load(sys.argv[1]), load(sys.argv[2])
abc = fit(fit_rows)
print('a=%.2f b=%.2f c=%.2f' % abc)
ece, bins = reliability(check_rows, abc)
print('check rows %d, expected calibration error %.4f' % (len(check_rows), ece))
for i, (n, right, conf) in enumerate(bins):
    if n:
        print('  [%.1f, %.1f)  n=%5d  mean confidence %.3f  accuracy %.3f' % (i / 10, (i + 1) / 10, n, conf / n, right / n))
