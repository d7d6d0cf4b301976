/*
 * test_sbd_battery.c - runs the sentence-splitting battery in tests/sbd/.
 *
 * Each .txt file in tests/sbd holds cases:
 *
 *   # a comment (only between cases)
 *   === name of the case
 *   the input text, verbatim, over as many lines as it needs
 *   ---
 *   the first expected sentence
 *   the second expected sentence
 *
 * The input is everything between the "===" line and the "---" line, minus
 * the final line break. A sentence is compared as its text with every run of
 * whitespace squeezed to one space, so a case can show a sentence that spans
 * lines on one line. Every failing case is printed with what came out.
 *
 * Usage: test_sbd_battery [dir]   (default: tests/sbd, else found from argv[0])
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "polis_text.h"

typedef struct sbd_case {
    char name[160];
    const char *file;
    int line;
    char *input;
    size_t input_len;
    char **expected;
    size_t nexpected;
} sbd_case;

static int cases_run, cases_failed;

/* Whitespace-squeezed copy of s[0..n) (caller frees). */
static char *squeeze(const char *s, size_t n)
{
    char *out = malloc(n + 1), *o = out;
    if (!out)
        return NULL;
    int space = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = 1;
            continue;
        }
        if (space && o > out)
            *o++ = ' ';
        space = 0;
        *o++ = (char)c;
    }
    *o = '\0';
    return out;
}

static void run_case(const sbd_case *c)
{
    polis_tokens toks = { 0 };
    polis_sentences sents = { 0 };
    int ok = polis_tokenize(c->input, c->input_len, NULL, &toks) == 0
             && polis_split_sentences(c->input, c->input_len, &toks, NULL, &sents) == 0;
    int pass = ok && sents.n == c->nexpected;
    for (size_t k = 0; pass && k < sents.n; k++) {
        char *got = squeeze(c->input + sents.v[k].start, sents.v[k].end - sents.v[k].start);
        pass = got && strcmp(got, c->expected[k]) == 0;
        free(got);
    }
    cases_run++;
    if (!pass) {
        cases_failed++;
        fprintf(stderr, "  FAIL %s:%d: %s\n", c->file, c->line, c->name);
        for (size_t k = 0; k < c->nexpected; k++)
            fprintf(stderr, "    want [%s]\n", c->expected[k]);
        for (size_t k = 0; ok && k < sents.n; k++) {
            char *got = squeeze(c->input + sents.v[k].start, sents.v[k].end - sents.v[k].start);
            fprintf(stderr, "    got  [%s]\n", got ? got : "?");
            free(got);
        }
    }
    polis_tokens_free(&toks);
    polis_sentences_free(&sents);
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap + 1);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            char *bigger = realloc(buf, cap * 2 + 1);
            if (!bigger) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = bigger;
            cap *= 2;
        }
    }
    fclose(f);
    if (buf) {
        buf[n] = '\0';
        *len = n;
    }
    return buf;
}

/* Run every case of one file; the buffer is cut up in place. */
static void run_file(const char *path)
{
    size_t len;
    char *buf = read_file(path, &len);
    CHECK(buf != NULL);
    if (!buf)
        return;
    char *expected[64];
    sbd_case c = { .file = path, .expected = expected };
    enum { OUTSIDE, INPUT, EXPECTED } state = OUTSIDE;
    char *input_start = NULL, *p = buf;
    int line = 0;
    while (*p) {
        char *eol = strchr(p, '\n');
        char *next = eol ? eol + 1 : p + strlen(p);
        size_t llen = (size_t)((eol ? eol : next) - p);
        line++;
        if (llen >= 3 && strncmp(p, "===", 3) == 0) {
            if (state == EXPECTED)
                run_case(&c);
            snprintf(c.name, sizeof c.name, "%.*s", (int)(llen > 4 ? llen - 4 : 0), p + 4);
            c.line = line;
            c.nexpected = 0;
            input_start = next;
            state = INPUT;
        } else if (state == INPUT && llen == 3 && strncmp(p, "---", 3) == 0) {
            c.input = input_start;
            c.input_len = (size_t)(p - input_start);
            if (c.input_len > 0 && c.input[c.input_len - 1] == '\n')
                c.input_len--;
            c.input[c.input_len] = '\0';
            state = EXPECTED;
        } else if (state == EXPECTED && llen > 0 && c.nexpected < 64) {
            if (eol)
                *eol = '\0';
            c.expected[c.nexpected++] = p;
        }
        p = next;
    }
    if (state == EXPECTED)
        run_case(&c);
    free(buf);
}

static const char *battery_dir;

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void test_battery(void)
{
    DIR *d = opendir(battery_dir);
    CHECK(d != NULL);
    if (!d)
        return;
    char *names[256];
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && n < 256) {
        size_t l = strlen(e->d_name);
        if (l > 4 && strcmp(e->d_name + l - 4, ".txt") == 0)
            names[n++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof *names, name_cmp);
    for (size_t i = 0; i < n; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", battery_dir, names[i]);
        run_file(path);
        free(names[i]);
    }
    printf("# sbd battery: %d/%d cases passed\n", cases_run - cases_failed, cases_run);
    CHECK(cases_run >= 120);
    CHECK_INT(cases_failed, 0);
}

int main(int argc, char **argv)
{
    static char found[4096];
    battery_dir = argc > 1 ? argv[1] : "tests/sbd";
    DIR *d = opendir(battery_dir);
    if (d) {
        closedir(d);
    } else if (argc <= 1 && strrchr(argv[0], '/')) {
        /* run from elsewhere: the binary is build/<dir>/tests/<name> */
        snprintf(found, sizeof found, "%.*s/../../../tests/sbd",
                 (int)(strrchr(argv[0], '/') - argv[0]), argv[0]);
        battery_dir = found;
    }
    RUN(test_battery);
    return check_done();
}
