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
--
-- Speed (docs/actors.md, "Speed"): the document is analysed by one call of M.find at a time,
-- so its state lives in upvalues of this file (no table lookup per access), set by
-- new_state. A hit of the cue dictionary is named by its first token f: HL[f] is its last
-- token, HB[f] the records of its phrase by type (made once per phrase of the dictionary and
-- kept: the same table for every hit of that phrase), COV[i] the first token of the hit
-- that covers token i. Token tests read doc.flags (no C call per token); NO[i], the
-- normalized form of token i, is fetched on first use.
local polis = require "polis"
local data = require "lib.actors.data"
local W = require "lib.actors.words"
local common = require "lib.common"
local P = require "lib.actors.person"
local cameo = require "lib.actors.cameo_dict"

local M = {}
local NONE = {}
local byte, find, lower = string.byte, string.find, string.lower

local FLAG = polis.FLAG
local F_WORD, F_CAP, F_UPPER, F_LOWER = FLAG.word, FLAG.cap, FLAG.upper, FLAG.lower
local F_DASH, F_SB, F_SS, F_ACR = FLAG.dash, FLAG.space_before, FLAG.sent_start, FLAG.acronym
local F_PUNCT, F_CLITIC, F_END, F_CLOSE = FLAG.punct, FLAG.clitic, FLAG.end_punct, FLAG.close
local F_CAPWORD = F_CAP | F_WORD
local F_NL, F_DIGIT = FLAG.newline_before, FLAG.digit

local NOT_NAME, STOP, POSTNOMINAL = W.NOT_NAME, data.stop, W.POSTNOMINAL
local DET, PARTICLE, PLACE_PREP = W.DET, W.PARTICLE, W.PLACE_PREP

-- Types of hits that name something other than a bare name part.
local ENTITY = { "per", "org", "met", "cty", "dem", "padj", "role", "hon", "ow", "say", "nom" }

-- The hit lists the steps read (T[name], hits in text order): one type, or several.
local LISTS = {
  ow = { "ow" }, role = { "role" }, gn = { "gn" }, say = { "say" }, sur = { "sur" },
  nom = { "nom" }, ["hon|role"] = { "hon", "role" }, states = { "cty", "met", "cam", "org" },
  known = { "per", "org", "met", "cam" },
}
local LIST_NAMES = {}
for k in pairs(LISTS) do LIST_NAMES[#LIST_NAMES + 1] = k end
table.sort(LIST_NAMES)

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

-- Nouns after a name that make it the name of a building or a place ("King Cross station").
local FACILITY = W.set [[ station airport hospital street road avenue bridge square stadium
  palace college school university building centre center theatre theater cathedral mosque
  temple museum library prison barracks hotel island ]]

-- ------------------------------------------------------------------ state and token tests

-- The records of a phrase of the cue dictionary, by type, with the hit lists it joins and
-- whether it is only a name part; made once per phrase id (d:scan_ids) and kept.
local BYID, BYID_VERSION = {}, nil
local function records(id)
  local by = {}
  for _, e in ipairs(data.cues:entries(id)) do
    local t = e.cue
    local r = t and data.record(e)
    if r then
      local l = by[t]
      if not l then l = {}; by[t] = l end
      local same
      if t == "sur" then
        -- one surname as written, one record: the people of each of its entries (rows added
        -- with data.add); "Novák" and "Novak" stay two
        for k, x in ipairs(l) do
          if x.surname == r.surname then same = k end
        end
      end
      if same then
        local m = { surname = r.surname, people = { table.unpack(l[same].people) } }
        for _, p in ipairs(r.people) do m.people[#m.people + 1] = p end
        l[same] = m
      else
        l[#l + 1] = r
      end
    end
  end
  local lists = {}
  for _, name in ipairs(LIST_NAMES) do
    for _, t in ipairs(LISTS[name]) do
      if by[t] then lists[#lists + 1] = name; break end
    end
  end
  -- the countries it names (for the countries the document speaks of)
  local ctys = {}
  if by.cty then ctys[#ctys + 1] = by.cty[1].iso3 end
  if by.dem then ctys[#ctys + 1] = by.dem[1].country end
  for _, t in ipairs { "met", "org", "per", "padj" } do
    if by[t] and by[t][1].country then ctys[#ctys + 1] = by[t][1].country end
  end
  if #ctys > 0 then
    by.ctys = ctys
    lists[#lists + 1] = "ctry"
  end
  by.lists = lists
  local nameish = (by.gn or by.sur) and true or false
  for _, t in ipairs(ENTITY) do
    if by[t] then nameish = false end
  end
  by.nameish = nameish
  BYID[id] = by
  return by
end

-- The document's state (see the head of this file). S holds what outlives the steps.
local S, doc, N, FL, NO, TEXT
local HL, HB, COV, T, CLAIM, BLOCK, CANDS, TXT

-- Normalized forms, fetched when first read: the rules read about one token in eight (a
-- whole doc.norms array, a string per token, costs more).
local NORM_MT = { __index = function (t, i)
  if i < 1 or i > N then return nil end
  local v = doc:norm(i)
  t[i] = v
  return v
end }

-- Words that are no name part even when capitalised: function words, the stop lists,
-- post-nominal letters (one set; made again when the data changes).
local NOT_CAPWORD
local function not_capword_set()
  local t = {}
  for w in pairs(NOT_NAME) do t[w] = true end
  for w in pairs(STOP) do t[w] = true end
  for w in pairs(POSTNOMINAL) do t[w] = true end
  return t
end

local function new_state(d)
  if BYID_VERSION ~= data.version then
    BYID, BYID_VERSION, NOT_CAPWORD = {}, data.version, not_capword_set()
  end
  doc, N, FL, TEXT = d, d.ntokens, d.flags, nil
  NO = setmetatable({}, NORM_MT)
  TXT = {}
  HL, HB, COV, T, CLAIM, BLOCK, CANDS = {}, {}, {}, {}, {}, {}, {}
  S = { doc = d, n = N, date = d.date, cands = CANDS, claim = CLAIM, block = BLOCK, T = T }
  local ids = data.cues:scan_ids(d)
  for x = 1, #ids, 3 do
    local f, l = ids[x], ids[x + 1]
    local by = BYID[ids[x + 2]] or records(ids[x + 2])
    HL[f], HB[f], COV[f] = l, by, f
    if l > f then for i = f + 1, l do COV[i] = f end end
    local lists = by.lists
    for y = 1, #lists do
      local name = lists[y]
      local lst = T[name]
      if not lst then T[name] = { f } else lst[#lst + 1] = f end
    end
  end
  for _, s in ipairs(d:annotations("NOISE")) do
    for i = s.first, s.last do BLOCK[i] = true end
  end
  return S
end

local function text_of_doc()
  local t = TEXT
  if not t then t = doc.text; TEXT = t end
  return t
end

local function free(a, b)
  if a == b then return not (CLAIM[a] or BLOCK[a]) end
  for i = a, b do
    if CLAIM[i] or BLOCK[i] then return false end
  end
  return true
end

local function ss(i) return FL[i] & F_SS ~= 0 end

-- Token i, for organisation names: a capitalised word, free, not a function word (stop
-- words may be part of an organisation's name: "Transport Workers Union").
local function orgword(i)
  local fl = FL[i]
  if not fl or fl & F_CAPWORD ~= F_CAPWORD or CLAIM[i] or BLOCK[i] then return false end
  return not NOT_NAME[NO[i]]
end

-- Is token i (in the document) this punctuation token? (The flags first: no norm fetched
-- for words.)
local function is_comma(i) return FL[i] & F_PUNCT ~= 0 and NO[i] == "," end
local function is_poss(i) return FL[i] & F_CLITIC ~= 0 and NO[i] == "'s" end

-- Token i: a capitalised word, free, not a function word, not on the stop lists.
local function capword(i)
  local fl = FL[i]
  if not fl or fl & F_CAPWORD ~= F_CAPWORD or CLAIM[i] or BLOCK[i] then return false end
  return not NOT_CAPWORD[NO[i]]
end

local function is_verb(i)
  if i > N or FL[i] & F_SS ~= 0 then return false end
  local w = NO[i]
  if W.VERB[w] then return true end
  -- any lower-case word in -ed
  return FL[i] & F_LOWER ~= 0 and #w > 4 and byte(w, -1) == 100 and byte(w, -2) == 101
end

-- Is the sentence of token i written in capitals (a headline)? Checked on the neighbours.
local function caps_line(i)
  local up = 0
  for j = (i > 2 and i - 2 or 1), (i + 2 < N and i + 2 or N) do
    local fl = FL[j]
    if j ~= i and fl & F_WORD ~= 0 then
      if fl & F_UPPER ~= 0 then up = up + 1 else return false end
    end
  end
  return up > 0
end

-- The name tokens starting at j: capitalised words, known given names and surnames,
-- initials, particles ("bin", "van der") and hyphen parts ("Jong-un"). Returns the last
-- token and the number of words, or nil. Stops at any other known entity.
local function read_name(j, max)
  max = max or 4
  local e, count, i = nil, 0, j
  while i <= N and count < max do
    if i > j and FL[i] & F_SS ~= 0 then break end
    local f = COV[i]
    local by = f and HB[f]
    if f == i and by.per then break end
    if f == i and by.nameish and (not CLAIM[f] and not BLOCK[f] and (HL[f] == f or free(f + 1, HL[f]))) then
      e, i, count = HL[f], HL[f] + 1, count + 1
    elseif f == i and e == i - 1 and count == 1 and (by.role or by.hon) and HL[f] == f and
           data.given[NO[e]] and not (i < N and FL[i + 1] & F_SS == 0 and
                                        (capword(i + 1) or NO[i + 1] == "of")) then
      e, i, count = i, i + 1, count + 1              -- a title word as surname: "Mervyn King"
    elseif f and not by.nameish then
      break
    elseif not f and capword(i) then
      e, i, count = i, i + 1, count + 1
    elseif e and FL[i] & F_DASH ~= 0 and FL[i] & F_SB == 0 and i + 1 <= N and
           FL[i + 1] & F_WORD ~= 0 and FL[i + 1] & F_SB == 0 and
           (not COV[i + 1] or HB[COV[i + 1]].nameish) then
      local f2 = COV[i + 1]
      local l2 = f2 and HL[f2] or i + 1
      e, i = l2, l2 + 1                              -- Jong-un, Mbeki-Tanaka
    elseif e and PARTICLE[NO[i]] and capword(i + 1) then
      i = i + 1                                     -- bin Salman, van Gogh
    else
      break
    end
  end
  if not e then return nil end
  return e, count
end

-- The same, backwards from token j (for "Hewitt said").
local function read_name_back(j, max)
  max = max or 4
  local s, count, i = nil, 0, j
  while i >= 1 and count < max do
    local f = COV[i]
    if f and HB[f].nameish and (not CLAIM[f] and not BLOCK[f] and (HL[f] == f or free(f + 1, HL[f]))) then
      s, i, count = f, f - 1, count + 1
    elseif f then
      break
    elseif capword(i) then
      s, i, count = i, i - 1, count + 1
    elseif s and PARTICLE[NO[i]] and i > 1 and capword(i - 1) then
      i = i - 1
    elseif s and FL[i] & F_DASH ~= 0 and FL[i] & F_SB == 0 and FL[i + 1] & F_SB == 0 and
           i > 1 and capword(i - 1) then
      s, i = i - 1, i - 2                           -- "Ferreira-Costa said"
    else
      break
    end
    if s and FL[s] & F_SS ~= 0 then break end
  end
  return s, count
end

-- ------------------------------------------------------------------ candidates

local function trim_the(a, b)
  if a < b and DET[NO[a]] then return a + 1, b end
  return a, b
end

local function claim(c)
  for i = c.first, c.last do CLAIM[i] = c end
  CANDS[#CANDS + 1] = c
  return c
end

-- The text of tokens a..b (kept for the document: the steps often ask twice, and each
-- doc:span or doc:word is a C call).
local function text(a, b)
  local k = a * 4294967296 + b
  local t = TXT[k]
  if not t then
    if a == b then t = doc:word(a) else t = doc:span(a, b).text end
    TXT[k] = t
  end
  return t
end
local function text1(i) return text(i, i) end

-- Are tokens a..b the name of a place of the gazetteer (is_place of their text)? The longest
-- gazetteer phrase at token a answers without making the text: none there, or one that ends
-- before b, is no place; one that ends at b is. (Only when it runs past b, or a..b crosses a
-- sentence, is the text looked up.)
local function place(a, b)
  if gazetteer == nil then is_place("") end
  if not gazetteer then return false end
  for x = a + 1, b do
    if FL[x] & F_SS ~= 0 then return is_place(text(a, b)) end
  end
  local m = gazetteer:match(doc, a)
  if not m then return false end
  local l = m.last
  if l == b then return true end
  if l < b then return false end
  return is_place(text(a, b))
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
-- "UN peacekeepers") and blocs ("the West") are groups. (Kept on the record.)
local function org_kind(rec)
  local k = rec.kind_of
  if not k then
    k = (rec.type == "bloc" or descriptive(rec.name)) and "group" or "organization"
    rec.kind_of = k
  end
  return k
end

-- The actor key of a known organisation or seat ("org:NAME", "met:NAME"; kept on the record).
local function org_key(rec)
  local k = rec.okey
  if not k then k = "org:" .. rec.name; rec.okey = k end
  return k
end
local function met_key(rec)
  local k = rec.mkey
  if not k then k = "met:" .. rec.name; rec.mkey = k end
  return k
end

-- An organisation's mention without the lower-case words an alias may start with
-- ("paramilitary Rapid Support Forces" -> "Rapid Support Forces").
local function trim_lower(a, b)
  while a < b and FL[a] & F_LOWER ~= 0 do a = a + 1 end
  return a, b
end

-- ------------------------------------------------------------------ 1. organisation words

-- Walk left from token j over the words of a name; returns the first token or nil.
local function extend_left(j, stop_at)
  local s = nil
  local i = j
  stop_at = stop_at or 0
  while i >= 1 and i > stop_at do
    if CLAIM[i] or BLOCK[i] then break end
    local f = COV[i]
    if f then
      local by = HB[f]
      if by.per or by.org or by.role or by.hon or by.say or by.nom then
        break
      end
      if FL[f] & F_CAP == 0 then break end
      s, i = f, f - 1
    elseif orgword(i) then
      s, i = i, i - 1
    elseif s and FL[i] & F_DASH ~= 0 and FL[i] & F_SB == 0 and FL[i + 1] & F_SB == 0 and
           i > 1 and orgword(i - 1) then
      i = i - 1                                     -- "Inter-American Development Bank"
    else
      local w = NO[i]
      if (s or w == "&") and (w == "&" or w == "and") and i > 1 and orgword(i - 1) and
         (not COV[i - 1] or HB[COV[i - 1]].nameish) then
        i = i - 1                                   -- "Merrill Lynch & Co" ("of X": heads)
      else
        break
      end
    end
    if s and FL[s] & F_SS ~= 0 then break end
  end
  return s
end

-- Walk right from token j (just after a head word) over "of X", "for X and Y".
local function extend_right(j)
  if j > N then return nil end
  local w = NO[j]
  if not (w == "of" or w == "for" or w == "on") or FL[j] & F_SS ~= 0 then return nil end
  local i, e = j + 1, nil
  if i <= N and NO[i] == "the" then i = i + 1 end
  while i <= N and FL[i] & F_SS == 0 do
    if CLAIM[i] or BLOCK[i] then break end
    local f = COV[i]
    if f == i then
      local by = HB[f]
      if by.per or by.say or by.role or by.hon then break end
    end
    local wi = NO[i]
    if f == i and FL[i] & F_CAP ~= 0 then
      e, i = HL[f], HL[f] + 1
    elseif orgword(i) and (e or capword(i)) then   -- not "Commission on Thursday"
      e, i = i, i + 1
    elseif e and (wi == "and" or wi == "&" or wi == "of") and orgword(i + 1) then
      i = i + 1
    elseif e and wi == "in" and i < N and HL[i + 1] and HB[i + 1].cty and FL[i + 1] & F_SS == 0 then
      e = HL[i + 1]                                 -- "Front for Democracy in Burundi"
      break
    else
      break
    end
  end
  return e
end

-- The country a span of hits names at its start ("Russian Foreign Ministry").
local function country_in(a, b)
  local i = a
  while i <= b do
    local f = COV[i]
    if f then
      local by = HB[f]
      if by.dem then return by.dem[1].country end
      if by.cty then return by.cty[1].iso3 end
      if by.met and by.met[1].kind == "capital" then return by.met[1].country end
      i = HL[f] + 1
    else
      i = i + 1
    end
  end
  return nil
end

-- Country from the context of an organisation: "[Russia]'s Foreign Ministry", "the Foreign
-- Ministry in [Beijing]".
local function country_around(a, b)
  if a > 2 and is_poss(a - 1) then
    local f = COV[a - 2]
    if f and HB[f].cty then return HB[f].cty[1].iso3 end
  end
  if b + 2 <= N and NO[b + 1] == "in" and HL[b + 2] then
    local by = HB[b + 2]
    if by.cty then return by.cty[1].iso3 end
    if by.met and by.met[1].country then return by.met[1].country end
  end
  return nil
end

local function org_candidate(f, ow)
  local l = HL[f]
  if FL[f] & F_UPPER ~= 0 and caps_line(f) then return nil end   -- a headline
  local a = extend_left(f - 1) or f
  local b = l
  if ow.position == "head" then b = extend_right(l + 1) or b end
  -- more organisation words after it, right after it or after a few capitalised words:
  -- "Kestrel Mining Corp", "Federal Motor Transport Authority"
  while b < N and FL[b + 1] & F_SS == 0 do
    local j = b + 1
    while j <= b + 3 and j <= N and orgword(j) and not COV[j] and FL[j] & F_SS == 0 do
      j = j + 1
    end
    if not (j <= N and HL[j] and HB[j].ow and FL[j] & F_CAP ~= 0 and FL[j] & F_SS == 0) then
      break
    end
    b = HL[j]
  end
  a, b = trim_the(a, b)
  if a == f and b == l then return nil end          -- the word alone
  if not free(a, b) then return nil end
  local t = text(a, b)
  local low = lower(t)
  if STOP[low] then return nil end
  if ow.weak then
    -- a weak tail needs a name before it that is not just a capitalised sentence opener
    -- ("Renewable Energy" opening a sentence; "Heineken NV" is fine)
    local left_only_start = a < f and FL[a] & F_SS ~= 0 and (f - a == 1) and not COV[a]
    if left_only_start and not place(a, f - 1) then return nil end
  end
  if place(a, b) then return nil end
  local known = data.org(low)
  local country = country_in(a, b) or country_around(a, b)
  if not known and country then
    local c = data.country[country]
    local dem = c and c.demonym
    if dem and not find(low, lower(dem), 1, true) then
      known = data.org(lower(dem .. " " .. t))
    end
  end
  if known then
    return { first = a, last = b, kind = org_kind(known), name = known.name,
             country = known.country, code = known.code, key = org_key(known) }
  end
  local sector = ow.sector ~= "" and ow.sector or nil
  local code = country and (country .. (sector or "")) or nil
  if not country and ow.type == "igo" then code = nil end
  return { first = a, last = b, kind = "organization", name = t, country = country, code = code,
           key = "org:" .. low, sector = sector }
end

local CORP_SUFFIX = W.set [[ corp corp. inc inc. ltd ltd. co co. plc llc ag sa s.a. nv n.v.
  gmbh spa ab holdings group ]]

local function step_org_words()
  local ows = T.ow
  if not ows then return end
  -- organisation words right after a known organisation: a company suffix belongs to it
  -- ("General Motors Corp" is General Motors); other words make another body of that name
  -- ("Mitsubishi Motors Corp"), named as written
  for x = 1, #ows do
    local f = ows[x]
    local l = HL[f]
    local p = COV[f - 1]
    if p and HL[p] == f - 1 and HB[p].org and FL[f] & F_CAP ~= 0 and free(p, l) and
       not (FL[f] & F_UPPER ~= 0 and caps_line(f)) then
      local o = HB[p].org[1]
      local a = trim_the(p, l)
      local b = l
      while b < N and FL[b + 1] & F_SS == 0 do      -- more words: "Motors Corp"
        local nh = HL[b + 1]
        if not (nh and HB[b + 1].ow and FL[b + 1] & F_CAP ~= 0) then break end
        b = nh
      end
      if f == l and b == l and CORP_SUFFIX[NO[f]] then
        claim({ first = a, last = b, kind = org_kind(o), name = o.name,
                country = o.country, code = o.code, key = org_key(o),
                why = "known organization + suffix" })
      elseif o.type == "company" then
        local t = text(a, b)
        local ow = HB[f].ow[1]
        claim({ first = a, last = b, kind = "organization", name = t, country = o.country,
                code = o.country and (o.country .. (ow.sector or "BUS")) or nil,
                key = "org:" .. lower(t), why = "known organization + organisation words" })
      end
    end
  end
  for x = 1, #ows do
    local f = ows[x]
    local by = HB[f]
    if (not CLAIM[f] and not BLOCK[f] and (HL[f] == f or free(f + 1, HL[f]))) and FL[f] & F_CAP ~= 0 and not by.org then
      local best
      for _, ow in ipairs(by.ow) do
        local c = org_candidate(f, ow)
        if c and (not best or c.last - c.first > best.last - best.first) then best = c end
      end
      if best then
        best.why = "org-word"
        claim(best)
      end
    end
  end
end

-- ------------------------------------------------------------------ 2. known names

-- What stands right before a name: a chain of role, demonym, country, organisation, party
-- and capitalised words ("Chinese Communist Party Politburo member", "US President Joe
-- Biden's national security adviser"). Returns { role, country, org, words } or nil.
local function context_before(first)
  local ctx = nil
  local i = first - 1
  local steps = 0
  while i >= 1 and steps < 8 do
    steps = steps + 1
    if BLOCK[i] then break end
    local f = COV[i]
    if f and HL[f] == i then
      local by = HB[f]
      ctx = ctx or {}
      if by.role and not ctx.role and not ctx.country then
        ctx.role = by.role[1]
        ctx.role_first = f
      elseif by.hon and not ctx.role and not ctx.hon and not ctx.country then
        ctx.hon = by.hon[1]
      elseif by.dem and not ctx.country then
        ctx.country = by.dem[1].country
        ctx.dem_first = f
      elseif by.cty and not ctx.country then
        ctx.country = by.cty[1].iso3
      elseif by.padj and not ctx.org then
        local p = by.padj[1]
        ctx.org = data.org(lower(p.org or "")) or { name = p.org, country = p.country,
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
      i = f - 1
    elseif not f and ctx and (ctx.role or ctx.hon) and not ctx.country and not ctx.org and
           capword(i) then
      ctx.words = text1(i) .. (ctx.words and (" " .. ctx.words) or "")
      i = i - 1
    elseif i > 1 and is_poss(i) then
      -- "Joe Biden's national security adviser": the possessor's country; "Ghana's foreign
      -- minister" (a country or body the steps have not claimed yet): its own
      local c = CLAIM[i - 1]
      local iso = c and c.country
      if not c then
        local h = COV[i - 1]
        local by = h and HL[h] == i - 1 and not BLOCK[h] and HB[h]
        if by then
          iso = by.cty and by.cty[1].iso3 or by.org and by.org[1].country or
                by.met and by.met[1].country or nil
        end
      end
      if c and ctx == nil then
        return { country = c.country, possessor = c }
      elseif ctx and not ctx.country then
        ctx.country = iso
      end
      break
    else
      break
    end
  end
  return ctx
end

local CTX_AFTER_SKIP = W.set [[ 's former top senior deputy acting new ]]

-- "Name, the Russian foreign minister," / "Name, China's top diplomat": a role after.
local function context_after(last)
  local i = last + 1
  if i > N or not is_comma(i) then return nil end
  i = i + 1
  local ctx = {}
  local steps = 0
  while i <= N and steps < 6 and FL[i] & F_SS == 0 do
    steps = steps + 1
    local by = HL[i] and HB[i]
    if by and by.role then
      ctx.role = by.role[1]
      return ctx
    elseif by and by.dem then
      ctx.country = ctx.country or by.dem[1].country
      i = HL[i] + 1
    elseif by and by.cty then
      ctx.country = ctx.country or by.cty[1].iso3
      i = HL[i] + 1
    elseif by and by.org then
      ctx.org = ctx.org or by.org[1]
      ctx.country = ctx.country or by.org[1].country
      i = HL[i] + 1
    elseif FL[i] & F_WORD ~= 0 and (DET[NO[i]] or CTX_AFTER_SKIP[NO[i]]) then
      i = i + 1
    else
      return nil
    end
  end
  return nil
end

local function person_candidate(a, b, p, ctx, why)
  return { first = a, last = b, kind = "person", person = p, name = p and p.name or text(a, b),
           ctx = ctx, why = why }
end

-- An actor of a CAMEO dictionary (--set cameo.actors=FILE): its code at the date.
local function cameo_candidate(a, b, e)
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
local function cameo_hit(f, e)
  local a, b = trim_the(f, HL[f])
  local titles = data.titles()
  while a <= b do
    local m = titles:match(doc, a)
    if not m or m.last > b then break end
    a = m.last + 1
  end
  if a > b then return end
  if a > f then
    for _, x in ipairs(data.cues:lookup(text(a, b))) do
      if x.cue == "per" then
        local p = data.record(x)
        claim(person_candidate(a, b, p, context_before(a), "CAMEO phrase, known person"))
        return
      end
    end
  end
  claim(cameo_candidate(a, b, e))
end

-- A dateline: the place a story was filed from, written in capitals at the start of a
-- sentence and followed by its punctuation ("BRUSSELS (Reuters) -", "KABUL, Aug 3 -").
-- It names a place, never an actor.
local DATELINE_PUNCT = { ["("] = true, [","] = true, ["-"] = true, [":"] = true }
local function dateline(a, b)
  return FL[a] & F_SS ~= 0 and FL[b] & F_UPPER ~= 0 and b < N and DATELINE_PUNCT[NO[b + 1]] == true
end

local function step_known()
  local known = T.known
  if not known then return end
  for x = 1, #known do
    local f = known[x]
    local by = HB[f]
    local l = HL[f]
    if by.cam and not has_default(by) and by.cam[1].kind ~= "country" and (not CLAIM[f] and not BLOCK[f] and (l == f or free(f + 1, l))) then
      cameo_hit(f, by.cam[1])
    end
    if (by.per or by.org or by.met) and (not CLAIM[f] and not BLOCK[f] and (l == f or free(f + 1, l))) then
      local a, b = trim_the(f, l)
      if by.per then
        -- (not the name of a building: "Queen Elizabeth Hospital", "Kennedy Airport")
        if not (l < N and FL[l + 1] & F_SS == 0 and FACILITY[NO[l + 1]]) then
          local p = by.per[1]
          local ctx = context_before(f) or context_after(l)
          claim(person_candidate(a, b, p, ctx, "known person"))
        end
      elseif by.org and by.org[1].type == "bloc" then
        -- "the West": only where it acts (step 7)
      elseif by.org then
        local o = by.org[1]
        -- an all-capitals headline: a risky acronym there is a word ("WHO IS ..."); a
        -- one-word name that is a word inside a longer capitalised name is that name's
        -- ("Holocaust Memorial Day" is not the Russian group Memorial)
        local inside = f == l and FL[f] & (F_UPPER | F_ACR) == 0 and f > 2 and l < N and
                       FL[f - 1] & F_SS == 0 and FL[l + 1] & F_SS == 0 and
                       FL[f - 1] & F_CAPWORD == F_CAPWORD and FL[l + 1] & F_CAPWORD == F_CAPWORD
        if not (f == l and FL[a] & F_UPPER ~= 0 and caps_line(a)) and not inside then
          a, b = trim_lower(a, b)
          claim({ first = a, last = b, kind = org_kind(o), name = o.name, country = o.country,
                  code = o.code, key = org_key(o), why = "known organization" })
        end
      elseif by.met then
        local m = by.met[1]
        if m.kind == "seat" then
          -- a seat is the power seated there, except as a place ("at the White House")
          local p = a - 1
          if p >= 1 and DET[NO[p]] then p = p - 1 end
          local w = p >= 1 and NO[p] or ""
          local according = w == "to" and p > 1 and NO[p - 1] == "according"
          if (according or not PLACE_PREP[w]) and not dateline(a, b) then
            claim({ first = a, last = b, kind = "organization", name = m.name,
                    country = m.country, code = m.code, key = met_key(m),
                    why = "seat of power" })
          end
        end
        -- capitals: step 6, where they act
      end
    end
  end
end

-- ------------------------------------------------------------------ 3. people by cue

-- The countries the document speaks of (hits of countries, demonyms, capitals, national
-- organisations, known people), computed once per document.
local function doc_countries()
  local cs = S.doc_countries
  if not cs then
    cs = {}
    local hits = T.ctry
    if hits then
      for x = 1, #hits do
        local ctys = HB[hits[x]].ctys
        for y = 1, #ctys do cs[ctys[y]] = true end
      end
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
local function by_surname(f, strong)
  local sr = HB[f].sur and HB[f].sur[1]
  if not sr then return nil end
  local found = S.surname_of and S.surname_of[sr.surname]
  if found then return found end
  -- another person of that surname named in full in the document ("Victor Wong ... Wong
  -- said") is who it is: not a famous namesake
  -- (the last words of such people, gathered from the candidates made since the last call)
  local lasts = S.full_lasts
  if not lasts then lasts = {}; S.full_lasts, S.full_n = lasts, 0 end
  for x = S.full_n + 1, #CANDS do
    local c = CANDS[x]
    if c.kind == "person" and c.last > c.first and not c.person then lasts[text(c.last, c.last)] = true end
  end
  S.full_n = #CANDS
  if lasts[text(f, HL[f])] then return nil end
  local cs = doc_countries()
  local best, bests, n = nil, nil, 0
  for _, p in ipairs(sr.people) do
    local t, status = P.term(p, S.date, type(strong) == "string" and strong or nil)
    -- before every term (a 1996 text on "Blair"): the person's best-known office, ranked lower
    if status == "before" then t = P.term(p, nil, nil) end
    if t then
      local famous = FAMOUS[t.office or ""]
      if not famous and status == "undated" then
        -- without a date, fame is the best office ever held (a former president)
        for _, u in ipairs(p.terms) do
          if FAMOUS[u.office or ""] then famous = true break end
        end
      end
      local s = (famous and 0 or ((t.office or "") ~= "" and 1 or 2)) +
                (t.sector == "ELI" and 2 or 0) + ((status == "former" or status == "before") and 2 or 0)
      local local_ = p.country and cs[p.country]
      if not local_ and not famous then s = nil end
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

local function cue_name(cue_last, ctx, why)
  local j = cue_last + 1
  if j > N or FL[j] & F_SS ~= 0 then return nil end
  local hj = HL[j] and HB[j]
  if hj and hj.per then return nil end               -- step 2 has it
  local e, count = read_name(j)
  if not e then return nil end
  if e + 1 <= N and FL[e + 1] & F_SS == 0 and HL[e + 1] and HB[e + 1].ow and
     FL[e + 1] & F_CAP ~= 0 then
    return nil                                        -- "Mr Smith Foundation"
  end
  -- a single known surname: the known person
  if count == 1 and hj and hj.sur and HL[j] == e then
    local p = by_surname(j, ctx.role and lower(ctx.role.role) or true)
    if p then return claim(person_candidate(j, e, p, ctx, why .. " + surname")) end
  end
  -- a title and name that together are a place: "Prince Edward Island", "Lord Howe Island",
  -- or name one: "King Cross station", "Queen Elizabeth Hospital"
  if place(cue_last, e) then return nil end
  if e < N and FL[e + 1] & F_SS == 0 and FACILITY[NO[e + 1]] then return nil end
  if count == 1 then
    local t = text(j, e)
    if STOP[lower(t)] or FL[j] & F_ACR ~= 0 then return nil end
    -- after a role noun a lone place name is the role's place ("Defence Minister Ukraine"
    -- is rare; "Scotland" after "Baroness" is a person)
    if why == "role" and place(j, e) then return nil end
  end
  return claim(person_candidate(j, e, nil, ctx, why))
end

-- The known people of the document by surname ("Howard" is Michael Howard in a text that
-- names him, whoever else is called Howard).
local function known_surnames()
  local sof = {}
  S.surname_of = sof
  for x = 1, #CANDS do
    local c = CANDS[x]
    if c.person and c.last > c.first then
      for _, f in ipairs(c.person.surnames or NONE) do
        if not sof[f] then sof[f] = c.person end
      end
    end
  end
end

-- Without a document date, the known people of the document date it: the day (a start of
-- one of their terms) on which most of them hold an office (former-office rows do not
-- count). "Tony Blair", "Michael Howard" and "Charles Kennedy" together give a day of
-- 2003-2005, when Gordon Brown is Chancellor, not Prime Minister. It needs two people;
-- only the rules use it, the output's date stays empty.
-- (A day on which a person holds the office the text gives them - "President Joe Biden",
-- "Majority Leader Chuck Schumer" - counts half a person more.)
local function role_in_text(u, roles)
  if not roles or not u.role then return false end
  local r = lower(u.role)
  for _, x in ipairs(roles) do
    if r == x or find(r, x, 1, true) or find(x, r, 1, true) then return true end
  end
  return false
end

local function consensus_date()
  local people, seen, roles = {}, {}, {}
  for _, c in ipairs(CANDS) do
    local p = c.person
    if p and not seen[p] then
      seen[p] = true
      people[#people + 1] = p
    end
    local role = p and c.ctx and c.ctx.role and c.ctx.role.role
    if role then
      roles[p] = roles[p] or {}
      local l = roles[p]
      l[#l + 1] = lower(role)
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
              n = n + (role_in_text(u, roles[q]) and 1.5 or 1)
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
local function role_bodies()
  local roles = T.role
  if not roles then return end
  for x = 1, #roles do
    local f = roles[x]
    if HL[f] > f and FL[f] & F_CAP ~= 0 and free(f, f) then
      local w = text1(f)
      local rec = data.org(lower(w))
      if rec and (w == rec.acronym or w == rec.name or FL[f] & F_UPPER ~= 0) then
        claim({ first = f, last = f, kind = org_kind(rec), name = rec.name,
                country = rec.country, code = rec.code, key = org_key(rec),
                why = "body in a role" })
      else
        local ms = data.cues:lookup(w)
        for _, e in ipairs(ms) do
          if e.cue == "met" then
            local m = data.record(e)
            if m.kind == "seat" then
              claim({ first = f, last = f, kind = "organization", name = m.name,
                      country = m.country, code = m.code, key = met_key(m),
                      why = "seat in a role" })
            end
            break
          end
        end
      end
    end
  end
end

-- Is token j a name start after a cue: a free capitalised word, or a name-part hit?
local function name_next(j)
  return capword(j) or (HL[j] ~= nil and HB[j].nameish)
end

-- A title or a role right before a name: "Mr Howard", "President Bush", "adviser Jake Sullivan".
local function titled_names()
  for _, f in ipairs(T["hon|role"] or NONE) do
    local by = HB[f]
    local l = HL[f]
    if l < N and (not CLAIM[f] and not BLOCK[f] and (l == f or free(f + 1, l))) and name_next(l + 1) and FL[l + 1] & F_SS == 0 then
      local ctx = context_before(l + 1) or {}
      if by.role then
        -- a capitalised role must be one written as a title ("President Bush"); a lower-case
        -- role noun right before a name is a cue either way ("adviser Jake Sullivan")
        local r = by.role[1]
        if r.title or FL[l] & F_CAP == 0 or by.hon or (f == l and FL[f] & F_SS ~= 0) then
          cue_name(l, ctx, "role")
        end
      else
        cue_name(l, ctx, "title")
      end
    end
  end
end

-- A name after a role and a comma: "Finland's transport minister, Lulu Ranne, said",
-- "A spokesman for the alliance, Farah Dakhlallah, said"
local function role_comma_names(roles)
  for x = 1, #roles do
    local f = roles[x]
    local l = HL[f]
    if (not CLAIM[f] and not BLOCK[f] and (l == f or free(f + 1, l))) then
      local i = l + 1
      local w = NO[i]
      if i <= N and (w == "for" or w == "of" or w == "at") then
        local k = i + 1
        while k <= N and k <= i + 5 and not is_comma(k) and FL[k] & F_SS == 0 do
          k = k + 1
        end
        i = k
      end
      if i < N and FL[i + 1] & F_SS == 0 and is_comma(i) then
        local nh = COV[i + 1]
        if (not nh and capword(i + 1)) or (nh == i + 1 and HB[nh].nameish) then
          local e, count = read_name(i + 1)
          if e and count >= 2 and e < N and (is_comma(e + 1) or
             (FL[e + 1] & F_END ~= 0 and NO[e + 1] == ".") or is_verb(e + 1)) then
            local ctx = context_before(l + 1) or {}
            ctx.role = ctx.role or HB[f].role[1]
            claim(person_candidate(i + 1, e, nil, ctx, "role, name"))
          end
        end
      end
    end
  end
end

-- Appositions: "Amara Okonkwo, the Nigerian finance minister, ..."
local function appositions(roles)
  for x = 1, #roles do
    local f = roles[x]
    if f > 3 and (not CLAIM[f] and not BLOCK[f] and (HL[f] == f or free(f + 1, HL[f]))) then
      local i = f - 1
      local k = 0
      while i > 1 and k < 4 do
        local ph = COV[i]
        if ph and (HB[ph].dem or HB[ph].cty) then
          i = ph - 1
        else
          local w = NO[i]
          if w == "," then break end
          if DET[w] or w == "'s" or ROLE_ADJ_A[w] then i = i - 1 else i = 0 end
        end
        k = k + 1
      end
      if i > 1 and is_comma(i) and capword(i - 1) then
        local s0 = read_name_back(i - 1)
        if s0 and (i - 1) - s0 < 4 and (i - 1 > s0 or FL[s0] & F_SS == 0) then
          if not (HL[s0] and HB[s0].per) then
            local ctx = context_after(i - 1)
            if ctx and ctx.role and not (s0 == i - 1 and place(s0, s0)) then
              claim(person_candidate(s0, i - 1, nil, ctx, "apposition"))
            end
          end
        end
      end
    end
  end
end

-- A known given name and a capitalised word: "Olena Kovalenko".
local function given_names(gns)
  for _, f in ipairs(gns) do
    local by = HB[f]
    local l = HL[f]
    if not (by.per or by.org or by.cty or by.met or by.role or by.hon) and l < N and
       (not CLAIM[f] and not BLOCK[f] and (l == f or free(f + 1, l))) and name_next(l + 1) then
      local ht = text(f, l)
      if data.given[lower(ht)] and not (by.sur and S.surname_of[ht]) then
        local e, count = read_name(f)
        if e and count >= 2 and not (FL[f] & F_UPPER ~= 0 and caps_line(f)) and
           not place(f, e) and
           not (f > 1 and FL[f - 1] & F_CAP ~= 0 and FL[f] & F_SS == 0 and
                place(f - 1, e)) then      -- "Prince Edward Island"
          local ctx = context_before(f) or context_after(e)
          claim(person_candidate(f, e, nil, ctx, "given name"))
        end
      end
    end
  end
end

-- Two capitalised words, the second of a surname's shape: "Yevgeny Kafelnikov".
local function surname_shapes()
  for _, m in ipairs(P_SURNAME_SHAPE:match(doc)) do
    local a, b = m.g.first, m.s.last
    local hg, hs = COV[a], COV[b]
    if free(a, b) and capword(a) and capword(b) and
       not (hg and not HB[hg].nameish) and not (hs and not HB[hs].nameish) and
       not (FL[a] & F_UPPER ~= 0 and caps_line(a)) and not place(a, b) and
       not place(b, b) then
      -- exactly two words: a third capitalised word makes it a longer name, often of a
      -- body ("Fonteyn Nureyev Young Dancers")
      if not (b < N and FL[b + 1] & F_CAPWORD == F_CAPWORD and FL[b + 1] & F_SS == 0) and
         not (a > 1 and FL[a - 1] & F_CAPWORD == F_CAPWORD and FL[a] & F_SS == 0) then
        claim(person_candidate(a, b, nil, context_before(a) or context_after(b),
                               "surname shape"))
      end
    end
  end
end

local function step_cued_people()
  if not S.date then S.date = consensus_date() end
  role_bodies()
  known_surnames()
  titled_names()
  local roles = T.role
  if roles then
    role_comma_names(roles)
    appositions(roles)
  end
  if T.gn then given_names(T.gn) end
  surname_shapes()
end

-- ------------------------------------------------------------------ 4. speech cues

local ALNUM = {}
for c = 48, 57 do ALNUM[c] = true end
for c = 65, 90 do ALNUM[c] = true end
for c = 97, 122 do ALNUM[c] = true end

-- Does the text contain w as a whole word (Lua's %f[%w]w%f[%W]): plain searches, and a
-- look at the bytes around each occurrence. Memoized for the document.
local WORD_MEMO
local function has_word(w)
  local v = WORD_MEMO[w]
  if v ~= nil then return v end
  v = false
  if ALNUM[byte(w, 1)] and ALNUM[byte(w, -1)] then
    local txt = text_of_doc()
    local init = 1
    while true do
      local x, y = find(txt, w, init, true)
      if not x then break end
      if not ALNUM[byte(txt, x - 1) or 0] and not ALNUM[byte(txt, y + 1) or 0] then
        v = true
        break
      end
      init = x + 1
    end
  end
  WORD_MEMO[w] = v
  return v
end

local function classify_name(a, b, why)
  local count = b - a + 1
  local t = text(a, b)
  if STOP[lower(t)] then return nil end
  -- only one word (a surname, an acronym) or a known surname last: longer capitalised runs
  -- before "said" without a given name are more often bodies, programmes and places ("Age
  -- Concern", "Good Morning Wales"); people with a given name were found by it already
  if count > 1 then
    local lh = COV[b]
    if not (lh and HB[lh].sur) then return nil end
  end
  if place(a, b) then return nil end
  -- "MPs", "MSPs": plural of an acronym; a plural-looking word that is no known name
  if find(t, "^%u%u+s$") then return nil end
  local h0 = HL[a] and HB[a]
  if count == 1 and find(t, "[^s]s$") and not (h0 and (h0.sur or h0.gn)) then
    return nil
  end
  if count == 1 and FL[a] & F_UPPER ~= 0 then
    if caps_line(a) then return nil end
    return { first = a, last = b, kind = "organization", name = t, key = "org:" .. lower(t),
             why = why }
  end
  local sur = h0 and h0.sur
  if count == 1 and not sur then
    if FL[a] & F_SS == 0 then
      if has_word(lower(t)) then return nil end     -- "... of Agriculture said" / "agriculture"
    else
      -- a capitalised sentence opener ("Family said"): only a name that the text also writes
      -- capitalised inside a sentence, and never in lower case
      if has_word(lower(t)) then return nil end
      local txt = text_of_doc()
      local again = false
      local pos = 1
      while true do
        local x, y = find(txt, t, pos, true)
        if not x then break end
        pos = y + 1
        if x > 1 and not find(txt:sub(x - 2, x - 1), "[%.!?\n\"]") and byte(txt, x - 1) == 32 then
          again = true
          break
        end
      end
      if not again then return nil end
    end
  end
  if count == 1 and sur then
    local p = by_surname(a, true)
    if p then return person_candidate(a, b, p, nil, why .. " + surname") end
  end
  if caps_line(a) then return nil end
  return person_candidate(a, b, nil, context_after(b), why)
end

local SAY_SKIP = W.set [[ has have had also later then once previously reportedly ]]

local function step_speech()
  local says = T.say
  if not says then return end
  for x = 1, #says do
    local f = says[x]
    local l = HL[f]
    if (not CLAIM[f] and not BLOCK[f] and (l == f or free(f + 1, l))) then
      if HB[f].say[1].phrase == "according to" then
        local j = l + 1
        if j <= N and NO[j] == "the" then j = j + 1 end
        local e = j <= N and read_name(j) or nil
        if e and e - j < 4 then
          local c = classify_name(j, e, "according to")
          if c then claim(c) end
        end
      else
        -- "X said", "X, a spokesman for Y, said"
        local j = f - 1
        while j >= 1 and SAY_SKIP[NO[j]] do j = j - 1 end
        if j >= 1 and is_comma(j) then
          -- skip back over an apposition to its opening comma
          local k = j - 1
          while k >= 1 and k > j - 14 and not is_comma(k) and FL[k + 1] & F_SS == 0 do
            k = k - 1
          end
          if k >= 1 and k < j - 1 and is_comma(k) then j = k - 1 else j = 0 end
        end
        if j >= 1 and capword(j) and (not COV[j] or HB[COV[j]].nameish) then
          local s = read_name_back(j)
          if s and j - s < 4 then
            local c = classify_name(s, j, "speech")
            if c then claim(c) end
          end
        end
        -- "..., said Smith" / "said John Smith, a spokesman"
        local k = l + 1
        if k <= N and FL[k] & F_SS == 0 and capword(k) and (not COV[k] or HB[COV[k]].nameish) then
          local e = read_name(k)
          if e and e - k < 4 then
            local c = classify_name(k, e, "speech")
            if c then claim(c) end
          end
        end
      end
    end
  end
end

-- ------------------------------------------------------------------ 5. acronyms

-- Do the initials of the words of [a, b] spell the acronym (loosely: in order, function
-- words optional)?
local function initials_match(a, b, acr)
  local letters = {}
  for i = a, b do
    local w = text1(i)
    if find(w, "^%u") then letters[#letters + 1] = w:sub(1, 1) end
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

local function step_acronyms()
  local txt = text_of_doc()
  local pos = 1
  while true do
    local s = find(txt, "(", pos, true)
    if not s then break end
    pos = s + 1
    local sp = doc:span_at(s - 1, s)          -- the "(" token
    local o = sp.first
    if o + 2 <= N and FL[o + 2] & F_CLOSE ~= 0 and NO[o + 2] == ")" and o > 1 and FL[o + 1] & F_CAP ~= 0 and
       not BLOCK[o + 1] then
      local acr = text1(o + 1)
      local left_c = CLAIM[o - 1]
      local a
      if left_c then a = left_c.first else a = extend_left(o - 1) end
      if a and a < o - 1 + 1 and (left_c or a < o - 1) and initials_match(a, o - 1, acr) then
        local inner = CLAIM[o + 1]
        if left_c and inner then
          -- both known: the expansion joins the acronym's actor when it is unknown
          if not left_c.person and left_c.key ~= inner.key and not data.org(lower(left_c.name)) then
            left_c.kind, left_c.name, left_c.key = inner.kind, inner.name, inner.key
            left_c.country, left_c.code = inner.country, inner.code
          end
        elseif inner and not left_c then
          claim({ first = a, last = o - 1, kind = inner.kind, name = inner.name, key = inner.key,
                  country = inner.country, code = inner.code, why = "expansion of " .. acr })
        elseif left_c and not inner and not left_c.person then
          claim({ first = o + 1, last = o + 1, kind = left_c.kind, name = left_c.name,
                  key = left_c.key, country = left_c.country, code = left_c.code,
                  why = "acronym of " .. left_c.name })
          S.aliases = S.aliases or {}
          S.aliases[#S.aliases + 1] = { text = acr, cand = left_c }
        elseif not left_c and not inner and a < o - 1 then
          local name = text(a, o - 1)
          local c = claim({ first = a, last = o - 1, kind = "organization", name = name,
                            key = "org:" .. lower(name), why = "expanded acronym" })
          claim({ first = o + 1, last = o + 1, kind = "organization", name = name,
                  key = c.key, why = "acronym of " .. name })
          S.aliases = S.aliases or {}
          S.aliases[#S.aliases + 1] = { text = acr, cand = c }
        end
      end
    end
  end
end

-- ------------------------------------------------------------------ 6. countries acting

local LED = W.set [[ led backed brokered sponsored funded supported allied ]]
-- What a city has of its own: after "X's" these make X the city, not its state.
local LOCAL_HEAD = W.set [[ mayor mayoral council councillors police airport airports streets
  residents hospitals underground metro subway marathon ]]
local WITH_VERB = W.set [[ meet met talked spoke sided cooperate negotiate ]]
local ON_NOUN = W.set [[ sanctions pressure called calls call attack attacks war crackdown ]]

-- After token b: possessive, a verb (with adverbs and negation skipped), "-led". (city:
-- b ends a capital's name, whose possessive may be the city's own: "London's mayor")
local function acts_after(b, city)
  local i = b + 1
  if i > N or FL[i] & F_SS ~= 0 then return false end
  local fl = FL[i]
  if fl & (F_PUNCT | F_CLITIC) ~= 0 then
    local w = NO[i]
    if w == "'s" then
      -- "Moscow's mayor", "Paris's police": the city's own, no state acting
      for k = i + 1, (city and (i + 3 < N and i + 3 or N) or 0) do
        if LOCAL_HEAD[NO[k]] then return false end
        if FL[k] & F_CAP == 0 or FL[k] & F_SB == 0 then break end
      end
      return true
    end
    -- "Mali and Burkina Faso, both ruled by soldiers, warned": over a short apposition
    if w == "," then
      local k = i + 1
      while k <= N and k <= i + 9 and not is_comma(k) and FL[k] & F_SS == 0 do k = k + 1 end
      if k <= N and k > i + 1 and FL[k] & F_SS == 0 and is_comma(k) and is_verb(k + 1) then
        return true
      end
      return false
    end
    if fl & F_DASH ~= 0 and fl & F_SB == 0 and i + 1 <= N and LED[NO[i + 1]] then
      return true
    end
  end
  local k = 0
  local SKIP = W.SKIP
  while i <= N and k < 2 and FL[i] & F_WORD ~= 0 and SKIP[NO[i]] and FL[i] & F_SS == 0 do
    i, k = i + 1, k + 1
  end
  return is_verb(i)
end

-- Before token a: "between", "by", a target verb, "with" after a relation noun.
local function acts_before(a)
  local i = a - 1
  if i >= 1 and FL[i] & F_WORD ~= 0 and DET[NO[i]] then i = i - 1 end
  if i < 1 then return false end
  if FL[i + 1] & F_SS ~= 0 and i + 1 <= a then return false end
  if FL[i] & F_WORD == 0 then return false end
  local w = NO[i]
  if w == "between" or w == "by" or w == "against" then return true end
  if W.TARGET_VERB[w] then return true end
  if w == "with" or w == "on" then
    local j = i - 1
    local k = 0
    while j >= 1 and k < 3 do
      if FL[j] & (F_LOWER | F_CAP) == 0 then break end
      local v = NO[j]
      if W.RELATION[v] then return true end
      if w == "with" and (W.TARGET_VERB[v] or WITH_VERB[v]) then return true end
      if w == "on" and ON_NOUN[v] then return true end
      j, k = j - 1, k + 1
    end
  end
  return false
end

-- The country (or capital) of the hit at f, if it is one that may act. (The state of a
-- country or capital is the same for every hit: kept on the phrase's records.)
local function state_of(f)
  local by = HB[f]
  local st = by.state
  if st ~= nil then return st or nil end
  st = false
  if by.per or by.role or (by.org and by.org[1].type ~= "bloc") then
    st = false
  elseif by.cty then
    local c = by.cty[1]
    st = { kind = "country", name = c.name, country = c.iso3, code = c.iso3,
           key = "country:" .. c.iso3 }
  elseif by.met and by.met[1].kind == "capital" then
    local m = by.met[1]
    st = { kind = "country", name = m.name, country = m.country, code = m.code,
           key = "met:" .. m.name }
  elseif by.cam and by.cam[1].kind == "country" and not has_default(by) then
    local e = by.cam[1]
    local code = cameo.code_at(e, S.date)          -- depends on the date: not kept
    return { kind = "country", name = data.country_name(code:sub(1, 3)), country = code:sub(1, 3),
             code = code, key = "country:" .. code:sub(1, 3) }
  elseif by.org and by.org[1].type == "bloc" then
    -- "the West needs", not "West Nile" or "West Bank" (depends on the context: not kept)
    local l = HL[f]
    if f < 2 or NO[f - 1] ~= "the" or
       (l < N and FL[l + 1] & F_CAP ~= 0 and FL[l + 1] & F_SS == 0) then
      return nil
    end
    local o = by.org[1]
    return { kind = o.kind, name = o.name, code = o.code, key = "org:" .. o.name }
  end
  by.state = st
  return st or nil
end

-- Is the country named at f rather the admin1 unit of that name in another country: no
-- hit of the text supports the country (its demonym, capital, organisations, people), and
-- a word next to the name makes it a state of a federation ("Georgia's Republican
-- governor", "the state of Georgia") or the text names a city of that unit ("ATLANTA
-- (AP)")? Then it is no state acting: the location rules place it.
-- Support of a country: the document's hits that name it (countries, demonyms, capitals,
-- its organisations and people), other than this name.
local function support_of(iso, except)
  local n, hits = 0, T.ctry
  if not hits then return 0 end
  for x = 1, #hits do
    local h = hits[x]
    local ctys = HB[h].ctys
    for y = 1, #ctys do
      if ctys[y] == iso and text(h, HL[h]) ~= except then n = n + 1 break end
    end
  end
  return n
end

-- Words around a name that make it a state of a federation: "Georgia's Republican
-- governor", "Georgia voters", "the state of Georgia".
local STATE_CUE = W.set [[ governor gov. governors legislature legislators republicans
  democrats republican democratic county counties senator senators statehouse ]]

local function state_cue(name)
  local w1 = lower(name:match("^%S+"))
  for i = 1, N do
    if NO[i] == w1 and HL[i] and text(i, HL[i]) == name then
      for j = HL[i] + 1, math.min(N, HL[i] + 3) do
        if STATE_CUE[NO[j]] then return true end
        if FL[j] & F_PUNCT ~= 0 and NO[j] ~= "'s" then break end
      end
      if i > 2 and NO[i - 1] == "of" and NO[i - 2] == "state" then return true end
    end
  end
  return false
end

-- Does the text name a city of admin1 unit `name` of country c ("ATLANTA (AP)")?
local function city_of_admin1(c, name)
  local ids = gazetteer:scan_ids(doc)
  for x = 1, #ids, 3 do
    for _, e in ipairs(gazetteer:entries(ids[x + 2])) do
      local kind, ec, a1 = (e.place or ""):match("^([^|]*)|([^|]*)|([^|]*)")
      if kind == "city" and ec == c and a1 == name then return true end
    end
  end
  return false
end

-- The countries where an admin1 unit bears a country's name (from the gazetteer, the
-- same for every document: kept).
local ADMIN1_OF = {}
local function admin1_countries(name, iso)
  local v = ADMIN1_OF[name]
  if v == nil then
    v = false
    for _, e in ipairs(gazetteer:lookup(name)) do
      local kind, c = (e.place or ""):match("^([^|]*)|([^|]*)")
      if kind == "admin1" and c ~= "" and c ~= iso then
        v = v or {}
        v[#v + 1] = c
      end
    end
    ADMIN1_OF[name] = v
  end
  return v
end

local function other_admin1(f, iso)
  if gazetteer == nil then is_place("") end
  if not gazetteer then return false end
  local name = text(f, HL[f])
  local cs = admin1_countries(name, iso)
  if not cs then return false end
  local memo = S.other_admin1
  if not memo then memo = {}; S.other_admin1 = memo end
  local v = memo[name]
  if v ~= nil then return v end
  v = false
  if support_of(iso, name) == 0 then
    for _, c in ipairs(cs) do
      if state_cue(name) or city_of_admin1(c, name) then
        v = true
        break
      end
    end
  end
  memo[name] = v
  return v
end

local function step_states()
  local hits = T.states
  if not hits then return end
  local done = {}
  for x = 1, #hits do
    local f = hits[x]
    -- (a free capitalised word right before it makes it part of a name: "actor
    -- Denzel Washington visited", "Michael Jordan said"; at a sentence start only a
    -- known given name, since "Neighbouring Argentina sent" is no name; not in a
    -- headline in capitals)
    local named = false
    if f > 1 and HL[f] == f and FL[f - 1] & F_SB ~= 0 and FL[f] & F_NL == 0 and
       not COV[f - 1] and not (FL[f] & F_UPPER ~= 0 and caps_line(f)) then
      local c = CLAIM[f - 1]
      if c and c.kind == "person" and not c.person and c.last == f - 1 and c.first == f - 1 and c.ctx and
         not CLAIM[f] and not BLOCK[f] then
        -- an unknown person's one-word name ended at it: the name goes on ("The actor
        -- Denzel Washington")
        c.last, c.name = f, text(c.first, f)
        CLAIM[f] = c
        named = true
      else
        named = capword(f - 1) and (FL[f - 1] & F_SS == 0 or data.given[NO[f - 1]])
      end
    end
    if not done[f] and not named and (not CLAIM[f] and not BLOCK[f] and (HL[f] == f or free(f + 1, HL[f]))) then
      local st = state_of(f)
      if st and HB[f].cty and other_admin1(f, st.country) then st = nil end
      if st then
        -- the coordinated list this name starts: "Russia, China and North Korea"
        local list = { f }
        local sts = { st }
        local other, saw_conj = false, false
        local last = HL[f]
        while true do
          local i = last + 1
          if i > N or FL[i] & F_SS ~= 0 then break end
          local w = NO[i]
          if w == "," or w == "and" or w == "or" then
            if w ~= "," then saw_conj = true end
            local j = i + 1
            if j <= N and (NO[j] == "and" or NO[j] == "or") then j = j + 1 end
            if j <= N and NO[j] == "the" then j = j + 1 end
            local c = CLAIM[j]
            local nst = HL[j] and not c and state_of(j)
            if nst and free(j, HL[j]) then
              list[#list + 1] = j
              sts[#sts + 1] = nst
              last = HL[j]
            elseif c and (c.kind == "country" or c.kind == "organization" or c.kind == "person") then
              last = c.last
              other = true
              -- only a coordination ("Russia, China and the EU warned") makes the
              -- others' verb its own: "In Moscow, the Russian Foreign Ministry
              -- condemned" is a place, a comma and the actor
              if w == "," and NO[i + 1] ~= "and" and NO[i + 1] ~= "or" and not saw_conj then
                other = "comma"
              end
            else
              break
            end
          else
            break
          end
        end
        local a = f
        if DET[NO[a]] and a < HL[f] then a = a + 1 end
        local pw = a > 1 and NO[a - 1] or ""
        if a > 2 and pw == "the" then pw = NO[a - 2] end
        local placed = PLACE_PREP[pw] and not (pw == "to" and a > 2 and NO[a - 2] == "according")
        -- a country right before a title or a person is a modifier ("US President Joe Biden",
        -- "with US envoy Dennis Ross"), like a demonym
        local nx = last + 1
        local nb = nx <= N and HL[nx] and HB[nx]
        local modifier = #list == 1 and nb and (nb.role or nb.hon) or
                         (#list == 1 and CLAIM[nx] and CLAIM[nx].kind == "person")
        if other == "comma" then other = saw_conj end
        -- a list of states before a plural verb ("India and Australia sign trade pact")
        local plural = #list > 1 and not placed and last < N and FL[last + 1] & F_LOWER ~= 0 and
                       W.PLURAL_VERB[NO[last + 1]] == true
        local acts = not modifier and ((not placed and acts_after(last, HB[f].cty == nil)) or acts_before(a) or
                     (other and not placed) or plural)
        for y = 1, #list do
          local g = list[y]
          done[g] = true
          if acts then
            local s, t = trim_the(g, HL[g])
            local e = sts[y]
            claim({ first = s, last = t, kind = e.kind, name = e.name,
                    country = e.country, code = e.code, key = e.key, why = "acting state" })
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
  for _, m in ipairs(data.metonyms()) do
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
local function partner(y)
  if not y then return true end
  local by = HL[y.first] and HB[y.first]
  if by and (by.cty or by.met) then return true end
  for i = y.first, math.min(N, y.first + 4) do
    local c = CLAIM[i]
    if c and (c.kind == "person" or c.kind == "country" or c.kind == "organization") then
      return true
    end
    if i > y.first and FL[i] & F_SS ~= 0 then break end
  end
  return false
end

local function step_typos()
  -- "between" (or "BETWEEN"): no match of P_TYPO without it (a plain search is cheaper)
  local txt = text_of_doc()
  local ms = (find(txt, "etween", 1, true) or find(txt, "ETWEEN", 1, true)) and P_TYPO:match(doc)
             or {}
  -- "X said": the word before a speech verb
  for _, f in ipairs(T.say or NONE) do
    local j = f - 1
    if j >= 1 and TYPO_VERB[HB[f].say[1].phrase] and not COV[j] and
       FL[j] & (F_CAP | F_UPPER) == F_CAP and #text1(j) > 5 then
      ms[#ms + 1] = { x = doc:span(j, j) }
    end
  end
  if #ms == 0 then return end
  local TT = typo_table()
  for _, m in ipairs(ms) do
    local x = m.x
    if x and x.first == x.last and not COV[x.first] and free(x.first, x.last) and
       partner(m.y) then
      local w = lower(x.text)
      local st = TT[w]
      if not st then
        for k = 2, #w do
          st = TT[w:sub(1, k - 1) .. w:sub(k + 1)]
          if st then break end
        end
      end
      if st and lower(st.name:sub(1, 1)) == w:sub(1, 1) and not data.given[w] and
         not place(x.first, x.first) then
        claim({ first = x.first, last = x.last, kind = st.kind, name = st.name,
                country = st.country, code = st.code, key = st.key, why = "misspelt state" })
      end
    end
  end
end

-- Nominal bodies with a country: "the Russian government", "Chinese troops", "Israel's army".
-- Written with capitals and not just by position ("the Foreign Ministry in Beijing"), the
-- same words are the proper name of an organisation.
local function step_nominals()
  local noms = T.nom
  if not noms then return end
  for x = 1, #noms do
    local f = noms[x]
    local l = HL[f]
    if (not CLAIM[f] and not BLOCK[f] and (l == f or free(f + 1, l))) then
      local nom = HB[f].nom[1]
      local p = f - 1
      local country, a
      -- skip one adjective ("US ground troops")
      local ph = p >= 1 and COV[p]
      if not ph and p >= 2 and FL[p] & F_LOWER ~= 0 and COV[p - 1] then
        ph = COV[p - 1]
      end
      local pb = ph and HB[ph]
      if pb and pb.dem and not CLAIM[ph] and not BLOCK[ph] then
        country, a = pb.dem[1].country, ph
      elseif pb and pb.cty and HL[ph] == p and FL[ph] & F_UPPER ~= 0 and not CLAIM[ph] then
        country, a = pb.cty[1].iso3, ph               -- "US troops"
      elseif p >= 2 and is_poss(p) then
        local c = CLAIM[p - 1]
        local hh = COV[p - 1]
        if c and c.kind == "country" then country = c.country
        elseif hh and HB[hh].cty then country = HB[hh].cty[1].iso3 end
        a = f
      end
      -- a proper name: every word capitalised, not only the sentence's first
      local proper = nom.proper and FL[l] & F_CAP ~= 0 and
                     not (f == l and FL[f] & F_SS ~= 0)
      if proper then
        for i = f, l do
          if FL[i] & F_WORD ~= 0 and FL[i] & F_CAP == 0 then proper = false end
        end
      end
      if proper then
        country = country or country_around(f, l)
        if a and a < f and not (pb and pb.dem) then a = f end
        a = a or f
      end
      if country or proper then
        local cn = country and data.country[country]
        local dem = cn and cn.demonym or country
        local name = dem and (dem .. " " .. nom.name) or text(f, l)
        local known = dem and data.org(lower(name))
        local kind = proper and "organization" or "group"
        if proper and not known then name = dem and (dem .. " " .. text(f, l)) or text(f, l) end
        local code = known and known.code or (country and (country .. (nom.sector or "")))
        local key
        if known then
          key = org_key(known)
        elseif proper then
          key = "org:" .. lower(name)
        else
          -- "British officials", "UK officials": one group, named as first written
          key = "group:" .. (code or "") .. ":" .. nom.name
          name = text(a, l)
        end
        claim({ first = a, last = l, kind = kind,
                name = known and known.name or name, country = country, code = code,
                key = key, why = "nominal" })
      end
    end
  end
end

-- ------------------------------------------------------------------ 7. more mentions

-- Other occurrences of names found in the document (surnames, acronyms): all of them in
-- one dictionary made for the document and one scan (linear in the text, however many
-- names). wanted: the texts, in order (the first of two same texts wins); what: text ->
-- { kind, candidate }. An occurrence is a whole token sequence written the same way, not
-- part of a hyphenated name ("Costa" in "Ferreira-Costa" is not "Costa").
local W_SURNAME, W_SAME, W_ACRONYM = 1, 2, 3

local function occurrences_all(wanted, what)
  local d = polis.dict(wanted)
  local ids = d:scan_ids(doc)
  for x = 1, #ids, 3 do
    local a, b = ids[x], ids[x + 1]
    local glued = (a > 1 and FL[a] & F_DASH == 0 and FL[a - 1] & F_DASH ~= 0 and
                   FL[a] & F_SB == 0) or
                  (b < N and FL[b + 1] & F_DASH ~= 0 and FL[b + 1] & F_SB == 0)
    if not glued and free(a, b) then
      local w = what[d:entries(ids[x + 2])[1].phrase]
      local kind, c = w[1], w[2]
      if kind == W_SURNAME then
        local h = COV[a]
        if not h or (h == a and HL[h] == b and HB[h].nameish) then
          claim({ first = a, last = b, kind = "person", person = c.person,
                  name = c.name, key = c.key, alias_of = c, why = "surname" })
        end
      elseif kind == W_SAME then
        if not COV[a] then
          claim({ first = a, last = b, kind = "person", name = c.name,
                  alias_of = c, why = "same name" })
        end
      else
        claim({ first = a, last = b, kind = c.kind, name = c.name, key = c.key,
                country = c.country, code = c.code, why = "acronym" })
      end
    end
  end
  d:close()
end

-- The surname forms of an unknown person's name (kept per name and country).
local SUR_MEMO, SUR_N = {}, 0
local function surnames_of(name, country)
  local m = SUR_MEMO[name]
  if not m then
    if SUR_N > 20000 then SUR_MEMO, SUR_N = {}, 0 end
    m = {}
    SUR_MEMO[name], SUR_N = m, SUR_N + 1
  end
  local ck = country or ""
  local forms = m[ck]
  if not forms then
    forms = data.surnames(name, country)
    m[ck] = forms
  end
  return forms
end

local STRONG_ONE_WORD = { title = true, scorer = true, ["name (country)"] = true, role = true }

local function step_more_mentions()
  local sof = S.surname_of
  -- surnames of the people found with a full name (known or not); one-word people found by
  -- a strong cue ("Mr Brandvold", "Ravanelli ( 34th )")
  local sur = {}
  local wanted, what = { case = "exact" }, {}
  local ones, singles
  for x = 1, #CANDS do
    local c = CANDS[x]
    if c.kind == "person" then
      if c.last > c.first then
        local p = c.person
        local forms
        if p then
          forms = p.surnames or NONE
        else
          forms = surnames_of(c.name, c.ctx and c.ctx.country)
        end
        for y = 1, #forms do
          local f = forms[y]
          if not sur[f] then
            sur[f] = c
            if p and not sof[f] then sof[f] = p end
            if #f >= 2 and not STOP[lower(f)] and not what[f] then
              wanted[#wanted + 1] = f
              what[f] = { W_SURNAME, c }
            end
          end
        end
      elseif not c.person and not c.alias_of then
        -- (the same candidates, for the last part below)
        if not singles then singles = {} end
        singles[#singles + 1] = c
        if STRONG_ONE_WORD[c.why] then
          if not ones then ones = {} end
          ones[#ones + 1] = c
        end
      end
    end
  end
  -- their other occurrences, written the same way
  if ones then
    for x = 1, #ones do
      local c = ones[x]
      local t = text1(c.first)
      if #t >= 3 and not data.given[lower(t)] and not sur[t] then
        sur[t] = c
        if not what[t] then
          wanted[#wanted + 1] = t
          what[t] = { W_SAME, c }
        end
      end
    end
  end
  -- acronyms defined in brackets, clubs of results lines
  local aliases = S.aliases
  if aliases then
    for x = 1, #aliases do
      local al = aliases[x]
      local t = al.text
      if not what[t] then
        wanted[#wanted + 1] = t
        what[t] = { W_ACRONYM, al.cand }
      end
    end
  end
  if #wanted > 0 then occurrences_all(wanted, what) end
  -- known surnames without a full name in the document ("Blair said", "Mr Putin")
  local surs = T.sur
  if surs then
    for x = 1, #surs do
      local f = surs[x]
      local by = HB[f]
      local l = HL[f]
      if by.nameish and (not CLAIM[f] and not BLOCK[f] and (l == f or free(f + 1, l))) and
         not (l < N and FL[l + 1] & F_SS == 0 and capword(l + 1)) and
         not (f > 1 and FL[f] & F_SS == 0 and capword(f - 1)) then
        local strong = false
        local ph = COV[f - 1]
        if ph and (HB[ph].hon or HB[ph].role) then strong = true end
        local known = sof[by.sur[1].surname]
        local person = known or by_surname(f, strong)
        if person then
          local ok = strong or known
          if not ok then
            -- a lone surname: must not be an ordinary word, a given name or a place, and
            -- must act, be possessive or be the party a verb or relation names ("met
            -- Erdogan", "talks with Erdogan")
            local t = text(f, l)
            local low = lower(t)
            -- (two or three letters only for a surname one known person has: "Xi", not
            -- "Li" or "Wu")
            ok = not data.given[low] and not STOP[low] and
                 (#t > 3 or (#t > 1 and #by.sur[1].people == 1)) and
                 (acts_after(l) or acts_before(f)) and not place(f, l)
          end
          if ok then
            claim(person_candidate(f, l, person, nil, "known surname"))
          end
        end
      end
    end
  end
  -- unknown one-word people ("Mr Hewitt", "Sir Digby") whose full name is in the document
  if singles then
    local part, partn
    for x = 1, #singles do
      local c = singles[x]
      local full = sur[c.name]
      if not full then
        if not part then
          part, partn = {}, {}
          for y = 1, #CANDS do
            local d = CANDS[y]
            if d.kind == "person" and d.last > d.first and not d.alias_of then
              local seen = {}
              for w in d.name:gmatch("[^%s%-]+") do
                if not seen[w] then
                  seen[w] = true
                  if part[w] ~= d then partn[w] = (partn[w] or 0) + 1 end
                  part[w] = d
                end
              end
            end
          end
        end
        if partn[c.name] == 1 then full = part[c.name] end
      end
      if full and full ~= c then
        c.alias_of = full; c.name = full.name; c.key = full.key; c.person = full.person
      end
    end
  end
end

-- ------------------------------------------------------------------ 7b. results lines

-- Sports results and tables in wire copy: a line that is only "Team 3 Other Team 1", or a
-- team followed by its table figures ("Rosenborg 10 8 1 1 25 6 25"). The teams are
-- organisations (clubs), except countries (national teams stay places for the location
-- rules) and known people.
local TEAM = [[([cap & word & !num] ([cap & word & !num] | and | of | de | "&" | ".")*)]]
-- (a line after "... on Wednesday :" may be in the colon's sentence)
local SCORERS = [[ ("(" [!")"]{1,30} ")")? ]]
local RESULT = TEAM .. "=t1 [num] " .. SCORERS .. TEAM .. "=t2 [num] " .. SCORERS .. ' "."? $'
-- (standings with percentages and games behind: "NEW YORK 74 58 .561 -", "BALTIMORE 70 63
-- .526 4 1/2")
local TABLE = TEAM .. '=t1 [num]{2,} [num | "." | "-" | "/"]* $'
-- Each pattern scan costs a test at every token: both kinds of lines in one pattern, twice:
-- anchored at the sentence start (tried there only) and after a colon (tried at colons).
local LINE = "(" .. RESULT .. " | " .. TABLE .. ")"
local RE_LINE, RE_LINE_COLON = polis.pattern("^ " .. LINE), polis.pattern('":" ' .. LINE)

-- The matches of "(^ | :) RESULT" and of "(^ | :) TABLE", each in text order. (A match
-- runs to the end of its sentence: a sentence matched from its start has no other match
-- of that kind; and a colon inside a match never starts one of the other kind.)
local function line_matches()
  local results, tables = {}, {}
  local seen_r, seen_t = {}, {}
  for _, m in ipairs(RE_LINE:match(doc)) do
    if m.t2 then
      results[#results + 1] = m
      seen_r[m.sentence] = true
    else
      tables[#tables + 1] = m
      seen_t[m.sentence] = true
    end
  end
  -- (a plain search first: most texts have no colon)
  local more = find(text_of_doc(), ":", 1, true) and RE_LINE_COLON:match(doc) or NONE
  if #more > 0 then
    for _, m in ipairs(more) do
      if m.t2 then
        if not seen_r[m.sentence] then results[#results + 1] = m end
      elseif not seen_t[m.sentence] then
        tables[#tables + 1] = m
      end
    end
    local function by_start(x, y) return x.first < y.first end
    table.sort(results, by_start)
    table.sort(tables, by_start)
  end
  return results, tables
end

local function team(sp)
  if not sp or not free(sp.first, sp.last) then return end
  local a, b = sp.first, sp.last
  for i = a, b do
    local f = COV[i]
    if f then
      local by = HB[f]
      if (by.cty or by.per or by.dem) and f == a and HL[f] == b then return end
    end
  end
  local t = text(a, b)
  if STOP[lower(t)] then return end
  local known = data.org(lower(t))
  claim({ first = a, last = b, kind = "organization", name = known and known.name or t,
          country = known and known.country, code = known and known.code,
          key = "org:" .. lower(known and known.name or t), why = "results line" })
end

-- scorers inside a results line: "( Ravello 34th , Dimas 67th )"
local RE_LINE_SCORER = polis.pattern([[ ("(" | ",") [cap & word & !num & !upper]{1,3}=name
  ([ordinal] | [num]) ]])

local function step_results()
  local found = false
  local results, tables = line_matches()
  for _, m in ipairs(results) do
    team(m.t1)
    team(m.t2)
    found = true
    for _, sm in ipairs(RE_LINE_SCORER:match(doc, m.sentence)) do
      local n = sm.name
      if n.first > m.first and n.last < m.last and free(n.first, n.last) and
         capword(n.first) then
        claim(person_candidate(n.first, n.last, nil, nil, "scorer"))
      end
    end
  end
  for _, m in ipairs(tables) do team(m.t1); found = true end
  if found then
    -- the clubs' names elsewhere in the text ("Ajax coach Morten Olsen") are mentions too
    S.aliases = S.aliases or {}
    for _, c in ipairs(CANDS) do
      if c.why == "results line" then
        S.aliases[#S.aliases + 1] = { text = text(c.first, c.last), cand = c }
      end
    end
  end
end

-- Results with nationalities: "Pete Sampras ( U.S. ) beat Mark Philippoussis ( Australia )",
-- "1. Kelli Mayweather ( Jamaica ) 10.92": a name right before a bracketed country is a
-- person (an athlete), unless it is a known body or place.
-- (the patterns start at the bracket; the name before it is read backwards)
-- Scorers in match reports: "Scorers : Ravello ( 34th ) , Dimas ( 67th pen )". (Both in one
-- pattern: one scan.)
local RE_BRACKET = polis.pattern([["(" ( [ordinal | num]=score ("," | pen | penalty | "pen." | og)? ")"
  | [cap]{1,3}=nat ")" ) ]])

-- The capitalised words right before token j (at most n), not claimed: first, last.
local function name_before(j, n, no_upper)
  local e = j - 1
  if e < 1 or not capword(e) or (no_upper and FL[e] & F_UPPER ~= 0) or FL[j] & F_SS ~= 0 then
    return nil
  end
  local a = e
  while a > 1 and e - a + 1 < n and capword(a - 1) and FL[a] & F_SS == 0 and
        not (no_upper and FL[a - 1] & F_UPPER ~= 0) do
    a = a - 1
  end
  return a, e
end

local function step_nationals()
  local scorers, nations = {}, {}
  local brackets = find(text_of_doc(), "(", 1, true) and RE_BRACKET:match(doc) or NONE
  for _, m in ipairs(brackets) do
    if m.score then scorers[#scorers + 1] = m else nations[#nations + 1] = m end
  end
  for _, m in ipairs(scorers) do
    local a, e = name_before(m.first, 3, true)
    if a and free(a, e) then
      local by = HL[a] and HB[a]
      if not (by and (by.org or by.cty or by.met or by.dem or by.role or by.hon)) and
         not place(a, e) then
        local p = by and by.sur and by_surname(a, false)
        claim(person_candidate(a, e, p or nil, nil, "scorer"))
      end
    end
  end
  for _, m in ipairs(nations) do
    local nat = m.nat
    local by = HL[nat.first] and HB[nat.first]
    local a, e
    if by and (by.cty or by.dem) and HL[nat.first] == nat.last then
      -- the name: the capitalised words right before "(", not claimed, at most 4
      a, e = name_before(m.first, 4, false)
    end
    if a then
      if free(a, e) and not place(a, e) then
        local bb = HL[a] and HB[a]
        if not (bb and (bb.org or bb.cty or bb.met or bb.dem) and HL[a] == e) then
          claim(person_candidate(a, e, nil, { country = by.cty and by.cty[1].iso3 or
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

-- (normalized words: the scan tests them by hash; the case is checked on the matches)
local P_PLURAL = polis.pattern([[ (the (two | three) | both) (officials | leaders | ministers |
  men | women | diplomats | presidents | envoys | counterparts | politicians) ]])
local PLURAL_FIRST = W.set [[ the The both Both ]]

-- "The two officials", "both leaders": as written ("the"/"both" with a lower- or upper-case
-- first letter, the rest lower case).
local function plural_as_written(m)
  if not PLURAL_FIRST[text1(m.first)] then return false end
  for i = m.first + 1, m.last do
    local w = text1(i)
    if w ~= NO[i] then return false end
  end
  return true
end

local function step_role_phrases()
  local out = {}
  for _, f in ipairs(T.role or NONE) do
    local by = HB[f]
    local l = HL[f]
    if (not CLAIM[f] and not BLOCK[f] and (l == f or free(f + 1, l))) and not by.per then
      local nx = l + 1
      local named = nx <= N and CLAIM[nx] and CLAIM[nx].kind == "person"
      if not named then
        local a, country = f, nil
        local i = f - 1
        while i >= 1 and ROLE_ADJ[NO[i]] do i = i - 1 end
        local ph = i >= 1 and COV[i]
        if ph and HL[ph] == i and HB[ph].dem then
          country = HB[ph].dem[1].country
          a = ph
          i = ph - 1
          while i >= 1 and ROLE_ADJ[NO[i]] do i = i - 1 end
        elseif i >= 2 and is_poss(i) and CLAIM[i - 1] and CLAIM[i - 1].kind == "country" then
          country = CLAIM[i - 1].country
          a = f
        end
        local det = i >= 1 and (NO[i] == "the" or (NO[i] == "'s" and country))
        local b = l
        -- "the president of Russia"
        if det and not country and b + 2 <= N and NO[b + 1] == "of" then
          local c = CLAIM[b + 2]
          if c and c.kind == "country" then country, b = c.country, c.last
          elseif HL[b + 2] and HB[b + 2].cty then country, b = HB[b + 2].cty[1].iso3, HL[b + 2] end
        end
        if det and free(a, b) then
          out[#out + 1] = { first = a, last = b, role = by.role[1], country = country }
        end
      end
    end
  end
  local t = text_of_doc()
  -- "the two officials", "both leaders" (the words as written, after "two " or "three " or
  -- "both ")
  local plural = (find(t, "two ", 1, true) or find(t, "three ", 1, true) or find(t, "oth ", 1, true))
                 and P_PLURAL:match(doc) or NONE
  for _, m in ipairs(plural) do
    if not plural_as_written(m) then goto next end
    local a = m.first
    if DET[NO[a]] then a = a + 1 end
    if free(a, m.last) then
      local w = NO[a]
      out[#out + 1] = { first = a, last = m.last, plural = W.NUMBER_WORD[w] or 2 }
    end
    ::next::
  end
  table.sort(out, function (x, y) return x.first < y.first end)
  S.role_phrases = out
end

local PROFILE = polis.option("actors.profile") and {} or nil
-- A one-word "person" found only by a speech verb ("Gartner said", "Nintendo has said") is
-- often a company, a regulator or a research firm: the rest of the text says which. Words
-- around its other occurrences that go with bodies ("analysts Gartner", "Nintendo
-- president", "Fiat shares", "Euronext, which") and none that go with people ("Mr Hewitt",
-- "Lleyton Hewitt", "Hewitt, who") make it an organisation.
local ORG_BEFORE = W.set [[ analyst analysts firm company group regulator watchdog maker
  carmaker giant bank agency operator retailer airline broadcaster network publisher insurer
  manufacturer producer distributor developer rival rivals partner supplier chain brand label
  studio conglomerate exchange consultancy consultants researchers ]]
local ORG_AFTER = W.set [[ president chairman chief spokesman spokeswoman spokesperson analyst
  analysts boss bosses executive executives director directors manager managers report
  reports shares stake products staff employees board plant plants unit units division
  subsidiary customers profits profit sales revenue results brand console consoles ]]
local PERSON_BEFORE = W.set [[ mr mrs ms miss dr sir lady lord dame ]]

-- A capitalised name right after a common noun for a kind of body: "Dutch brewer Heineken",
-- "US chipmaker Intel", "research firm Gartner", "the Italian carmaker Fiat". (Plural nouns
-- and nouns for people too - analysts, group, publisher, producer, developer - are left to
-- the other steps, and so is a name that starts with a known given name.)
local ORG_CUE = W.set [[ brewer carmaker automaker chipmaker drugmaker firm company bank
  airline broadcaster retailer insurer conglomerate giant regulator watchdog supermarket
  lender telecoms carrier ]]
-- Token j is no known entity, or only a given name or surname ("Merrill Lynch").
local function name_part(j)
  local h = COV[j]
  return not h or (HB[h].nameish and HL[h] == j)
end

-- The places of these cues, found by one token pattern run in C (the steps below read
-- only its matches, not every token): a body noun before a capitalised word, an initial, a
-- cricket scorecard letter between names.
local ORG_CUE_WORDS = {}
for w in pairs(ORG_CUE) do ORG_CUE_WORDS[#ORG_CUE_WORDS + 1] = w end
table.sort(ORG_CUE_WORDS)
local RE_CUES = polis.pattern("(" .. table.concat(ORG_CUE_WORDS, " | ") .. [[)=cue [cap & word]
  | [acronym & !upper & len=2]=ini
  | [cap | digit] (c | b | st | lbw)=ck [cap & word]
  | [cap & word & !sent_start]=apn "," the [cap]? ([lower]{0,2}) (arm | unit | subsidiary |
    division | ]] .. table.concat(ORG_CUE_WORDS, " | ") .. ")=apcue")

local function cue_matches()
  local m = S.cue_matches
  if not m then
    m = RE_CUES:match(doc)
    S.cue_matches = m
  end
  return m
end

local AP_NEXT = W.set [[ , . of behind that which based in owned controlled known best
  biggest largest ]]

local function step_org_cues()
  for _, m in ipairs(cue_matches()) do
    -- "Opel, the German arm of General Motors": an apposition that names a body
    local ap = m.apn
    if ap and m.apcue then
      local i = ap.first
      local nx = m.apcue.last < N and NO[m.apcue.last + 1] or ""
      -- (an apposition ends there or goes on with its own words; "At Gatwick, the company
      -- has written" is a place and a new clause; "Sidney Taurel, the company says" a name)
      if AP_NEXT[nx] and not CLAIM[i] and not BLOCK[i] and capword(i) and name_part(i) and
         FL[i] & F_SB ~= 0 and not capword(i - 1) and not data.given[NO[i]] and not place(i, i) then
        local t = text(i, i)
        claim({ first = i, last = i, kind = "organization", name = t, key = "org:" .. lower(t),
                why = "body apposition" })
      end
    end
    local i = m.cue and m.cue.first
    -- (not the end of a compound: "film-maker Spike Lee")
    if i and i > 1 and FL[i] & F_LOWER ~= 0 and FL[i] & F_SB ~= 0 and capword(i + 1) and
       FL[i + 1] & F_SS == 0 and name_part(i + 1) then
      local e = i + 1
      while e < N and e < i + 5 do
        if capword(e + 1) and FL[e + 1] & F_SS == 0 and name_part(e + 1) then
          e = e + 1
        elseif e + 2 <= N and FL[e + 1] & (F_DASH | F_SB) == F_DASH and FL[e + 2] & F_SB == 0 and
               capword(e + 2) then
          e = e + 2                                -- "F-Secure"
        else
          break
        end
      end
      if not place(i + 1, e) and not data.given[NO[i + 1]] then
        local t = text(i + 1, e)
        -- the country of a demonym before the noun ("Dutch brewer")
        local h = COV[i - 1]
        local dem = h and HB[h].dem and HB[h].dem[1]
        local iso = dem and dem.country or nil
        claim({ first = i + 1, last = e, kind = "organization", name = t, country = iso,
                code = iso and (iso .. "BUS") or nil, key = "org:" .. lower(t), why = "body noun" })
      end
    end
  end
end

-- People written with initials ("M. Atherton", "J. R. R. Tolkien"), and the fielders and
-- bowlers of cricket scorecards ("Atherton c Rashid Latif b Waqar Younis 31"): the initial
-- joins the name it stands before, claimed or not.
local CRICKET = W.set [[ c b st lbw ]]
local function cap_run(j)
  local e = j
  while e < N and e < j + 2 and capword(e + 1) and FL[e + 1] & F_SS == 0 do e = e + 1 end
  return e
end

local function step_initials()
  local after = 0                                  -- (initials already read)
  for _, m in ipairs(cue_matches()) do
    local ini, ck = m.ini, m.ck
    if ini and ini.first > after and not CLAIM[ini.first] and not BLOCK[ini.first] then
      local i = ini.first
      local j = i
      while j + 1 < N and FL[j + 1] & F_ACR ~= 0 and FL[j + 1] & F_UPPER == 0 and #NO[j + 1] == 2
            and FL[j + 1] & F_SS == 0 do
        j = j + 1
      end
      after = j
      local k = j + 1
      local c = CLAIM[k]
      if c and c.kind == "person" and c.first == k then
        for x = i, j do CLAIM[x] = c end
        c.first = i
        if not c.person then c.name = text(i, c.last) end
      elseif not c and k <= N and capword(k) and FL[k] & F_SS == 0 and not BLOCK[k] then
        local e = cap_run(k)
        if not place(k, e) and not STOP[lower(text(k, e))] then
          claim(person_candidate(i, e, nil, nil, "initials"))
        end
      end
    elseif ck then
      local i = ck.first
      if FL[i] & F_LOWER ~= 0 and capword(i + 1) and not CLAIM[i + 1] then
        local e = cap_run(i + 1)
        local nx = e < N and NO[e + 1] or ""
        if (CRICKET[nx] or (e < N and FL[e + 1] & F_DIGIT ~= 0)) and not place(i + 1, e) then
          claim(person_candidate(i + 1, e, nil, nil, "scorecard"))
        end
      end
    end
  end
end

local function step_org_or_person()
  local bodies
  for x = 1, #CANDS do
    local c = CANDS[x]
    if c.kind == "person" and c.first == c.last and not c.person and not (c.ctx and c.ctx.role) and
       not c.alias_of and (c.why or ""):find("^speech") then
      local w = NO[c.first]
      local org, person = 0, 0
      -- (the capitalised tokens by form, made once: a long text with many speakers stays
      -- linear)
      local at = S.caps_at
      if not at then
        at = {}
        for i = 1, N do
          if FL[i] & F_CAP ~= 0 then
            local l = at[NO[i]]
            if l then l[#l + 1] = i else at[NO[i]] = { i } end
          end
        end
        S.caps_at = at
      end
      for _, i in ipairs(at[w] or NONE) do
        do
          local pw, nw = i > 1 and NO[i - 1] or "", i < N and NO[i + 1] or ""
          local nw2 = i + 1 < N and NO[i + 2] or ""
          if PERSON_BEFORE[pw] or (i > 1 and FL[i - 1] & F_CAPWORD == F_CAPWORD and
             data.given[pw]) or (nw == "," and nw2 == "who") then
            person = person + 1
          elseif ORG_BEFORE[pw] or ORG_AFTER[nw] or (nw == "'s" and ORG_AFTER[nw2]) or
                 (nw == "," and nw2 == "which") then
            org = org + 1
          end
        end
      end
      if org > 0 and person == 0 then bodies = bodies or {}; bodies[c] = true end
    end
  end
  -- relabel each body and its other mentions in one pass
  if bodies then
    for y = 1, #CANDS do
      local d = CANDS[y]
      local c = bodies[d] and d or (d.alias_of and bodies[d.alias_of] and d.alias_of)
      if c then
        d.kind, d.key, d.why = "organization", "org:" .. lower(c.name), "speech verb, body"
      end
    end
  end
end

local STEPS = { { "results", step_results }, { "org_words", step_org_words },
                { "org_cues", step_org_cues },
                { "known", step_known }, { "nationals", step_nationals },
                { "cued_people", step_cued_people }, { "speech", step_speech },
                { "acronyms", step_acronyms }, { "states", step_states },
                { "typos", step_typos },
                { "nominals", step_nominals }, { "more_mentions", step_more_mentions },
                { "role_phrases", step_role_phrases }, { "initials", step_initials },
                { "org_or_person", step_org_or_person } }

function M.find(d)
  local t0 = PROFILE and os.clock()
  new_state(d)
  WORD_MEMO = {}
  if PROFILE then
    local t1 = os.clock()
    PROFILE.state = (PROFILE.state or 0) + t1 - t0
    for _, st in ipairs(STEPS) do
      local a = os.clock()
      st[2]()
      PROFILE[st[1]] = (PROFILE[st[1]] or 0) + os.clock() - a
    end
  else
    for k = 1, #STEPS do STEPS[k][2]() end
  end
  local s = S
  -- candidates in text order: their first tokens are distinct (a token has one claim), so
  -- sort the numbers (no Lua call per comparison) and put each candidate back
  local n = #CANDS
  if n > 1 then
    local firsts, at = {}, {}
    for x = 1, n do
      local c = CANDS[x]
      local f = c.first
      if at[f] then firsts = nil; break end
      firsts[x], at[f] = f, c
    end
    if firsts then
      table.sort(firsts)
      for x = 1, n do CANDS[x] = at[firsts[x]] end
    else
      table.sort(CANDS, function (x, y) return x.first < y.first end)
    end
  end
  -- the document's state is not kept beyond the call
  doc, FL, NO, TEXT, TXT, HL, HB, COV, T, CLAIM, BLOCK, CANDS, S = nil
  return s.cands, s
end

M.state = new_state
M.profile = PROFILE
return M
