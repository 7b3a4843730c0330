/* SPDX-License-Identifier: MIT */
/*
 * lint/git.c: --git-base through libgit2 (no git binary): the migration
 * files added since the merge base of the base branch and HEAD, under the
 * directory's path, plus files added to the index or the work tree and not
 * committed yet.
 */
#include <git2.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "lint.h"
#include "ut.h"

static int git_fail(const char *what)
{
	const git_error *e = git_error_last();
	return ut_error_set(UT_ERROR, "%s: %s", what,
			    e && e->message ? e->message : "unknown error");
}

/* Resolves the base branch as given, as a local branch or origin's. */
static int resolve_base(git_object **out, git_repository *repo,
			const char *base)
{
	const char *fmts[] = { "%s", "refs/heads/%s", "refs/remotes/origin/%s",
			       "origin/%s" };

	for (size_t i = 0; i < UT_ARRAY_SIZE(fmts); i++) {
		char *spec = ut_xasprintf(fmts[i], base);
		int rc = git_revparse_single(out, repo, spec);
		free(spec);
		if (rc == 0)
			return 0;
	}
	return ut_error_set(UT_ENOTFOUND, "base branch '%s' not found", base);
}

typedef struct added_set {
	ut_map names; /* basename -> 1 */
	UT_VEC(char *) owned;
} added_set;

static void add_name(added_set *s, const char *path)
{
	char *b = ut_xstrdup(ut_path_base(path));
	ut_vec_push(&s->owned, b);
	ut_map_put(&s->names, b, (void *)1);
}

static void collect(added_set *s, git_diff *diff)
{
	size_t n = git_diff_num_deltas(diff);

	for (size_t i = 0; i < n; i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);
		if (d->status == GIT_DELTA_ADDED ||
		    d->status == GIT_DELTA_UNTRACKED)
			add_name(s, d->new_file.path);
	}
}

int lt_git_added(bool *added, const mg_dir *dir, const char *git_dir,
		 const char *base_branch)
{
	git_repository *repo = NULL;
	git_object *base = NULL, *head = NULL;
	git_commit *mb_commit = NULL, *head_commit = NULL;
	git_tree *mb_tree = NULL, *head_tree = NULL;
	git_diff *diff = NULL, *wdiff = NULL;
	git_diff_options opts;
	git_oid mb;
	added_set set = { UT_MAP_INIT, UT_VEC_INIT };
	char real_dir[PATH_MAX], real_wd[PATH_MAX];
	char *rel = NULL;
	char *pathspec[1];
	const char *wd;
	size_t wdlen;
	int error = 0, rc;

	git_libgit2_init();
	git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
	if (git_repository_open_ext(&repo, git_dir ? git_dir : ".", 0, NULL) < 0) {
		error = ut_error_set(UT_ERROR, "cannot open git repository '%s': %s",
				     git_dir ? git_dir : ".",
				     git_error_last() ? git_error_last()->message : "not found");
		goto done;
	}
	wd = git_repository_workdir(repo);
	if (!wd || !realpath(wd, real_wd) || !realpath(dir->path, real_dir)) {
		error = ut_error_set(UT_ERROR, "cannot resolve migration directory '%s'",
				     dir->path);
		goto done;
	}
	wdlen = strlen(real_wd);
	if (strncmp(real_dir, real_wd, wdlen) != 0 ||
	    (real_dir[wdlen] != '/' && real_dir[wdlen] != '\0')) {
		error = ut_error_set(UT_ERROR,
				     "migration directory '%s' is outside the repository '%s'",
				     dir->path, real_wd);
		goto done;
	}
	rel = ut_xstrdup(real_dir[wdlen] ? real_dir + wdlen + 1 : "");
	if ((error = resolve_base(&base, repo, base_branch)) < 0)
		goto done;
	if (git_revparse_single(&head, repo, "HEAD") < 0) {
		error = git_fail("cannot resolve HEAD");
		goto done;
	}
	rc = git_merge_base(&mb, repo, git_object_id(head), git_object_id(base));
	if (rc < 0) {
		if (git_repository_is_shallow(repo) == 1)
			error = ut_error_set(UT_ERROR,
					     "shallow clone: the merge base of '%s' and HEAD is not in the repository",
					     base_branch);
		else
			error = ut_error_set(UT_ERROR,
					     "no merge base between '%s' and HEAD", base_branch);
		if (error < 0)
			ut_error_hint("fetch the full history (git fetch --unshallow) or a deeper --depth");
		goto done;
	}
	if (git_commit_lookup(&mb_commit, repo, &mb) < 0 ||
	    git_commit_tree(&mb_tree, mb_commit) < 0 ||
	    git_commit_lookup(&head_commit, repo, git_object_id(head)) < 0 ||
	    git_commit_tree(&head_tree, head_commit) < 0) {
		error = git_fail(git_repository_is_shallow(repo) == 1
					 ? "shallow clone: cannot read the base commit"
					 : "cannot read commits");
		goto done;
	}
	if (*rel) {
		pathspec[0] = rel;
		opts.pathspec.strings = pathspec;
		opts.pathspec.count = 1;
	}
	if (git_diff_tree_to_tree(&diff, repo, mb_tree, head_tree, &opts) < 0) {
		error = git_fail("cannot diff the base");
		goto done;
	}
	collect(&set, diff);
	opts.flags |= GIT_DIFF_INCLUDE_UNTRACKED | GIT_DIFF_RECURSE_UNTRACKED_DIRS;
	if (git_diff_tree_to_workdir_with_index(&wdiff, repo, head_tree, &opts) < 0) {
		error = git_fail("cannot diff the work tree");
		goto done;
	}
	collect(&set, wdiff);
	for (size_t i = 0; i < dir->nfiles; i++)
		added[i] = ut_map_get(&set.names, ut_path_base(dir->files[i].name)) != NULL;
done:
	for (size_t i = 0; i < set.owned.len; i++)
		free(set.owned.items[i]);
	ut_vec_release(&set.owned);
	ut_map_release(&set.names);
	git_diff_free(diff);
	git_diff_free(wdiff);
	git_tree_free(mb_tree);
	git_tree_free(head_tree);
	git_commit_free(mb_commit);
	git_commit_free(head_commit);
	git_object_free(base);
	git_object_free(head);
	git_repository_free(repo);
	free(rel);
	git_libgit2_shutdown();
	return error;
}
