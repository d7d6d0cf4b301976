/*
 * engine.c - the engine's lifecycle and the per-document loop:
 *
 *   input bytes -> sanitized copy (same offsets) -> tokens -> sentences
 *   -> every enabled rule, stage by stage, in declaration order
 *   -> result JSON
 *
 * Each rule runs on a document inside one protected call with a fresh
 * instruction budget. A rule's matches are all found (in C) before its emit
 * function runs, so what it emits cannot change its own matches. When a rule
 * fails, the journal undoes what it emitted for this document, the error goes
 * into the record's "errors" and to the log, and the next rule runs.
 */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "engine.h"

#define DEFAULT_MAX_MEMORY        ((size_t)512 << 20)
#define DEFAULT_MAX_INSTRUCTIONS  20000000ull
#define DEFAULT_MAX_LOAD          1000000000ull
#define DEFAULT_MAX_ITEMS         100000
#define DEFAULT_MAX_DOC_BYTES     ((size_t)16 << 20)
#define TPAT_STEP_LIMIT           2000000ull

/* Each regex runs at most once per document, however many rules use it:
 * its matches are kept here until the next document (n == SIZE_MAX: unused). */
typedef struct polis_re_memo {
    const polis_regex *re;
    polis_span *spans;          /* n matches x (ngroups + 1) spans */
    size_t n, cap;
} re_memo;

void polis_config_init(polis_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->max_memory = DEFAULT_MAX_MEMORY;
    cfg->max_instructions = DEFAULT_MAX_INSTRUCTIONS;
    cfg->max_load_instructions = DEFAULT_MAX_LOAD;
    cfg->max_items = DEFAULT_MAX_ITEMS;
    cfg->max_doc_bytes = DEFAULT_MAX_DOC_BYTES;
    cfg->default_rules = true;
    cfg->use_rules_path = true;
}

void polis_log(polis_engine *e, const char *fmt, ...)
{
    FILE *f = e && e->cfg.log ? e->cfg.log : stderr;
    va_list ap;
    va_start(ap, fmt);
    fputs("polis: ", f);
    vfprintf(f, fmt, ap);
    fputc('\n', f);
    va_end(ap);
}

/* ------------------------------------------------------------- errors */

void polis_doc_add_error(polis_engine *e, const char *kind, const char *rule, const char *where,
                         const char *message)
{
    if (e->nerrors == e->errors_cap) {
        size_t cap = e->errors_cap ? e->errors_cap * 2 : 8;
        polis_doc_error *v = realloc(e->errors, cap * sizeof *v);
        if (!v)
            return;
        e->errors = v;
        e->errors_cap = cap;
    }
    polis_doc_error *er = &e->errors[e->nerrors++];
    er->kind = polis_strdup(kind);
    er->rule = rule ? polis_strdup(rule) : NULL;
    er->where = where ? polis_strdup(where) : NULL;
    er->message = polis_strdup(message);
    const char *id = e->input && e->input->id ? e->input->id : "doc";
    if (rule)
        polis_log(e, "%s: rule %s%s%s%s: %s", id, rule, where ? " (" : "", where ? where : "",
                  where ? ")" : "", message);
    else
        polis_log(e, "%s: %s", id, message);
}

static void doc_errors_clear(polis_engine *e)
{
    for (size_t i = 0; i < e->nerrors; i++) {
        free(e->errors[i].kind);
        free(e->errors[i].rule);
        free(e->errors[i].where);
        free(e->errors[i].message);
    }
    e->nerrors = 0;
}

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

/* ------------------------------------------------------------ loading */

static int add_root(polis_engine *e, const char *dir)
{
    char *real = realpath(dir, NULL);
    if (!real)
        return -1;
    for (size_t i = 0; i < e->nroots; i++)
        if (strcmp(e->roots[i], real) == 0) {
            free(real);
            return 0;
        }
    char **v = realloc(e->roots, (e->nroots + 1) * sizeof *v);
    if (!v) {
        free(real);
        return -1;
    }
    e->roots = v;
    e->roots[e->nroots++] = real;
    return 0;
}

static int report_problem(polis_engine *e, char **err, const char *fmt, const char *a,
                          const char *b)
{
    char msg[2048];
    snprintf(msg, sizeof msg, fmt, a, b);
    polis_log(e, "%s", msg);
    if (err && !*err)
        *err = polis_strdup(msg);
    e->problems++;
    return 1;
}

static int load_script(polis_engine *e, const char *path, char **err)
{
    if (e->prof)
        polis_prof_load_start(e, path);
    int rc = polis_sandbox_dofile(e, path);
    if (e->prof)
        polis_prof_load_end(e);
    if (rc == 0)
        return 0;
    char *msg = polis_strdup(lua_tostring(e->L, -1) ? lua_tostring(e->L, -1) : "unknown error");
    lua_pop(e->L, 1);
    char *tb = msg ? strstr(msg, "\nstack traceback:") : NULL;
    if (tb)
        *tb = '\0';
    /* Lua's messages start with "file:line:" already; others get the file. */
    int r = msg && (strncmp(msg, path, strlen(path)) == 0 || strncmp(msg, "rule '", 6) == 0)
                ? report_problem(e, err, "%s%s", msg, "")
                : report_problem(e, err, "%s: %s", path, msg ? msg : "out of memory");
    free(msg);
    return r;
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int load_folder(polis_engine *e, const char *dir, char **err)
{
    DIR *d = opendir(dir);
    if (!d)
        return report_problem(e, err, "%s: %s", dir, strerror(errno));
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        size_t len = strlen(de->d_name);
        if (len < 5 || de->d_name[0] == '.' || strcmp(de->d_name + len - 4, ".lua") != 0)
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            char **v = realloc(names, cap * sizeof *v);
            if (!v)
                break;
            names = v;
        }
        names[n++] = polis_strdup(de->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof *names, name_cmp);
    int problems = 0;
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(dir) + strlen(names[i]) + 2;
        char *path = malloc(len);
        if (path) {
            snprintf(path, len, "%s/%s", dir, names[i]);
            struct stat st;
            if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
                problems += load_script(e, path, err);
            free(path);
        }
        free(names[i]);
    }
    free(names);
    return problems;
}

int polis_engine_load(polis_engine *e, const char *path, char **err)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return report_problem(e, err, "%s: %s", path, strerror(errno));
    if (S_ISDIR(st.st_mode)) {
        if (add_root(e, path) != 0)
            return report_problem(e, err, "%s: %s", path, strerror(errno));
        return load_folder(e, path, err);
    }
    /* A single script: its folder becomes a rule folder (modules, data). */
    char *copy = polis_strdup(path);
    char *slash = copy ? strrchr(copy, '/') : NULL;
    if (slash)
        *slash = '\0';
    int r = add_root(e, slash ? copy : ".");
    free(copy);
    if (r != 0)
        return report_problem(e, err, "%s: %s", path, strerror(errno));
    return load_script(e, path, err);
}

int polis_engine_problems(const polis_engine *e)
{
    return e->problems;
}

int polis_engine_set_option(polis_engine *e, const char *name, const char *value)
{
    char **n = realloc(e->opt_names, (e->nopts + 1) * sizeof *n);
    if (!n)
        return -1;
    e->opt_names = n;
    char **v = realloc(e->opt_values, (e->nopts + 1) * sizeof *v);
    if (!v)
        return -1;
    e->opt_values = v;
    e->opt_names[e->nopts] = polis_strdup(name);
    e->opt_values[e->nopts] = polis_strdup(value);
    e->nopts++;
    /* A value naming a file the user chose may be read by scripts. */
    char *real = realpath(value, NULL);
    struct stat st;
    if (real && stat(real, &st) == 0 && S_ISREG(st.st_mode)) {
        char **a = realloc(e->allowed_files, (e->nallowed + 1) * sizeof *a);
        if (a) {
            e->allowed_files = a;
            e->allowed_files[e->nallowed++] = real;
            real = NULL;
        }
    }
    free(real);
    return 0;
}

/* Where the default rules are: the config, $POLIS_DEFAULT_RULES, scripts/
 * beside the binary's folder (a build tree), share/polis/scripts beside it
 * (an install), then the compiled-in prefix. */
static char *find_default_rules(const polis_config *cfg)
{
    if (cfg->default_rules_dir)
        return polis_strdup(cfg->default_rules_dir);
    const char *env = getenv("POLIS_DEFAULT_RULES");
    if (env && *env)
        return polis_strdup(env);
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    struct stat st;
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            static const char *const rel[] = { "/../scripts", "/../share/polis/scripts",
                                               "/../../scripts", NULL };
            for (const char *const *r = rel; *r; r++) {
                char cand[4200];
                snprintf(cand, sizeof cand, "%s%s", exe, *r);
                if (stat(cand, &st) == 0 && S_ISDIR(st.st_mode))
                    return realpath(cand, NULL);
            }
        }
    }
#ifdef POLIS_PREFIX
    if (stat(POLIS_PREFIX "/share/polis/scripts", &st) == 0 && S_ISDIR(st.st_mode))
        return polis_strdup(POLIS_PREFIX "/share/polis/scripts");
#endif
    return NULL;
}

/* ------------------------------------------------------------ lifecycle */

polis_engine *polis_engine_new(const polis_config *cfg, char **err)
{
    if (err)
        *err = NULL;
    polis_engine *e = calloc(1, sizeof *e);
    if (!e)
        goto oom;
    if (cfg)
        e->cfg = *cfg;
    else
        polis_config_init(&e->cfg);
    if (!e->cfg.max_memory)
        e->cfg.max_memory = DEFAULT_MAX_MEMORY;
    if (!e->cfg.max_instructions)
        e->cfg.max_instructions = DEFAULT_MAX_INSTRUCTIONS;
    if (!e->cfg.max_load_instructions)
        e->cfg.max_load_instructions = DEFAULT_MAX_LOAD;
    if (!e->cfg.max_items)
        e->cfg.max_items = DEFAULT_MAX_ITEMS;
    if (!e->cfg.max_doc_bytes)
        e->cfg.max_doc_bytes = DEFAULT_MAX_DOC_BYTES;
    e->res_ref = LUA_NOREF;
    e->doc_ref = LUA_NOREF;
    polis_doc_init(&e->doc);
    e->labels = polis_symtab_new();
    e->recache = polis_regex_cache_new();
    e->rectx = polis_regex_ctx_new(NULL);
    e->tpctx = e->rectx ? polis_tpat_ctx_new(e->rectx, TPAT_STEP_LIMIT) : NULL;
    e->abbrevs = polis_abbrevs_new();
    if (!e->labels || !e->recache || !e->rectx || !e->tpctx || !e->abbrevs)
        goto oom;
    e->label_actor = polis_symtab_intern(e->labels, "ACTOR", 5);
    e->label_location = polis_symtab_intern(e->labels, "LOCATION", 8);
    if (e->cfg.profile && polis_prof_open(e) != 0)
        goto oom;
    if (!polis_sandbox_open(e))
        goto oom;
    polis_results_reset(e);
    for (size_t i = 0; i < e->cfg.noptions; i++)
        if (polis_engine_set_option(e, e->cfg.option_names[i], e->cfg.option_values[i]) != 0)
            goto oom;

    e->lib_dir = find_default_rules(&e->cfg);
    if (e->lib_dir) {
        char *real = realpath(e->lib_dir, NULL);
        free(e->lib_dir);
        e->lib_dir = real;
    }
    if (e->cfg.default_rules) {
        char *dir = e->lib_dir ? polis_strdup(e->lib_dir) : NULL;
        if (!dir) {
            if (err)
                *err = polis_strdup("cannot find the default rules (the scripts/ folder); set "
                                    "POLIS_DEFAULT_RULES or use --no-default-rules");
            polis_engine_free(e);
            return NULL;
        }
        polis_engine_load(e, dir, err);
        free(dir);
    }
    const char *rp = e->cfg.use_rules_path ? getenv("POLIS_RULES_PATH") : NULL;
    if (rp && *rp) {
        char *copy = polis_strdup(rp), *save = NULL;
        for (char *p = copy ? strtok_r(copy, ":", &save) : NULL; p; p = strtok_r(NULL, ":", &save))
            polis_engine_load(e, p, err);
        free(copy);
    }
    return e;
oom:
    if (err && !*err)
        *err = polis_strdup("out of memory while creating the engine");
    polis_engine_free(e);
    return NULL;
}

static void free_strings(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

void polis_engine_free(polis_engine *e)
{
    if (!e)
        return;
    if (e->L) {
        polis_rules_free(e);
        polis_sandbox_close(e);
    } else {
        free(e->stages);
    }
    doc_errors_clear(e);
    free(e->errors);
    for (size_t i = 0; i < e->nmemo; i++)
        free(e->memo[i].spans);
    free(e->memo);
    polis_doc_free(&e->doc);
    free(e->textbuf);
    free(e->doc_date);
    polis_tpat_ctx_free(e->tpctx);
    polis_regex_ctx_free(e->rectx);
    polis_regex_cache_free(e->recache);
    polis_abbrevs_free(e->abbrevs);
    polis_symtab_free(e->labels);
    polis_prof_free(e);
    free(e->lib_dir);
    free_strings(e->roots, e->nroots);
    free_strings(e->opt_names, e->nopts);
    free_strings(e->opt_values, e->nopts);
    free_strings(e->allowed_files, e->nallowed);
    free(e);
}

void polis_engine_rules(const polis_engine *e,
                        void (*fn)(const char *stage, const char *name, const char *source,
                                   const char *matcher, void *ud),
                        void *ud)
{
    polis_rules_sort((polis_engine *)e);
    for (size_t i = 0; i < e->nrules; i++) {
        const polis_rule *r = &e->rules[i];
        if (!r->disabled)
            fn(e->stages[r->stage].name, r->name, r->source ? r->source : "?",
               r->matcher_text ? r->matcher_text : "", ud);
    }
}

void polis_engine_test_counts(const polis_engine *e, size_t *passed, size_t *failed)
{
    *passed = e->tests_passed;
    *failed = e->tests_failed;
}

uint64_t polis_engine_error_count(const polis_engine *e)
{
    return e->docs_with_errors;
}

/* ---------------------------------------------------------- running */


static re_memo *memo_for(polis_engine *e, const polis_regex *re, lua_State *L)
{
    re_memo *m = (re_memo *)e->memo;
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
            re_memo *v = realloc(m, cap * sizeof *v);
            if (!v)
                luaL_error(L, "out of memory");
            memset(v + e->memo_cap, 0, (cap - e->memo_cap) * sizeof *v);
            e->memo = (struct polis_re_memo *)v;
            e->memo_cap = cap;
            m = v;
        }
        e->nmemo++;
    }
    re_memo *r = &m[slot];
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

static void memo_clear(polis_engine *e)
{
    re_memo *m = (re_memo *)e->memo;
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
    re_memo *m = memo_for(e, r->re, L);
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

static void journal_clear(polis_engine *e)
{
    lua_State *L = e->L;
    lua_rawgeti(L, LUA_REGISTRYINDEX, e->res_ref);
    lua_getfield(L, -1, "journal");
    bool empty = lua_rawlen(L, -1) == 0;
    lua_pop(L, 1);
    if (!empty) {
        lua_newtable(L);
        lua_setfield(L, -2, "journal");
    }
    lua_pop(L, 1);
}

/* The profile row of a rule (made on first use); SIZE_MAX when out of memory. */
static size_t rule_prof_row(polis_engine *e, polis_rule *r)
{
    if (!r->prof_row)
        r->prof_row = polis_prof_row(e, e->stages[r->stage].name, r->name) + 1;
    return r->prof_row - 1;
}

static void run_rule(polis_engine *e, polis_rule *r)
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
    polis_sandbox_budget(e, e->cfg.max_instructions);
    lua_pushcfunction(L, run_rule_protected);
    lua_pushlightuserdata(L, (void *)r);
    int status = polis_sandbox_call(e, 1);
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
    journal_clear(e);
    e->current = NULL;
    if (e->prof) {
        polis_prof_rule_end(e);
        polis_prof_add(e, rule_prof_row(e, r), polis_now_ns() - t0, e->matches);
    }
}

/* ----------------------------------------------------------- analysing */

/* Accept "YYYY-MM-DD" (optionally followed by a time); NULL otherwise. */
static char *clean_date(const char *d)
{
    if (!d || strlen(d) < 10)
        return NULL;
    for (int i = 0; i < 10; i++) {
        bool dash = i == 4 || i == 7;
        if (dash ? d[i] != '-' : (d[i] < '0' || d[i] > '9'))
            return NULL;
    }
    if (d[10] && d[10] != 'T' && d[10] != ' ')
        return NULL;
    char *s = malloc(11);
    if (s) {
        memcpy(s, d, 10);
        s[10] = '\0';
    }
    return s;
}

/* Copy and sanitize the input text; returns the length to analyse. */
static size_t prepare_text(polis_engine *e, const polis_input *in)
{
    size_t len = in->text ? in->len : 0;
    if (len > e->cfg.max_doc_bytes) {
        size_t cut = e->cfg.max_doc_bytes;
        while (cut > 0 && ((unsigned char)in->text[cut] & 0xC0) == 0x80)
            cut--;                            /* do not cut a UTF-8 sequence */
        char msg[200];
        snprintf(msg, sizeof msg, "document is %zu bytes; analysed the first %zu (raise with "
                                  "--max-doc-bytes)", len, cut);
        polis_doc_add_error(e, "input", NULL, NULL, msg);
        len = cut;
    }
    if (len + 1 > e->textbuf_cap) {
        size_t cap = len + 1 > 4096 ? len + 1 : 4096;
        char *b = realloc(e->textbuf, cap);
        if (!b)
            return SIZE_MAX;
        e->textbuf = b;
        e->textbuf_cap = cap;
    }
    if (len)
        memcpy(e->textbuf, in->text, len);
    e->textbuf[len] = '\0';
    size_t first_bad = 0;
    size_t bad = polis_utf8_sanitize(e->textbuf, len, &first_bad);
    if (bad) {
        char msg[200];
        snprintf(msg, sizeof msg, "%zu byte%s of invalid UTF-8 or NUL replaced with '?' (first "
                                  "at byte %zu)", bad, bad == 1 ? "" : "s", first_bad);
        polis_doc_add_error(e, "input", NULL, NULL, msg);
    }
    return len;
}

static int build_output_protected(lua_State *L)
{
    polis_engine *e = polis_engine_from(L);
    unsigned flags = (unsigned)lua_tointeger(L, 1);
    cJSON **out = lua_touserdata(L, 2);
    *out = polis_output_build(e, flags);
    return 0;
}

cJSON *polis_analyze(polis_engine *e, const polis_input *in, unsigned flags)
{
    uint64_t t0 = e->prof ? polis_now_ns() : 0, t1;
    doc_errors_clear(e);
    e->input = in;
    free(e->doc_date);
    e->doc_date = clean_date(in->date);
    memo_clear(e);
    size_t len = prepare_text(e, in);
    if (len == SIZE_MAX) {
        e->docs_with_errors++;
        return polis_error_record(in->id, "out of memory");
    }
    int rc;
    if (!e->prof) {
        rc = polis_doc_analyze(&e->doc, e->textbuf, len, e->abbrevs);
    } else {
        /* The same steps as polis_doc_analyze, timed one by one. */
        t1 = polis_now_ns();
        polis_prof_add(e, 0, t1 - t0, len);
        rc = polis_doc_analyze(&e->doc, e->textbuf, 0, e->abbrevs);   /* resets the doc */
        e->doc.len = len;
        if (rc == 0)
            rc = polis_tokenize(e->textbuf, len, e->abbrevs, &e->doc.toks);
        uint64_t t2 = polis_now_ns();
        polis_prof_add(e, 1, t2 - t1, e->doc.toks.n);
        if (rc == 0)
            rc = polis_split_sentences(e->textbuf, len, &e->doc.toks, e->abbrevs, &e->doc.sents);
        polis_prof_add(e, 2, polis_now_ns() - t2, e->doc.sents.n);
    }
    if (rc != 0) {
        e->docs_with_errors++;
        return polis_error_record(in->id, "out of memory while tokenizing");
    }
    lua_State *L = e->L;
    polis_results_reset(e);
    lua_rawgeti(L, LUA_REGISTRYINDEX, e->doc_ref);     /* forget the previous text, */
    for (int slot = 1; slot <= 3; slot++) {            /* flags and norms */
        lua_pushnil(L);
        lua_setiuservalue(L, -2, slot);
    }
    lua_pop(L, 1);
    polis_rules_sort(e);
    e->in_doc = true;
    for (size_t i = 0; i < e->nrules; i++)
        if (!e->rules[i].disabled)
            run_rule(e, &e->rules[i]);

    cJSON *out = NULL;
    t1 = e->prof ? polis_now_ns() : 0;
    lua_pushcfunction(L, build_output_protected);
    lua_pushinteger(L, flags);
    lua_pushlightuserdata(L, &out);
    if (lua_pcall(L, 2, 0, 0) != LUA_OK) {
        polis_doc_add_error(e, "memory", NULL, NULL, "cannot build the output");
        lua_pop(L, 1);
        cJSON_Delete(out);
        out = polis_error_record(in->id, "cannot build the output (out of memory)");
    }
    e->in_doc = false;
    if (e->nerrors)
        e->docs_with_errors++;
    if (e->prof) {
        size_t row = polis_prof_row(e, "output", "build");
        polis_prof_add(e, row, polis_now_ns() - t1, 0);
    }
    return out;
}

char *polis_analyze_json(polis_engine *e, const polis_input *in, unsigned flags, bool compact)
{
    cJSON *o = polis_analyze(e, in, flags);
    if (!o)
        return NULL;
    char *s = compact ? cJSON_PrintUnformatted(o) : cJSON_Print(o);
    cJSON_Delete(o);
    return s;
}

cJSON *polis_error_record(const char *id, const char *message)
{
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    cJSON_AddItemToObject(o, "id", id ? cJSON_CreateString(id) : cJSON_CreateNull());
    cJSON_AddNullToObject(o, "date");
    cJSON_AddNullToObject(o, "title");
    cJSON_AddArrayToObject(o, "actors");
    cJSON_AddArrayToObject(o, "locations");
    cJSON_AddArrayToObject(o, "stances");
    cJSON *errs = cJSON_AddArrayToObject(o, "errors");
    cJSON *er = cJSON_CreateObject();
    cJSON_AddStringToObject(er, "kind", "input");
    cJSON_AddNullToObject(er, "rule");
    cJSON_AddNullToObject(er, "where");
    cJSON_AddStringToObject(er, "message", message);
    cJSON_AddItemToArray(errs, er);
    /* The id (and the message quoting it) come from the input as they were:
     * keep the record valid UTF-8, as polis_output_build does. */
    cJSON *strs[2] = { cJSON_GetObjectItemCaseSensitive(o, "id"),
                       cJSON_GetObjectItemCaseSensitive(er, "message") };
    for (int i = 0; i < 2; i++)
        if (cJSON_IsString(strs[i]) && strs[i]->valuestring)
            polis_utf8_sanitize(strs[i]->valuestring, strlen(strs[i]->valuestring), NULL);
    return o;
}
