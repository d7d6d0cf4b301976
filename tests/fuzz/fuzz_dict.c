/*
 * fuzz_dict.c - phrase dictionaries: entries added one by one, a TSV file
 * loaded, and every lookup over a document's tokens.
 *
 * Input: one byte for the dictionary's default case; then, up to a NUL,
 * entry lines "phrase<TAB>key<TAB>value..." (each line's case mode is its
 * number mod 4); then, up to a NUL, a TSV file; then the document text.
 * Lookups must stay inside the token range, report each length once from
 * longest to shortest, agree between match_at and match_all_at, and hand out
 * valid entry ids whose attributes can be read.
 */
#include <unistd.h>

#include "polis_text.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char fz_dict_path[64];

static void fz_dict_cleanup(void)
{
    if (fz_dict_path[0])
        unlink(fz_dict_path);
}

/* Write s[0..len) to the scratch file and return its path. */
static const char *fz_dict_file(const char *s, size_t len)
{
    if (!fz_dict_path[0]) {
        const char *dir = getenv("TMPDIR");
        snprintf(fz_dict_path, sizeof fz_dict_path, "%s/polis-fuzz-dict-XXXXXX",
                 dir && *dir && strlen(dir) < 32 ? dir : "/tmp");
        int fd = mkstemp(fz_dict_path);
        FZ_ASSERT(fd >= 0);
        close(fd);
        atexit(fz_dict_cleanup);
    }
    FILE *f = fopen(fz_dict_path, "wb");
    FZ_ASSERT(f != NULL);
    FZ_ASSERT(fwrite(s, 1, len, f) == len);
    fclose(f);
    return fz_dict_path;
}

/* Add one entry per line of s: the phrase, then key/value cells. */
static void fz_dict_add_lines(polis_dict *d, const char *s, size_t len)
{
    size_t line = 0;
    while (len > 0) {
        const char *nl = memchr(s, '\n', len);
        size_t n = nl ? (size_t)(nl - s) : len;
        const char *cells[9];
        size_t lens[9], ncells = 0;
        const char *p = s, *end = s + n;
        while (ncells < 9) {
            const char *tab = memchr(p, '\t', (size_t)(end - p));
            cells[ncells] = p;
            lens[ncells++] = tab ? (size_t)(tab - p) : (size_t)(end - p);
            if (!tab)
                break;
            p = tab + 1;
        }
        char *copies[9];
        for (size_t k = 0; k < ncells; k++)
            copies[k] = fz_cstr(cells[k], lens[k]);
        size_t nattrs = (ncells - 1) / 2;
        const char *keys[4], *values[4];
        for (size_t k = 0; k < nattrs; k++) {
            keys[k] = copies[1 + 2 * k];
            values[k] = copies[2 + 2 * k];
        }
        int32_t e = polis_dict_add(d, copies[0], lens[0], keys, values, nattrs,
                                   (enum polis_dict_case)(line % 4));
        FZ_ASSERT(e >= -1 && (e < 0 || (size_t)e < polis_dict_size(d)));
        for (size_t k = 0; k < ncells; k++)
            free(copies[k]);
        line++;
        s += nl ? n + 1 : n;
        len -= nl ? n + 1 : n;
    }
}

struct fz_dict_seen {
    const polis_dict *d;
    size_t i, limit, last, count, first_len;
};

static bool fz_dict_each(size_t len, const int32_t *entries, size_t n, void *ud)
{
    struct fz_dict_seen *s = ud;
    FZ_ASSERT(len >= 1 && s->i + len <= s->limit);
    FZ_ASSERT(s->count == 0 || len < s->last);          /* longest first, each once */
    FZ_ASSERT(n >= 1 && entries != NULL);
    for (size_t k = 0; k < n; k++) {
        FZ_ASSERT(entries[k] >= 0 && (size_t)entries[k] < polis_dict_size(s->d));
        FZ_ASSERT(k == 0 || entries[k] > entries[k - 1]);   /* sorted, no duplicates */
        FZ_ASSERT(polis_dict_entry_phrase(s->d, entries[k]) != NULL);
        const char *key, *value;
        for (size_t a = 0; polis_dict_attr_at(s->d, entries[k], a, &key, &value); a++)
            FZ_ASSERT(key && value && polis_dict_attr(s->d, entries[k], key) != NULL);
    }
    if (s->count == 0)
        s->first_len = len;
    s->last = len;
    s->count++;
    return true;
}

static void fz_dict_lookups(const polis_dict *d, const char *text, const polis_tokens *t)
{
    for (size_t i = 0; i < t->n; i++) {
        size_t limits[2] = { t->n, i + 2 < t->n ? i + 2 : t->n };
        for (int l = 0; l < 2; l++) {
            struct fz_dict_seen s = { d, i, limits[l], 0, 0, 0 };
            size_t reported = polis_dict_match_all_at(d, text, t, i, limits[l], fz_dict_each, &s);
            FZ_ASSERT(reported == s.count);
            const int32_t *entries = NULL;
            size_t n = 0;
            size_t len = polis_dict_match_at(d, text, t, i, limits[l], &entries, &n);
            FZ_ASSERT(len == s.first_len && (len == 0) == (n == 0));
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_in in = { data, size };
    enum polis_dict_case dc = (enum polis_dict_case)(fz_byte(&in) % 4);
    size_t elen, tlen, xlen;
    const char *entries = fz_part(&in, &elen);
    const char *tsv = fz_part(&in, &tlen);
    const char *text = fz_part(&in, &xlen);
    xlen = in.n ? xlen + 1 + in.n : xlen;               /* the text is all the rest */

    polis_dict *d = polis_dict_new(dc);
    FZ_ASSERT(d != NULL);
    fz_dict_add_lines(d, entries, elen);
    char err[256] = "";
    long added = polis_dict_load_tsv(d, fz_dict_file(tsv, tlen), err, sizeof err);
    FZ_ASSERT(added >= -1 && (added >= 0 || err[0] != '\0'));

    char *doc = fz_copy(text, xlen);
    polis_utf8_sanitize(doc, xlen, NULL);
    polis_tokens toks = { 0 };
    FZ_ASSERT(polis_tokenize(doc, xlen, NULL, &toks) == 0);
    fz_dict_lookups(d, doc, &toks);
    polis_tokens_free(&toks);
    free(doc);
    polis_dict_free(d);
    return 0;
}
