/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/migrate/lex_conformance_test.c: the splitter against Atlas's
 * own goldens (shared/reference/atlas-testdata/{lex,lexescaped,lexgroup}).
 * A golden is the statements joined by "\n-- end --\n", byte for byte.
 */
#include "test.h"

#include "migrate_tests.h"
#include "split.h"
#include "ut.h"

#define TESTDATA TEST_SHARED_DIR "/reference/atlas-testdata"

enum opts_kind {
	LEX_ALL,    /* every option on (Atlas's lex tests) */
	LEX_ALL_PG, /* every option but # comments (names with "_pg") */
	LEX_MYSQL,
	LEX_POSTGRES,
	LEX_GROUP, /* BEGIN ... END grouping only */
};

static mg_split_opts opts_of(enum opts_kind k)
{
	mg_split_opts o = { 0 };

	switch (k) {
	case LEX_ALL:
		o = mg_split_opts_for(MG_SPLIT_ALL);
		break;
	case LEX_ALL_PG:
		o = mg_split_opts_for(MG_SPLIT_ALL);
		o.hash_comments = false;
		break;
	case LEX_MYSQL:
		o = mg_split_opts_for(MG_SPLIT_MYSQL);
		break;
	case LEX_POSTGRES:
		o = mg_split_opts_for(MG_SPLIT_POSTGRES);
		break;
	case LEX_GROUP:
		o.match_begin = true;
		break;
	}
	return o;
}

static void read_file(ut_buf *b, const char *dir, const char *name,
                      const char *suffix)
{
	char *path = ut_xasprintf("%s/%s/%s%s", TESTDATA, dir, name, suffix);
	int error = ut_file_read(b, path);

	if (error < 0)
		fail_msg("cannot read '%s': %s", path, ut_error_last()->msg);
	free(path);
}

/* Splits dir/name with opts and compares with dir/name.golden. */
static void check_golden(const char *dir, const char *name, enum opts_kind kind)
{
	ut_buf in = UT_BUF_INIT, golden = UT_BUF_INIT, got = UT_BUF_INIT;
	mg_stmts stmts = MG_STMTS_INIT;
	mg_split_opts o = opts_of(kind);
	int error;

	read_file(&in, dir, name, "");
	read_file(&golden, dir, name, ".golden");
	error = mg_split(&stmts, in.ptr, in.len, &o);
	if (error < 0)
		fail_msg("%s/%s: %s", dir, name, ut_error_last()->msg);
	assert_true(stmts.len > 0);
	for (size_t i = 0; i < stmts.len; i++) {
		if (i > 0)
			ut_buf_puts(&got, "\n-- end --\n");
		ut_buf_put(&got, stmts.items[i].text, stmts.items[i].len);
		/* pos and text agree, and the text is trimmed */
		assert_ptr_equal(stmts.items[i].text,
		                 in.ptr + stmts.items[i].pos);
	}
	if (strcmp(got.ptr, golden.ptr) != 0) {
		print_error("%s/%s: got\n%s\n---- want\n%s\n", dir, name,
		            got.ptr, golden.ptr);
		fail_msg("%s/%s differs from its golden", dir, name);
	}
	mg_stmts_release(&stmts);
	ut_buf_release(&in);
	ut_buf_release(&golden);
	ut_buf_release(&got);
}

/* Splitting dir/name with opts fails with exactly msg. */
static void check_error(const char *dir, const char *name, enum opts_kind k,
                        const char *msg)
{
	ut_buf in = UT_BUF_INIT;
	mg_stmts stmts = MG_STMTS_INIT;
	mg_split_opts o = opts_of(k);

	read_file(&in, dir, name, "");
	assert_int_equal(mg_split(&stmts, in.ptr, in.len, &o), UT_EPARSE);
	assert_string_equal(ut_error_last()->msg, msg);
	mg_stmts_release(&stmts);
	ut_buf_release(&in);
}

#define LEX_CASE(fn, dir, file, kind)          \
	static void fn(void **state)           \
	{                                      \
		(void)state;                   \
		check_golden(dir, file, kind); \
	}

LEX_CASE(test_migrate_lex__1, "lex", "1.sql", LEX_ALL)
LEX_CASE(test_migrate_lex__2_mysql, "lex", "2_mysql.sql", LEX_ALL)
LEX_CASE(test_migrate_lex__3_delimiter, "lex", "3_delimiter.sql", LEX_ALL)
LEX_CASE(test_migrate_lex__4_delimiter, "lex", "4_delimiter.sql", LEX_ALL)
LEX_CASE(test_migrate_lex__5_delimiter, "lex", "5_delimiter.sql", LEX_ALL)
LEX_CASE(test_migrate_lex__6_skip_comment, "lex", "6_skip_comment.sql", LEX_ALL)
LEX_CASE(test_migrate_lex__7_delimiter_2n, "lex", "7_delimiter_2n.sql", LEX_ALL)
LEX_CASE(test_migrate_lex__8_delimiter_3n, "lex", "8_delimiter_3n.sql", LEX_ALL)
LEX_CASE(test_migrate_lex__9_delimiter_3n, "lex", "9_delimiter_3n.sql", LEX_ALL)
LEX_CASE(test_migrate_lex__10_delimiter_comment, "lex",
         "10_delimiter_comment.sql", LEX_ALL)
LEX_CASE(test_migrate_lex__11_delimiter_mysql_command, "lex",
         "11_delimiter_mysql_command.sql", LEX_ALL)
LEX_CASE(test_migrate_lex__12_delimiter_mysql_command, "lex",
         "12_delimiter_mysql_command.sql", LEX_ALL)
LEX_CASE(test_migrate_lex__13_delimiter_mysql_command, "lex",
         "13_delimiter_mysql_command.sql", LEX_ALL)
LEX_CASE(test_migrate_lex__14_delimiter_mysql_command, "lex",
         "14_delimiter_mysql_command.sql", LEX_ALL)
LEX_CASE(test_migrate_lex__15_dollar_quote, "lex", "15_dollar_quote.sql",
         LEX_ALL)
LEX_CASE(test_migrate_lex__16_begin_atomic, "lex", "16_begin_atomic.sql",
         LEX_ALL)
LEX_CASE(test_migrate_lex__17_paren, "lex", "17_paren.sql", LEX_ALL)
LEX_CASE(test_migrate_lex__18_pg_expr, "lex", "18_pg_expr.sql", LEX_ALL_PG)
LEX_CASE(test_migrate_lex__escaped_1_my, "lexescaped", "1.my.sql", LEX_MYSQL)
LEX_CASE(test_migrate_lex__escaped_2_pg, "lexescaped", "2.pg.sql", LEX_POSTGRES)
LEX_CASE(test_migrate_lex__group_1_trigger, "lexgroup", "1_trigger.sql",
         LEX_GROUP)
LEX_CASE(test_migrate_lex__group_2_function, "lexgroup", "2_function.sql",
         LEX_GROUP)
LEX_CASE(test_migrate_lex__group_3_delimiter, "lexgroup", "3_delimiter.sql",
         LEX_GROUP)

/* Atlas's TestLex_Escape: each file with the other dialect's escapes. */
static void test_migrate_lex__escaped_crossed(void **state)
{
	(void)state;
	/*
	 * With backslash escapes, '\' of line 1 never closes; quotes pair
	 * up across the lines and the one opened at 4:40 stays open.
	 */
	check_error("lexescaped", "2.pg.sql", LEX_MYSQL,
	            "4:40: unclosed quote '\\''");
	/*
	 * Without them "\"" is two strings; the quote opened at 3:35 runs to
	 * 4:32 and the one opened at 4:42 stays open.
	 */
	check_error("lexescaped", "1.my.sql", LEX_POSTGRES,
	            "4:42: unclosed quote '\\''");
}

/* Every input of the three folders has a case above (but SQL Server's). */
static void test_migrate_lex__all_files_covered(void **state)
{
	static const char *const dirs[] = { "lex", "lexescaped", "lexgroup" };
	size_t covered = 0;

	(void)state;
	for (size_t d = 0; d < UT_ARRAY_SIZE(dirs); d++) {
		char *path = ut_xasprintf("%s/%s", TESTDATA, dirs[d]);
		char **names;
		size_t n;

		assert_int_equal(ut_dir_list(&names, &n, path), 0);
		for (size_t i = 0; i < n; i++)
			if (ut_str_suffix(names[i], ".sql") &&
			    !strstr(names[i], "_ms"))
				covered++;
		ut_strlist_free(names, n);
		free(path);
	}
	assert_int_equal(covered, 23);
}

int test_migrate_lex_run(void)
{
	static const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_migrate_lex__1),
		cmocka_unit_test(test_migrate_lex__2_mysql),
		cmocka_unit_test(test_migrate_lex__3_delimiter),
		cmocka_unit_test(test_migrate_lex__4_delimiter),
		cmocka_unit_test(test_migrate_lex__5_delimiter),
		cmocka_unit_test(test_migrate_lex__6_skip_comment),
		cmocka_unit_test(test_migrate_lex__7_delimiter_2n),
		cmocka_unit_test(test_migrate_lex__8_delimiter_3n),
		cmocka_unit_test(test_migrate_lex__9_delimiter_3n),
		cmocka_unit_test(test_migrate_lex__10_delimiter_comment),
		cmocka_unit_test(test_migrate_lex__11_delimiter_mysql_command),
		cmocka_unit_test(test_migrate_lex__12_delimiter_mysql_command),
		cmocka_unit_test(test_migrate_lex__13_delimiter_mysql_command),
		cmocka_unit_test(test_migrate_lex__14_delimiter_mysql_command),
		cmocka_unit_test(test_migrate_lex__15_dollar_quote),
		cmocka_unit_test(test_migrate_lex__16_begin_atomic),
		cmocka_unit_test(test_migrate_lex__17_paren),
		cmocka_unit_test(test_migrate_lex__18_pg_expr),
		cmocka_unit_test(test_migrate_lex__escaped_1_my),
		cmocka_unit_test(test_migrate_lex__escaped_2_pg),
		cmocka_unit_test(test_migrate_lex__escaped_crossed),
		cmocka_unit_test(test_migrate_lex__group_1_trigger),
		cmocka_unit_test(test_migrate_lex__group_2_function),
		cmocka_unit_test(test_migrate_lex__group_3_delimiter),
		cmocka_unit_test(test_migrate_lex__all_files_covered),
	};

	return cmocka_run_group_tests_name("migrate_lex", tests, NULL, NULL);
}
