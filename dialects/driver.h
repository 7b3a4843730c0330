/* SPDX-License-Identifier: MIT */
/*
 * dialects/driver.h: the one seam between strata and a database. Each
 * dialect exports a dl_driver of function pointers; upper layers see only
 * dl_driver and dl_conn, never sqlite3, libpq or mariadb types.
 */
#ifndef STRATA_DIALECTS_DRIVER_H
#define STRATA_DIALECTS_DRIVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diff.h"
#include "schema.h"
#include "ut.h"

typedef struct dl_driver dl_driver;

/* A parsed database URL. Never print raw: use dl_url_redacted(). */
typedef struct dl_url {
	char *raw;      /* as given (contains the password) */
	char *scheme;   /* "sqlite", "postgres", "mysql", "maria", ... */
	char *user, *password, *host;
	int port;       /* 0 = default */
	char *path;     /* after host, without the leading '/', %-decoded */
	char *query;    /* raw query string without '?', may be "" */
	char *redacted; /* raw with the password replaced by "xxxxx" */
} dl_url;

/* Parses scheme://[user[:pass]@]host[:port]/path?query. */
int dl_url_parse(dl_url **out, const char *raw);
void dl_url_free(dl_url *u);
/* Value of a query parameter (malloc'd, %-decoded) or NULL. */
char *dl_url_param(const dl_url *u, const char *key);

/* An open connection. Each driver embeds it as its first member. */
typedef struct dl_conn {
	const dl_driver *drv;
	dl_url *url;
	char *schema; /* the schema the URL is bound to, NULL = whole realm */
} dl_conn;

/* One row of a query result: n text values (NULL for SQL NULL). */
typedef int (*dl_row_fn)(const char *const *vals, size_t n, void *payload);

typedef struct dl_inspect_opts {
	const char *const *schemas; /* restrict to these (NULL = scope/all) */
	size_t nschemas;
	const char *const *exclude; /* --exclude globs */
	size_t nexclude;
} dl_inspect_opts;

/* One planned statement. */
typedef struct dl_stmt {
	const char *sql;     /* without the trailing ";" */
	const char *comment; /* "create \"users\" table" (lower-case first) */
	const char *reverse; /* statement that undoes it, NULL if none */
	bool outside_tx;     /* must run outside any transaction (PRAGMA) */
} dl_stmt;

typedef struct dl_plan {
	ut_arena arena;
	UT_VEC(dl_stmt) stmts;
	bool transactional;   /* all statements can run in one transaction */
	const char *delimiter; /* NULL = ";" */
	sm_strs directives;   /* file directives, e.g. "atlas:txmode none" */
	/*
	 * Statements to run outside any transaction before/after the plan
	 * (SQLite's PRAGMA foreign_keys), already included in stmts.
	 */
} dl_plan;

typedef struct dl_plan_opts {
	bool qualify;          /* schema-qualify names (--qualifier) */
	const char *qualifier; /* explicit qualifier, NULL = the schema name */
	bool concurrent_index_create, concurrent_index_drop; /* PG policy */
	bool dump;             /* realm dump (inspect --format sql) */
} dl_plan_opts;

struct dl_driver {
	const char *name;            /* "sqlite", "postgres", "mysql" */
	const char *const *schemes;  /* URL schemes it serves, NULL-ended */
	/*
	 * Images of docker://<image>/<tag>/<db> dev URLs it serves (strata
	 * starts a local server instead of a container), NULL-ended; may be NULL.
	 */
	const char *const *docker_images;

	int (*open)(dl_conn **out, const dl_url *url);
	void (*close)(dl_conn *c);

	/* Runs one statement (or a script when the driver allows). */
	int (*exec)(dl_conn *c, const char *sql, size_t len);
	/* Runs a query with $1.. / ? parameters, calling fn per row. */
	int (*query)(dl_conn *c, const char *sql, const char *const *params,
		     size_t nparams, dl_row_fn fn, void *payload);

	int (*inspect)(sm_realm **out, dl_conn *c, const dl_inspect_opts *o);
	int (*plan)(dl_plan **out, dl_conn *c, const sm_changes *changes,
		    const dl_plan_opts *o);

	void (*quote_ident)(ut_buf *b, const char *name);
	void (*quote_literal)(ut_buf *b, const char *value);

	int (*lock)(dl_conn *c, const char *name, int64_t timeout_ns);
	int (*unlock)(dl_conn *c, const char *name);

	int (*begin)(dl_conn *c);
	int (*commit)(dl_conn *c);
	int (*rollback)(dl_conn *c);

	/*
	 * UT_EEXISTS "connected database is not clean: found table \"x\""
	 * when the realm (or bound schema) holds anything but ignore_table.
	 */
	int (*check_clean)(dl_conn *c, const char *ignore_table);
	/* Drops everything in the realm / bound schema (dev databases). */
	int (*reset)(dl_conn *c);

	/*
	 * Optional (NULL = unsupported): the whole database state as bytes
	 * (appended to out) and back, for replay caches. restore replaces
	 * the current content of the connection's database with data.
	 */
	int (*snapshot)(dl_conn *c, ut_buf *out);
	int (*restore)(dl_conn *c, const void *data, size_t len);

	/*
	 * Optional (NULL = unsupported): replay-cache entries the server
	 * keeps itself ("stashes"), for databases whose state is not a file:
	 * PostgreSQL template databases, MySQL snapshot schemas, each named
	 * strata_lint_<16 hex digits of key>.
	 *
	 * stash_list sets *keys (malloc'd, *n entries) to the keys of the
	 * complete entries on the server. stash_save keeps the current state
	 * of the connection's database (MySQL: of its bound schema) as entry
	 * key, then drops the least recently used entries beyond keep;
	 * UT_EEXISTS when the entry exists already. stash_load makes the
	 * state of the connection's database that of entry key and marks the
	 * entry used; UT_ENOTFOUND when there is none. PostgreSQL moves the
	 * connection to a private copy of the template for that: reset and
	 * close move it back to the URL's database and drop the copy, which
	 * is never touched. stash_drop removes one entry (no error when
	 * absent). Errors: UT_EDB; UT_ERROR when the connection cannot stash
	 * (MySQL without a bound schema).
	 */
	int (*stash_list)(dl_conn *c, uint64_t **keys, size_t *n);
	int (*stash_save)(dl_conn *c, uint64_t key, size_t keep);
	int (*stash_load)(dl_conn *c, uint64_t key);
	int (*stash_drop)(dl_conn *c, uint64_t key);
};

/* The driver serving a URL scheme, or NULL. */
const dl_driver *dl_find(const char *scheme);

/*
 * Opens a connection to url. Errors (UT_EDB, UT_EUSAGE) never contain
 * the password.
 */
int dl_open(dl_conn **out, const char *url);
void dl_close(dl_conn *c);

/*
 * Interruption (Ctrl-C or SIGTERM during an apply). dl_interrupt() may
 * be called from a signal handler: it marks the process interrupted and
 * asks every open connection that can be cancelled to stop its running
 * statement, which then fails like any failing statement (PostgreSQL
 * cancel request, sqlite3_interrupt; MySQL connections cannot be
 * cancelled safely from a handler and finish their statement). Runners
 * check dl_interrupted() before each statement and stop there.
 */
void dl_interrupt(void);
bool dl_interrupted(void);
/* Forgets an interrupt (a caller that goes on, tests). */
void dl_interrupt_clear(void);

/*
 * For drivers: the names of the lint replay cache's stashes, shared so
 * every server spells them alike: DL_STASH_PREFIX and 16 lower-case hex
 * digits of the key; entries carry a "used" stamp (microseconds since the
 * epoch) after DL_STASH_COMMENT.
 */
#define DL_STASH_PREFIX  "strata_lint_"
#define DL_STASH_COMMENT "strata lint replay cache; used "
void dl_stash_name(char out[32], uint64_t key);
/* Whether name is a stash's; *key its key when it is. */
bool dl_stash_parse(uint64_t *key, const char *name);
long long dl_stash_now_us(void);

/*
 * For drivers: fn(handle) is called by dl_interrupt and must be
 * async-signal-safe. Returns the slot to unregister before the handle is
 * freed, or -1 when the table is full (the connection then cannot be
 * cancelled, which is not an error).
 */
int dl_cancel_register(void (*fn)(void *handle), void *handle);
void dl_cancel_unregister(int slot);

/* Convenience wrappers over the vtable. */
int dl_exec(dl_conn *c, const char *sql);
int dl_inspect(sm_realm **out, dl_conn *c, const dl_inspect_opts *o);

/* Plan helpers used by drivers. */
dl_plan *dl_plan_new(void);
void dl_plan_free(dl_plan *p);
/* Adds a statement; strings are copied into the plan's arena. */
void dl_plan_add(dl_plan *p, const char *sql, const char *comment,
		 const char *reverse);

#endif
