/* SPDX-License-Identifier: MIT */
/*
 * dialects/driver.c: the driver registry, URL parsing and plan helpers.
 * URLs keep the password only in raw/password; everything shown to a user
 * uses the redacted form.
 */
#include <signal.h>
#include <stdio.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>

#include "driver.h"
#include "ut.h"

extern const dl_driver dl_sqlite_driver;
extern const dl_driver dl_pg_driver;
extern const dl_driver dl_mysql_driver;

static const dl_driver *const drivers[] = {
	&dl_sqlite_driver,
	&dl_pg_driver,
	&dl_mysql_driver,
	NULL,
};

const dl_driver *dl_find(const char *scheme)
{
	for (size_t i = 0; drivers[i]; i++)
		for (size_t j = 0; drivers[i]->schemes[j]; j++)
			if (ut_str_ieq(drivers[i]->schemes[j], scheme))
				return drivers[i];
	return NULL;
}

/*
 * The driver serving docker://<image>/... dev URLs (reference 6.4): the
 * URL's host names the image, which a driver lists in docker_images.
 */
static const dl_driver *find_docker(const char *image)
{
	for (size_t i = 0; drivers[i]; i++) {
		const char *const *im = drivers[i]->docker_images;
		for (size_t j = 0; im && im[j]; j++)
			if (ut_str_ieq(im[j], image))
				return drivers[i];
	}
	return NULL;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static char *unescape(const char *s, size_t n, bool plus_space)
{
	ut_buf b = UT_BUF_INIT;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '%' && i + 2 < n &&
		    hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
			ut_buf_putc(&b, (char)(hexval(s[i + 1]) * 16 +
					       hexval(s[i + 2])));
			i += 2;
		} else if (plus_space && s[i] == '+') {
			ut_buf_putc(&b, ' ');
		} else {
			ut_buf_putc(&b, s[i]);
		}
	}
	return ut_buf_detach(&b);
}

/*
 * Appends the query starting at q ('?') with the values of password
 * parameters ("password", "sslpassword", any case; libpq and the MySQL
 * drivers read them) replaced by "xxxxx".
 */
static void redact_query(ut_buf *out, const char *q)
{
	static const char *const secret[] = { "password", "sslpassword" };

	ut_buf_putc(out, *q++);
	while (*q) {
		size_t n = strcspn(q, "&");
		size_t kl = strcspn(q, "=&");
		bool hide = false;

		for (size_t i = 0; i < UT_ARRAY_SIZE(secret); i++)
			if (kl == strlen(secret[i]) &&
			    ut_str_nieq(q, secret[i], kl))
				hide = kl < n;
		if (hide) {
			ut_buf_put(out, q, kl + 1);
			ut_buf_puts(out, "xxxxx");
		} else {
			ut_buf_put(out, q, n);
		}
		q += n;
		if (*q == '&')
			ut_buf_putc(out, *q++);
	}
}

void dl_url_free(dl_url *u)
{
	if (!u)
		return;
	free(u->raw);
	free(u->scheme);
	free(u->user);
	if (u->password) {
		/* do not leave the secret in freed memory */
		memset(u->password, 0, strlen(u->password));
		free(u->password);
	}
	free(u->host);
	free(u->path);
	free(u->query);
	free(u->redacted);
	free(u);
}

int dl_url_parse(dl_url **out, const char *raw)
{
	dl_url *u = ut_xcalloc(1, sizeof(*u));
	const char *p = strstr(raw, "://"), *auth, *auth_end, *at, *q;
	ut_buf red = UT_BUF_INIT;
	size_t pre; /* length of the redacted text before the host */
	bool file_url;

	*out = NULL;
	if (!p || p == raw) {
		dl_url_free(u);
		ut_error_set(UT_EUSAGE, "invalid database URL: missing scheme");
		ut_error_hint("use a URL such as sqlite://file.db, postgres://user:pass@host/db or mysql://user:pass@host/db");
		return UT_EUSAGE;
	}
	u->raw = ut_xstrdup(raw);
	u->scheme = ut_xstrndup(raw, (size_t)(p - raw));
	auth = p + 3;
	auth_end = auth + strcspn(auth, "/?");
	q = strchr(auth_end, '?');
	/*
	 * userinfo ends at the last '@' before the path. SQLite URLs carry a
	 * file name or a "file:" URI there, never user, host or port.
	 */
	file_url = ut_str_ieq(u->scheme, "sqlite") ||
		   ut_str_ieq(u->scheme, "sqlite3");
	at = NULL;
	for (const char *s = auth; s < auth_end && !file_url; s++)
		if (*s == '@')
			at = s;
	ut_buf_put(&red, raw, (size_t)(auth - raw));
	if (at) {
		const char *colon = memchr(auth, ':', (size_t)(at - auth));
		if (colon) {
			u->user = unescape(auth, (size_t)(colon - auth), false);
			u->password = unescape(colon + 1,
					       (size_t)(at - colon - 1), false);
			ut_buf_put(&red, auth, (size_t)(colon - auth));
			ut_buf_puts(&red, ":xxxxx");
		} else {
			u->user = unescape(auth, (size_t)(at - auth), false);
			ut_buf_put(&red, auth, (size_t)(at - auth));
		}
		ut_buf_putc(&red, '@');
		auth = at + 1;
	}
	/* the rest as given, the query with password values hidden */
	pre = red.len;
	ut_buf_put(&red, auth, q ? (size_t)(q - auth) : strlen(auth));
	if (q)
		redact_query(&red, q);
	u->redacted = ut_buf_detach(&red);
	{
		/* host[:port], IPv6 in brackets */
		const char *hend = auth_end, *colon = NULL;
		if (*auth == '[') {
			const char *rb = memchr(auth, ']', (size_t)(hend - auth));
			if (!rb) {
				ut_error_set(UT_EUSAGE,
					     "invalid database URL '%s': '[' without ']' around the host",
					     u->redacted);
				dl_url_free(u);
				return UT_EUSAGE;
			}
			u->host = ut_xstrndup(auth + 1, (size_t)(rb - auth - 1));
			if (rb + 1 < hend && rb[1] == ':')
				colon = rb + 1;
		} else {
			if (!file_url)
				colon = memchr(auth, ':', (size_t)(hend - auth));
			u->host = unescape(auth, (size_t)((colon ? colon : hend) -
							  auth),
					   false);
		}
		if (!u->host)
			u->host = ut_xstrdup("");
		if (colon) {
			int64_t port;
			char *ps = ut_xstrndup(colon + 1,
					       (size_t)(hend - colon - 1));
			if (!*ps) {
				port = 0; /* "host:": the default, as in Go */
			} else if (ut_str_to_i64(&port, ps) < 0) {
				/*
				 * Not a number: maybe a password whose '@host'
				 * was forgotten ("user:secret/db"); not shown.
				 */
				size_t from = pre + (size_t)(colon + 1 - auth);
				size_t end = pre + (size_t)(hend - auth);
				ut_error_set(UT_EUSAGE,
					     "invalid database URL '%.*sxxxxx%s': the port is not a number",
					     (int)from, u->redacted,
					     u->redacted + end);
				ut_error_hint("write user:password@host:port, the port a number from 1 to 65535");
				free(ps);
				dl_url_free(u);
				return UT_EUSAGE;
			} else if (port <= 0 || port > 65535) {
				ut_error_set(UT_EUSAGE,
					     "invalid database URL '%s': bad port %lld",
					     u->redacted, (long long)port);
				ut_error_hint("a port is a number from 1 to 65535");
				free(ps);
				dl_url_free(u);
				return UT_EUSAGE;
			}
			u->port = (int)port;
			free(ps);
		}
	}
	{
		const char *path = auth_end;
		size_t n = q ? (size_t)(q - path) : strlen(path);
		if (n && *path == '/') {
			path++;
			n--;
		}
		u->path = unescape(path, n, false);
	}
	u->query = ut_xstrdup(q ? q + 1 : "");
	*out = u;
	return 0;
}

char *dl_url_param(const dl_url *u, const char *key)
{
	const char *p = u->query;
	size_t kl = strlen(key);

	while (*p) {
		const char *amp = strchr(p, '&');
		size_t n = amp ? (size_t)(amp - p) : strlen(p);
		if (n >= kl && strncmp(p, key, kl) == 0 &&
		    (n == kl || p[kl] == '='))
			return n == kl ? ut_xstrdup("")
				       : unescape(p + kl + 1, n - kl - 1, true);
		p += n + (amp ? 1 : 0);
	}
	return NULL;
}

int dl_open(dl_conn **out, const char *raw)
{
	dl_url *u = NULL;
	const dl_driver *drv;
	int error;

	*out = NULL;
	if ((error = dl_url_parse(&u, raw)) < 0)
		return error;
	if (ut_str_ieq(u->scheme, "docker")) {
		drv = find_docker(u->host);
		if (!drv) {
			error = ut_error_set(UT_EUSAGE,
					     "unsupported docker image '%s' in '%s'",
					     u->host, u->redacted);
			ut_error_hint("strata serves docker://postgres/<version>/<db> from the installed server binaries");
			dl_url_free(u);
			return error;
		}
		error = drv->open(out, u);
		dl_url_free(u);
		return error;
	}
	drv = dl_find(u->scheme);
	if (!drv) {
		error = ut_error_set(UT_EUSAGE, "unknown database URL scheme '%s' in '%s'",
				     u->scheme, u->redacted);
		ut_error_hint("supported: sqlite://, postgres://, mysql://, maria://");
		dl_url_free(u);
		return error;
	}
	error = drv->open(out, u);
	dl_url_free(u);
	return error;
}

void dl_close(dl_conn *c)
{
	if (c)
		c->drv->close(c);
}

/*
 * The cancel table: written with signals blocked, read by the handler.
 * A slot is free when its function is NULL; the handle is set first.
 */
#define CANCEL_SLOTS 16
static void *volatile cancel_handle[CANCEL_SLOTS];
static void (*volatile cancel_fn[CANCEL_SLOTS])(void *);
static volatile sig_atomic_t interrupted;

static void block_signals(sigset_t *old)
{
	sigset_t all;

	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, old);
}

int dl_cancel_register(void (*fn)(void *handle), void *handle)
{
	sigset_t old;
	int slot = -1;

	block_signals(&old);
	for (int i = 0; i < CANCEL_SLOTS && slot < 0; i++)
		if (!cancel_fn[i]) {
			cancel_handle[i] = handle;
			cancel_fn[i] = fn;
			slot = i;
		}
	sigprocmask(SIG_SETMASK, &old, NULL);
	return slot;
}

void dl_cancel_unregister(int slot)
{
	sigset_t old;

	if (slot < 0 || slot >= CANCEL_SLOTS)
		return;
	block_signals(&old);
	cancel_fn[slot] = NULL;
	cancel_handle[slot] = NULL;
	sigprocmask(SIG_SETMASK, &old, NULL);
}

void dl_interrupt(void)
{
	interrupted = 1;
	for (int i = 0; i < CANCEL_SLOTS; i++) {
		void (*fn)(void *) = cancel_fn[i];
		if (fn)
			fn(cancel_handle[i]);
	}
}

bool dl_interrupted(void)
{
	return interrupted != 0;
}

void dl_interrupt_clear(void)
{
	interrupted = 0;
}

int dl_exec(dl_conn *c, const char *sql)
{
	return c->drv->exec(c, sql, strlen(sql));
}

int dl_inspect(sm_realm **out, dl_conn *c, const dl_inspect_opts *o)
{
	static const dl_inspect_opts none;
	sm_realm *r;
	size_t keep = 0;
	int error;

	if ((error = c->drv->inspect(out, c, o ? o : &none)) < 0 || !o ||
	    !o->nschemas)
		return error;
	/* -s/--schema: whatever the driver inspected, keep only those */
	r = *out;
	for (size_t i = 0; i < r->schemas.len; i++) {
		bool wanted = false;
		for (size_t j = 0; j < o->nschemas; j++)
			if (strcmp(r->schemas.items[i]->obj.name, o->schemas[j]) == 0)
				wanted = true;
		if (wanted)
			r->schemas.items[keep++] = r->schemas.items[i];
		else {
			sm_schema *sc = r->schemas.items[i];
			ut_map_release(&sc->tabmap);
			for (size_t t = 0; t < sc->tables.len; t++)
				ut_map_release(&sc->tables.items[t]->colmap);
		}
	}
	r->schemas.len = keep;
	return 0;
}

dl_plan *dl_plan_new(void)
{
	dl_plan *p = ut_xcalloc(1, sizeof(*p));
	ut_arena_init(&p->arena);
	p->transactional = true;
	return p;
}

void dl_plan_free(dl_plan *p)
{
	if (!p)
		return;
	ut_arena_release(&p->arena);
	free(p);
}

void dl_plan_add(dl_plan *p, const char *sql, const char *comment,
		 const char *reverse)
{
	dl_stmt s = { 0 };
	s.sql = ut_arena_strdup(&p->arena, sql);
	s.comment = comment ? ut_arena_strdup(&p->arena, comment) : NULL;
	s.reverse = reverse ? ut_arena_strdup(&p->arena, reverse) : NULL;
	ut_vec_apush(&p->arena, &p->stmts, s);
}

/* ---- lint replay cache names ------------------------------------------ */

void dl_stash_name(char out[32], uint64_t key)
{
	snprintf(out, 32, DL_STASH_PREFIX "%016llx", (unsigned long long)key);
}

bool dl_stash_parse(uint64_t *key, const char *name)
{
	const char *h = name + strlen(DL_STASH_PREFIX);
	uint64_t k = 0;

	if (strncmp(name, DL_STASH_PREFIX, strlen(DL_STASH_PREFIX)) != 0 ||
	    strlen(h) != 16)
		return false;
	for (; *h; h++) {
		int d = *h >= '0' && *h <= '9'   ? *h - '0'
		        : *h >= 'a' && *h <= 'f' ? *h - 'a' + 10
		                                 : -1;
		if (d < 0)
			return false;
		k = k << 4 | (uint64_t)d;
	}
	*key = k;
	return true;
}

long long dl_stash_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}
