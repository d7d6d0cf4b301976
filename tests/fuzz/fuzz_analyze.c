/*
 * fuzz_analyze.c - the whole analyze path with the default rules: one
 * engine, made once, analyses each input as a document.
 *
 * The default rules are found through $POLIS_DEFAULT_RULES (make fuzz and
 * make test set it to scripts/). Each result must print as JSON that parses
 * back, be valid UTF-8, have the contract's lists, and every span in it
 * (mentions, evidence, sentences, tokens) must lie inside the document with
 * its "text" equal to those bytes of the (sanitized) document.
 */
#include <cjson/cJSON.h>

#include "polis.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static polis_engine *fz_an_engine;
static FILE *fz_an_log;

static void fz_an_cleanup(void)
{
    polis_engine_free(fz_an_engine);
    fz_an_engine = NULL;
    if (fz_an_log)
        fclose(fz_an_log);
    fz_an_log = NULL;
}

static polis_engine *fz_an_get(void)
{
    if (fz_an_engine)
        return fz_an_engine;
    polis_config cfg;
    polis_config_init(&cfg);
    cfg.use_rules_path = false;
    fz_an_log = fopen("/dev/null", "w");
    cfg.log = fz_an_log;
    char *err = NULL;
    fz_an_engine = polis_engine_new(&cfg, &err);
    if (!fz_an_engine || polis_engine_problems(fz_an_engine) > 0) {
        fprintf(stderr, "fuzz_analyze: cannot load the default rules (set POLIS_DEFAULT_RULES): "
                        "%s\n", err ? err : "?");
        abort();
    }
    free(err);
    atexit(fz_an_cleanup);
    return fz_an_engine;
}

/* Check a {start, end, text} object against the document. */
static void fz_an_span(const cJSON *o, const char *doc, size_t len)
{
    const cJSON *s = cJSON_GetObjectItemCaseSensitive(o, "start");
    const cJSON *e = cJSON_GetObjectItemCaseSensitive(o, "end");
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(o, "text");
    FZ_ASSERT(cJSON_IsNumber(s) && cJSON_IsNumber(e));
    FZ_ASSERT(s->valuedouble >= 0 && s->valuedouble <= e->valuedouble &&
              e->valuedouble <= (double)len);
    if (t) {
        size_t a = (size_t)s->valuedouble, b = (size_t)e->valuedouble;
        FZ_ASSERT(cJSON_IsString(t));
        /* The text is those bytes (a NUL in them would end the JSON string early). */
        FZ_ASSERT(strlen(t->valuestring) == b - a && memcmp(t->valuestring, doc + a, b - a) == 0);
    }
}

static void fz_an_list_spans(const cJSON *res, const char *list, const char *inner,
                             const char *doc, size_t len)
{
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(res, list);
    FZ_ASSERT(arr == NULL || cJSON_IsArray(arr));
    const cJSON *it;
    cJSON_ArrayForEach(it, arr) {
        if (!inner) {
            fz_an_span(it, doc, len);
            continue;
        }
        const cJSON *sub = cJSON_GetObjectItemCaseSensitive(it, inner);
        if (cJSON_IsArray(sub)) {
            const cJSON *m;
            cJSON_ArrayForEach(m, sub)
                fz_an_span(m, doc, len);
        } else if (cJSON_IsObject(sub)) {
            fz_an_span(sub, doc, len);
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    polis_engine *e = fz_an_get();
    char *text = fz_copy(data, size);
    polis_input in = { "fuzz", text, size, NULL, NULL, NULL };
    char *json = polis_analyze_json(e, &in, POLIS_OUT_SENTENCES | POLIS_OUT_TOKENS, true);
    FZ_ASSERT(json != NULL);
    size_t jlen = strlen(json);
    char *check = fz_copy(json, jlen);
    FZ_ASSERT(polis_utf8_sanitize(check, jlen, NULL) == 0);      /* valid UTF-8 */
    free(check);
    cJSON *res = cJSON_Parse(json);
    FZ_ASSERT(res != NULL);
    static const char *const lists[] = { "actors", "locations", "stances", "errors" };
    for (size_t i = 0; i < 4; i++)
        FZ_ASSERT(cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(res, lists[i])));

    char *doc = fz_copy(data, size);               /* what the offsets index */
    polis_utf8_sanitize(doc, size, NULL);
    fz_an_list_spans(res, "actors", "mentions", doc, size);
    fz_an_list_spans(res, "locations", "mentions", doc, size);
    fz_an_list_spans(res, "stances", "evidence", doc, size);
    fz_an_list_spans(res, "sentences", NULL, doc, size);
    fz_an_list_spans(res, "tokens", NULL, doc, size);

    free(doc);
    cJSON_Delete(res);
    free(json);
    free(text);
    return 0;
}
