/*
 * lua_doc.c - the document object rules receive: its text, tokens,
 * sentences, spans and annotations. What rules emit (doc:actor, doc:stance,
 * ...) is in results.c.
 *
 * One doc userdata per engine, reused for every document; it is only usable
 * while a document is being analysed. Byte offsets are 0-based and half-open
 * (start, stop) as in the output; token and sentence indexes are 1-based.
 *
 * A span is a plain table:
 *   { first = 3, last = 4, start = 120, stop = 127, text = "Wang Yi", sentence = 2 }
 * with first/last the 1-based token indexes (inclusive).
 */
#include <stdlib.h>
#include <string.h>

#include "engine.h"

polis_engine *polis_lua_check_doc(lua_State *L, int idx)
{
    polis_engine *e = polis_engine_from(L);
    if (!e->doc_ud || lua_touserdata(L, idx) != e->doc_ud)
        luaL_checkudata(L, idx, POLIS_T_DOC);       /* raises the usual error */
    if (!e->in_doc)
        luaL_error(L, "the document is only available while it is analysed");
    return e;
}

static polis_engine *check_doc(lua_State *L)
{
    return polis_lua_check_doc(L, 1);
}

/* Token index argument (1-based) -> 0-based, checked. */
static size_t check_token(lua_State *L, polis_engine *e, int arg)
{
    lua_Integer i = luaL_checkinteger(L, arg);
    if (i < 1 || (size_t)i > e->doc.toks.n)
        luaL_argerror(L, arg, "token index out of range");
    return (size_t)i - 1;
}

void polis_lua_push_span(lua_State *L, polis_engine *e, size_t first, size_t last)
{
    const polis_token *a = &e->doc.toks.v[first], *b = &e->doc.toks.v[last - 1];
    lua_createtable(L, 0, 8);
    lua_pushinteger(L, (lua_Integer)first + 1);
    lua_setfield(L, -2, "first");
    lua_pushinteger(L, (lua_Integer)last);
    lua_setfield(L, -2, "last");
    lua_pushinteger(L, a->start);
    lua_setfield(L, -2, "start");
    lua_pushinteger(L, b->end);
    lua_setfield(L, -2, "stop");
    lua_pushlstring(L, e->doc.text + a->start, b->end - a->start);
    lua_setfield(L, -2, "text");
    lua_pushinteger(L, (lua_Integer)a->sentence + 1);
    lua_setfield(L, -2, "sentence");
}

bool polis_lua_get_span(lua_State *L, polis_engine *e, int idx, size_t *first, size_t *last)
{
    if (!lua_istable(L, idx))
        return false;
    idx = lua_absindex(L, idx);
    lua_getfield(L, idx, "first");
    lua_getfield(L, idx, "last");
    int okf, okl;
    lua_Integer f = lua_tointegerx(L, -2, &okf), l = lua_tointegerx(L, -1, &okl);
    lua_pop(L, 2);
    if (okf && okl) {
        if (f < 1 || l < f || (size_t)l > e->doc.toks.n)
            return false;
        *first = (size_t)f - 1;
        *last = (size_t)l;
        return true;
    }
    lua_getfield(L, idx, "start");
    lua_getfield(L, idx, "stop");
    lua_Integer s = lua_tointegerx(L, -2, &okf), t = lua_tointegerx(L, -1, &okl);
    lua_pop(L, 2);
    if (!okf || !okl || s < 0 || t <= s || (size_t)t > e->doc.len)
        return false;
    *first = polis_doc_token_at(&e->doc, (size_t)s);
    *last = polis_doc_token_at(&e->doc, (size_t)t - 1) + 1;
    if (*last > e->doc.toks.n)
        *last = e->doc.toks.n;
    return *first < *last;
}

/* --------------------------------------------------------------- fields */

static int doc_text(lua_State *L)
{
    polis_engine *e = check_doc(L);
    if (lua_getiuservalue(L, 1, 1) != LUA_TSTRING) {      /* made once per document */
        lua_pop(L, 1);
        lua_pushlstring(L, e->doc.text, e->doc.len);
        lua_pushvalue(L, -1);
        lua_setiuservalue(L, 1, 1);
    }
    return 1;
}

/* doc:slice(start, stop) -> the text between two byte offsets. */
static int doc_slice(lua_State *L)
{
    polis_engine *e = check_doc(L);
    lua_Integer s = luaL_checkinteger(L, 2), t = luaL_checkinteger(L, 3);
    if (s < 0 || t < s || (size_t)t > e->doc.len)
        return luaL_error(L, "doc:slice: offsets %I..%I out of range", s, t);
    lua_pushlstring(L, e->doc.text + s, (size_t)(t - s));
    return 1;
}

/* ------------------------------------------------------------- tokens */

/* doc:word(i) -> the token's text; doc:word(i, j) -> the text from token i
 * to token j (j >= i), as written, without building a span table;
 * doc:norm(i) -> its normalized form. */
static int doc_word(lua_State *L)
{
    polis_engine *e = check_doc(L);
    const polis_token *t = &e->doc.toks.v[check_token(L, e, 2)];
    const polis_token *u = t;
    if (!lua_isnoneornil(L, 3)) {
        u = &e->doc.toks.v[check_token(L, e, 3)];
        if (u < t)
            return luaL_error(L, "doc:word: last token before the first");
    }
    lua_pushlstring(L, e->doc.text + t->start, u->end - t->start);
    return 1;
}

static int doc_norm(lua_State *L)
{
    polis_engine *e = check_doc(L);
    size_t i = check_token(L, e, 2);
    lua_pushlstring(L, polis_token_norm(&e->doc.toks, i), e->doc.toks.v[i].norm_len);
    return 1;
}


/* doc:is(i, "cap") -> whether token i has that flag. Flag names are looked
 * up in upvalue 1, a table name -> flag bit (one hash lookup). */
static int doc_is(lua_State *L)
{
    polis_engine *e = check_doc(L);
    size_t i = check_token(L, e, 2);
    lua_pushvalue(L, 3);
    uint32_t f = lua_rawget(L, lua_upvalueindex(1)) == LUA_TNUMBER ? (uint32_t)lua_tointeger(L, -1)
                                                                    : 0;
    lua_pop(L, 1);
    if (!f) {
        const char *name = luaL_checkstring(L, 3);
        return luaL_argerror(L, 3, lua_pushfstring(L, "unknown token flag '%s'", name));
    }
    lua_pushboolean(L, (e->doc.toks.v[i].flags & f) != 0);
    return 1;
}

/* doc:token(i) -> { text, norm, start, stop, sentence, flags = { cap = true, ... } } */
static int doc_token(lua_State *L)
{
    polis_engine *e = check_doc(L);
    size_t i = check_token(L, e, 2);
    const polis_token *t = &e->doc.toks.v[i];
    lua_createtable(L, 0, 6);
    lua_pushlstring(L, e->doc.text + t->start, t->end - t->start);
    lua_setfield(L, -2, "text");
    lua_pushstring(L, polis_token_norm(&e->doc.toks, i));
    lua_setfield(L, -2, "norm");
    lua_pushinteger(L, t->start);
    lua_setfield(L, -2, "start");
    lua_pushinteger(L, t->end);
    lua_setfield(L, -2, "stop");
    lua_pushinteger(L, (lua_Integer)t->sentence + 1);
    lua_setfield(L, -2, "sentence");
    polis_lua_push_flags(L, t->flags);
    lua_setfield(L, -2, "flags");
    return 1;
}

/* doc:span(first, last) -> span of tokens first..last (1-based, inclusive). */
static int doc_span(lua_State *L)
{
    polis_engine *e = check_doc(L);
    size_t f = check_token(L, e, 2), l = check_token(L, e, 3);
    if (l < f)
        return luaL_error(L, "doc:span: last (%d) before first (%d)", (int)l + 1, (int)f + 1);
    polis_lua_push_span(L, e, f, l + 1);
    return 1;
}

/* doc:span_at(start, stop) -> span of the tokens covering bytes [start, stop). */
static int doc_span_at(lua_State *L)
{
    polis_engine *e = check_doc(L);
    lua_settop(L, 3);
    lua_createtable(L, 0, 2);
    lua_pushvalue(L, 2);
    lua_setfield(L, -2, "start");
    lua_pushvalue(L, 3);
    lua_setfield(L, -2, "stop");
    size_t f, l;
    if (!polis_lua_get_span(L, e, -1, &f, &l))
        return luaL_error(L, "doc:span_at: no tokens in bytes %s..%s", luaL_tolstring(L, 2, NULL),
                          luaL_tolstring(L, 3, NULL));
    polis_lua_push_span(L, e, f, l);
    return 1;
}

/* ------------------------------------------------------------ sentences */

/* doc:sentence(i) -> span of sentence i (1-based). */
static int doc_sentence(lua_State *L)
{
    polis_engine *e = check_doc(L);
    lua_Integer i = luaL_checkinteger(L, 2);
    if (i < 1 || (size_t)i > e->doc.sents.n)
        return luaL_argerror(L, 2, "sentence index out of range");
    const polis_sentence *s = &e->doc.sents.v[i - 1];
    polis_lua_push_span(L, e, s->tok_start, s->tok_end);
    return 1;
}

/* ---------------------------------------------------------- annotations */

static uint32_t label_id(lua_State *L, polis_engine *e, int arg)
{
    size_t len;
    const char *label = luaL_checklstring(L, arg, &len);
    uint32_t id = polis_symtab_intern(e->labels, label, len);
    if (!id)
        luaL_error(L, "out of memory");
    return id;
}

/* doc:annotate(label, span) -> adds a labelled span patterns can match as {LABEL}. */
static int doc_annotate(lua_State *L)
{
    polis_engine *e = check_doc(L);
    uint32_t label = label_id(L, e, 2);
    size_t f, l;
    if (!polis_lua_get_span(L, e, 3, &f, &l))
        return luaL_argerror(L, 3, "span expected (a table with first/last or start/stop)");
    if (label == e->label_actor || label == e->label_location)
        return luaL_error(L, "doc:annotate: %s spans come from doc:%s", lua_tostring(L, 2),
                          label == e->label_actor ? "actor" : "location");
    if (polis_doc_annotate(&e->doc, label, (uint32_t)f, (uint32_t)l, -1) < 0)
        return luaL_error(L, "doc:annotate: cannot add the span");
    return 0;
}

/* Push the span of annotation k with its label and item. */
static void push_annot(lua_State *L, polis_engine *e, size_t k)
{
    const polis_annot *a = &e->doc.annots[k];
    polis_lua_push_span(L, e, a->tok_start, a->tok_end);
    lua_pushstring(L, polis_symtab_name(e->labels, a->label));
    lua_setfield(L, -2, "label");
    if (a->item >= 0) {
        polis_results_push_item_id(L, e, a->label, a->item);
        lua_setfield(L, -2, "item");
    }
}

/* doc:annotations(label [, span]) -> spans with that label (inside span when
 * given), in text order. */
static int doc_annotations(lua_State *L)
{
    polis_engine *e = check_doc(L);
    uint32_t label = polis_symtab_find(e->labels, luaL_checkstring(L, 2), lua_rawlen(L, 2));
    size_t f = 0, l = e->doc.toks.n;
    if (!lua_isnoneornil(L, 3) && !polis_lua_get_span(L, e, 3, &f, &l))
        return luaL_argerror(L, 3, "span expected");
    lua_newtable(L);
    if (!label)
        return 1;
    lua_Integer n = 0;
    for (size_t i = f; i < l; i++) {
        const size_t *idx;
        size_t cnt = polis_doc_annots_at(&e->doc, label, i, &idx);
        for (size_t k = 0; k < cnt; k++) {
            if (e->doc.annots[idx[k]].tok_end > l)
                continue;
            push_annot(L, e, idx[k]);
            lua_rawseti(L, -2, ++n);
        }
    }
    return 1;
}

/* doc:covering(label, i) -> the longest span with that label covering token i, or nil. */
static int doc_covering(lua_State *L)
{
    polis_engine *e = check_doc(L);
    uint32_t label = polis_symtab_find(e->labels, luaL_checkstring(L, 2), lua_rawlen(L, 2));
    size_t i = check_token(L, e, 3);
    size_t best = SIZE_MAX, best_len = 0;
    for (size_t k = 0; label && k < e->doc.nannots; k++) {
        const polis_annot *a = &e->doc.annots[k];
        if (a->label == label && a->tok_start <= i && i < a->tok_end &&
            a->tok_end - a->tok_start > best_len) {
            best = k;
            best_len = a->tok_end - a->tok_start;
        }
    }
    if (best == SIZE_MAX)
        lua_pushnil(L);
    else
        push_annot(L, e, best);
    return 1;
}

/* ------------------------------------------------------------ metadata */

/* doc.flags and doc.norms: every token's flag bits (integers; test them with
 * polis.FLAG: doc.flags[i] & polis.FLAG.cap ~= 0) or normalized form, as one
 * Lua array made once per document and shared by every rule, so a rule reads
 * many tokens without a C call per token. */
static int doc_token_array(lua_State *L, polis_engine *e, bool flags)
{
    int slot = flags ? 2 : 3;
    lua_rawgeti(L, LUA_REGISTRYINDEX, e->doc_ref);
    if (lua_getiuservalue(L, -1, slot) == LUA_TTABLE)
        return 1;
    lua_pop(L, 1);
    const polis_tokens *t = &e->doc.toks;
    lua_createtable(L, (int)t->n, 0);
    for (size_t i = 0; i < t->n; i++) {
        if (flags)
            lua_pushinteger(L, t->v[i].flags);
        else
            lua_pushlstring(L, polis_token_norm(t, i), t->v[i].norm_len);
        lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
    lua_pushvalue(L, -1);
    lua_setiuservalue(L, -3, slot);
    return 1;
}

/* The fields: __index of the methods table (which is the doc's __index, so
 * doc:norm(i) is found by the VM without a call); called as (methods, key). */
static int doc_index(lua_State *L)
{
    polis_engine *e = polis_engine_from(L);
    if (!e->in_doc)
        luaL_error(L, "the document is only available while it is analysed");
    const char *k = luaL_checkstring(L, 2);
    if (strcmp(k, "id") == 0) {
        lua_pushstring(L, e->input->id ? e->input->id : "doc");
    } else if (strcmp(k, "date") == 0) {
        if (e->doc_date)
            lua_pushstring(L, e->doc_date);
        else
            lua_pushnil(L);
    } else if (strcmp(k, "title") == 0) {
        if (e->input->title)
            lua_pushstring(L, e->input->title);
        else
            lua_pushnil(L);
    } else if (strcmp(k, "text") == 0) {
        lua_rawgeti(L, LUA_REGISTRYINDEX, e->doc_ref);
        lua_replace(L, 1);
        return doc_text(L);
    } else if (strcmp(k, "flags") == 0 || strcmp(k, "norms") == 0) {
        return doc_token_array(L, e, k[0] == 'f');
    } else if (strcmp(k, "ntokens") == 0) {
        lua_pushinteger(L, (lua_Integer)e->doc.toks.n);
    } else if (strcmp(k, "nsentences") == 0) {
        lua_pushinteger(L, (lua_Integer)e->doc.sents.n);
    } else if (strcmp(k, "len") == 0) {
        lua_pushinteger(L, (lua_Integer)e->doc.len);
    } else {
        lua_pushnil(L);
    }
    return 1;
}

static int doc_newindex(lua_State *L)
{
    return luaL_error(L, "the document is read-only: use doc:set(%s, value) for custom fields",
                      luaL_tolstring(L, 2, NULL));
}

static int doc_tostring(lua_State *L)
{
    polis_engine *e = polis_engine_from(L);
    if (e->in_doc)
        lua_pushfstring(L, "polis.doc(%s, %d bytes)", e->input->id ? e->input->id : "doc",
                        (int)e->doc.len);
    else
        lua_pushliteral(L, "polis.doc(idle)");
    return 1;
}

static const luaL_Reg doc_methods[] = {
    { "slice", doc_slice },
    { "word", doc_word },
    { "norm", doc_norm },
    { "token", doc_token },
    { "span", doc_span },
    { "span_at", doc_span_at },
    { "sentence", doc_sentence },
    { "annotate", doc_annotate },
    { "annotations", doc_annotations },
    { "covering", doc_covering },
    { NULL, NULL },
};

/* Push { name = flag bit } for every token flag (doc:is's upvalue). */
static void push_flag_table(lua_State *L)
{
    polis_lua_push_flags(L, UINT32_MAX);     /* { name = true } for every flag */
    lua_pushnil(L);
    while (lua_next(L, -2)) {
        lua_pop(L, 1);
        lua_pushvalue(L, -1);
        lua_pushinteger(L, (lua_Integer)polis_flag_by_name(lua_tostring(L, -1)));
        lua_rawset(L, -4);
    }
}

void polis_lua_doc_open(lua_State *L, polis_engine *e)
{
    luaL_newmetatable(L, POLIS_T_DOC);
    lua_newtable(L);
    luaL_setfuncs(L, doc_methods, 0);
    lua_getfield(L, LUA_REGISTRYINDEX, POLIS_REG_API);   /* polis.FLAG: a copy for scripts */
    push_flag_table(L);
    lua_setfield(L, -2, "FLAG");
    lua_pop(L, 1);
    push_flag_table(L);
    lua_pushcclosure(L, doc_is, 1);
    lua_setfield(L, -2, "is");
    polis_results_open(L);                  /* doc:actor, doc:stance, ... */
    /* doc.x: methods first, by a table lookup; fields through doc_index. */
    lua_createtable(L, 0, 1);
    lua_pushcfunction(L, doc_index);
    lua_setfield(L, -2, "__index");
    lua_setmetatable(L, -2);
    lua_pushvalue(L, -1);
    lua_setfield(L, -3, "methods");
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, doc_newindex);
    lua_setfield(L, -2, "__newindex");
    lua_pushcfunction(L, doc_tostring);
    lua_setfield(L, -2, "__tostring");
    lua_pushliteral(L, "locked");
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 1);
    /* slots, made once per document: 1 the text as a Lua string, 2 doc.flags,
     * 3 doc.norms */
    e->doc_ud = lua_newuserdatauv(L, 1, 3);
    luaL_setmetatable(L, POLIS_T_DOC);
    e->doc_ref = luaL_ref(L, LUA_REGISTRYINDEX);
}
