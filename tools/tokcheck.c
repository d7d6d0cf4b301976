/*
 * tokcheck.c - differential checker and micro-benchmark of the tokenizer and
 * the sentence splitter (polis_tokenize, polis_split_sentences,
 * polis_utf8_sanitize) on the "text" fields of a JSON Lines corpus.
 *
 *   tokcheck dump CORPUS.jsonl > DUMP     every token and sentence of every text
 *   tokcheck bench CORPUS.jsonl [PASSES]  best-of-PASSES thread CPU time, MB/s
 *   tokcheck once CORPUS.jsonl MODE [N]   N passes of one step (for callgrind:
 *                                         MODE tokenize | doc | sanitize | prepare)
 *   tokcheck cold CORPUS.jsonl [PASSES [KB]]  the engine's steps timed per text,
 *                                         KB (4096) written between texts to
 *                                         clear the caches as the rules do
 *
 * dump: one line per text ("doc I LEN NTOKENS NSENTENCES"), one per token
 * ("start end norm_len hash flags sentence norm") and one per sentence
 * ("s tok_start tok_end start end"). Build it against two versions of the
 * library and compare the dumps (cmp) to prove that a change of the
 * tokenizer or splitter changed no output. Texts are sanitized first, as the
 * engine does.
 *
 * bench: the measure of docs/tokens.md: each pass runs over every text once;
 * the best pass of PASSES (default 20) by CLOCK_THREAD_CPUTIME_ID counts.
 *   tokenize        polis_tokenize alone
 *   tokens+sents    polis_doc_analyze (tokenize, then split; the built-in
 *                   abbreviations through a polis_abbrevs_new table, as the
 *                   engine has)
 *   sanitize        polis_utf8_sanitize over a copy (the copy not counted)
 *   prepare+doc     what the engine does per document: copy into a reused
 *                   buffer, sanitize, polis_doc_analyze
 *
 * once: for instruction counts, e.g.
 *   valgrind --tool=callgrind --toggle-collect=polis_doc_analyze \
 *       tokcheck once bbc.jsonl doc 3
 * counts polis_doc_analyze over three passes of the corpus and nothing else.
 */
#include <cJSON.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "polis_text.h"

struct corpus {
    char **texts;          /* sanitized copies, NUL-terminated */
    char **raw;            /* as read (for sanitize / prepare) */
    size_t *lens;
    size_t n, cap, bytes, maxlen;
};

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) {
        fprintf(stderr, "tokcheck: out of memory\n");
        exit(1);
    }
    return q;
}

static void corpus_add(struct corpus *c, const char *text, size_t len)
{
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 1024;
        c->texts = xrealloc(c->texts, c->cap * sizeof *c->texts);
        c->raw = xrealloc(c->raw, c->cap * sizeof *c->raw);
        c->lens = xrealloc(c->lens, c->cap * sizeof *c->lens);
    }
    char *copy = xrealloc(NULL, len + 1), *raw = xrealloc(NULL, len + 1);
    memcpy(copy, text, len);
    copy[len] = '\0';
    memcpy(raw, copy, len + 1);
    polis_utf8_sanitize(copy, len, NULL);
    c->texts[c->n] = copy;
    c->raw[c->n] = raw;
    c->lens[c->n++] = len;
    c->bytes += len;
    if (len > c->maxlen)
        c->maxlen = len;
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
    while ((len = getline(&line, &cap, f)) > 0) {
        cJSON *rec = cJSON_ParseWithLength(line, (size_t)len);
        const cJSON *text = rec ? cJSON_GetObjectItemCaseSensitive(rec, "text") : NULL;
        if (cJSON_IsString(text))
            corpus_add(c, text->valuestring, strlen(text->valuestring));
        cJSON_Delete(rec);
    }
    free(line);
    fclose(f);
    return c->n ? 0 : -1;
}

static void corpus_free(struct corpus *c)
{
    for (size_t i = 0; i < c->n; i++) {
        free(c->texts[i]);
        free(c->raw[i]);
    }
    free(c->texts);
    free(c->raw);
    free(c->lens);
}

/* ------------------------------------------------------------------ dump */

static int dump(const struct corpus *c)
{
    polis_doc doc;
    polis_doc_init(&doc);
    polis_abbrevs *ab = polis_abbrevs_new();
    for (size_t d = 0; d < c->n; d++) {
        if (polis_doc_analyze(&doc, c->texts[d], c->lens[d], ab) != 0) {
            fprintf(stderr, "tokcheck: analyze failed on text %zu\n", d);
            return 1;
        }
        const polis_tokens *t = &doc.toks;
        printf("doc %zu %zu %zu %zu\n", d, c->lens[d], t->n, doc.sents.n);
        for (size_t i = 0; i < t->n; i++) {
            const polis_token *k = &t->v[i];
            printf("%u %u %u %08x %06x %u %s\n", k->start, k->end, k->norm_len, k->hash,
                   k->flags, k->sentence, polis_token_norm(t, i));
            if (strlen(polis_token_norm(t, i)) != k->norm_len)
                printf("! norm_len mismatch\n");
        }
        for (size_t i = 0; i < doc.sents.n; i++) {
            const polis_sentence *s = &doc.sents.v[i];
            printf("s %u %u %u %u\n", s->tok_start, s->tok_end, s->start, s->end);
        }
    }
    polis_doc_free(&doc);
    polis_abbrevs_free(ab);
    return 0;
}

/* ----------------------------------------------------------------- bench */

enum mode { M_TOKENIZE, M_DOC, M_SANITIZE, M_PREPARE, M_NMODES };
static const char *const mode_names[M_NMODES] = { "tokenize", "doc", "sanitize", "prepare" };

struct scratch {
    polis_tokens toks;
    polis_doc doc;
    polis_abbrevs *ab;
    char *buf;
    size_t cap;
};

static size_t run_pass(const struct corpus *c, enum mode m, struct scratch *s)
{
    size_t n = 0;
    for (size_t d = 0; d < c->n; d++) {
        size_t len = c->lens[d];
        switch (m) {
        case M_TOKENIZE:
            polis_tokenize(c->texts[d], len, NULL, &s->toks);
            n += s->toks.n;
            break;
        case M_DOC:
            polis_doc_analyze(&s->doc, c->texts[d], len, s->ab);
            n += s->doc.sents.n;
            break;
        case M_SANITIZE:
        case M_PREPARE:
            memcpy(s->buf, c->raw[d], len);
            s->buf[len] = '\0';
            n += polis_utf8_sanitize(s->buf, len, NULL);
            if (m == M_PREPARE) {
                polis_doc_analyze(&s->doc, s->buf, len, s->ab);
                n += s->doc.sents.n;
            }
            break;
        default:
            break;
        }
    }
    return n;
}

static double thread_cpu(void)
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* The copy that sanitize needs, timed on its own to subtract it. */
static double copy_pass(const struct corpus *c, struct scratch *s)
{
    double t0 = thread_cpu();
    for (size_t d = 0; d < c->n; d++) {
        memcpy(s->buf, c->raw[d], c->lens[d]);
        s->buf[c->lens[d]] = '\0';
    }
    __asm__ volatile("" ::: "memory");
    return thread_cpu() - t0;
}

static void scratch_init(struct scratch *s, const struct corpus *c)
{
    memset(s, 0, sizeof *s);
    polis_doc_init(&s->doc);
    s->ab = polis_abbrevs_new();
    s->cap = c->maxlen + 1;
    s->buf = xrealloc(NULL, s->cap);
}

static void scratch_free(struct scratch *s)
{
    polis_tokens_free(&s->toks);
    polis_doc_free(&s->doc);
    polis_abbrevs_free(s->ab);
    free(s->buf);
}

static int bench(const struct corpus *c, int passes)
{
    struct scratch s;
    scratch_init(&s, c);
    printf("%zu texts, %.3f MB, best of %d passes (thread CPU time)\n", c->n,
           (double)c->bytes / 1e6, passes);
    double copy_best = 1e9;
    for (int p = 0; p < passes; p++) {
        double t = copy_pass(c, &s);
        if (t < copy_best)
            copy_best = t;
    }
    for (int m = 0; m < M_NMODES; m++) {
        double best = 1e9;
        size_t out = 0;
        run_pass(c, (enum mode)m, &s);   /* warm up */
        for (int p = 0; p < passes; p++) {
            double t0 = thread_cpu();
            out = run_pass(c, (enum mode)m, &s);
            double t = thread_cpu() - t0;
            if (t < best)
                best = t;
        }
        if (m == M_SANITIZE)
            best -= copy_best;
        printf("%-10s %8.1f MB/s  %7.2f ms  (%zu)%s\n", mode_names[m],
               (double)c->bytes / best / 1e6, best * 1e3, out,
               m == M_SANITIZE ? "  copy subtracted" : m == M_PREPARE ? "  copy included" : "");
    }
    scratch_free(&s);
    return 0;
}

/* Like the engine: copy and sanitize each text, tokenize, split, each step
 * timed on its own, with the caches cleared between texts (the rules that
 * run between two texts in the pipeline evict what the text core used). */
static int cold(const struct corpus *c, int passes, size_t evict_kb)
{
    struct scratch s;
    scratch_init(&s, c);
    size_t evict_len = evict_kb * 1024;
    unsigned char *evict = xrealloc(NULL, evict_len);
    memset(evict, 1, evict_len);
    double best[3] = { 1e9, 1e9, 1e9 };
    for (int p = 0; p < passes; p++) {
        double sum[3] = { 0, 0, 0 };
        for (size_t d = 0; d < c->n; d++) {
            for (size_t k = 0; k < evict_len; k += 64)
                evict[k]++;
            size_t len = c->lens[d];
            double t0 = thread_cpu();
            memcpy(s.buf, c->raw[d], len);
            s.buf[len] = '\0';
            polis_utf8_sanitize(s.buf, len, NULL);
            double t1 = thread_cpu();
            polis_doc_analyze(&s.doc, s.buf, 0, s.ab);           /* resets the doc */
            polis_tokenize(s.buf, len, s.ab, &s.doc.toks);
            double t2 = thread_cpu();
            polis_split_sentences(s.buf, len, &s.doc.toks, s.ab, &s.doc.sents);
            double t3 = thread_cpu();
            sum[0] += t1 - t0;
            sum[1] += t2 - t1;
            sum[2] += t3 - t2;
        }
        for (int k = 0; k < 3; k++)
            if (sum[k] < best[k])
                best[k] = sum[k];
    }
    double mb = (double)c->bytes / 1e6;
    printf("cold caches (%zu KB written between texts), best of %d passes, as the engine does:\n",
           evict_kb, passes);
    printf("prepare    %8.1f MB/s  %7.2f ms  (copy + sanitize)\n", mb / best[0], best[0] * 1e3);
    printf("tokenize   %8.1f MB/s  %7.2f ms\n", mb / best[1], best[1] * 1e3);
    printf("sentences  %8.1f MB/s  %7.2f ms\n", mb / best[2], best[2] * 1e3);
    printf("tok+sent   %8.1f MB/s  %7.2f ms\n", mb / (best[1] + best[2]),
           (best[1] + best[2]) * 1e3);
    free(evict);
    scratch_free(&s);
    return 0;
}

static int once(const struct corpus *c, const char *mode, int n)
{
    int m = 0;
    while (m < M_NMODES && strcmp(mode, mode_names[m]) != 0)
        m++;
    if (m == M_NMODES) {
        fprintf(stderr, "tokcheck: unknown mode %s\n", mode);
        return 2;
    }
    struct scratch s;
    scratch_init(&s, c);
    size_t out = 0;
    for (int p = 0; p < n; p++)
        out += run_pass(c, (enum mode)m, &s);
    printf("%s x %d: %zu\n", mode, n, out);
    scratch_free(&s);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s dump|bench|cold|once CORPUS.jsonl [PASSES [KB] | MODE [N]]\n",
                argv[0]);
        return 2;
    }
    struct corpus c = { 0 };
    if (corpus_load(&c, argv[2]) != 0) {
        fprintf(stderr, "tokcheck: no texts in %s\n", argv[2]);
        return 1;
    }
    int rc;
    if (strcmp(argv[1], "dump") == 0)
        rc = dump(&c);
    else if (strcmp(argv[1], "bench") == 0)
        rc = bench(&c, argc > 3 ? atoi(argv[3]) : 20);
    else if (strcmp(argv[1], "cold") == 0)
        rc = cold(&c, argc > 3 ? atoi(argv[3]) : 3, argc > 4 ? (size_t)atol(argv[4]) : 4096);
    else if (strcmp(argv[1], "once") == 0 && argc > 3)
        rc = once(&c, argv[3], argc > 4 ? atoi(argv[4]) : 1);
    else {
        fprintf(stderr, "tokcheck: unknown command %s\n", argv[1]);
        rc = 2;
    }
    corpus_free(&c);
    return rc;
}
