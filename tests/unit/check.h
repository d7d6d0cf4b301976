/*
 * check.h - a tiny unit-test harness (TAP output), header only.
 *
 *   static void test_something(void) { CHECK(x == 1); CHECK_STR(a, "b"); }
 *   int main(void) { RUN(test_something); return check_done(); }
 *
 * Each RUN prints "ok N - name" or "not ok N - name" with the failed checks
 * (file:line and the expression) on stderr; check_done() prints
 * "# N passed, N failed" and returns the exit status.
 */
#ifndef POLIS_CHECK_H
#define POLIS_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int check_failures_in_test;
static int check_passed, check_failed;

#define CHECK(cond) do { if (!(cond)) { \
    fprintf(stderr, "  %s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond); \
    check_failures_in_test++; } } while (0)

#define CHECK_INT(a, b) do { long long check_a_ = (long long)(a), check_b_ = (long long)(b); \
    if (check_a_ != check_b_) { \
    fprintf(stderr, "  %s:%d: %s == %lld, expected %lld\n", __FILE__, __LINE__, #a, \
            check_a_, check_b_); check_failures_in_test++; } } while (0)

#define CHECK_STR(a, b) do { const char *check_a_ = (a), *check_b_ = (b); \
    if (!check_a_ || !check_b_ || strcmp(check_a_, check_b_) != 0) { \
    fprintf(stderr, "  %s:%d: %s == \"%s\", expected \"%s\"\n", __FILE__, __LINE__, #a, \
            check_a_ ? check_a_ : "(null)", check_b_ ? check_b_ : "(null)"); \
    check_failures_in_test++; } } while (0)

/* Compare len bytes at a with the NUL-terminated string b. */
#define CHECK_MEM(a, len, b) do { const char *check_a_ = (a), *check_b_ = (b); \
    size_t check_l_ = (len); \
    if (check_l_ != strlen(check_b_) || memcmp(check_a_, check_b_, check_l_) != 0) { \
    fprintf(stderr, "  %s:%d: %s == \"%.*s\", expected \"%s\"\n", __FILE__, __LINE__, #a, \
            (int)check_l_, check_a_, check_b_); check_failures_in_test++; } } while (0)

#define RUN(fn) do { check_failures_in_test = 0; fn(); \
    if (check_failures_in_test) { check_failed++; \
        printf("not ok %d - %s\n", check_passed + check_failed, #fn); } \
    else { check_passed++; printf("ok %d - %s\n", check_passed + check_failed, #fn); } \
    } while (0)

/* Multiplier for wall-clock limits: 50 under valgrind (tests/run.sh exports
 * VG when VALGRIND=1), where everything runs that much slower; else 1. */
static inline double check_time_scale(void)
{
    const char *vg = getenv("VG");
    return vg && *vg ? 50.0 : 1.0;
}

static inline int check_done(void)
{
    printf("# %d passed, %d failed\n", check_passed, check_failed);
    return check_failed ? 1 : 0;
}

#endif
