/*
 * text_internal.h - what the text-core sources (utf8.c, tokenize.c,
 * abbrevs.c, sentences.c) share privately: character classes, case and
 * diacritic folding, and abbreviation details. Not installed, not public API.
 */
#ifndef POLIS_TEXT_INTERNAL_H
#define POLIS_TEXT_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "polis_text.h"

/* What a character does for the tokenizer. */
enum txt_class {
    TXT_OTHER = 0,   /* symbol or punctuation with no role of its own: , ; : % & ... */
    TXT_SPACE,       /* horizontal whitespace (and control characters) */
    TXT_NEWLINE,     /* a line break: \n \r U+0085 U+2028 */
    TXT_PARA,        /* a paragraph break: U+2029 */
    TXT_IGNORABLE,   /* invisible, separates nothing: BOM */
    TXT_UPPER,       /* uppercase letter */
    TXT_LOWER,       /* lowercase letter */
    TXT_LETTER,      /* letter without case (CJK, Arabic, ...) */
    TXT_DIGIT,       /* ASCII digit */
    TXT_MARK,        /* combining mark or joiner: stays inside its word */
    TXT_QUOTE,       /* " ` “ ” „ « » ‘ ‹ › */
    TXT_APOS,        /* ' ’ ´ : a quote, or an apostrophe inside a word */
    TXT_DASH,        /* - – — ‒ ― − */
    TXT_HYPHEN,      /* U+2010, U+2011: a hyphen, never a dash */
    TXT_ELLIPSIS,    /* … */
    TXT_CURRENCY,    /* $ £ € ¥ ... */
    TXT_OPEN,        /* ( [ { */
    TXT_CLOSE,       /* ) ] } */
    TXT_END,         /* . ! ? and their script variants */
    TXT_BULLET,      /* • ‣ ⁃ ◦ ▪ ... */
};

/* Class of every ASCII byte. */
extern const uint8_t txt_ascii_class[128];

enum txt_class txt_classify(uint32_t cp);

static inline bool txt_is_letter(enum txt_class k)
{
    return k == TXT_UPPER || k == TXT_LOWER || k == TXT_LETTER;
}

/* Decode one code point of s[0..len) (len >= 1); *n gets its length. An
 * invalid byte decodes as 0xFFFD with *n = 1. */
uint32_t txt_decode(const unsigned char *s, size_t len, size_t *n);

/* Write the normalized form of cp (lowercased, Latin diacritics stripped,
 * typographic quotes and dashes folded to ASCII) to out, which must hold 4
 * bytes; returns the number of bytes written (0 for marks that vanish).
 * Never longer than cp's own UTF-8 encoding. */
size_t txt_fold(uint32_t cp, char *out);

/* Like polis_abbrevs_lookup; *weak says the period belongs to the word only
 * before a number (built-in entries that are also common words: "no", "sat"). */
int txt_abbrev_lookup(const polis_abbrevs *a, const char *word, size_t len, bool *weak);
/* The same for a key already normalized, with its polis_hash h. */
int txt_abbrev_lookup_key(const polis_abbrevs *a, const char *key, size_t len, uint32_t h,
                          bool *weak);

#endif
