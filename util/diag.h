/* SPDX-License-Identifier: MIT */
/*
 * util/diag.h: positions in text. Errors about input name file:line:col.
 */
#ifndef STRATA_UTIL_DIAG_H
#define STRATA_UTIL_DIAG_H

#include <stddef.h>

typedef struct ut_pos {
	int line; /* 1-based */
	int col;  /* 1-based, in bytes */
} ut_pos;

/* Line and column of byte offset off in text. */
ut_pos ut_pos_at(const char *text, size_t len, size_t off);

#endif
