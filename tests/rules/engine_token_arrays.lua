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
