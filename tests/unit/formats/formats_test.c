/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/formats/formats_test.c: other tools' directory layouts:
 * listing and ordering, bad input named, the up part of each file,
 * new files written in each layout, and `migrate import` reproducing
 * Atlas's outputs byte for byte (shared/reference/atlas-testdata/import).
 */
#include <sys/stat.h>
#include <unistd.h>

#include "test.h"

#include "apply.h"
#include "dir.h"
#include "driver.h"
#include "formats.h"
#include "import.h"
#include "split.h"
#include "sum.h"
#include "ut.h"

static char *tmpdir;

static int setup(void **state)
{
	(void)state;
	return ut_mkdtemp(&tmpdir, "strata-formats") < 0 ? -1 : 0;
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
	char *slash = strrchr(p, '/');
	*slash = '\0';
	assert_int_equal(ut_mkdir_p(p), 0);
	*slash = '/';
	assert_int_equal(ut_file_write_atomic(p, content, strlen(content)), 0);
	free(p);
}

static void rm(const char *name)
{
	char *p = ut_path_join(tmpdir, name);
	ut_rm_rf(p);
	free(p);
}

static int open_fmt(mg_dir **out, const char *fmt, unsigned flags)
{
	char *url = ut_xasprintf("file://%s?format=%s", tmpdir, fmt);
	int error = mg_dir_open(out, url, flags);
	free(url);
	return error;
}

/* Names of the files, "|"-joined, as "name=version/desc[+down]". */
static char *listing(const mg_dir *dir)
{
	ut_buf b = UT_BUF_INIT;
	for (size_t i = 0; i < dir->nfiles; i++) {
		const mg_file *f = &dir->files[i];
		ut_buf_printf(&b, "%s%s=%s/%s", i ? "|" : "", f->name,
		              f->version, f->desc);
		if (f->down)
			ut_buf_printf(&b, "+%s", f->down);
	}
	return ut_buf_detach(&b);
}

static void expect_listing(const char *fmt, unsigned flags, const char *want)
{
	mg_dir *dir = NULL;
	char *got;

	assert_int_equal(open_fmt(&dir, fmt, flags), 0);
	got = listing(dir);
	assert_string_equal(got, want);
	free(got);
	mg_dir_free(dir);
}

/* Opening fails with UT_ECHECKSUM and a message holding each needle. */
static void expect_bad(const char *fmt, unsigned flags, const char *needle1,
                       const char *needle2)
{
	mg_dir *dir = NULL;

	assert_int_equal(open_fmt(&dir, fmt, flags), UT_ECHECKSUM);
	assert_null(dir);
	if (!strstr(ut_error_last()->msg, needle1) ||
	    (needle2 && !strstr(ut_error_last()->msg, needle2)))
		fail_msg("unexpected error: %s", ut_error_last()->msg);
	ut_error_clear();
}

/* ---- listing ------------------------------------------------------------ */

static void test_formats_list__golang_migrate_numeric_order(void **state)
{
	(void)state;
	put("10_ten.up.sql", "SELECT 10;");
	put("10_ten.down.sql", "SELECT -10;");
	put("9_nine.up.sql", "SELECT 9;");
	put("0164.up.sql", "SELECT 164;");
	put("README.md", "not a migration");
	put("atlas.sum", "h1:x\n");
	expect_listing(
	        "golang-migrate", 0,
	        "9_nine.up.sql=9/nine|10_ten.up.sql=10/ten+10_ten.down.sql|"
	        "0164.up.sql=0164/");
}

static void test_formats_list__golang_migrate_bad_input(void **state)
{
	(void)state;
	put("1_a.up.sql", "SELECT 1;");
	put("2_b.down.sql", "SELECT 2;");
	expect_bad("golang-migrate", 0, "down file '2_b.down.sql'",
	           "no up file '2_b.up.sql'");
	put("2_b.up.sql", "SELECT 2;");
	put("02_c.up.sql", "SELECT 2;");
	expect_bad("golang-migrate", 0, "version 02 appears twice",
	           "'02_c.up.sql' and '2_b.up.sql'");
}

static void test_formats_list__golang_migrate_mixed(void **state)
{
	(void)state;
	put("1_a.up.sql", "SELECT 1;");
	put("2_b.sql", "SELECT 2;");
	expect_bad("golang-migrate", 0, "mixed layouts",
	           "'2_b.sql' is not a golang-migrate file");
	rm("2_b.sql");
	put("x_b.up.sql", "SELECT 2;");
	expect_bad("golang-migrate", 0,
	           "'x_b.up.sql' is not a golang-migrate file name", NULL);
}

static void test_formats_list__golang_migrate_name_order(void **state)
{
	(void)state;
	put("0001_b.up.sql", "SELECT 2;");
	put("0001_a.up.sql", "SELECT 1;");
	put("0002_c_up.sql", "SELECT 3;");
	put("0002_x.down.sql", "SELECT 4;"); /* no up: not checked */
	put("0003.up.sql", "SELECT 5;");
	expect_listing("golang-migrate", MG_DIR_NAME_ORDER,
	               "0001_a.up.sql=0001.1/a|0001_b.up.sql=0001.2/b|"
	               "0002_c_up.sql=0002/c|0003.up.sql=0003/");
}

static void test_formats_list__flyway(void **state)
{
	(void)state;
	put("V1__initial.sql", "SELECT 1;");
	put("U1__initial.sql", "SELECT -1;");
	put("V1_1__fix.sql", "SELECT 11;");
	put("sub/V1.10__later.sql", "SELECT 110;");
	put("sub/V1.9__sooner.sql", "SELECT 19;");
	put("R__views.sql", "SELECT 0;");
	put(".hidden/V7__no.sql", "SELECT 7;");
	put("afterMigrate.sql", "SELECT 'callback';");
	expect_listing(
	        "flyway", 0,
	        "V1__initial.sql=1/initial+U1__initial.sql|"
	        "V1_1__fix.sql=1.1/fix|sub/V1.9__sooner.sql=1.9/sooner|"
	        "sub/V1.10__later.sql=1.10/later|R__views.sql=1.10R/views");
	/* the newest baseline drops the versions up to it */
	put("B1.9__base.sql", "SELECT 'b';");
	expect_listing(
	        "flyway", 0,
	        "B1.9__base.sql=1.9/base|sub/V1.10__later.sql=1.10/later|"
	        "R__views.sql=1.10R/views");
}

static void test_formats_list__flyway_bad_input(void **state)
{
	(void)state;
	put("V1__a.sql", "SELECT 1;");
	put("U2__b.sql", "SELECT 2;");
	expect_bad("flyway", 0, "undo file 'U2__b.sql'",
	           "no versioned migration V2");
	put("V2__b.sql", "SELECT 2;");
	put("sub/V2.0__c.sql", "SELECT 2;");
	expect_bad("flyway", 0, "version 2 appears twice", "'V2__b.sql'");
	rm("sub");
	expect_listing("flyway", 0, "V1__a.sql=1/a|V2__b.sql=2/b+U2__b.sql");
}

static void test_formats_list__flyway_mixed(void **state)
{
	(void)state;
	put("V1__a.sql", "SELECT 1;");
	put("2_b.up.sql", "SELECT 2;");
	expect_bad("flyway", 0, "mixed layouts",
	           "'2_b.up.sql' is not a flyway file");
}

static void test_formats_list__goose_dbmate_liquibase(void **state)
{
	(void)state;
	put("2_b.sql", "-- +goose Up\nSELECT 2;\n");
	put("10_c.sql", "-- +goose Up\nSELECT 10;\n");
	put("1_a.sql", "-- comment\n-- +goose Up\nSELECT 1;\n-- +goose Down\n");
	expect_listing("goose", 0, "1_a.sql=1/a|2_b.sql=2/b|10_c.sql=10/c");
	put("3_d.sql", "SELECT 3;\n");
	expect_bad("goose", 0, "3_d.sql: not a goose migration",
	           "'-- +goose Up'");
	put("3_d.sql", "-- +goose Up\n-- +goose StatementBegin\nSELECT 3;\n");
	expect_bad("goose", 0,
	           "3_d.sql:2: '-- +goose StatementBegin' has no StatementEnd",
	           NULL);
	put("3_d.sql", "-- +goose Up\n-- +goose Sideways\n");
	expect_bad("goose", 0, "3_d.sql:2: unknown goose annotation", NULL);
	put("3_d.sql", "-- +goose Up\nSELECT 3;\n");
	put("3_e.up.sql", "SELECT 3;\n");
	expect_bad("goose", 0, "mixed layouts", "'3_e.up.sql'");
}

static void test_formats_list__dbmate_liquibase(void **state)
{
	mg_dir *dir = NULL;

	(void)state;
	put("20240101000000_a.sql",
	    "-- migrate:up\nSELECT 1;\n-- migrate:down\nSELECT 2;\n");
	expect_listing("dbmate", 0, "20240101000000_a.sql=20240101000000/a");
	put("20240101000001_b.sql", "SELECT 1;\n");
	expect_bad("dbmate", 0, "20240101000001_b.sql: not a dbmate migration",
	           NULL);
	/* the same folder is not liquibase either */
	assert_int_equal(open_fmt(&dir, "liquibase", 0), UT_ECHECKSUM);
	assert_non_null(strstr(ut_error_last()->msg,
	                       "not a Liquibase formatted SQL file"));
	ut_error_clear();
}

/* ---- the up part of a file --------------------------------------------- */

/* Splits a file of a format; "|"-joined "line:text" of each statement. */
static char *up_part(const char *fmt, const char *name, const char *content,
                     bool *no_tx)
{
	mg_split_opts o = mg_split_opts_for(MG_SPLIT_SQLITE);
	mg_dir *dir = NULL;
	mg_stmts ss = MG_STMTS_INIT;
	ut_buf text = UT_BUF_INIT, b = UT_BUF_INIT;
	const mg_file *f;

	put(name, content);
	assert_int_equal(open_fmt(&dir, fmt, 0), 0);
	f = mg_dir_find_name(dir, name);
	assert_non_null(f);
	assert_int_equal(mg_file_read(f, &text), 0);
	assert_int_equal(
	        mg_file_split(&ss, no_tx, dir, f, text.ptr, text.len, &o), 0);
	for (size_t i = 0; i < ss.len; i++) {
		const mg_stmt *s = &ss.items[i];
		/* positions point into the file */
		assert_memory_equal(text.ptr + s->pos, s->text, s->len);
		ut_buf_printf(&b, "%s%d:%.*s", i ? "|" : "", s->line,
		              (int)s->len, s->text);
		for (size_t k = 0; k < s->ncomments; k++) {
			mg_span c = mg_stmt_comment(&ss, s, k);
			ut_buf_printf(&b, "#%.*s", (int)strcspn(c.ptr, "\n"),
			              c.ptr);
		}
	}
	mg_stmts_release(&ss);
	ut_buf_release(&text);
	mg_dir_free(dir);
	return ut_buf_detach(&b);
}

static void test_formats_up__goose(void **state)
{
	bool no_tx = false;
	char *got;

	(void)state;
	got = up_part(
	        "goose", "1_a.sql",
	        "-- head\n"
	        "-- +goose Up\n"
	        "CREATE TABLE t (a int);\n"
	        "-- +goose StatementBegin\n"
	        "-- the trigger\n"
	        "CREATE TRIGGER x AFTER INSERT ON t BEGIN SELECT 1; SELECT 2; END;\n"
	        "-- +goose StatementEnd\n"
	        "INSERT INTO t VALUES (1);\n"
	        "-- +goose Down\n"
	        "DROP TABLE t;\n",
	        &no_tx);
	assert_string_equal(
	        got,
	        "3:CREATE TABLE t (a int);|"
	        "6:CREATE TRIGGER x AFTER INSERT ON t BEGIN SELECT 1; SELECT 2; END;#-- the trigger|"
	        "8:INSERT INTO t VALUES (1);");
	assert_false(no_tx);
	free(got);
	got = up_part(
	        "goose", "2_b.sql",
	        "-- +goose Up\n-- +goose NO TRANSACTION\nCREATE INDEX i ON t (a);\n",
	        &no_tx);
	assert_string_equal(got, "3:CREATE INDEX i ON t (a);");
	assert_true(no_tx);
	free(got);
}

static void test_formats_up__dbmate(void **state)
{
	bool no_tx = false;
	char *got;

	(void)state;
	got = up_part("dbmate", "1_a.sql",
	              "-- migrate:up transaction:false\n"
	              "CREATE TABLE t (a int);\n\n"
	              "-- note\nCREATE INDEX i ON t (a);\n"
	              "-- migrate:down\nDROP TABLE t;\n",
	              &no_tx);
	assert_string_equal(
	        got,
	        "2:CREATE TABLE t (a int);|5:CREATE INDEX i ON t (a);#-- note");
	assert_true(no_tx);
	free(got);
}

static void test_formats_up__liquibase(void **state)
{
	bool no_tx = true;
	char *got;

	(void)state;
	got = up_part("liquibase", "1_a.sql",
	              "--liquibase formatted sql\n\n"
	              "--changeset me:1\n"
	              "CREATE TABLE t (a int);\n"
	              "--rollback DROP TABLE t;\n"
	              "--changeset me:2 splitStatements:false\n"
	              "CREATE TRIGGER x AFTER INSERT ON t BEGIN SELECT 1; END\n"
	              "--rollback: DROP TRIGGER x;\n",
	              &no_tx);
	assert_string_equal(
	        got,
	        "4:CREATE TABLE t (a int);#--changeset me:1|"
	        "7:CREATE TRIGGER x AFTER INSERT ON t BEGIN SELECT 1; END#--changeset me:2 splitStatements:false");
	assert_false(no_tx);
	free(got);
}

static void test_formats_up__error_lines_are_file_lines(void **state)
{
	mg_split_opts o = mg_split_opts_for(MG_SPLIT_SQLITE);
	mg_dir *dir = NULL;
	mg_stmts ss = MG_STMTS_INIT;
	ut_buf text = UT_BUF_INIT;

	(void)state;
	put("1_a.sql", "-- +goose Up\n\nSELECT 1;\nSELECT 'open;\n");
	assert_int_equal(open_fmt(&dir, "goose", 0), 0);
	assert_int_equal(mg_file_read(&dir->files[0], &text), 0);
	assert_int_equal(mg_file_split(&ss, NULL, dir, &dir->files[0], text.ptr,
	                               text.len, &o),
	                 UT_EPARSE);
	assert_true(ut_str_prefix(ut_error_last()->msg, "4:8: unclosed quote"));
	ut_error_clear();
	mg_stmts_release(&ss);
	ut_buf_release(&text);
	mg_dir_free(dir);
}

/* ---- writing ------------------------------------------------------------ */

static dl_plan *sample_plan(void)
{
	dl_plan *p = dl_plan_new();
	dl_plan_add(p, "CREATE TABLE t (a int)", "create \"t\" table",
	            "DROP TABLE t");
	dl_plan_add(p, "INSERT INTO t VALUES (1)", "seed", NULL);
	dl_plan_add(p, "CREATE TRIGGER x AFTER INSERT ON t BEGIN SELECT 1; END",
	            "create trigger \"x\"", "DROP TRIGGER x");
	return p;
}

static void expect_new(mg_format fmt, const char *up_name, const char *up,
                       const char *down_name, const char *down)
{
	dl_plan *p = sample_plan();
	mg_new_files nf;

	mg_format_new(&nf, fmt, "5", "x", p, NULL);
	assert_int_equal(nf.len, down_name ? 2 : 1);
	assert_string_equal(nf.items[0].name, up_name);
	assert_string_equal(nf.items[0].data.ptr, up);
	if (down_name) {
		assert_string_equal(nf.items[1].name, down_name);
		assert_string_equal(nf.items[1].data.ptr, down);
	}
	mg_new_files_release(&nf);
	dl_plan_free(p);
}

#define UP_ATLAS                                                    \
	"-- Create \"t\" table\nCREATE TABLE t (a int);\n-- Seed\n" \
	"INSERT INTO t VALUES (1);\n-- Create trigger \"x\"\n"      \
	"CREATE TRIGGER x AFTER INSERT ON t BEGIN SELECT 1; END;\n"
#define DOWN_PLAIN                                            \
	"-- reverse: create trigger \"x\"\nDROP TRIGGER x;\n" \
	"-- cannot reverse: Seed\n"                           \
	"-- reverse: create \"t\" table\nDROP TABLE t;\n"

static void test_formats_new__each_layout(void **state)
{
	(void)state;
	expect_new(MG_FORMAT_GOLANG_MIGRATE, "5_x.up.sql", UP_ATLAS,
	           "5_x.down.sql", DOWN_PLAIN);
	expect_new(MG_FORMAT_FLYWAY, "V5__x.sql", UP_ATLAS, "U5__x.sql",
	           DOWN_PLAIN);
	expect_new(MG_FORMAT_GOOSE, "5_x.sql",
	           "-- +goose Up\n"
	           "-- Create \"t\" table\nCREATE TABLE t (a int);\n-- Seed\n"
	           "INSERT INTO t VALUES (1);\n-- Create trigger \"x\"\n"
	           "-- +goose StatementBegin\n"
	           "CREATE TRIGGER x AFTER INSERT ON t BEGIN SELECT 1; END;\n"
	           "-- +goose StatementEnd\n"
	           "\n-- +goose Down\n" DOWN_PLAIN,
	           NULL, NULL);
	expect_new(MG_FORMAT_DBMATE, "5_x.sql",
	           "-- migrate:up\n" UP_ATLAS "\n-- migrate:down\n" DOWN_PLAIN,
	           NULL, NULL);
	expect_new(MG_FORMAT_LIQUIBASE, "5_x.sql",
	           "--liquibase formatted sql\n"
	           "\n--changeset atlas:5-1\n--comment: Create \"t\" table\n"
	           "CREATE TABLE t (a int);\n--rollback DROP TABLE t;\n"
	           "\n--changeset atlas:5-2\n--comment: Seed\n"
	           "INSERT INTO t VALUES (1);\n-- cannot reverse: Seed\n"
	           "\n--changeset atlas:5-3 splitStatements:false\n"
	           "--comment: Create trigger \"x\"\n"
	           "CREATE TRIGGER x AFTER INSERT ON t BEGIN SELECT 1; END;\n"
	           "--rollback DROP TRIGGER x;\n",
	           NULL, NULL);
}

/* What a layout writes, it reads back as the same up statements. */
static void test_formats_new__round_trip(void **state)
{
	static const char *const fmts[] = { "golang-migrate", "flyway", "goose",
		                            "dbmate", "liquibase" };
	(void)state;
	for (size_t k = 0; k < UT_ARRAY_SIZE(fmts); k++) {
		dl_plan *p = sample_plan();
		mg_dir *dir = NULL;
		mg_new_files nf;
		char *sub = ut_xasprintf("%s/%s", tmpdir, fmts[k]);
		char *url = ut_xasprintf("file://%s?format=%s", sub, fmts[k]);
		mg_split_opts o = mg_split_opts_for(MG_SPLIT_SQLITE);
		ut_buf text = UT_BUF_INIT;
		mg_stmts ss = MG_STMTS_INIT;

		assert_int_equal(mg_dir_open(&dir, url, MG_DIR_CREATE), 0);
		mg_format_new(&nf, dir->format, "5", "x", p, NULL);
		assert_int_equal(mg_dir_add_files(dir, &nf), 0);
		assert_int_equal(dir->nfiles, 1);
		/* written twice: refused, nothing changes */
		assert_int_equal(mg_dir_add_files(dir, &nf), UT_EEXISTS);
		ut_error_clear();
		assert_int_equal(mg_file_read(&dir->files[0], &text), 0);
		assert_int_equal(mg_file_split(&ss, NULL, dir, &dir->files[0],
		                               text.ptr, text.len, &o),
		                 0);
		assert_int_equal(ss.len, 3);
		assert_memory_equal(ss.items[2].text, "CREATE TRIGGER x", 16);
		assert_int_equal(ss.items[2].text[ss.items[2].len - 1], ';');
		{
			/* atlas.sum was written and matches */
			mg_sum_problem pr;
			assert_int_equal(mg_dir_validate(dir, &pr), 0);
			mg_sum_problem_release(&pr);
		}
		mg_stmts_release(&ss);
		ut_buf_release(&text);
		mg_new_files_release(&nf);
		mg_dir_free(dir);
		dl_plan_free(p);
		free(url);
		free(sub);
	}
}

static void test_formats_version_cmp(void **state)
{
	(void)state;
	assert_true(mg_version_cmp(MG_FORMAT_GOLANG_MIGRATE, "9", "10") < 0);
	assert_true(mg_version_cmp(MG_FORMAT_GOLANG_MIGRATE, "010", "10") == 0);
	assert_true(mg_version_cmp(MG_FORMAT_ATLAS, "9", "10") > 0);
	assert_true(mg_version_cmp(MG_FORMAT_FLYWAY, "1.9", "1.10") < 0);
	assert_true(mg_version_cmp(MG_FORMAT_FLYWAY, "1", "1.0") == 0);
	assert_true(mg_version_cmp(MG_FORMAT_FLYWAY, "2", "1.10") > 0);
	assert_true(mg_version_is_number("0012"));
	assert_false(mg_version_is_number("1.2"));
	assert_false(mg_version_is_number(""));
}

static void test_formats_version_after(void **state)
{
	static const char *const cases[][2] = {
		{ "0009", "0010" },
		{ "99", "100" },
		{ "7", "8" },
		{ "29991231235959", "30000101000000" },
		{ "29990228235959", "29990301000000" },
	};
	char *v;

	(void)state;
	for (size_t i = 0; i < UT_ARRAY_SIZE(cases); i++) {
		v = mg_version_after(cases[i][0]);
		assert_string_equal(v, cases[i][1]);
		free(v);
	}
	/* an old timestamp, or none: now */
	v = mg_version_after("20000101000000");
	assert_true(mg_version_is_timestamp(v));
	assert_true(strcmp(v, "20240101000000") > 0);
	free(v);
	v = mg_version_after(NULL);
	assert_true(mg_version_is_timestamp(v));
	free(v);
}

/* ---- migrate import: Atlas's outputs byte for byte ---------------------- */

/* atlas.sum of a folder's *.sql, computed here from the reference's rules. */
static char *expected_sum(const char *path)
{
	char **names = NULL;
	size_t n = 0;
	ut_sha256 *h = ut_sha256_new(), *t = ut_sha256_new();
	ut_buf entries = UT_BUF_INIT, out = UT_BUF_INIT;
	unsigned char d[UT_SHA256_LEN];
	char b64[UT_SHA256_B64_LEN + 1];

	assert_int_equal(ut_dir_list(&names, &n, path), 0);
	for (size_t i = 0; i < n; i++) {
		ut_buf content = UT_BUF_INIT;
		char *p;
		if (!ut_str_suffix(names[i], ".sql"))
			continue;
		p = ut_path_join(path, names[i]);
		assert_int_equal(ut_file_read(&content, p), 0);
		ut_sha256_update(h, names[i], strlen(names[i]));
		ut_sha256_update(h, content.ptr, content.len);
		ut_sha256_peek(h, d);
		ut_sha256_b64(b64, d);
		ut_buf_printf(&entries, "%s h1:%s\n", names[i], b64);
		ut_sha256_update(t, names[i], strlen(names[i]));
		ut_sha256_update(t, b64, strlen(b64));
		ut_buf_release(&content);
		free(p);
	}
	ut_sha256_final(t, d);
	ut_sha256_b64(b64, d);
	ut_buf_printf(&out, "h1:%s\n%s", b64, entries.ptr);
	ut_buf_release(&entries);
	ut_sha256_free(h);
	ut_sha256_free(t);
	ut_strlist_free(names, n);
	return ut_buf_detach(&out);
}

static void import_tool(const char *tool)
{
	char *src_url = ut_xasprintf(
	        "file://%s/reference/atlas-testdata/import/%s?format=%s",
	        TEST_SHARED_DIR, tool, tool);
	char *gold = ut_xasprintf("%s/reference/atlas-testdata/import/%s_gold",
	                          TEST_SHARED_DIR, tool);
	char *dst_path = ut_path_join(tmpdir, tool);
	char *dst_url = ut_xasprintf("file://%s", dst_path);
	char **gnames = NULL, **onames = NULL;
	size_t gn = 0, on = 0, nsql = 0;
	mg_dir *src = NULL, *dst = NULL;
	mg_import imp;
	char *want_sum, *sum_path;
	ut_buf got_sum = UT_BUF_INIT;

	assert_int_equal(mg_dir_open(&src, src_url, 0), 0);
	assert_int_equal(mg_import_build(&imp, src, 0), 0);
	assert_int_equal(mg_dir_open(&dst, dst_url, MG_DIR_CREATE), 0);
	assert_int_equal(mg_import_write(dst, &imp), 0);
	/* every gold file, byte for byte, and no other file */
	assert_int_equal(ut_dir_list(&gnames, &gn, gold), 0);
	assert_int_equal(ut_dir_list(&onames, &on, dst_path), 0);
	for (size_t i = 0; i < gn; i++) {
		ut_buf want = UT_BUF_INIT, got = UT_BUF_INIT;
		char *gp = ut_path_join(gold, gnames[i]);
		char *op = ut_path_join(dst_path, gnames[i]);
		assert_int_equal(ut_file_read(&want, gp), 0);
		if (ut_file_read(&got, op) < 0)
			fail_msg("%s: %s was not written", tool, gnames[i]);
		if (want.len != got.len || memcmp(want.ptr, got.ptr, want.len))
			fail_msg("%s: %s differs:\n--- want\n%s\n--- got\n%s",
			         tool, gnames[i], want.ptr, got.ptr);
		ut_buf_release(&want);
		ut_buf_release(&got);
		free(gp);
		free(op);
		nsql++;
	}
	assert_int_equal(on, nsql + 1); /* the gold files and atlas.sum */
	want_sum = expected_sum(gold);
	sum_path = ut_path_join(dst_path, MG_SUM_FILE);
	assert_int_equal(ut_file_read(&got_sum, sum_path), 0);
	assert_string_equal(got_sum.ptr, want_sum);
	/* a second import into the same place is refused */
	assert_int_equal(mg_import_write(dst, &imp), UT_EEXISTS);
	ut_error_clear();
	ut_buf_release(&got_sum);
	free(sum_path);
	free(want_sum);
	ut_strlist_free(gnames, gn);
	ut_strlist_free(onames, on);
	mg_import_release(&imp);
	mg_dir_free(src);
	mg_dir_free(dst);
	free(dst_url);
	free(dst_path);
	free(gold);
	free(src_url);
}

static void test_formats_import__dbmate(void **state)
{
	(void)state;
	import_tool("dbmate");
}

static void test_formats_import__flyway(void **state)
{
	(void)state;
	import_tool("flyway");
}

static void test_formats_import__golang_migrate(void **state)
{
	(void)state;
	import_tool("golang-migrate");
}

static void test_formats_import__goose(void **state)
{
	(void)state;
	import_tool("goose");
}

static void test_formats_import__liquibase(void **state)
{
	(void)state;
	import_tool("liquibase");
}

static void test_formats_import__refusals(void **state)
{
	mg_dir *src = NULL;
	mg_import imp;
	char *url = ut_xasprintf("file://%s", tmpdir);

	(void)state;
	put("1_a.sql", "SELECT 1;\n");
	assert_int_equal(mg_dir_open(&src, url, 0), 0);
	assert_int_equal(mg_import_build(&imp, src, 0), UT_EUSAGE);
	assert_non_null(
	        strstr(ut_error_last()->msg, "already an atlas directory"));
	ut_error_clear();
	mg_dir_free(src);
	/* a goose file running outside a transaction keeps that rule */
	put("1_a.sql",
	    "-- +goose Up\n-- +goose NO TRANSACTION\nCREATE INDEX i ON t (a)\n");
	assert_int_equal(open_fmt(&src, "goose", 0), 0);
	assert_int_equal(mg_import_build(&imp, src, 0), 0);
	assert_int_equal(imp.len, 1);
	assert_string_equal(
	        imp.files[0].data.ptr,
	        "-- atlas:txmode none\n\nCREATE INDEX i ON t (a);\n");
	mg_import_release(&imp);
	mg_dir_free(src);
	free(url);
}

/* Names of the files an import would write, "|"-joined. */
static char *import_names(const char *fmt)
{
	mg_dir *src = NULL;
	mg_import imp;
	ut_buf b = UT_BUF_INIT;

	assert_int_equal(open_fmt(&src, fmt, 0), 0);
	assert_int_equal(mg_import_build(&imp, src, 0), 0);
	for (size_t i = 0; i < imp.len; i++)
		ut_buf_printf(&b, "%s%s", i ? "|" : "", imp.files[i].name);
	mg_import_release(&imp);
	mg_dir_free(src);
	return ut_buf_detach(&b);
}

/* Atlas runs files in name order: the import keeps the source's order. */
static void test_formats_import__keeps_order(void **state)
{
	char *got;

	(void)state;
	put("9_a.up.sql", "SELECT 9;");
	put("10_b.up.sql", "SELECT 10;");
	got = import_names("golang-migrate");
	assert_string_equal(got, "09_a.sql|10_b.sql");
	free(got);
	rm("9_a.up.sql");
	rm("10_b.up.sql");
	put("V1__users.sql", "SELECT 1;");
	put("V1_1__email.sql", "SELECT 2;");
	put("sub/V1.10__ten.sql", "SELECT 3;");
	put("V1.2__two.sql", "SELECT 4;");
	put("R__view.sql", "SELECT 5;");
	got = import_names("flyway");
	assert_string_equal(got, "1.00_users.sql|1.01_email.sql|1.02_two.sql|"
	                         "1.10_ten.sql|1.10R_view.sql");
	free(got);
	/* versions that already sort right are kept as they are */
	rm("V1__users.sql");
	rm("V1_1__email.sql");
	rm("sub");
	got = import_names("flyway");
	assert_string_equal(got, "1.2_two.sql|1.2R_view.sql");
	free(got);
}

/* ---- goose ENVSUB, Flyway repeatables, revision order ------------------ */

/* The goose file's statements as run, "|"-joined; *err the split's code. */
static char *envsub_run(const char *content, int *err, size_t *nsubst)
{
	mg_split_opts o = mg_split_opts_for(MG_SPLIT_SQLITE);
	mg_dir *dir = NULL;
	mg_stmts ss = MG_STMTS_INIT;
	ut_buf text = UT_BUF_INIT, b = UT_BUF_INIT;

	put("1_env.sql", content);
	assert_int_equal(open_fmt(&dir, "goose", 0), 0);
	assert_int_equal(mg_file_read(&dir->files[0], &text), 0);
	*err = mg_file_split(&ss, NULL, dir, &dir->files[0], text.ptr,
	                     text.len, &o);
	for (size_t i = 0; *err == 0 && i < ss.len; i++) {
		const mg_stmt *s = &ss.items[i];
		/* the text as written stays in the file */
		assert_memory_equal(text.ptr + s->pos, s->src, s->src_len);
		ut_buf_printf(&b, "%s%.*s", i ? "|" : "", (int)s->len, s->text);
	}
	*nsubst = ss.nsubst;
	mg_stmts_release(&ss);
	ut_buf_release(&text);
	mg_dir_free(dir);
	rm("1_env.sql");
	return ut_buf_detach(&b);
}

static void test_formats_envsub__forms(void **state)
{
	size_t n = 0;
	int err;
	char *got;

	(void)state;
	setenv("STRATA_T_A", "x", 1);
	setenv("STRATA_T_E", "", 1);
	unsetenv("STRATA_T_U");
	got = envsub_run(
	        "-- +goose Up\n"
	        "SELECT '$STRATA_T_A';\n"
	        "-- +goose ENVSUB ON\n"
	        "SELECT '$STRATA_T_A|${STRATA_T_A}|${STRATA_T_U}|${STRATA_T_U:-d}|${STRATA_T_E:-d}|${STRATA_T_E-d}|${STRATA_T_U-${STRATA_T_A}}|a$$b|$1|$';\n"
	        "-- +goose ENVSUB OFF\n"
	        "SELECT '${STRATA_T_A}';\n",
	        &err, &n);
	assert_int_equal(err, 0);
	assert_string_equal(got, "SELECT '$STRATA_T_A';|"
	                         "SELECT 'x|x||d|d||x|a$b|$1|$';|"
	                         "SELECT '${STRATA_T_A}';");
	assert_int_equal(n, 9); /* ${U-${A}} counts twice */
	free(got);
	/* a block: ENVSUB lines inside are left out, the state follows them */
	got = envsub_run("-- +goose Up\n"
	                 "-- +goose StatementBegin\n"
	                 "SELECT '${STRATA_T_A}';\n"
	                 "-- +goose ENVSUB ON\n"
	                 "SELECT '${STRATA_T_A}';\n"
	                 "-- +goose StatementEnd\n",
	                 &err, &n);
	assert_int_equal(err, 0);
	assert_string_equal(got,
	                    "SELECT '${STRATA_T_A}';\nSELECT 'x';");
	free(got);
	unsetenv("STRATA_T_A");
	unsetenv("STRATA_T_E");
}

static void test_formats_envsub__errors(void **state)
{
	size_t n;
	int err;
	char *got;

	(void)state;
	unsetenv("STRATA_T_U");
	setenv("STRATA_T_E", "", 1);
	got = envsub_run("-- +goose Up\n-- +goose ENVSUB ON\n"
	                 "SELECT 1;\nSELECT '${STRATA_T_U?set it}';\n",
	                 &err, &n);
	assert_int_equal(err, UT_EPARSE);
	assert_string_equal(ut_error_last()->msg,
	                    "4:9: variable substitution failed: STRATA_T_U: set it");
	free(got);
	got = envsub_run("-- +goose Up\n-- +goose ENVSUB ON\n"
	                 "SELECT '${STRATA_T_E:?}';\n",
	                 &err, &n);
	assert_int_equal(err, UT_EPARSE);
	assert_non_null(strstr(ut_error_last()->msg,
	                       "STRATA_T_E: parameter null or not set"));
	free(got);
	got = envsub_run("-- +goose Up\n-- +goose ENVSUB ON\n"
	                 "SELECT ${STRATA_T_U:=1};\n",
	                 &err, &n);
	assert_int_equal(err, UT_EPARSE);
	assert_non_null(strstr(ut_error_last()->msg, "unsupported form"));
	free(got);
	got = envsub_run("-- +goose Up\n-- +goose ENVSUB ON\n"
	                 "SELECT '${STRATA_T_U';\n",
	                 &err, &n);
	assert_int_equal(err, UT_EPARSE);
	free(got);
	ut_error_clear();
	unsetenv("STRATA_T_E");
}

static void test_formats_list__flyway_repeatables(void **state)
{
	mg_dir *dir = NULL;
	char *v, *h = NULL;

	(void)state;
	put("V1__a.sql", "CREATE TABLE a (id int);\n");
	put("R__views.sql", "CREATE VIEW v AS SELECT 1;\n");
	assert_int_equal(open_fmt(&dir, "flyway", 0), 0);
	assert_int_equal(dir->nfiles, 2);
	assert_false(dir->files[0].repeatable);
	assert_true(dir->files[1].repeatable);
	v = mg_repeatable_version(&dir->files[1]);
	assert_string_equal(v, ".R__views");
	assert_true(mg_rev_is_repeatable(v));
	assert_false(mg_rev_is_repeatable("1"));
	/* the file's own hash: base64 SHA-256, no "h1:" */
	assert_int_equal(mg_repeatable_hash(&h, &dir->files[1]), 0);
	assert_int_equal(strlen(h), 44);
	free(h);
	free(v);
	mg_dir_free(dir);
	/* Flyway keys repeatables by description: one per description */
	put("more/R__views.sql", "CREATE VIEW w AS SELECT 1;\n");
	assert_int_equal(open_fmt(&dir, "flyway", 0), UT_ECHECKSUM);
	assert_non_null(strstr(ut_error_last()->msg,
	                       "repeatable migration 'views' appears twice"));
	ut_error_clear();
}

static void test_formats_revs__sort(void **state)
{
	static const char *const gm[] = { "10", "11", "9" };
	static const char *const fw[] = { "1.10", "1.2", "1.9" };
	mg_revs r = { 0 };

	(void)state;
	r.items = ut_xcalloc(3, sizeof(mg_revision));
	r.len = 3;
	for (size_t i = 0; i < 3; i++)
		r.items[i].version = ut_xstrdup(gm[i]);
	mg_revs_sort(&r, MG_FORMAT_GOLANG_MIGRATE);
	assert_string_equal(r.items[0].version, "9");
	assert_string_equal(r.items[2].version, "11");
	for (size_t i = 0; i < 3; i++) {
		free(r.items[i].version);
		r.items[i].version = ut_xstrdup(fw[i]);
	}
	mg_revs_sort(&r, MG_FORMAT_FLYWAY);
	assert_string_equal(r.items[0].version, "1.2");
	assert_string_equal(r.items[1].version, "1.9");
	assert_string_equal(r.items[2].version, "1.10");
	/* atlas: bytes, as the table sorts them */
	mg_revs_sort(&r, MG_FORMAT_ATLAS);
	assert_string_equal(r.items[0].version, "1.10");
	mg_revs_release(&r);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_formats_envsub__forms,
		                                setup, teardown),
		cmocka_unit_test_setup_teardown(test_formats_envsub__errors,
		                                setup, teardown),
		cmocka_unit_test_setup_teardown(
		        test_formats_list__flyway_repeatables, setup, teardown),
		cmocka_unit_test_setup_teardown(test_formats_revs__sort, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(
		        test_formats_list__golang_migrate_numeric_order, setup,
		        teardown),
		cmocka_unit_test_setup_teardown(
		        test_formats_list__golang_migrate_bad_input, setup,
		        teardown),
		cmocka_unit_test_setup_teardown(
		        test_formats_list__golang_migrate_mixed, setup,
		        teardown),
		cmocka_unit_test_setup_teardown(
		        test_formats_list__golang_migrate_name_order, setup,
		        teardown),
		cmocka_unit_test_setup_teardown(test_formats_list__flyway,
		                                setup, teardown),
		cmocka_unit_test_setup_teardown(
		        test_formats_list__flyway_bad_input, setup, teardown),
		cmocka_unit_test_setup_teardown(test_formats_list__flyway_mixed,
		                                setup, teardown),
		cmocka_unit_test_setup_teardown(
		        test_formats_list__goose_dbmate_liquibase, setup,
		        teardown),
		cmocka_unit_test_setup_teardown(
		        test_formats_list__dbmate_liquibase, setup, teardown),
		cmocka_unit_test_setup_teardown(test_formats_up__goose, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_formats_up__dbmate, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_formats_up__liquibase,
		                                setup, teardown),
		cmocka_unit_test_setup_teardown(
		        test_formats_up__error_lines_are_file_lines, setup,
		        teardown),
		cmocka_unit_test(test_formats_new__each_layout),
		cmocka_unit_test_setup_teardown(test_formats_new__round_trip,
		                                setup, teardown),
		cmocka_unit_test(test_formats_version_cmp),
		cmocka_unit_test(test_formats_version_after),
		cmocka_unit_test_setup_teardown(test_formats_import__dbmate,
		                                setup, teardown),
		cmocka_unit_test_setup_teardown(test_formats_import__flyway,
		                                setup, teardown),
		cmocka_unit_test_setup_teardown(
		        test_formats_import__golang_migrate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_formats_import__goose,
		                                setup, teardown),
		cmocka_unit_test_setup_teardown(test_formats_import__liquibase,
		                                setup, teardown),
		cmocka_unit_test_setup_teardown(test_formats_import__refusals,
		                                setup, teardown),
		cmocka_unit_test_setup_teardown(
		        test_formats_import__keeps_order, setup, teardown),
	};

	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
