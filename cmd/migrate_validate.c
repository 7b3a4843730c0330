/* SPDX-License-Identifier: MIT */
/*
 * cmd/migrate_validate.c: `strata migrate validate` checks atlas.sum and,
 * with --dev-url, replays the whole directory on the dev database.
 */
#include "commands.h"
#include "common.h"
#include "dir.h"
#include "driver.h"
#include "plan.h"
#include "sum.h"
#include "ut.h"

static const cmd_opt opts[] = {
	{ "dir", 0, CMD_OPT_STRING, "URL", "migration directory",
	  "file://migrations", false },
	{ "dev-url", 0, CMD_OPT_STRING, "URL",
	  "dev database to replay the directory on", NULL, false },
	{ NULL },
};

static int run(cmd_ctx *ctx)
{
	mg_dir *dir;
	int rc;

	const char *dev_url = cmd_get(ctx, "dev-url");
	dl_conn *dev = NULL;

	if ((rc = cmd_dir_open(ctx, &dir, CMD_DIR_VALIDATE)) != 0)
		return rc;
	if (dev_url) {
		/* replay every file: the directory must run from scratch */
		if (mg_dev_open(&dev, dev_url) < 0 || mg_replay(dev, dir, NULL) < 0) {
			mg_dev_reset_after_error(dev);
			rc = cmd_fail(ctx);
		} else if (dev->drv->reset(dev) < 0) {
			rc = cmd_fail(ctx);
		}
	}
	dl_close(dev);
	mg_dir_free(dir);
	return rc;
}

const cmd_spec cmd_migrate_validate_spec = {
	.name = "validate",
	.fn = run,
	.flags = CMD_NEEDS_DIR,
	.summary = "check the integrity of the migration directory",
	.usage = "strata migrate validate [flags]",
	.help = "Checks every file against atlas.sum and names the first file that was\n"
		"edited, added or removed. Silent on success.",
	.examples = "strata migrate validate\nstrata migrate validate --dir file://migrations --dev-url sqlite://dev?mode=memory",
	.opts = opts,
	.min_args = 0,
	.max_args = 0,
};
