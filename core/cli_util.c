/*
 * cli_util.c - small pieces the output formats share: a growing string
 * buffer and accessors for the result JSON.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

void cli_buf_add(cli_buf *b, const char *s, size_t n)
{
    if (b->failed)
        return;
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 4096;
        while (cap < b->n + n + 1)
            cap *= 2;
        char *v = realloc(b->s, cap);
        if (!v) {
            b->failed = true;
            return;
        }
        b->s = v;
        b->cap = cap;
    }
    memcpy(b->s + b->n, s, n);
    b->n += n;
    b->s[b->n] = '\0';
}

void cli_buf_str(cli_buf *b, const char *s)
{
    cli_buf_add(b, s, strlen(s));
}

void cli_buf_printf(cli_buf *b, const char *fmt, ...)
{
    char tmp[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n < sizeof tmp) {
        cli_buf_add(b, tmp, (size_t)n);
        return;
    }
    char *big = malloc((size_t)n + 1);
    if (!big) {
        b->failed = true;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    cli_buf_add(b, big, (size_t)n);
    free(big);
}

char *cli_buf_finish(cli_buf *b, size_t *len)
{
    if (b->failed || !b->s) {
        free(b->s);
        *len = 0;
        return NULL;
    }
    *len = b->n;
    return b->s;
}

const char *cli_jstr(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

double cli_jnum(const cJSON *o, const char *k, double def)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsNumber(v) ? v->valuedouble : def;
}

const cJSON *cli_find_item(const cJSON *res, const char *id)
{
    if (!id)
        return NULL;
    const cJSON *it;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(res, id[0] == 'l' ? "locations"
                                                                                : "actors")) {
        const char *x = cli_jstr(it, "id");
        if (x && strcmp(x, id) == 0)
            return it;
    }
    return NULL;
}
