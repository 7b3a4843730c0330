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
 * `variable` blocks, converted by each variable's declared type (NULL:
 * this thread's inputs, see sm_hcl_set_inputs); exprs are typed inputs
 * "name=<HCL expression>" (["a", "b"], {k = 1}) that win over vars (may
 * be NULL). Names no variable declares are ignored. Errors: UT_EPARSE with
 * file:line:col and a caret for syntax and reference errors, UT_ENOTFOUND
 * for a missing path, UT_EUSAGE for a project file (one with an env block).
 */
int sm_hcl_read(struct sm_realm **out, const char *dialect,
		const char *const *paths, size_t n, const char *const *vars,
		size_t nvars, const char *const *exprs, size_t nexprs);

/*
 * Binds typed inputs ("name=<HCL expression>", copied) to key, the URL
 * that a project's `data "hcl_schema"` block hands out, for this thread:
 * whoever reads the documents of that URL passes them to sm_hcl_read.
 * A later binding of the same key wins. key NULL drops every binding.
 */
void sm_hcl_bind_inputs(const char *key, const char *const *exprs, size_t n);
/* The inputs bound to key (borrowed), or NULL with *n = 0. */
const char *const *sm_hcl_bound_inputs(const char *key, size_t *n);

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
