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
    local ids = {}
    for _, p in ipairs(resolve.places(doc)) do
      local i = p.info
      local id = ids[i]
      if id then
        doc:mention(id, p.span)          -- another mention of a place already emitted
      else
        ids[i] = doc:location {
          name = i.phrase, kind = i.kind, country = i.country, admin1 = i.admin1,
          lat = i.lat, lon = i.lon, population = i.population,
          geonameid = i.geonameid, span = p.span, key = i.key,
        }
      end
    end
  end,
}
