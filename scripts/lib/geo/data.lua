-- lib.geo.data: the location rules' view of the gazetteer, loaded once per
-- engine (per Lua state) and shared by every document.
--
--   local gd = require "lib.geo.data"
--   local gaz = gd.gazetteer()        -- the phrase dictionary (lib.common)
--   local e = gd.info(entry)          -- numbers and identity of one entry
--
-- Gazetteer entries are the attribute tables the dictionary returns (cached
-- by the engine, so the same table comes back for the same entry): `phrase`
-- and `place`, the packed "kind|country|admin1|lat|lon|population|geonameid|
-- source" (docs/gazetteer.md: one attribute a row loads much faster than
-- eight). info() parses it once per entry and adds a stable key and the
-- kind's prior.
local polis = require "polis"
local common = require "lib.common"

local M = {}

M.gazetteer = common.gazetteer
M.demonyms = common.demonyms

-- Given names (a set keyed by the name as written); empty when the file is absent.
local given
function M.given_names()
  if given == nil then
    local ok, v = pcall(common.given_names)
    given = ok and v or {}
  end
  return given
end

-- Set of the lines of a file, lowercased (comments and blank lines skipped).
local function lines_set(file)
  local s = {}
  for _, line in ipairs(polis.read_lines(file)) do
    line = line:gsub("%s+$", "")
    if line ~= "" and line:sub(1, 1) ~= "#" then s[line:lower()] = true end
  end
  return s
end

-- Demonyms and one-typo spellings of well-known places ("Pyonyang"), one
-- dictionary so that one scan finds both: an entry with `target` (the
-- gazetteer phrase) and `country` is a misspelling, an entry with only
-- `country` a demonym. (Not rows of the gazetteer: the actor rules read every
-- gazetteer name as a place.)
local extras
function M.extras()
  if not extras then extras = polis.load_dict("../../data/place_variants.tsv", { case = "caps" }) end
  return extras
end
M.variants = M.extras

-- Stoplist: a set of lowercased names ("nice"); matched without case.
local stop
function M.stoplist()
  if not stop then stop = lines_set("../../data/place_stoplist.txt") end
  return stop
end

-- Countries: iso3 -> { name, capital, region, lat, lon }.
local countries
function M.countries()
  if countries then return countries end
  countries = {}
  for _, r in ipairs(polis.read_tsv("../../data/countries.tsv")) do
    if r.iso3 and r.iso3 ~= "" and not countries[r.iso3] then
      countries[r.iso3] = { name = r.phrase, capital = r.capital, region = r.region,
                            lat = tonumber(r.lat), lon = tonumber(r.lon) }
    end
  end
  return countries
end

-- Capitals: "capital name|ISO3" -> true, names compared without case,
-- spaces or punctuation ("Washington, D.C." = "Washington D.C.").
local capitals
local function squash(s) return (s:lower():gsub("[%s%p]", "")) end
function M.is_capital(phrase, iso)
  if not capitals then
    capitals = {}
    for iso3, c in pairs(M.countries()) do
      if c.capital and c.capital ~= "" then capitals[squash(c.capital) .. "|" .. iso3] = true end
    end
  end
  return capitals[squash(phrase) .. "|" .. iso] == true
end

local KIND_PRIOR = {
  continent = 14, country = 14, region = 9, water = 12, admin1 = 9, place = 4,
}

local infos = setmetatable({}, { __mode = "k" })

local function log10(x) return math.log(x, 10) end

-- Parsed view of a gazetteer entry: { entry, phrase, kind, country, admin1,
-- lat, lon, population, geonameid, key, prior }.
function M.info(e)
  local i = infos[e]
  if i then return i end
  local kind, country, admin1, lat, lon, pop, gid =
    (e.place or ""):match("^([^|]*)|([^|]*)|([^|]*)|([^|]*)|([^|]*)|([^|]*)|([^|]*)")
  if not kind then
    -- an entry of another layout (a rule set's own gazetteer rows)
    kind, country, admin1, lat, lon, pop, gid =
      e.kind, e.country, e.admin1, e.lat, e.lon, e.population, e.geonameid
  end
  pop = tonumber(pop)
  country = country ~= "" and country or nil
  admin1 = admin1 ~= "" and admin1 or nil
  local prior
  if kind == "city" then
    prior = 1.5 * log10((pop or 15000) + 1)
    if country and M.is_capital(e.phrase, country) then prior = prior + 2.5 end
  else
    prior = KIND_PRIOR[kind] or 4
    if kind == "admin1" and pop then prior = prior + 0.3 * log10(pop + 1) end
  end
  -- one place may have two rows (an alias needing another case mode: "US");
  -- a country is known by its ISO code and its countries.tsv name
  local phrase = e.phrase
  local key
  if kind == "country" and country then
    local c = M.countries()[country]
    if c and c.name then phrase = c.name end
    key = "country:" .. country
  end
  i = {
    entry = e, phrase = phrase, kind = kind, country = country, admin1 = admin1,
    lat = tonumber(lat), lon = tonumber(lon), population = pop,
    geonameid = tonumber(gid),
    key = key or table.concat({ kind, country or "", admin1 or "", e.phrase }, ":"),
    prior = prior,
  }
  infos[e] = i
  return i
end

-- The admin1 entry named `name` in country `iso` (the city's admin1 field),
-- or false. Cached per engine.
local admin1_cache = {}
function M.admin1(iso, name)
  local k = iso .. "|" .. name
  local v = admin1_cache[k]
  if v ~= nil then return v end
  v = false
  for _, e in ipairs(M.gazetteer():lookup(name)) do
    local i = M.info(e)
    if i.kind == "admin1" and i.country == iso then v = i break end
  end
  admin1_cache[k] = v
  return v
end

-- Extra admin1 candidates for a bare name whose admin1 carries a qualifier
-- ("Washington" -> Washington State, "Kano" -> Kano State). Cached.
local SUFFIXES = { " State", " Province", " Region", " Oblast", " Governorate" }
local qualified_cache = {}
function M.qualified_admin1(text)
  local v = qualified_cache[text]
  if v then return v end
  v = {}
  local gaz = M.gazetteer()
  for _, suf in ipairs(SUFFIXES) do
    for _, e in ipairs(gaz:lookup(text .. suf)) do
      local i = M.info(e)
      if i.kind == "admin1" then v[#v + 1] = i end
    end
  end
  qualified_cache[text] = v
  return v
end

-- Names by which a city's admin1 can follow it ("Seattle, Washington"):
-- the admin1 name and its short form without the generic suffix, lowercased.
local short_cache = {}
function M.admin1_forms(name)
  local v = short_cache[name]
  if v then return v end
  local low = name:lower()
  v = { [low] = true }
  for _, suf in ipairs(SUFFIXES) do
    local s = suf:lower()
    if #low > #s and low:sub(-#s) == s then v[low:sub(1, -#s - 1)] = true end
  end
  local ls = low:gsub(" region$", ""):gsub("^province of ", "")
  v[ls] = true
  short_cache[name] = v
  return v
end

return M
