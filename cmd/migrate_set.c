/* SPDX-License-Identifier: MIT */
/*
 * cmd/migrate_set.c: `strata migrate set [version]` edits the revision
 * table so the database counts as migrated exactly up to version, without
 * running any file (reference 3.4).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "apply.h"
#include "commands.h"
#include "common.h"
#include "driver.h"
#include "formats.h"
#include "rev.h"
#include "sum.h"
#include "ut.h"

static const cmd_opt opts[] = {
	{ "url", 'u', CMD_OPT_STRING, "URL", "database to edit", NULL, false },
	{ "dir", 0, CMD_OPT_STRING, "URL", "migration directory",
	  "file://migrations", false },
	{ "revisions-schema", 0, CMD_OPT_STRING, "NAME",
	  "schema of the revision table", NULL, false },
	{ "lock-timeout", 0, CMD_OPT_STRING, "DURATION",
	  "how long to wait for another apply", "10s", false },
	{ NULL },
};

static const char *hash_of(const mg_sum *sum, const char *name)
{
	for (size_t i = 0; i < sum->len; i++)
		if (strcmp(sum->entries[i].name, name) == 0)
			return sum->entries[i].hash;
	return "";
}

static int run(cmd_ctx *ctx)
{
	const char *url = cmd_get(ctx, "url");
	mg_dir *dir = NULL;
	dl_conn *conn = NULL;
	mg_rev_store st;
	mg_revs revs = { 0 };
	mg_sum sum = { 0 };
	const mg_file *target = NULL;
	ut_buf lines = UT_BUF_INIT;
	size_t nset = 0, nremoved = 0;
	int64_t timeout;
	bool st_init = false, locked = false, tx = false;
	int rc = 0;

	if (!url)
		return cmd_usage_error(ctx, "required flag \"url\" not set");
	if (ut_duration_parse(&timeout, cmd_get(ctx, "lock-timeout")) < 0)
		return cmd_usage_error(ctx, "invalid --lock-timeout '%s'",
				       cmd_get(ctx, "lock-timeout"));
	if ((rc = cmd_dir_open(ctx, &dir, CMD_DIR_VALIDATE)) != 0)
		goto done;
	if (dl_open(&conn, url) < 0 ||
	    mg_rev_store_init(&st, conn, cmd_get(ctx, "revisions-schema")) < 0)
		goto fail;
	st_init = true;
	if (conn->drv->lock(conn, MG_REV_LOCK_APPLY, timeout) < 0)
		goto fail;
	locked = true;
	if (mg_rev_ensure(&st) < 0 || mg_rev_read(&revs, &st) < 0 ||
	    mg_sum_compute(&sum, dir) < 0)
		goto fail;
	mg_revs_sort(&revs, dir->format);
	if (ctx->nargs) {
		target = mg_dir_find_version(dir, ctx->args[0]);
		if (!target) {
			ut_error_set(UT_ENOTFOUND, "migration with version \"%s\" not found",
				     ctx->args[0]);
			goto fail;
		}
	} else if (revs.len == 0) {
		rc = cmd_usage_error(ctx, "accepts 1 arg(s), received 0");
		goto done;
	} else if (dir->nfiles) {
		target = &dir->files[dir->nfiles - 1];
	}
	if (conn->drv->begin(conn) < 0)
		goto fail;
	tx = true;
	/* remove revisions after the target */
	for (size_t i = 0; i < revs.len; i++) {
		const mg_revision *r = &revs.items[i];
		if (target && mg_version_cmp(dir->format, r->version,
					     target->version) <= 0)
			continue;
		if (mg_rev_delete(&st, r->version) < 0)
			goto fail;
		ut_buf_printf(&lines, "  - %s%s%s%s\n", r->version,
			      *r->description ? " (" : "", r->description,
			      *r->description ? ")" : "");
		nremoved++;
	}
	/* mark every file up to the target as resolved */
	for (size_t i = 0; target && i < dir->nfiles; i++) {
		const mg_file *f = &dir->files[i];
		const mg_revision *old = NULL;
		mg_revision r = { 0 };

		if (f->repeatable)
			continue;
		if (mg_version_cmp(dir->format, f->version, target->version) > 0)
			break;
		for (size_t j = 0; j < revs.len; j++)
			if (strcmp(revs.items[j].version, f->version) == 0)
				old = &revs.items[j];
		if (old && old->applied == old->total && !old->error)
			continue;
		if (old) {
			mg_revision_copy(&r, old);
			r.type = MG_REV_EXECUTED | MG_REV_RESOLVED;
		} else {
			/* Atlas inserts rows only from the last revision on */
			if (revs.len &&
			    mg_version_cmp(dir->format, f->version,
					   revs.items[revs.len - 1].version) < 0)
				continue;
			r.version = ut_xstrdup(f->version);
			r.description = ut_xstrdup(f->desc);
			r.type = MG_REV_RESOLVED;
			r.executed_at = mg_rev_now(conn);
			r.hash = ut_xstrdup(hash_of(&sum, f->name));
			r.operator_version = ut_xstrdup(mg_operator_version);
		}
		if (mg_rev_write(&st, &r) < 0) {
			mg_revision_release(&r);
			goto fail;
		}
		ut_buf_printf(&lines, "  + %s%s%s%s\n", f->version,
			      *f->desc ? " (" : "", f->desc, *f->desc ? ")" : "");
		nset++;
		mg_revision_release(&r);
	}
	/*
	 * Flyway repeatables have no place in the version order: their rows
	 * go only when every revision does.
	 */
	for (size_t i = 0; !target && i < revs.nrepeatables; i++) {
		const mg_revision *r = &revs.repeatables[i];
		if (mg_rev_delete(&st, r->version) < 0)
			goto fail;
		ut_buf_printf(&lines, "  - %s%s%s%s\n", r->version,
			      *r->description ? " (" : "", r->description,
			      *r->description ? ")" : "");
		nremoved++;
	}
	if (conn->drv->commit(conn) < 0)
		goto fail;
	tx = false;
	if (!target)
		fprintf(ctx->out, "All revisions deleted (%zu in total):\n\n%s\n",
			nremoved, lines.ptr);
	else if (nset || nremoved) {
		fprintf(ctx->out, "Current version is %s (", target->version);
		if (nset)
			fprintf(ctx->out, "%zu set", nset);
		if (nset && nremoved)
			fputs(", ", ctx->out);
		if (nremoved)
			fprintf(ctx->out, "%zu removed", nremoved);
		fprintf(ctx->out, "):\n\n%s\n", lines.ptr);
	}
	goto done;
fail:
	if (tx) {
		ut_error saved;
		ut_error_stash(&saved);
		conn->drv->rollback(conn);
		ut_error_restore(&saved);
	}
	rc = cmd_fail(ctx);
done:
	if (locked)
		conn->drv->unlock(conn, MG_REV_LOCK_APPLY);
	ut_buf_release(&lines);
	mg_sum_release(&sum);
	mg_revs_release(&revs);
	if (st_init)
		mg_rev_store_release(&st);
	dl_close(conn);
	mg_dir_free(dir);
	return rc;
}

const cmd_spec cmd_migrate_set_spec = {
	.name = "set",
	.fn = run,
	.flags = CMD_NEEDS_DIR | CMD_NEEDS_URL,
	.summary = "mark the database as migrated up to a version",
	.usage = "strata migrate set [version] -u URL [flags]",
	.help = "Edits the revision table without running any file: revisions after\n"
		"version are removed, files up to it are marked as applied. Use it to fix\n"
		"a database after a manual repair.",
	.examples = "strata migrate set 20240101000000 -u sqlite://app.db",
	.opts = opts,
	.min_args = 0,
	.max_args = 1,
};
