-- Stance rules: nominal stances, idioms, modality, negation, reported speech,
-- event rows. Sentences written for these tests. Run: polis test tests/rules
local t = require "polis.test"

local function country(r, id)
  local it = t.item(r, id)
  return it and (it.country or (it.code and it.code:sub(1, 3)))
end

local function by_country(r, a, b, spec)
  for _, s in ipairs(r.stances or {}) do
    if country(r, s.source) == a and country(r, s.target) == b then
      local ok = true
      for k, v in pairs(spec or {}) do if s[k] ~= v then ok = false end end
      if ok then return s end
    end
  end
  local got = {}
  for _, s in ipairs(r.stances or {}) do
    got[#got + 1] = tostring(country(r, s.source)) .. "-" .. s.type .. "->" .. tostring(country(r, s.target))
  end
  t.fail("no stance " .. a .. " -> " .. b .. "; got " .. table.concat(got, ", "), 2)
end

------------------------------------------------------------------ nominal

t.case("demonym source of a noun: the Russian invasion of Ukraine", function ()
  local r = t.analyze("Prices rose after the Russian invasion of Ukraine in 2022.")
  by_country(r, "RUS", "UKR", { type = "invade", plover = "ASSAULT", polarity = -1 })
end)

t.case("possessive source of a noun", function ()
  local r = t.analyze("Analysts discussed Iraq's invasion of Kuwait.")
  by_country(r, "IRQ", "KWT", { type = "invade" })
end)

t.case("noun with by-agent and target: a visit by X to Y", function ()
  local r = t.analyze("It follows a visit by North Korean leader Kim Jong Un to Russia last week.")
  t.stance(r, { source = "Kim Jong Un", target = "Russia", type = "visit" })
end)

t.case("noun, target, then agent: the occupation of X by Y", function ()
  local r = t.analyze("They remembered the occupation of Kuwait by Iraq.")
  by_country(r, "IRQ", "KWT", { type = "occupy" })
end)

t.case("hyphenated pair: Russia-China consultations", function ()
  local r = t.analyze("The 18th round of Russia-China security consultations opened in Moscow.")
  by_country(r, "RUS", "CHN", { type = "consult", plover = "CONSULT" })
end)

t.case("between X, Y and Z: each pair once", function ()
  local r = t.analyze("Military cooperation between Russia, Iran and Syria has grown.")
  by_country(r, "RUS", "IRN", { cameo = "062" })
  by_country(r, "RUS", "SYR", { cameo = "062" })
  by_country(r, "IRN", "SYR", { cameo = "062" })
  t.eq(#r.stances, 3, "stances")
end)

t.case("a noun without a target is no stance", function ()
  local r = t.analyze("Japan's visit was short.")
  t.eq(#(r.stances or {}), 0, "stances")
end)

t.case("a planned visit is future, a potential deal hypothetical", function ()
  local r = t.analyze("Officials prepared for Emmanuel Macron's planned visit to India.")
  by_country(r, "FRA", "IND", { type = "visit", modality = "future" })
end)

------------------------------------------------------------------ idioms

t.case("not seeing eye to eye is a disagreement, asserted", function ()
  local r = t.analyze("Notably, the US and China haven't seen eye-to-eye on trade.")
  by_country(r, "USA", "CHN", { type = "disagree", polarity = -1, modality = "asserted" })
end)

t.case("refrained from taking sides: neutral, no target", function ()
  local r = t.analyze("India has refrained from taking sides in the dispute.")
  local s = r.stances and r.stances[1]
  t.truthy(s, "a stance")
  t.eq(s.type, "neutral", "type")
  t.eq(s.polarity, 0, "polarity")
  t.eq(s.target, nil, "target")
end)

------------------------------------------------------------------ modality

t.case("did not condemn: negated, the record kept", function ()
  local r = t.analyze("Brazil did not condemn Russia.")
  by_country(r, "BRA", "RUS", { type = "criticize", negated = true, modality = "negated" })
end)

t.case("never criticized: negated", function ()
  local r = t.analyze("Hungary has never criticized China.")
  by_country(r, "HUN", "CHN", { negated = true })
end)

t.case("will meet: future", function ()
  local r = t.analyze("Narendra Modi will meet Joe Biden in Washington.")
  t.stance(r, { source = "Narendra Modi", target = "Joe Biden", type = "meet", modality = "future" })
end)

t.case("is expected to discuss: future", function ()
  local r = t.analyze("Spain is expected to discuss fishing quotas with Morocco.")
  by_country(r, "ESP", "MAR", { type = "consult", modality = "future" })
end)

t.case("could attack: hypothetical", function ()
  local r = t.analyze("Officials fear that Azerbaijan could attack Armenia.")
  by_country(r, "AZE", "ARM", { type = "attack", modality = "hypothetical" })
end)

------------------------------------------------------------------ reported speech

t.case("X said Y ...: reported", function ()
  local r = t.analyze("Ukraine said Russia attacked Kharkiv overnight.")
  local s = by_country(r, "RUS", "UKR", { type = "attack", modality = "reported" })
  t.truthy(s.extra and s.extra.reported_by, "reported_by")
end)

t.case("..., X said: reported", function ()
  local r = t.analyze("Russia shelled Kherson on Sunday, Ukraine said.")
  by_country(r, "RUS", "UKR", { modality = "reported" })
end)

t.case("according to X: reported", function ()
  local r = t.analyze("According to the Russian Foreign Ministry, Sergei Lavrov criticized Japan.")
  by_country(r, "RUS", "JPN", { type = "criticize", modality = "reported" })
end)

t.case("the speaker's own stance is not reported", function ()
  local r = t.analyze("Iran said it would retaliate against Israel.")
  local s = by_country(r, "IRN", "ISR", {})
  t.truthy(s.modality ~= "reported", "not reported")
end)

------------------------------------------------------------------ noise

t.case("page furniture gives no stance", function ()
  local r = t.analyze("date 2023-09-18 Follow us on Image Source : AP Chinese foreign minister Wang Yi\n\n" ..
                      "Share this article on Facebook Twitter WhatsApp")
  t.eq(#(r.stances or {}), 0, "stances")
end)

------------------------------------------------------------------ determinism

t.case("same input, same stances, same order", function ()
  local text = "Russia and China condemned Japan, and Germany met France in Paris while Italy praised Spain."
  local a, b = t.analyze(text), t.analyze(text)
  t.eq(#a.stances, #b.stances, "count")
  for i = 1, #a.stances do
    t.eq(a.stances[i].source .. a.stances[i].type .. tostring(a.stances[i].target),
         b.stances[i].source .. b.stances[i].type .. tostring(b.stances[i].target), "stance " .. i)
  end
end)

t.case("a possessor with a noun of intent acts: Russia's decision to invade", function ()
  local r = t.analyze("Russia's decision to invade Ukraine shocked Europe.")
  by_country(r, "RUS", "UKR", { type = "invade", modality = "asserted" })
  r = t.analyze("China's plan to blockade Taiwan worries Japan.")
  by_country(r, "CHN", "TWN", { type = "blockade", modality = "future" })
  r = t.analyze("Iran's refusal to release the British sailors angered London.")
  by_country(r, "IRN", "GBR", { type = "release", negated = true })
end)

t.case("a noun, a participle and its agent: 'sanctions imposed by X on Y'", function ()
  t.stance(t.analyze("The sanctions imposed by Washington on Moscow have failed to stop the war."),
           { source = "Washington", target = "Moscow", type = "sanction" })
end)

t.case("a meeting between people named with their titles", function ()
  local r = t.analyze("The meeting between Chinese Premier Li Qiang and Australian Prime Minister " ..
                      "Anthony Albanese is expected to focus on trade.")
  t.stance(r, { source = "Li Qiang", target = "Anthony Albanese", type = "meet", modality = "future" })
end)

t.case("a meeting someone calls for is hypothetical", function ()
  local r = t.analyze("Viktor Orban called for immediate peace talks between Moscow and Kyiv.")
  t.stance(r, { source = "Moscow", target = "Kyiv", type = "meet", modality = "hypothetical" })
  r = t.analyze("Russia and Ukraine held talks in Istanbul.")
  t.stance(r, { source = "Russia", target = "Ukraine", type = "meet", modality = "asserted" })
end)

t.case("NOUN PARTICIPLE prep TARGET by SOURCE", function ()
  local r = t.analyze("The sanctions imposed on Russia by the European Union have hurt its economy.")
  t.stance(r, { source = "European Union", target = "Russia", cameo = "163" })
end)

t.case("later, soon and next make a verb future only when it is not in the past", function ()
  local r = t.analyze("Russia later condemned Ukraine. Iran soon meets Iraq. China will meet Japan later.")
  t.stance(r, { source = "Russia", target = "Ukraine", modality = "asserted" })
  t.stance(r, { source = "Iran", target = "Iraq", modality = "future" })
  t.stance(r, { source = "China", target = "Japan", modality = "future" })
end)
