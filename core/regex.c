/*
 * regex.c - regular expressions for rules: PCRE2 (8-bit), UTF + UCP mode,
 * JIT-compiled once, matched with limits.
 *
 * Ownership and threads:
 *   polis_regex        compiled pattern; immutable after polis_regex_compile,
 *                      so any number of threads may match with it at once.
 *   polis_regex_ctx    one per thread: the match context (limits), one JIT
 *                      stack and one match-data block, reused by every match.
 *   polis_regex_cache  owns the regexes it hands out; filled while rules load.
 *
 * Why the limits: rule scripts are untrusted, and a pattern such as (a+)+$
 * backtracks exponentially. Every match runs with a match limit (honoured by
 * the JIT and the interpreter), a depth limit and a heap limit (interpreter
 * only); the JIT's own stack is capped at the heap limit too, so the memory
 * one match may use is bounded on both paths. Hitting any of them fails that
 * one match with POLIS_RE_ELIMIT and a message naming the pattern.
 *
 * Building with -DPOLIS_REGEX_NO_JIT skips JIT compilation: that is how the
 * interpreter fallback (used when the JIT is unavailable) gets tested. Under
 * valgrind the interpreter runs too: JIT code reads the subject 16 bytes at
 * a time, past its end within the page by design, which memcheck reports as
 * errors by the hundred (make VALGRIND=1 test).
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "polis_text.h"

#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#define RE_UNDER_VALGRIND() (RUNNING_ON_VALGRIND != 0)
#endif
#endif
#ifndef RE_UNDER_VALGRIND
#define RE_UNDER_VALGRIND() false
#endif

#define RE_ALL_FLAGS (POLIS_RE_CASELESS | POLIS_RE_MULTILINE | POLIS_RE_DOTALL | \
                      POLIS_RE_EXTENDED | POLIS_RE_UNGREEDY | POLIS_RE_WORD)

#define RE_DEFAULT_MATCH_LIMIT   1000000u
#define RE_DEFAULT_DEPTH_LIMIT   10000u
#define RE_DEFAULT_HEAP_LIMIT_KB 20000u
#define RE_JIT_STACK_START       (32u * 1024u)
#define RE_JIT_STACK_MIN_MAX     (64u * 1024u)
#define RE_INITIAL_PAIRS         16u     /* match-data capacity, grown on demand */
#define RE_SHOWN_PATTERN_MAX     80u     /* longer patterns are cut in messages */

struct polis_regex {
    pcre2_code *code;
    char *pattern;        /* NUL-terminated copy of the source (owned) */
    size_t len;
    uint32_t flags;
    uint32_t ngroups;     /* capture groups, not counting group 0 */
    const char **names;   /* names[n] of group n or NULL; strings live in code's name table */
    uint32_t key_hash;    /* hash of (pattern, flags), for the cache */
    bool jit;             /* JIT compilation succeeded */
};

struct polis_regex_ctx {
    pcre2_match_context *mctx;
    pcre2_jit_stack *jit_stack;
    pcre2_match_data *md;
    uint32_t md_pairs;    /* capacity of md in (start, end) pairs */
    polis_regex_limits limits;
    char err[320];
};

/* ------------------------------------------------------------ messages */

/* Write the pattern for a message, cut at RE_SHOWN_PATTERN_MAX bytes on a
 * UTF-8 character boundary so a message never ends in half a character. */
static void re_show_pattern(const char *pat, size_t len, char *out, size_t outlen)
{
    size_t shown = len;
    const char *ellipsis = "";
    if (shown > RE_SHOWN_PATTERN_MAX) {
        shown = RE_SHOWN_PATTERN_MAX;
        while (shown > 0 && ((unsigned char)pat[shown] & 0xC0) == 0x80)
            shown--;
        ellipsis = "...";
    }
    snprintf(out, outlen, "%.*s%s", (int)shown, pat, ellipsis);
}

/* "regex /pat/: " followed by a formatted message, into buf (may be NULL). */
static void re_message(char *buf, size_t buflen, const char *pat, size_t len,
                       const char *fmt, ...)
{
    if (!buf || buflen == 0)
        return;
    char shown[RE_SHOWN_PATTERN_MAX + 8];
    re_show_pattern(pat, len, shown, sizeof shown);
    int n = snprintf(buf, buflen, "regex /%s/: ", shown);
    if (n < 0 || (size_t)n >= buflen)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf + n, buflen - (size_t)n, fmt, ap);
    va_end(ap);
}

/* ------------------------------------------------------------- flags */

int polis_regex_flags(const char *s, uint32_t *flags)
{
    uint32_t f = 0;
    for (; s && *s; s++) {
        switch (*s) {
        case 'i': f |= POLIS_RE_CASELESS; break;
        case 'm': f |= POLIS_RE_MULTILINE; break;
        case 's': f |= POLIS_RE_DOTALL; break;
        case 'x': f |= POLIS_RE_EXTENDED; break;
        case 'U': f |= POLIS_RE_UNGREEDY; break;
        case 'w': f |= POLIS_RE_WORD; break;
        default: return -1;
        }
    }
    *flags = f;
    return 0;
}

static uint32_t re_pcre2_options(uint32_t flags)
{
    /* \C could split a UTF-8 character and break the byte-offset contract. */
    uint32_t o = PCRE2_UTF | PCRE2_UCP | PCRE2_NEVER_BACKSLASH_C;
    if (flags & POLIS_RE_CASELESS)  o |= PCRE2_CASELESS;
    if (flags & POLIS_RE_MULTILINE) o |= PCRE2_MULTILINE;
    if (flags & POLIS_RE_DOTALL)    o |= PCRE2_DOTALL;
    if (flags & POLIS_RE_EXTENDED)  o |= PCRE2_EXTENDED;
    if (flags & POLIS_RE_UNGREEDY)  o |= PCRE2_UNGREEDY;
    return o;
}

static uint32_t re_key_hash(const char *pattern, size_t len, uint32_t flags)
{
    return polis_hash(pattern, len) ^ (flags * 0x9E3779B1u);
}

/* ----------------------------------------------------------- compile */

/* Fill re->names from the pattern's name table. With (?J) several groups may
 * share a name; each group number still gets its own entry. */
static int re_read_names(polis_regex *re)
{
    re->names = calloc((size_t)re->ngroups + 1, sizeof *re->names);
    if (!re->names)
        return -1;
    uint32_t count = 0, entry_size = 0;
    PCRE2_SPTR table = NULL;
    pcre2_pattern_info(re->code, PCRE2_INFO_NAMECOUNT, &count);
    pcre2_pattern_info(re->code, PCRE2_INFO_NAMEENTRYSIZE, &entry_size);
    pcre2_pattern_info(re->code, PCRE2_INFO_NAMETABLE, &table);
    for (uint32_t i = 0; i < count; i++) {
        PCRE2_SPTR e = table + (size_t)i * entry_size;
        uint32_t n = ((uint32_t)e[0] << 8) | e[1];   /* big-endian group number */
        if (n <= re->ngroups)
            re->names[n] = (const char *)(e + 2);
    }
    return 0;
}

/* pcre2_compile, asking for the \b(?:...)\b wrapping of POLIS_RE_WORD from
 * PCRE2 itself: pasting the text around the pattern would let a pattern such
 * as "a)(b" or one ending in a backslash or an x-mode comment escape it. */
static pcre2_code *re_pcre2_compile(const char *pattern, size_t len, uint32_t flags,
                                    int *errcode, PCRE2_SIZE *erroffset)
{
    pcre2_compile_context *cc = NULL;
    if (flags & POLIS_RE_WORD) {
        cc = pcre2_compile_context_create(NULL);
        if (!cc) {
            *errcode = PCRE2_ERROR_NOMEMORY;
            *erroffset = 0;
            return NULL;
        }
        pcre2_set_compile_extra_options(cc, PCRE2_EXTRA_MATCH_WORD);
    }
    pcre2_code *code = pcre2_compile((PCRE2_SPTR)pattern, len, re_pcre2_options(flags),
                                     errcode, erroffset, cc);
    pcre2_compile_context_free(cc);
    return code;
}

polis_regex *polis_regex_compile(const char *pattern, size_t len, uint32_t flags,
                                 char *err, size_t errlen)
{
    if (!pattern)
        pattern = "";
    if (flags & ~(uint32_t)RE_ALL_FLAGS) {
        re_message(err, errlen, pattern, len, "unknown flag bits 0x%x",
                   (unsigned)(flags & ~(uint32_t)RE_ALL_FLAGS));
        return NULL;
    }
    int errcode = 0;
    PCRE2_SIZE erroffset = 0;
    pcre2_code *code = re_pcre2_compile(pattern, len, flags, &errcode, &erroffset);
    if (!code) {
        PCRE2_UCHAR msg[256];
        if (pcre2_get_error_message(errcode, msg, sizeof msg) < 0)
            snprintf((char *)msg, sizeof msg, "error %d", errcode);
        re_message(err, errlen, pattern, len, "%s at offset %zu", (const char *)msg,
                   (size_t)erroffset);
        return NULL;
    }
    polis_regex *re = calloc(1, sizeof *re);
    if (!re || !(re->pattern = malloc(len + 1)))
        goto nomem;
    memcpy(re->pattern, pattern, len);
    re->pattern[len] = '\0';
    re->code = code;
    re->len = len;
    re->flags = flags;
    re->key_hash = re_key_hash(pattern, len, flags);
    pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &re->ngroups);
    if (re_read_names(re) != 0)
        goto nomem;
#ifndef POLIS_REGEX_NO_JIT
    /* Failure (no JIT on this CPU, or out of executable memory) is not an
     * error: pcre2_match then runs the interpreter with the same results. */
    re->jit = !RE_UNDER_VALGRIND() && pcre2_jit_compile(code, PCRE2_JIT_COMPLETE) == 0;
#endif
    return re;
nomem:
    re_message(err, errlen, pattern, len, "out of memory");
    if (re) {
        free(re->pattern);
        free(re);
    }
    pcre2_code_free(code);
    return NULL;
}

void polis_regex_free(polis_regex *re)
{
    if (!re)
        return;
    pcre2_code_free(re->code);
    free(re->names);
    free(re->pattern);
    free(re);
}

const char *polis_regex_pattern(const polis_regex *re) { return re->pattern; }
uint32_t polis_regex_flags_of(const polis_regex *re) { return re->flags; }
uint32_t polis_regex_ngroups(const polis_regex *re) { return re->ngroups; }

int polis_regex_group_index(const polis_regex *re, const char *name)
{
    if (!name)
        return -1;
    for (uint32_t n = 1; n <= re->ngroups; n++)   /* lowest number wins for (?J) */
        if (re->names[n] && strcmp(re->names[n], name) == 0)
            return (int)n;
    return -1;
}

const char *polis_regex_group_name(const polis_regex *re, uint32_t n)
{
    return n <= re->ngroups ? re->names[n] : NULL;
}

/* ------------------------------------------------------------- cache */

/* Open addressing over a power-of-two table of regex pointers; the key
 * (pattern bytes, flags) is read from the regex itself. Kept at most half
 * full so a miss ends quickly. */
struct polis_regex_cache {
    polis_regex **slots;
    size_t nslots, n;
};

polis_regex_cache *polis_regex_cache_new(void)
{
    polis_regex_cache *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->nslots = 64;
    c->slots = calloc(c->nslots, sizeof *c->slots);
    if (!c->slots) {
        free(c);
        return NULL;
    }
    return c;
}

void polis_regex_cache_free(polis_regex_cache *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->nslots; i++)
        polis_regex_free(c->slots[i]);
    free(c->slots);
    free(c);
}

/* Slot holding the key, or the empty slot where it would go. */
static polis_regex **cache_slot(polis_regex **slots, size_t nslots, uint32_t hash,
                                const char *pattern, size_t len, uint32_t flags)
{
    size_t mask = nslots - 1;
    for (size_t i = hash & mask;; i = (i + 1) & mask) {
        polis_regex *re = slots[i];
        if (!re || (re->key_hash == hash && re->flags == flags && re->len == len &&
                    memcmp(re->pattern, pattern, len) == 0))
            return &slots[i];
    }
}

static int cache_grow(polis_regex_cache *c)
{
    size_t nslots = c->nslots * 2;
    polis_regex **slots = calloc(nslots, sizeof *slots);
    if (!slots)
        return -1;
    for (size_t i = 0; i < c->nslots; i++) {
        polis_regex *re = c->slots[i];
        if (re)
            *cache_slot(slots, nslots, re->key_hash, re->pattern, re->len, re->flags) = re;
    }
    free(c->slots);
    c->slots = slots;
    c->nslots = nslots;
    return 0;
}

polis_regex *polis_regex_cache_get(polis_regex_cache *c, const char *pattern, size_t len,
                                   uint32_t flags, char *err, size_t errlen)
{
    if (!pattern)
        pattern = "";
    uint32_t hash = re_key_hash(pattern, len, flags);
    polis_regex **slot = cache_slot(c->slots, c->nslots, hash, pattern, len, flags);
    if (*slot)
        return *slot;
    polis_regex *re = polis_regex_compile(pattern, len, flags, err, errlen);
    if (!re)
        return NULL;               /* errors are not cached: they are rare and cheap */
    if ((c->n + 1) * 2 > c->nslots) {
        if (cache_grow(c) != 0) {
            re_message(err, errlen, pattern, len, "out of memory");
            polis_regex_free(re);
            return NULL;
        }
        slot = cache_slot(c->slots, c->nslots, hash, pattern, len, flags);
    }
    *slot = re;
    c->n++;
    return re;
}

/* ------------------------------------------------------------ context */

/* A limit of 0 means "the default": no limit of 0 would let anything match. */
static polis_regex_limits re_effective_limits(const polis_regex_limits *in)
{
    polis_regex_limits l = { RE_DEFAULT_MATCH_LIMIT, RE_DEFAULT_DEPTH_LIMIT,
                             RE_DEFAULT_HEAP_LIMIT_KB };
    if (in) {
        if (in->match_limit)   l.match_limit = in->match_limit;
        if (in->depth_limit)   l.depth_limit = in->depth_limit;
        if (in->heap_limit_kb) l.heap_limit_kb = in->heap_limit_kb;
    }
    return l;
}

polis_regex_ctx *polis_regex_ctx_new(const polis_regex_limits *limits)
{
    polis_regex_ctx *ctx = calloc(1, sizeof *ctx);
    if (!ctx)
        return NULL;
    ctx->limits = re_effective_limits(limits);
    ctx->mctx = pcre2_match_context_create(NULL);
    ctx->md = pcre2_match_data_create(RE_INITIAL_PAIRS, NULL);
    /* The JIT stack is reserved up to its maximum but only touched as needed. */
    size_t stack_max = (size_t)ctx->limits.heap_limit_kb * 1024u;
    if (stack_max < RE_JIT_STACK_MIN_MAX)
        stack_max = RE_JIT_STACK_MIN_MAX;
    ctx->jit_stack = pcre2_jit_stack_create(RE_JIT_STACK_START, stack_max, NULL);
    if (!ctx->mctx || !ctx->md) {
        polis_regex_ctx_free(ctx);
        return NULL;
    }
    ctx->md_pairs = RE_INITIAL_PAIRS;
    pcre2_set_match_limit(ctx->mctx, ctx->limits.match_limit);
    pcre2_set_depth_limit(ctx->mctx, ctx->limits.depth_limit);
    pcre2_set_heap_limit(ctx->mctx, ctx->limits.heap_limit_kb);
    /* Without a JIT stack of our own (no JIT here) PCRE2 uses 32 KiB on the
     * machine stack, which only matters if the JIT exists after all. */
    if (ctx->jit_stack)
        pcre2_jit_stack_assign(ctx->mctx, NULL, ctx->jit_stack);
    return ctx;
}

void polis_regex_ctx_free(polis_regex_ctx *ctx)
{
    if (!ctx)
        return;
    pcre2_match_data_free(ctx->md);
    pcre2_jit_stack_free(ctx->jit_stack);
    pcre2_match_context_free(ctx->mctx);
    free(ctx);
}

const char *polis_regex_error(const polis_regex_ctx *ctx)
{
    return ctx->err;
}

/* ------------------------------------------------------------- match */

/* Make the match data hold every group of re (one block per thread, grown
 * when a pattern has more groups than any before it). */
static int re_ensure_pairs(polis_regex_ctx *ctx, const polis_regex *re)
{
    uint32_t need = re->ngroups + 1;
    if (need <= ctx->md_pairs)
        return 0;
    uint32_t pairs = ctx->md_pairs * 2 > need ? ctx->md_pairs * 2 : need;
    pcre2_match_data *md = pcre2_match_data_create(pairs, NULL);
    if (!md)
        return -1;
    pcre2_match_data_free(ctx->md);
    ctx->md = md;
    ctx->md_pairs = pairs;
    return 0;
}

/* Turn a PCRE2 matching error into POLIS_RE_* and a message in ctx->err. */
static int re_match_error(polis_regex_ctx *ctx, const polis_regex *re, int rc)
{
    const polis_regex_limits *l = &ctx->limits;
    switch (rc) {
    case PCRE2_ERROR_MATCHLIMIT:
        re_message(ctx->err, sizeof ctx->err, re->pattern, re->len,
                   "match limit exceeded (limit %u): the pattern backtracks too much",
                   l->match_limit);
        return POLIS_RE_ELIMIT;
    case PCRE2_ERROR_DEPTHLIMIT:
        re_message(ctx->err, sizeof ctx->err, re->pattern, re->len,
                   "depth limit exceeded (limit %u)", l->depth_limit);
        return POLIS_RE_ELIMIT;
    case PCRE2_ERROR_HEAPLIMIT:
        re_message(ctx->err, sizeof ctx->err, re->pattern, re->len,
                   "heap limit exceeded (limit %u KiB)", l->heap_limit_kb);
        return POLIS_RE_ELIMIT;
    case PCRE2_ERROR_JIT_STACKLIMIT:
        re_message(ctx->err, sizeof ctx->err, re->pattern, re->len,
                   "JIT stack limit exceeded (limit %u KiB)", l->heap_limit_kb);
        return POLIS_RE_ELIMIT;
    default: {
        PCRE2_UCHAR msg[256];
        if (pcre2_get_error_message(rc, msg, sizeof msg) < 0)
            snprintf((char *)msg, sizeof msg, "matching error %d", rc);
        if (rc <= PCRE2_ERROR_UTF8_ERR1 && rc >= PCRE2_ERROR_UTF8_ERR21)
            re_message(ctx->err, sizeof ctx->err, re->pattern, re->len,
                       "%s at subject offset %zu", (const char *)msg,
                       (size_t)pcre2_get_startchar(ctx->md));
        else
            re_message(ctx->err, sizeof ctx->err, re->pattern, re->len, "%s",
                       (const char *)msg);
        return POLIS_RE_EOTHER;
    }
    }
}

static void re_fill_caps(const polis_regex_ctx *ctx, int rc, polis_span *caps, size_t ncaps)
{
    const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(ctx->md);
    for (size_t k = 0; k < ncaps; k++) {
        /* Groups at or past rc did not take part; PCRE2_UNSET is SIZE_MAX. */
        if (k < (size_t)rc && ov[2 * k] != PCRE2_UNSET)
            caps[k] = (polis_span){ ov[2 * k], ov[2 * k + 1] };
        else
            caps[k] = (polis_span){ SIZE_MAX, SIZE_MAX };
    }
}

int polis_regex_exec(polis_regex_ctx *ctx, const polis_regex *re, const char *subject,
                     size_t len, size_t offset, bool subject_valid,
                     polis_span *caps, size_t ncaps)
{
    if (!subject)
        subject = "";
    if (offset > len) {
        re_message(ctx->err, sizeof ctx->err, re->pattern, re->len,
                   "start offset %zu is past the end of the subject (%zu bytes)", offset, len);
        return POLIS_RE_EOTHER;
    }
    /* Trusting the subject skips PCRE2's UTF check, so guard the one thing a
     * valid subject can still get wrong: a start inside a character. */
    if (subject_valid && offset < len && ((unsigned char)subject[offset] & 0xC0) == 0x80) {
        re_message(ctx->err, sizeof ctx->err, re->pattern, re->len,
                   "start offset %zu is inside a UTF-8 character", offset);
        return POLIS_RE_EOTHER;
    }
    if (re_ensure_pairs(ctx, re) != 0) {
        re_message(ctx->err, sizeof ctx->err, re->pattern, re->len, "out of memory");
        return POLIS_RE_EOTHER;
    }
    int rc;
    if (re->jit && subject_valid)   /* the JIT fast path: no option or UTF checks */
        rc = pcre2_jit_match(re->code, (PCRE2_SPTR)subject, len, offset, 0, ctx->md, ctx->mctx);
    else
        rc = pcre2_match(re->code, (PCRE2_SPTR)subject, len, offset,
                         subject_valid ? PCRE2_NO_UTF_CHECK : 0, ctx->md, ctx->mctx);
    if (rc == PCRE2_ERROR_NOMATCH)
        return POLIS_RE_NOMATCH;
    if (rc < 0)
        return re_match_error(ctx, re, rc);
    if (rc == 0)       /* cannot happen: re_ensure_pairs sized the match data */
        rc = (int)ctx->md_pairs;
    if (caps && ncaps)
        re_fill_caps(ctx, rc, caps, ncaps);
    return 1;
}
