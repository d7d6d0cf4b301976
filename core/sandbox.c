/*
 * sandbox.c - the Lua state rule scripts run in.
 *
 * Rule scripts are untrusted code. They get the safe parts of base, string,
 * table, math, utf8 and os (clock/time/date), a require that only resolves
 * inside rule folders, and the polis API; io, debug, package, dofile,
 * loadfile and string.dump are stubs that raise "blocked function". Chunks
 * load in text mode only, each into its own environment, where reading or
 * writing an undeclared global is an error. A counting allocator caps memory;
 * budget.c enforces an instruction budget per call, which the engine resets
 * before each rule runs on a document.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <lualib.h>

#include "engine.h"

/* The engine of a Lua state sits in the state's extra space (copied into
 * every coroutine it creates): every C function and the hook ask for it. */
_Static_assert(LUA_EXTRASPACE >= sizeof(polis_engine *), "LUA_EXTRASPACE too small");

polis_engine *polis_engine_from(lua_State *L)
{
    return *(polis_engine **)lua_getextraspace(L);
}

/* ------------------------------------------------------------ allocator */

/* Rules allocate and drop millions of small blocks (tables, strings, closures
 * of a few dozen bytes) per run; malloc and free were a tenth of the time.
 * Blocks of up to POOL_MAX bytes therefore come from free lists of 16-byte
 * size classes, carved from 64 KiB slabs that this Lua state owns: no locks
 * (one state, one thread), no per-block header. Lua tells the allocator the
 * old size of every block, so the class is known on free. Freed blocks are
 * reused by this state; the slabs go back when it closes, so memory stays
 * that of the state's peak. Bigger blocks use malloc. The memory cap counts
 * the sizes Lua asked for, as before. Under AddressSanitizer or valgrind the
 * pool is off, so that they still see every Lua block. */
#define POOL_GRAIN   16u
#define POOL_MAX     512u
#define POOL_CLASSES (POOL_MAX / POOL_GRAIN)
#define POOL_SLAB    ((size_t)64 << 10)

#if defined(__SANITIZE_ADDRESS__)
#define POOL_DISABLED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define POOL_DISABLED 1
#endif
#endif
#ifndef POOL_DISABLED
#define POOL_DISABLED 0
#endif
typedef struct sandbox_pool {
    void *free[POOL_CLASSES];     /* free blocks of each class, linked through their first word */
    char *bump, *end;             /* the unused rest of the newest slab */
    void *slabs;                  /* every slab, linked through its first 16 bytes */
} sandbox_pool;

static inline size_t pool_class(size_t n)   /* n in [1, POOL_MAX] */
{
    return (n - 1) / POOL_GRAIN;
}

static void *pool_get(sandbox_pool *p, size_t cls)
{
    void *b = p->free[cls];
    if (b) {
        p->free[cls] = *(void **)b;
        return b;
    }
    size_t size = (cls + 1) * POOL_GRAIN;
    if ((size_t)(p->end - p->bump) < size) {
        char *slab = malloc(POOL_SLAB);
        if (!slab)
            return NULL;
        *(void **)slab = p->slabs;
        p->slabs = slab;
        p->bump = slab + POOL_GRAIN;          /* keeps blocks 16-byte aligned */
        p->end = slab + POOL_SLAB;
    }
    b = p->bump;
    p->bump += size;
    return b;
}

static inline void pool_put(sandbox_pool *p, void *b, size_t size)
{
    size_t cls = pool_class(size);
    *(void **)b = p->free[cls];
    p->free[cls] = b;
}

static void pool_free(sandbox_pool *p)
{
    if (!p)
        return;
    while (p->slabs) {
        void *next = *(void **)p->slabs;
        free(p->slabs);
        p->slabs = next;
    }
    free(p);
}

/* Resize a block for Lua (ptr NULL: a new one; old: its size); NULL on failure. */
static void *pool_realloc(sandbox_pool *p, void *ptr, size_t old, size_t nsize)
{
    if (!ptr)
        return nsize <= POOL_MAX ? pool_get(p, pool_class(nsize)) : malloc(nsize);
    if (old > POOL_MAX && nsize > POOL_MAX)
        return realloc(ptr, nsize);
    if (old <= POOL_MAX && nsize <= POOL_MAX && pool_class(old) == pool_class(nsize))
        return ptr;
    void *q = nsize <= POOL_MAX ? pool_get(p, pool_class(nsize)) : malloc(nsize);
    if (!q)
        return NULL;
    memcpy(q, ptr, old < nsize ? old : nsize);
    if (old <= POOL_MAX)
        pool_put(p, ptr, old);
    else
        free(ptr);
    return q;
}

static void *sandbox_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    polis_sandbox *sb = ud;
    size_t old = ptr ? osize : 0;            /* for new blocks osize is a type tag */
    if (nsize == 0) {
        if (ptr && sb->pool && old <= POOL_MAX)
            pool_put(sb->pool, ptr, old);
        else
            free(ptr);
        sb->used -= old;
        return NULL;
    }
    if (sb->enforce && nsize > old && sb->used - old + nsize > sb->limit) {
        sb->stop = POLIS_STOP_MEMORY;
        return NULL;                          /* Lua collects garbage and retries, then raises */
    }
    void *p = sb->pool ? pool_realloc(sb->pool, ptr, old, nsize) : realloc(ptr, nsize);
    if (!p)
        return NULL;
    sb->used = sb->used - old + nsize;
    if (sb->used > sb->peak)
        sb->peak = sb->used;
    return p;
}

/* ------------------------------------------------------ calling scripts */

/* Message handler: keep the message, add a traceback. Non-string error
 * objects are described rather than lost. */
static int sandbox_msgh(lua_State *L)
{
    const char *msg = lua_tostring(L, 1);
    if (msg == NULL) {
        if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING)
            msg = lua_tostring(L, -1);
        else
            msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
    }
    luaL_traceback(L, L, msg, 1);
    return 1;
}

int polis_sandbox_call(polis_engine *e, int nargs)
{
    lua_State *L = e->L;
    int base = lua_gettop(L) - nargs;         /* the function's slot */
    lua_pushcfunction(L, sandbox_msgh);
    lua_insert(L, base);
    e->sb.enforce = true;
    int status = lua_pcall(L, nargs, 0, base);
    e->sb.enforce = false;
    lua_remove(L, base);
    if (status != LUA_OK) {
        /* Say why the sandbox stopped the call, whatever the script made of it. */
        if (e->sb.stop == POLIS_STOP_BUDGET) {
            lua_pushfstring(L, "instruction budget exhausted (%I instructions; raise with "
                               "--max-instructions)\n%s",
                            (lua_Integer)e->cfg.max_instructions, lua_tostring(L, -1));
            lua_remove(L, -2);
        } else if (e->sb.stop == POLIS_STOP_MEMORY || status == LUA_ERRMEM) {
            lua_pushfstring(L, "memory cap reached (%I MiB; raise with --max-memory)\n%s",
                            (lua_Integer)(e->cfg.max_memory >> 20),
                            lua_tostring(L, -1) ? lua_tostring(L, -1) : "not enough memory");
            lua_remove(L, -2);
        }
    }
    return status;
}

/* ------------------------------------------------------------- env */

static int env_index(lua_State *L)
{
    lua_pushvalue(L, 2);
    if (lua_rawget(L, lua_upvalueindex(1)) != LUA_TNIL)
        return 1;
    if (lua_type(L, 2) == LUA_TSTRING)
        return luaL_error(L, "undeclared global '%s' (rule scripts must use locals)",
                          lua_tostring(L, 2));
    return luaL_error(L, "undeclared global");
}

static int env_newindex(lua_State *L)
{
    if (lua_type(L, 2) == LUA_TSTRING)
        return luaL_error(L, "assignment to undeclared global '%s' (use 'local %s')",
                          lua_tostring(L, 2), lua_tostring(L, 2));
    return luaL_error(L, "assignment to undeclared global");
}

/* Push a fresh environment table for one chunk: reads fall through to the
 * shared safe globals, writes are refused. */
static void sandbox_push_env(lua_State *L)
{
    lua_newtable(L);                          /* env */
    lua_createtable(L, 0, 3);                 /* its metatable */
    lua_getfield(L, LUA_REGISTRYINDEX, POLIS_REG_SAFE);
    lua_pushcclosure(L, env_index, 1);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, env_newindex);
    lua_setfield(L, -2, "__newindex");
    lua_pushliteral(L, "locked");
    lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, -2);
}

/* Load path in text mode with a fresh environment; pushes the chunk or an
 * error message. */
static int sandbox_loadfile(lua_State *L, const char *path)
{
    int status = luaL_loadfilex(L, path, "t");
    if (status != LUA_OK)
        return status;
    sandbox_push_env(L);
    lua_setupvalue(L, -2, 1);                 /* the chunk's _ENV */
    return LUA_OK;
}

int polis_sandbox_dofile(polis_engine *e, const char *path)
{
    lua_State *L = e->L;
    if (sandbox_loadfile(L, path) != LUA_OK)
        return -1;
    polis_sandbox_budget(e, e->cfg.max_load_instructions);
    return polis_sandbox_call(e, 0) == LUA_OK ? 0 : -1;
}

/* ------------------------------------------------------------- paths */

static bool path_inside(const char *path, const char *root)
{
    size_t n = strlen(root);
    return strncmp(path, root, n) == 0 && (path[n] == '/' || path[n] == '\0' || root[n - 1] == '/');
}

/* Directory of the script running at `level` (from its chunk name "@path"). */
static char *script_dir(lua_State *L, int level)
{
    lua_Debug ar;
    for (; lua_getstack(L, level, &ar); level++) {
        lua_getinfo(L, "S", &ar);
        if (ar.source[0] == '@') {
            const char *p = ar.source + 1, *slash = strrchr(p, '/');
            if (!slash)
                return polis_strdup(".");
            size_t n = (size_t)(slash - p);
            char *d = malloc(n + 1);
            if (d) {
                memcpy(d, p, n);
                d[n] = '\0';
            }
            return d;
        }
    }
    return polis_strdup(".");
}

char *polis_sandbox_resolve(lua_State *L, polis_engine *e, const char *path, int level)
{
    char *joined = NULL, *dir = NULL;
    if (path[0] != '/') {
        dir = script_dir(L, level);
        size_t n = strlen(dir) + strlen(path) + 2;
        joined = malloc(n);
        if (joined)
            snprintf(joined, n, "%s/%s", dir, path);
        free(dir);
    } else {
        joined = polis_strdup(path);
    }
    if (!joined) {
        luaL_error(L, "out of memory");
        return NULL;
    }
    char *real = realpath(joined, NULL);
    if (!real) {
        lua_pushfstring(L, "cannot open '%s': %s", joined, strerror(errno));
        free(joined);
        lua_error(L);
        return NULL;
    }
    free(joined);
    for (size_t i = 0; i < e->nroots; i++)
        if (path_inside(real, e->roots[i]))
            return real;
    for (size_t i = 0; i < e->nallowed; i++)
        if (strcmp(real, e->allowed_files[i]) == 0)
            return real;
    lua_pushfstring(L, "'%s' is outside the rule folders (sandbox)", path);
    free(real);
    lua_error(L);
    return NULL;
}

/* ------------------------------------------------------------- require */

static bool valid_module_name(const char *s)
{
    if (!*s || *s == '.')
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '_' || *s == '-' || (*s == '.' && s[1] != '.' && s[1] != '\0')))
            return false;
    return true;
}

static int sandbox_require_file(lua_State *L, const char *name, char *found);

/* require "polis" gives the API; require "a.b" loads a/b.lua from the rule
 * folder of the calling script, then from the other rule folders. */
static int sandbox_require(lua_State *L)
{
    const char *name = luaL_checkstring(L, 1);
    if (strcmp(name, "polis") == 0) {                 /* the read-only view of the API */
        lua_getfield(L, LUA_REGISTRYINDEX, POLIS_REG_SAFE);
        lua_getfield(L, -1, "polis");
        return 1;
    }
    if (!valid_module_name(name))
        return luaL_error(L, "require: bad module name '%s'", name);
    polis_engine *e = polis_engine_from(L);
    luaL_Buffer rel;
    luaL_buffinit(L, &rel);
    for (const char *p = name; *p; p++)
        luaL_addchar(&rel, *p == '.' ? '/' : *p);
    luaL_addstring(&rel, ".lua");
    luaL_pushresult(&rel);
    const char *relpath = lua_tostring(L, -1);

    /* "polis.*" modules (polis.test, ...) come with polis: they resolve in
     * the default rules folder whether or not its rules are loaded. */
    if (strncmp(name, "polis.", 6) == 0 && e->lib_dir) {
        size_t n = strlen(e->lib_dir) + strlen(relpath) + 2;
        char *cand = malloc(n);
        if (cand) {
            snprintf(cand, n, "%s/%s", e->lib_dir, relpath);
            char *real = realpath(cand, NULL);
            free(cand);
            if (real && path_inside(real, e->lib_dir))
                return sandbox_require_file(L, name, real);
            free(real);
        }
    }
    char *dir = script_dir(L, 1);
    char *found = NULL;
    for (size_t i = 0; i <= e->nroots && !found; i++) {
        const char *base = i == 0 ? dir : e->roots[i - 1];
        if (!base)
            continue;
        size_t n = strlen(base) + strlen(relpath) + 2;
        char *cand = malloc(n);
        if (!cand)
            break;
        snprintf(cand, n, "%s/%s", base, relpath);
        char *real = realpath(cand, NULL);
        free(cand);
        if (!real)
            continue;
        for (size_t r = 0; r < e->nroots; r++)
            if (path_inside(real, e->roots[r])) {
                found = real;
                break;
            }
        if (!found)
            free(real);
    }
    free(dir);
    if (!found)
        return luaL_error(L, "require: module '%s' not found in the rule folders", name);

    return sandbox_require_file(L, name, found);
}

/* Load (once) and return the module in file `found` (takes ownership). */
static int sandbox_require_file(lua_State *L, const char *name, char *found)
{
    lua_getfield(L, LUA_REGISTRYINDEX, POLIS_REG_MODULES);
    if (lua_getfield(L, -1, found) != LUA_TNIL) {
        free(found);
        return 1;
    }
    lua_pop(L, 1);
    int status = sandbox_loadfile(L, found);
    if (status != LUA_OK) {
        free(found);
        return lua_error(L);
    }
    lua_pushstring(L, name);
    lua_call(L, 1, 1);
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        lua_pushboolean(L, 1);
    }
    lua_pushvalue(L, -1);
    lua_setfield(L, -3, found);
    free(found);
    return 1;
}

/* ----------------------------------------------------- blocked and safe */

static int sandbox_blocked(lua_State *L)
{
    return luaL_error(L, "blocked function '%s' (rule scripts run in a sandbox without "
                         "files, processes or debug access)",
                      lua_tostring(L, lua_upvalueindex(1)));
}

static void push_blocked(lua_State *L, const char *name)
{
    lua_pushstring(L, name);
    lua_pushcclosure(L, sandbox_blocked, 1);
}

/* A table whose every field is a blocked function named lib.field. */
static int blocked_lib_index(lua_State *L)
{
    const char *lib = lua_tostring(L, lua_upvalueindex(1));
    const char *key = lua_tostring(L, 2);
    lua_pushfstring(L, "%s.%s", lib, key ? key : "?");
    lua_pushcclosure(L, sandbox_blocked, 1);
    return 1;
}

static void push_blocked_lib(lua_State *L, const char *lib)
{
    lua_newtable(L);
    lua_createtable(L, 0, 2);
    lua_pushstring(L, lib);
    lua_pushcclosure(L, blocked_lib_index, 1);
    lua_setfield(L, -2, "__index");
    lua_pushliteral(L, "locked");
    lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, -2);
}

static int readonly_newindex(lua_State *L)
{
    return luaL_error(L, "attempt to modify a read-only library table");
}

/* Replace the library table on top with a read-only proxy, so one script
 * cannot change string.format for every other script. */
static void make_readonly_proxy(lua_State *L)
{
    lua_newtable(L);                          /* proxy */
    lua_createtable(L, 0, 3);
    lua_pushvalue(L, -3);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, readonly_newindex);
    lua_setfield(L, -2, "__newindex");
    lua_pushliteral(L, "locked");
    lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, -2);
    lua_remove(L, -2);
}

/* rawset that cannot write through a read-only proxy: the stock rawset
 * ignores __newindex, so it let one script change string.format or
 * polis.rule for every other script. */
static int sandbox_rawset(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    luaL_checkany(L, 2);
    luaL_checkany(L, 3);
    lua_settop(L, 3);
    if (lua_getmetatable(L, 1)) {
        lua_pushliteral(L, "__newindex");
        bool readonly = lua_rawget(L, -2) == LUA_TFUNCTION &&
                        lua_tocfunction(L, -1) == readonly_newindex;
        lua_pop(L, 2);
        if (readonly)
            return readonly_newindex(L);
    }
    lua_rawset(L, 1);
    return 1;
}

/* setmetatable without finalizers: a __gc metamethod runs whenever the
 * collector reaches its object - while the output is built, or when the
 * engine closes - outside any rule's instruction budget, so a __gc that
 * loops hung the run. (Only the metatable given here matters: Lua marks an
 * object for finalization when its metatable is set.) Upvalue 1: the stock
 * setmetatable. */
static int sandbox_setmetatable(lua_State *L)
{
    if (lua_type(L, 2) == LUA_TTABLE) {
        lua_pushliteral(L, "__gc");
        bool gc = lua_rawget(L, 2) != LUA_TNIL;
        lua_pop(L, 1);
        if (gc)
            return luaL_error(L, "setmetatable: __gc metamethods are not allowed in rule "
                                 "scripts (finalizers would run outside the instruction budget)");
    }
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
}

/* print(...) and polis.log(...): one line on the engine's log (stderr, never
 * stdout, which carries the results), values separated by tabs and prefixed
 * with the calling script's file:line. */
int polis_sandbox_print(lua_State *L)
{
    polis_engine *e = polis_engine_from(L);
    int n = lua_gettop(L);
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    luaL_where(L, 1);
    luaL_addvalue(&b);
    for (int i = 1; i <= n; i++) {
        luaL_tolstring(L, i, NULL);
        luaL_addvalue(&b);
        if (i < n)
            luaL_addchar(&b, '\t');
    }
    luaL_pushresult(&b);
    polis_log(e, "%s", lua_tostring(L, -1));
    return 0;
}

static int sandbox_collectgarbage(lua_State *L)
{
    const char *opt = luaL_optstring(L, 1, "collect");
    if (strcmp(opt, "count") == 0) {
        lua_pushnumber(L, (lua_Number)lua_gc(L, LUA_GCCOUNT, 0) +
                              (lua_Number)lua_gc(L, LUA_GCCOUNTB, 0) / 1024.0);
        return 1;
    }
    return luaL_error(L, "blocked function 'collectgarbage(\"%s\")' (only \"count\" is allowed)",
                      opt);
}

/* pcall and xpcall that cannot swallow the sandbox's own stop: once the
 * instruction budget is spent, the error goes on up to the engine. */
static int finish_pcall(lua_State *L, int status, int base)
{
    polis_engine *e = polis_engine_from(L);
    if (status != LUA_OK && e->sb.stop == POLIS_STOP_BUDGET)
        return lua_error(L);
    lua_pushboolean(L, status == LUA_OK);
    lua_insert(L, base);
    return lua_gettop(L) - base + 1;
}

static int sandbox_pcall(lua_State *L)
{
    luaL_checkany(L, 1);
    int status = lua_pcall(L, lua_gettop(L) - 1, LUA_MULTRET, 0);
    return finish_pcall(L, status, 1);
}

static int sandbox_xpcall(lua_State *L)
{
    int n = lua_gettop(L);
    luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_pushvalue(L, 1);                      /* f */
    lua_rotate(L, 3, 1);                      /* msgh f args... -> f after msgh */
    lua_remove(L, 1);                         /* msgh f args */
    int status = lua_pcall(L, n - 2, LUA_MULTRET, 1);
    lua_remove(L, 1);                         /* drop msgh */
    return finish_pcall(L, status, 1);
}

/* load(chunk [, chunkname]): text only, into a fresh sandboxed environment. */
static int sandbox_load(lua_State *L)
{
    size_t len;
    const char *s = luaL_checklstring(L, 1, &len);
    const char *name = luaL_optstring(L, 2, "=(load)");
    if (luaL_loadbufferx(L, s, len, name, "t") != LUA_OK) {
        lua_pushnil(L);
        lua_insert(L, -2);
        return 2;
    }
    sandbox_push_env(L);
    lua_setupvalue(L, -2, 1);
    return 1;
}

static const char *const safe_base[] = {
    "assert", "error", "ipairs", "next", "pairs", "pcall", "select", "tonumber", "tostring",
    "type", "xpcall", "rawequal", "rawlen", "rawget", "rawset", "setmetatable", "getmetatable",
    "_VERSION", NULL,
};

static const char *const safe_os[] = { "clock", "time", "date", "difftime", NULL };

/* Build the table of safe globals from the opened libraries. */
static void sandbox_build_safe(lua_State *L)
{
    lua_newtable(L);                                          /* safe */
    lua_pushglobaltable(L);                                   /* safe G */
    for (const char *const *f = safe_base; *f; f++) {
        lua_getfield(L, -1, *f);
        lua_setfield(L, -3, *f);
    }
    static const char *const libs[] = { "string", "table", "math", "utf8", NULL };
    for (const char *const *lib = libs; *lib; lib++) {
        lua_getfield(L, -1, *lib);
        if (strcmp(*lib, "string") == 0) {                    /* no bytecode out */
            lua_pushnil(L);
            lua_setfield(L, -2, "dump");
        }
        make_readonly_proxy(L);
        lua_setfield(L, -3, *lib);
    }
    /* os: only the clock functions */
    lua_newtable(L);
    lua_getfield(L, -2, "os");
    for (const char *const *f = safe_os; *f; f++) {
        lua_getfield(L, -1, *f);
        lua_setfield(L, -3, *f);
    }
    lua_pop(L, 1);
    lua_createtable(L, 0, 2);                                 /* anything else is blocked */
    lua_pushliteral(L, "os");
    lua_pushcclosure(L, blocked_lib_index, 1);
    lua_setfield(L, -2, "__index");
    lua_pushliteral(L, "locked");
    lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, -2);
    make_readonly_proxy(L);
    lua_setfield(L, -3, "os");
    lua_pop(L, 1);                                            /* G */

    static const char *const blocked_libs[] = { "io", "debug", "package", NULL };
    for (const char *const *lib = blocked_libs; *lib; lib++) {
        push_blocked_lib(L, *lib);
        lua_setfield(L, -2, *lib);
    }
    static const char *const blocked_fns[] = { "dofile", "loadfile", "loadstring", NULL };
    for (const char *const *f = blocked_fns; *f; f++) {
        push_blocked(L, *f);
        lua_setfield(L, -2, *f);
    }
    lua_pushcfunction(L, sandbox_load);
    lua_setfield(L, -2, "load");
    lua_pushcfunction(L, sandbox_pcall);
    lua_setfield(L, -2, "pcall");
    lua_pushcfunction(L, sandbox_xpcall);
    lua_setfield(L, -2, "xpcall");
    lua_pushcfunction(L, polis_sandbox_print);
    lua_setfield(L, -2, "print");
    lua_pushcfunction(L, sandbox_collectgarbage);
    lua_setfield(L, -2, "collectgarbage");
    lua_pushcfunction(L, sandbox_rawset);
    lua_setfield(L, -2, "rawset");
    lua_getfield(L, -1, "setmetatable");
    lua_pushcclosure(L, sandbox_setmetatable, 1);
    lua_setfield(L, -2, "setmetatable");
    lua_pushcfunction(L, sandbox_require);
    lua_setfield(L, -2, "require");
    lua_getfield(L, LUA_REGISTRYINDEX, POLIS_REG_API);       /* scripts get it read-only */
    make_readonly_proxy(L);
    lua_setfield(L, -2, "polis");
    lua_setfield(L, LUA_REGISTRYINDEX, POLIS_REG_SAFE);
}

/* Set-up runs under lua_pcall so that an error while opening is reported. */
static int sandbox_setup(lua_State *L)
{
    polis_engine *e = lua_touserdata(L, 1);
    lua_pushlightuserdata(L, e);
    lua_setfield(L, LUA_REGISTRYINDEX, POLIS_REG_ENGINE);
    luaL_requiref(L, LUA_GNAME, luaopen_base, 1);
    luaL_requiref(L, LUA_STRLIBNAME, luaopen_string, 1);
    luaL_requiref(L, LUA_TABLIBNAME, luaopen_table, 1);
    luaL_requiref(L, LUA_MATHLIBNAME, luaopen_math, 1);
    luaL_requiref(L, LUA_UTF8LIBNAME, luaopen_utf8, 1);
    luaL_requiref(L, LUA_OSLIBNAME, luaopen_os, 1);
    lua_settop(L, 0);
    /* Strings keep their methods ("x":upper()) but their metatable is hidden. */
    lua_pushliteral(L, "");
    lua_getmetatable(L, -1);
    lua_pushliteral(L, "locked");
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 2);

    lua_newtable(L);
    lua_setfield(L, LUA_REGISTRYINDEX, POLIS_REG_MODULES);
    luaL_requiref(L, "polis", polis_open_api, 0);
    lua_setfield(L, LUA_REGISTRYINDEX, POLIS_REG_API);
    sandbox_build_safe(L);
    polis_lua_doc_open(L, e);
    return 0;
}

lua_State *polis_sandbox_open(polis_engine *e)
{
    e->sb.limit = e->cfg.max_memory;
    e->sb.enforce = false;
    const char *bm = getenv("POLIS_BUDGET");  /* "exact": count every call from the start */
    e->sb.exact_only = bm && strcmp(bm, "exact") == 0;
    e->sb.pool = POOL_DISABLED || RUNNING_ON_VALGRIND || getenv("POLIS_LUA_MALLOC")
                     ? NULL
                     : calloc(1, sizeof *e->sb.pool);
    lua_State *L = lua_newstate(sandbox_alloc, &e->sb);
    if (!L) {
        pool_free(e->sb.pool);
        e->sb.pool = NULL;
        return NULL;
    }
    e->L = L;
    *(polis_engine **)lua_getextraspace(L) = e;
    polis_sandbox_budget(e, e->cfg.max_load_instructions);
    /* Rules make many short-lived tables per document (spans, matches) and
     * keep long-lived data (dictionaries' entries, lexicons): the generational
     * collector fits that shape. */
    lua_gc(L, LUA_GCGEN, 0, 0);
    lua_pushcfunction(L, sandbox_setup);
    lua_pushlightuserdata(L, e);
    if (lua_pcall(L, 1, 0, 0) != LUA_OK) {
        polis_log(e, "cannot set up the Lua state: %s", lua_tostring(L, -1));
        polis_sandbox_close(e);
        return NULL;
    }
    return L;
}

void polis_sandbox_close(polis_engine *e)
{
    polis_budget_close(e);
    if (e->L)
        lua_close(e->L);
    e->L = NULL;
    pool_free(e->sb.pool);                    /* every Lua block is free by now */
    e->sb.pool = NULL;
}
