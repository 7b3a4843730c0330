/* SPDX-License-Identifier: MIT */
/*
 * cmd/migrate_import.c: `strata migrate import --from "file://old?format=X"
 * --to file://migrations` rewrites another tool's directory as Atlas
 * files with atlas.sum (reference 3.8). Everything is read and checked
 * before anything is written; the target must be empty.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "common.h"
#include "dir.h"
#include "import.h"
#include "sum.h"
#include "ut.h"

static const cmd_opt opts[] = {
	{ "from", 0, CMD_OPT_STRING, "URL",
	  "directory to import, with its layout: file://path?format=golang-migrate|goose|flyway|dbmate|liquibase",
	  NULL, false },
	{ "to", 0, CMD_OPT_STRING, "URL", "new atlas directory (must be empty)",
	  "file://migrations", false },
	{ "dir-format", 0, CMD_OPT_STRING, "NAME",
	  "deprecated: layout of --from when its URL has no ?format=", NULL,
	  true },
	{ "name-order", 0, CMD_OPT_BOOL, NULL,
	  "golang-migrate history its tool ran in file-name order: take *up.sql in name order, number repeated versions <v>.1, <v>.2, ...",
	  NULL, false },
	{ "envsub", 0, CMD_OPT_BOOL, NULL,
	  "write the values of this environment where goose ENVSUB substitutes variables (else such files are refused)",
	  NULL, false },
	{ NULL },
};

/* --from with --dir-format copied into the query when it has no format. */
static char *from_url(cmd_ctx *ctx)
{
	const char *from = cmd_get(ctx, "from");
	const char *df = cmd_get(ctx, "dir-format");

	if (!df || strstr(from, "format="))
		return ut_xstrdup(from);
	return ut_xasprintf("%s%cformat=%s", from,
	                    strchr(from, '?') ? '&' : '?', df);
}

static int run(cmd_ctx *ctx)
{
	mg_dir *src = NULL, *dst = NULL;
	mg_import imp = { 0 };
	char *url = NULL, *sum = NULL;
	unsigned flags = 0;
	int rc = 0;

	if (!cmd_get(ctx, "from"))
		return cmd_usage_error(ctx, "required flag \"from\" not set");
	url = from_url(ctx);
	if (cmd_flag(ctx, "name-order")) {
		char *path = NULL;
		mg_format fmt;
		if (mg_dir_url_parse(&path, &fmt, url) < 0)
			goto fail;
		free(path);
		if (fmt != MG_FORMAT_GOLANG_MIGRATE) {
			rc = cmd_usage_error(
			        ctx,
			        "--name-order applies to golang-migrate directories only");
			goto done;
		}
		flags |= MG_DIR_NAME_ORDER;
	}
	if (mg_dir_open(&src, url, flags) < 0)
		goto fail;
	/* a source sum, when there is one, must still match */
	sum = ut_path_join(src->path, MG_SUM_FILE);
	if (src->format != MG_FORMAT_ATLAS && ut_path_exists(sum)) {
		mg_sum_problem pr;
		int error = mg_dir_validate(src, &pr);
		mg_sum_problem_release(&pr);
		if (error < 0)
			goto fail;
	}
	if (mg_import_build(&imp, src,
	                    cmd_flag(ctx, "envsub") ? MG_IMPORT_ENVSUB : 0) < 0)
		goto fail;
	if (imp.len == 0) {
		fputs("nothing to import\n", ctx->out);
		goto done;
	}
	if (mg_dir_open(&dst, cmd_get(ctx, "to"), MG_DIR_CREATE) < 0 ||
	    mg_import_write(dst, &imp) < 0)
		goto fail;
	goto done;
fail:
	rc = cmd_fail(ctx);
done:
	mg_import_release(&imp);
	mg_dir_free(src);
	mg_dir_free(dst);
	free(sum);
	free(url);
	return rc;
}

const cmd_spec cmd_migrate_import_spec = {
	.name = "import",
	.fn = run,
	.summary = "import a directory of another migration tool",
	.usage =
	        "strata migrate import --from \"file://path?format=NAME\" [--to URL] [flags]",
	.help = "Reads a directory in the layout of golang-migrate, goose, Flyway, dbmate or\n"
	        "Liquibase formatted SQL and writes its migrations as Atlas files with\n"
	        "atlas.sum into an empty directory: versions and descriptions are kept\n"
	        "(Flyway B2__x becomes 2_x.sql, repeatables <last version>R_x.sql), so are\n"
	        "the comments of each statement; down and rollback sections are dropped.\n"
	        "A Flyway repeatable becomes a one-time versioned file (Atlas has no\n"
	        "repeatables): later changes to it need a new migration. A goose file that\n"
	        "substitutes environment variables (ENVSUB) is refused unless --envsub\n"
	        "writes this environment's values into the files.\n"
	        "Bad input (mixed layouts, a version twice, a down file without its up\n"
	        "file) is named and nothing is written.",
	.examples =
	        "strata migrate import --from \"file://db/migrations?format=golang-migrate\" --to file://migrations\n"
	        "strata migrate import --from \"file://sql?format=flyway\" --to file://migrations",
	.opts = opts,
	.min_args = 0,
	.max_args = 0,
};
