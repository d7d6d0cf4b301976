#!/usr/bin/env python3
"""Validate the location data files of polis's default rule set.

    python3 tools/gazetteer/check.py [--data scripts/data] [--iso-dir DIR]

Checks gazetteer.tsv, countries.tsv, demonyms.tsv, places_curated.tsv and
place_stoplist.txt: UTF-8, header columns, no empty phrases, known kinds and
case modes, ISO 3166-1 alpha-3 codes that exist, lat/lon in range with four
decimals in the gazetteer, integer populations, no duplicate rows, every ISO
3166-1 country present, and spot checks of well-known places. Uses Debian's
iso-codes when installed, else the codes listed in countries.tsv. Prints
"N passed, N failed" and exits non-zero on any failure.
"""
import argparse
import json
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gaztsv import COLUMNS, FIELDS as GAZ_COLS, PLACE_FIELDS, fold, read_gazetteer, split_tsv  # noqa: E402

KINDS = {"country", "admin1", "city", "region", "continent", "water", "place"}
CASES = {"", "fold", "exact", "caps"}
SOURCES = {"geonames", "iso3166", "curated"}

# name, kind, country, lat, lon: the gazetteer must have a row within 50 km.
SPOT = [
    ("Paris", "city", "FRA", 48.857, 2.352),
    ("Paris", "city", "USA", 33.661, -95.556),
    ("London", "city", "GBR", 51.507, -0.128),
    ("Kyiv", "city", "UKR", 50.450, 30.523),
    ("Kiev", "city", "UKR", 50.450, 30.523),
    ("Bombay", "city", "IND", 19.076, 72.878),
    ("Washington", "city", "USA", 38.907, -77.037),
    ("Beijing", "city", "CHN", 39.904, 116.407),
    ("Moscow", "city", "RUS", 55.756, 37.617),
    ("Sydney", "city", "AUS", -33.869, 151.209),
    ("Georgia", "country", "GEO", 42.0, 43.5),
    ("Georgia", "admin1", "USA", 32.7, -83.4),
    ("Texas", "admin1", "USA", 31.0, -100.0),
    ("Bavaria", "admin1", "DEU", 48.9, 11.4),
    ("Gaza Strip", "admin1", "PSE", 31.42, 34.35),
    ("Crimea", "admin1", "UKR", 45.3, 34.2),
    ("Singapore", "city", "SGP", 1.29, 103.85),
    ("Persian Gulf", "water", "", 26.0, 52.0),
]


class Checker:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def ok(self, cond, msg):
        if cond:
            self.passed += 1
        else:
            self.failed += 1
            print("FAIL: " + msg)
        return cond


def read_tsv(path, chk):
    """(header, rows) of a TSV file; rows are (lineno, dict)."""
    rows, bad = [], 0
    with open(path, "rb") as f:
        raw = f.read()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        chk.ok(False, "%s: not UTF-8 (%s)" % (path, e))
        return None, []
    chk.ok("\r" not in text, "%s: has carriage returns" % path)
    header, lines = split_tsv(text.split("\n"))
    for lineno, cells in lines:
        if len(cells) != len(header):
            bad += 1
            if bad <= 5:
                print("  %s:%d: %d cells, header has %d" % (path, lineno, len(cells), len(header)))
            continue
        rows.append((lineno, dict(zip(header, cells))))
    chk.ok(bad == 0, "%s: %d rows with the wrong number of cells" % (path, bad))
    return header, rows


def haversine(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, a)))


def check_coord(chk, where, lat, lon, strict):
    try:
        la, lo = float(lat), float(lon)
    except ValueError:
        return chk.ok(False, "%s: lat/lon not numbers: %r %r" % (where, lat, lon))
    good = -90 <= la <= 90 and -180 <= lo <= 180
    if strict:
        good = good and len(lat.split(".")[-1]) == 4 and len(lon.split(".")[-1]) == 4
    return good


def main():
    ap = argparse.ArgumentParser()
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--data", default=os.path.join(here, "..", "..", "scripts", "data"))
    ap.add_argument("--iso-dir", default="/usr/share/iso-codes/json")
    args = ap.parse_args()
    d = args.data
    chk = Checker()

    # ------------------------------------------------------------ countries
    header, crow = read_tsv(os.path.join(d, "countries.tsv"), chk)
    want = ["phrase", "aliases", "iso3", "iso2", "capital", "lat", "lon", "region",
            "population", "case"]
    chk.ok(header == want, "countries.tsv header %r != %r" % (header, want))
    iso3 = {r["iso3"] for _, r in crow}
    iso_file = os.path.join(args.iso_dir, "iso_3166-1.json")
    if os.path.exists(iso_file):
        with open(iso_file, encoding="utf-8") as f:
            iso = json.load(f)["3166-1"]
        official = {e["alpha_3"]: e["alpha_2"] for e in iso}
        missing = sorted(set(official) - iso3)
        chk.ok(not missing, "countries.tsv lacks ISO 3166-1 countries %s" % missing)
        for ln, r in crow:
            if r["iso3"] in official:
                chk.ok(official[r["iso3"]] == r["iso2"],
                       "countries.tsv:%d: %s has iso2 %s, ISO says %s"
                       % (ln, r["iso3"], r["iso2"], official[r["iso3"]]))
        known = set(official) | {"XKX"}
    else:
        print("note: %s absent; checking codes against countries.tsv only" % iso_file)
        known = iso3
    for extra in ("XKX", "PSE", "TWN"):
        chk.ok(extra in iso3, "countries.tsv lacks %s" % extra)
    caps_rows = [r["iso3"] for _, r in crow if r["case"] == "caps"]
    chk.ok(len(caps_rows) == len(set(caps_rows)),
           "countries.tsv: a country has two case=caps rows")
    bad = [ln for ln, r in crow if not r["phrase"].strip() or r["case"] not in CASES
           or not check_coord(chk, ln, r["lat"], r["lon"], False)
           or len(r["iso3"]) != 3 or len(r["iso2"]) != 2
           or (r["population"] and not r["population"].isdigit())]
    chk.ok(not bad, "countries.tsv: bad rows at lines %s" % bad[:10])

    # ------------------------------------------------------------ gazetteer
    path = os.path.join(d, "gazetteer.tsv")
    size = os.path.getsize(path)
    chk.ok(size < 8 * 1024 * 1024, "gazetteer.tsv is %d bytes (keep it a few MB)" % size)
    with open(path, "rb") as f:
        raw = f.read()
    try:
        raw.decode("utf-8")
        chk.ok(b"\r" not in raw, "gazetteer.tsv: has carriage returns")
    except UnicodeDecodeError as e:
        chk.ok(False, "gazetteer.tsv: not UTF-8 (%s)" % e)
    header, grow = read_gazetteer(path)
    chk.ok(header == COLUMNS, "gazetteer.tsv header %r != %r" % (header, COLUMNS))
    bad = [ln for ln, r in grow if r["_cells"] != len(COLUMNS) or r["_fields"] != len(PLACE_FIELDS)]
    chk.ok(not bad, "gazetteer.tsv: rows with the wrong number of cells or place fields at %s"
           % bad[:10])
    seen, dups, problems = set(), 0, []
    kinds = {}
    byname = {}
    prev = None
    for ln, r in grow:
        p = []
        if not r["phrase"].strip() or r["phrase"] != r["phrase"].strip():
            p.append("empty or padded phrase")
        if any(not a.strip() for a in r["aliases"].split("|")) and r["aliases"]:
            p.append("empty alias")
        if r["kind"] not in KINDS:
            p.append("kind %r" % r["kind"])
        if r["country"] and r["country"] not in known:
            p.append("country %r" % r["country"])
        if r["kind"] in ("country", "admin1", "city") and not r["country"]:
            p.append("%s without country" % r["kind"])
        if not check_coord(chk, ln, r["lat"], r["lon"], True):
            p.append("lat/lon %r %r" % (r["lat"], r["lon"]))
        if r["population"] and not r["population"].isdigit():
            p.append("population %r" % r["population"])
        if r["source"] not in SOURCES:
            p.append("source %r" % r["source"])
        if r["case"] not in CASES:
            p.append("case %r" % r["case"])
        if p:
            problems.append("%d: %s" % (ln, ", ".join(p)))
        key = tuple(r[c] for c in GAZ_COLS)
        if key in seen:
            dups += 1
        seen.add(key)
        skey = (r["phrase"].casefold(), r["phrase"])
        if prev is not None and skey < prev:
            problems.append("%d: not sorted" % ln)
        prev = skey
        kinds[r["kind"]] = kinds.get(r["kind"], 0) + 1
        for n in [r["phrase"]] + [a for a in r["aliases"].split("|") if a]:
            byname.setdefault(n, []).append(r)
    chk.ok(not problems, "gazetteer.tsv: %d bad rows, e.g. %s" % (len(problems), problems[:5]))
    chk.ok(dups == 0, "gazetteer.tsv: %d duplicate rows" % dups)
    chk.ok(kinds.get("city", 0) > 20000, "gazetteer.tsv: only %d cities" % kinds.get("city", 0))
    gaz_countries = {r["country"] for _, r in grow if r["kind"] == "country"}
    chk.ok(gaz_countries == iso3, "gazetteer.tsv countries differ from countries.tsv: %s"
           % sorted(gaz_countries ^ iso3)[:10])
    # misspellings (place_variants.tsv): a target that is a place of that country
    vpath = os.path.join(d, "place_variants.tsv")
    if os.path.exists(vpath):
        header, vrow = read_tsv(vpath, chk)
        chk.ok(header == ["phrase", "aliases", "target", "country"],
               "place_variants.tsv header %r" % (header,))
        names = {(r["phrase"], r["country"]) for _, r in grow}
        bad = [ln for ln, r in vrow if not r["phrase"].strip() or r["country"] not in known
               or (r["target"] and (r["target"], r["country"]) not in names)]
        chk.ok(not bad, "place_variants.tsv: bad rows at lines %s" % bad[:10])
        vnames = [n for _, r in vrow if r["target"]
                  for n in [r["phrase"]] + r["aliases"].split("|") if n]
        chk.ok(len(vnames) == len(set(vnames)), "place_variants.tsv: a variant listed twice")
        chk.ok(not set(n.casefold() for n in vnames) & set(fold(n).casefold() for n in byname),
               "place_variants.tsv: a variant is also a place's name")
    for name, kind, cc, lat, lon in SPOT:
        hits = [r for r in byname.get(name, []) if r["kind"] == kind and r["country"] == cc
                and haversine(lat, lon, float(r["lat"]), float(r["lon"])) < 50]
        chk.ok(hits, "spot check: no %s %s %s near %.2f,%.2f" % (kind, cc, name, lat, lon))

    # ------------------------------------------------------------ curated
    header, prow = read_tsv(os.path.join(d, "places_curated.tsv"), chk)
    chk.ok(header == GAZ_COLS, "places_curated.tsv header %r" % (header,))
    bad = [ln for ln, r in prow if not r["phrase"].strip() or r["kind"] not in KINDS
           or (r["country"] and r["country"] not in known)
           or ((r["lat"] or r["lon"]) and not check_coord(chk, ln, r["lat"], r["lon"], False))]
    chk.ok(not bad, "places_curated.tsv: bad rows at lines %s" % bad[:10])

    # ------------------------------------------------------------ demonyms
    header, drow = read_tsv(os.path.join(d, "demonyms.tsv"), chk)
    chk.ok(header[:3] == ["phrase", "aliases", "country"], "demonyms.tsv header %r" % (header,))
    bad = [ln for ln, r in drow if not r["phrase"].strip() or r["country"] not in known
           or r.get("case", "") not in CASES]
    chk.ok(not bad, "demonyms.tsv: bad rows at lines %s" % bad[:10])
    pairs = [(r["phrase"], r["country"]) for _, r in drow]
    chk.ok(len(pairs) == len(set(pairs)), "demonyms.tsv: duplicate phrase/country rows")
    chk.ok(len({c for _, c in pairs}) >= 190, "demonyms.tsv covers only %d countries"
           % len({c for _, c in pairs}))

    # ------------------------------------------------------------ stoplist
    with open(os.path.join(d, "place_stoplist.txt"), encoding="utf-8") as f:
        stop = [l.strip() for l in f if l.strip() and not l.lstrip().startswith("#")]
    chk.ok(len(stop) == len(set(s.lower() for s in stop)), "place_stoplist.txt has duplicates")
    chk.ok(100 <= len(stop) <= 1000, "place_stoplist.txt has %d names" % len(stop))
    lower_names = {fold(n).lower() for n in byname}
    absent = [s for s in stop if s.lower() not in lower_names]
    if absent:
        print("note: stoplist names not in the gazetteer (harmless): %s" % ", ".join(absent))

    print("gazetteer: %s" % ", ".join("%s %d" % (k, v) for k, v in sorted(kinds.items())))
    print("%d passed, %d failed" % (chk.passed, chk.failed))
    return 1 if chk.failed else 0


if __name__ == "__main__":
    sys.exit(main())
