-- lib.stances.lexicon: the stance lexicon (verbs, nouns) and the CAMEO table.
--
-- Loaded once per engine. The verb and noun files list lemmas; this module
-- writes out every inflection (condemn, condemns, condemned, condemning) into
-- two phrase dictionaries that the stance patterns use as @stance_verbs and
-- @stance_nouns. A user extends them from a rule folder:
--
--   local lex = require "lib.stances.lexicon"
--   lex.add_verbs(polis.read_tsv("my_verbs.tsv"))          -- same columns as stance_verbs.tsv
--   lex.add_verb { lemma = "blacklist", type = "sanction", cameo = "163", target = "obj" }
--   lex.add_noun { noun = "blacklisting", type = "sanction", cameo = "163", target = "of" }
--
-- Entries added after the default rules loaded are seen by their patterns
-- (a pattern looks its dictionaries up when it runs).
local polis = require "polis"

local M = {}

-- Every form of every verb phrase; an entry's "form" attribute lists the
-- slots a phrase fills ("past,ppart"), which the rules read to tell a finite
-- verb from a participle or a base form.
M.verbs = polis.dict { case = "fold" }
M.nouns = polis.dict { case = "fold" }

-- rows[id] = the parsed lexicon row that dictionary entries point to (entry.id)
M.rows = {}

-- single-word nouns of the noun lexicon ("meeting", "attack", "support"): a
-- verb form that is also one of these, right after a determiner or an actor
-- name, is read as the noun ("a meeting", "US support")
M.noun_words = {}

------------------------------------------------------------------ CAMEO table

M.cameo = {}                      -- code -> { code, name, goldstein, plover, polarity }

for _, r in ipairs(polis.read_tsv("../../data/cameo.tsv")) do
  M.cameo[r.code] = {
    code = r.code, name = r.name, goldstein = tonumber(r.goldstein) or 0,
    plover = r.plover, polarity = tonumber(r.polarity) or 0,
  }
end

-- The CAMEO record of a code, falling back to its parent (0211 -> 021 -> 02).
function M.code(code)
  local c = M.cameo[code]
  while not c and code and #code > 2 do
    code = code:sub(1, #code - 1)
    c = M.cameo[code]
  end
  return c
end

------------------------------------------------------------------ inflection

local function trim(s)
  if s:find("^%s") or s:find("%s$") then return s:match("^%s*(.-)%s*$") end
  return s
end

local function split(s, sep)
  local out = {}
  if not s or s == "" then return out end
  local from = 1
  while true do                                -- (plain finds: most fields hold one item)
    local at = s:find(sep, from, true)
    local part = trim(s:sub(from, at and at - 1 or #s))
    if part ~= "" then out[#out + 1] = part end
    if not at then return out end
    from = at + #sep
  end
end
M.split = split

local function set_of(list)
  local s = {}
  for _, v in ipairs(list) do s[v] = true end
  return s
end

local vowel = "[aeiou]"

-- verbs of more than one syllable stressed on the last, which double their
-- final consonant (expel -> expelled, admit -> admitted)
local DOUBLE = {}
for w in ([[expel compel propel repel dispel rebel excel patrol control admit commit submit omit
  permit transmit acquit emit remit refer confer prefer deter infer defer occur incur recur
  regret abet beset rebut equip outbid overrun kidnap]]):gmatch("%S+") do DOUBLE[w] = true end

-- Does the verb double its last consonant (ban -> banned, expel -> expelled)?
local function doubles(w)
  if DOUBLE[w] then return true end
  return w:match("^[^aeiou]*[aeiou][^aeiouwxy]$") ~= nil and #w <= 4
end

-- Regular forms of an English verb: base, 3sg, past (= past participle), -ing,
-- as four strings.
local function inflect4(w)
  local s, past, ing
  if w:match("[sxz]$") or w:match("[cs]h$") or w:match("[^aeiou]o$") then
    s = w .. "es"
  elseif w:match("[^aeiou]y$") then
    s = w:sub(1, -2) .. "ies"
  else
    s = w .. "s"
  end
  if w:match("e$") then
    past = w .. "d"
  elseif w:match("[^aeiou]y$") then
    past = w:sub(1, -2) .. "ied"
  elseif doubles(w) then
    past = w .. w:sub(-1) .. "ed"
  else
    past = w .. "ed"
  end
  if w:match("ie$") then
    ing = w:sub(1, -3) .. "ying"
  elseif w:match("[^eoy]e$") then
    ing = w:sub(1, -2) .. "ing"
  elseif doubles(w) then
    ing = w .. w:sub(-1) .. "ing"
  else
    ing = w .. "ing"
  end
  return w, s, past, ing
end

-- The same as lists by slot: { base = { w }, s =, past =, ppart =, ing = }.
function M.inflect(w)
  local b, s, past, ing = inflect4(w)
  return { base = { b }, s = { s }, past = { past }, ppart = { past }, ing = { ing } }
end

-- Plural of a noun (talks stays talks).
function M.plural(w)
  if w:match("s$") or w:match("[xz]$") or w:match("[cs]h$") then
    return w:match("ss$") and w .. "es" or w
  elseif w:match("[^aeiou]y$") then
    return w:sub(1, -2) .. "ies"
  end
  return w .. "s"
end

local slots = { "base", "s", "past", "ppart", "ing" }

-- Forms of the head word: regular ones, or the explicit list
-- "base|3sg|past|ppart|ing" where a slot may hold variants split by '/' and
-- '-' leaves a slot out (march: "-|marches|marched|marched|marching").
local function head_forms(head, forms)
  if not forms or forms == "" then return M.inflect(head) end
  local parts = {}
  for p in (forms .. "|"):gmatch("([^|]*)|") do parts[#parts + 1] = p end
  if #parts ~= 5 then
    error("stance lexicon: forms of '" .. head .. "' must be base|3sg|past|ppart|ing, got '" .. forms .. "'", 3)
  end
  local out = {}
  for i, slot in ipairs(slots) do
    local v = parts[i]:match("^%s*(.-)%s*$")
    out[slot] = (v == "-" or v == "") and {} or split(v, "/")
  end
  return out
end

------------------------------------------------------------------ rows

local target_words = {
  obj = true, loc = true, with = true, to = true, on = true, against = true, ["for"] = true,
  at = true, into = true, ["in"] = true, from = true, of = true, over = true, toward = true,
  towards = true, about = true, between = true, by = true, upon = true, near = true, behind = true,
  among = true, across = true, along = true, inside = true, onto = true, off = true,
}

local flag_words = {
  mutual = true, notarget = true, that = true, control = true, passive = true, agentless = true,
  transfer = true, ignore = true, light = true, onlyctl = true,
}

local control_classes = {
  appeal = true, demand = true, intent = true, threaten = true, refuse = true, negate = true,
}

-- The validated sets of a target or flags field, one per distinct text (most
-- rows share a few: "obj", "with", ""). Shared by rows: never changed.
local SETS = {}
local function field_set(raw, valid, what, key, add_obj)
  local ck = add_obj and raw .. "\0obj" or raw
  local set = SETS[ck]
  if set then return set end
  set = set_of(split(raw, ","))
  for k in pairs(set) do
    if not valid[k] then error("stance lexicon: '" .. key .. "': unknown " .. what .. " '" .. k .. "'", 4) end
  end
  if add_obj then set.obj = true end
  SETS[ck] = set
  return set
end

local function check_row(r, what)
  local key = r.lemma or r.noun
  if not key or key == "" then error("stance lexicon: a " .. what .. " row needs a lemma", 3) end
  if not r.type or r.type == "" then error("stance lexicon: '" .. key .. "' needs a type", 3) end
  if not r.cameo or not M.code(r.cameo) then
    error("stance lexicon: '" .. key .. "' has an unknown CAMEO code '" .. tostring(r.cameo) .. "'", 3)
  end
  -- a phrase that ends in its preposition ("meet with", "impose sanctions on")
  -- takes the noun right after it as the target
  local raw_targets = r.target or "obj"
  local last = key:match("(%S+)$")
  local ends_in_prep = last ~= "obj" and target_words[last] and key:find(" ", 1, true) and
    (raw_targets == last or (("," .. raw_targets .. ","):gsub("%s", ""):find("," .. last .. ",", 1, true)))
  local info = {
    lemma = key, pos = what, type = r.type, cameo = r.cameo,
    plover = (r.plover and r.plover ~= "") and r.plover or nil,
    targets = field_set(raw_targets, target_words, "target", key, ends_in_prep and true or false),
    flags = field_set(r.flags or "", flag_words, "flag", key, false),
    control = (r.control and r.control ~= "") and r.control or nil,
    neg_type = nil, neg_cameo = nil,
  }
  if info.control and not control_classes[info.control] then
    error("stance lexicon: '" .. key .. "': unknown control class '" .. info.control .. "'", 3)
  end
  if r.negated and r.negated ~= "" then
    local t, c = r.negated:match("^(%S+)%s*:%s*(%d+)$")
    if not t or not M.code(c) then
      error("stance lexicon: '" .. key .. "': negated must be type:CAMEO, e.g. disagree:110", 3)
    end
    info.neg_type, info.neg_cameo = t, c
  end
  local c = M.code(info.cameo)
  info.plover = info.plover or (c.plover ~= "" and c.plover or nil)
  info.polarity = c.polarity
  info.goldstein = c.goldstein
  return info
end

-- Add one verb row: { lemma, forms?, type, cameo, target?, flags?, control?, plover?, negated? }.
-- The first word of the lemma is inflected; the rest of the phrase follows it.
function M.add_verb(r)
  local info = check_row(r, "verb")
  M.rows[#M.rows + 1] = info
  local id = tostring(#M.rows)
  local head, rest = info.lemma:match("^(%S+)(.*)$")
  if r.forms == nil or r.forms == "" then
    -- regular: four distinct phrases (the past serves as the participle)
    local b, s3, past, ing = inflect4(head)
    local verbs = M.verbs
    verbs:add(b .. rest, { id = id, form = "base" })
    verbs:add(s3 .. rest, { id = id, form = "s" })
    verbs:add(past .. rest, { id = id, form = "past,ppart" })
    verbs:add(ing .. rest, { id = id, form = "ing" })
    return info
  end
  local forms = head_forms(head, r.forms)
  -- one entry per distinct phrase, its form slots joined: "past,ppart"
  local by_phrase, order = {}, {}
  for _, slot in ipairs(slots) do
    for _, f in ipairs(forms[slot]) do
      local phrase = f .. rest
      if not by_phrase[phrase] then
        by_phrase[phrase] = {}
        order[#order + 1] = phrase
      end
      by_phrase[phrase][#by_phrase[phrase] + 1] = slot
    end
  end
  for _, phrase in ipairs(order) do
    M.verbs:add(phrase, { id = id, form = table.concat(by_phrase[phrase], ",") })
  end
  return info
end

-- Add one noun row: { noun, plural?, type, cameo, target?, flags?, plover? }.
function M.add_noun(r)
  local info = check_row(r, "noun")
  M.rows[#M.rows + 1] = info
  local id = tostring(#M.rows)
  local head, rest = info.lemma:match("^(.-)(%S+)$")    -- the last word takes the plural
  M.nouns:add(info.lemma, { id = id, form = "sg" })
  if not info.lemma:find(" ", 1, true) then M.noun_words[info.lemma] = true end
  local pl = r.plural
  if pl == nil or pl == "" then
    pl = head .. M.plural(rest)
  end
  if pl ~= "-" and pl ~= info.lemma then
    for _, p in ipairs(split(pl, "/")) do
      M.nouns:add(p, { id = id, form = "pl" })
      if not p:find(" ", 1, true) then M.noun_words[p] = true end
    end
  end
  return info
end

function M.add_verbs(rows) for _, r in ipairs(rows) do M.add_verb(r) end end
function M.add_nouns(rows) for _, r in ipairs(rows) do M.add_noun(r) end end

-- The parsed row of a dictionary entry (a capture's m.x.entry).
function M.info(entry)
  return entry and M.rows[tonumber(entry.id)]
end

M.add_verbs(polis.read_tsv("../../data/stance_verbs.tsv"))
M.add_nouns(polis.read_tsv("../../data/stance_nouns.tsv"))

return M
