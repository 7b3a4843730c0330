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
} mg_stmts;

#define MG_STMTS_INIT { 0 }

/*
 * Splits input into statements, appending to out. Honors the
 * "-- atlas:delimiter" first line and DELIMITER commands.
 * Returns 0, or UT_EPARSE with the message "<line>:<col>: <what>"
 * (unclosed quote '\'', unexpected ')', unclosed '(' ...).
 * On error out holds the statements found before the error.
 */
int mg_split(mg_stmts *out, const char *input, size_t len,
	     const mg_split_opts *opts);
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

/*
 * File-level directives: the leading run of comment lines that is followed
 * by a blank line (a comments-only file counts whole).
 */
int mg_file_directives(mg_directives *out, const char *input, size_t len);
/* The i-th comment of a statement (raw text, comment marks included). */
mg_span mg_stmt_comment(const mg_stmts *s, const mg_stmt *stmt, size_t i);
/* Directives among a statement's comments. */
int mg_stmt_directives(mg_directives *out, const mg_stmts *s,
		       const mg_stmt *stmt);
/* The args of the first directive called name, or NULL when absent. */
const char *mg_directives_get(const mg_directives *d, const char *name);
void mg_directives_release(mg_directives *d);

#endif
