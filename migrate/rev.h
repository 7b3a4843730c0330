/* SPDX-License-Identifier: MIT */
/*
 * migrate/rev.h: Atlas's revision table, atlas_schema_revisions
 * (reference 3.1), read and written exactly as Atlas keeps it so a
 * database migrated by Atlas continues under strata and back.
 */
#ifndef STRATA_MIGRATE_REV_H
#define STRATA_MIGRATE_REV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "driver.h"

#define MG_REV_TABLE "atlas_schema_revisions"
#define MG_REV_LOCK_APPLY "atlas_migrate_execute"

/* Bits of mg_revision.type. */
enum {
	MG_REV_BASELINE = 1,
	MG_REV_EXECUTED = 2,
	MG_REV_RESOLVED = 4,
};

typedef struct mg_revision {
	char *version;
	char *description;
	int type;
	int64_t applied; /* statements applied so far */
	int64_t total;   /* statements in the file */
	char *executed_at;       /* text as stored */
	int64_t execution_time;  /* nanoseconds */
	char *error;             /* NULL when none */
	char *error_stmt;        /* NULL when none */
	char *hash;              /* file hash without "h1:" */
	char **partial_hashes;   /* "h1:<b64>" per applied statement */
	size_t npartial;
	char *operator_version;
} mg_revision;

/*
 * Flyway repeatable migrations (R__<desc>.sql) run again whenever their
 * text changes, so they are recorded apart from the versions: one row
 * per repeatable, version ".R__<desc>", hash = the file's own content
 * hash (mg_repeatable_hash), not atlas.sum's cumulative one. The leading
 * '.' marks a row that is no migration version, as Atlas's reserved
 * ".atlas_cloud_identifier" row does, and sorts it before every version
 * starting with a digit or letter (byte order, the table's collation on
 * MySQL and SQLite), so Atlas and strata reading the table as an atlas
 * directory never take it for the last applied version.
 */
#define MG_REV_REPEATABLE_PREFIX ".R__"

typedef struct mg_revs {
	mg_revision *items; /* versions, ordered by version */
	size_t len;
	mg_revision *repeatables; /* MG_REV_REPEATABLE_PREFIX rows */
	size_t nrepeatables;
} mg_revs;

/* Whether a revision version is a repeatable's row. */
bool mg_rev_is_repeatable(const char *version);

/* Where the table lives on this connection (reference 3.1 location). */
typedef struct mg_rev_store {
	dl_conn *conn;
	char *schema;  /* NULL = the connection's default (SQLite main) */
	ut_buf qname;  /* quoted, qualified table name */
} mg_rev_store;

/* revisions_schema may be NULL (the default rules apply). */
int mg_rev_store_init(mg_rev_store *st, dl_conn *c,
		      const char *revisions_schema);
void mg_rev_store_release(mg_rev_store *st);

/* Whether the table exists. */
int mg_rev_exists(bool *out, mg_rev_store *st);
/* Creates the table (and its schema) when missing. */
int mg_rev_ensure(mg_rev_store *st);
/*
 * Reads every revision ordered by version (bytes; mg_revs_sort orders
 * them as a directory format does), repeatables apart; empty when no
 * table.
 */
int mg_rev_read(mg_revs *out, mg_rev_store *st);
/* Inserts or updates by version. */
int mg_rev_write(mg_rev_store *st, const mg_revision *r);
int mg_rev_delete(mg_rev_store *st, const char *version);

void mg_revision_release(mg_revision *r);
void mg_revs_release(mg_revs *r);
/* Deep copy. */
void mg_revision_copy(mg_revision *dst, const mg_revision *src);

/* Current UTC time as stored in executed_at. */
char *mg_rev_now(const dl_conn *c);

/* The operator_version strata writes: "strata v<version>". */
extern const char *mg_operator_version;

#endif
