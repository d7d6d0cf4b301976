/*
 * cli_test.c - `polis test`: run rule tests written in Lua.
 *
 * Each test file runs in a fresh engine (the default rules, --rules, --set)
 * where scripts may call polis.analyze(text) and report results with
 * polis.report; require "polis.test" gives a small library of checks. Prints
 * TAP lines and "# N passed, N failed".
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

static const char usage_test[] =
    "usage: polis test [--rules PATH]... [--no-default-rules] [--set N=V] TEST...\n"
    "\n"
    "Run Lua rule tests (files, or folders of *.lua). A test calls polis.analyze(text)\n"
    "and checks the result; require \"polis.test\" gives case(), eq(), actor(),\n"
    "stance() and friends. Exit status 0 when every test passes, 1 otherwise.\n";

static int run_file(const cli_options *o, const char *path, size_t *passed, size_t *failed)
{
    cli_options fo = *o;
    fo.cfg.allow_analyze = true;
    char *err = NULL;
    polis_engine *e = cli_engine(&fo, &err);
    if (!e || polis_engine_problems(e)) {
        fprintf(stderr, "polis test: %s: %s\n", path, err ? err : "rules failed to load");
        free(err);
        polis_engine_free(e);
        (*failed)++;
        return -1;
    }
    free(err);
    err = NULL;
    printf("# %s\n", path);
    fflush(stdout);
    int problems = polis_engine_load(e, path, &err);
    size_t p, f;
    polis_engine_test_counts(e, &p, &f);
    if (problems) {
        printf("not ok - %s did not run to the end: %s\n", path, err ? err : "?");
        f++;
    }
    *passed += p;
    *failed += f;
    free(err);
    polis_engine_free(e);
    return 0;
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void run_path(const cli_options *o, const char *path, size_t *passed, size_t *failed)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        perror(path);
        (*failed)++;
        return;
    }
    if (!S_ISDIR(st.st_mode)) {
        run_file(o, path, passed, failed);
        return;
    }
    DIR *d = opendir(path);
    if (!d) {
        perror(path);
        (*failed)++;
        return;
    }
    char **names = NULL;
    size_t n = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        size_t len = strlen(de->d_name);
        if (len > 4 && de->d_name[0] != '.' && strcmp(de->d_name + len - 4, ".lua") == 0) {
            char **v = realloc(names, (n + 1) * sizeof *v);
            if (!v)
                break;
            names = v;
            names[n++] = strdup(de->d_name);
        }
    }
    closedir(d);
    qsort(names, n, sizeof *names, name_cmp);
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(path) + strlen(names[i]) + 2;
        char *full = malloc(len);
        if (full) {
            snprintf(full, len, "%s/%s", path, names[i]);
            run_file(o, full, passed, failed);
            free(full);
        }
        free(names[i]);
    }
    free(names);
}

int cli_test_main(int argc, char **argv)
{
    cli_options o;
    cli_options_init(&o);
    const char **tests = NULL;
    size_t ntests = 0;
    int code = 0;
    for (int i = 2; i < argc && code == 0; i++) {
        bool handled;
        code = cli_parse_common(&o, argc, argv, &i, &handled);
        if (handled || code)
            continue;
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            fputs(usage_test, stdout);
            return EXIT_OK;
        }
        if (argv[i][0] == '-') {
            fprintf(stderr, "polis test: unknown option %s\n", argv[i]);
            code = EXIT_USAGE;
            break;
        }
        const char **v = realloc(tests, (ntests + 1) * sizeof *v);
        if (v) {
            tests = v;
            tests[ntests++] = argv[i];
        }
    }
    if (!code && ntests == 0) {
        fputs(usage_test, stderr);
        code = EXIT_USAGE;
    }
    size_t passed = 0, failed = 0;
    for (size_t k = 0; !code && k < ntests; k++)
        run_path(&o, tests[k], &passed, &failed);
    if (!code) {
        printf("# %zu passed, %zu failed\n", passed, failed);
        code = failed ? 1 : 0;
    }
    free(tests);
    cli_options_free(&o);
    return code;
}

const char *cli_usage_test(void)
{
    return usage_test;
}
