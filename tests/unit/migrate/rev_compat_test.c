/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/migrate/rev_compat_test.c: strata continues a database that
 * Atlas migrated (the revision table and rows exactly as Atlas v0.13.3
 * writes them, reference 3.1), and the table strata creates has Atlas's
 * columns and types, so Atlas can continue strata's.
 */
#include <unistd.h>

#include "test.h"

#include "apply.h"
#include "dir.h"
#include "driver.h"
#include "migrate_tests.h"
#include "rev.h"
#include "sum.h"
#include "ut.h"

static char *tmpdir;

static int setup(void **state)
{
	(void)state;
	return ut_mkdtemp(&tmpdir, "strata-rev") < 0 ? -1 : 0;
}

static int teardown(void **state)
{
	(void)state;
	ut_rm_rf(tmpdir);
	free(tmpdir);
	return 0;
}

static void put(const char *name, const char *content)
{
	char *p = ut_path_join(tmpdir, name);
	assert_int_equal(ut_file_write_atomic(p, content, strlen(content)), 0);
	free(p);
}

static int collect(const char *const *v, size_t n, void *payload)
{
	ut_buf *b = payload;
	for (size_t i = 0; i < n; i++)
		ut_buf_printf(b, "%s%s", i ? "|" : "", v[i] ? v[i] : "NULL");
	ut_buf_putc(b, '\n');
	return 0;
}

/* The DDL Atlas v0.13.3 runs on SQLite, as measured (reference 3.1). */
static const char atlas_ddl[] =
	"CREATE TABLE `atlas_schema_revisions` (`version` text NOT NULL, "
	"`description` text NOT NULL, `type` integer NOT NULL DEFAULT 2, "
	"`applied` integer NOT NULL DEFAULT 0, `total` integer NOT NULL DEFAULT 0, "
	"`executed_at` datetime NOT NULL, `execution_time` integer NOT NULL, "
	"`error` text NULL, `error_stmt` text NULL, `hash` text NOT NULL, "
	"`partial_hashes` json NULL, `operator_version` text NOT NULL, "
	"PRIMARY KEY (`version`))";

static void test_migrate_rev__continues_atlas_database(void **state)
{
	char *url = ut_xasprintf("sqlite://%s/app.db", tmpdir);
	char *dirurl = ut_xasprintf("file://%s/m", tmpdir);
	dl_conn *c;
	mg_dir *dir;
	mg_sum sum;
	mg_apply_result res;
	mg_apply_opts o = { 0 };
	ut_buf rows = UT_BUF_INIT, sql = UT_BUF_INIT;

	(void)state;
	{
		char *d = ut_path_join(tmpdir, "m");
		unlink(d);
		assert_int_equal(ut_mkdir_p(d), 0);
		free(d);
	}
	put("m/1_a.sql", "CREATE TABLE a (id int);\n");
	put("m/2_b.sql", "CREATE TABLE b (id int);\nCREATE INDEX b_id ON b (id);\n");
	put("m/3_c.sql", "CREATE TABLE c (id int);\n");
	assert_int_equal(mg_dir_open(&dir, dirurl, 0), 0);
	assert_int_equal(mg_sum_write(dir), 0);
	assert_int_equal(mg_sum_compute(&sum, dir), 0);

	/* the database as Atlas left it after applying 1 and 2 */
	assert_int_equal(dl_open(&c, url), 0);
	assert_int_equal(dl_exec(c, "CREATE TABLE a (id int)"), 0);
	assert_int_equal(dl_exec(c, "CREATE TABLE b (id int)"), 0);
	assert_int_equal(dl_exec(c, "CREATE INDEX b_id ON b (id)"), 0);
	assert_int_equal(dl_exec(c, atlas_ddl), 0);
	ut_buf_printf(&sql,
		      "INSERT INTO atlas_schema_revisions VALUES "
		      "('1', 'a', 2, 1, 1, '2026-11-26 10:32:24.417492166+00:00', 1234567, NULL, NULL, '%s', '[\"h1:x\"]', 'Atlas CLI v0.13.3'), "
		      "('2', 'b', 2, 2, 2, '2026-11-26 10:32:24.517492166+00:00', 2345678, NULL, NULL, '%s', '[\"h1:y\",\"h1:z\"]', 'Atlas CLI v0.13.3')",
		      sum.entries[0].hash, sum.entries[1].hash);
	assert_int_equal(dl_exec(c, sql.ptr), 0);

	o.lock_timeout_ns = 1000000000;
	assert_int_equal(mg_apply(&res, c, dir, &o), 0);
	assert_int_equal(res.pending, 1); /* only 3 runs */
	assert_string_equal(res.from, "2");
	assert_string_equal(res.to, "3");
	assert_int_equal(res.stmts_ok, 1);
	mg_apply_result_release(&res);

	assert_int_equal(c->drv->query(c,
				       "SELECT version, type, applied, total, hash, partial_hashes, operator_version "
				       "FROM atlas_schema_revisions ORDER BY version",
				       NULL, 0, collect, &rows),
			 0);
	/* Atlas's rows untouched, strata's row in Atlas's shape */
	ut_buf_reset(&sql);
	ut_buf_printf(&sql,
		      "1|2|1|1|%s|[\"h1:x\"]|Atlas CLI v0.13.3\n"
		      "2|2|2|2|%s|[\"h1:y\",\"h1:z\"]|Atlas CLI v0.13.3\n"
		      "3|2|1|1|%s|NULL|strata v" STRATA_VERSION_STRING "\n",
		      sum.entries[0].hash, sum.entries[1].hash, sum.entries[2].hash);
	assert_string_equal(rows.ptr, sql.ptr);

	/* a rerun has nothing to do */
	assert_int_equal(mg_apply(&res, c, dir, &o), 0);
	assert_int_equal(res.pending, 0);
	mg_apply_result_release(&res);

	dl_close(c);
	mg_sum_release(&sum);
	mg_dir_free(dir);
	ut_buf_release(&rows);
	ut_buf_release(&sql);
	free(url);
	free(dirurl);
}

static void test_migrate_rev__table_matches_atlas(void **state)
{
	char *mine = ut_xasprintf("sqlite://%s/mine.db", tmpdir);
	char *theirs = ut_xasprintf("sqlite://%s/theirs.db", tmpdir);
	dl_conn *a, *b;
	mg_rev_store st;
	ut_buf x = UT_BUF_INIT, y = UT_BUF_INIT;
	const char *q = "SELECT name, type, \"notnull\", dflt_value, pk FROM "
			"pragma_table_info('atlas_schema_revisions') ORDER BY cid";

	(void)state;
	assert_int_equal(dl_open(&a, mine), 0);
	assert_int_equal(dl_open(&b, theirs), 0);
	assert_int_equal(mg_rev_store_init(&st, a, NULL), 0);
	assert_int_equal(mg_rev_ensure(&st), 0);
	assert_int_equal(dl_exec(b, atlas_ddl), 0);
	assert_int_equal(a->drv->query(a, q, NULL, 0, collect, &x), 0);
	assert_int_equal(b->drv->query(b, q, NULL, 0, collect, &y), 0);
	assert_true(x.len > 0);
	assert_string_equal(x.ptr, y.ptr);
	mg_rev_store_release(&st);
	dl_close(a);
	dl_close(b);
	ut_buf_release(&x);
	ut_buf_release(&y);
	free(mine);
	free(theirs);
}

int test_migrate_rev_run(void)
{
	static const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_migrate_rev__continues_atlas_database,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_migrate_rev__table_matches_atlas,
						setup, teardown),
	};
	return cmocka_run_group_tests_name("migrate_rev", tests, NULL, NULL);
}
