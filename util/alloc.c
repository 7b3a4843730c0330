/* SPDX-License-Identifier: MIT */
/* util/alloc.c: allocators that exit on out-of-memory. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ut.h"

void ut_die_oom(void)
{
	static const char msg[] = "strata: out of memory\n";
	ssize_t r = write(2, msg, sizeof(msg) - 1);
	(void)r;
	_exit(1);
}

void *ut_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		ut_die_oom();
	return p;
}

void *ut_xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);
	if (!p)
		ut_die_oom();
	return p;
}

void *ut_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		ut_die_oom();
	return q;
}

char *ut_xstrdup(const char *s)
{
	return ut_xstrndup(s, strlen(s));
}

char *ut_xstrndup(const char *s, size_t n)
{
	char *p = ut_xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *ut_xasprintf(const char *fmt, ...)
{
	ut_buf b = UT_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	ut_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	return ut_buf_detach(&b);
}
