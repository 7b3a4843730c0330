/* SPDX-License-Identifier: MIT */
/*
 * cmd/migrate_rebase.c: `strata migrate rebase VERSION...` renumbers the
 * given files to come after every other file and rewrites atlas.sum: the
 * one command that settles two branches which both added migrations
 * (and the merge conflict they leave in atlas.sum).
 */
#include <stdio.h>
#include <stdlib.h>

#include "commands.h"
#include "common.h"
#include "dir.h"
#include "formats.h"
#include "ut.h"

static const cmd_opt opts[] = {
	{ "dir", 0, CMD_OPT_STRING, "URL", "migration directory",
	  "file://migrations", false },
	{ NULL },
};

static int run(cmd_ctx *ctx)
{
	mg_dir *dir = NULL;
	mg_rename *renames = NULL;
	size_t n = 0;
	int rc;

	/* no atlas.sum check: a conflicted one is exactly what this fixes */
	if ((rc = cmd_dir_open(ctx, &dir, 0)) != 0)
		return rc;
	if (mg_dir_rebase(&renames, &n, dir, (const char *const *)ctx->args,
	                  ctx->nargs) < 0)
		rc = cmd_fail(ctx);
	for (size_t i = 0; i < n; i++)
		fprintf(ctx->out, "%s -> %s\n", renames[i].from, renames[i].to);
	mg_renames_free(renames, n);
	mg_dir_free(dir);
	return rc;
}

const cmd_spec cmd_migrate_rebase_spec = {
	.name = "rebase",
	.fn = run,
	.flags = CMD_NEEDS_DIR,
	.summary = "renumber migration files to come after all others",
	.usage = "strata migrate rebase VERSION... [flags]",
	.help = "When two branches both added migration files, renumbers the files of\n"
	        "the given versions so they come after every other file: new versions\n"
	        "after the directory's last one (timestamps, or the next numbers in a\n"
	        "numbered directory), descriptions kept, down files moved along. Then\n"
	        "rewrites atlas.sum, whatever it held: a git merge conflict in it is\n"
	        "resolved by this one command. Prints each rename.",
	.examples =
	        "strata migrate rebase 20240105093000\n"
	        "strata migrate rebase 20240105093000 20240105094500 --dir file://db/migrations",
	.opts = opts,
	.min_args = 1,
	.max_args = -1,
};
