/*
 * test_dict.c - unit tests for core/dict.c: phrases over tokens, longest
 * match, entries and attributes, case modes, TSV loading, a 100k dictionary.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "polis_text.h"
#include "check.h"

/* A document's tokens for the tests; one static buffer, reused. */
static polis_tokens toks;

static const polis_tokens *tokenize(const char *text)
{
    if (polis_tokenize(text, strlen(text), NULL, &toks) != 0)
        fprintf(stderr, "  tokenize failed\n");
    return &toks;
}

/* Index of the first token whose text is word, or SIZE_MAX. */
static size_t token_of(const char *text, const char *word)
{
    size_t n = strlen(word);
    for (size_t i = 0; i < toks.n; i++)
        if (toks.v[i].end - toks.v[i].start == n && memcmp(text + toks.v[i].start, word, n) == 0)
            return i;
    return SIZE_MAX;
}

static int32_t add(polis_dict *d, const char *phrase, enum polis_dict_case c)
{
    return polis_dict_add(d, phrase, strlen(phrase), NULL, NULL, 0, c);
}

static int32_t add_attr(polis_dict *d, const char *phrase, const char *k, const char *v)
{
    const char *keys[1] = { k }, *values[1] = { v };
    return polis_dict_add(d, phrase, strlen(phrase), keys, values, 1, POLIS_CASE_DEFAULT);
}

/* Match at the token spelled `word` in text; returns the matched token count. */
static size_t match_word(const polis_dict *d, const char *text, const char *word,
                         const int32_t **entries, size_t *n)
{
    tokenize(text);
    size_t i = token_of(text, word);
    if (i == SIZE_MAX) {
        fprintf(stderr, "  no token \"%s\" in \"%s\"\n", word, text);
        return 0;
    }
    return polis_dict_match_at(d, text, &toks, i, toks.n, entries, n);
}

/* The single entry matched at word, or -1 when none or several. */
static int32_t only_entry(const polis_dict *d, const char *text, const char *word)
{
    const int32_t *e;
    size_t n;
    if (match_word(d, text, word, &e, &n) == 0 || n != 1)
        return -1;
    return e[0];
}

static void test_single_and_multi_token_phrases(void)
{
    polis_dict *d = polis_dict_new(POLIS_CASE_FOLD);
    int32_t russia = add(d, "Russia", 0);
    int32_t putin = add(d, "Vladimir Putin", 0);
    int32_t usa = add(d, "United States of America", 0);
    CHECK(russia == 0 && putin == 1 && usa == 2);
    CHECK_INT(polis_dict_size(d), 3);
    CHECK_INT(polis_dict_phrases(d), 3);
    CHECK_STR(polis_dict_entry_phrase(d, putin), "Vladimir Putin");

    const char *text = "Vladimir  Putin told Russia and the United States of America.";
    const int32_t *e;
    size_t n;
    CHECK_INT(match_word(d, text, "Vladimir", &e, &n), 2);
    CHECK(n == 1 && e[0] == putin);
    CHECK_INT(match_word(d, text, "Russia", &e, &n), 1);
    CHECK(n == 1 && e[0] == russia);
    CHECK_INT(match_word(d, text, "United", &e, &n), 4);
    CHECK(n == 1 && e[0] == usa);
    /* Nothing starts at "Putin" or "told"; the output arguments are cleared. */
    CHECK_INT(match_word(d, text, "Putin", &e, &n), 0);
    CHECK(e == NULL && n == 0);
    CHECK_INT(match_word(d, text, "told", &e, &n), 0);
    /* A phrase's prefix is not the phrase. */
    CHECK_INT(match_word(d, "Vladimir Lenin", "Vladimir", &e, &n), 0);
    CHECK_INT(match_word(d, "the United States said", "United", &e, &n), 0);
    polis_dict_free(d);
}

static void test_longest_match_and_limit(void)
{
    polis_dict *d = polis_dict_new(POLIS_CASE_FOLD);
    int32_t ny = add(d, "New York", 0);
    int32_t nyc = add(d, "New York City", 0);
    int32_t nw = add(d, "new", 0);
    const char *text = "in New York City Hall";
    const int32_t *e;
    size_t n;
    CHECK_INT(match_word(d, text, "New", &e, &n), 3);
    CHECK(n == 1 && e[0] == nyc);
    /* The limit stops a match from running past it. */
    size_t i = token_of(text, "New");
    CHECK_INT(polis_dict_match_at(d, text, &toks, i, i + 2, &e, &n), 2);
    CHECK(n == 1 && e[0] == ny);
    CHECK_INT(polis_dict_match_at(d, text, &toks, i, i + 1, &e, &n), 1);
    CHECK(n == 1 && e[0] == nw);
    CHECK_INT(polis_dict_match_at(d, text, &toks, i, i, &e, &n), 0);
    /* A limit past the end is the end. */
    CHECK_INT(polis_dict_match_at(d, text, &toks, i, 1000, &e, &n), 3);
    CHECK_INT(polis_dict_match_at(d, text, &toks, toks.n, toks.n, &e, &n), 0);
    /* Longest first, falling back to shorter ones. */
    CHECK_INT(match_word(d, "New York Times", "New", &e, &n), 2);
    CHECK_INT(match_word(d, "New Delhi", "New", &e, &n), 1);
    polis_dict_free(d);
}

struct seen {
    size_t lens[8];
    int32_t first_entry[8];
    size_t n, stop_after;
};

static bool record(size_t len, const int32_t *entries, size_t n, void *ud)
{
    struct seen *s = ud;
    if (s->n < 8) {
        s->lens[s->n] = len;
        s->first_entry[s->n] = n ? entries[0] : -1;
    }
    s->n++;
    return s->n < s->stop_after;
}

static void test_match_all_at_order(void)
{
    polis_dict *d = polis_dict_new(POLIS_CASE_FOLD);
    int32_t a = add(d, "Bank", 0), b = add(d, "Bank of England", 0);
    int32_t c = add(d, "bank of", 0), x = add(d, "England", 0);
    (void)x;
    const char *text = "the Bank of England said";
    tokenize(text);
    size_t i = token_of(text, "Bank");
    struct seen s = { .stop_after = 100 };
    CHECK_INT(polis_dict_match_all_at(d, text, &toks, i, toks.n, record, &s), 3);
    CHECK_INT(s.n, 3);
    CHECK(s.lens[0] == 3 && s.first_entry[0] == b);
    CHECK(s.lens[1] == 2 && s.first_entry[1] == c);
    CHECK(s.lens[2] == 1 && s.first_entry[2] == a);
    /* fn returning false stops the walk; the stopping call counts. */
    struct seen stop = { .stop_after = 2 };
    CHECK_INT(polis_dict_match_all_at(d, text, &toks, i, toks.n, record, &stop), 2);
    CHECK(stop.lens[0] == 3 && stop.lens[1] == 2);
    /* Within a limit only the short ones. */
    struct seen lim = { .stop_after = 100 };
    CHECK_INT(polis_dict_match_all_at(d, text, &toks, i, i + 2, record, &lim), 2);
    CHECK(lim.lens[0] == 2 && lim.lens[1] == 1);
    polis_dict_free(d);
}

static void test_several_entries_per_phrase_and_attributes(void)
{
    polis_dict *d = polis_dict_new(POLIS_CASE_FOLD);
    const char *k3[3] = { "country", "kind", "admin1" };
    const char *fr[3] = { "FRA", "city", "Ile-de-France" };
    const char *tx[3] = { "USA", "city", "Texas" };
    int32_t paris_fr = polis_dict_add(d, "Paris", 5, k3, fr, 3, 0);
    int32_t other = add_attr(d, "Washington", "country", "USA");
    int32_t paris_tx = polis_dict_add(d, "Paris", 5, k3, tx, 3, 0);
    CHECK_INT(polis_dict_size(d), 3);
    CHECK_INT(polis_dict_phrases(d), 2);

    const int32_t *e;
    size_t n;
    CHECK_INT(match_word(d, "flights to Paris today", "Paris", &e, &n), 1);
    CHECK_INT(n, 2);
    if (n == 2)
        CHECK(e[0] == paris_fr && e[1] == paris_tx);   /* in the order added */

    CHECK_STR(polis_dict_attr(d, paris_fr, "country"), "FRA");
    CHECK_STR(polis_dict_attr(d, paris_tx, "admin1"), "Texas");
    CHECK(polis_dict_attr(d, paris_tx, "population") == NULL);
    CHECK(polis_dict_attr(d, 99, "country") == NULL);
    CHECK(polis_dict_attr(d, -1, "country") == NULL);
    CHECK(polis_dict_attr(d, paris_tx, NULL) == NULL);

    const char *key, *value;
    CHECK(polis_dict_attr_at(d, paris_tx, 1, &key, &value));
    CHECK_STR(key, "kind");
    CHECK_STR(value, "city");
    CHECK(!polis_dict_attr_at(d, paris_tx, 3, &key, &value));
    CHECK(!polis_dict_attr_at(d, 42, 0, &key, &value));
    CHECK(!polis_dict_attr_at(d, other, 1, &key, &value));

    /* Repeated strings are stored once: the same pointer comes back. */
    CHECK(polis_dict_attr(d, paris_tx, "country") == polis_dict_attr(d, other, "country"));
    CHECK(polis_dict_attr(d, paris_fr, "kind") == polis_dict_attr(d, paris_tx, "kind"));
    polis_dict_free(d);
}

static void test_case_modes(void)
{
    polis_dict *d = polis_dict_new(POLIS_CASE_FOLD);
    int32_t nato = add(d, "NATO", 0);                        /* dictionary default: fold */
    int32_t us = add(d, "US", POLIS_CASE_EXACT);
    int32_t turkey = add(d, "Turkey", POLIS_CASE_CAPS);
    int32_t white_house = add(d, "the White House", POLIS_CASE_CAPS);

    CHECK_INT(only_entry(d, "nato and Nato", "nato"), nato);
    CHECK_INT(only_entry(d, "nato and Nato", "Nato"), nato);
    CHECK_INT(only_entry(d, "the US said", "US"), us);
    CHECK_INT(only_entry(d, "told us so", "us"), -1);
    CHECK_INT(only_entry(d, "Us too", "Us"), -1);
    CHECK_INT(only_entry(d, "visit Turkey now", "Turkey"), turkey);
    CHECK_INT(only_entry(d, "TURKEY wins", "TURKEY"), turkey);
    CHECK_INT(only_entry(d, "roast turkey", "turkey"), -1);
    /* CAPS only constrains tokens spelled with a capital in the entry. */
    CHECK_INT(only_entry(d, "at the White House", "the"), white_house);
    CHECK_INT(only_entry(d, "The White House said", "The"), white_house);
    CHECK_INT(only_entry(d, "at the white House", "the"), -1);

    /* EXACT needs the text: without it nothing matches. */
    const char *text = "the US said";
    tokenize(text);
    const int32_t *e;
    size_t n;
    CHECK_INT(polis_dict_match_at(d, NULL, &toks, token_of(text, "US"), toks.n, &e, &n), 0);
    polis_dict_free(d);

    /* An EXACT dictionary with a FOLD entry. */
    d = polis_dict_new(POLIS_CASE_EXACT);
    int32_t who = add(d, "WHO", 0);
    int32_t un = add(d, "un", POLIS_CASE_FOLD);
    CHECK_INT(only_entry(d, "the WHO said", "WHO"), who);
    CHECK_INT(only_entry(d, "who said", "who"), -1);
    CHECK_INT(only_entry(d, "the UN said", "UN"), un);
    polis_dict_free(d);
}

static void test_case_variants_of_one_phrase(void)
{
    polis_dict *d = polis_dict_new(POLIS_CASE_FOLD);
    int32_t fold = add(d, "paris", POLIS_CASE_FOLD);
    int32_t exact = add(d, "Paris", POLIS_CASE_EXACT);
    int32_t caps = add(d, "Paris", POLIS_CASE_CAPS);
    int32_t exact_upper = add(d, "PARIS", POLIS_CASE_EXACT);
    int32_t fold2 = add(d, "PARIS", POLIS_CASE_FOLD);
    CHECK_INT(polis_dict_phrases(d), 1);
    const int32_t *e;
    size_t n;

    CHECK_INT(match_word(d, "in Paris", "Paris", &e, &n), 1);
    CHECK_INT(n, 4);
    if (n == 4)
        CHECK(e[0] == fold && e[1] == exact && e[2] == caps && e[3] == fold2);
    CHECK_INT(match_word(d, "in paris", "paris", &e, &n), 1);
    CHECK_INT(n, 2);
    if (n == 2)
        CHECK(e[0] == fold && e[1] == fold2);
    CHECK_INT(match_word(d, "in PARIS", "PARIS", &e, &n), 1);
    CHECK_INT(n, 4);
    if (n == 4)
        CHECK(e[0] == fold && e[1] == caps && e[2] == exact_upper && e[3] == fold2);
    CHECK_INT(match_word(d, "in PaRiS", "PaRiS", &e, &n), 1);
    CHECK_INT(n, 3);
    polis_dict_free(d);

    /* Only EXACT spellings: a text in neither spelling matches nothing. */
    d = polis_dict_new(POLIS_CASE_EXACT);
    int32_t a = add(d, "Georgia", 0), b = add(d, "GEORGIA", 0);
    CHECK_INT(only_entry(d, "to Georgia", "Georgia"), a);
    CHECK_INT(only_entry(d, "to GEORGIA", "GEORGIA"), b);
    CHECK_INT(match_word(d, "to georgia", "georgia", &e, &n), 0);
    polis_dict_free(d);
}

static void test_caps_variant_limit(void)
{
    /* Six capitalization profiles of one phrase are kept; a seventh is
     * refused and leaves no entry behind. */
    polis_dict *d = polis_dict_new(POLIS_CASE_CAPS);
    const char *forms[7] = { "Ab cd ef", "ab Cd ef", "ab cd Ef", "Ab Cd ef", "Ab cd Ef",
                             "ab Cd Ef", "Ab Cd Ef" };
    for (int i = 0; i < 6; i++)
        CHECK_INT(add(d, forms[i], 0), i);
    CHECK_INT(add(d, forms[6], 0), -1);
    CHECK_INT(polis_dict_size(d), 6);
    CHECK_INT(add(d, "ab cd ef", POLIS_CASE_FOLD), 6);   /* other modes still fit */

    const int32_t *e;
    size_t n;
    CHECK_INT(match_word(d, "x Ab Cd ef", "Ab", &e, &n), 3);
    CHECK_INT(n, 4);                                      /* profiles 1, 2, 1+2, and fold */
    if (n == 4)
        CHECK(e[0] == 0 && e[1] == 1 && e[2] == 3 && e[3] == 6);
    CHECK_INT(match_word(d, "x AB CD EF", "AB", &e, &n), 3);
    CHECK_INT(n, 7);
    CHECK_INT(match_word(d, "x ab cd ef", "ab", &e, &n), 3);
    CHECK(n == 1 && e[0] == 6);
    polis_dict_free(d);
}

static void test_bad_phrases(void)
{
    polis_dict *d = polis_dict_new(POLIS_CASE_FOLD);
    CHECK_INT(add(d, "", 0), -1);
    CHECK_INT(add(d, "   ", 0), -1);
    CHECK_INT(polis_dict_add(d, "bad \xC3( utf8", 11, NULL, NULL, 0, 0), -1);
    CHECK_INT(polis_dict_add(d, "a\0b", 3, NULL, NULL, 0, 0), -1);
    CHECK_INT(polis_dict_add(d, NULL, 0, NULL, NULL, 0, 0), -1);
    CHECK_INT(add(d, "x", (enum polis_dict_case)7), -1);
    char longp[65 * 2 + 1] = "";
    for (int i = 0; i < 65; i++)
        strcat(longp, "a ");
    CHECK_INT(add(d, longp, 0), -1);
    longp[64 * 2] = '\0';                      /* 64 tokens is the most */
    CHECK_INT(add(d, longp, 0), 0);
    CHECK_INT(polis_dict_size(d), 1);
    /* The same entry can be found after errors. */
    CHECK_INT(add(d, "ok", 0), 1);
    CHECK_INT(only_entry(d, "it is ok", "ok"), 1);
    polis_dict_free(d);
}

static void test_tokenizer_shapes(void)
{
    polis_dict *d = polis_dict_new(POLIS_CASE_FOLD);
    int32_t us = add(d, "U.S.", 0);
    int32_t kim = add(d, "Kim Jong-un", 0);
    int32_t russia = add(d, "Russia", 0);
    int32_t eye = add(d, "eye-to-eye", 0);
    CHECK_INT(only_entry(d, "the U.S. said", "U.S."), us);
    CHECK_INT(only_entry(d, "North Korea's Kim Jong-un said", "Kim"), kim);
    CHECK_INT(only_entry(d, "Russia's army", "Russia"), russia);
    CHECK_INT(only_entry(d, "they see eye-to-eye.", "eye"), eye);
    /* Typographic apostrophes fold to ASCII in norms. */
    int32_t ivoire = add(d, "Cote d'Ivoire", 0);
    CHECK_INT(only_entry(d, "in Cote d\xE2\x80\x99Ivoire", "Cote"), ivoire);
    polis_dict_free(d);
}

/* ------------------------------------------------------------- TSV */

static char tsv_path[64];

static const char *write_tsv(const char *content)
{
    strcpy(tsv_path, "/tmp/polis-test-dict-XXXXXX");
    int fd = mkstemp(tsv_path);
    if (fd < 0)
        return NULL;
    size_t len = strlen(content);
    if (write(fd, content, len) != (ssize_t)len)
        fprintf(stderr, "  short write\n");
    close(fd);
    return tsv_path;
}

/* Load content as a TSV file into d; returns the loader's result. */
static long load(polis_dict *d, const char *content, char *err, size_t errlen)
{
    const char *path = write_tsv(content);
    long r = path ? polis_dict_load_tsv(d, path, err, errlen) : -2;
    if (path)
        unlink(path);
    return r;
}

static void test_tsv_loading(void)
{
    polis_dict *d = polis_dict_new(POLIS_CASE_FOLD);
    char err[256] = "";
    long n = load(d,
        "# actors, version 1\r\n"
        "country\tphrase\taliases\tcase\tsector\r\n"
        "RUS\tVladimir Putin\tPutin | President Putin\t\tGOV\r\n"
        "\r\n"
        "# comment in the middle\r\n"
        "USA\tUS\tUSA|U.S.A.\texact\t\r\n"
        "CHN\tWang Yi\n"
        "TUR\tTurkey\t\tCAPS\tGOV\n", err, sizeof err);
    CHECK_INT(n, 4);
    if (n < 0)
        fprintf(stderr, "  %s\n", err);
    CHECK_INT(polis_dict_size(d), 4);

    int32_t putin = only_entry(d, "President Putin said", "President");
    CHECK_INT(putin, 0);
    CHECK_INT(only_entry(d, "Putin said", "Putin"), 0);
    CHECK_INT(only_entry(d, "Vladimir Putin said", "Vladimir"), 0);
    CHECK_STR(polis_dict_entry_phrase(d, 0), "Vladimir Putin");
    CHECK_STR(polis_dict_attr(d, 0, "country"), "RUS");
    CHECK_STR(polis_dict_attr(d, 0, "sector"), "GOV");
    CHECK(polis_dict_attr(d, 0, "aliases") == NULL);   /* special columns are not attributes */
    CHECK(polis_dict_attr(d, 0, "case") == NULL);
    CHECK(polis_dict_attr(d, 0, "phrase") == NULL);

    CHECK_INT(only_entry(d, "the US and", "US"), 1);
    CHECK_INT(only_entry(d, "the USA and", "USA"), 1);
    CHECK_INT(only_entry(d, "the usa and", "usa"), -1);     /* exact applies to aliases too */
    CHECK(polis_dict_attr(d, 1, "sector") == NULL);         /* empty cell: no attribute */
    CHECK_STR(polis_dict_attr(d, 2, "country"), "CHN");     /* missing trailing cells */
    CHECK_INT(only_entry(d, "Wang Yi", "Wang"), 2);
    CHECK_INT(only_entry(d, "wild turkey", "turkey"), -1);
    CHECK_INT(only_entry(d, "in Turkey", "Turkey"), 3);

    /* A second file adds to the same dictionary; no "phrase" column means
     * the first column is the phrase. */
    n = load(d, "\xEF\xBB\xBFname\tcode\nKremlin\tRUSGOV\n", err, sizeof err);
    CHECK_INT(n, 1);
    CHECK_INT(only_entry(d, "the Kremlin said", "Kremlin"), 4);
    CHECK_STR(polis_dict_attr(d, 4, "code"), "RUSGOV");
    CHECK(polis_dict_attr(d, 4, "name") == NULL);
    polis_dict_free(d);
}

/* Load content and check the error message after "path:". */
static void expect_tsv_error(const char *content, const char *expected)
{
    polis_dict *d = polis_dict_new(POLIS_CASE_FOLD);
    char err[256] = "";
    CHECK_INT(load(d, content, err, sizeof err), -1);
    size_t plen = strlen(tsv_path);
    CHECK(strncmp(err, tsv_path, plen) == 0);
    CHECK_STR(err + plen, expected);
    polis_dict_free(d);
}

static void test_tsv_errors(void)
{
    expect_tsv_error("phrase\tcase\nRussia\tloud\n",
                     ":2: unknown case \"loud\" (fold, exact or caps)");
    expect_tsv_error("# c\nphrase\tcountry\nRussia\tRUS\textra\n",
                     ":3: 3 cells but the header names 2 columns");
    expect_tsv_error("phrase\tcountry\n\tRUS\n", ":2: empty phrase");
    expect_tsv_error("phrase\tcountry\nRuss\xC3(ia\tRUS\n",
                     ":2: invalid UTF-8 or NUL byte at column 5");
    expect_tsv_error("phrase\t\tcountry\n", ":1: empty column name in the header");
    expect_tsv_error("phrase\tx\tx\n", ":1: the same column name twice in the header");
    expect_tsv_error("aliases\tcountry\nRussia\tRUS\n",
                     ":1: no phrase column (name one \"phrase\" or put the phrases first)");
    expect_tsv_error("# only a comment\n", ": no header line");
    expect_tsv_error("", ": no header line");

    polis_dict *d = polis_dict_new(POLIS_CASE_FOLD);
    char err[256];
    CHECK_INT(polis_dict_load_tsv(d, "/nonexistent/dict.tsv", err, sizeof err), -1);
    CHECK_STR(err, "/nonexistent/dict.tsv: No such file or directory");
    /* Entries before a bad line stay; the count reports failure. */
    CHECK_INT(load(d, "phrase\tcase\nRussia\t\nChina\tbad\n", err, sizeof err), -1);
    CHECK_INT(polis_dict_size(d), 1);
    polis_dict_free(d);
}

/* ------------------------------------------------------ a big dictionary */

static void test_hundred_thousand_entries(void)
{
    enum { N = 100000 };
    polis_dict *d = polis_dict_new(POLIS_CASE_FOLD);
    const char *countries[4] = { "USA", "RUS", "CHN", "FRA" };
    char phrase[64], id[16];
    int ok = 0;
    for (int i = 0; i < N; i++) {
        int len = snprintf(phrase, sizeof phrase, "alpha%d beta%d gamma", i, i % 1000);
        if (i % 3 == 0)   /* a third are one-token phrases */
            len = snprintf(phrase, sizeof phrase, "delta%d", i);
        snprintf(id, sizeof id, "Q%d", i);
        const char *keys[2] = { "country", "id" }, *vals[2] = { countries[i % 4], id };
        ok += polis_dict_add(d, phrase, (size_t)len, keys, vals, 2, 0) == i;
    }
    CHECK_INT(ok, N);
    CHECK_INT(polis_dict_size(d), N);
    CHECK_INT(polis_dict_phrases(d), N);

    /* Every entry is found by its own phrase, and nothing else is. */
    int found = 0, wrong = 0;
    char text[128];
    for (int i = 0; i < N; i += 7) {
        if (i % 3 == 0)
            snprintf(text, sizeof text, "x delta%d y", i);
        else
            snprintf(text, sizeof text, "x alpha%d beta%d gamma y", i, i % 1000);
        tokenize(text);
        const int32_t *e;
        size_t n;
        size_t len = polis_dict_match_at(d, text, &toks, 1, toks.n, &e, &n);
        if (len > 0 && n == 1 && e[0] == i) {
            found++;
            snprintf(id, sizeof id, "Q%d", i);
            const char *got = polis_dict_attr(d, e[0], "id");
            wrong += !got || strcmp(got, id) != 0;
        } else {
            wrong++;
        }
        wrong += polis_dict_match_at(d, text, &toks, 0, toks.n, &e, &n) != 0;
    }
    CHECK_INT(wrong, 0);
    CHECK_INT(found, (N + 6) / 7);
    /* Near misses: right first token, wrong continuation. */
    const char *miss = "alpha1 beta2 gamma";
    tokenize(miss);
    const int32_t *e;
    size_t n;
    CHECK_INT(polis_dict_match_at(d, miss, &toks, 0, toks.n, &e, &n), 0);
    polis_dict_free(d);
}

struct lookup_job {
    const polis_dict *d;
    const char *text;
    long matches;
};

static void *lookup_many(void *arg)
{
    struct lookup_job *job = arg;
    polis_tokens own = { 0 };               /* tokens are per thread, the dictionary shared */
    if (polis_tokenize(job->text, strlen(job->text), NULL, &own) != 0)
        return NULL;
    for (int round = 0; round < 500; round++)
        for (size_t i = 0; i < own.n; i++) {
            const int32_t *e;
            size_t n;
            job->matches += polis_dict_match_at(job->d, job->text, &own, i, own.n, &e, &n) > 0;
        }
    polis_tokens_free(&own);
    return NULL;
}

static void test_threads_share_a_dictionary(void)
{
    polis_dict *d = polis_dict_new(POLIS_CASE_FOLD);
    add(d, "Wang Yi", 0);
    add(d, "Sergei Lavrov", 0);
    add(d, "Moscow", POLIS_CASE_CAPS);
    add(d, "Malta", POLIS_CASE_EXACT);
    const char *text = "Wang Yi met Sergei Lavrov in Moscow before flying to Malta, not malta.";
    struct lookup_job jobs[4];
    pthread_t threads[4];
    for (int t = 0; t < 4; t++) {
        jobs[t] = (struct lookup_job){ d, text, 0 };
        CHECK_INT(pthread_create(&threads[t], NULL, lookup_many, &jobs[t]), 0);
    }
    for (int t = 0; t < 4; t++) {
        pthread_join(threads[t], NULL);
        CHECK_INT(jobs[t].matches, 500 * 4);
    }
    polis_dict_free(d);
}

int main(void)
{
    RUN(test_single_and_multi_token_phrases);
    RUN(test_longest_match_and_limit);
    RUN(test_match_all_at_order);
    RUN(test_several_entries_per_phrase_and_attributes);
    RUN(test_case_modes);
    RUN(test_case_variants_of_one_phrase);
    RUN(test_caps_variant_limit);
    RUN(test_bad_phrases);
    RUN(test_tokenizer_shapes);
    RUN(test_tsv_loading);
    RUN(test_tsv_errors);
    RUN(test_hundred_thousand_entries);
    RUN(test_threads_share_a_dictionary);
    polis_tokens_free(&toks);
    return check_done();
}
