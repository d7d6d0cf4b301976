/*
 * cli_html.c - the html report: one self-contained page (no scripts, no
 * external resources) with, per document, the article with its actors and
 * locations highlighted and tables of actors, locations and stances.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

typedef struct hbuf {
    char *s;
    size_t n, cap;
} hbuf;

static void hb_add(hbuf *b, const char *s, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 4096;
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

static void hb_str(hbuf *b, const char *s) { hb_add(b, s, strlen(s)); }

/* Append text escaped for HTML. */
static void hb_esc(hbuf *b, const char *s, size_t n)
{
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        const char *rep = NULL;
        switch (s[i]) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        default: break;
        }
        if (rep) {
            hb_add(b, s + run, i - run);
            hb_str(b, rep);
            run = i + 1;
        }
    }
    hb_add(b, s + run, n - run);
}

static void hb_escs(hbuf *b, const char *s)
{
    if (s)
        hb_esc(b, s, strlen(s));
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

const char *cli_html_header(void)
{
    return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
           "<title>polis report</title>\n<style>\n"
           "body{font:15px/1.5 system-ui,sans-serif;margin:2em auto;max-width:62em;color:#222}\n"
           "article.doc{border-top:2px solid #ccc;margin-top:2em;padding-top:1em}\n"
           ".text{white-space:pre-wrap;background:#fafafa;padding:1em;border:1px solid #eee}\n"
           "mark.actor{background:#cdeefd}mark.location{background:#d4f5d0}\n"
           "mark sup{font-size:70%;color:#555;margin-left:.15em}\n"
           "table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #ddd;"
           "padding:.2em .5em;text-align:left;vertical-align:top}\n"
           ".neg{color:#b00}.pos{color:#070}.neu{color:#555}.err{color:#b00}\n"
           "</style></head><body>\n<h1>polis report</h1>\n";
}

const char *cli_html_footer(void)
{
    return "</body></html>\n";
}

typedef struct hmark {
    size_t start, end;
    const char *id;
    bool loc;
} hmark;

static int hmark_cmp(const void *a, const void *b)
{
    const hmark *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return x->end > y->end ? -1 : x->end < y->end;
}

static void html_article_text(hbuf *b, const cJSON *res, const char *text, size_t len)
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
                v[n++] = (hmark){ (size_t)jnum(m, "start", 0), (size_t)jnum(m, "end", 0),
                                  jstr(it, "id"), l == 1 };
            }
        }
    }
    if (v)
        qsort(v, n, sizeof *v, hmark_cmp);
    hb_str(b, "<div class=\"text\">");
    size_t pos = 0;
    for (size_t k = 0; v && k < n; k++) {
        if (v[k].start < pos || v[k].end > len || v[k].start >= v[k].end)
            continue;
        hb_esc(b, text + pos, v[k].start - pos);
        hb_str(b, v[k].loc ? "<mark class=\"location\">" : "<mark class=\"actor\">");
        hb_esc(b, text + v[k].start, v[k].end - v[k].start);
        hb_str(b, "<sup>");
        hb_escs(b, v[k].id);
        hb_str(b, "</sup></mark>");
        pos = v[k].end;
    }
    if (pos < len)
        hb_esc(b, text + pos, len - pos);
    hb_str(b, "</div>\n");
    free(v);
}

static const cJSON *find_item(const cJSON *res, const char *id)
{
    if (!id)
        return NULL;
    const cJSON *it;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(res, id[0] == 'l' ? "locations"
                                                                                : "actors")) {
        const char *x = jstr(it, "id");
        if (x && strcmp(x, id) == 0)
            return it;
    }
    return NULL;
}

static void cell(hbuf *b, const char *s)
{
    hb_str(b, "<td>");
    hb_escs(b, s ? s : "");
    hb_str(b, "</td>");
}

char *cli_render_html(const cJSON *res, const char *text, size_t len, size_t *out_len)
{
    hbuf b = { NULL, 0, 0 };
    char num[64];
    hb_str(&b, "<article class=\"doc\"><h2>");
    hb_escs(&b, jstr(res, "id"));
    hb_str(&b, "</h2>\n");
    if (jstr(res, "date")) {
        hb_str(&b, "<p>Date: ");
        hb_escs(&b, jstr(res, "date"));
        hb_str(&b, "</p>\n");
    }
    if (text)
        html_article_text(&b, res, text, len);
    const cJSON *it;
    hb_str(&b, "<h3>Actors</h3><table class=\"actors\"><tr><th>id</th><th>name</th><th>kind</th>"
               "<th>country</th><th>code</th><th>role</th><th>mentions</th></tr>\n");
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(res, "actors")) {
        hb_str(&b, "<tr>");
        cell(&b, jstr(it, "id"));
        cell(&b, jstr(it, "name"));
        cell(&b, jstr(it, "kind"));
        cell(&b, jstr(it, "country"));
        cell(&b, jstr(it, "code"));
        cell(&b, jstr(it, "role"));
        snprintf(num, sizeof num, "%d", cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(it, "mentions")));
        cell(&b, num);
        hb_str(&b, "</tr>\n");
    }
    hb_str(&b, "</table>\n<h3>Locations</h3><table class=\"locations\"><tr><th>id</th>"
               "<th>name</th><th>kind</th><th>country</th><th>lat, lon</th></tr>\n");
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(res, "locations")) {
        hb_str(&b, "<tr>");
        cell(&b, jstr(it, "id"));
        cell(&b, jstr(it, "name"));
        cell(&b, jstr(it, "kind"));
        cell(&b, jstr(it, "country"));
        if (cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(it, "lat")))
            snprintf(num, sizeof num, "%.4f, %.4f", jnum(it, "lat", 0), jnum(it, "lon", 0));
        else
            num[0] = '\0';
        cell(&b, num);
        hb_str(&b, "</tr>\n");
    }
    hb_str(&b, "</table>\n<h3>Stances</h3><table class=\"stances\"><tr><th>source</th>"
               "<th>type</th><th>target</th><th>CAMEO</th><th>PLOVER</th><th>polarity</th>"
               "<th>modality</th><th>evidence</th></tr>\n");
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(res, "stances")) {
        const cJSON *src = find_item(res, jstr(it, "source"));
        const cJSON *tgt = find_item(res, jstr(it, "target"));
        int pol = (int)jnum(it, "polarity", 0);
        hb_str(&b, pol < 0 ? "<tr class=\"neg\">" : pol > 0 ? "<tr class=\"pos\">" : "<tr class=\"neu\">");
        cell(&b, src ? jstr(src, "name") : "");
        cell(&b, jstr(it, "type"));
        cell(&b, tgt ? jstr(tgt, "name") : "");
        cell(&b, jstr(it, "cameo"));
        cell(&b, jstr(it, "plover"));
        snprintf(num, sizeof num, "%+d", pol);
        cell(&b, num);
        cell(&b, jstr(it, "modality"));
        cell(&b, jstr(cJSON_GetObjectItemCaseSensitive(it, "evidence"), "text"));
        hb_str(&b, "</tr>\n");
    }
    hb_str(&b, "</table>\n");
    const cJSON *errs = cJSON_GetObjectItemCaseSensitive(res, "errors");
    if (cJSON_GetArraySize(errs) > 0) {
        hb_str(&b, "<h3>Errors</h3><ul class=\"err\">");
        cJSON_ArrayForEach(it, errs) {
            hb_str(&b, "<li>");
            hb_escs(&b, jstr(it, "message"));
            hb_str(&b, "</li>");
        }
        hb_str(&b, "</ul>\n");
    }
    hb_str(&b, "</article>\n");
    *out_len = b.n;
    return b.s;
}
