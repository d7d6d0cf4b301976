-- polis.test: a small library for rule tests, run with `polis test FILE...`.
--
--   local t = require "polis.test"
--   t.case("America condemns Russia", function ()
--     local r = t.analyze("America has openly condemned Russia.")
--     t.stance(r, { source = "America", target = "Russia", type = "criticize" })
--   end)
--
-- Each case runs in a protected call; a failed check ends that case only.
-- Names given to actor(), location() and stance() match an item's name or the
-- text of any of its mentions, case-insensitively.
local polis = require "polis"

local t = {}

local function describe(v)
  if type(v) == "string" then return string.format("%q", v) end
  return tostring(v)
end

function t.case(name, fn)
  local ok, err = pcall(fn)
  polis.report(name, ok, not ok and tostring(err) or nil)
end

function t.analyze(text, opts)
  return polis.analyze(text, opts)
end

function t.fail(msg, level)
  error(msg, (level or 1) + 1)
end

function t.eq(got, want, what)
  if got ~= want then
    t.fail(string.format("%s: expected %s, got %s", what or "value", describe(want), describe(got)), 2)
  end
end

function t.truthy(v, what)
  if not v then t.fail((what or "value") .. ": expected a true value", 2) end
  return v
end

local function lower(s) return s and string.lower(s) or nil end

-- Does the item carry this name (its name or a mention's text)?
function t.named(item, name)
  if not item or not name then return false end
  local n = lower(name)
  if lower(item.name) == n then return true end
  for _, m in ipairs(item.mentions or {}) do
    if lower(m.text) == n then return true end
  end
  return false
end

local function find(list, name)
  for _, it in ipairs(list or {}) do
    if t.named(it, name) then return it end
  end
  return nil
end

-- Check the fields of an item against a table of expected values.
local function check_fields(item, want, what)
  for k, v in pairs(want) do
    if k ~= "name" and item[k] ~= v then
      t.fail(string.format("%s: field '%s' is %s, expected %s", what, k, describe(item[k]), describe(v)), 3)
    end
  end
end

-- The actor named `name` (failing when absent); `want` checks its fields.
function t.actor(r, name, want)
  local a = find(r.actors, name)
  if not a then t.fail("no actor named " .. describe(name), 2) end
  if want then check_fields(a, want, "actor " .. name) end
  return a
end

function t.no_actor(r, name)
  if find(r.actors, name) then t.fail("unexpected actor " .. describe(name), 2) end
end

function t.location(r, name, want)
  local l = find(r.locations, name)
  if not l then t.fail("no location named " .. describe(name), 2) end
  if want then check_fields(l, want, "location " .. name) end
  return l
end

function t.no_location(r, name)
  if find(r.locations, name) then t.fail("unexpected location " .. describe(name), 2) end
end

-- The item an id points to in a result.
function t.item(r, id)
  if not id then return nil end
  local list = id:sub(1, 1) == "l" and r.locations or r.actors
  for _, it in ipairs(list or {}) do
    if it.id == id then return it end
  end
  return nil
end

local function stance_matches(r, s, spec)
  if spec.source ~= nil and not t.named(t.item(r, s.source), spec.source) then return false end
  if spec.target ~= nil and not t.named(t.item(r, s.target), spec.target) then return false end
  for k, v in pairs(spec) do
    if k ~= "source" and k ~= "target" and s[k] ~= v then return false end
  end
  return true
end

local function describe_stances(r)
  local out = {}
  for _, s in ipairs(r.stances or {}) do
    local src, tgt = t.item(r, s.source), t.item(r, s.target)
    out[#out + 1] = string.format("%s -%s-> %s", src and src.name or "nil", s.type, tgt and tgt.name or "nil")
  end
  return #out > 0 and table.concat(out, "; ") or "(none)"
end

-- A stance matching spec: source and target are names, other keys are fields.
function t.stance(r, spec)
  for _, s in ipairs(r.stances or {}) do
    if stance_matches(r, s, spec) then return s end
  end
  local parts = {}
  for k, v in pairs(spec) do parts[#parts + 1] = k .. "=" .. describe(v) end
  table.sort(parts)
  t.fail("no stance with " .. table.concat(parts, ", ") .. "; got " .. describe_stances(r), 2)
end

function t.no_stance(r, spec)
  for _, s in ipairs(r.stances or {}) do
    if stance_matches(r, s, spec) then
      t.fail("unexpected stance " .. describe_stances(r), 2)
    end
  end
end

function t.count(list, n, what)
  t.eq(#(list or {}), n, "number of " .. (what or "items"))
end

-- Error records: an error whose message contains `text`.
function t.error(r, text)
  for _, e in ipairs(r.errors or {}) do
    if string.find(e.message, text, 1, true) then return e end
  end
  t.fail("no error containing " .. describe(text), 2)
end

return t
