/* SPDX-License-Identifier: MIT */
/*
 * cmd/project.h: the project file atlas.hcl (reference 7). Loading it
 * selects an env (--env), evaluates its attributes (variables, locals and
 * data sources included) into one target per tenant (for_each), and fills
 * the options the command line left unset: flags given by the user win.
 */
#ifndef STRATA_CMD_PROJECT_H
#define STRATA_CMD_PROJECT_H

#include <stddef.h>

#include "cmd.h"

typedef struct cmd_project cmd_project;

/*
 * Loads the project file for ctx when --env is given (-c/--config names
 * it, default file://atlas.hcl), fills ctx's unset options from the
 * env's first target and resolves env:// references in URL options.
 * ctx->project is set (NULL without --env). Returns 0, or an exit code
 * after printing the error.
 */
int cmd_project_setup(cmd_ctx *ctx);
void cmd_project_free(cmd_project *p);

/* Number of targets of the selected env (several with for_each). */
size_t cmd_project_ntargets(const cmd_project *p);

/*
 * Runs the command once per target, at most --concurrency at a time,
 * each in its own process with its own connections; prints each target's
 * output, then a summary table (tenant, from, to, result). Returns the
 * exit code: non-zero when any target failed.
 */
int cmd_project_fanout(cmd_ctx *ctx);

struct sm_diff_opts;
struct dl_plan_opts;

/*
 * Applies the env's diff policy (its own `diff {}` or the project's
 * global one): skip { drop_schema drop_table drop_column drop_index
 * drop_foreign_key add_schema } and concurrent_index { create drop }.
 * No-op without a project; either pointer may be NULL.
 */
void cmd_project_diff_policy(const cmd_ctx *ctx, struct sm_diff_opts *d,
			     struct dl_plan_opts *p);

struct lt_config;

/*
 * Fills cfg from the env's lint {} block, merged field by field with the
 * project's global one (the env wins): `<analyzer> { error = bool }` for
 * every analyzer of lt_analyzers, `non_linear { error }`,
 * `concurrent_index { check_create check_drop check_txmode }` and
 * `naming { match message <resource> { match message } }`. No-op without a
 * project. UT_EPARSE naming file:line:col for an unknown analyzer, block
 * or attribute, a value of the wrong type and a `match` that is not a
 * regular expression. Strings and arrays in cfg are borrowed from the
 * project.
 */
int cmd_project_lint_config(const cmd_ctx *ctx, struct lt_config *cfg);

/*
 * Rewrites a message that names a temporary file of a data source so that
 * it names the data source and its program instead (malloc'd, or NULL
 * when nothing changed).
 */
char *cmd_project_explain(const cmd_project *p, const char *msg);

#endif
