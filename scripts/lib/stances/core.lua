-- lib.stances.core: what the stance rules do once a pattern matched.
--
-- The patterns (scripts/30-stances.lua) find, in C, a source actor followed by
-- a stance verb, a nominal stance ("the Russian invasion of Ukraine"), a
-- passive ("was condemned by"), ... This module turns a match into stance
-- records: it reads the few tokens between the source and the verb
-- (auxiliaries, negation, modal verbs), finds the target after the verb in the
-- frame the lexicon gives (direct object, "with X", "to X", a place),
-- distributes over coordinated actors ("Russia and China"), follows control
-- verbs ("threatened to attack X", "urged X to meet Y"), and decides modality
-- (asserted, negated, hypothetical, future, reported) and the location.
--
-- Everything here works on a handful of tokens around a match; nothing walks
-- the whole document.
local polis = require "polis"
local lex = require "lib.stances.lexicon"
local common = require "lib.common"

local M = {}

local function set(list)
  local s = {}
  for _, v in ipairs(list) do s[v] = true end
  return s
end

------------------------------------------------------------------ word classes

M.PREP = set { "of", "to", "in", "at", "on", "with", "from", "for", "by", "against", "into",
  "over", "about", "toward", "towards", "between", "near", "among", "across", "along", "behind",
  "inside", "onto", "off", "upon", "during", "under", "through", "without", "within", "via",
  "amid", "despite", "outside", "around", "beyond", "throughout", "like", "per", "below",
  "above", "beside", "alongside", "ahead", "except", "including", "versus", "vs", "unlike",
  "among", "amongst", "besides", "underneath", "beneath", "opposite", "past", "towards" }

-- words that end the clause a target is searched in
M.BARRIER = set { ".", ";", ":", "!", "?", "that", "which", "who", "whom", "whose", "where",
  "when", "while", "whereas", "because", "although", "though", "but", "if", "unless", "after",
  "before", "since", "until", "saying", "said", "says", "say", "told", "adding", "added", "as",
  "so", "whether", "than", "(", ")", "—", "–" }

M.BE = set { "is", "are", "was", "were", "be", "been", "being", "'re", "am", "get", "gets", "got",
  "gotten", "getting" }

M.NEG = set { "not", "n't", "never", "no", "neither", "nor", "cannot" }

M.FUTURE = set { "will", "'ll", "shall", "going", "expected", "set", "due", "scheduled", "poised",
  "plans", "plan", "planned", "planning", "intends", "intend", "intended", "intending", "aims",
  "aim", "aimed", "aiming", "hopes", "hope", "hoped", "hoping", "wants", "want", "wanted",
  "prepares", "prepare", "prepared", "preparing", "soon", "tomorrow", "upcoming", "later",
  "next", "would", "wo" }

M.HYPO = set { "might", "may", "could", "should", "can", "must", "likely", "unlikely",
  "possibly", "perhaps", "potentially", "if", "unless", "whether", "consider", "considers",
  "considered", "considering", "mulls", "mulling", "weighs", "weighing", "try", "tries", "tried",
  "trying", "attempt", "attempts", "attempted", "attempting", "seek", "seeks", "sought",
  "seeking", "ready", "willing", "able", "unable", "possible", "potential", "proposed",
  "threatened", "would-be", "ca", "need", "needs" }

M.REPORT_ADV = set { "reportedly", "allegedly", "purportedly", "apparently", "supposedly" }

M.CONJ = set { "and", ",", "or", "&", "as well as", "both" }

-- determiners and light words that may open a noun phrase before an actor
M.DET = set { "the", "a", "an", "its", "his", "her", "their", "our", "this", "these", "those",
  "two", "three", "four", "five", "several", "some", "both", "all", "other", "fellow", "former",
  "top", "senior", "then" }

-- nouns in an actor's noun phrase that name the agent, after a demonym
-- ("Israeli troops", "the Chinese foreign minister"): the country acts.
M.AGENT_NOUN = set { "troops", "forces", "force", "army", "military", "soldiers", "police",
  "officials", "official", "government", "authorities", "leader", "leaders", "president",
  "premier", "minister", "ministry", "foreign", "defence", "defense", "prime", "navy", "warplanes",
  "jets", "aircraft", "drones", "diplomats", "diplomat", "envoy", "ambassador", "delegation",
  "mediators",
  "spokesman", "spokeswoman", "spokesperson", "counterpart", "lawmakers", "parliament",
  "militants", "rebels", "gunmen", "protesters", "protestors", "demonstrators", "activists",
  "students", "workers", "farmers", "fishermen", "civilians", "people", "citizens", "nationals",
  "prisoners", "hostages", "refugees", "migrants", "journalists", "sailors", "vessels", "ships",
  "boats", "coast", "guard", "guards", "border", "security", "intelligence", "state", "regime",
  "side", "camp", "opposition", "party", "media", "negotiators", "team", "embassy", "consulate",
  "companies", "firms", "banks", "man", "woman", "men", "women", "children", "victims",
  "fighters", "insurgents", "separatists", "settlers", "villagers", "residents", "tourists",
  "weapons", "missiles", "rockets", "shells", "artillery", "tanks", "planes", "helicopters",
  "submarine", "warship", "warships", "troop", "units", "battalion", "brigade", "navy", "marines",
  "paramilitaries", "paramilitary", "militia", "militias", "militiamen", "jihadists", "commandos",
  "special", "air", "fighter", "bombers", "prosecutors", "judges", "court", "courts", "regulators",
  "investigators", "officers", "agents", "spies", "hackers", "army's", "cabinet", "administration",
  "presidency", "junta", "rulers", "authority", "envoys", "ministers", "legislators", "senators",
  "mps", "parliamentarians", "police officers", "gunboats", "patrol", "vessel", "boat",
  "authorities'", "government's", "coalition", "allies", "nationalists", "loyalists" }

-- event-like nouns whose of-phrase names the party a verb is aimed at
-- ("condemned the killing of X", "will not recognise the election of X")
M.OF_EVENT = set { "killing", "killings", "murder", "assassination", "arrest", "arrests",
  "detention", "election", "re-election", "decision", "decisions", "invasion", "occupation",
  "annexation", "policy", "policies", "actions", "action", "treatment", "execution",
  "executions", "release", "removal", "appointment", "nomination", "attack", "attacks",
  "bombing", "shelling", "kidnapping", "abduction", "plan", "plans", "proposal", "proposals",
  "statement", "remarks", "comments", "conduct", "behaviour", "behavior", "role",
  "involvement", "recognition", "deployment", "withdrawal", "expulsion", "government",
  "leadership", "regime", "sovereignty", "independence", "integrity", "territory", "rights",
  "position", "stance", "demands", "demand", "request", "offer", "claims", "claim",
  "accusations", "allegations", "violation", "violations", "aggression", "crackdown", "use",
  "interference", "meddling", "presence", "buildup", "build-up", "tests", "test", "launch",
  "launches", "programme", "program", "support", "efforts", "bid", "membership", "entry",
  "leaders", "leader", "president", "people", "citizens", "troops", "forces",
  -- quantities and parts: "dozens of Boko Haram fighters", "members of Hamas"
  "dozens", "dozen", "hundreds", "thousands", "scores", "millions", "tens", "many", "some",
  "several", "most", "all", "one", "two", "three", "four", "five", "six", "seven", "eight",
  "nine", "ten", "members", "member", "supporters", "group", "groups", "number", "units",
  "unit", "fighters", "soldiers", "officials", "officers", "representatives", "delegation",
  "wing", "branch", "camp", "camps", "positions", "bases", "base", "ships", "vessels",
  -- property and requests: "the homes of two attackers", "calls by the UN"
  "home", "homes", "house", "houses", "property", "properties", "offices", "office",
  "headquarters", "embassy", "assets", "calls", "call", "appeals", "appeal", "pressure",
  -- meetings: "hosted talks between X and Y"
  "talks", "meeting", "meetings", "negotiations", "summit", "dialogue", "consultations",
  "visit", "visits", "trip", "drills", "exercises", "manoeuvres", "maneuvers",
  -- agreements and conflicts between parties: "welcomed the agreement between X and Y"
  "agreement", "agreements", "deal", "accord", "truce", "ceasefire", "treaty", "pact",
  "rapprochement", "reconciliation", "cooperation", "war", "clashes", "fighting", "hostilities",
  -- trade: "banned imports of Japanese seafood"
  "imports", "exports", "shipments", "products", "goods",
  -- people and places of a party: "delivered food to residents of Gaza"
  "residents", "areas", "parts", "population", "civilians", "villagers", "victims",
  "survivors", "communities", "families", "relatives", "nationals", "workers", "staff",
  "personnel", "diplomats", "envoys", "allies", "partners", "neighbours", "neighbors",
  -- what is asked of a party: "demanded the resignation of X"
  "resignation", "ouster", "return", "extradition", "surrender", "apology", "punishment",
  "trial", "prosecution", "dismissal", "departure", "disarmament" }

-- people nouns whose from-phrase names the party they stand for ("met
-- representatives from France")
M.FROM_HEAD = set { "representatives", "representative", "officials", "official", "delegates",
  "delegation", "delegations", "envoys", "envoy", "diplomats", "leaders", "ministers",
  "members", "negotiators", "counterparts", "lawmakers", "MPs", "mps", "officers" }
-- what a party asks or offers: "rejected calls from Egypt", "welcomed an offer from Qatar"
-- (the party is the target of a stance on it, not of a contact: "received a proposal from")
M.FROM_ASK = set { "call", "calls", "demand", "demands", "request", "requests", "appeal",
  "appeals", "offer", "offers", "proposal", "proposals", "invitation", "criticism", "pressure",
  "warnings" }

-- relation nouns whose with-phrase names the other party ("the alliance with Japan")
M.WITH_HEAD = set { "alliance", "ties", "relations", "relationship", "cooperation", "border",
  "borders", "frontier",
  "partnership", "friendship", "trade", "links", "dialogue", "talks", "contacts", "agreement",
  "deal", "treaty", "accord", "pact", "truce", "ceasefire", "peace", "war", "conflict",
  "dispute", "standoff", "tensions", "rift" }

-- head nouns after an actor name that make the name a modifier, not an agent
-- or a target: "the BRICS summit", "the Russia investigation", "the Iran deal"
M.NONAGENT_HEAD = set { "summit", "meeting", "meetings", "conference", "talks", "forum",
  "session", "negotiations", "election", "elections", "market", "markets", "economy", "crisis",
  "war", "conflict", "issue", "case", "question", "dispute", "scandal", "affair", "file",
  "model", "process", "framework", "protocol", "charter", "convention", "visit", "trip",
  "tour", "border", "shares", "stock", "stocks", "bonds", "currency", "prices", "exports",
  "imports", "trade", "sector", "industry", "company", "firm", "bank", "banks", "team", "squad",
  "match", "game", "cup", "league", "championship", "tournament", "open", "final", "season",
  "coach", "manager", "fans", "film", "festival", "awards", "award" }

-- lowercase words of titles ("Politburo member", "party chief")
M.TITLE_WORD = set { "member", "chief", "head", "secretary", "adviser", "advisor", "general",
  "commander", "chairman", "chairwoman", "chair", "director", "governor", "mayor", "senator",
  "king", "queen", "prince", "envoy", "representative", "deputy", "vice", "speaker", "counterpart",
  "premier", "chancellor", "colonel", "lieutenant", "major", "captain", "admiral", "marshal",
  "crown", "emir", "sultan", "monarch" }

local OWN = set { "their", "its", "his", "her", "our", "my", "your" }

-- unnamed groups ("police", "gunmen", "protesters"): scripts/data/stance_groups.tsv
M.groups = polis.load_dict("../../data/stance_groups.tsv", { case = "fold" })

------------------------------------------------------------------ per-document state

-- Reset by the first rule of the stage (scripts/30-stances.lua) for each document.
-- (verbs: verb token -> { subjects, flags } of the verbs whose subject was
-- found, for a verb coordinated with them: "said ... and accused X")
M.state = { seen = {}, handled = {}, reports = {}, countries = nil, sents = {}, coded = {},
            verbs = {}, verb_forms = {}, groups = {},
            group_spans = {} }

function M.begin(doc)
  M.state = { seen = {}, handled = {}, reports = {}, countries = nil, last = nil, sents = {},
              topics = {}, targeted = {},
              coded = {}, verbs = {}, verb_forms = {}, groups = {},
            group_spans = {} }
end

------------------------------------------------------------------ countries

local demonyms = common.demonyms()
M.demonyms = demonyms

local country_name = {}
do
  local rows = polis.read_tsv("../../data/countries.tsv")
  for _, r in ipairs(rows) do
    if r.iso3 and r.phrase and not country_name[r.iso3] then country_name[r.iso3] = r.phrase end
  end
end

-- The id of the country actor for iso3: an existing country actor of this
-- document, else a new one without a mention (the demonym is the evidence).
function M.country_actor(doc, iso3)
  if not iso3 or iso3 == "" then return nil end
  local st = M.state
  if not st.countries then
    st.countries = {}
    for _, a in ipairs(doc:actors()) do
      if a.kind == "country" and a.country and not st.countries[a.country] then
        st.countries[a.country] = a.id
      end
    end
  end
  local id = st.countries[iso3]
  if id then return id end
  local name = country_name[iso3]
  if not name then return nil end
  id = doc:actor { name = name, kind = "country", country = iso3, code = iso3,
                   key = "country:" .. iso3 }
  st.countries[iso3] = id
  return id
end

-- The actor id for a captured span: its actor, or for a country named as a
-- place (LOCATION) the country's actor ("Russia-China consultations").
function M.acting(doc, span)
  if not span or not span.item then return nil end
  if span.label ~= "LOCATION" then return span.item end
  local l = doc:get(span.item)
  if l and l.kind == "country" and l.country then return M.country_actor(doc, l.country) end
  return nil
end

-- The country of the demonym starting at token i ("Russian", "North Korean",
-- "Palestinians"), and the demonym's last token; nil when none.
function M.demonym_at(doc, i)
  if not doc:is(i, "cap") then return nil end
  local d = demonyms:match(doc, i)
  if not d then return nil end
  return d.entry.country, d.last
end

-- The country code of an item (actor or location).
function M.country_of(doc, id)
  if not id then return nil end
  local it = doc:get(id)
  if not it then return nil end
  return it.country or (it.code and it.code:sub(1, 3)) or nil
end

------------------------------------------------------------------ candidates

-- The actors and locations of sentence s, read once per sentence that has a
-- stance candidate: { first, last, acts (ACTOR spans in text order), locs,
-- start (token -> the candidate starting there: the actor when both cover a
-- span, the longest of each), ends (token -> the longest ACTOR ending there) }.
function M.sent(doc, s)
  local c = M.state.sents[s]
  if c then return c end
  local sp = doc:sentence(s)
  local acts = doc:annotations("ACTOR", sp)
  local locs = doc:annotations("LOCATION", sp)
  local start, ends = {}, {}
  for _, a in ipairs(acts) do
    local cur = start[a.first]
    if not cur or a.last > cur.last then
      start[a.first] = { first = a.first, last = a.last, id = a.item, kind = "actor", span = a }
    end
    local e = ends[a.last]
    if not e or a.first < e.first then ends[a.last] = a end
  end
  for _, l in ipairs(locs) do
    local cur = start[l.first]
    if not cur then
      local it = l.item and doc:get(l.item)
      start[l.first] = { first = l.first, last = l.last, id = l.item, kind = "location", span = l,
                         lkind = it and it.kind or nil }
    elseif cur.kind == "actor" and cur.last == l.last then
      cur.loc = l.item                        -- the same words name a place too
    elseif cur.kind == "location" and l.last > cur.last then
      cur.last, cur.id, cur.span = l.last, l.item, l
    end
  end
  -- unnamed groups not inside an actor or a place ("police", "protesters")
  local groups = {}
  local ids = M.groups:scan_ids(doc, sp)
  for k = 1, #ids, 3 do
    local f, l = ids[k], ids[k + 1]
    local inside = false
    for q = math.max(sp.first, f - 3), f do
      local a = start[q]
      if a and a.last >= f then inside = true break end
    end
    local e = M.groups:entries(ids[k + 2])[1]
    -- not a blocker ("aid workers") nor the subject's own ("their troops")
    if not inside and e and e.sector ~= "-" and not (f > sp.first and OWN[doc:norm(f - 1)]) then
      groups[f] = { first = f, last = l, eid = ids[k + 2] }
    end
  end
  c = { first = sp.first, last = sp.last, acts = acts, locs = locs, start = start, ends = ends,
        groups = groups }
  M.state.sents[s] = c
  return c
end

-- participles that are adjectives in a noun phrase ("12 suspected militants")
local PARTICIPLE_ADJ = set { "suspected", "alleged", "armed", "wounded", "detained", "jailed",
  "disputed", "occupied", "united", "exiled", "ousted", "elected", "appointed", "reported",
  "unidentified", "unarmed", "injured", "missing", "leading", "ruling", "governing", "opposing",
  "neighbouring", "neighboring", "warring", "fighting", "rebel-held", "besieged", "embattled",
  "kidnapped", "abducted", "imprisoned", "banned", "outlawed", "sanctioned", "backed",
  "so-called", "self-declared", "self-styled", "proposed", "planned", "continuing", "ongoing",
  "increasing", "growing", "rising", "existing", "remaining", "visiting", "incoming",
  "outgoing", "retired", "former", "renewed", "escalating", "deadly" }

-- words that show a verb: the commonest irregular verbs and forms of be/have
M.VERBISH = set { "took", "take", "takes", "made", "make", "makes", "put", "puts", "got", "gave",
  "give", "gives", "came", "come", "comes", "went", "go", "goes", "had", "has", "have", "is",
  "are", "was", "were", "been", "said", "says", "told", "saw", "see", "sees", "found", "find",
  "finds", "held", "hold", "holds", "left", "leave", "leaves", "brought", "bring", "brings",
  "became", "become", "becomes", "began", "kept", "keeps", "let", "lets", "ran", "run", "runs",
  "won", "win", "wins", "lost", "lose", "loses", "paid", "pay", "pays", "sent", "set", "stood",
  "struck", "thought", "wrote", "seems", "seemed", "looks", "looked", "will", "would", "could",
  "should", "may", "might", "can", "must", "did", "does", "do" }

-- Does token i look like a verb in the past (a lexicon verb, a common
-- irregular one, a lowercase -ed word) or an auxiliary? (Base and -s forms
-- are too often nouns: "sent teams and supplies to ...".)
function M.verb_like(doc, i)
  if not doc:is(i, "lower") then return false end
  local n = doc:norm(i)
  if M.VERBISH[n] or (#n > 4 and n:sub(-2) == "ed") then return true end
  if M.SAY and M.SAY[n] then return true end
  local v = lex.verbs:match(doc, i)
  if not v then return false end
  for _, e in ipairs(v.entries) do
    if e.form:find("past", 1, true) then return true end
  end
  return false
end

-- Is the group g ({ first, last }) the head of its noun phrase, not a
-- modifier ("police station", "student leaders", "the protesters' demands")?
-- The word after it must be a function word, a verb or a participle.
function M.group_head(doc, g, to)
  if g.last >= to then return true end
  local i = g.last + 1
  local nx = doc:norm(i)
  if nx == "'s" or nx == "'" then return false end
  if not doc:is(i, "lower") then return true end
  if M.PREP[nx] or M.BARRIER[nx] or nx == "and" or nx == "or" or M.VERBISH[nx] then return true end
  if #nx > 4 and (nx:sub(-3) == "ing" or nx:sub(-2) == "ed") then return true end
  if nx:sub(-2) == "ly" then return true end
  return lex.verbs:match(doc, i) ~= nil
end

local QUANT_THAN = set { "more", "less", "fewer", "over" }

-- Is a title noun one or two lower-case words after token i ("finance minister", "trade
-- envoy")?
local function title_ahead(doc, i, to)
  for k = i + 1, math.min(i + 2, to) do
    local n = doc:norm(k)
    if M.TITLE_WORD[n] or M.AGENT_NOUN[n] then return true end
    if not doc:is(k, "lower") then return false end
  end
  return false
end

-- Candidates after token `from` (inclusive) up to `to`, stopping at a clause
-- barrier: { first, last, id, kind, prep (the preposition that governs it, nil
-- for a direct object), conj (joined to the previous one by and/or/comma),
-- possessor ("X's ...") }.
function M.candidates(doc, s, from, to, opts)
  local out = {}
  if from > to then return out end
  local sc = M.sent(doc, s)
  if to > sc.last then to = sc.last end
  local at = sc.start
  local prep, joined, gap_ok = nil, false, true
  -- lower-case words that may modify a title noun to come ("finance minister", "national
  -- security adviser"): the gap stays a title's if that noun follows
  local mods, mods_gap = 0, false
  local first_prep = nil                     -- the first preposition after `from`
  local of_event = false                     -- "the killing of", "the election of"
  local ask = false                          -- "calls from": the party of a request
  local outer = nil                          -- the preposition before "NOUN of" ("to residents of")
  local i = from
  while i <= to do
    local c = at[i]
    if c and c.last > to then c = nil end
    if not c and doc:is(i, "cap") then
      local iso, last = M.demonym_at(doc, i)
      if iso then c = { first = i, last = last, iso = iso, kind = "demonym" } end
    end
    if not c and sc.groups[i] and sc.groups[i].last <= to then
      local g = sc.groups[i]
      -- "opened fire on protesters", "arrested two opposition activists"; not
      -- a modifier ("police station", "the protesters' demands")
      -- ("residents of Gaza": the place is the party)
      if M.group_head(doc, g, to) and not (g.last < to and doc:norm(g.last + 1) == "of") then
        c = { first = g.first, last = g.last, kind = "group", eid = g.eid }
      end
    end
    if c then
      local cand = { first = c.first, last = c.last, id = c.id, kind = c.kind, loc = c.loc,
                     iso = c.iso, prep = prep, conj = joined, gap_ok = gap_ok, lkind = c.lkind,
                     eid = c.eid, sentence = s,
                     first_prep = first_prep, of_event = of_event, outer = outer, ask = ask }
      local prev = out[#out]
      if joined and prev and prev.prep then
        -- "between Serbia and Kosovo", "by US and South Korean forces": the
        -- conjunct is governed by the same preposition
        cand.prep, cand.of_event, cand.outer = prev.prep, prev.of_event, prev.outer
      end
      if c.last < to and M.NONAGENT_HEAD[doc:norm(c.last + 1)] and doc:is(c.last + 1, "lower") then
        cand.modifier = true                  -- "the BRICS summit": not the target
      end
      if prep == nil and not joined and prev and (prev.possessor or (prev.kind == "demonym" and gap_ok)) then
        cand.prep = prev.prep                 -- the head inherits its modifier's preposition
        cand.of_event, cand.outer = prev.of_event, prev.outer
        cand.head_of = prev
      end
      out[#out + 1] = cand
      i = c.last + 1
      if i <= to and doc:norm(i) == "'s" then
        cand.possessor = true
        i = i + 1
      end
      prep, joined, gap_ok, outer = nil, false, true, nil
      mods = 0
    else
      local n = doc:norm(i)
      if M.TITLE_WORD[n] or M.AGENT_NOUN[n] then
        if mods > 0 then gap_ok, mods = mods_gap, 0 end
      elseif not (doc:is(i, "cap") or n == "'s") then
        if mods < 3 and doc:is(i, "lower") and not M.DET[n] and not M.BARRIER[n] and
           (mods > 0 or gap_ok) then
          if mods == 0 then mods_gap = gap_ok end
          mods = mods + 1
        else
          mods = 0
        end
        gap_ok = false
      end
      if M.BARRIER[n] and not (n == "than" and i > from and QUANT_THAN[doc:norm(i - 1)] and
                               i < to and doc:is(i + 1, "num")) and
         not (opts and opts.through_that and n == "that") and
         not (opts and opts.through and n ~= "." and n ~= ";") then
        break
      end
      if n == "," or n == "and" or n == "or" then
        -- coordination: only between two candidates ("Russia and China"), or
        -- of two nouns before any ("sent food and medicine to Gaza"), not of
        -- two verb phrases ("condemned the attack and urged ...")
        local j = i + 1
        while j <= to and (M.DET[doc:norm(j)] or doc:norm(j) == "and" or doc:norm(j) == ",") do
          j = j + 1
        end
        local next_cand = j <= to and (at[j] or (doc:is(j, "cap") and M.demonym_at(doc, j)))
        if #out == 0 then
          -- nouns joined before any candidate: "food and medicine", "weapons,
          -- ammunition and fuel" (a lowercase noun next; after a comma, a list
          -- that goes on to "and")
          if n == "or" or j > to or next_cand or not doc:is(i + 1, "lower") or
             M.verb_like(doc, i + 1) then
            break
          end
          if n == "," then
            local k = i + 1
            while k <= to and k <= i + 4 and doc:is(k, "lower") and doc:norm(k) ~= "and" do k = k + 1 end
            if k > to or doc:norm(k) ~= "and" then break end
          end
        elseif not next_cand then
          break
        end
        -- "..., Benjamin Netanyahu said": a speaker, not another target; "Russia,
        -- India has ...": a comma joins a list only when the list goes on
        -- ("Russia, China and Iran")
        if n == "," and at[j] then
          local k = at[j].last + 1
          local nk = k <= to and doc:norm(k) or ""
          if M.SAY and M.SAY[nk] then break end
          if nk ~= "," and nk ~= "and" and nk ~= "or" then break end
        end
        joined = prep == nil and #out > 0
      elseif M.PREP[n] then
        local governing = prep
        prep = n
        first_prep = first_prep or n
        if ((n == "of" or n == "between" or n == "by") and i > from and M.OF_EVENT[doc:norm(i - 1)]) or
           (n == "from" and i > from and (M.FROM_HEAD[doc:norm(i - 1)] or M.FROM_ASK[doc:norm(i - 1)])) then
          of_event = true
          ask = n == "from" and M.FROM_ASK[doc:norm(i - 1)] or false
          -- the preposition the event noun is governed by, if any ("to
          -- residents of X"; "during a visit by X" is no object)
          if governing ~= "of" and governing ~= "by" then outer = governing end
        elseif n == "with" and i > from and M.WITH_HEAD[doc:norm(i - 1)] then
          of_event = true                    -- "strengthen the alliance with Japan"
        elseif n ~= "of" and n ~= "by" then
          of_event, ask = false, false
          outer = nil
        end
        joined = false
      elseif not M.DET[n] then
        joined = false
        if opts and opts.verbs and #out > 0 and doc:is(i, "lower") and lex.verbs:match(doc, i) and
           not (mods > 0 and title_ahead(doc, i, to)) then
          break                               -- (not "Nigeria's finance minister")
        end
        -- "a tanker carrying Iraqi oil", "the British sailors angered London": a
        -- participle or a verb after a noun opens another clause
        if #n > 4 and (n:sub(-3) == "ing" or n:sub(-2) == "ed") and doc:is(i, "lower") and
           i > from and not PARTICIPLE_ADJ[n] and not doc:is(i - 1, "num") and
           not M.DET[doc:norm(i - 1)] and not M.PREP[doc:norm(i - 1)] and
           doc:norm(i - 1):sub(-2) ~= "ly" then
          break
        end
      end
      i = i + 1
    end
  end
  return out
end

-- Does candidate c fit the verb frame `targets`?
local LOC_PREPS = set { "in", "at", "to", "into", "inside", "across", "near", "along", "on", "of",
                        "from", "toward", "towards" }

-- places that are no party outside a place frame ("called for a Europe of ...")
local NOT_PARTY = set { "continent", "region", "water", "place" }

local function fits(c, targets)
  if c.modifier then return false end
  if c.lkind and NOT_PARTY[c.lkind] and not (targets.loc and (c.prep == nil or LOC_PREPS[c.prep])) then
    return false
  end
  if c.prep == nil then
    -- (a bare place is the goal of a place frame, "shelled Kharkiv"; a bare group is
    -- what is moved or done to, "sent police officers to Haiti")
    return targets.obj or (targets.loc and c.kind ~= "actor" and c.kind ~= "group")
  end
  -- "condemned the killing of X", "will not recognise the election of X": the
  -- actor in an of-phrase of an event-like direct object
  if (c.prep == "of" or c.prep == "between" or c.prep == "by" or c.prep == "with" or c.prep == "from") and
     c.of_event and targets.obj and
     not targets[c.prep] and not c.outer then
    return true
  end
  if targets[c.prep] then return true end
  if targets.loc and LOC_PREPS[c.prep] and (c.kind == "location" or c.loc) then return true end
  -- "delivered food to residents of Gaza", "opened fire on supporters of X":
  -- the of-phrase of a noun in the verb's frame
  if (c.prep == "of" or c.prep == "between" or c.prep == "by") and c.of_event and c.outer and
     targets[c.outer] then
    return true
  end
  return false
end

-- The target candidates for a frame: the first candidate that fits (moving
-- from a possessor or a demonym to the head it modifies: "Biden's adviser Jake
-- Sullivan", "his Russian counterpart Sergey Lavrov"), then those coordinated
-- with it ("Russia and China").
local skip_place

local function countryish(c)
  return c.kind == "location" or c.loc ~= nil or c.kind == "demonym"
end

-- Is candidate b the head of the noun phrase candidate a opens ("US President
-- Joe Biden", "Biden's adviser Jake Sullivan", "his Russian counterpart
-- Sergey Lavrov")?
local function heads(a, b)
  if not b or b.conj or b.kind == "group" then return false end
  -- "the Ukrainian port of Odesa", "the Syrian city of Aleppo"
  if a.kind == "demonym" and b.prep == "of" and b.kind == "location" and b.first - a.last <= 4 then
    return true
  end
  if b.prep ~= nil and b.head_of ~= a then return false end
  if b.head_of == a then return true end
  return (a.possessor or countryish(a)) and b.first - a.last <= 5 and b.gap_ok
end

-- Past the place of a target when a party, not a place, is joined after it:
-- "met X in Riyadh and Y in Cairo" (but "met X in Riyadh and Jeddah").
function skip_place(cands, j, target)
  local c, d = cands[j], cands[j + 1]
  if c and not c.conj and c.kind == "location" and (c.prep == "in" or c.prep == "at") and
     d and d.conj and d.kind ~= "location" then
    target.place = c                          -- where this target was met
    return j + 1
  end
  return j
end

function M.pick_targets(cands, targets)
  local k = nil
  for i, c in ipairs(cands) do
    if fits(c, targets) then k = i break end
  end
  if not k then return nil end
  -- "condemned the killing of 40 farmers by Boko Haram": the agent of the act
  if cands[k].prep == "of" and cands[k].of_event then
    for j = k + 1, #cands do
      if cands[j].prep == "by" and cands[j].of_event then k = j break end
    end
  end
  while heads(cands[k], cands[k + 1]) do k = k + 1 end
  local out = { cands[k] }
  local j = skip_place(cands, k + 1, out[1])
  while cands[j] and cands[j].conj and #out < 4 do
    local h = j
    while heads(cands[h], cands[h + 1]) do h = h + 1 end
    out[#out + 1] = cands[h]
    j = skip_place(cands, h + 1, cands[h])
  end
  -- each target met in its own place: the last one's place too
  if out[1].place and #out > 1 then
    local c = cands[j]
    if c and not c.conj and c.kind == "location" and (c.prep == "in" or c.prep == "at") then
      out[#out].place = c
    end
  end
  return out
end

-- The item id of a candidate (a demonym becomes its country's actor).
function M.item_of(doc, c, src_iso)
  if c.id then return c.id end
  if c.iso then return M.country_actor(doc, c.iso) end
  if c.eid then
    local iso = M.group_country(doc, c.sentence, c, src_iso)
    return iso and M.group_actor(doc, c, iso) or nil
  end
  return nil
end

-- The actor of a subject ({ id } | { iso } | { eid = group entry, span }).
function M.subject_id(doc, sj)
  if sj.id then return sj.id end
  if sj.eid then return M.group_actor(doc, sj, sj.iso) end
  return M.country_actor(doc, sj.iso)
end

------------------------------------------------------------------ subjects

-- The longest ACTOR span of sentence cache sc that ends at token i (>= lo).
local function actor_ending_at(sc, i, lo)
  if i < lo then return nil end
  local a = sc.ends[i]
  if a and a.first >= lo then return a end
  return nil
end

-- The conjuncts of a subject that ends with the actor `src` ("Russia, China
-- and North Korea"; "Shoigu and Li Hongzhong"): a list of actor spans, the
-- first named first.
function M.conjuncts(doc, src, lo)
  local out = { src }
  local sc = M.sent(doc, src.sentence)
  local i = src.first - 1
  -- title words before the last conjunct ("and Chinese Communist Party Politburo member Li")
  local k, steps = i, 0
  while k > lo and steps < 8 do
    local n = doc:norm(k)
    if n == "and" or n == "&" then break end
    local a = actor_ending_at(sc, k, lo)
    if a then
      k = a.first - 1
    elseif doc:is(k, "cap") or M.AGENT_NOUN[n] or M.TITLE_WORD[n] or n == "the" then
      k = k - 1
    else
      break
    end
    steps = steps + 1
  end
  local n = k >= lo and doc:norm(k) or nil
  if n ~= "and" and n ~= "&" then return out end
  i = k
  local saw_and = false
  while #out < 5 and i > lo do
    n = doc:norm(i)
    if n == "and" or n == "&" or (n == "," and saw_and) then
      local j = i - 1
      if j >= lo and doc:norm(j) == "," then j = j - 1 end   -- Oxford comma
      local a = actor_ending_at(sc, j, lo)
      if not a then
        -- "Indian and Chinese troops": a demonym conjunct stands for its country
        for q = j, math.max(lo, j - 2), -1 do
          local iso, last = M.demonym_at(doc, q)
          if iso and last == j then
            a = { first = q, last = j, iso = iso, sentence = src.sentence }
            break
          end
        end
      end
      if not a then break end
      local p = a.first > lo and doc:norm(a.first - 1) or nil
      if p and M.PREP[p] then break end         -- "talks with X and Y ..."
      table.insert(out, 1, a)
      saw_and = true
      i = a.first - 1
      if i < lo or doc:norm(i) == "both" then break end
    else
      break
    end
  end
  return out
end

------------------------------------------------------------------ modality

-- Is token i a verb in the past tense only ("met", "praised"; not "put", "meets")?
local function past_only(doc, i)
  if i > doc.ntokens or not doc:is(i, "lower") then return false end
  local v = lex.verbs:match(doc, i)
  if not v then
    local n = doc:norm(i)
    return #n > 4 and n:sub(-2) == "ed"
  end
  for _, e in ipairs(v.entries) do
    if not e.form:find("past", 1, true) or e.form:find("base", 1, true) then return false end
  end
  return true
end

-- Time adverbs that make a verb future only when it is not in the past: "will meet
-- later", "meets next week", but "later praised".
local FUTURE_ADV = set { "later", "soon", "next" }

-- Modality cues in tokens [from, to] (the verb is at to + 1): returns a table of flags.
function M.cues(doc, from, to, flags)
  flags = flags or {}
  for i = from, to do
    local n = doc:norm(i)
    if M.NEG[n] then flags.neg = true
    elseif M.FUTURE[n] then
      if n == "would" or n == "wo" then flags.hypo = true
      elseif not (FUTURE_ADV[n] and past_only(doc, to + 1)) then flags.future = true end
    elseif M.HYPO[n] then flags.hypo = true
    elseif M.REPORT_ADV[n] then flags.reported = true
    end
  end
  return flags
end

-- The modality of a record from its cues (negated first, then reported,
-- hypothetical, future).
function M.modality(flags)
  if flags.neg then return "negated" end
  if flags.reported then return "reported" end
  if flags.hypo then return "hypothetical" end
  if flags.future then return "future" end
  return "asserted"
end

------------------------------------------------------------------ control verbs

local function sub(code, n) return code:sub(1, n) end

local control_map = {
  appeal = function (c)
    local r, t = sub(c, 2), sub(c, 3)
    if t == "045" then return "028" end
    if t == "037" then return "027" end
    if r == "04" then return "026" end
    if r == "05" then return "022" end
    if r == "06" then return ({ ["061"] = "0211", ["062"] = "0212", ["063"] = "0213", ["064"] = "0214" })[t] or "021" end
    if r == "07" then return ({ ["071"] = "0231", ["072"] = "0232", ["073"] = "0233", ["074"] = "0234" })[t] or "023" end
    if r == "08" then return ({ ["081"] = "0251", ["082"] = "0252", ["084"] = "0253", ["085"] = "0254", ["086"] = "0255", ["087"] = "0256" })[t] or "025" end
    return "020"
  end,
  demand = function (c)
    local r, t = sub(c, 2), sub(c, 3)
    if r == "04" then return "108" end
    if r == "05" then return "102" end
    if r == "06" then return ({ ["061"] = "1011", ["062"] = "1012", ["063"] = "1013", ["064"] = "1014" })[t] or "101" end
    if r == "07" then return ({ ["071"] = "1031", ["072"] = "1032", ["073"] = "1033", ["074"] = "1034" })[t] or "103" end
    if c == "0871" then return "107" end
    if c == "0874" or t == "087" then return "106" end
    if r == "08" then return ({ ["081"] = "1051", ["082"] = "1052", ["084"] = "1053", ["085"] = "1054", ["086"] = "1055" })[t] or "105" end
    return "100"
  end,
  intent = function (c)
    local r, t = sub(c, 2), sub(c, 3)
    if t == "045" then return "039" end
    if c == "0871" then return "037" end
    if r == "04" then return "036" end
    if r == "05" then return "032" end
    if r == "06" then return ({ ["061"] = "0311", ["062"] = "0312", ["063"] = "0313", ["064"] = "0314" })[t] or "031" end
    if r == "07" then return ({ ["071"] = "0331", ["072"] = "0332", ["073"] = "0333", ["074"] = "0334" })[t] or "033" end
    if r == "08" then return ({ ["081"] = "0351", ["082"] = "0352", ["084"] = "0353", ["085"] = "0354", ["086"] = "0355", ["087"] = "0356" })[t] or "035" end
    if r == "01" or r == "02" or r == "03" then return "030" end
    return nil                             -- a conflictual intent is a threat
  end,
  threaten = function (c)
    local r, t = sub(c, 2), sub(c, 3)
    if r == "16" then return ({ ["161"] = "1313", ["162"] = "1311", ["163"] = "1312", ["164"] = "134", ["165"] = "135", ["166"] = "136" })[t] or "131" end
    if r == "17" then
      if t == "175" then return "137" end
      return ({ ["1721"] = "1321", ["1722"] = "1322", ["1723"] = "1323", ["1724"] = "1324" })[c] or "132"
    end
    if t == "191" then return "1381" end
    if t == "192" then return "1382" end
    if t == "204" then return "1385" end
    if r == "18" then return "1383" end
    if r == "19" or r == "20" then return "138" end
    if r == "14" then return "133" end
    return "130"
  end,
  refuse = function (c)
    local r, t = sub(c, 2), sub(c, 3)
    if t == "045" then return "126" end
    if t == "057" or t == "037" then return "127" end
    if r == "04" or r == "03" then return "125" end
    if r == "06" then return ({ ["061"] = "1211", ["062"] = "1212" })[t] or "121" end
    if r == "07" then return ({ ["071"] = "1221", ["072"] = "1222", ["073"] = "1223", ["074"] = "1224" })[t] or "122" end
    if r == "08" then return ({ ["081"] = "1241", ["082"] = "1242", ["084"] = "1243", ["085"] = "1244", ["086"] = "1245", ["087"] = "1246" })[t] or "124" end
    if r == "05" then return "120" end
    return nil                             -- refusing a hostile act: that act, negated
  end,
}

local control_type = { appeal = "appeal", demand = "demand", intent = "agree",
                       threaten = "threaten", refuse = "reject" }

-- The code and type of "outer verb + inner stance": ("threaten", attack 190)
-- -> 138 threaten; ("refuse", criticize 111) -> nil (the inner act, negated).
function M.control_code(class, inner)
  local f = control_map[class]
  if not f then return nil end
  local code = f(inner.cameo)
  if not code and class == "intent" then
    return control_map.threaten(inner.cameo), "threaten"
  end
  return code, code and control_type[class]
end

-- An inner stance verb after a control verb: "to" (not)? adverbs? VERB (base
-- form), or VERB-ing after "from"/"of" (refrain from criticizing). Returns the
-- dictionary match and its row, and whether a "not" came in between.
function M.inner_verb(doc, i, send)
  local neg = false
  if i > send then return nil end
  local n = doc:norm(i)
  local want
  if i > 1 and doc:norm(i - 1) == "to" and lex.verbs:match(doc, i) then
    want = "base"; i = i - 1             -- "agreed to" + VERB
  elseif n == "to" then want = "base"
  elseif n == "from" or n == "of" then want = "ing"
  elseif lex.verbs:match(doc, i) then want = "ing"; i = i - 1
  else return nil end
  i = i + 1
  while i <= send do
    n = doc:norm(i)
    if n == "not" or n == "never" then neg = true
    elseif n == "be" or n == "have" or n == "further" or n == "also" or n == "jointly" or
           n == "immediately" or n == "again" or n == "formally" or n == "publicly" or
           n == "directly" or n == "swiftly" or n == "quickly" or n == "openly" then
      -- skip
    else
      break
    end
    i = i + 1
  end
  if i > send then return nil end
  local v = lex.verbs:match(doc, i)
  if not v then return nil end
  for _, e in ipairs(v.entries) do
    if e.form:find(want, 1, true) then
      v.entry = e
      return v, lex.info(e), neg
    end
  end
  return nil
end

------------------------------------------------------------------ reported speech

-- The reported-speech cues of sentence s, found once and only for sentences
-- that carry a stance: { {speaker = id|false, first = token, kind = "acc"|"say",
-- comma = whether a comma or quote comes just before the cue} }.
local function report_cues(doc, s)
  local r = M.state.reports[s]
  if r then return r end
  r = {}
  if M.say_pattern then
    for _, m in ipairs(M.say_pattern:match(doc, s)) do
      local first = m.first
      local p = first - 1
      if p > 1 and doc:norm(p) == "the" then p = p - 1 end
      if m.say and not m.speaker and m.say.first == first then
        -- ", the military said", ", officials said": a short speaker after a comma
        for q = first - 1, math.max(1, first - 6), -1 do
          local n = doc:norm(q)
          if n == "," or doc:is(q, "quote") then p = q break end
          if M.BARRIER[n] then break end
        end
      end
      local prev = p >= 1 and doc:norm(p) or ""
      if not (m.say and not m.speaker and (prev == "and" or prev == "also")) then
        r[#r + 1] = { speaker = m.speaker and m.speaker.item or false, first = first,
                      kind = m.acc and "acc" or "say",
                      comma = prev == "," or (p >= 1 and doc:is(p, "quote")) }
      end
    end
  end
  M.state.reports[s] = r
  return r
end

-- Who reports the stance of `source` whose verb is token `verb` in sentence s:
-- "according to X" anywhere, "X said ..." before the verb, "..., X said"
-- after it. The speaker's id, true for an unnamed speaker, nil when the
-- stance is not reported (or the source speaks for itself).
function M.reported(doc, s, source, verb)
  for _, c in ipairs(report_cues(doc, s)) do
    if c.speaker ~= source then
      if c.kind == "acc" or (verb and c.first < verb) or c.comma then
        return c.speaker or true
      end
    end
  end
  return nil
end

------------------------------------------------------------------ location

local WHERE = set { "in", "at", "on", "near", "inside", "outside" }

-- words after "and" that open another verb phrase ("and is expected to discuss")
local AND_VERB = set { "is", "are", "was", "were", "will", "would", "has", "have", "had",
  "also", "then", "later", "could", "may", "might", "should", "can", "did", "does", "do",
  "expressed", "said", "called", "urged", "discussed", "agreed", "signed" }

-- words between "in/at/on" and a place name: "on the island nation of Malta",
-- "in the northern city of Kharkiv", "in eastern Ukraine"
local PLACE_WORD = set { "the", "a", "of", "island", "nation", "state", "city", "capital", "town",
  "village", "province", "region", "country", "port", "border", "coast", "republic", "territory",
  "enclave", "district", "area", "outskirts", "suburbs", "centre", "center", "heart", "streets",
  "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
  "northeastern", "northwestern", "southeastern", "southwestern", "north-eastern",
  "north-western", "south-eastern", "south-western", "besieged", "occupied", "disputed",
  "breakaway", "war-torn", "coastal", "neighbouring", "neighboring", "nearby", "its", "their" }

-- The location a clause names ("in Malta", "on the island nation of Malta"):
-- the first LOCATION in [from, to] (up to the end of the clause) with
-- in/at/on/near before it and only place words between.
function M.where(doc, s, from, to, skip)
  if from > to then return nil end
  local locs = M.sent(doc, s).locs
  -- only places after `from`; most sentences have none there
  local any = false
  for _, l in ipairs(locs) do
    if l.first >= from and l.last <= to then any = true break end
  end
  if not any then return nil end
  if to > from + 24 then to = from + 24 end
  for i = from, to do
    local n = doc:norm(i)
    if (M.BARRIER[n] and n ~= "after" and n ~= "before" and n ~= "since" and n ~= "until") or
       ((n == "and" or n == "but") and i < to and AND_VERB[doc:norm(i + 1)]) then
      to = i - 1
      break
    end
  end
  if from > to then return nil end
  for _, l in ipairs(locs) do
    if l.first >= from and l.last <= to and l.item ~= skip then
      for j = l.first - 1, math.max(from, l.first - 6), -1 do
        local n = doc:norm(j)
        if WHERE[n] then return l.item end
        if not (PLACE_WORD[n] or doc:is(j, "cap")) then break end
      end
    end
  end
  return nil
end

------------------------------------------------------------------ unnamed groups

-- The country of an unnamed group g ({ first, last }) in sentence s: a place
-- or a demonym right after it ("Police in Nairobi", "protesters in the Iranian
-- city of Zahedan", "residents of Gaza"), else the one country all places of
-- the sentence are in, else `fallback` (a target's source country: "Pakistani
-- forces killed six militants").
function M.group_country(doc, s, g, fallback)
  local sc = M.sent(doc, s)
  local i = g.last + 1
  local n = i <= sc.last and doc:norm(i) or nil
  if n == "in" or n == "of" or n == "from" or n == "across" then
    local j = i + 1
    while j <= sc.last and j <= i + 5 do
      local c = sc.start[j]
      if c and (c.kind == "location" or c.loc) then
        local iso = M.country_of(doc, c.kind == "location" and c.id or c.loc)
        if iso then return iso end
        break
      end
      local iso = M.demonym_at(doc, j)
      if iso then return iso end
      if not PLACE_WORD[doc:norm(j)] then break end
      j = j + 1
    end
  end
  local iso = nil
  for _, l in ipairs(sc.locs) do
    local cc = M.country_of(doc, l.item)
    if cc then
      if iso and cc ~= iso then iso = false break end
      iso = cc
    end
  end
  if iso then return iso end
  return fallback
end

-- The actor of an unnamed group g ({ first, last, eid }) of country iso.
function M.group_actor(doc, g, iso)
  if not iso then return nil end
  local e = M.groups:entries(g.eid)[1]
  local name = e and e.name
  if not name or name == "" then
    local w = {}
    for i = g.first, g.last do w[#w + 1] = doc:norm(i) end
    name = table.concat(w, " ")
  end
  local key = "group:" .. name .. ":" .. iso
  local id
  local key_span = g.first .. ":" .. g.last
  local seen = M.state.group_spans
  id = M.state.groups[key]
  if not id or not seen[key_span] then
    id = doc:actor { name = name, kind = "group", country = iso,
                     code = iso .. ((e and e.sector) or ""), key = key,
                     span = doc:span(g.first, g.last) }
    seen[key_span] = true
  end
  M.state.groups[key] = id
  return id
end

------------------------------------------------------------------ emitting

-- Emit one stance. rec: { source = id, target = id|nil, info = row, cameo =,
-- type =, flags = modality cues, evidence = span, location = id, topic =,
-- extra = {} }. Skips self-stances and duplicates (same source, target, code
-- and sentence).
function M.emit(doc, rec)
  local src, tgt = rec.source, rec.target
  if not src then return nil end
  if src == tgt then return nil end
  -- a place ("l3") is never a source: doc:stance would refuse it, and with it the rule's
  -- other stances of the document
  if type(src) == "string" and src:byte(1) == 108 then return nil end
  if tgt and not rec.people and not rec.own_government then
    -- a leader and his own country ("Scholz defended Germany's decision") is
    -- no relation between two parties (people of a country are: "banned Afghan women")
    local ti = doc:get(tgt)
    if ti and ti.kind == "country" and ti.country and ti.country == M.country_of(doc, src) then
      return nil
    end
  end
  local info = rec.info
  local cameo = rec.cameo or info.cameo
  local typ = rec.type or info.type
  local flags = rec.flags or {}
  -- a negated idiom that means its opposite ("not see eye to eye")
  if flags.neg and info.neg_cameo and not rec.cameo then
    cameo, typ = info.neg_cameo, info.neg_type
    flags.neg = nil
  end
  local c = lex.code(cameo)
  local plover = (cameo == info.cameo and info.plover) or (c.plover ~= "" and c.plover) or nil
  -- a meeting in a third country
  if cameo == "040" and rec.location and tgt then
    local lc = M.country_of(doc, rec.location)
    local sc, tc = M.country_of(doc, src), M.country_of(doc, tgt)
    if lc and sc and tc and lc ~= sc and lc ~= tc then
      cameo = "044"
      c = lex.code(cameo)
      plover = c.plover
    end
  end
  local s = rec.evidence.sentence
  if rec.verb then M.state.coded[rec.verb] = true end
  if tgt then M.state.targeted[src .. "|" .. s] = true end
  local key = src .. "|" .. (tgt or "-") .. "|" .. typ .. "|" .. s
  local seen = M.state.seen
  if seen[key] then return nil end
  seen[key] = true
  local speaker = M.reported(doc, s, src, rec.verb)
  if speaker then flags.reported = true end
  local modality = M.modality(flags)
  local extra = rec.extra
  if speaker and speaker ~= true then
    extra = extra or {}
    extra.reported_by = speaker
  end
  local also = {}
  if modality ~= "future" and flags.future then also[#also + 1] = "future" end
  if modality ~= "hypothetical" and flags.hypo then also[#also + 1] = "hypothetical" end
  if modality ~= "reported" and flags.reported then also[#also + 1] = "reported" end
  if #also > 0 then
    extra = extra or {}
    extra.also = also
  end
  return doc:stance {
    source = src, target = tgt, type = typ, cameo = cameo, plover = plover,
    polarity = c.polarity, intensity = c.goldstein,
    negated = modality == "negated", modality = modality,
    location = rec.location, topic = rec.topic, evidence = rec.evidence, extra = extra,
  }
end

return M
