/* SPDX-License-Identifier: MIT */
/* cmd/common.h: setup shared by several commands. */
#ifndef STRATA_CMD_COMMON_H
#define STRATA_CMD_COMMON_H

#include "cmd.h"

struct mg_dir;

/* Flags of cmd_dir_open. */
enum {
	CMD_DIR_CREATE = 1 << 0,   /* mkdir -p the directory when missing */
	CMD_DIR_VALIDATE = 1 << 1, /* check atlas.sum first */
};

/*
 * Opens the directory named by --dir (default file://migrations). With
 * CMD_DIR_VALIDATE a checksum problem prints Atlas's report on stdout.
 * On failure the error is printed and the exit code returned (> 0).
 */
int cmd_dir_open(cmd_ctx *ctx, struct mg_dir **out, unsigned flags);

#endif
