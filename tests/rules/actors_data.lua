-- The actor rules' data files (scripts/data): what the fast loader relies on. The actor TSV
-- files go into the cue dictionary through the C loader (lib/actors/data.lua), so each row
-- must carry its `cue`, aliases must be written out (no "the " in front, British and American
-- spellings of organisation names both listed), and actors_surnames.tsv, made from
-- people.tsv by tools/actordata/surnames.py, must be current.
local t = require "polis.test"
local data = require "lib.actors.data"

local CUES = {
  ["people.tsv"] = "per", ["organizations.tsv"] = "org", ["actors_extra.tsv"] = "org",
  ["metonyms.tsv"] = "met", ["roles.tsv"] = "role", ["actors_roles.tsv"] = "role",
  ["honorifics.tsv"] = "hon", ["org_words.tsv"] = "ow", ["actors_org_words.tsv"] = "ow",
  ["actors_nominals.tsv"] = "nom", ["actors_surnames.tsv"] = "sur",
}
local FILES = {}
for f in pairs(CUES) do FILES[#FILES + 1] = f end
table.sort(FILES)

t.case("every row of the actor files carries its cue", function ()
  for _, f in ipairs(FILES) do
    for k, r in ipairs(data.read_data(f)) do
      local want = CUES[f]
      if r.type == "party_adj" then want = "padj" end
      t.eq(r.cue, want, f .. " row " .. k .. " (" .. tostring(r.phrase) .. "): cue")
    end
  end
end)

t.case("role nouns and nominal bodies say their case (fold unless written otherwise)", function ()
  for _, f in ipairs { "roles.tsv", "actors_roles.tsv", "actors_nominals.tsv" } do
    for k, r in ipairs(data.read_data(f)) do
      t.truthy(r.case, f .. " row " .. k .. " (" .. tostring(r.phrase) .. "): case")
    end
  end
end)

t.case("aliases are written out: no 'the ' in front, both spellings of organisations", function ()
  for _, f in ipairs(FILES) do
    for _, r in ipairs(data.read_data(f)) do
      local have = { [r.phrase] = true }
      for a in (r.aliases or ""):gmatch("[^|]+") do
        t.truthy(not a:find("^the "), f .. ": alias '" .. a .. "' starts with 'the '")
        have[a] = true
      end
      if (f == "organizations.tsv" or f == "actors_extra.tsv") and r.type ~= "party_adj" then
        for p in pairs(have) do
          for _, v in ipairs(data.spellings(p)) do
            t.truthy(have[v], f .. " (" .. r.phrase .. "): the spelling '" .. v .. "' is no alias")
          end
        end
      end
    end
  end
end)

t.case("actors_surnames.tsv is current (python3 tools/actordata/surnames.py writes it)", function ()
  local want = data.derive_surnames()
  local have = data.read_data("actors_surnames.tsv")
  t.eq(#have, #want, "rows (rerun tools/actordata/surnames.py after editing people.tsv)")
  for k, w in ipairs(want) do
    local h = have[k] or {}
    t.eq(h.phrase, w.phrase, "row " .. k .. ": surname")
    t.eq(h.people, w.people, "row " .. k .. " (" .. w.phrase .. "): people")
  end
end)

t.case("people added with data.add are found by name and by surname", function ()
  data.add("people", {
    { phrase = "Oriel Vantakaris", aliases = "Oriel V. Vantakaris", country = "GRC",
      role = "Foreign Minister", sector = "GOV", start = "2031-01-01", office = "foreign_minister" },
  })
  local r = t.analyze("Oriel Vantakaris arrived in Paris. Vantakaris said the talks went well.",
                      { date = "2031-06-01" })
  local a = t.actor(r, "Oriel Vantakaris", { kind = "person", country = "GRC", code = "GRCGOV",
                                             role = "Foreign Minister" })
  t.eq(#a.mentions, 2, "the full name and the surname")
  r = t.analyze("Vantakaris said the talks went well, the Greek foreign ministry said.",
                { date = "2031-06-01" })
  t.actor(r, "Oriel Vantakaris", { code = "GRCGOV" })
end)
