-- lib.actors.emit: turn the candidates of lib.actors.find into actors.
--
-- Candidates with the same key are one actor. Its fields come from all its mentions: a
-- known person's office at the document date (chosen with the role the text gives, when it
-- gives one), an unknown person's role and country from the words around any mention.
local P = require "lib.actors.person"
local W = require "lib.actors.words"

local M = {}

-- --set actors.why=1 adds to each actor extra.why: the step that found each mention.
local WHY = require("polis").option("actors.why")

local function title_case(s)
  return (s:gsub("(%a)([%w']*)", function (a, b) return a:upper() .. b end))
end

-- The role, country and sector an unknown person gets from the context of a mention.
local function from_context(ctx, prev_role)
  if not ctx then return {} end
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
    if sec and sec ~= "" and sec ~= "IGO" and sec ~= "NGO" then f.sector = sec end
    if not f.country and ctx.org.code then f.orgcode = ctx.org.code end
  end
  return f
end

local function key_of(c)
  if c.key then return c.key end
  if c.kind == "person" then
    c.key = "person:" .. (c.person and c.person.name or c.name):lower()
  else
    c.key = c.kind .. ":" .. c.name:lower()
  end
  return c.key
end

function M.emit(doc, cands, date)
  date = date or doc.date
  local groups, order = {}, {}
  for _, c in ipairs(cands) do
    local k = key_of(c)
    local g = groups[k]
    if not g then
      g = { cands = {} }
      groups[k] = g
      order[#order + 1] = k
    end
    g.cands[#g.cands + 1] = c
  end
  -- fields per actor, in the order of first mentions
  local prev_role
  local fields = {}
  for _, k in ipairs(order) do
    local g = groups[k]
    local c1 = g.cands[1]
    local f = { name = c1.name, kind = c1.kind, country = c1.country, code = c1.code }
    if c1.kind == "person" then
      local ctxf
      for _, c in ipairs(g.cands) do
        if c.ctx and (c.ctx.role or c.ctx.hon or c.ctx.country or c.ctx.org) then
          local cf = from_context(c.ctx, prev_role)
          if not ctxf or (cf.role and not ctxf.role) then ctxf = cf end
          if ctxf.role and ctxf.country then break end
        end
      end
      ctxf = ctxf or {}
      local p = c1.person
      if p then
        local pf = P.fields(p, date, ctxf.role and ctxf.role:lower() or nil)
        f.name, f.country, f.code, f.role = p.name, pf.country, pf.code, pf.role
        if not f.role and ctxf.role then
          f.role = ctxf.role
          if f.country and ctxf.sector then f.code = f.country .. ctxf.sector end
        end
        f.extra = { office = pf.office, term = pf.status }
      else
        -- an unknown person (or one of a CAMEO dictionary, which brings its own code)
        f.role = ctxf.role
        f.country = ctxf.country or c1.country
        local sector = ctxf.sector
        if ctxf.country then f.code = ctxf.country .. (sector or "")
        elseif ctxf.orgcode then f.code = ctxf.orgcode
        elseif not f.code and f.country then f.code = f.country .. (sector or "") end
      end
      if f.role then prev_role = { role = f.role, sector = f.code and f.code:sub(4, 6) or nil } end
    end
    fields[k] = f
  end
  if WHY then
    for _, k in ipairs(order) do
      local w = {}
      for _, c in ipairs(groups[k].cands) do
        w[#w + 1] = doc:span(c.first, c.last).text .. ": " .. (c.why or "?")
      end
      fields[k].extra = fields[k].extra or {}
      fields[k].extra.why = w
    end
  end
  -- emit every mention: the first with the actor's fields, the others as mentions of it
  local ids, id_of = {}, {}
  for _, c in ipairs(cands) do
    local id = id_of[c.key]
    if id then
      doc:mention(id, { first = c.first, last = c.last })
    else
      local f = fields[c.key]
      id = doc:actor { name = f.name, kind = f.kind, country = f.country, code = f.code,
                       role = f.role, key = c.key, extra = f.extra,
                       span = { first = c.first, last = c.last } }
      id_of[c.key] = id
    end
    ids[c] = id
  end
  return ids
end

return M
