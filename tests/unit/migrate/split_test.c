/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/migrate/split_test.c: the statement splitter and directives
 * (reference 2.1-2.3) case by case: errors with their positions, CRLF,
 * bytes that are not UTF-8, comments, DELIMITER, BEGIN ... END, dollar
 * quotes, E'' strings, and directives.
 */
#include "test.h"

#include "migrate_tests.h"
#include "split.h"
#include "ut.h"

/* -- helpers ------------------------------------------------------------- */

static mg_split_opts opts(mg_dialect_kind k)
{
	return mg_split_opts_for(k);
}

/*
 * Splits in and checks the statement texts against the NULL-terminated
 * want, plus the invariants every result keeps.
 */
static void check_split(const char *in, size_t len, const mg_split_opts *o,
                        const char *const *want, mg_stmts *keep)
{
	mg_stmts s = MG_STMTS_INIT;
	size_t n = 0;
	int error = mg_split(&s, in, len, o);

	if (error < 0)
		fail_msg("unexpected error: %s", ut_error_last()->msg);
	while (want[n])
		n++;
	if (s.len != n) {
		for (size_t i = 0; i < s.len; i++)
			print_error("got[%zu] = [%.*s]\n", i,
			            (int)s.items[i].len, s.items[i].text);
		fail_msg("got %zu statements, want %zu", s.len, n);
	}
	for (size_t i = 0; i < n; i++) {
		const mg_stmt *st = &s.items[i];
		if (st->len != strlen(want[i]) ||
		    memcmp(st->text, want[i], st->len) != 0)
			fail_msg("statement %zu: got [%.*s], want [%s]", i,
			         (int)st->len, st->text, want[i]);
		assert_ptr_equal(st->text, in + st->pos);
		assert_true(st->pos + st->len <= len);
		if (i > 0)
			assert_true(st->pos > s.items[i - 1].pos);
	}
	if (keep)
		*keep = s;
	else
		mg_stmts_release(&s);
}

#define SPLIT(in, kind, ...)                                              \
	do {                                                              \
		static const char *const want_[] = { __VA_ARGS__, NULL }; \
		mg_split_opts o_ = opts(kind);                            \
		check_split(in, strlen(in), &o_, want_, NULL);            \
	} while (0)

#define SPLIT_NONE(in, kind)                                   \
	do {                                                   \
		static const char *const want_[] = { NULL };   \
		mg_split_opts o_ = opts(kind);                 \
		check_split(in, strlen(in), &o_, want_, NULL); \
	} while (0)

static void check_error(const char *in, size_t len, mg_dialect_kind k,
                        const char *msg, size_t nstmts)
{
	mg_stmts s = MG_STMTS_INIT;
	mg_split_opts o = opts(k);

	assert_int_equal(mg_split(&s, in, len, &o), UT_EPARSE);
	assert_string_equal(ut_error_last()->msg, msg);
	assert_int_equal(s.len, nstmts);
	mg_stmts_release(&s);
}

#define SPLIT_ERROR(in, kind, msg, n) check_error(in, strlen(in), kind, msg, n)

static void expect_comments(const mg_stmts *s, size_t i,
                            const char *const *want)
{
	const mg_stmt *st = &s->items[i];
	size_t n = 0;

	while (want[n])
		n++;
	assert_int_equal(st->ncomments, n);
	for (size_t k = 0; k < n; k++) {
		mg_span c = mg_stmt_comment(s, st, k);
		if (c.len != strlen(want[k]) || memcmp(c.ptr, want[k], c.len))
			fail_msg("comment %zu of statement %zu: got [%.*s]", k,
			         i, (int)c.len, c.ptr);
	}
}

#define COMMENTS(s, i, ...)                                               \
	do {                                                              \
		static const char *const want_[] = { __VA_ARGS__, NULL }; \
		expect_comments(s, i, want_);                             \
	} while (0)

static mg_stmts split_keep(const char *in, mg_dialect_kind k)
{
	mg_stmts s = MG_STMTS_INIT;
	mg_split_opts o = opts(k);

	if (mg_split(&s, in, strlen(in), &o) < 0)
		fail_msg("unexpected error: %s", ut_error_last()->msg);
	return s;
}

/* -- options ------------------------------------------------------------- */

static void test_migrate_split__opts_per_dialect(void **state)
{
	mg_split_opts g = opts(MG_SPLIT_GENERIC), s = opts(MG_SPLIT_SQLITE);
	mg_split_opts p = opts(MG_SPLIT_POSTGRES), m = opts(MG_SPLIT_MYSQL);
	mg_split_opts a = opts(MG_SPLIT_ALL);

	(void)state;
	/* reference 2.1, column by column */
	assert_false(g.match_begin);
	assert_true(g.match_begin_atomic);
	assert_true(g.dollar_quote);
	assert_false(g.backslash_escapes);
	assert_false(g.escaped_string_ext);
	assert_false(g.hash_comments);

	assert_true(m.match_begin);
	assert_false(m.match_begin_atomic);
	assert_false(m.dollar_quote);
	assert_true(m.backslash_escapes);
	assert_false(m.escaped_string_ext);
	assert_true(m.hash_comments);

	assert_true(p.match_begin);
	assert_true(p.match_begin_atomic);
	assert_true(p.dollar_quote);
	assert_false(p.backslash_escapes);
	assert_true(p.escaped_string_ext);
	assert_false(p.hash_comments);

	assert_true(s.match_begin);
	assert_false(s.match_begin_atomic);
	assert_false(s.dollar_quote);
	assert_false(s.backslash_escapes);
	assert_false(s.escaped_string_ext);
	assert_false(s.hash_comments);

	assert_true(a.match_begin && a.match_begin_atomic && a.dollar_quote &&
	            a.backslash_escapes && a.escaped_string_ext &&
	            a.hash_comments);
	assert_null(g.delimiter);
	assert_null(a.delimiter);
}

/* -- basics -------------------------------------------------------------- */

static void test_migrate_split__basic(void **state)
{
	const char *in = "CREATE TABLE t1(id int);\n\n\n"
	                 "  CREATE TABLE t2(\n  id int,\n  name text\n);\n"
	                 "INSERT INTO t1 VALUES (1)";
	mg_stmts s;

	(void)state;
	s = split_keep(in, MG_SPLIT_SQLITE);
	assert_int_equal(s.len, 3);
	assert_int_equal(s.items[0].pos, 0);
	assert_int_equal(s.items[0].line, 1);
	assert_int_equal(s.items[1].pos, 29);
	assert_int_equal(s.items[1].line, 4);
	assert_int_equal(s.items[2].line, 8);
	/* the last statement needs no delimiter */
	assert_int_equal(s.items[2].len, strlen("INSERT INTO t1 VALUES (1)"));
	mg_stmts_release(&s);

	SPLIT_NONE("", MG_SPLIT_SQLITE);
	SPLIT_NONE(" \n\t\r\n ", MG_SPLIT_SQLITE);
	/* ";" alone is kept as a statement, like Atlas */
	SPLIT("SELECT 1;;", MG_SPLIT_SQLITE, "SELECT 1;", ";");
	/* delimiters inside quotes, parens and comments do not split */
	SPLIT("INSERT INTO t VALUES ('a;b', \"c;d\", `e;f`);"
	      " SELECT (1;2); SELECT 1 /* ; */ -- ;\n, 2;",
	      MG_SPLIT_MYSQL, "INSERT INTO t VALUES ('a;b', \"c;d\", `e;f`);",
	      "SELECT (1;2);", "SELECT 1 /* ; */ -- ;\n, 2;");
	/* doubled quotes */
	SPLIT("SELECT 'it''s';SELECT 2;", MG_SPLIT_SQLITE, "SELECT 'it''s';",
	      "SELECT 2;");
	/* Unicode white space is trimmed like Go's strings.TrimSpace */
	SPLIT("\xc2\xa0SELECT 1;\xe3\x80\x80\xe2\x80\x83SELECT 2\xc2\x85",
	      MG_SPLIT_SQLITE, "SELECT 1;", "SELECT 2");
}

static void test_migrate_split__appends(void **state)
{
	mg_stmts s = MG_STMTS_INIT;
	mg_split_opts o = opts(MG_SPLIT_SQLITE);
	const char *a = "-- a\nSELECT 1;", *b = "-- b1\n-- b2\nSELECT 2;";

	(void)state;
	assert_int_equal(mg_split(&s, a, strlen(a), &o), 0);
	assert_int_equal(mg_split(&s, b, strlen(b), &o), 0);
	assert_int_equal(s.len, 2);
	COMMENTS(&s, 0, "-- a\n");
	COMMENTS(&s, 1, "-- b1\n", "-- b2\n");
	mg_stmts_release(&s);
	assert_null(s.items);
	assert_int_equal(s.len, 0);
}

/* -- errors -------------------------------------------------------------- */

static void test_migrate_split__errors(void **state)
{
	(void)state;
	/* Atlas's TestLex_Errors */
	SPLIT_ERROR("'", MG_SPLIT_GENERIC, "1:1: unclosed quote '\\''", 0);
	SPLIT_ERROR("SELECT 1;\n \"a", MG_SPLIT_GENERIC,
	            "2:2: unclosed quote '\"'", 1);
	SPLIT_ERROR("drop) t;", MG_SPLIT_GENERIC, "1:5: unexpected ')'", 0);

	SPLIT_ERROR("SELECT `x", MG_SPLIT_MYSQL, "1:8: unclosed quote '`'", 0);
	SPLIT_ERROR("SELECT 1;\nSELECT (a));", MG_SPLIT_SQLITE,
	            "2:11: unexpected ')'", 1);
	/* at the outermost '(' that is still open */
	SPLIT_ERROR("SELECT 1;\ncreate table t(c int, d varchar(10)",
	            MG_SPLIT_SQLITE, "2:15: unclosed '('", 1);
	SPLIT_ERROR("SELECT (a) (b ((c)", MG_SPLIT_SQLITE, "1:12: unclosed '('",
	            0);
	/* columns count UTF-8 characters, not bytes */
	SPLIT_ERROR("SELECT 'é', \"ü", MG_SPLIT_SQLITE,
	            "1:13: unclosed quote '\"'", 0);
	SPLIT_ERROR("-- 日本語\nSELECT '日本', (", MG_SPLIT_SQLITE,
	            "2:14: unclosed '('", 0);
	/* a backslash escapes the closing quote only where enabled */
	SPLIT_ERROR("SELECT 'a\\';", MG_SPLIT_MYSQL,
	            "1:8: unclosed quote '\\''", 0);
	SPLIT("SELECT 'a\\';", MG_SPLIT_SQLITE, "SELECT 'a\\';");
	SPLIT_ERROR("SELECT E'a\\';", MG_SPLIT_POSTGRES,
	            "1:9: unclosed quote '\\''", 0);
	/* a backslash at the very end */
	SPLIT_ERROR("SELECT 'a\\", MG_SPLIT_MYSQL, "1:8: unclosed quote '\\''",
	            0);
	/* the file delimiter line with nothing after it */
	SPLIT_ERROR("-- atlas:delimiter //", MG_SPLIT_SQLITE,
	            "no input found after delimiter", 0);
	SPLIT_ERROR("DELIMITER \nSELECT 1;", MG_SPLIT_MYSQL,
	            "1:1: DELIMITER command without a delimiter", 0);
	/* lines after an atlas:delimiter line count it */
	SPLIT_ERROR("-- atlas:delimiter //\nSELECT 1//\nSELECT 'x",
	            MG_SPLIT_SQLITE, "3:8: unclosed quote '\\''", 1);
}

/* -- CRLF and bytes that are not UTF-8 ------------------------------------ */

static void test_migrate_split__crlf(void **state)
{
	mg_stmts s;

	(void)state;
	SPLIT("CREATE TABLE a(x int);\r\nCREATE TABLE b(\r\n  y int\r\n);\r\n",
	      MG_SPLIT_SQLITE, "CREATE TABLE a(x int);",
	      "CREATE TABLE b(\r\n  y int\r\n);");
	/* a blank CRLF line detaches comments, as a LF one does */
	s = split_keep("-- detached\r\n\r\n-- attached\r\n/* too */\r\n"
	               "SELECT 1;\r\n/* gone */\r\n\r\nSELECT 2;\r\n",
	               MG_SPLIT_SQLITE);
	assert_int_equal(s.len, 2);
	COMMENTS(&s, 0, "-- attached\r\n", "/* too */");
	assert_int_equal(s.items[1].ncomments, 0);
	assert_int_equal(s.items[1].line, 8);
	mg_stmts_release(&s);
	/* "\n" of a custom delimiter matches "\r\n" */
	SPLIT("-- atlas:delimiter \\n\\n\r\n\r\nSELECT 1\r\n\r\nSELECT 2\r\n",
	      MG_SPLIT_SQLITE, "SELECT 1", "SELECT 2");
	SPLIT("DELIMITER //\r\nSELECT 1//\r\nDELIMITER ;\r\nSELECT 2;\r\n",
	      MG_SPLIT_MYSQL, "SELECT 1", "SELECT 2;");
	SPLIT("CREATE TRIGGER t AFTER INSERT ON x BEGIN\r\n  SELECT 1;\r\n"
	      "END;\r\nSELECT 2;",
	      MG_SPLIT_SQLITE,
	      "CREATE TRIGGER t AFTER INSERT ON x BEGIN\r\n  SELECT 1;\r\nEND;",
	      "SELECT 2;");
}

static void test_migrate_split__invalid_utf8(void **state)
{
	static const char in[] = "SELECT '\xff\xfe';\xc3\x5a INSERT \x80;\n"
	                         "\xed\xa0\x80 x \xf8\x88\x80\x80\x80";

	(void)state;
	SPLIT(in, MG_SPLIT_ALL, "SELECT '\xff\xfe';", "\xc3\x5a INSERT \x80;",
	      "\xed\xa0\x80 x \xf8\x88\x80\x80\x80");
	/* a NUL byte is just a byte */
	{
		static const char nul[] = "SELECT '\0';\0SELECT 2;";
		static const char *const want[] = { "SELECT '\0';", NULL };
		mg_split_opts o = opts(MG_SPLIT_SQLITE);
		mg_stmts s = MG_STMTS_INIT;

		assert_int_equal(mg_split(&s, nul, sizeof(nul) - 1, &o), 0);
		assert_int_equal(s.len, 2);
		assert_int_equal(s.items[0].len, 11);
		assert_memory_equal(s.items[0].text, want[0], 11);
		assert_int_equal(s.items[1].len, 10);
		mg_stmts_release(&s);
	}
	SPLIT_ERROR("\xff\n\xff\xfe 'x", MG_SPLIT_SQLITE,
	            "2:4: unclosed quote '\\''", 0);
}

/*
 * Random inputs over an alphabet of everything the scanner looks at: the
 * splitter must never crash or read out of bounds (ASan), and either fail
 * with UT_EPARSE or return statements that point into the input in order.
 */
static void test_migrate_split__random_inputs(void **state)
{
	static const char *const atoms[] = {
		"'",
		"\"",
		"`",
		"(",
		")",
		";",
		"--",
		"/*",
		"*/",
		"#",
		"\n",
		"\r\n",
		" ",
		"$$",
		"$a$",
		"$",
		"\\",
		"E'",
		"begin ",
		"BEGIN ",
		"END;",
		"end",
		"atomic ",
		"DELIMITER ",
		"//",
		"x",
		"\xc3",
		"\xa0",
		"\xc2\xa0",
		"\xff",
		"-- atlas:delimiter ",
		"\\n",
	};
	static const mg_dialect_kind kinds[] = {
		MG_SPLIT_GENERIC, MG_SPLIT_SQLITE, MG_SPLIT_POSTGRES,
		MG_SPLIT_MYSQL,   MG_SPLIT_ALL,
	};
	uint64_t seed = 0x5eed;
	ut_buf b = UT_BUF_INIT;

	(void)state;
	for (int round = 0; round < 3000; round++) {
		size_t n;
		ut_buf_reset(&b);
		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		n = (size_t)(seed >> 59) + 1 + (size_t)(seed >> 40) % 40;
		for (size_t i = 0; i < n; i++) {
			seed = seed * 6364136223846793005ULL + 1;
			ut_buf_puts(&b,
			            atoms[(seed >> 33) % UT_ARRAY_SIZE(atoms)]);
		}
		for (size_t k = 0; k < UT_ARRAY_SIZE(kinds); k++) {
			mg_split_opts o = opts(kinds[k]);
			mg_stmts s = MG_STMTS_INIT;
			/* an exact-size copy so ASan sees reads past the end */
			char *in = ut_xmalloc(b.len ? b.len : 1);
			int error;

			memcpy(in, b.ptr, b.len);
			error = mg_split(&s, in, b.len, &o);
			assert_true(error == 0 || error == UT_EPARSE);
			for (size_t i = 0; i < s.len; i++) {
				assert_true(s.items[i].text ==
				            in + s.items[i].pos);
				assert_true(s.items[i].pos + s.items[i].len <=
				            b.len);
				assert_true(s.items[i].len > 0);
				assert_true(s.items[i].comment_first +
				                    s.items[i].ncomments <=
				            s.ncomment_pool);
				if (i > 0)
					assert_true(s.items[i].pos >
					            s.items[i - 1].pos);
			}
			mg_stmts_release(&s);
			free(in);
		}
	}
	ut_buf_release(&b);
}

/* -- comments ------------------------------------------------------------ */

static void test_migrate_split__comments(void **state)
{
	mg_stmts s;

	(void)state;
	s = split_keep("-- file comment\n\n"
	               "-- c1\n/* c2 */\nSELECT 1;\n"
	               "/* detached\n block */\n\nSELECT 2;\n"
	               "SELECT 3; -- trailing\n"
	               "/* inline */ SELECT 4 /* kept */ -- kept too\n;\n"
	               "-- dangling\n",
	               MG_SPLIT_SQLITE);
	assert_int_equal(s.len, 4);
	COMMENTS(&s, 0, "-- c1\n", "/* c2 */");
	assert_int_equal(s.items[0].pos, 32);
	assert_int_equal(s.items[0].line, 5);
	assert_int_equal(s.items[1].ncomments, 0);
	assert_int_equal(s.items[2].ncomments, 0);
	/* "-- trailing" starts the next statement's group */
	COMMENTS(&s, 3, "-- trailing\n", "/* inline */");
	assert_int_equal(s.items[3].len,
	                 strlen("SELECT 4 /* kept */ -- kept too\n;"));
	mg_stmts_release(&s);

	/* a statement's comments after a detached group */
	s = split_keep("-- a\n-- b\n\n-- c\nSELECT 1;", MG_SPLIT_SQLITE);
	COMMENTS(&s, 0, "-- c\n");
	mg_stmts_release(&s);

	/* # is a comment only where enabled */
	s = split_keep("# c\nSELECT a #> b;", MG_SPLIT_MYSQL);
	COMMENTS(&s, 0, "# c\n");
	assert_int_equal(s.items[0].len, strlen("SELECT a #> b;"));
	mg_stmts_release(&s);
	SPLIT("# c\nSELECT a #> '{x}';", MG_SPLIT_POSTGRES,
	      "# c\nSELECT a #> '{x}';");
	/* inside a statement a comment hides quotes and delimiters */
	SPLIT("SELECT 1 # it's; here\n, 2 -- it's; too\n, 3 /* ' ; */;",
	      MG_SPLIT_MYSQL,
	      "SELECT 1 # it's; here\n, 2 -- it's; too\n, 3 /* ' ; */;");

	/* comments only */
	SPLIT_NONE("-- only\n/* comments */\n", MG_SPLIT_SQLITE);
	/* an unterminated comment is text (Atlas) */
	SPLIT("SELECT 1;\n-- no newline", MG_SPLIT_SQLITE, "SELECT 1;",
	      "-- no newline");
	SPLIT("SELECT 1 /* open", MG_SPLIT_SQLITE, "SELECT 1 /* open");
	SPLIT("SELECT 1; /* open; x", MG_SPLIT_SQLITE, "SELECT 1;", "/* open;",
	      "x");
	/* "-" and "/" alone are operators */
	SPLIT("SELECT 4-2/1 - -1;", MG_SPLIT_SQLITE, "SELECT 4-2/1 - -1;");
}

/* -- directives ---------------------------------------------------------- */

static void test_migrate_split__directive_match(void **state)
{
	mg_span p, n, a;
	const char *l;

	(void)state;
	l = "-- atlas:nolint DS103  MF101";
	assert_true(mg_directive_match(&p, &n, &a, l, strlen(l)));
	assert_int_equal(p.len, 3);
	assert_int_equal(n.len, 6);
	assert_memory_equal(n.ptr, "nolint", 6);
	assert_int_equal(a.len, strlen("DS103  MF101"));
	assert_memory_equal(a.ptr, "DS103  MF101", a.len);

	l = "-- atlas:sum\r\nx";
	assert_true(mg_directive_match(&p, &n, &a, l, strlen(l)));
	assert_int_equal(n.len, 3);
	assert_int_equal(a.len, 0);

	/* [ -~]* is greedy: the last "atlas:<word>" wins */
	l = "-- atlas:a atlas:b c";
	assert_true(mg_directive_match(&p, &n, &a, l, strlen(l)));
	assert_int_equal(p.len, strlen("-- atlas:a "));
	assert_memory_equal(n.ptr, "b", 1);
	assert_memory_equal(a.ptr, "c", 1);
	l = "-- atlas:a atlas:";
	assert_true(mg_directive_match(&p, &n, &a, l, strlen(l)));
	assert_int_equal(n.len, 1);
	assert_memory_equal(n.ptr, "a", 1);

	/* " +(.+)" keeps one space of a run of trailing spaces */
	l = "--atlas:x   ";
	assert_true(mg_directive_match(&p, &n, &a, l, strlen(l)));
	assert_int_equal(a.len, 1);
	l = "--atlas:x ";
	assert_true(mg_directive_match(&p, &n, &a, l, strlen(l)));
	assert_int_equal(a.len, 0);
	/* no word after the colon, a non-printable prefix, another line */
	l = "-- atlas: x";
	assert_false(mg_directive_match(&p, &n, &a, l, strlen(l)));
	l = "\t-- atlas:x";
	assert_false(mg_directive_match(&p, &n, &a, l, strlen(l)));
	l = "-- x\n-- atlas:x";
	assert_false(mg_directive_match(&p, &n, &a, l, strlen(l)));
	/* the name stops at a non-word character */
	l = "atlas:nolint,x";
	assert_true(mg_directive_match(&p, &n, &a, l, strlen(l)));
	assert_int_equal(n.len, 6);
	assert_int_equal(a.len, 0);
}

static void test_migrate_split__file_directives(void **state)
{
	mg_directives d = MG_DIRECTIVES_INIT;
	const char *in;

	(void)state;
	in = "-- atlas:txmode none\n"
	     "# atlas:nolint DS103 MF101\n"
	     "-- plain comment\n"
	     "\n"
	     "-- atlas:nolint later\n"
	     "CREATE TABLE t(a int);\n";
	assert_int_equal(mg_file_directives(&d, in, strlen(in)), 0);
	assert_int_equal(d.len, 2);
	assert_string_equal(mg_directives_get(&d, "txmode"), "none");
	assert_string_equal(mg_directives_get(&d, "nolint"), "DS103 MF101");
	assert_null(mg_directives_get(&d, "checkpoint"));
	mg_directives_release(&d);
	assert_int_equal(d.len, 0);

	/* no blank line: statement comments, not file directives */
	in = "-- atlas:nolint\nDROP TABLE t;";
	assert_int_equal(mg_file_directives(&d, in, strlen(in)), 0);
	assert_int_equal(d.len, 0);

	/* comments-only files count whole, with or without a final newline */
	in = "-- atlas:sum ignore\n# atlas:checkpoint v1";
	assert_int_equal(mg_file_directives(&d, in, strlen(in)), 0);
	assert_string_equal(mg_directives_get(&d, "sum"), "ignore");
	assert_string_equal(mg_directives_get(&d, "checkpoint"), "v1");
	mg_directives_release(&d);
	in = "-- atlas:checkpoint\n";
	assert_int_equal(mg_file_directives(&d, in, strlen(in)), 0);
	assert_string_equal(mg_directives_get(&d, "checkpoint"), "");
	mg_directives_release(&d);

	/* checkpoint tag, CRLF */
	in = "-- atlas:checkpoint v2.0\r\n\r\nCREATE TABLE t(a int);\r\n";
	assert_int_equal(mg_file_directives(&d, in, strlen(in)), 0);
	assert_string_equal(mg_directives_get(&d, "checkpoint"), "v2.0");
	mg_directives_release(&d);

	/* a statement first: none */
	in = "CREATE TABLE t(a int);\n-- atlas:txmode none\n\n";
	assert_int_equal(mg_file_directives(&d, in, strlen(in)), 0);
	assert_int_equal(d.len, 0);
	/* block comments are not file directives */
	in = "/* atlas:txmode none */\n\nSELECT 1;";
	assert_int_equal(mg_file_directives(&d, in, strlen(in)), 0);
	assert_int_equal(d.len, 0);
}

static void test_migrate_split__stmt_directives(void **state)
{
	mg_directives d = MG_DIRECTIVES_INIT;
	mg_stmts s;

	(void)state;
	s = split_keep("-- atlas:txmode none\n\n"
	               "-- atlas:nolint DS103\n"
	               "DROP TABLE a;\n"
	               "--atlas:nolint\n"
	               "# atlas:nolint hash_space\n"
	               "#atlas:checkpoint hash\n"
	               "DROP TABLE b;\n"
	               "/* atlas:nolint MF101 DS102 */\n"
	               "/* atlas:sum\n ignore */\n"
	               "--  atlas:txmode two_spaces\n"
	               "DROP TABLE c;\n",
	               MG_SPLIT_MYSQL);
	assert_int_equal(s.len, 3);

	/* the file directive is detached from the first statement */
	assert_int_equal(mg_stmt_directives(&d, &s, &s.items[0]), 0);
	assert_int_equal(d.len, 1);
	assert_string_equal(mg_directives_get(&d, "nolint"), "DS103");
	assert_null(mg_directives_get(&d, "txmode"));
	mg_directives_release(&d);

	/* prefixes "--" and "#" count, "# " does not */
	assert_int_equal(mg_stmt_directives(&d, &s, &s.items[1]), 0);
	assert_int_equal(d.len, 2);
	assert_string_equal(mg_directives_get(&d, "nolint"), "");
	assert_string_equal(mg_directives_get(&d, "checkpoint"), "hash");
	mg_directives_release(&d);

	/* one-line block comments count, multi-line ones and "--  " not */
	assert_int_equal(mg_stmt_directives(&d, &s, &s.items[2]), 0);
	assert_int_equal(d.len, 1);
	assert_string_equal(mg_directives_get(&d, "nolint"), "MF101 DS102");
	assert_null(mg_directives_get(&d, "sum"));
	assert_null(mg_directives_get(&d, "txmode"));
	mg_directives_release(&d);
	mg_stmts_release(&s);
}

/* -- delimiters ---------------------------------------------------------- */

static void test_migrate_split__delimiter_command(void **state)
{
	mg_stmts s;

	(void)state;
	SPLIT("DELIMITER //\n"
	      "CREATE PROCEDURE p() BEGIN SELECT 1; END//\n"
	      "DELIMITER ;\n"
	      "CALL p();",
	      MG_SPLIT_MYSQL, "CREATE PROCEDURE p() BEGIN SELECT 1; END",
	      "CALL p();");
	/* case-insensitive, quoted, escapes decoded */
	SPLIT("delimiter 'MySQL'\nSELECT 1MySQL\ndelimiter ;\nSELECT 2;",
	      MG_SPLIT_MYSQL, "SELECT 1", "SELECT 2;");
	SPLIT("Delimiter '$''$'\nSELECT 1$'$SELECT 2$'$", MG_SPLIT_MYSQL,
	      "SELECT 1", "SELECT 2");
	SPLIT("DELIMITER \\n\\n\nSELECT 1\n\nSELECT 2\n\nDELIMITER ;\nSELECT 3;",
	      MG_SPLIT_MYSQL, "SELECT 1", "SELECT 2", "SELECT 3;");
	/* only at the start of a statement, and followed by a space */
	SPLIT("SELECT 1; DELIMITERX //; SELECT DELIMITER x;", MG_SPLIT_MYSQL,
	      "SELECT 1;", "DELIMITERX //;", "SELECT DELIMITER x;");
	/* the command is not a statement; its comments go to the next one */
	s = split_keep("-- set\nDELIMITER $$\nSELECT 1$$\n", MG_SPLIT_MYSQL);
	assert_int_equal(s.len, 1);
	COMMENTS(&s, 0, "-- set\n");
	assert_int_equal(s.items[0].line, 3);
	mg_stmts_release(&s);
	/* a delimiter wins over comments and dollar quotes */
	SPLIT("DELIMITER --\nSELECT 1--\nSELECT 2 --\n", MG_SPLIT_MYSQL,
	      "SELECT 1", "SELECT 2");
	SPLIT("DELIMITER $$\nSELECT 1$$SELECT $a$ x $a$$$", MG_SPLIT_POSTGRES,
	      "SELECT 1", "SELECT $a$ x $a$");
	/* but not inside parens */
	SPLIT("DELIMITER //\nSELECT (1 // 2)//", MG_SPLIT_MYSQL,
	      "SELECT (1 // 2)");
}

static void test_migrate_split__custom_delimiter(void **state)
{
	mg_stmts s;
	mg_split_opts o = opts(MG_SPLIT_SQLITE);
	const char *in = "-- atlas:delimiter //\n"
	                 "SELECT 1//\n"
	                 "-- c\n"
	                 "SELECT 2 //   // SELECT 3";

	(void)state;
	s = split_keep(in, MG_SPLIT_SQLITE);
	assert_int_equal(s.len, 3);
	assert_int_equal(s.items[0].len, 8);
	assert_memory_equal(s.items[0].text, "SELECT 1", 8);
	/* pos and line count the directive line (Atlas's do not) */
	assert_int_equal(s.items[0].pos, 22);
	assert_int_equal(s.items[0].line, 2);
	assert_int_equal(s.items[1].line, 4);
	COMMENTS(&s, 1, "-- c\n");
	/* the empty statement between two delimiters is skipped */
	assert_memory_equal(s.items[2].text, "SELECT 3", 8);
	mg_stmts_release(&s);

	/* escapes in the directive; \n---\n as in Atlas's tests */
	SPLIT("-- atlas:delimiter \\n---\\n\nA\n---\nB\n---\n", MG_SPLIT_SQLITE,
	      "A", "B");
	SPLIT("-- atlas:delimiter \\t|\n\nA\t|B", MG_SPLIT_SQLITE, "A", "B");
	/* the prefix must be exactly "-- ": else it is a plain comment */
	SPLIT("--atlas:delimiter //\nA//B;", MG_SPLIT_SQLITE, "A//B;");
	/* BEGIN is a plain word under a custom delimiter */
	SPLIT("-- atlas:delimiter //\nCREATE TRIGGER t BEGIN SELECT 1; END//"
	      "SELECT 2",
	      MG_SPLIT_SQLITE, "CREATE TRIGGER t BEGIN SELECT 1; END",
	      "SELECT 2");

	/* mg_split_opts.delimiter */
	o.delimiter = "$$";
	{
		static const char *const want[] = { "SELECT 1", "SELECT 2;",
			                            NULL };
		const char *x = "SELECT 1$$ SELECT 2;";
		check_split(x, strlen(x), &o, want, NULL);
	}
}

/* -- BEGIN ... END --------------------------------------------------------- */

static void test_migrate_split__begin_end(void **state)
{
	(void)state;
	/* a SQLite trigger */
	SPLIT("CREATE TABLE x(a);\n"
	      "CREATE TRIGGER t AFTER INSERT ON x BEGIN\n"
	      "  UPDATE y SET a = 1;\n"
	      "  DELETE FROM z;\n"
	      "END;\n"
	      "SELECT 1;",
	      MG_SPLIT_SQLITE, "CREATE TABLE x(a);",
	      "CREATE TRIGGER t AFTER INSERT ON x BEGIN\n"
	      "  UPDATE y SET a = 1;\n"
	      "  DELETE FROM z;\n"
	      "END;",
	      "SELECT 1;");
	/* without match_begin (generic) the body splits */
	SPLIT("CREATE TRIGGER t AFTER INSERT ON x BEGIN SELECT 1; END;",
	      MG_SPLIT_GENERIC,
	      "CREATE TRIGGER t AFTER INSERT ON x BEGIN SELECT 1;", "END;");
	/* nested blocks, END IF/LOOP are not the end */
	SPLIT("CREATE PROCEDURE p() BEGIN\n"
	      "  IF a THEN BEGIN SELECT 1; END; END IF;\n"
	      "  l: LOOP LEAVE l; END LOOP;\n"
	      "end;"
	      "CALL p();",
	      MG_SPLIT_MYSQL,
	      "CREATE PROCEDURE p() BEGIN\n"
	      "  IF a THEN BEGIN SELECT 1; END; END IF;\n"
	      "  l: LOOP LEAVE l; END LOOP;\n"
	      "end;",
	      "CALL p();");
	/*
	 * The end is a statement that is END, END; or (strata goes beyond
	 * Atlas here, as sqlite3 and psql do) END with blanks before the
	 * ";": Atlas splits such a trigger in the middle.
	 */
	SPLIT("CREATE TRIGGER t BEGIN SELECT 1; BEGIN SELECT 2; END; END\n;",
	      MG_SPLIT_SQLITE,
	      "CREATE TRIGGER t BEGIN SELECT 1; BEGIN SELECT 2; END; END\n;");
	SPLIT("CREATE TRIGGER t AFTER INSERT ON a\n BEGIN\n  SELECT 1;\n END\n;\nSELECT 2;",
	      MG_SPLIT_SQLITE,
	      "CREATE TRIGGER t AFTER INSERT ON a\n BEGIN\n  SELECT 1;\n END\n;",
	      "SELECT 2;");
	/* END followed by anything but blanks and ";" does not end it */
	SPLIT("CREATE TRIGGER t BEGIN SELECT 1; END x; SELECT 2;",
	      MG_SPLIT_SQLITE, "CREATE TRIGGER t BEGIN SELECT 1;", "END x;",
	      "SELECT 2;");
	/* END at the end of the input */
	SPLIT("CREATE TRIGGER t BEGIN SELECT 1; END", MG_SPLIT_SQLITE,
	      "CREATE TRIGGER t BEGIN SELECT 1; END");
	/* BEGIN that opens no block: a transaction, a column */
	SPLIT("BEGIN;\nINSERT INTO t VALUES (1);\nCOMMIT;", MG_SPLIT_SQLITE,
	      "BEGIN;", "INSERT INTO t VALUES (1);", "COMMIT;");
	SPLIT("BEGIN TRANSACTION;\nINSERT INTO t VALUES (1);\nCOMMIT;",
	      MG_SPLIT_SQLITE, "BEGIN TRANSACTION;",
	      "INSERT INTO t VALUES (1);", "COMMIT;");
	SPLIT("select * from t where begin < 10; select begin from u;"
	      " create table v(begin int, end int);",
	      MG_SPLIT_SQLITE, "select * from t where begin < 10;",
	      "select begin from u;", "create table v(begin int, end int);");
	SPLIT("UPDATE t SET x.begin = 1; SELECT 2;", MG_SPLIT_SQLITE,
	      "UPDATE t SET x.begin = 1;", "SELECT 2;");
	/* a failed BEGIN before a real block */
	SPLIT("SELECT begin FROM t; CREATE TRIGGER r BEGIN SELECT 1; END; SELECT 3;",
	      MG_SPLIT_SQLITE, "SELECT begin FROM t;",
	      "CREATE TRIGGER r BEGIN SELECT 1; END;", "SELECT 3;");
	/* comments inside a body do not hide its END */
	SPLIT("CREATE TRIGGER r BEGIN SELECT 1; -- x;\n/* y; */ END; SELECT 2;",
	      MG_SPLIT_SQLITE,
	      "CREATE TRIGGER r BEGIN SELECT 1; -- x;\n/* y; */ END;",
	      "SELECT 2;");
	/* a block inside parens */
	SPLIT("SELECT (BEGIN x; END; 1); SELECT 2;", MG_SPLIT_SQLITE,
	      "SELECT (BEGIN x; END; 1);", "SELECT 2;");
}

static void test_migrate_split__begin_atomic(void **state)
{
	const char *in = "CREATE FUNCTION f() RETURNS int LANGUAGE SQL\n"
	                 "BEGIN ATOMIC\n  SELECT 1;\n  SELECT 2;\nEND;\n"
	                 "SELECT 3;";

	(void)state;
	SPLIT(in, MG_SPLIT_GENERIC,
	      "CREATE FUNCTION f() RETURNS int LANGUAGE SQL\n"
	      "BEGIN ATOMIC\n  SELECT 1;\n  SELECT 2;\nEND;",
	      "SELECT 3;");
	SPLIT(in, MG_SPLIT_POSTGRES,
	      "CREATE FUNCTION f() RETURNS int LANGUAGE SQL\n"
	      "BEGIN ATOMIC\n  SELECT 1;\n  SELECT 2;\nEND;",
	      "SELECT 3;");
	/* generic: plain BEGIN is no block */
	SPLIT("CREATE TRIGGER t BEGIN SELECT 1; END;", MG_SPLIT_GENERIC,
	      "CREATE TRIGGER t BEGIN SELECT 1;", "END;");
}

/* Inputs that would make a naive recursive BEGIN scan blow up. */
static void test_migrate_split__begin_pathological(void **state)
{
	ut_buf b = UT_BUF_INIT;
	mg_stmts s = MG_STMTS_INIT;
	mg_split_opts o = opts(MG_SPLIT_MYSQL);
	int64_t t0 = ut_now_ns();

	(void)state;
	/* many words "begin" that open no block, then a real block */
	for (int i = 0; i < 100000; i++)
		ut_buf_puts(&b, "select begin from t;\n");
	ut_buf_puts(&b, "DELIMITER //\nselect 1//\nDELIMITER ;\n");
	ut_buf_puts(&b, "CREATE TRIGGER x BEGIN SELECT 1; END;\n");
	assert_int_equal(mg_split(&s, b.ptr, b.len, &o), 0);
	assert_int_equal(s.len, 100002);
	assert_int_equal(s.items[100001].len,
	                 strlen("CREATE TRIGGER x BEGIN SELECT 1; END;"));
	mg_stmts_release(&s);

	/* deep nesting of BEGINs that never end */
	ut_buf_reset(&b);
	for (int i = 0; i < 100000; i++)
		ut_buf_puts(&b, "(begin ");
	ut_buf_puts(&b, "x;");
	assert_int_equal(mg_split(&s, b.ptr, b.len, &o), UT_EPARSE);
	assert_string_equal(ut_error_last()->msg, "1:1: unclosed '('");
	mg_stmts_release(&s);

	/* and ones that do */
	ut_buf_reset(&b);
	for (int i = 0; i < 20000; i++)
		ut_buf_puts(&b, "begin ");
	ut_buf_puts(&b, "x;");
	for (int i = 0; i < 20000; i++)
		ut_buf_puts(&b, " end;");
	assert_int_equal(mg_split(&s, b.ptr, b.len, &o), 0);
	assert_int_equal(s.len, 1);
	mg_stmts_release(&s);
	ut_buf_release(&b);
	/* generous: this takes milliseconds, a quadratic scan minutes */
	assert_true(ut_now_ns() - t0 < INT64_C(20000000000));
}

/* -- quotes -------------------------------------------------------------- */

static void test_migrate_split__dollar_quotes(void **state)
{
	(void)state;
	SPLIT("CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;"
	      "SELECT 2;",
	      MG_SPLIT_POSTGRES,
	      "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;",
	      "SELECT 2;");
	SPLIT("DO $body$ BEGIN x := $$;$$; END $body$; SELECT 2;",
	      MG_SPLIT_POSTGRES, "DO $body$ BEGIN x := $$;$$; END $body$;",
	      "SELECT 2;");
	/* tags: letters, digits after the first, _ and È-ÿ */
	SPLIT("SELECT $_a1$ ; $_a1$; SELECT $È$ ; $È$;", MG_SPLIT_POSTGRES,
	      "SELECT $_a1$ ; $_a1$;", "SELECT $È$ ; $È$;");
	/* $1 is a parameter; an unclosed $$ is text */
	SPLIT("SELECT $1; SELECT $1$; SELECT $$a; SELECT 2;", MG_SPLIT_POSTGRES,
	      "SELECT $1;", "SELECT $1$;", "SELECT $$a;", "SELECT 2;");
	/* quotes inside a dollar quote are text */
	SPLIT("SELECT $$it's$$; SELECT 2;", MG_SPLIT_POSTGRES,
	      "SELECT $$it's$$;", "SELECT 2;");
	/* only where enabled */
	SPLIT("SELECT $$ ; $$;", MG_SPLIT_SQLITE, "SELECT $$ ;", "$$;");
	/* a BEGIN inside a dollar quote is text */
	SPLIT("DO $$ BEGIN PERFORM 1; END $$; SELECT 2;", MG_SPLIT_POSTGRES,
	      "DO $$ BEGIN PERFORM 1; END $$;", "SELECT 2;");
}

static void test_migrate_split__escaped_strings(void **state)
{
	(void)state;
	/* PostgreSQL: backslash escapes only in E'' strings */
	SPLIT("SELECT E'\\'';SELECT e'a\\\\';SELECT '\\';SELECT 4;",
	      MG_SPLIT_POSTGRES, "SELECT E'\\'';", "SELECT e'a\\\\';",
	      "SELECT '\\';", "SELECT 4;");
	/* MySQL: everywhere, in each kind of quote */
	SPLIT("SELECT 'a\\'b', \"c\\\"d\", `e\\`f`;SELECT 2;", MG_SPLIT_MYSQL,
	      "SELECT 'a\\'b', \"c\\\"d\", `e\\`f`;", "SELECT 2;");
	/* SQLite: never */
	SPLIT("SELECT 'a\\';SELECT E'\\';", MG_SPLIT_SQLITE, "SELECT 'a\\';",
	      "SELECT E'\\';");
}

int test_migrate_split_run(void)
{
	static const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_migrate_split__opts_per_dialect),
		cmocka_unit_test(test_migrate_split__basic),
		cmocka_unit_test(test_migrate_split__appends),
		cmocka_unit_test(test_migrate_split__errors),
		cmocka_unit_test(test_migrate_split__crlf),
		cmocka_unit_test(test_migrate_split__invalid_utf8),
		cmocka_unit_test(test_migrate_split__random_inputs),
		cmocka_unit_test(test_migrate_split__comments),
		cmocka_unit_test(test_migrate_split__directive_match),
		cmocka_unit_test(test_migrate_split__file_directives),
		cmocka_unit_test(test_migrate_split__stmt_directives),
		cmocka_unit_test(test_migrate_split__delimiter_command),
		cmocka_unit_test(test_migrate_split__custom_delimiter),
		cmocka_unit_test(test_migrate_split__begin_end),
		cmocka_unit_test(test_migrate_split__begin_atomic),
		cmocka_unit_test(test_migrate_split__begin_pathological),
		cmocka_unit_test(test_migrate_split__dollar_quotes),
		cmocka_unit_test(test_migrate_split__escaped_strings),
	};

	return cmocka_run_group_tests_name("migrate_split", tests, NULL, NULL);
}
