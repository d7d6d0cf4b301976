-- lib.actors.data: the actor rules' data, loaded once per engine (at load time).
--
-- Every data file the actor rules use goes into ONE phrase dictionary, `cues`, so that a
-- single scan in C finds everything the rules reason about: known people, organisations,
-- seats of power, countries, demonyms, role nouns, titles, organisation words, given names,
-- surnames of known people, speech verbs and stop words. Each entry carries `cue`, the kind
-- of cue (below); several entries may share one phrase ("Jordan" a country and a given name)
-- and the rules choose by context.
--
--   cue    record                                    file
--   per    a known person (all terms of office)      people.tsv
--   sur    a known person, by surname                actors_surnames.tsv (made from people.tsv)
--   org    an organisation                           organizations.tsv, actors_extra.tsv
--   met    a seat of power or a capital              metonyms.tsv
--   cty    a country                                 countries.tsv
--   dem    a demonym (sets the country)              demonyms.tsv
--   padj   a party adjective ("Tory", "Labour")      actors_extra.tsv (type=party_adj)
--   role   a role noun ("foreign minister")          roles.tsv, actors_roles.tsv
--   hon    a title before a name ("Mr", "Gen.")      honorifics.tsv
--   ow     an organisation word ("Ministry")         org_words.tsv, actors_org_words.tsv
--   nom    a nominal body ("government", "troops")  actors_nominals.tsv
--   gn     a given name                              given_names.txt
--   say    a speech verb or "according to"          lib/actors/words.lua
--   cam    an actor of a CAMEO dictionary            --set cameo.actors=FILE
--
-- Speed: the TSV files of the actor rules carry their `cue` in a column and are loaded into the
-- dictionary by the C loader (d:load), with no Lua work per row; the files that are no actor
-- rules' own (countries, demonyms), the given names and the speech verbs are added from Lua.
-- The Lua record of an entry (M.record) is made the first time a rule asks for it and kept;
-- a person's record (all terms of office) is made from the rows of people.tsv, read the first
-- time a known person is met.
--
-- Users add rows from their own rule folder with M.add(kind, rows) (see docs/actors.md):
--   local rows = polis.read_tsv("data/people.tsv")   -- in your own script
--   require("lib.actors.data").add("people", rows)
local polis = require "polis"
local words = require "lib.actors.words"

local M = {}
local D = "../../data/"
local lower, find = string.lower, string.find

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
-- starts after it ("the UN Human Rights Council"). (The default files have none.)
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
-- Organisation" finds the "Organization" entry. (The default organisation files list them as
-- aliases; rows added with M.add get them here.)
local SPELL = {
  { "isation", "ization" }, { "ization", "isation" }, { "Defence", "Defense" },
  { "Defense", "Defence" }, { "Centre", "Center" }, { "Center", "Centre" },
  { "Programme", "Program" }, { "Program%f[^m]", "Programme" },
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
M.spellings = spellings

local function empty(s) return s == nil or s == "" end

-- ------------------------------------------------------------------ state

M.rec = { per = {}, sur = {}, org = {}, met = {}, cty = {}, dem = {}, padj = {}, role = {},
          hon = {}, ow = {}, nom = {}, gn = {}, say = {}, cam = {} }
M.country = {}             -- ISO3 -> { iso3, name, demonym, capital }
M.given = {}               -- lower-case given name -> true
M.stop = {}                -- lower-case stop phrase -> true
M.version = 0              -- changes with every addition (rules keep per-phrase memos)

-- The given names are the dictionary's first entries (one C call for all of them).
local given_list = { case = "caps" }
for _, l in ipairs(read_lines("given_names.txt")) do
  if l:sub(1, 1) == "-" then
    M.given[lower(l:sub(2))] = nil    -- removal (the dictionary entry stays; rules check M.given)
  elseif not M.given[lower(l)] then
    M.given[lower(l)] = true
    given_list[#given_list + 1] = l
  end
end
M.cues = polis.dict(given_list, { cue = "gn" })

-- An entry added from Lua: its record is M.rec[cue][i].
local function add_entry(phrase, cue, i, case)
  M.cues:add(phrase, { cue = cue, i = i, case = (not empty(case)) and case or nil })
  M.version = M.version + 1
end

-- Add a record of kind cue, with its phrases; returns the index.
local function add_record(cue, rec, phrases, case)
  local list = M.rec[cue]
  local i = #list + 1
  list[i] = rec
  local seen = {}
  for _, p in ipairs(phrases) do
    if not seen[p] then
      seen[p] = true
      add_entry(p, cue, i, case)
    end
  end
  return i
end

-- A TSV file of rows that carry their cue, straight into the dictionary (C).
local function load_cues(file)
  local ok, err = pcall(M.cues.load, M.cues, D .. file)
  if not ok then warn_missing(file, err) end
  M.version = M.version + 1
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
-- {"Wang"}; "Mohammed bin Salman" -> {"bin Salman", "Salman"}. (tools/actordata/surnames.py
-- writes actors_surnames.tsv the same way.)
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

-- The surname forms of a person: those of the name and of each alias, once each; none for a
-- pope (a regnal name: "Pope Francis", alias "John Paul II").
local function person_surnames(name, aliases, country)
  local seen, forms = {}, {}
  if name:find("^Pope ") then return forms end
  for _, n in ipairs({ name, table.unpack(aliases) }) do
    for _, s in ipairs(surnames(n, country)) do
      if not seen[s] then seen[s] = true; forms[#forms + 1] = s end
    end
  end
  return forms
end

-- The surnames a person's dictionary entries get (short ones, function words and Roman
-- numerals left out).
local function good_surname(s)
  return #s >= 2 and not words.NOT_NAME[s:lower()] and not s:find("^[IVX]+$")
end
M.good_surname = good_surname

-- People: the rows of people.tsv (read when a person is first needed) and of M.add, by
-- canonical name, in order; a person's record is made from them on first use.
local PEOPLE_ROWS        -- name -> { row, ... }
local USER_PEOPLE = {}   -- rows added with M.add("people"), in order
local PERSON = {}        -- name -> record
local CAMEO_ONLY

local function people_rows()
  if PEOPLE_ROWS then return PEOPLE_ROWS end
  PEOPLE_ROWS = {}
  local function index(rows)
    for _, r in ipairs(rows) do
      local name = r.phrase
      if not empty(name) then
        local l = PEOPLE_ROWS[name]
        if not l then l = {}; PEOPLE_ROWS[name] = l end
        l[#l + 1] = r
      end
    end
  end
  if not CAMEO_ONLY then index(read_tsv("people.tsv")) end
  index(USER_PEOPLE)
  return PEOPLE_ROWS
end

-- The record of the person of canonical name `name`: { name, aliases, terms, country,
-- gender, surnames }. Terms: one per row, [start, end); a later row with the same role and
-- start replaces an earlier one (user corrections); a row whose role is "-" drops the terms.
function M.person(name)
  local p = PERSON[name]
  if p then return p end
  local rows = people_rows()[name]
  if not rows then return nil end
  local r1 = rows[1]
  p = { name = name, aliases = split_aliases(r1.aliases), terms = {}, country = r1.country,
        gender = r1.gender }
  for _, r in ipairs(rows) do
    if r.role == "-" then
      p.terms = {}
    else
      local term = { role = r.role, sector = r.sector, start = r.start, stop = r["end"],
                     country = not empty(r.country) and r.country or nil,
                     org = not empty(r.org) and r.org or nil, office = r.office }
      local replaced = false
      for k, t in ipairs(p.terms) do
        if t.role == term.role and t.start == term.start then p.terms[k] = term; replaced = true end
      end
      if not replaced then p.terms[#p.terms + 1] = term end
      if not p.country or p.country == "" then p.country = term.country end
    end
  end
  p.surnames = person_surnames(p.name, p.aliases, p.country)
  PERSON[name] = p
  return p
end

local function add_people(rows)
  local rows_by = people_rows()
  local added = {}
  for _, r in ipairs(rows) do
    local name = r.phrase
    if not empty(name) then
      if not rows_by[name] then
        rows_by[name] = {}
        added[#added + 1] = name
        local phrases = { name }
        for _, a in ipairs(split_aliases(r.aliases)) do phrases[#phrases + 1] = a end
        local seen = {}
        for _, ph in ipairs(phrases) do
          if not seen[ph] then
            seen[ph] = true
            M.cues:add(ph, { cue = "per", name = name, case = (not empty(r.case)) and r.case or nil })
          end
        end
      end
      local l = rows_by[name]
      l[#l + 1] = r
      USER_PEOPLE[#USER_PEOPLE + 1] = r
      PERSON[name] = nil
    end
  end
  -- surnames of the new people
  for _, name in ipairs(added) do
    for _, s in ipairs(M.person(name).surnames) do
      if good_surname(s) then M.cues:add(s, { cue = "sur", people = name }) end
    end
  end
  M.version = M.version + 1
end

-- ------------------------------------------------------------------ organisations

-- Organisations by lower-case phrase, alias and acronym (made on first use from the rows of
-- the organisation files and of M.add; the first row that names it wins).
local ORG_FILES = {}         -- files loaded, in order
local USER_ORGS = {}         -- rows added with M.add("organizations"), in order
local ORG_BY_NAME

local function org_record(r)
  return { name = r.phrase, kind = empty(r.kind) and "organization" or r.kind,
           type = r.type, country = not empty(r.country) and r.country or nil,
           code = not empty(r.code) and r.code or nil, sector = r.sector,
           acronym = not empty(r.acronym) and r.acronym or nil }
end

local function index_orgs(rows, spell)
  for _, r in ipairs(rows) do
    if not empty(r.phrase) and r.type ~= "party_adj" then
      local rec = org_record(r)
      for _, p in ipairs({ r.phrase, table.unpack(split_aliases(r.aliases)) }) do
        for _, v in ipairs(spell and spellings(p) or { p }) do
          local k = v:lower():gsub("^the ", "")
          if not ORG_BY_NAME[k] then ORG_BY_NAME[k] = rec end
        end
      end
      if rec.acronym and not ORG_BY_NAME[rec.acronym:lower()] then
        ORG_BY_NAME[rec.acronym:lower()] = rec
      end
    end
  end
end

-- The organisation of a lower-case name, or nil.
function M.org(low)
  if not ORG_BY_NAME then
    ORG_BY_NAME = {}
    for _, f in ipairs(ORG_FILES) do index_orgs(read_tsv(f), false) end
    index_orgs(USER_ORGS, true)
  end
  return ORG_BY_NAME[low]
end

local function add_orgs(rows)
  for _, r in ipairs(rows) do
    if not empty(r.phrase) then
      local phrases = { r.phrase, table.unpack(split_aliases(r.aliases)) }
      if r.type == "party_adj" then
        -- "Tory", "Labour", "Republican" before a role: the party of the person
        add_record("padj", { org = r.org or r.code, country = r.country, code = r.code },
                   phrases, r.case)
      else
        local all = {}
        for _, p in ipairs(phrases) do
          for _, v in ipairs(spellings(p)) do all[#all + 1] = v end
        end
        add_record("org", org_record(r), all, r.case)
      end
      USER_ORGS[#USER_ORGS + 1] = r
    end
  end
  ORG_BY_NAME = nil
end

-- ------------------------------------------------------------------ other rows of M.add

local METONYM_FILES, USER_METONYMS = {}, {}

local function metonym_record(r)
  return { name = r.phrase, country = not empty(r.country) and r.country or nil,
           code = r.code, kind = r.kind }
end

local function add_metonyms(rows)
  for _, r in ipairs(rows) do
    if not empty(r.phrase) then
      add_record("met", metonym_record(r), { r.phrase, table.unpack(split_aliases(r.aliases)) },
                 r.case)
      USER_METONYMS[#USER_METONYMS + 1] = r
    end
  end
end

-- Every metonym record (for the misspelt capitals), made on first use.
local METONYMS
function M.metonyms()
  if not METONYMS then
    METONYMS = {}
    for _, f in ipairs(METONYM_FILES) do
      for _, r in ipairs(read_tsv(f)) do
        if not empty(r.phrase) then METONYMS[#METONYMS + 1] = metonym_record(r) end
      end
    end
    for _, r in ipairs(USER_METONYMS) do METONYMS[#METONYMS + 1] = metonym_record(r) end
  end
  return METONYMS
end

local function role_record(r)
  return { phrase = r.phrase, role = empty(r.role) and r.phrase or r.role, sector = r.sector,
           rank = tonumber(r.rank) or 3, title = r.title == "yes", plural = r.plural }
end
local function hon_record(r)
  return { phrase = r.phrase, gender = r.gender, sector = not empty(r.sector) and r.sector or nil,
           role = not empty(r.role) and r.role or nil }
end
local function ow_record(r)
  return { phrase = r.phrase, position = r.position, type = r.type, sector = r.sector,
           weak = words.WEAK_ORG_TAIL[r.phrase] or false }
end
local function nom_record(r)
  return { phrase = r.phrase, name = empty(r.name) and r.phrase or r.name, sector = r.sector,
           type = r.type, proper = r.proper == "yes" }
end

local function adder(cue, make, default_case, aliases)
  return function (rows)
    for _, r in ipairs(rows) do
      if not empty(r.phrase) then
        local phrases = aliases and { r.phrase, table.unpack(split_aliases(r.aliases)) }
                        or { r.phrase }
        add_record(cue, make(r), phrases, empty(r.case) and default_case or r.case)
      end
    end
  end
end
local add_roles = adder("role", role_record, "fold", true)
local add_honorifics = adder("hon", hon_record, nil, false)
local add_org_words = adder("ow", ow_record, nil, false)
local add_nominals = adder("nom", nom_record, "fold", true)

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

-- ------------------------------------------------------------------ words

local function add_given(lines)
  for _, l in ipairs(lines) do
    if l:sub(1, 1) == "-" then
      M.given[l:sub(2):lower()] = nil   -- removal (the dictionary entry stays; rules check M.given)
    elseif not M.given[l:lower()] then
      M.given[l:lower()] = true
      add_record("gn", { name = l }, { l }, "caps")
    end
  end
  M.version = M.version + 1
end

local function add_stop(lines)
  for _, l in ipairs(lines) do
    if l:sub(1, 1) == "-" then
      M.stop[l:sub(2):lower()] = nil
    else
      M.stop[l:lower()] = true
    end
  end
  M.version = M.version + 1
end

-- ------------------------------------------------------------------ records of entries

-- The record of a dictionary entry (its attribute table), made on first use and kept.
local MAKE = {
  org = org_record, met = metonym_record, role = role_record, hon = hon_record,
  ow = ow_record, nom = nom_record,
  padj = function (e) return { org = e.org or e.code, country = e.country, code = e.code } end,
  gn = function (e) return { name = e.phrase } end,
  sur = function (e)
    local sr = { surname = e.phrase, people = {} }
    for name in (e.people or ""):gmatch("[^|]+") do
      local p = M.person(name)
      if p then sr.people[#sr.people + 1] = p end
    end
    return sr
  end,
}
local RECORD = {}            -- entry -> record (the dictionary keeps its entry tables)

function M.record(e)
  local r = RECORD[e]
  if r == nil then
    local cue = e.cue
    if e.i then
      r = M.rec[cue] and M.rec[cue][tonumber(e.i)]
    elseif cue == "per" then
      r = M.person(e.name or e.phrase)
    elseif MAKE[cue] then
      r = MAKE[cue](e)
    end
    RECORD[e] = r or false
  end
  return r or nil
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
  M.version = M.version + 1
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
CAMEO_ONLY = #CAMEO_FILES > 0 and polis.option("cameo.mode") == "only"

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
M.cameo_stats = {}

-- Title words (roles, titles, demonyms, countries) in a dictionary of their own, to take
-- them off the front of CAMEO phrases. Built on first use.
local titles
local USER_TITLES = {}       -- { cue, phrase } of rows added with M.add, in order
function M.titles()
  if titles then return titles end
  titles = polis.dict { case = "fold" }
  local function add_file(file, t)
    for _, r in ipairs(read_tsv(file)) do
      if not empty(r.phrase) then titles:add(r.phrase, { t = t }) end
    end
  end
  add_file("roles.tsv", "role")
  add_file("actors_roles.tsv", "role")
  for _, r in ipairs(M.rec.role) do titles:add(r.phrase, { t = "role" }) end
  add_file("honorifics.tsv", "hon")
  for _, r in ipairs(M.rec.hon) do titles:add(r.phrase, { t = "hon" }) end
  for _, r in ipairs(M.rec.dem) do
    if r.phrase then titles:add(r.phrase, { t = "dem" }) end
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
  load_cues("people.tsv")
  load_cues("actors_surnames.tsv")
  load_cues("organizations.tsv")
  ORG_FILES[#ORG_FILES + 1] = "organizations.tsv"
end
load_cues("actors_extra.tsv")
ORG_FILES[#ORG_FILES + 1] = "actors_extra.tsv"
if not CAMEO_ONLY then
  load_cues("metonyms.tsv")
  METONYM_FILES[#METONYM_FILES + 1] = "metonyms.tsv"
end
load_cues("roles.tsv")
load_cues("actors_roles.tsv")
load_cues("honorifics.tsv")
load_cues("org_words.tsv")
load_cues("actors_org_words.tsv")
load_cues("actors_nominals.tsv")
add_stop(read_lines("person_stoplist.txt"))
add_stop(read_lines("actors_stoplist.txt"))
for _, w in ipairs(words.SAY) do add_record("say", { phrase = w }, { w }, "fold") end
M.load_seconds = os.clock() - t0
for _, f in ipairs(CAMEO_FILES) do add_cameo(f) end

-- For tests/rules/actors_data.lua: a data file's rows or lines (paths relative to this file),
-- and the rows actors_surnames.tsv must hold, made from people.tsv as at load.
function M.read_data(file) return read_tsv(file) end
function M.read_data_lines(file) return read_lines(file) end
function M.derive_surnames()
  local order, people = {}, {}
  for _, r in ipairs(read_tsv("people.tsv")) do
    local name = r.phrase
    if not empty(name) then
      local p = people[name]
      if not p then
        p = { aliases = split_aliases(r.aliases), country = r.country }
        people[name] = p
        order[#order + 1] = name
      end
      if r.role ~= "-" and empty(p.country) then p.country = r.country end
    end
  end
  local rows, by = {}, {}
  for _, name in ipairs(order) do
    local p = people[name]
    for _, s in ipairs(person_surnames(name, p.aliases, p.country)) do
      if good_surname(s) then
        local row = by[s]
        if not row then
          row = { phrase = s, people = {} }
          by[s] = row
          rows[#rows + 1] = row
        end
        row.people[#row.people + 1] = name
      end
    end
  end
  for _, row in ipairs(rows) do row.people = table.concat(row.people, "|") end
  return rows
end

-- The display name of a country code ("RUS" -> "Russia").
function M.country_name(iso3)
  local c = M.country[iso3]
  return c and c.name or iso3
end

return M
