-- Tests of the default location rules (scripts/20-locations.lua, lib/geo)
-- and the document focus (scripts/95-finish-locations.lua).
-- Run: polis test tests/rules. Every sentence here was written for these tests.
local t = require "polis.test"

local function loc(r, name, country, kind)
  local l = t.location(r, name)
  if country then t.eq(l.country, country, name .. " country") end
  if kind then t.eq(l.kind, kind, name .. " kind") end
  return l
end

-- The location whose mention has exactly this text (several may share a name).
local function at(r, text, nth)
  local k = 0
  for _, l in ipairs(r.locations or {}) do
    for _, m in ipairs(l.mentions or {}) do
      if m.text == text then
        k = k + 1
        if k == (nth or 1) then return l end
      end
    end
  end
  t.fail("no location mention " .. text, 2)
end

-- ------------------------------------------------------------ basics

t.case("countries, cities and every mention with offsets", function ()
  local r = t.analyze("The minister flew to Malta on Monday. Malta hosted talks with Russia.")
  local m = loc(r, "Malta", "MLT", "country")
  t.eq(#m.mentions, 2, "Malta mentions")
  t.eq(m.mentions[1].start, 21, "first mention start")
  t.eq(m.mentions[1]["end"], 26, "first mention end")
  t.truthy(m.lat and m.lon, "coordinates")
  loc(r, "Russia", "RUS", "country")
end)

t.case("spans are exact: no article, no possessive", function ()
  local r = t.analyze("Officials in the United States welcomed Russia's offer.")
  local us = at(r, "United States")
  t.eq(us.country, "USA", "country")
  local ru = at(r, "Russia")
  t.eq(ru.country, "RUS", "Russia")
end)

t.case("one place, one item, whatever its name", function ()
  local r = t.analyze("The US and America's allies met in Rome. U.S. officials agreed.")
  local n = 0
  for _, l in ipairs(r.locations) do if l.country == "USA" then n = n + 1 end end
  t.eq(n, 1, "items for the United States")
  t.eq(#t.location(r, "United States").mentions, 3, "mentions")
end)

t.case("demonyms are not locations", function ()
  local r = t.analyze("Chinese and Russian diplomats met French officials.")
  t.count(r.locations, 0, "locations")
end)

t.case("places versus actors: both are place mentions", function ()
  local r = t.analyze("Russia warned Kyiv. Wang Yi is visiting Russia and will stop in Malta.")
  t.eq(#loc(r, "Russia", "RUS").mentions, 2, "Russia mentions")
  loc(r, "Malta", "MLT")
  loc(r, "Kyiv", "UKR", "city")
end)

-- ------------------------------------------------------------ classic ambiguities

t.case("Georgia the country, next to Tbilisi and Russia", function ()
  local r = t.analyze("Russian troops remain in Georgia. Protesters marched in Tbilisi.")
  loc(r, "Georgia", "GEO", "country")
end)

t.case("Georgia the US state: City, State", function ()
  local r = t.analyze("The company is based in Atlanta, Georgia.")
  loc(r, "Georgia", "USA", "admin1")
  loc(r, "Atlanta", "USA", "city")
end)

t.case("Georgia the US state: the state of", function ()
  local r = t.analyze("Voters in the state of Georgia went to the polls.")
  loc(r, "Georgia", "USA", "admin1")
end)

t.case("Georgia the US state: in a list of states", function ()
  local r = t.analyze("Cases were reported in Texas, Georgia and Ohio.")
  loc(r, "Georgia", "USA", "admin1")
end)

t.case("Georgia alone is the country", function ()
  local r = t.analyze("Georgia applied to join the European Union.")
  loc(r, "Georgia", "GEO", "country")
end)

t.case("Washington the city", function ()
  local r = t.analyze("The president returned to Washington after the summit in Brussels.")
  local w = at(r, "Washington")
  t.eq(w.country, "USA", "country")
  t.eq(w.kind, "city", "kind")
end)

t.case("Washington the state: City, State", function ()
  local r = t.analyze("Flooding hit Seattle, Washington, on Tuesday.")
  local w = at(r, "Washington")
  t.eq(w.kind, "admin1", "kind")
  t.eq(w.name, "Washington State", "name")
end)

t.case("Washington the state: the state of", function ()
  local r = t.analyze("Wildfires spread across the state of Washington.")
  t.eq(at(r, "Washington").kind, "admin1", "kind")
end)

t.case("Washington the person is no place", function ()
  local r = t.analyze("George Washington crossed the Delaware.")
  t.no_location(r, "Washington")
end)

t.case("Paris, France and Paris, Texas", function ()
  local r = t.analyze("The talks in Paris ended without a deal.")
  loc(r, "Paris", "FRA", "city")
  r = t.analyze("A storm damaged homes in Paris, Texas.")
  loc(r, "Paris", "USA", "city")
  loc(r, "Texas", "USA", "admin1")
end)

t.case("Paris, Tex.: a state abbreviation after a city", function ()
  local r = t.analyze("She grew up in Paris, Tex. before moving away.")
  loc(r, "Paris", "USA", "city")
  t.eq(at(r, "Tex.").name, "Texas", "abbreviation")
end)

t.case("Oklahoma the state and Oklahoma City", function ()
  local r = t.analyze("The governor of Oklahoma spoke in Oklahoma City.")
  loc(r, "Oklahoma", "USA", "admin1")
  loc(r, "Oklahoma City", "USA", "city")
end)

t.case("Arlington, Virginia and Arlington, Texas", function ()
  local r = t.analyze("The office moved to Arlington, Virginia.")
  t.eq(at(r, "Arlington").admin1, "Virginia", "admin1")
  r = t.analyze("The stadium is in Arlington, Texas.")
  t.eq(at(r, "Arlington").admin1, "Texas", "admin1")
end)

t.case("Arlington next to Washington and Virginia", function ()
  local r = t.analyze("Officials in Virginia said the Arlington office would reopen. Washington agreed.")
  t.eq(at(r, "Arlington").admin1, "Virginia", "admin1")
end)

t.case("Santo Domingo is the Dominican capital", function ()
  local r = t.analyze("Hurricane warnings were issued in Santo Domingo.")
  loc(r, "Santo Domingo", "DOM")
end)

t.case("Punjab in Pakistan and in India", function ()
  local r = t.analyze("Floods hit Punjab. The army was deployed in Lahore and across Pakistan.")
  loc(r, "Punjab", "PAK", "admin1")
  r = t.analyze("Farmers in Punjab protested. Police in Amritsar and New Delhi said India would respond.")
  loc(r, "Punjab", "IND", "admin1")
end)

t.case("a country's name stays a country in a foreign context", function ()
  local r = t.analyze("Officials in Ohio and Texas said Lebanon had asked for help.")
  loc(r, "Lebanon", "LBN", "country")
end)

t.case("City in Region", function ()
  local r = t.analyze("The outbreak reached Perth in Western Australia.")
  loc(r, "Perth", "AUS", "city")
end)

-- ------------------------------------------------------------ stop list

t.case("stoplisted words are not places without a cue", function ()
  local r = t.analyze("Mobile phones were banned. Reading the report, she found a nice summary. "
    .. "Split votes were common. March was cold. Of course the sale went ahead.")
  t.count(r.locations, 0, "locations")
end)

t.case("stoplisted names with a strong cue are places", function ()
  local r = t.analyze("The ferry left Split, Croatia, for Italy. He lives in Reading, England. "
    .. "The festival in Nice, France drew crowds.")
  loc(r, "Split", "HRV", "city")
  loc(r, "Reading", "GBR", "city")
  loc(r, "Nice", "FRA", "city")
end)

t.case("Chelsea the football club and people named like towns", function ()
  local r = t.analyze("Chelsea beat Arsenal 2-0. David Howard and Victoria Bush scored.")
  t.no_location(r, "Chelsea")
  t.no_location(r, "Howard")
  t.no_location(r, "Victoria")
end)

t.case("toponyms inside organization and person names", function ()
  local r = t.analyze("The Bank of England and the New York Times disagreed. Jack London wrote about it. "
    .. "The Kenya Red Cross Society sent aid. West Nile virus spread.")
  t.no_location(r, "England")
  t.no_location(r, "New York")
  t.no_location(r, "London")
  t.no_location(r, "Kenya")
  t.no_location(r, "Nile")
end)

t.case("acronyms and glued tokens", function ()
  local r = t.analyze("The UN paid US$5 million. The A/California/7/2009 strain spread.")
  t.no_location(r, "UN")
  t.no_location(r, "US")
  t.no_location(r, "California")
end)

-- ------------------------------------------------------------ misspellings

t.case("a misspelt capital resolves when its country is in the document", function ()
  local r = t.analyze("North Korea held a parade. Officials in Pyonyang said the talks went well.")
  local p = loc(r, "Pyongyang", "PRK")
  t.eq(p.mentions[1].text, "Pyonyang", "mention text")
end)

t.case("a misspelling without its country in the document is not read", function ()
  local r = t.analyze("Officials in Pyonyang said the talks went well.")
  t.no_location(r, "Pyongyang")
end)

t.case("ordinary words are not misspelt places", function ()
  local r = t.analyze("Germany said the German plan was a Basil idea. Putin met Chinese leaders in Beijing.")
  t.no_location(r, "Putian")
  t.no_location(r, "Brazil")
end)

-- ------------------------------------------------------------ focus

t.case("focus: the country and its city", function ()
  local r = t.analyze("Moscow hosted talks on Monday. In Moscow, the Chinese minister met Russian "
    .. "officials. Russia and China signed a deal. Later he flew to Malta.")
  t.eq(r.focus.country, "RUS", "focus country")
  t.eq(r.focus.city, "Moscow", "focus city")
  t.eq(t.item(r, r.focus.location).name, "Moscow", "focus location")
end)

t.case("focus: a country without a clear city", function ()
  local r = t.analyze("Kenya reported new cases. Health officials in Kenya and Uganda asked for help.")
  t.eq(r.focus.country, "KEN", "focus country")
  t.eq(r.focus.city, nil, "no city")
  t.eq(t.item(r, r.focus.location).name, "Kenya", "focus location")
end)

t.case("no places, no focus", function ()
  local r = t.analyze("Nothing happened today.")
  t.eq(r.focus, nil, "focus")
end)

t.case("a world city beats a small town of the document's country", function ()
  local r = t.analyze("United States officials said the United States would attend the talks in Geneva.")
  loc(r, "Geneva", "CHE", "city")
end)

t.case("a month is not a town", function ()
  local r = t.analyze("Britain will vote in March. The UK election is in May.")
  t.no_location(r, "March")
  t.no_location(r, "May")
end)

t.case("names of indexes, breweries and peers are not places", function ()
  local r = t.analyze("Germany's Dax index fell. Asahi Breweries said sales rose. Lord Faulkner of Worcester spoke.")
  t.no_location(r, "Dax")
  t.no_location(r, "Asahi")
  t.no_location(r, "Worcester")
  loc(r, "Germany", "DEU")
end)

t.case("a list joins places of one country: West Bank and Gaza", function ()
  local r = t.analyze("The World Bank director for the West Bank and Gaza said aid had fallen.")
  loc(r, "Gaza", "PSE")
end)

t.case("datelines", function ()
  local r = t.analyze("MOSCOW (Reuters) - Russia said on Monday it would respond.")
  loc(r, "Moscow", "RUS", "city")
end)

t.case("a document listing thousands of places stays within the budget", function ()
  local names = { "Paris", "Ohio", "Lagos", "Oregon", "Kenya", "Punjab", "Georgia", "Victoria" }
  local parts = {}
  for k = 1, 6000 do parts[k] = names[(k - 1) % #names + 1] end
  local r = t.analyze("Cases were found in " .. table.concat(parts, ", ") .. " and Utah.")
  t.count(r.errors, 0, "errors")
  loc(r, "Utah", "USA", "admin1")
end)

t.case("a name's reading does not depend on the documents read before it", function ()
  -- "Can't" first shows the gazetteer's "Can" (a Turkish town) as written
  -- "Can't"; that first text must not become the name's text for the next
  -- document, where "Can" opens a question and is no place.
  -- (No document before this case may show "Can": the first text decides.)
  t.no_location(t.analyze("Sometimes You Can't Make It On Your Own topped the UK chart."), "Çan")
  t.no_location(t.analyze('Voters in Brighton and London asked: "Can this country compete?"'), "Çan")
end)

t.case("places in lines written in capitals: headlines and datelines", function ()
  local r = t.analyze("FOOTBALL - NORWAY EDGE PAST LATVIA IN FRIENDLY\nRagnar Solheim\n" ..
                      "OSLO 1997-03-05\nNorway beat Latvia 2-1 on Wednesday.")
  t.eq(#loc(r, "Norway", "NOR").mentions, 2, "Norway in the headline and the text")
  t.eq(#loc(r, "Latvia", "LVA").mentions, 2, "Latvia in the headline and the text")
  loc(r, "Oslo", "NOR", "city")
  -- an acronym in a sentence that is not in capitals stays an acronym
  r = t.analyze("The UN envoy met officials of the WHO and the IAEA on Monday.")
  t.no_location(r, "Un")
end)

t.case("clubs in fixtures are no places; national teams are", function ()
  local r = t.analyze("Fixtures:\n\nLeicester v Blackpool\n\nScotland v England\n\nThe draw was made in Leicester.")
  local l = loc(r, "Leicester", "GBR")
  t.eq(#l.mentions, 1, "only the town the draw was made in")
  loc(r, "Scotland")
  loc(r, "England")
  t.no_location(r, "Blackpool")
  -- results lines: clubs are no places, countries' teams are
  r = t.analyze("Results on Sunday:\nBenfica 2 Maritimo 1\nPorto 3 Braga 1\nNorway 2 Latvia 1\n")
  t.no_location(r, "Braga")
  t.no_location(r, "Porto")
  loc(r, "Norway", "NOR")
  loc(r, "Latvia", "LVA")
end)

t.case("seas over the provinces named after them; spellings of cities", function ()
  loc(t.analyze("The ship was attacked in the Red Sea off the coast of Yemen."), "Red Sea", nil, "water")
  loc(t.analyze("An earthquake struck near Marrakech on Friday."), "Marrakesh", "MAR", "city")
  loc(t.analyze("Clashes broke out near the town of Daraa in southern Syria."), "Daraa", "SYR", "city")
end)

t.case("Gaza alone is the Gaza Strip; Mozambique's province needs its context", function ()
  loc(t.analyze("Pope Francis called for an immediate ceasefire in Gaza."), "Gaza Strip", "PSE")
  loc(t.analyze("Floods hit Gaza province in southern Mozambique."), "Gaza", "MOZ", "admin1")
end)

t.case("a one-letter capital does not break a headline in capitals", function ()
  local r = t.analyze("CRICKET - ENGLAND V PAKISTAN FINAL TEST SCORES .\nThe match was drawn.")
  loc(r, "Pakistan", "PAK")
end)

t.case("Philippine cities are found without the City of their GeoNames name", function ()
  local r = t.analyze("Typhoon Haiyan devastated Tacloban, and floods hit Cabanatuan.")
  t.location(r, "Tacloban City", { country = "PHL", kind = "city" })
  t.location(r, "Cabanatuan City", { country = "PHL", kind = "city" })
end)

t.case("Kenya's former provinces", function ()
  local r = t.analyze("Violence spread from the Rift Valley to Nyanza Province after the 2007 election in Kenya.")
  t.location(r, "Rift Valley Province", { country = "KEN", kind = "region" })
  t.location(r, "Nyanza Province", { country = "KEN" })
end)

t.case("a country before a disease word after 'the' is the country ('the United States flu season')", function ()
  local r = t.analyze("Doctors said the United States flu season peaked early, and West Nile virus cases fell.")
  t.location(r, "United States", { kind = "country" })
  t.no_location(r, "West Nile")
end)

t.case("a one-word town at the end of a longer place name is that name's ('Davao del Sur', 'Ilocos Sur')", function ()
  local r = t.analyze("Schools in Ilocos Sur closed for a week. Farmers in Davao del Sur lost their crops. " ..
                      "A ferry links Tulcea and Ceamurlia de Jos. He flew from Muscat to Sur in Oman.")
  local sur = t.location(r, "Sur", { country = "OMN" })
  t.count(sur.mentions, 1, "mentions of Sur")
  t.no_location(r, "Jos")
end)
