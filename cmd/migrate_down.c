/* SPDX-License-Identifier: MIT */
/*
 * cmd/migrate_down.c: `strata migrate down [amount]` reverts applied
 * migrations with a plan computed from the directory (Atlas sells this).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "common.h"
#include "dir.h"
#include "down.h"
#include "driver.h"
#include "plan.h"
#include "ut.h"

static const cmd_opt opts[] = {
	{ "url", 'u', CMD_OPT_STRING, "URL", "database to revert", NULL, false },
	{ "dir", 0, CMD_OPT_STRING, "URL", "migration directory",
	  "file://migrations", false },
	{ "dev-url", 0, CMD_OPT_STRING, "URL",
	  "dev database to compute the target state on", CMD_DEFAULT_DEV_URL,
	  false },
	{ "to-version", 0, CMD_OPT_STRING, "VERSION",
	  "revert every migration after this version", NULL, false },
	{ "revisions-schema", 0, CMD_OPT_STRING, "NAME",
	  "schema of the revision table", NULL, false },
	{ "dry-run", 0, CMD_OPT_BOOL, NULL, "print the plan, change nothing",
	  NULL, false },
	{ "force", 0, CMD_OPT_BOOL, NULL,
	  "drop tables and columns even when they hold data", NULL, false },
	{ "lock-timeout", 0, CMD_OPT_STRING, "DURATION",
	  "how long to wait for another apply", "10s", false },
	{ NULL },
};

static int run(cmd_ctx *ctx)
{
	const char *url = cmd_get(ctx, "url");
	mg_down_opts o = { 0 };
	mg_down d = { 0 };
	mg_dir *dir = NULL;
	dl_conn *conn = NULL, *dev = NULL;
	int64_t amount = 1, t0 = ut_now_ns();
	bool locked = false;
	int rc = 0;

	if (!url)
		return cmd_usage_error(ctx, "required flag \"url\" not set");
	if (ctx->nargs) {
		if (ut_str_to_i64(&amount, ctx->args[0]) < 0 || amount < 1)
			return cmd_usage_error(ctx, "invalid amount argument \"%s\"",
					       ctx->args[0]);
		if (cmd_isset(ctx, "to-version"))
			return cmd_usage_error(ctx, "amount and --to-version are mutually exclusive");
	}
	if (ut_duration_parse(&o.lock_timeout_ns, cmd_get(ctx, "lock-timeout")) < 0)
		return cmd_usage_error(ctx, "invalid --lock-timeout '%s'",
				       cmd_get(ctx, "lock-timeout"));
	o.amount = (size_t)amount;
	o.to_version = cmd_get(ctx, "to-version");
	o.force = cmd_flag(ctx, "force");
	o.revisions_schema = cmd_get(ctx, "revisions-schema");
	if ((rc = cmd_dir_open(ctx, &dir, CMD_DIR_VALIDATE)) != 0)
		goto done;
	if (dl_open(&conn, url) < 0)
		goto fail;
	if (conn->drv->lock(conn, "atlas_migrate_execute", o.lock_timeout_ns) < 0)
		goto fail;
	locked = true;
	if (mg_dev_open(&dev, cmd_get(ctx, "dev-url")) < 0 ||
	    mg_down_plan(&d, conn, dev, dir, &o) < 0)
		goto fail;
	if (d.nreverted == 0) {
		fputs("No migration to revert\n", ctx->out);
		goto done;
	}
	fprintf(ctx->out, "Migrating down from version %s to %s (%zu migration%s in total):\n\n",
		d.from, d.to ? d.to : "nothing (every migration reverted)",
		d.nreverted, d.nreverted == 1 ? "" : "s");
	for (size_t i = 0; i < d.nreverted; i++)
		fprintf(ctx->out, "  -- reverting version %s\n", d.reverted[i]);
	if (d.plan)
		for (size_t i = 0; i < d.plan->stmts.len; i++) {
			const char *s = d.plan->stmts.items[i].sql;
			fputs("    -> ", ctx->out);
			for (; *s; s++) {
				fputc(*s, ctx->out);
				if (*s == '\n' && s[1])
					fputs("       ", ctx->out);
			}
			fputs(";\n", ctx->out);
		}
	if (cmd_flag(ctx, "dry-run"))
		goto done;
	cmd_catch_interrupts();
	if (mg_down_exec(&d, conn) < 0) {
		rc = cmd_fail_interrupted(ctx, strcmp(conn->drv->name, "mysql") == 0
						       ? "MySQL commits DDL at once: the statements that ran stay; run the command again to finish"
						       : "the transaction was rolled back: nothing changed");
		goto done;
	}
	{
		ut_buf dur = UT_BUF_INIT;
		ut_duration_format(&dur, ut_now_ns() - t0);
		fprintf(ctx->out, "  -- ok (%s)\n", dur.ptr);
		ut_buf_release(&dur);
	}
	goto done;
fail:
	mg_dev_reset_after_error(dev);
	rc = cmd_fail(ctx);
done:
	if (locked)
		conn->drv->unlock(conn, "atlas_migrate_execute");
	mg_down_release(&d);
	dl_close(dev);
	dl_close(conn);
	mg_dir_free(dir);
	return rc;
}

const cmd_spec cmd_migrate_down_spec = {
	.name = "down",
	.fn = run,
	.flags = CMD_NEEDS_DIR | CMD_NEEDS_URL | CMD_NEEDS_DEV,
	.summary = "revert applied migrations with a computed plan",
	.usage = "strata migrate down [amount] -u URL [flags]",
	.help = "Replays the directory up to the target version on the dev database,\n"
		"diffs the live database against that state and applies the plan together\n"
		"with the removal of the reverted revisions, in one transaction. Refuses to\n"
		"drop a table or column that holds data unless --force is given.",
	.examples = "strata migrate down -u sqlite://app.db\n"
		    "strata migrate down 2 -u sqlite://app.db --dry-run\n"
		    "strata migrate down -u sqlite://app.db --to-version 20240101000000",
	.opts = opts,
	.min_args = 0,
	.max_args = 1,
};
