-- Default location rules (stage "locations"): every place name of the
-- document, resolved to one gazetteer entry per place. How it decides:
-- docs/locations.md. The work is in lib/geo/resolve.lua; this file emits.
local polis = require "polis"
local resolve = require "lib.geo.resolve"

-- The fields of a place's location item, made once per gazetteer entry (the
-- engine copies them; only span changes from call to call).
local items = setmetatable({}, { __mode = "k" })
local function item_of(i)
  local t = items[i]
  if not t then
    t = { name = i.phrase, kind = i.kind, country = i.country, admin1 = i.admin1,
          lat = i.lat, lon = i.lon, population = i.population,
          geonameid = i.geonameid, key = i.key }
    items[i] = t
  end
  return t
end

local function by_first(a, b) return a.first < b.first end

polis.rule {
  name = "locations",
  stage = "locations",
  description = "gazetteer places, disambiguated by context, pairs, cues and actors",
  run = function (doc)
    local places = resolve.places(doc)
    local n = #places
    if n == 0 then return end
    -- Several names may resolve to one place ("US", "America"): emit each
    -- place once, with its mentions in text order.
    local first_of, merged = {}, false
    for k = 1, n do
      local p = places[k]
      local i = p.info
      local f = first_of[i]
      if not f then
        first_of[i] = p
      else
        local all = f.spans
        if not f.merged then
          all = {}
          for x, m in ipairs(f.spans) do all[x] = m end
          f.spans, f.merged, merged = all, true, true
        end
        for _, m in ipairs(p.spans) do all[#all + 1] = m end
        places[k] = false
      end
    end
    for k = 1, n do
      local p = places[k]
      if p then
        local spans = p.spans
        if merged and p.merged then table.sort(spans, by_first) end
        local t = item_of(p.info)
        t.span = spans[1]
        local id = doc:location(t)
        t.span = nil
        for x = 2, #spans do doc:mention(id, spans[x]) end
      end
    end
  end,
}
