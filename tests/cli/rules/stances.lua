-- CLI test rules: one verb of each polarity, and visits of a place.
local polis = require "polis"

-- The verb's attributes live in a Lua table keyed by its text rather than in
-- the lexicon, so these tests do not depend on dictionary attributes.
local info = {
  condemned = { type = "criticize", cameo = "111", plover = "ACCUSE", polarity = -1 },
  warned = { type = "threaten", cameo = "130", plover = "THREATEN", polarity = -1 },
  met = { type = "meet", cameo = "043", plover = "CONSULT", polarity = 1 },
  praised = { type = "praise", cameo = "051", plover = "COOPERATE", polarity = 1 },
  called = { type = "consult", cameo = "040", plover = "CONSULT", polarity = 0 },
}
local verbs = polis.lexicon { "condemned", "warned", "met", "praised", "called" }

polis.rule {
  name = "cli-verbs", stage = "stances",
  pattern = "{ACTOR}=source @verbs=verb {ACTOR}=target (in {LOCATION}=where)?",
  vars = { verbs = verbs },
  emit = function (doc, m)
    local e = info[m.verb.text:lower()]
    doc:stance { source = m.source, target = m.target, type = e.type, cameo = e.cameo,
                 plover = e.plover, polarity = e.polarity, location = m.where,
                 evidence = m }
  end,
}

polis.rule {
  name = "cli-visits", stage = "stances",
  pattern = "{ACTOR}=source visited {LOCATION}=target",
  emit = function (doc, m)
    doc:stance { source = m.source, target = m.target, type = "visit", cameo = "042",
                 plover = "CONSULT", polarity = 0, evidence = m }
  end,
}
