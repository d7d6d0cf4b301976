/*
 * engine.h - private structures of the rule engine, shared by engine.c
 * (lifecycle, running rules), sandbox.c (the Lua state), rules.c (loading and
 * validating rules), results.c (what rules emit), lua_text.c and lua_doc.c
 * (bindings) and output.c (JSON).
 */
#ifndef POLIS_ENGINE_H
#define POLIS_ENGINE_H

#include <pthread.h>
#include <signal.h>
#include <time.h>

#include <lua.h>
#include <lauxlib.h>

#include "polis.h"

/* RUNNING_ON_VALGRIND: true under valgrind (when its header is installed), where the
 * sandbox's pool allocator and the budget's fast mode are off, so that valgrind sees every
 * Lua block and counts stay exact. */
#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#endif
#endif
#ifndef RUNNING_ON_VALGRIND
#define RUNNING_ON_VALGRIND 0
#endif

/* Registry keys (light userdata addresses would do; strings read better). */
#define POLIS_REG_API      "polis.api"       /* the table require "polis" returns */
#define POLIS_REG_SAFE     "polis.safe"      /* allowed globals, shared by every script env */
#define POLIS_REG_MODULES  "polis.modules"   /* require cache */
#define POLIS_REG_ENGINE   "polis.engine"    /* light userdata: the engine */
#define POLIS_REG_MACROS   "polis.macros"    /* <name> -> pattern source (polis.macro) */

/* Userdata type names. */
#define POLIS_T_DOC     "polis.doc"
#define POLIS_T_REGEX   "polis.regex"
#define POLIS_T_DICT    "polis.dict"
#define POLIS_T_PATTERN "polis.pattern"

enum polis_matcher { POLIS_M_PATTERN, POLIS_M_REGEX, POLIS_M_DICT, POLIS_M_RUN };

typedef struct polis_rule {
    char *name;
    uint32_t stage;             /* index into engine->stages */
    enum polis_matcher kind;
    polis_tpat *pat;            /* owned (POLIS_M_PATTERN) */
    polis_regex *re;            /* owned by the engine's regex cache */
    int matcher_ref;            /* registry ref keeping the regex/dict/pattern userdata alive */
    const polis_dict *dict;     /* POLIS_M_DICT, owned by its userdata */
    int fn_ref;                 /* registry ref: emit or run function */
    char *source;               /* "file:line" where the rule was declared */
    char *matcher_text;         /* the pattern or regex source, for `polis rules` */
    bool overlap;
    bool disabled;
    size_t order;               /* declaration order, for stable sorting */
    size_t prof_row;            /* profile row + 1 (0: not yet made) */
} polis_rule;

typedef struct polis_stage {
    char *name;
} polis_stage;

/* Why the current Lua call failed, when it was the sandbox that stopped it. */
enum polis_stop {
    POLIS_STOP_NONE = 0,
    POLIS_STOP_BUDGET,          /* instruction budget exhausted */
    POLIS_STOP_MEMORY,          /* memory cap reached */
};

typedef struct polis_sandbox {
    size_t used, limit;         /* bytes allocated by Lua and its cap */
    size_t peak;
    uint64_t budget_left;       /* instructions left in the current call */
    enum polis_stop stop;
    bool enforce;               /* caps apply (off while the engine itself sets up) */
    struct sandbox_pool *pool;  /* small blocks of this Lua state (sandbox.c), or NULL */
    /* budget.c: a call that runs uncounted for a grace period (the fast mode) */
    bool fast;                  /* the current call started in the fast mode */
    volatile sig_atomic_t counting;   /* the hook counts (read by a signal handler) */
    bool exact_only;            /* POLIS_BUDGET=exact: never the fast mode */
    uint64_t fast_start_ns;     /* CLOCK_MONOTONIC at the fast call's start */
    uint64_t uncounted_ns;      /* how long it ran before the hook was set */
    volatile uint64_t fired_ns; /* when the timer's signal set it (signal handler), or 0 */
    bool has_timer;
    timer_t timer;              /* signals timer_thread */
    pthread_t timer_thread;
} polis_sandbox;

/* One error of the current document. */
typedef struct polis_doc_error {
    char *kind;                 /* input | rule | limit | memory */
    char *rule;                 /* or NULL */
    char *where;                /* file:line or NULL */
    char *message;
} polis_doc_error;

struct polis_engine {
    polis_config cfg;
    lua_State *L;
    polis_sandbox sb;

    polis_symtab *labels;       /* annotation labels */
    uint32_t label_actor, label_location;
    polis_regex_cache *recache;
    polis_regex_ctx *rectx;
    polis_tpat_ctx *tpctx;
    polis_abbrevs *abbrevs;

    polis_rule *rules;
    size_t nrules, rules_cap, rules_declared;
    polis_stage *stages;
    size_t nstages;

    char *lib_dir;              /* the default rules folder: "polis.*" modules resolve here */
    char **roots;               /* rule folders (real paths): require and data files resolve inside */
    size_t nroots;
    char **opt_names, **opt_values;   /* polis.option values */
    size_t nopts;
    char **allowed_files;       /* real paths of files named by options */
    size_t nallowed;
    char *loading_file;         /* script being loaded, for rule sources */
    int problems;               /* load problems so far */

    /* The document being analysed. */
    bool in_doc;
    polis_doc doc;
    char *textbuf;              /* sanitized copy of the input text */
    size_t textbuf_cap;
    const polis_input *input;
    char *doc_date;             /* the document date (input or set by a rule) */
    int doc_ref;                /* registry ref: the doc userdata (reused) */
    void *doc_ud;               /* its address, to recognise it without a registry lookup */
    int res_ref;                /* registry ref: result tables of this document */
    size_t nitems;              /* items and mentions emitted (capped by max_items) */
    const polis_rule *current;  /* rule running now, or NULL */
    struct polis_jentry *jr;    /* the running rule's changes, to undo them (results.c) */
    size_t njr, jr_cap;
    polis_doc_error *errors;
    size_t nerrors, errors_cap;
    uint64_t docs_with_errors;
    size_t tests_passed, tests_failed;   /* polis.report in `polis test` */
    /* per-document regex memo: each regex runs once per document */
    struct polis_re_memo *memo;
    size_t nmemo, memo_cap;
    uint64_t matches;           /* matches the current rule handed to its emit */
    bool doc_exact;             /* this pass over the document counts every instruction */
    bool doc_ambiguous;         /* a fast call could not tell whether its budget held */
    bool defer_log;             /* rules run: their errors are logged when the last pass ends */
    struct polis_prof *prof;    /* cfg.profile: time per part (profile.c), else NULL */
};

/* sandbox.c */
lua_State *polis_sandbox_open(polis_engine *e);
void polis_sandbox_close(polis_engine *e);        /* lua_close, then the allocator's pool */
/* budget.c: the instruction budget of a call. polis_sandbox_budget counts
 * every instruction; polis_budget_fast runs the call uncounted for a grace
 * period when it can (true), and polis_budget_fast_end then says whether the
 * call's outcome is the one exact counting gives (true), or the document must
 * be analysed again with every call under polis_sandbox_budget (false;
 * engine.c). */
void polis_sandbox_budget(polis_engine *e, uint64_t instructions);
bool polis_budget_fast(polis_engine *e, uint64_t instructions);
bool polis_budget_fast_end(polis_engine *e);
void polis_budget_close(polis_engine *e);         /* the timer, if any */
void polis_sandbox_hook(lua_State *L, lua_Debug *ar);
/* Back to a call's budget after a nested analysis (polis.analyze in tests). */
void polis_sandbox_restore(polis_engine *e, const polis_sandbox *saved);
/* Charge C work done for a script to the running call's budget; false when
 * it is spent (free, then raise). Units: one per 16 bytes or token scanned,
 * 16 per table made for the script. */
bool polis_sandbox_charge(lua_State *L, polis_engine *e, uint64_t units);
#define POLIS_CHARGE_BYTES(n) ((uint64_t)(n) / 16 + 1)
#define POLIS_CHARGE_ITEMS(n) ((uint64_t)(n) * 16)
/* Run a script file in its own environment (text mode only). Pushes nothing;
 * returns 0 or -1 with the message on the stack. */
int polis_sandbox_dofile(polis_engine *e, const char *path);
/* Resolve a path given by a script to a readable file inside a rule root (or
 * an allowed file). `level` is the Lua stack level of the calling script.
 * Returns a malloc'd real path or NULL with a Lua error raised. */
char *polis_sandbox_resolve(lua_State *L, polis_engine *e, const char *path, int level);
/* Call the function on the stack top-nargs-1 with nargs arguments under
 * lua_pcall with a traceback handler; results are dropped. Returns LUA_OK or
 * an error status with the message on the stack. */
int polis_sandbox_call(polis_engine *e, int nargs);
polis_engine *polis_engine_from(lua_State *L);
int polis_sandbox_print(lua_State *L);           /* print and polis.log */

/* rules.c */
int polis_open_api(lua_State *L);                 /* lua_CFunction: pushes the polis module */
void polis_rules_free(polis_engine *e);
int polis_stage_index(polis_engine *e, const char *name);
void polis_rules_sort(polis_engine *e);

/* lua_text.c: userdata classes for regex, dict and pattern; helpers for rules.c */
void polis_lua_text_open(lua_State *L);          /* adds constructors to the table on top */
polis_regex *polis_lua_toregex(lua_State *L, int idx);      /* or NULL */
polis_dict *polis_lua_todict(lua_State *L, int idx);        /* or NULL */
polis_tpat *polis_lua_topattern(lua_State *L, int idx);     /* or NULL */
bool polis_lua_pin(lua_State *L, int idx);   /* dict/pattern kept by C: close refuses */
/* Compile a pattern source with vars (a table index or 0) for @names and
 * <macros>; NULL with a message in err on failure. Caller frees the result. */
polis_tpat *polis_lua_compile_pattern(lua_State *L, polis_engine *e, const char *src,
                                      int vars_idx, char *err, size_t errlen);
/* Push { match, ... } of dictionary d (userdata at dict_idx) over tokens [from, to). */
void polis_lua_dict_hits(lua_State *L, polis_engine *e, int dict_idx, const polis_dict *d,
                         size_t from, size_t to);
/* Push the attribute table of a dictionary entry (cached per dictionary). */
void polis_lua_push_entry(lua_State *L, int dict_idx, const polis_dict *d, int32_t entry);

void polis_lua_push_tmatch(lua_State *L, polis_engine *e, const polis_tpat *p,
                           const polis_tpat_match *m);   /* a pattern match as a span table */
uint32_t polis_flag_by_name(const char *name);            /* "cap" -> POLIS_TOK_CAP, or 0 */
void polis_lua_push_flags(lua_State *L, uint32_t flags);  /* { cap = true, ... } */

/* lua_doc.c: the document object handed to rules */
/* The engine, after checking that argument idx is the document and that a
 * document is being analysed (raises otherwise). */
polis_engine *polis_lua_check_doc(lua_State *L, int idx);
void polis_lua_doc_open(lua_State *L, polis_engine *e);    /* creates e->doc_ref */
/* Push a span table for tokens [first, last) (0-based, exclusive). */
void polis_lua_push_span(lua_State *L, polis_engine *e, size_t first, size_t last);
/* Read a span argument (a table with first/last or start/stop); 0-based [first,last). */
bool polis_lua_get_span(lua_State *L, polis_engine *e, int idx, size_t *first, size_t *last);

/* results.c: what rules emit */
void polis_results_open(lua_State *L);           /* adds doc:actor etc. to the doc methods on top */
void polis_results_reset(polis_engine *e);       /* fresh result tables for a document */
size_t polis_results_mark(polis_engine *e);      /* journal position before a rule runs */
void polis_results_forget(polis_engine *e);      /* a rule succeeded: its journal goes */
void polis_results_rollback(polis_engine *e, size_t mark, size_t annots_mark);
/* Id string of the item an annotation points to ("a3", "l2"), following merges. */
void polis_results_push_item_id(lua_State *L, polis_engine *e, uint32_t label, int32_t item);

/* profile.c: all but polis_now_ns need e->prof (profiling on) */
uint64_t polis_now_ns(void);
int polis_prof_open(polis_engine *e);
void polis_prof_free(polis_engine *e);
size_t polis_prof_row(polis_engine *e, const char *stage, const char *name);   /* SIZE_MAX: oom */
void polis_prof_add(polis_engine *e, size_t row, uint64_t ns, uint64_t items);
void polis_prof_rule_start(polis_engine *e, uint64_t now);
void polis_prof_rule_end(polis_engine *e);
void polis_prof_load_start(polis_engine *e, const char *path);   /* a rule script loads */
void polis_prof_load_end(polis_engine *e);
void polis_prof_lua_hook(polis_engine *e, lua_State *L, lua_Debug *ar, unsigned instructions);

/* output.c */
struct cJSON *polis_output_build(polis_engine *e, unsigned flags);
/* The same as compact JSON text (what cJSON_PrintUnformatted prints for the
 * tree), written without a tree; caller frees. NULL when memory runs out. */
char *polis_output_text(polis_engine *e, unsigned flags, size_t *len);

/* Each regex runs at most once per document, however many rules use it:
 * its matches are kept here until the next document (n == SIZE_MAX: unused). */
struct polis_re_memo {
    const polis_regex *re;
    polis_span *spans;          /* n matches x (ngroups + 1) spans */
    size_t n, cap;
};

/* loader.c */
char *polis_find_default_rules(const polis_config *cfg);   /* malloc'd path or NULL */

/* run_rule.c */
void polis_run_rule(polis_engine *e, polis_rule *r);
void polis_memo_clear(polis_engine *e);                    /* before each document */

/* engine.c */
void polis_doc_add_error(polis_engine *e, const char *kind, const char *rule, const char *where,
                         const char *message);
void polis_log(polis_engine *e, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
char *polis_strdup(const char *s);

#endif /* POLIS_ENGINE_H */
