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

t.case("initials, cricket scorecards and results lines with scorers", function ()
  local r = t.analyze("CRICKET - ENGLAND V PAKISTAN FINAL TEST SCORES .\nLONDON 1996-08-22\n" ..
                      "England first innings\nM. Atherton c Rashid Latif b Waqar Younis 31\n" ..
                      "A. Stewart b Mushtaq Ahmed 44\n")
  for _, name in ipairs { "M. Atherton", "Rashid Latif", "Waqar Younis", "A. Stewart", "Mushtaq Ahmed" } do
    t.actor(r, name, { kind = "person" })
  end
  r = t.analyze("Summary of the match played on Sunday :\n" ..
                "PSV Eindhoven 3 ( Luc Nilis 5 , 60 ) Vitesse Arnhem 1 ( Dejan Curovic 33 ) .\n")
  t.actor(r, "PSV Eindhoven", { kind = "organization" })
  t.actor(r, "Vitesse Arnhem", { kind = "organization" })
  t.actor(r, "Dejan Curovic", { kind = "person" })
end)
