-- polis test --rules examples/rules/expulsions examples/rules/expulsions/tests
local t = require "polis.test"

t.case("expelled + number + demonym + diplomats", function ()
  local r = t.analyze("Poland expelled 45 Russian diplomats on Tuesday.")
  t.stance(r, { source = "Poland", target = "Russia", type = "expel", cameo = "166", polarity = -1 })
end)

t.case("auxiliary, article, ambassador", function ()
  local r = t.analyze("Russia has expelled the German ambassador, the ministry said.")
  t.stance(r, { source = "Russia", target = "Germany", type = "expel" })
end)

t.case("future, with the country after 'from'", function ()
  local r = t.analyze("Britain will expel diplomats from Iran next week.")
  t.stance(r, { source = "Britain", target = "Iran", type = "expel", modality = "future" })
end)

t.case("no expulsion without envoys", function ()
  local r = t.analyze("The party expelled two members who voted against the budget.")
  t.no_stance(r, { type = "expel" })
end)
