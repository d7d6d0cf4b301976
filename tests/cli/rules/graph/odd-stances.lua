-- Stances the graph must still draw well (load after tests/cli/rules): one
-- with a topic and no target, one of an actor with itself.
local polis = require "polis"

polis.rule {
  name = "cli-topic", stage = "stances", pattern = "{ACTOR}=source warned about [word]+=what",
  emit = function (doc, m)
    doc:stance { source = m.source, type = "warn", cameo = "130", polarity = -1,
                 topic = m.what.text, evidence = m }
  end,
}

polis.rule {
  name = "cli-self", stage = "stances", pattern = "{ACTOR}=source praised itself",
  emit = function (doc, m)
    doc:stance { source = m.source, target = m.source, type = "self-praise", polarity = 1,
                 evidence = m }
  end,
}
