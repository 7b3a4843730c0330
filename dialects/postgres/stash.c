/* SPDX-License-Identifier: MIT */
/*
 * dialects/postgres/stash.c: the replay cache of `migrate lint` kept by
 * the server (dl_driver.stash_*). An entry is a template database
 * strata_lint_<16 hex of key>, created TEMPLATE the dev database after the
 * replay; its comment says when it was last used, so the oldest go first.
 *
 * Restoring never drops or recreates the user's dev database (its owner,
 * rights and settings stay as they are): the connection moves to a fresh
 * private copy of the template (strata_lint_w<pid>_<n>, commented as a
 * working copy) and comes back home on reset and close, dropping the copy.
 * Copies left by a killed process are dropped by a later save once nobody
 * is connected to them and they are an hour old. Everything needs the
 * CREATEDB privilege; without it saves fail and the caller replays.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "pg_int.h"
#include "ut.h"

#define WORK_COMMENT  "strata lint working copy; created "
/* A working copy nobody uses is garbage after this many seconds. */
#define WORK_STALE_S 3600

static unsigned work_seq;

/* Runs sql on pg (a connection other than the dl_conn's). */
static int exec_on(PGconn *pg, const char *sql)
{
	PGresult *res = PQexec(pg, sql);
	int error = 0;

	if (PQresultStatus(res) != PGRES_COMMAND_OK &&
	    PQresultStatus(res) != PGRES_TUPLES_OK) {
		const char *m =
		        PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
		error = ut_error_set(UT_EDB, "pq: %s",
		                     m ? m : PQerrorMessage(pg));
	}
	PQclear(res);
	return error;
}

static void comment_sql(ut_buf *sql, const char *db, const char *prefix)
{
	char text[96];

	snprintf(text, sizeof(text), "%s%lld", prefix, dl_stash_now_us());
	ut_buf_puts(sql, "COMMENT ON DATABASE ");
	dl_pg__quote_ident(sql, db);
	ut_buf_puts(sql, " IS ");
	dl_pg__quote_literal(sql, text);
}

typedef struct entry {
	char *name;
	long long stamp; /* from the comment; 0 = none */
	bool busy;       /* someone is connected */
	bool work;       /* a working copy */
} entry;

typedef UT_VEC(entry) entries;

static void entries_release(entries *v)
{
	for (size_t i = 0; i < v->len; i++)
		free(v->items[i].name);
	ut_vec_release(v);
}

static long long stamp_of(const char *comment, const char *prefix)
{
	if (!comment || strncmp(comment, prefix, strlen(prefix)) != 0)
		return 0;
	return strtoll(comment + strlen(prefix), NULL, 10);
}

/* The stashes and working copies on the server, with their stamps. */
static int list_entries(entries *out, PGconn *pg)
{
	PGresult *res = PQexec(
	        pg,
	        "SELECT d.datname, pg_catalog.shobj_description(d.oid, 'pg_database'),"
	        " EXISTS (SELECT 1 FROM pg_catalog.pg_stat_activity a WHERE a.datid = d.oid)"
	        " FROM pg_catalog.pg_database d"
	        " WHERE d.datname LIKE 'strata\\_lint\\_%' ORDER BY d.datname");
	int error = 0;

	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		error = ut_error_set(UT_EDB, "pq: %s", PQerrorMessage(pg));
		goto done;
	}
	for (int r = 0; r < PQntuples(res); r++) {
		const char *name = PQgetvalue(res, r, 0);
		const char *cm =
		        PQgetisnull(res, r, 1) ? NULL : PQgetvalue(res, r, 1);
		entry e = { 0 };
		uint64_t k;
		if (dl_stash_parse(&k, name)) {
			e.stamp = stamp_of(cm, DL_STASH_COMMENT);
		} else if (cm && stamp_of(cm, WORK_COMMENT)) {
			e.stamp = stamp_of(cm, WORK_COMMENT);
			e.work = true;
		} else {
			continue; /* not ours (strata_lint_dev, ...) */
		}
		e.name = ut_xstrdup(name);
		e.busy = strcmp(PQgetvalue(res, r, 2), "t") == 0;
		ut_vec_push(out, e);
	}
done:
	PQclear(res);
	return error;
}

/* Best effort, keeping the current error: in use or not ours, a later run
 * retries. */
static void drop_db(PGconn *pg, const char *name)
{
	ut_buf sql = UT_BUF_INIT;
	ut_error keep;

	ut_error_stash(&keep);
	ut_buf_puts(&sql, "DROP DATABASE IF EXISTS ");
	dl_pg__quote_ident(&sql, name);
	exec_on(pg, sql.ptr);
	ut_error_restore(&keep);
	ut_buf_release(&sql);
}

/*
 * Keeps at most keep stashes (the least recently used go; keep_name, just
 * written, stays) and drops working copies that nobody uses and that are
 * older than WORK_STALE_S. Best effort.
 */
static void prune(PGconn *pg, size_t keep, const char *keep_name)
{
	entries v = UT_VEC_INIT;
	long long now = dl_stash_now_us();
	size_t nstash = 0;

	if (list_entries(&v, pg) < 0) {
		ut_error_clear();
		return;
	}
	for (size_t i = 0; i < v.len; i++) {
		entry *e = &v.items[i];
		if (e->work) {
			if (!e->busy &&
			    now - e->stamp > WORK_STALE_S * 1000000LL)
				drop_db(pg, e->name);
			continue;
		}
		nstash++;
	}
	while (nstash > keep) {
		entry *oldest = NULL;
		for (size_t i = 0; i < v.len; i++) {
			entry *e = &v.items[i];
			if (e->work || !e->name || !strcmp(e->name, keep_name))
				continue;
			if (!oldest || e->stamp < oldest->stamp)
				oldest = e;
		}
		if (!oldest)
			break;
		drop_db(pg, oldest->name);
		free(oldest->name);
		oldest->name = NULL;
		nstash--;
	}
	entries_release(&v);
}

int dl_pg__stash_list(dl_conn *conn, uint64_t **keys, size_t *n)
{
	dl_pg_conn *c = (dl_pg_conn *)conn;
	entries v = UT_VEC_INIT;
	int error;

	*keys = NULL;
	*n = 0;
	if ((error = list_entries(&v, c->pg)) < 0)
		goto done;
	*keys = ut_xcalloc(v.len ? v.len : 1, sizeof(**keys));
	for (size_t i = 0; i < v.len; i++) {
		uint64_t k;
		if (!v.items[i].work && dl_stash_parse(&k, v.items[i].name))
			(*keys)[(*n)++] = k;
	}
done:
	entries_release(&v);
	return error;
}

/*
 * CREATE DATABASE ... TEMPLATE needs the source database without
 * sessions, ours included: the connection steps out to another database
 * (home when it is on a working copy, else the maintenance database),
 * copies, and steps back in.
 */
int dl_pg__stash_save(dl_conn *conn, uint64_t key, size_t keep)
{
	dl_pg_conn *c = (dl_pg_conn *)conn;
	const char *src = c->work_db ? c->work_db : c->home_db;
	PGconn *aside = NULL;
	ut_buf sql = UT_BUF_INIT;
	char name[32];
	int error, e2;

	dl_stash_name(name, key);
	if (c->work_db) {
		error = dl_pg__connect(&aside, c, c->home_db);
	} else if (strcmp(src, "postgres") == 0 ||
	           (error = dl_pg__connect(&aside, c, "postgres")) < 0) {
		ut_error_clear();
		error = dl_pg__connect(&aside, c, "template1");
	}
	if (error < 0)
		return error;
	PQfinish(c->pg);
	c->pg = NULL;
	ut_buf_puts(&sql, "CREATE DATABASE ");
	dl_pg__quote_ident(&sql, name);
	ut_buf_puts(&sql, " TEMPLATE ");
	dl_pg__quote_ident(&sql, src);
	error = exec_on(aside, sql.ptr);
	if (error < 0 && strstr(ut_error_last()->msg, "already exists") != NULL)
		error = ut_error_set(UT_EEXISTS,
		                     "replay cache entry \"%s\" exists", name);
	if (error == 0) {
		ut_buf_reset(&sql);
		comment_sql(&sql, name, DL_STASH_COMMENT);
		if (exec_on(aside, sql.ptr) < 0)
			ut_error_clear(); /* unstamped: first to go */
		prune(aside, keep, name);
	}
	PQfinish(aside);
	/* back in, whatever happened: the caller goes on with this state */
	if ((e2 = dl_pg__connect(&c->pg, c, src)) < 0)
		error = e2;
	dl_pg__swapped(c);
	ut_buf_release(&sql);
	return error;
}

int dl_pg__stash_load(dl_conn *conn, uint64_t key)
{
	dl_pg_conn *c = (dl_pg_conn *)conn;
	const char *params[1];
	ut_buf sql = UT_BUF_INIT;
	char name[32], *work = NULL;
	PGconn *pg = NULL;
	bool found = false;
	int error;

	dl_stash_name(name, key);
	params[0] = name;
	{
		PGresult *res = PQexecParams(
		        c->pg,
		        "SELECT 1 FROM pg_catalog.pg_database WHERE datname = $1",
		        1, NULL, params, NULL, NULL, 0);
		if (PQresultStatus(res) != PGRES_TUPLES_OK)
			error = ut_error_set(UT_EDB, "pq: %s",
			                     PQerrorMessage(c->pg));
		else
			error = 0;
		found = error == 0 && PQntuples(res) > 0;
		PQclear(res);
	}
	if (error < 0)
		goto done;
	if (!found) {
		error = ut_error_set(UT_ENOTFOUND,
		                     "no replay cache entry \"%s\"", name);
		goto done;
	}
	work = ut_xasprintf(DL_STASH_PREFIX "w%ld_%u", (long)getpid(), ++work_seq);
	ut_buf_puts(&sql, "CREATE DATABASE ");
	dl_pg__quote_ident(&sql, work);
	ut_buf_puts(&sql, " TEMPLATE ");
	dl_pg__quote_ident(&sql, name);
	if ((error = exec_on(c->pg, sql.ptr)) < 0)
		goto done;
	ut_buf_reset(&sql);
	comment_sql(&sql, work, WORK_COMMENT);
	ut_buf_puts(&sql, ";\n");
	comment_sql(&sql, name, DL_STASH_COMMENT);
	if ((error = exec_on(c->pg, sql.ptr)) < 0 ||
	    (error = dl_pg__connect(&pg, c, work)) < 0) {
		drop_db(c->pg, work);
		goto done;
	}
	/* switch; a previous copy is dropped from the new connection */
	{
		PGconn *old = c->pg;
		char *old_work = c->work_db;
		c->pg = pg;
		c->work_db = work;
		work = NULL;
		dl_pg__swapped(c);
		PQfinish(old);
		if (old_work)
			drop_db(c->pg, old_work);
		free(old_work);
	}
done:
	free(work);
	ut_buf_release(&sql);
	return error;
}

int dl_pg__stash_drop(dl_conn *conn, uint64_t key)
{
	dl_pg_conn *c = (dl_pg_conn *)conn;
	ut_buf sql = UT_BUF_INIT;
	char name[32];
	int error;

	dl_stash_name(name, key);
	ut_buf_puts(&sql, "DROP DATABASE IF EXISTS ");
	dl_pg__quote_ident(&sql, name);
	error = exec_on(c->pg, sql.ptr);
	ut_buf_release(&sql);
	return error;
}

int dl_pg__stash_leave(dl_pg_conn *c)
{
	PGconn *home = NULL;
	int error;

	if (!c->work_db)
		return 0;
	if ((error = dl_pg__connect(&home, c, c->home_db)) < 0)
		return error;
	PQfinish(c->pg);
	c->pg = home;
	dl_pg__swapped(c);
	drop_db(c->pg, c->work_db);
	free(c->work_db);
	c->work_db = NULL;
	return 0;
}
