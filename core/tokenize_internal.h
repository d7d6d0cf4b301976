/*
 * tokenize_internal.h - what the two halves of the tokenizer share:
 * tokenize.c (the driver, the output buffers, the hot loop for plain words
 * and punctuation) and tokenize_words.c (the general path for words,
 * numbers, URLs and e-mail addresses). Private; not installed.
 */
#ifndef POLIS_TOKENIZE_INTERNAL_H
#define POLIS_TOKENIZE_INTERNAL_H

#include "text_internal.h"

typedef struct tok_ctx {
    const unsigned char *s;
    size_t len;
    polis_tokens *out;
    const polis_abbrevs *ab;
    uint32_t pending;      /* SPACE/NEWLINE/PARA flags for the next token (NEWLINE:
                              a line break since the last token) */
    bool squote_open;      /* an opening single quote awaits its close on this line */
    size_t email_miss;     /* no e-mail address starts before this offset */
    size_t chain_end;      /* a checked chain of hyphenated plain words ends here */
} tok_ctx;

static inline bool tok_is_digit(unsigned char b) { return b >= '0' && b <= '9'; }
static inline bool tok_is_alpha(unsigned char b) { return (unsigned char)((b | 0x20) - 'a') < 26; }
static inline bool tok_is_alnum(unsigned char b) { return tok_is_digit(b) || tok_is_alpha(b); }
static inline unsigned char tok_lower(unsigned char b) { return tok_is_alpha(b) ? b | 0x20 : b; }

/* Class of the code point at i (< len); its byte length in *n. */
static inline enum txt_class tok_class_at(const tok_ctx *c, size_t i, size_t *n)
{
    unsigned char b = c->s[i];
    if (b < 0x80) {
        *n = 1;
        return (enum txt_class)txt_ascii_class[b];
    }
    return txt_classify(txt_decode(c->s + i, c->len - i, n));
}

static inline bool tok_is_wordish(enum txt_class k)
{
    return txt_is_letter(k) || k == TXT_DIGIT || k == TXT_MARK;
}

/* True when a letter, digit or mark starts at i (false at the end). */
static inline bool tok_word_at(const tok_ctx *c, size_t i)
{
    size_t n;
    return i < c->len && tok_is_wordish(tok_class_at(c, i, &n));
}

/* Append token [a, b) with role flags f (shape flags are added); norm
 * replaces the folded form when not NULL. Returns 0 or -1 (no memory). */
int tok_push(tok_ctx *c, size_t a, size_t b, uint32_t f, const char *norm);

/* A word, number, URL or e-mail address starting at *pos (a letter, digit
 * or mark): emits its tokens and moves *pos past them. Returns 0 or -1. */
int tok_word(tok_ctx *c, size_t *pos);

#endif
