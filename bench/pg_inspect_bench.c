/* SPDX-License-Identifier: MIT */
/*
 * bench/pg_inspect_bench.c: inspection of 5,000 PostgreSQL tables (50,000
 * columns, 10,000 indexes, 5,000 foreign keys) in a scratch database of
 * its own on the server named by STRATA_TEST_PG_URL (or argv[1]). Prints
 * the time of dl_inspect and the number of queries it sent (targets:
 * < 1.5 s, at most 20 queries). The database is dropped afterwards,
 * unless STRATA_BENCH_KEEP is set.
 *
 *   bench_pg_inspect [URL-of-the-server] [tables]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "driver.h"
#include "ut.h"

static const dl_driver *real;
static int nqueries;

/* Counts every query inspection sends through the driver seam. */
static int counting_query(dl_conn *c, const char *sql,
			  const char *const *params, size_t nparams,
			  dl_row_fn fn, void *payload)
{
	nqueries++;
	return real->query(c, sql, params, nparams, fn, payload);
}

static int run(dl_conn *c, const char *sql)
{
	if (dl_exec(c, sql) < 0) {
		fprintf(stderr, "bench: %s\n", ut_error_last()->msg);
		return -1;
	}
	return 0;
}

/* The server URL with another database. */
static char *with_db(const dl_url *u, const char *db)
{
	ut_buf b = UT_BUF_INIT;

	ut_buf_printf(&b, "%s://", u->scheme);
	if (u->user) {
		ut_buf_puts(&b, u->user);
		if (u->password)
			ut_buf_printf(&b, ":%s", u->password);
		ut_buf_putc(&b, '@');
	}
	ut_buf_puts(&b, u->host);
	if (u->port)
		ut_buf_printf(&b, ":%d", u->port);
	ut_buf_printf(&b, "/%s", db);
	if (*u->query)
		ut_buf_printf(&b, "?%s", u->query);
	return ut_buf_detach(&b);
}

int main(int argc, char **argv)
{
	const char *server = argc > 1 ? argv[1] : getenv("STRATA_TEST_PG_URL");
	long ntables = argc > 2 ? strtol(argv[2], NULL, 10) : 5000;
	char *db = ut_xasprintf("strata_bench_%ld", (long)getpid());
	char *url = NULL;
	dl_conn *admin = NULL, *c = NULL;
	dl_url *u = NULL;
	sm_realm *r = NULL;
	ut_buf sql = UT_BUF_INIT;
	dl_driver counting;
	size_t ncols = 0, nidx = 0, nfk = 0;
	int64_t t0, t1;
	int status = 1;

	if (!server || !*server) {
		fprintf(stderr, "bench: set STRATA_TEST_PG_URL or pass a URL\n");
		return 2;
	}
	if (dl_url_parse(&u, server) < 0 || dl_open(&admin, server) < 0)
		goto done;
	ut_buf_printf(&sql, "CREATE DATABASE %s", db);
	if (run(admin, sql.ptr) < 0)
		goto done;
	url = with_db(u, db);
	if (dl_open(&c, url) < 0)
		goto done;
	/*
	 * Per table: 10 columns, a primary key and a second index, a foreign
	 * key to the table before it. One script per 250 tables.
	 */
	for (long i = 0; i < ntables; i += 250) {
		ut_buf_reset(&sql);
		for (long k = i; k < i + 250 && k < ntables; k++) {
			ut_buf_printf(&sql,
				      "CREATE TABLE t%ld (id bigserial PRIMARY KEY, "
				      "name varchar(100) NOT NULL DEFAULT '', amount numeric(10,2), "
				      "created timestamptz NOT NULL DEFAULT now(), "
				      "parent_id bigint REFERENCES t%ld, "
				      "flag boolean, note text, data jsonb, code char(3), rank integer);"
				      "CREATE INDEX t%ld_name ON t%ld (name, created DESC);",
				      /* the first table points at itself */
				      k, k ? k - 1 : 0, k, k);
		}
		if (run(c, sql.ptr) < 0)
			goto done;
	}
	real = c->drv;
	counting = *c->drv;
	counting.query = counting_query;
	c->drv = &counting;
	t0 = ut_now_ns();
	if (dl_inspect(&r, c, NULL) < 0)
		goto done;
	t1 = ut_now_ns();
	c->drv = real;
	for (size_t i = 0; i < r->schemas.len; i++) {
		const sm_schema *s = r->schemas.items[i];
		for (size_t j = 0; j < s->tables.len; j++) {
			const sm_table *t = s->tables.items[j];
			ncols += t->columns.len;
			nidx += t->indexes.len + (t->pk ? 1 : 0);
			nfk += t->fks.len;
		}
	}
	printf("pg_inspect: %zu tables, %zu columns, %zu indexes, %zu foreign keys in %.3f s, %d queries\n",
	       sm_realm_table_count(r), ncols, nidx, nfk,
	       (double)(t1 - t0) / 1e9, nqueries);
	status = 0;
done:
	if (status)
		fprintf(stderr, "bench: %s\n", ut_error_last()->msg);
	if (c)
		c->drv = real ? real : c->drv;
	dl_close(c);
	if (admin && !getenv("STRATA_BENCH_KEEP")) {
		ut_buf_reset(&sql);
		ut_buf_printf(&sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", db);
		run(admin, sql.ptr);
	}
	sm_realm_free(r);
	dl_close(admin);
	dl_url_free(u);
	ut_buf_release(&sql);
	free(url);
	free(db);
	return status;
}
