-- lib.actors.find: find the actors of a document.
--
-- One dictionary scan in C (lib.actors.data's `cues`) gives every known name, title, role,
-- demonym, organisation word, given name and speech verb of the document. The steps below
-- read those hits and the tokens next to them, and turn them into candidates:
--
--   1. organisation names built on an organisation word ("Foreign Ministry", "Equal
--      Opportunities Commission", "Manchester United")
--   2. known people, organisations and seats of power
--   3. people introduced by a title, a role or a given name ("Mr Howard", "Politburo member
--      Li Hongzhong", "Patricia Smith")
--   4. names next to speech verbs ("Hewitt said", "according to Smith")
--   5. an acronym in brackets after its expansion ("North Atlantic Treaty Organisation (NATO)")
--   6. countries and capitals where they act ("Russia warned", "Beijing's position",
--      "relations between Russia and China", "condemned Russia"); nominal bodies of a country
--      ("the Russian government", "Chinese troops")
--   7. surnames and acronyms of the actors found, elsewhere in the document
--
-- A token belongs to at most one candidate: the first step to claim it wins. Candidates of
-- one actor share a key; lib.actors.emit gives each actor its fields from all its mentions.
local polis = require "polis"
local data = require "lib.actors.data"
local W = require "lib.actors.words"
local common = require "lib.common"
local P = require "lib.actors.person"
local cameo = require "lib.actors.cameo_dict"

local R = data.rec
local M = {}
local NONE = {}
local BY = {}

-- Types of hits that name something other than a bare name part.
local ENTITY = { per = true, org = true, met = true, cty = true, dem = true, padj = true,
                 role = true, hon = true, ow = true, say = true, nom = true }

local gazetteer
local place_memo, place_n = {}, 0
local function is_place(text)
  local v = place_memo[text]
  if v ~= nil then return v end
  if gazetteer == nil then
    local ok, g = pcall(common.gazetteer)
    gazetteer = ok and g or false
  end
  v = gazetteer and #gazetteer:lookup(text) > 0 or false
  if place_n > 20000 then place_memo, place_n = {}, 0 end
  place_memo[text], place_n = v, place_n + 1
  return v
end

-- ------------------------------------------------------------------ state and token tests

local function new_state(doc)
  local S = { doc = doc, n = doc.ntokens, date = doc.date, at = {}, cov = {}, claim = {},
              block = {}, cands = {}, byname = {}, cw = {}, by = {}, k = {},
              d_norm = doc.norm, d_is = doc.is, d_span = doc.span, text = doc.text }
  local hits = data.cues:scan(doc)
  S.hits = hits
  local T = {}
  S.T = T
  for k, h in ipairs(hits) do
    -- the records of a phrase, by type (the same for every hit of that phrase: memoized on
    -- the phrase's first entry, which the dictionary keeps)
    local by = BY[h.entry]
    if not by then
      by = {}
      for _, e in ipairs(h.entries) do
        local t = e.t
        local l = by[t]
        if not l then l = {}; by[t] = l end
        l[#l + 1] = R[t][tonumber(e.i)]
      end
      local types = {}
      for t in pairs(by) do types[#types + 1] = t end
      table.sort(types)
      by.types = types
      BY[h.entry] = by
    end
    S.by[h.first], S.k[h.first] = by, k
    S.at[h.first] = h
    -- the hits of each type, in text order, so that a step reads only its own
    local types = by.types
    for x = 1, #types do
      local t = types[x]
      local l = T[t]
      if not l then l = {}; T[t] = l end
      l[#l + 1] = h
    end
    for i = h.first, h.last do S.cov[i] = h end
  end
  for _, s in ipairs(doc:annotations("NOISE")) do
    for i = s.first, s.last do S.block[i] = true end
  end
  return S
end

-- Document methods, looked up once per document (every doc.method lookup goes through the
-- document's __index).
local function norm(S, i) return S.d_norm(S.doc, i) end
local function is(S, i, f) return S.d_is(S.doc, i, f) end

local function free(S, a, b)
  local claim, block = S.claim, S.block
  if a == b then return not (claim[a] or block[a]) end
  for i = a, b do
    if claim[i] or block[i] then return false end
  end
  return true
end

-- The hits of some types, in text order (one list per combination, built once a document).
local function hits_of(S, key, ...)
  local l = S.T[key]
  if l then return l end
  local types = { ... }
  l = {}
  if #types == 1 then
    l = S.T[types[1]] or NONE
  else
    for _, h in ipairs(S.hits) do
      local by = S.by[h.first]
      for _, t in ipairs(types) do
        if by[t] then l[#l + 1] = h; break end
      end
    end
  end
  S.T[key] = l
  return l
end

local function same_sentence_next(S, i)   -- is token i+1 in the sentence of token i?
  return i + 1 <= S.n and not is(S, i + 1, "sent_start")
end

-- A hit that is only a name part (a given name or a known surname).
local function nameish(S, h)
  local by = S.by[h.first]
  local v = by.nameish
  if v == nil then
    v = (by.gn or by.sur) and true or false
    for t in pairs(ENTITY) do
      if by[t] then v = false end
    end
    by.nameish = v
  end
  return v
end

-- Token i, for organisation names: a capitalised word, free, not a function word (stop
-- words may be part of an organisation's name: "Transport Workers Union").
local function orgword(S, i)
  if i < 1 or i > S.n or S.claim[i] or S.block[i] then return false end
  if not is(S, i, "cap") or not is(S, i, "word") then return false end
  return not W.NOT_NAME[norm(S, i)]
end

-- Token i: a capitalised word, free, not a function word, not on the stop lists.
local function capword(S, i)
  if i < 1 or i > S.n or S.claim[i] or S.block[i] then return false end
  local v = S.cw[i]
  if v == nil then
    v = false
    if is(S, i, "cap") and is(S, i, "word") then
      local w = norm(S, i)
      v = not W.NOT_NAME[w] and not data.stop[w] and not W.POSTNOMINAL[w]
    end
    S.cw[i] = v
  end
  return v
end

local function is_verb(S, i)
  if i > S.n or is(S, i, "sent_start") then return false end
  local w = norm(S, i)
  if W.VERB[w] then return true end
  return is(S, i, "lower") and #w > 4 and w:sub(-2) == "ed"
end

-- Is the sentence of token i written in capitals (a headline)? Checked on the neighbours.
local function caps_line(S, i)
  local a, b = i - 1, i + 1
  local up = 0
  for j = math.max(1, i - 2), math.min(S.n, i + 2) do
    if j ~= i and is(S, j, "word") then
      if is(S, j, "upper") then up = up + 1 else return false end
    end
  end
  return up > 0
end

-- The name tokens starting at j: capitalised words, known given names and surnames,
-- initials, particles ("bin", "van der") and hyphen parts ("Jong-un"). Returns the last
-- token and the number of words, or nil. Stops at any other known entity.
local function read_name(S, j, max)
  max = max or 4
  local doc, e, count, i = S.doc, nil, 0, j
  while i <= S.n and count < max do
    if i > j and is(S, i, "sent_start") then break end
    local h = S.cov[i]
    if h and h.first == i and S.by[h.first].per then break end
    if h and h.first == i and nameish(S, h) and free(S, h.first, h.last) then
      e, i, count = h.last, h.last + 1, count + 1
    elseif h and not nameish(S, h) then
      break
    elseif capword(S, i) and not h then
      e, i, count = i, i + 1, count + 1
    elseif e and is(S, i, "dash") and not is(S, i, "space_before") and i + 1 <= S.n and
           is(S, i + 1, "word") and not is(S, i + 1, "space_before") and
           (not S.cov[i + 1] or nameish(S, S.cov[i + 1])) then
      local h2 = S.cov[i + 1]
      e, i = h2 and h2.last or i + 1, (h2 and h2.last or i + 1) + 1   -- Jong-un, Mbeki-Tanaka
    elseif e and W.PARTICLE[norm(S, i)] and capword(S, i + 1) then
      i = i + 1                                     -- bin Salman, van Gogh
    else
      break
    end
  end
  if not e then return nil end
  return e, count
end

-- The same, backwards from token j (for "Hewitt said").
local function read_name_back(S, j, max)
  max = max or 4
  local s, count, i = nil, 0, j
  while i >= 1 and count < max do
    local h = S.cov[i]
    if h and nameish(S, h) and free(S, h.first, h.last) then
      s, i, count = h.first, h.first - 1, count + 1
    elseif h then
      break
    elseif capword(S, i) then
      s, i, count = i, i - 1, count + 1
    elseif s and W.PARTICLE[norm(S, i)] and i > 1 and capword(S, i - 1) then
      i = i - 1
    elseif s and is(S, i, "dash") and not is(S, i, "space_before") and
           not is(S, i + 1, "space_before") and i > 1 and capword(S, i - 1) then
      s, i = i - 1, i - 2                           -- "Ferreira-Costa said"
    else
      break
    end
    if s and is(S, s, "sent_start") then break end
  end
  return s, count
end

-- ------------------------------------------------------------------ candidates

local function trim_the(S, a, b)
  if a < b and W.DET[norm(S, a)] then return a + 1, b end
  return a, b
end

local function claim(S, c)
  for i = c.first, c.last do S.claim[i] = c end
  S.cands[#S.cands + 1] = c
  return c
end

local function text(S, a, b)
  return S.d_span(S.doc, a, b).text
end

-- Does the canonical name describe rather than name ("Russian armed forces")? Then the
-- actor is a group.
local function descriptive(name)
  for w in name:gmatch("[%a']+") do
    if w:find("^%l") and not W.ORG_LINK[w] and w ~= "the" and w ~= "of" then return true end
  end
  return false
end

-- Named bodies are organisations, armed groups and movements included ("Hamas", "the
-- Taliban": CoNLL-style NER calls them ORG too); descriptive names ("Russian armed forces",
-- "UN peacekeepers") and blocs ("the West") are groups.
local function org_kind(rec)
  if rec.type == "bloc" then return "group" end
  if descriptive(rec.name) then return "group" end
  return "organization"
end

-- An organisation's mention without the lower-case words an alias may start with
-- ("paramilitary Rapid Support Forces" -> "Rapid Support Forces").
local function trim_lower(S, a, b)
  while a < b and is(S, a, "lower") do a = a + 1 end
  return a, b
end

-- ------------------------------------------------------------------ 1. organisation words

-- Walk left from token j over the words of a name; returns the first token or nil.
local function extend_left(S, j, stop_at)
  local s = nil
  local i = j
  while i >= 1 and i > (stop_at or 0) do
    if S.claim[i] or S.block[i] then break end
    local h = S.cov[i]
    if h then
      local by = S.by[h.first]
      if by.per or by.org or by.role or by.hon or by.say or by.nom then
        break
      end
      if not is(S, h.first, "cap") then break end
      s, i = h.first, h.first - 1
    elseif orgword(S, i) then
      s, i = i, i - 1
    elseif s and is(S, i, "dash") and not is(S, i, "space_before") and
           not is(S, i + 1, "space_before") and i > 1 and orgword(S, i - 1) then
      i = i - 1                                     -- "Inter-American Development Bank"
    elseif (s or norm(S, i) == "&") and (norm(S, i) == "&" or norm(S, i) == "and") and
           i > 1 and orgword(S, i - 1) and (not S.cov[i - 1] or nameish(S, S.cov[i - 1])) then
      i = i - 1                                     -- "Merrill Lynch & Co" ("of X": heads)
    else
      break
    end
    if s and is(S, s, "sent_start") then break end
  end
  return s
end

-- Walk right from token j (just after a head word) over "of X", "for X and Y".
local function extend_right(S, j)
  if j > S.n then return nil end
  local w = norm(S, j)
  if not (w == "of" or w == "for" or w == "on") or is(S, j, "sent_start") then return nil end
  local i, e = j + 1, nil
  if i <= S.n and norm(S, i) == "the" then i = i + 1 end
  while i <= S.n and not is(S, i, "sent_start") do
    if S.claim[i] or S.block[i] then break end
    local h = S.cov[i]
    if h and h.first == i and (S.by[h.first].per or S.by[h.first].say or S.by[h.first].role or S.by[h.first].hon) then break end
    if h and h.first == i and is(S, i, "cap") then
      e, i = h.last, h.last + 1
    elseif orgword(S, i) and (e or capword(S, i)) then   -- not "Commission on Thursday"
      e, i = i, i + 1
    elseif e and (norm(S, i) == "and" or norm(S, i) == "&" or norm(S, i) == "of") and
           orgword(S, i + 1) then
      i = i + 1
    elseif e and norm(S, i) == "in" and i < S.n and S.at[i + 1] and S.by[i + 1].cty and
           not is(S, i + 1, "sent_start") then
      e = S.at[i + 1].last                          -- "Front for Democracy in Burundi"
      break
    else
      break
    end
  end
  return e
end

-- The country a span of hits names at its start ("Russian Foreign Ministry").
local function country_in(S, a, b)
  local i = a
  while i <= b do
    local h = S.cov[i]
    if h then
      if S.by[h.first].dem then return S.by[h.first].dem[1].country end
      if S.by[h.first].cty then return S.by[h.first].cty[1].iso3 end
      if S.by[h.first].met and S.by[h.first].met[1].kind == "capital" then return S.by[h.first].met[1].country end
      i = h.last + 1
    else
      i = i + 1
    end
  end
  return nil
end

-- Country from the context of an organisation: "[Russia]'s Foreign Ministry", "the Foreign
-- Ministry in [Beijing]".
local function country_around(S, a, b)
  if a > 2 and (norm(S, a - 1) == "'s") then
    local h = S.cov[a - 2]
    if h and S.by[h.first].cty then return S.by[h.first].cty[1].iso3 end
  end
  if b + 2 <= S.n and norm(S, b + 1) == "in" then
    local h = S.at[b + 2]
    if h and S.by[h.first].cty then return S.by[h.first].cty[1].iso3 end
    if h and S.by[h.first].met and S.by[h.first].met[1].country then return S.by[h.first].met[1].country end
  end
  return nil
end

local function org_candidate(S, h, ow)
  if is(S, h.first, "upper") and caps_line(S, h.first) then return nil end   -- a headline
  local a = extend_left(S, h.first - 1) or h.first
  local b = h.last
  if ow.position == "head" then b = extend_right(S, h.last + 1) or b end
  -- more organisation words after it, right after it or after a few capitalised words:
  -- "Kestrel Mining Corp", "Federal Motor Transport Authority"
  while b < S.n and not is(S, b + 1, "sent_start") do
    local j = b + 1
    while j <= b + 3 and j <= S.n and orgword(S, j) and not S.cov[j] and
          not is(S, j, "sent_start") do
      j = j + 1
    end
    local nh = j <= S.n and S.at[j]
    if not (nh and S.by[nh.first].ow and is(S, nh.first, "cap") and not is(S, j, "sent_start")) then
      break
    end
    b = nh.last
  end
  a, b = trim_the(S, a, b)
  if a == h.first and b == h.last then return nil end         -- the word alone
  if not free(S, a, b) then return nil end
  local t = text(S, a, b)
  local low = t:lower()
  if data.stop[low] then return nil end
  local left_only_start = a < h.first and is(S, a, "sent_start") and (h.first - a == 1) and
                          not S.cov[a]
  if ow.weak then
    -- a weak tail needs a name before it that is not just a capitalised sentence opener
    -- ("Renewable Energy" opening a sentence; "Heineken NV" is fine)
    if left_only_start and not is_place(text(S, a, h.first - 1)) then return nil end
  end
  if is_place(t) then return nil end
  local known = data.org_by_name[low]
  local country = country_in(S, a, b) or country_around(S, a, b)
  if not known and country then
    local c = data.country[country]
    local dem = c and c.demonym
    if dem and not low:find(dem:lower(), 1, true) then
      known = data.org_by_name[(dem .. " " .. t):lower()]
    end
  end
  if known then
    return { first = a, last = b, kind = org_kind(known), name = known.name,
             country = known.country, code = known.code, key = "org:" .. known.name }
  end
  local sector = ow.sector ~= "" and ow.sector or nil
  local code = country and (country .. (sector or "")) or nil
  if not country and ow.type == "igo" then code = nil end
  return { first = a, last = b, kind = "organization", name = t, country = country, code = code,
           key = "org:" .. low, sector = sector }
end

local CORP_SUFFIX = W.set [[ corp corp. inc inc. ltd ltd. co co. plc llc ag sa s.a. nv n.v.
  gmbh spa ab holdings group ]]

local function step_org_words(S)
  -- organisation words right after a known organisation: a company suffix belongs to it
  -- ("General Motors Corp" is General Motors); other words make another body of that name
  -- ("Mitsubishi Motors Corp"), named as written
  for _, h in ipairs(S.T.ow or NONE) do
    local p = S.cov[h.first - 1]
    if p and p.last == h.first - 1 and S.by[p.first].org and is(S, h.first, "cap") and
       free(S, p.first, h.last) and not (is(S, h.first, "upper") and caps_line(S, h.first)) then
      local o = S.by[p.first].org[1]
      local a = trim_the(S, p.first, h.last)
      local b = h.last
      while b < S.n and not is(S, b + 1, "sent_start") do      -- more words: "Motors Corp"
        local nh = S.at[b + 1]
        if not (nh and S.by[nh.first].ow and is(S, nh.first, "cap")) then break end
        b = nh.last
      end
      if h.first == h.last and b == h.last and CORP_SUFFIX[norm(S, h.first)] then
        claim(S, { first = a, last = b, kind = org_kind(o), name = o.name,
                   country = o.country, code = o.code, key = "org:" .. o.name,
                   why = "known organization + suffix" })
      elseif o.type == "company" then
        local t = text(S, a, b)
        local ow = S.by[h.first].ow[1]
        claim(S, { first = a, last = b, kind = "organization", name = t, country = o.country,
                   code = o.country and (o.country .. (ow.sector or "BUS")) or nil,
                   key = "org:" .. t:lower(), why = "known organization + organisation words" })
      end
    end
  end
  for _, h in ipairs(S.T.ow or NONE) do
    local ows = S.by[h.first].ow
    if ows and free(S, h.first, h.last) and is(S, h.first, "cap") and not S.by[h.first].org then
      local best
      for _, ow in ipairs(ows) do
        local c = org_candidate(S, h, ow)
        if c and (not best or c.last - c.first > best.last - best.first) then best = c end
      end
      if best then
        best.why = "org-word"
        claim(S, best)
      end
    end
  end
end

-- ------------------------------------------------------------------ 2. known names

-- What stands right before a name: a chain of role, demonym, country, organisation, party
-- and capitalised words ("Chinese Communist Party Politburo member", "US President Joe
-- Biden's national security adviser"). Returns { role, country, org, words } or nil.
local function context_before(S, first)
  local ctx = nil
  local i = first - 1
  local steps = 0
  while i >= 1 and steps < 8 do
    steps = steps + 1
    local h = S.cov[i]
    if S.block[i] then break end
    if h and h.last == i then
      local by = S.by[h.first]
      ctx = ctx or {}
      if by.role and not ctx.role and not ctx.country then
        ctx.role = by.role[1]
        ctx.role_first = h.first
      elseif by.hon and not ctx.role and not ctx.hon and not ctx.country then
        ctx.hon = by.hon[1]
      elseif by.dem and not ctx.country then
        ctx.country = by.dem[1].country
        ctx.dem_first = h.first
      elseif by.cty and not ctx.country then
        ctx.country = by.cty[1].iso3
      elseif by.padj and not ctx.org then
        local p = by.padj[1]
        ctx.org = data.org_by_name[(p.org or ""):lower()] or { name = p.org, country = p.country,
                                                               code = p.code, sector = "PTY" }
        ctx.country = ctx.country or p.country
      elseif by.org and not ctx.org then
        local o = by.org[1]
        ctx.org = o
        ctx.country = ctx.country or o.country
      elseif by.met and not ctx.country then
        ctx.country = by.met[1].country
      else
        break
      end
      i = h.first - 1
    elseif not h and capword(S, i) and ctx and (ctx.role or ctx.hon) and not ctx.country
           and not ctx.org then
      ctx.words = text(S, i, i) .. (ctx.words and (" " .. ctx.words) or "")
      i = i - 1
    elseif norm(S, i) == "'s" and i > 1 then
      -- "Joe Biden's national security adviser": the possessor's country
      local c = S.claim[i - 1]
      if c and ctx == nil then
        return { country = c.country, possessor = c }
      elseif c and ctx and not ctx.country then
        ctx.country = c.country
      end
      break
    else
      break
    end
  end
  return ctx
end

-- "Name, the Russian foreign minister," / "Name, China's top diplomat": a role after.
local function context_after(S, last)
  local i = last + 1
  if i > S.n or norm(S, i) ~= "," then return nil end
  i = i + 1
  local ctx = {}
  local steps = 0
  while i <= S.n and steps < 6 and not is(S, i, "sent_start") do
    steps = steps + 1
    local w = norm(S, i)
    local h = S.at[i]
    if h and S.by[h.first].role then
      ctx.role = S.by[h.first].role[1]
      return ctx
    elseif h and S.by[h.first].dem then
      ctx.country = ctx.country or S.by[h.first].dem[1].country
      i = h.last + 1
    elseif h and S.by[h.first].cty then
      ctx.country = ctx.country or S.by[h.first].cty[1].iso3
      i = h.last + 1
    elseif h and S.by[h.first].org then
      ctx.org = ctx.org or S.by[h.first].org[1]
      ctx.country = ctx.country or S.by[h.first].org[1].country
      i = h.last + 1
    elseif W.DET[w] or w == "'s" or w == "former" or w == "top" or w == "senior" or
           w == "deputy" or w == "acting" or w == "new" then
      i = i + 1
    else
      return nil
    end
  end
  return nil
end

local function person_candidate(S, a, b, p, ctx, why)
  return { first = a, last = b, kind = "person", person = p, name = p and p.name or text(S, a, b),
           ctx = ctx, why = why }
end

-- An actor of a CAMEO dictionary (--set cameo.actors=FILE): its code at the date.
local function cameo_candidate(S, a, b, e)
  local code = cameo.code_at(e, S.date)
  local country = code and #code >= 3 and data.country[code:sub(1, 3)] and code:sub(1, 3) or nil
  return { first = a, last = b, kind = e.kind, name = e.name, country = country, code = code,
           key = "cameo:" .. e.name, why = "CAMEO dictionary" }
end

-- Default entries win over CAMEO entries of the same phrase.
local function has_default(by)
  return by.per or by.org or by.met or by.cty or by.dem or by.sur or by.role or by.hon or
         by.padj or by.nom or by.ow
end

-- A CAMEO phrase often carries a title ("Russian President Vladimir Putin"): the mention is
-- the name after it; a phrase that is all title ("President of the United States") is no
-- actor mention. The name may be a known person of the default data.
local function cameo_hit(S, h, e)
  local a, b = trim_the(S, h.first, h.last)
  local titles = data.titles()
  while a <= b do
    local m = titles:match(S.doc, a)
    if not m or m.last > b then break end
    a = m.last + 1
  end
  if a > b then return end
  if a > h.first then
    for _, x in ipairs(data.cues:lookup(text(S, a, b))) do
      if x.t == "per" then
        local p = R.per[tonumber(x.i)]
        claim(S, person_candidate(S, a, b, p, context_before(S, a), "CAMEO phrase, known person"))
        return
      end
    end
  end
  claim(S, cameo_candidate(S, a, b, e))
end

local function step_known(S)
  for _, h in ipairs(S.hits) do
    local by = S.by[h.first]
    if by.cam and not has_default(by) and by.cam[1].kind ~= "country" and
       free(S, h.first, h.last) then
      cameo_hit(S, h, by.cam[1])
    end
    if (by.per or by.org or by.met) and free(S, h.first, h.last) then
      local a, b = trim_the(S, h.first, h.last)
      if by.per then
        local p = by.per[1]
        local ctx = context_before(S, h.first) or context_after(S, h.last)
        claim(S, person_candidate(S, a, b, p, ctx, "known person"))
      elseif by.org and by.org[1].type == "bloc" then
        -- "the West": only where it acts (step 7)
      elseif by.org then
        local o = by.org[1]
        -- an all-capitals headline: a risky acronym there is a word ("WHO IS ...")
        if not (h.first == h.last and is(S, a, "upper") and caps_line(S, a)) then
          a, b = trim_lower(S, a, b)
          local c = { first = a, last = b, kind = org_kind(o), name = o.name, country = o.country,
                      code = o.code, key = "org:" .. o.name, why = "known organization" }
          claim(S, c)
        end
      elseif by.met then
        local m = by.met[1]
        if m.kind == "seat" then
          -- a seat is the power seated there, except as a place ("at the White House")
          local p = a - 1
          if p >= 1 and W.DET[norm(S, p)] then p = p - 1 end
          local w = p >= 1 and norm(S, p) or ""
          local according = w == "to" and p > 1 and norm(S, p - 1) == "according"
          if according or not W.PLACE_PREP[w] then
            claim(S, { first = a, last = b, kind = "organization", name = m.name,
                       country = m.country, code = m.code, key = "met:" .. m.name,
                       why = "seat of power" })
          end
        end
        -- capitals: step 6, where they act
      end
    end
  end
end

-- ------------------------------------------------------------------ 3. people by cue

-- The known person a surname stands for, if one is clear.
-- The countries the document speaks of (hits of countries, demonyms, capitals, national
-- organisations, known people), computed once per document.
local function doc_countries(S)
  local cs = S.doc_countries
  if not cs then
    cs = {}
    for _, hh in ipairs(S.hits) do
      local by = S.by[hh.first]
      if by.cty then cs[by.cty[1].iso3] = true end
      if by.dem then cs[by.dem[1].country] = true end
      if by.met and by.met[1].country then cs[by.met[1].country] = true end
      if by.org and by.org[1].country then cs[by.org[1].country] = true end
      if by.per and by.per[1].country then cs[by.per[1].country] = true end
      if by.padj and by.padj[1].country then cs[by.padj[1].country] = true end
    end
    S.doc_countries = cs
  end
  return cs
end

local FAMOUS = { head_of_state = true, head_of_government = true, org_head = true }

-- The known person a surname stands for, if one is clear: a person of the document with
-- that surname; else, among the people of that surname active at the date (all of them
-- without a date), those of a country the document speaks of, the best known. A surname
-- alone names a known person only when that person is famous enough to go by it (a head of
-- state, government or international body) or the text speaks of the person's country.
-- strong: a title or role stands before the surname (then one of several may be chosen).
local function by_surname(S, h, strong)
  local sr = S.by[h.first].sur and S.by[h.first].sur[1]
  if not sr then return nil end
  local found = S.surname_of and S.surname_of[sr.surname]
  if found then return found end
  local cs = doc_countries(S)
  local best, bests, n = nil, nil, 0
  for _, p in ipairs(sr.people) do
    local t, status = P.term(p, S.date, type(strong) == "string" and strong or nil)
    -- before every term (a 1996 text on "Blair"): the person's best-known office, ranked lower
    if status == "before" then t = P.term(p, nil, nil) end
    if t then
      local s = (FAMOUS[t.office or ""] and 0 or ((t.office or "") ~= "" and 1 or 2)) +
                (t.sector == "ELI" and 2 or 0) + ((status == "former" or status == "before") and 2 or 0)
      local local_ = p.country and cs[p.country]
      if not local_ and not FAMOUS[t.office or ""] then s = nil end
      if s then
        if local_ then s = s - 10 end
        n = n + 1
        if not bests or s < bests then best, bests = p, s end
      end
    end
  end
  if n > 1 and not strong then return nil end
  return best
end

local function cue_name(S, cue_last, ctx, why)
  local j = cue_last + 1
  if j > S.n or is(S, j, "sent_start") then return nil end
  local h = S.at[j]
  if h and S.by[h.first].per then return nil end                 -- step 2 has it
  local e, count = read_name(S, j)
  if not e then return nil end
  if e + 1 <= S.n and not is(S, e + 1, "sent_start") then
    local nh = S.at[e + 1]
    if nh and S.by[nh.first].ow and is(S, e + 1, "cap") then return nil end   -- "Mr Smith Foundation"
  end
  -- a single known surname: the known person
  if count == 1 and h and S.by[h.first].sur and h.first == j and h.last == e then
    local p = by_surname(S, h, ctx.role and ctx.role.role:lower() or true)
    if p then return claim(S, person_candidate(S, j, e, p, ctx, why .. " + surname")) end
  end
  -- a title and name that together are a place: "Prince Edward Island", "Lord Howe Island"
  if is_place(text(S, cue_last, e)) then return nil end
  if count == 1 then
    local t = text(S, j, e)
    if data.stop[t:lower()] or is(S, j, "acronym") then return nil end
    -- after a role noun a lone place name is the role's place ("Defence Minister Ukraine"
    -- is rare; "Scotland" after "Baroness" is a person)
    if why == "role" and is_place(t) then return nil end
  end
  return claim(S, person_candidate(S, j, e, nil, ctx, why))
end

-- The known people of the document by surname ("Howard" is Michael Howard in a text that
-- names him, whoever else is called Howard).
local function known_surnames(S)
  S.surname_of = {}
  for _, c in ipairs(S.cands) do
    if c.person and c.last > c.first then
      for _, f in ipairs(c.person.surnames or {}) do
        if not S.surname_of[f] then S.surname_of[f] = c.person end
      end
    end
  end
end

-- Without a document date, the known people of the document date it: the day (a start of
-- one of their terms) on which most of them hold an office (former-office rows do not
-- count). "Tony Blair", "Michael Howard" and "Charles Kennedy" together give a day of
-- 2003-2005, when Gordon Brown is Chancellor, not Prime Minister. It needs two people;
-- only the rules use it, the output's date stays empty.
local function consensus_date(S)
  local people, seen = {}, {}
  for _, c in ipairs(S.cands) do
    if c.person and not seen[c.person] then
      seen[c.person] = true
      people[#people + 1] = c.person
    end
  end
  if #people < 2 then return nil end
  local best, bestn = nil, 1
  for _, p in ipairs(people) do
    for _, t in ipairs(p.terms) do
      local d = t.start
      if d and d ~= "" and t.sector ~= "ELI" then
        local n = 0
        for _, q in ipairs(people) do
          for _, u in ipairs(q.terms) do
            if u.sector ~= "ELI" and u.start and u.start ~= "" and u.start <= d and
               (not u.stop or u.stop == "" or d < u.stop) then
              n = n + 1
              break
            end
          end
        end
        if n > bestn or (n == bestn and best and d < best) then best, bestn = d, n end
      end
    end
  end
  return best
end

-- Two capitalised words whose second ends like a surname of Eastern or Southern Europe, the
-- Caucasus or Turkey ("Yevgeny Kafelnikov", "Goran Ivanisevic", "Dimitris Papadopoulos"):
-- a person even when the given name is not in the list.
local P_SURNAME_SHAPE = polis.pattern([[ [cap & word & !upper & !num]=g
  [cap & word & !upper & /(?:ov|ova|ev|eva|enko|ski|ska|sky|vic|vić|ovich|evich|escu|eanu|opoulos|akis|oglu|oğlu|shvili|dze|chuk|yan|stein|berg|sson|sen)$/]=s ]])

local ROLE_ADJ_A = W.set [[ former top senior new outgoing incoming veteran acting interim
  deputy chief ]]

-- A role noun that starts with the name of a body ("CIA Director", "Kremlin spokesman",
-- "Pentagon spokesman"): the body is an actor too.
local function role_bodies(S)
  for _, h in ipairs(S.T.role or NONE) do
    local by = S.by[h.first]
    if by.role and h.last > h.first and is(S, h.first, "cap") and free(S, h.first, h.first) then
      local w = S.doc:word(h.first)
      local rec = data.org_by_name[w:lower()]
      if rec and (w == rec.acronym or w == rec.name or is(S, h.first, "upper")) then
        claim(S, { first = h.first, last = h.first, kind = org_kind(rec), name = rec.name,
                   country = rec.country, code = rec.code, key = "org:" .. rec.name,
                   why = "body in a role" })
      else
        local ms = data.cues:lookup(w)
        for _, e in ipairs(ms) do
          if e.t == "met" then
            local m = R.met[tonumber(e.i)]
            if m.kind == "seat" then
              claim(S, { first = h.first, last = h.first, kind = "organization", name = m.name,
                         country = m.country, code = m.code, key = "met:" .. m.name,
                         why = "seat in a role" })
            end
            break
          end
        end
      end
    end
  end
end

local function step_cued_people(S)
  if not S.date then S.date = consensus_date(S) end
  role_bodies(S)
  known_surnames(S)
  for _, h in ipairs(hits_of(S, "hon|role", "hon", "role")) do
    local by = S.by[h.first]
    if (by.hon or by.role) and h.last < S.n and free(S, h.first, h.last) and
       (capword(S, h.last + 1) or (S.at[h.last + 1] and nameish(S, S.at[h.last + 1]))) and
       not is(S, h.last + 1, "sent_start") then
      local ctx = context_before(S, h.last + 1) or {}
      if by.role then
        -- a capitalised role must be one written as a title ("President Bush"); a lower-case
        -- role noun right before a name is a cue either way ("adviser Jake Sullivan")
        local r = by.role[1]
        if r.title or not is(S, h.last, "cap") or by.hon or
           (h.first == h.last and is(S, h.first, "sent_start")) then
          cue_name(S, h.last, ctx, "role")
        end
      else
        cue_name(S, h.last, ctx, "title")
      end
    end
  end
  -- a name after a role and a comma: "Finland's transport minister, Lulu Ranne, said",
  -- "A spokesman for the alliance, Farah Dakhlallah, said"
  for _, h in ipairs(S.T.role or NONE) do
    local by = S.by[h.first]
    if by.role and free(S, h.first, h.last) then
      local i = h.last + 1
      if i <= S.n and (norm(S, i) == "for" or norm(S, i) == "of" or norm(S, i) == "at") then
        local k = i + 1
        while k <= S.n and k <= i + 5 and norm(S, k) ~= "," and not is(S, k, "sent_start") do
          k = k + 1
        end
        i = k
      end
      local nh = i < S.n and S.cov[i + 1]
      if i < S.n and norm(S, i) == "," and not is(S, i + 1, "sent_start") and
         ((capword(S, i + 1) and not nh) or (nh and nh.first == i + 1 and nameish(S, nh))) then
        local e, count = read_name(S, i + 1)
        if e and count >= 2 and e < S.n and (norm(S, e + 1) == "," or norm(S, e + 1) == "." or
           is_verb(S, e + 1)) then
          local ctx = context_before(S, h.last + 1) or {}
          ctx.role = ctx.role or by.role[1]
          claim(S, person_candidate(S, i + 1, e, nil, ctx, "role, name"))
        end
      end
    end
  end
  -- appositions: "Amara Okonkwo, the Nigerian finance minister, ..."
  for _, h in ipairs(S.T.role or NONE) do
    local by = S.by[h.first]
    if by.role and free(S, h.first, h.last) and h.first > 3 then
      local i = h.first - 1
      local k = 0
      while i > 1 and k < 4 do
        local w = norm(S, i)
        local ph = S.cov[i]
        if w == "," then break end
        if ph and (S.by[ph.first].dem or S.by[ph.first].cty) then i = ph.first - 1
        elseif W.DET[w] or w == "'s" or ROLE_ADJ_A[w] then i = i - 1
        else i = 0 end
        k = k + 1
      end
      if i > 1 and norm(S, i) == "," and capword(S, i - 1) then
        local s0 = read_name_back(S, i - 1)
        if s0 and (i - 1) - s0 < 4 and (i - 1 > s0 or not is(S, s0, "sent_start")) then
          local c = S.at[s0]
          if not (c and S.by[c.first].per) then
            local ctx = context_after(S, i - 1)
            if ctx and ctx.role and not (s0 == i - 1 and is_place(text(S, s0, s0))) then
              claim(S, person_candidate(S, s0, i - 1, nil, ctx, "apposition"))
            end
          end
        end
      end
    end
  end
  -- given names
  for _, h in ipairs(S.T.gn or NONE) do
    if S.by[h.first].gn and not (S.by[h.first].per or S.by[h.first].org or S.by[h.first].cty or S.by[h.first].met or S.by[h.first].role or S.by[h.first].hon)
       and h.last < S.n and free(S, h.first, h.last) and
       (capword(S, h.last + 1) or (S.at[h.last + 1] and nameish(S, S.at[h.last + 1]))) and
       data.given[h.text:lower()] and
       not (S.by[h.first].sur and S.surname_of[h.text]) then
      local e, count = read_name(S, h.first)
      if e and count >= 2 and not (is(S, h.first, "upper") and caps_line(S, h.first)) and
         not is_place(text(S, h.first, e)) and
         not (h.first > 1 and is(S, h.first - 1, "cap") and not is(S, h.first, "sent_start") and
              is_place(text(S, h.first - 1, e))) then      -- "Prince Edward Island"
        local ctx = context_before(S, h.first) or context_after(S, e)
        claim(S, person_candidate(S, h.first, e, nil, ctx, "given name"))
      end
    end
  end
  -- surname shapes
  for _, m in ipairs(P_SURNAME_SHAPE:match(S.doc)) do
    local a, b = m.g.first, m.s.last
    local hg, hs = S.cov[a], S.cov[b]
    if free(S, a, b) and capword(S, a) and capword(S, b) and
       not (hg and not nameish(S, hg)) and not (hs and not nameish(S, hs)) and
       not (is(S, a, "upper") and caps_line(S, a)) and not is_place(text(S, a, b)) and
       not is_place(text(S, b, b)) then
      -- exactly two words: a third capitalised word makes it a longer name, often of a
      -- body ("Fonteyn Nureyev Young Dancers")
      if not (b < S.n and is(S, b + 1, "cap") and is(S, b + 1, "word") and
              not is(S, b + 1, "sent_start")) and
         not (a > 1 and is(S, a - 1, "cap") and is(S, a - 1, "word") and
              not is(S, a, "sent_start")) then
        claim(S, person_candidate(S, a, b, nil, context_before(S, a) or context_after(S, b),
                                  "surname shape"))
      end
    end
  end
end

-- ------------------------------------------------------------------ 4. speech cues

local function classify_name(S, a, b, why)
  local count = b - a + 1
  local t = text(S, a, b)
  if data.stop[t:lower()] then return nil end
  -- only one word (a surname, an acronym) or a known surname last: longer capitalised runs
  -- before "said" without a given name are more often bodies, programmes and places ("Age
  -- Concern", "Good Morning Wales"); people with a given name were found by it already
  if count > 1 then
    local lh = S.cov[b]
    if not (lh and S.by[lh.first].sur) then return nil end
  end
  if is_place(t) then return nil end
  -- "MPs", "MSPs": plural of an acronym; a plural-looking word that is no known name
  if t:find("^%u%u+s$") then return nil end
  local h0 = S.at[a]
  if count == 1 and t:find("[^s]s$") and not (h0 and (S.by[h0.first].sur or S.by[h0.first].gn)) then
    return nil
  end
  if count == 1 and is(S, a, "upper") then
    if caps_line(S, a) then return nil end
    return { first = a, last = b, kind = "organization", name = t, key = "org:" .. t:lower(),
             why = why }
  end
  if count == 1 and is_place(t) then return nil end
  local h = S.at[a]
  if count == 1 and not is(S, a, "sent_start") and not (h and S.by[h.first].sur) and
     S.text:find("%f[%w]" .. t:lower():gsub("%p", "%%%0") .. "%f[%W]") then
    return nil                                  -- "... of Agriculture said" / "agriculture"
  end
  if count == 1 and is(S, a, "sent_start") and not (h and S.by[h.first].sur) then
    -- a capitalised sentence opener ("Family said"): only a name that the text also writes
    -- capitalised inside a sentence, and never in lower case
    local txt = S.text
    if txt:find("%f[%w]" .. t:lower():gsub("%p", "%%%0") .. "%f[%W]") then return nil end
    local again = false
    local pos = 1
    while true do
      local x, y = txt:find(t, pos, true)
      if not x then break end
      pos = y + 1
      if x > 1 and not txt:sub(x - 2, x - 1):find("[%.!?\n\"]") and txt:sub(x - 1, x - 1) == " " then
        again = true
        break
      end
    end
    if not again then return nil end
  end
  if count == 1 and h and S.by[h.first].sur then
    local p = by_surname(S, h, true)
    if p then return person_candidate(S, a, b, p, nil, why .. " + surname") end
  end
  if caps_line(S, a) then return nil end
  return person_candidate(S, a, b, nil, context_after(S, b), why)
end

local SAY_SKIP = W.set [[ has have had also later then once previously reportedly ]]

local function step_speech(S)
  for _, h in ipairs(S.T.say or NONE) do
    if S.by[h.first].say and free(S, h.first, h.last) then
      local w = h.text:lower()
      if w == "according to" then
        local j = h.last + 1
        if j <= S.n and norm(S, j) == "the" then j = j + 1 end
        local e = j <= S.n and read_name(S, j) or nil
        if e and e - j < 4 then
          local c = classify_name(S, j, e, "according to")
          if c then claim(S, c) end
        end
      else
        -- "X said", "X, a spokesman for Y, said"
        local j = h.first - 1
        while j >= 1 and SAY_SKIP[norm(S, j)] do j = j - 1 end
        if j >= 1 and norm(S, j) == "," then
          -- skip back over an apposition to its opening comma
          local k = j - 1
          while k >= 1 and k > j - 14 and norm(S, k) ~= "," and not is(S, k + 1, "sent_start") do
            k = k - 1
          end
          if k >= 1 and norm(S, k) == "," and k < j - 1 then j = k - 1 else j = 0 end
        end
        if j >= 1 and capword(S, j) and (not S.cov[j] or nameish(S, S.cov[j])) then
          local s = read_name_back(S, j)
          if s and j - s < 4 then
            local c = classify_name(S, s, j, "speech")
            if c then claim(S, c) end
          end
        end
        -- "..., said Smith" / "said John Smith, a spokesman"
        local k = h.last + 1
        if k <= S.n and not is(S, k, "sent_start") and capword(S, k) and
           (not S.cov[k] or nameish(S, S.cov[k])) then
          local e = read_name(S, k)
          if e and e - k < 4 then
            local c = classify_name(S, k, e, "speech")
            if c then claim(S, c) end
          end
        end
      end
    end
  end
end

-- ------------------------------------------------------------------ 5. acronyms

-- Do the initials of the words of [a, b] spell the acronym (loosely: in order, function
-- words optional)?
local function initials_match(S, a, b, acr)
  local letters = {}
  for i = a, b do
    local w = S.doc:word(i)
    if w:find("^%u") then letters[#letters + 1] = w:sub(1, 1) end
  end
  local s = table.concat(letters)
  acr = acr:gsub("[^%u]", "")
  if #acr < 2 then return false end
  if s == acr then return true end
  -- every acronym letter found in order among the initials
  local k = 1
  for c in s:gmatch(".") do
    if c == acr:sub(k, k) then k = k + 1 end
  end
  return k > #acr and #s - #acr <= 2
end

local function step_acronyms(S)
  local doc = S.doc
  local txt = S.text
  local pos = 1
  while true do
    local s = txt:find("(", pos, true)
    if not s then break end
    pos = s + 1
    local sp = doc:span_at(s - 1, s)          -- the "(" token
    local o = sp.first
    if o + 2 <= S.n and norm(S, o + 2) == ")" and o > 1 and is(S, o + 1, "cap") and
       not S.block[o + 1] then
      local acr = doc:word(o + 1)
      local left_c = S.claim[o - 1]
      local a
      if left_c then a = left_c.first else a = extend_left(S, o - 1) end
      if a and a < o - 1 + 1 and (left_c or a < o - 1) and initials_match(S, a, o - 1, acr) then
        local inner = S.claim[o + 1]
        if left_c and inner then
          -- both known: the expansion joins the acronym's actor when it is unknown
          if not left_c.person and left_c.key ~= inner.key and not data.org_by_name[left_c.name:lower()] then
            left_c.kind, left_c.name, left_c.key = inner.kind, inner.name, inner.key
            left_c.country, left_c.code = inner.country, inner.code
          end
        elseif inner and not left_c then
          claim(S, { first = a, last = o - 1, kind = inner.kind, name = inner.name, key = inner.key,
                     country = inner.country, code = inner.code, why = "expansion of " .. acr })
        elseif left_c and not inner and not left_c.person then
          claim(S, { first = o + 1, last = o + 1, kind = left_c.kind, name = left_c.name,
                     key = left_c.key, country = left_c.country, code = left_c.code,
                     why = "acronym of " .. left_c.name })
          S.aliases = S.aliases or {}
          S.aliases[#S.aliases + 1] = { text = acr, cand = left_c }
        elseif not left_c and not inner and a < o - 1 then
          local name = text(S, a, o - 1)
          local c = claim(S, { first = a, last = o - 1, kind = "organization", name = name,
                               key = "org:" .. name:lower(), why = "expanded acronym" })
          claim(S, { first = o + 1, last = o + 1, kind = "organization", name = name,
                     key = c.key, why = "acronym of " .. name })
          S.aliases = S.aliases or {}
          S.aliases[#S.aliases + 1] = { text = acr, cand = c }
        end
      end
    end
  end
end

-- ------------------------------------------------------------------ 6. countries acting



-- After token b: possessive, a verb (with adverbs and negation skipped), "-led".
local function acts_after(S, b)
  local i = b + 1
  if i > S.n or is(S, i, "sent_start") then return false end
  local w = norm(S, i)
  if w == "'s" then return true end
  -- "Mali and Burkina Faso, both ruled by soldiers, warned": over a short apposition
  if w == "," then
    local k = i + 1
    while k <= S.n and k <= i + 9 and norm(S, k) ~= "," and not is(S, k, "sent_start") do k = k + 1 end
    if k <= S.n and k > i + 1 and norm(S, k) == "," and not is(S, k, "sent_start") and
       is_verb(S, k + 1) then
      return true
    end
    return false
  end
  if is(S, i, "dash") and not is(S, i, "space_before") and i + 1 <= S.n then
    local v = norm(S, i + 1)
    if v == "led" or v == "backed" or v == "brokered" or v == "sponsored" or v == "funded" or
       v == "supported" or v == "allied" then return true end
  end
  local k = 0
  while i <= S.n and k < 2 and W.SKIP[norm(S, i)] and not is(S, i, "sent_start") do
    i, k = i + 1, k + 1
  end
  return is_verb(S, i)
end

-- Before token a: "between", "by", a target verb, "with" after a relation noun.
local function acts_before(S, a)
  local i = a - 1
  if i >= 1 and W.DET[norm(S, i)] then i = i - 1 end
  if i < 1 then return false end
  if is(S, i + 1, "sent_start") and i + 1 <= a then return false end
  local w = norm(S, i)
  if w == "between" or w == "by" or w == "against" then return true end
  if W.TARGET_VERB[w] then return true end
  if w == "with" or w == "on" then
    local j = i - 1
    local k = 0
    while j >= 1 and k < 3 do
      local v = norm(S, j)
      if W.RELATION[v] then return true end
      if w == "with" and (W.TARGET_VERB[v] or v == "meet" or v == "met" or v == "talked" or
         v == "spoke" or v == "sided" or v == "cooperate" or v == "negotiate") then return true end
      if w == "on" and (v == "sanctions" or v == "pressure" or v == "called" or v == "calls" or
         v == "call" or v == "attack" or v == "attacks" or v == "war" or v == "crackdown") then
        return true
      end
      if not (is(S, j, "lower") or is(S, j, "cap")) then break end
      j, k = j - 1, k + 1
    end
  end
  return false
end

-- The country (or capital) of hit h, if it is one that may act.
local function state_of(S, h)
  local by = S.by[h.first]
  if by.per or by.role or (by.org and by.org[1].type ~= "bloc") then return nil end
  if by.cty then
    local c = by.cty[1]
    return { kind = "country", name = c.name, country = c.iso3, code = c.iso3,
             key = "country:" .. c.iso3 }
  end
  if by.met and by.met[1].kind == "capital" then
    local m = by.met[1]
    return { kind = "country", name = m.name, country = m.country, code = m.code,
             key = "met:" .. m.name }
  end
  if by.cam and by.cam[1].kind == "country" and not has_default(by) then
    local e = by.cam[1]
    local code = cameo.code_at(e, S.date)
    return { kind = "country", name = data.country_name(code:sub(1, 3)), country = code:sub(1, 3),
             code = code, key = "country:" .. code:sub(1, 3) }
  end
  if by.org and by.org[1].type == "bloc" then
    -- "the West needs", not "West Nile" or "West Bank"
    if h.first < 2 or norm(S, h.first - 1) ~= "the" or
       (h.last < S.n and is(S, h.last + 1, "cap") and not is(S, h.last + 1, "sent_start")) then
      return nil
    end
    local o = by.org[1]
    return { kind = o.kind, name = o.name, code = o.code, key = "org:" .. o.name }
  end
  return nil
end

local function step_states(S)
  local done = {}
  for _, h in ipairs(hits_of(S, "states", "cty", "met", "cam", "org")) do
    local k = S.k[h.first]
    if not done[k] and free(S, h.first, h.last) then
      local st = state_of(S, h)
      if st then
        -- the coordinated list this name starts: "Russia, China and North Korea"
        local list = { { h = h, st = st } }
        local last = h.last
        local kk = k
        while true do
          local i = last + 1
          if i > S.n or is(S, i, "sent_start") then break end
          local w = norm(S, i)
          if w == "," or w == "and" or w == "or" then
            local j = i + 1
            if j <= S.n and (norm(S, j) == "and" or norm(S, j) == "or") then j = j + 1 end
            if j <= S.n and norm(S, j) == "the" then j = j + 1 end
            local nh = S.at[j]
            local c = S.claim[j]
            if nh and not c and state_of(S, nh) and free(S, nh.first, nh.last) then
              list[#list + 1] = { h = nh, st = state_of(S, nh) }
              last = nh.last
              kk = S.k[nh.first]
            elseif c and (c.kind == "country" or c.kind == "organization" or c.kind == "person") then
              last = c.last
              list.other = true
            else
              break
            end
          else
            break
          end
        end
        local a = h.first
        if W.DET[norm(S, a)] and a < h.last then a = a + 1 end
        local pw = a > 1 and norm(S, a - 1) or ""
        if a > 2 and pw == "the" then pw = norm(S, a - 2) end
        local placed = W.PLACE_PREP[pw] and not (pw == "to" and a > 2 and norm(S, a - 2) == "according")
        -- a country right before a title or a person is a modifier ("US President Joe Biden",
        -- "with US envoy Dennis Ross"), like a demonym
        local nx = last + 1
        local nh = nx <= S.n and S.at[nx]
        local modifier = #list == 1 and nh and (S.by[nh.first].role or S.by[nh.first].hon) or
                         (#list == 1 and S.claim[nx] and S.claim[nx].kind == "person")
        local acts = not modifier and ((not placed and acts_after(S, last)) or acts_before(S, a) or
                     (#list > 1 and acts_before(S, a)) or list.other)
        -- a lone capital acts only when it speaks or is possessive
        for _, e in ipairs(list) do
          done[S.k[e.h.first]] = true
          if acts then
            local s, t = trim_the(S, e.h.first, e.h.last)
            local c = { first = s, last = t, kind = e.st.kind, name = e.st.name,
                        country = e.st.country, code = e.st.code, key = e.st.key,
                        why = "acting state" }
            claim(S, c)
          end
        end
      end
    end
  end
end

-- Misspelt countries and capitals where states act: "an arms deal between Pyonyang and
-- Russian President Vladimir Putin". A capitalised word that is no known name, no place of
-- the gazetteer and no given name, one letter away from a one-word country or capital name
-- (a letter left out, added or changed; first letter right; six letters or more), in the
-- contexts "between X", "between ... and X" or "X said/warned".
local TYPO
local function typo_table()
  if TYPO then return TYPO end
  TYPO = {}
  local function add(name, st)
    if name:find("%s") or #name < 6 then return end
    local low = name:lower()
    TYPO[low] = TYPO[low] or st
    for k = 2, #low do
      local d = low:sub(1, k - 1) .. low:sub(k + 1)
      if TYPO[d] == nil then TYPO[d] = st end
    end
  end
  local isos = {}
  for iso in pairs(data.country) do isos[#isos + 1] = iso end
  table.sort(isos)
  for _, iso in ipairs(isos) do
    local c = data.country[iso]
    add(c.name, { kind = "country", name = c.name, country = iso, code = iso, key = "country:" .. iso })
  end
  for _, m in ipairs(R.met) do
    if m.kind == "capital" and m.country then
      add(m.name, { kind = "country", name = m.name, country = m.country, code = m.code,
                    key = "met:" .. m.name })
    end
  end
  return TYPO
end

-- (each pattern starts with a selective word, so that the matcher tries few places)
local P_TYPO = polis.pattern([[ between (the)? [cap & word & !upper & len>5]=x and (the)? .=y
  | between (the)? .=y [cap & word]* and (the)? [cap & word & !upper & len>5]=x ]])
local TYPO_VERB = W.set [[ said says warned announced accused rejected ]]

-- The other party of "between X and Y": an actor within its first words.
local function partner(S, y)
  if not y then return true end
  local h = S.at[y.first]
  if h and (S.by[h.first].cty or S.by[h.first].met) then return true end
  for i = y.first, math.min(S.n, y.first + 4) do
    local c = S.claim[i]
    if c and (c.kind == "person" or c.kind == "country" or c.kind == "organization") then
      return true
    end
    if i > y.first and is(S, i, "sent_start") then break end
  end
  return false
end

local function step_typos(S)
  local ms = P_TYPO:match(S.doc)
  -- "X said": the word before a speech verb
  for _, h in ipairs(S.T.say or NONE) do
    local j = h.first - 1
    if j >= 1 and TYPO_VERB[h.text:lower()] and not S.cov[j] and is(S, j, "cap") and
       not is(S, j, "upper") and #S.doc:word(j) > 5 then
      ms[#ms + 1] = { x = S.doc:span(j, j) }
    end
  end
  if #ms == 0 then return end
  local T = typo_table()
  for _, m in ipairs(ms) do
    local x = m.x
    if x and x.first == x.last and not S.cov[x.first] and free(S, x.first, x.last) and
       partner(S, m.y) then
      local w = x.text:lower()
      local st = T[w]
      if not st then
        for k = 2, #w do
          st = T[w:sub(1, k - 1) .. w:sub(k + 1)]
          if st then break end
        end
      end
      if st and st.name:sub(1, 1):lower() == w:sub(1, 1) and not data.given[w] and
         not is_place(x.text) then
        claim(S, { first = x.first, last = x.last, kind = st.kind, name = st.name,
                   country = st.country, code = st.code, key = st.key, why = "misspelt state" })
      end
    end
  end
end

-- Nominal bodies with a country: "the Russian government", "Chinese troops", "Israel's army".
-- Written with capitals and not just by position ("the Foreign Ministry in Beijing"), the
-- same words are the proper name of an organisation.
local function step_nominals(S)
  for _, h in ipairs(S.T.nom or NONE) do
    if S.by[h.first].nom and free(S, h.first, h.last) then
      local nom = S.by[h.first].nom[1]
      local p = h.first - 1
      local country, a
      -- skip one adjective ("US ground troops")
      local ph = p >= 1 and S.cov[p]
      if not ph and p >= 2 and is(S, p, "lower") and S.cov[p - 1] then
        ph = S.cov[p - 1]
      end
      if ph and S.by[ph.first].dem and not S.claim[ph.first] and not S.block[ph.first] then
        country, a = S.by[ph.first].dem[1].country, ph.first
      elseif ph and S.by[ph.first].cty and ph.last == p and is(S, ph.first, "upper") and
             not S.claim[ph.first] then
        country, a = S.by[ph.first].cty[1].iso3, ph.first        -- "US troops"
      elseif p >= 2 and norm(S, p) == "'s" then
        local c = S.claim[p - 1]
        local hh = S.cov[p - 1]
        if c and c.kind == "country" then country = c.country
        elseif hh and S.by[hh.first].cty then country = S.by[hh.first].cty[1].iso3 end
        a = h.first
      end
      -- a proper name: every word capitalised, not only the sentence's first
      local proper = nom.proper and is(S, h.last, "cap") and
                     not (h.first == h.last and is(S, h.first, "sent_start"))
      if proper then
        for i = h.first, h.last do
          if is(S, i, "word") and not is(S, i, "cap") then proper = false end
        end
      end
      if proper then
        country = country or country_around(S, h.first, h.last)
        if a and a < h.first and not (ph and S.by[ph.first].dem) then a = h.first end
        a = a or h.first
      end
      if country or proper then
        local cn = country and data.country[country]
        local dem = cn and cn.demonym or country
        local name = dem and (dem .. " " .. nom.name) or h.text
        local known = dem and data.org_by_name[name:lower()]
        local kind = proper and "organization" or "group"
        if proper and not known then name = dem and (dem .. " " .. h.text) or h.text end
        local code = known and known.code or (country and (country .. (nom.sector or "")))
        local key
        if known then
          key = "org:" .. known.name
        elseif proper then
          key = "org:" .. name:lower()
        else
          -- "British officials", "UK officials": one group, named as first written
          key = "group:" .. (code or "") .. ":" .. nom.name
          name = text(S, a, h.last)
        end
        claim(S, { first = a, last = h.last, kind = kind,
                   name = known and known.name or name, country = country, code = code,
                   key = key, why = "nominal" })
      end
    end
  end
end

-- ------------------------------------------------------------------ 7. more mentions


-- Every other occurrence of `s` in the text as a whole, capitalised token sequence.
-- Other occurrences of names found in the document (surnames, acronyms): all of them in
-- one dictionary made for the document and one scan (linear in the text, however many
-- names). Each wanted item: { text = "Lavrov", fn = function (span) ... end }; an
-- occurrence is a whole token sequence written the same way, not part of a hyphenated
-- name ("Costa" in "Ferreira-Costa" is not "Costa").
local function occurrences_all(S, wanted)
  if #wanted == 0 then return end
  local d = polis.dict { case = "exact" }
  local byname = {}
  for k, w in ipairs(wanted) do
    if not byname[w.text] then
      byname[w.text] = k
      d:add(w.text, { k = k })
    end
  end
  for _, m in ipairs(d:scan(S.doc)) do
    local a, b = m.first, m.last
    local glued = (a > 1 and is(S, a, "dash") == false and is(S, a - 1, "dash") and
                   not is(S, a, "space_before")) or
                  (b < S.n and is(S, b + 1, "dash") and not is(S, b + 1, "space_before"))
    if not glued and free(S, a, b) then
      local w = wanted[tonumber(m.entry.k)]
      w.fn(m)
    end
  end
  d:close()
end

local SUR_MEMO, SUR_N = {}, 0

local function step_more_mentions(S)
  -- surnames of the people found with a full name (known or not)
  local sur = {}
  local order = {}
  for _, c in ipairs(S.cands) do
    if c.kind == "person" and c.last > c.first then
      local forms
      if c.person then
        forms = c.person.surnames or {}
      else
        local country = c.ctx and c.ctx.country
        local mk = c.name .. "|" .. (country or "")
        forms = SUR_MEMO[mk]
        if not forms then
          forms = data.surnames(c.name, country)
          if SUR_N > 20000 then SUR_MEMO, SUR_N = {}, 0 end
          SUR_MEMO[mk], SUR_N = forms, SUR_N + 1
        end
      end
      for _, f in ipairs(forms) do
        if not sur[f] then
          sur[f] = c
          order[#order + 1] = f
        end
      end
    end
  end
  for f, c in pairs(sur) do
    if c.person then S.surname_of[f] = S.surname_of[f] or c.person end
  end
  table.sort(order)
  local wanted = {}
  for _, f in ipairs(order) do
    local c = sur[f]
    if #f >= 2 and not data.stop[f:lower()] then
      wanted[#wanted + 1] = { text = f, fn = function (sp)
        local h = S.cov[sp.first]
        if h and not (h.first == sp.first and h.last == sp.last and nameish(S, h)) then return end
        claim(S, { first = sp.first, last = sp.last, kind = "person", person = c.person,
                   name = c.name, key = c.key, alias_of = c, why = "surname" })
      end }
    end
  end
  -- one-word people found by a strong cue ("Mr Brandvold", "Ravanelli ( 34th )"): their
  -- other occurrences, written the same way
  for _, c in ipairs(S.cands) do
    if c.kind == "person" and c.first == c.last and not c.person and not c.alias_of and
       (c.why == "title" or c.why == "scorer" or c.why == "name (country)" or c.why == "role") then
      local t = text(S, c.first, c.last)
      if #t >= 3 and not data.given[t:lower()] and not sur[t] then
        sur[t] = c
        wanted[#wanted + 1] = { text = t, fn = function (sp)
          local h = S.cov[sp.first]
          if h then return end
          claim(S, { first = sp.first, last = sp.last, kind = "person", name = c.name,
                     alias_of = c, why = "same name" })
        end }
      end
    end
  end
  -- acronyms defined in brackets, clubs of results lines
  for _, al in ipairs(S.aliases or {}) do
    wanted[#wanted + 1] = { text = al.text, fn = function (sp)
      local c = al.cand
      claim(S, { first = sp.first, last = sp.last, kind = c.kind, name = c.name, key = c.key,
                 country = c.country, code = c.code, why = "acronym" })
    end }
  end
  occurrences_all(S, wanted)
  -- known surnames without a full name in the document ("Blair said", "Mr Putin")
  for _, h in ipairs(S.T.sur or NONE) do
    if S.by[h.first].sur and nameish(S, h) and free(S, h.first, h.last) and
       not (h.last < S.n and capword(S, h.last + 1) and not is(S, h.last + 1, "sent_start")) and
       not (h.first > 1 and capword(S, h.first - 1) and not is(S, h.first, "sent_start")) then
      local strong = false
      local p = h.first - 1
      if p >= 1 then
        local ph = S.cov[p]
        if ph and (S.by[ph.first].hon or S.by[ph.first].role) then strong = true end
      end
      local person = S.surname_of[S.by[h.first].sur[1].surname] or by_surname(S, h, strong)
      if person then
        local ok = strong or S.surname_of[S.by[h.first].sur[1].surname]
        if not ok then
          -- a lone surname: must not be an ordinary word, a given name or a place, and must
          -- act or be possessive
          local t = h.text
          ok = not data.given[t:lower()] and not data.stop[t:lower()] and #t > 3 and
               acts_after(S, h.last) and not is_place(t)
        end
        if ok then
          claim(S, person_candidate(S, h.first, h.last, person, nil, "known surname"))
        end
      end
    end
  end
  -- unknown one-word people ("Mr Hewitt", "Sir Digby") whose full name is in the document
  local part, partn = {}, {}
  for _, c in ipairs(S.cands) do
    if c.kind == "person" and c.last > c.first and not c.alias_of then
      local seen = {}
      for w in c.name:gmatch("[^%s%-]+") do
        if not seen[w] then
          seen[w] = true
          if part[w] ~= c then partn[w] = (partn[w] or 0) + 1 end
          part[w] = c
        end
      end
    end
  end
  for _, c in ipairs(S.cands) do
    if c.kind == "person" and not c.person and c.first == c.last and not c.alias_of then
      local full = sur[c.name]
      if not full and partn[c.name] == 1 then full = part[c.name] end
      if full and full ~= c then
        c.alias_of = full; c.name = full.name; c.key = full.key; c.person = full.person
      end
    end
  end
end

-- ------------------------------------------------------------------ all steps

-- ------------------------------------------------------------------ 7b. results lines

-- Sports results and tables in wire copy: a line that is only "Team 3 Other Team 1", or a
-- team followed by its table figures ("Rosenborg 10 8 1 1 25 6 25"). The teams are
-- organisations (clubs), except countries (national teams stay places for the location
-- rules) and known people.
local TEAM = [[([cap & word & !num] ([cap & word & !num] | and | of | de | "&" | ".")*)]]
-- (a line after "... on Wednesday :" may be in the colon's sentence)
local SCORERS = [[ ("(" [!")"]{1,30} ")")? ]]
local RE_RESULT = polis.pattern("(^ | \":\") " .. TEAM .. "=t1 [num] " .. SCORERS .. TEAM ..
                                "=t2 [num] " .. SCORERS .. " $")
local RE_TABLE = polis.pattern("(^ | \":\") " .. TEAM .. "=t1 [num]{4,} $")

local function team(S, sp)
  if not sp or not free(S, sp.first, sp.last) then return end
  local a, b = sp.first, sp.last
  for i = a, b do
    local h = S.cov[i]
    if h then
      local by = S.by[h.first]
      if (by.cty or by.per or by.dem) and h.first == a and h.last == b then return end
    end
  end
  local t = text(S, a, b)
  if data.stop[t:lower()] then return end
  local known = data.org_by_name[t:lower()]
  claim(S, { first = a, last = b, kind = "organization", name = known and known.name or t,
             country = known and known.country, code = known and known.code,
             key = "org:" .. (known and known.name or t):lower(), why = "results line" })
end

-- scorers inside a results line: "( Ravello 34th , Dimas 67th )"
local RE_LINE_SCORER = polis.pattern([[ ("(" | ",") [cap & word & !num & !upper]{1,3}=name
  ([ordinal] | [num]) ]])

local function step_results(S)
  local found = false
  for _, m in ipairs(RE_RESULT:match(S.doc)) do
    team(S, m.t1)
    team(S, m.t2)
    found = true
    for _, sm in ipairs(RE_LINE_SCORER:match(S.doc, m.sentence)) do
      local n = sm.name
      if n.first > m.first and n.last < m.last and free(S, n.first, n.last) and
         capword(S, n.first) then
        claim(S, person_candidate(S, n.first, n.last, nil, nil, "scorer"))
      end
    end
  end
  for _, m in ipairs(RE_TABLE:match(S.doc)) do team(S, m.t1); found = true end
  if found then
    -- the clubs' names elsewhere in the text ("Ajax coach Morten Olsen") are mentions too
    S.aliases = S.aliases or {}
    for _, c in ipairs(S.cands) do
      if c.why == "results line" then
        S.aliases[#S.aliases + 1] = { text = text(S, c.first, c.last), cand = c }
      end
    end
  end
end

-- Results with nationalities: "Pete Sampras ( U.S. ) beat Mark Philippoussis ( Australia )",
-- "1. Kelli Mayweather ( Jamaica ) 10.92": a name right before a bracketed country is a
-- person (an athlete), unless it is a known body or place.
-- (the patterns start at the bracket; the name before it is read backwards)
local RE_NATION = polis.pattern([["(" [cap]{1,3}=nat ")"]])
-- Scorers in match reports: "Scorers : Ravello ( 34th ) , Dimas ( 67th pen )".
local RE_SCORER = polis.pattern([["(" [ordinal | num] ("," | pen | penalty | "pen." | og)? ")"]])

-- The capitalised words right before token j (at most n), not claimed: first, last.
local function name_before(S, j, n, no_upper)
  local e = j - 1
  if e < 1 or not capword(S, e) or (no_upper and is(S, e, "upper")) or is(S, j, "sent_start") then
    return nil
  end
  local a = e
  while a > 1 and e - a + 1 < n and capword(S, a - 1) and not is(S, a, "sent_start") and
        not (no_upper and is(S, a - 1, "upper")) do
    a = a - 1
  end
  return a, e
end

local function step_nationals(S)
  for _, m in ipairs(RE_SCORER:match(S.doc)) do
    local a, e = name_before(S, m.first, 3, true)
    if a and free(S, a, e) then
      local h = S.at[a]
      local by = h and S.by[h.first]
      if not (by and (by.org or by.cty or by.met or by.dem or by.role or by.hon)) and
         not is_place(text(S, a, e)) then
        local p = by and by.sur and by_surname(S, h, false)
        claim(S, person_candidate(S, a, e, p or nil, nil, "scorer"))
      end
    end
  end
  for _, m in ipairs(RE_NATION:match(S.doc)) do
    local nat = m.nat
    local h = S.at[nat.first]
    local by = h and S.by[h.first]
    local a, e
    if by and (by.cty or by.dem) and h.last == nat.last then
      -- the name: the capitalised words right before "(", not claimed, at most 4
      a, e = name_before(S, m.first, 4, false)
    end
    if a then
      if free(S, a, e) and not is_place(text(S, a, e)) then
        local hh = S.at[a]
        local bb = hh and S.by[hh.first]
        if not (bb and (bb.org or bb.cty or bb.met or bb.dem) and hh.last == e) then
          claim(S, person_candidate(S, a, e, nil, { country = by.cty and by.cty[1].iso3 or
                                                   by.dem[1].country }, "name (country)"))
        end
      end
    end
  end
end

-- ------------------------------------------------------------------ 8. role phrases

-- Role phrases without a name ("the Chinese foreign minister", "the president of Russia",
-- "the two officials"): noted for lib.actors.coref, which joins them to people named
-- earlier. A role phrase needs a determiner before it.
local ROLE_ADJ = W.set [[ former top senior new outgoing incoming visiting veteran then current
  acting interim deputy ]]

local RE_PLURAL = polis.regex([[\b(?:[Tt]he (?:two|three)|[Bb]oth)\s+(?:officials|leaders|ministers|men|women|diplomats|presidents|envoys|counterparts|politicians)\b]])

local function step_role_phrases(S)
  local out = {}
  for _, h in ipairs(S.T.role or NONE) do
    local by = S.by[h.first]
    if by.role and free(S, h.first, h.last) and not by.per then
      local nx = h.last + 1
      local named = nx <= S.n and S.claim[nx] and S.claim[nx].kind == "person"
      if not named then
        local a, country = h.first, nil
        local i = h.first - 1
        while i >= 1 and ROLE_ADJ[norm(S, i)] do i = i - 1 end
        local ph = i >= 1 and S.cov[i]
        if ph and ph.last == i and S.by[ph.first].dem then
          country = S.by[ph.first].dem[1].country
          a = ph.first
          i = ph.first - 1
          while i >= 1 and ROLE_ADJ[norm(S, i)] do i = i - 1 end
        elseif i >= 2 and norm(S, i) == "'s" and S.claim[i - 1] and S.claim[i - 1].kind == "country" then
          country = S.claim[i - 1].country
          a = h.first
          i = i + 0
        end
        local det = i >= 1 and (norm(S, i) == "the" or (norm(S, i) == "'s" and country))
        local b = h.last
        -- "the president of Russia"
        if det and not country and b + 2 <= S.n and norm(S, b + 1) == "of" then
          local c = S.claim[b + 2]
          local ch = S.at[b + 2]
          if c and c.kind == "country" then country, b = c.country, c.last
          elseif ch and S.by[ch.first].cty then country, b = S.by[ch.first].cty[1].iso3, ch.last end
        end
        if det and free(S, a, b) then
          out[#out + 1] = { first = a, last = b, role = by.role[1], country = country }
        end
      end
    end
  end
  local t = S.text
  local plural = (t:find("two ", 1, true) or t:find("three ", 1, true) or t:find("oth ", 1, true))
                 and RE_PLURAL:find_all(t) or NONE
  for _, m in ipairs(plural) do
    local ok, sp = pcall(S.doc.span_at, S.doc, m.start, m.stop)
    if ok then
      local a = sp.first
      if W.DET[norm(S, a)] then a = a + 1 end
      if free(S, a, sp.last) then
        local w = norm(S, a)
        out[#out + 1] = { first = a, last = sp.last, plural = W.NUMBER_WORD[w] or 2 }
      end
    end
  end
  table.sort(out, function (x, y) return x.first < y.first end)
  S.role_phrases = out
end

local PROFILE = polis.option("actors.profile") and {} or nil
local STEPS = { { "results", step_results }, { "org_words", step_org_words },
                { "known", step_known }, { "nationals", step_nationals },
                { "cued_people", step_cued_people }, { "speech", step_speech },
                { "acronyms", step_acronyms }, { "states", step_states },
                { "typos", step_typos },
                { "nominals", step_nominals }, { "more_mentions", step_more_mentions },
                { "role_phrases", step_role_phrases } }

function M.find(doc)
  local t0 = PROFILE and os.clock()
  local S = new_state(doc)
  if PROFILE then
    local t1 = os.clock()
    PROFILE.state = (PROFILE.state or 0) + t1 - t0
    for _, st in ipairs(STEPS) do
      local a = os.clock()
      st[2](S)
      PROFILE[st[1]] = (PROFILE[st[1]] or 0) + os.clock() - a
    end
  else
    for _, st in ipairs(STEPS) do st[2](S) end
  end
  table.sort(S.cands, function (x, y) return x.first < y.first end)
  return S.cands, S
end

M.state = new_state
M.profile = PROFILE
return M
