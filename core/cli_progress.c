/*
 * cli_progress.c - the progress line of a multi-document run, on stderr.
 *
 * The run reports what it has done (documents written; records and input
 * bytes read) through atomic counters, which costs the workers nothing; a
 * small thread redraws the line five times a second from them, so the clock
 * and the rate move even while one long document is being analysed. Nothing
 * is drawn before a second record is read: one document has no progress line.
 * The line shows documents, megabytes, MB/s and, when the input's size is
 * known up front (files and folders, not stdin), a bar, the percentage and
 * the time left. The caller decides whether to show it at all (stderr is a
 * terminal, no -q); cli_progress_stop ends with a summary line, or wipes the
 * line when the run was cut short.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

#define REDRAW_NS 200000000L      /* at most five redraws a second */

struct cli_progress {
    atomic_size_t docs, records, bytes;   /* written; read; read */
    size_t total_bytes;           /* 0: unknown */
    double t0;
    size_t drawn;                 /* width of the line on screen */
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool stop, started;
};

static double mono_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void clock_str(char *buf, size_t n, double secs)
{
    long s = secs > 0 ? (long)(secs + 0.5) : 0;
    if (s >= 3600)
        snprintf(buf, n, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
    else
        snprintf(buf, n, "%ld:%02ld", s / 60, s % 60);
}

static size_t term_width(void)
{
    struct winsize ws;
    if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
        return ws.ws_col;
    return 80;
}

/* Write the line over the previous one: "\r", the text, then blanks over the
 * rest of the old line and backspaces to the end of the text. A last line
 * (newline) blanks the old one first, so that it ends without blanks. No
 * escape sequences: this works on any terminal. */
static void put_line(cli_progress *p, const char *line, bool newline)
{
    char buf[2200];
    size_t width = term_width() - 1, n = strlen(line), len = 0;
    if (n > width)
        n = width;
    if (n > 500)
        n = 500;
    if (newline && p->drawn) {
        buf[len++] = '\r';
        memset(buf + len, ' ', p->drawn);
        len += p->drawn;
    }
    size_t pad = !newline && p->drawn > n ? p->drawn - n : 0;
    buf[len++] = '\r';
    memcpy(buf + len, line, n);
    len += n;
    memset(buf + len, ' ', pad);
    len += pad;
    memset(buf + len, '\b', pad);
    len += pad;
    if (newline)
        buf[len++] = '\n';
    fwrite(buf, 1, len, stderr);
    fflush(stderr);
    p->drawn = newline ? 0 : n;
}

static void draw(cli_progress *p)
{
    size_t docs = atomic_load(&p->docs), bytes = atomic_load(&p->bytes);
    double t = mono_now() - p->t0;
    double mb = (double)bytes / 1e6, rate = t > 0.05 ? mb / t : 0;
    char line[256], when[32];
    int n = 0;
    if (p->total_bytes) {
        double frac = (double)bytes / (double)p->total_bytes;
        if (frac > 1)
            frac = 1;
        char bar[21];
        int full = (int)(frac * 20);
        for (int i = 0; i < 20; i++)
            bar[i] = i < full ? '#' : '.';
        bar[20] = '\0';
        n += snprintf(line + n, sizeof line - (size_t)n, "[%s] %3.0f%%  %zu doc%s  %.1f/%.1f MB",
                      bar, frac * 100, docs, docs == 1 ? "" : "s", mb,
                      (double)p->total_bytes / 1e6);
    } else {
        n += snprintf(line + n, sizeof line - (size_t)n, "%zu doc%s  %.1f MB", docs,
                      docs == 1 ? "" : "s", mb);
    }
    n += snprintf(line + n, sizeof line - (size_t)n, "  %.2f MB/s", rate);
    if (p->total_bytes && rate > 0 && t >= 1 && bytes < p->total_bytes) {
        clock_str(when, sizeof when, ((double)p->total_bytes / 1e6 - mb) / rate);
        snprintf(line + n, sizeof line - (size_t)n, "  ETA %s", when);
    } else {
        clock_str(when, sizeof when, t);
        snprintf(line + n, sizeof line - (size_t)n, "  %s", when);
    }
    put_line(p, line, false);
}

static void *progress_main(void *arg)
{
    cli_progress *p = arg;
    pthread_mutex_lock(&p->mu);
    while (!p->stop) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += REDRAW_NS;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&p->cv, &p->mu, &until);
        if (!p->stop && atomic_load(&p->records) >= 2)   /* a multi-document run */
            draw(p);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

cli_progress *cli_progress_start(size_t total_bytes)
{
    cli_progress *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    atomic_init(&p->docs, 0);
    atomic_init(&p->records, 0);
    atomic_init(&p->bytes, 0);
    p->total_bytes = total_bytes;
    p->t0 = mono_now();
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->cv, NULL);
    p->started = pthread_create(&p->thread, NULL, progress_main, p) == 0;
    return p;
}

void cli_progress_docs(cli_progress *p, size_t docs)
{
    if (p)
        atomic_store(&p->docs, docs);
}

void cli_progress_input(cli_progress *p, size_t records, size_t bytes)
{
    if (p) {
        atomic_store(&p->records, records);
        atomic_store(&p->bytes, bytes);
    }
}

void cli_progress_stop(cli_progress *p, bool completed)
{
    if (!p)
        return;
    pthread_mutex_lock(&p->mu);
    p->stop = true;
    pthread_cond_signal(&p->cv);
    pthread_mutex_unlock(&p->mu);
    if (p->started)
        pthread_join(p->thread, NULL);
    if (completed && atomic_load(&p->records) >= 2) {
        size_t docs = atomic_load(&p->docs), bytes = atomic_load(&p->bytes);
        double t = mono_now() - p->t0;
        char line[256], when[32];
        clock_str(when, sizeof when, t);
        snprintf(line, sizeof line, "polis: %zu document%s, %.1f MB in %s (%.2f MB/s)", docs,
                 docs == 1 ? "" : "s", (double)bytes / 1e6, when,
                 t > 0.05 ? (double)bytes / 1e6 / t : 0.0);
        put_line(p, line, true);
    } else if (p->drawn) {
        put_line(p, "", false);               /* wipe the line */
    }
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->cv);
    free(p);
}
