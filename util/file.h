/* SPDX-License-Identifier: MIT */
/*
 * util/file.h: file and path helpers. Every write that strata makes to a
 * user's directory goes through ut_file_write_atomic (temporary name in the
 * same directory, fsync, rename) so an interrupted run leaves either the old
 * file or the new one, never half of it.
 */
#ifndef STRATA_UTIL_FILE_H
#define STRATA_UTIL_FILE_H

#include <stdbool.h>
#include <stddef.h>

struct ut_buf;

/* Appends the whole file to out. UT_ENOTFOUND when it does not exist. */
int ut_file_read(struct ut_buf *out, const char *path);
/*
 * Writes data to path atomically. On failure the target is untouched and
 * the temporary file removed.
 */
int ut_file_write_atomic(const char *path, const void *data, size_t len);
/* Creates the directory and its parents (mkdir -p). */
int ut_mkdir_p(const char *path);
bool ut_path_is_dir(const char *path);
bool ut_path_exists(const char *path);
/* a + "/" + b, malloc'd. An absolute b is returned as is. */
char *ut_path_join(const char *a, const char *b);
/* Last component of path (borrowed pointer into path). */
const char *ut_path_base(const char *path);

/*
 * Lists the entries of a directory (names only, no "." and ".."), sorted
 * byte-wise. *out is a malloc'd array of malloc'd strings, freed with
 * ut_strlist_free.
 */
int ut_dir_list(char ***out, size_t *n, const char *path);
void ut_strlist_free(char **list, size_t n);

/* A temporary directory under $TMPDIR; malloc'd path. */
int ut_mkdtemp(char **out, const char *prefix);
/* rm -rf; best effort. */
void ut_rm_rf(const char *path);

/* Fault injection for tests: STRATA_FAULT=write|fsync|rename[:N]. */
int ut_fault__check(const char *op);

#endif
