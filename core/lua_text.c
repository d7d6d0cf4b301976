/*
 * lua_text.c - the text core's Lua side: opens the regex, dictionary and
 * pattern classes (lua_regex.c, lua_dict.c, lua_pattern.c) and adds
 * polis.tokenize, polis.sentences and polis.normalize for exploring and
 * testing, and the token flag names.
 *
 * One userdata class per C object: a named metatable with methods reached
 * through __index, made by polis_lua_new_class.
 *
 * Offsets seen from Lua: byte offsets are 0-based and half-open as in the
 * JSON output (start, stop); token and sentence indexes are 1-based as Lua
 * arrays are.
 */
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "lua_text.h"


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

void polis_lua_new_class(lua_State *L, const char *name, const luaL_Reg *methods,
                         lua_CFunction gc, lua_CFunction tostring)
{
    luaL_newmetatable(L, name);
    lua_newtable(L);
    luaL_setfuncs(L, methods, 0);
    lua_setfield(L, -2, "__index");
    if (gc) {                       /* no __close: rules keep pointers (see lua_dict.c) */
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
    { "tokenize", api_tokenize },
    { "sentences", api_sentences },
    { "normalize", api_normalize },
    { NULL, NULL },
};

void polis_lua_text_open(lua_State *L)
{
    polis_lua_regex_open(L);
    polis_lua_dict_open(L);
    polis_lua_pattern_open(L);
    luaL_setfuncs(L, text_funcs, 0);
}
