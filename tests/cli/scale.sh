#!/bin/sh
# Workers and streams: -j N gives byte-identical output for any N; the JSONL
# mode is a clean stdin-to-stdout filter (no temporary files, one record out
# as soon as it is in, quiet on a closed pipe); GNU parallel --pipe over 4
# jobs gives the same records as one process.
. tests/cli/lib.sh
D=$TMP/s
mkdir -p "$D"

# A corpus of a few hundred records: varied sentences, a few bad lines,
# empty texts, a record that makes a rule fail (BOOM).
make_corpus() {
    i=0
    while [ $i -lt 300 ]; do
        case $((i % 7)) in
        0) t="Putin met Xi Jinping in Beijing. Russia condemned Ukraine." ;;
        1) t="Scholz visited Paris. Germany praised France. Modi called Albanese." ;;
        2) t="Nothing to see on day $i." ;;
        3) t="Russia warned Germany. Zelensky met Scholz in Berlin. Xi Jinping praised Putin." ;;
        4) t="" ;;
        5) t="India and Australia: Modi met Albanese in New Delhi; Albanese praised Modi." ;;
        6) t="BOOM. Russia condemned Ukraine." ;;
        esac
        if [ $((i % 50)) -eq 17 ]; then
            printf '{"id":"r%d","text": broken\n' "$i"
        else
            printf '{"id":"r%d","date":"2024-01-%02d","text":"%s","n":%d}\n' "$i" $((i % 28 + 1)) "$t" "$i"
        fi
        i=$((i + 1))
    done
}
make_corpus >"$D/corpus.jsonl"
R="$CLI_RULES --rules tests/cli/rules/failing"

# ---------------------------------------------------------------- -j N
for fmt in jsonl tsv text html; do
    polis analyze $R -q -j 1 --format $fmt "$D/corpus.jsonl" >"$D/j1.$fmt" 2>/dev/null
    polis analyze $R -q -j 4 --format $fmt "$D/corpus.jsonl" >"$D/j4.$fmt" 2>/dev/null
    check_same "-j 1 and -j 4 give byte-identical $fmt" "$D/j1.$fmt" "$D/j4.$fmt"
done
check_count "300 records in, 300 out" 300 "$D/j1.jsonl"
polis analyze $R -q -j 3 "$D/corpus.jsonl" >"$D/j3.jsonl" 2>/dev/null
check_same "-j 3 (default format) too" "$D/j1.jsonl" "$D/j3.jsonl"
polis analyze $R -q -j3 --format jsonl <"$D/corpus.jsonl" >"$D/j3s.jsonl" 2>/dev/null
sed 's/"id":"[^"]*corpus.jsonl:/"id":"stdin:/; s/[^"]*corpus.jsonl:\([0-9]*\): malformed/stdin:\1: malformed/' "$D/j1.jsonl" >"$D/j1s.jsonl"
check_same "-j3 from stdin: the same records" "$D/j1s.jsonl" "$D/j3s.jsonl"
polis analyze $R -q --format jsonl "$D/corpus.jsonl" >"$D/jdef.jsonl" 2>/dev/null
check_same "the default -j (the number of cores) too" "$D/j1.jsonl" "$D/jdef.jsonl"
ids "$D/j1.jsonl" >"$D/ids"
check "records stay in input order" sh -c "sed -n 's/^r//p' '$D/ids' | grep -v : | sort -n -c"
check "a failing rule costs only its own output" grep -q '"id":"r6".*"type":"criticize".*"rule":"cli-boom"' "$D/j1.jsonl"

# Records whose bytes pass the ring's budget (8 MB in flight, cli_run.c): long
# records among short ones, so the ring is bounded by bytes, not by its slots,
# and wraps many times; the output is still whole and in input order.
awk 'BEGIN {
    s = "Russia condemned Ukraine. Putin met Xi Jinping in Beijing. ";
    while (length(s) < 700000) s = s s;
    for (i = 0; i < 40; i++) {
        if (i % 4 == 1) t = s; else t = "Modi met Albanese. Nothing else on day " i ".";
        printf "{\"id\":\"L%d\",\"text\":\"%s\"}\n", i, t;
    }
}' >"$D/long.jsonl"
polis analyze $CLI_RULES -q -j 1 --format tsv "$D/long.jsonl" >"$D/long1.tsv" 2>/dev/null
polis analyze $CLI_RULES -q -j 3 --format tsv "$D/long.jsonl" >"$D/long3.tsv" 2>/dev/null
check_same "long records past the ring's byte budget: -j 1 and -j 3 byte-identical" \
    "$D/long1.tsv" "$D/long3.tsv"
polis analyze $CLI_RULES -q -j 2 --format jsonl "$D/long.jsonl" 2>/dev/null | ids - >"$D/long.ids"
check "... every record out, in input order (-j 2)" \
    test "$(sed 's/^L//' "$D/long.ids" | tr '\n' ' ')" = "$(seq 0 39 | tr '\n' ' ')"

# The engine must keep a pattern's dictionaries alive: a rule that reaches
# its dictionary only through `vars` works on every document of a worker.
i=0; while [ $i -lt 200 ]; do printf '{"id":"g%d","text":"Russia condemned Ukraine. Putin denounced Scholz."}\n' $i; i=$((i + 1)); done >"$D/gc.jsonl"
polis analyze --no-default-rules --rules tests/cli/rules/actors.lua --rules tests/cli/rules/unanchored \
    -q -j 1 --format tsv "$D/gc.jsonl" >"$D/gc.tsv" 2>/dev/null
check_count "pattern dictionaries survive garbage collection (2 stances x 200 documents)" 401 "$D/gc.tsv"

# ---------------------------------------------------------------- a clean filter
mkdir -p "$D/tmpdir" "$D/cwd"
(cd "$D/cwd" && TMPDIR="$D/tmpdir" $VG "$OLDPWD/$POLIS" analyze --no-default-rules \
    --rules "$OLDPWD/tests/cli/rules" -q --format jsonl <"$D/corpus.jsonl" >"$D/filter.jsonl" 2>/dev/null)
check "the filter leaves no files behind (TMPDIR, working folder)" \
    test -z "$(ls -A "$D/tmpdir")$(ls -A "$D/cwd")"
check_count "... and writes every record" 300 "$D/filter.jsonl"

# One record out as soon as one is in: a slow producer still gets answers.
if command -v mkfifo >/dev/null 2>&1; then
    mkfifo "$D/fifo"
    (printf '{"id":"first","text":"Russia condemned Ukraine."}\n'; sleep 8;
     printf '{"id":"second","text":"x"}\n') >"$D/fifo" &
    feeder=$!
    polis analyze $CLI_RULES -q -j 2 --format jsonl <"$D/fifo" >"$D/flush.jsonl" 2>/dev/null &
    pid=$!
    waited=0
    while [ $waited -lt 60 ] && ! grep -q '"id":"first"' "$D/flush.jsonl" 2>/dev/null; do
        sleep 0.1; waited=$((waited + 1))
    done
    check "a record is written and flushed before the next one arrives" grep -q '"id":"first"' "$D/flush.jsonl"
    wait $feeder; wait $pid
    check_count "... and the stream ends with both" 2 "$D/flush.jsonl"
else
    skip "a record is written and flushed before the next one arrives" "no mkfifo"
    skip "... and the stream ends with both" "no mkfifo"
fi

# A closed output pipe ends the run quietly (no message, no SIGPIPE death).
i=0; while [ $i -lt 20 ]; do grep -v -e broken -e BOOM "$D/corpus.jsonl"; i=$((i + 1)); done >"$D/big.jsonl"
{ polis analyze $CLI_RULES -q -j 2 --format jsonl "$D/big.jsonl" 2>"$D/pipe.err"; echo $? >"$D/pipe.status"; } | head -1 >"$D/head.out"
check_count "polis ... | head -1: head gets its line" 1 "$D/head.out"
# Exit 4: the output is incomplete (hostile_input.sh checks the same).
check "... polis stops with status 4 (output incomplete)" test "$(cat "$D/pipe.status")" -eq 4
check "... and says nothing" test ! -s "$D/pipe.err"
{ polis analyze $CLI_RULES -q -j 2 --format html "$D/big.jsonl" 2>"$D/pipe.err"; echo $? >"$D/pipe.status"; } | head -c 100 >/dev/null
check "the same for html: status 4" test "$(cat "$D/pipe.status")" -eq 4
check "... and nothing on stderr" test ! -s "$D/pipe.err"

# ---------------------------------------------------------------- GNU parallel
have_gnu_parallel() { parallel --version 2>/dev/null | grep -q 'GNU parallel'; }
if ! have_gnu_parallel && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1 &&
   [ "${POLIS_NO_INSTALL:-}" != 1 ]; then
    echo "# installing GNU parallel (POLIS_EXTRA_PKGS=parallel sh tools/deps.sh)"
    POLIS_EXTRA_PKGS=parallel timeout 600 sh tools/deps.sh >/dev/null 2>&1
fi
if have_gnu_parallel; then
    # --pipe cuts stdin into blocks of whole lines; -k keeps the blocks' order.
    parallel --will-cite --pipe -k -j 4 --block 4k \
        "$VG $POLIS" analyze $CLI_RULES --rules tests/cli/rules/failing -q -j 1 --format jsonl \
        <"$D/corpus.jsonl" >"$D/par.jsonl" 2>/dev/null
    polis analyze $R -q -j 1 --format jsonl <"$D/corpus.jsonl" >"$D/one.jsonl" 2>/dev/null
    # Error records name their line within the block: compare those by id only.
    sed 's/stdin:[0-9]*/stdin:N/g' "$D/par.jsonl" >"$D/par.n"
    sed 's/stdin:[0-9]*/stdin:N/g' "$D/one.jsonl" >"$D/one.n"
    check_same "parallel --pipe -k -j 4 gives the same records as one process" "$D/one.n" "$D/par.n"
    parallel --will-cite --pipe -j 4 --block 4k "$VG $POLIS" analyze $CLI_RULES -q -j 1 --format jsonl \
        <"$D/corpus.jsonl" 2>/dev/null | sed 's/stdin:[0-9]*/stdin:N/g' | sort >"$D/par.sorted"
    polis analyze $CLI_RULES -q -j 1 --format jsonl <"$D/corpus.jsonl" 2>/dev/null |
        sed 's/stdin:[0-9]*/stdin:N/g' | sort >"$D/one.sorted"
    check_same "parallel --pipe -j 4 (any order): the same set of records" "$D/one.sorted" "$D/par.sorted"
    blocks=$(parallel --will-cite --pipe -j 4 --block 4k wc -l <"$D/corpus.jsonl" | wc -l)
    check "... over several blocks ($blocks)" test "$blocks" -gt 4
else
    skip "parallel --pipe -k -j 4 gives the same records as one process" "GNU parallel is not installed (apt-get install parallel)"
    skip "parallel --pipe -j 4 (any order): the same set of records" "GNU parallel is not installed"
    skip "... over several blocks" "GNU parallel is not installed"
fi

done_testing
