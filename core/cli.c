/*
 * cli.c - `polis`: the command line. Commands: analyze, rules, check, eval,
 * version, help. See README.md and docs/polis.1 for the manual.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <lua.h>

#include "cli.h"

static const char usage_main[] =
    "usage: polis COMMAND [options] [PATH...]\n"
    "\n"
    "Scriptable analysis of political news: actors, stances and locations.\n"
    "\n"
    "commands:\n"
    "  analyze   analyse articles (files, folders, JSON Lines, stdin) into JSON\n"
    "  rules     list the loaded rules, in the order they run\n"
    "  check     load rule scripts and report every problem, analysing nothing\n"
    "  eval      score the rules against gold annotations (precision, recall, F1)\n"
    "  test      run rule tests written in Lua\n"
    "  version   print the version\n"
    "  help      help on a command: polis help analyze\n"
    "\n"
    "exit status: 0 ok; 1 some records carry errors; 2 usage; 3 rules failed to load;\n"
    "4 input or output failure. The manual: man polis (docs/polis.1).\n";

static const char usage_analyze[] =
    "usage: polis analyze [options] [PATH...|-]\n"
    "\n"
    "Analyse documents and write one result per input record, in input order.\n"
    "PATH is a text file (one document), a JSON Lines file (.jsonl: one document per\n"
    "line, {\"id\",\"text\",\"date\",\"title\"}), a .json file, a folder (walked\n"
    "recursively), or - for stdin (the default).\n"
    "\n"
    "input and output:\n"
    "  --input auto|text|jsonl|json   how to read inputs (auto: by extension; stdin\n"
    "                                 starting with '{' is JSON Lines)\n"
    "  --format auto|json|jsonl|tsv|text|html\n"
    "                                 json: pretty; jsonl: one line per record; tsv:\n"
    "                                 one row per stance; text: the marked-up article;\n"
    "                                 html: a self-contained report. auto: json for\n"
    "                                 one document, jsonl otherwise\n"
    "  -o, --output FILE              write there instead of stdout\n"
    "  --ext LIST                     extensions kept when walking folders\n"
    "                                 (default txt,text,jsonl,ndjson,json)\n"
    "  --sentences                    add \"sentences\": [{start,end}] to each record\n"
    "  --tokens                       add \"tokens\": [{start,end,text}] to each record\n"
    "  --color auto|always|never      colors in --format text (NO_COLOR is respected)\n"
    "\n"
    "rules:\n"
    "  --rules PATH                   also load a rule script or folder (repeatable;\n"
    "                                 later rules replace earlier ones of the same name)\n"
    "  --no-default-rules             do not load the default rules\n"
    "  --set NAME=VALUE               an option for the rules (polis.option(NAME)); a\n"
    "                                 file named this way may be read by the rules, e.g.\n"
    "                                 --set cameo.actors=Phoenix.Countries.actors.txt\n"
    "  --trace                        print each emitted item and its rule to stderr\n"
    "\n"
    "limits (per document):\n"
    "  --max-instructions N           Lua instructions per rule (default 20M)\n"
    "  --max-memory SIZE              memory of each Lua state (default 512M)\n"
    "  --max-items N                  items a document may collect (default 100000)\n"
    "  --max-doc-bytes SIZE           longer documents are cut (default 16M)\n"
    "\n"
    "running:\n"
    "  -j, --jobs N                   worker threads (default: the number of cores);\n"
    "                                 output is identical for any N\n"
    "  -q, --quiet                    no progress bar\n"
    "  --record-errors-ok             exit 0, not 1, when some records carry errors\n"
    "                                 (batch systems fail a task on any non-zero exit)\n"
    "  --profile[=table|json]         time each part and rule (and the Lua functions\n"
    "                                 rules run) and print it to stderr at the end\n"
    "\n"
    "Environment: POLIS_RULES_PATH (':'-separated rule folders loaded after the\n"
    "defaults), POLIS_DEFAULT_RULES (where the default rules are), NO_COLOR,\n"
    "POLIS_BUDGET=exact (count every instruction from the first: same output, slower).\n";

static const char usage_rules[] =
    "usage: polis rules [--rules PATH]... [--no-default-rules]\n"
    "\n"
    "List the rules that would run, in order: stage, name, where it was declared,\n"
    "and what it matches.\n";

static const char usage_check[] =
    "usage: polis check [--no-default-rules] PATH...\n"
    "\n"
    "Load the default rules and each PATH (a script or a folder) and report every\n"
    "problem with its file and line, without analysing anything. Exit status 0 when\n"
    "everything loads, 3 otherwise.\n";

static const char usage_eval[] =
    "usage: polis eval --gold GOLD.jsonl [options] [PREDICTIONS.jsonl...]\n"
    "\n"
    "Score against gold annotations: records in the output schema (id, text, actors,\n"
    "locations, stances). Without PREDICTIONS the gold texts are analysed with the\n"
    "current rules (--rules, --no-default-rules and --set apply). Prints precision,\n"
    "recall and F1 for actor mentions, location mentions and stances.\n"
    "  --show N    list up to N misses and false hits\n";

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "polis: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n(see polis help)\n");
    return EXIT_USAGE;
}

/* Parse "512M", "2G", "100000", "20M" (as a count): k/K, m/M, g/G suffixes. */
static bool parse_size(const char *s, unsigned long long *out, unsigned long long unit)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || v < 0)
        return false;
    unsigned long long mul = unit;
    switch (*end) {
    case '\0': break;
    case 'k': case 'K': mul = 1000ull; end++; break;
    case 'm': case 'M': mul = unit == 1 ? 1000000ull : 1ull << 20; end++; break;
    case 'g': case 'G': mul = unit == 1 ? 1000000000ull : 1ull << 30; end++; break;
    default: return false;
    }
    if ((*end == 'b' || *end == 'B') && unit != 1)
        end++;
    if (*end)
        return false;
    if (mul == 1000ull && unit != 1)
        mul = 1024ull;
    *out = (unsigned long long)(v * (double)mul);
    return *out > 0;
}

static bool push_str(const char ***v, size_t *n, const char *s)
{
    const char **nv = realloc(*v, (*n + 1) * sizeof *nv);
    if (!nv)
        return false;
    nv[(*n)++] = s;
    *v = nv;
    return true;
}

static int online_cores(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 && n < 256 ? (int)n : 1;
}

void cli_options_init(cli_options *o)
{
    memset(o, 0, sizeof *o);
    polis_config_init(&o->cfg);
    o->exts = "txt,text,jsonl,ndjson,json";
    o->jobs = online_cores();
    o->color = -1;
}

void cli_options_free(cli_options *o)
{
    for (size_t k = 0; k < o->nsets; k++)
        free((char *)o->set_names[k]);        /* copies made by --set */
    free(o->rules);
    free(o->set_names);
    free(o->set_values);
    free(o->paths);
}

/* The value of option argv[*i] ("--opt value" or "--opt=value"). */
static const char *opt_value(int argc, char **argv, int *i, const char *name)
{
    size_t n = strlen(name);
    if (strncmp(argv[*i], name, n) == 0 && argv[*i][n] == '=')
        return argv[*i] + n + 1;
    if (*i + 1 < argc)
        return argv[++*i];
    return NULL;
}

static bool is_opt(const char *arg, const char *name)
{
    size_t n = strlen(name);
    return strncmp(arg, name, n) == 0 && (arg[n] == '\0' || arg[n] == '=');
}

/* Options shared by every command that loads rules. Sets *handled when
 * argv[*i] was one of them; returns an exit code (0 = fine). */
int cli_parse_common(cli_options *o, int argc, char **argv, int *i, bool *handled)
{
    const char *a = argv[*i], *v;
    *handled = true;
    if (is_opt(a, "--rules")) {
        if (!(v = opt_value(argc, argv, i, "--rules")))
            return usage_error("--rules needs a path%s", "");
        push_str(&o->rules, &o->nrules, v);
    } else if (strcmp(a, "--no-default-rules") == 0) {
        o->no_default_rules = true;
    } else if (is_opt(a, "--set")) {
        if (!(v = opt_value(argc, argv, i, "--set")) || !strchr(v, '=') || v[0] == '=')
            return usage_error("--set needs NAME=VALUE%s", "");
        char *copy = strdup(v);             /* freed by the command when it ends */
        char *eq = strchr(copy, '=');
        *eq = '\0';
        size_t n = o->nsets;
        push_str(&o->set_names, &n, copy);
        n = o->nsets;
        push_str(&o->set_values, &n, eq + 1);
        o->nsets = n;
    } else if (strcmp(a, "--trace") == 0) {
        o->trace = true;
    } else if (is_opt(a, "--max-instructions") || is_opt(a, "--max-items")) {
        bool items = is_opt(a, "--max-items");
        unsigned long long n;
        if (!(v = opt_value(argc, argv, i, items ? "--max-items" : "--max-instructions")) ||
            !parse_size(v, &n, 1))
            return usage_error("%s needs a positive number", a);
        if (items)
            o->cfg.max_items = (size_t)n;
        else
            o->cfg.max_instructions = n;
    } else if (is_opt(a, "--max-memory") || is_opt(a, "--max-doc-bytes")) {
        bool mem = is_opt(a, "--max-memory");
        unsigned long long n;
        if (!(v = opt_value(argc, argv, i, mem ? "--max-memory" : "--max-doc-bytes")) ||
            !parse_size(v, &n, mem ? 1ull << 20 : 1ull))
            return usage_error("%s needs a size such as 512M", a);
        if (mem)
            o->cfg.max_memory = (size_t)n;
        else
            o->cfg.max_doc_bytes = (size_t)n;
    } else {
        *handled = false;
    }
    return 0;
}

polis_engine *cli_engine(const cli_options *o, char **err)
{
    polis_config cfg = o->cfg;
    cfg.default_rules = !o->no_default_rules;
    cfg.trace = o->trace ? stderr : NULL;
    cfg.option_names = o->set_names;
    cfg.option_values = o->set_values;
    cfg.noptions = o->nsets;
    polis_engine *e = polis_engine_new(&cfg, err);
    if (!e)
        return NULL;
    for (size_t i = 0; i < o->nrules; i++)
        polis_engine_load(e, o->rules[i], err);
    return e;
}

/* ------------------------------------------------------------ analyze */

static int parse_enum(const char *v, const char *const *names, int *out)
{
    for (int k = 0; names[k]; k++)
        if (strcmp(names[k], v) == 0) {
            *out = k;
            return 0;
        }
    return -1;
}

static int cmd_analyze(int argc, char **argv)
{
    static const char *const inputs[] = { "auto", "text", "jsonl", "json", NULL };
    static const char *const formats[] = { "auto", "json", "jsonl", "tsv", "text", "html", NULL };
    static const char *const colors[] = { "never", "always", "auto", NULL };
    cli_options o;
    cli_options_init(&o);
    int code = 0;
    for (int i = 2; i < argc && code == 0; i++) {
        const char *a = argv[i], *v;
        bool handled;
        code = cli_parse_common(&o, argc, argv, &i, &handled);
        if (handled || code)
            continue;
        int k;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(usage_analyze, stdout);
            cli_options_free(&o);
            return EXIT_OK;
        } else if (is_opt(a, "--input")) {
            if (!(v = opt_value(argc, argv, &i, "--input")) || parse_enum(v, inputs, &k) != 0)
                code = usage_error("--input is one of auto, text, jsonl, json%s", "");
            else
                o.input = (enum cli_input_kind)k;
        } else if (is_opt(a, "--format")) {
            if (!(v = opt_value(argc, argv, &i, "--format")) || parse_enum(v, formats, &k) != 0)
                code = usage_error("--format is one of auto, json, jsonl, tsv, text, html%s", "");
            else
                o.format = (enum cli_format)k;
        } else if (is_opt(a, "--color")) {
            if (!(v = opt_value(argc, argv, &i, "--color")) || parse_enum(v, colors, &k) != 0)
                code = usage_error("--color is one of auto, always, never%s", "");
            else
                o.color = k == 2 ? -1 : k;
        } else if (is_opt(a, "--output") || strcmp(a, "-o") == 0) {
            if (!(v = opt_value(argc, argv, &i, "--output")))
                code = usage_error("%s needs a file", a);
            else
                o.output = v;
        } else if (is_opt(a, "--ext")) {
            if (!(v = opt_value(argc, argv, &i, "--ext")))
                code = usage_error("--ext needs a list such as txt,jsonl%s", "");
            else
                o.exts = v;
        } else if (is_opt(a, "--jobs") || strncmp(a, "-j", 2) == 0) {
            v = strncmp(a, "-j", 2) == 0 && a[2] ? a + 2 : opt_value(argc, argv, &i, "--jobs");
            char *end;
            long n = v ? strtol(v, &end, 10) : 0;
            if (!v || *end || n < 1 || n > 256)
                code = usage_error("-j needs a number of workers from 1 to 256%s", "");
            else
                o.jobs = (int)n;
        } else if (strcmp(a, "--sentences") == 0) {
            o.flags |= POLIS_OUT_SENTENCES;
        } else if (strcmp(a, "--tokens") == 0) {
            o.flags |= POLIS_OUT_TOKENS;
        } else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
            o.quiet = true;
        } else if (strcmp(a, "--compact") == 0) {
            o.compact = true;
        } else if (strcmp(a, "--record-errors-ok") == 0) {
            o.record_errors_ok = true;
        } else if (is_opt(a, "--profile")) {
            const char *pv = a[9] == '=' ? a + 10 : "table";
            if (strcmp(pv, "table") != 0 && strcmp(pv, "json") != 0)
                code = usage_error("--profile is --profile, --profile=table or --profile=json%s",
                                   "");
            o.profile = strcmp(pv, "json") == 0 ? 2 : 1;
            o.cfg.profile = true;
        } else if (a[0] == '-' && a[1] != '\0') {
            code = usage_error("analyze: unknown option %s", a);
        } else {
            push_str(&o.paths, &o.npaths, a);
        }
    }
    if (code) {
        cli_options_free(&o);
        return code;
    }
    FILE *out = stdout;
    if (o.output && !(out = fopen(o.output, "w"))) {
        fprintf(stderr, "polis: %s: %s\n", o.output, strerror(errno));
        cli_options_free(&o);
        return EXIT_IO;
    }
    if (o.compact && (o.format == FMT_AUTO || o.format == FMT_JSON))
        o.format = FMT_JSONL;
    if (o.npaths == 0 && !o.quiet && isatty(STDIN_FILENO))   /* not a hang: waiting for you */
        fputs("polis: reading a document from the terminal; end it with Ctrl-D "
              "(polis help analyze)\n", stderr);
    code = cli_run(&o, out);
    if (code == EXIT_RECORD_ERRORS && o.record_errors_ok)
        code = EXIT_OK;                       /* the errors are in the records */
    if (out != stdout && fclose(out) != 0 && code == EXIT_OK)
        code = EXIT_IO;
    cli_options_free(&o);
    return code;
}

/* ------------------------------------------------------- rules, check */

static void print_rule(const char *stage, const char *name, const char *source,
                       const char *matcher, void *ud)
{
    (void)ud;
    printf("%-10s %-28s %-40s %s\n", stage, name, source, matcher);
}

static int cmd_rules_or_check(int argc, char **argv, bool check)
{
    cli_options o;
    cli_options_init(&o);
    int code = 0;
    for (int i = 2; i < argc && code == 0; i++) {
        bool handled;
        code = cli_parse_common(&o, argc, argv, &i, &handled);
        if (handled || code)
            continue;
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            fputs(check ? usage_check : usage_rules, stdout);
            cli_options_free(&o);
            return EXIT_OK;
        }
        if (argv[i][0] == '-')
            code = usage_error("unknown option %s", argv[i]);
        else if (check)
            push_str(&o.rules, &o.nrules, argv[i]);
        else
            code = usage_error("rules takes no paths; use --rules PATH%s", "");
    }
    if (code) {
        cli_options_free(&o);
        return code;
    }
    if (check && o.nrules == 0 && o.no_default_rules) {
        cli_options_free(&o);
        return usage_error("check needs a PATH%s", "");
    }
    char *err = NULL;
    polis_engine *e = cli_engine(&o, &err);
    if (!e) {
        fprintf(stderr, "polis: %s\n", err ? err : "cannot start");
        free(err);
        cli_options_free(&o);
        return EXIT_RULES;
    }
    free(err);
    int problems = polis_engine_problems(e);
    if (!check)
        polis_engine_rules(e, print_rule, NULL);
    else if (problems == 0)
        printf("ok: every script loaded\n");
    else
        printf("%d problem%s (listed above)\n", problems, problems == 1 ? "" : "s");
    polis_engine_free(e);
    cli_options_free(&o);
    return problems ? EXIT_RULES : EXIT_OK;
}

/* ---------------------------------------------------------------- main */

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage_main, stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "analyze") == 0)
        return cmd_analyze(argc, argv);
    if (strcmp(cmd, "rules") == 0)
        return cmd_rules_or_check(argc, argv, false);
    if (strcmp(cmd, "check") == 0)
        return cmd_rules_or_check(argc, argv, true);
    if (strcmp(cmd, "eval") == 0)
        return cli_eval_main(argc, argv);
    if (strcmp(cmd, "test") == 0)
        return cli_test_main(argc, argv);
    if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0) {
        printf("polis %s (output contract v%d, %s)\n", POLIS_VERSION, POLIS_OUTPUT_VERSION,
               LUA_RELEASE);
        return EXIT_OK;
    }
    if (strcmp(cmd, "help") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
        const char *topic = argc > 2 ? argv[2] : "";
        const char *text = strcmp(topic, "analyze") == 0 ? usage_analyze
                           : strcmp(topic, "rules") == 0 ? usage_rules
                           : strcmp(topic, "check") == 0 ? usage_check
                           : strcmp(topic, "eval") == 0  ? usage_eval
                           : strcmp(topic, "test") == 0  ? cli_usage_test()
                           : topic[0] == '\0'             ? usage_main
                                                         : NULL;
        if (!text)
            return usage_error("no help on '%s': not a command", topic);
        fputs(text, stdout);
        return EXIT_OK;
    }
    return usage_error("unknown command '%s'", cmd);
}

const char *cli_usage_eval(void)
{
    return usage_eval;
}
