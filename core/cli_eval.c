/*
 * cli_eval.c - `polis eval`: score results against gold annotations so a rule
 * writer can measure a change.
 *
 * Gold records use the output schema (id, text, date, actors, locations,
 * stances). Scores:
 *   actors     mention spans with the right kind (person/country/organization/group)
 *   locations  mention spans (any kind); "country" also counts the right ISO3 code
 *   stances    source and target found (a predicted item whose mentions overlap the
 *              gold item's, or both null) and the same type
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

typedef struct counts { size_t tp, fp, fn; } counts;

static const char *jstr(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* Read a JSON Lines file into an array; NULL with a message on failure. */
static cJSON *read_jsonl(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return NULL;
    }
    cJSON *arr = cJSON_CreateArray();
    char *line = NULL;
    size_t cap = 0, lineno = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, f)) >= 0) {
        lineno++;
        if (n <= 1)
            continue;
        cJSON *o = cJSON_ParseWithLength(line, (size_t)n);
        if (!cJSON_IsObject(o)) {
            fprintf(stderr, "polis eval: %s:%zu: not a JSON object; skipped\n", path, lineno);
            cJSON_Delete(o);
            continue;
        }
        cJSON_AddItemToArray(arr, o);
    }
    free(line);
    fclose(f);
    return arr;
}

static const cJSON *by_id(const cJSON *arr, const char *id)
{
    const cJSON *it;
    cJSON_ArrayForEach(it, arr) {
        const char *x = jstr(it, "id");
        if (x && id && strcmp(x, id) == 0)
            return it;
    }
    return NULL;
}

static bool has_mention(const cJSON *item, double s, double e, bool overlap)
{
    const cJSON *m;
    cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(item, "mentions")) {
        double ms = cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(m, "start"));
        double me = cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(m, "end"));
        if (overlap ? (ms < e && s < me) : (ms == s && me == e))
            return true;
    }
    return false;
}

/* Is there an item in `items` with a mention at [s,e) (and the same kind when
 * kind is given)? */
static bool find_mention(const cJSON *items, double s, double e, const char *kind)
{
    const cJSON *it;
    cJSON_ArrayForEach(it, items) {
        if (kind && (!jstr(it, "kind") || strcmp(jstr(it, "kind"), kind) != 0))
            continue;
        if (has_mention(it, s, e, false))
            return true;
    }
    return false;
}

static void score_mentions(const cJSON *gold, const cJSON *pred, const char *list, bool kinds,
                           counts *c, int *show, const char *id)
{
    const cJSON *g = cJSON_GetObjectItemCaseSensitive(gold, list);
    const cJSON *p = cJSON_GetObjectItemCaseSensitive(pred, list);
    const cJSON *it, *m;
    cJSON_ArrayForEach(it, g) {
        cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(it, "mentions")) {
            double s = cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(m, "start"));
            double e = cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(m, "end"));
            if (find_mention(p, s, e, kinds ? jstr(it, "kind") : NULL)) {
                c->tp++;
            } else {
                c->fn++;
                if (*show > 0) {
                    (*show)--;
                    printf("%s: missed %s \"%s\" [%g,%g)\n", id, list, jstr(it, "name"), s, e);
                }
            }
        }
    }
    cJSON_ArrayForEach(it, p) {
        cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(it, "mentions")) {
            double s = cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(m, "start"));
            double e = cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(m, "end"));
            if (!find_mention(g, s, e, kinds ? jstr(it, "kind") : NULL)) {
                c->fp++;
                if (*show > 0) {
                    (*show)--;
                    printf("%s: extra %s \"%s\" [%g,%g)\n", id, list, jstr(it, "name"), s, e);
                }
            }
        }
    }
}

static const cJSON *item_of(const cJSON *doc, const char *id)
{
    if (!id)
        return NULL;
    return by_id(cJSON_GetObjectItemCaseSensitive(doc, id[0] == 'l' ? "locations" : "actors"), id);
}

/* Do two items (in different documents of the same text) denote the same thing? */
static bool same_item(const cJSON *a, const cJSON *b)
{
    if (!a || !b)
        return a == b;
    const cJSON *m;
    cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(a, "mentions")) {
        double s = cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(m, "start"));
        double e = cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(m, "end"));
        if (has_mention(b, s, e, true))
            return true;
    }
    const char *na = jstr(a, "name"), *nb = jstr(b, "name");
    return na && nb && strcasecmp(na, nb) == 0;
}

static bool stance_match(const cJSON *gdoc, const cJSON *gs, const cJSON *pdoc, const cJSON *ps)
{
    const char *gt = jstr(gs, "type"), *pt = jstr(ps, "type");
    const char *gp = jstr(gs, "plover"), *pp = jstr(ps, "plover");
    bool type_ok = (gt && pt && strcmp(gt, pt) == 0) || (!gt && gp && pp && strcmp(gp, pp) == 0);
    if (!type_ok)
        return false;
    return same_item(item_of(gdoc, jstr(gs, "source")), item_of(pdoc, jstr(ps, "source"))) &&
           same_item(item_of(gdoc, jstr(gs, "target")), item_of(pdoc, jstr(ps, "target")));
}

static void score_stances(const cJSON *gold, const cJSON *pred, counts *c, int *show,
                          const char *id)
{
    const cJSON *g = cJSON_GetObjectItemCaseSensitive(gold, "stances");
    const cJSON *p = cJSON_GetObjectItemCaseSensitive(pred, "stances");
    const cJSON *a, *b;
    cJSON_ArrayForEach(a, g) {
        bool found = false;
        cJSON_ArrayForEach(b, p) found = found || stance_match(gold, a, pred, b);
        if (found) {
            c->tp++;
        } else {
            c->fn++;
            if (*show > 0) {
                (*show)--;
                printf("%s: missed stance %s\n", id, jstr(a, "type") ? jstr(a, "type") : "?");
            }
        }
    }
    cJSON_ArrayForEach(b, p) {
        bool found = false;
        cJSON_ArrayForEach(a, g) found = found || stance_match(gold, a, pred, b);
        if (!found) {
            c->fp++;
            if (*show > 0) {
                (*show)--;
                const cJSON *ev = cJSON_GetObjectItemCaseSensitive(b, "evidence");
                printf("%s: extra stance %s: %.80s\n", id, jstr(b, "type") ? jstr(b, "type") : "?",
                       jstr(ev, "text") ? jstr(ev, "text") : "");
            }
        }
    }
}

static void print_counts(const char *name, const counts *c)
{
    double p = c->tp + c->fp ? (double)c->tp / (double)(c->tp + c->fp) : 0;
    double r = c->tp + c->fn ? (double)c->tp / (double)(c->tp + c->fn) : 0;
    double f = p + r > 0 ? 2 * p * r / (p + r) : 0;
    printf("%-10s P %.3f  R %.3f  F1 %.3f  (tp %zu, fp %zu, fn %zu)\n", name, p, r, f, c->tp,
           c->fp, c->fn);
}

int cli_eval_main(int argc, char **argv)
{
    cli_options o;
    cli_options_init(&o);
    const char *gold_path = NULL;
    const char **preds = NULL;
    size_t npreds = 0;
    int show = 0, code = 0;
    for (int i = 2; i < argc && code == 0; i++) {
        bool handled;
        code = cli_parse_common(&o, argc, argv, &i, &handled);
        if (handled || code)
            continue;
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            fputs(cli_usage_eval(), stdout);
            return EXIT_OK;
        } else if (strcmp(argv[i], "--gold") == 0 && i + 1 < argc) {
            gold_path = argv[++i];
        } else if (strncmp(argv[i], "--gold=", 7) == 0) {
            gold_path = argv[i] + 7;
        } else if (strcmp(argv[i], "--show") == 0 && i + 1 < argc) {
            show = atoi(argv[++i]);
        } else if (argv[i][0] == '-') {
            fprintf(stderr, "polis eval: unknown option %s\n", argv[i]);
            code = EXIT_USAGE;
        } else {
            const char **v = realloc(preds, (npreds + 1) * sizeof *v);
            if (v) {
                preds = v;
                preds[npreds++] = argv[i];
            }
        }
    }
    if (!code && !gold_path) {
        fputs(cli_usage_eval(), stderr);
        code = EXIT_USAGE;
    }
    cJSON *gold = code ? NULL : read_jsonl(gold_path);
    if (!code && !gold)
        code = EXIT_IO;
    cJSON *pred = NULL;
    if (!code && npreds) {
        pred = cJSON_CreateArray();
        for (size_t k = 0; k < npreds; k++) {
            cJSON *one = read_jsonl(preds[k]);
            cJSON *it;
            while (one && (it = cJSON_DetachItemFromArray(one, 0)))
                cJSON_AddItemToArray(pred, it);
            cJSON_Delete(one);
        }
    } else if (!code) {
        char *err = NULL;
        polis_engine *e = cli_engine(&o, &err);
        if (!e || polis_engine_problems(e)) {
            fprintf(stderr, "polis eval: %s\n", err ? err : "rules failed to load");
            code = EXIT_RULES;
        } else {
            pred = cJSON_CreateArray();
            const cJSON *g;
            cJSON_ArrayForEach(g, gold) {
                const char *text = jstr(g, "text");
                polis_input in = { jstr(g, "id"), text ? text : "", text ? strlen(text) : 0,
                                   jstr(g, "date"), jstr(g, "title"), NULL };
                cJSON_AddItemToArray(pred, polis_analyze(e, &in, 0));
            }
        }
        free(err);
        polis_engine_free(e);
    }
    if (!code) {
        counts ca = { 0, 0, 0 }, cl = { 0, 0, 0 }, cs = { 0, 0, 0 };
        const cJSON *g;
        size_t docs = 0;
        cJSON_ArrayForEach(g, gold) {
            const char *id = jstr(g, "id");
            const cJSON *p = by_id(pred, id);
            cJSON *empty = NULL;
            if (!p)
                p = empty = cJSON_CreateObject();
            score_mentions(g, p, "actors", true, &ca, &show, id ? id : "?");
            score_mentions(g, p, "locations", false, &cl, &show, id ? id : "?");
            score_stances(g, p, &cs, &show, id ? id : "?");
            cJSON_Delete(empty);
            docs++;
        }
        printf("%zu documents\n", docs);
        print_counts("actors", &ca);
        print_counts("locations", &cl);
        print_counts("stances", &cs);
    }
    cJSON_Delete(gold);
    cJSON_Delete(pred);
    free(preds);
    cli_options_free(&o);
    return code;
}
