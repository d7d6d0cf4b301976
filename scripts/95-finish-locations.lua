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

local function weight_of(m)
  return (m.sentence or 99) < LEAD_SENTENCES and 2 or 1
end

-- Pick the key with the highest weight; ties go to the earliest mention.
local function best(weights, firsts)
  local bk
  for k, w in pairs(weights) do
    if not bk or w > weights[bk] or (w == weights[bk] and firsts[k] < firsts[bk]) then bk = k end
  end
  return bk
end

polis.rule {
  name = "location-focus",
  stage = "finish",
  description = "the country (and city) the document is about",
  run = function (doc)
    local items = doc:locations()
    if #items == 0 then return end
    local cw, cfirst = {}, {}          -- country -> weight, first offset
    local country_item = {}            -- country -> id of its country location
    for _, it in ipairs(items) do
      local c = it.country
      if c then
        local w, first = 0, math.huge
        for _, m in ipairs(it.mentions or {}) do
          w = w + weight_of(m)
          if m.start < first then first = m.start end
        end
        -- a country's own name counts fully; its places count too, a little less
        -- than the country (a country named once beats one of its towns)
        if it.kind ~= "country" then w = w * 0.75 end
        cw[c] = (cw[c] or 0) + w
        if not cfirst[c] or first < cfirst[c] then cfirst[c] = first end
        if it.kind == "country" then country_item[c] = it.id end
      end
    end
    local country = best(cw, cfirst)
    if not country then return end

    -- The city: the most mentioned city of that country, when it is mentioned
    -- at least twice or in the lead, and clearly ahead of the next one.
    local cities, cityfirst, cityitem, lead = {}, {}, {}, {}
    for _, it in ipairs(items) do
      if it.country == country and CITY_KINDS[it.kind] then
        local w, first = 0, math.huge
        for _, m in ipairs(it.mentions or {}) do
          w = w + 1
          if m.start < first then first = m.start end
          if (m.sentence or 99) < LEAD_SENTENCES then lead[it.id] = true end
        end
        cities[it.id], cityfirst[it.id], cityitem[it.id] = w, first, it
      end
    end
    local cid = best(cities, cityfirst)
    local city
    if cid then
      local w = cities[cid]
      local second = 0
      for k, v in pairs(cities) do
        if k ~= cid and v > second then second = v end
      end
      if (w >= 2 or lead[cid]) and w > second then city = cityitem[cid] end
    end
    doc:set("focus", {
      country = country,
      city = city and city.name or nil,
      location = city and city.id or country_item[country],
    })
  end,
}
