#!/usr/bin/env python3
"""Write the seed corpora of the fuzz targets (tests/fuzz/corpus/TARGET/).

The seeds are committed; this script documents where they come from and
can rewrite them: python3 tests/fuzz/seeds.py. Seeds are small (libFuzzer
grows inputs from them) and cover each target's input format: plain news
text with the tokenizer's hard cases, regex and token-pattern sources from
the default rules' style, dictionary entries and TSV files, JSON Lines with
good and malformed lines. `make fuzz` adds what it finds under build/fuzz;
`-merge=1` (see README.md) folds new coverage back into these folders.
"""
import hashlib
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

TEXTS = [
    b"Russia warned Ukraine on Monday.",
    b"U.S. President Joe Biden met Xi Jinping in Bali. They talked for 3 hours.",
    b"Mr. Smith (the U.N. envoy) said: \"We won't accept it.\" Then he left...",
    b"NEW DELHI - Indian Prime Minister Narendra Modi hosted Anthony Albanese.\n\n"
    b"Mr Albanese arrived in Ahmedabad on Wednesday.",
    b"Quarterly profits jumped 76% to $1.13bn (\xc2\xa3600m) on 2023-09-18, the 18th.",
    b"See http://example.com/a.b?c=d or mail press@example.org; @handle #tag.",
    b"\xe2\x80\x9cNo,\xe2\x80\x9d she said \xe2\x80\x94 \xe2\x80\x98never\xe2\x80\x99\xe2\x80\xa6 "
    b"Z\xc3\xbcrich, \xce\xb1\xce\xb8\xce\xae\xce\xbd\xce\xb1, \xd0\x9c\xd0\xbe\xd1\x81\xd0\xba\xd0\xb2\xd0\xb0.",
    b"\xef\xbb\xbfA BOM starts this. Line two.\r\nLine three.\rLone CR here.",
    b"Invalid \xff\xfe bytes \xc3 and \xe2\x82 cut \xed\xa0\x80 surrogate \xf4\x90\x80\x80 high.",
    b"NUL\x00byte\x00inside. Tab\tand\x0bvertical\x0cfeed.",
    b"Gen. Mattis, Sen. McCain and Dr. No met at 10 a.m. on Sept. 5, No. 10 Downing St.",
    b"1. First item\n2. Second item\n- bullet\n* star\n\nEnd.",
    b"Kim Jong-un's envoy didn't say; they'd've said eye-to-eye talks were 'off'.",
    b"He asked: what? She replied!! And?! Wait... OK.",
    b"e.g. i.e. etc. vs. approx. Inc. Ltd. Corp. Jan. Feb.",
    b"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    b"...................................................................",
    b"",
]

REGEXES = [  # (flags, pattern, subject)
    (0, rb"Russia", b"Russia warned Ukraine. Russia again."),
    (1, rb"\b(?<who>russia|ukraine)\b", b"RUSSIA and Ukraine"),
    (0, rb"(?<![\d-])((?:19|20)\d\d)-(\d\d)-(\d\d)(?![\d-])", b"on 2023-09-18 and 1999-01-02"),
    (1, rb"^\s*(?:date|dated|published(?: on)?)\s*[:\-]?\s*(\d{4})-(\d{2})-(\d{2})\b",
     b"Published on: 2023-03-10\nText"),
    (2, rb"^\w+$", b"one\ntwo\nthree"),
    (4, rb"a.b", b"a\nb"),
    (8, rb"a  b # comment", b"ab"),
    (16, rb"a+", b"aaaa"),
    (32, rb"sanction", b"sanctions sanction"),
    (0, rb"(a+)+$", b"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab"),
    (0, rb"(?:\p{Lu}\p{Ll}+\s?)+", "Zürich Αθήνα Москва".encode()),
    (0, rb"", b"empty pattern matches everywhere"),
    (0, rb"\K", b"abc"),
    (0, rb"(?=a\Kb)", b"ab"),
    (0, rb"x*", "ü€𝄞".encode()),
    (0, rb"(a)|(b)", b"ab"),
    (0, rb"(?J)(?<n>a)|(?<n>b)", b"ba"),
    (0, rb"[", b"bad pattern"),
    (0, rb"\C", b"forbidden"),
    (3, rb"(?i)\bU\.S\.", b"the u.s. and the U.S."),
]

DICTS = [  # (case byte, entry lines, tsv, text)
    (1, b"russia\tkind\tcountry\tcountry\tRUS\nunited states\tcountry\tUSA\nU.S.\nKim Jong-un",
     b"phrase\taliases\tcountry\tcase\nNew York\tNYC|Big Apple\tUSA\tfold\nParis\t\tFRA\texact\n",
     b"Russia and the United States; the U.S. envoy met Kim Jong-un in New York, not Paris."),
    (3, b"Paris\tcountry\tFRA\nparis\tcountry\tUSA\nPARIS",
     b"# comment\n\xef\xbb\xbfphrase\tcode\nParis\tP1\n", b"Paris paris PARIS Paris, Texas."),
    (2, b"a\na a\na a a\na a a a", b"phrase\na b\n", b"a a a a a b a a"),
    (0, b"", b"no header", b"text"),
    (1, b"the\nthe the", b"phrase\tx\n\xff\tbad\n", b"the the the"),
]

TPATTERNS = [  # (pattern, text)
    (b"{ACTOR}=source (has|have|had)? [/ly$/]? @condemn=verb {ACTOR}=target",
     b"America has openly condemned Russia for the attack."),
    (b"{ACTOR}=a (met | \"held talks with\") {ACTOR}=b (in {LOCATION}=where)?",
     b"Biden met Xi in New York. Modi held talks with Albanese."),
    (b"[quote] \",\"? {ACTOR}=speaker (said | says | told)", b"\"We refuse,\" Putin said."),
    (b"(president | minister | \"prime minister\")=title [cap & !sent_start]+=name",
     b"The prime minister Narendra Modi spoke."),
    (b"(about | some | nearly | \"more than\")? [num]=n (troops | soldiers | people)",
     b"About 6,500 troops and more than 200 people."),
    (b"{ACTOR}=source (did|does|has) (not | \"n't\" | never) @condemn", b"Russia did not said it."),
    (b"(. | .)* x", b"a b c d e f g h i j k l m n o p x"),
    (b"^ [cap]{1,3}=lead .*? $", b"The first. The second sentence here."),
    (b"{ACTOR|LOCATION}=x \"-\" {ACTOR|LOCATION}=y", b"Russia-Ukraine talks in New York-Paris."),
    (b"!(not | never) [word & len>3 & !upper]+", b"never again the WORDS here"),
    (b"[/^[A-Z]{2,}$/ | acronym | (url | email)]", b"NATO U.S. http://x.org a@b.cd"),
    (b"'Exact' @zz", b"Exact match"),
    (b"(a | b c | d){2,5}? e", b"a b c d e"),
    (b"x{,3} y{2,} z{4}", b"x x y y z z z z"),
    (b"# a comment\n  word # another\n  [cap]", b"word Cap"),
    (b"((((((a))))))+=deep", b"a a a"),
    (b"[/(a+)+$/]", b"aaaaaaaaaaaaaaaaaaaaaaaaab"),
    (b"(", b"unbalanced"),
]

JSONL = [
    b'{"id": "ex-1", "date": "2022-02-24", "title": "Invasion", "text": "Russian forces invaded '
    b'Ukraine early on Thursday.", "source": "polis example"}\n',
    b'{"id": 7, "text": "Numeric id."}\n{"id": "b", "text": null}\n{"id": "c"}\n',
    b'not json\n{"text": "after a bad line"}\n\n   \n{"text": 5}\n[1,2]\n',
    b'{"text": "crlf"}\r\n{"text": "x\\u0000y"}\r\n{"text":"\\ud83d\\ude00 \\u00e9"}\n',
    b'{"text": "unterminated\n{"text": "ok", "meta": {"a": [1, {"b": null}]}}',
    b'[{"id": "arr-1", "text": "one"}, {"id": "arr-2", "text": "two"}, 3]',
    b'{"id": "single", "text": "a .json object"}',
    b'{"text": "\xff\xfe invalid bytes", "title": "\xc3"}\n',
    b'\xef\xbb\xbf{"text": "BOM first"}\n',
    b'{"text": "' + b"a" * 300 + b'", "date": "2023-09-18T10:00:00Z"}\n',
    b'{"a":' * 40 + b'1' + b'}' * 40 + b'\n',
]

FUZZ_DICTS = {
    "tpattern": [r'"{ACTOR}"', r'"{LOCATION}"', r'"{ACTOR|LOCATION}"', r'"@a"', r'"@zz"', r'"[cap]"',
                 r'"[upper]"', r'"[num]"', r'"[/x/]"', r'"[/^a/n]"', r'"=name"', r'"{1,3}"', r'"?"',
                 r'"*?"', r'"+"', r'"("', r'")"', r'"|"', r'"^"', r'"$"', r'"!"', r'"\x22"', r'"\x27"',
                 r'"len>2"', r'"&"', r'"sent_start"', r'"quote"', r'"#"', r'"."'],
    "regex": [r'"(?<n>"', r'"(?:"', r'"(?="', r'"(?!"', r'"(?<="', r'"\\K"', r'"\\b"', r'"\\p{Lu}"',
              r'"[^"', r'"{2,}"', r'"+?"', r'"*+"', r'"(?J)"', r'"(?i)"', r'"\\1"', r'"(*SKIP)"',
              r'"(?R)"', r'"\\x{10ffff}"', r'"\\Q"'],
    "jsonl": [r'"{\x22text\x22:"', r'"\x22id\x22"', r'"\x22date\x22"', r'"\x22title\x22"', r'"null"',
              r'"\x5cu0000"', r'"\x5cud800"', r'"\x0a"', r'"\x0d\x0a"', r'"[]"', r'"{}"'],
}


def write_corpus(target, items):
    d = os.path.join(HERE, "corpus", target)
    os.makedirs(d, exist_ok=True)
    for data in items:
        name = "seed-" + hashlib.sha1(data).hexdigest()[:16]
        with open(os.path.join(d, name), "wb") as f:
            f.write(data)


def article_pieces():
    out = []
    art = os.path.join(ROOT, "examples", "articles")
    for name in sorted(os.listdir(art)):
        if name.endswith(".txt"):
            with open(os.path.join(art, name), "rb") as f:
                data = f.read()
            out += [data[i:i + 1500] for i in range(0, min(len(data), 4500), 1500)]
    return out


def main():
    texts = TEXTS + article_pieces()
    write_corpus("text", texts)
    write_corpus("analyze", texts)
    write_corpus("regex", [bytes([f]) + p + b"\0" + s for f, p, s in REGEXES])
    write_corpus("dict", [bytes([c]) + e + b"\0" + t + b"\0" + x for c, e, t, x in DICTS])
    write_corpus("tpattern", [p + b"\0" + t for p, t in TPATTERNS])
    write_corpus("jsonl", JSONL)
    os.makedirs(os.path.join(HERE, "dict"), exist_ok=True)
    for target, words in FUZZ_DICTS.items():
        with open(os.path.join(HERE, "dict", target + ".dict"), "w") as f:
            f.write("# libFuzzer dictionary for fuzz_%s (written by seeds.py)\n" % target)
            f.write("\n".join(words) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
