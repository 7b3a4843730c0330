/* SPDX-License-Identifier: MIT */
/*
 * cmd/migrate_edit.c: `strata migrate edit VERSION` opens a migration file
 * in $EDITOR and re-hashes atlas.sum. The editor works on a temporary
 * copy; the file is replaced (atomically) only when the editor exits 0.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "commands.h"
#include "common.h"
#include "dir.h"
#include "sum.h"
#include "ut.h"

static const cmd_opt opts[] = {
	{ "dir", 0, CMD_OPT_STRING, "URL", "migration directory",
	  "file://migrations", false },
	{ NULL },
};

/*
 * Runs $EDITOR (default vi) on path. EDITOR is split on blanks into an
 * argv ("code --wait" works); no shell ever sees it.
 */
static int run_editor(const char *path)
{
	const char *ed = getenv("EDITOR");
	UT_VEC(char *) argv = UT_VEC_INIT;
	char *words, *file = ut_xstrdup(path);
	pid_t pid;
	int status, error = 0;

	if (!ed || !*ed)
		ed = "vi";
	words = ut_xstrdup(ed);
	for (char *p = words; *p;) {
		while (*p == ' ' || *p == '\t')
			*p++ = '\0';
		if (!*p)
			break;
		ut_vec_push(&argv, p);
		while (*p && *p != ' ' && *p != '\t')
			p++;
	}
	if (argv.len == 0) {
		error = ut_error_set(UT_EUSAGE, "EDITOR is blank");
		goto done;
	}
	ut_vec_push(&argv, file);
	ut_vec_push(&argv, NULL);
	pid = fork();
	if (pid < 0) {
		error = ut_error_errno("cannot start editor '%s'", ed);
		goto done;
	}
	if (pid == 0) {
		execvp(argv.items[0], argv.items);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0) {
		if (errno == EINTR)
			continue;
		error = ut_error_errno("waiting for editor '%s'", ed);
		goto done;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		error = ut_error_set(
		        UT_ERROR,
		        "editor '%s' failed (exit status %d): the file is unchanged",
		        ed, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
done:
	ut_vec_release(&argv);
	free(words);
	free(file);
	return error;
}

static int run(cmd_ctx *ctx)
{
	mg_dir *dir = NULL;
	const mg_file *f;
	ut_buf before = UT_BUF_INIT, after = UT_BUF_INIT;
	char *tmpdir = NULL, *tmp = NULL;
	int rc;

	if ((rc = cmd_dir_open(ctx, &dir, CMD_DIR_VALIDATE)) != 0)
		return rc;
	f = mg_dir_find_version(dir, ctx->args[0]);
	if (!f) {
		ut_error_set(UT_ENOTFOUND,
		             "migration with version \"%s\" not found",
		             ctx->args[0]);
		goto fail;
	}
	if (mg_file_read(f, &before) < 0 ||
	    ut_mkdtemp(&tmpdir, "strata-edit") < 0)
		goto fail;
	/* the same base name, so the editor knows the file type */
	tmp = ut_path_join(tmpdir, ut_path_base(f->path));
	if (ut_file_write_atomic(tmp, before.ptr, before.len) < 0 ||
	    run_editor(tmp) < 0 || ut_file_read(&after, tmp) < 0)
		goto fail;
	if ((after.len != before.len ||
	     memcmp(after.ptr, before.ptr, before.len) != 0) &&
	    ut_file_write_atomic(f->path, after.ptr, after.len) < 0)
		goto fail;
	if (mg_dir_rescan(dir) < 0 || mg_sum_write(dir) < 0)
		goto fail;
	goto done;
fail:
	rc = cmd_fail(ctx);
done:
	if (tmpdir)
		ut_rm_rf(tmpdir);
	free(tmpdir);
	free(tmp);
	ut_buf_release(&before);
	ut_buf_release(&after);
	mg_dir_free(dir);
	return rc;
}

const cmd_spec cmd_migrate_edit_spec = {
	.name = "edit",
	.fn = run,
	.flags = CMD_NEEDS_DIR,
	.summary = "edit a migration file in $EDITOR and re-hash",
	.usage = "strata migrate edit VERSION [flags]",
	.help = "Opens the migration file of VERSION in $EDITOR (default vi; the\n"
	        "variable is split on blanks, no shell runs it) on a temporary copy.\n"
	        "When the editor exits 0 the file is replaced with the copy and\n"
	        "atlas.sum is rewritten; otherwise nothing changes.",
	.examples = "strata migrate edit 20240105093000\n"
	            "EDITOR=\"code --wait\" strata migrate edit 20240105093000",
	.opts = opts,
	.min_args = 1,
	.max_args = 1,
};
