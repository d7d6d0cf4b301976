-- A rule script that does not compile (exit status 3).
local polis = require "polis"

polis.rule {
  name = "cli-broken", stage = "actors", regex = "x",
  emit = function (doc, m)
    if then
  end,
}
