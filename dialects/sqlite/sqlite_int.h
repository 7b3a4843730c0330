/* SPDX-License-Identifier: MIT */
/*
 * dialects/sqlite/sqlite_int.h: what the files of the SQLite driver share.
 * Included only inside dialects/sqlite/.
 */
#ifndef STRATA_DIALECTS_SQLITE_SQLITE_INT_H
#define STRATA_DIALECTS_SQLITE_SQLITE_INT_H

#include <sqlite3.h>

#include "driver.h"

typedef struct dl_sqlite_conn {
	dl_conn base;   /* first member */
	sqlite3 *db;
	char *dsn;      /* what sqlite3_open_v2 got (no secrets in SQLite) */
	bool memory;    /* in-memory database */
	int lock_fd;    /* lock file of dl_sqlite_lock, -1 when none */
	char *lock_path;
	int cancel_slot; /* dl_cancel_register's slot, -1 when none */
} dl_sqlite_conn;

/* sqlite.c */
int dl_sqlite__exec(dl_conn *c, const char *sql, size_t len);
int dl_sqlite__query(dl_conn *c, const char *sql, const char *const *params,
		     size_t nparams, dl_row_fn fn, void *payload);
/* Sets a UT_EDB error from the connection's last SQLite error. */
int dl_sqlite__error(dl_sqlite_conn *c, const char *what);
void dl_sqlite__quote_ident(ut_buf *b, const char *name);
void dl_sqlite__quote_literal(ut_buf *b, const char *value);

/* inspect.c */
int dl_sqlite__inspect(sm_realm **out, dl_conn *c, const dl_inspect_opts *o);

/* snapshot.c: dl_driver.snapshot / restore */
int dl_sqlite__snapshot(dl_conn *c, ut_buf *out);
int dl_sqlite__restore(dl_conn *c, const void *data, size_t len);

/* plan.c */
int dl_sqlite__plan(dl_plan **out, dl_conn *c, const sm_changes *changes,
		    const dl_plan_opts *o);

#endif
