/*
 * jsonw.h - one JSON writing interface with two backends: compact text (what
 * cJSON_PrintUnformatted would print, byte for byte) and a cJSON tree. The
 * result walker (output.c) is written once against it; the text backend is
 * the fast path for JSON Lines, the tree serves the other formats and the
 * embedding API.
 *
 * Every string goes out as valid UTF-8: a byte that is not part of a
 * well-formed sequence, or a NUL, becomes '?' (names and custom fields come
 * from rules, ids and titles from the input).
 */
#ifndef POLIS_JSONW_H
#define POLIS_JSONW_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#define JSONW_MAX_DEPTH 64

typedef struct jsonw {
    bool tree;                  /* backend: cJSON tree, else text */
    bool failed;                /* out of memory: the result is dropped */
    /* text */
    char *s;
    size_t n, cap;
    bool need_comma[JSONW_MAX_DEPTH + 1];
    bool is_array[JSONW_MAX_DEPTH + 1];
    /* tree */
    cJSON *stack[JSONW_MAX_DEPTH + 1];
    cJSON *root;
    char *key;                  /* the pending object key (tree) */
    int depth;
} jsonw;

void jsonw_init(jsonw *w, bool tree);
void jsonw_free(jsonw *w);                         /* drops whatever was written */
/* The text (caller frees) and its length; NULL on failure. Resets w. */
char *jsonw_text(jsonw *w, size_t *len);
/* The tree (caller frees with cJSON_Delete); NULL on failure. Resets w. */
cJSON *jsonw_tree(jsonw *w);

void jsonw_object(jsonw *w);
void jsonw_array(jsonw *w);
void jsonw_end(jsonw *w);                          /* closes the innermost object or array */
void jsonw_key(jsonw *w, const char *key);         /* in an object, before each value */
void jsonw_string(jsonw *w, const char *s, size_t len);
void jsonw_cstring(jsonw *w, const char *s);       /* NULL writes null */
void jsonw_int(jsonw *w, long long v);
void jsonw_number(jsonw *w, double d);
void jsonw_bool(jsonw *w, bool b);
void jsonw_null(jsonw *w);
void jsonw_cjson(jsonw *w, const cJSON *x);        /* a copy of a cJSON value */

#endif
