/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/dialects/my_driver_test.c: the MySQL/MariaDB driver's
 * connection layer against the real server: URLs and connect errors,
 * statements and parameters, the lock, clean and reset. Also the test
 * program's main (the inspection and round-trip groups live beside it).
 */
#include "my_test.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "diff.h"

void test_my_inspect__features(void **state);
void test_my_inspect__query_count(void **state);
void test_my_inspect__partitions_sequences(void **state);
void test_my_roundtrip__objects_dump(void **state);
void test_my_roundtrip__pairs(void **state);
void test_my_roundtrip__corpus(void **state);
void test_my_plan__offline(void **state);

static void test_my_url__schemes(void **state)
{
	(void)state;
	assert_non_null(dl_find("mysql"));
	assert_ptr_equal(dl_find("mysql"), dl_find("maria"));
	assert_ptr_equal(dl_find("mysql"), dl_find("mariadb"));
	assert_ptr_equal(dl_find("mysql"), dl_find("mysql+unix"));
	assert_string_equal(dl_find("maria")->name, "mysql");
}

static void test_my_url__bad_params(void **state)
{
	dl_conn *c = NULL;

	(void)state;
	assert_int_equal(
	        dl_open(&c, "mysql://u:secret@127.0.0.1:1/db?tls=maybe"),
	        UT_EUSAGE);
	assert_non_null(strstr(ut_error_last()->msg, "tls"));
	assert_null(strstr(ut_error_last()->msg, "secret"));
	assert_int_equal(dl_open(&c, "mysql://u@127.0.0.1:1/db?timeout=soon"),
	                 UT_EUSAGE);
	assert_int_equal(dl_open(&c, "mysql://u@127.0.0.1:1/a/b"), UT_EUSAGE);
	assert_int_equal(dl_open(&c, "mysql+unix://"), UT_EUSAGE);
	assert_null(c);
}

/* Wrong password: one line, the redacted URL, never the password. */
static void test_my_connect__wrong_password(void **state)
{
	char *server = my_test_server();
	dl_url *u = NULL;
	dl_conn *c = NULL;
	char *bad;
	const char *msg;

	(void)state;
	assert_int_equal(dl_url_parse(&u, server), 0);
	bad = ut_xasprintf("mysql://%s:Wr0ng-PassW0rd@%s:%d/", u->user, u->host,
	                   u->port);
	assert_int_equal(dl_open(&c, bad), UT_EDB);
	msg = ut_error_last()->msg;
	assert_true(ut_str_prefix(msg, "cannot connect to mysql://"));
	assert_non_null(strstr(msg, ":xxxxx@"));
	assert_null(strstr(msg, "Wr0ng-PassW0rd"));
	assert_null(strstr(msg, u->password));
	assert_null(strchr(msg, '\n'));
	assert_non_null(strstr(msg, "/: access denied for user"));
	assert_string_equal(ut_error_last()->hint,
	                    "check the user name and password in the URL");
	free(bad);
	/* a database that does not exist */
	bad = ut_xasprintf("mysql://%s:%s@%s:%d/strata_no_such_db", u->user,
	                   u->password, u->host, u->port);
	assert_int_equal(dl_open(&c, bad), UT_EDB);
	msg = ut_error_last()->msg;
	assert_non_null(strstr(
	        msg,
	        "/strata_no_such_db: database \"strata_no_such_db\" does not exist"));
	assert_null(strstr(msg, u->password));
	assert_string_equal(
	        ut_error_last()->hint,
	        "create the database, or correct its name in the URL path");
	free(bad);
	dl_url_free(u);
	free(server);
}

/* A closed port fails at once; a port that never answers, by the timeout. */
static void test_my_connect__unreachable(void **state)
{
	struct sockaddr_in sa;
	socklen_t len = sizeof(sa);
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	dl_conn *c = NULL;
	int64_t t0;
	char *url;

	(void)state;
	t0 = ut_now_ns();
	assert_int_equal(dl_open(&c, "mysql://root:pw@127.0.0.1:1/x"), UT_EDB);
	assert_true(ut_now_ns() - t0 < 5000000000LL);
	assert_string_equal(
	        ut_error_last()->msg,
	        "cannot connect to mysql://root:xxxxx@127.0.0.1:1/x: connection refused");
	assert_string_equal(
	        ut_error_last()->hint,
	        "is the server running on 127.0.0.1 and accepting connections on port 1?");
	assert_int_equal(dl_open(&c, "mysql://root@nosuchhost.invalid/x"),
	                 UT_EDB);
	assert_string_equal(
	        ut_error_last()->msg,
	        "cannot connect to mysql://root@nosuchhost.invalid/x: unknown host \"nosuchhost.invalid\"");
	assert_int_equal(
	        dl_open(&c, "mysql+unix:///nonexistent/sock?database=x"),
	        UT_EDB);
	assert_string_equal(
	        ut_error_last()->msg,
	        "cannot connect to mysql+unix:///nonexistent/sock?database=x: no such socket");

	/* a listener that never accepts nor greets */
	assert_true(fd >= 0);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(listen(fd, 1), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
	url = ut_xasprintf("mysql://root:pw@127.0.0.1:%d/x?timeout=1s",
	                   ntohs(sa.sin_port));
	t0 = ut_now_ns();
	assert_int_equal(dl_open(&c, url), UT_EDB);
	assert_true(ut_now_ns() - t0 < 8000000000LL);
	assert_null(strstr(ut_error_last()->msg, ":pw@"));
	assert_true(ut_str_prefix(ut_error_last()->msg,
	                          "cannot connect to mysql://root:xxxxx@"));
	assert_non_null(strstr(ut_error_last()->msg, "?timeout=1s: timed out"));
	assert_non_null(strstr(ut_error_last()->hint, "timeout=<duration>"));
	close(fd);
	free(url);
}

typedef struct rows {
	ut_buf text;
	int n;
} rows;

static int collect(const char *const *v, size_t n, void *payload)
{
	rows *r = payload;

	for (size_t i = 0; i < n; i++)
		ut_buf_printf(&r->text, "%s%s", i ? "|" : "",
		              v[i] ? v[i] : "<null>");
	ut_buf_putc(&r->text, '\n');
	r->n++;
	return 0;
}

/* Parameters arrive as values, whatever quotes or backslashes they hold. */
static void test_my_exec__params(void **state)
{
	char *server = my_test_server(), *url, *db;
	const char *p[3];
	rows r = { UT_BUF_INIT, 0 };
	dl_conn *c;

	(void)state;
	db = my_test_db(server, "params", &url);
	c = my_test_open(url);
	assert_string_equal(c->schema, db);
	/* a script of several statements */
	assert_int_equal(dl_exec(c,
	                         "CREATE TABLE t (k varchar(50), v text NULL); "
	                         "INSERT INTO t VALUES ('a', 'b'); SELECT 1; "
	                         "DELETE FROM t"),
	                 0);
	p[0] = "it's";
	p[1] = "back\\slash \"q\" ? -- not a comment";
	assert_int_equal(c->drv->query(c, "INSERT INTO t (k, v) VALUES (?, ?)",
	                               p, 2, NULL, NULL),
	                 0);
	p[0] = "nul";
	p[1] = NULL;
	assert_int_equal(c->drv->query(c, "INSERT INTO t (k, v) VALUES (?, ?)",
	                               p, 2, NULL, NULL),
	                 0);
	p[0] = "it's";
	assert_int_equal(
	        c->drv->query(
	                c,
	                "SELECT k, v, '?' FROM t WHERE k = ? OR k = 'nul' ORDER BY k",
	                p, 1, collect, &r),
	        0);
	assert_int_equal(r.n, 2);
	assert_string_equal(r.text.ptr,
	                    "it's|back\\slash \"q\" ? -- not a comment|?\n"
	                    "nul|<null>|?\n");
	/* too few parameters, and a server error in Go's format */
	assert_int_equal(c->drv->query(c, "SELECT ?, ?", p, 1, NULL, NULL),
	                 UT_EDB);
	assert_int_equal(dl_exec(c, "SELECT * FROM missing"), UT_EDB);
	assert_true(
	        ut_str_prefix(ut_error_last()->msg, "Error 1146 (42S02): "));
	/* transactions */
	assert_int_equal(c->drv->begin(c), 0);
	assert_int_equal(dl_exec(c, "INSERT INTO t VALUES ('tx', 'x')"), 0);
	assert_int_equal(c->drv->rollback(c), 0);
	free(my_test_value(c, "SELECT 1"));
	{
		char *cnt = my_test_value(
		        c, "SELECT COUNT(*) FROM t WHERE k = 'tx'");
		assert_string_equal(cnt, "0");
		free(cnt);
	}
	dl_close(c);
	my_test_drop_db(server, db);
	ut_buf_release(&r.text);
	free(db);
	free(url);
	free(server);
}

static void test_my_lock__timeout(void **state)
{
	char *server = my_test_server();
	char *name = ut_xasprintf("strata_test_lock_%ld", (long)getpid());
	dl_conn *a, *b;
	int64_t t0;

	(void)state;
	a = my_test_open(server);
	b = my_test_open(server);
	assert_int_equal(a->drv->lock(a, name, 1000000000), 0);
	assert_int_equal(a->drv->lock(a, name, 0), 0); /* held already */
	t0 = ut_now_ns();
	assert_int_equal(b->drv->lock(b, name, 300000000), UT_ELOCKED);
	assert_true(ut_now_ns() - t0 >= 250000000);
	assert_non_null(strstr(ut_error_last()->msg, "timed out"));
	assert_int_equal(a->drv->unlock(a, name), 0);
	assert_int_equal(b->drv->lock(b, name, 1000000000), 0);
	assert_int_equal(b->drv->unlock(b, name), 0);
	assert_int_equal(b->drv->unlock(b, name), UT_ERROR);
	dl_close(a);
	dl_close(b);
	free(name);
	free(server);
}

static void test_my_clean__schema_and_realm(void **state)
{
	char *server = my_test_server(), *url, *db;
	dl_conn *c, *realm;
	char *n;

	(void)state;
	db = my_test_db(server, "clean", &url);
	c = my_test_open(url);
	assert_int_equal(c->drv->check_clean(c, NULL), 0);
	my_test_exec(
	        c,
	        "CREATE TABLE p (id int PRIMARY KEY);"
	        "CREATE TABLE x (id int, pid int, FOREIGN KEY (pid) REFERENCES p (id));"
	        "CREATE VIEW v AS SELECT id FROM x;"
	        "CREATE TRIGGER tr BEFORE INSERT ON x FOR EACH ROW SET NEW.id = 1;"
	        "CREATE FUNCTION f() RETURNS int DETERMINISTIC RETURN 1;"
	        "CREATE PROCEDURE pr() SELECT 1;");
	assert_int_equal(c->drv->check_clean(c, NULL), UT_EEXISTS);
	assert_string_equal(
	        ut_error_last()->msg,
	        "connected database is not clean: found table \"p\"");
	/* the realm sees the schema */
	realm = my_test_open(server);
	assert_int_equal(realm->drv->check_clean(realm, NULL), UT_EEXISTS);
	assert_true(ut_str_prefix(
	        ut_error_last()->msg,
	        "connected database is not clean: found schema "));
	dl_close(realm);
	assert_int_equal(c->drv->reset(c), 0);
	assert_int_equal(c->drv->check_clean(c, NULL), 0);
	n = my_test_value(
	        c,
	        "SELECT COUNT(*) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE()");
	assert_string_equal(n, "0");
	free(n);
	my_test_exec(c, "CREATE TABLE atlas_schema_revisions (id int)");
	assert_int_equal(c->drv->check_clean(c, "atlas_schema_revisions"), 0);
	dl_close(c);
	my_test_drop_db(server, db);
	free(db);
	free(url);
	free(server);
}

/* The unix socket form and the server flavor/version gates. */
static void test_my_connect__unix_socket(void **state)
{
	const char *sock = getenv("STRATA_TEST_MY_SOCKET");
	const char *user = getenv("STRATA_TEST_MY_USER");
	const char *pw = getenv("STRATA_TEST_MY_PASSWORD");
	char *server = my_test_server(), *url, *db, *sql;
	dl_conn *c;

	(void)state;
	if (!sock || !user || !pw) {
		free(server);
		skip();
		return;
	}
	db = my_test_db(server, "unix", NULL);
	sql = ut_xasprintf("mysql+unix://%s:%s@%s?database=%s", user, pw, sock,
	                   db);
	c = my_test_open(sql);
	assert_non_null(c->schema);
	assert_string_equal(c->schema, db);
	free(url = my_test_value(c, "SELECT DATABASE()"));
	dl_close(c);
	my_test_drop_db(server, db);
	free(sql);
	free(db);
	free(server);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_my_url__schemes),
		cmocka_unit_test(test_my_url__bad_params),
		cmocka_unit_test(test_my_plan__offline),
		cmocka_unit_test(test_my_connect__wrong_password),
		cmocka_unit_test(test_my_connect__unreachable),
		cmocka_unit_test(test_my_connect__unix_socket),
		cmocka_unit_test(test_my_exec__params),
		cmocka_unit_test(test_my_lock__timeout),
		cmocka_unit_test(test_my_clean__schema_and_realm),
		cmocka_unit_test(test_my_inspect__features),
		cmocka_unit_test(test_my_inspect__query_count),
		cmocka_unit_test(test_my_inspect__partitions_sequences),
		cmocka_unit_test(test_my_roundtrip__objects_dump),
		cmocka_unit_test(test_my_roundtrip__pairs),
		cmocka_unit_test(test_my_roundtrip__corpus),
	};

	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
