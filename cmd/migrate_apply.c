/* SPDX-License-Identifier: MIT */
/*
 * cmd/migrate_apply.c: `strata migrate apply -u URL [amount]` runs the
 * pending files under a lock, records progress per statement and prints
 * Atlas's report (or its JSON with --format '{{ json . }}').
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "apply.h"
#include "commands.h"
#include "common.h"
#include "driver.h"
#include "ut.h"

static const cmd_opt opts[] = {
	{ "url", 'u', CMD_OPT_STRING, "URL", "database to migrate", NULL, false },
	{ "dir", 0, CMD_OPT_STRING, "URL", "migration directory",
	  "file://migrations", false },
	{ "format", 0, CMD_OPT_STRING, "FORMAT", "'{{ json . }}' for JSON", NULL,
	  false },
	{ "log", 0, CMD_OPT_STRING, "FORMAT", "alias of --format", NULL, true },
	{ "revisions-schema", 0, CMD_OPT_STRING, "NAME",
	  "schema of the revision table", NULL, false },
	{ "dry-run", 0, CMD_OPT_BOOL, NULL,
	  "print what would run; write nothing, not even the revision table",
	  NULL, false },
	{ "lock-timeout", 0, CMD_OPT_STRING, "DURATION",
	  "how long to wait for another apply", "10s", false },
	{ "baseline", 0, CMD_OPT_STRING, "VERSION",
	  "start a non-empty database at this version", NULL, false },
	{ "tx-mode", 0, CMD_OPT_STRING, "MODE",
	  "file (one transaction per file), all, or none", "file", false },
	{ "exec-order", 0, CMD_OPT_STRING, "ORDER",
	  "linear, linear-skip or non-linear", "linear", false },
	{ "allow-dirty", 0, CMD_OPT_BOOL, NULL,
	  "allow a non-empty database without a baseline", NULL, false },
	{ "concurrency", 0, CMD_OPT_STRING, "N",
	  "tenants migrated at a time (--env with for_each)", "4", false },
	{ NULL },
};

typedef struct report {
	cmd_ctx *ctx;
	bool json;
	json_t *applied;  /* array of applied files (JSON mode) */
	json_t *pending;  /* array */
	json_t *cur;      /* the file being applied */
	ut_buf cur_stmts;
} report;

static void iso_time(char *buf, size_t n, int64_t mono_ns, int64_t mono_now)
{
	/* monotonic stamps to wall-clock RFC 3339 */
	struct timespec ts;
	struct tm tm;
	int64_t wall;

	clock_gettime(CLOCK_REALTIME, &ts);
	wall = (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec -
	       (mono_now - mono_ns);
	time_t secs = (time_t)(wall / 1000000000LL);
	gmtime_r(&secs, &tm);
	size_t l = strftime(buf, n, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf + l, n - l, ".%09lldZ", (long long)(wall % 1000000000LL));
}

static void on_plan(void *p, const mg_dir *dir, const mg_pending *pend,
		    size_t count)
{
	report *r = p;

	if (r->json) {
		for (size_t i = 0; i < count; i++) {
			const mg_file *f = &dir->files[pend->idx[i]];
			json_array_append_new(r->pending,
					      json_pack("{s:s,s:s,s:s}", "Name", f->name,
							"Version", f->version,
							"Description", f->desc));
		}
		return;
	}
	fprintf(r->ctx->out, "Migrating to version %s",
		dir->files[pend->idx[count - 1]].version);
	if (pend->current)
		fprintf(r->ctx->out, " from %s", pend->current);
	fprintf(r->ctx->out, " (%zu migrations in total):\n", count);
}

static void on_file_start(void *p, const mg_file *f)
{
	report *r = p;

	if (r->json) {
		r->cur = json_pack("{s:s,s:s,s:s,s:[]}", "Name", f->name, "Version",
				   f->version, "Description", f->desc, "Applied");
		return;
	}
	fprintf(r->ctx->out, "\n  -- migrating version %s\n", f->version);
}

static void on_stmt(void *p, const mg_file *f, const char *text, size_t len)
{
	report *r = p;

	(void)f;
	if (r->json) {
		json_array_append_new(json_object_get(r->cur, "Applied"),
				      json_stringn(text, len));
		return;
	}
	fputs("    -> ", r->ctx->out);
	for (size_t i = 0; i < len; i++) {
		fputc(text[i], r->ctx->out);
		if (text[i] == '\n' && i + 1 < len)
			fputs("       ", r->ctx->out);
	}
	fputc('\n', r->ctx->out);
	/*
	 * Shown before it runs, whatever stdout is (a CI log, a pipe): a
	 * long or stuck statement, or an apply killed in the middle, is
	 * seen for what it is.
	 */
	fflush(r->ctx->out);
}

static void on_file_end(void *p, const mg_file *f, int64_t start, int64_t end,
			const char *error, const char *error_stmt)
{
	report *r = p;
	ut_buf d = UT_BUF_INIT;

	(void)f;
	if (r->json) {
		char t[64];
		int64_t now = ut_now_ns();
		iso_time(t, sizeof(t), start, now);
		json_object_set_new(r->cur, "Start", json_string(t));
		iso_time(t, sizeof(t), end, now);
		json_object_set_new(r->cur, "End", json_string(t));
		if (error)
			json_object_set_new(r->cur, "Error",
					    json_pack("{s:s,s:s}", "Stmt",
						      error_stmt ? error_stmt : "",
						      "Text", error));
		json_array_append_new(r->applied, r->cur);
		r->cur = NULL;
		return;
	}
	if (error) {
		fprintf(r->ctx->out, "    %s\n", error);
		return;
	}
	ut_duration_format(&d, end - start);
	fprintf(r->ctx->out, "  -- ok (%s)\n", d.ptr);
	ut_buf_release(&d);
}

static const char *plural(size_t n)
{
	return n == 1 ? "" : "s";
}

static void summary(cmd_ctx *ctx, const mg_apply_result *res, int64_t ns)
{
	ut_buf d = UT_BUF_INIT;

	ut_duration_format(&d, ns);
	fprintf(ctx->out, "\n  -------------------------\n  -- %s\n", d.ptr);
	if (res->files_failed == 0)
		fprintf(ctx->out, "  -- %zu migration%s\n", res->files_ok,
			plural(res->files_ok));
	else if (res->files_ok)
		fprintf(ctx->out, "  -- %zu migration%s ok, %zu with errors\n",
			res->files_ok, plural(res->files_ok), res->files_failed);
	else
		fprintf(ctx->out, "  -- %zu migration%s with errors\n",
			res->files_failed, plural(res->files_failed));
	if (res->stmts_failed == 0)
		fprintf(ctx->out, "  -- %zu sql statement%s\n", res->stmts_ok,
			plural(res->stmts_ok));
	else if (res->stmts_ok)
		fprintf(ctx->out, "  -- %zu sql statement%s ok, %zu with errors\n",
			res->stmts_ok, plural(res->stmts_ok), res->stmts_failed);
	else
		fprintf(ctx->out, "  -- %zu sql statement%s with errors\n",
			res->stmts_failed, plural(res->stmts_failed));
	ut_buf_release(&d);
}

static int run(cmd_ctx *ctx)
{
	const char *url = cmd_get(ctx, "url");
	const char *format = cmd_get(ctx, "format");
	static const mg_apply_observer obs = {
		.plan = on_plan,
		.file_start = on_file_start,
		.stmt = on_stmt,
		.file_end = on_file_end,
	};
	mg_apply_opts o = { 0 };
	mg_apply_result res = { 0 };
	report rep = { 0 };
	mg_dir *dir = NULL;
	dl_conn *conn = NULL;
	int64_t t0 = ut_now_ns(), amount = 0;
	int rc = 0, error;

	if (!format)
		format = cmd_get(ctx, "log");
	if (!url)
		return cmd_usage_error(ctx, "required flag \"url\" not set");
	if (ctx->nargs) {
		if (ut_str_to_i64(&amount, ctx->args[0]) < 0)
			return cmd_usage_error(ctx, "invalid amount argument \"%s\"",
					       ctx->args[0]);
		if (amount < 1)
			return cmd_usage_error(ctx, "cannot apply '%s' migration files",
					       ctx->args[0]);
	}
	if (mg_tx_mode_parse(&o.tx_mode, cmd_get(ctx, "tx-mode")) < 0 ||
	    mg_exec_order_parse(&o.order, cmd_get(ctx, "exec-order")) < 0 ||
	    ut_duration_parse(&o.lock_timeout_ns, cmd_get(ctx, "lock-timeout")) < 0) {
		if (ut_error_last()->code == UT_OK)
			ut_error_set(UT_EUSAGE, "invalid --lock-timeout '%s'",
				     cmd_get(ctx, "lock-timeout"));
		return cmd_fail(ctx);
	}
	if (cmd_isset(ctx, "baseline") && cmd_flag(ctx, "allow-dirty"))
		return cmd_usage_error(ctx, "--baseline and --allow-dirty are mutually exclusive");
	if (format) {
		char *indent = NULL;
		cmd_format f;
		if (cmd_format_parse(&f, &indent, format, CMD_FMT_JSON) < 0 ||
		    f != CMD_FMT_JSON) {
			free(indent);
			return cmd_usage_error(ctx, "unsupported --format '%s' (use '{{ json . }}')",
					       format);
		}
		rep.json = true;
	}
	rep.ctx = ctx;
	rep.applied = json_array();
	rep.pending = json_array();
	o.revisions_schema = cmd_get(ctx, "revisions-schema");
	o.dry_run = cmd_flag(ctx, "dry-run");
	o.allow_dirty = cmd_flag(ctx, "allow-dirty");
	o.baseline = cmd_get(ctx, "baseline");
	o.amount = (size_t)amount;
	o.obs = &obs;
	o.payload = &rep;
	if ((rc = cmd_dir_open(ctx, &dir, CMD_DIR_VALIDATE)) != 0)
		goto done;
	if (dl_open(&conn, url) < 0) {
		rc = cmd_fail(ctx);
		goto done;
	}
	cmd_catch_interrupts();
	error = mg_apply(&res, conn, dir, &o);
	if (rep.json) {
		char start[64], end[64];
		int64_t now = ut_now_ns();
		json_t *root;
		iso_time(start, sizeof(start), t0, now);
		iso_time(end, sizeof(end), now, now);
		root = json_pack("{s:s,s:s,s:s,s:O,s:O,s:s?,s:s?,s:s,s:s}",
				 "Driver", conn->drv->name, "URL",
				 conn->url ? conn->url->redacted : "", "Dir",
				 dir->path, "Pending", rep.pending, "Applied",
				 rep.applied, "Current", res.from, "Target",
				 res.to, "Start", start, "End", end);
		if (error < 0)
			json_object_set_new(root, "Error",
					    json_string(ut_error_last()->msg));
		if (res.pending == 0 && error == 0)
			json_object_set_new(root, "Message",
					    json_string("No migration files to execute"));
		else if (error == 0) {
			char *m = ut_xasprintf("Migrated to version %s%s%s (%zu migrations in total)",
					       res.to, res.from ? " from " : "",
					       res.from ? res.from : "", res.pending);
			json_object_set_new(root, "Message", json_string(m));
			free(m);
		}
		char *s = json_dumps(root, JSON_COMPACT | JSON_PRESERVE_ORDER);
		fprintf(ctx->out, "%s\n", s);
		free(s);
		json_decref(root);
	} else if (res.pending == 0 && error == 0) {
		fputs("No migration files to execute\n", ctx->out);
	} else if (res.pending) {
		summary(ctx, &res, ut_now_ns() - t0);
	}
	if (error < 0)
		rc = cmd_fail_interrupted(ctx, "the statements that ran are recorded: run 'strata migrate apply' again to continue");
done:
	if (rep.cur)
		json_decref(rep.cur);
	json_decref(rep.applied);
	json_decref(rep.pending);
	mg_apply_result_release(&res);
	dl_close(conn);
	mg_dir_free(dir);
	return rc;
}

const cmd_spec cmd_migrate_apply_spec = {
	.name = "apply",
	.fn = run,
	.flags = CMD_NEEDS_DIR | CMD_NEEDS_URL,
	.summary = "apply pending migration files",
	.usage = "strata migrate apply -u URL [amount] [flags]",
	.help = "Runs the pending files of the migration directory under a lock.\n"
		"Each statement is recorded in atlas_schema_revisions as it succeeds, so a\n"
		"failed or interrupted apply resumes at the next statement when rerun, and\n"
		"no file is ever applied twice.",
	.examples = "strata migrate apply -u sqlite://app.db\n"
		    "strata migrate apply -u sqlite://app.db 1 --dry-run\n"
		    "strata migrate apply -u sqlite://app.db --baseline 20240101000000",
	.opts = opts,
	.min_args = 0,
	.max_args = 1,
};
