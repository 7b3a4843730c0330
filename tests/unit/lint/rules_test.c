/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/lint/rules_test.c: every rule of the catalogue fires on one
 * case and stays quiet on another (cases.h), through the whole lint
 * pipeline; the catalogue and docs/lint-rules.md agree.
 */
#include "test.h"

#include "dir.h"
#include "driver.h"
#include "lint.h"
#include "plan.h"
#include "sum.h"
#include "ut.h"

#include "cases.h"
#include "scratch.h"

/* Dev databases of the server cases: scratch databases of this process. */
static lt_scratch pg_dev, my_dev;

static int scratch_setup(void **state)
{
	(void)state;
	lt_scratch_new(&pg_dev, "postgres");
	lt_scratch_new(&my_dev, "mysql");
	return 0;
}

static int scratch_teardown(void **state)
{
	(void)state;
	lt_scratch_drop(&pg_dev);
	lt_scratch_drop(&my_dev);
	return 0;
}

static const char *dev_url(const char *dialect)
{
	if (strcmp(dialect, "sqlite") == 0)
		return "sqlite://lintdev?mode=memory";
	if (strcmp(dialect, "postgres") == 0)
		return pg_dev.url;
	return my_dev.url;
}

static void write_file(const char *dir, const char *name, const char *text)
{
	char *p = ut_path_join(dir, name);
	assert_int_equal(ut_file_write_atomic(p, text, strlen(text)), 0);
	free(p);
}

/* MY113: an enum of 255 values grows to 256 (the storage size changes). */
static void gen_my113(ut_buf *base, ut_buf *file)
{
	ut_buf vals = UT_BUF_INIT;

	for (int i = 0; i < 255; i++)
		ut_buf_printf(&vals, "%s'v%d'", i ? "," : "", i);
	ut_buf_printf(base, "CREATE TABLE t (id int PRIMARY KEY, e enum(%s));", vals.ptr);
	ut_buf_printf(file, "ALTER TABLE t MODIFY e enum(%s,'v255');", vals.ptr);
	ut_buf_release(&vals);
}

/*
 * Runs one case. Returns 1 when the code fired, 0 when not, -1 when the
 * case was skipped (needs a server that is not configured).
 */
static int run_case(const lcase *c, char **codes_out)
{
	const char *url = dev_url(c->dialect);
	char *tmp = NULL, *mdir = NULL, *durl = NULL;
	ut_buf base = UT_BUF_INIT, file = UT_BUF_INIT, codes = UT_BUF_INIT;
	mg_dir *dir = NULL;
	dl_conn *dev = NULL;
	lt_result *res = NULL;
	lt_config cfg = { 0 };
	lt_opts o = { 0 };
	int fired = 0;

	if (c->replay && !url)
		return -1;
	if (c->base)
		ut_buf_puts(&base, c->base);
	if (c->file)
		ut_buf_puts(&file, c->file);
	if (!c->base && !c->file)
		gen_my113(&base, &file);
	assert_int_equal(ut_mkdtemp(&tmp, "strata-lint"), 0);
	mdir = ut_path_join(tmp, "migrations");
	assert_int_equal(ut_mkdir_p(mdir), 0);
	if (base.len)
		write_file(mdir, "1_base.sql", base.ptr);
	write_file(mdir, "2_new.sql", file.ptr);
	durl = ut_xasprintf("file://%s", mdir);
	assert_int_equal(mg_dir_open(&dir, durl, 0), 0);
	assert_int_equal(mg_sum_write(dir), 0);
	if (url) {
		if (mg_dev_open(&dev, url) < 0)
			fail_msg("%s: cannot open dev database: %s", c->code,
				 ut_error_last()->msg);
	}
	cfg.naming.enabled = c->naming != 0;
	cfg.naming.all.match = "^[a-z_0-9]+$";
	o.cfg = &cfg;
	o.first_new = base.len ? 1 : 0;
	o.dev = dev;
	o.dialect = c->dialect;
	o.cache_dir = "";
	if (lt_run(&res, dir, &o) < 0)
		fail_msg("%s: lint failed: %s", c->code, ut_error_last()->msg);
	for (size_t i = 0; i < res->files.len; i++) {
		const lt_file_report *f = res->files.items[i];
		for (size_t j = 0; j < f->reports.len; j++)
			for (size_t k = 0; k < f->reports.items[j].diags.len; k++) {
				const lt_diag *d = &f->reports.items[j].diags.items[k];
				ut_buf_printf(&codes, "%s ", d->code);
				if (strcmp(d->code, c->code) == 0)
					fired = 1;
			}
		if (f->error)
			ut_buf_printf(&codes, "[error: %s] ", f->error);
	}
	*codes_out = ut_buf_detach(&codes);
	lt_result_free(res);
	dl_close(dev);
	mg_dir_free(dir);
	ut_rm_rf(tmp);
	free(tmp);
	free(mdir);
	free(durl);
	ut_buf_release(&base);
	ut_buf_release(&file);
	return fired;
}

static void test_lint_rules__cases(void **state)
{
	size_t ran = 0, skipped = 0, failed = 0;

	(void)state;
	for (size_t i = 0; i < UT_ARRAY_SIZE(cases); i++) {
		const lcase *c = &cases[i];
		char *codes = NULL;
		int r = run_case(c, &codes);
		if (r < 0) {
			skipped++;
			continue;
		}
		ran++;
		if (r != c->fires) {
			failed++;
			fprintf(stderr, "case %zu %s (%s): expected %s, got: %s\n",
				i, c->code, c->dialect,
				c->fires ? "to fire" : "no diagnostic", codes);
		}
		free(codes);
	}
	fprintf(stderr, "lint rule cases: %zu ran, %zu skipped (no server)\n",
		ran, skipped);
	assert_int_equal(failed, 0);
	assert_true(ran > 0);
}

/* Every rule has a firing and a quiet case; every case names a rule. */
static void test_lint_rules__every_rule_has_cases(void **state)
{
	size_t nrules = 0;

	(void)state;
	for (const lt_rule *r = lt_rules; r->code; r++) {
		bool fire = false, quiet = false;
		if (!*r->code)
			continue; /* non-linear: a step, tested in lint_test.c */
		nrules++;
		for (size_t i = 0; i < UT_ARRAY_SIZE(cases); i++) {
			if (strcmp(cases[i].code, r->code) != 0)
				continue;
			if (cases[i].fires)
				fire = true;
			else
				quiet = true;
		}
		if (!fire || !quiet)
			fail_msg("rule %s lacks a %s case", r->code,
				 fire ? "quiet" : "firing");
	}
	for (size_t i = 0; i < UT_ARRAY_SIZE(cases); i++)
		if (!lt_rule_find(cases[i].code))
			fail_msg("case %zu names an unknown rule %s", i,
				 cases[i].code);
	assert_true(nrules >= 60);
}

/* docs/lint-rules.md documents every code. */
static void test_lint_rules__documented(void **state)
{
	ut_buf doc = UT_BUF_INIT;
	char *path = ut_path_join(TEST_DATA_DIR, "../docs/lint-rules.md");

	(void)state;
	assert_int_equal(ut_file_read(&doc, path), 0);
	for (const lt_rule *r = lt_rules; r->code; r++) {
		char *needle = ut_xasprintf("| %s |", *r->code ? r->code : "—");
		if (!strstr(doc.ptr, needle))
			fail_msg("docs/lint-rules.md lacks a row for %s (%s)",
				 r->code, r->name);
		free(needle);
	}
	ut_buf_release(&doc);
	free(path);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lint_rules__every_rule_has_cases),
		cmocka_unit_test_setup_teardown(test_lint_rules__cases,
						scratch_setup, scratch_teardown),
		cmocka_unit_test(test_lint_rules__documented),
	};
	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
