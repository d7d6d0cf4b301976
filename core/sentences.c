/*
 * sentences.c - sentence boundaries over tokens.
 *
 * A boundary can fall after a candidate: an end mark (. ! ? … and runs of
 * them) or a word that took its period (an abbreviation, a dotted acronym,
 * an initial). The closing quotes and brackets right after a candidate stay
 * with its sentence; then the word that follows decides:
 *   - end marks end a sentence unless a lowercase word follows ('"Why?" she
 *     asked', 'Yahoo! in'), or the mark closes a list number ("1.") or sits
 *     in brackets ("[...]");
 *   - a title (Mr., Gen.) never ends one; another abbreviation or acronym
 *     (Inc., U.S.) ends one only before a capitalized word that usually
 *     starts sentences ("The", "He", "But"), not before a likely name
 *     ("U.S. Government").
 *   - a quoted question or exclamation followed by a name and a speech verb
 *     is one sentence with its attribution ('"Why?" Putin asked.').
 * Line structure adds boundaries of its own: paragraphs, headlines (a line
 * without an end mark), list items and bullets, inline lists ("1) ... 2)
 * ...", "Results: 1. Kenya 2. Ethiopia"). docs/tokens.md has the details.
 *
 * Most tokens are words inside a sentence; the main loop passes them with a
 * test of their flags, and runs the rules only at candidates and at tokens
 * that start a line or are punctuation.
 */
#include <stdlib.h>
#include <string.h>

#include "text_internal.h"

typedef struct sent_ctx {
    const char *text;
    polis_tokens *toks;
    const polis_abbrevs *ab;
    polis_sentences *out;
    size_t begin;          /* first token of the open sentence */
    long list_value;       /* value of the last list marker seen (0: none) */
} sent_ctx;

/* Capitalized, these usually start a sentence rather than continue a name
 * (sorted: searched with bsearch). */
static const char *const sent_starters[] = {
    "a", "about", "according", "after", "again", "all", "also", "although", "among", "an",
    "and", "another", "any", "are", "as", "at", "because", "before", "both", "but", "by", "can",
    "could", "despite", "did", "do", "does", "during", "each", "earlier", "even", "every",
    "everyone", "few", "following", "for", "from", "further", "had", "has", "have", "he", "her",
    "here", "his", "how", "however", "i", "if", "in", "instead", "is", "it", "its", "last",
    "later", "like", "many", "meanwhile", "more", "most", "much", "my", "neither",
    "nevertheless", "no", "nobody", "none", "nor", "not", "now", "once", "one", "only", "or",
    "other", "our", "over", "several", "she", "should", "since", "so", "some", "someone",
    "still", "such", "that", "the", "their", "then", "there", "these", "they", "this", "those",
    "though", "thus", "today", "tomorrow", "two", "under", "unlike", "until", "was", "we",
    "were", "what", "when", "where", "whether", "which", "while", "who", "why", "with", "would",
    "yes", "yesterday", "yet", "you", "your",
};

/* Lowercase words that do not end a line of prose: a line ending in one was
 * wrapped, it is not a headline (sorted). */
static const char *const sent_continuers[] = {
    "a", "about", "after", "against", "an", "and", "are", "as", "at", "be", "been", "before",
    "between", "but", "by", "for", "from", "had", "has", "have", "her", "his", "in", "into",
    "is", "its", "nor", "of", "on", "or", "our", "over", "than", "that", "the", "their", "these",
    "this", "those", "to", "under", "was", "were", "which", "who", "will", "with", "would",
};

static int sent_cmp(const void *key, const void *elem)
{
    return strcmp((const char *)key, *(const char *const *)elem);
}

static bool sent_in(const char *word, const char *const *list, size_t n)
{
    return bsearch(word, list, n, sizeof *list, sent_cmp) != NULL;
}

static inline const polis_token *tok(const sent_ctx *sc, size_t i)
{
    return &sc->toks->v[i];
}

static inline const char *norm(const sent_ctx *sc, size_t i)
{
    return polis_token_norm(sc->toks, i);
}

/* A word whose first letter is lowercase ("the", "iPhone", "ça"). */
static bool sent_starts_lower(const sent_ctx *sc, size_t i)
{
    const polis_token *t = tok(sc, i);
    unsigned char b = (unsigned char)sc->text[t->start];
    if (!(t->flags & POLIS_TOK_WORD) || (t->flags & POLIS_TOK_CAP) || (b >= '0' && b <= '9'))
        return false;
    return (t->flags & POLIS_TOK_LOWER) || (b >= 'a' && b <= 'z');
}

static bool sent_starts_digit(const sent_ctx *sc, size_t i)
{
    unsigned char b = (unsigned char)sc->text[tok(sc, i)->start];
    return b >= '0' && b <= '9';
}

/* A closing quote or bracket glued to what precedes it, or a closing-only
 * quote standing free (French "« Nous partons. »"). */
static bool sent_is_closer(const sent_ctx *sc, size_t i)
{
    const polis_token *t = tok(sc, i);
    if (!(t->flags & (POLIS_TOK_QUOTE | POLIS_TOK_CLOSE)))
        return false;
    if (!(t->flags & POLIS_TOK_SPACE_BEFORE))
        return true;
    const unsigned char *s = (const unsigned char *)sc->text + t->start;
    bool closing_only = (s[0] == 0xC2 && s[1] == 0xBB)                       /* » */
                        || (s[0] == 0xE2 && s[1] == 0x80 && (s[2] == 0x9D || s[2] == 0xBA)); /* ” › */
    return closing_only && (i + 1 == sc->toks->n || (tok(sc, i + 1)->flags & POLIS_TOK_SPACE_BEFORE));
}

/* A word that took its period: Mr.  U.S.  J.  Inc. */
static bool sent_is_abbrev(const sent_ctx *sc, size_t i)
{
    const polis_token *t = tok(sc, i);
    return (t->flags & POLIS_TOK_WORD) && t->norm_len > 1 && norm(sc, i)[t->norm_len - 1] == '.';
}

static bool sent_is_line_start(const polis_token *t, size_t i)
{
    return i == 0 || (t->flags & (POLIS_TOK_NEWLINE_BEFORE | POLIS_TOK_PARA_START));
}

static bool sent_is_bullet_char(const sent_ctx *sc, size_t i, const polis_token *t);

/* A bullet: • ▪ ⁃ ... anywhere, or - * at the start of a line. Called for
 * every punctuation token, so the usual ones are turned away inline. */
static inline bool sent_is_bullet(const sent_ctx *sc, size_t i)
{
    const polis_token *t = tok(sc, i);
    unsigned char b = (unsigned char)sc->text[t->start];
    if (!(t->flags & POLIS_TOK_PUNCT) || (b < 0x80 && b != '-' && b != '*'))
        return false;
    return sent_is_bullet_char(sc, i, t);
}

static bool sent_is_bullet_char(const sent_ctx *sc, size_t i, const polis_token *t)
{
    const unsigned char *s = (const unsigned char *)sc->text + t->start;
    size_t n;
    uint32_t cp = txt_decode(s, t->end - t->start, &n);
    if (n != t->end - t->start)
        return false;
    if (txt_classify(cp) == TXT_BULLET)
        return true;
    return (cp == '-' || cp == '*' || cp == 0x2013 || cp == 0x2014) && sent_is_line_start(t, i)
           && i + 1 < sc->toks->n && (tok(sc, i + 1)->flags & POLIS_TOK_SPACE_BEFORE);
}

static long sent_roman(const char *w)
{
    static const char *const romans[] = { "i", "ii", "iii", "iv", "v", "vi", "vii", "viii",
                                          "ix", "x", "xi", "xii" };
    for (size_t k = 0; k < sizeof romans / sizeof *romans; k++)
        if (strcmp(w, romans[k]) == 0)
            return (long)k + 1;
    return 0;
}

/* Value of a list marker at token i ("1." "2)" "b." "B." "iv."), or 0.
 * Numbers, letters and roman numerals are kept apart (0..999, 1000+,
 * 2000+) so that "a." follows no "1.". */
static long sent_marker_value(const sent_ctx *sc, size_t i)
{
    const polis_token *t = tok(sc, i);
    const char *w = norm(sc, i);
    size_t n = sc->toks->n, len = t->norm_len;
    size_t after = i + 1;                    /* first token after the marker */
    if (len == 2 && w[1] == '.' && (t->flags & POLIS_TOK_ACRONYM)) {
        len = 1;                             /* "B." took its period */
    } else {
        if (after >= n || (tok(sc, after)->flags & POLIS_TOK_SPACE_BEFORE))
            return 0;
        const char *p = norm(sc, after);
        if (strcmp(p, ".") != 0 && strcmp(p, ")") != 0)
            return 0;
        after++;
    }
    if (after < n && strcmp(norm(sc, after), ")") == 0 && !(tok(sc, after)->flags & POLIS_TOK_SPACE_BEFORE))
        after++;                             /* "1.)" */
    if (after < n && !(tok(sc, after)->flags & POLIS_TOK_SPACE_BEFORE))
        return 0;                            /* "1.5" never gets here; "a.b" is no marker */
    if (i > 0 && (tok(sc, i - 1)->flags & POLIS_TOK_OPEN) && !(t->flags & POLIS_TOK_SPACE_BEFORE))
        return 0;                            /* "(2)" is a reference, not an item */
    if (len >= 1 && len <= 3 && strspn(w, "0123456789") == len)
        return strtol(w, NULL, 10) + (len == 1 && w[0] == '0' ? 1000000 : 0);
    char word[4] = { 0 };
    if (len > 3)
        return 0;
    memcpy(word, w, len);
    if (len == 1 && word[0] >= 'a' && word[0] <= 'z')
        return 1000 + (word[0] - 'a' + 1);
    long r = sent_roman(word);
    return r ? 2000 + r : 0;
}

/* Does a colon after a word precede token i ("Results: 1. Kenya 2.
 * Ethiopia", not the score "2: 1.")? */
static inline bool sent_after_colon(const sent_ctx *sc, size_t i)
{
    if (i < 2 || !(tok(sc, i - 1)->flags & POLIS_TOK_PUNCT))
        return false;
    const polis_token *colon = tok(sc, i - 1), *word = tok(sc, i - 2);
    return colon->end - colon->start == 1 && sc->text[colon->start] == ':'
           && (word->flags & POLIS_TOK_WORD) && !(word->flags & POLIS_TOK_DIGIT);
}

/* "(1)" "(a)" "(iv)" at token i. */
static bool sent_paren_marker(const sent_ctx *sc, size_t i)
{
    if (i + 2 >= sc->toks->n || !(tok(sc, i)->flags & POLIS_TOK_OPEN)
        || strcmp(norm(sc, i + 2), ")") != 0
        || (tok(sc, i + 1)->flags | tok(sc, i + 2)->flags) & POLIS_TOK_SPACE_BEFORE)
        return false;
    const char *w = norm(sc, i + 1);
    size_t len = strlen(w);
    return (len <= 3 && strspn(w, "0123456789") == len)
           || (len == 1 && w[0] >= 'a' && w[0] <= 'z') || sent_roman(w);
}

/* Is token i where a sentence's words begin (after an optional bullet)? */
static bool sent_at_head(const sent_ctx *sc, size_t i)
{
    return i == sc->begin || (i == sc->begin + 1 && sent_is_bullet(sc, sc->begin));
}

/* First token at or after j that is not an opening quote, bracket or dash. */
static size_t sent_first_word(const sent_ctx *sc, size_t j)
{
    size_t n = sc->toks->n;
    for (size_t k = j; k < n && k < j + 3; k++) {
        uint32_t f = tok(sc, k)->flags;
        if (!(f & (POLIS_TOK_OPEN | POLIS_TOK_QUOTE | POLIS_TOK_DASH)) || (f & POLIS_TOK_WORD))
            return k;
    }
    return j + 3 < n ? j + 3 : n;
}

/* Punctuation that continues a sentence: , ; : ) and the like. */
static bool sent_is_continuing_punct(const sent_ctx *sc, size_t i)
{
    uint32_t f = tok(sc, i)->flags;
    return (f & POLIS_TOK_PUNCT) && !(f & (POLIS_TOK_QUOTE | POLIS_TOK_OPEN | POLIS_TOK_CURRENCY))
           && !sent_is_bullet(sc, i);
}

static size_t sent_count_dots(const char *w)
{
    size_t k = 0;
    for (; *w; w++)
        k += *w == '.';
    return k;
}

/* What may follow the speech verb of an attribution: the end of it ("Putin
 * asked."), a place or time ("asked in Moscow"), or one word ("asked
 * reporters."); not an object of its own ("shouted the question twice"). */
static bool sent_attribution_ends(const sent_ctx *sc, size_t k)
{
    static const char *const preps[] = { "after", "at", "before", "during", "from", "in", "on",
                                         "to", "with" };
    size_t n = sc->toks->n;
    if (k >= n || (tok(sc, k)->flags & POLIS_TOK_END_PUNCT) || strcmp(norm(sc, k), ",") == 0)
        return true;
    if (sent_in(norm(sc, k), preps, sizeof preps / sizeof *preps))
        return true;
    return (tok(sc, k)->flags & POLIS_TOK_LOWER)
           && (k + 1 >= n || (tok(sc, k + 1)->flags & POLIS_TOK_END_PUNCT)
               || strcmp(norm(sc, k + 1), ",") == 0);
}

/* After a quoted question or exclamation, a name followed by a speech verb
 * is its attribution: '"Why?" Putin asked.' (j: the token after the closers,
 * w: the first word there). */
static bool sent_is_attribution(const sent_ctx *sc, size_t j, size_t w)
{
    static const char *const verbs[] = {
        "added", "adds", "asked", "asks", "cried", "demanded", "exclaimed", "insisted", "replied",
        "said", "says", "screamed", "shouted", "tweeted", "wondered", "wrote", "yelled",
    };
    bool quoted = false;
    for (size_t k = j; k-- > 0 && sent_is_closer(sc, k);)
        quoted |= (tok(sc, k)->flags & POLIS_TOK_QUOTE) != 0;
    if (!quoted || !(tok(sc, w)->flags & POLIS_TOK_CAP)
        || sent_in(norm(sc, w), sent_starters, sizeof sent_starters / sizeof *sent_starters))
        return false;
    size_t n = sc->toks->n;
    for (size_t k = w + 1; k < n && k <= w + 3; k++) {
        const polis_token *t = tok(sc, k);
        if (t->flags & (POLIS_TOK_END_PUNCT | POLIS_TOK_NEWLINE_BEFORE))
            return false;
        if (sent_in(norm(sc, k), verbs, sizeof verbs / sizeof *verbs))
            return sent_attribution_ends(sc, k + 1);
    }
    return false;
}

/* "compounds. . . . The practice": a period, then an ellipsis that belongs
 * to the next sentence when a capitalized word follows it. */
static bool sent_period_before_ellipsis(const sent_ctx *sc, size_t j)
{
    size_t n = sc->toks->n, k = j + 1;
    while (k < n && sent_is_closer(sc, k))
        k++;
    size_t w = sent_first_word(sc, k);
    return w < n && (tok(sc, w)->flags & POLIS_TOK_WORD) && !sent_starts_lower(sc, w);
}

/* Does the end mark at i end its sentence, the next token being j? */
static bool sent_mark_ends(const sent_ctx *sc, size_t i, size_t j)
{
    const polis_token *t = tok(sc, i);
    const char *m = norm(sc, i);
    if (strcmp(m, ".") == 0 && i > 0 && (sent_at_head(sc, i - 1) || sent_after_colon(sc, i - 1))
        && sent_marker_value(sc, i - 1))
        return false;                                    /* "1. The first item" */
    if (i > 0 && (tok(sc, i - 1)->flags & POLIS_TOK_OPEN) && !(t->flags & POLIS_TOK_SPACE_BEFORE))
        return false;                                    /* "[...]" */
    size_t dots = sent_count_dots(m);
    if (dots >= 2 && i == sc->begin)
        return false;                                    /* ". . . The practice" opens */
    if (dots == 1 && (tok(sc, j)->flags & POLIS_TOK_END_PUNCT) && sent_count_dots(norm(sc, j)) >= 2)
        return sent_period_before_ellipsis(sc, j);
    if ((tok(sc, j)->flags & POLIS_TOK_END_PUNCT) || sent_is_continuing_punct(sc, j))
        return false;
    size_t w = sent_first_word(sc, j);
    if (w >= sc->toks->n)
        return true;
    if (sent_starts_lower(sc, w))
        return false;
    if (dots >= 2) {                                     /* an ellipsis */
        const char *next = norm(sc, w);
        return dots >= 4 || strcmp(next, "i") != 0;      /* ". . . I didn't" goes on */
    }
    if (dots == 0 && j > i + 1 && sent_is_attribution(sc, j, w))
        return false;                                    /* '"Why?" Putin asked.' */
    if (dots == 1 && sent_starts_digit(sc, w)) {
        /* "N°. 1026" and unknown abbreviations before numbers go on; after a
         * real word or number ("in 2019. 2020 was") a number starts anew. */
        const polis_token *p = i > 0 ? tok(sc, i - 1) : NULL;
        return p && (p->flags & (POLIS_TOK_WORD | POLIS_TOK_NUMBER)) && p->end - p->start >= 2;
    }
    return true;
}

static bool sent_is_clock(const char *w)
{
    return strcmp(w, "a.m.") == 0 || strcmp(w, "p.m.") == 0;
}

/* Mr. Dr. Gen. ...: a title abbreviation. */
static bool sent_is_title(const sent_ctx *sc, size_t i)
{
    return sent_is_abbrev(sc, i)
           && polis_abbrevs_lookup(sc->ab, norm(sc, i), tok(sc, i)->norm_len - 1) == POLIS_ABBR_TITLE;
}

/* Mr. Mrs. Ms.: titles that never modify a preceding word (unlike "U.S.
 * Sen." or "U.S. Gen."). */
static bool sent_is_personal_title(const sent_ctx *sc, size_t i)
{
    static const char *const personal[] = { "messrs.", "mlle.", "mme.", "mr.", "mrs.", "ms." };
    return sent_in(norm(sc, i), personal, sizeof personal / sizeof *personal);
}

/* "At 5 a.m. Mr. Smith went": the sentence so far is only an opening
 * phrase, so a name after it is the subject, not a new sentence. */
static bool sent_opens_with_phrase(const sent_ctx *sc, size_t i)
{
    static const char *const preps[] = { "about", "after", "around", "at", "before", "by",
                                         "from", "in", "on", "since", "until" };
    return i - sc->begin <= 4
           && sent_in(norm(sc, sc->begin), preps, sizeof preps / sizeof *preps);
}

/* Does the abbreviation, acronym or initial at i end its sentence? */
static bool sent_abbrev_ends(const sent_ctx *sc, size_t i, size_t j)
{
    const polis_token *t = tok(sc, i);
    size_t w = sent_first_word(sc, j);
    bool closed = j > i + 1;                 /* 'the U.S." He': the quote says it ended */
    if (w >= sc->toks->n)
        return true;
    if ((t->flags & POLIS_TOK_ACRONYM) && t->norm_len == 2 && sent_at_head(sc, i))
        return false;                        /* "A. The first item" */
    int kind = polis_abbrevs_lookup(sc->ab, norm(sc, i), t->norm_len - 1);
    if (kind < 0)
        kind = POLIS_ABBR_GENERAL;                   /* acronyms and initials: U.S. J. */
    if (kind == POLIS_ABBR_TITLE && !closed)
        return false;
    if (sent_is_continuing_punct(sc, j) || sent_starts_digit(sc, w) || sent_starts_lower(sc, w))
        return false;
    if (!(tok(sc, w)->flags & POLIS_TOK_WORD))
        return closed;
    if (closed || sent_in(norm(sc, w), sent_starters, sizeof sent_starters / sizeof *sent_starters))
        return true;
    /* "He left at 6 P.M. Mr. Smith then ..." / "docked in the U.K. Mrs. Osei
     * was ...": a personal title rarely follows a word it could modify. */
    if (sent_opens_with_phrase(sc, i))
        return false;
    return sent_is_personal_title(sc, w) || (sent_is_clock(norm(sc, i)) && sent_is_title(sc, w));
}

/* A lowercase line that is a whole sentence so far ("features\ncontact
 * manager\n"): a list of items, one a line. A wrapped sentence started with
 * a capital on an earlier line. */
static bool sent_is_lowercase_item(const sent_ctx *sc, size_t i)
{
    if (!sent_is_line_start(tok(sc, sc->begin), sc->begin) || !sent_starts_lower(sc, sc->begin))
        return false;
    for (size_t k = sc->begin + 1; k < i; k++)
        if (tok(sc, k)->flags & POLIS_TOK_NEWLINE_BEFORE)
            return false;
    return true;
}

/* The token before i ended a line without an end mark: does i start a new
 * sentence (a headline above), or does the line go on (wrapped prose)? */
static bool sent_line_ends(const sent_ctx *sc, size_t i)
{
    const polis_token *p = tok(sc, i - 1);
    if ((p->flags & POLIS_TOK_END_PUNCT) || sent_is_abbrev(sc, i - 1))
        return false;                        /* the candidate rules decided */
    if (sent_is_closer(sc, i - 1) && i >= 2 && (tok(sc, i - 2)->flags & POLIS_TOK_END_PUNCT))
        return false;
    if (sent_starts_lower(sc, i))
        return sent_is_lowercase_item(sc, i);
    if (sent_is_continuing_punct(sc, i) || (tok(sc, i)->flags & POLIS_TOK_END_PUNCT))
        return false;
    if ((p->flags & POLIS_TOK_PUNCT) && !(p->flags & (POLIS_TOK_QUOTE | POLIS_TOK_CLOSE)))
        return false;                        /* ends in , ; : - ( */
    if ((p->flags & POLIS_TOK_LOWER)
        && sent_in(norm(sc, i - 1), sent_continuers, sizeof sent_continuers / sizeof *sent_continuers))
        return false;
    return true;
}

/* Is there a boundary before token i for reasons of layout? */
static bool sent_breaks_before(const sent_ctx *sc, size_t i)
{
    const polis_token *t = tok(sc, i);
    if (t->flags & POLIS_TOK_PARA_START)
        return true;
    if (sent_is_bullet(sc, i))
        return true;
    if (t->flags & POLIS_TOK_NEWLINE_BEFORE) {
        if (sent_marker_value(sc, i) || sent_paren_marker(sc, i))
            return true;                     /* a list item on its own line */
        return sent_line_ends(sc, i);
    }
    /* An inline list after a colon starts at its first item: "Results: 1. Kenya" */
    if (sent_after_colon(sc, i)) {
        long v = sent_marker_value(sc, i);
        if (v == 1 || v == 1001 || v == 2001)
            return true;
    }
    /* An inline list: "1) first item 2) second item" */
    if (sc->list_value && (t->flags & POLIS_TOK_SPACE_BEFORE) && !sent_is_bullet(sc, i - 1)
        && sent_marker_value(sc, i) == sc->list_value + 1)
        return true;
    return false;
}

/* End the open sentence before token end (its tokens already carry its
 * index); the next one starts at end. */
static int sent_close(sent_ctx *sc, size_t end)
{
    if (end <= sc->begin)
        return 0;
    polis_sentences *out = sc->out;
    if (out->n == out->cap) {
        size_t cap = out->cap ? out->cap * 2 : 64;
        polis_sentence *v = realloc(out->v, cap * sizeof *v);
        if (!v)
            return -1;
        out->v = v;
        out->cap = cap;
    }
    const polis_token *v = sc->toks->v;
    out->v[out->n++] = (polis_sentence){
        (uint32_t)sc->begin, (uint32_t)end, v[sc->begin].start, v[end - 1].end,
    };
    sc->begin = end;
    return 0;
}

/* Remember the list marker that opens a sentence (after an optional
 * bullet) or follows a colon, so that the next item of an inline list is
 * recognised; a paragraph that opens without one ends the list. */
static void sent_note_list(sent_ctx *sc, size_t i)
{
    if (sent_at_head(sc, i)) {
        long v = sent_marker_value(sc, i);
        if (v)
            sc->list_value = v;
        else if (i == sc->begin && (tok(sc, i)->flags & POLIS_TOK_PARA_START))
            sc->list_value = 0;
    } else if ((tok(sc, i)->flags & POLIS_TOK_PUNCT) && i + 1 < sc->toks->n
               && sent_after_colon(sc, i + 1)) {
        long v = sent_marker_value(sc, i + 1);      /* "Results: 1. Kenya" */
        if (v)
            sc->list_value = v;
    }
}

#define X4(x) x, x, x, x
#define X16(x) X4(x), X4(x), X4(x), X4(x)
/* Flags that make a token a case for the rules given its last byte (a word
 * that took its period) and its first byte (punctuation that may be a bullet
 * or a colon before a list). */
static const uint32_t sent_last_rules[256] = { ['.'] = POLIS_TOK_WORD };
static const uint32_t sent_first_rules[256] = {
    [':'] = POLIS_TOK_PUNCT,
    [0x80] = X16(POLIS_TOK_PUNCT), X16(POLIS_TOK_PUNCT), X16(POLIS_TOK_PUNCT), X16(POLIS_TOK_PUNCT),
    X16(POLIS_TOK_PUNCT), X16(POLIS_TOK_PUNCT), X16(POLIS_TOK_PUNCT), X16(POLIS_TOK_PUNCT),
};
#undef X4
#undef X16

/* The tokens from i on that no rule needs to look at get sentence idx:
 * words that do not end in a period, and plain punctuation inside a line
 * (, " ( ) % ...: ASCII, no end mark, no colon), before which no layout
 * rule breaks (an ASCII mark is a bullet only at a line start, and is never
 * a list marker) and after which only a colon starts an inline list. For
 * the inside of a sentence with no list open, up to stop. Returns the first
 * token that needs the rules (or stop). */
static size_t sent_pass(polis_token *v, const char *text, size_t i, size_t stop, uint32_t idx)
{
    const uint32_t notable = POLIS_TOK_PARA_START | POLIS_TOK_NEWLINE_BEFORE
                             | POLIS_TOK_END_PUNCT | POLIS_TOK_SENT_START;
    const unsigned char *t = (const unsigned char *)text;
    polis_token *w = v + i, *end = v + stop;
    for (; w < end; w++) {
        /* one branch a token (words and punctuation alternate unpredictably) */
        uint32_t wf = w->flags;
        if (wf & (notable | sent_last_rules[t[w->end - 1]] | sent_first_rules[t[w->start]]))
            break;
        w->sentence = idx;
    }
    return (size_t)(w - v);
}

int polis_split_sentences(const char *text, size_t len, polis_tokens *toks,
                          const polis_abbrevs *abbrevs, polis_sentences *out)
{
    (void)len;
    out->n = 0;
    sent_ctx sc = { text, toks, abbrevs ? abbrevs : polis_abbrevs_builtin(), out, 0, 0 };
    size_t n = toks->n, brk = SIZE_MAX;      /* brk: a boundary decided ahead */
    const uint32_t layout = POLIS_TOK_PARA_START | POLIS_TOK_NEWLINE_BEFORE | POLIS_TOK_PUNCT;
    polis_token *v = toks->v;
    for (size_t i = 0; i < n; i++) {
        /* Most tokens are words inside a sentence: pass them quickly (the
         * second token of a sentence too, unless the first is a bullet). */
        if (!sc.list_value
            && (i > sc.begin + 1 || (i == sc.begin + 1 && !(v[sc.begin].flags & POLIS_TOK_PUNCT))))
            i = sent_pass(v, text, i, brk >= i && brk < n ? brk : n, (uint32_t)out->n);
        if (i == n)
            break;
        polis_token *t = &v[i];
        uint32_t f = t->flags;
        if (i > sc.begin && (i == brk || (((f & layout) || sc.list_value) && sent_breaks_before(&sc, i)))
            && sent_close(&sc, i) != 0)
            return -1;
        t->sentence = (uint32_t)out->n;
        t->flags = i == sc.begin ? f | POLIS_TOK_SENT_START : f & ~(uint32_t)POLIS_TOK_SENT_START;
        sent_note_list(&sc, i);
        if (!(f & POLIS_TOK_END_PUNCT) && !((f & POLIS_TOK_WORD) && text[t->end - 1] == '.'))
            continue;                            /* not a candidate: most tokens */
        size_t j = i + 1;
        while (j < n && sent_is_closer(&sc, j))
            j++;
        bool ends = j < n && ((tok(&sc, j)->flags & POLIS_TOK_PARA_START)
                              || ((f & POLIS_TOK_END_PUNCT) ? sent_mark_ends(&sc, i, j)
                                                            : sent_abbrev_ends(&sc, i, j)));
        if (ends)
            brk = j;
    }
    return sent_close(&sc, n);
}

void polis_sentences_free(polis_sentences *s)
{
    if (!s)
        return;
    free(s->v);
    memset(s, 0, sizeof *s);
}
