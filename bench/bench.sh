#!/bin/sh
# bench/bench.sh - the polis benchmark; `make bench` builds optimized binaries
# into build/bench and runs this. What the figures mean: docs/performance.md.
#
# Environment (all optional):
#   BUILD=build/bench        where polis, runstat and bench_core were built
#   BENCH_DATA=../shared/data  the benchmark data (BBC corpus, Phoenix dictionaries)
#   BENCH_MB=100             size of the replicated corpus for the throughput runs
#   BENCH_LONG=2             the long-stream run reads the corpus this many times (RSS)
#   BENCH_PROFILE_COPIES=1   copies of the BBC corpus for the --profile run
#   BENCH_SKIP="core long phoenix j2"   parts to skip (quick runs while working)
#   BENCH_PHOENIX_ARGS       polis options that load the Phoenix dictionaries
#                            (default: --set cameo.actors=... when a default rule
#                            reads that option)
#   BENCH_OUT=FILE           also write the JSON line there
#
# Prints a table, then one JSON line (also saved in $BUILD/bench-results/);
# bench/compare.sh OLD.json NEW.json compares two runs.
set -eu

BUILD=${BUILD:-build/bench}
DATA=${BENCH_DATA:-../shared/data}
[ -d "$DATA" ] && DATA=$(cd "$DATA" && pwd)     # options naming files must be absolute
MB=${BENCH_MB:-100}
LONG=${BENCH_LONG:-2}
PCOPIES=${BENCH_PROFILE_COPIES:-1}
SKIP=${BENCH_SKIP:-}
POLIS=$BUILD/polis
RUNSTAT=$BUILD/runstat
CORE=$BUILD/bench_core
WORK=$BUILD/bench-data
RES=$BUILD/bench-results
CORPUS=$DATA/news/bbc.jsonl
PHX=$DATA/dictionaries/phoenix
PATTERN='\b[A-Z][a-z]+(?: [A-Z][a-z]+)*'
mkdir -p "$WORK" "$RES"

skipped() { case " $SKIP " in *" $1 "*) return 0 ;; esac; return 1; }
# key=value out of a runstat line: get "$line" key
get() { printf '%s\n' "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }
fdiv() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 > 0) printf "%.6f", a / b; else print "null" }'; }
fmt() { awk -v v="$1" -v f="$2" 'BEGIN { if (v == "null" || v == "") print "n/a"; else printf f, v }'; }
load() { cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo null; }
note() { printf '  .. %s\n' "$*" >&2; }

commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ -n "$(git status --porcelain --untracked-files=no -- core include scripts 2>/dev/null)" ]; then
    commit="$commit+dirty"
fi
cores=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)
stamp=$(date -u +%Y-%m-%dT%H:%M:%SZ)
empty=$WORK/empty.txt
: > "$empty"

# ------------------------------------------------------------------ start-up
# Start-up: load every default script and dictionary, analyse an empty
# document, exit. Best (least CPU) of 15 runs; the median wall time too.
note "start-up (15 runs each)"
s=$("$RUNSTAT" -n 15 -- "$POLIS" analyze -q -j 1 "$empty")
startup_ms=$(awk -v w="$(get "$s" wall_min)" 'BEGIN { printf "%.1f", w * 1000 }')
startup_med_ms=$(awk -v w="$(get "$s" wall_median)" 'BEGIN { printf "%.1f", w * 1000 }')
startup_rss_kb=$(get "$s" maxrss_kb)
startup_cpu_ms=$(awk -v w="$(get "$s" cpu)" 'BEGIN { printf "%.1f", w * 1000 }')
s=$("$RUNSTAT" -n 15 -- "$POLIS" analyze -q -j 1 --no-default-rules "$empty")
bare_ms=$(awk -v w="$(get "$s" wall_min)" 'BEGIN { printf "%.1f", w * 1000 }')

# ------------------------------------------------------------------ the corpus
have_corpus=0
if [ -r "$CORPUS" ]; then
    have_corpus=1
else
    echo "bench: $CORPUS not found: the corpus runs are skipped (they need ../shared/data," >&2
    echo "       the project's benchmark data; set BENCH_DATA to point elsewhere)" >&2
fi

phoenix_args=${BENCH_PHOENIX_ARGS:-}
phoenix_note=""
if [ -z "$phoenix_args" ] && [ -d "$PHX" ]; then
    if grep -rqs 'cameo\.actors' scripts/*.lua scripts/lib 2>/dev/null; then
        phoenix_args="--set cameo.actors=$PHX/Phoenix.Countries.actors.txt
                      --set cameo.actors.2=$PHX/Phoenix.International.actors.txt
                      --set cameo.actors.3=$PHX/Phoenix.MilNonState.actors.txt"
    else
        phoenix_note="no default rule reads cameo.actors yet: Phoenix measured in bench_core only"
    fi
fi
[ -d "$PHX" ] || phoenix_note="$PHX not found"

if [ "$have_corpus" = 1 ]; then
    csize=$(wc -c < "$CORPUS")
    copies=$(awk -v t="$MB" -v s="$csize" 'BEGIN { c = int(t * 1e6 / s); if (c * s < t * 1e6) c++; if (c < 1) c = 1; print c }')
    BIG=$WORK/bbc-x$copies.jsonl
    if [ ! -s "$BIG" ] || [ "$CORPUS" -nt "$BIG" ]; then
        note "writing $BIG ($copies copies of the BBC corpus, ids made unique)"
        k=0
        : > "$BIG.tmp"
        while [ "$k" -lt "$copies" ]; do
            awk -v k="$k" 'k > 0 { sub(/^\{"id": *"/, "{\"id\": \"r" k "-") } { print }' \
                "$CORPUS" >> "$BIG.tmp"
            k=$((k + 1))
        done
        mv "$BIG.tmp" "$BIG"
    fi
    bytes=$(wc -c < "$BIG")
    docs=$(wc -l < "$BIG")
    big_mb=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }')

    # Reference: one pcre2grep -o pass over the same bytes (best of 3).
    ref_cpu=null ref_wall=null
    if command -v pcre2grep > /dev/null 2>&1; then
        note "reference: pcre2grep -o over $big_mb MB (3 runs)"
        s=$("$RUNSTAT" -n 3 -- pcre2grep -o "$PATTERN" "$BIG")
        ref_cpu=$(get "$s" cpu)
        ref_wall=$(get "$s" wall)
    else
        echo "bench: pcre2grep not found (apt-get install pcre2-utils): no reference ratio" >&2
    fi

    run_polis() {   # label jobs extra-args... ; sets r_wall r_cpu r_rss r_status
        label=$1 jobs=$2 fatal=1
        shift 2
        [ "$label" = phoenix ] && fatal=0
        note "$label: polis analyze -j $jobs over $big_mb MB (load $(load))"
        s=$("$RUNSTAT" -e "$WORK/$label.err" -- "$POLIS" analyze -q -j "$jobs" --input jsonl \
            --format jsonl "$@" "$BIG")
        r_wall=$(get "$s" wall) r_cpu=$(get "$s" cpu) r_rss=$(get "$s" maxrss_kb)
        r_status=$(get "$s" status)
        if [ "$r_status" -gt 1 ]; then
            echo "bench: $label failed with status $r_status; see $WORK/$label.err" >&2
            [ "$fatal" = 1 ] && exit 1
            r_wall=null r_cpu=null r_rss=null
        fi
    }

    load_j1=$(load)
    run_polis j1 1
    j1_wall=$r_wall j1_cpu=$r_cpu j1_rss=$r_rss

    j2_wall=null j2_cpu=null j2_rss=null load_j2=null
    if ! skipped j2; then
        load_j2=$(load)
        run_polis j2 2
        j2_wall=$r_wall j2_cpu=$r_cpu j2_rss=$r_rss
    fi

    # Memory over a long stream: the corpus LONG times through stdin, -j 2.
    long_rss=null long_mb=null
    if ! skipped long; then
        long_mb=$(awk -v b="$bytes" -v n="$LONG" 'BEGIN { printf "%.1f", b * n / 1e6 }')
        note "long stream: $long_mb MB through stdin, -j 2"
        fifo=$WORK/stream.fifo
        rm -f "$fifo"
        mkfifo "$fifo"
        (k=0; while [ "$k" -lt "$LONG" ]; do cat "$BIG"; k=$((k + 1)); done) > "$fifo" &
        s=$("$RUNSTAT" -i "$fifo" -e "$WORK/long.err" -- "$POLIS" analyze -q -j 2 --input jsonl \
            --format jsonl -)
        wait
        rm -f "$fifo"
        long_rss=$(get "$s" maxrss_kb)
    fi

    # Phoenix dictionaries loaded: throughput (-j 1) and start-up.
    phx_wall=null phx_cpu=null phx_rss=null phx_startup_ms=null
    if [ -n "$phoenix_args" ] && ! skipped phoenix; then
        # shellcheck disable=SC2086
        run_polis phoenix 1 $phoenix_args
        phx_wall=$r_wall phx_cpu=$r_cpu phx_rss=$r_rss
        if [ "$phx_cpu" != null ]; then
            # shellcheck disable=SC2086
            s=$("$RUNSTAT" -n 5 -- "$POLIS" analyze -q -j 1 $phoenix_args "$empty")
            phx_startup_ms=$(awk -v w="$(get "$s" wall_min)" 'BEGIN { printf "%.1f", w * 1000 }')
        else
            phoenix_note="the run with $phoenix_args failed: see $WORK/phoenix.err"
        fi
    fi

    # Where the time goes: --profile over the BBC corpus (PCOPIES copies).
    note "profile: --profile=json over $PCOPIES x the BBC corpus"
    PCORP=$WORK/bbc-profile.jsonl
    k=0
    : > "$PCORP"
    while [ "$k" -lt "$PCOPIES" ]; do cat "$CORPUS" >> "$PCORP"; k=$((k + 1)); done
    "$POLIS" analyze -q -j 1 --profile=json --input jsonl --format jsonl "$PCORP" \
        > /dev/null 2> "$WORK/profile.err" || true
    profile=$(grep '^{"profile"' "$WORK/profile.err" | tail -n 1)
    if [ -z "$profile" ]; then
        echo "bench: no profile from polis (see $WORK/profile.err)" >&2
        profile='{"profile":{"rows":[]}}'
    fi
    "$POLIS" analyze -q -j 1 --profile --input jsonl --format jsonl "$PCORP" \
        > /dev/null 2> "$WORK/profile.txt" || true
fi

# ------------------------------------------------------------------ bench_core
core_json='{}'
if [ "$have_corpus" = 1 ] && ! skipped core; then
    note "bench_core (regex, tokens, sentences, dictionaries)"
    if "$CORE" "$CORPUS" "$PHX" > "$WORK/core.txt" 2> "$WORK/core.err"; then
        core_json=$(grep '^{"bench":"core"' "$WORK/core.txt" | tail -n 1)
    else
        echo "bench: bench_core failed (see $WORK/core.err)" >&2
    fi
fi

# ------------------------------------------------------------------ report
if [ "$have_corpus" = 0 ]; then
    printf '\npolis benchmark %s (commit %s, %s cores, load %s)\n\n' "$stamp" "$commit" "$cores" "$(load)"
    printf '%-44s %10s ms   (target <= 50 ms)\n' "start-up: default rules, empty document" "$startup_ms"
    printf '%-44s %10s ms\n' "start-up: no rules (process floor)" "$bare_ms"
    json="{\"bench\":\"polis\",\"time\":\"$stamp\",\"commit\":\"$commit\",\"cores\":$cores,\"startup_ms\":$startup_ms,\"startup_median_ms\":$startup_med_ms,\"bare_startup_ms\":$bare_ms}"
    printf '\n%s\n' "$json"
    printf '%s\n' "$json" > "$RES/$stamp.json"
    [ -n "${BENCH_OUT:-}" ] && printf '%s\n' "$json" > "$BENCH_OUT"
    exit 0
fi

# Throughputs: MB/s per CPU second (the steadiest figure on a shared
# machine; one core's worth for -j 1) and per wall second.
mbps() { awk -v b="$bytes" -v t="$1" 'BEGIN { if (t != "null" && t + 0 > 0) printf "%.2f", b / 1e6 / t; else print "null" }'; }
j1_mbps=$(mbps "$j1_cpu")
j1_wall_mbps=$(mbps "$j1_wall")
j2_wall_mbps=$(mbps "$j2_wall")
ref_mbps=$(mbps "$ref_cpu")
ratio=$(awk -v a="$j1_mbps" -v b="$ref_mbps" 'BEGIN { if (b != "null" && b + 0 > 0) printf "%.4f", a / b; else print "null" }')
speedup=$(awk -v a="$j1_wall" -v b="$j2_wall" 'BEGIN { if (b != "null" && b + 0 > 0) printf "%.2f", a / b; else print "null" }')
docs_s=$(awk -v d="$docs" -v t="$j1_cpu" 'BEGIN { printf "%.0f", d / t }')
phx_mbps=$(mbps "$phx_cpu")
phx_cost=$(awk -v a="$j1_cpu" -v b="$phx_cpu" 'BEGIN { if (b != "null" && b + 0 > 0) printf "%.1f", (1 - a / b) * 100; else print "null" }')

# The profile: totals, stages and rules (rows: stage, name, s, calls, items).
rows=$(printf '%s\n' "$profile" | sed 's/.*"rows":\[//; s/\]}}$//' | sed 's/},{/}\n{/g' |
    sed -n 's/^{"stage":"\([^"]*\)","name":"\(.*\)","s":\([0-9.]*\),"calls":\([0-9]*\),"items":\([0-9]*\)}$/\1\t\2\t\3\t\4\t\5/p')
pget() { printf '%s\n' "$profile" | sed -n "s/.*\"$1\":\([0-9.]*\).*/\1/p" | head -n 1; }
p_bytes=$(pget bytes); p_docs=$(pget docs); p_tokens=$(pget tokens); p_sents=$(pget sentences)
p_work=$(pget work_s)
p_bytes=${p_bytes:-0}; p_work=${p_work:-0}
sents_s=$(awk -v s="${p_sents:-0}" -v c="$PCOPIES" -v d="$docs" -v pd="${p_docs:-1}" -v t="$j1_cpu" \
    'BEGIN { if (pd > 0) printf "%.0f", s * d / pd / t; else print "null" }')
tokens_per_doc=$(awk -v s="${p_tokens:-0}" -v d="${p_docs:-1}" 'BEGIN { printf "%.0f", s / (d ? d : 1) }')
# tokens + sentences inside the pipeline, MB/s over the text bytes
toksent_mbps=$(printf '%s\n' "$rows" | awk -F'\t' -v b="$p_bytes" '
    $1 == "core" && ($2 == "tokenize" || $2 == "sentences") { t += $3 }
    END { if (t > 0) printf "%.1f", b / 1e6 / t; else print "null" }')
core_get() { printf '%s\n' "$core_json" | sed -n "s/.*\"$1\":\([0-9.]*\).*/\1/p" | head -n 1; }
bc_tok=$(core_get tokenize_mbps); bc_doc=$(core_get doc_mbps); bc_grep=$(core_get pcre2grep_mbps)
bc_regex=$(core_get regex_mbps); bc_dict=$(core_get dict_lookup_mbps)
bc_dict_load=$(core_get dict_tsv_load_ms); bc_dict_entries=$(core_get dict_entries)
bc_tok=${bc_tok:-null}; bc_doc=${bc_doc:-null}; bc_grep=${bc_grep:-null}; bc_regex=${bc_regex:-null}
bc_dict=${bc_dict:-null}; bc_dict_load=${bc_dict_load:-null}; bc_dict_entries=${bc_dict_entries:-null}
bc_doc_ratio=$(awk -v a="$bc_doc" -v b="$bc_grep" 'BEGIN { if (a != "null" && b != "null" && b > 0) printf "%.2f", a / b; else print "null" }')

ok() {  # value op target -> ok / MISSED / n/a
    awk -v v="$1" -v op="$2" -v t="$3" 'BEGIN {
        if (v == "null" || v == "") { print "n/a"; exit }
        r = (op == ">=") ? (v + 0 >= t + 0) : (v + 0 <= t + 0); print r ? "ok" : "MISSED" }'
}
rss_mb() { awk -v k="$1" 'BEGIN { if (k == "null" || k == "") print "null"; else printf "%.1f", k / 1024 }'; }
j1_rss_mb=$(rss_mb "$j1_rss"); j2_rss_mb=$(rss_mb "$j2_rss"); long_rss_mb=$(rss_mb "$long_rss")
phx_rss_mb=$(rss_mb "$phx_rss"); startup_rss_mb=$(rss_mb "$startup_rss_kb")
max_rss=$(printf '%s\n' "$j1_rss_mb" "$j2_rss_mb" "$long_rss_mb" | grep -v null | sort -g | tail -n 1)
# -j 2 against -j 1 in CPU time: what running two workers costs beyond the work itself
j2_cpu_ratio=$(awk -v a="$j2_cpu" -v b="$j1_cpu" 'BEGIN { if (a != "null" && b + 0 > 0) printf "%.3f", a / b; else print "null" }')

{
printf '\npolis benchmark %s: commit %s, %s, %s cores, load %s (at -j 1: %s, -j 2: %s)\n' \
    "$stamp" "$commit" "$BUILD" "$cores" "$(load)" "$load_j1" "$load_j2"
printf 'corpus: BBC News x %s = %s MB, %s documents (%s tokens/doc)\n' "$copies" "$big_mb" "$docs" "$tokens_per_doc"
printf 'MB/s = input bytes / CPU seconds of the run (per core; steadier than wall time on a\n'
printf 'shared machine); ratio = against the pcre2grep reference over the same bytes, same run.\n\n'
printf '%-42s %14s %10s   %-22s %s\n' "measure" "value" "ratio" "target" ""
printf '%-42s %9s MB/s %10s   %-22s\n' "reference: pcre2grep -o (1 core)" "$(fmt "$ref_mbps" %.1f)" "1.000" ""
printf '%-42s %9s MB/s %10s   %-22s %s\n' "full pipeline, -j 1" "$(fmt "$j1_mbps" %.2f)" "$(fmt "$ratio" %.4f)" ">= 0.08 (~20 MB/s)" "$(ok "$ratio" '>=' 0.08)"
printf '%-42s %9s /s\n' "  documents" "$docs_s"
printf '%-42s %9s /s\n' "  sentences" "$sents_s"
printf '%-42s %9s MB/s\n' "  wall-clock" "$(fmt "$j1_wall_mbps" %.2f)"
busy=$(awk -v a="$load_j1" -v b="$load_j2" -v c="$cores" 'BEGIN { print (a != "null" && a + 0 > c - 0.5) || (b != "null" && b + 0 > c - 0.5) ? 1 : 0 }')
verdict=$(ok "$speedup" '>=' 1.8)
[ "$busy" = 1 ] && [ "$speedup" != null ] && verdict="$verdict? (load > cores: see CPU ratio)"
printf '%-42s %9s MB/s %9sx   %-22s %s\n' "full pipeline, -j 2 (wall clock)" "$(fmt "$j2_wall_mbps" %.2f)" "$(fmt "$speedup" %.2f)" ">= 1.8x -j 1 (wall)" "$verdict"
printf '%-42s %9s %10s   (1.000: no overhead; on idle cores the speedup nears 2 / this)\n' "  -j 2 CPU time / -j 1 CPU time" "$(fmt "$j2_cpu_ratio" %.3f)" ""
printf '%-42s %9s MB/s %10s   %-22s %s\n' "tokens + sentences, in the pipeline" "$(fmt "$toksent_mbps" %.1f)" "" ">= 200 MB/s" "$(ok "$toksent_mbps" '>=' 200)"
printf '%-42s %9s MB/s %10s   %-22s %s\n' "tokens + sentences, bench_core" "$(fmt "$bc_doc" %.1f)" "$(fmt "$bc_doc_ratio" %.2f)" ">= 200 MB/s" "$(ok "$bc_doc" '>=' 200)"
printf '%-42s %9s MB/s\n' "  tokenize alone, bench_core" "$(fmt "$bc_tok" %.1f)"
printf '%-42s %9s MB\n' "peak RSS, -j 1" "$(fmt "$j1_rss_mb" %.1f)"
printf '%-42s %9s MB\n' "peak RSS, -j 2" "$(fmt "$j2_rss_mb" %.1f)"
long_label="peak RSS, -j 2, $long_mb MB stream"
[ "$long_mb" = null ] && long_label="peak RSS, long stream (skipped)"
printf '%-42s %9s MB %12s   %-22s %s\n' "$long_label" "$(fmt "$long_rss_mb" %.1f)" "" "<= 100 MB, flat" "$(ok "$max_rss" '<=' 100)"
printf '%-42s %9s ms %12s   %-22s %s\n' "start-up: default rules, empty document" "$startup_ms" "" "<= 50 ms" "$(ok "$startup_ms" '<=' 50)"
printf '%-42s %9s ms\n' "  median of 15" "$startup_med_ms"
printf '%-42s %9s ms\n' "  CPU time (user + sys), least of 15" "$startup_cpu_ms"
printf '%-42s %9s ms\n' "  no rules at all (process floor)" "$bare_ms"
if [ "$phx_cpu" != null ]; then
printf '%-42s %9s MB/s %9s%%   %-22s %s\n' "with Phoenix dictionaries, -j 1" "$(fmt "$phx_mbps" %.2f)" "-$phx_cost" "<= 15% cost" "$(ok "$phx_cost" '<=' 15)"
    printf '%-42s %9s ms\n' "  start-up with Phoenix" "$phx_startup_ms"
    printf '%-42s %9s MB\n' "  peak RSS with Phoenix" "$(fmt "$phx_rss_mb" %.1f)"
else
    skipped phoenix && phoenix_note="skipped (BENCH_SKIP)"
    printf '%-42s %14s   (%s)\n' "with Phoenix dictionaries" "n/a" "${phoenix_note:-not run}"
fi
if [ "$bc_dict" != null ]; then
    printf '%-42s %9s MB/s %10s   (%s entries, Phoenix phrases first)\n' "  bench_core: dict lookup at every token" "$(fmt "$bc_dict" %.1f)" "" "$bc_dict_entries"
    printf '%-42s %9s ms\n' "  bench_core: loading that dict as TSV" "$(fmt "$bc_dict_load" %.1f)"
    printf '%-42s %9s MB/s\n' "  bench_core: polis_regex scan" "$(fmt "$bc_regex" %.1f)"
fi

printf '\nwhere the time goes (polis analyze --profile -j 1, %s x BBC, %s MB of text; share of the\n' "$PCOPIES" "$(awk -v b="$p_bytes" 'BEGIN { printf "%.1f", b / 1e6 }')"
printf 'analysis time; MB/s = text bytes / the part'"'"'s time; full table: %s)\n' "$WORK/profile.txt"
printf '%s\n' "$rows" | awk -F'\t' -v b="$p_bytes" -v w="$p_work" '
    function show(label, t, n) { printf "  %-40s %8.3f s %6.1f%% %9.1f MB/s  %s\n", label, t, (w > 0 ? 100 * t / w : 0), (t > 0 ? b / 1e6 / t : 0), n }
    $1 ~ /^lua/ || $1 == "startup" || $1 == "reader" || $1 == "writer" || $1 == "wait" { next }
    { key = ($1 == "core" || $1 == "output") ? $1 " " $2 : "stage " $1
      if (!(key in t)) order[++n] = key
      t[key] += $3; if ($1 != "core" && $1 != "output") rules[key]++ }
    END { for (i = 1; i <= n; i++) { k = order[i]; show(k, t[k], (k in rules) ? rules[k] " rule" (rules[k] > 1 ? "s" : "") : "") } }'
printf '\nrules by time:\n'
printf '%s\n' "$rows" | awk -F'\t' -v b="$p_bytes" -v w="$p_work" '
    $1 != "core" && $1 != "output" && $1 !~ /^lua/ && $1 != "startup" && $1 != "reader" && $1 != "writer" && $1 != "wait" {
        printf "%.6f\t  %-10s %-30s %8.3f s %6.1f%% %9.1f MB/s %8s matches\n", $3, $1, $2, $3, (w > 0 ? 100 * $3 / w : 0), ($3 > 0 ? b / 1e6 / $3 : 0), $5 }' |
    sort -g -r | cut -f2-
printf '\nstart-up, per worker (load each script; Lua functions while loading, sampled):\n'
printf '%s\n' "$rows" | awk -F'\t' '$1 == "startup" && $2 ~ /^load / { printf "  %-50s %8.3f s\n", $2, $3 }'
printf '%s\n' "$rows" | awk -F'\t' '$1 == "lua-load" { printf "%.6f\t  %8.3f s  %s\n", $3, $3, $2 }' |
    sort -g -r | head -n 8 | cut -f2-
printf '\nLua functions by time (sampled; includes the C calls they make):\n'
printf '%s\n' "$rows" | awk -F'\t' -v w="$p_work" '$1 == "lua" { printf "%.6f\t  %8.3f s %6.1f%%  %s\n", $3, $3, (w > 0 ? 100 * $3 / w : 0), $2 }' |
    sort -g -r | head -n 15 | cut -f2-
} | tee "$WORK/table.txt"

# ------------------------------------------------------------------ JSON
stages_json=$(printf '%s\n' "$rows" | awk -F'\t' '
    $1 ~ /^lua/ || $1 == "startup" || $1 == "reader" || $1 == "writer" || $1 == "wait" { next }
    { gsub(/["\\]/, "", $2); printf "%s\"%s/%s\":%s", n++ ? "," : "", $1, $2, $3 }')
json=$(printf '{"bench":"polis","time":"%s","commit":"%s","build":"%s","cores":%s,"load_j1":%s,"load_j2":%s,' \
    "$stamp" "$commit" "$BUILD" "$cores" "$load_j1" "$load_j2")
json="$json$(printf '"corpus_mb":%s,"docs":%s,"ref_mbps":%s,"ref_wall_s":%s,"j1_mbps":%s,"j1_wall_mbps":%s,"j1_cpu_s":%s,"j1_wall_s":%s,"ratio":%s,' \
    "$big_mb" "$docs" "$ref_mbps" "$ref_wall" "$j1_mbps" "$j1_wall_mbps" "$j1_cpu" "$j1_wall" "$ratio")"
json="$json$(printf '"docs_per_s":%s,"sentences_per_s":%s,"j2_wall_mbps":%s,"j2_wall_s":%s,"j2_cpu_s":%s,"speedup_j2":%s,"j2_cpu_ratio":%s,' \
    "$docs_s" "$sents_s" "$j2_wall_mbps" "$j2_wall" "$j2_cpu" "$speedup" "$j2_cpu_ratio")"
json="$json$(printf '"toksent_mbps":%s,"core_doc_mbps":%s,"core_tokenize_mbps":%s,"core_pcre2grep_mbps":%s,"core_regex_mbps":%s,"core_dict_mbps":%s,' \
    "$toksent_mbps" "$bc_doc" "$bc_tok" "$bc_grep" "$bc_regex" "$bc_dict")"
json="$json$(printf '"rss_j1_mb":%s,"rss_j2_mb":%s,"rss_long_mb":%s,"long_mb":%s,"startup_ms":%s,"startup_median_ms":%s,"startup_cpu_ms":%s,"bare_startup_ms":%s,"startup_rss_mb":%s,' \
    "$j1_rss_mb" "$j2_rss_mb" "$long_rss_mb" "$long_mb" "$startup_ms" "$startup_med_ms" "$startup_cpu_ms" "$bare_ms" "$startup_rss_mb")"
json="$json$(printf '"phoenix_mbps":%s,"phoenix_cost_pct":%s,"phoenix_startup_ms":%s,"phoenix_rss_mb":%s,"profile_s":{%s}}' \
    "$phx_mbps" "$phx_cost" "$phx_startup_ms" "$phx_rss_mb" "$stages_json")"
printf '\n%s\n' "$json"
printf '%s\n' "$json" > "$RES/$stamp.json"
[ -n "${BENCH_OUT:-}" ] && printf '%s\n' "$json" > "$BENCH_OUT"
printf '\nsaved: %s (compare two runs: bench/compare.sh OLD.json NEW.json)\n' "$RES/$stamp.json"
