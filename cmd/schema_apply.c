/* SPDX-License-Identifier: MIT */
/*
 * cmd/schema_apply.c: `strata schema apply -u URL --to ...` plans the
 * changes that bring the database to the desired state, shows them, asks
 * for approval and applies them in one transaction.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "project.h"
#include "common.h"
#include "diff.h"
#include "driver.h"
#include "plan.h"
#include "ut.h"

static const cmd_opt opts[] = {
	{ "url", 'u', CMD_OPT_STRING, "URL", "database to change", NULL, false },
	{ "to", 0, CMD_OPT_LIST, "URL", "desired state", NULL, false },
	{ "file", 'f', CMD_OPT_LIST, "PATH", "legacy form of --to", NULL, true },
	{ "dev-url", 0, CMD_OPT_STRING, "URL",
	  "dev database for file sources", CMD_DEFAULT_DEV_URL, false },
	{ "schema", 's', CMD_OPT_LIST, "NAME", "restrict to these schemas", NULL,
	  false },
	{ "exclude", 0, CMD_OPT_LIST, "GLOB", "leave out matching objects", NULL,
	  false },
	{ "dry-run", 0, CMD_OPT_BOOL, NULL, "print the plan, change nothing",
	  NULL, false },
	{ "auto-approve", 0, CMD_OPT_BOOL, NULL, "apply without asking", NULL,
	  false },
	{ "tx-mode", 0, CMD_OPT_STRING, "MODE",
	  "file: one transaction; none: statement by statement", "file", false },
	{ "format", 0, CMD_OPT_STRING, "FORMAT", "output template", NULL, false },
	{ "lock-timeout", 0, CMD_OPT_STRING, "DURATION",
	  "how long to wait for the database lock", "10s", false },
	{ NULL },
};

static int run(cmd_ctx *ctx)
{
	const char *url = cmd_get(ctx, "url");
	const char *txmode = cmd_get(ctx, "tx-mode");
	size_t nto, nexcl = 0, applied = 0;
	char *const *to = cmd_list(ctx, "to", &nto);
	dl_conn *conn = NULL, *dev = NULL;
	sm_realm *current = NULL, *desired = NULL;
	sm_changes *ch = NULL;
	dl_plan *plan = NULL;
	dl_plan_opts po = { 0 };
	sm_diff_opts dopts = { 0 };
	dl_inspect_opts io;
	char **excl = NULL;
	int64_t timeout;
	int rc = 0;
	bool locked = false;

	if (nto == 0)
		to = cmd_list(ctx, "file", &nto);
	if (!url)
		return cmd_usage_error(ctx, "required flag \"url\" not set");
	if (nto == 0)
		return cmd_usage_error(ctx, "required flag \"to\" not set");
	if (cmd_flag(ctx, "dry-run") && cmd_flag(ctx, "auto-approve"))
		return cmd_usage_error(ctx, "--dry-run and --auto-approve are mutually exclusive");
	if (strcmp(txmode, "file") != 0 && strcmp(txmode, "none") != 0)
		return cmd_usage_error(ctx, "unknown --tx-mode '%s' (file or none)",
				       txmode);
	if (ut_duration_parse(&timeout, cmd_get(ctx, "lock-timeout")) < 0)
		return cmd_usage_error(ctx, "invalid --lock-timeout '%s'",
				       cmd_get(ctx, "lock-timeout"));
	if (!cmd_flag(ctx, "dry-run") && !cmd_flag(ctx, "auto-approve") &&
	    !cmd_interactive()) {
		ut_error_set(UT_EUSAGE, "refusing to apply changes without approval: not running on a terminal");
		ut_error_hint("review the plan with --dry-run, then pass --auto-approve");
		return cmd_fail(ctx);
	}
	cmd_inspect_opts(ctx, &io, &excl, &nexcl);
	cmd_exclude_revisions(&io, &excl, &nexcl);
	if (dl_open(&conn, url) < 0)
		goto fail;
	if (conn->drv->lock(conn, "atlas_schema_apply", timeout) < 0)
		goto fail;
	locked = true;
	if (dl_inspect(&current, conn, &io) < 0)
		goto fail;
	if (mg_dev_open(&dev, cmd_get(ctx, "dev-url")) < 0 ||
	    mg_state_load(&desired, (const char *const *)to, nto, dev, &io) < 0)
		goto fail;
	dopts.ignore_schema_names = current->schemas.len == 1 &&
				    desired->schemas.len == 1;
	cmd_project_diff_policy(ctx, &dopts, &po);
	if (sm_diff(&ch, current, desired, &dopts) < 0)
		goto fail;
	if (sm_changes_empty(ch)) {
		fputs("Schema is synced, no changes to be made\n", ctx->out);
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
	cmd_catch_interrupts();
	if (mg_plan_exec(conn, plan, strcmp(txmode, "file") == 0, &applied) < 0) {
		ut_error_wrap("applying changes (%zu of %zu statements applied)",
			      applied, plan->stmts.len);
		rc = cmd_fail_interrupted(ctx, strcmp(txmode, "file") == 0 &&
							       strcmp(conn->drv->name, "mysql") != 0
						       ? "the transaction was rolled back: nothing changed"
						       : "the statements applied stay: run the command again to plan the rest");
		goto done;
	}
	goto done;
fail:
	rc = cmd_fail(ctx);
done:
	if (locked)
		conn->drv->unlock(conn, "atlas_schema_apply");
	ut_strlist_free(excl, nexcl);
	dl_plan_free(plan);
	sm_changes_free(ch);
	sm_realm_free(current);
	sm_realm_free(desired);
	dl_close(dev);
	dl_close(conn);
	return rc;
}

const cmd_spec cmd_schema_apply_spec = {
	.name = "apply",
	.fn = run,
	.flags = CMD_NEEDS_URL,
	.summary = "bring a database to the desired schema",
	.usage = "strata schema apply -u URL --to URL [flags]",
	.help = "Plans the changes from the database's current schema to the desired one,\n"
		"prints them under \"-- Planned Changes:\", asks for approval (or takes\n"
		"--auto-approve) and applies them in one transaction. The revision table\n"
		"of migrate apply (atlas_schema_revisions) is never planned.",
	.examples = "strata schema apply -u sqlite://app.db --to file://schema.sql --dry-run\n"
		    "strata schema apply -u sqlite://app.db --to file://schema.sql --auto-approve",
	.opts = opts,
	.min_args = 0,
	.max_args = 0,
};
