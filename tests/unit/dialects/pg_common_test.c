/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/dialects/pg_common_test.c: helpers of the PostgreSQL tests
 * (scratch databases, inspection, plans, pg_dump) and their main().
 */
#include "pg_test.h"

#include <unistd.h>

static int scratch_seq;

const char *pg_test_url(void)
{
	const char *u = getenv("STRATA_TEST_PG_URL");
	const char *ci = getenv("CI");
	const char *all = getenv("STRATA_TEST_REQUIRE_ALL");

	if (u && *u)
		return u;
	if ((ci && strcmp(ci, "true") == 0) || (all && strcmp(all, "1") == 0))
		fail_msg("STRATA_TEST_PG_URL is not set: CI must run the PostgreSQL tests (scripts/test-servers.sh start)");
	print_message("skipped: STRATA_TEST_PG_URL is not set (scripts/test-servers.sh start; source build/test-env.sh)\n");
	skip();
	return NULL;
}

/* The server URL with another database path and extra query text. */
static char *url_with_db(const char *base, const char *db, const char *extra)
{
	char *url = ut_url_set_path(base, db), *with;

	if (!extra || !*extra)
		return url;
	with = ut_xasprintf("%s%c%s", url, strchr(url, '?') ? '&' : '?', extra);
	free(url);
	return with;
}

dl_conn *pg_open(const char *url)
{
	dl_conn *c = NULL;
	int error = dl_open(&c, url);

	if (error < 0)
		fail_msg("cannot open %s: %s", url, ut_error_last()->msg);
	return c;
}

void pg_exec(dl_conn *c, const char *sql)
{
	if (dl_exec(c, sql) < 0)
		fail_msg("exec failed: %s\n%s", ut_error_last()->msg, sql);
}

static int text_row(const char *const *vals, size_t n, void *payload)
{
	ut_buf *b = payload;

	for (size_t i = 0; i < n; i++) {
		if (i)
			ut_buf_putc(b, '|');
		ut_buf_puts(b, vals[i] ? vals[i] : "NULL");
	}
	ut_buf_putc(b, '\n');
	return 0;
}

char *pg_rows(dl_conn *c, const char *sql)
{
	ut_buf b = UT_BUF_INIT;

	if (c->drv->query(c, sql, NULL, 0, text_row, &b) < 0)
		fail_msg("query failed: %s\n%s", ut_error_last()->msg, sql);
	return ut_buf_detach(&b);
}

void pg_scratch_new(pg_scratch *s)
{
	const char *base = pg_test_url();
	dl_conn *c = pg_open(base);
	ut_buf sql = UT_BUF_INIT;

	s->name = ut_xasprintf("strata_t_%ld_%d", (long)getpid(),
			       ++scratch_seq);
	ut_buf_printf(&sql, "DROP DATABASE IF EXISTS %s", s->name);
	pg_exec(c, sql.ptr);
	ut_buf_reset(&sql);
	ut_buf_printf(&sql, "CREATE DATABASE %s", s->name);
	pg_exec(c, sql.ptr);
	ut_buf_release(&sql);
	dl_close(c);
	s->url = url_with_db(base, s->name, NULL);
}

char *pg_scratch_url(const pg_scratch *s, const char *extra)
{
	return url_with_db(pg_test_url(), s->name, extra);
}

void pg_scratch_drop(pg_scratch *s)
{
	dl_conn *c;
	char *sql;

	if (!s->name)
		return;
	c = pg_open(pg_test_url());
	sql = ut_xasprintf("DROP DATABASE IF EXISTS %s WITH (FORCE)", s->name);
	pg_exec(c, sql);
	free(sql);
	dl_close(c);
	free(s->name);
	free(s->url);
	s->name = s->url = NULL;
}

sm_realm *pg_inspect(dl_conn *c)
{
	sm_realm *r = NULL;

	if (dl_inspect(&r, c, NULL) < 0)
		fail_msg("inspect failed: %s", ut_error_last()->msg);
	return r;
}

char *pg_plan_sql(const dl_plan *p)
{
	ut_buf b = UT_BUF_INIT;

	for (size_t i = 0; i < p->stmts.len; i++)
		ut_buf_printf(&b, "%s;\n", p->stmts.items[i].sql);
	return ut_buf_detach(&b);
}

static void changes_text(ut_buf *b, const sm_changes *ch)
{
	static const char *const ops[] = { "add", "drop", "modify", "rename" };

	for (size_t i = 0; i < ch->items.len; i++) {
		const sm_change *c = ch->items.items[i];
		const sm_object *o = c->to ? c->to : c->from;
		ut_buf_printf(b, "  %s %s ", ops[c->op], sm_kind_name(c->kind));
		sm_object_qname(b, o);
		ut_buf_printf(b, " mask=%#x\n", c->mask);
		for (size_t j = 0; j < c->subs.len; j++) {
			const sm_change *s = c->subs.items[j];
			ut_buf_printf(b, "    %s %s ", ops[s->op],
				      sm_kind_name(s->kind));
			sm_object_qname(b, s->to ? s->to : s->from);
			ut_buf_printf(b, " mask=%#x\n", s->mask);
		}
	}
}

void pg_apply_diff(dl_conn *c, const sm_realm *from, const sm_realm *to)
{
	sm_changes *ch = NULL;
	dl_plan *plan = NULL;
	dl_plan_opts po = { 0 };

	if (sm_diff(&ch, from, to, NULL) < 0)
		fail_msg("diff failed: %s", ut_error_last()->msg);
	if (c->drv->plan(&plan, c, ch, &po) < 0)
		fail_msg("plan failed: %s", ut_error_last()->msg);
	for (size_t i = 0; i < plan->stmts.len; i++) {
		const char *sql = plan->stmts.items[i].sql;
		if (dl_exec(c, sql) < 0) {
			char *all = pg_plan_sql(plan);
			fail_msg("plan statement failed: %s\n%s\nwhole plan:\n%s",
				 ut_error_last()->msg, sql, all);
		}
	}
	dl_plan_free(plan);
	sm_changes_free(ch);
}

static void assert_same(const sm_realm *from, const sm_realm *to,
			const sm_diff_opts *o, const char *what)
{
	sm_changes *ch = NULL;

	if (sm_diff(&ch, from, to, o) < 0)
		fail_msg("diff failed: %s", ut_error_last()->msg);
	if (!sm_changes_empty(ch)) {
		ut_buf b = UT_BUF_INIT;
		changes_text(&b, ch);
		fail_msg("%s: realms differ:\n%s", what, b.ptr);
	}
	sm_changes_free(ch);
}

void pg_assert_same(const sm_realm *from, const sm_realm *to,
		    const char *what)
{
	assert_same(from, to, NULL, what);
}

void pg_assert_same_scoped(const sm_realm *from, const sm_realm *to,
			   const char *what)
{
	sm_diff_opts o = { 0 };

	o.ignore_schema_names = true;
	assert_same(from, to, &o, what);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *pg_dump_bin(void)
{
	static const char *const dirs[] = { "/usr/lib/postgresql/17/bin",
					    "/usr/lib/postgresql/16/bin",
					    "/usr/lib/postgresql/15/bin",
					    "/usr/lib/postgresql/14/bin",
					    "/usr/lib/postgresql/13/bin" };

	for (size_t i = 0; i < UT_ARRAY_SIZE(dirs); i++) {
		char *p = ut_xasprintf("%s/pg_dump", dirs[i]);
		if (access(p, X_OK) == 0)
			return p;
		free(p);
	}
	return ut_xstrdup("pg_dump");
}

/*
 * pg_dump's statements (comments, blank lines, SET and psql meta lines
 * dropped), sorted, one per line.
 */
char *pg_dump_statements(const char *dbname)
{
	dl_url *u = NULL;
	char *bin = pg_dump_bin(), *cmd;
	ut_buf out = UT_BUF_INIT, stmt = UT_BUF_INIT, res = UT_BUF_INIT;
	UT_VEC(char *) list = UT_VEC_INIT;
	char line[8192];
	FILE *f;

	assert_int_equal(dl_url_parse(&u, pg_test_url()), 0);
	cmd = ut_xasprintf("PGPASSWORD='%s' '%s' -h '%s' -p %d -U '%s' --schema-only --no-owner --no-privileges '%s'",
			   u->password ? u->password : "", bin, u->host,
			   u->port ? u->port : 5432, u->user ? u->user : "",
			   dbname);
	f = popen(cmd, "r");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		size_t n = strlen(line);
		if (!stmt.len && (line[0] == '\n' || !strncmp(line, "--", 2) ||
				  line[0] == '\\' || !strncmp(line, "SET ", 4) ||
				  !strncmp(line, "SELECT pg_catalog.set_config", 28)))
			continue;
		ut_buf_put(&stmt, line, n);
		while (n && (line[n - 1] == '\n' || line[n - 1] == ' '))
			n--;
		if (n && line[n - 1] == ';') {
			ut_buf_rtrim(&stmt);
			ut_vec_push(&list, ut_buf_detach(&stmt));
		}
	}
	assert_int_equal(pclose(f), 0);
	qsort(list.items, list.len, sizeof(char *), cmp_str);
	for (size_t i = 0; i < list.len; i++) {
		ut_buf_printf(&res, "%s\n", list.items[i]);
		free(list.items[i]);
	}
	ut_vec_release(&list);
	ut_buf_release(&stmt);
	ut_buf_release(&out);
	free(cmd);
	free(bin);
	dl_url_free(u);
	return ut_buf_detach(&res);
}

int main(int argc, char **argv)
{
	int failed = 0;

	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	failed += _cmocka_run_group_tests("pg_conn", pg_conn_tests,
					  pg_conn_ntests, NULL, NULL);
	failed += _cmocka_run_group_tests("pg_inspect", pg_inspect_tests,
					  pg_inspect_ntests, NULL, NULL);
	failed += _cmocka_run_group_tests("pg_pairs", pg_pairs_tests,
					  pg_pairs_ntests, NULL, NULL);
	return failed ? 1 : 0;
}
