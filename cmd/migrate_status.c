/* SPDX-License-Identifier: MIT */
/*
 * cmd/migrate_status.c: `strata migrate status -u URL` compares the
 * directory with the revision table (read only: it never creates it).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "apply.h"
#include "commands.h"
#include "common.h"
#include "driver.h"
#include "plan.h"
#include "rev.h"
#include "ut.h"

static const cmd_opt opts[] = {
	{ "url", 'u', CMD_OPT_STRING, "URL", "database to check", NULL, false },
	{ "dir", 0, CMD_OPT_STRING, "URL", "migration directory",
	  "file://migrations", false },
	{ "revisions-schema", 0, CMD_OPT_STRING, "NAME",
	  "schema of the revision table", NULL, false },
	{ "format", 0, CMD_OPT_STRING, "FORMAT", "'{{ json . }}' for JSON", NULL,
	  false },
	{ NULL },
};

static void flatten(ut_buf *b, const char *s)
{
	for (; s && *s; s++)
		ut_buf_putc(b, *s == '\n' ? ' ' : *s);
}

static json_t *rev_json(const mg_revision *r)
{
	return json_pack("{s:s,s:s,s:i,s:I,s:I,s:s?,s:I,s:s?,s:s?,s:s,s:s}",
			 "Version", r->version, "Description", r->description,
			 "Type", r->type, "Applied", (json_int_t)r->applied,
			 "Total", (json_int_t)r->total, "ExecutedAt",
			 r->executed_at, "ExecutionTime",
			 (json_int_t)r->execution_time, "Error", r->error,
			 "ErrorStmt", r->error_stmt, "Hash", r->hash,
			 "OperatorVersion", r->operator_version);
}

static int run(cmd_ctx *ctx)
{
	const char *url = cmd_get(ctx, "url");
	const char *format = cmd_get(ctx, "format");
	mg_dir *dir = NULL;
	dl_conn *conn = NULL;
	mg_rev_store st;
	mg_revs revs = { 0 };
	mg_pending pend = { 0 };
	const mg_revision *last = NULL;
	bool partial = false, st_init = false;
	ut_buf cur = UT_BUF_INIT, next = UT_BUF_INIT, exec = UT_BUF_INIT,
	       pendtxt = UT_BUF_INIT, ooo_err = UT_BUF_INIT;
	int rc = 0;

	if (!url)
		return cmd_usage_error(ctx, "required flag \"url\" not set");
	if (format) {
		char *indent = NULL;
		cmd_format f;
		if (cmd_format_parse(&f, &indent, format, CMD_FMT_JSON) < 0 ||
		    f != CMD_FMT_JSON) {
			free(indent);
			return cmd_usage_error(ctx, "unsupported --format '%s' (use '{{ json . }}')",
					       format);
		}
	}
	if ((rc = cmd_dir_open(ctx, &dir, CMD_DIR_VALIDATE)) != 0)
		goto done;
	if (dl_open(&conn, url) < 0 ||
	    mg_rev_store_init(&st, conn, cmd_get(ctx, "revisions-schema")) < 0)
		goto fail;
	st_init = true;
	if (mg_rev_read(&revs, &st) < 0)
		goto fail;
	mg_revs_sort(&revs, dir->format);
	if (mg_pending_compute(&pend, dir, &revs, MG_ORDER_NON_LINEAR) < 0)
		goto fail;
	if (revs.len) {
		last = &revs.items[revs.len - 1];
		partial = last->applied != last->total &&
			  !(last->type & (MG_REV_RESOLVED | MG_REV_BASELINE));
	}
	/* Current Version */
	if (!last)
		ut_buf_puts(&cur, "No migration applied yet");
	else if (partial)
		ut_buf_printf(&cur, "%s (%lld statements applied)", last->version,
			      (long long)last->applied);
	else
		ut_buf_puts(&cur, last->version);
	/* Next Version */
	if (pend.nooo)
		ut_buf_puts(&next, "UNKNOWN");
	else if (partial)
		ut_buf_printf(&next, "%s (%lld statements left)", last->version,
			      (long long)(last->total - last->applied));
	else if (pend.len == 0)
		ut_buf_puts(&next, "Already at latest version");
	else {
		bool cp = false;
		mg_file_is_checkpoint(&cp, dir, pend.idx[0]);
		ut_buf_printf(&next, "%s%s", dir->files[pend.idx[0]].version,
			      cp ? " (checkpoint)" : "");
	}
	ut_buf_printf(&exec, "%zu%s", revs.len, partial ? " (last one partially)" : "");
	if (pend.nooo == 0)
		ut_buf_printf(&pendtxt, "%zu", pend.len);
	else if (pend.nooo == pend.len)
		ut_buf_printf(&pendtxt, "%zu (out of order)", pend.len);
	else
		ut_buf_printf(&pendtxt, "%zu (%zu out of order)", pend.len, pend.nooo);
	if (pend.nooo) {
		mg_pending tmp;
		if (mg_pending_compute(&tmp, dir, &revs, MG_ORDER_LINEAR) < 0)
			ut_buf_puts(&ooo_err, ut_error_last()->msg);
		else
			mg_pending_release(&tmp);
		ut_error_clear();
	}
	if (format) {
		json_t *applied = json_array(), *pending = json_array(),
		       *available = json_array(), *root;
		for (size_t i = 0; i < revs.len; i++)
			json_array_append_new(applied, rev_json(&revs.items[i]));
		for (size_t i = 0; i < dir->nfiles; i++)
			json_array_append_new(available,
					      json_pack("{s:s,s:s,s:s}", "Name",
							dir->files[i].name, "Version",
							dir->files[i].version,
							"Description",
							dir->files[i].desc));
		for (size_t i = 0; i < pend.len; i++) {
			const mg_file *f = &dir->files[pend.idx[i]];
			json_array_append_new(pending,
					      json_pack("{s:s,s:s,s:s}", "Name",
							f->name, "Version",
							f->version, "Description",
							f->desc));
		}
		root = json_pack("{s:o,s:o,s:o,s:s,s:s,s:i,s:i,s:s}", "Available",
				 available, "Pending", pending, "Applied", applied,
				 "Current", last ? last->version : "", "Next",
				 pend.len ? dir->files[pend.idx[0]].version : "",
				 "Count", (int)revs.len, "Total", (int)dir->nfiles,
				 "Status", pend.len || partial ? "PENDING" : "OK");
		if (partial && last->error) {
			json_object_set_new(root, "Error", json_string(last->error));
			json_object_set_new(root, "SQL",
					    json_string(last->error_stmt ? last->error_stmt : ""));
		} else if (ooo_err.len) {
			json_object_set_new(root, "Error", json_string(ooo_err.ptr));
		}
		char *s = json_dumps(root, JSON_COMPACT | JSON_PRESERVE_ORDER);
		fprintf(ctx->out, "%s\n", s);
		free(s);
		json_decref(root);
		goto done;
	}
	fprintf(ctx->out,
		"Migration Status: %s\n"
		"  -- Current Version: %s\n"
		"  -- Next Version:    %s\n"
		"  -- Executed Files:  %s\n"
		"  -- Pending Files:   %s\n",
		pend.len || partial ? "PENDING" : "OK", cur.ptr, next.ptr, exec.ptr,
		pendtxt.ptr);
	if (partial && last->error) {
		ut_buf sql = UT_BUF_INIT, err = UT_BUF_INIT;
		flatten(&sql, last->error_stmt);
		flatten(&err, last->error);
		fprintf(ctx->out,
			"\nLast migration attempt had errors:\n  -- SQL:   %s\n  -- ERROR: %s\n",
			sql.ptr, err.ptr);
		ut_buf_release(&sql);
		ut_buf_release(&err);
	} else if (ooo_err.len) {
		fprintf(ctx->out, "\n  ERROR: %s\n", ooo_err.ptr);
	}
	goto done;
fail:
	rc = cmd_fail(ctx);
done:
	ut_buf_release(&cur);
	ut_buf_release(&next);
	ut_buf_release(&exec);
	ut_buf_release(&pendtxt);
	ut_buf_release(&ooo_err);
	mg_pending_release(&pend);
	mg_revs_release(&revs);
	if (st_init)
		mg_rev_store_release(&st);
	dl_close(conn);
	mg_dir_free(dir);
	return rc;
}

const cmd_spec cmd_migrate_status_spec = {
	.name = "status",
	.fn = run,
	.flags = CMD_NEEDS_DIR | CMD_NEEDS_URL,
	.summary = "show which migration files are applied and pending",
	.usage = "strata migrate status -u URL [flags]",
	.help = "Compares the migration directory with the database's revision table.\n"
		"Read only: it never creates the revision table.",
	.examples = "strata migrate status -u sqlite://app.db\n"
		    "strata migrate status -u sqlite://app.db --format '{{ json . }}'",
	.opts = opts,
	.min_args = 0,
	.max_args = 0,
};
