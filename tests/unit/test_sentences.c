/*
 * test_sentences.c - the sentence splitter: token-level invariants, the
 * rules of the splitter one by one, custom abbreviations, big inputs.
 * (The larger sentence battery is tests/sbd/, run by test_sbd_battery.)
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "polis_text.h"

static polis_tokens toks;
static polis_sentences sents;

/* Every token belongs to exactly one sentence, sentences cover the tokens
 * in order, and SENT_START marks exactly the first token of each. */
static void check_cover(void)
{
    size_t next = 0;
    for (size_t s = 0; s < sents.n; s++) {
        const polis_sentence *x = &sents.v[s];
        CHECK_INT(x->tok_start, next);
        CHECK(x->tok_end > x->tok_start);
        if (x->tok_end <= x->tok_start || x->tok_end > toks.n)
            return;
        CHECK_INT(x->start, toks.v[x->tok_start].start);
        CHECK_INT(x->end, toks.v[x->tok_end - 1].end);
        for (size_t i = x->tok_start; i < x->tok_end; i++) {
            CHECK_INT(toks.v[i].sentence, s);
            CHECK_INT(!!(toks.v[i].flags & POLIS_TOK_SENT_START), i == x->tok_start);
        }
        next = x->tok_end;
    }
    CHECK_INT(next, toks.n);
}

static size_t split_with(const char *text, const polis_abbrevs *ab)
{
    size_t len = strlen(text);
    CHECK_INT(polis_tokenize(text, len, ab, &toks), 0);
    CHECK_INT(polis_split_sentences(text, len, &toks, ab, &sents), 0);
    check_cover();
    return sents.n;
}

static size_t split(const char *text)
{
    return split_with(text, NULL);
}

/* The sentences of text as "first|second". */
static const char *sentences(const char *text)
{
    static char buf[4096];
    size_t o = 0;
    buf[0] = '\0';
    split(text);
    for (size_t s = 0; s < sents.n && o + 2 < sizeof buf; s++)
        o += (size_t)snprintf(buf + o, sizeof buf - o, "%s%.*s", s ? "|" : "",
                              (int)(sents.v[s].end - sents.v[s].start), text + sents.v[s].start);
    return buf;
}

#define SENTS(text, expected) CHECK_STR(sentences(text), expected)

static void test_empty(void)
{
    CHECK_INT(split(""), 0);
    CHECK_INT(split("  \n\n "), 0);
    CHECK_INT(split("word"), 1);
    CHECK_INT(split("."), 1);
    CHECK_INT(split("..."), 1);
}

static void test_spans_and_flags(void)
{
    const char *t = "  Russia warned. China agreed!\n\nThe end";
    CHECK_INT(split(t), 3);
    CHECK_INT(sents.v[0].start, 2);
    CHECK_INT(sents.v[0].end, 16);
    CHECK_INT(sents.v[1].tok_start, 3);
    CHECK_INT(sents.v[2].start, 32);
    CHECK_INT(sents.v[2].end, (long)strlen(t));
    CHECK(toks.v[3].flags & POLIS_TOK_SENT_START);
    CHECK_INT(toks.v[4].sentence, 1);
}

static void test_resplit(void)
{
    const char *t = "One. Two. Three.";
    CHECK_INT(split(t), 3);
    /* Splitting the same tokens again (another abbreviation list) resets the
     * flags and indexes it set before. */
    for (size_t i = 0; i < toks.n; i++)
        toks.v[i].flags |= POLIS_TOK_SENT_START;
    CHECK_INT(polis_split_sentences(t, strlen(t), &toks, NULL, &sents), 0);
    CHECK_INT(sents.n, 3);
    check_cover();
    polis_sentences own = { 0 };
    CHECK_INT(polis_split_sentences(t, strlen(t), &toks, NULL, &own), 0);
    CHECK_INT(own.n, 3);
    polis_sentences_free(&own);
    polis_sentences_free(&own);
}

static void test_end_marks(void)
{
    SENTS("It rained. It stopped.", "It rained.|It stopped.");
    SENTS("Why? Because.", "Why?|Because.");
    SENTS("Stop! Now.", "Stop!|Now.");
    SENTS("Really?! Yes.", "Really?!|Yes.");
    SENTS("He works at Yahoo! in London.", "He works at Yahoo! in London.");
    SENTS("Talks ended.Leaders left.", "Talks ended.|Leaders left.");
    SENTS("No final mark", "No final mark");
}

static void test_abbreviations(void)
{
    SENTS("Mr. Li met Gen. Berg and Lt. Col. Ruiz.", "Mr. Li met Gen. Berg and Lt. Col. Ruiz.");
    SENTS("He met J. R. R. Tolkien.", "He met J. R. R. Tolkien.");
    SENTS("It sold Acme Inc. The deal closed.", "It sold Acme Inc.|The deal closed.");
    SENTS("Shares of Acme Inc. Tuesday rose.", "Shares of Acme Inc. Tuesday rose.");
    SENTS("She lives in the U.S. He does not.", "She lives in the U.S.|He does not.");
    SENTS("The U.S. Senate voted.", "The U.S. Senate voted.");
    SENTS("In the U.S. for years.", "In the U.S. for years.");
    SENTS("Signed Sept. 18 in Paris.", "Signed Sept. 18 in Paris.");
    SENTS("See No. 10 today.", "See No. 10 today.");
    SENTS("At 5 a.m. Mr. Li left. He came back at 9 p.m. Mr. Li then slept.",
          "At 5 a.m. Mr. Li left.|He came back at 9 p.m.|Mr. Li then slept.");
}

static void test_numbers(void)
{
    SENTS("It cost $12.50 in all.", "It cost $12.50 in all.");
    SENTS("It cost $12.50. Few paid.", "It cost $12.50.|Few paid.");
    SENTS("Growth hit 3.5%. Markets rose.", "Growth hit 3.5%.|Markets rose.");
    SENTS("It passed in 2019. 2020 was worse.", "It passed in 2019.|2020 was worse.");
}

static void test_ellipsis(void)
{
    SENTS("He paused ... then spoke.", "He paused ... then spoke.");
    SENTS("He paused... Nobody spoke.", "He paused...|Nobody spoke.");
    SENTS("He paused… Nobody spoke.", "He paused…|Nobody spoke.");
    SENTS("The point is . . . I agree.", "The point is . . . I agree.");
    SENTS("It ended.... They left.", "It ended....|They left.");
}

static void test_quotes_and_brackets(void)
{
    SENTS("\"We will win.\" He left.", "\"We will win.\"|He left.");
    SENTS("\"We will win,\" he said.", "\"We will win,\" he said.");
    SENTS("\"Why?\" she asked.", "\"Why?\" she asked.");
    SENTS("“Enough!” shouted the crowd.", "“Enough!” shouted the crowd.");
    SENTS("He said 'stop.' she replied.", "He said 'stop.' she replied.");
    SENTS("It ended (finally.) Then rain.", "It ended (finally.)|Then rain.");
    SENTS("They wrote (See page two.) and left.", "They wrote (See page two.) and left.");
}

static void test_layout(void)
{
    SENTS("Storm hits coast\nThousands fled.", "Storm hits coast|Thousands fled.");
    SENTS("One para\n\nAnother para", "One para|Another para");
    SENTS("This line was\nwrapped by a PDF.", "This line was\nwrapped by a PDF.");
    SENTS("He said that the\nKremlin knew.", "He said that the\nKremlin knew.");
    SENTS("MOSCOW (Reuters) - Russia said on Monday it agreed.",
          "MOSCOW (Reuters) - Russia said on Monday it agreed.");
    SENTS("Plan:\n1. Talk\n2. Vote", "Plan:|1. Talk|2. Vote");
    SENTS("Points:\n- One\n- Two", "Points:|- One|- Two");
    SENTS("• First • Second", "• First|• Second");
    SENTS("1) Ask 2) Vote 3) Leave", "1) Ask|2) Vote|3) Leave");
    SENTS("a. Yes b. No", "a. Yes|b. No");
    SENTS("It won 2 seats and then 3 seats.", "It won 2 seats and then 3 seats.");
}

static void test_web(void)
{
    SENTS("Mail ana@example.org. She replies.", "Mail ana@example.org.|She replies.");
    SENTS("See https://example.com/a.html. It is long.", "See https://example.com/a.html.|It is long.");
    SENTS("Visit www.gov.uk today.", "Visit www.gov.uk today.");
}

static void test_custom_abbreviations(void)
{
    const char *t = "The letter reached Pfc. Jones today.";
    CHECK_INT(split(t), 2);                               /* unknown: "Pfc" "." "Jones" */
    polis_abbrevs *ab = polis_abbrevs_new();
    CHECK(ab != NULL);
    CHECK_INT(polis_abbrevs_add(ab, "pfc", 3, POLIS_ABBR_TITLE), 0);
    CHECK_INT(split_with(t, ab), 1);
    /* A rule script can also make a word a general abbreviation that ends a
     * sentence only before a usual sentence starter. */
    CHECK_INT(polis_abbrevs_add(ab, "Intl", 4, POLIS_ABBR_GENERAL), 0);
    CHECK_INT(split_with("It joined Acme Intl. The rest stayed.", ab), 2);
    CHECK_INT(split_with("It joined Acme Intl. Holdings later.", ab), 1);
    polis_abbrevs_free(ab);
}

static double seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* 1 MB of one pattern: split in linear time, every invariant intact. */
static size_t split_repeated(const char *pattern)
{
    const size_t total = 1 << 20;
    size_t n = strlen(pattern);
    char *buf = malloc(total);
    for (size_t i = 0; i < total; i++)
        buf[i] = pattern[i % n];
    double t0 = seconds();
    CHECK_INT(polis_tokenize(buf, total, NULL, &toks), 0);
    CHECK_INT(polis_split_sentences(buf, total, &toks, NULL, &sents), 0);
    double dt = seconds() - t0;
    if (dt > 2.0 * check_time_scale())
        fprintf(stderr, "  pattern \"%s\": %.2f s\n", pattern, dt);
    CHECK(dt < 2.0 * check_time_scale());
    check_cover();
    free(buf);
    return sents.n;
}

static void test_big_inputs(void)
{
    CHECK_INT(split_repeated("Hi. "), 1 << 18);
    CHECK_INT(split_repeated("word "), 1);
    CHECK_INT(split_repeated("."), 1);
    split_repeated("line\n");
    split_repeated("\n\nx");
    split_repeated("1. ");
    split_repeated("U.S. ");
    split_repeated("Mr. ");
    split_repeated("\"Why?\" ");
    split_repeated("• ");
    split_repeated(". . . ");
    split_repeated("a) ");
    split_repeated("(");
}

static void test_doc(void)
{
    polis_doc doc;
    polis_doc_init(&doc);
    const char *t = "Wang Yi met Jake Sullivan. They talked.";
    CHECK_INT(polis_doc_analyze(&doc, t, strlen(t), NULL), 0);
    CHECK_INT(doc.sents.n, 2);
    CHECK_INT(polis_doc_token_at(&doc, 12), 3);           /* "Jake" */
    CHECK_INT(doc.toks.v[polis_doc_token_at(&doc, 28)].sentence, 1);
    polis_doc_free(&doc);
}

int main(void)
{
    RUN(test_empty);
    RUN(test_spans_and_flags);
    RUN(test_resplit);
    RUN(test_end_marks);
    RUN(test_abbreviations);
    RUN(test_numbers);
    RUN(test_ellipsis);
    RUN(test_quotes_and_brackets);
    RUN(test_layout);
    RUN(test_web);
    RUN(test_custom_abbreviations);
    RUN(test_big_inputs);
    RUN(test_doc);
    polis_tokens_free(&toks);
    polis_sentences_free(&sents);
    return check_done();
}
