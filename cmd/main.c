/* SPDX-License-Identifier: MIT */
/*
 * cmd/main.c: the strata executable. Runs the command, flushes standard
 * output and turns a write error into exit status 1 (as git does).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"

int main(int argc, char **argv)
{
	int rc = cmd_main(argc, argv);

	if (fflush(stdout) != 0 || ferror(stdout)) {
		if (errno != EPIPE)
			fprintf(stderr, "strata: error: cannot write output: %s\n",
				strerror(errno));
		if (rc == 0)
			rc = CMD_EXIT_FAILED;
	}
	return rc;
}
