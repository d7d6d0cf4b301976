#!/bin/sh
# bench/compare.sh OLD.json NEW.json - two `make bench` results side by side
# (the JSON lines bench/bench.sh prints and saves in build/bench/bench-results/).
# Numbers only; change = NEW / OLD. For throughputs compare the ratios to the
# pcre2grep reference (ratio, *_ratio): the machine's load changes absolute
# figures between runs, not the ratio measured within one run.
set -eu
if [ $# -ne 2 ]; then
    echo "usage: bench/compare.sh OLD.json NEW.json" >&2
    exit 2
fi
flat() {  # one "key<TAB>value" per number; profile_s entries as profile/<stage>/<rule>
    tail -n 1 "$1" | sed 's/"profile_s":{/"profile_s":{,/' | tr ',' '\n' | sed 's/[{}]//g' |
        sed -n 's/^"\([^"]*\)":\(-\{0,1\}[0-9][0-9.e+-]*\)$/\1\t\2/p' | awk -F'\t' '
        { k = $1; if (k ~ /\//) k = "profile " k; print k "\t" $2 }'
}
flat "$1" > "${TMPDIR:-/tmp}/polis-cmp-a.$$"
flat "$2" > "${TMPDIR:-/tmp}/polis-cmp-b.$$"
printf '%-46s %14s %14s %9s\n' "measure" "old" "new" "new/old"
awk -F'\t' '
    NR == FNR { a[$1] = $2; if (!($1 in seen)) { order[++n] = $1; seen[$1] = 1 }; next }
    { b[$1] = $2; if (!($1 in seen)) { order[++n] = $1; seen[$1] = 1 } }
    END {
        for (i = 1; i <= n; i++) {
            k = order[i]
            x = (k in a) ? a[k] : "-"; y = (k in b) ? b[k] : "-"
            r = (x != "-" && y != "-" && x + 0 != 0) ? sprintf("%.3f", y / x) : ""
            printf "%-46s %14s %14s %9s\n", k, x, y, r
        }
    }' "${TMPDIR:-/tmp}/polis-cmp-a.$$" "${TMPDIR:-/tmp}/polis-cmp-b.$$"
rm -f "${TMPDIR:-/tmp}/polis-cmp-a.$$" "${TMPDIR:-/tmp}/polis-cmp-b.$$"
