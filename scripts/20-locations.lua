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

-- Places that share an info become one, its mentions in text order.
local function merge(places)
  local out, of = {}, {}
  for _, p in ipairs(places) do
    local q = of[p.info]
    if not q then
      q = { info = p.info, spans = {} }
      of[p.info] = q
      out[#out + 1] = q
    end
    local spans = q.spans
    for _, m in ipairs(p.spans) do spans[#spans + 1] = m end
  end
  for _, q in ipairs(out) do
    if #q.spans > 1 then table.sort(q.spans, by_first) end
  end
  return out
end

local stamp = 0

polis.rule {
  name = "locations",
  stage = "locations",
  description = "gazetteer places, disambiguated by context, pairs, cues and actors",
  run = function (doc)
    local places = resolve.places(doc)
    local n = #places
    if n == 0 then return end
    -- Several names may resolve to one place ("US", "America"): emit each
    -- place once, with its mentions in text order. (A stamp on the info
    -- finds them without a table per document.)
    stamp = stamp + 1
    local merged = false
    for k = 1, n do
      local i = places[k].info
      if i.stamp == stamp then merged = true break end
      i.stamp = stamp
    end
    if merged then places = merge(places) end
    for k = 1, #places do
      local p = places[k]
      local spans = p.spans
      local t = item_of(p.info)
      t.span = spans[1]
      local id = doc:location(t)
      t.span = nil
      for x = 2, #spans do doc:mention(id, spans[x]) end
    end
  end,
}
