/*
 * engine.c - the engine's lifecycle and the per-document loop:
 *
 *   input bytes -> sanitized copy (same offsets) -> tokens -> sentences
 *   -> every enabled rule, stage by stage, in declaration order (run_rule.c)
 *   -> result JSON (output.c)
 *
 * Loading scripts is in loader.c. A document's problems (bad input, failing
 * rules) are collected here and go into the record's "errors" and the log.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "engine.h"

#define DEFAULT_MAX_MEMORY        ((size_t)512 << 20)
#define DEFAULT_MAX_INSTRUCTIONS  20000000ull
#define DEFAULT_MAX_LOAD          1000000000ull
#define DEFAULT_MAX_ITEMS         100000
#define DEFAULT_MAX_DOC_BYTES     ((size_t)16 << 20)
#define TPAT_STEP_LIMIT           2000000ull


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

/* Each error of a document also goes to the log, with the document's id. */
static void log_doc_error(polis_engine *e, const polis_doc_error *er)
{
    const char *id = e->input && e->input->id ? e->input->id : "doc";
    const char *m = er->message ? er->message : "out of memory";
    if (er->rule)
        polis_log(e, "%s: rule %s%s%s%s: %s", id, er->rule, er->where ? " (" : "",
                  er->where ? er->where : "", er->where ? ")" : "", m);
    else
        polis_log(e, "%s: %s", id, m);
}

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
    if (!e->defer_log)
        log_doc_error(e, er);
}

/* Drop the document's errors past the first n. */
static void doc_errors_truncate(polis_engine *e, size_t n)
{
    for (size_t i = n; i < e->nerrors; i++) {
        free(e->errors[i].kind);
        free(e->errors[i].rule);
        free(e->errors[i].where);
        free(e->errors[i].message);
    }
    e->nerrors = n;
}

static void doc_errors_clear(polis_engine *e)
{
    doc_errors_truncate(e, 0);
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

    e->lib_dir = polis_find_default_rules(&e->cfg);
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
    free(e->jr);
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

/* How the result of a document is wanted: a cJSON tree, or compact text
 * written without a tree (the JSON Lines fast path). */
typedef struct output_req {
    unsigned flags;
    bool text;
    cJSON *tree;
    char *s;
    size_t len;
} output_req;

static int build_output_protected(lua_State *L)
{
    polis_engine *e = polis_engine_from(L);
    output_req *r = lua_touserdata(L, 1);
    if (r->text)
        r->s = polis_output_text(e, r->flags, &r->len);
    else
        r->tree = polis_output_build(e, r->flags);
    return 0;
}

/* Every enabled rule over the document, in order; a first run without the
 * count hook stops at the first call that cannot tell whether its budget
 * held (e->doc_ambiguous). */
static void run_rules(polis_engine *e)
{
    e->doc_ambiguous = false;
    for (size_t i = 0; i < e->nrules && !e->doc_ambiguous; i++)
        if (!e->rules[i].disabled)
            polis_run_rule(e, &e->rules[i]);
}

/* Analyse one document and produce its result as req asks. Returns NULL, or
 * an error record when the document could not be analysed at all. */
static cJSON *analyze_doc(polis_engine *e, const polis_input *in, output_req *req)
{
    uint64_t t0 = e->prof ? polis_now_ns() : 0, t1;
    doc_errors_clear(e);
    e->input = in;
    free(e->doc_date);
    e->doc_date = clean_date(in->date);
    polis_memo_clear(e);
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
    size_t annots = e->doc.nannots, errors = e->nerrors;
    e->defer_log = true;                     /* the rules' errors are logged once, below */
    run_rules(e);
    if (e->doc_ambiguous) {
        /* A rule's call ran uncounted and cannot tell whether its budget held
         * (budget.c): analyse the document again from the first rule,
         * counting every instruction, so that the record is the one exact
         * counting gives. From the first rule, because the rules of a stage
         * share their state for the document (running one rule twice is not
         * running it once); the rules' per-document state is made again. */
        e->doc_exact = true;
        doc_errors_truncate(e, errors);
        free(e->doc_date);
        e->doc_date = clean_date(in->date);
        polis_results_reset(e);
        polis_doc_truncate_annots(&e->doc, annots);
        run_rules(e);
        e->doc_exact = false;
    }
    e->defer_log = false;
    for (size_t i = errors; i < e->nerrors; i++)
        log_doc_error(e, &e->errors[i]);

    cJSON *failed = NULL;
    t1 = e->prof ? polis_now_ns() : 0;
    lua_pushcfunction(L, build_output_protected);
    lua_pushlightuserdata(L, req);
    if (lua_pcall(L, 1, 0, 0) != LUA_OK || (req->text ? !req->s : !req->tree)) {
        if (lua_gettop(L) > 0 && lua_type(L, -1) == LUA_TSTRING)
            lua_pop(L, 1);
        polis_doc_add_error(e, "memory", NULL, NULL, "cannot build the output");
        cJSON_Delete(req->tree);
        free(req->s);
        req->tree = NULL;
        req->s = NULL;
        failed = polis_error_record(in->id, "cannot build the output (out of memory)");
    }
    e->in_doc = false;
    if (e->nerrors)
        e->docs_with_errors++;
    if (e->prof) {
        size_t row = polis_prof_row(e, "output", "build");
        polis_prof_add(e, row, polis_now_ns() - t1, 0);
    }
    return failed;
}

cJSON *polis_analyze(polis_engine *e, const polis_input *in, unsigned flags)
{
    output_req req = { flags, false, NULL, NULL, 0 };
    cJSON *failed = analyze_doc(e, in, &req);
    return failed ? failed : req.tree;
}

char *polis_analyze_json(polis_engine *e, const polis_input *in, unsigned flags, bool compact)
{
    if (compact) {                    /* written straight from the results, no tree */
        output_req req = { flags, true, NULL, NULL, 0 };
        cJSON *failed = analyze_doc(e, in, &req);
        if (!failed)
            return req.s;
        char *s = cJSON_PrintUnformatted(failed);
        cJSON_Delete(failed);
        return s;
    }
    cJSON *o = polis_analyze(e, in, flags);
    if (!o)
        return NULL;
    char *s = cJSON_Print(o);
    cJSON_Delete(o);
    return s;
}

size_t polis_engine_last_errors(const polis_engine *e)
{
    return e->nerrors;
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
