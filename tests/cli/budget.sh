#!/bin/sh
# The instruction budget (core/budget.c): a rule's call first runs without the
# count hook and is run again, counting, only when the uncounted run cannot
# prove that its budget held. The outcome must always be that of counting
# every instruction (POLIS_BUDGET=exact): the same records, the same errors.
. tests/cli/lib.sh

R="$TMP/rules"
mkdir -p "$R"
# "burn N" in a text: a loop of N rounds (2 instructions a round), and an
# actor saying how many times the rule ran on this document.
cat >"$R/burn.lua" <<'LUA'
local polis = require "polis"
local calls = {}
polis.rule { name = "burn", stage = "actors", run = function (doc)
  local n = tonumber(doc.text:match("burn (%d+)"))
  if not n then return end
  calls[doc.id] = (calls[doc.id] or 0) + 1
  local x = 0
  for i = 1, n do x = x + i end
  doc:actor { kind = "group", name = "ran " .. calls[doc.id] .. " " .. x % 7 }
end }
LUA

# A loop that needs about 12M instructions, one of 100k, one of 60M.
{
    echo '{"id":"heavy","text":"burn 6000000"}'
    echo '{"id":"light","text":"burn 50000"}'
    echo '{"id":"none","text":"nothing to burn"}'
    echo '{"id":"over","text":"burn 30000000"}'
} >"$TMP/in.jsonl"
run() { "$POLIS" analyze -q -j 1 --no-default-rules --rules "$R" --format jsonl "$@" "$TMP/in.jsonl" 2>/dev/null; }
name() { grep "^{\"id\":\"$1\"" "$2" | sed -n 's/.*"name":"\(ran [^"]*\)".*/\1/p'; }

run --max-instructions 20M >"$TMP/fast"
POLIS_BUDGET=exact run --max-instructions 20M >"$TMP/exact"
# (the actor's name holds the number of runs: compare the records without it)
sed 's/"name":"ran [0-9]* /"name":"ran /' "$TMP/fast" >"$TMP/fast.cmp"
sed 's/"name":"ran [0-9]* /"name":"ran /' "$TMP/exact" >"$TMP/exact.cmp"
check_same "the same records with and without the fast mode (20M)" "$TMP/exact.cmp" "$TMP/fast.cmp"
check_grep "a call within its budget succeeds" '"id":"heavy".*"errors":\[\]' "$TMP/fast"
check_grep "a call past it: the limit error" '"id":"over".*"kind":"limit","rule":"burn".*instruction budget exhausted \(20000000' "$TMP/fast"
check "exact counting runs each call once" test "$(name heavy "$TMP/exact" | cut -d' ' -f2)" = 1
check "a light call ends within its grace period: run once" test "$(name light "$TMP/fast" | cut -d' ' -f2)" = 1
# 12M instructions take far longer than the grace period (2 ms) on any
# machine, and the bound for it (10M) with the rest counted passes 20M: the
# uncounted run cannot prove the budget held, so the rule runs again,
# counting, and what the first run emitted is undone (one actor, not two).
check "a heavy call is run again, counting ('ran 2')" test "$(name heavy "$TMP/fast" | cut -d' ' -f2)" = 2
check "... and its first run's items are undone (one actor)" \
    test "$(grep '"id":"heavy"' "$TMP/fast" | grep -o '"kind":"group"' | wc -l)" -eq 1

# Around the exact need of the heavy document, both modes agree.
for b in 11M 12M 13M 14M 40M; do
    run --max-instructions $b | sed 's/"name":"ran [0-9]* /"name":"ran /' >"$TMP/f.$b"
    POLIS_BUDGET=exact run --max-instructions $b | sed 's/"name":"ran [0-9]* /"name":"ran /' >"$TMP/e.$b"
    check_same "--max-instructions $b: the same records with and without the fast mode" "$TMP/e.$b" "$TMP/f.$b"
done
check_grep "... the budgets straddle the heavy document's need: 11M is too few" \
    '"id":"heavy".*"kind":"limit"' "$TMP/e.11M"
check_grep "... 13M enough" '"id":"heavy".*"errors":\[\]' "$TMP/e.13M"

# A document analysed twice keeps the input's own errors (here: the text cut
# at --max-doc-bytes), and each rule error goes to stderr once.
cat >"$R/oops.lua" <<'LUA'
local polis = require "polis"
polis.rule { name = "oops", stage = "document", run = function (doc)
  if doc.text:find("oops", 1, true) then error("oops here") end
end }
LUA
printf '{"id":"twice","text":"oops burn 6000000 and then some more words"}\n' >"$TMP/twice.jsonl"
"$POLIS" analyze -q -j 1 --no-default-rules --rules "$R" --max-doc-bytes 30 --format jsonl \
    "$TMP/twice.jsonl" >"$TMP/twice.out" 2>"$TMP/twice.err"
check_grep "a document analysed twice ('ran 2')" '"name":"ran 2 ' "$TMP/twice.out"
check_grep "... keeps its input error" '"kind":"input".*analysed the first 30' "$TMP/twice.out"
check_grep "... and the rule error" '"kind":"rule","rule":"oops"' "$TMP/twice.out"
check "... which goes to stderr once" test "$(grep -c 'oops here' "$TMP/twice.err")" -eq 1

# The default rules over this repository's own articles and gold texts.
cat tests/data/stances_gold.jsonl tests/data/actors_gold.jsonl examples/articles/stream.jsonl >"$TMP/corpus.jsonl"
"$POLIS" analyze -q -j 2 --format jsonl "$TMP/corpus.jsonl" >"$TMP/d.fast" 2>/dev/null
POLIS_BUDGET=exact "$POLIS" analyze -q -j 2 --format jsonl "$TMP/corpus.jsonl" >"$TMP/d.exact" 2>/dev/null
check_same "the default rules: the same records with and without the fast mode" "$TMP/d.exact" "$TMP/d.fast"

done_testing
