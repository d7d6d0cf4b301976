/*
 * cli_json.c - a result as one line of JSON, byte for byte what
 * cJSON_PrintUnformatted writes, appended to a cli_buf.
 *
 * The JSON Lines format is the hot path of a batch run: cJSON prints every
 * number with sprintf (and parses it back for non-integers), and its result
 * is then copied into the record's buffer. This writer formats integers
 * itself, escapes strings a run of plain bytes at a time, and writes into the
 * buffer directly. Numbers that are not integers go through the same
 * "%1.15g, else %1.17g" steps as cJSON's print_number.
 */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static void put_string(cli_buf *b, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    cli_buf_add(b, "\"", 1);
    if (s) {
        const char *run = s;
        for (const char *p = s; *p; p++) {
            unsigned char c = (unsigned char)*p;
            if (c >= 32 && c != '"' && c != '\\')
                continue;
            cli_buf_add(b, run, (size_t)(p - run));
            run = p + 1;
            char esc[6] = { '\\', 0, 0, 0, 0, 0 };
            size_t n = 2;
            switch (c) {
            case '"':  esc[1] = '"'; break;
            case '\\': esc[1] = '\\'; break;
            case '\b': esc[1] = 'b'; break;
            case '\f': esc[1] = 'f'; break;
            case '\n': esc[1] = 'n'; break;
            case '\r': esc[1] = 'r'; break;
            case '\t': esc[1] = 't'; break;
            default:
                esc[1] = 'u';
                esc[2] = '0';
                esc[3] = '0';
                esc[4] = hex[c >> 4];
                esc[5] = hex[c & 15];
                n = 6;
            }
            cli_buf_add(b, esc, n);
        }
        cli_buf_add(b, run, strlen(run));
    }
    cli_buf_add(b, "\"", 1);
}

/* cJSON's compare_double. */
static int same_double(double a, double b)
{
    double m = fabs(a) > fabs(b) ? fabs(a) : fabs(b);
    return fabs(a - b) <= m * DBL_EPSILON;
}

static void put_number(cli_buf *b, const cJSON *x)
{
    double d = x->valuedouble;
    char buf[32];
    size_t n;
    if (isnan(d) || isinf(d)) {
        cli_buf_add(b, "null", 4);
        return;
    }
    if (d == (double)x->valueint) {                /* as cJSON: "%d" of valueint */
        long long v = x->valueint;
        char *p = buf + sizeof buf;
        unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
        do {
            *--p = (char)('0' + u % 10);
            u /= 10;
        } while (u);
        if (v < 0)
            *--p = '-';
        cli_buf_add(b, p, (size_t)(buf + sizeof buf - p));
        return;
    }
    n = (size_t)snprintf(buf, sizeof buf, "%1.15g", d);
    double test;
    if (sscanf(buf, "%lg", &test) != 1 || !same_double(test, d))
        n = (size_t)snprintf(buf, sizeof buf, "%1.17g", d);
    cli_buf_add(b, buf, n);
}

void cli_json_write(cli_buf *b, const cJSON *x)
{
    if (!x) {
        cli_buf_add(b, "null", 4);
        return;
    }
    switch (x->type & 0xFF) {
    case cJSON_False:
        cli_buf_add(b, "false", 5);
        break;
    case cJSON_True:
        cli_buf_add(b, "true", 4);
        break;
    case cJSON_NULL:
        cli_buf_add(b, "null", 4);
        break;
    case cJSON_Number:
        put_number(b, x);
        break;
    case cJSON_Raw:
        if (x->valuestring)
            cli_buf_add(b, x->valuestring, strlen(x->valuestring));
        else
            b->failed = true;                          /* cJSON prints nothing: an error */
        break;
    case cJSON_String:
        put_string(b, x->valuestring);
        break;
    case cJSON_Array:
        cli_buf_add(b, "[", 1);
        for (const cJSON *c = x->child; c; c = c->next) {
            cli_json_write(b, c);
            if (c->next)
                cli_buf_add(b, ",", 1);
        }
        cli_buf_add(b, "]", 1);
        break;
    case cJSON_Object:
        cli_buf_add(b, "{", 1);
        for (const cJSON *c = x->child; c; c = c->next) {
            put_string(b, c->string);
            cli_buf_add(b, ":", 1);
            cli_json_write(b, c);
            if (c->next)
                cli_buf_add(b, ",", 1);
        }
        cli_buf_add(b, "}", 1);
        break;
    default:
        b->failed = true;                              /* cJSON_Invalid */
        break;
    }
}
