#!/usr/bin/env python3
"""Event-data figures for a stance gold file (tests/data/stances_*.jsonl), computed the way
event data sets are scored: each gold stance is a record with a source side and a target side,
each side the set of country codes of its actor (the first three letters of the gold actor's
CAMEO code, else its country); a record is found when some predicted stance of that sentence
has its source actor's country (the actor's "country", else the first three letters of its
"code"; a place's country) in the source set and its target's in the target set (a record
without a target takes a stance whose target is empty or on the source side), and its category
is right when that stance's "plover" equals the gold one. Precision is the share of predicted
stances that match some gold record of their sentence, over the sentences that have gold
stances (as in event data, where every sentence carries an event) and over all sentences.

usage: python3 tests/data/stances_events.py [--bin build/polis] [--show N] GOLD.jsonl...
"""
import json
import subprocess
import sys


def country(o, iid):
    if not iid:
        return ""
    for a in o.get("actors", []) or []:
        if a.get("id") == iid:
            return (a.get("country") or (a.get("code") or "")[:3] or "").upper()
    for l in o.get("locations", []) or []:
        if l.get("id") == iid:
            return (l.get("country") or "").upper()
    return ""


def gold_side(g, iid):
    for a in g.get("actors", []) or []:
        if a.get("id") == iid:
            c = (a.get("code") or "")[:3] or a.get("country") or ""
            return {c.upper()} - {""}
    return set()


def main(argv):
    binary, show, paths = "build/polis", 0, []
    i = 0
    while i < len(argv):
        if argv[i] == "--bin":
            binary = argv[i + 1]; i += 2
        elif argv[i] == "--show":
            show = int(argv[i + 1]); i += 2
        else:
            paths.append(argv[i]); i += 1
    golds = []
    for p in paths:
        golds += [json.loads(l) for l in open(p, encoding="utf-8") if l.strip()]
    data = "".join(json.dumps({"id": g["id"], "text": g["text"]}) + "\n" for g in golds)
    r = subprocess.run([binary, "analyze", "--input", "jsonl", "--format", "jsonl", "-q", "-"],
                       input=data.encode(), stdout=subprocess.PIPE)
    res = {}
    for line in r.stdout.decode().splitlines():
        if line.strip():
            o = json.loads(line)
            res[o["id"]] = o
    n = dyad = cat = 0
    npred_ev = nmatch = npred_all = 0
    misses, extras = [], []
    for g in golds:
        o = res.get(g["id"], {})
        pred = [(country(o, s.get("source")), country(o, s.get("target")), (s.get("plover") or "").upper(), s)
                for s in o.get("stances", []) or []]
        npred_all += len(pred)
        recs = []
        for st in g.get("stances", []) or []:
            src = gold_side(g, st["source"])
            tgt = gold_side(g, st["target"]) if st.get("target") else set()
            if src:
                recs.append((src, tgt, (st.get("plover") or "").upper()))

        def ok(p, src, tgt):
            if p[0] not in src:
                return False
            if tgt:
                return p[1] in tgt
            return p[1] in src or not p[1]

        for src, tgt, plover in recs:
            n += 1
            hits = [p for p in pred if ok(p, src, tgt)]
            if hits:
                dyad += 1
                if any(p[2] == plover for p in hits):
                    cat += 1
                else:
                    misses.append("%s category %s, got %s: %s" % (g["id"], plover, sorted({p[2] for p in hits}), g["text"][:90]))
            else:
                misses.append("%s missed %s -> %s %s: %s" % (g["id"], sorted(src), sorted(tgt), plover, g["text"][:90]))
        if recs:
            npred_ev += len(pred)
            for p in pred:
                if any(ok(p, src, tgt) for src, tgt, _ in recs):
                    nmatch += 1
                else:
                    extras.append("%s extra %s -> %s %s: %s" % (g["id"], p[0], p[1], p[2], (p[3].get("evidence") or {}).get("text", "")[:80]))
        else:
            for p in pred:
                extras.append("%s extra (no-event sentence) %s -> %s %s: %s" % (g["id"], p[0], p[1], p[2], (p[3].get("evidence") or {}).get("text", "")[:80]))
    for m in (misses + extras)[:show]:
        print(m)
    prec_ev = nmatch / npred_ev if npred_ev else 0.0
    prec_all = nmatch / npred_all if npred_all else 0.0
    print("records %d; dyad found %d; category right %d; stances %d in event sentences, %d matching; %d in all"
          % (n, dyad, cat, npred_ev, nmatch, npred_all))
    print("events dyad recall %.3f category %.3f stance precision %.3f (all sentences %.3f)"
          % (dyad / n if n else 0, cat / n if n else 0, prec_ev, prec_all))


if __name__ == "__main__":
    main(sys.argv[1:])
