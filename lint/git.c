/* SPDX-License-Identifier: MIT */
#include "lint.h"
#include "ut.h"

int lt_git_added(bool *added, const mg_dir *dir, const char *git_dir,
		 const char *base_branch)
{
	(void)added; (void)dir; (void)git_dir; (void)base_branch;
	return ut_error_set(UT_ERROR, "--git-base is not implemented yet");
}
