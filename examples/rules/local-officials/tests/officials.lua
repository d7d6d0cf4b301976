-- polis test --rules examples/rules/local-officials examples/rules/local-officials/tests
local t = require "polis.test"

t.case("a mayor with the role in force at the date", function ()
  local r = t.analyze("Sadiq Khan opened the new line.", { date = "2023-05-01" })
  t.actor(r, "Sadiq Khan", { kind = "person", country = "GBR", role = "Mayor of London", code = "GBRGOV" })
end)

t.case("roles follow the document date", function ()
  local before = t.analyze("Bill de Blasio spoke on Monday.", { date = "2018-03-01" })
  t.actor(before, "Bill de Blasio", { role = "Mayor of New York City", code = "USAGOV" })
  local after = t.analyze("Bill de Blasio spoke on Monday.", { date = "2024-03-01" })
  t.actor(after, "Bill de Blasio", { code = "USAELI" })
end)

t.case("variant spellings are one actor", function ()
  local r = t.analyze("Vitali Klitschko met residents. Vitaliy Klitschko later toured the site.", { date = "2023-01-10" })
  local a = t.actor(r, "Vitali Klitschko")
  t.eq(#a.mentions, 2, "mentions")
end)
