/* SPDX-License-Identifier: MIT */
/*
 * util/buf.h: the growable byte buffer. Invariants (as git's strbuf):
 * ptr is never NULL (a shared "" while cap == 0) and is always
 * NUL-terminated; appends cannot fail (x-alloc).
 */
#ifndef STRATA_UTIL_BUF_H
#define STRATA_UTIL_BUF_H

#include <stdarg.h>
#include <stddef.h>

extern char ut_buf__empty[];

typedef struct ut_buf {
	char *ptr;
	size_t len;
	size_t cap;
} ut_buf;

#define UT_BUF_INIT { ut_buf__empty, 0, 0 }

void ut_buf_init(ut_buf *b);
void ut_buf_grow(ut_buf *b, size_t extra);
void ut_buf_put(ut_buf *b, const void *data, size_t n);
void ut_buf_puts(ut_buf *b, const char *s);
void ut_buf_putc(ut_buf *b, char c);
void ut_buf_printf(ut_buf *b, const char *fmt, ...) UT_PRINTF(2, 3);
void ut_buf_vprintf(ut_buf *b, const char *fmt, va_list ap) UT_PRINTF(2, 0);
void ut_buf_setlen(ut_buf *b, size_t len);
void ut_buf_reset(ut_buf *b);   /* len = 0, keeps memory */
void ut_buf_release(ut_buf *b); /* frees, back to UT_BUF_INIT */
char *ut_buf_detach(ut_buf *b); /* caller frees the result; b is reset */
/* Removes trailing whitespace. */
void ut_buf_rtrim(ut_buf *b);

#endif
