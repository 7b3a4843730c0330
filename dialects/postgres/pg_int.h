/* SPDX-License-Identifier: MIT */
/*
 * dialects/postgres/pg_int.h: what the files of the PostgreSQL driver
 * share. Included only inside dialects/postgres/.
 */
#ifndef STRATA_DIALECTS_POSTGRES_PG_INT_H
#define STRATA_DIALECTS_POSTGRES_PG_INT_H

#include <libpq-fe.h>

#include "driver.h"

typedef struct dl_pg_conn {
	dl_conn base;   /* first member */
	PGconn *pg;
	int version;    /* server_version_num, e.g. 150004 */
	bool locked;    /* holds the advisory lock of lock_key */
	char lock_key[24];
	/*
	 * A schema-bound dev database: the user schemas there were when it
	 * was found clean; reset drops those created since (a desired state
	 * with CREATE SCHEMA loaded through search_path=public).
	 */
	char **clean_schemas;
	size_t nclean_schemas;
	bool clean_known;
	PGcancel *cancel; /* for dl_interrupt, NULL when unavailable */
	int cancel_slot;  /* dl_cancel_register's slot, -1 when none */
} dl_pg_conn;

/* postgres.c */
int dl_pg__exec(dl_conn *c, const char *sql, size_t len);
/* Runs sql with text parameters ($1..); fn (may be NULL) gets each row. */
int dl_pg__query(dl_conn *c, const char *sql, const char *const *params,
		 size_t nparams, dl_row_fn fn, void *payload);
void dl_pg__quote_ident(ut_buf *b, const char *name);
void dl_pg__quote_literal(ut_buf *b, const char *value);
/* Whether name is one of PostgreSQL's own schemas (pg_*, information_schema). */
bool dl_pg__system_schema(const char *name);

/* inspect.c */
int dl_pg__inspect(sm_realm **out, dl_conn *c, const dl_inspect_opts *o);

/* plan.c */
int dl_pg__plan(dl_plan **out, dl_conn *c, const sm_changes *changes,
		const dl_plan_opts *o);

/* devserver.c */
/*
 * Serves docker://postgres/<tag>/<db>[?search_path=s]: starts (once per
 * process) a throwaway server from the installed PostgreSQL binaries with
 * a private unix socket, creates the database when missing and writes into
 * *url_out (malloc'd) a postgres:// URL for it. The server and its files
 * are removed at exit, including on SIGINT/SIGTERM.
 */
int dl_pg__devserver_url(char **url_out, const dl_url *docker_url);

#endif
