/* SPDX-License-Identifier: MIT */
/*
 * migrate/apply.h: running pending migration files against a database
 * (reference 3.2): pending-file rules, transactions, statement-level
 * progress in the revision table, resume after failure, locking. Nothing
 * here prints: progress goes to an observer (cmd/ prints it).
 */
#ifndef STRATA_MIGRATE_APPLY_H
#define STRATA_MIGRATE_APPLY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dir.h"
#include "rev.h"
#include "split.h"

typedef enum mg_tx_mode {
	MG_TX_FILE = 0, /* one transaction per file (default) */
	MG_TX_ALL,      /* one transaction for every file */
	MG_TX_NONE,     /* statement by statement */
} mg_tx_mode;

typedef enum mg_exec_order {
	MG_ORDER_LINEAR = 0,
	MG_ORDER_LINEAR_SKIP,
	MG_ORDER_NON_LINEAR,
} mg_exec_order;

int mg_tx_mode_parse(mg_tx_mode *out, const char *s);
int mg_exec_order_parse(mg_exec_order *out, const char *s);

/* The files to run, in order. */
typedef struct mg_pending {
	size_t *idx;   /* indexes into dir->files */
	size_t len;
	size_t *ooo;   /* files added out of order (not yet applied) */
	size_t nooo;
	bool resume;   /* idx[0] is the partially applied last revision */
	const char *current; /* version of the last revision, NULL if none */
} mg_pending;

/*
 * Orders the revisions (not the repeatables) by version the way the
 * directory's format orders its files (mg_version_cmp: numbers as
 * numbers for golang-migrate, goose and dbmate, dotted versions for
 * Flyway), so the last one is the last applied version whatever the
 * database's collation. Call it after mg_rev_read.
 */
void mg_revs_sort(mg_revs *revs, mg_format fmt);

/*
 * Computes the pending files from the revisions (reference 3.2 step 4).
 * Flyway repeatables (f->repeatable) stay out of the version rules and
 * come last, each one pending when it has no row yet, its row is
 * unfinished or failed, or its text changed since it ran (hash).
 * UT_ERROR "migration file X was added out of order" under linear order,
 * or when a repeatable cannot be read. Borrows from dir and revs.
 */
int mg_pending_compute(mg_pending *out, const mg_dir *dir, const mg_revs *revs,
		       mg_exec_order order);
void mg_pending_release(mg_pending *p);

typedef struct mg_apply_observer {
	/* Before anything runs: what will run. */
	void (*plan)(void *payload, const mg_dir *dir, const mg_pending *p,
		     size_t count);
	void (*file_start)(void *payload, const mg_file *f);
	void (*stmt)(void *payload, const mg_file *f, const char *text,
		     size_t len);
	/* error is NULL on success (borrowed, valid during the call) */
	void (*file_end)(void *payload, const mg_file *f, int64_t start_ns,
			 int64_t end_ns, const char *error,
			 const char *error_stmt);
} mg_apply_observer;

typedef struct mg_apply_opts {
	const char *revisions_schema; /* NULL = default location */
	bool dry_run;      /* writes nothing at all */
	bool allow_dirty;  /* skip the clean-database check */
	const char *baseline; /* version to mark as baseline, NULL = none */
	mg_tx_mode tx_mode;
	mg_exec_order order;
	int64_t lock_timeout_ns;
	size_t amount;     /* 0 = every pending file */
	const mg_apply_observer *obs;
	void *payload;
} mg_apply_opts;

typedef struct mg_apply_result {
	size_t files_ok, files_failed;
	size_t stmts_ok, stmts_failed;
	size_t pending;  /* files that were to run */
	char *from;      /* version before, NULL when none (malloc'd) */
	char *to;        /* target version (malloc'd), NULL when nothing ran */
} mg_apply_result;

/*
 * Applies pending files of dir to c. Returns 0 (also when nothing was
 * pending: result->pending == 0) or an error (UT_EDB for a failing
 * statement: "executing statement ... from version ...", UT_ELOCKED,
 * UT_ERROR for out-of-order files, not-clean databases, history changes).
 */
int mg_apply(mg_apply_result *result, dl_conn *c, const mg_dir *dir,
	     const mg_apply_opts *opts);
void mg_apply_result_release(mg_apply_result *r);

/* Running statement hashes of a file: "h1:<b64>" per statement. */
void mg_stmt_hashes(char ***out, const mg_stmts *stmts);

#endif
