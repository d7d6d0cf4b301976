/*
 * results.c - what rules emit: doc:actor, doc:location, doc:stance,
 * doc:mention, doc:update, doc:merge, doc:remove, doc:set, doc:set_date, and
 * read access through doc:actors(), doc:locations(), doc:stances(), doc:get().
 *
 * Every call validates its table: an unknown field or a wrong value raises an
 * error that names the field, and Lua adds the calling script's file:line.
 *
 * The results of a document live in Lua tables (registry ref e->res_ref):
 *   { actors = {item...}, locations = {item...}, stances = {item...},
 *     keys = { ["a|person|wang yi"] = index }, fields = {custom}, journal = {} }
 * Items are appended, never reordered; ids are "a<index>" and "l<index>"
 * (output.c renumbers them by first mention). Each change a rule makes is
 * journaled, so when the rule fails on a document the engine undoes exactly
 * that rule's changes (polis_results_rollback) and nothing else.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"

enum list_id { L_ACTORS, L_LOCATIONS, L_STANCES };
static const char *const list_names[] = { "actors", "locations", "stances" };

static const char *const actor_kinds[] = { "person", "country", "organization", "group", NULL };
static const char *const location_kinds[] = { "country", "region", "admin1", "city", "place",
                                              "continent", "water", NULL };
static const char *const modalities[] = { "asserted", "negated", "hypothetical", "future",
                                          "reported", NULL };

static const char *const actor_fields[] = { "name", "kind", "country", "code", "role", "span",
                                            "key", "extra", NULL };
static const char *const location_fields[] = { "name", "kind", "country", "admin1", "lat", "lon",
                                               "population", "geonameid", "span", "key", "extra",
                                               NULL };
static const char *const stance_fields[] = { "source", "target", "type", "cameo", "plover",
                                             "polarity", "intensity", "negated", "modality",
                                             "location", "topic", "evidence", "extra", NULL };

static polis_engine *check_live(lua_State *L)
{
    return polis_lua_check_doc(L, 1);
}

/* Push the result table. */
static void push_res(lua_State *L, polis_engine *e)
{
    lua_rawgeti(L, LUA_REGISTRYINDEX, e->res_ref);
}

/* Push res[name] (a sub-table). */
static void push_part(lua_State *L, polis_engine *e, const char *name)
{
    push_res(L, e);
    lua_getfield(L, -1, name);
    lua_remove(L, -2);
}

void polis_results_reset(polis_engine *e)
{
    lua_State *L = e->L;
    lua_createtable(L, 0, 6);
    static const char *const parts[] = { "actors", "locations", "stances", "keys", "fields",
                                         "journal", NULL };
    for (const char *const *p = parts; *p; p++) {
        lua_newtable(L);
        lua_setfield(L, -2, *p);
    }
    if (e->res_ref == LUA_NOREF || e->res_ref == 0)
        e->res_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    else
        lua_rawseti(L, LUA_REGISTRYINDEX, e->res_ref);
    e->nitems = 0;
}

/* ------------------------------------------------------------- journal */

/* The changes of the running rule, in order, so that a failing rule can be
 * undone exactly. Appends and mentions are plain C records (no Lua table per
 * emit); a field set keeps the old value in the result's Lua "journal" list,
 * one record per J_SET entry here. */
enum { J_APPEND, J_MENTION, J_SET };

struct polis_jentry {
    uint8_t op;
    uint8_t list;               /* enum list_id (J_APPEND, J_MENTION) */
    lua_Integer index;          /* 1-based item index in its list */
    lua_Integer start;          /* J_MENTION: the mention's start offset */
};

static void journal_add(lua_State *L, polis_engine *e, uint8_t op, enum list_id list,
                        lua_Integer index, lua_Integer start)
{
    if (e->njr == e->jr_cap) {
        size_t cap = e->jr_cap ? e->jr_cap * 2 : 64;
        struct polis_jentry *v = realloc(e->jr, cap * sizeof *v);
        if (!v)
            luaL_error(L, "out of memory");
        e->jr = v;
        e->jr_cap = cap;
    }
    e->jr[e->njr++] = (struct polis_jentry){ op, (uint8_t)list, index, start };
}

size_t polis_results_mark(polis_engine *e)
{
    return e->njr;
}

void polis_results_forget(polis_engine *e)
{
    lua_State *L = e->L;
    bool sets = false;
    for (size_t k = 0; k < e->njr && !sets; k++)
        sets = e->jr[k].op == J_SET;
    e->njr = 0;
    if (sets) {                                 /* drop the old values too */
        push_res(L, e);
        lua_newtable(L);
        lua_setfield(L, -2, "journal");
        lua_pop(L, 1);
    }
}

/* Undo one append or mention (see journal_add). */
static void undo_entry(lua_State *L, polis_engine *e, const struct polis_jentry *j)
{
    int top = lua_gettop(L);
    push_part(L, e, list_names[j->list]);
    int list = lua_gettop(L);
    lua_rawgeti(L, list, j->index);
    int item = lua_gettop(L);
    if (j->op == J_APPEND) {
        if (j->list != L_STANCES && lua_getfield(L, item, "key") != LUA_TNIL) {
            push_part(L, e, "keys");
            lua_pushvalue(L, -2);
            lua_pushnil(L);
            lua_rawset(L, -3);
        }
        lua_pushnil(L);
        lua_rawseti(L, list, j->index);
    } else {                                    /* the item's last mention */
        lua_getfield(L, item, "mentions");
        lua_pushnil(L);
        lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2));
        if (lua_getfield(L, item, "seen") == LUA_TTABLE) {
            lua_pushnil(L);
            lua_rawseti(L, -2, j->start);
        }
    }
    lua_settop(L, top);
}

/* Undo the journal past mark, newest first; then drop annotations added
 * since annots_mark. */
void polis_results_rollback(polis_engine *e, size_t mark, size_t annots_mark)
{
    lua_State *L = e->L;
    int top = lua_gettop(L);
    push_part(L, e, "journal");
    int sets = lua_gettop(L);
    while (e->njr > mark) {
        const struct polis_jentry *j = &e->jr[--e->njr];
        if (j->op != J_SET) {
            undo_entry(L, e, j);
            continue;
        }
        lua_Integer k = (lua_Integer)lua_rawlen(L, sets);   /* {table, field, old value} */
        lua_rawgeti(L, sets, k);
        lua_rawgeti(L, -1, 1);
        lua_rawgeti(L, -2, 2);
        lua_rawgeti(L, -3, 3);
        lua_rawset(L, -3);
        lua_pop(L, 2);
        lua_pushnil(L);
        lua_rawseti(L, sets, k);
    }
    lua_settop(L, top);
    polis_doc_truncate_annots(&e->doc, annots_mark);
}

/* table[field] = value (on the stack top), journaled. Pops the value. */
static void set_journaled(lua_State *L, polis_engine *e, int table, const char *field)
{
    table = lua_absindex(L, table);
    push_part(L, e, "journal");
    lua_createtable(L, 3, 0);
    lua_pushvalue(L, table);
    lua_rawseti(L, -2, 1);
    lua_pushstring(L, field);
    lua_rawseti(L, -2, 2);
    lua_getfield(L, table, field);
    lua_rawseti(L, -2, 3);
    lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
    lua_pop(L, 1);
    journal_add(L, e, J_SET, L_ACTORS, 0, 0);
    lua_setfield(L, table, field);
}

/* ------------------------------------------------------------ checking */

static void check_known_fields(lua_State *L, int idx, const char *fn, const char *const *allowed)
{
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        lua_pop(L, 1);
        if (lua_type(L, -1) != LUA_TSTRING)
            luaL_error(L, "%s: field names must be strings", fn);
        const char *k = lua_tostring(L, -1);
        const char *const *a = allowed;
        while (*a && strcmp(*a, k) != 0)
            a++;
        if (!*a)
            luaL_error(L, "%s: unknown field '%s'", fn, k);
    }
}

/* Optional string field; returns it (owned by the table) or NULL. */
static const char *opt_string(lua_State *L, int idx, const char *fn, const char *field)
{
    int t = lua_getfield(L, idx, field);
    const char *s = NULL;
    if (t == LUA_TSTRING)
        s = lua_tostring(L, -1);
    else if (t != LUA_TNIL)
        luaL_error(L, "%s: field '%s' must be a string, not %s", fn, field, lua_typename(L, t));
    lua_pop(L, 1);
    return s;
}

static const char *opt_enum(lua_State *L, int idx, const char *fn, const char *field,
                            const char *const *values)
{
    const char *s = opt_string(L, idx, fn, field);
    if (!s)
        return NULL;
    for (const char *const *v = values; *v; v++)
        if (strcmp(*v, s) == 0)
            return *v;
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    for (const char *const *v = values; *v; v++) {
        if (v != values)
            luaL_addstring(&b, ", ");
        luaL_addstring(&b, *v);
    }
    luaL_pushresult(&b);
    luaL_error(L, "%s: field '%s' is '%s'; use one of %s", fn, field, s, lua_tostring(L, -1));
    return NULL;
}

static bool is_code(const char *s, size_t min, size_t max, bool digits_only)
{
    size_t n = strlen(s);
    if (n < min || n > max)
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (digits_only ? !isdigit(c) : !(isupper(c) || isdigit(c)))
            return false;
    }
    return true;
}

static const char *opt_country(lua_State *L, int idx, const char *fn)
{
    const char *c = opt_string(L, idx, fn, "country");
    if (c && !(strlen(c) == 3 && is_code(c, 3, 3, false)))
        luaL_error(L, "%s: field 'country' is '%s'; use an ISO 3166-1 alpha-3 code such as "
                      "\"CHN\"", fn, c);
    return c;
}

static bool opt_number(lua_State *L, int idx, const char *fn, const char *field, double lo,
                       double hi, double *out)
{
    int t = lua_getfield(L, idx, field);
    if (t == LUA_TNIL) {
        lua_pop(L, 1);
        return false;
    }
    int ok;
    double v = lua_tonumberx(L, -1, &ok);
    lua_pop(L, 1);
    if (!ok || t != LUA_TNUMBER)
        luaL_error(L, "%s: field '%s' must be a number", fn, field);
    if (v < lo || v > hi || v != v)
        luaL_error(L, "%s: field '%s' is %f, outside %g..%g", fn, field, v, lo, hi);
    *out = v;
    return true;
}

/* Copy field `field` of src (if present) into the item table at dst. */
static void copy_field(lua_State *L, int src, int dst, const char *field)
{
    if (lua_getfield(L, src, field) != LUA_TNIL)
        lua_setfield(L, dst, field);
    else
        lua_pop(L, 1);
}

static void check_extra(lua_State *L, int idx, const char *fn)
{
    int t = lua_getfield(L, idx, "extra");
    lua_pop(L, 1);
    if (t != LUA_TNIL && t != LUA_TTABLE)
        luaL_error(L, "%s: field 'extra' must be a table", fn);
}

static void count_item(lua_State *L, polis_engine *e)
{
    if (++e->nitems > e->cfg.max_items)
        luaL_error(L, "too many items in one document (cap %d; raise with --max-items)",
                   (int)e->cfg.max_items);
}

/* ------------------------------------------------------------- tracing */

static void trace_item(polis_engine *e, const char *what, const char *id, const char *name,
                       size_t first, size_t last)
{
    if (!e->cfg.trace)
        return;
    const polis_token *a = last > first ? &e->doc.toks.v[first] : NULL;
    const polis_token *b = last > first ? &e->doc.toks.v[last - 1] : NULL;
    fprintf(e->cfg.trace, "trace: %s: rule %s: %s %s \"%s\"", e->input->id ? e->input->id : "doc",
            e->current ? e->current->name : "-", what, id, name ? name : "");
    if (a)
        fprintf(e->cfg.trace, " [%u,%u) \"%.*s\"", a->start, b->end, (int)(b->end - a->start),
                e->doc.text + a->start);
    fputc('\n', e->cfg.trace);
}

/* Copy into the item at dst every field of src that dst lacks (journaled). */
static void fill_missing(lua_State *L, polis_engine *e, int dst, int src, const char *const *fields)
{
    dst = lua_absindex(L, dst);
    src = lua_absindex(L, src);
    /* Walk what src has (a few fields) rather than every field there is. */
    lua_pushnil(L);
    while (lua_next(L, src)) {
        const char *k = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : NULL;
        const char *const *f = fields;
        while (k && *f && strcmp(*f, k) != 0)
            f++;
        if (k && *f && strcmp(k, "span") != 0 && strcmp(k, "key") != 0) {
            if (lua_getfield(L, dst, k) == LUA_TNIL) {
                lua_pop(L, 1);
                lua_pushvalue(L, -1);
                set_journaled(L, e, dst, k);        /* pops the copy */
            } else {
                lua_pop(L, 1);
            }
        }
        lua_pop(L, 1);
    }
}

/* Push an item id such as "a12" (a lua_pushfstring costs more than the rest
 * of a small emit). */
static void push_id(lua_State *L, char prefix, lua_Integer i)
{
    char buf[24], *p = buf + sizeof buf;
    unsigned long long u = (unsigned long long)i;
    do {
        *--p = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    *--p = prefix;
    lua_pushlstring(L, p, (size_t)(buf + sizeof buf - p));
}

/* ------------------------------------------------------------ entities */

/* Index (1-based) of the live item an item index resolves to, following merges. */
static lua_Integer resolve_merged(lua_State *L, int list, lua_Integer i)
{
    for (int hops = 0; hops < 64; hops++) {
        if (lua_rawgeti(L, list, i) != LUA_TTABLE) {
            lua_pop(L, 1);
            return i;
        }
        lua_getfield(L, -1, "merged");
        int ok;
        lua_Integer into = lua_tointegerx(L, -1, &ok);
        lua_pop(L, 2);
        if (!ok)
            return i;
        i = into;
    }
    return i;
}

void polis_results_push_item_id(lua_State *L, polis_engine *e, uint32_t label, int32_t item)
{
    bool loc = label == e->label_location;
    push_part(L, e, loc ? "locations" : "actors");
    lua_Integer i = resolve_merged(L, lua_gettop(L), (lua_Integer)item + 1);
    lua_pop(L, 1);
    push_id(L, loc ? 'l' : 'a', i);
}

/* Is [start, stop) already a mention of the item at item_idx? Each item keeps
 * `seen`: start offset -> stop offset of its mentions, so the check is O(1)
 * however many mentions a document has (a second mention with the same start
 * but another stop falls back to a scan). */
static bool has_mention(lua_State *L, int item_idx, lua_Integer start, lua_Integer stop)
{
    bool found = false;
    if (lua_getfield(L, item_idx, "seen") == LUA_TTABLE) {
        if (lua_rawgeti(L, -1, start) == LUA_TNUMBER) {
            found = lua_tointeger(L, -1) == stop;
            if (!found) {                             /* same start, other stop: scan */
                lua_getfield(L, item_idx, "mentions");
                lua_Integer n = (lua_Integer)lua_rawlen(L, -1);
                for (lua_Integer k = 1; k <= n && !found; k++) {
                    lua_rawgeti(L, -1, k);
                    lua_getfield(L, -1, "start");
                    lua_getfield(L, -2, "stop");
                    found = lua_tointeger(L, -2) == start && lua_tointeger(L, -1) == stop;
                    lua_pop(L, 3);
                }
                lua_pop(L, 1);
            }
        }
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    return found;
}

/* Record [start, stop) in the item's `seen` index (first stop per start wins). */
static void note_mention(lua_State *L, int item_idx, lua_Integer start, lua_Integer stop)
{
    if (lua_getfield(L, item_idx, "seen") != LUA_TTABLE) {
        lua_pop(L, 1);
        lua_newtable(L);
        lua_pushvalue(L, -1);
        lua_setfield(L, item_idx, "seen");
    }
    if (lua_rawgeti(L, -1, start) == LUA_TNIL) {
        lua_pushinteger(L, stop);
        lua_rawseti(L, -3, start);
    }
    lua_pop(L, 2);
}

/* Add a mention of tokens [first, last) to the item at index `item_idx`
 * (stack) whose 1-based index in its list is i; annotates the span. */
static void add_mention(lua_State *L, polis_engine *e, int item_idx, lua_Integer i, bool loc,
                        size_t first, size_t last)
{
    item_idx = lua_absindex(L, item_idx);
    const polis_token *a = &e->doc.toks.v[first], *b = &e->doc.toks.v[last - 1];
    if (has_mention(L, item_idx, a->start, b->end))   /* the same span twice is one mention */
        return;
    count_item(L, e);
    lua_getfield(L, item_idx, "mentions");
    int ms = lua_gettop(L);
    lua_Integer n = (lua_Integer)lua_rawlen(L, ms);
    lua_createtable(L, 0, 3);
    lua_pushinteger(L, a->start);
    lua_setfield(L, -2, "start");
    lua_pushinteger(L, b->end);
    lua_setfield(L, -2, "stop");
    lua_pushinteger(L, a->sentence);
    lua_setfield(L, -2, "sentence");
    lua_rawseti(L, ms, n + 1);
    lua_pop(L, 1);
    note_mention(L, item_idx, a->start, b->end);
    journal_add(L, e, J_MENTION, loc ? L_LOCATIONS : L_ACTORS, i, a->start);
    uint32_t label = loc ? e->label_location : e->label_actor;
    if (polis_doc_annotate(&e->doc, label, (uint32_t)first, (uint32_t)last, (int32_t)(i - 1)) < 0)
        luaL_error(L, "out of memory");
}

/* doc:actor{...} and doc:location{...}: create an item, or add a mention to
 * the item with the same key; returns its id. */
static int emit_entity(lua_State *L, bool loc)
{
    polis_engine *e = check_live(L);
    const char *fn = loc ? "doc:location" : "doc:actor";
    luaL_checktype(L, 2, LUA_TTABLE);
    check_known_fields(L, 2, fn, loc ? location_fields : actor_fields);
    const char *kind = opt_enum(L, 2, fn, "kind", loc ? location_kinds : actor_kinds);
    if (!kind)
        luaL_error(L, "%s: field 'kind' is required", fn);
    size_t first = 0, last = 0;
    bool has_span = false;
    if (lua_getfield(L, 2, "span") != LUA_TNIL) {
        if (!polis_lua_get_span(L, e, -1, &first, &last))
            luaL_error(L, "%s: field 'span' must be a span of this document", fn);
        has_span = true;
    }
    lua_pop(L, 1);
    const char *name = opt_string(L, 2, fn, "name");
    if (!name && !has_span)
        luaL_error(L, "%s: give a 'name' or a 'span'", fn);
    if (!name) {
        const polis_token *a = &e->doc.toks.v[first], *b = &e->doc.toks.v[last - 1];
        lua_pushlstring(L, e->doc.text + a->start, b->end - a->start);
        lua_setfield(L, 2, "name");
        name = opt_string(L, 2, fn, "name");
    }
    opt_country(L, 2, fn);
    double num;
    if (!loc) {
        const char *code = opt_string(L, 2, fn, "code");
        if (code && !is_code(code, 3, 15, false))
            luaL_error(L, "%s: field 'code' is '%s'; use a CAMEO-style code such as \"CHNGOV\"",
                       fn, code);
        opt_string(L, 2, fn, "role");
    } else {
        opt_string(L, 2, fn, "admin1");
        opt_number(L, 2, fn, "lat", -90, 90, &num);
        opt_number(L, 2, fn, "lon", -180, 180, &num);
        opt_number(L, 2, fn, "population", 0, 1e11, &num);
        int t = lua_getfield(L, 2, "geonameid");
        lua_pop(L, 1);
        if (t != LUA_TNIL && t != LUA_TNUMBER && t != LUA_TSTRING)
            luaL_error(L, "%s: field 'geonameid' must be a number", fn);
    }
    check_extra(L, 2, fn);

    /* key: given, or kind|normalized name */
    const char *key = opt_string(L, 2, fn, "key");
    {
        /* "a|" + the key given, or "a|kind|" + the normalized name, built in
         * one buffer (on the stack for the usual short names). */
        char small[512], *buf = small;
        size_t klen = key ? strlen(key) : strlen(name), kindlen = strlen(kind);
        size_t need = 2 + kindlen + 1 + 4 * klen + 1;
        if (need > sizeof small && !(buf = malloc(need)))
            luaL_error(L, "out of memory");
        size_t n = 0;
        buf[n++] = loc ? 'l' : 'a';
        buf[n++] = '|';
        if (key) {
            memcpy(buf + n, key, klen);
            n += klen;
        } else {
            memcpy(buf + n, kind, kindlen);
            n += kindlen;
            buf[n++] = '|';
            n += polis_normalize(name, klen, buf + n);
        }
        lua_pushlstring(L, buf, n);
        if (buf != small)
            free(buf);
    }
    int keyi = lua_gettop(L);

    push_part(L, e, list_names[loc ? L_LOCATIONS : L_ACTORS]);
    int list = lua_gettop(L);
    push_part(L, e, "keys");
    int keys = lua_gettop(L);
    lua_pushvalue(L, keyi);
    lua_Integer i;
    if (lua_rawget(L, keys) == LUA_TNUMBER) {
        i = resolve_merged(L, list, lua_tointeger(L, -1));
        lua_pop(L, 1);
        lua_rawgeti(L, list, i);
        int item = lua_gettop(L);
        /* Fill what the existing item lacks; never overwrite. */
        fill_missing(L, e, item, 2, loc ? location_fields : actor_fields);
        if (has_span)
            add_mention(L, e, item, i, loc, first, last);
    } else {
        lua_pop(L, 1);
        count_item(L, e);
        i = (lua_Integer)lua_rawlen(L, list) + 1;
        lua_createtable(L, 0, 12);
        int item = lua_gettop(L);
        const char *const *fields = loc ? location_fields : actor_fields;
        for (const char *const *f = fields; *f; f++)
            if (strcmp(*f, "span") != 0 && strcmp(*f, "key") != 0)
                copy_field(L, 2, item, *f);
        push_id(L, loc ? 'l' : 'a', i);
        lua_setfield(L, item, "id");
        lua_newtable(L);
        lua_setfield(L, item, "mentions");
        lua_pushvalue(L, keyi);
        lua_setfield(L, item, "key");
        lua_pushvalue(L, item);
        lua_rawseti(L, list, i);
        lua_pushvalue(L, keyi);
        lua_pushinteger(L, i);
        lua_rawset(L, keys);
        journal_add(L, e, J_APPEND, loc ? L_LOCATIONS : L_ACTORS, i, 0);
        if (has_span)
            add_mention(L, e, item, i, loc, first, last);
    }
    push_id(L, loc ? 'l' : 'a', i);
    trace_item(e, loc ? "location" : "actor", lua_tostring(L, -1), name, first, last);
    return 1;
}

static int res_actor(lua_State *L) { return emit_entity(L, false); }
static int res_location(lua_State *L) { return emit_entity(L, true); }

/* Parse an id argument ("a3", "l2", or a span table with .item) into list
 * and 1-based index; false when the value is not an id. */
static bool parse_id(lua_State *L, int idx, enum list_id *which, lua_Integer *i)
{
    const char *s = NULL;
    if (lua_type(L, idx) == LUA_TSTRING)
        s = lua_tostring(L, idx);
    else if (lua_type(L, idx) == LUA_TTABLE) {
        lua_getfield(L, idx, "item");
        s = lua_tostring(L, -1);
        lua_pop(L, 1);                            /* the table keeps the string */
    }
    if (!s || (s[0] != 'a' && s[0] != 'l') || !isdigit((unsigned char)s[1]))
        return false;
    char *end;
    long long v = strtoll(s + 1, &end, 10);
    if (*end || v < 1)
        return false;
    *which = s[0] == 'a' ? L_ACTORS : L_LOCATIONS;
    *i = v;
    return true;
}

/* Push the live item for an id argument (following merges) and return its
 * 1-based index; raises when there is no such item. */
static lua_Integer push_item(lua_State *L, polis_engine *e, int arg, const char *fn,
                             enum list_id *which)
{
    lua_Integer i;
    if (!parse_id(L, arg, which, &i))
        luaL_error(L, "%s: expected an actor or location id such as \"a1\" (or a captured span "
                      "of one)", fn);
    push_part(L, e, list_names[*which]);
    i = resolve_merged(L, lua_gettop(L), i);
    if (lua_rawgeti(L, -1, i) != LUA_TTABLE)
        luaL_error(L, "%s: no item %s%d", fn, *which == L_ACTORS ? "a" : "l", (int)i);
    lua_remove(L, -2);
    return i;
}

/* doc:mention(id, span): another mention of an existing actor or location. */
static int res_mention(lua_State *L)
{
    polis_engine *e = check_live(L);
    enum list_id which;
    lua_Integer i = push_item(L, e, 2, "doc:mention", &which);
    size_t first, last;
    if (!polis_lua_get_span(L, e, 3, &first, &last))
        luaL_error(L, "doc:mention: argument 2 must be a span of this document");
    add_mention(L, e, -1, i, which == L_LOCATIONS, first, last);
    lua_getfield(L, -1, "name");
    push_id(L, which == L_LOCATIONS ? 'l' : 'a', i);
    trace_item(e, "mention", lua_tostring(L, -1), lua_tostring(L, -2), first, last);
    return 1;
}

/* ------------------------------------------------------------- stances */

/* Validate an id field of a stance and store the resolved id in the item. */
static void stance_ref(lua_State *L, polis_engine *e, int src, int item, const char *field,
                       bool locations_ok, bool actors_ok)
{
    if (lua_getfield(L, src, field) == LUA_TNIL) {
        lua_pop(L, 1);
        return;
    }
    int v = lua_gettop(L);
    enum list_id which;
    lua_Integer i;
    if (!parse_id(L, v, &which, &i))
        luaL_error(L, "doc:stance: field '%s' must be an id such as \"a1\" or a captured span of "
                      "an actor", field);
    if ((which == L_LOCATIONS && !locations_ok) || (which == L_ACTORS && !actors_ok))
        luaL_error(L, "doc:stance: field '%s' cannot be a %s", field,
                   which == L_LOCATIONS ? "location" : "actor");
    push_part(L, e, list_names[which]);
    i = resolve_merged(L, lua_gettop(L), i);
    if (lua_rawgeti(L, -1, i) != LUA_TTABLE)
        luaL_error(L, "doc:stance: field '%s': no item %s", field, lua_tostring(L, v));
    lua_pop(L, 2);
    push_id(L, which == L_ACTORS ? 'a' : 'l', i);
    lua_setfield(L, item, field);
    lua_pop(L, 1);
}

/* doc:stance{ source=, target=, type=, cameo=, plover=, polarity=, intensity=,
 * negated=, modality=, location=, topic=, evidence=, extra= } */
static int res_stance(lua_State *L)
{
    polis_engine *e = check_live(L);
    const char *fn = "doc:stance";
    luaL_checktype(L, 2, LUA_TTABLE);
    check_known_fields(L, 2, fn, stance_fields);
    const char *type = opt_string(L, 2, fn, "type");
    if (!type || !*type)
        luaL_error(L, "%s: field 'type' is required (a verb class such as \"meet\")", fn);
    const char *cameo = opt_string(L, 2, fn, "cameo");
    if (cameo && !is_code(cameo, 2, 4, true))
        luaL_error(L, "%s: field 'cameo' is '%s'; use a CAMEO event code such as \"042\"", fn,
                   cameo);
    const char *plover = opt_string(L, 2, fn, "plover");
    if (plover && !is_code(plover, 3, 20, false))
        luaL_error(L, "%s: field 'plover' is '%s'; use a PLOVER category such as \"CONSULT\"", fn,
                   plover);
    double polarity = 0, intensity = 0;
    bool has_pol = opt_number(L, 2, fn, "polarity", -1, 1, &polarity);
    if (has_pol && polarity != -1 && polarity != 0 && polarity != 1)
        luaL_error(L, "%s: field 'polarity' must be -1, 0 or 1", fn);
    bool has_int = opt_number(L, 2, fn, "intensity", -10, 10, &intensity);
    int t = lua_getfield(L, 2, "negated");
    lua_pop(L, 1);
    if (t != LUA_TNIL && t != LUA_TBOOLEAN)
        luaL_error(L, "%s: field 'negated' must be a boolean", fn);
    const char *modality = opt_enum(L, 2, fn, "modality", modalities);
    opt_string(L, 2, fn, "topic");
    check_extra(L, 2, fn);
    size_t first, last;
    if (lua_getfield(L, 2, "evidence") == LUA_TNIL)
        luaL_error(L, "%s: field 'evidence' is required (the span that says it, e.g. the match)",
                   fn);
    if (!polis_lua_get_span(L, e, -1, &first, &last))
        luaL_error(L, "%s: field 'evidence' must be a span of this document", fn);
    lua_pop(L, 1);
    count_item(L, e);

    lua_createtable(L, 0, 16);
    int item = lua_gettop(L);
    stance_ref(L, e, 2, item, "source", false, true);
    stance_ref(L, e, 2, item, "target", true, true);
    stance_ref(L, e, 2, item, "location", true, false);
    static const char *const copied[] = { "type", "cameo", "plover", "topic", "extra", NULL };
    for (const char *const *f = copied; *f; f++)
        copy_field(L, 2, item, *f);
    if (has_pol) {
        lua_pushinteger(L, (lua_Integer)polarity);
        lua_setfield(L, item, "polarity");
    }
    if (has_int) {
        lua_pushnumber(L, intensity);
        lua_setfield(L, item, "intensity");
    }
    lua_getfield(L, 2, "negated");
    bool negated = lua_toboolean(L, -1);
    lua_pop(L, 1);
    if (!modality)
        modality = negated ? "negated" : "asserted";
    lua_pushboolean(L, negated || strcmp(modality, "negated") == 0);
    lua_setfield(L, item, "negated");
    lua_pushstring(L, modality);
    lua_setfield(L, item, "modality");
    const polis_token *a = &e->doc.toks.v[first], *b = &e->doc.toks.v[last - 1];
    lua_pushinteger(L, a->sentence);
    lua_setfield(L, item, "sentence");
    lua_createtable(L, 0, 2);
    lua_pushinteger(L, a->start);
    lua_setfield(L, -2, "start");
    lua_pushinteger(L, b->end);
    lua_setfield(L, -2, "stop");
    lua_setfield(L, item, "evidence");

    push_part(L, e, "stances");
    lua_Integer n = (lua_Integer)lua_rawlen(L, -1) + 1;
    lua_pushvalue(L, item);
    lua_rawseti(L, -2, n);
    journal_add(L, e, J_APPEND, L_STANCES, n, 0);
    push_id(L, 's', n);
    trace_item(e, "stance", lua_tostring(L, -1), type, first, last);
    return 1;
}

/* ---------------------------------------------------- reading, changing */

/* doc:actors() / doc:locations() / doc:stances() -> the live items (treat as
 * read-only; change them with doc:update). Merged and removed items are left out. */
static int list_items(lua_State *L, enum list_id which)
{
    polis_engine *e = check_live(L);
    push_part(L, e, list_names[which]);
    int list = lua_gettop(L);
    lua_newtable(L);
    lua_Integer n = 0, len = (lua_Integer)lua_rawlen(L, list);
    for (lua_Integer i = 1; i <= len; i++) {
        lua_rawgeti(L, list, i);
        bool dead = false;
        if (which != L_STANCES) {
            dead = lua_getfield(L, -1, "merged") != LUA_TNIL;
            dead |= lua_getfield(L, -2, "removed") != LUA_TNIL;
            lua_pop(L, 2);
        }
        if (dead)
            lua_pop(L, 1);
        else
            lua_rawseti(L, -2, ++n);
    }
    return 1;
}

static int res_actors(lua_State *L) { return list_items(L, L_ACTORS); }
static int res_locations(lua_State *L) { return list_items(L, L_LOCATIONS); }
static int res_stances(lua_State *L) { return list_items(L, L_STANCES); }

/* doc:get(id) -> the item (following merges) or nil. */
static int res_get(lua_State *L)
{
    polis_engine *e = check_live(L);
    enum list_id which;
    lua_Integer i;
    if (!parse_id(L, 2, &which, &i)) {
        lua_pushnil(L);
        return 1;
    }
    push_part(L, e, list_names[which]);
    i = resolve_merged(L, lua_gettop(L), i);
    lua_rawgeti(L, -1, i);
    return 1;
}

/* doc:update(id, { field = value, ... }): change fields of an actor or
 * location (same checks as when emitting; name, kind, country, code, role,
 * lat, lon, ...). */
static int res_update(lua_State *L)
{
    polis_engine *e = check_live(L);
    enum list_id which;
    push_item(L, e, 2, "doc:update", &which);
    int item = lua_gettop(L);
    luaL_checktype(L, 3, LUA_TTABLE);
    bool loc = which == L_LOCATIONS;
    const char *fn = loc ? "doc:update (location)" : "doc:update (actor)";
    check_known_fields(L, 3, fn, loc ? location_fields : actor_fields);
    if (lua_getfield(L, 3, "span") != LUA_TNIL || lua_getfield(L, 3, "key") != LUA_TNIL)
        luaL_error(L, "%s: use doc:mention to add spans; keys cannot change", fn);
    lua_pop(L, 2);
    opt_enum(L, 3, fn, "kind", loc ? location_kinds : actor_kinds);
    opt_country(L, 3, fn);
    double num;
    if (loc) {
        opt_number(L, 3, fn, "lat", -90, 90, &num);
        opt_number(L, 3, fn, "lon", -180, 180, &num);
        opt_number(L, 3, fn, "population", 0, 1e11, &num);
    } else {
        const char *code = opt_string(L, 3, fn, "code");
        if (code && !is_code(code, 3, 15, false))
            luaL_error(L, "%s: field 'code' is '%s'; use a CAMEO-style code", fn, code);
    }
    check_extra(L, 3, fn);
    lua_pushnil(L);
    while (lua_next(L, 3)) {
        const char *k = lua_tostring(L, -2);
        set_journaled(L, e, item, k);             /* pops the value */
    }
    return 0;
}

/* doc:merge(keep, drop): `drop` becomes part of `keep` (same list): its
 * mentions move over, stances and annotations pointing at it now point at
 * `keep`, and fields `keep` lacks are taken from it. */
static int res_merge(lua_State *L)
{
    polis_engine *e = check_live(L);
    enum list_id wk, wd;
    lua_Integer keep = push_item(L, e, 2, "doc:merge", &wk);
    int kt = lua_gettop(L);
    lua_Integer drop = push_item(L, e, 3, "doc:merge", &wd);
    int dt = lua_gettop(L);
    if (wk != wd)
        luaL_error(L, "doc:merge: cannot merge an actor with a location");
    if (keep == drop)
        return 0;
    bool loc = wk == L_LOCATIONS;
    fill_missing(L, e, kt, dt, loc ? location_fields : actor_fields);
    /* Move mentions: a new mentions list and index for keep (journaled as
     * field sets); a span both had is one mention. */
    lua_getfield(L, kt, "mentions");
    lua_getfield(L, dt, "mentions");
    lua_Integer nk = (lua_Integer)lua_rawlen(L, -2), nd = (lua_Integer)lua_rawlen(L, -1);
    lua_createtable(L, (int)(nk + nd), 0);                 /* merged mentions */
    int merged = lua_gettop(L);
    lua_newtable(L);                         /* a scratch item: { mentions = merged, seen } */
    int scratch = lua_gettop(L);
    lua_pushvalue(L, merged);
    lua_setfield(L, scratch, "mentions");
    lua_Integer n = 0;
    for (int side = 0; side < 2; side++) {
        int from = merged - 2 + side;                      /* keep's, then drop's */
        lua_Integer len = side ? nd : nk;
        for (lua_Integer k = 1; k <= len; k++) {
            lua_rawgeti(L, from, k);
            lua_getfield(L, -1, "start");
            lua_getfield(L, -2, "stop");
            lua_Integer ms = lua_tointeger(L, -2), me = lua_tointeger(L, -1);
            lua_pop(L, 2);                                 /* the mention stays on top */
            if (has_mention(L, scratch, ms, me)) {
                lua_pop(L, 1);
                continue;
            }
            lua_rawseti(L, merged, ++n);
            note_mention(L, scratch, ms, me);
        }
    }
    lua_getfield(L, scratch, "seen");
    set_journaled(L, e, kt, "seen");
    lua_pop(L, 1);                                         /* scratch */
    set_journaled(L, e, kt, "mentions");
    lua_pop(L, 2);
    lua_pushinteger(L, keep);
    set_journaled(L, e, dt, "merged");
    /* Stances: relink source/target/location. */
    char dropid[32], keepid[32];
    snprintf(dropid, sizeof dropid, "%c%lld", loc ? 'l' : 'a', (long long)drop);
    snprintf(keepid, sizeof keepid, "%c%lld", loc ? 'l' : 'a', (long long)keep);
    push_part(L, e, "stances");
    int st = lua_gettop(L);
    lua_Integer ns = (lua_Integer)lua_rawlen(L, st);
    static const char *const refs[] = { "source", "target", "location", NULL };
    for (lua_Integer k = 1; k <= ns; k++) {
        lua_rawgeti(L, st, k);
        int s = lua_gettop(L);
        for (const char *const *r = refs; *r; r++) {
            lua_getfield(L, s, *r);
            bool hit = lua_type(L, -1) == LUA_TSTRING && strcmp(lua_tostring(L, -1), dropid) == 0;
            lua_pop(L, 1);
            if (hit) {
                lua_pushstring(L, keepid);
                set_journaled(L, e, s, *r);
            }
        }
        lua_pop(L, 1);
    }
    if (e->cfg.trace)
        fprintf(e->cfg.trace, "trace: %s: rule %s: merge %s into %s\n",
                e->input->id ? e->input->id : "doc", e->current ? e->current->name : "-", dropid,
                keepid);
    return 0;
}

/* doc:remove(id): drop an actor or location (noise); stances that point at
 * it lose that reference. */
static int res_remove(lua_State *L)
{
    polis_engine *e = check_live(L);
    enum list_id which;
    push_item(L, e, 2, "doc:remove", &which);
    lua_pushboolean(L, 1);
    set_journaled(L, e, -2, "removed");
    return 0;
}

static const char *const reserved_fields[] = { "id", "date", "title", "meta", "actors",
                                               "locations", "stances", "sentences", "tokens",
                                               "errors", "version", NULL };

/* doc:set(name, value): a custom top-level field of the output (JSON-able
 * value: string, number, boolean or table). */
static int res_set(lua_State *L)
{
    polis_engine *e = check_live(L);
    const char *name = luaL_checkstring(L, 2);
    for (const char *const *r = reserved_fields; *r; r++)
        if (strcmp(*r, name) == 0)
            return luaL_error(L, "doc:set: '%s' is a field of the output contract", name);
    for (const char *p = name; *p; p++)
        if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '_'))
            return luaL_error(L, "doc:set: field names are lowercase letters, digits and '_' "
                                 "('%s')", name);
    int t = lua_type(L, 3);
    if (t != LUA_TSTRING && t != LUA_TNUMBER && t != LUA_TBOOLEAN && t != LUA_TTABLE &&
        t != LUA_TNIL)
        return luaL_error(L, "doc:set: value must be a string, number, boolean or table");
    push_part(L, e, "fields");
    lua_pushvalue(L, 3);
    set_journaled(L, e, -2, name);
    return 0;
}

/* doc:set_date("YYYY-MM-DD"): the document date, when the input had none. */
static int res_set_date(lua_State *L)
{
    polis_engine *e = check_live(L);
    const char *d = luaL_checkstring(L, 2);
    int y, m, dd;
    char tail;
    if (strlen(d) != 10 || sscanf(d, "%4d-%2d-%2d%c", &y, &m, &dd, &tail) != 3 || m < 1 ||
        m > 12 || dd < 1 || dd > 31)
        return luaL_error(L, "doc:set_date: '%s' is not a YYYY-MM-DD date", d);
    char *copy = polis_strdup(d);
    if (!copy)
        return luaL_error(L, "out of memory");
    free(e->doc_date);
    e->doc_date = copy;
    return 0;
}

static const luaL_Reg result_methods[] = {
    { "actor", res_actor },
    { "location", res_location },
    { "stance", res_stance },
    { "mention", res_mention },
    { "actors", res_actors },
    { "locations", res_locations },
    { "stances", res_stances },
    { "get", res_get },
    { "update", res_update },
    { "merge", res_merge },
    { "remove", res_remove },
    { "set", res_set },
    { "set_date", res_set_date },
    { NULL, NULL },
};

void polis_results_open(lua_State *L)
{
    luaL_setfuncs(L, result_methods, 0);
}
