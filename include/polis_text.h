/*
 * polis_text.h - the text core of polis: UTF-8 hygiene, tokens, sentences,
 * regular expressions, phrase dictionaries and token patterns.
 *
 * Every offset is a byte offset into the document text; spans are [start,end).
 * Ownership is stated on each prototype: "borrows" (the callee keeps no
 * reference past the call unless said), "takes ownership", "caller frees".
 *
 * Thread model: compiled objects (polis_regex, polis_dict, polis_tpat) are
 * immutable after construction and may be shared read-only between threads.
 * Scratch objects (polis_regex_ctx, polis_tpat_ctx, polis_doc) belong to one
 * thread at a time.
 */
#ifndef POLIS_TEXT_H
#define POLIS_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ UTF-8 */

/* Replace, in place, every byte that is not part of a well-formed UTF-8
 * sequence (and every NUL byte) with '?', so that offsets stay identical and
 * the buffer becomes valid UTF-8. Returns the number of bytes replaced and,
 * when first_bad is not NULL and something was replaced, the offset of the
 * first one. Overlong forms, surrogates and code points > U+10FFFF count as
 * invalid. */
size_t polis_utf8_sanitize(char *buf, size_t len, size_t *first_bad);

/* Decode one code point at s[0..len); stores its length in *n (>= 1).
 * Returns the code point, or 0xFFFD with *n = 1 for an invalid byte. */
uint32_t polis_utf8_decode(const char *s, size_t len, size_t *n);

/* --------------------------------------------------------------- symbols */

/* A small string-intern table: labels ("ACTOR") and other names become dense
 * integer ids, so hot loops compare integers. Not thread-safe for writes. */
typedef struct polis_symtab polis_symtab;

polis_symtab *polis_symtab_new(void);                 /* caller frees */
void polis_symtab_free(polis_symtab *st);
/* Id of name, adding it when absent; ids start at 1. Borrows name. */
uint32_t polis_symtab_intern(polis_symtab *st, const char *name, size_t len);
/* Id of name or 0 when absent. */
uint32_t polis_symtab_find(const polis_symtab *st, const char *name, size_t len);
/* Name of an id (NUL-terminated, owned by the table) or NULL. */
const char *polis_symtab_name(const polis_symtab *st, uint32_t id);

/* ----------------------------------------------------------------- tokens */

enum polis_token_flag {
    POLIS_TOK_WORD        = 1u << 0,  /* contains at least one letter */
    POLIS_TOK_CAP         = 1u << 1,  /* first letter is uppercase (Russia, U.S., McDonald) */
    POLIS_TOK_UPPER       = 1u << 2,  /* every letter uppercase, two or more letters (NATO, U.S.) */
    POLIS_TOK_LOWER       = 1u << 3,  /* every letter lowercase */
    POLIS_TOK_DIGIT       = 1u << 4,  /* contains a digit */
    POLIS_TOK_NUMBER      = 1u << 5,  /* a number: 6,500  1.13bn  18th  2023-09-18  600m */
    POLIS_TOK_ORDINAL     = 1u << 6,  /* 1st 2nd 18th */
    POLIS_TOK_PUNCT       = 1u << 7,  /* punctuation or symbol only */
    POLIS_TOK_QUOTE       = 1u << 8,  /* " ' “ ” ‘ ’ « » */
    POLIS_TOK_DASH        = 1u << 9,  /* - – — ‒ */
    POLIS_TOK_OPEN        = 1u << 10, /* ( [ { */
    POLIS_TOK_CLOSE       = 1u << 11, /* ) ] } */
    POLIS_TOK_END_PUNCT   = 1u << 12, /* . ! ? … and runs of them */
    POLIS_TOK_URL         = 1u << 13, /* http://..., www.example.com */
    POLIS_TOK_EMAIL       = 1u << 14,
    POLIS_TOK_HANDLE      = 1u << 15, /* @handle or #hashtag */
    POLIS_TOK_CURRENCY    = 1u << 16, /* $ £ € ¥ */
    POLIS_TOK_ACRONYM     = 1u << 17, /* dotted acronym or initial: U.S. U.N. J. */
    POLIS_TOK_CLITIC      = 1u << 18, /* 's n't 're 've 'll 'd 'm split off a word */
    POLIS_TOK_SPACE_BEFORE   = 1u << 19, /* whitespace precedes the token */
    POLIS_TOK_NEWLINE_BEFORE = 1u << 20, /* a line break precedes the token */
    POLIS_TOK_PARA_START  = 1u << 21, /* a blank line (or the start of text) precedes */
    POLIS_TOK_SENT_START  = 1u << 22, /* first token of a sentence (set by the splitter) */
    POLIS_TOK_INVALID     = 1u << 23, /* contains bytes replaced by polis_utf8_sanitize */
};

typedef struct polis_token {
    uint32_t start, end;   /* byte span in the text */
    uint32_t norm;         /* offset of the normalized form in polis_tokens.norm */
    uint32_t norm_len;     /* its length in bytes (a NUL follows it) */
    uint32_t hash;         /* hash of the normalized form (polis_hash) */
    uint32_t flags;        /* enum polis_token_flag */
    uint32_t sentence;     /* index of its sentence (set by the splitter) */
} polis_token;

/* The normalized form is lowercased (ASCII, Latin-1, Latin Extended-A, Greek,
 * Cyrillic), with typographic apostrophes and quotes folded to ASCII (’ -> ')
 * and dashes folded to '-'. */
typedef struct polis_tokens {
    polis_token *v;
    size_t n, cap;
    char *norm;            /* arena of NUL-terminated normalized forms */
    size_t norm_len, norm_cap;
} polis_tokens;

/* FNV-1a 32-bit, the hash used for token forms everywhere. */
uint32_t polis_hash(const char *s, size_t len);

typedef struct polis_abbrevs polis_abbrevs;

/* Tokenize text[0..len), which must be valid UTF-8 (see polis_utf8_sanitize).
 * A period stays part of a token for dotted acronyms and initials (U.S., J.)
 * and for known abbreviations (Mr., Gen., Inc.; abbrevs, or the built-in list
 * when NULL); otherwise it is a token of its own. Reuses out's buffers (call
 * polis_tokens_free once at the end). Returns 0, or -1 when memory runs out.
 * Borrows text and abbrevs. */
int polis_tokenize(const char *text, size_t len, const polis_abbrevs *abbrevs, polis_tokens *out);
void polis_tokens_free(polis_tokens *t);
/* Normalized form of token i (NUL-terminated, owned by t). */
static inline const char *polis_token_norm(const polis_tokens *t, size_t i)
{
    return t->norm + t->v[i].norm;
}
/* Lowercase/fold s[0..len) the way tokens are normalized, appending to out
 * (which must hold 4*len+1 bytes); returns the new length. */
size_t polis_normalize(const char *s, size_t len, char *out);

/* -------------------------------------------------------------- sentences */

typedef struct polis_sentence {
    uint32_t tok_start, tok_end;  /* token range [tok_start, tok_end) */
    uint32_t start, end;          /* byte span: first token start to last token end */
} polis_sentence;

typedef struct polis_sentences {
    polis_sentence *v;
    size_t n, cap;
} polis_sentences;

/* Abbreviations the tokenizer and splitter know; a rule script may add more.
 * Words are given without the final period, case-insensitively ("mr", "gen",
 * "u.s"). */

enum polis_abbrev_kind {
    POLIS_ABBR_GENERAL = 0, /* may end a sentence when followed by a capital (Inc., etc.) */
    POLIS_ABBR_TITLE   = 1, /* precedes a name, never ends a sentence (Mr., Dr., Gen.) */
    POLIS_ABBR_NUMBER  = 2, /* precedes a number (No., Art., p.) */
    POLIS_ABBR_MONTH   = 3, /* month or weekday (Sept., Jan., Mon.) */
};

polis_abbrevs *polis_abbrevs_new(void);            /* caller frees; holds the built-in list */
const polis_abbrevs *polis_abbrevs_builtin(void);  /* the shared built-in list (do not free) */
void polis_abbrevs_free(polis_abbrevs *a);
/* Add (or re-kind) one abbreviation; returns 0 or -1. Borrows word. */
int polis_abbrevs_add(polis_abbrevs *a, const char *word, size_t len, enum polis_abbrev_kind kind);
/* Kind of word or -1 when not an abbreviation. */
int polis_abbrevs_lookup(const polis_abbrevs *a, const char *word, size_t len);

/* Split the tokens of text into sentences: sets POLIS_TOK_SENT_START and
 * polis_token.sentence on every token. Reuses out's buffer. abbrevs may be
 * NULL for the built-in list. Returns 0 or -1 when memory runs out. */
int polis_split_sentences(const char *text, size_t len, polis_tokens *toks,
                          const polis_abbrevs *abbrevs, polis_sentences *out);
void polis_sentences_free(polis_sentences *s);

/* ------------------------------------------------------------------ regex */

typedef struct polis_regex polis_regex;          /* compiled; shareable */
typedef struct polis_regex_ctx polis_regex_ctx;  /* per thread: match data, JIT stack, limits */

enum polis_regex_flag {
    POLIS_RE_CASELESS  = 1u << 0,  /* i */
    POLIS_RE_MULTILINE = 1u << 1,  /* m */
    POLIS_RE_DOTALL    = 1u << 2,  /* s */
    POLIS_RE_EXTENDED  = 1u << 3,  /* x */
    POLIS_RE_UNGREEDY  = 1u << 4,  /* U */
    POLIS_RE_WORD      = 1u << 5,  /* w: wrap in \b...\b */
};

/* Parse a flag string such as "im" into enum polis_regex_flag bits; -1 on an
 * unknown letter. */
int polis_regex_flags(const char *s, uint32_t *flags);

/* Compile pattern[0..len) in UTF mode with Unicode properties, JIT-compiled.
 * On error returns NULL and writes "regex /pat/: message at offset N" to err.
 * Caller frees with polis_regex_free. Borrows pattern. */
polis_regex *polis_regex_compile(const char *pattern, size_t len, uint32_t flags,
                                 char *err, size_t errlen);
void polis_regex_free(polis_regex *re);
const char *polis_regex_pattern(const polis_regex *re);   /* owned by re */
uint32_t polis_regex_flags_of(const polis_regex *re);
/* Number of capture groups (not counting group 0). */
uint32_t polis_regex_ngroups(const polis_regex *re);
/* Group number of a named group, or -1. */
int polis_regex_group_index(const polis_regex *re, const char *name);
/* Name of group n or NULL (owned by re). */
const char *polis_regex_group_name(const polis_regex *re, uint32_t n);

/* A compile-once cache keyed by pattern and flags. The cache owns what it
 * returns; not thread-safe (one per engine, filled while rules load). */
typedef struct polis_regex_cache polis_regex_cache;
polis_regex_cache *polis_regex_cache_new(void);
void polis_regex_cache_free(polis_regex_cache *c);        /* frees every regex in it */
polis_regex *polis_regex_cache_get(polis_regex_cache *c, const char *pattern, size_t len,
                                   uint32_t flags, char *err, size_t errlen);

typedef struct polis_regex_limits {
    uint32_t match_limit;   /* PCRE2 match limit (default 1,000,000) */
    uint32_t depth_limit;   /* PCRE2 depth limit (default 10,000) */
    uint32_t heap_limit_kb; /* PCRE2 heap limit in KiB (default 20,000) */
} polis_regex_limits;

/* limits may be NULL for the defaults. Caller frees. */
polis_regex_ctx *polis_regex_ctx_new(const polis_regex_limits *limits);
void polis_regex_ctx_free(polis_regex_ctx *ctx);

typedef struct polis_span {
    size_t start, end;      /* byte span; start == end == SIZE_MAX for an unset group */
} polis_span;

enum {
    POLIS_RE_NOMATCH = 0,
    POLIS_RE_ELIMIT  = -1,  /* match, depth or heap limit reached */
    POLIS_RE_EOTHER  = -2,  /* any other matching error */
};

/* Match re against subject[0..len) starting at offset. subject_valid says the
 * subject is known to be valid UTF-8 (skip the check). Fills caps[0..ncaps)
 * (caps[0] is the whole match) and returns 1 on a match, POLIS_RE_NOMATCH, or
 * a negative error; polis_regex_error(ctx) then describes it. Borrows all. */
int polis_regex_exec(polis_regex_ctx *ctx, const polis_regex *re, const char *subject,
                     size_t len, size_t offset, bool subject_valid,
                     polis_span *caps, size_t ncaps);
const char *polis_regex_error(const polis_regex_ctx *ctx);  /* last error message */

/* ------------------------------------------------------------ dictionaries */

/* A phrase dictionary: multi-word entries over normalized tokens, each with
 * string attributes. Several entries may share a phrase ("Paris" the French
 * and the Texan city); a lookup returns all of them. Entries are tokenized
 * with polis_tokenize (built-in abbreviations), so "U.S.", "Kim Jong-un" and
 * "eye-to-eye" match the
 * way the text is tokenized. Lookup cost does not depend on the number of
 * entries (hash over token sequences). */
typedef struct polis_dict polis_dict;

enum polis_dict_case {
    POLIS_CASE_DEFAULT = 0,  /* entry: use the dictionary's setting */
    POLIS_CASE_FOLD    = 1,  /* compare normalized (lowercased) forms */
    POLIS_CASE_EXACT   = 2,  /* compare the original token bytes */
    POLIS_CASE_CAPS    = 3,  /* fold, but every token whose entry form starts with
                                an uppercase letter must start with one in the text */
};

polis_dict *polis_dict_new(enum polis_dict_case default_case);  /* caller frees */
void polis_dict_free(polis_dict *d);

/* Add an entry. attrs is keys[i]/values[i] for i < nattrs (copied). Returns the
 * entry id (>= 0) or -1 (empty phrase, out of memory). Borrows everything. */
int32_t polis_dict_add(polis_dict *d, const char *phrase, size_t len,
                       const char *const *keys, const char *const *values, size_t nattrs,
                       enum polis_dict_case c);

/* Load a TSV file: '#' lines are comments; the first other line is the header
 * naming the columns. The column named "phrase" (else the first column) is the
 * phrase; a column named "aliases" holds extra phrases for the same entry
 * separated by '|'; a column named "case" (fold|exact|caps) sets the entry's
 * case mode; every other non-empty cell becomes an attribute named by its
 * header. Returns the number of entries added, or -1 with a message
 * "path:line: problem" in err. */
long polis_dict_load_tsv(polis_dict *d, const char *path, char *err, size_t errlen);

size_t polis_dict_size(const polis_dict *d);    /* number of entries */
size_t polis_dict_phrases(const polis_dict *d); /* number of distinct phrases */
/* Attribute of an entry, or NULL. Owned by d. */
const char *polis_dict_attr(const polis_dict *d, int32_t entry, const char *key);
/* Attribute i of an entry (0-based) through *key and *value; false past the end. */
bool polis_dict_attr_at(const polis_dict *d, int32_t entry, size_t i,
                        const char **key, const char **value);
/* The phrase an entry was added with (its first phrase), owned by d. */
const char *polis_dict_entry_phrase(const polis_dict *d, int32_t entry);

/* Longest match of d starting at token i, not extending past token limit.
 * Returns the number of tokens matched (0: none) and stores in *entries
 * (owned by d) and *nentries the entries of that phrase that accept the case
 * of the text. Borrows text and toks. */
size_t polis_dict_match_at(const polis_dict *d, const char *text, const polis_tokens *toks,
                           size_t i, size_t limit, const int32_t **entries, size_t *nentries);
/* Like polis_dict_match_at but for every phrase length that matches at i:
 * calls fn(len, entries, nentries, ud) from longest to shortest; fn returns
 * false to stop. Returns the number of lengths reported. */
size_t polis_dict_match_all_at(const polis_dict *d, const char *text, const polis_tokens *toks,
                               size_t i, size_t limit,
                               bool (*fn)(size_t len, const int32_t *entries, size_t nentries,
                                          void *ud), void *ud);

/* ------------------------------------------------------------ annotations */

/* A labelled token span added by a rule (ACTOR, LOCATION, VERB, ...). */
typedef struct polis_annot {
    uint32_t label;              /* symbol id */
    uint32_t tok_start, tok_end; /* token range [tok_start, tok_end) */
    int32_t item;                /* what it points to (engine-defined, e.g. actor index), or -1 */
} polis_annot;

/* ------------------------------------------------------------- documents */

/* The analysed form of one document, shared by every matcher. */
typedef struct polis_doc {
    const char *text;           /* valid UTF-8 (sanitized copy), len bytes */
    size_t len;
    polis_tokens toks;
    polis_sentences sents;
    polis_annot *annots;        /* in the order added */
    size_t nannots, annots_cap;
    /* per-label index of annotations sorted by (tok_start, -tok_end), built lazily */
    struct polis_annot_index *index;
    size_t nindex;
    bool index_dirty;
} polis_doc;

/* Initialise an empty document (no allocation). */
void polis_doc_init(polis_doc *doc);
/* Analyse text (must already be valid UTF-8): tokens then sentences. Reuses
 * buffers and clears annotations. Borrows text until the next call. */
int polis_doc_analyze(polis_doc *doc, const char *text, size_t len, const polis_abbrevs *ab);
void polis_doc_free(polis_doc *doc);
/* Add an annotation; returns its index or -1. */
long polis_doc_annotate(polis_doc *doc, uint32_t label, uint32_t tok_start, uint32_t tok_end,
                        int32_t item);
/* Drop annotations from index n on (used to roll back a failed rule). */
void polis_doc_truncate_annots(polis_doc *doc, size_t n);
/* Annotations with label starting at token i, in *out (owned by doc, valid
 * until the next annotate), longest first. Returns their number. */
size_t polis_doc_annots_at(polis_doc *doc, uint32_t label, size_t i, const size_t **out);
/* Token index containing byte offset off (or the first token after it), in [0, n]. */
size_t polis_doc_token_at(const polis_doc *doc, size_t off);

/* --------------------------------------------------------- token patterns */

/* A compiled token pattern (see docs/patterns.md for the language):
 *
 *   word  "two words"  'Exact'   literals (normalized compare unless quoted ')
 *   (a | b c | d)                alternation of sequences, may nest
 *   [cap] [upper & !sent_start] [/regex/]   token tests on flags or text
 *   @name                        phrase from dictionary `name` (longest first)
 *   {LABEL}                      an annotation span with that label (longest first)
 *   .                            any token
 *   x?  x*  x+  x{m,n}  x{,n}    quantifiers, greedy; add ? for lazy (x*?)
 *   !x                           one token that does not match the single-token test x
 *   x=name                       capture what x matched as `name`
 *   ^  $                         sentence start and end
 *
 * Names in @name and {LABEL} are resolved when compiling through env. */
typedef struct polis_tpat polis_tpat;

typedef struct polis_tpat_env {
    polis_symtab *labels;          /* {LABEL} -> id (interned) */
    /* @name -> dictionary, or NULL when unknown (a compile error) */
    const polis_dict *(*dict)(void *ud, const char *name, size_t len);
    /* [/regex/] -> compiled regex (from the engine's cache), or NULL with err set */
    polis_regex *(*regex)(void *ud, const char *pattern, size_t len, uint32_t flags,
                          char *err, size_t errlen);
    void *ud;
} polis_tpat_env;

/* Compile src. On error returns NULL with "pattern: message at column N" in err.
 * Caller frees. Borrows src and env. */
polis_tpat *polis_tpat_compile(const char *src, size_t len, const polis_tpat_env *env,
                               char *err, size_t errlen);
void polis_tpat_free(polis_tpat *p);
const char *polis_tpat_source(const polis_tpat *p);
size_t polis_tpat_ncaptures(const polis_tpat *p);
const char *polis_tpat_capture_name(const polis_tpat *p, size_t k);

/* What a capture (or a whole match) covered. */
typedef struct polis_tcap {
    uint32_t tok_start, tok_end;  /* [tok_start, tok_end); tok_start == UINT32_MAX when unset */
    int32_t annot;                /* annotation index when the capture is one {LABEL}, else -1 */
    int32_t dict_entry_first;     /* for one @name element: entries[0] (an entry id), else -1 */
    const int32_t *entries;       /* entries of the matched phrase (owned by the dict) */
    uint32_t nentries;
    const polis_dict *dict;       /* the dictionary of a single @name element, else NULL */
} polis_tcap;

typedef struct polis_tpat_match {
    polis_tcap whole;             /* the full match */
    polis_tcap *caps;             /* ncaptures entries, owned by the ctx */
} polis_tpat_match;

/* Per-thread scratch space for matching; caller frees. Borrows re_ctx (NULL:
 * the ctx makes its own when a pattern needs one). step_limit bounds the VM
 * steps of one scan or match_at call (0: the default, 10 million). */
typedef struct polis_tpat_ctx polis_tpat_ctx;
polis_tpat_ctx *polis_tpat_ctx_new(polis_regex_ctx *re_ctx, uint64_t step_limit);
void polis_tpat_ctx_free(polis_tpat_ctx *ctx);

/* Find matches of p in doc within tokens [from, to) without crossing a
 * sentence boundary. Matches are leftmost, then longest-by-greed, and do not
 * overlap unless overlap is true. Calls fn for each; fn returns false to stop.
 * Returns the number of matches, or -1 when the step limit was reached (the
 * matches reported so far stand); polis_tpat_error(ctx) says why. */
long polis_tpat_scan(polis_tpat_ctx *ctx, const polis_tpat *p, polis_doc *doc,
                     size_t from, size_t to, bool overlap,
                     bool (*fn)(const polis_tpat_match *m, void *ud), void *ud);
/* Match p anchored at token i only; returns 1 and fills *m on a match (the
 * caps stay valid until the next call on ctx), 0 when none, -1 on a limit. */
int polis_tpat_match_at(polis_tpat_ctx *ctx, const polis_tpat *p, polis_doc *doc,
                        size_t i, size_t to, polis_tpat_match *m);
const char *polis_tpat_error(const polis_tpat_ctx *ctx);

#ifdef __cplusplus
}
#endif
#endif /* POLIS_TEXT_H */
