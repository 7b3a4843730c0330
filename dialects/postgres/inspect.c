/* SPDX-License-Identifier: MIT */
/*
 * dialects/postgres/inspect.c: a database (or one schema) -> a realm, read
 * from pg_catalog with a fixed number of queries whatever the number of
 * objects: one per kind of object, each over every inspected schema at
 * once ($1 = the schema names as text[]), joined in C through hash maps
 * keyed by the object's oid.
 *
 * Text comes from the server's own deparsers (format_type, pg_get_expr,
 * pg_get_indexdef, pg_get_viewdef, pg_get_functiondef, pg_get_triggerdef)
 * under a search_path set for the inspection: empty for a whole database
 * (every name outside pg_catalog comes out schema-qualified) or the bound
 * schema alone (its names come out bare). The session's own search_path
 * is restored at the end.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pg_int.h"
#include "ut.h"

/* Fields of a row separated by the unit separator (names never hold it). */
#define SEP "\x1f"

/* The comment of a pg_class object (sub = 0) or column (sub = attnum). */
#define DESC_JOIN(alias, cls, oid, sub)                                       \
	" LEFT JOIN pg_catalog.pg_description " alias " ON " alias              \
	".objoid = " oid " AND " alias ".classoid = 'pg_catalog." cls           \
	"'::regclass AND " alias ".objsubid = " sub " "

#define NOT_EXT(cls, oid)                                                     \
	" NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend dx WHERE dx.classid = " \
	"'pg_catalog." cls "'::regclass AND dx.objid = " oid                    \
	" AND dx.deptype = 'e') "

typedef struct rel {
	sm_table *table; /* one of table and view */
	sm_view *view;
	char kind;       /* relkind */
	const char **attnames; /* by attnum (arena), for keys and indexes */
	size_t nattnames;
} rel;

typedef struct insp {
	dl_conn *c;
	sm_realm *r;
	const char *nsps;     /* $1: the schema names, a text[] literal */
	ut_map schemas;       /* name -> sm_schema */
	ut_map rels;          /* oid -> rel */
	ut_map serial_seqs;   /* oid of a sequence behind a serial column */
	int version;
	int error;
} insp;

/* Runs one inspection query over the inspected schemas ($1). */
static int qp(insp *x, const char *sql, dl_row_fn fn, void *payload)
{
	const char *params[1] = { x->nsps };

	return x->c->drv->query(x->c, sql, params, 1, fn, payload);
}

static int q(insp *x, const char *sql, dl_row_fn fn)
{
	return qp(x, sql, fn, x);
}

static bool is_t(const char *v)
{
	return v && v[0] == 't';
}

static int64_t to_i64(const char *v)
{
	int64_t n = 0;

	if (v)
		ut_str_to_i64(&n, v);
	return n;
}

static const char *dup(insp *x, const char *s)
{
	return sm_strdup(x->r, s);
}

/* An empty string is no value (comments, predicates). */
static const char *dup_nonempty(insp *x, const char *s)
{
	return s && *s ? sm_strdup(x->r, s) : NULL;
}

/* Splits "a<SEP>b" into v (strings in the realm's arena). */
static void split_into(insp *x, sm_strs *v, const char *s)
{
	if (!s)
		return;
	for (;;) {
		size_t n = strcspn(s, SEP);
		sm_strs_add(x->r, v, sm_strndup(x->r, s, n));
		if (!s[n])
			break;
		s += n + 1;
	}
}

static rel *rel_of(insp *x, const char *oid)
{
	return oid ? ut_map_get(&x->rels, oid) : NULL;
}

static void *obj_alloc(insp *x, size_t size, sm_kind kind, const char *name,
		       sm_object *parent)
{
	sm_object *o = ut_arena_alloc(&x->r->arena, size);

	o->kind = kind;
	o->name = ut_arena_strdup(&x->r->arena, name ? name : "");
	o->parent = parent;
	return o;
}

/* ---- schemas ---------------------------------------------------------- */

static int schema_row(const char *const *v, size_t n, void *payload)
{
	insp *x = payload;
	sm_schema *s;

	(void)n;
	s = sm_schema_add(x->r, v[0]);
	s->obj.comment = dup_nonempty(x, v[1]);
	ut_map_put(&x->schemas, s->obj.name, s);
	return 0;
}

/* A text[] literal: {"a","b"} with " and \ escaped. */
static char *array_literal(const sm_realm *r)
{
	ut_buf b = UT_BUF_INIT;

	ut_buf_putc(&b, '{');
	for (size_t i = 0; i < r->schemas.len; i++) {
		if (i)
			ut_buf_putc(&b, ',');
		ut_buf_putc(&b, '"');
		for (const char *p = r->schemas.items[i]->obj.name; *p; p++) {
			if (*p == '"' || *p == '\\')
				ut_buf_putc(&b, '\\');
			ut_buf_putc(&b, *p);
		}
		ut_buf_putc(&b, '"');
	}
	ut_buf_putc(&b, '}');
	return ut_buf_detach(&b);
}

static bool wanted_schema(const dl_inspect_opts *o, const char *name)
{
	if (!o->nschemas)
		return true;
	for (size_t i = 0; i < o->nschemas; i++)
		if (strcmp(o->schemas[i], name) == 0)
			return true;
	return false;
}

/* ---- tables, views, materialized views -------------------------------- */

static const char rels_sql[] =
	"SELECT c.oid, n.nspname, c.relname, c.relkind,"
	" ds.description, c.relpersistence,"
	" CASE WHEN c.relkind = 'p' THEN pg_catalog.pg_get_partkeydef(c.oid) END,"
	" pn.nspname, pc.relname,"
	" CASE WHEN c.relispartition THEN pg_catalog.pg_get_expr(c.relpartbound, c.oid) END,"
	" CASE WHEN c.relkind IN ('v', 'm') THEN pg_catalog.pg_get_viewdef(c.oid) END,"
	" pg_catalog.array_to_string(c.reloptions, ', '), c.relispartition"
	" FROM pg_catalog.pg_class c"
	" JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
	" LEFT JOIN pg_catalog.pg_inherits i ON i.inhrelid = c.oid"
	" LEFT JOIN pg_catalog.pg_class pc ON pc.oid = i.inhparent"
	" LEFT JOIN pg_catalog.pg_namespace pn ON pn.oid = pc.relnamespace"
	DESC_JOIN("ds", "pg_class", "c.oid", "0")
	" WHERE n.nspname = ANY($1::text[]) AND c.relkind IN ('r', 'p', 'v', 'm', 'f')"
	" AND" NOT_EXT("pg_class", "c.oid")
	"ORDER BY n.nspname, c.relname";

/* The view's query as pg_get_viewdef prints it, trimmed, without ';'. */
static const char *view_query(insp *x, const char *def)
{
	const char *s = ut_str_ltrim(def ? def : "");
	size_t n = strlen(s);

	while (n && (s[n - 1] == ';' || s[n - 1] == ' ' || s[n - 1] == '\n'))
		n--;
	return sm_strndup(x->r, s, n);
}

static int rel_row(const char *const *v, size_t n, void *payload)
{
	insp *x = payload;
	sm_schema *s = ut_map_get(&x->schemas, v[1]);
	rel *rl = ut_arena_alloc(&x->r->arena, sizeof(*rl));

	(void)n;
	if (!s)
		return 0;
	rl->kind = v[3][0];
	if (rl->kind == 'v' || rl->kind == 'm') {
		ut_buf def = UT_BUF_INIT;
		sm_view *vw;

		ut_buf_puts(&def, rl->kind == 'm' ? "CREATE MATERIALIZED VIEW "
						  : "CREATE VIEW ");
		if (!x->r->scope) {
			dl_pg__quote_ident(&def, v[1]);
			ut_buf_putc(&def, '.');
		}
		dl_pg__quote_ident(&def, v[2]);
		if (v[11] && *v[11])
			ut_buf_printf(&def, " WITH (%s)", v[11]);
		ut_buf_puts(&def, " AS ");
		vw = sm_view_add(x->r, s, v[2], NULL);
		vw->query = view_query(x, v[10]);
		ut_buf_puts(&def, vw->query);
		vw->def = dup(x, def.ptr);
		ut_buf_release(&def);
		vw->materialized = rl->kind == 'm';
		vw->obj.comment = dup_nonempty(x, v[4]);
		if (v[11] && *v[11])
			sm_attr_set(x->r, &vw->attrs, "with", v[11]);
		rl->view = vw;
	} else {
		sm_table *t = sm_table_add(x->r, s, v[2]);

		t->obj.comment = dup_nonempty(x, v[4]);
		if (v[5] && v[5][0] == 'u')
			sm_attr_set(x->r, &t->attrs, "unlogged", "");
		if (rl->kind == 'f')
			sm_attr_set(x->r, &t->attrs, "foreign", "");
		if (v[6])
			sm_attr_set(x->r, &t->attrs, "partition_by", v[6]);
		if (v[8]) {
			/* a partition, or a table with INHERITS */
			sm_attr_set(x->r, &t->attrs,
				    is_t(v[12]) ? "partition_of" : "inherits",
				    v[8]);
			if (strcmp(v[7], v[1]) != 0)
				sm_attr_set(x->r, &t->attrs, "parent_schema",
					    v[7]);
		}
		if (v[9])
			sm_attr_set(x->r, &t->attrs, "partition_bound", v[9]);
		if (v[11] && *v[11])
			sm_attr_set(x->r, &t->attrs, "with", v[11]);
		rl->table = t;
	}
	ut_map_put(&x->rels, ut_arena_strdup(&x->r->arena, v[0]), rl);
	return 0;
}

/* ---- columns ---------------------------------------------------------- */

/*
 * Serial columns: a nextval() default of a sequence the column owns,
 * named as PostgreSQL names the sequence of a serial (table_column_seq).
 * They come out as serial/bigserial/smallserial without default, as Atlas
 * reports them, and their sequence is no object of its own.
 */
static const char columns_sql[] =
	"SELECT a.attrelid, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod),"
	" a.attnotnull, pg_catalog.pg_get_expr(d.adbin, d.adrelid), a.attidentity,"
	" a.attgenerated,"
	" CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation THEN"
	"  (SELECT CASE WHEN cn.nspname = 'pg_catalog' THEN co.collname::text"
	"   ELSE pg_catalog.format('%I.%I', cn.nspname, co.collname) END"
	"   FROM pg_catalog.pg_collation co JOIN pg_catalog.pg_namespace cn"
	"   ON cn.oid = co.collnamespace WHERE co.oid = a.attcollation) END,"
	" ds.description, t.typcategory, t.typname,"
	" sq.deptype, sq.seqstart, sq.seqincrement, sq.objid, sq.seqref, sq.seqname,"
	" a.attislocal, t.typtype, a.attnum, c.relname"
	" FROM pg_catalog.pg_attribute a"
	" JOIN pg_catalog.pg_class c ON c.oid = a.attrelid"
	" JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
	" JOIN pg_catalog.pg_type t ON t.oid = a.atttypid"
	" LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
	DESC_JOIN("ds", "pg_class", "a.attrelid", "a.attnum")
	" LEFT JOIN (SELECT dep.refobjid, dep.refobjsubid, dep.deptype, dep.objid,"
	"  s.seqstart, s.seqincrement, sc.relname::text AS seqname,"
	"  dep.objid::regclass::text AS seqref"
	"  FROM pg_catalog.pg_depend dep"
	"  JOIN pg_catalog.pg_sequence s ON s.seqrelid = dep.objid"
	"  JOIN pg_catalog.pg_class sc ON sc.oid = dep.objid"
	"  WHERE dep.classid = 'pg_catalog.pg_class'::regclass"
	"  AND dep.refclassid = 'pg_catalog.pg_class'::regclass"
	"  AND dep.deptype IN ('a', 'i')) sq"
	"  ON sq.refobjid = a.attrelid AND sq.refobjsubid = a.attnum"
	" WHERE n.nspname = ANY($1::text[]) AND c.relkind IN ('r', 'p', 'v', 'm', 'f')"
	" AND a.attnum > 0 AND NOT a.attisdropped AND" NOT_EXT("pg_class", "c.oid")
	"ORDER BY a.attrelid, a.attnum";

/*
 * A serial column: a nextval() default of a sequence the column owns,
 * named as PostgreSQL names the sequence of a serial (table_column_seq,
 * the prefix cut to 59 bytes). v is a columns_sql row.
 */
static bool is_serial(const char *const *v)
{
	ut_buf want = UT_BUF_INIT;
	bool ok;

	if (!v[11] || v[11][0] != 'a' || !v[4] || (v[6] && v[6][0]) ||
	    !v[15] || !v[16] ||
	    (strcmp(v[10], "int2") && strcmp(v[10], "int4") &&
	     strcmp(v[10], "int8")))
		return false;
	ut_buf_printf(&want, "%s_%s", v[20], v[1]);
	if (want.len > 59)
		ut_buf_setlen(&want, 59);
	ut_buf_puts(&want, "_seq");
	ok = strcmp(want.ptr, v[16]) == 0;
	ut_buf_reset(&want);
	ut_buf_puts(&want, "nextval(");
	dl_pg__quote_literal(&want, v[15]);
	ut_buf_puts(&want, "::regclass)");
	ok = ok && strcmp(want.ptr, v[4]) == 0;
	ut_buf_release(&want);
	return ok;
}

/* Remembers a column's name under its attnum, for keys and indexes. */
static void rel_attname(insp *x, rel *rl, int64_t attnum, const char *name)
{
	if (attnum <= 0 || attnum > 1700)
		return;
	if ((size_t)attnum >= rl->nattnames) {
		size_t n = (size_t)attnum * 2 + 8;
		rl->attnames = ut_arena_realloc(&x->r->arena,
						(void *)rl->attnames,
						rl->nattnames * sizeof(char *),
						n * sizeof(char *));
		rl->nattnames = n;
	}
	rl->attnames[attnum] = name;
}

static const char *rel_col(const rel *rl, int64_t attnum)
{
	if (!rl || attnum <= 0 || (size_t)attnum >= rl->nattnames)
		return NULL;
	return rl->attnames[attnum];
}

static sm_tclass tclass_of(const char *cat, const char *typname,
			   const char *typtype)
{
	switch (cat ? cat[0] : 0) {
	case 'N':
		if (!strcmp(typname, "numeric"))
			return SM_T_DECIMAL;
		if (!strcmp(typname, "float4") || !strcmp(typname, "float8"))
			return SM_T_FLOAT;
		if (!strcmp(typname, "int2") || !strcmp(typname, "int4") ||
		    !strcmp(typname, "int8"))
			return SM_T_INT;
		return SM_T_OTHER;
	case 'S':
		return SM_T_STRING;
	case 'B':
		return SM_T_BOOL;
	case 'D':
	case 'T':
		return SM_T_TIME;
	case 'A':
		return SM_T_ARRAY;
	case 'E':
		return SM_T_ENUM;
	case 'G':
		return SM_T_SPATIAL;
	case 'V':
		return SM_T_BINARY;
	case 'U':
		if (!strcmp(typname, "json") || !strcmp(typname, "jsonb"))
			return SM_T_JSON;
		if (!strcmp(typname, "uuid"))
			return SM_T_UUID;
		if (!strcmp(typname, "bytea"))
			return SM_T_BINARY;
		if (typtype && typtype[0] == 'e')
			return SM_T_ENUM;
		return SM_T_OTHER;
	}
	return SM_T_OTHER;
}

static const char *serial_type(const char *typname)
{
	if (!strcmp(typname, "int8"))
		return "bigserial";
	if (!strcmp(typname, "int2"))
		return "smallserial";
	return "serial";
}

static int column_row(const char *const *v, size_t n, void *payload)
{
	insp *x = payload;
	rel *rl = rel_of(x, v[0]);
	bool serial = is_serial(v);
	sm_column *c;

	(void)n;
	if (!rl)
		return 0;
	if (rl->table) {
		c = sm_column_add(x->r, rl->table, v[1],
				  serial ? serial_type(v[10]) : v[2]);
	} else {
		c = obj_alloc(x, sizeof(*c), SM_COLUMN, v[1], &rl->view->obj);
		c->type = dup(x, v[2]);
		c->position = (int)rl->view->columns.len;
		ut_vec_apush(&x->r->arena, &rl->view->columns, c);
	}
	c->tclass = serial ? SM_T_SERIAL : tclass_of(v[9], v[10], v[18]);
	c->nullable = !is_t(v[3]);
	if (v[6] && v[6][0] == 's') {
		c->generated = dup(x, v[4]);
		c->generated_stored = true;
	} else if (!serial) {
		c->default_expr = dup(x, v[4]);
	}
	if (v[5] && (v[5][0] == 'a' || v[5][0] == 'd')) {
		c->identity = v[5][0] == 'a' ? "ALWAYS" : "BY DEFAULT";
		c->identity_start = to_i64(v[12]);
		c->identity_increment = to_i64(v[13]);
		/* a sequence not named as PostgreSQL would name it */
		if (v[16]) {
			ut_buf want = UT_BUF_INIT;
			ut_buf_printf(&want, "%s_%s", v[20], v[1]);
			if (want.len > 59)
				ut_buf_setlen(&want, 59);
			ut_buf_puts(&want, "_seq");
			if (strcmp(want.ptr, v[16]) != 0)
				sm_attr_set(x->r, &c->attrs, "identity_sequence",
					    v[16]);
			ut_buf_release(&want);
		}
	}
	c->collation = dup(x, v[7]);
	c->obj.comment = dup_nonempty(x, v[8]);
	if (serial)
		ut_map_put(&x->serial_seqs,
			   ut_arena_strdup(&x->r->arena, v[14]), c);
	if (v[17] && !is_t(v[17]))
		sm_attr_set(x->r, &c->attrs, "inherited", "");
	rel_attname(x, rl, to_i64(v[19]), c->obj.name);
	return 0;
}

/* ---- indexes, primary keys, unique and exclusion constraints ---------- */

/*
 * One row per index column. Indexes attached to a partitioned parent's
 * index are left out (creating the parent's makes them), like the
 * constraints a partition inherits.
 */
static const char indexes_sql_fmt[] =
	"SELECT i.indrelid, ic.relname, i.indisunique, i.indisprimary, con.contype,"
	" con.conname, am.amname,"
	" CASE WHEN k.n = 1 THEN pg_catalog.pg_get_expr(i.indpred, i.indrelid) END,"
	" ds.description, i.indnkeyatts, k.n, i.indkey[k.n - 1],"
	" CASE WHEN i.indkey[k.n - 1] = 0 THEN"
	"  pg_catalog.pg_get_indexdef(i.indexrelid, k.n, true) END,"
	" i.indoption[k.n - 1],"
	" CASE WHEN k.n <= i.indnkeyatts AND NOT opc.opcdefault THEN"
	"  CASE WHEN ocn.nspname = 'pg_catalog' THEN opc.opcname::text"
	"  ELSE pg_catalog.format('%%I.%%I', ocn.nspname, opc.opcname) END END,"
	" CASE WHEN k.n <= i.indnkeyatts AND i.indcollation[k.n - 1] <> 0 AND"
	"  i.indcollation[k.n - 1] IS DISTINCT FROM att.attcollation THEN"
	"  (SELECT CASE WHEN cn.nspname = 'pg_catalog' THEN co.collname::text"
	"   ELSE pg_catalog.format('%%I.%%I', cn.nspname, co.collname) END"
	"   FROM pg_catalog.pg_collation co JOIN pg_catalog.pg_namespace cn"
	"   ON cn.oid = co.collnamespace WHERE co.oid = i.indcollation[k.n - 1]) END,"
	" %s, con.condeferrable, con.condeferred, cds.description,"
	" CASE WHEN con.contype = 'x' AND k.n = 1 THEN pg_catalog.pg_get_constraintdef(con.oid) END,"
	" CASE WHEN k.n = 1 AND i.indexprs IS NOT NULL THEN pg_catalog.pg_get_indexdef(i.indexrelid) END,"
	" CASE WHEN k.n = 1 THEN pg_catalog.array_to_string(ic.reloptions, ', ') END"
	" FROM pg_catalog.pg_index i"
	" JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid"
	" JOIN pg_catalog.pg_class c ON c.oid = i.indrelid"
	" JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
	" JOIN pg_catalog.pg_am am ON am.oid = ic.relam"
	" LEFT JOIN pg_catalog.pg_constraint con ON con.conindid = i.indexrelid"
	"  AND con.conrelid = i.indrelid AND con.contype IN ('p', 'u', 'x')"
	DESC_JOIN("ds", "pg_class", "i.indexrelid", "0")
	DESC_JOIN("cds", "pg_constraint", "con.oid", "0")
	" CROSS JOIN LATERAL pg_catalog.generate_series(1, i.indnatts::int) AS k(n)"
	" LEFT JOIN pg_catalog.pg_opclass opc ON opc.oid = i.indclass[k.n - 1]"
	" LEFT JOIN pg_catalog.pg_namespace ocn ON ocn.oid = opc.opcnamespace"
	" LEFT JOIN pg_catalog.pg_attribute att ON att.attrelid = i.indrelid"
	"  AND att.attnum = i.indkey[k.n - 1]"
	" WHERE n.nspname = ANY($1::text[]) AND c.relkind IN ('r', 'p', 'm')"
	" AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_inherits h WHERE h.inhrelid = i.indexrelid)"
	" AND" NOT_EXT("pg_class", "c.oid")
	"ORDER BY i.indrelid, ic.relname, k.n";

typedef struct index_state {
	insp *x;
	sm_index *cur; /* the index the next column rows belong to */
} index_state;

static int index_row(const char *const *v, size_t n, void *payload)
{
	index_state *st = payload;
	insp *x = st->x;
	rel *rl = rel_of(x, v[0]);
	int64_t pos = to_i64(v[10]), nkey = to_i64(v[9]);
	int64_t opt = to_i64(v[13]);
	sm_index *ix;

	(void)n;
	if (!rl)
		return 0;
	if (pos == 1) {
		const char *contype = v[4];
		if (is_t(v[3]) && rl->table) {
			ix = sm_pk_set(x->r, rl->table, v[1]);
		} else {
			ix = obj_alloc(x, sizeof(*ix), SM_INDEX, v[1],
				       rl->table ? &rl->table->obj
						 : &rl->view->obj);
			if (rl->table)
				ut_vec_apush(&x->r->arena,
					     &rl->table->indexes, ix);
			else
				ut_vec_apush(&x->r->arena,
					     &rl->view->indexes, ix);
		}
		ix->unique = is_t(v[2]);
		ix->constraint = contype != NULL;
		if (strcmp(v[6], "btree") != 0)
			ix->method = dup(x, v[6]);
		ix->where = dup(x, v[7]);
		ix->obj.comment = dup_nonempty(x, contype ? v[19] : v[8]);
		ix->nulls_not_distinct = is_t(v[16]);
		ix->def = dup(x, v[21]);
		if (contype && is_t(v[17]))
			sm_attr_set(x->r, &ix->attrs, "deferrable",
				    is_t(v[18]) ? "INITIALLY DEFERRED"
						: "INITIALLY IMMEDIATE");
		if (contype && contype[0] == 'x')
			sm_attr_set(x->r, &ix->attrs, "exclude", v[20]);
		if (v[22] && *v[22])
			sm_attr_set(x->r, &ix->attrs, "with", v[22]);
		st->cur = ix;
	}
	ix = st->cur;
	if (!ix)
		return 0;
	if (pos > nkey) {
		/* INCLUDE columns */
		const char *name = rel_col(rl, to_i64(v[11]));
		sm_strs_add(x->r, &ix->include, name ? name : "");
		return 0;
	}
	{
		sm_index_part p = { 0 };
		if (to_i64(v[11]) != 0)
			p.column = rel_col(rl, to_i64(v[11]));
		else
			p.expr = dup(x, v[12]);
		p.desc = (opt & 1) != 0;
		/* the default is NULLS LAST for ASC and NULLS FIRST for DESC */
		if (p.desc && !(opt & 2))
			p.nulls = "LAST";
		else if (!p.desc && (opt & 2))
			p.nulls = "FIRST";
		p.opclass = dup(x, v[14]);
		/*
		 * An expression's collation is the expression's own unless the
		 * definition spells one out (pg_get_indexdef does exactly then).
		 */
		if (v[15] && (p.column || (ix->def && strstr(ix->def, " COLLATE "))))
			p.collation = dup(x, v[15]);
		ut_vec_apush(&x->r->arena, &ix->parts, p);
	}
	return 0;
}

/* ---- foreign keys and checks ------------------------------------------ */

/*
 * Key columns come as attnum arrays, named through the columns already
 * read; a foreign key to a schema not inspected gets its names here.
 */
static const char constraints_sql[] =
	"SELECT con.conrelid, con.conname, con.contype,"
	" pg_catalog.array_to_string(con.conkey, ','), rn.nspname, rc.relname,"
	" pg_catalog.array_to_string(con.confkey, ','),"
	" con.confupdtype, con.confdeltype, con.condeferrable, con.condeferred,"
	" con.convalidated, con.connoinherit,"
	" CASE WHEN con.contype = 'c' THEN pg_catalog.pg_get_expr(con.conbin, con.conrelid) END,"
	" ds.description, n.nspname, con.confrelid,"
	" CASE WHEN con.contype = 'f' AND NOT rn.nspname = ANY($1::text[]) THEN"
	"  (SELECT pg_catalog.string_agg(a.attname::text, E'\\x1f' ORDER BY k.i)"
	"  FROM pg_catalog.unnest(con.confkey) WITH ORDINALITY AS k(att, i)"
	"  JOIN pg_catalog.pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.att) END"
	" FROM pg_catalog.pg_constraint con"
	" JOIN pg_catalog.pg_class c ON c.oid = con.conrelid"
	" JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
	" LEFT JOIN pg_catalog.pg_class rc ON rc.oid = con.confrelid"
	" LEFT JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace"
	DESC_JOIN("ds", "pg_constraint", "con.oid", "0")
	" WHERE n.nspname = ANY($1::text[]) AND con.contype IN ('f', 'c')"
	" AND c.relkind IN ('r', 'p', 'f') AND con.conislocal AND con.conparentid = 0"
	" AND" NOT_EXT("pg_class", "c.oid")
	"ORDER BY con.conrelid, con.conname";

/* "1,3" -> the names of those attnums of rl. */
static void attnums_into(insp *x, sm_strs *v, const rel *rl, const char *s)
{
	while (s && *s) {
		int64_t n = 0;
		size_t len = strcspn(s, ",");
		char *num = ut_xstrndup(s, len);
		const char *name;
		ut_str_to_i64(&n, num);
		free(num);
		name = rel_col(rl, n);
		sm_strs_add(x->r, v, name ? name : "");
		s += len + (s[len] ? 1 : 0);
	}
}

static const char *fk_action(const char *v)
{
	switch (v ? v[0] : 'a') {
	case 'r':
		return "RESTRICT";
	case 'c':
		return "CASCADE";
	case 'n':
		return "SET NULL";
	case 'd':
		return "SET DEFAULT";
	default:
		return "NO ACTION";
	}
}

static int constraint_row(const char *const *v, size_t n, void *payload)
{
	insp *x = payload;
	rel *rl = rel_of(x, v[0]);

	(void)n;
	if (!rl || !rl->table)
		return 0;
	if (v[2][0] == 'f') {
		sm_foreign_key *fk = sm_fk_add(x->r, rl->table, v[1]);
		attnums_into(x, &fk->columns, rl, v[3]);
		if (v[4] && strcmp(v[4], v[15]) != 0)
			fk->ref_schema = dup(x, v[4]);
		fk->ref_table = dup(x, v[5]);
		if (v[17])
			split_into(x, &fk->ref_columns, v[17]);
		else
			attnums_into(x, &fk->ref_columns, rel_of(x, v[16]),
				     v[6]);
		fk->on_update = fk_action(v[7]);
		fk->on_delete = fk_action(v[8]);
		if (is_t(v[9]))
			fk->deferrable = is_t(v[10])
						 ? "DEFERRABLE INITIALLY DEFERRED"
						 : "DEFERRABLE";
		fk->not_valid = !is_t(v[11]);
		fk->obj.comment = dup_nonempty(x, v[14]);
	} else {
		sm_check *ck = sm_check_add(x->r, rl->table, v[1], v[13]);
		ck->no_inherit = is_t(v[12]);
		ck->not_valid = !is_t(v[11]);
		ck->obj.comment = dup_nonempty(x, v[14]);
	}
	return 0;
}

/* ---- types ------------------------------------------------------------ */

/* " COLLATE s.c" of a column-like thing whose collation is not its type's. */
#define ATT_COLLATE(coll, typ)                                                \
	"CASE WHEN " coll " <> 0 AND " coll " <> (SELECT ct.typcollation"     \
	" FROM pg_catalog.pg_type ct WHERE ct.oid = " typ ") THEN (SELECT"    \
	" ' COLLATE ' || pg_catalog.format('%I.%I', cn.nspname, co.collname)" \
	" FROM pg_catalog.pg_collation co JOIN pg_catalog.pg_namespace cn"    \
	" ON cn.oid = co.collnamespace WHERE co.oid = " coll ") ELSE '' END"

/*
 * def holds what follows the type's name in its CREATE statement
 * ("AS integer NOT NULL CHECK (...)", "AS (a integer)", "AS RANGE (...)"),
 * so the planner can name the type as the plan needs. The parts the
 * planner alters one by one come apart too: a domain's base type,
 * collation, default, NOT NULL and named constraints; a composite type's
 * attributes in order (name, then type and collation, \x1f between, \x1e
 * after each).
 */
static const char types_sql[] =
	"SELECT n.nspname, t.typname, t.typtype,"
	" pg_catalog.obj_description(t.oid, 'pg_type'),"
	" (SELECT pg_catalog.string_agg(e.enumlabel::text, E'\\x1f' ORDER BY e.enumsortorder)"
	"  FROM pg_catalog.pg_enum e WHERE e.enumtypid = t.oid),"
	" CASE t.typtype"
	"  WHEN 'd' THEN 'AS ' || pg_catalog.format_type(t.typbasetype, t.typtypmod) ||"
	"   CASE WHEN t.typcollation <> 0 AND t.typcollation <> bt.typcollation THEN"
	"    (SELECT ' COLLATE ' || pg_catalog.format('%I.%I', cn.nspname, co.collname)"
	"     FROM pg_catalog.pg_collation co JOIN pg_catalog.pg_namespace cn"
	"     ON cn.oid = co.collnamespace WHERE co.oid = t.typcollation) ELSE '' END ||"
	"   COALESCE(' DEFAULT ' || t.typdefault, '') ||"
	"   CASE WHEN t.typnotnull THEN ' NOT NULL' ELSE '' END ||"
	"   COALESCE((SELECT pg_catalog.string_agg(' CONSTRAINT ' || pg_catalog.quote_ident(dc.conname)"
	"    || ' ' || pg_catalog.pg_get_constraintdef(dc.oid), '' ORDER BY dc.conname)"
	"    FROM pg_catalog.pg_constraint dc WHERE dc.contypid = t.oid AND dc.contype = 'c'), '')"
	"  WHEN 'c' THEN 'AS (' || (SELECT pg_catalog.string_agg(pg_catalog.quote_ident(a.attname)"
	"   || ' ' || pg_catalog.format_type(a.atttypid, a.atttypmod) || "
	ATT_COLLATE("a.attcollation", "a.atttypid") ", ', ' ORDER BY a.attnum)"
	"   FROM pg_catalog.pg_attribute a WHERE a.attrelid = t.typrelid AND a.attnum > 0"
	"   AND NOT a.attisdropped) || ')'"
	"  WHEN 'r' THEN (SELECT 'AS RANGE (SUBTYPE = ' || pg_catalog.format_type(r.rngsubtype, NULL)"
	"   || CASE WHEN r.rngsubopc <> 0 AND NOT o.opcdefault THEN"
	"    ', SUBTYPE_OPCLASS = ' || pg_catalog.quote_ident(o.opcname) ELSE '' END"
	"   || CASE WHEN r.rngcanonical <> 0 THEN ', CANONICAL = ' || r.rngcanonical::regproc::text ELSE '' END"
	"   || CASE WHEN r.rngsubdiff <> 0 THEN ', SUBTYPE_DIFF = ' || r.rngsubdiff::regproc::text ELSE '' END"
	"   || ')'"
	"   FROM pg_catalog.pg_range r LEFT JOIN pg_catalog.pg_opclass o ON o.oid = r.rngsubopc"
	"   WHERE r.rngtypid = t.oid)"
	" END,"
	/* 6-10: the parts of a domain */
	" CASE WHEN t.typtype = 'd' THEN pg_catalog.format_type(t.typbasetype, t.typtypmod) END,"
	" CASE WHEN t.typtype = 'd' AND t.typcollation <> 0 AND t.typcollation <> bt.typcollation THEN"
	"  (SELECT pg_catalog.format('%I.%I', cn.nspname, co.collname)"
	"   FROM pg_catalog.pg_collation co JOIN pg_catalog.pg_namespace cn"
	"   ON cn.oid = co.collnamespace WHERE co.oid = t.typcollation) END,"
	" t.typdefault, t.typnotnull,"
	" (SELECT pg_catalog.string_agg(dc.conname || E'\\x1f' || pg_catalog.pg_get_constraintdef(dc.oid),"
	"  E'\\x1e' ORDER BY dc.conname) FROM pg_catalog.pg_constraint dc WHERE dc.contypid = t.oid AND dc.contype = 'c'),"
	/* 11: the attributes of a composite type */
	" CASE WHEN t.typtype = 'c' THEN (SELECT pg_catalog.string_agg(a.attname || E'\\x1f'"
	"  || pg_catalog.format_type(a.atttypid, a.atttypmod) || "
	ATT_COLLATE("a.attcollation", "a.atttypid") ", E'\\x1e' ORDER BY a.attnum)"
	"  FROM pg_catalog.pg_attribute a WHERE a.attrelid = t.typrelid AND a.attnum > 0"
	"  AND NOT a.attisdropped) END"
	" FROM pg_catalog.pg_type t"
	" JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace"
	" LEFT JOIN pg_catalog.pg_type bt ON bt.oid = t.typbasetype"
	" WHERE n.nspname = ANY($1::text[])"
	" AND (t.typtype IN ('e', 'd', 'r') OR (t.typtype = 'c' AND"
	"  (SELECT r.relkind FROM pg_catalog.pg_class r WHERE r.oid = t.typrelid) = 'c'))"
	" AND" NOT_EXT("pg_type", "t.oid")
	"ORDER BY n.nspname, t.typname";

/*
 * "a\x1fx\x1eb\x1fy" -> attrs "<prefix>a" = "x", "<prefix>b" = "y", in
 * order (the planner reads them in it).
 */
static void split_pairs(insp *x, sm_attrs *attrs, const char *prefix,
			const char *s)
{
	while (s && *s) {
		size_t n = strcspn(s, "\x1e"), k = strcspn(s, "\x1f");
		if (k < n) {
			char *key = ut_xasprintf("%s%.*s", prefix, (int)k, s);
			char *val = ut_xstrndup(s + k + 1, n - k - 1);
			sm_attr_set(x->r, attrs, key, val);
			free(key);
			free(val);
		}
		s += n + (s[n] ? 1 : 0);
	}
}

static int type_row(const char *const *v, size_t n, void *payload)
{
	insp *x = payload;
	sm_schema *s = ut_map_get(&x->schemas, v[0]);
	sm_type_kind k;
	sm_type *t;

	(void)n;
	if (!s)
		return 0;
	switch (v[2][0]) {
	case 'e':
		k = SM_TYPE_ENUM;
		break;
	case 'd':
		k = SM_TYPE_DOMAIN;
		break;
	case 'c':
		k = SM_TYPE_COMPOSITE;
		break;
	case 'r':
		k = SM_TYPE_RANGE;
		break;
	default:
		k = SM_TYPE_OTHER;
		break;
	}
	t = sm_type_add(x->r, s, v[1], k);
	t->obj.comment = dup_nonempty(x, v[3]);
	if (k == SM_TYPE_ENUM)
		split_into(x, &t->values, v[4]);
	else
		t->def = dup(x, v[5]);
	if (k == SM_TYPE_DOMAIN) {
		sm_attr_set(x->r, &t->attrs, "base", v[6] ? v[6] : "");
		if (v[7])
			sm_attr_set(x->r, &t->attrs, "collation", v[7]);
		if (v[8])
			sm_attr_set(x->r, &t->attrs, "default", v[8]);
		if (is_t(v[9]))
			sm_attr_set(x->r, &t->attrs, "not_null", "");
		split_pairs(x, &t->attrs, "constraint:", v[10]);
	} else if (k == SM_TYPE_COMPOSITE) {
		split_pairs(x, &t->attrs, "attribute:", v[11]);
	}
	return 0;
}

/* ---- sequences -------------------------------------------------------- */

static const char sequences_sql[] =
	"SELECT n.nspname, c.relname, pg_catalog.format_type(s.seqtypid, NULL),"
	" s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcache, s.seqcycle,"
	" ds.description, c.oid, dep.deptype,"
	" CASE WHEN dep.deptype = 'a' THEN tc.relname || '.' || a.attname END"
	" FROM pg_catalog.pg_sequence s"
	" JOIN pg_catalog.pg_class c ON c.oid = s.seqrelid"
	" JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
	DESC_JOIN("ds", "pg_class", "c.oid", "0")
	" LEFT JOIN pg_catalog.pg_depend dep ON dep.classid = 'pg_catalog.pg_class'::regclass"
	"  AND dep.objid = c.oid AND dep.refclassid = 'pg_catalog.pg_class'::regclass"
	"  AND dep.deptype IN ('a', 'i')"
	" LEFT JOIN pg_catalog.pg_class tc ON tc.oid = dep.refobjid"
	" LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = dep.refobjid AND a.attnum = dep.refobjsubid"
	" WHERE n.nspname = ANY($1::text[]) AND" NOT_EXT("pg_class", "c.oid")
	"ORDER BY n.nspname, c.relname";

static int sequence_row(const char *const *v, size_t n, void *payload)
{
	insp *x = payload;
	sm_schema *s = ut_map_get(&x->schemas, v[0]);
	sm_sequence *sq;

	(void)n;
	/* identity sequences belong to their column, serial ones too */
	if (!s || (v[11] && v[11][0] == 'i') ||
	    ut_map_get(&x->serial_seqs, v[10]))
		return 0;
	sq = sm_sequence_add(x->r, s, v[1]);
	sq->type = dup(x, v[2]);
	sq->start = to_i64(v[3]);
	sq->increment = to_i64(v[4]);
	sq->min = to_i64(v[5]);
	sq->max = to_i64(v[6]);
	sq->cache = to_i64(v[7]);
	sq->cycle = is_t(v[8]);
	sq->obj.comment = dup_nonempty(x, v[9]);
	sq->owned_by = dup(x, v[12]);
	return 0;
}

/* ---- functions and procedures ----------------------------------------- */

static const char functions_sql[] =
	"SELECT n.nspname, p.proname, p.prokind,"
	" pg_catalog.pg_get_function_identity_arguments(p.oid),"
	" CASE WHEN p.prokind IN ('f', 'p', 'w') THEN pg_catalog.pg_get_functiondef(p.oid)"
	"  WHEN p.prokind = 'a' THEN (SELECT 'CREATE OR REPLACE AGGREGATE '"
	"  || pg_catalog.format('%I.%I', n.nspname, p.proname) || '('"
	"  || pg_catalog.pg_get_function_identity_arguments(p.oid) || ') (SFUNC = '"
	"  || a.aggtransfn::regproc::text || ', STYPE = ' || pg_catalog.format_type(a.aggtranstype, NULL)"
	"  || CASE WHEN a.aggfinalfn <> 0 THEN ', FINALFUNC = ' || a.aggfinalfn::regproc::text ELSE '' END"
	"  || CASE WHEN a.aggcombinefn <> 0 THEN ', COMBINEFUNC = ' || a.aggcombinefn::regproc::text ELSE '' END"
	"  || CASE WHEN a.agginitval IS NOT NULL THEN ', INITCOND = ' || pg_catalog.quote_literal(a.agginitval) ELSE '' END"
	"  || ')' FROM pg_catalog.pg_aggregate a WHERE a.aggfnoid = p.oid AND a.aggkind = 'n') END,"
	" l.lanname, pg_catalog.obj_description(p.oid, 'pg_proc')"
	" FROM pg_catalog.pg_proc p"
	" JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace"
	" JOIN pg_catalog.pg_language l ON l.oid = p.prolang"
	" WHERE n.nspname = ANY($1::text[]) AND" NOT_EXT("pg_proc", "p.oid")
	/* constructors PostgreSQL makes for a range's multirange type */
	"AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend di WHERE di.classid ="
	" 'pg_catalog.pg_proc'::regclass AND di.objid = p.oid AND di.deptype = 'i') "
	"ORDER BY n.nspname, p.proname, 4";

static int function_row(const char *const *v, size_t n, void *payload)
{
	insp *x = payload;
	sm_schema *s = ut_map_get(&x->schemas, v[0]);
	sm_function *f;
	const char *def = v[4];
	size_t len;

	(void)n;
	if (!s)
		return 0;
	len = def ? strlen(def) : 0;
	while (len && (def[len - 1] == '\n' || def[len - 1] == ' '))
		len--;
	f = sm_function_add(x->r, s, v[1], NULL);
	f->def = def ? sm_strndup(x->r, def, len) : NULL;
	if (f->def && x->c->schema && strcmp(x->c->schema, v[0]) == 0) {
		/*
		 * pg_get_functiondef qualifies the name whatever the
		 * search_path: a schema-bound inspection leaves its own
		 * schema out, as it does for tables, views and triggers.
		 */
		size_t q, nm;
		if (dl_pg__routine_head(f->def, &q, &nm) && nm > q) {
			ut_buf b = UT_BUF_INIT;
			ut_buf_put(&b, f->def, q);
			ut_buf_puts(&b, f->def + nm);
			f->def = sm_strdup(x->r, b.ptr);
			ut_buf_release(&b);
		}
	}
	f->procedure = v[2][0] == 'p';
	f->args = dup(x, v[3] ? v[3] : "");
	f->lang = dup(x, v[5]);
	f->obj.comment = dup_nonempty(x, v[6]);
	if (v[2][0] == 'a')
		sm_attr_set(x->r, &f->attrs, "aggregate", "");
	return 0;
}

/* ---- triggers --------------------------------------------------------- */

/*
 * Triggers, and rules (CREATE RULE: kept as triggers with the attr
 * "rule", both being statements on a table the database keeps whole).
 */
static const char triggers_sql_fmt[] =
	"SELECT t.tgrelid, t.tgname, pg_catalog.pg_get_triggerdef(t.oid, true),"
	" pg_catalog.obj_description(t.oid, 'pg_trigger'), false"
	" FROM pg_catalog.pg_trigger t"
	" JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid"
	" JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
	" WHERE n.nspname = ANY($1::text[]) AND NOT t.tgisinternal%s"
	" AND" NOT_EXT("pg_class", "c.oid")
	"UNION ALL"
	" SELECT r.ev_class, r.rulename, pg_catalog.pg_get_ruledef(r.oid),"
	" pg_catalog.obj_description(r.oid, 'pg_rewrite'), true"
	" FROM pg_catalog.pg_rewrite r"
	" JOIN pg_catalog.pg_class c ON c.oid = r.ev_class"
	" JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
	" WHERE n.nspname = ANY($1::text[]) AND r.rulename <> '_RETURN'"
	" AND" NOT_EXT("pg_class", "c.oid")
	"ORDER BY 1, 2";

static int trigger_row(const char *const *v, size_t n, void *payload)
{
	insp *x = payload;
	rel *rl = rel_of(x, v[0]);
	sm_trigger *tr;
	size_t len;

	(void)n;
	if (!rl)
		return 0;
	len = strlen(v[2]);
	while (len && (v[2][len - 1] == ';' || v[2][len - 1] == ' ' ||
		       v[2][len - 1] == '\n'))
		len--;
	tr = sm_trigger_add(x->r, rl->table ? &rl->table->obj : &rl->view->obj,
			    v[1], NULL);
	tr->def = sm_strndup(x->r, v[2], len);
	tr->obj.comment = dup_nonempty(x, v[3]);
	if (is_t(v[4]))
		sm_attr_set(x->r, &tr->attrs, "rule", "");
	return 0;
}

/* ---- extensions ------------------------------------------------------- */

/* Database-wide; a schema-bound inspection keeps those in its schema. */
/*
 * An extension's comment is its own only when it is not the one its
 * control file gives (what CREATE EXTENSION sets): plans would otherwise
 * restate it, and COMMENT ON EXTENSION needs to own the extension, which
 * a migration user on a managed server (Supabase, RDS) does not.
 */
static const char extensions_sql_fmt[] =
	"SELECT e.extname, n.nspname, e.extversion,"
	" NULLIF(pg_catalog.obj_description(e.oid, 'pg_extension'),"
	" (SELECT a.comment FROM pg_catalog.pg_available_extensions a"
	" WHERE a.name = e.extname))"
	" FROM pg_catalog.pg_extension e"
	" JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace"
	" WHERE e.extname <> 'plpgsql' AND %s"
	" ORDER BY e.extname";

static int extension_row(const char *const *v, size_t n, void *payload)
{
	insp *x = payload;
	sm_extension *e;

	(void)n;
	e = sm_extension_add(x->r, v[0]);
	e->schema = dup(x, v[1]);
	e->version = dup(x, v[2]);
	e->obj.comment = dup_nonempty(x, v[3]);
	return 0;
}

/* ---- the whole inspection --------------------------------------------- */

/* The session settings the inspection changes, to put back after. */
typedef struct settings {
	char *search_path, *parallel, *jit; /* jit NULL: the server has none */
	bool saved;
} settings;

static int settings_row(const char *const *v, size_t n, void *payload)
{
	settings *st = payload;

	(void)n;
	st->search_path = ut_xstrdup(v[0] ? v[0] : "");
	st->parallel = ut_xstrdup(v[1] ? v[1] : "2");
	st->jit = v[2] ? ut_xstrdup(v[2]) : NULL;
	st->saved = true;
	return 0;
}

/*
 * For the inspection: the search_path that names things as wanted, and
 * neither JIT compilation nor parallel workers, whose start-up costs
 * dominate catalog queries (seconds on 5,000 tables).
 */
static const char settings_sql[] =
	"SELECT o.*, pg_catalog.set_config('search_path', $1, false),"
	" pg_catalog.set_config('max_parallel_workers_per_gather', '0', false),"
	" CASE WHEN o.jit IS NOT NULL THEN pg_catalog.set_config('jit', 'off', false) END"
	" FROM (SELECT pg_catalog.current_setting('search_path') AS sp,"
	" pg_catalog.current_setting('max_parallel_workers_per_gather') AS par,"
	" pg_catalog.current_setting('jit', true) AS jit OFFSET 0) o";

static const char restore_sql[] =
	"SELECT pg_catalog.set_config('search_path', $1, false),"
	" pg_catalog.set_config('max_parallel_workers_per_gather', $2, false),"
	" CASE WHEN $3::text IS NOT NULL THEN pg_catalog.set_config('jit', $3, false) END";

int dl_pg__inspect(sm_realm **out, dl_conn *conn, const dl_inspect_opts *o)
{
	dl_pg_conn *pc = (dl_pg_conn *)conn;
	insp x;
	index_state ist;
	ut_buf sp = UT_BUF_INIT, sql = UT_BUF_INIT;
	settings saved = { NULL, NULL, NULL, false };
	char *nsps = NULL;
	const char *params[1];
	int error;

	*out = NULL;
	memset(&x, 0, sizeof(x));
	x.c = conn;
	x.version = pc->version;
	x.r = sm_realm_new("postgres");
	x.r->scope = sm_strdup(x.r, conn->schema);

	/* names in deparsed text: bare for the bound schema, else qualified */
	if (conn->schema)
		dl_pg__quote_ident(&sp, conn->schema);
	params[0] = sp.ptr;
	if ((error = conn->drv->query(conn, settings_sql, params, 1,
				      settings_row, &saved)) < 0)
		goto done;

	params[0] = conn->schema;
	error = conn->drv->query(conn,
				 "SELECT n.nspname, pg_catalog.obj_description(n.oid, 'pg_namespace') "
				 "FROM pg_catalog.pg_namespace n "
				 "WHERE ($1::text IS NULL OR n.nspname = $1) "
				 "AND n.nspname NOT IN ('information_schema', 'pg_catalog', 'pg_toast') "
				 "AND n.nspname NOT LIKE 'pg\\_temp\\_%' "
				 "AND n.nspname NOT LIKE 'pg\\_toast\\_temp\\_%' AND" NOT_EXT(
					 "pg_namespace", "n.oid") "ORDER BY n.nspname",
				 params, 1, schema_row, &x);
	if (error < 0)
		goto done;
	if (o->nschemas) {
		/* keep only the schemas asked for */
		size_t k = 0;
		for (size_t i = 0; i < x.r->schemas.len; i++)
			if (wanted_schema(o, x.r->schemas.items[i]->obj.name))
				x.r->schemas.items[k++] = x.r->schemas.items[i];
		x.r->schemas.len = k;
		ut_map_release(&x.schemas);
		for (size_t i = 0; i < k; i++)
			ut_map_put(&x.schemas, x.r->schemas.items[i]->obj.name,
				   x.r->schemas.items[i]);
	}
	nsps = array_literal(x.r);
	x.nsps = nsps;

	if ((error = q(&x, rels_sql, rel_row)) < 0)
		goto done;
	if ((error = q(&x, columns_sql, column_row)) < 0)
		goto done;
	ut_buf_printf(&sql, indexes_sql_fmt,
		      pc->version >= 150000 ? "i.indnullsnotdistinct" : "false");
	ist.x = &x;
	ist.cur = NULL;
	if ((error = qp(&x, sql.ptr, index_row, &ist)) < 0)
		goto done;
	if ((error = q(&x, constraints_sql, constraint_row)) < 0)
		goto done;
	if ((error = q(&x, types_sql, type_row)) < 0)
		goto done;
	if ((error = q(&x, sequences_sql, sequence_row)) < 0)
		goto done;
	if ((error = q(&x, functions_sql, function_row)) < 0)
		goto done;
	ut_buf_reset(&sql);
	ut_buf_printf(&sql, triggers_sql_fmt,
		      pc->version >= 130000 ? " AND t.tgparentid = 0" : "");
	if ((error = q(&x, sql.ptr, trigger_row)) < 0)
		goto done;
	ut_buf_reset(&sql);
	ut_buf_printf(&sql, extensions_sql_fmt,
		      conn->schema ? "n.nspname = ANY($1::text[])"
				   : "$1::text[] IS NOT NULL");
	if ((error = q(&x, sql.ptr, extension_row)) < 0)
		goto done;
	if (o->nexclude &&
	    (error = sm_realm_exclude(x.r, o->exclude, o->nexclude)) < 0)
		goto done;
done:
	if (saved.saved) {
		/* put the session's settings back, keeping the first error */
		const char *rp[3] = { saved.search_path, saved.parallel,
				      saved.jit };
		if (error < 0) {
			ut_error keep;
			ut_error_stash(&keep);
			conn->drv->query(conn, restore_sql, rp, 3, NULL, NULL);
			ut_error_restore(&keep);
		} else {
			error = conn->drv->query(conn, restore_sql, rp, 3, NULL,
						 NULL);
		}
	}
	if (error == 0) {
		*out = x.r;
		x.r = NULL;
	}
	sm_realm_free(x.r);
	ut_map_release(&x.schemas);
	ut_map_release(&x.rels);
	ut_map_release(&x.serial_seqs);
	ut_buf_release(&sp);
	ut_buf_release(&sql);
	free(saved.search_path);
	free(saved.parallel);
	free(saved.jit);
	free(nsps);
	return error;
}
