/*
 * loader.c - loading rule scripts: a script or every *.lua of a folder (in
 * name order), the rule folders that require and data files may read, the
 * options scripts read with polis.option, and where the default rules are.
 * A script that fails to load is reported as "file:line: message" and
 * counted; the others still load.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dirnames.h"
#include "engine.h"

static int add_root(polis_engine *e, const char *dir)
{
    char *real = realpath(dir, NULL);
    if (!real)
        return -1;
    for (size_t i = 0; i < e->nroots; i++)
        if (strcmp(e->roots[i], real) == 0) {
            free(real);
            return 0;
        }
    char **v = realloc(e->roots, (e->nroots + 1) * sizeof *v);
    if (!v) {
        free(real);
        return -1;
    }
    e->roots = v;
    e->roots[e->nroots++] = real;
    return 0;
}

static int report_problem(polis_engine *e, char **err, const char *fmt, const char *a,
                          const char *b)
{
    char msg[2048];
    snprintf(msg, sizeof msg, fmt, a, b);
    polis_log(e, "%s", msg);
    if (err && !*err)
        *err = polis_strdup(msg);
    e->problems++;
    return 1;
}

static int load_script(polis_engine *e, const char *path, char **err)
{
    if (e->prof)
        polis_prof_load_start(e, path);
    int rc = polis_sandbox_dofile(e, path);
    if (e->prof)
        polis_prof_load_end(e);
    if (rc == 0)
        return 0;
    char *msg = polis_strdup(lua_tostring(e->L, -1) ? lua_tostring(e->L, -1) : "unknown error");
    lua_pop(e->L, 1);
    char *tb = msg ? strstr(msg, "\nstack traceback:") : NULL;
    if (tb)
        *tb = '\0';
    /* Lua's messages start with "file:line:" already; others get the file. */
    int r = msg && (strncmp(msg, path, strlen(path)) == 0 || strncmp(msg, "rule '", 6) == 0)
                ? report_problem(e, err, "%s%s", msg, "")
                : report_problem(e, err, "%s: %s", path, msg ? msg : "out of memory");
    free(msg);
    return r;
}

static int load_folder(polis_engine *e, const char *dir, char **err)
{
    DIR *d = opendir(dir);
    if (!d)
        return report_problem(e, err, "%s: %s", dir, strerror(errno));
    size_t n;
    char **names = polis_dir_names(d, ".lua", &n);
    closedir(d);
    int problems = 0;
    for (size_t i = 0; i < n; i++) {
        char *path = polis_join_path(dir, names[i]);
        if (path) {
            struct stat st;
            if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
                problems += load_script(e, path, err);
            free(path);
        }
        free(names[i]);
    }
    free(names);
    return problems;
}

int polis_engine_load(polis_engine *e, const char *path, char **err)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return report_problem(e, err, "%s: %s", path, strerror(errno));
    if (S_ISDIR(st.st_mode)) {
        if (add_root(e, path) != 0)
            return report_problem(e, err, "%s: %s", path, strerror(errno));
        return load_folder(e, path, err);
    }
    /* A single script: its folder becomes a rule folder (modules, data). */
    char *copy = polis_strdup(path);
    char *slash = copy ? strrchr(copy, '/') : NULL;
    if (slash)
        *slash = '\0';
    int r = add_root(e, slash ? copy : ".");
    free(copy);
    if (r != 0)
        return report_problem(e, err, "%s: %s", path, strerror(errno));
    return load_script(e, path, err);
}

int polis_engine_problems(const polis_engine *e)
{
    return e->problems;
}

int polis_engine_set_option(polis_engine *e, const char *name, const char *value)
{
    char **n = realloc(e->opt_names, (e->nopts + 1) * sizeof *n);
    if (!n)
        return -1;
    e->opt_names = n;
    char **v = realloc(e->opt_values, (e->nopts + 1) * sizeof *v);
    if (!v)
        return -1;
    e->opt_values = v;
    e->opt_names[e->nopts] = polis_strdup(name);
    e->opt_values[e->nopts] = polis_strdup(value);
    e->nopts++;
    /* A value naming a file the user chose may be read by scripts. */
    char *real = realpath(value, NULL);
    struct stat st;
    if (real && stat(real, &st) == 0 && S_ISREG(st.st_mode)) {
        char **a = realloc(e->allowed_files, (e->nallowed + 1) * sizeof *a);
        if (a) {
            e->allowed_files = a;
            e->allowed_files[e->nallowed++] = real;
            real = NULL;
        }
    }
    free(real);
    return 0;
}

/* Where the default rules are: the config, $POLIS_DEFAULT_RULES, scripts/
 * beside the binary's folder (a build tree), share/polis/scripts beside it
 * (an install), then the compiled-in prefix. */
char *polis_find_default_rules(const polis_config *cfg)
{
    if (cfg->default_rules_dir)
        return polis_strdup(cfg->default_rules_dir);
    const char *env = getenv("POLIS_DEFAULT_RULES");
    if (env && *env)
        return polis_strdup(env);
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    struct stat st;
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            static const char *const rel[] = { "/../scripts", "/../share/polis/scripts",
                                               "/../../scripts", NULL };
            for (const char *const *r = rel; *r; r++) {
                char cand[4200];
                snprintf(cand, sizeof cand, "%s%s", exe, *r);
                if (stat(cand, &st) == 0 && S_ISDIR(st.st_mode))
                    return realpath(cand, NULL);
            }
        }
    }
#ifdef POLIS_PREFIX
    if (stat(POLIS_PREFIX "/share/polis/scripts", &st) == 0 && S_ISDIR(st.st_mode))
        return polis_strdup(POLIS_PREFIX "/share/polis/scripts");
#endif
    return NULL;
}
