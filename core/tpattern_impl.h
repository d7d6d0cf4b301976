/*
 * tpattern_impl.h - private to the token-pattern compiler and matcher
 * (core/tpattern_compile.c, core/tpattern_match.c).
 *
 * A pattern compiles to a flat program of instructions run by a backtracking
 * VM with an explicit stack. Branching instructions (SPLIT, DICT, LABEL*)
 * carry a memo slot: the matcher remembers which (slot, position) states it
 * has already explored in the current attempt and never explores one twice,
 * which bounds an attempt by (memo slots x sentence length) however the
 * pattern is written (the RE2 "bit state" idea). Single-token tests are small
 * expression trees (tp_pred) evaluated with short-circuit.
 */
#ifndef POLIS_TPATTERN_IMPL_H
#define POLIS_TPATTERN_IMPL_H

#include "polis_text.h"

enum tp_op {
    TP_LIT,       /* one token whose normalized form is pool[b..b+c), hash a */
    TP_EXACT,     /* one token whose original bytes are pool[b..b+c); a: normalized hash */
    TP_FLAGS,     /* one token with (flags & a) == b */
    TP_PRED,      /* one token passing pred tree a */
    TP_ANY,       /* any one token */
    TP_DICT,      /* a phrase of dicts[a], longest first; c: memo slot; cap */
    TP_LABEL,     /* an annotation with label id a starting here, longest first; c, cap */
    TP_LABELS,    /* the same for labels[a..a+b); c, cap */
    TP_SPLIT,     /* continue at a; on failure at b; c: memo slot */
    TP_JMP,       /* continue at a */
    TP_OPEN,      /* capture a starts here */
    TP_CLOSE,     /* capture a ends here */
    TP_BOL,       /* at the first token of the sentence */
    TP_EOL,       /* past the last token of the sentence */
    TP_MARK,      /* loop register a := position (only when memo is off) */
    TP_PROGRESS,  /* fail when position == loop register a (only when memo is off) */
    TP_MATCH,     /* success if at least one token was consumed */
};

typedef struct tp_inst {
    uint8_t op;
    int32_t cap;          /* DICT/LABEL*: capture whose annot/entries this sets, or -1 */
    uint32_t a, b, c;
} tp_inst;

enum tp_pred_op {
    TPP_FLAGS,            /* (flags & a) != 0 */
    TPP_LIT,              /* normalized form: hash a, pool[b..b+c) */
    TPP_EXACT,            /* original bytes pool[b..b+c) */
    TPP_REGEX,            /* regexes[a] finds a match; cmp 1: in the normalized form */
    TPP_LEN,              /* character count <cmp> a */
    TPP_NOT,              /* !preds[a] */
    TPP_AND,              /* preds[a] && preds[b] */
    TPP_OR,               /* preds[a] || preds[b] */
    TPP_SET,              /* normalized form is one of sets[a] (made from ORed TPP_LITs) */
};

enum tp_cmp { TPC_LT, TPC_LE, TPC_GT, TPC_GE, TPC_EQ, TPC_NE };

typedef struct tp_pred {
    uint8_t op, cmp;
    uint32_t a, b, c;
} tp_pred;

/* A set of normalized forms: what `a | b | c ...` and `[a | b | c ...]` over
 * single words compile to, tested with one lookup instead of one test each. */
typedef struct tp_set_item {
    uint32_t hash, off, len;  /* as TPP_LIT: the form's hash, pool[off..off+len) */
} tp_set_item;

typedef struct tp_set {
    tp_set_item *items;   /* sorted by hash */
    uint32_t n;
    uint64_t bloom[4];    /* bit (hash & 255) of every item */
} tp_set;

/* Which tokens can start a match (an over-approximation). */
typedef struct tp_filter {
    bool any;             /* any token may start a match: no filtering */
    bool bol;             /* a match can start only at a sentence's first token */
    uint64_t bloom[4];    /* bit (hash & 255) set for every hash in hashes */
    uint32_t *hashes;     /* sorted normalized-form hashes of first literals */
    uint32_t nhashes;
    uint32_t *tests;      /* instruction indexes of first FLAGS / PRED tests */
    uint32_t ntests;
    uint32_t *labels;     /* label ids of first annotations */
    uint32_t nlabels;
    uint32_t *dicts;      /* indexes of first dictionaries */
    uint32_t ndicts;
} tp_filter;

struct polis_tpat {
    char *src;
    tp_inst *prog;
    uint32_t nprog;
    tp_pred *preds;
    uint32_t npreds;
    char *pool;           /* literal bytes */
    size_t npool;
    const polis_dict **dicts;
    uint32_t ndicts;
    uint32_t *labels;     /* label lists of TP_LABELS */
    uint32_t nlabels;
    polis_regex **regexes;
    uint32_t nregexes;
    tp_set *sets;
    uint32_t nsets;
    bool own_regexes;     /* compiled here (no env->regex), freed with the pattern */
    char **capnames;
    uint32_t ncaps;
    uint32_t nmemo;       /* memo slots */
    uint32_t nloops;      /* loop registers */
    uint32_t pred_depth;  /* deepest pred tree, for nothing but sanity */
    tp_filter filter;
};

/* Evaluate pred tree `root` on token i: 1 true, 0 false, -1 error (regex). */
int tp_pred_eval(polis_tpat_ctx *ctx, const polis_tpat *p, const polis_doc *doc,
                 uint32_t root, size_t i);

#endif
