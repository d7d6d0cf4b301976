-- The CAMEO (TABARI/PETRARCH) dictionary importer, lib/actors/cameo_dict.lua.
-- The parser is tested on lines written here. With a dictionary named on the command line
--   polis test --set cameo.actors=../shared/data/dictionaries/phoenix/Phoenix.Countries.actors.txt \
--               tests/rules/actors_cameo.lua
-- the cases at the end also code actors with it; without one they are skipped.
local polis = require "polis"
local t = require "polis.test"
local cameo = require "lib.actors.cameo_dict"

local LINES = {
  "# a comment line",
  "ATLANTIS_  [ATL]",
  "+ATLANTEAN_REPUBLIC_",
  "+KINGDOM_OF_ATLANTIS_ # inline comment",
  "JANE_Q_EXAMPLE",
  "+PRESIDENT_JANE_EXAMPLE",
  "\t[ATLELI 640101-010120]",
  "\t[ATLGOV 010120-090120]",
  "\t[ATLELI]",
  "OLD_GUARD_PARTY_ [ATLPTY] ; semicolon comment",
  "\t[ATLOPP >100101]",
  "FUTURE_BLOC_",
  "\t[IGOFUT <20050101]",
  "!PERSON! = MAN, WOMAN",
  "US_ [USA]",
}

t.case("entries, synonyms, comments", function ()
  local entries, n = cameo.parse(LINES)
  t.eq(#entries, 5, "entries")
  t.eq(n, 8, "phrases")
  t.eq(entries[1].name, "Atlantis", "name")
  t.eq(entries[1].phrases[3], "Kingdom of Atlantis", "synonym without its comment")
  t.eq(entries[1].default, "ATL", "code on the entry line")
  t.eq(entries[5].phrases[1], "US", "short acronym")
  t.eq(entries[5].cases[1], "exact", "short acronym is exact")
end)

t.case("date-restricted codes", function ()
  local entries = cameo.parse(LINES)
  local jane = entries[2]
  t.eq(jane.dated, true, "dated")
  t.eq(cameo.code_at(jane, "2005-06-01"), "ATLGOV", "in office")
  t.eq(cameo.code_at(jane, "1999-06-01"), "ATLELI", "before (YYMMDD in the 1900s)")
  t.eq(cameo.code_at(jane, "2012-06-01"), "ATLELI", "after: the undated code")
  local party = entries[3]
  t.eq(cameo.code_at(party, "2012-01-01"), "ATLOPP", "after >date")
  t.eq(cameo.code_at(party, "2008-01-01"), "ATLPTY", "before >date: the undated code")
  t.eq(cameo.code_at(entries[4], "2004-12-31"), "IGOFUT", "before <date (YYYYMMDD)")
end)

local path = polis.option("cameo.actors")
if not path then
  t.case("skipped: CAMEO dictionary cases (no --set cameo.actors=FILE)", function () end)
else
  t.case("a CAMEO dictionary codes actors at the document date", function ()
    local stats = require("lib.actors.data").cameo_stats
    t.truthy(#stats >= 1, "a dictionary was loaded")
    if path:find("Phoenix.Countries", 1, true) then
      t.truthy(stats[1].phrases > 25000, "more than 25,000 phrases")
      local r = t.analyze("Barack Obama met Angela Merkel in Berlin.", { date = "2010-06-01" })
      t.actor(r, "Barack Obama", { kind = "person", code = "USAGOV" })
      r = t.analyze("Barack Obama met Angela Merkel in Berlin.", { date = "2005-06-01" })
      t.actor(r, "Barack Obama", { kind = "person" })
    end
  end)
end
