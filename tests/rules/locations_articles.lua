-- Annotated test articles for the location rules: tests/rules/data/locations_articles.jsonl (inside the rule test folder: the sandbox reads only there),
-- one JSON object a line, written for these tests:
--   { "id", "text",
--     "places": [ { "text", "country", "kind"?, "name"? } ],   -- mentions that must be places
--     "absent": [ "text", ... ],                               -- texts that must not be
--     "focus": { "country", "city"? } }
-- Run: polis test tests/rules.
local polis = require "polis"
local t = require "polis.test"

-- A small JSON reader for the test data (objects, arrays, strings, numbers,
-- true/false/null; \uXXXX escapes of the Basic Multilingual Plane).
local function decode(s)
  local pos = 1
  local value
  local function ws() pos = s:find("[^ \t\r\n]", pos) or #s + 1 end
  local function str()
    local out = {}
    pos = pos + 1
    while true do
      local c = s:sub(pos, pos)
      if c == '"' then pos = pos + 1 break end
      if c == "\\" then
        local e = s:sub(pos + 1, pos + 1)
        if e == "u" then
          out[#out + 1] = utf8.char(tonumber(s:sub(pos + 2, pos + 5), 16))
          pos = pos + 6
        else
          out[#out + 1] = ({ n = "\n", t = "\t", r = "\r", b = "\b", f = "\f" })[e] or e
          pos = pos + 2
        end
      elseif c == "" then error("unterminated string")
      else
        out[#out + 1] = c
        pos = pos + 1
      end
    end
    return table.concat(out)
  end
  function value()
    ws()
    local c = s:sub(pos, pos)
    if c == "{" then
      local o = {}
      pos = pos + 1
      ws()
      if s:sub(pos, pos) == "}" then pos = pos + 1 return o end
      while true do
        ws()
        local k = str()
        ws()
        pos = pos + 1 -- :
        o[k] = value()
        ws()
        local d = s:sub(pos, pos)
        pos = pos + 1
        if d == "}" then return o end
      end
    elseif c == "[" then
      local a = {}
      pos = pos + 1
      ws()
      if s:sub(pos, pos) == "]" then pos = pos + 1 return a end
      while true do
        a[#a + 1] = value()
        ws()
        local d = s:sub(pos, pos)
        pos = pos + 1
        if d == "]" then return a end
      end
    elseif c == '"' then return str()
    elseif s:sub(pos, pos + 3) == "true" then pos = pos + 4 return true
    elseif s:sub(pos, pos + 4) == "false" then pos = pos + 5 return false
    elseif s:sub(pos, pos + 3) == "null" then pos = pos + 4 return nil
    else
      local num = s:match("^-?[%d.eE+-]+", pos)
      pos = pos + #num
      return tonumber(num)
    end
  end
  return value()
end

-- The location one of whose mentions has exactly this text.
local function with_mention(r, text)
  for _, l in ipairs(r.locations or {}) do
    for _, m in ipairs(l.mentions or {}) do
      if m.text == text then return l end
    end
  end
  return nil
end

for _, line in ipairs(polis.read_lines("data/locations_articles.jsonl")) do
  if line ~= "" then
    local a = decode(line)
    t.case(a.id, function ()
      local r = t.analyze(a.text)
      for _, p in ipairs(a.places) do
        local l = with_mention(r, p.text)
        if not l then t.fail("no location mention " .. p.text) end
        t.eq(l.country, p.country, p.text .. " country")
        if p.kind then t.eq(l.kind, p.kind, p.text .. " kind") end
        if p.name then t.eq(l.name, p.name, p.text .. " name") end
      end
      for _, text in ipairs(a.absent or {}) do
        if with_mention(r, text) then t.fail("unexpected location mention " .. text) end
      end
      if a.focus then
        t.truthy(r.focus, "focus")
        t.eq(r.focus.country, a.focus.country, "focus country")
        if a.focus.city then t.eq(r.focus.city, a.focus.city, "focus city") end
      end
    end)
  end
end
