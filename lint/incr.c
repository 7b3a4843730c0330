/* SPDX-License-Identifier: MIT */
/*
 * lint/incr.c: incremental inspection of a SQLite dev database. Lint
 * inspects after every statement; a whole-database inspection costs time
 * in proportion to the tables, so a thousand-table directory would make
 * every statement slow. SQLite keeps each object's CREATE statement in
 * sqlite_master, so the tables a statement changed are those whose rows
 * (own, or of their indexes and triggers) differ. Only those are
 * recreated on a scratch in-memory database and inspected there; the new
 * state is a realm that borrows the unchanged tables from the previous
 * one. Views, virtual tables, or anything the scratch database refuses
 * fall back to a full inspection.
 *
 * Borrowing realms must be freed before the realms they borrow from:
 * lt_run frees every realm in reverse creation order.
 */
#include <stdlib.h>
#include <string.h>

#include "incr_int.h"
#include "ut.h"

static void rows_release(lt_mrows *r)
{
	for (size_t i = 0; i < r->len; i++) {
		free(r->items[i].type);
		free(r->items[i].name);
		free(r->items[i].tbl);
		free(r->items[i].sql);
	}
	ut_vec_release(r);
}

static int row_fn(const char *const *v, size_t n, void *payload)
{
	lt_mrows *r = payload;
	lt_mrow m;

	if (n < 4)
		return 0;
	m.type = ut_xstrdup(v[0] ? v[0] : "");
	m.name = ut_xstrdup(v[1] ? v[1] : "");
	m.tbl = ut_xstrdup(v[2] ? v[2] : "");
	m.sql = ut_xstrdup(v[3] ? v[3] : "");
	ut_vec_push(r, m);
	return 0;
}

static int read_master(lt_mrows *out, dl_conn *c)
{
	return c->drv->query(c,
			     "SELECT type, name, tbl_name, sql FROM main.sqlite_master ORDER BY rowid",
			     NULL, 0, row_fn, out);
}

static bool internal(const char *name)
{
	return ut_str_nieq(name, "sqlite_", 7) || ut_str_nieq(name, "libsql_", 7);
}

int lt_incr_init(lt_incr *x, dl_conn *dev)
{
	memset(x, 0, sizeof(*x));
	if (strcmp(dev->drv->name, "sqlite") != 0 || !dev->drv->restore)
		return 0;
	if (dl_open(&x->scratch, "sqlite://strata-lint-scratch?mode=memory") < 0) {
		ut_error_clear();
		return 0;
	}
	x->on = true;
	return 0;
}

void lt_incr_release(lt_incr *x)
{
	rows_release(&x->rows);
	dl_close(x->scratch);
	memset(x, 0, sizeof(*x));
}

int lt_incr_sync(lt_incr *x, dl_conn *dev)
{
	if (!x->on)
		return 0;
	rows_release(&x->rows);
	return read_master(&x->rows, dev);
}

static void index_rows(ut_map *m, const lt_mrows *r)
{
	for (size_t i = 0; i < r->len; i++)
		ut_map_put(m, r->items[i].name, &r->items[i]);
}

static bool row_eq(const lt_mrow *a, const lt_mrow *b)
{
	return strcmp(a->type, b->type) == 0 && strcmp(a->tbl, b->tbl) == 0 &&
	       strcmp(a->sql, b->sql) == 0;
}

/* Marks the table a changed row belongs to; false when we must give up. */
static bool mark(ut_map *changed, const lt_mrow *m)
{
	if (strcmp(m->type, "view") == 0 ||
	    ut_str_nieq(m->sql, "CREATE VIRTUAL", 14))
		return false;
	if (internal(m->name) && strcmp(m->type, "table") == 0)
		return true;
	ut_map_put(changed, strcmp(m->type, "table") == 0 ? m->name : m->tbl,
		   (void *)1);
	return true;
}

/* Recreates the changed tables on the scratch database and inspects it. */
static int scratch_realm(sm_realm **out, lt_incr *x, const lt_mrows *rows,
			 const ut_map *changed)
{
	dl_conn *s = x->scratch;
	int error;

	*out = NULL;
	if ((error = s->drv->restore(s, NULL, 0)) < 0)
		return error;
	/* tables first, then their indexes and triggers, in creation order */
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < rows->len; i++) {
			const lt_mrow *m = &rows->items[i];
			bool table = strcmp(m->type, "table") == 0;
			if ((pass == 0) != table || !*m->sql || internal(m->name))
				continue;
			if (!ut_map_get(changed, table ? m->name : m->tbl))
				continue;
			if ((error = s->drv->exec(s, m->sql, strlen(m->sql))) < 0)
				return error;
		}
	return dl_inspect(out, s, NULL);
}

int lt_incr_inspect(sm_realm **out, sm_realm **scratch_out, lt_incr *x,
		    dl_conn *dev, const sm_realm *prev)
{
	lt_mrows rows = UT_VEC_INIT;
	ut_map changed = UT_MAP_INIT, oldm = UT_MAP_INIT, newm = UT_MAP_INIT;
	sm_realm *sr = NULL, *n = NULL;
	sm_schema *ps;
	sm_schema *ns;
	bool full = !x->on || !prev || prev->schemas.len != 1;
	int error;

	*out = NULL;
	*scratch_out = NULL;
	if (!x->on)
		return dl_inspect(out, dev, NULL);
	if ((error = read_master(&rows, dev)) < 0)
		goto done;
	index_rows(&oldm, &x->rows);
	index_rows(&newm, &rows);
	for (size_t i = 0; i < rows.len && !full; i++) {
		const lt_mrow *o = ut_map_get(&oldm, rows.items[i].name);
		if (!o || !row_eq(o, &rows.items[i]))
			full = !mark(&changed, &rows.items[i]) ||
			       (o && !mark(&changed, o));
	}
	for (size_t i = 0; i < x->rows.len && !full; i++)
		if (!ut_map_get(&newm, x->rows.items[i].name))
			full = !mark(&changed, &x->rows.items[i]);
	if (!full && changed.len == 0)
		goto swap; /* nothing changed: *out stays NULL */
	if (!full && scratch_realm(&sr, x, &rows, &changed) < 0) {
		ut_error_clear();
		sm_realm_free(sr);
		sr = NULL;
		full = true;
	}
	if (full) {
		error = dl_inspect(out, dev, NULL);
		goto swap;
	}
	/* compose: unchanged tables borrowed from prev, changed ones from sr */
	ps = prev->schemas.items[0];
	n = sm_realm_new(prev->dialect);
	n->scope = prev->scope;
	ns = sm_schema_add(n, ps->obj.name);
	ns->attrs = ps->attrs;
	ns->views = ps->views;
	for (size_t i = 0; i < rows.len; i++) {
		const lt_mrow *m = &rows.items[i];
		sm_table *t;
		if (strcmp(m->type, "table") != 0 || internal(m->name))
			continue;
		if (ut_map_get(&changed, m->name))
			t = sm_realm_find_table(sr, NULL, m->name);
		else
			t = sm_schema_find_table(ps, m->name);
		if (!t) {
			/* a shadow table or something the composition misses */
			sm_realm_free(n);
			n = NULL;
			sm_realm_free(sr);
			sr = NULL;
			error = dl_inspect(out, dev, NULL);
			goto swap;
		}
		ut_vec_apush(&n->arena, &ns->tables, t);
	}
	*out = n;
	*scratch_out = sr;
	sr = NULL;
swap:
	ut_map_release(&oldm);
	ut_map_release(&newm);
	rows_release(&x->rows);
	x->rows = rows;
	rows.items = NULL;
	rows.len = rows.cap = 0;
done:
	ut_map_release(&oldm);
	ut_map_release(&newm);
	rows_release(&rows);
	ut_map_release(&changed);
	sm_realm_free(sr);
	return error;
}
