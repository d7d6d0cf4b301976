/* dirnames.c - see dirnames.h. */
#include "dirnames.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

char **polis_dir_names(DIR *d, const char *suffix, size_t *n)
{
    char **names = NULL;
    size_t cap = 0, slen = suffix ? strlen(suffix) : 0;
    struct dirent *de;
    *n = 0;
    while ((de = readdir(d))) {
        size_t len = strlen(de->d_name);
        if (de->d_name[0] == '.' || len <= slen ||
            (suffix && strcmp(de->d_name + len - slen, suffix) != 0))
            continue;
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            char **v = realloc(names, cap * sizeof *v);
            if (!v)
                break;
            names = v;
        }
        char *s = malloc(len + 1);
        if (!s)
            break;
        memcpy(s, de->d_name, len + 1);
        names[(*n)++] = s;
    }
    if (*n > 1)
        qsort(names, *n, sizeof *names, name_cmp);
    return names;
}

char *polis_join_path(const char *dir, const char *name)
{
    size_t len = strlen(dir) + strlen(name) + 2;
    char *path = malloc(len);
    if (path)
        snprintf(path, len, "%s/%s", dir, name);
    return path;
}
