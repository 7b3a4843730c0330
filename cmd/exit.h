/* SPDX-License-Identifier: MIT */
/*
 * cmd/exit.h: process exit codes. docs/exit-codes.md lists the same
 * values; a unit test checks that the two agree.
 */
#ifndef STRATA_CMD_EXIT_H
#define STRATA_CMD_EXIT_H

enum cmd_exit {
	CMD_EXIT_OK = 0,        /* success */
	CMD_EXIT_FAILED = 1,    /* the command failed */
	CMD_EXIT_USAGE = 2,     /* bad flags or arguments */
	CMD_EXIT_LINT = 3,      /* lint findings at or over the error level */
	CMD_EXIT_INTEGRITY = 4, /* migration directory integrity (atlas.sum, names) */
	CMD_EXIT_DB = 5,        /* database or driver error */
};

#endif
