-- lib.actors.person: which office a known person holds at the document's date, and the
-- actor code that follows from it.
--
--   local term, status = person.term(p, date, ctx)
--     p     a person record of lib.actors.data (p.terms: { role, sector, start, stop, country,
--           org, office })
--     date  the document date (YYYY-MM-DD) or nil
--     ctx   optional: the role the text gives the person ("Foreign Minister"), lower case
--   status: "office" (a term contains the date), "former" (the date is after the person's
--           terms), "before" (before every term), "undated" (no date: the best-known office)
local data = require "lib.actors.data"

local M = {}

-- How well known an office is: the lower, the better known (used without a date and to
-- break ties between two terms that both contain the date).
local OFFICE_RANK = {
  head_of_state = 1, head_of_government = 1, org_head = 2, deputy_head_of_state = 3,
  deputy_head_of_government = 3, foreign_minister = 3, defence_minister = 3,
  finance_minister = 4, interior_minister = 4, opposition_leader = 4, party_leader = 4,
  security_adviser = 4, un_ambassador = 5, legislature_head = 5, military_chief = 5,
  intelligence_chief = 5, spokesperson = 6,
}

local function in_term(date, t)
  if t.start and t.start ~= "" and date < t.start then return false end
  if t.stop and t.stop ~= "" and date >= t.stop then return false end
  return true
end

-- Does the role the text gives match the term's role? ("president" ~ "President",
-- "foreign minister" ~ "Foreign Minister", "leader" ~ "Supreme Leader").
local function role_match(ctx, t)
  if not ctx or not t.role then return false end
  local r = t.role:lower()
  return r == ctx or r:find(ctx, 1, true) ~= nil or ctx:find(r, 1, true) ~= nil
end

local function score(t, ctx)
  local s = 0
  -- (the role as written beats one that only contains it: "President" is not "Deputy
  -- President")
  if role_match(ctx, t) then s = s - (t.role:lower() == ctx and 150 or 100) end
  s = s + (OFFICE_RANK[t.office or ""] or 8) * 4
  if t.sector == "ELI" then s = s + 20 end
  return s
end

-- Prefer the better term: lower score, then the later start.
local function better(a, b, ctx)
  local sa, sb = score(a, ctx), score(b, ctx)
  if sa ~= sb then return sa < sb end
  return (a.start or "") > (b.start or "")
end

function M.term(p, date, ctx)
  local best
  if date then
    for _, t in ipairs(p.terms) do
      if in_term(date, t) and (not best or better(t, best, ctx)) then best = t end
    end
    if best then return best, "office" end
    -- after the terms: the last one that ended before the date
    for _, t in ipairs(p.terms) do
      if t.start and t.start ~= "" and t.start <= date then
        if not best or (t.stop or "") > (best.stop or "") or
           ((t.stop or "") == (best.stop or "") and better(t, best, ctx)) then
          best = t
        end
      end
    end
    if best then return best, "former" end
    return nil, "before"
  end
  -- without a date: the role the text gives (as written, then contained), then an office
  -- held now (no end; a "former" row is no office), then the better
  local function current(t) return (not t.stop or t.stop == "") and t.sector ~= "ELI" end
  local function role_level(t)
    if not role_match(ctx, t) then return 0 end
    return t.role:lower() == ctx and 2 or 1
  end
  local best_l, best_c
  for _, t in ipairs(p.terms) do
    local l, c = role_level(t), current(t)
    if not best or l > best_l or (l == best_l and c and not best_c) or
       (l == best_l and c == best_c and better(t, best, ctx)) then
      best, best_l, best_c = t, l, c
    end
  end
  return best, "undated"
end

-- The actor code of an organisation named by its acronym or name ("UN" -> "IGOUNO").
function M.org_code(name)
  if not name then return nil end
  local rec = data.org(name:lower())
  return rec and rec.code or nil, rec
end

-- Fields of a known person at the date: country, code, role, sector.
function M.fields(p, date, ctx)
  local t, status = M.term(p, date, ctx)
  local country = (t and t.country) or p.country
  if country == "" then country = nil end
  local role, sector = t and t.role, t and t.sector
  if status == "former" and sector ~= "ELI" then
    role = role and ("Former " .. role) or nil
    sector = "ELI"
  elseif status == "before" then
    role, sector = nil, nil
  end
  local code
  if t and t.org and status ~= "former" then
    code = M.org_code(t.org)
  end
  if not code and country then code = country .. (sector or "") end
  return { country = country, code = code, role = role, sector = sector, status = status,
           office = t and t.office ~= "" and t.office or nil, org = t and t.org or nil }
end

return M
