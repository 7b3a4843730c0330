/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/dialects/sqlite_inspect_test.c: the SQLite driver's
 * connection layer (URLs, exec/query, quoting, locks, clean/reset) and
 * its inspection, against real SQLite databases: in memory, in temporary
 * files, and loaded from the corpus schemas.
 */
#include "test.h"

#include <ctype.h>
#include <unistd.h>

#include "driver.h"
#include "schema.h"
#include "ut.h"

#define MEM_URL "sqlite://inspect_test?mode=memory"

static dl_conn *open_ok(const char *url)
{
	dl_conn *c = NULL;
	int error = dl_open(&c, url);

	if (error < 0)
		fail_msg("dl_open(%s): %s", url, ut_error_last()->msg);
	assert_non_null(c);
	return c;
}

static void exec_ok(dl_conn *c, const char *sql)
{
	if (dl_exec(c, sql) < 0)
		fail_msg("exec: %s\n%s", ut_error_last()->msg, sql);
}

static sm_realm *inspect_ok(dl_conn *c, const dl_inspect_opts *o)
{
	sm_realm *r = NULL;

	if (dl_inspect(&r, c, o) < 0)
		fail_msg("inspect: %s", ut_error_last()->msg);
	assert_non_null(r);
	return r;
}

/* First column of the first row, as a malloc'd string ("" for none). */
static int first_row(const char *const *v, size_t n, void *payload)
{
	char **out = payload;

	if (*out == NULL)
		*out = ut_xstrdup(n && v[0] ? v[0] : "(null)");
	return 0;
}

static char *query1(dl_conn *c, const char *sql)
{
	char *out = NULL;

	if (c->drv->query(c, sql, NULL, 0, first_row, &out) < 0)
		fail_msg("query: %s\n%s", ut_error_last()->msg, sql);
	return out ? out : ut_xstrdup("");
}

static long query_long(dl_conn *c, const char *sql)
{
	char *s = query1(c, sql);
	long v = strtol(s, NULL, 10);

	free(s);
	return v;
}

static sm_table *table(sm_realm *r, const char *name)
{
	sm_table *t = sm_realm_find_table(r, "main", name);

	if (!t)
		fail_msg("no table '%s'", name);
	return t;
}

static sm_column *column(sm_table *t, const char *name)
{
	sm_column *c = sm_table_find_column(t, name);

	if (!c)
		fail_msg("no column '%s' in '%s'", name, t->obj.name);
	return c;
}

static char *tmpdir_new(void)
{
	char *dir = NULL;

	assert_int_equal(ut_mkdtemp(&dir, "strata-sqlite-test"), 0);
	return dir;
}

/* ------------------------------------------------------------------ */
/* URLs                                                                */
/* ------------------------------------------------------------------ */

static void test_sqlite_url__memory_is_private(void **state)
{
	dl_conn *a, *b;
	char *n;

	(void)state;
	a = open_ok(MEM_URL);
	b = open_ok(MEM_URL);
	exec_ok(a, "CREATE TABLE t (x int)");
	n = query1(b, "SELECT count(*) FROM sqlite_master");
	assert_string_equal(n, "0");
	free(n);
	n = query1(a, "SELECT count(*) FROM sqlite_master");
	assert_string_equal(n, "1");
	free(n);
	assert_string_equal(a->schema, "main");
	dl_close(a);
	dl_close(b);
}

static void test_sqlite_url__memory_shared_cache(void **state)
{
	dl_conn *a, *b;
	long n;

	(void)state;
	a = open_ok("sqlite://shared_mem_test?mode=memory&cache=shared");
	b = open_ok("sqlite://shared_mem_test?mode=memory&cache=shared");
	exec_ok(a, "CREATE TABLE t (x int)");
	n = query_long(b, "SELECT count(*) FROM sqlite_master");
	assert_int_equal(n, 1);
	dl_close(a);
	dl_close(b);
}

static void test_sqlite_url__file_forms(void **state)
{
	char *dir = tmpdir_new(), *url, *path, cwd[4096];
	dl_conn *c;

	(void)state;
	/* sqlite:///abs/path.db creates the file */
	path = ut_path_join(dir, "abs.db");
	url = ut_xasprintf("sqlite://%s", path);
	assert_false(ut_path_exists(path));
	c = open_ok(url);
	exec_ok(c, "CREATE TABLE t (x int)");
	dl_close(c);
	assert_true(ut_path_exists(path));
	free(url);
	free(path);

	/* relative to the working directory */
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_int_equal(chdir(dir), 0);
	c = open_ok("sqlite://rel.db?_fk=1");
	exec_ok(c, "CREATE TABLE t (x int)");
	dl_close(c);
	assert_true(ut_path_exists("rel.db"));
	assert_int_equal(chdir(cwd), 0);

	/* a file: URI with SQLite and Go parameters mixed */
	path = ut_path_join(dir, "uri.db");
	url = ut_xasprintf("sqlite://file:%s?cache=shared&_fk=1", path);
	c = open_ok(url);
	assert_int_equal(query_long(c, "PRAGMA foreign_keys"), 1);
	exec_ok(c, "CREATE TABLE t (x int)");
	dl_close(c);
	assert_true(ut_path_exists(path));
	free(url);
	free(path);

	/* mode=ro never creates */
	path = ut_path_join(dir, "missing.db");
	url = ut_xasprintf("sqlite://file:%s?mode=ro", path);
	c = NULL;
	assert_int_equal(dl_open(&c, url), UT_EDB);
	assert_null(c);
	assert_non_null(strstr(ut_error_last()->msg, "unable to open"));
	assert_false(ut_path_exists(path));
	free(url);
	free(path);

	ut_rm_rf(dir);
	free(dir);
}

static void test_sqlite_url__go_params(void **state)
{
	dl_conn *c;

	(void)state;
	c = open_ok("sqlite://p1?mode=memory");
	assert_int_equal(query_long(c, "PRAGMA foreign_keys"), 0);
	assert_int_equal(query_long(c, "PRAGMA busy_timeout"), 5000);
	dl_close(c);

	c = open_ok("sqlite://p2?mode=memory&_fk=1&_busy_timeout=1234");
	assert_int_equal(query_long(c, "PRAGMA foreign_keys"), 1);
	assert_int_equal(query_long(c, "PRAGMA busy_timeout"), 1234);
	dl_close(c);

	c = open_ok("sqlite://p3?mode=memory&_pragma=foreign_keys(1)&_rt=true");
	assert_int_equal(query_long(c, "PRAGMA foreign_keys"), 1);
	assert_int_equal(query_long(c, "PRAGMA recursive_triggers"), 1);
	dl_close(c);

	c = NULL;
	assert_int_equal(dl_open(&c, "sqlite://p4?mode=memory&_fk=maybe"),
	                 UT_EUSAGE);
	assert_null(c);
	assert_int_equal(dl_open(&c, "sqlite://p5?mode=memory&_busy_timeout=x"),
	                 UT_EUSAGE);
	assert_int_equal(dl_open(&c, "sqlite://p6?mode=memory&_pragma=x;drop"),
	                 UT_EUSAGE);
	/* both schemes are served */
	c = open_ok("sqlite3://p7?mode=memory");
	assert_string_equal(c->drv->name, "sqlite");
	dl_close(c);
}

/* ------------------------------------------------------------------ */
/* exec, query, quoting, transactions                                  */
/* ------------------------------------------------------------------ */

static void test_sqlite_exec__script_and_errors(void **state)
{
	dl_conn *c = open_ok(MEM_URL);
	const ut_error *e;

	(void)state;
	exec_ok(c, "-- leading comment\nCREATE TABLE a (x int);\n"
	           "INSERT INTO a VALUES (1);\n\n  INSERT INTO a VALUES (2); "
	           "/* trailing */ ");
	assert_int_equal(query_long(c, "SELECT sum(x) FROM a"), 3);

	assert_int_equal(dl_exec(c, "INSERT INTO a VALUES (3);\n"
	                            "INSERT INTO a VALUES (4);\n"
	                            "INSERT INTO nope VALUES (5);\n"
	                            "INSERT INTO a VALUES (6);"),
	                 UT_EDB);
	e = ut_error_last();
	assert_int_equal(e->code, UT_EDB);
	assert_string_equal(e->msg, "line 3: no such table: nope");
	/* statements before the failure ran, the ones after did not */
	assert_int_equal(query_long(c, "SELECT sum(x) FROM a"), 10);

	assert_int_equal(dl_exec(c, "SELEC 1"), UT_EDB);
	assert_string_equal(ut_error_last()->msg,
	                    "near \"SELEC\": syntax error");
	assert_int_equal(dl_exec(c, "INSERT INTO a VALUES (1);\nSELEC 1;"),
	                 UT_EDB);
	assert_string_equal(ut_error_last()->msg,
	                    "line 2: near \"SELEC\": syntax error");
	/* empty and comment-only texts are fine */
	exec_ok(c, "");
	exec_ok(c, "  -- nothing\n");
	dl_close(c);
}

typedef struct rows {
	ut_buf out;
	int stop_after;
	int seen;
} rows;

static int collect(const char *const *v, size_t n, void *payload)
{
	rows *r = payload;

	for (size_t i = 0; i < n; i++)
		ut_buf_printf(&r->out, "%s%s", i ? "|" : "",
		              v[i] ? v[i] : "NULL");
	ut_buf_putc(&r->out, '\n');
	if (++r->seen == r->stop_after)
		return ut_error_set(UT_ERROR, "stop");
	return 0;
}

static void test_sqlite_query__params_and_stop(void **state)
{
	dl_conn *c = open_ok(MEM_URL);
	rows r = { UT_BUF_INIT, 0, 0 };
	const char *params[] = { "b", NULL };

	(void)state;
	exec_ok(c, "CREATE TABLE t (k text, v text);"
	           "INSERT INTO t VALUES ('a', '1'), ('b', NULL), ('c', '3')");
	assert_int_equal(
	        c->drv->query(c, "SELECT k, v FROM t WHERE k >= $1 ORDER BY k",
	                      params, 1, collect, &r),
	        0);
	assert_string_equal(r.out.ptr, "b|NULL\nc|3\n");

	ut_buf_reset(&r.out);
	assert_int_equal(
	        c->drv->query(c, "SELECT ? IS NULL, ?", params, 2, collect, &r),
	        0);
	assert_string_equal(r.out.ptr, "0|NULL\n");

	/* $N binds by number, wherever it appears */
	ut_buf_reset(&r.out);
	{
		const char *p2[] = { "one", "two" };
		assert_int_equal(
		        c->drv->query(c, "SELECT $2, $1", p2, 2, collect, &r),
		        0);
		assert_string_equal(r.out.ptr, "two|one\n");
	}

	/* a callback error stops the query and comes back unchanged */
	ut_buf_reset(&r.out);
	r.seen = 0;
	r.stop_after = 1;
	assert_int_equal(c->drv->query(c, "SELECT k FROM t ORDER BY k", NULL, 0,
	                               collect, &r),
	                 UT_ERROR);
	assert_string_equal(ut_error_last()->msg, "stop");
	assert_string_equal(r.out.ptr, "a\n");

	assert_int_equal(
	        c->drv->query(c, "SELECT nope FROM t", NULL, 0, collect, &r),
	        UT_EDB);
	assert_string_equal(ut_error_last()->msg, "no such column: nope");
	ut_buf_release(&r.out);
	dl_close(c);
}

static void test_sqlite_quote__ident_and_literal(void **state)
{
	const dl_driver *d = dl_find("sqlite");
	ut_buf b = UT_BUF_INIT;

	(void)state;
	assert_non_null(d);
	d->quote_ident(&b, "a`b");
	assert_string_equal(b.ptr, "`a``b`");
	ut_buf_reset(&b);
	d->quote_ident(&b, "plain");
	assert_string_equal(b.ptr, "`plain`");
	ut_buf_reset(&b);
	d->quote_literal(&b, "it's");
	assert_string_equal(b.ptr, "'it''s'");
	ut_buf_release(&b);

	/* and SQLite agrees: the quoted names round-trip */
	{
		dl_conn *c = open_ok(MEM_URL);
		char *n;
		ut_buf sql = UT_BUF_INIT;

		ut_buf_puts(&sql, "CREATE TABLE ");
		d->quote_ident(&sql, "we`ird");
		ut_buf_puts(&sql, " (x text DEFAULT ");
		d->quote_literal(&sql, "o'k");
		ut_buf_puts(&sql, ")");
		exec_ok(c, sql.ptr);
		n = query1(c, "SELECT name FROM sqlite_master");
		assert_string_equal(n, "we`ird");
		free(n);
		n = query1(
		        c,
		        "SELECT dflt_value FROM pragma_table_info('we`ird')");
		assert_string_equal(n, "'o''k'");
		free(n);
		ut_buf_release(&sql);
		dl_close(c);
	}
}

static void test_sqlite_tx__begin_commit_rollback(void **state)
{
	dl_conn *c = open_ok(MEM_URL);

	(void)state;
	exec_ok(c, "CREATE TABLE t (x int)");
	assert_int_equal(c->drv->begin(c), 0);
	exec_ok(c, "INSERT INTO t VALUES (1)");
	assert_int_equal(c->drv->rollback(c), 0);
	assert_int_equal(query_long(c, "SELECT count(*) FROM t"), 0);
	assert_int_equal(c->drv->begin(c), 0);
	exec_ok(c, "INSERT INTO t VALUES (1)");
	assert_int_equal(c->drv->commit(c), 0);
	assert_int_equal(query_long(c, "SELECT count(*) FROM t"), 1);
	assert_int_equal(c->drv->commit(c), UT_EDB);
	dl_close(c);
}

/* ------------------------------------------------------------------ */
/* Locks                                                               */
/* ------------------------------------------------------------------ */

static void test_sqlite_lock__contention(void **state)
{
	char *dir = tmpdir_new(), *url, *path, *old = NULL;
	dl_conn *a, *b, *m;
	ut_buf lock = UT_BUF_INIT;
	char **names = NULL;
	size_t n = 0;
	int64_t t0;

	(void)state;
	if (getenv("TMPDIR"))
		old = ut_xstrdup(getenv("TMPDIR"));
	setenv("TMPDIR", dir, 1);
	path = ut_path_join(dir, "locked.db");
	url = ut_xasprintf("sqlite://%s", path);
	a = open_ok(url);
	b = open_ok(url);

	assert_int_equal(a->drv->lock(a, "atlas_migrate_execute", 0), 0);
	/* again on the same connection: already held */
	assert_int_equal(a->drv->lock(a, "atlas_migrate_execute", 0), 0);
	/* the lock file is in $TMPDIR, named after the lock and the db */
	assert_int_equal(ut_dir_list(&names, &n, dir), 0);
	for (size_t i = 0; i < n; i++)
		if (ut_str_prefix(names[i], "atlas_migrate_execute_"))
			ut_buf_puts(&lock, names[i]);
	ut_strlist_free(names, n);
	assert_true(ut_str_suffix(lock.ptr, ".lock"));

	t0 = ut_now_ns();
	assert_int_equal(b->drv->lock(b, "atlas_migrate_execute", 100000000),
	                 UT_ELOCKED);
	assert_true(ut_now_ns() - t0 >= 100000000);
	assert_string_equal(ut_error_last()->msg,
	                    "acquiring database lock: timed out after 100ms");
	/* another name is another lock */
	assert_int_equal(b->drv->lock(b, "other", 0), 0);
	assert_int_equal(b->drv->unlock(b, "other"), 0);

	assert_int_equal(a->drv->unlock(a, "atlas_migrate_execute"), 0);
	{
		char *p = ut_path_join(dir, lock.ptr);
		assert_false(ut_path_exists(p));
		free(p);
	}
	assert_int_equal(b->drv->lock(b, "atlas_migrate_execute", 0), 0);
	assert_int_equal(a->drv->lock(a, "atlas_migrate_execute", 0),
	                 UT_ELOCKED);
	assert_string_equal(ut_error_last()->msg,
	                    "acquiring database lock: timed out after 0s");
	/* closing the holder releases it */
	dl_close(b);
	assert_int_equal(a->drv->lock(a, "atlas_migrate_execute", 0), 0);
	assert_int_equal(a->drv->unlock(a, "atlas_migrate_execute"), 0);
	assert_int_equal(a->drv->unlock(a, "atlas_migrate_execute"), UT_ERROR);
	dl_close(a);

	/* in-memory databases: a no-op that succeeds */
	m = open_ok(MEM_URL);
	assert_int_equal(m->drv->lock(m, "x", 0), 0);
	assert_int_equal(m->drv->lock(m, "x", 0), 0);
	assert_int_equal(m->drv->unlock(m, "x"), 0);
	dl_close(m);

	if (old) {
		setenv("TMPDIR", old, 1);
		free(old);
	} else {
		unsetenv("TMPDIR");
	}
	ut_buf_release(&lock);
	free(url);
	free(path);
	ut_rm_rf(dir);
	free(dir);
}

/* ------------------------------------------------------------------ */
/* check_clean and reset                                               */
/* ------------------------------------------------------------------ */

static void test_sqlite_clean__messages(void **state)
{
	dl_conn *c = open_ok(MEM_URL);

	(void)state;
	assert_int_equal(c->drv->check_clean(c, NULL), 0);
	exec_ok(c,
	        "CREATE TABLE atlas_schema_revisions (version text PRIMARY KEY);"
	        "CREATE INDEX rev_idx ON atlas_schema_revisions (version);"
	        "CREATE TRIGGER rev_trg AFTER INSERT ON atlas_schema_revisions "
	        "BEGIN SELECT 1; END;");
	assert_int_equal(c->drv->check_clean(c, "atlas_schema_revisions"), 0);
	assert_int_equal(c->drv->check_clean(c, NULL), UT_EEXISTS);
	assert_string_equal(
	        ut_error_last()->msg,
	        "connected database is not clean: found table \"atlas_schema_revisions\"");

	exec_ok(c, "CREATE VIEW \"v\"\"1\" AS SELECT 1 AS one");
	assert_int_equal(c->drv->check_clean(c, "atlas_schema_revisions"),
	                 UT_EEXISTS);
	assert_string_equal(
	        ut_error_last()->msg,
	        "connected database is not clean: found view \"v\\\"1\"");

	exec_ok(c, "CREATE TABLE users (id integer PRIMARY KEY AUTOINCREMENT)");
	assert_int_equal(c->drv->check_clean(c, "atlas_schema_revisions"),
	                 UT_EEXISTS);
	assert_string_equal(
	        ut_error_last()->msg,
	        "connected database is not clean: found table \"users\"");
	dl_close(c);
}

static void test_sqlite_reset__leaves_clean(void **state)
{
	dl_conn *c = open_ok("sqlite://reset_test?mode=memory&_fk=1");
	sm_realm *r;

	(void)state;
	exec_ok(c,
	        "CREATE TABLE p (id integer PRIMARY KEY AUTOINCREMENT);"
	        "CREATE TABLE ch (id int, p int REFERENCES p(id));"
	        "INSERT INTO p DEFAULT VALUES; INSERT INTO ch VALUES (1, 1);"
	        "CREATE INDEX ch_p ON ch (p);"
	        "CREATE VIEW v AS SELECT * FROM ch;"
	        "CREATE TRIGGER tr AFTER DELETE ON p BEGIN DELETE FROM ch; END;"
	        "CREATE VIRTUAL TABLE docs USING fts5(title, body);");
	assert_int_equal(query_long(c, "SELECT count(*) FROM sqlite_sequence"),
	                 1);
	assert_int_equal(c->drv->reset(c), 0);
	assert_int_equal(c->drv->check_clean(c, NULL), 0);
	assert_int_equal(
	        query_long(
	                c,
	                "SELECT count(*) FROM sqlite_master WHERE name <> 'sqlite_sequence'"),
	        0);
	assert_int_equal(query_long(c, "SELECT count(*) FROM sqlite_sequence"),
	                 0);
	assert_int_equal(query_long(c, "PRAGMA foreign_keys"), 1);
	r = inspect_ok(c, NULL);
	assert_int_equal(sm_realm_table_count(r), 0);
	sm_realm_free(r);
	/* and again on an empty database */
	assert_int_equal(c->drv->reset(c), 0);
	dl_close(c);
}

/* ------------------------------------------------------------------ */
/* Inspection                                                          */
/* ------------------------------------------------------------------ */

static const char features_sql[] =
        "CREATE TABLE \"parent\" (id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
        "  code TEXT NOT NULL UNIQUE);\n"
        "CREATE TABLE child (\n"
        "  id integer NOT NULL,\n"
        "  name VARCHAR(255) NOT NULL DEFAULT 'x' COLLATE NOCASE,\n"
        "  price DECIMAL(10, 2) DEFAULT 0,\n"
        "  cc char(3),\n"
        "  created DATETIME DEFAULT CURRENT_TIMESTAMP,\n"
        "  updated TEXT DEFAULT (datetime('now')),\n"
        "  neg INT DEFAULT -1,\n"
        "  total INT GENERATED ALWAYS AS (id * 2) STORED,\n"
        "  half REAL AS (price / 2),\n"
        "  flag BOOLEAN CHECK (flag IN (0, 1)),\n"
        "  parent_id INT CONSTRAINT fk_parent REFERENCES parent(id)\n"
        "    ON DELETE CASCADE ON UPDATE SET NULL DEFERRABLE INITIALLY DEFERRED,\n"
        "  parent_code TEXT REFERENCES parent (code),\n"
        "  data JSON, uid UUID, bin BLOB, untyped, big UNSIGNED BIG INT,\n"
        "  CONSTRAINT pk_child PRIMARY KEY (id DESC),\n"
        "  CONSTRAINT u_name_price UNIQUE (name, price),\n"
        "  UNIQUE (cc)\n"
        "  CONSTRAINT positive CHECK (price >= 0),\n"
        "  CHECK (length(cc) = 3)\n"
        ");\n"
        "CREATE INDEX child_expr ON child (lower(name) DESC, cc COLLATE BINARY, \"price\")\n"
        "  WHERE price > 10;\n"
        "CREATE UNIQUE INDEX child_u ON child(parent_id);\n"
        "CREATE TABLE w (a TEXT, b INT, PRIMARY KEY (a, b DESC)) WITHOUT ROWID, STRICT;\n"
        "CREATE TABLE k (p INT REFERENCES parent, q text COLLATE rtrim PRIMARY KEY);\n"
        "CREATE VIEW v AS SELECT id, name FROM child;\n"
        "CREATE TRIGGER trg AFTER INSERT ON child BEGIN\n"
        "  UPDATE parent SET code = code WHERE id = NEW.parent_id;\n"
        "END;\n"
        "CREATE TRIGGER vtrg INSTEAD OF INSERT ON v BEGIN SELECT 1; END;\n";

static void test_sqlite_inspect__columns(void **state)
{
	dl_conn *c = open_ok(MEM_URL);
	sm_realm *r;
	sm_table *t;
	sm_column *col;

	(void)state;
	exec_ok(c, features_sql);
	r = inspect_ok(c, NULL);
	assert_string_equal(r->dialect, "sqlite");
	assert_string_equal(r->scope, "main");
	assert_int_equal(r->schemas.len, 1);
	assert_string_equal(r->schemas.items[0]->obj.name, "main");
	/* creation order; sqlite_sequence is not a user table */
	assert_int_equal(sm_realm_table_count(r), 4);
	assert_string_equal(r->schemas.items[0]->tables.items[0]->obj.name,
	                    "parent");
	assert_string_equal(r->schemas.items[0]->tables.items[1]->obj.name,
	                    "child");
	assert_string_equal(r->schemas.items[0]->tables.items[2]->obj.name,
	                    "w");
	assert_string_equal(r->schemas.items[0]->tables.items[3]->obj.name,
	                    "k");

	t = table(r, "child");
	assert_int_equal(t->columns.len, 17);
	{
		static const struct {
			const char *name, *type;
			sm_tclass tc;
		} want[] = {
			{ "id", "integer", SM_T_INT },
			{ "name", "varchar(255)", SM_T_STRING },
			{ "price", "decimal(10,2)", SM_T_DECIMAL },
			{ "cc", "char(3)", SM_T_STRING },
			{ "created", "datetime", SM_T_TIME },
			{ "updated", "text", SM_T_STRING },
			{ "neg", "int", SM_T_INT },
			{ "total", "int", SM_T_INT },
			{ "half", "real", SM_T_FLOAT },
			{ "flag", "boolean", SM_T_BOOL },
			{ "parent_id", "int", SM_T_INT },
			{ "parent_code", "text", SM_T_STRING },
			{ "data", "json", SM_T_JSON },
			{ "uid", "uuid", SM_T_UUID },
			{ "bin", "blob", SM_T_BINARY },
			{ "untyped", "", SM_T_BINARY },
			{ "big", "unsigned big int", SM_T_INT },
		};
		for (size_t i = 0; i < UT_ARRAY_SIZE(want); i++) {
			col = t->columns.items[i];
			assert_string_equal(col->obj.name, want[i].name);
			assert_string_equal(col->type, want[i].type);
			assert_int_equal(col->tclass, want[i].tc);
			assert_int_equal(col->position, (int)i);
			assert_ptr_equal(col->obj.parent, &t->obj);
		}
	}
	col = column(t, "id");
	assert_false(col->nullable);
	assert_null(col->default_expr);
	assert_false(col->auto_increment);
	col = column(t, "name");
	assert_false(col->nullable);
	assert_string_equal(col->default_expr, "'x'");
	assert_string_equal(col->collation, "NOCASE");
	col = column(t, "price");
	assert_true(col->nullable);
	assert_string_equal(col->default_expr, "0");
	assert_null(col->collation);
	assert_string_equal(column(t, "created")->default_expr,
	                    "CURRENT_TIMESTAMP");
	assert_string_equal(column(t, "updated")->default_expr,
	                    "(datetime('now'))");
	assert_string_equal(column(t, "neg")->default_expr, "-1");
	col = column(t, "total");
	assert_string_equal(col->generated, "id * 2");
	assert_true(col->generated_stored);
	assert_false(col->invisible);
	col = column(t, "half");
	assert_string_equal(col->generated, "price / 2");
	assert_false(col->generated_stored);
	assert_null(column(t, "cc")->generated);

	t = table(r, "parent");
	assert_true(column(t, "id")->auto_increment);
	assert_false(column(t, "code")->auto_increment);
	assert_false(column(t, "code")->nullable);
	assert_int_equal(t->attrs.len, 0);

	t = table(r, "k");
	assert_string_equal(column(t, "q")->collation, "rtrim");
	sm_realm_free(r);
	dl_close(c);
}

static void test_sqlite_inspect__keys_and_indexes(void **state)
{
	dl_conn *c = open_ok(MEM_URL);
	sm_realm *r;
	sm_table *t;
	sm_index *ix;

	(void)state;
	exec_ok(c, features_sql);
	r = inspect_ok(c, NULL);

	/* INTEGER PRIMARY KEY (rowid alias), column level, unnamed */
	t = table(r, "parent");
	assert_non_null(t->pk);
	assert_string_equal(t->pk->obj.name, "");
	assert_true(t->pk->primary && t->pk->unique);
	assert_int_equal(t->pk->parts.len, 1);
	assert_string_equal(t->pk->parts.items[0].column, "id");
	assert_false(t->pk->parts.items[0].desc);
	/* column-level UNIQUE: a constraint with the database's name */
	assert_int_equal(t->indexes.len, 1);
	ix = t->indexes.items[0];
	assert_string_equal(ix->obj.name, "sqlite_autoindex_parent_1");
	assert_true(ix->unique && ix->constraint && ix->auto_named);
	assert_false(ix->primary);
	assert_null(ix->def);
	assert_int_equal(ix->parts.len, 1);
	assert_string_equal(ix->parts.items[0].column, "code");

	/* named table-level PK, DESC, on a rowid alias (no autoindex) */
	t = table(r, "child");
	assert_string_equal(t->pk->obj.name, "pk_child");
	assert_int_equal(t->pk->parts.len, 1);
	assert_string_equal(t->pk->parts.items[0].column, "id");
	assert_true(t->pk->parts.items[0].desc);

	assert_int_equal(t->indexes.len, 4);
	ix = t->indexes.items[0];
	assert_string_equal(ix->obj.name, "u_name_price");
	assert_true(ix->unique && ix->constraint);
	assert_false(ix->auto_named);
	assert_int_equal(ix->parts.len, 2);
	assert_string_equal(ix->parts.items[0].column, "name");
	assert_null(
	        ix->parts.items[0].collation); /* the column's, not stated */
	assert_string_equal(ix->parts.items[1].column, "price");
	ix = t->indexes.items[1];
	assert_string_equal(ix->obj.name, "sqlite_autoindex_child_2");
	assert_true(ix->unique && ix->constraint && ix->auto_named);
	assert_string_equal(ix->parts.items[0].column, "cc");
	ix = t->indexes.items[2];
	assert_string_equal(ix->obj.name, "child_expr");
	assert_false(ix->unique || ix->constraint || ix->auto_named);
	assert_string_equal(ix->where, "price > 10");
	assert_non_null(ix->def);
	assert_true(ut_str_prefix(ix->def, "CREATE INDEX child_expr ON child"));
	assert_int_equal(ix->parts.len, 3);
	assert_null(ix->parts.items[0].column);
	assert_string_equal(ix->parts.items[0].expr, "lower(name)");
	assert_true(ix->parts.items[0].desc);
	assert_null(ix->parts.items[0].collation);
	assert_string_equal(ix->parts.items[1].column, "cc");
	assert_string_equal(ix->parts.items[1].collation, "BINARY");
	assert_false(ix->parts.items[1].desc);
	assert_string_equal(ix->parts.items[2].column, "price");
	assert_null(ix->parts.items[2].expr);
	ix = t->indexes.items[3];
	assert_string_equal(ix->obj.name, "child_u");
	assert_true(ix->unique);
	assert_false(ix->constraint);
	assert_null(ix->where);
	assert_ptr_equal(sm_table_find_index(t, "child_u"), ix);
	assert_null(sm_table_find_index(t, "sqlite_autoindex_child_1"));

	/* WITHOUT ROWID and STRICT, composite PK with DESC from the pk index */
	t = table(r, "w");
	assert_non_null(sm_attr_get(&t->attrs, "without_rowid"));
	assert_non_null(sm_attr_get(&t->attrs, "strict"));
	assert_int_equal(t->indexes.len, 0);
	assert_int_equal(t->pk->parts.len, 2);
	assert_string_equal(t->pk->parts.items[0].column, "a");
	assert_false(t->pk->parts.items[0].desc);
	assert_string_equal(t->pk->parts.items[1].column, "b");
	assert_true(t->pk->parts.items[1].desc);
	assert_false(
	        column(t, "a")->nullable); /* WITHOUT ROWID PKs are NOT NULL */

	/* a text PK on a rowid table has an autoindex: not listed as index */
	t = table(r, "k");
	assert_int_equal(t->indexes.len, 0);
	assert_string_equal(t->pk->parts.items[0].column, "q");
	assert_null(sm_attr_get(&t->attrs, "without_rowid"));
	sm_realm_free(r);
	dl_close(c);
}

static void test_sqlite_inspect__fks_checks_views_triggers(void **state)
{
	dl_conn *c = open_ok(MEM_URL);
	sm_realm *r;
	sm_table *t;
	sm_foreign_key *fk;
	sm_view *v;

	(void)state;
	exec_ok(c, features_sql);
	r = inspect_ok(c, NULL);
	t = table(r, "child");

	assert_int_equal(t->fks.len, 2);
	fk = t->fks.items[0];
	assert_string_equal(fk->obj.name, "fk_parent");
	assert_int_equal(fk->columns.len, 1);
	assert_string_equal(fk->columns.items[0], "parent_id");
	assert_string_equal(fk->ref_table, "parent");
	assert_null(fk->ref_schema);
	assert_string_equal(fk->ref_columns.items[0], "id");
	assert_string_equal(fk->on_delete, "CASCADE");
	assert_string_equal(fk->on_update, "SET NULL");
	assert_string_equal(fk->deferrable, "DEFERRABLE INITIALLY DEFERRED");
	fk = t->fks.items[1];
	assert_string_equal(fk->obj.name, "");
	assert_string_equal(fk->columns.items[0], "parent_code");
	assert_string_equal(fk->ref_columns.items[0], "code");
	assert_string_equal(fk->on_delete, "NO ACTION");
	assert_string_equal(fk->on_update, "NO ACTION");
	assert_null(fk->deferrable);

	/* REFERENCES parent: the parent's primary key */
	fk = table(r, "k")->fks.items[0];
	assert_string_equal(fk->ref_table, "parent");
	assert_int_equal(fk->ref_columns.len, 1);
	assert_string_equal(fk->ref_columns.items[0], "id");

	assert_int_equal(t->checks.len, 3);
	assert_string_equal(t->checks.items[0]->obj.name, "");
	assert_string_equal(t->checks.items[0]->expr, "flag IN (0, 1)");
	assert_string_equal(t->checks.items[1]->obj.name, "positive");
	assert_string_equal(t->checks.items[1]->expr, "price >= 0");
	assert_string_equal(t->checks.items[2]->obj.name, "");
	assert_string_equal(t->checks.items[2]->expr, "length(cc) = 3");

	assert_int_equal(t->triggers.len, 1);
	assert_string_equal(t->triggers.items[0]->obj.name, "trg");
	assert_true(ut_str_prefix(
	        t->triggers.items[0]->def,
	        "CREATE TRIGGER trg AFTER INSERT ON child BEGIN\n"));
	assert_true(ut_str_suffix(t->triggers.items[0]->def, "END"));

	v = sm_schema_find_view(r->schemas.items[0], "v");
	assert_non_null(v);
	assert_string_equal(v->def,
	                    "CREATE VIEW v AS SELECT id, name FROM child");
	assert_string_equal(v->query, "SELECT id, name FROM child");
	assert_int_equal(v->columns.len, 2);
	assert_string_equal(v->columns.items[0]->obj.name, "id");
	assert_string_equal(v->columns.items[0]->type, "integer");
	assert_string_equal(v->columns.items[1]->obj.name, "name");
	assert_string_equal(v->columns.items[1]->type, "varchar(255)");
	assert_int_equal(v->triggers.len, 1);
	assert_string_equal(v->triggers.items[0]->obj.name, "vtrg");
	assert_ptr_equal(v->triggers.items[0]->obj.parent, &v->obj);
	sm_realm_free(r);
	dl_close(c);
}

static void test_sqlite_inspect__awkward_names(void **state)
{
	dl_conn *c = open_ok(MEM_URL);
	sm_realm *r;
	sm_table *t;
	sm_index *ix;

	(void)state;
	exec_ok(c,
	        "CREATE TABLE \"we\"\"ird `tab` [x]\" (\n"
	        "  \"col \"\"q\"\"\" INT PRIMARY KEY,\n"
	        "  `back``tick` TEXT CONSTRAINT [u n] UNIQUE,\n"
	        "  [sp ace] INT DEFAULT 'a,b)',\n"
	        "  \"select\" INT,\n"
	        "  'str' INT,\n"
	        "  \"order\" TEXT COLLATE \"NOCASE\",\n"
	        "  CONSTRAINT \"c \"\"k\"\"\" CHECK (\"col \"\"q\"\"\" > 0)\n"
	        ");\n"
	        "CREATE INDEX \"idx \"\"1\"\"\" ON \"we\"\"ird `tab` [x]\" (\"select\" DESC);\n"
	        "CREATE TABLE \"group\" (\"from\" INT CONSTRAINT \"f k\" REFERENCES "
	        "\"we\"\"ird `tab` [x]\" (\"col \"\"q\"\"\"));\n");
	r = inspect_ok(c, NULL);
	t = table(r, "we\"ird `tab` [x]");
	assert_int_equal(t->columns.len, 6);
	assert_string_equal(t->columns.items[0]->obj.name, "col \"q\"");
	assert_string_equal(t->columns.items[1]->obj.name, "back`tick");
	assert_string_equal(t->columns.items[2]->obj.name, "sp ace");
	assert_string_equal(t->columns.items[2]->default_expr, "'a,b)'");
	assert_string_equal(t->columns.items[3]->obj.name, "select");
	assert_string_equal(t->columns.items[4]->obj.name, "str");
	assert_string_equal(t->columns.items[5]->collation, "NOCASE");
	assert_string_equal(t->pk->parts.items[0].column, "col \"q\"");
	assert_int_equal(t->checks.len, 1);
	assert_string_equal(t->checks.items[0]->obj.name, "c \"k\"");
	assert_string_equal(t->checks.items[0]->expr, "\"col \"\"q\"\"\" > 0");
	assert_int_equal(t->indexes.len, 2);
	ix = t->indexes.items[0];
	assert_string_equal(ix->obj.name, "u n");
	assert_true(ix->constraint && !ix->auto_named);
	assert_string_equal(ix->parts.items[0].column, "back`tick");
	ix = t->indexes.items[1];
	assert_string_equal(ix->obj.name, "idx \"1\"");
	assert_string_equal(ix->parts.items[0].column, "select");
	assert_true(ix->parts.items[0].desc);

	t = table(r, "group");
	assert_int_equal(t->fks.len, 1);
	assert_string_equal(t->fks.items[0]->obj.name, "f k");
	assert_string_equal(t->fks.items[0]->columns.items[0], "from");
	assert_string_equal(t->fks.items[0]->ref_table, "we\"ird `tab` [x]");
	assert_string_equal(t->fks.items[0]->ref_columns.items[0], "col \"q\"");
	sm_realm_free(r);
	dl_close(c);
}

/* Comments, odd spacing and parentheses in strings must not fool the reader. */
static void test_sqlite_inspect__odd_text(void **state)
{
	dl_conn *c = open_ok(MEM_URL);
	sm_realm *r;
	sm_table *t;

	(void)state;
	exec_ok(c,
	        "CREATE TABLE c1 ( -- a comment with ( paren and 'quote\n"
	        "  a INT /* block , comment ) */ DEFAULT 1,\n"
	        "  b TEXT DEFAULT 'it''s' -- tail )\n"
	        "  , c INT CHECK (a > 0 /* ) */),\n"
	        "  d  Character   Varying ( 20 ) NOT NULL ON CONFLICT REPLACE DEFAULT ( 'x' ),\n"
	        "  e INT CONSTRAINT nn NOT NULL CONSTRAINT d5 DEFAULT 5 CONSTRAINT ck CHECK (e<>6),\n"
	        "  f BLOB DEFAULT x'00ff' DEFAULT +2,\n"
	        "  PRIMARY KEY (a) ON CONFLICT ABORT, UNIQUE (b, c) CHECK (b <> ''))\n");
	exec_ok(c, "CREATE TABLE t2 AS SELECT 1 AS one, 'x' AS two");
	exec_ok(c,
	        "CREATE TABLE t3 (x INTEGER, PRIMARY KEY (x AUTOINCREMENT))");
	r = inspect_ok(c, NULL);
	t = table(r, "c1");
	assert_int_equal(t->columns.len, 6);
	assert_string_equal(column(t, "a")->default_expr, "1");
	assert_string_equal(column(t, "b")->default_expr, "'it''s'");
	assert_string_equal(column(t, "d")->type, "character varying(20)");
	assert_string_equal(column(t, "d")->default_expr, "( 'x' )");
	assert_false(column(t, "d")->nullable);
	assert_string_equal(column(t, "e")->default_expr, "5");
	assert_string_equal(column(t, "f")->default_expr, "+2");
	assert_int_equal(t->checks.len, 3);
	/* comments at the edges are not part of the expression */
	assert_string_equal(t->checks.items[0]->expr, "a > 0");
	assert_string_equal(t->checks.items[1]->obj.name, "ck");
	assert_string_equal(t->checks.items[1]->expr, "e<>6");
	assert_string_equal(t->checks.items[2]->expr, "b <> ''");
	assert_string_equal(t->pk->parts.items[0].column, "a");
	assert_int_equal(t->indexes.len, 1);
	assert_int_equal(t->indexes.items[0]->parts.len, 2);

	t = table(r, "t2");
	assert_int_equal(t->columns.len, 2);
	assert_string_equal(column(t, "one")->type, ""); /* no affinity */
	assert_null(t->pk);
	assert_true(column(table(r, "t3"), "x")->auto_increment);
	sm_realm_free(r);
	dl_close(c);
}

static void test_sqlite_inspect__virtual_and_broken_view(void **state)
{
	dl_conn *c = open_ok(MEM_URL);
	sm_realm *r;
	sm_table *t;
	sm_view *v;

	(void)state;
	exec_ok(c, "CREATE VIRTUAL TABLE docs USING fts5(title, body);"
	           "CREATE TABLE gone (x int);"
	           "CREATE VIEW broken AS SELECT x FROM gone;"
	           "CREATE VIEW fine AS SELECT 1 AS one;"
	           "PRAGMA legacy_alter_table = on; DROP TABLE gone;");
	r = inspect_ok(c, NULL);
	/* shadow tables (docs_data, docs_idx, ...) are docs's, not ours */
	assert_int_equal(sm_realm_table_count(r), 1);
	t = table(r, "docs");
	assert_string_equal(sm_attr_get(&t->attrs, "virtual"),
	                    "fts5(title, body)");
	assert_int_equal(t->columns.len >= 2, 1);
	assert_string_equal(t->columns.items[0]->obj.name, "title");
	assert_string_equal(t->columns.items[1]->obj.name, "body");
	v = sm_schema_find_view(r->schemas.items[0], "broken");
	assert_non_null(v);
	assert_int_equal(v->columns.len, 0);
	v = sm_schema_find_view(r->schemas.items[0], "fine");
	assert_int_equal(v->columns.len, 1);
	assert_string_equal(v->columns.items[0]->obj.name, "one");
	sm_realm_free(r);
	dl_close(c);
}

static void test_sqlite_inspect__schemas_option(void **state)
{
	dl_conn *c = open_ok(MEM_URL);
	sm_realm *r = NULL;
	const char *main_only[] = { "main" }, *other[] = { "other" };
	dl_inspect_opts o = { 0 };

	(void)state;
	exec_ok(c, "CREATE TABLE t (x int)");
	o.schemas = main_only;
	o.nschemas = 1;
	r = inspect_ok(c, &o);
	assert_int_equal(sm_realm_table_count(r), 1);
	sm_realm_free(r);
	r = NULL;
	o.schemas = other;
	assert_int_equal(dl_inspect(&r, c, &o), UT_ENOTFOUND);
	assert_null(r);
	dl_close(c);
}

/* ------------------------------------------------------------------ */
/* Exclude                                                             */
/* ------------------------------------------------------------------ */

static void test_sqlite_inspect__exclude(void **state)
{
	dl_conn *c = open_ok(MEM_URL);
	sm_realm *r;
	sm_table *t;
	dl_inspect_opts o = { 0 };

	(void)state;
	exec_ok(c, features_sql);
	{
		const char *ex[] = { "w", "*.cc",
			             "child.u_name_price[type=index]",
			             "parent.code[type=table|fk]",
			             "v[type=table]" };
		o.exclude = ex;
		o.nexclude = UT_ARRAY_SIZE(ex);
		r = inspect_ok(c, &o);
	}
	assert_null(sm_realm_find_table(r, "main", "w"));
	assert_int_equal(sm_realm_table_count(r), 3);
	t = table(r, "child");
	assert_null(sm_table_find_column(t, "cc"));
	assert_int_equal(t->columns.len, 16);
	assert_int_equal(column(t, "created")->position, 3);
	assert_null(sm_table_find_index(t, "u_name_price"));
	assert_non_null(sm_table_find_index(t, "child_expr"));
	/* the selector did not match a column: code stays */
	assert_non_null(sm_table_find_column(table(r, "parent"), "code"));
	/* a view is not a table */
	assert_non_null(sm_schema_find_view(r->schemas.items[0], "v"));
	sm_realm_free(r);

	{
		const char *ex[] = { "*[type=view]", "child.*[type=check|fk]" };
		o.exclude = ex;
		o.nexclude = UT_ARRAY_SIZE(ex);
		r = inspect_ok(c, &o);
	}
	assert_int_equal(r->schemas.items[0]->views.len, 0);
	assert_int_equal(sm_realm_table_count(r), 4);
	t = table(r, "child");
	assert_int_equal(t->checks.len, 0);
	assert_int_equal(t->fks.len, 0);
	assert_int_equal(t->columns.len, 17);
	sm_realm_free(r);

	{
		const char *ex[] = { "a.b.c" };
		o.exclude = ex;
		o.nexclude = 1;
		r = NULL;
		assert_int_equal(dl_inspect(&r, c, &o), UT_EUSAGE);
		assert_string_equal(ut_error_last()->msg,
		                    "too many parts in pattern: \"a.b.c\"");
		assert_null(r);
	}
	{
		const char *ex[] = { "t[type=bogus]" };
		o.exclude = ex;
		o.nexclude = 1;
		assert_int_equal(dl_inspect(&r, c, &o), UT_EUSAGE);
		assert_null(r);
	}
	dl_close(c);
}

/* Realm-scoped patterns start at the schema level. */
static void test_schema_exclude__realm_levels(void **state)
{
	sm_realm *r = sm_realm_new("postgres");
	sm_schema *s1 = sm_schema_add(r, "s1"), *s2 = sm_schema_add(r, "s2");
	sm_table *a = sm_table_add(r, s1, "a");
	sm_table *b = sm_table_add(r, s2, "a");
	const char *ex1[] = { "s2[type=table]", "*.a.x", "s1.zz" };
	const char *ex2[] = { "s2" };

	(void)state;
	sm_column_add(r, a, "x", "int");
	sm_column_add(r, a, "y", "int");
	sm_column_add(r, b, "x", "int");
	sm_table_add(r, s1, "zz");
	assert_int_equal(sm_realm_exclude(r, ex1, UT_ARRAY_SIZE(ex1)), 0);
	assert_int_equal(r->schemas.len, 2); /* a schema is not a table */
	assert_int_equal(a->columns.len, 1);
	assert_string_equal(a->columns.items[0]->obj.name, "y");
	assert_int_equal(a->columns.items[0]->position, 0);
	assert_int_equal(b->columns.len, 0);
	assert_int_equal(s1->tables.len, 1);
	assert_int_equal(sm_realm_exclude(r, ex2, 1), 0);
	assert_int_equal(r->schemas.len, 1);
	assert_string_equal(r->schemas.items[0]->obj.name, "s1");
	sm_realm_free(r);
}

/* ------------------------------------------------------------------ */
/* Corpus                                                              */
/* ------------------------------------------------------------------ */

#define CORPUS TEST_SHARED_DIR "/corpus/schemas/sqlite"

/* Each database of the corpus: its files, loaded in this order. */
static const char *const corpus_sets[][4] = {
	{ "element-hq__synapse__main_full72.sqlite.sql" },
	{ "jOOQ__sakila__sqlite-schema.sql" },
	{ "lerocha__chinook__Chinook_Sqlite.sql" },
	{ "zotero__zotero__system.sql", "zotero__zotero__userdata.sql",
	  "zotero__zotero__triggers.sql" },
};

/* Occurrences of the word CHECK followed by "(" (any case). */
static size_t count_checks(const char *s)
{
	size_t n = 0;

	for (const char *p = s; *p; p++) {
		const char *q = p + 5;
		if (!ut_str_nieq(p, "check", 5))
			continue;
		if (p > s && (isalnum((unsigned char)p[-1]) || p[-1] == '_'))
			continue;
		while (*q == ' ' || *q == '\t' || *q == '\n')
			q++;
		n += *q == '(';
	}
	return n;
}

static void corpus_check(const char *const *files)
{
	dl_conn *c = open_ok(MEM_URL);
	sm_realm *r;
	sm_schema *s;
	size_t nidx = 0, nfk = 0, ntrig = 0, nchk = 0;
	long want;

	for (size_t i = 0; i < 4 && files[i]; i++) {
		ut_buf sql = UT_BUF_INIT;
		char *path = ut_path_join(CORPUS, files[i]);
		if (ut_file_read(&sql, path) < 0)
			fail_msg("%s: %s", path, ut_error_last()->msg);
		if (c->drv->exec(c, sql.ptr, sql.len) < 0)
			fail_msg("%s: %s", files[i], ut_error_last()->msg);
		ut_buf_release(&sql);
		free(path);
	}
	r = inspect_ok(c, NULL);
	s = r->schemas.items[0];
	want = query_long(
	        c,
	        "SELECT count(*) FROM sqlite_master WHERE type = 'table' "
	        "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT IN "
	        "(SELECT name FROM pragma_table_list WHERE type = 'shadow')");
	assert_true(want > 0);
	if ((long)sm_realm_table_count(r) != want)
		fail_msg("%s: %ld tables, inspected %zu", files[0], want,
		         sm_realm_table_count(r));
	assert_int_equal(
	        (long)s->views.len,
	        query_long(
	                c,
	                "SELECT count(*) FROM sqlite_master WHERE type = 'view'"));
	for (size_t i = 0; i < s->tables.len; i++) {
		sm_table *t = s->tables.items[i];
		nidx += t->indexes.len;
		nfk += t->fks.len;
		ntrig += t->triggers.len;
		nchk += t->checks.len;
		for (size_t j = 0; j < t->indexes.len; j++)
			assert_true(t->indexes.items[j]->parts.len > 0);
		for (size_t j = 0; j < t->columns.len; j++)
			assert_non_null(t->columns.items[j]->type);
	}
	for (size_t i = 0; i < s->views.len; i++)
		ntrig += s->views.items[i]->triggers.len;
	assert_int_equal(
	        (long)nidx,
	        query_long(
	                c,
	                "SELECT count(*) FROM sqlite_master m, pragma_index_list(m.name) il "
	                "WHERE m.type = 'table' AND il.origin <> 'pk' AND m.name NOT IN "
	                "(SELECT name FROM pragma_table_list WHERE type = 'shadow')"));
	assert_int_equal(
	        (long)nfk,
	        query_long(
	                c,
	                "SELECT count(DISTINCT m.name || '.' || f.id) FROM sqlite_master m, "
	                "pragma_foreign_key_list(m.name) f WHERE m.type = 'table'"));
	assert_int_equal(
	        (long)ntrig,
	        query_long(
	                c,
	                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'"));
	/* each "CHECK (" of the tables' DDL became one check */
	{
		rows all = { UT_BUF_INIT, 0, 0 };
		assert_int_equal(
		        c->drv->query(
		                c,
		                "SELECT sql FROM sqlite_master WHERE type = 'table'",
		                NULL, 0, collect, &all),
		        0);
		assert_int_equal((long)nchk, (long)count_checks(all.out.ptr));
		ut_buf_release(&all.out);
	}
	sm_realm_free(r);
	dl_close(c);
}

static void test_sqlite_inspect__corpus(void **state)
{
	char **names = NULL;
	size_t n = 0;

	(void)state;
	for (size_t i = 0; i < UT_ARRAY_SIZE(corpus_sets); i++)
		corpus_check(corpus_sets[i]);
	/* every .sql file of the corpus is covered by a set above */
	assert_int_equal(ut_dir_list(&names, &n, CORPUS), 0);
	for (size_t i = 0; i < n; i++) {
		bool found = false;
		if (!ut_str_suffix(names[i], ".sql"))
			continue;
		for (size_t s = 0; s < UT_ARRAY_SIZE(corpus_sets); s++)
			for (size_t f = 0; f < 4 && corpus_sets[s][f]; f++)
				found |= !strcmp(corpus_sets[s][f], names[i]);
		if (!found)
			fail_msg("corpus file %s is not loaded by any set",
			         names[i]);
	}
	ut_strlist_free(names, n);
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test(test_sqlite_url__memory_is_private),
	cmocka_unit_test(test_sqlite_url__memory_shared_cache),
	cmocka_unit_test(test_sqlite_url__file_forms),
	cmocka_unit_test(test_sqlite_url__go_params),
	cmocka_unit_test(test_sqlite_exec__script_and_errors),
	cmocka_unit_test(test_sqlite_query__params_and_stop),
	cmocka_unit_test(test_sqlite_quote__ident_and_literal),
	cmocka_unit_test(test_sqlite_tx__begin_commit_rollback),
	cmocka_unit_test(test_sqlite_lock__contention),
	cmocka_unit_test(test_sqlite_clean__messages),
	cmocka_unit_test(test_sqlite_reset__leaves_clean),
	cmocka_unit_test(test_sqlite_inspect__columns),
	cmocka_unit_test(test_sqlite_inspect__keys_and_indexes),
	cmocka_unit_test(test_sqlite_inspect__fks_checks_views_triggers),
	cmocka_unit_test(test_sqlite_inspect__awkward_names),
	cmocka_unit_test(test_sqlite_inspect__odd_text),
	cmocka_unit_test(test_sqlite_inspect__virtual_and_broken_view),
	cmocka_unit_test(test_sqlite_inspect__schemas_option),
	cmocka_unit_test(test_sqlite_inspect__exclude),
	cmocka_unit_test(test_schema_exclude__realm_levels),
	cmocka_unit_test(test_sqlite_inspect__corpus),
};

TEST_MAIN(tests)
