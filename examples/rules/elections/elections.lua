-- A custom stage and a custom output field: elections mentioned in an
-- article, with the country they are held in and the year when given.
--   polis analyze --rules examples/rules/elections article.txt
-- adds  "elections": [{"kind": "presidential", "country": "FRA", "year": 2027,
--                      "text": "...", "start": 10, "end": 40}]
local polis = require "polis"

-- Runs after the default stances, before the finish stage.
polis.stage { name = "events", after = "stances" }

local kinds = polis.lexicon {
  { "presidential", kind = "presidential" }, { "parliamentary", kind = "parliamentary" },
  { "general", kind = "general" }, { "legislative", kind = "legislative" },
  { "local", kind = "local" }, { "regional", kind = "regional" },
  { "snap", kind = "snap" }, { "mid-term", kind = "midterm" }, { "midterm", kind = "midterm" },
}

local found = {}        -- per document, filled by the rule, written out by "example.elections.write"

polis.rule {
  name = "example.elections.find",
  stage = "events",
  -- "the French presidential election in 2027", "Hungary's parliamentary elections"
  pattern = [[({ACTOR}=place ("'s")? | {LOCATION}=place)? @kinds=kind (election | elections | vote | poll)
              (in {LOCATION}=where)? (in [num]=year)?]],
  vars = { kinds = kinds },
  emit = function (doc, m)
    -- "elections in Hungary" wins over "Hungary's elections"; either may be absent
    local country
    for _, side in ipairs { m.where or false, m.place or false } do
      local item = side and side.item and doc:get(side.item)
      if item and item.country and not country then country = item.country end
    end
    found[#found + 1] = {
      kind = m.kind.entry.kind, country = country,
      year = m.year and tonumber(m.year.text) or nil,
      text = m.text, start = m.start, ["end"] = m.stop,
    }
  end,
}

polis.rule {
  name = "example.elections.write",
  stage = "events",
  run = function (doc)
    if #found > 0 then doc:set("elections", found) end
    found = {}
  end,
}
