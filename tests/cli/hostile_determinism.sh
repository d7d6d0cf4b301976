#!/bin/sh
# Determinism: the same input gives byte-identical output across runs and
# across -j values, with the default rules. Inputs: a stream generated here
# from the sentence battery and the example articles (with malformed and
# invalid lines mixed in), and the BBC corpus when ../shared/data has it.
# Under valgrind the inputs are cut short (the point is the same).
. tests/cli/lib.sh

# The same rules for every run, even while someone edits scripts/.
cp -R "${POLIS_DEFAULT_RULES:-scripts}" "$TMP/default-rules"
export POLIS_DEFAULT_RULES="$TMP/default-rules"

ndocs=1500
bbc_lines=0                                    # 0: all of it
if [ -n "$VG" ]; then ndocs=40; bbc_lines=30; fi

# The pool of texts, one a line, JSON-escaped: each battery case's input and
# each article paragraph.
json_escape='{ gsub(/\\/, "\\\\"); gsub(/"/, "\\\""); gsub(/\t/, "\\t"); gsub(/\r/, "\\r") }'
{
    awk "$json_escape"'
        /^=== / { inside = 1; text = ""; next }
        /^---$/ { if (inside && text != "") print text; inside = 0; next }
        inside  { text = text (text == "" ? "" : "\\n") $0 }' tests/sbd/*.txt
    awk "$json_escape"'BEGIN { RS = "" } { gsub(/\n/, "\\n"); print }' examples/articles/*.txt
} >"$TMP/pool"
npool=$(wc -l <"$TMP/pool")

# ndocs documents, each two to five texts of the pool; every 37th line is
# malformed, null, invalid UTF-8 or empty instead.
awk -v n="$ndocs" -v p="$npool" '
    { pool[NR - 1] = $0 }
    END {
        for (i = 0; i < n; i++) {
            if (i % 37 == 36) {
                k = int(i / 37) % 4
                if (k == 0) print "{\"id\": \"bad-" i "\", \"text\": "
                else if (k == 1) print "{\"id\": \"null-" i "\", \"text\": null}"
                else if (k == 2) printf "{\"id\": \"utf-%d\", \"text\": \"Russia \377\376 warned Ukraine.\"}\n", i
                else print "{\"id\": \"empty-" i "\", \"text\": \"\"}"
                continue
            }
            m = 2 + i % 4
            text = ""
            for (j = 0; j < m; j++)
                text = text (j ? "\\n\\n" : "") pool[(i * 7 + j * 13) % p]
            printf "{\"id\": \"gen-%d\", \"date\": \"20%02d-%02d-%02d\", \"text\": \"%s\"}\n",
                   i, 10 + i % 15, 1 + i % 12, 1 + i % 28, text
        }
    }' "$TMP/pool" >"$TMP/gen.jsonl"

# same NAME FILE: -j 1, -j 2 (twice) and -j 4 give the same bytes.
same() {
    name=$1; file=$2
    for run in j1:1 j2:2 j2b:2 j4:4; do
        $VG "$POLIS" analyze -q -j "${run#*:}" --format jsonl "$file" >"$TMP/$name.${run%:*}" 2>/dev/null
    done
    records=$(wc -l <"$TMP/$name.j1")
    actors=$(grep -o '"id":"a[0-9]*"' "$TMP/$name.j1" | wc -l)
    if [ "$records" -gt 0 ] && [ "$actors" -gt 0 ] &&
       cmp -s "$TMP/$name.j1" "$TMP/$name.j2" && cmp -s "$TMP/$name.j1" "$TMP/$name.j4"; then
        ok "$name: -j 1, -j 2 and -j 4 give identical bytes ($records records, $actors actors)"
    else
        not_ok "$name: output differs across -j" \
            "$(cmp "$TMP/$name.j1" "$TMP/$name.j2"; cmp "$TMP/$name.j1" "$TMP/$name.j4") $records records"
    fi
    if [ "$records" -gt 0 ] && cmp -s "$TMP/$name.j2" "$TMP/$name.j2b"; then
        ok "$name: two runs with -j 2 give identical bytes"
    else
        not_ok "$name: output differs between two runs" "$(cmp "$TMP/$name.j2" "$TMP/$name.j2b")"
    fi
}

# order NAME FILE: a document's output does not depend on the documents a
# worker read before it. -j 1 over the records in a shuffled order, put back
# in input order, gives the bytes of the run in order. (Across -j the
# documents a worker reads vary with timing, so a cache that remembers more
# than its key shows up only now and then; a fixed shuffle shows it always.)
order() {
    name=$1; file=$2
    # (records of malformed lines name their line number: left out)
    awk '!/"id": "(bad|null|utf|empty)-/ { print NR "\t" $0 }' "$file" |
        awk 'BEGIN { srand(7) } { printf "%.9f\t%s\n", rand(), $0 }' |
        sort -k1,1 | cut -f2- >"$TMP/$name.shuf"
    cut -f2- "$TMP/$name.shuf" >"$TMP/$name.shuf.jsonl"
    $VG "$POLIS" analyze -q -j 1 --format jsonl "$TMP/$name.shuf.jsonl" >"$TMP/$name.shuf.out" 2>/dev/null
    cut -f1 "$TMP/$name.shuf" | paste - "$TMP/$name.shuf.out" | sort -n -k1,1 | cut -f2- \
        >"$TMP/$name.unshuf"
    cut -f1 "$TMP/$name.shuf" | sort -n | awk 'NR == FNR { keep[$1] = 1; next } FNR in keep' \
        - "$TMP/$name.j1" >"$TMP/$name.inorder"
    if [ -s "$TMP/$name.unshuf" ] && cmp -s "$TMP/$name.inorder" "$TMP/$name.unshuf"; then
        ok "$name: shuffled input order gives each document the same record"
    else
        not_ok "$name: a record depends on the documents before it" \
            "$(cmp "$TMP/$name.inorder" "$TMP/$name.unshuf")"
    fi
}

same generated "$TMP/gen.jsonl"
order generated "$TMP/gen.jsonl"
if [ "$(wc -l <"$TMP/generated.j1")" -eq "$ndocs" ]; then
    ok "generated: one record per line, bad lines included ($ndocs)"
else not_ok "generated: record count" "$(wc -l <"$TMP/generated.j1") of $ndocs"; fi

BBC=${POLIS_BBC:-../shared/data/news/bbc.jsonl}
if [ -r "$BBC" ]; then
    if [ "$bbc_lines" -gt 0 ]; then
        head -n "$bbc_lines" "$BBC" >"$TMP/bbc.jsonl"
    else
        cp "$BBC" "$TMP/bbc.jsonl"
    fi
    same bbc "$TMP/bbc.jsonl"
    order bbc "$TMP/bbc.jsonl"
else
    ok "bbc corpus # SKIP $BBC not found (set POLIS_BBC)"
    ok "bbc corpus, two runs # SKIP $BBC not found"
    ok "bbc corpus, shuffled # SKIP $BBC not found"
fi

done_testing
