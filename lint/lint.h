/* SPDX-License-Identifier: MIT */
/*
 * lint/lint.h: `migrate lint` as a library. The new files of a migration
 * directory are replayed statement by statement on a dev database; the
 * schema changes each statement makes (and, for PostgreSQL, its parse
 * tree) go through the analyzers, whose findings form a report in Atlas's
 * shape (reference 3.7 and 4). Nothing here prints: lt_format_* write the
 * report into a buffer and cmd/ prints it.
 */
#ifndef STRATA_LINT_LINT_H
#define STRATA_LINT_LINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dir.h"
#include "driver.h"
#include "ut.h"

/* One entry of the rule catalogue (docs/lint-rules.md lists the same). */
typedef struct lt_rule {
	const char *code;     /* "DS102" */
	const char *analyzer; /* nolint name of its analyzer: "destructive" */
	const char *name;     /* short slug: "drop-table" */
	const char *summary;  /* one line */
	const char *dialects; /* "all", "sqlite", "postgres", "mysql", "postgres mysql" */
} lt_rule;

/* The catalogue, ended by a NULL code. */
extern const lt_rule lt_rules[];
/* The rule with this code, or NULL. */
const lt_rule *lt_rule_find(const char *code);

/* An analyzer: a group of rules reported together under one heading. */
typedef struct lt_analyzer_info {
	const char *name; /* nolint name and config key ("destructive") */
	const char *text; /* report heading ("destructive changes detected") */
	bool error;       /* default of `error = true|false` */
} lt_analyzer_info;

extern const lt_analyzer_info lt_analyzers[];
extern const size_t lt_nanalyzers;

/* Naming policy: lint { naming { match = "..." table { match = ... } } }. */
typedef struct lt_naming_rule {
	const char *match;   /* POSIX extended regex, NULL = inherit */
	const char *message; /* NULL = inherit / default text */
} lt_naming_rule;

typedef struct lt_naming {
	bool enabled;
	lt_naming_rule all; /* the global match/message */
	lt_naming_rule schema, table, column, index, fk, check;
} lt_naming;

/* Per-analyzer error override. */
typedef struct lt_error_override {
	const char *analyzer; /* nolint name, or a rule code */
	bool error;
} lt_error_override;

/*
 * What the project file's lint { } block says; the command fills it
 * (zero = defaults: destructive is an error, the rest warnings, naming off,
 * every concurrent-index check on, non-linear is a warning).
 */
typedef struct lt_config {
	const lt_error_override *errors;
	size_t nerrors;
	lt_naming naming;
	bool no_check_create;  /* concurrent_index { check_create = false } */
	bool no_check_drop;    /* concurrent_index { check_drop = false } */
	bool no_check_txmode;  /* concurrent_index { check_txmode = false } */
	bool non_linear_error; /* non_linear { error = true }: exit 3 */
	bool no_own_rules;     /* only Atlas's analyzers (ST codes off) */
} lt_config;

/* Whether an analyzer (by name) reports as an error under cfg. */
bool lt_config_error(const lt_config *cfg, const char *analyzer);

typedef struct lt_fix {
	const char *message;
} lt_fix;

typedef struct lt_diag {
	size_t pos;       /* byte offset of the statement in the file */
	int line;         /* 1-based line of the statement */
	const char *text; /* the message */
	const char *code; /* "DS102" */
	UT_VEC(lt_fix) fixes;
} lt_diag;

typedef struct lt_report {
	const char *analyzer; /* nolint name */
	const char *text;     /* heading */
	UT_VEC(lt_diag) diags;
	bool error; /* the analyzer is configured as error (and fired) */
} lt_report;

typedef struct lt_file_report {
	const char *name;    /* file name in the directory */
	const char *path;    /* path to show (dir path + name) */
	const char *version;
	const char *text;    /* the file's content */
	UT_VEC(lt_report) reports;
	const char *error;   /* replay failure, NULL when none */
	size_t changes;      /* schema changes the file makes */
	bool skipped;        /* file-level atlas:nolint without arguments */
	int64_t ns;          /* time spent on the file */
} lt_file_report;

typedef struct lt_step {
	const char *name;  /* "Migration Integrity Check", "Analyze 2.sql" ... */
	const char *text;  /* "" when none */
	const char *error; /* NULL when the step passed */
	lt_file_report *file; /* Analyze steps only */
} lt_step;

typedef struct lt_result {
	ut_arena arena; /* everything below lives here */
	const char *driver;
	const char *dev_url; /* redacted */
	const char *dir_url;
	const char *base_version; /* last base file's version, NULL = none */
	size_t nfiles;            /* new files */
	const char *last_version;
	UT_VEC(lt_step) steps;
	UT_VEC(lt_file_report *) files;
	bool step_failed; /* a step failed (exit 1) */
	bool errors;      /* an analyzer configured as error fired */
	size_t ndiags, nchanges;
	int64_t ns;
	/* replay statistics, for benchmarks and tests */
	size_t cache_hits, cache_stores, base_replayed;
	uint64_t base_key; /* cache key of the whole base, 0 = no cache */
} lt_result;

void lt_result_free(lt_result *r);

typedef struct lt_opts {
	const lt_config *cfg; /* NULL = defaults */
	/*
	 * Index of the first new file; files before it are the base. When
	 * added is not NULL, added[i] says file i was added by the change
	 * under review (--git-base): files after first_new that were not
	 * added, or added files before it, make the directory non-linear.
	 */
	size_t first_new;
	const bool *added;
	/*
	 * The dev database. NULL runs without replay (dialect must be set):
	 * only rules that read statements fire (tests of PostgreSQL rules
	 * without a server).
	 */
	dl_conn *dev;
	const char *dialect; /* "sqlite", "postgres", "mysql" when dev NULL */
	/*
	 * Replay cache folder; NULL = lt_cache_dir(), "" = no cache at all.
	 * Dev databases without snapshots (PostgreSQL, MySQL) keep the cache
	 * on their server instead (driver stash_*): on unless this is "" or
	 * STRATA_CACHE_DIR is set to "".
	 */
	const char *cache_dir;
	/*
	 * Server caches: base replays shorter than this are not stored (0 =
	 * the default, half a second; negative = always store, for tests).
	 */
	int64_t stash_min_ns;
	/* Inspect the whole dev database after every statement (tests). */
	bool full_inspect;
} lt_opts;

/*
 * Runs the lint steps over dir: integrity check (atlas.sum), detection
 * (and the non-linear check), replay of the base files (cached by
 * content), then per new file replay and analysis. Failures of a step are
 * recorded in the result (step error, file error), not returned: the
 * return value is 0, or an error only when nothing could be reported (bad
 * options, UT_EDB when the dev database cannot be reset). *out is freed
 * with lt_result_free.
 */
int lt_run(lt_result **out, const mg_dir *dir, const lt_opts *opts);

/*
 * The cache folder: $STRATA_CACHE_DIR, else $XDG_CACHE_HOME/strata/lint,
 * else ~/.cache/strata/lint; malloc'd, NULL when none can be found.
 * STRATA_CACHE_DIR set to "" turns the cache off (returns NULL).
 */
char *lt_cache_dir(void);

/*
 * Whether the replay cache is on for an lt_opts.cache_dir value: not when
 * it is "", nor, for NULL, when STRATA_CACHE_DIR is set to "".
 */
bool lt_cache_on(const char *cache_dir);

/*
 * Output formats. text: Atlas's default template (colours off); json:
 * {{ json . }}; json_files: {{ json .Files }}; github: workflow commands;
 * sarif: SARIF 2.1.0.
 */
typedef enum lt_format {
	LT_FMT_TEXT,
	LT_FMT_JSON,
	LT_FMT_JSON_FILES,
	LT_FMT_GITHUB,
	LT_FMT_SARIF,
} lt_format;

/* Parses --format; UT_EUSAGE for an unknown one. NULL/"" = text. */
int lt_format_parse(lt_format *out, const char *s);
void lt_format_write(ut_buf *out, const lt_result *r, lt_format fmt);

/*
 * Word-wraps "prefix + text" as Atlas's template does: words accumulate
 * and a line breaks before a word when the letters so far (spaces not
 * counted) plus the word exceed 85 - strlen(prefix); continuation lines
 * are indented by 9 spaces. Appends to out, no final newline.
 */
void lt_wrap(ut_buf *out, const char *prefix, const char *text);

/*
 * --git-base: marks the files of dir added since the merge base of
 * base_branch and HEAD in the repository at git_dir, plus files added to
 * the index or the work tree and not committed yet. added must hold
 * dir->nfiles entries. Errors (one line each): UT_ENOTFOUND "base branch
 * 'x' not found", UT_ERROR "migration directory '...' is outside the
 * repository '...'", UT_ERROR for a shallow clone without the base commit.
 */
int lt_git_added(bool *added, const mg_dir *dir, const char *git_dir,
		 const char *base_branch);

#endif
