/*
 * tpattern_match.c - run compiled token patterns over a document.
 *
 * A backtracking VM with an explicit stack (no recursion over the input).
 * Choices are explored in priority order (greedy quantifiers try one more,
 * alternatives left to right, dictionaries and annotations longest first), so
 * the first success is the leftmost-first match a Perl-style engine gives.
 * Capture registers are restored on backtracking through undo frames.
 *
 * Termination and cost: every branching instruction has a memo slot, and a
 * (slot, position) state is explored at most once per attempt (a state seen
 * before has either failed, or is being explored further up the path and
 * would only repeat an empty iteration). An attempt therefore costs at most
 * O(program x sentence length) however the pattern nests its quantifiers. When
 * the memo table would be too large (giant sentences), it is switched off and
 * MARK/PROGRESS instructions stop empty loop iterations instead; the step
 * limit bounds everything.
 *
 * All scratch space (stack, registers, candidate arena, memo) lives in the
 * per-thread polis_tpat_ctx and only ever grows: no allocation per match.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tpattern_impl.h"

#define TP_DEFAULT_STEPS  10000000u
#ifndef TP_MEMO_MAX_CELLS                /* -DTP_MEMO_MAX_CELLS=0 tests the memo-less path */
#define TP_MEMO_MAX_CELLS (1u << 20)     /* 4 MiB of memo per context at most */
#endif

/* One way a DICT or LABELS instruction can consume tokens. */
typedef struct tp_cand {
    uint32_t len;
    int32_t annot;
    const int32_t *entries;
    uint32_t nentries;
    const polis_dict *dict;
} tp_cand;

enum tp_frame_kind {
    F_BRANCH,      /* resume at pc, pos */
    F_UNDO_CAP,    /* restore register pc to u.reg */
    F_UNDO_LOOP,   /* restore loop register pc to pos */
    F_ARENA,       /* instruction pc at pos: candidates arena[i..n) remain; base: first */
    F_ANNOTS,      /* instruction pc at pos: annotation indexes v[i..n) remain (some may not fit) */
};

typedef struct tp_frame {
    uint8_t kind;
    uint32_t pc, pos;
    union {
        polis_tcap reg;
        struct { uint32_t base, i, n; } ar;
        struct { const size_t *v; uint32_t i, n; } an;
    } u;
} tp_frame;

struct polis_tpat_ctx {
    polis_regex_ctx *re;
    bool own_re;
    uint64_t step_limit, steps;
    tp_frame *stack;
    size_t capstack;
    polis_tcap *regs;     /* working capture registers */
    polis_tcap *caps;     /* the last match's captures, handed out */
    size_t capregs;
    uint32_t *loops;
    size_t caploops;
    tp_cand *arena;
    uint32_t narena, caparena;
    uint32_t *memo;       /* generation stamps, slot * stride + (pos - start) */
    size_t capmemo;
    uint32_t gen, stride;
    bool memo_on;
    bool oom;
    const polis_dict *cur_dict;   /* the dictionary tp_collect is collecting for */
    char err[256];
};

static const polis_tcap tp_unset = {
    .tok_start = UINT32_MAX, .tok_end = UINT32_MAX, .annot = -1, .dict_entry_first = -1,
    .entries = NULL, .nentries = 0, .dict = NULL,
};

/* ------------------------------------------------------------ context */

polis_tpat_ctx *polis_tpat_ctx_new(polis_regex_ctx *re_ctx, uint64_t step_limit)
{
    polis_tpat_ctx *ctx = calloc(1, sizeof *ctx);
    if (!ctx)
        return NULL;
    ctx->re = re_ctx;
    ctx->step_limit = step_limit ? step_limit : TP_DEFAULT_STEPS;
    ctx->capstack = 256;
    ctx->stack = malloc(ctx->capstack * sizeof *ctx->stack);
    if (!ctx->stack) {
        free(ctx);
        return NULL;
    }
    return ctx;
}

void polis_tpat_ctx_free(polis_tpat_ctx *ctx)
{
    if (!ctx)
        return;
    if (ctx->own_re)
        polis_regex_ctx_free(ctx->re);
    free(ctx->stack);
    free(ctx->regs);
    free(ctx->caps);
    free(ctx->loops);
    free(ctx->arena);
    free(ctx->memo);
    free(ctx);
}

const char *polis_tpat_error(const polis_tpat_ctx *ctx)
{
    return ctx ? ctx->err : "pattern: no context";
}

/* Size the registers for p. */
static bool ctx_prepare(polis_tpat_ctx *ctx, const polis_tpat *p)
{
    if (p->ncaps > ctx->capregs) {
        polis_tcap *r = realloc(ctx->regs, p->ncaps * sizeof *r);
        if (r)
            ctx->regs = r;
        polis_tcap *c = realloc(ctx->caps, p->ncaps * sizeof *c);
        if (c)
            ctx->caps = c;
        if (!r || !c)
            return false;
        ctx->capregs = p->ncaps;
    }
    if (p->nloops > ctx->caploops) {
        uint32_t *l = realloc(ctx->loops, p->nloops * sizeof *l);
        if (!l)
            return false;
        ctx->loops = l;
        ctx->caploops = p->nloops;
    }
    return true;
}

static bool grow_stack(polis_tpat_ctx *ctx)
{
    size_t cap = ctx->capstack * 2;
    tp_frame *s = realloc(ctx->stack, cap * sizeof *s);
    if (!s)
        return false;
    ctx->stack = s;
    ctx->capstack = cap;
    return true;
}

static bool tp_collect(size_t len, const int32_t *entries, size_t nentries, void *ud)
{
    polis_tpat_ctx *ctx = ud;
    if (ctx->narena == ctx->caparena) {
        uint32_t cap = ctx->caparena ? ctx->caparena * 2 : 64;
        tp_cand *a = realloc(ctx->arena, cap * sizeof *a);
        if (!a) {
            ctx->oom = true;
            return false;
        }
        ctx->arena = a;
        ctx->caparena = cap;
    }
    ctx->arena[ctx->narena++] = (tp_cand){ (uint32_t)len, -1, entries, (uint32_t)nentries,
                                           ctx->cur_dict };
    return true;
}

/* Turn the memo on for an attempt over [start, limit] when it fits. */
static void memo_begin(polis_tpat_ctx *ctx, const polis_tpat *p, uint32_t start, uint32_t limit)
{
    ctx->memo_on = false;
    if (p->nmemo == 0)
        return;
    size_t stride = (size_t)limit - start + 1;
    size_t need = stride * p->nmemo;
    if (need > TP_MEMO_MAX_CELLS)
        return;
    if (need > ctx->capmemo) {
        size_t cap = ctx->capmemo ? ctx->capmemo : 1024;
        while (cap < need)
            cap *= 2;
        uint32_t *m = realloc(ctx->memo, cap * sizeof *m);
        if (!m)
            return;                       /* run without the memo */
        memset(m + ctx->capmemo, 0, (cap - ctx->capmemo) * sizeof *m);
        ctx->memo = m;
        ctx->capmemo = cap;
    }
    if (++ctx->gen == 0) {                /* wrapped: old stamps could collide */
        memset(ctx->memo, 0, ctx->capmemo * sizeof *ctx->memo);
        ctx->gen = 1;
    }
    ctx->stride = (uint32_t)stride;
    ctx->memo_on = true;
}

/* True when (slot, pos) was explored already in this attempt; marks it. */
static inline bool memo_seen(polis_tpat_ctx *ctx, uint32_t slot, uint32_t pos, uint32_t start)
{
    if (!ctx->memo_on)
        return false;
    uint32_t *c = &ctx->memo[(size_t)slot * ctx->stride + (pos - start)];
    if (*c == ctx->gen)
        return true;
    *c = ctx->gen;
    return false;
}

/* ------------------------------------------------------- token tests */

static uint32_t utf8_chars(const char *s, size_t n)
{
    uint32_t c = 0;
    for (size_t k = 0; k < n; k++)
        c += ((unsigned char)s[k] & 0xC0) != 0x80;
    return c;
}

int tp_pred_eval(polis_tpat_ctx *ctx, const polis_tpat *p, const polis_doc *doc,
                 uint32_t root, size_t i)
{
    const tp_pred *pr = &p->preds[root];
    const polis_token *t = &doc->toks.v[i];
    int r;
    switch (pr->op) {
    case TPP_FLAGS:
        return (t->flags & pr->a) != 0;
    case TPP_LIT:
        return t->hash == pr->a && t->norm_len == pr->c &&
               memcmp(doc->toks.norm + t->norm, p->pool + pr->b, pr->c) == 0;
    case TPP_EXACT:
        return t->end - t->start == pr->c &&
               memcmp(doc->text + t->start, p->pool + pr->b, pr->c) == 0;
    case TPP_LEN: {
        uint32_t n = utf8_chars(doc->text + t->start, t->end - t->start);
        switch (pr->cmp) {
        case TPC_LT: return n < pr->a;
        case TPC_LE: return n <= pr->a;
        case TPC_GT: return n > pr->a;
        case TPC_GE: return n >= pr->a;
        case TPC_EQ: return n == pr->a;
        default:     return n != pr->a;
        }
    }
    case TPP_REGEX: {
        if (!ctx->re) {
            if (!(ctx->re = polis_regex_ctx_new(NULL))) {
                snprintf(ctx->err, sizeof ctx->err, "pattern: out of memory");
                return -1;
            }
            ctx->own_re = true;
        }
        const char *subj = pr->cmp ? doc->toks.norm + t->norm : doc->text + t->start;
        size_t len = pr->cmp ? t->norm_len : t->end - t->start;
        polis_span sp;
        r = polis_regex_exec(ctx->re, p->regexes[pr->a], subj, len, 0, true, &sp, 1);
        if (r < 0) {
            snprintf(ctx->err, sizeof ctx->err, "pattern: %s", polis_regex_error(ctx->re));
            return -1;
        }
        return r > 0;
    }
    case TPP_SET: {
        const tp_set *set = &p->sets[pr->a];
        uint32_t h = t->hash;
        if (!(set->bloom[(h & 255) >> 6] >> (h & 63) & 1))
            return 0;
        uint32_t lo = 0, hi = set->n;
        while (lo < hi) {
            uint32_t mid = (lo + hi) / 2;
            if (set->items[mid].hash < h)
                lo = mid + 1;
            else
                hi = mid;
        }
        for (; lo < set->n && set->items[lo].hash == h; lo++)
            if (set->items[lo].len == t->norm_len &&
                memcmp(doc->toks.norm + t->norm, p->pool + set->items[lo].off, t->norm_len) == 0)
                return 1;
        return 0;
    }
    case TPP_NOT:
        r = tp_pred_eval(ctx, p, doc, pr->a, i);
        return r < 0 ? r : !r;
    case TPP_AND:
        r = tp_pred_eval(ctx, p, doc, pr->a, i);
        return r <= 0 ? r : tp_pred_eval(ctx, p, doc, pr->b, i);
    default: /* TPP_OR */
        r = tp_pred_eval(ctx, p, doc, pr->a, i);
        return r != 0 ? r : tp_pred_eval(ctx, p, doc, pr->b, i);
    }
}

/* Can a match start at token i (sentence limit `limit`)? 1 yes, 0 no. */
static int filter_ok(polis_tpat_ctx *ctx, const polis_tpat *p, polis_doc *doc, size_t i,
                     size_t limit)
{
    const tp_filter *f = &p->filter;
    if (f->any)
        return 1;
    const polis_token *t = &doc->toks.v[i];
    uint32_t h = t->hash;
    if (f->nhashes && (f->bloom[(h & 255) >> 6] >> (h & 63) & 1)) {
        uint32_t lo = 0, hi = f->nhashes;
        while (lo < hi) {
            uint32_t mid = (lo + hi) / 2;
            if (f->hashes[mid] < h)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo < f->nhashes && f->hashes[lo] == h)
            return 1;
    }
    for (uint32_t k = 0; k < f->ntests; k++) {
        const tp_inst *in = &p->prog[f->tests[k]];
        if (in->op == TP_FLAGS ? (t->flags & in->a) == in->b
                               : tp_pred_eval(ctx, p, doc, in->a, i) != 0)
            return 1;
    }
    for (uint32_t k = 0; k < f->nlabels; k++) {
        const size_t *v;
        size_t n = polis_doc_annots_at(doc, f->labels[k], i, &v);
        for (size_t j = 0; j < n; j++)
            if (doc->annots[v[j]].tok_end <= limit)
                return 1;
    }
    for (uint32_t k = 0; k < f->ndicts; k++) {
        const int32_t *e;
        size_t ne;
        if (polis_dict_match_at(p->dicts[f->dicts[k]], doc->text, &doc->toks, i, limit, &e, &ne) > 0)
            return 1;
    }
    return 0;
}

/* ----------------------------------------------------------------- VM */

#define PUSH_OR_FAIL()                                              \
    do {                                                            \
        if (sp == ctx->capstack && !grow_stack(ctx))                \
            goto oom;                                               \
    } while (0)

/* Set register k to v, remembering the old value while a choice is open. */
#define SET_REG(k, v)                                               \
    do {                                                            \
        if (sp > 0) {                                               \
            PUSH_OR_FAIL();                                         \
            tp_frame *f_ = &ctx->stack[sp++];                       \
            f_->kind = F_UNDO_CAP;                                  \
            f_->pc = (k);                                           \
            f_->u.reg = regs[k];                                    \
        }                                                           \
        regs[k] = (v);                                              \
    } while (0)

/* Next annotation index in v[from..n) that ends within limit, or n. */
static uint32_t next_annot(const polis_doc *doc, const size_t *v, uint32_t from, uint32_t n,
                           uint32_t limit)
{
    while (from < n && doc->annots[v[from]].tok_end > limit)
        from++;
    return from;
}

/* Run p anchored at token start, not past token limit, inside the sentence
 * [sa, sb). Returns 1 (match in *m), 0, or -1 (error in ctx->err). */
static int tp_run(polis_tpat_ctx *ctx, const polis_tpat *p, polis_doc *doc, uint32_t start,
                  uint32_t limit, uint32_t sa, uint32_t sb, polis_tpat_match *m)
{
    const tp_inst *prog = p->prog;
    const polis_token *tv = doc->toks.v;
    polis_tcap *regs = ctx->regs;
    uint32_t pc = 0, pos = start;
    size_t sp = 0;
    uint64_t steps = ctx->steps;
    const uint64_t step_limit = ctx->step_limit;
    tp_cand cand;
    int32_t cap;
    uint32_t base;

    for (uint32_t k = 0; k < p->ncaps; k++)
        regs[k] = tp_unset;
    ctx->narena = 0;
    memo_begin(ctx, p, start, limit);

    for (;;) {
        if (++steps > step_limit)
            goto limit_reached;
        const tp_inst *in = &prog[pc];
        switch (in->op) {
        case TP_LIT: {
            if (pos >= limit)
                goto fail;
            const polis_token *t = &tv[pos];
            if (t->hash != in->a || t->norm_len != in->c ||
                memcmp(doc->toks.norm + t->norm, p->pool + in->b, in->c) != 0)
                goto fail;
            pos++;
            pc++;
            continue;
        }
        case TP_EXACT: {
            if (pos >= limit)
                goto fail;
            const polis_token *t = &tv[pos];
            if (t->end - t->start != in->c ||
                memcmp(doc->text + t->start, p->pool + in->b, in->c) != 0)
                goto fail;
            pos++;
            pc++;
            continue;
        }
        case TP_FLAGS:
            if (pos >= limit || (tv[pos].flags & in->a) != in->b)
                goto fail;
            pos++;
            pc++;
            continue;
        case TP_PRED: {
            if (pos >= limit)
                goto fail;
            int r = tp_pred_eval(ctx, p, doc, in->a, pos);
            if (r < 0)
                goto error;
            if (r == 0)
                goto fail;
            pos++;
            pc++;
            continue;
        }
        case TP_ANY:
            if (pos >= limit)
                goto fail;
            pos++;
            pc++;
            continue;
        case TP_DICT: {
            if (pos >= limit || memo_seen(ctx, in->c, pos, start))
                goto fail;
            base = ctx->narena;
            ctx->oom = false;
            ctx->cur_dict = p->dicts[in->a];
            polis_dict_match_all_at(p->dicts[in->a], doc->text, &doc->toks, pos, limit,
                                    tp_collect, ctx);
            if (ctx->oom)
                goto oom;
            goto arena_choice;
        }
        case TP_LABELS: {
            if (pos >= limit || memo_seen(ctx, in->c, pos, start))
                goto fail;
            base = ctx->narena;
            ctx->cur_dict = NULL;
            for (uint32_t k = 0; k < in->b; k++) {
                const size_t *v;
                size_t n = polis_doc_annots_at(doc, p->labels[in->a + k], pos, &v);
                for (size_t j = 0; j < n; j++) {
                    const polis_annot *an = &doc->annots[v[j]];
                    if (an->tok_end > limit)
                        continue;
                    if (!tp_collect(an->tok_end - pos, NULL, 0, ctx))
                        goto oom;
                    ctx->arena[ctx->narena - 1].annot = (int32_t)v[j];
                }
            }
            /* longest first across labels; ties keep label order (insertion sort) */
            for (uint32_t x = base + 1; x < ctx->narena; x++) {
                tp_cand c = ctx->arena[x];
                uint32_t y = x;
                while (y > base && ctx->arena[y - 1].len < c.len) {
                    ctx->arena[y] = ctx->arena[y - 1];
                    y--;
                }
                ctx->arena[y] = c;
            }
            goto arena_choice;
        }
        case TP_LABEL: {
            if (pos >= limit || memo_seen(ctx, in->c, pos, start))
                goto fail;
            const size_t *v;
            uint32_t n = (uint32_t)polis_doc_annots_at(doc, in->a, pos, &v);
            uint32_t k = next_annot(doc, v, 0, n, limit);
            if (k == n)
                goto fail;
            uint32_t k2 = next_annot(doc, v, k + 1, n, limit);
            if (k2 < n) {
                PUSH_OR_FAIL();
                tp_frame *f = &ctx->stack[sp++];
                f->kind = F_ANNOTS;
                f->pc = pc;
                f->pos = pos;
                f->u.an.v = v;
                f->u.an.i = k2;
                f->u.an.n = n;
            }
            cand = (tp_cand){ doc->annots[v[k]].tok_end - pos, (int32_t)v[k], NULL, 0, NULL };
            cap = in->cap;
            goto consume;
        }
        case TP_SPLIT:
            if (memo_seen(ctx, in->c, pos, start))
                goto fail;
            PUSH_OR_FAIL();
            ctx->stack[sp++] = (tp_frame){ .kind = F_BRANCH, .pc = in->b, .pos = pos };
            pc = in->a;
            continue;
        case TP_JMP:
            pc = in->a;
            continue;
        case TP_OPEN: {
            polis_tcap c = tp_unset;
            c.tok_start = pos;
            SET_REG(in->a, c);
            pc++;
            continue;
        }
        case TP_CLOSE: {
            polis_tcap c = regs[in->a];
            c.tok_end = pos;
            SET_REG(in->a, c);
            pc++;
            continue;
        }
        case TP_BOL:
            if (pos != sa)
                goto fail;
            pc++;
            continue;
        case TP_EOL:
            if (pos != sb)
                goto fail;
            pc++;
            continue;
        case TP_MARK:
            if (!ctx->memo_on) {
                if (sp > 0) {
                    PUSH_OR_FAIL();
                    ctx->stack[sp++] = (tp_frame){ .kind = F_UNDO_LOOP, .pc = in->a,
                                                   .pos = ctx->loops[in->a] };
                }
                ctx->loops[in->a] = pos;
            }
            pc++;
            continue;
        case TP_PROGRESS:
            if (!ctx->memo_on && ctx->loops[in->a] == pos)
                goto fail;
            pc++;
            continue;
        default: /* TP_MATCH */
            if (pos == start)
                goto fail;                   /* matches cover at least one token */
            m->whole = tp_unset;
            m->whole.tok_start = start;
            m->whole.tok_end = pos;
            for (uint32_t k = 0; k < p->ncaps; k++) {
                polis_tcap c = regs[k];
                if (c.tok_start == UINT32_MAX || c.tok_end == UINT32_MAX || c.tok_end <= c.tok_start)
                    c = tp_unset;          /* never reached, or covered no token */
                ctx->caps[k] = c;
            }
            m->caps = ctx->caps;
            ctx->steps = steps;
            return 1;
        }

    arena_choice:
        /* the candidates of the DICT/LABELS instruction at pc are arena[base..) */
        if (ctx->narena == base)
            goto fail;
        cand = ctx->arena[base];
        if (ctx->narena - base > 1) {
            PUSH_OR_FAIL();
            tp_frame *f = &ctx->stack[sp++];
            f->kind = F_ARENA;
            f->pc = pc;
            f->pos = pos;
            f->u.ar.base = base;
            f->u.ar.i = base + 1;
            f->u.ar.n = ctx->narena;
        } else {
            ctx->narena = base;
        }
        cap = prog[pc].cap;
        goto consume;

    consume:
        /* take candidate `cand` of the DICT/LABEL instruction at pc */
        if (cap >= 0) {
            polis_tcap c = regs[cap];
            c.annot = cand.annot;
            c.entries = cand.entries;
            c.nentries = cand.nentries;
            c.dict_entry_first = cand.nentries ? cand.entries[0] : -1;
            c.dict = cand.dict;
            SET_REG((uint32_t)cap, c);
        }
        pos += cand.len;
        pc++;
        continue;

    fail:
        for (;;) {
            if (sp == 0) {
                ctx->steps = steps;
                return 0;
            }
            tp_frame *f = &ctx->stack[sp - 1];
            if (f->kind == F_BRANCH) {
                pc = f->pc;
                pos = f->pos;
                sp--;
                break;
            }
            if (f->kind == F_UNDO_CAP) {
                regs[f->pc] = f->u.reg;
                sp--;
                continue;
            }
            if (f->kind == F_UNDO_LOOP) {
                ctx->loops[f->pc] = f->pos;
                sp--;
                continue;
            }
            if (++steps > step_limit)
                goto limit_reached;
            pc = f->pc;
            pos = f->pos;
            if (f->kind == F_ARENA) {
                cand = ctx->arena[f->u.ar.i++];
                if (f->u.ar.i == f->u.ar.n) {
                    ctx->narena = f->u.ar.base;
                    sp--;
                }
            } else { /* F_ANNOTS */
                const size_t *v = f->u.an.v;
                uint32_t k = f->u.an.i;
                cand = (tp_cand){ doc->annots[v[k]].tok_end - pos, (int32_t)v[k], NULL, 0, NULL };
                f->u.an.i = next_annot(doc, v, k + 1, f->u.an.n, limit);
                if (f->u.an.i == f->u.an.n)
                    sp--;
            }
            cap = prog[pc].cap;
            goto consume;
        }
    }

limit_reached:
    ctx->steps = steps;
    snprintf(ctx->err, sizeof ctx->err,
             "pattern: step limit of %llu reached (pattern \"%.60s\" too costly for this text)",
             (unsigned long long)step_limit, p->src);
    return -1;
oom:
    ctx->steps = steps;
    snprintf(ctx->err, sizeof ctx->err, "pattern: out of memory");
    return -1;
error:
    ctx->steps = steps;
    return -1;
}

/* The sentence holding token i, or the whole document when the document has
 * no (consistent) sentences. */
static void sentence_of(const polis_doc *doc, size_t i, uint32_t *sa, uint32_t *sb)
{
    uint32_t s = doc->toks.v[i].sentence;
    if (s < doc->sents.n && doc->sents.v[s].tok_start <= i && i < doc->sents.v[s].tok_end) {
        *sa = doc->sents.v[s].tok_start;
        *sb = doc->sents.v[s].tok_end;
    } else {
        *sa = 0;
        *sb = (uint32_t)doc->toks.n;
    }
}

static bool tp_begin(polis_tpat_ctx *ctx, const polis_tpat *p, const polis_doc *doc)
{
    if (!ctx)
        return false;
    ctx->steps = 0;
    ctx->err[0] = '\0';
    if (!p || !doc) {
        snprintf(ctx->err, sizeof ctx->err, "pattern: no pattern or document");
        return false;
    }
    if (!ctx_prepare(ctx, p)) {
        snprintf(ctx->err, sizeof ctx->err, "pattern: out of memory");
        return false;
    }
    return true;
}

long polis_tpat_scan(polis_tpat_ctx *ctx, const polis_tpat *p, polis_doc *doc,
                     size_t from, size_t to, bool overlap,
                     bool (*fn)(const polis_tpat_match *m, void *ud), void *ud)
{
    if (!tp_begin(ctx, p, doc))
        return -1;
    if (to > doc->toks.n)
        to = doc->toks.n;
    long count = 0;
    polis_tpat_match m;
    size_t i = from;
    while (i < to) {
        uint32_t sa, sb;
        sentence_of(doc, i, &sa, &sb);
        size_t lim = sb < to ? sb : to;
        for (size_t s = i; s < lim;) {
            if (p->filter.bol && s != sa)
                break;                        /* anchored at ^: next sentence */
            int ok = filter_ok(ctx, p, doc, s, lim);
            if (ok == 0) {
                s++;
                continue;
            }
            int r = tp_run(ctx, p, doc, (uint32_t)s, (uint32_t)lim, sa, sb, &m);
            if (r < 0)
                return -1;
            if (r == 0) {
                s++;
                continue;
            }
            count++;
            if (fn && !fn(&m, ud))
                return count;
            s = overlap ? s + 1 : m.whole.tok_end;
        }
        i = lim;
    }
    return count;
}

int polis_tpat_match_at(polis_tpat_ctx *ctx, const polis_tpat *p, polis_doc *doc,
                        size_t i, size_t to, polis_tpat_match *m)
{
    if (!tp_begin(ctx, p, doc))
        return -1;
    if (to > doc->toks.n)
        to = doc->toks.n;
    if (i >= to)
        return 0;
    uint32_t sa, sb;
    sentence_of(doc, i, &sa, &sb);
    size_t lim = sb < to ? sb : to;
    if (p->filter.bol && i != sa)
        return 0;
    if (!filter_ok(ctx, p, doc, i, lim))
        return 0;
    return tp_run(ctx, p, doc, (uint32_t)i, (uint32_t)lim, sa, sb, m);
}
