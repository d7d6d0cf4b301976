-- Actor rules: organisations, seats of power, countries where they act, nominal bodies.
-- Sentences written for these tests.
local t = require "polis.test"

local function texts(a)
  local out = {}
  for _, m in ipairs(a.mentions) do out[#out + 1] = m.text end
  return table.concat(out, "|")
end

t.case("an expansion and its acronym in brackets are one actor", function ()
  local r = t.analyze("Ministers discussed the future of the North Atlantic Treaty Organisation (NATO) in Oslo. NATO said little.")
  local a = t.actor(r, "NATO", { kind = "organization", code = "IGOWSTNAT" })
  t.eq(texts(a), "North Atlantic Treaty Organisation|NATO|NATO", "mentions")
end)

t.case("an unknown organisation and its acronym", function ()
  local r = t.analyze("The Coastal Fisheries Board (CFB) rejected the quota. Later the CFB asked for talks.")
  local a = t.actor(r, "Coastal Fisheries Board", { kind = "organization" })
  t.eq(texts(a), "Coastal Fisheries Board|CFB|CFB", "mentions")
end)

t.case("a ministry takes its country from the words around it", function ()
  local r = t.analyze("The Foreign Ministry in Beijing announced the visit. According to the Russian Foreign Ministry, talks went well.")
  t.actor(r, "Chinese Foreign Ministry", { kind = "organization", country = "CHN", code = "CHNGOV" })
  t.actor(r, "Russian Foreign Ministry", { kind = "organization", country = "RUS", code = "RUSGOV" })
  t.no_actor(r, "Beijing")
end)

t.case("organisations by their words", function ()
  local r = t.analyze("The Lakeside Farmers Association and Kestrel Mining Corp signed a deal with the Ministry of Water Resources.")
  t.actor(r, "Lakeside Farmers Association", { kind = "organization" })
  t.actor(r, "Kestrel Mining Corp", { kind = "organization" })
  t.actor(r, "Ministry of Water Resources", { kind = "organization" })
end)

t.case("known international bodies and their codes", function ()
  local r = t.analyze("The UN and the African Union welcomed the IAEA report.")
  t.actor(r, "United Nations", { code = "IGOUNO" })
  t.actor(r, "African Union", { code = "IGOAFRAFU" })
  t.actor(r, "International Atomic Energy Agency", { code = "IGOUNOIAE" })
  t.eq(texts(t.actor(r, "United Nations")), "UN", "no leading 'the'")
end)

t.case("seats of power are actors, except as places", function ()
  local r = t.analyze("The Kremlin rejected the claim. As per the White House, talks continue.")
  t.actor(r, "Kremlin", { code = "RUSGOV" })
  t.actor(r, "White House", { code = "USAGOV" })
  r = t.analyze("Reporters waited outside the White House for hours.")
  t.no_actor(r, "White House")
end)

t.case("capitals act for their governments", function ()
  local r = t.analyze("Beijing warned against the sale, and Moscow's reaction was swift.")
  t.actor(r, "Beijing", { country = "CHN", code = "CHNGOV" })
  t.actor(r, "Moscow", { country = "RUS", code = "RUSGOV" })
  r = t.analyze("The delegation arrived in Beijing and then flew to Moscow.")
  t.no_actor(r, "Beijing")
  t.no_actor(r, "Moscow")
end)

t.case("countries are actors where they act, not where they are places", function ()
  local r = t.analyze("Russia warned that it would respond. The minister is visiting Russia from Monday.")
  local a = t.actor(r, "Russia", { kind = "country", country = "RUS", code = "RUS" })
  t.eq(#a.mentions, 1, "only the acting mention")
  r = t.analyze("Relations between China and India have improved, while America openly condemned Iran.")
  t.actor(r, "China")
  t.actor(r, "India")
  t.actor(r, "United States", { country = "USA" })
  t.actor(r, "Iran")
  r = t.analyze("The summit will take place in Malta next year.")
  t.no_actor(r, "Malta")
end)

t.case("country possessives and coordinated subjects", function ()
  local r = t.analyze("Russia and China's relations with the US have changed. Japan's position is firm.")
  t.actor(r, "Russia")
  t.actor(r, "China")
  t.actor(r, "United States")
  t.actor(r, "Japan")
end)

t.case("nominal bodies of a country are groups", function ()
  local r = t.analyze("The Russian government denied the report, and Chinese troops left the border.")
  t.actor(r, "Russian government", { kind = "group", country = "RUS", code = "RUSGOV" })
  t.actor(r, "Chinese troops", { kind = "group", country = "CHN" })
end)

t.case("a party named before a role gives the person's sector", function ()
  local r = t.analyze("Labour leader Keir Starmer said the vote was close.", { date = "2022-06-01" })
  t.actor(r, "Keir Starmer", { country = "GBR" })
  t.actor(r, "Labour Party", { kind = "organization", code = "GBRPTY" })
end)

t.case("a misspelt capital where states act", function ()
  local r = t.analyze("Analysts fear a deal between Pyonyang and Moscow.", { date = "2023-09-18" })
  t.actor(r, "Pyongyang", { kind = "country", country = "PRK", code = "PRKGOV" })
  r = t.analyze("Tourists flew between Lisbom and Porto.")
  t.no_actor(r, "Lisbon")
end)

t.case("the West acts; West Nile and Prince Edward Island are not actors", function ()
  local r = t.analyze("China said that the West needs to listen.")
  t.actor(r, "West", { kind = "group", code = "WST" })
  r = t.analyze("West Nile virus spread in Ontario, and officials on Prince Edward Island said little.")
  t.no_actor(r, "West")
  t.no_actor(r, "Edward Island")
end)

t.case("a capital where something happens is a place, not an actor", function ()
  -- a place, a comma and the actor: no coordination ("Russia, China and the EU warned")
  local r = t.analyze("In Moscow, the Russian Foreign Ministry condemned the meeting.")
  t.no_actor(r, "Moscow")
  t.actor(r, "Russian Foreign Ministry", { code = "RUSGOV" })
  r = t.analyze("Moscow, Beijing and the European Union warned against the plan.")
  t.actor(r, "Moscow", { code = "RUSGOV" })
  t.actor(r, "Beijing", { code = "CHNGOV" })
end)

t.case("a dateline is a place, not the power seated there", function ()
  local r = t.analyze("BRUSSELS (Reuters) - Ministers met on Tuesday. Brussels rejected the plan.")
  local eu = t.actor(r, "Brussels", { code = "IGOEUREEC" })
  t.eq(#eu.mentions, 1, "only the acting mention")
  t.eq(eu.mentions[1].text, "Brussels", "the mention in the text, not the dateline")
end)

t.case("a country or capital that ends a person's name does not act", function ()
  local r = t.analyze("The actor Denzel Washington visited Georgia last week.")
  t.no_actor(r, "Washington")
  r = t.analyze("Neighbouring Argentina sent firefighters and boats.")
  t.actor(r, "Argentina", { code = "ARG" })
end)

t.case("a one-word speaker the text treats as a body is an organisation", function ()
  local r = t.analyze("Mobile sales rose by a third, Veltrana said. Veltrana analyst Sara Lind " ..
                      "expects more growth, and Veltrana shares rose.")
  t.actor(r, "Veltrana", { kind = "organization" })
  t.actor(r, "Sara Lind", { kind = "person" })
  -- a speaker the text names as a person stays one
  r = t.analyze("Prices will fall, Korvane said. Mr Korvane runs a shop in Leeds.")
  t.actor(r, "Korvane", { kind = "person" })
end)

t.case("a name after a noun for a kind of body is an organisation", function ()
  local r = t.analyze("Dutch brewer Veldhoven reported higher profit. Finnish security firm " ..
                      "F-Secure issued a warning. The investment bank Merrill Lynch agreed.")
  t.actor(r, "Veldhoven", { kind = "organization", country = "NLD" })
  t.actor(r, "F-Secure", { kind = "organization" })
  t.actor(r, "Merrill Lynch", { kind = "organization" })
  -- not a compound, not a person's noun, not a given name
  r = t.analyze("The film-maker Spike Lee and the publisher Kimberly Quinn spoke.")
  for _, a in ipairs(r.actors or {}) do
    t.truthy(a.kind ~= "organization", a.name .. " is no organisation")
  end
end)

t.case("Georgia the US state is no country acting; Georgia the country is", function ()
  local r = t.analyze("ATLANTA (AP) - Georgia's Republican governor signed a bill on Tuesday that " ..
                      "overhauls the state's election rules. President Joe Biden called the Georgia " ..
                      "law an atrocity.")
  t.no_actor(r, "Georgia")
  local l = t.location(r, "Georgia")
  t.eq(l.country, "USA", "the state")
  r = t.analyze("The United States criticised Georgia's foreign agent law. Georgia rejected the criticism.")
  t.actor(r, "Georgia", { country = "GEO" })
end)

t.case("a long text with thousands of one-word speakers stays within the budget", function ()
  local parts = {}
  for k = 1, 1500 do
    local name = "Zorvik" .. string.char(97 + k % 26) .. string.char(97 + (k // 26) % 26)
    parts[#parts + 1] = "Prices fell, " .. name .. " said. Analysts at " .. name ..
                        " expect more. Mr Tallis said " .. name .. " shares rose."
  end
  local r = t.analyze(table.concat(parts, " "))
  t.count(r.errors, 0, "errors")
  t.actor(r, "Zorvikbh", { kind = "organization" })
end)

t.case("an apposition that names a body: 'Opel, the German arm of General Motors'", function ()
  local r = t.analyze("BMW gained market share, while Opel, the German arm of General Motors Corp, lost ground.")
  t.actor(r, "Opel", { kind = "organization" })
  -- a place and a new clause, a person's name and a new clause
  r = t.analyze("At Gatwick, the company has written to homes. Chief executive Sidney Taurel, " ..
                "the company says, was wrong.")
  t.no_actor(r, "Gatwick")
  for _, a in ipairs(r.actors or {}) do t.truthy(a.name ~= "Taurel", "no organisation Taurel") end
end)

t.case("a one-word organisation inside a longer capitalised name is not that organisation", function ()
  local r = t.analyze("Thousands attended the Holocaust Memorial Day service in the city. " ..
                      "Sony Pictures confirmed the sequel on Monday.")
  t.no_actor(r, "Memorial")
  t.actor(r, "Sony", { country = "JPN" })
end)

t.case("a capital's possessive before what a city has is the city, not its state", function ()
  local r = t.analyze("Moscow's mayor Sergei Sobyanin opened a metro line. Moscow's decision angered Kyiv.")
  local a = t.actor(r, "Moscow", { code = "RUSGOV" })
  t.eq(#a.mentions, 1, "only the decision's Moscow acts")
end)
