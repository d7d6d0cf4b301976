-- polis test --rules examples/rules/sanctions examples/rules/sanctions/tests
local t = require "polis.test"

t.case("active: imposed new sanctions on", function ()
  local r = t.analyze("The United States imposed new sanctions on Iran on Monday.")
  t.stance(r, { source = "United States", target = "Iran", type = "sanction", cameo = "163", polarity = -1 })
end)

t.case("active with auxiliary and adverb", function ()
  local r = t.analyze("Britain has quietly blacklisted Belarus, officials said.")
  t.stance(r, { source = "Britain", target = "Belarus", type = "sanction" })
end)

t.case("passive: sanctioned by", function ()
  local r = t.analyze("Venezuela was sanctioned by Canada last year.")
  t.stance(r, { source = "Canada", target = "Venezuela", type = "sanction" })
end)

t.case("future modality", function ()
  local r = t.analyze("Japan will sanction North Korea if the test goes ahead.")
  t.stance(r, { source = "Japan", target = "North Korea", type = "sanction", modality = "future" })
end)

t.case("no sanction without the verb", function ()
  local r = t.analyze("The United States and Iran held talks in Oman.")
  t.no_stance(r, { type = "sanction" })
end)
