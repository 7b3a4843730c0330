/* SPDX-License-Identifier: MIT */
/*
 * migrate/formats.h: directories in the layouts of other migration tools
 * (reference 1.3, 3.8): golang-migrate, goose, Flyway, dbmate and
 * Liquibase formatted SQL. Listing such a directory, the statements of a
 * file's up part, and new files written in the tool's layout.
 *
 * A foreign file is never rewritten in order to run it: its up part is a
 * set of byte ranges of the file, each split on its own, so statements,
 * their positions and line numbers point into the file as it is on disk.
 */
#ifndef STRATA_MIGRATE_FORMATS_H
#define STRATA_MIGRATE_FORMATS_H

#include <stdbool.h>
#include <stddef.h>

#include "dir.h"
#include "split.h"
#include "ut.h"

struct dl_plan;

/*
 * Lists a directory of a foreign format into dir->files (mg_dir_rescan
 * calls it). Order and naming follow each tool (reference 1.3):
 * golang-migrate lists <v>_<title>.up.sql (desc without ".up"), paired
 * with its .down.sql; goose and dbmate <v>_<title>.sql; Liquibase every
 * .sql with the "--liquibase formatted sql" header; Flyway walks sub
 * folders (names are relative paths) and lists the newest B baseline,
 * the V files after it in dotted-version order, then the R repeatables
 * (version "<last version>R", f->repeatable set; two with one
 * description are an error); a U file is the companion of its V.
 * Numeric versions sort as numbers.
 *
 * Errors, UT_ECHECKSUM with the file named: a file of another layout in
 * the folder ("mixed layouts"), a version appearing twice, a down (undo)
 * file without its up file, a file without its tool's up marker.
 * With MG_DIR_NAME_ORDER (golang-migrate only), files ending in "up.sql"
 * are taken in file-name order, down files are not checked, and files
 * that share a version get <v>.1, <v>.2, ... (zero-padded) in that order.
 */
int mg__formats_scan(mg_dir *dir);

/*
 * The statements a file runs: for an atlas directory mg_split of the
 * whole text; for a foreign format only its up part (goose "-- +goose
 * Up" section with StatementBegin/End blocks as one statement each,
 * dbmate "-- migrate:up" section, Liquibase changesets without the
 * header and the rollback lines). text/len is the file's content (read
 * with mg_file_read); statements point into it and count positions and
 * lines from its start. *no_tx (may be NULL) is set when the file must
 * run outside a transaction (goose NO TRANSACTION, dbmate
 * transaction:false, Liquibase runInTransaction:false).
 * Errors: UT_EPARSE from the splitter ("<line>:<col>: ..."), UT_ECHECKSUM
 * for a malformed file (a goose StatementBegin without its end).
 */
int mg_file_split(mg_stmts *out, bool *no_tx, const mg_dir *dir,
                  const mg_file *f, const char *text, size_t len,
                  const mg_split_opts *opts);

/* A file to write into a directory. */
typedef struct mg_new_file {
	char *name; /* malloc'd, relative to the directory */
	ut_buf data;
} mg_new_file;

/* The files of one new migration: the main (up) file, then its down. */
typedef struct mg_new_files {
	mg_new_file items[2];
	size_t len;
} mg_new_files;

void mg_new_files_release(mg_new_files *f);

/*
 * File names of a version in format fmt: *up_out is the main file,
 * *down_out the companion (golang-migrate .down.sql, Flyway U) or NULL.
 * desc may be NULL or "". Both malloc'd.
 */
void mg_format_file_names(char **up_out, char **down_out, mg_format fmt,
                          const char *version, const char *desc);

/*
 * Builds the files of a new migration in format fmt (reference 3.8
 * export formatters). plan is NULL for an empty file (`migrate new`).
 * Down sections hold the statements' reverse in reverse order; a
 * statement without one gets a comment saying so. indent as in
 * mg_plan_format (atlas, golang-migrate and Flyway only).
 */
void mg_format_new(mg_new_files *out, mg_format fmt, const char *version,
                   const char *name, const struct dl_plan *plan,
                   const char *indent);

/*
 * Writes the files (each atomically) and then atlas.sum. When anything
 * fails the files written are removed again. UT_EEXISTS when one exists.
 */
int mg_dir_add_files(mg_dir *dir, const mg_new_files *files);

/*
 * mg_format_new then mg_dir_add_files: the new migration of a plan (NULL
 * for an empty one) in the directory's format, and atlas.sum.
 */
int mg_dir_add_plan(mg_dir *dir, const char *version, const char *name,
                    const struct dl_plan *plan, const char *indent);

/*
 * The version after last for a renumbered file: one second after a
 * YYYYMMDDhhmmss timestamp (or now, when later), the next number for a
 * plain number (zero-padded to its width), else now. last may be NULL.
 * malloc'd.
 */
char *mg_version_after(const char *last);

/* A file renamed by mg_dir_rebase (names relative to the directory). */
typedef struct mg_rename {
	char *from;
	char *to;
} mg_rename;

void mg_renames_free(mg_rename *r, size_t n);

/*
 * `migrate rebase`: renumbers the files of the given versions so they
 * come after every other file (new versions by mg_version_after, in
 * directory order, descriptions kept; companion down/undo files move
 * with them), then rewrites atlas.sum whatever it held (a merge conflict
 * in it is resolved this way). Files that already come last keep their
 * names. *out lists the renames of main files (may be empty).
 * Errors: UT_ENOTFOUND for an unknown version, UT_EUSAGE for a Flyway
 * baseline or repeatable, UT_EEXISTS when a new name is taken; on any
 * failure the renames done are undone.
 */
int mg_dir_rebase(mg_rename **out, size_t *nout, mg_dir *dir,
                  const char *const *versions, size_t nversions);

/*
 * Flyway repeatables (f->repeatable): the version of the file's row in
 * the revision table (MG_REV_REPEATABLE_PREFIX + description, rev.h),
 * malloc'd; and the file's own content hash (base64 SHA-256 of its
 * bytes, no "h1:"), which the row keeps: a repeatable runs again when
 * the two differ. mg_repeatable_hash fails (UT_ERROR) when the file
 * cannot be read; *out is malloc'd.
 */
char *mg_repeatable_version(const mg_file *f);
int mg_repeatable_hash(char **out, const mg_file *f);

/* Whether a version string is all digits (and not empty). */
bool mg_version_is_number(const char *s);

/*
 * Compares two versions the way fmt orders them: numbers as numbers for
 * golang-migrate, goose and dbmate, dotted versions component-wise for
 * Flyway, bytes otherwise.
 */
int mg_version_cmp(mg_format fmt, const char *a, const char *b);

#endif
