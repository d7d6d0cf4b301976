#!/usr/bin/env python3
"""Build tests/data/actors_gold.jsonl (records in the polis output schema, for
`polis eval --gold`) from the annotated articles in tests/data/actors_gold.txt.

Format of the .txt file: articles separated by a line "@id NAME"; an optional "@date
YYYY-MM-DD" line follows; then the text, where every actor mention is written

    {{mention text|kind}}                       the actor's name is the mention text
    {{mention text|kind|Actor Name}}            several mentions of one actor share a name
    {{mention text|kind|Actor Name|ISO3|CODE}}  with country and code (informational)

kind: person | organization | country | group. Only actors are annotated (not locations,
not stances), following docs/actors.md: people without their titles, countries only where
they act, demonyms never, role phrases and surnames as mentions of the person.
Offsets are byte offsets into the UTF-8 text, as polis writes them.

    python3 tests/data/actors_gold.py                  # rewrites actors_gold.jsonl
    python3 tests/data/actors_gold.py actors_heldout   # actors_heldout.txt -> .jsonl
"""
import json, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
MARK = re.compile(r"\{\{(.+?)\}\}", re.S)


def parse(block):
    lines = block.split("\n")
    meta = {}
    while lines and lines[0].startswith("@"):
        k, _, v = lines.pop(0)[1:].partition(" ")
        meta[k] = v.strip()
    src = "\n".join(lines).strip("\n") + "\n"
    text, actors, order = b"", {}, []
    pos = 0
    for m in MARK.finditer(src):
        text += src[pos:m.start()].encode()
        parts = m.group(1).split("|")
        mention, kind = parts[0], parts[1]
        name = parts[2] if len(parts) > 2 and parts[2] else mention
        start = len(text)
        text += mention.encode()
        key = (kind, name)
        if key not in actors:
            a = {"name": name, "kind": kind, "mentions": []}
            if len(parts) > 3 and parts[3]:
                a["country"] = parts[3]
            if len(parts) > 4 and parts[4]:
                a["code"] = parts[4]
            actors[key] = a
            order.append(key)
        actors[key]["mentions"].append({"start": start, "end": len(text), "text": mention})
        pos = m.end()
    text += src[pos:].encode()
    rec = {"id": meta["id"], "date": meta.get("date"), "text": text.decode(),
           "actors": [dict(actors[k], id="a%d" % (i + 1)) for i, k in enumerate(order)]}
    return rec


def main():
    base = sys.argv[1] if len(sys.argv) > 1 else "actors_gold"
    src = open(os.path.join(HERE, base + ".txt"), encoding="utf-8").read()
    blocks = [b for b in re.split(r"\n(?=@id )", "\n" + src) if b.strip().startswith("@id")]
    out = [parse(b.strip("\n")) for b in blocks]
    with open(os.path.join(HERE, base + ".jsonl"), "w", encoding="utf-8") as f:
        for r in out:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    n = sum(len(m["mentions"]) for r in out for m in r["actors"])
    print("%d articles, %d actor mentions" % (len(out), n), file=sys.stderr)


if __name__ == "__main__":
    main()
