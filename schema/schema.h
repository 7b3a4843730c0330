/* SPDX-License-Identifier: MIT */
/*
 * schema/schema.h: the realm model. A realm (a whole database, or one
 * schema of it) holds schemas; schemas hold tables, views, routines,
 * sequences and types; tables hold columns, indexes, keys, checks and
 * triggers. Everything in a realm lives in the realm's arena: no object is
 * freed on its own, sm_realm_free() drops them all.
 *
 * Text fields hold SQL as the database reports it (types, defaults,
 * expressions, definitions). The dev database is the judge of meaning: two
 * states are compared after both went through the same database, so equal
 * text means equal meaning. Dialect-specific properties that have no field
 * of their own go to the generic attrs list (key/value).
 */
#ifndef STRATA_SCHEMA_SCHEMA_H
#define STRATA_SCHEMA_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ut.h"

typedef enum sm_kind {
	SM_REALM = 0,
	SM_SCHEMA,
	SM_TABLE,
	SM_COLUMN,
	SM_INDEX,       /* also unique constraints and the primary key */
	SM_FOREIGN_KEY,
	SM_CHECK,
	SM_VIEW,        /* and materialized views */
	SM_TRIGGER,
	SM_FUNCTION,    /* functions and procedures */
	SM_SEQUENCE,
	SM_TYPE,        /* enums, domains, composite and other user types */
	SM_EXTENSION,
	SM_EVENT,       /* MySQL events */
	SM_KIND_COUNT,
} sm_kind;

/* "table", "column", ... for messages. */
const char *sm_kind_name(sm_kind k);

/* Every object starts with this header (first member). */
typedef struct sm_object {
	sm_kind kind;
	const char *name;         /* arena-owned; "" for unnamed constraints */
	struct sm_object *parent; /* table for a column, schema for a table */
	const char *comment;      /* NULL when none */
} sm_object;

typedef struct sm_attr {
	const char *key;   /* "engine", "strict", "without_rowid", ... */
	const char *value; /* "" for a flag that is set */
} sm_attr;

typedef UT_VEC(sm_attr) sm_attrs;
typedef UT_VEC(const char *) sm_strs;

/* Broad type classes, for lint and output (the type text is authoritative). */
typedef enum sm_tclass {
	SM_T_OTHER = 0,
	SM_T_INT,
	SM_T_SERIAL, /* PostgreSQL serial family, as declared */
	SM_T_FLOAT,
	SM_T_DECIMAL,
	SM_T_STRING, /* char, varchar, text */
	SM_T_BINARY,
	SM_T_BOOL,
	SM_T_TIME,   /* date, time, timestamp, interval */
	SM_T_JSON,
	SM_T_UUID,
	SM_T_ENUM,
	SM_T_SET,
	SM_T_SPATIAL,
	SM_T_ARRAY,
} sm_tclass;

typedef struct sm_column {
	sm_object obj;
	const char *type;      /* as declared/reported: "varchar(255)" */
	sm_tclass tclass;
	bool nullable;
	const char *default_expr; /* SQL expression text, NULL when none */
	const char *generated;    /* generation expression, NULL when none */
	bool generated_stored;    /* STORED (else VIRTUAL) */
	const char *collation;    /* NULL = the default */
	const char *charset;      /* MySQL */
	const char *on_update;    /* MySQL ON UPDATE expression */
	bool auto_increment;      /* MySQL AUTO_INCREMENT, SQLite AUTOINCREMENT */
	const char *identity;     /* PG "ALWAYS" / "BY DEFAULT", NULL when none */
	int64_t identity_start, identity_increment;
	bool invisible;           /* MySQL INVISIBLE, SQLite hidden */
	int position;             /* 0-based ordinal in its table */
	sm_attrs attrs;
} sm_column;

typedef struct sm_index_part {
	const char *column; /* NULL for an expression part */
	const char *expr;   /* NULL for a column part */
	bool desc;
	const char *collation;
	const char *opclass; /* PG operator class, NULL = default */
	int prefix;          /* MySQL prefix length, 0 = none */
	const char *nulls;   /* PG "FIRST"/"LAST" when not the default */
} sm_index_part;

typedef struct sm_index {
	sm_object obj;       /* parent: the table */
	bool unique;
	bool primary;        /* the primary key */
	bool constraint;     /* declared as a table constraint (UNIQUE/PK) */
	bool auto_named;     /* name made up by the database (sqlite_autoindex_) */
	UT_VEC(sm_index_part) parts;
	const char *where;   /* partial index predicate, NULL when none */
	const char *method;  /* "btree", "gin", "FULLTEXT" ...; NULL = default */
	sm_strs include;     /* PG INCLUDE columns */
	bool nulls_not_distinct;
	const char *def;     /* the database's own DDL, when it keeps one */
	sm_attrs attrs;
} sm_index;

typedef struct sm_foreign_key {
	sm_object obj;          /* name = constraint symbol ("" if none) */
	sm_strs columns;
	const char *ref_schema; /* NULL = same schema */
	const char *ref_table;
	sm_strs ref_columns;
	const char *on_update;  /* "NO ACTION", "CASCADE", "SET NULL" ... */
	const char *on_delete;
	const char *deferrable; /* NULL, "DEFERRABLE", "DEFERRABLE INITIALLY DEFERRED" */
	bool not_valid;         /* PG NOT VALID */
	sm_attrs attrs;
} sm_foreign_key;

typedef struct sm_check {
	sm_object obj; /* name "" when unnamed */
	const char *expr;
	bool no_inherit; /* PG */
	bool not_valid;  /* PG */
	bool not_enforced; /* MySQL NOT ENFORCED */
	sm_attrs attrs;
} sm_check;

/*
 * Objects defined by a statement the database keeps whole (views,
 * triggers, routines, events): def is that statement, normalized by the
 * dialect; comparing defs compares the objects.
 */
typedef struct sm_trigger {
	sm_object obj;     /* parent: the table or view */
	const char *def;
	sm_attrs attrs;
} sm_trigger;

typedef struct sm_table {
	sm_object obj; /* parent: the schema */
	UT_VEC(sm_column *) columns;
	sm_index *pk;  /* NULL when none; also listed nowhere else */
	UT_VEC(sm_index *) indexes;
	UT_VEC(sm_foreign_key *) fks;
	UT_VEC(sm_check *) checks;
	UT_VEC(sm_trigger *) triggers;
	const char *charset, *collation; /* MySQL */
	sm_attrs attrs; /* engine, strict, without_rowid, unlogged, partition ... */
	ut_map colmap;  /* name -> column, built by sm_table_find_column */
} sm_table;

typedef struct sm_view {
	sm_object obj;
	const char *def;     /* CREATE [MATERIALIZED] VIEW ... statement */
	const char *query;   /* the SELECT alone, when known */
	bool materialized;
	UT_VEC(sm_column *) columns; /* as reported, for ERDs */
	UT_VEC(sm_index *) indexes;  /* materialized views */
	UT_VEC(sm_trigger *) triggers;
	sm_strs depends;     /* names of tables/views it reads, when known */
	sm_attrs attrs;
} sm_view;

typedef struct sm_function {
	sm_object obj;
	bool procedure;
	const char *args; /* identity arguments (PG overloads), "" if none */
	const char *def;  /* CREATE FUNCTION/PROCEDURE statement */
	const char *lang;
	sm_attrs attrs;
} sm_function;

typedef struct sm_sequence {
	sm_object obj;
	const char *type; /* bigint ... */
	int64_t start, increment, min, max, cache;
	bool cycle;
	const char *owned_by; /* "table.column" for serial/identity */
	sm_attrs attrs;
} sm_sequence;

typedef enum sm_type_kind {
	SM_TYPE_ENUM,
	SM_TYPE_DOMAIN,
	SM_TYPE_COMPOSITE,
	SM_TYPE_RANGE,
	SM_TYPE_OTHER,
} sm_type_kind;

typedef struct sm_type {
	sm_object obj;
	sm_type_kind type_kind;
	sm_strs values;   /* enum labels in order */
	const char *def;  /* CREATE TYPE/DOMAIN statement for the others */
	sm_attrs attrs;
} sm_type;

typedef struct sm_extension {
	sm_object obj;
	const char *schema;
	const char *version;
} sm_extension;

typedef struct sm_event {
	sm_object obj;
	const char *def;
} sm_event;

typedef struct sm_schema {
	sm_object obj; /* parent: NULL */
	UT_VEC(sm_table *) tables;
	UT_VEC(sm_view *) views;
	UT_VEC(sm_function *) functions;
	UT_VEC(sm_sequence *) sequences;
	UT_VEC(sm_type *) types;
	UT_VEC(sm_event *) events;
	const char *charset, *collation;
	sm_attrs attrs;
	ut_map tabmap; /* name -> table, built lazily */
	const struct sm_realm *realm; /* the realm holding it (borrowed) */
} sm_schema;

typedef struct sm_realm {
	ut_arena arena;
	const char *dialect;   /* "sqlite", "postgres", "mysql" */
	const char *scope;     /* schema name when the URL names one, else NULL */
	UT_VEC(sm_schema *) schemas;
	UT_VEC(sm_extension *) extensions;
	sm_attrs attrs;
} sm_realm;

/* A new empty realm; free with sm_realm_free. */
sm_realm *sm_realm_new(const char *dialect);
void sm_realm_free(sm_realm *r);

/* Arena helpers: strings copied into the realm. NULL stays NULL. */
const char *sm_strdup(sm_realm *r, const char *s);
const char *sm_strndup(sm_realm *r, const char *s, size_t n);

/*
 * Constructors: each allocates in the realm's arena, sets the name and
 * parent and appends to the parent's list. Borrowed results.
 */
sm_schema *sm_schema_add(sm_realm *r, const char *name);
sm_table *sm_table_add(sm_realm *r, sm_schema *s, const char *name);
sm_column *sm_column_add(sm_realm *r, sm_table *t, const char *name,
			 const char *type);
sm_index *sm_index_add(sm_realm *r, sm_table *t, const char *name);
/* Sets t->pk to a new index (primary, unique). */
sm_index *sm_pk_set(sm_realm *r, sm_table *t, const char *name);
void sm_index_add_column(sm_realm *r, sm_index *i, const char *column,
			 bool desc);
void sm_index_add_expr(sm_realm *r, sm_index *i, const char *expr, bool desc);
sm_foreign_key *sm_fk_add(sm_realm *r, sm_table *t, const char *name);
sm_check *sm_check_add(sm_realm *r, sm_table *t, const char *name,
		       const char *expr);
sm_trigger *sm_trigger_add(sm_realm *r, sm_object *on, const char *name,
			   const char *def);
sm_view *sm_view_add(sm_realm *r, sm_schema *s, const char *name,
		     const char *def);
sm_function *sm_function_add(sm_realm *r, sm_schema *s, const char *name,
			     const char *def);
sm_sequence *sm_sequence_add(sm_realm *r, sm_schema *s, const char *name);
sm_type *sm_type_add(sm_realm *r, sm_schema *s, const char *name,
		     sm_type_kind kind);
sm_extension *sm_extension_add(sm_realm *r, const char *name);
void sm_strs_add(sm_realm *r, sm_strs *v, const char *s);
void sm_attr_set(sm_realm *r, sm_attrs *a, const char *key, const char *value);
/* The value of key, or NULL when absent. */
const char *sm_attr_get(const sm_attrs *a, const char *key);

/* Lookups (borrowed, NULL when absent). */
sm_schema *sm_realm_find_schema(const sm_realm *r, const char *name);
sm_table *sm_schema_find_table(sm_schema *s, const char *name);
sm_view *sm_schema_find_view(const sm_schema *s, const char *name);
sm_column *sm_table_find_column(sm_table *t, const char *name);
sm_index *sm_table_find_index(const sm_table *t, const char *name);
/* A table by name in schema (or the first schema when schema is NULL). */
sm_table *sm_realm_find_table(const sm_realm *r, const char *schema,
			      const char *name);

/*
 * Removes the objects named by --exclude globs (reference 5.2): a path of
 * fnmatch globs separated by dots, one per level, optionally ending in
 * "[type=table|view|column|index|fk|check|trigger|schema|...]" (| for
 * several) to restrict the kinds the last glob removes. Levels start at
 * schemas ("s", "s.t", "*.*.c") unless r->scope is set, then at objects
 * ("t", "t.c", "*.c"). Removed objects stay in the arena, unlisted.
 * Errors: UT_EUSAGE for too many parts or an unknown type selector.
 */
int sm_realm_exclude(sm_realm *r, const char *const *globs, size_t n);

/* Number of tables across all schemas. */
size_t sm_realm_table_count(const sm_realm *r);

/* Schema of an object (walks parents), or NULL. */
const sm_schema *sm_object_schema(const sm_object *o);

#endif
