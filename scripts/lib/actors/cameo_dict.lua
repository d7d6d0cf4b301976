-- lib.actors.cameo_dict: read CAMEO actor dictionaries in the TABARI / PETRARCH format, so
-- that polis codes actors with dictionaries a user already has:
--
--   polis analyze --set cameo.actors=Phoenix.Countries.actors.txt \
--                 --set cameo.actors.2=Phoenix.International.actors.txt articles.jsonl
--
-- The format (TABARI manual, PETRARCH2 dictionaries):
--
--   BARACK_OBAMA                      an entry: words joined by _, a trailing _ = whole word
--   +PRESIDENT_BARACK_OBAMA           a synonym of the entry above
--   	[USAELI 640101-010120]          a code for a date range (YYMMDD or YYYYMMDD)
--   	[USAGOV 010120-090120]
--   	[USAELI]                        the code outside every range
--   AFGHANISTAN_  [AFG]               an entry with its code on the same line
--   	[USAGOV >090120]                after a date;  [X <090120] before a date
--   # comment, ; comment              comments (whole line or rest of a line)
--   !PERSON! = MAN, WOMAN             a macro of the agents file (not read here)
--
-- Six-digit dates are YYMMDD; years 00-20 are 2000-2020, the others 19YY (the Phoenix
-- dictionaries end in 2015 and start in the 1930s).
--
-- M.load(path) returns { entries = { ... }, phrases = n, seconds = s }, each entry
--   { name = "Barack Obama", phrases = { "Barack Obama", "President Barack Obama", ... },
--     codes = { { code = "USAGOV", from = "2001-01-20", to = "2009-01-20" }, ... },
--     default = "USAELI", dated = true }
-- M.code_at(entry, date) gives the entry's code at a date (YYYY-MM-DD or nil).
local polis = require "polis"

local M = {}

local FUNCTION_WORDS = {
  ["of"] = true, ["the"] = true, ["and"] = true, ["for"] = true, ["in"] = true, ["on"] = true,
  ["de"] = true, ["la"] = true, ["le"] = true, ["du"] = true, ["des"] = true, ["al"] = true,
  ["el"] = true, ["bin"] = true, ["ibn"] = true, ["to"] = true, ["a"] = true, ["an"] = true,
  ["at"] = true, ["by"] = true, ["with"] = true, ["von"] = true, ["van"] = true, ["der"] = true,
}

-- "PRESIDENT_OF_THE_UNITED_STATES_" -> "President of the United States" (matched with case
-- caps: the capitalised words must be capitalised in the text, so "Nato" also matches
-- "NATO"); a lone word of up to three capitals ("US", "UN", "U.S.") must match exactly as
-- written, so that "us" is not the United States.
local FW = {}
for w in pairs(FUNCTION_WORDS) do FW[" " .. w:sub(1, 1):upper() .. w:sub(2)] = " " .. w end

local function phrase_of(raw)
  local s = raw:gsub("^%+", ""):gsub("_+$", ""):gsub("[_%s]+", " ")
  s = s:match("^ ?(.-) ?$")
  if s == "" then return nil end
  if not s:find(" ", 1, true) and s:find("^[%u%.%d&%-]+$") and #s:gsub("%.", "") <= 3 then
    return s, "exact"                                -- US, UN, U.S.: never "us", "un"
  end
  -- AL-QAEDA_IN_THE_ISLAMIC_MAGHREB -> Al-Qaeda in the Islamic Maghreb
  s = s:lower():gsub("%f[%a]%a", string.upper):gsub(" %a+", FW)
  return s, "caps"
end
M.phrase_of = phrase_of

local function date_of(d)
  if not d or d == "" then return nil end
  if #d == 8 then return d:sub(1, 4) .. "-" .. d:sub(5, 6) .. "-" .. d:sub(7, 8) end
  if #d == 6 then
    local yy = tonumber(d:sub(1, 2))
    local century = yy <= 20 and "20" or "19"
    return century .. d:sub(1, 2) .. "-" .. d:sub(3, 4) .. "-" .. d:sub(5, 6)
  end
  return nil                                          -- malformed: ignored
end

-- "[USAGOV 010120-090120]" / "[USAGOV >090120]" / "[AFG]" -> { code, from, to } or nil
local function parse_code(body)
  local code, rest = body:match("^%s*([~%w]+)%s*(.-)%s*$")
  if not code then return nil end
  local r = { code = code }
  if rest ~= "" then
    local a, b = rest:match("^(%d+)%s*%-%s*(%d+)$")
    if a then
      r.from, r.to = date_of(a), date_of(b)
    elseif rest:match("^>%s*%d+$") then
      r.from = date_of(rest:match("%d+"))
    elseif rest:match("^<%s*%d+$") then
      r.to = date_of(rest:match("%d+"))
    else
      return r                                        -- unknown restriction: the code alone
    end
  end
  return r
end

function M.parse(lines)
  local entries, cur, nphrases = {}, nil, 0
  local function add_codes(e, s)
    for body in s:gmatch("%[([^%]]*)%]") do
      local c = parse_code(body)
      if c and c.code:sub(1, 1) ~= "~" then
        if c.from or c.to then
          e.codes[#e.codes + 1] = c
          e.dated = true
        elseif not e.default then
          e.default = c.code
        end
      end
    end
  end
  local function add_one(e, part)
    local p, case = phrase_of(part)
    if p then
      e.phrases[#e.phrases + 1] = p
      e.cases[#e.cases + 1] = case
      nphrases = nphrases + 1
    end
  end
  local function add_phrase(e, raw)
    if not raw:find("+", 2, true) then return add_one(e, raw) end
    for part in raw:gmatch("[^+]+") do add_one(e, part) end
  end
  local TAB, SPACE, PLUS, BANG, HASH, SEMI = 9, 32, 43, 33, 35, 59
  for _, line in ipairs(lines) do
    local l = line
    if l:find("[#;]") then l = l:gsub("%s[#;].*$", ""):gsub("^[#;].*$", "") end
    local c = l:byte(1)
    if c == TAB or c == SPACE then
      if cur and l:find("[", 1, true) then add_codes(cur, l) end
    elseif c == PLUS then
      if cur then add_phrase(cur, l:match("^(%S+)")) end
    elseif c == nil or c == BANG or c == HASH or c == SEMI then
      -- a macro, a comment or nothing
    else
      local name, codes = l:match("^([^%[]-)%s*(%[.*)$")
      name = name or l
      name = name:match("^(.-)%s*$")
      cur = { phrases = {}, cases = {}, codes = {} }
      add_phrase(cur, name)
      if codes then add_codes(cur, codes) end
      if #cur.phrases > 0 then
        cur.name = cur.phrases[1]
        entries[#entries + 1] = cur
      else
        cur = nil
      end
    end
  end
  return entries, nphrases
end

function M.load(path)
  local t0 = os.clock()
  local lines = polis.read_lines(path)
  local entries, n = M.parse(lines)
  local dt = os.clock() - t0
  return { entries = entries, phrases = n, seconds = dt, read_seconds = dt, path = path }
end

-- The code of an entry at a date: the dated code whose range holds the date, else the
-- entry's undated code, else the first dated code.
function M.code_at(e, date)
  if date then
    for _, c in ipairs(e.codes) do
      if (not c.from or c.from <= date) and (not c.to or date < c.to) then return c.code end
    end
  end
  return e.default or (e.codes[1] and e.codes[1].code)
end

return M
