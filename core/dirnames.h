/*
 * dirnames.h - the entry names of a folder, sorted: rule folders (loader.c)
 * and input folders (cli_input.c) are read in name order, so that runs are
 * the same on every file system.
 */
#ifndef POLIS_DIRNAMES_H
#define POLIS_DIRNAMES_H

#include <dirent.h>
#include <stddef.h>

/* The names in d that do not start with '.' and end with suffix (NULL: any),
 * sorted by strcmp, as a malloc'd array of malloc'd strings (*n of them;
 * free each and the array). Reads d to its end; does not close it. Out of
 * memory loses the names that did not fit. */
char **polis_dir_names(DIR *d, const char *suffix, size_t *n);

/* "dir/name", malloc'd; NULL when out of memory. */
char *polis_join_path(const char *dir, const char *name);

#endif
