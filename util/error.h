/* SPDX-License-Identifier: MIT */
/*
 * util/error.h: the error model. Functions return 0 or a negative ut_code;
 * the message lives in one thread-local slot set where the failure is found.
 */
#ifndef STRATA_UTIL_ERROR_H
#define STRATA_UTIL_ERROR_H

typedef enum ut_code {
	UT_OK = 0,
	UT_ERROR = -1,     /* generic failure */
	UT_ENOTFOUND = -2, /* a named thing does not exist */
	UT_EEXISTS = -3,   /* a thing that must not exist does */
	UT_EPARSE = -4,    /* input could not be parsed */
	UT_ELINT = -5,     /* lint findings at or over the threshold */
	UT_EDB = -6,       /* database or driver error */
	UT_ECHECKSUM = -7, /* migration directory integrity */
	UT_ELOCKED = -8,   /* a lock could not be taken in time */
	UT_EUSAGE = -9,    /* bad command line */
} ut_code;

typedef struct ut_error {
	ut_code code;
	char *msg;  /* never NULL after a set; "" when clear */
	char *hint; /* NULL when there is none */
} ut_error;

/*
 * Stores the message (printf format) for this thread and returns code, so
 * callers can write: return ut_error_set(UT_ENOTFOUND, "...").
 * Clears any earlier hint.
 */
int ut_error_set(ut_code code, const char *fmt, ...) UT_PRINTF(2, 3);

/* Adds a hint line to the current error. */
void ut_error_hint(const char *fmt, ...) UT_PRINTF(1, 2);

/*
 * Prefixes the current message with context: "ctx: old message". Returns
 * the current code (so `return ut_error_wrap("reading '%s'", p);` works).
 */
int ut_error_wrap(const char *fmt, ...) UT_PRINTF(1, 2);

/* Never NULL; valid until the next set or clear on this thread. */
const ut_error *ut_error_last(void);

/*
 * Moves the current error out (ut_error_stash) and back in
 * (ut_error_restore), so cleanup code that may fail keeps the first error.
 */
void ut_error_stash(ut_error *saved);
void ut_error_restore(ut_error *saved);

/* Forget the current error (used when a caller swallows one). */
void ut_error_clear(void);

/* Sets an error from errno with "<what>: <strerror>" and returns UT_ERROR. */
int ut_error_errno(const char *fmt, ...) UT_PRINTF(1, 2);

#endif
