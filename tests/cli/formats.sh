#!/bin/sh
# Output formats: json, jsonl, tsv, text (colors: NO_COLOR, --color, a
# terminal), html; -o; --sentences and --tokens. Fixed rules (tests/cli/rules).
. tests/cli/lib.sh
D=$TMP/f
mkdir -p "$D"
printf 'Putin met Xi Jinping in Beijing. Russia condemned Ukraine.\n' >"$D/a.txt"
printf 'Scholz visited Paris. Modi called Albanese.\n' >"$D/b.txt"
printf '{"id":"j1","title":"T1","date":"2024-01-02","text":"Germany praised France."}\n{"id":"j2","text":"Russia warned Germany.\\tNo\\nmore."}\n' >"$D/c.jsonl"

# A JSON validator if this machine has one (jq or python3).
json_ok() {
    if command -v jq >/dev/null 2>&1; then jq -e . "$1" >/dev/null 2>&1
    elif command -v python3 >/dev/null 2>&1; then python3 -m json.tool "$1" >/dev/null 2>&1
    else return 2; fi
}
have_json_tool() { command -v jq >/dev/null 2>&1 || command -v python3 >/dev/null 2>&1; }

# ---------------------------------------------------------------- json
polis analyze $CLI_RULES --format json "$D/a.txt" >"$TMP/o" 2>"$TMP/e"
check_grep "json is pretty, two-space indented" '^  "id": ' "$TMP/o"
check "json has no tabs" sh -c "! grep -q '	' '$TMP/o'"
check_grep "json ends with a closing brace line" '^}$' "$TMP/o"
if have_json_tool; then check "json is valid JSON" json_ok "$TMP/o"
else skip "json is valid JSON" "neither jq nor python3 here"; fi
polis analyze $CLI_RULES --format json "$D/a.txt" "$D/c.jsonl" >"$TMP/o" 2>"$TMP/e"
check_grep "json of several records: one pretty document each" '^  "id": "j2",' "$TMP/o"

# ---------------------------------------------------------------- jsonl
polis analyze $CLI_RULES --format jsonl "$D/a.txt" "$D/b.txt" "$D/c.jsonl" >"$TMP/o" 2>"$TMP/e"
check_count "jsonl: one line per record" 4 "$TMP/o"
check "jsonl: every line is one object" sh -c "! grep -v '^{.*}\$' '$TMP/o'"
if have_json_tool; then
    n=0; bad=0
    while IFS= read -r line; do
        n=$((n + 1)); printf '%s\n' "$line" >"$TMP/line"
        json_ok "$TMP/line" || bad=$((bad + 1))
    done <"$TMP/o"
    check "jsonl: every line is valid JSON" test "$bad" -eq 0
else skip "jsonl: every line is valid JSON" "neither jq nor python3 here"; fi
polis analyze $CLI_RULES --compact "$D/a.txt" >"$TMP/o" 2>"$TMP/e"
check_count "--compact: one line" 1 "$TMP/o"
polis analyze $CLI_RULES "$D/a.txt" "$D/b.txt" >"$TMP/o" 2>"$TMP/e"
check_count "auto format: JSON Lines for several documents" 2 "$TMP/o"
polis analyze $CLI_RULES "$D/c.jsonl" >"$TMP/o" 2>"$TMP/e"
check_count "auto format: JSON Lines for JSONL input" 2 "$TMP/o"

# ---------------------------------------------------------------- tsv
polis analyze $CLI_RULES --format tsv "$D/a.txt" "$D/b.txt" "$D/c.jsonl" >"$TMP/o" 2>"$TMP/e"
check_grep "tsv: a header line first" '^date	source	target	' "$TMP/o"
check_count "tsv: one header, then one row per stance" 7 "$TMP/o"
check "tsv: the header appears once" test "$(grep -c '^date	' "$TMP/o")" -eq 1
cols=$(head -1 "$TMP/o" | awk -F'\t' '{print NF}')
check "tsv: every row has the header's number of columns" \
    awk -F'\t' -v n="$cols" 'NF != n { exit 1 }' "$TMP/o"
check_grep "tsv: a row carries codes, CAMEO, polarity and the document id" \
    "RUSGOV	CHNGOV	043	CONSULT	1	.*$D/a.txt" "$TMP/o"
check_grep "tsv: tabs and newlines in the evidence become spaces" 'Russia warned Germany' "$TMP/o"
printf 'Nothing happened.\n' >"$D/none.txt"
polis analyze $CLI_RULES --format tsv "$D/none.txt" >"$TMP/o" 2>"$TMP/e"
check_count "tsv without stances: the header alone" 1 "$TMP/o"

# ---------------------------------------------------------------- text
polis analyze $CLI_RULES --format text "$D/a.txt" >"$TMP/o" 2>"$TMP/e"
check_grep "text: a heading with the id" "^== $D/a.txt\$" "$TMP/o"
check_grep "text: actors and locations marked with ids" '\[Putin\|a1\] met \[Xi Jinping\|a2\] in \[Beijing\|l1\]' "$TMP/o"
check_grep "text: stances marked where their evidence ends" '\[Beijing\|l1\]\{s1\}\. ' "$TMP/o"
check_grep "text: the stance list" '^s1 +Vladimir Putin --meet 043 CONSULT \+1 asserted--> Xi Jinping @ Beijing' "$TMP/o"
check_grep "text: negative polarity" '^s2 +Russia --criticize 111 ACCUSE -1 ' "$TMP/o"
check_grep "text: the actor table" '^a1 +Vladimir Putin +person +RUS +RUSGOV +President \(1 mention\)' "$TMP/o"
check_grep "text: the location table" '^l1 +Beijing +city +CHN +39\.9042,116\.4074' "$TMP/o"
ESC=$(printf '\033')
check "text: no colors when stdout is not a terminal" sh -c "! grep -q '$ESC' '$TMP/o'"
polis analyze $CLI_RULES --format text --color always "$D/a.txt" >"$TMP/o" 2>"$TMP/e"
check_grep "text --color always: colors" "$ESC\\[1;36mPutin" "$TMP/o"
check_grep "text --color always: polarity colors on stance markers" "$ESC\\[31m\\{s2\\}" "$TMP/o"
NO_COLOR=1 polis analyze $CLI_RULES --format text --color always "$D/a.txt" >"$TMP/o" 2>"$TMP/e"
check_grep "--color always wins over NO_COLOR" "$ESC\\[" "$TMP/o"
polis analyze $CLI_RULES --format text --color never "$D/a.txt" >"$TMP/o" 2>"$TMP/e"
check "text --color never: no escapes" sh -c "! grep -q '$ESC' '$TMP/o'"
printf 'Putin met Xi Jinping.\033[2J\033]0;x\007 Done.\r\n' >"$D/esc.txt"
polis analyze $CLI_RULES --format text --color always "$D/esc.txt" >"$TMP/o" 2>"$TMP/e"
check "text: escape sequences in documents are neutralised" sh -c "! grep -q '$ESC\\[2J' '$TMP/o' && ! grep -q '$ESC\\]0' '$TMP/o'"
# On a terminal (script(1) gives the command one).
if command -v script >/dev/null 2>&1 && script -qec true /dev/null </dev/null >/dev/null 2>&1; then
    script -qec "$POLIS analyze $CLI_RULES --format text $D/a.txt" /dev/null </dev/null >"$TMP/o" 2>&1
    check_grep "text on a terminal: colors" "$ESC\\[1;36mPutin" "$TMP/o"
    NO_COLOR=1 script -qec "$POLIS analyze $CLI_RULES --format text $D/a.txt" /dev/null </dev/null >"$TMP/o" 2>&1
    check_grep "text on a terminal with NO_COLOR: marked without colors" '\[Putin\|a1\]' "$TMP/o"
    check "... and no escapes" sh -c "! grep -q '$ESC\\[' '$TMP/o'"
    NO_COLOR= script -qec "$POLIS analyze $CLI_RULES --format text $D/a.txt" /dev/null </dev/null >"$TMP/o" 2>&1
    check_grep "an empty NO_COLOR does not count" "$ESC\\[1;36mPutin" "$TMP/o"
    script -qec "$POLIS analyze $CLI_RULES --format text -o $D/out.txt $D/a.txt" /dev/null </dev/null >/dev/null 2>&1
    check "text to -o FILE from a terminal: no colors" sh -c "! grep -q '$ESC' '$D/out.txt'"
else
    for t in "text on a terminal: colors" "text on a terminal with NO_COLOR" "... and no escapes" \
             "an empty NO_COLOR does not count" "text to -o FILE from a terminal"; do
        skip "$t" "script(1) cannot give a terminal here"
    done
fi

# ---------------------------------------------------------------- html
polis analyze $CLI_RULES --format html "$D/a.txt" >"$TMP/o" 2>"$TMP/e"
check_grep "html: a document type first" '^<!DOCTYPE html>' "$TMP/o"
check "html: ends with </html>" sh -c "tail -1 '$TMP/o' | grep -q '</html>'"
check_grep "html: actors highlighted" '<mark class="actor"[^>]*>Putin<sup><a href="#d0-a1">a1</a></sup></mark>' "$TMP/o"
check_grep "html: locations highlighted" '<mark class="location"[^>]*>Beijing<sup><a href="#d0-l1">l1</a></sup></mark>' "$TMP/o"
check_grep "html: the stance graph is inline SVG" '<svg xmlns="http://www.w3.org/2000/svg" class="stance-graph"' "$TMP/o"
check_grep "html: green arrows for cooperation" '<path d="M[^"]*" fill="none" stroke="#2e7d32"[^>]*marker-end="url\(#d0-arrow-pos\)"' "$TMP/o"
check_grep "html: red arrows for conflict" 'stroke="#c62828"[^>]*marker-end="url\(#d0-arrow-neg\)"' "$TMP/o"
check_grep "html: arrows labelled by type" '<text [^>]*class="edge"[^>]*>criticize</text>' "$TMP/o"
check_grep "html: tables of actors, locations and stances" '<table class="actors">' "$TMP/o"
check_grep "html: ... locations" '<table class="locations">' "$TMP/o"
check_grep "html: ... stances" '<table class="stances">' "$TMP/o"
polis analyze $CLI_RULES --rules tests/cli/rules/both --format html "$D/a.txt" >"$TMP/o2" 2>"$TMP/e"
check_grep "html: a span that is an actor and a place is one mark with both ids" \
    '<mark class="actor location" title="a[0-9]+: Ukraine [^"]*; l[0-9]+: Ukraine[^"]*">Ukraine<sup><a href="#d0-a[0-9]+">a[0-9]+</a>,<a href="#d0-l[0-9]+">' "$TMP/o2"
printf 'Russia warned about the nuclear programme. Russia praised itself.\n' >"$D/odd.txt"
polis analyze $CLI_RULES --rules tests/cli/rules/graph --format html "$D/odd.txt" >"$TMP/o2" 2>"$TMP/e"
check_grep "html graph: a stance without a target points at its topic" '<text [^>]*class="topic">the nuclear programme</text>' "$TMP/o2"
check_grep "html graph: a stance of an actor with itself is a loop" '<path d="M[0-9.,]+ C[^"]*" fill="none" stroke="#2e7d32"' "$TMP/o2"
check "html: one document, no index" sh -c "! grep -q '<nav class=\"index\"' '$TMP/o'"
check "html: self-contained (no scripts, no external resources)" \
    sh -c "! grep -Eqi '<script|<link|<img|<iframe|src=|@import|url\\(http' '$TMP/o'"
polis analyze $CLI_RULES --format html "$D/a.txt" "$D/b.txt" "$D/c.jsonl" >"$TMP/o" 2>"$TMP/e"
check_grep "html, many documents: an index" '<nav class="index" id="index">' "$TMP/o"
check "html: the index links each document's section" \
    test "$(grep -c '<td><a href="#d[0-3]">' "$TMP/o")" -eq 4
check "html: one section per document" test "$(grep -c '<section class="doc" id="d[0-9]*">' "$TMP/o")" -eq 4
check "html: sections closed" test "$(grep -o '</section>' "$TMP/o" | wc -l)" -eq 4
check_grep "html: a title is the heading, the id beside it" '<h2>T1</h2>' "$TMP/o"
check "html: the page is one document (one <html>)" test "$(grep -c '<html' "$TMP/o")" -eq 1
printf '{"id":"<x&y>","title":"<script>alert(1)</script>","text":"<b>Putin</b> met \\"Xi Jinping\\" & Russia condemned Ukraine."}\n{"id":"bad","text":null}\n' >"$D/evil.jsonl"
polis analyze $CLI_RULES --format html "$D/evil.jsonl" >"$TMP/o" 2>"$TMP/e"
check "html: document text is escaped" sh -c "! grep -q '<script>' '$TMP/o' && ! grep -q '<b>Putin' '$TMP/o'"
check_grep "html: ... and still highlighted" '&lt;b&gt;<mark class="actor"[^>]*>Putin<sup>' "$TMP/o"
check_grep "html: ids escaped" '&lt;x&amp;y&gt;' "$TMP/o"
check_grep "html: error records are shown" '<ul class="err"><li>[^<]*&quot;text&quot; is null' "$TMP/o"
check_grep "html: the index counts documents with errors" '2 documents, <span class="err">1 with errors</span>' "$TMP/o"
: >"$D/empty.jsonl"
polis analyze $CLI_RULES --format html "$D/empty.jsonl" >"$TMP/o" 2>"$TMP/e"
check_grep "html with no records is still a whole page" '</html>' "$TMP/o"

# ---------------------------------------------------------------- -o, extras
check_status "-o FILE writes the file, exit 0" 0 polis analyze $CLI_RULES --format jsonl -o "$D/out.jsonl" "$D/a.txt"
check_count "... with the record" 1 "$D/out.jsonl"
check_empty "... and nothing on stdout" "$TMP/out"
polis analyze $CLI_RULES --format jsonl --output="$D/out2.jsonl" "$D/a.txt" "$D/b.txt" >"$TMP/o" 2>"$TMP/e"
check_count "--output=FILE" 2 "$D/out2.jsonl"
check_status "-o into a missing folder: exit 4" 4 polis analyze $CLI_RULES -o "$D/no/such/dir/x" "$D/a.txt"
if [ -w /dev/full ]; then
    check_status "a full disk: exit 4" 4 polis analyze $CLI_RULES -o /dev/full "$D/a.txt"
else
    skip "a full disk: exit 4" "no /dev/full"
fi
polis analyze $CLI_RULES --format jsonl --sentences --tokens "$D/a.txt" >"$TMP/o" 2>"$TMP/e"
check_grep "--sentences adds sentence spans" '"sentences":\[\{"start":0,"end":' "$TMP/o"
check_grep "--tokens adds tokens" '"tokens":\[\{"start":0,"end":5,"text":"Putin"\}' "$TMP/o"

done_testing
