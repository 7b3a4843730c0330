/* SPDX-License-Identifier: MIT */
/*
 * cmd/schema_fmt.c: `strata schema fmt [paths]` rewrites HCL files in
 * canonical form (hcl_format: hclwrite's indentation, spacing and `=`
 * alignment) and prints the path of every file it changed.
 */
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "hcl.h"
#include "ut.h"

static const cmd_opt opts[] = {
	{ NULL },
};

/* Formats one file; prints its path when it changed. */
static int fmt_file(cmd_ctx *ctx, const char *path)
{
	ut_buf in = UT_BUF_INIT, out = UT_BUF_INIT;
	int error;

	if ((error = ut_file_read(&in, path)) < 0)
		goto done;
	if ((error = hcl_format(&out, path, in.ptr, in.len)) < 0)
		goto done;
	if (out.len == in.len && memcmp(out.ptr, in.ptr, in.len) == 0)
		goto done;
	if ((error = ut_file_write_atomic(path, out.ptr, out.len)) < 0)
		goto done;
	fprintf(ctx->out, "%s\n", path);
done:
	ut_buf_release(&in);
	ut_buf_release(&out);
	return error;
}

static int run(cmd_ctx *ctx)
{
	static char dot[] = ".";
	char *def[1] = { dot };
	char **paths = ctx->nargs ? ctx->args : def;
	size_t n = ctx->nargs ? ctx->nargs : 1;

	for (size_t i = 0; i < n; i++) {
		const char *p = paths[i];
		if (!ut_path_is_dir(p)) {
			if (fmt_file(ctx, p) < 0)
				return cmd_fail(ctx);
			continue;
		}
		/* a folder: its .hcl files, not recursing */
		char **names;
		size_t nn;
		int error = 0;
		if (ut_dir_list(&names, &nn, p) < 0)
			return cmd_fail(ctx);
		for (size_t k = 0; k < nn && error == 0; k++) {
			char *f;
			if (!ut_str_suffix(names[k], ".hcl"))
				continue;
			f = strcmp(p, ".") ? ut_path_join(p, names[k])
					   : ut_xstrdup(names[k]);
			if (!ut_path_is_dir(f))
				error = fmt_file(ctx, f);
			free(f);
		}
		ut_strlist_free(names, nn);
		if (error < 0)
			return cmd_fail(ctx);
	}
	return 0;
}

const cmd_spec cmd_schema_fmt_spec = {
	.name = "fmt",
	.fn = run,
	.summary = "rewrite HCL files in canonical form",
	.usage = "strata schema fmt [flags] [path ...]",
	.help = "Formats HCL schema and project files as Atlas (hclwrite) does:\n"
		"two-space indentation, single spaces, `=` aligned within runs of\n"
		"attributes; comments are kept. Folders are formatted file by file\n"
		"(*.hcl, not recursing). Prints the path of every file it changed;\n"
		"the default path is the current folder.",
	.examples = "strata schema fmt\nstrata schema fmt schema.hcl\nstrata schema fmt schema/",
	.opts = opts,
	.min_args = 0,
	.max_args = -1,
};
