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
#include "jsonw.h"

/* ----------------------------------------------------------------- tsv */

static void tsv_cell(cli_buf *b, const char *s)
{
    for (; s && *s; s++)
        cli_buf_add(b, (*s == '\t' || *s == '\n' || *s == '\r') ? " " : s, 1);
}

/* Code of the item for an event row: its CAMEO code, else its country. */
static const char *item_code(const cJSON *item)
{
    const char *c = cli_jstr(item, "code");
    return c ? c : cli_jstr(item, "country");
}

static void render_tsv(cli_buf *b, const cJSON *res)
{
    const cJSON *st;
    cJSON_ArrayForEach(st, cJSON_GetObjectItemCaseSensitive(res, "stances")) {
        const cJSON *src = cli_find_item(res, cli_jstr(st, "source"));
        const cJSON *tgt = cli_find_item(res, cli_jstr(st, "target"));
        tsv_cell(b, cli_jstr(res, "date"));
        cli_buf_str(b, "\t");
        tsv_cell(b, src ? item_code(src) : NULL);
        cli_buf_str(b, "\t");
        tsv_cell(b, tgt ? item_code(tgt) : NULL);
        cli_buf_str(b, "\t");
        tsv_cell(b, cli_jstr(st, "cameo"));
        cli_buf_str(b, "\t");
        tsv_cell(b, cli_jstr(st, "plover"));
        cli_buf_printf(b, "\t%d\t", (int)cli_jnum(st, "polarity", 0));
        tsv_cell(b, cli_jstr(st, "modality"));
        cli_buf_str(b, "\t");
        tsv_cell(b, cli_jstr(res, "id"));
        cli_buf_printf(b, "\t%d\t", (int)cli_jnum(st, "sentence", 0));
        tsv_cell(b, src ? cli_jstr(src, "name") : NULL);
        cli_buf_str(b, "\t");
        tsv_cell(b, tgt ? cli_jstr(tgt, "name") : NULL);
        cli_buf_str(b, "\t");
        tsv_cell(b, cli_jstr(st, "type"));
        cli_buf_str(b, "\t");
        tsv_cell(b, cli_jstr(cJSON_GetObjectItemCaseSensitive(st, "evidence"), "text"));
        cli_buf_str(b, "\n");
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
                v[n++] = (mark){ (size_t)cli_jnum(m, "start", 0), (size_t)cli_jnum(m, "end", 0),
                                 cli_jstr(it, "id"), l == 1 };
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
static void text_add(cli_buf *b, const char *s, size_t n)
{
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c >= 0x20 && c != 0x7f) || c == '\n' || c == '\t')
            continue;
        cli_buf_add(b, s + run, i - run);
        if (c != '\r')
            cli_buf_str(b, "\xEF\xBF\xBD");
        run = i + 1;
    }
    cli_buf_add(b, s + run, n - run);
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
static void flush_inserts(cli_buf *b, const char *text, size_t *pos, size_t upto, const insert *v,
                          size_t n, size_t *k, bool color)
{
    for (; *k < n && v[*k].at <= upto; (*k)++) {
        if (v[*k].at > *pos) {
            text_add(b, text + *pos, v[*k].at - *pos);
            *pos = v[*k].at;
        }
        int pol = v[*k].polarity;
        if (color)
            cli_buf_printf(b, "%s{s%d}" C_OFF, pol < 0 ? C_NEG : pol > 0 ? C_POS : C_DIM, v[*k].num);
        else
            cli_buf_printf(b, "{s%d}", v[*k].num);
    }
}

static void render_article(cli_buf *b, const cJSON *res, const char *text, size_t len, bool color)
{
    mark *marks;
    size_t n = collect_marks(res, &marks), pos = 0;
    const cJSON *stances = cJSON_GetObjectItemCaseSensitive(res, "stances"), *st;
    size_t nins = 0, ki = 0;
    insert *ins = malloc(((size_t)cJSON_GetArraySize(stances) + 1) * sizeof *ins);
    int num = 0;
    cJSON_ArrayForEach(st, stances) {
        num++;
        double end = cli_jnum(cJSON_GetObjectItemCaseSensitive(st, "evidence"), "end", -1);
        if (ins && end >= 0 && end <= (double)len)
            ins[nins++] = (insert){ (size_t)end, num, (int)cli_jnum(st, "polarity", 0) };
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
            cli_buf_str(b, m->loc ? C_LOC : C_ACTOR);
            text_add(b, text + m->start, m->end - m->start);
            cli_buf_printf(b, C_OFF C_DIM "[%s%s%s]" C_OFF, or_empty(m->id), also ? "," : "",
                      or_empty(also));
        } else {
            cli_buf_str(b, "[");
            text_add(b, text + m->start, m->end - m->start);
            cli_buf_printf(b, "|%s%s%s]", or_empty(m->id), also ? "," : "", or_empty(also));
        }
        pos = m->end;
    }
    flush_inserts(b, text, &pos, len, ins, nins, &ki, color);
    if (pos < len)
        text_add(b, text + pos, len - pos);
    free(marks);
    free(ins);
    if (len && text[len - 1] != '\n')
        cli_buf_str(b, "\n");
}

static void safe(cli_buf *b, const char *s)
{
    if (s)
        text_add(b, s, strlen(s));
}

/* s padded with blanks to at least width bytes. */
static void padded(cli_buf *b, const char *s, int width)
{
    size_t n = s ? strlen(s) : 0;
    safe(b, s);
    for (; (int)n < width; n++)
        cli_buf_str(b, " ");
}

/* The columns actors and locations share: id, name, kind (kind_width wide),
 * country ("-" when none). */
static void item_columns(cli_buf *b, const cJSON *it, int kind_width)
{
    padded(b, cli_jstr(it, "id"), 4);
    cli_buf_str(b, " ");
    padded(b, cli_jstr(it, "name"), 30);
    cli_buf_str(b, " ");
    padded(b, cli_jstr(it, "kind"), kind_width);
    cli_buf_str(b, " ");
    padded(b, cli_jstr(it, "country") ? cli_jstr(it, "country") : "-", 4);
}

/* At most max bytes of s, cut on a character boundary, with "..." when cut. */
static void shortened(cli_buf *b, const char *s, size_t max)
{
    size_t n = s ? strlen(s) : 0;
    if (n <= max) {
        safe(b, s);
        return;
    }
    while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
        max--;
    text_add(b, s, max);
    cli_buf_str(b, "...");
}

static void render_text(cli_buf *b, const cJSON *res, const char *text, size_t len, bool color)
{
    const char *date = cli_jstr(res, "date"), *title = cli_jstr(res, "title");
    cli_buf_str(b, color ? C_BOLD "== " : "== ");
    safe(b, cli_jstr(res, "id"));
    if (date) {
        cli_buf_str(b, " (");
        safe(b, date);
        cli_buf_str(b, ")");
    }
    if (title) {
        cli_buf_str(b, ": ");
        safe(b, title);
    }
    cli_buf_str(b, color ? C_OFF "\n" : "\n");
    if (text)
        render_article(b, res, text, len, color);
    const cJSON *it;
    cli_buf_str(b, "-- actors\n");
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(res, "actors")) {
        int nm = cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(it, "mentions"));
        item_columns(b, it, 12);
        cli_buf_str(b, " ");
        padded(b, cli_jstr(it, "code") ? cli_jstr(it, "code") : "-", 10);
        if (cli_jstr(it, "role")) {
            cli_buf_str(b, " ");
            safe(b, cli_jstr(it, "role"));
        }
        cli_buf_printf(b, " (%d mention%s)\n", nm, nm == 1 ? "" : "s");
    }
    cli_buf_str(b, "-- locations\n");
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(res, "locations")) {
        const cJSON *lat = cJSON_GetObjectItemCaseSensitive(it, "lat");
        item_columns(b, it, 10);
        if (cJSON_IsNumber(lat))
            cli_buf_printf(b, " %.4f,%.4f", lat->valuedouble, cli_jnum(it, "lon", 0));
        cli_buf_str(b, "\n");
    }
    cli_buf_str(b, "-- stances\n");
    int num = 0;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(res, "stances")) {
        const cJSON *src = cli_find_item(res, cli_jstr(it, "source"));
        const cJSON *tgt = cli_find_item(res, cli_jstr(it, "target"));
        int pol = (int)cli_jnum(it, "polarity", 0);
        const char *pc = !color ? "" : pol < 0 ? C_NEG : pol > 0 ? C_POS : "";
        cli_buf_printf(b, "s%-3d ", ++num);
        safe(b, src ? cli_jstr(src, "name") : "(none)");
        cli_buf_printf(b, " --%s", pc);
        safe(b, cli_jstr(it, "type"));
        cli_buf_str(b, " ");
        safe(b, cli_jstr(it, "cameo") ? cli_jstr(it, "cameo") : "-");
        cli_buf_str(b, " ");
        safe(b, cli_jstr(it, "plover") ? cli_jstr(it, "plover") : "-");
        cli_buf_printf(b, pol ? " %+d " : " %d ", pol);
        safe(b, cli_jstr(it, "modality"));
        cli_buf_printf(b, "%s--> ", color ? C_OFF : "");
        if (tgt)
            safe(b, cli_jstr(tgt, "name"));
        else if (cli_jstr(it, "topic")) {
            cli_buf_str(b, "(topic) ");
            safe(b, cli_jstr(it, "topic"));
        } else
            cli_buf_str(b, "(none)");
        const cJSON *loc = cli_find_item(res, cli_jstr(it, "location"));
        if (loc) {
            cli_buf_str(b, " @ ");
            safe(b, cli_jstr(loc, "name"));
        }
        cli_buf_str(b, color ? "  " C_DIM "\"" : "  \"");
        shortened(b, cli_jstr(cJSON_GetObjectItemCaseSensitive(it, "evidence"), "text"), 100);
        cli_buf_str(b, color ? "\"" C_OFF "\n" : "\"\n");
    }
    const cJSON *errs = cJSON_GetObjectItemCaseSensitive(res, "errors");
    if (cJSON_GetArraySize(errs) > 0) {
        cli_buf_str(b, "-- errors\n");
        cJSON_ArrayForEach(it, errs) {
            if (cli_jstr(it, "rule")) {
                cli_buf_str(b, "rule ");
                safe(b, cli_jstr(it, "rule"));
                if (cli_jstr(it, "where")) {
                    cli_buf_str(b, " (");
                    safe(b, cli_jstr(it, "where"));
                    cli_buf_str(b, ")");
                }
            } else {
                safe(b, cli_jstr(it, "kind") ? cli_jstr(it, "kind") : "error");
            }
            cli_buf_str(b, ": ");
            safe(b, cli_jstr(it, "message"));
            cli_buf_str(b, "\n");
        }
    }
    cli_buf_str(b, "\n");
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
    cli_buf b = { NULL, 0, 0, false };
    switch (f) {
    case FMT_AUTO:
    case FMT_JSON: {
        char *s = cJSON_Print(res);
        if (s) {
            /* cJSON indents with tabs and puts a tab after ':'; raw tabs occur
             * nowhere else (tabs inside strings are escaped), so make them the
             * usual two spaces and one space. */
            const char *run = s;
            for (const char *p = s; *p; p++) {
                if (*p != '\t')
                    continue;
                cli_buf_add(&b, run, (size_t)(p - run));
                cli_buf_str(&b, p > s && (p[-1] == '\n' || p[-1] == '\t') ? "  " : " ");
                run = p + 1;
            }
            cli_buf_str(&b, run);
            cli_buf_str(&b, "\n");
            free(s);
        }
        break;
    }
    case FMT_JSONL: {                      /* what cJSON_PrintUnformatted prints, faster */
        jsonw w;
        jsonw_init(&w, false);
        jsonw_cjson(&w, res);
        size_t n;
        char *line = jsonw_text(&w, &n);
        if (line) {
            cli_buf_add(&b, line, n);
            cli_buf_add(&b, "\n", 1);
            free(line);
        } else {
            b.failed = true;
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
    return cli_buf_finish(&b, out_len);
}
