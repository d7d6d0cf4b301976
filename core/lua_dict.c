/*
 * lua_dict.c - the polis.dict class (binds dict.c): polis.dict, polis.lexicon,
 * polis.load_dict, and the matches dictionaries give rules. A dictionary
 * frees its C object when it is collected (__gc); it has no __close: rules
 * and compiled patterns keep pointers to it (see polis_lua_pin).
 *
 * Offsets seen from Lua: byte offsets are 0-based and half-open as in the
 * JSON output (start, stop); token and sentence indexes are 1-based as Lua
 * arrays are.
 */
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "lua_text.h"

polis_dict *polis_lua_todict(lua_State *L, int idx)
{
    lua_dict *d = luaL_testudata(L, idx, POLIS_T_DICT);
    return d ? d->d : NULL;
}


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
void polis_lua_push_dict_object(lua_State *L, const polis_dict *d)
{
    lua_getfield(L, LUA_REGISTRYINDEX, POLIS_REG_DICTS);
    lua_pushlightuserdata(L, (void *)d);
    lua_rawget(L, -2);
    lua_remove(L, -2);
}

/* Push { attrs, ... } for entries of one phrase. dict_idx: the dictionary userdata. */
void polis_lua_push_entries(lua_State *L, int dict_idx, const polis_dict *d,
                            const int32_t *entries, size_t n)
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
    polis_lua_push_entries(L, 1, u->d, entries, n);
    return 1;
}

/* The next longest match of d at or after token *i and before token to,
 * never across a sentence boundary: sets *i to its first token and returns
 * its length in tokens (0: none left), with its entries. */
static size_t next_hit(const polis_dict *d, const polis_doc *doc, size_t *i, size_t to,
                       const int32_t **entries, size_t *ne)
{
    for (; *i < to; ++*i) {
        size_t send = doc->sents.n ? doc->sents.v[doc->toks.v[*i].sentence].tok_end : to;
        if (send > to)
            send = to;
        size_t len = polis_dict_match_at(d, doc->text, &doc->toks, *i, send, entries, ne);
        if (len > 0 && *ne > 0)
            return len;
    }
    return 0;
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
    const int32_t *entries;
    size_t ne, len;
    for (size_t i = from; (len = next_hit(d, &e->doc, &i, to, &entries, &ne)) > 0;) {
        polis_lua_push_span(L, e, i, i + len);
        polis_lua_push_entries(L, dict_idx, d, entries, ne);
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
    polis_lua_push_entries(L, dict_idx, d, entries, n);
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
    const int32_t *entries;
    size_t ne, len;
    for (size_t i = from; (len = next_hit(u->d, &e->doc, &i, to, &entries, &ne)) > 0;) {
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
    polis_lua_push_entries(L, 1, u->d, entries, ne);
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

static const luaL_Reg dict_funcs[] = {
    { "dict", dict_new },
    { "lexicon", lexicon_new },
    { "load_dict", dict_load },
    { NULL, NULL },
};

void polis_lua_dict_open(lua_State *L)
{
    polis_lua_new_class(L, POLIS_T_DICT, dict_methods, dict_gc, dict_tostring);
    lua_newtable(L);                                   /* weak-valued registry of dicts */
    lua_createtable(L, 0, 1);
    lua_pushliteral(L, "v");
    lua_setfield(L, -2, "__mode");
    lua_setmetatable(L, -2);
    lua_setfield(L, LUA_REGISTRYINDEX, POLIS_REG_DICTS);
    luaL_setfuncs(L, dict_funcs, 0);
}
