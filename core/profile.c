/*
 * profile.c - where the time goes, when cfg->profile is set: wall-clock time
 * per part of the analysis (preparing the text, tokens + sentences, each
 * rule, building the output) summed over documents, and a sampled profile of
 * the Lua functions rules run (`polis analyze --profile`, docs/performance.md).
 *
 * Parts are timed with clock_gettime(CLOCK_MONOTONIC) around each call, so
 * the cost is two clock reads per rule per document, and nothing at all when
 * profiling is off (e->prof is NULL and every entry point returns at once).
 *
 * Lua functions: the sandbox's count hook fires every 1000 Lua instructions
 * anyway (for the instruction budget); when profiling, it also charges the
 * time since the previous hook to the Lua function running now (keyed by its
 * script and first line). Time spent in C functions a Lua function calls
 * (doc:scan, table building, garbage collection) is charged to the Lua
 * function running at the next hook, usually the caller: read the figures as
 * "this function and what it calls", not as exclusive time.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine.h"

typedef struct lua_fn {
    const char *source;         /* the Proto's source string (stable while loaded): the key */
    int line;                   /* with the line it is defined at */
    const char *stage;          /* and the stage of the row ("lua" or "lua-load") */
    size_t row;                 /* its row in prof->rows */
} lua_fn;

struct polis_prof {
    polis_profile_row *rows;
    size_t n, cap;
    lua_fn *fns;                /* open addressing over (source, line) */
    size_t nfns, fns_cap;       /* fns_cap: a power of two, or 0 */
    uint64_t last_ns;           /* time of the previous hook (or of the rule's start) */
    const char *lua_stage;      /* "lua" while a rule runs, "lua-load" while a script
                                 * loads, NULL otherwise: the hook charges time then */
    size_t loading_row;         /* the row of the script loading now */
    uint64_t loading_t0;
};

uint64_t polis_now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000ull + (uint64_t)t.tv_nsec;
}

int polis_prof_open(polis_engine *e)
{
    e->prof = calloc(1, sizeof *e->prof);
    if (!e->prof)
        return -1;
    /* Fixed rows first, so that they print in pipeline order. */
    if (polis_prof_row(e, "core", "prepare") != 0 || polis_prof_row(e, "core", "tokenize") != 1 ||
        polis_prof_row(e, "core", "sentences") != 2)
        return -1;
    return 0;
}

void polis_prof_free(polis_engine *e)
{
    struct polis_prof *p = e->prof;
    if (!p)
        return;
    for (size_t i = 0; i < p->n; i++) {
        free((char *)p->rows[i].stage);
        free((char *)p->rows[i].name);
    }
    free(p->rows);
    free(p->fns);
    free(p);
    e->prof = NULL;
}

size_t polis_prof_row(polis_engine *e, const char *stage, const char *name)
{
    struct polis_prof *p = e->prof;
    for (size_t i = 0; i < p->n; i++)
        if (strcmp(p->rows[i].name, name) == 0 && strcmp(p->rows[i].stage, stage) == 0)
            return i;
    if (p->n == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 32;
        polis_profile_row *v = realloc(p->rows, cap * sizeof *v);
        if (!v)
            return SIZE_MAX;
        p->rows = v;
        p->cap = cap;
    }
    polis_profile_row *r = &p->rows[p->n];
    memset(r, 0, sizeof *r);
    r->stage = polis_strdup(stage);
    r->name = polis_strdup(name);
    if (!r->stage || !r->name) {
        free((char *)r->stage);
        free((char *)r->name);
        return SIZE_MAX;
    }
    return p->n++;
}

void polis_prof_add(polis_engine *e, size_t row, uint64_t ns, uint64_t items)
{
    if (row >= e->prof->n)
        return;
    polis_profile_row *r = &e->prof->rows[row];
    r->ns += ns;
    r->calls++;
    r->items += items;
}

void polis_prof_rule_start(polis_engine *e, uint64_t now)
{
    e->prof->last_ns = now;
    e->prof->lua_stage = "lua";
}

void polis_prof_rule_end(polis_engine *e)
{
    e->prof->lua_stage = NULL;
}

void polis_prof_load_start(polis_engine *e, const char *path)
{
    struct polis_prof *p = e->prof;
    if (p->lua_stage)                         /* a script loading another (polis.analyze) */
        return;
    /* Name scripts of the default rules by their place in scripts/. */
    const char *name = path;
    size_t n = e->lib_dir ? strlen(e->lib_dir) : 0;
    if (n && strncmp(path, e->lib_dir, n) == 0 && path[n] == '/')
        name = path + n + 1;
    char label[512];
    snprintf(label, sizeof label, "load %s", name);
    p->loading_row = polis_prof_row(e, "startup", label);
    p->loading_t0 = p->last_ns = polis_now_ns();
    p->lua_stage = "lua-load";
}

void polis_prof_load_end(polis_engine *e)
{
    struct polis_prof *p = e->prof;
    if (!p->lua_stage || strcmp(p->lua_stage, "lua-load") != 0)
        return;
    polis_prof_add(e, p->loading_row, polis_now_ns() - p->loading_t0, 0);
    p->lua_stage = NULL;
}

/* ------------------------------------------------------- Lua functions */

static size_t fn_hash(const char *source, int line, const char *stage, size_t mask)
{
    uint64_t h = (uint64_t)(uintptr_t)source * 0x9E3779B97F4A7C15ull ^ (uint64_t)line ^
                 (uint64_t)(uintptr_t)stage;
    h ^= h >> 29;
    return (size_t)(h * 0xBF58476D1CE4E5B9ull >> 17) & mask;
}

static bool fns_grow(struct polis_prof *p)
{
    size_t cap = p->fns_cap ? p->fns_cap * 2 : 256;
    lua_fn *v = calloc(cap, sizeof *v);
    if (!v)
        return false;
    for (size_t i = 0; i < p->fns_cap; i++)
        if (p->fns[i].source) {
            size_t k = fn_hash(p->fns[i].source, p->fns[i].line, p->fns[i].stage, cap - 1);
            while (v[k].source)
                k = (k + 1) & (cap - 1);
            v[k] = p->fns[i];
        }
    free(p->fns);
    p->fns = v;
    p->fns_cap = cap;
    return true;
}

/* The row of the Lua function of ar (getinfo "S" done), made on first sight. */
static size_t fn_row(polis_engine *e, lua_State *L, lua_Debug *ar)
{
    struct polis_prof *p = e->prof;
    if ((p->nfns + 1) * 2 > p->fns_cap && !fns_grow(p))
        return SIZE_MAX;
    size_t mask = p->fns_cap - 1, k = fn_hash(ar->source, ar->linedefined, p->lua_stage, mask);
    while (p->fns[k].source) {
        if (p->fns[k].source == ar->source && p->fns[k].line == ar->linedefined &&
            p->fns[k].stage == p->lua_stage)
            return p->fns[k].row;
        k = (k + 1) & mask;
    }
    /* New function: name it "file.lua:12 name" (the short source keeps the
     * file's last path components). */
    const char *fname = NULL;
    if (ar->what && strcmp(ar->what, "main") == 0)
        fname = "(main chunk)";
    else if (lua_getinfo(L, "n", ar) && ar->name && ar->namewhat &&
             strcmp(ar->name, "integer index") != 0 &&
             (strcmp(ar->namewhat, "local") == 0 || strcmp(ar->namewhat, "global") == 0 ||
              strcmp(ar->namewhat, "method") == 0 || strcmp(ar->namewhat, "field") == 0 ||
              strcmp(ar->namewhat, "upvalue") == 0))
        fname = ar->name;
    char src[LUA_IDSIZE + 16], label[LUA_IDSIZE + 96];
    const char *s = ar->short_src;
    const char *cut = strstr(s, "scripts/");           /* default rules: lib/actors/find.lua */
    if (cut)
        s = cut + 8;
    snprintf(src, sizeof src, "%s", s);
    snprintf(label, sizeof label, "%s:%d %s", src, ar->linedefined, fname ? fname : "function");
    size_t row = polis_prof_row(e, p->lua_stage, label);
    if (row == SIZE_MAX)
        return row;
    p->fns[k].source = ar->source;
    p->fns[k].line = ar->linedefined;
    p->fns[k].stage = p->lua_stage;
    p->fns[k].row = row;
    p->nfns++;
    return row;
}

void polis_prof_lua_hook(polis_engine *e, lua_State *L, lua_Debug *ar, unsigned instructions)
{
    struct polis_prof *p = e->prof;
    if (!p->lua_stage || !lua_getinfo(L, "S", ar) || !ar->source)
        return;
    uint64_t now = polis_now_ns();
    size_t row = fn_row(e, L, ar);
    if (row < p->n) {
        p->rows[row].ns += now - p->last_ns;
        p->rows[row].items += instructions;
        p->rows[row].calls++;               /* samples */
    }
    p->last_ns = polis_now_ns();             /* the bookkeeping is not charged */
}

/* ------------------------------------------------------------- public */

size_t polis_engine_profile(const polis_engine *e, const polis_profile_row **rows)
{
    if (!e->prof) {
        *rows = NULL;
        return 0;
    }
    *rows = e->prof->rows;
    return e->prof->n;
}
