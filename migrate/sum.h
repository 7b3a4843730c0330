/* SPDX-License-Identifier: MIT */
/*
 * migrate/sum.h: atlas.sum, byte-identical to Atlas's (reference 1.4-1.6).
 * Each file's hash is the digest so far of one running SHA-256 over every
 * file's name and content in order; the total hashes the names and hashes.
 */
#ifndef STRATA_MIGRATE_SUM_H
#define STRATA_MIGRATE_SUM_H

#include <stddef.h>

struct ut_buf;
struct mg_dir;

#define MG_SUM_FILE "atlas.sum"

typedef struct mg_sum_entry {
	char *name;     /* malloc'd */
	char hash[45];  /* base64 SHA-256, no "h1:" */
} mg_sum_entry;

typedef struct mg_sum {
	char total[45];
	mg_sum_entry *entries;
	size_t len;
} mg_sum;

/*
 * Parses atlas.sum text. UT_ECHECKSUM "checksum file format invalid" for a
 * malformed line (message names the line), "checksum mismatch" when the
 * entries do not add up to the total.
 */
int mg_sum_parse(mg_sum *out, const char *text, size_t len);

/* Computes the sum of the directory's files (streaming, flat memory). */
int mg_sum_compute(mg_sum *out, const struct mg_dir *dir);

/* Formats as atlas.sum text. */
void mg_sum_format(struct ut_buf *out, const mg_sum *sum);

/* Computes and writes atlas.sum atomically. */
int mg_sum_write(const struct mg_dir *dir);

void mg_sum_release(mg_sum *sum);

/* Where a directory differs from its atlas.sum (reference 1.6). */
typedef struct mg_sum_problem {
	int line;           /* 1-based line of atlas.sum (line 1 = total) */
	char *file;         /* malloc'd */
	const char *reason; /* "edited", "added" or "removed" */
} mg_sum_problem;

/*
 * Checks the directory against its atlas.sum. Returns 0, or UT_ECHECKSUM
 * with *problem filled when a file differs ("checksum mismatch"), or
 * UT_ECHECKSUM "checksum file not found" (problem->file NULL) when the
 * directory has files but no atlas.sum. problem->file is freed by the
 * caller (mg_sum_problem_release).
 */
int mg_dir_validate(const struct mg_dir *dir, mg_sum_problem *problem);
void mg_sum_problem_release(mg_sum_problem *p);

/*
 * Whether a file's first line is an "atlas:sum ignore" directive; such a
 * file's name is hashed but its content is not and it has no entry.
 */
int mg_sum_ignored(const char *head, size_t len);

#endif
