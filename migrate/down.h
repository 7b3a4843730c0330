/* SPDX-License-Identifier: MIT */
/*
 * migrate/down.h: `migrate down`, computed rather than hand-written: the
 * directory is replayed on the dev database up to the target version, the
 * live database is diffed against that state, and the plan runs in one
 * transaction together with the removal of the reverted revision rows.
 */
#ifndef STRATA_MIGRATE_DOWN_H
#define STRATA_MIGRATE_DOWN_H

#include <stdbool.h>
#include <stddef.h>

#include "dir.h"
#include "driver.h"
#include "rev.h"

typedef struct mg_down_opts {
	const char *revisions_schema;
	size_t amount;          /* revisions to revert (default 1) */
	const char *to_version; /* revert down to this version instead */
	bool force;             /* allow dropping tables/columns with data */
	int64_t lock_timeout_ns;
} mg_down_opts;

typedef struct mg_down {
	dl_plan *plan;      /* NULL when there is nothing to change */
	char *from;         /* current version */
	char *to;           /* target version, NULL = nothing applied */
	char **reverted;    /* versions whose rows go away, newest first */
	size_t nreverted;
	mg_rev_store st;
} mg_down;

/*
 * Computes the down plan. dev must be clean; it is reset afterwards.
 * Refuses (UT_ERROR naming the table or column) when the plan would drop
 * a table or column that holds data, unless opts->force.
 */
int mg_down_plan(mg_down *out, dl_conn *c, dl_conn *dev, const mg_dir *dir,
		 const mg_down_opts *opts);
/* Runs the plan and deletes the reverted revisions, in one transaction. */
int mg_down_exec(mg_down *d, dl_conn *c);
void mg_down_release(mg_down *d);

#endif
