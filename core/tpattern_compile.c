/*
 * tpattern_compile.c - token patterns: parse the source into a small syntax
 * tree (compile time only), then emit a flat program for the backtracking VM
 * in tpattern_match.c, and work out which tokens can start a match.
 *
 * The language is described in docs/patterns.md. Grammar:
 *
 *   pattern := alt
 *   alt     := seq ('|' seq)*
 *   seq     := item+
 *   item    := '!'? atom quant? ('=' name)?
 *   atom    := word | "phrase" | 'Exact' | '(' alt ')' | '[' test ']'
 *            | '@' dict | '{' LABEL ('|' LABEL)* '}' | '.' | '^' | '$'
 *   quant   := ('?' | '*' | '+' | '{' m '}' | '{' m? ',' n? '}') '?'?
 *   test    := and ('|' and)* ;  and := unary ('&' unary)*
 *   unary   := '!' unary | '(' test ')' | flag | len OP n | /regex/flags
 *            | "word" | 'Word'
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tpattern_impl.h"

#define TP_NONE       UINT32_MAX
#define TP_INF        UINT32_MAX
#define TP_MAX_DEPTH  50       /* nesting of ( ) and [ ] sub-expressions */
#define TP_MAX_REPEAT 100      /* largest m or n in x{m,n} */
#define TP_MAX_PROG   20000    /* instructions */
#define TP_MAX_CAPS   200
#define TP_SET_MIN    4        /* ORed words from this many on are tested as one set */

enum tp_kind { N_SEQ, N_ALT, N_REPEAT, N_CAPTURE, N_TOKEN, N_DICT, N_LABEL, N_BOL, N_EOL };

/* Syntax tree node; children are a linked list (first, next). */
typedef struct tp_node {
    uint8_t kind;
    bool lazy;            /* REPEAT */
    uint32_t min, max;    /* REPEAT */
    uint32_t first, next; /* first child; next sibling */
    int32_t cap;          /* CAPTURE */
    tp_inst inst;         /* TOKEN / DICT / LABEL: the instruction to emit */
} tp_node;

typedef struct tp_parser {
    const char *s;        /* the source (validated UTF-8, NUL-terminated copy) */
    size_t len, i;
    const polis_tpat_env *env;
    polis_tpat *p;
    char *err;
    size_t errlen;
    bool failed;
    int depth;
    tp_node *nodes;
    uint32_t nnodes, capnodes;
    uint32_t capprog, cappreds, capdicts, caplabels, capregexes, capcapnames, capsets;
    size_t cappool;
    uint8_t *cap_active;  /* while emitting: captures open around the current node */
    char *buf;            /* unescaped quoted text */
    size_t capbuf;
    polis_tokens toks;    /* literals tokenized like documents */
} tp_parser;

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static void tp_fail(tp_parser *ps, size_t at, const char *fmt, ...)
{
    if (ps->failed)
        return;
    ps->failed = true;
    if (!ps->err || ps->errlen == 0)
        return;
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (at == SIZE_MAX) {
        snprintf(ps->err, ps->errlen, "pattern: %s", msg);
        return;
    }
    unsigned line = 1, col = 1;
    size_t ls = 0;
    for (size_t k = 0; k < at && k < ps->len; k++)
        if (ps->s[k] == '\n') {
            line++;
            ls = k + 1;
        }
    for (size_t k = ls; k < at && k < ps->len; k++)
        if (((unsigned char)ps->s[k] & 0xC0) != 0x80)   /* count code points */
            col++;
    if (line == 1)
        snprintf(ps->err, ps->errlen, "pattern: %s at column %u", msg, col);
    else
        snprintf(ps->err, ps->errlen, "pattern: %s at line %u, column %u", msg, line, col);
}

static void tp_oom(tp_parser *ps)
{
    tp_fail(ps, SIZE_MAX, "out of memory");
}

/* Make room for need elements of size sz in *v (capacity *cap). */
static bool tp_grow(tp_parser *ps, void **v, uint32_t *cap, uint32_t need, size_t sz)
{
    if (need <= *cap)
        return true;
    uint32_t n = *cap ? *cap : 8;
    while (n < need)
        n *= 2;
    void *nv = realloc(*v, (size_t)n * sz);
    if (!nv) {
        tp_oom(ps);
        return false;
    }
    *v = nv;
    *cap = n;
    return true;
}

/* ------------------------------------------------------------ building */

static uint32_t node_new(tp_parser *ps, uint8_t kind)
{
    if (!tp_grow(ps, (void **)&ps->nodes, &ps->capnodes, ps->nnodes + 1, sizeof *ps->nodes))
        return TP_NONE;
    tp_node *n = &ps->nodes[ps->nnodes];
    memset(n, 0, sizeof *n);
    n->kind = kind;
    n->first = n->next = TP_NONE;
    n->cap = -1;
    n->inst.cap = -1;
    return ps->nnodes++;
}

/* A node with one child (REPEAT, CAPTURE). */
static uint32_t node_wrap(tp_parser *ps, uint8_t kind, uint32_t child)
{
    uint32_t n = node_new(ps, kind);
    if (n != TP_NONE)
        ps->nodes[n].first = child;
    return n;
}

static uint32_t pred_new(tp_parser *ps, uint8_t op, uint32_t a, uint32_t b, uint32_t c)
{
    polis_tpat *p = ps->p;
    if (!tp_grow(ps, (void **)&p->preds, &ps->cappreds, p->npreds + 1, sizeof *p->preds))
        return TP_NONE;
    p->preds[p->npreds] = (tp_pred){ op, 0, a, b, c };
    return p->npreds++;
}

static uint32_t pool_add(tp_parser *ps, const char *s, size_t n)
{
    polis_tpat *p = ps->p;
    if (p->npool + n + 1 > ps->cappool) {
        size_t cap = ps->cappool ? ps->cappool : 64;
        while (cap < p->npool + n + 1)
            cap *= 2;
        char *v = realloc(p->pool, cap);
        if (!v) {
            tp_oom(ps);
            return TP_NONE;
        }
        p->pool = v;
        ps->cappool = cap;
    }
    uint32_t off = (uint32_t)p->npool;
    memcpy(p->pool + off, s, n);
    p->pool[off + n] = '\0';
    p->npool += n + 1;
    return off;
}

/* ------------------------------------------------------------- lexing */

static bool tp_is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static char peek(const tp_parser *ps)
{
    return ps->i < ps->len ? ps->s[ps->i] : '\0';
}

static char peek_at(const tp_parser *ps, size_t k)
{
    return ps->i + k < ps->len ? ps->s[ps->i + k] : '\0';
}

/* Whitespace and '#' comments to the end of the line. */
static void skip_space(tp_parser *ps)
{
    while (ps->i < ps->len) {
        char c = ps->s[ps->i];
        if (tp_is_space(c))
            ps->i++;
        else if (c == '#')
            while (ps->i < ps->len && ps->s[ps->i] != '\n')
                ps->i++;
        else
            break;
    }
}

/* Whitespace only (inside [ ] and { }). */
static void skip_blank(tp_parser *ps)
{
    while (ps->i < ps->len && tp_is_space(ps->s[ps->i]))
        ps->i++;
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool is_ident_start(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_ident(char c)
{
    return is_ident_start(c) || is_digit(c);
}

/* Dictionary and label names also allow - : and non-ASCII letters, and a '.'
 * between name characters (@verbs.condemn). */
static bool is_name_char(char c)
{
    return is_ident(c) || c == '-' || c == ':' || (unsigned char)c >= 0x80;
}

static size_t read_name(tp_parser *ps)
{
    size_t start = ps->i;
    if (ps->i < ps->len && (is_ident_start(peek(ps)) || (unsigned char)peek(ps) >= 0x80))
        while (ps->i < ps->len) {
            char c = ps->s[ps->i];
            if (is_name_char(c) || (c == '.' && is_name_char(peek_at(ps, 1))))
                ps->i++;
            else
                break;
        }
    return ps->i - start;
}

/* Characters that end a bare word. */
static bool is_special(char c)
{
    return c != '\0' && strchr("()[]{}|@\"!?*+=^$#", c) != NULL;
}

/* ----------------------------------------------------------- literals */

/* A literal: the text tokenized like a document; one TOKEN node per token,
 * in a SEQ when there are several. */
static uint32_t literal_node(tp_parser *ps, const char *text, size_t len, bool exact, size_t at)
{
    if (len == 0) {
        tp_fail(ps, at, "empty literal");
        return TP_NONE;
    }
    if (polis_tokenize(text, len, NULL, &ps->toks) != 0) {
        tp_oom(ps);
        return TP_NONE;
    }
    size_t n = ps->toks.n;
    if (n == 0) {
        tp_fail(ps, at, "empty literal");
        return TP_NONE;
    }
    uint32_t seq = TP_NONE, prev = TP_NONE, first = TP_NONE;
    if (n > 1 && (seq = node_new(ps, N_SEQ)) == TP_NONE)
        return TP_NONE;
    for (size_t k = 0; k < n; k++) {
        const polis_token *t = &ps->toks.v[k];
        uint32_t off = exact ? pool_add(ps, text + t->start, t->end - t->start)
                             : pool_add(ps, polis_token_norm(&ps->toks, k), t->norm_len);
        uint32_t nd = node_new(ps, N_TOKEN);
        if (off == TP_NONE || nd == TP_NONE)
            return TP_NONE;
        ps->nodes[nd].inst = (tp_inst){ exact ? TP_EXACT : TP_LIT, -1, t->hash, off,
                                        exact ? t->end - t->start : t->norm_len };
        if (prev == TP_NONE)
            first = nd;
        else
            ps->nodes[prev].next = nd;
        prev = nd;
    }
    if (seq == TP_NONE)
        return first;
    ps->nodes[seq].first = first;
    return seq;
}

/* Read a quoted string starting at the quote; backslash escapes the next
 * character. The text goes to ps->buf. */
static bool read_quoted(tp_parser *ps, size_t *outlen)
{
    char q = ps->s[ps->i];
    size_t at = ps->i++;
    size_t n = 0;
    if (ps->capbuf < ps->len + 1) {
        char *b = realloc(ps->buf, ps->len + 1);
        if (!b) {
            tp_oom(ps);
            return false;
        }
        ps->buf = b;
        ps->capbuf = ps->len + 1;
    }
    while (ps->i < ps->len && ps->s[ps->i] != q) {
        if (ps->s[ps->i] == '\\' && ps->i + 1 < ps->len)
            ps->i++;
        ps->buf[n++] = ps->s[ps->i++];
    }
    if (ps->i >= ps->len) {
        tp_fail(ps, at, "unterminated %c", q);
        return false;
    }
    ps->i++;
    *outlen = n;
    return true;
}

/* ------------------------------------------------------ token tests [ ] */

static const struct {
    const char *name;
    uint32_t bit;
} tp_flag_names[] = {
    { "word", POLIS_TOK_WORD },           { "cap", POLIS_TOK_CAP },
    { "upper", POLIS_TOK_UPPER },         { "lower", POLIS_TOK_LOWER },
    { "digit", POLIS_TOK_DIGIT },         { "num", POLIS_TOK_NUMBER },
    { "number", POLIS_TOK_NUMBER },       { "ordinal", POLIS_TOK_ORDINAL },
    { "punct", POLIS_TOK_PUNCT },         { "quote", POLIS_TOK_QUOTE },
    { "dash", POLIS_TOK_DASH },           { "open", POLIS_TOK_OPEN },
    { "close", POLIS_TOK_CLOSE },         { "end", POLIS_TOK_END_PUNCT },
    { "end_punct", POLIS_TOK_END_PUNCT }, { "url", POLIS_TOK_URL },
    { "email", POLIS_TOK_EMAIL },         { "handle", POLIS_TOK_HANDLE },
    { "currency", POLIS_TOK_CURRENCY },   { "acronym", POLIS_TOK_ACRONYM },
    { "clitic", POLIS_TOK_CLITIC },       { "space", POLIS_TOK_SPACE_BEFORE },
    { "space_before", POLIS_TOK_SPACE_BEFORE },
    { "newline", POLIS_TOK_NEWLINE_BEFORE },
    { "newline_before", POLIS_TOK_NEWLINE_BEFORE },
    { "para_start", POLIS_TOK_PARA_START }, { "para", POLIS_TOK_PARA_START },
    { "sent_start", POLIS_TOK_SENT_START }, { "invalid", POLIS_TOK_INVALID },
};

static uint32_t test_or(tp_parser *ps);

static polis_regex *tp_regex(tp_parser *ps, const char *pat, size_t len, uint32_t flags,
                             size_t at)
{
    char rerr[200] = "";
    polis_regex *re;
    if (ps->env && ps->env->regex)
        re = ps->env->regex(ps->env->ud, pat, len, flags, rerr, sizeof rerr);
    else
        re = polis_regex_compile(pat, len, flags, rerr, sizeof rerr);
    if (!re) {
        tp_fail(ps, at, "%s", rerr[0] ? rerr : "bad regex");
        return NULL;
    }
    polis_tpat *p = ps->p;
    if (!tp_grow(ps, (void **)&p->regexes, &ps->capregexes, p->nregexes + 1, sizeof *p->regexes)) {
        if (p->own_regexes)
            polis_regex_free(re);
        return NULL;
    }
    p->regexes[p->nregexes++] = re;
    return re;
}

/* /regex/flags; the flag 'n' (ours) tests the normalized form. */
static uint32_t test_regex(tp_parser *ps)
{
    size_t at = ps->i++;
    size_t start = ps->i;
    while (ps->i < ps->len && ps->s[ps->i] != '/') {
        if (ps->s[ps->i] == '\\' && ps->i + 1 < ps->len)
            ps->i++;
        ps->i++;
    }
    if (ps->i >= ps->len) {
        tp_fail(ps, at, "unterminated /regex/");
        return TP_NONE;
    }
    size_t plen = ps->i - start;
    ps->i++;
    if (plen == 0) {
        tp_fail(ps, at, "empty /regex/");
        return TP_NONE;
    }
    char fl[16];
    size_t nfl = 0;
    bool norm = false;
    size_t flat = ps->i;
    while (ps->i < ps->len && is_ident_start(ps->s[ps->i])) {
        char c = ps->s[ps->i++];
        if (c == 'n')
            norm = true;
        else if (nfl + 1 < sizeof fl)
            fl[nfl++] = c;
        else {
            tp_fail(ps, flat, "too many regex flags");
            return TP_NONE;
        }
    }
    fl[nfl] = '\0';
    uint32_t flags = 0;
    if (polis_regex_flags(fl, &flags) != 0) {
        tp_fail(ps, flat, "unknown regex flag in \"%s\" (use i m s x U w, and n for the normalized form)",
                fl);
        return TP_NONE;
    }
    if (!tp_regex(ps, ps->s + start, plen, flags, at))
        return TP_NONE;
    uint32_t r = pred_new(ps, TPP_REGEX, ps->p->nregexes - 1, 0, 0);
    if (r != TP_NONE)
        ps->p->preds[r].cmp = norm;
    return r;
}

/* len OP n: the token's length in characters. */
static uint32_t test_len(tp_parser *ps, size_t at)
{
    skip_blank(ps);
    char c0 = peek(ps), c1 = peek_at(ps, 1);
    uint8_t cmp;
    size_t oplen = 1;
    if (c0 == '<' && c1 == '=') { cmp = TPC_LE; oplen = 2; }
    else if (c0 == '>' && c1 == '=') { cmp = TPC_GE; oplen = 2; }
    else if (c0 == '=' && c1 == '=') { cmp = TPC_EQ; oplen = 2; }
    else if (c0 == '!' && c1 == '=') { cmp = TPC_NE; oplen = 2; }
    else if (c0 == '<') cmp = TPC_LT;
    else if (c0 == '>') cmp = TPC_GT;
    else if (c0 == '=') cmp = TPC_EQ;
    else {
        tp_fail(ps, at, "len needs a comparison such as len>3");
        return TP_NONE;
    }
    ps->i += oplen;
    skip_blank(ps);
    if (!is_digit(peek(ps))) {
        tp_fail(ps, ps->i, "len needs a number");
        return TP_NONE;
    }
    uint32_t v = 0;
    while (is_digit(peek(ps))) {
        if (v > 100000) {
            tp_fail(ps, at, "len value too large");
            return TP_NONE;
        }
        v = v * 10 + (uint32_t)(ps->s[ps->i++] - '0');
    }
    uint32_t r = pred_new(ps, TPP_LEN, v, 0, 0);
    if (r != TP_NONE)
        ps->p->preds[r].cmp = cmp;
    return r;
}

static uint32_t test_primary(tp_parser *ps)
{
    skip_blank(ps);
    size_t at = ps->i;
    char c = peek(ps);
    if (c == '(') {
        if (++ps->depth > TP_MAX_DEPTH) {
            tp_fail(ps, at, "nesting deeper than %d", TP_MAX_DEPTH);
            return TP_NONE;
        }
        ps->i++;
        uint32_t r = test_or(ps);
        if (r == TP_NONE)
            return TP_NONE;
        skip_blank(ps);
        if (peek(ps) != ')') {
            tp_fail(ps, at, "unbalanced (");
            return TP_NONE;
        }
        ps->i++;
        ps->depth--;
        return r;
    }
    if (c == '/')
        return test_regex(ps);
    if (c == '"' || c == '\'') {
        size_t n;
        if (!read_quoted(ps, &n))
            return TP_NONE;
        uint32_t nd = literal_node(ps, ps->buf, n, c == '\'', at);
        if (nd == TP_NONE)
            return TP_NONE;
        if (ps->nodes[nd].kind != N_TOKEN) {
            tp_fail(ps, at, "a literal inside [ ] must be a single token");
            return TP_NONE;
        }
        const tp_inst *in = &ps->nodes[nd].inst;
        return pred_new(ps, in->op == TP_EXACT ? TPP_EXACT : TPP_LIT, in->a, in->b, in->c);
    }
    if (is_ident_start(c)) {
        size_t start = ps->i;
        while (is_ident(peek(ps)))
            ps->i++;
        size_t n = ps->i - start;
        if (n == 3 && memcmp(ps->s + start, "len", 3) == 0)
            return test_len(ps, at);
        for (size_t k = 0; k < sizeof tp_flag_names / sizeof tp_flag_names[0]; k++)
            if (strlen(tp_flag_names[k].name) == n &&
                memcmp(tp_flag_names[k].name, ps->s + start, n) == 0)
                return pred_new(ps, TPP_FLAGS, tp_flag_names[k].bit, 0, 0);
        tp_fail(ps, at, "unknown token test [%.*s]", (int)n, ps->s + start);
        return TP_NONE;
    }
    if (c == ']' || c == '\0')
        tp_fail(ps, at, "empty token test");
    else
        tp_fail(ps, at, "unexpected '%c' in a token test", c);
    return TP_NONE;
}

static uint32_t test_unary(tp_parser *ps)
{
    skip_blank(ps);
    if (peek(ps) != '!')
        return test_primary(ps);
    size_t at = ps->i++;
    if (++ps->depth > TP_MAX_DEPTH) {
        tp_fail(ps, at, "nesting deeper than %d", TP_MAX_DEPTH);
        return TP_NONE;
    }
    uint32_t x = test_unary(ps);
    ps->depth--;
    return x == TP_NONE ? TP_NONE : pred_new(ps, TPP_NOT, x, 0, 0);
}

static uint32_t test_and(tp_parser *ps)
{
    uint32_t l = test_unary(ps);
    for (;;) {
        if (l == TP_NONE)
            return TP_NONE;
        skip_blank(ps);
        if (peek(ps) != '&')
            return l;
        ps->i++;
        uint32_t r = test_unary(ps);
        if (r == TP_NONE)
            return TP_NONE;
        l = pred_new(ps, TPP_AND, l, r, 0);
    }
}

static uint32_t test_or(tp_parser *ps)
{
    uint32_t l = test_and(ps);
    for (;;) {
        if (l == TP_NONE)
            return TP_NONE;
        skip_blank(ps);
        if (peek(ps) != '|')
            return l;
        ps->i++;
        uint32_t r = test_and(ps);
        if (r == TP_NONE)
            return TP_NONE;
        l = pred_new(ps, TPP_OR, l, r, 0);
    }
}

/* --------------------------------------------------------- elements */

static uint32_t parse_alt(tp_parser *ps);

static uint32_t parse_dict(tp_parser *ps)
{
    size_t at = ps->i++;
    size_t start = ps->i;
    size_t n = read_name(ps);
    if (n == 0) {
        tp_fail(ps, at, "@ needs a dictionary name");
        return TP_NONE;
    }
    const char *name = ps->s + start;
    const polis_dict *d = NULL;
    if (ps->env && ps->env->dict)
        d = ps->env->dict(ps->env->ud, name, n);
    if (!d) {
        tp_fail(ps, at, "unknown dictionary @%.*s", (int)n, name);
        return TP_NONE;
    }
    polis_tpat *p = ps->p;
    uint32_t k = 0;
    while (k < p->ndicts && p->dicts[k] != d)
        k++;
    if (k == p->ndicts) {
        if (!tp_grow(ps, (void **)&p->dicts, &ps->capdicts, p->ndicts + 1, sizeof *p->dicts))
            return TP_NONE;
        p->dicts[p->ndicts++] = d;
    }
    uint32_t nd = node_new(ps, N_DICT);
    if (nd != TP_NONE)
        ps->nodes[nd].inst = (tp_inst){ TP_DICT, -1, k, 0, 0 };
    return nd;
}

/* {LABEL} or {A|B|C}. */
static uint32_t parse_labels(tp_parser *ps)
{
    size_t at = ps->i++;
    if (!ps->env || !ps->env->labels) {
        tp_fail(ps, at, "{LABEL} needs a label table in the pattern environment");
        return TP_NONE;
    }
    polis_tpat *p = ps->p;
    uint32_t first = p->nlabels, count = 0;
    for (;;) {
        skip_blank(ps);
        size_t nat = ps->i;
        size_t start = ps->i;
        size_t n = read_name(ps);
        if (n == 0) {
            if (peek(ps) == '}')
                tp_fail(ps, at, "empty {}");
            else if (peek(ps) == '\0')
                tp_fail(ps, at, "unbalanced {");
            else
                tp_fail(ps, nat, "bad label name");
            return TP_NONE;
        }
        uint32_t id = polis_symtab_intern(ps->env->labels, ps->s + start, n);
        if (id == 0) {
            tp_oom(ps);
            return TP_NONE;
        }
        bool dup = false;
        for (uint32_t k = first; k < p->nlabels; k++)
            dup |= p->labels[k] == id;
        if (!dup) {
            if (!tp_grow(ps, (void **)&p->labels, &ps->caplabels, p->nlabels + 1, sizeof *p->labels))
                return TP_NONE;
            p->labels[p->nlabels++] = id;
            count++;
        }
        skip_blank(ps);
        char c = peek(ps);
        if (c == '}') {
            ps->i++;
            break;
        }
        if (c != '|') {
            tp_fail(ps, c ? ps->i : at, c ? "expected | or } in a label list" : "unbalanced {");
            return TP_NONE;
        }
        ps->i++;
    }
    uint32_t nd = node_new(ps, N_LABEL);
    if (nd == TP_NONE)
        return TP_NONE;
    if (count == 1) {
        ps->nodes[nd].inst = (tp_inst){ TP_LABEL, -1, p->labels[first], 0, 0 };
        p->nlabels = first;    /* a single label needs no list */
    } else {
        ps->nodes[nd].inst = (tp_inst){ TP_LABELS, -1, first, count, 0 };
    }
    return nd;
}

static uint32_t parse_word(tp_parser *ps)
{
    size_t at = ps->i;
    while (ps->i < ps->len && !tp_is_space(ps->s[ps->i]) && !is_special(ps->s[ps->i]))
        ps->i++;
    return literal_node(ps, ps->s + at, ps->i - at, false, at);
}

static uint32_t parse_atom(tp_parser *ps)
{
    size_t at = ps->i;
    char c = peek(ps);
    switch (c) {
    case '(': {
        if (++ps->depth > TP_MAX_DEPTH) {
            tp_fail(ps, at, "nesting deeper than %d", TP_MAX_DEPTH);
            return TP_NONE;
        }
        ps->i++;
        skip_space(ps);
        if (peek(ps) == ')') {
            tp_fail(ps, at, "empty group ()");
            return TP_NONE;
        }
        uint32_t inner = parse_alt(ps);
        if (inner == TP_NONE)
            return TP_NONE;
        skip_space(ps);
        if (peek(ps) != ')') {
            tp_fail(ps, at, "unbalanced (");
            return TP_NONE;
        }
        ps->i++;
        ps->depth--;
        return inner;
    }
    case '[': {
        ps->i++;
        if (++ps->depth > TP_MAX_DEPTH) {
            tp_fail(ps, at, "nesting deeper than %d", TP_MAX_DEPTH);
            return TP_NONE;
        }
        uint32_t r = test_or(ps);
        if (r == TP_NONE)
            return TP_NONE;
        skip_blank(ps);
        if (peek(ps) != ']') {
            if (peek(ps) == '\0')
                tp_fail(ps, at, "unbalanced [");
            else
                tp_fail(ps, ps->i, "expected & | or ] in a token test, found '%c'", peek(ps));
            return TP_NONE;
        }
        ps->i++;
        ps->depth--;
        uint32_t nd = node_new(ps, N_TOKEN);
        if (nd != TP_NONE)
            ps->nodes[nd].inst = (tp_inst){ TP_PRED, -1, r, 0, 0 };
        return nd;
    }
    case '"':
    case '\'': {
        size_t n;
        if (!read_quoted(ps, &n))
            return TP_NONE;
        return literal_node(ps, ps->buf, n, c == '\'', at);
    }
    case '@':
        return parse_dict(ps);
    case '{':
        if (is_digit(peek_at(ps, 1)) || peek_at(ps, 1) == ',') {
            tp_fail(ps, at, "nothing to repeat before {");
            return TP_NONE;
        }
        return parse_labels(ps);
    case '.': case '^': case '$': {
        ps->i++;
        uint32_t nd = node_new(ps, c == '.' ? N_TOKEN : c == '^' ? N_BOL : N_EOL);
        if (nd != TP_NONE && c == '.')
            ps->nodes[nd].inst = (tp_inst){ TP_ANY, -1, 0, 0, 0 };
        return nd;
    }
    case ')':
    case ']':
    case '}':
        tp_fail(ps, at, "unbalanced %c", c);
        return TP_NONE;
    case '?':
    case '*':
    case '+':
        tp_fail(ps, at, "nothing to repeat before %c", c);
        return TP_NONE;
    case '=':
        tp_fail(ps, at, "nothing to capture before =");
        return TP_NONE;
    case '!':
        tp_fail(ps, at, "double negation !!");
        return TP_NONE;
    case '\0':
        tp_fail(ps, at, "missing element at the end");
        return TP_NONE;
    default:
        return parse_word(ps);
    }
}

/* The single-token test of node n as a pred tree, for !x; TP_NONE when n is
 * not a single-token test. */
static uint32_t node_pred(tp_parser *ps, uint32_t n)
{
    const tp_node *nd = &ps->nodes[n];
    if (nd->kind == N_TOKEN) {
        tp_inst in = nd->inst;
        switch (in.op) {
        case TP_LIT:   return pred_new(ps, TPP_LIT, in.a, in.b, in.c);
        case TP_EXACT: return pred_new(ps, TPP_EXACT, in.a, in.b, in.c);
        case TP_PRED:  return in.a;
        default:       return TP_NONE;
        }
    }
    if (nd->kind == N_ALT) {
        uint32_t acc = TP_NONE;
        for (uint32_t k = nd->first; k != TP_NONE; k = ps->nodes[k].next) {
            uint32_t x = node_pred(ps, k);
            if (x == TP_NONE)
                return TP_NONE;
            acc = acc == TP_NONE ? x : pred_new(ps, TPP_OR, acc, x, 0);
            if (acc == TP_NONE)
                return TP_NONE;
        }
        return acc;
    }
    return TP_NONE;
}

static int32_t capture_index(tp_parser *ps, const char *name, size_t n)
{
    polis_tpat *p = ps->p;
    for (uint32_t k = 0; k < p->ncaps; k++)
        if (strlen(p->capnames[k]) == n && memcmp(p->capnames[k], name, n) == 0)
            return (int32_t)k;       /* the same name in two alternatives: one capture */
    if (p->ncaps >= TP_MAX_CAPS) {
        tp_fail(ps, SIZE_MAX, "more than %d captures", TP_MAX_CAPS);
        return -1;
    }
    if (!tp_grow(ps, (void **)&p->capnames, &ps->capcapnames, p->ncaps + 1, sizeof *p->capnames))
        return -1;
    char *s = malloc(n + 1);
    if (!s) {
        tp_oom(ps);
        return -1;
    }
    memcpy(s, name, n);
    s[n] = '\0';
    p->capnames[p->ncaps] = s;
    return (int32_t)p->ncaps++;
}

static bool at_quantifier(const tp_parser *ps)
{
    char c = peek(ps);
    return c == '?' || c == '*' || c == '+' ||
           (c == '{' && (is_digit(peek_at(ps, 1)) || peek_at(ps, 1) == ','));
}

static bool read_count(tp_parser *ps, uint32_t *v, size_t at)
{
    uint32_t x = 0;
    while (is_digit(peek(ps))) {
        x = x * 10 + (uint32_t)(ps->s[ps->i++] - '0');
        if (x > TP_MAX_REPEAT) {
            tp_fail(ps, at, "repetition count above %d", TP_MAX_REPEAT);
            return false;
        }
    }
    *v = x;
    return true;
}

/* x? x* x+ x{m} x{m,n} x{,n} x{m,} and their lazy forms. */
static uint32_t parse_quantifier(tp_parser *ps, uint32_t atom)
{
    size_t at = ps->i;
    uint32_t min, max;
    char c = ps->s[ps->i++];
    if (c == '?') { min = 0; max = 1; }
    else if (c == '*') { min = 0; max = TP_INF; }
    else if (c == '+') { min = 1; max = TP_INF; }
    else {
        bool has_min = is_digit(peek(ps));
        if (!read_count(ps, &min, at))
            return TP_NONE;
        if (peek(ps) == ',') {
            ps->i++;
            if (is_digit(peek(ps))) {
                if (!read_count(ps, &max, at))
                    return TP_NONE;
            } else {
                max = TP_INF;
            }
        } else if (has_min) {
            max = min;
        } else {
            tp_fail(ps, at, "malformed repetition {}");
            return TP_NONE;
        }
        if (peek(ps) != '}') {
            tp_fail(ps, at, "malformed repetition: expected }");
            return TP_NONE;
        }
        ps->i++;
        if (min > max) {
            tp_fail(ps, at, "repetition {%u,%u} has min > max", min, max);
            return TP_NONE;
        }
    }
    uint8_t k = ps->nodes[atom].kind;
    if (k == N_BOL || k == N_EOL) {
        tp_fail(ps, at, "an anchor cannot be repeated");
        return TP_NONE;
    }
    uint32_t r = node_wrap(ps, N_REPEAT, atom);
    if (r == TP_NONE)
        return TP_NONE;
    ps->nodes[r].min = min;
    ps->nodes[r].max = max;
    if (peek(ps) == '?') {
        ps->i++;
        ps->nodes[r].lazy = true;
    }
    if (at_quantifier(ps)) {
        tp_fail(ps, ps->i, "nothing to repeat before %c (one quantifier per element; use a group)",
                peek(ps));
        return TP_NONE;
    }
    return r;
}

static uint32_t parse_item(tp_parser *ps)
{
    size_t at = ps->i;
    bool neg = false;
    if (peek(ps) == '!') {
        neg = true;
        ps->i++;
        if (ps->i >= ps->len || tp_is_space(peek(ps))) {
            tp_fail(ps, at, "! must be followed by a token test");
            return TP_NONE;
        }
    }
    uint32_t x = parse_atom(ps);
    if (x == TP_NONE)
        return TP_NONE;
    if (neg) {
        uint32_t pr = node_pred(ps, x);
        if (ps->failed)
            return TP_NONE;
        if (pr == TP_NONE) {
            tp_fail(ps, at, "! applies to one token test: a word, 'Exact', [test] or (a | b) of those");
            return TP_NONE;
        }
        uint32_t np = pred_new(ps, TPP_NOT, pr, 0, 0);
        if (np == TP_NONE || (x = node_new(ps, N_TOKEN)) == TP_NONE)
            return TP_NONE;
        ps->nodes[x].inst = (tp_inst){ TP_PRED, -1, np, 0, 0 };
    }
    if (at_quantifier(ps) && (x = parse_quantifier(ps, x)) == TP_NONE)
        return TP_NONE;
    if (peek(ps) == '=') {
        size_t eat = ps->i++;
        size_t start = ps->i;
        if (is_ident_start(peek(ps)))
            while (is_ident(peek(ps)))
                ps->i++;
        if (ps->i == start) {
            tp_fail(ps, eat, "= needs a capture name (letters, digits, _)");
            return TP_NONE;
        }
        int32_t k = capture_index(ps, ps->s + start, ps->i - start);
        if (k < 0)
            return TP_NONE;
        if ((x = node_wrap(ps, N_CAPTURE, x)) == TP_NONE)
            return TP_NONE;
        ps->nodes[x].cap = k;
        if (at_quantifier(ps)) {
            tp_fail(ps, ps->i, "put the quantifier before =%.*s", (int)(ps->i - start),
                    ps->s + start);
            return TP_NONE;
        }
        if (peek(ps) == '=') {
            tp_fail(ps, ps->i, "one capture name per element");
            return TP_NONE;
        }
    }
    return x;
}

/* Items up to ')' '|' or the end; TP_NONE with *empty when there are none. */
static uint32_t parse_seq(tp_parser *ps, bool *empty)
{
    uint32_t first = TP_NONE, prev = TP_NONE, count = 0;
    *empty = false;
    for (;;) {
        skip_space(ps);
        char c = peek(ps);
        if (ps->i >= ps->len || c == ')' || c == '|')
            break;
        uint32_t x = parse_item(ps);
        if (x == TP_NONE)
            return TP_NONE;
        if (prev == TP_NONE)
            first = x;
        else
            ps->nodes[prev].next = x;
        prev = x;
        count++;
    }
    if (count == 0) {
        *empty = true;
        return TP_NONE;
    }
    if (count == 1)
        return first;
    uint32_t s = node_new(ps, N_SEQ);
    if (s != TP_NONE)
        ps->nodes[s].first = first;
    return s;
}

static uint32_t parse_alt(tp_parser *ps)
{
    skip_space(ps);
    size_t at = ps->i;
    bool empty;
    uint32_t first = parse_seq(ps, &empty);
    if (empty) {
        if (ps->depth == 0 && ps->i >= ps->len)
            tp_fail(ps, SIZE_MAX, "empty pattern");
        else
            tp_fail(ps, at, "empty alternative");
        return TP_NONE;
    }
    if (first == TP_NONE)
        return TP_NONE;
    if (peek(ps) != '|')
        return first;
    uint32_t alt = node_new(ps, N_ALT), prev = first;
    if (alt == TP_NONE)
        return TP_NONE;
    ps->nodes[alt].first = first;
    while (peek(ps) == '|') {
        size_t bar = ps->i++;
        uint32_t x = parse_seq(ps, &empty);
        if (empty) {
            tp_fail(ps, bar, "empty alternative after |");
            return TP_NONE;
        }
        if (x == TP_NONE)
            return TP_NONE;
        ps->nodes[prev].next = x;
        prev = x;
    }
    return alt;
}

/* ----------------------------------------------------------- analysis */

static bool node_nullable(const tp_parser *ps, uint32_t n)
{
    const tp_node *nd = &ps->nodes[n];
    switch (nd->kind) {
    case N_TOKEN: case N_DICT: case N_LABEL:
        return false;
    case N_BOL: case N_EOL:
        return true;
    case N_SEQ:
        for (uint32_t k = nd->first; k != TP_NONE; k = ps->nodes[k].next)
            if (!node_nullable(ps, k))
                return false;
        return true;
    case N_ALT:
        for (uint32_t k = nd->first; k != TP_NONE; k = ps->nodes[k].next)
            if (node_nullable(ps, k))
                return true;
        return false;
    case N_REPEAT:
        return nd->min == 0 || node_nullable(ps, nd->first);
    default: /* N_CAPTURE */
        return node_nullable(ps, nd->first);
    }
}

static bool node_consumes(const tp_parser *ps, uint32_t n)
{
    const tp_node *nd = &ps->nodes[n];
    switch (nd->kind) {
    case N_TOKEN: case N_DICT: case N_LABEL:
        return true;
    case N_BOL: case N_EOL:
        return false;
    case N_SEQ: case N_ALT:
        for (uint32_t k = nd->first; k != TP_NONE; k = ps->nodes[k].next)
            if (node_consumes(ps, k))
                return true;
        return false;
    case N_REPEAT:
        return nd->max > 0 && node_consumes(ps, nd->first);
    default:
        return node_consumes(ps, nd->first);
    }
}

/* ----------------------------------------------------------- emission */

static uint32_t emit(tp_parser *ps, uint8_t op, int32_t cap, uint32_t a, uint32_t b, uint32_t c)
{
    polis_tpat *p = ps->p;
    if (ps->failed)
        return TP_NONE;
    if (p->nprog >= TP_MAX_PROG) {
        tp_fail(ps, SIZE_MAX, "pattern too large (more than %d instructions; lower the repetition counts)",
                TP_MAX_PROG);
        return TP_NONE;
    }
    if (!tp_grow(ps, (void **)&p->prog, &ps->capprog, p->nprog + 1, sizeof *p->prog))
        return TP_NONE;
    p->prog[p->nprog] = (tp_inst){ op, cap, a, b, c };
    return p->nprog++;
}

/* A conjunction of single flags and negated flags becomes (flags & mask) == want. */
static bool pred_conj(const polis_tpat *p, uint32_t r, uint32_t *mask, uint32_t *want)
{
    const tp_pred *pr = &p->preds[r];
    if (pr->op == TPP_FLAGS) {
        if ((*mask & pr->a) && !(*want & pr->a))
            return false;                   /* x & !x: leave it to the general test */
        *mask |= pr->a;
        *want |= pr->a;
        return true;
    }
    if (pr->op == TPP_NOT && p->preds[pr->a].op == TPP_FLAGS) {
        uint32_t bit = p->preds[pr->a].a;
        if (*want & bit)
            return false;
        *mask |= bit;
        return true;
    }
    if (pr->op == TPP_AND)
        return pred_conj(p, pr->a, mask, want) && pred_conj(p, pr->b, mask, want);
    return false;
}

/* ------------------------------------------------------ word sets
 *
 * Lists of words ("has | have | had | ...", [!"of" & !"to" & ...]) are
 * common in rules and cost one test per word when tried one by one. The
 * optimizer below gathers the words of an OR (or the negated words of an AND)
 * into one TPP_SET, tested with a single hashed lookup. Tests are pure, so
 * the order they run in changes nothing but the time taken. */

static int cmp_set_item(const void *a, const void *b)
{
    const tp_set_item *x = a, *y = b;
    if (x->hash != y->hash)
        return x->hash < y->hash ? -1 : 1;
    return x->off < y->off ? -1 : x->off > y->off;
}

/* The leaves of the op-tree (TPP_OR or TPP_AND) at r, left to right. */
static bool pred_leaves(tp_parser *ps, uint32_t r, uint8_t op, uint32_t **v, uint32_t *n,
                        uint32_t *cap)
{
    const tp_pred pr = ps->p->preds[r];
    if (pr.op == op)
        return pred_leaves(ps, pr.a, op, v, n, cap) && pred_leaves(ps, pr.b, op, v, n, cap);
    if (!tp_grow(ps, (void **)v, cap, *n + 1, sizeof **v))
        return false;
    (*v)[(*n)++] = r;
    return true;
}

/* A TPP_SET pred of the TPP_LIT preds lits[0..n). */
static uint32_t set_new(tp_parser *ps, const uint32_t *lits, uint32_t n)
{
    polis_tpat *p = ps->p;
    tp_set_item *items = malloc(n * sizeof *items);
    if (!items || !tp_grow(ps, (void **)&p->sets, &ps->capsets, p->nsets + 1, sizeof *p->sets)) {
        free(items);
        tp_oom(ps);
        return TP_NONE;
    }
    tp_set *set = &p->sets[p->nsets];
    memset(set, 0, sizeof *set);
    for (uint32_t k = 0; k < n; k++) {
        const tp_pred *lit = &p->preds[lits[k]];
        items[k] = (tp_set_item){ lit->a, lit->b, lit->c };
        set->bloom[(lit->a & 255) >> 6] |= 1ull << (lit->a & 63);
    }
    qsort(items, n, sizeof *items, cmp_set_item);
    set->items = items;
    set->n = n;
    return pred_new(ps, TPP_SET, p->nsets++, 0, 0);
}

/* An equivalent, faster pred tree for r (r itself when nothing changes). */
static uint32_t pred_optimize(tp_parser *ps, uint32_t r)
{
    if (ps->failed)
        return r;
    const tp_pred pr = ps->p->preds[r];
    if (pr.op == TPP_NOT) {
        uint32_t a = pred_optimize(ps, pr.a);
        return a == pr.a ? r : pred_new(ps, TPP_NOT, a, 0, 0);
    }
    if (pr.op != TPP_OR && pr.op != TPP_AND)
        return r;
    uint32_t *leaves = NULL, n = 0, cap = 0;
    if (!pred_leaves(ps, r, pr.op, &leaves, &n, &cap)) {
        free(leaves);
        return r;
    }
    /* Words: LIT leaves of an OR, NOT(LIT) leaves of an AND. */
    uint32_t *words = malloc(n * sizeof *words), nwords = 0;
    bool changed = false;
    if (!words) {
        free(leaves);
        tp_oom(ps);
        return r;
    }
    for (uint32_t k = 0; k < n; k++) {
        const tp_pred *l = &ps->p->preds[leaves[k]];
        if (pr.op == TPP_OR && l->op == TPP_LIT)
            words[nwords++] = leaves[k];
        else if (pr.op == TPP_AND && l->op == TPP_NOT && ps->p->preds[l->a].op == TPP_LIT)
            words[nwords++] = ps->p->preds[leaves[k]].a;
        else {
            uint32_t o = pred_optimize(ps, leaves[k]);
            changed |= o != leaves[k];
            leaves[k] = o;
        }
    }
    uint32_t out = r;
    if (nwords >= TP_SET_MIN || changed) {
        /* Rebuild: flag tests first (cheapest), then the set, then the rest. */
        uint32_t acc = TP_NONE, set = TP_NONE;
        if (nwords >= TP_SET_MIN) {
            set = set_new(ps, words, nwords);
            if (set != TP_NONE && pr.op == TPP_AND)
                set = pred_new(ps, TPP_NOT, set, 0, 0);
        }
        for (int pass = 0; pass < 3 && !ps->failed; pass++)
            for (uint32_t k = 0; k < n; k++) {
                const tp_pred *l = &ps->p->preds[leaves[k]];
                bool word = nwords >= TP_SET_MIN &&
                            ((pr.op == TPP_OR && l->op == TPP_LIT) ||
                             (pr.op == TPP_AND && l->op == TPP_NOT &&
                              ps->p->preds[l->a].op == TPP_LIT));
                uint32_t x;
                if (pass == 1) {
                    if (k > 0)
                        break;
                    x = set;
                } else if (word || (pass == 0) != (l->op == TPP_FLAGS)) {
                    continue;
                } else {
                    x = leaves[k];
                }
                if (x == TP_NONE)
                    continue;
                acc = acc == TP_NONE ? x : pred_new(ps, pr.op, acc, x, 0);
            }
        if (!ps->failed && acc != TP_NONE)
            out = acc;
    }
    free(words);
    free(leaves);
    return out;
}

static void emit_node(tp_parser *ps, uint32_t n, int32_t cap);

static void emit_repeat(tp_parser *ps, uint32_t n, int32_t cap)
{
    polis_tpat *p = ps->p;
    const tp_node nd = ps->nodes[n];
    uint32_t child = nd.first;
    int32_t ccap = nd.max <= 1 ? cap : -1;  /* x?=name still records annot/entries */
    bool nullable = node_nullable(ps, child);
    if (nd.max == 0)
        return;
    if (nd.max == TP_INF && !nullable && nd.min >= 1) {
        /* x{m,}: m-1 copies, then L: x; SPLIT L, out */
        for (uint32_t k = 0; k + 1 < nd.min; k++)
            emit_node(ps, child, ccap);
        uint32_t loop = p->nprog;
        emit_node(ps, child, ccap);
        uint32_t s = emit(ps, TP_SPLIT, -1, 0, 0, p->nmemo++);
        if (s == TP_NONE)
            return;
        p->prog[s].a = nd.lazy ? s + 1 : loop;
        p->prog[s].b = nd.lazy ? loop : s + 1;
        return;
    }
    for (uint32_t k = 0; k < nd.min; k++)
        emit_node(ps, child, ccap);
    if (nd.max == TP_INF) {
        /* L: SPLIT body, out; body: [MARK] x [PROGRESS]; JMP L; out: */
        uint32_t s = emit(ps, TP_SPLIT, -1, 0, 0, p->nmemo++);
        uint32_t r = nullable ? p->nloops++ : 0;
        if (nullable)
            emit(ps, TP_MARK, -1, r, 0, 0);
        emit_node(ps, child, ccap);
        if (nullable)
            emit(ps, TP_PROGRESS, -1, r, 0, 0);
        emit(ps, TP_JMP, -1, s, 0, 0);
        if (ps->failed)
            return;
        uint32_t out = p->nprog;
        p->prog[s].a = nd.lazy ? out : s + 1;
        p->prog[s].b = nd.lazy ? s + 1 : out;
        return;
    }
    /* x{m,n}: m copies, then n-m nested optional copies:
     * SPLIT a1, out; a1: x; SPLIT a2, out; a2: x; ... out:
     * The splits are chained through .b until out is known. */
    uint32_t chain = TP_NONE;
    for (uint32_t k = nd.min; k < nd.max; k++) {
        uint32_t s = emit(ps, TP_SPLIT, -1, 0, chain, p->nmemo++);
        if (s == TP_NONE)
            return;
        chain = s;
        emit_node(ps, child, ccap);
    }
    if (ps->failed)
        return;
    uint32_t out = p->nprog;
    while (chain != TP_NONE) {
        uint32_t prev = p->prog[chain].b;
        p->prog[chain].a = nd.lazy ? out : chain + 1;
        p->prog[chain].b = nd.lazy ? chain + 1 : out;
        chain = prev;
    }
}

static void emit_node(tp_parser *ps, uint32_t n, int32_t cap)
{
    polis_tpat *p = ps->p;
    if (ps->failed)
        return;
    const tp_node nd = ps->nodes[n];
    switch (nd.kind) {
    case N_TOKEN: {
        tp_inst in = nd.inst;
        uint32_t mask = 0, want = 0;
        if (in.op == TP_PRED && pred_conj(p, in.a, &mask, &want))
            emit(ps, TP_FLAGS, -1, mask, want, 0);
        else if (in.op == TP_PRED)
            emit(ps, TP_PRED, -1, pred_optimize(ps, in.a), 0, 0);
        else
            emit(ps, in.op, -1, in.a, in.b, in.c);
        return;
    }
    case N_DICT:
    case N_LABEL:
        emit(ps, nd.inst.op, cap, nd.inst.a, nd.inst.b, p->nmemo++);
        return;
    case N_BOL:
        emit(ps, TP_BOL, -1, 0, 0, 0);
        return;
    case N_EOL:
        emit(ps, TP_EOL, -1, 0, 0, 0);
        return;
    case N_SEQ:
        for (uint32_t k = nd.first; k != TP_NONE; k = ps->nodes[k].next)
            emit_node(ps, k, -1);
        return;
    case N_ALT: {
        /* Adjacent alternatives that each test one token ("has | have | had",
         * [tests]) all lead to the same state, the next token: they become
         * one test (an OR, its words one set), not one choice each. Others
         * stay choices, in order. */
        uint32_t nitems = 0, *items = NULL, *preds = NULL, capi = 0, capp = 0;
        for (uint32_t k = nd.first; k != TP_NONE;) {
            uint32_t acc = node_pred(ps, k), runlen = 1, last = k;
            if (acc != TP_NONE)
                for (uint32_t j = ps->nodes[k].next; j != TP_NONE; j = ps->nodes[j].next) {
                    uint32_t x = node_pred(ps, j);
                    if (x == TP_NONE)
                        break;
                    acc = pred_new(ps, TPP_OR, acc, x, 0);
                    runlen++;
                    last = j;
                }
            if (ps->failed || !tp_grow(ps, (void **)&items, &capi, nitems + 1, sizeof *items) ||
                !tp_grow(ps, (void **)&preds, &capp, nitems + 1, sizeof *preds)) {
                free(items);
                free(preds);
                return;
            }
            items[nitems] = k;
            preds[nitems++] = runlen > 1 ? pred_optimize(ps, acc) : TP_NONE;
            k = ps->nodes[last].next;
        }
        /* SPLIT x1, L2; x1; JMP out; L2: SPLIT x2, L3; x2; JMP out; ... xn; out:
         * The JMPs are chained through .a until out is known. */
        uint32_t chain = TP_NONE;
        for (uint32_t it = 0; it < nitems; it++) {
            if (it + 1 == nitems) {
                if (preds[it] != TP_NONE)
                    emit(ps, TP_PRED, -1, preds[it], 0, 0);
                else
                    emit_node(ps, items[it], -1);
                break;
            }
            uint32_t s = emit(ps, TP_SPLIT, -1, 0, 0, p->nmemo++);
            if (preds[it] != TP_NONE)
                emit(ps, TP_PRED, -1, preds[it], 0, 0);
            else
                emit_node(ps, items[it], -1);
            uint32_t j = emit(ps, TP_JMP, -1, chain, 0, 0);
            if (ps->failed)
                return;
            chain = j;
            p->prog[s].a = s + 1;
            p->prog[s].b = p->nprog;
        }
        free(items);
        free(preds);
        if (ps->failed)
            return;
        uint32_t out = p->nprog;
        while (chain != TP_NONE) {
            uint32_t prev = p->prog[chain].a;
            p->prog[chain].a = out;
            chain = prev;
        }
        return;
    }
    case N_REPEAT:
        emit_repeat(ps, n, cap);
        return;
    default: /* N_CAPTURE */
        if (ps->cap_active[nd.cap]) {
            tp_fail(ps, SIZE_MAX, "capture =%s is nested inside itself", p->capnames[nd.cap]);
            return;
        }
        ps->cap_active[nd.cap] = 1;
        emit(ps, TP_OPEN, -1, (uint32_t)nd.cap, 0, 0);
        emit_node(ps, nd.first, nd.cap);
        emit(ps, TP_CLOSE, -1, (uint32_t)nd.cap, 0, 0);
        ps->cap_active[nd.cap] = 0;
        return;
    }
}

/* ------------------------------------------------------ start filter */

static bool pred_has_regex(const polis_tpat *p, uint32_t r)
{
    const tp_pred *pr = &p->preds[r];
    switch (pr->op) {
    case TPP_REGEX: return true;
    case TPP_NOT:   return pred_has_regex(p, pr->a);
    case TPP_AND:
    case TPP_OR:    return pred_has_regex(p, pr->a) || pred_has_regex(p, pr->b);
    default:        return false;
    }
}

static bool add_u32(tp_parser *ps, uint32_t **v, uint32_t *n, uint32_t *cap, uint32_t x)
{
    for (uint32_t k = 0; k < *n; k++)
        if ((*v)[k] == x)
            return true;
    if (!tp_grow(ps, (void **)v, cap, *n + 1, sizeof **v))
        return false;
    (*v)[(*n)++] = x;
    return true;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* Follow every path from the start through instructions that consume
 * nothing; the consuming instructions reached are the possible first tests.
 * Paths through $ or to MATCH cannot start a (non-empty) match. */
static void build_filter(tp_parser *ps)
{
    polis_tpat *p = ps->p;
    tp_filter *f = &p->filter;
    uint32_t n = p->nprog;
    uint8_t *seen = calloc((size_t)n * 2, 1);
    uint32_t *work = malloc(((size_t)n * 4 + 2) * sizeof *work);  /* <= 2 pushes per state */
    uint32_t chash = 0, ctest = 0, clab = 0, cdict = 0;
    if (!seen || !work) {
        tp_oom(ps);
        goto out;
    }
    bool anchored = true;
    uint32_t nw = 0;
    work[nw++] = 0;                          /* state: pc * 2 + (past ^) */
    while (nw > 0 && !ps->failed) {
        uint32_t st = work[--nw];
        if (seen[st])
            continue;
        seen[st] = 1;
        uint32_t pc = st >> 1, bol = st & 1;
        const tp_inst *in = &p->prog[pc];
        switch (in->op) {
        case TP_SPLIT:
            work[nw++] = in->b << 1 | bol;
            work[nw++] = in->a << 1 | bol;
            continue;
        case TP_JMP:
            work[nw++] = in->a << 1 | bol;
            continue;
        case TP_OPEN: case TP_CLOSE: case TP_MARK: case TP_PROGRESS:
            work[nw++] = (pc + 1) << 1 | bol;
            continue;
        case TP_BOL:
            work[nw++] = (pc + 1) << 1 | 1;
            continue;
        case TP_EOL: case TP_MATCH:
            continue;
        default:
            break;
        }
        if (!bol)
            anchored = false;
        switch (in->op) {
        case TP_LIT: case TP_EXACT:
            add_u32(ps, &f->hashes, &f->nhashes, &chash, in->a);
            break;
        case TP_FLAGS:
            add_u32(ps, &f->tests, &f->ntests, &ctest, pc);
            break;
        case TP_PRED:
            if (p->preds[in->a].op == TPP_SET) {          /* words: like literals */
                const tp_set *set = &p->sets[p->preds[in->a].a];
                for (uint32_t k = 0; k < set->n; k++)
                    add_u32(ps, &f->hashes, &f->nhashes, &chash, set->items[k].hash);
            } else if (pred_has_regex(p, in->a)) {       /* as costly as trying the match */
                f->any = true;
            } else {
                add_u32(ps, &f->tests, &f->ntests, &ctest, pc);
            }
            break;
        case TP_DICT:
            add_u32(ps, &f->dicts, &f->ndicts, &cdict, in->a);
            break;
        case TP_LABEL:
            add_u32(ps, &f->labels, &f->nlabels, &clab, in->a);
            break;
        case TP_LABELS:
            for (uint32_t k = 0; k < in->b; k++)
                add_u32(ps, &f->labels, &f->nlabels, &clab, p->labels[in->a + k]);
            break;
        default: /* TP_ANY */
            f->any = true;
            break;
        }
    }
    f->bol = anchored;
    if (f->nhashes > 1)
        qsort(f->hashes, f->nhashes, sizeof *f->hashes, cmp_u32);
    for (uint32_t k = 0; k < f->nhashes; k++)
        f->bloom[(f->hashes[k] & 255) >> 6] |= 1ull << (f->hashes[k] & 63);
out:
    free(seen);
    free(work);
}

/* ---------------------------------------------------------------- API */

void polis_tpat_free(polis_tpat *p)
{
    if (!p)
        return;
    free(p->src);
    free(p->prog);
    free(p->preds);
    free(p->pool);
    free(p->dicts);
    free(p->labels);
    if (p->own_regexes)
        for (uint32_t k = 0; k < p->nregexes; k++)
            polis_regex_free(p->regexes[k]);
    free(p->regexes);
    for (uint32_t k = 0; k < p->nsets; k++)
        free(p->sets[k].items);
    free(p->sets);
    for (uint32_t k = 0; k < p->ncaps; k++)
        free(p->capnames[k]);
    free(p->capnames);
    free(p->filter.hashes);
    free(p->filter.tests);
    free(p->filter.labels);
    free(p->filter.dicts);
    free(p);
}

polis_tpat *polis_tpat_compile(const char *src, size_t len, const polis_tpat_env *env,
                               char *err, size_t errlen)
{
    if (err && errlen)
        err[0] = '\0';
    tp_parser ps = { .err = err, .errlen = errlen, .env = env };
    if (!src) {
        tp_fail(&ps, SIZE_MAX, "no pattern source");
        return NULL;
    }
    polis_tpat *p = calloc(1, sizeof *p);
    char *copy = malloc(len + 1);
    if (!p || !copy) {
        free(p);
        free(copy);
        tp_oom(&ps);
        return NULL;
    }
    memcpy(copy, src, len);
    copy[len] = '\0';
    p->src = copy;
    p->own_regexes = !(env && env->regex);
    ps.p = p;
    ps.s = copy;
    ps.len = len;
    size_t bad = 0;
    if (polis_utf8_sanitize(copy, len, &bad) > 0) {
        memcpy(copy, src, len);              /* keep the source as given */
        tp_fail(&ps, bad, "invalid UTF-8 or NUL byte");
        goto done;
    }

    uint32_t root = parse_alt(&ps);
    if (ps.failed)
        goto done;
    skip_space(&ps);
    if (ps.i < ps.len) {
        if (peek(&ps) == ')')
            tp_fail(&ps, ps.i, "unbalanced )");
        else
            tp_fail(&ps, ps.i, "unexpected '%c'", peek(&ps));
        goto done;
    }
    if (!node_consumes(&ps, root)) {
        tp_fail(&ps, SIZE_MAX, "the pattern matches no tokens");
        goto done;
    }
    ps.cap_active = calloc(p->ncaps + 1, 1);
    if (!ps.cap_active) {
        tp_oom(&ps);
        goto done;
    }
    emit_node(&ps, root, -1);
    emit(&ps, TP_MATCH, -1, 0, 0, 0);
    if (!ps.failed)
        build_filter(&ps);

done:
    free(ps.nodes);
    free(ps.cap_active);
    free(ps.buf);
    polis_tokens_free(&ps.toks);
    if (ps.failed) {
        polis_tpat_free(p);
        return NULL;
    }
    return p;
}

const char *polis_tpat_source(const polis_tpat *p)
{
    return p->src;
}

size_t polis_tpat_ncaptures(const polis_tpat *p)
{
    return p->ncaps;
}

const char *polis_tpat_capture_name(const polis_tpat *p, size_t k)
{
    return k < p->ncaps ? p->capnames[k] : NULL;
}
