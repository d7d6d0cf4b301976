/*
 * polis.h - embedding API of polis, a scriptable analysis engine for
 * political news.
 *
 *   polis_config cfg;
 *   polis_config_init(&cfg);
 *   char *err = NULL;
 *   polis_engine *e = polis_engine_new(&cfg, &err);          // loads the default rules
 *   if (!e) { fprintf(stderr, "%s\n", err); free(err); return 1; }
 *   polis_input in = { .id = "doc-1", .text = text, .len = strlen(text) };
 *   char *json = polis_analyze_json(e, &in, 0);              // output contract v1
 *   puts(json);
 *   free(json);
 *   polis_engine_free(e);
 *
 * An engine owns one Lua state and is used by one thread at a time; run one
 * engine per worker thread. Ownership is stated on each prototype.
 * The text core (tokens, sentences, regex, dictionaries, token patterns) is
 * declared in polis_text.h.
 */
#ifndef POLIS_H
#define POLIS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "polis_text.h"

#ifdef __cplusplus
extern "C" {
#endif

#define POLIS_VERSION "0.1.0"
#define POLIS_OUTPUT_VERSION 1     /* version of the output contract */

struct cJSON;                      /* from <cjson/cJSON.h> */

typedef struct polis_engine polis_engine;

typedef struct polis_config {
    size_t max_memory;              /* bytes per Lua state (default 512 MiB) */
    uint64_t max_instructions;      /* Lua instructions per rule per document (default 20M) */
    uint64_t max_load_instructions; /* Lua instructions to load all scripts (default 1000M) */
    size_t max_items;               /* actors+locations+stances+mentions per document (default 100k) */
    size_t max_doc_bytes;           /* longer documents are cut there, with an error (default 16 MiB) */
    bool default_rules;             /* load the default rule folder first (default true) */
    const char *default_rules_dir;  /* NULL: $POLIS_DEFAULT_RULES, next to the binary, or PREFIX */
    bool use_rules_path;            /* also load $POLIS_RULES_PATH (':'-separated; default true) */
    const char *const *option_names;  /* options for polis.option(), set before any script */
    const char *const *option_values; /* loads (see polis_engine_set_option; borrowed) */
    size_t noptions;
    bool allow_analyze;             /* scripts may call polis.analyze(text) (`polis test`) */
    FILE *trace;                    /* when set, one line per emitted item (borrowed) */
    FILE *log;                      /* errors and script print() go here (default stderr; borrowed) */
    bool profile;                   /* time each part and rule (polis_engine_profile) */
} polis_config;

/* Fill cfg with the defaults. */
void polis_config_init(polis_config *cfg);

/* Create an engine: a sandboxed Lua state with the polis API, the default
 * rules (unless cfg->default_rules is false) and $POLIS_RULES_PATH. Returns
 * NULL on failure with a message in *err (caller frees). Borrows cfg. */
polis_engine *polis_engine_new(const polis_config *cfg, char **err);
void polis_engine_free(polis_engine *e);

/* Set an option that scripts read with polis.option(name). A value that names
 * a file may then be read by scripts even outside the rule folders (the user
 * chose it). Call before loading the scripts that read it. Returns 0 or -1. */
int polis_engine_set_option(polis_engine *e, const char *name, const char *value);

/* Load a rule script or every *.lua of a folder (sorted by name; sub-folders
 * hold modules for require and data files). Later rules replace earlier ones
 * of the same name. Returns the number of problems found (0 on success); each
 * is reported to cfg->log as "file:line: message", and when err is not NULL
 * the first also goes to *err (caller frees). */
int polis_engine_load(polis_engine *e, const char *path, char **err);

/* Number of problems the loads so far reported (for `polis check`). */
int polis_engine_problems(const polis_engine *e);

/* Describe the loaded rules: calls fn once per rule, in run order. */
void polis_engine_rules(const polis_engine *e,
                        void (*fn)(const char *stage, const char *name, const char *source,
                                   const char *matcher, void *ud),
                        void *ud);

/* One input document. Everything is borrowed for the duration of the call. */
typedef struct polis_input {
    const char *id;                 /* NULL: "doc" */
    const char *text;               /* may contain invalid UTF-8 and NULs */
    size_t len;
    const char *date;               /* YYYY-MM-DD or NULL */
    const char *title;              /* or NULL */
    const struct cJSON *meta;       /* other input fields, copied under "meta" (or NULL) */
} polis_input;

enum polis_analyze_flag {
    POLIS_OUT_SENTENCES = 1u << 0,  /* add "sentences": [{start,end}] */
    POLIS_OUT_TOKENS    = 1u << 1,  /* add "tokens": [{start,end,text}] */
};

/* Analyse one document into a result in output contract v1. Never fails for
 * bad input: problems are listed in the result's "errors". Returns NULL only
 * when memory runs out. Caller frees with cJSON_Delete. */
struct cJSON *polis_analyze(polis_engine *e, const polis_input *in, unsigned flags);

/* The same, printed as JSON (pretty unless compact; compact JSON is written
 * straight from the results, the fastest way to get it). Caller frees with free(). */
char *polis_analyze_json(polis_engine *e, const polis_input *in, unsigned flags, bool compact);

/* An error record for an input that could not be read at all (a malformed
 * JSONL line, an unreadable file): {"id", "errors":[{"kind":"input",...}]}
 * with empty actors, locations and stances. Caller frees with cJSON_Delete. */
struct cJSON *polis_error_record(const char *id, const char *message);

/* Results reported by test scripts with polis.report (test mode only). */
void polis_engine_test_counts(const polis_engine *e, size_t *passed, size_t *failed);

/* Number of errors in the result of the document analysed last. */
size_t polis_engine_last_errors(const polis_engine *e);

/* Number of documents analysed so far whose result had errors. */
uint64_t polis_engine_error_count(const polis_engine *e);

/* Where the time went (cfg->profile): one row per part, summed over every
 * document the engine analysed. stage is "core" (names "prepare": copying and
 * checking the text, items = bytes; "tokenize": items = tokens; "sentences":
 * items = sentences), a
 * rule stage (name = the rule, items = matches handed to its emit), "output"
 * (building the result) or "lua" (name = "file.lua:LINE function": time
 * sampled every 1000 Lua instructions, calls = samples, items = instructions;
 * time of C functions it calls included). Rows stay valid until the next
 * polis_analyze or polis_engine_free. Returns the number of rows (0 when
 * profiling is off). */
typedef struct polis_profile_row {
    const char *stage;
    const char *name;
    uint64_t ns;                    /* wall-clock nanoseconds */
    uint64_t calls;                 /* documents (lua rows: samples) */
    uint64_t items;
} polis_profile_row;
size_t polis_engine_profile(const polis_engine *e, const polis_profile_row **rows);

#ifdef __cplusplus
}
#endif
#endif /* POLIS_H */
