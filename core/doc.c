/*
 * doc.c - the analysed document shared by every matcher: tokens, sentences
 * and the labelled spans (annotations) that rules add as they run.
 *
 * Annotations are kept in the order added (so a failed rule can be rolled
 * back by truncation) plus a per-label index sorted by start token, rebuilt
 * lazily for the labels that changed, so token patterns can ask "which ACTOR
 * spans start at token i" in O(log n).
 */
#include <stdlib.h>
#include <string.h>

#include "polis_text.h"

struct polis_annot_index {
    size_t *idx;          /* annotation indexes, sorted by (tok_start, -tok_end, index) */
    size_t n, cap;
    bool dirty;
};

void polis_doc_init(polis_doc *doc)
{
    memset(doc, 0, sizeof *doc);
}

void polis_doc_free(polis_doc *doc)
{
    polis_tokens_free(&doc->toks);
    polis_sentences_free(&doc->sents);
    free(doc->annots);
    for (size_t i = 0; i < doc->nindex; i++)
        free(doc->index[i].idx);
    free(doc->index);
    polis_doc_init(doc);
}

static void doc_clear_annots(polis_doc *doc)
{
    doc->nannots = 0;
    for (size_t i = 0; i < doc->nindex; i++) {
        doc->index[i].n = 0;
        doc->index[i].dirty = false;
    }
}

int polis_doc_analyze(polis_doc *doc, const char *text, size_t len, const polis_abbrevs *ab)
{
    doc->text = text;
    doc->len = len;
    doc_clear_annots(doc);
    if (polis_tokenize(text, len, ab, &doc->toks) != 0)
        return -1;
    return polis_split_sentences(text, len, &doc->toks, ab, &doc->sents);
}

static struct polis_annot_index *doc_index_for(polis_doc *doc, uint32_t label)
{
    if (label >= doc->nindex) {
        size_t n = label + 8;
        struct polis_annot_index *v = realloc(doc->index, n * sizeof *v);
        if (!v)
            return NULL;
        memset(v + doc->nindex, 0, (n - doc->nindex) * sizeof *v);
        doc->index = v;
        doc->nindex = n;
    }
    return &doc->index[label];
}

long polis_doc_annotate(polis_doc *doc, uint32_t label, uint32_t tok_start, uint32_t tok_end,
                        int32_t item)
{
    if (tok_start >= tok_end || tok_end > doc->toks.n)
        return -1;
    struct polis_annot_index *ix = doc_index_for(doc, label);
    if (!ix)
        return -1;
    if (doc->nannots == doc->annots_cap) {
        size_t cap = doc->annots_cap ? doc->annots_cap * 2 : 64;
        polis_annot *v = realloc(doc->annots, cap * sizeof *v);
        if (!v)
            return -1;
        doc->annots = v;
        doc->annots_cap = cap;
    }
    if (ix->n == ix->cap) {
        size_t cap = ix->cap ? ix->cap * 2 : 16;
        size_t *v = realloc(ix->idx, cap * sizeof *v);
        if (!v)
            return -1;
        ix->idx = v;
        ix->cap = cap;
    }
    size_t k = doc->nannots++;
    doc->annots[k] = (polis_annot){ label, tok_start, tok_end, item };
    /* Appending in start order keeps the index sorted; anything else marks it. */
    if (ix->n > 0) {
        const polis_annot *last = &doc->annots[ix->idx[ix->n - 1]];
        if (last->tok_start > tok_start || (last->tok_start == tok_start && last->tok_end < tok_end))
            ix->dirty = true;
    }
    ix->idx[ix->n++] = k;
    return (long)k;
}

void polis_doc_truncate_annots(polis_doc *doc, size_t n)
{
    if (n >= doc->nannots)
        return;
    doc->nannots = n;
    for (size_t l = 0; l < doc->nindex; l++) {
        struct polis_annot_index *ix = &doc->index[l];
        size_t w = 0;
        for (size_t r = 0; r < ix->n; r++)
            if (ix->idx[r] < n)
                ix->idx[w++] = ix->idx[r];
        ix->n = w;
    }
}

/* qsort has no context argument in C11: the comparator reads the document's
 * annotations through a thread-local pointer. */
static _Thread_local const polis_annot *sort_annots;

static int annot_cmp(const void *a, const void *b)
{
    size_t i = *(const size_t *)a, j = *(const size_t *)b;
    const polis_annot *x = &sort_annots[i], *y = &sort_annots[j];
    if (x->tok_start != y->tok_start)
        return x->tok_start < y->tok_start ? -1 : 1;
    if (x->tok_end != y->tok_end)
        return x->tok_end > y->tok_end ? -1 : 1;   /* longest first */
    return i < j ? -1 : i > j;
}

size_t polis_doc_annots_at(polis_doc *doc, uint32_t label, size_t i, const size_t **out)
{
    *out = NULL;
    if (label >= doc->nindex)
        return 0;
    struct polis_annot_index *ix = &doc->index[label];
    if (ix->dirty) {
        sort_annots = doc->annots;
        qsort(ix->idx, ix->n, sizeof *ix->idx, annot_cmp);
        ix->dirty = false;
    }
    size_t lo = 0, hi = ix->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (doc->annots[ix->idx[mid]].tok_start < i)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t end = lo;
    while (end < ix->n && doc->annots[ix->idx[end]].tok_start == i)
        end++;
    *out = end > lo ? ix->idx + lo : NULL;     /* idx is NULL for a label never used */
    return end - lo;
}

size_t polis_doc_token_at(const polis_doc *doc, size_t off)
{
    size_t lo = 0, hi = doc->toks.n;
    while (lo < hi) {             /* first token whose end is past off */
        size_t mid = (lo + hi) / 2;
        if (doc->toks.v[mid].end <= off)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}
