-- Default location rules (stage "locations"): every place name of the
-- document, resolved to one gazetteer entry per place. How it decides:
-- docs/locations.md. The work is in lib/geo/resolve.lua; this file emits.
local polis = require "polis"
local resolve = require "lib.geo.resolve"

polis.rule {
  name = "locations",
  stage = "locations",
  description = "gazetteer places, disambiguated by context, pairs, cues and actors",
  run = function (doc)
    -- Several names may resolve to one place ("US", "America"): emit each
    -- place once, with its mentions in text order.
    local places, order = {}, {}
    for _, p in ipairs(resolve.places(doc)) do
      local i = p.info
      local t = places[i]
      if not t then
        places[i] = { p.spans }
        order[#order + 1] = i
      else
        t[#t + 1] = p.spans
      end
    end
    for _, i in ipairs(order) do
      local lists = places[i]
      local spans = lists[1]
      if #lists > 1 then
        spans = {}
        for _, l in ipairs(lists) do
          for _, m in ipairs(l) do spans[#spans + 1] = m end
        end
        table.sort(spans, function (a, b) return a.span.first < b.span.first end)
      end
      local id = doc:location {
        name = i.phrase, kind = i.kind, country = i.country, admin1 = i.admin1,
        lat = i.lat, lon = i.lon, population = i.population,
        geonameid = i.geonameid, span = spans[1].span, key = i.key,
      }
      for k = 2, #spans do doc:mention(id, spans[k].span) end
    end
  end,
}
