#!/bin/sh
# Hostile input through `polis analyze`: invalid UTF-8, NUL bytes, CRLF and
# lone CR, a BOM, empty input, a 50 MB document, a long JSON Lines stream with
# malformed lines (one record per line, errors naming their line, memory
# flat), null or missing "text", a binary file, unreadable entries in a
# folder, and an output that fails or closes early. Every input record must
# give exactly one output record, and the run must never crash or hang.
# Rules: a small fixed set written below, so the defaults' changes do not
# matter (the default rules get the same treatment in make load-test).
. tests/cli/lib.sh

RULES="$TMP/rules"
mkdir -p "$RULES"
cat >"$RULES/countries.lua" <<'EOF'
local polis = require "polis"
local iso = { Russia = "RUS", Ukraine = "UKR", China = "CHN" }
polis.rule {
  name = "countries", stage = "actors", regex = [[\b(Russia|Ukraine|China)\b]],
  emit = function (doc, m)
    doc:actor { kind = "country", country = iso[m.text], span = m }
  end,
}
EOF

have() { command -v "$1" >/dev/null 2>&1; }
# polis analyze with the fixed rules, one JSON object per line.
analyze() { $VG "$POLIS" analyze -q --no-default-rules --rules "$RULES" --format jsonl "$@"; }
# an stderr excerpt for failure messages
why() { echo "status $1; $(head -c 300 "$TMP/err")"; }

# json_ok FILE [PYTHON-EXPR]: every line of FILE is a JSON object in valid
# UTF-8 (and EXPR holds for the list `recs` of them). Needs python3; without
# it the check passes with a note.
json_ok() {
    if ! have python3; then echo "# (python3 missing: JSON validity of $1 not checked)"; return 0; fi
    python3 - "$1" "${2:-True}" <<'EOF'
import json, sys
recs = []
with open(sys.argv[1], "rb") as f:
    for n, raw in enumerate(f, 1):
        try:
            recs.append(json.loads(raw.decode("utf-8", "strict")))
        except Exception as e:
            sys.exit("line %d: %s" % (n, e))
if not eval(sys.argv[2]):
    sys.exit("condition failed: " + sys.argv[2] + " on " + repr(recs)[:300])
EOF
}

# ---------------------------------------------------------- bytes in a text

printf 'Russia \377\376\303 warned Ukraine.' >"$TMP/bad.txt"
analyze "$TMP/bad.txt" >"$TMP/out" 2>"$TMP/err"; rc=$?
if [ "$rc" -eq 1 ] && grep -q '"kind":"input"' "$TMP/out" && grep -q 'invalid UTF-8' "$TMP/out" &&
   grep -q '"start":18,"end":25,"text":"Ukraine"' "$TMP/out" && json_ok "$TMP/out" 'len(recs) == 1'; then
    ok "invalid UTF-8: an input error, offsets still index the original bytes, valid JSON out"
else not_ok "invalid UTF-8" "$(why $rc) $(head -c 400 "$TMP/out")"; fi

printf 'Russia\000warned\000\000Ukraine.\000' >"$TMP/nul.txt"
analyze "$TMP/nul.txt" >"$TMP/out" 2>"$TMP/err"; rc=$?
if [ "$rc" -eq 1 ] && grep -q '4 bytes of invalid UTF-8 or NUL' "$TMP/out" &&
   grep -q '"start":15,"end":22,"text":"Ukraine"' "$TMP/out" && json_ok "$TMP/out"; then
    ok "NUL bytes: counted in the error, text after them analysed at the right offsets"
else not_ok "NUL bytes" "$(why $rc) $(head -c 400 "$TMP/out")"; fi

printf 'Russia warned.\n\nUkraine replied\nat once.\nChina said nothing.' >"$TMP/lf.txt"
printf 'Russia warned.\r\n\r\nUkraine replied\r\nat once.\r\nChina said nothing.' >"$TMP/crlf.txt"
printf 'Russia warned.\r\rUkraine replied\rat once.\rChina said nothing.' >"$TMP/cr.txt"
analyze --sentences "$TMP/lf.txt" >"$TMP/lf" 2>"$TMP/err"
analyze --sentences "$TMP/crlf.txt" >"$TMP/crlf" 2>"$TMP/err"; rc1=$?
analyze --sentences "$TMP/cr.txt" >"$TMP/cr" 2>"$TMP/err"; rc2=$?
nsent() { grep -o '"sentences":\[[^]]*\]' "$1" | grep -o '"start"' | wc -l; }
if [ "$rc1" -eq 0 ] && [ "$rc2" -eq 0 ] && [ "$(nsent "$TMP/lf")" -eq 3 ] &&
   [ "$(nsent "$TMP/crlf")" -eq 3 ] && [ "$(nsent "$TMP/cr")" -eq 3 ] &&
   grep -q '"start":45,"end":50,"text":"China"' "$TMP/crlf" &&
   grep -q '"start":41,"end":46,"text":"China"' "$TMP/cr" && ! grep -q '"kind":"input"' "$TMP/crlf"; then
    ok "CRLF and lone CR line ends split like LF ones, offsets exact, no errors"
else not_ok "CRLF and lone CR" "lf $(nsent "$TMP/lf") crlf $(nsent "$TMP/crlf") cr $(nsent "$TMP/cr"): $(head -c 300 "$TMP/crlf")"; fi

# JSON's \u0000 decodes to a NUL byte: the text after it must survive (cJSON
# strings end at a NUL), the NUL is replaced and reported like a raw one.
printf '{"id":"j","text":"Russia\\u0000 warned\\u0000 Ukraine."}\n' >"$TMP/nul.jsonl"
analyze "$TMP/nul.jsonl" >"$TMP/out" 2>"$TMP/err"; rc=$?
if [ "$rc" -eq 1 ] && grep -q '2 bytes of invalid UTF-8 or NUL' "$TMP/out" &&
   grep -q '"start":16,"end":23,"text":"Ukraine"' "$TMP/out"; then
    ok "\\u0000 in JSON Lines text: the text after it is kept, the NULs reported"
else not_ok "\\u0000 in JSON Lines" "$(why $rc) $(head -c 400 "$TMP/out")"; fi

printf '\357\273\277Russia warned Ukraine.' >"$TMP/bom.txt"
analyze --tokens "$TMP/bom.txt" >"$TMP/out" 2>"$TMP/err"; rc=$?
if [ "$rc" -eq 0 ] && grep -q '"tokens":\[{"start":3,"end":9,"text":"Russia"}' "$TMP/out" &&
   grep -q '"errors":\[\]' "$TMP/out"; then
    ok "a BOM is no token and no error; offsets count its 3 bytes"
else not_ok "BOM in a text file" "$(why $rc) $(head -c 300 "$TMP/out")"; fi

printf '\357\273\277{"id":"b1","text":"Russia"}\n{"id":"b2","text":"China"}\n' >"$TMP/bom.jsonl"
analyze "$TMP/bom.jsonl" >"$TMP/out" 2>"$TMP/err"; rc=$?
if [ "$rc" -eq 0 ] && [ "$(wc -l <"$TMP/out")" -eq 2 ] && grep -q '"id":"b1"' "$TMP/out"; then
    ok "a BOM before the first JSON Lines record is accepted"
else not_ok "BOM in JSON Lines" "$(why $rc) $(head -c 300 "$TMP/out")"; fi

# ---------------------------------------------------------- empty and binary

: >"$TMP/empty.txt"
analyze "$TMP/empty.txt" >"$TMP/out" 2>"$TMP/err"; rc=$?
if [ "$rc" -eq 0 ] && [ "$(wc -l <"$TMP/out")" -eq 1 ] &&
   grep -q '"id":"[^"]*empty.txt","date":null,"title":null,"actors":\[\],"locations":\[\],"stances":\[\],"errors":\[\]' "$TMP/out"; then
    ok "an empty file gives one empty record"
else not_ok "empty file" "$(why $rc) $(cat "$TMP/out")"; fi

analyze </dev/null >"$TMP/out" 2>"$TMP/err"; rc=$?
if [ "$rc" -eq 0 ] && [ "$(wc -l <"$TMP/out")" -eq 1 ] && grep -q '"id":"stdin"' "$TMP/out"; then
    ok "empty stdin gives one empty record"
else not_ok "empty stdin" "$(why $rc) $(cat "$TMP/out")"; fi

: >"$TMP/empty.jsonl"
analyze "$TMP/empty.jsonl" >"$TMP/out" 2>"$TMP/err"; rc=$?
if [ "$rc" -eq 0 ] && [ ! -s "$TMP/out" ]; then ok "an empty JSON Lines file has no records"
else not_ok "empty JSON Lines" "$(why $rc) $(cat "$TMP/out")"; fi

head -c 200000 "$POLIS" >"$TMP/binary.txt"
analyze "$TMP/binary.txt" >"$TMP/out" 2>"$TMP/err"; rc=$?
if [ "$rc" -eq 1 ] && [ "$(wc -l <"$TMP/out")" -eq 1 ] && grep -q 'invalid UTF-8 or NUL' "$TMP/out" &&
   json_ok "$TMP/out"; then
    ok "a binary file (the polis executable) gives one record with an input error"
else not_ok "binary file" "$(why $rc) $(head -c 300 "$TMP/out")"; fi

# ------------------------------------------------------------ a 50 MB document

# 50 MB of talk with a country at each end: the default cap analyses the
# first 16 MiB and says so; --max-doc-bytes 64M analyses it all, and the
# mention in the last bytes comes out at its offset.
{ printf 'Russia warned first. '
  yes 'Talks went on and on in the hall. ' | tr -d '\n' | head -c 52428000
  printf ' China ended it.'; } >"$TMP/big.txt"                  # 52428037 bytes
analyze "$TMP/big.txt" >"$TMP/out" 2>"$TMP/err"; rc=$?
if [ "$rc" -eq 1 ] && grep -q 'document is 52428037 bytes; analysed the first 16777216' "$TMP/out" &&
   grep -q '"name":"Russia"' "$TMP/out" && ! grep -q '"name":"China"' "$TMP/out"; then
    ok "a 50 MB document is cut at the 16 MiB default with an error saying so"
else not_ok "50 MB document, default cap" "$(why $rc) $(tail -c 300 "$TMP/out")"; fi
analyze --max-doc-bytes 64M "$TMP/big.txt" >"$TMP/out" 2>"$TMP/err"; rc=$?
if [ "$rc" -eq 0 ] && grep -q '"start":52428022,"end":52428027,"text":"China"' "$TMP/out" &&
   grep -q '"errors":\[\]}$' "$TMP/out"; then
    ok "a 50 MB document analysed whole with --max-doc-bytes 64M (the last mention at its offset)"
else not_ok "50 MB document, whole" "$(why $rc) $(tail -c 300 "$TMP/out")"; fi
rm -f "$TMP/big.txt"

# 4 MiB where every word is a country: the item cap stops the rule with an
# error and its partial output is rolled back; the record still comes out.
yes 'Russia warned Ukraine and China. ' | tr -d '\n' | head -c 4194304 >"$TMP/dense.txt"
analyze "$TMP/dense.txt" >"$TMP/out" 2>"$TMP/err"; rc=$?
if [ "$rc" -eq 1 ] && grep -q '"actors":\[\]' "$TMP/out" &&
   grep -q '"kind":"rule","rule":"countries".*too many items in one document (cap 100000' "$TMP/out"; then
    ok "a document with 380000 mentions: the item cap stops the rule with an error, nothing partial"
else not_ok "item cap on a dense document" "$(why $rc) $(tail -c 300 "$TMP/out")"; fi
rm -f "$TMP/dense.txt"

# ------------------------------------------------- a long stream, bad lines

# make_stream N FILE: N lines; every tenth line (and a few more) is malformed
# in a different way, every 1000th line is followed by a blank line (no
# record, but it counts for line numbers); some lines end in CRLF.
make_stream() {
    awk -v n="$1" 'BEGIN {
        for (i = 1; i <= n; i++) {
            k = i % 10
            if (k == 0)      print "this is not JSON " i
            else if (k == 3) print "{\"id\": \"null-" i "\", \"text\": null}"
            else if (k == 5) print "{\"id\": \"missing-" i "\"}"
            else if (k == 7 && i % 20 == 7) print "{\"id\": \"cut-" i "\", \"text\": \"Russia warn"
            else if (k == 7) print "[\"Russia\", " i "]"
            else if (k == 9 && i % 30 == 9) print "{\"id\": \"num-" i "\", \"text\": 42}"
            else if (k == 1) printf "{\"id\": \"d%d\", \"text\": \"Russia warned Ukraine on day %d.\"}\r\n", i, i
            else             print "{\"id\": \"d" i "\", \"text\": \"China replied on day " i ".\"}"
            if (i % 1000 == 0) print ""
        }
    }' >"$2"
}
# expect FILE: for each record-bearing line, "LINE kind ID" (kind good|bad).
expect() {
    awk '{ sub(/\r$/, "") } /^[ \t]*$/ { next }
         /^\{"id": "d/ { match($0, /"d[0-9]+"/); print NR, "good", substr($0, RSTART + 1, RLENGTH - 2); next }
         { print NR, "bad", "-" }' "$1"
}
make_stream 20000 "$TMP/s.jsonl"
analyze "$TMP/s.jsonl" >"$TMP/out" 2>"$TMP/err"; rc=$?
expect "$TMP/s.jsonl" >"$TMP/want"
bad=$(paste -d '\t' "$TMP/want" "$TMP/out" | awk -F '\t' -v f="$TMP/s.jsonl" '
    { split($1, w, " ") }
    w[2] == "good" && index($2, "\"id\":\"" w[3] "\"") != 2 { print "line " w[1] ": expected id " w[3]; exit }
    w[2] == "good" && index($2, "\"errors\":[]") == 0 { print "line " w[1] ": errors"; exit }
    w[2] == "bad" && index($2, f ":" w[1] ":") == 0 { print "line " w[1] ": no error naming it: " substr($2, 1, 200); exit }')
if [ "$rc" -eq 1 ] && [ "$(wc -l <"$TMP/out")" -eq "$(wc -l <"$TMP/want")" ] && [ -z "$bad" ]; then
    ok "20000-line stream: one record per line, in order; each malformed line an error naming its line"
else not_ok "long stream with malformed lines" "$(why $rc) records $(wc -l <"$TMP/out") of $(wc -l <"$TMP/want"); $bad"; fi
if json_ok "$TMP/out" 'all(r["errors"][0]["kind"] == "input" for r in recs if r["errors"])'; then
    ok "every record of the stream is valid JSON; errors have kind input"
else not_ok "stream records are valid JSON"; fi

# peak_rss_kb CMD...: run CMD (output to /dev/null), print its peak RSS in KiB.
peak_rss_kb() {
    "$@" >/dev/null 2>&1 &
    pid=$!
    peak=0
    while kill -0 "$pid" 2>/dev/null; do
        rss=$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status" 2>/dev/null)
        [ -n "$rss" ] && [ "$rss" -gt "$peak" ] && peak=$rss
        sleep 0.1
    done
    wait "$pid"
    echo "$peak"
}
if [ -n "$VG" ] || [ ! -r /proc/self/status ]; then
    echo "# (memory check skipped under valgrind or without /proc)"
    ok "memory flat along a stream (skipped)"
else
    # ASan's quarantine keeps freed memory on purpose (256 MB): turn it off
    # here so that RSS measures the program (no effect on other builds).
    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=0"
    export ASAN_OPTIONS
    make_stream 5000 "$TMP/s5k.jsonl"
    make_stream 80000 "$TMP/s80k.jsonl"
    small=$(peak_rss_kb "$POLIS" analyze -q -j 2 --no-default-rules --rules "$RULES" "$TMP/s5k.jsonl")
    large=$(peak_rss_kb "$POLIS" analyze -q -j 2 --no-default-rules --rules "$RULES" "$TMP/s80k.jsonl")
    echo "# peak RSS: 5000 lines ${small} KiB, 80000 lines ${large} KiB"
    if [ "$small" -gt 0 ] && [ "$large" -le $((small * 3 / 2 + 20480)) ]; then
        ok "memory flat along a stream (80000 lines peak within 1.5x of 5000 lines)"
    else not_ok "memory flat along a stream" "5000 lines: $small KiB, 80000 lines: $large KiB"; fi
    rm -f "$TMP/s5k.jsonl" "$TMP/s80k.jsonl"
fi

printf '{"id":"a","text":null}\n{"id":"b"}\n{"id":"c","text":{"x":1}}\n{"id":"d","text":"Russia"}\n' >"$TMP/null.jsonl"
analyze "$TMP/null.jsonl" >"$TMP/out" 2>"$TMP/err"; rc=$?
if [ "$rc" -eq 1 ] && [ "$(wc -l <"$TMP/out")" -eq 4 ] &&
   sed -n 1p "$TMP/out" | grep -q '"id":"a".*null.jsonl:1: \\"text\\" is null' &&
   sed -n 2p "$TMP/out" | grep -q '"id":"b".*null.jsonl:2: \\"text\\" is missing' &&
   sed -n 3p "$TMP/out" | grep -q '"id":"c".*not a string' &&
   sed -n 4p "$TMP/out" | grep -q '"id":"d".*"errors":\[\]'; then
    ok "JSON with a null, missing or non-string text: an error record under the record's id"
else not_ok "null or missing text" "$(why $rc) $(head -c 600 "$TMP/out")"; fi

printf '[{"id":"a","text":null},{"id":"b","text":"China"},7]' >"$TMP/arr.json"
analyze "$TMP/arr.json" >"$TMP/out" 2>"$TMP/err"; rc=$?
if [ "$rc" -eq 1 ] && [ "$(wc -l <"$TMP/out")" -eq 3 ] && sed -n 3p "$TMP/out" | grep -q 'not a JSON object'; then
    ok "a .json array: one record per item, bad items as errors"
else not_ok ".json array with bad items" "$(why $rc) $(head -c 600 "$TMP/out")"; fi

# --------------------------------------------------------- folders

mkdir -p "$TMP/dir/sub"
echo "Russia warned." >"$TMP/dir/a.txt"
ln -s "$TMP/nowhere" "$TMP/dir/b.txt"
echo "China replied." >"$TMP/dir/c.txt"
echo "Ukraine too." >"$TMP/dir/sub/e.txt"
echo "unreadable" >"$TMP/dir/f.txt"
chmod 000 "$TMP/dir/f.txt"
fifo_ok=0
if have mkfifo && mkfifo "$TMP/dir/d.txt" 2>/dev/null; then fifo_ok=1; fi
if have timeout; then TO="timeout 30"; else TO=""; fi
$TO $VG "$POLIS" analyze -q --no-default-rules --rules "$RULES" --format jsonl "$TMP/dir" >"$TMP/out" 2>"$TMP/err"; rc=$?
if [ "$rc" -eq 124 ]; then
    not_ok "a folder with unreadable entries" "hung (a FIFO in the folder?)"
else
    ids=$(grep -o '^{"id":"[^"]*"' "$TMP/out" | sed 's/.*\///; s/"$//' | tr '\n' ' ')
    want="a.txt b.txt c.txt "
    [ "$fifo_ok" = 1 ] && want="${want}d.txt "
    want="${want}f.txt e.txt "
    if [ "$rc" -eq 1 ] && [ "$ids" = "$want" ] && grep '"id":"[^"]*b.txt"' "$TMP/out" | grep -q 'No such file' &&
       grep '"id":"[^"]*c.txt"' "$TMP/out" | grep -q '"name":"China"'; then
        ok "a folder: a dangling link is an error record, the other files analysed in name order"
    else not_ok "folder with unreadable entries" "$(why $rc) ids: $ids (want $want)"; fi
    if [ "$fifo_ok" = 1 ]; then
        if grep '"id":"[^"]*d.txt"' "$TMP/out" | grep -q 'not a regular file'; then
            ok "a FIFO in a folder is an error record, never opened (no hang)"
        else not_ok "FIFO in a folder" "$(grep d.txt "$TMP/out")"; fi
    fi
    if [ "$(id -u)" -eq 0 ]; then
        ok "a file without read permission # SKIP running as root (root reads everything)"
    elif grep '"id":"[^"]*f.txt"' "$TMP/out" | grep -q 'Permission denied'; then
        ok "a file without read permission is an error record"
    else not_ok "unreadable file" "$(grep f.txt "$TMP/out")"; fi
fi
chmod 644 "$TMP/dir/f.txt"

# Symbolic links back up the tree (two to the folder itself, so a naive walk
# doubles at every level) and a second link to a sibling folder: the walk
# ends, and each file comes out once.
mkdir -p "$TMP/loops/sub"
echo "Russia warned." >"$TMP/loops/a.txt"
echo "China replied." >"$TMP/loops/sub/b.txt"
ln -s . "$TMP/loops/self1"; ln -s . "$TMP/loops/self2"; ln -s .. "$TMP/loops/sub/up"
ln -s sub "$TMP/loops/sub-again"
$TO $VG "$POLIS" analyze -q --no-default-rules --rules "$RULES" --format jsonl "$TMP/loops" >"$TMP/out" 2>"$TMP/err"; rc=$?
ids=$(grep -o '^{"id":"[^"]*"' "$TMP/out" | sed 's/^{"id":"//; s/"$//; s/.*\/loops\///' | tr '\n' ' ')
if [ "$rc" -eq 0 ] && [ "$ids" = "a.txt sub/b.txt " ]; then
    ok "symbolic link loops in a folder: the walk ends and each file is analysed once"
else not_ok "symbolic link loops" "status $rc (124: hung); ids: $ids"; fi

analyze "$TMP/nowhere.txt" "$TMP/dir/a.txt" >"$TMP/out" 2>"$TMP/err"; rc=$?
if [ "$rc" -eq 4 ] && grep -q 'nowhere.txt' "$TMP/err" && grep -q '"name":"Russia"' "$TMP/out"; then
    ok "a missing path on the command line: exit 4, the others still analysed"
else not_ok "missing path" "$(why $rc)"; fi

# --------------------------------------------------------- the output side

make_stream 3000 "$TMP/s.jsonl"
if have mkfifo && mkfifo "$TMP/pipe"; then
    $VG "$POLIS" analyze -q --no-default-rules --rules "$RULES" "$TMP/s.jsonl" >"$TMP/pipe" 2>"$TMP/err" &
    pid=$!
    head -n 1 "$TMP/pipe" >"$TMP/first"
    wait "$pid"; rc=$?
    if [ "$rc" -eq 4 ] && [ "$(wc -l <"$TMP/first")" -eq 1 ] &&
       ! grep -qi 'write\|pipe\|signal\|abort' "$TMP/err"; then
        ok "an output pipe closed early: the run stops quietly with exit 4 (output incomplete)"
    else not_ok "output pipe closed early" "$(why $rc)"; fi
else
    ok "output pipe closed early # SKIP no mkfifo"
fi

if [ -w /dev/full ]; then
    $VG "$POLIS" analyze -q --no-default-rules --rules "$RULES" "$TMP/s.jsonl" >/dev/full 2>"$TMP/err"; rc=$?
    $VG "$POLIS" analyze -q --no-default-rules --rules "$RULES" -o /dev/full "$TMP/s.jsonl" 2>"$TMP/err2"; rc2=$?
    if [ "$rc" -eq 4 ] && [ "$rc2" -eq 4 ] && grep -q 'No space left' "$TMP/err" && grep -q 'No space left' "$TMP/err2"; then
        ok "a full disk (/dev/full): exit 4 with a message, never a silent 0"
    else not_ok "write error" "status $rc/$rc2: $(head -c 200 "$TMP/err") $(head -c 200 "$TMP/err2")"; fi
else
    ok "write error # SKIP no /dev/full"
fi

done_testing
