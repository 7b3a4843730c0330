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
	dl_url *target; /* the URL connected to (docker:// resolved) */
	char *home_db;  /* the URL's database (PQdb at connect time) */
	char *work_db;  /* private copy of a stash the connection is on, or NULL */
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
void dl_pg__swapped(dl_pg_conn *c);
int dl_pg__exec(dl_conn *c, const char *sql, size_t len);
/* Runs sql with text parameters ($1..); fn (may be NULL) gets each row. */
int dl_pg__query(dl_conn *c, const char *sql, const char *const *params,
		 size_t nparams, dl_row_fn fn, void *payload);
void dl_pg__quote_ident(ut_buf *b, const char *name);
void dl_pg__quote_literal(ut_buf *b, const char *value);
/*
 * The name in the head of a routine's statement as pg_get_functiondef
 * prints it ("CREATE OR REPLACE FUNCTION s.f(...": FUNCTION, PROCEDURE or
 * AGGREGATE): *qual_at = where the name starts, schema qualifier
 * included, *name_at = where the bare name starts (equal when there is no
 * qualifier). False when def does not start so.
 */
bool dl_pg__routine_head(const char *def, size_t *qual_at, size_t *name_at);
/* Whether name is one of PostgreSQL's own schemas (pg_*, information_schema). */
bool dl_pg__system_schema(const char *name);

/*
 * Connects to database dbname of c's server with c's settings (user,
 * search_path, TLS ...). UT_EDB naming the redacted URL.
 */
int dl_pg__connect(PGconn **out, const dl_pg_conn *c, const char *dbname);

/* stash.c: dl_driver.stash_* (template databases) */
int dl_pg__stash_list(dl_conn *c, uint64_t **keys, size_t *n);
int dl_pg__stash_save(dl_conn *c, uint64_t key, size_t keep);
int dl_pg__stash_load(dl_conn *c, uint64_t key);
int dl_pg__stash_drop(dl_conn *c, uint64_t key);
/*
 * Moves a connection on a stash copy back to its own database and drops
 * the copy (no-op when it is home). UT_EDB when it cannot reconnect.
 */
int dl_pg__stash_leave(dl_pg_conn *c);

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
