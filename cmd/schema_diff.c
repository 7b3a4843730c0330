/* SPDX-License-Identifier: MIT */
/*
 * cmd/schema_diff.c: `strata schema diff --from A --to B` prints the SQL
 * that turns state A into state B.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "project.h"
#include "common.h"
#include "diff.h"
#include "driver.h"
#include "erd.h"
#include "plan.h"
#include "ut.h"

static const cmd_opt opts[] = {
	{ "from", 'f', CMD_OPT_LIST, "URL", "current state", NULL, false },
	{ "to", 0, CMD_OPT_LIST, "URL", "desired state", NULL, false },
	{ "dev-url", 0, CMD_OPT_STRING, "URL",
	  "dev database for file sources and planning", CMD_DEFAULT_DEV_URL,
	  false },
	{ "schema", 's', CMD_OPT_LIST, "NAME", "restrict to these schemas", NULL,
	  false },
	{ "exclude", 0, CMD_OPT_LIST, "GLOB", "leave out matching objects", NULL,
	  false },
	{ "format", 0, CMD_OPT_STRING, "FORMAT",
	  "'{{ sql . \"  \" }}' template, or html for a diff ERD", NULL, false },
	{ NULL },
};

/*
 * --format html: both states in one drawing, the changes coloured and the
 * plan's SQL beside it (an empty plan when they are synced).
 */
static int diff_erd(cmd_ctx *ctx, dl_conn *planner, const sm_realm *a,
		    const sm_realm *b, const sm_changes *ch)
{
	dl_plan *plan = NULL;
	dl_plan_opts po = { 0 };
	ut_buf sql = UT_BUF_INIT, out = UT_BUF_INIT;
	sm_erd_opts eo = {
		.title = "strata diff ERD",
		.table_sql = cmd_table_sql,
		.payload = planner,
		.from = a,
		.changes = ch,
	};
	int error = 0;

	if (!sm_changes_empty(ch)) {
		if ((error = planner->drv->plan(&plan, planner, ch, &po)) < 0)
			goto done;
		mg_plan_format(&sql, plan, NULL);
	}
	eo.plan_sql = sql.ptr;
	if ((error = sm_write_html(&out, b, &eo)) < 0)
		goto done;
	fputs(out.ptr, ctx->out);
done:
	ut_buf_release(&out);
	ut_buf_release(&sql);
	dl_plan_free(plan);
	return error;
}

static bool is_db_url(const char *u)
{
	return strstr(u, "://") && !ut_str_prefix(u, "file://") &&
	       !ut_str_prefix(u, "env://");
}

static int run(cmd_ctx *ctx)
{
	size_t nfrom, nto, nexcl = 0;
	char *const *from = cmd_list(ctx, "from", &nfrom);
	char *const *to = cmd_list(ctx, "to", &nto);
	dl_conn *dev = NULL, *planner = NULL;
	sm_realm *a = NULL, *b = NULL;
	sm_changes *ch = NULL;
	dl_plan *plan = NULL;
	dl_plan_opts po = { 0 };
	sm_diff_opts dopts = { 0 };
	dl_inspect_opts io;
	char **excl = NULL, *indent = NULL;
	cmd_format fmt;
	int rc = 0;

	if (nfrom == 0)
		return cmd_usage_error(ctx, "required flag \"from\" not set");
	if (nto == 0)
		return cmd_usage_error(ctx, "required flag \"to\" not set");
	if (cmd_format_parse(&fmt, &indent, cmd_get(ctx, "format"), CMD_FMT_SQL) < 0)
		return cmd_fail(ctx);
	cmd_inspect_opts(ctx, &io, &excl, &nexcl);
	cmd_exclude_revisions(&io, &excl, &nexcl);
	if (!cmd_isset(ctx, "dev-url") && is_db_url(from[0]) && is_db_url(to[0])) {
		/*
		 * Two live databases and no --dev-url: the --to database
		 * plans the changes in its own dialect (Atlas's rule). No
		 * file is loaded anywhere, so nothing is executed on it.
		 */
		if (mg_state_load(&a, (const char *const *)from, nfrom, NULL, &io) < 0 ||
		    mg_state_load(&b, (const char *const *)to, nto, NULL, &io) < 0 ||
		    dl_open(&planner, to[0]) < 0)
			goto fail;
	} else {
		if (mg_dev_open(&dev, cmd_get(ctx, "dev-url")) < 0 ||
		    mg_state_load(&a, (const char *const *)from, nfrom, dev, &io) < 0 ||
		    mg_state_load(&b, (const char *const *)to, nto, dev, &io) < 0)
			goto fail;
		planner = dev;
	}
	if ((a->scope != NULL) != (b->scope != NULL)) {
		ut_error_set(UT_EUSAGE, "cannot diff a schema with a database connection: '%s' <> '%s'",
			     a->scope ? a->scope : "(database)",
			     b->scope ? b->scope : "(database)");
		ut_error_hint("bind both sides to a schema (search_path=... or a database name), or neither");
		goto fail;
	}
	dopts.ignore_schema_names = a->schemas.len == 1 && b->schemas.len == 1;
	cmd_project_diff_policy(ctx, &dopts, &po);
	if (sm_diff(&ch, a, b, &dopts) < 0)
		goto fail;
	if (fmt == CMD_FMT_HTML) {
		if (diff_erd(ctx, planner, a, b, ch) < 0)
			goto fail;
		goto done;
	}
	if (sm_changes_empty(ch)) {
		fputs("Schemas are synced, no changes to be made.\n", ctx->out);
		goto done;
	}
	if (planner->drv->plan(&plan, planner, ch, &po) < 0)
		goto fail;
	cmd_print_plan(ctx, plan, indent);
	goto done;
fail:
	rc = cmd_fail(ctx);
done:
	ut_strlist_free(excl, nexcl);
	free(indent);
	dl_plan_free(plan);
	sm_changes_free(ch);
	sm_realm_free(a);
	sm_realm_free(b);
	if (planner != dev)
		dl_close(planner);
	dl_close(dev);
	return rc;
}

const cmd_spec cmd_schema_diff_spec = {
	.name = "diff",
	.fn = run,
	.summary = "print the SQL between two schema states",
	.usage = "strata schema diff --from URL --to URL [flags]",
	.help = "Loads both states (databases, SQL files or folders, migration\n"
		"directories) and prints the statements that turn --from into --to.\n"
		"The revision table of migrate apply (atlas_schema_revisions) is\n"
		"left out of both states.\n"
		"--format html prints a self-contained HTML ERD of both states instead:\n"
		"added, changed and dropped tables and columns coloured, the SQL beside.",
	.examples = "strata schema diff --from sqlite://app.db --to file://schema.sql\n"
		    "strata schema diff --from file://migrations --to file://schema.sql\n"
		    "strata schema diff --from sqlite://app.db --to file://schema.sql --format html > diff.html",
	.opts = opts,
	.min_args = 0,
	.max_args = 0,
};
