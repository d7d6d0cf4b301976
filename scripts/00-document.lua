-- Default document rules (stage "document"): the document date when the input has none, and
-- the page furniture of scraped news (labelled NOISE; later rules skip it). How they work:
-- docs/actors.md, "The document stage".
local polis = require "polis"

local MONTHS = {
  jan = 1, january = 1, feb = 2, february = 2, mar = 3, march = 3, apr = 4, april = 4, may = 5,
  jun = 6, june = 6, jul = 7, july = 7, aug = 8, august = 8, sep = 9, sept = 9, september = 9,
  oct = 10, october = 10, nov = 11, november = 11, dec = 12, december = 12,
}

local function ymd(y, m, d)
  y, m, d = tonumber(y), tonumber(m), tonumber(d)
  if not (y and m and d) or y < 1900 or y > 2100 or m < 1 or m > 12 or d < 1 or d > 31 then
    return nil
  end
  return string.format("%04d-%02d-%02d", y, m, d)
end

local HEAD = 400          -- a date must be in the first bytes of the text (a dateline)
local MON = "(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?"
-- "date 2023-09-18", "Published: 2023-09-18", or an ISO date on its own near the start
local RE_LABEL = polis.regex([[^\s*(?:date|dated|published(?: on)?|posted(?: on)?|updated(?: on)?)\s*[:\-]?\s*(\d{4})-(\d{2})-(\d{2})\b]], "i")
local RE_ISO = polis.regex([[(?<![\d-])((?:19|20)\d\d)-(\d\d)-(\d\d)(?![\d-])]])
-- "September 18, 2023" / "Sept. 18 2023"
local RE_MDY = polis.regex("\\b" .. MON .. "\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+((?:19|20)\\d\\d)\\b", "i")
-- "18 September 2023"
local RE_DMY = polis.regex("\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+" .. MON .. ",?\\s+((?:19|20)\\d\\d)\\b", "i")

local find, byte = string.find, string.byte

-- Plain searches and byte tests (a Lua pattern that starts with a class tries every byte:
-- several microseconds over the head of a text).
local function digit(c) return c and c >= 48 and c <= 57 end

-- Does s contain [12][09]%d%d (a year, or what might be one)?
local YEAR_START = { "19", "20", "10", "29" }
local function has_year(s)
  for k = 1, 4 do
    local i = find(s, YEAR_START[k], 1, true)
    while i do
      local c1, c2 = byte(s, i + 2, i + 3)
      if digit(c1) and digit(c2) then return true end
      i = find(s, YEAR_START[k], i + 1, true)
    end
  end
  return false
end

-- Does s contain %d%d%d%d%-%d%d%-%d%d?
local function has_iso(s)
  local i = find(s, "-", 5, true)
  while i do
    local a, b, c, d = byte(s, i - 4, i - 1)
    local e, f, g, h, k = byte(s, i + 1, i + 5)
    if digit(a) and digit(b) and digit(c) and digit(d) and digit(e) and digit(f) and g == 45 and
       digit(h) and digit(k) then
      return true
    end
    i = find(s, "-", i + 1, true)
  end
  return false
end

-- Could s hold a month name for the case-blind month regexes? (Their matches start with one
-- of these, in any case; "ſ", which such a regex folds to "s", makes it try anyway.)
local MONTH3 = { "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec" }
local function has_month(s)
  if find(s, "\197\191", 1, true) then return true end
  local low = s:lower()
  for k = 1, 12 do
    if find(low, MONTH3[k], 1, true) then return true end
  end
  return false
end

local function find_date(text)
  local head = #text > HEAD and text:sub(1, HEAD) or text
  -- every form has a year: no year, no regex (plain Lua checks first, they are cheaper)
  if not has_year(head) then return nil end
  local m
  if head:find("^%s*[DdPpUu]") then
    m = RE_LABEL:match(head)
    if m then return ymd(m[1], m[2], m[3]), m end
  end
  local best, bm
  local function consider(d, mm)
    if d and (not bm or mm.start < bm.start) then best, bm = d, mm end
  end
  if has_iso(head) then
    m = RE_ISO:match(head)
    if m then consider(ymd(m[1], m[2], m[3]), m) end
  end
  if has_month(head) then
    m = RE_MDY:match(head)
    if m then consider(ymd(m[3], MONTHS[m[1]:lower()], m[2]), m) end
    m = RE_DMY:match(head)
    if m then consider(ymd(m[3], MONTHS[m[2]:lower()], m[1]), m) end
  end
  return best, nil
end

polis.rule {
  name = "document.date",
  stage = "document",
  description = "the document date from the text (a leading 'date 2023-09-18', a dateline) " ..
                "when the input gives none",
  run = function (doc)
    if doc.len == 0 then return end
    local d, label = find_date(doc.text)
    if label and label.stop > label.start then
      -- the "date ..." label is page furniture, not text
      local ok, sp = pcall(doc.span_at, doc, label.start, label.stop)
      if ok then doc:annotate("NOISE", sp) end
    end
    if d and not doc.date then doc:set_date(d) end
  end,
}

-- Page furniture: the rules of data/noise.txt, each a literal key and a regex; a regex runs
-- only on documents whose lower-cased text contains its key.
local NOISE = {}

-- Which keys does a text contain? One case-insensitive regex of them all, longest first,
-- scans the text once (a plain search of a lower-cased copy for each key cost more); a key
-- inside a longer one that matched is there too.
local KEYS, INSIDE = nil, {}
local function keys_regex()
  local list, seen = {}, {}
  for _, n in ipairs(NOISE) do
    if not seen[n.key] then seen[n.key] = true; list[#list + 1] = n.key end
  end
  table.sort(list, function (a, b) return #a > #b or (#a == #b and a < b) end)
  local alts = {}
  for k, key in ipairs(list) do
    alts[k] = key:gsub("%W", "\\%0")
    INSIDE[key] = {}
    for _, other in ipairs(list) do
      if other ~= key and key:find(other, 1, true) then
        INSIDE[key][#INSIDE[key] + 1] = other
      end
    end
  end
  KEYS = polis.regex("(?i)(?:" .. table.concat(alts, "|") .. ")")
end

local function add_noise(lines)
  for _, l in ipairs(lines) do
    local key, re = l:match("^([^\t]+)\t(.+)$")
    if key then NOISE[#NOISE + 1] = { key = key, re = polis.regex(re) } end
  end
  keys_regex()
end
add_noise(polis.read_lines("data/noise.txt"))

polis.rule {
  name = "document.noise",
  stage = "document",
  description = "page furniture of scraped news (share buttons, photo credits, 'Read more') " ..
                "labelled NOISE",
  run = function (doc)
    if doc.len == 0 then return end
    local text = doc.text
    local present = {}
    for _, m in ipairs(KEYS:find_all(text)) do
      local key = m.text:lower()
      present[key] = true
      for _, other in ipairs(INSIDE[key]) do present[other] = true end
    end
    for _, n in ipairs(NOISE) do
      if present[n.key] then
        for _, m in ipairs(n.re:find_all(text)) do
          if m.stop > m.start then
            local ok, sp = pcall(doc.span_at, doc, m.start, m.stop)
            if ok then doc:annotate("NOISE", sp) end
          end
        end
      end
    end
  end,
}
