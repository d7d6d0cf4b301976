#!/bin/sh
# Run every test of polis and print, last, "N passed, N failed".
#
#   BUILD=build sh tests/run.sh         (make test does this)
#   VALGRIND=1 ...                      run the binaries under valgrind memcheck
#
# Each suite prints TAP lines ("ok N - name" / "not ok N - name") and a
# summary line "# N passed, N failed"; this script adds the summaries up.
# Suites: C unit tests (tests/unit), rule tests in Lua (tests/rules and
# examples/rules/*/tests), golden files (tests/golden), command-line tests
# (tests/cli/*.sh), and the embedding example.
set -u
BUILD=${BUILD:-build}
export BUILD
export POLIS="$BUILD/polis"
export LC_ALL=C
export POLIS_DEFAULT_RULES="$(pwd)/scripts"
unset POLIS_RULES_PATH NO_COLOR
VG=""
if [ "${VALGRIND:-}" = 1 ]; then
    VG="valgrind --quiet --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite --show-leak-kinds=definite"
fi
export VG

passed=0
failed=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

# run NAME CMD...: run a suite, echo its output, add up its summary line.
run() {
    name=$1; shift
    echo "== $name"
    "$@" >"$log" 2>&1
    status=$?
    grep -v '^ok ' "$log" | grep -v '^# [0-9]* passed' | head -60
    summary=$(grep '^# [0-9]* passed, [0-9]* failed' "$log" | tail -1)
    if [ -z "$summary" ]; then
        echo "not ok - $name: no summary (exit $status)"; tail -20 "$log"
        failed=$((failed + 1)); return
    fi
    p=$(echo "$summary" | sed 's/^# \([0-9]*\) passed, \([0-9]*\) failed.*/\1/')
    f=$(echo "$summary" | sed 's/^# \([0-9]*\) passed, \([0-9]*\) failed.*/\2/')
    if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
        echo "not ok - $name exited with status $status"; f=1
    fi
    echo "$summary"
    passed=$((passed + p)); failed=$((failed + f))
}

for t in "$BUILD"/tests/test_*; do
    [ -x "$t" ] || continue
    run "unit $(basename "$t")" $VG "$t"
done

run "rules tests/rules" $VG "$POLIS" test tests/rules
for d in examples/rules/*/; do
    [ -d "$d/tests" ] || continue
    run "example rules $d" $VG "$POLIS" test --rules "$d" "$d/tests"
done

run "golden files" sh tests/golden/run.sh
for s in tests/cli/*.sh; do
    [ -f "$s" ] && [ "$(basename "$s")" != lib.sh ] || continue
    run "cli $(basename "$s")" sh "$s"
done

# The embedding example must build (make does it) and analyse an article.
echo "== embedding example"
if [ -x "$BUILD/tests/embed" ] && $VG "$BUILD/tests/embed" examples/articles/delhi-talks.txt >"$log" 2>&1 &&
   grep -q '"actors"' "$log"; then
    echo "ok - examples/embed.c analyses an article"; passed=$((passed + 1))
else
    echo "not ok - examples/embed.c"; tail -5 "$log"; failed=$((failed + 1))
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
