/* SPDX-License-Identifier: MIT */
/*
 * hcl/hcl.h: an HCL2 reader. hcl_parse turns text into an AST owned by an
 * hcl_file (one arena); hcl_eval evaluates expressions of that AST against
 * a scope of variables into hcl_values owned by the evaluator's arena.
 * Every syntax or evaluation error is UT_EPARSE with a message of the form
 *
 *	file:line:col: what went wrong
 *	  <the source line>
 *	  <caret under the column>
 *
 * Two evaluation modes: strict (project files: an unknown variable or
 * function is an error) and symbolic (schema documents: `bigint`,
 * `column.id`, `table.users.column.id` evaluate to HCL_V_REF values and
 * `varchar(255)` to an HCL_V_CALL value, which the schema reader reads).
 */
#ifndef STRATA_HCL_HCL_H
#define STRATA_HCL_HCL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ut.h"

typedef struct hcl_file hcl_file;
typedef struct hcl_expr hcl_expr;
typedef struct hcl_body hcl_body;
typedef struct hcl_block hcl_block;
typedef struct hcl_attr hcl_attr;
typedef struct hcl_value hcl_value;
typedef struct hcl_eval hcl_eval;
typedef struct hcl_scope hcl_scope;

/* ---- AST ------------------------------------------------------------ */

struct hcl_attr {
	const char *name;
	hcl_expr *expr;
	uint32_t off; /* byte offset of the name */
};

struct hcl_block {
	const char *type;
	const char **labels;
	size_t nlabels;
	hcl_body *body;
	uint32_t off;
};

/* One item of a body, in source order. */
typedef struct hcl_item {
	hcl_attr *attr;   /* exactly one of attr and block is set */
	hcl_block *block;
} hcl_item;

struct hcl_body {
	hcl_item *items;
	size_t n;
	const hcl_file *file;
};

struct hcl_file {
	ut_arena arena;
	char *path; /* as given, for messages */
	char *src;  /* the text (NUL-terminated copy) */
	size_t len;
	hcl_body *body;
};

/*
 * Parses text (len bytes) named path into *out, freed with hcl_file_free.
 * UT_EPARSE with a positioned message on a syntax error.
 */
int hcl_parse(hcl_file **out, const char *path, const char *text, size_t len);
/* Reads and parses a file. UT_ENOTFOUND when it does not exist. */
int hcl_parse_file(hcl_file **out, const char *path);
void hcl_file_free(hcl_file *f);

/* The last attribute called name in body, or NULL (borrowed). */
const hcl_attr *hcl_body_attr(const hcl_body *body, const char *name);

/*
 * Sets a positioned error: "path:line:col: <fmt>" plus the source line and
 * a caret. Returns UT_EPARSE.
 */
int hcl_error_at(const hcl_file *f, uint32_t off, const char *fmt, ...)
	UT_PRINTF(3, 4);
/* Offset of an expression and its file (for hcl_error_at). */
uint32_t hcl_expr_off(const hcl_expr *e);
const hcl_file *hcl_expr_file(const hcl_expr *e);
/*
 * The word an expression starts with, unevaluated: the root of a
 * traversal (`string`, `var.x` -> "var") or the function of a call
 * (`list(string)` -> "list"); NULL for others. Reads type constraints.
 */
const char *hcl_expr_word(const hcl_expr *e);
/* The name of a bare identifier expression (`atlas`, `LINEAR`), or NULL. */
const char *hcl_expr_bare_word(const hcl_expr *e);
/* Whether e is a literal null (attr = null). */
bool hcl_expr_is_null(const hcl_expr *e);

/* ---- values ---------------------------------------------------------- */

typedef enum hcl_vkind {
	HCL_V_NULL = 0,
	HCL_V_BOOL,
	HCL_V_NUMBER,
	HCL_V_STRING,
	HCL_V_LIST,   /* tuples, lists and sets (is_set) */
	HCL_V_OBJECT, /* objects and maps: keys[i] -> items[i] */
	HCL_V_REF,    /* symbolic reference: keys[0..n) are its steps */
	HCL_V_CALL,   /* symbolic call: str = name, items = arguments */
	HCL_V_RAW,    /* sql("expr"): str = the SQL text */
	HCL_V_LAZY,   /* internal: forced before any caller sees it */
} hcl_vkind;

typedef struct hcl_lazy hcl_lazy;

struct hcl_value {
	hcl_vkind kind;
	bool b;
	bool is_set;
	bool sensitive; /* derived from a sensitive variable: never print */
	double num;
	const char *str;  /* STRING, RAW, CALL name; NUMBER: literal text */
	size_t n;
	hcl_value **items;
	const char **keys;
	hcl_lazy *lazy;
};

/* A value computed on first use (data sources). */
typedef int (*hcl_lazy_fn)(hcl_value **out, hcl_eval *ev, void *payload);

/* ---- evaluation ------------------------------------------------------ */

struct hcl_scope {
	const hcl_scope *parent;
	ut_map vars; /* root name -> hcl_value */
};

/* A new evaluator; free with hcl_eval_free (frees every value). */
hcl_eval *hcl_eval_new(bool symbolic);
void hcl_eval_free(hcl_eval *ev);
/* The outermost scope (borrowed). */
hcl_scope *hcl_eval_root(hcl_eval *ev);
/* Directory that file(), fileset() resolve relative paths against. */
void hcl_eval_set_dir(hcl_eval *ev, const char *dir);
ut_arena *hcl_eval_arena(hcl_eval *ev);

/* A child scope (released with hcl_scope_release). */
void hcl_scope_init(hcl_scope *s, const hcl_scope *parent);
void hcl_scope_release(hcl_scope *s);
void hcl_scope_set(hcl_scope *s, const char *name, hcl_value *v);
/* Whether name is a variable of s or of its parents. */
bool hcl_scope_has(const hcl_scope *s, const char *name);

/* Evaluates e of file f in scope into *out (borrowed from ev). */
int hcl_eval_expr(hcl_value **out, hcl_eval *ev, const hcl_scope *scope,
		  const hcl_expr *e);
/* Forces a lazy value (no-op for others). */
int hcl_value_force(hcl_value **v, hcl_eval *ev);

/* Constructors (values in ev's arena). */
hcl_value *hcl_val_null(hcl_eval *ev);
hcl_value *hcl_val_bool(hcl_eval *ev, bool b);
hcl_value *hcl_val_number(hcl_eval *ev, double n);
hcl_value *hcl_val_string(hcl_eval *ev, const char *s);
hcl_value *hcl_val_list(hcl_eval *ev, size_t n);   /* n NULL items */
hcl_value *hcl_val_object(hcl_eval *ev, size_t n); /* n NULL keys/items */
/* A lazy value: expr of its file in scope, named for cycle messages. */
hcl_value *hcl_val_lazy_expr(hcl_eval *ev, const char *name,
			     const hcl_expr *e, const hcl_scope *scope);
hcl_value *hcl_val_lazy_fn(hcl_eval *ev, const char *name, hcl_lazy_fn fn,
			   void *payload);

/* The item under key of an object (forced), or NULL. */
hcl_value *hcl_value_get(hcl_eval *ev, hcl_value *obj, const char *key);
/*
 * The value as text: strings as they are, numbers in their shortest
 * form, bools as true/false, RAW as its SQL. NULL for others.
 */
const char *hcl_value_text(hcl_eval *ev, const hcl_value *v);
/* "string", "number", ... for messages. */
const char *hcl_vkind_name(hcl_vkind k);
/* JSON text of v (jsonencode). */
void hcl_value_json(ut_buf *out, const hcl_value *v);
/*
 * HCL expression text that evaluates back to v (forced first: lazy values
 * print as null): strings quoted with ${ and %{ escaped, lists, objects,
 * sql("..."); references and calls print as null.
 */
void hcl_value_literal(ut_buf *out, const hcl_value *v);

/*
 * Expands a block's for_each (if any): *n receives the number of
 * instances (1 without for_each), keys/values the each.key/each.value of
 * each (NULL without for_each). Arrays live in ev's arena.
 */
int hcl_for_each(hcl_value ***keys, hcl_value ***values, size_t *n,
		 bool *has, hcl_eval *ev, const hcl_scope *scope,
		 const hcl_block *b);

/* ---- formatting ------------------------------------------------------- */

/*
 * Rewrites HCL text in canonical form (hclwrite.Format): two-space
 * indentation by nesting, single spaces around operators and `=`, `=`
 * aligned within runs of one-line attributes, no trailing blanks,
 * comments kept. Appends to out. UT_EPARSE when the text does not lex.
 */
int hcl_format(ut_buf *out, const char *path, const char *text, size_t len);

#endif
