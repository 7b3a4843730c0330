/* SPDX-License-Identifier: MIT */
/*
 * dialects/postgres/postgres.c: the PostgreSQL driver's connection layer
 * over libpq: URLs, statements, queries, quoting, transactions, the
 * advisory migration lock, and the clean/reset helpers for dev databases.
 * Inspection lives in inspect.c, planning in plan.c, throwaway dev
 * servers in devserver.c.
 *
 * Invariant: the password of a URL reaches libpq only through
 * PQconnectdbParams' values array; every message uses the redacted URL.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pg_int.h"
#include "ut.h"

#define DEFAULT_CONNECT_TIMEOUT "10"

extern const dl_driver dl_pg_driver;

static const char *const pg_schemes[] = { "postgres", "postgresql", NULL };
static const char *const pg_docker_images[] = { "postgres", "postgis",
						"pgvector", NULL };

bool dl_pg__system_schema(const char *name)
{
	return ut_str_prefix(name, "pg_") ||
	       strcmp(name, "information_schema") == 0;
}

/* The first line of a libpq message, without trailing blanks. */
static char *first_line(const char *msg)
{
	size_t n;

	if (!msg)
		return ut_xstrdup("unknown error");
	n = strcspn(msg, "\n");
	while (n && (msg[n - 1] == ' ' || msg[n - 1] == '\r' ||
		     msg[n - 1] == '\t'))
		n--;
	return ut_xstrndup(msg, n);
}

/*
 * The keywords libpq knows (PQconndefaults), so URL parameters that are
 * libpq settings (sslrootcert, application_name, ...) pass through and the
 * others (Go-driver ones) are left out.
 */
static bool libpq_keyword(const char *key)
{
	PQconninfoOption *opts = PQconndefaults();
	bool found = false;

	if (!opts)
		return false;
	for (PQconninfoOption *o = opts; o->keyword; o++)
		if (strcmp(o->keyword, key) == 0) {
			found = true;
			break;
		}
	PQconninfoFree(opts);
	return found;
}

typedef struct conninfo {
	UT_VEC(char *) keys; /* owned */
	UT_VEC(char *) vals; /* owned */
} conninfo;

static void ci_set(conninfo *ci, const char *key, const char *val)
{
	for (size_t i = 0; i < ci->keys.len; i++)
		if (strcmp(ci->keys.items[i], key) == 0) {
			free(ci->vals.items[i]);
			ci->vals.items[i] = ut_xstrdup(val);
			return;
		}
	ut_vec_push(&ci->keys, ut_xstrdup(key));
	ut_vec_push(&ci->vals, ut_xstrdup(val));
}

static void ci_release(conninfo *ci)
{
	for (size_t i = 0; i < ci->vals.len; i++) {
		if (ci->vals.items[i]) {
			memset(ci->vals.items[i], 0, strlen(ci->vals.items[i]));
			free(ci->vals.items[i]);
		}
	}
	for (size_t i = 0; i < ci->keys.len; i++)
		free(ci->keys.items[i]);
	ut_vec_release(&ci->keys);
	ut_vec_release(&ci->vals);
}

/* "-c search_path=<v>" with the spaces and backslashes libpq's options escape. */
static char *search_path_option(const char *v)
{
	ut_buf b = UT_BUF_INIT;

	ut_buf_puts(&b, "-c search_path=");
	for (const char *p = v; *p; p++) {
		if (*p == ' ' || *p == '\\')
			ut_buf_putc(&b, '\\');
		ut_buf_putc(&b, *p);
	}
	return ut_buf_detach(&b);
}

/* The schema a search_path binds the connection to: its first entry. */
static char *scope_of(const char *sp)
{
	const char *s = ut_str_ltrim(sp);
	size_t n;

	if (*s == '"') {
		ut_buf b = UT_BUF_INIT;
		for (s++; *s; s++) {
			if (*s == '"' && s[1] == '"')
				s++;
			else if (*s == '"')
				break;
			ut_buf_putc(&b, *s);
		}
		return ut_buf_detach(&b);
	}
	n = strcspn(s, ",");
	while (n && s[n - 1] == ' ')
		n--;
	return n ? ut_xstrndup(s, n) : NULL;
}

/* Fills ci from a postgres:// URL (query parameters included). */
static void conninfo_from_url(conninfo *ci, const dl_url *u, char **scope)
{
	const char *p = u->query;

	*scope = NULL;
	ci_set(ci, "connect_timeout", DEFAULT_CONNECT_TIMEOUT);
	ci_set(ci, "application_name", "strata");
	ci_set(ci, "client_encoding", "UTF8");
	if (u->host && *u->host)
		ci_set(ci, "host", u->host);
	if (u->port) {
		char port[16];
		snprintf(port, sizeof(port), "%d", u->port);
		ci_set(ci, "port", port);
	}
	if (u->user && *u->user)
		ci_set(ci, "user", u->user);
	/* empty: libpq's PGPASSWORD / .pgpass decide */
	if (u->password && *u->password)
		ci_set(ci, "password", u->password);
	if (u->path && *u->path)
		ci_set(ci, "dbname", u->path);
	while (*p) {
		const char *amp = strchr(p, '&');
		size_t n = amp ? (size_t)(amp - p) : strlen(p);
		size_t kl = strcspn(p, "=&");
		char *key = ut_xstrndup(p, kl < n ? kl : n);
		char *val = dl_url_param(u, key);

		if (val && strcmp(key, "search_path") == 0) {
			char *opt = search_path_option(val);
			ci_set(ci, "options", opt);
			free(opt);
			free(*scope);
			*scope = scope_of(val);
		} else if (val && strcmp(key, "password") == 0) {
			/* libpq's ?password=, when the URL has none before '@' */
			if (!(u->password && *u->password))
				ci_set(ci, "password", val);
		} else if (val && strcmp(key, "options") != 0 &&
			   libpq_keyword(key)) {
			ci_set(ci, key, val);
		}
		free(val);
		free(key);
		p += n + (amp ? 1 : 0);
	}
}

/* s with its first letter lowered unless it starts an acronym ("SSL"). */
static void put_lowered(ut_buf *b, const char *s)
{
	if (s[0] >= 'A' && s[0] <= 'Z' && !(s[1] >= 'A' && s[1] <= 'Z')) {
		ut_buf_putc(b, (char)(s[0] - 'A' + 'a'));
		s++;
	}
	ut_buf_puts(b, s);
}

/*
 * The failure of PQconnectdb as one line naming the target, with a hint
 * when the cause says what to check:
 *   cannot connect to postgres://u:xxxxx@h:1/db: connection refused
 *   hint: is the server running on h and accepting TCP/IP connections on port 1?
 * libpq's "connection to server at ..., port N failed:" and "FATAL:"
 * prefixes go (the URL says which server), so does its second line.
 */
static int connect_error(PGconn *pg, const dl_url *shown)
{
	char *line = first_line(pg ? PQerrorMessage(pg) : NULL);
	const char *cause = line, *colon;
	const char *host = pg && PQhost(pg) ? PQhost(pg) : "localhost";
	const char *port = pg && PQport(pg) && *PQport(pg) ? PQport(pg)
							   : "5432";
	bool socket = host[0] == '/';
	ut_buf msg = UT_BUF_INIT;
	int error;

	if (ut_str_prefix(cause, "connection to server ") &&
	    (colon = strstr(cause, " failed: ")))
		cause = colon + 9;
	if (ut_str_prefix(cause, "FATAL:"))
		cause = ut_str_ltrim(cause + 6);
	ut_buf_printf(&msg, "cannot connect to %s: ", shown->redacted);
	if (strstr(cause, "Connection refused")) {
		ut_buf_puts(&msg, "connection refused");
		error = ut_error_set(UT_EDB, "%s", msg.ptr);
		ut_error_hint("is the server running on %s and accepting TCP/IP connections on port %s?",
			      host, port);
	} else if (ut_str_prefix(cause, "could not translate host name")) {
		ut_buf_printf(&msg, "unknown host \"%s\"", host);
		error = ut_error_set(UT_EDB, "%s", msg.ptr);
		ut_error_hint("check the host name in the URL");
	} else if (strstr(cause, "timeout expired")) {
		ut_buf_puts(&msg, "timed out");
		error = ut_error_set(UT_EDB, "%s", msg.ptr);
		ut_error_hint("is %s reachable on port %s? a slow server may need a longer connect_timeout=<seconds> in the URL",
			      host, port);
	} else {
		put_lowered(&msg, cause);
		error = ut_error_set(UT_EDB, "%s", msg.ptr);
		if (strstr(cause, "database \"") && strstr(cause, "does not exist"))
			ut_error_hint("create the database, or correct its name in the URL path");
		else if (strstr(cause, "password authentication failed") ||
			 strstr(cause, "no password supplied") ||
			 (strstr(cause, "role \"") && strstr(cause, "does not exist")))
			ut_error_hint("check the user name and password in the URL");
		else if (strstr(cause, "does not support SSL"))
			ut_error_hint("add sslmode=disable to the URL to connect without TLS");
		else if (socket && strstr(cause, "No such file or directory"))
			ut_error_hint("is the server running locally with its socket in %s?",
				      host);
	}
	ut_buf_release(&msg);
	free(line);
	return error;
}

/* dl_interrupt's request: PQcancel is safe in a signal handler. */
static void pg_cancel(void *handle)
{
	char err[256];

	PQcancel(handle, err, sizeof(err));
}

/*
 * c->pg was replaced by a connection to another database of the server
 * (the lint replay cache's working copy, or back home from it): the
 * cancel handle follows, and a lock the session held is taken again
 * there (without waiting: on a working copy nobody else can hold it; at
 * home a command that took it meanwhile keeps it, and this session
 * carries on unlocked, as a dropped connection would).
 */
void dl_pg__swapped(dl_pg_conn *c)
{
	dl_cancel_unregister(c->cancel_slot);
	c->cancel_slot = -1;
	if (c->cancel)
		PQfreeCancel(c->cancel);
	c->cancel = c->pg ? PQgetCancel(c->pg) : NULL;
	if (c->cancel)
		c->cancel_slot = dl_cancel_register(pg_cancel, c->cancel);
	if (c->locked && c->pg) {
		const char *params[1] = { c->lock_key };
		PGresult *res = PQexecParams(
		        c->pg, "SELECT pg_try_advisory_lock($1::bigint)", 1,
		        NULL, params, NULL, NULL, 0);
		c->locked = PQresultStatus(res) == PGRES_TUPLES_OK &&
		            PQntuples(res) == 1 &&
		            PQgetvalue(res, 0, 0)[0] == 't';
		PQclear(res);
	}
}

static void ignore_notice(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

int dl_pg__connect(PGconn **out, const dl_pg_conn *c, const char *dbname)
{
	conninfo ci = { UT_VEC_INIT, UT_VEC_INIT };
	char *scope = NULL;
	PGconn *pg;
	int error = 0;

	*out = NULL;
	conninfo_from_url(&ci, c->target, &scope);
	ci_set(&ci, "dbname", dbname);
	ut_vec_push(&ci.keys, NULL);
	ut_vec_push(&ci.vals, NULL);
	pg = PQconnectdbParams((const char *const *)ci.keys.items,
			       (const char *const *)ci.vals.items, 0);
	if (!pg || PQstatus(pg) != CONNECTION_OK) {
		char *line = first_line(pg ? PQerrorMessage(pg) : NULL);
		error = ut_error_set(UT_EDB,
				     "postgres: cannot connect to database \"%s\" of %s: %s",
				     dbname, c->base.url->redacted, line);
		free(line);
		if (pg)
			PQfinish(pg);
	} else {
		PQsetNoticeProcessor(pg, ignore_notice, NULL);
		*out = pg;
	}
	free(scope);
	ci_release(&ci);
	return error;
}

static int pg_open_url(dl_conn **out, const dl_url *u, const dl_url *shown)
{
	dl_pg_conn *c = ut_xcalloc(1, sizeof(*c));
	conninfo ci = { UT_VEC_INIT, UT_VEC_INIT };
	char *scope = NULL;
	int error = 0;

	*out = NULL;
	c->base.drv = &dl_pg_driver;
	c->cancel_slot = -1;
	if ((error = dl_url_parse(&c->base.url, shown->raw)) < 0 ||
	    (error = dl_url_parse(&c->target, u->raw)) < 0)
		goto done;
	conninfo_from_url(&ci, u, &scope);
	ut_vec_push(&ci.keys, NULL);
	ut_vec_push(&ci.vals, NULL);
	c->pg = PQconnectdbParams((const char *const *)ci.keys.items,
				  (const char *const *)ci.vals.items, 0);
	if (!c->pg || PQstatus(c->pg) != CONNECTION_OK) {
		error = connect_error(c->pg, shown);
		goto done;
	}
	/* NOTICE and WARNING messages are not errors: nothing below cmd/ prints */
	PQsetNoticeProcessor(c->pg, ignore_notice, NULL);
	c->version = PQserverVersion(c->pg);
	c->home_db = ut_xstrdup(PQdb(c->pg));
	if ((c->cancel = PQgetCancel(c->pg)) != NULL)
		c->cancel_slot = dl_cancel_register(pg_cancel, c->cancel);
	c->base.schema = scope;
	scope = NULL;
	*out = &c->base;
	c = NULL;
done:
	free(scope);
	ci_release(&ci);
	if (c)
		dl_pg_driver.close(&c->base);
	return error;
}

static int pg_open(dl_conn **out, const dl_url *url)
{
	dl_url *real = NULL;
	char *raw = NULL;
	int error;

	if (!ut_str_ieq(url->scheme, "docker"))
		return pg_open_url(out, url, url);
	*out = NULL;
	if ((error = dl_pg__devserver_url(&raw, url)) < 0)
		return error;
	if ((error = dl_url_parse(&real, raw)) == 0)
		error = pg_open_url(out, real, real);
	if (error == 0) {
		/* keep the URL the user wrote */
		dl_url_free((*out)->url);
		error = dl_url_parse(&(*out)->url, url->raw);
	}
	dl_url_free(real);
	free(raw);
	return error;
}

static void pg_close(dl_conn *conn)
{
	dl_pg_conn *c = (dl_pg_conn *)conn;

	if (!c)
		return;
	/* close cannot fail: a copy left behind is swept by a later run */
	if (c->work_db && dl_pg__stash_leave(c) < 0)
		ut_error_clear();
	dl_cancel_unregister(c->cancel_slot);
	if (c->cancel)
		PQfreeCancel(c->cancel);
	for (size_t i = 0; i < c->nclean_schemas; i++)
		free(c->clean_schemas[i]);
	free(c->clean_schemas);
	if (c->pg)
		PQfinish(c->pg);
	dl_url_free(c->base.url);
	dl_url_free(c->target);
	free(c->base.schema);
	free(c->home_db);
	free(c->work_db);
	free(c);
}

/*
 * A server error as one line: "pq: <message>", then the detail and hint
 * when the server sent them (lib/pq's prefix, as Atlas prints errors).
 */
static int result_error(dl_pg_conn *c, PGresult *res)
{
	const char *msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY)
			      : NULL;
	const char *detail = res ? PQresultErrorField(res,
						      PG_DIAG_MESSAGE_DETAIL)
				 : NULL;
	const char *hint = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_HINT)
			       : NULL;
	ut_buf b = UT_BUF_INIT;
	char *line;
	int error;

	if (msg) {
		ut_buf_printf(&b, "pq: %s", msg);
	} else {
		line = first_line(PQerrorMessage(c->pg));
		ut_buf_printf(&b, "pq: %s", line);
		free(line);
	}
	if (detail && *detail) {
		line = first_line(detail);
		ut_buf_printf(&b, " (detail: %s)", line);
		free(line);
	}
	if (hint && *hint) {
		line = first_line(hint);
		ut_buf_printf(&b, " (hint: %s)", line);
		free(line);
	}
	error = ut_error_set(UT_EDB, "%s", b.ptr);
	ut_buf_release(&b);
	return error;
}

static bool result_ok(PGresult *res)
{
	ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;

	return st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK ||
	       st == PGRES_EMPTY_QUERY;
}

/*
 * Runs the text with the simple query protocol: several statements are
 * fine and run in one implicit transaction unless they manage their own.
 */
/*
 * COPY ... FROM STDIN / TO STDOUT: the data is not in the statement, so
 * the copy is ended (or read to its end) and the connection is usable
 * again; the statement fails with a message saying so, where libpq's
 * result carried none ("pq: ").
 */
static int end_copy(dl_pg_conn *c, PGresult *res)
{
	ExecStatusType st = PQresultStatus(res);
	PGresult *r;

	if (st == PGRES_COPY_IN) {
		PQputCopyEnd(c->pg, "strata runs no COPY FROM STDIN");
	} else if (st == PGRES_COPY_OUT) {
		char *buf;
		while (PQgetCopyData(c->pg, &buf, 0) > 0)
			PQfreemem(buf);
	}
	while ((r = PQgetResult(c->pg)) != NULL)
		PQclear(r);
	return ut_error_set(UT_EDB,
			    "pq: COPY %s cannot run here: its data is not part of the statement",
			    st == PGRES_COPY_IN ? "FROM STDIN" : "TO STDOUT");
}

int dl_pg__exec(dl_conn *conn, const char *sql, size_t len)
{
	dl_pg_conn *c = (dl_pg_conn *)conn;
	char *text = ut_xstrndup(sql, len);
	PGresult *res = PQexec(c->pg, text);
	int error = 0;

	if (res && (PQresultStatus(res) == PGRES_COPY_IN ||
		    PQresultStatus(res) == PGRES_COPY_OUT))
		error = end_copy(c, res);
	else if (!result_ok(res))
		error = result_error(c, res);
	PQclear(res);
	free(text);
	return error;
}

int dl_pg__query(dl_conn *conn, const char *sql, const char *const *params,
		 size_t nparams, dl_row_fn fn, void *payload)
{
	dl_pg_conn *c = (dl_pg_conn *)conn;
	const char *small[32];
	const char **vals = small;
	PGresult *res;
	int error = 0, rows, cols;

	if (nparams > 65535)
		return ut_error_set(UT_EDB, "query has too many parameters");
	res = PQexecParams(c->pg, sql, (int)nparams, NULL, params, NULL, NULL,
			   0);
	if (!result_ok(res)) {
		error = result_error(c, res);
		goto done;
	}
	if (!fn || PQresultStatus(res) != PGRES_TUPLES_OK)
		goto done;
	rows = PQntuples(res);
	cols = PQnfields(res);
	if ((size_t)cols > UT_ARRAY_SIZE(small))
		vals = ut_xcalloc((size_t)cols, sizeof(*vals));
	for (int r = 0; r < rows; r++) {
		for (int k = 0; k < cols; k++)
			vals[k] = PQgetisnull(res, r, k) ? NULL
							 : PQgetvalue(res, r, k);
		if ((error = fn(vals, (size_t)cols, payload)) < 0)
			break;
	}
done:
	if (vals != small)
		free(vals);
	PQclear(res);
	return error;
}

void dl_pg__quote_ident(ut_buf *b, const char *name)
{
	ut_buf_putc(b, '"');
	for (const char *p = name; *p; p++) {
		if (*p == '"')
			ut_buf_putc(b, '"');
		ut_buf_putc(b, *p);
	}
	ut_buf_putc(b, '"');
}

/* One identifier as PostgreSQL prints it ("x" or bare) at p: its length. */
static size_t ident_len(const char *p)
{
	size_t i = 0;

	if (p[0] == '"') {
		for (i = 1; p[i]; i++) {
			if (p[i] == '"' && p[i + 1] == '"')
				i++;
			else if (p[i] == '"')
				return i + 1;
		}
		return i;
	}
	while (p[i] == '_' || p[i] == '$' || (p[i] >= 'a' && p[i] <= 'z') ||
	       (p[i] >= 'A' && p[i] <= 'Z') || (p[i] >= '0' && p[i] <= '9') ||
	       (unsigned char)p[i] >= 0x80)
		i++;
	return i;
}

bool dl_pg__routine_head(const char *def, size_t *qual_at, size_t *name_at)
{
	static const char *const heads[] = {
		"CREATE OR REPLACE FUNCTION ",
		"CREATE OR REPLACE PROCEDURE ",
		"CREATE OR REPLACE AGGREGATE ",
	};
	size_t at = 0, n;

	for (size_t i = 0; i < UT_ARRAY_SIZE(heads) && !at; i++)
		if (def && ut_str_prefix(def, heads[i]))
			at = strlen(heads[i]);
	if (!at)
		return false;
	*qual_at = *name_at = at;
	n = ident_len(def + at);
	if (n && def[at + n] == '.')
		*name_at = at + n + 1;
	return ident_len(def + *name_at) > 0;
}

/*
 * A string literal. With a backslash inside, the E'' form is used so the
 * text means the same whatever standard_conforming_strings says.
 */
void dl_pg__quote_literal(ut_buf *b, const char *value)
{
	bool bs = strchr(value, '\\') != NULL;

	if (bs)
		ut_buf_putc(b, 'E');
	ut_buf_putc(b, '\'');
	for (const char *p = value; *p; p++) {
		if (*p == '\'' || (bs && *p == '\\'))
			ut_buf_putc(b, *p);
		ut_buf_putc(b, *p);
	}
	ut_buf_putc(b, '\'');
}

static int pg_exec(dl_conn *c, const char *sql, size_t len)
{
	return dl_pg__exec(c, sql, len);
}

static int pg_begin(dl_conn *c)
{
	return dl_pg__exec(c, "BEGIN", 5);
}

static int pg_commit(dl_conn *c)
{
	return dl_pg__exec(c, "COMMIT", 6);
}

static int pg_rollback(dl_conn *c)
{
	return dl_pg__exec(c, "ROLLBACK", 8);
}

/* ---- the migration lock ----------------------------------------------- */

static void sleep_ns(int64_t ns)
{
	struct timespec ts;

	ts.tv_sec = (time_t)(ns / 1000000000);
	ts.tv_nsec = (long)(ns % 1000000000);
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static int bool_row(const char *const *v, size_t n, void *payload)
{
	*(bool *)payload = n > 0 && v[0] && strcmp(v[0], "t") == 0;
	return 0;
}

/*
 * Atlas's scheme (reference 3.2): the key is the 32-bit FNV-1 hash of the
 * name, taken as an unsigned number (a bigint key), polled with
 * pg_try_advisory_lock every 25ms doubling up to 1s, so that a session
 * building an index CONCURRENTLY never waits on us inside the server.
 */
static int pg_lock(dl_conn *conn, const char *name, int64_t timeout_ns)
{
	dl_pg_conn *c = (dl_pg_conn *)conn;
	char key[24];
	const char *params[1] = { key };
	int64_t deadline, delay = 25000000;
	int error;

	snprintf(key, sizeof(key), "%lu", (unsigned long)ut_fnv1_32(name));
	if (c->locked) {
		if (strcmp(key, c->lock_key) == 0)
			return 0;
		return ut_error_set(UT_ERROR,
				    "acquiring database lock: connection already holds another lock");
	}
	deadline = ut_now_ns() + (timeout_ns > 0 ? timeout_ns : 0);
	for (;;) {
		bool got = false;
		int64_t now;

		error = dl_pg__query(conn,
				     "SELECT pg_try_advisory_lock($1::bigint)",
				     params, 1, bool_row, &got);
		if (error < 0) {
			ut_error_wrap("acquiring database lock");
			return error;
		}
		if (got)
			break;
		now = ut_now_ns();
		if (now >= deadline) {
			ut_buf d = UT_BUF_INIT;
			ut_duration_format(&d, timeout_ns > 0 ? timeout_ns : 0);
			error = ut_error_set(UT_ELOCKED,
					     "acquiring database lock: timed out after %s",
					     d.ptr);
			ut_buf_release(&d);
			return error;
		}
		sleep_ns(UT_MIN(delay, deadline - now));
		delay = UT_MIN(delay * 2, 1000000000);
	}
	c->locked = true;
	memcpy(c->lock_key, key, sizeof(key));
	return 0;
}

static int pg_unlock(dl_conn *conn, const char *name)
{
	dl_pg_conn *c = (dl_pg_conn *)conn;
	const char *params[1] = { c->lock_key };
	bool released = false;
	int error;

	(void)name;
	if (!c->locked)
		return ut_error_set(UT_ERROR,
				    "releasing database lock: the lock is not held");
	error = dl_pg__query(conn, "SELECT pg_advisory_unlock($1::bigint)",
			     params, 1, bool_row, &released);
	c->locked = false;
	if (error < 0)
		return ut_error_wrap("releasing database lock");
	if (!released)
		return ut_error_set(UT_ERROR,
				    "releasing database lock: the lock was not held by this session");
	return 0;
}

/* ---- clean and reset -------------------------------------------------- */

/* Objects created by an extension are the extension's, not the user's. */
#define NOT_EXT_MEMBER(cls, oid)                                              \
	"NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend dx WHERE dx.classid = " \
	"'pg_catalog." cls "'::regclass AND dx.objid = " oid                    \
	" AND dx.deptype = 'e')"

#define USER_SCHEMA(n)                                                        \
	n ".nspname NOT IN ('information_schema', 'pg_catalog', 'pg_toast') AND " \
	n ".nspname NOT LIKE 'pg\\_temp\\_%' AND " n                            \
	".nspname NOT LIKE 'pg\\_toast\\_temp\\_%'"

/*
 * Objects of one schema, tables first (in creation order), then views,
 * types, sequences and routines: kind, name, the DROP keyword and the
 * object's name for that DROP (routines with their argument types).
 */
static const char schema_objects_sql[] =
	"SELECT kind, name, drop_kw, drop_name FROM ("
	" SELECT CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view'"
	"  WHEN 'S' THEN 'sequence' WHEN 'f' THEN 'foreign table' ELSE 'table' END AS kind,"
	"  c.relname::text AS name,"
	"  CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'"
	"  WHEN 'S' THEN 'SEQUENCE' WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END AS drop_kw,"
	"  format('%I.%I', n.nspname, c.relname) AS drop_name,"
	"  CASE c.relkind WHEN 'v' THEN 1 WHEN 'm' THEN 1 WHEN 'S' THEN 3 ELSE 0 END AS ord,"
	"  c.oid::int8 AS o"
	" FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
	" WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')"
	" AND NOT c.relispartition AND " NOT_EXT_MEMBER("pg_class", "c.oid")
	" AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_catalog.pg_depend d"
	"  WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid"
	"  AND d.refclassid = 'pg_catalog.pg_class'::regclass AND d.deptype IN ('a', 'i')))"
	" UNION ALL"
	" SELECT CASE t.typtype WHEN 'd' THEN 'domain' ELSE 'type' END,"
	"  t.typname::text, CASE t.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END,"
	"  format('%I.%I', n.nspname, t.typname), 2, t.oid::int8"
	" FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace"
	" WHERE n.nspname = $1 AND (t.typtype IN ('e', 'd', 'r') OR (t.typtype = 'c' AND"
	"  (SELECT r.relkind FROM pg_catalog.pg_class r WHERE r.oid = t.typrelid) = 'c'))"
	" AND " NOT_EXT_MEMBER("pg_type", "t.oid")
	" UNION ALL"
	" SELECT CASE p.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate' ELSE 'function' END,"
	"  p.proname::text, CASE p.prokind WHEN 'p' THEN 'PROCEDURE' WHEN 'a' THEN 'AGGREGATE'"
	"  ELSE 'FUNCTION' END,"
	"  format('%I.%I(%s)', n.nspname, p.proname, pg_catalog.pg_get_function_identity_arguments(p.oid)),"
	"  4, p.oid::int8"
	" FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace"
	" WHERE n.nspname = $1 AND " NOT_EXT_MEMBER("pg_proc", "p.oid")
	") x ORDER BY ord, o";

typedef struct clean_ctx {
	const char *ignore;
	int error;
} clean_ctx;

static int clean_row(const char *const *v, size_t n, void *payload)
{
	clean_ctx *x = payload;
	ut_buf q = UT_BUF_INIT;

	(void)n;
	if (x->ignore && strcmp(v[0], "table") == 0 &&
	    strcmp(v[1], x->ignore) == 0)
		return 0;
	ut_buf_quote(&q, v[1]);
	x->error = ut_error_set(UT_EEXISTS,
				"connected database is not clean: found %s %s",
				v[0], q.ptr);
	ut_buf_release(&q);
	return x->error;
}

typedef struct name_list {
	UT_VEC(char *) items;
} name_list;

static int names_row(const char *const *v, size_t n, void *payload)
{
	name_list *l = payload;

	(void)n;
	ut_vec_push(&l->items, ut_xstrdup(v[0] ? v[0] : ""));
	return 0;
}

static void names_release(name_list *l)
{
	for (size_t i = 0; i < l->items.len; i++)
		free(l->items.items[i]);
	ut_vec_release(&l->items);
}

static const char user_schemas_sql[] =
	"SELECT n.nspname FROM pg_catalog.pg_namespace n WHERE " USER_SCHEMA("n")
	" AND " NOT_EXT_MEMBER("pg_namespace", "n.oid") " ORDER BY n.nspname";

/*
 * A schema-bound connection: nothing but the ignored table may live in the
 * schema. The whole database: no schema but an empty "public" and the
 * revisions schema (ignore) may exist.
 */
static int pg_check_clean(dl_conn *conn, const char *ignore)
{
	clean_ctx x = { ignore, 0 };
	name_list schemas = { UT_VEC_INIT };
	int error;

	if (conn->schema) {
		dl_pg_conn *c = (dl_pg_conn *)conn;
		const char *params[1] = { conn->schema };
		if ((error = dl_pg__query(conn, schema_objects_sql, params, 1,
					  clean_row, &x)) < 0)
			return error;
		if ((error = dl_pg__query(conn, user_schemas_sql, NULL, 0,
					  names_row, &schemas)) < 0)
			return error;
		for (size_t i = 0; i < c->nclean_schemas; i++)
			free(c->clean_schemas[i]);
		free(c->clean_schemas);
		c->clean_schemas = schemas.items.items;
		c->nclean_schemas = schemas.items.len;
		c->clean_known = true;
		return 0;
	}
	if ((error = dl_pg__query(conn, user_schemas_sql, NULL, 0, names_row,
				  &schemas)) < 0)
		goto done;
	for (size_t i = 0; i < schemas.items.len; i++) {
		const char *s = schemas.items.items[i];
		const char *params[1] = { s };
		ut_buf q = UT_BUF_INIT;

		if (ignore && strcmp(s, ignore) == 0)
			continue;
		if (strcmp(s, "public") == 0) {
			if ((error = dl_pg__query(conn, schema_objects_sql,
						  params, 1, clean_row, &x)) < 0)
				goto done;
			continue;
		}
		ut_buf_quote(&q, s);
		error = ut_error_set(UT_EEXISTS,
				     "connected database is not clean: found schema %s",
				     q.ptr);
		ut_buf_release(&q);
		goto done;
	}
done:
	names_release(&schemas);
	return error;
}

static int drop_row(const char *const *v, size_t n, void *payload)
{
	ut_buf *b = payload;

	(void)n;
	ut_buf_printf(b, "DROP %s IF EXISTS %s CASCADE;\n", v[2], v[3]);
	return 0;
}

/*
 * Drops everything: in a bound schema each object (CASCADE, the schema
 * itself stays); in the whole database every user schema, then an empty
 * "public" is made again. Extensions installed in a dropped schema go
 * with it.
 */
static int pg_reset(dl_conn *conn)
{
	name_list schemas = { UT_VEC_INIT };
	ut_buf sql = UT_BUF_INIT;
	int error;

	/* on a stash copy: back home, the copy goes whole */
	if ((error = dl_pg__stash_leave((dl_pg_conn *)conn)) < 0)
		goto done;
	/*
	 * A transaction a loaded file left open (BEGIN without COMMIT, or
	 * failed inside it) ends; settings it made (pg_dump's empty
	 * search_path) go back to the connection's own, or the next file
	 * loaded on this dev connection inherits them.
	 */
	if (PQtransactionStatus(((dl_pg_conn *)conn)->pg) != PQTRANS_IDLE &&
	    (error = dl_pg__exec(conn, "ROLLBACK", 8)) < 0)
		goto done;
	if ((error = dl_pg__exec(conn, "RESET ALL", 9)) < 0)
		goto done;

	if (conn->schema) {
		dl_pg_conn *c = (dl_pg_conn *)conn;
		const char *params[1] = { conn->schema };
		if ((error = dl_pg__query(conn, schema_objects_sql, params, 1,
					  drop_row, &sql)) < 0)
			goto done;
		if (c->clean_known) {
			/* schemas the loaded state created beside the bound one */
			if ((error = dl_pg__query(conn, user_schemas_sql, NULL, 0,
						  names_row, &schemas)) < 0)
				goto done;
			for (size_t i = 0; i < schemas.items.len; i++) {
				const char *sn = schemas.items.items[i];
				bool was = strcmp(sn, conn->schema) == 0;
				for (size_t j = 0; j < c->nclean_schemas && !was; j++)
					was = strcmp(sn, c->clean_schemas[j]) == 0;
				if (was)
					continue;
				ut_buf_puts(&sql, "DROP SCHEMA IF EXISTS ");
				dl_pg__quote_ident(&sql, sn);
				ut_buf_puts(&sql, " CASCADE;\n");
			}
			names_release(&schemas);
		}
		error = dl_pg__query(conn,
				     "SELECT format('DROP EXTENSION IF EXISTS %I CASCADE;', e.extname) "
				     "FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n "
				     "ON n.oid = e.extnamespace WHERE n.nspname = $1",
				     params, 1, names_row, &schemas);
		if (error < 0)
			goto done;
	} else {
		if ((error = dl_pg__query(conn, user_schemas_sql, NULL, 0,
					  names_row, &schemas)) < 0)
			goto done;
		for (size_t i = 0; i < schemas.items.len; i++) {
			const char *s = schemas.items.items[i];
			if (strcmp(s, "public") == 0) {
				/* emptied, not dropped: its owner, rights and comment stay */
				const char *params[1] = { s };
				error = dl_pg__query(conn, schema_objects_sql,
						     params, 1, drop_row, &sql);
				if (error < 0)
					goto done;
			} else {
				ut_buf_puts(&sql, "DROP SCHEMA IF EXISTS ");
				dl_pg__quote_ident(&sql, s);
				ut_buf_puts(&sql, " CASCADE;\n");
			}
			free(schemas.items.items[i]);
		}
		schemas.items.len = 0;
		ut_buf_puts(&sql, "CREATE SCHEMA IF NOT EXISTS public;\n");
		error = dl_pg__query(conn,
				     "SELECT format('DROP EXTENSION IF EXISTS %I CASCADE;', e.extname) "
				     "FROM pg_catalog.pg_extension e WHERE e.extname <> 'plpgsql'",
				     NULL, 0, names_row, &schemas);
		if (error < 0)
			goto done;
	}
	for (size_t i = 0; i < schemas.items.len; i++) {
		ut_buf_puts(&sql, schemas.items.items[i]);
		ut_buf_putc(&sql, '\n');
	}
	error = dl_pg__exec(conn, sql.ptr, sql.len);
	if (error < 0)
		ut_error_wrap("cleaning the database");
done:
	names_release(&schemas);
	ut_buf_release(&sql);
	return error;
}

const dl_driver dl_pg_driver = {
	.name = "postgres",
	.schemes = pg_schemes,
	.docker_images = pg_docker_images,
	.open = pg_open,
	.close = pg_close,
	.exec = pg_exec,
	.query = dl_pg__query,
	.inspect = dl_pg__inspect,
	.plan = dl_pg__plan,
	.quote_ident = dl_pg__quote_ident,
	.quote_literal = dl_pg__quote_literal,
	.lock = pg_lock,
	.unlock = pg_unlock,
	.begin = pg_begin,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.check_clean = pg_check_clean,
	.reset = pg_reset,
	.stash_list = dl_pg__stash_list,
	.stash_save = dl_pg__stash_save,
	.stash_load = dl_pg__stash_load,
	.stash_drop = dl_pg__stash_drop,
};
