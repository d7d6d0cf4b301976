-- lib.geo.resolve: find the place names of a document and resolve each to
-- one gazetteer entry. Used by scripts/20-locations.lua; docs/locations.md
-- explains every step and weight.
--
--   local resolve = require "lib.geo.resolve"
--   local places = resolve.places(doc)   -- { { span, info, text }, ... } in text order
--
-- The C core does the scanning (gazetteer and demonym dictionaries); Lua only
-- looks at the candidates: a handful of hits per document.
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

local function log2(x) return math.log(x, 2) end

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

-- Stop-listed names that a preposition never makes a place: "in March".
local NEVER_WEAK = wordset [[January February March April May June July August September
  October November December Monday Tuesday Wednesday Thursday Friday Saturday Sunday Spring
  Summer Autumn Winter Fall Easter Christmas]]

-- Capitalized words that may stand right before a place without making it a
-- part of a longer name ("In London", "Northern Ireland", "Greater Manchester").
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

-- Words after a place that make it part of a disease or strain name ("West Nile virus").
local DISEASE = wordset [[virus viruses flu fever ebolavirus strain influenza encephalitis
  disease syndrome hemorrhagic haemorrhagic index]]

-- Sectors of actor codes (USAGOV) whose organizations are named after their
-- jurisdiction: the place in their name stays a place.
local GOV_SECTOR = wordset [[GOV MIL LEG JUD SPY COP HLH]]

-- Between two list items.
local LIST_SEP = wordset [[, and or & /]]

-- The kind of item an actor annotation belongs to (person, organization, ...).
local function actor_of(doc, cache, i)
  local a = doc:covering("ACTOR", i)
  if not a then return nil end
  local id = a.item
  local v = id and cache[id]
  if v == nil and id then
    local it = doc:get(id)
    v = it and { kind = it.kind, country = it.country, code = it.code } or false
    cache[id] = v
  end
  return a, v or nil
end

local function distance(a, b)
  local r = math.pi / 180
  local dlat, dlon = (b.lat - a.lat) * r, (b.lon - a.lon) * r
  local h = math.sin(dlat / 2) ^ 2 + math.cos(a.lat * r) * math.cos(b.lat * r) * math.sin(dlon / 2) ^ 2
  return 2 * 6371 * math.asin(math.min(1, math.sqrt(h)))
end

-- Is the token at i a capitalized word (starts with an uppercase letter)?
local function capword(doc, i)
  return doc:is(i, "cap")
end

-- Could a stoplisted name at first..last be a place? Only with a cue next to
-- it (checked fully later): a place preposition, "city of", a comma or a kind
-- word after it. Most stoplisted hits (David, March, Howard) stop here.
local function stop_cue(doc, first, last, ntok, text)
  if NEVER_WEAK[text] then
    -- months and days: only "X, Region" or a kind cue ("the town of March")
    local p = first - 1
    if p >= 2 and doc:norm(p) == "of" and CUE_KIND[doc:norm(p - 1)] then return true end
    return last < ntok and doc:norm(last + 1) == ","
  end
  local p = first - 1
  if p >= 1 then
    local w = doc:norm(p)
    if STOP_PREP[w] or w == "of" then return true end
    if w == "the" and p > 1 and STOP_PREP[doc:norm(p - 1)] then return true end
  end
  if last < ntok then
    local w = doc:norm(last + 1)
    if w == "," or CUE_AFTER[w] then return true end
  end
  return false
end

-- Does a capitalized run starting at token i (max 5 tokens, "of"/"for"/"and"
-- allowed inside) contain an organization head?
local CONNECT = wordset [[of for and & de]]
local function org_run_after(doc, i, ntok)
  for j = i, math.min(ntok, i + 5) do
    local w = doc:norm(j)
    if ORG_HEAD[w] and capword(doc, j) then return true end
    if not (capword(doc, j) or (CONNECT[w] and j > i)) then return false end
  end
  return false
end

-- "University of X", "Voice of America", "Consumer Act of the Philippines".
local function org_run_before(doc, first)
  local j = first - 1
  if j >= 1 and doc:norm(j) == "the" then j = j - 1 end
  if j < 2 or doc:norm(j) ~= "of" then return false end
  for k = j - 1, math.max(1, j - 4), -1 do
    if not capword(doc, k) then return false end
    local w = doc:norm(k)
    if ORG_HEAD_OF[w] then return true end
    -- "Lord Faulkner of Worcester", "Baroness Thatcher of Kesteven": a peer's title
    if NOBLE[w] and k < j - 1 then return true end
  end
  return false
end

-- Collect the mentions: gazetteer hits that survive the filters.
local function collect(doc, hits, stop, dem_at, given)
  local ntok = doc.ntokens
  -- where other names start and end (stop-listed ones do not count: "DJ
  -- Margherita Taylor" is a name, not two places)
  local hit_at, hit_end = {}, {}
  for k, h in ipairs(hits) do
    if not stop[h.text:lower()] then
      hit_at[h.first] = k
      hit_end[h.last] = k
    end
  end
  local actors = {}
  local ms = {}
  local sent_last = {}
  for k, h in ipairs(hits) do
    local first, last = h.first, h.last
    local isstop = stop[h.text:lower()]
    if isstop and (not stop_cue(doc, first, last, ntok, h.text)
      or (last < ntok and doc:norm(last + 1) == "of")) then
      -- no cue, or the head of a name ("University of Georgia", "Bank of")
      goto continue
    end
    local m = { span = h, text = h.text, low = h.text:lower(), first = first, last = last,
                entries = h.entries, k = k, sentence = h.sentence }
    local drop = false
    local p, n = first - 1, last + 1
    -- 1. Part of an actor's name, or the actor itself.
    local a, ai = actor_of(doc, actors, first)
    if a then
      local longer = a.first < first or a.last > last
      local kind = ai and ai.kind
      if kind == "person" or kind == "organization" then
        local sector = ai.code and ai.code:sub(4, 6)
        if longer and kind == "organization" and GOV_SECTOR[sector] and ai.country
          and a.first == first then
          -- "U.S. Food and Drug Administration": the body's jurisdiction is a place
          local ok = false
          for _, e in ipairs(h.entries) do
            if e.country == ai.country then ok = true break end
          end
          drop = not ok
        elseif longer then
          drop = true
        elseif not ai.country and not ai.code and (first < last or not h.entries[1]
          or h.entries[1].kind ~= "city" or #h.entries > 1 and h.entries[2].kind ~= "city") then
          -- an actor guessed from the name's shape alone ("Uttar Pradesh said"):
          -- for a region or a multi-word name the gazetteer knows better; a
          -- lone town name ("said Lennox") is left to the actor
          drop = false
        else
          -- "Washington" as the US government: a place of the actor's country.
          local ok = false
          for _, e in ipairs(h.entries) do
            if ai.country and e.country == ai.country then ok = true break end
          end
          drop = not ok
          m.actor_country = ai.country
        end
      elseif ai then
        m.actor_country = ai.country
      end
    end
    local big, small = false, true
    for _, e in ipairs(h.entries) do
      local kd = e.kind
      if kd == "country" or kd == "continent" then big = true end
      if kd ~= "city" and kd ~= "place" then small = false end
    end
    -- 2a. A demonym of the same span ("Somali refugees" is not the Somali Region).
    if not drop and dem_at[first] == last then drop = true end
    -- 2. An acronym that spells a place's name ("UN" is not Un, India).
    if not drop and first == last and doc:is(first, "upper") then
      for _, e in ipairs(h.entries) do
        if e.phrase:lower() == m.low and e.phrase ~= h.text then drop = true break end
      end
      -- but a dateline is a place: "MOSCOW (Reuters) -", "KABUL, Aug 3 -"
      if drop and doc:is(first, "sent_start") and last < ntok then
        local w = doc:word(last + 1)
        if w == "(" or w == "," or w == "-" or w == "–" or w == "—" or w == ":" then drop = false end
      end
    end
    -- Neighbours, read once: the words before and after, their case, spacing.
    local pw = p >= 1 and doc:norm(p) or nil
    local nw = n <= ntok and doc:norm(n) or nil
    local pcap = pw and doc:is(p, "cap")
    local ncap = nw and doc:is(n, "cap")
    -- 3. Glued to something: "US$5", "A/California/7/2009", "Navarro-Valls", "France-Presse".
    if not drop and nw and (nw == "$" or nw == "/" or nw == "-" or nw == "–")
      and not doc:is(n, "space_before") then
      if nw == "$" or (nw == "/" and not hit_at[n + 1]) then drop = true
      elseif nw ~= "/" and n + 1 <= ntok and not doc:is(n + 1, "space_before")
        and capword(doc, n + 1) and not hit_at[n + 1] and not dem_at[n + 1]
        and not GLUE_OK[doc:norm(n + 1)] then
        drop = true
      end
    end
    if not drop and pw and (pw == "/" or pw == "-" or pw == "–") and not doc:is(first, "space_before") then
      if pw == "/" then
        if not hit_end[p - 1] then drop = true end
      elseif p - 1 >= 1 and not doc:is(p, "space_before")
        and capword(doc, p - 1) and not hit_end[p - 1] and not GLUE_OK[doc:norm(p - 1)] then
        drop = true
      end
    end
    -- 4. Part of a longer capitalized name the actor rules did not see.
    if not drop and nw then
      if DISEASE[nw] then drop = true
      elseif ncap and not hit_at[n] and org_run_after(doc, n, ntok) then drop = true end
    end
    if not drop and (pw == "of" or pw == "the") and org_run_before(doc, first) then drop = true end
    if not drop and not big and pcap and not hit_end[p] and not CAP_OK_BEFORE[pw]
      and not doc:is(p, "upper") then
      -- at a sentence start only a given name makes the place part of a name
      if not doc:is(p, "sent_start") or given[doc:word(p)] then drop = true end
    end
    if not drop and small and first == last and ncap and not hit_at[n] and not CAP_OK_AFTER[nw] then
      local sl = sent_last[h.sentence]
      if not sl then
        sl = doc:sentence(h.sentence).last
        sent_last[h.sentence] = sl
      end
      if n <= sl then drop = true end
    end
    if not drop then
      -- Cue words around the name.
      if pw == "of" then
        local q = p - 1
        if q >= 1 and doc:norm(q) == "the" then q = q - 1 end
        if q >= 1 then m.cue = CUE_KIND[doc:norm(q)] end
      elseif pw == "capital" or pw == "city" or pw == "town" or pw == "village" then
        m.cue = "city"
      end
      if not m.cue and nw then m.cue = CUE_AFTER[nw] end
      local preps = isstop and STOP_PREP or PLACE_PREP
      m.prep = pw and (preps[pw] or (pw == "the" and p > 1 and preps[doc:norm(p - 1)])) or false
      m.stop = isstop or false
      m.next = nw
      ms[#ms + 1] = m
    end
    ::continue::
  end
  return ms
end

-- Which entry of m lies in the place named by n (a mention) or by an
-- abbreviation at token j? Returns a list of { e = info, target = info }.
local function containment(doc, m, n, j)
  local ok = {}
  for _, e in ipairs(m.entries) do
    local i = gd.info(e)
    if i.kind ~= "country" and i.kind ~= "continent" and i.country then
      local target
      if n then
        if i.admin1 and gd.admin1_forms(i.admin1)[n.low] then
          target = gd.admin1(i.country, i.admin1)
        end
        if not target then
          for _, ne in ipairs(n.entries) do
            if ne.kind == "country" and ne.country == i.country then target = gd.info(ne) break end
          end
        end
        if not target and i.admin1 then
          for _, ne in ipairs(n.entries) do
            if ne.kind == "admin1" and ne.country == i.country and ne.phrase == i.admin1 then
              target = gd.info(ne) break
            end
          end
        end
        if target then ok[#ok + 1] = { e = i, target = target } end
      elseif j and i.admin1 then
        local name = abbrev.admin1(i.country, doc:word(j))
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
  if j > doc.ntokens then return false end
  local w = doc:norm(j)
  if w ~= "," and w ~= "and" and w ~= "or" then return false end
  if by_first[j + 1] then return true end
  return w == "," and j + 1 <= doc.ntokens and (doc:norm(j + 1) == "and" or doc:norm(j + 1) == "or")
    and by_first[j + 2] ~= nil
end

-- Can mention m name a region itself (an admin1 or a country, or an admin1
-- with a qualified name such as Washington State)?
local function can_be_region(m)
  for _, e in ipairs(m.entries) do
    if e.kind == "admin1" or e.kind == "country" then return true end
  end
  return #gd.qualified_admin1(m.text) > 0
end

-- "City, Region" and "City in Region": m.pair = { [info] = true } for the
-- entries of m inside the region; the region's mention gets m.forced. An
-- abbreviation ("Tex.") becomes an extra mention.
local function pairs_of(doc, ms)
  local by_first = {}
  for _, m in ipairs(ms) do by_first[m.first] = m end
  local extra = {}
  for _, m in ipairs(ms) do
    local c = m.last + 1
    local sep = m.next
    if sep == "," or sep == "in" then
      local ok, n = {}, nil
      if sep == "," or sep == "in" then
        n = by_first[c + 1]
        if n and n.stop then n = nil end
        if n and sep == "," and in_list(doc, n, by_first) and can_be_region(m) then
          -- "Washington, Pennsylvania and California": a list of regions, not a pair
          n = nil
          sep = "list"
        end
        if n then
          ok = containment(doc, m, n, nil)
        elseif sep == "," and c + 1 <= doc.ntokens then
          ok = containment(doc, m, nil, c + 1)
        end
      end
      if #ok > 0 then
        m.pair = {}
        for _, p in ipairs(ok) do m.pair[p.e] = true end
        table.sort(ok, function (a, b)
          if a.e.prior ~= b.e.prior then return a.e.prior > b.e.prior end
          return a.e.key < b.e.key
        end)
        local best = ok[1]
        if n then
          n.forced = n.forced or best.target
          n.paired = true
        else
          extra[#extra + 1] = { span = { first = c + 1, last = c + 1 }, forced = best.target }
        end
      end
    end
  end
  return extra
end

-- Lists: "Ohio, Oregon and Utah", "Kenya, Uganda or Tanzania". Neighbours
-- joined by commas, "and", "or", "&" or "/" in one sentence form a chain;
-- every member sees the others as its list (m.sibs).
local function lists_of(doc, ms)
  local lists = {}
  local chain = nil
  local function close()
    if chain and #chain > 1 then
      lists[#lists + 1] = chain
      for _, m in ipairs(chain) do m.list = chain end
    end
    chain = nil
  end
  for k = 2, #ms do
    local a, b = ms[k - 1], ms[k]
    local gap = b.first - a.last - 1
    local linked = false
    if gap >= 1 and gap <= 2 and not a.pair and a.sentence == b.sentence then
      linked = true
      for j = a.last + 1, b.first - 1 do
        if not LIST_SEP[doc:norm(j)] then linked = false break end
      end
    end
    if linked then
      if not chain then chain = { a } end
      chain[#chain + 1] = b
    else
      close()
    end
  end
  close()
  return lists
end

-- Counts of a list's current resolutions (one pass): members resolved, by
-- "kind|country" (by kind alone for countries and continents), and by country.
local function list_counts(lists)
  for _, l in ipairs(lists) do
    local n, kc, c, own = 0, {}, {}, {}
    for _, m in ipairs(l) do
      local r = m.g and m.g.res
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

-- Candidates of a name: its entries' infos, plus qualified admin1 units
-- ("Washington" -> Washington State). The same text always has the same
-- entries, so the list is kept per text for the engine's life (at most one
-- list per gazetteer name seen).
local cand_cache = {}
local function candidates(g)
  local m1 = g.ms[1]
  local text = m1.canon or m1.text
  local c = cand_cache[text]
  if not c then
    local seen, list, qual, has_country = {}, {}, nil, false
    for _, e in ipairs(m1.entries) do
      local i = gd.info(e)
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
    -- How much of the country context each country's candidates get: all of
    -- it for a country; for other places named like a country (Georgia,
    -- Lebanon) half; for a city 0.6, less for towns under 100,000 people (a
    -- town of the document's country must not outweigh a world city of its
    -- name: Geneva, Illinois in an American article). Candidates of one
    -- country share the best share, so context never splits a country's own
    -- candidates (Kyiv the city and Kyiv the region).
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
    c = { list = list, qualified = qual, has_country = has_country, cfac = cfac }
    cand_cache[text] = c
  end
  g.qualified = c.qualified
  g.has_country = c.has_country
  g.cfac = c.cfac
  return c.list
end

local function admin1_key(i)
  if i.kind == "city" and i.admin1 then return i.country .. "|" .. i.admin1 end
  if i.kind == "admin1" then return (i.country or "") .. "|" .. i.phrase end
  return nil
end

-- Local score of candidate i for group g (pairs, cues, actors): no context.
local function local_score(g, i)
  local s = i.prior
  if g.qualified and g.qualified[i] then s = s + W.qualified end
  local pair, cue, act = false, false, false
  for _, m in ipairs(g.ms) do
    if m.pair and m.pair[i] then pair = true end
    if m.cue and m.cue == i.kind then cue = true end
    if m.actor_country and m.actor_country == i.country then act = true end
  end
  if pair then s = s + W.pair end
  if cue then s = s + W.cue end
  if act then s = s + W.actor end
  return s
end

local function better(a, sa, b, sb)
  if sa ~= sb then return sa > sb end
  return a.key < b.key
end

-- Context: country and admin1 weights from every group but `skip`.
local function context_score(i, g, ctx)
  local s = 0
  if i.country then
    local n = (ctx.country[i.country] or 0) - (g.cc == i.country and g.cw or 0)
    if n > 0 then
      s = s + W.country_ctx * log2(1 + math.min(n, W.country_ctx_max)) * g.cfac[i.country]
    end
  end
  local ak = admin1_key(i)
  if ak then
    local n = (ctx.admin1[ak] or 0) - (g.ca == ak and 1 or 0)
    if n > 0 then s = s + W.admin1_ctx end
  end
  -- list coherence: the shares of the other members resolved to this kind
  -- (and, for places inside a country, in the same country: "West Bank and
  -- Gaza" is no list of admin1 units) and to this country; best over the
  -- name's mentions
  local best_list = 0
  local ik = (i.kind == "country" or i.kind == "continent") and i.kind
    or i.kind .. "|" .. (i.country or "")
  for _, m in ipairs(g.ms) do
    local l = m.list
    if l and l.n then
      -- leave out this name's own members
      local own = l.own[g] or 0
      local n = l.n - own
      if n > 0 then
        local r = g.res
        local rk = (r.kind == "country" or r.kind == "continent") and r.kind
          or r.kind .. "|" .. (r.country or "")
        local same_kind = (l.kc[ik] or 0) - (rk == ik and own or 0)
        local same_country = 0
        if i.kind ~= "country" and i.country then
          same_country = (l.c[i.country] or 0) - (r.country == i.country and own or 0)
        end
        local t = (W.list_kind * same_kind + W.list_country * same_country) / n
        if t > best_list then best_list = t end
      end
    end
  end
  s = s + best_list
  if (i.kind == "city" or i.kind == "place") and i.lat then
    for _, p in ipairs(ctx.points) do
      if p.g ~= g and distance(i, p.i) < 300 then s = s + W.near break end
    end
  end
  return s
end

-- Resolve the groups: first by local evidence, then (when some name has
-- several candidates) twice more with the document context. Sets g.res.
local function resolve_groups(groups, base_ctx, lists)
  local ambiguous = false
  for _, g in ipairs(groups) do
    local cands = g.cands
    if #cands == 1 and not g.forced then
      g.res = cands[1]
    else
      local best, bs
      local ls = g.ls
      for _, i in ipairs(cands) do
        local sc = local_score(g, i)
        ls[i] = sc
        if not best or better(i, sc, best, bs) then best, bs = i, sc end
      end
      g.res = g.forced or best
      if not g.forced then ambiguous = true end
    end
  end
  if not ambiguous then return end
  for _ = 1, 2 do
    -- context from the current resolutions
    local ctx = { country = {}, admin1 = {}, points = {} }
    local cc, ca = ctx.country, ctx.admin1
    for c, n in pairs(base_ctx) do cc[c] = n end
    for _, g in ipairs(groups) do
      local i = g.res
      g.cc, g.cw, g.ca = nil, 0, nil
      if i.country then
        local w = i.kind == "country" and math.min(#g.ms, 3) or 1
        cc[i.country] = (cc[i.country] or 0) + w
        g.cc, g.cw = i.country, w
      end
      local ak = admin1_key(i)
      if ak then
        ca[ak] = (ca[ak] or 0) + 1
        g.ca = ak
      end
      -- the first 64 unambiguous cities are enough context and keep the
      -- work linear on documents that list thousands of places
      if i.kind == "city" and i.lat and #g.cands == 1 and #ctx.points < 64 then
        ctx.points[#ctx.points + 1] = { g = g, i = i }
      end
    end
    list_counts(lists)
    for _, g in ipairs(groups) do
      if not g.forced and #g.cands > 1 then
        local best, bs
        for _, i in ipairs(g.cands) do
          local sc = g.ls[i] + context_score(i, g, ctx)
          if not best or better(i, sc, best, bs) then best, bs = i, sc end
        end
        g.res = best
      end
    end
  end
end

-- Countries named by demonyms and by actors: a weak context.
local function base_context(doc, dems)
  local ctx = {}
  for _, h in ipairs(dems) do
    local c = h.entry.country
    if c and c ~= "" and #h.entries == 1 then ctx[c] = (ctx[c] or 0) + 0.5 end
  end
  for _, a in ipairs(doc:actors()) do
    if a.country then ctx[a.country] = (ctx[a.country] or 0) + 0.5 end
  end
  return ctx
end

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

-- Misspelt names ("Pyonyang"): a one-typo variant of a well-known place is
-- read as that place when the place's country is already in the document
-- (a resolved place, or a demonym or actor of that country), the word is
-- capitalized, and no other rule claimed its token. Adds the mentions to the
-- place's group (or a new one); returns true when it added any.
local function misspellings(doc, vh, hits, kept, by_low, base)
  local taken = {}
  for _, h in ipairs(hits) do
    for i = h.first, h.last do taken[i] = true end
  end
  local present = {}
  for _, g in ipairs(kept) do if g.res and g.res.country then present[g.res.country] = true end end
  for c, n in pairs(base) do if n >= 0.5 then present[c] = true end end
  local added = false
  for _, h in ipairs(vh) do
    local e = h.entry
    if h.first == h.last and not taken[h.first] and present[e.country]
      and variant_free(doc, h.first) then
      local low = e.target:lower()
      local g = by_low[low]
      local m = { span = h, text = h.text, low = low, first = h.first, last = h.last,
                  entries = {}, variant = true, canon = e.target }
      if not g then
        local entries = gd.gazetteer():lookup(e.target)
        if #entries > 0 then
          g = { ms = {}, ls = {}, low = low }
          by_low[low] = g
          m.entries = entries
          g.ms[1] = m
          m.g = g
          g.cands = candidates(g)
          kept[#kept + 1] = g
          added = true
        end
      else
        m.entries = g.ms[1].entries
        g.ms[#g.ms + 1] = m
        m.g = g
        added = true
      end
    end
  end
  return added
end

-- The places of the document: { { info = gazetteer info, first = token,
-- spans = { { span = {first, last, ...} }, ... } }, ... }, in text order of
-- their first mention. Several places may share one info ("US", "America").
function M.places(doc)
  local hits = gd.gazetteer():scan(doc)
  if #hits == 0 then return {} end
  -- one scan finds demonyms (context) and misspelt names (variants)
  local dems, vars = {}, {}
  local dem_at = {}
  for _, h in ipairs(gd.variants():scan(doc)) do
    if h.entry.kind == "demonym" then
      dems[#dems + 1] = h
      dem_at[h.first] = h.last
    else
      vars[#vars + 1] = h
    end
  end
  local ms = collect(doc, hits, gd.stoplist(), dem_at, gd.given_names())
  if #ms == 0 then return {} end
  local extra = pairs_of(doc, ms)
  local lists = lists_of(doc, ms)

  -- One sense per discourse: group mentions by their lowercased text.
  local groups, by_low = {}, {}
  for _, m in ipairs(ms) do
    local g = by_low[m.low]
    if not g then
      g = { ms = {}, ls = {}, low = m.low }
      by_low[m.low] = g
      groups[#groups + 1] = g
    end
    g.ms[#g.ms + 1] = m
    m.g = g
    if m.forced then g.forced = m.forced end
  end
  for _, g in ipairs(groups) do g.cands = candidates(g) end

  -- Stoplisted names need a pair, a kind cue, or a place preposition plus
  -- their country named elsewhere (checked after a first resolution).
  local kept = {}
  local pending = {}
  for _, g in ipairs(groups) do
    local strong = g.forced ~= nil
    local weak = false
    if g.ms[1].stop then
      for _, m in ipairs(g.ms) do
        if m.pair or m.cue then strong = true end
        if m.prep then weak = true end
      end
      if strong then kept[#kept + 1] = g
      elseif weak then pending[#pending + 1] = g end
    else
      kept[#kept + 1] = g
    end
  end
  local base = base_context(doc, dems)
  resolve_groups(kept, base, lists)
  if #vars > 0 and misspellings(doc, vars, hits, kept, by_low, base) then
    resolve_groups(kept, base, lists)
  end
  if #pending > 0 then
    local present = {}
    for _, g in ipairs(kept) do if g.res.country then present[g.res.country] = true end end
    for c, n in pairs(base) do if n >= 0.5 then present[c] = true end end
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
      resolve_groups(kept, base, lists)
    end
  end

  -- Places in text order of their first mention; each carries its mentions.
  local out = {}
  for _, g in ipairs(kept) do
    out[#out + 1] = { info = g.res, first = g.ms[1].first, spans = g.ms }
  end
  for _, x in ipairs(extra) do
    out[#out + 1] = { info = x.forced, first = x.span.first, spans = { x } }
  end
  table.sort(out, function (a, b) return a.first < b.first end)
  return out
end

M.weights = W
return M
