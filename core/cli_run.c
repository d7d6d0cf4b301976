/*
 * cli_run.c - analyse a stream of records with N worker threads and write the
 * results in input order.
 *
 * The reader (this thread) fills a ring of slots; workers, each with its own
 * engine and Lua state, claim the next filled slot, analyse and render it; a
 * writer thread writes finished slots in sequence and frees them. The ring
 * bounds the records in flight, by count and by bytes, so memory stays flat
 * however long the stream, and the output is the same for any number of
 * workers. The ring is deep (RING_PER_WORKER slots a worker) because output
 * goes in input order: while one worker reads a long article the others go
 * on with the records after it, and with a shallow ring (4 a worker) they
 * soon found it full of finished records waiting for that one and idled
 * (4% of the workers' time at -j 2 over the BBC corpus). Each record
 * is flushed as it is written, so polis works as a stdin-to-stdout filter;
 * a closed output pipe ends the run quietly, any other write error with a
 * message, both with exit status 4 (the output is incomplete). The writer
 * also feeds the progress line (cli_progress.c) and the html report's index
 * (cli_html.c).
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

enum slot_state { SLOT_EMPTY, SLOT_FILLED, SLOT_DONE };

typedef struct slot {
    cli_record *rec;
    enum slot_state state;
} slot;

/* How deep the ring is: slots a worker, and bytes of input in flight (a
 * budget that many long records reach first; each worker is still given a
 * record to read, however long). */
#define RING_PER_WORKER 64
#define RING_BYTES      ((size_t)8 << 20)

typedef struct pool {
    const cli_options *o;
    enum cli_format format;
    FILE *out;
    pthread_mutex_t mu;
    /* Three conditions, so that each change wakes only the thread that waits
     * for it (one condition for all woke every thread for every record:
     * 14-21k context switches at -j 2 over the BBC corpus, now 5.5k): */
    pthread_cond_t work;              /* workers: a filled slot to claim, the end, abort */
    pthread_cond_t done;              /* writer: the next slot in order is done, the end */
    pthread_cond_t space;             /* reader: a free slot in the ring */
    slot *ring;
    size_t q;
    size_t read_seq, claim_seq, write_seq;
    size_t inflight_bytes;            /* input bytes of the records read and not yet written */
    size_t jobs;
    bool eof, abort;
    polis_engine *first_engine;       /* made by the main thread; worker 0 uses it */
    size_t docs_with_errors;
    int worker_fail;                  /* a worker could not make its engine */
    int write_errno;                  /* why writing the output failed (writer thread) */
    cli_progress *progress;           /* NULL: no progress line */
    cli_profile *prof;                /* --profile, else NULL */
} pool;

/* Has the ring no room for one more record (p->mu held)? */
static bool ring_full(const pool *p)
{
    size_t n = p->read_seq - p->write_seq;
    return n >= p->q || (p->inflight_bytes >= RING_BYTES && n > p->jobs);
}

/* Is the ring drained enough to wake the reader, which then refills it at
 * once (p->mu held)? Always true when no more than one record a worker is
 * left, so a reader that waits is always woken. */
static bool ring_low(const pool *p)
{
    size_t n = p->read_seq - p->write_seq;
    return n <= p->jobs || (n <= p->q / 2 && p->inflight_bytes <= RING_BYTES / 2);
}

/* Stop every thread (p->mu held): the output failed. */
static void abort_all(pool *p)
{
    p->abort = true;
    pthread_cond_broadcast(&p->work);
    pthread_cond_broadcast(&p->done);
    pthread_cond_broadcast(&p->space);
}

static const char *const format_names[] = { "auto", "json", "jsonl", "tsv", "text", "html" };

/* Analyse and render one record (on a worker); with --profile the rendering
 * time is added to *render_ns. */
static void process(pool *p, polis_engine *e, cli_record *rec, uint64_t *render_ns)
{
    if (p->format == FMT_JSONL && !rec->error) {
        /* The fast path: the engine writes the line itself, with no cJSON tree. */
        polis_input in = { rec->id, rec->text, rec->len, rec->date, rec->title, rec->meta };
        size_t len = 0;
        char *line = polis_analyze_json(e, &in, p->o->flags, true);
        if (line) {
            len = strlen(line);
            char *v = realloc(line, len + 2);
            if (v) {
                v[len++] = '\n';
                v[len] = '\0';
                line = v;
            } else {
                free(line);
                line = NULL;
            }
        }
        if (line) {
            rec->had_errors = polis_engine_last_errors(e) > 0;
            rec->out = line;
            rec->out_len = len;
            free(rec->text);
            rec->text = NULL;
            return;
        }
    }
    cJSON *res;
    if (rec->error) {
        res = polis_error_record(rec->id, rec->error);
        fprintf(stderr, "polis: %s\n", rec->error);
    } else {
        polis_input in = { rec->id, rec->text, rec->len, rec->date, rec->title, rec->meta };
        res = polis_analyze(e, &in, p->o->flags);
    }
    if (!res) {
        res = polis_error_record(rec->id, "out of memory");
    }
    const cJSON *errs = cJSON_GetObjectItemCaseSensitive(res, "errors");
    rec->had_errors = cJSON_GetArraySize(errs) > 0;
    uint64_t t0 = p->prof ? cli_now_ns() : 0;
    if (p->format == FMT_HTML)
        rec->out = cli_render_html(res, rec->text, rec->len, rec->seq, &rec->out_len,
                                   &rec->index_row);
    else
        rec->out = cli_render(p->o, p->format, res, rec->text, rec->len, &rec->out_len);
    cJSON_Delete(res);
    if (p->prof)
        *render_ns += cli_now_ns() - t0;
    free(rec->text);                  /* the input is no longer needed */
    rec->text = NULL;
}

typedef struct worker_arg {
    pool *p;
    int index;
} worker_arg;

static void *worker_main(void *arg)
{
    worker_arg *wa = arg;
    pool *p = wa->p;
    polis_engine *e = NULL;
    uint64_t render_ns = 0, wait_ns = 0, docs = 0, t0 = 0;
    if (wa->index == 0) {
        e = p->first_engine;
    } else {
        char *err = NULL;
        t0 = p->prof ? cli_now_ns() : 0;
        e = cli_engine(p->o, &err);
        if (p->prof)
            cli_profile_add(p->prof, "startup", "engine (per worker)", cli_now_ns() - t0, 1, 0);
        if (!e) {
            fprintf(stderr, "polis: worker %d: %s\n", wa->index, err ? err : "cannot start");
            free(err);
            pthread_mutex_lock(&p->mu);
            p->worker_fail = 1;
            pthread_mutex_unlock(&p->mu);
        }
    }
    for (;;) {
        pthread_mutex_lock(&p->mu);
        t0 = p->prof ? cli_now_ns() : 0;
        while (p->claim_seq == p->read_seq && !p->eof && !p->abort)
            pthread_cond_wait(&p->work, &p->mu);
        if (p->prof)
            wait_ns += cli_now_ns() - t0;
        if (p->abort || (p->claim_seq == p->read_seq && p->eof) || !e) {
            pthread_mutex_unlock(&p->mu);
            break;
        }
        size_t s = p->claim_seq++;
        cli_record *rec = p->ring[s % p->q].rec;
        pthread_mutex_unlock(&p->mu);

        process(p, e, rec, &render_ns);
        docs++;

        pthread_mutex_lock(&p->mu);
        p->ring[s % p->q].state = SLOT_DONE;
        if (s == p->write_seq)                /* the one the writer waits for */
            pthread_cond_signal(&p->done);
        pthread_mutex_unlock(&p->mu);
    }
    if (p->prof) {
        char name[64];
        snprintf(name, sizeof name, "render (%s)", format_names[p->format]);
        cli_profile_add_engine(p->prof, e);
        cli_profile_add(p->prof, "output", name, render_ns, docs, 0);
        cli_profile_add(p->prof, "wait", "workers waiting for input", wait_ns, 0, 0);
    }
    polis_engine_free(e);
    return NULL;
}

/* Write s[0..len) and flush; false when the output failed, with its errno
 * kept in *err (the first failure wins). */
static bool write_out(FILE *f, const char *s, size_t len, int *err)
{
    errno = 0;
    if ((len && fwrite(s, 1, len, f) != len) || fflush(f) != 0) {
        if (!*err)
            *err = errno ? errno : EIO;
        return false;
    }
    return true;
}

static void *writer_main(void *arg)
{
    pool *p = arg;
    const char *header = cli_format_header(p->format);
    cli_html_index *index = p->format == FMT_HTML ? cli_html_index_new() : NULL;
    bool ok = true;
    if (header)                               /* also for an empty run: a valid page */
        ok = write_out(p->out, header, strlen(header), &p->write_errno);
    for (;;) {
        pthread_mutex_lock(&p->mu);
        while (!(p->write_seq < p->read_seq && p->ring[p->write_seq % p->q].state == SLOT_DONE) &&
               !(p->eof && p->write_seq == p->read_seq) && !p->abort)
            pthread_cond_wait(&p->done, &p->mu);
        if (p->abort || (p->eof && p->write_seq == p->read_seq)) {
            pthread_mutex_unlock(&p->mu);
            break;
        }
        slot *sl = &p->ring[p->write_seq % p->q];
        cli_record *rec = sl->rec;
        pthread_mutex_unlock(&p->mu);

        uint64_t t0 = p->prof ? cli_now_ns() : 0;
        if (ok && rec->out)
            ok = write_out(p->out, rec->out, rec->out_len, &p->write_errno);
        if (p->prof)
            cli_profile_add(p->prof, "writer", "write output (own thread)", cli_now_ns() - t0, 1,
                            0);
        if (index) {
            cli_html_index_add(index, rec->index_row, rec->had_errors);
            rec->index_row = NULL;
        }
        size_t errs = rec->had_errors ? 1 : 0;
        size_t bytes = rec->len;
        cli_record_free(rec);

        pthread_mutex_lock(&p->mu);
        p->docs_with_errors += errs;
        sl->rec = NULL;
        sl->state = SLOT_EMPTY;
        p->write_seq++;
        p->inflight_bytes -= bytes;
        cli_progress_docs(p->progress, p->write_seq);
        if (!ok)
            abort_all(p);                     /* the reader of our output went away */
        else if (ring_low(p))
            pthread_cond_signal(&p->space);
        pthread_mutex_unlock(&p->mu);
        if (!ok)
            break;
    }
    if (ok && index) {
        size_t len;
        char *footer = cli_html_footer(index, &len);
        ok = footer && write_out(p->out, footer, len, &p->write_errno);
        free(footer);
    }
    cli_html_index_free(index);
    if (!ok) {
        pthread_mutex_lock(&p->mu);
        abort_all(p);
        pthread_mutex_unlock(&p->mu);
    }
    return NULL;
}

int cli_run(const cli_options *o, FILE *out)
{
    char *err = NULL;
    uint64_t start = cli_now_ns();
    polis_engine *e = cli_engine(o, &err);
    if (!e) {
        fprintf(stderr, "polis: %s\n", err ? err : "cannot start the engine");
        free(err);
        return EXIT_RULES;
    }
    if (polis_engine_problems(e) > 0) {
        fprintf(stderr, "polis: %d problem%s loading the rules (see above); nothing analysed. "
                        "`polis check PATH` lists them.\n",
                polis_engine_problems(e), polis_engine_problems(e) == 1 ? "" : "s");
        free(err);
        polis_engine_free(e);
        return EXIT_RULES;
    }
    free(err);
    cli_reader *reader = cli_reader_new(o);
    if (!reader) {
        polis_engine_free(e);
        return EXIT_IO;
    }
    signal(SIGPIPE, SIG_IGN);

    pool p;
    memset(&p, 0, sizeof p);
    if (o->profile) {
        p.prof = cli_profile_new();
        cli_profile_add(p.prof, "startup", "engine (per worker)", cli_now_ns() - start, 1, 0);
    }
    p.o = o;
    p.out = out;
    p.first_engine = e;
    int jobs = o->jobs > 0 ? o->jobs : 1;
    p.jobs = (size_t)jobs;
    p.q = (size_t)jobs * RING_PER_WORKER + 4;
    p.ring = calloc(p.q, sizeof *p.ring);
    pthread_mutex_init(&p.mu, NULL);
    pthread_cond_init(&p.work, NULL);
    pthread_cond_init(&p.done, NULL);
    pthread_cond_init(&p.space, NULL);

    /* The automatic format is json for a single document and jsonl
     * otherwise, so it may need a second record read ahead; nothing else
     * does: a stream in a chosen format, or in JSON Lines, is never held
     * back waiting for its next record. */
    cli_record *first = cli_reader_next(reader), *second = NULL;
    bool peeked = false;
    p.format = o->format;
    if (p.format == FMT_AUTO && first && !cli_reader_saw_jsonl(reader)) {
        second = cli_reader_next(reader);
        peeked = true;
    }
    if (p.format == FMT_AUTO)
        p.format = (second || cli_reader_saw_jsonl(reader)) ? FMT_JSONL : FMT_JSON;
    if (!o->quiet && isatty(STDERR_FILENO) && first)   /* shown from the second record on */
        p.progress = cli_progress_start(cli_reader_total_bytes(reader));

    pthread_t *workers = calloc((size_t)jobs, sizeof *workers);
    worker_arg *args = calloc((size_t)jobs, sizeof *args);
    pthread_t writer;
    if (!p.ring || !workers || !args) {
        fprintf(stderr, "polis: out of memory\n");
        return EXIT_IO;
    }
    for (int i = 0; i < jobs; i++) {
        args[i] = (worker_arg){ &p, i };
        pthread_create(&workers[i], NULL, worker_main, &args[i]);
    }
    pthread_create(&writer, NULL, writer_main, &p);

    uint64_t read_ns = 0;
    for (int k = 0;; k++) {
        uint64_t t0 = p.prof ? cli_now_ns() : 0;
        cli_record *rec = k == 0 ? first : k == 1 && peeked ? second : cli_reader_next(reader);
        if (p.prof)
            read_ns += cli_now_ns() - t0;
        if (!rec)
            break;
        pthread_mutex_lock(&p.mu);
        while (ring_full(&p) && !p.abort)
            pthread_cond_wait(&p.space, &p.mu);
        if (p.abort) {
            pthread_mutex_unlock(&p.mu);
            cli_record_free(rec);
            if (k == 0)
                cli_record_free(second);
            break;
        }
        rec->seq = p.read_seq;
        p.ring[p.read_seq % p.q] = (slot){ rec, SLOT_FILLED };
        p.read_seq++;
        p.inflight_bytes += rec->len;
        cli_progress_input(p.progress, p.read_seq, cli_reader_bytes(reader));
        pthread_cond_signal(&p.work);
        pthread_mutex_unlock(&p.mu);
    }
    pthread_mutex_lock(&p.mu);
    p.eof = true;
    pthread_cond_broadcast(&p.work);
    pthread_cond_signal(&p.done);
    pthread_mutex_unlock(&p.mu);

    for (int i = 0; i < jobs; i++)
        pthread_join(workers[i], NULL);
    pthread_join(writer, NULL);
    cli_progress_stop(p.progress, !p.abort);
    if (p.prof) {
        cli_profile_add(p.prof, "reader", "read + parse input (own thread)", read_ns, 0, 0);
        cli_profile_print(p.prof, stderr, o->profile == 2, jobs,
                          (double)(cli_now_ns() - start) / 1e9);
        cli_profile_free(p.prof);
    }

    int code = EXIT_OK;
    if (p.docs_with_errors > 0)
        code = EXIT_RECORD_ERRORS;
    if (cli_reader_status(reader) != 0)
        code = cli_reader_status(reader);
    if (p.worker_fail)
        code = EXIT_RULES;
    if (p.write_errno) {                      /* the output is incomplete: never exit 0 */
        if (p.write_errno != EPIPE)           /* a reader that went away needs no message */
            fprintf(stderr, "polis: cannot write the output: %s\n", strerror(p.write_errno));
        code = EXIT_IO;
    }
    for (size_t i = 0; i < p.q; i++)
        cli_record_free(p.ring[i].rec);
    free(p.ring);
    free(workers);
    free(args);
    cli_reader_free(reader);
    pthread_mutex_destroy(&p.mu);
    pthread_cond_destroy(&p.work);
    pthread_cond_destroy(&p.done);
    pthread_cond_destroy(&p.space);
    return code;
}
