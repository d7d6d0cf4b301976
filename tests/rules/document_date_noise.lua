-- Document stage: the date from the text and page furniture (NOISE). Texts written for
-- these tests.
local t = require "polis.test"

t.case("a leading date label gives the document date", function ()
  local r = t.analyze(" date 2021-04-07 Storms hit the coast.")
  t.eq(r.date, "2021-04-07", "date")
end)

t.case("a dateline gives the document date", function ()
  local r = t.analyze("LISBON, March 3, 2021 - The government resigned on Wednesday.")
  t.eq(r.date, "2021-03-03", "date")
  r = t.analyze("Published 14 November 2019. Farmers protested in Paris.")
  t.eq(r.date, "2019-11-14", "date")
end)

t.case("the input's date wins over the text", function ()
  local r = t.analyze("date 2021-04-07 Storms hit the coast.", { date = "2020-01-01" })
  t.eq(r.date, "2020-01-01", "date")
end)

t.case("no date in the text: none", function ()
  local r = t.analyze("Storms hit the coast in 2019 and 2020, and again last week.")
  t.eq(r.date, nil, "date")
end)

t.case("photo credits and share buttons are not actors", function ()
  local r = t.analyze("Follow us on Twitter Image Source : AP Kenyan President William Ruto spoke.",
                      { date = "2023-05-01" })
  t.no_actor(r, "AP")
  t.no_actor(r, "Associated Press")
  t.no_actor(r, "Twitter")
  t.actor(r, "William Ruto", { country = "KEN" })
  r = t.analyze("The AP reported the vote. Read more: Reuters on the vote")
  t.actor(r, "Associated Press")
end)
