-- Actor rules on wire-style sports copy (results lines, tables, athletes with their
-- nationality, scorers). Lines written for these tests.
local t = require "polis.test"

local function texts(a)
  local out = {}
  for _, m in ipairs(a.mentions) do out[#out + 1] = m.text end
  return table.concat(out, "|")
end

t.case("clubs in results lines, national teams stay places", function ()
  local r = t.analyze("SOCCER - ALBANIAN LEAGUE\nTIRANA 1997-04-06\nResults on Sunday :\n" ..
                      "Dinamo Tirana 2 Vllaznia 1\nPartizani 0 Teuta 0\nAlbania 1 Malta 0\n")
  t.actor(r, "Dinamo Tirana", { kind = "organization" })
  t.actor(r, "Vllaznia", { kind = "organization" })
  t.actor(r, "Partizani", { kind = "organization" })
  t.no_actor(r, "Albania")
end)

t.case("scorers and athletes", function ()
  local r = t.analyze("Korvalla 2 ( Ostrander 12th , Melisse 80th ) Tanvik 1 ( Ruell 44th )\n" ..
                      "Javier Montoyez ( Spain ) beat Lukas Brandauer ( Austria ) 6-4 7-5\n" ..
                      "Ostrander also hit the post.\n")
  t.actor(r, "Korvalla", { kind = "organization" })
  t.eq(texts(t.actor(r, "Ostrander", { kind = "person" })), "Ostrander|Ostrander", "scorer mentions")
  t.actor(r, "Ruell", { kind = "person" })
  t.actor(r, "Javier Montoyez", { kind = "person", country = "ESP" })
  t.actor(r, "Lukas Brandauer", { kind = "person", country = "AUT" })
end)

t.case("headlines in capitals make no organisations", function ()
  local r = t.analyze("SOCCER - DUTCH LEAGUE RESULTS\n")
  t.count(r.actors, 0, "actors")
end)
