local polis = require "polis"
local countries = polis.lexicon({ {"Russia", iso="RUS"}, {"China", iso="CHN"}, {"America", iso="USA"} })
polis.rule {
  name = "countries", stage = "actors", dict = countries,
  emit = function (doc, m)
    doc:actor { name = m.entry.phrase, kind = "country", country = m.entry.iso, code = m.entry.iso .. "GOV", span = m }
  end,
}
local verbs = polis.lexicon { "condemned", "condemns" }
polis.rule {
  name = "condemn", stage = "stances",
  pattern = "{ACTOR}=source (has|have|had)? [/ly$/]? @verbs {ACTOR}=target",
  vars = { verbs = verbs },
  emit = function (doc, m)
    doc:stance { source = m.source, target = m.target, type = "criticize", cameo = "111", plover = "ACCUSE", polarity = -1, evidence = m }
  end,
}
