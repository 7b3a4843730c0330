/* SPDX-License-Identifier: MIT */
/*
 * util/str.h: small string helpers that C's library lacks.
 */
#ifndef STRATA_UTIL_STR_H
#define STRATA_UTIL_STR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ut_buf;

bool ut_str_prefix(const char *s, const char *prefix);
bool ut_str_suffix(const char *s, const char *suffix);
bool ut_str_ieq(const char *a, const char *b);
bool ut_str_nieq(const char *a, const char *b, size_t n);
/* Case-insensitive prefix check of a non-terminated span. */
bool ut_span_iprefix(const char *s, size_t n, const char *prefix);
/* Pointer to the first non-space byte of s. */
const char *ut_str_ltrim(const char *s);
/* Parses a whole decimal integer; UT_EPARSE when s is not one. */
int ut_str_to_i64(int64_t *out, const char *s);
/*
 * Parses a Go-style duration ("10s", "1m30s", "250ms", "2h") into
 * nanoseconds. A bare number is taken as seconds.
 */
int ut_duration_parse(int64_t *out_ns, const char *s);
/* Formats nanoseconds like Go's time.Duration.String(). */
void ut_duration_format(struct ut_buf *out, int64_t ns);
/* Go %q-style double-quoted string (used in messages and comments). */
void ut_buf_quote(struct ut_buf *out, const char *s);
/* Monotonic clock in nanoseconds. */
int64_t ut_now_ns(void);
/* Replaces every occurrence of from with to; result malloc'd. */
char *ut_str_replace(const char *s, const char *from, const char *to);

/*
 * Splits a URL into [0, *path) [*path, *query) [*query, end): scheme and
 * authority, the path, then "?query#fragment".
 */
void ut_url_split(const char *url, size_t *path, size_t *query);
/* url with its path replaced by path ("/" added when missing); malloc'd. */
char *ut_url_set_path(const char *url, const char *path);

#endif
