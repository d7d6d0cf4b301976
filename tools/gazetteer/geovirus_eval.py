#!/usr/bin/env python3
"""Measure the gazetteer's coverage on a geoparsing data set (GeoVirus).

    python3 tools/gazetteer/geovirus_eval.py [../shared/data/geo/GeoVirus.jsonl]

Reads the data set where it lies (it is never copied into the repository) and
reports, over all gold place mentions:
  - found: share whose text is a phrase or alias of the gazetteer (case-folded)
  - resolved within 161 km by name alone, picking the most populous match
    (the "population" baseline of Gritta et al., ACL 2018), and by a variant
    that prefers countries, then admin1, then the most populous.
This measures the data, not polis's rules (those are scored by
../shared/eval/score.py). Skips with a message when the data set is absent.
"""
import json
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gaztsv import fold, read_gazetteer  # noqa: E402

KIND_RANK = {"country": 0, "admin1": 1, "city": 2, "region": 3, "continent": 4,
             "water": 5, "place": 6}


def haversine(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, a)))


def load_gazetteer(path):
    # ASCII spellings that the dictionary folds to anyway are no aliases
    # (gaztsv.same_to_polis): compare folded names, as polis does
    index = {}
    for _, r in read_gazetteer(path)[1]:
        r["pop"] = int(r["population"] or 0)
        names = [r["phrase"]] + [a for a in r["aliases"].split("|") if a]
        for n in set(fold(n).casefold() for n in names):
            index.setdefault(n, []).append(r)
    return index


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.normpath(os.path.join(here, "..", ".."))
    data = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        root, "..", "shared", "data", "geo", "GeoVirus.jsonl")
    if not os.path.exists(data):
        print("skip: %s not found" % data)
        return 0
    index = load_gazetteer(os.path.join(root, "scripts", "data", "gazetteer.tsv"))
    total = found = pop_ok = kind_ok = 0
    missing = {}
    with open(data, encoding="utf-8") as f:
        for line in f:
            doc = json.loads(line)
            for t in doc["toponyms"]:
                total += 1
                cands = index.get(fold(t["text"].strip()).casefold())
                if not cands:
                    missing[t["text"]] = missing.get(t["text"], 0) + 1
                    continue
                found += 1
                lat, lon = float(t["lat"]), float(t["lon"])
                best = max(cands, key=lambda r: (r["pop"], -KIND_RANK[r["kind"]]))
                if haversine(lat, lon, float(best["lat"]), float(best["lon"])) <= 161:
                    pop_ok += 1
                best = min(cands, key=lambda r: (KIND_RANK[r["kind"]], -r["pop"]))
                if haversine(lat, lon, float(best["lat"]), float(best["lon"])) <= 161:
                    kind_ok += 1
    if not total:
        print("no mentions in %s" % data)
        return 1
    print("mentions: %d" % total)
    print("found in gazetteer (case-folded): %d (%.1f%%)" % (found, 100.0 * found / total))
    print("most populous match within 161 km: %d (%.1f%% of all, %.1f%% of found)"
          % (pop_ok, 100.0 * pop_ok / total, 100.0 * pop_ok / max(found, 1)))
    print("country > admin1 > most populous within 161 km: %d (%.1f%% of all)"
          % (kind_ok, 100.0 * kind_ok / total))
    print("distinct names not found: %d" % len(missing))
    return 0


if __name__ == "__main__":
    sys.exit(main())
