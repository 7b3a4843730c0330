/* SPDX-License-Identifier: MIT */
/*
 * cmd/migrate_lint.c: `strata migrate lint` analyzes the new files of a
 * migration directory (--latest N, or those added since --git-base) by
 * replaying them on the dev database, and prints Atlas's lint report.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "common.h"
#include "dir.h"
#include "driver.h"
#include "lint.h"
#include "plan.h"
#include "project.h"
#include "ut.h"

static const cmd_opt opts[] = {
	{ "dev-url", 0, CMD_OPT_STRING, "URL",
	  "dev database to replay the files on", CMD_DEFAULT_DEV_URL, false },
	{ "dir", 0, CMD_OPT_STRING, "URL", "migration directory",
	  "file://migrations", false },
	{ "latest", 0, CMD_OPT_STRING, "N", "lint the last N files", NULL,
	  false },
	{ "git-base", 0, CMD_OPT_STRING, "BRANCH",
	  "lint the files added since the merge base with BRANCH", NULL,
	  false },
	{ "git-dir", 0, CMD_OPT_STRING, "PATH", "path to the git repository",
	  ".", false },
	{ "format", 0, CMD_OPT_STRING, "FORMAT",
	  "'{{ json . }}', '{{ json .Files }}', github or sarif", NULL, false },
	{ "log", 0, CMD_OPT_STRING, "FORMAT", "same as --format", NULL,
	  true },
	{ NULL },
};

static int run(cmd_ctx *ctx)
{
	const char *latest = cmd_get(ctx, "latest");
	const char *base = cmd_get(ctx, "git-base");
	const char *fmt_s = cmd_get(ctx, "format");
	mg_dir *dir = NULL;
	dl_conn *dev = NULL;
	lt_result *res = NULL;
	lt_config cfg = { 0 };
	lt_opts lo = { 0 };
	lt_format fmt;
	ut_buf out = UT_BUF_INIT;
	bool *added = NULL;
	int64_t n = 0;
	int rc = 0;

	if (!fmt_s)
		fmt_s = cmd_get(ctx, "log");
	if (!latest && !base)
		return cmd_usage_error(ctx, "--latest or --git-base is required");
	if (latest && base)
		return cmd_usage_error(ctx, "--latest and --git-base are mutually exclusive");
	if (latest && (ut_str_to_i64(&n, latest) < 0 || n < 1)) {
		ut_error_clear();
		return cmd_usage_error(ctx, "--latest must be a positive number, got '%s'",
				       latest);
	}
	if (lt_format_parse(&fmt, fmt_s) < 0)
		return cmd_fail(ctx);
	if (cmd_project_lint_config(ctx, &cfg) < 0)
		return cmd_fail(ctx);
	if ((rc = cmd_dir_open(ctx, &dir, 0)) != 0)
		goto done;
	if (latest) {
		lo.first_new = (size_t)n >= dir->nfiles ? 0
							: dir->nfiles - (size_t)n;
	} else {
		added = ut_xcalloc(dir->nfiles ? dir->nfiles : 1, sizeof(*added));
		if (lt_git_added(added, dir, cmd_get(ctx, "git-dir"), base) < 0)
			goto fail;
		lo.first_new = dir->nfiles;
		for (size_t i = 0; i < dir->nfiles; i++)
			if (added[i]) {
				lo.first_new = i;
				break;
			}
		lo.added = added;
	}
	if (mg_dev_open(&dev, cmd_get(ctx, "dev-url")) < 0)
		goto fail;
	lo.cfg = &cfg;
	lo.dev = dev;
	if (lt_run(&res, dir, &lo) < 0)
		goto fail;
	lt_format_write(&out, res, fmt);
	fwrite(out.ptr, 1, out.len, ctx->out);
	if (res->step_failed)
		rc = CMD_EXIT_FAILED;
	else if (res->errors)
		rc = CMD_EXIT_LINT;
	goto done;
fail:
	rc = cmd_fail(ctx);
done:
	ut_buf_release(&out);
	lt_result_free(res);
	dl_close(dev);
	mg_dir_free(dir);
	free(added);
	return rc;
}

const cmd_spec cmd_migrate_lint_spec = {
	.name = "lint",
	.fn = run,
	.flags = CMD_NEEDS_DIR | CMD_NEEDS_DEV,
	.summary = "analyze new migration files for risky changes",
	.usage = "strata migrate lint (--latest N | --git-base BRANCH) [flags]",
	.help = "Replays the base files of the migration directory on the dev database\n"
		"(in-memory SQLite by default; the state is cached by content), then runs\n"
		"each new file statement by statement and reports destructive,\n"
		"data-dependent, backward-incompatible, locking and other risky changes\n"
		"with Atlas's analyzer codes. Exit status 3 when an analyzer configured as\n"
		"an error fires (destructive changes by default; the lint {} block of the\n"
		"project file, with --env, says which are), 1 when a step fails.",
	.examples = "strata migrate lint --latest 1\n"
		    "strata migrate lint --git-base main --format github\n"
		    "strata migrate lint --latest 2 --format '{{ json .Files }}'",
	.opts = opts,
	.min_args = 0,
	.max_args = 0,
};
