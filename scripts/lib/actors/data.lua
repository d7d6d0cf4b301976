-- lib.actors.data: the actor rules' data, loaded once per engine (at load time).
--
-- Every data file the actor rules use goes into ONE phrase dictionary, `cues`, so that a
-- single scan in C finds everything the rules reason about: known people, organisations,
-- seats of power, countries, demonyms, role nouns, titles, organisation words, given names,
-- surnames of known people, speech verbs and stop words. Each dictionary entry carries two
-- attributes: `t`, the type of the entry (below), and `i`, the index of its record in the
-- Lua table of that type (`M.rec[t][i]`). Several entries may share one phrase ("Jordan" a
-- country and a given name); the rules choose by context.
--
--   t      record                                    file
--   per    a known person (all terms of office)      people.tsv
--   sur    a known person, by surname                people.tsv (derived)
--   org    an organisation                           organizations.tsv, actors_extra.tsv
--   met    a seat of power or a capital              metonyms.tsv
--   cty    a country                                 countries.tsv
--   dem    a demonym (sets the country)              demonyms.tsv
--   padj   a party adjective ("Tory", "Labour")      actors_extra.tsv (type=party_adj)
--   role   a role noun ("foreign minister")          roles.tsv, actors_roles.tsv
--   hon    a title before a name ("Mr", "Gen.")      honorifics.tsv
--   ow     an organisation word ("Ministry")         org_words.tsv
--   nom    a nominal body ("government", "troops")  actors_nominals.tsv
--   gn     a given name                              given_names.txt
--   say    a speech verb or "according to"          lib/actors/words.lua
--
-- Users add rows from their own rule folder with M.add(kind, rows) (see docs/actors.md):
--   local rows = polis.read_tsv("data/people.tsv")   -- in your own script
--   require("lib.actors.data").add("people", rows)
local polis = require "polis"
local words = require "lib.actors.words"

local M = {}
local D = "../../data/"

-- ------------------------------------------------------------------ helpers

local function warn_missing(file, err)
  polis.log("actors: data file " .. file .. " not loaded (" .. tostring(err) .. "); rules that need it find less")
end

local function read_tsv(file)
  local ok, rows = pcall(polis.read_tsv, D .. file)
  if not ok then warn_missing(file, rows) return {} end
  return rows
end

local function read_lines(file)
  local ok, lines = pcall(polis.read_lines, D .. file)
  if not ok then warn_missing(file, lines) return {} end
  return lines
end

-- Aliases of a row. A lower-case "the " in front ("the UN", "the Kremlin") is dropped: the
-- mention never includes it, and as a dictionary phrase it would hide a longer name that
-- starts after it ("the UN Human Rights Council").
local function split_aliases(s)
  local out = {}
  if s and s ~= "" then
    for a in s:gmatch("[^|]+") do
      a = a:match("^%s*(.-)%s*$"):gsub("^the ", "")
      if a ~= "" then out[#out + 1] = a end
    end
  end
  return out
end

-- British/American spelling variants of institution names, so that "North Atlantic Treaty
-- Organisation" finds the "Organization" entry.
local SPELL = {
  { "isation", "ization" }, { "ization", "isation" }, { "Defence", "Defense" },
  { "Defense", "Defence" }, { "Centre", "Center" }, { "Center", "Centre" },
  { "Programme", "Program" }, { "Program", "Programme" },
}
local function spellings(phrase)
  local out, seen = { phrase }, { [phrase] = true }
  for _, p in ipairs(SPELL) do
    for k = 1, #out do
      local v = out[k]:gsub(p[1], p[2])
      if not seen[v] then seen[v] = true; out[#out + 1] = v end
    end
  end
  return out
end

local function empty(s) return s == nil or s == "" end

-- ------------------------------------------------------------------ state

M.cues = polis.dict { case = "caps" }
M.rec = { per = {}, sur = {}, org = {}, met = {}, cty = {}, dem = {}, padj = {}, role = {},
          hon = {}, ow = {}, nom = {}, gn = {}, say = {} }
M.person_by_name = {}      -- canonical name -> person record
M.org_by_name = {}         -- lower-case phrase/alias/acronym -> org record
M.country = {}             -- ISO3 -> { iso3, name, demonym, capital }
M.given = {}               -- lower-case given name -> true
M.stop = {}                -- lower-case stop phrase -> true
M.role_by_name = {}        -- lower-case role phrase -> role record

M.version = 0              -- changes with every entry added (rules keep per-phrase memos)

local function add_entry(phrase, t, i, case)
  M.cues:add(phrase, { t = t, i = i, case = (not empty(case)) and case or nil })
  M.version = M.version + 1
end

-- Add a record of type t, with its phrases; returns the index.
local function add_record(t, rec, phrases, case)
  local list = M.rec[t]
  local i = #list + 1
  list[i] = rec
  local seen = {}
  for _, p in ipairs(phrases) do
    if not seen[p] then
      seen[p] = true
      add_entry(p, t, i, case)
    end
  end
  return i
end

-- ------------------------------------------------------------------ people

-- Countries whose people are named surname first in English-language news.
local SURNAME_FIRST = { CHN = true, TWN = true, HKG = true, MAC = true, KOR = true, PRK = true,
                        SGP = true }
local NAME_SUFFIX = { ["jr."] = true, jr = true, ["sr."] = true, sr = true, ii = true, iii = true,
                      iv = true }
local PARTICLE = { bin = true, ibn = true, al = true, el = true, de = true, da = true, di = true,
                   van = true, von = true, der = true, den = true, le = true, la = true, du = true,
                   del = true, dos = true, das = true, ben = true, ["bin"] = true }

-- The surname forms of a full name: "Sergei Lavrov" -> {"Lavrov"}; "Wang Yi" (CHN) ->
-- {"Wang"}; "Mohammed bin Salman" -> {"bin Salman", "Salman"}.
local function surnames(name, country)
  if name:find(" of ", 1, true) then return {} end     -- "Charles, Prince of Wales"
  local toks = {}
  -- East Asian names split at hyphens ("Kim Jong-un" -> Kim); others keep a hyphenated
  -- surname whole ("Ferreira-Costa")
  local spaced = SURNAME_FIRST[country or ""] and name:gsub("%-", " ") or name
  for w in spaced:gmatch("%S+") do toks[#toks + 1] = w end
  while #toks > 1 and NAME_SUFFIX[toks[#toks]:lower()] do toks[#toks] = nil end
  if #toks < 2 then return {} end
  local out = {}
  if SURNAME_FIRST[country or ""] then
    out[1] = toks[1]
  else
    local last = toks[#toks]
    if last:find("^%u") and not last:find("^%u%.$") then out[1] = last end
    local prev = toks[#toks - 1]
    if #toks >= 3 and PARTICLE[prev:lower()] then
      table.insert(out, 1, prev .. " " .. last)
    end
  end
  return out
end
M.surnames = surnames

local function add_people(rows)
  local added = {}
  for _, r in ipairs(rows) do
    local name = r.phrase
    if not empty(name) then
      local p = M.person_by_name[name]
      if not p then
        p = { name = name, aliases = split_aliases(r.aliases), terms = {}, country = r.country,
              gender = r.gender }
        M.person_by_name[name] = p
        local phrases = { name }
        for _, a in ipairs(p.aliases) do phrases[#phrases + 1] = a end
        p.i = add_record("per", p, phrases, r.case)
        added[#added + 1] = p
      end
      if r.role == "-" then
        p.terms = {}
      else
        local term = { role = r.role, sector = r.sector, start = r.start, stop = r["end"],
                       country = not empty(r.country) and r.country or nil,
                       org = not empty(r.org) and r.org or nil, office = r.office }
        -- a row with the same role and start replaces the earlier one (user corrections)
        local replaced = false
        for k, t in ipairs(p.terms) do
          if t.role == term.role and t.start == term.start then p.terms[k] = term; replaced = true end
        end
        if not replaced then p.terms[#p.terms + 1] = term end
        if not p.country or p.country == "" then p.country = term.country end
      end
    end
  end
  -- surnames of the new people
  for _, p in ipairs(added) do
    local seen = {}
    local forms = {}
    for _, n in ipairs({ p.name, table.unpack(p.aliases) }) do
      for _, s in ipairs(surnames(n, p.country)) do
        if not seen[s] then seen[s] = true; forms[#forms + 1] = s end
      end
    end
    p.surnames = forms
    for _, s in ipairs(forms) do
      if #s < 2 or words.NOT_NAME[s:lower()] or s:find("^[IVX]+$") then goto next end
      local sr = M.sur_by_name[s]
      if not sr then
        sr = { surname = s, people = {} }
        M.sur_by_name[s] = sr
        add_record("sur", sr, { s }, nil)
      end
      sr.people[#sr.people + 1] = p
      ::next::
    end
  end
end
M.sur_by_name = {}

-- ------------------------------------------------------------------ organisations

local function add_orgs(rows)
  for _, r in ipairs(rows) do
    if not empty(r.phrase) then
      if r.type == "party_adj" then
        -- "Tory", "Labour", "Republican" before a role: the party of the person
        add_record("padj", { org = r.org or r.code, country = r.country, code = r.code },
                   { r.phrase, table.unpack(split_aliases(r.aliases)) }, r.case)
      else
        local rec = { name = r.phrase, kind = empty(r.kind) and "organization" or r.kind,
                      type = r.type, country = not empty(r.country) and r.country or nil,
                      code = not empty(r.code) and r.code or nil, sector = r.sector,
                      acronym = not empty(r.acronym) and r.acronym or nil }
        local phrases = {}
        for _, p in ipairs({ r.phrase, table.unpack(split_aliases(r.aliases)) }) do
          for _, v in ipairs(spellings(p)) do phrases[#phrases + 1] = v end
        end
        add_record("org", rec, phrases, r.case)
        for _, p in ipairs(phrases) do
          local k = p:lower():gsub("^the ", "")
          if not M.org_by_name[k] then M.org_by_name[k] = rec end
        end
        if rec.acronym and not M.org_by_name[rec.acronym:lower()] then
          M.org_by_name[rec.acronym:lower()] = rec
        end
      end
    end
  end
end

local function add_metonyms(rows)
  for _, r in ipairs(rows) do
    if not empty(r.phrase) then
      local rec = { name = r.phrase, country = not empty(r.country) and r.country or nil,
                    code = r.code, kind = r.kind }
      add_record("met", rec, { r.phrase, table.unpack(split_aliases(r.aliases)) }, r.case)
    end
  end
end

-- ------------------------------------------------------------------ countries, demonyms

local function add_countries(rows)
  for _, r in ipairs(rows) do
    if not empty(r.phrase) and not empty(r.iso3) then
      local c = M.country[r.iso3]
      if not c then
        c = { iso3 = r.iso3, name = r.phrase, capital = r.capital }
        M.country[r.iso3] = c
      end
      add_record("cty", c, { r.phrase, table.unpack(split_aliases(r.aliases)) }, r.case)
    end
  end
end

local function add_demonyms(rows)
  for _, r in ipairs(rows) do
    if not empty(r.phrase) and not empty(r.country) then
      local rec = { country = r.country, phrase = r.phrase }
      add_record("dem", rec, { r.phrase, table.unpack(split_aliases(r.aliases)) }, r.case)
      -- the country's own demonym: the one that shares the start of its name ("Ukrainian",
      -- not "Crimean"), else the first listed ("British")
      local c = M.country[r.country]
      if c then
        local like = c.name:sub(1, 3) == r.phrase:sub(1, 3)
        if not c.demonym or (like and not c.demonym_like) then
          c.demonym, c.demonym_like = r.phrase, like
        end
      end
    end
  end
end

-- ------------------------------------------------------------------ roles, titles, words

local function add_roles(rows)
  for _, r in ipairs(rows) do
    if not empty(r.phrase) then
      local rec = { phrase = r.phrase, role = empty(r.role) and r.phrase or r.role,
                    sector = r.sector, rank = tonumber(r.rank) or 3, title = r.title == "yes",
                    plural = r.plural }
      add_record("role", rec, { r.phrase, table.unpack(split_aliases(r.aliases)) },
                 empty(r.case) and "fold" or r.case)
      M.role_by_name[r.phrase:lower()] = M.role_by_name[r.phrase:lower()] or rec
    end
  end
end

local function add_honorifics(rows)
  for _, r in ipairs(rows) do
    if not empty(r.phrase) then
      local rec = { phrase = r.phrase, gender = r.gender, sector = not empty(r.sector) and r.sector or nil,
                    role = not empty(r.role) and r.role or nil }
      add_record("hon", rec, { r.phrase }, r.case)
    end
  end
end

local function add_org_words(rows)
  for _, r in ipairs(rows) do
    if not empty(r.phrase) then
      local rec = { phrase = r.phrase, position = r.position, type = r.type, sector = r.sector,
                    weak = words.WEAK_ORG_TAIL[r.phrase] or false }
      add_record("ow", rec, { r.phrase }, r.case)
    end
  end
end

local function add_nominals(rows)
  for _, r in ipairs(rows) do
    if not empty(r.phrase) then
      local rec = { phrase = r.phrase, name = empty(r.name) and r.phrase or r.name,
                    sector = r.sector, type = r.type, proper = r.proper == "yes" }
      add_record("nom", rec, { r.phrase, table.unpack(split_aliases(r.aliases)) },
                 empty(r.case) and "fold" or r.case)
    end
  end
end

local function add_given(lines)
  M.version = M.version + 1
  for _, l in ipairs(lines) do
    if l:sub(1, 1) == "-" then
      M.given[l:sub(2):lower()] = nil   -- removal (the dictionary entry stays; rules check M.given)
    elseif not M.given[l:lower()] then
      M.given[l:lower()] = true
      add_record("gn", { name = l }, { l }, "caps")
    end
  end
end

local function add_stop(lines)
  M.version = M.version + 1
  for _, l in ipairs(lines) do
    if l:sub(1, 1) == "-" then
      M.stop[l:sub(2):lower()] = nil
    else
      M.stop[l:lower()] = true
    end
  end
end

-- ------------------------------------------------------------------ public: add more data

local ADDERS = {
  people = add_people, organizations = add_orgs, metonyms = add_metonyms,
  countries = add_countries, demonyms = add_demonyms, roles = add_roles,
  honorifics = add_honorifics, org_words = add_org_words, nominals = add_nominals,
  given_names = add_given, stoplist = add_stop,
}

-- M.add(kind, rows): more rows of one kind (rows as polis.read_tsv returns them, or lines
-- for given_names and stoplist). Call it from your own rule script at load time.
function M.add(kind, rows)
  local f = ADDERS[kind]
  if not f then error("lib.actors.data.add: unknown kind '" .. tostring(kind) .. "'", 2) end
  f(rows)
end

-- ------------------------------------------------------------------ load the defaults

-- CAMEO dictionaries in the TABARI/PETRARCH format, named by options:
--   --set cameo.actors=FILE [--set cameo.actors.2=FILE ... cameo.actors.9]
--   --set cameo.mode=only      use them instead of the default people, organisations and
--                              seats (countries, demonyms, roles and the rest stay)
local cameo = require "lib.actors.cameo_dict"
local CAMEO_FILES = {}
do
  local f = polis.option("cameo.actors")
  if f and f ~= "" then CAMEO_FILES[#CAMEO_FILES + 1] = f end
  for k = 1, 9 do
    f = polis.option("cameo.actors." .. k)
    if f and f ~= "" then CAMEO_FILES[#CAMEO_FILES + 1] = f end
  end
end
local CAMEO_ONLY = #CAMEO_FILES > 0 and polis.option("cameo.mode") == "only"

local PERSONLIKE = { GOV = true, ELI = true, MIL = true, LEG = true, JUD = true, OPP = true,
                     PTY = true, REB = true, SPY = true, COP = true, REL = true }

local function add_cameo(path)
  local d = cameo.load(path)
  local t0 = os.clock()
  for _, e in ipairs(d.entries) do
    local code = e.default or (e.codes[1] and e.codes[1].code) or ""
    e.country = #code >= 3 and M.country[code:sub(1, 3)] and code:sub(1, 3) or nil
    if #code == 3 and e.country and not e.dated then
      e.kind = "country"
    elseif e.dated then
      e.kind = "person"
    else
      -- a first word that is a known given name, and a person-like sector: a person
      local first = e.name:match("^(%S+)%s")
      if first and M.given[first:lower()] and PERSONLIKE[code:sub(4, 6)] then
        e.kind = "person"
      else
        e.kind = "organization"
      end
    end
    local i = #M.rec.cam + 1
    M.rec.cam[i] = e
    for k, p in ipairs(e.phrases) do add_entry(p, "cam", i, e.cases[k]) end
  end
  d.seconds = d.seconds + (os.clock() - t0)
  M.cameo_stats[#M.cameo_stats + 1] = d
  polis.log(string.format("actors: CAMEO dictionary %s: %d entries, %d phrases, loaded in " ..
                          "%.2f s (reading %.2f s)", path, #d.entries, d.phrases, d.seconds,
                          d.read_seconds))
end
M.rec.cam = {}
M.cameo_stats = {}

-- Title words (roles, titles, demonyms, countries) in a dictionary of their own, to take
-- them off the front of CAMEO phrases. Built on first use.
local titles
function M.titles()
  if titles then return titles end
  titles = polis.dict { case = "fold" }
  for _, t in ipairs({ "role", "hon", "dem" }) do
    for _, r in ipairs(M.rec[t]) do
      if r.phrase then titles:add(r.phrase, { t = t }) end
    end
  end
  local isos = {}
  for iso in pairs(M.country) do isos[#isos + 1] = iso end
  table.sort(isos)
  for _, iso in ipairs(isos) do titles:add(M.country[iso].name, { t = "cty" }) end
  titles:add("US", { t = "cty", case = "exact" })
  titles:add("U.S.", { t = "cty" })
  titles:add("UK", { t = "cty", case = "exact" })
  return titles
end
M.cameo_only = CAMEO_ONLY

local t0 = os.clock()
add_countries(read_tsv("countries.tsv"))
add_demonyms(read_tsv("demonyms.tsv"))
if not CAMEO_ONLY then
  add_people(read_tsv("people.tsv"))
  add_orgs(read_tsv("organizations.tsv"))
  add_orgs(read_tsv("actors_extra.tsv"))
  add_metonyms(read_tsv("metonyms.tsv"))
else
  add_orgs(read_tsv("actors_extra.tsv"))
end
add_roles(read_tsv("roles.tsv"))
add_roles(read_tsv("actors_roles.tsv"))
add_honorifics(read_tsv("honorifics.tsv"))
add_org_words(read_tsv("org_words.tsv"))
add_org_words(read_tsv("actors_org_words.tsv"))
add_nominals(read_tsv("actors_nominals.tsv"))
add_given(read_lines("given_names.txt"))
add_stop(read_lines("person_stoplist.txt"))
add_stop(read_lines("actors_stoplist.txt"))
for _, w in ipairs(words.SAY) do add_record("say", { phrase = w }, { w }, "fold") end
M.load_seconds = os.clock() - t0
for _, f in ipairs(CAMEO_FILES) do add_cameo(f) end

-- The display name of a country code ("RUS" -> "Russia").
function M.country_name(iso3)
  local c = M.country[iso3]
  return c and c.name or iso3
end

return M
