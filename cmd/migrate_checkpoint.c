/* SPDX-License-Identifier: MIT */
/*
 * cmd/migrate_checkpoint.c: `strata migrate checkpoint [tag]` writes a
 * checkpoint file (reference 2.4): the whole schema as of the directory's
 * end, computed by replaying the directory on the dev database, so a new
 * database starts from it instead of replaying every file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "common.h"
#include "dir.h"
#include "driver.h"
#include "plan.h"
#include "ut.h"

static const cmd_opt opts[] = {
	{ "dir", 0, CMD_OPT_STRING, "URL", "migration directory",
	  "file://migrations", false },
	{ "dev-url", 0, CMD_OPT_STRING, "URL",
	  "dev database to replay the directory on", CMD_DEFAULT_DEV_URL,
	  false },
	{ "format", 0, CMD_OPT_STRING, "FORMAT",
	  "file template, e.g. '{{ sql . \"  \" }}'", NULL, false },
	{ NULL },
};

/*
 * The file: "-- atlas:checkpoint[ tag]" first, then a blank line, then
 * the schema's statements. A plan with file directives keeps them in the
 * same leading block, "-- atlas:delimiter" on line 1 where it must be.
 */
static void checkpoint_text(ut_buf *out, const char *tag, const ut_buf *body)
{
	ut_buf line = UT_BUF_INIT;

	ut_buf_puts(&line, "-- atlas:checkpoint");
	if (tag && *tag)
		ut_buf_printf(&line, " %s", tag);
	ut_buf_putc(&line, '\n');
	if (ut_str_prefix(body->ptr, "-- atlas:delimiter ")) {
		size_t n = strcspn(body->ptr, "\n") + 1;
		ut_buf_put(out, body->ptr, n);
		ut_buf_put(out, line.ptr, line.len);
		ut_buf_put(out, body->ptr + n, body->len - n);
	} else if (ut_str_prefix(body->ptr, "-- atlas:")) {
		ut_buf_put(out, line.ptr, line.len);
		ut_buf_put(out, body->ptr, body->len);
	} else {
		ut_buf_put(out, line.ptr, line.len);
		ut_buf_putc(out, '\n');
		ut_buf_put(out, body->ptr, body->len);
	}
	ut_buf_release(&line);
}

static int run(cmd_ctx *ctx)
{
	const char *tag = ctx->nargs ? ctx->args[0] : NULL;
	mg_dir *dir = NULL;
	dl_conn *dev = NULL;
	sm_realm *realm = NULL;
	dl_inspect_opts io = { 0 };
	ut_buf body = UT_BUF_INIT, content = UT_BUF_INIT;
	char version[15], *name = NULL, *indent = NULL;
	cmd_format fmt;
	int rc;

	if (tag && (strchr(tag, '\n') || strchr(tag, '\r')))
		return cmd_usage_error(ctx, "checkpoint tag must be one line");
	if (cmd_format_parse(&fmt, &indent, cmd_get(ctx, "format"),
	                     CMD_FMT_SQL) < 0)
		return cmd_fail(ctx);
	if (fmt != CMD_FMT_SQL) {
		free(indent);
		return cmd_usage_error(
		        ctx,
		        "migrate checkpoint --format takes a '{{ sql . \"<indent>\" }}' template");
	}
	if ((rc = cmd_dir_open(ctx, &dir, CMD_DIR_VALIDATE)) != 0)
		goto done;
	if (dir->format != MG_FORMAT_ATLAS) {
		ut_error_set(
		        UT_EUSAGE,
		        "checkpoint files exist in atlas directories only, not %s",
		        mg_format_name(dir->format));
		ut_error_hint(
		        "import the directory first: strata migrate import");
		goto fail;
	}
	if (mg_dev_open(&dev, cmd_get(ctx, "dev-url")) < 0)
		goto fail;
	if (mg_replay(dev, dir, NULL) < 0 || dl_inspect(&realm, dev, &io) < 0 ||
	    cmd_realm_sql(&body, dev, realm, indent) < 0 ||
	    dev->drv->reset(dev) < 0)
		goto fail;
	checkpoint_text(&content, tag, &body);
	mg_version_next(dir, version);
	name = ut_xasprintf("%s_checkpoint.sql", version);
	if (mg_dir_add_file(dir, name, content.ptr, content.len) < 0)
		goto fail;
	goto done;
fail:
	mg_dev_reset_after_error(dev);
	rc = cmd_fail(ctx);
done:
	free(name);
	free(indent);
	ut_buf_release(&body);
	ut_buf_release(&content);
	sm_realm_free(realm);
	dl_close(dev);
	mg_dir_free(dir);
	return rc;
}

const cmd_spec cmd_migrate_checkpoint_spec = {
	.name = "checkpoint",
	.fn = run,
	.flags = CMD_NEEDS_DIR | CMD_NEEDS_DEV,
	.summary = "write a checkpoint file holding the whole schema",
	.usage = "strata migrate checkpoint [tag] [flags]",
	.help = "Replays the migration directory on the dev database (in-memory SQLite by\n"
	        "default), inspects it and writes <UTC version>_checkpoint.sql: the line\n"
	        "'-- atlas:checkpoint [tag]', a blank line, then the statements creating\n"
	        "the whole schema; atlas.sum is updated. migrate apply on an empty\n"
	        "database starts from the last checkpoint and skips the files before it;\n"
	        "databases that already have revisions skip checkpoint files.",
	.examples =
	        "strata migrate checkpoint\n"
	        "strata migrate checkpoint v1.0 --dev-url \"sqlite://dev?mode=memory\"",
	.opts = opts,
	.min_args = 0,
	.max_args = 1,
};
