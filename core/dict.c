/*
 * dict.c - phrase dictionaries: multi-word entries looked up over the
 * normalized tokens of a document.
 *
 * Layout (all owned by the polis_dict; immutable once built, so threads may
 * share a dictionary for lookups):
 *
 *   phrase    one distinct normalized token sequence ("new york"). Found
 *             through an open-addressing table keyed by a hash combined
 *             from the tokens' own hashes, so a lookup never re-hashes bytes;
 *             a hit is verified against the stored norms, so a hash collision
 *             cannot produce a false match.
 *   first     a second table from the hash of a phrase's first token to the
 *             set of lengths of the phrases starting with it. A lookup at
 *             token i asks it once, then probes only those lengths, longest
 *             first. Both costs are independent of the number of entries.
 *             A bit set of first tokens (16 bits per first token, small
 *             enough for L1/L2) answers "no phrase starts here", the answer
 *             for most tokens, before the table is touched.
 *   filter    a bit array small enough to stay in cache, with one bit set per
 *             prefix of every phrase and one per whole phrase. Most tokens
 *             start no phrase and are turned away by one bit; a lookup stops
 *             extending at the first prefix no phrase has, and probes the big
 *             phrase table only for lengths whose whole-phrase bit is set.
 *             Without it, the table probes (cache misses) dominate lookups.
 *   variant   a phrase's entries grouped by how they compare case: all FOLD
 *             entries, the CAPS entries with one capitalization profile, the
 *             EXACT entries with one original spelling. Each variant holds a
 *             sorted list of entry ids, handed out to callers as is.
 *   combo     when a phrase has several variants, the text may satisfy more
 *             than one ("Paris" satisfies FOLD "paris" and EXACT "Paris"). The
 *             merged entry list of every combination that some text can
 *             produce is built at add time, so lookups never allocate and
 *             never write.
 *   entry     attributes (interned key/value string ids) and its first phrase.
 *
 * Strings (norms, spellings, phrases, attribute strings) live in an arena of
 * chunks whose addresses never move; attribute strings are interned, since
 * values such as "country"="USA" repeat across thousands of entries. Entry
 * lists handed to callers point into the phrase and variant arrays, which
 * move when entries are added: they stay valid until the next add or free.
 *
 * Limits: 64 tokens per phrase, 32 case variants per phrase of which 6 CAPS
 * profiles (so the combos stay few); an entry beyond them is refused.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/types.h>

#include "polis_text.h"

#define DICT_MAX_TOKENS   64     /* a phrase's CAPS profile is a uint64_t bit set */
#define DICT_MAX_VARIANTS 32     /* case variants of one phrase: bits of a uint32_t */
#define DICT_MAX_CAPS_VARIANTS 6 /* CAPS variants of one phrase: at most 2^6 profiles */
#define DICT_MAX_PROFILES 64     /* capitalization profiles enumerated for combos */
#define DICT_NONE         UINT32_MAX
#define DICT_CHUNK        (64u * 1024u)

enum dict_status {
    DICT_OK = 0,
    DICT_ENOMEM,
    DICT_EEMPTY,
    DICT_ETOOLONG,
    DICT_EVARIANTS,
    DICT_EUTF8,
};

static const char *dict_status_message(enum dict_status s)
{
    switch (s) {
    case DICT_OK:        return "ok";
    case DICT_ENOMEM:    return "out of memory";
    case DICT_EEMPTY:    return "the phrase has no tokens";
    case DICT_ETOOLONG:  return "the phrase has more than 64 tokens";
    case DICT_EVARIANTS: return "too many case variants of one phrase";
    case DICT_EUTF8:     return "invalid UTF-8";
    }
    return "unknown error";
}

struct dict_chunk {
    struct dict_chunk *next;
    size_t used, cap;
    char data[];
};

struct dict_entry {
    const char *phrase;     /* the phrase it was added with (arena) */
    uint32_t attrs;         /* first attribute in dict.attrs */
    uint32_t nattrs;
};

struct dict_attr {
    uint32_t key, value;    /* interned string ids */
};

struct dict_variant {
    uint64_t capmask;       /* tokens whose spelling starts with a capital */
    const char *form;       /* EXACT: the original tokens, each NUL-terminated (arena) */
    uint32_t next;          /* next variant of the same phrase in dict.variants, or DICT_NONE */
    union {
        int32_t one;        /* n == 1: the entry itself (most phrases have one) */
        uint32_t off;       /* n > 1: entry ids in dict.lists[off .. off+n), ascending */
    } list;
    uint32_t n;
    uint8_t mode;           /* POLIS_CASE_FOLD, _EXACT or _CAPS */
};

#define DICT_INLINE_NORMS 16

/* One cache line (64 bytes on 64-bit targets, and the array is aligned to
 * 64): short norms and the first variant are stored inline, so a typical hit
 * reads the slot and this line, and nothing else. */
struct dict_phrase {
    union {
        char inl[DICT_INLINE_NORMS];  /* norms_len <= DICT_INLINE_NORMS (most phrases) */
        const char *ptr;              /* longer ones, in the arena */
    } norms;                /* normalized tokens, each NUL-terminated */
    uint32_t norms_len;     /* their bytes, NULs included */
    uint32_t hash;          /* combined hash of the token sequence */
    uint16_t ntok;
    uint16_t nvariants;     /* 0 only while the phrase is being created */
    uint32_t combos;        /* index in dict.combos, or DICT_NONE (one variant) */
    struct dict_variant first;
};

static inline const char *dict_phrase_norms(const struct dict_phrase *p)
{
    return p->norms_len <= DICT_INLINE_NORMS ? p->norms.inl : p->norms.ptr;
}

struct dict_combo {
    uint32_t mask;          /* the variants (bit k: k-th of the phrase) it merges */
    uint32_t n, cap;
    int32_t *v;             /* ascending entry ids */
};

struct dict_combos {
    struct dict_combo *v;
    uint32_t n;
};

struct dict_slot {
    uint32_t hash;
    uint32_t id;            /* phrase index or string id; DICT_NONE when empty */
};

#define DICT_FIRST_LONG (1u << 31)

struct dict_first {
    uint32_t hash;          /* hash of a first token */
    uint32_t lengths;       /* bit L-1: a phrase of L tokens starts with it (L < 32);
                               DICT_FIRST_LONG: one of 32 or more; 0: empty slot */
};

struct polis_dict {
    enum polis_dict_case default_case;

    struct dict_entry *entries;
    size_t nentries, entries_cap;
    struct dict_attr *attrs;
    size_t nattrs, attrs_cap;
    struct dict_phrase *phrases;
    size_t nphrases, phrases_cap;
    struct dict_variant *variants;
    size_t nvariants, variants_cap;
    int32_t *lists;                    /* the variants' entry lists */
    size_t nlists, lists_cap;
    struct dict_combos *combos;
    size_t ncombos, combos_cap;

    struct dict_slot *slots;           /* phrase hash -> phrase */
    size_t nslots;
    struct dict_first *first;          /* first-token hash -> phrase lengths */
    size_t nfirst, nfirst_slots;
    uint64_t *first_bits;              /* 8 * nfirst_slots bits: first tokens */
    unsigned first_bits_log2;
    uint64_t *filter;                  /* 1 << filter_log2 bits: prefixes, whole phrases */
    unsigned filter_log2;
    size_t filter_keys;                /* bits set, counting repeats */

    const char **strs;                 /* interned strings by id */
    size_t nstrs, strs_cap;
    struct dict_slot *str_slots;
    size_t nstr_slots;

    struct dict_chunk *chunks;
    polis_tokens toks;                 /* scratch: the phrase being added */
    char *scratch;                     /* scratch: spellings, UTF-8 checks */
    size_t scratch_cap;
};

/* ------------------------------------------------------------ memory */

/* Grow array v of size-byte elements to hold need of them (doubling);
 * returns the new array, or NULL with v untouched. */
static void *dict_grow(void *v, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return v;
    size_t n = *cap ? *cap : 16;
    while (n < need)
        n *= 2;
    void *p = realloc(v, n * size);
    if (p)
        *cap = n;
    return p;
}

/* One small typed wrapper of dict_grow per array. */
static int dict_reserve_entries(polis_dict *d, size_t need)
{
    void *p = dict_grow(d->entries, &d->entries_cap, need, sizeof *d->entries);
    return p ? (d->entries = p, 0) : -1;
}

static int dict_reserve_attrs(polis_dict *d, size_t need)
{
    void *p = dict_grow(d->attrs, &d->attrs_cap, need, sizeof *d->attrs);
    return p ? (d->attrs = p, 0) : -1;
}

/* Phrases are aligned to a cache line, so realloc (16-byte aligned) won't do. */
static int dict_reserve_phrases(polis_dict *d, size_t need)
{
    if (need <= d->phrases_cap)
        return 0;
    size_t cap = d->phrases_cap ? d->phrases_cap * 2 : 256;
    while (cap < need)
        cap *= 2;
    size_t bytes = (cap * sizeof *d->phrases + 63) & ~(size_t)63;
    struct dict_phrase *p = aligned_alloc(64, bytes);
    if (!p)
        return -1;
    if (d->nphrases)
        memcpy(p, d->phrases, d->nphrases * sizeof *p);
    free(d->phrases);
    d->phrases = p;
    d->phrases_cap = cap;
    return 0;
}

static int dict_reserve_variants(polis_dict *d, size_t need)
{
    void *p = dict_grow(d->variants, &d->variants_cap, need, sizeof *d->variants);
    return p ? (d->variants = p, 0) : -1;
}

static int dict_reserve_lists(polis_dict *d, size_t need)
{
    void *p = dict_grow(d->lists, &d->lists_cap, need, sizeof *d->lists);
    return p ? (d->lists = p, 0) : -1;
}

static int dict_reserve_combos(polis_dict *d, size_t need)
{
    void *p = dict_grow(d->combos, &d->combos_cap, need, sizeof *d->combos);
    return p ? (d->combos = p, 0) : -1;
}

static int dict_reserve_strs(polis_dict *d, size_t need)
{
    void *p = dict_grow(d->strs, &d->strs_cap, need, sizeof *d->strs);
    return p ? (d->strs = p, 0) : -1;
}

static int dict_reserve_scratch(polis_dict *d, size_t need)
{
    void *p = dict_grow(d->scratch, &d->scratch_cap, need, 1);
    return p ? (d->scratch = p, 0) : -1;
}

/* n bytes that stay put for the dictionary's lifetime. Big requests get a
 * chunk of their own, linked behind the current one so it keeps filling. */
static char *dict_arena_alloc(polis_dict *d, size_t n)
{
    struct dict_chunk *c = d->chunks;
    if (c && c->cap - c->used >= n) {
        char *p = c->data + c->used;
        c->used += n;
        return p;
    }
    size_t cap = n > DICT_CHUNK / 4 ? n : DICT_CHUNK;
    struct dict_chunk *nc = malloc(sizeof *nc + cap);
    if (!nc)
        return NULL;
    nc->cap = cap;
    nc->used = n;
    if (c && cap == n) {
        nc->next = c->next;
        c->next = nc;
    } else {
        nc->next = c;
        d->chunks = nc;
    }
    return nc->data;
}

static const char *dict_arena_strdup(polis_dict *d, const char *s, size_t len)
{
    char *p = dict_arena_alloc(d, len + 1);
    if (p) {
        memcpy(p, s, len);
        p[len] = '\0';
    }
    return p;
}

/* ------------------------------------------------------------ hashing */

/* A bijective 32-bit mixer (lowbias32): spreads FNV's weak low bits. */
static inline uint32_t dict_spread(uint32_t h)
{
    h ^= h >> 16;
    h *= 0x7feb352du;
    h ^= h >> 15;
    h *= 0x846ca68bu;
    h ^= h >> 16;
    return h;
}

#define DICT_HASH_SEED 0x811C9DC5u

/* Extend the hash of a token sequence by one token hash; order matters. */
static inline uint32_t dict_hash_step(uint32_t h, uint32_t token_hash)
{
    return dict_spread(h ^ token_hash) + 0x9E3779B9u;
}

/* --------------------------------------------------------- interning */

static int dict_strs_rehash(polis_dict *d, size_t nslots)
{
    struct dict_slot *slots = malloc(nslots * sizeof *slots);
    if (!slots)
        return -1;
    for (size_t i = 0; i < nslots; i++)
        slots[i].id = DICT_NONE;
    for (size_t id = 0; id < d->nstrs; id++) {
        const char *s = d->strs[id];
        uint32_t h = polis_hash(s, strlen(s));
        size_t k = dict_spread(h) & (nslots - 1);
        while (slots[k].id != DICT_NONE)
            k = (k + 1) & (nslots - 1);
        slots[k] = (struct dict_slot){ h, (uint32_t)id };
    }
    free(d->str_slots);
    d->str_slots = slots;
    d->nstr_slots = nslots;
    return 0;
}

/* Id of s[0..len), adding it when new; DICT_NONE when memory runs out. */
static uint32_t dict_intern(polis_dict *d, const char *s, size_t len)
{
    if ((d->nstrs + 1) * 2 > d->nstr_slots &&
        dict_strs_rehash(d, d->nstr_slots ? d->nstr_slots * 2 : 256) != 0)
        return DICT_NONE;
    uint32_t h = polis_hash(s, len);
    size_t mask = d->nstr_slots - 1, k = dict_spread(h) & mask;
    for (; d->str_slots[k].id != DICT_NONE; k = (k + 1) & mask) {
        const char *t = d->strs[d->str_slots[k].id];
        if (d->str_slots[k].hash == h && strncmp(t, s, len) == 0 && t[len] == '\0')
            return d->str_slots[k].id;
    }
    const char *copy;
    if (dict_reserve_strs(d, d->nstrs + 1) != 0 || !(copy = dict_arena_strdup(d, s, len)))
        return DICT_NONE;
    d->strs[d->nstrs] = copy;
    d->str_slots[k] = (struct dict_slot){ h, (uint32_t)d->nstrs };
    return (uint32_t)d->nstrs++;
}

/* ------------------------------------------------------ new and free */

polis_dict *polis_dict_new(enum polis_dict_case default_case)
{
    polis_dict *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    bool valid = default_case > POLIS_CASE_DEFAULT && default_case <= POLIS_CASE_CAPS;
    d->default_case = valid ? default_case : POLIS_CASE_FOLD;
    return d;
}

void polis_dict_free(polis_dict *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->ncombos; i++) {
        for (uint32_t k = 0; k < d->combos[i].n; k++)
            free(d->combos[i].v[k].v);
        free(d->combos[i].v);
    }
    for (struct dict_chunk *c = d->chunks, *next; c; c = next) {
        next = c->next;
        free(c);
    }
    free(d->entries);
    free(d->attrs);
    free(d->phrases);
    free(d->variants);
    free(d->lists);
    free(d->combos);
    free(d->slots);
    free(d->first);
    free(d->first_bits);
    free(d->filter);
    free(d->strs);
    free(d->str_slots);
    free(d->scratch);
    polis_tokens_free(&d->toks);
    free(d);
}

size_t polis_dict_size(const polis_dict *d) { return d->nentries; }
size_t polis_dict_phrases(const polis_dict *d) { return d->nphrases; }

/* ---------------------------------------------------- comparing tokens */

/* Do tokens toks[i..) spell the NUL-separated pieces of seq? Each piece is
 * compared with the token's norm (norms) or its original bytes (spelling). */
static bool dict_same_norms(const char *seq, const polis_tokens *toks, size_t i, size_t n)
{
    for (size_t j = 0; j < n; j++) {
        const polis_token *t = &toks->v[i + j];
        if (memcmp(seq, toks->norm + t->norm, t->norm_len) != 0 || seq[t->norm_len] != '\0')
            return false;
        seq += t->norm_len + 1;
    }
    return true;
}

static bool dict_same_spelling(const char *seq, const char *text, const polis_tokens *toks,
                               size_t i, size_t n)
{
    for (size_t j = 0; j < n; j++) {
        const polis_token *t = &toks->v[i + j];
        size_t len = t->end - t->start;
        if (memcmp(seq, text + t->start, len) != 0 || seq[len] != '\0')
            return false;
        seq += len + 1;
    }
    return true;
}

static uint64_t dict_capmask(const polis_tokens *toks, size_t i, size_t n)
{
    uint64_t m = 0;
    for (size_t j = 0; j < n; j++)
        if (toks->v[i + j].flags & POLIS_TOK_CAP)
            m |= (uint64_t)1 << j;
    return m;
}

static bool dict_variant_accepts(const struct dict_variant *v, const char *text,
                                 const polis_tokens *toks, size_t i, size_t n)
{
    switch (v->mode) {
    case POLIS_CASE_CAPS:
        return (v->capmask & ~dict_capmask(toks, i, n)) == 0;
    case POLIS_CASE_EXACT:
        return text && dict_same_spelling(v->form, text, toks, i, n);
    default:
        return true;
    }
}

/* ------------------------------------------------------------ phrases */

/* Phrase slot for the token sequence toks[i..i+n) with hash h, or the empty
 * slot where it would go. */
static struct dict_slot *dict_phrase_slot(const polis_dict *d, uint32_t h,
                                          const polis_tokens *toks, size_t i, size_t n)
{
    size_t mask = d->nslots - 1;
    for (size_t k = h & mask;; k = (k + 1) & mask) {
        struct dict_slot *s = &d->slots[k];
        if (s->id == DICT_NONE)
            return s;
        if (s->hash == h) {
            const struct dict_phrase *p = &d->phrases[s->id];
            if (p->ntok == n && dict_same_norms(dict_phrase_norms(p), toks, i, n))
                return s;
        }
    }
}

static int dict_rehash_phrases(polis_dict *d, size_t nslots)
{
    struct dict_slot *slots = malloc(nslots * sizeof *slots);
    if (!slots)
        return -1;
    for (size_t k = 0; k < nslots; k++)
        slots[k].id = DICT_NONE;
    for (size_t id = 0; id < d->nphrases; id++) {
        size_t k = d->phrases[id].hash & (nslots - 1);
        while (slots[k].id != DICT_NONE)
            k = (k + 1) & (nslots - 1);
        slots[k] = (struct dict_slot){ d->phrases[id].hash, (uint32_t)id };
    }
    free(d->slots);
    d->slots = slots;
    d->nslots = nslots;
    return 0;
}

static struct dict_first *dict_first_slot(const polis_dict *d, uint32_t h)
{
    size_t mask = d->nfirst_slots - 1;
    size_t k = dict_spread(h) & mask;
    while (d->first[k].lengths && d->first[k].hash != h)
        k = (k + 1) & mask;
    return &d->first[k];
}

/* The first-token bit of a token hash (top bits: the table uses the low ones). */
static inline size_t dict_first_bit(const polis_dict *d, uint32_t h)
{
    return dict_spread(h) >> (32 - d->first_bits_log2);
}

static inline bool dict_first_bits_has(const polis_dict *d, uint32_t h)
{
    size_t b = dict_first_bit(d, h);
    return (d->first_bits[b >> 6] >> (b & 63)) & 1;
}

static inline void dict_first_bits_set(polis_dict *d, uint32_t h)
{
    size_t b = dict_first_bit(d, h);
    d->first_bits[b >> 6] |= (uint64_t)1 << (b & 63);
}

/* Resize the first-token table (and its bit set) to nslots slots. */
static int dict_rehash_first(polis_dict *d, size_t nslots)
{
    unsigned log2 = 0;
    while (((size_t)1 << log2) < nslots * 8)
        log2++;
    struct dict_first *table = calloc(nslots, sizeof *table);
    uint64_t *bits = calloc(((size_t)1 << log2) / 64, sizeof *bits);
    if (!table || !bits) {
        free(table);
        free(bits);
        return -1;
    }
    struct dict_first *old = d->first;
    size_t nold = d->nfirst_slots;
    free(d->first_bits);
    d->first = table;
    d->nfirst_slots = nslots;
    d->first_bits = bits;
    d->first_bits_log2 = log2;
    for (size_t k = 0; k < nold; k++)
        if (old[k].lengths) {
            *dict_first_slot(d, old[k].hash) = old[k];
            dict_first_bits_set(d, old[k].hash);
        }
    free(old);
    return 0;
}

/* Record that a phrase of n tokens starts with a token hashing to h. */
static int dict_note_first(polis_dict *d, uint32_t h, size_t n)
{
    if ((d->nfirst + 1) * 2 > d->nfirst_slots &&
        dict_rehash_first(d, d->nfirst_slots ? d->nfirst_slots * 2 : 256) != 0)
        return -1;
    struct dict_first *f = dict_first_slot(d, h);
    if (!f->lengths) {
        f->hash = h;
        d->nfirst++;
        dict_first_bits_set(d, h);
    }
    f->lengths |= n < 32 ? 1u << (n - 1) : DICT_FIRST_LONG;
    return 0;
}

/* The lengths of a first-token slot as a 64-bit set (bit L-1: length L). */
static inline uint64_t dict_first_lengths(uint32_t lengths)
{
    uint64_t set = lengths & ~DICT_FIRST_LONG;
    if (lengths & DICT_FIRST_LONG)
        set |= ~(uint64_t)0 << 31;      /* 32..64: the filter tells which */
    return set;
}

/* 1 + the index of the highest set bit of a non-zero x. */
static inline size_t dict_top_bit(uint64_t x)
{
    return 64 - (size_t)__builtin_clzll(x);
}

/* ------------------------------------------------------------- filter */

#define DICT_FILTER_MIN_LOG2 14
#define DICT_FILTER_BITS_PER_KEY 12    /* about 8% false positives */
#define DICT_WHOLE_SALT 0x2545F491u

static inline size_t dict_filter_index(const polis_dict *d, uint32_t h)
{
    return h >> (32 - d->filter_log2);     /* h is already well mixed */
}

static inline bool dict_filter_has(const polis_dict *d, uint32_t h)
{
    size_t b = dict_filter_index(d, h);
    return (d->filter[b >> 6] >> (b & 63)) & 1;
}

static inline bool dict_filter_has_whole(const polis_dict *d, uint32_t h)
{
    return dict_filter_has(d, dict_spread(h ^ DICT_WHOLE_SALT));
}

static inline void dict_filter_set(polis_dict *d, uint32_t h)
{
    size_t b = dict_filter_index(d, h);
    d->filter[b >> 6] |= (uint64_t)1 << (b & 63);
}

/* Set the bits of one phrase given its token hashes. */
static void dict_filter_mark(polis_dict *d, const uint32_t *token_hashes, size_t n)
{
    uint32_t h = DICT_HASH_SEED;
    for (size_t j = 0; j < n; j++) {
        h = dict_hash_step(h, token_hashes[j]);
        dict_filter_set(d, h);
    }
    dict_filter_set(d, dict_spread(h ^ DICT_WHOLE_SALT));
    d->filter_keys += n + 1;
}

/* Resize the filter for the current phrases and set their bits again; the
 * token hashes are recomputed from the stored norms. */
static int dict_filter_rebuild(polis_dict *d, unsigned log2)
{
    uint64_t *bits = calloc(((size_t)1 << log2) / 64, sizeof *bits);
    if (!bits)
        return -1;
    free(d->filter);
    d->filter = bits;
    d->filter_log2 = log2;
    d->filter_keys = 0;
    uint32_t hashes[DICT_MAX_TOKENS];
    for (size_t p = 0; p < d->nphrases; p++) {
        const char *norm = dict_phrase_norms(&d->phrases[p]);
        for (size_t j = 0; j < d->phrases[p].ntok; j++) {
            size_t len = strlen(norm);
            hashes[j] = polis_hash(norm, len);
            norm += len + 1;
        }
        dict_filter_mark(d, hashes, d->phrases[p].ntok);
    }
    return 0;
}

/* Make room in the filter for n more keys, keeping the false-positive rate. */
static int dict_filter_reserve(polis_dict *d, size_t n)
{
    unsigned log2 = d->filter ? d->filter_log2 : DICT_FILTER_MIN_LOG2;
    while (log2 < 32 && (d->filter_keys + n) * DICT_FILTER_BITS_PER_KEY > (size_t)1 << log2)
        log2++;
    return d->filter && log2 == d->filter_log2 ? 0 : dict_filter_rebuild(d, log2);
}

static uint32_t dict_sequence_hash(const polis_tokens *toks, size_t i, size_t n)
{
    uint32_t h = DICT_HASH_SEED;
    for (size_t j = 0; j < n; j++)
        h = dict_hash_step(h, toks->v[i + j].hash);
    return h;
}

/* Store the norms of toks[0..n) in phrase p as NUL-separated pieces, inline
 * when they fit. */
static int dict_store_norms(polis_dict *d, struct dict_phrase *p, const polis_tokens *toks,
                            size_t n)
{
    size_t total = 0;
    for (size_t j = 0; j < n; j++)
        total += toks->v[j].norm_len + 1;
    char *w = p->norms.inl;
    if (total > UINT32_MAX)
        return -1;
    if (total > DICT_INLINE_NORMS) {
        if (!(w = dict_arena_alloc(d, total)))
            return -1;
        p->norms.ptr = w;
    }
    p->norms_len = (uint32_t)total;
    for (size_t j = 0; j < n; j++) {
        memcpy(w, polis_token_norm(toks, j), toks->v[j].norm_len + 1);
        w += toks->v[j].norm_len + 1;
    }
    return 0;
}

/* Index of the phrase spelled by the scratch tokens (d->toks), creating it. */
static enum dict_status dict_phrase_for_tokens(polis_dict *d, uint32_t *out)
{
    const polis_tokens *toks = &d->toks;
    size_t n = toks->n;
    if ((d->nphrases + 1) * 2 > d->nslots &&
        dict_rehash_phrases(d, d->nslots ? d->nslots * 2 : 1024) != 0)
        return DICT_ENOMEM;
    uint32_t h = dict_sequence_hash(toks, 0, n);
    struct dict_slot *slot = dict_phrase_slot(d, h, toks, 0, n);
    if (slot->id != DICT_NONE) {
        *out = slot->id;
        return DICT_OK;
    }
    if (dict_reserve_phrases(d, d->nphrases + 1) != 0)
        return DICT_ENOMEM;
    struct dict_phrase *p = &d->phrases[d->nphrases];
    *p = (struct dict_phrase){ .hash = h, .ntok = (uint16_t)n, .combos = DICT_NONE };
    if (dict_store_norms(d, p, toks, n) != 0 || dict_note_first(d, toks->v[0].hash, n) != 0 ||
        dict_filter_reserve(d, n + 1) != 0)
        return DICT_ENOMEM;
    *slot = (struct dict_slot){ h, (uint32_t)d->nphrases };
    *out = (uint32_t)d->nphrases++;
    uint32_t hashes[DICT_MAX_TOKENS];
    for (size_t j = 0; j < n; j++)
        hashes[j] = toks->v[j].hash;
    dict_filter_mark(d, hashes, n);
    return DICT_OK;
}

/* ----------------------------------------------------------- variants */

/* The original bytes of the scratch tokens as NUL-separated pieces, in
 * d->scratch; returns its length or -1. */
static long dict_spelling_of_tokens(polis_dict *d, const char *phrase)
{
    const polis_tokens *toks = &d->toks;
    size_t total = 0;
    for (size_t j = 0; j < toks->n; j++)
        total += toks->v[j].end - toks->v[j].start + 1;
    if (dict_reserve_scratch(d, total) != 0)
        return -1;
    char *w = d->scratch;
    for (size_t j = 0; j < toks->n; j++) {
        size_t len = toks->v[j].end - toks->v[j].start;
        memcpy(w, phrase + toks->v[j].start, len);
        w[len] = '\0';
        w += len + 1;
    }
    return (long)total;
}

/* Are two sequences of n NUL-terminated pieces equal? */
static bool dict_same_pieces(const char *a, const char *b, size_t n)
{
    for (size_t j = 0; j < n; j++) {
        if (strcmp(a, b) != 0)
            return false;
        size_t len = strlen(a) + 1;
        a += len;
        b += len;
    }
    return true;
}

static bool dict_variant_is(const struct dict_variant *v, enum polis_dict_case mode,
                            uint64_t capmask, const char *spelling, size_t ntok)
{
    if (v->mode != mode)
        return false;
    if (mode == POLIS_CASE_CAPS)
        return v->capmask == capmask;
    if (mode == POLIS_CASE_EXACT)
        return dict_same_pieces(v->form, spelling, ntok);
    return true;
}

/* The variant after v in its phrase, or NULL. */
static inline struct dict_variant *dict_next_variant(const polis_dict *d,
                                                     const struct dict_variant *v)
{
    return v->next == DICT_NONE ? NULL : &d->variants[v->next];
}

/* Find or create the variant of phrase p for an entry of this case mode
 * spelled like the scratch tokens; *k gets its bit position in the phrase,
 * *created whether it is new. The pointer stays valid until the next add. */
static enum dict_status dict_variant_for(polis_dict *d, uint32_t p, const char *phrase,
                                         enum polis_dict_case mode, struct dict_variant **out,
                                         uint32_t *k, bool *created)
{
    uint64_t capmask = dict_capmask(&d->toks, 0, d->toks.n);
    long spelling_len = 0;
    if (mode == POLIS_CASE_EXACT && (spelling_len = dict_spelling_of_tokens(d, phrase)) < 0)
        return DICT_ENOMEM;
    struct dict_phrase *ph = &d->phrases[p];
    struct dict_variant *v = ph->nvariants ? &ph->first : NULL, *last = NULL;
    uint32_t pos = 0, caps_variants = 0;
    for (; v; last = v, v = dict_next_variant(d, v), pos++) {
        if (dict_variant_is(v, mode, capmask, d->scratch, d->toks.n)) {
            *out = v;
            *k = pos;
            *created = false;
            return DICT_OK;
        }
        caps_variants += v->mode == POLIS_CASE_CAPS;
    }
    /* Checked before anything changes, so a refused entry leaves no trace. */
    if (pos >= DICT_MAX_VARIANTS ||
        (mode == POLIS_CASE_CAPS && caps_variants >= DICT_MAX_CAPS_VARIANTS))
        return DICT_EVARIANTS;
    const char *form = NULL;
    if (mode == POLIS_CASE_EXACT &&
        !(form = dict_arena_strdup(d, d->scratch, (size_t)spelling_len)))
        return DICT_ENOMEM;
    struct dict_variant fresh = { capmask, form, DICT_NONE, { 0 }, 0, (uint8_t)mode };
    if (!last) {
        v = &ph->first;
    } else {
        bool last_inline = last == &ph->first;
        size_t last_index = last_inline ? 0 : (size_t)(last - d->variants);
        if (dict_reserve_variants(d, d->nvariants + 1) != 0)   /* may move *last */
            return DICT_ENOMEM;
        last = last_inline ? &ph->first : &d->variants[last_index];
        last->next = (uint32_t)d->nvariants;
        v = &d->variants[d->nvariants++];
    }
    *v = fresh;
    ph->nvariants++;
    *out = v;
    *k = pos;
    *created = true;
    return DICT_OK;
}

static bool dict_is_pow2(uint32_t n)
{
    return n && (n & (n - 1)) == 0;
}

/* The entry ids of a variant (ascending), valid while d is not modified. */
static inline const int32_t *dict_variant_entries(const polis_dict *d,
                                                  const struct dict_variant *v)
{
    return v->n == 1 ? &v->list.one : d->lists + v->list.off;
}

/* Append entry e to a variant's list. One entry is kept inline; longer lists
 * live in d->lists with a power-of-two capacity, and a full one moves to the
 * end of the pool (or simply extends when it is already last). Entries arrive
 * in ascending id order, so a list stays sorted and a repeat (an alias of the
 * same entry) can only be its last element. */
static int dict_variant_push(polis_dict *d, struct dict_variant *v, int32_t e)
{
    if (v->n > 0 && dict_variant_entries(d, v)[v->n - 1] == e)
        return 0;
    if (v->n == 0) {
        v->list.one = e;
        v->n = 1;
        return 0;
    }
    if (dict_is_pow2(v->n)) {
        size_t cap = 2 * (size_t)v->n;
        bool at_end = v->n > 1 && v->list.off + v->n == d->nlists;
        size_t off = at_end ? v->list.off : d->nlists;
        if (dict_reserve_lists(d, off + cap) != 0)
            return -1;
        if (v->n == 1)
            d->lists[off] = v->list.one;
        else if (!at_end)
            memcpy(d->lists + off, d->lists + v->list.off, v->n * sizeof *d->lists);
        v->list.off = (uint32_t)off;
        d->nlists = off + cap;
    }
    d->lists[v->list.off + v->n++] = e;
    return 0;
}

/* -------------------------------------------------------------- combos */

static int dict_combo_push(struct dict_combo *c, int32_t e)
{
    if (c->n > 0 && c->v[c->n - 1] == e)
        return 0;
    if (c->n == c->cap) {
        uint32_t cap = c->cap ? c->cap * 2 : 4;
        int32_t *v = realloc(c->v, cap * sizeof *v);
        if (!v)
            return -1;
        c->v = v;
        c->cap = cap;
    }
    c->v[c->n++] = e;
    return 0;
}

static int dict_int32_cmp(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

/* Which variants of the phrase accept a text with capitalization profile
 * caps that equals the spelling of EXACT variant exact (NULL: of none). */
static uint32_t dict_accept_mask(const polis_dict *d, const struct dict_phrase *p, uint64_t caps,
                                 const struct dict_variant *exact)
{
    uint32_t mask = 0, k = 0;
    for (const struct dict_variant *v = &p->first; v; v = dict_next_variant(d, v), k++)
        if (v->mode == POLIS_CASE_FOLD ||
            (v->mode == POLIS_CASE_CAPS && (v->capmask & ~caps) == 0) ||
            (v->mode == POLIS_CASE_EXACT && v == exact))
            mask |= 1u << k;
    return mask;
}

static bool dict_mask_seen(const uint32_t *masks, size_t n, uint32_t m)
{
    for (size_t i = 0; i < n; i++)
        if (masks[i] == m)
            return true;
    return false;
}

/* Every set of variants that one text can satisfy together. A text satisfies
 * the CAPS variants whose profile its own capitalization covers, so the
 * distinct outcomes come from the unions of CAPS profiles; a text equal to an
 * EXACT spelling has that spelling's capitalization. Returns the number of
 * masks, or -1 past DICT_MAX_PROFILES profiles. */
static long dict_reachable_masks(const polis_dict *d, const struct dict_phrase *p, uint32_t *masks)
{
    uint64_t profiles[DICT_MAX_PROFILES];
    size_t nprof = 1, nmasks = 0;
    profiles[0] = 0;
    for (const struct dict_variant *v = &p->first; v; v = dict_next_variant(d, v)) {
        if (v->mode != POLIS_CASE_CAPS)
            continue;
        size_t before = nprof;
        for (size_t i = 0; i < before; i++) {
            uint64_t u = profiles[i] | v->capmask;
            bool seen = false;
            for (size_t j = 0; j < nprof && !seen; j++)
                seen = profiles[j] == u;
            if (seen)
                continue;
            if (nprof == DICT_MAX_PROFILES)
                return -1;
            profiles[nprof++] = u;
        }
    }
    for (size_t i = 0; i < nprof; i++) {
        uint32_t m = dict_accept_mask(d, p, profiles[i], NULL);
        if (!dict_mask_seen(masks, nmasks, m))
            masks[nmasks++] = m;
    }
    for (const struct dict_variant *v = &p->first; v; v = dict_next_variant(d, v))
        if (v->mode == POLIS_CASE_EXACT) {
            uint32_t m = dict_accept_mask(d, p, v->capmask, v);
            if (!dict_mask_seen(masks, nmasks, m))
                masks[nmasks++] = m;
        }
    return (long)nmasks;
}

/* The merged, sorted, duplicate-free entry list of the variants in mask. */
static int dict_build_combo(const polis_dict *d, const struct dict_phrase *p, uint32_t mask,
                            struct dict_combo *c)
{
    *c = (struct dict_combo){ mask, 0, 0, NULL };
    uint32_t k = 0;
    for (const struct dict_variant *v = &p->first; v; v = dict_next_variant(d, v), k++) {
        if (!(mask & (1u << k)))
            continue;
        const int32_t *entries = dict_variant_entries(d, v);
        for (uint32_t j = 0; j < v->n; j++)
            if (dict_combo_push(c, entries[j]) != 0)
                return -1;
    }
    qsort(c->v, c->n, sizeof *c->v, dict_int32_cmp);
    uint32_t w = 0;
    for (uint32_t r = 0; r < c->n; r++)
        if (w == 0 || c->v[w - 1] != c->v[r])
            c->v[w++] = c->v[r];
    c->n = w;
    return 0;
}

static void dict_combos_clear(struct dict_combos *cs)
{
    for (uint32_t k = 0; k < cs->n; k++)
        free(cs->v[k].v);
    free(cs->v);
    cs->v = NULL;
    cs->n = 0;
}

/* Recompute the combos of phrase p after it gained a variant. */
static enum dict_status dict_rebuild_combos(polis_dict *d, uint32_t p)
{
    struct dict_phrase *ph = &d->phrases[p];
    if (ph->combos == DICT_NONE) {
        if (dict_reserve_combos(d, d->ncombos + 1) != 0)
            return DICT_ENOMEM;
        d->combos[d->ncombos] = (struct dict_combos){ NULL, 0 };
        ph->combos = (uint32_t)d->ncombos++;
    }
    struct dict_combos *cs = &d->combos[ph->combos];
    dict_combos_clear(cs);
    uint32_t masks[DICT_MAX_PROFILES + DICT_MAX_VARIANTS];
    long nmasks = dict_reachable_masks(d, ph, masks);
    if (nmasks < 0)
        return DICT_EVARIANTS;
    if (!(cs->v = calloc((size_t)nmasks, sizeof *cs->v)))
        return DICT_ENOMEM;
    for (long i = 0; i < nmasks; i++) {
        uint32_t m = masks[i];
        if (m == 0 || dict_is_pow2(m))   /* none, or one variant: its own list serves */
            continue;
        if (dict_build_combo(d, ph, m, &cs->v[cs->n++]) != 0)
            return DICT_ENOMEM;
    }
    return DICT_OK;
}

/* Add entry e to the combos of phrase p that include variant bit k. */
static enum dict_status dict_combos_push(polis_dict *d, uint32_t p, uint32_t k, int32_t e)
{
    if (d->phrases[p].combos == DICT_NONE)
        return DICT_OK;
    struct dict_combos *cs = &d->combos[d->phrases[p].combos];
    for (uint32_t i = 0; i < cs->n; i++)
        if ((cs->v[i].mask & (1u << k)) && dict_combo_push(&cs->v[i], e) != 0)
            return DICT_ENOMEM;
    return DICT_OK;
}

/* ------------------------------------------------------------ adding */

/* Tokenize phrase[0..len) (valid UTF-8) into d->toks and check its size. */
static enum dict_status dict_tokenize_phrase(polis_dict *d, const char *phrase, size_t len)
{
    if (polis_tokenize(phrase, len, NULL, &d->toks) != 0)
        return DICT_ENOMEM;
    if (d->toks.n == 0)
        return DICT_EEMPTY;
    if (d->toks.n > DICT_MAX_TOKENS)
        return DICT_ETOOLONG;
    return DICT_OK;
}

/* Link entry e under the phrase already tokenized into d->toks. */
static enum dict_status dict_link_tokens(polis_dict *d, int32_t e, const char *phrase,
                                         enum polis_dict_case mode)
{
    if (mode == POLIS_CASE_DEFAULT)
        mode = d->default_case;
    uint32_t p, k;
    struct dict_variant *v;
    bool created;
    enum dict_status s = dict_phrase_for_tokens(d, &p);
    if (s == DICT_OK)
        s = dict_variant_for(d, p, phrase, mode, &v, &k, &created);
    if (s != DICT_OK)
        return s;
    if (dict_variant_push(d, v, e) != 0)
        return DICT_ENOMEM;
    if (created && d->phrases[p].nvariants > 1)
        return dict_rebuild_combos(d, p);
    return dict_combos_push(d, p, k, e);
}

static enum dict_status dict_link_phrase(polis_dict *d, int32_t e, const char *phrase,
                                         size_t len, enum polis_dict_case mode)
{
    enum dict_status s = dict_tokenize_phrase(d, phrase, len);
    return s != DICT_OK ? s : dict_link_tokens(d, e, phrase, mode);
}

/* A new entry without attributes; its first phrase is copied to the arena. */
static int32_t dict_entry_new(polis_dict *d, const char *phrase, size_t len)
{
    if (d->nentries >= INT32_MAX || dict_reserve_entries(d, d->nentries + 1) != 0)
        return -1;
    const char *copy = dict_arena_strdup(d, phrase, len);
    if (!copy)
        return -1;
    d->entries[d->nentries] = (struct dict_entry){ copy, (uint32_t)d->nattrs, 0 };
    return (int32_t)d->nentries++;
}

/* Give the newest entry e one more attribute (attributes stay contiguous). */
static int dict_entry_attr(polis_dict *d, int32_t e, uint32_t key, const char *value, size_t len)
{
    uint32_t val = dict_intern(d, value, len);
    if (val == DICT_NONE || dict_reserve_attrs(d, d->nattrs + 1) != 0)
        return -1;
    d->attrs[d->nattrs++] = (struct dict_attr){ key, val };
    d->entries[e].nattrs++;
    return 0;
}

/* Does s[0..len) hold valid UTF-8 without NUL bytes? Checked on a copy,
 * since the sanitizer rewrites what it checks. */
static bool dict_valid_utf8(polis_dict *d, const char *s, size_t len)
{
    if (dict_reserve_scratch(d, len + 1) != 0)
        return false;
    memcpy(d->scratch, s, len);
    return polis_utf8_sanitize(d->scratch, len, NULL) == 0;
}

/* Forget the newest entry e, which no phrase refers to yet. */
static void dict_entry_drop(polis_dict *d, int32_t e)
{
    d->nattrs -= d->entries[e].nattrs;
    d->nentries--;
}

int32_t polis_dict_add(polis_dict *d, const char *phrase, size_t len,
                       const char *const *keys, const char *const *values, size_t nattrs,
                       enum polis_dict_case c)
{
    if (!phrase || (unsigned)c > POLIS_CASE_CAPS || (nattrs && (!keys || !values)) ||
        !dict_valid_utf8(d, phrase, len) || dict_tokenize_phrase(d, phrase, len) != DICT_OK)
        return -1;
    int32_t e = dict_entry_new(d, phrase, len);
    if (e < 0)
        return -1;
    for (size_t i = 0; i < nattrs; i++) {
        if (!keys[i] || !values[i])
            continue;
        uint32_t key = dict_intern(d, keys[i], strlen(keys[i]));
        if (key == DICT_NONE || dict_entry_attr(d, e, key, values[i], strlen(values[i])) != 0) {
            dict_entry_drop(d, e);
            return -1;
        }
    }
    enum dict_status s = dict_link_tokens(d, e, phrase, c);
    if (s == DICT_EVARIANTS)     /* refused before any change: nothing refers to e */
        dict_entry_drop(d, e);
    /* Out of memory midway may leave e half linked: it stays, and the caller
     * is told the dictionary is incomplete. */
    return s == DICT_OK ? e : -1;
}

/* ------------------------------------------------------------ entries */

static bool dict_entry_ok(const polis_dict *d, int32_t e)
{
    return e >= 0 && (size_t)e < d->nentries;
}

const char *polis_dict_attr(const polis_dict *d, int32_t entry, const char *key)
{
    if (!dict_entry_ok(d, entry) || !key)
        return NULL;
    const struct dict_entry *e = &d->entries[entry];
    for (uint32_t i = 0; i < e->nattrs; i++) {
        const struct dict_attr *a = &d->attrs[e->attrs + i];
        if (strcmp(d->strs[a->key], key) == 0)
            return d->strs[a->value];
    }
    return NULL;
}

bool polis_dict_attr_at(const polis_dict *d, int32_t entry, size_t i,
                        const char **key, const char **value)
{
    if (!dict_entry_ok(d, entry) || i >= d->entries[entry].nattrs)
        return false;
    const struct dict_attr *a = &d->attrs[d->entries[entry].attrs + i];
    if (key)
        *key = d->strs[a->key];
    if (value)
        *value = d->strs[a->value];
    return true;
}

const char *polis_dict_entry_phrase(const polis_dict *d, int32_t entry)
{
    return dict_entry_ok(d, entry) ? d->entries[entry].phrase : NULL;
}

/* ------------------------------------------------------------- lookup */

/* The entries of phrase p that accept the case of the text at token i. */
static bool dict_phrase_accepts(const polis_dict *d, const struct dict_phrase *p,
                                const char *text, const polis_tokens *toks, size_t i,
                                const int32_t **entries, size_t *n)
{
    if (p->nvariants == 0)              /* left so by an add that ran out of memory */
        return false;
    if (p->nvariants == 1) {            /* the common case */
        if (!dict_variant_accepts(&p->first, text, toks, i, p->ntok))
            return false;
        *entries = dict_variant_entries(d, &p->first);
        *n = p->first.n;
        return true;
    }
    const struct dict_variant *only = NULL;
    uint32_t mask = 0, k = 0;
    for (const struct dict_variant *v = &p->first; v; v = dict_next_variant(d, v), k++)
        if (dict_variant_accepts(v, text, toks, i, p->ntok)) {
            mask |= 1u << k;
            only = v;
        }
    if (!mask)
        return false;
    if (!dict_is_pow2(mask) && p->combos != DICT_NONE) {
        const struct dict_combos *cs = &d->combos[p->combos];
        for (uint32_t c = 0; c < cs->n; c++)
            if (cs->v[c].mask == mask) {
                *entries = cs->v[c].v;
                *n = cs->v[c].n;
                return true;
            }
    }
    *entries = dict_variant_entries(d, only);   /* one variant (combos cover the rest) */
    *n = only->n;
    return true;
}

/* The phrase of n tokens at toks[i..) whose sequence hash is h, or NULL. */
static const struct dict_phrase *dict_find_phrase(const polis_dict *d, uint32_t h,
                                                  const polis_tokens *toks, size_t i, size_t n)
{
    size_t mask = d->nslots - 1;
    for (size_t k = h & mask;; k = (k + 1) & mask) {
        const struct dict_slot *s = &d->slots[k];
        if (s->id == DICT_NONE)
            return NULL;
        if (s->hash == h) {
            const struct dict_phrase *p = &d->phrases[s->id];
            if (p->ntok == n && dict_same_norms(dict_phrase_norms(p), toks, i, n))
                return p;
        }
    }
}

/* Bits 0..n-1 set. */
static inline uint64_t dict_low_bits(size_t n)
{
    return n >= 64 ? ~(uint64_t)0 : ((uint64_t)1 << n) - 1;
}

/* Phrase lengths worth probing at token i: bit L-1 set for length L, limited
 * to the tokens before limit. Prefix hashes of the sequence go to hashes[L]. */
static uint64_t dict_candidate_lengths(const polis_dict *d, const polis_tokens *toks,
                                       size_t i, size_t limit, uint32_t *hashes)
{
    if (d->nphrases == 0 || i >= limit || !dict_first_bits_has(d, toks->v[i].hash))
        return 0;                        /* the common case: no phrase starts here */
    uint32_t h = dict_hash_step(DICT_HASH_SEED, toks->v[i].hash);
    if (!dict_filter_has(d, h))
        return 0;
    uint64_t lengths = dict_first_lengths(dict_first_slot(d, toks->v[i].hash)->lengths) &
                       dict_low_bits(limit - i);
    if (!lengths)
        return 0;
    size_t longest = dict_top_bit(lengths), reach = 1;
    hashes[1] = h;
    for (; reach < longest; reach++) {   /* extend while some phrase has this prefix */
        h = dict_hash_step(h, toks->v[i + reach].hash);
        if (!dict_filter_has(d, h))
            break;
        hashes[reach + 1] = h;
    }
    lengths &= dict_low_bits(reach);
    for (uint64_t left = lengths; left; left &= left - 1) {
        size_t len = (size_t)__builtin_ctzll(left) + 1;
        if (!dict_filter_has_whole(d, hashes[len]))
            lengths &= ~((uint64_t)1 << (len - 1));
    }
    return lengths;
}

size_t polis_dict_match_all_at(const polis_dict *d, const char *text, const polis_tokens *toks,
                               size_t i, size_t limit,
                               bool (*fn)(size_t len, const int32_t *entries, size_t nentries,
                                          void *ud), void *ud)
{
    uint32_t hashes[DICT_MAX_TOKENS + 1];
    uint64_t lengths = dict_candidate_lengths(d, toks, i, limit < toks->n ? limit : toks->n,
                                              hashes);
    size_t reported = 0;
    while (lengths) {
        size_t len = dict_top_bit(lengths);   /* longest first */
        lengths &= ~((uint64_t)1 << (len - 1));
        const struct dict_phrase *p = dict_find_phrase(d, hashes[len], toks, i, len);
        const int32_t *entries;
        size_t n;
        if (!p || !dict_phrase_accepts(d, p, text, toks, i, &entries, &n))
            continue;
        reported++;
        if (fn && !fn(len, entries, n, ud))
            break;
    }
    return reported;
}

struct dict_first_match {
    const int32_t *entries;
    size_t n, len;
};

static bool dict_keep_first(size_t len, const int32_t *entries, size_t n, void *ud)
{
    struct dict_first_match *m = ud;
    *m = (struct dict_first_match){ entries, n, len };
    return false;
}

size_t polis_dict_match_at(const polis_dict *d, const char *text, const polis_tokens *toks,
                           size_t i, size_t limit, const int32_t **entries, size_t *nentries)
{
    struct dict_first_match m = { NULL, 0, 0 };
    polis_dict_match_all_at(d, text, toks, i, limit, dict_keep_first, &m);
    if (entries)
        *entries = m.entries;
    if (nentries)
        *nentries = m.n;
    return m.len;
}

/* -------------------------------------------------------- TSV loading */

#define TSV_NO_COLUMN ((size_t)-1)

struct tsv_columns {
    size_t n;
    size_t phrase, aliases, casecol;  /* column indexes or TSV_NO_COLUMN */
    uint32_t *keys;                   /* interned header names */
    char **cells;                     /* scratch: the cells of one line */
};

static void tsv_error(char *err, size_t errlen, const char *path, long line, const char *fmt, ...)
{
    if (!err || errlen == 0)
        return;
    int n = line > 0 ? snprintf(err, errlen, "%s:%ld: ", path, line)
                     : snprintf(err, errlen, "%s: ", path);
    if (n < 0 || (size_t)n >= errlen)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err + n, errlen - (size_t)n, fmt, ap);
    va_end(ap);
}

static char *tsv_trim(char *s)
{
    while (*s == ' ')
        s++;
    size_t n = strlen(s);
    while (n > 0 && s[n - 1] == ' ')
        s[--n] = '\0';
    return s;
}

/* Split line in place at tabs into at most max trimmed cells; returns the
 * number of cells the line has (which may exceed max). */
static size_t tsv_split(char *line, char **cells, size_t max)
{
    size_t n = 0;
    for (char *p = line;; p++) {
        char *tab = strchr(p, '\t');
        if (tab)
            *tab = '\0';
        if (n < max)
            cells[n] = tsv_trim(p);
        n++;
        if (!tab)
            return n;
        p = tab;
    }
}

static size_t tsv_count_cells(const char *line)
{
    size_t n = 1;
    for (const char *p = line; (p = strchr(p, '\t')) != NULL; p++)
        n++;
    return n;
}

static int tsv_case(const char *s, enum polis_dict_case *c)
{
    if (!*s)                          *c = POLIS_CASE_DEFAULT;
    else if (strcasecmp(s, "fold") == 0)  *c = POLIS_CASE_FOLD;
    else if (strcasecmp(s, "exact") == 0) *c = POLIS_CASE_EXACT;
    else if (strcasecmp(s, "caps") == 0)  *c = POLIS_CASE_CAPS;
    else
        return -1;
    return 0;
}

/* Read the header line: column names, which one is the phrase. Returns NULL
 * on success, else a problem to report. */
static const char *tsv_header(polis_dict *d, char *line, struct tsv_columns *cols)
{
    size_t n = tsv_count_cells(line);
    cols->keys = calloc(n, sizeof *cols->keys);
    cols->cells = calloc(n + 1, sizeof *cols->cells);
    if (!cols->keys || !cols->cells)
        return "out of memory";
    tsv_split(line, cols->cells, n);
    cols->n = n;
    cols->phrase = cols->aliases = cols->casecol = TSV_NO_COLUMN;
    for (size_t c = 0; c < n; c++) {
        const char *name = cols->cells[c];
        if (!*name)
            return "empty column name in the header";
        for (size_t o = 0; o < c; o++)
            if (strcmp(cols->cells[o], name) == 0)
                return "the same column name twice in the header";
        if (strcmp(name, "phrase") == 0)
            cols->phrase = c;
        else if (strcmp(name, "aliases") == 0)
            cols->aliases = c;
        else if (strcmp(name, "case") == 0)
            cols->casecol = c;
        if ((cols->keys[c] = dict_intern(d, name, strlen(name))) == DICT_NONE)
            return "out of memory";
    }
    if (cols->phrase == TSV_NO_COLUMN) {
        if (cols->aliases == 0 || cols->casecol == 0)
            return "no phrase column (name one \"phrase\" or put the phrases first)";
        cols->phrase = 0;
    }
    return NULL;
}

/* Split line into cells that are all present (missing trailing cells are
 * empty); NULL on success, else a problem to report. */
static const char *tsv_cells(char *line, struct tsv_columns *cols, char *problem, size_t plen)
{
    size_t n = tsv_split(line, cols->cells, cols->n);
    if (n > cols->n) {
        snprintf(problem, plen, "%zu cells but the header names %zu columns", n, cols->n);
        return problem;
    }
    static char empty[1];
    for (size_t c = n; c < cols->n; c++)
        cols->cells[c] = empty;
    return NULL;
}

/* Link every '|'-separated alias of entry e (empty ones are skipped). */
static enum dict_status tsv_aliases(polis_dict *d, int32_t e, char *aliases,
                                    enum polis_dict_case mode)
{
    for (char *p = aliases; p;) {
        char *bar = strchr(p, '|');
        if (bar)
            *bar = '\0';
        char *alias = tsv_trim(p);
        if (*alias) {
            enum dict_status s = dict_link_phrase(d, e, alias, strlen(alias), mode);
            if (s != DICT_OK && s != DICT_EEMPTY)
                return s;
        }
        p = bar ? bar + 1 : NULL;
    }
    return DICT_OK;
}

/* Add the entry of one data line; NULL on success, else a problem. */
static const char *tsv_row(polis_dict *d, char *line, struct tsv_columns *cols,
                           char *problem, size_t plen)
{
    const char *bad = tsv_cells(line, cols, problem, plen);
    if (bad)
        return bad;
    const char *phrase = cols->cells[cols->phrase];
    enum polis_dict_case mode = POLIS_CASE_DEFAULT;
    if (cols->casecol != TSV_NO_COLUMN && tsv_case(cols->cells[cols->casecol], &mode) != 0) {
        snprintf(problem, plen, "unknown case \"%.40s\" (fold, exact or caps)",
                 cols->cells[cols->casecol]);
        return problem;
    }
    if (!*phrase)
        return "empty phrase";
    enum dict_status s = dict_tokenize_phrase(d, phrase, strlen(phrase));
    if (s != DICT_OK)
        return dict_status_message(s);
    int32_t e = dict_entry_new(d, phrase, strlen(phrase));
    if (e < 0)
        return "out of memory";
    for (size_t c = 0; c < cols->n; c++) {
        const char *cell = cols->cells[c];
        if (c == cols->phrase || c == cols->aliases || c == cols->casecol || !*cell)
            continue;
        if (dict_entry_attr(d, e, cols->keys[c], cell, strlen(cell)) != 0)
            return "out of memory";
    }
    if ((s = dict_link_tokens(d, e, phrase, mode)) != DICT_OK ||
        (cols->aliases != TSV_NO_COLUMN &&
         (s = tsv_aliases(d, e, cols->cells[cols->aliases], mode)) != DICT_OK))
        return dict_status_message(s);
    return NULL;
}

/* Strip the line end (LF or CRLF) and, on the first line, a UTF-8 BOM. */
static char *tsv_clean_line(char *line, ssize_t *len, long lineno)
{
    while (*len > 0 && (line[*len - 1] == '\n' || line[*len - 1] == '\r'))
        line[--*len] = '\0';
    if (lineno == 1 && *len >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0) {
        line += 3;
        *len -= 3;
    }
    return line;
}

long polis_dict_load_tsv(polis_dict *d, const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        tsv_error(err, errlen, path, 0, "%s", strerror(errno));
        return -1;
    }
    struct tsv_columns cols = { 0 };
    char *buf = NULL, problem[160];
    size_t cap = 0;
    long lineno = 0, added = 0, result = -1;
    ssize_t len;
    while ((len = getline(&buf, &cap, f)) >= 0) {
        char *line = tsv_clean_line(buf, &len, ++lineno);
        const char *bad = NULL;
        size_t first_bad = 0;
        if (line[strspn(line, " \t")] == '\0' || line[0] == '#')
            continue;                  /* blank lines and comments */
        if (polis_utf8_sanitize(line, (size_t)len, &first_bad) > 0) {
            snprintf(problem, sizeof problem, "invalid UTF-8 or NUL byte at column %zu",
                     first_bad + 1);
            bad = problem;
        } else if (!cols.keys) {
            bad = tsv_header(d, line, &cols);
        } else if (!(bad = tsv_row(d, line, &cols, problem, sizeof problem))) {
            added++;
        }
        if (bad) {
            tsv_error(err, errlen, path, lineno, "%s", bad);
            goto done;
        }
    }
    if (ferror(f))
        tsv_error(err, errlen, path, lineno, "read error: %s", strerror(errno));
    else if (!cols.keys)
        tsv_error(err, errlen, path, 0, "no header line");
    else
        result = added;
done:
    free(buf);
    free(cols.keys);
    free(cols.cells);
    fclose(f);
    return result;
}
