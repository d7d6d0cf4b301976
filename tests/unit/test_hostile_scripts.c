/*
 * test_hostile_scripts.c - rule scripts that try to hurt the engine, through
 * the embedding API: catastrophic regexes and token patterns on long inputs,
 * regex walks over a whole document, odd error objects, and attempts to
 * reach past the sandbox. (The basic sandbox cases - blocked libraries,
 * bytecode, memory and instruction caps, recursion, the item cap - are in
 * test_engine.c.) Each case checks that the damage stays inside the rule:
 * the rule's output is rolled back, the error says why, the other rules'
 * output survives and the time stays bounded.
 */
#include <stdio.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "check.h"
#include "polis.h"

static char tmpdir[256];
static FILE *devnull;
static double slow = 1.0;           /* time limits stretch under valgrind */

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* An engine with only `script` (in a fresh rule folder) loaded. */
static polis_engine *engine_for(const char *script)
{
    static int n;
    char dir[600], path[700];
    snprintf(dir, sizeof dir, "%s/r%d", tmpdir, ++n);
    mkdir(dir, 0755);
    snprintf(path, sizeof path, "%s/rules.lua", dir);
    FILE *f = fopen(path, "wb");
    if (!f)
        return NULL;
    fputs(script, f);
    fclose(f);
    polis_config cfg;
    polis_config_init(&cfg);
    cfg.default_rules = false;
    cfg.use_rules_path = false;
    cfg.max_instructions = 5000000;
    cfg.max_memory = 128u << 20;
    cfg.log = devnull;
    char *err = NULL;
    polis_engine *e = polis_engine_new(&cfg, &err);
    if (e && polis_engine_load(e, dir, &err) != 0) {
        fprintf(stderr, "  load failed: %s\n", err ? err : "?");
        polis_engine_free(e);
        e = NULL;
    }
    free(err);
    return e;
}

static cJSON *analyze(polis_engine *e, const char *text, size_t len)
{
    polis_input in = { "t", text, len, NULL, NULL, NULL };
    return polis_analyze(e, &in, 0);
}

/* Analyse text with script; NULL when the script does not load. */
static cJSON *run(const char *script, const char *text)
{
    polis_engine *e = engine_for(script);
    if (!e)
        return NULL;
    cJSON *res = analyze(e, text, strlen(text));
    polis_engine_free(e);
    return res;
}

static int count(const cJSON *res, const char *list)
{
    return cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(res, list));
}

/* Field of error i, or "". */
static const char *error_field(const cJSON *res, int i, const char *field)
{
    const cJSON *er = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(res, "errors"), i);
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(er, field);
    return cJSON_IsString(v) ? v->valuestring : "";
}

static bool contains(const char *hay, const char *needle)
{
    if (strstr(hay, needle))
        return true;
    fprintf(stderr, "  \"%s\" lacks \"%s\"\n", hay, needle);
    return false;
}

/* A rule that finds Russia, then `bad`: the good rule's actor must survive. */
#define GOOD "local polis = require 'polis'\n"                                               \
    "polis.rule { name = 'good', stage = 'actors', regex = 'Russia',\n"                       \
    "  emit = function (doc, m) doc:actor { kind = 'country', country = 'RUS', span = m } end }\n"

/* text of n bytes: `fill` repeated, then `tail` (caller frees). */
static char *long_text(const char *head, const char *fill, size_t n, const char *tail)
{
    size_t h = strlen(head), f = strlen(fill), t = strlen(tail);
    char *s = malloc(n + 1);
    memcpy(s, head, h);
    size_t i = h;
    while (i + t < n) {
        size_t k = f < n - t - i ? f : n - t - i;
        memcpy(s + i, fill, k);
        i += k;
    }
    memcpy(s + i, tail, t);
    s[n] = '\0';
    return s;
}

/* ------------------------------------------------------------- regexes */

static void test_catastrophic_regex_rule(void)
{
    polis_engine *e = engine_for(GOOD
        "polis.rule { name = 'evil', stage = 'actors', regex = [[(a+)+$]],\n"
        "  emit = function (doc, m) doc:actor { kind = 'group', span = m } end }\n");
    CHECK(e != NULL);
    if (!e)
        return;
    char *text = long_text("Russia warned. ", "a", 200000, "b");
    double t0 = now();
    cJSON *res = analyze(e, text, strlen(text));
    double dt = now() - t0;
    CHECK(dt < 10 * slow);
    CHECK_INT(count(res, "actors"), 1);                 /* the good rule's */
    CHECK_INT(count(res, "errors"), 1);
    CHECK_STR(error_field(res, 0, "rule"), "evil");
    CHECK(contains(error_field(res, 0, "message"), "match limit"));
    cJSON_Delete(res);
    free(text);
    polis_engine_free(e);
}

static void test_catastrophic_regex_api(void)
{
    polis_engine *e = engine_for(GOOD
        "local re = polis.regex [[^(\\w+\\s?)*$]]\n"
        "polis.rule { name = 'evil', stage = 'actors', run = function (doc)\n"
        "  doc:actor { kind = 'group', name = 'partial', span = doc:span(1, 1) }\n"
        "  re:test(doc.text) end }\n");
    CHECK(e != NULL);
    if (!e)
        return;
    char *text = long_text("Russia ", "word ", 100000, "!");
    double t0 = now();
    cJSON *res = analyze(e, text, strlen(text));
    CHECK(now() - t0 < 10 * slow);
    CHECK_INT(count(res, "actors"), 1);
    CHECK_STR(error_field(res, 0, "rule"), "evil");
    CHECK(contains(error_field(res, 0, "message"), "limit"));
    cJSON_Delete(res);
    free(text);
    polis_engine_free(e);
}

/* Regression: an empty match just before a multi-byte character made the
 * next search start inside the character, failing the rule. */
static void test_empty_match_before_multibyte(void)
{
    cJSON *res = run(GOOD
        "polis.rule { name = 'lookahead', stage = 'actors', regex = [[(?=é)]],\n"
        "  emit = function (doc, m) end }\n"
        "polis.rule { name = 'all', stage = 'actors', run = function (doc)\n"
        "  assert(#polis.regex('(?=é)'):find_all(doc.text) == 3)\n"
        "  assert(#polis.regex('x*'):find_all('éé') == 3) end }\n",
        "Russia: café, été.");
    CHECK(res != NULL);
    CHECK_INT(count(res, "errors"), 0);
    if (count(res, "errors"))
        fprintf(stderr, "  %s\n", error_field(res, 0, "message"));
    cJSON_Delete(res);
}

/* Regression: PCRE2 re-checked the UTF-8 of the rest of the subject on each
 * call, so walking a 400 KB text with find_all or re:match took 12 s. */
static void test_regex_walk_is_linear(void)
{
    polis_engine *e = engine_for(GOOD
        "local word = polis.regex [[\\w+]]\n"
        "polis.rule { name = 'walk', stage = 'actors', run = function (doc)\n"
        "  local all = word:find_all(doc.text)\n"
        "  local pos, n = 0, 0\n"
        "  while true do\n"
        "    local m = word:match(doc.text, pos)\n"
        "    if not m then break end\n"
        "    pos, n = m.stop, n + 1\n"
        "  end\n"
        "  assert(n == #all and n > 60000, n) end }\n");
    CHECK(e != NULL);
    if (!e)
        return;
    char *text = long_text("Russia ", "Talks went on and on. ", 400000, ".");
    double t0 = now();
    cJSON *res = analyze(e, text, strlen(text));
    double dt = now() - t0;
    if (dt > 3 * slow)
        fprintf(stderr, "  %.2f s for a 400 KB walk\n", dt);
    CHECK(dt < 3 * slow);
    CHECK_INT(count(res, "errors"), 0);
    cJSON_Delete(res);
    free(text);
    polis_engine_free(e);
}

/* ------------------------------------------------------- token patterns */

static void test_pattern_step_limit(void)
{
    polis_engine *e = engine_for(GOOD
        "polis.rule { name = 'costly', stage = 'actors',\n"
        "  pattern = [[ (. | [word] | [lower]){0,100} (. | [word]){0,100} zzz ]],\n"
        "  emit = function (doc, m) doc:actor { kind = 'group', span = m } end }\n");
    CHECK(e != NULL);
    if (!e)
        return;
    char *text = long_text("Russia ", "and more words ", 200000, "yyy");   /* one sentence */
    double t0 = now();
    cJSON *res = analyze(e, text, strlen(text));
    CHECK(now() - t0 < 10 * slow);
    CHECK_INT(count(res, "actors"), 1);
    CHECK_STR(error_field(res, 0, "rule"), "costly");
    CHECK(contains(error_field(res, 0, "message"), "step limit"));
    cJSON_Delete(res);
    free(text);
    polis_engine_free(e);
}

/* ---------------------------------------------------------- error objects */

/* The rule emits an actor, then raises `raise`: rolled back, one error
 * whose message contains `needle`. */
static void expect_error_object(const char *raise, const char *kind, const char *needle)
{
    char script[2048];
    snprintf(script, sizeof script, GOOD
             "polis.rule { name = 'bad', stage = 'actors', run = function (doc)\n"
             "  doc:actor { kind = 'person', name = 'Partial', span = doc:span(1, 1) }\n"
             "  %s\nend }\n", raise);
    cJSON *res = run(script, "Russia warned Ukraine.");
    CHECK(res != NULL);
    if (!res)
        return;
    CHECK_INT(count(res, "actors"), 1);
    CHECK_INT(count(res, "errors"), 1);
    CHECK_STR(error_field(res, 0, "rule"), "bad");
    CHECK_STR(error_field(res, 0, "kind"), kind);
    CHECK(contains(error_field(res, 0, "message"), needle));
    cJSON_Delete(res);
}

static void test_error_objects(void)
{
    expect_error_object("error()", "rule", "nil value");
    expect_error_object("error(nil)", "rule", "nil value");
    expect_error_object("error(42)", "rule", "42");
    expect_error_object("error(true)", "rule", "boolean value");
    expect_error_object("error(print)", "rule", "function value");
    expect_error_object("error(setmetatable({}, { __tostring = function () return 'custom' end }))",
                        "rule", "custom");
    expect_error_object("error(setmetatable({}, { __tostring = function () return {} end }))",
                        "rule", "table value");
    expect_error_object("error(setmetatable({}, { __tostring = function () error('again') end }))",
                        "rule", "");
    expect_error_object("error(setmetatable({}, { __tostring = function () while true do end end }))",
                        "limit", "instruction budget");
    expect_error_object("error(string.rep('x', 100000))", "rule", "xxxxxxxx");
    expect_error_object("error('bad \\255\\254 bytes')", "rule", "bad");
}

/* ---------------------------------------------------------------- sandbox */

/* Regression: rawset wrote through the read-only library proxies, and the
 * polis table was writable, so one script could replace string.upper or
 * polis.rule for every script loaded after it. */
static void test_library_tables_stay_read_only(void)
{
    polis_engine *e = engine_for(
        "local polis = require 'polis'\n"
        "assert(not pcall(rawset, string, 'upper', function () return 'PWNED' end))\n"
        "assert(string.upper('x') == 'X')\n"
        "assert(not pcall(rawset, polis, 'rule', print))\n"
        "assert(not pcall(function () polis.rule = print end))\n"
        "assert(not pcall(function () polis.extra = 1 end))\n"
        "assert(not pcall(rawset, math, 'pi', 3))\n"
        "assert(not pcall(rawset, table, 'concat', print))\n"
        "assert(not pcall(rawset, os, 'time', print))\n"
        "assert(not pcall(setmetatable, string, {}))\n"
        "assert(getmetatable(polis) == 'locked' and getmetatable('') == 'locked')\n"
        "assert(rawset({}, 'k', 1).k == 1)              -- plain tables still work\n"
        "assert(type(polis.rule) == 'function')\n"
        "polis.rule { name = 'ok', stage = 'actors', run = function (doc)\n"
        "  assert(not pcall(rawset, string, 'format', print)) end }\n");
    CHECK(e != NULL);
    if (!e)
        return;
    cJSON *res = analyze(e, "Russia.", 7);
    CHECK_INT(count(res, "errors"), 0);
    cJSON_Delete(res);
    polis_engine_free(e);
}

/* The load error of a script (caller frees), or NULL when it loads. */
static char *load_error(const char *script)
{
    static int n;
    char dir[600], path[700];
    snprintf(dir, sizeof dir, "%s/l%d", tmpdir, ++n);
    mkdir(dir, 0755);
    snprintf(path, sizeof path, "%s/rules.lua", dir);
    FILE *f = fopen(path, "wb");
    if (!f)
        return NULL;
    fputs(script, f);
    fclose(f);
    polis_config cfg;
    polis_config_init(&cfg);
    cfg.default_rules = false;
    cfg.use_rules_path = false;
    cfg.log = devnull;
    char *err = NULL;
    polis_engine *e = polis_engine_new(&cfg, &err);
    int problems = e ? polis_engine_load(e, dir, &err) : 1;
    polis_engine_free(e);
    if (!problems) {
        free(err);
        return NULL;
    }
    return err ? err : strdup("?");
}

/* Regression: a __gc metamethod ran outside any budget (while the output
 * was built, or at polis_engine_free), so one that loops hung the run. */
static void test_no_finalizers(void)
{
    polis_engine *e = engine_for(GOOD
        "polis.rule { name = 'gc', stage = 'actors', run = function (doc)\n"
        "  for i = 1, 100 do setmetatable({}, { __gc = function () while true do end end }) end\n"
        "end }\n");
    CHECK(e != NULL);
    if (!e)
        return;
    for (int i = 0; i < 3; i++) {
        cJSON *res = analyze(e, "Russia warned.", 14);
        CHECK_INT(count(res, "actors"), 1);
        CHECK_STR(error_field(res, 0, "rule"), "gc");
        CHECK(contains(error_field(res, 0, "message"), "__gc"));
        cJSON_Delete(res);
    }
    polis_engine_free(e);                     /* hung here (alarm in main) */
    char *err = load_error("local t = setmetatable({}, { __gc = function () end })\n");
    CHECK(err && contains(err, "__gc metamethods are not allowed"));
    free(err);
    err = load_error("local mt = {}\nlocal t = setmetatable({}, mt)\nmt.__gc = print\n"
                     "assert(getmetatable(t) == mt)\n");    /* too late to finalize: fine */
    CHECK(err == NULL);
    free(err);
}

/* Regression: `local d <close> = polis.lexicon {...}` freed a dictionary
 * (or pattern) that a rule or a compiled pattern still used: a heap
 * use-after-free, or a NULL dereference, at the first document. Such objects
 * are not closable; the collector frees them when nothing uses them. */
static void test_close_refused(void)
{
    static const char *const scripts[] = {
        "local polis = require 'polis'\ndo\n  local d <close> = polis.lexicon { 'Russia' }\n"
        "  polis.rule { name = 'd', stage = 'actors', dict = d, emit = function () end }\nend\n",
        "local polis = require 'polis'\ndo\n  local d <close> = polis.lexicon { 'Russia' }\n"
        "  polis.rule { name = 'p', stage = 'actors', pattern = '@d', vars = { d = d },\n"
        "    emit = function () end }\nend\n",
        "local polis = require 'polis'\ndo\n  local p <close> = polis.pattern 'Russia'\n"
        "  polis.rule { name = 'p', stage = 'actors', pattern = p, emit = function () end }\nend\n",
    };
    for (size_t i = 0; i < sizeof scripts / sizeof *scripts; i++) {
        char *err = load_error(scripts[i]);
        CHECK(err && contains(err, "non-closable value"));
        free(err);
    }
    /* The same through the close methods: refused while a rule or a
     * compiled pattern uses the object; a dictionary nothing else uses
     * closes fine, inside a rule too. */
    static const char *const closes[] = {
        "local polis = require 'polis'\nlocal d = polis.lexicon { 'Russia' }\n"
        "polis.rule { name = 'd', stage = 'actors', dict = d, emit = function () end }\n"
        "d:close()\n",
        "local polis = require 'polis'\nlocal d = polis.lexicon { 'Russia' }\n"
        "local p = polis.pattern('@d', { d = d })\nd:close()\n",
        "local polis = require 'polis'\nlocal p = polis.pattern 'Russia'\n"
        "polis.rule { name = 'p', stage = 'actors', pattern = p, emit = function () end }\n"
        "p:close()\n",
    };
    for (size_t i = 0; i < sizeof closes / sizeof *closes; i++) {
        char *err = load_error(closes[i]);
        CHECK(err && contains(err, "uses this"));
        free(err);
    }
    cJSON *res = run("local polis = require 'polis'\n"
        "polis.rule { name = 'temp', stage = 'actors', run = function (doc)\n"
        "  local d = polis.dict()\n  d:add('Russia')\n"
        "  assert(#d:scan(doc) == 1)\n  d:close()\n"
        "  assert(not pcall(d.scan, d, doc)) end }\n", "Russia warned.");
    CHECK(res != NULL);
    CHECK_INT(count(res, "errors"), 0);
    cJSON_Delete(res);
}

/* Regression: polis.rule called from a rule's emit reallocated the rule
 * list under the loop running that rule (heap use-after-free under ASan);
 * polis.abbreviation and the like changed later documents' analysis
 * depending on which documents a worker had seen. */
static void test_rule_set_fixed_while_analysing(void)
{
    static const char *const calls[] = {
        "for i = 1, 40 do n = n + 1\n"
        "  polis.rule { name = 'r' .. n, stage = 'actors', run = function () end } end",
        "polis.disable 'good'", "polis.enable 'good'",
        "polis.stage { name = 's' .. n, after = 'actors' }", "polis.macro('m', 'x')",
        "polis.abbreviation('Russ', 'title')",
    };
    for (size_t i = 0; i < sizeof calls / sizeof *calls; i++) {
        char script[2048];
        snprintf(script, sizeof script, GOOD "local n = 0\n"
                 "polis.rule { name = 'grow', stage = 'actors', regex = 'x',\n"
                 "  emit = function (doc, m)\n  %s\nend }\n", calls[i]);
        polis_engine *e = engine_for(script);
        CHECK(e != NULL);
        if (!e)
            continue;
        for (int k = 0; k < 2; k++) {
            cJSON *res = analyze(e, "Russia x x x x x x.", 19);
            CHECK_INT(count(res, "actors"), 1);
            CHECK_INT(count(res, "errors"), 1);
            CHECK(contains(error_field(res, 0, "message"), "only while the scripts load"));
            cJSON_Delete(res);
        }
        polis_engine_free(e);
    }
}

/* The JSON text of a result is valid UTF-8. */
static bool json_valid_utf8(const cJSON *res)
{
    char *json = cJSON_PrintUnformatted(res);
    if (!json)
        return false;
    bool ok = polis_utf8_sanitize(json, strlen(json), NULL) == 0;
    if (!ok)
        fprintf(stderr, "  invalid UTF-8 in %.300s\n", json);
    free(json);
    return ok;
}

/* Regression: names, roles and custom fields from rules, and id, title and
 * meta from the input, went into the JSON byte for byte, so one invalid byte
 * made the record invalid UTF-8 (a strict reader rejects the whole line). */
static void test_output_always_utf8(void)
{
    polis_engine *e = engine_for(GOOD
        "polis.rule { name = 'bytes', stage = 'actors', run = function (doc)\n"
        "  doc:actor { kind = 'person', name = 'bad \\255\\254 name', role = 'r\\195',\n"
        "              span = doc:span(2, 2) }\n"
        "  doc:set('custom', { ['k\\255'] = 'v\\254', list = { 'a\\192', 'b' } })\n"
        "end }\n");
    CHECK(e != NULL);
    if (!e)
        return;
    cJSON *meta = cJSON_Parse("{\"source\": \"x\"}");
    cJSON_AddStringToObject(meta, "k\xff", "v\xfe");
    polis_input in = { "id \xff\xfe", "Russia warned.", 14, "2024-01-02", "title \xc3", meta };
    cJSON *res = polis_analyze(e, &in, 0);
    CHECK_INT(count(res, "actors"), 2);
    CHECK_INT(count(res, "errors"), 0);
    CHECK(json_valid_utf8(res));
    const cJSON *a = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(res, "actors"), 1);
    CHECK_STR(cJSON_GetObjectItemCaseSensitive(a, "name")->valuestring, "bad ?? name");
    CHECK_STR(cJSON_GetObjectItemCaseSensitive(res, "id")->valuestring, "id ??");
    cJSON_Delete(res);
    res = polis_error_record("line \xff", "line \xff: malformed");
    CHECK(json_valid_utf8(res));
    cJSON_Delete(res);
    cJSON_Delete(meta);
    polis_engine_free(e);
}

/* Bytes the C heap holds (0 when the allocator cannot say, as under ASan or
 * valgrind). */
static size_t heap_in_use(void)
{
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
    return mallinfo2().uordblks;
#else
    return 0;
#endif
}

/* Regression: a regex made inside a rule went into the engine's cache for
 * good, so a rule building patterns from document text grew memory with the
 * stream (400,000 regexes: 600 MB, outside the Lua memory cap). */
static void test_rule_regexes_are_freed(void)
{
    polis_engine *e = engine_for(GOOD
        "local n = 0\n"
        "polis.rule { name = 'fresh', stage = 'actors', run = function (doc)\n"
        "  for i = 1, 100 do n = n + 1\n"
        "    assert(polis.regex('Russia|x' .. n):test(doc.text)) end end }\n");
    CHECK(e != NULL);
    if (!e)
        return;
    size_t at50 = 0;
    for (int d = 1; d <= 200; d++) {
        cJSON *res = analyze(e, "Russia warned.", 14);
        if (d == 1)
            CHECK_INT(count(res, "errors"), 0);
        cJSON_Delete(res);
        if (d == 50)
            at50 = heap_in_use();
    }
    size_t at200 = heap_in_use();
    if (at50 && at200 > at50 + (2u << 20))
        fprintf(stderr, "  heap grew from %zu to %zu bytes over 150 documents\n", at50, at200);
    CHECK(!at50 || at200 <= at50 + (2u << 20));
    polis_engine_free(e);
}

/* Regression: a pattern rule's matches kept pointers to the entry lists of
 * the dictionary they matched, and an emit that added to that dictionary
 * moved them: the next match read freed memory (ASan: use-after-free). */
static void test_emit_may_grow_its_dictionary(void)
{
    cJSON *res = run("local polis = require 'polis'\n"
        "local d = polis.dict()\n"
        "d:add('Russia', { iso = 'RUS' })\n"
        "local n = 0\n"
        "polis.rule { name = 'learn', stage = 'actors', pattern = '@d=c', vars = { d = d },\n"
        "  emit = function (doc, m)\n"
        "    assert(m.c.entry.iso == 'RUS', 'entry read wrongly')\n"
        "    for i = 1, 300 do n = n + 1; d:add('Name' .. n, { iso = 'X' .. n }) end\n"
        "    doc:actor { kind = 'country', country = 'RUS', span = m }\n"
        "  end }\n",
        "Russia and Russia and Russia met Russia.");
    CHECK(res != NULL);
    CHECK_INT(count(res, "errors"), 0);
    CHECK_INT(count(res, "actors"), 1);
    cJSON_Delete(res);
}

/* Regression: the instruction budget counted Lua instructions only, so a
 * loop asking C to scan the whole document again and again ran for minutes
 * on a 1 MB document inside a 20M budget. C scans are charged now. */
static void test_c_work_is_charged(void)
{
    static const char *const loops[] = {
        "local re = polis.regex 'zzzq'\n  while true do re:test(doc.text) end",
        "local re = polis.regex 'zzzq'\n  while true do re:match(doc.text) end",
        "local re = polis.regex 'zzzq'\n  while true do re:find_all(doc.text) end",
        "local d = polis.lexicon { 'zzzq' }\n  while true do d:scan(doc) end",
        "local p = polis.pattern 'zzzq'\n  while true do p:match(doc) end",
        "while true do polis.tokenize(doc.text) end",
    };
    char *text = long_text("Russia warned. ", "Talks went on and on in the hall. ", 1 << 20, ".");
    for (size_t i = 0; i < sizeof loops / sizeof *loops; i++) {
        char script[2048];
        snprintf(script, sizeof script, GOOD
                 "polis.rule { name = 'again', stage = 'actors', run = function (doc)\n"
                 "  %s\nend }\n", loops[i]);
        polis_engine *e = engine_for(script);
        CHECK(e != NULL);
        if (!e)
            continue;
        double t0 = now();
        cJSON *res = analyze(e, text, strlen(text));
        double dt = now() - t0;
        if (dt > 20 * slow)
            fprintf(stderr, "  %.1f s for: %s\n", dt, loops[i]);
        CHECK(dt < 20 * slow);
        CHECK_INT(count(res, "actors"), 1);
        CHECK_STR(error_field(res, 0, "kind"), "limit");
        CHECK(contains(error_field(res, 0, "message"), "instruction budget exhausted"));
        cJSON_Delete(res);
        polis_engine_free(e);
    }
    free(text);
}

/* Regression: eight levels of macros each using the next eight times
 * expanded to 16 million words (seconds and a gigabyte at load time). */
static void test_macro_bomb(void)
{
    char script[2048] = "local polis = require 'polis'\n";
    for (char c = 'a'; c < 'h'; c++) {
        char line[200];
        snprintf(line, sizeof line, "polis.macro('%c', '<%c> <%c> <%c> <%c> <%c> <%c> <%c> <%c>')\n",
                 c, c + 1, c + 1, c + 1, c + 1, c + 1, c + 1, c + 1, c + 1);
        strcat(script, line);
    }
    strcat(script, "polis.macro('h', 'x x x x x x x x')\nlocal p = polis.pattern '<a>'\n");
    double t0 = now();
    char *err = load_error(script);
    CHECK(now() - t0 < 5 * slow);
    CHECK(err && contains(err, "macros expand to more than"));
    free(err);
}

int main(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/polis-test-hostile-XXXXXX");
    if (!mkdtemp(tmpdir))
        return 2;
    devnull = fopen("/dev/null", "w");
    const char *vg = getenv("VG");
    if (vg && *vg)
        slow = 50;
    RUN(test_catastrophic_regex_rule);
    RUN(test_catastrophic_regex_api);
    RUN(test_empty_match_before_multibyte);
    RUN(test_regex_walk_is_linear);
    RUN(test_pattern_step_limit);
    RUN(test_error_objects);
    RUN(test_library_tables_stay_read_only);
    alarm(120);                               /* a hang is a failure, not a stuck run */
    RUN(test_no_finalizers);
    alarm(0);
    RUN(test_close_refused);
    RUN(test_rule_set_fixed_while_analysing);
    RUN(test_output_always_utf8);
    RUN(test_rule_regexes_are_freed);
    RUN(test_emit_may_grow_its_dictionary);
    RUN(test_c_work_is_charged);
    RUN(test_macro_bomb);
    fclose(devnull);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
    if (system(cmd) != 0)
        fprintf(stderr, "cannot remove %s\n", tmpdir);
    return check_done();
}
