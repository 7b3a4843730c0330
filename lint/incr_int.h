/* SPDX-License-Identifier: MIT */
/* lint/incr_int.h: incremental SQLite inspection (incr.c), for run.c. */
#ifndef STRATA_LINT_INCR_INT_H
#define STRATA_LINT_INCR_INT_H

#include <stdbool.h>

#include "driver.h"
#include "schema.h"

typedef struct lt_mrow {
	char *type, *name, *tbl, *sql; /* a sqlite_master row (malloc'd) */
} lt_mrow;

typedef UT_VEC(lt_mrow) lt_mrows;

typedef struct lt_incr {
	bool on;          /* SQLite dev database with a scratch connection */
	dl_conn *scratch; /* in-memory database the changed tables go to */
	lt_mrows rows;    /* sqlite_master of the last inspected state */
} lt_incr;

/* Sets x up for dev (x->on stays false for other databases). */
int lt_incr_init(lt_incr *x, dl_conn *dev);
void lt_incr_release(lt_incr *x);
/* Records dev's current sqlite_master as the last inspected state. */
int lt_incr_sync(lt_incr *x, dl_conn *dev);
/*
 * The state of dev after a statement, given the previous state prev.
 * *out is NULL when nothing changed; else a new realm, which may borrow
 * tables from prev and from *scratch_out (also new, may be NULL): free
 * *out before either of them. Falls back to a full inspection.
 */
int lt_incr_inspect(sm_realm **out, sm_realm **scratch_out, lt_incr *x,
		    dl_conn *dev, const sm_realm *prev);

#endif
