-- Ukraine as a place too, so that one span is both an actor and a location
-- (load after tests/cli/rules).
local polis = require "polis"

polis.rule {
  name = "cli-ukraine-place", stage = "locations", regex = [[\bUkraine\b]],
  emit = function (doc, m)
    doc:location { name = "Ukraine", kind = "country", country = "UKR", lat = 49.0, lon = 32.0,
                   span = m }
  end,
}
