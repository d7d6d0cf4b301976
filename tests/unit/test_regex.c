/*
 * test_regex.c - unit tests for core/regex.c: compile errors, flags, groups,
 * limits, the compile-once cache and byte offsets in UTF-8 subjects.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "polis_text.h"
#include "check.h"

static polis_regex *compile(const char *pat, uint32_t flags)
{
    char err[256] = "";
    polis_regex *re = polis_regex_compile(pat, strlen(pat), flags, err, sizeof err);
    if (!re)
        fprintf(stderr, "  unexpected compile error: %s\n", err);
    return re;
}

/* Match pat against s from offset 0; returns the exec result and fills caps. */
static int match(polis_regex_ctx *ctx, const char *pat, uint32_t flags, const char *s,
                 polis_span *caps, size_t ncaps)
{
    polis_regex *re = compile(pat, flags);
    if (!re)
        return -100;
    int rc = polis_regex_exec(ctx, re, s, strlen(s), 0, true, caps, ncaps);
    polis_regex_free(re);
    return rc;
}

static double seconds_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

static void test_compile_error_names_pattern_and_offset(void)
{
    char err[256] = "";
    CHECK(polis_regex_compile("(abc", 4, 0, err, sizeof err) == NULL);
    CHECK_STR(err, "regex /(abc/: missing closing parenthesis at offset 4");

    CHECK(polis_regex_compile("a[b", 3, 0, err, sizeof err) == NULL);
    CHECK(strncmp(err, "regex /a[b/: missing terminating ] ", 35) == 0);

    /* The offset refers to the pattern as written, also under the w flag. */
    CHECK(polis_regex_compile("x(abc", 5, POLIS_RE_WORD, err, sizeof err) == NULL);
    CHECK_STR(err, "regex /x(abc/: missing closing parenthesis at offset 5");

    /* A NULL error buffer is allowed. */
    CHECK(polis_regex_compile("(", 1, 0, NULL, 0) == NULL);

    /* Unknown flag bits are refused, not ignored. */
    CHECK(polis_regex_compile("a", 1, 1u << 20, err, sizeof err) == NULL);
    CHECK(strstr(err, "unknown flag bits") != NULL);

    /* \C could split a character: refused in this engine. */
    CHECK(polis_regex_compile("a\\Cb", 4, 0, err, sizeof err) == NULL);
}

static void test_long_pattern_is_cut_in_messages(void)
{
    char pat[300], err[512];
    memset(pat, 'a', sizeof pat);
    pat[0] = '(';
    CHECK(polis_regex_compile(pat, sizeof pat, 0, err, sizeof err) == NULL);
    CHECK(strstr(err, "...") != NULL);
    CHECK(strstr(err, "missing closing parenthesis at offset 300") != NULL);
}

static void test_flag_string(void)
{
    uint32_t f = 99;
    CHECK_INT(polis_regex_flags("", &f), 0);
    CHECK_INT(f, 0);
    CHECK_INT(polis_regex_flags("imsxUw", &f), 0);
    CHECK_INT(f, POLIS_RE_CASELESS | POLIS_RE_MULTILINE | POLIS_RE_DOTALL |
                 POLIS_RE_EXTENDED | POLIS_RE_UNGREEDY | POLIS_RE_WORD);
    CHECK_INT(polis_regex_flags(NULL, &f), 0);
    CHECK_INT(f, 0);
    CHECK_INT(polis_regex_flags("iq", &f), -1);
    CHECK_INT(polis_regex_flags("u", &f), -1);   /* flags are case-sensitive: U is ungreedy */
}

static void test_flags_change_matching(void)
{
    polis_regex_ctx *ctx = polis_regex_ctx_new(NULL);
    polis_span c[1];
    CHECK_INT(match(ctx, "nato", 0, "NATO summit", c, 1), 0);
    CHECK_INT(match(ctx, "nato", POLIS_RE_CASELESS, "NATO summit", c, 1), 1);
    CHECK_INT(match(ctx, "^b", 0, "a\nb", c, 1), 0);
    CHECK_INT(match(ctx, "^b", POLIS_RE_MULTILINE, "a\nb", c, 1), 1);
    CHECK_INT(match(ctx, "a.b", 0, "a\nb", c, 1), 0);
    CHECK_INT(match(ctx, "a.b", POLIS_RE_DOTALL, "a\nb", c, 1), 1);
    CHECK_INT(match(ctx, "a b # comment", POLIS_RE_EXTENDED, "ab", c, 1), 1);

    CHECK_INT(match(ctx, "a+", POLIS_RE_UNGREEDY, "aaa", c, 1), 1);
    CHECK_INT(c[0].end - c[0].start, 1);
    CHECK_INT(match(ctx, "a+", 0, "aaa", c, 1), 1);
    CHECK_INT(c[0].end - c[0].start, 3);

    /* w: whole words only. */
    CHECK_INT(match(ctx, "war", POLIS_RE_WORD, "the warden", c, 1), 0);
    CHECK_INT(match(ctx, "war", POLIS_RE_WORD, "a war ends", c, 1), 1);
    CHECK_INT(c[0].start, 2);
    CHECK_INT(match(ctx, "war|peace", POLIS_RE_WORD, "warpeace peace", c, 1), 1);
    CHECK_INT(c[0].start, 9);
    /* A pattern cannot break out of the word wrapping. */
    CHECK_INT(match(ctx, "a b #", POLIS_RE_WORD | POLIS_RE_EXTENDED, "xab ab", c, 1), 1);
    CHECK_INT(c[0].start, 4);
    polis_regex_ctx_free(ctx);
}

static void test_named_groups(void)
{
    polis_regex *re = compile("(?<who>[A-Z]\\w+) (said|warned) (?<what>.*)", 0);
    CHECK(re != NULL);
    if (!re)
        return;
    CHECK_INT(polis_regex_ngroups(re), 3);
    CHECK_INT(polis_regex_group_index(re, "who"), 1);
    CHECK_INT(polis_regex_group_index(re, "what"), 3);
    CHECK_INT(polis_regex_group_index(re, "nobody"), -1);
    CHECK_INT(polis_regex_group_index(re, NULL), -1);
    CHECK_STR(polis_regex_group_name(re, 1), "who");
    CHECK(polis_regex_group_name(re, 2) == NULL);
    CHECK_STR(polis_regex_group_name(re, 3), "what");
    CHECK(polis_regex_group_name(re, 0) == NULL);
    CHECK(polis_regex_group_name(re, 4) == NULL);
    CHECK_STR(polis_regex_pattern(re), "(?<who>[A-Z]\\w+) (said|warned) (?<what>.*)");

    polis_regex_ctx *ctx = polis_regex_ctx_new(NULL);
    const char *s = "Yesterday Putin warned the West";
    polis_span c[4];
    CHECK_INT(polis_regex_exec(ctx, re, s, strlen(s), 0, true, c, 4), 1);
    CHECK_MEM(s + c[1].start, c[1].end - c[1].start, "Putin");
    CHECK_MEM(s + c[2].start, c[2].end - c[2].start, "warned");
    CHECK_MEM(s + c[3].start, c[3].end - c[3].start, "the West");
    polis_regex_ctx_free(ctx);
    polis_regex_free(re);

    /* Duplicate names: the lowest group number answers. */
    re = compile("(?J)(?<x>a)|(?<x>b)", 0);
    CHECK(re != NULL);
    if (re) {
        CHECK_INT(polis_regex_group_index(re, "x"), 1);
        CHECK_STR(polis_regex_group_name(re, 2), "x");
        polis_regex_free(re);
    }
}

static void test_unset_groups_are_size_max(void)
{
    polis_regex_ctx *ctx = polis_regex_ctx_new(NULL);
    polis_span c[6];
    /* group 1 unset in the middle, group 3 unset at the end, caps[4..5] beyond the pattern. */
    CHECK_INT(match(ctx, "(x)?(b)(y)?", 0, "abc", c, 6), 1);
    CHECK(c[0].start == 1 && c[0].end == 2);
    CHECK(c[1].start == SIZE_MAX && c[1].end == SIZE_MAX);
    CHECK(c[2].start == 1 && c[2].end == 2);
    CHECK(c[3].start == SIZE_MAX && c[3].end == SIZE_MAX);
    CHECK(c[4].start == SIZE_MAX && c[5].end == SIZE_MAX);
    /* An empty group that did match is not unset. */
    CHECK_INT(match(ctx, "a()b", 0, "ab", c, 2), 1);
    CHECK(c[1].start == 1 && c[1].end == 1);
    /* caps may be NULL when only the yes/no answer matters. */
    CHECK_INT(match(ctx, "b", 0, "abc", NULL, 0), 1);
    polis_regex_ctx_free(ctx);
}

static void test_match_data_grows_for_many_groups(void)
{
    char pat[40 * 3 + 1] = "";
    for (int i = 0; i < 40; i++)
        strcat(pat, "(.)");
    char s[41];
    for (int i = 0; i < 40; i++)
        s[i] = (char)('A' + i % 26);
    s[40] = '\0';
    polis_regex_ctx *ctx = polis_regex_ctx_new(NULL);
    polis_span c[41];
    CHECK_INT(match(ctx, "(a)", 0, "a", c, 2), 1);   /* small first, then bigger */
    CHECK_INT(match(ctx, pat, 0, s, c, 41), 1);
    CHECK(c[40].start == 39 && c[40].end == 40);
    CHECK(c[27].start == 26);
    polis_regex_ctx_free(ctx);
}

static void test_catastrophic_pattern_hits_the_limit(void)
{
    size_t n = 30000;
    char *s = malloc(n + 2);
    memset(s, 'a', n);
    s[n] = 'b';
    s[n + 1] = '\0';
    polis_regex *re = compile("(a+)+$", 0);
    polis_regex_ctx *ctx = polis_regex_ctx_new(NULL);
    polis_span c[2];
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int rc = polis_regex_exec(ctx, re, s, n + 1, 0, true, c, 2);
    double took = seconds_since(&t0);
    CHECK_INT(rc, POLIS_RE_ELIMIT);
    CHECK(strncmp(polis_regex_error(ctx), "regex /(a+)+$/: ", 16) == 0);
    CHECK(strstr(polis_regex_error(ctx), "limit") != NULL);
    CHECK(took < 1.0 * check_time_scale());
    fprintf(stderr, "  # (a+)+$ on %zu bytes failed in %.3f s: %s\n", n + 1, took,
            polis_regex_error(ctx));

    /* The context stays usable: the next match works normally. */
    CHECK_INT(polis_regex_exec(ctx, re, "xaa", 3, 0, true, c, 2), 1);
    CHECK(c[0].start == 1 && c[0].end == 3);

    /* The same with the UTF check on (the non-fast path). */
    rc = polis_regex_exec(ctx, re, s, n + 1, 0, false, c, 2);
    CHECK_INT(rc, POLIS_RE_ELIMIT);
    polis_regex_ctx_free(ctx);
    polis_regex_free(re);
    free(s);
}

static void test_custom_limits(void)
{
    polis_regex_limits lim = { .match_limit = 50 };   /* 0 fields keep their defaults */
    polis_regex_ctx *ctx = polis_regex_ctx_new(&lim);
    polis_span c[1];
    /* Nested quantifiers, no literal PCRE2 could look for first: exponential. */
    CHECK_INT(match(ctx, "(\\w+)+\\d", 0, "ababababababababababababababababababab", c, 1),
              POLIS_RE_ELIMIT);
    CHECK(strstr(polis_regex_error(ctx), "match limit exceeded (limit 50)") != NULL);
    CHECK_INT(match(ctx, "x", 0, "ax", c, 1), 1);
    polis_regex_ctx_free(ctx);
}

static void test_cache_compiles_once(void)
{
    polis_regex_cache *cache = polis_regex_cache_new();
    char err[256];
    polis_regex *a = polis_regex_cache_get(cache, "minist(er|ry)", 13, 0, err, sizeof err);
    polis_regex *b = polis_regex_cache_get(cache, "minist(er|ry)", 13, 0, err, sizeof err);
    polis_regex *ci = polis_regex_cache_get(cache, "minist(er|ry)", 13, POLIS_RE_CASELESS,
                                            err, sizeof err);
    polis_regex *prefix = polis_regex_cache_get(cache, "minist(er|ry)xx", 6, 0, err, sizeof err);
    CHECK(a != NULL && a == b);
    CHECK(ci != NULL && ci != a);
    CHECK_INT(polis_regex_flags_of(ci), POLIS_RE_CASELESS);
    CHECK(prefix != NULL && prefix != a);
    if (prefix)
        CHECK_STR(polis_regex_pattern(prefix), "minist");
    CHECK(polis_regex_cache_get(cache, "(", 1, 0, err, sizeof err) == NULL);
    CHECK_STR(err, "regex /(/: missing closing parenthesis at offset 1");

    /* Many keys: the table grows and every key still finds its own regex. */
    polis_regex *seen[500];
    char pat[32];
    for (int i = 0; i < 500; i++) {
        int n = snprintf(pat, sizeof pat, "w%d", i);
        seen[i] = polis_regex_cache_get(cache, pat, (size_t)n, 0, err, sizeof err);
    }
    int same = 0;
    for (int i = 0; i < 500; i++) {
        int n = snprintf(pat, sizeof pat, "w%d", i);
        same += polis_regex_cache_get(cache, pat, (size_t)n, 0, err, sizeof err) == seen[i];
    }
    CHECK_INT(same, 500);
    CHECK(polis_regex_cache_get(cache, "minist(er|ry)", 13, 0, err, sizeof err) == a);
    polis_regex_cache_free(cache);
}

static void test_utf8_subjects_and_byte_offsets(void)
{
    polis_regex_ctx *ctx = polis_regex_ctx_new(NULL);
    polis_span c[2];
    /* "Präsident Macron met Зеленский in Kyiv": every offset is in bytes. */
    const char *s = "Pr\xC3\xA4sident Macron met \xD0\x97\xD0\xB5\xD0\xBB\xD0\xB5\xD0\xBD"
                    "\xD1\x81\xD0\xBA\xD0\xB8\xD0\xB9 in Kyiv";
    CHECK_INT(match(ctx, "Macron", 0, s, c, 1), 1);
    CHECK(c[0].start == 11 && c[0].end == 17);
    /* UCP: \w and \b know Cyrillic letters. */
    CHECK_INT(match(ctx, "\\b\\w+\\b(?= in)", 0, s, c, 1), 1);
    CHECK(c[0].start == 22 && c[0].end == 40);
    CHECK_INT(match(ctx, "\\p{Lu}\\p{Ll}+sident", 0, s, c, 1), 1);
    CHECK(c[0].start == 0 && c[0].end == 10);
    /* Caseless matching folds non-ASCII letters. */
    CHECK_INT(match(ctx, "pr\xC3\x84sident", POLIS_RE_CASELESS, s, c, 1), 1);
    /* '.' is one character, not one byte. */
    CHECK_INT(match(ctx, "^Pr.s", 0, s, c, 1), 1);
    CHECK(c[0].end == 5);

    /* Matching from an offset: the next word after the first. */
    polis_regex *word = compile("\\w+", 0);
    size_t off = 0;
    int words = 0;
    while (polis_regex_exec(ctx, word, s, strlen(s), off, true, c, 1) == 1) {
        words++;
        off = c[0].end;
    }
    CHECK_INT(words, 6);

    /* A start inside a character is refused when the subject is trusted... */
    CHECK_INT(polis_regex_exec(ctx, word, s, strlen(s), 3, true, c, 1), POLIS_RE_EOTHER);
    CHECK(strstr(polis_regex_error(ctx), "inside a UTF-8 character") != NULL);
    /* ...and an offset past the end is an error, not a crash. */
    CHECK_INT(polis_regex_exec(ctx, word, s, 3, 4, true, c, 1), POLIS_RE_EOTHER);

    /* An untrusted invalid subject is reported, with where. */
    const char bad[] = "ok \xC3( here";
    CHECK_INT(polis_regex_exec(ctx, word, bad, sizeof bad - 1, 0, false, c, 1), POLIS_RE_EOTHER);
    CHECK(strstr(polis_regex_error(ctx), "UTF-8 error") != NULL);
    CHECK(strstr(polis_regex_error(ctx), "at subject offset 3") != NULL);
    /* ...while a valid one is checked and matched. */
    CHECK_INT(polis_regex_exec(ctx, word, s, strlen(s), 0, false, c, 1), 1);
    polis_regex_free(word);

    /* Empty subject and empty pattern. */
    CHECK_INT(match(ctx, "", 0, "", c, 1), 1);
    CHECK_INT(match(ctx, "a", 0, "", c, 1), 0);
    polis_regex_ctx_free(ctx);
}

static void test_shared_regex_many_contexts(void)
{
    /* One compiled regex, two per-thread contexts with different limits. */
    polis_regex *re = compile("(\\w+)+\\d", 0);
    polis_regex_limits tight = { .match_limit = 10 };
    polis_regex_ctx *loose_ctx = polis_regex_ctx_new(NULL), *tight_ctx = polis_regex_ctx_new(&tight);
    const char *s = "abababab";
    polis_span c[1];
    CHECK_INT(polis_regex_exec(loose_ctx, re, s, strlen(s), 0, true, c, 1), POLIS_RE_NOMATCH);
    CHECK_INT(polis_regex_exec(tight_ctx, re, s, strlen(s), 0, true, c, 1), POLIS_RE_ELIMIT);
    CHECK_STR(polis_regex_error(loose_ctx), "");
    polis_regex_ctx_free(loose_ctx);
    polis_regex_ctx_free(tight_ctx);
    polis_regex_free(re);
}

struct thread_job {
    const polis_regex *re;
    const char *text;
    long matches;           /* out: -1 on a context failure */
};

static void *count_matches(void *arg)
{
    struct thread_job *job = arg;
    polis_regex_ctx *ctx = polis_regex_ctx_new(NULL);   /* one per thread */
    job->matches = ctx ? 0 : -1;
    size_t len = strlen(job->text);
    polis_span c[2];
    for (int round = 0; ctx && round < 200; round++)
        for (size_t off = 0; polis_regex_exec(ctx, job->re, job->text, len, off, true, c, 2) == 1;
             off = c[0].end)
            job->matches++;
    polis_regex_ctx_free(ctx);
    return NULL;
}

static void test_threads_share_a_compiled_regex(void)
{
    polis_regex *re = compile("(?<name>[A-Z]\\w+)", 0);
    const char *text = "Wang Yi met Sergei Lavrov in Moscow before flying to Malta.";
    struct thread_job jobs[4];
    pthread_t threads[4];
    for (int t = 0; t < 4; t++) {
        jobs[t] = (struct thread_job){ re, text, 0 };
        CHECK_INT(pthread_create(&threads[t], NULL, count_matches, &jobs[t]), 0);
    }
    for (int t = 0; t < 4; t++) {
        pthread_join(threads[t], NULL);
        CHECK_INT(jobs[t].matches, 200 * 6);
    }
    polis_regex_free(re);
}

int main(void)
{
    RUN(test_compile_error_names_pattern_and_offset);
    RUN(test_long_pattern_is_cut_in_messages);
    RUN(test_flag_string);
    RUN(test_flags_change_matching);
    RUN(test_named_groups);
    RUN(test_unset_groups_are_size_max);
    RUN(test_match_data_grows_for_many_groups);
    RUN(test_catastrophic_pattern_hits_the_limit);
    RUN(test_custom_limits);
    RUN(test_cache_compiles_once);
    RUN(test_utf8_subjects_and_byte_offsets);
    RUN(test_shared_regex_many_contexts);
    RUN(test_threads_share_a_compiled_regex);
    return check_done();
}
