/* SPDX-License-Identifier: MIT */
/*
 * cmd/migrate_new.c: `strata migrate new [name]` writes an empty
 * <UTC version>[_name].sql and updates atlas.sum; --edit opens $EDITOR on
 * a temporary copy first, so a failed editor leaves nothing behind.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "commands.h"
#include "common.h"
#include "dir.h"
#include "formats.h"
#include "sum.h"
#include "ut.h"

static const cmd_opt opts[] = {
	{ "dir", 0, CMD_OPT_STRING, "URL", "migration directory",
	  "file://migrations", false },
	{ "edit", 0, CMD_OPT_BOOL, NULL, "edit the file in $EDITOR before writing it",
	  NULL, false },
	{ NULL },
};

/* Runs $EDITOR (default vi) on path as an argv, never through a shell. */
static int run_editor(const char *path)
{
	const char *ed = getenv("EDITOR");
	pid_t pid;
	int status;

	if (!ed || !*ed)
		ed = "vi";
	pid = fork();
	if (pid < 0)
		return ut_error_errno("cannot start editor '%s'", ed);
	if (pid == 0) {
		execlp(ed, ed, path, (char *)NULL);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0)
		return ut_error_errno("waiting for editor '%s'", ed);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return ut_error_set(UT_ERROR, "editor '%s' failed (exit status %d)",
				    ed, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	return 0;
}

/*
 * A new migration in another tool's layout (formats.h): its files from
 * the tool's template; --edit edits the main one.
 */
static int new_foreign(cmd_ctx *ctx, mg_dir *dir, const char *version)
{
	mg_new_files nf;
	char *tmpdir = NULL, *tmp = NULL;
	int rc = 0;

	mg_format_new(&nf, dir->format, version,
		      ctx->nargs ? ctx->args[0] : NULL, NULL, NULL);
	if (cmd_flag(ctx, "edit")) {
		ut_buf *d = &nf.items[0].data;
		if (ut_mkdtemp(&tmpdir, "strata-new") < 0)
			goto fail;
		tmp = ut_path_join(tmpdir, nf.items[0].name);
		if (ut_file_write_atomic(tmp, d->ptr, d->len) < 0 ||
		    run_editor(tmp) < 0)
			goto fail;
		ut_buf_reset(d);
		if (ut_file_read(d, tmp) < 0)
			goto fail;
	}
	if (mg_dir_add_files(dir, &nf) < 0)
		goto fail;
	goto done;
fail:
	rc = cmd_fail(ctx);
done:
	if (tmpdir)
		ut_rm_rf(tmpdir);
	free(tmpdir);
	free(tmp);
	mg_new_files_release(&nf);
	return rc;
}

static int run(cmd_ctx *ctx)
{
	mg_dir *dir = NULL;
	ut_buf content = UT_BUF_INIT;
	char version[15], *name = NULL, *tmpdir = NULL, *tmp = NULL;
	int rc;

	if ((rc = cmd_dir_open(ctx, &dir, CMD_DIR_CREATE | CMD_DIR_VALIDATE)) != 0)
		return rc;
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
	if (dir->format != MG_FORMAT_ATLAS) {
		rc = new_foreign(ctx, dir, version);
		goto done;
	}
	if (cmd_flag(ctx, "edit")) {
		if (ut_mkdtemp(&tmpdir, "strata-new") < 0) {
			rc = cmd_fail(ctx);
			goto done;
		}
		tmp = ut_path_join(tmpdir, name);
		if (ut_file_write_atomic(tmp, "", 0) < 0 || run_editor(tmp) < 0 ||
		    ut_file_read(&content, tmp) < 0) {
			rc = cmd_fail(ctx);
			goto done;
		}
	}
	if (mg_dir_add_file(dir, name, content.ptr, content.len) < 0)
		rc = cmd_fail(ctx);
done:
	if (tmpdir)
		ut_rm_rf(tmpdir);
	free(tmpdir);
	free(tmp);
	free(name);
	ut_buf_release(&content);
	mg_dir_free(dir);
	return rc;
}

const cmd_spec cmd_migrate_new_spec = {
	.name = "new",
	.fn = run,
	.flags = CMD_NEEDS_DIR,
	.summary = "create a new empty migration file",
	.usage = "strata migrate new [name] [flags]",
	.help = "Writes <version>[_name].sql, version being the current UTC time as\n"
		"YYYYMMDDhhmmss, and updates atlas.sum.",
	.examples = "strata migrate new add_users\nstrata migrate new add_users --edit",
	.opts = opts,
	.min_args = 0,
	.max_args = 1,
};
