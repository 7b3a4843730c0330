/* SPDX-License-Identifier: MIT */
/*
 * schema/hclin.h: Atlas HCL schema documents (reference 5.4) to a realm.
 * Reads what schema/hclout.c writes, plus Atlas's own spellings (types as
 * bare words or calls, double_precision, enum references, `as = "expr"`).
 * The realm holds types, defaults and expressions as SQL text; callers
 * normalise it through a dev database before comparing it with anything.
 */
#ifndef STRATA_SCHEMA_HCLIN_H
#define STRATA_SCHEMA_HCLIN_H

#include <stddef.h>

struct sm_realm;

/*
 * Reads the HCL files and folders (every *.hcl inside, no recursion) in
 * paths into *out (freed with sm_realm_free). dialect is "sqlite",
 * "postgres" or "mysql". vars are "name=value" inputs for the documents'
 * `variable` blocks (may be NULL). Errors: UT_EPARSE with file:line:col
 * and a caret for syntax and reference errors, UT_ENOTFOUND for a missing
 * path, UT_EUSAGE for a project file (one with an env block).
 */
int sm_hcl_read(struct sm_realm **out, const char *dialect,
		const char *const *paths, size_t n, const char *const *vars,
		size_t nvars);

/*
 * Default inputs of this thread for the documents' variables when
 * sm_hcl_read gets none ("name=value", copied; NULL/0 clears): the
 * project layer passes the selected env's attributes and --var values,
 * as Atlas does. Undeclared names are ignored.
 */
void sm_hcl_set_inputs(const char *const *vars, size_t n);

/* The same for one document already in memory (name is used in messages). */
int sm_hcl_read_text(struct sm_realm **out, const char *dialect,
		     const char *name, const char *text, size_t len);

#endif
