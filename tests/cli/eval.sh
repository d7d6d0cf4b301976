#!/bin/sh
# polis eval: precision, recall and F1 per kind against a tiny gold file
# (records in the output schema), with the fixed rules of tests/cli/rules.
. tests/cli/lib.sh
G=$TMP/gold.jsonl
# g1: everything the rules find is right. g2: the rules miss Macron and his
# meeting, and find Albanese and a call that the gold leaves out.
cat >"$G" <<'GOLD'
{"id":"g1","text":"Putin met Xi Jinping in Beijing. Russia condemned Ukraine.","actors":[{"id":"a1","name":"Vladimir Putin","kind":"person","mentions":[{"start":0,"end":5}]},{"id":"a2","name":"Xi Jinping","kind":"person","mentions":[{"start":10,"end":20}]},{"id":"a3","name":"Russia","kind":"country","mentions":[{"start":33,"end":39}]},{"id":"a4","name":"Ukraine","kind":"country","mentions":[{"start":50,"end":57}]}],"locations":[{"id":"l1","name":"Beijing","kind":"city","mentions":[{"start":24,"end":31}]}],"stances":[{"source":"a1","target":"a2","type":"meet"},{"source":"a3","target":"a4","type":"criticize"}]}

{"id":"g2","text":"Scholz visited Paris. Modi called Albanese. Macron met Scholz.","actors":[{"id":"a1","name":"Olaf Scholz","kind":"person","mentions":[{"start":0,"end":6},{"start":55,"end":61}]},{"id":"a2","name":"Narendra Modi","kind":"person","mentions":[{"start":22,"end":26}]},{"id":"a3","name":"Emmanuel Macron","kind":"person","mentions":[{"start":44,"end":50}]}],"locations":[{"id":"l1","name":"Paris","kind":"city","mentions":[{"start":15,"end":20}]}],"stances":[{"source":"a1","target":"l1","type":"visit"},{"source":"a3","target":"a1","type":"meet"}]}
GOLD

check_status "eval against gold: exit 0" 0 polis eval $CLI_RULES --gold "$G"
cp "$TMP/out" "$TMP/score"
check_grep "eval counts the documents" '^2 documents$' "$TMP/score"
check_grep "actors: P 0.875 R 0.875 F1 0.875 (tp 7, fp 1, fn 1)" \
    '^actors +P 0\.875 +R 0\.875 +F1 0\.875 +\(tp 7, fp 1, fn 1\)' "$TMP/score"
check_grep "locations: all right" '^locations +P 1\.000 +R 1\.000 +F1 1\.000 +\(tp 2, fp 0, fn 0\)' "$TMP/score"
check_grep "stances: P 0.750 R 0.750 (tp 3, fp 1, fn 1)" \
    '^stances +P 0\.750 +R 0\.750 +F1 0\.750 +\(tp 3, fp 1, fn 1\)' "$TMP/score"

# The same scores from saved predictions (the output of analyze).
polis analyze $CLI_RULES --format jsonl "$G" >"$TMP/pred.jsonl" 2>"$TMP/e"
polis eval --gold "$G" "$TMP/pred.jsonl" >"$TMP/o" 2>"$TMP/e"
check_same "eval of saved predictions gives the same scores" "$TMP/score" "$TMP/o"
polis eval --gold "$G" "$G" >"$TMP/o" 2>"$TMP/e"
check_grep "gold against itself: F1 1.000 for actors" '^actors +P 1\.000 +R 1\.000 +F1 1\.000' "$TMP/o"
check_grep "... and for stances" '^stances +P 1\.000 +R 1\.000 +F1 1\.000' "$TMP/o"
polis eval $CLI_RULES --gold "$G" --show 10 >"$TMP/o" 2>"$TMP/e"
check_grep "--show lists a missed actor" 'g2: missed actors "Emmanuel Macron" \[44,50\)' "$TMP/o"
check_grep "--show lists an extra actor" 'g2: extra actors "Anthony Albanese" \[34,42\)' "$TMP/o"
check_grep "--show lists a missed stance" 'g2: missed stance meet' "$TMP/o"
check_grep "--show lists an extra stance" 'g2: extra stance consult: Modi called Albanese' "$TMP/o"
printf '{"id":"g1","actors":[],"locations":[],"stances":[]}\n' >"$TMP/empty-pred.jsonl"
polis eval --gold "$G" "$TMP/empty-pred.jsonl" >"$TMP/o" 2>"$TMP/e"
check_grep "predictions that find nothing: recall 0" '^actors +P 0\.000 +R 0\.000 +F1 0\.000 +\(tp 0, fp 0, fn 8\)' "$TMP/o"

check_status "eval without --gold: usage, exit 2" 2 polis eval $CLI_RULES
check_status "eval with a missing gold file: exit 4" 4 polis eval $CLI_RULES --gold "$TMP/nope.jsonl"
check_status "eval with broken rules: exit 3" 3 polis eval --no-default-rules --rules tests/cli/rules/broken --gold "$G"
check_status "eval --help: exit 0" 0 polis eval --help
check_grep "... with the usage" '^usage: polis eval --gold' "$TMP/out"

done_testing
