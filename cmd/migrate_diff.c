/* SPDX-License-Identifier: MIT */
/*
 * cmd/migrate_diff.c: `strata migrate diff [name]` replays the directory
 * on the dev database, loads the desired state there, and writes the plan
 * between them as a new migration file plus atlas.sum.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "project.h"
#include "common.h"
#include "diff.h"
#include "dir.h"
#include "formats.h"
#include "driver.h"
#include "erd.h"
#include "plan.h"
#include "sum.h"
#include "ut.h"

static const cmd_opt opts[] = {
	{ "dir", 0, CMD_OPT_STRING, "URL", "migration directory",
	  "file://migrations", false },
	{ "to", 0, CMD_OPT_LIST, "URL", "desired state (SQL file or folder, database URL, migration directory)",
	  NULL, false },
	{ "dev-url", 0, CMD_OPT_STRING, "URL", "dev database to compute the plan on",
	  CMD_DEFAULT_DEV_URL, false },
	{ "schema", 's', CMD_OPT_LIST, "NAME", "restrict to these schemas", NULL,
	  false },
	{ "exclude", 0, CMD_OPT_LIST, "GLOB", "leave out matching objects", NULL,
	  false },
	{ "format", 0, CMD_OPT_STRING, "FORMAT",
	  "file template, e.g. '{{ sql . \"  \" }}'", NULL, false },
	{ "qualifier", 0, CMD_OPT_STRING, "NAME", "schema qualifier for names",
	  NULL, false },
	{ "lock-timeout", 0, CMD_OPT_STRING, "DURATION",
	  "how long to wait for the dev database lock", "10s", false },
	{ "edit", 0, CMD_OPT_BOOL, NULL, "edit the new file in $EDITOR", NULL,
	  true },
	{ "web", 0, CMD_OPT_BOOL, NULL,
	  "also open an offline HTML ERD of the change (path printed)", NULL,
	  false },
	{ NULL },
};

static int run(cmd_ctx *ctx)
{
	mg_dir *dir = NULL;
	dl_conn *dev = NULL;
	sm_realm *current = NULL, *desired = NULL;
	sm_changes *changes = NULL;
	dl_plan *plan = NULL;
	dl_plan_opts po = { 0 };
	sm_diff_opts dopts = { 0 };
	dl_inspect_opts io;
	char **excl = NULL, *indent = NULL, *name = NULL;
	size_t nexcl = 0, nto;
	char *const *to = cmd_list(ctx, "to", &nto);
	ut_buf content = UT_BUF_INIT;
	char version[15];
	cmd_format fmt;
	int rc = 0;

	if (nto == 0)
		return cmd_usage_error(ctx, "required flag \"to\" not set");
	if (cmd_format_parse(&fmt, &indent, cmd_get(ctx, "format"), CMD_FMT_SQL) < 0 ||
	    fmt != CMD_FMT_SQL) {
		if (fmt != CMD_FMT_SQL)
			ut_error_set(UT_EUSAGE, "migrate diff --format takes a '{{ sql . \"<indent>\" }}' template");
		rc = cmd_fail(ctx);
		goto done;
	}
	if ((rc = cmd_dir_open(ctx, &dir, CMD_DIR_CREATE | CMD_DIR_VALIDATE)) != 0)
		goto done;
	cmd_inspect_opts(ctx, &io, &excl, &nexcl);
	cmd_exclude_revisions(&io, &excl, &nexcl);
	if (mg_dev_open(&dev, cmd_get(ctx, "dev-url")) < 0)
		goto fail;
	/* current state: the directory replayed */
	if (mg_replay(dev, dir, NULL) < 0 || dl_inspect(&current, dev, &io) < 0 ||
	    dev->drv->reset(dev) < 0)
		goto fail;
	if (mg_state_load(&desired, (const char *const *)to, nto, dev, &io) < 0)
		goto fail;
	/* a schema-bound dev database compares its one schema, whatever its name */
	dopts.ignore_schema_names = dev->schema != NULL ||
				    (current->schemas.len == 1 &&
				     desired->schemas.len == 1);
	cmd_project_diff_policy(ctx, &dopts, &po);
	if (sm_diff(&changes, current, desired, &dopts) < 0)
		goto fail;
	if (sm_changes_empty(changes)) {
		fputs("The migration directory is synced with the desired state, no changes to be made\n",
		      ctx->out);
		goto done;
	}
	po.qualifier = cmd_get(ctx, "qualifier");
	po.qualify = po.qualifier != NULL;
	if (dev->drv->plan(&plan, dev, changes, &po) < 0)
		goto fail;
	mg_plan_format(&content, plan, indent);
	mg_version_next(dir, version);
	if (ctx->nargs && ctx->args[0][0])
		name = ut_xasprintf("%s_%s.sql", version, ctx->args[0]);
	else
		name = ut_xasprintf("%s.sql", version);
	if (strchr(name, '/')) {
		rc = cmd_usage_error(ctx, "migration name '%s' must not contain '/'",
				     ctx->args[0]);
		goto done;
	}
	if (dir->format != MG_FORMAT_ATLAS
		    ? mg_dir_add_plan(dir, version,
				      ctx->nargs ? ctx->args[0] : NULL, plan,
				      indent) < 0
		    : mg_dir_add_file(dir, name, content.ptr, content.len) < 0)
		goto fail;
	if (cmd_flag(ctx, "web")) {
		sm_erd_opts eo = {
			.title = "strata migrate diff ERD",
			.table_sql = cmd_table_sql,
			.payload = dev,
			.from = current,
			.changes = changes,
			.plan_sql = content.ptr,
		};
		ut_buf html = UT_BUF_INIT;

		if (sm_write_html(&html, desired, &eo) < 0 ||
		    cmd_web_open(ctx, html.ptr, html.len) < 0) {
			ut_buf_release(&html);
			goto fail;
		}
		ut_buf_release(&html);
	}
	goto done;
fail:
	mg_dev_reset_after_error(dev);
	rc = cmd_fail(ctx);
done:
	ut_strlist_free(excl, nexcl);
	free(indent);
	free(name);
	ut_buf_release(&content);
	dl_plan_free(plan);
	sm_changes_free(changes);
	sm_realm_free(current);
	sm_realm_free(desired);
	dl_close(dev);
	mg_dir_free(dir);
	return rc;
}

const cmd_spec cmd_migrate_diff_spec = {
	.name = "diff",
	.fn = run,
	.flags = CMD_NEEDS_DIR | CMD_NEEDS_DEV,
	.summary = "plan a new migration file from the desired state",
	.usage = "strata migrate diff [name] --to URL [flags]",
	.help = "Replays the migration directory on the dev database (in-memory SQLite by\n"
		"default), loads the desired state there, and writes the difference as a\n"
		"new file <UTC version>[_name].sql, then rewrites atlas.sum. --web also\n"
		"writes an offline HTML ERD of the change (both states, changes coloured,\n"
		"the new file's SQL beside) to a temporary file, opens it and prints its path.\n"
		"A database given as --to is read without its revision table.",
	.examples = "strata migrate diff create_users --to file://schema.sql\n"
		    "strata migrate diff --to file://schema.sql --dev-url \"sqlite://dev?mode=memory\"",
	.opts = opts,
	.min_args = 0,
	.max_args = 1,
};
