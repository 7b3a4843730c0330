/* SPDX-License-Identifier: MIT */
/* cmd/common.c: setup shared by several commands. */
#include <stdio.h>

#include "common.h"
#include "dir.h"
#include "sum.h"
#include "ut.h"

int cmd_dir_open(cmd_ctx *ctx, mg_dir **out, unsigned flags)
{
	mg_dir *dir = NULL;
	mg_sum_problem problem;
	int error;

	*out = NULL;
	error = mg_dir_open(&dir, cmd_get(ctx, "dir"),
			    flags & CMD_DIR_CREATE ? MG_DIR_CREATE : 0);
	if (error < 0)
		return cmd_fail(ctx);
	if (flags & CMD_DIR_VALIDATE) {
		error = mg_dir_validate(dir, &problem);
		if (error < 0) {
			if (problem.file)
				fprintf(ctx->out,
					"You have a checksum error in your migration directory.\n"
					"This happens if you manually create or edit a migration file.\n"
					"Please check your migration files and run 'strata migrate hash' to re-hash the contents\n\n"
					"\tL%d: %s was %s\n\n",
					problem.line, problem.file, problem.reason);
			mg_sum_problem_release(&problem);
			mg_dir_free(dir);
			return cmd_fail(ctx);
		}
	}
	*out = dir;
	return 0;
}
