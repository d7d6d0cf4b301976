/*
 * cli_input.c - documents from files, folders and stdin.
 *
 * Plain text files are one document each (id: the path). JSON Lines give one
 * document per non-blank line: {"id", "text", "date", "title", ...}; other
 * fields are kept under "meta". A line that is not a JSON object, or has no
 * string "text", becomes an error record that names its line, so every input
 * record yields exactly one output record. Folders are walked recursively in
 * name order, keeping files with the chosen extensions.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "cli.h"
#include "dirnames.h"

/* A folder met while walking, by device and inode (a hash-set slot). */
typedef struct dir_id {
    dev_t dev;
    ino_t ino;
    bool used;
} dir_id;

struct cli_reader {
    const cli_options *o;
    char **files;              /* expanded inputs; "-" is stdin */
    bool *special;             /* per file: a pipe, socket or device met in a folder */
    size_t nfiles, cap, next;
    FILE *f;                   /* current JSONL stream */
    const char *fname;
    size_t line;
    char *buf;                 /* getline buffer */
    size_t bufcap;
    FILE *stream;              /* cli_reader_from_stream: the one input (owned) */
    cJSON *array;              /* current .json array and position */
    int array_pos;
    size_t seq, bytes;
    bool saw_jsonl;
    int status;
    bool nul_marks;            /* 0x01 bytes in the current JSON's text stand for NULs */
    dir_id *dirs;              /* folders walked under the current path argument */
    size_t ndirs, dirs_cap;
};

void cli_record_free(cli_record *r)
{
    if (!r)
        return;
    free(r->id);
    free(r->text);
    free(r->date);
    free(r->title);
    free(r->error);
    free(r->out);
    free(r->index_row);
    cJSON_Delete(r->meta);
    free(r);
}

static char *dupn(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

static char *dups(const char *s) { return s ? dupn(s, strlen(s)) : NULL; }

static bool add_file(cli_reader *r, const char *path)
{
    if (r->nfiles == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 16;
        char **v = realloc(r->files, cap * sizeof *v);
        if (!v)
            return false;
        r->files = v;
        bool *sp = realloc(r->special, cap * sizeof *sp);
        if (!sp)
            return false;
        r->special = sp;
        r->cap = cap;
    }
    r->special[r->nfiles] = false;
    r->files[r->nfiles++] = dups(path);
    return true;
}

/* Does the name end in one of the extensions of the comma-separated list?
 * Case does not matter (NOTES.TXT is text), and "txt", ".txt" and " txt"
 * all mean the same. */
static bool has_ext(const char *name, const char *exts)
{
    const char *dot = strrchr(name, '.');
    if (!dot)
        return false;
    size_t n = strlen(dot + 1);
    for (const char *p = exts; *p;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        const char *e = p;
        while (len && (*e == ' ' || *e == '.'))
            e++, len--;
        while (len && e[len - 1] == ' ')
            len--;
        if (len == n && strncasecmp(e, dot + 1, n) == 0)
            return true;
        p = comma ? comma + 1 : p + strlen(p);
    }
    return false;
}

static size_t dir_slot(const dir_id *v, size_t cap, dev_t dev, ino_t ino)
{
    size_t h = ((size_t)ino * 0x9E3779B97F4A7C15ull ^ (size_t)dev) & (cap - 1);
    while (v[h].used && !(v[h].dev == dev && v[h].ino == ino))
        h = (h + 1) & (cap - 1);
    return h;
}

/* Note a folder as walked; false when it was already. Symbolic links back
 * to a folder on the way (or two links to one folder, level after level)
 * made the walk endless or exponential. */
static bool first_visit(cli_reader *r, const struct stat *st)
{
    if (2 * (r->ndirs + 1) > r->dirs_cap) {
        size_t cap = r->dirs_cap ? r->dirs_cap * 2 : 64;
        dir_id *v = calloc(cap, sizeof *v);
        if (!v)
            return true;                          /* the depth limit still bounds it */
        for (size_t i = 0; i < r->dirs_cap; i++)
            if (r->dirs[i].used)
                v[dir_slot(v, cap, r->dirs[i].dev, r->dirs[i].ino)] = r->dirs[i];
        free(r->dirs);
        r->dirs = v;
        r->dirs_cap = cap;
    }
    size_t h = dir_slot(r->dirs, r->dirs_cap, st->st_dev, st->st_ino);
    if (r->dirs[h].used)
        return false;
    r->dirs[h] = (dir_id){ st->st_dev, st->st_ino, true };
    r->ndirs++;
    return true;
}

/* Add the files of a folder, recursively and in name order, each folder
 * once. Unreadable entries are added too, so that they become error
 * records. */
static void walk(cli_reader *r, const char *dir, int depth)
{
    DIR *d = opendir(dir);
    if (!d || depth > 64) {
        if (d)
            closedir(d);
        add_file(r, dir);                         /* reading it reports the error */
        return;
    }
    struct stat self;
    if (fstat(dirfd(d), &self) == 0 && !first_visit(r, &self)) {
        closedir(d);                              /* walked already: a link loop */
        return;
    }
    size_t n;
    char **names = polis_dir_names(d, NULL, &n);
    closedir(d);
    for (size_t i = 0; i < n; i++) {
        char *path = polis_join_path(dir, names[i]);
        if (path) {
            struct stat st;
            bool found = stat(path, &st) == 0;
            if (found && S_ISDIR(st.st_mode))
                walk(r, path, depth + 1);
            else if (has_ext(names[i], r->o->exts) && add_file(r, path) && found &&
                     !S_ISREG(st.st_mode))
                r->special[r->nfiles - 1] = true;  /* opening a FIFO would block */
            free(path);
        }
        free(names[i]);
    }
    free(names);
}

cli_reader *cli_reader_new(const cli_options *o)
{
    cli_reader *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->o = o;
    if (o->npaths == 0)
        add_file(r, "-");
    for (size_t i = 0; i < o->npaths; i++) {
        struct stat st;
        if (strcmp(o->paths[i], "-") == 0) {
            add_file(r, "-");
        } else if (stat(o->paths[i], &st) != 0) {
            fprintf(stderr, "polis: %s: %s\n", o->paths[i], strerror(errno));
            r->status = EXIT_IO;
        } else if (S_ISDIR(st.st_mode)) {
            r->ndirs = 0;                          /* each path argument walked whole */
            if (r->dirs)
                memset(r->dirs, 0, r->dirs_cap * sizeof *r->dirs);
            walk(r, o->paths[i], 0);
        } else {
            add_file(r, o->paths[i]);
        }
    }
    return r;
}

cli_reader *cli_reader_from_stream(const cli_options *o, FILE *f, const char *name)
{
    cli_reader *r = calloc(1, sizeof *r);
    if (!r) {
        fclose(f);
        return NULL;
    }
    r->o = o;
    r->stream = f;
    add_file(r, name);
    if (r->nfiles == 0 || !r->files[0]) {
        cli_reader_free(r);
        return NULL;
    }
    return r;
}

void cli_reader_free(cli_reader *r)
{
    if (!r)
        return;
    if (r->stream)
        fclose(r->stream);                     /* never opened by cli_reader_next */
    for (size_t i = 0; i < r->nfiles; i++)
        free(r->files[i]);
    free(r->files);
    free(r->special);
    free(r->dirs);
    if (r->f && r->f != stdin)
        fclose(r->f);
    free(r->buf);
    cJSON_Delete(r->array);
    free(r);
}

bool cli_reader_saw_jsonl(const cli_reader *r) { return r->saw_jsonl; }
size_t cli_reader_bytes(const cli_reader *r) { return r->bytes; }
int cli_reader_status(const cli_reader *r) { return r->status; }

size_t cli_reader_total_bytes(const cli_reader *r)
{
    size_t total = 0;
    for (size_t i = 0; i < r->nfiles; i++) {
        struct stat st;
        if (!r->files[i] || strcmp(r->files[i], "-") == 0 || stat(r->files[i], &st) != 0 ||
            !S_ISREG(st.st_mode))
            return 0;                              /* stdin, a pipe: unknown */
        total += (size_t)st.st_size;
    }
    return total;
}

static cli_record *new_record(cli_reader *r)
{
    cli_record *rec = calloc(1, sizeof *rec);
    if (rec)
        rec->seq = r->seq++;
    return rec;
}

static cli_record *error_record(cli_reader *r, const char *id, const char *fmt, const char *a,
                                const char *b)
{
    cli_record *rec = new_record(r);
    if (!rec)
        return NULL;
    char msg[600];
    snprintf(msg, sizeof msg, fmt, a, b);
    rec->id = dups(id);
    rec->error = dups(msg);
    return rec;
}

static enum cli_input_kind kind_of(const cli_options *o, const char *path)
{
    if (o->input != IN_AUTO)
        return o->input;
    const char *dot = strrchr(path, '.');
    if (dot && (strcasecmp(dot, ".jsonl") == 0 || strcasecmp(dot, ".ndjson") == 0))
        return IN_JSONL;
    if (dot && strcasecmp(dot, ".json") == 0)
        return IN_JSON;
    return IN_TEXT;
}

/* Read a whole stream; NULL on error (errno set). */
static char *slurp(FILE *f, size_t *len)
{
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap + 1);
    while (buf) {
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap)
            break;
        char *nb = realloc(buf, cap * 2 + 1);
        if (!nb) {
            free(buf);
            return NULL;
        }
        buf = nb;
        cap *= 2;
    }
    if (!buf)
        return NULL;
    if (ferror(f)) {
        int err = errno;
        free(buf);
        errno = err ? err : EIO;
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* Look at the start of stdin: blanks and a UTF-8 byte order mark, then '{'
 * means JSON Lines (*kind is set). Returns the bytes read (caller frees; the
 * first other byte is pushed back), so that a text document keeps them and
 * its offsets still count them. */
static char *sniff(FILE *f, size_t *n, enum cli_input_kind *kind)
{
    static const char bom[] = "\xEF\xBB\xBF";
    size_t cap = 64;
    char *head = malloc(cap);
    int c;
    *n = 0;
    while (head && (c = getc(f)) != EOF) {
        bool in_bom = *n < 3 && c == (unsigned char)bom[*n] && memcmp(head, bom, *n) == 0;
        if (!in_bom && c != ' ' && c != '\t' && c != '\n' && c != '\r') {
            ungetc(c, f);
            if (c == '{')
                *kind = IN_JSONL;
            break;
        }
        if (*n == cap) {
            char *v = realloc(head, cap * 2);
            if (!v) {
                ungetc(c, f);                          /* one byte lost at worst */
                break;
            }
            head = v;
            cap *= 2;
        }
        head[(*n)++] = (char)c;
    }
    return head;
}

/* Turn a parsed JSON object into a record (or an error record). */
/* JSON's \u0000 decodes to a NUL byte, where cJSON's strings end: the text
 * after it was silently lost. Rewrite each \u0000 escape of the JSON text
 * s[0..len) in place as \u0001, which decodes to one byte as well, and
 * return true: the caller turns those bytes of the text back into NULs,
 * which the engine replaces and reports like any NUL. When the JSON has
 * 0x01 bytes of its own, \u0000 becomes \u003f ('?') instead (false). */
static bool json_mark_nuls(char *s, size_t len)
{
    const char *p = s, *end = s + len;
    while ((p = memchr(p, '\\', (size_t)(end - p))) && !(end - p >= 6 && !memcmp(p + 1, "u0000", 5)))
        p++;
    if (!p)
        return false;                                 /* the usual case: no \u0000 */
    bool own_soh = memchr(s, 0x01, len) != NULL;
    for (size_t i = 0; !own_soh && i + 6 <= len; i++)
        own_soh = s[i] == '\\' && memcmp(s + i + 1, "u0001", 5) == 0;
    bool in_string = false, any = false;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '"') {
            in_string = !in_string;
        } else if (in_string && s[i] == '\\' && i + 1 < len) {
            if (i + 6 <= len && memcmp(s + i + 1, "u0000", 5) == 0) {
                memcpy(s + i + 4, own_soh ? "3f" : "01", 2);
                any = true;
            }
            i++;                                      /* skip the escaped character */
        }
    }
    return any && !own_soh;
}

static cli_record *record_from_json(cli_reader *r, cJSON *obj, const char *where)
{
    if (!cJSON_IsObject(obj))
        return error_record(r, where, "%s: not a JSON object%s", where, "");
    cli_record *rec = new_record(r);
    if (!rec)
        return NULL;
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(obj, "id");
    char num[64];
    if (cJSON_IsString(id))
        rec->id = dups(id->valuestring);
    else if (cJSON_IsNumber(id)) {
        snprintf(num, sizeof num, "%.17g", id->valuedouble);
        rec->id = dups(num);
    } else {
        rec->id = dups(where);
    }
    const cJSON *text = cJSON_GetObjectItemCaseSensitive(obj, "text");
    if (!cJSON_IsString(text)) {
        char msg[300];
        snprintf(msg, sizeof msg, "%s: \"text\" is %s; a string is required", where,
                 text == NULL ? "missing" : cJSON_IsNull(text) ? "null" : "not a string");
        rec->error = dups(msg);
        return rec;
    }
    rec->text = dups(text->valuestring);
    rec->len = strlen(text->valuestring);
    if (r->nul_marks && rec->text)                    /* see json_mark_nuls */
        for (char *p = memchr(rec->text, 0x01, rec->len); p;
             p = memchr(p + 1, 0x01, rec->len - (size_t)(p + 1 - rec->text)))
            *p = '\0';
    const cJSON *date = cJSON_GetObjectItemCaseSensitive(obj, "date");
    if (cJSON_IsString(date))
        rec->date = dups(date->valuestring);
    const cJSON *title = cJSON_GetObjectItemCaseSensitive(obj, "title");
    if (cJSON_IsString(title))
        rec->title = dups(title->valuestring);
    cJSON *meta = NULL;
    for (const cJSON *it = obj->child; it; it = it->next) {
        if (!it->string || strcmp(it->string, "id") == 0 || strcmp(it->string, "text") == 0 ||
            strcmp(it->string, "date") == 0 || strcmp(it->string, "title") == 0)
            continue;
        if (!meta)
            meta = cJSON_CreateObject();
        cJSON_AddItemToObject(meta, it->string, cJSON_Duplicate(it, 1));
    }
    rec->meta = meta;
    return rec;
}

/* Next record from the open JSONL stream, or NULL at its end. */
static cli_record *next_jsonl(cli_reader *r)
{
    for (;;) {
        ssize_t n = getline(&r->buf, &r->bufcap, r->f);
        if (n < 0) {
            bool failed = ferror(r->f);
            int err = errno;
            if (r->f != stdin)
                fclose(r->f);
            r->f = NULL;
            if (failed) {
                char where[64];
                snprintf(where, sizeof where, "%zu", r->line + 1);
                return error_record(r, r->fname, "%s: read error: %s", r->fname, strerror(err));
            }
            return NULL;
        }
        r->line++;
        r->bytes += (size_t)n;
        size_t len = (size_t)n;
        while (len && (r->buf[len - 1] == '\n' || r->buf[len - 1] == '\r'))
            len--;
        size_t k = 0;
        while (k < len && (r->buf[k] == ' ' || r->buf[k] == '\t'))
            k++;
        if (k == len)
            continue;                                  /* blank lines are not records */
        char where[4200];
        snprintf(where, sizeof where, "%s:%zu", strcmp(r->fname, "-") == 0 ? "stdin" : r->fname,
                 r->line);
        const char *end = NULL;
        r->nul_marks = json_mark_nuls(r->buf, len);
        cJSON *obj = cJSON_ParseWithLengthOpts(r->buf, len, &end, 0);
        if (!obj) {
            char col[32];
            snprintf(col, sizeof col, "%zu", end ? (size_t)(end - r->buf) + 1 : 0);
            return error_record(r, where, "%s: malformed JSON near column %s", where, col);
        }
        cli_record *rec = record_from_json(r, obj, where);
        cJSON_Delete(obj);
        return rec;
    }
}

static cli_record *next_array_item(cli_reader *r)
{
    int n = cJSON_GetArraySize(r->array);
    if (r->array_pos >= n) {
        cJSON_Delete(r->array);
        r->array = NULL;
        return NULL;
    }
    char where[4200];
    snprintf(where, sizeof where, "%s[%d]", r->fname, r->array_pos);
    return record_from_json(r, cJSON_GetArrayItem(r->array, r->array_pos++), where);
}

cli_record *cli_reader_next(cli_reader *r)
{
    for (;;) {
        if (r->f) {
            cli_record *rec = next_jsonl(r);
            if (rec)
                return rec;
            continue;
        }
        if (r->array) {
            cli_record *rec = next_array_item(r);
            if (rec)
                return rec;
            continue;
        }
        if (r->next >= r->nfiles)
            return NULL;
        bool special = r->special[r->next];
        const char *path = r->files[r->next++];
        if (special)
            return error_record(r, path, "%s: %s", path, "not a regular file (pipes, sockets "
                                "and devices found in a folder are not read)");
        bool is_stdin = !r->stream && strcmp(path, "-") == 0;
        FILE *f = r->stream ? r->stream : is_stdin ? stdin : fopen(path, "rb");
        r->stream = NULL;                          /* from here on closed like a file */
        if (!f)
            return error_record(r, path, "%s: %s", path, strerror(errno));
        enum cli_input_kind kind = kind_of(r->o, path);
        char *head = NULL;                             /* bytes read by sniffing */
        size_t nhead = 0;
        if (is_stdin && kind == IN_TEXT && r->o->input == IN_AUTO)
            head = sniff(f, &nhead, &kind);
        r->fname = path;
        r->line = 0;
        if (kind == IN_JSONL) {
            for (size_t k = 0; k < nhead; k++)         /* blank lines still count */
                r->line += head[k] == '\n';
            r->bytes += nhead;
            free(head);
            r->f = f;
            r->saw_jsonl = true;
            continue;
        }
        size_t len = 0;
        char *text = slurp(f, &len);
        int err = errno;
        if (!is_stdin)
            fclose(f);
        if (text && nhead) {                           /* the document keeps them */
            char *whole = malloc(nhead + len + 1);
            if (whole) {
                memcpy(whole, head, nhead);
                memcpy(whole + nhead, text, len + 1);
                len += nhead;
            }
            free(text);
            text = whole;
            err = ENOMEM;
        }
        free(head);
        if (!text)
            return error_record(r, path, "%s: %s", path, strerror(err ? err : ENOMEM));
        r->bytes += len;
        if (kind == IN_JSON) {
            r->nul_marks = json_mark_nuls(text, len);
            cJSON *doc = cJSON_ParseWithLength(text, len);
            free(text);
            if (!doc)
                return error_record(r, path, "%s: malformed JSON%s", path, "");
            if (cJSON_IsArray(doc)) {
                r->array = doc;
                r->array_pos = 0;
                r->saw_jsonl = true;
                continue;
            }
            cli_record *rec = record_from_json(r, doc, path);
            cJSON_Delete(doc);
            return rec;
        }
        cli_record *rec = new_record(r);
        if (!rec) {
            free(text);
            return NULL;
        }
        rec->id = dups(is_stdin ? "stdin" : path);
        rec->text = text;
        rec->len = len;
        return rec;
    }
}
