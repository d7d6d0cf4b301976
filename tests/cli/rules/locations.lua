-- CLI test rules: a few cities with fixed coordinates.
local polis = require "polis"

local cities = polis.lexicon {
  { "Moscow", iso = "RUS", lat = 55.7558, lon = 37.6173 },
  { "Beijing", iso = "CHN", lat = 39.9042, lon = 116.4074 },
  { "Kyiv", iso = "UKR", lat = 50.4501, lon = 30.5234 },
  { "Brussels", iso = "BEL", lat = 50.8503, lon = 4.3517 },
  { "New Delhi", iso = "IND", lat = 28.6139, lon = 77.2090 },
  { "Berlin", iso = "DEU", lat = 52.5200, lon = 13.4050 },
  { "Paris", iso = "FRA", lat = 48.8566, lon = 2.3522 },
}

polis.rule {
  name = "cli-cities", stage = "locations", dict = cities,
  emit = function (doc, m)
    local e = m.entry
    doc:location { name = e.phrase, kind = "city", country = e.iso,
                   lat = tonumber(e.lat), lon = tonumber(e.lon), span = m }
  end,
}
