/* SPDX-License-Identifier: MIT */
/*
 * dialects/postgres/plan.c: a change list -> a plan of PostgreSQL
 * statements (reference 8). The diff hands changes over in Atlas's order;
 * the planner re-orders them by dependency, in phases:
 *
 *   1. DROP TRIGGER and DROP VIEW for triggers and views that go away or
 *      change (views dependents first);
 *   2. CREATE EXTENSION, CREATE SCHEMA, types (CREATE; ALTER TYPE ... ADD
 *      VALUE for enums, ALTER DOMAIN for a domain's default, NOT NULL and
 *      constraints, ALTER TYPE ... ADD/DROP/ALTER ATTRIBUTE for composite
 *      types; DROP and CREATE for the rest while nothing uses the type,
 *      else an error naming what does), sequences (CREATE, ALTER);
 *   3. functions and procedures that are not LANGUAGE sql (their bodies
 *      are not checked at creation, defaults and checks may call them);
 *   4. modified tables: DROP INDEX, one ALTER TABLE with every clause but
 *      new foreign keys, CREATE INDEX, COMMENT ON;
 *   5. new tables, parents before children (foreign keys and partitions),
 *      with their indexes and comments; a foreign key that would point at
 *      a table not created yet (a cycle) waits for phase 6;
 *   6. ALTER TABLE ... ADD CONSTRAINT for the waiting foreign keys, new
 *      foreign keys of modified tables, NOT VALID constraints (CREATE
 *      TABLE refuses them), and sequence OWNED BY;
 *   7. LANGUAGE sql routines, then views in dependency order, with the
 *      indexes of materialized views;
 *   8. CREATE TRIGGER;
 *   9. drops in reverse: tables (children first; foreign keys of a cycle
 *      dropped before), sequences, routines, types, schemas, extensions.
 *
 * Anything the planner cannot express is an error naming the object; no
 * change is ever skipped silently.
 */
#include "pg_int.h"

#include <stdlib.h>
#include <string.h>

#include "ut.h"

typedef UT_VEC(const sm_change *) change_vec;
typedef UT_VEC(const sm_view *) view_vec;

typedef struct planner {
	dl_plan *plan;
	const dl_plan_opts *opts;
	const char *scope;     /* the connection's schema, NULL = realm */
	const sm_changes *changes;
	change_vec deferred_fks; /* ADD FK changes of modified tables */
	view_vec dep_makes;    /* views remade because a table under them changes */
	bool concurrent;       /* a CONCURRENTLY statement was planned */
	ut_buf sql, cmt;       /* scratch for the statement being built */
} planner;

/* ---- names and text --------------------------------------------------- */

static void put_ident(ut_buf *b, const char *name)
{
	dl_pg__quote_ident(b, name);
}

static void put_literal(ut_buf *b, const char *s)
{
	dl_pg__quote_literal(b, s);
}

static const char *schema_name(const sm_object *o)
{
	const sm_schema *s = sm_object_schema(o);

	return s ? s->obj.name : NULL;
}

/*
 * The qualifier of objects in schema s: --qualifier when given; none on a
 * schema-bound connection; else the schema itself.
 */
static const char *qualifier(const planner *p, const char *s)
{
	if (p->opts->qualify)
		return p->opts->qualifier ? p->opts->qualifier : s;
	if (p->scope)
		return NULL;
	return s && *s ? s : NULL;
}

static void put_qname_in(const planner *p, ut_buf *b, const char *schema,
			 const char *name)
{
	const char *q = qualifier(p, schema);

	if (q) {
		put_ident(b, q);
		ut_buf_putc(b, '.');
	}
	put_ident(b, name);
}

/* An object of a schema (table, view, type, ...), qualified as needed. */
static void put_qname(const planner *p, ut_buf *b, const sm_object *o)
{
	put_qname_in(p, b, schema_name(o), o->name);
}

/* A collation or operator class: kept as inspected ("C", "x"."y"). */
static void put_collation(ut_buf *b, const char *c)
{
	if (c[0] == '"' || strchr(c, '.'))
		ut_buf_puts(b, c);
	else
		put_ident(b, c);
}

static void put_strs(ut_buf *b, const sm_strs *v)
{
	ut_buf_putc(b, '(');
	for (size_t i = 0; i < v->len; i++) {
		if (i)
			ut_buf_puts(b, ", ");
		put_ident(b, v->items[i]);
	}
	ut_buf_putc(b, ')');
}

static void cmt1(ut_buf *b, const char *pre, const char *a, const char *post)
{
	ut_buf_reset(b);
	ut_buf_puts(b, pre);
	ut_buf_quote(b, a);
	ut_buf_puts(b, post);
}

static void cmt2(ut_buf *b, const char *pre, const char *a, const char *mid,
		 const char *c)
{
	cmt1(b, pre, a, mid);
	ut_buf_quote(b, c);
}

/* Adds p->sql with comment p->cmt, then empties both. */
static dl_stmt *add(planner *p)
{
	dl_plan_add(p->plan, p->sql.ptr, p->cmt.len ? p->cmt.ptr : NULL, NULL);
	ut_buf_reset(&p->sql);
	ut_buf_reset(&p->cmt);
	return &ut_vec_last(&p->plan->stmts);
}

static const char *op_name(sm_op op)
{
	switch (op) {
	case SM_OP_ADD:
		return "add";
	case SM_OP_DROP:
		return "drop";
	case SM_OP_MODIFY:
		return "modify";
	case SM_OP_RENAME:
		return "rename";
	}
	return "change";
}

/* The error for a change the planner cannot express. */
static int cannot(const sm_change *c, const char *why)
{
	const sm_object *o = c->to ? c->to : c->from;
	ut_buf q = UT_BUF_INIT;
	int error;

	sm_object_qname(&q, o);
	error = ut_error_set(UT_ERROR, "postgres: cannot plan %s of %s %s%s%s",
			     op_name(c->op), sm_kind_name(c->kind), q.ptr,
			     why ? ": " : "", why ? why : "");
	ut_buf_release(&q);
	return error;
}

static bool has_attr(const sm_attrs *a, const char *key)
{
	return sm_attr_get(a, key) != NULL;
}

/* ---- SQL-text scanning ------------------------------------------------ */

static bool ident_char(unsigned char c)
{
	return c == '_' || c == '$' || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

/*
 * Whether the SQL text names `name` as an identifier (bare: compared
 * case-insensitively, or double-quoted: exactly). Strings and comments are
 * skipped. Over-approximates on purpose: a column of the same name also
 * counts, which only orders more than needed.
 */
static bool sql_mentions(const char *sql, const char *name)
{
	size_t nl = strlen(name);
	const char *s = sql;

	if (!s || !nl)
		return false;
	while (*s) {
		unsigned char c = (unsigned char)*s;
		if (c == '\'') {
			for (s++; *s && !(*s == '\'' && s[1] != '\''); s++)
				if (*s == '\'')
					s++;
			if (*s)
				s++;
		} else if (c == '-' && s[1] == '-') {
			while (*s && *s != '\n')
				s++;
		} else if (c == '"') {
			ut_buf tok = UT_BUF_INIT;
			bool eq;
			for (s++; *s; s++) {
				if (*s == '"' && s[1] == '"')
					s++;
				else if (*s == '"')
					break;
				ut_buf_putc(&tok, *s);
			}
			if (*s)
				s++;
			eq = tok.len == nl && memcmp(tok.ptr, name, nl) == 0;
			ut_buf_release(&tok);
			if (eq)
				return true;
		} else if (ident_char(c) && !(c >= '0' && c <= '9')) {
			const char *st = s;
			while (ident_char((unsigned char)*s))
				s++;
			if ((size_t)(s - st) == nl && ut_str_nieq(st, name, nl))
				return true;
		} else if (c >= '0' && c <= '9') {
			while (ident_char((unsigned char)*s) || *s == '.')
				s++;
		} else {
			s++;
		}
	}
	return false;
}

/* ---- columns ---------------------------------------------------------- */

static const char *serial_base(const char *type)
{
	if (!strcmp(type, "serial") || !strcmp(type, "serial4"))
		return "integer";
	if (!strcmp(type, "bigserial") || !strcmp(type, "serial8"))
		return "bigint";
	if (!strcmp(type, "smallserial") || !strcmp(type, "serial2"))
		return "smallint";
	return NULL;
}

static void put_identity(ut_buf *b, const sm_column *c)
{
	const char *seq = sm_attr_get(&c->attrs, "identity_sequence");

	ut_buf_printf(b, " GENERATED %s AS IDENTITY", c->identity);
	if (seq) {
		/* a sequence named otherwise than PostgreSQL would */
		ut_buf_puts(b, " (SEQUENCE NAME ");
		put_ident(b, seq);
		ut_buf_printf(b, " START WITH %lld INCREMENT BY %lld)",
			      (long long)c->identity_start,
			      (long long)c->identity_increment);
	} else if (c->identity_start != 1 || c->identity_increment != 1) {
		ut_buf_printf(b, " (START WITH %lld INCREMENT BY %lld)",
			      (long long)c->identity_start,
			      (long long)c->identity_increment);
	}
}

/* A column as Atlas writes it: type, NOT NULL/NULL, DEFAULT, generation. */
static void put_column(ut_buf *b, const sm_column *c)
{
	put_ident(b, c->obj.name);
	ut_buf_putc(b, ' ');
	ut_buf_puts(b, c->type);
	if (c->collation) {
		ut_buf_puts(b, " COLLATE ");
		put_collation(b, c->collation);
	}
	ut_buf_puts(b, c->nullable ? " NULL" : " NOT NULL");
	if (c->default_expr && !c->generated)
		ut_buf_printf(b, " DEFAULT %s", c->default_expr);
	if (c->generated)
		ut_buf_printf(b, " GENERATED ALWAYS AS (%s) STORED",
			      c->generated);
	if (c->identity)
		put_identity(b, c);
}

/* ---- constraints and indexes ------------------------------------------ */

static void put_fk(const planner *p, ut_buf *b, const sm_foreign_key *fk)
{
	if (fk->obj.name[0]) {
		ut_buf_puts(b, "CONSTRAINT ");
		put_ident(b, fk->obj.name);
		ut_buf_putc(b, ' ');
	}
	ut_buf_puts(b, "FOREIGN KEY ");
	put_strs(b, &fk->columns);
	ut_buf_puts(b, " REFERENCES ");
	put_qname_in(p, b,
		     fk->ref_schema && *fk->ref_schema ? fk->ref_schema
						       : schema_name(&fk->obj),
		     fk->ref_table);
	ut_buf_putc(b, ' ');
	put_strs(b, &fk->ref_columns);
	ut_buf_printf(b, " ON UPDATE %s ON DELETE %s",
		      fk->on_update && *fk->on_update ? fk->on_update
						      : "NO ACTION",
		      fk->on_delete && *fk->on_delete ? fk->on_delete
						      : "NO ACTION");
	if (fk->deferrable && *fk->deferrable) {
		ut_buf_putc(b, ' ');
		ut_buf_puts(b, fk->deferrable);
	}
}

static void put_check(ut_buf *b, const sm_check *ck)
{
	if (ck->obj.name[0]) {
		ut_buf_puts(b, "CONSTRAINT ");
		put_ident(b, ck->obj.name);
		ut_buf_putc(b, ' ');
	}
	ut_buf_printf(b, "CHECK (%s)", ck->expr);
	if (ck->no_inherit)
		ut_buf_puts(b, " NO INHERIT");
}

/* A primary key, unique or exclusion constraint. */
static void put_key(ut_buf *b, const sm_index *ix)
{
	const char *excl = sm_attr_get(&ix->attrs, "exclude");
	const char *defer = sm_attr_get(&ix->attrs, "deferrable");

	if (ix->obj.name[0]) {
		ut_buf_puts(b, "CONSTRAINT ");
		put_ident(b, ix->obj.name);
		ut_buf_putc(b, ' ');
	}
	if (excl) {
		ut_buf_puts(b, excl);
		return;
	}
	ut_buf_puts(b, ix->primary ? "PRIMARY KEY " : "UNIQUE ");
	if (ix->nulls_not_distinct && !ix->primary)
		ut_buf_puts(b, "NULLS NOT DISTINCT ");
	ut_buf_putc(b, '(');
	for (size_t i = 0; i < ix->parts.len; i++) {
		if (i)
			ut_buf_puts(b, ", ");
		put_ident(b, ix->parts.items[i].column
				     ? ix->parts.items[i].column
				     : "");
	}
	ut_buf_putc(b, ')');
	if (ix->include.len) {
		ut_buf_puts(b, " INCLUDE ");
		put_strs(b, &ix->include);
	}
	if (defer) {
		ut_buf_puts(b, " DEFERRABLE ");
		ut_buf_puts(b, defer);
	}
}

/* Whether the key can be written as a table constraint. */
static int key_check(const sm_index *ix)
{
	if (has_attr(&ix->attrs, "exclude"))
		return 0;
	if (ix->where || (ix->method && strcmp(ix->method, "btree")))
		return -1;
	for (size_t i = 0; i < ix->parts.len; i++) {
		const sm_index_part *pt = &ix->parts.items[i];
		if (!pt->column || pt->desc || pt->nulls || pt->opclass ||
		    pt->collation)
			return -1;
	}
	return 0;
}

static void put_index_parts(ut_buf *b, const sm_index *ix)
{
	ut_buf_putc(b, '(');
	for (size_t i = 0; i < ix->parts.len; i++) {
		const sm_index_part *pt = &ix->parts.items[i];
		if (i)
			ut_buf_puts(b, ", ");
		if (pt->column)
			put_ident(b, pt->column);
		else
			ut_buf_printf(b, "(%s)", pt->expr);
		if (pt->collation) {
			ut_buf_puts(b, " COLLATE ");
			put_collation(b, pt->collation);
		}
		if (pt->opclass) {
			ut_buf_putc(b, ' ');
			ut_buf_puts(b, pt->opclass);
		}
		if (pt->desc)
			ut_buf_puts(b, " DESC");
		if (pt->nulls)
			ut_buf_printf(b, " NULLS %s", pt->nulls);
	}
	ut_buf_putc(b, ')');
}

static void add_create_index(planner *p, const sm_index *ix,
			     const sm_object *table, bool existing)
{
	const char *with = sm_attr_get(&ix->attrs, "with");
	bool conc = existing && p->opts->concurrent_index_create;
	dl_stmt *st;

	ut_buf_puts(&p->sql, ix->unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ");
	if (conc)
		ut_buf_puts(&p->sql, "CONCURRENTLY ");
	put_ident(&p->sql, ix->obj.name);
	ut_buf_puts(&p->sql, " ON ");
	put_qname(p, &p->sql, table);
	if (ix->method && strcmp(ix->method, "btree") != 0)
		ut_buf_printf(&p->sql, " USING %s", ix->method);
	ut_buf_putc(&p->sql, ' ');
	put_index_parts(&p->sql, ix);
	if (ix->include.len) {
		ut_buf_puts(&p->sql, " INCLUDE ");
		put_strs(&p->sql, &ix->include);
	}
	if (ix->nulls_not_distinct)
		ut_buf_puts(&p->sql, " NULLS NOT DISTINCT");
	if (with)
		ut_buf_printf(&p->sql, " WITH (%s)", with);
	if (ix->where)
		ut_buf_printf(&p->sql, " WHERE %s", ix->where);
	cmt2(&p->cmt, "create index ", ix->obj.name, " to table: ",
	     table->name);
	st = add(p);
	if (conc) {
		st->outside_tx = true;
		p->concurrent = true;
	}
}

static void add_drop_index(planner *p, const sm_index *ix,
			   const sm_object *table)
{
	bool conc = p->opts->concurrent_index_drop;
	dl_stmt *st;

	ut_buf_puts(&p->sql, conc ? "DROP INDEX CONCURRENTLY " : "DROP INDEX ");
	put_qname_in(p, &p->sql, schema_name(table), ix->obj.name);
	cmt2(&p->cmt, "drop index ", ix->obj.name, " from table: ",
	     table->name);
	st = add(p);
	if (conc) {
		st->outside_tx = true;
		p->concurrent = true;
	}
}

/* ---- comments --------------------------------------------------------- */

static void add_comment(planner *p, const char *what, const sm_object *o,
			const char *on_table, const char *text)
{
	ut_buf_printf(&p->sql, "COMMENT ON %s ", what);
	if (!strcmp(what, "COLUMN")) {
		put_qname(p, &p->sql, o->parent);
		ut_buf_putc(&p->sql, '.');
		put_ident(&p->sql, o->name);
	} else if (!strcmp(what, "CONSTRAINT") || !strcmp(what, "TRIGGER") ||
		   !strcmp(what, "RULE")) {
		put_ident(&p->sql, o->name);
		ut_buf_puts(&p->sql, " ON ");
		put_qname(p, &p->sql, o->parent);
	} else if (!strcmp(what, "INDEX")) {
		put_qname_in(p, &p->sql, schema_name(o), o->name);
	} else if (!strcmp(what, "SCHEMA") || !strcmp(what, "EXTENSION")) {
		put_ident(&p->sql, o->name);
	} else {
		put_qname(p, &p->sql, o);
		if (!strcmp(what, "FUNCTION") || !strcmp(what, "PROCEDURE"))
			ut_buf_printf(&p->sql, "(%s)",
				      ((const sm_function *)o)->args);
	}
	ut_buf_puts(&p->sql, " IS ");
	if (text && *text)
		put_literal(&p->sql, text);
	else
		ut_buf_puts(&p->sql, "NULL");
	if (on_table) {
		ut_buf_reset(&p->cmt);
		ut_buf_printf(&p->cmt, "set comment to %s: ",
			      !strcmp(what, "COLUMN") ? "column" : "index");
		ut_buf_quote(&p->cmt, o->name);
		ut_buf_puts(&p->cmt, " on table: ");
		ut_buf_quote(&p->cmt, on_table);
	} else {
		char lower[32];
		size_t i;
		for (i = 0; what[i] && i + 1 < sizeof(lower); i++)
			lower[i] = (char)(what[i] >= 'A' && what[i] <= 'Z'
						  ? what[i] + 32
						  : what[i]);
		lower[i] = 0;
		ut_buf_reset(&p->cmt);
		ut_buf_printf(&p->cmt, "set comment to %s: ", lower);
		ut_buf_quote(&p->cmt, o->name);
	}
	add(p);
}

/* ---- tables ----------------------------------------------------------- */

typedef struct table_list {
	UT_VEC(const sm_table *) items;
} table_list;

static bool same_table(const sm_table *t, const char *schema,
		       const char *name)
{
	const char *ts = schema_name(&t->obj);

	return strcmp(t->obj.name, name) == 0 &&
	       (!schema || !ts || strcmp(schema, ts) == 0);
}

/* The schema an FK points into (its own when none is named). */
static const char *fk_schema(const sm_foreign_key *fk)
{
	return fk->ref_schema && *fk->ref_schema ? fk->ref_schema
						 : schema_name(&fk->obj);
}

static const char *parent_schema(const sm_table *t)
{
	const char *s = sm_attr_get(&t->attrs, "parent_schema");

	return s ? s : schema_name(&t->obj);
}

static const char *parent_of(const sm_table *t)
{
	const char *s = sm_attr_get(&t->attrs, "partition_of");

	return s ? s : sm_attr_get(&t->attrs, "inherits");
}

/*
 * Orders the new tables parents first, keeping their order otherwise: the
 * first table whose parents (foreign keys, partition or inheritance
 * parent; itself excluded) are all placed goes next. When none is ready
 * (a foreign-key cycle) the first one left goes anyway; its foreign keys
 * to tables placed after it wait for phase 6.
 */
typedef struct topo {
	table_list *in;
	table_list out;
	char *state; /* 1 = placed */
} topo;

static ptrdiff_t find_in(const table_list *l, const char *schema,
			 const char *name)
{
	for (size_t i = 0; i < l->items.len; i++)
		if (same_table(l->items.items[i], schema, name))
			return (ptrdiff_t)i;
	return -1;
}

static bool table_ready(const topo *t, const sm_table *tb)
{
	const char *par = parent_of(tb);
	ptrdiff_t j;

	if (par && (j = find_in(t->in, parent_schema(tb), par)) >= 0 &&
	    !t->state[j])
		return false;
	for (size_t k = 0; k < tb->fks.len; k++) {
		const sm_foreign_key *fk = tb->fks.items[k];
		if (same_table(tb, fk_schema(fk), fk->ref_table))
			continue;
		j = find_in(t->in, fk_schema(fk), fk->ref_table);
		if (j >= 0 && !t->state[j])
			return false;
	}
	return true;
}

static void topo_order(topo *t)
{
	size_t n = t->in->items.len, left = n;

	t->state = ut_xcalloc(n + 1, 1);
	while (left) {
		size_t pick = n;
		for (size_t i = 0; i < n && pick == n; i++)
			if (!t->state[i] && table_ready(t, t->in->items.items[i]))
				pick = i;
		for (size_t i = 0; i < n && pick == n; i++)
			if (!t->state[i])
				pick = i;
		t->state[pick] = 1;
		ut_vec_push(&t->out.items, t->in->items.items[pick]);
		left--;
	}
}

static void put_create_table(planner *p, const sm_table *t,
			     const table_list *pending)
{
	const char *part_of = sm_attr_get(&t->attrs, "partition_of");
	const char *inherits = sm_attr_get(&t->attrs, "inherits");
	const char *by = sm_attr_get(&t->attrs, "partition_by");
	const char *with = sm_attr_get(&t->attrs, "with");
	ut_buf *b = &p->sql;
	bool first = true;

	ut_buf_puts(b, has_attr(&t->attrs, "unlogged") ? "CREATE UNLOGGED TABLE "
						       : "CREATE TABLE ");
	put_qname(p, b, &t->obj);
	if (part_of) {
		ut_buf_puts(b, " PARTITION OF ");
		put_qname_in(p, b, parent_schema(t), part_of);
		ut_buf_printf(b, " %s",
			      sm_attr_get(&t->attrs, "partition_bound")
				      ? sm_attr_get(&t->attrs,
						    "partition_bound")
				      : "DEFAULT");
		if (by)
			ut_buf_printf(b, " PARTITION BY %s", by);
		return;
	}
	ut_buf_puts(b, " (");
	for (size_t i = 0; i < t->columns.len; i++) {
		const sm_column *c = t->columns.items[i];
		if (has_attr(&c->attrs, "inherited"))
			continue;
		ut_buf_puts(b, first ? "\n  " : ",\n  ");
		first = false;
		put_column(b, c);
	}
	if (t->pk) {
		ut_buf_puts(b, first ? "\n  " : ",\n  ");
		first = false;
		put_key(b, t->pk);
	}
	for (size_t i = 0; i < t->indexes.len; i++) {
		const sm_index *ix = t->indexes.items[i];
		if (!ix->constraint)
			continue;
		ut_buf_puts(b, first ? "\n  " : ",\n  ");
		first = false;
		put_key(b, ix);
	}
	for (size_t i = 0; i < t->checks.len; i++) {
		const sm_check *ck = t->checks.items[i];
		if (ck->not_valid)
			continue;
		ut_buf_puts(b, first ? "\n  " : ",\n  ");
		first = false;
		put_check(b, ck);
	}
	for (size_t i = 0; i < t->fks.len; i++) {
		const sm_foreign_key *fk = t->fks.items[i];
		if (fk->not_valid ||
		    find_in(pending, fk_schema(fk), fk->ref_table) >= 0)
			continue;
		ut_buf_puts(b, first ? "\n  " : ",\n  ");
		first = false;
		put_fk(p, b, fk);
	}
	ut_buf_puts(b, first ? ")" : "\n)");
	if (inherits) {
		ut_buf_puts(b, " INHERITS (");
		put_qname_in(p, b, parent_schema(t), inherits);
		ut_buf_putc(b, ')');
	}
	if (by)
		ut_buf_printf(b, " PARTITION BY %s", by);
	if (with)
		ut_buf_printf(b, " WITH (%s)", with);
}

/* Comments of a table's parts, after the table exists. */
static void add_table_comments(planner *p, const sm_table *t)
{
	if (t->obj.comment)
		add_comment(p, "TABLE", &t->obj, NULL, t->obj.comment);
	for (size_t i = 0; i < t->columns.len; i++) {
		const sm_column *c = t->columns.items[i];
		if (c->obj.comment)
			add_comment(p, "COLUMN", &c->obj, t->obj.name,
				    c->obj.comment);
	}
	if (t->pk && t->pk->obj.comment)
		add_comment(p, "CONSTRAINT", &t->pk->obj, NULL,
			    t->pk->obj.comment);
	for (size_t i = 0; i < t->indexes.len; i++) {
		const sm_index *ix = t->indexes.items[i];
		if (ix->obj.comment)
			add_comment(p, ix->constraint ? "CONSTRAINT" : "INDEX",
				    &ix->obj, ix->constraint ? NULL : t->obj.name,
				    ix->obj.comment);
	}
	for (size_t i = 0; i < t->checks.len; i++)
		if (t->checks.items[i]->obj.comment)
			add_comment(p, "CONSTRAINT", &t->checks.items[i]->obj,
				    NULL, t->checks.items[i]->obj.comment);
	for (size_t i = 0; i < t->fks.len; i++)
		if (t->fks.items[i]->obj.comment)
			add_comment(p, "CONSTRAINT", &t->fks.items[i]->obj,
				    NULL, t->fks.items[i]->obj.comment);
}

static int check_new_table(const sm_change *c, const sm_table *t)
{
	if (t->pk && key_check(t->pk) < 0)
		return cannot(c, "primary key with expressions or ordering");
	for (size_t i = 0; i < t->indexes.len; i++)
		if (t->indexes.items[i]->constraint &&
		    key_check(t->indexes.items[i]) < 0)
			return cannot(c, "unique constraint with expressions or ordering");
	return 0;
}

/* Phase 5: the new tables, parents first. */
static int plan_new_tables(planner *p, const change_vec *adds)
{
	table_list in = { UT_VEC_INIT }, created = { UT_VEC_INIT };
	topo t = { &in, { UT_VEC_INIT }, NULL };
	int error = 0;

	for (size_t i = 0; i < adds->len; i++)
		ut_vec_push(&in.items, (const sm_table *)adds->items[i]->to);
	topo_order(&t);
	for (size_t i = 0; i < t.out.items.len; i++) {
		const sm_table *tb = t.out.items.items[i];
		table_list pending = { UT_VEC_INIT };

		/* tables still to come: FKs to them wait for phase 6 */
		for (size_t j = i + 1; j < t.out.items.len; j++)
			ut_vec_push(&pending.items, t.out.items.items[j]);
		put_create_table(p, tb, &pending);
		cmt1(&p->cmt, "create ", tb->obj.name, " table");
		add(p);
		ut_vec_release(&pending.items);
		for (size_t k = 0; k < tb->indexes.len; k++)
			if (!tb->indexes.items[k]->constraint)
				add_create_index(p, tb->indexes.items[k],
						 &tb->obj, false);
		add_table_comments(p, tb);
		ut_vec_push(&created.items, tb);
	}
	free(t.state);
	ut_vec_release(&t.out.items);
	ut_vec_release(&in.items);
	ut_vec_release(&created.items);
	return error;
}

/*
 * Phase 6 for new tables: the foreign keys left out of CREATE TABLE (to
 * tables created later, NOT VALID ones) and NOT VALID checks.
 */
static void plan_new_table_late(planner *p, const change_vec *adds)
{
	table_list in = { UT_VEC_INIT };
	topo t = { &in, { UT_VEC_INIT }, NULL };

	for (size_t i = 0; i < adds->len; i++)
		ut_vec_push(&in.items, (const sm_table *)adds->items[i]->to);
	topo_order(&t);
	for (size_t i = 0; i < t.out.items.len; i++) {
		const sm_table *tb = t.out.items.items[i];
		bool any = false;

		if (has_attr(&tb->attrs, "partition_of"))
			continue;
		for (size_t k = 0; k < tb->fks.len; k++) {
			const sm_foreign_key *fk = tb->fks.items[k];
			ptrdiff_t j = find_in(&t.out, fk_schema(fk),
					      fk->ref_table);
			if (!fk->not_valid && (j < 0 || (size_t)j <= i))
				continue;
			ut_buf_puts(&p->sql, any ? ", " : "ALTER TABLE ");
			if (!any)
				put_qname(p, &p->sql, &tb->obj),
					ut_buf_putc(&p->sql, ' ');
			any = true;
			ut_buf_puts(&p->sql, "ADD ");
			put_fk(p, &p->sql, fk);
			if (fk->not_valid)
				ut_buf_puts(&p->sql, " NOT VALID");
		}
		for (size_t k = 0; k < tb->checks.len; k++) {
			const sm_check *ck = tb->checks.items[k];
			if (!ck->not_valid)
				continue;
			ut_buf_puts(&p->sql, any ? ", " : "ALTER TABLE ");
			if (!any)
				put_qname(p, &p->sql, &tb->obj),
					ut_buf_putc(&p->sql, ' ');
			any = true;
			ut_buf_puts(&p->sql, "ADD ");
			put_check(&p->sql, ck);
			ut_buf_puts(&p->sql, " NOT VALID");
		}
		if (any) {
			cmt1(&p->cmt, "modify ", tb->obj.name, " table");
			add(p);
		}
	}
	free(t.state);
	ut_vec_release(&t.out.items);
	ut_vec_release(&in.items);
}

/* ---- modified tables -------------------------------------------------- */

static const char *base_type(const sm_column *c)
{
	const char *b = serial_base(c->type);

	return b ? b : c->type;
}

static bool numeric_class(sm_tclass k)
{
	return k == SM_T_INT || k == SM_T_SERIAL || k == SM_T_FLOAT ||
	       k == SM_T_DECIMAL;
}

/*
 * Whether ALTER COLUMN TYPE needs USING: PostgreSQL converts with an
 * assignment cast, which exists inside the numeric, string and time
 * families; across them (text -> integer, text -> enum, arrays) the
 * conversion must be spelled out.
 */
static bool needs_using(const sm_column *a, const sm_column *b)
{
	if (numeric_class(a->tclass) && numeric_class(b->tclass))
		return false;
	if (a->tclass == b->tclass &&
	    (a->tclass == SM_T_STRING || a->tclass == SM_T_TIME ||
	     a->tclass == SM_T_BINARY || a->tclass == SM_T_BOOL))
		return false;
	if (b->tclass == SM_T_STRING && a->tclass != SM_T_ARRAY)
		return false;
	return true;
}

/* The name PostgreSQL gives the sequence of a serial column. */
static char *serial_seq_name(const sm_column *c)
{
	char *base = ut_xasprintf("%s_%s", c->obj.parent->name, c->obj.name);
	char *name;

	if (strlen(base) > 59)
		base[59] = 0;
	name = ut_xasprintf("%s_seq", base);
	free(base);
	return name;
}

typedef struct clauses {
	ut_buf b;
	size_t n;
} clauses;

static ut_buf *clause(clauses *cl)
{
	ut_buf_puts(&cl->b, cl->n++ ? ", " : "");
	return &cl->b;
}

/*
 * ALTER COLUMN clauses for a modified column; statements that must run
 * before (pre) or after (post) the ALTER TABLE go to their own lists.
 */
static int modify_column(planner *p, const sm_change *ch, clauses *cl,
			 dl_plan *pre, dl_plan *post)
{
	const sm_column *a = (const sm_column *)ch->from;
	const sm_column *b = (const sm_column *)ch->to;
	const char *sa = serial_base(a->type), *sb = serial_base(b->type);
	unsigned m = ch->mask;
	ut_buf *o, tmp = UT_BUF_INIT;

	if (m & SM_CHG_GENERATED) {
		if (a->generated && !b->generated) {
			o = clause(cl);
			ut_buf_puts(o, "ALTER COLUMN ");
			put_ident(o, b->obj.name);
			ut_buf_puts(o, " DROP EXPRESSION");
		} else {
			/* a new expression: the column is computed, drop and add */
			o = clause(cl);
			ut_buf_puts(o, "DROP COLUMN ");
			put_ident(o, a->obj.name);
			o = clause(cl);
			ut_buf_puts(o, "ADD COLUMN ");
			put_column(o, b);
			return 0;
		}
	}
	if ((m & (SM_CHG_TYPE | SM_CHG_COLLATE)) &&
	    (strcmp(base_type(a), base_type(b)) != 0 ||
	     (m & SM_CHG_COLLATE))) {
		o = clause(cl);
		ut_buf_puts(o, "ALTER COLUMN ");
		put_ident(o, b->obj.name);
		ut_buf_printf(o, " TYPE %s", base_type(b));
		if (b->collation) {
			ut_buf_puts(o, " COLLATE ");
			put_collation(o, b->collation);
		}
		if ((m & SM_CHG_TYPE) && needs_using(a, b)) {
			ut_buf_puts(o, " USING ");
			put_ident(o, b->obj.name);
			ut_buf_printf(o, "::%s", base_type(b));
		}
	}
	if (!sa && sb) {
		/* integer -> serial: a sequence owned by the column, as default */
		char *seq = serial_seq_name(b);
		ut_buf_puts(&tmp, "CREATE SEQUENCE IF NOT EXISTS ");
		put_qname_in(p, &tmp, schema_name(&b->obj), seq);
		if (strcmp(sb, "integer") != 0)
			ut_buf_printf(&tmp, " AS %s", sb);
		ut_buf_puts(&tmp, " OWNED BY ");
		put_qname(p, &tmp, b->obj.parent);
		ut_buf_putc(&tmp, '.');
		put_ident(&tmp, b->obj.name);
		cmt1(&p->cmt, "create sequence for serial column ",
		     b->obj.name, "");
		dl_plan_add(pre, tmp.ptr, p->cmt.ptr, NULL);
		ut_buf_reset(&p->cmt);
		o = clause(cl);
		ut_buf_puts(o, "ALTER COLUMN ");
		put_ident(o, b->obj.name);
		ut_buf_reset(&tmp);
		put_qname_in(p, &tmp, schema_name(&b->obj), seq);
		ut_buf_puts(o, " SET DEFAULT nextval(");
		put_literal(o, tmp.ptr);
		ut_buf_puts(o, ")");
		free(seq);
	} else if (sa && !sb) {
		char *seq = serial_seq_name(a);
		o = clause(cl);
		ut_buf_puts(o, "ALTER COLUMN ");
		put_ident(o, b->obj.name);
		if (b->default_expr)
			ut_buf_printf(o, " SET DEFAULT %s", b->default_expr);
		else
			ut_buf_puts(o, " DROP DEFAULT");
		ut_buf_puts(&tmp, "DROP SEQUENCE IF EXISTS ");
		put_qname_in(p, &tmp, schema_name(&a->obj), seq);
		cmt1(&p->cmt, "drop sequence of serial column ", a->obj.name,
		     "");
		dl_plan_add(post, tmp.ptr, p->cmt.ptr, NULL);
		ut_buf_reset(&p->cmt);
		free(seq);
		m &= ~(unsigned)SM_CHG_DEFAULT;
	} else if (sa && sb && strcmp(sa, sb) != 0) {
		char *seq = serial_seq_name(b);
		ut_buf_puts(&tmp, "ALTER SEQUENCE ");
		put_qname_in(p, &tmp, schema_name(&b->obj), seq);
		ut_buf_printf(&tmp, " AS %s", sb);
		cmt1(&p->cmt, "modify sequence of serial column ", b->obj.name,
		     "");
		dl_plan_add(post, tmp.ptr, p->cmt.ptr, NULL);
		ut_buf_reset(&p->cmt);
		free(seq);
	}
	if ((m & SM_CHG_DEFAULT) && !b->generated && !(!sa && sb)) {
		o = clause(cl);
		ut_buf_puts(o, "ALTER COLUMN ");
		put_ident(o, b->obj.name);
		if (b->default_expr)
			ut_buf_printf(o, " SET DEFAULT %s", b->default_expr);
		else
			ut_buf_puts(o, " DROP DEFAULT");
	}
	if (m & SM_CHG_NULL) {
		o = clause(cl);
		ut_buf_puts(o, "ALTER COLUMN ");
		put_ident(o, b->obj.name);
		ut_buf_puts(o, b->nullable ? " DROP NOT NULL" : " SET NOT NULL");
	}
	if (m & SM_CHG_IDENTITY) {
		o = clause(cl);
		ut_buf_puts(o, "ALTER COLUMN ");
		put_ident(o, b->obj.name);
		if (!b->identity) {
			ut_buf_puts(o, " DROP IDENTITY");
		} else if (!a->identity) {
			ut_buf_puts(o, " ADD");
			put_identity(o, b);
		} else {
			if (strcmp(a->identity, b->identity) != 0)
				ut_buf_printf(o, " SET GENERATED %s",
					      b->identity);
			if (a->identity_start != b->identity_start)
				ut_buf_printf(o, " SET START WITH %lld",
					      (long long)b->identity_start);
			if (a->identity_increment != b->identity_increment)
				ut_buf_printf(o, " SET INCREMENT BY %lld",
					      (long long)b->identity_increment);
		}
	}
	ut_buf_release(&tmp);
	if (m & (SM_CHG_CHARSET | SM_CHG_AUTOINC | SM_CHG_ON_UPDATE))
		return cannot(ch, "MySQL column options");
	return 0;
}

static void add_sub_stmts(planner *p, dl_plan *from)
{
	for (size_t i = 0; i < from->stmts.len; i++) {
		const dl_stmt *s = &from->stmts.items[i];
		dl_plan_add(p->plan, s->sql, s->comment, s->reverse);
	}
}

static bool sub_is(const sm_change *s, sm_kind k, sm_op op)
{
	return s->kind == k && s->op == op;
}

/* Whether the "k=v, k2=v2" option list has the key k. */
static bool option_has(const char *list, const char *k, size_t kl)
{
	for (const char *p = list; p && *p;) {
		size_t n = strcspn(p, "=,");
		if (n == kl && strncmp(p, k, kl) == 0)
			return true;
		p = strchr(p, ',');
		if (p)
			p = ut_str_ltrim(p + 1);
	}
	return false;
}

/* RESET (k, ...) for the storage parameters of from that to lacks. */
static void put_reset_options(clauses *cl, const char *from, const char *to)
{
	ut_buf keys = UT_BUF_INIT;

	for (const char *p = from; p && *p;) {
		size_t n = strcspn(p, "=,");
		if (!option_has(to, p, n)) {
			ut_buf_puts(&keys, keys.len ? ", " : "");
			ut_buf_put(&keys, p, n);
		}
		p = strchr(p, ',');
		if (p)
			p = ut_str_ltrim(p + 1);
	}
	if (keys.len)
		ut_buf_printf(clause(cl), "RESET (%s)", keys.ptr);
	ut_buf_release(&keys);
}

/*
 * A column a partition or child table inherits: its changes come with the
 * parent's, the child's own copy is not altered.
 */
static bool inherited_sub(const sm_change *s)
{
	const sm_column *a = (const sm_column *)s->from;
	const sm_column *b = (const sm_column *)s->to;

	return s->kind == SM_COLUMN &&
	       ((a && has_attr(&a->attrs, "inherited")) ||
		(b && has_attr(&b->attrs, "inherited")));
}

/* Phase 4: one modified table. FK additions are left for phase 6. */
static int plan_modify_table(planner *p, const sm_change *c)
{
	const sm_table *ft = (const sm_table *)c->from;
	const sm_table *tt = (const sm_table *)c->to;
	clauses cl = { UT_BUF_INIT, 0 };
	dl_plan *pre = dl_plan_new(), *post = dl_plan_new();
	ut_buf *o;
	int error = 0;

	/* indexes that go away or change: dropped first */
	for (size_t i = 0; i < c->subs.len; i++) {
		const sm_change *s = c->subs.items[i];
		const sm_index *ix = (const sm_index *)s->from;
		if (s->kind != SM_INDEX || s->op == SM_OP_ADD || ix->primary ||
		    ix->constraint)
			continue;
		if (s->op == SM_OP_MODIFY && !(s->mask & ~(unsigned)SM_CHG_COMMENT))
			continue;
		add_drop_index(p, ix, &ft->obj);
	}
	/* 1. constraints that go away or change */
	for (size_t i = 0; i < c->subs.len; i++) {
		const sm_change *s = c->subs.items[i];
		const sm_object *fo = s->from;
		bool drop = s->op == SM_OP_DROP ||
			    (s->op == SM_OP_MODIFY &&
			     (s->mask & ~(unsigned)SM_CHG_COMMENT));
		if (!drop)
			continue;
		if (s->kind == SM_CHECK || s->kind == SM_FOREIGN_KEY ||
		    (s->kind == SM_INDEX &&
		     (((const sm_index *)fo)->primary ||
		      ((const sm_index *)fo)->constraint))) {
			o = clause(&cl);
			ut_buf_puts(o, "DROP CONSTRAINT ");
			put_ident(o, fo->name);
		}
	}
	/* 2. columns dropped, 3. modified, 4. added */
	for (size_t i = 0; i < c->subs.len; i++) {
		const sm_change *s = c->subs.items[i];
		if (inherited_sub(s))
			continue;
		if (sub_is(s, SM_COLUMN, SM_OP_DROP)) {
			o = clause(&cl);
			ut_buf_puts(o, "DROP COLUMN ");
			put_ident(o, s->from->name);
		}
	}
	for (size_t i = 0; i < c->subs.len; i++) {
		const sm_change *s = c->subs.items[i];
		if (inherited_sub(s))
			continue;
		if (sub_is(s, SM_COLUMN, SM_OP_MODIFY) &&
		    (error = modify_column(p, s, &cl, pre, post)) < 0)
			goto done;
		if (s->kind == SM_COLUMN && s->op == SM_OP_RENAME) {
			error = cannot(s, "renames are not planned");
			goto done;
		}
	}
	for (size_t i = 0; i < c->subs.len; i++) {
		const sm_change *s = c->subs.items[i];
		if (inherited_sub(s))
			continue;
		if (sub_is(s, SM_COLUMN, SM_OP_ADD)) {
			o = clause(&cl);
			ut_buf_puts(o, "ADD COLUMN ");
			put_column(o, (const sm_column *)s->to);
		}
	}
	/* 5. keys and checks added or changed */
	for (size_t i = 0; i < c->subs.len; i++) {
		const sm_change *s = c->subs.items[i];
		const sm_object *to = s->to;
		bool make = s->op == SM_OP_ADD ||
			    (s->op == SM_OP_MODIFY &&
			     (s->mask & ~(unsigned)SM_CHG_COMMENT));
		if (!make)
			continue;
		if (s->kind == SM_INDEX && (((const sm_index *)to)->primary ||
					    ((const sm_index *)to)->constraint)) {
			if (key_check((const sm_index *)to) < 0) {
				error = cannot(s, "constraint with expressions or ordering");
				goto done;
			}
			o = clause(&cl);
			ut_buf_puts(o, "ADD ");
			put_key(o, (const sm_index *)to);
		} else if (s->kind == SM_CHECK) {
			o = clause(&cl);
			ut_buf_puts(o, "ADD ");
			put_check(o, (const sm_check *)to);
			if (((const sm_check *)to)->not_valid)
				ut_buf_puts(o, " NOT VALID");
		} else if (s->kind == SM_FOREIGN_KEY) {
			ut_vec_push(&p->deferred_fks, s);
		}
	}
	if (c->mask & SM_CHG_ATTR) {
		bool ua = has_attr(&ft->attrs, "unlogged");
		bool ub = has_attr(&tt->attrs, "unlogged");
		const char *wa = sm_attr_get(&ft->attrs, "with");
		const char *wb = sm_attr_get(&tt->attrs, "with");
		static const char *const fixed[] = { "partition_by",
						     "partition_of",
						     "partition_bound",
						     "inherits", "foreign" };
		for (size_t i = 0; i < UT_ARRAY_SIZE(fixed); i++) {
			const char *x = sm_attr_get(&ft->attrs, fixed[i]);
			const char *y = sm_attr_get(&tt->attrs, fixed[i]);
			if ((x || y) && (!x || !y || strcmp(x, y))) {
				error = cannot(c, "partitioning and inheritance cannot change");
				goto done;
			}
		}
		if (ua != ub) {
			o = clause(&cl);
			ut_buf_puts(o, ub ? "SET UNLOGGED" : "SET LOGGED");
		}
		if ((wa || wb) && (!wa || !wb || strcmp(wa, wb))) {
			put_reset_options(&cl, wa, wb);
			if (wb) {
				o = clause(&cl);
				ut_buf_printf(o, "SET (%s)", wb);
			}
		}
	}
	if (c->mask & (SM_CHG_CHARSET | SM_CHG_COLLATE)) {
		error = cannot(c, "MySQL table options");
		goto done;
	}
	add_sub_stmts(p, pre);
	if (cl.n) {
		ut_buf_puts(&p->sql, "ALTER TABLE ");
		put_qname(p, &p->sql, &tt->obj);
		ut_buf_putc(&p->sql, ' ');
		ut_buf_puts(&p->sql, cl.b.ptr);
		cmt1(&p->cmt, "modify ", tt->obj.name, " table");
		add(p);
	}
	add_sub_stmts(p, post);
	/* new and changed indexes */
	for (size_t i = 0; i < c->subs.len; i++) {
		const sm_change *s = c->subs.items[i];
		const sm_index *ix = (const sm_index *)s->to;
		if (s->kind != SM_INDEX || s->op == SM_OP_DROP ||
		    ix->primary || ix->constraint)
			continue;
		if (s->op == SM_OP_MODIFY && !(s->mask & ~(unsigned)SM_CHG_COMMENT))
			continue;
		add_create_index(p, ix, &tt->obj, true);
	}
	/* comments */
	if (c->mask & SM_CHG_COMMENT)
		add_comment(p, "TABLE", &tt->obj, NULL, tt->obj.comment);
	for (size_t i = 0; i < c->subs.len; i++) {
		const sm_change *s = c->subs.items[i];
		const sm_object *to = s->to;
		bool remade = s->op == SM_OP_MODIFY &&
			      (s->mask & ~(unsigned)SM_CHG_COMMENT);
		if (!to || s->kind == SM_TRIGGER)
			continue;
		if (s->op == SM_OP_ADD || remade) {
			if (!to->comment)
				continue;
		} else if (!(s->op == SM_OP_MODIFY &&
			     (s->mask & SM_CHG_COMMENT))) {
			continue;
		}
		if (s->kind == SM_COLUMN)
			add_comment(p, "COLUMN", to, tt->obj.name, to->comment);
		else if (s->kind == SM_INDEX &&
			 !((const sm_index *)to)->constraint)
			add_comment(p, "INDEX", to, tt->obj.name, to->comment);
		else if (s->kind == SM_FOREIGN_KEY && s->op == SM_OP_ADD)
			continue; /* commented when added in phase 6 */
		else
			add_comment(p, "CONSTRAINT", to, NULL, to->comment);
	}
done:
	ut_buf_release(&cl.b);
	dl_plan_free(pre);
	dl_plan_free(post);
	return error;
}

/* Phase 6: the new foreign keys of modified tables, one ALTER per table. */
static void plan_deferred_fks(planner *p)
{
	for (size_t i = 0; i < p->deferred_fks.len; i++) {
		const sm_change *s = p->deferred_fks.items[i];
		const sm_foreign_key *fk = (const sm_foreign_key *)s->to;
		const sm_object *t = fk->obj.parent;
		bool same = i > 0 &&
			    ((const sm_foreign_key *)p->deferred_fks
				     .items[i - 1]
				     ->to)
					    ->obj.parent == t;
		if (!same) {
			ut_buf_puts(&p->sql, "ALTER TABLE ");
			put_qname(p, &p->sql, t);
			ut_buf_putc(&p->sql, ' ');
		} else {
			ut_buf_puts(&p->sql, ", ");
		}
		ut_buf_puts(&p->sql, "ADD ");
		put_fk(p, &p->sql, fk);
		if (fk->not_valid)
			ut_buf_puts(&p->sql, " NOT VALID");
		if (i + 1 == p->deferred_fks.len ||
		    ((const sm_foreign_key *)p->deferred_fks.items[i + 1]->to)
				    ->obj.parent != t) {
			cmt1(&p->cmt, "modify ", t->name, " table");
			add(p);
		}
	}
	for (size_t i = 0; i < p->deferred_fks.len; i++) {
		const sm_object *o = p->deferred_fks.items[i]->to;
		if (o->comment)
			add_comment(p, "CONSTRAINT", o, NULL, o->comment);
	}
}

/* Phase 9: dropped tables, children first; cycles lose their FKs first. */
static bool is_rule(const sm_trigger *t);
static void add_drop_trigger(planner *p, const sm_trigger *t);

static void plan_drop_tables(planner *p, const change_vec *drops)
{
	size_t n = drops->len, left = n;
	char *gone = ut_xcalloc(n + 1, 1);

	/*
	 * A rule may read or write any other table (Sakila's partition rules
	 * INSERT INTO the child tables), and what it uses is not inspected:
	 * when several tables go, their rules go first, so no DROP TABLE
	 * fails on "other objects depend on it".
	 */
	for (size_t i = 0; n > 1 && i < n; i++) {
		const sm_table *t = (const sm_table *)drops->items[i]->from;
		for (size_t j = 0; j < t->triggers.len; j++)
			if (is_rule(t->triggers.items[j]))
				add_drop_trigger(p, t->triggers.items[j]);
	}
	while (left) {
		bool progress = false;
		for (size_t i = 0; i < n; i++) {
			const sm_table *t = (const sm_table *)drops->items[i]->from;
			bool referenced = false;
			if (gone[i])
				continue;
			/* a table another dropped table still points at waits */
			for (size_t j = 0; j < n && !referenced; j++) {
				const sm_table *o = (const sm_table *)drops->items[j]->from;
				if (gone[j] || j == i)
					continue;
				for (size_t k = 0; k < o->fks.len; k++)
					if (same_table(t, fk_schema(o->fks.items[k]),
						       o->fks.items[k]->ref_table))
						referenced = true;
				if (parent_of(o) &&
				    same_table(t, parent_schema(o), parent_of(o)))
					referenced = true;
			}
			if (referenced)
				continue;
			ut_buf_puts(&p->sql, "DROP TABLE ");
			put_qname(p, &p->sql, &t->obj);
			cmt1(&p->cmt, "drop ", t->obj.name, " table");
			add(p);
			gone[i] = 1;
			left--;
			progress = true;
		}
		if (progress)
			continue;
		/*
		 * A cycle: the tables left that point at the first one lose
		 * those foreign keys, then it can go on the next round.
		 */
		for (size_t i = 0; i < n; i++) {
			const sm_table *t = (const sm_table *)drops->items[i]->from;
			if (gone[i])
				continue;
			for (size_t j = 0; j < n; j++) {
				const sm_table *o = (const sm_table *)drops->items[j]->from;
				bool any = false;
				if (gone[j] || j == i)
					continue;
				for (size_t k = 0; k < o->fks.len; k++) {
					const sm_foreign_key *fk = o->fks.items[k];
					if (!same_table(t, fk_schema(fk), fk->ref_table))
						continue;
					ut_buf_puts(&p->sql, any ? ", " : "ALTER TABLE ");
					if (!any) {
						put_qname(p, &p->sql, &o->obj);
						ut_buf_putc(&p->sql, ' ');
					}
					any = true;
					ut_buf_puts(&p->sql, "DROP CONSTRAINT ");
					put_ident(&p->sql, fk->obj.name);
				}
				if (any) {
					cmt1(&p->cmt, "modify ", o->obj.name, " table");
					add(p);
				}
			}
			ut_buf_puts(&p->sql, "DROP TABLE ");
			put_qname(p, &p->sql, &t->obj);
			cmt1(&p->cmt, "drop ", t->obj.name, " table");
			add(p);
			gone[i] = 1;
			left--;
			break;
		}
	}
	free(gone);
}

/* ---- types, sequences, routines, views, triggers ---------------------- */

static const char *type_keyword(const sm_type *t)
{
	return t->type_kind == SM_TYPE_DOMAIN ? "DOMAIN" : "TYPE";
}

/* The i-th attr whose key starts with prefix (its key past it), or NULL. */
static const sm_attr *attr_nth(const sm_attrs *a, const char *prefix,
			       size_t i, const char **key)
{
	size_t pl = strlen(prefix);

	for (size_t k = 0; k < a->len; k++) {
		if (strncmp(a->items[k].key, prefix, pl) != 0)
			continue;
		if (i-- == 0) {
			*key = a->items[k].key + pl;
			return &a->items[k];
		}
	}
	return NULL;
}

/* ADD CONSTRAINT of a domain check inspected NOT VALID: not in CREATE. */
static bool not_valid(const char *condef)
{
	size_t n = strlen(condef);

	return n >= 10 && strcmp(condef + n - 10, " NOT VALID") == 0;
}

static void add_domain_constraint(planner *p, const sm_type *t,
				  const char *name, const char *def)
{
	ut_buf_puts(&p->sql, "ALTER DOMAIN ");
	put_qname(p, &p->sql, &t->obj);
	ut_buf_puts(&p->sql, " ADD CONSTRAINT ");
	put_ident(&p->sql, name);
	ut_buf_printf(&p->sql, " %s", def);
	cmt1(&p->cmt, "modify ", t->obj.name, " domain");
	add(p);
}

/*
 * CREATE DOMAIN from its parts (the inspected def when there are none):
 * base type, collation, default, NOT NULL, then each named constraint;
 * constraints that are NOT VALID follow as ALTER DOMAIN, which is the
 * only statement that takes them.
 */
static void add_create_domain(planner *p, const sm_type *t)
{
	const char *base = sm_attr_get(&t->attrs, "base");
	const char *coll = sm_attr_get(&t->attrs, "collation");
	const char *dflt = sm_attr_get(&t->attrs, "default");
	const char *key;
	const sm_attr *at;

	ut_buf_puts(&p->sql, "CREATE DOMAIN ");
	put_qname(p, &p->sql, &t->obj);
	if (!base) {
		ut_buf_printf(&p->sql, " %s", t->def ? t->def : "");
	} else {
		ut_buf_printf(&p->sql, " AS %s", base);
		if (coll)
			ut_buf_printf(&p->sql, " COLLATE %s", coll);
		if (dflt)
			ut_buf_printf(&p->sql, " DEFAULT %s", dflt);
		if (has_attr(&t->attrs, "not_null"))
			ut_buf_puts(&p->sql, " NOT NULL");
		for (size_t i = 0;
		     (at = attr_nth(&t->attrs, "constraint:", i, &key)); i++) {
			if (not_valid(at->value))
				continue;
			ut_buf_puts(&p->sql, " CONSTRAINT ");
			put_ident(&p->sql, key);
			ut_buf_printf(&p->sql, " %s", at->value);
		}
	}
	cmt1(&p->cmt, "create ", t->obj.name, " domain");
	add(p);
	for (size_t i = 0; base && (at = attr_nth(&t->attrs, "constraint:", i,
						    &key));
	     i++)
		if (not_valid(at->value))
			add_domain_constraint(p, t, key, at->value);
}

static void add_create_type(planner *p, const sm_type *t)
{
	if (t->type_kind == SM_TYPE_DOMAIN) {
		add_create_domain(p, t);
	} else {
		ut_buf_printf(&p->sql, "CREATE %s ", type_keyword(t));
		put_qname(p, &p->sql, &t->obj);
		if (t->type_kind == SM_TYPE_ENUM) {
			ut_buf_puts(&p->sql, " AS ENUM (");
			for (size_t i = 0; i < t->values.len; i++) {
				if (i)
					ut_buf_puts(&p->sql, ", ");
				put_literal(&p->sql, t->values.items[i]);
			}
			ut_buf_putc(&p->sql, ')');
			cmt1(&p->cmt, "create enum type ", t->obj.name, "");
		} else {
			ut_buf_printf(&p->sql, " %s", t->def ? t->def : "");
			cmt1(&p->cmt, "create ", t->obj.name, " type");
		}
		add(p);
	}
	if (t->obj.comment)
		add_comment(p, type_keyword(t), &t->obj, NULL, t->obj.comment);
}

static void add_drop_type(planner *p, const sm_type *t)
{
	ut_buf_printf(&p->sql, "DROP %s ", type_keyword(t));
	put_qname(p, &p->sql, &t->obj);
	if (t->type_kind == SM_TYPE_ENUM)
		cmt1(&p->cmt, "drop enum type ", t->obj.name, "");
	else
		cmt1(&p->cmt, "drop ", t->obj.name,
		     t->type_kind == SM_TYPE_DOMAIN ? " domain" : " type");
	add(p);
}

static bool strs_has(const sm_strs *v, const char *s)
{
	for (size_t i = 0; i < v->len; i++)
		if (strcmp(v->items[i], s) == 0)
			return true;
	return false;
}

/* New enum labels, each placed before the next label that exists. */
static void add_enum_values(planner *p, const sm_type *a, const sm_type *b)
{
	for (size_t i = 0; i < b->values.len; i++) {
		const char *v = b->values.items[i];
		const char *before = NULL;
		if (strs_has(&a->values, v))
			continue;
		for (size_t j = i + 1; j < b->values.len && !before; j++)
			if (strs_has(&a->values, b->values.items[j]))
				before = b->values.items[j];
		ut_buf_puts(&p->sql, "ALTER TYPE ");
		put_qname(p, &p->sql, &b->obj);
		ut_buf_puts(&p->sql, " ADD VALUE ");
		put_literal(&p->sql, v);
		if (before) {
			ut_buf_puts(&p->sql, " BEFORE ");
			put_literal(&p->sql, before);
		}
		cmt1(&p->cmt, "add value to enum type: ", b->obj.name, "");
		add(p);
	}
}

/* ---- who uses a type -------------------------------------------------- */

/* One identifier of a type name at *s ("x" or bare), unquoted; advances. */
static char *type_ident(const char **s)
{
	const char *p = *s;
	ut_buf b = UT_BUF_INIT;

	if (*p == '"') {
		for (p++; *p; p++) {
			if (*p == '"' && p[1] == '"')
				p++;
			else if (*p == '"')
				break;
			ut_buf_putc(&b, *p);
		}
		if (*p)
			p++;
	} else {
		while (*p && *p != '.' && *p != '[' && *p != ' ' && *p != '(')
			ut_buf_putc(&b, *p++);
	}
	*s = p;
	return ut_buf_detach(&b);
}

/*
 * Whether a type as format_type prints it ("posint", "app.posint",
 * "\"My T\"[]", "pt COLLATE ...") is the type schema.name: a bare name
 * belongs to the schema of the object using it (the inspection's
 * search_path makes the names of other schemas qualified).
 */
static bool type_is(const char *text, const char *own_schema,
		    const char *schema, const char *name)
{
	const char *s = text ? text : "";
	char *first = type_ident(&s), *second = NULL;
	bool yes;

	if (*s == '.') {
		s++;
		second = type_ident(&s);
	}
	while (*s == '[' || *s == ']')
		s++;
	if (*s && *s != ' ')
		yes = false; /* a type with arguments: not a user type */
	else if (second)
		yes = strcmp(second, name) == 0 && schema &&
		      strcmp(first, schema) == 0;
	else
		yes = strcmp(first, name) == 0 && schema && own_schema &&
		      strcmp(own_schema, schema) == 0;
	free(first);
	free(second);
	return yes;
}

/*
 * Whether a routine's arguments or result name `name`: the text of its
 * statement from the '(' after its name up to " LANGUAGE " (parameters
 * of that name count too: over-approximated, never missed).
 */
static bool signature_mentions(const sm_function *f, const char *name)
{
	const char *args = f->def ? strchr(f->def, '(') : NULL;
	const char *body = args ? strstr(args, "\n LANGUAGE ") : NULL;
	char *head;
	bool yes;

	if (!args)
		return false;
	head = ut_xstrndup(args, body ? (size_t)(body - args) : strlen(args));
	yes = sql_mentions(head, name);
	free(head);
	return yes;
}

static void dependant(ut_buf *out, size_t *n, const sm_object *o)
{
	if ((*n)++ < 8) {
		ut_buf_puts(out, *n > 1 ? ", " : "");
		sm_object_qname(out, o);
	} else if (*n == 9) {
		ut_buf_puts(out, ", ...");
	}
}

/*
 * The objects of the realm that use type t (columns of tables and views,
 * domains over it, composite types and ranges made of it, routines
 * taking or returning it), as a list of qualified names; how many.
 */
static size_t type_dependants(ut_buf *out, const sm_type *t)
{
	const sm_schema *ts = sm_object_schema(&t->obj);
	const sm_realm *r = ts ? ts->realm : NULL;
	const char *tsn = ts ? ts->obj.name : NULL;
	size_t n = 0;

	for (size_t si = 0; r && si < r->schemas.len; si++) {
		const sm_schema *s = r->schemas.items[si];
		const char *sn = s->obj.name;
		for (size_t i = 0; i < s->tables.len; i++) {
			const sm_table *tb = s->tables.items[i];
			for (size_t k = 0; k < tb->columns.len; k++)
				if (type_is(tb->columns.items[k]->type, sn, tsn,
					    t->obj.name))
					dependant(out, &n,
						  &tb->columns.items[k]->obj);
		}
		for (size_t i = 0; i < s->views.len; i++) {
			const sm_view *v = s->views.items[i];
			for (size_t k = 0; k < v->columns.len; k++)
				if (type_is(v->columns.items[k]->type, sn, tsn,
					    t->obj.name))
					dependant(out, &n,
						  &v->columns.items[k]->obj);
		}
		for (size_t i = 0; i < s->types.len; i++) {
			const sm_type *u = s->types.items[i];
			const sm_attr *at;
			const char *key;
			bool uses = false;
			if (u == t)
				continue;
			uses = type_is(sm_attr_get(&u->attrs, "base"), sn, tsn,
				       t->obj.name);
			for (size_t k = 0; !uses && (at = attr_nth(&u->attrs,
								   "attribute:",
								   k, &key));
			     k++)
				uses = type_is(at->value, sn, tsn, t->obj.name);
			if (!uses && u->type_kind == SM_TYPE_RANGE)
				uses = sql_mentions(u->def, t->obj.name);
			if (uses)
				dependant(out, &n, &u->obj);
		}
		for (size_t i = 0; i < s->functions.len; i++)
			if (signature_mentions(s->functions.items[i],
					       t->obj.name))
				dependant(out, &n,
					  &s->functions.items[i]->obj);
	}
	return n;
}

/*
 * A type PostgreSQL cannot alter this way is dropped and made again,
 * which only works while nothing uses it; else the plan is refused,
 * naming what uses it.
 */
static int recreate_type(planner *p, const sm_change *c, const char *what)
{
	const sm_type *a = (const sm_type *)c->from;
	const sm_type *b = (const sm_type *)c->to;
	ut_buf deps = UT_BUF_INIT, why = UT_BUF_INIT;
	int error = 0;

	if (type_dependants(&deps, a) > 0) {
		ut_buf_printf(&why, "%s, and %s %s it", what, deps.ptr,
			      strchr(deps.ptr, ',') ? "use" : "uses");
		error = cannot(c, why.ptr);
		ut_error_hint("PostgreSQL cannot change this in place: move what uses the type to a new type first, or drop it and create it again in separate migrations");
	} else {
		add_drop_type(p, a);
		add_create_type(p, b);
	}
	ut_buf_release(&deps);
	ut_buf_release(&why);
	return error;
}

/*
 * ALTER DOMAIN for a domain whose base type and collation stay: its
 * constraints that go or change are dropped, then the default and NOT
 * NULL set, then the new and changed constraints added (after NOT NULL,
 * so a check never sees the NULLs it would have to reject twice).
 */
static void alter_domain(planner *p, const sm_type *a, const sm_type *b)
{
	const char *da = sm_attr_get(&a->attrs, "default");
	const char *db = sm_attr_get(&b->attrs, "default");
	const sm_attr *at;
	const char *key, *other;

	for (size_t i = 0; (at = attr_nth(&a->attrs, "constraint:", i, &key));
	     i++) {
		other = sm_attr_get(&b->attrs, at->key);
		if (other && strcmp(other, at->value) == 0)
			continue;
		ut_buf_puts(&p->sql, "ALTER DOMAIN ");
		put_qname(p, &p->sql, &b->obj);
		ut_buf_puts(&p->sql, " DROP CONSTRAINT ");
		put_ident(&p->sql, key);
		cmt1(&p->cmt, "modify ", b->obj.name, " domain");
		add(p);
	}
	if (strcmp(da ? da : "", db ? db : "") != 0) {
		ut_buf_puts(&p->sql, "ALTER DOMAIN ");
		put_qname(p, &p->sql, &b->obj);
		if (db)
			ut_buf_printf(&p->sql, " SET DEFAULT %s", db);
		else
			ut_buf_puts(&p->sql, " DROP DEFAULT");
		cmt1(&p->cmt, "modify ", b->obj.name, " domain");
		add(p);
	}
	if (has_attr(&a->attrs, "not_null") != has_attr(&b->attrs, "not_null")) {
		ut_buf_puts(&p->sql, "ALTER DOMAIN ");
		put_qname(p, &p->sql, &b->obj);
		ut_buf_puts(&p->sql, has_attr(&b->attrs, "not_null")
					     ? " SET NOT NULL"
					     : " DROP NOT NULL");
		cmt1(&p->cmt, "modify ", b->obj.name, " domain");
		add(p);
	}
	for (size_t i = 0; (at = attr_nth(&b->attrs, "constraint:", i, &key));
	     i++) {
		other = sm_attr_get(&a->attrs, at->key);
		if (!other || strcmp(other, at->value) != 0)
			add_domain_constraint(p, b, key, at->value);
	}
}

/*
 * ALTER TYPE for a composite type, when the attributes that stay keep
 * their order and the new ones come last (ADD ATTRIBUTE appends): one
 * statement dropping, altering and adding attributes. 1 when the change
 * cannot be done so (the caller re-creates the type), 0 when planned,
 * or an error: ALTER ATTRIBUTE TYPE is refused while a column uses the
 * type.
 */
static int alter_composite(planner *p, const sm_change *c)
{
	const sm_type *a = (const sm_type *)c->from;
	const sm_type *b = (const sm_type *)c->to;
	const sm_attr *at, *bt;
	const char *ka, *kb;
	size_t ja = 0, kept_last = 0;
	bool retype = false, any = false;
	ut_buf *o = &p->sql;

	/* the kept attributes, in both orders, must line up */
	for (size_t i = 0; (bt = attr_nth(&b->attrs, "attribute:", i, &kb));
	     i++) {
		const char *old = sm_attr_get(&a->attrs, bt->key);
		if (!old)
			continue;
		for (;; ja++) {
			at = attr_nth(&a->attrs, "attribute:", ja, &ka);
			if (!at)
				return 1;
			if (strcmp(at->key, bt->key) == 0)
				break;
		}
		ja++;
		if (kept_last != i)
			return 1; /* a new attribute before a kept one */
		kept_last = i + 1;
		if (strcmp(old, bt->value) != 0)
			retype = true;
	}
	if (retype) {
		ut_buf deps = UT_BUF_INIT, why = UT_BUF_INIT;
		size_t n = type_dependants(&deps, a);
		int error = 0;
		if (n > 0) {
			ut_buf_printf(&why,
				      "an attribute's type changes, and %s %s the type",
				      deps.ptr, n > 1 ? "use" : "uses");
			error = cannot(c, why.ptr);
			ut_error_hint("PostgreSQL refuses ALTER ATTRIBUTE ... TYPE while a column uses the type");
		}
		ut_buf_release(&deps);
		ut_buf_release(&why);
		if (error)
			return error;
	}
	ut_buf_puts(o, "ALTER TYPE ");
	put_qname(p, o, &b->obj);
	for (size_t i = 0; (at = attr_nth(&a->attrs, "attribute:", i, &ka));
	     i++) {
		if (sm_attr_get(&b->attrs, at->key))
			continue;
		ut_buf_puts(o, any ? ", DROP ATTRIBUTE " : " DROP ATTRIBUTE ");
		put_ident(o, ka);
		any = true;
	}
	for (size_t i = 0; (bt = attr_nth(&b->attrs, "attribute:", i, &kb));
	     i++) {
		const char *old = sm_attr_get(&a->attrs, bt->key);
		if (old && strcmp(old, bt->value) == 0)
			continue;
		if (old) {
			ut_buf_puts(o, any ? ", ALTER ATTRIBUTE "
					   : " ALTER ATTRIBUTE ");
			put_ident(o, kb);
			ut_buf_puts(o, " TYPE ");
		} else {
			ut_buf_puts(o, any ? ", ADD ATTRIBUTE "
					   : " ADD ATTRIBUTE ");
			put_ident(o, kb);
			ut_buf_putc(o, ' ');
		}
		ut_buf_puts(o, bt->value);
		any = true;
	}
	if (!any) {
		ut_buf_reset(o);
		return 0;
	}
	cmt1(&p->cmt, "modify ", b->obj.name, " type");
	add(p);
	return 0;
}

static int plan_type(planner *p, const sm_change *c)
{
	const sm_type *a = (const sm_type *)c->from;
	const sm_type *b = (const sm_type *)c->to;
	int error;

	if (c->op == SM_OP_ADD) {
		add_create_type(p, b);
		return 0;
	}
	if (c->op != SM_OP_MODIFY)
		return c->op == SM_OP_DROP ? 0 : cannot(c, NULL);
	if (c->mask & SM_CHG_DEF) {
		if (a->type_kind == SM_TYPE_ENUM &&
		    b->type_kind == SM_TYPE_ENUM) {
			error = cannot(c, "enum values can only be added, not removed or reordered");
			ut_error_hint("PostgreSQL cannot drop or move a value of an enum type: create a new type and convert the columns with USING");
			return error;
		}
		if (a->type_kind != b->type_kind)
			return recreate_type(p, c, "it becomes another kind of type");
		if (a->type_kind == SM_TYPE_DOMAIN) {
			const char *ba = sm_attr_get(&a->attrs, "base");
			const char *bb = sm_attr_get(&b->attrs, "base");
			const char *ca = sm_attr_get(&a->attrs, "collation");
			const char *cb = sm_attr_get(&b->attrs, "collation");
			if (!ba || !bb || strcmp(ba, bb) != 0 ||
			    strcmp(ca ? ca : "", cb ? cb : "") != 0)
				return recreate_type(p, c, "the base type or collation of a domain cannot be altered");
			alter_domain(p, a, b);
		} else if (a->type_kind == SM_TYPE_COMPOSITE) {
			if ((error = alter_composite(p, c)) < 0)
				return error;
			if (error == 1)
				return recreate_type(p, c, "attributes cannot be reordered or inserted in place");
		} else if (a->type_kind == SM_TYPE_RANGE) {
			return recreate_type(p, c, "a range type cannot be altered");
		} else {
			return recreate_type(p, c, "its definition changed");
		}
	}
	if (c->mask & SM_CHG_VALUES)
		add_enum_values(p, a, b);
	if (c->mask & SM_CHG_COMMENT)
		add_comment(p, type_keyword(b), &b->obj, NULL, b->obj.comment);
	return 0;
}

static void put_sequence_options(ut_buf *b, const sm_sequence *s)
{
	if (s->type && *s->type)
		ut_buf_printf(b, " AS %s", s->type);
	ut_buf_printf(b,
		      " INCREMENT BY %lld MINVALUE %lld MAXVALUE %lld START WITH %lld CACHE %lld%s",
		      (long long)s->increment, (long long)s->min,
		      (long long)s->max, (long long)s->start,
		      (long long)s->cache, s->cycle ? " CYCLE" : " NO CYCLE");
}

static int plan_sequence(planner *p, const sm_change *c)
{
	const sm_sequence *b = (const sm_sequence *)c->to;

	if (c->op == SM_OP_ADD) {
		ut_buf_puts(&p->sql, "CREATE SEQUENCE ");
		put_qname(p, &p->sql, &b->obj);
		put_sequence_options(&p->sql, b);
		cmt1(&p->cmt, "create ", b->obj.name, " sequence");
		add(p);
		if (b->obj.comment)
			add_comment(p, "SEQUENCE", &b->obj, NULL,
				    b->obj.comment);
		return 0;
	}
	if (c->op != SM_OP_MODIFY)
		return c->op == SM_OP_DROP ? 0 : cannot(c, NULL);
	if (c->mask & (SM_CHG_TYPE | SM_CHG_OPTIONS)) {
		ut_buf_puts(&p->sql, "ALTER SEQUENCE ");
		put_qname(p, &p->sql, &b->obj);
		put_sequence_options(&p->sql, b);
		cmt1(&p->cmt, "modify ", b->obj.name, " sequence");
		add(p);
	}
	if (c->mask & SM_CHG_COMMENT)
		add_comment(p, "SEQUENCE", &b->obj, NULL, b->obj.comment);
	return 0;
}

/* Phase 6: OWNED BY of new and changed sequences (the tables exist now). */
static void plan_sequence_owner(planner *p, const sm_change *c)
{
	const sm_sequence *a = (const sm_sequence *)c->from;
	const sm_sequence *b = (const sm_sequence *)c->to;
	const char *dot;

	if (!b || (c->op == SM_OP_ADD && !b->owned_by))
		return;
	if (c->op == SM_OP_MODIFY &&
	    strcmp(a->owned_by ? a->owned_by : "",
		   b->owned_by ? b->owned_by : "") == 0)
		return;
	ut_buf_puts(&p->sql, "ALTER SEQUENCE ");
	put_qname(p, &p->sql, &b->obj);
	ut_buf_puts(&p->sql, " OWNED BY ");
	dot = b->owned_by ? strrchr(b->owned_by, '.') : NULL;
	if (dot) {
		char *t = ut_xstrndup(b->owned_by, (size_t)(dot - b->owned_by));
		put_qname_in(p, &p->sql, schema_name(&b->obj), t);
		ut_buf_putc(&p->sql, '.');
		put_ident(&p->sql, dot + 1);
		free(t);
	} else {
		ut_buf_puts(&p->sql, "NONE");
	}
	cmt1(&p->cmt, "modify ", b->obj.name, " sequence");
	add(p);
}

static bool is_aggregate(const sm_function *f)
{
	return has_attr(&f->attrs, "aggregate");
}

typedef struct lists lists;
static bool signature_uses_new_relation(const lists *l, const sm_function *f);

/*
 * Routines made after the tables and before the views: LANGUAGE sql ones
 * (their bodies are checked at creation), aggregates (made of other
 * routines), and those whose signature names a table or view of the plan
 * (RETURNS SETOF t).
 */
static bool late_routine(const lists *l, const sm_function *f)
{
	return is_aggregate(f) || (f->lang && strcmp(f->lang, "sql") == 0) ||
	       signature_uses_new_relation(l, f);
}

static void put_routine_ref(const planner *p, ut_buf *b, const sm_function *f)
{
	put_qname(p, b, &f->obj);
	ut_buf_printf(b, "(%s)", f->args ? f->args : "");
}

/*
 * The routine's statement with its name qualified as the plan's tables
 * are: the inspection left the schema in (a whole database) or out (a
 * schema-bound one); --qualifier puts another one in.
 */
static void put_routine_def(const planner *p, ut_buf *b, const sm_function *f)
{
	const char *want = qualifier(p, schema_name(&f->obj));
	size_t q, nm;
	bool same = false;

	if (!dl_pg__routine_head(f->def, &q, &nm)) {
		ut_buf_puts(b, f->def);
		return;
	}
	if (nm == q) {
		same = !want;
	} else if (want) {
		ut_buf have = UT_BUF_INIT, quoted = UT_BUF_INIT;
		ut_buf_put(&have, f->def + q, nm - q - 1);
		put_ident(&quoted, want);
		same = strcmp(have.ptr, want) == 0 ||
		       strcmp(have.ptr, quoted.ptr) == 0;
		ut_buf_release(&have);
		ut_buf_release(&quoted);
	}
	if (same) {
		ut_buf_puts(b, f->def);
		return;
	}
	ut_buf_put(b, f->def, q);
	if (want) {
		put_ident(b, want);
		ut_buf_putc(b, '.');
	}
	ut_buf_puts(b, f->def + nm);
}

static int plan_function(planner *p, const sm_change *c)
{
	const sm_function *a = (const sm_function *)c->from;
	const sm_function *b = (const sm_function *)c->to;

	if (c->op == SM_OP_DROP)
		return 0;
	if (c->op == SM_OP_RENAME)
		return cannot(c, "renames are not planned");
	if (!b->def)
		return cannot(c, "ordered-set and hypothetical-set aggregates are not supported");
	if (c->op == SM_OP_MODIFY && !(c->mask & ~(unsigned)SM_CHG_COMMENT)) {
		add_comment(p, b->procedure ? "PROCEDURE" : "FUNCTION",
			    &b->obj, NULL, b->obj.comment);
		return 0;
	}
	if (c->op == SM_OP_MODIFY && a->procedure != b->procedure) {
		ut_buf_printf(&p->sql, "DROP %s ",
			      a->procedure ? "PROCEDURE" : "FUNCTION");
		put_routine_ref(p, &p->sql, a);
		cmt1(&p->cmt, "drop ", a->obj.name,
		     a->procedure ? " procedure" : " function");
		add(p);
	}
	put_routine_def(p, &p->sql, b);
	cmt1(&p->cmt, c->op == SM_OP_ADD ? "create " : "modify ", b->obj.name,
	     b->procedure	  ? " procedure"
	     : is_aggregate(b) ? " aggregate"
			       : " function");
	add(p);
	if (b->obj.comment &&
	    (c->op == SM_OP_ADD || (c->mask & SM_CHG_COMMENT)))
		add_comment(p, b->procedure ? "PROCEDURE" : "FUNCTION",
			    &b->obj, NULL, b->obj.comment);
	return 0;
}

static const char *view_kind(const sm_view *v)
{
	return v->materialized ? "MATERIALIZED VIEW" : "VIEW";
}

static void add_create_view(planner *p, const sm_view *v)
{
	const char *with = sm_attr_get(&v->attrs, "with");

	ut_buf_printf(&p->sql, "CREATE %s ", view_kind(v));
	put_qname(p, &p->sql, &v->obj);
	if (with)
		ut_buf_printf(&p->sql, " WITH (%s)", with);
	ut_buf_printf(&p->sql, " AS %s", v->query ? v->query : "");
	cmt1(&p->cmt, "create ", v->obj.name,
	     v->materialized ? " materialized view" : " view");
	add(p);
	for (size_t i = 0; i < v->indexes.len; i++)
		add_create_index(p, v->indexes.items[i], &v->obj, false);
	if (v->obj.comment)
		add_comment(p, view_kind(v), &v->obj, NULL, v->obj.comment);
	for (size_t i = 0; i < v->columns.len; i++) {
		const sm_column *c = v->columns.items[i];
		if (c->obj.comment)
			add_comment(p, "COLUMN", &c->obj, v->obj.name,
				    c->obj.comment);
	}
}

static void add_drop_view(planner *p, const sm_view *v)
{
	ut_buf_printf(&p->sql, "DROP %s ", view_kind(v));
	put_qname(p, &p->sql, &v->obj);
	cmt1(&p->cmt, "drop ", v->obj.name,
	     v->materialized ? " materialized view" : " view");
	add(p);
}

/* Whether a view change rebuilds the view (drop + create). */
static bool view_rebuilt(const sm_change *c)
{
	return c->op == SM_OP_MODIFY &&
	       (c->mask & (SM_CHG_DEF | SM_CHG_ATTR));
}

/*
 * Orders views so a view comes after the views it names (by name in its
 * query); reverse = dependents first, for drops.
 */
static void order_views(view_vec *v, bool reverse)
{
	size_t n = v->len;
	const sm_view **out = ut_xcalloc(n + 1, sizeof(*out));
	char *done = ut_xcalloc(n + 1, 1);
	size_t k = 0;

	if (!n) {
		free(out);
		free(done);
		return;
	}
	while (k < n) {
		bool progress = false;
		for (size_t i = 0; i < n; i++) {
			bool ready = true;
			if (done[i])
				continue;
			for (size_t j = 0; j < n && ready; j++) {
				if (done[j] || j == i)
					continue;
				/* i must wait for j when i reads j */
				if (!reverse && sql_mentions(v->items[i]->query,
							     v->items[j]->obj.name))
					ready = false;
				/* for drops: i waits while j reads i */
				if (reverse && sql_mentions(v->items[j]->query,
							    v->items[i]->obj.name))
					ready = false;
			}
			if (!ready)
				continue;
			out[k++] = v->items[i];
			done[i] = 1;
			progress = true;
		}
		if (!progress) {
			/* mutual mentions (aliases): keep the given order */
			for (size_t i = 0; i < n; i++)
				if (!done[i]) {
					out[k++] = v->items[i];
					done[i] = 1;
				}
		}
	}
	memcpy(v->items, out, n * sizeof(*out));
	free(out);
	free(done);
}

static bool is_rule(const sm_trigger *t)
{
	return has_attr(&t->attrs, "rule");
}

static void add_create_trigger(planner *p, const sm_trigger *t)
{
	ut_buf_puts(&p->sql, t->def);
	cmt1(&p->cmt, is_rule(t) ? "create rule " : "create trigger ",
	     t->obj.name, "");
	add(p);
	if (t->obj.comment)
		add_comment(p, is_rule(t) ? "RULE" : "TRIGGER", &t->obj, NULL,
			    t->obj.comment);
}

static void add_drop_trigger(planner *p, const sm_trigger *t)
{
	ut_buf_puts(&p->sql, is_rule(t) ? "DROP RULE " : "DROP TRIGGER ");
	put_ident(&p->sql, t->obj.name);
	ut_buf_puts(&p->sql, " ON ");
	put_qname(p, &p->sql, t->obj.parent);
	cmt1(&p->cmt, is_rule(t) ? "drop rule " : "drop trigger ", t->obj.name,
	     "");
	add(p);
}

static bool trigger_rebuilt(const sm_change *s)
{
	return s->op == SM_OP_MODIFY && (s->mask & ~(unsigned)SM_CHG_COMMENT);
}

/* ---- schemas and extensions ------------------------------------------- */

static int plan_schema(planner *p, const sm_change *c)
{
	const sm_schema *s = (const sm_schema *)(c->to ? c->to : c->from);

	if (c->op == SM_OP_ADD) {
		ut_buf_puts(&p->sql, strcmp(s->obj.name, "public") == 0
					     ? "CREATE SCHEMA IF NOT EXISTS "
					     : "CREATE SCHEMA ");
		put_ident(&p->sql, s->obj.name);
		cmt1(&p->cmt, "add new schema named ", s->obj.name, "");
		add(p);
		if (s->obj.comment)
			add_comment(p, "SCHEMA", &s->obj, NULL, s->obj.comment);
		return 0;
	}
	if (c->op == SM_OP_MODIFY) {
		/* a schema-bound connection sees the inside of its schema only */
		if (p->scope && !p->opts->qualify)
			return 0;
		if (c->mask & SM_CHG_COMMENT)
			add_comment(p, "SCHEMA", &s->obj, NULL, s->obj.comment);
		if (c->mask & ~(unsigned)SM_CHG_COMMENT)
			return cannot(c, "only comments of schemas can change");
		return 0;
	}
	return c->op == SM_OP_DROP ? 0 : cannot(c, NULL);
}

static int plan_extension(planner *p, const sm_change *c)
{
	const sm_extension *a = (const sm_extension *)c->from;
	const sm_extension *b = (const sm_extension *)c->to;

	if (c->op == SM_OP_ADD) {
		ut_buf_puts(&p->sql, "CREATE EXTENSION IF NOT EXISTS ");
		put_ident(&p->sql, b->obj.name);
		if (b->schema && !(p->scope && !p->opts->qualify)) {
			ut_buf_puts(&p->sql, " WITH SCHEMA ");
			put_ident(&p->sql, b->schema);
		}
		cmt1(&p->cmt, "create extension ", b->obj.name, "");
		add(p);
		if (b->obj.comment)
			add_comment(p, "EXTENSION", &b->obj, NULL,
				    b->obj.comment);
		return 0;
	}
	if (c->op != SM_OP_MODIFY)
		return c->op == SM_OP_DROP ? 0 : cannot(c, NULL);
	if (c->mask & SM_CHG_OPTIONS) {
		if (b->schema && strcmp(a->schema ? a->schema : "",
					b->schema) != 0) {
			ut_buf_puts(&p->sql, "ALTER EXTENSION ");
			put_ident(&p->sql, b->obj.name);
			ut_buf_puts(&p->sql, " SET SCHEMA ");
			put_ident(&p->sql, b->schema);
			cmt1(&p->cmt, "modify extension ", b->obj.name, "");
			add(p);
		}
		if (b->version && strcmp(a->version ? a->version : "",
					 b->version) != 0) {
			ut_buf_puts(&p->sql, "ALTER EXTENSION ");
			put_ident(&p->sql, b->obj.name);
			ut_buf_puts(&p->sql, " UPDATE TO ");
			put_literal(&p->sql, b->version);
			cmt1(&p->cmt, "modify extension ", b->obj.name, "");
			add(p);
		}
	}
	if (c->mask & SM_CHG_COMMENT)
		add_comment(p, "EXTENSION", &b->obj, NULL, b->obj.comment);
	return 0;
}

/* ---- the plan --------------------------------------------------------- */

struct lists {
	change_vec ext, schemas, types, seqs, funcs, tables_mod, tables_add,
		tables_drop, views, others;
};

/* The routine's signature names a new table or view (as a row type). */
static bool signature_uses_new_relation(const lists *l, const sm_function *f)
{
	/* pg_get_functiondef: name(args), RETURNS, then " LANGUAGE x" */
	const char *body = f->def ? strstr(f->def, "\n LANGUAGE ") : NULL;
	char *head;
	bool found = false;

	if (!body)
		return false;
	head = ut_xstrndup(f->def, (size_t)(body - f->def));
	for (size_t i = 0; i < l->tables_add.len && !found; i++)
		found = sql_mentions(head, l->tables_add.items[i]->to->name);
	for (size_t i = 0; i < l->views.len && !found; i++)
		found = l->views.items[i]->to &&
			sql_mentions(head, l->views.items[i]->to->name);
	free(head);
	return found;
}

static void lists_release(lists *l)
{
	ut_vec_release(&l->ext);
	ut_vec_release(&l->schemas);
	ut_vec_release(&l->types);
	ut_vec_release(&l->seqs);
	ut_vec_release(&l->funcs);
	ut_vec_release(&l->tables_mod);
	ut_vec_release(&l->tables_add);
	ut_vec_release(&l->tables_drop);
	ut_vec_release(&l->views);
	ut_vec_release(&l->others);
}

static int sort_changes(lists *l, const sm_changes *changes)
{
	for (size_t i = 0; i < changes->items.len; i++) {
		const sm_change *c = changes->items.items[i];
		switch (c->kind) {
		case SM_EXTENSION:
			ut_vec_push(&l->ext, c);
			break;
		case SM_SCHEMA:
			ut_vec_push(&l->schemas, c);
			break;
		case SM_TYPE:
			ut_vec_push(&l->types, c);
			break;
		case SM_SEQUENCE:
			ut_vec_push(&l->seqs, c);
			break;
		case SM_FUNCTION:
			ut_vec_push(&l->funcs, c);
			break;
		case SM_VIEW:
			ut_vec_push(&l->views, c);
			break;
		case SM_TABLE:
			if (c->op == SM_OP_ADD)
				ut_vec_push(&l->tables_add, c);
			else if (c->op == SM_OP_DROP)
				ut_vec_push(&l->tables_drop, c);
			else if (c->op == SM_OP_MODIFY)
				ut_vec_push(&l->tables_mod, c);
			else
				return cannot(c, "renames are not planned");
			break;
		default:
			return cannot(c, "not a schema-level change");
		}
	}
	return 0;
}

/*
 * Whether a table change breaks the views reading the table: PostgreSQL
 * refuses to drop or retype a column a view uses.
 */
static bool breaks_views(const sm_change *c)
{
	for (size_t i = 0; i < c->subs.len; i++) {
		const sm_change *s = c->subs.items[i];
		if (s->kind != SM_COLUMN)
			continue;
		if (s->op == SM_OP_DROP ||
		    (s->op == SM_OP_MODIFY &&
		     (s->mask & (SM_CHG_TYPE | SM_CHG_COLLATE |
				 SM_CHG_GENERATED))))
			return true;
	}
	return false;
}

static bool views_has(const view_vec *v, const sm_view *x)
{
	for (size_t i = 0; i < v->len; i++)
		if (v->items[i] == x)
			return true;
	return false;
}

/*
 * Views reading a table whose columns change in a way views forbid, and
 * the views reading those, are dropped first and made again from the
 * target state (when they still exist there).
 */
static void collect_dependent_views(planner *p, const lists *l,
				    view_vec *drops)
{
	for (size_t i = 0; i < l->tables_mod.len; i++) {
		const sm_change *c = l->tables_mod.items[i];
		const sm_schema *fs = sm_object_schema(c->from);
		const sm_schema *ts = sm_object_schema(c->to);
		bool grew = true;
		view_vec mine = UT_VEC_INIT;

		if (!fs || !breaks_views(c))
			continue;
		for (size_t k = 0; k < fs->views.len; k++) {
			const sm_view *v = fs->views.items[k];
			if (!views_has(drops, v) &&
			    sql_mentions(v->query, c->from->name))
				ut_vec_push(&mine, v);
		}
		/* and the views reading those */
		while (grew) {
			grew = false;
			for (size_t k = 0; k < fs->views.len; k++) {
				const sm_view *v = fs->views.items[k];
				if (views_has(drops, v) || views_has(&mine, v))
					continue;
				for (size_t j = 0; j < mine.len; j++)
					if (sql_mentions(v->query,
							 mine.items[j]->obj.name)) {
						ut_vec_push(&mine, v);
						grew = true;
						break;
					}
			}
		}
		for (size_t k = 0; k < mine.len; k++) {
			const sm_view *v = mine.items[k];
			const sm_view *tv;

			ut_vec_push(drops, v);
			tv = ts ? sm_schema_find_view(ts, v->obj.name) : NULL;
			if (tv)
				ut_vec_push(&p->dep_makes, tv);
		}
		ut_vec_release(&mine);
	}
}

static bool remade_for_tables(const planner *p, const sm_view *to)
{
	return to && views_has(&p->dep_makes, to);
}

/* The schema of the target realm that from-schema fs becomes. */
static const sm_schema *target_schema(const planner *p, const sm_schema *fs)
{
	const sm_realm *to = p->changes->to;

	if (!to)
		return NULL;
	if (to->schemas.len == 1 && p->changes->from &&
	    p->changes->from->schemas.len == 1)
		return to->schemas.items[0];
	for (size_t i = 0; i < to->schemas.len; i++)
		if (!strcmp(to->schemas.items[i]->obj.name, fs->obj.name))
			return to->schemas.items[i];
	return NULL;
}

/* Whether view change list l holds a change of from-view v. */
static const sm_change *view_change(const lists *l, const sm_view *v)
{
	for (size_t i = 0; i < l->views.len; i++)
		if (l->views.items[i]->from == &v->obj)
			return l->views.items[i];
	return NULL;
}

/*
 * Views reading a view that is dropped (gone, rebuilt, or dropped for a
 * table under it) go first too, in any schema, and come back from the
 * target state: PostgreSQL refuses to drop a view another one reads
 * ("cannot drop view v because other objects depend on it").
 */
static void close_over_views(planner *p, const lists *l, view_vec *drops)
{
	const sm_realm *from = p->changes->from;
	bool grew = true;

	while (from && grew) {
		grew = false;
		for (size_t i = 0; i < from->schemas.len; i++) {
			const sm_schema *fs = from->schemas.items[i];
			for (size_t k = 0; k < fs->views.len; k++) {
				const sm_view *v = fs->views.items[k];
				const sm_schema *ts;
				const sm_view *tv;
				const sm_change *c;
				bool reads = false;

				if (views_has(drops, v))
					continue;
				for (size_t j = 0; j < drops->len && !reads; j++)
					reads = sql_mentions(v->query,
							     drops->items[j]->obj.name);
				if (!reads)
					continue;
				ut_vec_push(drops, v);
				grew = true;
				c = view_change(l, v);
				if (c && (c->op == SM_OP_DROP || view_rebuilt(c)))
					continue; /* made again by its change */
				ts = target_schema(p, fs);
				tv = ts ? sm_schema_find_view(ts, v->obj.name) : NULL;
				if (tv && !views_has(&p->dep_makes, tv))
					ut_vec_push(&p->dep_makes, tv);
			}
		}
	}
}

/* Phase 1: triggers and views that go away or change. */
static void plan_phase_drops(planner *p, const lists *l)
{
	view_vec drops = UT_VEC_INIT;

	for (size_t i = 0; i < l->tables_mod.len; i++) {
		const sm_change *c = l->tables_mod.items[i];
		for (size_t j = 0; j < c->subs.len; j++) {
			const sm_change *s = c->subs.items[j];
			if (s->kind == SM_TRIGGER &&
			    (s->op == SM_OP_DROP || trigger_rebuilt(s)))
				add_drop_trigger(p, (const sm_trigger *)s->from);
		}
	}
	for (size_t i = 0; i < l->views.len; i++) {
		const sm_change *c = l->views.items[i];
		if (c->op == SM_OP_DROP || view_rebuilt(c)) {
			ut_vec_push(&drops, (const sm_view *)c->from);
			continue;
		}
		for (size_t j = 0; c->op == SM_OP_MODIFY && j < c->subs.len; j++) {
			const sm_change *s = c->subs.items[j];
			if (s->kind == SM_TRIGGER &&
			    (s->op == SM_OP_DROP || trigger_rebuilt(s)))
				add_drop_trigger(p, (const sm_trigger *)s->from);
			if (s->kind == SM_INDEX &&
			    (s->op == SM_OP_DROP ||
			     (s->op == SM_OP_MODIFY &&
			      (s->mask & ~(unsigned)SM_CHG_COMMENT))))
				add_drop_index(p, (const sm_index *)s->from,
					       c->from);
		}
	}
	collect_dependent_views(p, l, &drops);
	close_over_views(p, l, &drops);
	order_views(&drops, true);
	for (size_t i = 0; i < drops.len; i++)
		add_drop_view(p, drops.items[i]);
	ut_vec_release(&drops);
}

/* Phase 7: views new or rebuilt (in dependency order), view changes. */
static void plan_phase_views(planner *p, const lists *l)
{
	view_vec makes = UT_VEC_INIT;

	for (size_t i = 0; i < l->views.len; i++) {
		const sm_change *c = l->views.items[i];
		if ((c->op == SM_OP_ADD || view_rebuilt(c)) &&
		    !remade_for_tables(p, (const sm_view *)c->to))
			ut_vec_push(&makes, (const sm_view *)c->to);
	}
	for (size_t i = 0; i < p->dep_makes.len; i++)
		ut_vec_push(&makes, p->dep_makes.items[i]);
	order_views(&makes, false);
	for (size_t i = 0; i < makes.len; i++)
		add_create_view(p, makes.items[i]);
	ut_vec_release(&makes);
	for (size_t i = 0; i < l->views.len; i++) {
		const sm_change *c = l->views.items[i];
		const sm_view *v = (const sm_view *)c->to;
		if (c->op != SM_OP_MODIFY || view_rebuilt(c) ||
		    remade_for_tables(p, v))
			continue;
		if (c->mask & SM_CHG_COMMENT)
			add_comment(p, view_kind(v), &v->obj, NULL,
				    v->obj.comment);
		for (size_t j = 0; j < c->subs.len; j++) {
			const sm_change *s = c->subs.items[j];
			if (s->kind != SM_INDEX)
				continue;
			if (s->op == SM_OP_ADD ||
			    (s->op == SM_OP_MODIFY &&
			     (s->mask & ~(unsigned)SM_CHG_COMMENT)))
				add_create_index(p, (const sm_index *)s->to,
						 &v->obj, true);
			else if (s->op == SM_OP_MODIFY)
				add_comment(p, "INDEX", s->to, v->obj.name,
					    s->to->comment);
		}
	}
}

/* Phase 8: triggers new or rebuilt, trigger comments. */
static void plan_phase_triggers(planner *p, const lists *l)
{
	for (size_t i = 0; i < l->tables_add.len; i++) {
		const sm_table *t = (const sm_table *)l->tables_add.items[i]->to;
		for (size_t j = 0; j < t->triggers.len; j++)
			add_create_trigger(p, t->triggers.items[j]);
	}
	for (size_t i = 0; i < l->views.len; i++) {
		const sm_change *c = l->views.items[i];
		const sm_view *v = (const sm_view *)c->to;
		if ((c->op == SM_OP_ADD || view_rebuilt(c)) &&
		    !remade_for_tables(p, v))
			for (size_t j = 0; j < v->triggers.len; j++)
				add_create_trigger(p, v->triggers.items[j]);
	}
	for (size_t i = 0; i < p->dep_makes.len; i++) {
		const sm_view *v = p->dep_makes.items[i];
		for (size_t j = 0; j < v->triggers.len; j++)
			add_create_trigger(p, v->triggers.items[j]);
	}
	for (size_t k = 0; k < 2; k++) {
		const change_vec *v = k ? &l->views : &l->tables_mod;
		for (size_t i = 0; i < v->len; i++) {
			const sm_change *c = v->items[i];
			if (c->op != SM_OP_MODIFY ||
			    (k && (view_rebuilt(c) ||
				   remade_for_tables(p, (const sm_view *)c->to))))
				continue;
			for (size_t j = 0; j < c->subs.len; j++) {
				const sm_change *s = c->subs.items[j];
				if (s->kind != SM_TRIGGER)
					continue;
				if (s->op == SM_OP_ADD || trigger_rebuilt(s))
					add_create_trigger(p, (const sm_trigger *)s->to);
				else if (s->op == SM_OP_MODIFY)
					add_comment(p,
						    is_rule((const sm_trigger *)s->to)
							    ? "RULE"
							    : "TRIGGER",
						    s->to, NULL, s->to->comment);
			}
		}
	}
}

/* Phase 9: everything dropped, dependents first. */
static void plan_phase_final_drops(planner *p, const lists *l)
{
	plan_drop_tables(p, &l->tables_drop);
	for (size_t i = 0; i < l->seqs.len; i++) {
		const sm_change *c = l->seqs.items[i];
		if (c->op != SM_OP_DROP)
			continue;
		/* an owned sequence may have gone with its table already */
		ut_buf_puts(&p->sql, ((const sm_sequence *)c->from)->owned_by
					     ? "DROP SEQUENCE IF EXISTS "
					     : "DROP SEQUENCE ");
		put_qname(p, &p->sql, c->from);
		cmt1(&p->cmt, "drop ", c->from->name, " sequence");
		add(p);
	}
	for (size_t k = 0; k < 2 * l->funcs.len; k++) {
		/* aggregates first: they use the other routines */
		const sm_change *c = l->funcs.items[k % l->funcs.len];
		const sm_function *f = (const sm_function *)c->from;
		if (c->op != SM_OP_DROP ||
		    is_aggregate(f) != (k < l->funcs.len))
			continue;
		ut_buf_printf(&p->sql, "DROP %s ",
			      f->procedure ? "PROCEDURE"
			      : has_attr(&f->attrs, "aggregate") ? "AGGREGATE"
								 : "FUNCTION");
		put_routine_ref(p, &p->sql, f);
		cmt1(&p->cmt, "drop ", f->obj.name,
		     f->procedure	 ? " procedure"
		     : is_aggregate(f) ? " aggregate"
				       : " function");
		add(p);
	}
	for (size_t i = 0; i < l->types.len; i++) {
		const sm_change *c = l->types.items[i];
		const sm_type *t = (const sm_type *)c->from;
		if (c->op != SM_OP_DROP)
			continue;
		add_drop_type(p, t);
	}
	for (size_t i = 0; i < l->schemas.len; i++) {
		const sm_change *c = l->schemas.items[i];
		if (c->op != SM_OP_DROP)
			continue;
		ut_buf_puts(&p->sql, "DROP SCHEMA ");
		put_ident(&p->sql, c->from->name);
		ut_buf_puts(&p->sql, " CASCADE");
		cmt1(&p->cmt, "drop schema named ", c->from->name, "");
		add(p);
	}
	for (size_t i = 0; i < l->ext.len; i++) {
		const sm_change *c = l->ext.items[i];
		if (c->op != SM_OP_DROP)
			continue;
		ut_buf_puts(&p->sql, "DROP EXTENSION ");
		put_ident(&p->sql, c->from->name);
		cmt1(&p->cmt, "drop extension ", c->from->name, "");
		add(p);
	}
}

static int run(planner *p, const lists *l)
{
	int error;

	plan_phase_drops(p, l);
	for (size_t i = 0; i < l->ext.len; i++)
		if ((error = plan_extension(p, l->ext.items[i])) < 0)
			return error;
	for (size_t i = 0; i < l->schemas.len; i++)
		if ((error = plan_schema(p, l->schemas.items[i])) < 0)
			return error;
	for (size_t i = 0; i < l->types.len; i++)
		if ((error = plan_type(p, l->types.items[i])) < 0)
			return error;
	for (size_t i = 0; i < l->seqs.len; i++)
		if ((error = plan_sequence(p, l->seqs.items[i])) < 0)
			return error;
	for (size_t i = 0; i < l->funcs.len; i++) {
		const sm_change *c = l->funcs.items[i];
		if (c->to && !late_routine(l, (const sm_function *)c->to) &&
		    (error = plan_function(p, c)) < 0)
			return error;
	}
	for (size_t i = 0; i < l->tables_mod.len; i++)
		if ((error = plan_modify_table(p, l->tables_mod.items[i])) < 0)
			return error;
	for (size_t i = 0; i < l->tables_add.len; i++)
		if ((error = check_new_table(l->tables_add.items[i],
					     (const sm_table *)l->tables_add
						     .items[i]
						     ->to)) < 0)
			return error;
	if ((error = plan_new_tables(p, &l->tables_add)) < 0)
		return error;
	plan_new_table_late(p, &l->tables_add);
	plan_deferred_fks(p);
	for (size_t i = 0; i < l->seqs.len; i++)
		plan_sequence_owner(p, l->seqs.items[i]);
	for (int agg = 0; agg < 2; agg++)
		for (size_t i = 0; i < l->funcs.len; i++) {
			const sm_change *c = l->funcs.items[i];
			const sm_function *f = (const sm_function *)c->to;
			if (f && late_routine(l, f) && is_aggregate(f) == agg &&
			    (error = plan_function(p, c)) < 0)
				return error;
		}
	plan_phase_views(p, l);
	plan_phase_triggers(p, l);
	plan_phase_final_drops(p, l);
	return 0;
}

int dl_pg__plan(dl_plan **out, dl_conn *conn, const sm_changes *changes,
		const dl_plan_opts *opts)
{
	static const dl_plan_opts defaults;
	planner p;
	lists l;
	int error;

	*out = NULL;
	memset(&p, 0, sizeof(p));
	memset(&l, 0, sizeof(l));
	p.opts = opts ? opts : &defaults;
	p.scope = conn ? conn->schema : NULL;
	p.changes = changes;
	ut_buf_init(&p.sql);
	ut_buf_init(&p.cmt);
	p.plan = dl_plan_new();
	p.plan->transactional = true;
	if ((error = sort_changes(&l, changes)) < 0)
		goto done;
	if ((error = run(&p, &l)) < 0)
		goto done;
	if (p.concurrent) {
		/* CONCURRENTLY cannot run inside a transaction block */
		p.plan->transactional = false;
		ut_vec_apush(&p.plan->arena, &p.plan->directives,
			     ut_arena_strdup(&p.plan->arena,
					     "atlas:txmode none"));
	}
	*out = p.plan;
	p.plan = NULL;
done:
	dl_plan_free(p.plan);
	lists_release(&l);
	ut_vec_release(&p.deferred_fks);
	ut_vec_release(&p.dep_makes);
	ut_buf_release(&p.sql);
	ut_buf_release(&p.cmt);
	return error;
}
