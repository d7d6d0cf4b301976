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
#define C_LOC   "\033[1;35m"
#define C_DIM   "\033[2m"
#define C_NEG   "\033[31m"
#define C_POS   "\033[32m"
#define C_BOLD  "\033[1m"
#define C_OFF   "\033[0m"

/* Article text for a terminal: carriage returns are dropped and other
 * control characters (an escape sequence in the input, a NUL) become U+FFFD,
 * so a document cannot move the cursor or recolor the screen. */
static void text_add(sbuf *b, const char *s, size_t n)
{
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c >= 0x20 && c != 0x7f) || c == '\n' || c == '\t')
            continue;
        sb_add(b, s + run, i - run);
        if (c != '\r')
            sb_str(b, "\xEF\xBF\xBD");
        run = i + 1;
    }
    sb_add(b, s + run, n - run);
}

static const char *or_empty(const char *s) { return s ? s : ""; }

/* A stance's marker goes where its evidence ends: {s1} */
typedef struct insert {
    size_t at;
    int num, polarity;
} insert;

static int insert_cmp(const void *a, const void *b)
{
    const insert *x = a, *y = b;
    if (x->at != y->at)
        return x->at < y->at ? -1 : 1;
    return x->num - y->num;
}

/* Write the text up to `upto`, then the markers due there. */
static void flush_inserts(sbuf *b, const char *text, size_t *pos, size_t upto, const insert *v,
                          size_t n, size_t *k, bool color)
{
    for (; *k < n && v[*k].at <= upto; (*k)++) {
        if (v[*k].at > *pos) {
            text_add(b, text + *pos, v[*k].at - *pos);
            *pos = v[*k].at;
        }
        int pol = v[*k].polarity;
        if (color)
            sb_printf(b, "%s{s%d}" C_OFF, pol < 0 ? C_NEG : pol > 0 ? C_POS : C_DIM, v[*k].num);
        else
            sb_printf(b, "{s%d}", v[*k].num);
    }
}

static void render_article(sbuf *b, const cJSON *res, const char *text, size_t len, bool color)
{
    mark *marks;
    size_t n = collect_marks(res, &marks), pos = 0;
    const cJSON *stances = cJSON_GetObjectItemCaseSensitive(res, "stances"), *st;
    size_t nins = 0, ki = 0;
    insert *ins = malloc(((size_t)cJSON_GetArraySize(stances) + 1) * sizeof *ins);
    int num = 0;
    cJSON_ArrayForEach(st, stances) {
        num++;
        double end = jnum(cJSON_GetObjectItemCaseSensitive(st, "evidence"), "end", -1);
        if (ins && end >= 0 && end <= (double)len)
            ins[nins++] = (insert){ (size_t)end, num, (int)jnum(st, "polarity", 0) };
    }
    if (ins)
        qsort(ins, nins, sizeof *ins, insert_cmp);
    for (size_t k = 0; k < n; k++) {
        mark *m = &marks[k];
        if (m->start < pos || m->end > len || m->start >= m->end)
            continue;                              /* nested or overlapping: shown once */
        flush_inserts(b, text, &pos, m->start, ins, nins, &ki, color);
        text_add(b, text + pos, m->start - pos);
        /* another mark on the same span (an actor that is also a place) */
        const char *also = (k + 1 < n && marks[k + 1].start == m->start &&
                            marks[k + 1].end == m->end) ? marks[k + 1].id : NULL;
        if (color) {
            sb_str(b, m->loc ? C_LOC : C_ACTOR);
            text_add(b, text + m->start, m->end - m->start);
            sb_printf(b, C_OFF C_DIM "[%s%s%s]" C_OFF, or_empty(m->id), also ? "," : "",
                      or_empty(also));
        } else {
            sb_str(b, "[");
            text_add(b, text + m->start, m->end - m->start);
            sb_printf(b, "|%s%s%s]", or_empty(m->id), also ? "," : "", or_empty(also));
        }
        pos = m->end;
    }
    flush_inserts(b, text, &pos, len, ins, nins, &ki, color);
    if (pos < len)
        text_add(b, text + pos, len - pos);
    free(marks);
    free(ins);
    if (len && text[len - 1] != '\n')
        sb_str(b, "\n");
}

static void safe(sbuf *b, const char *s)
{
    if (s)
        text_add(b, s, strlen(s));
}

/* s padded with blanks to at least width bytes. */
static void padded(sbuf *b, const char *s, int width)
{
    size_t n = s ? strlen(s) : 0;
    safe(b, s);
    for (; (int)n < width; n++)
        sb_str(b, " ");
}

/* At most max bytes of s, cut on a character boundary, with "..." when cut. */
static void shortened(sbuf *b, const char *s, size_t max)
{
    size_t n = s ? strlen(s) : 0;
    if (n <= max) {
        safe(b, s);
        return;
    }
    while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
        max--;
    text_add(b, s, max);
    sb_str(b, "...");
}

static void render_text(sbuf *b, const cJSON *res, const char *text, size_t len, bool color)
{
    const char *date = jstr(res, "date"), *title = jstr(res, "title");
    sb_str(b, color ? C_BOLD "== " : "== ");
    safe(b, jstr(res, "id"));
    if (date) {
        sb_str(b, " (");
        safe(b, date);
        sb_str(b, ")");
    }
    if (title) {
        sb_str(b, ": ");
        safe(b, title);
    }
    sb_str(b, color ? C_OFF "\n" : "\n");
    if (text)
        render_article(b, res, text, len, color);
    const cJSON *it;
    sb_str(b, "-- actors\n");
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(res, "actors")) {
        int nm = cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(it, "mentions"));
        padded(b, jstr(it, "id"), 4);
        sb_str(b, " ");
        padded(b, jstr(it, "name"), 30);
        sb_str(b, " ");
        padded(b, jstr(it, "kind"), 12);
        sb_str(b, " ");
        padded(b, jstr(it, "country") ? jstr(it, "country") : "-", 4);
        sb_str(b, " ");
        padded(b, jstr(it, "code") ? jstr(it, "code") : "-", 10);
        if (jstr(it, "role")) {
            sb_str(b, " ");
            safe(b, jstr(it, "role"));
        }
        sb_printf(b, " (%d mention%s)\n", nm, nm == 1 ? "" : "s");
    }
    sb_str(b, "-- locations\n");
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(res, "locations")) {
        const cJSON *lat = cJSON_GetObjectItemCaseSensitive(it, "lat");
        padded(b, jstr(it, "id"), 4);
        sb_str(b, " ");
        padded(b, jstr(it, "name"), 30);
        sb_str(b, " ");
        padded(b, jstr(it, "kind"), 10);
        sb_str(b, " ");
        padded(b, jstr(it, "country") ? jstr(it, "country") : "-", 4);
        if (cJSON_IsNumber(lat))
            sb_printf(b, " %.4f,%.4f", lat->valuedouble, jnum(it, "lon", 0));
        sb_str(b, "\n");
    }
    sb_str(b, "-- stances\n");
    int num = 0;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(res, "stances")) {
        const cJSON *src = find_item(res, jstr(it, "source"));
        const cJSON *tgt = find_item(res, jstr(it, "target"));
        int pol = (int)jnum(it, "polarity", 0);
        const char *pc = !color ? "" : pol < 0 ? C_NEG : pol > 0 ? C_POS : "";
        sb_printf(b, "s%-3d ", ++num);
        safe(b, src ? jstr(src, "name") : "(none)");
        sb_printf(b, " --%s", pc);
        safe(b, jstr(it, "type"));
        sb_str(b, " ");
        safe(b, jstr(it, "cameo") ? jstr(it, "cameo") : "-");
        sb_str(b, " ");
        safe(b, jstr(it, "plover") ? jstr(it, "plover") : "-");
        sb_printf(b, pol ? " %+d " : " %d ", pol);
        safe(b, jstr(it, "modality"));
        sb_printf(b, "%s--> ", color ? C_OFF : "");
        if (tgt)
            safe(b, jstr(tgt, "name"));
        else if (jstr(it, "topic")) {
            sb_str(b, "(topic) ");
            safe(b, jstr(it, "topic"));
        } else
            sb_str(b, "(none)");
        const cJSON *loc = find_item(res, jstr(it, "location"));
        if (loc) {
            sb_str(b, " @ ");
            safe(b, jstr(loc, "name"));
        }
        sb_str(b, color ? "  " C_DIM "\"" : "  \"");
        shortened(b, jstr(cJSON_GetObjectItemCaseSensitive(it, "evidence"), "text"), 100);
        sb_str(b, color ? "\"" C_OFF "\n" : "\"\n");
    }
    const cJSON *errs = cJSON_GetObjectItemCaseSensitive(res, "errors");
    if (cJSON_GetArraySize(errs) > 0) {
        sb_str(b, "-- errors\n");
        cJSON_ArrayForEach(it, errs) {
            if (jstr(it, "rule")) {
                sb_str(b, "rule ");
                safe(b, jstr(it, "rule"));
                if (jstr(it, "where")) {
                    sb_str(b, " (");
                    safe(b, jstr(it, "where"));
                    sb_str(b, ")");
                }
            } else {
                safe(b, jstr(it, "kind") ? jstr(it, "kind") : "error");
            }
            sb_str(b, ": ");
            safe(b, jstr(it, "message"));
            sb_str(b, "\n");
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
