/*
 * fuzz.h - shared helpers of the fuzz targets (tests/fuzz/fuzz_*.c).
 *
 * Each target defines LLVMFuzzerTestOneInput. Built with clang
 * -fsanitize=fuzzer by `make fuzz`; the same sources are also compiled into
 * the replay test (tests/unit/test_hostile_fuzz.c), which runs every
 * committed seed and regression input under the normal build, ASan or
 * valgrind as part of `make test`.
 *
 * A broken invariant aborts with a message, so that libFuzzer records the
 * input as a crash.
 */
#ifndef POLIS_FUZZ_H
#define POLIS_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FZ_ASSERT(cond) do { if (!(cond)) { \
    fprintf(stderr, "%s:%d: invariant broken: %s\n", __FILE__, __LINE__, #cond); \
    abort(); } } while (0)

/* A cursor over the fuzz input. */
typedef struct fz_in {
    const uint8_t *p;
    size_t n;
} fz_in;

/* One byte (0 when the input is used up). */
static inline uint8_t fz_byte(fz_in *in)
{
    if (in->n == 0)
        return 0;
    in->n--;
    return *in->p++;
}

/* The bytes up to the next NUL (or the end), which is skipped; *len gets
 * their number. */
static inline const char *fz_part(fz_in *in, size_t *len)
{
    const char *s = (const char *)in->p;
    const uint8_t *nul = in->n ? memchr(in->p, 0, in->n) : NULL;
    *len = nul ? (size_t)(nul - in->p) : in->n;
    size_t used = nul ? *len + 1 : *len;
    in->p += used;
    in->n -= used;
    return s;
}

/* A malloc'd copy of exactly len bytes, no terminator, so that ASan sees a
 * read past the end. */
static inline char *fz_copy(const void *s, size_t len)
{
    char *d = malloc(len ? len : 1);
    if (!d)
        abort();
    if (len)
        memcpy(d, s, len);
    return d;
}

/* A malloc'd NUL-terminated copy. */
static inline char *fz_cstr(const void *s, size_t len)
{
    char *d = malloc(len + 1);
    if (!d)
        abort();
    if (len)
        memcpy(d, s, len);
    d[len] = '\0';
    return d;
}

#endif
