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

local function find_date(text)
  local head = #text > HEAD and text:sub(1, HEAD) or text
  -- every form has a year: no year, no regex (plain Lua checks first, they are cheaper)
  if not head:find("[12][09]%d%d") then return nil end
  local m
  if head:find("^%s*[DdPpUu]") then
    m = RE_LABEL:match(head)
    if m then return ymd(m[1], m[2], m[3]), m end
  end
  local best, bm
  local function consider(d, mm)
    if d and (not bm or mm.start < bm.start) then best, bm = d, mm end
  end
  if head:find("%d%d%d%d%-%d%d%-%d%d") then
    m = RE_ISO:match(head)
    if m then consider(ymd(m[1], m[2], m[3]), m) end
  end
  m = RE_MDY:match(head)
  if m then consider(ymd(m[3], MONTHS[m[1]:lower()], m[2]), m) end
  m = RE_DMY:match(head)
  if m then consider(ymd(m[3], MONTHS[m[2]:lower()], m[1]), m) end
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

local function add_noise(lines)
  for _, l in ipairs(lines) do
    local key, re = l:match("^([^\t]+)\t(.+)$")
    if key then NOISE[#NOISE + 1] = { key = key, re = polis.regex(re) } end
  end
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
    local low = text:lower()
    for _, n in ipairs(NOISE) do
      if low:find(n.key, 1, true) then
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
