-- A new stance type: sanctions. Use with
--   polis analyze --rules examples/rules/sanctions articles.jsonl
-- It adds three rules to the "stances" stage, on top of the default rules
-- (which find the actors): active, passive and nominal forms.
local polis = require "polis"

-- Every inflection is listed: the lexicon matches tokens, not stems.
local verbs = polis.lexicon {
  "sanction", "sanctions", "sanctioned", "sanctioning",
  "blacklist", "blacklists", "blacklisted", "blacklisting",
  "impose sanctions on", "imposes sanctions on", "imposed sanctions on", "imposing sanctions on",
  "impose new sanctions on", "imposed new sanctions on", "imposes new sanctions on",
  "slap sanctions on", "slapped sanctions on", "slaps sanctions on",
  "freeze the assets of", "froze the assets of", "freezes the assets of",
}
local passive = polis.lexicon { "sanctioned", "blacklisted" }

-- <aux> and <adv>: words that may sit between the subject and the verb.
polis.macro("aux", "has | have | had | will | would | could | may | might | is | are | was | were")
polis.macro("adv", "[/ly$/] | also | again | now | already | jointly")

local function sanction(doc, m, source, target, modality)
  doc:stance {
    source = source, target = target, type = "sanction",
    cameo = "163", plover = "SANCTION", polarity = -1, intensity = -8.0,
    modality = modality, evidence = m,
  }
end

-- "The United States has imposed new sanctions on Iran"
polis.rule {
  name = "example.sanctions.active",
  stage = "stances",
  pattern = "{ACTOR}=source <aux>* <adv>? @verbs=verb {ACTOR}=target",
  vars = { verbs = verbs },
  emit = function (doc, m)
    local future = m.text:find("^%S+ will ") or m.text:find(" will ")
    sanction(doc, m, m.source, m.target, future and "future" or nil)
  end,
}

-- "Iran was sanctioned by the United States"
polis.rule {
  name = "example.sanctions.passive",
  stage = "stances",
  pattern = "{ACTOR}=target (is | are | was | were | has been | have been) <adv>? @passive by {ACTOR}=source",
  vars = { passive = passive },
  emit = function (doc, m) sanction(doc, m, m.source, m.target) end,
}

-- "EU sanctions on Russia", "new sanctions against Russia by the EU"
polis.rule {
  name = "example.sanctions.nominal",
  stage = "stances",
  pattern = [[{ACTOR}=source ("'s")? (new | fresh | tougher)? sanctions (on | against) {ACTOR}=target]],
  emit = function (doc, m) sanction(doc, m, m.source, m.target) end,
}
