-- d:scan_ids: the matches of d:scan as a flat integer array with phrase ids.
local polis = require "polis"
local t = require "polis.test"

local d = polis.dict { { "Paris", kind = "city" }, { "New York", kind = "city" },
                       { "New York Times", kind = "paper" }, case = "caps" }
local got = {}
polis.rule { name = "ids", stage = "actors", run = function (doc)
  local flat, scan = d:scan_ids(doc), d:scan(doc)
  got.flat, got.scan = flat, scan
  got.kinds = {}
  for k = 1, #flat, 3 do got.kinds[#got.kinds + 1] = d:entries(flat[k + 2])[1].kind end
end }

t.case("same matches as d:scan, as integers", function ()
  t.analyze("The New York Times sent a reporter from New York to Paris and to paris.")
  t.eq(#got.flat, 3 * #got.scan, "three integers per match")
  for k, m in ipairs(got.scan) do
    t.eq(got.flat[3 * k - 2], m.first, "first of match " .. k)
    t.eq(got.flat[3 * k - 1], m.last, "last of match " .. k)
  end
  t.eq(table.concat(got.kinds, ","), "paper,city,city")
end)

t.case("a phrase keeps its id and its entry tables", function ()
  t.analyze("Paris. Paris again.")
  t.eq(got.flat[3], got.flat[6], "the same phrase, the same id")
  t.truthy(d:entries(got.flat[3]) == d:entries(got.flat[6]), "the same table")
end)

t.case("ids are checked", function ()
  local ok, err = pcall(d.entries, d, 999)
  t.eq(ok, false)
  t.truthy(tostring(err):find("not a phrase id"), "message")
end)
