/* SPDX-License-Identifier: MIT */
/*
 * cmd/migrate_rm.c: `strata migrate rm [VERSION]` removes a migration file
 * (the last by default) and re-hashes atlas.sum, refusing when the file
 * is already applied to the database given with --url.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "common.h"
#include "dir.h"
#include "driver.h"
#include "rev.h"
#include "sum.h"
#include "ut.h"

static const cmd_opt opts[] = {
	{ "dir", 0, CMD_OPT_STRING, "URL", "migration directory",
	  "file://migrations", false },
	{ "url", 'u', CMD_OPT_STRING, "URL",
	  "database to check first: a file applied there is not removed", NULL,
	  false },
	{ "revisions-schema", 0, CMD_OPT_STRING, "NAME",
	  "schema of the revision table", NULL, false },
	{ NULL },
};

/* UT_ERROR when the database has a revision for f. */
static int check_not_applied(cmd_ctx *ctx, const char *url, const mg_file *f)
{
	dl_conn *conn = NULL;
	mg_rev_store st;
	mg_revs revs = { 0 };
	bool st_init = false;
	int error;

	if ((error = dl_open(&conn, url)) < 0)
		goto done;
	if ((error = mg_rev_store_init(&st, conn,
	                               cmd_get(ctx, "revisions-schema"))) < 0)
		goto done;
	st_init = true;
	if ((error = mg_rev_read(&revs, &st)) < 0)
		goto done;
	for (size_t i = 0; i < revs.len; i++) {
		if (strcmp(revs.items[i].version, f->version) != 0)
			continue;
		error = ut_error_set(
		        UT_ERROR,
		        "migration file '%s' is applied to the database (revision \"%s\"): not removed",
		        f->name, f->version);
		ut_error_hint("write a new migration that undoes it instead");
		break;
	}
done:
	mg_revs_release(&revs);
	if (st_init)
		mg_rev_store_release(&st);
	dl_close(conn);
	return error;
}

/* Removes f and its companion; put back when atlas.sum cannot be written. */
static int remove_file(mg_dir *dir, const mg_file *f)
{
	char *names[2] = { ut_xstrdup(f->name),
		           f->down ? ut_xstrdup(f->down) : NULL };
	ut_buf saved[2] = { UT_BUF_INIT, UT_BUF_INIT };
	size_t removed = 0;
	int error = 0;

	for (size_t i = 0; i < 2 && names[i] && error == 0; i++) {
		char *p = mg_dir_path(dir, names[i]);
		if ((error = ut_file_read(&saved[i], p)) == 0 && unlink(p) < 0)
			error = ut_error_errno("cannot remove '%s'", p);
		if (error == 0)
			removed++;
		free(p);
	}
	if (error == 0 && ((error = mg_dir_rescan(dir)) < 0 ||
	                   (error = mg_sum_write(dir)) < 0)) {
		ut_error stash;
		ut_error_stash(&stash);
		for (size_t i = 0; i < removed; i++) {
			char *p = mg_dir_path(dir, names[i]);
			ut_file_write_atomic(p, saved[i].ptr, saved[i].len);
			free(p);
		}
		mg_dir_rescan(dir);
		ut_error_restore(&stash);
	}
	for (size_t i = 0; i < 2; i++) {
		free(names[i]);
		ut_buf_release(&saved[i]);
	}
	return error;
}

static int run(cmd_ctx *ctx)
{
	const char *url = cmd_get(ctx, "url");
	mg_dir *dir = NULL;
	const mg_file *f;
	int rc;

	if ((rc = cmd_dir_open(ctx, &dir, CMD_DIR_VALIDATE)) != 0)
		return rc;
	if (ctx->nargs) {
		f = mg_dir_find_version(dir, ctx->args[0]);
		if (!f) {
			ut_error_set(UT_ENOTFOUND,
			             "migration with version \"%s\" not found",
			             ctx->args[0]);
			goto fail;
		}
	} else if (dir->nfiles) {
		f = &dir->files[dir->nfiles - 1];
	} else {
		ut_error_set(
		        UT_ENOTFOUND,
		        "the migration directory '%s' has no file to remove",
		        dir->path);
		goto fail;
	}
	if (url && check_not_applied(ctx, url, f) < 0)
		goto fail;
	if (remove_file(dir, f) < 0)
		goto fail;
	goto done;
fail:
	rc = cmd_fail(ctx);
done:
	mg_dir_free(dir);
	return rc;
}

const cmd_spec cmd_migrate_rm_spec = {
	.name = "rm",
	.fn = run,
	.flags = CMD_NEEDS_DIR,
	.summary = "remove a migration file and re-hash",
	.usage = "strata migrate rm [VERSION] [flags]",
	.help = "Removes the migration file of VERSION (the last file when none is\n"
	        "given), with its down file in layouts that have one, and rewrites\n"
	        "atlas.sum. With --url the database's revision table is read first and\n"
	        "a file already applied there is not removed.",
	.examples = "strata migrate rm\n"
	            "strata migrate rm 20240105093000 --url sqlite://app.db",
	.opts = opts,
	.min_args = 0,
	.max_args = 1,
};
