/*
 * run_rule.c - one rule over one document.
 *
 * Each rule runs inside one protected call with a fresh instruction budget
 * (budget.c; when its uncounted run cannot tell whether the budget held, the
 * engine analyses the document again counting every instruction).
 * Its matcher runs in C first (a token pattern, a regex — each regex at most
 * once per document, however many rules use it — or a dictionary), then its
 * emit function is called once per match, so what a rule emits cannot change
 * its own matches. When the rule fails, the journal undoes what it emitted
 * for this document and the error goes into the record's "errors".
 */
#include <stdlib.h>
#include <string.h>

#include "engine.h"

/* Split a Lua error "path:line: message\nstack traceback:..." into where
 * (malloc'd, or NULL) and the message's first part (in place). */
static char *split_error(char *msg)
{
    char *tb = strstr(msg, "\nstack traceback:");
    if (tb)
        *tb = '\0';
    /* "file.lua:12: text" -> where = "file.lua:12" */
    char *colon = strstr(msg, ".lua:");
    if (!colon)
        return NULL;
    char *p = colon + 5;
    char *digits = p;
    while (*p >= '0' && *p <= '9')
        p++;
    if (p == digits || p[0] != ':' || p[1] != ' ')
        return NULL;
    size_t n = (size_t)(p - msg);
    char *where = malloc(n + 1);
    if (where) {
        memcpy(where, msg, n);
        where[n] = '\0';
        if (strchr(where, ' ') || strchr(where, '\n')) {  /* not a plain chunk name */
            free(where);
            return NULL;
        }
    }
    memmove(msg, p + 2, strlen(p + 2) + 1);
    return where;
}



static struct polis_re_memo *memo_for(polis_engine *e, const polis_regex *re, lua_State *L)
{
    struct polis_re_memo *m = e->memo;
    for (size_t i = 0; i < e->nmemo; i++)
        if (m[i].re == re && m[i].n != SIZE_MAX)
            return &m[i];
    size_t slot = e->nmemo;
    for (size_t i = 0; i < e->nmemo; i++)
        if (m[i].n == SIZE_MAX) {             /* a slot freed for this document */
            slot = i;
            break;
        }
    if (slot == e->nmemo) {
        if (e->nmemo == e->memo_cap) {
            size_t cap = e->memo_cap ? e->memo_cap * 2 : 8;
            struct polis_re_memo *v = realloc(m, cap * sizeof *v);
            if (!v)
                luaL_error(L, "out of memory");
            memset(v + e->memo_cap, 0, (cap - e->memo_cap) * sizeof *v);
            e->memo = v;
            e->memo_cap = cap;
            m = v;
        }
        e->nmemo++;
    }
    struct polis_re_memo *r = &m[slot];
    r->re = re;
    r->n = 0;
    uint32_t ng = polis_regex_ngroups(re);
    size_t off = 0;
    polis_span caps[64];
    polis_span *cp = ng + 1 <= 64 ? caps : malloc((ng + 1) * sizeof *cp);
    if (!cp)
        luaL_error(L, "out of memory");
    while (off <= e->doc.len) {
        int rc = polis_regex_exec(e->rectx, re, e->doc.text, e->doc.len, off, true, cp, ng + 1);
        if (rc == 0)
            break;
        if (rc < 0) {
            if (cp != caps)
                free(cp);
            r->n = SIZE_MAX;                  /* not cached: fail again next time */
            luaL_error(L, "%s", polis_regex_error(e->rectx));   /* names the pattern */
        }
        if ((r->n + 1) * (ng + 1) > r->cap) {
            size_t cap = r->cap ? r->cap * 2 : 16 * (ng + 1);
            while (cap < (r->n + 1) * (ng + 1))
                cap *= 2;
            polis_span *v = realloc(r->spans, cap * sizeof *v);
            if (!v) {
                if (cp != caps)
                    free(cp);
                luaL_error(L, "out of memory");
            }
            r->spans = v;
            r->cap = cap;
        }
        memcpy(r->spans + r->n * (ng + 1), cp, (ng + 1) * sizeof *cp);
        r->n++;
        off = cp[0].end > cp[0].start ? cp[0].end : cp[0].end + 1;
        while (off < e->doc.len && ((unsigned char)e->doc.text[off] & 0xC0) == 0x80)
            off++;                            /* after an empty match: the next character */
    }
    if (cp != caps)
        free(cp);
    return r;
}

void polis_memo_clear(polis_engine *e)
{
    struct polis_re_memo *m = e->memo;
    for (size_t i = 0; i < e->nmemo; i++)
        m[i].n = SIZE_MAX;
}

/* Push a byte span {start, stop, text, first, last, sentence} (token fields
 * when the span covers tokens). */
static void push_byte_span(lua_State *L, polis_engine *e, size_t start, size_t end)
{
    size_t f = polis_doc_token_at(&e->doc, start);
    size_t l = end > start ? polis_doc_token_at(&e->doc, end - 1) + 1 : f;
    if (l > e->doc.toks.n)
        l = e->doc.toks.n;
    if (f < l) {
        polis_lua_push_span(L, e, f, l);
    } else {
        lua_createtable(L, 0, 3);
    }
    lua_pushinteger(L, (lua_Integer)start);
    lua_setfield(L, -2, "start");
    lua_pushinteger(L, (lua_Integer)end);
    lua_setfield(L, -2, "stop");
    lua_pushlstring(L, e->doc.text + start, end - start);
    lua_setfield(L, -2, "text");
}

static void run_regex_rule(lua_State *L, polis_engine *e, const polis_rule *r)
{
    struct polis_re_memo *m = memo_for(e, r->re, L);
    uint32_t ng = polis_regex_ngroups(r->re);
    e->matches = m->n;
    for (size_t i = 0; i < m->n; i++) {
        const polis_span *sp = m->spans + i * (ng + 1);
        lua_rawgeti(L, LUA_REGISTRYINDEX, r->fn_ref);
        lua_rawgeti(L, LUA_REGISTRYINDEX, e->doc_ref);
        push_byte_span(L, e, sp[0].start, sp[0].end);
        for (uint32_t g = 1; g <= ng; g++) {
            if (sp[g].start == SIZE_MAX)
                lua_pushboolean(L, 0);
            else
                push_byte_span(L, e, sp[g].start, sp[g].end);
            const char *name = polis_regex_group_name(r->re, g);
            if (name) {
                lua_pushvalue(L, -1);
                lua_setfield(L, -3, name);
            }
            lua_rawseti(L, -2, g);
        }
        lua_call(L, 2, 0);
        m = memo_for(e, r->re, L);            /* the memo array may have moved */
    }
}

static void run_dict_rule(lua_State *L, polis_engine *e, const polis_rule *r)
{
    /* Every match is found before the first emit runs. */
    lua_rawgeti(L, LUA_REGISTRYINDEX, r->matcher_ref);
    int dict_idx = lua_gettop(L);
    polis_lua_dict_hits(L, e, dict_idx, r->dict, 0, e->doc.toks.n);
    int hits = lua_gettop(L);
    lua_Integer n = (lua_Integer)lua_rawlen(L, hits);
    e->matches = (uint64_t)n;
    for (lua_Integer k = 1; k <= n; k++) {
        lua_rawgeti(L, LUA_REGISTRYINDEX, r->fn_ref);
        lua_rawgeti(L, LUA_REGISTRYINDEX, e->doc_ref);
        lua_rawgeti(L, hits, k);
        lua_call(L, 2, 0);
    }
    lua_settop(L, dict_idx - 1);
}

/* Matches of a pattern, copied out of the matcher before any emit runs. */
typedef struct pat_hits {
    lua_State *L;
    polis_tcap *caps;           /* per match: whole + ncaps */
    size_t n, cap, ncaps;
    int32_t *ents;              /* the captures' entry lists, copied in capture order: */
    size_t nents, ents_cap;     /* they point into the dictionary, which an emit may grow */
    bool oom;
} pat_hits;

static bool collect_pattern(const polis_tpat_match *m, void *ud)
{
    pat_hits *h = ud;
    size_t per = h->ncaps + 1;
    if ((h->n + 1) * per > h->cap) {
        size_t cap = h->cap ? h->cap * 2 : 32 * per;
        polis_tcap *v = realloc(h->caps, cap * sizeof *v);
        if (!v) {
            h->oom = true;
            return false;
        }
        h->caps = v;
        h->cap = cap;
    }
    polis_tcap *dst = h->caps + h->n * per;
    dst[0] = m->whole;
    memcpy(dst + 1, m->caps, h->ncaps * sizeof *dst);
    for (size_t k = 0; k < per; k++) {
        if (!dst[k].entries || !dst[k].nentries)
            continue;
        if (h->nents + dst[k].nentries > h->ents_cap) {
            size_t cap = h->ents_cap ? h->ents_cap * 2 : 256;
            while (cap < h->nents + dst[k].nentries)
                cap *= 2;
            int32_t *v = realloc(h->ents, cap * sizeof *v);
            if (!v) {
                h->oom = true;
                return false;
            }
            h->ents = v;
            h->ents_cap = cap;
        }
        memcpy(h->ents + h->nents, dst[k].entries, dst[k].nentries * sizeof *h->ents);
        h->nents += dst[k].nentries;
    }
    h->n++;
    return true;
}


static void run_pattern_rule(lua_State *L, polis_engine *e, const polis_rule *r)
{
    const polis_tpat *p = r->pat;
    if (!p) {                                 /* a shared polis.pattern object */
        lua_rawgeti(L, LUA_REGISTRYINDEX, r->matcher_ref);
        p = polis_lua_topattern(L, -1);
        lua_pop(L, 1);
    }
    size_t nc = polis_tpat_ncaptures(p);
    pat_hits h = { L, NULL, 0, 0, nc, NULL, 0, 0, false };
    long rc = polis_tpat_scan(e->tpctx, p, &e->doc, 0, e->doc.toks.n, r->overlap,
                              collect_pattern, &h);
    /* Keep the buffers owned by a userdata so an error in emit frees them;
     * captures point at their own copy of their entry list, since an emit
     * that adds to the dictionary moves the dictionary's (use-after-free). */
    polis_tcap *caps = NULL;
    if (h.n) {
        size_t ncap = h.n * (nc + 1), cbytes = ncap * sizeof *caps;
        caps = lua_newuserdatauv(L, cbytes + h.nents * sizeof *h.ents, 0);
        memcpy(caps, h.caps, cbytes);
        int32_t *ents = (int32_t *)(void *)((char *)caps + cbytes);
        if (h.nents)
            memcpy(ents, h.ents, h.nents * sizeof *ents);
        for (size_t k = 0, off = 0; k < ncap; k++)
            if (caps[k].entries && caps[k].nentries) {
                caps[k].entries = ents + off;
                off += caps[k].nentries;
            }
    } else {
        lua_pushnil(L);
    }
    free(h.caps);
    free(h.ents);
    if (h.oom)
        luaL_error(L, "out of memory collecting pattern matches");
    if (rc < 0)
        luaL_error(L, "pattern: %s", polis_tpat_error(e->tpctx));
    e->matches = h.n;
    for (size_t k = 0; k < h.n; k++) {
        polis_tpat_match m = { caps[k * (nc + 1)], caps + k * (nc + 1) + 1 };
        lua_rawgeti(L, LUA_REGISTRYINDEX, r->fn_ref);
        lua_rawgeti(L, LUA_REGISTRYINDEX, e->doc_ref);
        polis_lua_push_tmatch(L, e, p, &m);
        lua_call(L, 2, 0);
    }
    lua_pop(L, 1);
}

/* lua_CFunction run under the sandbox's pcall: one rule over the document. */
static int run_rule_protected(lua_State *L)
{
    polis_engine *e = polis_engine_from(L);
    const polis_rule *r = lua_touserdata(L, 1);
    lua_settop(L, 0);
    switch (r->kind) {
    case POLIS_M_RUN:
        lua_rawgeti(L, LUA_REGISTRYINDEX, r->fn_ref);
        lua_rawgeti(L, LUA_REGISTRYINDEX, e->doc_ref);
        lua_call(L, 1, 0);
        break;
    case POLIS_M_PATTERN:
        run_pattern_rule(L, e, r);
        break;
    case POLIS_M_REGEX:
        run_regex_rule(L, e, r);
        break;
    case POLIS_M_DICT:
        run_dict_rule(L, e, r);
        break;
    }
    return 0;
}

/* The profile row of a rule (made on first use); SIZE_MAX when out of memory. */
static size_t rule_prof_row(polis_engine *e, polis_rule *r)
{
    if (!r->prof_row)
        r->prof_row = polis_prof_row(e, e->stages[r->stage].name, r->name) + 1;
    return r->prof_row - 1;
}

void polis_run_rule(polis_engine *e, polis_rule *r)
{
    lua_State *L = e->L;
    uint64_t t0 = 0;
    if (e->prof) {
        t0 = polis_now_ns();
        polis_prof_rule_start(e, t0);
    }
    e->matches = 0;
    e->current = r;
    size_t amark = e->doc.nannots;
    bool fast = false;
    if (e->doc_exact)
        polis_sandbox_budget(e, e->cfg.max_instructions);
    else
        fast = polis_budget_fast(e, e->cfg.max_instructions);
    lua_pushcfunction(L, run_rule_protected);
    lua_pushlightuserdata(L, (void *)r);
    int status = polis_sandbox_call(e, 1);
    if (fast && !polis_budget_fast_end(e))
        e->doc_ambiguous = true;              /* the engine analyses the document again */
    if (status != LUA_OK) {
        polis_results_rollback(e, 0, amark);
        const char *raw = lua_tostring(L, -1);
        char *msg = polis_strdup(raw ? raw : "(error object is not a string)");
        lua_pop(L, 1);
        if (msg) {
            char *where = split_error(msg);
            if (!where && r->source)
                where = polis_strdup(r->source);
            const char *kind = e->sb.stop == POLIS_STOP_BUDGET ? "limit"
                               : e->sb.stop == POLIS_STOP_MEMORY || status == LUA_ERRMEM
                                   ? "memory"
                                   : "rule";
            polis_doc_add_error(e, kind, r->name, where, msg);
            free(where);
            free(msg);
        }
    }
    polis_results_forget(e);
    e->current = NULL;
    if (e->prof) {
        polis_prof_rule_end(e);
        polis_prof_add(e, rule_prof_row(e, r), polis_now_ns() - t0, e->matches);
    }
}
