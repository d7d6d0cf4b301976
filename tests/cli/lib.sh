# Helpers for command-line tests (sourced). Each check prints a TAP line;
# `done_testing` prints the "# N passed, N failed" summary and sets the status.
#   check NAME COMMAND...           passes when COMMAND succeeds
#   check_out NAME PATTERN CMD...   passes when CMD's stdout matches the grep -E PATTERN
set -u
POLIS=${POLIS:-build/polis}
VG=${VG:-}
_n=0; _pass=0; _fail=0
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

ok()     { _n=$((_n + 1)); _pass=$((_pass + 1)); echo "ok $_n - $1"; }
not_ok() { _n=$((_n + 1)); _fail=$((_fail + 1)); echo "not ok $_n - $1"; [ $# -gt 1 ] && echo "#   $2"; return 0; }

check() {
    name=$1; shift
    if "$@" >"$TMP/out" 2>"$TMP/err"; then ok "$name"; else not_ok "$name" "$(head -c 300 "$TMP/err")"; fi
}

check_out() {
    name=$1; pattern=$2; shift 2
    "$@" >"$TMP/out" 2>"$TMP/err"
    if grep -Eq -- "$pattern" "$TMP/out"; then ok "$name"; else not_ok "$name" "output: $(head -c 300 "$TMP/out") $(head -c 200 "$TMP/err")"; fi
}

done_testing() {
    echo "# $_pass passed, $_fail failed"
    [ "$_fail" -eq 0 ]
}

# More helpers (CLI suites):
#   skip NAME REASON                TAP "ok N - NAME # SKIP REASON" (counts as passed)
#   check_status NAME WANT CMD...   passes when CMD exits with status WANT
#   check_same NAME FILE1 FILE2     passes when the files are byte-identical
#   check_grep NAME PATTERN FILE    passes when the grep -E PATTERN matches in FILE
#   check_count NAME N FILE         passes when FILE has exactly N lines
# CLI_RULES holds the options for the fixed rules of tests/cli/rules (the default
# rules change while people work on them; CLI tests check the CLI, not them).
CLI_RULES="--no-default-rules --rules tests/cli/rules"
skip() { _n=$((_n + 1)); _pass=$((_pass + 1)); echo "ok $_n - $1 # SKIP $2"; }

check_status() {
    name=$1; want=$2; shift 2
    "$@" >"$TMP/out" 2>"$TMP/err"
    got=$?
    if [ "$got" -eq "$want" ]; then ok "$name"; else not_ok "$name" "exit status $got, expected $want: $(head -c 300 "$TMP/err")"; fi
}

check_same() {
    if cmp -s "$2" "$3"; then ok "$1"; else not_ok "$1" "$(diff "$2" "$3" 2>&1 | head -10)"; fi
}

check_grep() {
    if grep -Eq -- "$2" "$3"; then ok "$1"; else not_ok "$1" "no match for $2 in: $(head -c 300 "$3")"; fi
}

check_count() {
    got=$(wc -l <"$3" | tr -d ' ')
    if [ "$got" -eq "$2" ]; then ok "$1"; else not_ok "$1" "$got lines, expected $2: $(head -c 300 "$3")"; fi
}
#   polis ARGS...                   runs $POLIS (under $VG when set)
#   ids FILE                        the "id" of each JSONL record in FILE, one a line
polis() { $VG "$POLIS" "$@"; }
ids() { sed -n 's/^{"id":"\([^"]*\)".*/\1/p' "$1"; }
#   check_empty NAME FILE           passes when FILE is empty (check, check_out and
#                                   check_status overwrite $TMP/out and $TMP/err:
#                                   look at those with check_grep/check_empty/check_count)
check_empty() {
    if [ ! -s "$2" ]; then ok "$1"; else not_ok "$1" "not empty: $(head -c 300 "$2")"; fi
}
