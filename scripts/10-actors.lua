-- Default actor rules (stage "actors"): people, countries, organisations and groups, with
-- CAMEO-style codes and date-aware roles. How they decide: docs/actors.md. The data is in
-- scripts/data/ (people.tsv, organizations.tsv, ...; lib/actors/data.lua lists them all);
-- the reasoning in lib/actors/find.lua; this file emits.
local polis = require "polis"
local find = require "lib.actors.find"
local emit = require "lib.actors.emit"
local coref = require "lib.actors.coref"

-- What the rule "actors" leaves for "actors.coref" on the same document.
local last

polis.rule {
  name = "actors",
  stage = "actors",
  description = "known people, organisations and seats of power; people by title, role, given " ..
                "name and speech verb; organisations by their words; countries where they act",
  run = function (doc)
    local cands, S = find.find(doc)
    emit.emit(doc, cands, S.date)
    last = { id = doc.id, len = doc.len, ntokens = doc.ntokens, phrases = S.role_phrases }
  end,
}

-- Role phrases ("the Chinese foreign minister", "the two officials") join the people named
-- before them: in the actor stage rather than the finish stage, so that the stance rules
-- see them ("The Chinese foreign minister also met ..."). A rule of its own, so that its
-- failure on a document costs only these links.
polis.rule {
  name = "actors.coref",
  stage = "actors",
  description = "role phrases and 'the two officials' join the people named before them",
  run = function (doc)
    local l = last
    last = nil
    if l and l.id == doc.id and l.len == doc.len and l.ntokens == doc.ntokens then
      coref.link(doc, l.phrases)
    end
  end,
}
