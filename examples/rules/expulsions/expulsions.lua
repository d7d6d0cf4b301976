-- A new stance type: expelling diplomats (CAMEO 166 "expel or withdraw",
-- PLOVER SANCTION). The default rules do not code it. Use with
--   polis analyze --rules examples/rules/expulsions articles.jsonl
--
--   "Poland expelled 45 Russian diplomats"      Poland -> Russia
--   "Russia has expelled the German ambassador" Russia -> Germany
--   "Britain will expel diplomats from Iran"     Britain -> Iran (future)
local polis = require "polis"
local common = require "lib.common"      -- the default rules' shared data (demonyms, countries)

-- Every form is listed: a lexicon matches tokens, not stems.
local expel = polis.lexicon {
  "expel", "expels", "expelled", "expelling", "order out", "ordered out", "orders out",
  "kick out", "kicked out", "kicks out", "throw out", "threw out", "throws out",
}
local envoys = polis.lexicon {
  "diplomat", "diplomats", "envoy", "envoys", "ambassador", "ambassadors",
  "embassy staff", "consular staff", "attaché", "attachés", "military attaché",
}

-- Words that may stand between the subject and the verb.
polis.macro("aux", "has | have | had | will | would | could | may | might | is | are | was | were | to")
polis.macro("adv", "[/ly$/] | also | again | now | already | then")

polis.rule {
  name = "example.expulsions",
  stage = "stances",
  pattern = [[{ACTOR}=source <aux>* <adv>? @expel=verb
              (the | a | an | [num] | several | dozens of | two | three | four | five)?
              @demonyms?=nation (senior | top | more)? @envoys
              ((of | from) {ACTOR|LOCATION}=owner)?]],
  vars = { expel = expel, envoys = envoys, demonyms = common.demonyms() },
  emit = function (doc, m)
    -- Whose diplomats: "Russian diplomats", or "... from Iran" (an actor, or
    -- a location id when Iran is only a place here: a target may be either).
    local target
    if m.owner then
      target = m.owner.item
    elseif m.nation then
      target = common.country_actor(doc, m.nation.entry.country)    -- no span: a demonym
    end
    if not target then return end                                   -- nobody to code
    local future = m.verb and doc:slice(m.start, m.verb.start):find("%f[%a]will%f[%A]") ~= nil
    doc:stance {
      source = m.source, target = target, type = "expel",
      cameo = "166", plover = "SANCTION", polarity = -1, intensity = -4.0,
      modality = future and "future" or "asserted", evidence = m,
    }
  end,
}
