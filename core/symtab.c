/*
 * symtab.c - interning of names (annotation labels, stage names) to small ids.
 * Open addressing over a power-of-two table; ids index a vector of names.
 */
#include <stdlib.h>
#include <string.h>

#include "polis_text.h"

struct polis_symtab {
    char **names;         /* names[id - 1] */
    uint32_t n, cap;
    uint32_t *slots;      /* 0 = empty, else id */
    uint32_t nslots;
};

uint32_t polis_hash(const char *s, size_t len)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 16777619u;
    }
    return h;
}

polis_symtab *polis_symtab_new(void)
{
    polis_symtab *st = calloc(1, sizeof *st);
    if (!st)
        return NULL;
    st->nslots = 64;
    st->slots = calloc(st->nslots, sizeof *st->slots);
    if (!st->slots) {
        free(st);
        return NULL;
    }
    return st;
}

void polis_symtab_free(polis_symtab *st)
{
    if (!st)
        return;
    for (uint32_t i = 0; i < st->n; i++)
        free(st->names[i]);
    free(st->names);
    free(st->slots);
    free(st);
}

static uint32_t *symtab_slot(const polis_symtab *st, const char *name, size_t len)
{
    uint32_t mask = st->nslots - 1;
    for (uint32_t i = polis_hash(name, len) & mask;; i = (i + 1) & mask) {
        uint32_t id = st->slots[i];
        if (id == 0)
            return &st->slots[i];
        const char *s = st->names[id - 1];
        if (strlen(s) == len && memcmp(s, name, len) == 0)
            return &st->slots[i];
    }
}

static int symtab_grow(polis_symtab *st)
{
    uint32_t *old = st->slots, nold = st->nslots;
    st->nslots *= 2;
    st->slots = calloc(st->nslots, sizeof *st->slots);
    if (!st->slots) {
        st->slots = old;
        st->nslots = nold;
        return -1;
    }
    for (uint32_t i = 0; i < nold; i++)
        if (old[i]) {
            const char *s = st->names[old[i] - 1];
            *symtab_slot(st, s, strlen(s)) = old[i];
        }
    free(old);
    return 0;
}

uint32_t polis_symtab_find(const polis_symtab *st, const char *name, size_t len)
{
    return *symtab_slot(st, name, len);
}

uint32_t polis_symtab_intern(polis_symtab *st, const char *name, size_t len)
{
    uint32_t *slot = symtab_slot(st, name, len);
    if (*slot)
        return *slot;
    if ((st->n + 1) * 2 > st->nslots) {
        if (symtab_grow(st) != 0)
            return 0;
        slot = symtab_slot(st, name, len);
    }
    if (st->n == st->cap) {
        uint32_t cap = st->cap ? st->cap * 2 : 16;
        char **v = realloc(st->names, cap * sizeof *v);
        if (!v)
            return 0;
        st->names = v;
        st->cap = cap;
    }
    char *copy = malloc(len + 1);
    if (!copy)
        return 0;
    memcpy(copy, name, len);
    copy[len] = '\0';
    st->names[st->n++] = copy;
    *slot = st->n;
    return st->n;
}

const char *polis_symtab_name(const polis_symtab *st, uint32_t id)
{
    return id >= 1 && id <= st->n ? st->names[id - 1] : NULL;
}
