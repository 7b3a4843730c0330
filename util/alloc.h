/* SPDX-License-Identifier: MIT */
/*
 * util/alloc.h: x-allocators. On out-of-memory they print
 * "strata: out of memory" and exit: a CLI gains nothing by unwinding.
 */
#ifndef STRATA_UTIL_ALLOC_H
#define STRATA_UTIL_ALLOC_H

#include <stddef.h>

void *ut_xmalloc(size_t n);
void *ut_xcalloc(size_t nmemb, size_t size);
void *ut_xrealloc(void *p, size_t n);
char *ut_xstrdup(const char *s);
char *ut_xstrndup(const char *s, size_t n);
/* malloc'd printf; caller frees. */
char *ut_xasprintf(const char *fmt, ...) UT_PRINTF(1, 2);

UT_NORETURN void ut_die_oom(void);

#endif
