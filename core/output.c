/*
 * output.c - the result of one document as JSON (output contract v1),
 * written once against jsonw (jsonw.h): as compact text (the JSON Lines fast
 * path) or as a cJSON tree (the other formats, the embedding API).
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
#include "jsonw.h"

/* Write the Lua value at idx (tables with only 1..n keys become arrays; other
 * tables objects with sorted keys, since Lua's table order changes from run
 * to run). Depth-limited: a cyclic table ends as null. */
static void lua_to_json(lua_State *L, int idx, int depth, jsonw *w)
{
    idx = lua_absindex(L, idx);
    switch (lua_type(L, idx)) {
    case LUA_TBOOLEAN:
        jsonw_bool(w, lua_toboolean(L, idx));
        return;
    case LUA_TNUMBER:
        if (lua_isinteger(L, idx))
            jsonw_int(w, lua_tointeger(L, idx));
        else
            jsonw_number(w, lua_tonumber(L, idx));
        return;
    case LUA_TSTRING: {
        size_t len;
        const char *str = lua_tolstring(L, idx, &len);
        jsonw_string(w, str, len);
        return;
    }
    case LUA_TTABLE:
        break;
    default:
        jsonw_null(w);
        return;
    }
    if (depth > 16) {
        jsonw_null(w);
        return;
    }
    size_t n = lua_rawlen(L, idx), count = 0;
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        count++;
        lua_pop(L, 1);
    }
    if (count == n && n > 0) {
        jsonw_array(w);
        for (size_t i = 1; i <= n; i++) {
            lua_rawgeti(L, idx, (lua_Integer)i);
            lua_to_json(L, -1, depth + 1, w);
            lua_pop(L, 1);
        }
        jsonw_end(w);
        return;
    }
    lua_createtable(L, (int)count, 0);               /* the keys as strings, sorted */
    int keys = lua_gettop(L);
    lua_Integer nk = 0;
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        lua_pop(L, 1);
        if (lua_type(L, -1) == LUA_TSTRING || lua_type(L, -1) == LUA_TNUMBER) {
            lua_pushvalue(L, -1);
            lua_pushstring(L, lua_tostring(L, -1));   /* converts the copy, not the key */
            lua_remove(L, -2);
            lua_rawseti(L, keys, ++nk);
        }
    }
    for (lua_Integer i = 2; i <= nk; i++)             /* insertion sort: objects are small */
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
    jsonw_object(w);
    for (lua_Integer i = 1; i <= nk; i++) {
        lua_rawgeti(L, keys, i);
        const char *k = lua_tostring(L, -1);
        lua_pushvalue(L, -1);
        if (lua_rawget(L, idx) == LUA_TNIL) {         /* a numeric key: look it up as a number */
            lua_pop(L, 1);
            lua_pushinteger(L, (lua_Integer)strtoll(k, NULL, 10));
            lua_rawget(L, idx);
        }
        jsonw_key(w, k);
        lua_to_json(L, -1, depth + 1, w);
        lua_pop(L, 2);
    }
    jsonw_end(w);
    lua_pop(L, 1);                                    /* keys */
}

/* "k": the field k of the table at idx (null when absent). */
static void field(lua_State *L, jsonw *w, int idx, const char *k)
{
    lua_getfield(L, idx, k);
    jsonw_key(w, k);
    lua_to_json(L, -1, 0, w);
    lua_pop(L, 1);
}

/* "start", "end" and "text" of a span, inside an open object. */
static void span_fields(jsonw *w, const polis_engine *e, size_t start, size_t end)
{
    jsonw_key(w, "start");
    jsonw_int(w, (long long)start);
    jsonw_key(w, "end");
    jsonw_int(w, (long long)end);
    jsonw_key(w, "text");
    jsonw_string(w, e->doc.text + start, end - start);
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

static void write_entities(lua_State *L, polis_engine *e, jsonw *w, const char *name, int list,
                           const order_item *ord, size_t n, bool loc)
{
    static const char *const actor_keys[] = { "name", "kind", "country", "code", "role", NULL };
    static const char *const loc_keys[] = { "name", "kind", "country", "admin1", "lat", "lon",
                                            "population", "geonameid", NULL };
    jsonw_key(w, name);
    jsonw_array(w);
    for (size_t k = 0; k < n; k++) {
        lua_rawgeti(L, list, ord[k].index);
        int it = lua_gettop(L);
        jsonw_object(w);
        char id[32];
        snprintf(id, sizeof id, "%c%zu", loc ? 'l' : 'a', k + 1);
        jsonw_key(w, "id");
        jsonw_cstring(w, id);
        for (const char *const *f = loc ? loc_keys : actor_keys; *f; f++)
            field(L, w, it, *f);
        size_t nm;
        mention *m = read_mentions(L, it, &nm);
        jsonw_key(w, "mentions");
        jsonw_array(w);
        for (size_t j = 0; m && j < nm; j++) {
            jsonw_object(w);
            span_fields(w, e, (size_t)m[j].start, (size_t)m[j].stop);
            jsonw_key(w, "sentence");
            jsonw_int(w, m[j].sentence);
            jsonw_end(w);
        }
        jsonw_end(w);
        free(m);
        if (lua_getfield(L, it, "extra") != LUA_TNIL) {
            jsonw_key(w, "extra");
            lua_to_json(L, -1, 0, w);
        }
        lua_pop(L, 2);
        jsonw_end(w);
    }
    jsonw_end(w);
}

typedef struct stance_order { lua_Integer index, start; } stance_order;

static int stance_cmp(const void *a, const void *b)
{
    const stance_order *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

static void write_stances(lua_State *L, polis_engine *e, jsonw *w, int stances, int actors,
                          int locations, const lua_Integer *ra, const lua_Integer *rl)
{
    jsonw_key(w, "stances");
    jsonw_array(w);
    size_t n = lua_rawlen(L, stances);
    stance_order *ord = calloc(n ? n : 1, sizeof *ord);
    if (!ord) {
        w->failed = true;
        jsonw_end(w);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        lua_rawgeti(L, stances, (lua_Integer)i + 1);
        lua_getfield(L, -1, "evidence");
        lua_getfield(L, -1, "start");
        ord[i] = (stance_order){ (lua_Integer)i + 1, lua_tointeger(L, -1) };
        lua_pop(L, 3);
    }
    qsort(ord, n, sizeof *ord, stance_cmp);
    static const char *const keys[] = { "type", "cameo", "plover", "polarity", "intensity",
                                        "negated", "modality", NULL };
    for (size_t k = 0; k < n; k++) {
        lua_rawgeti(L, stances, ord[k].index);
        int st = lua_gettop(L);
        jsonw_object(w);
        static const char *const refs[] = { "source", "target", "location" };
        for (int r = 0; r < 3; r++) {
            if (r == 2)                                  /* location comes after the codes */
                for (const char *const *f = keys; *f; f++)
                    field(L, w, st, *f);
            char buf[32];
            const char *id = NULL;
            if (lua_getfield(L, st, refs[r]) == LUA_TSTRING)
                id = remap_id(L, lua_tostring(L, -1), actors, locations, ra, rl, buf, sizeof buf);
            lua_pop(L, 1);
            jsonw_key(w, refs[r]);
            jsonw_cstring(w, id);
        }
        field(L, w, st, "sentence");
        lua_getfield(L, st, "evidence");
        lua_getfield(L, -1, "start");
        lua_getfield(L, -2, "stop");
        jsonw_key(w, "evidence");
        jsonw_object(w);
        span_fields(w, e, (size_t)lua_tointeger(L, -2), (size_t)lua_tointeger(L, -1));
        jsonw_end(w);
        lua_pop(L, 3);
        field(L, w, st, "topic");
        if (lua_getfield(L, st, "extra") != LUA_TNIL) {
            jsonw_key(w, "extra");
            lua_to_json(L, -1, 0, w);
        }
        lua_pop(L, 2);
        jsonw_end(w);
    }
    jsonw_end(w);
    free(ord);
}

static void write_errors(polis_engine *e, jsonw *w)
{
    jsonw_key(w, "errors");
    jsonw_array(w);
    for (size_t i = 0; i < e->nerrors; i++) {
        const polis_doc_error *er = &e->errors[i];
        jsonw_object(w);
        jsonw_key(w, "kind");
        jsonw_cstring(w, er->kind);
        jsonw_key(w, "rule");
        jsonw_cstring(w, er->rule);
        jsonw_key(w, "where");
        jsonw_cstring(w, er->where);
        jsonw_key(w, "message");
        jsonw_cstring(w, er->message);
        jsonw_end(w);
    }
    jsonw_end(w);
}

static void write_text_units(polis_engine *e, jsonw *w, unsigned flags)
{
    if (flags & POLIS_OUT_SENTENCES) {
        jsonw_key(w, "sentences");
        jsonw_array(w);
        for (size_t i = 0; i < e->doc.sents.n; i++) {
            jsonw_object(w);
            jsonw_key(w, "start");
            jsonw_int(w, e->doc.sents.v[i].start);
            jsonw_key(w, "end");
            jsonw_int(w, e->doc.sents.v[i].end);
            jsonw_end(w);
        }
        jsonw_end(w);
    }
    if (flags & POLIS_OUT_TOKENS) {
        jsonw_key(w, "tokens");
        jsonw_array(w);
        for (size_t i = 0; i < e->doc.toks.n; i++) {
            jsonw_object(w);
            span_fields(w, e, e->doc.toks.v[i].start, e->doc.toks.v[i].end);
            jsonw_end(w);
        }
        jsonw_end(w);
    }
}

/* Custom fields set with doc:set, sorted by name. */
static void write_custom_fields(lua_State *L, jsonw *w, int fields)
{
    size_t nf = 0;
    lua_pushnil(L);
    while (lua_next(L, fields)) {
        nf++;
        lua_pop(L, 1);
    }
    if (!nf)
        return;
    const char **names = calloc(nf, sizeof *names);
    if (!names) {
        w->failed = true;
        return;
    }
    size_t k = 0;
    lua_pushnil(L);
    while (lua_next(L, fields)) {
        lua_pop(L, 1);
        names[k++] = lua_tostring(L, -1);        /* the table keeps the keys alive */
    }
    for (size_t i = 1; i < k; i++)                /* insertion sort: few fields */
        for (size_t j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
            const char *t = names[j];
            names[j] = names[j - 1];
            names[j - 1] = t;
        }
    for (size_t i = 0; i < k; i++) {
        lua_getfield(L, fields, names[i]);
        jsonw_key(w, names[i]);
        lua_to_json(L, -1, 0, w);
        lua_pop(L, 1);
    }
    free(names);
}

/* The whole result of the document just analysed. */
static void write_result(polis_engine *e, unsigned flags, jsonw *w)
{
    lua_State *L = e->L;
    int top = lua_gettop(L);
    jsonw_object(w);
    jsonw_key(w, "id");
    jsonw_cstring(w, e->input->id ? e->input->id : "doc");
    jsonw_key(w, "date");
    jsonw_cstring(w, e->doc_date);
    jsonw_key(w, "title");
    jsonw_cstring(w, e->input->title);
    if (e->input->meta) {
        jsonw_key(w, "meta");
        jsonw_cjson(w, e->input->meta);
    }

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
    if (!oa || !ol || !ra || !rl)
        w->failed = true;
    write_entities(L, e, w, "actors", actors, oa, oa ? na : 0, false);
    write_entities(L, e, w, "locations", locations, ol, ol ? nl : 0, true);
    if (ra && rl)
        write_stances(L, e, w, stances, actors, locations, ra, rl);
    free(oa);
    free(ol);
    free(ra);
    free(rl);

    lua_getfield(L, res, "fields");
    write_custom_fields(L, w, lua_gettop(L));
    write_text_units(e, w, flags);
    write_errors(e, w);
    jsonw_end(w);
    lua_settop(L, top);
}

cJSON *polis_output_build(polis_engine *e, unsigned flags)
{
    jsonw w;
    jsonw_init(&w, true);
    write_result(e, flags, &w);
    return jsonw_tree(&w);
}

char *polis_output_text(polis_engine *e, unsigned flags, size_t *len)
{
    jsonw w;
    jsonw_init(&w, false);
    write_result(e, flags, &w);
    return jsonw_text(&w, len);
}
