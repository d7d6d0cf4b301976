-- Default finish rules for actors (stage "finish"): one actor per identity, whatever rule
-- emitted it. How the actor rules work as a whole: docs/actors.md.
--
-- Coreference inside the actor stage: surnames ("Wang", "Lavrov"), titles with a surname
-- ("Mr Howard"), acronyms defined in brackets and role phrases ("the Chinese foreign
-- minister", "the two officials") are linked by the rule "actors" itself (lib/actors/find.lua
-- and lib/actors/coref.lua), so that the stance rules, which run before this stage, see
-- them as ACTOR spans. What is left for the finish stage is what only the whole document
-- shows: actors that other rules (the stance rules, your own rules) emitted under other
-- keys for the same identity.
local polis = require "polis"

local function identity(a)
  if a.kind == "country" and a.country then return "country|" .. a.country .. "|" .. (a.code or "") end
  return a.kind .. "|" .. polis.normalize(a.name or "")
end

polis.rule {
  name = "actors.merge",
  stage = "finish",
  description = "merge actors of one identity (same kind and name, or same country) emitted " ..
                "under different keys",
  run = function (doc)
    local first = {}
    for _, a in ipairs(doc:actors()) do
      local k = identity(a)
      local keep = first[k]
      if keep then
        doc:merge(keep, a.id)
      else
        first[k] = a.id
      end
    end
  end,
}
