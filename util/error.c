/* SPDX-License-Identifier: MIT */
/* util/error.c: the thread-local error slot. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ut.h"

static _Thread_local ut_error last = { UT_OK, NULL, NULL };
static char empty_msg[] = "";

static char *vformat(const char *fmt, va_list ap)
{
	ut_buf b = UT_BUF_INIT;
	ut_buf_vprintf(&b, fmt, ap);
	return ut_buf_detach(&b);
}

int ut_error_set(ut_code code, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = vformat(fmt, ap);
	va_end(ap);
	ut_error_clear();
	last.code = code;
	last.msg = msg;
	return code;
}

void ut_error_hint(const char *fmt, ...)
{
	va_list ap;

	free(last.hint);
	va_start(ap, fmt);
	last.hint = vformat(fmt, ap);
	va_end(ap);
}

int ut_error_wrap(const char *fmt, ...)
{
	va_list ap;
	ut_buf b = UT_BUF_INIT;

	va_start(ap, fmt);
	ut_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	if (last.msg && *last.msg)
		ut_buf_printf(&b, ": %s", last.msg);
	if (last.msg != empty_msg)
		free(last.msg);
	last.msg = ut_buf_detach(&b);
	if (last.code == UT_OK)
		last.code = UT_ERROR;
	return last.code;
}

const ut_error *ut_error_last(void)
{
	if (!last.msg)
		last.msg = empty_msg;
	return &last;
}

void ut_error_clear(void)
{
	if (last.msg != empty_msg)
		free(last.msg);
	free(last.hint);
	last.code = UT_OK;
	last.msg = empty_msg;
	last.hint = NULL;
}

int ut_error_errno(const char *fmt, ...)
{
	int saved = errno;
	va_list ap;
	ut_buf b = UT_BUF_INIT;

	va_start(ap, fmt);
	ut_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	ut_buf_printf(&b, ": %s", strerror(saved));
	ut_error_clear();
	last.code = saved == ENOENT ? UT_ENOTFOUND : UT_ERROR;
	last.msg = ut_buf_detach(&b);
	return last.code;
}

void ut_error_stash(ut_error *saved)
{
	const ut_error *e = ut_error_last();
	saved->code = e->code;
	saved->msg = e->msg == empty_msg ? NULL : e->msg;
	saved->hint = e->hint;
	last.code = UT_OK;
	last.msg = empty_msg;
	last.hint = NULL;
}

void ut_error_restore(ut_error *saved)
{
	ut_error_clear();
	last.code = saved->code;
	last.msg = saved->msg ? saved->msg : empty_msg;
	last.hint = saved->hint;
	saved->msg = saved->hint = NULL;
}
