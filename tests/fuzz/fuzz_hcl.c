/* SPDX-License-Identifier: MIT */
/*
 * tests/fuzz/fuzz_hcl.c: the HCL parser, evaluator and formatter
 * (hcl/hcl.h). A parsed file has every attribute evaluated, in strict and
 * in symbolic mode, every block's for_each expanded, and every value
 * turned into text and JSON. Errors must be UT_EPARSE with a message.
 * The formatter must turn a file that parses into one that parses and
 * that it leaves unchanged.
 */
#include <string.h>

#include "fuzz.h"
#include "hcl.h"
#include "ut.h"

/* file() and fileset() look here: nothing to read */
#define NO_DIR "/nonexistent/strata-fuzz"

static void check_error(int error)
{
	const ut_error *e = ut_error_last();

	FUZZ_CHECK(error == UT_EPARSE || error == UT_ERROR ||
	           error == UT_ENOTFOUND);
	FUZZ_CHECK(e->code == error && e->msg && *e->msg);
	ut_error_clear();
}

static void use_value(hcl_eval *ev, const hcl_value *v)
{
	ut_buf json = UT_BUF_INIT;

	FUZZ_CHECK(v != NULL);
	(void)hcl_value_text(ev, v);
	(void)hcl_vkind_name(v->kind);
	hcl_value_json(&json, v);
	ut_buf_release(&json);
}

static void walk(hcl_eval *ev, const hcl_scope *scope, const hcl_body *body,
                 int depth)
{
	for (size_t i = 0; i < body->n; i++) {
		const hcl_item *it = &body->items[i];
		hcl_value *v;
		int error;

		FUZZ_CHECK(!it->attr != !it->block);
		if (it->attr) {
			const hcl_expr *e = it->attr->expr;
			(void)hcl_expr_word(e);
			(void)hcl_expr_bare_word(e);
			(void)hcl_expr_is_null(e);
			FUZZ_CHECK(hcl_expr_file(e) == body->file);
			FUZZ_CHECK(hcl_expr_off(e) <= body->file->len);
			error = hcl_eval_expr(&v, ev, scope, e);
			if (error < 0)
				check_error(error);
			else
				use_value(ev, v);
			continue;
		}
		{
			hcl_value **keys = NULL, **vals = NULL;
			size_t n = 0;
			bool has = false;

			error = hcl_for_each(&keys, &vals, &n, &has, ev, scope,
			                     it->block);
			if (error < 0) {
				check_error(error);
			} else if (has) {
				for (size_t k = 0; k < n; k++) {
					use_value(ev, keys[k]);
					use_value(ev, vals[k]);
				}
			}
		}
		if (depth < 64)
			walk(ev, scope, it->block->body, depth + 1);
	}
}

/*
 * Formatting text that parses gives text that parses and formats to
 * itself. (Text that does not parse is only formatted token by token:
 * joining "!" and "=>" into "!=>" changes it, but it was invalid anyway.)
 */
static void check_format(const char *in, size_t len, bool parses)
{
	ut_buf once = UT_BUF_INIT, twice = UT_BUF_INIT;
	hcl_file *f = NULL;
	int error = hcl_format(&once, "fuzz.hcl", in, len);

	if (error < 0) {
		FUZZ_CHECK(!parses);
		check_error(error);
		goto done;
	}
	if (!parses)
		goto done;
	FUZZ_CHECK(hcl_parse(&f, "fuzz.hcl", once.ptr, once.len) == 0);
	hcl_file_free(f);
	error = hcl_format(&twice, "fuzz.hcl", once.ptr, once.len);
	FUZZ_CHECK(error == 0);
	FUZZ_CHECK(once.len == twice.len &&
	           memcmp(once.ptr, twice.ptr, once.len) == 0);
done:
	ut_buf_release(&once);
	ut_buf_release(&twice);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *in = (const char *)data;
	hcl_file *f = NULL;
	int error = hcl_parse(&f, "fuzz.hcl", in, size);

	if (error < 0) {
		FUZZ_CHECK(f == NULL);
		check_error(error);
	} else {
		for (int symbolic = 0; symbolic <= 1; symbolic++) {
			hcl_eval *ev = hcl_eval_new(symbolic);
			hcl_eval_set_dir(ev, NO_DIR);
			walk(ev, hcl_eval_root(ev), f->body, 0);
			hcl_eval_free(ev);
		}
		hcl_file_free(f);
	}
	check_format(in, size, error == 0);
	return 0;
}
