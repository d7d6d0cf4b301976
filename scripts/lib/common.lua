-- lib.common: data shared by the default rules, loaded once per engine and
-- only when a rule first asks for it.
--
--   local common = require "lib.common"
--   local countries = common.countries()     -- a polis dictionary
local polis = require "polis"

local M = {}
local cache = {}

-- A loader that runs f once and keeps its result.
local function once(name, f)
  return function ()
    local v = cache[name]
    if v == nil then
      v = f()
      cache[name] = v
    end
    return v
  end
end

local function data(file, case)
  return function () return polis.load_dict("../data/" .. file, { case = case or "caps" }) end
end

M.countries     = once("countries", data("countries.tsv"))
M.demonyms      = once("demonyms", data("demonyms.tsv"))
M.gazetteer     = once("gazetteer", data("gazetteer.tsv"))
M.people        = once("people", data("people.tsv"))
M.organizations = once("organizations", data("organizations.tsv"))
M.metonyms      = once("metonyms", data("metonyms.tsv"))
M.roles         = once("roles", data("roles.tsv", "fold"))
M.honorifics    = once("honorifics", data("honorifics.tsv"))
M.org_words     = once("org_words", data("org_words.tsv"))

-- Set of lines of a word list (given names, stop lists), keyed by the line.
local function set_of(file)
  return function ()
    local s = {}
    for _, line in ipairs(polis.read_lines("../data/" .. file)) do s[line] = true end
    return s
  end
end

M.given_names    = once("given_names", set_of("given_names.txt"))
M.place_stoplist = once("place_stoplist", set_of("place_stoplist.txt"))
M.person_stoplist = once("person_stoplist", set_of("person_stoplist.txt"))

-- ISO3 -> the country's common English name (from countries.tsv).
M.country_names = once("country_names", function ()
  local names = {}
  for _, row in ipairs(polis.read_tsv("../data/countries.tsv")) do
    if row.iso3 and not names[row.iso3] then names[row.iso3] = row.phrase end
  end
  return names
end)

-- Emit (or add a mention to) the country actor of iso3, keyed the way the
-- default rules key countries ("country:ISO3"), so every rule that names the
-- country reaches the same actor. span may be nil (a country named only
-- through a demonym). Returns the actor id.
function M.country_actor(doc, iso3, span)
  return doc:actor { kind = "country", name = M.country_names()[iso3] or iso3, country = iso3,
                     code = iso3, key = "country:" .. iso3, span = span }
end

-- Is date (YYYY-MM-DD or nil) inside [start, stop)? Empty bounds are open.
function M.in_range(date, start, stop)
  if not date then return stop == nil or stop == "" end
  if start and start ~= "" and date < start then return false end
  if stop and stop ~= "" and date >= stop then return false end
  return true
end

return M
