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

/*
 * From here on SIGINT and SIGTERM stop the running statement (see
 * dl_interrupt) instead of killing the process, so an apply ends with
 * its progress recorded and its lock released; a second signal kills.
 */
void cmd_catch_interrupts(void);

/* cmd_fail, with hint (how to go on) when the failure was an interrupt. */
int cmd_fail_interrupted(cmd_ctx *ctx, const char *hint);

#endif

struct ut_buf;
struct sm_realm;
struct dl_conn;
struct dl_plan;

/* The embedded dev database used when --dev-url is not given. */
#define CMD_DEFAULT_DEV_URL "sqlite://dev?mode=memory"

/*
 * Output formats of inspect/diff: "hcl", "sql", "json", "mermaid", "dot",
 * "svg", "html" or one of Atlas's templates ({{ sql . }},
 * {{ sql . "  " }}, {{ json . }}, {{ mermaid . }}). *indent (malloc'd or
 * NULL) receives the sql indent.
 */
typedef enum cmd_format {
	CMD_FMT_HCL,
	CMD_FMT_SQL,
	CMD_FMT_JSON,
	CMD_FMT_MERMAID,
	CMD_FMT_DOT,
	CMD_FMT_SVG,
	CMD_FMT_HTML,
} cmd_format;

/* Parses --format; UT_EUSAGE for an unknown one. */
int cmd_format_parse(cmd_format *out, char **indent, const char *s,
		     cmd_format def);

/* Collects --exclude (repeatable, comma-separated) into opts. */
struct dl_inspect_opts;
void cmd_inspect_opts(cmd_ctx *ctx, struct dl_inspect_opts *io,
		      char ***storage, size_t *nstorage);

/*
 * Adds to the --exclude list of cmd_inspect_opts (same storage) the
 * revision table of the versioned workflow, which is not part of any
 * schema: schema diff/apply and migrate diff never plan it.
 */
void cmd_exclude_revisions(struct dl_inspect_opts *io, char ***storage,
			   size_t *nstorage);

/* Plans the creation of a whole realm (inspect --format sql). */
int cmd_realm_sql(struct ut_buf *out, struct dl_conn *via,
		  const struct sm_realm *r, const char *indent);

/*
 * sm_erd_sql_fn for the ERD's side panel: the SQL that creates table t,
 * planned on the connection given as payload (a dl_conn). A table the
 * driver cannot plan gets a comment saying why instead (never fails).
 */
struct sm_table;
int cmd_table_sql(struct ut_buf *out, const struct sm_table *t, void *payload);

/*
 * -w/--web: writes the HTML document to a new temporary file (mode 0600,
 * $TMPDIR or /tmp, strata-erd-XXXXXX.html), prints its path on ctx->out,
 * and opens it with the first program of $BROWSER, else xdg-open when a
 * display is set (open on macOS); the opener runs without a shell, its
 * output discarded, and is not waited for. Nothing is uploaded.
 * Errors: UT_ERROR when the file cannot be written.
 */
int cmd_web_open(cmd_ctx *ctx, const char *html, size_t len);

/* Asks Apply/Abort on the terminal: true to apply. */
bool cmd_confirm(cmd_ctx *ctx);

/* Prints a plan as "-- <Comment>\n<sql>;\n" lines with indent. */
void cmd_print_plan(cmd_ctx *ctx, const struct dl_plan *plan,
		    const char *indent);
