#!/bin/sh
# The command line itself: --help for every command, --version, and the
# documented exit codes (0 ok, 1 records with errors, 2 usage, 3 rules
# failed to load, 4 input or output failure).
. tests/cli/lib.sh
D=$TMP/u
mkdir -p "$D"
printf 'Putin met Xi Jinping in Beijing.\n' >"$D/ok.txt"
printf 'BOOM. Russia condemned Ukraine.\n' >"$D/boom.txt"

# ---------------------------------------------------------------- help
for cmd in analyze rules check eval test; do
    check_status "polis $cmd --help: exit 0" 0 polis $cmd --help
    check_grep "... prints its usage on stdout" "^usage: polis $cmd" "$TMP/out"
    check_status "polis help $cmd: exit 0" 0 polis help $cmd
    check_grep "... the same usage" "^usage: polis $cmd" "$TMP/out"
done
check_status "polis analyze -h: exit 0" 0 polis analyze -h
for h in --help -h help; do
    check_status "polis $h: exit 0" 0 polis $h
    check_grep "... lists the commands" '^  analyze ' "$TMP/out"
done
check_grep "the main help documents the exit status" 'exit status: 0 ok; 1 ' "$TMP/out"
check_status "polis alone: usage on stderr, exit 2" 2 polis
check_grep "... the usage" '^usage: polis COMMAND' "$TMP/err"
check_status "polis help nosuch: exit 2" 2 polis help nosuch
polis analyze --help >"$TMP/o" 2>&1
check_grep "analyze --help documents every format" 'auto\|json\|jsonl\|tsv\|text\|html' "$TMP/o"
check_grep "analyze --help documents -j" '^  -j, --jobs N' "$TMP/o"

# ---------------------------------------------------------------- version
check_status "polis --version: exit 0" 0 polis --version
check_grep "... prints polis and a version number" '^polis [0-9]+\.[0-9]+\.[0-9]+' "$TMP/out"
check_status "polis version: exit 0" 0 polis version
check_grep "... the same" '^polis [0-9]+\.[0-9]+\.[0-9]+' "$TMP/out"

# ---------------------------------------------------------------- exit codes
check_status "exit 0: every record analysed" 0 polis analyze $CLI_RULES "$D/ok.txt"
check_status "exit 1: a rule failed on a record" 1 polis analyze $CLI_RULES --rules tests/cli/rules/failing "$D/ok.txt" "$D/boom.txt"
check_count "... the output is still complete" 2 "$TMP/out"
check_grep "... the record carries the error (rule, file:line)" \
    '"errors":\[\{"kind":"rule","rule":"cli-boom","where":"tests/cli/rules/failing/boom.lua:[0-9]+"' "$TMP/out"
check_grep "... and keeps what the other rules found" '"type":"criticize"' "$TMP/out"
check_grep "... and stderr says so" 'rule cli-boom .*boom at byte' "$TMP/err"
printf '{"id":"x"}\n' >"$D/bad.jsonl"
check_status "exit 1: a bad input record" 1 polis analyze $CLI_RULES "$D/bad.jsonl"
check_status "--record-errors-ok: exit 0 for records with errors" 0 \
    polis analyze $CLI_RULES --record-errors-ok --rules tests/cli/rules/failing "$D/bad.jsonl" "$D/boom.txt"
check_grep "... which are still in the output" '"rule":"cli-boom"' "$TMP/out"
check_status "--record-errors-ok keeps exit 4" 4 polis analyze $CLI_RULES --record-errors-ok "$D/bad.jsonl" "$D/missing.txt"
check_status "--record-errors-ok keeps exit 3" 3 polis analyze $CLI_RULES --record-errors-ok --rules tests/cli/rules/broken "$D/ok.txt"
for bad in "--bogus" "--format xml" "--input csv" "--color sometimes" "-j 0" "-j x" "--jobs=999" \
           "--set novalue" "--max-memory lots" "--rules" "-o"; do
    # shellcheck disable=SC2086
    check_status "exit 2: analyze $bad" 2 polis analyze "$D/ok.txt" $bad
done
check_grep "... with a message" '^polis: ' "$TMP/err"
check_status "exit 2: an unknown command" 2 polis analyse "$D/ok.txt"
check_status "exit 2: rules with a path" 2 polis rules "$D/ok.txt"
check_status "exit 3: a rule script that does not compile" 3 polis analyze $CLI_RULES --rules tests/cli/rules/broken "$D/ok.txt"
check_empty "... analyses nothing" "$TMP/out"
check_grep "... and names the file and line" 'broken/syntax.lua:[0-9]+:' "$TMP/err"
check_status "exit 3: a missing rule folder" 3 polis analyze --no-default-rules --rules "$D/no-rules" "$D/ok.txt"
check_status "polis check on good rules: exit 0" 0 polis check --no-default-rules tests/cli/rules
check_status "polis check on a broken script: exit 3" 3 polis check --no-default-rules tests/cli/rules/broken
check_grep "... names the file and line" 'broken/syntax.lua:[0-9]+:' "$TMP/err"
check_status "exit 4: a missing input path" 4 polis analyze $CLI_RULES "$D/missing.txt"
check_grep "... named on stderr" 'missing.txt: No such file' "$TMP/err"
check_status "exit 4: an output file that cannot be made" 4 polis analyze $CLI_RULES -o "$D/none/x.json" "$D/ok.txt"
check_status "exit 4 wins over 1 (a missing path and a failing rule)" 4 \
    polis analyze $CLI_RULES --rules tests/cli/rules/failing "$D/boom.txt" "$D/missing.txt"

# ---------------------------------------------------------------- rules
check_status "polis rules: exit 0" 0 polis rules $CLI_RULES
check_grep "... lists the rules in order with where they were declared" \
    '^actors +cli-countries +tests/cli/rules/actors.lua:[0-9]+' "$TMP/out"
check_grep "... stance rules too" '^stances +cli-verbs ' "$TMP/out"

# ---------------------------------------------------------------- stdin a terminal
printf 'Putin met Xi Jinping.\n' | polis analyze $CLI_RULES --format jsonl >"$TMP/o" 2>"$TMP/e"
check_empty "stdin from a pipe: no hint on stderr" "$TMP/e"
if command -v script >/dev/null 2>&1 && script -qec true /dev/null </dev/null >/dev/null 2>&1; then
    printf 'Putin met Xi Jinping.\n\004' >"$TMP/typed"
    script -qec "$POLIS analyze $CLI_RULES --format jsonl" /dev/null <"$TMP/typed" >"$TMP/o" 2>&1
    check_grep "stdin a terminal: a hint that polis waits for a document" 'reading a document from the terminal; end it with Ctrl-D' "$TMP/o"
    check_grep "... then the document typed is analysed" '"type":"meet"' "$TMP/o"
else
    skip "stdin a terminal: a hint" "script(1) cannot give a terminal here"
fi

# ---------------------------------------------------------------- the manual
if [ -f docs/polis.1 ]; then
    missing=""
    for opt in $(polis analyze --help | sed -n 's/^  \(-[a-z], \)\{0,1\}\(--[a-z-]*\).*/\2/p'); do
        roff=$(printf '%s' "$opt" | sed 's/-/\\-/g')
        grep -qF -- "$roff" docs/polis.1 || missing="$missing $opt"
    done
    check "docs/polis.1 documents every option of analyze --help${missing:+ (missing:$missing)}" test -z "$missing"
    for e in 0 1 2 3 4; do
        check_grep "docs/polis.1 documents exit status $e" "^\\.B $e\$" docs/polis.1
    done
    for v in POLIS_DEFAULT_RULES POLIS_RULES_PATH NO_COLOR; do
        check_grep "docs/polis.1 documents $v" "^\\.B $v\$" docs/polis.1
    done
    if command -v man >/dev/null 2>&1 && man --help 2>&1 | grep -q -- '--warnings'; then
        LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l docs/polis.1 >"$TMP/man.txt" 2>"$TMP/man.err"
        check_empty "docs/polis.1 formats without warnings" "$TMP/man.err"
        check_grep "... into a page with its sections" '^EXIT STATUS' "$TMP/man.txt"
    else
        skip "docs/polis.1 formats without warnings" "no man(1) with --warnings here"
    fi
else
    skip "docs/polis.1 documents every option" "no docs/polis.1"
fi

done_testing
