/*
 * test_hostile_fuzz.c - replays every committed fuzz input: the seed corpora
 * (tests/fuzz/corpus/TARGET) and the inputs that once crashed a target
 * (tests/fuzz/regressions/TARGET), through the fuzz targets themselves, so
 * that make test (plain, under ASan+UBSan, under valgrind) checks each fixed
 * crash stays fixed and every target's invariants hold on the seeds.
 *
 * The targets are compiled in here with their entry points renamed; a broken
 * invariant aborts the run with a message naming it. Run from the repository
 * root (make test does); the analyze target needs POLIS_DEFAULT_RULES.
 */
#include <dirent.h>

#define LLVMFuzzerTestOneInput fuzz_text_one
#include "../fuzz/fuzz_text.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_regex_one
#include "../fuzz/fuzz_regex.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_dict_one
#include "../fuzz/fuzz_dict.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_tpattern_one
#include "../fuzz/fuzz_tpattern.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_jsonl_one
#include "../fuzz/fuzz_jsonl.c"
#include "../../core/cli_input.c"          /* the reader lives in the CLI, not libpolis */
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_analyze_one
#include "../fuzz/fuzz_analyze.c"
#undef LLVMFuzzerTestOneInput

#include "check.h"

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Feed every file of dir to fn, in name order; returns how many. */
static size_t replay_dir(const char *dir, int (*fn)(const uint8_t *, size_t))
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    char *names[4096];
    size_t n = 0;
    struct dirent *de;
    while ((de = readdir(d)) && n < 4096)
        if (de->d_name[0] != '.')
            names[n++] = strdup(de->d_name);
    closedir(d);
    qsort(names, n, sizeof *names, name_cmp);
    size_t done = 0;
    for (size_t i = 0; i < n; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        FILE *f = fopen(path, "rb");
        free(names[i]);
        if (!f)
            continue;
        size_t cap = 1 << 16, len = 0;
        uint8_t *buf = malloc(cap);
        size_t got;
        while (buf && (got = fread(buf + len, 1, cap - len, f)) > 0) {
            len += got;
            if (len == cap) {
                uint8_t *nb = realloc(buf, cap *= 2);
                if (!nb)
                    break;
                buf = nb;
            }
        }
        fclose(f);
        CHECK(buf != NULL);
        if (!buf)
            continue;
        /* An exact-size copy, so that ASan sees any read past the input. */
        uint8_t *exact = malloc(len ? len : 1);
        memcpy(exact, buf, len);
        free(buf);
        fn(exact, len);
        free(exact);
        done++;
    }
    return done;
}

static void replay(const char *target, int (*fn)(const uint8_t *, size_t))
{
    char dir[256];
    snprintf(dir, sizeof dir, "tests/fuzz/corpus/%s", target);
    size_t seeds = replay_dir(dir, fn);
    snprintf(dir, sizeof dir, "tests/fuzz/regressions/%s", target);
    size_t regressions = replay_dir(dir, fn);
    printf("# %s: %zu seeds, %zu regression inputs\n", target, seeds, regressions);
    CHECK(seeds > 0);                            /* run from the repository root */
}

static void test_replay_text(void) { replay("text", fuzz_text_one); }
static void test_replay_regex(void) { replay("regex", fuzz_regex_one); }
static void test_replay_dict(void) { replay("dict", fuzz_dict_one); }
static void test_replay_tpattern(void) { replay("tpattern", fuzz_tpattern_one); }
static void test_replay_jsonl(void) { replay("jsonl", fuzz_jsonl_one); }
static void test_replay_analyze(void) { replay("analyze", fuzz_analyze_one); }

int main(void)
{
    RUN(test_replay_text);
    RUN(test_replay_regex);
    RUN(test_replay_dict);
    RUN(test_replay_tpattern);
    RUN(test_replay_jsonl);
    RUN(test_replay_analyze);
    /* What the targets keep between inputs (made once, as under libFuzzer). */
    polis_dict_free(fz_tp_dict);
    polis_tpat_ctx_free(fz_tp_ctx);
    polis_regex_ctx_free(fz_tp_rectx);
    polis_symtab_free(fz_tp_labels);
    fz_an_cleanup();
    return check_done();
}
