-- lib.actors.emit: turn the candidates of lib.actors.find into actors.
--
-- Candidates with the same key are one actor. Its fields come from all its mentions: a
-- known person's office at the document date (chosen with the role the text gives, when it
-- gives one), an unknown person's role and country from the words around any mention.
local P = require "lib.actors.person"

local M = {}
local lower = string.lower

-- --set actors.why=1 adds to each actor extra.why: the step that found each mention.
local WHY = require("polis").option("actors.why")

local function title_case(s)
  return (s:gsub("(%a)([%w']*)", function (a, b) return a:upper() .. b end))
end

-- Roles that take their sector from the body they are in ("Conservative leader", "party
-- chairman"), not from the role alone.
local BODY_ROLE = {}
for w in ("leader chairman chairwoman chair head chief member spokesman spokeswoman " ..
          "spokesperson official secretary general secretary-general treasurer"):gmatch("%S+") do
  BODY_ROLE[w] = true
end

-- The role, country and sector an unknown person gets from the context of a mention.
local function from_context(ctx, prev_role)
  local f = {}
  local r = ctx.role
  if r then
    if r.phrase == "counterpart" and prev_role then
      f.role, f.sector = prev_role.role, prev_role.sector
    elseif r.phrase ~= "counterpart" then
      f.role, f.sector = r.role, r.sector ~= "" and r.sector or nil
    end
    if ctx.words and f.role then f.role = title_case(ctx.words) .. " " .. f.role end
  elseif ctx.hon then
    f.role, f.sector = ctx.hon.role, ctx.hon.sector
  end
  f.country = ctx.country
  if ctx.org then
    f.org = ctx.org
    f.country = f.country or ctx.org.country
    local sec = ctx.org.sector
    -- (a party says less than an office: "Georgia's Republican governor" governs, GOV;
    -- "Labour MP" legislates, LEG)
    local role = (r and r.role) or (ctx.hon and ctx.hon.role) or ""
    local office = (f.sector == "GOV" or f.sector == "LEG" or f.sector == "JUD" or
                    f.sector == "MIL") and not BODY_ROLE[lower(role)]
    if sec and sec ~= "" and sec ~= "IGO" and sec ~= "NGO" and not (sec == "PTY" and office) then
      f.sector = sec
    end
    if not f.country and ctx.org.code then f.orgcode = ctx.org.code end
  end
  return f
end

-- Keys of people without one: "person:" + the lower-case name (kept per name: the same
-- names come back document after document).
local PKEY, PKEY_N = {}, 0
local function person_key(name)
  local k = PKEY[name]
  if not k then
    if PKEY_N > 20000 then PKEY, PKEY_N = {}, 0 end
    k = "person:" .. lower(name)
    PKEY[name], PKEY_N = k, PKEY_N + 1
  end
  return k
end

local function key_of(c)
  local k = c.key
  if k then return k end
  if c.kind == "person" then
    k = person_key(c.person and c.person.name or c.name)
  else
    k = c.kind .. ":" .. lower(c.name)
  end
  c.key = k
  return k
end

-- The fields of a person's actor from its candidates (cs: the candidates of one key, in
-- text order).
local function person_fields(cs, c1, date, prev_role)
  local ctxf
  for x = 1, #cs do
    local ctx = cs[x].ctx
    if ctx and (ctx.role or ctx.hon or ctx.country or ctx.org) then
      local cf = from_context(ctx, prev_role)
      if not ctxf or (cf.role and not ctxf.role) then ctxf = cf end
      if ctxf.role and ctxf.country then break end
    end
  end
  local f = { name = c1.name, kind = "person", country = c1.country, code = c1.code }
  local p = c1.person
  if p then
    local pf = P.fields(p, date, ctxf and ctxf.role and lower(ctxf.role) or nil)
    f.name, f.country, f.code, f.role = p.name, pf.country, pf.code, pf.role
    if not f.role and ctxf and ctxf.role then
      f.role = ctxf.role
      if f.country and ctxf.sector then f.code = f.country .. ctxf.sector end
    end
    f.extra = { office = pf.office, term = pf.status }
  elseif ctxf then
    -- an unknown person (or one of a CAMEO dictionary, which brings its own code)
    f.role = ctxf.role
    f.country = ctxf.country or c1.country
    local sector = ctxf.sector
    if ctxf.country then f.code = ctxf.country .. (sector or "")
    elseif ctxf.orgcode then f.code = ctxf.orgcode
    elseif not f.code and f.country then f.code = f.country .. (sector or "") end
  elseif not f.code and f.country then
    f.code = f.country
  end
  return f
end

-- Emit the candidates (sorted by first token): the first mention of each actor with its
-- fields, the others as mentions of it. Returns key -> actor id.
function M.emit(doc, cands, date)
  date = date or doc.date
  local n = #cands
  if n == 0 then return {} end
  -- the candidates of each key, keys in the order of first mentions
  local groups, order = {}, {}
  for x = 1, n do
    local c = cands[x]
    local k = c.key or key_of(c)
    local g = groups[k]
    if not g then
      groups[k] = { c }
      order[#order + 1] = k
    else
      g[#g + 1] = c
    end
  end
  -- fields per actor, in the order of first mentions (a person's "counterpart" takes the
  -- role of the person before)
  local prev_role
  local fields = {}
  for x = 1, #order do
    local k = order[x]
    local g = groups[k]
    local c1 = g[1]
    local f
    if c1.kind == "person" then
      f = person_fields(g, c1, date, prev_role)
      if f.role then prev_role = { role = f.role, sector = f.code and f.code:sub(4, 6) or nil } end
    else
      f = { name = c1.name, kind = c1.kind, country = c1.country, code = c1.code }
    end
    fields[k] = f
  end
  if WHY then
    for _, k in ipairs(order) do
      local w = {}
      for _, c in ipairs(groups[k]) do
        w[#w + 1] = doc:span(c.first, c.last).text .. ": " .. (c.why or "?")
      end
      fields[k].extra = fields[k].extra or {}
      fields[k].extra.why = w
    end
  end
  -- emit every mention: the first with the actor's fields, the others as mentions of it
  -- (a candidate is a span: it has first and last)
  local id_of = {}
  for x = 1, n do
    local c = cands[x]
    local k = c.key
    local id = id_of[k]
    if id then
      doc:mention(id, c)
    else
      local f = fields[k]
      id_of[k] = doc:actor { name = f.name, kind = f.kind, country = f.country, code = f.code,
                             role = f.role, key = k, extra = f.extra, span = c }
    end
  end
  return id_of
end

return M
