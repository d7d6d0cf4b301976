/*
 * utf8.c - UTF-8 hygiene and the character knowledge of the text core:
 * sanitizing, decoding, character classes, and case/diacritic folding
 * (polis_normalize).
 *
 * The case tables cover what political news needs (ASCII, Latin-1, Latin
 * Extended-A, Greek, Cyrillic) and are written as ranges and rules rather
 * than a full Unicode database, so the whole thing stays a few hundred lines.
 */
#include <string.h>

#include "text_internal.h"

#if !defined(POLIS_NO_SIMD) \
    && (defined(__SSE2__) || defined(_M_X64) || (defined(_M_IX86_FP) && _M_IX86_FP >= 2))
#define UTF8_SIMD 1
#include <emmintrin.h>
#else
#define UTF8_SIMD 0
#endif

/* ------------------------------------------------------------ validation */

/* Length (1..4) of the well-formed sequence at s, or 0 when s[0] does not
 * start one. Overlong forms, surrogates and code points past U+10FFFF are
 * not well formed. */
static inline size_t utf8_seq_len(const unsigned char *s, size_t len)
{
    unsigned char c = s[0];
    if (c < 0x80)
        return 1;
    if (c < 0xC2)
        return 0;                           /* continuation byte or overlong lead */
    if (c < 0xE0)
        return len >= 2 && (s[1] & 0xC0) == 0x80 ? 2 : 0;
    if (c < 0xF0) {
        unsigned char lo = c == 0xE0 ? 0xA0 : 0x80;   /* E0: no overlongs */
        unsigned char hi = c == 0xED ? 0x9F : 0xBF;   /* ED: no surrogates */
        if (len < 3 || s[1] < lo || s[1] > hi || (s[2] & 0xC0) != 0x80)
            return 0;
        return 3;
    }
    if (c < 0xF5) {
        unsigned char lo = c == 0xF0 ? 0x90 : 0x80;   /* F0: no overlongs */
        unsigned char hi = c == 0xF4 ? 0x8F : 0xBF;   /* F4: nothing past U+10FFFF */
        if (len < 4 || s[1] < lo || s[1] > hi || (s[2] & 0xC0) != 0x80
            || (s[3] & 0xC0) != 0x80)
            return 0;
        return 4;
    }
    return 0;
}

/* True when the 8 bytes in v are all ASCII and none is NUL. */
static inline bool utf8_word_clean(uint64_t v)
{
    const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
    return ((v | ((v - ones) & ~v)) & highs) == 0;
}

size_t polis_utf8_sanitize(char *buf, size_t len, size_t *first_bad)
{
    unsigned char *s = (unsigned char *)buf;
    size_t bad = 0, i = 0;
    while (i < len) {
#if UTF8_SIMD
        while (i + 16 <= len) {                 /* skip clean ASCII 16 bytes at a time */
            __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
            /* high bit set: not ASCII; equal to zero: NUL */
            if (_mm_movemask_epi8(_mm_or_si128(v, _mm_cmpeq_epi8(v, _mm_setzero_si128()))))
                break;
            i += 16;
        }
#endif
        while (i + 8 <= len) {                  /* skip clean ASCII 8 bytes at a time */
            uint64_t v;
            memcpy(&v, s + i, 8);
            if (!utf8_word_clean(v))
                break;
            i += 8;
        }
        if (i >= len)
            break;
        size_t n = s[i] == 0 ? 0 : utf8_seq_len(s + i, len - i);
        if (n == 0) {
            if (bad++ == 0 && first_bad)
                *first_bad = i;
            s[i] = '?';
            n = 1;
        }
        i += n;
    }
    return bad;
}

uint32_t txt_decode(const unsigned char *s, size_t len, size_t *n)
{
    size_t k = utf8_seq_len(s, len);
    switch (k) {
    case 1: *n = 1; return s[0];
    case 2: *n = 2; return (uint32_t)(s[0] & 0x1F) << 6 | (s[1] & 0x3F);
    case 3: *n = 3; return (uint32_t)(s[0] & 0x0F) << 12 | (uint32_t)(s[1] & 0x3F) << 6 | (s[2] & 0x3F);
    case 4:
        *n = 4;
        return (uint32_t)(s[0] & 0x07) << 18 | (uint32_t)(s[1] & 0x3F) << 12
               | (uint32_t)(s[2] & 0x3F) << 6 | (s[3] & 0x3F);
    default: *n = 1; return 0xFFFD;
    }
}

uint32_t polis_utf8_decode(const char *s, size_t len, size_t *n)
{
    if (len == 0) {               /* nothing to read: report one invalid byte */
        *n = 1;
        return 0xFFFD;
    }
    return txt_decode((const unsigned char *)s, len, n);
}

static size_t utf8_encode(uint32_t cp, char *out)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | cp >> 6);
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | cp >> 12);
        out[1] = (char)(0x80 | (cp >> 6 & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | cp >> 18);
    out[1] = (char)(0x80 | (cp >> 12 & 0x3F));
    out[2] = (char)(0x80 | (cp >> 6 & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* ------------------------------------------------------------ classes */

#define S_ TXT_SPACE
#define N_ TXT_NEWLINE
#define U_ TXT_UPPER
#define L_ TXT_LOWER
#define D_ TXT_DIGIT
#define O_ TXT_OTHER
const uint8_t txt_ascii_class[128] = {
    S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, N_, S_, S_, N_, S_, S_,   /* \t \n \v \f \r */
    S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_,
    /*  sp     !        "          #   $             %   &   '         */
    S_, TXT_END, TXT_QUOTE, O_, TXT_CURRENCY, O_, O_, TXT_APOS,
    /*  (         )          *   +   ,   -         .        /  */
    TXT_OPEN, TXT_CLOSE, O_, O_, O_, TXT_DASH, TXT_END, O_,
    D_, D_, D_, D_, D_, D_, D_, D_, D_, D_, O_, O_, O_, O_, O_, TXT_END,   /* 0-9 : ; < = > ? */
    O_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_,       /* @ A-O */
    U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, U_, TXT_OPEN, O_, TXT_CLOSE, O_, O_, /* P-Z [ \ ] ^ _ */
    TXT_QUOTE, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, /* ` a-o */
    L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, TXT_OPEN, O_, TXT_CLOSE, O_, S_, /* p-z { | } ~ DEL */
};

/* U+0080..U+00BF: C1 controls, then Latin-1 punctuation and symbols. */
static const uint8_t latin1_punct[64] = {
    S_, S_, S_, S_, S_, N_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_,   /* 85: NEL */
    S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_, S_,
    /* nbsp ¡  ¢             £             ¤             ¥             ¦   §  */
    S_, O_, TXT_CURRENCY, TXT_CURRENCY, TXT_CURRENCY, TXT_CURRENCY, O_, O_,
    /* ¨  ©   ª   «          ¬   shy       ®   ¯  */
    O_, O_, L_, TXT_QUOTE, O_, TXT_MARK, O_, O_,
    /* °  ±   ²   ³   ´         µ   ¶   ·  */
    O_, O_, O_, O_, TXT_APOS, L_, O_, O_,
    /* ¸  ¹   º   »          ¼   ½   ¾   ¿  */
    O_, O_, L_, TXT_QUOTE, O_, O_, O_, O_,
};
#undef S_
#undef N_
#undef U_
#undef L_
#undef D_
#undef O_

static enum txt_class class_latin(uint32_t cp)          /* U+00C0..U+017F */
{
    if (cp < 0x100) {
        if (cp == 0xD7 || cp == 0xF7)
            return TXT_OTHER;                            /* × ÷ */
        return cp < 0xDF ? TXT_UPPER : TXT_LOWER;
    }
    if (cp == 0x138 || cp == 0x149 || cp == 0x17F)
        return TXT_LOWER;                                /* ĸ ŉ ſ have no uppercase */
    if (cp == 0x178)
        return TXT_UPPER;                                /* Ÿ */
    bool odd = cp & 1;
    if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E))
        return odd ? TXT_UPPER : TXT_LOWER;              /* pairs starting on odd */
    return odd ? TXT_LOWER : TXT_UPPER;                  /* pairs starting on even */
}

static enum txt_class class_greek(uint32_t cp)          /* U+0370..U+03FF */
{
    if (cp == 0x37E)
        return TXT_END;                                  /* Greek question mark */
    if (cp == 0x374 || cp == 0x375 || cp == 0x384 || cp == 0x385 || cp == 0x387 || cp == 0x3F6)
        return TXT_OTHER;
    if (cp == 0x386 || (cp >= 0x388 && cp <= 0x38F) || (cp >= 0x391 && cp <= 0x3AB)
        || cp == 0x37F || cp == 0x3CF || (cp >= 0x3D2 && cp <= 0x3D4) || cp == 0x3F4
        || cp == 0x3F7 || cp == 0x3F9 || cp == 0x3FA || cp >= 0x3FD)
        return TXT_UPPER;
    if ((cp >= 0x370 && cp <= 0x377) || (cp >= 0x3D8 && cp <= 0x3EF))
        return cp & 1 ? TXT_LOWER : TXT_UPPER;
    return TXT_LOWER;
}

static enum txt_class class_cyrillic(uint32_t cp)       /* U+0400..U+052F */
{
    if (cp < 0x430)
        return TXT_UPPER;
    if (cp < 0x460)
        return TXT_LOWER;
    if (cp == 0x482)
        return TXT_OTHER;
    if (cp >= 0x483 && cp <= 0x489)
        return TXT_MARK;
    if (cp == 0x4C0)
        return TXT_UPPER;
    if (cp == 0x4CF)
        return TXT_LOWER;
    if (cp >= 0x4C1 && cp <= 0x4CE)
        return cp & 1 ? TXT_UPPER : TXT_LOWER;
    return cp & 1 ? TXT_LOWER : TXT_UPPER;
}

static enum txt_class class_general_punct(uint32_t cp)  /* U+2000..U+206F */
{
    if (cp <= 0x200A || cp == 0x202F || cp == 0x205F)
        return TXT_SPACE;
    if (cp == 0x200B || cp == 0x2060)
        return TXT_IGNORABLE;                            /* zero-width space, word joiner */
    if (cp <= 0x200F || (cp >= 0x2061 && cp <= 0x206F) || (cp >= 0x202A && cp <= 0x202E))
        return TXT_MARK;                                 /* joiners, direction marks */
    if (cp == 0x2010 || cp == 0x2011)
        return TXT_HYPHEN;
    if (cp <= 0x2015)
        return TXT_DASH;
    if (cp == 0x2019)
        return TXT_APOS;
    if (cp >= 0x2018 && cp <= 0x201F)
        return TXT_QUOTE;
    if (cp == 0x2022 || cp == 0x2023 || cp == 0x2043 || cp == 0x204C || cp == 0x204D)
        return TXT_BULLET;
    if (cp == 0x2026)
        return TXT_ELLIPSIS;
    if (cp == 0x2028)
        return TXT_NEWLINE;
    if (cp == 0x2029)
        return TXT_PARA;
    if (cp == 0x2039 || cp == 0x203A)
        return TXT_QUOTE;
    if (cp == 0x203C || cp == 0x2047 || cp == 0x2048 || cp == 0x2049)
        return TXT_END;                                  /* ‼ ⁇ ⁈ ⁉ */
    return TXT_OTHER;
}

static enum txt_class class_cjk_punct(uint32_t cp)      /* U+3000..U+303F */
{
    if (cp == 0x3000)
        return TXT_SPACE;
    if (cp == 0x3002)
        return TXT_END;
    if (cp >= 0x300C && cp <= 0x300F)
        return TXT_QUOTE;
    if (cp >= 0x3008 && cp <= 0x3011)
        return cp & 1 ? TXT_CLOSE : TXT_OPEN;
    if (cp >= 0x3005 && cp <= 0x3007)
        return TXT_LETTER;
    return TXT_OTHER;
}

static enum txt_class class_fullwidth(uint32_t cp)      /* U+FF00..U+FFEF */
{
    if (cp == 0xFF01 || cp == 0xFF0E || cp == 0xFF1F || cp == 0xFF61)
        return TXT_END;
    if (cp == 0xFF08 || cp == 0xFF3B || cp == 0xFF5B)
        return TXT_OPEN;
    if (cp == 0xFF09 || cp == 0xFF3D || cp == 0xFF5D)
        return TXT_CLOSE;
    if (cp == 0xFF0D)
        return TXT_DASH;
    if (cp >= 0xFF21 && cp <= 0xFF3A)
        return TXT_UPPER;
    if (cp >= 0xFF41 && cp <= 0xFF5A)
        return TXT_LOWER;
    if ((cp >= 0xFF10 && cp <= 0xFF19) || cp >= 0xFF66)
        return TXT_LETTER;                               /* fullwidth digits, halfwidth kana */
    if (cp == 0xFF04 || (cp >= 0xFFE0 && cp <= 0xFFE6))
        return TXT_CURRENCY;
    return TXT_OTHER;
}

enum txt_class txt_classify(uint32_t cp)
{
    if (cp < 0x80)
        return (enum txt_class)txt_ascii_class[cp];
    if (cp < 0xC0)
        return (enum txt_class)latin1_punct[cp - 0x80];
    if (cp < 0x180)
        return class_latin(cp);
    if (cp < 0x2B0)
        return TXT_LETTER;                               /* Latin Extended-B, IPA */
    if (cp < 0x300)
        return cp == 0x2BC ? TXT_LETTER : (cp >= 0x2C2 && cp <= 0x2DF) ? TXT_OTHER : TXT_LETTER;
    if (cp < 0x370)
        return TXT_MARK;
    if (cp < 0x400)
        return class_greek(cp);
    if (cp < 0x530)
        return class_cyrillic(cp);
    if (cp < 0x2000) {
        switch (cp) {
        case 0x55D: case 0x60C: case 0x61B: return TXT_OTHER;       /* Armenian, Arabic commas */
        case 0x589: case 0x61F: case 0x6D4: case 0x964: case 0x965: return TXT_END;
        case 0x5BE: return TXT_HYPHEN;                              /* Hebrew maqaf */
        case 0x1680: return TXT_SPACE;
        default: break;
        }
        if (cp >= 0x591 && cp <= 0x5C7)
            return TXT_MARK;                                        /* Hebrew points */
        if ((cp >= 0x610 && cp <= 0x61A) || (cp >= 0x64B && cp <= 0x65F) || cp == 0x670)
            return TXT_MARK;                                        /* Arabic marks */
        if (cp >= 0x1AB0 && cp <= 0x1AFF)
            return TXT_MARK;
        if (cp >= 0x1DC0 && cp <= 0x1DFF)
            return TXT_MARK;
        return TXT_LETTER;
    }
    if (cp < 0x2070)
        return class_general_punct(cp);
    if (cp < 0x20A0)
        return TXT_OTHER;                                           /* super/subscripts */
    if (cp < 0x20D0)
        return TXT_CURRENCY;
    if (cp < 0x2100)
        return TXT_MARK;                                            /* marks for symbols */
    if (cp < 0x2C00) {
        if (cp == 0x2212)
            return TXT_DASH;                                        /* minus sign */
        if (cp == 0x2219 || (cp >= 0x25A0 && cp <= 0x25FF) || (cp >= 0x2794 && cp <= 0x27BF)
            || cp == 0x2713 || cp == 0x2714)
            return TXT_BULLET;                                      /* ∙ shapes ➢ ✓ */
        return TXT_OTHER;
    }
    if (cp >= 0x2E00 && cp < 0x2E80)
        return cp == 0x2E3A || cp == 0x2E3B ? TXT_DASH : TXT_OTHER;
    if (cp >= 0x3000 && cp < 0x3040)
        return class_cjk_punct(cp);
    if (cp >= 0xFE00 && cp < 0xFE10)
        return TXT_MARK;                                            /* variation selectors */
    if (cp >= 0xFE20 && cp < 0xFE30)
        return TXT_MARK;
    if (cp == 0xFEFF)
        return TXT_IGNORABLE;                                       /* BOM */
    if (cp >= 0xFE30 && cp < 0xFF00)
        return TXT_OTHER;                                           /* compatibility forms */
    if (cp >= 0xFF00 && cp < 0xFFF0)
        return class_fullwidth(cp);
    if (cp >= 0xFFF0 && cp < 0x10000)
        return cp == 0xFFFD ? TXT_LETTER : TXT_OTHER;  /* keep a replaced byte inside its word */
    if (cp >= 0x1F3FB && cp <= 0x1F3FF)
        return TXT_MARK;                                            /* skin tones */
    if (cp >= 0x1F000 && cp < 0x1FC00)
        return TXT_OTHER;                                           /* emoji, symbols */
    if (cp >= 0xE0000 && cp < 0xE0080)
        return TXT_MARK;                                            /* tags */
    if (cp >= 0xE0100 && cp < 0xE01F0)
        return TXT_MARK;
    return TXT_LETTER;
}

/* ------------------------------------------------------------ folding */

/* U+00C0..U+017F: the ASCII letter each folds to (lowercase, diacritics
 * stripped); '*' marks a two-letter fold (æ ß þ ĳ œ), ' ' a non-letter. */
static const char latin_base[] =
    "aaaaaa*ceeeeiiii"   /* À..Ï */
    "dnooooo ouuuuy**"   /* Ð..ß */
    "aaaaaa*ceeeeiiii"   /* à..ï */
    "dnooooo ouuuuy*y"   /* ð..ÿ */
    "aaaaaaccccccccdd"   /* Ā..ď */
    "ddeeeeeeeeeegggg"   /* Đ..ğ */
    "gggghhhhiiiiiiii"   /* Ġ..į */
    "ii**jjkkklllllll"   /* İ..Ŀ */
    "lllnnnnnnnnnoooo"   /* ŀ..ŏ */
    "oo**rrrrrrssssss"   /* Ő..ş */
    "ssttttttuuuuuuuu"   /* Š..ů */
    "uuuuwwyyyzzzzzzs";  /* Ű..ſ */

static size_t fold_latin(uint32_t cp, char *out)
{
    char c = latin_base[cp - 0xC0];
    if (c != '*') {
        out[0] = c;
        return 1;
    }
    const char *two;
    switch (cp) {
    case 0xC6: case 0xE6: two = "ae"; break;
    case 0xDF: two = "ss"; break;
    case 0xDE: case 0xFE: two = "th"; break;
    case 0x132: case 0x133: two = "ij"; break;
    default: two = "oe"; break;               /* Œ œ */
    }
    out[0] = two[0];
    out[1] = two[1];
    return 2;
}

static uint32_t lower_greek(uint32_t cp)
{
    if (cp >= 0x391 && cp <= 0x3AB)
        return cp + 0x20;
    switch (cp) {
    case 0x386: return 0x3AC;
    case 0x388: case 0x389: case 0x38A: return cp + 0x25;
    case 0x38C: return 0x3CC;
    case 0x38E: case 0x38F: return cp + 0x3F;
    case 0x37F: return 0x3F3;
    case 0x3CF: return 0x3D7;
    case 0x3F4: return 0x3B8;
    case 0x3F7: return 0x3F8;
    case 0x3F9: return 0x3F2;
    case 0x3FA: return 0x3FB;
    case 0x3FD: case 0x3FE: case 0x3FF: return cp - 0x82;
    default: break;
    }
    if (((cp >= 0x370 && cp <= 0x377) || (cp >= 0x3D8 && cp <= 0x3EF)) && !(cp & 1))
        return cp + 1;
    return cp;
}

static uint32_t lower_cyrillic(uint32_t cp)
{
    if (cp < 0x410)
        return cp + 0x50;
    if (cp < 0x430)
        return cp + 0x20;
    if (cp == 0x4C0)
        return 0x4CF;
    return class_cyrillic(cp) == TXT_UPPER ? cp + 1 : cp;
}

/* Typographic punctuation that folds to ASCII, or 0. */
static const char *fold_punct(uint32_t cp)
{
    switch (cp) {
    case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032: case 0x2039:
    case 0x203A: case 0xB4:
        return "'";
    case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x2033: case 0xAB: case 0xBB:
        return "\"";
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015:
    case 0x2212: case 0xFE58: case 0xFE63: case 0xFF0D: case 0x2E3A: case 0x2E3B:
        return "-";
    case 0x2026:
        return "...";
    case 0xA0: case 0x202F: case 0x205F: case 0x3000: case 0x1680:
        return " ";
    default:
        return NULL;
    }
}

size_t txt_fold(uint32_t cp, char *out)
{
    if (cp < 0x80) {
        out[0] = (char)(cp >= 'A' && cp <= 'Z' ? cp | 0x20 : cp);
        return 1;
    }
    if (cp >= 0xC0 && cp < 0x180 && latin_base[cp - 0xC0] != ' ')
        return fold_latin(cp, out);
    if (cp >= 0x370 && cp < 0x400)
        return utf8_encode(lower_greek(cp), out);
    if (cp >= 0x400 && cp < 0x530)
        return utf8_encode(lower_cyrillic(cp), out);
    if ((cp >= 0x300 && cp < 0x370) || cp == 0xAD || (cp >= 0x200B && cp <= 0x200F)
        || cp == 0x2060 || cp == 0xFEFF || (cp >= 0xFE00 && cp < 0xFE10))
        return 0;                       /* combining diacritics, soft hyphen, invisibles */
    if (cp >= 0x2000 && cp <= 0x200A)
        return out[0] = ' ', 1;
    const char *p = fold_punct(cp);
    if (p) {
        size_t n = strlen(p);
        memcpy(out, p, n);
        return n;
    }
    if (cp >= 0xFF01 && cp <= 0xFF5E)   /* fullwidth ASCII */
        return txt_fold(cp - 0xFEE0, out);
    return utf8_encode(cp, out);
}

size_t polis_normalize(const char *s, size_t len, char *out)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t o = 0;
    for (size_t i = 0; i < len;) {
        unsigned char b = u[i];
        if (b < 0x80) {
            out[o++] = (char)(b >= 'A' && b <= 'Z' ? b | 0x20 : b);
            i++;
            continue;
        }
        size_t n;
        uint32_t cp = txt_decode(u + i, len - i, &n);
        if (cp == 0xFFFD && n == 1)
            out[o++] = '?';             /* an invalid byte: one byte out, as sanitize does */
        else
            o += txt_fold(cp, out + o);
        i += n;
    }
    out[o] = '\0';
    return o;
}
