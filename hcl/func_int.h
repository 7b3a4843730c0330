/* SPDX-License-Identifier: MIT */
/* hcl/func_int.h: the evaluator's state and the function table. */
#ifndef STRATA_HCL_FUNC_INT_H
#define STRATA_HCL_FUNC_INT_H

#include "hcl_int.h"

struct hcl_eval {
	ut_arena arena;
	hcl_scope root;
	bool symbolic;
	char *dir;                      /* base of relative file paths */
	UT_VEC(const char *) stack;     /* lazy values being computed */
};

/* Evaluates a call expression (built-in functions; symbolic calls). */
int hcl__call(hcl_value **out, hcl_eval *ev, const hcl_scope *scope,
	      const hcl_expr *e);
/* Shortest text of a number. */
void hcl__number_text(ut_buf *b, double n);
bool hcl__values_equal(const hcl_value *a, const hcl_value *b);
int hcl__force_deep(hcl_value **v, hcl_eval *ev, const hcl_expr *at);

#endif
