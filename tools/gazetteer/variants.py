#!/usr/bin/env python3
"""Generate scripts/data/place_variants.tsv: one-typo spellings of well-known places.

    python3 tools/gazetteer/variants.py [--gazetteer scripts/data/gazetteer.tsv]
                                        [--countries scripts/data/countries.tsv]
                                        [--out scripts/data/place_variants.tsv]

Scraped news misspells place names ("Pyonyang"). The location rules read a
variant only when the place's country is already named in the document, so
the list can be generous. Sources: every country, every national capital,
admin1 units of 1,000,000 people or more and cities of 300,000 or more whose
name is one word of at least 6 ASCII letters. Variants keep the first letter
and make one edit: drop a letter, swap two neighbours, double a letter.
A variant is left out when it is a gazetteer name, a demonym, a word of
people.tsv, a given name, an English word (the system word list,
/usr/share/dict/words from Debian's wamerican package, read in its own
case-folded form), or shared by two places. Run by build.py (make gazetteer);
sorted, reproducible output for the same inputs.

The file holds the demonyms of demonyms.tsv (one row each, no target), so
that one dictionary scan finds both, then one row per place: its variants as
the phrase and aliases, the place's name as target, its country. Loading
costs per row and per attribute, so 1,350 rows with 25,000 aliases load
twice as fast as 25,000 rows. (Variants cannot be rows of the gazetteer
itself: the actor rules read every gazetteer name as a place.)
"""
import argparse
import collections
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gaztsv import fold, read_gazetteer  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
WORDS = "/usr/share/dict/words"
WORD = re.compile(r"^[A-Z][a-z]{5,}$")
MIN_CITY = 300000
MIN_ADMIN1 = 1000000


def read_tsv(path):
    rows, header = [], None
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            cells = line.rstrip("\n").split("\t")
            if header is None:
                header = cells
                continue
            rows.append(dict(zip(header, cells + [""] * (len(header) - len(cells)))))
    return rows


def edits(name):
    """One-edit variants keeping the first letter."""
    out = set()
    n = len(name)
    for i in range(1, n):
        out.add(name[:i] + name[i + 1:])                      # deletion
        out.add(name[:i] + name[i] + name[i:])                # doubled letter
    for i in range(1, n - 1):
        if name[i] != name[i + 1]:
            out.add(name[:i] + name[i + 1] + name[i] + name[i + 2:])  # transposition
    out.discard(name)
    return out


def generate(gaz_path, countries_path):
    gaz = [r for _, r in read_gazetteer(gaz_path)[1]]
    data = os.path.dirname(gaz_path)
    capitals = {(r["capital"], r["iso3"]) for r in read_tsv(countries_path) if r.get("capital")}
    known = set()
    for r in gaz:
        # the ASCII spellings too: the gazetteer leaves out those that the
        # dictionary's normalizer folds to anyway (gaztsv.same_to_polis)
        for n in [r["phrase"]] + [a for a in r["aliases"].split("|") if a]:
            known.add(n.casefold())
            known.add(fold(n).casefold())
    # words that must never read as a misspelt place
    for name in ("demonyms.tsv", "people.tsv", "organizations.tsv"):
        path = os.path.join(data, name)
        if os.path.exists(path):
            for r in read_tsv(path):
                for n in [r.get("phrase", "")] + (r.get("aliases") or "").split("|"):
                    for w in n.split():
                        known.add(w.casefold())
    for name in ("given_names.txt", "person_stoplist.txt", "place_stoplist.txt"):
        path = os.path.join(data, name)
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                known.update(l.strip().casefold() for l in f if l.strip() and not l.startswith("#"))
    if not os.path.exists(WORDS):
        sys.exit("variants: %s is missing (apt-get install wamerican)" % WORDS)
    with open(WORDS, encoding="utf-8") as f:
        known.update(l.strip().casefold() for l in f if l.strip())
    sources = {}
    for r in gaz:
        kind, pop = r["kind"], int(r["population"] or 0)
        keep = (kind == "country"
                or (kind == "admin1" and pop >= MIN_ADMIN1)
                or (kind == "city" and (pop >= MIN_CITY or (r["phrase"], r["country"]) in capitals)))
        if not keep:
            continue
        name = r["phrase"]
        if WORD.match(name):
            sources.setdefault(name, (r["phrase"], kind, r["country"]))
    variants = collections.defaultdict(set)
    for name, target in sources.items():
        for v in edits(name):
            if v.casefold() not in known:
                variants[v].add(target)
    by_target = collections.defaultdict(list)
    for v, t in variants.items():
        if len(t) == 1:
            by_target[next(iter(t))].append(v)
    rows = []
    # the demonyms first, so that one dictionary scan finds both (the location
    # rules read demonyms as context: "Indonesian" names Indonesia)
    dems = set()
    for r in read_tsv(os.path.join(data, "demonyms.tsv")):
        for n in [r["phrase"]] + [a for a in r.get("aliases", "").split("|") if a]:
            dems.add((n, r["country"]))
    for n, country in sorted(dems):
        rows.append((n, "", "", country))
    for (phrase, kind, country), vs in sorted(by_target.items()):
        vs.sort()
        rows.append((vs[0], "|".join(vs[1:]), phrase, country))
    return rows


def write(rows, out):
    tmp = out + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        f.write("# polis place variants: generated by tools/gazetteer/variants.py (make gazetteer); do not edit.\n")
        f.write("# Rows with a target: one-typo spellings of countries, capitals and big places\n")
        f.write("# (phrase and aliases), read only when the place's country is named elsewhere\n")
        f.write("# in the document (docs/locations.md). Rows without a target: the demonyms of\n")
        f.write("# demonyms.tsv, so that one scan finds both. Loaded with case caps.\n")
        f.write("phrase\taliases\ttarget\tcountry\n")
        for row in rows:
            f.write("\t".join(row) + "\n")
    os.replace(tmp, out)
    print("variants: %d variants of %d places, %d demonyms -> %s" % (
        sum(1 + (r[1].count("|") + 1 if r[1] else 0) for r in rows if r[2]),
        sum(1 for r in rows if r[2]), sum(1 for r in rows if not r[2]), out), file=sys.stderr)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gazetteer", default=os.path.join(ROOT, "scripts", "data", "gazetteer.tsv"))
    ap.add_argument("--countries", default=os.path.join(ROOT, "scripts", "data", "countries.tsv"))
    ap.add_argument("--out", default=os.path.join(ROOT, "scripts", "data", "place_variants.tsv"))
    args = ap.parse_args()
    write(generate(args.gazetteer, args.countries), args.out)


if __name__ == "__main__":
    main()
