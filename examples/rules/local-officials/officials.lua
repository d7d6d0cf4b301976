-- Your own dictionary of office holders, with date ranges: here, mayors.
--   polis analyze --rules examples/rules/local-officials article.txt
-- A mention of a listed name becomes a person actor with the role and sector
-- in force at the document's date (or none outside every term).
local polis = require "polis"

-- Loaded once, relative to this script; "caps": capitalized words must be
-- capitalized in the text.
local officials = polis.load_dict("data/officials.tsv", { case = "caps" })

local function in_office(entry, date)
  if not date then return entry["end"] == nil end        -- undated: the current holder
  return (entry.start == nil or date >= entry.start) and (entry["end"] == nil or date < entry["end"])
end

polis.rule {
  name = "example.officials",
  stage = "actors",
  dict = officials,
  emit = function (doc, m)
    local role, code
    for _, entry in ipairs(m.entries) do          -- one entry per term of office
      if in_office(entry, doc.date) then
        role, code = entry.role, entry.country .. entry.sector
      end
    end
    doc:actor {
      name = m.entry.phrase, kind = "person", country = m.entry.country,
      role = role, code = code or (m.entry.country .. "ELI"), span = m,
      key = "person|" .. m.entry.phrase,
    }
  end,
}
