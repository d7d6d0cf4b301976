/*
 * cli_profile.c - `polis analyze --profile[=json]`: the engines' profile rows
 * (polis_engine_profile) summed over the workers, plus what only the command
 * line sees (engine start-up, rendering, reading, writing, workers waiting),
 * printed to stderr at the end of the run as a table or as one JSON line.
 * How to read it: docs/performance.md.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"

typedef struct prow {
    char *stage, *name;
    uint64_t ns, calls, items;
} prow;

struct cli_profile {
    pthread_mutex_t mu;
    prow *rows;
    size_t n, cap;
};

cli_profile *cli_profile_new(void)
{
    cli_profile *p = calloc(1, sizeof *p);
    if (p)
        pthread_mutex_init(&p->mu, NULL);
    return p;
}

void cli_profile_free(cli_profile *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->n; i++) {
        free(p->rows[i].stage);
        free(p->rows[i].name);
    }
    free(p->rows);
    pthread_mutex_destroy(&p->mu);
    free(p);
}

static void add_locked(cli_profile *p, const char *stage, const char *name, uint64_t ns,
                       uint64_t calls, uint64_t items)
{
    size_t i;
    for (i = 0; i < p->n; i++)
        if (strcmp(p->rows[i].name, name) == 0 && strcmp(p->rows[i].stage, stage) == 0)
            break;
    if (i == p->n) {
        if (p->n == p->cap) {
            size_t cap = p->cap ? p->cap * 2 : 64;
            prow *v = realloc(p->rows, cap * sizeof *v);
            if (!v)
                return;
            p->rows = v;
            p->cap = cap;
        }
        prow *r = &p->rows[p->n];
        r->stage = strdup(stage);
        r->name = strdup(name);
        r->ns = r->calls = r->items = 0;
        if (!r->stage || !r->name) {
            free(r->stage);
            free(r->name);
            return;
        }
        p->n++;
    }
    p->rows[i].ns += ns;
    p->rows[i].calls += calls;
    p->rows[i].items += items;
}

void cli_profile_add(cli_profile *p, const char *stage, const char *name, uint64_t ns,
                     uint64_t calls, uint64_t items)
{
    if (!p)
        return;
    pthread_mutex_lock(&p->mu);
    add_locked(p, stage, name, ns, calls, items);
    pthread_mutex_unlock(&p->mu);
}

void cli_profile_add_engine(cli_profile *p, const polis_engine *e)
{
    if (!p || !e)
        return;
    const polis_profile_row *rows;
    size_t n = polis_engine_profile(e, &rows);
    pthread_mutex_lock(&p->mu);
    for (size_t i = 0; i < n; i++)
        add_locked(p, rows[i].stage, rows[i].name, rows[i].ns, rows[i].calls, rows[i].items);
    pthread_mutex_unlock(&p->mu);
}

static const prow *find(const cli_profile *p, const char *stage, const char *name)
{
    for (size_t i = 0; i < p->n; i++)
        if (strcmp(p->rows[i].stage, stage) == 0 && strcmp(p->rows[i].name, name) == 0)
            return &p->rows[i];
    return NULL;
}

/* Rows the workers spend their analysis time in (not the start-up, the
 * separate threads, waiting, or the sampled Lua functions). */
static bool is_work(const prow *r)
{
    return strncmp(r->stage, "lua", 3) != 0 && strcmp(r->stage, "startup") != 0 &&
           strcmp(r->stage, "reader") != 0 && strcmp(r->stage, "writer") != 0 &&
           strcmp(r->stage, "wait") != 0;
}

static int by_time(const void *a, const void *b)
{
    const prow *x = *(const prow *const *)a, *y = *(const prow *const *)b;
    return x->ns < y->ns ? 1 : x->ns > y->ns ? -1 : strcmp(x->name, y->name);
}

static void json_str(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c < 0x20)
            fprintf(f, "\\u%04x", c);
        else
            fputc(c, f);
    }
    fputc('"', f);
}

static const char *items_unit(const prow *r)
{
    if (strcmp(r->stage, "core") == 0)
        return strcmp(r->name, "prepare") == 0    ? "bytes"
               : strcmp(r->name, "tokenize") == 0 ? "tokens"
                                                  : "sentences";
    if (strcmp(r->stage, "output") == 0 || strcmp(r->stage, "startup") == 0 ||
        strcmp(r->stage, "reader") == 0 || strcmp(r->stage, "writer") == 0 ||
        strcmp(r->stage, "wait") == 0)
        return "";
    return "matches";
}

/* The rows of one Lua stage by time, at most top of them (share of total when not 0). */
static void print_lua(const cli_profile *p, FILE *f, const char *stage, uint64_t total,
                      size_t top, const char *title)
{
    size_t nl = 0;
    for (size_t i = 0; i < p->n; i++)
        nl += strcmp(p->rows[i].stage, stage) == 0;
    if (!nl)
        return;
    const prow **v = malloc(nl * sizeof *v);
    if (!v)
        return;
    size_t k = 0;
    uint64_t sampled = 0;
    for (size_t i = 0; i < p->n; i++)
        if (strcmp(p->rows[i].stage, stage) == 0) {
            v[k++] = &p->rows[i];
            sampled += p->rows[i].ns;
        }
    qsort(v, nl, sizeof *v, by_time);
    if (!total)
        total = sampled;
    fprintf(f, "\n%s; %.3f s sampled, top %zu:\n", title, (double)sampled / 1e9,
            nl < top ? nl : top);
    fprintf(f, "%9s %7s %12s  %s\n", "time s", "share", "instructions", "function");
    for (size_t i = 0; i < nl && i < top; i++)
        fprintf(f, "%9.3f %6.1f%% %12llu  %s\n", (double)v[i]->ns / 1e9,
                total ? 100.0 * (double)v[i]->ns / (double)total : 0.0,
                (unsigned long long)v[i]->items, v[i]->name);
    free(v);
}

void cli_profile_print(cli_profile *p, FILE *f, bool json, int jobs, double wall_s)
{
    if (!p)
        return;
    pthread_mutex_lock(&p->mu);
    const prow *prep = find(p, "core", "prepare"), *tok = find(p, "core", "tokenize"),
               *sen = find(p, "core", "sentences");
    uint64_t docs = prep ? prep->calls : 0, bytes = prep ? prep->items : 0;
    uint64_t tokens = tok ? tok->items : 0, sents = sen ? sen->items : 0;
    uint64_t work = 0;
    for (size_t i = 0; i < p->n; i++)
        if (is_work(&p->rows[i]))
            work += p->rows[i].ns;
    double mb = (double)bytes / 1e6;

    if (json) {
        fprintf(f, "{\"profile\":{\"docs\":%llu,\"bytes\":%llu,\"tokens\":%llu,\"sentences\":%llu,"
                   "\"jobs\":%d,\"wall_s\":%.6f,\"work_s\":%.6f,\"rows\":[",
                (unsigned long long)docs, (unsigned long long)bytes, (unsigned long long)tokens,
                (unsigned long long)sents, jobs, wall_s, (double)work / 1e9);
        for (size_t i = 0; i < p->n; i++) {
            const prow *r = &p->rows[i];
            fprintf(f, "%s{\"stage\":", i ? "," : "");
            json_str(f, r->stage);
            fputs(",\"name\":", f);
            json_str(f, r->name);
            fprintf(f, ",\"s\":%.6f,\"calls\":%llu,\"items\":%llu}", (double)r->ns / 1e9,
                    (unsigned long long)r->calls, (unsigned long long)r->items);
        }
        fputs("]}}\n", f);
        pthread_mutex_unlock(&p->mu);
        return;
    }

    fprintf(f, "\npolis profile: %llu documents, %.2f MB, %llu tokens, %llu sentences; "
               "%d worker%s, %.2f s wall (%.2f MB/s)\n",
            (unsigned long long)docs, mb, (unsigned long long)tokens,
            (unsigned long long)sents, jobs, jobs == 1 ? "" : "s", wall_s,
            wall_s > 0 ? mb / wall_s : 0.0);
    fprintf(f, "workers' analysis time %.2f s (summed over workers); share = part / that; MB/s = "
               "all bytes / the part's time\n\n", (double)work / 1e9);
    fprintf(f, "%-10s %-28s %9s %7s %9s %9s %12s\n", "stage", "part or rule", "time s", "share",
            "us/doc", "MB/s", "items");
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 1)
            fprintf(f, "%-10s %-28s %9s\n", "", "(outside the analysis)", "");
        for (size_t i = 0; i < p->n; i++) {
            const prow *r = &p->rows[i];
            if (strncmp(r->stage, "lua", 3) == 0 || is_work(r) != (pass == 0))
                continue;
            double s = (double)r->ns / 1e9;
            char share[16] = "", rate[16] = "", perdoc[16] = "";
            if (pass == 0) {
                snprintf(share, sizeof share, "%.1f%%", work ? 100.0 * (double)r->ns / (double)work
                                                             : 0.0);
                if (s > 0)
                    snprintf(rate, sizeof rate, "%.1f", mb / s);
            }
            if (pass == 0 && r->calls && docs)
                snprintf(perdoc, sizeof perdoc, "%.1f", (double)r->ns / 1e3 / (double)docs);
            fprintf(f, "%-10s %-28.28s %9.3f %7s %9s %9s %12llu %s\n", r->stage, r->name, s,
                    share, perdoc, rate, (unsigned long long)r->items, items_unit(r));
        }
    }

    print_lua(p, f, "lua", work, 30,
              "Lua functions while analysing, sampled every 1000 instructions (a function's time "
              "includes the C calls it makes)");
    print_lua(p, f, "lua-load", 0, 40,
              "Lua functions while loading the rules (every worker pays this at start-up)");
    fputc('\n', f);
    pthread_mutex_unlock(&p->mu);
}

uint64_t cli_now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000ull + (uint64_t)t.tv_nsec;
}
