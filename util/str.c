/* SPDX-License-Identifier: MIT */
/* util/str.c: string helpers, durations, Go-style quoting, clock. */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ut.h"

bool ut_str_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

bool ut_str_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

bool ut_str_ieq(const char *a, const char *b)
{
	while (*a && *b) {
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return false;
		a++;
		b++;
	}
	return *a == *b;
}

bool ut_str_nieq(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (tolower((unsigned char)a[i]) != tolower((unsigned char)b[i]))
			return false;
		if (!a[i])
			return true;
	}
	return true;
}

bool ut_span_iprefix(const char *s, size_t n, const char *prefix)
{
	size_t m = strlen(prefix);
	if (n < m)
		return false;
	for (size_t i = 0; i < m; i++)
		if (tolower((unsigned char)s[i]) !=
		    tolower((unsigned char)prefix[i]))
			return false;
	return true;
}

const char *ut_str_ltrim(const char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	return s;
}

int ut_str_to_i64(int64_t *out, const char *s)
{
	char *end;
	long long v;

	errno = 0;
	if (!*s || isspace((unsigned char)*s))
		return UT_EPARSE;
	v = strtoll(s, &end, 10);
	if (errno || *end)
		return UT_EPARSE;
	*out = v;
	return 0;
}

int ut_duration_parse(int64_t *out_ns, const char *s)
{
	static const struct {
		const char *unit;
		int64_t ns;
	} units[] = {
		{ "ns", 1 },
		{ "us", 1000 },
		{ "µs", 1000 },
		{ "ms", 1000000 },
		{ "s", 1000000000 },
		{ "m", 60LL * 1000000000 },
		{ "h", 3600LL * 1000000000 },
	};
	double total = 0;
	const char *p = s;

	if (!*s)
		return UT_EPARSE;
	if (strspn(s, "0123456789") == strlen(s)) {
		int64_t v;
		if (ut_str_to_i64(&v, s) < 0)
			return UT_EPARSE;
		*out_ns = v * 1000000000LL;
		return 0;
	}
	while (*p) {
		char *end;
		double v = strtod(p, &end);
		size_t best = 0;
		int64_t mult = 0;

		if (end == p || v < 0)
			return UT_EPARSE;
		p = end;
		for (size_t i = 0; i < UT_ARRAY_SIZE(units); i++) {
			size_t n = strlen(units[i].unit);
			if (strncmp(p, units[i].unit, n) == 0 && n > best) {
				best = n;
				mult = units[i].ns;
			}
		}
		if (!best)
			return UT_EPARSE;
		p += best;
		total += v * (double)mult;
	}
	*out_ns = (int64_t)total;
	return 0;
}

/*
 * Go's Duration.String: "1h2m3.5s", "1.234ms", "0s". Fractions print
 * without trailing zeros.
 */
static void put_frac(ut_buf *out, uint64_t v, int digits)
{
	char tmp[32];
	int n = snprintf(tmp, sizeof(tmp), "%" PRIu64, v);
	uint64_t pow10 = 1;
	for (int i = 0; i < digits; i++)
		pow10 *= 10;
	uint64_t ip = v / pow10, fp = v % pow10;
	(void)n;
	ut_buf_printf(out, "%" PRIu64, ip);
	if (fp) {
		char f[32];
		snprintf(f, sizeof(f), "%0*" PRIu64, digits, fp);
		size_t l = strlen(f);
		while (l && f[l - 1] == '0')
			f[--l] = '\0';
		ut_buf_printf(out, ".%s", f);
	}
}

void ut_duration_format(ut_buf *out, int64_t ns)
{
	uint64_t u;

	if (ns == 0) {
		ut_buf_puts(out, "0s");
		return;
	}
	if (ns < 0) {
		ut_buf_putc(out, '-');
		u = (uint64_t)(-(ns + 1)) + 1;
	} else {
		u = (uint64_t)ns;
	}
	if (u < 1000) {
		ut_buf_printf(out, "%" PRIu64 "ns", u);
	} else if (u < 1000000) {
		put_frac(out, u, 3);
		ut_buf_puts(out, "µs");
	} else if (u < 1000000000) {
		put_frac(out, u, 6);
		ut_buf_puts(out, "ms");
	} else {
		uint64_t h = u / 3600000000000ULL;
		uint64_t rem = u % 3600000000000ULL;
		uint64_t m = rem / 60000000000ULL;
		rem %= 60000000000ULL;
		if (h)
			ut_buf_printf(out, "%" PRIu64 "h", h);
		if (h || m)
			ut_buf_printf(out, "%" PRIu64 "m", m);
		put_frac(out, rem, 9);
		ut_buf_putc(out, 's');
	}
}

void ut_buf_quote(ut_buf *out, const char *s)
{
	ut_buf_putc(out, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"':
			ut_buf_puts(out, "\\\"");
			break;
		case '\\':
			ut_buf_puts(out, "\\\\");
			break;
		case '\n':
			ut_buf_puts(out, "\\n");
			break;
		case '\t':
			ut_buf_puts(out, "\\t");
			break;
		case '\r':
			ut_buf_puts(out, "\\r");
			break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				ut_buf_printf(out, "\\x%02x", *p);
			else
				ut_buf_putc(out, (char)*p);
		}
	}
	ut_buf_putc(out, '"');
}

int64_t ut_now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

char *ut_str_replace(const char *s, const char *from, const char *to)
{
	ut_buf b = UT_BUF_INIT;
	size_t fl = strlen(from);
	const char *p;

	if (!fl)
		return ut_xstrdup(s);
	while ((p = strstr(s, from))) {
		ut_buf_put(&b, s, (size_t)(p - s));
		ut_buf_puts(&b, to);
		s = p + fl;
	}
	ut_buf_puts(&b, s);
	return ut_buf_detach(&b);
}

void ut_url_split(const char *u, size_t *path, size_t *query)
{
	const char *p = strstr(u, "://");
	size_t i = p ? (size_t)(p - u) + 3 : 0;

	if (p)
		i += strcspn(u + i, "/?#");
	*path = i;
	*query = i + strcspn(u + i, "?#");
}

char *ut_url_set_path(const char *url, const char *path)
{
	ut_buf b = UT_BUF_INIT;
	size_t ps, qs;

	ut_url_split(url, &ps, &qs);
	ut_buf_put(&b, url, ps);
	if (*path && *path != '/')
		ut_buf_putc(&b, '/');
	ut_buf_puts(&b, path);
	ut_buf_puts(&b, url + qs);
	return ut_buf_detach(&b);
}
