/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/dialects/pg_conn_test.c: the PostgreSQL connection layer:
 * URLs and connect errors (never showing the password, bounded by the
 * connect timeout), statements and queries, the advisory lock, clean and
 * reset, and the docker:// dev server.
 */
#include "pg_test.h"

#include "plan.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static void test_wrong_password(void **state)
{
	const char *base = pg_test_url();
	dl_url *u = NULL;
	dl_conn *c = NULL;
	char *bad;
	const char *msg;

	(void)state;
	assert_int_equal(dl_url_parse(&u, base), 0);
	bad = ut_xasprintf("postgres://%s:Secr3t-not-the-pw@%s:%d/%s?sslmode=disable",
			   u->user, u->host, u->port ? u->port : 5432,
			   u->path);
	assert_int_equal(dl_open(&c, bad), UT_EDB);
	assert_null(c);
	msg = ut_error_last()->msg;
	assert_true(ut_str_prefix(msg, "cannot connect to postgres://"));
	assert_non_null(strstr(msg, ":xxxxx@"));
	assert_null(strstr(msg, "Secr3t"));
	assert_null(strchr(msg, '\n'));
	/* libpq's "connection to server at ... failed: FATAL:" goes */
	assert_non_null(strstr(msg, "?sslmode=disable: password authentication failed for user"));
	assert_string_equal(ut_error_last()->hint,
			    "check the user name and password in the URL");
	free(bad);
	dl_url_free(u);
}

/*
 * libpq's "?password=" (a password with characters that would need
 * escaping before '@') reaches the server, stays hidden in messages, and
 * so do other libpq keywords given as parameters.
 */
static void test_password_param(void **state)
{
	const char *base = pg_test_url();
	dl_url *u = NULL;
	dl_conn *c = NULL;
	char *good, *bad;
	const char *msg;

	(void)state;
	assert_int_equal(dl_url_parse(&u, base), 0);
	good = ut_xasprintf("postgres://%s@%s:%d/%s?sslmode=disable&password=%s&tcp_user_timeout=5000",
			    u->user, u->host, u->port ? u->port : 5432,
			    u->path, u->password);
	assert_int_equal(dl_open(&c, good), 0);
	dl_close(c);
	c = NULL;
	bad = ut_xasprintf("postgres://%s@%s:%d/%s?password=Secr3t-not-the-pw&sslmode=disable",
			   u->user, u->host, u->port ? u->port : 5432,
			   u->path);
	assert_int_equal(dl_open(&c, bad), UT_EDB);
	msg = ut_error_last()->msg;
	assert_null(strstr(msg, "Secr3t"));
	assert_non_null(strstr(msg, "password authentication failed"));
	free(good);
	free(bad);
	dl_url_free(u);
}

/*
 * A port that accepts TCP connections but never answers: libpq waits for
 * the server's reply until connect_timeout.
 */
static void test_unresponsive_timeout(void **state)
{
	struct sockaddr_in a;
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	dl_conn *c = NULL;
	char *url;
	int64_t t0, ms;

	(void)state;
	assert_true(fd >= 0);
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(listen(fd, 4), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &len), 0);
	url = ut_xasprintf("postgres://u:pw-XYZ@127.0.0.1:%d/db?sslmode=disable&connect_timeout=2",
			   ntohs(a.sin_port));
	t0 = ut_now_ns();
	assert_int_equal(dl_open(&c, url), UT_EDB);
	ms = (ut_now_ns() - t0) / 1000000;
	assert_true(ms >= 1500 && ms < 6000);
	assert_null(strstr(ut_error_last()->msg, "pw-XYZ"));
	assert_true(ut_str_prefix(ut_error_last()->msg,
				  "cannot connect to postgres://u:xxxxx@127.0.0.1:"));
	assert_non_null(strstr(ut_error_last()->msg, ": timed out"));
	assert_non_null(strstr(ut_error_last()->hint, "connect_timeout="));
	close(fd);
	free(url);
}

static void test_closed_port(void **state)
{
	dl_conn *c = NULL;

	(void)state;
	/* port 1 on loopback: refused at once */
	assert_int_equal(dl_open(&c, "postgresql://a:topsecret@127.0.0.1:1/x"),
			 UT_EDB);
	assert_null(strstr(ut_error_last()->msg, "topsecret"));
	assert_string_equal(ut_error_last()->msg,
			    "cannot connect to postgresql://a:xxxxx@127.0.0.1:1/x: connection refused");
	assert_string_equal(ut_error_last()->hint,
			    "is the server running on 127.0.0.1 and accepting TCP/IP connections on port 1?");
	/* a host that does not resolve, a database that does not exist */
	assert_int_equal(dl_open(&c, "postgres://a@nosuchhost.invalid/x"),
			 UT_EDB);
	assert_string_equal(ut_error_last()->msg,
			    "cannot connect to postgres://a@nosuchhost.invalid/x: unknown host \"nosuchhost.invalid\"");
	if (getenv("STRATA_TEST_PG_URL")) {
		dl_url *u = NULL;
		char *url;

		assert_int_equal(dl_url_parse(&u, pg_test_url()), 0);
		url = ut_xasprintf("postgres://%s:%s@%s:%d/strata_no_such_db?sslmode=disable",
				   u->user, u->password ? u->password : "",
				   u->host, u->port ? u->port : 5432);
		assert_int_equal(dl_open(&c, url), UT_EDB);
		assert_non_null(strstr(ut_error_last()->msg,
				       "/strata_no_such_db?sslmode=disable: database \"strata_no_such_db\" does not exist"));
		assert_string_equal(ut_error_last()->hint,
				    "create the database, or correct its name in the URL path");
		assert_null(strstr(ut_error_last()->msg, u->password));
		free(url);
		dl_url_free(u);
	}
}

static void test_exec_query(void **state)
{
	pg_scratch s = { 0 };
	dl_conn *c;
	char *rows;
	const char *params[2] = { "7", NULL };
	const char *msg;

	(void)state;
	pg_scratch_new(&s);
	c = pg_open(s.url);
	assert_null(c->schema);
	pg_exec(c, "CREATE TABLE t (a int PRIMARY KEY, b text); INSERT INTO t VALUES (1, 'x')");
	assert_int_equal(c->drv->query(c, "INSERT INTO t VALUES ($1, $2)",
				       params, 2, NULL, NULL),
			 0);
	rows = pg_rows(c, "SELECT a, b FROM t ORDER BY a");
	assert_string_equal(rows, "1|x\n7|NULL\n");
	free(rows);
	/* the server's message, with its detail, on one line */
	assert_int_equal(dl_exec(c, "INSERT INTO t VALUES (1, 'y')"), UT_EDB);
	msg = ut_error_last()->msg;
	assert_string_equal(msg, "pq: duplicate key value violates unique constraint \"t_pkey\" (detail: Key (a)=(1) already exists.)");
	/* transactions */
	assert_int_equal(c->drv->begin(c), 0);
	pg_exec(c, "DELETE FROM t");
	assert_int_equal(c->drv->rollback(c), 0);
	rows = pg_rows(c, "SELECT count(*) FROM t");
	assert_string_equal(rows, "2\n");
	free(rows);
	dl_close(c);
	pg_scratch_drop(&s);
}

static void test_search_path_scope(void **state)
{
	pg_scratch s = { 0 };
	char *url;
	dl_conn *c;
	char *rows;

	(void)state;
	pg_scratch_new(&s);
	c = pg_open(s.url);
	pg_exec(c, "CREATE SCHEMA \"My Schema\"");
	dl_close(c);
	url = pg_scratch_url(&s, "search_path=%22My%20Schema%22");
	c = pg_open(url);
	assert_string_equal(c->schema, "My Schema");
	pg_exec(c, "CREATE TABLE t (a int)");
	rows = pg_rows(c, "SELECT schemaname FROM pg_tables WHERE tablename = 't'");
	assert_string_equal(rows, "My Schema\n");
	free(rows);
	dl_close(c);
	free(url);
	pg_scratch_drop(&s);
}

static void test_lock(void **state)
{
	pg_scratch s = { 0 };
	dl_conn *a, *b;
	char *rows;
	int64_t t0;

	(void)state;
	pg_scratch_new(&s);
	a = pg_open(s.url);
	b = pg_open(s.url);
	assert_int_equal(a->drv->lock(a, "atlas_migrate_execute", 1000000000), 0);
	/* Atlas's key: FNV-1 32-bit of the name, as a bigint */
	/* this database's locks only: other clients share the server */
	rows = pg_rows(a, "SELECT objid::bigint + (classid::bigint << 32) FROM pg_locks WHERE locktype = 'advisory'"
			  " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())");
	{
		char want[32];
		snprintf(want, sizeof(want), "%lu\n",
			 (unsigned long)ut_fnv1_32("atlas_migrate_execute"));
		assert_string_equal(rows, want);
	}
	free(rows);
	t0 = ut_now_ns();
	assert_int_equal(b->drv->lock(b, "atlas_migrate_execute", 200000000),
			 UT_ELOCKED);
	assert_true(ut_now_ns() - t0 >= 190000000);
	assert_string_equal(ut_error_last()->msg,
			    "acquiring database lock: timed out after 200ms");
	assert_int_equal(a->drv->unlock(a, "atlas_migrate_execute"), 0);
	assert_int_equal(b->drv->lock(b, "atlas_migrate_execute", 1000000000), 0);
	assert_int_equal(b->drv->unlock(b, "atlas_migrate_execute"), 0);
	assert_int_equal(b->drv->unlock(b, "atlas_migrate_execute"), UT_ERROR);
	dl_close(a);
	dl_close(b);
	pg_scratch_drop(&s);
}

/*
 * A dev database is held by one command at a time: mg_dev_open takes
 * Atlas's migrate diff lock (per schema for a schema-bound URL) and the
 * connection's close releases it.
 */
static void test_dev_lock(void **state)
{
	pg_scratch s = { 0 };
	char *bound;
	dl_conn *dev, *b;

	(void)state;
	pg_scratch_new(&s);
	bound = pg_scratch_url(&s, "search_path=public");
	assert_int_equal(mg_dev_open(&dev, s.url), 0);
	b = pg_open(s.url);
	assert_int_equal(b->drv->lock(b, MG_DEV_LOCK, 200000000), UT_ELOCKED);
	dl_close(dev);
	assert_int_equal(b->drv->lock(b, MG_DEV_LOCK, 1000000000), 0);
	assert_int_equal(b->drv->unlock(b, MG_DEV_LOCK), 0);
	assert_int_equal(mg_dev_open(&dev, bound), 0);
	assert_int_equal(b->drv->lock(b, MG_DEV_LOCK ".public", 200000000),
			 UT_ELOCKED);
	dl_close(dev);
	dl_close(b);
	free(bound);
	pg_scratch_drop(&s);
}

static void expect_unclean(dl_conn *c, const char *ignore, const char *msg)
{
	assert_int_equal(c->drv->check_clean(c, ignore), UT_EEXISTS);
	assert_string_equal(ut_error_last()->msg, msg);
}

static void test_clean_reset_realm(void **state)
{
	pg_scratch s = { 0 };
	dl_conn *c;
	sm_realm *r;

	(void)state;
	pg_scratch_new(&s);
	c = pg_open(s.url);
	assert_int_equal(c->drv->check_clean(c, NULL), 0);
	pg_exec(c, "CREATE SCHEMA atlas_schema_revisions; CREATE TABLE atlas_schema_revisions.atlas_schema_revisions (v text)");
	assert_int_equal(c->drv->check_clean(c, "atlas_schema_revisions"), 0);
	expect_unclean(c, NULL, "connected database is not clean: found schema \"atlas_schema_revisions\"");
	pg_exec(c, "CREATE TABLE public.users (id int)");
	expect_unclean(c, "atlas_schema_revisions", "connected database is not clean: found table \"users\"");
	pg_exec(c, "DROP TABLE users; CREATE TYPE e AS ENUM ('a')");
	expect_unclean(c, "atlas_schema_revisions", "connected database is not clean: found type \"e\"");
	pg_exec(c, "CREATE SCHEMA app; CREATE TABLE app.t (id serial PRIMARY KEY); CREATE VIEW v AS SELECT 1 AS x; "
		   "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1'; CREATE EXTENSION IF NOT EXISTS pg_trgm");
	assert_int_equal(c->drv->reset(c), 0);
	assert_int_equal(c->drv->check_clean(c, NULL), 0);
	r = pg_inspect(c);
	assert_int_equal(r->schemas.len, 1);
	assert_string_equal(r->schemas.items[0]->obj.name, "public");
	/* public survives with its comment */
	assert_string_equal(r->schemas.items[0]->obj.comment, "standard public schema");
	assert_int_equal(r->extensions.len, 0);
	sm_realm_free(r);
	dl_close(c);
	pg_scratch_drop(&s);
}

static void test_clean_reset_schema(void **state)
{
	pg_scratch s = { 0 };
	dl_conn *c, *root;
	char *url, *rows;

	(void)state;
	pg_scratch_new(&s);
	root = pg_open(s.url);
	pg_exec(root, "CREATE SCHEMA app; CREATE TABLE public.keep (id int)");
	url = pg_scratch_url(&s, "search_path=app");
	c = pg_open(url);
	assert_int_equal(c->drv->check_clean(c, NULL), 0);
	pg_exec(c, "CREATE TABLE atlas_schema_revisions (v text)");
	assert_int_equal(c->drv->check_clean(c, "atlas_schema_revisions"), 0);
	expect_unclean(c, NULL, "connected database is not clean: found table \"atlas_schema_revisions\"");
	pg_exec(c, "CREATE SEQUENCE s1");
	expect_unclean(c, "atlas_schema_revisions", "connected database is not clean: found sequence \"s1\"");
	pg_exec(c, "CREATE TYPE mood AS ENUM ('a'); CREATE DOMAIN d AS int; CREATE TABLE t (id serial, m mood, x d);"
		   "CREATE VIEW v AS SELECT * FROM t; CREATE PROCEDURE p() LANGUAGE sql AS 'SELECT 1'");
	assert_int_equal(c->drv->reset(c), 0);
	assert_int_equal(c->drv->check_clean(c, NULL), 0);
	/* the schema stays, other schemas are untouched */
	rows = pg_rows(root, "SELECT count(*) FROM pg_namespace WHERE nspname = 'app'");
	assert_string_equal(rows, "1\n");
	free(rows);
	rows = pg_rows(root, "SELECT count(*) FROM pg_tables WHERE tablename = 'keep'");
	assert_string_equal(rows, "1\n");
	free(rows);
	dl_close(c);
	dl_close(root);
	free(url);
	pg_scratch_drop(&s);
}

static size_t count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;

	if (!d)
		return 0;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

/*
 * docker://postgres/15/dev without Docker: a private server, reused by a
 * second URL, removed when the process is interrupted. Runs in a child
 * with its own TMPDIR so the check sees only its files.
 */
static void test_docker_dev_server(void **state)
{
	char tmpl[] = "/tmp/strata-pgdev-test-XXXXXX";
	char *tmp = mkdtemp(tmpl);
	int fds[2];
	pid_t pid;
	char buf[256] = { 0 };
	ssize_t n;
	int st;

	(void)state;
	if (access("/usr/lib/postgresql", F_OK) != 0) {
		if (getenv("CI") && !strcmp(getenv("CI"), "true"))
			fail_msg("no PostgreSQL server binaries installed");
		skip();
	}
	assert_non_null(tmp);
	chmod(tmp, 0755);
	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dl_conn *c = NULL, *d = NULL;
		sm_realm *r = NULL;
		const char *res = "ok";
		close(fds[0]);
		setenv("TMPDIR", tmp, 1);
		if (dl_open(&c, "docker://postgres/15/dev?search_path=public") < 0)
			res = ut_error_last()->msg;
		else if (strcmp(c->url->raw,
				"docker://postgres/15/dev?search_path=public") ||
			 !c->schema || strcmp(c->schema, "public"))
			res = "bad url or scope";
		else if (c->drv->check_clean(c, NULL) < 0)
			res = ut_error_last()->msg;
		else if (dl_exec(c, "CREATE TABLE t (id int)") < 0)
			res = ut_error_last()->msg;
		else if (dl_inspect(&r, c, NULL) < 0 ||
			 sm_realm_table_count(r) != 1)
			res = "inspect";
		/* a second database on the same server */
		else if (dl_open(&d, "docker://postgres/15/other") < 0)
			res = ut_error_last()->msg;
		else if (d->drv->check_clean(d, NULL) < 0)
			res = "second database not clean";
		if (write(fds[1], res, strlen(res)) < 0)
			_exit(3);
		close(fds[1]);
		sm_realm_free(r);
		pause();
		_exit(0);
	}
	close(fds[1]);
	n = read(fds[0], buf, sizeof(buf) - 1);
	close(fds[0]);
	assert_true(n > 0);
	assert_string_equal(buf, "ok");
	assert_int_equal(count_entries(tmp), 1);
	kill(pid, SIGINT);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFSIGNALED(st) && WTERMSIG(st) == SIGINT);
	/* the server and its directory are gone */
	assert_int_equal(count_entries(tmp), 0);
	rmdir(tmp);
}

const struct CMUnitTest pg_conn_tests[] = {
	cmocka_unit_test(test_wrong_password),
	cmocka_unit_test(test_password_param),
	cmocka_unit_test(test_unresponsive_timeout),
	cmocka_unit_test(test_closed_port),
	cmocka_unit_test(test_exec_query),
	cmocka_unit_test(test_search_path_scope),
	cmocka_unit_test(test_lock),
	cmocka_unit_test(test_dev_lock),
	cmocka_unit_test(test_clean_reset_realm),
	cmocka_unit_test(test_clean_reset_schema),
	cmocka_unit_test(test_docker_dev_server),
};
const size_t pg_conn_ntests = UT_ARRAY_SIZE(pg_conn_tests);
