/* SPDX-License-Identifier: MIT */
/*
 * schema/diff.h: two realms -> an ordered list of changes (reference 8:
 * Atlas's diff order). A change borrows its objects from both realms and
 * must not outlive them.
 */
#ifndef STRATA_SCHEMA_DIFF_H
#define STRATA_SCHEMA_DIFF_H

#include "schema.h"

typedef enum sm_op {
	SM_OP_ADD,
	SM_OP_DROP,
	SM_OP_MODIFY,
	SM_OP_RENAME,
} sm_op;

/* What changed in a MODIFY (bit set). */
enum {
	SM_CHG_TYPE = 1u << 0,
	SM_CHG_NULL = 1u << 1,
	SM_CHG_DEFAULT = 1u << 2,
	SM_CHG_COLLATE = 1u << 3,
	SM_CHG_CHARSET = 1u << 4,
	SM_CHG_COMMENT = 1u << 5,
	SM_CHG_GENERATED = 1u << 6,
	SM_CHG_AUTOINC = 1u << 7,
	SM_CHG_IDENTITY = 1u << 8,
	SM_CHG_ATTR = 1u << 9,     /* a generic attr (engine, strict ...) */
	SM_CHG_UNIQUE = 1u << 10,
	SM_CHG_PARTS = 1u << 11,   /* index parts, FK columns */
	SM_CHG_WHERE = 1u << 12,
	SM_CHG_METHOD = 1u << 13,
	SM_CHG_REF = 1u << 14,     /* FK referenced table or columns */
	SM_CHG_ACTION = 1u << 15,  /* FK ON UPDATE/DELETE, deferrable */
	SM_CHG_DEF = 1u << 16,     /* definition of a view/trigger/routine */
	SM_CHG_EXPR = 1u << 17,    /* check expression */
	SM_CHG_VALUES = 1u << 18,  /* enum values */
	SM_CHG_POSITION = 1u << 19,/* column order */
	SM_CHG_ON_UPDATE = 1u << 20,
	SM_CHG_OPTIONS = 1u << 21, /* sequence options, check flags ... */
	SM_CHG_NAME = 1u << 22,    /* constraint name (primary key) */
};

typedef struct sm_change sm_change;
typedef UT_VEC(sm_change *) sm_change_vec;

struct sm_change {
	sm_op op;
	sm_kind kind;           /* kind of the object changed */
	const sm_object *from;  /* NULL for ADD */
	const sm_object *to;    /* NULL for DROP */
	unsigned mask;          /* SM_CHG_* for MODIFY */
	sm_change_vec subs;     /* MODIFY table/view: the changes inside it */
};

typedef struct sm_changes {
	ut_arena arena;
	sm_change_vec items;
	/* the realms sm_diff compared (borrowed; NULL when built otherwise) */
	const sm_realm *from, *to;
} sm_changes;

typedef struct sm_diff_opts {
	/* skip policy: diff { skip { drop_table = true ... } } */
	bool skip_drop_schema, skip_drop_table, skip_drop_column,
		skip_drop_index, skip_drop_fk, skip_add_schema;
	/*
	 * Compare the single schema of each realm regardless of its name
	 * (schema-scoped URLs, reference 3.6).
	 */
	bool ignore_schema_names;
} sm_diff_opts;

/*
 * Computes the changes that turn from into to. *out is freed with
 * sm_changes_free; its changes borrow objects from both realms (which are
 * only read). opts may be NULL (defaults). Order, as Atlas (reference 8):
 * realm objects (extensions); then per schema present on both sides:
 * MODIFY schema (attrs), types, sequences, tables in from-order (DROP, or
 * MODIFY whose subs hold checks, column drops/modifies in from-order,
 * column adds in to-order, the PK, indexes, FKs and triggers, each group
 * drop/modify then add; table attrs are bits of its own mask), ADD table
 * in to-order, then views, functions (matched by name and args) and
 * events; then DROP schema for the missing schemas and ADD schema, each
 * followed by ADD of its types, sequences, tables, views, functions and
 * events. Added objects carry no subs. Renames are never inferred.
 * Errors: UT_ERROR when ignore_schema_names is set and a realm holds more
 * than one schema (*out is NULL then).
 */
int sm_diff(sm_changes **out, const sm_realm *from, const sm_realm *to,
	    const sm_diff_opts *opts);
void sm_changes_free(sm_changes *c);

/* Whether there is nothing to do. */
bool sm_changes_empty(const sm_changes *c);

/*
 * Qualified name for messages, each part Go %q-quoted and joined by '.':
 * the schema (only when its name is neither "" nor "main"), then the
 * object's named ancestors and the object: "public"."t"."c", "t". Unnamed
 * parts (constraints named "") are left out; a schema or an extension
 * prints its own name alone.
 */
void sm_object_qname(ut_buf *out, const sm_object *o);

#endif
