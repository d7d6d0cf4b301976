/*
 * test_engine.c - the rule engine through the embedding API: loading,
 * validation messages, the sandbox's guarantees, rollback of a failing rule,
 * replacing and disabling rules, limits and bad input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "check.h"
#include "polis.h"

static char tmpdir[256];

static void write_file(const char *name, const char *content)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    for (char *p = path + strlen(tmpdir) + 1; *p; p++)   /* mkdir -p */
        if (*p == '/') {
            *p = '\0';
            mkdir(path, 0755);
            *p = '/';
        }
    FILE *f = fopen(path, "wb");
    if (!f) {
        perror(path);
        exit(2);
    }
    fputs(content, f);
    fclose(f);
}

/* A fresh rule folder holding one script; returns its path. */
static const char *folder_with(const char *script)
{
    static int n;
    static char dir[600];
    snprintf(dir, sizeof dir, "%s/f%d", tmpdir, ++n);
    mkdir(dir, 0755);
    char name[64];
    snprintf(name, sizeof name, "f%d/rules.lua", n);
    write_file(name, script);
    return dir;
}

static FILE *devnull;

static polis_engine *engine_with(const char *script, char **err, int *problems)
{
    polis_config cfg;
    polis_config_init(&cfg);
    cfg.default_rules = false;
    cfg.use_rules_path = false;
    cfg.max_instructions = 2000000;
    cfg.max_load_instructions = 5000000;
    cfg.max_memory = 64u << 20;
    cfg.log = devnull;
    polis_engine *e = polis_engine_new(&cfg, err);
    if (!e)
        return NULL;
    *problems = polis_engine_load(e, folder_with(script), err);
    return e;
}

/* Analyse text with a script; returns the result (caller frees). */
static cJSON *run(const char *script, const char *text)
{
    char *err = NULL;
    int problems = 0;
    polis_engine *e = engine_with(script, &err, &problems);
    if (!e || problems) {
        fprintf(stderr, "  load failed: %s\n", err ? err : "?");
        free(err);
        polis_engine_free(e);
        return NULL;
    }
    free(err);
    polis_input in = { "t", text, strlen(text), NULL, NULL, NULL };
    cJSON *res = polis_analyze(e, &in, 0);
    polis_engine_free(e);
    return res;
}

/* The load error of a script (caller frees), or NULL when it loads. */
static char *load_error(const char *script)
{
    char *err = NULL;
    int problems = 0;
    polis_engine *e = engine_with(script, &err, &problems);
    polis_engine_free(e);
    if (!problems) {
        free(err);
        return NULL;
    }
    return err ? err : strdup("?");
}

static int count(const cJSON *res, const char *list)
{
    return cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(res, list));
}

static const char *first_error(const cJSON *res, const char *field)
{
    const cJSON *e = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(res, "errors"), 0);
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(e, field);
    return cJSON_IsString(v) ? v->valuestring : "";
}

/* A good rule that emits one actor, followed by `bad` (a rule body). */
#define GOOD_RULE                                                                            \
    "local polis = require 'polis'\n"                                                        \
    "polis.rule { name = 'good', stage = 'actors', regex = 'Russia',\n"                      \
    "  emit = function (doc, m) doc:actor { kind = 'country', country = 'RUS', span = m } end }\n"

/* The good rule, then a rule that emits an actor and then runs `body`. */
static char *bad_rule(const char *body)
{
    static char buf[4096];
    snprintf(buf, sizeof buf, "%s"
             "polis.rule { name = 'bad', stage = 'actors', run = function (doc)\n"
             "  doc:actor { kind = 'person', name = 'Partial', span = doc:span(1, 1) }\n"
             "%s\nend }\n", GOOD_RULE, body);
    return buf;
}

static void expect_contained(const char *bad_body, const char *kind, const char *needle)
{
    cJSON *res = run(bad_rule(bad_body), "Russia warned Ukraine.");
    CHECK(res != NULL);
    if (!res)
        return;
    CHECK_INT(count(res, "actors"), 1);              /* the good rule's actor survives ... */
    const cJSON *a = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(res, "actors"), 0);
    CHECK_STR(cJSON_GetObjectItemCaseSensitive(a, "name")->valuestring, "Russia");
    CHECK_INT(count(res, "errors"), 1);              /* ... the bad one's is rolled back */
    CHECK_STR(first_error(res, "kind"), kind);
    CHECK_STR(first_error(res, "rule"), "bad");
    if (!strstr(first_error(res, "message"), needle)) {
        fprintf(stderr, "  message \"%s\" lacks \"%s\"\n", first_error(res, "message"), needle);
        CHECK(0);
    }
    cJSON_Delete(res);
}

static void test_blocked_os_execute(void) { expect_contained("os.execute('true')", "rule", "blocked function 'os.execute'"); }
static void test_blocked_io_open(void) { expect_contained("io.open('/etc/passwd')", "rule", "blocked function 'io.open'"); }
static void test_blocked_loadlib(void) { expect_contained("package.loadlib('x', 'y')", "rule", "blocked function 'package.loadlib'"); }
static void test_blocked_debug(void) { expect_contained("debug.getinfo(1)", "rule", "blocked function 'debug.getinfo'"); }
static void test_blocked_dofile(void) { expect_contained("dofile('/etc/passwd')", "rule", "blocked function 'dofile'"); }
static void test_no_string_dump(void) { expect_contained("local f = string.dump(print)", "rule", "dump"); }

static void test_bytecode_refused(void)
{
    expect_contained("local f, err = load('\\27Lua\\84\\0', 'x') if not f then error(err) end",
                     "rule", "binary chunk");
}

static void test_memory_bomb(void) { expect_contained("local s = string.rep('x', 1 << 30)", "memory", "memory cap"); }
static void test_infinite_loop(void) { expect_contained("while true do end", "limit", "instruction budget"); }

static void test_unbounded_recursion(void)
{
    cJSON *res = run(bad_rule("local function f(n) return f(n + 1) + 1 end f(1)"),
                     "Russia warned Ukraine.");
    CHECK(res != NULL);
    CHECK_INT(count(res, "actors"), 1);
    CHECK_INT(count(res, "errors"), 1);
    const char *msg = first_error(res, "message");
    CHECK(strstr(msg, "stack overflow") || strstr(msg, "memory") || strstr(msg, "budget"));
    cJSON_Delete(res);
}

static void test_undeclared_globals(void)
{
    expect_contained("x = 1", "rule", "assignment to undeclared global 'x'");
    expect_contained("local y = undefined_thing", "rule", "undeclared global 'undefined_thing'");
}

static void test_non_string_error(void)
{
    expect_contained("error({ code = 42 })", "rule", "table value");
}

static void test_pcall_cannot_escape_budget(void)
{
    expect_contained("while true do pcall(function () while true do end end) end", "limit",
                     "instruction budget");
}

static void test_require_inside_rule_folders(void)
{
    write_file("req/lib/helper.lua", "return { answer = 42 }\n");
    write_file("req/rules.lua", "local h = require 'lib.helper'\n"
                                "assert(h.answer == 42)\n"
                                "local ok, err = pcall(require, 'os')\n"
                                "assert(not ok and err:find('not found'))\n"
                                "local ok2, err2 = pcall(require, '..etc.passwd')\n"
                                "assert(not ok2 and err2:find('bad module name'))\n");
    polis_config cfg;
    polis_config_init(&cfg);
    cfg.default_rules = false;
    cfg.use_rules_path = false;
    cfg.log = devnull;
    char *err = NULL;
    polis_engine *e = polis_engine_new(&cfg, &err);
    char dir[600];
    snprintf(dir, sizeof dir, "%s/req", tmpdir);
    CHECK_INT(polis_engine_load(e, dir, &err), 0);
    if (err)
        fprintf(stderr, "  %s\n", err);
    free(err);
    polis_engine_free(e);
}

static void test_data_outside_rule_folder_refused(void)
{
    char *err = load_error("local polis = require 'polis'\npolis.read_lines('/etc/passwd')\n");
    CHECK(err && strstr(err, "outside the rule folders"));
    free(err);
    err = load_error("local polis = require 'polis'\npolis.read_lines('../../../../etc/passwd')\n");
    CHECK(err && strstr(err, "outside the rule folders"));
    free(err);
}

static void test_load_errors_name_file_and_line(void)
{
    char *err = load_error("local polis = require 'polis'\n\nlocal x = = 1\n");
    CHECK(err && strstr(err, "rules.lua:3:"));
    free(err);
    err = load_error("local polis = require 'polis'\npolis.rule { name = 'r', stage = 'actors',\n"
                     "  patern = 'x', emit = function () end }\n");
    CHECK(err && strstr(err, "rule 'r'") && strstr(err, "unknown field 'patern'") &&
          strstr(err, "rules.lua:2"));
    free(err);
    err = load_error("local polis = require 'polis'\npolis.rule { name = 'r', stage = 'nowhere', "
                     "run = function () end }\n");
    CHECK(err && strstr(err, "unknown stage 'nowhere'"));
    free(err);
    err = load_error("local polis = require 'polis'\npolis.rule { name = 'r', stage = 'actors', "
                     "pattern = '(a b', emit = function () end }\n");
    CHECK(err && strstr(err, "rule 'r'") && strstr(err, "pattern"));
    free(err);
    err = load_error("local polis = require 'polis'\npolis.rule { name = 'r', stage = 'actors', "
                     "regex = '(a', emit = function () end }\n");
    CHECK(err && strstr(err, "offset"));
    free(err);
}

static void test_load_time_loop_stops(void)
{
    char *err = load_error("while true do end\n");
    CHECK(err && strstr(err, "instruction budget"));
    free(err);
}

static void test_emit_validation(void)
{
    cJSON *res = run("local polis = require 'polis'\n"
                     "polis.rule { name = 'r', stage = 'actors', regex = 'Russia',\n"
                     "  emit = function (doc, m)\n"
                     "    doc:actor { kind = 'country', nme = 'x', span = m } end }\n",
                     "Russia warned.");
    CHECK(res != NULL);
    CHECK(strstr(first_error(res, "message"), "unknown field 'nme'") != NULL);
    CHECK(strstr(first_error(res, "where"), "rules.lua:4") != NULL);
    cJSON_Delete(res);
    res = run("local polis = require 'polis'\n"
              "polis.rule { name = 'r', stage = 'actors', regex = 'Russia',\n"
              "  emit = function (doc, m) doc:actor { kind = 'country', country = 'Russia', span = m } end }\n",
              "Russia warned.");
    CHECK(strstr(first_error(res, "message"), "ISO 3166-1") != NULL);
    cJSON_Delete(res);
}

static void test_replace_and_disable(void)
{
    write_file("rep/a.lua", "local polis = require 'polis'\n"
                            "polis.rule { name = 'x', stage = 'actors', regex = 'Russia',\n"
                            "  emit = function (doc, m) doc:actor { kind = 'country', span = m } end }\n"
                            "polis.rule { name = 'y', stage = 'actors', regex = 'Ukraine',\n"
                            "  emit = function (doc, m) doc:actor { kind = 'country', span = m } end }\n");
    write_file("rep/b.lua", "local polis = require 'polis'\n"
                            "polis.rule { name = 'x', stage = 'actors', regex = 'warned',\n"
                            "  emit = function (doc, m) doc:actor { kind = 'group', span = m } end }\n"
                            "polis.disable 'y'\n");
    polis_config cfg;
    polis_config_init(&cfg);
    cfg.default_rules = false;
    cfg.use_rules_path = false;
    cfg.log = devnull;
    char *err = NULL;
    polis_engine *e = polis_engine_new(&cfg, &err);
    char dir[600];
    snprintf(dir, sizeof dir, "%s/rep", tmpdir);
    CHECK_INT(polis_engine_load(e, dir, &err), 0);
    const char *text = "Russia warned Ukraine.";
    polis_input in = { "t", text, strlen(text), NULL, NULL, NULL };
    cJSON *res = polis_analyze(e, &in, 0);
    CHECK_INT(count(res, "actors"), 1);
    const cJSON *a = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(res, "actors"), 0);
    CHECK_STR(cJSON_GetObjectItemCaseSensitive(a, "name")->valuestring, "warned");
    cJSON_Delete(res);
    free(err);
    polis_engine_free(e);
}

static void test_item_cap(void)
{
    polis_config cfg;
    polis_config_init(&cfg);
    cfg.default_rules = false;
    cfg.use_rules_path = false;
    cfg.log = devnull;
    cfg.max_items = 1000;
    char *err = NULL;
    polis_engine *e = polis_engine_new(&cfg, &err);
    polis_engine_load(e, folder_with(GOOD_RULE
        "polis.rule { name = 'flood', stage = 'stances', run = function (doc)\n"
        "  for i = 1, 1000000 do doc:actor { kind = 'person', name = 'p' .. i } end end }\n"), &err);
    const char *text = "Russia warned Ukraine.";
    polis_input in = { "t", text, strlen(text), NULL, NULL, NULL };
    cJSON *res = polis_analyze(e, &in, 0);
    CHECK_INT(count(res, "actors"), 1);
    CHECK(strstr(first_error(res, "message"), "too many items") != NULL);
    cJSON_Delete(res);
    free(err);
    polis_engine_free(e);
}

static void test_bad_input(void)
{
    static const char text[] = "Russia\0 warned \xff\xfe Ukraine.";
    cJSON *res = run(GOOD_RULE, "");
    CHECK_INT(count(res, "errors"), 0);
    cJSON_Delete(res);
    char *err = NULL;
    int problems;
    polis_engine *e = engine_with(GOOD_RULE, &err, &problems);
    polis_input in = { "t", text, sizeof text - 1, NULL, NULL, NULL };
    res = polis_analyze(e, &in, 0);
    CHECK_INT(count(res, "actors"), 1);
    CHECK(strstr(first_error(res, "message"), "invalid UTF-8") != NULL);
    CHECK_STR(first_error(res, "kind"), "input");
    char *json = cJSON_PrintUnformatted(res);
    cJSON *back = json ? cJSON_Parse(json) : NULL;  /* the output is valid JSON */
    CHECK(back != NULL);
    cJSON_Delete(back);
    free(json);
    cJSON_Delete(res);
    free(err);
    polis_engine_free(e);
}

static void test_merge_and_ids(void)
{
    cJSON *res = run("local polis = require 'polis'\n"
                     "polis.rule { name = 'r', stage = 'actors', regex = '\\\\b(Wang Yi|Wang)\\\\b',\n"
                     "  emit = function (doc, m) doc:actor { kind = 'person', span = m } end }\n"
                     "polis.rule { name = 'm', stage = 'finish', run = function (doc)\n"
                     "  local a = doc:actors()\n"
                     "  doc:merge(a[1].id, a[2].id) end }\n",
                     "Wang Yi arrived. Wang said hello.");
    CHECK_INT(count(res, "actors"), 1);
    const cJSON *a = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(res, "actors"), 0);
    CHECK_INT(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(a, "mentions")), 2);
    CHECK_STR(cJSON_GetObjectItemCaseSensitive(a, "id")->valuestring, "a1");
    cJSON_Delete(res);
}

/* Merging two actors that share a mention keeps that mention once. */
static void test_merge_dedupes_mentions(void)
{
    cJSON *res = run("local polis = require 'polis'\n"
                     "for _, k in ipairs { 'one', 'two' } do\n"
                     "  polis.rule { name = k, stage = 'actors', regex = 'Kyiv',\n"
                     "    emit = function (doc, m) doc:actor { kind = 'group', name = 'x', key = k, span = m } end }\n"
                     "end\n"
                     "polis.rule { name = 'm', stage = 'finish', run = function (doc)\n"
                     "  local a = doc:actors(); doc:merge(a[1].id, a[2].id) end }\n",
                     "Kyiv and Kyiv.");
    CHECK_INT(count(res, "actors"), 1);
    const cJSON *a = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(res, "actors"), 0);
    CHECK_INT(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(a, "mentions")), 2);
    cJSON_Delete(res);
}

/* Regression: a pattern's dictionaries (in vars) must live as long as the
 * rule, however much garbage the scripts make before a document comes. */
static void test_pattern_vars_survive_gc(void)
{
    cJSON *res = run("local polis = require 'polis'\n"
                     "do\n"
                     "  local kinds = polis.lexicon { { 'presidential', kind = 'pres' } }\n"
                     "  polis.rule { name = 'r', stage = 'actors', pattern = '@kinds=k election',\n"
                     "    vars = { kinds = kinds },\n"
                     "    emit = function (doc, m) doc:actor { kind = 'group', name = m.k.entry.kind, span = m } end }\n"
                     "end\n"
                     "for i = 1, 300000 do local t = { i } end\n",
                     "The presidential election is near.");
    CHECK(res != NULL);
    CHECK_INT(count(res, "errors"), 0);
    CHECK_INT(count(res, "actors"), 1);
    cJSON_Delete(res);
}

int main(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/polis-test-engine-XXXXXX");
    if (!mkdtemp(tmpdir))
        return 2;
    devnull = fopen("/dev/null", "w");
    RUN(test_blocked_os_execute);
    RUN(test_blocked_io_open);
    RUN(test_blocked_loadlib);
    RUN(test_blocked_debug);
    RUN(test_blocked_dofile);
    RUN(test_no_string_dump);
    RUN(test_bytecode_refused);
    RUN(test_memory_bomb);
    RUN(test_infinite_loop);
    RUN(test_unbounded_recursion);
    RUN(test_undeclared_globals);
    RUN(test_non_string_error);
    RUN(test_pcall_cannot_escape_budget);
    RUN(test_require_inside_rule_folders);
    RUN(test_data_outside_rule_folder_refused);
    RUN(test_load_errors_name_file_and_line);
    RUN(test_load_time_loop_stops);
    RUN(test_emit_validation);
    RUN(test_replace_and_disable);
    RUN(test_item_cap);
    RUN(test_bad_input);
    RUN(test_merge_and_ids);
    RUN(test_pattern_vars_survive_gc);
    RUN(test_merge_dedupes_mentions);
    fclose(devnull);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", tmpdir);
    if (system(cmd) != 0)
        fprintf(stderr, "cannot remove %s\n", tmpdir);
    return check_done();
}
