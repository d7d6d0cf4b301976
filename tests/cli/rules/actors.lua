-- CLI test rules: a fixed handful of countries and people, so the CLI tests
-- do not depend on the default rules (which change while they are written).
local polis = require "polis"

local countries = polis.lexicon {
  { "Russia", iso = "RUS" }, { "Ukraine", iso = "UKR" }, { "China", iso = "CHN" },
  { "United States", iso = "USA" }, { "India", iso = "IND" }, { "Australia", iso = "AUS" },
  { "Germany", iso = "DEU" }, { "France", iso = "FRA" },
}

polis.rule {
  name = "cli-countries", stage = "actors", dict = countries,
  emit = function (doc, m)
    doc:actor { name = m.entry.phrase, kind = "country", country = m.entry.iso,
                code = m.entry.iso .. "GOV", span = m }
  end,
}

local people = polis.lexicon {
  { "Vladimir Putin", name = "Vladimir Putin", iso = "RUS", role = "President" },
  { "Putin", name = "Vladimir Putin", iso = "RUS", role = "President" },
  { "Xi Jinping", name = "Xi Jinping", iso = "CHN", role = "President" },
  { "Narendra Modi", name = "Narendra Modi", iso = "IND", role = "Prime Minister" },
  { "Modi", name = "Narendra Modi", iso = "IND", role = "Prime Minister" },
  { "Anthony Albanese", name = "Anthony Albanese", iso = "AUS", role = "Prime Minister" },
  { "Albanese", name = "Anthony Albanese", iso = "AUS", role = "Prime Minister" },
  { "Olaf Scholz", name = "Olaf Scholz", iso = "DEU", role = "Chancellor" },
  { "Scholz", name = "Olaf Scholz", iso = "DEU", role = "Chancellor" },
  { "Volodymyr Zelensky", name = "Volodymyr Zelensky", iso = "UKR", role = "President" },
  { "Zelensky", name = "Volodymyr Zelensky", iso = "UKR", role = "President" },
}

polis.rule {
  name = "cli-people", stage = "actors", dict = people,
  emit = function (doc, m)
    local e = m.entry
    doc:actor { name = e.name, kind = "person", country = e.iso, code = e.iso .. "GOV",
                role = e.role, key = "person:" .. e.name, span = m }
  end,
}
