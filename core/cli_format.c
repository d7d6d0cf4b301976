/*
 * cli_format.c - one result rendered as json (pretty), jsonl (one line), tsv
 * (one row per stance, the event-data convention) or text (the article with
 * its actors and locations marked, then tables; ANSI colors on a terminal
 * unless NO_COLOR is set). The html report is in cli_html.c.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

/* ---------------------------------------------------------- a growing buffer */

typedef struct sbuf {
    char *s;
    size_t n, cap;
} sbuf;

static void sb_add(sbuf *b, const char *s, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 1024;
        while (cap < b->n + n + 1)
            cap *= 2;
        char *v = realloc(b->s, cap);
        if (!v)
            return;
        b->s = v;
        b->cap = cap;
    }
    memcpy(b->s + b->n, s, n);
    b->n += n;
    b->s[b->n] = '\0';
}

static void sb_str(sbuf *b, const char *s) { sb_add(b, s, strlen(s)); }

static void sb_printf(sbuf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
static void sb_printf(sbuf *b, const char *fmt, ...)
{
    char tmp[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n < sizeof tmp) {
        sb_add(b, tmp, (size_t)n);
        return;
    }
    char *big = malloc((size_t)n + 1);
    if (!big)
        return;
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    sb_add(b, big, (size_t)n);
    free(big);
}

static const char *jstr(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static double jnum(const cJSON *o, const char *k, double def)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsNumber(v) ? v->valuedouble : def;
}

/* The item with this id in res.actors or res.locations. */
static const cJSON *find_item(const cJSON *res, const char *id)
{
    if (!id)
        return NULL;
    const char *list = id[0] == 'l' ? "locations" : "actors";
    const cJSON *it;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(res, list)) {
        const char *x = jstr(it, "id");
        if (x && strcmp(x, id) == 0)
            return it;
    }
    return NULL;
}

/* ----------------------------------------------------------------- tsv */

static void tsv_cell(sbuf *b, const char *s)
{
    for (; s && *s; s++)
        sb_add(b, (*s == '\t' || *s == '\n' || *s == '\r') ? " " : s, 1);
}

/* Code of the item for an event row: its CAMEO code, else its country. */
static const char *item_code(const cJSON *item)
{
    const char *c = jstr(item, "code");
    return c ? c : jstr(item, "country");
}

static void render_tsv(sbuf *b, const cJSON *res)
{
    const cJSON *st;
    cJSON_ArrayForEach(st, cJSON_GetObjectItemCaseSensitive(res, "stances")) {
        const cJSON *src = find_item(res, jstr(st, "source"));
        const cJSON *tgt = find_item(res, jstr(st, "target"));
        tsv_cell(b, jstr(res, "date"));
        sb_str(b, "\t");
        tsv_cell(b, src ? item_code(src) : NULL);
        sb_str(b, "\t");
        tsv_cell(b, tgt ? item_code(tgt) : NULL);
        sb_str(b, "\t");
        tsv_cell(b, jstr(st, "cameo"));
        sb_str(b, "\t");
        tsv_cell(b, jstr(st, "plover"));
        sb_printf(b, "\t%d\t", (int)jnum(st, "polarity", 0));
        tsv_cell(b, jstr(st, "modality"));
        sb_str(b, "\t");
        tsv_cell(b, jstr(res, "id"));
        sb_printf(b, "\t%d\t", (int)jnum(st, "sentence", 0));
        tsv_cell(b, src ? jstr(src, "name") : NULL);
        sb_str(b, "\t");
        tsv_cell(b, tgt ? jstr(tgt, "name") : NULL);
        sb_str(b, "\t");
        tsv_cell(b, jstr(st, "type"));
        sb_str(b, "\t");
        tsv_cell(b, jstr(cJSON_GetObjectItemCaseSensitive(st, "evidence"), "text"));
        sb_str(b, "\n");
    }
}

/* ---------------------------------------------------------------- text */

typedef struct mark {
    size_t start, end;
    const char *id;
    bool loc;
} mark;

static int mark_cmp(const void *a, const void *b)
{
    const mark *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    if (x->end != y->end)
        return x->end > y->end ? -1 : 1;          /* outer first */
    return x->loc - y->loc;
}

static size_t collect_marks(const cJSON *res, mark **out)
{
    size_t n = 0, cap = 64;
    mark *v = malloc(cap * sizeof *v);
    static const char *const lists[] = { "actors", "locations" };
    for (int l = 0; l < 2 && v; l++) {
        const cJSON *it;
        cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(res, lists[l])) {
            const cJSON *m;
            cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(it, "mentions")) {
                if (n == cap) {
                    mark *nv = realloc(v, 2 * cap * sizeof *nv);
                    if (!nv)
                        break;
                    v = nv;
                    cap *= 2;
                }
                v[n++] = (mark){ (size_t)jnum(m, "start", 0), (size_t)jnum(m, "end", 0),
                                 jstr(it, "id"), l == 1 };
            }
        }
    }
    if (v)
        qsort(v, n, sizeof *v, mark_cmp);
    *out = v;
    return v ? n : 0;
}

#define C_ACTOR "\033[1;36m"
#define C_LOC   "\033[1;32m"
#define C_DIM   "\033[2m"
#define C_NEG   "\033[31m"
#define C_POS   "\033[32m"
#define C_OFF   "\033[0m"

static void render_text(sbuf *b, const cJSON *res, const char *text, size_t len, bool color)
{
    const char *date = jstr(res, "date");
    sb_printf(b, "%s== %s%s%s%s\n", color ? "\033[1m" : "", jstr(res, "id") ? jstr(res, "id") : "",
              date ? " (" : "", date ? date : "", date ? ")" : "");
    if (color)
        sb_str(b, C_OFF);
    if (text) {
        mark *marks;
        size_t n = collect_marks(res, &marks), pos = 0;
        for (size_t k = 0; k < n; k++) {
            mark *m = &marks[k];
            if (m->start < pos || m->end > len || m->start >= m->end)
                continue;                              /* nested or overlapping: shown once */
            sb_add(b, text + pos, m->start - pos);
            /* another mark on the same span (an actor that is also a place) */
            const char *also = (k + 1 < n && marks[k + 1].start == m->start &&
                                marks[k + 1].end == m->end) ? marks[k + 1].id : NULL;
            if (color) {
                sb_str(b, m->loc ? C_LOC : C_ACTOR);
                sb_add(b, text + m->start, m->end - m->start);
                sb_printf(b, C_OFF C_DIM "[%s%s%s]" C_OFF, m->id, also ? "," : "", also ? also : "");
            } else {
                sb_str(b, "[");
                sb_add(b, text + m->start, m->end - m->start);
                sb_printf(b, "|%s%s%s]", m->id, also ? "," : "", also ? also : "");
            }
            pos = m->end;
        }
        if (pos < len)
            sb_add(b, text + pos, len - pos);
        free(marks);
        if (len && text[len - 1] != '\n')
            sb_str(b, "\n");
    }
    const cJSON *it;
    sb_str(b, "-- actors\n");
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(res, "actors")) {
        sb_printf(b, "%-4s %-30s %-12s %-4s %-10s %s (%d mention%s)\n", jstr(it, "id"),
                  jstr(it, "name") ? jstr(it, "name") : "", jstr(it, "kind") ? jstr(it, "kind") : "",
                  jstr(it, "country") ? jstr(it, "country") : "-",
                  jstr(it, "code") ? jstr(it, "code") : "-", jstr(it, "role") ? jstr(it, "role") : "",
                  cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(it, "mentions")),
                  cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(it, "mentions")) == 1 ? "" : "s");
    }
    sb_str(b, "-- locations\n");
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(res, "locations")) {
        const cJSON *lat = cJSON_GetObjectItemCaseSensitive(it, "lat");
        sb_printf(b, "%-4s %-30s %-10s %-4s", jstr(it, "id"), jstr(it, "name") ? jstr(it, "name") : "",
                  jstr(it, "kind") ? jstr(it, "kind") : "",
                  jstr(it, "country") ? jstr(it, "country") : "-");
        if (cJSON_IsNumber(lat))
            sb_printf(b, " %.4f,%.4f", lat->valuedouble, jnum(it, "lon", 0));
        sb_str(b, "\n");
    }
    sb_str(b, "-- stances\n");
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(res, "stances")) {
        const cJSON *src = find_item(res, jstr(it, "source"));
        const cJSON *tgt = find_item(res, jstr(it, "target"));
        int pol = (int)jnum(it, "polarity", 0);
        const char *pc = !color ? "" : pol < 0 ? C_NEG : pol > 0 ? C_POS : "";
        sb_printf(b, "%s --%s%s %s %s %+d %s%s--> %s", src ? jstr(src, "name") : "(none)", pc,
                  jstr(it, "type") ? jstr(it, "type") : "", jstr(it, "cameo") ? jstr(it, "cameo") : "-",
                  jstr(it, "plover") ? jstr(it, "plover") : "-", pol,
                  jstr(it, "modality") ? jstr(it, "modality") : "", color ? C_OFF : "",
                  tgt ? jstr(tgt, "name") : "(none)");
        const cJSON *loc = find_item(res, jstr(it, "location"));
        if (loc)
            sb_printf(b, " @ %s", jstr(loc, "name"));
        const char *ev = jstr(cJSON_GetObjectItemCaseSensitive(it, "evidence"), "text");
        sb_printf(b, "  %s\"%.*s%s\"%s\n", color ? C_DIM : "", ev && strlen(ev) > 100 ? 100 : (int)(ev ? strlen(ev) : 0),
                  ev ? ev : "", ev && strlen(ev) > 100 ? "..." : "", color ? C_OFF : "");
    }
    const cJSON *errs = cJSON_GetObjectItemCaseSensitive(res, "errors");
    if (cJSON_GetArraySize(errs) > 0) {
        sb_str(b, "-- errors\n");
        cJSON_ArrayForEach(it, errs) {
            sb_printf(b, "%s%s%s: %s\n", jstr(it, "rule") ? "rule " : "",
                      jstr(it, "rule") ? jstr(it, "rule") : jstr(it, "kind"),
                      jstr(it, "where") ? "" : "", jstr(it, "message") ? jstr(it, "message") : "");
        }
    }
    sb_str(b, "\n");
}

/* -------------------------------------------------------------- public */

bool cli_color_enabled(const cli_options *o)
{
    if (o->color >= 0)
        return o->color == 1;
    const char *nc = getenv("NO_COLOR");
    if (nc && *nc)
        return false;
    return !o->output && isatty(STDOUT_FILENO);
}

const char *cli_format_header(enum cli_format f)
{
    switch (f) {
    case FMT_TSV:
        return "date\tsource\ttarget\tcameo\tplover\tpolarity\tmodality\tdoc_id\tsentence\t"
               "source_name\ttarget_name\ttype\tevidence\n";
    case FMT_HTML:
        return cli_html_header();
    default:
        return NULL;
    }
}

char *cli_render(const cli_options *o, enum cli_format f, const cJSON *res, const char *text,
                 size_t len, size_t *out_len)
{
    sbuf b = { NULL, 0, 0 };
    switch (f) {
    case FMT_AUTO:
    case FMT_JSON: {
        char *s = cJSON_Print(res);
        if (s) {
            /* cJSON indents with tabs and puts a tab after ':'; raw tabs occur
             * nowhere else (tabs inside strings are escaped), so make them the
             * usual two spaces and one space. */
            bool line_start = true;
            for (const char *p = s; *p; p++) {
                if (*p == '\t')
                    sb_str(&b, line_start ? "  " : " ");
                else {
                    sb_add(&b, p, 1);
                    line_start = *p == '\n';
                }
            }
            sb_str(&b, "\n");
            free(s);
        }
        break;
    }
    case FMT_JSONL: {
        char *s = cJSON_PrintUnformatted(res);
        if (s) {
            sb_str(&b, s);
            sb_str(&b, "\n");
            free(s);
        }
        break;
    }
    case FMT_TSV:
        render_tsv(&b, res);
        break;
    case FMT_TEXT:
        render_text(&b, res, text, len, cli_color_enabled(o));
        break;
    case FMT_HTML:
        free(b.s);
        return cli_render_html(res, text, len, 0, out_len, NULL);
    }
    *out_len = b.n;
    return b.s;
}
