/*
 * tokenize.c - text -> tokens: byte spans, shape flags and normalized forms.
 * The rules, with examples, are in docs/tokens.md.
 *
 * One left-to-right pass. Whitespace sets the SPACE/NEWLINE/PARA flags of
 * the next token. A hot loop takes the plain tokens that make up most of a
 * news text (ASCII words, plain numbers, one-byte punctuation) in one pass
 * that scans, lowercases and hashes; anything else goes to the general
 * path: words, numbers, URLs and e-mail addresses in tokenize_words.c,
 * punctuation here (one token per mark, or per run of marks of one kind:
 * "...", "?!", "--"). Both paths give the same tokens.
 *
 * Buffers grow geometrically and are reused between calls: no allocation
 * per token.
 */
#include <stdlib.h>
#include <string.h>

#include "tokenize_internal.h"

/* ------------------------------------------------------------ output */

static int tok_grow(polis_tokens *t, size_t norm_need)
{
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 1024;
        polis_token *v = realloc(t->v, cap * sizeof *v);
        if (!v)
            return -1;
        t->v = v;
        t->cap = cap;
    }
    if (t->norm_cap - t->norm_len < norm_need) {
        size_t cap = t->norm_cap ? t->norm_cap * 2 : 16384;
        while (cap - t->norm_len < norm_need)
            cap *= 2;
        char *p = realloc(t->norm, cap);
        if (!p)
            return -1;
        t->norm = p;
        t->norm_cap = cap;
    }
    return 0;
}

/* Room for one more token and norm_need bytes of normalized text. */
static inline int tok_reserve(polis_tokens *t, size_t norm_need)
{
    if (t->n < t->cap && t->norm_cap - t->norm_len >= norm_need)
        return 0;
    return tok_grow(t, norm_need);
}

/* Fold s[0..n) into dst (never longer than n) and add the shape flags of
 * its letters and digits to *flags; returns the folded length. */
static size_t tok_fold_shape(const unsigned char *s, size_t n, char *dst, uint32_t *flags)
{
    size_t o = 0, letters = 0, uppers = 0, lowers = 0;
    bool first_upper = false, digit = false, question = false, invalid = false;
    for (size_t i = 0; i < n;) {
        unsigned char b = s[i];
        enum txt_class k;
        if (b < 0x80) {
            k = (enum txt_class)txt_ascii_class[b];
            dst[o++] = (char)(k == TXT_UPPER ? b | 0x20 : b);
            question |= b == '?';
            i++;
        } else {
            size_t m;
            uint32_t cp = txt_decode(s + i, n - i, &m);
            if (cp == 0xFFFD && m == 1) {          /* a byte that is not UTF-8 */
                dst[o++] = '?';
                invalid = true;
                k = TXT_OTHER;
            } else {
                k = txt_classify(cp);
                o += txt_fold(cp, dst + o);
            }
            i += m;
        }
        switch (k) {
        case TXT_UPPER:
            first_upper |= letters == 0;
            letters++;
            uppers++;
            break;
        case TXT_LOWER:
            letters++;
            lowers++;
            break;
        case TXT_LETTER:
            letters++;
            break;
        case TXT_DIGIT:
            digit = true;
            break;
        default:
            break;
        }
    }
    uint32_t f = 0;
    if (letters) {
        f |= POLIS_TOK_WORD;
        if (first_upper)
            f |= POLIS_TOK_CAP;
        if (uppers == letters && letters >= 2)
            f |= POLIS_TOK_UPPER;
        if (lowers == letters)
            f |= POLIS_TOK_LOWER;
        if (question && !(*flags & POLIS_TOK_URL))
            invalid = true;                 /* '?' inside a word: a byte sanitize replaced */
    }
    if (digit)
        f |= POLIS_TOK_DIGIT;
    if (!letters && !digit)
        f |= POLIS_TOK_PUNCT;
    if (invalid)
        f |= POLIS_TOK_INVALID;
    *flags |= f;
    return o;
}

/* Record token [a, b) whose normalized form (n bytes, hash h) has just been
 * written at the end of the norm arena. */
static inline void tok_append(tok_ctx *c, size_t a, size_t b, uint32_t f, size_t n, uint32_t h)
{
    polis_tokens *t = c->out;
    t->norm[t->norm_len + n] = '\0';
    polis_token *tk = &t->v[t->n++];
    tk->start = (uint32_t)a;
    tk->end = (uint32_t)b;
    tk->norm = (uint32_t)t->norm_len;
    tk->norm_len = (uint32_t)n;
    tk->hash = h;
    tk->flags = f | c->pending;
    tk->sentence = 0;
    t->norm_len += n + 1;
    c->pending = 0;
}

/* Append token [a, b) with role flags f; norm replaces the folded form when
 * not NULL (the "ca" of "can't" reads "can"). */
int tok_push(tok_ctx *c, size_t a, size_t b, uint32_t f, const char *norm)
{
    polis_tokens *t = c->out;
    if (tok_reserve(t, b - a + 8) != 0)    /* folding never lengthens; 8: "shall" + NUL */
        return -1;
    char *dst = t->norm + t->norm_len;
    size_t n = tok_fold_shape(c->s + a, b - a, dst, &f);
    if (norm) {
        n = strlen(norm);
        memcpy(dst, norm, n);
    }
    tok_append(c, a, b, f, n, polis_hash(dst, n));
    return 0;
}

/* ------------------------------------------------------------ fast paths */

/* Most tokens are plain ASCII words followed by a space or a comma, or a
 * single comma, parenthesis or quote. These take one pass that copies the
 * lowercase form, hashes it (FNV-1a, as polis_hash) and counts capitals. The
 * result is the same as the general path's; anything unusual goes there.
 *
 * On x86 (SSE2, always there on x86-64) a word or number is cut with one
 * 16-byte load: a compare gives the mask of its letters (or digits), the
 * first clear bit its end, and one store writes the lowercase form. The hash
 * of the first eight bytes is computed without a branch (the loop over a
 * word's bytes would mispredict at its end at nearly every token). The load
 * is only made where 16 bytes of the text remain; the last 15 bytes, words
 * of 16 letters or more and other targets take the scalar loop, which gives
 * the same tokens. */

#if !defined(POLIS_NO_SIMD) \
    && (defined(__SSE2__) || defined(_M_X64) || (defined(_M_IX86_FP) && _M_IX86_FP >= 2))
#define TOK_SIMD 1
#include <emmintrin.h>
#else
#define TOK_SIMD 0
#endif

#define TOK_FNV_OFFSET 2166136261u
#define TOK_FNV_PRIME  16777619u
#define TOK_FAST_MAX   48           /* longer words take the general path */

/* What the byte after a plain word means (tok_stop_kind). */
enum { STOP_NO = 0, STOP_YES, STOP_IF_SPACE, STOP_PERIOD };

/* Can a plain word end before s[j] without any rule looking further? Not
 * before '-', an apostrophe, a digit or a non-ASCII letter; before '?' and
 * ':' only when a space follows (a byte sanitize replaced, "http:"); before
 * '.' when tok_fast_period says so. */
static const uint8_t tok_stop_kind[256] = {
    [' '] = STOP_YES, ['\n'] = STOP_YES, ['\r'] = STOP_YES, ['\t'] = STOP_YES,
    [','] = STOP_YES, [';'] = STOP_YES, [')'] = STOP_YES, [']'] = STOP_YES, ['"'] = STOP_YES,
    ['!'] = STOP_YES, ['?'] = STOP_IF_SPACE, [':'] = STOP_IF_SPACE, ['.'] = STOP_PERIOD,
};

/* Does the period at j end a plain word (not "...", ". . .", "U.S" or a
 * known abbreviation)? */
static bool tok_fast_period(const tok_ctx *c, size_t i, size_t j, const char *norm, uint32_t h)
{
    const unsigned char *s = c->s;
    if (j + 1 < c->len) {
        unsigned char b = s[j + 1];
        if (b != ' ' && b != '\n' && b != '\r' && b != '"' && b != ')')
            return false;
        if (b == ' ' && j + 2 < c->len && s[j + 2] == '.')
            return false;
    }
    if (j - i == 1 && !(s[i] & 0x20))
        return false;                                /* an initial: J. */
    return txt_abbrev_lookup_key(c->ab, norm, j - i, h, NULL) < 0;
}

/* End of a chain of plain words joined by hyphens that starts with the
 * hyphen at j ("-led" of "US-led", "-to-eye" of "eye-to-eye") and is
 * followed by a plain stop (a space, a comma...; not a period, an
 * apostrophe or a digit), or j when there is none. The general path would
 * cut such a run into the same words and hyphens, so the hot loop may
 * take them one by one. */
static size_t tok_hyphen_chain(const tok_ctx *c, size_t j)
{
    const unsigned char *s = c->s;
    size_t p = j, len = c->len;
    while (p + 1 < len && s[p] == '-' && tok_is_alpha(s[p + 1])) {
        p += 2;
        while (p < len && tok_is_alpha(s[p]))
            p++;
    }
    if (p == j || (p < len && tok_stop_kind[s[p]] != STOP_YES))
        return j;
    return p;
}

/* May the plain word [i, j) (normalized norm, hash h) end at j? */
static inline bool tok_fast_word_ends(tok_ctx *c, size_t i, size_t j, const char *norm, uint32_t h)
{
    const unsigned char *s = c->s;
    if (j >= c->len)
        return true;
    switch (tok_stop_kind[s[j]]) {
    case STOP_YES:
        return true;
    case STOP_IF_SPACE:
        return j + 1 >= c->len || s[j + 1] == ' ' || s[j + 1] == '\n';
    case STOP_PERIOD:
        return tok_fast_period(c, i, j, norm, h);
    default:                                /* US-led: the hyphen is the next token */
        return s[j] == '-' && (j < c->chain_end || (c->chain_end = tok_hyphen_chain(c, j)) > j);
    }
}

/* May the plain number [i, j) end at j (j < limit: not too long)? Not
 * before a letter (18th), nor a comma or period that joins (6,500 3.5), nor
 * a period that starts "..". */
static inline bool tok_fast_number_ends(const tok_ctx *c, size_t j, size_t limit)
{
    const unsigned char *s = c->s;
    if (j >= c->len)
        return true;
    unsigned char b = s[j], next = j + 1 < c->len ? s[j + 1] : ' ';
    bool stop = j < limit && (b == ' ' || b == '\n' || b == ')' || b == ';' || b == '%'
                              || ((b == ',' || b == '.') && (next == ' ' || next == '\n')));
    return stop && !(b == '.' && j + 2 < c->len && s[j + 2] == '.');   /* "1. . ." */
}

/* Role flags of the one-byte punctuation the fast path takes, or 0. */
static inline uint32_t tok_fast_punct_flags(unsigned char b)
{
    switch (b) {
    case ',': case ';': case ':': case '%': case '&': case '/': case '*': case '+': case '=':
        return POLIS_TOK_PUNCT;
    case '(': case '[': case '{':
        return POLIS_TOK_PUNCT | POLIS_TOK_OPEN;
    case ')': case ']': case '}':
        return POLIS_TOK_PUNCT | POLIS_TOK_CLOSE;
    case '"':
        return POLIS_TOK_PUNCT | POLIS_TOK_QUOTE;
    case '.':
        return POLIS_TOK_PUNCT | POLIS_TOK_END_PUNCT;
    case '$':
        return POLIS_TOK_PUNCT | POLIS_TOK_CURRENCY;
    case '-':
        return POLIS_TOK_PUNCT | POLIS_TOK_DASH;
    default:
        return 0;
    }
}

/* The output of the hot loop, copied into locals so that the compiler can
 * keep it in registers (stores of normalized bytes could alias it in
 * memory). */
typedef struct tok_out {
    polis_token *v;
    char *norm;
    size_t n, cap, norm_len, norm_cap;
} tok_out;

/* Record token [a, b) whose normalized form (k bytes, hash h) is written. */
static inline void tok_out_put(tok_out *o, size_t a, size_t b, uint32_t f, size_t k, uint32_t h)
{
    o->norm[o->norm_len + k] = '\0';
    polis_token *tk = o->v + o->n++;
    tk->start = (uint32_t)a;
    tk->end = (uint32_t)b;
    tk->norm = (uint32_t)o->norm_len;
    tk->norm_len = (uint32_t)k;
    tk->hash = h;
    tk->flags = f;
    tk->sentence = 0;
    o->norm_len += k + 1;
}

/* End of the plain word at i (letters only, written lowercase to dst and
 * hashed into *h), or i when it is not one: too long, or followed by
 * something a rule must look at (an apostrophe, a hyphen, a digit, a
 * non-ASCII letter, an abbreviation's period). *f gets its flags. The
 * scalar version. */
static size_t tok_fast_word(tok_ctx *c, size_t i, char *dst, uint32_t *h, uint32_t *f)
{
    const unsigned char *s = c->s;
    size_t j = i, limit = c->len - i > TOK_FAST_MAX ? i + TOK_FAST_MAX : c->len;
    unsigned all = 0xFF, any = 0;            /* bit 5 (lowercase) over all letters, and over any */
    uint32_t hash = TOK_FNV_OFFSET;
    for (; j < limit; j++) {                /* scan, lowercase and hash in one pass */
        unsigned char lo = s[j] | 0x20;
        if ((unsigned char)(lo - 'a') >= 26)
            break;
        all &= s[j];
        any |= s[j];
        dst[j - i] = (char)lo;
        hash = (hash ^ lo) * TOK_FNV_PRIME;
    }
    if (j == limit && j < c->len)
        return i;
    if (!tok_fast_word_ends(c, i, j, dst, hash))
        return i;
    *h = hash;
    *f = POLIS_TOK_WORD                                   /* without branches */
         | (uint32_t)!(s[i] & 0x20) * POLIS_TOK_CAP
         | (uint32_t)(!(any & 0x20) && j - i >= 2) * POLIS_TOK_UPPER   /* no lowercase letter */
         | (uint32_t)((all & 0x20) != 0) * POLIS_TOK_LOWER;           /* no capital */
    return j;
}

/* End of the plain number at i (digits only: 2004, 45), or i. The scalar
 * version. */
static size_t tok_fast_number(const tok_ctx *c, size_t i, char *dst, uint32_t *h)
{
    const unsigned char *s = c->s;
    size_t j = i, limit = c->len - i > TOK_FAST_MAX ? i + TOK_FAST_MAX : c->len;
    uint32_t hash = TOK_FNV_OFFSET;
    for (; j < limit && tok_is_digit(s[j]); j++) {
        dst[j - i] = (char)s[j];
        hash = (hash ^ s[j]) * TOK_FNV_PRIME;
    }
    if (!tok_fast_number_ends(c, j, limit))
        return i;                        /* 6,500  3.5  18th  "1. . ." */
    *h = hash;
    return j;
}

/* The state of the hot loop, kept in locals (so that the compiler can keep
 * it in registers: stores of normalized bytes could alias it in memory). */
typedef struct tok_state {
    tok_out o;
    size_t i;              /* where the next token may start */
    uint32_t pending;      /* SPACE/NEWLINE/PARA flags for the next token */
} tok_state;

/* The shape flags of the ASCII letters s[0..n) (n >= 1). */
static uint32_t tok_letter_flags(const unsigned char *s, size_t n)
{
    unsigned all = 0xFF, any = 0;
    for (size_t k = 0; k < n; k++) {
        all &= s[k];
        any |= s[k];
    }
    return POLIS_TOK_WORD | (uint32_t)!(s[0] & 0x20) * POLIS_TOK_CAP
           | (uint32_t)(!(any & 0x20) && n >= 2) * POLIS_TOK_UPPER
           | (uint32_t)((all & 0x20) != 0) * POLIS_TOK_LOWER;
}

/* Append token [a, b) of plain ASCII (letters and apostrophes), written
 * lowercase (or as norm when not NULL), with flags f. Room was checked. */
static void tok_out_ascii(tok_out *o, const unsigned char *s, size_t a, size_t b, uint32_t f,
                          const char *norm)
{
    char *dst = o->norm + o->norm_len;
    size_t k = 0;
    uint32_t h = TOK_FNV_OFFSET;
    if (norm) {
        for (; norm[k]; k++) {
            dst[k] = norm[k];
            h = (h ^ (unsigned char)norm[k]) * TOK_FNV_PRIME;
        }
    } else {
        for (; k < b - a; k++) {
            unsigned char x = tok_lower(s[a + k]);
            dst[k] = (char)x;
            h = (h ^ x) * TOK_FNV_PRIME;
        }
    }
    tok_out_put(o, a, b, f, k, h);
}

/* A plain word, an apostrophe and a clitic, then a plain stop: Russia's
 * they're I'm don't (Penn Treebank: do n't; ca n't, wo n't, sha n't read
 * can, will, shall). Emits the two tokens the general path would and moves
 * st->i past them, or returns false (O'Brien, rock'n'roll, 's followed by a
 * period...: the general path's). */
static bool tok_fast_clitic(tok_ctx *c, tok_state *st)
{
    const unsigned char *s = c->s;
    size_t len = c->len, i = st->i, j = i;
    while (j < len && tok_is_alpha(s[j]) && j - i < TOK_FAST_MAX)
        j++;
    if (j == i || j + 1 >= len || s[j] != '\'')
        return false;
    size_t q = j + 1, r = q;
    while (r < len && tok_is_alpha(s[r]) && r - q < 3)
        r++;
    if (r == q || (r < len && tok_stop_kind[s[r]] != STOP_YES))
        return false;
    unsigned char x0 = tok_lower(s[q]), x1 = r - q > 1 ? tok_lower(s[q + 1]) : 0;
    size_t cut;
    if (r - q == 1 && (x0 == 's' || x0 == 'd' || x0 == 'm'))
        cut = j;
    else if (r - q == 1 && x0 == 't' && j - i >= 2 && tok_lower(s[j - 1]) == 'n')
        cut = j - 1;                                    /* n't */
    else if (r - q == 2 && ((x0 == 'r' && x1 == 'e') || (x0 == 'v' && x1 == 'e')
                            || (x0 == 'l' && x1 == 'l')))
        cut = j;
    else
        return false;
    tok_out *o = &st->o;
    if (o->cap - o->n < 2 || o->norm_cap - o->norm_len < 2 * TOK_FAST_MAX + 16)
        return false;
    const char *stem = NULL;
    if (cut == j - 1 && cut - i <= 3) {
        char w[4] = { 0 };
        for (size_t k = i; k < cut; k++)
            w[k - i] = (char)tok_lower(s[k]);
        stem = strcmp(w, "ca") == 0 ? "can" : strcmp(w, "wo") == 0 ? "will"
             : strcmp(w, "sha") == 0 ? "shall" : NULL;
    }
    tok_out_ascii(o, s, i, cut, tok_letter_flags(s + i, cut - i) | st->pending, stem);
    /* the clitic's letters: all but its apostrophe */
    unsigned char l[2] = { s[cut], s[r - 1] };
    uint32_t f = cut == j ? tok_letter_flags(s + q, r - q) : tok_letter_flags(l, 2);
    tok_out_ascii(o, s, cut, r, f | POLIS_TOK_CLITIC, NULL);
    st->pending = 0;
    st->i = r;
    if (r < len && s[r] == ' ') {
        st->pending = POLIS_TOK_SPACE_BEFORE;
        st->i++;
    }
    return true;
}


#if TOK_SIMD
#if defined(__GNUC__) && !defined(__clang__)
/* noinline: its own registers; no SLP: GCC packs the four offsets of a
 * token record into a vector (eight instructions where four stores do) */
#define TOK_NOINLINE __attribute__((noinline, optimize("no-tree-slp-vectorize")))
#define TOK_LIKELY(x) __builtin_expect(!!(x), 1)
#elif defined(__GNUC__)
#define TOK_NOINLINE __attribute__((noinline))
#define TOK_LIKELY(x) __builtin_expect(!!(x), 1)
#else
#define TOK_NOINLINE
#define TOK_LIKELY(x) (x)
#endif

/* FNV-1a start states for a word whose n < 8 bytes are preceded by 8 - n
 * zero bytes: a zero byte only multiplies the state by the (odd, so
 * invertible) prime, so tok_fnv_start[k] is the offset basis times the
 * prime's inverse to the k-th power, and k zero bytes lead from it to the
 * offset basis itself. */
static const uint32_t tok_fnv_start[8] = {
    0x811c9dc5u, 0xb347da47u, 0x58c004fdu, 0x28c2392fu,
    0xd86d1b75u, 0xf9a6b3d7u, 0x89b7ff2du, 0x129b743fu,
};

/* The inverse of the prime to the k-th power: k zero bytes lead from
 * h * tok_fnv_back[k] to h. */
static const uint32_t tok_fnv_back[8] = {
    0x1u, 0x359c449bu, 0xdd4ab5d9u, 0x91c5be63u, 0x4ca091f1u, 0xdfd860ebu, 0xb7f51a49u, 0x9dde4e33u,
};

/* Eight FNV-1a steps from h over the low eight bytes of v after k (0..7)
 * zero bytes were shifted in before them (the bytes at their end fall
 * out). */
static inline uint32_t tok_fnv8(uint32_t h, __m128i v, size_t k)
{
    uint32_t b[8];
    const __m128i z = _mm_setzero_si128();
    __m128i w = _mm_sll_epi64(v, _mm_cvtsi32_si128((int)(8 * k)));
    w = _mm_unpacklo_epi8(w, z);                        /* the eight bytes as 32-bit numbers */
    _mm_storeu_si128((__m128i *)(void *)b, _mm_unpacklo_epi16(w, z));
    _mm_storeu_si128((__m128i *)(void *)(b + 4), _mm_unpackhi_epi16(w, z));
#if defined(__GNUC__)
    __asm__("" : "+m"(b));                              /* read them back as memory operands */
#endif
#define TOK_FNV_STEP(k) (h = (h ^ b[k]) * TOK_FNV_PRIME)
    TOK_FNV_STEP(0); TOK_FNV_STEP(1); TOK_FNV_STEP(2); TOK_FNV_STEP(3);
    TOK_FNV_STEP(4); TOK_FNV_STEP(5); TOK_FNV_STEP(6); TOK_FNV_STEP(7);
#undef TOK_FNV_STEP
    return h;
}

/* FNV-1a of the n (1..15) bytes of v, in eight or sixteen steps whatever n
 * is (a loop over the bytes mispredicts its end at nearly every word): the
 * bytes are shifted to the end of their eight-byte half, and the hash starts
 * from the state that the zero bytes before them lead back to the true
 * one. */
static inline uint32_t tok_hash_short(__m128i v, size_t n)
{
    if (TOK_LIKELY(n <= 8))
        return tok_fnv8(tok_fnv_start[8 - n], v, 8 - n);
    uint32_t h = tok_fnv8(TOK_FNV_OFFSET, v, 0);
    return tok_fnv8(h * tok_fnv_back[16 - n], _mm_unpackhi_epi64(v, v), 16 - n);
}

static inline unsigned tok_ctz(unsigned x)      /* x != 0 */
{
#if defined(__GNUC__)
    return (unsigned)__builtin_ctz(x);
#else
    unsigned n = 0;
    while (!(x & 1)) {
        x >>= 1;
        n++;
    }
    return n;
#endif
}

enum { SIMD_SCALAR = 0, SIMD_GENERAL = 1 };

/* How many tokens the output has room for in the SIMD loop, where a token
 * takes 16 bytes of normalized text at most (the store of the lowercase
 * form; a word of 15 letters and its NUL). */
static inline size_t tok_simd_room(const tok_out *o)
{
    size_t n = o->n + (o->norm_cap - o->norm_len) / 16;
    return n < o->cap ? n : o->cap;
}

/* The hot loop where 16 bytes of text remain at i: a word or number is cut
 * with one load (a compare gives the mask of its letters or digits, the
 * first clear bit its end) and written lowercase with one store. Returns
 * SIMD_SCALAR when the token at st->i is for the scalar step (fewer than 16
 * bytes left, a word or number of 16 bytes or more, no room left in the
 * output), SIMD_GENERAL when it needs the general path. */
static TOK_NOINLINE int tok_simd_run(tok_ctx *c, tok_state *st)
{
    const unsigned char *s = c->s;
    const size_t len = c->len;
    size_t i = st->i;
    tok_out o = st->o;
    uint32_t pending = st->pending;
    int rc = SIMD_SCALAR;
    size_t n_room = tok_simd_room(&o);
    while (len - i >= 16) {
        unsigned char b = s[i];
        if (b == ' ') {
            pending |= POLIS_TOK_SPACE_BEFORE;
            i++;
            continue;
        }
        if (b == '\n') {                     /* as tok_line_break */
            pending |= POLIS_TOK_SPACE_BEFORE | POLIS_TOK_NEWLINE_BEFORE
                       | (pending & POLIS_TOK_NEWLINE_BEFORE ? POLIS_TOK_PARA_START : 0);
            c->squote_open = false;
            i++;
            continue;
        }
        if (o.n >= n_room)
            break;                           /* the scalar step grows the buffers */
        char *dst = o.norm + o.norm_len;
        uint32_t h, f;
        size_t j;
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        __m128i lo = _mm_or_si128(v, _mm_set1_epi8(0x20));
        /* lo + 0x1F lands on -128..-103 exactly for a..z */
        unsigned letters = (unsigned)_mm_movemask_epi8(
            _mm_cmplt_epi8(_mm_add_epi8(lo, _mm_set1_epi8(0x1F)), _mm_set1_epi8(-102)));
        if (letters & 1) {
            unsigned n = tok_ctz(~letters);
            if (n == 16)
                break;
            _mm_storeu_si128((__m128i *)(void *)dst, lo);
            h = tok_hash_short(lo, n);
            j = i + n;                       /* < len */
            unsigned stop = tok_stop_kind[s[j]];
            if (stop != STOP_YES) {
                bool ends;
                if (stop == STOP_IF_SPACE)
                    ends = j + 1 == len || s[j + 1] == ' ' || s[j + 1] == '\n';
                else if (stop == STOP_PERIOD)
                    ends = tok_fast_period(c, i, j, dst, h);
                else if (s[j] == '-')          /* US-led: the hyphen is the next token */
                    ends = j < c->chain_end || (c->chain_end = tok_hyphen_chain(c, j)) > j;
                else if (s[j] == '\'') {      /* Russia's they're don't */
                    st->i = i;
                    st->o = o;
                    st->pending = pending;
                    if (!tok_fast_clitic(c, st)) {
                        rc = SIMD_GENERAL;
                        break;
                    }
                    i = st->i;
                    o = st->o;
                    pending = st->pending;
                    n_room = tok_simd_room(&o);  /* the word may have been long */
                    continue;
                } else
                    ends = false;
                if (!ends) {
                    rc = SIMD_GENERAL;
                    break;
                }
            }
            /* bit 5 of every byte: set for lowercase letters */
            unsigned word = (1u << n) - 1;
            unsigned lower = (unsigned)_mm_movemask_epi8(_mm_slli_epi16(v, 2)) & word;
            unsigned caps = lower ^ word;
            f = POLIS_TOK_WORD | (caps & 1) << 1                          /* CAP */
                | (uint32_t)(lower == 0 && n >= 2) << 2                   /* UPPER */
                | (uint32_t)(caps == 0) << 3;                             /* LOWER */
        } else if (tok_is_digit(b)) {
            __m128i d = _mm_add_epi8(v, _mm_set1_epi8((char)(0x80 - '0')));
            unsigned digits = (unsigned)_mm_movemask_epi8(
                _mm_cmplt_epi8(d, _mm_set1_epi8(-128 + 10)));
            unsigned n = tok_ctz(~digits);
            if (n == 16)
                break;
            j = i + n;
            if (!tok_fast_number_ends(c, j, i + TOK_FAST_MAX)) {
                rc = SIMD_GENERAL;           /* 6,500  3.5  18th  "1. . ." */
                break;
            }
            _mm_storeu_si128((__m128i *)(void *)dst, v);
            h = tok_hash_short(v, n);
            f = POLIS_TOK_DIGIT | POLIS_TOK_NUMBER;
        } else {
            f = tok_fast_punct_flags(b);
            if (f == 0 || (b == '.' && (s[i + 1] == '.' || (s[i + 1] == ' ' && s[i + 2] == '.')
                                        || tok_is_digit(s[i + 1])))
                || (b == '-' && (s[i + 1] == '-' || s[i + 1] >= 0x80))) {
                rc = SIMD_GENERAL;           /* "..." ". . ." ".5" "--" "-–" */
                break;
            }
            dst[0] = (char)b;
            h = (TOK_FNV_OFFSET ^ b) * TOK_FNV_PRIME;
            j = i + 1;
        }
        tok_out_put(&o, i, j, f | pending, j - i, h);
        pending = 0;
        i = j;
        if (s[i] == ' ') {                   /* the usual single space, without a loop trip */
            pending = POLIS_TOK_SPACE_BEFORE;
            i++;
        }
    }
    st->i = i;
    st->o = o;
    st->pending = pending;
    return rc;
}
#endif

/* The hot loop: consecutive plain words, plain numbers, spaces, line breaks
 * and one-byte punctuation, which are most of a news text. It stops at the
 * first thing it does not handle and leaves it to the general code. Returns
 * 0, or -1 when memory runs out. */
static int tok_fast_run(tok_ctx *c, size_t *pos)
{
    const unsigned char *s = c->s;
    polis_tokens *t = c->out;
    size_t len = c->len;
    tok_state st = { { t->v, t->norm, t->n, t->cap, t->norm_len, t->norm_cap }, *pos,
                     c->pending };
    int rc = 0;
    while (st.i < len) {
#if TOK_SIMD
        if (len - st.i >= 16 && (tok_simd_run(c, &st) == SIMD_GENERAL || st.i >= len))
            break;
#endif
        size_t i = st.i;
        unsigned char b = s[i];
        if (b == ' ') {
            st.pending |= POLIS_TOK_SPACE_BEFORE;
            st.i++;
            continue;
        }
        if (b == '\n') {                     /* as tok_line_break */
            st.pending |= POLIS_TOK_SPACE_BEFORE | POLIS_TOK_NEWLINE_BEFORE
                          | (st.pending & POLIS_TOK_NEWLINE_BEFORE ? POLIS_TOK_PARA_START : 0);
            c->squote_open = false;
            st.i++;
            continue;
        }
        tok_out *o = &st.o;
        if (o->n == o->cap || o->norm_cap - o->norm_len < TOK_FAST_MAX + 2) {
            t->n = o->n;
            t->norm_len = o->norm_len;
            if (tok_grow(t, TOK_FAST_MAX + 2) != 0) {
                rc = -1;
                break;
            }
            *o = (tok_out){ t->v, t->norm, t->n, t->cap, t->norm_len, t->norm_cap };
        }
        char *dst = o->norm + o->norm_len;
        uint32_t h, f;
        size_t j;
        if ((unsigned char)((b | 0x20) - 'a') < 26) {
            if ((j = tok_fast_word(c, i, dst, &h, &f)) == i) {
                if (tok_fast_clitic(c, &st))
                    continue;
                break;
            }
        } else if (tok_is_digit(b)) {
            if ((j = tok_fast_number(c, i, dst, &h)) == i)
                break;
            f = POLIS_TOK_DIGIT | POLIS_TOK_NUMBER;
        } else {
            f = tok_fast_punct_flags(b);
            if (f == 0 || (b == '.' && i + 1 < len
                           && (s[i + 1] == '.' || (s[i + 1] == ' ' && i + 2 < len && s[i + 2] == '.')
                               || tok_is_digit(s[i + 1])))
                || (b == '-' && i + 1 < len && (s[i + 1] == '-' || s[i + 1] >= 0x80)))
                break;                       /* "..." ". . ." ".5" "--" "-–" */
            dst[0] = (char)b;
            h = (TOK_FNV_OFFSET ^ b) * TOK_FNV_PRIME;
            j = i + 1;
        }
        tok_out_put(o, i, j, f | st.pending, j - i, h);
        st.pending = 0;
        st.i = j;
        if (j < len && s[j] == ' ') {        /* the usual single space, without a loop trip */
            st.pending = POLIS_TOK_SPACE_BEFORE;
            st.i++;
        }
    }
    t->n = st.o.n;
    t->norm_len = st.o.norm_len;
    c->pending = st.pending;
    *pos = st.i;
    return rc;
}

/* ------------------------------------------------------------ punctuation */

/* End of the run of code points equal to the one at [i, i+n). */
static size_t tok_same_run(const tok_ctx *c, size_t i, size_t n)
{
    size_t e = i + n;
    while (e + n <= c->len && memcmp(c->s + e, c->s + i, n) == 0)
        e += n;
    return e;
}

/* End of a period token: "." alone, a run "...", or a spaced ". . .".
 * A period glued to a word and followed by a spaced ellipsis stays alone:
 * "compounds. . . . The" is a period, then an ellipsis that opens the next
 * sentence; "with a period . . . ." is one four-dot token. */
static size_t tok_dots_end(const tok_ctx *c, size_t i)
{
    size_t e = tok_same_run(c, i, 1);
    const polis_tokens *t = c->out;
    bool glued = t->n > 0 && t->v[t->n - 1].end == i;
    if (e == i + 1) {
        size_t q = e, dots = 1;
        while (q + 1 < c->len && c->s[q] == ' ' && c->s[q + 1] == '.') {
            q += 2;
            dots++;
        }
        if (dots >= 3 && !(glued && dots >= 4))
            e = q;
    }
    return e;
}

/* End of an @handle or #hashtag at i, or i + 1 when it is not one. */
static size_t tok_handle_end(const tok_ctx *c, size_t i)
{
    const unsigned char *s = c->s;
    size_t e = i + 1;
    if (s[i] == '@') {
        if (i > 0 && tok_is_alnum(s[i - 1]))
            return i + 1;
        while (e < c->len && (tok_is_alnum(s[e]) || s[e] == '_'))
            e++;
        return e;
    }
    size_t n;
    if (e >= c->len || !txt_is_letter(tok_class_at(c, e, &n)))
        return i + 1;                                   /* #1 is not a hashtag */
    while (e < c->len) {
        enum txt_class k = tok_class_at(c, e, &n);
        if (!tok_is_wordish(k) && c->s[e] != '_')
            break;
        e += n;
    }
    return e;
}

/* An apostrophe or single quote (' ’ ´) that is not inside a word. */
static int tok_apostrophe(tok_ctx *c, size_t *pos, size_t n)
{
    const unsigned char *s = c->s;
    size_t i = *pos, e = i + n;
    const polis_token *prev = c->out->n ? &c->out->v[c->out->n - 1] : NULL;
    bool adjacent = prev && prev->end == i;
    if (adjacent && (prev->flags & (POLIS_TOK_WORD | POLIS_TOK_DIGIT)) && e < c->len
        && tok_lower(s[e]) == 's' && !tok_word_at(c, e + 1)) {
        *pos = e + 1;                                   /* Jr.'s  U.S.'s */
        return tok_push(c, i, e + 1, POLIS_TOK_CLITIC, NULL);
    }
    if (adjacent && !c->squote_open && (s[i - 1] == 's' || s[i - 1] == 'S')
        && (prev->flags & POLIS_TOK_WORD) && !tok_word_at(c, e)) {
        *pos = e;                                       /* countries' */
        return tok_push(c, i, e, POLIS_TOK_CLITIC, NULL);
    }
    if (!adjacent && e + 2 < c->len && tok_is_digit(s[e]) && tok_is_digit(s[e + 1]) && s[e + 2] == 's'
        && !tok_word_at(c, e + 3)) {
        *pos = e + 3;                                   /* '90s */
        return tok_push(c, i, e + 3, POLIS_TOK_NUMBER, NULL);
    }
    bool opening = (!adjacent || (prev->flags & (POLIS_TOK_OPEN | POLIS_TOK_QUOTE | POLIS_TOK_DASH)))
                   && tok_word_at(c, e);
    if (opening)
        c->squote_open = true;
    else if (adjacent)
        c->squote_open = false;
    *pos = e;
    return tok_push(c, i, e, POLIS_TOK_QUOTE, NULL);
}

/* A punctuation or symbol token of class k (its first code point is n
 * bytes long) at *pos. */
static int tok_punct(tok_ctx *c, size_t *pos, enum txt_class k, size_t n)
{
    const unsigned char *s = c->s;
    size_t i = *pos, e = i + n;
    uint32_t f = 0;
    switch (k) {
    case TXT_END:
        if (s[i] == '.' && e < c->len && tok_is_digit(s[e])) {
            /* ".561", "$.50": a number written without its leading zero (not
             * "word.5", where the period is glued to a word) */
            const polis_token *prev = c->out->n ? &c->out->v[c->out->n - 1] : NULL;
            if (!prev || prev->end < i || (prev->flags & POLIS_TOK_CURRENCY)) {
                while (e < c->len && tok_is_digit(s[e]))
                    e++;
                *pos = e;
                return tok_push(c, i, e, POLIS_TOK_DIGIT | POLIS_TOK_NUMBER, NULL);
            }
        }
        if (s[i] == '.')
            e = tok_dots_end(c, i);
        else if (s[i] == '!' || s[i] == '?')
            while (e < c->len && (s[e] == '!' || s[e] == '?'))
                e++;
        else
            e = tok_same_run(c, i, n);
        f = POLIS_TOK_END_PUNCT;
        break;
    case TXT_ELLIPSIS:
        e = tok_same_run(c, i, n);
        f = POLIS_TOK_END_PUNCT;
        break;
    case TXT_APOS:
        return tok_apostrophe(c, pos, n);
    case TXT_QUOTE:
        if (s[i] == 0xE2 && s[i + 1] == 0x80 && s[i + 2] == 0x98)
            c->squote_open = true;                      /* ‘ opens */
        f = POLIS_TOK_QUOTE;
        break;
    case TXT_DASH:
    case TXT_HYPHEN:
        while (e < c->len) {
            size_t m;
            enum txt_class d = tok_class_at(c, e, &m);
            if (d != TXT_DASH && d != TXT_HYPHEN)
                break;
            e += m;
        }
        f = POLIS_TOK_DASH;
        break;
    case TXT_OPEN:
        f = POLIS_TOK_OPEN;
        break;
    case TXT_CLOSE:
        f = POLIS_TOK_CLOSE;
        break;
    case TXT_CURRENCY:
        f = POLIS_TOK_CURRENCY;
        break;
    case TXT_OTHER:
        if (s[i] == '@' || s[i] == '#') {
            e = tok_handle_end(c, i);
            if (e > i + 1)
                f = POLIS_TOK_HANDLE;
        }
        break;
    default:
        break;
    }
    *pos = e;
    return tok_push(c, i, e, f, NULL);
}

/* ------------------------------------------------------------ driver */

/* A line break: a second one since the last token (NEWLINE_BEFORE is
 * pending already), or a paragraph separator, starts a paragraph. */
static void tok_line_break(tok_ctx *c, bool paragraph)
{
    if (paragraph || (c->pending & POLIS_TOK_NEWLINE_BEFORE))
        c->pending |= POLIS_TOK_PARA_START;
    c->pending |= POLIS_TOK_SPACE_BEFORE | POLIS_TOK_NEWLINE_BEFORE;
    c->squote_open = false;
}

int polis_tokenize(const char *text, size_t len, const polis_abbrevs *abbrevs, polis_tokens *out)
{
    out->n = 0;
    out->norm_len = 0;
    if (len >= UINT32_MAX)
        return -1;                               /* offsets are 32-bit */
    tok_ctx c = {
        .s = (const unsigned char *)text, .len = len, .out = out,
        .ab = abbrevs ? abbrevs : polis_abbrevs_builtin(),
        .pending = POLIS_TOK_PARA_START,
    };
    if (tok_reserve(out, len + len / 4 + 1) != 0)   /* norms: about the text, plus NULs */
        return -1;
    size_t i = 0;
    while (i < len) {
        if (tok_fast_run(&c, &i) != 0)
            return -1;
        if (i >= len)
            break;
        size_t n;
        enum txt_class k = tok_class_at(&c, i, &n);
        int rc = 0;
        switch (k) {
        case TXT_SPACE:
            c.pending |= POLIS_TOK_SPACE_BEFORE;
            i += n;
            break;
        case TXT_IGNORABLE:
            i += n;
            break;
        case TXT_NEWLINE:
            if (c.s[i] == '\r' && i + 1 < len && c.s[i + 1] == '\n')
                n = 2;                           /* CRLF is one line break */
            tok_line_break(&c, false);
            i += n;
            break;
        case TXT_PARA:
            tok_line_break(&c, true);
            i += n;
            break;
        case TXT_UPPER:
        case TXT_LOWER:
        case TXT_LETTER:
        case TXT_DIGIT:
        case TXT_MARK:
            rc = tok_word(&c, &i);
            break;
        default:
            rc = tok_punct(&c, &i, k, n);
            break;
        }
        if (rc < 0)
            return -1;
    }
    return 0;
}

void polis_tokens_free(polis_tokens *t)
{
    if (!t)
        return;
    free(t->v);
    free(t->norm);
    memset(t, 0, sizeof *t);
}
