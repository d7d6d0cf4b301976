/*
 * cli_html.c - the html report: one self-contained page (no scripts, no
 * external resources) that a browser, a mail attachment or an archive keeps
 * as it is.
 *
 * Per document, a <section> holds the article with its actors and locations
 * highlighted (each mark shows and links to its item's id), a stance graph
 * drawn as inline SVG (nodes are the actors and locations that take part in
 * stances, arrows run from source to target, colored by polarity and labelled
 * by type), and tables of actors, locations and stances.
 *
 * The page streams: the writer emits the header, then each document as soon
 * as it is ready, then the footer, so memory stays flat however many
 * documents there are (apart from one short index row per document). The
 * index of a many-document report is therefore written last, in the footer;
 * a CSS flex column (order: -1) shows it at the top, under the title, in any
 * browser. Pages read without CSS get it at the end, and the header's
 * "index" link jumps there. A single-document report has no index.
 */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define INDEX_MAX_ROWS 100000   /* beyond this the index only counts documents */

/* Append text escaped for HTML text and attribute values. NUL bytes and
 * other C0 controls but tab and newlines are not allowed in HTML: they
 * become U+FFFD, so a broken input cannot break the page. */
static void hb_esc(cli_buf *b, const char *s, size_t n)
{
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        const char *rep = NULL;
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\t': case '\n': case '\r': break;
        default:
            if (c < 0x20 || c == 0x7f)
                rep = "\xEF\xBF\xBD";
            break;
        }
        if (rep) {
            cli_buf_add(b, s + run, i - run);
            cli_buf_str(b, rep);
            run = i + 1;
        }
    }
    cli_buf_add(b, s + run, n - run);
}

static void hb_escs(cli_buf *b, const char *s)
{
    if (s)
        hb_esc(b, s, strlen(s));
}

/* At most max_chars characters of s, escaped, with an ellipsis when cut. */
static void hb_esc_short(cli_buf *b, const char *s, size_t max_chars)
{
    if (!s)
        return;
    size_t i = 0, chars = 0;
    while (s[i] && chars < max_chars) {
        i++;
        while (((unsigned char)s[i] & 0xC0) == 0x80)   /* stay on a character boundary */
            i++;
        chars++;
    }
    hb_esc(b, s, i);
    if (s[i])
        cli_buf_str(b, "\xE2\x80\xA6");
}

/* ------------------------------------------------------------ result access */



static int jcount(const cJSON *o, const char *k)
{
    return cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(o, k));
}


static const char *polarity_class(int pol)
{
    return pol < 0 ? "neg" : pol > 0 ? "pos" : "neu";
}

/* ------------------------------------------------------------ page frame */

const char *cli_html_header(void)
{
    return "<!DOCTYPE html>\n"
           "<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
           "<meta name=\"generator\" content=\"polis " POLIS_VERSION "\">\n"
           "<title>polis report</title>\n<style>\n"
           "body{font:15px/1.5 system-ui,-apple-system,'Segoe UI',sans-serif;margin:0 auto;"
           "padding:1em 1.5em;max-width:70em;color:#222;background:#fff;"
           "display:flex;flex-direction:column}\n"
           "header.top{order:-2}nav.index{order:-1}\n"
           "h1{margin:.3em 0}h2{margin:.2em 0}h3{margin:1.2em 0 .3em;font-size:1.05em}\n"
           "a{color:#1a5fb4}\n"
           "section.doc{border-top:3px solid #ccd;margin-top:2em;padding-top:.5em}\n"
           ".meta{color:#555;margin:.2em 0 .8em}\n"
           ".text{white-space:pre-wrap;overflow-wrap:anywhere;background:#fafafa;"
           "padding:1em;border:1px solid #e4e4e4;border-radius:4px}\n"
           "mark{border-radius:3px;padding:0 .1em;color:inherit}\n"
           "mark.actor{background:#cfe8fc;box-shadow:inset 0 -2px #3a87c8}\n"
           "mark.location{background:#fde9c4;box-shadow:inset 0 -2px #d08b12}\n"
           "mark.actor.location{background-color:#fde9c4;"
           "background-image:linear-gradient(#cfe8fc 55%,#fde9c4 55%)}\n"
           "mark sup{font-size:68%;margin-left:.15em;font-weight:600}\n"
           "mark sup a{color:#444;text-decoration:none}\n"
           "table{border-collapse:collapse;margin:.3em 0 1em;font-size:.93em;display:block;"
           "overflow-x:auto;max-width:100%}\n"
           "td,th{border:1px solid #ddd;padding:.2em .5em;text-align:left;vertical-align:top}\n"
           "th{background:#f2f2f4}tr:target{background:#fff6bf}\n"
           "td.num{text-align:right;font-variant-numeric:tabular-nums}\n"
           ".neg{color:#b3261e}.pos{color:#1b7a2e}.neu{color:#555}.err{color:#b3261e}\n"
           ".none{color:#888;font-style:italic}\n"
           "figure.graph{margin:.5em 0}figure.graph svg{max-width:100%;height:auto;"
           "border:1px solid #e4e4e4;border-radius:4px;background:#fff}\n"
           "figcaption{font-size:.85em;color:#555}\n"
           ".key-neg{color:#c62828}.key-neu{color:#757575}.key-pos{color:#2e7d32}\n"
           "</style></head>\n<body>\n"
           "<header class=\"top\"><h1>polis report</h1>"
           "<p class=\"meta\">Actors are marked <mark class=\"actor\">blue</mark>, locations "
           "<mark class=\"location\">amber</mark>; stance arrows are "
           "<span class=\"key-neg\">red (conflict, &minus;1)</span>, "
           "<span class=\"key-neu\">grey (neutral, 0)</span> or "
           "<span class=\"key-pos\">green (cooperation, +1)</span>.</p></header>\n";
}

struct cli_html_index {
    cli_buf rows;
    size_t docs, listed, with_errors;
};

cli_html_index *cli_html_index_new(void)
{
    return calloc(1, sizeof(cli_html_index));
}

void cli_html_index_add(cli_html_index *x, char *row, bool had_errors)
{
    if (!x) {
        free(row);
        return;
    }
    x->docs++;
    x->with_errors += had_errors;
    if (row && x->listed < INDEX_MAX_ROWS) {
        cli_buf_str(&x->rows, row);
        x->listed++;
    }
    free(row);
}

void cli_html_index_free(cli_html_index *x)
{
    if (x) {
        free(x->rows.s);
        free(x);
    }
}

char *cli_html_footer(const cli_html_index *x, size_t *len)
{
    cli_buf b = { NULL, 0, 0, false };
    if (x && x->docs != 1) {
        cli_buf_printf(&b, "<nav class=\"index\" id=\"index\"><h2>Index</h2>\n<p class=\"meta\">%zu "
                      "document%s",
                  x->docs, x->docs == 1 ? "" : "s");
        if (x->with_errors)
            cli_buf_printf(&b, ", <span class=\"err\">%zu with errors</span>", x->with_errors);
        cli_buf_str(&b, ".</p>\n");
        if (x->listed) {
            cli_buf_str(&b, "<table class=\"index\"><tr><th>#</th><th>document</th><th>date</th>"
                       "<th>actors</th><th>locations</th><th>stances</th><th>errors</th></tr>\n");
            if (x->rows.s)
                cli_buf_add(&b, x->rows.s, x->rows.n);
            cli_buf_str(&b, "</table>\n");
        }
        if (x->listed < x->docs)
            cli_buf_printf(&b, "<p class=\"meta\">%zu more documents are in the report but not "
                          "listed here.</p>\n",
                      x->docs - x->listed);
        cli_buf_str(&b, "</nav>\n");
    }
    cli_buf_str(&b, "</body></html>\n");
    return cli_buf_finish(&b, len);
}

/* ------------------------------------------------------------ the article */

typedef struct hmark {
    size_t start, end;
    const char *id, *id2;       /* id2: a second item on exactly the same span */
    const cJSON *item, *item2;
    bool loc;
} hmark;

static int hmark_cmp(const void *a, const void *b)
{
    const hmark *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    if (x->end != y->end)
        return x->end > y->end ? -1 : 1;       /* the outer mark first */
    return (int)x->loc - (int)y->loc;          /* actors before locations */
}

/* "a1: Vladimir Putin (person, RUS)" */
static void item_title(cli_buf *b, const char *id, const cJSON *item)
{
    hb_escs(b, id);
    cli_buf_str(b, ": ");
    hb_escs(b, cli_jstr(item, "name"));
    if (cli_jstr(item, "kind")) {
        cli_buf_str(b, " (");
        hb_escs(b, cli_jstr(item, "kind"));
        if (cli_jstr(item, "country")) {
            cli_buf_str(b, ", ");
            hb_escs(b, cli_jstr(item, "country"));
        }
        cli_buf_str(b, ")");
    }
}

static void mark_open(cli_buf *b, const hmark *m)
{
    cli_buf_str(b, m->id2 ? "<mark class=\"actor location\" title=\""
              : m->loc ? "<mark class=\"location\" title=\""
                       : "<mark class=\"actor\" title=\"");
    item_title(b, m->id, m->item);
    if (m->id2) {
        cli_buf_str(b, "; ");
        item_title(b, m->id2, m->item2);
    }
    cli_buf_str(b, "\">");
}

static void mark_close(cli_buf *b, const hmark *m, size_t seq)
{
    cli_buf_str(b, "<sup>");
    const char *ids[2] = { m->id, m->id2 };
    for (int k = 0; k < 2 && ids[k]; k++) {
        if (k)
            cli_buf_str(b, ",");
        cli_buf_printf(b, "<a href=\"#d%zu-", seq);
        hb_escs(b, ids[k]);
        cli_buf_str(b, "\">");
        hb_escs(b, ids[k]);
        cli_buf_str(b, "</a>");
    }
    cli_buf_str(b, "</sup></mark>");
}

/* The text with every mention marked. Marks nest (a place inside an
 * organisation's name); a mention that overlaps another without nesting in
 * it is left unmarked, and its item is still in the tables. */
static void html_article_text(cli_buf *b, const cJSON *res, const char *text, size_t len, size_t seq)
{
    size_t n = 0, cap = 64;
    hmark *v = malloc(cap * sizeof *v);
    static const char *const lists[] = { "actors", "locations" };
    for (int l = 0; l < 2 && v; l++) {
        const cJSON *it, *m;
        cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(res, lists[l])) {
            cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(it, "mentions")) {
                if (n == cap) {
                    hmark *nv = realloc(v, 2 * cap * sizeof *nv);
                    if (!nv)
                        break;
                    v = nv;
                    cap *= 2;
                }
                double s = cli_jnum(m, "start", -1), e = cli_jnum(m, "end", -1);
                if (s < 0 || e <= s || e > (double)len || !cli_jstr(it, "id"))
                    continue;
                v[n++] = (hmark){ (size_t)s, (size_t)e, cli_jstr(it, "id"), NULL, it, NULL, l == 1 };
            }
        }
    }
    if (v)
        qsort(v, n, sizeof *v, hmark_cmp);
    size_t w = 0;                     /* an actor that is also a place: one mark, two ids */
    for (size_t k = 0; v && k < n; k++) {
        if (w > 0 && v[k].start == v[w - 1].start && v[k].end == v[w - 1].end) {
            if (!v[w - 1].id2 && v[w - 1].loc != v[k].loc) {
                v[w - 1].id2 = v[k].id;
                v[w - 1].item2 = v[k].item;
            }
            continue;
        }
        v[w++] = v[k];
    }
    n = w;
    cli_buf_str(b, "<div class=\"text\">");
    size_t pos = 0;
    hmark *stack[32];
    int depth = 0;
    for (size_t k = 0; v && k < n; k++) {
        hmark *m = &v[k];
        while (depth > 0 && stack[depth - 1]->end <= m->start) {  /* close what ended */
            hmark *top = stack[--depth];
            hb_esc(b, text + pos, top->end - pos);
            pos = top->end;
            mark_close(b, top, seq);
        }
        if (m->start < pos || (depth > 0 && m->end > stack[depth - 1]->end) ||
            depth == (int)(sizeof stack / sizeof *stack)) {
            m->id = NULL;                         /* overlaps without nesting */
            continue;
        }
        hb_esc(b, text + pos, m->start - pos);
        pos = m->start;
        mark_open(b, m);
        stack[depth++] = m;
    }
    while (depth > 0) {
        hmark *top = stack[--depth];
        hb_esc(b, text + pos, top->end - pos);
        pos = top->end;
        mark_close(b, top, seq);
    }
    if (pos < len)
        hb_esc(b, text + pos, len - pos);
    cli_buf_str(b, "</div>\n");
    free(v);
}

/* ------------------------------------------------------------ the stance graph */

typedef struct gnode {
    const char *key;            /* item id, or the topic text of a target-less stance */
    const cJSON *item;          /* NULL for a topic */
    bool topic;
    double x, y;
} gnode;

static int node_of(gnode *nodes, int *n, int cap, const char *key, const cJSON *item, bool topic)
{
    for (int i = 0; i < *n; i++)
        if (nodes[i].topic == topic && strcmp(nodes[i].key, key) == 0)
            return i;
    if (*n == cap)
        return -1;
    nodes[*n] = (gnode){ key, item, topic, 0, 0 };
    return (*n)++;
}

#define GRAPH_MAX_NODES 80
#define NODE_R 7.0
#define LOOP_SIZE(rank) (40.0 + 24.0 * (rank))   /* reach of the rank-th loop on a node */

/* A stance's source and target nodes (-1 when missing). */
static void stance_ends(const cJSON *res, const cJSON *st, gnode *nodes, int *n, int *src,
                        int *tgt)
{
    const char *s = cli_jstr(st, "source"), *t = cli_jstr(st, "target"), *topic = cli_jstr(st, "topic");
    const cJSON *si = cli_find_item(res, s), *ti = cli_find_item(res, t);
    *src = si ? node_of(nodes, n, GRAPH_MAX_NODES, s, si, false) : -1;
    if (ti)
        *tgt = node_of(nodes, n, GRAPH_MAX_NODES, t, ti, false);
    else if (topic && *topic)
        *tgt = node_of(nodes, n, GRAPH_MAX_NODES, topic, NULL, true);
    else
        *tgt = -1;
}

static void svg_label(cli_buf *b, double x, double y, const char *anchor, const char *cls,
                      const char *s, size_t max_chars)
{
    cli_buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" class=\"%s\">", x, y, anchor,
              cls);
    hb_esc_short(b, s, max_chars);
    cli_buf_str(b, "</text>");
}

/*
 * Nodes sit on a circle in order of first appearance in the stances, so the
 * same result always gives the same picture (and partners in a stance tend
 * to be neighbours). One arrow between two nodes is straight; several, in
 * either direction, fan out as quadratic curves symmetric about the line,
 * their labels stepped apart. A stance of an item with itself is a loop
 * outside the circle, and the picture grows to keep it and the labels in.
 * A stance without a target but with a topic points at a white topic node.
 * At most GRAPH_MAX_NODES nodes; stances beyond them stay in the table.
 */
static void html_graph(cli_buf *b, const cJSON *res, size_t seq)
{
    const cJSON *stances = cJSON_GetObjectItemCaseSensitive(res, "stances");
    gnode nodes[GRAPH_MAX_NODES];
    int n = 0, nedges = 0, max_loops = 0;
    int loops[GRAPH_MAX_NODES] = { 0 }, loop_used[GRAPH_MAX_NODES] = { 0 };
    const cJSON *st;
    cJSON_ArrayForEach(st, stances) {
        int s, t;
        stance_ends(res, st, nodes, &n, &s, &t);
        nedges += s >= 0 && t >= 0;
        if (s >= 0 && s == t && ++loops[s] > max_loops)
            max_loops = loops[s];
    }
    if (nedges == 0)
        return;
    double radius = 60.0 * n / (2 * M_PI);      /* about 60px between neighbours */
    if (radius < 140)
        radius = 140;
    double loop_room = max_loops ? LOOP_SIZE(max_loops - 1) : 0;   /* loops stand outside */
    const double pad_x = 170 + loop_room, pad_y = 56 + loop_room;
    double w = 2 * (radius + pad_x), h = 2 * (radius + pad_y), cx = w / 2, cy = h / 2;
    if (n == 2) {                                 /* side by side reads better than top/bottom */
        h = 2 * pad_y + 120;
        cy = h / 2;
    }
    for (int i = 0; i < n; i++) {
        double a = n == 2 ? M_PI * i : -M_PI / 2 + 2 * M_PI * i / n;
        nodes[i].x = cx + radius * cos(a);
        nodes[i].y = cy + radius * sin(a);
    }
    cli_buf_printf(b, "<figure class=\"graph\"><svg xmlns=\"http://www.w3.org/2000/svg\" "
                 "class=\"stance-graph\" role=\"img\" width=\"%.0f\" height=\"%.0f\" "
                 "viewBox=\"0 0 %.0f %.0f\" font-family=\"system-ui,sans-serif\" "
                 "font-size=\"12\">\n",
              w, h, w, h);
    cli_buf_printf(b, "<title>Stance graph of document %zu</title>\n<defs>", seq + 1);
    static const char *const pol_name[3] = { "neg", "neu", "pos" };
    static const char *const pol_color[3] = { "#c62828", "#757575", "#2e7d32" };
    for (int k = 0; k < 3; k++)
        cli_buf_printf(b, "<marker id=\"d%zu-arrow-%s\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" "
                     "markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\">"
                     "<path d=\"M0,0 L10,5 L0,10 z\" fill=\"%s\"/></marker>",
                  seq, pol_name[k], pol_color[k]);
    cli_buf_str(b, "</defs>\n<style>text.edge{paint-order:stroke;stroke:#fff;stroke-width:3px;"
              "font-size:11px}text.node{font-weight:600;fill:#222}"
              "text.topic{font-style:italic;fill:#555}</style>\n");

    /* Arrows between the same two nodes (either way) fan out symmetrically
     * about the straight line, in order of appearance: pair_total counts
     * them, pair_used hands out their slots. Loops count per node. */
    size_t nn = (size_t)n * (size_t)n;
    int *pair_total = calloc(nn, sizeof *pair_total), *pair_used = calloc(nn, sizeof *pair_used);
    cJSON_ArrayForEach(st, stances) {
        int s, t, m = n;
        stance_ends(res, st, nodes, &m, &s, &t);
        if (s < 0 || t < 0 || s == t)
            continue;
        if (pair_total)
            pair_total[(s < t ? s : t) * n + (s < t ? t : s)]++;
    }
    /* Edges first, so that nodes and their labels are drawn over them. */
    cJSON_ArrayForEach(st, stances) {
        int s, t, m = n;
        stance_ends(res, st, nodes, &m, &s, &t);
        if (s < 0 || t < 0)
            continue;
        int pol = (int)cli_jnum(st, "polarity", 0);
        int pk = pol < 0 ? 0 : pol > 0 ? 2 : 1;
        double x1 = nodes[s].x, y1 = nodes[s].y, x2 = nodes[t].x, y2 = nodes[t].y;
        double lx, ly;
        cli_buf_printf(b, "<g class=\"edge %s\">", pol_name[pk]);
        if (s == t) {                             /* a loop, outside the circle */
            int rank = loop_used[s]++;
            double dx = x1 - cx, dy = y1 - cy, d = sqrt(dx * dx + dy * dy);
            double ux = d > 0 ? dx / d : 0, uy = d > 0 ? dy / d : -1;
            double size = LOOP_SIZE(rank);
            double px = -uy, py = ux;             /* along the circle */
            double ax = x1 + NODE_R * (ux + px * .6), ay = y1 + NODE_R * (uy + py * .6);
            double bx = x1 + NODE_R * (ux - px * .6), by = y1 + NODE_R * (uy - py * .6);
            cli_buf_printf(b, "<path d=\"M%.1f,%.1f C%.1f,%.1f %.1f,%.1f %.1f,%.1f\" fill=\"none\" "
                         "stroke=\"%s\" stroke-width=\"1.8\" marker-end=\"url(#d%zu-arrow-%s)\"/>",
                      ax, ay, x1 + size * (ux + px * .8), y1 + size * (uy + py * .8),
                      x1 + size * (ux - px * .8), y1 + size * (uy - py * .8), bx, by,
                      pol_color[pk], seq, pol_name[pk]);
            /* beside the loop, so the node's own label can sit beyond it */
            lx = x1 + size * .6 * ux + (size * .6 + 8) * px;
            ly = y1 + size * .6 * uy + (size * .6 + 8) * py + 4;
        } else {
            int lo = s < t ? s : t, hi = s < t ? t : s;
            int total = pair_total ? pair_total[lo * n + hi] : 1;
            int slot = pair_used ? pair_used[lo * n + hi]++ : 0;
            double centre = slot - (total - 1) / 2.0;
            /* the bend is measured on the pair's own lo -> hi normal, so
             * arrows in both directions share one fan */
            double dx = nodes[hi].x - nodes[lo].x, dy = nodes[hi].y - nodes[lo].y;
            double d = sqrt(dx * dx + dy * dy);
            double ux = dx / d, uy = dy / d, nx = -uy, ny = ux;
            double bend = 32 * centre;
            double mx = (x1 + x2) / 2 + nx * bend, my = (y1 + y2) / 2 + ny * bend;
            /* start and end on the node circles, aimed at the control point */
            double sx = mx - x1, sy = my - y1, sd = sqrt(sx * sx + sy * sy);
            double ex = mx - x2, ey = my - y2, ed = sqrt(ex * ex + ey * ey);
            double ax = x1 + NODE_R * sx / sd, ay = y1 + NODE_R * sy / sd;
            double bx = x2 + (NODE_R + 1) * ex / ed, by = y2 + (NODE_R + 1) * ey / ed;
            cli_buf_printf(b, "<path d=\"M%.1f,%.1f Q%.1f,%.1f %.1f,%.1f\" fill=\"none\" "
                         "stroke=\"%s\" stroke-width=\"1.8\" marker-end=\"url(#d%zu-arrow-%s)\"/>",
                      ax, ay, mx, my, bx, by, pol_color[pk], seq, pol_name[pk]);
            /* on the curve's midpoint; labels of a steep fan also step along
             * the line, since the text runs across it */
            double step = 15 * centre * fabs(uy);
            lx = .25 * ax + .5 * mx + .25 * bx + ux * step;
            ly = .25 * ay + .5 * my + .25 * by + uy * step + 4;
        }
        cli_buf_str(b, "<title>");
        hb_escs(b, cli_jstr(st, "type"));
        cli_buf_printf(b, pol ? " (%+d" : " (%d", pol);
        if (cli_jstr(st, "modality")) {
            cli_buf_str(b, ", ");
            hb_escs(b, cli_jstr(st, "modality"));
        }
        cli_buf_str(b, "): ");
        hb_esc_short(b, cli_jstr(cJSON_GetObjectItemCaseSensitive(st, "evidence"), "text"), 200);
        cli_buf_str(b, "</title>");
        cli_buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" class=\"edge\" "
                     "fill=\"%s\">",
                  lx, ly, pol_color[pk]);
        hb_esc_short(b, cli_jstr(st, "type") ? cli_jstr(st, "type") : cli_jstr(st, "plover"), 24);
        cli_buf_str(b, "</text></g>\n");
    }
    free(pair_total);
    free(pair_used);

    for (int i = 0; i < n; i++) {
        const gnode *g = &nodes[i];
        bool loc = !g->topic && g->key[0] == 'l';
        const char *fill = g->topic ? "#ffffff" : loc ? "#f0a020" : "#3a87c8";
        cli_buf_printf(b, "<g class=\"node\"><circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.0f\" fill=\"%s\" "
                     "stroke=\"#333\" stroke-width=\"1\"/>",
                  g->x, g->y, NODE_R, fill);
        cli_buf_str(b, "<title>");
        if (g->topic) {
            cli_buf_str(b, "topic: ");
            hb_escs(b, g->key);
        } else {
            hb_escs(b, g->key);
            cli_buf_str(b, ": ");
            hb_escs(b, cli_jstr(g->item, "name"));
        }
        cli_buf_str(b, "</title>");
        /* the label outside the circle, anchored away from the centre */
        double dx = g->x - cx, dy = g->y - cy, d = sqrt(dx * dx + dy * dy);
        double ux = d > 0 ? dx / d : 0, uy = d > 0 ? dy / d : 1;
        const char *anchor = ux > .3 ? "start" : ux < -.3 ? "end" : "middle";
        double out = NODE_R + 6 + (loops[i] ? LOOP_SIZE(loops[i] - 1) : 0);
        double lx = g->x + ux * out, ly = g->y + uy * (out + 2) + 4;
        if (uy < -.3 && ux >= -.3 && ux <= .3)
            ly -= 4;
        const char *name = g->topic ? g->key : cli_jstr(g->item, "name");
        svg_label(b, lx, ly, anchor, g->topic ? "topic" : "node", name ? name : g->key, 28);
        cli_buf_str(b, "</g>\n");
    }
    cli_buf_str(b, "</svg><figcaption>Stances: arrows from source to target; "
              "<span class=\"key-neg\">red: conflict</span>, "
              "<span class=\"key-neu\">grey: neutral</span>, "
              "<span class=\"key-pos\">green: cooperation</span>. "
              "Blue nodes are actors, amber nodes locations.</figcaption></figure>\n");
}

/* ------------------------------------------------------------ tables */

static void cell(cli_buf *b, const char *s)
{
    cli_buf_str(b, "<td>");
    hb_escs(b, s ? s : "");
    cli_buf_str(b, "</td>");
}

static void num_cell(cli_buf *b, long v)
{
    cli_buf_printf(b, "<td class=\"num\">%ld</td>", v);
}

/* A cell linking to an item's row: its name, with its id. */
static void item_cell(cli_buf *b, const cJSON *res, const char *id, size_t seq, const char *none)
{
    const cJSON *it = cli_find_item(res, id);
    cli_buf_str(b, "<td>");
    if (it) {
        cli_buf_printf(b, "<a href=\"#d%zu-", seq);
        hb_escs(b, id);
        cli_buf_str(b, "\">");
        hb_escs(b, cli_jstr(it, "name") ? cli_jstr(it, "name") : id);
        cli_buf_str(b, "</a>");
    } else if (none) {
        cli_buf_str(b, "<span class=\"none\">");
        hb_escs(b, none);
        cli_buf_str(b, "</span>");
    }
    cli_buf_str(b, "</td>");
}

static void row_open(cli_buf *b, size_t seq, const char *id, const char *cls)
{
    cli_buf_printf(b, "<tr id=\"d%zu-", seq);
    hb_escs(b, id ? id : "");
    cli_buf_str(b, "\"");
    if (cls)
        cli_buf_printf(b, " class=\"%s\"", cls);
    cli_buf_str(b, ">");
}

static void html_tables(cli_buf *b, const cJSON *res, size_t seq)
{
    char num[64];
    const cJSON *it;
    cli_buf_printf(b, "<h3>Actors (%d)</h3>\n", jcount(res, "actors"));
    if (jcount(res, "actors") == 0)
        cli_buf_str(b, "<p class=\"none\">No actors.</p>\n");
    else
        cli_buf_str(b, "<table class=\"actors\"><tr><th>id</th><th>name</th><th>kind</th>"
              "<th>country</th><th>code</th><th>role</th><th>mentions</th></tr>\n");
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(res, "actors")) {
        row_open(b, seq, cli_jstr(it, "id"), NULL);
        cell(b, cli_jstr(it, "id"));
        cell(b, cli_jstr(it, "name"));
        cell(b, cli_jstr(it, "kind"));
        cell(b, cli_jstr(it, "country"));
        cell(b, cli_jstr(it, "code"));
        cell(b, cli_jstr(it, "role"));
        num_cell(b, jcount(it, "mentions"));
        cli_buf_str(b, "</tr>\n");
    }
    if (jcount(res, "actors"))
        cli_buf_str(b, "</table>\n");
    cli_buf_printf(b, "<h3>Locations (%d)</h3>\n", jcount(res, "locations"));
    if (jcount(res, "locations") == 0)
        cli_buf_str(b, "<p class=\"none\">No locations.</p>\n");
    else
        cli_buf_str(b, "<table class=\"locations\"><tr><th>id</th><th>name</th><th>kind</th>"
              "<th>country</th><th>lat, lon</th><th>mentions</th></tr>\n");
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(res, "locations")) {
        row_open(b, seq, cli_jstr(it, "id"), NULL);
        cell(b, cli_jstr(it, "id"));
        cell(b, cli_jstr(it, "name"));
        cell(b, cli_jstr(it, "kind"));
        cell(b, cli_jstr(it, "country"));
        if (cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(it, "lat")) &&
            cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(it, "lon")))
            snprintf(num, sizeof num, "%.4f, %.4f", cli_jnum(it, "lat", 0), cli_jnum(it, "lon", 0));
        else
            num[0] = '\0';
        cell(b, num);
        num_cell(b, jcount(it, "mentions"));
        cli_buf_str(b, "</tr>\n");
    }
    if (jcount(res, "locations"))
        cli_buf_str(b, "</table>\n");
    cli_buf_printf(b, "<h3>Stances (%d)</h3>\n", jcount(res, "stances"));
    if (jcount(res, "stances") == 0)
        cli_buf_str(b, "<p class=\"none\">No stances.</p>\n");
    else
        cli_buf_str(b, "<table class=\"stances\"><tr><th>#</th><th>source</th><th>type</th>"
              "<th>target</th><th>CAMEO</th><th>PLOVER</th><th>polarity</th><th>modality</th>"
              "<th>where</th><th>sentence</th><th>evidence</th></tr>\n");
    int k = 0;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(res, "stances")) {
        int pol = (int)cli_jnum(it, "polarity", 0);
        char sid[32];
        snprintf(sid, sizeof sid, "s%d", ++k);
        row_open(b, seq, sid, polarity_class(pol));
        num_cell(b, k);
        item_cell(b, res, cli_jstr(it, "source"), seq, "(none)");
        cell(b, cli_jstr(it, "type"));
        item_cell(b, res, cli_jstr(it, "target"), seq, cli_jstr(it, "topic") ? cli_jstr(it, "topic") : "(none)");
        cell(b, cli_jstr(it, "cameo"));
        cell(b, cli_jstr(it, "plover"));
        snprintf(num, sizeof num, pol ? "%+d" : "%d", pol);
        cell(b, num);
        cell(b, cli_jstr(it, "modality"));
        item_cell(b, res, cli_jstr(it, "location"), seq, NULL);
        num_cell(b, (long)cli_jnum(it, "sentence", 0));
        cell(b, cli_jstr(cJSON_GetObjectItemCaseSensitive(it, "evidence"), "text"));
        cli_buf_str(b, "</tr>\n");
    }
    if (k)
        cli_buf_str(b, "</table>\n");
}

/* ------------------------------------------------------------ one document */

static void index_row(cli_buf *b, const cJSON *res, size_t seq, int nerrors)
{
    const char *id = cli_jstr(res, "id"), *title = cli_jstr(res, "title"), *date = cli_jstr(res, "date");
    cli_buf_printf(b, "<tr%s><td class=\"num\">%zu</td><td><a href=\"#d%zu\">",
              nerrors ? " class=\"err\"" : "", seq + 1, seq);
    hb_esc_short(b, title ? title : id ? id : "(no id)", 90);
    cli_buf_str(b, "</a>");
    if (title && id) {
        cli_buf_str(b, " <span class=\"meta\">");
        hb_esc_short(b, id, 60);
        cli_buf_str(b, "</span>");
    }
    cli_buf_str(b, "</td>");
    cell(b, date);
    num_cell(b, jcount(res, "actors"));
    num_cell(b, jcount(res, "locations"));
    num_cell(b, jcount(res, "stances"));
    num_cell(b, nerrors);
    cli_buf_str(b, "</tr>\n");
}

char *cli_render_html(const cJSON *res, const char *text, size_t len, size_t seq,
                      size_t *out_len, char **index)
{
    cli_buf b = { NULL, 0, 0, false };
    const char *id = cli_jstr(res, "id"), *title = cli_jstr(res, "title"), *date = cli_jstr(res, "date");
    int nerrors = jcount(res, "errors");
    cli_buf_printf(&b, "<section class=\"doc\" id=\"d%zu\"><h2>", seq);
    hb_escs(&b, title ? title : id ? id : "(no id)");
    cli_buf_str(&b, "</h2>\n<p class=\"meta\">");
    if (title && id) {
        cli_buf_str(&b, "id ");
        hb_escs(&b, id);
        cli_buf_str(&b, " &middot; ");
    }
    if (date) {
        cli_buf_str(&b, "date ");
        hb_escs(&b, date);
        cli_buf_str(&b, " &middot; ");
    }
    cli_buf_printf(&b, "%d actors &middot; %d locations &middot; %d stances", jcount(res, "actors"),
              jcount(res, "locations"), jcount(res, "stances"));
    if (nerrors)
        cli_buf_printf(&b, " &middot; <span class=\"err\">%d error%s</span>", nerrors,
                  nerrors == 1 ? "" : "s");
    cli_buf_str(&b, "</p>\n");
    if (text)
        html_article_text(&b, res, text, len, seq);
    html_graph(&b, res, seq);
    html_tables(&b, res, seq);
    if (nerrors) {
        const cJSON *it;
        cli_buf_str(&b, "<h3>Errors</h3><ul class=\"err\">");
        cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(res, "errors")) {
            cli_buf_str(&b, "<li>");
            if (cli_jstr(it, "rule")) {
                cli_buf_str(&b, "rule ");
                hb_escs(&b, cli_jstr(it, "rule"));
                if (cli_jstr(it, "where")) {
                    cli_buf_str(&b, " (");
                    hb_escs(&b, cli_jstr(it, "where"));
                    cli_buf_str(&b, ")");
                }
                cli_buf_str(&b, ": ");
            }
            hb_escs(&b, cli_jstr(it, "message"));
            cli_buf_str(&b, "</li>");
        }
        cli_buf_str(&b, "</ul>\n");
    }
    cli_buf_str(&b, "</section>\n");
    if (index) {
        cli_buf row = { NULL, 0, 0, false };
        index_row(&row, res, seq, nerrors);
        size_t rlen;
        *index = cli_buf_finish(&row, &rlen);
    }
    return cli_buf_finish(&b, out_len);
}
