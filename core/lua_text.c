/*
 * lua_text.c - Lua classes for the text core: polis.regex, polis.dict (and
 * polis.lexicon, polis.load_dict), polis.pattern, plus polis.tokenize and
 * polis.sentences for exploring and testing.
 *
 * One userdata class per C object (a named metatable with methods reached
 * through __index); dictionaries and patterns free their C object when they
 * are collected (__gc). They have no __close: rules and compiled patterns
 * keep pointers to them, and `local d <close> = polis.lexicon {...}` used in
 * a rule freed a dictionary the rule still read. Regexes made while the
 * scripts load live in the engine's compile-once cache and their userdata
 * only points at them; one made inside a rule belongs to its userdata.
 *
 * Offsets seen from Lua: byte offsets are 0-based and half-open as in the
 * JSON output (start, stop); token and sentence indexes are 1-based as Lua
 * arrays are.
 */
#include <stdlib.h>
#include <string.h>

#include "engine.h"

#define POLIS_REG_DICTS "polis.dicts"   /* weak: light userdata (polis_dict *) -> userdata */
#define POLIS_REG_SUBJECT "polis.subject" /* the last long regex subject found valid UTF-8 */

typedef struct lua_regex { polis_regex *re; bool owned; } lua_regex;
/* pinned: a rule or a compiled pattern keeps the C pointer (polis_lua_pin),
 * so close must not free it; the collector does when nothing refers to it. */
typedef struct lua_dict { polis_dict *d; bool pinned; } lua_dict;
typedef struct lua_pattern { polis_tpat *p; bool pinned; } lua_pattern;

polis_regex *polis_lua_toregex(lua_State *L, int idx)
{
    lua_regex *r = luaL_testudata(L, idx, POLIS_T_REGEX);
    return r ? r->re : NULL;
}

polis_dict *polis_lua_todict(lua_State *L, int idx)
{
    lua_dict *d = luaL_testudata(L, idx, POLIS_T_DICT);
    return d ? d->d : NULL;
}

polis_tpat *polis_lua_topattern(lua_State *L, int idx)
{
    lua_pattern *p = luaL_testudata(L, idx, POLIS_T_PATTERN);
    return p ? p->p : NULL;
}

/* ------------------------------------------------------------- regex */

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

/* ---------------------------------------------------------- dictionary */

static const char *const case_names[] = { "default", "fold", "exact", "caps", NULL };

static int dict_gc(lua_State *L)
{
    lua_dict *u = luaL_checkudata(L, 1, POLIS_T_DICT);
    polis_dict_free(u->d);                   /* idempotent */
    u->d = NULL;
    return 0;
}

/* d:close(): free the dictionary now, unless a rule or a pattern uses it
 * (closing one of those freed memory they went on reading). */
static int dict_close(lua_State *L)
{
    lua_dict *u = luaL_checkudata(L, 1, POLIS_T_DICT);
    if (u->pinned)
        return luaL_error(L, "d:close: a rule or a pattern uses this dictionary (it is freed "
                             "when nothing does)");
    return dict_gc(L);
}

/* Mark the dictionary or pattern at idx as used by a rule or a compiled
 * pattern; false when it is closed already. */
bool polis_lua_pin(lua_State *L, int idx)
{
    lua_dict *d = luaL_testudata(L, idx, POLIS_T_DICT);
    if (d) {
        d->pinned = true;
        return d->d != NULL;
    }
    lua_pattern *p = luaL_testudata(L, idx, POLIS_T_PATTERN);
    if (p) {
        p->pinned = true;
        return p->p != NULL;
    }
    return true;
}

static lua_dict *check_dict(lua_State *L, int idx)
{
    lua_dict *u = luaL_checkudata(L, idx, POLIS_T_DICT);
    if (!u->d)
        luaL_error(L, "dictionary is closed");
    return u;
}

/* Wrap a new polis_dict in a userdata (pushed); registers it so that pattern
 * captures, which know the C pointer, can find the Lua object. */
static lua_dict *push_dict(lua_State *L, polis_dict *d)
{
    lua_dict *u = lua_newuserdatauv(L, sizeof *u, 2);
    u->d = d;
    u->pinned = false;
    luaL_setmetatable(L, POLIS_T_DICT);
    lua_newtable(L);                          /* entry attribute tables, by entry id + 1 */
    lua_setiuservalue(L, -2, 1);
    lua_newtable(L);                          /* phrase ids of d:scan_ids (see there) */
    lua_setiuservalue(L, -2, 2);
    lua_getfield(L, LUA_REGISTRYINDEX, POLIS_REG_DICTS);
    lua_pushlightuserdata(L, d);
    lua_pushvalue(L, -3);
    lua_rawset(L, -3);
    lua_pop(L, 1);
    return u;
}

/* Add one entry from a phrase and an optional attribute table at attrs_idx
 * (merged over defaults at defaults_idx, either may be 0). */
static void dict_add_entry(lua_State *L, polis_dict *d, const char *phrase, size_t len,
                           int attrs_idx, int defaults_idx)
{
    const char *keys[64], *values[64];
    size_t n = 0;
    enum polis_dict_case c = POLIS_CASE_DEFAULT;
    int tables[2] = { defaults_idx, attrs_idx };
    for (int t = 0; t < 2; t++) {
        if (!tables[t])
            continue;
        lua_pushnil(L);
        while (lua_next(L, tables[t])) {
            if (lua_type(L, -2) == LUA_TSTRING) {
                const char *k = lua_tostring(L, -2);
                if (strcmp(k, "case") == 0) {
                    lua_pushvalue(L, -1);
                    int ci = luaL_checkoption(L, -1, NULL, case_names);
                    lua_pop(L, 1);
                    c = (enum polis_dict_case)ci;
                } else if (lua_type(L, -1) == LUA_TSTRING || lua_type(L, -1) == LUA_TNUMBER) {
                    const char *v = lua_tostring(L, -1);     /* converts numbers in place */
                    size_t k_i;
                    for (k_i = 0; k_i < n && strcmp(keys[k_i], k) != 0; k_i++)
                        ;
                    if (k_i == n) {
                        if (n == 64)
                            luaL_error(L, "dictionary entry has more than 64 attributes");
                        n++;
                    }
                    keys[k_i] = k;
                    values[k_i] = v;
                }
            }
            lua_pop(L, 1);
        }
    }
    if (polis_dict_add(d, phrase, len, keys, values, n, c) < 0)
        luaL_error(L, "cannot add '%s' to the dictionary (empty phrase?)", phrase);
}

/* Fill d from a list: strings, or tables { "phrase", key = value, ... }. */
static void dict_fill(lua_State *L, polis_dict *d, int list, int defaults)
{
    lua_Integer n = (lua_Integer)lua_rawlen(L, list);
    for (lua_Integer i = 1; i <= n; i++) {
        int t = lua_rawgeti(L, list, i);
        if (t == LUA_TSTRING) {
            size_t len;
            const char *s = lua_tolstring(L, -1, &len);
            dict_add_entry(L, d, s, len, 0, defaults);
        } else if (t == LUA_TTABLE) {
            int item = lua_gettop(L);
            if (lua_rawgeti(L, item, 1) != LUA_TSTRING)
                luaL_error(L, "dictionary item %d: first element must be the phrase", (int)i);
            size_t len;
            const char *s = lua_tolstring(L, -1, &len);
            dict_add_entry(L, d, s, len, item, defaults);
            lua_pop(L, 1);
        } else {
            luaL_error(L, "dictionary item %d must be a string or a table", (int)i);
        }
        lua_pop(L, 1);
    }
}

/* polis.dict { case = "fold"|"exact"|"caps", entries... } -> dictionary.
 * polis.lexicon { "phrase", ... } [, attrs] -> a case-folding dictionary whose
 * entries all carry attrs. */
static int dict_new_common(lua_State *L, enum polis_dict_case def)
{
    int defaults = 0;
    if (lua_istable(L, 1)) {
        if (lua_getfield(L, 1, "case") != LUA_TNIL)
            def = (enum polis_dict_case)luaL_checkoption(L, -1, NULL, case_names);
        lua_pop(L, 1);
    } else if (!lua_isnoneornil(L, 1)) {
        return luaL_argerror(L, 1, "table of phrases expected");
    }
    if (lua_istable(L, 2))
        defaults = 2;
    polis_dict *d = polis_dict_new(def == POLIS_CASE_DEFAULT ? POLIS_CASE_FOLD : def);
    if (!d)
        return luaL_error(L, "out of memory");
    push_dict(L, d);
    if (lua_istable(L, 1))
        dict_fill(L, d, 1, defaults);
    return 1;
}

static int dict_new(lua_State *L) { return dict_new_common(L, POLIS_CASE_FOLD); }
static int lexicon_new(lua_State *L) { return dict_new_common(L, POLIS_CASE_FOLD); }

/* polis.load_dict(path [, { case = ... }]) -> dictionary from a TSV file,
 * resolved relative to the calling script. */
static int dict_load(lua_State *L)
{
    polis_engine *e = polis_engine_from(L);
    const char *path = luaL_checkstring(L, 1);
    enum polis_dict_case def = POLIS_CASE_FOLD;
    if (lua_istable(L, 2)) {
        if (lua_getfield(L, 2, "case") != LUA_TNIL)
            def = (enum polis_dict_case)luaL_checkoption(L, -1, NULL, case_names);
        lua_pop(L, 1);
    }
    char *real = polis_sandbox_resolve(L, e, path, 1);
    polis_dict *d = polis_dict_new(def == POLIS_CASE_DEFAULT ? POLIS_CASE_FOLD : def);
    if (!d) {
        free(real);
        return luaL_error(L, "out of memory");
    }
    push_dict(L, d);
    char err[512];
    long n = polis_dict_load_tsv(d, real, err, sizeof err);
    free(real);
    if (n < 0)
        return luaL_error(L, "polis.load_dict: %s", err);
    return 1;
}

void polis_lua_push_entry(lua_State *L, int dict_idx, const polis_dict *d, int32_t entry)
{
    dict_idx = lua_absindex(L, dict_idx);
    lua_getiuservalue(L, dict_idx, 1);
    if (lua_rawgeti(L, -1, entry + 1) != LUA_TNIL) {
        lua_remove(L, -2);
        return;
    }
    lua_pop(L, 1);
    lua_newtable(L);
    const char *k, *v;
    for (size_t i = 0; polis_dict_attr_at(d, entry, i, &k, &v); i++) {
        lua_pushstring(L, v);
        lua_setfield(L, -2, k);
    }
    if (lua_getfield(L, -1, "phrase") == LUA_TNIL) {
        lua_pushstring(L, polis_dict_entry_phrase(d, entry));
        lua_setfield(L, -3, "phrase");
    }
    lua_pop(L, 1);
    lua_pushvalue(L, -1);
    lua_rawseti(L, -3, entry + 1);
    lua_remove(L, -2);
}

/* Push the dictionary userdata of a C dictionary (or nil). */
static void push_dict_object(lua_State *L, const polis_dict *d)
{
    lua_getfield(L, LUA_REGISTRYINDEX, POLIS_REG_DICTS);
    lua_pushlightuserdata(L, (void *)d);
    lua_rawget(L, -2);
    lua_remove(L, -2);
}

/* Push { attrs, ... } for entries of one phrase. dict_idx: the dictionary userdata. */
static void push_entries(lua_State *L, int dict_idx, const polis_dict *d, const int32_t *entries,
                         size_t n)
{
    dict_idx = lua_absindex(L, dict_idx);
    lua_createtable(L, (int)n, 0);
    for (size_t k = 0; k < n; k++) {
        polis_lua_push_entry(L, dict_idx, d, entries[k]);
        lua_rawseti(L, -2, (lua_Integer)k + 1);
    }
}

/* d:add(phrase [, attrs]) */
/* Adding entries may move the dictionary's entry lists: forget the phrase ids
 * d:scan_ids handed out. */
static void forget_phrase_ids(lua_State *L, int dict_idx)
{
    lua_newtable(L);
    lua_setiuservalue(L, dict_idx, 2);
}

static int dict_add(lua_State *L)
{
    lua_dict *u = check_dict(L, 1);
    size_t len;
    const char *s = luaL_checklstring(L, 2, &len);
    dict_add_entry(L, u->d, s, len, lua_istable(L, 3) ? 3 : 0, 0);
    forget_phrase_ids(L, 1);
    return 0;
}

/* d:lookup(phrase) -> { attrs, ... } of the entries whose phrase is exactly
 * this one (after normalization), or an empty table. */
static int dict_lookup(lua_State *L)
{
    lua_dict *u = check_dict(L, 1);
    size_t len;
    const char *s = luaL_checklstring(L, 2, &len);
    polis_tokens toks;
    memset(&toks, 0, sizeof toks);
    if (polis_tokenize(s, len, NULL, &toks) != 0) {
        polis_tokens_free(&toks);
        return luaL_error(L, "out of memory");
    }
    const int32_t *entries = NULL;
    size_t n = 0;
    size_t got = toks.n ? polis_dict_match_at(u->d, s, &toks, 0, toks.n, &entries, &n) : 0;
    if (got != toks.n || toks.n == 0)
        n = 0;
    polis_tokens_free(&toks);
    push_entries(L, 1, u->d, entries, n);
    return 1;
}

/* Push an array of match tables for the longest non-overlapping matches of
 * dictionary d (its userdata at dict_idx) in tokens [from, to), never across
 * a sentence boundary: { first, last, start, stop, text, sentence,
 * entries = { attrs, ... }, entry = entries[1] }. */
void polis_lua_dict_hits(lua_State *L, polis_engine *e, int dict_idx, const polis_dict *d,
                         size_t from, size_t to)
{
    dict_idx = lua_absindex(L, dict_idx);
    lua_newtable(L);
    lua_Integer n = 0;
    const polis_doc *doc = &e->doc;
    for (size_t i = from; i < to;) {
        size_t send = doc->sents.n ? doc->sents.v[doc->toks.v[i].sentence].tok_end : to;
        if (send > to)
            send = to;
        const int32_t *entries;
        size_t ne, len = polis_dict_match_at(d, doc->text, &doc->toks, i, send, &entries, &ne);
        if (len == 0 || ne == 0) {
            i++;
            continue;
        }
        polis_lua_push_span(L, e, i, i + len);
        push_entries(L, dict_idx, d, entries, ne);
        lua_rawgeti(L, -1, 1);
        lua_setfield(L, -3, "entry");
        lua_setfield(L, -2, "entries");
        lua_rawseti(L, -2, ++n);
        i += len;
    }
}

/* d:scan(doc [, span]) -> { match, ... }: the longest non-overlapping matches
 * in the document (or inside span), within sentences. */
static int dict_scan(lua_State *L)
{
    lua_dict *u = check_dict(L, 1);
    polis_engine *e = polis_lua_check_doc(L, 2);
    size_t from = 0, to = e->doc.toks.n;
    if (!lua_isnoneornil(L, 3) && !polis_lua_get_span(L, e, 3, &from, &to))
        return luaL_argerror(L, 3, "span expected");
    polis_lua_dict_hits(L, e, 1, u->d, from, to);
    if (!polis_sandbox_charge(L, e, POLIS_CHARGE_BYTES(16 * (to - from)) +
                                        POLIS_CHARGE_ITEMS(lua_rawlen(L, -1))))
        return luaL_error(L, "instruction budget exhausted");
    return 1;
}

/* The small integer id of an entry list of d (the entries a phrase matched
 * with), made on first sight. Slot 2 of the dictionary's userdata maps the
 * list's address to the id and the id to its array of attribute tables; the
 * addresses stay valid until the dictionary changes (d:add clears the map). */
static lua_Integer phrase_id(lua_State *L, int dict_idx, int ids, const polis_dict *d,
                             const int32_t *entries, size_t n)
{
    lua_pushlightuserdata(L, (void *)entries);
    if (lua_rawget(L, ids) == LUA_TNUMBER) {
        lua_Integer id = lua_tointeger(L, -1);
        lua_pop(L, 1);
        return id;
    }
    lua_pop(L, 1);
    lua_Integer id = (lua_Integer)lua_rawlen(L, ids) + 1;
    push_entries(L, dict_idx, d, entries, n);
    lua_rawseti(L, ids, id);
    lua_pushlightuserdata(L, (void *)entries);
    lua_pushinteger(L, id);
    lua_rawset(L, ids);
    return id;
}

/* d:scan_ids(doc [, span]) -> { first, last, id, first, last, id, ... }: the
 * matches of d:scan as one flat array of integers, with no table per match:
 * token indexes (1-based, last inclusive) and a phrase id; d:entries(id)
 * gives that phrase's attribute tables (the same tables every time). For
 * rules that scan big dictionaries over every document. */
static int dict_scan_ids(lua_State *L)
{
    lua_dict *u = check_dict(L, 1);
    polis_engine *e = polis_lua_check_doc(L, 2);
    size_t from = 0, to = e->doc.toks.n;
    if (!lua_isnoneornil(L, 3) && !polis_lua_get_span(L, e, 3, &from, &to))
        return luaL_argerror(L, 3, "span expected");
    lua_settop(L, 2);
    lua_getiuservalue(L, 1, 2);
    int ids = lua_gettop(L);
    lua_newtable(L);
    lua_Integer n = 0;
    const polis_doc *doc = &e->doc;
    for (size_t i = from; i < to;) {
        size_t send = doc->sents.n ? doc->sents.v[doc->toks.v[i].sentence].tok_end : to;
        if (send > to)
            send = to;
        const int32_t *entries;
        size_t ne, len = polis_dict_match_at(u->d, doc->text, &doc->toks, i, send, &entries, &ne);
        if (len == 0 || ne == 0) {
            i++;
            continue;
        }
        lua_Integer id = phrase_id(L, 1, ids, u->d, entries, ne);
        lua_pushinteger(L, (lua_Integer)i + 1);
        lua_rawseti(L, -2, ++n);
        lua_pushinteger(L, (lua_Integer)(i + len));
        lua_rawseti(L, -2, ++n);
        lua_pushinteger(L, id);
        lua_rawseti(L, -2, ++n);
        i += len;
    }
    if (!polis_sandbox_charge(L, e, POLIS_CHARGE_BYTES(16 * (to - from)) +
                                        POLIS_CHARGE_ITEMS((size_t)n / 3)))
        return luaL_error(L, "instruction budget exhausted");
    return 1;
}

/* d:entries(id) -> { attrs, ... } of a phrase id from d:scan_ids. */
static int dict_entries(lua_State *L)
{
    check_dict(L, 1);
    lua_Integer id = luaL_checkinteger(L, 2);
    lua_getiuservalue(L, 1, 2);
    if (lua_rawgeti(L, -1, id) != LUA_TTABLE)
        return luaL_argerror(L, 2, "not a phrase id of this dictionary (did it change?)");
    return 1;
}

/* d:match(doc, i) -> the longest match starting at token i (1-based), or nil. */
static int dict_match(lua_State *L)
{
    lua_dict *u = check_dict(L, 1);
    polis_engine *e = polis_lua_check_doc(L, 2);
    lua_Integer i = luaL_checkinteger(L, 3);
    if (i < 1 || (size_t)i > e->doc.toks.n)
        return luaL_argerror(L, 3, "token index out of range");
    const polis_doc *doc = &e->doc;
    size_t send = doc->sents.v[doc->toks.v[i - 1].sentence].tok_end;
    const int32_t *entries;
    size_t ne, len = polis_dict_match_at(u->d, doc->text, &doc->toks, (size_t)i - 1, send,
                                         &entries, &ne);
    if (len == 0 || ne == 0) {
        lua_pushnil(L);
        return 1;
    }
    polis_lua_push_span(L, e, (size_t)i - 1, (size_t)i - 1 + len);
    push_entries(L, 1, u->d, entries, ne);
    lua_rawgeti(L, -1, 1);
    lua_setfield(L, -3, "entry");
    lua_setfield(L, -2, "entries");
    return 1;
}

/* d:load(path): add the entries of another TSV file (relative to the calling
 * script) to this dictionary, so one scan finds both. Returns the count added. */
static int dict_load_more(lua_State *L)
{
    lua_dict *u = check_dict(L, 1);
    polis_engine *e = polis_engine_from(L);
    const char *path = luaL_checkstring(L, 2);
    char *real = polis_sandbox_resolve(L, e, path, 1);
    char err[512];
    long n = polis_dict_load_tsv(u->d, real, err, sizeof err);
    free(real);
    if (n < 0)
        return luaL_error(L, "d:load: %s", err);
    forget_phrase_ids(L, 1);
    lua_pushinteger(L, n);
    return 1;
}

static int dict_size(lua_State *L)
{
    lua_pushinteger(L, (lua_Integer)polis_dict_size(check_dict(L, 1)->d));
    return 1;
}

static int dict_tostring(lua_State *L)
{
    lua_dict *u = luaL_checkudata(L, 1, POLIS_T_DICT);
    if (u->d)
        lua_pushfstring(L, "polis.dict(%d entries)", (int)polis_dict_size(u->d));
    else
        lua_pushliteral(L, "polis.dict(closed)");
    return 1;
}

static const luaL_Reg dict_methods[] = {
    { "add", dict_add },
    { "lookup", dict_lookup },
    { "scan", dict_scan },
    { "scan_ids", dict_scan_ids },
    { "entries", dict_entries },
    { "load", dict_load_more },
    { "match", dict_match },
    { "size", dict_size },
    { "close", dict_close },
    { NULL, NULL },
};

/* ------------------------------------------------------------ patterns */

typedef struct pattern_env_ud {
    lua_State *L;
    polis_engine *e;
    int vars;                                 /* stack index of the vars table or 0 */
} pattern_env_ud;

static const polis_dict *pattern_env_dict(void *ud, const char *name, size_t len)
{
    pattern_env_ud *pe = ud;
    if (!pe->vars)
        return NULL;
    lua_pushlstring(pe->L, name, len);
    lua_rawget(pe->L, pe->vars);
    const polis_dict *d = polis_lua_pin(pe->L, -1) ? polis_lua_todict(pe->L, -1) : NULL;
    lua_pop(pe->L, 1);
    return d;
}

static polis_regex *pattern_env_regex(void *ud, const char *pattern, size_t len, uint32_t flags,
                                      char *err, size_t errlen)
{
    pattern_env_ud *pe = ud;
    return polis_regex_cache_get(pe->e->recache, pattern, len, flags, err, errlen);
}

/* Macros that use macros grow geometrically: eight levels of eight uses
 * made 16 million words, seconds and a gigabyte before the compiler refused
 * them. No useful pattern comes near this size. */
#define MACRO_MAX_BYTES (1u << 20)

/* Expand <name> macros (from vars, then polis.macro) outside quotes, brackets
 * and regexes; pushes the expanded source. Returns false with err set. */
static bool expand_macros(lua_State *L, const char *src, int vars, int depth, char *err,
                          size_t errlen)
{
    if (depth > 8) {
        snprintf(err, errlen, "pattern: macros nest too deeply (a macro uses itself?)");
        return false;
    }
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    char quote = 0;
    int bracket = 0;
    for (const char *p = src; *p; p++) {
        char c = *p;
        if (quote) {
            if (c == quote)
                quote = 0;
        } else if (c == '"' || (c == '\'' && bracket == 0)) {
            quote = c;
        } else if (c == '[') {
            bracket++;
        } else if (c == ']' && bracket > 0) {
            bracket--;
        } else if (c == '<' && bracket == 0) {
            const char *q = p + 1;
            while ((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') ||
                   (*q >= '0' && *q <= '9') || *q == '_' || *q == '-' || *q == '.')
                q++;
            if (*q == '>' && q > p + 1) {
                lua_pushlstring(L, p + 1, (size_t)(q - p - 1));
                const char *name = lua_tostring(L, -1);
                int found = LUA_TNIL;
                if (vars) {
                    lua_pushvalue(L, -1);
                    found = lua_rawget(L, vars);
                    if (found != LUA_TSTRING)
                        lua_pop(L, 1);
                }
                if (found != LUA_TSTRING) {
                    lua_getfield(L, LUA_REGISTRYINDEX, POLIS_REG_MACROS);
                    found = lua_getfield(L, -1, name);
                    lua_remove(L, -2);
                    if (found != LUA_TSTRING) {
                        snprintf(err, errlen, "pattern: unknown macro <%s> (define it in vars "
                                              "or with polis.macro)", name);
                        lua_pop(L, 2);
                        return false;
                    }
                }
                /* stack: ... buffer-stuff, name, macro source */
                if (!expand_macros(L, lua_tostring(L, -1), vars, depth + 1, err, errlen)) {
                    lua_pop(L, 2);
                    return false;
                }
                lua_remove(L, -2);            /* macro source */
                lua_remove(L, -2);            /* name */
                luaL_addchar(&b, '(');
                luaL_addvalue(&b);
                luaL_addchar(&b, ')');
                if (luaL_bufflen(&b) > MACRO_MAX_BYTES) {   /* <a> of eight <b> of eight <c>... */
                    snprintf(err, errlen, "pattern: macros expand to more than %u bytes",
                             MACRO_MAX_BYTES);
                    return false;
                }
                p = q;
                continue;
            }
        }
        luaL_addchar(&b, c);
    }
    luaL_pushresult(&b);
    return true;
}

polis_tpat *polis_lua_compile_pattern(lua_State *L, polis_engine *e, const char *src,
                                      int vars_idx, char *err, size_t errlen)
{
    if (vars_idx)
        vars_idx = lua_absindex(L, vars_idx);
    if (!expand_macros(L, src, vars_idx, 0, err, errlen))
        return NULL;
    size_t len;
    const char *expanded = lua_tolstring(L, -1, &len);
    pattern_env_ud pe = { L, e, vars_idx };
    polis_tpat_env env = { e->labels, pattern_env_dict, pattern_env_regex, &pe };
    polis_tpat *p = polis_tpat_compile(expanded, len, &env, err, errlen);
    lua_pop(L, 1);
    return p;
}

/* polis.pattern(source [, vars]) -> a compiled token pattern. */
static int pattern_new(lua_State *L)
{
    polis_engine *e = polis_engine_from(L);
    const char *src = luaL_checkstring(L, 1);
    if (!lua_isnoneornil(L, 2))
        luaL_checktype(L, 2, LUA_TTABLE);
    lua_pattern *u = lua_newuserdatauv(L, sizeof *u, 1);
    u->p = NULL;
    u->pinned = false;
    luaL_setmetatable(L, POLIS_T_PATTERN);
    char err[512];
    u->p = polis_lua_compile_pattern(L, e, src, lua_istable(L, 2) ? 2 : 0, err, sizeof err);
    if (!u->p)
        return luaL_error(L, "%s", err);
    lua_pushvalue(L, 2);                      /* keep the dictionaries alive */
    lua_setiuservalue(L, -2, 1);
    return 1;
}

static int pattern_gc(lua_State *L)
{
    lua_pattern *u = luaL_checkudata(L, 1, POLIS_T_PATTERN);
    polis_tpat_free(u->p);
    u->p = NULL;
    return 0;
}

/* p:close(): as d:close. */
static int pattern_close(lua_State *L)
{
    lua_pattern *u = luaL_checkudata(L, 1, POLIS_T_PATTERN);
    if (u->pinned)
        return luaL_error(L, "p:close: a rule uses this pattern (it is freed when nothing does)");
    return pattern_gc(L);
}

static int pattern_source(lua_State *L)
{
    lua_pattern *u = luaL_checkudata(L, 1, POLIS_T_PATTERN);
    lua_pushstring(L, u->p ? polis_tpat_source(u->p) : "");
    return 1;
}

static int pattern_tostring(lua_State *L)
{
    lua_pattern *u = luaL_checkudata(L, 1, POLIS_T_PATTERN);
    lua_pushfstring(L, "polis.pattern(%s)", u->p ? polis_tpat_source(u->p) : "closed");
    return 1;
}

/* Push the fields of one capture into the table on top (a span table). */
static void set_capture_extras(lua_State *L, polis_engine *e, const polis_tcap *c)
{
    if (c->annot >= 0 && (size_t)c->annot < e->doc.nannots) {
        const polis_annot *a = &e->doc.annots[c->annot];
        lua_pushstring(L, polis_symtab_name(e->labels, a->label));
        lua_setfield(L, -2, "label");
        if (a->item >= 0) {
            polis_results_push_item_id(L, e, a->label, a->item);
            lua_setfield(L, -2, "item");
        }
    }
    if (c->dict && c->nentries > 0) {
        push_dict_object(L, c->dict);
        if (!lua_isnil(L, -1)) {
            push_entries(L, -1, c->dict, c->entries, c->nentries);
            lua_rawgeti(L, -1, 1);
            lua_setfield(L, -4, "entry");
            lua_setfield(L, -3, "entries");
        }
        lua_pop(L, 1);
    }
}

void polis_lua_push_tmatch(lua_State *L, polis_engine *e, const polis_tpat *p,
                           const polis_tpat_match *m)
{
    polis_lua_push_span(L, e, m->whole.tok_start, m->whole.tok_end);
    size_t nc = polis_tpat_ncaptures(p);
    for (size_t k = 0; k < nc; k++) {
        const polis_tcap *c = &m->caps[k];
        if (c->tok_start == UINT32_MAX)
            continue;
        polis_lua_push_span(L, e, c->tok_start, c->tok_end);
        set_capture_extras(L, e, c);
        lua_setfield(L, -2, polis_tpat_capture_name(p, k));
    }
}

typedef struct collect_ud {
    lua_State *L;
    polis_engine *e;
    const polis_tpat *p;
    lua_Integer n;
} collect_ud;

static bool pattern_collect(const polis_tpat_match *m, void *ud)
{
    collect_ud *c = ud;
    polis_lua_push_tmatch(c->L, c->e, c->p, m);
    lua_rawseti(c->L, -2, ++c->n);
    return true;
}

/* p:match(doc [, sentence]) -> { match, ... } over the document or one sentence
 * (1-based). Each match is a span table with one field per capture. */
static int pattern_match(lua_State *L)
{
    lua_pattern *u = luaL_checkudata(L, 1, POLIS_T_PATTERN);
    polis_engine *e = polis_lua_check_doc(L, 2);
    size_t from = 0, to = e->doc.toks.n;
    if (!lua_isnoneornil(L, 3)) {
        lua_Integer s = luaL_checkinteger(L, 3);
        if (s < 1 || (size_t)s > e->doc.sents.n)
            return luaL_argerror(L, 3, "no such sentence");
        from = e->doc.sents.v[s - 1].tok_start;
        to = e->doc.sents.v[s - 1].tok_end;
    }
    lua_newtable(L);
    collect_ud c = { L, e, u->p, 0 };
    if (polis_tpat_scan(e->tpctx, u->p, &e->doc, from, to, false, pattern_collect, &c) < 0)
        return luaL_error(L, "pattern %s: %s", polis_tpat_source(u->p), polis_tpat_error(e->tpctx));
    if (!polis_sandbox_charge(L, e, POLIS_CHARGE_BYTES(16 * (to - from)) + POLIS_CHARGE_ITEMS(c.n)))
        return luaL_error(L, "instruction budget exhausted");
    return 1;
}

static const luaL_Reg pattern_methods[] = {
    { "match", pattern_match },
    { "source", pattern_source },
    { "close", pattern_close },
    { NULL, NULL },
};

/* --------------------------------------------------- tokenize, explore */

static const struct { uint32_t flag; const char *name; } flag_names[] = {
    { POLIS_TOK_WORD, "word" }, { POLIS_TOK_CAP, "cap" }, { POLIS_TOK_UPPER, "upper" },
    { POLIS_TOK_LOWER, "lower" }, { POLIS_TOK_DIGIT, "digit" }, { POLIS_TOK_NUMBER, "num" },
    { POLIS_TOK_ORDINAL, "ordinal" }, { POLIS_TOK_PUNCT, "punct" }, { POLIS_TOK_QUOTE, "quote" },
    { POLIS_TOK_DASH, "dash" }, { POLIS_TOK_OPEN, "open" }, { POLIS_TOK_CLOSE, "close" },
    { POLIS_TOK_END_PUNCT, "end_punct" }, { POLIS_TOK_URL, "url" }, { POLIS_TOK_EMAIL, "email" },
    { POLIS_TOK_HANDLE, "handle" }, { POLIS_TOK_CURRENCY, "currency" },
    { POLIS_TOK_ACRONYM, "acronym" }, { POLIS_TOK_CLITIC, "clitic" },
    { POLIS_TOK_SPACE_BEFORE, "space_before" }, { POLIS_TOK_NEWLINE_BEFORE, "newline_before" },
    { POLIS_TOK_PARA_START, "para_start" }, { POLIS_TOK_SENT_START, "sent_start" },
    { POLIS_TOK_INVALID, "invalid" },
};

uint32_t polis_flag_by_name(const char *name)
{
    for (size_t i = 0; i < sizeof flag_names / sizeof *flag_names; i++)
        if (strcmp(flag_names[i].name, name) == 0)
            return flag_names[i].flag;
    return 0;
}

void polis_lua_push_flags(lua_State *L, uint32_t flags)
{
    lua_newtable(L);
    for (size_t i = 0; i < sizeof flag_names / sizeof *flag_names; i++)
        if (flags & flag_names[i].flag) {
            lua_pushboolean(L, 1);
            lua_setfield(L, -2, flag_names[i].name);
        }
}

/* polis.tokenize(text) -> { {text=, norm=, start=, stop=, sentence=, flags={...}}, ... }
 * polis.sentences(text) -> { {start=, stop=, text=}, ... } */
static int tokenize_common(lua_State *L, bool sentences)
{
    polis_engine *e = polis_engine_from(L);
    size_t len;
    const char *s = luaL_checklstring(L, 1, &len);
    char *copy = malloc(len + 1);
    if (!copy)
        return luaL_error(L, "out of memory");
    memcpy(copy, s, len);
    copy[len] = '\0';
    polis_utf8_sanitize(copy, len, NULL);
    polis_doc doc;
    polis_doc_init(&doc);
    if (polis_doc_analyze(&doc, copy, len, e->abbrevs) != 0) {
        polis_doc_free(&doc);
        free(copy);
        return luaL_error(L, "out of memory");
    }
    if (!polis_sandbox_charge(L, e, POLIS_CHARGE_BYTES(len) +
                                        POLIS_CHARGE_ITEMS(sentences ? doc.sents.n : doc.toks.n))) {
        polis_doc_free(&doc);
        free(copy);
        return luaL_error(L, "instruction budget exhausted");
    }
    if (sentences) {
        lua_createtable(L, (int)doc.sents.n, 0);
        for (size_t i = 0; i < doc.sents.n; i++) {
            const polis_sentence *st = &doc.sents.v[i];
            lua_createtable(L, 0, 3);
            lua_pushinteger(L, st->start);
            lua_setfield(L, -2, "start");
            lua_pushinteger(L, st->end);
            lua_setfield(L, -2, "stop");
            lua_pushlstring(L, copy + st->start, st->end - st->start);
            lua_setfield(L, -2, "text");
            lua_rawseti(L, -2, (lua_Integer)i + 1);
        }
    } else {
        lua_createtable(L, (int)doc.toks.n, 0);
        for (size_t i = 0; i < doc.toks.n; i++) {
            const polis_token *t = &doc.toks.v[i];
            lua_createtable(L, 0, 6);
            lua_pushlstring(L, copy + t->start, t->end - t->start);
            lua_setfield(L, -2, "text");
            lua_pushstring(L, polis_token_norm(&doc.toks, i));
            lua_setfield(L, -2, "norm");
            lua_pushinteger(L, t->start);
            lua_setfield(L, -2, "start");
            lua_pushinteger(L, t->end);
            lua_setfield(L, -2, "stop");
            lua_pushinteger(L, (lua_Integer)t->sentence + 1);
            lua_setfield(L, -2, "sentence");
            polis_lua_push_flags(L, t->flags);
            lua_setfield(L, -2, "flags");
            lua_rawseti(L, -2, (lua_Integer)i + 1);
        }
    }
    polis_doc_free(&doc);
    free(copy);
    return 1;
}

static int api_tokenize(lua_State *L) { return tokenize_common(L, false); }
static int api_sentences(lua_State *L) { return tokenize_common(L, true); }

/* polis.normalize(s) -> s lowercased and folded the way tokens are. */
static int api_normalize(lua_State *L)
{
    size_t len;
    const char *s = luaL_checklstring(L, 1, &len);
    char *out = malloc(4 * len + 1);
    if (!out)
        return luaL_error(L, "out of memory");
    size_t n = polis_normalize(s, len, out);
    lua_pushlstring(L, out, n);
    free(out);
    return 1;
}

/* ------------------------------------------------------------- opening */

static void new_class(lua_State *L, const char *name, const luaL_Reg *methods,
                      lua_CFunction gc, lua_CFunction tostring)
{
    luaL_newmetatable(L, name);
    lua_newtable(L);
    luaL_setfuncs(L, methods, 0);
    lua_setfield(L, -2, "__index");
    if (gc) {                                 /* no __close: see the top of the file */
        lua_pushcfunction(L, gc);
        lua_setfield(L, -2, "__gc");
    }
    lua_pushcfunction(L, tostring);
    lua_setfield(L, -2, "__tostring");
    lua_pushliteral(L, "locked");
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 1);
}

static const luaL_Reg text_funcs[] = {
    { "regex", regex_new },
    { "dict", dict_new },
    { "lexicon", lexicon_new },
    { "load_dict", dict_load },
    { "pattern", pattern_new },
    { "tokenize", api_tokenize },
    { "sentences", api_sentences },
    { "normalize", api_normalize },
    { NULL, NULL },
};

void polis_lua_text_open(lua_State *L)
{
    new_class(L, POLIS_T_REGEX, regex_methods, regex_gc, regex_tostring);
    new_class(L, POLIS_T_DICT, dict_methods, dict_gc, dict_tostring);
    new_class(L, POLIS_T_PATTERN, pattern_methods, pattern_gc, pattern_tostring);
    lua_newtable(L);                                   /* weak-valued registry of dicts */
    lua_createtable(L, 0, 1);
    lua_pushliteral(L, "v");
    lua_setfield(L, -2, "__mode");
    lua_setmetatable(L, -2);
    lua_setfield(L, LUA_REGISTRYINDEX, POLIS_REG_DICTS);
    luaL_setfuncs(L, text_funcs, 0);
}
