-- Actor rules: coreference (surnames, role phrases, "the two officials"). Sentences written
-- for these tests.
local t = require "polis.test"

local function texts(a)
  local out = {}
  for _, m in ipairs(a.mentions) do out[#out + 1] = m.text end
  return table.concat(out, "|")
end

t.case("a role phrase joins the person named before with that role and country", function ()
  local r = t.analyze("Japanese Foreign Minister Yoko Kamikawa arrived in Delhi on Monday. " ..
                      "The Japanese foreign minister later met business leaders.", { date = "2024-03-01" })
  local a = t.actor(r, "Yoko Kamikawa", { country = "JPN", role = "Foreign Minister" })
  t.eq(texts(a), "Yoko Kamikawa|Japanese foreign minister", "mentions")
end)

t.case("the two officials are the last two people named", function ()
  local r = t.analyze("Ngozi Adeyemi met Tomas Lindqvist in Geneva. The two officials discussed trade.")
  t.eq(texts(t.actor(r, "Ngozi Adeyemi")), "Ngozi Adeyemi|two officials", "first")
  t.eq(texts(t.actor(r, "Tomas Lindqvist")), "Tomas Lindqvist|two officials", "second")
end)

t.case("a title and surname before the full name", function ()
  local r = t.analyze("Mr Lindqvist spoke first. Later, Tomas Lindqvist left the hall.")
  t.eq(texts(t.actor(r, "Tomas Lindqvist")), "Lindqvist|Tomas Lindqvist", "mentions")
end)

t.case("a role phrase with no matching person stays unlinked", function ()
  local r = t.analyze("Olaf Brenner spoke. The Brazilian president did not comment.", { date = "2020-01-01" })
  t.eq(texts(t.actor(r, "Olaf Brenner")), "Olaf Brenner", "mentions")
end)
