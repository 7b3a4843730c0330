/* SPDX-License-Identifier: MIT */
/* util/buf.c: the growable byte buffer. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ut.h"

char ut_buf__empty[1];

void ut_buf_init(ut_buf *b)
{
	b->ptr = ut_buf__empty;
	b->len = 0;
	b->cap = 0;
}

void ut_buf_grow(ut_buf *b, size_t extra)
{
	size_t need = b->len + extra + 1;
	size_t cap;

	if (need <= b->cap)
		return;
	if (need < b->len)
		ut_die_oom();
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap + cap / 2 + 16;
	if (b->cap == 0) {
		b->ptr = ut_xmalloc(cap);
		b->ptr[0] = '\0';
	} else {
		b->ptr = ut_xrealloc(b->ptr, cap);
	}
	b->cap = cap;
}

void ut_buf_put(ut_buf *b, const void *data, size_t n)
{
	if (n == 0)
		return;
	ut_buf_grow(b, n);
	memcpy(b->ptr + b->len, data, n);
	b->len += n;
	b->ptr[b->len] = '\0';
}

void ut_buf_puts(ut_buf *b, const char *s)
{
	ut_buf_put(b, s, strlen(s));
}

void ut_buf_putc(ut_buf *b, char c)
{
	ut_buf_grow(b, 1);
	b->ptr[b->len++] = c;
	b->ptr[b->len] = '\0';
}

void ut_buf_vprintf(ut_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	va_copy(cp, ap);
	ut_buf_grow(b, 64);
	n = vsnprintf(b->ptr + b->len, b->cap - b->len, fmt, cp);
	va_end(cp);
	if (n < 0)
		return;
	if ((size_t)n >= b->cap - b->len) {
		ut_buf_grow(b, (size_t)n);
		va_copy(cp, ap);
		n = vsnprintf(b->ptr + b->len, b->cap - b->len, fmt, cp);
		va_end(cp);
	}
	b->len += (size_t)n;
}

void ut_buf_printf(ut_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ut_buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void ut_buf_setlen(ut_buf *b, size_t len)
{
	if (b->cap == 0)
		return;
	b->len = len < b->len ? len : b->len;
	b->ptr[b->len] = '\0';
}

void ut_buf_reset(ut_buf *b)
{
	ut_buf_setlen(b, 0);
}

void ut_buf_release(ut_buf *b)
{
	if (b->cap)
		free(b->ptr);
	ut_buf_init(b);
}

char *ut_buf_detach(ut_buf *b)
{
	char *p = b->cap ? b->ptr : ut_xstrdup("");
	ut_buf_init(b);
	return p;
}

void ut_buf_rtrim(ut_buf *b)
{
	while (b->len && isspace((unsigned char)b->ptr[b->len - 1]))
		b->len--;
	if (b->cap)
		b->ptr[b->len] = '\0';
}
