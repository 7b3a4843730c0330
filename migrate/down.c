/* SPDX-License-Identifier: MIT */
/*
 * migrate/down.c: computed down migrations. The target state comes from
 * the directory itself (replayed up to the target version on the dev
 * database), so it works after failed and partial applies too.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "apply.h"
#include "down.h"
#include "plan.h"
#include "ut.h"

void mg_down_release(mg_down *d)
{
	dl_plan_free(d->plan);
	free(d->from);
	free(d->to);
	ut_strlist_free(d->reverted, d->nreverted);
	if (d->st.conn)
		mg_rev_store_release(&d->st);
	memset(d, 0, sizeof(*d));
}

static int has_row(const char *const *vals, size_t n, void *payload)
{
	(void)vals;
	(void)n;
	*(bool *)payload = true;
	return 0;
}

/* Whether qualified table (or column of it) holds any data. */
static int holds_data(bool *out, dl_conn *c, const sm_table *t,
		      const char *column)
{
	ut_buf sql = UT_BUF_INIT;
	const sm_schema *s = sm_object_schema(&t->obj);
	int error;

	*out = false;
	ut_buf_puts(&sql, "SELECT 1 FROM ");
	if (s && *s->obj.name && strcmp(c->drv->name, "sqlite") != 0) {
		c->drv->quote_ident(&sql, s->obj.name);
		ut_buf_putc(&sql, '.');
	}
	c->drv->quote_ident(&sql, t->obj.name);
	if (column) {
		ut_buf_puts(&sql, " WHERE ");
		c->drv->quote_ident(&sql, column);
		ut_buf_puts(&sql, " IS NOT NULL");
	}
	ut_buf_puts(&sql, " LIMIT 1");
	error = c->drv->query(c, sql.ptr, NULL, 0, has_row, out);
	ut_buf_release(&sql);
	return error;
}

static int check_data(dl_conn *c, const sm_changes *ch)
{
	for (size_t i = 0; i < ch->items.len; i++) {
		const sm_change *x = ch->items.items[i];
		bool data;
		int error;

		if (x->kind == SM_TABLE && x->op == SM_OP_DROP) {
			const sm_table *t = (const sm_table *)x->from;
			if ((error = holds_data(&data, c, t, NULL)) < 0)
				return error;
			if (data)
				goto refuse_table;
			continue;
refuse_table:
			ut_error_set(UT_ERROR,
				     "refusing to drop table \"%s\": it holds rows",
				     t->obj.name);
			ut_error_hint("back the data up, then rerun with --force");
			return UT_ERROR;
		}
		if (x->kind != SM_TABLE || x->op != SM_OP_MODIFY)
			continue;
		for (size_t j = 0; j < x->subs.len; j++) {
			const sm_change *y = x->subs.items[j];
			const sm_table *t = (const sm_table *)x->from;
			if (y->kind != SM_COLUMN || y->op != SM_OP_DROP)
				continue;
			if ((error = holds_data(&data, c, t, y->from->name)) < 0)
				return error;
			if (data) {
				ut_error_set(UT_ERROR,
					     "refusing to drop column \"%s\" of table \"%s\": it holds data",
					     y->from->name, t->obj.name);
				ut_error_hint("back the data up, then rerun with --force");
				return UT_ERROR;
			}
		}
	}
	return 0;
}

int mg_down_plan(mg_down *out, dl_conn *c, dl_conn *dev, const mg_dir *dir,
		 const mg_down_opts *o)
{
	mg_revs revs = { 0 };
	sm_realm *current = NULL, *desired = NULL;
	sm_changes *ch = NULL;
	dl_plan_opts po = { 0 };
	sm_diff_opts dopts = { 0 };
	const char *excl[1] = { MG_REV_TABLE };
	dl_inspect_opts io = { 0 };
	size_t keep;
	int error;

	memset(out, 0, sizeof(*out));
	if ((error = mg_rev_store_init(&out->st, c, o->revisions_schema)) < 0) {
		out->st.conn = NULL;
		return error;
	}
	if ((error = mg_rev_read(&revs, &out->st)) < 0)
		goto done;
	mg_revs_sort(&revs, dir->format);
	if (revs.len == 0) {
		error = ut_error_set(UT_ERROR, "no migration applied: nothing to revert");
		goto done;
	}
	out->from = ut_xstrdup(revs.items[revs.len - 1].version);
	if (o->to_version) {
		size_t i;
		for (i = 0; i < revs.len; i++)
			if (strcmp(revs.items[i].version, o->to_version) == 0)
				break;
		if (i == revs.len) {
			error = ut_error_set(UT_ENOTFOUND,
					     "version \"%s\" is not applied to the database",
					     o->to_version);
			goto done;
		}
		keep = i + 1;
	} else {
		size_t amount = o->amount ? o->amount : 1;
		keep = amount >= revs.len ? 0 : revs.len - amount;
	}
	if (keep == revs.len) {
		error = 0;
		goto done;
	}
	if (keep)
		out->to = ut_xstrdup(revs.items[keep - 1].version);
	for (size_t i = revs.len; i-- > keep;) {
		out->reverted = ut_xrealloc(out->reverted,
					    (out->nreverted + 1) * sizeof(char *));
		out->reverted[out->nreverted++] = ut_xstrdup(revs.items[i].version);
	}
	/* the target state: the directory replayed up to the target */
	if (out->to && !mg_dir_find_version(dir, out->to)) {
		error = ut_error_set(UT_ENOTFOUND,
				     "migration file for version \"%s\" not found in the directory",
				     out->to);
		goto done;
	}
	if (out->to && (error = mg_replay(dev, dir, out->to)) < 0)
		goto done;
	if ((error = dl_inspect(&desired, dev, NULL)) < 0)
		goto done;
	if ((error = dev->drv->reset(dev)) < 0)
		goto done;
	io.exclude = excl;
	io.nexclude = 1;
	if ((error = dl_inspect(&current, c, &io)) < 0)
		goto done;
	dopts.ignore_schema_names = current->schemas.len == 1 &&
				    desired->schemas.len == 1;
	if ((error = sm_diff(&ch, current, desired, &dopts)) < 0)
		goto done;
	if (!o->force && (error = check_data(c, ch)) < 0)
		goto done;
	if (!sm_changes_empty(ch) &&
	    (error = c->drv->plan(&out->plan, c, ch, &po)) < 0)
		goto done;
done:
	sm_changes_free(ch);
	sm_realm_free(current);
	sm_realm_free(desired);
	mg_revs_release(&revs);
	return error;
}

static int fk_row(const char *const *vals, size_t n, void *payload)
{
	ut_buf *b = payload;
	if (!b->len)
		ut_buf_printf(b, "foreign key violation in table \"%s\"",
			      n && vals[0] ? vals[0] : "?");
	return 0;
}

static int flag_row(const char *const *vals, size_t n, void *payload)
{
	*(bool *)payload = n && vals[0] && strcmp(vals[0], "1") == 0;
	return 0;
}

int mg_down_exec(mg_down *d, dl_conn *c)
{
	bool sqlite = strcmp(c->drv->name, "sqlite") == 0, fk_on = false;
	int error;

	if (sqlite) {
		c->drv->query(c, "PRAGMA foreign_keys", NULL, 0, flag_row, &fk_on);
		if (fk_on && (error = dl_exec(c, "PRAGMA foreign_keys = off")) < 0)
			return error;
	}
	if ((error = c->drv->begin(c)) < 0)
		goto done;
	for (size_t i = 0; d->plan && i < d->plan->stmts.len; i++) {
		const dl_stmt *s = &d->plan->stmts.items[i];
		if (s->outside_tx && sqlite &&
		    ut_span_iprefix(s->sql, strlen(s->sql), "PRAGMA foreign_keys"))
			continue; /* handled around the transaction */
		if (ut_span_iprefix(s->sql, strlen(s->sql), "PRAGMA foreign_key_check"))
			continue; /* run once before commit */
		if (dl_interrupted()) {
			error = ut_error_set(UT_ERROR, "interrupted");
			goto rollback;
		}
		if ((error = dl_exec(c, s->sql)) < 0) {
			ut_buf q = UT_BUF_INIT;
			ut_buf_quote(&q, s->sql);
			ut_error_wrap("executing statement %s", q.ptr);
			ut_buf_release(&q);
			goto rollback;
		}
	}
	for (size_t i = 0; i < d->nreverted; i++)
		if ((error = mg_rev_delete(&d->st, d->reverted[i])) < 0)
			goto rollback;
	if (sqlite) {
		ut_buf msg = UT_BUF_INIT;
		error = c->drv->query(c, "PRAGMA foreign_key_check", NULL, 0,
				      fk_row, &msg);
		if (error == 0 && msg.len)
			error = ut_error_set(UT_EDB, "%s", msg.ptr);
		ut_buf_release(&msg);
		if (error < 0)
			goto rollback;
	}
	error = c->drv->commit(c);
	goto done;
rollback:
	{
		ut_error saved;
		ut_error_stash(&saved);
		c->drv->rollback(c);
		ut_error_restore(&saved);
	}
done:
	if (fk_on) {
		ut_error saved;
		ut_error_stash(&saved);
		dl_exec(c, "PRAGMA foreign_keys = on");
		ut_error_restore(&saved);
	}
	return error;
}
