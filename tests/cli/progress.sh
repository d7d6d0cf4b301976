#!/bin/sh
# The progress line: on stderr, only when stderr is a terminal (script(1)
# gives the command one), only for more than one document, never with -q;
# redrawn at most about five times a second, with documents, MB, MB/s and,
# for files, a bar and the time left; a summary line at the end.
. tests/cli/lib.sh
D=$TMP/p
mkdir -p "$D"
i=0
while [ $i -lt 1500 ]; do
    printf '{"id":"p%d","text":"Putin met Xi Jinping in Beijing. Russia condemned Ukraine. Scholz visited Paris. Modi called Albanese. Germany praised France. Russia warned Germany. Nothing else happened on day %d, said officials in Brussels and Kyiv."}\n' $i $i
    i=$((i + 1))
done >"$D/many.jsonl"
printf 'Putin met Xi Jinping.\n' >"$D/one.txt"

polis analyze $CLI_RULES -j 2 "$D/many.jsonl" >"$D/out.jsonl" 2>"$D/err"
check_empty "stderr is not a terminal: no progress line" "$D/err"

if ! command -v script >/dev/null 2>&1 || ! script -qec true /dev/null </dev/null >/dev/null 2>&1; then
    for t in "a terminal: a progress line" "... a summary line" "... the bar and the time left" \
             "... at most five redraws a second" "-q: nothing" "one document: nothing" \
             "stdin: no bar, the documents so far"; do
        skip "$t" "script(1) cannot give a terminal here"
    done
    done_testing
    exit $?
fi
# tty CMD: run CMD (a shell command line) with a terminal for its stderr.
tty_run() { script -qec "$1" /dev/null </dev/null >"$D/tty" 2>&1; tr '\r' '\n' <"$D/tty" >"$D/lines"; }

start=$(date +%s)
tty_run "$VG $POLIS analyze $CLI_RULES -j 1 --format jsonl -o $D/out.jsonl $D/many.jsonl"
end=$(date +%s)
check_grep "a terminal: a progress line with documents and MB/s" '[0-9]+ docs  [0-9.]+/[0-9.]+ MB  [0-9.]+ MB/s' "$D/lines"
check_grep "... a summary line" '^polis: 1500 documents, [0-9.]+ MB in [0-9]+:[0-9][0-9] \([0-9.]+ MB/s\)$' "$D/lines"
# The time left shows from the first second on, while input is left to read: look for it
# only when the run itself (its summary line, not the wall clock around the command, which
# includes start-up) took two seconds or more.
took=$(sed -n 's/^polis: 1500 documents, .* in \([0-9]*\):\([0-9][0-9]\) .*/\1 \2/p' "$D/lines" |
       awk '{ print $1 * 60 + $2 }')
if [ "${took:-0}" -ge 2 ]; then
    check_grep "... the bar and the time left (the input's size is known)" '^\[#*\.*\] +[0-9]+%.* ETA [0-9]+:[0-9][0-9]' "$D/lines"
else
    check_grep "... the bar (the input's size is known)" '^\[[#.]{20}\] +[0-9]+%' "$D/lines"
fi
draws=$(grep -c 'MB/s  ' "$D/lines")
check "... at most five redraws a second ($draws in $((end - start + 1)) s)" test "$draws" -le $(( (end - start + 1) * 5 + 2 ))
check_count "... the output is complete" 1500 "$D/out.jsonl"

tty_run "$VG $POLIS analyze $CLI_RULES -q -j 1 --format jsonl -o $D/out.jsonl $D/many.jsonl"
check "-q: nothing on the terminal" test ! -s "$D/tty"
tty_run "$VG $POLIS analyze $CLI_RULES --format jsonl -o $D/out.jsonl $D/one.txt"
check "one document: nothing on the terminal" test ! -s "$D/tty"
tty_run "$VG $POLIS analyze $CLI_RULES -j 2 --format jsonl < $D/many.jsonl > $D/out.jsonl"
check_grep "stdin: the documents so far (no size known)" '^polis: 1500 documents' "$D/lines"
check "stdin: no bar" sh -c "! grep -q '^\\[[#.]' '$D/lines'"
check_count "... the output is complete" 1500 "$D/out.jsonl"

done_testing
