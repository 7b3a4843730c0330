/* SPDX-License-Identifier: MIT */
/*
 * lint/run.c: the lint steps (reference 3.7, 4.1). Base files are
 * replayed on the dev database (or restored from the replay cache: the
 * longest cached prefix is restored and only the rest replayed); then each
 * new file runs statement by statement, the dev database is inspected
 * after every statement that can change the schema, and the difference
 * between two states is what that statement changed. SQLite table
 * rebuilds are folded into one ModifyTable, renames written in the
 * statements turn drop+add into a rename, and the analyzers run.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cache_int.h"
#include "incr_int.h"
#include "lint_int.h"
#include "formats.h"
#include "plan.h"
#include "sum.h"
#include "ut.h"

sm_change *lt_change_new(ut_arena *a, sm_op op, sm_kind kind,
			 const sm_object *from, const sm_object *to)
{
	sm_change *c = ut_arena_alloc(a, sizeof(*c));

	c->op = op;
	c->kind = kind;
	c->from = from;
	c->to = to;
	return c;
}

void lt_result_free(lt_result *r)
{
	if (!r)
		return;
	ut_arena_release(&r->arena);
	free(r);
}

static const char *dialect_of(const lt_opts *o)
{
	if (o->dev)
		return o->dev->drv->name;
	return o->dialect ? o->dialect : "sqlite";
}

static mg_split_opts split_opts(const char *dialect)
{
	if (strcmp(dialect, "postgres") == 0)
		return mg_split_opts_for(MG_SPLIT_POSTGRES);
	if (strcmp(dialect, "mysql") == 0)
		return mg_split_opts_for(MG_SPLIT_MYSQL);
	return mg_split_opts_for(MG_SPLIT_SQLITE);
}

static lt_step *add_step(lt_result *r, const char *name, const char *text)
{
	lt_step s = { 0 };

	s.name = ut_arena_strdup(&r->arena, name);
	s.text = ut_arena_strdup(&r->arena, text ? text : "");
	ut_vec_apush(&r->arena, &r->steps, s);
	return &ut_vec_last(&r->steps);
}

/* ---- base replay with the cache ---- */

static int exec_file(dl_conn *c, const mg_dir *dir, const mg_file *f,
		     const char *text, size_t len)
{
	mg_split_opts so = mg_split_opts_for_driver(c->drv);
	return mg_exec_file(c, dir, f, text, len, &so);
}

/* Server-kept entries (stashes) a server keeps at most. */
#define LT_STASH_MAX 8
/*
 * A base replayed faster than this is not stashed: restoring a template
 * database costs a few hundred milliseconds whatever it holds, so a
 * short replay is cheaper than any restore (bench/lint.sh measures both).
 */
#define LT_STASH_MIN_NS 500000000

static bool stash_has(const uint64_t *keys, size_t n, uint64_t key)
{
	for (size_t i = 0; i < n; i++)
		if (keys[i] == key)
			return true;
	return false;
}

/*
 * The state after the longest stashed prefix, from the server: index of
 * the first file still to replay (start when nothing was found).
 */
static size_t stash_restore(lt_result *res, dl_conn *dev,
			    const uint64_t *keys, size_t start, size_t end)
{
	uint64_t *have = NULL;
	size_t nhave = 0, from = start;

	if (dev->drv->stash_list(dev, &have, &nhave) < 0) {
		ut_error_clear(); /* no cache, a replay */
		return start;
	}
	for (size_t i = end; i-- > start;) {
		if (!stash_has(have, nhave, keys[i - start]))
			continue;
		if (dev->drv->stash_load(dev, keys[i - start]) < 0) {
			/* gone meanwhile, or broken: replay from scratch */
			ut_error_clear();
			break;
		}
		res->cache_hits++;
		from = i + 1;
		break;
	}
	free(have);
	return from;
}

/*
 * Brings the dev database to the state after files [start, end): restores
 * the longest cached prefix and replays the rest, then stores the full
 * prefix when it was not cached. The cache is a folder of snapshot files
 * when the driver has snapshot/restore (SQLite), else entries the server
 * keeps (stash_*: PostgreSQL, MySQL), keyed also by the dev database's
 * scope (user, database, bound schema), since they hold its state.
 */
static int replay_base(lt_result *res, dl_conn *dev, const mg_dir *dir,
		       size_t start, size_t end, const char *cache_dir,
		       bool cache_on, int64_t stash_min_ns)
{
	int64_t t0;
	bool files = cache_dir && dev->drv->snapshot && dev->drv->restore;
	bool server = !files && cache_on && dev->drv->stash_list &&
		      dev->drv->stash_save && dev->drv->stash_load;
	bool cache = files || server;
	uint64_t *keys = NULL;
	ut_buf *texts = NULL;
	lt_prefix pre = { 0 };
	size_t from = start;
	int error = 0;

	if (end <= start)
		return 0;
	texts = ut_xcalloc(end - start, sizeof(*texts));
	keys = ut_xcalloc(end - start, sizeof(*keys));
	if (cache)
		lt_prefix_init(&pre, dev->drv->name);
	if (server) {
		const dl_url *u = dev->url;
		lt_prefix_add(&pre, "user", u->user ? u->user : "",
			      u->user ? strlen(u->user) : 0);
		lt_prefix_add(&pre, "database", u->path ? u->path : "",
			      u->path ? strlen(u->path) : 0);
		lt_prefix_add(&pre, "schema", dev->schema ? dev->schema : "",
			      dev->schema ? strlen(dev->schema) : 0);
	}
	/* the same bytes run other statements in another layout */
	if (cache && dir->format != MG_FORMAT_ATLAS)
		lt_prefix_add(&pre, mg_format_name(dir->format), "", 0);
	for (size_t i = start; i < end; i++) {
		ut_buf_init(&texts[i - start]);
		if ((error = mg_file_read(&dir->files[i], &texts[i - start])) <
		    0)
			goto done;
		if (cache) {
			lt_prefix_add(&pre, dir->files[i].name,
				      texts[i - start].ptr,
				      texts[i - start].len);
			keys[i - start] = lt_prefix_digest(&pre);
		}
	}
	if (server)
		from = stash_restore(res, dev, keys, start, end);
	if (files) {
		for (size_t i = end; i-- > start;) {
			if (!lt_cache_has(cache_dir, keys[i - start]))
				continue;
			if (lt_cache_restore(dev, cache_dir,
					     keys[i - start]) < 0) {
				/* corrupt: replay from scratch, rewrite */
				ut_error_clear();
				if ((error = dev->drv->reset(dev)) < 0)
					goto done;
				break;
			}
			res->cache_hits++;
			from = i + 1;
			break;
		}
	}
	t0 = ut_now_ns();
	for (size_t i = from; i < end; i++) {
		if ((error = exec_file(dev, dir, &dir->files[i],
				       texts[i - start].ptr,
				       texts[i - start].len)) < 0)
			goto done;
		res->base_replayed++;
	}
	if (cache)
		res->base_key = keys[end - 1 - start];
	/* a short replay is cheaper to run again than any restore */
	if (cache && from < end &&
	    !(server && ut_now_ns() - t0 < stash_min_ns)) {
		int e = files ? lt_cache_store(dev, cache_dir,
					       keys[end - 1 - start])
			      : dev->drv->stash_save(dev, keys[end - 1 - start],
						     LT_STASH_MAX);
		if (e < 0)
			ut_error_clear(); /* a cache that cannot be written is no cache */
		else
			res->cache_stores++;
	}
done:
	if (texts)
		for (size_t i = start; i < end; i++)
			ut_buf_release(&texts[i - start]);
	free(texts);
	free(keys);
	if (cache)
		lt_prefix_release(&pre);
	return error;
}

/* ---- per-file replay ---- */

/* Statements that never change the schema: no inspection after them. */
static bool schema_neutral(const lt_toks *t)
{
	static const char *const kw[] = {
		"INSERT", "UPDATE", "DELETE", "SELECT", "WITH", "VALUES",
		"BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE",
		"SET", "ANALYZE", "VACUUM", "EXPLAIN", "PRAGMA", "REINDEX",
		"START", "COPY", "LOCK", "SHOW", "CLUSTER", "REPLACE",
	};
	for (size_t i = 0; i < UT_ARRAY_SIZE(kw); i++)
		if (lt_tok_is(t, 0, kw[i]))
			return !(lt_tok_is(t, 0, "PRAGMA") &&
				 lt_tok_find(t, 0, "writable_schema") < t->len);
	return false;
}

/*
 * What a run allocates besides the report: every realm (in creation
 * order; freed in reverse, because later realms may borrow tables from
 * earlier ones) and every change list (which borrow from realms).
 */
typedef struct run_mem {
	UT_VEC(sm_realm *) realms;
	UT_VEC(sm_changes *) changes;
	lt_incr incr;
} run_mem;

static void run_mem_release(run_mem *m)
{
	for (size_t i = 0; i < m->changes.len; i++)
		sm_changes_free(m->changes.items[i]);
	for (size_t i = m->realms.len; i-- > 0;)
		sm_realm_free(m->realms.items[i]);
	ut_vec_release(&m->realms);
	ut_vec_release(&m->changes);
	lt_incr_release(&m->incr);
}

static int diff_into(lt_file *f, run_mem *m, sm_change_vec *out,
		     const sm_realm *a, const sm_realm *b)
{
	sm_changes *ch = NULL;
	int error;

	if ((error = sm_diff(&ch, a, b, NULL)) < 0)
		return error;
	ut_vec_push(&m->changes, ch);
	out->len = 0;
	for (size_t i = 0; i < ch->items.len; i++)
		ut_vec_apush(f->arena, out, ch->items.items[i]);
	return 0;
}

static bool only_table_op(const lt_stmt *s, sm_op op)
{
	return s->changes.len == 1 && s->changes.items[0]->kind == SM_TABLE &&
	       s->changes.items[0]->op == op;
}

static const sm_object *chg_obj(const sm_change *c)
{
	return c->to ? c->to : c->from;
}

/*
 * SQLite rebuild: CREATE TABLE A; [INSERT ...]; DROP TABLE T; ALTER TABLE
 * A RENAME TO T becomes one ModifyTable T at the CREATE (reference 4.2).
 */
static int fold_rebuilds(lt_file *f, run_mem *m)
{
	for (size_t i = 0; i < f->nstmts; i++) {
		lt_stmt *c = &f->stmts[i];
		const char *tmp, *name;
		size_t j, k;
		int error;

		if (!only_table_op(c, SM_OP_ADD) || !c->before)
			continue;
		tmp = c->changes.items[0]->to->name;
		for (j = i + 1; j < f->nstmts && f->stmts[j].changes.len == 0 &&
				!f->stmts[j].failed;
		     j++)
			;
		if (j >= f->nstmts || !only_table_op(&f->stmts[j], SM_OP_DROP))
			continue;
		name = f->stmts[j].changes.items[0]->from->name;
		k = j + 1;
		if (k >= f->nstmts || f->stmts[k].changes.len != 2 ||
		    !f->stmts[k].after)
			continue;
		{
			const sm_change *x = f->stmts[k].changes.items[0];
			const sm_change *y = f->stmts[k].changes.items[1];
			if (x->op == SM_OP_ADD) {
				const sm_change *t = x;
				x = y;
				y = t;
			}
			if (x->op != SM_OP_DROP || y->op != SM_OP_ADD ||
			    x->kind != SM_TABLE || y->kind != SM_TABLE ||
			    strcmp(x->from->name, tmp) != 0 ||
			    strcmp(y->to->name, name) != 0)
				continue;
		}
		if ((error = diff_into(f, m, &c->changes, c->before,
				       f->stmts[k].after)) < 0)
			return error;
		for (size_t x = i + 1; x <= k; x++)
			f->stmts[x].changes.len = 0;
		i = k;
	}
	return 0;
}

/* Replaces drop+add by a rename when the statement says RENAME. */
static void apply_renames(lt_file *f)
{
	for (size_t i = 0; i < f->nstmts; i++) {
		lt_stmt *s = &f->stmts[i];
		const lt_toks *t = &s->toks;
		char *sch, *tab, *from = NULL, *to = NULL;
		size_t k = 0;
		bool column = false;

		if (lt_tok_is(t, 0, "ALTER") && lt_tok_is(t, 1, "TABLE")) {
			k = 2;
			if (lt_tok_is(t, k, "IF") && lt_tok_is(t, k + 1, "EXISTS"))
				k += 2;
			if (lt_tok_is(t, k, "ONLY"))
				k++;
			if (!lt_tok_qname(f->arena, t, &k, &sch, &tab) ||
			    !lt_tok_is(t, k, "RENAME"))
				continue;
			k++;
			if (lt_tok_is(t, k, "TO")) {
				k++;
				if (!lt_tok_qname(f->arena, t, &k, &sch, &to))
					continue;
				from = tab;
			} else {
				char *dummy;
				if (lt_tok_is(t, k, "COLUMN"))
					k++;
				if (lt_tok_is(t, k, "CONSTRAINT"))
					continue;
				if (!lt_tok_qname(f->arena, t, &k, &dummy,
						  &from) ||
				    !lt_tok_is(t, k, "TO"))
					continue;
				k++;
				if (!lt_tok_qname(f->arena, t, &k, &dummy, &to))
					continue;
				column = true;
			}
		} else if (lt_tok_is(t, 0, "RENAME") &&
			   lt_tok_is(t, 1, "TABLE")) {
			k = 2;
			if (!lt_tok_qname(f->arena, t, &k, &sch, &from) ||
			    !lt_tok_is(t, k, "TO"))
				continue;
			k++;
			if (!lt_tok_qname(f->arena, t, &k, &sch, &to))
				continue;
		} else {
			continue;
		}
		if (!column) {
			sm_change *d = NULL, *a = NULL;
			size_t di = 0, ai = 0;
			for (size_t j = 0; j < s->changes.len; j++) {
				sm_change *c = s->changes.items[j];
				if (c->kind != SM_TABLE)
					continue;
				if (c->op == SM_OP_DROP &&
				    ut_str_ieq(c->from->name, from)) {
					d = c;
					di = j;
				} else if (c->op == SM_OP_ADD &&
					   ut_str_ieq(c->to->name, to)) {
					a = c;
					ai = j;
				}
			}
			if (!d || !a)
				continue;
			s->changes.items[UT_MIN(di, ai)] = lt_change_new(
				f->arena, SM_OP_RENAME, SM_TABLE, d->from, a->to);
			memmove(&s->changes.items[UT_MAX(di, ai)],
				&s->changes.items[UT_MAX(di, ai) + 1],
				(s->changes.len - UT_MAX(di, ai) - 1) *
					sizeof(sm_change *));
			s->changes.len--;
			continue;
		}
		for (size_t j = 0; j < s->changes.len; j++) {
			sm_change *c = s->changes.items[j], *n;
			const sm_object *dcol = NULL, *acol = NULL;
			if (c->kind != SM_TABLE || c->op != SM_OP_MODIFY ||
			    !ut_str_ieq(c->to->name, tab))
				continue;
			for (size_t x = 0; x < c->subs.len; x++) {
				sm_change *sc = c->subs.items[x];
				if (sc->kind != SM_COLUMN)
					continue;
				if (sc->op == SM_OP_DROP &&
				    ut_str_ieq(sc->from->name, from))
					dcol = sc->from;
				else if (sc->op == SM_OP_ADD &&
					 ut_str_ieq(sc->to->name, to))
					acol = sc->to;
			}
			if (!dcol || !acol)
				continue;
			n = lt_change_new(f->arena, SM_OP_MODIFY, SM_TABLE,
					  c->from, c->to);
			n->mask = c->mask;
			ut_vec_apush(f->arena, &n->subs,
				     lt_change_new(f->arena, SM_OP_RENAME,
						   SM_COLUMN, dcol, acol));
			for (size_t x = 0; x < c->subs.len; x++) {
				sm_change *sc = c->subs.items[x];
				if (sc->kind == SM_COLUMN &&
				    (chg_obj(sc) == dcol || chg_obj(sc) == acol))
					continue;
				ut_vec_apush(f->arena, &n->subs, sc);
			}
			s->changes.items[j] = n;
		}
	}
}

static void span_mark(lt_file *f, ut_map *m, const sm_object *o)
{
	ut_map_put(m, lt_key(f->arena, o), (void *)1);
	if (o->kind == SM_TABLE)
		ut_map_put(&f->created_pg,
			   ut_arena_strdup(f->arena, o->name), (void *)1);
}

static void compute_spans(lt_file *f)
{
	for (size_t i = 0; i < f->nstmts; i++) {
		const lt_stmt *s = &f->stmts[i];
		for (size_t j = 0; j < s->changes.len; j++) {
			const sm_change *c = s->changes.items[j];
			if (c->op == SM_OP_ADD)
				span_mark(f, &f->added, c->to);
			else if (c->op == SM_OP_DROP)
				ut_map_put(&f->dropped,
					   lt_key(f->arena, c->from),
					   (void *)1);
			for (size_t x = 0; x < c->subs.len; x++) {
				const sm_change *sc = c->subs.items[x];
				if (sc->op == SM_OP_ADD)
					span_mark(f, &f->added, sc->to);
				else if (sc->op == SM_OP_DROP)
					ut_map_put(&f->dropped,
						   lt_key(f->arena, sc->from),
						   (void *)1);
			}
		}
	}
}

static size_t count_changes(const lt_file *f)
{
	size_t n = 0;

	for (size_t i = 0; i < f->nstmts; i++)
		n += f->stmts[i].changes.len;
	return n;
}

static bool ends_tx(const lt_toks *t)
{
	return lt_tok_is(t, 0, "COMMIT") || lt_tok_is(t, 0, "ROLLBACK") ||
	       (lt_tok_is(t, 0, "END") && t->len <= 3);
}

/* Statement-level nolint and explicit transaction tracking. */
static void read_directives(lt_file *f, const mg_stmts *ss)
{
	bool in_tx = false;

	for (size_t i = 0; i < f->nstmts; i++) {
		lt_stmt *s = &f->stmts[i];
		mg_directives d = MG_DIRECTIVES_INIT;
		const char *v;

		mg_stmt_directives(&d, ss, &ss->items[i]);
		if ((v = mg_directives_get(&d, "nolint"))) {
			if (*v)
				s->nolint = ut_arena_strdup(f->arena, v);
			else
				s->nolint_all = true;
		}
		mg_directives_release(&d);
		if (lt_tok_is(&s->toks, 0, "BEGIN") ||
		    (lt_tok_is(&s->toks, 0, "START") &&
		     lt_tok_is(&s->toks, 1, "TRANSACTION")))
			in_tx = true;
		s->in_tx = in_tx;
		if (ends_tx(&s->toks))
			in_tx = false;
	}
}

/* Tables created in the file, from parse trees (no replay needed). */
static void pg_created(lt_file *f)
{
	for (size_t i = 0; i < f->nstmts; i++) {
		json_t *b;
		const char *ty = lt_pg_type(f->stmts[i].pg, &b);
		if (ty && (strcmp(ty, "CreateStmt") == 0 ||
			   strcmp(ty, "CreateTableAsStmt") == 0)) {
			json_t *rel = lt_pg_get(b, "relation");
			if (!rel)
				rel = lt_pg_get(lt_pg_get(b, "into"), "rel");
			if (rel)
				ut_map_put(&f->created_pg,
					   ut_arena_strdup(f->arena,
							   lt_pg_str(rel, "relname")),
					   (void *)1);
		}
	}
}

static int lint_file(lt_result *res, const mg_dir *dir, const mg_file *mf,
		     const lt_opts *o, sm_realm **state, run_mem *mem)
{
	const char *dialect = dialect_of(o);
	mg_split_opts so = split_opts(dialect);
	lt_config defcfg = { 0 };
	lt_file_report *rep = ut_arena_alloc(&res->arena, sizeof(*rep));
	ut_buf text = UT_BUF_INIT;
	mg_stmts ss = MG_STMTS_INIT;
	mg_directives fd = MG_DIRECTIVES_INIT;
	lt_file f = { 0 };
	int64_t t0 = ut_now_ns();
	const char *v;
	lt_step *st;
	char *step_name;
	int error = 0;

	rep->name = ut_arena_strdup(&res->arena, mf->name);
	rep->path = ut_arena_strdup(&res->arena, mf->path);
	rep->version = ut_arena_strdup(&res->arena, mf->version);
	ut_vec_apush(&res->arena, &res->files, rep);
	step_name = ut_xasprintf("Analyze %s", mf->name);
	st = add_step(res, step_name, NULL);
	free(step_name);
	st->file = rep;

	if ((error = mg_file_read(mf, &text)) < 0) {
		rep->error = ut_arena_strdup(&res->arena, ut_error_last()->msg);
		ut_error_clear();
		error = 0;
		goto done;
	}
	rep->text = ut_arena_strndup(&res->arena, text.ptr, text.len);
	f.arena = &res->arena;
	f.cfg = o->cfg ? o->cfg : &defcfg;
	f.dialect = dialect;
	f.mf = mf;
	f.text = rep->text;
	f.len = text.len;
	f.rep = rep;
	mg_file_directives(&fd, text.ptr, text.len);
	if ((v = mg_directives_get(&fd, "nolint"))) {
		if (!*v) {
			rep->skipped = true;
			goto done;
		}
		f.file_nolint = ut_arena_strdup(&res->arena, v);
	}
	if ((v = mg_directives_get(&fd, "txmode")) && strcmp(v, "none") == 0)
		f.txmode_none = true;
	if (mg_file_split(&ss, NULL, dir, mf, rep->text, text.len, &so) < 0) {
		rep->error = ut_arena_printf(&res->arena, "%s:%s", mf->name,
					     ut_error_last()->msg);
		ut_error_clear();
		goto done;
	}
	f.nstmts = ss.len;
	f.stmts = ut_arena_alloc(&res->arena,
				 (ss.len ? ss.len : 1) * sizeof(*f.stmts));
	for (size_t i = 0; i < ss.len; i++) {
		lt_stmt *s = &f.stmts[i];
		s->text = ss.items[i].text;
		s->len = ss.items[i].len;
		if (ss.items[i].text != ss.items[i].src) /* substituted */
			s->text = ut_arena_strndup(&res->arena, s->text, s->len);
		s->pos = ss.items[i].pos;
		s->line = ss.items[i].line;
		lt_tokenize(&s->toks, s->text, s->len);
		if (strcmp(dialect, "postgres") == 0) {
			char *msg = NULL;
			s->pg = lt_pg_parse(s->text, s->len, &msg);
			if (!s->pg && !o->dev && !rep->error)
				rep->error = ut_arena_printf(
					&res->arena, "%s:%d: %s", mf->name,
					s->line, msg ? msg : "syntax error");
			free(msg);
		}
	}
	read_directives(&f, &ss);
	if (o->dev) {
		dl_conn *dev = o->dev;
		sm_realm *prev = *state;
		f.replayed = true;
		for (size_t i = 0; i < f.nstmts; i++) {
			lt_stmt *s = &f.stmts[i];
			sm_realm *next = NULL;
			s->before = prev;
			if (dev->drv->exec(dev, s->text, s->len) < 0) {
				if (!rep->error)
					rep->error = ut_arena_printf(
						&res->arena, "%s:%d: %s",
						mf->name, s->line,
						ut_error_last()->msg);
				ut_error_clear();
				s->failed = true;
				s->after = prev;
				continue;
			}
			if (schema_neutral(&s->toks)) {
				s->after = prev;
				continue;
			}
			{
				sm_realm *scratch = NULL;
				error = lt_incr_inspect(&next, &scratch, &mem->incr,
							dev, prev);
				if (scratch)
					ut_vec_push(&mem->realms, scratch);
				if (error < 0)
					goto done;
			}
			if (!next) { /* nothing changed */
				s->after = prev;
				continue;
			}
			ut_vec_push(&mem->realms, next);
			if ((error = diff_into(&f, mem, &s->changes, prev,
					       next)) < 0)
				goto done;
			s->after = next;
			prev = next;
			*state = next;
		}
		/* a transaction the file leaves open is closed (ST601) */
		if (f.nstmts && f.stmts[f.nstmts - 1].in_tx &&
		    !ends_tx(&f.stmts[f.nstmts - 1].toks)) {
			if (dev->drv->exec(dev, "COMMIT", 6) < 0)
				ut_error_clear();
		}
		if (strcmp(dialect, "sqlite") == 0 &&
		    (error = fold_rebuilds(&f, mem)) < 0)
			goto done;
		apply_renames(&f);
		compute_spans(&f);
	}
	pg_created(&f);
	rep->changes = count_changes(&f);
	lt_analyze(&f);
done:
	for (size_t i = 0; i < f.nstmts; i++) {
		json_decref(f.stmts[i].pg);
		ut_vec_release(&f.stmts[i].toks);
	}
	ut_map_release(&f.added);
	ut_map_release(&f.dropped);
	ut_map_release(&f.created_pg);
	mg_directives_release(&fd);
	mg_stmts_release(&ss);
	ut_buf_release(&text);
	rep->ns = ut_now_ns() - t0;
	if (rep->error)
		st->error = rep->error;
	return error;
}

/* ---- the steps ---- */

static void integrity_step(lt_result *r, const mg_dir *dir)
{
	mg_sum_problem pr = { 0 };
	lt_step *st = add_step(r, "Migration Integrity Check",
			       "File atlas.sum is valid");

	if (mg_dir_validate(dir, &pr) < 0) {
		if (pr.file)
			st->error = ut_arena_printf(
				&r->arena, "checksum mismatch (atlas.sum): L%d: %s was %s",
				pr.line, pr.file, pr.reason);
		else
			st->error = ut_arena_strdup(&r->arena,
						    ut_error_last()->msg);
		st->text = "File atlas.sum is invalid";
		ut_error_clear();
		r->step_failed = true;
	}
	mg_sum_problem_release(&pr);
}

/* Non-linear: a new file sorts before a file the base already has. */
static void non_linear_check(lt_result *r, const mg_dir *dir,
			     const lt_opts *o)
{
	if (!o->added)
		return;
	for (size_t i = o->first_new; i < dir->nfiles; i++) {
		if (o->added[i])
			continue;
		/* file i exists in the base but sorts after an added file */
		for (size_t j = o->first_new; j < i; j++) {
			if (!o->added[j])
				continue;
			lt_step *st = add_step(r, "Non-Linear Changes Check", NULL);
			st->text = ut_arena_printf(
				&r->arena,
				"Migration file \"%s\" was added out of order: \"%s\" is already in the base and comes after it",
				dir->files[j].name, dir->files[i].name);
			/* an error-level finding (exit 3), not a failed step */
			if (o->cfg && o->cfg->non_linear_error) {
				st->error = st->text;
				r->errors = true;
			}
			return;
		}
	}
}

/*
 * Empties the dev database: restoring an empty snapshot is instant where
 * dropping a thousand tables one by one is not.
 */
static int dev_reset(dl_conn *c)
{
	if (c->drv->restore)
		return c->drv->restore(c, NULL, 0);
	return c->drv->reset(c);
}

int lt_run(lt_result **out, const mg_dir *dir, const lt_opts *o)
{
	lt_result *r = ut_xcalloc(1, sizeof(*r));
	size_t start = 0, nbase = o->first_new;
	sm_realm *state = NULL;
	run_mem mem = { UT_VEC_INIT, UT_VEC_INIT, { 0 } };
	char *cache_dir = NULL;
	bool found = false;
	int64_t t0 = ut_now_ns();
	int error = 0;

	*out = NULL;
	if (nbase > dir->nfiles)
		nbase = dir->nfiles;
	r->driver = ut_arena_strdup(&r->arena, dialect_of(o));
	r->dir_url = ut_arena_strdup(&r->arena, dir->url ? dir->url : "");
	if (o->dev)
		r->dev_url = ut_arena_strdup(&r->arena,
					     o->dev->url->redacted);
	r->nfiles = dir->nfiles - nbase;
	if (nbase > 0)
		r->base_version = ut_arena_strdup(
			&r->arena, dir->files[nbase - 1].version);
	if (dir->nfiles > 0)
		r->last_version = ut_arena_strdup(
			&r->arena, dir->files[dir->nfiles - 1].version);

	integrity_step(r, dir);
	if (r->step_failed)
		goto finish;
	add_step(r, "Detect New Migration Files",
		 r->nfiles ? "Found %zu new migration files (from %zu total)"
			   : "No new migration files found");
	{
		lt_step *st = &ut_vec_last(&r->steps);
		if (r->nfiles)
			st->text = ut_arena_printf(
				&r->arena,
				"Found %zu new migration files (from %zu total)",
				r->nfiles, dir->nfiles);
	}
	non_linear_check(r, dir, o);
	if (r->step_failed)
		goto finish;
	if (o->dev) {
		lt_step *st;
		if ((error = mg_dir_last_checkpoint(&start, &found, dir)) < 0)
			goto fail;
		if (!found || start >= nbase)
			start = 0;
		cache_dir = o->cache_dir ? (*o->cache_dir ? ut_xstrdup(o->cache_dir)
							  : NULL)
					 : lt_cache_dir();
		st = add_step(r, "Replay Migration Files",
			      "Loaded the migration directory on the dev database");
		if (replay_base(r, o->dev, dir, start, nbase, cache_dir,
				lt_cache_on(o->cache_dir),
				o->stash_min_ns ? o->stash_min_ns
						: LT_STASH_MIN_NS) < 0) {
			st->error = ut_arena_strdup(&r->arena,
						    ut_error_last()->msg);
			ut_error_clear();
			r->step_failed = true;
			goto finish;
		}
		if ((error = dl_inspect(&state, o->dev, NULL)) < 0)
			goto fail;
		ut_vec_push(&mem.realms, state);
		if ((!o->full_inspect &&
		     (error = lt_incr_init(&mem.incr, o->dev)) < 0) ||
		    (error = lt_incr_sync(&mem.incr, o->dev)) < 0)
			goto fail;
	}
	for (size_t i = nbase; i < dir->nfiles; i++) {
		bool cp = false;
		if (o->dev && i > nbase &&
		    mg_file_is_checkpoint(&cp, dir, i) == 0 && cp) {
			/* checkpoint files are analysed on a clean database */
			sm_realm *empty = NULL;
			if ((error = dev_reset(o->dev)) < 0 ||
			    (error = dl_inspect(&empty, o->dev, NULL)) < 0)
				goto fail;
			ut_vec_push(&mem.realms, empty);
			state = empty;
			if ((error = lt_incr_sync(&mem.incr, o->dev)) < 0)
				goto fail;
		}
		ut_error_clear();
		if ((error = lint_file(r, dir, &dir->files[i], o, &state, &mem)) < 0)
			goto fail;
	}
finish:
	for (size_t i = 0; i < r->files.len; i++) {
		lt_file_report *f = r->files.items[i];
		if (f->error)
			r->step_failed = true;
		r->nchanges += f->changes;
		for (size_t j = 0; j < f->reports.len; j++) {
			r->ndiags += f->reports.items[j].diags.len;
			if (f->reports.items[j].error)
				r->errors = true;
		}
	}
	if (o->dev && (error = dev_reset(o->dev)) < 0)
		goto fail;
	r->ns = ut_now_ns() - t0;
	*out = r;
	r = NULL;
	goto done;
fail:
	lt_result_free(r);
done:
	run_mem_release(&mem);
	free(cache_dir);
	return error;
}
