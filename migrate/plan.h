/* SPDX-License-Identifier: MIT */
/*
 * migrate/plan.h: from databases and directories to realms and back:
 * replaying a migration directory on a dev database, loading a desired
 * state from a URL, and formatting a plan as a migration file.
 */
#ifndef STRATA_MIGRATE_PLAN_H
#define STRATA_MIGRATE_PLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "driver.h"
#include "split.h"

struct mg_dir;

/* Splitter options for a driver ("sqlite", "postgres", "mysql"). */
mg_split_opts mg_split_opts_for_driver(const dl_driver *drv);

/*
 * Formats a plan as an Atlas migration file (reference 1.2): directives
 * block, then per statement "-- <Comment>" and "<sql>;". indent (may be
 * NULL) is put before each statement line ({{ sql . "  " }}).
 */
void mg_plan_format(ut_buf *out, const dl_plan *plan, const char *indent);

/*
 * Executes SQL text statement by statement on c; on failure the error
 * names the file (label) and the statement's line: "<label>:<line>: <db
 * message>". UT_EPARSE for a splitter error, UT_EDB for the database.
 */
int mg_exec_text(dl_conn *c, const char *label, const char *text, size_t len,
		 const mg_split_opts *opts);

/*
 * Executes file f of dir, whose content is text/len, like mg_exec_text
 * labelled with the file's name; for a foreign format only its up part
 * (formats.h mg_file_split).
 */
struct mg_file;
int mg_exec_file(dl_conn *c, const struct mg_dir *dir, const struct mg_file *f,
		 const char *text, size_t len, const mg_split_opts *opts);

/* Index of the last checkpoint file, or 0 when there is none. */
int mg_dir_last_checkpoint(size_t *idx_out, bool *found,
			   const struct mg_dir *dir);

/* Whether file i of dir is a checkpoint file. */
int mg_file_is_checkpoint(bool *out, const struct mg_dir *dir, size_t i);

/*
 * Replays the directory on c, starting at its last checkpoint, up to and
 * including to_version (NULL = every file). Errors name the file.
 */
int mg_replay(dl_conn *c, const struct mg_dir *dir, const char *to_version);

/*
 * Loads a desired state into a realm. urls are "file://schema.sql",
 * "file://dir" (a folder of .sql files, or a migration directory when it
 * holds atlas.sum or is given ?version=/&format=), or database URLs.
 * Files are executed on dev (which must be clean; it is reset afterwards)
 * and inspected there. *out is freed with sm_realm_free.
 */
int mg_state_load(sm_realm **out, const char *const *urls, size_t n,
		  dl_conn *dev, const dl_inspect_opts *io);

/*
 * Executes a plan on c. Statements marked outside_tx run on their own;
 * each run of the others runs in one transaction (when tx is set), rolled
 * back on failure. "PRAGMA foreign_key_check" fails when it finds rows.
 * *applied_out (may be NULL) counts the statements that succeeded.
 */
int mg_plan_exec(dl_conn *c, const dl_plan *plan, bool tx,
		 size_t *applied_out);

/* The lock a dev database is held under (Atlas's migrate diff lock). */
#define MG_DEV_LOCK "atlas_migrate_diff"
#define MG_DEV_LOCK_TIMEOUT_NS (60 * 1000000000LL)

/*
 * Opens a dev database, takes its lock (MG_DEV_LOCK, per schema when the
 * URL names one; UT_ELOCKED after MG_DEV_LOCK_TIMEOUT_NS) and checks it
 * is clean (reference 6.4: "connected database is not clean: found table
 * ..."). *out closed with dl_close, which releases the lock.
 */
int mg_dev_open(dl_conn **out, const char *url);

/*
 * After a command failed with dev open (may be NULL): drops whatever a
 * failed replay or load left in the dev database, so the next command
 * finds it clean, and keeps the failure as the current error.
 */
void mg_dev_reset_after_error(dl_conn *dev);

#endif
