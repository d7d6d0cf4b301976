/*
 * lua_text.h - private to the Lua bindings of the text core (lua_text.c,
 * lua_regex.c, lua_dict.c, lua_pattern.c).
 */
#ifndef POLIS_LUA_TEXT_H
#define POLIS_LUA_TEXT_H

#include "engine.h"

#define POLIS_REG_DICTS "polis.dicts"     /* weak: light userdata (polis_dict *) -> userdata */
#define POLIS_REG_SUBJECT "polis.subject" /* the last long regex subject found valid UTF-8 */

typedef struct lua_regex { polis_regex *re; bool owned; } lua_regex;
/* pinned: a rule or a compiled pattern keeps the C pointer (polis_lua_pin),
 * so close must not free it; the collector does when nothing refers to it. */
typedef struct lua_dict { polis_dict *d; bool pinned; } lua_dict;
typedef struct lua_pattern { polis_tpat *p; bool pinned; } lua_pattern;

/* Make the metatable of a userdata class: methods through __index, gc as
 * __gc (may be NULL), tostring as __tostring; a locked metatable. */
void polis_lua_new_class(lua_State *L, const char *name, const luaL_Reg *methods,
                         lua_CFunction gc, lua_CFunction tostring);

/* Each class registers itself and adds its constructors to the table on top. */
void polis_lua_regex_open(lua_State *L);
void polis_lua_dict_open(lua_State *L);
void polis_lua_pattern_open(lua_State *L);

/* lua_dict.c, for pattern captures of @dict elements */
void polis_lua_push_dict_object(lua_State *L, const polis_dict *d);   /* userdata or nil */
void polis_lua_push_entries(lua_State *L, int dict_idx, const polis_dict *d,
                            const int32_t *entries, size_t n);       /* { attrs, ... } */

#endif
