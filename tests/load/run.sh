#!/bin/sh
# The bounded load test (make load-test): a JSON Lines stream of LOAD_MB
# megabytes (200 by default), generated on the fly, through
#   polis analyze --input jsonl -j 2
# with the default rules, sampling every SAMPLE seconds the records written,
# the process's resident memory and its CPU time. It passes when every line
# gives one record, throughput (documents per CPU second) in the last quarter
# of the run is at least 70% of the first quarter's, and RSS at the end is
# within 20% (+16 MiB) of RSS after the first 10% of the stream: memory stays
# flat. Then one 50 MB document with the default rules (cut at 16 MiB,
# errors contained, bounded time and memory).
#
#   BUILD=build LOAD_MB=200 sh tests/load/run.sh
# The stream is the BBC corpus (../shared/data/news/bbc.jsonl, or $POLIS_BBC)
# repeated with fresh ids, or without it texts of tests/sbd and the example
# articles combined. Nothing is written to the repository.
set -u
BUILD=${BUILD:-build}
POLIS=${POLIS:-$BUILD/polis}
LOAD_MB=${LOAD_MB:-200}
SAMPLE=${SAMPLE:-2}
export LC_ALL=C
# Under ASan, its quarantine keeps freed memory on purpose: off, so that RSS
# measures the program.
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=0"
export ASAN_OPTIONS
export POLIS_DEFAULT_RULES="${POLIS_DEFAULT_RULES:-$(pwd)/scripts}"
unset POLIS_RULES_PATH
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
status=0
fail() { echo "FAIL: $*"; status=1; }

# Snapshot the rules: the run must see one rule set from start to end.
cp -R "$POLIS_DEFAULT_RULES" "$TMP/rules"
export POLIS_DEFAULT_RULES="$TMP/rules"

BBC=${POLIS_BBC:-../shared/data/news/bbc.jsonl}
if [ -r "$BBC" ]; then
    cp "$BBC" "$TMP/base.jsonl"
    source="the BBC corpus, repeated"
else
    json_escape='{ gsub(/\\/, "\\\\"); gsub(/"/, "\\\""); gsub(/\t/, "\\t"); gsub(/\r/, "\\r") }'
    { awk "$json_escape"'
          /^=== / { inside = 1; text = ""; next }
          /^---$/ { if (inside && text != "") print text; inside = 0; next }
          inside  { text = text (text == "" ? "" : "\\n") $0 }' tests/sbd/*.txt
      awk "$json_escape"'BEGIN { RS = "" } { gsub(/\n/, "\\n"); print }' examples/articles/*.txt
    } >"$TMP/pool"
    awk '{ pool[NR - 1] = $0 } END {
        for (i = 0; i < 3000; i++) {
            text = ""
            for (j = 0; j < 3 + i % 5; j++)
                text = text (j ? "\\n\\n" : "") pool[(i * 7 + j * 13) % NR]
            printf "{\"id\": \"gen-%d\", \"text\": \"%s\"}\n", i, text
        } }' "$TMP/pool" >"$TMP/base.jsonl"
    source="generated from tests/sbd and examples/articles (no BBC corpus)"
fi
base_bytes=$(wc -c <"$TMP/base.jsonl")
base_lines=$(wc -l <"$TMP/base.jsonl")
reps=$(( (LOAD_MB * 1000000 + base_bytes - 1) / base_bytes ))
total_lines=$((reps * base_lines))
total_mb=$(( reps * base_bytes / 1000000 ))

# The stream: the base repeated, each copy with its own ids.
stream() {
    awk -v reps="$reps" '{ line[NR] = $0 } END {
        for (r = 1; r <= reps; r++)
            for (i = 1; i <= NR; i++) {
                s = line[i]
                sub(/^\{"id": *"/, "{\"id\": \"r" r "-", s)
                print s
            } }' "$TMP/base.jsonl"
}

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null; }
# CPU time of a process (all threads) in clock ticks: utime + stime.
cpu_ticks() { sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | awk '{ print $12 + $13 }'; }
HZ=$(getconf CLK_TCK 2>/dev/null || echo 100)
now() { date +%s; }

echo "load test: $total_mb MB, $total_lines records ($source), polis analyze --input jsonl -j 2"
start=$(now)
stream | "$POLIS" analyze -q --input jsonl -j 2 --format jsonl >"$TMP/out" 2>"$TMP/err" &
pid=$!
: >"$TMP/samples"
while kill -0 "$pid" 2>/dev/null; do
    sleep "$SAMPLE"
    rss=$(rss_kb "$pid")
    cpu=$(cpu_ticks "$pid")
    [ -n "$rss" ] && [ -n "$cpu" ] || break
    echo "$(( $(now) - start )) $(wc -l <"$TMP/out") $rss $cpu" >>"$TMP/samples"
done
wait "$pid"
rc=$?
elapsed=$(( $(now) - start ))
[ "$elapsed" -gt 0 ] || elapsed=1
records=$(wc -l <"$TMP/out")
awk -v rc="$rc" -v s="$elapsed" -v n="$records" -v mb="$total_mb" 'BEGIN {
    printf "exit %d after %ds: %d records, %.2f MB/s, %.0f docs/s (wall clock, whole run)\n",
           rc, s, n, mb / s, n / s }'

[ "$rc" -le 1 ] || fail "exit status $rc: $(head -c 300 "$TMP/err")"
[ "$records" -eq "$total_lines" ] || fail "$records records for $total_lines lines"

# Throughput per quarter of the samples, and RSS after 10% and at the end.
# Throughput is judged per CPU second of polis (documents / CPU time), which
# other load on the machine does not change; wall-clock rates are shown too.
awk -v total="$total_lines" -v mb="$total_mb" -v hz="$HZ" '
    { t[NR] = $1; r[NR] = $2; m[NR] = $3; c[NR] = $4 / hz }
    END {
        if (NR < 8) { print "too few samples (" NR "): the run was too short to judge"; exit 2 }
        q = int(NR / 4)
        wfirst = (r[q] - r[1]) / (t[q] - t[1] + 1e-9)
        wlast = (r[NR] - r[NR - q + 1]) / (t[NR] - t[NR - q + 1] + 1e-9)
        first = (r[q] - r[1]) / (c[q] - c[1] + 1e-9)
        last = (r[NR] - r[NR - q + 1]) / (c[NR] - c[NR - q + 1] + 1e-9)
        for (i = 1; i <= NR && r[i] < total / 10; i++) ;
        if (i > NR) i = NR
        rss0 = m[i]; rss1 = m[NR]; peak = 0
        for (j = 1; j <= NR; j++) if (m[j] > peak) peak = m[j]
        per = mb / total
        printf "wall clock: first quarter %.0f docs/s (%.2f MB/s), last quarter %.0f docs/s (%.2f MB/s)\n",
               wfirst, wfirst * per, wlast, wlast * per
        printf "per CPU second: first quarter %.0f docs (%.2f MB), last quarter %.0f docs (%.2f MB)\n",
               first, first * per, last, last * per
        printf "RSS: %d MiB after 10%% of the stream (t=%ds), %d MiB at the end, peak %d MiB\n",
               rss0 / 1024, t[i], rss1 / 1024, peak / 1024
        bad = 0
        if (last < 0.7 * first) { print "FAIL: throughput per CPU second fell below 70% of the first quarter"; bad = 1 }
        if (rss1 > rss0 * 1.2 + 16384) { print "FAIL: memory grew along the stream"; bad = 1 }
        exit bad
    }' "$TMP/samples" || status=1
echo "samples (seconds records rss_kb cpu_ticks): $(tr '\n' ';' <"$TMP/samples" | head -c 3000)"

# One 50 MB document through the default rules.
{ printf '{"id": "big", "text": "'
  yes 'Russia warned Ukraine on Monday, and China called for talks in Geneva. ' | tr -d '\n' |
      head -c 52428800
  printf '"}\n'; } >"$TMP/big.jsonl"
rm -f "$TMP/out"
t0=$(now)
"$POLIS" analyze -q --input jsonl --format jsonl "$TMP/big.jsonl" >"$TMP/big.out" 2>"$TMP/big.err" &
pid=$!
peak=0
while kill -0 "$pid" 2>/dev/null; do
    rss=$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status" 2>/dev/null)
    [ -n "$rss" ] && [ "$rss" -gt "$peak" ] && peak=$rss
    sleep 0.5
done
wait "$pid"
rc=$?
dt=$(( $(now) - t0 ))
errors=$(grep -o '"kind":"[a-z]*"' "$TMP/big.out" | sort | uniq -c | tr -s ' \n' ' ')
echo "50 MB document: exit $rc in ${dt}s, peak RSS $((peak / 1024)) MiB, errors:$errors"
[ "$rc" -eq 1 ] && [ "$(wc -l <"$TMP/big.out")" -eq 1 ] &&
    grep -q 'analysed the first 16777216' "$TMP/big.out" || fail "50 MB document: $(head -c 300 "$TMP/big.err")"
[ "$dt" -le 300 ] || fail "50 MB document took ${dt}s"

[ "$status" -eq 0 ] && echo "load test passed" || echo "load test FAILED"
exit "$status"
