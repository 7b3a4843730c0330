/* SPDX-License-Identifier: MIT */
/*
 * schema/erd_int.h: the drawing model shared by the ERD writers (erd.c,
 * html.c): the tables to draw with their columns, key markers, resolved
 * foreign-key edges and, for a diff ERD, the state of each element.
 * Independent of any layout. Private to schema/.
 */
#ifndef STRATA_SCHEMA_ERD_INT_H
#define STRATA_SCHEMA_ERD_INT_H

#include <stddef.h>

#include "erd.h"
#include "diff.h"
#include "schema.h"

/* Column markers (bit set). */
enum {
	SM__ERD_PK = 1u << 0, /* part of the primary key */
	SM__ERD_FK = 1u << 1, /* part of a foreign key */
	SM__ERD_UK = 1u << 2, /* unique on its own (unique index/constraint) */
	SM__ERD_IX = 1u << 3, /* leads an index (not already UK/PK alone) */
	SM__ERD_NULL = 1u << 4, /* nullable */
};

typedef enum sm__erd_state {
	SM__ERD_SAME = 0,
	SM__ERD_ADDED,
	SM__ERD_CHANGED,
	SM__ERD_DROPPED,
} sm__erd_state;

#define SM__ERD_NONE ((size_t)-1)

typedef struct sm__erd_col {
	const sm_column *col;
	unsigned flags;
	sm__erd_state state;
} sm__erd_col;

typedef struct sm__erd_fk {
	const sm_foreign_key *fk;
	size_t target;   /* index into sm__erd.tables, SM__ERD_NONE if absent */
	size_t from_row; /* row of the first column in its table, or NONE */
	size_t to_row;   /* row of the first referenced column, or NONE */
	const char *ref_schema; /* the referenced schema's name (never NULL) */
	sm__erd_state state;
} sm__erd_fk;

typedef struct sm__erd_table {
	const sm_table *t;
	size_t schema; /* index into sm__erd.schemas */
	sm__erd_state state;
	UT_VEC(sm__erd_col) cols; /* the table's columns, then dropped ones */
	UT_VEC(sm__erd_fk) fks;   /* the table's FKs, then dropped ones */
	UT_VEC(const sm_index *) dropped_indexes; /* diff: indexes removed */
} sm__erd_table;

/* One object touched by a change (diff models). */
typedef struct sm__erd_chg {
	const void *obj; /* the change's from or to object */
	const sm_change *change;
} sm__erd_chg;

/*
 * A view or materialized view: a box of its own kind listing the columns
 * the database reports for it, with no keys and no edges (which tables
 * a view reads is not known in general).
 */
typedef struct sm__erd_view {
	const sm_view *v;
	size_t schema; /* index into sm__erd.schemas */
	sm__erd_state state;
} sm__erd_view;

typedef struct sm__erd {
	UT_VEC(const char *) schemas; /* names, borrowed from the realms */
	UT_VEC(sm__erd_table) tables;
	UT_VEC(sm__erd_view) views; /* after the tables, realm order */
	bool diff;
	UT_VEC(sm__erd_chg) chg; /* sorted by obj */
	ut_map keys;             /* "<schema index>\x1f<table>" -> index + 1 */
	ut_arena arena;          /* the keys */
} sm__erd;

/*
 * Builds the model of r. With from and changes (both or neither), a diff
 * model: r's tables and views marked by the changes, then those only in
 * from (dropped). Release with sm__erd_release.
 */
void sm__erd_build(sm__erd *e, const sm_realm *r, const sm_realm *from,
                   const sm_changes *changes);
void sm__erd_release(sm__erd *e);

/*
 * State of a realm object (table, column, index, foreign key) in a diff
 * model: ADDED/CHANGED/DROPPED by the change that names it, else SAME.
 */
sm__erd_state sm__erd_obj_state(const sm__erd *e, const void *obj);

/*
 * Appends s escaped for XML/HTML text and attribute values (& < > " ' as
 * entities), control characters as spaces and invalid UTF-8 as U+FFFD.
 */
void sm__erd_put_xml(ut_buf *b, const char *s);

/*
 * The viewer's templates, embedded at build time from schema/erd_template/
 * by embed.cmake (NUL-terminated).
 */
extern const unsigned char sm__erd_tpl_html[];
extern const unsigned char sm__erd_tpl_css[];
extern const unsigned char sm__erd_tpl_js[];

#endif
