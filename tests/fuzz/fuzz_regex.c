/*
 * fuzz_regex.c - the regex API: compile (with flags), the compile-once cache,
 * and matching every match of a subject with limits, as rules do.
 *
 * Input: one flag byte, the pattern up to the first NUL, then the subject.
 * The subject is matched as it is (with the UTF check on) and sanitized (with
 * the check skipped, as the engine does). Every reported span must lie inside
 * the subject on character boundaries; a limit or error must say so.
 */
#include "polis_text.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Every match of re in s, from left to right, as the engine's memo does. */
static void fz_regex_all(polis_regex_ctx *ctx, const polis_regex *re, const char *s,
                         size_t len, bool valid)
{
    uint32_t ng = polis_regex_ngroups(re);
    polis_span caps[8];
    size_t ncaps = ng + 1 < 8 ? ng + 1 : 8;
    size_t off = 0, matches = 0;
    while (off <= len && matches < 10000) {
        int rc = polis_regex_exec(ctx, re, s, len, off, valid, caps, ncaps);
        if (rc == POLIS_RE_NOMATCH)
            break;
        if (rc < 0) {
            const char *msg = polis_regex_error(ctx);
            FZ_ASSERT(msg && *msg);
            if (valid)
                FZ_ASSERT(rc == POLIS_RE_ELIMIT || rc == POLIS_RE_EOTHER);
            break;
        }
        FZ_ASSERT(rc == 1);
        for (size_t g = 0; g < ncaps; g++) {
            if (caps[g].start == SIZE_MAX) {
                FZ_ASSERT(g > 0 && caps[g].end == SIZE_MAX);
                continue;
            }
            FZ_ASSERT(caps[g].start <= caps[g].end && caps[g].end <= len);
            if (valid) {                               /* never half a character */
                FZ_ASSERT(caps[g].start == len ||
                          ((unsigned char)s[caps[g].start] & 0xC0) != 0x80);
                FZ_ASSERT(caps[g].end == len || ((unsigned char)s[caps[g].end] & 0xC0) != 0x80);
            }
        }
        FZ_ASSERT(caps[0].start >= off || caps[0].end >= off);
        matches++;
        size_t next = caps[0].end > caps[0].start ? caps[0].end : caps[0].end + 1;
        if (valid)                                     /* step over a whole character */
            while (next < len && ((unsigned char)s[next] & 0xC0) == 0x80)
                next++;
        FZ_ASSERT(next > off);                         /* progress: no endless loop */
        off = next;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static polis_regex_ctx *ctx;
    if (!ctx) {
        /* Smaller limits than the defaults keep each run fast; the limits
         * themselves are what is being exercised. */
        polis_regex_limits lim = { 20000, 2000, 4000 };
        ctx = polis_regex_ctx_new(&lim);
        FZ_ASSERT(ctx != NULL);
    }
    fz_in in = { data, size };
    uint32_t flags = fz_byte(&in) & 0x3F;
    size_t plen, slen;
    const char *p = fz_part(&in, &plen);
    const char *s = fz_part(&in, &slen);
    slen = in.n ? slen + 1 + in.n : slen;              /* the subject is all the rest */
    char *pat = fz_copy(p, plen);
    char *subject = fz_copy(s, slen);

    char err[256];
    err[0] = '\0';
    polis_regex *re = polis_regex_compile(pat, plen, flags, err, sizeof err);
    if (!re) {
        FZ_ASSERT(err[0] != '\0' && memchr(err, '\0', sizeof err));
    } else {
        FZ_ASSERT(polis_regex_flags_of(re) == flags);
        FZ_ASSERT(strlen(polis_regex_pattern(re)) <= plen);
        uint32_t ng = polis_regex_ngroups(re);
        for (uint32_t g = 0; g <= ng + 1; g++) {
            const char *name = polis_regex_group_name(re, g);
            if (name)
                FZ_ASSERT(g >= 1 && g <= ng && polis_regex_group_index(re, name) >= 1);
        }
        FZ_ASSERT(polis_regex_group_index(re, "no such group name") == -1 ||
                  polis_regex_group_index(re, "no such group name") >= 1);
        fz_regex_all(ctx, re, subject, slen, false);
        polis_utf8_sanitize(subject, slen, NULL);
        fz_regex_all(ctx, re, subject, slen, true);
        polis_regex_free(re);
    }

    /* The cache hands out one regex per (pattern, flags). */
    polis_regex_cache *cache = polis_regex_cache_new();
    FZ_ASSERT(cache != NULL);
    polis_regex *a = polis_regex_cache_get(cache, pat, plen, flags, err, sizeof err);
    polis_regex *b = polis_regex_cache_get(cache, pat, plen, flags, err, sizeof err);
    FZ_ASSERT((a == NULL) == (re == NULL) && a == b);
    polis_regex_cache_free(cache);

    free(pat);
    free(subject);
    return 0;
}
