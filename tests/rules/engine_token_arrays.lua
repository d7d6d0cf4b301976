-- doc.flags, doc.norms and polis.FLAG: per-document arrays, fresh for every document.
local polis = require "polis"
local t = require "polis.test"
local seen = {}
polis.rule { name = "f", stage = "actors", run = function (doc)
  local F, flags, norms = polis.FLAG, doc.flags, doc.norms
  seen[#seen + 1] = { n = #flags, cap1 = flags[1] & F.cap ~= 0, norm2 = norms[2] }
end }
t.case("flags and norms", function ()
  t.analyze("Russia warned Ukraine.")
  t.analyze("the second Document")
  t.eq(seen[1].n, 4); t.eq(seen[1].cap1, true); t.eq(seen[1].norm2, "warned")
  t.eq(seen[2].n, 3); t.eq(seen[2].cap1, false); t.eq(seen[2].norm2, "second")
end)

-- doc:word(i, j): the text from token i to token j as written.
local words = {}
polis.rule { name = "w", stage = "actors", run = function (doc)
  words.one = doc:word(2)
  words.run = doc:word(1, 3)
  words.bad = select(2, pcall(doc.word, doc, 3, 1))
end }
t.case("doc:word over a token range", function ()
  t.analyze("New  York\nCity fell.")
  t.eq(words.one, "York")
  t.eq(words.run, "New  York\nCity")
  t.truthy(tostring(words.bad):find("last token before the first", 1, true), "reversed range is an error")
end)
