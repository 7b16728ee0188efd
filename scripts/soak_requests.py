#!/usr/bin/env python3
"""Writes N mixed API requests (JSON lines) for scripts/soak.sh.

Cycles through one valid request per op (fuzz/seeds/requests.jsonl) and
makes every line different: named objects are rebuilt under 48 rotating
names (so they are replaced, never only added), ticket ids, queries and
texts carry fresh words (so no cache or interned string can be reused),
and every 10th line is a bad request (invalid JSON, an unknown op, a
missing name).
usage: soak_requests.py N
"""
import json
import sys

n = int(sys.argv[1])
seeds = [json.loads(line) for line in open("fuzz/seeds/requests.jsonl")]
names = {"calendar.build": "office", "sla.build": "std", "rules.build": "r", "faq.build": "shop"}
bad = ["{not json", '{"schema_version":1,"op":"teleport"}',
       '{"schema_version":1,"op":"calendar.add","calendar":"nowhere","start":"2026-03-02T09:00:00Z","seconds":1}']
out = sys.stdout
for i in range(n):
    if i % 10 == 9:
        out.write(bad[(i // 10) % len(bad)] + "\n")
        continue
    r = json.loads(json.dumps(seeds[i % len(seeds)]))
    op = r["op"]
    word = f"w{i:x}"
    if op in names:
        # Rebuilt under rotating names; uses keep the base name, which the
        # first 48 lines of each kind create, so most uses find it.
        r["name"] = names[op] if (i // len(seeds)) % 2 == 0 else f"{names[op]}-{i % 48}"
    if op == "ticket.apply":
        r["ticket_id"] = f"T-{i}"
        r["events"][1]["body"] += " " + word
    if op in ("faq.search",):
        r["query"] += " " + word
    if op in ("text.analyze", "text.detect_language"):
        r["text"] += " " + word
    if op == "rules.parse":
        r["text"] = f"tags in [{word}] and priority >= high"
    r["id"] = i
    out.write(json.dumps(r, ensure_ascii=False) + "\n")
