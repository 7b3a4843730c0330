/* SPDX-License-Identifier: MIT */
/*
 * lint/pgrules.c: PostgreSQL lock and rewrite analyzers (PG1xx, PG3xx),
 * read from libpg_query parse trees: concurrent index builds, constraints
 * that build indexes or scan under ACCESS EXCLUSIVE, column alignment,
 * and the changes that rewrite a table. Tables created in the same file
 * are exempt: nobody reads them yet.
 */
#include <stdlib.h>
#include <string.h>

#include "atlas_int.h"
#include "ut.h"

static const char *relname(json_t *body)
{
	return lt_pg_str(lt_pg_get(body, "relation"), "relname");
}

static bool is_pg(lt_file *f)
{
	return lt_is(f, "postgres");
}

/* The statement's node when it is of type ty, else NULL. */
static json_t *node(const lt_stmt *s, const char *ty)
{
	json_t *b;
	const char *t = lt_pg_type(s->pg, &b);
	return t && strcmp(t, ty) == 0 ? b : NULL;
}

/* Existing (not created in this file) table. */
static bool existing(lt_file *f, const char *table)
{
	return table && *table && !lt_table_new(f, NULL, table);
}

/* ---- PG101-PG103 ---- */

void lt_check_concurrent_index(lt_file *f)
{
	const lt_stmt *first_conc = NULL;

	if (!is_pg(f))
		return;
	for (size_t i = 0; i < f->nstmts; i++) {
		const lt_stmt *s = &f->stmts[i];
		json_t *b;
		if ((b = node(s, "IndexStmt"))) {
			if (lt_pg_bool(b, "concurrent")) {
				if (!first_conc)
					first_conc = s;
				continue;
			}
			if (f->cfg->no_check_create || !existing(f, relname(b)))
				continue;
			lt_diag *d = lt_emit(f, s, "PG101", NULL,
					     "Creating index %s non-concurrently causes write locks on the %s table",
					     lt_q(f, lt_pg_str(b, "idxname")),
					     lt_q(f, relname(b)));
			lt_diag_fix(f, d, "Create the index with CONCURRENTLY in a file with the \"atlas:txmode none\" directive");
		} else if ((b = node(s, "DropStmt")) &&
			   strcmp(lt_pg_str(b, "removeType"), "OBJECT_INDEX") == 0) {
			json_t *obj = json_array_get(lt_pg_get(b, "objects"), 0);
			json_t *items = lt_pg_get(lt_pg_get(obj, "List"), "items");
			const char *name = lt_pg_sval(
				json_array_get(items, json_array_size(items) - 1));
			if (lt_pg_bool(b, "concurrent")) {
				if (!first_conc)
					first_conc = s;
				continue;
			}
			if (f->cfg->no_check_drop)
				continue;
			lt_emit(f, s, "PG102", NULL,
				"Dropping index %s non-concurrently causes write locks on its table",
				lt_q(f, name));
		}
	}
	if (first_conc && !f->txmode_none && !f->cfg->no_check_txmode)
		lt_emit(f, first_conc, "PG103", NULL,
			"Indexes cannot be created or deleted concurrently within a transaction. Add the `atlas:txmode none` directive to the header to prevent this file from running in a transaction");
}

/* ---- blocking: PG104, PG105, PG108, PG109 ---- */

typedef void (*cmd_fn)(lt_file *f, const lt_stmt *s, const char *table,
		       json_t *cmd);

/* Calls fn for every AlterTableCmd of an ALTER TABLE on an existing table. */
static void each_cmd(lt_file *f, cmd_fn fn, bool only_existing)
{
	for (size_t i = 0; i < f->nstmts; i++) {
		const lt_stmt *s = &f->stmts[i];
		json_t *b = node(s, "AlterTableStmt"), *cmds;
		size_t k;
		json_t *c;
		if (!b || (only_existing && !existing(f, relname(b))))
			continue;
		cmds = lt_pg_get(b, "cmds");
		json_array_foreach(cmds, k, c)
			fn(f, s, relname(b), lt_pg_get(c, "AlterTableCmd"));
	}
}

static json_t *constraint_of(json_t *cmd)
{
	return lt_pg_get(lt_pg_get(cmd, "def"), "Constraint");
}

static void blocking_cmd(lt_file *f, const lt_stmt *s, const char *table,
			 json_t *cmd)
{
	json_t *con;
	const char *ct;

	if (strcmp(lt_pg_str(cmd, "subtype"), "AT_AddConstraint") != 0)
		return;
	con = constraint_of(cmd);
	ct = lt_pg_str(con, "contype");
	if (strcmp(ct, "CONSTR_PRIMARY") == 0 && !*lt_pg_str(con, "indexname")) {
		lt_diag *d = lt_emit(f, s, "PG104", NULL,
				     "Adding a PRIMARY KEY constraint on table %s acquires an ACCESS EXCLUSIVE lock while its index is built",
				     lt_q(f, table));
		lt_diag_fix(f, d, "Create a unique index CONCURRENTLY first, then add the constraint with USING INDEX");
	} else if (strcmp(ct, "CONSTR_UNIQUE") == 0 &&
		   !*lt_pg_str(con, "indexname")) {
		lt_diag *d = lt_emit(f, s, "PG105", NULL,
				     "Adding a UNIQUE constraint on table %s acquires an ACCESS EXCLUSIVE lock while its index is built",
				     lt_q(f, table));
		lt_diag_fix(f, d, "Create a unique index CONCURRENTLY first, then add the constraint with USING INDEX");
	} else if (strcmp(ct, "CONSTR_EXCLUSION") == 0) {
		lt_emit(f, s, "PG109", NULL,
			"Adding an EXCLUDE constraint on table %s acquires an ACCESS EXCLUSIVE lock and scans the table; it cannot be added NOT VALID",
			lt_q(f, table));
	}
}

/* Whether table is partitioned: created so in this file, or inspected so. */
static bool partitioned(lt_file *f, const lt_stmt *at, const char *table)
{
	for (size_t i = 0; i < f->nstmts && &f->stmts[i] != at; i++) {
		json_t *b = node(&f->stmts[i], "CreateStmt");
		if (b && strcmp(relname(b), table) == 0 &&
		    lt_pg_get(b, "partspec"))
			return true;
	}
	if (at->before) {
		const sm_table *t = sm_realm_find_table(at->before, NULL, table);
		if (t && (sm_attr_get(&t->attrs, "partition") ||
			  sm_attr_get(&t->attrs, "partition_by")))
			return true;
	}
	return false;
}

void lt_check_blocking(lt_file *f)
{
	if (!is_pg(f))
		return;
	each_cmd(f, blocking_cmd, true);
	for (size_t i = 0; i < f->nstmts; i++) {
		const lt_stmt *s = &f->stmts[i];
		json_t *b = node(s, "IndexStmt"), *rel;
		if (!b)
			continue;
		rel = lt_pg_get(b, "relation");
		/* ON ONLY parent builds nothing on the partitions */
		if (!lt_pg_bool(rel, "inh") || !partitioned(f, s, relname(b)))
			continue;
		lt_diag *d = lt_emit(f, s, "PG108", NULL,
				     "Creating index %s on partitioned table %s locks every partition while the index is built",
				     lt_q(f, lt_pg_str(b, "idxname")),
				     lt_q(f, relname(b)));
		lt_diag_fix(f, d, "Create the index ON ONLY the parent, build each partition's index CONCURRENTLY and ATTACH it");
	}
}

/* ---- PG110 alignment ---- */

/* Alignment of a fixed-width type, 0 for variable-width ones. */
static int align_of(const char *t, int *size)
{
	static const struct {
		const char *name;
		int size;
	} types[] = {
		{ "int8", 8 }, { "bigint", 8 }, { "float8", 8 },
		{ "bigserial", 8 }, { "serial8", 8 }, { "timestamp", 8 },
		{ "timestamptz", 8 }, { "time", 8 }, { "money", 8 },
		{ "interval", 8 }, { "int4", 4 }, { "integer", 4 },
		{ "int", 4 }, { "serial", 4 }, { "serial4", 4 },
		{ "float4", 4 }, { "real", 4 }, { "date", 4 }, { "oid", 4 },
		{ "int2", 2 }, { "smallint", 2 }, { "smallserial", 2 },
		{ "bool", 1 }, { "boolean", 1 }, { "uuid", 1 }, { "char", 1 },
	};
	for (size_t i = 0; i < UT_ARRAY_SIZE(types); i++)
		if (strcmp(types[i].name, t) == 0) {
			*size = strcmp(t, "uuid") == 0 ? 16 : types[i].size;
			return strcmp(t, "interval") == 0 ? 8 : (types[i].size > 8 ? 8 : types[i].size);
		}
	*size = 0;
	return 0;
}

typedef struct col_layout {
	const char *name;
	int align, size;
} col_layout;

static int padding(const col_layout *c, size_t n)
{
	int off = 0, pad = 0;

	for (size_t i = 0; i < n; i++) {
		int a = c[i].align ? c[i].align : 4;
		int sz = c[i].size ? c[i].size : 4;
		if (off % a) {
			pad += a - off % a;
			off += a - off % a;
		}
		off += sz;
	}
	return pad;
}

static int by_align(const void *a, const void *b)
{
	const col_layout *x = a, *y = b;
	/* fixed-width by alignment, descending; variable-width last */
	int ka = x->size ? x->align : 0, kb = y->size ? y->align : 0;
	return kb - ka;
}

void lt_check_alignment(lt_file *f)
{
	if (!is_pg(f))
		return;
	for (size_t i = 0; i < f->nstmts; i++) {
		const lt_stmt *s = &f->stmts[i];
		json_t *b = node(s, "CreateStmt"), *e;
		col_layout cols[128], best[128];
		size_t n = 0, k;
		int cur, opt;
		if (!b)
			continue;
		json_array_foreach(lt_pg_get(b, "tableElts"), k, e)
		{
			json_t *cd = lt_pg_get(e, "ColumnDef");
			if (!cd || n >= UT_ARRAY_SIZE(cols))
				continue;
			cols[n].name = lt_pg_str(cd, "colname");
			cols[n].align = align_of(
				lt_pg_typename(lt_pg_get(cd, "typeName")),
				&cols[n].size);
			if (lt_pg_get(lt_pg_get(cd, "typeName"), "arrayBounds"))
				cols[n].size = cols[n].align = 0;
			n++;
		}
		if (n < 2)
			continue;
		memcpy(best, cols, n * sizeof(*cols));
		qsort(best, n, sizeof(*best), by_align);
		cur = padding(cols, n);
		opt = padding(best, n);
		if (cur > opt) {
			ut_buf names = UT_BUF_INIT;
			for (size_t x = 0; x < n; x++) {
				if (x)
					ut_buf_puts(&names, ", ");
				ut_buf_puts(&names, lt_q(f, best[x].name));
			}
			lt_emit(f, s, "PG110", NULL,
				"Table %s has %d redundant bytes of padding per row. To reduce disk space, the optimal order of the columns is as follows: %s",
				lt_q(f, relname(b)), cur - opt, names.ptr);
			ut_buf_release(&names);
		}
	}
}

/* ---- rewrites: PG301-PG311 ---- */

static bool volatile_expr(json_t *e)
{
	static const char *const fns[] = {
		"random", "gen_random_uuid", "uuid_generate_v1",
		"uuid_generate_v4", "clock_timestamp", "timeofday",
		"nextval", "txid_current", "statement_timestamp",
		"uuid_generate_v1mc", "gen_random_bytes",
	};
	const char *key;
	json_t *v;

	if (json_is_array(e)) {
		size_t i;
		json_array_foreach(e, i, v) if (volatile_expr(v)) return true;
		return false;
	}
	if (!json_is_object(e))
		return false;
	json_object_foreach(e, key, v)
	{
		if (strcmp(key, "FuncCall") == 0) {
			json_t *names = lt_pg_get(v, "funcname");
			const char *fn = lt_pg_sval(
				json_array_get(names, json_array_size(names) - 1));
			for (size_t i = 0; i < UT_ARRAY_SIZE(fns); i++)
				if (strcmp(fn, fns[i]) == 0)
					return true;
		}
		if (volatile_expr(v))
			return true;
	}
	return false;
}

static json_t *col_constraint(json_t *coldef, const char *contype)
{
	size_t i;
	json_t *c;

	json_array_foreach(lt_pg_get(coldef, "constraints"), i, c)
	{
		json_t *con = lt_pg_get(c, "Constraint");
		if (strcmp(lt_pg_str(con, "contype"), contype) == 0)
			return con;
	}
	return NULL;
}

/* Old type of table.column from the state before the statement. */
static const char *old_type(const lt_stmt *s, const char *table,
			    const char *col)
{
	const sm_table *t;
	const sm_column *c;

	if (!s->before)
		return NULL;
	t = sm_realm_find_table(s->before, NULL, table);
	c = t ? lt_find_col(t, col) : NULL;
	return c ? c->type : NULL;
}

static int atoi_safe(const char *p)
{
	long v = strtol(p, NULL, 10);
	return v > 0 && v < 1000000000 ? (int)v : 0;
}

/* varchar(n) -> varchar(m >= n) or text, and the like: no rewrite. */
static bool binary_coercible(const char *from, json_t *tn)
{
	const char *to = lt_pg_typename(tn);
	int n = 0, m = 0;

	if (!from)
		return strcmp(to, "text") == 0;
	if (strcmp(to, "text") == 0)
		return ut_str_prefix(from, "character varying") ||
		       ut_str_prefix(from, "varchar") || strcmp(from, "text") == 0;
	if (strcmp(to, "varchar") == 0) {
		json_t *mods = lt_pg_get(tn, "typmods");
		json_t *ac = lt_pg_get(json_array_get(mods, 0), "A_Const");
		const char *p = strchr(from, '(');
		if (!mods)
			return ut_str_prefix(from, "character varying") ||
			       ut_str_prefix(from, "varchar");
		m = (int)json_integer_value(
			lt_pg_get(lt_pg_get(ac, "ival"), "ival"));
		if (p && (ut_str_prefix(from, "character varying") ||
			  ut_str_prefix(from, "varchar")))
			n = atoi_safe(p + 1);
		return n > 0 && m >= n;
	}
	return false;
}

static void rewrite_cmd(lt_file *f, const lt_stmt *s, const char *table,
			json_t *cmd)
{
	const char *st = lt_pg_str(cmd, "subtype");
	const char *name = lt_pg_str(cmd, "name");

	if (strcmp(st, "AT_AlterColumnType") == 0) {
		json_t *tn = lt_pg_get(lt_pg_get(lt_pg_get(cmd, "def"), "ColumnDef"),
				       "typeName");
		if (binary_coercible(old_type(s, table, name), tn))
			return;
		lt_emit(f, s, "PG301", NULL,
			"Changing the type of column %s on table %s rewrites the table and its indexes under an ACCESS EXCLUSIVE lock",
			lt_q(f, name), lt_q(f, table));
	} else if (strcmp(st, "AT_AddColumn") == 0) {
		json_t *cd = lt_pg_get(lt_pg_get(cmd, "def"), "ColumnDef");
		json_t *def = col_constraint(cd, "CONSTR_DEFAULT");
		const char *col = lt_pg_str(cd, "colname");
		const char *ty = lt_pg_typename(lt_pg_get(cd, "typeName"));
		if (def && volatile_expr(lt_pg_get(def, "raw_expr")))
			lt_emit(f, s, "PG302", NULL,
				"Adding column %s with a volatile DEFAULT value on table %s rewrites the table under an ACCESS EXCLUSIVE lock",
				lt_q(f, col), lt_q(f, table));
		if (col_constraint(cd, "CONSTR_GENERATED"))
			lt_emit(f, s, "PG309", NULL,
				"Adding the stored generated column %s on table %s rewrites the table under an ACCESS EXCLUSIVE lock",
				lt_q(f, col), lt_q(f, table));
		if (col_constraint(cd, "CONSTR_IDENTITY") ||
		    strstr(ty, "serial"))
			lt_emit(f, s, "PG310", NULL,
				"Adding the identity column %s on table %s rewrites the table under an ACCESS EXCLUSIVE lock",
				lt_q(f, col), lt_q(f, table));
	} else if (strcmp(st, "AT_AddIdentity") == 0) {
		lt_emit(f, s, "PG310", NULL,
			"Adding the identity column %s on table %s rewrites the table under an ACCESS EXCLUSIVE lock",
			lt_q(f, name), lt_q(f, table));
	} else if (strcmp(st, "AT_SetNotNull") == 0) {
		lt_diag *d = lt_emit(f, s, "PG303", NULL,
				     "Setting column %s of table %s to NOT NULL scans the table under an ACCESS EXCLUSIVE lock",
				     lt_q(f, name), lt_q(f, table));
		lt_diag_fix(f, d, "Add a CHECK (%s IS NOT NULL) NOT VALID constraint, VALIDATE it, then SET NOT NULL",
			    name);
	} else if (strcmp(st, "AT_AddConstraint") == 0) {
		json_t *con = constraint_of(cmd);
		const char *ct = lt_pg_str(con, "contype");
		const char *cn = lt_pg_str(con, "conname");
		bool nv = lt_pg_bool(con, "skip_validation");
		if (strcmp(ct, "CONSTR_CHECK") == 0 && !nv) {
			lt_diag *d = lt_emit(f, s, "PG305", NULL,
					     "Adding the CHECK constraint %s on table %s without NOT VALID scans the table under an ACCESS EXCLUSIVE lock",
					     lt_q(f, cn), lt_q(f, table));
			lt_diag_fix(f, d, "Add the constraint NOT VALID, then VALIDATE CONSTRAINT in a separate transaction");
		} else if (strcmp(ct, "CONSTR_FOREIGN") == 0 && !nv) {
			lt_diag *d = lt_emit(f, s, "PG306", NULL,
					     "Adding the foreign key %s on table %s without NOT VALID scans the table and locks both tables",
					     lt_q(f, cn), lt_q(f, table));
			lt_diag_fix(f, d, "Add the constraint NOT VALID, then VALIDATE CONSTRAINT in a separate transaction");
		} else if (strcmp(ct, "CONSTR_PRIMARY") == 0) {
			json_t *keys = lt_pg_get(con, "keys"), *k;
			size_t i;
			json_array_foreach(keys, i, k)
			{
				const sm_table *t = s->before ? sm_realm_find_table(s->before, NULL, table) : NULL;
				const sm_column *c = t ? lt_find_col(t, lt_pg_sval(k)) : NULL;
				if (c && c->nullable)
					lt_emit(f, s, "PG304", NULL,
						"Adding a PRIMARY KEY on nullable column %s of table %s sets it NOT NULL, which scans the table under an ACCESS EXCLUSIVE lock",
						lt_q(f, c->obj.name), lt_q(f, table));
			}
		}
	} else if (strcmp(st, "AT_SetLogged") == 0 ||
		   strcmp(st, "AT_SetUnLogged") == 0) {
		lt_emit(f, s, "PG307", NULL,
			"Changing table %s to %s rewrites it under an ACCESS EXCLUSIVE lock",
			lt_q(f, table),
			strcmp(st, "AT_SetLogged") == 0 ? "LOGGED" : "UNLOGGED");
	} else if (strcmp(st, "AT_SetAccessMethod") == 0) {
		lt_emit(f, s, "PG311", NULL,
			"Changing the access method of table %s rewrites it under an ACCESS EXCLUSIVE lock",
			lt_q(f, table));
	}
}

void lt_check_rewrite(lt_file *f)
{
	if (!is_pg(f))
		return;
	each_cmd(f, rewrite_cmd, true);
	for (size_t i = 0; i < f->nstmts; i++) {
		const lt_stmt *s = &f->stmts[i];
		json_t *b = node(s, "CreateTrigStmt");
		if (!b || !existing(f, relname(b)))
			continue;
		lt_emit(f, s, "PG308", NULL,
			"Creating trigger %s on table %s acquires a SHARE ROW EXCLUSIVE lock, blocking writes",
			lt_q(f, lt_pg_str(b, "trigname")), lt_q(f, relname(b)));
	}
}
