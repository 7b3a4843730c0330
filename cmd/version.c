/* SPDX-License-Identifier: MIT */
/* cmd/version.c: `strata version` and `strata help`. */
#include <stdio.h>

#include "cmd.h"
#include "commands.h"

static int run_version(cmd_ctx *ctx)
{
	fprintf(ctx->out, "strata version v%s\n", STRATA_VERSION_STRING);
	return 0;
}

const cmd_spec cmd_version_spec = {
	.name = "version",
	.fn = run_version,
	.summary = "print the strata version",
	.usage = "strata version",
	.examples = "strata version",
	.min_args = 0,
	.max_args = 0,
};

int cmd_help_run(int argc, char **argv);

static int run_help(cmd_ctx *ctx)
{
	return cmd_help_run((int)ctx->nargs, ctx->args);
}

const cmd_spec cmd_help_spec = {
	.name = "help",
	.fn = run_help,
	.summary = "help about any command",
	.usage = "strata help [command...]",
	.examples = "strata help migrate\nstrata help migrate apply",
	.min_args = 0,
	.max_args = -1,
};
