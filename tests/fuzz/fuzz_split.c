/* SPDX-License-Identifier: MIT */
/*
 * tests/fuzz/fuzz_split.c: the statement splitter (migrate/split.h). The
 * input is split with each dialect's option set and with one set chosen by
 * its first byte; every statement and comment must lie inside the input,
 * in order, and an error must come with UT_EPARSE and a message.
 */
#include <string.h>

#include "fuzz.h"
#include "split.h"
#include "ut.h"

static const char *const delimiters[] = { NULL, ";", "$$", "//", "\n" };

static void check_span(const char *in, size_t len, const char *p, size_t n)
{
	FUZZ_CHECK(p >= in && p <= in + len);
	FUZZ_CHECK(n <= (size_t)(in + len - p));
}

static void split_once(const char *in, size_t len, const mg_split_opts *opts)
{
	mg_stmts s = MG_STMTS_INIT;
	size_t last = 0;
	int error = mg_split(&s, in, len, opts);

	if (error < 0) {
		const ut_error *e = ut_error_last();
		FUZZ_CHECK(error == UT_EPARSE);
		FUZZ_CHECK(e->code == UT_EPARSE && e->msg && *e->msg);
	} else {
		FUZZ_CHECK(error == 0);
	}
	for (size_t i = 0; i < s.len; i++) {
		const mg_stmt *st = &s.items[i];
		mg_directives d = MG_DIRECTIVES_INIT;

		FUZZ_CHECK(st->pos <= len && st->pos >= last);
		last = st->pos;
		FUZZ_CHECK(st->line >= 1);
		check_span(in, len, st->text, st->len);
		FUZZ_CHECK(st->comment_first + st->ncomments <=
		           s.ncomment_pool);
		for (size_t c = 0; c < st->ncomments; c++) {
			mg_span sp = mg_stmt_comment(&s, st, c);
			check_span(in, len, sp.ptr, sp.len);
		}
		FUZZ_CHECK(mg_stmt_directives(&d, &s, st) == 0);
		for (size_t k = 0; k < d.len; k++)
			FUZZ_CHECK(mg_directives_get(&d, d.items[k].name));
		mg_directives_release(&d);
	}
	mg_stmts_release(&s);
	FUZZ_CHECK(s.items == NULL && s.len == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *in;
	mg_split_opts o;
	unsigned char b;

	if (size < 1)
		return 0;
	b = data[0];
	in = (const char *)data + 1;
	size--;
	for (int k = MG_SPLIT_GENERIC; k <= MG_SPLIT_ALL; k++) {
		o = mg_split_opts_for((mg_dialect_kind)k);
		split_once(in, size, &o);
	}
	/* every combination of options, and a few initial delimiters */
	memset(&o, 0, sizeof(o));
	o.match_begin = b & 1;
	o.match_begin_atomic = b & 2;
	o.dollar_quote = b & 4;
	o.backslash_escapes = b & 8;
	o.escaped_string_ext = b & 16;
	o.hash_comments = b & 32;
	o.delimiter = delimiters[(b >> 6) % UT_ARRAY_SIZE(delimiters)];
	split_once(in, size, &o);
	ut_error_clear();
	return 0;
}
