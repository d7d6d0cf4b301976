/*
 * embed.c - polis embedded in a C program: make an engine with the default
 * rules, analyse one article, print the JSON result, and check that it has
 * the keys of the output contract.
 *
 *   cc embed.c $(pkg-config --cflags --libs lua5.4 libpcre2-8 libcjson) -lpolis -lm -pthread
 *   ./embed [ARTICLE.txt]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "polis.h"

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    if (buf) {
        buf[n] = '\0';
        *len = (size_t)n;
    }
    return buf;
}

int main(int argc, char **argv)
{
    static const char fallback[] =
        "US President Joe Biden met Chinese President Xi Jinping in Woodside, California.";
    size_t len = strlen(fallback);
    char *text = argc > 1 ? read_file(argv[1], &len) : NULL;
    if (argc > 1 && !text) {
        perror(argv[1]);
        return 1;
    }

    polis_config cfg;
    polis_config_init(&cfg);
    char *err = NULL;
    polis_engine *engine = polis_engine_new(&cfg, &err);   /* loads the default rules */
    if (!engine) {
        fprintf(stderr, "embed: %s\n", err ? err : "cannot create the engine");
        free(err);
        free(text);
        return 1;
    }
    free(err);

    polis_input in = { .id = "embed-example", .text = text ? text : fallback, .len = len,
                       .date = "2023-11-15" };
    cJSON *result = polis_analyze(engine, &in, 0);        /* caller frees */
    int status = 0;
    static const char *const keys[] = { "id", "date", "actors", "locations", "stances", "errors" };
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
        if (!cJSON_HasObjectItem(result, keys[i])) {
            fprintf(stderr, "embed: the result lacks \"%s\"\n", keys[i]);
            status = 1;
        }
    char *json = cJSON_Print(result);
    puts(json);
    free(json);
    cJSON_Delete(result);
    polis_engine_free(engine);
    free(text);
    return status;
}
