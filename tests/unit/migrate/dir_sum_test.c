/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/migrate/dir_sum_test.c: directory URLs, naming, atlas.sum
 * byte-identical to Atlas's, validation reports, atomic writes.
 */
#include <sys/stat.h>
#include <unistd.h>

#include "test.h"

#include "dir.h"
#include "migrate_tests.h"
#include "sum.h"
#include "ut.h"

static char *tmpdir;

static int setup(void **state)
{
	(void)state;
	return ut_mkdtemp(&tmpdir, "strata-sum") < 0 ? -1 : 0;
}

static int teardown(void **state)
{
	(void)state;
	ut_rm_rf(tmpdir);
	free(tmpdir);
	return 0;
}

static void write_file(const char *name, const char *content)
{
	char *p = ut_path_join(tmpdir, name);
	assert_int_equal(ut_file_write_atomic(p, content, strlen(content)), 0);
	free(p);
}

static char *dir_url(void)
{
	return ut_xasprintf("file://%s", tmpdir);
}

static void test_migrate_dir__url_forms(void **state)
{
	char *path;
	mg_format f;

	(void)state;
	assert_int_equal(mg_dir_url_parse(&path, &f, "file://migrations"), 0);
	assert_string_equal(path, "migrations");
	assert_int_equal(f, MG_FORMAT_ATLAS);
	free(path);
	assert_int_equal(mg_dir_url_parse(&path, &f, "file:///abs/p?format=goose"), 0);
	assert_string_equal(path, "/abs/p");
	assert_int_equal(f, MG_FORMAT_GOOSE);
	free(path);
	assert_int_equal(mg_dir_url_parse(&path, &f, NULL), 0);
	assert_string_equal(path, "migrations");
	free(path);
	assert_int_equal(mg_dir_url_parse(&path, &f, "file://my%20dir"), 0);
	assert_string_equal(path, "my dir");
	free(path);
	assert_int_equal(mg_dir_url_parse(&path, &f, "migrations"), UT_EUSAGE);
	assert_non_null(strstr(ut_error_last()->msg, "Did you mean \"file://migrations\"?"));
	assert_int_equal(mg_dir_url_parse(&path, &f, "file://m?format=nope"), UT_EUSAGE);
	ut_error_clear();
}

static void test_migrate_dir__names(void **state)
{
	char *v, *d;

	(void)state;
	mg_name_parse(&v, &d, "20220318104614_initial.sql");
	assert_string_equal(v, "20220318104614");
	assert_string_equal(d, "initial");
	free(v);
	free(d);
	mg_name_parse(&v, &d, "1.a_sub.up.sql");
	assert_string_equal(v, "1.a");
	assert_string_equal(d, "sub.up");
	free(v);
	free(d);
	mg_name_parse(&v, &d, "3.sql");
	assert_string_equal(v, "3");
	assert_string_equal(d, "");
	free(v);
	free(d);
	assert_true(mg_version_is_timestamp("20240101000000"));
	assert_false(mg_version_is_timestamp("2024010100000"));
}

static void test_migrate_sum__atlas_reference_bytes(void **state)
{
	/* reference 1.5: Atlas's cmdapi/testdata/sqlite directory */
	mg_dir *dir;
	mg_sum sum;
	ut_buf out = UT_BUF_INIT;
	char *url = dir_url();

	(void)state;
	write_file("20220318104614_initial.sql",
		   "CREATE TABLE tbl\n(\n    col INT\n);");
	write_file("20220318104615_second.sql",
		   "ALTER TABLE tbl ADD col_2 TEXT;");
	assert_int_equal(mg_dir_open(&dir, url, 0), 0);
	assert_int_equal(dir->nfiles, 2);
	assert_int_equal(mg_sum_compute(&sum, dir), 0);
	mg_sum_format(&out, &sum);
	{
		/* recompute the chain independently: H(n1 c1), H(n1 c1 n2 c2) */
		const char *n1 = "20220318104614_initial.sql",
			   *c1 = "CREATE TABLE tbl\n(\n    col INT\n);",
			   *n2 = "20220318104615_second.sql",
			   *c2 = "ALTER TABLE tbl ADD col_2 TEXT;";
		ut_buf all = UT_BUF_INIT, want = UT_BUF_INIT;
		unsigned char d[UT_SHA256_LEN];
		char h1[45], h2[45], total[45];
		ut_sha256 *h = ut_sha256_new();

		ut_buf_printf(&all, "%s%s", n1, c1);
		ut_sha256_update(h, all.ptr, all.len);
		ut_sha256_final(h, d);
		ut_sha256_b64(h1, d);
		ut_buf_printf(&all, "%s%s", n2, c2);
		ut_sha256_update(h, all.ptr, all.len);
		ut_sha256_final(h, d);
		ut_sha256_b64(h2, d);
		ut_buf_reset(&all);
		ut_buf_printf(&all, "%s%s%s%s", n1, h1, n2, h2);
		ut_sha256_update(h, all.ptr, all.len);
		ut_sha256_final(h, d);
		ut_sha256_b64(total, d);
		ut_buf_printf(&want, "h1:%s\n%s h1:%s\n%s h1:%s\n", total, n1, h1,
			      n2, h2);
		assert_string_equal(out.ptr, want.ptr);
		ut_sha256_free(h);
		ut_buf_release(&all);
		ut_buf_release(&want);
	}
	mg_sum_release(&sum);
	mg_dir_free(dir);
	ut_buf_release(&out);
	free(url);
}

static void test_migrate_sum__empty_dir(void **state)
{
	mg_dir *dir;
	mg_sum sum;
	ut_buf out = UT_BUF_INIT;
	char *url = dir_url();

	(void)state;
	assert_int_equal(mg_dir_open(&dir, url, 0), 0);
	assert_int_equal(mg_sum_compute(&sum, dir), 0);
	mg_sum_format(&out, &sum);
	assert_string_equal(out.ptr, "h1:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n");
	mg_sum_release(&sum);
	mg_dir_free(dir);
	ut_buf_release(&out);
	free(url);
}

static void test_migrate_sum__ignore_directive(void **state)
{
	(void)state;
	assert_true(mg_sum_ignored("-- atlas:sum ignore\nSELECT 1;", 30));
	assert_true(mg_sum_ignored("# atlas:sum ignore", 18));
	assert_true(mg_sum_ignored("atlas:sum ignore", 16));
	assert_false(mg_sum_ignored("-- atlas:sum\n", 13));
	assert_false(mg_sum_ignored("\n-- atlas:sum ignore", 20));
	assert_false(mg_sum_ignored("-- atlas:sum ignorex", 20));
}

static void test_migrate_sum__validate_reports(void **state)
{
	mg_dir *dir;
	mg_sum_problem pr;
	char *url = dir_url();

	(void)state;
	write_file("1_a.sql", "CREATE TABLE a (id int);\n");
	write_file("2_b.sql", "CREATE TABLE b (id int);\n");
	assert_int_equal(mg_dir_open(&dir, url, 0), 0);
	/* no atlas.sum with files present */
	assert_int_equal(mg_dir_validate(dir, &pr), UT_ECHECKSUM);
	assert_string_equal(ut_error_last()->msg, "checksum file not found");
	mg_sum_problem_release(&pr);
	assert_int_equal(mg_sum_write(dir), 0);
	assert_int_equal(mg_dir_validate(dir, &pr), 0);
	/* edited */
	write_file("2_b.sql", "CREATE TABLE b (id bigint);\n");
	assert_int_equal(mg_dir_validate(dir, &pr), UT_ECHECKSUM);
	assert_int_equal(pr.line, 3);
	assert_string_equal(pr.file, "2_b.sql");
	assert_string_equal(pr.reason, "edited");
	mg_sum_problem_release(&pr);
	assert_int_equal(mg_sum_write(dir), 0);
	/* added in the middle */
	write_file("1x_mid.sql", "SELECT 1;\n");
	assert_int_equal(mg_dir_rescan(dir), 0);
	assert_int_equal(mg_dir_validate(dir, &pr), UT_ECHECKSUM);
	assert_string_equal(pr.file, "1x_mid.sql");
	assert_string_equal(pr.reason, "added");
	assert_int_equal(pr.line, 3);
	mg_sum_problem_release(&pr);
	assert_int_equal(mg_sum_write(dir), 0);
	/* removed */
	{
		char *p = ut_path_join(tmpdir, "1x_mid.sql");
		unlink(p);
		free(p);
	}
	assert_int_equal(mg_dir_rescan(dir), 0);
	assert_int_equal(mg_dir_validate(dir, &pr), UT_ECHECKSUM);
	assert_string_equal(pr.file, "1x_mid.sql");
	assert_string_equal(pr.reason, "removed");
	mg_sum_problem_release(&pr);
	/* a malformed sum line */
	write_file("atlas.sum", "h1:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\nbroken line\n");
	assert_int_equal(mg_dir_validate(dir, &pr), UT_ECHECKSUM);
	assert_non_null(strstr(ut_error_last()->msg, "line 2"));
	mg_sum_problem_release(&pr);
	ut_error_clear();
	mg_dir_free(dir);
	free(url);
}

static void test_migrate_dir__add_file_is_atomic(void **state)
{
	mg_dir *dir;
	char *url = dir_url(), **names;
	size_t n;

	(void)state;
	write_file("1_a.sql", "SELECT 1;\n");
	assert_int_equal(mg_dir_open(&dir, url, 0), 0);
	assert_int_equal(mg_sum_write(dir), 0);
	/* the sum write fails: the new file must not stay behind */
	setenv("STRATA_FAULT", "rename:2", 1);
	assert_true(mg_dir_add_file(dir, "2_b.sql", "SELECT 2;\n", 10) < 0);
	unsetenv("STRATA_FAULT");
	ut_error_clear();
	assert_int_equal(ut_dir_list(&names, &n, tmpdir), 0);
	assert_int_equal(n, 2); /* 1_a.sql and atlas.sum only */
	assert_string_equal(names[0], "1_a.sql");
	assert_string_equal(names[1], "atlas.sum");
	ut_strlist_free(names, n);
	assert_int_equal(mg_dir_add_file(dir, "2_b.sql", "SELECT 2;\n", 10), 0);
	assert_int_equal(dir->nfiles, 2);
	assert_int_equal(mg_dir_add_file(dir, "2_b.sql", "x", 1), UT_EEXISTS);
	ut_error_clear();
	mg_dir_free(dir);
	free(url);
}

static void test_migrate_sum__names_with_spaces(void **state)
{
	mg_dir *dir;
	mg_sum_problem pr;
	mg_sum parsed;
	ut_buf text = UT_BUF_INIT;
	char *url = dir_url(), *p;

	(void)state;
	write_file("1_with space.sql", "SELECT 1;\r\n");
	write_file("2_b.sql", "SELECT '\xe9';\n");
	assert_int_equal(mg_dir_open(&dir, url, 0), 0);
	assert_int_equal(dir->nfiles, 2);
	assert_string_equal(dir->files[0].desc, "with space");
	assert_int_equal(mg_sum_write(dir), 0);
	assert_int_equal(mg_dir_validate(dir, &pr), 0);
	p = ut_path_join(tmpdir, "atlas.sum");
	assert_int_equal(ut_file_read(&text, p), 0);
	assert_int_equal(mg_sum_parse(&parsed, text.ptr, text.len), 0);
	assert_string_equal(parsed.entries[0].name, "1_with space.sql");
	mg_sum_release(&parsed);
	ut_buf_release(&text);
	free(p);
	mg_dir_free(dir);
	free(url);
}

static void test_migrate_dir__missing(void **state)
{
	mg_dir *dir;

	(void)state;
	assert_int_equal(mg_dir_open(&dir, "file:///nonexistent/strata/dir", 0),
			 UT_ENOTFOUND);
	assert_non_null(strstr(ut_error_last()->msg, "does not exist"));
	ut_error_clear();
}

int test_migrate_dir_sum_run(void)
{
	static const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_migrate_dir__url_forms),
		cmocka_unit_test(test_migrate_dir__names),
		cmocka_unit_test(test_migrate_sum__ignore_directive),
		cmocka_unit_test(test_migrate_dir__missing),
		cmocka_unit_test_setup_teardown(test_migrate_sum__atlas_reference_bytes,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_migrate_sum__empty_dir, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_migrate_sum__validate_reports,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_migrate_dir__add_file_is_atomic,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_migrate_sum__names_with_spaces,
						setup, teardown),
	};
	return cmocka_run_group_tests_name("migrate_dir_sum", tests, NULL, NULL);
}
