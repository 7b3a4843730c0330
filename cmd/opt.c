/* SPDX-License-Identifier: MIT */
/*
 * cmd/opt.c: one option parser for every command, on getopt_long. The
 * option tables of the commands are the single source for parsing, help
 * and docs.
 */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "project.h"
#include "ut.h"

const cmd_opt cmd_global_opts[] = {
	{ "config", 'c', CMD_OPT_STRING, "URL",
	  "project file (default file://atlas.hcl)", NULL, false },
	{ "env", 0, CMD_OPT_STRING, "NAME", "environment of the project file",
	  NULL, false },
	{ "var", 0, CMD_OPT_LIST, "KEY=VALUE", "input variable of the project file",
	  NULL, false },
	{ "help", 'h', CMD_OPT_BOOL, NULL, "help for this command", NULL, false },
	{ NULL },
};

static size_t count_opts(const cmd_opt *o)
{
	size_t n = 0;
	while (o && o[n].name)
		n++;
	return n;
}

static cmd_val *find_val(const cmd_ctx *ctx, const char *name)
{
	for (size_t i = 0; i < ctx->nvals; i++)
		if (strcmp(ctx->vals[i].opt->name, name) == 0)
			return &ctx->vals[i];
	return NULL;
}

const char *cmd_get(const cmd_ctx *ctx, const char *name)
{
	cmd_val *v = find_val(ctx, name);
	if (!v)
		return NULL;
	if (v->n)
		return v->values[v->n - 1];
	return v->opt->def;
}

bool cmd_flag(const cmd_ctx *ctx, const char *name)
{
	cmd_val *v = find_val(ctx, name);
	return v && v->set;
}

bool cmd_isset(const cmd_ctx *ctx, const char *name)
{
	cmd_val *v = find_val(ctx, name);
	return v && v->set;
}

char *const *cmd_list(const cmd_ctx *ctx, const char *name, size_t *n)
{
	cmd_val *v = find_val(ctx, name);
	*n = v ? v->n : 0;
	return v ? v->values : NULL;
}

static void val_add(cmd_val *v, const char *s)
{
	v->values = ut_xrealloc(v->values, (v->n + 1) * sizeof(char *));
	v->values[v->n++] = ut_xstrdup(s);
}

void cmd_set(cmd_ctx *ctx, const char *name, const char *value)
{
	cmd_val *v = find_val(ctx, name);
	if (!v)
		return;
	for (size_t i = 0; i < v->n; i++)
		free(v->values[i]);
	v->n = 0;
	if (value)
		val_add(v, value);
}

void cmd_add(cmd_ctx *ctx, const char *name, const char *value)
{
	cmd_val *v = find_val(ctx, name);
	if (v && value)
		val_add(v, value);
}

int cmd_exit_for(int code)
{
	switch (code) {
	case UT_OK:
		return CMD_EXIT_OK;
	case UT_EUSAGE:
		return CMD_EXIT_USAGE;
	case UT_ELINT:
		return CMD_EXIT_LINT;
	case UT_ECHECKSUM:
		return CMD_EXIT_INTEGRITY;
	case UT_EDB:
	case UT_ELOCKED:
		return CMD_EXIT_DB;
	default:
		return CMD_EXIT_FAILED;
	}
}

int cmd_fail(cmd_ctx *ctx)
{
	const ut_error *e = ut_error_last();
	FILE *f = ctx ? ctx->err : stderr;

	char *explained = ctx && ctx->project
				  ? cmd_project_explain(ctx->project, e->msg)
				  : NULL;

	fflush(ctx ? ctx->out : stdout);
	fprintf(f, "strata: error: %s\n",
		explained ? explained : *e->msg ? e->msg : "unknown error");
	free(explained);
	if (e->hint)
		fprintf(f, "hint: %s\n", e->hint);
	return cmd_exit_for(e->code == UT_OK ? UT_ERROR : (int)e->code);
}

int cmd_usage_error(cmd_ctx *ctx, const char *fmt, ...)
{
	va_list ap;
	FILE *f = ctx ? ctx->err : stderr;

	fflush(ctx ? ctx->out : stdout);
	fputs("strata: error: ", f);
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fputc('\n', f);
	if (ctx && ctx->path)
		fprintf(f, "hint: see 'strata %s --help'\n", ctx->path);
	return CMD_EXIT_USAGE;
}

static void print_opts(FILE *f, const cmd_opt *opts)
{
	for (size_t i = 0; opts && opts[i].name; i++) {
		const cmd_opt *o = &opts[i];
		char left[96];
		int n;

		if (o->hidden)
			continue;
		if (o->shortname)
			n = snprintf(left, sizeof(left), "  -%c, --%s%s%s",
				     o->shortname, o->name, o->arg ? " " : "",
				     o->arg ? o->arg : "");
		else
			n = snprintf(left, sizeof(left), "      --%s%s%s", o->name,
				     o->arg ? " " : "", o->arg ? o->arg : "");
		if (n < 30)
			fprintf(f, "%-30s%s", left, o->help);
		else
			fprintf(f, "%s\n%30s%s", left, "", o->help);
		if (o->def)
			fprintf(f, " (default %s)", o->def);
		if (o->kind == CMD_OPT_LIST)
			fputs(" [repeatable]", f);
		fputc('\n', f);
	}
}

void cmd_print_help(FILE *f, const cmd_spec *spec, const char *path)
{
	if (spec->usage)
		fprintf(f, "usage: %s\n", spec->usage);
	else
		fprintf(f, "usage: strata %s%s\n", path,
			spec->subs ? " <command> [flags]" : " [flags]");
	fputc('\n', f);
	if (spec->summary)
		fprintf(f, "%s\n", spec->summary);
	if (spec->help)
		fprintf(f, "\n%s\n", spec->help);
	if (spec->subs) {
		fputs("\ncommands:\n", f);
		for (const cmd_spec *const *s = spec->subs; *s; s++)
			fprintf(f, "  %-12s %s\n", (*s)->name, (*s)->summary);
	}
	if (spec->opts && spec->opts[0].name) {
		fputs("\nflags:\n", f);
		print_opts(f, spec->opts);
	}
	fputs("\nglobal flags:\n", f);
	print_opts(f, cmd_global_opts);
	if (spec->examples) {
		fputs("\nexamples:\n", f);
		for (const char *p = spec->examples; *p;) {
			const char *nl = strchr(p, '\n');
			size_t n = nl ? (size_t)(nl - p) : strlen(p);
			fprintf(f, "  %.*s\n", (int)n, p);
			p += n + (nl ? 1 : 0);
		}
	}
}

static void ctx_release(cmd_ctx *ctx)
{
	for (size_t i = 0; i < ctx->nvals; i++) {
		for (size_t j = 0; j < ctx->vals[i].n; j++)
			free(ctx->vals[i].values[j]);
		free(ctx->vals[i].values);
	}
	free(ctx->vals);
	ut_strlist_free(ctx->args, ctx->nargs);
	cmd_project_free(ctx->project);
}

/*
 * Parses argv for spec and runs it. argv[0] is the command name. Options
 * and positional arguments may be mixed; "--" ends the options.
 */
static int run_command(const cmd_spec *spec, const char *path, int argc,
		       char **argv)
{
	size_t nown = count_opts(spec->opts), nglob = count_opts(cmd_global_opts);
	size_t nall = nown + nglob;
	struct option *lo = ut_xcalloc(nall + 1, sizeof(*lo));
	ut_buf shorts = UT_BUF_INIT;
	cmd_ctx ctx = { 0 };
	int rc = 0, c, idx;

	ctx.spec = spec;
	ctx.path = path;
	ctx.out = stdout;
	ctx.err = stderr;
	ctx.nvals = nall;
	ctx.vals = ut_xcalloc(nall, sizeof(*ctx.vals));
	ut_buf_puts(&shorts, "+:");
	for (size_t i = 0; i < nall; i++) {
		const cmd_opt *o = i < nown ? &spec->opts[i]
					    : &cmd_global_opts[i - nown];
		ctx.vals[i].opt = o;
		lo[i].name = o->name;
		lo[i].has_arg = o->kind == CMD_OPT_BOOL ? no_argument
							: required_argument;
		lo[i].flag = NULL;
		lo[i].val = 256 + (int)i;
		if (o->shortname) {
			ut_buf_putc(&shorts, o->shortname);
			if (o->kind != CMD_OPT_BOOL)
				ut_buf_putc(&shorts, ':');
		}
	}
	optind = 1;
	opterr = 0;
	for (;;) {
		idx = -1;
		c = getopt_long(argc, argv, shorts.ptr, lo, &idx);
		if (c == -1) {
			if (optind < argc) {
				/* a positional argument: keep it, go on */
				ctx.args = ut_xrealloc(ctx.args,
						       (ctx.nargs + 1) * sizeof(char *));
				if (strcmp(argv[optind - 1], "--") == 0 &&
				    optind > 1) {
					for (; optind < argc; optind++) {
						ctx.args = ut_xrealloc(
							ctx.args,
							(ctx.nargs + 1) *
								sizeof(char *));
						ctx.args[ctx.nargs++] =
							ut_xstrdup(argv[optind]);
					}
					break;
				}
				ctx.args[ctx.nargs++] = ut_xstrdup(argv[optind]);
				optind++;
				continue;
			}
			break;
		}
		if (c == '?') {
			if (optopt)
				rc = cmd_usage_error(&ctx, "unknown shorthand flag '%c' in '-%c'",
						     optopt, optopt);
			else
				rc = cmd_usage_error(&ctx, "unknown flag '%s'",
						     argv[optind - 1]);
			goto done;
		}
		if (c == ':') {
			rc = cmd_usage_error(&ctx, "flag '%s' needs an argument",
					     argv[optind - 1]);
			goto done;
		}
		if (c < 256) {
			for (size_t i = 0; i < nall; i++)
				if (ctx.vals[i].opt->shortname == c)
					idx = (int)i;
		} else {
			idx = c - 256;
		}
		if (idx < 0 || (size_t)idx >= nall)
			continue;
		ctx.vals[idx].set = true;
		if (ctx.vals[idx].opt->kind == CMD_OPT_BOOL) {
			if (!ctx.vals[idx].n)
				val_add(&ctx.vals[idx], "true");
		} else if (ctx.vals[idx].opt->kind == CMD_OPT_STRING) {
			for (size_t j = 0; j < ctx.vals[idx].n; j++)
				free(ctx.vals[idx].values[j]);
			ctx.vals[idx].n = 0;
			val_add(&ctx.vals[idx], optarg);
		} else {
			val_add(&ctx.vals[idx], optarg);
		}
	}
	if (cmd_flag(&ctx, "help")) {
		cmd_print_help(stdout, spec, path);
		goto done;
	}
	if (spec->min_args >= 0 && ctx.nargs < (size_t)spec->min_args) {
		rc = cmd_usage_error(&ctx, "accepts %s%d arg(s), received %zu",
				     spec->max_args == spec->min_args ? "" : "at least ",
				     spec->min_args, ctx.nargs);
		goto done;
	}
	if (spec->max_args >= 0 && ctx.nargs > (size_t)spec->max_args) {
		rc = cmd_usage_error(&ctx, "accepts at most %d arg(s), received %zu",
				     spec->max_args, ctx.nargs);
		goto done;
	}
	/* atlas.hcl: fills what the command line left unset */
	if ((rc = cmd_project_setup(&ctx)) != 0)
		goto done;
	if (cmd_project_ntargets(ctx.project) > 1) {
		if (strcmp(path, "migrate apply") == 0) {
			rc = cmd_project_fanout(&ctx);
		} else {
			ut_error_set(UT_EUSAGE,
				     "multi-environment \"%s\" is not supported by 'strata %s'",
				     cmd_get(&ctx, "env"), path);
			ut_error_hint("only 'strata migrate apply' runs an env with for_each (one target per tenant)");
			rc = cmd_fail(&ctx);
		}
		goto done;
	}
	rc = spec->fn(&ctx);
done:
	ctx_release(&ctx);
	ut_buf_release(&shorts);
	free(lo);
	return rc;
}

static const cmd_spec *find_sub(const cmd_spec *const *table,
				const char *name)
{
	for (const cmd_spec *const *s = table; s && *s; s++)
		if (strcmp((*s)->name, name) == 0)
			return *s;
	return NULL;
}

static void print_root_help(FILE *f)
{
	fputs("usage: strata <command> [flags]\n\n"
	      "strata manages database schemas as code: versioned migration\n"
	      "directories compatible with Atlas, and declarative schema files.\n\n"
	      "commands:\n", f);
	for (const cmd_spec *const *s = cmd_root; *s; s++)
		fprintf(f, "  %-12s %s\n", (*s)->name, (*s)->summary);
	fputs("\nrun 'strata help <command>' or 'strata <command> --help' for more\n",
	      f);
}

/*
 * Resolves words of argv against the table: "migrate apply ..." reaches
 * the apply entry of the migrate group. Returns the entry and how many
 * words it took, or NULL.
 */
static const cmd_spec *resolve(int argc, char **argv, int *used, ut_buf *path)
{
	const cmd_spec *const *table = cmd_root;
	const cmd_spec *spec = NULL;
	int i = 0;

	while (i < argc && table) {
		const cmd_spec *s = find_sub(table, argv[i]);
		if (!s)
			break;
		if (path->len)
			ut_buf_putc(path, ' ');
		ut_buf_puts(path, s->name);
		spec = s;
		table = s->subs;
		i++;
	}
	*used = i;
	return spec;
}

int cmd_help_run(int argc, char **argv);
int cmd_help_run(int argc, char **argv)
{
	ut_buf path = UT_BUF_INIT;
	int used;
	const cmd_spec *spec;

	if (argc == 0) {
		print_root_help(stdout);
		return 0;
	}
	spec = resolve(argc, argv, &used, &path);
	if (!spec || used != argc) {
		fprintf(stderr, "strata: error: unknown command '%s'\n",
			argv[used < argc ? used : 0]);
		ut_buf_release(&path);
		return CMD_EXIT_USAGE;
	}
	cmd_print_help(stdout, spec, path.ptr);
	ut_buf_release(&path);
	return 0;
}

int cmd_main(int argc, char **argv)
{
	ut_buf path = UT_BUF_INIT;
	const cmd_spec *spec;
	int used, rc;

	if (argc < 2) {
		print_root_help(stderr);
		return CMD_EXIT_USAGE;
	}
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
		print_root_help(stdout);
		return 0;
	}
	if (strcmp(argv[1], "-v") == 0 || strcmp(argv[1], "--version") == 0) {
		static char version_word[] = "version";
		argv[1] = version_word;
	}
	spec = resolve(argc - 1, argv + 1, &used, &path);
	if (!spec) {
		fprintf(stderr, "strata: error: unknown command '%s'\n", argv[1]);
		fprintf(stderr, "hint: run 'strata help' for the list of commands\n");
		ut_buf_release(&path);
		return CMD_EXIT_USAGE;
	}
	if (!spec->fn) {
		/* a group: "strata migrate" or "strata migrate bogus" */
		int next = 1 + used;
		if (next < argc && strcmp(argv[next], "-h") != 0 &&
		    strcmp(argv[next], "--help") != 0) {
			fprintf(stderr,
				"strata: error: unknown command '%s' for 'strata %s'\n",
				argv[next], path.ptr);
			fprintf(stderr, "hint: run 'strata %s --help'\n", path.ptr);
			rc = CMD_EXIT_USAGE;
		} else {
			cmd_print_help(next < argc ? stdout : stderr, spec,
				       path.ptr);
			rc = next < argc ? 0 : CMD_EXIT_USAGE;
		}
		ut_buf_release(&path);
		return rc;
	}
	rc = run_command(spec, path.ptr, argc - used, argv + used);
	ut_buf_release(&path);
	return rc;
}

bool cmd_interactive(void)
{
	return isatty(0) && isatty(1);
}
