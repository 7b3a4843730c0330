/* SPDX-License-Identifier: MIT */
/*
 * migrate/split.h: the SQL statement splitter, compatible with Atlas's
 * sql/migrate/lex.go Scanner (reference section 2). Statements point into
 * the input (zero copy): the input must outlive the result.
 */
#ifndef STRATA_MIGRATE_SPLIT_H
#define STRATA_MIGRATE_SPLIT_H

#include <stdbool.h>
#include <stddef.h>

/* Scanner options; see mg_split_opts_for() for each dialect's set. */
typedef struct mg_split_opts {
	bool match_begin;        /* BEGIN ... END blocks (triggers, routines) */
	bool match_begin_atomic; /* BEGIN ATOMIC ... END (PG, SQL standard) */
	bool dollar_quote;       /* $tag$ ... $tag$ (PostgreSQL) */
	bool backslash_escapes;  /* '\'' inside quotes (MySQL) */
	bool escaped_string_ext; /* E'\'' strings (PostgreSQL) */
	bool hash_comments;      /* # comments (MySQL) */
	/*
	 * MySQL executable comments (a block comment opening with '!', or
	 * MariaDB's 'M!') at the start of a statement are statement text,
	 * not comments. Off for migration files, as in Atlas; on for schema
	 * files (mysqldump's SET FOREIGN_KEY_CHECKS=0 and friends).
	 */
	bool exec_comments;
	const char *delimiter;   /* initial delimiter; NULL = ";" */
} mg_split_opts;

typedef enum mg_dialect_kind {
	MG_SPLIT_GENERIC = 0, /* Atlas's Stmts(): foreign formats, import */
	MG_SPLIT_SQLITE,
	MG_SPLIT_POSTGRES,
	MG_SPLIT_MYSQL,
	MG_SPLIT_ALL, /* every option on (Atlas's lex tests) */
} mg_dialect_kind;

mg_split_opts mg_split_opts_for(mg_dialect_kind kind);

/* A span of the input. */
typedef struct mg_span {
	const char *ptr;
	size_t len;
} mg_span;

typedef struct mg_stmt {
	size_t pos;       /* byte offset of the statement start in the input */
	const char *text; /* points into the input; trimmed */
	size_t len;       /* length of text; ";" kept, a custom delimiter not */
	/*
	 * The statement as written in the input: the same as text, except
	 * when mg_file_split rewrote text (goose ENVSUB substitution), which
	 * then points into the stmts' owned buffers. Show src, run text.
	 */
	const char *src;
	size_t src_len;
	size_t comment_first; /* index of its first comment in comment_pool */
	size_t ncomments;     /* leading comments attached to the statement */
	int line; /* 1-based line of pos */
} mg_stmt;

typedef struct mg_stmts {
	mg_stmt *items;
	size_t len;
	size_t cap;
	mg_span *comment_pool; /* every statement's comments, in order */
	size_t ncomment_pool, comment_pool_cap;
	char **owned;  /* rewritten statement texts (malloc'd), or NULL */
	size_t nowned;
	size_t nsubst; /* environment references substituted (goose ENVSUB) */
} mg_stmts;

#define MG_STMTS_INIT { 0 }

/*
 * Splits input into statements, appending to out (start from
 * MG_STMTS_INIT). Honors the "-- atlas:delimiter" first line (its "\n",
 * "\r", "\t" escapes decoded) and DELIMITER commands. Statement text is
 * trimmed; the default ";" is kept, a custom delimiter is not; a "\n" in
 * a custom delimiter also matches "\r\n". Leading comments of a statement
 * are stored in comment_pool (raw, marks and the newline of "--"/"#"
 * included); a group followed by a blank line is dropped. pos and line
 * count from the start of input, "-- atlas:delimiter" line included.
 * Empty statements (a custom delimiter right after another) are skipped.
 * Bytes that are not UTF-8 are split like any others.
 *
 * Returns 0, or UT_EPARSE with the message "<line>:<col>: <what>" (column
 * in UTF-8 characters): "unclosed quote '\''" (at the opening quote),
 * "unexpected ')'", "unclosed '('" (at the outermost unclosed paren),
 * "DELIMITER command without a delimiter"; or "no input found after
 * delimiter" when the file is only an atlas:delimiter line.
 * On error out holds the statements found before the error.
 */
int mg_split(mg_stmts *out, const char *input, size_t len,
	     const mg_split_opts *opts);
/* Frees the arrays and owned texts (not the input); MG_STMTS_INIT after. */
void mg_stmts_release(mg_stmts *s);

/*
 * Directives (reference 2.3): "atlas:<name> [args]" comments.
 */
typedef struct mg_directive {
	char *name; /* malloc'd */
	char *args; /* malloc'd, "" when none */
} mg_directive;

typedef struct mg_directives {
	mg_directive *items;
	size_t len;
} mg_directives;

#define MG_DIRECTIVES_INIT { NULL, 0 }

/*
 * Matches one line (stops at its first '\n'; a '\r' before it is
 * ignored) against Atlas's ^([ -~]*)atlas:(\w+)(?: +(.+))*. On a match
 * fills the spans (pointing into line; args->len == 0 when there are
 * none) and returns true.
 */
bool mg_directive_match(mg_span *prefix, mg_span *name, mg_span *args,
			const char *line, size_t len);
/*
 * File-level directives, appended to out: those of the leading run of
 * lines starting with "--" or "#", when a blank line follows the run (a
 * comments-only file counts whole). Any prefix is accepted. Returns 0.
 */
int mg_file_directives(mg_directives *out, const char *input, size_t len);
/* The i-th comment of a statement (raw text, comment marks included). */
mg_span mg_stmt_comment(const mg_stmts *s, const mg_stmt *stmt, size_t i);
/*
 * Directives among a statement's comments, appended to out: comments
 * whose prefix is exactly "--", "-- " or "#", and one-line block comments
 * ("/\* atlas:nolint DS103 *\/", args without the trailing spaces).
 * Returns 0.
 */
int mg_stmt_directives(mg_directives *out, const mg_stmts *s,
		       const mg_stmt *stmt);
/* The args of the first directive called name, or NULL when absent. */
const char *mg_directives_get(const mg_directives *d, const char *name);
/* Frees every name and args; d is MG_DIRECTIVES_INIT after. */
void mg_directives_release(mg_directives *d);

#endif
