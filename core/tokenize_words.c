/*
 * tokenize_words.c - the general path of the tokenizer for words, numbers,
 * URLs and e-mail addresses (the hot loop in tokenize.c takes the plain
 * ones). The rules, with examples, are in docs/tokens.md.
 *
 * A letter or digit starts a "run": a maximal stretch of letters and digits
 * joined by word-internal connectors (U.S.A  6,500  Russia's  eye-to-eye
 * 10:30). tok_emit_run then cuts the run into tokens (hyphenated parts,
 * clitics) and decides whether a following period belongs to it
 * (abbreviations, acronyms, initials). URLs and e-mail addresses are
 * recognised before a run is cut.
 */
#include <string.h>

#include "tokenize_internal.h"

typedef struct run_info {
    size_t end;            /* the run is [start, end) */
    bool hyphen;           /* holds a hyphen */
    bool apos;             /* holds an apostrophe */
    bool dot;              /* holds a period between letters (U.S, bbc.co.uk) */
} run_info;

/* ------------------------------------------------------------ numbers */

/* NUMBER (and ORDINAL) for digits with inner separators and an optional
 * short suffix: 6,500  3.5  2023-09-18  10:30  18th  1.13bn  600m  1990s. */
static uint32_t tok_number_flags(const unsigned char *s, size_t a, size_t b)
{
    size_t p = a;
    while (p < b) {
        unsigned char x = s[p];
        bool sep = x == '.' || x == ',' || x == ':' || x == '/' || x == '-';
        if (tok_is_digit(x) || (sep && p > a && p + 1 < b && tok_is_digit(s[p - 1]) && tok_is_digit(s[p + 1])))
            p++;
        else
            break;
    }
    size_t tail = b - p;
    if (tail == 0)
        return POLIS_TOK_NUMBER;
    if (tail > 3)
        return 0;
    uint32_t key = 0;                                   /* the suffix, lowercase, one byte each */
    for (size_t i = 0; i < tail; i++) {
        if (!tok_is_alpha(s[p + i]))
            return 0;
        key |= (uint32_t)tok_lower(s[p + i]) << (8 * i);
    }
#define K2(a, b) ((uint32_t)(a) | (uint32_t)(b) << 8)
#define K3(a, b, c) (K2(a, b) | (uint32_t)(c) << 16)
    switch (key) {
    case K2('s', 't'): case K2('n', 'd'): case K2('r', 'd'): case K2('t', 'h'):
        return POLIS_TOK_NUMBER | POLIS_TOK_ORDINAL;           /* 1st 2nd 3rd 18th */
    case 's': case 'k': case 'm': case 'b': case 'g': case 'h': case 'x': case 'c': case 'f':
    case 'd':
    case K2('b', 'n'): case K2('t', 'n'): case K2('m', 'n'): case K2('k', 'm'): case K2('k', 'g'):
    case K2('m', 'm'): case K2('c', 'm'): case K2('m', 'l'): case K2('m', 'g'): case K2('f', 't'):
    case K2('a', 'm'): case K2('p', 'm'): case K2('h', 'r'): case K2('g', 'w'): case K2('m', 'w'):
    case K2('k', 'w'): case K2('g', 'b'): case K2('m', 'b'): case K2('t', 'b'): case K2('p', 'c'):
    case K2('y', 'o'):
    case K3('t', 'r', 'n'): case K3('m', 'p', 'h'): case K3('k', 'p', 'h'):
        return POLIS_TOK_NUMBER;                               /* 1990s 600m 1.13bn 5km */
    default:
        return 0;
    }
#undef K2
#undef K3
}

/* Push a piece of a run, with NUMBER flags when it is one. */
static int tok_push_word(tok_ctx *c, size_t a, size_t b, uint32_t f, const char *norm)
{
    if (tok_is_digit(c->s[a]))
        f |= tok_number_flags(c->s, a, b);
    return tok_push(c, a, b, f, norm);
}

/* ------------------------------------------------------------ runs */

/* Letters (up to 3) in the stretch starting at q. */
static unsigned tok_letters_at(const tok_ctx *c, size_t q)
{
    unsigned k = 0;
    while (q < c->len && k < 3) {
        size_t n;
        enum txt_class cl = tok_class_at(c, q, &n);
        if (!txt_is_letter(cl))
            break;
        k++;
        q += n;
    }
    return k;
}

/* Does the connector at p (class k) join the run, given the class of the
 * run's last letter/digit (prev), the class of the character after it
 * (next), and the letters in the current dot-separated segment (seg)? */
static bool tok_joins(const tok_ctx *c, size_t p, enum txt_class k, enum txt_class prev,
                      enum txt_class next, unsigned seg, run_info *ri)
{
    const unsigned char *s = c->s;
    bool next_letter = txt_is_letter(next), next_digit = next == TXT_DIGIT;
    bool prev_digit = prev == TXT_DIGIT, prev_letter = txt_is_letter(prev);
    switch (k) {
    case TXT_END:
        if (s[p] == '.') {
            if (prev_digit && next_digit)
                return true;                               /* 3.5  1.13bn */
            if (prev_letter && next_letter) {
                if (seg >= 1 && seg <= 2 && tok_letters_at(c, p + 1) <= 2)
                    return ri->dot = true;                 /* U.S.A  e.g  Ph.D */
                if ((tok_is_digit(s[p - 1]) || (s[p - 1] >= 'a' && s[p - 1] <= 'z'))
                    && s[p + 1] >= 'a' && s[p + 1] <= 'z')
                    return ri->dot = true;                 /* bbc.co.uk */
            }
            return false;
        }
        return s[p] == '?' && prev_letter && next_letter;   /* a byte sanitize replaced */
    case TXT_DASH:
        if (s[p] != '-')
            return false;                                   /* – — are never inside words */
        /* fallthrough */
    case TXT_HYPHEN:
        return (next_letter || next_digit) && (ri->hyphen = true);
    case TXT_APOS:
        return next_letter && prev != TXT_OTHER && (ri->apos = true);
    case TXT_OTHER:
        switch (s[p]) {
        case ',':                                           /* 6,500 but not 1,2 */
            return prev_digit && p + 3 < c->len && tok_is_digit(s[p + 1]) && tok_is_digit(s[p + 2])
                   && tok_is_digit(s[p + 3]) && (p + 4 >= c->len || !tok_is_digit(s[p + 4]));
        case ':':
        case '/':
            return prev_digit && next_digit;               /* 10:30  24/7 */
        case '&':
            return s[p - 1] >= 'A' && s[p - 1] <= 'Z' && s[p + 1] >= 'A' && s[p + 1] <= 'Z';
        case '_':
            return next_letter || next_digit;
        default:
            return false;
        }
    default:
        return false;
    }
}

/* Scan the run starting at i (a letter, digit or mark). */
static void tok_scan_run(const tok_ctx *c, size_t i, run_info *ri)
{
    size_t p = i, len = c->len;
    enum txt_class prev = TXT_OTHER;
    unsigned seg = 0;
    ri->hyphen = ri->apos = ri->dot = false;
    while (p < len) {
        size_t n;
        enum txt_class k = tok_class_at(c, p, &n);
        if (k == TXT_DIGIT || txt_is_letter(k)) {
            prev = k;
            seg += k != TXT_DIGIT;
            p += n;
            continue;
        }
        if (k == TXT_MARK) {
            p += n;
            continue;
        }
        if (p + n >= len)
            break;
        size_t m;
        enum txt_class next = tok_class_at(c, p + n, &m);
        if (!tok_joins(c, p, k, prev, next, seg, ri))
            break;
        if (c->s[p] == '.')
            seg = 0;
        p += n;
    }
    ri->end = p;
}

/* "U.S", "e.g", "Ph.D", "a.m": ASCII letter groups of one or two joined by
 * single periods. */
static bool tok_dotted_acronym(const unsigned char *s, size_t n)
{
    size_t i = 0, dots = 0;
    for (;;) {
        size_t k = 0;
        while (i < n && tok_is_alpha(s[i]) && k < 3) {
            i++;
            k++;
        }
        if (k == 0 || k > 2)
            return false;
        if (i == n)
            return dots > 0;
        if (s[i] != '.')
            return false;
        i++;
        dots++;
    }
}

/* True when a digit follows q, after spaces. */
static bool tok_digit_follows(const tok_ctx *c, size_t q)
{
    while (q < c->len && (c->s[q] == ' ' || c->s[q] == '\t'))
        q++;
    return q < c->len && tok_is_digit(c->s[q]);
}

enum { ABSORB_NONE = 0, ABSORB_ABBREV = 1, ABSORB_ACRONYM = 2 };

/* Does the period at b belong to the word [a, b)? */
static int tok_absorbs_period(const tok_ctx *c, size_t a, size_t b)
{
    size_t n;
    enum txt_class k = tok_class_at(c, a, &n);
    if (a + n == b && k == TXT_UPPER)
        return ABSORB_ACRONYM;                              /* an initial: J. */
    if (tok_dotted_acronym(c->s + a, b - a))
        return ABSORB_ACRONYM;                              /* U.S. e.g. p.m. */
    bool weak = false;
    if (txt_abbrev_lookup(c->ab, (const char *)c->s + a, b - a, &weak) < 0)
        return ABSORB_NONE;
    if (weak && !tok_digit_follows(c, b + 1))
        return ABSORB_NONE;                                 /* "said no." but "No. 10" */
    return ABSORB_ABBREV;
}

/* Start of an apostrophe (' or ’) that ends at pos inside [a, pos), or
 * SIZE_MAX. */
static size_t tok_apos_before(const unsigned char *s, size_t a, size_t pos)
{
    if (pos > a && s[pos - 1] == '\'')
        return pos - 1;
    if (pos >= a + 3 && s[pos - 3] == 0xE2 && s[pos - 2] == 0x80 && s[pos - 1] == 0x99)
        return pos - 3;
    return SIZE_MAX;
}

/* The normalized form of the stem before n't when it is not the stem's own:
 * ca -> can, wo -> will, sha -> shall. */
static const char *tok_nt_stem(const unsigned char *s, size_t n)
{
    char w[4] = { 0 };
    if (n < 2 || n > 3)
        return NULL;
    for (size_t i = 0; i < n; i++)
        w[i] = (char)tok_lower(s[i]);
    if (strcmp(w, "ca") == 0)
        return "can";
    if (strcmp(w, "wo") == 0)
        return "will";
    if (strcmp(w, "sha") == 0)
        return "shall";
    return NULL;
}

/* Where a clitic ('s 'd 'm n't 're 've 'll) starts in [a, b), or 0. */
static size_t tok_clitic_cut(const unsigned char *s, size_t a, size_t b, const char **stem_norm)
{
    *stem_norm = NULL;
    if (b - a < 3)
        return 0;
    unsigned char l1 = tok_lower(s[b - 1]), l2 = tok_lower(s[b - 2]);
    size_t ap = tok_apos_before(s, a, b - 1);
    if (ap != SIZE_MAX && ap > a) {
        if (l1 == 's' || l1 == 'd' || l1 == 'm')
            return ap;
        if (l1 == 't' && ap - 1 > a && tok_lower(s[ap - 1]) == 'n') {
            *stem_norm = tok_nt_stem(s + a, ap - 1 - a);
            return ap - 1;
        }
    }
    ap = tok_apos_before(s, a, b - 2);
    if (ap != SIZE_MAX && ap > a
        && ((l2 == 'r' && l1 == 'e') || (l2 == 'v' && l1 == 'e') || (l2 == 'l' && l1 == 'l')))
        return ap;
    return 0;
}

/* bbc.co.uk, example.com: a dotted word whose last part is a common top-level
 * domain. */
static bool tok_is_domain(const unsigned char *s, size_t a, size_t b)
{
    size_t d = b;
    while (d > a && s[d - 1] != '.')
        d--;
    if (d <= a + 1 || b - d < 2 || b - d > 4)
        return false;
    char tld[5] = { 0 };
    for (size_t i = d; i < b; i++) {
        if (s[i] < 'a' || s[i] > 'z')
            return false;
        tld[i - d] = (char)s[i];
    }
    static const char *const tlds[] = {
        "com", "org", "net", "gov", "edu", "int", "mil", "info", "io", "uk", "eu",
        "ru", "cn", "de", "fr", "ua", "in", "us", "ca", "au", "jp", "news",
    };
    for (size_t i = 0; i < sizeof tlds / sizeof *tlds; i++)
        if (strcmp(tld, tlds[i]) == 0)
            return true;
    return false;
}

/* Emit the run piece [a, b); the last piece may take a following period.
 * Returns the end of what was consumed, or 0 when memory ran out. */
static size_t tok_emit_piece(tok_ctx *c, size_t a, size_t b, const run_info *ri, bool last)
{
    const unsigned char *s = c->s;
    if (ri->apos) {
        const char *stem_norm;
        size_t cut = tok_clitic_cut(s, a, b, &stem_norm);
        if (cut) {
            if (tok_push_word(c, a, cut, 0, stem_norm) != 0
                || tok_push(c, cut, b, POLIS_TOK_CLITIC, NULL) != 0)
                return 0;
            return b;
        }
    }
    size_t e = b;
    uint32_t f = 0;
    if (last && b < c->len && s[b] == '.' && !(b + 1 < c->len && s[b + 1] == '.')) {
        int absorb = tok_absorbs_period(c, a, b);
        if (absorb != ABSORB_NONE)
            e = b + 1;
        if (absorb == ABSORB_ACRONYM)
            f |= POLIS_TOK_ACRONYM;
    }
    if (ri->dot && e == b && tok_is_domain(s, a, b))
        f |= POLIS_TOK_URL;
    return tok_push_word(c, a, e, f, NULL) == 0 ? e : 0;
}

/* Byte length of a hyphen at p ('-', U+2010, U+2011), or 0. */
static size_t tok_hyphen_len(const unsigned char *s, size_t p, size_t end)
{
    if (s[p] == '-')
        return 1;
    if (p + 3 <= end && s[p] == 0xE2 && s[p + 1] == 0x80 && (s[p + 2] == 0x90 || s[p + 2] == 0x91))
        return 3;
    return 0;
}

/* Cut the run [start, ri->end) into tokens: hyphenated parts (Russia - China)
 * unless the hyphen sits between digits (2023-09-18), clitics, and a period
 * that belongs to the last part. Returns the end consumed, 0 on no memory. */
static size_t tok_emit_run(tok_ctx *c, size_t start, const run_info *ri)
{
    const unsigned char *s = c->s;
    size_t part = start, end = ri->end;
    if (ri->hyphen) {
        for (size_t p = start + 1; p < end; p++) {
            size_t h = tok_hyphen_len(s, p, end);
            if (h == 0 || (tok_is_digit(s[p - 1]) && tok_is_digit(s[p + h])))
                continue;
            if (tok_emit_piece(c, part, p, ri, false) == 0
                || tok_push(c, p, p + h, POLIS_TOK_DASH, NULL) != 0)
                return 0;
            part = p + h;
            p += h - 1;
        }
    }
    return tok_emit_piece(c, part, end, ri, true);
}

/* ------------------------------------------------------------ URLs, e-mail */

static bool tok_prefix_ci(const tok_ctx *c, size_t i, const char *lit)
{
    for (size_t k = 0; lit[k]; k++)
        if (i + k >= c->len || tok_lower(c->s[i + k]) != (unsigned char)lit[k])
            return false;
    return true;
}

/* End of a URL starting at i (http://, https://, ftp://, www.), or i. */
static size_t tok_url_end(const tok_ctx *c, size_t i)
{
    const unsigned char *s = c->s;
    size_t pre = 0;
    switch (tok_lower(s[i])) {
    case 'h':
        pre = tok_prefix_ci(c, i, "http://") ? 7 : tok_prefix_ci(c, i, "https://") ? 8 : 0;
        break;
    case 'f':
        pre = tok_prefix_ci(c, i, "ftp://") ? 6 : 0;
        break;
    case 'w':
        pre = tok_prefix_ci(c, i, "www.") && i + 4 < c->len && tok_is_alnum(s[i + 4]) ? 4 : 0;
        break;
    default:
        break;
    }
    if (pre == 0)
        return i;
    size_t j = i + pre, opens = 0, closes = 0;
    while (j < c->len) {
        size_t n;
        enum txt_class k = tok_class_at(c, j, &n);
        if (k == TXT_SPACE || k == TXT_NEWLINE || k == TXT_PARA || k == TXT_IGNORABLE
            || (k == TXT_QUOTE && s[j] != '`') || k == TXT_ELLIPSIS || s[j] == '<' || s[j] == '>'
            || (n > 1 && k == TXT_APOS))
            break;
        opens += s[j] == '(';
        closes += s[j] == ')';
        j += n;
    }
    /* Sentence punctuation after a URL is not part of it; a ')' is only when
     * the URL opened one (Wikipedia links). */
    while (j > i + pre) {
        unsigned char b = s[j - 1];
        if (b == ')' && closes > opens)
            closes--;
        else if (!(b == '.' || b == ',' || b == ';' || b == ':' || b == '!' || b == '?'
                   || b == '\'' || b == ']' || b == '}' || b == '*'))
            break;
        j--;
    }
    return j > i + pre ? j : i;
}

static inline bool tok_email_local(unsigned char b)
{
    return tok_is_alnum(b) || b == '.' || b == '_' || b == '%' || b == '+' || b == '-';
}

/* End of an e-mail address starting at i, or i. Remembers misses so that a
 * long stretch without '@' is scanned once, not once per word in it. */
static size_t tok_email_end(tok_ctx *c, size_t i)
{
    const unsigned char *s = c->s;
    if (i < c->email_miss)
        return i;
    size_t j = i;
    while (j < c->len && tok_email_local(s[j]))
        j++;
    if (j + 1 >= c->len || s[j] != '@') {
        c->email_miss = j;
        return i;
    }
    size_t k = j + 1, end = 0, labels = 0;
    for (;;) {
        size_t l = k;
        while (l < c->len && (tok_is_alnum(s[l]) || s[l] == '-'))
            l++;
        if (l == k)
            break;
        labels++;
        end = l;
        if (l + 1 < c->len && s[l] == '.' && tok_is_alnum(s[l + 1]))
            k = l + 1;
        else
            break;
    }
    if (labels < 2) {
        c->email_miss = j + 1;
        return i;
    }
    return end;
}

/* A word, number, URL or e-mail address starting at *pos. */
int tok_word(tok_ctx *c, size_t *pos)
{
    size_t i = *pos, e;
    if (c->s[i] < 0x80 && (e = tok_url_end(c, i)) > i) {
        *pos = e;
        return tok_push(c, i, e, POLIS_TOK_URL, NULL);
    }
    run_info ri;
    tok_scan_run(c, i, &ri);
    if (ri.end < c->len && c->s[i] < 0x80) {
        unsigned char b = c->s[ri.end];
        if ((b == '@' || b == '.' || b == '_' || b == '%' || b == '+' || b == '-')
            && (e = tok_email_end(c, i)) > i) {
            *pos = e;
            return tok_push(c, i, e, POLIS_TOK_EMAIL, NULL);
        }
    }
    e = tok_emit_run(c, i, &ri);
    if (e == 0)
        return -1;
    *pos = e;
    return 0;
}
