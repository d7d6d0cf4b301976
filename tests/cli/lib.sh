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
