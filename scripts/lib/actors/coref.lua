-- lib.actors.coref: role phrases that refer back to people already named.
--
--   "Chinese Foreign Minister Wang Yi ... The Chinese foreign minister also met ..."
--   "Jake Sullivan ... Wang Yi ... The two officials had candid discussions"
--
-- A role phrase ("the Chinese foreign minister", "the president of Russia") joins the
-- nearest person named before it whose role matches (and whose country matches, when the
-- phrase names one). "The two officials" / "both leaders" join the two (or three) people
-- named last before it, each getting the mention. Phrases that match nobody stay unlinked.
local M = {}

-- Roles that are other names of an office ("the top diplomat" is the foreign minister).
local SAME = {
  ["top diplomat"] = "foreign minister", ["foreign secretary"] = "foreign minister",
  ["secretary of state"] = "foreign minister", ["defence secretary"] = "defence minister",
  ["defense secretary"] = "defence minister", ["secretary of defense"] = "defence minister",
  ["premier"] = "prime minister", ["pm"] = "prime minister",
  ["treasury secretary"] = "finance minister", ["chancellor of the exchequer"] = "finance minister",
  ["home secretary"] = "interior minister",
}
-- The generic office a role names, from people.tsv's office keys.
local OFFICE = {
  ["foreign minister"] = "foreign_minister", ["defence minister"] = "defence_minister",
  ["prime minister"] = "head_of_government", ["president"] = "head_of_state",
  ["finance minister"] = "finance_minister", ["interior minister"] = "interior_minister",
}
-- Generic roles that match any office of their kind.
local GENERIC = { leader = { head_of_state = true, head_of_government = true, org_head = true,
                             opposition_leader = true, party_leader = true },
                  minister = "minister", official = true, diplomat = "diplomat" }

local function norm_role(r)
  r = (r or ""):lower():gsub("^former ", ""):gsub("^acting ", "")
  return SAME[r] or r
end

-- Does a person actor fit the role phrase?
local function fits(a, role, country)
  if a.kind ~= "person" then return false end
  if country and a.country ~= country then return false end
  local want = norm_role(role.role)
  local have = norm_role(a.role)
  local office = a.extra and a.extra.office
  if want == have then return true end
  if have ~= "" and (have:find(want, 1, true) or want:find(have, 1, true)) then return true end
  if OFFICE[want] and office == OFFICE[want] then return true end
  local g = GENERIC[want]
  if type(g) == "table" then return office and g[office] or false end
  if g == "minister" then return have:find("minister", 1, true) ~= nil or have:find("secretary", 1, true) ~= nil end
  if g == "diplomat" then return office == "foreign_minister" or have:find("ambassador", 1, true) ~= nil end
  if g == true then return country ~= nil end
  return false
end

-- How far back a role phrase looks: the last WINDOW mentions of people before it.
local WINDOW = 40

-- Link the role phrases of the document (S.role_phrases from lib.actors.find). One pass
-- over people's mentions and the phrases in text order, with a window of the last mentions:
-- linear in the length of the document.
function M.link(doc, phrases)
  if not phrases or #phrases == 0 then return end
  local people = {}
  local text = doc.text
  for _, a in ipairs(doc:actors()) do
    if a.kind == "person" then
      for _, m in ipairs(a.mentions) do
        -- a possessor ("Joe Biden's adviser") is not one of "the two officials"
        local after = text:sub(m.stop + 1, m.stop + 4)
        local poss = after:find("^'s") or after:find("^\226\128\153s")
        people[#people + 1] = { a = a, start = m.start, poss = poss }
      end
    end
  end
  if #people == 0 then return end
  table.sort(people, function (x, y) return x.start < y.start or (x.start == y.start and x.a.id < y.a.id) end)
  local win, n = {}, 0              -- ring of the last WINDOW mentions
  local function push(p)
    n = n + 1
    win[(n - 1) % WINDOW + 1] = p
  end
  local k = 1
  for _, ph in ipairs(phrases) do
    local span = doc:span(ph.first, ph.last)
    while k <= #people and people[k].start < span.start do
      push(people[k])
      k = k + 1
    end
    local lo = math.max(1, n - WINDOW + 1)
    if ph.plural then
      local got, seen = {}, {}
      for j = n, lo, -1 do
        local p = win[(j - 1) % WINDOW + 1]
        if not seen[p.a.id] and not p.poss then
          seen[p.a.id] = true
          got[#got + 1] = p.a.id
          if #got == ph.plural then break end
        end
      end
      if #got == ph.plural then
        table.sort(got)
        for _, id in ipairs(got) do doc:mention(id, span) end
      end
    else
      for j = n, lo, -1 do
        local p = win[(j - 1) % WINDOW + 1]
        if fits(p.a, ph.role, ph.country) then
          doc:mention(p.a.id, span)
          -- the phrase is now a mention of that person, for the phrases after it
          push({ a = p.a, start = span.start })
          break
        end
      end
    end
  end
end

return M
