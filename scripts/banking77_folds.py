#!/usr/bin/env python3
"""Makes cross-validation folds of the BANKING77 training split for faq_eval.

usage: scripts/banking77_folds.py TRAIN.csv OUTDIR [FOLDS]

Row j (in file order) of each category goes to the test set of fold j % FOLDS.
For each fold f it writes:
  OUTDIR/fold{f}_train.csv, OUTDIR/fold{f}_test.csv        in-scope folds
  OUTDIR/fold{f}_train_open.csv                            the same training rows
      without every 8th intent (intent index % 8 == f): their test rows have no
      entry, so the right outcome for them is escalate.
"""
import csv, sys, os

def main():
    src, out = sys.argv[1], sys.argv[2]
    folds = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    os.makedirs(out, exist_ok=True)
    rows = list(csv.DictReader(open(src, newline='', encoding='utf-8')))
    cats = []
    seen = {}
    tagged = []
    for r in rows:
        c = r['category']
        if c not in seen:
            seen[c] = 0
            cats.append(c)
        tagged.append((seen[c] % folds, r))
        seen[c] += 1
    held = {f: {c for i, c in enumerate(cats) if i % 8 == f} for f in range(folds)}
    def write(path, items):
        with open(path, 'w', newline='', encoding='utf-8') as fh:
            w = csv.writer(fh)
            w.writerow(['text', 'category'])
            for r in items:
                w.writerow([r['text'], r['category']])
    for f in range(folds):
        train = [r for k, r in tagged if k != f]
        write(f'{out}/fold{f}_train.csv', train)
        write(f'{out}/fold{f}_test.csv', [r for k, r in tagged if k == f])
        write(f'{out}/fold{f}_train_open.csv', [r for r in train if r['category'] not in held[f]])

main()
