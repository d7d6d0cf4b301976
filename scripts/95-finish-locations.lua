-- Document focus (stage "finish"): the country a document is about, and its
-- city when that is clear. Written as a custom field:
--
--   "focus": { "country": "RUS", "city": "Moscow", "location": "l2" }
--
-- `location` is the id of the most specific focus place that has a location
-- item (the city when there is one, else the country). How the weights work:
-- docs/locations.md, "Focus".
local polis = require "polis"

local LEAD_SENTENCES = 2   -- mentions in the first sentences (dateline, lead) count double
local CITY_KINDS = { city = true }
local huge = math.huge

-- An item's mentions: their weight (a mention in the lead counts double),
-- count, first offset, and whether one is in the lead.
local function weigh(it)
  local w, n, first, lead = 0, 0, huge, false
  local ms = it.mentions
  if ms then
    for k = 1, #ms do
      local m = ms[k]
      if (m.sentence or 99) < LEAD_SENTENCES then
        w = w + 2
        lead = true
      else
        w = w + 1
      end
      n = n + 1
      if m.start < first then first = m.start end
    end
  end
  return w, n, first, lead
end

polis.rule {
  name = "location-focus",
  stage = "finish",
  description = "the country (and city) the document is about",
  run = function (doc)
    local items = doc:locations()
    local nitems = #items
    if nitems == 0 then return end
    -- The heaviest country: a country's own name counts fully, its places a
    -- little less (a country named once beats one of its towns); ties go to
    -- the earliest mention.
    local cw, cfirst = {}, {}          -- country -> weight, first offset
    for k = 1, nitems do
      local it = items[k]
      local c = it.country
      if c then
        local w, _, first = weigh(it)
        if it.kind ~= "country" then w = w * 0.75 end
        cw[c] = (cw[c] or 0) + w
        local f = cfirst[c]
        if not f or first < f then cfirst[c] = first end
      end
    end
    local country, bw, bf
    for c, w in pairs(cw) do
      local f = cfirst[c]
      if not country or w > bw or (w == bw and f < bf) then country, bw, bf = c, w, f end
    end
    if not country then return end

    -- The city: the most mentioned city of that country, when it is mentioned
    -- at least twice or in the lead, and clearly ahead of the next one.
    local city, cn, cf, clead, second = nil, 0, huge, false, 0
    local country_item
    for k = 1, nitems do
      local it = items[k]
      if it.country == country then
        if it.kind == "country" then country_item = it.id end
        if CITY_KINDS[it.kind] then
          local _, n, first, lead = weigh(it)
          if not city or n > cn or (n == cn and first < cf) then
            if city and cn > second then second = cn end
            city, cn, cf, clead = it, n, first, lead
          elseif n > second then
            second = n
          end
        end
      end
    end
    if city and not ((cn >= 2 or clead) and cn > second) then city = nil end
    doc:set("focus", {
      country = country,
      city = city and city.name or nil,
      location = city and city.id or country_item,
    })
  end,
}
