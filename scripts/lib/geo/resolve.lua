-- lib.geo.resolve: find the place names of a document and resolve each to
-- one gazetteer entry. Used by scripts/20-locations.lua; docs/locations.md
-- explains every step and weight.
--
--   local resolve = require "lib.geo.resolve"
--   local places = resolve.places(doc)   -- { { info, first, spans }, ... } in text order
--
-- The C core does the scanning (the gazetteer, and one dictionary of
-- demonyms and misspellings); Lua only looks at the hits, about eight per
-- news article.
--
-- Speed (docs/locations.md, "Speed"): every Lua instruction counts (the
-- sandbox's budget hook makes each one cost about as much as a C call), so
-- - the hits come as one flat array (d:scan_ids), and everything that
--   depends only on the phrase (its entries, candidates, priors, whether it
--   is stop-listed or a demonym, ...) is computed once per phrase id and kept
--   for the engine's life (PI);
-- - token flags come from doc.flags, normalized forms from doc:norm for the
--   two or three neighbours a hit needs;
-- - a mention is one table, which is also the span emitted;
-- - the context of the document is computed only when a name is ambiguous.
local polis = require "polis"
local gd = require "lib.geo.data"
local abbrev = require "lib.geo.abbrev"

local M = {}

-- Weights (docs/locations.md, "Scoring").
local W = {
  pair = 10,          -- "Paris, Texas", "Warwick in Queensland": the entry inside what follows
  cue = 4,            -- "the city of X", "the state of X", "X province", "X Governor"
  actor = 5,          -- an ACTOR annotation on the same tokens, of the entry's country
  country_ctx = 2.0,  -- times log2(1 + mentions of the entry's country elsewhere)
  country_ctx_max = 5, -- mentions counted at most
  admin1_ctx = 3,     -- the entry's admin1 (or, for an admin1, the admin1 itself) is elsewhere
  qualified = -2,     -- bare "Washington" read as Washington State
  near = 1.5,         -- a city within 300 km of an unambiguous city of the document
  list_kind = 4,      -- times the share of the other list members of the same kind ("Ohio, Oregon and Utah")
  list_country = 2,   -- times the share of the other list members in the same country
  country_name_ctx = 0.5, -- share of the country context for non-countries named like a country
  city_ctx = 0.6,     -- share of the country context for cities
}

local FLAG = polis.FLAG
local CAP, UPPER, SENT, SPACE = FLAG.cap, FLAG.upper, FLAG.sent_start, FLAG.space_before
local WORD, NUM = FLAG.word, FLAG.num
-- the start of a line or a sentence
local LINE = FLAG.sent_start | FLAG.newline_before | FLAG.para_start
local log, sqrt, min = math.log, math.sqrt, math.min

local function wordset(s)
  local t = {}
  for w in s:gmatch("%S+") do t[w] = true end
  return t
end

-- Words before "of X" / right before X that say what kind of place X is.
local CUE_KIND = {
  city = "city", town = "city", village = "city", capital = "city", port = "city",
  suburb = "city", municipality = "city", township = "city",
  state = "admin1", province = "admin1", region = "admin1", county = "admin1",
  governorate = "admin1", prefecture = "admin1", oblast = "admin1", governor = "admin1",
  states = "admin1", provinces = "admin1",
  country = "country", nation = "country", republic = "country", kingdom = "country",
  countries = "country", island = "any", islands = "any",
}
-- Words right before X that make it a city ("the capital Kyiv").
local CUE_BEFORE = { capital = "city", city = "city", town = "city", village = "city" }
-- Words right after X that say what kind of place X is ("Zaire province", "Texas Governor").
local CUE_AFTER = {
  province = "admin1", state = "admin1", county = "admin1", region = "admin1",
  governorate = "admin1", oblast = "admin1", prefecture = "admin1", governor = "admin1",
  department = "admin1", city = "city",
}

-- Place prepositions and verbs of movement: a weak cue that the next name is a place.
local PLACE_PREP = wordset [[in at near from to into across outside inside throughout around
  toward towards via visiting visit visited visits entering entered leaving left reached
  arrived between northern southern eastern western central rural downtown]]

-- Prepositions that make a stop-listed name a place when its country is in
-- the document ("in Reading"); not "at", "from", "to", which clubs and
-- companies take as often ("a move to Chelsea", "at Nokia").
local STOP_PREP = wordset [[in near outside inside throughout across around towards toward
  visiting visited]]

-- Stop-listed names that a preposition never makes a place: "in March"
-- (normalized forms).
local NEVER_WEAK = wordset [[january february march april may june july august september
  october november december monday tuesday wednesday thursday friday saturday sunday spring
  summer autumn winter fall easter christmas]]

-- Capitalized words that may stand right before a place without making it a
-- part of a longer name ("In London", "Northern Ireland", "Greater Manchester").
local VERSUS = { v = true, vs = true, ["v."] = true, ["vs."] = true, versus = true }
local CAP_OK_BEFORE = wordset [[in at near from to into the a an and or but of for on by with
  as after before since during while when where across outside inside throughout around
  toward towards via visiting northern southern eastern western central north south east
  west northeast northwest southeast southwest greater rural downtown upstate mainland
  metropolitan both neither either all most many some several other only also like
  including until unlike despite village town city province county district region island
  islands lake mount port capital " ' ( “ ‘ ]]

-- Capitalized words that may follow a small place without making it part of a
-- name: months, days, titles.
local CAP_OK_AFTER = wordset [[monday tuesday wednesday thursday friday saturday sunday
  january february march april may june july august september october november december
  president prime minister governor mayor premier senator state province region county
  city district i " ' ) ” ’ ]]

-- Heads of organization and event names: a place in a capitalized run ending
-- in one is part of the name ("Kenya Red Cross Society", "New York Times")
-- when the actor rules have not said so already. Government bodies named
-- after their jurisdiction ("California Department of Public Health") are
-- not in the list: their place is a place (docs/locations.md).
local ORG_HEAD = wordset [[times post herald journal tribune daily gazette chronicle
  telegraph globe mail star news airways airlines university college institute institution
  school academy bank fc united rovers society corporation company foundation hospital
  clinic laboratory laboratories games olympics act party league club trust group network
  radio television tv press broadcasting magazine review voice association inc ltd llc
  organization organisation treaty alliance federation confederation movement front
  breweries brewery motors studios records]]
-- Heads before "of X" that make X part of a name ("University of Georgia").
local ORG_HEAD_OF = wordset [[university bank voice act college institute academy school
  society party league club radio]]

-- Peers' titles: "Lord X of Place" names a person.
local NOBLE = wordset [[lord lady baron baroness viscount earl duke duchess marquess]]

-- Glued to a place by a hyphen without making it part of a person's name:
-- articles and directions ("Al-Minya", "Vest-Agder", "Cuvette-Ouest").
local GLUE_OK = wordset [[al el ad as ar an ash at az ibn bin nord sud ouest est vest aust
  norte sur west east north south upper lower]]

-- Particles inside place names ("Davao del Sur", "Rio de Janeiro", "Mato Grosso do Sul").
local NAME_PARTICLE = wordset [[del de da do dos das di du la le]]

-- Words after a place that make it part of a disease or strain name ("West Nile virus").
local DISEASE = wordset [[virus viruses flu fever ebolavirus strain influenza encephalitis
  disease syndrome hemorrhagic haemorrhagic index]]

-- Sectors of actor codes (USAGOV) whose organizations are named after their
-- jurisdiction: the place in their name stays a place.
local GOV_SECTOR = wordset [[GOV MIL LEG JUD SPY COP HLH]]

-- Between two list items.
local LIST_SEP = wordset [[, and or & /]]

-- Words glued to a hit that are checked further (the one test most hits pass).
local GLUE_AFTER = { ["$"] = true, ["/"] = true, ["-"] = true }
local GLUE_BEFORE = { ["/"] = true, ["-"] = true }
-- Dateline punctuation after an all-capitals place ("MOSCOW (Reuters) -").
local DATELINE = { ["("] = true, [","] = true, ["-"] = true, [":"] = true }

local function distance(a, b)
  local r = math.pi / 180
  local dlat, dlon = (b.lat - a.lat) * r, (b.lon - a.lon) * r
  local h = math.sin(dlat / 2) ^ 2 + math.cos(a.lat * r) * math.cos(b.lat * r) * math.sin(dlon / 2) ^ 2
  return 2 * 6371 * math.asin(math.min(1, math.sqrt(h)))
end

-- ------------------------------------------------------------------ phrases

-- What depends only on a phrase of the gazetteer, by the phrase id of
-- d:scan_ids (or, for a misspelling's place, by its name): made once, kept
-- for the engine's life.
--   ents     the entries (attribute tables)       infos  their parsed infos
--   text     the name as first seen                low    lowercased
--   stop     stop-listed (one word)                never  a month or a day
--   single   the only candidate, when there is one
--   cands, qualified, has_country, cfac: see candidates()
--   big      some entry is a country or continent  small  every entry a city or place
--   countries  set of the entries' countries       region  can name a region itself
--   nohit    does not count as a neighbouring name (stop-listed)
--   pairable some entry can lie inside a region ("Paris, Texas")
local PI, PI_size = {}, -1
local by_text = {}

-- Candidates of a name: its entries' infos, plus qualified admin1 units
-- ("Washington" -> Washington State), and how much of the country context
-- each country's candidates get: all of it for a country; for other places
-- named like a country (Georgia, Lebanon) half; for a city 0.6, less for
-- towns under 100,000 people (a town of the document's country must not
-- outweigh a world city of its name: Geneva, Illinois in an American
-- article). Candidates of one country share the best share, so context
-- never splits a country's own candidates (Kyiv the city and Kyiv the region).
local function candidates(P, text)
  local seen, list, qual, has_country = {}, {}, nil, false
  for _, i in ipairs(P.infos) do
    if not seen[i] then
      seen[i] = true
      list[#list + 1] = i
      if i.kind == "country" then has_country = true end
    end
  end
  if #text > 2 then
    for _, i in ipairs(gd.qualified_admin1(text)) do
      if not seen[i] then
        seen[i] = true
        list[#list + 1] = i
        qual = qual or {}
        qual[i] = true
      end
    end
  end
  local cfac = {}
  for _, i in ipairs(list) do
    if i.country then
      local f = 1
      if i.kind ~= "country" then
        if has_country then f = W.country_name_ctx end
        if i.kind == "city" then
          f = f * W.city_ctx * math.min(1, math.sqrt((i.population or 15000) / 100000))
        end
      end
      if not cfac[i.country] or f > cfac[i.country] then cfac[i.country] = f end
    end
  end
  P.cands, P.qualified, P.has_country, P.cfac = list, qual, has_country, cfac
  P.single = #list == 1 and list[1] or false
end

local function new_phrase(ents, text, nwords, stop)
  local infos, countries = {}, {}
  local big, small, region, pairable = false, true, false, false
  for k, e in ipairs(ents) do
    local i = gd.info(e)
    infos[k] = i
    local kd = i.kind
    if kd == "country" or kd == "continent" then big = true
    elseif i.country then pairable = true end
    if kd ~= "city" and kd ~= "place" then small = false end
    if kd == "admin1" or kd == "country" then region = true end
    if i.country then countries[i.country] = true end
  end
  local low = text:lower()
  local P = {
    ents = ents, infos = infos, text = text, low = low, countries = countries,
    big = big, small = small, multi = nwords > 1, pairable = pairable,
    stop = nwords == 1 and stop[low] or false,
    never = NEVER_WEAK[low] or false,
    -- an actor guessed from the shape of a name hides only a lone town
    lone_city = nwords == 1 and infos[1] ~= nil and infos[1].kind == "city"
      and (#infos == 1 or infos[2].kind == "city"),
  }
  P.nohit = P.stop
  candidates(P, text)
  P.region = region or #gd.qualified_admin1(text) > 0
  return P
end

-- The phrase of hit id at tokens first..last. Cached per id and per text as
-- written ("Can", "CAN"): a phrase depends on its entries and its text only,
-- never on the document that showed it first, so what a worker read before
-- cannot change a result (output is the same for any -j).
local function phrase_of(doc, gaz, id, first, last, stop)
  local text = doc:word(first, last)
  local P = PI[id]
  if P then
    if P.text == text then return P end
    local alt = P.alt
    local Q = alt and alt[text]
    if Q then return Q end
    Q = new_phrase(gaz:entries(id), text, last - first + 1, stop)
    if not alt then alt = {} P.alt = alt end
    alt[text] = Q
    return Q
  end
  P = new_phrase(gaz:entries(id), text, last - first + 1, stop)
  PI[id] = P
  return P
end

-- An all-capitals token that spells an entry's name in other case is an
-- acronym ("UN" is not Un, India). Per phrase, from the first such text.
local function acronym(P, text)
  local v = false
  for _, e in ipairs(P.ents) do
    if e.phrase:lower() == P.low and e.phrase ~= text then v = true break end
  end
  P.acro = v
  return v
end

-- ------------------------------------------------------------------ filters

-- Could a stoplisted name at first..last be a place? Only with a cue next to
-- it (checked fully later): a place preposition, "city of", a comma or a kind
-- word after it. Most stoplisted hits (David, March, Howard) stop here.
local function stop_cue(doc, P, first, pw, nw)
  if P.never then
    -- months and days: only "X, Region" or a kind cue ("the town of March")
    return (pw == "of" and first > 2 and CUE_KIND[doc:norm(first - 2)] ~= nil) or nw == ","
  end
  if pw then
    if STOP_PREP[pw] or pw == "of" then return true end
    if pw == "the" and first > 2 and STOP_PREP[doc:norm(first - 2)] then return true end
  end
  return nw ~= nil and (nw == "," or CUE_AFTER[nw] ~= nil)
end

-- Does a capitalized run starting at token i (max 5 tokens, "of"/"for"/"and"
-- allowed inside) contain an organization head?
local CONNECT = wordset [[of for and & de]]
local function org_run_after(doc, fl, i, ntok)
  for j = i, math.min(ntok, i + 5) do
    local w = doc:norm(j)
    local cap = fl[j] & CAP ~= 0
    if cap and ORG_HEAD[w] then return true end
    if not (cap or (CONNECT[w] and j > i)) then return false end
  end
  return false
end

-- "University of X", "Voice of America", "Consumer Act of the Philippines".
local function org_run_before(doc, fl, first, pw)
  local j = first - 1
  if pw == "the" then
    j = j - 1
    if j < 2 or doc:norm(j) ~= "of" then return false end
  elseif j < 2 then
    return false
  end
  for k = j - 1, math.max(1, j - 4), -1 do
    if fl[k] & CAP == 0 then return false end
    local w = doc:norm(k)
    if ORG_HEAD_OF[w] then return true end
    -- "Lord Faulkner of Worcester", "Baroness Thatcher of Kesteven": a peer's title
    if NOBLE[w] and k < j - 1 then return true end
  end
  return false
end

-- Is token i in a line written in capitals (a headline)? Its word neighbours,
-- two on each side within the sentence, are all in capitals too.
local function caps_line(doc, fl, i, ntok)
  local up = 0
  for j = (i > 2 and i - 2 or 1), (i + 2 < ntok and i + 2 or ntok) do
    local f = fl[j]
    if j > i and f & LINE ~= 0 then break end        -- the next line
    if j == i and f & LINE ~= 0 then up = 0 end      -- the line before does not count
    -- (a one-letter capital says nothing: "ENGLAND V PAKISTAN")
    if j ~= i and f & WORD ~= 0 and not (f & CAP ~= 0 and #doc:norm(j) == 1) then
      if f & UPPER ~= 0 then up = up + 1 elseif j > i or fl[i] & LINE == 0 then return false end
    end
  end
  return up > 0
end

-- Is first..last a team in a results line: a score right after it, and the
-- line starting with it and another capitalised name after the score, or a
-- name and a score right before it ("Porto 3 Braga 1")?
local function results_line(fl, first, last, ntok)
  local n = last + 1
  if n > ntok or fl[n] & NUM == 0 or fl[n] & LINE ~= 0 then return false end
  if fl[first] & LINE ~= 0 then
    return n + 1 <= ntok and fl[n + 1] & CAP ~= 0 and fl[n + 1] & LINE == 0
  end
  local p = first - 1
  return p > 1 and fl[p] & NUM ~= 0 and fl[p - 1] & CAP ~= 0
end

-- Does a name start at token i, the hit at ids[x] being the next one? (Hits
-- are sorted and never overlap; stop-listed names do not count.)
local function hit_starts(doc, gaz, ids, x, i, stop)
  if ids[x] ~= i then return false end
  local P = phrase_of(doc, gaz, ids[x + 2], i, ids[x + 1], stop)
  return not P.nohit
end

-- Does a name end at token i, the hit at ids[x] being the previous one?
local function hit_ends(ids, x, i)
  return x > 0 and ids[x + 1] == i and not PI[ids[x + 2]].nohit
end



-- The mentions: gazetteer hits that survive the filters, grouped by name
-- (one sense per discourse: every "Georgia" of a document is the same
-- Georgia). ids: d:scan_ids of the gazetteer; dem_at[first] = last of
-- demonyms. Returns the groups in text order of their first mention, the
-- groups by name, the mentions in text order, whether a group is
-- stop-listed, whether a mention may start a pair ("Paris, Texas") and
-- whether one may start a list.
local function collect(doc, gaz, ids, stop, dem_at, given)
  local ntok = doc.ntokens
  local fl = doc.flags
  local groups, ng, by_low, stops, ms, nmen = {}, 0, false, false, {}, 0
  local pairable, listable = false, false
  for x = 1, #ids, 3 do
    local first, last = ids[x], ids[x + 1]
    local P = phrase_of(doc, gaz, ids[x + 2], first, last, stop)
    local p, n = first - 1, last + 1
    local pw = p >= 1 and doc:norm(p) or nil
    local nw = n <= ntok and doc:norm(n) or nil
    local isstop = P.stop
    if isstop and (nw == "of" or not stop_cue(doc, P, first, pw, nw)) then
      -- no cue, or the head of a name ("University of Georgia", "Bank of")
      goto continue
    end
    do
      local actor_country
      -- 1. Part of an actor's name, or the actor itself.
      local a = doc:covering("ACTOR", first)
      if a then
        local id = a.item
        local ai = id and doc:get(id)   -- the live item: no copy
        if ai then
          local longer = a.first < first or a.last > last
          local kind = ai.kind
          if kind == "person" or kind == "organization" then
            if longer then
              -- "U.S. Food and Drug Administration": the body's jurisdiction is a place
              if not (kind == "organization" and ai.country and a.first == first
                      and ai.code and GOV_SECTOR[ai.code:sub(4, 6)]
                      and P.countries[ai.country]) then
                goto continue
              end
            elseif not ai.country and not ai.code and (P.multi or not P.lone_city) then
              -- an actor guessed from the name's shape alone ("Uttar Pradesh said"):
              -- for a region or a multi-word name the gazetteer knows better; a
              -- lone town name ("said Lennox") is left to the actor
            else
              -- "Washington" as the US government: a place of the actor's country.
              if not (ai.country and P.countries[ai.country]) then goto continue end
              actor_country = ai.country
            end
          else
            actor_country = ai.country
          end
        end
      end
      -- 2a. A demonym of the same span ("Somali refugees" is not the Somali Region).
      if dem_at[first] == last then goto continue end
      local f = fl[first]
      -- 2. An acronym that spells a place's name ("UN" is not Un, India), but
      -- a dateline is a place: "MOSCOW (Reuters) -", "KABUL, Aug 3 -"
      -- and so is a name in a line written in capitals ("NORWAY EDGE PAST
      -- LATVIA", "OSLO 1997-03-05")
      if first == last and f & UPPER ~= 0 then
        local acro = P.acro
        if acro == nil then acro = acronym(P, doc:word(first)) end
        if acro and not (f & LINE ~= 0 and nw and (DATELINE[nw] or fl[n] & NUM ~= 0))
           and not caps_line(doc, fl, first, ntok) then
          goto continue
        end
      end
      -- 3. Glued to something: "US$5", "A/California/7/2009", "Navarro-Valls", "France-Presse".
      if nw and GLUE_AFTER[nw] and fl[n] & SPACE == 0 then
        if nw == "$" then goto continue end
        if nw == "/" then
          if not hit_starts(doc, gaz, ids, x + 3, n + 1, stop) then goto continue end
        elseif n + 1 <= ntok and fl[n + 1] & (SPACE | CAP) == CAP
          and not hit_starts(doc, gaz, ids, x + 3, n + 1, stop) and not dem_at[n + 1]
          and not GLUE_OK[doc:norm(n + 1)] then
          goto continue
        end
      end
      if pw and GLUE_BEFORE[pw] and f & SPACE == 0 then
        if pw == "/" then
          if not hit_ends(ids, x - 3, p - 1) then goto continue end
        elseif p > 1 and fl[p] & SPACE == 0 and fl[p - 1] & CAP ~= 0
          and not hit_ends(ids, x - 3, p - 1) and not GLUE_OK[doc:norm(p - 1)] then
          goto continue
        end
      end
      -- 4. Part of a longer capitalized name the actor rules did not see.
      local ncap = nw and fl[n] & CAP ~= 0
      if nw then
        if DISEASE[nw] and not (P.big and pw == "the") then goto continue end
        if ncap and not hit_starts(doc, gaz, ids, x + 3, n, stop) and org_run_after(doc, fl, n, ntok) then
          goto continue
        end
      end
      if (pw == "of" or pw == "the") and org_run_before(doc, fl, first, pw) then goto continue end
      -- a club in a fixture ("Leicester v Blackpool"; a country there is its team,
      -- which news tagging counts as the place)
      if P.small and (VERSUS[nw] or VERSUS[pw]) then goto continue end
      -- and in a results line ("Porto 3 Braga 1"; "Norway 2 Latvia 1" are teams
      -- named by their country, which news tagging counts as the place)
      if not P.big and results_line(fl, first, last, ntok) then goto continue end
      -- "Davao del Sur", "Ilocos Sur": the end of a longer name, not Sur in Oman
      if P.small and first == last and pw and f & SPACE ~= 0 and
         ((NAME_PARTICLE[pw] and p > 1 and fl[p - 1] & CAP ~= 0) or
          (hit_ends(ids, x - 3, p) and fl[p] & CAP ~= 0 and fl[p] & (LINE | UPPER) == 0)) then
        goto continue
      end
      if pw and not P.big and fl[p] & (CAP | UPPER) == CAP and not CAP_OK_BEFORE[pw]
        and f & LINE == 0
        and not hit_ends(ids, x - 3, p) then
        -- at a sentence start only a given name makes the place part of a name
        if fl[p] & SENT == 0 or given[doc:word(p)] then goto continue end
      end
      if ncap and P.small and first == last and fl[n] & LINE == 0
        and not CAP_OK_AFTER[nw] and not hit_starts(doc, gaz, ids, x + 3, n, stop) then
        goto continue
      end
      -- Cue words around the name.
      local cue
      if pw == "of" then
        local q = p - 1
        local w = q >= 1 and doc:norm(q) or nil
        if w == "the" then
          q = q - 1
          w = q >= 1 and doc:norm(q) or nil
        end
        if w then cue = CUE_KIND[w] end
      elseif pw then
        cue = CUE_BEFORE[pw]
      end
      if not cue and nw then cue = CUE_AFTER[nw] end
      local preps = isstop and STOP_PREP or PLACE_PREP
      local prep = false
      if pw then
        prep = preps[pw] or (pw == "the" and p > 1 and preps[doc:norm(p - 1)]) or false
      end
      -- (few names: a search is cheaper than a table by name)
      local low = P.low
      local g
      if by_low then
        g = by_low[low]
      else
        for k = 1, ng do
          local h = groups[k]
          if h.P.low == low then g = h break end
        end
      end
      local m = { first = first, last = last, P = P, g = g, cue = cue, prep = prep,
                  next = nw, actor_country = actor_country }
      if not g then
        g = { spans = { m }, P = P, cands = P.cands, first = first, info = false,
              forced = false, listed = false, ls = false }
        m.g = g
        ng = ng + 1
        groups[ng] = g
        if by_low then
          by_low[low] = g
        elseif ng == 8 then
          by_low = {}
          for k = 1, ng do by_low[groups[k].P.low] = groups[k] end
        end
        if isstop then stops = true end
      else
        local sp = g.spans
        sp[#sp + 1] = m
      end
      nmen = nmen + 1
      ms[nmen] = m
      if nw == "," or nw == "in" then
        if P.pairable then pairable = true end
        listable = true
      elseif LIST_SEP[nw] then
        listable = true
      end
    end
    ::continue::
  end
  return groups, by_low, ms, stops, pairable, listable
end

-- ------------------------------------------------------------------ pairs and lists

-- Which entry of m lies in the place named by n (a mention) or by an
-- abbreviation at token j? Returns a list of { e = info, target = info }.
local function containment(doc, m, n, j)
  local ok = {}
  local word
  for _, i in ipairs(m.P.infos) do
    if i.kind ~= "country" and i.kind ~= "continent" and i.country then
      local target
      if n then
        if i.admin1 and gd.admin1_forms(i.admin1)[n.P.low] then
          target = gd.admin1(i.country, i.admin1)
        end
        if not target then
          for _, ne in ipairs(n.P.infos) do
            if ne.kind == "country" and ne.country == i.country then target = ne break end
          end
        end
        if not target and i.admin1 then
          for _, ne in ipairs(n.P.infos) do
            if ne.kind == "admin1" and ne.country == i.country and ne.phrase == i.admin1 then
              target = ne break
            end
          end
        end
        if target then ok[#ok + 1] = { e = i, target = target } end
      elseif j and i.admin1 then
        word = word or doc:word(j)
        local name = abbrev.admin1(i.country, word)
        if name and name == i.admin1 then
          target = gd.admin1(i.country, i.admin1)
          if target then ok[#ok + 1] = { e = i, target = target } end
        end
      end
    end
  end
  return ok
end

-- Does another place follow n in a list ("..., n, X" / "n and X" / "n or X")?
local function in_list(doc, n, by_first)
  local j = n.last + 1
  local w = n.next
  if w ~= "," and w ~= "and" and w ~= "or" then return false end
  if by_first[j + 1] then return true end
  if w ~= "," or j + 1 > doc.ntokens then return false end
  local w2 = doc:norm(j + 1)
  return (w2 == "and" or w2 == "or") and by_first[j + 2] ~= nil
end

local function by_prior(a, b)
  if a.e.prior ~= b.e.prior then return a.e.prior > b.e.prior end
  return a.e.key < b.e.key
end

-- "City, Region" and "City in Region": m.pair = { [info] = true } for the
-- entries of m inside the region; the region's mention gets m.forced. An
-- abbreviation ("Tex.") becomes an extra mention.
local function pairs_of(doc, ms)
  local by_first
  local extra
  for _, m in ipairs(ms) do
    local sep = m.next
    if (sep == "," or sep == "in") and m.P.pairable then
      if not by_first then
        by_first = {}
        for _, x in ipairs(ms) do by_first[x.first] = x end
      end
      local c = m.last + 1
      local ok
      local n = by_first[c + 1]
      if n and n.P.stop then n = nil end
      if n and sep == "," and in_list(doc, n, by_first) and m.P.region then
        -- "Washington, Pennsylvania and California": a list of regions, not a pair
        n = nil
        sep = "list"
      end
      if n then
        ok = containment(doc, m, n, nil)
      elseif sep == "," and c + 1 <= doc.ntokens then
        ok = containment(doc, m, nil, c + 1)
      end
      if ok and #ok > 0 then
        local pair = {}
        for _, p in ipairs(ok) do pair[p.e] = true end
        m.pair = pair
        table.sort(ok, by_prior)
        local best = ok[1]
        if n then
          n.forced = n.forced or best.target
          n.g.forced = n.forced
        else
          extra = extra or {}
          extra[#extra + 1] = { first = c + 1, last = c + 1, forced = best.target }
        end
      end
    end
  end
  return extra
end

-- Lists: "Ohio, Oregon and Utah", "Kenya, Uganda or Tanzania". Neighbours
-- joined by commas, "and", "or", "&" or "/" in one sentence form a chain;
-- every member sees the others as its list (m.list).
local function lists_of(doc, fl, ms)
  local lists = {}
  local chain = nil
  for k = 2, #ms do
    local a, b = ms[k - 1], ms[k]
    local gap = b.first - a.last - 1
    local linked = false
    if gap >= 1 and gap <= 2 and not a.pair and LIST_SEP[a.next] then
      linked = true
      for j = a.last + 1, b.first do
        if fl[j] & SENT ~= 0 or (j < b.first and j > a.last + 1 and not LIST_SEP[doc:norm(j)]) then
          linked = false
          break
        end
      end
    end
    if linked then
      if not chain then chain = { a } end
      chain[#chain + 1] = b
    elseif chain then
      lists[#lists + 1] = chain
      for _, m in ipairs(chain) do m.list = chain end
      chain = nil
    end
  end
  if chain then
    lists[#lists + 1] = chain
    for _, m in ipairs(chain) do m.list = chain end
  end
  for _, l in ipairs(lists) do
    for _, m in ipairs(l) do m.g.listed = true end
  end
  return lists
end

-- Counts of a list's current resolutions (one pass): members resolved, by
-- "kind|country" (by kind alone for countries and continents), and by country.
local function list_counts(lists)
  for _, l in ipairs(lists) do
    local n, kc, c, own = 0, {}, {}, {}
    for _, m in ipairs(l) do
      local r = m.g and m.g.info
      if r then
        n = n + 1
        own[m.g] = (own[m.g] or 0) + 1
        local k = (r.kind == "country" or r.kind == "continent") and r.kind
          or r.kind .. "|" .. (r.country or "")
        kc[k] = (kc[k] or 0) + 1
        if r.country then c[r.country] = (c[r.country] or 0) + 1 end
      end
    end
    l.n, l.kc, l.c, l.own = n, kc, c, own
  end
end

-- ------------------------------------------------------------------ scoring

-- Keys of an info, made once: akey (its admin1 as "ISO|name": a city's, or
-- an admin1's own; false for others), lkey (what a list compares: the kind,
-- with the country inside a country), city-like and big.
local function keys(i)
  local kd, c = i.kind, i.country
  local akey = false
  if kd == "city" and i.admin1 then akey = c .. "|" .. i.admin1
  elseif kd == "admin1" then akey = (c or "") .. "|" .. i.phrase end
  i.akey = akey
  i.lkey = (kd == "country" or kd == "continent") and kd or kd .. "|" .. (c or "")
  i.near = (kd == "city" or kd == "place") and i.lat ~= nil
end

-- Local score of candidate i for group g (pairs, cues, actors): no context.
local function local_score(g, i)
  local s = i.prior
  local q = g.P.qualified
  if q and q[i] then s = s + W.qualified end
  local pair, cue, act = false, false, false
  for _, m in ipairs(g.spans) do
    if m.pair and m.pair[i] then pair = true end
    if m.cue and m.cue == i.kind then cue = true end
    if m.actor_country and m.actor_country == i.country then act = true end
  end
  if pair then s = s + W.pair end
  if cue then s = s + W.cue end
  if act then s = s + W.actor end
  return s
end

-- What group g's current resolution r adds to the context: its country
-- with a weight (a country counts its mentions, up to 3), and its admin1.
local function own_weight(g, r)
  return r.kind == "country" and min(#g.spans, 3) or 1
end

-- Context: country and admin1 weights from every group but g (whose current
-- resolution is g.info).
local function context_score(i, g, ctx)
  local s = 0
  local r = g.info
  local c = i.country
  if c then
    local n = (ctx.country[c] or 0) - (r.country == c and own_weight(g, r) or 0)
    if n > 0 then
      s = s + W.country_ctx * log(1 + min(n, W.country_ctx_max), 2) * g.P.cfac[c]
    end
  end
  local ak = i.akey
  if ak then
    local n = (ctx.admin1[ak] or 0) - (r.akey == ak and 1 or 0)
    if n > 0 then s = s + W.admin1_ctx end
  end
  -- list coherence: the shares of the other members resolved to this kind
  -- (and, for places inside a country, in the same country: "West Bank and
  -- Gaza" is no list of admin1 units) and to this country; best over the
  -- name's mentions
  if g.listed then
    local best_list = 0
    local ik = i.lkey
    for _, m in ipairs(g.spans) do
      local l = m.list
      if l and l.n then
        -- leave out this name's own members
        local own = l.own[g] or 0
        local n = l.n - own
        if n > 0 then
          local same_kind = (l.kc[ik] or 0) - (r.lkey == ik and own or 0)
          local same_country = 0
          if i.kind ~= "country" and c then
            same_country = (l.c[c] or 0) - (r.country == c and own or 0)
          end
          local t = (W.list_kind * same_kind + W.list_country * same_country) / n
          if t > best_list then best_list = t end
        end
      end
    end
    s = s + best_list
  end
  if i.near then
    -- (300 km are 2.7 degrees of latitude at least: most points fail that first)
    local pg, lat = ctx.pgroups, i.lat
    for k, p in ipairs(ctx.points) do
      local dl = lat - p.lat
      if dl < 2.7 and dl > -2.7 and pg[k] ~= g and distance(i, p) < 300 then
        s = s + W.near
        break
      end
    end
  end
  return s
end

-- Countries named by demonyms and actors (a weak context), made when first
-- needed, for the document that places() works on now (DEMS: the countries
-- of its demonyms).
local DEMS, BASE
local function base_context(doc)
  if not BASE then
    local b = {}
    for _, c in ipairs(DEMS) do b[c] = (b[c] or 0) + 0.5 end
    for _, a in ipairs(doc:actors()) do
      local c = a.country
      if c then b[c] = (b[c] or 0) + 0.5 end
    end
    BASE = b
  end
  return BASE
end

-- Resolve the groups: first by local evidence, then (when some name has
-- several candidates) twice more with the document context. Sets g.info.
local function resolve_groups(doc, groups, lists)
  -- ambiguous groups whose decision the context may still change: only the
  -- candidates that the most context could make win stay in g.live (a
  -- candidate whose local score plus every context weight stays below the
  -- best local score can never win)
  local open
  local cmax = math.max(0, W.country_ctx) * log(1 + W.country_ctx_max, 2)
  local amax, lmax = math.max(0, W.admin1_ctx), math.max(0, W.list_kind) + math.max(0, W.list_country)
  local nmax = math.max(0, W.near)
  for _, g in ipairs(groups) do
    local cands = g.cands
    if #cands == 1 and not g.forced then
      g.info = cands[1]
    else
      local best, bs
      local ls = g.ls
      if not ls then
        ls = {}
        g.ls = ls
      end
      for _, i in ipairs(cands) do
        if i.lkey == nil then keys(i) end
        local sc = local_score(g, i)
        ls[i] = sc
        if not best or sc > bs or (sc == bs and i.key < best.key) then best, bs = i, sc end
      end
      if g.forced then
        g.info = g.forced
      else
        g.info = best
        local live, n = {}, 0
        local cfac, listed = g.P.cfac, g.listed
        for _, i in ipairs(cands) do
          local ub = ls[i] + 1e-9
          if i.country then ub = ub + cmax * cfac[i.country] end
          if i.akey then ub = ub + amax end
          if listed then ub = ub + lmax end
          if i.near then ub = ub + nmax end
          if ub >= bs then
            n = n + 1
            live[n] = i
          end
        end
        if n > 1 then
          g.live = live
          open = open or {}
          open[#open + 1] = g
        end
      end
    end
  end
  if not open then return end
  local base_ctx = base_context(doc)
  for _ = 1, 2 do
    -- context from the current resolutions (the first 64 unambiguous cities
    -- are enough and keep the work linear on documents that list thousands)
    local cc, ca, points, pgroups = {}, {}, {}, {}
    local ctx = { country = cc, admin1 = ca, points = points, pgroups = pgroups }
    for c, n in pairs(base_ctx) do cc[c] = n end
    for _, g in ipairs(groups) do
      local i = g.info
      if i.lkey == nil then keys(i) end
      local c = i.country
      if c then cc[c] = (cc[c] or 0) + own_weight(g, i) end
      local ak = i.akey
      if ak then ca[ak] = (ca[ak] or 0) + 1 end
      if i.kind == "city" and i.lat and #g.cands == 1 and #points < 64 then
        points[#points + 1] = i
        pgroups[#points] = g
      end
    end
    if #lists > 0 then list_counts(lists) end
    local changed = false
    for _, g in ipairs(open) do
      local best, bs
      local ls = g.ls
      for _, i in ipairs(g.live) do
        local sc = ls[i] + context_score(i, g, ctx)
        if not best or sc > bs or (sc == bs and i.key < best.key) then best, bs = i, sc end
      end
      if best ~= g.info then
        g.info = best
        changed = true
      end
    end
    -- the same resolutions give the same context: a second round would too
    if not changed then break end
  end
end

-- ------------------------------------------------------------------ misspellings

-- May a variant at token i be read? Not when an actor claims it, unless that
-- actor is a lone unknown "person" right after a place preposition ("in
-- Pyonyang"), which is how an unknown capitalized word often ends up.
local function variant_free(doc, i)
  local a = doc:covering("ACTOR", i)
  if not a then return true end
  if a.first ~= i or a.last ~= i or i == 1 then return false end
  local it = a.item and doc:get(a.item)
  return it ~= nil and it.kind == "person" and not it.country and PLACE_PREP[doc:norm(i - 1)] == true
end

-- Is token i inside a gazetteer hit (kept or not)?
local function in_hit(ids, i)
  for x = 1, #ids, 3 do
    if ids[x] > i then return false end
    if ids[x + 1] >= i then return true end
  end
  return false
end

-- The phrase of a misspelt place's correct name (by that name).
local function target_phrase(name, stop)
  local P = by_text[name]
  if P == nil then
    local ents = gd.gazetteer():lookup(name)
    P = #ents > 0 and new_phrase(ents, name, 1, stop) or false
    if P then P.stop = false end
    by_text[name] = P
  end
  return P
end

-- Misspelt names ("Pyonyang"): a one-typo variant of a well-known place is
-- read as that place when the place's country is already in the document
-- (a resolved place, or a demonym or actor of that country), the word is
-- capitalized, and no other rule claimed its token. Adds the mentions to the
-- place's group (or a new one); returns true when it added any.
local function misspellings(doc, vars, ids, kept, groups, by_low, base, stop)
  if not by_low then
    by_low = {}
    for _, g in ipairs(groups) do by_low[g.P.low] = g end
  end
  local present = {}
  for _, g in ipairs(kept) do if g.info and g.info.country then present[g.info.country] = true end end
  for c, n in pairs(base) do if n >= 0.5 then present[c] = true end end
  local added = false
  for _, h in ipairs(vars) do
    local first, e = h[1], h[2]
    if present[e.country] and not in_hit(ids, first) and variant_free(doc, first) then
      local low = e.target:lower()
      local g = by_low[low]
      local m = { first = first, last = first, variant = true }
      if not g then
        local P = target_phrase(e.target, stop)
        if P then
          m.P = P
          g = { spans = { m }, P = P, cands = P.cands, first = first, info = false,
                forced = false, listed = false, ls = false }
          by_low[low] = g
          m.g = g
          kept[#kept + 1] = g
          added = true
        end
      else
        m.P = g.P
        g.spans[#g.spans + 1] = m
        m.g = g
        added = true
      end
    end
  end
  return added
end

-- ------------------------------------------------------------------ the document

local NOLISTS = {}
local function by_first(a, b) return a.first < b.first end

-- The places of the document: { { info = gazetteer info, first = token,
-- spans = { mention, ... } }, ... } in text order of their first mention; a
-- mention is a span table ({ first, last, ... }). Several places may share
-- one info ("US", "America").
function M.places(doc)
  -- (no tokens, no places: an empty document does not load the gazetteer)
  if doc.ntokens == 0 then return {} end
  local gaz = gd.gazetteer()
  local ids = gaz:scan_ids(doc)
  if #ids == 0 then return {} end
  -- phrase ids change when the dictionary does (a rule set adding places)
  local size = gaz:size()
  if size ~= PI_size then PI, PI_size = {}, size end
  local stop = gd.stoplist()
  -- one scan finds demonyms (context) and misspelt names (variants)
  local ex = gd.extras()
  local xids = ex:scan_ids(doc)
  local dem_at, dems, vars = {}, {}, nil
  for x = 1, #xids, 3 do
    local ents = ex:entries(xids[x + 2])
    local e = ents[1]
    if e.target then
      if xids[x] == xids[x + 1] then
        vars = vars or {}
        vars[#vars + 1] = { xids[x], e }
      end
    else
      dem_at[xids[x]] = xids[x + 1]
      if #ents == 1 then dems[#dems + 1] = e.country end
    end
  end
  DEMS, BASE = dems, nil
  local groups, by_low, ms, stops, pairable, listable =
    collect(doc, gaz, ids, stop, dem_at, gd.given_names())
  if #groups == 0 then return groups end
  local extra = pairable and pairs_of(doc, ms)
  local lists = listable and #ms > 1 and lists_of(doc, doc.flags, ms) or NOLISTS

  -- Stoplisted names need a pair, a kind cue, or a place preposition plus
  -- their country named elsewhere (checked after a first resolution).
  local kept, pending = groups, nil
  if stops then
    kept = {}
    for _, g in ipairs(groups) do
      if not g.P.stop then
        kept[#kept + 1] = g
      else
      local strong = g.forced and true or false
      local weak = false
      for _, m in ipairs(g.spans) do
        if m.pair or m.cue then strong = true end
        if m.prep then weak = true end
      end
        if strong then kept[#kept + 1] = g
        elseif weak then
          pending = pending or {}
          pending[#pending + 1] = g
        end
      end
    end
  end
  local sorted = true
  resolve_groups(doc, kept, lists)
  if vars and misspellings(doc, vars, ids, kept, groups, by_low, base_context(doc), stop) then
    sorted = false
    resolve_groups(doc, kept, lists)
  end
  if pending then
    local present = {}
    for _, g in ipairs(kept) do if g.info.country then present[g.info.country] = true end end
    for c, n in pairs(base_context(doc)) do if n >= 0.5 then present[c] = true end end
    local more = {}
    for _, g in ipairs(pending) do
      local ok = {}
      for _, i in ipairs(g.cands) do
        if i.country and present[i.country] then ok[#ok + 1] = i end
      end
      if #ok > 0 then
        g.cands = ok
        more[#more + 1] = g
      end
    end
    if #more > 0 then
      for _, g in ipairs(more) do kept[#kept + 1] = g end
      sorted = false
      resolve_groups(doc, kept, lists)
    end
  end

  -- Places in text order of their first mention; each carries its mentions.
  if extra then
    for _, x in ipairs(extra) do
      kept[#kept + 1] = { info = x.forced, first = x.first, spans = { x } }
    end
    sorted = false
  end
  if not sorted then table.sort(kept, by_first) end
  return kept
end

M.weights = W
return M
