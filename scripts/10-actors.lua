-- Default actor rules (stage "actors"): people, countries, organisations and groups, with
-- CAMEO-style codes and date-aware roles. How they decide: docs/actors.md. The data is in
-- scripts/data/ (people.tsv, organizations.tsv, ...; lib/actors/data.lua lists them all);
-- the reasoning in lib/actors/find.lua; this file emits.
local polis = require "polis"
local find = require "lib.actors.find"
local emit = require "lib.actors.emit"
local coref = require "lib.actors.coref"

polis.rule {
  name = "actors",
  stage = "actors",
  description = "known people, organisations and seats of power; people by title, role, given " ..
                "name and speech verb; organisations by their words; countries where they act",
  run = function (doc)
    local cands, S = find.find(doc)
    emit.emit(doc, cands, S.date)
    -- role phrases join the people named before them, here rather than in the finish stage
    -- so that the stance rules see them ("The Chinese foreign minister also met ...")
    coref.link(doc, S.role_phrases)
  end,
}
