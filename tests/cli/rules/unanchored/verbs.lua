-- A stance rule written the way docs/rules.md shows: the verb dictionary is
-- reachable only through the rule's `vars`. The engine must keep it alive as
-- long as the rule exists (scale.sh checks that every document gets its
-- stance however many documents a worker has analysed). Load it after
-- tests/cli/rules/actors.lua.
local polis = require "polis"

local verbs = polis.lexicon { "condemned", "denounced" }

polis.rule {
  name = "cli-unanchored", stage = "stances",
  pattern = "{ACTOR}=source @verbs {ACTOR}=target",
  vars = { verbs = verbs },
  emit = function (doc, m)
    doc:stance { source = m.source, target = m.target, type = "criticize", cameo = "111",
                 plover = "ACCUSE", polarity = -1, evidence = m }
  end,
}
