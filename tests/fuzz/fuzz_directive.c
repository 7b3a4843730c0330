/* SPDX-License-Identifier: MIT */
/*
 * tests/fuzz/fuzz_directive.c: the directive parser (migrate/split.h
 * mg_directive_match, mg_file_directives; migrate/sum.h mg_sum_ignored).
 * Every line of the input is matched; the spans must lie inside the line
 * in the order prefix, "atlas:", name, arguments.
 */
#include <string.h>

#include "fuzz.h"
#include "split.h"
#include "sum.h"
#include "ut.h"

static void match_line(const char *line, size_t len)
{
	mg_span prefix, name, args;
	const char *nl = memchr(line, '\n', len);
	size_t eol = nl ? (size_t)(nl - line) : len;

	if (!mg_directive_match(&prefix, &name, &args, line, len))
		return;
	FUZZ_CHECK(prefix.ptr == line);
	FUZZ_CHECK(prefix.len + 6 <= eol);
	FUZZ_CHECK(memcmp(line + prefix.len, "atlas:", 6) == 0);
	FUZZ_CHECK(name.ptr == line + prefix.len + 6);
	FUZZ_CHECK(name.len >= 1 && name.ptr + name.len <= line + eol);
	FUZZ_CHECK(args.ptr >= name.ptr + name.len);
	FUZZ_CHECK(args.ptr + args.len <= line + eol);
	for (size_t i = 0; i < prefix.len; i++)
		FUZZ_CHECK(line[i] >= ' ' && line[i] <= '~');
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *in = (const char *)data, *end = in + size;
	mg_directives d = MG_DIRECTIVES_INIT;

	for (const char *l = in; l < end;) {
		const char *nl = memchr(l, '\n', (size_t)(end - l));
		match_line(l, (size_t)(end - l));
		l = nl ? nl + 1 : end;
	}
	FUZZ_CHECK(mg_file_directives(&d, in, size) == 0);
	for (size_t i = 0; i < d.len; i++) {
		FUZZ_CHECK(d.items[i].name && *d.items[i].name);
		FUZZ_CHECK(d.items[i].args);
		FUZZ_CHECK(mg_directives_get(&d, d.items[i].name));
	}
	mg_directives_release(&d);
	FUZZ_CHECK(d.items == NULL && d.len == 0);
	(void)mg_sum_ignored(in, size);
	return 0;
}
