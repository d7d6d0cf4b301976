/*
 * output.c - the result of one document as JSON (output contract v1).
 *
 * Field order is fixed; absent values are null so every record has the same
 * keys. Actors and locations are listed by their first mention and renumbered
 * a1.., l1.. in that order (stances follow the renumbering); merged and
 * removed items are left out. Mentions are sorted by offset and carry their
 * text. Custom fields set with doc:set come after the stances.
 */
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "engine.h"

/* Convert the Lua value at idx to JSON (tables with only 1..n keys become
 * arrays). Depth-limited: a cyclic table ends as null. */
static cJSON *lua_to_json(lua_State *L, int idx, int depth)
{
    idx = lua_absindex(L, idx);
    switch (lua_type(L, idx)) {
    case LUA_TBOOLEAN:
        return cJSON_CreateBool(lua_toboolean(L, idx));
    case LUA_TNUMBER:
        if (lua_isinteger(L, idx))
            return cJSON_CreateNumber((double)lua_tointeger(L, idx));
        return cJSON_CreateNumber(lua_tonumber(L, idx));
    case LUA_TSTRING:
        return cJSON_CreateString(lua_tostring(L, idx));
    case LUA_TTABLE: {
        if (depth > 16)
            return cJSON_CreateNull();
        size_t n = lua_rawlen(L, idx), count = 0;
        lua_pushnil(L);
        while (lua_next(L, idx)) {
            count++;
            lua_pop(L, 1);
        }
        if (count == n && n > 0) {
            cJSON *a = cJSON_CreateArray();
            for (size_t i = 1; i <= n; i++) {
                lua_rawgeti(L, idx, (lua_Integer)i);
                cJSON_AddItemToArray(a, lua_to_json(L, -1, depth + 1));
                lua_pop(L, 1);
            }
            return a;
        }
        /* Keys sorted: Lua's table order changes from run to run. */
        lua_createtable(L, (int)count, 0);           /* the keys as strings */
        int keys = lua_gettop(L);
        lua_Integer nk = 0;
        lua_pushnil(L);
        while (lua_next(L, idx)) {
            lua_pop(L, 1);
            if (lua_type(L, -1) == LUA_TSTRING || lua_type(L, -1) == LUA_TNUMBER) {
                lua_pushvalue(L, -1);
                lua_pushstring(L, lua_tostring(L, -1));  /* converts the copy, not the key */
                lua_remove(L, -2);
                lua_rawseti(L, keys, ++nk);
            }
        }
        for (lua_Integer i = 2; i <= nk; i++)         /* insertion sort: objects are small */
            for (lua_Integer j = i; j > 1; j--) {
                lua_rawgeti(L, keys, j - 1);
                lua_rawgeti(L, keys, j);
                bool swap = strcmp(lua_tostring(L, -2), lua_tostring(L, -1)) > 0;
                if (swap) {
                    lua_rawseti(L, keys, j - 1);
                    lua_rawseti(L, keys, j);
                } else {
                    lua_pop(L, 2);
                    break;
                }
            }
        cJSON *o = cJSON_CreateObject();
        for (lua_Integer i = 1; i <= nk; i++) {
            lua_rawgeti(L, keys, i);
            const char *k = lua_tostring(L, -1);
            lua_pushvalue(L, -1);
            if (lua_rawget(L, idx) == LUA_TNIL) {       /* a numeric key: look it up as a number */
                lua_pop(L, 1);
                lua_pushinteger(L, (lua_Integer)strtoll(k, NULL, 10));
                lua_rawget(L, idx);
            }
            cJSON_AddItemToObject(o, k, lua_to_json(L, -1, depth + 1));
            lua_pop(L, 2);
        }
        lua_pop(L, 1);                                /* keys */
        return o;
    }
    default:
        return cJSON_CreateNull();
    }
}

/* Add field `k` of the table at idx to obj as JSON, or null. */
static void add_field(lua_State *L, cJSON *obj, int idx, const char *k)
{
    lua_getfield(L, idx, k);
    cJSON_AddItemToObject(obj, k, lua_to_json(L, -1, 0));
    lua_pop(L, 1);
}

static cJSON *span_json(const polis_engine *e, size_t start, size_t end)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "start", (double)start);
    cJSON_AddNumberToObject(o, "end", (double)end);
    char *t = malloc(end - start + 1);
    if (t) {
        memcpy(t, e->doc.text + start, end - start);
        t[end - start] = '\0';
        cJSON_AddStringToObject(o, "text", t);
        free(t);
    }
    return o;
}

typedef struct order_item {
    lua_Integer index;        /* 1-based index in the Lua list */
    lua_Integer first;        /* first mention offset, or a large number */
} order_item;

static int order_cmp(const void *a, const void *b)
{
    const order_item *x = a, *y = b;
    if (x->first != y->first)
        return x->first < y->first ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

typedef struct mention { lua_Integer start, stop, sentence; } mention;

static int mention_cmp(const void *a, const void *b)
{
    const mention *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return x->stop < y->stop ? -1 : x->stop > y->stop;
}

/* Read an item's mentions (table at idx) sorted; caller frees. */
static mention *read_mentions(lua_State *L, int idx, size_t *n)
{
    lua_getfield(L, idx, "mentions");
    *n = lua_rawlen(L, -1);
    mention *m = calloc(*n ? *n : 1, sizeof *m);
    for (size_t k = 0; m && k < *n; k++) {
        lua_rawgeti(L, -1, (lua_Integer)k + 1);
        lua_getfield(L, -1, "start");
        lua_getfield(L, -2, "stop");
        lua_getfield(L, -3, "sentence");
        m[k] = (mention){ lua_tointeger(L, -3), lua_tointeger(L, -2), lua_tointeger(L, -1) };
        lua_pop(L, 4);
    }
    lua_pop(L, 1);
    if (m)
        qsort(m, *n, sizeof *m, mention_cmp);
    return m;
}

/* Build the list of live items of `list` (stack idx) in output order and the
 * map from Lua index to new number (0 = dropped). */
static order_item *order_items(lua_State *L, int list, size_t *count, lua_Integer **renum)
{
    size_t n = lua_rawlen(L, list), live = 0;
    order_item *v = calloc(n ? n : 1, sizeof *v);
    *renum = calloc(n + 1, sizeof **renum);
    if (!v || !*renum) {
        free(v);
        free(*renum);
        *renum = NULL;
        *count = 0;
        return NULL;
    }
    for (size_t i = 1; i <= n; i++) {
        lua_rawgeti(L, list, (lua_Integer)i);
        bool dead = lua_getfield(L, -1, "merged") != LUA_TNIL;
        dead |= lua_getfield(L, -2, "removed") != LUA_TNIL;
        lua_pop(L, 2);
        if (!dead) {
            size_t nm;
            mention *m = read_mentions(L, lua_gettop(L), &nm);
            v[live].index = (lua_Integer)i;
            v[live].first = m && nm ? m[0].start : LUA_MAXINTEGER;
            live++;
            free(m);
        }
        lua_pop(L, 1);
    }
    qsort(v, live, sizeof *v, order_cmp);
    for (size_t k = 0; k < live; k++)
        (*renum)[v[k].index] = (lua_Integer)k + 1;
    *count = live;
    return v;
}

/* The new id for an old one ("a7" -> "a2"), following merges; NULL when dropped. */
static const char *remap_id(lua_State *L, const char *old, int actors, int locations,
                            const lua_Integer *ra, const lua_Integer *rl, char *buf, size_t bufsz)
{
    bool loc = old[0] == 'l';
    lua_Integer i = strtoll(old + 1, NULL, 10);
    int list = loc ? locations : actors;
    for (int hops = 0; hops < 64; hops++) {
        if (lua_rawgeti(L, list, i) != LUA_TTABLE) {
            lua_pop(L, 1);
            return NULL;
        }
        lua_getfield(L, -1, "merged");
        int ok;
        lua_Integer into = lua_tointegerx(L, -1, &ok);
        lua_pop(L, 2);
        if (!ok)
            break;
        i = into;
    }
    size_t n = lua_rawlen(L, list);
    if (i < 1 || (size_t)i > n)
        return NULL;
    lua_Integer num = (loc ? rl : ra)[i];
    if (!num)
        return NULL;
    snprintf(buf, bufsz, "%c%lld", loc ? 'l' : 'a', (long long)num);
    return buf;
}

static void add_entities(lua_State *L, polis_engine *e, cJSON *root, const char *name, int list,
                         const order_item *ord, size_t n, bool loc)
{
    cJSON *arr = cJSON_AddArrayToObject(root, name);
    static const char *const actor_keys[] = { "name", "kind", "country", "code", "role", NULL };
    static const char *const loc_keys[] = { "name", "kind", "country", "admin1", "lat", "lon",
                                            "population", "geonameid", NULL };
    for (size_t k = 0; k < n; k++) {
        lua_rawgeti(L, list, ord[k].index);
        int it = lua_gettop(L);
        cJSON *o = cJSON_CreateObject();
        char id[32];
        snprintf(id, sizeof id, "%c%zu", loc ? 'l' : 'a', k + 1);
        cJSON_AddStringToObject(o, "id", id);
        for (const char *const *f = loc ? loc_keys : actor_keys; *f; f++)
            add_field(L, o, it, *f);
        size_t nm;
        mention *m = read_mentions(L, it, &nm);
        cJSON *ms = cJSON_AddArrayToObject(o, "mentions");
        for (size_t j = 0; m && j < nm; j++) {
            cJSON *mo = span_json(e, (size_t)m[j].start, (size_t)m[j].stop);
            cJSON_AddNumberToObject(mo, "sentence", (double)m[j].sentence);
            cJSON_AddItemToArray(ms, mo);
        }
        free(m);
        if (lua_getfield(L, it, "extra") != LUA_TNIL)
            cJSON_AddItemToObject(o, "extra", lua_to_json(L, -1, 0));
        lua_pop(L, 2);
        cJSON_AddItemToArray(arr, o);
    }
}

typedef struct stance_order { lua_Integer index, start; } stance_order;

static int stance_cmp(const void *a, const void *b)
{
    const stance_order *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

static void add_stances(lua_State *L, polis_engine *e, cJSON *root, int stances, int actors,
                        int locations, const lua_Integer *ra, const lua_Integer *rl)
{
    cJSON *arr = cJSON_AddArrayToObject(root, "stances");
    size_t n = lua_rawlen(L, stances);
    stance_order *ord = calloc(n ? n : 1, sizeof *ord);
    if (!ord)
        return;
    for (size_t i = 0; i < n; i++) {
        lua_rawgeti(L, stances, (lua_Integer)i + 1);
        lua_getfield(L, -1, "evidence");
        lua_getfield(L, -1, "start");
        ord[i] = (stance_order){ (lua_Integer)i + 1, lua_tointeger(L, -1) };
        lua_pop(L, 3);
    }
    qsort(ord, n, sizeof *ord, stance_cmp);
    static const char *const refs[] = { "source", "target" };
    for (size_t k = 0; k < n; k++) {
        lua_rawgeti(L, stances, ord[k].index);
        int st = lua_gettop(L);
        cJSON *o = cJSON_CreateObject();
        for (int r = 0; r < 2; r++) {
            char buf[32];
            const char *id = NULL;
            if (lua_getfield(L, st, refs[r]) == LUA_TSTRING)
                id = remap_id(L, lua_tostring(L, -1), actors, locations, ra, rl, buf, sizeof buf);
            lua_pop(L, 1);
            cJSON_AddItemToObject(o, refs[r], id ? cJSON_CreateString(id) : cJSON_CreateNull());
        }
        static const char *const keys[] = { "type", "cameo", "plover", "polarity", "intensity",
                                            "negated", "modality", NULL };
        for (const char *const *f = keys; *f; f++)
            add_field(L, o, st, *f);
        char buf[32];
        const char *lid = NULL;
        if (lua_getfield(L, st, "location") == LUA_TSTRING)
            lid = remap_id(L, lua_tostring(L, -1), actors, locations, ra, rl, buf, sizeof buf);
        lua_pop(L, 1);
        cJSON_AddItemToObject(o, "location", lid ? cJSON_CreateString(lid) : cJSON_CreateNull());
        add_field(L, o, st, "sentence");
        lua_getfield(L, st, "evidence");
        lua_getfield(L, -1, "start");
        lua_getfield(L, -2, "stop");
        cJSON_AddItemToObject(o, "evidence", span_json(e, (size_t)lua_tointeger(L, -2),
                                                       (size_t)lua_tointeger(L, -1)));
        lua_pop(L, 3);
        add_field(L, o, st, "topic");
        if (lua_getfield(L, st, "extra") != LUA_TNIL)
            cJSON_AddItemToObject(o, "extra", lua_to_json(L, -1, 0));
        lua_pop(L, 2);
        cJSON_AddItemToArray(arr, o);
    }
    free(ord);
}

static void add_errors(polis_engine *e, cJSON *root)
{
    cJSON *arr = cJSON_AddArrayToObject(root, "errors");
    for (size_t i = 0; i < e->nerrors; i++) {
        const polis_doc_error *er = &e->errors[i];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "kind", er->kind);
        cJSON_AddItemToObject(o, "rule", er->rule ? cJSON_CreateString(er->rule) : cJSON_CreateNull());
        cJSON_AddItemToObject(o, "where", er->where ? cJSON_CreateString(er->where)
                                                    : cJSON_CreateNull());
        cJSON_AddStringToObject(o, "message", er->message);
        cJSON_AddItemToArray(arr, o);
    }
}

static void add_text_units(polis_engine *e, cJSON *root, unsigned flags)
{
    if (flags & POLIS_OUT_SENTENCES) {
        cJSON *arr = cJSON_AddArrayToObject(root, "sentences");
        for (size_t i = 0; i < e->doc.sents.n; i++) {
            cJSON *o = cJSON_CreateObject();
            cJSON_AddNumberToObject(o, "start", e->doc.sents.v[i].start);
            cJSON_AddNumberToObject(o, "end", e->doc.sents.v[i].end);
            cJSON_AddItemToArray(arr, o);
        }
    }
    if (flags & POLIS_OUT_TOKENS) {
        cJSON *arr = cJSON_AddArrayToObject(root, "tokens");
        for (size_t i = 0; i < e->doc.toks.n; i++) {
            const polis_token *t = &e->doc.toks.v[i];
            cJSON_AddItemToArray(arr, span_json(e, t->start, t->end));
        }
    }
}

static cJSON *string_or_null(const char *s)
{
    return s ? cJSON_CreateString(s) : cJSON_CreateNull();
}

/* Make every string and key in the tree valid UTF-8, replacing bad bytes
 * with '?' in place. The document's text is sanitized already, but names,
 * roles and custom fields come from rules, and id, title and meta from the
 * input as they were: one raw byte made the whole record invalid UTF-8. */
static void sanitize_strings(cJSON *node)
{
    for (; node; node = node->next) {
        if (node->string)
            polis_utf8_sanitize(node->string, strlen(node->string), NULL);
        if (cJSON_IsString(node) && node->valuestring)
            polis_utf8_sanitize(node->valuestring, strlen(node->valuestring), NULL);
        sanitize_strings(node->child);
    }
}

cJSON *polis_output_build(polis_engine *e, unsigned flags)
{
    lua_State *L = e->L;
    int top = lua_gettop(L);
    cJSON *root = cJSON_CreateObject();
    if (!root)
        return NULL;
    cJSON_AddStringToObject(root, "id", e->input->id ? e->input->id : "doc");
    cJSON_AddItemToObject(root, "date", string_or_null(e->doc_date));
    cJSON_AddItemToObject(root, "title", string_or_null(e->input->title));
    if (e->input->meta)
        cJSON_AddItemToObject(root, "meta", cJSON_Duplicate(e->input->meta, 1));

    lua_rawgeti(L, LUA_REGISTRYINDEX, e->res_ref);
    int res = lua_gettop(L);
    lua_getfield(L, res, "actors");
    int actors = lua_gettop(L);
    lua_getfield(L, res, "locations");
    int locations = lua_gettop(L);
    lua_getfield(L, res, "stances");
    int stances = lua_gettop(L);

    size_t na, nl;
    lua_Integer *ra, *rl;
    order_item *oa = order_items(L, actors, &na, &ra);
    order_item *ol = order_items(L, locations, &nl, &rl);
    add_entities(L, e, root, "actors", actors, oa, na, false);
    add_entities(L, e, root, "locations", locations, ol, nl, true);
    if (ra && rl)
        add_stances(L, e, root, stances, actors, locations, ra, rl);
    else
        cJSON_AddArrayToObject(root, "stances");
    free(oa);
    free(ol);
    free(ra);
    free(rl);

    lua_getfield(L, res, "fields");                /* custom fields, sorted by name */
    int fields = lua_gettop(L);
    size_t nf = 0;
    lua_pushnil(L);
    while (lua_next(L, fields)) {
        nf++;
        lua_pop(L, 1);
    }
    if (nf) {
        const char **names = calloc(nf, sizeof *names);
        size_t k = 0;
        lua_pushnil(L);
        while (names && lua_next(L, fields)) {
            lua_pop(L, 1);
            names[k++] = lua_tostring(L, -1);    /* the table keeps the keys alive */
        }
        for (size_t i = 1; names && i < k; i++)   /* insertion sort: few fields */
            for (size_t j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
                const char *t = names[j];
                names[j] = names[j - 1];
                names[j - 1] = t;
            }
        for (size_t i = 0; names && i < k; i++) {
            lua_getfield(L, fields, names[i]);
            cJSON_AddItemToObject(root, names[i], lua_to_json(L, -1, 0));
            lua_pop(L, 1);
        }
        free(names);
    }
    add_text_units(e, root, flags);
    add_errors(e, root);
    lua_settop(L, top);
    sanitize_strings(root);
    return root;
}
