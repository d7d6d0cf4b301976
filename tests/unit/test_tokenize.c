/*
 * test_tokenize.c - UTF-8 hygiene, the tokenizer (spans, flags, normalized
 * forms) and the abbreviation table.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "polis_text.h"

static polis_tokens toks;      /* reused by every test, as the engine does */

/* The tokens of text followed by spaces must be those of text: trailing
 * whitespace makes no token and changes none. Most test texts are shorter
 * than the 16 bytes the SIMD hot loop loads at a time, so this runs every
 * case through that loop too (the copy has the room) and compares. */
static void check_padded(const char *text, size_t len)
{
    enum { PAD = 40 };
    char *padded = malloc(len + PAD);
    polis_tokens p = { 0 };
    memcpy(padded, text, len);
    memset(padded + len, ' ', PAD);
    CHECK_INT(polis_tokenize(padded, len + PAD, NULL, &p), 0);
    CHECK_INT(p.n, toks.n);
    for (size_t i = 0; i < p.n && i < toks.n; i++) {
        const polis_token *a = &toks.v[i], *b = &p.v[i];
        CHECK(a->start == b->start && a->end == b->end && a->flags == b->flags
              && a->hash == b->hash && a->norm_len == b->norm_len);
        CHECK_STR(polis_token_norm(&p, i), polis_token_norm(&toks, i));
    }
    polis_tokens_free(&p);
    free(padded);
}

static void tokenize(const char *text)
{
    CHECK_INT(polis_tokenize(text, strlen(text), NULL, &toks), 0);
    check_padded(text, strlen(text));
}

/* The tokens of the last tokenize() as "a|b|c". */
static const char *joined(const char *text)
{
    static char buf[4096];
    size_t o = 0;
    for (size_t i = 0; i < toks.n && o + 2 < sizeof buf; i++) {
        int n = snprintf(buf + o, sizeof buf - o, "%s%.*s", i ? "|" : "",
                         (int)(toks.v[i].end - toks.v[i].start), text + toks.v[i].start);
        o += (size_t)n;
    }
    buf[o < sizeof buf ? o : sizeof buf - 1] = '\0';
    return buf;
}

/* The normalized forms of the last tokenize() as "a|b|c". */
static const char *norms(void)
{
    static char buf[4096];
    size_t o = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < toks.n && o + 2 < sizeof buf; i++)
        o += (size_t)snprintf(buf + o, sizeof buf - o, "%s%s", i ? "|" : "",
                              polis_token_norm(&toks, i));
    return buf;
}

#define TOKENS(text, expected) do { tokenize(text); CHECK_STR(joined(text), expected); } while (0)
#define NORMS(text, expected) do { tokenize(text); CHECK_STR(norms(), expected); } while (0)

/* Index of the first token whose text is word, or -1. */
static long find(const char *text, const char *word)
{
    for (size_t i = 0; i < toks.n; i++) {
        size_t n = toks.v[i].end - toks.v[i].start;
        if (n == strlen(word) && memcmp(text + toks.v[i].start, word, n) == 0)
            return (long)i;
    }
    return -1;
}

static uint32_t flags_of(const char *text, const char *word)
{
    long i = find(text, word);
    CHECK(i >= 0);
    return i >= 0 ? toks.v[i].flags : 0;
}

#define HAS(text, word, f) CHECK((flags_of(text, word) & (f)) == (f))
#define HASNT(text, word, f) CHECK((flags_of(text, word) & (f)) == 0)

/* ------------------------------------------------------------------ UTF-8 */

static void test_sanitize(void)
{
    char a[] = "plain ASCII text";
    size_t bad = 99;
    CHECK_INT(polis_utf8_sanitize(a, strlen(a), &bad), 0);
    CHECK_INT(bad, 99);                                   /* untouched when clean */

    char b[] = "S\xC3\xA3o Paulo \xE2\x80\x94 \xF0\x9F\x98\x80";   /* São — 😀 */
    CHECK_INT(polis_utf8_sanitize(b, strlen(b), NULL), 0);

    char c[] = "caf\xE9 ok";                              /* Latin-1 é */
    CHECK_INT(polis_utf8_sanitize(c, strlen(c), &bad), 1);
    CHECK_INT(bad, 3);
    CHECK_STR(c, "caf? ok");

    char d[] = "\xC0\x80|\xED\xA0\x80|\xF4\x90\x80\x80|\xE0\x80\xAF|\x80|\xFF";
    size_t n = polis_utf8_sanitize(d, strlen(d), &bad);
    CHECK_STR(d, "??|???|????|???|?|?");                  /* overlong, surrogate, >U+10FFFF */
    CHECK_INT(n, 14);
    CHECK_INT(bad, 0);

    char e[] = { 'a', 0, 'b', (char)0xE2, (char)0x80 };   /* NUL, truncated at the end */
    CHECK_INT(polis_utf8_sanitize(e, sizeof e, &bad), 3);
    CHECK_INT(bad, 1);
    CHECK(memcmp(e, "a?b??", 5) == 0);

    char f[] = "0123456789abcdef\x01\x7f";                /* controls are valid UTF-8 */
    CHECK_INT(polis_utf8_sanitize(f, strlen(f), NULL), 0);
    CHECK_INT(polis_utf8_sanitize(f, 0, NULL), 0);
}

static void test_decode(void)
{
    size_t n = 0;
    CHECK_INT(polis_utf8_decode("A", 1, &n), 'A');
    CHECK_INT(n, 1);
    CHECK_INT(polis_utf8_decode("\xC3\xBC", 2, &n), 0xFC);
    CHECK_INT(n, 2);
    CHECK_INT(polis_utf8_decode("\xE2\x80\x99", 3, &n), 0x2019);
    CHECK_INT(n, 3);
    CHECK_INT(polis_utf8_decode("\xF0\x9F\x98\x80", 4, &n), 0x1F600);
    CHECK_INT(n, 4);
    CHECK_INT(polis_utf8_decode("\xE2\x80\x99", 2, &n), 0xFFFD);   /* cut short */
    CHECK_INT(n, 1);
    CHECK_INT(polis_utf8_decode("\xC0\xAF", 2, &n), 0xFFFD);       /* overlong '/' */
    CHECK_INT(n, 1);
    CHECK_INT(polis_utf8_decode("\xED\xB0\x80", 3, &n), 0xFFFD);   /* surrogate */
    CHECK_INT(polis_utf8_decode("", 0, &n), 0xFFFD);
    CHECK_INT(n, 1);
}

static void test_normalize(void)
{
    char out[256];
    struct { const char *in, *out; } cases[] = {
        { "São", "sao" }, { "Müller", "muller" }, { "ŁÓDŹ", "lodz" }, { "Straße", "strasse" },
        { "Œuvre", "oeuvre" }, { "Ærø", "aero" }, { "Þór", "thor" }, { "İstanbul", "istanbul" },
        { "Çavuşoğlu", "cavusoglu" }, { "Dvořák", "dvorak" }, { "ĲSSEL", "ijssel" },
        { "ΑΘΗΝΑ", "αθηνα" }, { "Ελλάδα", "ελλάδα" }, { "МОСКВА", "москва" },
        { "Ёлка Їжак", "ёлка їжак" }, { "Sa\xCC\x83o", "sao" },              /* combining tilde */
        { "Russia’s", "russia's" }, { "“Quote”", "\"quote\"" }, { "«a»", "\"a\"" },
        { "a–b—c", "a-b-c" }, { "wait…", "wait..." }, { "ＡＢＣ", "abc" },
        { "bad\xFF", "bad?" }, { "北京", "北京" }, { "", "" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        size_t n = polis_normalize(cases[i].in, strlen(cases[i].in), out);
        CHECK_STR(out, cases[i].out);
        CHECK_INT(n, strlen(cases[i].out));
    }
}

/* ----------------------------------------------------------------- basics */

static void test_empty(void)
{
    tokenize("");
    CHECK_INT(toks.n, 0);
    tokenize("   \n\n\t \r\n");
    CHECK_INT(toks.n, 0);
    tokenize("\xEF\xBB\xBF");                              /* a BOM alone */
    CHECK_INT(toks.n, 0);
}

static void test_offsets_and_norms(void)
{
    const char *t = "  Wang Yi met\nJake Sullivan.";
    tokenize(t);
    CHECK_STR(joined(t), "Wang|Yi|met|Jake|Sullivan|.");
    CHECK_INT(toks.v[0].start, 2);
    CHECK_INT(toks.v[0].end, 6);
    CHECK_INT(toks.v[3].start, 14);
    CHECK_INT(toks.v[5].start, 27);
    CHECK_INT(toks.v[5].end, 28);
    CHECK_STR(norms(), "wang|yi|met|jake|sullivan|.");
    for (size_t i = 0; i < toks.n; i++) {
        const char *nm = polis_token_norm(&toks, i);
        CHECK_INT(toks.v[i].norm_len, strlen(nm));
        CHECK_INT(toks.v[i].hash, polis_hash(nm, strlen(nm)));
    }
}

static void test_shape_flags(void)
{
    const char *t = "NATO and McDonald's iPhone A G7 U.S. 42 ЕС";
    tokenize(t);
    HAS(t, "NATO", POLIS_TOK_WORD | POLIS_TOK_CAP | POLIS_TOK_UPPER);
    HASNT(t, "NATO", POLIS_TOK_LOWER | POLIS_TOK_PUNCT | POLIS_TOK_DIGIT);
    HAS(t, "and", POLIS_TOK_WORD | POLIS_TOK_LOWER);
    HASNT(t, "and", POLIS_TOK_CAP | POLIS_TOK_UPPER);
    HAS(t, "McDonald", POLIS_TOK_CAP);
    HASNT(t, "McDonald", POLIS_TOK_UPPER | POLIS_TOK_LOWER);
    HASNT(t, "iPhone", POLIS_TOK_CAP | POLIS_TOK_LOWER);
    HAS(t, "A", POLIS_TOK_CAP);
    HASNT(t, "A", POLIS_TOK_UPPER);                       /* one letter is not "all caps" */
    HAS(t, "G7", POLIS_TOK_WORD | POLIS_TOK_DIGIT | POLIS_TOK_CAP);
    HASNT(t, "G7", POLIS_TOK_NUMBER);
    HAS(t, "U.S.", POLIS_TOK_UPPER | POLIS_TOK_CAP | POLIS_TOK_ACRONYM);
    HAS(t, "42", POLIS_TOK_DIGIT | POLIS_TOK_NUMBER);
    HASNT(t, "42", POLIS_TOK_WORD | POLIS_TOK_PUNCT);
    HAS(t, "ЕС", POLIS_TOK_UPPER | POLIS_TOK_CAP);
}

static void test_space_flags(void)
{
    const char *t = "Title\nline two.\n\nNew para  here\r\n\r\nlast\xE2\x80\xA9" "after";
    tokenize(t);
    CHECK_STR(joined(t), "Title|line|two|.|New|para|here|last|after");
    CHECK(toks.v[0].flags & POLIS_TOK_PARA_START);
    CHECK(!(toks.v[0].flags & (POLIS_TOK_SPACE_BEFORE | POLIS_TOK_NEWLINE_BEFORE)));
    HAS(t, "line", POLIS_TOK_SPACE_BEFORE | POLIS_TOK_NEWLINE_BEFORE);
    HASNT(t, "line", POLIS_TOK_PARA_START);
    HASNT(t, ".", POLIS_TOK_SPACE_BEFORE);
    HAS(t, "New", POLIS_TOK_PARA_START | POLIS_TOK_NEWLINE_BEFORE);
    HAS(t, "para", POLIS_TOK_SPACE_BEFORE);
    HASNT(t, "para", POLIS_TOK_NEWLINE_BEFORE);
    HAS(t, "last", POLIS_TOK_PARA_START);                 /* CRLF blank line */
    HAS(t, "after", POLIS_TOK_PARA_START);                /* U+2029 */
    for (size_t i = 0; i < toks.n; i++)
        CHECK(!(toks.v[i].flags & POLIS_TOK_SENT_START));  /* the splitter's job */

    const char *u = "a\n \t\nb";                          /* whitespace-only line is blank */
    tokenize(u);
    HAS(u, "b", POLIS_TOK_PARA_START);
}

/* ------------------------------------------------------- clitics, hyphens */

static void test_possessives(void)
{
    const char *t = "Russia's and Russia’s and the countries' aims, RUSSIA'S";
    tokenize(t);
    CHECK_STR(joined(t), "Russia|'s|and|Russia|’s|and|the|countries|'|aims|,|RUSSIA|'S");
    CHECK_STR(norms(), "russia|'s|and|russia|'s|and|the|countries|'|aims|,|russia|'s");
    HAS(t, "'s", POLIS_TOK_CLITIC | POLIS_TOK_WORD);
    HASNT(t, "'s", POLIS_TOK_SPACE_BEFORE);
    HAS(t, "’s", POLIS_TOK_CLITIC);
    HAS(t, "'", POLIS_TOK_CLITIC | POLIS_TOK_PUNCT);
    HASNT(t, "'", POLIS_TOK_SPACE_BEFORE);
    TOKENS("O'Brien's plan", "O'Brien|'s|plan");
    TOKENS("Jr.'s book", "Jr.|'s|book");
    TOKENS("the 1990's", "the|1990|'s");
}

static void test_contractions(void)
{
    const char *t = "haven't can't won't they're I'm we've he'll she'd DON'T shan't";
    tokenize(t);
    CHECK_STR(joined(t), "have|n't|ca|n't|wo|n't|they|'re|I|'m|we|'ve|he|'ll|she|'d|DO|N'T|sha|n't");
    CHECK_STR(norms(), "have|n't|can|n't|will|n't|they|'re|i|'m|we|'ve|he|'ll|she|'d|do|n't|shall|n't");
    HAS(t, "n't", POLIS_TOK_CLITIC);
    HAS(t, "'re", POLIS_TOK_CLITIC);
    HASNT(t, "n't", POLIS_TOK_SPACE_BEFORE);
    NORMS("can’t won’t", "can|n't|will|n't");
    TOKENS("rock'n'roll y'all ma'am", "rock'n'roll|y'all|ma'am");
}

static void test_hyphens(void)
{
    const char *t = "Russia-China eye-to-eye US-led Kim Jong-un";
    tokenize(t);
    CHECK_STR(joined(t), "Russia|-|China|eye|-|to|-|eye|US|-|led|Kim|Jong|-|un");
    HAS(t, "-", POLIS_TOK_DASH | POLIS_TOK_PUNCT);
    HASNT(t, "-", POLIS_TOK_SPACE_BEFORE);
    HASNT(t, "China", POLIS_TOK_SPACE_BEFORE);
    HASNT(t, "led", POLIS_TOK_SPACE_BEFORE);
    HAS(t, "Russia", POLIS_TOK_PARA_START);
    TOKENS("2023-09-18 1990-91 COVID-19 5-year-old", "2023-09-18|1990-91|COVID|-|19|5|-|year|-|old");
    TOKENS("Jong\xE2\x80\x90un", "Jong|\xE2\x80\x90|un");            /* U+2010 hyphen */
    NORMS("Jong\xE2\x80\x90un", "jong|-|un");
    TOKENS("U.S.-led", "U.S.|-|led");
    TOKENS("a - b -- c", "a|-|b|--|c");
}

/* ---------------------------------------------------------------- periods */

static void test_periods(void)
{
    TOKENS("U.S. U.N. U.S.A. p.m. e.g. Ph.D. J. end.",
           "U.S.|U.N.|U.S.A.|p.m.|e.g.|Ph.D.|J.|end|.");
    const char *t = "Mr. Dr. Gen. Lt. Col. Sept. Inc. Corp. St. etc. vs. Jan. 5";
    tokenize(t);
    CHECK_STR(joined(t), "Mr.|Dr.|Gen.|Lt.|Col.|Sept.|Inc.|Corp.|St.|etc.|vs.|Jan.|5");
    TOKENS("met Jan. Then", "met|Jan|.|Then");            /* "Jan" is also a name */
    NORMS("Mr. U.S.", "mr.|u.s.");
    tokenize("U.S.");
    HAS("U.S.", "U.S.", POLIS_TOK_ACRONYM);
    tokenize("J. Smith");
    HAS("J. Smith", "J.", POLIS_TOK_ACRONYM | POLIS_TOK_CAP);
    HASNT("J. Smith", "J.", POLIS_TOK_UPPER);
    tokenize("Mr. Smith");
    HASNT("Mr. Smith", "Mr.", POLIS_TOK_ACRONYM);
    /* Words that are also abbreviations take the period only before a number. */
    TOKENS("No. 10 and the answer was no.", "No.|10|and|the|answer|was|no|.");
    TOKENS("see p. 55 and fig. 3", "see|p.|55|and|fig.|3");
    TOKENS("He sat. Then", "He|sat|.|Then");
    TOKENS("world.Today", "world|.|Today");
    TOKENS("Mr.Smith", "Mr.|Smith");
    TOKENS("a. b.", "a|.|b|.");                           /* lowercase letters: list items */
    TOKENS("wait...", "wait|...");
    TOKENS("U.S...", "U.S|...");
}

static void test_numbers(void)
{
    const char *t = "the 18th, 6,500 and 1,000,000, 3.5, 2023-09-18 at 10:30, 1.13bn 600m 5.2% 1990s";
    tokenize(t);
    CHECK_STR(joined(t),
              "the|18th|,|6,500|and|1,000,000|,|3.5|,|2023-09-18|at|10:30|,|1.13bn|600m|5.2|%|1990s");
    HAS(t, "18th", POLIS_TOK_NUMBER | POLIS_TOK_ORDINAL | POLIS_TOK_DIGIT);
    HAS(t, "6,500", POLIS_TOK_NUMBER | POLIS_TOK_DIGIT);
    HASNT(t, "6,500", POLIS_TOK_ORDINAL | POLIS_TOK_WORD);
    HAS(t, "1,000,000", POLIS_TOK_NUMBER);
    HAS(t, "3.5", POLIS_TOK_NUMBER);
    HAS(t, "2023-09-18", POLIS_TOK_NUMBER);
    HAS(t, "10:30", POLIS_TOK_NUMBER);
    HAS(t, "1.13bn", POLIS_TOK_NUMBER | POLIS_TOK_WORD);
    HAS(t, "600m", POLIS_TOK_NUMBER);
    HAS(t, "%", POLIS_TOK_PUNCT);
    HAS(t, "1990s", POLIS_TOK_NUMBER);
    const char *m = "$1.13bn (£600m), €5 and ¥3";
    tokenize(m);
    CHECK_STR(joined(m), "$|1.13bn|(|£|600m|)|,|€|5|and|¥|3");
    HAS(m, "$", POLIS_TOK_CURRENCY | POLIS_TOK_PUNCT);
    HAS(m, "£", POLIS_TOK_CURRENCY);
    HAS(m, "€", POLIS_TOK_CURRENCY);
    HASNT(m, "1.13bn", POLIS_TOK_SPACE_BEFORE);
    TOKENS("1,2 and 1,23", "1|,|2|and|1|,|23");            /* not thousands */
    /* a decimal without its leading zero; a period glued to a word stays one */
    TOKENS("a .561 record, $.50 and .45 calibre", "a|.561|record|,|$|.50|and|.45|calibre");
    HAS("a .561 record", ".561", POLIS_TOK_NUMBER | POLIS_TOK_DIGIT);
    HASNT("a .561 record", ".561", POLIS_TOK_END_PUNCT);
    TOKENS("last year.5 people", "last|year|.|5|people");
    TOKENS(".5 mg", ".5|mg");
    TOKENS("in 2023.", "in|2023|.");
    TOKENS("24/7 and 9/11", "24/7|and|9/11");
    TOKENS("the '90s", "the|'90s");
    TOKENS("1st 2nd 3rd", "1st|2nd|3rd");
}

/* ------------------------------------------------------------ web tokens */

static void test_urls_emails_handles(void)
{
    const char *t = "See https://www.example.com/a-b/c.html?x=1&y=2. Or www.example.org/path, "
                    "or (http://en.wikipedia.org/wiki/Foo_(bar)).";
    tokenize(t);
    CHECK_STR(joined(t), "See|https://www.example.com/a-b/c.html?x=1&y=2|.|Or|www.example.org/path|,|"
                         "or|(|http://en.wikipedia.org/wiki/Foo_(bar)|)|.");
    HAS(t, "https://www.example.com/a-b/c.html?x=1&y=2", POLIS_TOK_URL);
    HASNT(t, "https://www.example.com/a-b/c.html?x=1&y=2", POLIS_TOK_INVALID);
    HAS(t, "www.example.org/path", POLIS_TOK_URL);
    const char *e = "Mail Jane.Doe@example.co.uk. Or press-office@un.org!";
    tokenize(e);
    CHECK_STR(joined(e), "Mail|Jane.Doe@example.co.uk|.|Or|press-office@un.org|!");
    HAS(e, "Jane.Doe@example.co.uk", POLIS_TOK_EMAIL);
    const char *h = "@KremlinRussia_E and #Ukraine2023 but #1 and a@b";
    tokenize(h);
    CHECK_STR(joined(h), "@KremlinRussia_E|and|#Ukraine2023|but|#|1|and|a|@|b");
    HAS(h, "@KremlinRussia_E", POLIS_TOK_HANDLE);
    HAS(h, "#Ukraine2023", POLIS_TOK_HANDLE);
    HASNT(h, "#", POLIS_TOK_HANDLE);
    tokenize("visit bbc.co.uk today");
    HAS("visit bbc.co.uk today", "bbc.co.uk", POLIS_TOK_URL);
}

/* ------------------------------------------------------ quotes and dashes */

static void test_quotes_dashes_ellipsis(void)
{
    const char *t = "“Yes,” he said. ‘No’ «Non» „Ja“ 'so' \"it\"";
    tokenize(t);
    CHECK_STR(joined(t), "“|Yes|,|”|he|said|.|‘|No|’|«|Non|»|„|Ja|“|'|so|'|\"|it|\"");
    CHECK_STR(norms(), "\"|yes|,|\"|he|said|.|'|no|'|\"|non|\"|\"|ja|\"|'|so|'|\"|it|\"");
    HAS(t, "“", POLIS_TOK_QUOTE | POLIS_TOK_PUNCT);
    HAS(t, "’", POLIS_TOK_QUOTE);
    HAS(t, "«", POLIS_TOK_QUOTE);
    const char *d = "a – b — c ‒ d ― e";
    tokenize(d);
    CHECK_STR(norms(), "a|-|b|-|c|-|d|-|e");
    HAS(d, "—", POLIS_TOK_DASH | POLIS_TOK_PUNCT);
    const char *e = "Wait... what?! No… . . . end....";
    tokenize(e);
    CHECK_STR(joined(e), "Wait|...|what|?!|No|…|. . .|end|....");
    HAS(e, "...", POLIS_TOK_END_PUNCT | POLIS_TOK_PUNCT);
    HAS(e, "?!", POLIS_TOK_END_PUNCT);
    HAS(e, "…", POLIS_TOK_END_PUNCT);
    HAS(e, ". . .", POLIS_TOK_END_PUNCT);
    NORMS("No…", "no|...");
    TOKENS("(a) [b] {c}", "(|a|)|[|b|]|{|c|}");
    HAS("(a) [b] {c}", "(", POLIS_TOK_OPEN);
    HAS("(a) [b] {c}", "]", POLIS_TOK_CLOSE);
    TOKENS("compounds. . . . The", "compounds|.|. . .|The");   /* period, then an ellipsis */
    TOKENS("a period . . . . Next", "a|period|. . . .|Next");
}

/* ------------------------------------------------------------ bad input */

static void test_invalid_bytes(void)
{
    /* Not sanitized: the tokenizer must still stay in bounds and cover it. */
    const char raw[] = "caf\xE9 \xFF\xFE Mu\xC3 end \xE2\x80";
    tokenize(raw);
    CHECK(toks.n >= 4);
    CHECK(find(raw, "end") >= 0);
    for (size_t i = 0; i < toks.n; i++)
        CHECK(toks.v[i].end <= sizeof raw - 1);
    HAS(raw, "caf\xE9", POLIS_TOK_INVALID | POLIS_TOK_WORD);
    NORMS(raw, "caf?|??|mu?|end|??");                  /* bad bytes stay inside words */

    /* Sanitized: the '?' inside a word keeps the word whole. */
    char s[] = "The caf\xE9s of S\xE3o Paulo?";
    polis_utf8_sanitize(s, strlen(s), NULL);
    tokenize(s);
    CHECK_STR(joined(s), "The|caf?s|of|S?o|Paulo|?");
    HAS(s, "caf?s", POLIS_TOK_INVALID);
    HASNT(s, "Paulo", POLIS_TOK_INVALID);
    HAS(s, "?", POLIS_TOK_END_PUNCT);
}

/* Tokens are ordered, disjoint, on code-point boundaries, and cover every
 * byte that is not whitespace. */
static void check_invariants(const char *text, size_t len)
{
    size_t prev_end = 0;
    for (size_t i = 0; i < toks.n; i++) {
        const polis_token *t = &toks.v[i];
        CHECK(t->start < t->end && t->end <= len && t->start >= prev_end);
        if (!(t->start < t->end && t->end <= len && t->start >= prev_end))
            return;
        for (size_t k = prev_end; k < t->start; k++) {
            unsigned char b = (unsigned char)text[k];
            CHECK(b <= ' ' || b >= 0x80 || b == 0x7F);   /* only spaces between tokens */
        }
        CHECK(((unsigned char)text[t->start] & 0xC0) != 0x80 || t->flags & POLIS_TOK_INVALID
              || !(t->flags & POLIS_TOK_WORD));
        CHECK(t->end == len || ((unsigned char)text[t->end] & 0xC0) != 0x80
              || (t->flags & POLIS_TOK_INVALID) || (t->flags & POLIS_TOK_PUNCT));
        CHECK_INT(t->hash, polis_hash(polis_token_norm(&toks, i), t->norm_len));
        /* The hot loop and the general path must normalize alike. */
        char norm[64];
        size_t n = t->end - t->start;
        const char *stem = polis_token_norm(&toks, i);
        if (n < 16 && strcmp(stem, "can") != 0 && strcmp(stem, "will") != 0
            && strcmp(stem, "shall") != 0) {
            polis_normalize(text + t->start, n, norm);
            CHECK_STR(stem, norm);
        }
        prev_end = t->end;
    }
}

static uint32_t rng_state = 12345;
static uint32_t rng(void)
{
    rng_state = rng_state * 1103515245u + 12345u;
    return rng_state >> 8;
}

/* Every rule at once, in text written for this test. */
static void test_mixed_text(void)
{
    const char *t =
        "MOSCOW (Reuters) - Russia's envoy met U.S. Secretary Ann Cole on Sept. 18, 2023, at 10:30 "
        "a.m. \"We can't wait,\" he said... The talks (see p. 12) cost $1.13bn (£600m), up 5.2%.\n\n"
        "Kim Jong-un's eye-to-eye meeting with Gen. Park ended.Then: 1) tariffs 2) visas; e-mail "
        "press@example.org or visit https://example.org/a_b?c=1. #Summit @kremlin O'Brien's "
        "countries' “views” – mixed — 18th 6,500 1,000,000 2023-09-18 600m São Müller ΑΘΗΝΑ.";
    tokenize(t);
    check_invariants(t, strlen(t));
    CHECK(toks.n > 100);
}

static void test_random_input(void)
{
    static const char *const pieces[] = {
        "a", "Z", "7", ".", ",", "'", "’", "-", "—", " ", "\n", "\n\n", "U.S.", "http://", "www.",
        "@", "#", "é", "\xE2\x80\xA6", "\"", "(", ")", "n't", "'s", "$", "£", "?", "!", "e.g",
        "\xFF", "\xC3", "\xE2\x80", "1,000", ":", "/", "_", "&", "\t", "Mr", "\xEF\xBB\xBF",
    };
    char buf[2048];
    for (int round = 0; round < 300; round++) {
        size_t len = 0;
        while (len < sizeof buf - 16) {
            const char *p = pieces[rng() % (sizeof pieces / sizeof *pieces)];
            size_t n = strlen(p);
            memcpy(buf + len, p, n);
            len += n;
        }
        char *copy = malloc(len);                         /* exact size: ASan sees overruns */
        memcpy(copy, buf, len);
        if (round % 2)
            polis_utf8_sanitize(copy, len, NULL);
        CHECK_INT(polis_tokenize(copy, len, NULL, &toks), 0);
        if (round % 2)
            check_invariants(copy, len);
        free(copy);
    }
    for (int round = 0; round < 200; round++) {           /* raw random bytes */
        size_t len = 1 + rng() % 300;
        char *copy = malloc(len);
        for (size_t k = 0; k < len; k++)
            copy[k] = (char)rng();
        CHECK_INT(polis_tokenize(copy, len, NULL, &toks), 0);
        polis_utf8_sanitize(copy, len, NULL);
        CHECK_INT(polis_tokenize(copy, len, NULL, &toks), 0);
        free(copy);
    }
}

/* ----------------------------------------------------------- big inputs */

static double seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* 1 MB of one pattern, repeated: must tokenize in linear time. */
static size_t tokenize_repeated(const char *pattern, size_t total)
{
    size_t n = strlen(pattern);
    char *buf = malloc(total);
    for (size_t i = 0; i < total; i++)
        buf[i] = pattern[i % n];
    double t0 = seconds();
    CHECK_INT(polis_tokenize(buf, total, NULL, &toks), 0);
    double dt = seconds() - t0;
    if (dt > 2.0 * check_time_scale())
        fprintf(stderr, "  pattern \"%s\": %.2f s for %zu bytes\n", pattern, dt, total);
    CHECK(dt < 2.0 * check_time_scale());                 /* quadratic would take minutes */
    check_invariants(buf, total);
    free(buf);
    return toks.n;
}

static void test_big_inputs(void)
{
    const size_t mb = 1 << 20;
    CHECK_INT(tokenize_repeated("a", mb), 1);
    CHECK_INT(toks.v[0].norm_len, mb);
    CHECK_INT(tokenize_repeated(".", mb), 1);
    CHECK_INT(tokenize_repeated("-", mb), 1);
    CHECK_INT(tokenize_repeated("!", mb), 1);
    CHECK_INT(tokenize_repeated("é", mb), 1);
    CHECK_INT(tokenize_repeated("7", mb), 1);
    CHECK_INT(tokenize_repeated(" ", mb), 0);
    CHECK_INT(tokenize_repeated("(", mb), mb);
    CHECK_INT(tokenize_repeated("'", mb), mb);
    tokenize_repeated("a.", mb);
    tokenize_repeated("ab.", mb);
    tokenize_repeated("a-", mb);
    tokenize_repeated("a@", mb);
    tokenize_repeated("ab.Cd", mb);                       /* e-mail scans that fail */
    tokenize_repeated("x.y_", mb);
    tokenize_repeated("1,", mb);
    tokenize_repeated(". ", mb);
    tokenize_repeated("http://", mb);
    tokenize_repeated("n't", mb);
    tokenize_repeated("\xE2\x80\x99s", mb);
    tokenize_repeated("\xFF", mb);
}

/* The hot loop's output room: texts of words of every length up to and past
 * the hot loop's limits, with clitics and hyphens, long enough to make the
 * buffers grow many times (under AddressSanitizer an overrun of the
 * normalized-form arena shows). */
static void test_output_growth(void)
{
    static const char *const tails[] = { "", "'s", "'re", "n't", "-x", "-yy-zzz", ".", "," };
    size_t cap = 1 << 18, len = 0;
    char *buf = malloc(cap);
    for (size_t round = 0; len + 80 < cap; round++) {
        size_t n = 1 + round % 60;                        /* 1..60 letters */
        for (size_t k = 0; k < n; k++)
            buf[len++] = (char)((k == 0 && round % 3 == 0 ? 'A' : 'a') + (round + k) % 26);
        const char *t = tails[round % (sizeof tails / sizeof *tails)];
        memcpy(buf + len, t, strlen(t));
        len += strlen(t);
        buf[len++] = round % 7 == 0 ? '\n' : ' ';
        if (round % 5 == 0)
            buf[len++] = (char)('0' + round % 10);            /* a number now and then */
        if (round % 5 == 0)
            buf[len++] = ' ';
    }
    for (size_t cut = len - 40; cut <= len; cut++) {     /* every way the text can end */
        polis_tokens fresh = { 0 };
        CHECK_INT(polis_tokenize(buf, cut, NULL, &fresh), 0);
        polis_tokens_free(&toks);
        toks = fresh;
        check_invariants(buf, cut);
    }
    free(buf);
}

static void test_buffer_reuse(void)
{
    const char *a = "A first, longer text with several tokens in it.";
    tokenize(a);
    size_t n = toks.n;
    CHECK_INT(n, 11);
    tokenize("Short.");
    CHECK_INT(toks.n, 2);
    CHECK_STR(norms(), "short|.");
    tokenize(a);
    CHECK_INT(toks.n, n);
    polis_tokens mine = { 0 };
    CHECK_INT(polis_tokenize("x", 1, NULL, &mine), 0);
    CHECK_INT(mine.n, 1);
    polis_tokens_free(&mine);
    CHECK(mine.v == NULL && mine.n == 0);
    polis_tokens_free(&mine);                             /* twice is harmless */
}

/* ---------------------------------------------------------- abbreviations */

static void test_abbrevs(void)
{
    const polis_abbrevs *b = polis_abbrevs_builtin();
    CHECK(b == polis_abbrevs_builtin());
    CHECK_INT(polis_abbrevs_lookup(b, "mr", 2), POLIS_ABBR_TITLE);
    CHECK_INT(polis_abbrevs_lookup(b, "MR", 2), POLIS_ABBR_TITLE);
    CHECK_INT(polis_abbrevs_lookup(b, "Gen.", 4), POLIS_ABBR_TITLE);
    CHECK_INT(polis_abbrevs_lookup(b, "inc", 3), POLIS_ABBR_GENERAL);
    CHECK_INT(polis_abbrevs_lookup(b, "Sept", 4), POLIS_ABBR_MONTH);
    CHECK_INT(polis_abbrevs_lookup(b, "no", 2), POLIS_ABBR_NUMBER);
    CHECK_INT(polis_abbrevs_lookup(b, "russia", 6), -1);
    CHECK_INT(polis_abbrevs_lookup(b, "", 0), -1);
    CHECK_INT(polis_abbrevs_lookup(NULL, "dr", 2), POLIS_ABBR_TITLE);
    polis_abbrevs_free((polis_abbrevs *)b);               /* the built-in list ignores this */
    CHECK_INT(polis_abbrevs_add((polis_abbrevs *)b, "x", 1, POLIS_ABBR_TITLE), -1);

    polis_abbrevs *a = polis_abbrevs_new();
    CHECK(a != NULL);
    CHECK_INT(polis_abbrevs_lookup(a, "mr", 2), POLIS_ABBR_TITLE);     /* holds the built-ins */
    CHECK_INT(polis_abbrevs_add(a, "Pfc", 3, POLIS_ABBR_TITLE), 0);
    CHECK_INT(polis_abbrevs_lookup(a, "PFC", 3), POLIS_ABBR_TITLE);
    CHECK_INT(polis_abbrevs_add(a, "pfc.", 4, POLIS_ABBR_GENERAL), 0); /* re-kind */
    CHECK_INT(polis_abbrevs_lookup(a, "pfc", 3), POLIS_ABBR_GENERAL);
    CHECK_INT(polis_abbrevs_add(a, "", 0, POLIS_ABBR_TITLE), -1);
    CHECK_INT(polis_abbrevs_add(a, "x", 1, (enum polis_abbrev_kind)9), -1);
    char longword[100];
    memset(longword, 'k', sizeof longword);
    CHECK_INT(polis_abbrevs_add(a, longword, sizeof longword, POLIS_ABBR_TITLE), -1);
    CHECK_INT(polis_abbrevs_lookup(a, longword, sizeof longword), -1);
    char word[16];
    for (int i = 0; i < 2000; i++) {                      /* growth */
        int n = snprintf(word, sizeof word, "zq%d", i);
        CHECK_INT(polis_abbrevs_add(a, word, (size_t)n, POLIS_ABBR_GENERAL), 0);
    }
    CHECK_INT(polis_abbrevs_lookup(a, "zq1999", 6), POLIS_ABBR_GENERAL);
    CHECK_INT(polis_abbrevs_lookup(a, "Inc", 3), POLIS_ABBR_GENERAL);
    CHECK_INT(polis_abbrevs_lookup(b, "pfc", 3), -1);     /* the built-in list is not changed */

    const char *t = "Pfc. Jones";
    CHECK_INT(polis_tokenize(t, strlen(t), NULL, &toks), 0);
    CHECK_STR(joined(t), "Pfc|.|Jones");
    CHECK_INT(polis_tokenize(t, strlen(t), a, &toks), 0);
    CHECK_STR(joined(t), "Pfc.|Jones");
    CHECK_INT(polis_abbrevs_add(a, "Bln", 3, POLIS_ABBR_NUMBER), 0);   /* before numbers only */
    const char *u = "Bln. 5 and Bln. X";
    CHECK_INT(polis_tokenize(u, strlen(u), a, &toks), 0);
    CHECK_STR(joined(u), "Bln.|5|and|Bln|.|X");
    polis_abbrevs_free(a);
    polis_abbrevs_free(NULL);
}

int main(void)
{
    RUN(test_sanitize);
    RUN(test_decode);
    RUN(test_normalize);
    RUN(test_empty);
    RUN(test_offsets_and_norms);
    RUN(test_shape_flags);
    RUN(test_space_flags);
    RUN(test_possessives);
    RUN(test_contractions);
    RUN(test_hyphens);
    RUN(test_periods);
    RUN(test_numbers);
    RUN(test_urls_emails_handles);
    RUN(test_quotes_dashes_ellipsis);
    RUN(test_invalid_bytes);
    RUN(test_mixed_text);
    RUN(test_random_input);
    RUN(test_big_inputs);
    RUN(test_output_growth);
    RUN(test_buffer_reuse);
    RUN(test_abbrevs);
    polis_tokens_free(&toks);
    return check_done();
}
