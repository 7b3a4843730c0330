/* SPDX-License-Identifier: MIT */
/*
 * lint/own.c: strata's own rules (ST codes, docs/lint-rules.md), from the
 * squawk and strong_migrations families: lock and timeout safety (ST1xx),
 * application compatibility (ST2xx), column types (ST3xx), schema quality
 * (ST4xx), SQLite pitfalls (ST5xx) and transaction hygiene (ST6xx).
 * PostgreSQL rules read libpg_query parses; the others read the changes
 * the dev database reported, or the statement's tokens.
 */
#include <ctype.h>
#include <string.h>

#include "atlas_int.h"
#include "ut.h"

static json_t *node(const lt_stmt *s, const char *ty)
{
	json_t *b;
	const char *t = lt_pg_type(s->pg, &b);
	return t && strcmp(t, ty) == 0 ? b : NULL;
}

static const char *relname(json_t *b)
{
	return lt_pg_str(lt_pg_get(b, "relation"), "relname");
}

static bool pg(const lt_file *f)
{
	return lt_is(f, "postgres");
}

static bool existing(lt_file *f, const char *table)
{
	return table && *table && !lt_table_new(f, NULL, table);
}

static bool has_defelem(json_t *list, const char *name)
{
	size_t i;
	json_t *p;

	json_array_foreach(list, i, p)
		if (strcmp(lt_pg_str(lt_pg_get(p, "DefElem"), "defname"), name) == 0)
			return true;
	return false;
}

/* ---- ST1xx: locks and timeouts (PostgreSQL) ---- */

/* Whether a statement takes a strong lock on an existing table. */
static bool locking(lt_file *f, const lt_stmt *s)
{
	json_t *b;
	const char *ty = lt_pg_type(s->pg, &b);

	if (!ty)
		return false;
	if (strcmp(ty, "AlterTableStmt") == 0 || strcmp(ty, "CreateTrigStmt") == 0 ||
	    strcmp(ty, "RenameStmt") == 0)
		return existing(f, relname(b));
	if (strcmp(ty, "IndexStmt") == 0)
		return !lt_pg_bool(b, "concurrent") && existing(f, relname(b));
	if (strcmp(ty, "DropStmt") == 0)
		return !lt_pg_bool(b, "concurrent") &&
		       (strcmp(lt_pg_str(b, "removeType"), "OBJECT_TABLE") == 0 ||
			strcmp(lt_pg_str(b, "removeType"), "OBJECT_INDEX") == 0);
	return strcmp(ty, "TruncateStmt") == 0;
}

static void timeouts(lt_file *f)
{
	bool lock = false, stmt = false, lock_done = false, stmt_done = false;

	for (size_t i = 0; i < f->nstmts; i++) {
		const lt_stmt *s = &f->stmts[i];
		json_t *b = node(s, "VariableSetStmt");
		if (b) {
			const char *n = lt_pg_str(b, "name");
			if (strcmp(n, "lock_timeout") == 0)
				lock = true;
			else if (strcmp(n, "statement_timeout") == 0)
				stmt = true;
			continue;
		}
		if (!locking(f, s))
			continue;
		if (!lock && !lock_done) {
			lt_diag *d = lt_emit(f, s, "ST101", NULL,
					     "Statement takes a strong lock but no lock_timeout was set before it: it may queue behind a long transaction and block every other query on the table");
			lt_diag_fix(f, d, "Add SET lock_timeout = '2s'; at the top of the file");
			lock_done = true;
		}
		if (!stmt && !stmt_done) {
			lt_diag *d = lt_emit(f, s, "ST102", NULL,
					     "Statement takes a strong lock but no statement_timeout was set before it: a slow run holds the lock without bound");
			lt_diag_fix(f, d, "Add SET statement_timeout = '5min'; at the top of the file");
			stmt_done = true;
		}
	}
}

static void detach_cmd(lt_file *f, const lt_stmt *s, json_t *b)
{
	size_t k;
	json_t *c;

	json_array_foreach(lt_pg_get(b, "cmds"), k, c)
	{
		json_t *cmd = lt_pg_get(c, "AlterTableCmd");
		json_t *pc = lt_pg_get(lt_pg_get(cmd, "def"), "PartitionCmd");
		if (strcmp(lt_pg_str(cmd, "subtype"), "AT_DetachPartition") == 0 &&
		    !lt_pg_bool(pc, "concurrent") && !lt_pg_bool(cmd, "concurrent"))
			lt_emit(f, s, "ST104", "Use DETACH PARTITION ... CONCURRENTLY in a file with the \"atlas:txmode none\" directive",
				"Detaching partition %s from table %s without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on both",
				lt_q(f, lt_pg_str(lt_pg_get(pc, "name"), "relname")),
				lt_q(f, relname(b)));
	}
}

void lt_check_st_lock(lt_file *f)
{
	if (!pg(f))
		return;
	timeouts(f);
	for (size_t i = 0; i < f->nstmts; i++) {
		const lt_stmt *s = &f->stmts[i];
		json_t *b;
		if ((b = node(s, "ReindexStmt")) &&
		    !has_defelem(lt_pg_get(b, "params"), "concurrently"))
			lt_emit(f, s, "ST103", "Use REINDEX ... CONCURRENTLY",
				"REINDEX without CONCURRENTLY blocks writes to the table while the index is rebuilt");
		else if ((b = node(s, "AlterTableStmt")))
			detach_cmd(f, s, b);
		else if (((b = node(s, "VacuumStmt")) &&
			  has_defelem(lt_pg_get(b, "options"), "full")) ||
			 node(s, "ClusterStmt"))
			lt_emit(f, s, "ST105", "Use pg_repack, which rewrites the table without a long lock",
				"%s takes an ACCESS EXCLUSIVE lock for the whole table rewrite",
				node(s, "ClusterStmt") ? "CLUSTER" : "VACUUM FULL");
		else if (((b = node(s, "CreateDomainStmt")) &&
			  json_array_size(lt_pg_get(b, "constraints")) > 0) ||
			 ((b = node(s, "AlterDomainStmt")) &&
			  strcmp(lt_pg_str(b, "subtype"), "C") == 0))
			lt_emit(f, s, "ST106", "Put the CHECK on the columns (NOT VALID, then VALIDATE) instead of the domain",
				"Domain CHECK constraints are validated against every column of the domain, and cannot be changed online");
	}
}

/* ---- ST2xx: compatibility ---- */

static bool is_drop_view(const lt_stmt *s)
{
	json_t *b = node(s, "DropStmt");
	return b && strcmp(lt_pg_str(b, "removeType"), "OBJECT_VIEW") == 0;
}

static void compat_changes(lt_file *f, const lt_stmt *s, const sm_change *c)
{
	const sm_table *t = lt_chg_table(c);

	if (c->kind == SM_VIEW && c->op == SM_OP_DROP && !lt_added(f, c->from) &&
	    !pg(f)) {
		lt_emit(f, s, "ST204", NULL, "Dropping view %s breaks the queries that read it",
			lt_q(f, c->from->name));
		return;
	}
	if (!t || c->op != SM_OP_MODIFY || lt_added(f, &t->obj))
		return;
	for (size_t x = 0; x < c->subs.len; x++) {
		const sm_change *sc = c->subs.items[x];
		if (sc->kind == SM_INDEX && sc->op == SM_OP_DROP &&
		    !((const sm_index *)sc->from)->primary &&
		    !((const sm_index *)sc->from)->auto_named &&
		    !lt_added(f, sc->from) && !pg(f)) {
			lt_emit(f, s, "ST205", NULL,
				"Dropping index %s of table %s may slow down the queries that use it",
				lt_q(f, sc->from->name), lt_q(f, t->obj.name));
		} else if (sc->kind == SM_COLUMN && sc->op == SM_OP_MODIFY && !pg(f)) {
			const sm_column *a = (const sm_column *)sc->from;
			const sm_column *b = (const sm_column *)sc->to;
			if ((sc->mask & SM_CHG_NULL) && !a->nullable && b->nullable)
				lt_emit(f, s, "ST206", NULL,
					"Dropping NOT NULL from column %s of table %s: readers may not expect NULL values",
					lt_q(f, b->obj.name), lt_q(f, t->obj.name));
			if ((sc->mask & SM_CHG_DEFAULT) && a->default_expr &&
			    !b->default_expr)
				lt_emit(f, s, "ST207", NULL,
					"Dropping the default of column %s of table %s breaks inserts that omit it",
					lt_q(f, b->obj.name), lt_q(f, t->obj.name));
			if (sc->mask & SM_CHG_TYPE)
				lt_emit(f, s, "ST208", NULL,
					"Changing the type of column %s of table %s from %s to %s may break its readers and writers",
					lt_q(f, b->obj.name), lt_q(f, t->obj.name),
					lt_q(f, a->type), lt_q(f, b->type));
		}
	}
}

static void compat_pg(lt_file *f, const lt_stmt *s)
{
	json_t *b;

	if (is_drop_view(s)) {
		json_t *obj = json_array_get(lt_pg_get(node(s, "DropStmt"), "objects"), 0);
		json_t *items = lt_pg_get(lt_pg_get(obj, "List"), "items");
		const char *name = lt_pg_sval(json_array_get(items, json_array_size(items) - 1));
		if (!lt_table_new(f, NULL, name))
			lt_emit(f, s, "ST204", NULL, "Dropping view %s breaks the queries that read it",
				lt_q(f, name));
	} else if ((b = node(s, "DropStmt")) &&
		   strcmp(lt_pg_str(b, "removeType"), "OBJECT_INDEX") == 0) {
		json_t *obj = json_array_get(lt_pg_get(b, "objects"), 0);
		json_t *items = lt_pg_get(lt_pg_get(obj, "List"), "items");
		lt_emit(f, s, "ST205", NULL, "Dropping index %s may slow down the queries that use it",
			lt_q(f, lt_pg_sval(json_array_get(items, json_array_size(items) - 1))));
	} else if ((b = node(s, "AlterTableStmt")) && existing(f, relname(b))) {
		size_t k;
		json_t *c;
		json_array_foreach(lt_pg_get(b, "cmds"), k, c)
		{
			json_t *cmd = lt_pg_get(c, "AlterTableCmd");
			const char *st = lt_pg_str(cmd, "subtype");
			const char *col = lt_pg_str(cmd, "name");
			if (strcmp(st, "AT_DropNotNull") == 0)
				lt_emit(f, s, "ST206", NULL,
					"Dropping NOT NULL from column %s of table %s: readers may not expect NULL values",
					lt_q(f, col), lt_q(f, relname(b)));
			else if (strcmp(st, "AT_ColumnDefault") == 0 &&
				 !lt_pg_get(cmd, "def"))
				lt_emit(f, s, "ST207", NULL,
					"Dropping the default of column %s of table %s breaks inserts that omit it",
					lt_q(f, col), lt_q(f, relname(b)));
			else if (strcmp(st, "AT_AlterColumnType") == 0)
				lt_emit(f, s, "ST208", NULL,
					"Changing the type of column %s of table %s may break its readers and writers",
					lt_q(f, col), lt_q(f, relname(b)));
		}
	} else if ((b = node(s, "RenameStmt")) &&
		   strcmp(lt_pg_str(b, "renameType"), "OBJECT_SCHEMA") == 0) {
		lt_emit(f, s, "ST209", NULL, "Renaming schema %s to %s breaks every query that names it",
			lt_q(f, lt_pg_str(b, "subname")), lt_q(f, lt_pg_str(b, "newname")));
	} else if ((b = node(s, "AlterEnumStmt")) && *lt_pg_str(b, "oldVal")) {
		lt_emit(f, s, "ST210", NULL,
			"Renaming enum value %s to %s breaks writers that still use the old value",
			lt_q(f, lt_pg_str(b, "oldVal")), lt_q(f, lt_pg_str(b, "newVal")));
	} else if ((b = node(s, "AlterObjectSchemaStmt"))) {
		lt_emit(f, s, "ST211", NULL, "Moving an object to schema %s breaks queries that name its old schema",
			lt_q(f, lt_pg_str(b, "newschema")));
	} else if ((b = node(s, "GrantStmt")) && !lt_pg_bool(b, "is_grant")) {
		lt_emit(f, s, "ST212", NULL, "REVOKE may take away privileges the running application needs");
	} else if ((b = node(s, "DropdbStmt"))) {
		lt_emit(f, s, "ST201", NULL, "Dropping database %s in a migration",
			lt_q(f, lt_pg_str(b, "dbname")));
	} else if ((b = node(s, "TruncateStmt"))) {
		if (strcmp(lt_pg_str(b, "behavior"), "DROP_CASCADE") == 0)
			lt_emit(f, s, "ST202", NULL,
				"TRUNCATE ... CASCADE also empties every table that references the truncated ones");
		else
			lt_emit(f, s, "ST203", NULL, "TRUNCATE deletes every row of the table");
	}
}

static void compat_tokens(lt_file *f, const lt_stmt *s)
{
	const lt_toks *t = &s->toks;

	if (!pg(f)) {
		if (lt_tok_is(t, 0, "DROP") && lt_tok_is(t, 1, "DATABASE"))
			lt_emit(f, s, "ST201", NULL, "Dropping a database in a migration");
		else if (lt_tok_is(t, 0, "TRUNCATE"))
			lt_emit(f, s, "ST203", NULL, "TRUNCATE deletes every row of the table");
		else if (lt_tok_is(t, 0, "REVOKE"))
			lt_emit(f, s, "ST212", NULL, "REVOKE may take away privileges the running application needs");
	}
}

/* UPDATE/DELETE target table, or NULL. */
static char *dml_table(lt_file *f, const lt_stmt *s, bool *update)
{
	const lt_toks *t = &s->toks;
	size_t k = 1;
	char *sch, *name;

	*update = lt_tok_is(t, 0, "UPDATE");
	if (!*update && !lt_tok_is(t, 0, "DELETE"))
		return NULL;
	if (*update && lt_tok_is(t, k, "OR"))
		k += 2;
	if (!*update && lt_tok_is(t, k, "FROM"))
		k++;
	if (lt_tok_is(t, k, "ONLY"))
		k++;
	if (!lt_tok_qname(f->arena, t, &k, &sch, &name))
		return NULL;
	return name;
}

static size_t file_ddl(const lt_file *f)
{
	size_t n = 0;

	for (size_t i = 0; i < f->nstmts; i++) {
		const lt_toks *t = &f->stmts[i].toks;
		n += f->stmts[i].changes.len;
		if (!f->replayed && (lt_tok_is(t, 0, "ALTER") ||
				     lt_tok_is(t, 0, "CREATE") ||
				     lt_tok_is(t, 0, "DROP")))
			n++;
	}
	return n;
}

void lt_check_st_compat(lt_file *f)
{
	size_t ddl = file_ddl(f);

	for (size_t i = 0; i < f->nstmts; i++) {
		const lt_stmt *s = &f->stmts[i];
		bool update;
		char *table;
		for (size_t j = 0; j < s->changes.len; j++)
			compat_changes(f, s, s->changes.items[j]);
		if (pg(f))
			compat_pg(f, s);
		compat_tokens(f, s);
		if ((table = dml_table(f, s, &update)) && existing(f, table)) {
			if (lt_tok_find(&s->toks, 0, "WHERE") >= s->toks.len)
				lt_emit(f, s, "ST213", "Back-fill in batches (WHERE id BETWEEN ...), outside the schema change",
					"%s without WHERE touches every row of table %s in one transaction",
					update ? "UPDATE" : "DELETE", lt_q(f, table));
			if (update && ddl && !f->txmode_none)
				lt_emit(f, s, "ST214", "Move the back-fill to its own file, run without a transaction or in batches",
					"Back-filling table %s in the same transaction as schema changes holds their locks until the update ends",
					lt_q(f, table));
		}
	}
}

/* ---- ST3xx: column types ---- */

typedef struct newcol {
	const lt_stmt *s;
	const char *table, *name;
	const char *type;  /* lower-case declared type (sqlite/mysql) or PG type name */
	bool typmods;      /* PG: has (n) */
	bool pk;
	const char *def;   /* default text (changes) */
	json_t *defnode;   /* PG default expression */
} newcol;

typedef void (*newcol_fn)(lt_file *f, const newcol *c);

static bool in_pk(const sm_table *t, const char *col)
{
	if (!t->pk)
		return false;
	for (size_t i = 0; i < t->pk->parts.len; i++)
		if (t->pk->parts.items[i].column &&
		    strcmp(t->pk->parts.items[i].column, col) == 0)
			return true;
	return false;
}

static const char *lower(lt_file *f, const char *s)
{
	char *r = ut_arena_strdup(f->arena, s ? s : "");
	for (char *p = r; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return r;
}

static void from_table(lt_file *f, const lt_stmt *s, const sm_table *t,
		       const sm_column *c, newcol_fn fn)
{
	newcol n = { 0 };

	n.s = s;
	n.table = t->obj.name;
	n.name = c->obj.name;
	n.type = lower(f, c->type);
	n.pk = in_pk(t, c->obj.name);
	n.def = c->default_expr;
	fn(f, &n);
}

static bool pg_table_pk(json_t *create, const char *col)
{
	size_t i, j;
	json_t *e, *k;

	json_array_foreach(lt_pg_get(create, "tableElts"), i, e)
	{
		json_t *con = lt_pg_get(e, "Constraint");
		if (!con || strcmp(lt_pg_str(con, "contype"), "CONSTR_PRIMARY") != 0)
			continue;
		json_array_foreach(lt_pg_get(con, "keys"), j, k)
			if (strcmp(lt_pg_sval(k), col) == 0)
				return true;
	}
	return false;
}

static void from_coldef(const lt_stmt *s, const char *table, json_t *cd,
			json_t *create, newcol_fn fn, lt_file *f)
{
	newcol n = { 0 };
	size_t i;
	json_t *c;

	n.s = s;
	n.table = table;
	n.name = lt_pg_str(cd, "colname");
	n.type = lt_pg_typename(lt_pg_get(cd, "typeName"));
	n.typmods = lt_pg_has_typmods(lt_pg_get(cd, "typeName"));
	json_array_foreach(lt_pg_get(cd, "constraints"), i, c)
	{
		json_t *con = lt_pg_get(c, "Constraint");
		const char *ct = lt_pg_str(con, "contype");
		if (strcmp(ct, "CONSTR_PRIMARY") == 0)
			n.pk = true;
		else if (strcmp(ct, "CONSTR_DEFAULT") == 0)
			n.defnode = lt_pg_get(con, "raw_expr");
	}
	if (create && pg_table_pk(create, n.name))
		n.pk = true;
	fn(f, &n);
}

/* Calls fn for every column the file adds (new tables included). */
static void each_newcol(lt_file *f, newcol_fn fn)
{
	for (size_t i = 0; i < f->nstmts; i++) {
		const lt_stmt *s = &f->stmts[i];
		if (pg(f)) {
			json_t *b, *e, *c;
			size_t k;
			if ((b = node(s, "CreateStmt")))
				json_array_foreach(lt_pg_get(b, "tableElts"), k, e)
				{
					json_t *cd = lt_pg_get(e, "ColumnDef");
					if (cd)
						from_coldef(s, relname(b), cd, b, fn, f);
				}
			else if ((b = node(s, "AlterTableStmt")))
				json_array_foreach(lt_pg_get(b, "cmds"), k, c)
				{
					json_t *cmd = lt_pg_get(c, "AlterTableCmd");
					if (strcmp(lt_pg_str(cmd, "subtype"), "AT_AddColumn") == 0)
						from_coldef(s, relname(b),
							    lt_pg_get(lt_pg_get(cmd, "def"), "ColumnDef"),
							    NULL, fn, f);
				}
			continue;
		}
		for (size_t j = 0; j < s->changes.len; j++) {
			const sm_change *c = s->changes.items[j];
			const sm_table *t = lt_chg_table(c);
			if (!t)
				continue;
			if (c->op == SM_OP_ADD) {
				for (size_t x = 0; x < t->columns.len; x++)
					from_table(f, s, t, t->columns.items[x], fn);
			} else if (c->op == SM_OP_MODIFY) {
				for (size_t x = 0; x < c->subs.len; x++) {
					const sm_change *sc = c->subs.items[x];
					if (sc->kind == SM_COLUMN && sc->op == SM_OP_ADD)
						from_table(f, s, t, (const sm_column *)sc->to, fn);
				}
			}
		}
	}
}

static bool sized(const char *type, const char *prefix)
{
	size_t n = strlen(prefix);
	return strncmp(type, prefix, n) == 0 &&
	       (type[n] == '(' || (type[n] == ' ' && type[n + 1] == '('));
}

static void types_col(lt_file *f, const newcol *c)
{
	const char *t = c->type;

	if (pg(f)) {
		if (strcmp(t, "bpchar") == 0)
			lt_emit(f, c->s, "ST301", "Use text (with a CHECK on length) or varchar",
				"Column %s of table %s is char(n): values are blank-padded to the length",
				lt_q(f, c->name), lt_q(f, c->table));
		else if (strcmp(t, "varchar") == 0 && c->typmods)
			lt_emit(f, c->s, "ST302", "Use text with a CHECK (length(col) <= n) constraint",
				"Column %s of table %s is varchar(n): changing the limit later takes an ACCESS EXCLUSIVE lock",
				lt_q(f, c->name), lt_q(f, c->table));
		else if (strcmp(t, "timestamp") == 0)
			lt_emit(f, c->s, "ST303", "Use timestamptz",
				"Column %s of table %s is timestamp without time zone: the offset of stored values is lost",
				lt_q(f, c->name), lt_q(f, c->table));
		else if (strcmp(t, "json") == 0)
			lt_emit(f, c->s, "ST304", "Use jsonb",
				"Column %s of table %s is json: it has no equality operator and is parsed on every access",
				lt_q(f, c->name), lt_q(f, c->table));
		if (strstr(t, "serial"))
			lt_emit(f, c->s, "ST305", "Use bigint GENERATED BY DEFAULT AS IDENTITY",
				"Column %s of table %s is %s: prefer an identity column, whose sequence belongs to the column",
				lt_q(f, c->name), lt_q(f, c->table), t);
		if (c->pk && (strcmp(t, "int4") == 0 || strcmp(t, "serial") == 0 ||
			      strcmp(t, "serial4") == 0 || strcmp(t, "int2") == 0))
			lt_emit(f, c->s, "ST306", "Use bigint",
				"Primary key column %s of table %s is a 32-bit integer and can run out of values",
				lt_q(f, c->name), lt_q(f, c->table));
		if (strcmp(t, "int2") == 0 || strcmp(t, "smallserial") == 0)
			lt_emit(f, c->s, "ST307", "Use integer or bigint",
				"Column %s of table %s is smallint and can run out of values",
				lt_q(f, c->name), lt_q(f, c->table));
		if (c->defnode) {
			json_t *ac = lt_pg_get(c->defnode, "A_Const");
			const char *v = lt_pg_str(lt_pg_get(ac, "sval"), "sval");
			if (ut_str_ieq(v, "null"))
				lt_emit(f, c->s, "ST308", "Write DEFAULT NULL without quotes, or drop the default",
					"Column %s of table %s defaults to the string 'NULL', not to NULL",
					lt_q(f, c->name), lt_q(f, c->table));
		}
		return;
	}
	if (sized(t, "char") || sized(t, "character") || sized(t, "nchar"))
		lt_emit(f, c->s, "ST301", "Use varchar or text",
			"Column %s of table %s is char(n): values are blank-padded to the length",
			lt_q(f, c->name), lt_q(f, c->table));
	else if (lt_is(f, "sqlite") && (sized(t, "varchar") || sized(t, "nvarchar") ||
					sized(t, "character varying")))
		lt_emit(f, c->s, "ST302", "Use text, with CHECK (length(col) <= n) when the limit matters",
			"Column %s of table %s is %s: SQLite does not enforce the length",
			lt_q(f, c->name), lt_q(f, c->table), c->type);
	if (lt_is(f, "mysql") && c->pk &&
	    (ut_str_prefix(t, "int") || ut_str_prefix(t, "mediumint") ||
	     ut_str_prefix(t, "smallint")))
		lt_emit(f, c->s, "ST306", "Use bigint",
			"Primary key column %s of table %s is a 32-bit integer and can run out of values",
			lt_q(f, c->name), lt_q(f, c->table));
	if (c->def && ut_str_ieq(c->def, "'NULL'"))
		lt_emit(f, c->s, "ST308", "Write DEFAULT NULL without quotes, or drop the default",
			"Column %s of table %s defaults to the string 'NULL', not to NULL",
			lt_q(f, c->name), lt_q(f, c->table));
}

void lt_check_st_types(lt_file *f)
{
	each_newcol(f, types_col);
}

/* ---- ST4xx: schema quality ---- */

/* The table as it is at the end of the file. */
static const sm_table *final_table(lt_file *f, const char *name)
{
	for (size_t i = f->nstmts; i-- > 0;)
		if (f->stmts[i].after)
			return sm_realm_find_table(f->stmts[i].after, NULL, name);
	return NULL;
}

static bool cols_prefix(const sm_strs *cols, const sm_index *ix)
{
	if (!ix || ix->parts.len < cols->len)
		return false;
	for (size_t i = 0; i < cols->len; i++)
		if (!ix->parts.items[i].column ||
		    strcmp(ix->parts.items[i].column, cols->items[i]) != 0)
			return false;
	return true;
}

static void check_fk(lt_file *f, const lt_stmt *s, const sm_foreign_key *fk)
{
	const sm_table *t = final_table(f, fk->obj.parent->name);
	const sm_table *rt;
	bool covered;

	if (!t)
		return;
	covered = cols_prefix(&fk->columns, t->pk);
	for (size_t i = 0; i < t->indexes.len && !covered; i++)
		covered = cols_prefix(&fk->columns, t->indexes.items[i]);
	if (!covered)
		lt_emit(f, s, "ST402", "Create an index on the foreign key columns",
			"Foreign key on table %s columns (%s) has no index: deletes on %s scan the table",
			lt_q(f, t->obj.name), fk->columns.len ? fk->columns.items[0] : "",
			lt_q(f, fk->ref_table));
	rt = final_table(f, fk->ref_table);
	for (size_t i = 0; rt && i < fk->columns.len && i < fk->ref_columns.len; i++) {
		const sm_column *a = lt_find_col(t, fk->columns.items[i]);
		const sm_column *b = lt_find_col(rt, fk->ref_columns.items[i]);
		if (a && b && a->tclass != b->tclass)
			lt_emit(f, s, "ST406", NULL,
				"Foreign key column %s (%s) of table %s references %s.%s of another type (%s)",
				lt_q(f, a->obj.name), a->type, lt_q(f, t->obj.name),
				lt_q(f, rt->obj.name), lt_q(f, b->obj.name), b->type);
	}
}

static bool idx_prefix_of(const sm_index *a, const sm_index *b)
{
	if (a == b || a->where || b->where || a->parts.len > b->parts.len ||
	    (a->unique && !(a->parts.len == b->parts.len && b->unique)))
		return false;
	for (size_t i = 0; i < a->parts.len; i++) {
		const sm_index_part *x = &a->parts.items[i], *y = &b->parts.items[i];
		if (!x->column || !y->column || strcmp(x->column, y->column) != 0)
			return false;
	}
	return true;
}

static void check_index(lt_file *f, const lt_stmt *s, const sm_index *ix)
{
	const sm_table *t = final_table(f, ix->obj.parent->name);

	if (ix->primary)
		return;
	if (t) {
		const sm_index *other = NULL;
		if (t->pk && idx_prefix_of(ix, t->pk))
			other = t->pk;
		for (size_t i = 0; i < t->indexes.len && !other; i++)
			if (strcmp(t->indexes.items[i]->obj.name, ix->obj.name) != 0 &&
			    idx_prefix_of(ix, t->indexes.items[i]))
				other = t->indexes.items[i];
		if (other)
			lt_emit(f, s, "ST403", "Drop the redundant index",
				"Index %s on table %s is redundant: its columns start index %s",
				lt_q(f, ix->obj.name), lt_q(f, t->obj.name),
				lt_q(f, other->obj.name[0] ? other->obj.name : "PRIMARY KEY"));
	}
	if (!ix->unique && ix->parts.len > 3)
		lt_emit(f, s, "ST404", NULL,
			"Non-unique index %s has %zu columns: indexes over more than three columns are rarely used whole",
			lt_q(f, ix->obj.name), ix->parts.len);
	if (ix->unique && t) {
		for (size_t i = 0; i < ix->parts.len; i++) {
			const sm_column *c = ix->parts.items[i].column
						     ? lt_find_col(t, ix->parts.items[i].column)
						     : NULL;
			if (c && c->nullable) {
				lt_emit(f, s, "ST405", "Make the columns NOT NULL, or use NULLS NOT DISTINCT (PostgreSQL 15)",
					"Unique index %s on table %s covers nullable column %s: rows with NULL are never duplicates",
					lt_q(f, ix->obj.name), lt_q(f, t->obj.name),
					lt_q(f, c->obj.name));
				break;
			}
		}
	}
}

static void long_name(lt_file *f, const lt_stmt *s, const char *name)
{
	size_t max = pg(f) ? 63 : 64;

	if (name && strlen(name) > max)
		lt_emit(f, s, "ST407", NULL, "Identifier %s is longer than %zu bytes and is %s",
			lt_q(f, name), max, pg(f) ? "silently truncated" : "rejected");
}

/* The parser truncates long names: read them from the tokens. */
static void long_tokens(lt_file *f, const lt_stmt *s)
{
	for (size_t i = 0; i < s->toks.len; i++) {
		const lt_tok *t = &s->toks.items[i];
		if ((t->kind == LT_TOK_WORD || t->kind == LT_TOK_QUOTED) && t->n > 63)
			long_name(f, s, lt_tok_ident(f->arena, t));
	}
}

static void schema_pg(lt_file *f, const lt_stmt *s)
{
	json_t *b, *e;
	size_t k;

	long_tokens(f, s);
	if ((b = node(s, "CreateStmt"))) {
		bool pk = false;
		json_array_foreach(lt_pg_get(b, "tableElts"), k, e)
		{
			json_t *cd = lt_pg_get(e, "ColumnDef");
			json_t *con = lt_pg_get(e, "Constraint");
			if (cd) {
				size_t j;
				json_t *c;
				json_array_foreach(lt_pg_get(cd, "constraints"), j, c)
					if (strcmp(lt_pg_str(lt_pg_get(c, "Constraint"), "contype"),
						   "CONSTR_PRIMARY") == 0)
						pk = true;
			}
			if (con && strcmp(lt_pg_str(con, "contype"), "CONSTR_PRIMARY") == 0)
				pk = true;
		}
		if (!pk && !lt_pg_get(b, "partbound"))
			lt_emit(f, s, "ST401", NULL, "Table %s has no primary key",
				lt_q(f, relname(b)));
	}
}

void lt_check_st_schema(lt_file *f)
{
	for (size_t i = 0; i < f->nstmts; i++) {
		const lt_stmt *s = &f->stmts[i];
		if (pg(f))
			schema_pg(f, s);
		for (size_t j = 0; j < s->changes.len; j++) {
			const sm_change *c = s->changes.items[j];
			const sm_table *t = lt_chg_table(c);
			if (!t)
				continue;
			if (c->op == SM_OP_ADD) {
				if (!t->pk && !pg(f))
					lt_emit(f, s, "ST401", NULL, "Table %s has no primary key",
						lt_q(f, t->obj.name));
				for (size_t x = 0; x < t->fks.len; x++)
					check_fk(f, s, t->fks.items[x]);
				for (size_t x = 0; x < t->indexes.len; x++)
					check_index(f, s, t->indexes.items[x]);
				if (lt_is(f, "mysql")) {
					long_name(f, s, t->obj.name);
					for (size_t x = 0; x < t->columns.len; x++)
						long_name(f, s, t->columns.items[x]->obj.name);
				}
			} else if (c->op == SM_OP_MODIFY) {
				for (size_t x = 0; x < c->subs.len; x++) {
					const sm_change *sc = c->subs.items[x];
					if (sc->op != SM_OP_ADD)
						continue;
					if (sc->kind == SM_FOREIGN_KEY)
						check_fk(f, s, (const sm_foreign_key *)sc->to);
					else if (sc->kind == SM_INDEX &&
						 !lt_dropped(f, sc->to))
						check_index(f, s, (const sm_index *)sc->to);
				}
			}
		}
	}
}

/* ---- ST5xx: SQLite ---- */

static bool folded(const lt_stmt *s, const sm_change *c)
{
	return c->kind == SM_TABLE && c->op == SM_OP_MODIFY &&
	       lt_tok_is(&s->toks, 0, "CREATE") && lt_tok_is(&s->toks, 1, "TABLE");
}

static bool attr_changed(const sm_table *a, const sm_table *b, const char *k)
{
	return (sm_attr_get(&a->attrs, k) != NULL) != (sm_attr_get(&b->attrs, k) != NULL);
}

void lt_check_st_sqlite(lt_file *f)
{
	if (!lt_is(f, "sqlite"))
		return;
	for (size_t i = 0; i < f->nstmts; i++) {
		const lt_stmt *s = &f->stmts[i];
		const lt_toks *t = &s->toks;
		/*
		 * Outside BEGIN ... COMMIT the apply runs PRAGMAs on their own
		 * (Atlas's SQLite transaction opener); inside one they do nothing.
		 */
		if (lt_tok_is(t, 0, "PRAGMA") && lt_tok_is(t, 1, "foreign_keys") &&
		    s->in_tx)
			lt_emit(f, s, "ST501", "Set the PRAGMA before BEGIN",
				"PRAGMA foreign_keys has no effect inside a transaction, and this statement runs inside BEGIN ... COMMIT");
		for (size_t j = 0; j < s->changes.len; j++) {
			const sm_change *c = s->changes.items[j];
			const sm_table *tb = lt_chg_table(c);
			if (folded(s, c) && s->before) {
				const sm_table *a = (const sm_table *)c->from;
				const sm_table *b = (const sm_table *)c->to;
				for (size_t x = 0; x < s->before->schemas.len; x++) {
					const sm_schema *sc = s->before->schemas.items[x];
					const char *child = NULL;
					for (size_t y = 0; y < sc->tables.len && !child; y++) {
						const sm_table *o = sc->tables.items[y];
						if (o == a)
							continue;
						for (size_t z = 0; z < o->fks.len; z++)
							if (ut_str_ieq(o->fks.items[z]->ref_table, a->obj.name))
								child = o->obj.name;
					}
					if (child)
						lt_emit(f, s, "ST502", "Run the rebuild with PRAGMA foreign_keys = off (atlas:txmode none) and check PRAGMA foreign_key_check afterwards",
							"Rebuilding table %s, which table %s references: with foreign keys on, DROP TABLE deletes or rejects the referencing rows",
							lt_q(f, a->obj.name), lt_q(f, child));
				}
				if (attr_changed(a, b, "strict") || attr_changed(a, b, "without_rowid"))
					lt_emit(f, s, "ST504", NULL,
						"Rebuilding table %s changes STRICT or WITHOUT ROWID: values and rowids may not survive the copy",
						lt_q(f, a->obj.name));
			}
			if (!tb)
				continue;
			if (c->op == SM_OP_ADD) {
				for (size_t x = 0; x < tb->columns.len; x++)
					if (tb->columns.items[x]->auto_increment)
						lt_emit(f, s, "ST503", "Drop AUTOINCREMENT unless rowids must never be reused",
							"Column %s of table %s uses AUTOINCREMENT, which updates sqlite_sequence on every insert",
							lt_q(f, tb->columns.items[x]->obj.name), lt_q(f, tb->obj.name));
			}
		}
	}
}

/* ---- ST6xx: transactions ---- */

static bool ends_tx(const lt_toks *t)
{
	return lt_tok_is(t, 0, "COMMIT") || (lt_tok_is(t, 0, "ROLLBACK") && !lt_tok_is(t, 1, "TO")) ||
	       (lt_tok_is(t, 0, "END") && t->len <= 3);
}

static bool begins_tx(const lt_toks *t)
{
	return lt_tok_is(t, 0, "BEGIN") ||
	       (lt_tok_is(t, 0, "START") && lt_tok_is(t, 1, "TRANSACTION"));
}

static bool concurrent_op(const lt_stmt *s)
{
	json_t *b;

	if ((b = node(s, "IndexStmt")) || (b = node(s, "DropStmt")))
		return lt_pg_bool(b, "concurrent");
	if ((b = node(s, "ReindexStmt")))
		return has_defelem(lt_pg_get(b, "params"), "concurrently");
	return false;
}

/* CREATE/DROP without IF [NOT] EXISTS. */
static const char *not_robust(const lt_toks *t)
{
	size_t k = 1;

	if (lt_tok_is(t, 0, "CREATE")) {
		if (lt_tok_is(t, k, "UNIQUE"))
			k++;
		if (!lt_tok_is(t, k, "TABLE") && !lt_tok_is(t, k, "INDEX") &&
		    !lt_tok_is(t, k, "VIEW"))
			return NULL;
		k++;
		if (lt_tok_is(t, k, "CONCURRENTLY"))
			k++;
		return lt_tok_is(t, k, "IF") ? NULL : "CREATE";
	}
	if (lt_tok_is(t, 0, "DROP") && (lt_tok_is(t, 1, "TABLE") || lt_tok_is(t, 1, "INDEX") ||
					lt_tok_is(t, 1, "VIEW"))) {
		k = 2;
		if (lt_tok_is(t, k, "CONCURRENTLY"))
			k++;
		return lt_tok_is(t, k, "IF") ? NULL : "DROP";
	}
	return NULL;
}

void lt_check_st_tx(lt_file *f)
{
	for (size_t i = 0; i < f->nstmts; i++) {
		const lt_stmt *s = &f->stmts[i];
		const char *w;
		if (begins_tx(&s->toks)) {
			bool closed = false;
			for (size_t j = i + 1; j < f->nstmts && !closed; j++)
				closed = ends_tx(&f->stmts[j].toks);
			if (!closed)
				lt_emit(f, s, "ST601", "Add COMMIT at the end of the transaction",
					"Transaction started here is never committed: its changes are lost when the session ends");
		}
		if (pg(f) && s->in_tx && concurrent_op(s))
			lt_emit(f, s, "ST602", "Move the statement out of BEGIN ... COMMIT, into a file with \"atlas:txmode none\"",
				"CONCURRENTLY cannot run inside a transaction block");
		if (f->txmode_none && (w = not_robust(&s->toks)))
			lt_emit(f, s, "ST603", w[0] == 'C' ? "Use CREATE ... IF NOT EXISTS" : "Use DROP ... IF EXISTS",
				"Statement is not re-runnable: this file runs without a transaction, so a failure half way leaves it applied in part");
	}
}
