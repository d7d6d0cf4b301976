/*
 * bench_core.c - micro-benchmark of the text core's matchers on a news corpus.
 *
 *   bench_core CORPUS.jsonl [PHOENIX_DIR]
 *
 * Reads the "text" of every JSONL record and reports, on one core:
 *   regex     every match of \b[A-Z][a-z]+(?: [A-Z][a-z]+)* over each text
 *             (polis_regex, JIT), next to pcre2grep -o on the same texts
 *             concatenated into a temporary file, timed in the same run;
 *   tokenize  polis_tokenize over each text (what a dictionary scan needs);
 *   tokens + sentences  polis_doc_analyze (tokens, then sentences, with the
 *             built-in abbreviations), what the engine does for each document;
 *   dict      loading a synthetic 100,000-entry dictionary (polis_dict_add and
 *             polis_dict_load_tsv), its heap bytes per entry, and longest-match
 *             lookup at every token (polis_dict_match_at) over the corpus.
 * It prints a table and one JSON line (for tracking results over time).
 *
 * Two dictionaries of 100,000 entries each are measured:
 *   actors  shaped like the dictionaries polis runs with: the real actor
 *           phrases of the Phoenix/PETRARCH2 dictionaries (country, interna-
 *           tional, non-state actors and agents; PHOENIX_DIR, by default
 *           ../dictionaries/phoenix beside the corpus's folder, skipped when
 *           absent), capitalized word runs seen in the corpus ("Time
 *           Warner"), and made-up names of 2-3 corpus words that are never
 *           written in lowercase (names, not "The" or "But");
 *   stress  a worst case: a fifth corpus word runs, the rest 1-4 word
 *           phrases whose first word is drawn by corpus frequency, so every
 *           common word ("the", "said", "of") starts phrases and most tokens
 *           of the text are dictionary hits.
 * Every entry has three attributes, two from small value sets (as "country"
 * and "kind" are in real dictionaries) and a unique id. A fixed seed makes
 * runs comparable.
 */
#include <cJSON.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "polis_text.h"

#define BENCH_ENTRIES   100000
#define BENCH_MIN_SEC   0.3      /* each measurement repeats for at least this long */
#define BENCH_BEST_OF   3
#define BENCH_PATTERN   "\\b[A-Z][a-z]+(?: [A-Z][a-z]+)*"

struct corpus {
    char **texts;                /* sanitized copies (valid UTF-8) */
    size_t *lens;
    size_t n, cap, bytes;
    polis_tokens *toks;          /* tokens of each text */
};

/* --------------------------------------------------------------- utilities */

static double now_sec(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n);
    if (!q) {
        fprintf(stderr, "bench_core: out of memory\n");
        exit(1);
    }
    return q;
}

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;

static uint64_t rng(void)          /* xorshift64*: fixed seed, reproducible */
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545F4914F6CDD1Dull;
}

static size_t heap_bytes(void)
{
#ifdef __GLIBC__
    struct mallinfo2 mi = mallinfo2();
    return mi.uordblks + mi.hblkhd;
#else
    return 0;
#endif
}

/* ------------------------------------------------------------------ corpus */

static void corpus_add(struct corpus *c, const char *text, size_t len)
{
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 1024;
        c->texts = xrealloc(c->texts, c->cap * sizeof *c->texts);
        c->lens = xrealloc(c->lens, c->cap * sizeof *c->lens);
    }
    char *copy = xrealloc(NULL, len + 1);
    memcpy(copy, text, len);
    copy[len] = '\0';
    polis_utf8_sanitize(copy, len, NULL);
    c->texts[c->n] = copy;
    c->lens[c->n++] = len;
    c->bytes += len;
}

static int corpus_load(struct corpus *c, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        perror(path);
        return -1;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    long bad = 0;
    while ((len = getline(&line, &cap, f)) > 0) {
        cJSON *rec = cJSON_ParseWithLength(line, (size_t)len);
        const cJSON *text = rec ? cJSON_GetObjectItemCaseSensitive(rec, "text") : NULL;
        if (cJSON_IsString(text))
            corpus_add(c, text->valuestring, strlen(text->valuestring));
        else
            bad++;
        cJSON_Delete(rec);
    }
    free(line);
    fclose(f);
    if (bad)
        fprintf(stderr, "bench_core: %ld lines without a \"text\" string skipped\n", bad);
    return c->n ? 0 : -1;
}

static void corpus_tokenize(struct corpus *c)
{
    c->toks = calloc(c->n, sizeof *c->toks);
    for (size_t i = 0; i < c->n; i++)
        if (!c->toks || polis_tokenize(c->texts[i], c->lens[i], NULL, &c->toks[i]) != 0) {
            fprintf(stderr, "bench_core: tokenize failed\n");
            exit(1);
        }
}

static void corpus_free(struct corpus *c)
{
    for (size_t i = 0; i < c->n; i++) {
        free(c->texts[i]);
        if (c->toks)
            polis_tokens_free(&c->toks[i]);
    }
    free(c->texts);
    free(c->lens);
    free(c->toks);
}

/* Run fn over the corpus repeatedly for at least BENCH_MIN_SEC, BENCH_BEST_OF
 * times; returns the best throughput in MB/s and fn's last result in *out. */
static double measure(const struct corpus *c, size_t (*fn)(const struct corpus *, void *),
                      void *ud, size_t *out)
{
    double best = 0;
    for (int rep = 0; rep < BENCH_BEST_OF; rep++) {
        size_t rounds = 0;
        double t0 = now_sec(), t;
        do {
            *out = fn(c, ud);
            rounds++;
        } while ((t = now_sec() - t0) < BENCH_MIN_SEC);
        double mbps = (double)c->bytes * (double)rounds / t / 1e6;
        if (mbps > best)
            best = mbps;
    }
    return best;
}

/* ------------------------------------------------------------------- regex */

struct regex_run {
    polis_regex *re;
    polis_regex_ctx *ctx;
};

static size_t regex_scan(const struct corpus *c, void *ud)
{
    struct regex_run *r = ud;
    size_t matches = 0;
    polis_span cap;
    for (size_t i = 0; i < c->n; i++) {
        size_t off = 0, len = c->lens[i];
        while (off <= len && polis_regex_exec(r->ctx, r->re, c->texts[i], len, off, true,
                                              &cap, 1) == 1) {
            matches++;
            off = cap.end > cap.start ? cap.end : cap.end + 1;   /* never loop on "" */
            while (off < len && ((unsigned char)c->texts[i][off] & 0xC0) == 0x80)
                off++;
        }
    }
    return matches;
}

/* The corpus as one file, texts separated by newlines, for pcre2grep. */
static int write_concatenated(const struct corpus *c, char *path, size_t pathlen)
{
    snprintf(path, pathlen, "/tmp/polis-bench-XXXXXX");
    int fd = mkstemp(path);
    if (fd < 0)
        return -1;
    FILE *f = fdopen(fd, "w");
    for (size_t i = 0; f && i < c->n; i++) {
        fwrite(c->texts[i], 1, c->lens[i], f);
        fputc('\n', f);
    }
    return f && fclose(f) == 0 ? 0 : -1;
}

/* Best wall time of a shell command over BENCH_BEST_OF runs, or -1. */
static double time_command(const char *cmd)
{
    double best = -1;
    for (int rep = 0; rep < BENCH_BEST_OF; rep++) {
        double t0 = now_sec();
        if (system(cmd) != 0)
            return -1;
        double t = now_sec() - t0;
        if (best < 0 || t < best)
            best = t;
    }
    return best;
}

static long count_command_lines(const char *cmd)
{
    FILE *p = popen(cmd, "r");
    if (!p)
        return -1;
    long n = 0;
    for (int ch; (ch = fgetc(p)) != EOF;)
        n += ch == '\n';
    return pclose(p) == 0 ? n : -1;
}

struct grep_result {
    double mbps, ucp_mbps;   /* plain bytes mode; UTF + (*UCP) like polis */
    long matches, ucp_matches;
};

static struct grep_result pcre2grep_bench(const struct corpus *c)
{
    struct grep_result g = { -1, -1, -1, -1 };
    char path[64], cmd[512];
    if (write_concatenated(c, path, sizeof path) != 0)
        return g;
    double file_mb = (double)(c->bytes + c->n) / 1e6;
    snprintf(cmd, sizeof cmd, "pcre2grep -o '%s' %s > /dev/null", BENCH_PATTERN, path);
    double t = time_command(cmd);
    g.mbps = t > 0 ? file_mb / t : -1;
    snprintf(cmd, sizeof cmd, "pcre2grep -u -o '(*UCP)%s' %s > /dev/null", BENCH_PATTERN, path);
    t = time_command(cmd);
    g.ucp_mbps = t > 0 ? file_mb / t : -1;
    snprintf(cmd, sizeof cmd, "pcre2grep -o '%s' %s", BENCH_PATTERN, path);
    g.matches = count_command_lines(cmd);
    snprintf(cmd, sizeof cmd, "pcre2grep -u -o '(*UCP)%s' %s", BENCH_PATTERN, path);
    g.ucp_matches = count_command_lines(cmd);
    unlink(path);
    return g;
}

/* ------------------------------------------------------------- dictionary */

struct synth {
    char **phrases;          /* BENCH_ENTRIES phrases */
    size_t nphrases;
    char **words;            /* distinct word tokens of the corpus */
    size_t nwords;
    char **occurrences;      /* one pointer per word-token occurrence (frequency) */
    size_t nocc;
};

static const char *const bench_countries[] = {
    "USA", "RUS", "CHN", "GBR", "FRA", "DEU", "ITA", "ESP", "UKR", "POL", "TUR", "IRN",
    "IRQ", "SYR", "ISR", "PSE", "EGY", "SAU", "IND", "PAK", "AFG", "JPN", "KOR", "PRK",
    "TWN", "BRA", "ARG", "MEX", "CAN", "AUS", "NGA", "ZAF", "KEN", "ETH", "SDN", "VEN",
    "COL", "IDN", "PHL", "VNM",
};
static const char *const bench_kinds[] = { "person", "organization", "place", "group" };

static char *token_text(const char *text, const polis_token *t)
{
    size_t len = t->end - t->start;
    char *s = xrealloc(NULL, len + 1);
    memcpy(s, text + t->start, len);
    s[len] = '\0';
    return s;
}

static int str_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Word tokens of the corpus: every occurrence, and the distinct ones. */
static void synth_vocabulary(struct synth *s, const struct corpus *c)
{
    size_t cap = 0;
    for (size_t i = 0; i < c->n; i++)
        for (size_t k = 0; k < c->toks[i].n; k++) {
            const polis_token *t = &c->toks[i].v[k];
            if (!(t->flags & POLIS_TOK_WORD))
                continue;
            if (s->nocc == cap) {
                cap = cap ? cap * 2 : 1 << 16;
                s->occurrences = xrealloc(s->occurrences, cap * sizeof *s->occurrences);
            }
            s->occurrences[s->nocc++] = token_text(c->texts[i], t);
        }
    s->words = xrealloc(NULL, s->nocc * sizeof *s->words);
    memcpy(s->words, s->occurrences, s->nocc * sizeof *s->words);
    qsort(s->words, s->nocc, sizeof *s->words, str_cmp);
    for (size_t r = 0; r < s->nocc; r++)
        if (s->nwords == 0 || strcmp(s->words[s->nwords - 1], s->words[r]) != 0)
            s->words[s->nwords++] = s->words[r];
}

/* Runs of 2-3 capitalized words as they appear in the texts ("Time Warner"). */
static size_t synth_names(struct synth *s, const struct corpus *c, size_t want)
{
    size_t n = 0;
    char buf[256];
    for (size_t i = 0; i < c->n && n < want; i++) {
        const polis_tokens *tk = &c->toks[i];
        for (size_t k = 0; k + 1 < tk->n && n < want; k++) {
            size_t run = 0;
            while (k + run < tk->n && run < 3 && (tk->v[k + run].flags & POLIS_TOK_CAP) &&
                   (tk->v[k + run].flags & POLIS_TOK_WORD))
                run++;
            if (run < 2)
                continue;
            size_t start = tk->v[k].start, end = tk->v[k + run - 1].end;
            if (end - start >= sizeof buf)
                continue;
            memcpy(buf, c->texts[i] + start, end - start);
            buf[end - start] = '\0';
            if (strpbrk(buf, "\t\r\n"))   /* a run across lines is not a name */
                continue;
            s->phrases[s->nphrases + n++] = strdup(buf);
            k += run - 1;
        }
    }
    return n;
}

/* One actor phrase of a Phoenix dictionary line ("+UNITED_NATIONS_ [IGO]",
 * "AFGHANISTAN_  [AFG]"), or NULL for comments, date lines and blanks. */
static char *phoenix_phrase(const char *line)
{
    if (*line == '+')
        line++;
    size_t len = strcspn(line, " \t[#\r\n");
    if (len == 0 || *line == '#' || *line == '<')
        return NULL;
    char *p = strndup(line, len);
    while (len > 0 && p[len - 1] == '_')
        p[--len] = '\0';
    for (char *q = p; *q; q++)
        if (*q == '_')
            *q = ' ';
    if (len == 0) {
        free(p);
        return NULL;
    }
    return p;
}

static void synth_phoenix(struct synth *s, const char *dir)
{
    static const char *const files[] = {
        "Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt",
        "Phoenix.MilNonState.actors.txt", "Phoenix.agents.txt",
    };
    char path[1024], *line = NULL;
    size_t cap = 0;
    for (size_t f = 0; f < sizeof files / sizeof *files; f++) {
        snprintf(path, sizeof path, "%s/%s", dir, files[f]);
        FILE *in = fopen(path, "r");
        if (!in) {
            fprintf(stderr, "bench_core: %s: not found, the actors dictionary goes without it\n",
                    path);
            continue;
        }
        while (s->nphrases < BENCH_ENTRIES && getline(&line, &cap, in) > 0) {
            char *p = phoenix_phrase(line);
            if (p)
                s->phrases[s->nphrases++] = p;
        }
        fclose(in);
    }
    free(line);
}

/* Is word (capitalized) a name: never written in lowercase in the corpus?
 * "The" and "But" are not, "Warner" and "Gordon" are. */
static bool synth_is_name(const struct synth *s, const char *word)
{
    char lower[128];
    size_t len = strlen(word);
    if (len >= sizeof lower)
        return false;
    for (size_t k = 0; k <= len; k++)
        lower[k] = (char)(word[k] >= 'A' && word[k] <= 'Z' ? word[k] + 32 : word[k]);
    const char *key = lower;
    return !bsearch(&key, s->words, s->nwords, sizeof *s->words, str_cmp);
}

/* Made-up names of 2-3 name words of the corpus ("Warner Gordon"). */
static void synth_made_up_names(struct synth *s)
{
    char **caps = xrealloc(NULL, (s->nwords + 1) * sizeof *caps);
    size_t ncaps = 0;
    for (size_t w = 0; w < s->nwords; w++)
        if (s->words[w][0] >= 'A' && s->words[w][0] <= 'Z' && synth_is_name(s, s->words[w]))
            caps[ncaps++] = s->words[w];
    char buf[256];
    while (ncaps && s->nphrases < BENCH_ENTRIES) {
        size_t words = 2 + rng() % 2, len = 0;
        for (size_t w = 0; w < words && len < 180; w++)
            len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s", w ? " " : "",
                                    caps[rng() % ncaps]);
        s->phrases[s->nphrases++] = strdup(buf);
    }
    free(caps);
}

static void synth_actors(struct synth *s, const struct corpus *c, const char *phoenix_dir)
{
    s->phrases = xrealloc(NULL, BENCH_ENTRIES * sizeof *s->phrases);
    synth_vocabulary(s, c);
    synth_phoenix(s, phoenix_dir);
    s->nphrases += synth_names(s, c, BENCH_ENTRIES / 5);
    synth_made_up_names(s);
}

static void synth_stress(struct synth *s, const struct corpus *c)
{
    s->phrases = xrealloc(NULL, BENCH_ENTRIES * sizeof *s->phrases);
    synth_vocabulary(s, c);
    size_t n = s->nphrases = synth_names(s, c, BENCH_ENTRIES / 5);
    char buf[512];
    for (; n < BENCH_ENTRIES; n++) {
        uint64_t r = rng() % 10;
        size_t words = r < 2 ? 1 : r < 6 ? 2 : r < 9 ? 3 : 4;
        size_t len = (size_t)snprintf(buf, sizeof buf, "%s",
                                      s->occurrences[rng() % s->nocc]);   /* by frequency */
        for (size_t w = 1; w < words && len < 400; w++)
            len += (size_t)snprintf(buf + len, sizeof buf - len, " %s",
                                    s->words[rng() % s->nwords]);
        s->phrases[n] = strdup(buf);
    }
    s->nphrases = n;
}

static void synth_free(struct synth *s)
{
    for (size_t i = 0; i < s->nphrases; i++)
        free(s->phrases[i]);
    for (size_t i = 0; i < s->nocc; i++)
        free(s->occurrences[i]);
    free(s->phrases);
    free(s->occurrences);
    free(s->words);
}

static void entry_attrs(size_t i, char *id, size_t idlen, const char **values)
{
    snprintf(id, idlen, "Q%zu", 1000000 + i);
    values[0] = bench_countries[i % (sizeof bench_countries / sizeof *bench_countries)];
    values[1] = bench_kinds[(i / 7) % 4];
    values[2] = id;
}

static polis_dict *dict_from_synth(const struct synth *s)
{
    static const char *const keys[3] = { "country", "kind", "id" };
    polis_dict *d = polis_dict_new(POLIS_CASE_FOLD);
    char id[24];
    const char *values[3];
    for (size_t i = 0; d && i < s->nphrases; i++) {
        entry_attrs(i, id, sizeof id, values);
        if (polis_dict_add(d, s->phrases[i], strlen(s->phrases[i]), keys, values, 3, 0) < 0) {
            fprintf(stderr, "bench_core: cannot add \"%s\"\n", s->phrases[i]);
            exit(1);
        }
    }
    return d;
}

static int write_tsv(const struct synth *s, char *path, size_t pathlen)
{
    snprintf(path, pathlen, "/tmp/polis-bench-dict-XXXXXX");
    int fd = mkstemp(path);
    FILE *f = fd < 0 ? NULL : fdopen(fd, "w");
    if (!f)
        return -1;
    fprintf(f, "# synthetic benchmark dictionary\nphrase\tcountry\tkind\tid\n");
    char id[24];
    const char *values[3];
    for (size_t i = 0; i < s->nphrases; i++) {
        entry_attrs(i, id, sizeof id, values);
        fprintf(f, "%s\t%s\t%s\t%s\n", s->phrases[i], values[0], values[1], values[2]);
    }
    return fclose(f);
}

struct dict_run {
    const polis_dict *d;
    size_t matched_tokens;
};

static size_t dict_scan(const struct corpus *c, void *ud)
{
    struct dict_run *r = ud;
    size_t matches = 0;
    r->matched_tokens = 0;
    for (size_t t = 0; t < c->n; t++) {
        const polis_tokens *tk = &c->toks[t];
        for (size_t i = 0; i < tk->n;) {
            const int32_t *entries;
            size_t n, len = polis_dict_match_at(r->d, c->texts[t], tk, i, tk->n, &entries, &n);
            if (len) {
                matches++;
                r->matched_tokens += len;
                i += len;
            } else {
                i++;
            }
        }
    }
    return matches;
}

static size_t tokenize_scan(const struct corpus *c, void *ud)
{
    polis_tokens *scratch = ud;
    size_t n = 0;
    for (size_t t = 0; t < c->n; t++) {
        polis_tokenize(c->texts[t], c->lens[t], NULL, scratch);
        n += scratch->n;
    }
    return n;
}

struct doc_run {
    polis_doc doc;
    polis_abbrevs *ab;
};

static size_t doc_scan(const struct corpus *c, void *ud)
{
    struct doc_run *r = ud;
    size_t n = 0;
    for (size_t t = 0; t < c->n; t++) {
        polis_doc_analyze(&r->doc, c->texts[t], c->lens[t], r->ab);
        n += r->doc.sents.n;
    }
    return n;
}

/* -------------------------------------------------------------------- main */

struct dict_result {
    double lookup_mbps, load_ms, tsv_load_ms, bytes_per_entry;
    size_t matches, matched_tokens, phrases, entries;
};

struct results {
    double regex_mbps, tokenize_mbps, doc_mbps;
    size_t regex_matches, tokens, sentences;
    struct grep_result grep;
    struct dict_result actors, stress;
};

static void bench_regex(const struct corpus *c, struct results *res)
{
    char err[256];
    struct regex_run r = { polis_regex_compile(BENCH_PATTERN, strlen(BENCH_PATTERN), 0, err,
                                               sizeof err),
                           polis_regex_ctx_new(NULL) };
    if (!r.re || !r.ctx) {
        fprintf(stderr, "bench_core: %s\n", err);
        exit(1);
    }
    res->regex_mbps = measure(c, regex_scan, &r, &res->regex_matches);
    res->grep = pcre2grep_bench(c);
    polis_regex_free(r.re);
    polis_regex_ctx_free(r.ctx);
}

static double tsv_load_ms(const struct synth *s)
{
    char path[64], err[256];
    if (write_tsv(s, path, sizeof path) != 0)
        return -1;
    polis_dict *d = polis_dict_new(POLIS_CASE_FOLD);
    double t0 = now_sec();
    long n = polis_dict_load_tsv(d, path, err, sizeof err);
    double ms = (now_sec() - t0) * 1e3;
    if (n != (long)s->nphrases)
        fprintf(stderr, "bench_core: TSV load gave %ld entries %s\n", n, n < 0 ? err : "");
    polis_dict_free(d);
    unlink(path);
    return ms;
}

/* phoenix_dir NULL: the stress dictionary, else the actors one. */
static void bench_dict(const struct corpus *c, const char *phoenix_dir, struct dict_result *res)
{
    struct synth s = { 0 };
    if (phoenix_dir)
        synth_actors(&s, c, phoenix_dir);
    else
        synth_stress(&s, c);

    size_t heap0 = heap_bytes();
    double t0 = now_sec();
    polis_dict *d = dict_from_synth(&s);
    res->load_ms = (now_sec() - t0) * 1e3;
    res->bytes_per_entry = (double)(heap_bytes() - heap0) / (double)s.nphrases;
    res->entries = s.nphrases;
    res->phrases = polis_dict_phrases(d);
    res->tsv_load_ms = tsv_load_ms(&s);

    struct dict_run r = { d, 0 };
    res->lookup_mbps = measure(c, dict_scan, &r, &res->matches);
    res->matched_tokens = r.matched_tokens;
    polis_dict_free(d);
    synth_free(&s);
}

static void bench_tokenize(const struct corpus *c, struct results *res)
{
    polis_tokens scratch = { 0 };
    res->tokenize_mbps = measure(c, tokenize_scan, &scratch, &res->tokens);
    polis_tokens_free(&scratch);
    struct doc_run d;
    polis_doc_init(&d.doc);
    d.ab = polis_abbrevs_new();
    if (!d.ab) {
        fprintf(stderr, "bench_core: out of memory\n");
        exit(1);
    }
    res->doc_mbps = measure(c, doc_scan, &d, &res->sentences);
    polis_doc_free(&d.doc);
    polis_abbrevs_free(d.ab);
}

static void print_dict(const char *name, const struct dict_result *d, size_t tokens)
{
    char label[64];
    snprintf(label, sizeof label, "dict %s: lookup at every token", name);
    printf("%-46s %9.1f MB/s   %zu matches covering %.0f%% of tokens\n", label, d->lookup_mbps,
           d->matches, 100.0 * (double)d->matched_tokens / (double)tokens);
    snprintf(label, sizeof label, "dict %s: load (polis_dict_add)", name);
    printf("%-46s %9.1f ms     %zu entries, %zu distinct phrases\n", label, d->load_ms,
           d->entries, d->phrases);
    snprintf(label, sizeof label, "dict %s: load as TSV file", name);
    printf("%-46s %9.1f ms\n", label, d->tsv_load_ms);
    snprintf(label, sizeof label, "dict %s: memory per entry", name);
    printf("%-46s %9.0f B      heap growth / entries\n", label, d->bytes_per_entry);
}

static void print_results(const struct corpus *c, const struct results *r)
{
    double mb = (double)c->bytes / 1e6;
    printf("polis core benchmark: %zu texts, %.2f MB, %zu tokens, one core\n\n", c->n, mb,
           r->tokens);
    printf("%-46s %12s   %s\n", "measure", "result", "notes");
    printf("%-46s %9.1f MB/s   %zu matches\n", "regex scan (polis_regex: JIT, UTF+UCP)",
           r->regex_mbps, r->regex_matches);
    printf("%-46s %9.1f MB/s   %ld matches\n", "  pcre2grep -o (byte mode)", r->grep.mbps,
           r->grep.matches);
    printf("%-46s %9.1f MB/s   %ld matches\n", "  pcre2grep -u -o '(*UCP)...' (same mode)",
           r->grep.ucp_mbps, r->grep.ucp_matches);
    printf("%-46s %9.1f MB/s\n", "tokenize (polis_tokenize)", r->tokenize_mbps);
    printf("%-46s %9.1f MB/s   %zu sentences\n", "tokens + sentences (polis_doc_analyze)",
           r->doc_mbps, r->sentences);
    print_dict("actors", &r->actors, r->tokens);
    print_dict("stress", &r->stress, r->tokens);
    printf("\n{\"bench\":\"core\",\"texts\":%zu,\"mb\":%.3f,\"tokens\":%zu,"
           "\"regex_mbps\":%.1f,\"regex_matches\":%zu,\"pcre2grep_mbps\":%.1f,"
           "\"pcre2grep_ucp_mbps\":%.1f,\"pcre2grep_matches\":%ld,\"tokenize_mbps\":%.1f,"
           "\"doc_mbps\":%.1f,\"sentences\":%zu,"
           "\"dict_entries\":%zu,\"dict_lookup_mbps\":%.1f,\"dict_matches\":%zu,"
           "\"dict_load_ms\":%.1f,\"dict_tsv_load_ms\":%.1f,\"dict_bytes_per_entry\":%.0f,"
           "\"dict_stress_lookup_mbps\":%.1f,\"dict_stress_matches\":%zu,"
           "\"dict_stress_load_ms\":%.1f}\n",
           c->n, mb, r->tokens, r->regex_mbps, r->regex_matches, r->grep.mbps,
           r->grep.ucp_mbps, r->grep.matches, r->tokenize_mbps, r->doc_mbps, r->sentences,
           r->actors.entries,
           r->actors.lookup_mbps, r->actors.matches, r->actors.load_ms, r->actors.tsv_load_ms,
           r->actors.bytes_per_entry, r->stress.lookup_mbps, r->stress.matches,
           r->stress.load_ms);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s CORPUS.jsonl [PHOENIX_DIR]\n", argv[0]);
        return 2;
    }
    char phoenix_dir[1024];
    if (argc > 2) {
        snprintf(phoenix_dir, sizeof phoenix_dir, "%s", argv[2]);
    } else {                       /* CORPUS's folder/../dictionaries/phoenix */
        const char *slash = strrchr(argv[1], '/');
        int dirlen = slash ? (int)(slash - argv[1]) : 1;
        snprintf(phoenix_dir, sizeof phoenix_dir, "%.*s/../dictionaries/phoenix", dirlen,
                 slash ? argv[1] : ".");
    }
    struct corpus c = { 0 };
    if (corpus_load(&c, argv[1]) != 0) {
        fprintf(stderr, "bench_core: no texts in %s\n", argv[1]);
        return 1;
    }
    corpus_tokenize(&c);
    struct results r = { 0 };
    bench_regex(&c, &r);
    bench_tokenize(&c, &r);
    bench_dict(&c, phoenix_dir, &r.actors);
    bench_dict(&c, NULL, &r.stress);
    print_results(&c, &r);
    corpus_free(&c);
    return 0;
}
