-- Actor rules: people (known office holders with date-aware roles, unknown people found by
-- titles, roles, given names and speech verbs). Sentences written for these tests.
local t = require "polis.test"

-- The texts of the mentions of an actor, in order.
local function texts(a)
  local out = {}
  for _, m in ipairs(a.mentions) do out[#out + 1] = m.text end
  return table.concat(out, "|")
end

t.case("a known president resolves to his office at the document date", function ()
  local text = "US President Joe Biden spoke to reporters in Ohio on Tuesday."
  local r = t.analyze(text, { date = "2023-05-02" })
  local a = t.actor(r, "Joe Biden", { kind = "person", country = "USA", code = "USAGOV", role = "President" })
  t.eq(texts(a), "Joe Biden", "mention without the title")
  r = t.analyze(text, { date = "2014-05-02" })
  t.actor(r, "Joe Biden", { code = "USAGOV", role = "Vice President" })
  r = t.analyze(text, { date = "2026-02-10" })
  t.actor(r, "Joe Biden", { code = "USAELI", role = "Former President" })
end)

t.case("variant spellings map to one canonical actor", function ()
  local r = t.analyze("Sergey Lavrov met Kim Jong-un, and Volodymyr Zelenskyy later called Sergei Lavrov.",
                      { date = "2024-01-10" })
  local a = t.actor(r, "Sergei Lavrov", { country = "RUS", code = "RUSGOV", role = "Foreign Minister" })
  t.eq(#a.mentions, 2, "two mentions of Lavrov")
  t.actor(r, "Kim Jong Un", { country = "PRK" })
  t.actor(r, "Volodymyr Zelensky", { country = "UKR", code = "UKRGOV" })
end)

t.case("the possessive is not part of the name", function ()
  local r = t.analyze("President Joe Biden's adviser landed in Rome.", { date = "2022-03-01" })
  t.eq(texts(t.actor(r, "Joe Biden")), "Joe Biden", "mention")
end)

t.case("a title before a surname names the person of the text", function ()
  local r = t.analyze("Tory leader Michael Howard attacked the plans. Mr Howard said voters were angry.",
                      { date = "2004-11-20" })
  local a = t.actor(r, "Michael Howard", { country = "GBR" })
  t.eq(texts(a), "Michael Howard|Howard", "mentions")
  t.no_actor(r, "Tory")
end)

t.case("surnames join the person named in full", function ()
  local r = t.analyze("Chinese Foreign Minister Wang Yi arrived on Monday. Wang's visit lasts three days, and Wang will see officials.",
                      { date = "2023-09-18" })
  local a = t.actor(r, "Wang Yi", { country = "CHN", code = "CHNGOV", role = "Foreign Minister" })
  t.eq(texts(a), "Wang Yi|Wang|Wang", "mentions")
end)

t.case("an unknown person after a role gets the country and sector of the words before", function ()
  local r = t.analyze("Chinese Communist Party Politburo member Li Hongzhong watched the parade.",
                      { date = "2023-09-18" })
  t.actor(r, "Li Hongzhong", { kind = "person", country = "CHN", code = "CHNPTY" })
  t.actor(r, "Chinese Communist Party", { kind = "organization", code = "CHNPTY" })
end)

t.case("an unknown person after a title or with a known given name", function ()
  local r = t.analyze("Olena Kovalenko, a lawyer in Lviv, said the ruling was unfair. Dr Mbeki-Tanaka disagreed.")
  t.actor(r, "Olena Kovalenko", { kind = "person" })
  t.actor(r, "Mbeki-Tanaka", { kind = "person" })
end)

t.case("an unknown surname before a speech verb is a person", function ()
  local r = t.analyze("The plan was criticised in parliament. \"It will not work,\" Brandvold said on Friday.")
  t.actor(r, "Brandvold", { kind = "person" })
end)

t.case("a role after a name by apposition", function ()
  local r = t.analyze("Amara Okonkwo, the Nigerian finance minister, presented the budget.")
  t.actor(r, "Amara Okonkwo", { kind = "person", country = "NGA", role = "Finance Minister", code = "NGAGOV" })
end)

t.case("weekdays, months and sentence openers are not people", function ()
  local r = t.analyze("Monday was quiet. However, September brought rain. Notably, Friday saw protests.")
  t.count(r.actors, 0, "actors")
end)

t.case("demonyms are not mentions", function ()
  local r = t.analyze("Russian Defence Minister Sergei Shoigu met Chinese officials.", { date = "2023-07-01" })
  t.actor(r, "Sergei Shoigu", { country = "RUS", code = "RUSGOV" })
  t.no_actor(r, "Russian")
  t.no_actor(r, "Chinese")
end)

t.case("a text without a date takes its people's common time for their offices", function ()
  local r = t.analyze("Tony Blair and Gordon Brown launched the campaign; Michael Howard replied.")
  t.actor(r, "Gordon Brown", { role = "Chancellor of the Exchequer" })
  t.actor(r, "Tony Blair", { role = "Prime Minister" })
end)

t.case("a surname shape makes a person without a known given name", function ()
  local r = t.analyze("In the final, Velimir Drakulovic beat the holder in three sets.")
  t.actor(r, "Velimir Drakulovic", { kind = "person" })
  r = t.analyze("Tickets for the Fonteyn Nureyev Young Dancers gala sold out.")
  t.no_actor(r, "Fonteyn Nureyev")
end)

t.case("a famous surname alone, as the party a verb or a relation names", function ()
  local r = t.analyze("Putin met Erdogan in Sochi. Later Putin spoke with Erdogan again.",
                      { date = "2023-09-04" })
  t.actor(r, "Vladimir Putin", { code = "RUSGOV" })
  t.actor(r, "Recep Tayyip Erdoğan", { code = "TURGOV" })
end)

t.case("lone surnames of famous people: best-known office without a date, short surnames, namesakes", function ()
  local r = t.analyze("Biden met Xi in California.")
  t.actor(r, "Joe Biden", { code = "USAGOV", role = "President" })
  t.actor(r, "Xi Jinping", { code = "CHNGOV" })
  -- a namesake named in full in the text is who the surname means
  r = t.analyze("Victor Conte runs a laboratory. Conte said the tests were fair.")
  t.no_actor(r, "Giuseppe Conte")
  t.eq(#t.actor(r, "Victor Conte").mentions, 2, "both mentions")
end)

t.case("without a date, the roles the text gives pick the day the people are dated at", function ()
  local r = t.analyze("President Joe Biden urged Congress to act. Senate Majority Leader Chuck Schumer " ..
                      "said Democrats would push ahead.")
  t.actor(r, "Joe Biden", { role = "President" })
  t.actor(r, "Chuck Schumer", { role = "Senate Majority Leader" })
end)

t.case("an office says more than a party: a Republican governor governs, a Labour MP legislates", function ()
  t.actor(t.analyze("Georgia's Republican governor, Brian Kemp, signed the bill."), "Brian Kemp",
          { code = "USAGOV" })
  t.actor(t.analyze("Labour MP Jane Holloway said the plan would fail."), "Jane Holloway",
          { code = "GBRLEG" })
  t.actor(t.analyze("Conservative leader Tom Ashby spoke."), "Tom Ashby", { code = "GBRPTY" })
end)

t.case("a title word after a given name is a surname: 'Paul King'", function ()
  t.actor(t.analyze("The attack was serious, said Paul King, chief security architect at the firm."),
          "Paul King", { kind = "person" })
  t.actor(t.analyze("Prince Harry met King Charles in London."), "Charles III")
end)

t.case("the role as written beats a role that contains it", function ()
  t.actor(t.analyze("Kenyan President William Ruto sent police officers to Haiti."), "William Ruto",
          { role = "President" })
end)

t.case("a country's possessive before a role gives an unknown person that country", function ()
  local r = t.analyze("Ghana's foreign minister Shirley Botchwey met Nigeria's finance minister " ..
                      "Wale Edun in Accra.")
  t.actor(r, "Shirley Botchwey", { kind = "person", country = "GHA", code = "GHAGOV",
                                   role = "Foreign Minister" })
  t.actor(r, "Wale Edun", { kind = "person", country = "NGA", code = "NGAGOV", role = "Finance Minister" })
end)

t.case("a title and name before a building's noun name the building, not a person", function ()
  local r = t.analyze("They waited outside King Cross station. Nurses at the Queen Elizabeth " ..
                      "Hospital went on strike. King Charles visited Paris.", { date = "2024-03-01" })
  t.no_actor(r, "Cross")
  t.no_actor(r, "Elizabeth II")
  t.actor(r, "Charles III", { country = "GBR" })
end)

t.case("popes are the Holy See's heads of state at the document date", function ()
  local r = t.analyze("Pope Leo XIV called for a ceasefire.", { date = "2025-06-10" })
  t.actor(r, "Pope Leo XIV", { country = "VAT", code = "VATGOV", role = "Pope" })
  r = t.analyze("Pope Benedict XVI met the president.", { date = "2016-06-10" })
  t.actor(r, "Pope Benedict XVI", { code = "VATELI", role = "Pope Emeritus" })
end)
