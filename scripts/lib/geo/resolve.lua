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
  pair = 10,          -- "Paris, Texas": the entry whose admin1/country follows
  cue = 3,            -- "the city of X", "the state of X", "the country of X"
  actor = 5,          -- an ACTOR annotation on the same tokens, of the entry's country
  country_ctx = 2.0,  -- times log2(1 + mentions of the entry's country elsewhere)
  admin1_ctx = 3,     -- the entry's admin1 (or, for an admin1, the admin1 itself) is elsewhere
  qualified = -3,     -- bare "Washington" read as Washington State
  near = 1.5,         -- within 300 km of another place of the document
}

local function log2(x) return math.log(x, 2) end

-- Words before a name that say what kind of place follows.
local CUE_KIND = {
  city = "city", town = "city", village = "city", capital = "city", port = "city",
  suburb = "city", municipality = "city",
  state = "admin1", province = "admin1", region = "admin1", county = "admin1",
  governorate = "admin1", prefecture = "admin1", oblast = "admin1",
  country = "country", nation = "country", republic = "country", kingdom = "country",
}

-- Place prepositions and verbs of movement: a weak cue that the next name is a place.
local PLACE_PREP = {}
for w in ([[in at near from to into across outside inside throughout around toward towards
  via visiting visit visited visits entering entered leaving left reached arrived
  across between across northern southern eastern western central rural downtown]]):gmatch("%S+") do
  PLACE_PREP[w] = true
end

-- Capitalized words that may stand right before a place without making it a
-- part of a name ("In London", "President Obama" is not a place anyway).
local CAP_OK_BEFORE = {}
for w in ([[in at near from to into the a an and or but of for on by with as after before
  since during while when where while across outside inside throughout around toward towards
  via visiting northern southern eastern western central north south east west northeast
  northwest southeast southwest greater rural downtown upstate mainland metropolitan
  "]]):gmatch("%S+") do
  CAP_OK_BEFORE[w] = true
end

-- Capitalized words that may follow a place: months, days, titles, generic place words.
local CAP_OK_AFTER = {}
for w in ([[monday tuesday wednesday thursday friday saturday sunday january february
  march april may june july august september october november december
  president prime minister governor mayor premier police army state province region
  county city district government officials authorities health department ministry
  residents province's i]]):gmatch("%S+") do
  CAP_OK_AFTER[w] = true
end

-- Heads of organization names: a place right before one is part of the name
-- ("New York Times", "Kenya Airways") when the actor rules have not said so.
local ORG_HEAD = {}
for w in ([[times post herald journal tribune daily gazette chronicle telegraph globe
  mail star sun news airways airlines air university college institute bank fc united
  rovers city's]]):gmatch("%S+") do
  ORG_HEAD[w] = true
end

-- The kind of item an actor annotation belongs to (person, organization, ...).
local function actor_of(doc, cache, i)
  local a = doc:covering("ACTOR", i)
  if not a then return nil end
  local id = a.item
  local v = id and cache[id]
  if v == nil and id then
    local it = doc:get(id)
    v = it and { kind = it.kind, country = it.country } or false
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

-- Is the token at i a capitalized word (not punctuation)?
local function capword(doc, i)
  return doc:is(i, "cap") and doc:is(i, "word")
end

-- Collect the mentions: gazetteer hits that survive the filters.
local function collect(doc, hits, stop)
  local ntok = doc.ntokens
  local hit_at, hit_end = {}, {}
  for k, h in ipairs(hits) do
    hit_at[h.first] = k
    hit_end[h.last] = k
  end
  local actors = {}
  local ms = {}
  for k, h in ipairs(hits) do
    local m = { span = h, text = h.text, low = h.text:lower(), first = h.first, last = h.last,
                entries = h.entries, k = k }
    local drop = false
    -- 1. Part of an actor's name, or the actor itself.
    local a, ai = actor_of(doc, actors, h.first)
    if a then
      local longer = a.first < h.first or a.last > h.last
      local kind = ai and ai.kind
      if kind == "person" or kind == "organization" or kind == "group" then
        if longer then
          drop = true
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
    -- 2. Part of a longer capitalized name the actor rules did not see.
    if not drop then
      local all_small = true
      for _, e in ipairs(h.entries) do
        local kd = e.kind
        if kd ~= "city" and kd ~= "place" then all_small = false break end
      end
      local p, n = h.first - 1, h.last + 1
      if p >= 1 and capword(doc, p) and not hit_end[p] then
        local w = doc:norm(p)
        if not CAP_OK_BEFORE[w] and all_small and not (doc:is(p, "sent_start") and PLACE_PREP[w]) then
          drop = true
        end
      end
      if not drop and n <= ntok and capword(doc, n) and not hit_at[n] then
        local w = doc:norm(n)
        if ORG_HEAD[w] then
          drop = true
        elseif all_small and not CAP_OK_AFTER[w] and doc:token(n).sentence == doc:token(h.last).sentence then
          drop = true
        end
      end
    end
    if not drop then
      -- Cue words before the name.
      local prev = h.first - 1
      if prev >= 1 and doc:norm(prev) == "of" then prev = prev - 1 end
      local w = prev >= 1 and doc:norm(prev) or nil
      if w and prev < h.first - 1 then
        m.cue = CUE_KIND[w]
      elseif w == "capital" or w == "city" or w == "town" or w == "village" then
        m.cue = "city"
      end
      local pw = h.first > 1 and doc:norm(h.first - 1) or nil
      m.prep = pw and (PLACE_PREP[pw] or (pw == "the" and h.first > 2 and PLACE_PREP[doc:norm(h.first - 2)])) or false
      m.stop = stop[h.text] or false
      ms[#ms + 1] = m
    end
  end
  return ms
end

-- "City, Region": mark pairs. m.pair = { admin1 = name } or { country = iso };
-- the region's mention gets m.forced when it resolves the pair.
local function pairs_of(doc, ms)
  local by_first = {}
  for _, m in ipairs(ms) do by_first[m.first] = m end
  local extra = {}
  for _, m in ipairs(ms) do
    local c = m.last + 1
    if c < doc.ntokens and doc:word(c) == "," then
      local n = by_first[c + 1]
      local ok = {}
      for _, e in ipairs(m.entries) do
        local i = gd.info(e)
        if i.kind == "city" or i.kind == "admin1" or i.kind == "place" or i.kind == "region" then
          local target
          if n then
            if i.admin1 and gd.admin1_forms(i.admin1)[n.low] then
              target = gd.admin1(i.country, i.admin1)
            end
            if not target and i.country then
              for _, ne in ipairs(n.entries) do
                if ne.kind == "country" and ne.country == i.country then target = gd.info(ne) break end
              end
            end
            if not target and i.country and i.kind == "city" then
              -- the region is an admin1 of the same country whose name the city's admin1 lacks
              for _, ne in ipairs(n.entries) do
                if ne.kind == "admin1" and ne.country == i.country and ne.phrase == i.admin1 then
                  target = gd.info(ne) break
                end
              end
            end
          elseif i.country and i.admin1 then
            local w = doc:word(c + 1)
            local last = c + 1
            if c + 2 <= doc.ntokens and doc:word(c + 2) == "." and #w <= 4 then last = c + 2 end
            local name = abbrev.admin1(i.country, w)
            if name and name == i.admin1 then
              target = gd.admin1(i.country, i.admin1)
              if target then
                ok[#ok + 1] = { e = i, target = target, abbrev = { first = c + 1, last = c + 1 } }
                target = nil
              end
            end
          end
          if target then ok[#ok + 1] = { e = i, target = target, n = n } end
        end
      end
      if #ok > 0 then
        m.pair = {}
        for _, p in ipairs(ok) do m.pair[p.e] = true end
        -- The region follows the best such city (highest prior).
        table.sort(ok, function (a, b)
          if a.e.prior ~= b.e.prior then return a.e.prior > b.e.prior end
          return a.e.key < b.e.key
        end)
        local best = ok[1]
        if best.n then
          best.n.forced = best.n.forced or best.target
        elseif best.abbrev then
          extra[#extra + 1] = { span = best.abbrev, forced = best.target }
        end
      end
    end
  end
  return extra
end

-- Candidate infos of a group of mentions (one name).
local function candidates(g)
  local seen, list = {}, {}
  for _, m in ipairs(g.ms) do
    for _, e in ipairs(m.entries) do
      local i = gd.info(e)
      if not seen[i] then seen[i] = true list[#list + 1] = i end
    end
  end
  if #g.ms[1].span.text > 2 then
    for _, i in ipairs(gd.qualified_admin1(g.ms[1].span.text)) do
      if not seen[i] then seen[i] = true list[#list + 1] = i g.qualified = g.qualified or {} g.qualified[i] = true end
    end
  end
  return list
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
    local n = (ctx.country[i.country] or 0) - (g.contrib_c[i.country] or 0)
    if n > 0 then s = s + W.country_ctx * log2(1 + n) end
  end
  local ak
  if i.kind == "city" and i.admin1 then ak = i.country .. "|" .. i.admin1
  elseif i.kind == "admin1" then ak = (i.country or "") .. "|" .. i.phrase end
  if ak then
    local n = (ctx.admin1[ak] or 0) - (g.contrib_a[ak] or 0)
    if n > 0 then s = s + W.admin1_ctx end
  end
  if (i.kind == "city" or i.kind == "admin1" or i.kind == "place") and i.lat then
    for _, p in ipairs(ctx.points) do
      if p.g ~= g and distance(i, p.i) < 300 then s = s + W.near break end
    end
  end
  return s
end

-- Resolve the groups; returns nothing, sets g.res.
local function resolve_groups(groups, base_ctx)
  for _, g in ipairs(groups) do
    g.contrib_c, g.contrib_a = {}, {}
    local best, bs
    for _, i in ipairs(g.cands) do
      local s = local_score(g, i)
      g.ls[i] = s
      if not best or better(i, s, best, bs) then best, bs = i, s end
    end
    g.res = g.forced or best
  end
  for _ = 1, 2 do
    -- context from the current resolutions
    local ctx = { country = {}, admin1 = {}, points = {} }
    for c, n in pairs(base_ctx) do ctx.country[c] = n end
    for _, g in ipairs(groups) do
      local i = g.res
      local n = #g.ms
      if i.country then
        local w = i.kind == "country" and math.min(n, 3) or 1
        ctx.country[i.country] = (ctx.country[i.country] or 0) + w
        g.contrib_c = { [i.country] = w }
      else
        g.contrib_c = {}
      end
      g.contrib_a = {}
      local ak
      if i.kind == "city" and i.admin1 then ak = i.country .. "|" .. i.admin1
      elseif i.kind == "admin1" then ak = (i.country or "") .. "|" .. i.phrase end
      if ak then
        ctx.admin1[ak] = (ctx.admin1[ak] or 0) + 1
        g.contrib_a[ak] = 1
      end
      if (i.kind == "city" or i.kind == "admin1") and i.lat and #g.cands == 1 then
        ctx.points[#ctx.points + 1] = { g = g, i = i }
      end
    end
    for _, g in ipairs(groups) do
      if not g.forced and #g.cands > 1 then
        local best, bs
        for _, i in ipairs(g.cands) do
          local s = g.ls[i] + context_score(i, g, ctx)
          if not best or better(i, s, best, bs) then best, bs = i, s end
        end
        g.res = best
      end
    end
  end
end

-- Countries named by demonyms and by actors: a weak context.
local function base_context(doc)
  local ctx = {}
  for _, h in ipairs(gd.demonyms():scan(doc)) do
    local c = h.entry.country
    if c and c ~= "" and #h.entries == 1 then ctx[c] = (ctx[c] or 0) + 0.5 end
  end
  for _, a in ipairs(doc:actors()) do
    if a.country then ctx[a.country] = (ctx[a.country] or 0) + 0.5 end
  end
  return ctx
end

-- The places of the document: { { span = {first,last}, info = gazetteer info, text } ... }.
function M.places(doc)
  local hits = gd.gazetteer():scan(doc)
  if #hits == 0 then return {} end
  local ms = collect(doc, hits, gd.stoplist())
  if #ms == 0 then return {} end
  local extra = pairs_of(doc, ms)

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
  local base = base_context(doc)
  resolve_groups(kept, base)
  if #pending > 0 then
    local present = {}
    for _, g in ipairs(kept) do if g.res.country then present[g.res.country] = true end end
    for c, n in pairs(base) do if n >= 1 then present[c] = true end end
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
      resolve_groups(kept, base)
    end
  end

  local out = {}
  for _, g in ipairs(kept) do
    for _, m in ipairs(g.ms) do
      out[#out + 1] = { span = { first = m.first, last = m.last }, info = g.res, text = m.text }
    end
  end
  for _, x in ipairs(extra) do
    out[#out + 1] = { span = x.span, info = x.forced, text = nil }
  end
  table.sort(out, function (a, b) return a.span.first < b.span.first end)
  return out
end

M.weights = W
return M
