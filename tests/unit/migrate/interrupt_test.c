/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/migrate/interrupt_test.c: an apply interrupted by a signal
 * (dl_interrupt from the handler, as cmd installs it) stops the running
 * statement at once, rolls its transaction back, records the failure,
 * and a rerun continues where the database says it stopped.
 */
#include <signal.h>
#include <sys/time.h>
#include <unistd.h>

#include "test.h"

#include "apply.h"
#include "dir.h"
#include "driver.h"
#include "migrate_tests.h"
#include "sum.h"
#include "ut.h"

static char *tmpdir;

static int setup(void **state)
{
	(void)state;
	char *d;
	int error;

	dl_interrupt_clear();
	if (ut_mkdtemp(&tmpdir, "strata-intr") < 0)
		return -1;
	d = ut_path_join(tmpdir, "m");
	error = ut_mkdir_p(d);
	free(d);
	return error < 0 ? -1 : 0;
}

static int teardown(void **state)
{
	(void)state;
	dl_interrupt_clear();
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

static void on_alarm(int sig)
{
	(void)sig;
	dl_interrupt();
}

/* SIGALRM in ms milliseconds calls dl_interrupt, as SIGINT does in cmd. */
static void arm(long ms)
{
	struct sigaction sa;
	struct itimerval it = { { 0, 0 }, { ms / 1000, (ms % 1000) * 1000 } };

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sigemptyset(&sa.sa_mask);
	assert_int_equal(sigaction(SIGALRM, &sa, NULL), 0);
	assert_int_equal(setitimer(ITIMER_REAL, &it, NULL), 0);
}

/* A statement SQLite needs minutes for. */
#define LONG_QUERY                                                        \
	"WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n " \
	"WHERE x < 2000000000) SELECT count(*) FROM n;\n"

static void run_case(mg_tx_mode mode, const char *rows_after)
{
	char *url = ut_xasprintf("sqlite://%s/app-%d.db", tmpdir, (int)mode);
	char *dirurl = ut_xasprintf("file://%s/m", tmpdir);
	dl_conn *c;
	mg_dir *dir;
	mg_apply_result res;
	mg_apply_opts o = { 0 };
	ut_buf rows = UT_BUF_INIT;
	int64_t t0;

	put("m/1_a.sql", "CREATE TABLE a (id int);\n");
	put("m/2_b.sql", "CREATE TABLE b (id int);\n" LONG_QUERY
	                 "CREATE TABLE c (id int);\n");
	assert_int_equal(mg_dir_open(&dir, dirurl, 0), 0);
	assert_int_equal(mg_sum_write(dir), 0);
	assert_int_equal(dl_open(&c, url), 0);
	o.lock_timeout_ns = 1000000000;
	o.tx_mode = mode;

	arm(300);
	t0 = ut_now_ns();
	assert_int_not_equal(mg_apply(&res, c, dir, &o), 0);
	/* stopped at once, not after minutes */
	assert_true(ut_now_ns() - t0 < 20 * 1000000000LL);
	assert_true(dl_interrupted());
	assert_non_null(strstr(ut_error_last()->msg, "interrupt"));
	assert_int_equal(res.files_ok, 1);
	mg_apply_result_release(&res);
	assert_int_equal(
	        c->drv->query(
	                c,
	                "SELECT version, applied, total, error IS NOT NULL "
	                "FROM atlas_schema_revisions ORDER BY version",
	                NULL, 0, collect, &rows),
	        0);
	assert_string_equal(rows.ptr, rows_after);

	/* still interrupted: nothing more runs */
	assert_int_not_equal(mg_apply(&res, c, dir, &o), 0);
	assert_non_null(
	        strstr(ut_error_last()->msg, "interrupted before statement"));
	mg_apply_result_release(&res);

	/* the next run, without the long statement, continues */
	dl_interrupt_clear();
	put("m/2_b.sql", "CREATE TABLE b (id int);\nSELECT 1;\n"
	                 "CREATE TABLE c (id int);\n");
	mg_dir_free(dir);
	assert_int_equal(mg_dir_open(&dir, dirurl, 0), 0);
	assert_int_equal(mg_sum_write(dir), 0);
	if (mode == MG_TX_NONE) {
		/* statement 2 changed after statement 1 ran: history check */
		assert_int_equal(mg_apply(&res, c, dir, &o), 0);
		assert_int_equal(res.stmts_ok, 2);
	} else {
		assert_int_equal(mg_apply(&res, c, dir, &o), 0);
		assert_int_equal(res.stmts_ok, 3);
	}
	mg_apply_result_release(&res);
	ut_buf_reset(&rows);
	assert_int_equal(
	        c->drv->query(
	                c,
	                "SELECT count(*) FROM sqlite_master WHERE name IN ('a', 'b', 'c')",
	                NULL, 0, collect, &rows),
	        0);
	assert_string_equal(rows.ptr, "3\n");

	dl_close(c);
	mg_dir_free(dir);
	ut_buf_release(&rows);
	free(url);
	free(dirurl);
}

static void test_migrate_interrupt__file_tx_rolls_back(void **state)
{
	(void)state;
	/* the file's transaction went back: b is not there, 0 applied */
	run_case(MG_TX_FILE, "1|1|1|0\n2|0|3|1\n");
}

static void test_migrate_interrupt__no_tx_keeps_statements(void **state)
{
	(void)state;
	/* b's statement ran on its own and stays recorded */
	run_case(MG_TX_NONE, "1|1|1|0\n2|1|3|1\n");
}

int test_migrate_interrupt_run(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		        test_migrate_interrupt__file_tx_rolls_back, setup,
		        teardown),
		cmocka_unit_test_setup_teardown(
		        test_migrate_interrupt__no_tx_keeps_statements, setup,
		        teardown),
	};
	return cmocka_run_group_tests_name("migrate_interrupt", tests, NULL,
	                                   NULL);
}
