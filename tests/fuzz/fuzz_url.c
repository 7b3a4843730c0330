/* SPDX-License-Identifier: MIT */
/*
 * tests/fuzz/fuzz_url.c: URL parsing: database URLs (dialects/driver.h
 * dl_url_parse, dl_url_param) and migration directory URLs (migrate/dir.h
 * mg_dir_url_parse). The redacted form of a database URL must not contain
 * its password (user info or password query parameter), and an error
 * message must not either.
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

/*
 * The raw "user:PASSWORD@" text of the URL, when it has one. SQLite URLs
 * have no user info: what follows "://" is a file name.
 */
static char *raw_password(const char *raw)
{
	const char *auth = strstr(raw, "://"), *end, *at = NULL, *colon;

	if (!auth || strncasecmp(raw, "sqlite", 6) == 0)
		return NULL;
	auth += 3;
	end = auth + strcspn(auth, "/?");
	for (const char *s = auth; s < end; s++)
		if (*s == '@')
			at = s;
	if (!at)
		return NULL;
	colon = memchr(auth, ':', (size_t)(at - auth));
	if (!colon)
		return NULL;
	return ut_xstrndup(colon + 1, (size_t)(at - colon - 1));
}

static size_t count(const char *hay, const char *needle);

/*
 * The redacted URL hides the raw value of every password=/sslpassword=
 * query parameter (long enough not to occur elsewhere by chance).
 */
static void check_query(const char *raw, const dl_url *u)
{
	const char *p = u->query;

	while (*p) {
		size_t n = strcspn(p, "&"), kl = strcspn(p, "=&");
		if (kl < n &&
		    ((kl == 8 && strncasecmp(p, "password", 8) == 0) ||
		     (kl == 11 && strncasecmp(p, "sslpassword", 11) == 0))) {
			char *v = ut_xstrndup(p + kl + 1, n - kl - 1);
			if (strlen(v) >= 6 && count(raw, v) == 1)
				FUZZ_CHECK(!strstr(u->redacted, v));
			free(v);
		}
		p += n;
		if (*p == '&')
			p++;
	}
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;

	for (const char *p = hay; (p = strstr(p, needle)); p++)
		n++;
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *raw = ut_xstrndup((const char *)data, size);
	char *secret = raw_password(raw), *path = NULL;
	/* a password worth checking: long enough not to occur by chance */
	bool check = secret && strlen(secret) >= 6 && count(raw, secret) == 1;
	dl_url *u = NULL;
	mg_format fmt;
	int error;

	error = dl_url_parse(&u, raw);
	if (error < 0) {
		const ut_error *e = ut_error_last();
		FUZZ_CHECK(u == NULL && e->msg);
		if (check)
			FUZZ_CHECK(!strstr(e->msg, secret));
	} else {
		FUZZ_CHECK(u && u->raw && u->scheme && u->host && u->path &&
		           u->query && u->redacted);
		FUZZ_CHECK(u->port >= 0 && u->port <= 65535);
		if (check)
			FUZZ_CHECK(!strstr(u->redacted, secret));
		check_query(raw, u);
		for (size_t i = 0; i < UT_ARRAY_SIZE(keys); i++)
			free(dl_url_param(u, keys[i]));
		/* and the first key of the query, whatever it is */
		{
			char *k =
			        ut_xstrndup(u->query, strcspn(u->query, "=&"));
			free(dl_url_param(u, k));
			free(k);
		}
		dl_url_free(u);
	}
	error = mg_dir_url_parse(&path, &fmt, raw);
	if (error < 0)
		FUZZ_CHECK(path == NULL);
	else
		FUZZ_CHECK(path != NULL);
	free(path);
	free(secret);
	free(raw);
	ut_error_clear();
	return 0;
}
