/*
 * jsonw.c - JSON writing with two backends (see jsonw.h). The text backend
 * prints exactly what cJSON_PrintUnformatted prints for the same tree:
 * integers that fit an int with "%d", other numbers with "%1.15g" (or
 * "%1.17g" when that does not read back), the same string escapes.
 */
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonw.h"
#include "polis_text.h"

void jsonw_init(jsonw *w, bool tree)
{
    memset(w, 0, sizeof *w);
    w->tree = tree;
}

void jsonw_free(jsonw *w)
{
    free(w->s);
    cJSON_Delete(w->root);
    jsonw_init(w, w->tree);
}

/* ------------------------------------------------------------- text */

static void put(jsonw *w, const char *s, size_t n)
{
    if (w->failed)
        return;
    if (w->n + n + 1 > w->cap) {
        size_t cap = w->cap ? w->cap * 2 : 4096;
        while (cap < w->n + n + 1)
            cap *= 2;
        char *v = realloc(w->s, cap);
        if (!v) {
            w->failed = true;
            return;
        }
        w->s = v;
        w->cap = cap;
    }
    memcpy(w->s + w->n, s, n);
    w->n += n;
    w->s[w->n] = '\0';
}

/* A string, escaped as cJSON escapes, with bad UTF-8 and NULs as '?'. */
static void put_string(jsonw *w, const char *s, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    put(w, "\"", 1);
    size_t run = 0, i = 0;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
            i++;
            continue;
        }
        if (c >= 0x80) {                       /* keep well-formed sequences as they are */
            size_t n;
            uint32_t cp = polis_utf8_decode(s + i, len - i, &n);
            if (!(cp == 0xFFFD && n == 1)) {
                i += n;
                continue;
            }
        }
        put(w, s + run, i - run);
        char esc[6] = { '\\', 0, 0, 0, 0, 0 };
        size_t n = 2;
        switch (c) {
        case '"':  esc[1] = '"'; break;
        case '\\': esc[1] = '\\'; break;
        case '\b': esc[1] = 'b'; break;
        case '\f': esc[1] = 'f'; break;
        case '\n': esc[1] = 'n'; break;
        case '\r': esc[1] = 'r'; break;
        case '\t': esc[1] = 't'; break;
        default:
            if (c == 0 || c >= 0x80) {         /* NUL or a bad byte */
                esc[0] = '?';
                n = 1;
            } else {
                esc[1] = 'u';
                esc[2] = '0';
                esc[3] = '0';
                esc[4] = hex[c >> 4];
                esc[5] = hex[c & 15];
                n = 6;
            }
        }
        put(w, esc, n);
        run = ++i;
    }
    put(w, s + run, len - run);
    put(w, "\"", 1);
}

static void put_int(jsonw *w, long long v)
{
    char buf[24], *p = buf + sizeof buf;
    unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        *--p = '-';
    put(w, p, (size_t)(buf + sizeof buf - p));
}

static bool same_double(double a, double b)   /* cJSON's compare_double */
{
    double m = fabs(a) > fabs(b) ? fabs(a) : fabs(b);
    return fabs(a - b) <= m * DBL_EPSILON;
}

static void put_number(jsonw *w, double d)
{
    if (isnan(d) || isinf(d)) {
        put(w, "null", 4);
        return;
    }
    int as_int = d >= INT_MAX ? INT_MAX : d <= (double)INT_MIN ? INT_MIN : (int)d;
    if (d == (double)as_int) {
        put_int(w, as_int);
        return;
    }
    char buf[32];
    int n = snprintf(buf, sizeof buf, "%1.15g", d);
    double back;
    if (sscanf(buf, "%lg", &back) != 1 || !same_double(back, d))
        n = snprintf(buf, sizeof buf, "%1.17g", d);
    put(w, buf, (size_t)n);
}

/* Before a value: a comma between siblings (none right after a key). */
static void text_value(jsonw *w)
{
    if (w->key) {                              /* the key was written already */
        w->key = NULL;
    } else if (w->need_comma[w->depth]) {
        put(w, ",", 1);
    }
    w->need_comma[w->depth] = true;
}

/* ------------------------------------------------------------- tree */

static char *sanitized_copy(const char *s, size_t len)
{
    char *c = malloc(len + 1);
    if (!c)
        return NULL;
    memcpy(c, s, len);
    c[len] = '\0';
    polis_utf8_sanitize(c, len, NULL);        /* NULs become '?' too */
    return c;
}

/* Attach a new node to the current container (or make it the root). */
static void tree_add(jsonw *w, cJSON *node)
{
    if (!node) {
        w->failed = true;
        return;
    }
    if (w->depth == 0) {
        cJSON_Delete(w->root);
        w->root = node;
        return;
    }
    cJSON *parent = w->stack[w->depth];
    if (cJSON_IsObject(parent)) {
        const char *k = w->key ? w->key : "";
        char *clean = sanitized_copy(k, strlen(k));
        if (!clean || !cJSON_AddItemToObject(parent, clean, node)) {
            cJSON_Delete(node);
            w->failed = true;
        }
        free(clean);
        w->key = NULL;
    } else if (!cJSON_AddItemToArray(parent, node)) {
        cJSON_Delete(node);
        w->failed = true;
    }
}

static void sanitize_tree(cJSON *node)
{
    for (; node; node = node->next) {
        if (node->string)
            polis_utf8_sanitize(node->string, strlen(node->string), NULL);
        if (cJSON_IsString(node) && node->valuestring)
            polis_utf8_sanitize(node->valuestring, strlen(node->valuestring), NULL);
        sanitize_tree(node->child);
    }
}

/* ------------------------------------------------------------ writing */

static void open_container(jsonw *w, bool array)
{
    if (w->depth >= JSONW_MAX_DEPTH) {
        w->failed = true;
        return;
    }
    if (w->tree) {
        cJSON *node = array ? cJSON_CreateArray() : cJSON_CreateObject();
        tree_add(w, node);
        if (w->failed)
            return;
        w->stack[++w->depth] = node;
    } else {
        text_value(w);
        put(w, array ? "[" : "{", 1);
        w->depth++;
        w->is_array[w->depth] = array;
        w->need_comma[w->depth] = false;
    }
}

void jsonw_object(jsonw *w) { open_container(w, false); }
void jsonw_array(jsonw *w) { open_container(w, true); }

void jsonw_end(jsonw *w)
{
    if (w->depth == 0) {
        w->failed = true;
        return;
    }
    if (!w->tree)
        put(w, w->is_array[w->depth] ? "]" : "}", 1);
    w->depth--;
}

void jsonw_key(jsonw *w, const char *key)
{
    if (w->tree) {
        w->key = (char *)key;                 /* used (and copied) by the next value */
        return;
    }
    if (w->need_comma[w->depth])
        put(w, ",", 1);
    w->need_comma[w->depth] = false;
    put_string(w, key, strlen(key));
    put(w, ":", 1);
    w->key = (char *)key;                     /* marks "a value follows a key" */
}

void jsonw_string(jsonw *w, const char *s, size_t len)
{
    if (w->tree) {
        char *c = sanitized_copy(s, len);
        tree_add(w, c ? cJSON_CreateString(c) : NULL);
        free(c);
        return;
    }
    text_value(w);
    put_string(w, s, len);
}

void jsonw_cstring(jsonw *w, const char *s)
{
    if (s)
        jsonw_string(w, s, strlen(s));
    else
        jsonw_null(w);
}

void jsonw_int(jsonw *w, long long v)
{
    if (w->tree) {
        tree_add(w, cJSON_CreateNumber((double)v));
        return;
    }
    text_value(w);
    if (v > INT_MIN && v < INT_MAX)
        put_int(w, v);
    else
        put_number(w, (double)v);
}

void jsonw_number(jsonw *w, double d)
{
    if (w->tree) {
        tree_add(w, cJSON_CreateNumber(d));
        return;
    }
    text_value(w);
    put_number(w, d);
}

void jsonw_bool(jsonw *w, bool b)
{
    if (w->tree) {
        tree_add(w, cJSON_CreateBool(b));
        return;
    }
    text_value(w);
    put(w, b ? "true" : "false", b ? 4 : 5);
}

void jsonw_null(jsonw *w)
{
    if (w->tree) {
        tree_add(w, cJSON_CreateNull());
        return;
    }
    text_value(w);
    put(w, "null", 4);
}

void jsonw_cjson(jsonw *w, const cJSON *x)
{
    if (w->tree) {
        cJSON *copy = cJSON_Duplicate(x, 1);
        if (copy) {
            char *k = copy->string;           /* a duplicate keeps the key: drop it */
            copy->string = NULL;
            free(k);
            sanitize_tree(copy->child);
            if (cJSON_IsString(copy) && copy->valuestring)
                polis_utf8_sanitize(copy->valuestring, strlen(copy->valuestring), NULL);
        }
        tree_add(w, copy);
        return;
    }
    switch (x ? x->type & 0xFF : cJSON_NULL) {
    case cJSON_False: jsonw_bool(w, false); break;
    case cJSON_True: jsonw_bool(w, true); break;
    case cJSON_Number: jsonw_number(w, x->valuedouble); break;
    case cJSON_String: jsonw_cstring(w, x->valuestring); break;
    case cJSON_Array:
        jsonw_array(w);
        for (const cJSON *c = x->child; c; c = c->next)
            jsonw_cjson(w, c);
        jsonw_end(w);
        break;
    case cJSON_Object:
        jsonw_object(w);
        for (const cJSON *c = x->child; c; c = c->next) {
            jsonw_key(w, c->string ? c->string : "");
            jsonw_cjson(w, c);
        }
        jsonw_end(w);
        break;
    default: jsonw_null(w); break;
    }
}

char *jsonw_text(jsonw *w, size_t *len)
{
    char *s = w->failed || w->depth ? NULL : w->s;
    *len = s ? w->n : 0;
    if (!s)
        free(w->s);
    w->s = NULL;
    jsonw_free(w);
    return s;
}

cJSON *jsonw_tree(jsonw *w)
{
    cJSON *root = w->failed || w->depth ? NULL : w->root;
    if (root)
        w->root = NULL;
    jsonw_free(w);
    return root;
}
