#!/bin/sh
# Run fuzz targets (make fuzz does this): each target for FUZZ_TIME seconds
# from its committed seeds (tests/fuzz/corpus/T) and regression inputs
# (tests/fuzz/regressions/T), new inputs going to FUZZ_BUILD/work/T and
# crashes to FUZZ_BUILD/crashes/T. Prints one summary line per target:
# executions, edges covered (cov), features (ft), corpus size, crashes.
#
#   FUZZ_BUILD=build/fuzz FUZZ_TIME=60 sh tests/fuzz/run.sh text regex ...
set -u
B=${FUZZ_BUILD:-build/fuzz}
T=${FUZZ_TIME:-60}
export POLIS_DEFAULT_RULES="$(pwd)/scripts"
unset POLIS_RULES_PATH
export LC_ALL=C
mkdir -p "$B/logs"
status=0
for t in "$@"; do
    bin="$B/fuzz/fuzz_$t"
    if [ ! -x "$bin" ]; then
        echo "fuzz_$t: not built ($bin)"; status=1; continue
    fi
    work="$B/work/$t"; crashes="$B/crashes/$t"; log="$B/logs/$t.log"
    mkdir -p "$work" "$crashes"
    set -- "$work"
    for d in tests/fuzz/corpus/$t tests/fuzz/regressions/$t; do
        [ -d "$d" ] && set -- "$@" "$d"
    done
    dict=""
    [ -f "tests/fuzz/dict/$t.dict" ] && dict="-dict=tests/fuzz/dict/$t.dict"
    extra=""
    # The analyze target keeps a whole engine between inputs: a leak scan of
    # its heap after each input made it 15x slower. make test checks leaks on
    # the same path under ASan and valgrind.
    [ "$t" = analyze ] && extra="-detect_leaks=0"
    before=$(ls "$crashes" | wc -l)
    # -timeout: an input that runs this long is a hang; -rss_limit_mb: memory blow-up.
    "$bin" -max_total_time="$T" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$crashes/" $dict $extra "$@" >"$log" 2>&1
    rc=$?
    after=$(ls "$crashes" | wc -l)
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    last=$(grep -E '^#[0-9]+[[:space:]]+(DONE|pulse|NEW|REDUCE|INITED)' "$log" | tail -1)
    cov=$(echo "$last" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
    ft=$(echo "$last" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
    corp=$(echo "$last" | sed -n 's/.* corp: \([0-9]*\).*/\1/p')
    echo "fuzz_$t: ${execs:-?} executions in ${T}s (${rate:-?}/s), cov ${cov:-?} edges," \
         "ft ${ft:-?} features, corpus ${corp:-?}, new crashes $((after - before)) (exit $rc)"
    if [ "$rc" -ne 0 ]; then
        status=1
        grep -E 'ERROR|invariant broken|SUMMARY|Test unit written' "$log" | head -5 | sed 's/^/    /'
        echo "    log: $log; crash inputs: $crashes"
    fi
done
exit $status
