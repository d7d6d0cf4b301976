/*
 * test_output.c - the two ways a result is written (a cJSON tree, and compact
 * text straight from the results) must give the same bytes: the text path
 * is what JSON Lines output uses, the tree what every other format and the
 * embedding API use. Checked on documents that exercise every kind of value,
 * and on the BBC corpus with the default rules when ../shared is there.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "check.h"
#include "polis.h"

static const char rules[] =
    "local polis = require 'polis'\n"
    "polis.rule { name = 'r', stage = 'actors', regex = [[\\b(Russia|Ukraine|Kyiv)\\b]],\n"
    "  emit = function (doc, m)\n"
    "    doc:actor { kind = 'country', span = m, country = 'RUS', role = 'r\\0le \\255',\n"
    "                extra = { z = 1, a = { 1.5, 2, -3.25e-7, 'x\"y' }, b = true, n = 1e300,\n"
    "                          [3] = 'three', big = 2^40, neg = -7 } }\n"
    "    doc:location { kind = 'city', span = m, name = 'K\\t\\226\\128\\148', lat = 50.45,\n"
    "                   lon = 30.523333333333333, population = 2967000 }\n"
    "  end }\n"
    "polis.rule { name = 's', stage = 'stances', run = function (doc)\n"
    "  local a = doc:actors()\n"
    "  if #a >= 2 then doc:stance { source = a[1].id, target = a[2].id, type = 'warn',\n"
    "    polarity = -1, intensity = -4.4, evidence = doc:span(1, 2), topic = 'caf\\195\\169' } end\n"
    "  doc:set('custom', { list = { 'a', 'b' }, n = 0.1, deep = { x = { y = false } } })\n"
    "end }\n";

static const char *const texts[] = {
    "Russia warned Ukraine. Kyiv said no.",
    "",
    "Nothing here at all.",
    "Bad bytes \xff\xfe and a NUL\0 in Russia.",
    "Ukraine \"quoted\" \\ back\\slash\ttab\nnew line Russia",
};
static const size_t lens[] = { 36, 0, 20, 32, 48 };

static char dir[] = "/tmp/polis-test-output-XXXXXX";

static polis_engine *engine(bool defaults)
{
    polis_config cfg;
    polis_config_init(&cfg);
    cfg.default_rules = defaults;
    cfg.use_rules_path = false;
    FILE *devnull = fopen("/dev/null", "w");
    cfg.log = devnull;
    char *err = NULL;
    polis_engine *e = polis_engine_new(&cfg, &err);
    if (e && !defaults) {
        char path[300];
        snprintf(path, sizeof path, "%s/rules.lua", dir);
        if (polis_engine_load(e, path, &err) != 0)
            fprintf(stderr, "  %s\n", err ? err : "?");
    }
    free(err);
    return e;
}

/* Analyse `in` both ways and compare. */
static bool same_both_ways(polis_engine *e, const polis_input *in, unsigned flags)
{
    cJSON *tree = polis_analyze(e, in, flags);
    char *want = cJSON_PrintUnformatted(tree);
    cJSON_Delete(tree);
    char *got = polis_analyze_json(e, in, flags, true);
    bool same = want && got && strcmp(want, got) == 0;
    if (!same) {
        size_t k = 0;
        while (want && got && want[k] && want[k] == got[k])
            k++;
        fprintf(stderr, "  %s differs at byte %zu:\n    tree: %.120s\n    text: %.120s\n",
                in->id, k, want ? want + (k > 40 ? k - 40 : 0) : "(null)",
                got ? got + (k > 40 ? k - 40 : 0) : "(null)");
    }
    free(want);
    free(got);
    return same;
}

static void test_every_kind_of_value(void)
{
    polis_engine *e = engine(false);
    CHECK(e != NULL);
    cJSON *meta = cJSON_Parse("{\"source\":\"x\\u00e9\",\"n\":[1,2.5,null,true],\"o\":{}}");
    for (size_t i = 0; e && i < sizeof texts / sizeof *texts; i++) {
        polis_input in = { "doc-\xc3\xa9", texts[i], lens[i], i % 2 ? "2023-09-18" : NULL,
                           i == 3 ? "T\xff" : "title", i == 0 ? meta : NULL };
        CHECK(same_both_ways(e, &in, 0));
        CHECK(same_both_ways(e, &in, POLIS_OUT_SENTENCES | POLIS_OUT_TOKENS));
    }
    cJSON_Delete(meta);
    polis_engine_free(e);
}

/* The whole BBC corpus with the default rules (skipped without ../shared). */
static void test_bbc_with_default_rules(void)
{
    FILE *f = fopen("../shared/data/news/bbc.jsonl", "r");
    if (!f) {
        printf("# skipped: ../shared/data/news/bbc.jsonl is not here\n");
        return;
    }
    polis_engine *e = engine(true);
    CHECK(e != NULL);
    char *line = NULL;
    size_t cap = 0, n = 0, bad = 0;
    while (e && getline(&line, &cap, f) > 0 && n < 400) {
        cJSON *o = cJSON_Parse(line);
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(o, "id");
        const cJSON *text = cJSON_GetObjectItemCaseSensitive(o, "text");
        if (cJSON_IsString(id) && cJSON_IsString(text)) {
            polis_input in = { id->valuestring, text->valuestring, strlen(text->valuestring),
                               NULL, NULL, NULL };
            bad += !same_both_ways(e, &in, 0);
            n++;
        }
        cJSON_Delete(o);
    }
    free(line);
    fclose(f);
    CHECK_INT(bad, 0);
    polis_engine_free(e);
}

int main(void)
{
    if (!mkdtemp(dir))
        return 2;
    char path[300];
    snprintf(path, sizeof path, "%s/rules.lua", dir);
    FILE *f = fopen(path, "w");
    fputs(rules, f);
    fclose(f);
    RUN(test_every_kind_of_value);
    RUN(test_bbc_with_default_rules);
    unlink(path);
    rmdir(dir);
    return check_done();
}
