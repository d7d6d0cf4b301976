/*
 * abbrevs.c - the abbreviations the tokenizer and the sentence splitter know.
 *
 * A small open-addressing table keyed by the normalized word without its
 * final period ("mr", "u.s", "sept"). Entries live inside the slots (words
 * are short), so the shared built-in table needs no allocation at all and
 * is filled once, thread-safely, on first use.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "text_internal.h"

#define ABBR_MAX 31           /* longest word accepted, in normalized bytes */

typedef struct abbr_slot {
    uint32_t hash;
    uint8_t len;              /* 0: empty slot */
    uint8_t kind;             /* enum polis_abbrev_kind */
    uint8_t weak;             /* period is the word's only before a number */
    char word[ABBR_MAX + 1];
} abbr_slot;

#define ABBR_FILTER_BITS 4096

struct polis_abbrevs {
    abbr_slot *slots;
    size_t nslots;            /* a power of two */
    size_t n;
    bool fixed;               /* the static built-in table: never grows, never freed */
    /* Two bits per word, chosen by its hash: most words looked up (every
     * word before a period) are not abbreviations, and this half kilobyte
     * says so without touching the 40 KB of slots, which are rarely in the
     * cache when a document is tokenized between rules. */
    uint64_t filter[ABBR_FILTER_BITS / 64];
};

static inline uint32_t abbr_bit1(uint32_t h) { return h % ABBR_FILTER_BITS; }
static inline uint32_t abbr_bit2(uint32_t h) { return (h >> 12) % ABBR_FILTER_BITS; }

static inline bool abbr_maybe(const polis_abbrevs *a, uint32_t h)
{
    uint32_t b1 = abbr_bit1(h), b2 = abbr_bit2(h);
    return (a->filter[b1 / 64] >> (b1 % 64) & 1) && (a->filter[b2 / 64] >> (b2 % 64) & 1);
}

typedef struct abbr_entry {
    const char *word;
    uint8_t kind;
    uint8_t weak;
} abbr_entry;

#define T POLIS_ABBR_TITLE
#define G POLIS_ABBR_GENERAL
#define N POLIS_ABBR_NUMBER
#define M POLIS_ABBR_MONTH
/* Dotted acronyms (U.S., e.g.) and single initials need no entry: the
 * tokenizer recognises their shape. Words that are also ordinary English
 * words ("no", "sat", "fig") are weak: they take the period only before a
 * number ("No. 10", "Sat. 12"), so "He said no." still ends with a period. */
static const abbr_entry abbr_builtin_list[] = {
    /* titles and ranks: always followed by a name */
    {"mr", T, 0}, {"mrs", T, 0}, {"ms", T, 0}, {"messrs", T, 0}, {"mmes", T, 0},
    {"mme", T, 0}, {"mlle", T, 0}, {"dr", T, 0}, {"drs", T, 0}, {"prof", T, 0},
    {"profs", T, 0}, {"rev", T, 0}, {"revd", T, 0}, {"hon", T, 0}, {"fr", T, 0},
    {"sen", T, 0}, {"sens", T, 0}, {"rep", T, 0}, {"reps", T, 0}, {"gov", T, 0},
    {"govs", T, 0}, {"pres", T, 0}, {"amb", T, 0}, {"atty", T, 0}, {"supt", T, 0},
    {"insp", T, 0}, {"det", T, 0}, {"gen", T, 0}, {"gens", T, 0}, {"lt", T, 0},
    {"col", T, 0}, {"maj", T, 0}, {"capt", T, 0}, {"cpt", T, 0}, {"cmdr", T, 0},
    {"cdr", T, 0}, {"adm", T, 0}, {"brig", T, 0}, {"sgt", T, 0}, {"cpl", T, 0},
    {"pvt", T, 0}, {"pte", T, 0}, {"lieut", T, 0}, {"comdr", T, 0}, {"cmdt", T, 0},
    {"msgt", T, 0}, {"ssgt", T, 0}, {"sfc", T, 0}, {"spc", T, 0}, {"ens", T, 0},
    {"mt", T, 0}, {"ft", G, 0}, {"pt", N, 1}, {"sra", T, 0}, {"srta", T, 0},
    {"sr", G, 0}, {"jr", G, 0}, {"esq", G, 0}, {"st", G, 0},
    /* organisations, places, Latin */
    {"inc", G, 0}, {"corp", G, 0}, {"co", G, 0}, {"cos", G, 0}, {"ltd", G, 0},
    {"llc", G, 0}, {"plc", G, 0}, {"bros", G, 0}, {"assn", G, 0}, {"assoc", G, 0},
    {"dept", G, 0}, {"depts", G, 0}, {"div", G, 0}, {"univ", G, 0}, {"inst", G, 0},
    {"intl", G, 0}, {"natl", G, 0}, {"govt", G, 0}, {"admin", G, 0}, {"mfg", G, 0},
    {"ave", G, 0}, {"blvd", G, 0}, {"rd", G, 0}, {"hwy", G, 0}, {"ln", G, 0},
    {"pl", G, 0}, {"sq", G, 0}, {"ct", G, 0}, {"pkwy", G, 0}, {"mts", G, 0},
    {"etc", G, 0}, {"al", G, 0},
    /* never end a sentence: something always follows them */
    {"e.g", T, 0}, {"i.e", T, 0}, {"cf", T, 0}, {"viz", T, 0}, {"vs", T, 0}, {"v", T, 0},
    {"ibid", G, 0}, {"approx", G, 0}, {"est", G, 0}, {"misc", G, 0}, {"dept", G, 0},
    {"ed", G, 1}, {"eds", G, 0}, {"trans", G, 1}, {"ca", G, 1}, {"cca", G, 0},
    {"abbr", G, 0}, {"incl", G, 0}, {"excl", G, 0}, {"max", G, 1}, {"min", G, 1},
    {"tel", G, 0}, {"ext", G, 0}, {"fax", G, 1}, {"mgr", G, 0}, {"dir", G, 0},
    {"asst", G, 0}, {"assoc", G, 0}, {"exec", G, 0}, {"chmn", G, 0},
    /* U.S. states in AP style */
    {"ala", G, 0}, {"ariz", G, 0}, {"ark", G, 1}, {"calif", G, 0}, {"colo", G, 0},
    {"conn", G, 0}, {"del", G, 1}, {"fla", G, 0}, {"ga", G, 0}, {"ill", G, 1},
    {"ind", G, 1}, {"kan", G, 0}, {"kans", G, 0}, {"ky", G, 0}, {"md", G, 0},
    {"mass", G, 1}, {"mich", G, 0}, {"minn", G, 0}, {"miss", G, 1}, {"mont", G, 0},
    {"neb", G, 0}, {"nebr", G, 0}, {"nev", G, 0}, {"okla", G, 0}, {"ore", G, 1},
    {"penn", G, 1}, {"tenn", G, 0}, {"tex", G, 0}, {"vt", G, 0}, {"va", G, 0},
    {"wash", G, 1}, {"wis", G, 0}, {"wisc", G, 0}, {"wyo", G, 0}, {"ida", G, 1},
    /* before numbers */
    {"no", N, 1}, {"nos", N, 1}, {"nr", N, 0}, {"art", N, 1}, {"arts", N, 1},
    {"p", N, 1}, {"pp", N, 1}, {"para", N, 1}, {"paras", N, 1}, {"sec", N, 1},
    {"secs", N, 1}, {"ch", N, 1}, {"chap", N, 1}, {"fig", N, 1}, {"figs", N, 1},
    {"vol", N, 1}, {"vols", N, 1}, {"op", N, 1}, {"rev", T, 0}, {"pg", N, 1},
    {"tab", N, 1}, {"col", T, 0}, {"cl", N, 1}, {"reg", N, 1}, {"res", N, 1},
    {"rm", N, 1}, {"apt", N, 1}, {"ste", N, 1}, {"bldg", N, 1}, {"ps", N, 1},
    {"pct", N, 1}, {"approx", G, 0}, {"mi", N, 1}, {"km", N, 1}, {"lb", N, 1},
    {"lbs", N, 1}, {"oz", N, 1}, {"kg", N, 1}, {"yr", N, 1}, {"yrs", N, 1},
    {"hrs", N, 1}, {"mos", N, 1}, {"wk", N, 1}, {"wks", N, 1}, {"mins", N, 1},
    /* months and weekdays */
    {"jan", M, 1}, {"feb", M, 0}, {"mar", M, 1}, {"apr", M, 0}, {"jun", M, 1},
    {"jul", M, 1}, {"aug", M, 0}, {"sep", M, 0}, {"sept", M, 0}, {"oct", M, 0},
    {"nov", M, 0}, {"dec", M, 0}, {"mon", M, 1}, {"tue", M, 0}, {"tues", M, 0},
    {"wed", M, 1}, {"thu", M, 0}, {"thur", M, 0}, {"thurs", M, 0}, {"fri", M, 1},
    {"sat", M, 1}, {"sun", M, 1},
};
#undef T
#undef G
#undef N
#undef M

/* Normalize word into key (lowercased, folded, one final period dropped);
 * returns the key length, or 0 when empty or too long. */
static size_t abbr_key(const char *word, size_t len, char key[4 * ABBR_MAX + 1])
{
    if (len > 0 && word[len - 1] == '.')
        len--;
    if (len == 0 || len > ABBR_MAX)
        return 0;
    size_t n = polis_normalize(word, len, key);
    return n <= ABBR_MAX ? n : 0;
}

static abbr_slot *abbr_find_slot(const polis_abbrevs *a, const char *key, size_t n, uint32_t h)
{
    size_t mask = a->nslots - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        abbr_slot *s = &a->slots[i];
        if (s->len == 0 || (s->hash == h && s->len == n && memcmp(s->word, key, n) == 0))
            return s;
    }
}

static void abbr_put(polis_abbrevs *a, const char *key, size_t n, uint8_t kind, uint8_t weak)
{
    uint32_t h = polis_hash(key, n);
    abbr_slot *s = abbr_find_slot(a, key, n, h);
    if (s->len == 0) {
        uint32_t b1 = abbr_bit1(h), b2 = abbr_bit2(h);
        a->filter[b1 / 64] |= 1ull << (b1 % 64);
        a->filter[b2 / 64] |= 1ull << (b2 % 64);
        s->hash = h;
        s->len = (uint8_t)n;
        memcpy(s->word, key, n);
        s->word[n] = '\0';
        a->n++;
    }
    s->kind = kind;
    s->weak = weak;
}

static int abbr_grow(polis_abbrevs *a)
{
    size_t nslots = a->nslots ? a->nslots * 2 : 1024;
    abbr_slot *slots = calloc(nslots, sizeof *slots);
    if (!slots)
        return -1;
    polis_abbrevs bigger = { slots, nslots, 0, false, { 0 } };
    for (size_t i = 0; i < a->nslots; i++) {
        const abbr_slot *s = &a->slots[i];
        if (s->len)
            abbr_put(&bigger, s->word, s->len, s->kind, s->weak);
    }
    free(a->slots);
    *a = bigger;
    return 0;
}

static void abbr_fill_builtin(polis_abbrevs *a)
{
    char key[4 * ABBR_MAX + 1];
    for (size_t i = 0; i < sizeof abbr_builtin_list / sizeof *abbr_builtin_list; i++) {
        const abbr_entry *e = &abbr_builtin_list[i];
        size_t n = abbr_key(e->word, strlen(e->word), key);
        abbr_put(a, key, n, e->kind, e->weak);
    }
}

/* The built-in list has about 300 words: 1024 slots keep probes short. */
static abbr_slot abbr_builtin_slots[1024];
static polis_abbrevs abbr_builtin = { abbr_builtin_slots, 1024, 0, true, { 0 } };
static pthread_once_t abbr_builtin_once = PTHREAD_ONCE_INIT;

static void abbr_builtin_init(void)
{
    abbr_fill_builtin(&abbr_builtin);
}

const polis_abbrevs *polis_abbrevs_builtin(void)
{
    pthread_once(&abbr_builtin_once, abbr_builtin_init);
    return &abbr_builtin;
}

polis_abbrevs *polis_abbrevs_new(void)
{
    polis_abbrevs *a = calloc(1, sizeof *a);
    if (!a || abbr_grow(a) != 0) {
        free(a);
        return NULL;
    }
    abbr_fill_builtin(a);          /* 1024 slots hold the list below half load */
    return a;
}

void polis_abbrevs_free(polis_abbrevs *a)
{
    if (!a || a->fixed)
        return;
    free(a->slots);
    free(a);
}

int polis_abbrevs_add(polis_abbrevs *a, const char *word, size_t len, enum polis_abbrev_kind kind)
{
    char key[4 * ABBR_MAX + 1];
    if (!a || a->fixed || !word || (unsigned)kind > POLIS_ABBR_MONTH)
        return -1;
    size_t n = abbr_key(word, len, key);
    if (n == 0)
        return -1;
    if ((a->n + 1) * 2 > a->nslots && abbr_grow(a) != 0)
        return -1;
    /* What a script adds is meant as an abbreviation everywhere; only words
     * that precede numbers keep the "before a number" reading. */
    abbr_put(a, key, n, (uint8_t)kind, kind == POLIS_ABBR_NUMBER);
    return 0;
}

int txt_abbrev_lookup_key(const polis_abbrevs *a, const char *key, size_t len, uint32_t h,
                          bool *weak)
{
    if (len == 0 || len > ABBR_MAX)
        return -1;
    if (!a)
        a = polis_abbrevs_builtin();
    if (!abbr_maybe(a, h))
        return -1;
    const abbr_slot *s = abbr_find_slot(a, key, len, h);
    if (s->len == 0)
        return -1;
    if (weak)
        *weak = s->weak;
    return s->kind;
}

int txt_abbrev_lookup(const polis_abbrevs *a, const char *word, size_t len, bool *weak)
{
    char key[4 * ABBR_MAX + 1];
    size_t n = abbr_key(word, len, key);
    if (n == 0)
        return -1;
    return txt_abbrev_lookup_key(a, key, n, polis_hash(key, n), weak);
}

int polis_abbrevs_lookup(const polis_abbrevs *a, const char *word, size_t len)
{
    return txt_abbrev_lookup(a, word, len, NULL);
}
