"""The file format of scripts/data/gazetteer.tsv, shared by the gazetteer tools.

The generated gazetteer is loaded by polis.load_dict at start-up, which costs
per attribute cell (each is interned on its own), so every place's data lives
in ONE packed column, `place`:

    phrase   aliases        case   place
    Paris    Paris, France         city|FRA|Île-de-France|48.8534|2.3488|2138551|2988507|geonames

`place` holds PLACE_FIELDS joined by '|'. `case` is empty for the dictionary's
default (caps) and says `exact` on the one extra row of "US". Curated input
files (places_curated.tsv) keep the readable one-column-a-field layout
(FIELDS); read_gazetteer() turns packed rows back into that layout.
"""
import unicodedata

FIELDS = ["phrase", "aliases", "kind", "country", "admin1", "lat", "lon",
          "population", "geonameid", "source", "case"]
COLUMNS = ["phrase", "aliases", "case", "place"]
PLACE_FIELDS = ["kind", "country", "admin1", "lat", "lon", "population", "geonameid", "source"]


def pack(row):
    """A dict of FIELDS -> the cells of COLUMNS."""
    case = row.get("case", "")
    return [row["phrase"], row["aliases"], "" if case == "caps" else case,
            "|".join(row[f] for f in PLACE_FIELDS)]


def unpack(cells, header=COLUMNS):
    """The cells of a packed line -> a dict of FIELDS (case "caps" when empty)."""
    r = dict(zip(header, cells + [""] * (len(header) - len(cells))))
    vals = r.get("place", "").split("|")
    out = {"phrase": r["phrase"], "aliases": r.get("aliases", ""), "case": r.get("case") or "caps"}
    out.update(zip(PLACE_FIELDS, vals + [""] * (len(PLACE_FIELDS) - len(vals))))
    out["_fields"] = len(vals)
    return out


def split_tsv(lines):
    """(header, [(lineno, cells)]) of the lines of a TSV file: blank lines and
    '#' comments are skipped, the first other line is the header."""
    header, rows = None, []
    for lineno, line in enumerate(lines, 1):
        line = line.rstrip("\n").rstrip("\r")
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header = cells
        else:
            rows.append((lineno, cells))
    return header, rows


def read_gazetteer(path):
    """(header, [(lineno, dict of FIELDS)]) of a packed gazetteer.tsv."""
    with open(path, encoding="utf-8") as f:
        header, lines = split_tsv(f)
    rows = []
    for lineno, cells in lines:
        r = unpack(cells, header)
        r["_cells"] = len(cells)
        rows.append((lineno, r))
    return header, rows


# Characters that polis's normalizer folds exactly as fold() below does
# (checked with polis.normalize on every such character of the gazetteer):
# Latin-1 and Latin Extended-A letters whose fold is ASCII. polis does not fold
# Latin Extended-B or Latin Extended Additional (ș, ț, Vietnamese), nor ʻ ʼ.
def polis_folds(ch):
    o = ord(ch)
    return 0xC0 <= o <= 0x17F and o not in (0xD7, 0xF7) and fold(ch).lower().isascii()


def fold(s):
    """ASCII-ish fold: strip combining marks and typographic apostrophes."""
    s = (s.replace("\u2019", "'").replace("\u2018", "'").replace("\u02bc", "'")
         .replace("\u02bb", "'").replace("\u02be", "'").replace("\u02bf", "'"))
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    table = {"ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d",
             "Đ": "D", "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE",
             "ð": "d", "þ": "th", "ħ": "h", "ǝ": "e", "ə": "e", "Ə": "E"}
    return "".join(table.get(c, c) for c in s)


def same_to_polis(name, folded):
    """Would polis's dictionaries see `folded` as the same phrase as `name`?
    (Then the folded spelling need not be an alias: lookups fold diacritics.)"""
    return fold(name) == folded and all(ord(c) < 128 or polis_folds(c) for c in name)
