/* SPDX-License-Identifier: MIT */
/*
 * migrate/dir.h: a migration directory (reference 1.1-1.3): its URL, its
 * files in order with version and description, and atomic writes into it.
 */
#ifndef STRATA_MIGRATE_DIR_H
#define STRATA_MIGRATE_DIR_H

#include <stdbool.h>
#include <stddef.h>

struct ut_buf;

typedef enum mg_format {
	MG_FORMAT_ATLAS = 0,
	MG_FORMAT_GOLANG_MIGRATE,
	MG_FORMAT_GOOSE,
	MG_FORMAT_FLYWAY,
	MG_FORMAT_LIQUIBASE,
	MG_FORMAT_DBMATE,
} mg_format;

/* "atlas", "golang-migrate", ... */
const char *mg_format_name(mg_format f);

typedef struct mg_file {
	char *name;    /* file name relative to the directory ("1_x.sql") */
	char *path;    /* path to open */
	char *version; /* text before the first '_' of the name minus .sql */
	char *desc;    /* text after the first '_', "" when none */
	char *down;    /* companion file of a foreign format (golang-migrate
			* .down.sql, Flyway U file), relative; NULL if none */
	bool repeatable; /* a Flyway R__ file: runs again when it changes */
} mg_file;

typedef struct mg_dir {
	char *path;   /* filesystem path of the directory */
	char *url;    /* as given, e.g. "file://migrations?format=atlas" */
	mg_format format;
	mg_file *files; /* in directory order */
	size_t nfiles;
	unsigned flags; /* MG_DIR_* given to mg_dir_open */
	/*
	 * The topmost directory mg_dir_open made (MG_DIR_CREATE), malloc'd,
	 * NULL when the directory existed: a failed mg_dir_add_file removes
	 * what it made, so the file system is as before.
	 */
	char *created;
} mg_dir;

/* Flags of mg_dir_open. */
enum {
	MG_DIR_CREATE = 1 << 0, /* mkdir -p when missing (new, diff, import) */
	/*
	 * golang-migrate histories run in file-name order by their tool, with
	 * versions that repeat (migrate import --name-order; formats.h).
	 */
	MG_DIR_NAME_ORDER = 1 << 1,
};

/*
 * Parses a directory URL: "file://path[?format=NAME]" (default
 * "file://migrations"; NULL or "" means the default). *path_out is
 * malloc'd. Errors: UT_EUSAGE for a missing or unknown scheme or format.
 */
int mg_dir_url_parse(char **path_out, mg_format *format_out, const char *url);

/*
 * Opens and lists a directory. *out is freed with mg_dir_free.
 * Errors: UT_ENOTFOUND when it does not exist (without MG_DIR_CREATE),
 * UT_EUSAGE for a bad URL, UT_ERROR for I/O.
 */
int mg_dir_open(mg_dir **out, const char *url, unsigned flags);
void mg_dir_free(mg_dir *dir);

/* Re-lists the files (after a write). */
int mg_dir_rescan(mg_dir *dir);

/* Appends the file's content to out. */
int mg_file_read(const mg_file *f, struct ut_buf *out);

/* The file with this version, or NULL. */
const mg_file *mg_dir_find_version(const mg_dir *dir, const char *version);

/* The file with this name, or NULL. */
const mg_file *mg_dir_find_name(const mg_dir *dir, const char *name);

/* Path of a name inside the directory, malloc'd. */
char *mg_dir_path(const mg_dir *dir, const char *name);

/*
 * Writes name (atomically) and then atlas.sum. When the sum cannot be
 * written the new file is removed again, so the directory is as before
 * (and so are its parents: directories mg_dir_open made are removed).
 */
int mg_dir_add_file(mg_dir *dir, const char *name, const char *data,
		    size_t len);

/* Splits a file name into version and description (reference 1.2). */
void mg_name_parse(char **version_out, char **desc_out, const char *name);

/* Current UTC time as YYYYMMDDhhmmss into buf (15 bytes). */
void mg_version_now(char buf[15]);

/*
 * The version for a new file: the current UTC time, or one second after
 * the directory's last timestamp version when that is not older, so two
 * files made within one second still sort in the order they were made.
 */
void mg_version_next(const mg_dir *dir, char buf[15]);

/* Whether s is a 14-digit YYYYMMDDhhmmss version. */
bool mg_version_is_timestamp(const char *s);

#endif
