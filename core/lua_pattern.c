/*
 * lua_pattern.c - the polis.pattern class (binds tpattern_*.c): compiling
 * token patterns with their @dictionaries and <macros>, and matches as span
 * tables with one field per capture.
 *
 * Offsets seen from Lua: byte offsets are 0-based and half-open as in the
 * JSON output (start, stop); token and sentence indexes are 1-based as Lua
 * arrays are.
 */
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "lua_text.h"

polis_tpat *polis_lua_topattern(lua_State *L, int idx)
{
    lua_pattern *p = luaL_testudata(L, idx, POLIS_T_PATTERN);
    return p ? p->p : NULL;
}


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
        polis_lua_push_dict_object(L, c->dict);
        if (!lua_isnil(L, -1)) {
            polis_lua_push_entries(L, -1, c->dict, c->entries, c->nentries);
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

static const luaL_Reg pattern_funcs[] = {
    { "pattern", pattern_new },
    { NULL, NULL },
};

void polis_lua_pattern_open(lua_State *L)
{
    polis_lua_new_class(L, POLIS_T_PATTERN, pattern_methods, pattern_gc, pattern_tostring);
    luaL_setfuncs(L, pattern_funcs, 0);
}
