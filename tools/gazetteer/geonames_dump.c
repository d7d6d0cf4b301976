/*
 * geonames_dump - write every city that Debian's libgeonames knows as TSV.
 *
 * Part of polis's gazetteer generator (see docs/gazetteer.md). It runs only
 * when a maintainer types `make gazetteer`; nothing at run time needs it.
 *
 * Output, one city a line, UTF-8, sorted by nothing in particular (the merge
 * step sorts):
 *   name  state  country  country_code  lat  lon  population
 * Tabs, carriage returns and newlines inside a field become spaces.
 *
 * The library translates names through gettext, so run it with LC_ALL=C (the
 * Makefile does) to get the English/ASCII names of the GeoNames dump.
 *
 * Build: cc -o geonames_dump geonames_dump.c $(pkg-config --cflags --libs geonames)
 */
#include <geonames.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

static void put_field(const char *s)
{
    if (s == NULL)
        return;
    for (; *s != '\0'; s++) {
        char c = *s;
        if (c == '\t' || c == '\n' || c == '\r')
            c = ' ';
        putchar(c);
    }
}

int main(void)
{
    gint n, i;

    setlocale(LC_ALL, "");
    n = geonames_get_n_cities();
    if (n <= 0) {
        fprintf(stderr, "geonames_dump: libgeonames reports no cities\n");
        return 1;
    }
    fputs("name\tstate\tcountry\tcountry_code\tlat\tlon\tpopulation\n", stdout);
    for (i = 0; i < n; i++) {
        GeonamesCity *city = geonames_get_city(i);
        if (city == NULL) {
            fprintf(stderr, "geonames_dump: no city at index %d\n", i);
            return 1;
        }
        put_field(geonames_city_get_name(city));
        putchar('\t');
        put_field(geonames_city_get_state(city));
        putchar('\t');
        put_field(geonames_city_get_country(city));
        putchar('\t');
        put_field(geonames_city_get_country_code(city));
        printf("\t%.4f\t%.4f\t%u\n", geonames_city_get_latitude(city),
               geonames_city_get_longitude(city), geonames_city_get_population(city));
        geonames_city_free(city);
    }
    if (fflush(stdout) != 0 || ferror(stdout)) {
        perror("geonames_dump: write");
        return 1;
    }
    return 0;
}
