/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/lint/lint_test.c: the lint pipeline around the rules: the
 * replay cache (warm, prefix, corrupt entry), nolint, the SQLite rebuild
 * fold, failing statements, the integrity step, the non-linear check, the
 * word wrap and the output formats.
 */
#include "test.h"

#include <jansson.h>
#include <unistd.h>

#include "dir.h"
#include "driver.h"
#include "lint.h"
#include "plan.h"
#include "sum.h"
#include "ut.h"

#include "scratch.h"

typedef struct fx {
	char *tmp, *mdir, *url, *cache;
	mg_dir *dir;
	/* server tests: the scratch dev database and the entries made */
	lt_scratch sc;
	dl_conn *dev;
	uint64_t keys[4];
	size_t nkeys;
} fx;

static int setup(void **state)
{
	fx *f = ut_xcalloc(1, sizeof(*f));

	assert_int_equal(ut_mkdtemp(&f->tmp, "strata-lint"), 0);
	f->mdir = ut_path_join(f->tmp, "migrations");
	f->cache = ut_path_join(f->tmp, "cache");
	f->url = ut_xasprintf("file://%s", f->mdir);
	assert_int_equal(ut_mkdir_p(f->mdir), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fx *f = *state;

	/* also after a failed assertion: nothing stays on the servers */
	for (size_t i = 0; f->dev && i < f->nkeys; i++)
		if (f->dev->drv->stash_drop(f->dev, f->keys[i]) < 0)
			ut_error_clear();
	dl_close(f->dev);
	lt_scratch_drop(&f->sc);
	mg_dir_free(f->dir);
	ut_rm_rf(f->tmp);
	free(f->tmp);
	free(f->mdir);
	free(f->cache);
	free(f->url);
	free(f);
	return 0;
}

static void put(fx *f, const char *name, const char *text)
{
	char *p = ut_path_join(f->mdir, name);
	assert_int_equal(ut_file_write_atomic(p, text, strlen(text)), 0);
	free(p);
}

/* Reopens the directory and rewrites atlas.sum. */
static void rehash(fx *f)
{
	mg_dir_free(f->dir);
	f->dir = NULL;
	assert_int_equal(mg_dir_open(&f->dir, f->url, 0), 0);
	assert_int_equal(mg_sum_write(f->dir), 0);
}

static lt_result *lint(fx *f, size_t first_new, const char *cache,
		       const lt_config *cfg)
{
	dl_conn *dev = NULL;
	lt_result *r = NULL;
	lt_opts o = { 0 };

	assert_int_equal(mg_dev_open(&dev, "sqlite://lt?mode=memory"), 0);
	o.first_new = first_new;
	o.dev = dev;
	o.cache_dir = cache;
	o.cfg = cfg;
	assert_int_equal(lt_run(&r, f->dir, &o), 0);
	dl_close(dev);
	return r;
}

static size_t count(const lt_result *r, const char *code)
{
	size_t n = 0;

	for (size_t i = 0; i < r->files.len; i++)
		for (size_t j = 0; j < r->files.items[i]->reports.len; j++) {
			const lt_report *rep = &r->files.items[i]->reports.items[j];
			for (size_t k = 0; k < rep->diags.len; k++)
				if (strcmp(rep->diags.items[k].code, code) == 0)
					n++;
		}
	return n;
}

static char *format(const lt_result *r, lt_format fmt)
{
	ut_buf b = UT_BUF_INIT;
	lt_format_write(&b, r, fmt);
	return ut_buf_detach(&b);
}

static void test_lint_cache__warm_and_prefix(void **state)
{
	fx *f = *state;
	lt_result *r;

	put(f, "1_a.sql", "CREATE TABLE a (id int PRIMARY KEY);\n");
	put(f, "2_b.sql", "CREATE TABLE b (id int PRIMARY KEY);\n");
	put(f, "3_c.sql", "DROP TABLE a;\n");
	rehash(f);
	/* cold: both base files replayed, the prefix stored */
	r = lint(f, 2, f->cache, NULL);
	assert_int_equal(r->cache_hits, 0);
	assert_int_equal(r->base_replayed, 2);
	assert_int_equal(r->cache_stores, 1);
	assert_int_equal(count(r, "DS102"), 1);
	lt_result_free(r);
	/* warm: restored, nothing replayed, same findings */
	r = lint(f, 2, f->cache, NULL);
	assert_int_equal(r->cache_hits, 1);
	assert_int_equal(r->base_replayed, 0);
	assert_int_equal(count(r, "DS102"), 1);
	lt_result_free(r);
	/* a new file: the cached prefix of two files is restored, one replayed */
	put(f, "4_d.sql", "DROP TABLE b;\n");
	rehash(f);
	r = lint(f, 3, f->cache, NULL);
	assert_int_equal(r->cache_hits, 1);
	assert_int_equal(r->base_replayed, 1);
	assert_int_equal(count(r, "DS102"), 1);
	assert_false(r->step_failed);
	lt_result_free(r);
}

static void test_lint_cache__corrupt_entry_rewritten(void **state)
{
	fx *f = *state;
	lt_result *r;
	char **names;
	size_t n;

	put(f, "1_a.sql", "CREATE TABLE a (id int PRIMARY KEY);\n");
	put(f, "2_c.sql", "DROP TABLE a;\n");
	rehash(f);
	r = lint(f, 1, f->cache, NULL);
	lt_result_free(r);
	assert_int_equal(ut_dir_list(&names, &n, f->cache), 0);
	assert_int_equal(n, 1);
	{
		char *p = ut_path_join(f->cache, names[0]);
		assert_int_equal(ut_file_write_atomic(p, "garbage", 7), 0);
		free(p);
	}
	ut_strlist_free(names, n);
	r = lint(f, 1, f->cache, NULL);
	assert_int_equal(r->cache_hits, 0);
	assert_int_equal(r->base_replayed, 1);
	assert_int_equal(r->cache_stores, 1);
	assert_int_equal(count(r, "DS102"), 1);
	assert_false(r->step_failed);
	lt_result_free(r);
	r = lint(f, 1, f->cache, NULL);
	assert_int_equal(r->cache_hits, 1);
	lt_result_free(r);
}

static void test_lint_cache__bounded(void **state)
{
	fx *f = *state;
	lt_result *r;
	char **names;
	size_t n;

	assert_int_equal(ut_mkdir_p(f->cache), 0);
	for (int i = 0; i < 40; i++) {
		char *p = ut_xasprintf("%s/%016x", f->cache, i);
		assert_int_equal(ut_file_write_atomic(p, "old", 3), 0);
		free(p);
	}
	put(f, "1_a.sql", "CREATE TABLE a (id int PRIMARY KEY);\n");
	put(f, "2_c.sql", "DROP TABLE a;\n");
	rehash(f);
	r = lint(f, 1, f->cache, NULL);
	assert_int_equal(r->cache_stores, 1);
	lt_result_free(r);
	assert_int_equal(ut_dir_list(&names, &n, f->cache), 0);
	assert_int_equal(n, 32);
	ut_strlist_free(names, n);
	/* the entry just written survived the pruning */
	r = lint(f, 1, f->cache, NULL);
	assert_int_equal(r->cache_hits, 1);
	lt_result_free(r);
}

/* ---- replay caches kept by the server (PostgreSQL, MySQL) ---- */

static lt_result *lint_dev(fx *f, dl_conn *dev, size_t first_new)
{
	lt_result *r = NULL;
	lt_opts o = { 0 };

	o.first_new = first_new;
	o.dev = dev;
	o.cache_dir = f->cache; /* on; the entries live on the server */
	o.stash_min_ns = -1;    /* store even the short test replays */
	if (lt_run(&r, f->dir, &o) < 0)
		fail_msg("lint: %s", ut_error_last()->msg);
	return r;
}

/* The server of dialect, in a scratch database; skips when none is set. */
static void server_or_skip(lt_scratch *s, const char *dialect)
{
	const char *ci = getenv("CI"), *all = getenv("STRATA_TEST_REQUIRE_ALL");

	if (lt_scratch_new(s, dialect))
		return;
	if ((ci && !strcmp(ci, "true")) || (all && !strcmp(all, "1")))
		fail_msg("no %s test server: CI must run the server tests", dialect);
	skip();
}

static int count_row(const char *const *v, size_t n, void *payload)
{
	(void)v;
	(void)n;
	(*(size_t *)payload)++;
	return 0;
}

/* Working copies of this process still on the server (PostgreSQL). */
static size_t pg_work_copies(dl_conn *dev)
{
	char *pat = ut_xasprintf("strata\\_lint\\_w%ld\\_%%", (long)getpid());
	const char *params[1] = { pat };
	size_t n = 0;

	assert_int_equal(dev->drv->query(dev,
					 "SELECT datname FROM pg_database WHERE datname LIKE $1",
					 params, 1, count_row, &n),
			 0);
	free(pat);
	return n;
}

/*
 * The second lint of the same directory restores the base from the
 * server and reports the same; a changed base file misses; a new file
 * restores the longest stored prefix. The rows of the base come along
 * (the new file's unique index fails on the duplicates either way), and
 * the dev database the user gave is left clean.
 */
static void server_cache_case(fx *f, const char *dialect)
{
	lt_result *r;
	char *cold, *warm;
	uint64_t *keys = f->keys;
	size_t nchanges;
	dl_conn *dev;

	server_or_skip(&f->sc, dialect);
	put(f, "10_a.sql",
	    "CREATE TABLE a (id int PRIMARY KEY, c int);\n"
	    "INSERT INTO a (id, c) VALUES (1, 5), (2, 5);\n"
	    "CREATE VIEW av AS SELECT id FROM a;\n");
	put(f, "20_b.sql", "CREATE TABLE b (id int PRIMARY KEY, aid int REFERENCES a (id));\n");
	put(f, "30_c.sql",
	    "CREATE UNIQUE INDEX a_c ON a (c);\nDROP TABLE b;\nDROP VIEW av;\n");
	rehash(f);
	if (mg_dev_open(&f->dev, f->sc.url) < 0)
		fail_msg("dev: %s", ut_error_last()->msg);
	dev = f->dev;
	/* cold: replayed and stored */
	r = lint_dev(f, dev, 2);
	assert_int_equal(r->cache_hits, 0);
	assert_int_equal(r->base_replayed, 2);
	assert_int_equal(r->cache_stores, 1);
	assert_non_null(r->files.items[0]->error); /* duplicates: no index */
	assert_non_null(strstr(r->files.items[0]->error, "30_c.sql:1"));
	keys[f->nkeys++] = r->base_key;
	cold = format(r, LT_FMT_GITHUB);
	nchanges = r->nchanges;
	assert_int_equal(nchanges, 2); /* b and av dropped */
	lt_result_free(r);
	/* warm: restored, nothing replayed, the same report */
	r = lint_dev(f, dev, 2);
	assert_int_equal(r->cache_hits, 1);
	assert_int_equal(r->base_replayed, 0);
	assert_int_equal(r->cache_stores, 0);
	warm = format(r, LT_FMT_GITHUB);
	assert_string_equal(cold, warm);
	assert_int_equal(r->nchanges, nchanges); /* the view came along */
	assert_int_equal(count(r, "DS102"), 1);
	free(warm);
	lt_result_free(r);
	assert_int_equal(dev->drv->check_clean(dev, NULL), 0);
	/* a new base file: the two-file prefix is restored, one file replayed */
	put(f, "25_x.sql", "CREATE TABLE x (id int PRIMARY KEY);\n");
	rehash(f);
	r = lint_dev(f, dev, 3);
	assert_int_equal(r->cache_hits, 1);
	assert_int_equal(r->base_replayed, 1);
	assert_int_equal(r->cache_stores, 1);
	assert_non_null(r->files.items[0]->error); /* the rows came along */
	keys[f->nkeys++] = r->base_key;
	lt_result_free(r);
	/* an edited first file: nothing matches, everything replayed */
	put(f, "10_a.sql",
	    "CREATE TABLE a (id int PRIMARY KEY, c int);\n"
	    "INSERT INTO a (id, c) VALUES (1, 5), (2, 6);\n"
	    "CREATE VIEW av AS SELECT id FROM a;\n");
	rehash(f);
	r = lint_dev(f, dev, 3);
	assert_int_equal(r->cache_hits, 0);
	assert_int_equal(r->base_replayed, 3);
	assert_int_equal(r->cache_stores, 1);
	assert_true(r->base_key != keys[0] && r->base_key != keys[1]);
	assert_null(r->files.items[0]->error); /* no duplicates now */
	keys[f->nkeys++] = r->base_key;
	lt_result_free(r);
	free(cold);
	assert_int_equal(dev->drv->check_clean(dev, NULL), 0);
	if (!strcmp(dialect, "postgres"))
		assert_int_equal(pg_work_copies(dev), 0);
	/* the entries are this test's: dropped, and then gone */
	for (size_t i = 0; i < f->nkeys; i++)
		assert_int_equal(dev->drv->stash_drop(dev, keys[i]), 0);
	{
		uint64_t *have = NULL;
		size_t n = 0;
		assert_int_equal(dev->drv->stash_list(dev, &have, &n), 0);
		for (size_t i = 0; i < n; i++)
			for (size_t k = 0; k < f->nkeys; k++)
				assert_true(have[i] != keys[k]);
		free(have);
	}
}

static void test_lint_cache__postgres_templates(void **state)
{
	server_cache_case(*state, "postgres");
}

static void test_lint_cache__mysql_schemas(void **state)
{
	server_cache_case(*state, "mysql");
}

static void test_lint_nolint__file_and_statement(void **state)
{
	fx *f = *state;
	lt_result *r;

	put(f, "1_a.sql", "CREATE TABLE a (id int PRIMARY KEY, c int);\nCREATE TABLE b (id int PRIMARY KEY);\nCREATE TABLE c (id int PRIMARY KEY);\n");
	put(f, "2_x.sql", "-- atlas:nolint DS103\n\nALTER TABLE a DROP COLUMN c;\n-- atlas:nolint destructive\nDROP TABLE b;\nDROP TABLE c;\n");
	put(f, "3_y.sql", "-- atlas:nolint\n\nDROP TABLE a;\n");
	rehash(f);
	r = lint(f, 1, "", NULL);
	assert_int_equal(count(r, "DS103"), 0);
	assert_int_equal(count(r, "DS102"), 1);
	assert_true(r->files.items[1]->skipped);
	assert_true(r->errors);
	lt_result_free(r);
}

static void test_lint_nolint__suppressed_error_is_no_error(void **state)
{
	fx *f = *state;
	lt_result *r;

	put(f, "1_a.sql", "CREATE TABLE a (id int PRIMARY KEY);\n");
	put(f, "2_x.sql", "-- atlas:nolint DS102\nDROP TABLE a;\n");
	rehash(f);
	r = lint(f, 1, "", NULL);
	assert_int_equal(count(r, "DS102"), 0);
	assert_false(r->errors);
	lt_result_free(r);
}

static void test_lint_config__error_override(void **state)
{
	fx *f = *state;
	lt_error_override ov[] = { { "destructive", false }, { "incompatible", true } };
	lt_config cfg = { 0 };
	lt_result *r;

	cfg.errors = ov;
	cfg.nerrors = 2;
	put(f, "1_a.sql", "CREATE TABLE a (id int PRIMARY KEY, c int);\n");
	put(f, "2_x.sql", "DROP TABLE a;\n");
	rehash(f);
	r = lint(f, 1, "", &cfg);
	assert_int_equal(count(r, "DS102"), 1);
	assert_false(r->errors);
	lt_result_free(r);
	put(f, "2_x.sql", "ALTER TABLE a RENAME COLUMN c TO d;\n");
	rehash(f);
	r = lint(f, 1, "", &cfg);
	assert_int_equal(count(r, "BC102"), 1);
	assert_true(r->errors);
	lt_result_free(r);
}

static void test_lint_fold__rebuild_is_one_change(void **state)
{
	fx *f = *state;
	lt_result *r;

	put(f, "1_a.sql", "CREATE TABLE t (id int PRIMARY KEY, a int, b int);\n");
	put(f, "2_x.sql",
	    "PRAGMA foreign_keys = off;\n"
	    "CREATE TABLE new_t (id int PRIMARY KEY, a int);\n"
	    "INSERT INTO new_t (id, a) SELECT id, a FROM t;\n"
	    "DROP TABLE t;\n"
	    "ALTER TABLE new_t RENAME TO t;\n"
	    "PRAGMA foreign_keys = on;\n");
	rehash(f);
	r = lint(f, 1, "", NULL);
	/* DS103 for the dropped column at the CREATE, no DS102 for t */
	assert_int_equal(count(r, "DS103"), 1);
	assert_int_equal(count(r, "DS102"), 0);
	assert_int_equal(r->files.items[0]->changes, 1);
	{
		const lt_report *rep = &r->files.items[0]->reports.items[0];
		assert_string_equal(rep->analyzer, "destructive");
		assert_int_equal(rep->diags.items[0].line, 2);
	}
	lt_result_free(r);
}

static void test_lint_errors__bad_statement_continues(void **state)
{
	fx *f = *state;
	lt_result *r;
	char *text;

	put(f, "1_a.sql", "CREATE TABLE a (id int PRIMARY KEY);\n");
	put(f, "2_x.sql", "CREATE TABLE b (id int PRIMARY KEY);\nCREATE TABLE oops (id int, id int);\n");
	put(f, "3_y.sql", "DROP TABLE a;\n");
	rehash(f);
	r = lint(f, 1, "", NULL);
	assert_true(r->step_failed);
	assert_non_null(r->files.items[0]->error);
	assert_non_null(strstr(r->files.items[0]->error, "2_x.sql:2: "));
	assert_null(r->files.items[1]->error);
	assert_int_equal(count(r, "DS102"), 1);
	text = format(r, LT_FMT_TEXT);
	assert_non_null(strstr(text, "    Error: 2_x.sql:2: "));
	free(text);
	lt_result_free(r);
}

static void test_lint_steps__checksum_mismatch(void **state)
{
	fx *f = *state;
	lt_result *r;
	char *text;

	put(f, "1_a.sql", "CREATE TABLE a (id int PRIMARY KEY);\n");
	put(f, "2_x.sql", "DROP TABLE a;\n");
	rehash(f);
	put(f, "2_x.sql", "DROP TABLE a; -- edited\n");
	r = lint(f, 1, "", NULL);
	assert_true(r->step_failed);
	assert_int_equal(r->files.len, 0);
	text = format(r, LT_FMT_TEXT);
	assert_non_null(strstr(text, "  Error: checksum mismatch (atlas.sum): L3: 2_x.sql was edited\n"));
	free(text);
	lt_result_free(r);
}

static void test_lint_steps__non_linear(void **state)
{
	fx *f = *state;
	bool added[3] = { true, false, false };
	dl_conn *dev = NULL;
	lt_result *r = NULL;
	lt_config cfg = { 0 };
	lt_opts o = { 0 };

	put(f, "1_new.sql", "CREATE TABLE n (id int PRIMARY KEY);\n");
	put(f, "2_a.sql", "CREATE TABLE a (id int PRIMARY KEY);\n");
	put(f, "3_b.sql", "CREATE TABLE b (id int PRIMARY KEY);\n");
	rehash(f);
	assert_int_equal(mg_dev_open(&dev, "sqlite://lt?mode=memory"), 0);
	o.dev = dev;
	o.cache_dir = "";
	o.added = added;
	o.cfg = &cfg;
	cfg.non_linear_error = true;
	assert_int_equal(lt_run(&r, f->dir, &o), 0);
	/* an error-level finding: the files are still analyzed */
	assert_false(r->step_failed);
	assert_true(r->errors);
	assert_int_equal(r->files.len, 3);
	{
		bool seen = false;
		for (size_t i = 0; i < r->steps.len; i++)
			if (strcmp(r->steps.items[i].name, "Non-Linear Changes Check") == 0)
				seen = strstr(r->steps.items[i].text, "\"1_new.sql\"") != NULL;
		assert_true(seen);
	}
	lt_result_free(r);
	/* the newest file only: linear */
	added[0] = false;
	added[2] = true;
	o.first_new = 2;
	assert_int_equal(lt_run(&r, f->dir, &o), 0);
	assert_false(r->step_failed);
	assert_false(r->errors);
	for (size_t i = 0; i < r->steps.len; i++)
		assert_string_not_equal(r->steps.items[i].name, "Non-Linear Changes Check");
	lt_result_free(r);
	dl_close(dev);
}

/*
 * Incremental inspection (only the tables a statement changed) reports
 * exactly what inspecting the whole database after every statement does.
 */
static void test_lint_incremental__same_as_full(void **state)
{
	fx *f = *state;
	char *a, *b;

	put(f, "1_a.sql",
	    "CREATE TABLE p (id integer PRIMARY KEY, name text UNIQUE);\n"
	    "CREATE TABLE c (id integer PRIMARY KEY, pid int REFERENCES p (id), v int CHECK (v > 0));\n"
	    "CREATE INDEX c_pid ON c (pid);\n"
	    "CREATE VIEW pv AS SELECT id FROM p;\n"
	    "CREATE TABLE other (id int PRIMARY KEY, note text);\n");
	put(f, "2_b.sql",
	    "ALTER TABLE p RENAME TO parent;\n"
	    "ALTER TABLE c RENAME COLUMN v TO val;\n"
	    "CREATE TRIGGER c_ins AFTER INSERT ON c BEGIN UPDATE parent SET name = 'x'; END;\n"
	    "DROP INDEX c_pid;\n"
	    "CREATE UNIQUE INDEX c_val ON c (val);\n"
	    "ALTER TABLE other ADD COLUMN extra int;\n"
	    "INSERT INTO other (id) VALUES (1);\n"
	    "CREATE TABLE new_other (id int PRIMARY KEY, note text NOT NULL, extra int);\n"
	    "INSERT INTO new_other SELECT id, coalesce(note, ''), extra FROM other;\n"
	    "DROP TABLE other;\n"
	    "ALTER TABLE new_other RENAME TO other;\n"
	    "DROP VIEW pv;\n"
	    "CREATE TABLE x (id integer PRIMARY KEY AUTOINCREMENT, code char(2));\n"
	    "DROP TABLE c;\n");
	put(f, "3_c.sql", "ALTER TABLE parent ADD COLUMN age int;\nDROP TABLE x;\n");
	rehash(f);
	for (int pass = 0; pass < 2; pass++) {
		dl_conn *dev = NULL;
		lt_result *r = NULL;
		lt_opts o = { 0 };
		assert_int_equal(mg_dev_open(&dev, "sqlite://lt?mode=memory"), 0);
		o.first_new = 1;
		o.dev = dev;
		o.cache_dir = "";
		o.full_inspect = pass == 1;
		assert_int_equal(lt_run(&r, f->dir, &o), 0);
		assert_false(r->step_failed);
		if (pass == 0)
			a = format(r, LT_FMT_JSON_FILES);
		else
			b = format(r, LT_FMT_JSON_FILES);
		if (pass == 0)
			assert_true(r->nchanges >= 10);
		lt_result_free(r);
		dl_close(dev);
	}
	assert_string_equal(a, b);
	assert_non_null(strstr(a, "BC101"));
	assert_non_null(strstr(a, "DS102"));
	assert_non_null(strstr(a, "ST205"));
	free(a);
	free(b);
}

static void test_lint_report__wrap(void **state)
{
	ut_buf b = UT_BUF_INIT;

	(void)state;
	lt_wrap(&b, "      -- L4: ",
		"Adding a unique index \"u_name\" on table \"users\" might fail in case column \"full_name\" contains duplicate entries https://atlasgo.io/lint/analyzers#MF101");
	assert_string_equal(b.ptr,
			    "      -- L4: Adding a unique index \"u_name\" on table \"users\" might fail in case column \"full_name\"\n"
			    "         contains duplicate entries https://atlasgo.io/lint/analyzers#MF101");
	ut_buf_reset(&b);
	lt_wrap(&b, "      -> ", "short");
	assert_string_equal(b.ptr, "      -> short");
	ut_buf_release(&b);
}

static void test_lint_report__text(void **state)
{
	fx *f = *state;
	lt_result *r;
	char *text, *p;

	put(f, "1_a.sql", "CREATE TABLE pets (id int PRIMARY KEY);\n");
	put(f, "2_x.sql", "DROP TABLE pets;\n");
	rehash(f);
	r = lint(f, 1, "", NULL);
	r->ns = 5000000;
	r->files.items[0]->ns = 1200000;
	text = format(r, LT_FMT_TEXT);
	assert_string_equal(text,
			    "Analyzing changes from version 1 to 2 (1 migration in total):\n"
			    "\n"
			    "  -- analyzing version 2\n"
			    "    -- destructive changes detected:\n"
			    "      -- L1: Dropping table \"pets\" https://atlasgo.io/lint/analyzers#DS102\n"
			    "    -- suggested fix:\n"
			    "      -> Add a pre-migration check to ensure table \"pets\" is empty before dropping it\n"
			    "  -- ok (1.2ms)\n"
			    "\n"
			    "  -------------------------\n"
			    "  -- 5ms\n"
			    "  -- 1 version with errors\n"
			    "  -- 1 schema change\n"
			    "  -- 1 diagnostic\n");
	free(text);
	/* GitHub annotations */
	text = format(r, LT_FMT_GITHUB);
	p = ut_xasprintf("::error file=%s/2_x.sql,line=1,title=DS102::Dropping table \"pets\"\n", f->mdir);
	assert_string_equal(text, p);
	free(p);
	free(text);
	lt_result_free(r);
}

static void test_lint_report__json_and_sarif(void **state)
{
	fx *f = *state;
	lt_result *r;
	json_t *j, *d;
	char *text;

	put(f, "1_a.sql", "CREATE TABLE pets (id int PRIMARY KEY);\n");
	put(f, "2_x.sql", "CREATE TABLE x (id int PRIMARY KEY);\nDROP TABLE pets;\n");
	rehash(f);
	r = lint(f, 1, "", NULL);
	text = format(r, LT_FMT_JSON_FILES);
	j = json_loads(text, 0, NULL);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(json_array_get(j, 0), "Name")), "2_x.sql");
	d = json_array_get(json_object_get(json_array_get(json_object_get(json_array_get(j, 0), "Reports"), 0), "Diagnostics"), 0);
	assert_string_equal(json_string_value(json_object_get(d, "Code")), "DS102");
	assert_int_equal(json_integer_value(json_object_get(d, "Pos")), 37);
	json_decref(j);
	free(text);
	text = format(r, LT_FMT_JSON);
	j = json_loads(text, 0, NULL);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "Env"), "Driver")), "sqlite");
	assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(j, "Steps"), 0), "Name")),
			    "Migration Integrity Check");
	json_decref(j);
	free(text);
	text = format(r, LT_FMT_SARIF);
	j = json_loads(text, 0, NULL);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "version")), "2.1.0");
	d = json_array_get(json_object_get(json_array_get(json_object_get(j, "runs"), 0), "results"), 0);
	assert_string_equal(json_string_value(json_object_get(d, "ruleId")), "DS102");
	assert_string_equal(json_string_value(json_object_get(d, "level")), "error");
	json_decref(j);
	free(text);
	lt_result_free(r);
}

static void test_lint_report__format_parse(void **state)
{
	lt_format f;

	(void)state;
	assert_int_equal(lt_format_parse(&f, NULL), 0);
	assert_int_equal(f, LT_FMT_TEXT);
	assert_int_equal(lt_format_parse(&f, "{{ json . }}"), 0);
	assert_int_equal(f, LT_FMT_JSON);
	assert_int_equal(lt_format_parse(&f, "{{json .Files}}"), 0);
	assert_int_equal(f, LT_FMT_JSON_FILES);
	assert_int_equal(lt_format_parse(&f, "github"), 0);
	assert_int_equal(f, LT_FMT_GITHUB);
	assert_int_equal(lt_format_parse(&f, "sarif"), 0);
	assert_int_equal(f, LT_FMT_SARIF);
	assert_int_equal(lt_format_parse(&f, "{{ sql . }}"), UT_EUSAGE);
	ut_error_clear();
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_lint_cache__warm_and_prefix, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lint_cache__corrupt_entry_rewritten, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lint_cache__bounded, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lint_cache__postgres_templates, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lint_cache__mysql_schemas, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lint_nolint__file_and_statement, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lint_nolint__suppressed_error_is_no_error, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lint_config__error_override, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lint_fold__rebuild_is_one_change, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lint_errors__bad_statement_continues, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lint_steps__checksum_mismatch, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lint_steps__non_linear, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lint_incremental__same_as_full, setup, teardown),
		cmocka_unit_test(test_lint_report__wrap),
		cmocka_unit_test_setup_teardown(test_lint_report__text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lint_report__json_and_sarif, setup, teardown),
		cmocka_unit_test(test_lint_report__format_parse),
	};
	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
