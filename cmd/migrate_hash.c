/* SPDX-License-Identifier: MIT */
/* cmd/migrate_hash.c: `strata migrate hash` rewrites atlas.sum. */
#include "commands.h"
#include "common.h"
#include "dir.h"
#include "sum.h"
#include "ut.h"

static const cmd_opt opts[] = {
	{ "dir", 0, CMD_OPT_STRING, "URL", "migration directory",
	  "file://migrations", false },
	{ "force", 0, CMD_OPT_BOOL, NULL, "deprecated, no effect", NULL, true },
	{ NULL },
};

static int run(cmd_ctx *ctx)
{
	mg_dir *dir;
	int rc;

	if ((rc = cmd_dir_open(ctx, &dir, 0)) != 0)
		return rc;
	if (mg_sum_write(dir) < 0)
		rc = cmd_fail(ctx);
	mg_dir_free(dir);
	return rc;
}

const cmd_spec cmd_migrate_hash_spec = {
	.name = "hash",
	.fn = run,
	.flags = CMD_NEEDS_DIR,
	.summary = "hash the migration files and write atlas.sum",
	.usage = "strata migrate hash [flags]",
	.help = "Recomputes the integrity file atlas.sum of the migration directory,\n"
		"byte for byte as Atlas writes it. Run it after editing a file on purpose.",
	.examples = "strata migrate hash\nstrata migrate hash --dir file://db/migrations",
	.opts = opts,
	.min_args = 0,
	.max_args = 0,
};
