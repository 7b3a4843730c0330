/* SPDX-License-Identifier: MIT */
/*
 * bench/my_inspect_bench.c: inspection of 5,000 MySQL/MariaDB tables
 * (columns, indexes, foreign keys, checks) in a database of its own on
 * the server named by STRATA_TEST_MY_URL (or argv[1]). Prints the time
 * and the number of statements the server counted (targets: < 2 s, at
 * most 20 queries). The database is dropped afterwards, unless
 * STRATA_BENCH_KEEP is set.
 *
 *   bench_my_inspect [URL-of-the-server] [tables]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "driver.h"
#include "ut.h"

static int second(const char *const *v, size_t n, void *payload)
{
	if (n > 1 && v[1])
		ut_str_to_i64(payload, v[1]);
	return 0;
}

static int64_t questions(dl_conn *c)
{
	int64_t n = -1;

	if (c->drv->query(c, "SHOW SESSION STATUS LIKE 'Questions'", NULL, 0,
	                  second, &n) < 0)
		return -1;
	return n;
}

static int run(dl_conn *c, const char *sql)
{
	if (dl_exec(c, sql) < 0) {
		fprintf(stderr, "bench: %s\n", ut_error_last()->msg);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	const char *server = argc > 1 ? argv[1] : getenv("STRATA_TEST_MY_URL");
	long ntables = argc > 2 ? strtol(argv[2], NULL, 10) : 5000;
	char *db = ut_xasprintf("strata_bench_%ld", (long)getpid());
	char *url = NULL;
	dl_conn *admin = NULL, *c = NULL;
	dl_url *u = NULL;
	sm_realm *r = NULL;
	ut_buf sql = UT_BUF_INIT;
	int64_t t0, t1, q0, q1;
	int status = 1;

	if (!server || !*server) {
		fprintf(stderr,
		        "bench: set STRATA_TEST_MY_URL or pass a URL\n");
		return 2;
	}
	if (dl_url_parse(&u, server) < 0)
		goto done;
	url = ut_xasprintf("%s://%s%s%s%s@%s:%d/%s", u->scheme,
	                   u->user ? u->user : "root", u->password ? ":" : "",
	                   u->password ? u->password : "", "", u->host,
	                   u->port ? u->port : 3306, db);
	{
		char *root = ut_xasprintf("%s://%s%s%s@%s:%d/", u->scheme,
		                          u->user ? u->user : "root",
		                          u->password ? ":" : "",
		                          u->password ? u->password : "",
		                          u->host, u->port ? u->port : 3306);
		int e = dl_open(&admin, root);
		free(root);
		if (e < 0)
			goto done;
	}
	ut_buf_printf(&sql, "CREATE DATABASE `%s`", db);
	if (run(admin, sql.ptr) < 0)
		goto done;
	if (dl_open(&c, url) < 0)
		goto done;
	/* one script per 100 tables: few round trips to build the schema */
	for (long i = 0; i < ntables; i += 100) {
		ut_buf_reset(&sql);
		for (long k = i; k < i + 100 && k < ntables; k++) {
			ut_buf_printf(
			        &sql,
			        "CREATE TABLE t%ld (id bigint NOT NULL AUTO_INCREMENT, "
			        "name varchar(100) NOT NULL DEFAULT '', amount decimal(10,2) NULL, "
			        "created timestamp NOT NULL DEFAULT current_timestamp(), parent_id bigint NULL, "
			        "PRIMARY KEY (id), KEY ix_name (name(20)), CONSTRAINT ck_%ld CHECK (amount >= 0)",
			        k, k);
			/* each table references the one before it */
			if (k)
				ut_buf_printf(
				        &sql,
				        ", CONSTRAINT fk_%ld FOREIGN KEY (parent_id) REFERENCES t%ld (id)",
				        k, k - 1);
			ut_buf_puts(&sql, ");");
		}
		if (run(c, sql.ptr) < 0)
			goto done;
	}
	t0 = ut_now_ns();
	q0 = questions(c);
	if (dl_inspect(&r, c, NULL) < 0)
		goto done;
	q1 = questions(c);
	t1 = ut_now_ns();
	printf("my_inspect: %zu tables in %.3f s, %lld queries\n",
	       sm_realm_table_count(r), (double)(t1 - t0) / 1e9,
	       (long long)(q1 - q0 - 1));
	status = 0;
done:
	if (status)
		fprintf(stderr, "bench: %s\n", ut_error_last()->msg);
	if (admin && !getenv("STRATA_BENCH_KEEP")) {
		ut_buf_reset(&sql);
		ut_buf_printf(&sql, "DROP DATABASE IF EXISTS `%s`", db);
		run(admin, sql.ptr);
	}
	sm_realm_free(r);
	dl_close(c);
	dl_close(admin);
	dl_url_free(u);
	ut_buf_release(&sql);
	free(url);
	free(db);
	return status;
}
