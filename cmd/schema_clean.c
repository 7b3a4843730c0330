/* SPDX-License-Identifier: MIT */
/*
 * cmd/schema_clean.c: `strata schema clean -u URL` drops every object of
 * the realm (or of the URL's schema, keeping the schema itself), after
 * showing the plan and asking for approval.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "common.h"
#include "diff.h"
#include "driver.h"
#include "plan.h"
#include "ut.h"

static const cmd_opt opts[] = {
	{ "url", 'u', CMD_OPT_STRING, "URL", "database to clean", NULL, false },
	{ "auto-approve", 0, CMD_OPT_BOOL, NULL, "drop without asking", NULL,
	  false },
	{ "dry-run", 0, CMD_OPT_BOOL, NULL, "print the plan, change nothing",
	  NULL, false },
	{ NULL },
};

static int run(cmd_ctx *ctx)
{
	const char *url = cmd_get(ctx, "url");
	dl_conn *conn = NULL;
	sm_realm *current = NULL, *empty = NULL;
	sm_changes *ch = NULL;
	dl_plan *plan = NULL;
	dl_plan_opts po = { 0 };
	sm_diff_opts dopts = { 0 };
	size_t applied = 0;
	int rc = 0;

	if (!url)
		return cmd_usage_error(ctx, "required flag \"url\" not set");
	if (!cmd_flag(ctx, "dry-run") && !cmd_flag(ctx, "auto-approve") &&
	    !cmd_interactive()) {
		ut_error_set(UT_EUSAGE, "refusing to drop everything without approval: not running on a terminal");
		ut_error_hint("review the plan with --dry-run, then pass --auto-approve");
		return cmd_fail(ctx);
	}
	if (dl_open(&conn, url) < 0 || dl_inspect(&current, conn, NULL) < 0)
		goto fail;
	/*
	 * The target: the same realm with nothing in it. A schema-bound URL
	 * keeps its schema; a whole database keeps the schemas every new
	 * database has (main, public), each as it is (charset, collation,
	 * comment and attributes: cleaning drops objects, it does not
	 * alter the schema).
	 */
	empty = sm_realm_new(current->dialect);
	for (size_t i = 0; i < current->schemas.len; i++) {
		const sm_schema *from = current->schemas.items[i];
		const char *n = from->obj.name;
		sm_schema *to;
		if (!current->scope && strcmp(n, "main") != 0 &&
		    strcmp(n, "public") != 0)
			continue;
		to = sm_schema_add(empty, n);
		to->charset = sm_strdup(empty, from->charset);
		to->collation = sm_strdup(empty, from->collation);
		to->obj.comment = sm_strdup(empty, from->obj.comment);
		for (size_t k = 0; k < from->attrs.len; k++)
			sm_attr_set(empty, &to->attrs, from->attrs.items[k].key,
				    from->attrs.items[k].value);
	}
	if (sm_diff(&ch, current, empty, &dopts) < 0)
		goto fail;
	if (sm_changes_empty(ch)) {
		fputs("Nothing to drop\n", ctx->out);
		goto done;
	}
	if (conn->drv->plan(&plan, conn, ch, &po) < 0)
		goto fail;
	fputs("-- Planned Changes:\n", ctx->out);
	cmd_print_plan(ctx, plan, NULL);
	if (cmd_flag(ctx, "dry-run"))
		goto done;
	if (!cmd_flag(ctx, "auto-approve") && !cmd_confirm(ctx))
		goto done;
	if (mg_plan_exec(conn, plan, true, &applied) < 0) {
		ut_error_wrap("dropping objects (%zu of %zu statements applied)",
			      applied, plan->stmts.len);
		goto fail;
	}
	goto done;
fail:
	rc = cmd_fail(ctx);
done:
	dl_plan_free(plan);
	sm_changes_free(ch);
	sm_realm_free(current);
	sm_realm_free(empty);
	dl_close(conn);
	return rc;
}

const cmd_spec cmd_schema_clean_spec = {
	.name = "clean",
	.fn = run,
	.flags = CMD_NEEDS_URL,
	.summary = "drop every object of a database or schema",
	.usage = "strata schema clean -u URL [flags]",
	.help = "Plans the removal of everything in the database (or in the schema the\n"
		"URL names, keeping the schema), prints it under \"-- Planned Changes:\"\n"
		"and asks for approval. Prints \"Nothing to drop\" when it is empty.",
	.examples = "strata schema clean -u sqlite://dev.db --dry-run\n"
		    "strata schema clean -u \"postgres://localhost/dev?search_path=public\" --auto-approve",
	.opts = opts,
	.min_args = 0,
	.max_args = 0,
};
