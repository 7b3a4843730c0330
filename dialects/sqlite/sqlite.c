/* SPDX-License-Identifier: MIT */
/*
 * dialects/sqlite/sqlite.c: the SQLite driver's connection layer: URLs,
 * statements, quoting, transactions, the migration lock file, and the
 * clean/reset helpers for dev databases. Inspection lives in inspect.c,
 * planning in plan.c.
 *
 * URLs follow Atlas (reference 6.4): the DSN is the text after
 * "sqlite://"; Go-driver parameters (those starting with '_') are taken
 * out before SQLite sees the DSN, and the ones that mean something here
 * (_fk, _busy_timeout, _pragma, ...) become PRAGMAs after the open.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "sqlite_int.h"
#include "ut.h"

#define DEFAULT_BUSY_MS 5000

extern const dl_driver dl_sqlite_driver;

static const char *const sqlite_schemes[] = { "sqlite", "sqlite3", NULL };

int dl_sqlite__error(dl_sqlite_conn *c, const char *what)
{
	const char *msg = c && c->db ? sqlite3_errmsg(c->db) : "out of memory";

	if (what)
		return ut_error_set(UT_EDB, "%s: %s", what, msg);
	return ut_error_set(UT_EDB, "%s", msg);
}

/*
 * Go-driver parameters that map to a PRAGMA (mattn/go-sqlite3 names and
 * their short aliases). bool = the value is a go-sqlite3 boolean.
 */
static const struct {
	const char *param;
	const char *pragma;
	bool boolean;
} go_pragmas[] = {
	{ "_fk", "foreign_keys", true },
	{ "_foreign_keys", "foreign_keys", true },
	{ "_defer_fk", "defer_foreign_keys", true },
	{ "_defer_foreign_keys", "defer_foreign_keys", true },
	{ "_journal", "journal_mode", false },
	{ "_journal_mode", "journal_mode", false },
	{ "_sync", "synchronous", false },
	{ "_synchronous", "synchronous", false },
	{ "_locking", "locking_mode", false },
	{ "_locking_mode", "locking_mode", false },
	{ "_vacuum", "auto_vacuum", false },
	{ "_auto_vacuum", "auto_vacuum", false },
	{ "_cslike", "case_sensitive_like", true },
	{ "_case_sensitive_like", "case_sensitive_like", true },
	{ "_ignore_check_constraints", "ignore_check_constraints", true },
	{ "_rt", "recursive_triggers", true },
	{ "_recursive_triggers", "recursive_triggers", true },
	{ "_secure_delete", "secure_delete", false },
	{ "_query_only", "query_only", true },
	{ "_cache_size", "cache_size", false },
};

/* A PRAGMA value from a URL may only be a plain word or number. */
static bool plain_value(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!(isalnum((unsigned char)*s) || *s == '_' || *s == '-' ||
		      *s == '+'))
			return false;
	return true;
}

static int go_bool(const char *v, bool *out)
{
	static const char *const yes[] = { "1", "yes", "true", "on" };
	static const char *const no[] = { "0", "no", "false", "off" };

	for (size_t i = 0; i < UT_ARRAY_SIZE(yes); i++) {
		if (ut_str_ieq(v, yes[i])) {
			*out = true;
			return 0;
		}
		if (ut_str_ieq(v, no[i])) {
			*out = false;
			return 0;
		}
	}
	return -1;
}

static char *url_unescape(const char *s, size_t n)
{
	ut_buf b = UT_BUF_INIT;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '%' && i + 2 < n &&
		    isxdigit((unsigned char)s[i + 1]) &&
		    isxdigit((unsigned char)s[i + 2])) {
			char hex[3] = { s[i + 1], s[i + 2], 0 };
			ut_buf_putc(&b, (char)strtol(hex, NULL, 16));
			i += 2;
		} else if (s[i] == '+') {
			ut_buf_putc(&b, ' ');
		} else {
			ut_buf_putc(&b, s[i]);
		}
	}
	return ut_buf_detach(&b);
}

/* What a DSN becomes: the URI given to SQLite and the PRAGMAs to run. */
typedef struct dsn_parts {
	ut_buf uri;
	ut_buf pragmas; /* "PRAGMA x = y;" statements */
	int busy_ms;
} dsn_parts;

/* Turns one Go-driver parameter into a PRAGMA (or the busy timeout). */
static int go_param(dsn_parts *d, const char *key, const char *val)
{
	int64_t ms;
	bool on;

	if (!strcmp(key, "_busy_timeout") || !strcmp(key, "_timeout")) {
		if (ut_str_to_i64(&ms, val) < 0 || ms < 0 || ms > INT_MAX)
			return ut_error_set(
			        UT_EUSAGE,
			        "invalid sqlite URL parameter '%s': '%s' is not a number of milliseconds",
			        key, val);
		d->busy_ms = (int)ms;
		return 0;
	}
	if (!strcmp(key, "_pragma")) {
		/* modernc.org/sqlite: _pragma=name(value) or name=value */
		for (const char *p = val; *p; p++)
			if (!(isalnum((unsigned char)*p) ||
			      strchr("_-+()= ", *p)))
				return ut_error_set(
				        UT_EUSAGE,
				        "invalid sqlite URL parameter '_pragma': '%s'",
				        val);
		ut_buf_printf(&d->pragmas, "PRAGMA %s;", val);
		return 0;
	}
	for (size_t i = 0; i < UT_ARRAY_SIZE(go_pragmas); i++) {
		if (strcmp(key, go_pragmas[i].param))
			continue;
		if (go_pragmas[i].boolean) {
			if (go_bool(val, &on) < 0)
				return ut_error_set(
				        UT_EUSAGE,
				        "invalid sqlite URL parameter '%s': '%s' is not a boolean",
				        key, val);
			ut_buf_printf(&d->pragmas, "PRAGMA %s = %s;",
			              go_pragmas[i].pragma, on ? "on" : "off");
		} else {
			if (!plain_value(val))
				return ut_error_set(
				        UT_EUSAGE,
				        "invalid sqlite URL parameter '%s': '%s'",
				        key, val);
			ut_buf_printf(&d->pragmas, "PRAGMA %s = %s;",
			              go_pragmas[i].pragma, val);
		}
		return 0;
	}
	/* other Go-driver parameters (_loc, _txlock, _auth...) mean nothing
	 * here */
	return 0;
}

/*
 * Splits dsn into the URI for sqlite3_open_v2 and the PRAGMAs. A DSN that
 * is not already a "file:" URI becomes one: its path is taken literally
 * (as SQLite does without URI processing), so '%' and '#' are escaped.
 */
static int dsn_parse(dsn_parts *d, const char *dsn)
{
	const char *q = strchr(dsn, '?');
	size_t plen = q ? (size_t)(q - dsn) : strlen(dsn);
	bool first = true;
	int error = 0;

	d->busy_ms = DEFAULT_BUSY_MS;
	if (plen >= 5 && !strncmp(dsn, "file:", 5)) {
		ut_buf_put(&d->uri, dsn, plen);
	} else if (plen == 8 && !strncmp(dsn, ":memory:", 8)) {
		ut_buf_puts(&d->uri, "file::memory:");
	} else {
		ut_buf_puts(&d->uri,
		            plen && dsn[0] == '/' ? "file://" : "file:");
		for (size_t i = 0; i < plen; i++) {
			if (dsn[i] == '%')
				ut_buf_puts(&d->uri, "%25");
			else if (dsn[i] == '#')
				ut_buf_puts(&d->uri, "%23");
			else
				ut_buf_putc(&d->uri, dsn[i]);
		}
	}
	for (const char *p = q ? q + 1 : NULL; p && *p;) {
		const char *amp = strchr(p, '&');
		size_t n = amp ? (size_t)(amp - p) : strlen(p);
		const char *eq = memchr(p, '=', n);
		size_t kl = eq ? (size_t)(eq - p) : n;

		if (n && p[0] == '_') {
			char *key = url_unescape(p, kl);
			char *val = eq ? url_unescape(eq + 1, n - kl - 1)
			               : ut_xstrdup("");
			error = go_param(d, key, val);
			free(key);
			free(val);
			if (error < 0)
				return error;
		} else if (n) {
			ut_buf_putc(&d->uri, first ? '?' : '&');
			ut_buf_put(&d->uri, p, n);
			first = false;
		}
		p += n + (amp ? 1 : 0);
	}
	return 0;
}

/* The DSN for messages: password parameters hidden (dl_url redacted). */
static const char *shown_dsn(const dl_sqlite_conn *c)
{
	const char *r = c->base.url->redacted, *s = strstr(r, "://");

	return s ? s + 3 : r;
}

/* dl_interrupt's request (the sqlite3 shell calls it from its handler). */
static void sqlite_cancel(void *handle)
{
	sqlite3_interrupt(handle);
}

static int sqlite_open(dl_conn **out, const dl_url *url)
{
	dl_sqlite_conn *c = ut_xcalloc(1, sizeof(*c));
	dsn_parts d = { UT_BUF_INIT, UT_BUF_INIT, 0 };
	const char *dsn = strstr(url->raw, "://");
	const char *file;
	int error, rc;

	*out = NULL;
	c->lock_fd = -1;
	c->cancel_slot = -1;
	c->base.drv = &dl_sqlite_driver;
	c->base.schema = ut_xstrdup("main");
	if ((error = dl_url_parse(&c->base.url, url->raw)) < 0)
		goto done;
	c->dsn = ut_xstrdup(dsn ? dsn + 3 : url->raw);
	if ((error = dsn_parse(&d, c->dsn)) < 0)
		goto done;
	rc = sqlite3_open_v2(d.uri.ptr, &c->db,
	                     SQLITE_OPEN_URI | SQLITE_OPEN_READWRITE |
	                             SQLITE_OPEN_CREATE,
	                     NULL);
	if (rc != SQLITE_OK) {
		error = ut_error_set(
		        UT_EDB, "cannot open sqlite database '%s': %s",
		        shown_dsn(c),
		        c->db ? sqlite3_errmsg(c->db) : sqlite3_errstr(rc));
		goto done;
	}
	sqlite3_extended_result_codes(c->db, 1);
	sqlite3_busy_timeout(c->db, d.busy_ms);
	c->cancel_slot = dl_cancel_register(sqlite_cancel, c->db);
	file = sqlite3_db_filename(c->db, "main");
	c->memory = !file || !*file;
	if (d.pragmas.len && (error = dl_sqlite__exec(&c->base, d.pragmas.ptr,
	                                              d.pragmas.len)) < 0) {
		ut_error_wrap("cannot open sqlite database '%s'", shown_dsn(c));
		goto done;
	}
	*out = &c->base;
	c = NULL;
done:
	ut_buf_release(&d.uri);
	ut_buf_release(&d.pragmas);
	if (c)
		c->base.drv->close(&c->base);
	return error;
}

static int sqlite_unlock(dl_conn *conn, const char *name);

static void sqlite_close(dl_conn *conn)
{
	dl_sqlite_conn *c = (dl_sqlite_conn *)conn;

	if (!c)
		return;
	if (c->lock_fd >= 0)
		sqlite_unlock(conn, NULL);
	dl_cancel_unregister(c->cancel_slot);
	if (c->db)
		sqlite3_close_v2(c->db);
	dl_url_free(c->base.url);
	free(c->base.schema);
	free(c->dsn);
	free(c->lock_path);
	free(c);
}

/* Skips blanks and SQL comments; returns the first byte of content. */
static const char *skip_blank(const char *p, const char *end)
{
	while (p < end) {
		if (isspace((unsigned char)*p)) {
			p++;
		} else if (p + 1 < end && p[0] == '-' && p[1] == '-') {
			while (p < end && *p != '\n')
				p++;
		} else if (p + 1 < end && p[0] == '/' && p[1] == '*') {
			p += 2;
			while (p + 1 < end && !(p[0] == '*' && p[1] == '/'))
				p++;
			p = p + 1 < end ? p + 2 : end;
		} else {
			break;
		}
	}
	return p;
}

/*
 * Whether another statement follows the one starting at p: a ";" outside
 * strings, quoted names and comments, then more than blanks.
 */
static bool more_stmts(const char *p, const char *end)
{
	while (p < end) {
		char c = *p;
		if (c == '\'' || c == '"' || c == '`' || c == '[') {
			char close = c == '[' ? ']' : c;
			for (p++; p < end && *p != close; p++)
				;
			p++;
		} else if (c == '-' && p + 1 < end && p[1] == '-') {
			while (p < end && *p != '\n')
				p++;
		} else if (c == '/' && p + 1 < end && p[1] == '*') {
			p = skip_blank(p, end);
		} else if (c == ';') {
			return skip_blank(p + 1, end) < end;
		} else {
			p++;
		}
	}
	return false;
}

static int line_of(const char *sql, const char *at)
{
	int line = 1;

	for (const char *p = sql; p < at; p++)
		if (*p == '\n')
			line++;
	return line;
}

/*
 * Runs every statement of the text to completion, rows ignored. When the
 * text holds several statements, the error names the line of the failing
 * one.
 */
int dl_sqlite__exec(dl_conn *conn, const char *sql, size_t len)
{
	dl_sqlite_conn *c = (dl_sqlite_conn *)conn;
	const char *p = sql, *end = sql + len;
	int n = 0;

	while ((p = skip_blank(p, end)) < end) {
		sqlite3_stmt *st = NULL;
		const char *tail = NULL, *msg;
		size_t left = (size_t)(end - p);
		int rc;

		if (left > INT_MAX)
			return ut_error_set(UT_EDB, "SQL text too long");
		rc = sqlite3_prepare_v2(c->db, p, (int)left, &st, &tail);
		if (rc == SQLITE_OK && st) {
			while ((rc = sqlite3_step(st)) == SQLITE_ROW)
				;
			if (rc == SQLITE_DONE)
				rc = SQLITE_OK;
		}
		if (rc != SQLITE_OK) {
			/* the message belongs to the db until the next call */
			msg = sqlite3_errmsg(c->db);
			if (n > 0 || more_stmts(p, end))
				ut_error_set(UT_EDB, "line %d: %s",
				             line_of(sql, p), msg);
			else
				ut_error_set(UT_EDB, "%s", msg);
			sqlite3_finalize(st);
			return UT_EDB;
		}
		sqlite3_finalize(st);
		n++;
		if (!tail || tail <= p)
			break;
		p = tail;
	}
	return 0;
}

/*
 * Binds params as text: $N placeholders by their number, the others
 * (?, ?N, :name) by position.
 */
static int bind_params(dl_sqlite_conn *c, sqlite3_stmt *st,
                       const char *const *params, size_t nparams)
{
	int count = sqlite3_bind_parameter_count(st);

	for (size_t i = 0; i < nparams; i++) {
		char name[32];
		int idx, rc;

		snprintf(name, sizeof(name), "$%zu", i + 1);
		idx = sqlite3_bind_parameter_index(st, name);
		if (!idx)
			idx = (int)i + 1;
		if (idx > count)
			return ut_error_set(
			        UT_EDB, "query has %d parameters, %zu given",
			        count, nparams);
		rc = params[i] ? sqlite3_bind_text(st, idx, params[i], -1,
		                                   SQLITE_TRANSIENT)
		               : sqlite3_bind_null(st, idx);
		if (rc != SQLITE_OK)
			return dl_sqlite__error(c, NULL);
	}
	return 0;
}

int dl_sqlite__query(dl_conn *conn, const char *sql, const char *const *params,
                     size_t nparams, dl_row_fn fn, void *payload)
{
	dl_sqlite_conn *c = (dl_sqlite_conn *)conn;
	sqlite3_stmt *st = NULL;
	const char *small[16];
	const char **vals = small;
	size_t n = 0;
	int error = 0, rc;

	if (sqlite3_prepare_v2(c->db, sql, -1, &st, NULL) != SQLITE_OK) {
		error = dl_sqlite__error(c, NULL);
		goto done;
	}
	if (!st)
		goto done; /* only blanks and comments */
	if ((error = bind_params(c, st, params, nparams)) < 0)
		goto done;
	n = (size_t)sqlite3_column_count(st);
	if (n > UT_ARRAY_SIZE(small))
		vals = ut_xcalloc(n, sizeof(*vals));
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (size_t i = 0; i < n; i++)
			vals[i] = sqlite3_column_type(st, (int)i) == SQLITE_NULL
			                  ? NULL
			                  : (const char *)sqlite3_column_text(
			                            st, (int)i);
		if (fn && (error = fn(vals, n, payload)) < 0)
			goto done;
	}
	if (rc != SQLITE_DONE)
		error = dl_sqlite__error(c, NULL);
done:
	if (vals != small)
		free(vals);
	sqlite3_finalize(st);
	return error;
}

void dl_sqlite__quote_ident(ut_buf *b, const char *name)
{
	ut_buf_putc(b, '`');
	for (const char *p = name; *p; p++) {
		if (*p == '`')
			ut_buf_putc(b, '`');
		ut_buf_putc(b, *p);
	}
	ut_buf_putc(b, '`');
}

void dl_sqlite__quote_literal(ut_buf *b, const char *value)
{
	ut_buf_putc(b, '\'');
	for (const char *p = value; *p; p++) {
		if (*p == '\'')
			ut_buf_putc(b, '\'');
		ut_buf_putc(b, *p);
	}
	ut_buf_putc(b, '\'');
}

static int sqlite_begin(dl_conn *c)
{
	return dl_sqlite__exec(c, "BEGIN", 5);
}

static int sqlite_commit(dl_conn *c)
{
	return dl_sqlite__exec(c, "COMMIT", 6);
}

static int sqlite_rollback(dl_conn *c)
{
	return dl_sqlite__exec(c, "ROLLBACK", 8);
}

static uint32_t adler32(const char *s)
{
	uint32_t a = 1, b = 0;

	for (; *s; s++) {
		a = (a + (unsigned char)*s) % 65521;
		b = (b + a) % 65521;
	}
	return (b << 16) | a;
}

static void sleep_ns(int64_t ns)
{
	struct timespec ts;

	ts.tv_sec = (time_t)(ns / 1000000000);
	ts.tv_nsec = (long)(ns % 1000000000);
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/*
 * Tries once to take the lock file: an exclusive flock on a file that is
 * still the one at path (a holder unlinks it on release, so a lock won on
 * an unlinked file is worthless and we start over). 1 = taken, 0 = held
 * elsewhere, < 0 = error.
 */
static int lock_try(int *fd_out, const char *path)
{
	for (int tries = 0; tries < 100; tries++) {
		struct stat a, b;
		int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);

		if (fd < 0)
			return ut_error_errno(
			        "acquiring database lock: cannot open '%s'",
			        path);
		if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
			int e = errno;
			close(fd);
			if (e == EWOULDBLOCK || e == EINTR)
				return 0;
			errno = e;
			return ut_error_errno(
			        "acquiring database lock: cannot lock '%s'",
			        path);
		}
		if (fstat(fd, &a) == 0 && stat(path, &b) == 0 &&
		    a.st_dev == b.st_dev && a.st_ino == b.st_ino) {
			*fd_out = fd;
			return 1;
		}
		close(fd);
	}
	return 0;
}

static int sqlite_lock(dl_conn *conn, const char *name, int64_t timeout_ns)
{
	dl_sqlite_conn *c = (dl_sqlite_conn *)conn;
	const char *tmp = getenv("TMPDIR"), *file;
	int64_t deadline, delay = 25000000;
	char *path;
	int fd = -1, got;

	if (c->memory)
		return 0;
	if (!tmp || !*tmp)
		tmp = "/tmp";
	file = sqlite3_db_filename(c->db, "main");
	path = ut_xasprintf("%s/%s_%x.lock", tmp, name,
	                    (unsigned)adler32(file ? file : ""));
	if (c->lock_fd >= 0) {
		bool same = !strcmp(path, c->lock_path);
		free(path);
		if (same)
			return 0;
		return ut_error_set(
		        UT_ERROR,
		        "acquiring database lock: connection already holds another lock");
	}
	deadline = ut_now_ns() + (timeout_ns > 0 ? timeout_ns : 0);
	while ((got = lock_try(&fd, path)) == 0) {
		int64_t now = ut_now_ns();
		ut_buf d = UT_BUF_INIT;

		if (now < deadline) {
			sleep_ns(UT_MIN(delay, deadline - now));
			delay = UT_MIN(delay * 2, 1000000000);
			continue;
		}
		ut_duration_format(&d, timeout_ns > 0 ? timeout_ns : 0);
		ut_error_set(UT_ELOCKED,
		             "acquiring database lock: timed out after %s",
		             d.ptr);
		ut_buf_release(&d);
		free(path);
		return UT_ELOCKED;
	}
	if (got < 0) {
		free(path);
		return got;
	}
	/* informational: who holds it */
	if (ftruncate(fd, 0) == 0) {
		char pid[32];
		int n = snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
		if (write(fd, pid, (size_t)n) < 0) {
			/* the content is not needed for the lock itself */
		}
	}
	c->lock_fd = fd;
	c->lock_path = path;
	return 0;
}

static int sqlite_unlock(dl_conn *conn, const char *name)
{
	dl_sqlite_conn *c = (dl_sqlite_conn *)conn;

	(void)name;
	if (c->memory)
		return 0;
	if (c->lock_fd < 0)
		return ut_error_set(
		        UT_ERROR,
		        "releasing database lock: the lock is not held");
	/* unlink while holding it, so a waiter never wins a stale file */
	unlink(c->lock_path);
	close(c->lock_fd);
	c->lock_fd = -1;
	free(c->lock_path);
	c->lock_path = NULL;
	return 0;
}

/* Internal objects SQLite (or libSQL) makes, never the user's. */
static bool internal_name(const char *name)
{
	return ut_str_nieq(name, "sqlite_", 7) ||
	       ut_str_nieq(name, "libsql_", 7);
}

/*
 * Row of the check_clean query: the first object that is neither internal
 * nor part of the ignored table makes the database unclean.
 */
static int clean_row(const char *const *v, size_t n, void *payload)
{
	const char *ignore = *(const char *const *)payload;
	ut_buf b = UT_BUF_INIT;
	int error;

	(void)n;
	if (!v[0] || !v[1] || internal_name(v[1]))
		return 0;
	if (ignore && v[2] && !strcmp(v[2], ignore))
		return 0;
	ut_buf_quote(&b, v[1]);
	error = ut_error_set(UT_EEXISTS,
	                     "connected database is not clean: found %s %s",
	                     v[0], b.ptr);
	ut_buf_release(&b);
	return error;
}

static int sqlite_check_clean(dl_conn *conn, const char *ignore_table)
{
	/* tables first, in inspection (rowid) order, then the rest */
	return dl_sqlite__query(
	        conn,
	        "SELECT type, name, tbl_name FROM main.sqlite_master "
	        "ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'view' THEN 1 "
	        "WHEN 'trigger' THEN 2 ELSE 3 END, rowid",
	        NULL, 0, clean_row, &ignore_table);
}

typedef struct name_list {
	UT_VEC(char *) names;
	UT_VEC(char *) types;
} name_list;

static int collect_row(const char *const *v, size_t n, void *payload)
{
	name_list *l = payload;

	(void)n;
	if (!v[0] || !v[1] || internal_name(v[1]))
		return 0;
	ut_vec_push(&l->types, ut_xstrdup(v[0]));
	ut_vec_push(&l->names, ut_xstrdup(v[1]));
	return 0;
}

static void name_list_release(name_list *l)
{
	for (size_t i = 0; i < l->names.len; i++) {
		free(l->names.items[i]);
		free(l->types.items[i]);
	}
	ut_vec_release(&l->names);
	ut_vec_release(&l->types);
}

static int fk_row(const char *const *v, size_t n, void *payload)
{
	(void)n;
	*(bool *)payload = v[0] && !strcmp(v[0], "1");
	return 0;
}

/*
 * Drops every trigger, view and table (virtual tables first, their shadow
 * tables go with them), with foreign keys off, and clears sqlite_sequence.
 */
static int sqlite_reset(dl_conn *conn)
{
	name_list l = { UT_VEC_INIT, UT_VEC_INIT };
	ut_buf sql = UT_BUF_INIT;
	bool fk = false, seq = false, in_tx = false;
	int error;

	if ((error = dl_sqlite__query(conn, "PRAGMA foreign_keys", NULL, 0,
	                              fk_row, &fk)) < 0)
		goto done;
	if (fk && (error = dl_exec(conn, "PRAGMA foreign_keys = off")) < 0)
		goto done;
	error = dl_sqlite__query(
	        conn,
	        "SELECT type, name FROM main.sqlite_master "
	        "WHERE type IN ('trigger', 'view', 'table') "
	        "ORDER BY CASE type WHEN 'trigger' THEN 0 WHEN 'view' THEN 1 "
	        "ELSE 2 END, sql NOT LIKE 'CREATE VIRTUAL%', rowid",
	        NULL, 0, collect_row, &l);
	if (error < 0)
		goto done;
	if ((error = sqlite_begin(conn)) < 0)
		goto done;
	in_tx = true;
	for (size_t i = 0; i < l.names.len; i++) {
		ut_buf_reset(&sql);
		ut_buf_printf(&sql, "DROP %s IF EXISTS main.",
		              !strcmp(l.types.items[i], "trigger") ? "TRIGGER"
		              : !strcmp(l.types.items[i], "view")  ? "VIEW"
		                                                   : "TABLE");
		dl_sqlite__quote_ident(&sql, l.names.items[i]);
		if ((error = dl_sqlite__exec(conn, sql.ptr, sql.len)) < 0)
			goto done;
	}
	if ((error = dl_sqlite__query(
	             conn,
	             "SELECT 1 FROM main.sqlite_master WHERE name = 'sqlite_sequence'",
	             NULL, 0, fk_row, &seq)) < 0)
		goto done;
	if (seq &&
	    (error = dl_exec(conn, "DELETE FROM main.sqlite_sequence")) < 0)
		goto done;
	error = sqlite_commit(conn);
	in_tx = false;
done:
	if (in_tx)
		sqlite_rollback(conn);
	if (fk) {
		/* restore even after a failure; keep the first error */
		int e2 = dl_exec(conn, "PRAGMA foreign_keys = on");
		if (!error)
			error = e2;
	}
	ut_buf_release(&sql);
	name_list_release(&l);
	return error;
}

static int sqlite_exec(dl_conn *c, const char *sql, size_t len)
{
	return dl_sqlite__exec(c, sql, len);
}

const dl_driver dl_sqlite_driver = {
	.name = "sqlite",
	.schemes = sqlite_schemes,
	.open = sqlite_open,
	.close = sqlite_close,
	.exec = sqlite_exec,
	.query = dl_sqlite__query,
	.inspect = dl_sqlite__inspect,
	.plan = dl_sqlite__plan,
	.quote_ident = dl_sqlite__quote_ident,
	.quote_literal = dl_sqlite__quote_literal,
	.lock = sqlite_lock,
	.unlock = sqlite_unlock,
	.begin = sqlite_begin,
	.commit = sqlite_commit,
	.rollback = sqlite_rollback,
	.check_clean = sqlite_check_clean,
	.reset = sqlite_reset,
	.snapshot = dl_sqlite__snapshot,
	.restore = dl_sqlite__restore,
};
