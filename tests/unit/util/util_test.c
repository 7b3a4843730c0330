/* SPDX-License-Identifier: MIT */
/* tests/unit/util/util_test.c: buffers, arenas, vectors, maps, strings,
 * hashing, files. */
#include <sys/stat.h>
#include <unistd.h>

#include "test.h"

#include "ut.h"

static void test_util_buf__invariants(void **state)
{
	ut_buf b = UT_BUF_INIT;

	(void)state;
	assert_non_null(b.ptr);
	assert_string_equal(b.ptr, "");
	ut_buf_puts(&b, "abc");
	ut_buf_printf(&b, "-%d-%s", 42, "x");
	assert_string_equal(b.ptr, "abc-42-x");
	assert_int_equal(b.len, 8);
	for (int i = 0; i < 1000; i++)
		ut_buf_putc(&b, 'z');
	assert_int_equal(b.len, 1008);
	assert_int_equal(b.ptr[b.len], '\0');
	ut_buf_reset(&b);
	assert_string_equal(b.ptr, "");
	ut_buf_puts(&b, "  trailing \n\t");
	ut_buf_rtrim(&b);
	assert_string_equal(b.ptr, "  trailing");
	char *d = ut_buf_detach(&b);
	assert_string_equal(d, "  trailing");
	assert_int_equal(b.len, 0);
	assert_string_equal(b.ptr, "");
	free(d);
	ut_buf_release(&b);
}

static void test_util_arena__alloc_and_strings(void **state)
{
	ut_arena a = UT_ARENA_INIT;
	char *big;

	(void)state;
	for (int i = 0; i < 10000; i++) {
		int *p = ut_arena_alloc(&a, sizeof(int) * 3);
		assert_int_equal(p[0] | p[1] | p[2], 0);
		assert_int_equal((uintptr_t)p % _Alignof(max_align_t), 0);
		p[2] = i;
	}
	big = ut_arena_alloc(&a, 3 << 20);
	big[(3 << 20) - 1] = 'x';
	assert_string_equal(ut_arena_strdup(&a, "hello"), "hello");
	assert_string_equal(ut_arena_strndup(&a, "hello", 3), "hel");
	assert_string_equal(ut_arena_printf(&a, "%s-%d", "n", 7), "n-7");
	assert_null(ut_arena_strdup(&a, NULL));
	ut_arena_release(&a);
}

static void test_util_vec__push_and_arena_push(void **state)
{
	UT_VEC(int) v = UT_VEC_INIT;
	UT_VEC(const char *) w = UT_VEC_INIT;
	ut_arena a = UT_ARENA_INIT;
	int *x;
	long sum = 0;

	(void)state;
	for (int i = 0; i < 100; i++)
		ut_vec_push(&v, i);
	ut_vec_foreach(&v, i, x) sum += *x;
	assert_int_equal(sum, 4950);
	assert_int_equal(ut_vec_last(&v), 99);
	ut_vec_release(&v);
	assert_null(v.items);
	for (int i = 0; i < 50; i++)
		ut_vec_apush(&a, &w, "s");
	assert_int_equal(w.len, 50);
	assert_string_equal(w.items[49], "s");
	ut_arena_release(&a);
}

static void test_util_map__put_get_replace(void **state)
{
	ut_map m = UT_MAP_INIT, ci = UT_MAP_INIT;
	char keys[2000][16];

	(void)state;
	for (int i = 0; i < 2000; i++) {
		snprintf(keys[i], sizeof(keys[i]), "key%d", i);
		assert_null(ut_map_put(&m, keys[i], &keys[i]));
	}
	assert_int_equal(m.len, 2000);
	for (int i = 0; i < 2000; i++)
		assert_ptr_equal(ut_map_get(&m, keys[i]), &keys[i]);
	assert_null(ut_map_get(&m, "absent"));
	assert_ptr_equal(ut_map_put(&m, "key5", NULL), &keys[5]);
	assert_null(ut_map_get(&m, "key5"));
	ut_map_release(&m);
	ci.nocase = true;
	ut_map_put(&ci, "Users", (void *)1);
	assert_ptr_equal(ut_map_get(&ci, "USERS"), (void *)1);
	ut_map_release(&ci);
}

static void test_util_str__durations(void **state)
{
	int64_t ns;
	ut_buf b = UT_BUF_INIT;

	(void)state;
	assert_int_equal(ut_duration_parse(&ns, "10s"), 0);
	assert_int_equal(ns, 10000000000LL);
	assert_int_equal(ut_duration_parse(&ns, "1m30s"), 0);
	assert_int_equal(ns, 90000000000LL);
	assert_int_equal(ut_duration_parse(&ns, "250ms"), 0);
	assert_int_equal(ns, 250000000LL);
	assert_int_equal(ut_duration_parse(&ns, "5"), 0);
	assert_int_equal(ns, 5000000000LL);
	assert_true(ut_duration_parse(&ns, "ten") < 0);
	assert_true(ut_duration_parse(&ns, "") < 0);
	ut_duration_format(&b, 1234000);
	assert_string_equal(b.ptr, "1.234ms");
	ut_buf_reset(&b);
	ut_duration_format(&b, 12300000000LL);
	assert_string_equal(b.ptr, "12.3s");
	ut_buf_reset(&b);
	ut_duration_format(&b, 3723000000000LL);
	assert_string_equal(b.ptr, "1h2m3s");
	ut_buf_reset(&b);
	ut_duration_format(&b, 0);
	assert_string_equal(b.ptr, "0s");
	ut_buf_reset(&b);
	ut_duration_format(&b, 1500);
	assert_string_equal(b.ptr, "1.5µs");
	ut_buf_release(&b);
}

static void test_util_str__quote_and_parse(void **state)
{
	ut_buf b = UT_BUF_INIT;
	int64_t v;

	(void)state;
	ut_buf_quote(&b, "a\"b\\c\nd");
	assert_string_equal(b.ptr, "\"a\\\"b\\\\c\\nd\"");
	ut_buf_release(&b);
	assert_int_equal(ut_str_to_i64(&v, "-42"), 0);
	assert_int_equal(v, -42);
	assert_true(ut_str_to_i64(&v, "4x") < 0);
	assert_true(ut_str_to_i64(&v, "") < 0);
	assert_true(ut_str_ieq("Hello", "hELLO"));
	assert_false(ut_str_ieq("Hello", "Hell"));
	assert_true(ut_span_iprefix("Pragma x", 8, "PRAGMA"));
	char *r = ut_str_replace("a.b.c", ".", "::");
	assert_string_equal(r, "a::b::c");
	free(r);
}

static void test_util_hash__sha256_peek_and_base64(void **state)
{
	ut_sha256 *h = ut_sha256_new();
	unsigned char d[UT_SHA256_LEN];
	char b64[UT_SHA256_B64_LEN + 1];

	(void)state;
	ut_sha256_final(h, d);
	ut_sha256_b64(b64, d);
	/* sha256("") as Atlas writes the sum of an empty directory */
	assert_string_equal(b64, "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
	ut_sha256_update(h, "ab", 2);
	ut_sha256_peek(h, d); /* digest so far, keeps the state */
	ut_sha256_update(h, "c", 1);
	ut_sha256_final(h, d);
	ut_sha256_b64(b64, d);
	/* sha256("abc") */
	assert_string_equal(b64, "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=");
	ut_sha256_free(h);
	ut_base64(b64, (const unsigned char *)"f", 1);
	assert_string_equal(b64, "Zg==");
	ut_base64(b64, (const unsigned char *)"fo", 2);
	assert_string_equal(b64, "Zm8=");
	assert_int_equal(ut_fnv1_32(""), 2166136261u);
	assert_true(ut_xxh3("a", 1) != ut_xxh3("b", 1));
}

static void test_util_error__set_wrap_stash(void **state)
{
	ut_error saved;

	(void)state;
	assert_int_equal(ut_error_set(UT_ENOTFOUND, "no '%s'", "x"), UT_ENOTFOUND);
	ut_error_hint("try %d", 1);
	assert_string_equal(ut_error_last()->msg, "no 'x'");
	assert_string_equal(ut_error_last()->hint, "try 1");
	assert_int_equal(ut_error_wrap("reading"), UT_ENOTFOUND);
	assert_string_equal(ut_error_last()->msg, "reading: no 'x'");
	ut_error_stash(&saved);
	ut_error_set(UT_EDB, "other");
	ut_error_restore(&saved);
	assert_int_equal(ut_error_last()->code, UT_ENOTFOUND);
	assert_string_equal(ut_error_last()->msg, "reading: no 'x'");
	assert_string_equal(ut_error_last()->hint, "try 1");
	ut_error_clear();
	assert_int_equal(ut_error_last()->code, UT_OK);
	assert_string_equal(ut_error_last()->msg, "");
}

static void test_util_file__atomic_write_and_faults(void **state)
{
	char *dir, *path;
	ut_buf b = UT_BUF_INIT;
	char **names;
	size_t n;

	(void)state;
	assert_int_equal(ut_mkdtemp(&dir, "strata-test"), 0);
	path = ut_path_join(dir, "f.txt");
	assert_int_equal(ut_file_write_atomic(path, "one", 3), 0);
	assert_int_equal(ut_file_read(&b, path), 0);
	assert_string_equal(b.ptr, "one");
	/* a failing rename leaves the old content and no temporary file */
	setenv("STRATA_FAULT", "rename", 1);
	assert_true(ut_file_write_atomic(path, "two", 3) < 0);
	unsetenv("STRATA_FAULT");
	ut_buf_reset(&b);
	assert_int_equal(ut_file_read(&b, path), 0);
	assert_string_equal(b.ptr, "one");
	assert_int_equal(ut_dir_list(&names, &n, dir), 0);
	assert_int_equal(n, 1);
	assert_string_equal(names[0], "f.txt");
	ut_strlist_free(names, n);
	assert_int_equal(ut_file_read(&b, "/nonexistent/x"), UT_ENOTFOUND);
	ut_error_clear();
	char *deep = ut_path_join(dir, "a/b/c");
	assert_int_equal(ut_mkdir_p(deep), 0);
	assert_true(ut_path_is_dir(deep));
	free(deep);
	ut_rm_rf(dir);
	assert_false(ut_path_exists(dir));
	free(path);
	free(dir);
	ut_buf_release(&b);
}

static void test_util_str__url_set_path(void **state)
{
	static const struct {
		const char *url, *path, *want;
	} cases[] = {
		{ "postgres://u:p@h:5432/db?sslmode=disable", "other",
		  "postgres://u:p@h:5432/other?sslmode=disable" },
		{ "mysql://u:p@h:3306/db", "/x", "mysql://u:p@h:3306/x" },
		{ "mysql://u:p@h", "x", "mysql://u:p@h/x" },
		{ "mysql://u:p@h/db?tls=true#f", "", "mysql://u:p@h?tls=true#f" },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *got = ut_url_set_path(cases[i].url, cases[i].path);
		assert_string_equal(got, cases[i].want);
		free(got);
	}
}

static void test_util_diag__positions(void **state)
{
	const char *t = "ab\ncdé\nx";
	ut_pos p;

	(void)state;
	p = ut_pos_at(t, strlen(t), 0);
	assert_int_equal(p.line, 1);
	assert_int_equal(p.col, 1);
	p = ut_pos_at(t, strlen(t), 3);
	assert_int_equal(p.line, 2);
	assert_int_equal(p.col, 1);
	p = ut_pos_at(t, strlen(t), strlen("ab\ncdé"));
	assert_int_equal(p.line, 2);
	assert_int_equal(p.col, 4); /* é counts once */
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test(test_util_buf__invariants),
	cmocka_unit_test(test_util_arena__alloc_and_strings),
	cmocka_unit_test(test_util_vec__push_and_arena_push),
	cmocka_unit_test(test_util_map__put_get_replace),
	cmocka_unit_test(test_util_str__durations),
	cmocka_unit_test(test_util_str__quote_and_parse),
	cmocka_unit_test(test_util_hash__sha256_peek_and_base64),
	cmocka_unit_test(test_util_error__set_wrap_stash),
	cmocka_unit_test(test_util_file__atomic_write_and_faults),
	cmocka_unit_test(test_util_diag__positions),
	cmocka_unit_test(test_util_str__url_set_path),
};

TEST_MAIN(tests)
