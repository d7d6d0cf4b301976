#!/bin/sh
# Golden files: for each tests/golden/NAME.in there is NAME.out, the exact
# expected stdout of `polis analyze [ARGS] NAME.in`, where ARGS is the first
# line of NAME.args (if any; default: --format json). Optional NAME.status
# holds the expected exit status and NAME.stderr a text stderr must contain
# (a case that must fail with a given error).
#   UPDATE=1 sh tests/golden/run.sh     rewrites the .out files (review the diff!)
. tests/cli/lib.sh
dir=tests/golden
for input in "$dir"/*.in; do
    [ -f "$input" ] || continue
    name=${input%.in}
    args="--format json"
    [ -f "$name.args" ] && args=$(head -n 1 "$name.args")
    # shellcheck disable=SC2086
    $VG "$POLIS" analyze $args "$input" >"$TMP/got" 2>"$TMP/stderr"
    status=$?
    want_status=0
    [ -f "$name.status" ] && want_status=$(cat "$name.status")
    if [ "${UPDATE:-}" = 1 ]; then
        cp "$TMP/got" "$name.out"
    fi
    base=$(basename "$name")
    if [ "$status" -ne "$want_status" ]; then
        not_ok "$base" "exit status $status, expected $want_status: $(head -c 300 "$TMP/stderr")"
    elif [ -f "$name.stderr" ] && ! grep -qF -- "$(cat "$name.stderr")" "$TMP/stderr"; then
        not_ok "$base" "stderr lacks '$(cat "$name.stderr")': $(head -c 300 "$TMP/stderr")"
    elif ! cmp -s "$TMP/got" "$name.out"; then
        not_ok "$base" "output differs: $(diff "$name.out" "$TMP/got" | head -20)"
    else
        ok "$base"
    fi
done
done_testing
