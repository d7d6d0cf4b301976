/*
 * fuzz_text.c - UTF-8 sanitizing, the tokenizer and the sentence splitter.
 *
 * The input is a document's raw bytes. It is tokenized as it is (tokenize
 * must not fail or read out of bounds even on invalid UTF-8), then sanitized
 * and analysed again, and the invariants the rest of the engine relies on are
 * checked: sanitized text is valid, tokens are ordered spans of the text with
 * consistent normalized forms and hashes, and sentences cover the tokens in
 * order with SENT_START on exactly their first token.
 */
#include "polis_text.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fz_text_check_tokens(const char *text, size_t len, const polis_tokens *t)
{
    size_t prev_end = 0;
    for (size_t i = 0; i < t->n; i++) {
        const polis_token *k = &t->v[i];
        FZ_ASSERT(k->start < k->end && k->end <= len && k->start >= prev_end);
        FZ_ASSERT(k->norm + k->norm_len < t->norm_len + 1);
        FZ_ASSERT(t->norm[k->norm + k->norm_len] == '\0');
        FZ_ASSERT(strlen(polis_token_norm(t, i)) == k->norm_len);
        FZ_ASSERT(k->hash == polis_hash(polis_token_norm(t, i), k->norm_len));
        FZ_ASSERT(((unsigned char)text[k->start] & 0xC0) != 0x80);   /* whole characters */
        FZ_ASSERT(k->end == len || ((unsigned char)text[k->end] & 0xC0) != 0x80);
        prev_end = k->end;
    }
}

static void fz_text_check_sentences(const polis_tokens *t, const polis_sentences *s)
{
    size_t next = 0;
    for (size_t j = 0; j < s->n; j++) {
        const polis_sentence *x = &s->v[j];
        FZ_ASSERT(x->tok_start == next && x->tok_end > x->tok_start && x->tok_end <= t->n);
        FZ_ASSERT(x->start == t->v[x->tok_start].start && x->end == t->v[x->tok_end - 1].end);
        for (size_t i = x->tok_start; i < x->tok_end; i++) {
            FZ_ASSERT(t->v[i].sentence == j);
            FZ_ASSERT(!!(t->v[i].flags & POLIS_TOK_SENT_START) == (i == x->tok_start));
        }
        next = x->tok_end;
    }
    FZ_ASSERT(next == t->n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static polis_abbrevs *custom;
    if (!custom) {
        custom = polis_abbrevs_new();
        polis_abbrevs_add(custom, "sen", 3, POLIS_ABBR_TITLE);
        polis_abbrevs_add(custom, "approx", 6, POLIS_ABBR_GENERAL);
        polis_abbrevs_add(custom, "u.s.s.r", 7, POLIS_ABBR_GENERAL);
    }
    const polis_abbrevs *ab = size && (data[0] & 1) ? custom : NULL;
    polis_tokens toks = { 0 };
    polis_sentences sents = { 0 };

    char *raw = fz_copy(data, size);              /* as it came: no crash, no overrun */
    FZ_ASSERT(polis_tokenize(raw, size, ab, &toks) == 0);
    FZ_ASSERT(polis_split_sentences(raw, size, &toks, ab, &sents) == 0);

    size_t first_bad = 0;
    size_t bad = polis_utf8_sanitize(raw, size, &first_bad);
    FZ_ASSERT(bad <= size && (bad == 0 || first_bad < size));
    FZ_ASSERT(polis_utf8_sanitize(raw, size, NULL) == 0);   /* now valid */
    for (size_t i = 0, n; i < size; i += n) {
        uint32_t cp = polis_utf8_decode(raw + i, size - i, &n);
        FZ_ASSERT(n >= 1 && n <= 4 && i + n <= size && cp <= 0x10FFFF);
        FZ_ASSERT(cp != 0);                        /* NULs were replaced */
    }
    FZ_ASSERT(polis_tokenize(raw, size, ab, &toks) == 0);
    fz_text_check_tokens(raw, size, &toks);
    FZ_ASSERT(polis_split_sentences(raw, size, &toks, ab, &sents) == 0);
    fz_text_check_sentences(&toks, &sents);

    char *norm = malloc(4 * size + 1);             /* the documented bound */
    FZ_ASSERT(norm != NULL);
    size_t nlen = polis_normalize(raw, size, norm);
    FZ_ASSERT(nlen <= 4 * size);

    polis_doc doc;                                 /* the document wrapper over the same text */
    polis_doc_init(&doc);
    FZ_ASSERT(polis_doc_analyze(&doc, raw, size, ab) == 0);
    FZ_ASSERT(doc.toks.n == toks.n && doc.sents.n == sents.n);
    for (size_t i = 0; i < doc.toks.n; i++)
        FZ_ASSERT(polis_doc_token_at(&doc, doc.toks.v[i].start) == i);
    FZ_ASSERT(polis_doc_token_at(&doc, size) == doc.toks.n);
    polis_doc_free(&doc);

    free(norm);
    free(raw);
    polis_tokens_free(&toks);
    polis_sentences_free(&sents);
    return 0;
}
