/* SPDX-License-Identifier: MIT */
/* hcl/hcl_int.h: expression nodes and the lexer, shared inside hcl/. */
#ifndef STRATA_HCL_HCL_INT_H
#define STRATA_HCL_HCL_INT_H

#include "hcl.h"

typedef enum hcl_ekind {
	E_LIT,      /* val: a constant (number, bool, null, plain string) */
	E_TEMPLATE, /* parts: strings (E_LIT) and interpolations */
	E_TUPLE,    /* items */
	E_OBJECT,   /* keys (expressions) -> items */
	E_TRAV,     /* root name or base expr, then steps */
	E_CALL,     /* name(items...) */
	E_COND,     /* a ? b : c */
	E_BINOP,
	E_UNOP,
	E_FOR,      /* [for k, v in coll : val if cond] / {for ... : k => v} */
	E_TIF,      /* template %{ if a }b%{ else }c%{ endif } (c may be NULL) */
	E_TFOR,     /* template %{ for kvar, vvar in a }b%{ endfor } */
} hcl_ekind;

typedef enum hcl_op {
	OP_OR, OP_AND, OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE,
	OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_MOD, OP_NOT, OP_NEG,
} hcl_op;

/* One traversal step: .name, [expr] or a literal index. */
typedef struct hcl_step {
	const char *name; /* .name; NULL for an index */
	hcl_expr *index;
	uint32_t off;
} hcl_step;

struct hcl_expr {
	hcl_ekind kind;
	uint32_t off;
	const hcl_file *file;
	hcl_value *val;      /* E_LIT */
	const char *name;    /* E_TRAV root, E_CALL function */
	hcl_expr *base;      /* E_TRAV on an expression */
	hcl_step *steps;
	size_t nsteps;
	hcl_expr **items;    /* TEMPLATE parts, TUPLE/OBJECT items, args */
	hcl_expr **keys;     /* OBJECT keys */
	size_t n;
	bool expand;         /* call with args... */
	hcl_op op;
	hcl_expr *a, *b, *c; /* operands; FOR: coll, value, cond */
	hcl_expr *k;         /* FOR object key */
	const char *kvar, *vvar; /* FOR variables (kvar may be NULL) */
	bool obj_for, group;
};

/* Tokens. */
typedef enum hcl_tok {
	T_EOF = 0,
	T_NEWLINE,
	T_COMMENT,
	T_IDENT,
	T_NUMBER,
	T_STRING,  /* a whole quoted template, quotes included */
	T_HEREDOC, /* a whole heredoc, markers included */
	T_PUNCT,   /* one or two characters: { } [ ] ( ) = == != ... */
	T_ELLIPSIS,
} hcl_tok;

typedef struct hcl_token {
	hcl_tok kind;
	uint32_t off;
	uint32_t len;
} hcl_token;

typedef struct hcl_lexer {
	const hcl_file *file;
	const char *src;
	size_t len;
	size_t pos;
} hcl_lexer;

/* The next token from lx->pos (comments included). UT_EPARSE on bad input. */
int hcl__lex(hcl_token *out, hcl_lexer *lx);
/* Length of a quoted template starting at off (at the quote). */
int hcl__scan_string(size_t *end, hcl_lexer *lx, size_t off);
/*
 * A heredoc starting at off ("<<"): *end after its closing marker line,
 * body start/end offsets, the marker, and whether it is indented (<<-).
 */
int hcl__scan_heredoc(size_t *end, size_t *body, size_t *body_end,
		      bool *indented, hcl_lexer *lx, size_t off);

bool hcl__ident_start(int c);
bool hcl__ident_char(int c);

#endif
