/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/dialects/my_util_test.c: the helpers of my_test.h.
 */
#include "my_test.h"

#include <unistd.h>

#include "split.h"

char *my_test_server(void)
{
	const char *url = getenv("STRATA_TEST_MY_URL");
	const char *ci = getenv("CI");
	dl_url *u = NULL;
	ut_buf b = UT_BUF_INIT;

	if (!url || !*url) {
		if (ci && !strcmp(ci, "true"))
			fail_msg(
			        "STRATA_TEST_MY_URL is not set: CI must start MariaDB (scripts/test-servers.sh)");
		skip();
		return NULL;
	}
	assert_int_equal(dl_url_parse(&u, url), 0);
	ut_buf_printf(&b, "%s://", u->scheme);
	if (u->user) {
		ut_buf_puts(&b, u->user);
		if (u->password)
			ut_buf_printf(&b, ":%s", u->password);
		ut_buf_putc(&b, '@');
	}
	ut_buf_puts(&b, u->host);
	if (u->port)
		ut_buf_printf(&b, ":%d", u->port);
	ut_buf_puts(&b, "/");
	dl_url_free(u);
	return ut_buf_detach(&b);
}

static int serial;

char *my_test_db(const char *server, const char *tag, char **url_out)
{
	char *name = ut_xasprintf("strata_t%ld_%s_%d", (long)getpid(), tag,
	                          serial++);
	dl_conn *c = my_test_open(server);
	ut_buf sql = UT_BUF_INIT;

	ut_buf_puts(&sql, "DROP DATABASE IF EXISTS ");
	c->drv->quote_ident(&sql, name);
	my_test_exec(c, sql.ptr);
	ut_buf_reset(&sql);
	ut_buf_puts(&sql, "CREATE DATABASE ");
	c->drv->quote_ident(&sql, name);
	ut_buf_puts(&sql, " CHARSET utf8mb4 COLLATE utf8mb4_general_ci");
	my_test_exec(c, sql.ptr);
	ut_buf_release(&sql);
	dl_close(c);
	if (url_out)
		*url_out = ut_xasprintf("%s%s", server, name);
	return name;
}

void my_test_drop_db(const char *server, const char *name)
{
	dl_conn *c = my_test_open(server);
	ut_buf sql = UT_BUF_INIT;

	ut_buf_puts(&sql, "DROP DATABASE IF EXISTS ");
	c->drv->quote_ident(&sql, name);
	my_test_exec(c, sql.ptr);
	ut_buf_release(&sql);
	dl_close(c);
}

dl_conn *my_test_open(const char *url)
{
	dl_conn *c = NULL;
	int error = dl_open(&c, url);

	if (error < 0)
		fail_msg("open: %s", ut_error_last()->msg);
	return c;
}

int my_test_try_exec(dl_conn *c, const char *sql)
{
	mg_split_opts o = mg_split_opts_for(MG_SPLIT_MYSQL);
	mg_stmts st = MG_STMTS_INIT;
	int error;

	if ((error = mg_split(&st, sql, strlen(sql), &o)) < 0)
		goto done;
	for (size_t i = 0; i < st.len; i++)
		if ((error = c->drv->exec(c, st.items[i].text,
		                          st.items[i].len)) < 0) {
			ut_error_wrap("line %d", st.items[i].line);
			break;
		}
done:
	mg_stmts_release(&st);
	return error;
}

void my_test_exec(dl_conn *c, const char *sql)
{
	if (my_test_try_exec(c, sql) < 0)
		fail_msg("exec: %s\n%s", ut_error_last()->msg, sql);
}

static int value_row(const char *const *v, size_t n, void *payload)
{
	char **out = payload;

	if (n && !*out && v[0])
		*out = ut_xstrdup(v[0]);
	return 0;
}

char *my_test_value(dl_conn *c, const char *sql)
{
	char *out = NULL;

	if (c->drv->query(c, sql, NULL, 0, value_row, &out) < 0)
		fail_msg("query: %s", ut_error_last()->msg);
	return out;
}

/* Removes " AUTO_INCREMENT=N" and DEFINER=... clauses from a dump line. */
static void normalize_line(ut_buf *out, const char *line, size_t n)
{
	for (size_t i = 0; i < n;) {
		if (!strncmp(line + i, " AUTO_INCREMENT=", 16)) {
			i += 16;
			while (i < n && line[i] >= '0' && line[i] <= '9')
				i++;
			continue;
		}
		if (!strncmp(line + i, "DEFINER=", 8)) {
			i += 8;
			while (i < n && line[i] != ' ' && line[i] != '*')
				i++;
			if (i < n && line[i] == ' ')
				i++;
			continue;
		}
		ut_buf_putc(out, line[i++]);
	}
	ut_buf_putc(out, '\n');
}

char *my_test_dump(const char *server, const char *db)
{
	dl_url *u = NULL;
	ut_buf cmd = UT_BUF_INIT, raw = UT_BUF_INIT, out = UT_BUF_INIT;
	char chunk[4096];
	size_t n;
	FILE *p;
	int rc;

	assert_int_equal(dl_url_parse(&u, server), 0);
	/* the password goes through the environment, not the command line */
	setenv("MYSQL_PWD", u->password ? u->password : "", 1);
	ut_buf_printf(
	        &cmd,
	        "mariadb-dump --no-defaults --protocol=tcp -h '%s' -P %d -u '%s' "
	        "--no-data --routines --triggers --events --skip-comments --skip-dump-date "
	        "'%s' 2>&1",
	        u->host, u->port ? u->port : 3306, u->user ? u->user : "root",
	        db);
	p = popen(cmd.ptr, "r");
	assert_non_null(p);
	while ((n = fread(chunk, 1, sizeof(chunk), p)) > 0)
		ut_buf_put(&raw, chunk, n);
	rc = pclose(p);
	if (rc != 0)
		fail_msg("mariadb-dump failed: %s", raw.ptr);
	for (const char *s = raw.ptr; *s;) {
		const char *nl = strchr(s, '\n');
		size_t len = nl ? (size_t)(nl - s) : strlen(s);
		normalize_line(&out, s, len);
		s += len + (nl ? 1 : 0);
	}
	dl_url_free(u);
	ut_buf_release(&cmd);
	ut_buf_release(&raw);
	return ut_buf_detach(&out);
}
