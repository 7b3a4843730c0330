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

struct ut_buf;
struct sm_realm;
struct dl_conn;
struct dl_plan;

/* The embedded dev database used when --dev-url is not given. */
#define CMD_DEFAULT_DEV_URL "sqlite://dev?mode=memory"

/*
 * Output formats of inspect/diff: "hcl", "sql", "json", "mermaid" or one
 * of Atlas's templates ({{ sql . }}, {{ sql . "  " }}, {{ json . }},
 * {{ mermaid . }}). *indent (malloc'd or NULL) receives the sql indent.
 */
typedef enum cmd_format {
	CMD_FMT_HCL,
	CMD_FMT_SQL,
	CMD_FMT_JSON,
	CMD_FMT_MERMAID,
} cmd_format;

/* Parses --format; UT_EUSAGE for an unknown one. */
int cmd_format_parse(cmd_format *out, char **indent, const char *s,
		     cmd_format def);

/* Collects --exclude (repeatable, comma-separated) into opts. */
struct dl_inspect_opts;
void cmd_inspect_opts(cmd_ctx *ctx, struct dl_inspect_opts *io,
		      char ***storage, size_t *nstorage);

/* Plans the creation of a whole realm (inspect --format sql). */
int cmd_realm_sql(struct ut_buf *out, struct dl_conn *via,
		  const struct sm_realm *r, const char *indent);

/* Prints a plan as "-- <Comment>\n<sql>;\n" lines with indent. */
void cmd_print_plan(cmd_ctx *ctx, const struct dl_plan *plan,
		    const char *indent);
