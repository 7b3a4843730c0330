/* SPDX-License-Identifier: MIT */
/*
 * lint/atlas.c: Atlas's OSS analyzers over the per-statement changes
 * (reference 4.2): destructive (DS), data_depend (MF, LT, MY101),
 * condrop (CD), incompatible (BC), with Atlas's message texts.
 */
#include <string.h>

#include "atlas_int.h"
#include "ut.h"

bool lt_is(const lt_file *f, const char *dialect)
{
	return strcmp(f->dialect, dialect) == 0;
}

const sm_table *lt_chg_table(const sm_change *c)
{
	const sm_object *o = c->to ? c->to : c->from;
	return o && o->kind == SM_TABLE ? (const sm_table *)o : NULL;
}

const sm_column *lt_find_col(const sm_table *t, const char *name)
{
	for (size_t i = 0; i < t->columns.len; i++)
		if (strcmp(t->columns.items[i]->obj.name, name) == 0)
			return t->columns.items[i];
	return NULL;
}

/* Quoted, comma-separated list with "and" before the last: "a", "b" and "c". */
void lt_names(lt_file *f, ut_buf *b, const char *const *names, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			ut_buf_puts(b, i + 1 == n ? " and " : ", ");
		ut_buf_puts(b, lt_q(f, names[i]));
	}
}

/* ---- destructive ---- */

static void ds(lt_file *f)
{
	for (size_t i = 0; i < f->nstmts; i++) {
		const lt_stmt *s = &f->stmts[i];
		for (size_t j = 0; j < s->changes.len; j++) {
			const sm_change *c = s->changes.items[j];
			if (c->op == SM_OP_DROP && c->kind == SM_SCHEMA) {
				const sm_schema *sc = (const sm_schema *)c->from;
				if (lt_added(f, c->from))
					continue;
				if (sc->tables.len == 0)
					lt_emit(f, s, "DS101", NULL,
						"Dropping schema %s",
						lt_q(f, sc->obj.name));
				else
					lt_emit(f, s, "DS101", NULL,
						"Dropping non-empty schema %s with %zu table%s",
						lt_q(f, sc->obj.name),
						sc->tables.len,
						sc->tables.len == 1 ? "" : "s");
			} else if (c->op == SM_OP_DROP && c->kind == SM_TABLE) {
				const sm_object *t = c->from;
				const sm_object *sch = t->parent;
				ut_buf fix = UT_BUF_INIT;
				if (lt_added(f, t) ||
				    (sch && lt_dropped(f, sch)))
					continue;
				ut_buf_printf(&fix,
					      "Add a pre-migration check to ensure table %s is empty before dropping it",
					      lt_q(f, t->name));
				lt_emit(f, s, "DS102", fix.ptr,
					"Dropping table %s", lt_q(f, t->name));
				ut_buf_release(&fix);
			} else if (c->op == SM_OP_MODIFY && c->kind == SM_TABLE) {
				const char *names[64];
				size_t n = 0;
				ut_buf msg = UT_BUF_INIT, fix = UT_BUF_INIT;
				for (size_t x = 0; x < c->subs.len && n < 64;
				     x++) {
					const sm_change *sc = c->subs.items[x];
					const sm_column *col;
					if (sc->op != SM_OP_DROP ||
					    sc->kind != SM_COLUMN)
						continue;
					col = (const sm_column *)sc->from;
					if (col->generated && !col->generated_stored)
						continue;
					if (lt_added(f, &col->obj))
						continue;
					names[n++] = col->obj.name;
				}
				if (n == 0)
					continue;
				ut_buf_printf(&msg, "Dropping non-virtual column%s ",
					      n == 1 ? "" : "s");
				lt_names(f, &msg, names, n);
				if (n == 1)
					ut_buf_printf(&fix,
						      "Add a pre-migration check to ensure column %s is NULL before dropping it",
						      lt_q(f, names[0]));
				else {
					ut_buf_puts(&fix, "Add pre-migration checks to ensure columns ");
					lt_names(f, &fix, names, n);
					ut_buf_puts(&fix, " are NULL before dropping them");
				}
				lt_emit(f, s, "DS103", fix.ptr, "%s", msg.ptr);
				ut_buf_release(&msg);
				ut_buf_release(&fix);
			}
		}
	}
}

/* ---- data dependent ---- */

/* Whether an earlier statement back-fills table.column (UPDATE t SET c =). */
static bool backfilled(lt_file *f, size_t before, const char *table,
		       const char *column)
{
	for (size_t i = 0; i < before; i++) {
		const lt_toks *t = &f->stmts[i].toks;
		size_t k = 1;
		char *sch, *name;
		if (!lt_tok_is(t, 0, "UPDATE"))
			continue;
		if (lt_tok_is(t, k, "OR"))
			k += 2;
		if (lt_tok_is(t, k, "ONLY"))
			k++;
		if (!lt_tok_qname(f->arena, t, &k, &sch, &name) ||
		    !ut_str_ieq(name, table))
			continue;
		for (size_t j = lt_tok_find(t, k, "SET"); j + 1 < t->len; j++) {
			if (lt_tok_is(t, j, "WHERE"))
				break;
			if (lt_tok_punct(t, j + 1, '=') &&
			    (t->items[j].kind == LT_TOK_WORD ||
			     t->items[j].kind == LT_TOK_QUOTED)) {
				char *c = lt_tok_ident(f->arena, &t->items[j]);
				if (ut_str_ieq(c, column))
					return true;
			}
		}
	}
	return false;
}

/* Whether a table has a CHECK (c IS NOT NULL). */
static bool notnull_check(const sm_table *t, const char *col)
{
	for (size_t i = 0; i < t->checks.len; i++) {
		const char *e = t->checks.items[i]->expr;
		if (e && strstr(e, col) && (strstr(e, "IS NOT NULL") ||
					    strstr(e, "is not null")))
			return true;
	}
	return false;
}

static bool index_has(const sm_index *ix, const char *col)
{
	for (size_t i = 0; i < ix->parts.len; i++)
		if (ix->parts.items[i].column &&
		    strcmp(ix->parts.items[i].column, col) == 0)
			return true;
	return false;
}

/* A unique index dropped in the file whose columns the new one covers. */
static bool replaces_dropped(lt_file *f, const sm_table *t, const sm_index *nx)
{
	for (size_t i = 0; i < f->nstmts; i++) {
		const lt_stmt *s = &f->stmts[i];
		for (size_t j = 0; j < s->changes.len; j++) {
			const sm_change *c = s->changes.items[j];
			if (c->kind != SM_TABLE || c->op != SM_OP_MODIFY ||
			    strcmp(c->from->name, t->obj.name) != 0)
				continue;
			for (size_t x = 0; x < c->subs.len; x++) {
				const sm_change *sc = c->subs.items[x];
				const sm_index *old;
				bool all = true;
				if (sc->kind != SM_INDEX || sc->op != SM_OP_DROP)
					continue;
				old = (const sm_index *)sc->from;
				if (!old->unique)
					continue;
				for (size_t p = 0; p < old->parts.len; p++)
					if (!old->parts.items[p].column ||
					    !index_has(nx, old->parts.items[p].column))
						all = false;
				if (all && old->parts.len)
					return true;
			}
		}
	}
	return false;
}

static void mf_modify(lt_file *f, size_t si, const sm_change *c)
{
	const lt_stmt *s = &f->stmts[si];
	const sm_table *t = lt_chg_table(c);

	if (!t || lt_added(f, &t->obj))
		return;
	for (size_t x = 0; x < c->subs.len; x++) {
		const sm_change *sc = c->subs.items[x];
		if (sc->kind == SM_INDEX && sc->op == SM_OP_ADD) {
			const sm_index *ix = (const sm_index *)sc->to;
			const char *cols[32];
			size_t n = 0;
			ut_buf m = UT_BUF_INIT;
			if (!ix->unique || ix->primary)
				continue;
			for (size_t p = 0; p < ix->parts.len && n < 32; p++) {
				const char *cn = ix->parts.items[p].column;
				const sm_column *col;
				if (!cn)
					continue;
				col = lt_find_col(t, cn);
				if (col && !lt_added(f, &col->obj))
					cols[n++] = cn;
			}
			if (n == 0 || replaces_dropped(f, t, ix))
				continue;
			if (n == 1)
				ut_buf_printf(&m, "column %s contains", lt_q(f, cols[0]));
			else {
				ut_buf_puts(&m, "columns ");
				for (size_t k = 0; k < n; k++) {
					if (k)
						ut_buf_puts(&m, ", ");
					ut_buf_puts(&m, lt_q(f, cols[k]));
				}
				ut_buf_puts(&m, " contain");
			}
			lt_emit(f, s, "MF101", NULL,
				"Adding a unique index %s on table %s might fail in case %s duplicate entries",
				lt_q(f, ix->obj.name), lt_q(f, t->obj.name), m.ptr);
			ut_buf_release(&m);
		} else if (sc->kind == SM_INDEX && sc->op == SM_OP_MODIFY &&
			   (sc->mask & SM_CHG_UNIQUE) &&
			   ((const sm_index *)sc->to)->unique &&
			   !lt_added(f, sc->to)) {
			lt_emit(f, s, "MF102", NULL,
				"Modifying an index %s on table %s might fail in case of duplicate entries",
				lt_q(f, sc->to->name), lt_q(f, t->obj.name));
		} else if (sc->kind == SM_COLUMN && sc->op == SM_OP_ADD) {
			const sm_column *col = (const sm_column *)sc->to;
			if (col->nullable || col->default_expr ||
			    col->generated || col->auto_increment ||
			    col->identity || lt_is(f, "mysql"))
				continue;
			lt_emit(f, s, "MF103", NULL,
				"Adding a non-nullable %s column %s will fail in case table %s is not empty",
				lt_q(f, col->type), lt_q(f, col->obj.name),
				lt_q(f, t->obj.name));
		} else if (sc->kind == SM_COLUMN && sc->op == SM_OP_MODIFY &&
			   (sc->mask & SM_CHG_NULL)) {
			const sm_column *a = (const sm_column *)sc->from;
			const sm_column *b = (const sm_column *)sc->to;
			if (!a->nullable || b->nullable ||
			    lt_added(f, &b->obj) ||
			    notnull_check((const sm_table *)c->to, b->obj.name) ||
			    backfilled(f, si, t->obj.name, b->obj.name))
				continue;
			if (lt_is(f, "sqlite")) {
				if (b->default_expr)
					continue;
				lt_emit(f, s, "LT101", NULL,
					"Modifying nullable column %s to non-nullable without default value might fail in case it contains NULL values",
					lt_q(f, b->obj.name));
			} else {
				lt_emit(f, s, "MF104", NULL,
					"Modifying nullable column %s to non-nullable might fail in case it contains NULL values",
					lt_q(f, b->obj.name));
			}
		}
	}
}

/* MySQL's implicit value for a NOT NULL column without a default. */
static const char *mysql_zero(const sm_column *c)
{
	const char *t = c->type;

	if (ut_str_prefix(t, "enum(")) {
		const char *q = strchr(t, '\'');
		return q ? q : "\"\"";
	}
	switch (c->tclass) {
	case SM_T_INT:
	case SM_T_FLOAT:
	case SM_T_DECIMAL:
	case SM_T_BOOL:
	case SM_T_BINARY:
		return c->auto_increment ? NULL : "0";
	case SM_T_STRING:
		if (ut_str_prefix(t, "varchar") || ut_str_prefix(t, "char"))
			return "\"\"";
		return NULL;
	case SM_T_SET:
		return "\"\"";
	case SM_T_TIME:
		if (ut_str_prefix(t, "year"))
			return "0000";
		if (ut_str_prefix(t, "time") && !ut_str_prefix(t, "timestamp"))
			return "00:00:00";
		if (ut_str_prefix(t, "timestamp"))
			return "CURRENT_TIMESTAMP";
		return NULL;
	default:
		return NULL;
	}
}

static void my101(lt_file *f, size_t si, const sm_change *c)
{
	const sm_table *t = lt_chg_table(c);

	if (!t || lt_added(f, &t->obj))
		return;
	for (size_t x = 0; x < c->subs.len; x++) {
		const sm_change *sc = c->subs.items[x];
		const sm_column *col;
		const char *v;
		if (sc->kind != SM_COLUMN || sc->op != SM_OP_ADD)
			continue;
		col = (const sm_column *)sc->to;
		if (col->nullable || col->default_expr || col->generated ||
		    backfilled(f, f->nstmts, t->obj.name, col->obj.name))
			continue;
		if (!(v = mysql_zero(col)))
			continue;
		lt_emit(f, &f->stmts[si], "MY101", NULL,
			"Adding a non-nullable %s column %s on table %s without a default value implicitly sets existing rows with %s",
			lt_q(f, col->type), lt_q(f, col->obj.name),
			lt_q(f, t->obj.name), v);
	}
}

static void mf(lt_file *f)
{
	for (size_t i = 0; i < f->nstmts; i++) {
		const lt_stmt *s = &f->stmts[i];
		for (size_t j = 0; j < s->changes.len; j++) {
			const sm_change *c = s->changes.items[j];
			if (c->kind != SM_TABLE || c->op != SM_OP_MODIFY)
				continue;
			mf_modify(f, i, c);
			if (lt_is(f, "mysql"))
				my101(f, i, c);
		}
	}
}

/* ---- inline REFERENCES (MySQL) ---- */

static void my102(lt_file *f)
{
	if (!lt_is(f, "mysql"))
		return;
	for (size_t i = 0; i < f->nstmts; i++) {
		const lt_stmt *s = &f->stmts[i];
		const lt_toks *t = &s->toks;
		size_t k = 0, depth = 0, seg = 0;
		char *sch, *table;
		if (!lt_tok_is(t, 0, "CREATE"))
			continue;
		k = lt_tok_find(t, 0, "TABLE");
		if (k >= t->len)
			continue;
		k++;
		if (lt_tok_is(t, k, "IF"))
			k += 3;
		if (!lt_tok_qname(f->arena, t, &k, &sch, &table) ||
		    !lt_tok_punct(t, k, '('))
			continue;
		seg = k + 1;
		for (size_t j = k; j < t->len; j++) {
			if (lt_tok_punct(t, j, '('))
				depth++;
			else if (lt_tok_punct(t, j, ')')) {
				if (--depth == 0)
					break;
			} else if (depth == 1 && lt_tok_punct(t, j, ','))
				seg = j + 1;
			else if (depth == 1 && lt_tok_is(t, j, "REFERENCES") &&
				 !lt_tok_is(t, seg, "FOREIGN") &&
				 !lt_tok_is(t, seg, "CONSTRAINT") &&
				 !lt_tok_is(t, seg, "KEY") &&
				 !lt_tok_is(t, seg, "INDEX")) {
				char *col = lt_tok_ident(f->arena, &t->items[seg]);
				lt_emit(f, s, "MY102", NULL,
					"Defining column %s on table %s with inline REFERENCES is ignored by MySQL",
					lt_q(f, col), lt_q(f, table));
			}
		}
	}
}

/* ---- constraint deletion ---- */

static void cd(lt_file *f)
{
	for (size_t i = 0; i < f->nstmts; i++) {
		const lt_stmt *s = &f->stmts[i];
		for (size_t j = 0; j < s->changes.len; j++) {
			const sm_change *c = s->changes.items[j];
			const sm_table *t = lt_chg_table(c);
			if (!t || c->op != SM_OP_MODIFY || lt_added(f, &t->obj))
				continue;
			for (size_t x = 0; x < c->subs.len; x++) {
				const sm_change *sc = c->subs.items[x];
				if (sc->op != SM_OP_DROP || lt_added(f, sc->from))
					continue;
				if (sc->kind == SM_FOREIGN_KEY) {
					const sm_foreign_key *fk =
						(const sm_foreign_key *)sc->from;
					bool coldrop = false;
					for (size_t y = 0; y < c->subs.len; y++) {
						const sm_change *d = c->subs.items[y];
						if (d->kind != SM_COLUMN ||
						    d->op != SM_OP_DROP)
							continue;
						for (size_t z = 0; z < fk->columns.len; z++)
							if (strcmp(fk->columns.items[z],
								   d->from->name) == 0)
								coldrop = true;
					}
					if (coldrop)
						continue;
					if (fk->obj.name[0])
						lt_emit(f, s, "CD101", NULL,
							"Dropping foreign-key constraint %s",
							lt_q(f, fk->obj.name));
					else
						lt_emit(f, s, "CD101", NULL,
							"Dropping foreign-key constraint on table %s referencing %s",
							lt_q(f, t->obj.name),
							lt_q(f, fk->ref_table));
				} else if (sc->kind == SM_CHECK) {
					if (sc->from->name[0])
						lt_emit(f, s, "CD102", NULL,
							"Dropping check constraint %s",
							lt_q(f, sc->from->name));
					else
						lt_emit(f, s, "CD102", NULL,
							"Dropping check constraint on table %s",
							lt_q(f, t->obj.name));
				} else if (sc->kind == SM_INDEX &&
					   ((const sm_index *)sc->from)->primary) {
					bool replaced = false;
					for (size_t y = 0; y < c->subs.len; y++)
						if (c->subs.items[y]->kind == SM_INDEX &&
						    c->subs.items[y]->op == SM_OP_ADD &&
						    ((const sm_index *)c->subs.items[y]->to)->primary)
							replaced = true;
					lt_emit(f, s, "CD103", NULL,
						replaced ? "Redefining the primary key of table %s"
							 : "Dropping the primary key of table %s",
						lt_q(f, t->obj.name));
				}
			}
		}
	}
}

/* ---- backward incompatible ---- */

static bool view_created_later(lt_file *f, size_t after, const char *name)
{
	for (size_t i = after + 1; i < f->nstmts; i++) {
		const lt_toks *t = &f->stmts[i].toks;
		size_t k;
		char *sch, *v;
		if (!lt_tok_is(t, 0, "CREATE"))
			continue;
		k = lt_tok_find(t, 0, "VIEW");
		if (k >= t->len || k > 4)
			continue;
		k++;
		if (lt_tok_is(t, k, "IF"))
			k += 3;
		if (lt_tok_qname(f->arena, t, &k, &sch, &v) &&
		    ut_str_ieq(v, name))
			return true;
	}
	return false;
}

static bool column_readded(lt_file *f, size_t after, const char *table,
			   const char *col)
{
	for (size_t i = after + 1; i < f->nstmts; i++) {
		const lt_stmt *s = &f->stmts[i];
		for (size_t j = 0; j < s->changes.len; j++) {
			const sm_change *c = s->changes.items[j];
			if (c->kind != SM_TABLE || c->op != SM_OP_MODIFY ||
			    strcmp(c->to->name, table) != 0)
				continue;
			for (size_t x = 0; x < c->subs.len; x++)
				if (c->subs.items[x]->kind == SM_COLUMN &&
				    c->subs.items[x]->op == SM_OP_ADD &&
				    strcmp(c->subs.items[x]->to->name, col) == 0)
					return true;
		}
	}
	return false;
}

static void bc(lt_file *f)
{
	for (size_t i = 0; i < f->nstmts; i++) {
		const lt_stmt *s = &f->stmts[i];
		for (size_t j = 0; j < s->changes.len; j++) {
			const sm_change *c = s->changes.items[j];
			if (c->kind == SM_TABLE && c->op == SM_OP_RENAME) {
				if (lt_added(f, c->from) ||
				    view_created_later(f, i, c->from->name))
					continue;
				lt_emit(f, s, "BC101", NULL,
					"Renaming table %s to %s",
					lt_q(f, c->from->name),
					lt_q(f, c->to->name));
				continue;
			}
			if (c->kind != SM_TABLE || c->op != SM_OP_MODIFY ||
			    lt_added(f, c->to))
				continue;
			for (size_t x = 0; x < c->subs.len; x++) {
				const sm_change *sc = c->subs.items[x];
				if (sc->kind != SM_COLUMN || sc->op != SM_OP_RENAME)
					continue;
				if (lt_added(f, sc->from) ||
				    column_readded(f, i, c->to->name,
						   sc->from->name))
					continue;
				lt_emit(f, s, "BC102", NULL,
					"Renaming column %s to %s",
					lt_q(f, sc->from->name),
					lt_q(f, sc->to->name));
			}
		}
	}
}

void lt_check_destructive(lt_file *f)
{
	ds(f);
}

void lt_check_data_depend(lt_file *f)
{
	mf(f);
}

void lt_check_inline_refs(lt_file *f)
{
	my102(f);
}

void lt_check_condrop(lt_file *f)
{
	cd(f);
}

void lt_check_incompatible(lt_file *f)
{
	bc(f);
}
