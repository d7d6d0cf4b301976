-- Stance rules on a whole article, written for this test in the manner of a
-- scraped news page (page furniture first), with the constructions the
-- default rules must read: a visit, a nominal visit, a warning about a
-- clause, coordinated subjects of a visit to a parade, a meeting in a third
-- country, condemnation, a negated idiom, a demonym invasion, a neutral
-- stance. Run: polis test tests/rules
local t = require "polis.test"

local article = [[
 date 2024-03-02 Share on Facebook Image Source : Reuters French President Emmanuel Macron

French President Emmanuel Macron is visiting India from Tuesday for the annual round of India-France strategic consultations, the presidency in Paris said. During the trip, Macron will meet his Indian counterpart Narendra Modi and is expected to discuss the war in Sudan.

The trip comes after a much-discussed visit by Brazilian President Luiz Inacio Lula da Silva to India. Germany warned that French aircraft might be bought by Iran for its drone programme.

German Chancellor Olaf Scholz and Italian Prime Minister Giorgia Meloni attended a summit in Tokyo in May.

Macron also held talks with US President Joe Biden's national security adviser Jake Sullivan on the island of Cyprus.

Notably, France and Germany haven't seen eye-to-eye on the Russian invasion of Ukraine. While Britain has openly condemned Russia, India has refrained from taking sides.
]]

local function country(r, id)
  local it = t.item(r, id)
  return it and (it.country or (it.code and it.code:sub(1, 3)))
end

local function has(r, a, b, spec)
  for _, s in ipairs(r.stances or {}) do
    if country(r, s.source) == a and (b == nil and s.target == nil or country(r, s.target) == b) then
      local ok = true
      for k, v in pairs(spec or {}) do if s[k] ~= v then ok = false end end
      if ok then return s end
    end
  end
  t.fail("no stance " .. a .. " -> " .. tostring(b), 2)
end

local r = t.analyze(article)

t.case("a visit", function () has(r, "FRA", "IND", { type = "visit", polarity = 1 }) end)
t.case("a nominal visit by X to Y", function () has(r, "BRA", "IND", { type = "visit" }) end)
t.case("a meeting, future, with no place from the next clause", function ()
  local s = has(r, "FRA", "IND", { type = "meet", modality = "future" })
  t.eq(s.cameo, "040", "cameo (the war in Sudan is not where they meet)")
end)
t.case("a warning about a clause: its subject and its agent", function ()
  has(r, "DEU", "FRA", { type = "warn", polarity = -1 })
  has(r, "DEU", "IRN", { type = "warn", polarity = -1 })
end)
t.case("coordinated subjects attend an event abroad", function ()
  has(r, "DEU", "JPN", { type = "visit" })
  has(r, "ITA", "JPN", { type = "visit" })
end)
t.case("talks in a third country", function ()
  local s = has(r, "FRA", "USA", { type = "meet", cameo = "044" })
  t.truthy(s.location, "location")
end)
t.case("condemnation, and a comma that ends the clause is no list", function ()
  has(r, "GBR", "RUS", { type = "criticize", polarity = -1 })
  for _, s in ipairs(r.stances) do
    t.truthy(not (country(r, s.source) == "GBR" and country(r, s.target) == "IND"), "no GBR -> IND")
  end
end)
t.case("not seeing eye to eye", function () has(r, "FRA", "DEU", { type = "disagree", polarity = -1 }) end)
t.case("a demonym invasion", function () has(r, "RUS", "UKR", { type = "invade", plover = "ASSAULT" }) end)
t.case("refraining from taking sides", function () has(r, "IND", nil, { type = "neutral", polarity = 0 }) end)
t.case("nothing from the page furniture", function ()
  for _, s in ipairs(r.stances) do
    t.truthy(s.sentence > 0, "stance in sentence " .. s.sentence)
  end
end)
t.case("no cross product", function ()
  t.truthy(#r.stances <= 20, "at most 20 stances, got " .. #r.stances)
end)
