/*
 * fuzz_tpattern.c - the token-pattern language: compiler and matcher.
 *
 * Input: the pattern up to the first NUL, then the document text. The text is
 * analysed and annotated (ACTOR on every run of capitalized words and on
 * each of their tokens, LOCATION on dictionary phrases), the pattern is
 * compiled against a small environment (@a..@m name one dictionary; other
 * names are unknown; [/regex/] through a fresh cache) and scanned with and without
 * overlap, then matched at every token. Matches must consume tokens inside
 * one sentence, captures must lie inside the text, and the step limit must
 * stop runaway patterns with an error rather than hang.
 */
#include "polis_text.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static polis_dict *fz_tp_dict;
static polis_regex_cache *fz_tp_cache;
static polis_regex_ctx *fz_tp_rectx;
static polis_tpat_ctx *fz_tp_ctx;
static polis_symtab *fz_tp_labels;

static const polis_dict *fz_tp_dict_cb(void *ud, const char *name, size_t len)
{
    (void)ud;
    return len >= 1 && name[0] >= 'a' && name[0] <= 'm' ? fz_tp_dict : NULL;
}

static polis_regex *fz_tp_regex_cb(void *ud, const char *pattern, size_t len, uint32_t flags,
                                   char *err, size_t errlen)
{
    (void)ud;
    return polis_regex_cache_get(fz_tp_cache, pattern, len, flags, err, errlen);
}

static void fz_tp_init(void)
{
    static const char *const phrases[] = {
        "new york", "united states", "russia", "the", "mr. smith", "U.S.", "kim jong-un",
        "said", "warned", "a a", "a a a", "European Union",
    };
    fz_tp_dict = polis_dict_new(POLIS_CASE_FOLD);
    const char *k[] = { "kind" }, *v[] = { "x" };
    for (size_t i = 0; i < sizeof phrases / sizeof *phrases; i++)
        polis_dict_add(fz_tp_dict, phrases[i], strlen(phrases[i]), k, v, 1,
                       (enum polis_dict_case)(i % 4));
    polis_regex_limits lim = { 20000, 2000, 4000 };
    fz_tp_rectx = polis_regex_ctx_new(&lim);
    fz_tp_ctx = polis_tpat_ctx_new(fz_tp_rectx, 200000);
    fz_tp_labels = polis_symtab_new();
    polis_symtab_intern(fz_tp_labels, "ACTOR", 5);
    polis_symtab_intern(fz_tp_labels, "LOCATION", 8);
    FZ_ASSERT(fz_tp_dict && fz_tp_rectx && fz_tp_ctx && fz_tp_labels);
}

static void fz_tp_annotate(polis_doc *doc)
{
    uint32_t actor = polis_symtab_find(fz_tp_labels, "ACTOR", 5);
    uint32_t loc = polis_symtab_find(fz_tp_labels, "LOCATION", 8);
    size_t n = doc->toks.n;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && (doc->toks.v[j].flags & POLIS_TOK_CAP) &&
               doc->toks.v[j].sentence == doc->toks.v[i].sentence)
            j++;
        if (j > i) {
            polis_doc_annotate(doc, actor, (uint32_t)i, (uint32_t)j, (int32_t)i);
            for (size_t t = i; t < j && j - i > 1; t++)
                polis_doc_annotate(doc, actor, (uint32_t)t, (uint32_t)t + 1, -1);
            i = j;
        } else {
            size_t len = polis_dict_match_at(fz_tp_dict, doc->text, &doc->toks, i, n, NULL, NULL);
            if (len)
                polis_doc_annotate(doc, loc, (uint32_t)i, (uint32_t)(i + len), -1);
            i++;
        }
    }
}

struct fz_tp_scan {
    const polis_doc *doc;
    const polis_tpat *p;
    size_t prev_end, count;
    bool overlap;
};

static void fz_tp_check_cap(const polis_doc *doc, const polis_tcap *c)
{
    if (c->tok_start == UINT32_MAX)
        return;
    FZ_ASSERT(c->tok_start <= c->tok_end && c->tok_end <= doc->toks.n);
    FZ_ASSERT(c->annot < 0 || (size_t)c->annot < doc->nannots);
    FZ_ASSERT(c->dict_entry_first < 0 || c->dict != NULL);
    if (c->dict)
        for (uint32_t k = 0; k < c->nentries; k++)
            FZ_ASSERT(c->entries[k] >= 0 && (size_t)c->entries[k] < polis_dict_size(c->dict));
}

static void fz_tp_check_match(const polis_doc *doc, const polis_tpat *p, const polis_tpat_match *m)
{
    const polis_tcap *w = &m->whole;
    FZ_ASSERT(w->tok_start < w->tok_end && w->tok_end <= doc->toks.n);   /* consumes tokens */
    FZ_ASSERT(doc->toks.v[w->tok_start].sentence == doc->toks.v[w->tok_end - 1].sentence);
    for (size_t k = 0; k < polis_tpat_ncaptures(p); k++) {
        fz_tp_check_cap(doc, &m->caps[k]);
        FZ_ASSERT(polis_tpat_capture_name(p, k) != NULL);
    }
}

static bool fz_tp_on_match(const polis_tpat_match *m, void *ud)
{
    struct fz_tp_scan *s = ud;
    fz_tp_check_match(s->doc, s->p, m);
    if (!s->overlap)
        FZ_ASSERT(m->whole.tok_start >= s->prev_end);   /* no overlap asked for */
    s->prev_end = m->whole.tok_end;
    s->count++;
    return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!fz_tp_dict)
        fz_tp_init();
    fz_in in = { data, size };
    size_t plen, tlen;
    const char *src = fz_part(&in, &plen);
    const char *txt = fz_part(&in, &tlen);
    tlen = in.n ? tlen + 1 + in.n : tlen;
    char *pat = fz_copy(src, plen);
    char *text = fz_copy(txt, tlen);
    polis_utf8_sanitize(text, tlen, NULL);

    fz_tp_cache = polis_regex_cache_new();      /* per input: regexes die with the pattern */
    FZ_ASSERT(fz_tp_cache != NULL);
    polis_tpat_env env = { fz_tp_labels, fz_tp_dict_cb, fz_tp_regex_cb, NULL };
    char err[256] = "";
    polis_tpat *p = polis_tpat_compile(pat, plen, &env, err, sizeof err);
    if (!p) {
        FZ_ASSERT(err[0] != '\0');
    } else {
        FZ_ASSERT(polis_tpat_source(p) != NULL);
        polis_doc doc;
        polis_doc_init(&doc);
        FZ_ASSERT(polis_doc_analyze(&doc, text, tlen, NULL) == 0);
        fz_tp_annotate(&doc);
        for (int overlap = 0; overlap < 2; overlap++) {
            struct fz_tp_scan s = { &doc, p, 0, 0, overlap };
            long r = polis_tpat_scan(fz_tp_ctx, p, &doc, 0, doc.toks.n, overlap, fz_tp_on_match,
                                     &s);
            FZ_ASSERT(r == -1 ? polis_tpat_error(fz_tp_ctx)[0] != '\0' : (size_t)r == s.count);
        }
        for (size_t i = 0; i < doc.toks.n && i < 64; i++) {
            polis_tpat_match m;
            int r = polis_tpat_match_at(fz_tp_ctx, p, &doc, i, doc.toks.n, &m);
            FZ_ASSERT(r >= -1 && r <= 1);
            if (r == 1) {
                FZ_ASSERT(m.whole.tok_start == i);
                fz_tp_check_match(&doc, p, &m);
            }
        }
        polis_doc_free(&doc);
        polis_tpat_free(p);
    }
    polis_regex_cache_free(fz_tp_cache);
    fz_tp_cache = NULL;
    free(pat);
    free(text);
    return 0;
}
