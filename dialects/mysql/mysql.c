/* SPDX-License-Identifier: MIT */
/*
 * dialects/mysql/mysql.c: the MySQL/MariaDB driver's connection layer over
 * mariadb-connector-c: URLs, statements, parameters, quoting, transactions,
 * the migration lock (GET_LOCK) and the clean/reset helpers for dev
 * databases. Inspection lives in inspect.c, planning in plan.c, the
 * throwaway dev server in devserver.c.
 *
 * URLs follow Atlas (reference 6.4): mysql://user:pass@host:port/db, with
 * mariadb:// and maria:// as aliases; the path names the schema the
 * connection is bound to (empty = the whole server), and the unix socket
 * form is mysql+unix:///path/to.sock?database=db. Parameters: tls
 * (true, false, skip-verify, preferred), ssl-mode, ssl-ca, ssl-cert,
 * ssl-key, timeout (connect timeout, Go duration, default 10s), charset.
 * Messages never show the password: they use the redacted URL.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <errmsg.h>
#include <mysqld_error.h>

#include "my_int.h"
#include "ut.h"

#define DEFAULT_CONNECT_TIMEOUT_S 10u
#define ER_EMPTY_QUERY_CODE       1065u /* ER_EMPTY_QUERY */

extern const dl_driver dl_mysql_driver;

static const char *const my_schemes[] = {
	"mysql",        "mariadb",    "maria", "mysql+unix",
	"mariadb+unix", "maria+unix", NULL,
};

static const char *const my_docker_images[] = { "mysql", "mariadb", "maria",
	                                        NULL };

static const char *const system_schemas[] = {
	"mysql",
	"information_schema",
	"performance_schema",
	"sys",
};

bool dl_my__system_schema(const char *name)
{
	for (size_t i = 0; i < UT_ARRAY_SIZE(system_schemas); i++)
		if (ut_str_ieq(name, system_schemas[i]))
			return true;
	return false;
}

int dl_my__error(dl_my_conn *c)
{
	if (!c || !c->db)
		return ut_error_set(UT_EDB, "mysql: no connection");
	/* the Go driver's format, which Atlas prints */
	return ut_error_set(UT_EDB, "Error %u (%s): %s", mysql_errno(c->db),
	                    mysql_sqlstate(c->db), mysql_error(c->db));
}

static int exec_str(dl_conn *c, const char *sql)
{
	return dl_my__exec(c, sql, strlen(sql));
}

/* ---- URLs ----------------------------------------------------------- */

typedef struct conn_params {
	char *host; /* NULL with a socket */
	char *socket;
	char *database; /* the schema scope, NULL = realm */
	unsigned port;
	unsigned timeout_s;
	char *charset;
	int tls; /* TLS_* below */
	char *ssl_ca, *ssl_cert, *ssl_key;
} conn_params;

enum {
	TLS_OFF,
	TLS_PREFERRED,
	TLS_REQUIRED, /* encrypted, certificate not checked */
	TLS_VERIFY,   /* encrypted and verified */
};

static void conn_params_release(conn_params *p)
{
	free(p->host);
	free(p->socket);
	free(p->database);
	free(p->charset);
	free(p->ssl_ca);
	free(p->ssl_cert);
	free(p->ssl_key);
	memset(p, 0, sizeof(*p));
}

static bool is_unix_scheme(const char *scheme)
{
	return ut_str_suffix(scheme, "+unix");
}

/* The first of several spellings of a parameter that the URL has. */
static char *param_any(const dl_url *u, const char *const *keys)
{
	for (; *keys; keys++) {
		char *v = dl_url_param(u, *keys);
		if (v)
			return v;
	}
	return NULL;
}

static int parse_tls(conn_params *p, const dl_url *u)
{
	static const char *const tls_keys[] = { "tls", NULL };
	static const char *const mode_keys[] = { "ssl-mode", "sslmode",
		                                 "ssl_mode", NULL };
	static const char *const ca_keys[] = { "ssl-ca", "sslca", "ssl_ca",
		                               "tls-ca", NULL };
	static const char *const cert_keys[] = { "ssl-cert", "sslcert",
		                                 "ssl_cert", "tls-cert", NULL };
	static const char *const key_keys[] = { "ssl-key", "sslkey", "ssl_key",
		                                "tls-key", NULL };
	char *tls = param_any(u, tls_keys), *mode = param_any(u, mode_keys);
	int error = 0;

	p->ssl_ca = param_any(u, ca_keys);
	p->ssl_cert = param_any(u, cert_keys);
	p->ssl_key = param_any(u, key_keys);
	p->tls = p->ssl_ca ? TLS_VERIFY : p->ssl_cert ? TLS_REQUIRED : TLS_OFF;
	if (tls) {
		if (ut_str_ieq(tls, "true") || ut_str_ieq(tls, "1"))
			p->tls = TLS_VERIFY;
		else if (ut_str_ieq(tls, "skip-verify"))
			p->tls = TLS_REQUIRED;
		else if (ut_str_ieq(tls, "preferred"))
			p->tls = TLS_PREFERRED;
		else if (ut_str_ieq(tls, "false") || ut_str_ieq(tls, "0"))
			p->tls = TLS_OFF;
		else
			error = ut_error_set(
			        UT_EUSAGE,
			        "invalid mysql URL '%s': tls must be true, false, skip-verify or preferred, not '%s'",
			        u->redacted, tls);
	}
	if (!error && mode) {
		if (ut_str_ieq(mode, "disabled") || ut_str_ieq(mode, "disable"))
			p->tls = TLS_OFF;
		else if (ut_str_ieq(mode, "preferred") ||
		         ut_str_ieq(mode, "prefer"))
			p->tls = TLS_PREFERRED;
		else if (ut_str_ieq(mode, "required") ||
		         ut_str_ieq(mode, "require"))
			p->tls = TLS_REQUIRED;
		else if (ut_str_ieq(mode, "verify_ca") ||
		         ut_str_ieq(mode, "verify_identity") ||
		         ut_str_ieq(mode, "verify-ca") ||
		         ut_str_ieq(mode, "verify-full"))
			p->tls = TLS_VERIFY;
		else
			error = ut_error_set(
			        UT_EUSAGE,
			        "invalid mysql URL '%s': unknown ssl-mode '%s'",
			        u->redacted, mode);
	}
	free(tls);
	free(mode);
	return error;
}

static int parse_params(conn_params *p, const dl_url *u)
{
	static const char *const db_keys[] = { "database", "dbname", NULL };
	char *v;
	int error;

	memset(p, 0, sizeof(*p));
	p->timeout_s = DEFAULT_CONNECT_TIMEOUT_S;
	if (is_unix_scheme(u->scheme)) {
		if (!u->path[0])
			return ut_error_set(
			        UT_EUSAGE,
			        "invalid mysql URL '%s': missing socket path",
			        u->redacted);
		p->socket = ut_xasprintf("%s%s", u->path[0] == '/' ? "" : "/",
		                         u->path);
		p->database = param_any(u, db_keys);
	} else {
		if (strchr(u->path, '/'))
			return ut_error_set(
			        UT_EUSAGE,
			        "invalid mysql URL '%s': the path must name one database",
			        u->redacted);
		p->host = ut_xstrdup(u->host[0] ? u->host : "127.0.0.1");
		p->port = u->port > 0 ? (unsigned)u->port : 3306u;
		p->database = u->path[0] ? ut_xstrdup(u->path) : NULL;
	}
	if (p->database && !p->database[0]) {
		free(p->database);
		p->database = NULL;
	}
	if ((v = dl_url_param(u, "timeout"))) {
		int64_t ns;
		if (ut_duration_parse(&ns, v) < 0 || ns <= 0) {
			error = ut_error_set(
			        UT_EUSAGE,
			        "invalid mysql URL '%s': bad timeout '%s'",
			        u->redacted, v);
			free(v);
			return error;
		}
		free(v);
		p->timeout_s = (unsigned)((ns + 999999999) / 1000000000);
		if (!p->timeout_s)
			p->timeout_s = 1;
	}
	p->charset = dl_url_param(u, "charset");
	if (p->charset) {
		/* Go allows a list "utf8mb4,utf8": the first one wins */
		char *comma = strchr(p->charset, ',');
		if (comma)
			*comma = '\0';
	}
	return parse_tls(p, u);
}

/* ---- connecting ----------------------------------------------------- */

/* "10.11.6-MariaDB-1" or "5.5.5-10.11.6-MariaDB" or "8.0.36": flavor and
 * version. */
static void read_version(dl_my_conn *c)
{
	const char *info = mysql_get_server_info(c->db);
	unsigned maj = 0, min = 0, pat = 0;

	if (!info)
		info = "";
	c->mariadb = strstr(info, "MariaDB") != NULL;
	if (c->mariadb && strncmp(info, "5.5.5-", 6) == 0)
		info += 6;
	if (sscanf(info, "%u.%u.%u", &maj, &min, &pat) < 2)
		c->version = (unsigned)mysql_get_server_version(c->db);
	else
		c->version = maj * 10000 + min * 100 + pat;
}

static int apply_options(dl_my_conn *c, const conn_params *p)
{
	unsigned timeout = p->timeout_s;
	my_bool yes = 1, no = 0;
	unsigned proto = p->socket ? MYSQL_PROTOCOL_SOCKET : MYSQL_PROTOCOL_TCP;

	if (mysql_optionsv(c->db, MYSQL_OPT_CONNECT_TIMEOUT, &timeout) ||
	    mysql_optionsv(c->db, MYSQL_OPT_PROTOCOL, &proto) ||
	    mysql_optionsv(c->db, MYSQL_SET_CHARSET_NAME,
	                   p->charset ? p->charset : "utf8mb4") ||
	    mysql_optionsv(c->db, MYSQL_OPT_LOCAL_INFILE, &no))
		return ut_error_set(UT_EDB,
		                    "mysql: cannot set connection options");
	if (p->tls == TLS_OFF)
		return 0;
	if (p->ssl_ca && mysql_optionsv(c->db, MYSQL_OPT_SSL_CA, p->ssl_ca))
		return ut_error_set(UT_EDB, "mysql: cannot set ssl-ca");
	if (p->ssl_cert &&
	    mysql_optionsv(c->db, MYSQL_OPT_SSL_CERT, p->ssl_cert))
		return ut_error_set(UT_EDB, "mysql: cannot set ssl-cert");
	if (p->ssl_key && mysql_optionsv(c->db, MYSQL_OPT_SSL_KEY, p->ssl_key))
		return ut_error_set(UT_EDB, "mysql: cannot set ssl-key");
	/* an empty cipher list keeps the defaults; it turns TLS on */
	mysql_ssl_set(c->db, p->ssl_key, p->ssl_cert, p->ssl_ca, NULL, NULL);
	if (p->tls >= TLS_REQUIRED &&
	    mysql_optionsv(c->db, MYSQL_OPT_SSL_ENFORCE, &yes))
		return ut_error_set(UT_EDB, "mysql: cannot require TLS");
	if (mysql_optionsv(c->db, MYSQL_OPT_SSL_VERIFY_SERVER_CERT,
	                   p->tls == TLS_VERIFY ? &yes : &no))
		return ut_error_set(UT_EDB,
		                    "mysql: cannot set TLS verification");
	return 0;
}

/* Session settings that make inspection exact on every server. */
static int session_setup(dl_my_conn *c)
{
	/* MySQL 8 caches TABLES.AUTO_INCREMENT for a day by default */
	if (!c->mariadb && c->version >= 80000)
		return exec_str(
		        &c->base,
		        "SET SESSION information_schema_stats_expiry = 0");
	return 0;
}

/*
 * The OS error number in a connector message: "... (111)" or "...,
 * system error: 110"; 0 when there is none.
 */
static int paren_errno(const char *msg)
{
	const char *o = strrchr(msg, '('), *se = strstr(msg, "system error: ");
	int n = 0;

	if (se && sscanf(se, "system error: %d", &n) == 1)
		return n;
	if (!o || sscanf(o, "(%d)", &n) != 1)
		return 0;
	return n;
}

/* s with its first letter lowered unless it starts an acronym. */
static void put_lowered(ut_buf *b, const char *s)
{
	if (isupper((unsigned char)s[0]) && !isupper((unsigned char)s[1])) {
		ut_buf_putc(b, (char)tolower((unsigned char)s[0]));
		s++;
	}
	ut_buf_puts(b, s);
}

/*
 * The failure of mysql_real_connect as one line naming the target, with
 * a hint when the cause says what to check:
 *   cannot connect to mysql://u:xxxxx@h:1/db: connection refused
 *   hint: is the server running on h and accepting connections on port 1?
 * With a connect timeout the connector reports a refused TCP connection
 * with the errno of its non-blocking connect (EINPROGRESS).
 */
static int connect_error(dl_my_conn *c, const dl_url *url, const conn_params *p)
{
	unsigned code = mysql_errno(c->db);
	const char *text = mysql_error(c->db);
	const char *host = p->host ? p->host : "localhost";
	int oserr = paren_errno(text);
	ut_buf msg = UT_BUF_INIT;
	int error;

	ut_buf_printf(&msg, "cannot connect to %s: ", url->redacted);
	if (p->socket && code == CR_CONNECTION_ERROR &&
	    (oserr == ENOENT || oserr == ECONNREFUSED)) {
		ut_buf_puts(&msg, oserr == ENOENT ? "no such socket"
		                                  : "connection refused");
		error = ut_error_set(UT_EDB, "%s", msg.ptr);
		ut_error_hint(
		        "is the server running locally with its socket at %s?",
		        p->socket);
	} else if ((code == CR_CONN_HOST_ERROR ||
	            code == CR_CONNECTION_ERROR) &&
	           (oserr == ECONNREFUSED || oserr == EINPROGRESS)) {
		ut_buf_puts(&msg, "connection refused");
		error = ut_error_set(UT_EDB, "%s", msg.ptr);
		ut_error_hint(
		        "is the server running on %s and accepting connections on port %u?",
		        host, p->port);
	} else if (oserr == ETIMEDOUT) {
		ut_buf_puts(&msg, "timed out");
		error = ut_error_set(UT_EDB, "%s", msg.ptr);
		ut_error_hint(
		        "is a server listening on %s port %u? a slow server may need a longer timeout=<duration> in the URL",
		        host, p->port);
	} else if (code == CR_UNKNOWN_HOST) {
		ut_buf_printf(&msg, "unknown host \"%s\"", host);
		error = ut_error_set(UT_EDB, "%s", msg.ptr);
		ut_error_hint("check the host name in the URL");
	} else if (code == ER_BAD_DB_ERROR && p->database) {
		ut_buf_printf(&msg, "database \"%s\" does not exist",
		              p->database);
		error = ut_error_set(UT_EDB, "%s", msg.ptr);
		ut_error_hint(
		        "create the database, or correct its name in the URL path");
	} else {
		put_lowered(&msg, text);
		error = ut_error_set(UT_EDB, "%s", msg.ptr);
		if (code == ER_ACCESS_DENIED_ERROR)
			ut_error_hint(
			        "check the user name and password in the URL");
		else if (code == CR_SSL_CONNECTION_ERROR)
			ut_error_hint(
			        "set tls=false in the URL to connect without TLS, or give the server's CA with ssl-ca");
	}
	ut_buf_release(&msg);
	return error;
}

/*
 * Connects with the parameters; the error names the redacted URL. A
 * docker:// URL is served by the process's throwaway server instead.
 */
static int connect_params(dl_my_conn *c, const dl_url *url,
                          const conn_params *p)
{
	const char *user = url->user && url->user[0] ? url->user : "root";
	int error;

	c->db = mysql_init(NULL);
	if (!c->db)
		return ut_error_set(UT_EDB, "mysql: out of memory");
	if ((error = apply_options(c, p)) < 0)
		return error;
	if (!mysql_real_connect(c->db, p->socket ? NULL : p->host, user,
	                        url->password, p->database,
	                        p->socket ? 0 : p->port, p->socket,
	                        CLIENT_MULTI_STATEMENTS | CLIENT_MULTI_RESULTS |
	                                CLIENT_FOUND_ROWS))
		return connect_error(c, url, p);
	read_version(c);
	if ((error = session_setup(c)) < 0)
		ut_error_wrap("cannot connect to %s", url->redacted);
	return error;
}

/*
 * docker://mysql/<tag>/<db>, docker://maria[db]/<tag>/<db>: no Docker
 * here, so a private server of this process serves them (devserver.c) on
 * its socket, as root over the socket; the database is created.
 */
static int open_docker(dl_my_conn *c, const dl_url *url)
{
	const char *sock, *slash;
	conn_params p;
	dl_url *u = NULL;
	ut_buf sql = UT_BUF_INIT;
	char *db = NULL, *raw = NULL;
	int error;

	memset(&p, 0, sizeof(p));
	/* path = "<tag>[/<db>]" */
	slash = strchr(url->path, '/');
	if (slash && slash[1])
		db = ut_xstrdup(slash + 1);
	if (db && strchr(db, '/')) {
		error = ut_error_set(
		        UT_EUSAGE,
		        "invalid docker URL '%s': want docker://%s/<tag>[/<database>]",
		        url->redacted, url->host);
		goto done;
	}
	if ((error = dl_my__devserver(&sock)) < 0)
		goto done;
	raw = ut_xasprintf("mysql+unix://root@%s", sock);
	if ((error = dl_url_parse(&u, raw)) < 0)
		goto done;
	p.socket = ut_xstrdup(sock);
	p.timeout_s = DEFAULT_CONNECT_TIMEOUT_S;
	if ((error = connect_params(c, url, &p)) < 0)
		goto done;
	if (db) {
		ut_buf_puts(&sql, "CREATE DATABASE IF NOT EXISTS ");
		dl_my__quote_ident(&sql, db);
		if ((error = dl_my__exec(&c->base, sql.ptr, sql.len)) < 0)
			goto done;
		ut_buf_reset(&sql);
		ut_buf_puts(&sql, "USE ");
		dl_my__quote_ident(&sql, db);
		if ((error = dl_my__exec(&c->base, sql.ptr, sql.len)) < 0)
			goto done;
		c->base.schema = db;
		db = NULL;
	}
done:
	if (error < 0 && error != UT_EUSAGE)
		ut_error_wrap("mysql: cannot open %s", url->redacted);
	dl_url_free(u);
	free(raw);
	free(db);
	ut_buf_release(&sql);
	conn_params_release(&p);
	return error;
}

static void my_close(dl_conn *conn);

static int my_open(dl_conn **out, const dl_url *url)
{
	dl_my_conn *c = ut_xcalloc(1, sizeof(*c));
	conn_params p;
	int error;

	*out = NULL;
	memset(&p, 0, sizeof(p));
	c->base.drv = &dl_mysql_driver;
	if ((error = dl_url_parse(&c->base.url, url->raw)) < 0)
		goto done;
	if (ut_str_ieq(url->scheme, "docker")) {
		error = open_docker(c, url);
		goto done;
	}
	if ((error = parse_params(&p, url)) < 0)
		goto done;
	if ((error = connect_params(c, url, &p)) < 0)
		goto done;
	if (p.database)
		c->base.schema = ut_xstrdup(p.database);
	*out = &c->base;
	c = NULL;
done:
	if (error < 0)
		my_close(c ? &c->base : NULL);
	else if (c) {
		*out = &c->base;
	}
	conn_params_release(&p);
	return error;
}

static void my_close(dl_conn *conn)
{
	dl_my_conn *c = (dl_my_conn *)conn;

	if (!c)
		return;
	if (c->db)
		mysql_close(c->db);
	dl_url_free(c->base.url);
	free(c->base.schema);
	free(c->lock_name);
	free(c);
}

/* ---- statements ----------------------------------------------------- */

/* Frees every pending result of the last statement batch. */
static int drain_results(dl_my_conn *c)
{
	int status;

	do {
		MYSQL_RES *res = mysql_store_result(c->db);
		if (res)
			mysql_free_result(res);
		else if (mysql_field_count(c->db) != 0)
			return dl_my__error(c);
		status = mysql_next_result(c->db);
		if (status > 0)
			return dl_my__error(c);
	} while (status == 0);
	return 0;
}

/*
 * Runs a statement, or a script of several (the connection allows multi
 * statements), to completion; rows are ignored.
 */
int dl_my__exec(dl_conn *conn, const char *sql, size_t len)
{
	dl_my_conn *c = (dl_my_conn *)conn;

	if (mysql_real_query(c->db, sql, (unsigned long)len)) {
		/* ";" alone (its comment was the statement): nothing to do */
		if (mysql_errno(c->db) == ER_EMPTY_QUERY_CODE)
			return 0;
		return dl_my__error(c);
	}
	return drain_results(c);
}

/* Length of the quoted token at p ('...', "...", `...`), backslashes honoured.
 */
static size_t quoted_len(const char *p)
{
	char q = *p;
	size_t i = 1;

	while (p[i]) {
		if (p[i] == '\\' && q != '`' && p[i + 1]) {
			i += 2;
			continue;
		}
		if (p[i] == q) {
			if (p[i + 1] == q) {
				i += 2;
				continue;
			}
			return i + 1;
		}
		i++;
	}
	return i;
}

/*
 * Replaces each ? placeholder outside quotes and comments with the
 * parameter as an escaped string literal (NULL as NULL), escaped by the
 * connection for its character set and SQL mode.
 */
static int bind_text(dl_my_conn *c, ut_buf *out, const char *sql,
                     const char *const *params, size_t nparams)
{
	size_t used = 0;
	const char *p = sql;

	while (*p) {
		size_t n;

		if (*p == '\'' || *p == '"' || *p == '`') {
			n = quoted_len(p);
		} else if ((p[0] == '-' && p[1] == '-' &&
		            (p[2] == ' ' || p[2] == '\t' || p[2] == '\n')) ||
		           p[0] == '#') {
			n = strcspn(p, "\n");
		} else if (p[0] == '/' && p[1] == '*') {
			const char *e = strstr(p + 2, "*/");
			n = e ? (size_t)(e + 2 - p) : strlen(p);
		} else if (*p == '?') {
			const char *v;
			if (used >= nparams)
				return ut_error_set(
				        UT_EDB,
				        "mysql: query has more placeholders than the %zu parameters given",
				        nparams);
			v = params[used++];
			if (!v) {
				ut_buf_puts(out, "NULL");
			} else {
				size_t vl = strlen(v);
				unsigned long w;
				ut_buf_grow(out, vl * 2 + 3);
				out->ptr[out->len++] = '\'';
				w = mysql_real_escape_string(
				        c->db, out->ptr + out->len, v,
				        (unsigned long)vl);
				if (w == (unsigned long)-1)
					return ut_error_set(
					        UT_EDB,
					        "mysql: cannot escape a parameter");
				out->len += w;
				out->ptr[out->len++] = '\'';
				out->ptr[out->len] = '\0';
			}
			p++;
			continue;
		} else {
			n = 1;
		}
		ut_buf_put(out, p, n);
		p += n;
	}
	if (used != nparams)
		return ut_error_set(
		        UT_EDB,
		        "mysql: query has %zu placeholders, %zu parameters given",
		        used, nparams);
	return 0;
}

int dl_my__query(dl_conn *conn, const char *sql, const char *const *params,
                 size_t nparams, dl_row_fn fn, void *payload)
{
	dl_my_conn *c = (dl_my_conn *)conn;
	ut_buf text = UT_BUF_INIT;
	MYSQL_RES *res = NULL;
	MYSQL_ROW row;
	int error = 0;

	if (nparams) {
		if ((error = bind_text(c, &text, sql, params, nparams)) < 0)
			goto done;
	} else {
		ut_buf_puts(&text, sql);
	}
	if (mysql_real_query(c->db, text.ptr, (unsigned long)text.len)) {
		error = dl_my__error(c);
		goto done;
	}
	res = mysql_store_result(c->db);
	if (!res) {
		if (mysql_field_count(c->db) != 0)
			error = dl_my__error(c);
		else
			error = drain_results(c);
		goto done;
	}
	{
		size_t n = mysql_num_fields(res);
		while ((row = mysql_fetch_row(res))) {
			if (fn && (error = fn((const char *const *)row, n,
			                      payload)) < 0)
				break;
		}
	}
	mysql_free_result(res);
	res = NULL;
	if (mysql_more_results(c->db)) {
		int e2 = drain_results(c);
		if (!error)
			error = e2;
	}
done:
	if (res)
		mysql_free_result(res);
	ut_buf_release(&text);
	return error;
}

void dl_my__quote_ident(ut_buf *b, const char *name)
{
	ut_buf_putc(b, '`');
	for (const char *p = name; *p; p++) {
		if (*p == '`')
			ut_buf_putc(b, '`');
		ut_buf_putc(b, *p);
	}
	ut_buf_putc(b, '`');
}

/*
 * A string literal for DDL text (not bound to a connection): quotes
 * doubled, backslashes escaped (the default SQL mode reads them), NUL and
 * control bytes that would not survive a file written as \0 \r \Z.
 */
void dl_my__quote_literal(ut_buf *b, const char *value)
{
	ut_buf_putc(b, '\'');
	for (const char *p = value; *p; p++) {
		switch (*p) {
		case '\'':
			ut_buf_puts(b, "''");
			break;
		case '\\':
			ut_buf_puts(b, "\\\\");
			break;
		case '\r':
			ut_buf_puts(b, "\\r");
			break;
		case '\032':
			ut_buf_puts(b, "\\Z");
			break;
		default:
			ut_buf_putc(b, *p);
		}
	}
	ut_buf_putc(b, '\'');
}

static int my_exec(dl_conn *c, const char *sql, size_t len)
{
	return dl_my__exec(c, sql, len);
}

static int my_begin(dl_conn *c)
{
	return exec_str(c, "START TRANSACTION");
}

static int my_commit(dl_conn *c)
{
	return exec_str(c, "COMMIT");
}

static int my_rollback(dl_conn *c)
{
	return exec_str(c, "ROLLBACK");
}

/* ---- locks ---------------------------------------------------------- */

static int first_value(const char *const *v, size_t n, void *payload)
{
	char **out = payload;

	if (n && !*out)
		*out = ut_xstrdup(v[0] ? v[0] : "");
	return 0;
}

/*
 * GET_LOCK on this connection: 1 = taken, 0 = the timeout passed while
 * another session held it, NULL = an error (killed, out of memory).
 */
static int my_lock(dl_conn *conn, const char *name, int64_t timeout_ns)
{
	dl_my_conn *c = (dl_my_conn *)conn;
	const char *params[2];
	char secs[32], *got = NULL;
	int error;

	if (c->lock_name) {
		if (!strcmp(c->lock_name, name))
			return 0;
		return ut_error_set(
		        UT_ERROR,
		        "acquiring database lock: connection already holds another lock");
	}
	if (timeout_ns < 0)
		timeout_ns = 0;
	snprintf(secs, sizeof(secs), "%lld.%03lld",
	         (long long)(timeout_ns / 1000000000),
	         (long long)(timeout_ns % 1000000000 / 1000000));
	params[0] = name;
	params[1] = secs;
	error = dl_my__query(conn, "SELECT GET_LOCK(?, ?)", params, 2,
	                     first_value, &got);
	if (error < 0) {
		ut_error_wrap("acquiring database lock");
		goto done;
	}
	if (got && !strcmp(got, "1")) {
		c->lock_name = ut_xstrdup(name);
	} else if (got && !strcmp(got, "0")) {
		ut_buf d = UT_BUF_INIT;
		ut_duration_format(&d, timeout_ns);
		error = ut_error_set(
		        UT_ELOCKED,
		        "acquiring database lock: timed out after %s", d.ptr);
		ut_buf_release(&d);
	} else {
		error = ut_error_set(
		        UT_EDB, "acquiring database lock: GET_LOCK failed");
	}
done:
	free(got);
	return error;
}

static int my_unlock(dl_conn *conn, const char *name)
{
	dl_my_conn *c = (dl_my_conn *)conn;
	const char *params[1];
	char *got = NULL;
	int error;

	if (!c->lock_name)
		return ut_error_set(
		        UT_ERROR,
		        "releasing database lock: the lock is not held");
	params[0] = name ? name : c->lock_name;
	error = dl_my__query(conn, "SELECT RELEASE_LOCK(?)", params, 1,
	                     first_value, &got);
	if (error < 0)
		ut_error_wrap("releasing database lock");
	else if (!got || strcmp(got, "1"))
		error = ut_error_set(
		        UT_ERROR,
		        "releasing database lock: the lock is not held");
	free(got);
	free(c->lock_name);
	c->lock_name = NULL;
	return error;
}

/* ---- clean and reset (dev databases) ---------------------------------- */

typedef struct clean_ctx {
	const char *ignore;
	bool schema_scope;
} clean_ctx;

static int clean_row(const char *const *v, size_t n, void *payload)
{
	const clean_ctx *x = payload;
	ut_buf b = UT_BUF_INIT;
	int error;

	(void)n;
	if (!v[0] || !v[1])
		return 0;
	if (!x->schema_scope &&
	    (dl_my__system_schema(v[1]) || dl_my__stash_schema(v[1])))
		return 0;
	if (x->ignore && !strcmp(v[1], x->ignore))
		return 0;
	ut_buf_quote(&b, v[1]);
	error = ut_error_set(UT_EEXISTS,
	                     "connected database is not clean: found %s %s",
	                     v[0], b.ptr);
	ut_buf_release(&b);
	return error;
}

/*
 * Schema scope: any table or view but ignore_table; realm: any schema
 * that is not the server's own (nor the revisions schema, named like the
 * ignored table, nor a replay-cache schema of migrate lint, stash.c).
 */
static int my_check_clean(dl_conn *conn, const char *ignore_table)
{
	clean_ctx x = { ignore_table, conn->schema != NULL };
	const char *params[1];

	if (conn->schema) {
		params[0] = conn->schema;
		return dl_my__query(
		        conn,
		        "SELECT CASE TABLE_TYPE WHEN 'VIEW' THEN 'view' "
		        "WHEN 'SEQUENCE' THEN 'sequence' ELSE 'table' END, TABLE_NAME "
		        "FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? "
		        "ORDER BY TABLE_TYPE = 'VIEW', TABLE_NAME",
		        params, 1, clean_row, &x);
	}
	return dl_my__query(
	        conn,
	        "SELECT 'schema', SCHEMA_NAME FROM information_schema.SCHEMATA "
	        "ORDER BY SCHEMA_NAME",
	        NULL, 0, clean_row, &x);
}

typedef UT_VEC(char *) str_vec;

typedef struct drop_list {
	str_vec kinds, schemas, names;
} drop_list;

static int drop_row(const char *const *v, size_t n, void *payload)
{
	drop_list *l = payload;

	(void)n;
	if (!v[0] || !v[1] || !v[2])
		return 0;
	ut_vec_push(&l->kinds, ut_xstrdup(v[0]));
	ut_vec_push(&l->schemas, ut_xstrdup(v[1]));
	ut_vec_push(&l->names, ut_xstrdup(v[2]));
	return 0;
}

static void drop_list_release(drop_list *l)
{
	for (size_t i = 0; i < l->names.len; i++) {
		free(l->kinds.items[i]);
		free(l->schemas.items[i]);
		free(l->names.items[i]);
	}
	ut_vec_release(&l->kinds);
	ut_vec_release(&l->schemas);
	ut_vec_release(&l->names);
}

/*
 * Drops everything: realm = every user schema (lint's replay-cache
 * schemas stay); schema scope = its views,
 * tables (and sequences; their triggers go with them), routines and
 * events, with foreign-key checks off so the order does not matter.
 */
/*
 * The session as it was before a file ran on it: a schema file or a
 * replayed migration may SET session variables (mysqldump's SQL_MODE,
 * TIME_ZONE, NAMES, a SET timestamp), leave a transaction open or USE
 * another database, and the next file loaded on this dev connection must
 * not inherit them.
 */
int dl_my__session_restore(dl_my_conn *c, bool end_tx)
{
	static const char sql[] =
	        "SET SESSION sql_mode = DEFAULT, SESSION time_zone = DEFAULT, "
	        "SESSION foreign_key_checks = DEFAULT, SESSION unique_checks = DEFAULT, "
	        "SESSION sql_notes = DEFAULT, SESSION timestamp = DEFAULT, "
	        "SESSION default_storage_engine = DEFAULT, "
	        "SESSION auto_increment_increment = DEFAULT, "
	        "SESSION auto_increment_offset = DEFAULT";
	const char *cs = mysql_character_set_name(c->db);
	int error;

	/* a transaction the file left open ends first */
	if ((end_tx && (error = exec_str(&c->base, "ROLLBACK")) < 0) ||
	    (error = exec_str(&c->base, sql)) < 0)
		return error;
	if (cs && mysql_set_character_set(c->db, cs) != 0)
		return ut_error_set(
		        UT_EDB, "mysql: cannot set the character set %s: %s",
		        cs, mysql_error(c->db));
	if (c->base.schema && mysql_select_db(c->db, c->base.schema) != 0)
		return ut_error_set(UT_EDB,
		                    "mysql: cannot use database `%s`: %s",
		                    c->base.schema, mysql_error(c->db));
	return 0;
}

static int my_reset(dl_conn *conn)
{
	drop_list l = { UT_VEC_INIT, UT_VEC_INIT, UT_VEC_INIT };
	ut_buf sql = UT_BUF_INIT;
	const char *params[4];
	bool fk_off = false;
	int error;

	if ((error = dl_my__session_restore((dl_my_conn *)conn, true)) < 0)
		goto done;
	if (!conn->schema) {
		error = dl_my__query(
		        conn,
		        "SELECT 'DATABASE', SCHEMA_NAME, SCHEMA_NAME "
		        "FROM information_schema.SCHEMATA ORDER BY SCHEMA_NAME",
		        NULL, 0, drop_row, &l);
	} else {
		for (size_t i = 0; i < 4; i++)
			params[i] = conn->schema;
		error = dl_my__query(
		        conn,
		        "SELECT IF(TABLE_TYPE = 'VIEW', 'VIEW', 'TABLE'), TABLE_SCHEMA, TABLE_NAME "
		        "FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? "
		        "UNION ALL SELECT ROUTINE_TYPE, ROUTINE_SCHEMA, ROUTINE_NAME "
		        "FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ? "
		        "UNION ALL SELECT 'EVENT', EVENT_SCHEMA, EVENT_NAME "
		        "FROM information_schema.EVENTS WHERE EVENT_SCHEMA = ? "
		        "UNION ALL SELECT 'TRIGGER', TRIGGER_SCHEMA, TRIGGER_NAME "
		        "FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ?",
		        params, 4, drop_row, &l);
	}
	if (error < 0)
		goto done;
	if ((error = exec_str(conn, "SET FOREIGN_KEY_CHECKS = 0")) < 0)
		goto done;
	fk_off = true;
	/* triggers and views first: a view over a dropped table still drops */
	for (int pass = 0; pass < 3; pass++) {
		for (size_t i = 0; i < l.names.len; i++) {
			const char *k = l.kinds.items[i];
			int want = !strcmp(k, "TRIGGER") || !strcmp(k, "VIEW")
			                   ? 0
			           : !strcmp(k, "TABLE") ? 1
			                                 : 2;
			if (want != pass)
				continue;
			if (!strcmp(k, "DATABASE") &&
			    (dl_my__system_schema(l.names.items[i]) ||
			     dl_my__stash_schema(l.names.items[i])))
				continue;
			ut_buf_reset(&sql);
			ut_buf_printf(&sql, "DROP %s IF EXISTS ", k);
			if (strcmp(k, "DATABASE")) {
				dl_my__quote_ident(&sql, l.schemas.items[i]);
				ut_buf_putc(&sql, '.');
			}
			dl_my__quote_ident(&sql, l.names.items[i]);
			if ((error = dl_my__exec(conn, sql.ptr, sql.len)) < 0)
				goto done;
		}
	}
done:
	if (fk_off) {
		int e2 = exec_str(conn, "SET FOREIGN_KEY_CHECKS = 1");
		if (!error)
			error = e2;
	}
	if (error < 0)
		ut_error_wrap("cleaning the database");
	ut_buf_release(&sql);
	drop_list_release(&l);
	return error;
}

const dl_driver dl_mysql_driver = {
	.name = "mysql",
	.schemes = my_schemes,
	.docker_images = my_docker_images,
	.open = my_open,
	.close = my_close,
	.exec = my_exec,
	.query = dl_my__query,
	.inspect = dl_my__inspect,
	.plan = dl_my__plan,
	.quote_ident = dl_my__quote_ident,
	.quote_literal = dl_my__quote_literal,
	.lock = my_lock,
	.unlock = my_unlock,
	.begin = my_begin,
	.commit = my_commit,
	.rollback = my_rollback,
	.check_clean = my_check_clean,
	.reset = my_reset,
	.stash_list = dl_my__stash_list,
	.stash_save = dl_my__stash_save,
	.stash_load = dl_my__stash_load,
	.stash_drop = dl_my__stash_drop,
};
