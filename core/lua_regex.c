/*
 * lua_regex.c - the polis.regex class (binds regex.c). Regexes made while the
 * scripts load live in the engine's compile-once cache and their userdata
 * only points at them; one made inside a rule belongs to its userdata and is
 * freed with it.
 *
 * Offsets seen from Lua: byte offsets are 0-based and half-open as in the
 * JSON output (start, stop); token and sentence indexes are 1-based as Lua
 * arrays are.
 */
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "lua_text.h"

polis_regex *polis_lua_toregex(lua_State *L, int idx)
{
    lua_regex *r = luaL_testudata(L, idx, POLIS_T_REGEX);
    return r ? r->re : NULL;
}


/* polis.regex(pattern [, flags]) -> regex; flags is a string of "imsxUw".
 * While the scripts load, regexes come from the engine's compile-once cache.
 * Made by a rule while a document is analysed, a regex belongs to its object
 * and goes when that is collected: in the cache, which lives as long as the
 * engine and outside the Lua memory cap, every distinct pattern a rule built
 * from document text stayed, and memory grew with the stream. */
static int regex_new(lua_State *L)
{
    polis_engine *e = polis_engine_from(L);
    size_t len;
    const char *src = luaL_checklstring(L, 1, &len);
    uint32_t flags = 0;
    if (!lua_isnoneornil(L, 2) && polis_regex_flags(luaL_checkstring(L, 2), &flags) != 0)
        return luaL_error(L, "polis.regex: bad flags '%s' (use i, m, s, x, U, w)",
                          lua_tostring(L, 2));
    lua_regex *u = lua_newuserdatauv(L, sizeof *u, 0);
    u->re = NULL;
    u->owned = false;
    luaL_setmetatable(L, POLIS_T_REGEX);
    char err[512];
    if (e->in_doc)
        u->re = polis_regex_compile(src, len, flags, err, sizeof err);
    else
        u->re = polis_regex_cache_get(e->recache, src, len, flags, err, sizeof err);
    if (!u->re)
        return luaL_error(L, "%s", err);
    u->owned = e->in_doc;
    return 1;
}

static int regex_gc(lua_State *L)
{
    lua_regex *u = luaL_checkudata(L, 1, POLIS_T_REGEX);
    if (u->owned)
        polis_regex_free(u->re);
    u->re = NULL;
    u->owned = false;
    return 0;
}

/* Is the string at idx (s[0..len)) valid UTF-8? Asked before matching so that
 * PCRE2 can skip its own check, which covers the rest of the subject on every
 * call: a rule walking a document's text with find_all or re:match went
 * quadratic (400 KB: 12 s in C, outside the instruction budget). The last
 * long string found valid is pinned in the registry, so a pointer equal to
 * its address is that very string (it cannot have been collected and the
 * address reused). */
static bool subject_valid(lua_State *L, int idx, const char *s, size_t len)
{
    bool pinned = len >= 256;
    if (pinned) {
        lua_getfield(L, LUA_REGISTRYINDEX, POLIS_REG_SUBJECT);
        bool same = lua_tostring(L, -1) == s;
        lua_pop(L, 1);
        if (same)
            return true;
    }
    for (size_t i = 0, n; i < len; i += n)
        if (polis_utf8_decode(s + i, len - i, &n) == 0xFFFD && n == 1)
            return false;                     /* PCRE2 will say where */
    if (pinned) {
        lua_pushvalue(L, idx);
        lua_setfield(L, LUA_REGISTRYINDEX, POLIS_REG_SUBJECT);
    }
    return true;
}

/* Offset after a match ending at end: an empty match moves on by one whole
 * character (a start inside a character is an error in PCRE2). */
static size_t next_offset(const char *s, size_t len, size_t start, size_t end)
{
    if (end > start)
        return end;
    end++;
    while (end < len && ((unsigned char)s[end] & 0xC0) == 0x80)
        end++;
    return end;
}

/* Push {start=, stop=, text=, [1..n] = group texts or false, name = text}. */
static void push_regex_match(lua_State *L, const polis_regex *re, const char *s,
                             const polis_span *caps, uint32_t ngroups)
{
    lua_createtable(L, (int)ngroups, 3);
    lua_pushinteger(L, (lua_Integer)caps[0].start);
    lua_setfield(L, -2, "start");
    lua_pushinteger(L, (lua_Integer)caps[0].end);
    lua_setfield(L, -2, "stop");
    lua_pushlstring(L, s + caps[0].start, caps[0].end - caps[0].start);
    lua_setfield(L, -2, "text");
    for (uint32_t g = 1; g <= ngroups; g++) {
        if (caps[g].start == SIZE_MAX)
            lua_pushboolean(L, 0);
        else
            lua_pushlstring(L, s + caps[g].start, caps[g].end - caps[g].start);
        const char *name = polis_regex_group_name(re, g);
        if (name) {
            lua_pushvalue(L, -1);
            lua_setfield(L, -3, name);
        }
        lua_rawseti(L, -2, g);
    }
}

/* Run re over s from offset, pushing a match table or nil; raises on a limit.
 * valid: s is known to be valid UTF-8 (subject_valid). */
static bool regex_exec_push(lua_State *L, polis_engine *e, polis_regex *re, const char *s,
                            size_t len, size_t off, bool valid, size_t *end)
{
    uint32_t ng = polis_regex_ngroups(re);
    polis_span stack_caps[16];
    polis_span *caps = ng + 1 <= 16 ? stack_caps : lua_newuserdatauv(L, (ng + 1) * sizeof *caps, 0);
    int rc = polis_regex_exec(e->rectx, re, s, len, off, valid, caps, ng + 1);
    if (rc < 0)
        luaL_error(L, "%s", polis_regex_error(e->rectx));   /* names the pattern */
    if (!polis_sandbox_charge(L, e, POLIS_CHARGE_BYTES((rc > 0 ? caps[0].end : len) - off) +
                                        POLIS_CHARGE_ITEMS(rc > 0)))
        luaL_error(L, "instruction budget exhausted");
    if (rc == 0)
        return false;
    push_regex_match(L, re, s, caps, ng);
    if (caps != stack_caps)
        lua_remove(L, -2);
    *end = next_offset(s, len, caps[0].start, caps[0].end);
    return true;
}

/* re:match(s [, init]) -> the first match table at or after byte init (0-based), or nil. */
static int regex_match(lua_State *L)
{
    polis_engine *e = polis_engine_from(L);
    polis_regex *re = ((lua_regex *)luaL_checkudata(L, 1, POLIS_T_REGEX))->re;
    size_t len, end;
    const char *s = luaL_checklstring(L, 2, &len);
    lua_Integer init = luaL_optinteger(L, 3, 0);
    if (init < 0 || (size_t)init > len)
        return luaL_argerror(L, 3, "offset out of range");
    bool valid = subject_valid(L, 2, s, len);
    if (!regex_exec_push(L, e, re, s, len, (size_t)init, valid, &end))
        lua_pushnil(L);
    return 1;
}

/* re:find_all(s) -> { match, ... } for every non-overlapping match. */
static int regex_find_all(lua_State *L)
{
    polis_engine *e = polis_engine_from(L);
    polis_regex *re = ((lua_regex *)luaL_checkudata(L, 1, POLIS_T_REGEX))->re;
    size_t len, off = 0, end;
    const char *s = luaL_checklstring(L, 2, &len);
    bool valid = subject_valid(L, 2, s, len);
    lua_newtable(L);
    lua_Integer n = 0;
    while (off <= len && regex_exec_push(L, e, re, s, len, off, valid, &end)) {
        lua_rawseti(L, -2, ++n);
        off = end;
    }
    return 1;
}

/* re:test(s) -> true when re matches somewhere in s. */
static int regex_test(lua_State *L)
{
    polis_engine *e = polis_engine_from(L);
    polis_regex *re = ((lua_regex *)luaL_checkudata(L, 1, POLIS_T_REGEX))->re;
    size_t len;
    const char *s = luaL_checklstring(L, 2, &len);
    polis_span caps[1];
    int rc = polis_regex_exec(e->rectx, re, s, len, 0, subject_valid(L, 2, s, len), caps, 1);
    if (rc < 0)
        return luaL_error(L, "%s", polis_regex_error(e->rectx));   /* names the pattern */
    if (!polis_sandbox_charge(L, e, POLIS_CHARGE_BYTES(rc > 0 ? caps[0].end : len)))
        return luaL_error(L, "instruction budget exhausted");
    lua_pushboolean(L, rc > 0);
    return 1;
}

static int regex_tostring(lua_State *L)
{
    polis_regex *re = ((lua_regex *)luaL_checkudata(L, 1, POLIS_T_REGEX))->re;
    lua_pushfstring(L, "polis.regex(/%s/)", polis_regex_pattern(re));
    return 1;
}

static const luaL_Reg regex_methods[] = {
    { "match", regex_match },
    { "find_all", regex_find_all },
    { "test", regex_test },
    { NULL, NULL },
};

static const luaL_Reg regex_funcs[] = {
    { "regex", regex_new },
    { NULL, NULL },
};

void polis_lua_regex_open(lua_State *L)
{
    polis_lua_new_class(L, POLIS_T_REGEX, regex_methods, regex_gc, regex_tostring);
    luaL_setfuncs(L, regex_funcs, 0);
}
