/* SPDX-License-Identifier: MIT */
/*
 * tests/fuzz/fuzz_url.c: URL parsing: database URLs (dialects/driver.h
 * dl_url_parse, dl_url_param) and migration directory URLs (migrate/dir.h
 * mg_dir_url_parse). Secrets must not reach what is shown: the URL is
 * parsed again with its password (user info) and its password=/sslpassword=
 * query values replaced, and the redacted form, the error code and the
 * error message must come out the same.
 */
#include <string.h>
#include <strings.h>

#include "driver.h"
#include "dir.h"
#include "fuzz.h"
#include "ut.h"

static const char *const keys[] = {
	"mode",   "password", "search_path", "sslmode", "x-multi-statement",
	"format", "",         "_fk",
};

static bool secret_key(const char *p, size_t kl)
{
	return (kl == 8 && strncasecmp(p, "password", 8) == 0) ||
	       (kl == 11 && strncasecmp(p, "sslpassword", 11) == 0);
}

/*
 * raw with every secret replaced by "SECRET": the password of the user
 * info (between the first ':' and the last '@' before the path; SQLite
 * URLs have none: a file name follows "://") and the values of password
 * query parameters. *changed tells whether there was any.
 */
static char *replace_secrets(const char *raw, bool *changed)
{
	ut_buf b = UT_BUF_INIT;
	const char *auth = strstr(raw, "://"), *end, *at = NULL, *colon = NULL;
	const char *q;

	*changed = false;
	if (!auth)
		return ut_xstrdup(raw);
	auth += 3;
	end = auth + strcspn(auth, "/?");
	for (const char *s = auth; s < end; s++)
		if (*s == '@')
			at = s;
	if (at && strncasecmp(raw, "sqlite", 6) != 0)
		colon = memchr(auth, ':', (size_t)(at - auth));
	if (colon) {
		ut_buf_put(&b, raw, (size_t)(colon + 1 - raw));
		ut_buf_puts(&b, "SECRET");
		ut_buf_put(&b, at, (size_t)(end - at));
		*changed = true;
	} else {
		ut_buf_put(&b, raw, (size_t)(end - raw));
	}
	q = strchr(end, '?');
	ut_buf_put(&b, end, q ? (size_t)(q - end) : strlen(end));
	if (!q)
		return ut_buf_detach(&b);
	ut_buf_putc(&b, '?');
	for (const char *p = q + 1; *p;) {
		size_t n = strcspn(p, "&"), kl = strcspn(p, "=&");
		if (kl < n && secret_key(p, kl)) {
			ut_buf_put(&b, p, kl + 1);
			ut_buf_puts(&b, "SECRET");
			*changed = true;
		} else {
			ut_buf_put(&b, p, n);
		}
		p += n;
		if (*p == '&')
			ut_buf_putc(&b, *p++);
	}
	return ut_buf_detach(&b);
}

/* Parses raw: the error code, and the redacted URL or the message. */
static int parse(char **shown, const char *raw)
{
	dl_url *u = NULL;
	int error = dl_url_parse(&u, raw);

	if (error < 0) {
		const ut_error *e = ut_error_last();
		FUZZ_CHECK(u == NULL && e->code == error && e->msg);
		*shown = ut_xstrdup(e->msg);
		ut_error_clear();
		return error;
	}
	FUZZ_CHECK(u && u->raw && u->scheme && u->host && u->path && u->query &&
	           u->redacted);
	FUZZ_CHECK(u->port >= 0 && u->port <= 65535);
	for (size_t i = 0; i < UT_ARRAY_SIZE(keys); i++)
		free(dl_url_param(u, keys[i]));
	/* and the first key of the query, whatever it is */
	{
		char *k = ut_xstrndup(u->query, strcspn(u->query, "=&"));
		free(dl_url_param(u, k));
		free(k);
	}
	*shown = ut_xstrdup(u->redacted);
	dl_url_free(u);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *raw = ut_xstrndup((const char *)data, size);
	char *shown = NULL, *path = NULL;
	bool changed;
	char *other = replace_secrets(raw, &changed);
	mg_format fmt;
	int error = parse(&shown, raw);

	if (changed) {
		char *shown2 = NULL;
		int error2 = parse(&shown2, other);
		FUZZ_CHECK(error == error2);
		FUZZ_CHECK(strcmp(shown, shown2) == 0);
		free(shown2);
	}
	error = mg_dir_url_parse(&path, &fmt, raw);
	if (error < 0)
		FUZZ_CHECK(path == NULL);
	else
		FUZZ_CHECK(path != NULL);
	free(path);
	free(shown);
	free(other);
	free(raw);
	ut_error_clear();
	return 0;
}
