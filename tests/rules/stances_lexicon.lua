-- Stance lexicon: inflections, the CAMEO table, extending from a rule folder,
-- event rows. Run: polis test tests/rules
local t = require "polis.test"
local lex = require "lib.stances.lexicon"

local function forms(w)
  local f = lex.inflect(w)
  return table.concat({ f.s[1], f.past[1], f.ing[1] }, " ")
end

t.case("regular inflections", function ()
  t.eq(forms("condemn"), "condemns condemned condemning", "condemn")
  t.eq(forms("praise"), "praises praised praising", "praise")
  t.eq(forms("deny"), "denies denied denying", "deny")
  t.eq(forms("ban"), "bans banned banning", "ban")
  t.eq(forms("expel"), "expels expelled expelling", "expel")
  t.eq(forms("visit"), "visits visited visiting", "visit")
  t.eq(forms("veto"), "vetoes vetoed vetoing", "veto")
  t.eq(forms("agree"), "agrees agreed agreeing", "agree")
  t.eq(forms("accuse"), "accuses accused accusing", "accuse")
  t.eq(forms("push"), "pushes pushed pushing", "push")
end)

t.case("every form of a lexicon verb is in the dictionary", function ()
  for _, w in ipairs { "condemn", "condemns", "condemned", "condemning", "met", "meeting",
                       "held talks with", "holding talks with", "imposed sanctions on" } do
    t.truthy(#lex.verbs:lookup(w) > 0, w)
  end
  t.truthy(#lex.nouns:lookup("condemnation") > 0, "condemnation")
  t.truthy(#lex.nouns:lookup("air strikes") > 0, "air strikes")
  t.eq(#lex.verbs:lookup("march"), 0, "the month March is no verb")
end)

t.case("CAMEO table: Goldstein, PLOVER, polarity, parent fallback", function ()
  local c = lex.code("042")
  t.eq(c.plover, "CONSULT", "042 plover")
  t.eq(c.polarity, 1, "042 polarity")
  t.eq(lex.code("190").goldstein, -10, "190 goldstein")
  t.eq(lex.code("111").plover, "ACCUSE", "111 plover")
  t.eq(lex.code("010").polarity, 0, "010 polarity")
  t.truthy(lex.code("0999") == lex.code("099") or lex.code("09"), "fallback to a parent")
end)

t.case("a verb added from a rule folder is used by the default patterns", function ()
  lex.add_verb { lemma = "badmouth", type = "criticize", cameo = "111", target = "obj" }
  local r = t.analyze("France badmouthed Italy on Monday.")
  t.stance(r, { source = "France", target = "Italy", type = "criticize", cameo = "111" })
end)

t.case("a noun added from a rule folder", function ()
  lex.add_noun { noun = "cyberraid", type = "attack", cameo = "190", target = "on,against" }
  local r = t.analyze("Experts studied Russia's cyberraid on Estonia.")
  t.stance(r, { source = "Russia", target = "Estonia", type = "attack" })
end)

t.case("a bad row is an error that names it", function ()
  local ok, err = pcall(lex.add_verb, { lemma = "frobnicate", type = "x", cameo = "999" })
  t.eq(ok, false, "unknown code rejected")
  t.truthy(tostring(err):find("frobnicate", 1, true), "the message names the row")
  ok, err = pcall(lex.add_verb, { lemma = "frob", type = "x", cameo = "111", target = "sideways" })
  t.eq(ok, false, "unknown target rejected")
end)
