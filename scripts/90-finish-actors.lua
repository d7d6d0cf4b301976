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

-- Normalized names, kept across documents (the same names come back; a C call each).
local NORM, NORM_N = {}, 0
local function normalized(name)
  local v = NORM[name]
  if not v then
    if NORM_N > 20000 then NORM, NORM_N = {}, 0 end
    v = polis.normalize(name)
    NORM[name], NORM_N = v, NORM_N + 1
  end
  return v
end

polis.rule {
  name = "actors.merge",
  stage = "finish",
  description = "merge actors of one identity (same kind and normalised name, or same " ..
                "country and code) emitted under different keys",
  run = function (doc)
    local actors = doc:actors()
    if #actors < 2 then return end
    -- identity: a country by its code (country|ISO3|code), anything else by kind and
    -- normalized name; the first actor of an identity keeps the others
    local first = {}
    for _, a in ipairs(actors) do
      local kind = a.kind
      local by, k
      if kind == "country" and a.country then
        by, k = first[a.country], a.code or ""
        if not by then by = {}; first[a.country] = by end
      else
        by, k = first[kind], normalized(a.name or "")
        if not by then by = {}; first[kind] = by end
      end
      local keep = by[k]
      if keep then
        doc:merge(keep, a.id)
      else
        by[k] = a.id
      end
    end
  end,
}
