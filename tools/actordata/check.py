#!/usr/bin/env python3
"""Validate the actor data files of a polis rule set.

    python3 tools/actordata/check.py [DATA_DIR] [--strict] [--quiet]

DATA_DIR defaults to scripts/data next to this repository's root. Only files that exist are
checked, so the same tool validates a user's partial override folder. Checks:

  * every file is UTF-8 without CR or NUL bytes; .tsv files have a header as the first
    non-comment line, the columns their kind needs, and as many cells as header columns
  * no empty phrase, no leading/trailing blanks in a cell, no empty or repeated alias,
    "case" is fold|exact|caps
  * countries are ISO 3166-1 alpha-3 (iso-codes' list, plus XKX for Kosovo)
  * dates are real YYYY-MM-DD days and end >= start
  * sectors come from the allowed CAMEO-style set
  * CAMEO-style codes are upper-case letters in 3-letter blocks
  * no duplicate rows (same key columns twice)
  * people: one gender and one alias list per person; overlapping terms of the same office;
    aliases shared by two different people; no alias that is the bare surname of the
    phrase; org names that organizations.tsv does not define
  * roles: rank 1-5, title yes|no; honorifics: gender m|f|empty; org_words: position
    head|tail|both; metonyms: kind capital|seat
  * given_names.txt, person_stoplist.txt: one entry a line, no duplicates

Errors make the exit status 1; warnings are printed but do not fail unless --strict.
"""
import collections
import datetime
import json
import os
import re
import sys

SECTORS = {
    # CAMEO domestic and non-state role codes
    "GOV", "MIL", "LEG", "JUD", "ELI", "OPP", "PTY", "REB", "SPY", "COP", "REL", "BUS",
    "MED", "CVL", "EDU", "HLH", "LAB", "AGR", "REF", "HRI", "ENV", "DEV", "CRM", "UAF",
    "IGO", "NGO", "INS", "SEP", "MNC", "MOD", "RAD", "SPT",
}
CASES = {"fold", "exact", "caps"}
EXTRA_COUNTRIES = {"XKX"}  # Kosovo: user-assigned code in common use

SPECS = {
    # file: (required columns, key columns for duplicate detection)
    "people.tsv": (["phrase", "aliases", "country", "org", "role", "sector", "start", "end",
                    "gender"], ["phrase", "role", "org", "country", "start"]),
    "organizations.tsv": (["phrase", "aliases", "acronym", "kind", "type", "country", "code",
                           "sector"], ["phrase", "country", "case"]),
    "metonyms.tsv": (["phrase", "country", "code", "kind"], ["phrase", "country"]),
    "roles.tsv": (["phrase", "role", "sector", "rank", "title"], ["phrase"]),
    "honorifics.tsv": (["phrase", "gender", "sector"], ["phrase", "case"]),
    "org_words.tsv": (["phrase", "position", "type", "sector"], ["phrase", "position"]),
}
LISTS = ["given_names.txt", "person_stoplist.txt"]
ORG_KINDS = {"organization", "group"}
ORG_TYPES = {"igo", "government", "ministry", "legislature", "judiciary", "military", "police",
             "intelligence", "party", "armed_group", "media", "company", "ngo", "religious",
             "sports", "education", "movement", "court", "central_bank", "agency"}
CODE_RE = re.compile(r"^(?:[A-Z]{3})+$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class Report:
    def __init__(self, quiet=False):
        self.errors = 0
        self.warnings = 0
        self.quiet = quiet

    def error(self, where, msg):
        self.errors += 1
        print(f"{where}: error: {msg}")

    def warn(self, where, msg):
        self.warnings += 1
        if not self.quiet:
            print(f"{where}: warning: {msg}")


def load_countries():
    codes = set(EXTRA_COUNTRIES)
    for path in ("/usr/share/iso-codes/json/iso_3166-1.json",
                 "/usr/local/share/iso-codes/json/iso_3166-1.json"):
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                for c in json.load(f)["3166-1"]:
                    codes.add(c["alpha_3"])
            return codes, path
    return None, None


def read_lines(path, rep):
    with open(path, "rb") as f:
        raw = f.read()
    name = os.path.basename(path)
    if b"\r" in raw:
        rep.error(name, "contains CR characters (use LF line ends)")
    if b"\0" in raw:
        rep.error(name, "contains NUL bytes")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        rep.error(name, f"not UTF-8: {e}")
        return []
    if text.startswith("\ufeff"):
        rep.error(name, "starts with a byte order mark")
    return text.replace("\r", "").split("\n")


def read_tsv(path, rep):
    """Return (header, rows) with rows as (line number, dict)."""
    name = os.path.basename(path)
    header, rows = None, []
    for n, line in enumerate(read_lines(path, rep), 1):
        if line.startswith("#") or line.strip() == "":
            continue
        cells = line.split("\t")
        if header is None:
            header = cells
            if len(set(header)) != len(header):
                rep.error(f"{name}:{n}", "repeated column in header")
            continue
        if len(cells) != len(header):
            rep.error(f"{name}:{n}", f"{len(cells)} cells, header has {len(header)}")
            continue
        for c in cells:
            if c != c.strip():
                rep.error(f"{name}:{n}", f"leading/trailing blank in cell {c!r}")
        rows.append((n, dict(zip(header, cells))))
    if header is None:
        rep.error(name, "no header line")
    return header or [], rows


def parse_date(s):
    if not DATE_RE.match(s):
        return None
    try:
        return datetime.date.fromisoformat(s)
    except ValueError:
        return None


def check_common(name, header, rows, rep, countries):
    need, keycols = SPECS[name]
    for col in need:
        if col not in header:
            rep.error(name, f"missing column {col!r}")
    seen = {}
    for n, r in rows:
        where = f"{name}:{n}"
        ph = r.get("phrase", "")
        if not ph:
            rep.error(where, "empty phrase")
        if "|" in ph:
            rep.error(where, "'|' in phrase (aliases go in the aliases column)")
        case = r.get("case", "")
        if case and case not in CASES:
            rep.error(where, f"case {case!r} is not fold|exact|caps")
        if "aliases" in r and r["aliases"]:
            al = r["aliases"].split("|")
            for a in al:
                if a == "" or a != a.strip():
                    rep.error(where, f"empty or blank-padded alias in {r['aliases']!r}")
            if len(set(al)) != len(al):
                rep.error(where, "repeated alias")
            if ph in al:
                rep.error(where, "alias repeats the phrase")
        cc = r.get("country", "")
        if cc and countries is not None and cc not in countries:
            rep.error(where, f"country {cc!r} is not an ISO 3166-1 alpha-3 code")
        sec = r.get("sector", "")
        if sec and sec not in SECTORS:
            rep.error(where, f"sector {sec!r} not in the allowed set")
        code = r.get("code", "")
        if code and not CODE_RE.match(code):
            rep.error(where, f"code {code!r} is not upper-case 3-letter blocks")
        key = tuple(r.get(k, "") for k in keycols)
        if key in seen:
            rep.error(where, f"duplicate of line {seen[key]} ({', '.join(keycols)})")
        else:
            seen[key] = n


def check_people(rows, rep, org_names):
    name = "people.tsv"
    by_person = collections.defaultdict(list)
    alias_owner = {}
    for n, r in rows:
        where = f"{name}:{n}"
        s, e = r["start"], r["end"]
        ds = parse_date(s) if s else None
        de = parse_date(e) if e else None
        if s and ds is None:
            rep.error(where, f"start {s!r} is not a valid YYYY-MM-DD date")
        if e and de is None:
            rep.error(where, f"end {e!r} is not a valid YYYY-MM-DD date")
        if e and not s:
            rep.error(where, "end without start")
        if ds and de and de < ds:
            rep.error(where, f"end {e} before start {s}")
        if ds and ds > datetime.date(2026, 12, 31):
            rep.error(where, f"start {s} in the future")
        if r["gender"] not in ("", "m", "f"):
            rep.error(where, f"gender {r['gender']!r} is not m|f")
        if not r["role"]:
            rep.error(where, "empty role")
        if not r["sector"]:
            rep.error(where, "empty sector")
        if not r["country"] and not r["org"]:
            rep.error(where, "neither country nor org")
        if r["org"] and org_names is not None and r["org"].lower() not in org_names:
            rep.warn(where, f"org {r['org']!r} is not defined in organizations.tsv")
        by_person[r["phrase"]].append((n, r, ds, de))
        names = [r["phrase"]] + ([a for a in r["aliases"].split("|")] if r["aliases"] else [])
        surname = r["phrase"].split()[-1] if " " in r["phrase"] else None
        for a in names[1:]:
            if surname and a == surname:
                rep.error(where, f"alias {a!r} is a bare surname (coreference rules resolve those)")
            owner = alias_owner.setdefault(a, r["phrase"])
            if owner != r["phrase"]:
                rep.warn(where, f"name {a!r} used for both {owner!r} and {r['phrase']!r}")
    for person, terms in by_person.items():
        genders = {r["gender"] for _, r, _, _ in terms if r["gender"]}
        if len(genders) > 1:
            rep.error(f"{name}:{terms[0][0]}", f"{person}: conflicting genders {genders}")
        if not genders:
            rep.warn(f"{name}:{terms[0][0]}", f"{person}: no gender")
        aliases = {r["aliases"] for _, r, _, _ in terms}
        if len(aliases) > 1:
            rep.error(f"{name}:{terms[0][0]}", f"{person}: rows disagree on aliases")
        # overlapping terms in the same office (same role and country/org)
        groups = collections.defaultdict(list)
        for n, r, ds, de in terms:
            if ds:
                groups[(r["role"], r["country"], r["org"])].append((ds, de, n))
        for key, ts in groups.items():
            ts.sort()
            for (s1, e1, n1), (s2, e2, n2) in zip(ts, ts[1:]):
                if e1 is None or e1 > s2:
                    rep.warn(f"{name}:{n2}", f"{person}: term overlaps line {n1} ({key[0]})")
    return len(by_person)


def check_orgs(rows, rep):
    names = set()
    for n, r in rows:
        where = f"organizations.tsv:{n}"
        if r["kind"] not in ORG_KINDS:
            rep.error(where, f"kind {r['kind']!r} is not organization|group")
        if r["type"] not in ORG_TYPES:
            rep.error(where, f"type {r['type']!r} unknown")
        if not r["code"]:
            rep.warn(where, "no code")
        names.add(r["phrase"].lower())
        if r["acronym"]:
            names.add(r["acronym"].lower())
        if r["aliases"]:
            names.update(a.lower() for a in r["aliases"].split("|"))
    return names


def check_metonyms(rows, rep):
    for n, r in rows:
        if r["kind"] not in ("capital", "seat"):
            rep.error(f"metonyms.tsv:{n}", f"kind {r['kind']!r} is not capital|seat")
        if not r["code"]:
            rep.error(f"metonyms.tsv:{n}", "no code")


def check_roles(rows, rep):
    for n, r in rows:
        where = f"roles.tsv:{n}"
        if r["rank"] not in ("1", "2", "3", "4", "5"):
            rep.error(where, f"rank {r['rank']!r} is not 1-5")
        if r["title"] not in ("yes", "no"):
            rep.error(where, f"title {r['title']!r} is not yes|no")
        if r["phrase"] != r["phrase"].lower():
            rep.warn(where, "role phrases are lower case (matched with case fold)")
        if not r["sector"]:
            rep.error(where, "empty sector")


def check_honorifics(rows, rep):
    for n, r in rows:
        if r["gender"] not in ("", "m", "f"):
            rep.error(f"honorifics.tsv:{n}", f"gender {r['gender']!r} is not m|f|empty")


def check_org_words(rows, rep):
    for n, r in rows:
        where = f"org_words.tsv:{n}"
        if r["position"] not in ("head", "tail", "both"):
            rep.error(where, f"position {r['position']!r} is not head|tail|both")
        if r["type"] not in ORG_TYPES:
            rep.error(where, f"type {r['type']!r} unknown")


def check_list(path, rep, capitalized):
    name = os.path.basename(path)
    seen = {}
    count = 0
    for n, line in enumerate(read_lines(path, rep), 1):
        if line.startswith("#") or line.strip() == "":
            continue
        if line != line.strip():
            rep.error(f"{name}:{n}", f"leading/trailing blank in {line!r}")
        if "\t" in line:
            rep.error(f"{name}:{n}", "tab in a list entry")
        if capitalized and not line[:1].isupper():
            rep.error(f"{name}:{n}", f"{line!r} does not start with a capital letter")
        key = line.strip() if capitalized else line.strip().lower()
        if key in seen:
            rep.error(f"{name}:{n}", f"duplicate of line {seen[key]}")
        seen[key] = n
        count += 1
    return count


def main(argv):
    args = [a for a in argv[1:] if not a.startswith("--")]
    strict = "--strict" in argv
    quiet = "--quiet" in argv
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    data = args[0] if args else os.path.join(root, "scripts", "data")
    rep = Report(quiet)
    countries, cpath = load_countries()
    if countries is None:
        rep.warn("check", "iso-codes not installed (apt-get install iso-codes): "
                          "country codes not checked")
    summary = []
    tables = {}
    for name in SPECS:
        path = os.path.join(data, name)
        if os.path.exists(path):
            header, rows = read_tsv(path, rep)
            check_common(name, header, rows, rep, countries)
            tables[name] = (header, rows)
    org_names = None
    if "organizations.tsv" in tables:
        org_names = check_orgs(tables["organizations.tsv"][1], rep)
    for name, (header, rows) in tables.items():
        extra = ""
        if name == "people.tsv" and all(c in header for c in SPECS[name][0]):
            extra = f", {check_people(rows, rep, org_names)} people"
        elif name == "metonyms.tsv" and all(c in header for c in SPECS[name][0]):
            check_metonyms(rows, rep)
        elif name == "roles.tsv" and all(c in header for c in SPECS[name][0]):
            check_roles(rows, rep)
        elif name == "honorifics.tsv" and all(c in header for c in SPECS[name][0]):
            check_honorifics(rows, rep)
        elif name == "org_words.tsv" and all(c in header for c in SPECS[name][0]):
            check_org_words(rows, rep)
        summary.append(f"{name}: {len(rows)} rows{extra}")
    for name in LISTS:
        path = os.path.join(data, name)
        if os.path.exists(path):
            n = check_list(path, rep, capitalized=(name == "given_names.txt"))
            summary.append(f"{name}: {n} entries")
    for line in summary:
        print(line)
    print(f"{rep.errors} errors, {rep.warnings} warnings"
          + (f" (countries from {cpath})" if cpath else ""))
    if rep.errors or (strict and rep.warnings):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
