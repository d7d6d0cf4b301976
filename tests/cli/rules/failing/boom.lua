-- A rule that fails on any document containing the word BOOM (exit status 1).
local polis = require "polis"

polis.rule {
  name = "cli-boom", stage = "actors", regex = "BOOM",
  emit = function (doc, m)
    error("boom at byte " .. m.start)
  end,
}
