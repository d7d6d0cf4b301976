/*
 * fuzz_jsonl.c - the JSON Lines and JSON readers of the command line
 * (core/cli_input.c), over a memory buffer (fmemopen).
 *
 * Every non-blank line of a JSONL stream must give exactly one record: a
 * document with text, or an error record whose message names the line. A
 * .json input gives one record per array item, or one for an object, or one
 * error record.
 */
#include "../../core/cli.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Lines the reader must turn into records: not empty once the line end and
 * leading blanks are set aside. */
static size_t fz_jsonl_expected(const uint8_t *d, size_t n)
{
    size_t count = 0;
    for (size_t i = 0; i < n;) {
        const uint8_t *nl = memchr(d + i, '\n', n - i);
        size_t end = nl ? (size_t)(nl - d) : n;
        size_t len = end - i;
        while (len && (d[i + len - 1] == '\r' || d[i + len - 1] == '\n'))
            len--;
        size_t k = 0;
        while (k < len && (d[i + k] == ' ' || d[i + k] == '\t'))
            k++;
        if (k < len)
            count++;
        i = end + 1;
    }
    return count;
}

/* Read every record of data as `kind`; returns their number. */
static size_t fz_jsonl_read(const uint8_t *data, size_t size, enum cli_input_kind kind,
                            const char *name)
{
    cli_options o;
    memset(&o, 0, sizeof o);
    o.input = kind;
    o.exts = "txt,jsonl,json";
    char *copy = fz_copy(data, size);              /* fmemopen wants a writable buffer */
    FILE *f = size ? fmemopen(copy, size, "rb") : fopen("/dev/null", "rb");
    FZ_ASSERT(f != NULL);
    cli_reader *r = cli_reader_from_stream(&o, f, name);
    FZ_ASSERT(r != NULL);
    size_t n = 0;
    cli_record *rec;
    while ((rec = cli_reader_next(r)) != NULL) {
        FZ_ASSERT(rec->seq == n);
        FZ_ASSERT(rec->id != NULL);
        FZ_ASSERT((rec->error != NULL) != (rec->text != NULL));
        if (rec->text)                             /* NULs (\u0000) may be inside */
            FZ_ASSERT(rec->len >= strlen(rec->text) && rec->text[rec->len] == '\0');
        if (rec->error && kind == IN_JSONL)
            FZ_ASSERT(strstr(rec->error, name) != NULL);   /* "name:line: ..." */
        cli_record_free(rec);
        n++;
    }
    FZ_ASSERT(cli_reader_bytes(r) <= size);
    cli_reader_free(r);
    free(copy);
    return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t got = fz_jsonl_read(data, size, IN_JSONL, "fuzz.jsonl");
    FZ_ASSERT(got == fz_jsonl_expected(data, size));
    size_t k = 0;
    while (k < size && (data[k] == ' ' || data[k] == '\n' || data[k] == '\t' || data[k] == '\r'))
        k++;
    if (k < size && (data[k] == '[' || data[k] == '{')) {
        size_t n = fz_jsonl_read(data, size, IN_JSON, "fuzz.json");
        FZ_ASSERT(n >= 1 || (data[k] == '[' && n == 0));
    }
    return 0;
}
