/* SPDX-License-Identifier: MIT */
/*
 * cmd/cmd.h: the command table, option parsing and output. Only this
 * folder prints. Each command lives in cmd/<group>_<name>.c and returns a
 * process exit code (cmd/exit.h); main() exits.
 */
#ifndef STRATA_CMD_CMD_H
#define STRATA_CMD_CMD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "exit.h"

typedef enum cmd_opt_kind {
	CMD_OPT_BOOL,   /* --flag */
	CMD_OPT_STRING, /* --flag value; last one wins */
	CMD_OPT_LIST,   /* --flag a --flag b (also "a,b" when split is set) */
} cmd_opt_kind;

typedef struct cmd_opt {
	const char *name; /* long name, without "--" */
	char shortname;   /* 0 when none */
	cmd_opt_kind kind;
	const char *arg;  /* placeholder in help ("URL"), NULL for bools */
	const char *help; /* one line */
	const char *def;  /* default value shown in help and returned by get */
	bool hidden;      /* accepted but not listed (deprecated aliases) */
} cmd_opt;

typedef struct cmd_ctx cmd_ctx;
typedef struct cmd_spec cmd_spec;
typedef int (*cmd_fn)(cmd_ctx *ctx);

/* Dispatcher setup flags. */
enum {
	CMD_NEEDS_DIR = 1 << 0,
	CMD_NEEDS_URL = 1 << 1,
	CMD_NEEDS_DEV = 1 << 2,
};

struct cmd_spec {
	const char *name;
	cmd_fn fn;                   /* NULL for a group */
	const struct cmd_spec *const *subs; /* group's entries, NULL-ended */
	unsigned flags;
	const char *summary;  /* one line for `strata help` */
	const char *usage;    /* "strata migrate hash [flags]" */
	const char *help;     /* paragraph(s) after the usage line */
	const char *examples; /* lines, "\n"-separated */
	const cmd_opt *opts;  /* NULL-terminated (name == NULL) */
	int min_args, max_args; /* positional argument counts; -1 = any */
};

/* One parsed option value. */
typedef struct cmd_val {
	const cmd_opt *opt;
	char **values; /* malloc'd strings */
	size_t n;
	bool set; /* given on the command line */
} cmd_val;

struct cmd_ctx {
	const cmd_spec *spec;  /* the command being run */
	const char *path;      /* "migrate hash" */
	cmd_val *vals;         /* one per option of spec (plus globals) */
	size_t nvals;
	char **args;           /* positional arguments */
	size_t nargs;
	FILE *out;             /* stdout */
	FILE *err;             /* stderr */
	struct cmd_project *project; /* atlas.hcl, when loaded (may be NULL) */
};

/* The options every command accepts (--env, --var, -c/--config). */
extern const cmd_opt cmd_global_opts[];
/* The root of the command table. */
extern const cmd_spec *const cmd_root[];

/* Runs argv (argv[0] is the program) and returns the exit code. */
int cmd_main(int argc, char **argv);

/* Value of a string option: the flag, else the option's default, else NULL. */
const char *cmd_get(const cmd_ctx *ctx, const char *name);
/* Whether a bool option was given. */
bool cmd_flag(const cmd_ctx *ctx, const char *name);
/* Whether an option was given on the command line. */
bool cmd_isset(const cmd_ctx *ctx, const char *name);
/* All values of a list option (borrowed). */
char *const *cmd_list(const cmd_ctx *ctx, const char *name, size_t *n);
/*
 * Replaces an option's value (used by the project file to fill defaults).
 * The option does not count as given: cmd_isset stays false.
 */
void cmd_set(cmd_ctx *ctx, const char *name, const char *value);
/* Appends a value to a list option, like cmd_set not marking it given. */
void cmd_add(cmd_ctx *ctx, const char *name, const char *value);

/*
 * Prints the current ut_error as "strata: error: ..." (and "hint: ...")
 * to ctx->err and returns the exit code for its ut_code.
 */
int cmd_fail(cmd_ctx *ctx);
/* Maps a ut_code (negative) to an exit code. */
int cmd_exit_for(int code);
/* Prints a usage error and returns CMD_EXIT_USAGE. */
int cmd_usage_error(cmd_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Writes the help page of spec to f. */
void cmd_print_help(FILE *f, const cmd_spec *spec, const char *path);

/* True when standard input and output are terminals (prompts allowed). */
bool cmd_interactive(void);

#endif
