/* SPDX-License-Identifier: MIT */
/*
 * lint/lint_int.h: what the files of lint/ share: the per-file analysis
 * context (statements with their changes, spans), the statement
 * tokenizer, the PostgreSQL parse helpers and the emitters.
 */
#ifndef STRATA_LINT_LINT_INT_H
#define STRATA_LINT_LINT_INT_H

#include <jansson.h>

#include "diff.h"
#include "lint.h"
#include "split.h"

/* ---- tokenizer (tok.c) ---- */

typedef enum lt_tok_kind {
	LT_TOK_WORD,   /* keyword or bare identifier */
	LT_TOK_QUOTED, /* "x", `x`, [x] */
	LT_TOK_STRING, /* 'x' */
	LT_TOK_NUMBER,
	LT_TOK_PUNCT,  /* one character: ( ) , ; . = ... */
} lt_tok_kind;

typedef struct lt_tok {
	lt_tok_kind kind;
	const char *p; /* into the statement text */
	size_t n;
} lt_tok;

typedef UT_VEC(lt_tok) lt_toks;

/* Tokenizes SQL text (comments skipped). */
void lt_tokenize(lt_toks *out, const char *text, size_t len);
/* Whether token i exists and is the keyword kw (case-insensitive). */
bool lt_tok_is(const lt_toks *t, size_t i, const char *kw);
/* Whether token i is the one-character punctuation c. */
bool lt_tok_punct(const lt_toks *t, size_t i, char c);
/* Index of the first keyword kw at or after i, or t->len. */
size_t lt_tok_find(const lt_toks *t, size_t i, const char *kw);
/* The identifier at token i, unquoted, into the arena. */
char *lt_tok_ident(ut_arena *a, const lt_tok *tok);
/*
 * Reads a possibly qualified name at *i ("a", "s"."a"): sets *name (and
 * *schema, NULL when unqualified) and advances *i. false when no name.
 */
bool lt_tok_qname(ut_arena *a, const lt_toks *t, size_t *i, char **schema,
		  char **name);

/* ---- the analysis context ---- */

typedef struct lt_stmt {
	const char *text;
	size_t len;
	size_t pos;
	int line;
	sm_change_vec changes; /* what this statement changed (arena vec) */
	lt_toks toks;
	json_t *pg;    /* PostgreSQL: the statement node ({"IndexStmt":..}) */
	bool nolint_all;
	const char *nolint; /* statement nolint arguments, NULL when none */
	bool in_tx;         /* inside an explicit BEGIN ... COMMIT */
	bool failed;        /* did not execute */
	const sm_realm *before, *after; /* dev states around it (may be NULL) */
} lt_stmt;

typedef struct lt_file {
	ut_arena *arena;      /* the result's arena */
	const lt_config *cfg;
	const char *dialect;  /* "sqlite", "postgres", "mysql" */
	const mg_file *mf;
	const char *text;
	size_t len;
	lt_stmt *stmts;
	size_t nstmts;
	const char *file_nolint; /* file-level nolint args, NULL when none */
	bool txmode_none;     /* atlas:txmode none */
	bool replayed;        /* changes come from a dev database */
	ut_map added, dropped; /* span keys (lt_key) -> (void *)1 */
	ut_map created_pg;    /* tables created in the file, from parses */
	lt_file_report *rep;
	lt_report *cur;       /* report of the analyzer running */
	const lt_analyzer_info *an;
} lt_file;

/* Span key of an object: "<kind>:<qualified name>", in the arena. */
const char *lt_key(ut_arena *a, const sm_object *o);
/* Whether o (by name) was added / dropped in the file. */
bool lt_added(lt_file *f, const sm_object *o);
bool lt_dropped(lt_file *f, const sm_object *o);
/* Whether table name (unqualified) was created in the file. */
bool lt_table_new(lt_file *f, const char *schema, const char *name);

/*
 * Emits a diagnostic at statement s under the running analyzer, unless
 * nolint suppresses it. fix may be NULL. Returns the diagnostic or NULL.
 */
lt_diag *lt_emit(lt_file *f, const lt_stmt *s, const char *code,
		 const char *fix, const char *fmt, ...) UT_PRINTF(5, 6);
/* Go %q quoting into the arena. */
const char *lt_q(lt_file *f, const char *s);
/* Adds a fix to a diagnostic. */
void lt_diag_fix(lt_file *f, lt_diag *d, const char *fmt, ...) UT_PRINTF(3, 4);

/* Rule set of one analyzer. */
typedef void (*lt_check_fn)(lt_file *f);

typedef struct lt_check {
	const char *analyzer; /* name in lt_analyzers */
	lt_check_fn fn;
} lt_check;

/* Every check in report order (analyzers.c) */
extern const lt_check lt_checks[];
extern const size_t lt_nchecks;

/* Runs every check over f into f->rep. */
void lt_analyze(lt_file *f);

/* ---- PostgreSQL parse helpers (pg.c) ---- */

/*
 * Parses one statement with libpg_query. Returns the statement node
 * ({"IndexStmt": {...}}) owned by the caller (json_decref), or NULL when
 * the text does not parse (msg set to the parser's message, malloc'd).
 */
json_t *lt_pg_parse(const char *text, size_t len, char **msg);
/* The node type name ("IndexStmt") and body of a node, or NULL. */
const char *lt_pg_type(json_t *node, json_t **body);
/* Member helpers: NULL / false / "" when absent. */
json_t *lt_pg_get(json_t *o, const char *key);
const char *lt_pg_str(json_t *o, const char *key);
bool lt_pg_bool(json_t *o, const char *key);
/* String value of a {"String":{"sval":..}} node. */
const char *lt_pg_sval(json_t *node);
/* Type name of a TypeName node, last part lower case ("int4", "varchar"). */
const char *lt_pg_typename(json_t *typename_node);
/* Whether a TypeName has type modifiers (varchar(10)). */
bool lt_pg_has_typmods(json_t *typename_node);

/* ---- SQLite table-rebuild folding and renames (replay.c) ---- */

/* Builds a change in the arena. */
sm_change *lt_change_new(ut_arena *a, sm_op op, sm_kind kind,
			 const sm_object *from, const sm_object *to);

#endif
