-- Default stance rules: who did what to whom (docs/stances.md).
--
-- Each rule is a token pattern run by the C core over every sentence; its
-- emit function hands the match to lib.stances.core, which reads the few
-- tokens around it (auxiliaries, negation, the target after the verb, the
-- place) and emits stance records with CAMEO and PLOVER codes. The verbs and
-- nouns come from scripts/data/stance_verbs.tsv and stance_nouns.tsv.
--
-- Order matters: a verb is coded once, by the first rule that reaches it
-- (passive, then the plain active pattern, then the looser fallback).
local polis = require "polis"
local lex = require "lib.stances.lexicon"
local core = require "lib.stances.core"

local min, max = math.min, math.max

------------------------------------------------------------------ vocabulary

local say = polis.lexicon {
  "said", "says", "say", "told", "tells", "stated", "states", "added", "adds", "claimed",
  "claims", "announced", "announces", "reported", "noted", "notes", "declared", "declares",
  "insisted", "insists", "argued", "argues", "explained", "asserted", "maintained",
  "confirmed", "confirms", "wrote", "writes", "tweeted", "posted", "acknowledged", "admitted",
  "stressed", "stresses", "emphasised", "emphasized", "underlined", "remarked", "observed",
  "quoted as saying", "was quoted as saying", "said in a statement", "told reporters",
  "told journalists", "reiterated", "revealed", "indicated", "suggested", "believes", "believed",
  "thinks", "predicted", "estimated", "disclosed", "conceded",
}

local agent_nouns = polis.lexicon((function ()
  local l = {}
  for w in pairs(core.AGENT_NOUN) do l[#l + 1] = w end
  table.sort(l)
  return l
end)())

local vars = {
  stance_verbs = lex.verbs, stance_nouns = lex.nouns, demonyms = core.demonyms,
  say = say, agent_nouns = agent_nouns,
}

-- words that may stand between a subject and its verb: auxiliaries, negation,
-- adverbs, times, "is expected to", an apposition between commas
polis.macro("st_aux", [[
  has | have | had | is | are | was | were | be | been | being | will | would | shall | should
  | can | could | may | might | must | do | does | did | "'ve" | "'d" | "'ll" | "'re"
  | wo | ca | to | not | "n't" | never | "no longer" | also | already | still | again | just
  | now | then | reportedly | allegedly | apparently | once | yet | even | further | later
  | soon | recently | previously | first | finally | jointly | today | yesterday | tonight
  | both | all | each | itself | themselves | himself | herself | too | in turn
  | [lower & /ly$/]
]])
polis.macro("st_day", [[
  monday | tuesday | wednesday | thursday | friday | saturday | sunday | week | month | year
  | night | morning | afternoon | evening | weekend | january | february | march | april | may
  | june | july | august | september | october | november | december | [num]
]])
polis.macro("st_time", [[
  (on | last | this | next | earlier | late | early | in | since | over | during) (the)?
  (<st_day>) (<st_day>)? (","? [num])?
]])
polis.macro("st_expect", [[
  (expected | set | due | scheduled | poised | likely | unlikely | ready | willing | able
   | unable | going | about | trying | seeking | planning | preparing | hoping | wanting
   | intending | continuing | beginning | starting | moving | working | looking | keen | eager
   | determined | prepared | supposed | reluctant | quick | quicker) to
  | (plans | planned | plan | intends | intended | intend | wants | wanted | want | hopes | hoped
   | hope | seeks | sought | seek | aims | aimed | aim | tries | tried | try | attempts
   | attempted | attempt | prepares | prepare | continues | continued | continue | began
   | begins | begin | started | starts | start | decided | decides | decide | moved | moves
   | failed | fails | fail | needs | need | needed | wishes | wished | wish | used | tends
   | tended | appears | appeared | seems | seemed) to
]])
polis.macro("st_appos", [[
  "," [!"," & !";" & !":" & !"." & !"said" & !"says" & !"that" & !"which" & !"but"]{1,12} ","
  | "(" [!")"]{1,10} ")"
]])
polis.macro("st_vg", [[ (<st_aux> | <st_time> | <st_expect> | <st_appos>)* ]])

-- tokens a looser subject-verb gap cannot cross
local BAR = [=[[!"." & !";" & !":" & !"that" & !"which" & !"who" & !"whom" & !"whose"
  & !"said" & !"says" & !"say" & !"told" & !"but" & !"while" & !"whereas" & !"although"
  & !"though" & !"because" & !"if" & !"unless" & !quote & !"according" & !"when"]]=]

------------------------------------------------------------------ helpers

local function sentence_end(doc, s)
  return doc:sentence(s).last
end

-- The dictionary entry of a verb capture that fits: prefer one whose form
-- allows the reading (a participle after "was").
local function verb_entry(v)
  return v.entry, lex.info(v.entry)
end

-- Is verb v (a capture) a passive: a form of "be"/"get" (adverbs between) then
-- a participle?
local function is_passive(doc, v, lo)
  local e = v.entry
  if not e.form:find("ppart", 1, true) then return false end
  local j = v.first - 1
  while j >= lo do
    local n = doc:norm(j)
    if core.BE[n] then return true end
    if not (n == "also" or n == "not" or n == "n't" or n == "never" or n == "reportedly" or
            n == "allegedly" or n == "already" or n == "being" or n == "just" or n == "now" or
            (doc:is(j, "lower") and n:sub(-2) == "ly")) then
      return false
    end
    j = j - 1
  end
  return false
end

-- A place at the start of the sentence ("In Moscow, Putin met Kim").
local function opening_place(doc, s, before)
  local sp = doc:sentence(s)
  local n = doc:norm(sp.first)
  if (n == "in" or n == "at") and before > sp.first + 1 then
    for _, l in ipairs(doc:annotations("LOCATION", { first = sp.first + 1, last = min(before - 1, sp.first + 4) })) do
      return l.item
    end
  end
  return nil
end

local function span_of(doc, a, b)
  return doc:span(min(a, b), max(a, b))
end

-- Targets after a clause "that S" (warned that ...): the subject of S and the
-- agent of a passive in S ("weapons might be used by Russia").
local function clause_targets(doc, from, send)
  local cands = core.candidates(doc, from, min(send, from + 20), { through_that = true, verbs = false })
  local out = {}
  for _, c in ipairs(cands) do
    if #out == 0 and (c.prep == nil or c.prep == "that") then
      out[#out + 1] = c
    elseif c.prep == "by" then
      out[#out + 1] = c
      break
    end
  end
  return out
end

-- Emit the stances of one verb: subjects (actor ids with their spans), the
-- verb capture, the first token of the verb group (for modality cues).
local function verb_stances(doc, subjects, v, vg_first, opts)
  local st = core.state
  if st.handled[v.first] then return end
  st.handled[v.first] = true
  local s = v.sentence
  local send = sentence_end(doc, s)
  local entry, info = verb_entry(v)
  if not info then return end
  local flags = core.cues(doc, vg_first, v.first - 1)
  if opts and opts.flags then
    for k, val in pairs(opts.flags) do flags[k] = val end
  end
  local tinfo, cameo, typ, extra = info, nil, nil, nil
  local after = v.last + 1
  local targets

  -- control verbs: urged X to meet Y; threatened to attack Y; refused to meet Y
  if info.control then
    local class = info.control
    if class == "appeal" or class == "demand" then
      local cands = core.candidates(doc, after, min(send, after + 12), {})
      local tg = core.pick_targets(cands, info.targets)
      local k = tg and (tg[#tg].last + 1) or after
      local inner, iinfo, ineg = core.inner_verb(doc, k, send)
      if tg then targets = tg end
      if inner then
        cameo, typ = core.control_code(class, iinfo)
        extra = { action = iinfo.type }
        if ineg then extra.action = "not " .. iinfo.type end
      end
    else
      local inner, iinfo, ineg = core.inner_verb(doc, after, send)
      if inner then
        local code, t = core.control_code(class, iinfo)
        if code and not ineg then
          cameo, typ = code, t
          extra = { action = iinfo.type }
        else
          -- refused to condemn / refrained from criticizing: the act, negated
          cameo, typ = iinfo.cameo, iinfo.type
          if class == "refuse" or class == "negate" or ineg then flags.neg = true end
        end
        tinfo = iinfo
        after = inner.last + 1
        st.handled[inner.first] = true
      elseif class == "negate" and not info.flags.notarget then
        return
      end
    end
  end

  -- the target after the verb
  local cands
  if not targets then
    if tinfo.flags.that and doc:norm(after) == "that" then
      targets = clause_targets(doc, after + 1, send)
      if #targets == 0 then targets = nil end
    else
      cands = core.candidates(doc, after, min(send, after + 16), { verbs = true })
      targets = core.pick_targets(cands, tinfo.targets)
      if not targets and tinfo.flags.that and #cands == 0 then
        targets = clause_targets(doc, after, send)
        if #targets == 0 then targets = nil end
      end
    end
  end

  -- the place
  local last_tok = v.last
  if targets then last_tok = max(last_tok, targets[#targets].last) end
  local where = core.where(doc, after, send, nil)
  if not where then where = opening_place(doc, s, subjects[1].span.first) end

  local first_tok = subjects[1].span.first
  if opts and opts.evidence_first then first_tok = min(first_tok, opts.evidence_first) end
  local evidence = span_of(doc, first_tok, last_tok)
  local rec = { info = tinfo, cameo = cameo, type = typ, flags = flags, evidence = evidence,
                extra = extra }

  local emitted = false
  if targets then
    for _, sj in ipairs(subjects) do
      for _, t in ipairs(targets) do
        local tid = core.item_of(doc, t)
        if tid then
          rec.source, rec.target = sj.id or core.country_actor(doc, sj.iso), tid
          local loc = where
          if t.kind == "location" then loc = t.id elseif t.loc and (tinfo.targets.loc) then loc = t.loc end
          rec.location = loc
          rec.flags = flags
          if core.emit(doc, rec) then emitted = true end
        end
      end
    end
  elseif tinfo.flags.mutual and #subjects >= 2 then
    -- "X and Y met": one stance for each pair, first-named first
    for a = 1, #subjects - 1 do
      for b = a + 1, #subjects do
        rec.source = subjects[a].id or core.country_actor(doc, subjects[a].iso)
        rec.target = subjects[b].id or core.country_actor(doc, subjects[b].iso)
        rec.location = where
        rec.extra = rec.extra or {}
        rec.extra.reciprocal = true
        if core.emit(doc, rec) then emitted = true end
      end
    end
  elseif tinfo.flags.notarget or info.flags.notarget then
    for _, sj in ipairs(subjects) do
      rec.source, rec.target, rec.location = sj.id or core.country_actor(doc, sj.iso), nil, where
      if core.emit(doc, rec) then emitted = true end
    end
  end
  st.last = { s = s, subjects = subjects, obj_last = targets and targets[#targets].last or v.last,
              verb_last = v.last }
  return emitted
end
core.verb_stances = verb_stances

-- Subjects from a source capture: its conjuncts ("Shoigu and Li Hongzhong").
local function subjects_of(doc, src, lo)
  local out = {}
  for _, a in ipairs(core.conjuncts(doc, src, lo)) do
    if a.item then out[#out + 1] = { id = a.item, span = a } end
  end
  return out
end

------------------------------------------------------------------ rules

polis.rule {
  name = "stances-begin", stage = "stances",
  description = "reset the per-document state of the stance rules",
  run = function (doc) core.begin(doc) end,
}

-- Reported speech: "according to X", "X said", ", said X", "as per X".
polis.rule {
  name = "stances-reported", stage = "stances",
  description = "reported-speech cues: according to X, X said, as per X",
  pattern = [[
    (according to | as per) (the)? {ACTOR}?=speaker
    | {ACTOR}=speaker <st_vg> @say=say
    | @say=say (the)? {ACTOR}?=speaker
  ]],
  vars = vars,
  emit = function (doc, m)
    local sp = m.speaker and m.speaker.item or nil
    if not sp and m.say then
      -- "... and said that": the sentence's own subject speaks
      local p = doc:norm(m.say.first - 1)
      if p == "and" or p == "also" then return end
    end
    core.add_report(m.sentence, sp)
  end,
}

-- Passive: "Russia was condemned by America".
polis.rule {
  name = "stances-passive", stage = "stances",
  description = "TARGET was VERBed by SOURCE",
  pattern = [[
    {ACTOR|LOCATION}=target <st_vg>=vg @stance_verbs=verb
    [!"by" & !"." & !";" & !"that" & !"which"]{0,6}?
    by (the)? ({ACTOR}=source | @demonyms=dsrc @agent_nouns)
  ]],
  vars = vars,
  emit = function (doc, m)
    local v = m.verb
    if not m.vg or not is_passive(doc, v, m.vg.first) then return end
    local st = core.state
    if st.handled[v.first] then return end
    st.handled[v.first] = true
    local info = lex.info(v.entry)
    local src = m.source and m.source.item or (m.dsrc and core.country_actor(doc, m.dsrc.entry.country))
    if not src or not m.target.item then return end
    local flags = core.cues(doc, m.vg.first, v.first - 1)
    local tgts = {}
    if m.target.label == "ACTOR" then
      for _, a in ipairs(core.conjuncts(doc, m.target, doc:sentence(m.sentence).first)) do
        tgts[#tgts + 1] = a.item
      end
    else
      tgts[1] = m.target.item
    end
    local where = core.where(doc, v.last + 1, sentence_end(doc, m.sentence), nil)
    for _, t in ipairs(tgts) do
      core.emit(doc, { source = src, target = t, info = info, flags = flags, evidence = m,
                       location = where })
    end
  end,
}

-- Active: "America has openly condemned Russia", "Wang will meet Lavrov",
-- "Shoigu and Li Hongzhong attended a parade in Pyongyang".
polis.rule {
  name = "stances-active", stage = "stances",
  description = "SOURCE (auxiliaries, adverbs, apposition) VERB ... TARGET",
  pattern = [[ {ACTOR}=source <st_vg>=vg @stance_verbs=verb ]],
  vars = vars,
  emit = function (doc, m)
    local v = m.verb
    if core.state.handled[v.first] then return end
    local lo = doc:sentence(m.sentence).first
    if is_passive(doc, v, m.source.last + 1) then return end
    local subjects = subjects_of(doc, m.source, lo)
    if #subjects == 0 then return end
    verb_stances(doc, subjects, v, m.source.last + 1)
  end,
}

-- Demonym subjects: "Israeli troops shelled ...", "the Chinese foreign
-- minister held talks with ...": the country acts.
polis.rule {
  name = "stances-active-demonym", stage = "stances",
  description = "DEMONYM agent-noun VERB ... TARGET",
  pattern = [[ @demonyms=dsrc @agent_nouns{1,3} <st_vg>=vg @stance_verbs=verb ]],
  vars = vars,
  emit = function (doc, m)
    local v = m.verb
    if core.state.handled[v.first] then return end
    if is_passive(doc, v, m.dsrc.last + 1) then return end
    verb_stances(doc, { { iso = m.dsrc.entry.country, span = m.dsrc } }, v, m.dsrc.last + 1)
  end,
}

-- "X said (that) it/he/she/they would VERB ...": the pronoun is the speaker.
polis.rule {
  name = "stances-pronoun", stage = "stances",
  description = "SOURCE said (that) it|he|she|they VERB ... TARGET",
  pattern = [[
    {ACTOR}=source <st_vg> @say (that)? (it | he | she | they)=pron <st_vg>=vg @stance_verbs=verb
  ]],
  vars = vars,
  emit = function (doc, m)
    local v = m.verb
    if core.state.handled[v.first] then return end
    if is_passive(doc, v, m.pron.last + 1) then return end
    local subjects = subjects_of(doc, m.source, doc:sentence(m.sentence).first)
    if #subjects == 0 then return end
    verb_stances(doc, subjects, v, m.pron.last + 1)
  end,
}

-- The looser fallback: the nearest actor before the verb in the same clause,
-- whatever words stand between (garbled or long subjects). A verb the rules
-- above coded is left alone.
local PREPOSITIONAL = core.PREP

polis.rule {
  name = "stances-fallback", stage = "stances",
  description = "SOURCE ... VERB: the nearest actor before a verb the other rules missed",
  pattern = "{ACTOR}=source " .. BAR .. "{1,10}?=gap @stance_verbs=verb",
  vars = vars,
  emit = function (doc, m)
    local v = m.verb
    local st = core.state
    if st.handled[v.first] then return end
    local lo = doc:sentence(m.sentence).first
    -- candidate subjects: actors from the source to the verb, nearest first,
    -- skipping possessors ("China's minister") and objects of prepositions
    local acts = doc:annotations("ACTOR", { first = m.source.first, last = v.first - 1 })
    local pick, fallback
    for k = #acts, 1, -1 do
      local a = acts[k]
      local nxt = a.last + 1 < v.first and doc:norm(a.last + 1) or nil
      local prev = a.first > lo and doc:norm(a.first - 1) or nil
      if nxt == "'s" then
        fallback = fallback or a
      elseif prev and PREPOSITIONAL[prev] then
        if prev == "of" then fallback = fallback or a end
      else
        pick = a
        break
      end
    end
    pick = pick or fallback
    if not pick then return end
    -- a verb coordinated with an earlier one ("met Lavrov and is expected to
    -- discuss ..."): its subject is the earlier verb's
    local last = st.last
    if last and last.s == m.sentence and pick.last == last.obj_last then
      local j = pick.last + 1
      local n = doc:norm(j)
      if n == "," then j = j + 1; n = doc:norm(j) end
      if n == "and" or n == "then" then
        if is_passive(doc, v, j + 1) then return end
        verb_stances(doc, last.subjects, v, j + 1)
        return
      end
    end
    if is_passive(doc, v, pick.last + 1) then return end
    local subjects = subjects_of(doc, pick, lo)
    if #subjects == 0 then return end
    verb_stances(doc, subjects, v, pick.last + 1)
  end,
}

------------------------------------------------------------------ nominal stances

-- modifiers between a source and its noun: "military", "closely-watched", "security"
local NMOD = [=[[lower & !"of" & !"to" & !"with" & !"by" & !"and" & !"or" & !"on" & !"in"
  & !"for" & !"against" & !"that" & !"which" & !"who" & !"said" & !"says" & !"is" & !"are"
  & !"was" & !"were" & !"has" & !"have" & !"had" & !"not" & !"from" & !"at" & !"as"]]=]

local PRE_FUTURE = { planned = "future", upcoming = "future", forthcoming = "future",
  scheduled = "future", expected = "future", proposed = "hypothetical", possible = "hypothetical",
  potential = "hypothetical", prospective = "hypothetical", threatened = "hypothetical",
  mooted = "hypothetical", rumoured = "hypothetical", rumored = "hypothetical",
  alleged = "reported", reported = "reported", failed = "asserted" }

-- Modality cues of a nominal: modifiers before the noun ("a potential arms
-- deal") and what the clause says of it right after ("... are expected to").
local function noun_flags(doc, from, noun_first, after, send)
  local flags = {}
  for i = max(from - 2, 1), noun_first - 1 do
    local f = PRE_FUTURE[doc:norm(i)]
    if f == "future" then flags.future = true
    elseif f == "hypothetical" then flags.hypo = true
    elseif f == "reported" then flags.reported = true end
  end
  for i = after, min(send, after + 2) do
    local n = doc:norm(i)
    if n == "will" or n == "expected" or n == "set" or n == "due" or n == "planned" then
      flags.future = true
    elseif n == "could" or n == "may" or n == "might" or n == "would" or n == "likely" then
      flags.hypo = true
    end
  end
  return flags
end

-- The target after a noun: the preposition right after it must be one the
-- noun takes ("invasion of", "visit to", "meetings with").
local function noun_targets(doc, info, i, send)
  if i > send then return nil end
  local p = doc:norm(i)
  local ok = info.targets[p] or (info.targets.loc and (p == "in" or p == "to" or p == "into"))
  if not ok or p == "between" then return nil end
  local cands = core.candidates(doc, i, min(send, i + 10), { stop_at_prep = true })
  if #cands == 0 or cands[1].prep ~= p then return nil end
  if not info.targets[p] and cands[1].kind == "actor" and not cands[1].loc then return nil end
  return core.pick_targets(cands, { [p] = true, loc = info.targets.loc })
end

local function noun_stance(doc, m, src_ids, noun, targets, ev_first, ev_last, where)
  local info = lex.info(noun.entry)
  if not info then return end
  local send = sentence_end(doc, m.sentence)
  local after = (targets and targets[#targets].last or noun.last) + 1
  local flags = noun_flags(doc, ev_first, noun.first, after, send)
  local evidence = span_of(doc, ev_first, ev_last or (targets and targets[#targets].last) or noun.last)
  for _, sid in ipairs(src_ids) do
    for _, t in ipairs(targets) do
      local tid = core.item_of(doc, t)
      if tid then
        local loc = where
        if t.kind == "location" then loc = t.id end
        core.emit(doc, { source = sid, target = tid, info = info, flags = flags,
                         evidence = evidence, location = loc })
      end
    end
  end
end

-- "Russia-China security consultations", "US-China talks": a relation between two.
polis.rule {
  name = "stances-nominal-pair", stage = "stances",
  description = "X-Y (modifiers) NOUN",
  pattern = [[ {ACTOR|LOCATION}=source "-" {ACTOR|LOCATION}=target ]] .. NMOD .. [[{0,3} @stance_nouns=noun ]],
  vars = vars,
  emit = function (doc, m)
    local info = lex.info(m.noun.entry)
    if not info or not info.flags.mutual then return end
    local a, b = core.acting(doc, m.source), core.acting(doc, m.target)
    if not a or not b then return end
    local t = { { first = m.target.first, last = m.target.last, id = b, kind = "actor" } }
    noun_stance(doc, m, { a }, m.noun, t, m.first, m.last)
  end,
}

-- "Russia's invasion of Ukraine", "Wang's meetings with US ...", "US sanctions on Iran".
polis.rule {
  name = "stances-nominal", stage = "stances",
  description = "SOURCE('s) (modifiers) NOUN prep TARGET",
  pattern = [[ {ACTOR}=source ("'s")?=poss ]] .. NMOD .. [[{0,3} @stance_nouns=noun ]],
  vars = vars,
  emit = function (doc, m)
    local info = lex.info(m.noun.entry)
    if not info then return end
    local send = sentence_end(doc, m.sentence)
    local targets = noun_targets(doc, info, m.noun.last + 1, send)
    if not targets then return end
    local srcs = {}
    for _, a in ipairs(core.conjuncts(doc, m.source, doc:sentence(m.sentence).first)) do
      srcs[#srcs + 1] = a.item
    end
    noun_stance(doc, m, srcs, m.noun, targets, m.first)
  end,
}

-- "the Russian invasion of Ukraine", "a Chinese attack on Taiwan".
polis.rule {
  name = "stances-nominal-demonym", stage = "stances",
  description = "DEMONYM (modifiers) NOUN prep TARGET",
  pattern = [[ @demonyms=dsrc ]] .. NMOD .. [[{0,3} @stance_nouns=noun ]],
  vars = vars,
  emit = function (doc, m)
    local info = lex.info(m.noun.entry)
    if not info then return end
    local send = sentence_end(doc, m.sentence)
    local targets = noun_targets(doc, info, m.noun.last + 1, send)
    if not targets then return end
    local id = core.country_actor(doc, m.dsrc.entry.country)
    if not id then return end
    noun_stance(doc, m, { id }, m.noun, targets, m.first)
  end,
}

-- "a visit by North Korean leader Kim Jong Un to Russia", "the invasion of
-- Ukraine by Russia".
polis.rule {
  name = "stances-nominal-by", stage = "stances",
  description = "NOUN by SOURCE prep TARGET | NOUN prep TARGET by SOURCE",
  pattern = [[
    @stance_nouns=noun by (the)? (@demonyms | ]] .. NMOD .. [[){0,3} {ACTOR}=source
    | @stance_nouns=noun [!"by" & !"." & !";"]{1,8}?=mid by (the)? {ACTOR}=source
  ]],
  vars = vars,
  emit = function (doc, m)
    local info = lex.info(m.noun.entry)
    if not info then return end
    local send = sentence_end(doc, m.sentence)
    local targets
    if m.mid then
      targets = noun_targets(doc, info, m.noun.last + 1, m.mid.last)
    else
      targets = noun_targets(doc, info, m.source.last + 1, send)
    end
    if not targets then return end
    local ev_last = max(m.source.last, targets[#targets].last)
    noun_stance(doc, m, { m.source.item }, m.noun, targets, m.noun.first, ev_last)
  end,
}

-- "military cooperation between Russia, China and North Korea": one stance
-- per pair the text names.
polis.rule {
  name = "stances-nominal-between", stage = "stances",
  description = "NOUN between X(, Y) and Z",
  pattern = [[ @stance_nouns=noun between (the)? {ACTOR} (","? (and)? (the)? {ACTOR}){1,5} ]],
  vars = vars,
  emit = function (doc, m)
    local info = lex.info(m.noun.entry)
    if not info or not info.targets.between then return end
    local ids, seen = {}, {}
    for _, a in ipairs(doc:annotations("ACTOR", m)) do
      if a.item and not seen[a.item] then
        -- nested spans: keep the outermost
        local inner = false
        for _, b in ipairs(doc:annotations("ACTOR", m)) do
          if b ~= a and b.first <= a.first and b.last >= a.last and (b.last - b.first) > (a.last - a.first) then
            inner = true
          end
        end
        if not inner then
          seen[a.item] = true
          ids[#ids + 1] = a.item
        end
      end
    end
    if #ids < 2 then return end
    local send = sentence_end(doc, m.sentence)
    local flags = noun_flags(doc, m.first, m.noun.first, m.last + 1, send)
    for a = 1, #ids - 1 do
      for b = a + 1, #ids do
        core.emit(doc, { source = ids[a], target = ids[b], info = info, flags = flags,
                         evidence = m, extra = { reciprocal = true } })
      end
    end
  end,
}
