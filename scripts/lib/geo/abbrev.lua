-- lib.geo.abbrev: abbreviations of first-level subdivisions that news writes
-- after a city ("Austin, Tex.", "Paris, TX", "Perth, WA"). They are never
-- places on their own (postal codes are words: IN, OR, ME), so the location
-- rules read them only right after "City," where the city has a subdivision
-- of that name. Keys are the abbreviation without its final period;
-- values are the subdivision's name as the gazetteer's admin1 column has it.
local M = {}

local US = {
  -- state = { AP style, postal code }
  ["Alabama"] = { "Ala", "AL" }, ["Alaska"] = { "Alaska", "AK" },
  ["Arizona"] = { "Ariz", "AZ" }, ["Arkansas"] = { "Ark", "AR" },
  ["California"] = { "Calif", "CA", "Cal" }, ["Colorado"] = { "Colo", "CO" },
  ["Connecticut"] = { "Conn", "CT" }, ["Delaware"] = { "Del", "DE" },
  ["Florida"] = { "Fla", "FL" }, ["Georgia"] = { "Ga", "GA" },
  ["Hawaii"] = { "Hawaii", "HI" }, ["Idaho"] = { "Idaho", "ID" },
  ["Illinois"] = { "Ill", "IL" }, ["Indiana"] = { "Ind", "IN" },
  ["Iowa"] = { "Iowa", "IA" }, ["Kansas"] = { "Kan", "KS", "Kans" },
  ["Kentucky"] = { "Ky", "KY" }, ["Louisiana"] = { "La", "LA" },
  ["Maine"] = { "Maine", "ME" }, ["Maryland"] = { "Md", "MD" },
  ["Massachusetts"] = { "Mass", "MA" }, ["Michigan"] = { "Mich", "MI" },
  ["Minnesota"] = { "Minn", "MN" }, ["Mississippi"] = { "Miss", "MS" },
  ["Missouri"] = { "Mo", "MO" }, ["Montana"] = { "Mont", "MT" },
  ["Nebraska"] = { "Neb", "NE", "Nebr" }, ["Nevada"] = { "Nev", "NV" },
  ["New Hampshire"] = { "N.H", "NH" }, ["New Jersey"] = { "N.J", "NJ" },
  ["New Mexico"] = { "N.M", "NM" }, ["New York State"] = { "N.Y", "NY" },
  ["North Carolina"] = { "N.C", "NC" }, ["North Dakota"] = { "N.D", "ND" },
  ["Ohio"] = { "Ohio", "OH" }, ["Oklahoma"] = { "Okla", "OK" },
  ["Oregon"] = { "Ore", "OR", "Oreg" }, ["Pennsylvania"] = { "Pa", "PA", "Penn" },
  ["Rhode Island"] = { "R.I", "RI" }, ["South Carolina"] = { "S.C", "SC" },
  ["South Dakota"] = { "S.D", "SD" }, ["Tennessee"] = { "Tenn", "TN" },
  ["Texas"] = { "Tex", "TX" }, ["Utah"] = { "Utah", "UT" },
  ["Vermont"] = { "Vt", "VT" }, ["Virginia"] = { "Va", "VA" },
  ["Washington State"] = { "Wash", "WA" }, ["West Virginia"] = { "W.Va", "WV", "W. Va" },
  ["Wisconsin"] = { "Wis", "WI", "Wisc" }, ["Wyoming"] = { "Wyo", "WY" },
  ["District of Columbia"] = { "D.C", "DC" },
}

local AU = {
  ["New South Wales"] = { "NSW" }, ["Victoria"] = { "Vic", "VIC" },
  ["Queensland"] = { "Qld", "QLD" }, ["Western Australia"] = { "WA" },
  ["South Australia"] = { "SA" }, ["Tasmania"] = { "Tas", "TAS" },
  ["Northern Territory"] = { "NT" }, ["Australian Capital Territory"] = { "ACT" },
}

local CA = {
  ["Ontario"] = { "Ont", "ON" }, ["Quebec"] = { "Que", "QC" },
  ["British Columbia"] = { "B.C", "BC" }, ["Alberta"] = { "Alta", "AB" },
  ["Manitoba"] = { "Man", "MB" }, ["Saskatchewan"] = { "Sask", "SK" },
  ["Nova Scotia"] = { "N.S", "NS" }, ["New Brunswick"] = { "N.B", "NB" },
  ["Newfoundland and Labrador"] = { "Nfld", "NL" },
  ["Prince Edward Island"] = { "P.E.I", "PEI", "PE" },
}

-- by[iso3][abbreviation] = admin1 name
M.by = { USA = {}, AUS = {}, CAN = {} }
for iso, t in pairs({ USA = US, AUS = AU, CAN = CA }) do
  for name, list in pairs(t) do
    for _, a in ipairs(list) do M.by[iso][a] = name end
  end
end

-- The admin1 name that abbreviation `text` (with or without a final period)
-- stands for in country iso, or nil.
function M.admin1(iso, text)
  local t = M.by[iso]
  if not t then return nil end
  local v = t[text]
  if v == nil and text:byte(-1) == 46 then v = t[text:sub(1, -2)] end   -- "Tex."
  return v
end

return M
