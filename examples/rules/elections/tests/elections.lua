-- polis test --rules examples/rules/elections examples/rules/elections/tests
local t = require "polis.test"

t.case("an election with a country and a year", function ()
  local r = t.analyze("Voters in France will choose a new leader in the presidential election in 2027.")
  t.truthy(r.elections, "elections field")
  t.eq(r.elections[1].kind, "presidential")
  t.eq(r.elections[1].year, 2027)
end)

t.case("several elections", function ()
  local r = t.analyze("After the parliamentary elections in Hungary, observers expect local elections in the spring.")
  t.eq(#r.elections, 2, "number of elections")
  t.eq(r.elections[1].country, "HUN")
end)

t.case("no field without an election", function ()
  local r = t.analyze("The minister visited a school in Lyon.")
  t.eq(r.elections, nil, "elections")
end)

t.case("the field does not leak into the next document", function ()
  t.analyze("The snap election was called on Monday.")
  local r = t.analyze("Nothing to see here.")
  t.eq(r.elections, nil, "elections")
end)
