/* SPDX-License-Identifier: MIT */
/*
 * dialects/mysql/my_int.h: what the files of the MySQL/MariaDB driver
 * share. Included only inside dialects/mysql/. One driver serves both
 * servers; what differs between them is gated on flavor and version, read
 * once at connect time.
 */
#ifndef STRATA_DIALECTS_MYSQL_MY_INT_H
#define STRATA_DIALECTS_MYSQL_MY_INT_H

#include <mysql.h>

#include "driver.h"

typedef struct dl_my_conn {
	dl_conn base; /* first member */
	MYSQL *db;
	bool mariadb;     /* server flavor */
	unsigned version; /* major * 10000 + minor * 100 + patch: 101106 */
	char *lock_name;  /* the GET_LOCK held, NULL when none */
} dl_my_conn;

/* Feature gates (reference 5.2). */
#define MY_IS_MARIADB(c) ((c)->mariadb)
/* CHECK constraints kept and reported: MariaDB 10.2.1, MySQL 8.0.16. */
#define MY_HAS_CHECKS(c) \
	((c)->mariadb ? (c)->version >= 100201 : (c)->version >= 80016)
/* CHECK_CONSTRAINTS.LEVEL (column or table check): MariaDB 10.5.10. */
#define MY_HAS_CHECK_LEVEL(c) ((c)->mariadb && (c)->version >= 100510)
/* Functional key parts (STATISTICS.EXPRESSION): MySQL 8.0.13. */
#define MY_HAS_EXPR_INDEX(c) (!(c)->mariadb && (c)->version >= 80013)
/* MySQL 8 reports expressions with backslash-escaped quotes. */
#define MY_ESCAPED_EXPRS(c) (!(c)->mariadb && (c)->version >= 80000)
/* Checks dropped with DROP CHECK (MySQL 8) or DROP CONSTRAINT (MariaDB). */
#define MY_DROP_CHECK_KW(c) ((c)->mariadb ? "DROP CONSTRAINT" : "DROP CHECK")

/* mysql.c */
int dl_my__exec(dl_conn *c, const char *sql, size_t len);
int dl_my__query(dl_conn *c, const char *sql, const char *const *params,
                 size_t nparams, dl_row_fn fn, void *payload);
/* Sets UT_EDB "Error N (STATE): message" from the connection. */
int dl_my__error(dl_my_conn *c);
/*
 * The session variables a file may SET (sql_mode, time_zone, timestamp,
 * NAMES, ...) back to the server's, the connection's database current
 * again; end_tx also rolls back an open transaction (dev reset).
 */
int dl_my__session_restore(dl_my_conn *c, bool end_tx);
void dl_my__quote_ident(ut_buf *b, const char *name);
void dl_my__quote_literal(ut_buf *b, const char *value);
/* Whether a schema belongs to the server (mysql, sys, ...). */
bool dl_my__system_schema(const char *name);

/* stash.c: dl_driver.stash_* (snapshot schemas) */
int dl_my__stash_list(dl_conn *c, uint64_t **keys, size_t *n);
int dl_my__stash_save(dl_conn *c, uint64_t key, size_t keep);
int dl_my__stash_load(dl_conn *c, uint64_t key);
int dl_my__stash_drop(dl_conn *c, uint64_t key);
/* Whether a schema is a stash (strata_lint_<16 hex>): not the user's. */
bool dl_my__stash_schema(const char *name);

/* inspect.c */
int dl_my__inspect(sm_realm **out, dl_conn *c, const dl_inspect_opts *o);

/* plan.c */
int dl_my__plan(dl_plan **out, dl_conn *c, const sm_changes *changes,
                const dl_plan_opts *o);

/*
 * devserver.c: a throwaway server from the installed binaries for
 * docker://mysql|maria|mariadb/<tag>/<db> URLs, one per process, removed
 * at exit. *socket_out is borrowed (valid until exit). Errors: UT_EDB.
 */
int dl_my__devserver(const char **socket_out);

#endif
