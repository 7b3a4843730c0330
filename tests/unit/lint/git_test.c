/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/lint/git_test.c: --git-base through libgit2 on repositories
 * the test builds itself (no git binary): files added since the merge
 * base, uncommitted additions, and the three errors (unknown branch,
 * directory outside the repository, shallow clone without the base).
 */
#include "test.h"

#include <git2.h>

#include "dir.h"
#include "lint.h"
#include "ut.h"

typedef struct repo_fx {
	char *tmp;
	git_repository *repo;
} repo_fx;

static void write_at(const char *root, const char *rel, const char *text)
{
	char *p = ut_path_join(root, rel);
	char *slash = strrchr(p, '/');
	*slash = '\0';
	assert_int_equal(ut_mkdir_p(p), 0);
	*slash = '/';
	assert_int_equal(ut_file_write_atomic(p, text, strlen(text)), 0);
	free(p);
}

/* Commits every file of the work tree on HEAD; returns the commit id. */
static git_oid commit_all(git_repository *repo, const char *msg)
{
	git_index *idx;
	git_oid tree_id, id;
	git_tree *tree;
	git_signature *sig;
	git_object *parent = NULL;
	git_commit *pc = NULL;
	char star[] = "*";
	char *paths[] = { star };
	git_strarray ps = { paths, 1 };

	assert_int_equal(git_repository_index(&idx, repo), 0);
	assert_int_equal(git_index_add_all(idx, &ps, 0, NULL, NULL), 0);
	assert_int_equal(git_index_write(idx), 0);
	assert_int_equal(git_index_write_tree(&tree_id, idx), 0);
	assert_int_equal(git_tree_lookup(&tree, repo, &tree_id), 0);
	assert_int_equal(git_signature_new(&sig, "t", "t@example.com", 1700000000, 0), 0);
	if (git_revparse_single(&parent, repo, "HEAD") == 0)
		assert_int_equal(git_commit_lookup(&pc, repo, git_object_id(parent)), 0);
	{
		const git_commit *parents[1] = { pc };
		assert_int_equal(git_commit_create(&id, repo, "HEAD", sig, sig, NULL, msg,
						   tree, pc ? 1 : 0, parents), 0);
	}
	git_commit_free(pc);
	git_object_free(parent);
	git_signature_free(sig);
	git_tree_free(tree);
	git_index_free(idx);
	return id;
}

static int setup(void **state)
{
	repo_fx *f = ut_xcalloc(1, sizeof(*f));
	git_oid base;
	git_commit *c;
	git_reference *br;

	git_libgit2_init();
	assert_int_equal(ut_mkdtemp(&f->tmp, "strata-git"), 0);
	assert_int_equal(git_repository_init(&f->repo, f->tmp, 0), 0);
	write_at(f->tmp, "db/migrations/1_a.sql", "CREATE TABLE a (id int);\n");
	write_at(f->tmp, "db/migrations/atlas.sum", "x\n");
	base = commit_all(f->repo, "base");
	assert_int_equal(git_commit_lookup(&c, f->repo, &base), 0);
	assert_int_equal(git_branch_create(&br, f->repo, "base-branch", c, 0), 0);
	git_reference_free(br);
	git_commit_free(c);
	write_at(f->tmp, "db/migrations/2_b.sql", "CREATE TABLE b (id int);\n");
	write_at(f->tmp, "other/9_z.sql", "CREATE TABLE z (id int);\n");
	commit_all(f->repo, "feature");
	/* not committed: in the work tree only */
	write_at(f->tmp, "db/migrations/3_c.sql", "CREATE TABLE c (id int);\n");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	repo_fx *f = *state;

	git_repository_free(f->repo);
	ut_rm_rf(f->tmp);
	free(f->tmp);
	free(f);
	git_libgit2_shutdown();
	return 0;
}

static mg_dir *open_dir(const char *root, const char *rel)
{
	mg_dir *d = NULL;
	char *url = ut_xasprintf("file://%s/%s", root, rel);
	assert_int_equal(mg_dir_open(&d, url, 0), 0);
	free(url);
	return d;
}

static void test_lint_git__added_since_merge_base(void **state)
{
	repo_fx *f = *state;
	mg_dir *d = open_dir(f->tmp, "db/migrations");
	bool added[3] = { true, false, false };

	assert_int_equal(d->nfiles, 3);
	assert_int_equal(lt_git_added(added, d, f->tmp, "base-branch"), 0);
	assert_false(added[0]); /* 1_a.sql: on the base branch */
	assert_true(added[1]);  /* 2_b.sql: committed since the merge base */
	assert_true(added[2]);  /* 3_c.sql: not committed yet */
	mg_dir_free(d);
}

static void test_lint_git__errors(void **state)
{
	repo_fx *f = *state;
	mg_dir *d = open_dir(f->tmp, "db/migrations");
	bool added[3];
	char *outside = NULL;
	mg_dir *od;

	assert_int_equal(lt_git_added(added, d, f->tmp, "no-such-branch"), UT_ENOTFOUND);
	assert_string_equal(ut_error_last()->msg, "base branch 'no-such-branch' not found");
	ut_error_clear();
	assert_int_equal(ut_mkdtemp(&outside, "strata-git-out"), 0);
	write_at(outside, "m/1_a.sql", "CREATE TABLE a (id int);\n");
	od = open_dir(outside, "m");
	assert_int_equal(lt_git_added(added, od, f->tmp, "base-branch"), UT_ERROR);
	assert_non_null(strstr(ut_error_last()->msg, "is outside the repository"));
	ut_error_clear();
	mg_dir_free(od);
	ut_rm_rf(outside);
	free(outside);
	mg_dir_free(d);
}

static void test_lint_git__shallow_without_base(void **state)
{
	repo_fx *f = *state;
	mg_dir *d = open_dir(f->tmp, "db/migrations");
	git_object *head, *base;
	git_commit *bc;
	git_tree *tree;
	git_signature *sig;
	git_oid b1;
	char h[GIT_OID_HEXSZ + 1], b[GIT_OID_HEXSZ + 1], root[GIT_OID_HEXSZ + 1];
	char *shallow = ut_path_join(f->tmp, ".git/shallow"), *text, *obj;
	bool added[3];

	/*
	 * A depth-1 clone: the base branch moved on (B1) and HEAD has its own
	 * commit; both tips are there, their common ancestor is not.
	 */
	assert_int_equal(git_revparse_single(&base, f->repo, "base-branch"), 0);
	assert_int_equal(git_commit_lookup(&bc, f->repo, git_object_id(base)), 0);
	assert_int_equal(git_commit_tree(&tree, bc), 0);
	assert_int_equal(git_signature_new(&sig, "t", "t@example.com", 1700000100, 0), 0);
	{
		const git_commit *parents[1] = { bc };
		assert_int_equal(git_commit_create(&b1, f->repo, "refs/heads/base-branch", sig, sig,
						   NULL, "base moves", tree, 1, parents), 0);
	}
	git_oid_tostr(root, sizeof(root), git_object_id(base));
	assert_int_equal(git_revparse_single(&head, f->repo, "HEAD"), 0);
	git_oid_tostr(h, sizeof(h), git_object_id(head));
	git_oid_tostr(b, sizeof(b), &b1);
	text = ut_xasprintf("%s\n%s\n", h, b);
	assert_int_equal(ut_file_write_atomic(shallow, text, strlen(text)), 0);
	obj = ut_xasprintf("%s/.git/objects/%.2s/%s", f->tmp, root, root + 2);
	assert_int_equal(remove(obj), 0);
	git_signature_free(sig);
	git_tree_free(tree);
	git_commit_free(bc);
	git_object_free(base);
	git_object_free(head);
	assert_int_equal(lt_git_added(added, d, f->tmp, "base-branch"), UT_ERROR);
	assert_non_null(strstr(ut_error_last()->msg, "shallow clone"));
	ut_error_clear();
	free(obj);
	free(text);
	free(shallow);
	mg_dir_free(d);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_lint_git__added_since_merge_base, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lint_git__errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lint_git__shallow_without_base, setup, teardown),
	};
	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
