-- Default stance rules: who did what to whom (docs/stances.md).
--
-- Two token patterns, run by the C core over every sentence, find the
-- candidates: a stance verb with an actor before it (active, passive,
-- "X said it would ...", a demonym subject such as "Israeli troops") and a
-- stance noun with its participants ("the Russian invasion of Ukraine", "a
-- visit by Kim Jong Un to Russia", "Russia-China consultations", "cooperation
-- between Russia, China and North Korea"). Their emit functions hand the
-- match to lib.stances.core, which reads the few tokens around it (the
-- subject's auxiliaries and negation, the target in the verb's frame, the
-- place, reported speech) and emits stance records with CAMEO and PLOVER
-- codes. The verbs and nouns come from scripts/data/stance_verbs.tsv and
-- stance_nouns.tsv (extend them from a rule folder: docs/stances.md).
local polis = require "polis"
local lex = require "lib.stances.lexicon"
local core = require "lib.stances.core"
local adata = require "lib.actors.data"

local min, max = math.min, math.max

------------------------------------------------------------------ vocabulary

local say_words = { "said", "says", "say", "told", "tells", "stated", "states", "added",
  "adds", "claimed", "claims", "announced", "announces", "reported", "noted", "notes", "declared",
  "declares", "insisted", "insists", "argued", "argues", "explained", "asserted", "maintained",
  "confirmed", "confirms", "wrote", "writes", "tweeted", "posted", "acknowledged", "admitted",
  "stressed", "stresses", "emphasised", "emphasized", "underlined", "remarked", "observed",
  "reiterated", "revealed", "indicated", "suggested", "believes", "believed", "thinks",
  "predicted", "estimated", "disclosed", "conceded", "quoted as saying" }
local say = polis.dict { case = "exact" }     -- lowercase only: "United States" says nothing
for _, w in ipairs(say_words) do say:add(w) end
core.SAY = {}
for _, w in ipairs(say_words) do core.SAY[w] = true end

local agent_nouns = polis.lexicon((function ()
  local l, seen = {}, {}
  for _, set in ipairs { core.AGENT_NOUN, core.TITLE_WORD } do
    for w in pairs(set) do
      if not seen[w] then seen[w] = true; l[#l + 1] = w end
    end
  end
  table.sort(l)
  return l
end)())

-- Words that may stand between a subject and its verb: auxiliaries, negation,
-- adverbs, times ("on Monday"), "is expected to". core.VG holds the single
-- words, for reading the gap of a match.
local vg = {}
for w in ([[has have had is are was were be been being will would shall should can could may
  might must do does did 've 'd 'll 're wo ca to not n't never also already still again just now
  then reportedly allegedly apparently once yet even further later soon recently previously first
  finally jointly today yesterday tonight both all each itself themselves himself herself too
  meanwhile instead however therefore thus subsequently initially eventually ultimately no longer
  on in monday tuesday wednesday thursday friday saturday sunday week month year night morning
  afternoon evening weekend january february march april may june july august september october
  november december last this next earlier late early since over during
  expected set due scheduled poised likely unlikely ready willing able unable going about trying
  seeking planning preparing hoping wanting intending continuing beginning starting moving
  working looking keen eager determined prepared supposed reluctant quick plans planned plan
  intends intended intend wants wanted want hopes hoped hope seeks sought seek aims aimed aim
  tries tried try attempts attempted attempt prepares prepare continues continued continue began
  begins begin started starts start decided decides decide moved moves failed fails fail needs
  need needed wishes wished wish used tends tended appears appeared seems seemed promised
  voted votes vote opted opts opt]]):gmatch("%S+") do
  vg[w] = true
end
core.VG = vg
local vg_words = {}
for w in pairs(vg) do vg_words[#vg_words + 1] = w end
table.sort(vg_words)
local vg_dict = polis.lexicon(vg_words)

local vars = {
  stance_verbs = lex.verbs, stance_nouns = lex.nouns, demonyms = core.demonyms,
  vg = vg_dict, say = say, agent_nouns = agent_nouns, groups = core.groups,
}

-- auxiliaries and modal verbs before a base form
local AUX = {}
for w in ([[will would shall should can could may might must do does did to 'll 'd wo ca not
  n't never also]]):gmatch("%S+") do AUX[w] = true end

------------------------------------------------------------------ reported speech

-- Cues of reported speech, matched only in sentences that carry a stance
-- (core.reports): "according to X", "as per X", "X said", ", said X".
-- (@say comes first: an engine bug checks a pattern's first-word dictionaries
-- by their order of appearance, see docs/stances.md "Engine notes")
core.say_pattern = polis.pattern([[
  @say=say ((the)? {ACTOR}=speaker ("," | "." | $))?
  | (according to | as per)=acc (the)? {ACTOR}?=speaker
  | {ACTOR}=speaker (@vg | [lower & /ly$/]){0,4} @say=say
]], vars)

------------------------------------------------------------------ helpers

-- Is verb v a passive: a form of "be"/"get" (adverbs between) then a participle?
local function is_passive(doc, v, lo)
  if not v.entry.form:find("ppart", 1, true) then return false end
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
  local sc = core.sent(doc, s)
  local n = doc:norm(sc.first)
  if (n == "in" or n == "at") and before > sc.first + 1 then
    for _, l in ipairs(sc.locs) do
      if l.first >= sc.first + 1 and l.last <= min(before - 1, sc.first + 4) then return l.item end
    end
  end
  return nil
end

local function span_of(doc, a, b)
  return doc:span(min(a, b), max(a, b))
end

-- Targets after "that S" (warned that ...): the subject of S and the agent of
-- a passive in S ("weapons might be used by Russia").
local function clause_targets(doc, s, from, send)
  local cands = core.candidates(doc, s, from, min(send, from + 20), { through_that = true })
  local out = {}
  local k = nil
  for i, c in ipairs(cands) do
    if #out == 0 and c.prep == nil then
      -- the clause's subject: only a determiner and modifiers before it ("that
      -- a gruelling schedule will not damage the English" has none)
      for j = from, c.first - 1 do
        local n = doc:norm(j)
        if j > from + 5 or AUX[n] or core.BARRIER[n] or core.verb_like(doc, j) then return out end
      end
      out[#out + 1] = c
      k = i
    elseif k and i == k + 1 and c.conj and c.prep == nil then
      out[#out + 1] = c                      -- "that Israel and Hamas agree"
      k = i
    elseif c.prep == "by" then
      out[#out + 1] = c
      break
    end
  end
  return out
end

-- Does the that-clause whose subject ends at token `last` state a fact ("that
-- the agency had ...", "that X was ...") rather than ask for something ("that
-- X withdraw", "that X should")?
local STATING = {}
for w in ([[is are was were has had have will would could can did does 's 're]]):gmatch("%S+") do
  STATING[w] = true
end
local function stating_clause(doc, last, send)
  local i = last + 1
  while i <= send and doc:is(i, "lower") and doc:norm(i):sub(-2) == "ly" do i = i + 1 end
  if i > send then return false end
  local n = doc:norm(i)
  return STATING[n] or (doc:is(i, "lower") and #n > 4 and n:sub(-2) == "ed") or false
end

------------------------------------------------------------------ verbs

-- What a transfer verb moves decides the stance (send/supply/deliver X to Y).
local TRANSFER = {}
for w in ([[weapons weapon arms tanks missiles missile rockets artillery ammunition munitions
  shells jets fighter warplanes aircraft drones helicopters howitzers launchers systems
  equipment rifles guns bombs interceptors patriot]]):gmatch("%S+") do TRANSFER[w] = { "aid", "072" } end
for w in ([[troops soldiers forces peacekeepers marines warships ships battalion battalions
  brigade units personnel advisers advisors police carrier carriers destroyer destroyers frigate
  frigates submarine submarines fleet navy]]):gmatch("%S+") do TRANSFER[w] = { "mobilize", "154" } end
for w in ([[aid food medicine medicines supplies relief assistance vaccines water fuel
  tents blankets]]):gmatch("%S+") do TRANSFER[w] = { "aid", "073" } end
for w in ([[money funds funding loans loan cash grants credit dollars euros billion million
  investment]]):gmatch("%S+") do TRANSFER[w] = { "aid", "071" } end
for w in ([[envoy envoys delegation diplomats mediators negotiators]]):gmatch("%S+") do
  TRANSFER[w] = { "visit", "042" }
end

-- Stances of contact: their target is met, not a party whose request is the object.
local CONTACT = { host = true, meet = true, visit = true, phone = true, consult = true }

-- What a light verb holds decides the stance (held talks, conducted raids).
local function light(typ, cameo, targets, flags)
  local t = {}
  for w in targets:gmatch("[^,]+") do t[w] = true end
  local f = {}
  for w in (flags or ""):gmatch("[^,]+") do f[w] = true end
  return { type = typ, cameo = cameo, targets = t, flags = f }
end
local LIGHT = {}
for w in ([[talks meeting meetings discussions consultations summit dialogue round
  conference]]):gmatch("%S+") do LIGHT[w] = light("meet", "040", "with", "mutual") end
for w in ([[negotiations]]):gmatch("%S+") do LIGHT[w] = light("negotiate", "046", "with", "mutual") end
for w in ([[call conversation]]):gmatch("%S+") do LIGHT[w] = light("phone", "041", "with", "mutual") end
for w in ([[exercises drills manoeuvres maneuvers patrols]]):gmatch("%S+") do
  LIGHT[w] = light("cooperate", "062", "with", "mutual")
end
for w in ([[protest protests demonstration demonstrations rally rallies march sit-in]]):gmatch("%S+") do
  LIGHT[w] = light("protest", "141", "against", "notarget")
end
for w in ([[raid raids attack attacks assault offensive ambush bombing bombings]]):gmatch("%S+") do
  LIGHT[w] = light("attack", "190", "on,against,at,in,loc")
end
for w in ([[airstrikes airstrike air strikes]]):gmatch("%S+") do
  LIGHT[w] = light("bomb", "195", "on,against,in,loc")
end
for w in ([[missile missiles rocket rockets drone drones shells mortars]]):gmatch("%S+") do
  LIGHT[w] = light("attack", "195", "at,on,against,into,loc")
end

local function light_kind(doc, from, to)
  for i = from, min(to, from + 6) do
    local n = doc:norm(i)
    if n == "with" or n == "on" or n == "against" or core.BARRIER[n] then return nil end
    local k = LIGHT[n]
    if n == "sit" and doc:norm(i + 1) == "-" and doc:norm(i + 2) == "in" then
      return LIGHT["sit-in"], i + 2           -- (the tokenizer splits "sit-in")
    end
    if k then
      -- "joint exercises" are cooperation, exercises alone a show of force
      if k.cameo == "062" and doc:norm(i - 1) ~= "joint" and doc:norm(i - 2) ~= "joint" then
        return light("mobilize", "150", "near,along,off,loc"), i
      end
      return k, i
    end
  end
  return nil
end

-- recall X from/to Y: an ambassador is a downgrade, troops a withdrawal
local RECALL = {}
for w in ([[ambassador ambassadors envoy envoys diplomats diplomat]]):gmatch("%S+") do
  RECALL[w] = { "sanction", "161" }
end
for w in ([[troops soldiers forces peacekeepers warships]]):gmatch("%S+") do
  RECALL[w] = { "withdraw", "087" }
end
-- suspend/halt/freeze/cut X to/with Y: aid is a cut in aid, talks a halt to talks
local SUSPEND = {}
for w in ([[aid assistance funding funds loans support supplies deliveries]]):gmatch("%S+") do
  SUSPEND[w] = { "sanction", "162" }
end
for w in ([[talks negotiations dialogue contacts mediation]]):gmatch("%S+") do
  SUSPEND[w] = { "sanction", "164" }
end
for w in ([[ties relations cooperation trade flights visas]]):gmatch("%S+") do
  SUSPEND[w] = { "sanction", "160" }
end
local OBJECT_CLASSES = { recall = RECALL, suspend = SUSPEND, halt = SUSPEND, freeze = SUSPEND,
                         cut = SUSPEND, stop = SUSPEND, ["end"] = SUSPEND }

local function transfer_kind(doc, from, to, lemma)
  local map = OBJECT_CLASSES[lemma] or TRANSFER
  for i = from, min(to, from + 8) do
    local k = map[doc:norm(i)]
    -- (the head decides: "an aircraft carrier" is a warship)
    if k and i < to and map[doc:norm(i + 1)] and doc:is(i + 1, "lower") then
      k = map[doc:norm(i + 1)]
    end
    if k then return k end
  end
  return nil
end

local WH = { how = true, why = true, what = true, whether = true, ["if"] = true, when = true,
  where = true, who = true, which = true }

-- The stances of one verb. subjects: { {id=, span=} or {iso=, span=} },
-- v: the verb capture, cue_from: the first token of the verb group (its
-- auxiliaries, negation and modal verbs are the modality cues).
-- Verbs whose subject is the agent of the noun they take ("approved a loan
-- to Pakistan", "launched an attack on Kyiv"), by lemma.
local AGENT_VERB = {}
-- (every form, from the lexicon's own inflection; the irregular ones by hand)
for w in ([[approve announce offer pledge provide grant extend give send deliver sign make
  launch carry conduct stage begin start continue step intensify escalate resume order plan
  complete hold mount unleash wage agree propose promise seek pursue authorize authorise
  finalize finalise conclude renew expand boost increase]]):gmatch("%S+") do
  for _, forms in pairs(lex.inflect(w)) do
    for _, f in ipairs(forms) do AGENT_VERB[f] = true end
  end
end
for w in ([[made gave given sent held began begun beginning sought]]):gmatch("%S+") do
  AGENT_VERB[w] = true
end
local function agent_verb(w) return AGENT_VERB[w] == true end

local PHONE = { phone = true, telephone = true, videolink = true, video = true }
local AERIAL = { missile = true, missiles = true, rocket = true, rockets = true, drone = true,
  drones = true, airstrike = true, airstrikes = true, bombs = true }

-- Stances that may have a topic instead of a target: what one says of an
-- event or a decision ("condemned the meeting", "welcomed the decision").
local TOPIC_TYPES = { criticize = true, praise = true, support = true, reject = true, appeal = true,
  demand = true, disapprove = true, disagree = true, protest = true }
local TOPIC_DET = { the = true, a = true, an = true, this = true, these = true, that = true,
  those = true, its = true, their = true, his = true, her = true, our = true }
local TOPIC_STOP = { ["that"] = true, ["and"] = true, ["but"] = true, ["as"] = true,
  ["because"] = true, ["while"] = true, ["which"] = true, ["who"] = true, ["after"] = true,
  ["before"] = true, ["when"] = true, ["since"] = true, ["for"] = true, ["in"] = true,
  ["at"] = true, ["during"] = true, ["by"] = true }
local TOPIC_TIME = {}
for w in ([[monday tuesday wednesday thursday friday saturday sunday yesterday today tonight
  january february march april may june july august september october november december
  ]]):gmatch("%S+") do TOPIC_TIME[w] = true end
-- a thing moved is no topic: "slammed his racket onto the ground"
local TOPIC_MOTION = { onto = true, into = true, down = true, off = true, away = true, out = true }

-- The topic right after a verb: a determiner, then up to seven words (a
-- phrase with "of", "on", "to" or "against" included, with the names in it),
-- ending at punctuation or a clause word. Returns its first and last token.
local function topic_at(doc, a, send)
  if a > send or not TOPIC_DET[doc:norm(a)] then return nil end
  local b, words = a, 0
  local i = a + 1
  while i <= send and words < 7 do
    local w = doc:norm(i)
    if TOPIC_MOTION[w] then return nil end
    if doc:is(i, "punct") or TOPIC_STOP[w] then break end
    if not (doc:is(i, "lower") or doc:is(i, "cap") or doc:is(i, "num")) then break end
    b, words, i = i, words + 1, i + 1
  end
  if b == a then return nil end
  -- not the time of the act ("criticised the government on Monday")
  for i = a + 1, b do
    if TOPIC_TIME[doc:norm(i)] then b = i - 1 break end
  end
  -- not ending on a preposition or a determiner ("the attack on")
  while b > a and (TOPIC_DET[doc:norm(b)] or core.PREP[doc:norm(b)]) do b = b - 1 end
  if b == a then return nil end
  return a, b
end

-- Nouns for a government that a topic may end in, and the country they belong to: a
-- demonym among the topic's words ("the Georgian government"), else the source's own.
local GOV_NOUN = { government = true, authorities = true, regime = true, junta = true,
  administration = true, leadership = true, cabinet = true }
local function government_country(doc, a, b, subject)
  for i = a + 1, b - 1 do
    local iso = core.demonym_at(doc, i)
    if iso then return iso end
  end
  return subject.iso or (subject.id and core.country_of(doc, subject.id)) or nil
end

-- A stance noun right after a control verb (a determiner and up to three
-- modifiers before it) whose frame finds a target: "threatened military
-- intervention in Niger", "demanded sanctions against Russia". Returns the
-- noun's match, its row and the targets.
local noun_targets
local function inner_noun(doc, s, from, send)
  for i = from, min(send, from + 3) do
    local m = lex.nouns:match(doc, i)
    if m then
      local ninfo = lex.info(m.entry)
      if not ninfo then return nil end
      local tg = noun_targets(doc, s, ninfo, m.last + 1, send)
      if not tg then return nil end
      return m, ninfo, tg
    end
    if not doc:is(i, "lower") then return nil end
  end
  return nil
end

-- After a visit: "for talks with X", "for a meeting with X" (within eight words
-- of the place) gives the visitors a meeting with X, with the visit's modality.
local PURPOSE = { talks = true, meeting = true, meetings = true, consultations = true,
  discussions = true, summit = true, negotiations = true }
local PURPOSE_INFO = light("meet", "040", "with", "mutual")
local function purpose_meeting(doc, s, subjects, from, send, flags, vrec)
  for i = from, min(send - 2, from + 8) do
    if doc:norm(i) == "for" then
      local j = i + 1
      if doc:norm(j) == "a" then j = j + 1 end
      if not PURPOSE[doc:norm(j)] or j + 1 > send or doc:norm(j + 1) ~= "with" then return end
      local cands = core.candidates(doc, s, j + 1, min(send, j + 10), {})
      local tg = core.pick_targets(cands, { with = true })
      if not tg then return end
      local info = PURPOSE_INFO
      local src_iso = subjects[1].iso or core.country_of(doc, subjects[1].id)
      for _, sj in ipairs(subjects) do
        for _, t in ipairs(tg) do
          local tid = core.item_of(doc, t, src_iso)
          if tid then
            core.emit(doc, { info = info, flags = flags, verb = j, source = core.subject_id(doc, sj),
                             target = tid, location = vrec.location,
                             evidence = span_of(doc, subjects[1].span.first, t.last) })
          end
        end
      end
      return
    end
    if doc:is(i, "punct") then return end
  end
end

-- The code, type, extra and targets of a control verb's act named by a noun
-- (inner_noun), or nil.
local function noun_act(doc, s, class, from, send)
  local nm, ninfo, ntargets = inner_noun(doc, s, from, send)
  if not nm then return nil end
  local code, t = core.control_code(class, ninfo)
  if not code then return nil end
  core.state.handled[nm.first] = true
  return code, t, { action = ninfo.type }, ntargets
end

local function verb_stances(doc, subjects, v, cue_from, s, extra_flags)
  local st = core.state
  st.handled[v.first] = true
  local info = lex.info(v.entry)
  if not info then return end
  local send = core.sent(doc, s).last
  local flags = core.cues(doc, cue_from, v.first - 1)
  if extra_flags then
    for _, k in ipairs { "neg", "hypo", "future", "reported" } do
      if extra_flags[k] then flags[k] = true end
    end
  end
  st.verbs[v.first] = { subjects = subjects, flags = flags }
  st.verb_forms[v.first] = v.entry.form
  local tinfo, cameo, typ, extra = info, nil, nil, nil
  local after = v.last + 1
  local targets

  -- control verbs: urged X to meet Y; threatened to attack Y; refused to meet Y
  if info.control then
    local class = info.control
    if class == "appeal" or class == "demand" then
      -- "asked how police ...", "asked whether": a question, no appeal
      if after <= send and WH[doc:norm(after)] then return end
      local cands = core.candidates(doc, s, after, min(send, after + 12), {})
      local tg = core.pick_targets(cands, info.targets)
      local k = tg and (tg[#tg].last + 1) or after
      -- the rest of the addressee's noun phrase: "the French ambassador to leave"
      local k0 = k
      while k <= send and k < k0 + 3 and doc:norm(k) ~= "to" and
            (core.AGENT_NOUN[doc:norm(k)] or core.TITLE_WORD[doc:norm(k)]) do
        k = k + 1
      end
      local inner, iinfo, ineg = core.inner_verb(doc, k, send)
      targets = tg
      if not tg and not inner then
        -- "demanded new sanctions against Russia": the act named by a noun
        local code, t, x, ntargets = noun_act(doc, s, class, after, send)
        if code then cameo, typ, extra, targets = code, t, x, ntargets end
      end
      if not inner and info.flags.onlyctl and not (k <= send and doc:norm(k) == "to") then
        return                               -- "ordered 30 Airbus jets" is no demand
      end
      if inner then
        cameo, typ = core.control_code(class, iinfo)
        extra = { action = (ineg and "not " or "") .. iinfo.type }
        st.handled[inner.first] = true
      end
    else
      local inner, iinfo, ineg = core.inner_verb(doc, after, send)
      -- "threatened military intervention in Niger": the act named by a noun
      local ncode, ntyp, nextra, ntargets
      if not inner and class ~= "negate" then
        ncode, ntyp, nextra, ntargets = noun_act(doc, s, class, after, send)
      end
      if inner then
        local code, t = core.control_code(class, iinfo)
        if code and not ineg then
          cameo, typ = code, t
          extra = { action = iinfo.type }
        else
          -- refused to condemn / refrained from criticizing: the act, negated
          cameo, typ = iinfo.cameo, iinfo.type
          flags.neg = true
        end
        tinfo = iinfo
        after = inner.last + 1
        st.handled[inner.first] = true
      elseif ncode then
        cameo, typ, extra, targets = ncode, ntyp, nextra, ntargets
      elseif class == "negate" and not info.flags.notarget then
        return
      elseif after + 1 <= send and doc:norm(after) == "to" and doc:is(after + 1, "lower") then
        -- "threatened to block Sweden's membership": the object of the
        -- unknown verb is the target
        after = after + 2
        tinfo = { targets = { obj = true }, flags = info.flags, cameo = info.cameo,
                  type = info.type, plover = info.plover }
      end
    end
  end

  -- hold talks, conduct raids, stage a protest: the noun decides
  if tinfo.flags.light and not cameo then
    local k, at = light_kind(doc, after, send)
    if not k then return end
    tinfo = k
    typ, cameo = k.type, k.cameo
    after = at + 1
    -- "with" right after the noun ("held talks with X")
    if doc:norm(after) == "with" then tinfo = light(k.type, k.cameo, "with,obj", "mutual") end
  end

  -- the target after the verb
  if not targets then
    local that_at = (tinfo.flags.that and after <= send and doc:norm(after) == "that" and after) or
                    (doc:norm(v.last) == "that" and after == v.last + 1 and v.last) or nil
    if that_at then
      targets = clause_targets(doc, s, that_at + 1, send)
      if #targets > 0 and targets[1].prep == nil then
        -- "insisted that the agency had ...": a statement, no demand
        if tinfo.type == "demand" and stating_clause(doc, targets[#targets].last, send) then return end
        -- "warned that Moscow was trying to ...": an allegation about the
        -- clause's subject, no threat by the speaker
        if tinfo.type == "warn" and not cameo then cameo = "112" end
      end
    else
      local cands = core.candidates(doc, s, after, min(send, after + 20), { verbs = true })
      targets = core.pick_targets(cands, tinfo.targets)
      -- "received a proposal from X": no contact with X
      if targets and targets[1].ask and CONTACT[tinfo.type] then targets = nil end
      if not targets and tinfo.flags.that and #cands == 0 then
        targets = clause_targets(doc, s, after, send)
      end
    end
    if targets and #targets == 0 then targets = nil end
    -- "Russia might use the corridor to smuggle weapons, Ukraine warned."
    if not targets and tinfo.flags.that then
      local sf = core.sent(doc, s).first
      local c = subjects[1].span.first - 1
      if c > sf and doc:norm(c) == "," and (after > send or doc:is(after, "punct")) then
        targets = clause_targets(doc, s, sf, c - 1)
        if #targets == 0 then targets = nil end
      end
    end
  end

  -- send/supply X to Y: X decides
  if tinfo.flags.transfer and not cameo then
    local k = transfer_kind(doc, after, targets and targets[1].first - 1 or min(send, after + 8),
                            tinfo.lemma)
    if not targets then return end
    -- "provide Ukraine with Patriot systems": what follows "with" decides
    local tl = targets[#targets].last
    if not k and targets[1].prep == nil and tl < send and doc:norm(tl + 1) == "with" then
      k = transfer_kind(doc, tl + 2, min(send, tl + 9), tinfo.lemma)
    end
    if k then
      typ, cameo = k[1], k[2]
    elseif not (targets[1].prep == nil and tinfo.targets.obj) then
      return                                 -- "suspended Niger" keeps the verb's own code
    end
  end

  -- "fired 40 missiles at Kyiv": aerial weapons make it 195
  if targets and not cameo and tinfo.type == "attack" and (tinfo.cameo == "190" or tinfo.cameo == "19") then
    for i = after, min(targets[1].first - 1, after + 6) do
      if AERIAL[doc:norm(i)] then cameo = "195" break end
    end
  end

  -- "spoke with X by phone", "talked to X over the phone": a phone call
  if targets and not cameo and (tinfo.type == "consult" or tinfo.type == "meet") then
    local k = targets[#targets].last + 1
    local w1, w2 = k <= send and doc:norm(k), k + 1 <= send and doc:norm(k + 1)
    if (w1 == "by" and PHONE[w2]) or (w1 == "over" and w2 == "the" and k + 2 <= send and
        PHONE[doc:norm(k + 2)]) then
      cameo, typ = "041", "phone"
    end
  end

  -- the place
  local last_tok = v.last
  if targets then last_tok = max(last_tok, targets[#targets].last) end
  local where = core.where(doc, s, after, send, nil) or opening_place(doc, s, subjects[1].span.first)

  local evidence = span_of(doc, subjects[1].span.first, last_tok)
  local rec = { info = tinfo, cameo = cameo, type = typ, flags = flags, evidence = evidence,
                extra = extra, verb = v.first }

  if targets then
    local src_iso = subjects[1].iso or core.country_of(doc, subjects[1].id)
    for _, sj in ipairs(subjects) do
      for _, t in ipairs(targets) do
        local tid = core.item_of(doc, t, src_iso)
        -- "the government" read from the text before is not the government the sentence
        -- names as its party ("the government has offered the Indonesian government")
        if tid and sj.span.entry and sj.span.entry.gov and
           core.country_of(doc, tid) == sj.iso and (doc:get(tid).code or ""):sub(4, 6) == "GOV" then
          tid = nil
        end
        if tid then
          rec.source, rec.target = core.subject_id(doc, sj), tid
          rec.people = t.kind == "demonym"
          rec.location = t.place and t.place.id or where
          if tinfo.targets.loc then
            -- a visit, an attack, a deployment: the place aimed at is where
            if t.kind == "location" then rec.location = t.id elseif t.loc then rec.location = t.loc end
          end
          core.emit(doc, rec)
        end
      end
    end
  elseif tinfo.flags.mutual and #subjects >= 2 then
    -- "X and Y met": one stance for each pair, the first-named first
    rec.extra = rec.extra or {}
    rec.extra.reciprocal = true
    for a = 1, #subjects - 1 do
      for b = a + 1, #subjects do
        rec.source = core.subject_id(doc, subjects[a])
        rec.target = core.subject_id(doc, subjects[b])
        rec.location = where
        core.emit(doc, rec)
      end
    end
  elseif tinfo.flags.notarget or info.flags.notarget then
    for _, sj in ipairs(subjects) do
      rec.source, rec.target, rec.location = core.subject_id(doc, sj), nil, where
      core.emit(doc, rec)
    end
  elseif not cameo and TOPIC_TYPES[tinfo.type] and tinfo.targets.obj then
    -- "the Foreign Ministry condemned the meeting": a stance on a topic, no
    -- party named as its target
    local a, b = topic_at(doc, after, send)
    -- "approved a loan to Pakistan": the noun's own stance says it (nominal rule)
    if a and agent_verb(doc:norm(v.first)) then
      for i = a, b do
        if lex.nouns:match(doc, i) then a = nil break end
      end
    end
    -- "protesters rallied against the government": the government of the country the
    -- text gives (a demonym in the words, else the source's) is the target
    local gov_iso = a and GOV_NOUN[doc:norm(b)] and b > a and doc:norm(b - 1) ~= "'s" and
                    government_country(doc, a, b, subjects[1])
    if gov_iso then
      rec.evidence = span_of(doc, subjects[1].span.first, b)
      rec.location = core.where(doc, s, b + 1, send, nil) or
                     opening_place(doc, s, subjects[1].span.first)
      local tid = core.country_actor(doc, gov_iso)
      -- (protesters against their own government are a relation, unlike a leader and his
      -- country)
      rec.own_government = true
      for _, sj in ipairs(subjects) do
        rec.source, rec.target = core.subject_id(doc, sj), tid
        core.emit(doc, rec)
      end
    elseif a then
      rec.topic = doc:word(a, b)
      rec.evidence = span_of(doc, subjects[1].span.first, b)
      -- (a place inside the topic is the topic's: "the attack on Kyiv")
      rec.location = core.where(doc, s, b + 1, send, nil) or
                     opening_place(doc, s, subjects[1].span.first)
      -- emitted after the nominal rules, unless they gave the source a
      -- stance with a target in this sentence ("opposes the US arms sale to
      -- Taiwan" is a stance on the US)
      local topics = st.topics
      for _, sj in ipairs(subjects) do
        local r = {}
        for k, x in pairs(rec) do r[k] = x end
        r.source, r.target = core.subject_id(doc, sj), nil
        topics[#topics + 1] = r
      end
    end
  end
  -- "travelled to Washington for talks with Joe Biden": the purpose is a meeting too
  if (typ or tinfo.type) == "visit" and targets then
    purpose_meeting(doc, s, subjects, targets[#targets].last + 1, send, flags, rec)
  end
  st.last = { s = s, subjects = subjects, obj_last = targets and targets[#targets].last or v.last }
end
core.verb_stances = verb_stances

-- Subjects from an actor span: its conjuncts ("Shoigu and Li Hongzhong").
local function subjects_of(doc, src, lo)
  local out = {}
  for _, a in ipairs(core.conjuncts(doc, src, lo)) do
    if a.item then
      out[#out + 1] = { id = a.item, span = a }
      -- "the two leaders": one span that is a mention of several actors
      for _, b in ipairs(doc:annotations("ACTOR", a)) do
        if b.first == a.first and b.last == a.last and b.item and b.item ~= a.item then
          out[#out + 1] = { id = b.item, span = a }
        end
      end
    elseif a.iso then
      out[#out + 1] = { iso = a.iso, span = a }
    end
  end
  return out
end

local PRONOUN = { it = true, he = true, she = true, they = true }

-- The subject of verb v among the actors from token lo on: the nearest one
-- that is not a possessor ("China's minister") or the object of a
-- preposition ("the leader of X" only when nothing else is there).
local function nearest_actor(doc, s, lo, v)
  local acts = core.sent(doc, s).acts
  local fallback
  for k = #acts, 1, -1 do
    local a = acts[k]
    local outer = a.first < lo or a.last >= v.first
    for j = k - 1, 1, -1 do                  -- a span inside a longer one: take the longer
      if not outer and acts[j].first <= a.first and acts[j].last >= a.last and acts[j].first >= lo then outer = true break end
    end
    if not outer then
      local nxt = a.last + 1 < v.first and doc:norm(a.last + 1) or nil
      local prev = a.first > 1 and doc:norm(a.first - 1) or nil
      if nxt == "'s" or nxt == "'" then
        fallback = fallback or a
      elseif prev and core.PREP[prev] then
        if prev == "of" then fallback = fallback or a end
      elseif prev and a.first > 2 and doc:norm(a.first - 2) == "to" and doc:is(a.first - 1, "lower") then
        -- the object of an infinitive: "Sweden's bid to join NATO was approved"
      else
        return a
      end
    end
  end
  return fallback
end

-- "He met Macron", "visited Beijing, where he met Xi Jinping": the party "he", "she" or
-- "it" at token p stands for.
--
-- A small centering model. Each sentence has a topic of each kind (a person for he/she,
-- a state or body for it): the first one it names outside quotations and not as a
-- possessor ("Ms Okafor's report ..."); a sentence that starts with the pronoun keeps the
-- topic of the sentence before ("He went on to accuse Ms Okafor. He urged ..." stays with
-- the first "he"). The search looks back three sentences at most.
--
-- The pronoun stands for the first fitting party before it in its own sentence (the
-- clause's subject: "visited Beijing, where he met"), else for the topic of the sentence
-- before. A known person must have the pronoun's gender; a pronoun inside a quotation is
-- the speaker's, and is left alone. Nil when nothing fits.
local PRONOUN_GENDER = { he = "m", she = "f" }

-- Sentence k's span and its ACTOR and LOCATION annotations, read once per document for
-- the pronoun rules (lighter than core.sent, which also scans for groups).
local function light_sent(doc, k)
  local st = core.state
  st.light = st.light or {}
  local c = st.light[k]
  if not c then
    local sp = doc:sentence(k)
    c = { first = sp.first, last = sp.last, acts = doc:annotations("ACTOR", sp),
          locs = doc:annotations("LOCATION", sp) }
    st.light[k] = c
  end
  return c
end

-- Is token i inside a quotation? Read per sentence: quote marks toggle it, and a sentence
-- whose first quote mark closes (glued to the word before it: 'soon," Mr Halvorsen
-- said') starts inside one. (Quote marks in news are often unbalanced; a sentence is a
-- short enough stretch to read them.)
local function in_quote(doc, i)
  local st = core.state
  st.in_quote = st.in_quote or {}
  local q = st.in_quote
  if q[i] == nil then
    local sc = light_sent(doc, doc:token(i).sentence)
    local fl = doc.flags
    local QUOTE, SPACE = polis.FLAG.quote, polis.FLAG.space_before
    local inq = false
    for j = sc.first, sc.last do
      if fl[j] & QUOTE ~= 0 then
        inq = j > sc.first and fl[j] & SPACE == 0
        break
      end
    end
    for j = sc.first, sc.last do
      if fl[j] & QUOTE ~= 0 then inq = not inq end
      q[j] = inq
    end
  end
  return q[i]
end

-- The parties of sentence k that can be a topic, in text order: { a (the ACTOR span),
-- kind = "person" | "body", gender }, outside quotations. A possessor ("Ms Okafor's
-- Budget was ..., the Tory leader said") comes after the others of its kind: it is the
-- topic only when nothing else of its kind is named ("Mr Lindqvist's tour is ...").
-- The party of ACTOR span a for a pronoun, outside quotations: { a, kind = "person" |
-- "body", gender (of a known person) }, or nil.
local function party_of(doc, a)
  local it = a.item and doc:get(a.item)
  if not it or in_quote(doc, a.first) then return nil end
  if it.kind == "person" then
    local known = adata.person(it.name)
    return { a = a, kind = "person", gender = known and known.gender }
  elseif it.kind == "country" or it.kind == "organization" then
    return { a = a, kind = "body" }
  end
  return nil
end

local function topic_parties(doc, k)
  local st = core.state
  st.parties = st.parties or {}
  local list = st.parties[k]
  if list then return list end
  list = {}
  local poss = {}
  local sc = light_sent(doc, k)
  for _, a in ipairs(sc.acts) do
    local x = party_of(doc, a)
    local nx = a.last < sc.last and doc:norm(a.last + 1) or ""
    if x and (nx == "'s" or nx == "'") then poss[#poss + 1] = x
    elseif x then list[#list + 1] = x end
  end
  for _, x in ipairs(poss) do
    local other = false
    for _, y in ipairs(list) do if y.kind == x.kind then other = true end end
    if not other then list[#list + 1] = x end
  end
  table.sort(list, function (x, y) return x.a.first < y.a.first end)
  st.parties[k] = list
  return list
end

local function fits_pronoun(x, pron)
  if pron == "it" then return x.kind == "body" end
  return x.kind == "person" and (not x.gender or x.gender == PRONOUN_GENDER[pron])
end

-- The topic of kind `pron` after sentence k (looking back at most three sentences).
local function topic_after(doc, k, pron, depth)
  if k < 1 or depth > 3 then return nil end
  local sc = light_sent(doc, k)
  local w = doc:norm(sc.first)
  if w == pron then
    return topic_after(doc, k - 1, pron, depth + 1)   -- "He ..." keeps the topic
  end
  for _, x in ipairs(topic_parties(doc, k)) do
    if x.kind == (pron == "it" and "body" or "person") then
      return fits_pronoun(x, pron) and x.a or false
    end
  end
  return topic_after(doc, k - 1, pron, depth + 1)
end

local function pronoun_subject(doc, s, p)
  local pron = doc:norm(p)
  if in_quote(doc, p) then return nil end
  -- the first party of the pronoun's kind before it in its sentence, a possessor too
  -- ("Modi's visit to Paris, where he met Macron")
  local a
  local want = pron == "it" and "body" or "person"
  for _, c in ipairs(core.sent(doc, s).acts) do
    if c.last >= p then break end
    local x = party_of(doc, c)
    if x and x.kind == want then
      a = fits_pronoun(x, pron) and c or false
      break
    end
  end
  if a == nil then a = topic_after(doc, s - 1, pron, 1) end
  if not a then return nil end
  return { first = p, last = p, item = a.item, label = "ACTOR", sentence = s }
end

-- "Protests spread across Kenya. The government accused ...": the country that "the
-- government" (regime, administration) at token p is that of: the last country named
-- before it in its sentence, else in the nearest of the two sentences before that names
-- one (an actor or a place). Nil when none. (government_country, above, reads the
-- country of a government inside a topic.)
local function prior_country(doc, s, p)
  local function last_country(sc, before)
    local best, at = nil, 0
    for _, list in ipairs { sc.acts, sc.locs } do
      for _, a in ipairs(list) do
        if a.last < before and a.first > at then
          local it = a.item and doc:get(a.item)
          if it and it.country then best, at = it.country, a.first end
        end
      end
    end
    return best
  end
  local iso = last_country(core.sent(doc, s), p)
  for k = s - 1, math.max(1, s - 2), -1 do
    if iso then break end
    iso = last_country(light_sent(doc, k), math.huge)
  end
  return iso
end

-- "Wang Yi, China's foreign minister, met ...": an actor inside an apposition
-- between commas gives way to the one before it.
local function skip_apposition(doc, s, pick, lo, v)
  local j = pick.last + 1
  if j >= v.first or doc:norm(j) ~= "," then return pick end
  for i = pick.first - 1, max(lo, pick.first - 10), -1 do
    local n = doc:norm(i)
    if n == "," then
      local a = core.sent(doc, s).ends[i - 1]
      if a and a.first >= lo then return a end
      return pick
    end
    if core.BARRIER[n] then return pick end
  end
  return pick
end

-- One match of the verb pattern: decide who the subject is from the words
-- between the match start and the verb, then code the stance.
local NOUN_BEFORE = { ["the"] = true, ["a"] = true, ["an"] = true, ["its"] = true, ["his"] = true,
  ["her"] = true, ["their"] = true, ["our"] = true, ["this"] = true, ["these"] = true,
  ["those"] = true, ["'s"] = true, ["any"] = true, ["no"] = true, ["new"] = true, ["further"] = true,
  ["such"] = true, ["renewed"] = true, ["fresh"] = true, ["international"] = true }

-- nouns of intent between a possessor and its verb: "Russia's decision to
-- invade", "China's plan to blockade", "Iran's refusal to release"
local INTENT_NOUN = { decision = "asserted", move = "asserted", plan = "future",
  plans = "future", intention = "future", attempt = "hypo", attempts = "hypo", effort = "hypo",
  efforts = "hypo", bid = "hypo", threat = "hypo", threats = "hypo", offer = "hypo",
  pledge = "hypo", promise = "hypo", proposal = "hypo", readiness = "hypo",
  willingness = "hypo", refusal = "neg", failure = "neg" }

-- auxiliaries that open a verb group: loose words after them mean the group
-- belongs to another verb
local GROUP_AUX = {}
for w in ([[has have had is are was were will would may might can could should must do does did
  been being be]]):gmatch("%S+") do GROUP_AUX[w] = true end

-- words in a subject-verb gap that show another verb stands there
local VERBISH = {}
for w in ([[took take takes made make makes put puts got gave give gives came come comes went
  go goes had has have is are was were been said says told saw see sees found find finds
  held hold holds left leave leaves brought bring brings became become becomes began
  kept keeps let lets ran run runs won win wins lost lose loses paid pay pays sent set
  stood struck thought told wrote seems seemed looks looked]]):gmatch("%S+") do VERBISH[w] = true end

-- Is the subject a plural noun phrase ("protesters", "Israeli troops")?
local function plural_subject(doc, span)
  local n = doc:norm(span.last)
  return n:sub(-1) == "s" and not doc:is(span.last, "cap") and n ~= "'s"
end

-- nouns of texts and acts whose -ing clause says what their author does:
-- "adopted a resolution condemning X", "issued a statement accusing X"
local DOC_NOUN = {}
for w in ([[resolution resolutions statement statements declaration communique communiqué letter
  letters motion report message decree bill note]]):gmatch("%S+") do DOC_NOUN[w] = true end
local doc_noun_clause                        -- (below, with the coordinated verbs)

-- A demonym and agent nouns right before token j (auxiliaries and adverbs
-- between): "Israeli missiles (have) struck". Returns the demonym's first and
-- last token and the last agent noun, or nil.
local function demonym_agent_before(doc, j, lo)
  local k = j - 1
  while k >= lo and k > j - 6 and (vg[doc:norm(k)] or (doc:is(k, "lower") and doc:norm(k):sub(-2) == "ly")) and
        not core.AGENT_NOUN[doc:norm(k)] do
    k = k - 1
  end
  local e = k
  while e >= lo and e > k - 3 and doc:is(e, "lower") and core.AGENT_NOUN[doc:norm(e)] do e = e - 1 end
  if e == k or e < lo then return nil end
  for q = e, math.max(lo, e - 2), -1 do
    local iso, last = core.demonym_at(doc, q)
    if iso and last == e then return q, e, k end
  end
  return nil
end

local NOTVERB = {}                           -- on_verb_match: the "verb" is no verb here

local WISH = { urged = true, urge = true, urges = true, demanded = true, demand = true,
  demands = true, proposed = true, propose = true, proposes = true, sought = true, seek = true,
  seeks = true, wants = true, want = true, wanted = true, requested = true, request = true,
  requests = true, offered = true, offer = true, offers = true, suggested = true }
local WISH_FOR = { call = true, calls = true, called = true, calling = true, push = true,
  pushed = true, pushes = true, pushing = true, press = true, pressed = true, appeal = true,
  appealed = true, appeals = true, ask = true, asked = true, asks = true, hope = true,
  hoped = true, hopes = true, wish = true, plea = true, pleaded = true, campaign = true,
  campaigned = true, lobbied = true }

-- Words after a participle that show it is a verb, not an adjective: "after attacked
-- by", "the men arrested in Kabul", "the deal signed with Iran".
local ADJ_NOT_NOUN = {}
for w in ([[by in on at with for from to into against over after before during and or but
  the a an his her its their this that these those]]):gmatch("%S+") do ADJ_NOT_NOUN[w] = true end

local function on_verb_match(doc, m)
  local v = m.verb
  local st = core.state
  if st.handled[v.first] then return end
  local vinfo = lex.info(v.entry)
  if not vinfo or vinfo.flags.ignore then st.handled[v.first] = true return end
  -- a noun or an adjective that looks like a verb: "a meeting", "its battle",
  -- "at fund manager", "ex-finance chief"; a gerund after a preposition
  -- ("accused Iran of supplying drones"): its subject is not the actor before it
  local vform = v.entry.form
  local finite = vform:find("past", 1, true) or vform:find("ppart", 1, true) or
                 vform:find("s", 1, true) == 1 or vform:find(",s", 1, true)
  local prev = doc:norm(v.first - 1)
  if DOC_NOUN[prev] and vform:find("ing", 1, true) and not finite then
    -- "adopted a resolution condemning Russia's annexation"
    return doc_noun_clause(doc, m)
  end
  -- a participle used as an adjective: "for injured flanker Jason White", "the wounded
  -- soldiers" (a preposition or determiner before it, a lower-case noun after it)
  if (vform:find("ppart", 1, true) or vform:find("past", 1, true)) and
     (core.PREP[prev] or NOUN_BEFORE[prev]) and prev ~= "to" and prev ~= "by" and
     v.last < doc.ntokens and doc:is(v.last + 1, "lower") and
     not ADJ_NOT_NOUN[doc:norm(v.last + 1)] then
    return NOTVERB
  end
  if not (vform:find("past", 1, true) or vform:find("ppart", 1, true)) then
    if NOUN_BEFORE[prev] or prev == "-" then return NOTVERB end
    if core.PREP[prev] and prev ~= "to" then return NOTVERB end
    if lex.noun_words[doc:norm(v.first)] and m.source and m.source.last == v.first - 1 then return NOTVERB end
    -- "in Israeli jails", "US sanctions": an -s form after a demonym is a noun
    if not vform:find("base", 1, true) and core.demonym_at(doc, v.first - 1) then return NOTVERB end
  end
  -- the verb group, read right to left from the verb: a base form needs an
  -- auxiliary ("will meet", "to meet", "did not meet") or a plural subject
  -- ("Russia and China condemn"), an -ing form a form of "be" ("is meeting")
  -- or a comma (", accusing ...")
  if not finite then
    local j = v.first - 1
    local n = doc:norm(j)
    while j > m.first and ((n:sub(-2) == "ly" and doc:is(j, "lower")) or n == "also" or
          n == "not" or n == "n't" or n == "never" or n == "now" or n == "still" or
          n == "already" or n == "jointly") do
      j = j - 1
      n = doc:norm(j)
    end
    if vform:find("base", 1, true) then
      if not (AUX[n] or n == "and") then
        local src = m.source or m.agent
        local plural = (m.agent and doc:norm(m.agent.last):sub(-1) == "s") or
                       (m.dsrc and doc:norm(m.dsrc.last):sub(-1) == "s")
        -- a coordinated subject ("Russia and China condemn", "India and Australia sign"):
        -- the actor right before the verb group follows "and"
        local last_actor = src and src.last == j and src or doc:covering("ACTOR", j)
        if not plural and not (last_actor and last_actor.last == j and last_actor.first > 2 and
                               doc:norm(last_actor.first - 1) == "and") then
          if not vform:find("ing", 1, true) or not (core.BE[n] or n == ",") then return NOTVERB end
        end
      end
    elseif not (core.BE[n] or n == ",") then
      return NOTVERB
    end
  end
  local s = m.sentence
  local lo = core.sent(doc, s).first
  local subjects, cue_from
  local gap_override, extra_flags
  local pick
  if m.govsrc then
    -- ("the" is checked here, not in the pattern: a match may start at any "the")
    if m.govsrc.first < 2 or doc:norm(m.govsrc.first - 1) ~= "the" then return end
    local iso = prior_country(doc, s, m.govsrc.first)
    if not iso then return end
    -- read as a demonym and its agent noun ("The | government", like "Kenyan | police"),
    -- so that the evidence starts at "The"
    local the = doc:span(m.govsrc.first - 1, m.govsrc.first - 1)
    the.entry = { country = iso, gov = true }
    m.dsrc, m.agent = the, doc:span(m.govsrc.first, m.govsrc.last)
  elseif m.psrc then
    pick = pronoun_subject(doc, s, m.psrc.first)
    if not pick then return end
  else
    pick = nearest_actor(doc, s, m.first, v)
    if pick then pick = skip_apposition(doc, s, pick, m.first, v) end
  end
  local dsrc, agent = m.dsrc, m.agent
  if pick or not dsrc then
    -- "According to Syrian state media, Israeli missiles struck ...": a
    -- demonym subject right before the verb wins over an actor further left
    local q, e, k = demonym_agent_before(doc, v.first, pick and pick.last + 1 or m.first)
    if q then
      pick = nil
      dsrc = doc:span(q, e)
      dsrc.entry = { country = core.demonym_at(doc, q) }
      agent = doc:span(e + 1, k)
    end
  end
  local gsrc = m.gsrc
  if pick or dsrc then
    -- "After Sears' sentencing, prosecutors blamed ...": an unnamed group right
    -- before the verb wins over an actor further left
    local k = v.first - 1
    while k > m.first and k > v.first - 5 and (vg[doc:norm(k)] or (doc:is(k, "lower") and doc:norm(k):sub(-2) == "ly")) do
      k = k - 1
    end
    local groups = core.sent(doc, m.sentence).groups
    local g = groups[k] or groups[k - 1]
    -- (not the head of the actor's own noun phrase: "Al-Shabaab militants",
    -- "Colombia's ELN guerrillas")
    if g and g.last == k and g.first > (pick and pick.last or dsrc.last) + 1 and
       not (dsrc and agent and agent.last >= g.first) then
      pick, dsrc, agent, gsrc = nil, nil, nil, doc:span(g.first, g.last)
    end
  end
  local subject_span = pick
  if not pick and m.lsource then
    -- a country named as a place acts ("Turkey on Monday accused ..."); any
    -- place can be the target of a passive ("Kyiv was shelled by ...")
    subject_span = m.lsource
    if m.agent and m.agent.first == m.lsource.last + 1 then
      subject_span = { first = m.lsource.first, last = m.agent.last, label = "LOCATION", item = m.lsource.item }
    end
    local l = doc:get(m.lsource.item)
    local prev = m.lsource.first > lo and doc:norm(m.lsource.first - 1) or nil
    -- "the president of Kenya": a title of the country
    if prev == "of" and m.lsource.first - 2 >= lo then
      local t = doc:norm(m.lsource.first - 2)
      if core.AGENT_NOUN[t] or core.TITLE_WORD[t] then prev = nil end
    end
    if l and l.kind == "country" and l.country and not (prev and core.PREP[prev]) then
      subjects = { { iso = l.country, span = m.lsource } }
    end
  end
  if not subject_span and dsrc and not agent and doc:norm(dsrc.last):sub(-1) ~= "s" then
    -- "Azerbaijani and Armenian leaders met": the demonym that has the agent noun
    dsrc = nil
    local j = m.dsrc.last + 1
    while j < v.first do
      local iso, last = core.demonym_at(doc, j)
      if iso and last + 1 < v.first and core.AGENT_NOUN[doc:norm(last + 1)] then
        dsrc = doc:span(j, last)
        dsrc.entry = { country = iso }
        local k = last + 1
        while k + 1 < v.first and core.AGENT_NOUN[doc:norm(k + 1)] do k = k + 1 end
        agent = doc:span(last + 1, k)
        break
      end
      j = (iso and last or j) + 1
    end
  end
  if not subject_span and dsrc and (agent or doc:norm(dsrc.last):sub(-1) == "s") then
    -- "Israeli troops ...", "the Chinese foreign minister ...": the country acts
    subject_span = { first = dsrc.first, last = agent and agent.last or dsrc.last }
    subjects = { { iso = dsrc.entry.country, span = dsrc } }
    -- "Indian and Chinese troops": both countries
    local a = dsrc.first - 1
    if a > lo and doc:norm(a) == "and" then
      for j = a - 1, max(lo, a - 3), -1 do
        local iso, last = core.demonym_at(doc, j)
        if iso and last == a - 1 then
          table.insert(subjects, 1, { iso = iso, span = doc:span(j, last) })
          break
        end
      end
    end
  end
  if not subject_span and gsrc and not pick then
    -- "Police in Nairobi fired ...", "Gunmen kidnapped ...": an unnamed group
    -- of the country the sentence places it in
    local g = core.sent(doc, s).groups[gsrc.first]
    if not g or not core.group_head(doc, g, v.first) then return end
    local iso = core.group_country(doc, s, g, nil)
    if not iso then return end
    subject_span = gsrc
    subjects = { { eid = g.eid, iso = iso, span = gsrc, first = g.first, last = g.last } }
  end
  if not subject_span then return end
  -- "Russia, which invaded Ukraine in 2022, condemned Britain": the antecedent
  -- of a relative clause that closes just before the verb
  if pick then
    local j = v.first - 1
    while j > pick.last and (vg[doc:norm(j)] or doc:norm(j):sub(-2) == "ly") do j = j - 1 end
    if j > pick.last and doc:norm(j) == "," then
      for c = pick.first - 1, max(lo + 1, pick.first - 15), -1 do
        local n = doc:norm(c)
        if (n == "which" or n == "who" or n == "whose") and doc:norm(c - 1) == "," then
          local a = core.sent(doc, s).ends[c - 2]
          if a and a.first >= lo then
            pick, subject_span, subjects = a, a, nil
            gap_override = j + 1
          end
          break
        end
        if n == "," or n == "." then break end
      end
    end
  end
  -- "Russia, which invaded Ukraine": the relative pronoun stands for its antecedent
  local rel_from
  do
    local j = subject_span.last + 1
    if j < v.first and doc:norm(j) == "," then j = j + 1 end
    local n = j < v.first and doc:norm(j) or nil
    if pick and not gap_override and (n == "which" or n == "who" or n == "that") then
      rel_from = j + 1
    end
  end
  -- "Germany's chancellor will ...": the possessor's noun phrase is the subject
  local gap_from = subject_span.last + 1
  if gap_from < v.first and doc:norm(gap_from) == "'s" then
    local k = gap_from + 1
    while k < v.first and k <= gap_from + 3 do
      local n = doc:norm(k)
      if not (core.TITLE_WORD[n] or core.AGENT_NOUN[n]) then break end
      k = k + 1
    end
    if k > gap_from + 1 then gap_from = k end
    -- "Russia's decision to invade", "China's plan to blockade": the possessor acts
    local n = doc:norm(gap_from + 1)
    local mod = INTENT_NOUN[n]
    if mod and gap_from + 2 < v.first and doc:norm(gap_from + 2) == "to" then
      gap_from = gap_from + 3
      if mod ~= "asserted" then extra_flags = { [mod] = true } end
    end
  end

  -- the words between the subject and the verb
  local say_at, pron_at, barrier, loose, verbish = nil, nil, false, false, false
  local last_loose, saw_aux, in_appos = nil, false, false
  if gap_override then gap_from = gap_override end
  if rel_from then gap_from = rel_from end
  local i = gap_from
  while i < v.first do
    local n = doc:norm(i)
    if vg[n] or (n:sub(-2) == "ly" and doc:is(i, "lower")) or doc:is(i, "num") then
      -- auxiliaries, adverbs, times
      if last_loose and AUX[n] then verbish = true end
      if GROUP_AUX[n] then saw_aux = true end
    elseif n == "," or n == "(" or n == ")" then
      -- an apposition
      in_appos = not in_appos
    elseif core.SAY[n] then
      say_at = say_at or i
    elseif PRONOUN[n] and say_at then
      pron_at = i
      last_loose = nil
    elseif n == "that" and say_at then
      -- said that ...
    elseif core.BARRIER[n] then
      barrier = true
    else
      -- "... to Grand Slam victories and has worked with": a verb phrase joined
      -- after other words (the coordinated-verb rule reads those)
      if (n == "and" or n == "but") and loose and not in_appos then verbish = true end
      loose = true
      last_loose = i
      -- "may have had foreknowledge of the ... attacks": the auxiliaries belong
      -- to another verb
      if saw_aux then verbish = true end
      if VERBISH[n] or (doc:is(i, "lower") and #n > 4 and n:sub(-2) == "ed") then verbish = true end
    end
    i = i + 1
  end
  -- what stands right before the verb: "will meet", "is meeting", "to meet"
  local j = v.first - 1
  while j >= gap_from and (doc:norm(j):sub(-2) == "ly" or doc:norm(j) == "also" or
        doc:norm(j) == "not" or doc:norm(j) == "n't" or doc:norm(j) == "never") do
    j = j - 1
  end
  local before = j >= gap_from and doc:norm(j) or nil
  cue_from = gap_from

  -- "met Lavrov and is expected to discuss ...": the subject of the verb before
  local last = st.last
  if last and last.s == s and subject_span.first <= last.obj_last and subject_span.last >= last.obj_last then
    local j = subject_span.last + 1
    local n = doc:norm(j)
    -- a short complement of the object: "accused Israel of genocide and ..."
    if core.PREP[n] and n ~= "to" then
      local k = j + 1
      while k < v.first and k <= j + 4 and doc:is(k, "lower") and not core.BARRIER[doc:norm(k)] and
            doc:norm(k) ~= "and" do
        k = k + 1
      end
      if k < v.first and doc:norm(k) == "and" then j = k; n = "and" end
    end
    if n == "," then j = j + 1; n = doc:norm(j) end
    if n == "and" or n == "then" or n == "but" or n == "to" then
      if is_passive(doc, v, j + 1) then return end
      verb_stances(doc, last.subjects, v, j + 1, s)
      return
    end
  end

  if loose and (verbish or before == "and" or before == "or") then return end
  if say_at then
    if not pron_at or pick == nil or last_loose then return end
    cue_from = pron_at + 1                   -- "X said it would ...": X is the source
  elseif barrier then
    return
  end

  -- passive: "Russia was condemned by America" (not "held by": what a light
  -- verb holds decides, and a passive has none)
  if is_passive(doc, v, subject_span.last + 1) then
    if vinfo.flags.light or vinfo.flags.transfer then return end
    st.handled[v.first] = true
    local send = core.sent(doc, s).last
    local cands = core.candidates(doc, s, v.last + 1, min(send, v.last + 14), { through = true })
    local agent
    for _, c in ipairs(cands) do
      -- "by Russia", "by dozens of Russian drones"
      if c.prep == "by" or (c.prep == "of" and c.of_event and c.first_prep == "by") then agent = c break end
    end
    -- (a place is no agent: "offered a new contract by the Lombardy club")
    if not agent or agent.kind == "location" then return end
    local src = core.item_of(doc, agent)
    local tgts = {}
    if subject_span.label == "LOCATION" and not pick then
      tgts[1] = subject_span.item
    elseif pick then
      for _, a in ipairs(core.conjuncts(doc, pick, lo)) do
        tgts[#tgts + 1] = a.item or core.country_actor(doc, a.iso)
      end
    elseif subjects then
      tgts[1] = core.country_actor(doc, subjects[1].iso)
    end
    local info = lex.info(v.entry)
    local flags = core.cues(doc, cue_from, v.first - 1)
    local where = core.where(doc, s, v.last + 1, send, nil)
    for _, t in ipairs(tgts) do
      core.emit(doc, { source = src, target = t, info = info, flags = flags, verb = v.first,
                       evidence = span_of(doc, subject_span.first, agent.last), location = where })
    end
    return
  end

  if not subjects then
    if not pick then return end              -- a place does not act
    subjects = subjects_of(doc, pick, lo)
    if #subjects == 0 then return end
  end
  -- what someone demands, urges or proposes is not yet a fact: "demanded that Israel and
  -- Hamas agree to a ceasefire"
  local sf = subjects[1].span and subjects[1].span.first
  if sf and sf > 2 and doc:norm(sf - 1) == "that" and WISH[doc:norm(sf - 2)] then
    extra_flags = extra_flags or {}
    extra_flags.hypo = true
  end
  verb_stances(doc, subjects, v, cue_from, s, extra_flags)
end

-- A match whose "verb" turned out to be a noun ("Palestinian prisoners in
-- Israeli jails began ...") hides the real verb after it from the pattern (a
-- match ends where it ends): try the next stance verbs of its window.
local function on_verb(doc, m)
  local r = on_verb_match(doc, m)
  local tries = 0
  local send = core.sent(doc, m.sentence).last
  while r == NOTVERB and tries < 2 do
    local found = nil
    for i = m.verb.last + 1, min(send, m.first + 12) do
      local n = doc:norm(i)
      if n == "and" or n == "but" or n == "," or n == ";" or core.BARRIER[n] then break end
      if doc:is(i, "lower") then
        found = lex.verbs:match(doc, i)
        if found then break end
      end
    end
    if not found then return end
    m.verb = found
    r = on_verb_match(doc, m)
    tries = tries + 1
  end
end

------------------------------------------------------------------ coordinated verbs

-- The verb form classes of token j: P (past, participle), S (3rd person
-- singular), B (base), or nil when it does not look like a verb.
local IRREGULAR = {}
for w in ([[took made got gave came went had was were said told saw found held left brought
  became began kept ran won lost paid sent stood struck thought wrote met fought led fled sought
  bought caught taught built spent lent meant felt slept swept dealt sold laid understood spun
  stuck hung drew grew threw knew flew blew wore tore swore bore rose chose froze spoke broke
  woke drove rode hid bit fell shook arose withdrew overcame forgave]]):gmatch("%S+") do
  IRREGULAR[w] = "P"
end
-- (the same form for the past and the base: "shut", "cut")
local IRREGULAR_PB = {}
for w in ([[shut cut hit quit set put let spread cast bid]]):gmatch("%S+") do IRREGULAR_PB[w] = true end
for w in ([[takes makes puts gives comes goes has is says sees finds holds leaves brings becomes
  keeps lets runs wins loses pays sends stands meets]]):gmatch("%S+") do IRREGULAR[w] = "S" end
for w in ([[take make give come go have see find hold leave bring become keep run win lose pay
  send stand meet]]):gmatch("%S+") do IRREGULAR[w] = "B" end

local FORM_CLASS = { past = "P", ppart = "P", s = "S", base = "B" }

local function form_classes(doc, j)
  if not doc:is(j, "lower") then return nil end
  local n = doc:norm(j)
  local c = {}
  local v = lex.verbs:match(doc, j)
  if v then
    for _, e in ipairs(v.entries) do
      for f in e.form:gmatch("[^,]+") do
        if FORM_CLASS[f] then c[FORM_CLASS[f]] = true end
      end
    end
    return c
  end
  if IRREGULAR[n] then c[IRREGULAR[n]] = true return c end
  if IRREGULAR_PB[n] then c.P, c.B = true, true return c end
  if core.SAY[n] then
    c[n:sub(-1) == "s" and "S" or "P"] = true
    return c
  end
  if #n > 4 and n:sub(-2) == "ed" then c.P = true return c end
  return nil
end

-- The subject right before token j (a verb): an actor, its conjuncts, with
-- auxiliaries, adverbs and an apposition between ("Peskov, the Kremlin
-- spokesman, said"), or a demonym with agent nouns ("the Israeli military
-- said"). nil when the words before are no subject.
local function subject_before(doc, s, j, lo)
  local sc = core.sent(doc, s)
  local k, steps = j - 1, 0
  while k >= lo and steps < 6 do
    local n = doc:norm(k)
    if not (vg[n] and n ~= "to" and n ~= "in" and n ~= "on") and not (doc:is(k, "lower") and n:sub(-2) == "ly") then
      break
    end
    k, steps = k - 1, steps + 1
  end
  if k < lo then return nil end
  if doc:norm(k) == "," then
    -- an apposition: the actor before the comma that opens it
    for c = k - 1, math.max(lo, k - 12), -1 do
      local n = doc:norm(c)
      if n == "," then k = c - 1 break end
      if core.BARRIER[n] then return nil end
    end
    if k < lo or doc:norm(k) == "," then return nil end
  end
  local a = sc.ends[k]
  if a and a.first >= lo then
    local prev = a.first > lo and doc:norm(a.first - 1) or nil
    if prev and core.PREP[prev] then return nil end
    local out = subjects_of(doc, a, lo)
    return #out > 0 and out or nil
  end
  -- "the Israeli military said", "Pakistani security forces"
  local e = k
  while e >= lo and e > k - 4 and (core.AGENT_NOUN[doc:norm(e)] or core.TITLE_WORD[doc:norm(e)]) do
    e = e - 1
  end
  if e < k then
    for q = e, math.max(lo, e - 2), -1 do
      local iso, last = core.demonym_at(doc, q)
      if iso and last == e then return { { iso = iso, span = doc:span(q, k) } } end
    end
  end
  return nil
end

-- "X adopted a resolution condemning Y", "X issued a statement accusing Y":
-- the subject of the verb that governs the noun.
doc_noun_clause = function (doc, m)
  local v = m.verb
  local s = m.sentence
  local lo = core.sent(doc, s).first
  local g = v.first - 2
  while g >= lo and g > v.first - 7 and not core.verb_like(doc, g) do
    local n = doc:norm(g)
    if not (core.DET[n] or NOUN_BEFORE[n] or doc:is(g, "lower") or doc:is(g, "num")) then return end
    g = g - 1
  end
  if g < lo or not core.verb_like(doc, g) then return end
  local rec = core.state.verbs[g]
  local subjects = rec and rec.subjects or subject_before(doc, s, g, lo)
  if not subjects then return end
  verb_stances(doc, subjects, v, v.first, s)
end

-- "Peskov said the deliveries would change nothing and accused NATO of ...",
-- "Sandu thanked Romania for its support and warned that ...", "arrested two
-- activists and expelled a journalist": a verb after "and" shares the
-- subject of the nearest verb before it in the same form (past with past,
-- -s with -s, base with base: "will visit Paris and meet Macron").
local function on_conj(doc, m)
  local v = m.verb
  local st = core.state
  if st.handled[v.first] then return end
  local vinfo = lex.info(v.entry)
  if not vinfo or vinfo.flags.ignore then return end
  local prev = doc:norm(v.first - 1)
  if NOUN_BEFORE[prev] or core.PREP[prev] and prev ~= "to" then return end
  local vc = {}
  for f in v.entry.form:gmatch("[^,]+") do
    if FORM_CLASS[f] then vc[FORM_CLASS[f]] = true end
  end
  if not (vc.P or vc.S or vc.B) then return end
  -- the verb group after "and": "and has since accused", "and will meet"
  local aux = false
  for i = m.conj.last + 1, v.first - 1 do
    local n = doc:norm(i)
    if core.BE[n] and vc.P then return end  -- "and was fined by ...": a passive
    if (AUX[n] and n ~= "to" and n ~= "not" and n ~= "n't" and n ~= "never" and n ~= "also") or
       n == "has" or n == "have" or n == "had" then
      aux = true
    end
  end
  local s = m.sentence
  local lo = core.sent(doc, s).first
  local subjects, flags
  local say_only = false                     -- past a verb whose subject is no actor
  local j = m.conj.first - 1
  local floor = math.max(lo, j - 30)
  local function fits(c)
    return aux or (c.P and vc.P) or (c.S and vc.S) or (c.B and vc.B)
  end
  while j >= floor do
    local n = doc:norm(j)
    if n == ";" or n == ":" then break end
    local rec = st.verbs[j]
    if rec and not say_only then
      local ac = {}
      for f in st.verb_forms[j]:gmatch("[^,]+") do
        if FORM_CLASS[f] then ac[FORM_CLASS[f]] = true end
      end
      if fits(ac) then
        subjects, flags = rec.subjects, rec.flags
        break
      end
    elseif not rec and (not say_only or core.SAY[n]) then
      local fc = not (j > 1 and NOUN_BEFORE[doc:norm(j - 1)]) and form_classes(doc, j)
      -- (a participle after "be" is a passive: no shared subject)
      if fc and fits(fc) and not (fc.P and j > lo and core.BE[doc:norm(j - 1)]) then
        local sj = subject_before(doc, s, j, lo)
        if sj then
          subjects = sj
          flags = core.cues(doc, sj[#sj].span.last + 1, j - 1)
          break
        end
        -- "said the deliveries were late and accused ...": only a reporting
        -- verb further left may still govern the second verb
        if core.SAY[n] or say_only then break end
        say_only = true
      end
    end
    j = j - 1
  end
  if not subjects then return end
  -- the modality of a base form comes from the first verb's group ("will
  -- visit Paris and meet Macron")
  local extra = nil
  if vc.B and not vc.P and not aux and flags then extra = flags end
  verb_stances(doc, subjects, v, m.conj.last + 1, s, extra)
end

------------------------------------------------------------------ nouns

-- words that cannot be modifiers between a source and its noun ("China said
-- talks ...", "Russia and ...")
local NOT_MOD = {}
for w in ([[of to with by and or on in for against that which who whom said says say is are was
  were has have had not from at as but while will would could should may might can do does
  did be been being told over about under through after before during into onto between among
  via per than since until amid despite towards toward suspended halted cut froze frozen stopped
  ended blocked withdrew cancelled canceled rejected denied refused vetoed]]):gmatch("%S+") do NOT_MOD[w] = true end

local function mods_ok(doc, mods)
  if not mods then return true end
  for i = mods.first, mods.last do
    -- a function word or a stance verb ("soldiers fighting the war in Iraq",
    -- "signed a deal with": the verb rule reads those)
    if NOT_MOD[doc:norm(i)] or core.state.coded[i] then return false end
  end
  return true
end

local PRE_MOD = { planned = "future", upcoming = "future", forthcoming = "future",
  scheduled = "future", expected = "future", proposed = "hypo", possible = "hypo",
  potential = "hypo", prospective = "hypo", threatened = "hypo", mooted = "hypo",
  rumoured = "hypo", rumored = "hypo", alleged = "reported", reported = "reported" }

-- Modality cues of a nominal: modifiers before the noun ("a potential arms
-- deal") and what the clause says of it right after ("... are expected to").
local function noun_flags(doc, from, noun_first, after, send)
  local flags = {}
  for i = max(from - 2, 1), noun_first - 1 do
    local f = PRE_MOD[doc:norm(i)]
    if f then flags[f] = true end
  end
  -- a noun someone asks for is not yet a fact: "called for immediate peace talks
  -- between X and Y", "proposed a meeting with X"
  for i = noun_first - 1, max(from - 5, 1), -1 do
    local w = doc:norm(i)
    if WISH[w] or (w == "for" and i > 1 and WISH_FOR[doc:norm(i - 1)]) then
      flags.hypo = true
      break
    end
    if doc:is(i, "punct") then break end
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
function noun_targets(doc, s, info, i, send)
  if i > send then return nil end
  local p = doc:norm(i)
  local ok = info.targets[p] or (info.targets.loc and (p == "in" or p == "to" or p == "into"))
  if not ok or p == "between" then return nil end
  local cands = core.candidates(doc, s, i, min(send, i + 10), { stop_at_prep = true })
  if #cands == 0 or cands[1].prep ~= p then return nil end
  if not info.targets[p] and not (cands[1].kind == "location" or cands[1].loc) then return nil end
  return core.pick_targets(cands, { [p] = true, loc = info.targets.loc })
end

local function noun_stance(doc, m, src_ids, noun, targets, ev_first, ev_last)
  local info = lex.info(noun.entry)
  if not info then return end
  local send = core.sent(doc, m.sentence).last
  local after = (targets and targets[#targets].last or noun.last) + 1
  local flags = noun_flags(doc, ev_first, noun.first, after, send)
  local evidence = span_of(doc, ev_first, ev_last or targets[#targets].last)
  for _, sid in ipairs(src_ids) do
    for _, t in ipairs(targets) do
      local tid = core.item_of(doc, t)
      if tid then
        core.emit(doc, { source = sid, target = tid, info = info, flags = flags,
                         evidence = evidence, verb = noun.first,
                         location = (t.kind == "location" and info.targets.loc) and t.id or nil })
      end
    end
  end
end

local function on_noun(doc, m)
  local send = core.sent(doc, m.sentence).last
  if not mods_ok(doc, m.mods) then return end
  if m.pnoun then
    -- "Russia-China security consultations"
    local info = lex.info(m.pnoun.entry)
    if not info or not info.flags.mutual then return end
    local a, b = core.acting(doc, m.a), core.acting(doc, m.b)
    if not a or not b then return end
    noun_stance(doc, m, { a }, m.pnoun, { { first = m.b.first, last = m.b.last, id = b, kind = "actor" } },
                m.first, m.last)
  elseif m.noun then
    -- "Russia's invasion of Ukraine", "the Russian invasion of Ukraine"
    local info = lex.info(m.noun.entry)
    if not info then return end
    -- "The EU condemned the attack on Kyiv": without a possessive, a verb
    -- between the actor and the noun makes the actor that verb's subject,
    -- not the noun's agent (the attack is someone else's)
    -- (support verbs keep the subject the agent: "approved a loan to",
    -- "launched an attack on")
    if m.source and m.mods and doc:norm(m.source.last + 1) ~= "'s" then
      for i = m.mods.first, m.mods.last do
        if core.verb_like(doc, i) and not agent_verb(doc:norm(i)) then return end
      end
    end
    local targets = noun_targets(doc, m.sentence, info, m.noun.last + 1, send)
    if not targets then return end
    local srcs = {}
    if m.source then
      for _, a in ipairs(core.conjuncts(doc, m.source, core.sent(doc, m.sentence).first)) do
        srcs[#srcs + 1] = a.item or core.country_actor(doc, a.iso)
      end
    else
      srcs[1] = core.country_actor(doc, m.dsrc.entry.country)
    end
    noun_stance(doc, m, srcs, m.noun, targets, m.first)
  elseif m.bnoun then
    -- "a visit by Kim Jong Un to Russia", "the invasion of Ukraine by Russia"
    local info = lex.info(m.bnoun.entry)
    if not info then return end
    local targets
    if m.btarget then
      local p = doc:norm(m.bprep.first)
      local c = core.sent(doc, m.sentence).start[m.btarget.first]
      if not c or not (info.targets[p] or (info.targets.loc and c.kind == "location")) then return end
      targets = { { first = c.first, last = c.last, id = c.id, kind = c.kind, loc = c.loc } }
    else
      targets = noun_targets(doc, m.sentence, info, m.bsource.last + 1, send)
    end
    if not targets then return end
    noun_stance(doc, m, { m.bsource.item }, m.bnoun, targets, m.bnoun.first,
                max(m.bsource.last, targets[#targets].last))
  elseif m.wnoun then
    -- "military cooperation between Russia, China and North Korea": each pair
    local info = lex.info(m.wnoun.entry)
    if not info or not info.targets.between then return end
    local acts = doc:annotations("ACTOR", m)
    local ids, seen = {}, {}
    for k, a in ipairs(acts) do
      local outer = false
      for j, b in ipairs(acts) do
        if j ~= k and b.first <= a.first and b.last >= a.last and (b.last - b.first) > (a.last - a.first) then
          outer = true
        end
      end
      if a.item and not outer and not seen[a.item] then
        seen[a.item] = true
        ids[#ids + 1] = a.item
      end
    end
    if #ids < 2 then return end
    local flags = noun_flags(doc, m.first, m.wnoun.first, m.last + 1, send)
    for a = 1, #ids - 1 do
      for b = a + 1, #ids do
        core.emit(doc, { source = ids[a], target = ids[b], info = info, flags = flags,
                         evidence = m, verb = m.wnoun.first, extra = { reciprocal = true } })
      end
    end
  end
end

------------------------------------------------------------------ rules

-- --set stances.profile=1 logs the time each stance rule takes (CPU seconds,
-- matching and emitting) and its number of matches, every 500 documents.
local rule = polis.rule
if polis.option("stances.profile") then
  local clock, t, acc, order, ndoc = os.clock, 0, {}, {}, 0
  rule = function (r)
    local name = r.name
    order[#order + 1] = name
    acc[name], acc[name .. "#"] = 0, 0
    if r.emit then
      local f = r.emit
      r.emit = function (doc, m) acc[name .. "#"] = acc[name .. "#"] + 1; return f(doc, m) end
    end
    polis.rule { name = name .. ":t0", stage = r.stage, run = function () t = clock() end }
    polis.rule(r)
    polis.rule { name = name .. ":t1", stage = r.stage, run = function ()
      acc[name] = acc[name] + clock() - t
      if name == order[#order] then
        ndoc = ndoc + 1
        if ndoc % 500 == 0 then
          local parts = {}
          for _, n in ipairs(order) do
            parts[#parts + 1] = string.format("%s %.3f s %d matches", n, acc[n], acc[n .. "#"])
          end
          polis.log("stances profile, " .. ndoc .. " docs: " .. table.concat(parts, ", "))
        end
      end
    end }
  end
end

rule {
  name = "stances-begin", stage = "stances",
  description = "reset the per-document state of the stance rules",
  run = function (doc) core.begin(doc) end,
}

-- SOURCE ... VERB: "America has openly condemned Russia", "Russia was
-- condemned by America", "Israeli troops shelled ...", "Russia said it would
-- ...", "Shoigu and Li Hongzhong ... attended a parade in Pyongyang".
rule {
  name = "stances-verbs", stage = "stances",
  description = "an actor (or a demonym and an agent noun, he/she/it, the government), up to " ..
                "10 words, a stance verb",
  pattern = [[
      ({ACTOR}=source | @demonyms=dsrc @demonyms? @agent_nouns{0,3}=agent | @groups=gsrc)
      .{0,10}? @stance_verbs=verb
    | {LOCATION}=lsource @agent_nouns{0,3}=agent (@vg | [lower & /ly$/]){0,6} @stance_verbs=verb
    | (he | she | it)=psrc (@vg | [lower & /ly$/]){0,4} @stance_verbs=verb
    | (government | regime | administration)=govsrc (@vg | [lower & /ly$/]){0,4} @stance_verbs=verb
  ]],
  vars = vars,
  emit = on_verb,
}

-- A verb coordinated with an earlier one: "... and accused NATO of ...".
rule {
  name = "stances-conj", stage = "stances",
  description = "and/but, a stance verb: the subject of the verb before it in the same form",
  pattern = [[ (and | but)=conj (@vg | [lower & /ly$/]){0,3} @stance_verbs=verb ]],
  vars = vars,
  emit = on_conj,
}

-- Nominal stances.
rule {
  name = "stances-nouns", stage = "stances",
  description = "X-Y NOUN; X's NOUN prep Y; DEMONYM NOUN prep Y; NOUN by X prep Y; NOUN between X and Y",
  pattern = [[
      {ACTOR|LOCATION}=a "-" {ACTOR|LOCATION}=b [lower]{0,3}=mods @stance_nouns=pnoun
    | {ACTOR}=source ("'s")? [(lower | num | currency) & !"of" & !"to" & !"for" & !"after"
        & !"with" & !"by" & !"and" & !"in" & !"on" & !"that" & !"said"]{0,5}=mods
      @stance_nouns=noun
    | @demonyms=dsrc [lower]{0,3}=mods @stance_nouns=noun
    | @stance_nouns=wnoun between (the)? [cap]{0,3}? {ACTOR} (","? (and)? (the)? [cap]{0,3}? {ACTOR}){1,5}
    | @stance_nouns=bnoun ([lower & /ed$/])? by [!punct]{0,3}? {ACTOR}=bsource
    | @stance_nouns=bnoun ([lower & /ed$/])? (of | on | against | to | with | into | in)=bprep (the)?
      {ACTOR|LOCATION}=btarget by (the)? {ACTOR}=bsource
  ]],
  vars = vars,
  emit = on_noun,
}

-- Stances on a topic ("condemned the meeting"), held back by stances-verbs:
-- emitted last, where no other stance of the sentence already links their
-- source to a party.
rule {
  name = "stances-topics", stage = "stances",
  description = "a stance verb's topic when the sentence names no target for its source",
  run = function (doc)
    local st = core.state
    for _, r in ipairs(st.topics) do
      if not st.targeted[r.source .. "|" .. r.evidence.sentence] then core.emit(doc, r) end
    end
  end,
}
