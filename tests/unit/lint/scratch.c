/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/lint/scratch.c: scratch dev databases (scratch.h).
 */
#include "test.h"

#include <unistd.h>

#include "driver.h"
#include "scratch.h"
#include "ut.h"

static int seq;

static void exec_on(const char *url, const char *sql)
{
	dl_conn *c = NULL;

	if (dl_open(&c, url) < 0)
		fail_msg("cannot open the test server: %s",
		         ut_error_last()->msg);
	if (dl_exec(c, sql) < 0)
		fail_msg("%s: %s", sql, ut_error_last()->msg);
	dl_close(c);
}

bool lt_scratch_new(lt_scratch *s, const char *dialect)
{
	bool my = strcmp(dialect, "mysql") == 0;
	const char *v =
	        getenv(my ? "STRATA_TEST_MY_URL" : "STRATA_TEST_PG_URL");
	ut_buf sql = UT_BUF_INIT;

	memset(s, 0, sizeof(*s));
	if (!v || !*v)
		v = getenv(my ? "STRATA_TEST_MY_DEV_URL"
		              : "STRATA_TEST_PG_DEV_URL");
	if (!v || !*v)
		return false;
	s->mysql = my;
	s->server = ut_xstrdup(v);
	s->name = ut_xasprintf("strata_t_%ld_%d", (long)getpid(), ++seq);
	s->url = ut_url_set_path(v, s->name);
	/* the names are plain identifiers: no quoting needed */
	ut_buf_printf(&sql, "DROP DATABASE IF EXISTS %s", s->name);
	exec_on(s->server, sql.ptr);
	ut_buf_reset(&sql);
	ut_buf_printf(&sql, "CREATE DATABASE %s", s->name);
	exec_on(s->server, sql.ptr);
	ut_buf_release(&sql);
	return true;
}

void lt_scratch_drop(lt_scratch *s)
{
	char *sql;

	if (!s->name)
		return;
	sql = ut_xasprintf("DROP DATABASE IF EXISTS %s%s", s->name,
	                   s->mysql ? "" : " WITH (FORCE)");
	exec_on(s->server, sql);
	free(sql);
	free(s->server);
	free(s->name);
	free(s->url);
	memset(s, 0, sizeof(*s));
}
