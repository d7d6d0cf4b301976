/*
 * rules.c - the `polis` module scripts require: declaring rules and stages,
 * options, macros, abbreviations and reading data files.
 *
 * A rule is a table; rules_check validates every rule table in one place so
 * that every mistake gets the same kind of message:
 *   rule 'sanctions' (my-rules/sanctions.lua:12): unknown field 'patern'
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "engine.h"

static const char *const default_stages[] = { "document", "actors", "locations", "stances",
                                              "finish", NULL };

char *polis_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

/* ------------------------------------------------------------- stages */

int polis_stage_index(polis_engine *e, const char *name)
{
    for (size_t i = 0; i < e->nstages; i++)
        if (strcmp(e->stages[i].name, name) == 0)
            return (int)i;
    return -1;
}

static int stage_insert(polis_engine *e, const char *name, size_t pos)
{
    polis_stage *v = realloc(e->stages, (e->nstages + 1) * sizeof *v);
    if (!v)
        return -1;
    e->stages = v;
    memmove(v + pos + 1, v + pos, (e->nstages - pos) * sizeof *v);
    v[pos].name = polis_strdup(name);
    e->nstages++;
    for (size_t i = 0; i < e->nrules; i++)
        if (e->rules[i].stage >= pos)
            e->rules[i].stage++;
    return 0;
}

static void stages_init(polis_engine *e)
{
    for (const char *const *s = default_stages; *s; s++)
        stage_insert(e, *s, e->nstages);
}

/* ------------------------------------------------------------- rules */

static void rule_clear(lua_State *L, polis_rule *r)
{
    polis_tpat_free(r->pat);
    luaL_unref(L, LUA_REGISTRYINDEX, r->matcher_ref);
    luaL_unref(L, LUA_REGISTRYINDEX, r->fn_ref);
    free(r->name);
    free(r->source);
    free(r->matcher_text);
    memset(r, 0, sizeof *r);
    r->matcher_ref = r->fn_ref = LUA_NOREF;
}

void polis_rules_free(polis_engine *e)
{
    for (size_t i = 0; i < e->nrules; i++)
        rule_clear(e->L, &e->rules[i]);
    free(e->rules);
    e->rules = NULL;
    e->nrules = e->rules_cap = 0;
    for (size_t i = 0; i < e->nstages; i++)
        free(e->stages[i].name);
    free(e->stages);
    e->stages = NULL;
    e->nstages = 0;
}

static int rule_cmp(const void *a, const void *b)
{
    const polis_rule *x = a, *y = b;
    if (x->stage != y->stage)
        return x->stage < y->stage ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

void polis_rules_sort(polis_engine *e)
{
    qsort(e->rules, e->nrules, sizeof *e->rules, rule_cmp);
}

static polis_rule *rule_find(polis_engine *e, const char *name)
{
    for (size_t i = 0; i < e->nrules; i++)
        if (strcmp(e->rules[i].name, name) == 0)
            return &e->rules[i];
    return NULL;
}

static char *where_string(lua_State *L, int level)
{
    luaL_where(L, level);
    size_t n;
    const char *w = lua_tolstring(L, -1, &n);
    char *s = malloc(n + 1);
    if (s) {
        memcpy(s, w, n + 1);
        if (n >= 2 && s[n - 2] == ':' && s[n - 1] == ' ')
            s[n - 2] = '\0';
    }
    lua_pop(L, 1);
    return s;
}

/* Raise "rule 'name' (file:line): message" naming the script line that
 * declared the rule (level 1: the script calling polis.rule). */
static int rule_error(lua_State *L, const char *name, const char *fmt, const char *arg)
{
    char msg[600];
    snprintf(msg, sizeof msg, fmt, arg);
    char *where = where_string(L, 1);
    lua_pushfstring(L, "rule '%s' (%s): %s", name ? name : "?", where && *where ? where : "?",
                    msg);
    free(where);
    return lua_error(L);
}

static const char *const rule_fields[] = { "name", "stage", "pattern", "regex", "flags", "dict",
                                           "run", "emit", "vars", "overlap", "description",
                                           "enabled", NULL };

static bool is_rule_field(const char *k)
{
    for (const char *const *f = rule_fields; *f; f++)
        if (strcmp(*f, k) == 0)
            return true;
    return false;
}

static bool valid_name(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (!(isalnum((unsigned char)*s) || *s == '_' || *s == '-' || *s == '.' || *s == ':'))
            return false;
    return true;
}

static int field_type(lua_State *L, int idx, const char *k)
{
    int t = lua_getfield(L, idx, k);
    lua_pop(L, 1);
    return t;
}

/* Is field k of the table at idx a value that check() accepts? */
static bool field_is(lua_State *L, int idx, const char *k, void *(*check)(lua_State *, int))
{
    lua_getfield(L, idx, k);
    bool ok = check(L, -1) != NULL;
    lua_pop(L, 1);
    return ok;
}

static void *to_pattern(lua_State *L, int i) { return polis_lua_topattern(L, i); }
static void *to_regex(lua_State *L, int i) { return polis_lua_toregex(L, i); }
static void *to_dict(lua_State *L, int i) { return polis_lua_todict(L, i); }

/* Validate the rule table at idx (the one place every rule table is checked)
 * and return its matcher kind. Every message names the rule, the script line
 * and the field. */
static enum polis_matcher rules_check(lua_State *L, polis_engine *e, int idx, const char **name)
{
    *name = NULL;
    if (lua_getfield(L, idx, "name") == LUA_TSTRING)
        *name = lua_tostring(L, -1);
    lua_pop(L, 1);
    if (!*name)
        rule_error(L, NULL, "field 'name' must be a string%s", "");
    if (!valid_name(*name))
        rule_error(L, *name, "bad name (use letters, digits, '_', '-', '.', ':')%s", "");

    lua_pushnil(L);
    while (lua_next(L, idx)) {
        lua_pop(L, 1);
        if (lua_type(L, -1) != LUA_TSTRING)
            rule_error(L, *name, "the rule table has a non-string key%s", "");
        const char *k = lua_tostring(L, -1);
        if (!is_rule_field(k))
            rule_error(L, *name, "unknown field '%s'", k);
    }

    if (field_type(L, idx, "stage") != LUA_TSTRING)
        rule_error(L, *name, "field 'stage' must be a string (one of the stages)%s", "");
    lua_getfield(L, idx, "stage");
    const char *stage = lua_tostring(L, -1);
    lua_pop(L, 1);                               /* the table keeps the string alive */
    if (polis_stage_index(e, stage) < 0)
        rule_error(L, *name, "unknown stage '%s' (declare it with polis.stage first)", stage);

    int kinds = 0;
    enum polis_matcher kind = POLIS_M_RUN;
    if (field_type(L, idx, "pattern") != LUA_TNIL) {
        kinds++;
        kind = POLIS_M_PATTERN;
        if (field_type(L, idx, "pattern") != LUA_TSTRING && !field_is(L, idx, "pattern", to_pattern))
            rule_error(L, *name, "field 'pattern' must be a string or a polis.pattern%s", "");
    }
    if (field_type(L, idx, "regex") != LUA_TNIL) {
        kinds++;
        kind = POLIS_M_REGEX;
        if (field_type(L, idx, "regex") != LUA_TSTRING && !field_is(L, idx, "regex", to_regex))
            rule_error(L, *name, "field 'regex' must be a string or a polis.regex%s", "");
    }
    if (field_type(L, idx, "dict") != LUA_TNIL) {
        kinds++;
        kind = POLIS_M_DICT;
        if (!field_is(L, idx, "dict", to_dict))
            rule_error(L, *name, "field 'dict' must be a dictionary (polis.dict, polis.lexicon, "
                                 "polis.load_dict)%s", "");
    }
    if (field_type(L, idx, "run") != LUA_TNIL) {
        kinds++;
        kind = POLIS_M_RUN;
        if (field_type(L, idx, "run") != LUA_TFUNCTION)
            rule_error(L, *name, "field 'run' must be a function(doc)%s", "");
    }
    if (kinds != 1)
        rule_error(L, *name, "give exactly one of 'pattern', 'regex', 'dict' or 'run'%s", "");

    int t = field_type(L, idx, "emit");
    if (kind == POLIS_M_RUN && t != LUA_TNIL)
        rule_error(L, *name, "'emit' goes with a matcher; a 'run' rule does its own work%s", "");
    if (kind != POLIS_M_RUN && t != LUA_TFUNCTION)
        rule_error(L, *name, "field 'emit' must be a function(doc, match)%s", "");
    t = field_type(L, idx, "flags");
    if (t != LUA_TNIL && (kind != POLIS_M_REGEX || t != LUA_TSTRING))
        rule_error(L, *name, "field 'flags' is a string of regex flags and goes with 'regex'%s",
                   "");
    t = field_type(L, idx, "vars");
    if (t != LUA_TNIL && (t != LUA_TTABLE || kind != POLIS_M_PATTERN))
        rule_error(L, *name, "field 'vars' is a table and goes with 'pattern'%s", "");
    static const char *const booleans[] = { "overlap", "enabled", NULL };
    for (const char *const *b = booleans; *b; b++) {
        t = field_type(L, idx, *b);
        if (t != LUA_TNIL && t != LUA_TBOOLEAN)
            rule_error(L, *name, "field '%s' must be a boolean", *b);
    }
    t = field_type(L, idx, "description");
    if (t != LUA_TNIL && t != LUA_TSTRING)
        rule_error(L, *name, "field 'description' must be a string%s", "");
    return kind;
}

/* Functions that shape the rule set work only while the scripts load. Called
 * from a rule, they changed the engine in the middle of a stream: the rule
 * list was reallocated under the loop running it, and each worker's later
 * output depended on which documents it had seen (not the same for every -j). */
static polis_engine *load_time_only(lua_State *L, const char *fn)
{
    polis_engine *e = polis_engine_from(L);
    if (e->in_doc)
        luaL_error(L, "%s works only while the scripts load, not inside a rule", fn);
    return e;
}

/* polis.rule { name=, stage=, pattern=|regex=|dict=|run=, emit=, vars=, ... } */
static int api_rule(lua_State *L)
{
    polis_engine *e = load_time_only(L, "polis.rule");
    luaL_checktype(L, 1, LUA_TTABLE);
    const char *name;
    enum polis_matcher kind = rules_check(L, e, 1, &name);

    polis_rule r;
    memset(&r, 0, sizeof r);
    r.kind = kind;
    r.matcher_ref = r.fn_ref = LUA_NOREF;
    lua_getfield(L, 1, "stage");
    r.stage = (uint32_t)polis_stage_index(e, lua_tostring(L, -1));
    lua_pop(L, 1);
    lua_getfield(L, 1, "overlap");
    r.overlap = lua_toboolean(L, -1);
    lua_getfield(L, 1, "enabled");
    r.disabled = lua_isboolean(L, -1) && !lua_toboolean(L, -1);
    lua_pop(L, 2);

    switch (kind) {
    case POLIS_M_PATTERN: {
        lua_getfield(L, 1, "pattern");
        if (lua_type(L, -1) == LUA_TSTRING) {
            int vars = 0;
            if (lua_getfield(L, 1, "vars") == LUA_TTABLE)
                vars = lua_gettop(L);
            const char *src = lua_tostring(L, -2);
            char err[512];
            r.pat = polis_lua_compile_pattern(L, e, src, vars, err, sizeof err);
            if (!r.pat)
                rule_error(L, name, "%s", err);
            /* The compiled pattern points at the dictionaries in vars: keep
             * them alive as long as the rule. */
            r.matcher_ref = luaL_ref(L, LUA_REGISTRYINDEX);  /* pops vars (or nil) */
            r.matcher_text = polis_strdup(src);
        } else {
            /* A compiled polis.pattern object: share it (keep the userdata alive). */
            if (!polis_lua_pin(L, -1))
                rule_error(L, name, "the pattern is closed%s", "");
            r.matcher_text = polis_strdup(polis_tpat_source(polis_lua_topattern(L, -1)));
            lua_pushvalue(L, -1);
            r.matcher_ref = luaL_ref(L, LUA_REGISTRYINDEX);
        }
        lua_pop(L, 1);
        break;
    }
    case POLIS_M_REGEX: {
        lua_getfield(L, 1, "regex");
        if (lua_type(L, -1) == LUA_TSTRING) {
            uint32_t flags = 0;
            if (lua_getfield(L, 1, "flags") == LUA_TSTRING &&
                polis_regex_flags(lua_tostring(L, -1), &flags) != 0)
                rule_error(L, name, "bad regex flags '%s'", lua_tostring(L, -1));
            lua_pop(L, 1);
            size_t len;
            const char *src = lua_tolstring(L, -1, &len);
            char err[512];
            r.re = polis_regex_cache_get(e->recache, src, len, flags, err, sizeof err);
            if (!r.re)
                rule_error(L, name, "%s", err);
            r.matcher_text = polis_strdup(src);
        } else {
            r.re = polis_lua_toregex(L, -1);
            r.matcher_text = polis_strdup(polis_regex_pattern(r.re));
            lua_pushvalue(L, -1);
            r.matcher_ref = luaL_ref(L, LUA_REGISTRYINDEX);
        }
        lua_pop(L, 1);
        break;
    }
    case POLIS_M_DICT:
        lua_getfield(L, 1, "dict");
        if (!polis_lua_pin(L, -1))
            rule_error(L, name, "the dictionary is closed%s", "");
        r.dict = polis_lua_todict(L, -1);
        r.matcher_ref = luaL_ref(L, LUA_REGISTRYINDEX);
        lua_pushfstring(L, "dictionary of %d entries", (int)polis_dict_size(r.dict));
        r.matcher_text = polis_strdup(lua_tostring(L, -1));
        lua_pop(L, 1);
        break;
    case POLIS_M_RUN:
        r.matcher_text = polis_strdup("run");
        break;
    }
    lua_getfield(L, 1, kind == POLIS_M_RUN ? "run" : "emit");
    r.fn_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    r.name = polis_strdup(name);
    r.source = where_string(L, 1);

    polis_rule *old = rule_find(e, name);
    if (old) {                       /* a later rule replaces an earlier one in place */
        r.order = old->order;
        rule_clear(L, old);
        *old = r;
        return 0;
    }
    if (e->nrules == e->rules_cap) {
        size_t cap = e->rules_cap ? e->rules_cap * 2 : 32;
        polis_rule *v = realloc(e->rules, cap * sizeof *v);
        if (!v) {
            rule_clear(L, &r);
            return luaL_error(L, "out of memory");
        }
        e->rules = v;
        e->rules_cap = cap;
    }
    r.order = e->rules_declared++;
    e->rules[e->nrules++] = r;
    return 0;
}

/* polis.disable "name": a user folder turns a default rule off. */
static int api_disable(lua_State *L)
{
    polis_engine *e = load_time_only(L, "polis.disable");
    const char *name = luaL_checkstring(L, 1);
    polis_rule *r = rule_find(e, name);
    if (!r)
        return luaL_error(L, "polis.disable: no rule named '%s' is loaded", name);
    r->disabled = true;
    return 0;
}

/* polis.enable "name" undoes polis.disable or enabled=false. */
static int api_enable(lua_State *L)
{
    polis_engine *e = load_time_only(L, "polis.enable");
    const char *name = luaL_checkstring(L, 1);
    polis_rule *r = rule_find(e, name);
    if (!r)
        return luaL_error(L, "polis.enable: no rule named '%s' is loaded", name);
    r->disabled = false;
    return 0;
}

/* polis.stage { name = "events", after = "stances" } (or before =). */
static int api_stage(lua_State *L)
{
    polis_engine *e = load_time_only(L, "polis.stage");
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_getfield(L, 1, "name");
    lua_getfield(L, 1, "after");
    lua_getfield(L, 1, "before");
    const char *name = lua_tostring(L, -3);
    const char *after = lua_tostring(L, -2), *before = lua_tostring(L, -1);
    if (!name || !valid_name(name))
        return luaL_error(L, "polis.stage: 'name' must be a name");
    if (polis_stage_index(e, name) >= 0)
        return 0;                                /* declared already: fine */
    if ((after != NULL) == (before != NULL))
        return luaL_error(L, "polis.stage '%s': give exactly one of 'after' or 'before'", name);
    int at = polis_stage_index(e, after ? after : before);
    if (at < 0)
        return luaL_error(L, "polis.stage '%s': unknown stage '%s'", name, after ? after : before);
    if (stage_insert(e, name, (size_t)at + (after ? 1 : 0)) != 0)
        return luaL_error(L, "out of memory");
    return 0;
}

/* polis.option(name [, default]) -> the value given with --set name=value. */
static int api_option(lua_State *L)
{
    polis_engine *e = polis_engine_from(L);
    const char *name = luaL_checkstring(L, 1);
    for (size_t i = e->nopts; i-- > 0;)
        if (strcmp(e->opt_names[i], name) == 0) {
            lua_pushstring(L, e->opt_values[i]);
            return 1;
        }
    lua_settop(L, 2);
    return 1;
}

/* polis.macro(name, source): <name> in later patterns expands to (source). */
static int api_macro(lua_State *L)
{
    load_time_only(L, "polis.macro");
    const char *name = luaL_checkstring(L, 1);
    luaL_checkstring(L, 2);
    if (!valid_name(name))
        return luaL_error(L, "polis.macro: bad name '%s'", name);
    lua_getfield(L, LUA_REGISTRYINDEX, POLIS_REG_MACROS);
    lua_pushvalue(L, 2);
    lua_setfield(L, -2, name);
    return 0;
}

/* polis.abbreviation(word [, kind]): teach the tokenizer and the sentence
 * splitter an abbreviation ("Gov", "title"). */
static int api_abbreviation(lua_State *L)
{
    static const char *const kinds[] = { "general", "title", "number", "month", NULL };
    polis_engine *e = load_time_only(L, "polis.abbreviation");
    size_t len;
    const char *w = luaL_checklstring(L, 1, &len);
    int kind = luaL_checkoption(L, 2, "general", kinds);
    while (len > 0 && w[len - 1] == '.')
        len--;
    if (len == 0 || polis_abbrevs_add(e->abbrevs, w, len, (enum polis_abbrev_kind)kind) != 0)
        return luaL_error(L, "polis.abbreviation: cannot add '%s'", w);
    return 0;
}

/* Read a whole data file named by a script (resolved inside the rule folders). */
static char *read_data_file(lua_State *L, const char *path, size_t *len)
{
    polis_engine *e = polis_engine_from(L);
    char *real = polis_sandbox_resolve(L, e, path, 1);
    FILE *f = fopen(real, "rb");
    if (!f) {
        lua_pushfstring(L, "cannot open '%s': %s", path, strerror(errno));
        free(real);
        lua_error(L);
    }
    free(real);
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    for (;;) {
        if (!buf)
            break;
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap)
            break;
        char *nb = realloc(buf, cap * 2);
        if (!nb) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = nb;
        cap *= 2;
    }
    fclose(f);
    if (!buf)
        luaL_error(L, "out of memory reading '%s'", path);
    *len = n;
    return buf;
}

/* Iterate the lines of buf (without '\r\n'), skipping blank and '#' lines. */
static const char *next_line(const char **p, const char *end, size_t *len)
{
    while (*p < end) {
        const char *s = *p, *nl = memchr(s, '\n', (size_t)(end - s));
        const char *e = nl ? nl : end;
        *p = nl ? nl + 1 : end;
        size_t n = (size_t)(e - s);
        if (n && s[n - 1] == '\r')
            n--;
        size_t k = 0;
        while (k < n && (s[k] == ' ' || s[k] == '\t'))
            k++;
        if (k == n || s[k] == '#')
            continue;
        *len = n;
        return s;
    }
    return NULL;
}

/* polis.read_lines(path) -> { line, ... } without blank and '#' lines. */
static int api_read_lines(lua_State *L)
{
    const char *path = luaL_checkstring(L, 1);
    size_t n;
    char *buf = read_data_file(L, path, &n);
    const char *p = buf, *end = buf + n, *s;
    size_t len;
    lua_newtable(L);
    lua_Integer i = 0;
    while ((s = next_line(&p, end, &len))) {
        while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
            len--;
        lua_pushlstring(L, s, len);
        lua_rawseti(L, -2, ++i);
    }
    free(buf);
    return 1;
}

/* polis.read_tsv(path) -> { {col = value, ...}, ... } keyed by the header line. */
static int api_read_tsv(lua_State *L)
{
    const char *path = luaL_checkstring(L, 1);
    size_t n;
    char *buf = read_data_file(L, path, &n);
    const char *p = buf, *end = buf + n, *s;
    size_t len;
    lua_newtable(L);                                 /* rows */
    lua_newtable(L);                                 /* header names */
    int ncols = 0;
    lua_Integer row = 0;
    while ((s = next_line(&p, end, &len))) {
        if (ncols > 0)
            lua_createtable(L, 0, ncols);            /* sized once: no rehash per cell */
        int col = 0;
        const char *c = s, *lend = s + len;
        for (;;) {
            const char *tab = memchr(c, '\t', (size_t)(lend - c));
            const char *ce = tab ? tab : lend;
            col++;
            if (ncols == 0) {
                lua_pushlstring(L, c, (size_t)(ce - c));
                lua_rawseti(L, -2, col);
            } else if (col <= ncols && ce > c) {
                lua_rawgeti(L, -2, col);
                lua_pushlstring(L, c, (size_t)(ce - c));
                lua_rawset(L, -3);
            }
            if (!tab)
                break;
            c = tab + 1;
        }
        if (ncols == 0)
            ncols = col;
        else
            lua_rawseti(L, -3, ++row);
    }
    free(buf);
    lua_pop(L, 1);
    return 1;
}

/* Push a JSON value as Lua (null becomes nil, so absent and null read alike). */
static void push_json(lua_State *L, const cJSON *j, int depth)
{
    luaL_checkstack(L, 4, "JSON too deep");
    if (depth > 64 || cJSON_IsNull(j) || !j) {
        lua_pushnil(L);
    } else if (cJSON_IsBool(j)) {
        lua_pushboolean(L, cJSON_IsTrue(j));
    } else if (cJSON_IsNumber(j)) {
        double d = j->valuedouble;
        if (d == (double)(lua_Integer)d)
            lua_pushinteger(L, (lua_Integer)d);
        else
            lua_pushnumber(L, d);
    } else if (cJSON_IsString(j)) {
        lua_pushstring(L, j->valuestring);
    } else if (cJSON_IsArray(j)) {
        lua_createtable(L, cJSON_GetArraySize(j), 0);
        lua_Integer i = 0;
        const cJSON *it;
        cJSON_ArrayForEach(it, j) {
            push_json(L, it, depth + 1);
            lua_rawseti(L, -2, ++i);
        }
    } else {
        lua_newtable(L);
        const cJSON *it;
        cJSON_ArrayForEach(it, j) {
            push_json(L, it, depth + 1);
            lua_setfield(L, -2, it->string);
        }
    }
}

/* polis.analyze(text [, { id=, date=, title= }]) -> the result as a Lua table.
 * Only in test mode (`polis test`): it runs every loaded rule on the text. */
static int api_analyze(lua_State *L)
{
    polis_engine *e = polis_engine_from(L);
    if (!e->cfg.allow_analyze)
        return luaL_error(L, "polis.analyze is only available in `polis test`");
    if (e->in_doc)
        return luaL_error(L, "polis.analyze cannot run inside a rule");
    size_t len;
    const char *text = luaL_checklstring(L, 1, &len);
    polis_input in = { "test", text, len, NULL, NULL, NULL };
    if (lua_istable(L, 2)) {
        lua_getfield(L, 2, "id");
        lua_getfield(L, 2, "date");
        lua_getfield(L, 2, "title");
        in.id = lua_isstring(L, -3) ? lua_tostring(L, -3) : "test";
        in.date = lua_tostring(L, -2);
        in.title = lua_tostring(L, -1);
    }
    polis_sandbox saved = e->sb;          /* the caller's budget survives the analysis */
    cJSON *res = polis_analyze(e, &in, POLIS_OUT_SENTENCES);
    polis_sandbox_restore(e, &saved);
    if (!res)
        return luaL_error(L, "out of memory");
    push_json(L, res, 0);
    cJSON_Delete(res);
    return 1;
}

/* polis.report(name, ok [, message]): one test result (test mode), printed
 * in TAP form. */
static int api_report(lua_State *L)
{
    polis_engine *e = polis_engine_from(L);
    if (!e->cfg.allow_analyze)
        return luaL_error(L, "polis.report is only available in `polis test`");
    const char *name = luaL_checkstring(L, 1);
    bool ok = lua_toboolean(L, 2);
    size_t n = e->tests_passed + e->tests_failed + 1;
    if (ok) {
        e->tests_passed++;
        printf("ok %zu - %s\n", n, name);
    } else {
        e->tests_failed++;
        printf("not ok %zu - %s\n", n, name);
        if (!lua_isnoneornil(L, 3))
            printf("#   %s\n", luaL_tolstring(L, 3, NULL));
    }
    fflush(stdout);
    return 0;
}

static const luaL_Reg api_funcs[] = {
    { "analyze", api_analyze },
    { "report", api_report },
    { "rule", api_rule },
    { "disable", api_disable },
    { "enable", api_enable },
    { "stage", api_stage },
    { "option", api_option },
    { "macro", api_macro },
    { "abbreviation", api_abbreviation },
    { "read_lines", api_read_lines },
    { "read_tsv", api_read_tsv },
    { "log", polis_sandbox_print },
    { NULL, NULL },
};

int polis_open_api(lua_State *L)
{
    polis_engine *e = polis_engine_from(L);
    if (e->nstages == 0)
        stages_init(e);
    lua_newtable(L);
    lua_setfield(L, LUA_REGISTRYINDEX, POLIS_REG_MACROS);
    luaL_newlib(L, api_funcs);
    polis_lua_text_open(L);
    lua_pushliteral(L, POLIS_VERSION);
    lua_setfield(L, -2, "version");
    return 1;
}
