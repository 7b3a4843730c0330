/* SPDX-License-Identifier: MIT */
/*
 * migrate/import.h: `migrate import` (reference 3.8): the files of a
 * directory in another tool's layout rewritten as Atlas files, byte for
 * byte as Atlas writes them.
 */
#ifndef STRATA_MIGRATE_IMPORT_H
#define STRATA_MIGRATE_IMPORT_H

#include <stddef.h>

#include "dir.h"
#include "formats.h"

typedef struct mg_import {
	mg_new_file *files; /* in source order */
	size_t len;
} mg_import;

/*
 * Builds the Atlas file of every file of src, a foreign-format
 * directory: "<version>[_<desc>].sql" (Flyway "B2__x" gives "2_x.sql",
 * repeatables "<last version>R_x.sql") holding the up statements split
 * with Atlas's generic scanner, each written as its attached comments
 * then its text with one ";" at the end; comments detached by a blank
 * line, down sections, the Liquibase header and rollback lines are
 * dropped. A file that must run outside a transaction starts with
 * "-- atlas:txmode none". Atlas runs files in name order: when the kept
 * versions would sort differently from the source's order, numbers are
 * zero-padded to one width and Flyway versions to the same parts (9, 10
 * give 09, 10; Flyway 1, 1.1 give 1.0, 1.1), else UT_ECHECKSUM names the
 * file. Nothing is written.
 *
 * goose ENVSUB: Atlas files have no environment substitution, and the
 * values of one environment (passwords among them) do not belong in
 * files, so a statement whose text a substitution changes is an error
 * (UT_ERROR naming file and line) unless flags has MG_IMPORT_ENVSUB:
 * then the values of this process's environment are written. ENVSUB
 * lines inside a StatementBegin block are left out either way.
 * Errors: UT_EUSAGE when src is an atlas directory; the splitter's
 * UT_EPARSE prefixed with the file name. *out freed by mg_import_release.
 */
enum {
	MG_IMPORT_ENVSUB = 1 << 0, /* write substituted goose ENVSUB text */
};
int mg_import_build(mg_import *out, const mg_dir *src, unsigned flags);
void mg_import_release(mg_import *imp);

/*
 * Writes the files into dst and then atlas.sum. dst must be an atlas
 * directory without migration files or atlas.sum (UT_EEXISTS). All or
 * nothing: on failure the files written are removed again.
 */
int mg_import_write(mg_dir *dst, const mg_import *imp);

#endif
