/*
 * test_tpattern.c - token patterns: every construct, captures, backtracking
 * through dictionary and annotation lengths, sentence limits, anchors,
 * overlap, the step limit, compile errors and a realistic stance rule.
 *
 *   test_tpattern                 run the unit tests (TAP)
 *   test_tpattern --bench [file]  time patterns over a JSONL corpus
 *                                 (default ../shared/data/news/bbc.jsonl)
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "polis_text.h"
#include "check.h"

static polis_symtab *labels;
static polis_dict *d_condemn, *d_names;
static polis_tpat_ctx *ctx;
static polis_doc doc;
static uint32_t L_ACTOR, L_LOCATION;

static const polis_dict *env_dict(void *ud, const char *name, size_t len)
{
    (void)ud;
    if (len == 7 && memcmp(name, "condemn", 7) == 0)
        return d_condemn;
    if (len == 5 && memcmp(name, "names", 5) == 0)
        return d_names;
    return NULL;
}

static polis_tpat_env env;

static void load(const char *text)
{
    CHECK(polis_doc_analyze(&doc, text, strlen(text), NULL) == 0);
}

/* Index of the k-th token (0-based) whose original text is word. */
static uint32_t tok(const char *word, int k)
{
    size_t n = strlen(word);
    for (size_t i = 0; i < doc.toks.n; i++) {
        const polis_token *t = &doc.toks.v[i];
        if (t->end - t->start == n && memcmp(doc.text + t->start, word, n) == 0 && k-- == 0)
            return (uint32_t)i;
    }
    fprintf(stderr, "  no token \"%s\"\n", word);
    return UINT32_MAX;
}

/* Annotate the tokens from `first` to `last` (inclusive, first occurrences). */
static long annot(uint32_t label, const char *first, const char *last)
{
    uint32_t a = tok(first, 0), b = tok(last, 0);
    CHECK(a != UINT32_MAX && b != UINT32_MAX);
    return polis_doc_annotate(&doc, label, a, b + 1, -1);
}

static char errbuf[512];

static polis_tpat *compile(const char *src)
{
    polis_tpat *p = polis_tpat_compile(src, strlen(src), &env, errbuf, sizeof errbuf);
    if (!p)
        fprintf(stderr, "  compile \"%s\": %s\n", src, errbuf);
    return p;
}

/* The compile error of src, or "" when it compiles. */
static const char *compile_error(const char *src)
{
    polis_tpat *p = polis_tpat_compile(src, strlen(src), &env, errbuf, sizeof errbuf);
    if (p) {
        polis_tpat_free(p);
        return "";
    }
    return errbuf;
}

static void append(char *buf, size_t cap, const char *s, size_t n)
{
    size_t len = strlen(buf);
    if (len + n + 1 > cap)
        n = cap - len - 1;
    memcpy(buf + len, s, n);
    buf[len + n] = '\0';
}

static void append_span(char *buf, size_t cap, uint32_t s, uint32_t e)
{
    if (s == UINT32_MAX) {
        append(buf, cap, "-", 1);
        return;
    }
    size_t a = doc.toks.v[s].start, b = doc.toks.v[e - 1].end;
    append(buf, cap, doc.text + a, b - a);
}

struct collect {
    char buf[4096];
    const polis_tpat *p;
    bool caps;
};

static bool collect_fn(const polis_tpat_match *m, void *ud)
{
    struct collect *c = ud;
    if (c->buf[0])
        append(c->buf, sizeof c->buf, " | ", 3);
    append_span(c->buf, sizeof c->buf, m->whole.tok_start, m->whole.tok_end);
    if (c->caps && polis_tpat_ncaptures(c->p) > 0) {
        append(c->buf, sizeof c->buf, " (", 2);
        for (size_t k = 0; k < polis_tpat_ncaptures(c->p); k++) {
            const char *name = polis_tpat_capture_name(c->p, k);
            if (k)
                append(c->buf, sizeof c->buf, " ", 1);
            append(c->buf, sizeof c->buf, name, strlen(name));
            append(c->buf, sizeof c->buf, "=", 1);
            append_span(c->buf, sizeof c->buf, m->caps[k].tok_start, m->caps[k].tok_end);
        }
        append(c->buf, sizeof c->buf, ")", 1);
    }
    return true;
}

static char result[4096];

/* Every match of src in the document, "a b | c d", with captures when caps. */
static const char *scan_ex(const char *src, bool overlap, bool caps)
{
    static struct collect c;
    memset(&c, 0, sizeof c);
    polis_tpat *p = compile(src);
    if (!p) {
        snprintf(result, sizeof result, "COMPILE: %s", errbuf);
        return result;
    }
    c.p = p;
    c.caps = caps;
    long n = polis_tpat_scan(ctx, p, &doc, 0, doc.toks.n, overlap, collect_fn, &c);
    if (n < 0)
        snprintf(result, sizeof result, "ERROR: %s", polis_tpat_error(ctx));
    else
        snprintf(result, sizeof result, "%s", c.buf);
    polis_tpat_free(p);
    return result;
}

static const char *scan(const char *src)
{
    return scan_ex(src, false, false);
}

static const char *scan_caps(const char *src)
{
    return scan_ex(src, false, true);
}

/* ------------------------------------------------------------------ tests */

static void test_literals(void)
{
    load("The U.S. and the EU met in Zürich. ΑΘΗΝΑ said nothing; eye-to-eye talks began.");
    CHECK_STR(scan("the"), "The | the");
    CHECK_STR(scan("THE eu"), "the EU");
    CHECK_STR(scan("\"u.s. and\""), "U.S. and");
    CHECK_STR(scan("U.S."), "U.S.");
    CHECK_STR(scan("zürich"), "Zürich");
    CHECK_STR(scan("ZÜRICH"), "Zürich");
    CHECK_STR(scan("αθηνα said"), "ΑΘΗΝΑ said");
    CHECK_STR(scan("\"eye-to-eye\" talks"), "eye-to-eye talks");
    CHECK_STR(scan("'The'"), "The");
    CHECK_STR(scan("'the'"), "the");
    CHECK_STR(scan("'EU' met"), "EU met");
    CHECK_STR(scan("'eu'"), "");
    CHECK_STR(scan("'the EU'"), "the EU");
    CHECK_STR(scan("\"said \\\"nothing\""), "");  /* escaped quote inside: a literal " token */
    CHECK_STR(scan("nothing ;"), "nothing;");
    CHECK_STR(scan("in Zürich \".\""), "in Zürich.");
}

static void test_alternation(void)
{
    load("Russia has condemned the strike. China had welcomed it. India have sat out.");
    CHECK_STR(scan("(has | had) [word]"), "has condemned | had welcomed");
    CHECK_STR(scan("(has condemned | had | sat out)"), "has condemned | had | sat out");
    CHECK_STR(scan("(china (had | has) | india (have | has)) [word]"), "China had welcomed | India have sat");
    CHECK_STR(scan("russia | china"), "Russia | China");
    /* leftmost-first: the first alternative that leads to a match wins */
    CHECK_STR(scan("(has | has condemned) the"), "has condemned the");
    CHECK_STR(scan("(the | the strike)"), "the");
}

/* Lists of words become one set lookup (and adjacent one-token alternatives
 * one test): the same matches as trying them one by one. */
static void test_word_sets(void)
{
    load("Russia has condemned the strike. China had welcomed it. India have sat out. "
         "They no longer talk, and it was, in turn, quietly ended by them.");
    CHECK_STR(scan("(has | had | have | was | were) [word]"),
              "has condemned | had welcomed | have sat");
    CHECK_STR(scan("(has | had | have | was) ([word] | \"no longer\")"),
              "has condemned | had welcomed | have sat");
    /* a multi-token alternative between word runs keeps its place */
    CHECK_STR(scan("(is | are | has | \"no longer\" | in turn | had | have | were | they) [word]"),
              "has condemned | had welcomed | have sat | They no");
    /* a word list mixed with tests, exact words, and a regex test */
    CHECK_STR(scan("(has | had | have | 'India' | was | [num] | [lower & /ly$/]) [word]"),
              "has condemned | had welcomed | India have | quietly ended");
    /* captures inside alternatives stay choices */
    CHECK_STR(scan("((has | had | have | was)=aux | sat=aux) [word]"),
              "has condemned | had welcomed | have sat");
    /* negated word lists: [!a & !b & ...] */
    CHECK_STR(scan("has [!\"the\" & !\"a\" & !\"an\" & !\"it\" & !\".\" & word]"), "has condemned");
    CHECK_STR(scan("[lower & !\"has\" & !\"had\" & !\"have\" & !\"was\" & !\"it\" & !\"the\" "
                   "& !\"and\" & !\"in\" & !\"by\" & !\"they\" & !\"no\"] [end]"), "strike. | out. | them.");
    CHECK_STR(scan("[\"russia\" | \"china\" | \"india\" | \"them\" | cap]"),
              "Russia | China | India | They | them");
    /* leftmost-first still holds around a word run */
    CHECK_STR(scan("(has | had | have | was | has condemned) the"), "has condemned the");
}

static void test_token_tests(void)
{
    load("In 2023, NATO and the U.S. warned Moscow - quietly - about 6,500 troops (\"enough\").");
    CHECK_STR(scan("[cap]"), "In | NATO | U.S. | Moscow");
    CHECK_STR(scan("[cap & !sent_start]"), "NATO | U.S. | Moscow");
    CHECK_STR(scan("[upper]"), "NATO | U.S.");
    CHECK_STR(scan("[acronym]"), "U.S.");
    CHECK_STR(scan("[num]"), "2023 | 6,500");
    CHECK_STR(scan("[dash]"), "- | -");
    CHECK_STR(scan("[quote]"), "\" | \"");
    CHECK_STR(scan("[open] [quote]"), "(\"");
    CHECK_STR(scan("[num] [word]"), "6,500 troops");
    CHECK_STR(scan("[upper | num]"), "2023 | NATO | U.S. | 6,500");
    CHECK_STR(scan("[!word & !punct]"), "2023 | 6,500");
    CHECK_STR(scan("[(cap | num) & !sent_start]"), "2023 | NATO | U.S. | Moscow | 6,500");
    CHECK_STR(scan("[/ly$/]"), "quietly");
    CHECK_STR(scan("[/^mos/i]"), "Moscow");
    CHECK_STR(scan("[/^mos/]"), "");
    CHECK_STR(scan("[/^nato$/n]"), "NATO");
    CHECK_STR(scan("[len>6]"), "quietly");
    CHECK_STR(scan("[len==4 & cap]"), "NATO | U.S.");
    CHECK_STR(scan("[len==4 & cap & !acronym]"), "NATO");
    CHECK_STR(scan("[len<=2 & word]"), "In");
    CHECK_STR(scan("[word & !\"the\" & !'In' & lower & len<4]"), "and");
    CHECK_STR(scan("[\"nato\" | 'Moscow']"), "NATO | Moscow");
    CHECK_STR(scan("[word & !(cap | lower)]"), "");
    CHECK_STR(scan("[cap & !cap]"), "");
    CHECK_STR(scan("[end]"), ".");
}

static void test_any_and_quantifiers(void)
{
    load("a b b b c a c a b c");
    CHECK_STR(scan("a ."), "a b | a c | a b");
    CHECK_STR(scan("a b? c"), "a c | a b c");
    CHECK_STR(scan("a b* c"), "a b b b c | a c | a b c");
    CHECK_STR(scan("a b+ c"), "a b b b c | a b c");
    CHECK_STR(scan("b{2}"), "b b");
    CHECK_STR(scan("b{2,3}"), "b b b");
    CHECK_STR(scan("a b{1,2} b c"), "a b b b c");
    CHECK_STR(scan("a b{,2} c"), "a c | a b c");
    CHECK_STR(scan("a b{3,} c"), "a b b b c");
    CHECK_STR(scan("a b{4,} c"), "");
    CHECK_STR(scan("a b{0} c"), "a c");
    CHECK_STR(scan("a .* c"), "a b b b c a c a b c");
    CHECK_STR(scan("a .*? c"), "a b b b c | a c | a b c");
    CHECK_STR(scan("a .+? c"), "a b b b c | a c a b c");
    CHECK_STR(scan("a b?? ."), "a b | a c | a b");
    CHECK_STR(scan("a .{1,3}? c"), "a b b b c | a c a b c");
    CHECK_STR(scan("a .{1,3} c"), "a b b b c | a c a b c");
    CHECK_STR(scan("b+"), "b b b | b");
    CHECK_STR(scan("b+?"), "b | b | b | b");
    CHECK_STR(scan("(b | c)+ a"), "b b b c a | c a");
    /* nullable bodies inside loops terminate */
    CHECK_STR(scan("a (b?)* c"), "a b b b c | a c | a b c");
    CHECK_STR(scan("a (b* | c?)+ a"), "a b b b c a");
    CHECK_STR(scan("c (b* | a?)+ c"), "c a c");
    CHECK_STR(scan("(b?)+"), "b b b | b");
    /* a match covers at least one token */
    CHECK_STR(scan("x?"), "");
    CHECK_STR(scan("b*?"), "b | b | b | b");
}

static void test_negation(void)
{
    load("The army and the police said the army would stay.");
    CHECK_STR(scan("the !army"), "the police");
    CHECK_STR(scan("the !(army | navy)"), "the police");
    CHECK_STR(scan("the !'army'"), "the police");
    CHECK_STR(scan("said !'The'"), "said the");
    CHECK_STR(scan("!(the | army | and | police | said | would | stay | \".\")"), "");
    CHECK_STR(scan("![word] "), ".");
    CHECK_STR(scan("[cap] !the+ said"), "");
    CHECK_STR(scan("the !(the)+ the"), "The army and the");
    CHECK_STR(scan_ex("the !(the)+ the", true, false), "The army and the | the police said the");
}

static void test_dictionary(void)
{
    load("The New York Times reported that New York condemned it, and Paris strongly condemned it.");
    CHECK_STR(scan("@names"), "New York Times | New York | Paris");
    /* the longest phrase first, then shorter ones on backtracking */
    CHECK_STR(scan_caps("@names=n Times reported"), "New York Times reported (n=New York)");
    CHECK_STR(scan_caps("@names=n @condemn=v"),
              "New York condemned (n=New York v=condemned) | Paris strongly condemned (n=Paris v=strongly condemned)");
    CHECK_STR(scan("@names strongly"), "Paris strongly");
    CHECK_STR(scan("@condemn"), "condemned | strongly condemned");

    /* the capture of a single @name element carries its entries */
    polis_tpat *p = compile("@names=n Times reported");
    polis_tpat_match m;
    CHECK(p != NULL);
    CHECK_INT(polis_tpat_match_at(ctx, p, &doc, tok("New", 0), doc.toks.n, &m), 1);
    CHECK_INT(m.whole.tok_end - m.whole.tok_start, 4);
    CHECK_INT(m.caps[0].tok_end - m.caps[0].tok_start, 2);
    CHECK(m.caps[0].dict == d_names);
    CHECK_INT(m.caps[0].nentries, 1);
    CHECK(m.caps[0].entries != NULL);
    CHECK_INT(m.caps[0].dict_entry_first, m.caps[0].entries[0]);
    CHECK_STR(polis_dict_attr(d_names, m.caps[0].dict_entry_first, "kind"), "city");
    CHECK_INT(m.caps[0].annot, -1);
    polis_tpat_free(p);

    /* dictionary captures in repeated elements record the last phrase, in a
     * group only the span */
    p = compile("(@names | @condemn)=x it");
    CHECK(p != NULL);
    CHECK_INT(polis_tpat_match_at(ctx, p, &doc, tok("condemned", 0), doc.toks.n, &m), 1);
    CHECK(m.caps[0].entries == NULL);
    CHECK(m.caps[0].dict == NULL);
    CHECK_INT(m.caps[0].dict_entry_first, -1);
    polis_tpat_free(p);
    p = compile("@condemn?=x it");
    CHECK_INT(polis_tpat_match_at(ctx, p, &doc, tok("strongly", 0), doc.toks.n, &m), 1);
    CHECK(m.caps[0].dict == d_condemn);
    CHECK_STR(polis_dict_attr(d_condemn, m.caps[0].dict_entry_first, "cameo"), "122");
    polis_tpat_free(p);
}

static void test_labels(void)
{
    load("Russian President Vladimir Putin met Chinese leader Xi Jinping in Moscow.");
    long a_long = annot(L_ACTOR, "Russian", "Putin");
    long a_short = annot(L_ACTOR, "Russian", "President");
    long a_xi = annot(L_ACTOR, "Xi", "Jinping");
    long a_cn = annot(L_ACTOR, "Chinese", "Chinese");
    long l_moscow = annot(L_LOCATION, "Moscow", "Moscow");
    long l_russia = annot(L_LOCATION, "Russian", "Russian");
    CHECK(a_long >= 0 && a_short >= 0 && a_xi >= 0 && a_cn >= 0 && l_moscow >= 0 && l_russia >= 0);

    CHECK_STR(scan("{ACTOR}"), "Russian President Vladimir Putin | Chinese | Xi Jinping");
    CHECK_STR(scan("{LOCATION}"), "Russian | Moscow");
    /* longest first, then shorter annotations on backtracking */
    CHECK_STR(scan_caps("{ACTOR}=a Vladimir"), "Russian President Vladimir (a=Russian President)");
    CHECK_STR(scan_caps("{ACTOR}=a met {ACTOR}=b"), "Russian President Vladimir Putin met Chinese (a=Russian President Vladimir Putin b=Chinese)");
    CHECK_STR(scan_caps("{ACTOR}=a met [word]* {ACTOR}=b in {LOCATION}=c"),
              "Russian President Vladimir Putin met Chinese leader Xi Jinping in Moscow (a=Russian President Vladimir Putin b=Xi Jinping c=Moscow)");
    /* alternation of labels: longest across labels first */
    CHECK_STR(scan("{ACTOR|LOCATION}"), "Russian President Vladimir Putin | Chinese | Xi Jinping | Moscow");
    CHECK_STR(scan_caps("{LOCATION|ACTOR}=x President"), "Russian President (x=Russian)");
    CHECK_STR(scan_caps("{LOCATION|ACTOR}=x [cap]"), "Russian President Vladimir (x=Russian President)");
    CHECK_STR(scan_caps("{LOCATION|ACTOR}=x [lower]"), "Russian President Vladimir Putin met (x=Russian President Vladimir Putin) | "
              "Chinese leader (x=Chinese) | Xi Jinping in (x=Xi Jinping)");
    CHECK_STR(scan_caps("{LOCATION|ACTOR}=x President Vladimir"), "Russian President Vladimir (x=Russian)");

    /* the capture of a single {LABEL} element carries the annotation index */
    polis_tpat *p = compile("{ACTOR}=a Vladimir");
    polis_tpat_match m;
    CHECK_INT(polis_tpat_match_at(ctx, p, &doc, 0, doc.toks.n, &m), 1);
    CHECK_INT(m.caps[0].annot, a_short);
    CHECK(m.caps[0].dict == NULL && m.caps[0].entries == NULL);
    polis_tpat_free(p);
    p = compile("{ACTOR|LOCATION}=a President Vladimir");
    CHECK_INT(polis_tpat_match_at(ctx, p, &doc, 0, doc.toks.n, &m), 1);
    CHECK_INT(m.caps[0].annot, l_russia);
    polis_tpat_free(p);
    p = compile("{ACTOR|LOCATION}=a Xi");
    CHECK_INT(polis_tpat_match_at(ctx, p, &doc, 0, doc.toks.n, &m), 0);
    polis_tpat_free(p);
    p = compile("({ACTOR}=a met)=b");
    CHECK_INT(polis_tpat_match_at(ctx, p, &doc, 0, doc.toks.n, &m), 1);
    CHECK_INT(m.caps[0].annot, a_long);
    CHECK_INT(m.caps[1].annot, -1);
    CHECK_INT(m.caps[1].tok_end - m.caps[1].tok_start, 5);
    polis_tpat_free(p);
    p = compile("{LOCATION}=a");
    CHECK_INT(polis_tpat_match_at(ctx, p, &doc, tok("Moscow", 0), doc.toks.n, &m), 1);
    CHECK_INT(m.caps[0].annot, l_moscow);
    polis_tpat_free(p);

    /* annotations added after a first scan are seen (the doc's index is rebuilt) */
    CHECK(annot(L_ACTOR, "leader", "Jinping") >= 0);
    CHECK_STR(scan("{ACTOR} in"), "leader Xi Jinping in");
}

static void test_captures(void)
{
    load("Officials said the talks had failed, but the ministers had not given up.");
    CHECK_STR(scan_caps("the [word]=who had not? (failed | given up)=what"),
              "the talks had failed (who=talks what=failed) | the ministers had not given up (who=ministers what=given up)");
    /* unset captures: the element was skipped or covered no token */
    CHECK_STR(scan_caps("had not?=neg [word]=v"), "had failed (neg=- v=failed) | had not given (neg=not v=given)");
    CHECK_STR(scan_caps("had (not=neg)? given=v"), "had not given (neg=not v=given)");
    CHECK_STR(scan_caps("had [word]*=x failed"), "had failed (x=-)");
    /* one name in two alternatives is one capture */
    CHECK_STR(scan_caps("(talks=x had | ministers=x had) [word]"), "talks had failed (x=talks) | ministers had not (x=ministers)");
    /* in a loop, the last iteration's value stands */
    CHECK_STR(scan_caps("but (the | [word]=w)+ had"), "but the ministers had (w=ministers)");
    /* nested captures, and a capture restored on backtracking */
    CHECK_STR(scan_caps("((the)=d [word]=n)=np had not"), "the ministers had not (d=the n=ministers np=the ministers)");
    CHECK_STR(scan_caps("the ([word]=x had)+ not"), "the ministers had not (x=ministers)");

    polis_tpat *p = compile("said=a the? [word]=b (x=c)?");
    CHECK_INT(polis_tpat_ncaptures(p), 3);
    CHECK_STR(polis_tpat_capture_name(p, 0), "a");
    CHECK_STR(polis_tpat_capture_name(p, 2), "c");
    CHECK(polis_tpat_capture_name(p, 3) == NULL);
    CHECK_STR(polis_tpat_source(p), "said=a the? [word]=b (x=c)?");
    polis_tpat_match m;
    CHECK_INT(polis_tpat_match_at(ctx, p, &doc, tok("said", 0), doc.toks.n, &m), 1);
    CHECK_INT(m.caps[2].tok_start, UINT32_MAX);
    CHECK_INT(m.caps[2].tok_end, UINT32_MAX);
    CHECK_INT(m.caps[2].annot, -1);
    CHECK_INT(m.caps[0].tok_start, tok("said", 0));
    CHECK_INT(m.whole.tok_start, tok("said", 0));
    CHECK_INT(m.whole.tok_end, tok("talks", 0) + 1);
    CHECK_INT(polis_tpat_match_at(ctx, p, &doc, tok("said", 0) + 1, doc.toks.n, &m), 0);
    polis_tpat_free(p);
}

static void test_sentences_and_anchors(void)
{
    load("Russia condemned the attack. China said nothing. The attack ended");
    CHECK_STR(scan("attack \".\" china"), "");
    CHECK_STR(scan("condemned .+"), "condemned the attack.");
    CHECK_STR(scan("condemned .* china"), "");
    CHECK_STR(scan("[cap]+"), "Russia | China | The");
    CHECK_STR(scan("^ [cap]"), "Russia | China | The");
    CHECK_STR(scan("^ china"), "China");
    CHECK_STR(scan("^ attack"), "");
    CHECK_STR(scan("[end] $"), ". | .");
    CHECK_STR(scan("attack $"), "");
    CHECK_STR(scan("ended $"), "ended");
    CHECK_STR(scan("^ . $"), "");
    CHECK_STR(scan("^ .+ $"), "Russia condemned the attack. | China said nothing. | The attack ended");
    CHECK_STR(scan("(^ the | said) [word]"), "said nothing | The attack");
    CHECK_STR(scan("[word] ($ | [end])"), "attack. | nothing. | ended");

    /* a window [from, to) limits matches; ^ and $ stay the sentence's own */
    polis_tpat *p = compile("[word]+");
    struct collect c;
    memset(&c, 0, sizeof c);
    c.p = p;
    uint32_t from = tok("condemned", 0), to = tok("said", 0);
    CHECK_INT(polis_tpat_scan(ctx, p, &doc, from, to, false, collect_fn, &c), 2);
    CHECK_STR(c.buf, "condemned the attack | China");
    polis_tpat_free(p);
    p = compile("[word] $");
    memset(&c, 0, sizeof c);
    CHECK_INT(polis_tpat_scan(ctx, p, &doc, 0, tok("ended", 0), false, collect_fn, &c), 0);
    CHECK_INT(polis_tpat_scan(ctx, p, &doc, 0, doc.toks.n, false, collect_fn, &c), 1);
    polis_tpat_free(p);
}

static bool stop_after_first(const polis_tpat_match *m, void *ud)
{
    (void)m;
    ++*(int *)ud;
    return false;
}

static void test_overlap_and_stop(void)
{
    load("a a a b a a");
    CHECK_STR(scan("a a"), "a a | a a");
    CHECK_STR(scan_ex("a a", true, false), "a a | a a | a a");
    CHECK_STR(scan_ex("a+", true, false), "a a a | a a | a | a a | a");
    CHECK_STR(scan_ex("a .", true, false), "a a | a a | a b | a a");

    polis_tpat *p = compile("a");
    int calls = 0;
    CHECK_INT(polis_tpat_scan(ctx, p, &doc, 0, doc.toks.n, false, stop_after_first, &calls), 1);
    CHECK_INT(calls, 1);
    CHECK_INT(polis_tpat_scan(ctx, p, &doc, 0, doc.toks.n, false, NULL, NULL), 5);
    CHECK_INT(polis_tpat_scan(ctx, p, &doc, 3, 99, false, NULL, NULL), 2);
    CHECK_INT(polis_tpat_scan(ctx, p, &doc, 4, 2, false, NULL, NULL), 0);
    polis_tpat_match m;
    CHECK_INT(polis_tpat_match_at(ctx, p, &doc, 3, doc.toks.n, &m), 0);
    CHECK_INT(polis_tpat_match_at(ctx, p, &doc, 99, doc.toks.n, &m), 0);
    CHECK_INT(polis_tpat_match_at(ctx, p, &doc, 4, 4, &m), 0);
    polis_tpat_free(p);
}

static char *repeat_text(const char *word, int n, const char *tail)
{
    size_t wl = strlen(word), tl = strlen(tail);
    char *s = malloc((wl + 1) * (size_t)n + tl + 1);
    size_t k = 0;
    for (int i = 0; i < n; i++) {
        memcpy(s + k, word, wl);
        k += wl;
        s[k++] = ' ';
    }
    memcpy(s + k, tail, tl + 1);
    return s;
}

static void test_step_limit(void)
{
    char *text = repeat_text("w", 400, "end");
    load(text);
    /* exponential for a naive backtracker; polynomial here, and bounded */
    polis_tpat *p = compile("(. | .)* x");
    polis_tpat_ctx *small = polis_tpat_ctx_new(NULL, 100000);
    CHECK_INT(polis_tpat_scan(small, p, &doc, 0, doc.toks.n, false, NULL, NULL), -1);
    CHECK(strstr(polis_tpat_error(small), "step limit of 100000 reached") != NULL);
    CHECK_INT(polis_tpat_scan(ctx, p, &doc, 0, 30, false, NULL, NULL), 0);
    CHECK_STR(polis_tpat_error(ctx), "");
    polis_tpat_match m;
    CHECK_INT(polis_tpat_match_at(ctx, p, &doc, 0, doc.toks.n, &m), 0);
    /* the limit is per call: a later call starts afresh */
    CHECK_INT(polis_tpat_scan(small, p, &doc, 0, 20, false, NULL, NULL), 0);
    polis_tpat_free(p);

    /* nested quantifiers that a memo-less engine explores exponentially */
    p = compile("((w | w w)+)+ x");
    CHECK_INT(polis_tpat_match_at(ctx, p, &doc, 0, doc.toks.n, &m), 0);
    CHECK_INT(polis_tpat_match_at(small, p, &doc, 0, doc.toks.n, &m), 0);
    polis_tpat_free(p);
    free(text);

    /* a sentence too long for the memo table: empty iterations are still cut
     * by progress checks, and the step limit stops exponential work */
    text = repeat_text("w", 12000, "end");
    load(text);
    CHECK_INT(doc.sents.n, 1);
    p = compile("(w?)* z .{0,99}");
    CHECK_INT(polis_tpat_match_at(ctx, p, &doc, 0, doc.toks.n, &m), 0);
    polis_tpat_free(p);
    p = compile("(w | .)* z .{0,99}");   /* (w | w) would be one test: not exponential */
    CHECK_INT(polis_tpat_match_at(small, p, &doc, 0, doc.toks.n, &m), -1);
    CHECK(strstr(polis_tpat_error(small), "step limit") != NULL);
    polis_tpat_free(p);
    p = compile("(w | w)* end");
    CHECK_INT(polis_tpat_match_at(ctx, p, &doc, 0, doc.toks.n, &m), 1);
    CHECK_INT(m.whole.tok_end, 12001);
    polis_tpat_free(p);
    polis_tpat_ctx_free(small);
    free(text);
}

static void test_compile_errors(void)
{
    CHECK_STR(compile_error(""), "pattern: empty pattern");
    CHECK_STR(compile_error("   # only a comment\n"), "pattern: empty pattern");
    CHECK_STR(compile_error("a b @verbz"), "pattern: unknown dictionary @verbz at column 5");
    CHECK_STR(compile_error("{ACTOR}=source (has|have|had)? @condemnz {ACTOR}"),
              "pattern: unknown dictionary @condemnz at column 32");
    CHECK_STR(compile_error("a (b c"), "pattern: unbalanced ( at column 3");
    CHECK_STR(compile_error("a b)"), "pattern: unbalanced ) at column 4");
    CHECK_STR(compile_error("[cap"), "pattern: unbalanced [ at column 1");
    CHECK_STR(compile_error("a ]"), "pattern: unbalanced ] at column 3");
    CHECK_STR(compile_error("{ACTOR"), "pattern: unbalanced { at column 1");
    CHECK_STR(compile_error("{}"), "pattern: empty {} at column 1");
    CHECK_STR(compile_error("[capz]"), "pattern: unknown token test [capz] at column 2");
    CHECK_STR(compile_error("[]"), "pattern: empty token test at column 2");
    CHECK_STR(compile_error("[cap word]"), "pattern: expected & | or ] in a token test, found 'w' at column 6");
    CHECK_STR(compile_error("a ?"), "pattern: nothing to repeat before ? at column 3");
    CHECK_STR(compile_error("* a"), "pattern: nothing to repeat before * at column 1");
    CHECK_STR(compile_error("a{2}{3}"), "pattern: nothing to repeat before { (one quantifier per element; use a group) at column 5");
    CHECK_STR(compile_error("a+*"), "pattern: nothing to repeat before * (one quantifier per element; use a group) at column 3");
    CHECK_STR(compile_error("a{3,1}"), "pattern: repetition {3,1} has min > max at column 2");
    CHECK_STR(compile_error("a{1000}"), "pattern: repetition count above 100 at column 2");
    CHECK_STR(compile_error("a{2"), "pattern: malformed repetition: expected } at column 2");
    CHECK_STR(compile_error("^+ a"), "pattern: an anchor cannot be repeated at column 2");
    CHECK_STR(compile_error("!. a"),
              "pattern: ! applies to one token test: a word, 'Exact', [test] or (a | b) of those at column 1");
    CHECK_STR(compile_error("!\"two words\""),
              "pattern: ! applies to one token test: a word, 'Exact', [test] or (a | b) of those at column 1");
    CHECK_STR(compile_error("!{ACTOR}"),
              "pattern: ! applies to one token test: a word, 'Exact', [test] or (a | b) of those at column 1");
    CHECK_STR(compile_error("a ! b"), "pattern: ! must be followed by a token test at column 3");
    CHECK_STR(compile_error("(a | )"), "pattern: empty alternative after | at column 4");
    CHECK_STR(compile_error("| a"), "pattern: empty alternative at column 1");
    CHECK_STR(compile_error("a ()"), "pattern: empty group () at column 3");
    CHECK_STR(compile_error("^ $"), "pattern: the pattern matches no tokens");
    CHECK_STR(compile_error("a{0}"), "pattern: the pattern matches no tokens");
    CHECK_STR(compile_error("a="), "pattern: = needs a capture name (letters, digits, _) at column 2");
    CHECK_STR(compile_error("a=x?"), "pattern: put the quantifier before =x at column 4");
    CHECK_STR(compile_error("a=x=y"), "pattern: one capture name per element at column 4");
    CHECK_STR(compile_error("= a"), "pattern: nothing to capture before = at column 1");
    CHECK_STR(compile_error("(a=x b)=x"), "pattern: capture =x is nested inside itself");
    CHECK_STR(compile_error("(a=x | b=x) c=y"), "");
    CHECK_STR(compile_error("a \"unterminated"), "pattern: unterminated \" at column 3");
    CHECK_STR(compile_error("'x"), "pattern: unterminated ' at column 1");
    CHECK_STR(compile_error("\"\""), "pattern: empty literal at column 1");
    CHECK_STR(compile_error("[\"two words\"]"), "pattern: a literal inside [ ] must be a single token at column 2");
    CHECK_STR(compile_error("[/x/q]"), "pattern: unknown regex flag in \"q\" (use i m s x U w, and n for the normalized form) at column 5");
    CHECK_STR(compile_error("[//]"), "pattern: empty /regex/ at column 2");
    CHECK_STR(compile_error("[/abc]"), "pattern: unterminated /regex/ at column 2");
    CHECK(strstr(compile_error("[/x(/]"), "pattern: regex /x(/") == errbuf);
    CHECK(strstr(errbuf, "at column 2") != NULL);
    CHECK_STR(compile_error("[len]"), "pattern: len needs a comparison such as len>3 at column 2");
    CHECK_STR(compile_error("[len > x]"), "pattern: len needs a number at column 8");
    CHECK_STR(compile_error("@"), "pattern: @ needs a dictionary name at column 1");
    CHECK_STR(compile_error("a\n  @nope"), "pattern: unknown dictionary @nope at line 2, column 3");
    CHECK_STR(compile_error("Zürich @nope"), "pattern: unknown dictionary @nope at column 8");
    CHECK_STR(compile_error("a \xff"), "pattern: invalid UTF-8 or NUL byte at column 3");
    CHECK_STR(compile_error("a {ACTOR b}"), "pattern: expected | or } in a label list at column 10");

    char deep[200] = "";
    for (int i = 0; i < 60; i++)
        strcat(deep, "(");
    strcat(deep, "a");
    CHECK_STR(compile_error(deep), "pattern: nesting deeper than 50 at column 51");
    CHECK_STR(compile_error("(.{100}){100} (.{100}){100}"),
              "pattern: pattern too large (more than 20000 instructions; lower the repetition counts)");

    /* comments and line breaks are whitespace */
    CHECK_STR(compile_error("a   # the subject\n  b # the verb\n"), "");
    /* labels and dictionaries need an environment */
    polis_tpat *p = polis_tpat_compile("{ACTOR}", 7, NULL, errbuf, sizeof errbuf);
    CHECK(p == NULL);
    CHECK_STR(errbuf, "pattern: {LABEL} needs a label table in the pattern environment at column 1");
    p = polis_tpat_compile("@x", 2, NULL, errbuf, sizeof errbuf);
    CHECK(p == NULL);
    CHECK_STR(errbuf, "pattern: unknown dictionary @x at column 1");
    p = polis_tpat_compile("a [/b/] c", 9, NULL, NULL, 0);  /* no env: regexes compiled here */
    CHECK(p != NULL);
    polis_tpat_free(p);
    CHECK(polis_tpat_compile(NULL, 0, NULL, errbuf, sizeof errbuf) == NULL);
}

/* An engine's regex cache behind env->regex. */
static polis_regex *cache_regex(void *ud, const char *pattern, size_t len, uint32_t flags,
                                char *err, size_t errlen)
{
    return polis_regex_cache_get(ud, pattern, len, flags, err, errlen);
}

static void test_regex_env(void)
{
    polis_regex_cache *cache = polis_regex_cache_new();
    polis_tpat_env e = env;
    e.regex = cache_regex;
    e.ud = cache;
    char err[256];
    polis_tpat *p = polis_tpat_compile("[/ly$/] [/^condemn/]", 20, &e, err, sizeof err);
    CHECK(p != NULL);
    load("It swiftly condemned the raid.");
    polis_regex_ctx *rctx = polis_regex_ctx_new(NULL);
    polis_tpat_ctx *c = polis_tpat_ctx_new(rctx, 0);
    polis_tpat_match m;
    CHECK_INT(polis_tpat_match_at(c, p, &doc, 1, doc.toks.n, &m), 1);
    CHECK_INT(polis_tpat_scan(c, p, &doc, 0, doc.toks.n, false, NULL, NULL), 1);
    polis_tpat_ctx_free(c);
    polis_regex_ctx_free(rctx);
    polis_tpat_free(p);           /* the cache still owns the regexes */
    p = polis_tpat_compile("[/x(/]", 6, &e, err, sizeof err);
    CHECK(p == NULL);
    CHECK(strncmp(err, "pattern: regex /x(/", 19) == 0);
    polis_regex_cache_free(cache);
}

/* A document built by hand: no sentences, tokens only. */
static void test_hand_built_doc(void)
{
    static const char text[] = "Kyiv denied it";
    polis_doc d;
    polis_doc_init(&d);
    d.text = text;
    d.len = sizeof text - 1;
    CHECK(polis_tokenize(text, d.len, NULL, &d.toks) == 0);
    d.sents.n = 0;
    polis_tpat *p = compile("^ kyiv denied it $");
    polis_tpat_match m;
    CHECK_INT(polis_tpat_match_at(ctx, p, &d, 0, d.toks.n, &m), 1);
    CHECK_INT(m.whole.tok_end, 3);
    CHECK_INT(polis_tpat_scan(ctx, p, &d, 0, d.toks.n, false, NULL, NULL), 1);
    polis_tpat_free(p);
    polis_doc_free(&d);
}

/* The start filter must never drop a start that can match. */
static void test_start_filter(void)
{
    load("The talks in Geneva ended. Talks resumed in Vienna on 3 May.");
    annot(L_LOCATION, "Geneva", "Geneva");
    annot(L_LOCATION, "Vienna", "Vienna");
    CHECK_STR(scan("the? talks"), "The talks | Talks");
    CHECK_STR(scan("(the | in)? {LOCATION}"), "in Geneva | in Vienna");
    CHECK_STR(scan("[cap & !sent_start]"), "Geneva | Vienna | May");
    CHECK_STR(scan("[num] may"), "3 May");
    CHECK_STR(scan("('Talks' | [num]) [word]"), "Talks resumed | 3 May");
    CHECK_STR(scan("(^ the | on) ."), "The talks | on 3");
    CHECK_STR(scan("[/^v/i] | ended"), "ended | Vienna");
    CHECK_STR(scan("$ | vienna"), "Vienna");
    CHECK_STR(scan("(x? ^)? resumed"), "resumed");
    CHECK_STR(scan("@names? ended"), "ended");
    /* Regression: the filter's dictionaries are indexes into the pattern's
     * dictionary list; here the start dictionary (@condemn) is the pattern's
     * second one, so reading the list by the filter's position missed it. */
    load("Paris condemned the raid. Condemned by all, they left.");
    CHECK_STR(scan("{ACTOR} @names? @condemn | @condemn"), "condemned | Condemned");
}

static void test_stance_example(void)
{
    load("While America has openly condemned Russia for initiating the conflict, China has "
         "refrained from taking sides. Beijing had condemned no one, and Washington "
         "strongly condemned Moscow again.");
    long america = annot(L_ACTOR, "America", "America");
    long russia = annot(L_ACTOR, "Russia", "Russia");
    annot(L_ACTOR, "China", "China");
    annot(L_ACTOR, "Beijing", "Beijing");
    annot(L_ACTOR, "Washington", "Washington");
    long moscow = annot(L_ACTOR, "Moscow", "Moscow");

    const char *rule = "{ACTOR}=source (has|have|had)? [/ly$/]? @condemn=verb {ACTOR}=target";
    CHECK_STR(scan_caps(rule),
              "America has openly condemned Russia (source=America verb=condemned target=Russia) | "
              "Washington strongly condemned Moscow (source=Washington verb=condemned target=Moscow)");

    polis_tpat *p = compile(rule);
    polis_tpat_match m;
    CHECK_INT(polis_tpat_match_at(ctx, p, &doc, tok("America", 0), doc.toks.n, &m), 1);
    CHECK_INT(m.caps[0].annot, america);
    CHECK_INT(m.caps[2].annot, russia);
    CHECK(m.caps[1].dict == d_condemn);
    CHECK_STR(polis_dict_attr(d_condemn, m.caps[1].dict_entry_first, "cameo"), "111");
    /* elements are tried left to right: the greedy adverb slot takes
     * "strongly" before @condemn is tried */
    CHECK_INT(polis_tpat_match_at(ctx, p, &doc, tok("Washington", 0), doc.toks.n, &m), 1);
    CHECK_INT(m.caps[2].annot, moscow);
    CHECK_STR(polis_dict_attr(d_condemn, m.caps[1].dict_entry_first, "cameo"), "111");
    polis_tpat_free(p);
    /* a lazy adverb slot lets the dictionary's longer phrase win */
    p = compile("{ACTOR}=source (has|have|had)? [/ly$/]?? @condemn=verb {ACTOR}=target");
    CHECK_INT(polis_tpat_match_at(ctx, p, &doc, tok("Washington", 0), doc.toks.n, &m), 1);
    CHECK_STR(polis_dict_attr(d_condemn, m.caps[1].dict_entry_first, "cameo"), "122");
    polis_tpat_free(p);

    CHECK_STR(scan_caps("{ACTOR}=source (has|have|had)? refrained from [/ing$/] .=what"),
              "China has refrained from taking sides (source=China what=sides)");
    CHECK_STR(scan_caps("{ACTOR}=source (has|have|had)? @condemn=verb (no one | nobody)=target"),
              "Beijing had condemned no one (source=Beijing verb=condemned target=no one)");
    /* the negative stance must not pair actors across the sentence boundary */
    CHECK_STR(scan("{ACTOR} .* {ACTOR}"), "America has openly condemned Russia for initiating the conflict, China | "
                                          "Beijing had condemned no one, and Washington strongly condemned Moscow");
}

/* One compiled pattern shared by threads, each with its own ctx and doc. */
struct thread_job {
    const polis_tpat *p;
    const char *text;
    long total;
};

static void *thread_main(void *arg)
{
    struct thread_job *job = arg;
    polis_tpat_ctx *c = polis_tpat_ctx_new(NULL, 0);
    polis_doc d;
    polis_doc_init(&d);
    polis_doc_analyze(&d, job->text, strlen(job->text), NULL);
    for (size_t i = 0; i < d.toks.n; i++)
        if (d.toks.v[i].flags & POLIS_TOK_CAP)
            polis_doc_annotate(&d, L_ACTOR, (uint32_t)i, (uint32_t)i + 1, -1);
    for (int r = 0; r < 200; r++) {
        long n = polis_tpat_scan(c, job->p, &d, 0, d.toks.n, false, NULL, NULL);
        job->total += n < 0 ? -1000000 : n;
    }
    polis_doc_free(&d);
    polis_tpat_ctx_free(c);
    return NULL;
}

static void test_threads(void)
{
    polis_tpat *p = compile("{ACTOR}=a (has | had)? [/ly$/]? @condemn=v {ACTOR|LOCATION}=b");
    static const char text[] = "Kyiv sharply condemned Moscow. Paris had condemned Rome. "
                               "Nobody condemned anyone. Berlin condemns Vienna";
    struct thread_job jobs[4];
    pthread_t th[4];
    for (int k = 0; k < 4; k++) {
        jobs[k] = (struct thread_job){ p, text, 0 };
        CHECK(pthread_create(&th[k], NULL, thread_main, &jobs[k]) == 0);
    }
    for (int k = 0; k < 4; k++) {
        pthread_join(th[k], NULL);
        CHECK_INT(jobs[k].total, 3 * 200);
    }
    polis_tpat_free(p);
}

/* ------------------------------------------------------------ benchmark */

static bool count_fn(const polis_tpat_match *m, void *ud)
{
    (void)m;
    ++*(long *)ud;
    return true;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int bench(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        printf("# skipped: %s not found\n", path);
        return 0;
    }
    /* the corpus as analysed documents, with CAPS runs annotated as ACTOR */
    size_t ndocs = 0, cap = 0, nsent = 0, ntok = 0;
    polis_doc *docs = NULL;
    char **texts = NULL;
    char *line = NULL;
    size_t lcap = 0;
    while (getline(&line, &lcap, f) > 0) {
        cJSON *j = cJSON_Parse(line);
        const cJSON *t = cJSON_GetObjectItemCaseSensitive(j, "text");
        if (cJSON_IsString(t)) {
            if (ndocs == cap) {
                cap = cap ? cap * 2 : 1024;
                docs = realloc(docs, cap * sizeof *docs);
                texts = realloc(texts, cap * sizeof *texts);
            }
            texts[ndocs] = strdup(t->valuestring);
            size_t len = strlen(texts[ndocs]);
            polis_utf8_sanitize(texts[ndocs], len, NULL);
            polis_doc *d = &docs[ndocs];
            polis_doc_init(d);
            polis_doc_analyze(d, texts[ndocs], len, NULL);
            for (size_t i = 0; i < d->toks.n;) {
                size_t k = i;
                while (k < d->toks.n && (d->toks.v[k].flags & POLIS_TOK_CAP) &&
                       d->toks.v[k].sentence == d->toks.v[i].sentence)
                    k++;
                if (k > i) {
                    polis_doc_annotate(d, L_ACTOR, (uint32_t)i, (uint32_t)k, -1);
                    i = k;
                } else {
                    i++;
                }
            }
            nsent += d->sents.n;
            ntok += d->toks.n;
            ndocs++;
        }
        cJSON_Delete(j);
    }
    free(line);
    fclose(f);
    printf("# corpus: %zu documents, %zu sentences, %zu tokens\n", ndocs, nsent, ntok);

    static const char *const pats[] = {
        "said [word] [word]",
        "[cap] (has | have | had) [/ed$/]",
        "{ACTOR} said [word]",
        "{ACTOR}=source (has|have|had)? [/ly$/]? @condemn=verb {ACTOR}=target",
        "the [word]+ of {ACTOR}",
        ". . .",
    };
    for (size_t k = 0; k < sizeof pats / sizeof pats[0]; k++) {
        polis_tpat *p = compile(pats[k]);
        if (!p)
            continue;
        long matches = 0;
        int reps = 0;
        double t0 = now(), el;
        do {
            for (size_t d = 0; d < ndocs; d++)
                if (polis_tpat_scan(ctx, p, &docs[d], 0, docs[d].toks.n, false, count_fn, &matches) < 0)
                    printf("# error: %s\n", polis_tpat_error(ctx));
            reps++;
            el = now() - t0;
        } while (el < 1.0);
        printf("# %-70s %8.0f sentences/s  %6.1f Mtokens/s  %ld matches\n", pats[k],
               (double)nsent * reps / el, (double)ntok * reps / el / 1e6, matches / reps);
        polis_tpat_free(p);
    }
    for (size_t d = 0; d < ndocs; d++) {
        polis_doc_free(&docs[d]);
        free(texts[d]);
    }
    free(docs);
    free(texts);
    return 0;
}

/* ----------------------------------------------------------------- main */

static void setup(void)
{
    labels = polis_symtab_new();
    L_ACTOR = polis_symtab_intern(labels, "ACTOR", 5);
    L_LOCATION = polis_symtab_intern(labels, "LOCATION", 8);
    env = (polis_tpat_env){ labels, env_dict, NULL, NULL };

    d_condemn = polis_dict_new(POLIS_CASE_FOLD);
    const char *keys[] = { "cameo" };
    const char *c111[] = { "111" }, *c122[] = { "122" };
    polis_dict_add(d_condemn, "condemn", 7, keys, c111, 1, POLIS_CASE_DEFAULT);
    polis_dict_add(d_condemn, "condemned", 9, keys, c111, 1, POLIS_CASE_DEFAULT);
    polis_dict_add(d_condemn, "condemns", 8, keys, c111, 1, POLIS_CASE_DEFAULT);
    polis_dict_add(d_condemn, "strongly condemned", 18, keys, c122, 1, POLIS_CASE_DEFAULT);

    d_names = polis_dict_new(POLIS_CASE_CAPS);
    const char *kk[] = { "kind" };
    const char *city[] = { "city" }, *paper[] = { "newspaper" };
    polis_dict_add(d_names, "New York", 8, kk, city, 1, POLIS_CASE_DEFAULT);
    polis_dict_add(d_names, "New York Times", 14, kk, paper, 1, POLIS_CASE_DEFAULT);
    polis_dict_add(d_names, "Paris", 5, kk, city, 1, POLIS_CASE_DEFAULT);

    ctx = polis_tpat_ctx_new(NULL, 0);
    polis_doc_init(&doc);
}

static void teardown(void)
{
    polis_doc_free(&doc);
    polis_tpat_ctx_free(ctx);
    polis_dict_free(d_condemn);
    polis_dict_free(d_names);
    polis_symtab_free(labels);
}

int main(int argc, char **argv)
{
    setup();
    if (argc > 1 && strcmp(argv[1], "--bench") == 0) {
        int rc = bench(argc > 2 ? argv[2] : "../shared/data/news/bbc.jsonl");
        teardown();
        return rc;
    }
    RUN(test_literals);
    RUN(test_alternation);
    RUN(test_word_sets);
    RUN(test_token_tests);
    RUN(test_any_and_quantifiers);
    RUN(test_negation);
    RUN(test_dictionary);
    RUN(test_labels);
    RUN(test_captures);
    RUN(test_sentences_and_anchors);
    RUN(test_overlap_and_stop);
    RUN(test_step_limit);
    RUN(test_compile_errors);
    RUN(test_regex_env);
    RUN(test_hand_built_doc);
    RUN(test_start_filter);
    RUN(test_stance_example);
    RUN(test_threads);
    teardown();
    return check_done();
}
