#!/bin/sh
# Hostile rule scripts through `polis analyze`: a rule that emits a million
# items, a catastrophic regex on a long input, a rule that raises a
# non-string error, a memory bomb and an endless loop under small limits.
# Each must cost only that rule's output for that document, with an error
# record saying why, in bounded time, while the other rules and documents go
# on. (The engine-level cases are in tests/unit/test_hostile_scripts.c and
# tests/unit/test_engine.c.)
. tests/cli/lib.sh

R="$TMP/rules"
mkdir -p "$R"
cat >"$R/00-good.lua" <<'LUA'
local polis = require "polis"
polis.rule { name = "good", stage = "actors", regex = [[\bRussia\b]],
  emit = function (doc, m) doc:actor { kind = "country", country = "RUS", span = m } end }
LUA
cat >"$R/10-flood.lua" <<'LUA'
local polis = require "polis"
polis.rule { name = "flood", stage = "stances", run = function (doc)
  if not doc.text:find("FLOOD", 1, true) then return end
  for i = 1, 1000000 do doc:actor { kind = "person", name = "p" .. i } end
end }
LUA
cat >"$R/20-backtrack.lua" <<'LUA'
local polis = require "polis"
polis.rule { name = "backtrack", stage = "actors", regex = [[(a+)+$]],
  emit = function (doc, m) doc:actor { kind = "group", span = m } end }
LUA
cat >"$R/30-odd-error.lua" <<'LUA'
local polis = require "polis"
polis.rule { name = "odd", stage = "actors", run = function (doc)
  if doc.text:find("ODD", 1, true) then error({ code = 42 }) end
  if doc.text:find("NIL", 1, true) then error() end
end }
LUA
cat >"$R/40-bombs.lua" <<'LUA'
local polis = require "polis"
polis.rule { name = "bombs", stage = "actors", run = function (doc)
  if doc.text:find("MEMORY", 1, true) then local t = {} for i = 1, 1e9 do t[i] = ("x"):rep(100) .. i end end
  if doc.text:find("LOOP", 1, true) then while true do end end
end }
LUA

have() { command -v "$1" >/dev/null 2>&1; }
# seconds since the epoch, with a fallback for systems without %N
now() { date +%s; }

{
    echo '{"id":"flood","text":"Russia warned. FLOOD"}'
    echo '{"id":"after","text":"Russia replied."}'
    printf '{"id":"backtrack","text":"Russia %sb"}\n' "$(yes a | head -n 100000 | tr -d '\n')"
    echo '{"id":"odd","text":"Russia ODD"}'
    echo '{"id":"nil","text":"Russia NIL"}'
    echo '{"id":"loop","text":"Russia LOOP"}'
    echo '{"id":"last","text":"Russia at last."}'
} >"$TMP/in.jsonl"

t0=$(now)
$VG "$POLIS" analyze -q -j 2 --no-default-rules --rules "$R" --max-instructions 5M \
    "$TMP/in.jsonl" >"$TMP/out" 2>"$TMP/err"
rc=$?
dt=$(( $(now) - t0 ))
line() { grep "^{\"id\":\"$1\"" "$TMP/out"; }
limit=60
[ -n "$VG" ] && limit=1800
if [ "$rc" -eq 1 ] && [ "$(wc -l <"$TMP/out")" -eq 7 ] && [ "$dt" -le "$limit" ]; then
    ok "7 documents in, 7 records out, exit 1, ${dt}s"
else not_ok "the run" "status $rc, $(wc -l <"$TMP/out") records, ${dt}s: $(head -c 300 "$TMP/err")"; fi

# good: one Russia actor and exactly one error, from rule $2, saying $3
contained() {
    rec=$(line "$1")
    if echo "$rec" | grep -q '"actors":\[{"id":"a1","name":"Russia"' &&
       [ "$(echo "$rec" | grep -o '"kind":"\(rule\|limit\|memory\)"' | wc -l)" -eq 1 ] &&
       echo "$rec" | grep -q "\"rule\":\"$2\"" && echo "$rec" | grep -q -- "$3"; then
        ok "$4"
    else
        not_ok "$4" "$(echo "$rec" | head -c 400)"
    fi
}
contained flood flood 'too many items in one document (cap 100000' \
    "a rule emitting a million items: capped at 100000 with an error, its items rolled back"
if line after | grep -q '"errors":\[\]' && line last | grep -q '"errors":\[\]'; then
    ok "the documents after the flood, the bombs and the loop are analysed normally"
else not_ok "documents after the hostile ones" "$(line after | head -c 300)"; fi
contained backtrack backtrack 'match limit' \
    "a catastrophic regex on a 100 KB input stops at the match limit with an error"
contained odd odd 'error object is a table value' \
    "a rule raising a table: the error says what it was"
contained nil odd 'error object is a nil value' \
    "a rule raising nothing (error()): the error says so"
rec=$(line loop)
if echo "$rec" | grep -q '"kind":"limit","rule":"bombs"' && echo "$rec" | grep -q 'instruction budget exhausted (5000000'; then
    ok "an endless loop under --max-instructions 5M: a limit error for that rule"
else not_ok "endless loop" "$(echo "$rec" | head -c 300)"; fi
if grep -q 'flood: rule flood' "$TMP/err" && grep -q 'odd: rule odd' "$TMP/err"; then
    ok "each rule error also goes to stderr with the document id"
else not_ok "errors on stderr" "$(head -c 300 "$TMP/err")"; fi

echo '{"id":"memory","text":"Russia MEMORY"}' >"$TMP/mem.jsonl"
$VG "$POLIS" analyze -q --no-default-rules --rules "$R" --max-memory 64M "$TMP/mem.jsonl" \
    >"$TMP/out" 2>"$TMP/err"
rec=$(line memory)
if echo "$rec" | grep -q '"kind":"memory","rule":"bombs"' && echo "$rec" | grep -q 'memory cap reached (64 MiB'; then
    ok "a memory bomb under --max-memory 64M: a memory error for that rule"
else not_ok "memory bomb" "$(echo "$rec" | head -c 300)"; fi
done_testing
