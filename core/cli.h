/*
 * cli.h - the command-line front end: shared types of cli.c (commands and
 * options), cli_input.c (reading documents), cli_run.c (workers and ordered
 * output), cli_format.c (json, jsonl, tsv, text), cli_html.c (html report)
 * and cli_eval.c (polis eval).
 */
#ifndef POLIS_CLI_H
#define POLIS_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <cjson/cJSON.h>

#include "polis.h"

/* Exit codes (documented in README and polis(1)). */
enum {
    EXIT_OK = 0,          /* every record analysed without error */
    EXIT_RECORD_ERRORS = 1, /* output complete, but some records carry errors */
    EXIT_USAGE = 2,       /* bad command line */
    EXIT_RULES = 3,       /* rules failed to load (nothing analysed) */
    EXIT_IO = 4,          /* output could not be written, input path missing */
};

enum cli_input_kind { IN_AUTO, IN_TEXT, IN_JSONL, IN_JSON };
enum cli_format { FMT_AUTO, FMT_JSON, FMT_JSONL, FMT_TSV, FMT_TEXT, FMT_HTML };

typedef struct cli_options {
    enum cli_input_kind input;
    enum cli_format format;
    const char **rules;          /* --rules, in order */
    size_t nrules;
    const char **set_names, **set_values;   /* --set name=value */
    size_t nsets;
    const char **paths;          /* inputs; none = stdin */
    size_t npaths;
    const char *output;          /* -o FILE or NULL for stdout */
    const char *exts;            /* folder walk extensions, comma-separated */
    unsigned flags;              /* POLIS_OUT_* */
    int jobs;
    bool quiet, trace, compact, no_default_rules;
    bool record_errors_ok;       /* --record-errors-ok: records with errors exit 0, not 1 */
    int color;                   /* -1 auto, 0 never, 1 always */
    int profile;                 /* --profile: 0 off, 1 table, 2 json (cfg.profile set too) */
    polis_config cfg;
} cli_options;

/* One input record as it travels reader -> worker -> writer. */
typedef struct cli_record {
    size_t seq;
    char *id, *text, *date, *title;
    size_t len;
    cJSON *meta;
    char *error;                 /* the record could not be read: becomes an error record */
    char *out;                   /* rendered output (worker) */
    size_t out_len;
    char *index_row;             /* html: the record's row in the report index (worker) */
    bool had_errors;
} cli_record;

void cli_record_free(cli_record *r);

/* cli_input.c: a reader yields records from the paths (or stdin) in order. */
typedef struct cli_reader cli_reader;
cli_reader *cli_reader_new(const cli_options *o);
/* A reader over one open stream instead of o->paths (takes ownership of f;
 * name stands for the path in ids and messages; o->input says how to read
 * it, IN_AUTO going by name's extension): for the fuzz tests and embedders. */
cli_reader *cli_reader_from_stream(const cli_options *o, FILE *f, const char *name);
/* Next record (caller frees with cli_record_free), or NULL at the end. */
cli_record *cli_reader_next(cli_reader *r);
bool cli_reader_saw_jsonl(const cli_reader *r);  /* any JSONL input so far */
size_t cli_reader_bytes(const cli_reader *r);     /* bytes read so far */
size_t cli_reader_total_bytes(const cli_reader *r); /* size of all inputs, 0 if unknown */
void cli_reader_free(cli_reader *r);
int cli_reader_status(const cli_reader *r);       /* EXIT_IO when a named path was missing */

/* cli_util.c: a growing string buffer and result accessors for the formats. */
typedef struct cli_buf {
    char *s;
    size_t n, cap;
    bool failed;                /* an allocation failed: the result is dropped */
} cli_buf;
void cli_buf_add(cli_buf *b, const char *s, size_t n);
void cli_buf_str(cli_buf *b, const char *s);
void cli_buf_printf(cli_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* The buffer's string (caller frees) and length, or NULL when an allocation failed. */
char *cli_buf_finish(cli_buf *b, size_t *len);
const char *cli_jstr(const cJSON *o, const char *k);       /* a string field or NULL */
double cli_jnum(const cJSON *o, const char *k, double def); /* a number field or def */
const cJSON *cli_find_item(const cJSON *res, const char *id); /* actor or location by id */


/* cli_format.c: render one result in a format (caller frees). */
char *cli_render(const cli_options *o, enum cli_format f, const cJSON *res, const char *text,
                 size_t len, size_t *out_len);
/* Header/footer of a format for the whole run (may be NULL). */
const char *cli_format_header(enum cli_format f);
bool cli_color_enabled(const cli_options *o);

/* cli_html.c: the report is the header, one section per record (seq: the
 * record's number, for anchors; *index, when not NULL, gets its index row),
 * then the footer, which lists the rows collected with cli_html_index_add.
 * Results are malloc'd strings (caller frees), NULL when out of memory. */
const char *cli_html_header(void);
char *cli_render_html(const cJSON *res, const char *text, size_t len, size_t seq,
                      size_t *out_len, char **index);
typedef struct cli_html_index cli_html_index;
cli_html_index *cli_html_index_new(void);
void cli_html_index_add(cli_html_index *x, char *row, bool had_errors);  /* takes row */
char *cli_html_footer(const cli_html_index *x, size_t *len);
void cli_html_index_free(cli_html_index *x);

/* cli_progress.c: the progress line on stderr (the caller decides whether
 * to show one). Counters may be set from any thread; stop draws the summary
 * line when the run completed and wipes the line otherwise, then frees. */
typedef struct cli_progress cli_progress;
cli_progress *cli_progress_start(size_t total_bytes);   /* total 0: unknown */
void cli_progress_docs(cli_progress *p, size_t docs);   /* documents written */
/* Records and bytes read so far: nothing is shown before the second record,
 * so a single document never gets a progress line. */
void cli_progress_input(cli_progress *p, size_t records, size_t bytes);
void cli_progress_stop(cli_progress *p, bool completed);

/* cli_run.c: analyse everything the reader yields with o->jobs workers and
 * write results in input order. Returns an exit code. */
int cli_run(const cli_options *o, FILE *out);

/* cli_profile.c: --profile. Rows are summed by (stage, name); every call is
 * thread-safe; all accept NULL (profiling off). Printed to f at the end. */
typedef struct cli_profile cli_profile;
cli_profile *cli_profile_new(void);
void cli_profile_add(cli_profile *p, const char *stage, const char *name, uint64_t ns,
                     uint64_t calls, uint64_t items);
void cli_profile_add_engine(cli_profile *p, const polis_engine *e);  /* its profile rows */
void cli_profile_print(cli_profile *p, FILE *f, bool json, int jobs, double wall_s);
void cli_profile_free(cli_profile *p);
uint64_t cli_now_ns(void);

/* cli_eval.c */
int cli_eval_main(int argc, char **argv);
const char *cli_usage_eval(void);

/* cli_test.c */
int cli_test_main(int argc, char **argv);
const char *cli_usage_test(void);

/* cli.c helpers shared by commands */
void cli_options_init(cli_options *o);   /* the defaults */
void cli_options_free(cli_options *o);   /* what parsing allocated */
int cli_parse_common(cli_options *o, int argc, char **argv, int *i, bool *handled);
polis_engine *cli_engine(const cli_options *o, char **err);

#endif
