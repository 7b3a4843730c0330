/* SPDX-License-Identifier: MIT */
/*
 * migrate/apply.c: running migration files (reference 3.2).
 *
 * Every statement that succeeds is recorded in the revision table
 * (applied, running partial hashes) before the next one runs. In tx-mode
 * file and all the record is written inside the same transaction as the
 * statements; in tx-mode none each statement runs in a small transaction
 * of its own together with its record, when the database allows that
 * statement inside a transaction, so a crash between a statement and its
 * record cannot happen: a rerun resumes at exactly the next statement.
 * A failing file's error is recorded after the rollback, so the error is
 * kept even on databases with transactional DDL.
 *
 * MySQL and MariaDB commit DDL implicitly: a rollback takes back only
 * what ran since the last such statement. There every statement's record
 * is written in the same session right after it, whatever the tx mode,
 * so the implicit commits carry the records along with the statements,
 * and after a rollback the row read back says what stayed.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apply.h"
#include "formats.h"
#include "plan.h"
#include "split.h"
#include "sum.h"
#include "ut.h"

int mg_tx_mode_parse(mg_tx_mode *out, const char *s)
{
	if (!s || strcmp(s, "file") == 0)
		*out = MG_TX_FILE;
	else if (strcmp(s, "all") == 0)
		*out = MG_TX_ALL;
	else if (strcmp(s, "none") == 0)
		*out = MG_TX_NONE;
	else
		return ut_error_set(UT_EUSAGE,
				    "unknown tx-mode \"%s\" (file, all or none)", s);
	return 0;
}

int mg_exec_order_parse(mg_exec_order *out, const char *s)
{
	if (!s || strcmp(s, "linear") == 0)
		*out = MG_ORDER_LINEAR;
	else if (strcmp(s, "linear-skip") == 0)
		*out = MG_ORDER_LINEAR_SKIP;
	else if (strcmp(s, "non-linear") == 0)
		*out = MG_ORDER_NON_LINEAR;
	else
		return ut_error_set(UT_EUSAGE,
				    "unknown exec-order \"%s\" (linear, linear-skip or non-linear)",
				    s);
	return 0;
}

void mg_pending_release(mg_pending *p)
{
	free(p->idx);
	free(p->ooo);
	memset(p, 0, sizeof(*p));
}

static void push(size_t **v, size_t *n, size_t x)
{
	*v = ut_xrealloc(*v, (*n + 1) * sizeof(size_t));
	(*v)[(*n)++] = x;
}

static const mg_revision *find_rev(const mg_revs *revs, const char *version)
{
	for (size_t i = 0; i < revs->len; i++)
		if (strcmp(revs->items[i].version, version) == 0)
			return &revs->items[i];
	return NULL;
}

static bool rev_partial(const mg_revision *r)
{
	return r->applied != r->total && !(r->type & MG_REV_RESOLVED) &&
	       !(r->type & MG_REV_BASELINE);
}

void mg_revs_sort(mg_revs *revs, mg_format fmt)
{
	/* insertion sort: the rows come in byte order, mostly right */
	for (size_t i = 1; i < revs->len; i++) {
		mg_revision x = revs->items[i];
		size_t j = i;
		while (j > 0 && mg_version_cmp(fmt, revs->items[j - 1].version,
					       x.version) > 0) {
			revs->items[j] = revs->items[j - 1];
			j--;
		}
		revs->items[j] = x;
	}
}

static const mg_revision *find_repeatable(const mg_revs *revs,
					  const mg_file *f)
{
	char *v = mg_repeatable_version(f);
	const mg_revision *r = NULL;

	for (size_t i = 0; i < revs->nrepeatables && !r; i++)
		if (strcmp(revs->repeatables[i].version, v) == 0)
			r = &revs->repeatables[i];
	free(v);
	return r;
}

/*
 * A repeatable runs when it never ran, did not finish, failed, or its
 * text is not the text that ran (Flyway's checksum rule).
 */
static int repeatable_pending(bool *out, const mg_revs *revs, const mg_file *f)
{
	const mg_revision *r = find_repeatable(revs, f);
	char *hash = NULL;
	int error;

	*out = true;
	if (!r || r->applied != r->total || r->error)
		return 0;
	if ((error = mg_repeatable_hash(&hash, f)) < 0)
		return error;
	*out = strcmp(hash, r->hash) != 0;
	free(hash);
	return 0;
}

/* The changed repeatables, after everything else (Flyway's order). */
static int push_repeatables(mg_pending *out, const mg_dir *dir,
			    const mg_revs *revs)
{
	for (size_t i = 0; i < dir->nfiles; i++) {
		bool run = false;
		int error;
		if (!dir->files[i].repeatable)
			continue;
		if ((error = repeatable_pending(&run, revs, &dir->files[i])) < 0)
			return error;
		if (run)
			push(&out->idx, &out->len, i);
	}
	return 0;
}

int mg_pending_compute(mg_pending *out, const mg_dir *dir, const mg_revs *revs,
		       mg_exec_order order)
{
	bool *cp = ut_xcalloc(dir->nfiles ? dir->nfiles : 1, sizeof(bool));
	bool *skip = ut_xcalloc(dir->nfiles ? dir->nfiles : 1, sizeof(bool));
	const mg_revision *last;
	size_t start = 0;
	bool found_idx = false;
	size_t idx = 0;
	int error = 0;

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < dir->nfiles; i++)
		if ((error = mg_file_is_checkpoint(&cp[i], dir, i)) < 0)
			goto done;
	/*
	 * skip[i]: not a version for the rules below (a checkpoint, or a
	 * repeatable, which push_repeatables adds at the end)
	 */
	for (size_t i = 0; i < dir->nfiles; i++)
		skip[i] = cp[i] || dir->files[i].repeatable;
	if (revs->len == 0) {
		/* a new database starts from the last checkpoint */
		for (size_t i = dir->nfiles; i-- > 0;)
			if (cp[i]) {
				start = i;
				break;
			}
		for (size_t i = start; i < dir->nfiles; i++)
			if (!dir->files[i].repeatable)
				push(&out->idx, &out->len, i);
		error = push_repeatables(out, dir, revs);
		goto done;
	}
	last = &revs->items[revs->len - 1];
	out->current = last->version;
	if (rev_partial(last)) {
		const mg_file *f = mg_dir_find_version(dir, last->version);
		if (!f) {
			error = ut_error_set(UT_ERROR,
					     "missing migration: revision \"%s\" is partially applied but migration file was not found",
					     last->version);
			goto done;
		}
		if (cp[f - dir->files]) {
			size_t k = (size_t)(f - dir->files);
			push(&out->idx, &out->len, k);
			for (size_t i = k + 1; i < dir->nfiles; i++)
				if (!skip[i])
					push(&out->idx, &out->len, i);
			out->resume = true;
			error = push_repeatables(out, dir, revs);
			goto done;
		}
	}
	for (size_t i = 0; i < dir->nfiles; i++) {
		int c;
		if (skip[i])
			continue;
		c = mg_version_cmp(dir->format, dir->files[i].version,
				   last->version);
		if (c < 0 || (c == 0)) {
			idx = i;
			found_idx = true;
		}
	}
	/* files between the first revision and idx without a row */
	if (found_idx) {
		const char *first = revs->items[0].version;
		for (size_t i = 0; i <= idx; i++) {
			if (skip[i] ||
			    mg_version_cmp(dir->format, dir->files[i].version,
					   first) < 0)
				continue;
			if (!find_rev(revs, dir->files[i].version))
				push(&out->ooo, &out->nooo, i);
		}
	}
	if (out->nooo && order == MG_ORDER_LINEAR) {
		ut_buf names = UT_BUF_INIT;
		for (size_t i = 0; i < out->nooo; i++)
			ut_buf_printf(&names, "%s%s", i ? ", " : "",
				      dir->files[out->ooo[i]].name);
		error = ut_error_set(UT_ERROR,
				     "migration file%s %s %s added out of order. See: https://atlasgo.io/versioned/apply#non-linear-error",
				     out->nooo > 1 ? "s" : "", names.ptr,
				     out->nooo > 1 ? "were" : "was");
		ut_error_hint("rename the file to come last (strata migrate rebase), or pass --exec-order linear-skip or non-linear");
		ut_buf_release(&names);
		goto done;
	}
	if (out->nooo && order == MG_ORDER_NON_LINEAR)
		for (size_t i = 0; i < out->nooo; i++)
			push(&out->idx, &out->len, out->ooo[i]);
	if (rev_partial(last) && found_idx &&
	    strcmp(dir->files[idx].version, last->version) == 0) {
		push(&out->idx, &out->len, idx);
		out->resume = out->len == 1;
	}
	for (size_t i = found_idx ? idx + 1 : 0; i < dir->nfiles; i++)
		if (!skip[i])
			push(&out->idx, &out->len, i);
	error = push_repeatables(out, dir, revs);
done:
	if (error < 0)
		mg_pending_release(out);
	free(skip);
	free(cp);
	return error;
}

void mg_stmt_hashes(char ***out, const mg_stmts *stmts)
{
	ut_sha256 *h = ut_sha256_new();
	char **v = ut_xcalloc(stmts->len ? stmts->len : 1, sizeof(char *));

	for (size_t i = 0; i < stmts->len; i++) {
		unsigned char d[UT_SHA256_LEN];
		char b64[UT_SHA256_B64_LEN + 1];
		ut_sha256_update(h, stmts->items[i].text, stmts->items[i].len);
		ut_sha256_peek(h, d);
		ut_sha256_b64(b64, d);
		v[i] = ut_xasprintf("h1:%s", b64);
	}
	ut_sha256_free(h);
	*out = v;
}

void mg_apply_result_release(mg_apply_result *r)
{
	free(r->from);
	free(r->to);
	memset(r, 0, sizeof(*r));
}

/* Whether a statement may run inside a transaction on this database. */
static bool tx_safe(const dl_conn *c, const char *s, size_t n)
{
	static const char *const never[] = {
		"BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE",
		"START TRANSACTION", "VACUUM",
	};
	for (size_t i = 0; i < UT_ARRAY_SIZE(never); i++)
		if (ut_span_iprefix(s, n, never[i]))
			return false;
	if (strcmp(c->drv->name, "sqlite") == 0)
		return !ut_span_iprefix(s, n, "PRAGMA");
	if (strcmp(c->drv->name, "postgres") == 0) {
		/* CONCURRENTLY, ALTER SYSTEM, CREATE/DROP DATABASE */
		for (size_t i = 0; i + 12 <= n; i++)
			if (ut_span_iprefix(s + i, n - i, "CONCURRENTLY"))
				return false;
		return !ut_span_iprefix(s, n, "ALTER SYSTEM") &&
		       !ut_span_iprefix(s, n, "CREATE DATABASE") &&
		       !ut_span_iprefix(s, n, "DROP DATABASE");
	}
	return true;
}

/*
 * Transaction control written in a file: 1 for a statement that opens a
 * transaction (BEGIN, START TRANSACTION), -1 for one that ends it
 * (COMMIT, END, ROLLBACK, ABORT; not ROLLBACK TO a savepoint, not the
 * AND CHAIN forms that open the next), 0 for anything else (MariaDB's
 * BEGIN NOT ATOMIC compound statement included).
 */
static int tx_control(const char *s, size_t n)
{
	size_t w = 0;

	while (w < n && (isalpha((unsigned char)s[w]) || s[w] == '_'))
		w++;
	if ((w == 5 && ut_span_iprefix(s, n, "BEGIN")) ||
	    ut_span_iprefix(s, n, "START TRANSACTION")) {
		const char *r = s + w;
		while (r < s + n && isspace((unsigned char)*r))
			r++;
		return ut_span_iprefix(r, (size_t)(s + n - r), "NOT ATOMIC") ? 0 : 1;
	}
	if ((w == 6 && ut_span_iprefix(s, n, "COMMIT")) ||
	    (w == 3 && ut_span_iprefix(s, n, "END")) ||
	    (w == 5 && ut_span_iprefix(s, n, "ABORT")) ||
	    (w == 8 && ut_span_iprefix(s, n, "ROLLBACK"))) {
		const char *r = s + w;
		bool chain = false;
		while (r < s + n && isspace((unsigned char)*r))
			r++;
		if (w == 8 && ut_span_iprefix(r, (size_t)(s + n - r), "TO"))
			return 0;
		for (const char *q = r; q + 9 <= s + n && !chain; q++)
			chain = ut_span_iprefix(q, (size_t)(s + n - q), "AND CHAIN") &&
				!ut_span_iprefix(q, (size_t)(s + n - q), "AND NO CHAIN");
		return chain ? 0 : -1;
	}
	return 0;
}

/* State of one apply run. */
typedef struct run {
	dl_conn *c;
	const mg_dir *dir;
	const mg_apply_opts *o;
	mg_rev_store st;
	mg_sum sum;
	mg_split_opts split;
	bool sqlite_fk_was_on;
	bool ddl_commits; /* DDL commits implicitly (MySQL, MariaDB) */
} run;

static const char *file_hash(const run *r, const mg_file *f)
{
	for (size_t i = 0; i < r->sum.len; i++)
		if (strcmp(r->sum.entries[i].name, f->name) == 0)
			return r->sum.entries[i].hash;
	return "";
}

static int rev_write(run *r, const mg_revision *rev)
{
	if (r->o->dry_run)
		return 0;
	return mg_rev_write(&r->st, rev);
}

static int tx_begin(run *r)
{
	if (r->o->dry_run)
		return 0;
	return r->c->drv->begin(r->c);
}

static int fk_row(const char *const *vals, size_t n, void *payload)
{
	ut_buf *b = payload;
	if (!b->len)
		ut_buf_printf(b, "foreign key violation in table \"%s\"",
			      n && vals[0] ? vals[0] : "?");
	return 0;
}

static int tx_commit(run *r)
{
	if (r->o->dry_run)
		return 0;
	if (r->sqlite_fk_was_on) {
		/* foreign keys were switched off for the transaction */
		ut_buf msg = UT_BUF_INIT;
		int error = r->c->drv->query(r->c, "PRAGMA foreign_key_check",
					     NULL, 0, fk_row, &msg);
		if (error == 0 && msg.len)
			error = ut_error_set(UT_EDB, "%s", msg.ptr);
		ut_buf_release(&msg);
		if (error < 0)
			return error;
	}
	return r->c->drv->commit(r->c);
}

static void tx_rollback(run *r)
{
	ut_error saved;

	if (r->o->dry_run)
		return;
	/* keep the statement's error, not the rollback's */
	ut_error_stash(&saved);
	r->c->drv->rollback(r->c);
	ut_error_restore(&saved);
}

static int exec_stmt(run *r, const mg_stmt *s)
{
	if (r->o->dry_run)
		return 0;
	return r->c->drv->exec(r->c, s->text, s->len);
}

/*
 * After a rollback on a database whose DDL commits implicitly: the
 * statements of rev that stayed are those its row in the table records
 * (the row went with them); rev, its partial hashes and the count of
 * statements run are cut back to that. first = statements applied before
 * this run (their row was committed then).
 */
static void sync_persisted(run *r, mg_revision *rev, const mg_file *f,
			   size_t first, mg_apply_result *res)
{
	mg_revs revs = { 0 };
	ut_error saved;
	int64_t kept = (int64_t)first;

	ut_error_stash(&saved);
	if (mg_rev_read(&revs, &r->st) == 0) {
		const mg_revision *p = f->repeatable
					       ? find_repeatable(&revs, f)
					       : find_rev(&revs, rev->version);
		if (p && p->applied >= (int64_t)first &&
		    p->applied <= rev->applied)
			kept = p->applied;
	}
	mg_revs_release(&revs);
	ut_error_restore(&saved);
	if (rev->applied > kept)
		res->stmts_ok -= (size_t)(rev->applied - kept);
	rev->applied = kept;
	while (rev->npartial > (size_t)kept)
		free(rev->partial_hashes[--rev->npartial]);
}

/* Reads the file's tx-mode directive into *mode (unchanged when none). */
static int file_txmode(mg_tx_mode *mode, const run *r, const mg_file *f,
		       const ut_buf *text)
{
	mg_directives d = { 0 };
	const char *v;
	int error;

	if ((error = mg_file_directives(&d, text->ptr, text->len)) < 0)
		return error;
	v = mg_directives_get(&d, "txmode");
	if (v) {
		if (r->o->tx_mode == MG_TX_ALL)
			error = ut_error_set(UT_ERROR,
					     "%s: cannot set txmode directive to \"%s\" when global tx-mode is \"all\"",
					     f->name, v);
		else if (strcmp(v, "none") == 0)
			*mode = MG_TX_NONE;
		else if (strcmp(v, "file") == 0)
			*mode = MG_TX_FILE;
		else
			error = ut_error_set(UT_ERROR,
					     "%s: unknown txmode directive \"%s\" (file or none)",
					     f->name, v);
	}
	mg_directives_release(&d);
	return error;
}

/*
 * Runs one file. mode is the file's tx mode; in_all_tx when an outer
 * transaction of tx-mode all is open.
 */
static int run_file(run *r, mg_apply_result *res, const mg_revs *revs,
		    const mg_file *f, bool in_all_tx, bool *failed_in_tx)
{
	const mg_apply_opts *o = r->o;
	ut_buf text = UT_BUF_INIT;
	mg_stmts stmts = MG_STMTS_INIT;
	mg_revision rev = { 0 };
	char **hashes = NULL;
	mg_tx_mode mode = o->tx_mode;
	const mg_revision *rep_old = NULL;
	char *rep_hash = NULL;
	bool no_tx = false, rerun = false;
	int64_t t0 = ut_now_ns(), base_time = 0;
	size_t first = 0;
	int error;
	bool file_tx = false;
	bool user_tx = false; /* inside a transaction the file opened */

	*failed_in_tx = false;
	if (o->obs && o->obs->file_start)
		o->obs->file_start(o->payload, f);
	if ((error = mg_file_read(f, &text)) < 0)
		goto unreadable;
	if ((error = file_txmode(&mode, r, f, &text)) < 0)
		goto unreadable;
	if ((error = mg_file_split(&stmts, &no_tx, r->dir, f, text.ptr,
				   text.len, &r->split)) < 0) {
		ut_error_wrap("%s", f->name);
		goto unreadable;
	}
	if (no_tx && o->tx_mode == MG_TX_ALL) {
		error = ut_error_set(UT_ERROR,
				     "%s: the file runs outside a transaction (%s), which global tx-mode \"all\" cannot do",
				     f->name, mg_format_name(r->dir->format));
		goto unreadable;
	}
	if (no_tx)
		mode = MG_TX_NONE;
	/*
	 * A file that runs its own transactions (BEGIN ... COMMIT, the
	 * golang-migrate habit, often before a CREATE INDEX CONCURRENTLY)
	 * cannot run inside one of ours: its COMMIT would commit ours, and
	 * a failure after it would roll back nothing while the record said
	 * nothing ran. It runs statement by statement, each recorded in
	 * the file's own transaction when one is open.
	 */
	if (mode == MG_TX_FILE && !in_all_tx)
		for (size_t i = 0; i < stmts.len; i++)
			if (tx_control(stmts.items[i].text, stmts.items[i].len)) {
				mode = MG_TX_NONE;
				break;
			}
	mg_stmt_hashes(&hashes, &stmts);
	if (f->repeatable) {
		/*
		 * A repeatable's row: a failed run of the same text resumes,
		 * a changed text runs again from its first statement, in a
		 * new row (so executed_at is this run's).
		 */
		if ((error = mg_repeatable_hash(&rep_hash, f)) < 0)
			goto unreadable;
		rep_old = find_repeatable(revs, f);
		if (rep_old && strcmp(rep_old->hash, rep_hash) != 0)
			rerun = true;
	}
	/* resume: the row of this version, when there is one */
	{
		const mg_revision *old = f->repeatable
						 ? (rerun ? NULL : rep_old)
						 : find_rev(revs, f->version);
		if (old) {
			mg_revision_copy(&rev, old);
			first = (size_t)rev.applied;
			base_time = rev.execution_time;
			if (first > stmts.len) {
				error = ut_error_set(UT_ERROR,
						     "sql/migrate: history changed: revision \"%s\" has %zu statements applied but file \"%s\" has %zu",
						     f->version, first, f->name,
						     stmts.len);
				goto unreadable;
			}
			for (size_t i = 0; i < first; i++) {
				if (i >= rev.npartial ||
				    strcmp(rev.partial_hashes[i], hashes[i]) != 0) {
					error = ut_error_set(UT_ERROR,
							     "sql/migrate: history changed: statement %zu from file \"%s\" changed",
							     i + 1, f->name);
					ut_error_hint("the file was edited after it was partly applied; restore it, or fix the database and run 'strata migrate set'");
					goto unreadable;
				}
			}
		} else {
			rev.version = f->repeatable ? mg_repeatable_version(f)
						    : ut_xstrdup(f->version);
			rev.description = ut_xstrdup(f->desc);
			rev.executed_at = mg_rev_now(r->c);
		}
	}
	rev.type = MG_REV_EXECUTED;
	rev.total = (int64_t)stmts.len;
	free(rev.hash);
	rev.hash = ut_xstrdup(f->repeatable ? rep_hash : file_hash(r, f));
	free(rev.operator_version);
	rev.operator_version = ut_xstrdup(mg_operator_version);
	free(rev.error);
	free(rev.error_stmt);
	rev.error = rev.error_stmt = NULL;
	if (!in_all_tx && mode == MG_TX_FILE) {
		if ((error = tx_begin(r)) < 0)
			goto done;
		file_tx = true;
	}
	/*
	 * Inside a transaction the intermediate rows are invisible and go
	 * away with a rollback: only statement-by-statement runs record the
	 * start and each statement as it happens.
	 */
	bool per_stmt = (!in_all_tx && !file_tx) || r->ddl_commits;
	if (rerun && !o->dry_run &&
	    (error = mg_rev_delete(&r->st, rev.version)) < 0)
		goto fail;
	if (per_stmt && (error = rev_write(r, &rev)) < 0)
		goto fail;
	for (size_t i = first; i < stmts.len; i++) {
		const mg_stmt *s = &stmts.items[i];
		int ctl = in_all_tx || file_tx ? 0 : tx_control(s->text, s->len);
		bool mini = !in_all_tx && !file_tx && !o->dry_run &&
			    !user_tx && tx_safe(r->c, s->text, s->len);

		if (dl_interrupted()) {
			error = ut_error_set(UT_ERROR,
					     "interrupted before statement %zu",
					     i + 1);
			goto fail;
		}
		if (o->obs && o->obs->stmt)
			o->obs->stmt(o->payload, f, s->src, s->src_len);
		if (mini && (error = r->c->drv->begin(r->c)) < 0)
			goto fail;
		if ((error = exec_stmt(r, s)) < 0) {
			if (mini)
				tx_rollback(r);
			/* as written: no substituted value is kept */
			rev.error_stmt = ut_xstrndup(s->src, s->src_len);
			goto fail;
		}
		if (ctl)
			user_tx = ctl > 0;
		rev.partial_hashes = ut_xrealloc(rev.partial_hashes,
						 (rev.npartial + 1) * sizeof(char *));
		rev.partial_hashes[rev.npartial++] = ut_xstrdup(hashes[i]);
		rev.applied = (int64_t)i + 1;
		rev.execution_time = base_time + (ut_now_ns() - t0);
		if (per_stmt && (error = rev_write(r, &rev)) < 0) {
			if (mini)
				tx_rollback(r);
			goto fail;
		}
		if (mini && (error = r->c->drv->commit(r->c)) < 0)
			goto fail;
		res->stmts_ok++;
	}
	if (user_tx) {
		error = ut_error_set(UT_ERROR,
				     "the file ends inside a transaction it opened (BEGIN without COMMIT)");
		goto fail;
	}
	/* done: clear the partial hashes, as Atlas does */
	for (size_t i = 0; i < rev.npartial; i++)
		free(rev.partial_hashes[i]);
	free(rev.partial_hashes);
	rev.partial_hashes = NULL;
	rev.npartial = 0;
	rev.execution_time = base_time + (ut_now_ns() - t0);
	if ((error = rev_write(r, &rev)) < 0)
		goto fail;
	if (file_tx && (error = tx_commit(r)) < 0) {
		tx_rollback(r);
		file_tx = false;
		goto record;
	}
	res->files_ok++;
	if (o->obs && o->obs->file_end)
		o->obs->file_end(o->payload, f, t0, ut_now_ns(), NULL, NULL);
	goto done;
fail:
	if (user_tx && !o->dry_run) {
		/* the file's own transaction goes, with the records in it */
		tx_rollback(r);
		sync_persisted(r, &rev, f, first, res);
	} else if (r->ddl_commits && (file_tx || in_all_tx) && !o->dry_run) {
		/* the implicit commits kept part of it: the row says which */
		tx_rollback(r);
		sync_persisted(r, &rev, f, first, res);
	} else if (file_tx) {
		tx_rollback(r);
		/* the transaction took this file's progress with it */
		res->stmts_ok -= rev.applied > (int64_t)first
					 ? (size_t)(rev.applied - (int64_t)first)
					 : 0;
		rev.applied = (int64_t)first;
		while (rev.npartial > first)
			free(rev.partial_hashes[--rev.npartial]);
	}
	if (in_all_tx)
		*failed_in_tx = true;
record:
	res->files_failed++;
	res->stmts_failed++;
	{
		/* keep the error: the message survives the rollback */
		ut_buf msg = UT_BUF_INIT, q = UT_BUF_INIT;
		ut_code code = ut_error_last()->code;
		ut_buf_puts(&msg, ut_error_last()->msg);
		free(rev.error);
		rev.error = ut_xstrdup(msg.ptr);
		rev.execution_time = base_time + (ut_now_ns() - t0);
		if (o->obs && o->obs->file_end)
			o->obs->file_end(o->payload, f, t0, ut_now_ns(), msg.ptr,
					 rev.error_stmt);
		if ((!in_all_tx || r->ddl_commits) && !o->dry_run)
			mg_rev_write(&r->st, &rev); /* best effort */
		if (rev.error_stmt) {
			ut_buf_quote(&q, rev.error_stmt);
			error = ut_error_set(code ? code : UT_EDB,
					     "sql/migrate: executing statement %s from version \"%s\": %s",
					     q.ptr, f->version, msg.ptr);
		} else {
			error = ut_error_set(code ? code : UT_EDB, "%s: %s",
					     f->name, msg.ptr);
		}
		ut_buf_release(&q);
		ut_buf_release(&msg);
	}
	goto done;
unreadable:
	/* nothing ran: the file could not be read or split */
	res->files_failed++;
	if (o->obs && o->obs->file_end)
		o->obs->file_end(o->payload, f, t0, ut_now_ns(),
				 ut_error_last()->msg, NULL);
done:
	if (hashes)
		for (size_t i = 0; i < stmts.len; i++)
			free(hashes[i]);
	free(hashes);
	free(rep_hash);
	mg_revision_release(&rev);
	mg_stmts_release(&stmts);
	ut_buf_release(&text);
	return error;
}

static int bool_row(const char *const *vals, size_t n, void *payload)
{
	*(bool *)payload = n && vals[0] && strcmp(vals[0], "1") == 0;
	return 0;
}

int mg_apply(mg_apply_result *res, dl_conn *c, const mg_dir *dir,
	     const mg_apply_opts *o)
{
	run r = { 0 };
	mg_revs revs = { 0 };
	mg_pending pend = { 0 };
	bool locked = false, table = false, all_tx = false;
	size_t count;
	char *lock_name;
	int error;

	/*
	 * A connection bound to one schema (a tenant of a multi-tenant
	 * server) locks that schema, not the whole server: tenants migrate
	 * side by side, two applies on one schema still exclude each other.
	 */
	lock_name = c->schema && strcmp(c->drv->name, "sqlite") != 0
			    ? ut_xasprintf("%s.%s", MG_REV_LOCK_APPLY, c->schema)
			    : ut_xstrdup(MG_REV_LOCK_APPLY);
	memset(res, 0, sizeof(*res));
	r.c = c;
	r.dir = dir;
	r.o = o;
	r.split = mg_split_opts_for_driver(c->drv);
	r.ddl_commits = strcmp(c->drv->name, "mysql") == 0;
	if ((error = mg_rev_store_init(&r.st, c, o->revisions_schema)) < 0)
		goto done;
	if ((error = mg_sum_compute(&r.sum, dir)) < 0)
		goto done;
	if ((error = c->drv->lock(c, lock_name, o->lock_timeout_ns)) < 0) {
		if (error == UT_ELOCKED)
			ut_error_hint("another 'migrate apply' is running on this database; wait for it or raise --lock-timeout");
		goto done;
	}
	locked = true;
	if ((error = mg_rev_exists(&table, &r.st)) < 0)
		goto done;
	if ((error = mg_rev_read(&revs, &r.st)) < 0)
		goto done;
	mg_revs_sort(&revs, dir->format);
	/*
	 * The table is created once the database is known to take it: a
	 * database refused as not clean is left as it was (no revision
	 * table, schema or MySQL database of ours in it).
	 */
	if (!table && revs.len == 0 && !o->baseline && !o->allow_dirty &&
	    (error = c->drv->check_clean(c, MG_REV_TABLE)) < 0) {
		error = ut_error_set(UT_ERROR,
				     "sql/migrate: %s. baseline version or allow-dirty is required",
				     ut_error_last()->msg);
		ut_error_hint("pass --baseline <version> to start from an existing schema, or --allow-dirty");
		goto done;
	}
	if (!table && !o->dry_run && (error = mg_rev_ensure(&r.st)) < 0)
		goto done;
	if (revs.len == 0 && o->baseline) {
		const mg_file *bf = mg_dir_find_version(dir, o->baseline);
		mg_revision b = { 0 };
		if (!bf) {
			error = ut_error_set(UT_ENOTFOUND,
					     "baseline version \"%s\" not found",
					     o->baseline);
			goto done;
		}
		b.version = ut_xstrdup(bf->version);
		b.description = ut_xstrdup(bf->desc);
		b.type = MG_REV_BASELINE;
		b.executed_at = mg_rev_now(c);
		b.hash = ut_xstrdup(file_hash(&r, bf));
		b.operator_version = ut_xstrdup(mg_operator_version);
		error = rev_write(&r, &b);
		free(revs.items);
		/* with dry-run nothing is written: pretend the row exists */
		revs.items = ut_xcalloc(1, sizeof(mg_revision));
		revs.len = 1;
		revs.items[0] = b;
		if (error < 0)
			goto done;
	} else if (revs.len == 0 && !o->allow_dirty && table) {
		/* an empty table of an earlier run: the same check */
		if ((error = c->drv->check_clean(c, MG_REV_TABLE)) < 0) {
			error = ut_error_set(UT_ERROR,
					     "sql/migrate: %s. baseline version or allow-dirty is required",
					     ut_error_last()->msg);
			ut_error_hint("pass --baseline <version> to start from an existing schema, or --allow-dirty");
			goto done;
		}
	}
	if ((error = mg_pending_compute(&pend, dir, &revs, o->order)) < 0)
		goto done;
	if (pend.current)
		res->from = ut_xstrdup(pend.current);
	count = pend.len;
	if (o->amount && o->amount < count)
		count = o->amount;
	res->pending = count;
	if (count == 0)
		goto done;
	res->to = ut_xstrdup(dir->files[pend.idx[count - 1]].version);
	if (o->obs && o->obs->plan)
		o->obs->plan(o->payload, dir, &pend, count);
	if (strcmp(c->drv->name, "sqlite") == 0 && !o->dry_run) {
		/* Atlas's SQLite tx opener: foreign keys off outside the tx */
		c->drv->query(c, "PRAGMA foreign_keys", NULL, 0, bool_row,
			      &r.sqlite_fk_was_on);
		if (r.sqlite_fk_was_on && o->tx_mode != MG_TX_NONE &&
		    (error = c->drv->exec(c, "PRAGMA foreign_keys = off", 25)) < 0)
			goto done;
	}
	if (o->tx_mode == MG_TX_ALL) {
		if ((error = tx_begin(&r)) < 0)
			goto done;
		all_tx = true;
	}
	for (size_t i = 0; i < count; i++) {
		bool failed_in_tx = false;
		error = run_file(&r, res, &revs, &dir->files[pend.idx[i]],
				 all_tx, &failed_in_tx);
		if (error < 0) {
			if (all_tx) {
				tx_rollback(&r);
				all_tx = false;
				/* everything rolled back: nothing was applied */
				if (!r.ddl_commits) {
					res->files_ok = 0;
					res->stmts_ok = 0;
				}
			}
			break;
		}
	}
	if (all_tx && error == 0 && (error = tx_commit(&r)) < 0)
		tx_rollback(&r);
done:
	{
		ut_error saved;
		ut_error_stash(&saved);
		if (r.sqlite_fk_was_on && o->tx_mode != MG_TX_NONE)
			c->drv->exec(c, "PRAGMA foreign_keys = on", 24);
		if (locked)
			c->drv->unlock(c, lock_name);
		ut_error_restore(&saved);
	}
	mg_pending_release(&pend);
	mg_revs_release(&revs);
	mg_sum_release(&r.sum);
	mg_rev_store_release(&r.st);
	free(lock_name);
	return error;
}
