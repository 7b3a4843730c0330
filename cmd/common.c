/* SPDX-License-Identifier: MIT */
/* cmd/common.c: setup shared by several commands. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "common.h"
#include "diff.h"
#include "driver.h"
#include "plan.h"
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

static char *template_arg(const char *s, const char *fn)
{
	/* {{ fn . "x" }} -> x (malloc'd), {{ fn . }} -> "" */
	const char *p = s, *q;
	size_t n = strlen(fn);

	p = ut_str_ltrim(p);
	if (strncmp(p, "{{", 2) != 0)
		return NULL;
	p = ut_str_ltrim(p + 2);
	if (strncmp(p, fn, n) != 0)
		return NULL;
	p = ut_str_ltrim(p + n);
	if (*p != '.' && *p != '$')
		return NULL;
	p = ut_str_ltrim(p + 1);
	if (strncmp(p, "}}", 2) == 0)
		return ut_xstrdup("");
	if (*p != '"')
		return NULL;
	q = strchr(p + 1, '"');
	if (!q || strncmp(ut_str_ltrim(q + 1), "}}", 2) != 0)
		return NULL;
	return ut_xstrndup(p + 1, (size_t)(q - p - 1));
}

int cmd_format_parse(cmd_format *out, char **indent, const char *s,
		     cmd_format def)
{
	char *arg;

	*indent = NULL;
	*out = def;
	if (!s || !*s)
		return 0;
	if (strcmp(s, "hcl") == 0) {
		*out = CMD_FMT_HCL;
		return 0;
	}
	if (strcmp(s, "sql") == 0) {
		*out = CMD_FMT_SQL;
		return 0;
	}
	if (strcmp(s, "json") == 0) {
		*out = CMD_FMT_JSON;
		return 0;
	}
	if (strcmp(s, "mermaid") == 0) {
		*out = CMD_FMT_MERMAID;
		return 0;
	}
	if (strcmp(s, "dot") == 0) {
		*out = CMD_FMT_DOT;
		return 0;
	}
	if (strcmp(s, "svg") == 0) {
		*out = CMD_FMT_SVG;
		return 0;
	}
	if (strcmp(s, "html") == 0) {
		*out = CMD_FMT_HTML;
		return 0;
	}
	if ((arg = template_arg(s, "sql"))) {
		*out = CMD_FMT_SQL;
		if (*arg)
			*indent = arg;
		else
			free(arg);
		return 0;
	}
	if ((arg = template_arg(s, "json"))) {
		free(arg);
		*out = CMD_FMT_JSON;
		return 0;
	}
	if ((arg = template_arg(s, "mermaid"))) {
		free(arg);
		*out = CMD_FMT_MERMAID;
		return 0;
	}
	ut_error_set(UT_EUSAGE, "unsupported --format '%s'", s);
	ut_error_hint("use hcl, sql, json, mermaid, dot, svg, html, '{{ sql . }}', '{{ sql . \"  \" }}', '{{ json . }}' or '{{ mermaid . }}'");
	return UT_EUSAGE;
}

void cmd_inspect_opts(cmd_ctx *ctx, dl_inspect_opts *io, char ***storage,
		      size_t *nstorage)
{
	size_t n;
	char *const *ex = cmd_list(ctx, "exclude", &n);
	UT_VEC(char *) v = UT_VEC_INIT;

	memset(io, 0, sizeof(*io));
	for (size_t i = 0; i < n; i++) {
		const char *p = ex[i];
		while (*p) {
			size_t l = strcspn(p, ",");
			if (l)
				ut_vec_push(&v, ut_xstrndup(p, l));
			p += l + (p[l] ? 1 : 0);
		}
	}
	*storage = v.items;
	*nstorage = v.len;
	io->exclude = (const char *const *)v.items;
	io->nexclude = v.len;
	{
		size_t ns;
		char *const *s = cmd_list(ctx, "schema", &ns);
		io->schemas = (const char *const *)s;
		io->nschemas = ns;
	}
}

void cmd_exclude_revisions(dl_inspect_opts *io, char ***storage,
			   size_t *nstorage)
{
	/*
	 * The schema of that name (PostgreSQL's default), or the table in
	 * the URL's schema (MySQL, a search_path), or the table in any
	 * schema of a whole-database inspection.
	 */
	static const char *const pats[] = {
		"atlas_schema_revisions",
		"*.atlas_schema_revisions[type=table]",
	};
	size_t n = *nstorage;
	char **v = ut_xrealloc(*storage, (n + UT_ARRAY_SIZE(pats)) *
						 sizeof(char *));

	for (size_t i = 0; i < UT_ARRAY_SIZE(pats); i++)
		v[n++] = ut_xstrdup(pats[i]);
	*storage = v;
	*nstorage = n;
	io->exclude = (const char *const *)v;
	io->nexclude = n;
}

int cmd_realm_sql(ut_buf *out, dl_conn *via, const sm_realm *r,
		  const char *indent)
{
	sm_realm *empty = sm_realm_new(r->dialect);
	sm_changes *ch = NULL;
	dl_plan *plan = NULL;
	dl_plan_opts po = { 0 };
	sm_diff_opts dopts = { 0 };
	int error;

	/*
	 * A schema-bound dump creates tables, not its schema; a realm dump
	 * creates every schema but the ones a new database already has.
	 */
	for (size_t i = 0; i < r->schemas.len; i++) {
		const char *n = r->schemas.items[i]->obj.name;
		if (r->scope || strcmp(n, "main") == 0 || strcmp(n, "public") == 0)
			sm_schema_add(empty, n);
	}
	po.dump = true;
	if ((error = sm_diff(&ch, empty, r, &dopts)) < 0)
		goto done;
	if ((error = via->drv->plan(&plan, via, ch, &po)) < 0)
		goto done;
	mg_plan_format(out, plan, indent);
done:
	dl_plan_free(plan);
	sm_changes_free(ch);
	sm_realm_free(empty);
	return error;
}

void cmd_print_plan(cmd_ctx *ctx, const dl_plan *plan, const char *indent)
{
	ut_buf b = UT_BUF_INIT;
	mg_plan_format(&b, plan, indent);
	fputs(b.ptr, ctx->out);
	ut_buf_release(&b);
}

int cmd_table_sql(ut_buf *out, const sm_table *t, void *payload)
{
	dl_conn *via = payload;
	sm_change add = { .op = SM_OP_ADD, .kind = SM_TABLE, .to = &t->obj };
	sm_change *items[1] = { &add };
	sm_changes ch;
	dl_plan *plan = NULL;
	dl_plan_opts po = { .dump = true };

	memset(&ch, 0, sizeof(ch));
	ch.items.items = items;
	ch.items.len = ch.items.cap = 1;
	if (via->drv->plan(&plan, via, &ch, &po) < 0) {
		ut_buf_printf(out, "-- cannot plan this table: %s\n",
			      ut_error_last()->msg);
		ut_error_clear();
		return 0;
	}
	mg_plan_format(out, plan, NULL);
	dl_plan_free(plan);
	return 0;
}

extern char **environ;

/* prog's path when it is an executable (searched in $PATH), else NULL. */
static char *find_program(const char *prog)
{
	const char *path = getenv("PATH");
	const char *p;

	if (!*prog)
		return NULL;
	if (strchr(prog, '/'))
		return access(prog, X_OK) == 0 ? ut_xstrdup(prog) : NULL;
	for (p = path && *path ? path : "/usr/bin:/bin"; *p;) {
		size_t n = strcspn(p, ":");
		char *dir = n ? ut_xstrndup(p, n) : ut_xstrdup(".");
		char *full = ut_path_join(dir, prog);

		free(dir);
		if (access(full, X_OK) == 0 && !ut_path_is_dir(full))
			return full;
		free(full);
		p += n + (p[n] ? 1 : 0);
	}
	return NULL;
}

/* The program that opens a file in the desktop's browser, or NULL. */
static char *find_opener(void)
{
	const char *browser = getenv("BROWSER");
	const char *display = getenv("DISPLAY");
	const char *wayland = getenv("WAYLAND_DISPLAY");
	struct utsname u;

	/* $BROWSER: ':'-separated programs, the first one found wins */
	for (const char *p = browser ? browser : ""; *p;) {
		size_t n = strcspn(p, ":");
		char *name = ut_xstrndup(p, n);
		char *full = find_program(name);

		free(name);
		if (full)
			return full;
		p += n + (p[n] ? 1 : 0);
	}
	if (uname(&u) == 0 && strcmp(u.sysname, "Darwin") == 0)
		return find_program("open");
	if ((display && *display) || (wayland && *wayland))
		return find_program("xdg-open");
	return NULL;
}

/* Starts prog path (no shell, output to /dev/null) and does not wait. */
static void spawn_opener(const char *prog, const char *path)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	char *argv[3];
	pid_t pid;

	argv[0] = (char *)(uintptr_t)prog;
	argv[1] = (char *)(uintptr_t)path;
	argv[2] = NULL;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	posix_spawnattr_init(&attr);
	/* its own process group: a ^C meant for strata does not reach it */
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
	posix_spawnattr_setpgroup(&attr, 0);
	/* best effort: failing to open a browser is not an error */
	(void)posix_spawn(&pid, prog, &fa, &attr, argv, environ);
	posix_spawnattr_destroy(&attr);
	posix_spawn_file_actions_destroy(&fa);
}

int cmd_web_open(cmd_ctx *ctx, const char *html, size_t len)
{
	const char *tmp = getenv("TMPDIR");
	char *path, *opener;
	size_t off = 0;
	int fd, error = 0;

	path = ut_xasprintf("%s/strata-erd-XXXXXX.html",
			    tmp && *tmp ? tmp : "/tmp");
	fd = mkstemps(path, 5);
	if (fd < 0) {
		error = ut_error_errno("cannot create a temporary file in '%s'",
				       tmp && *tmp ? tmp : "/tmp");
		goto done;
	}
	while (off < len) {
		ssize_t n = write(fd, html + off, len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			error = ut_error_errno("cannot write '%s'", path);
			close(fd);
			unlink(path);
			goto done;
		}
		off += (size_t)n;
	}
	if (close(fd) != 0) {
		error = ut_error_errno("cannot write '%s'", path);
		unlink(path);
		goto done;
	}
	fprintf(ctx->out, "%s\n", path);
	fflush(ctx->out);
	if ((opener = find_opener())) {
		spawn_opener(opener, path);
		free(opener);
	}
done:
	free(path);
	return error;
}

bool cmd_confirm(cmd_ctx *ctx)
{
	char line[64];

	for (;;) {
		const char *p;

		fputs("? Are you sure? [Apply/Abort]: ", ctx->out);
		fflush(ctx->out);
		if (!fgets(line, sizeof(line), stdin))
			return false;
		p = ut_str_ltrim(line);
		if (ut_str_nieq(p, "apply", 5) || ut_str_nieq(p, "y", 1))
			return true;
		if (ut_str_nieq(p, "abort", 5) || ut_str_nieq(p, "n", 1))
			return false;
	}
}

static struct sigaction interrupt_old[2]; /* SIGINT, SIGTERM before ours */

static void on_interrupt(int sig)
{
	static const char msg[] =
		"\nstrata: interrupted: stopping the running statement, then "
		"recording where it stopped (interrupt again to exit at once)\n";
	int saved = errno;
	ssize_t n;

	if (dl_interrupted()) {
		/*
		 * The second one: what was there before us runs (a docker://
		 * dev server's teardown) or the default action ends us.
		 */
		sigaction(sig, &interrupt_old[sig == SIGINT ? 0 : 1], NULL);
		raise(sig);
		errno = saved;
		return;
	}
	n = write(STDERR_FILENO, msg, sizeof(msg) - 1);
	(void)n;
	dl_interrupt();
	errno = saved;
}

void cmd_catch_interrupts(void)
{
	static const int sigs[] = { SIGINT, SIGTERM };
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_interrupt;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < UT_ARRAY_SIZE(sigs); i++) {
		/* an ignored signal (nohup, a background job) stays ignored */
		if (sigaction(sigs[i], NULL, &interrupt_old[i]) != 0 ||
		    interrupt_old[i].sa_handler == SIG_IGN)
			continue;
		sigaction(sigs[i], &sa, NULL);
	}
}

int cmd_fail_interrupted(cmd_ctx *ctx, const char *hint)
{
	if (dl_interrupted())
		ut_error_hint("%s", hint);
	return cmd_fail(ctx);
}
