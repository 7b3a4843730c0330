/* SPDX-License-Identifier: MIT */
/*
 * migrate/import.c: another tool's directory as Atlas files (reference
 * 3.8). Each file's up statements are re-emitted the way Atlas's import
 * does: attached comments first (a line comment keeps its newline, a
 * block comment gets one), then the statement with exactly one ";".
 */
#include "import.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "split.h"
#include "sum.h"
#include "ut.h"

void mg_import_release(mg_import *imp)
{
	for (size_t i = 0; i < imp->len; i++) {
		free(imp->files[i].name);
		ut_buf_release(&imp->files[i].data);
	}
	free(imp->files);
	imp->files = NULL;
	imp->len = 0;
}

/* One file's Atlas content from its statements. */
static void put_stmts(ut_buf *out, const mg_stmts *ss, bool no_tx)
{
	if (no_tx)
		ut_buf_puts(out, "-- atlas:txmode none\n\n");
	for (size_t i = 0; i < ss->len; i++) {
		const mg_stmt *s = &ss->items[i];
		size_t n = s->len;

		for (size_t k = 0; k < s->ncomments; k++) {
			mg_span c = mg_stmt_comment(ss, s, k);
			ut_buf_put(out, c.ptr, c.len);
			if (!c.len || c.ptr[c.len - 1] != '\n')
				ut_buf_putc(out, '\n');
		}
		if (n && s->text[n - 1] == ';')
			n--;
		ut_buf_put(out, s->text, n);
		ut_buf_puts(out, ";\n");
	}
}

int mg_import_build(mg_import *out, const mg_dir *src)
{
	mg_split_opts opts = mg_split_opts_for(MG_SPLIT_GENERIC);
	ut_buf text = UT_BUF_INIT;
	int error = 0;

	memset(out, 0, sizeof(*out));
	if (src->format == MG_FORMAT_ATLAS) {
		error = ut_error_set(UT_EUSAGE,
				     "'%s' is already an atlas directory: nothing to convert",
				     src->path);
		ut_error_hint("give the source's layout: --from \"file://%s?format=golang-migrate\" (or goose, flyway, dbmate, liquibase)",
			      src->path);
		return error;
	}
	out->files = ut_xcalloc(src->nfiles ? src->nfiles : 1,
				sizeof(mg_new_file));
	for (size_t i = 0; i < src->nfiles; i++) {
		const mg_file *f = &src->files[i];
		mg_new_file *nf = &out->files[out->len];
		mg_stmts ss = MG_STMTS_INIT;
		bool no_tx = false;

		ut_buf_reset(&text);
		if ((error = mg_file_read(f, &text)) < 0)
			goto done;
		error = mg_file_split(&ss, &no_tx, src, f, text.ptr, text.len,
				      &opts);
		if (error < 0) {
			if (error == UT_EPARSE)
				ut_error_wrap("%s", f->name);
			mg_stmts_release(&ss);
			goto done;
		}
		nf->name = ut_xasprintf("%s%s%s.sql", f->version,
					*f->desc ? "_" : "", f->desc);
		ut_buf_init(&nf->data);
		put_stmts(&nf->data, &ss, no_tx);
		out->len++;
		mg_stmts_release(&ss);
	}
done:
	if (error < 0)
		mg_import_release(out);
	ut_buf_release(&text);
	return error;
}

int mg_import_write(mg_dir *dst, const mg_import *imp)
{
	char *sum = ut_path_join(dst->path, MG_SUM_FILE);
	size_t written = 0;
	int error = 0;

	if (dst->format != MG_FORMAT_ATLAS) {
		error = ut_error_set(UT_EUSAGE,
				     "the import target '%s' must be an atlas directory, not %s",
				     dst->path, mg_format_name(dst->format));
		goto out;
	}
	if (dst->nfiles || ut_path_exists(sum)) {
		error = ut_error_set(UT_EEXISTS,
				     "the import target '%s' is not empty: it holds %s",
				     dst->path,
				     dst->nfiles ? dst->files[0].name : MG_SUM_FILE);
		ut_error_hint("import into a new directory (--to file://<new path>)");
		goto out;
	}
	for (; written < imp->len; written++) {
		const mg_new_file *f = &imp->files[written];
		char *path = mg_dir_path(dst, f->name);
		error = ut_file_write_atomic(path, f->data.ptr, f->data.len);
		free(path);
		if (error < 0)
			goto undo;
	}
	if ((error = mg_dir_rescan(dst)) < 0 || (error = mg_sum_write(dst)) < 0)
		goto undo;
	goto out;
undo:
	{
		ut_error saved;
		ut_error_stash(&saved);
		for (size_t i = 0; i < written; i++) {
			char *path = mg_dir_path(dst, imp->files[i].name);
			unlink(path);
			free(path);
		}
		unlink(sum);
		mg_dir_rescan(dst);
		ut_error_restore(&saved);
	}
out:
	free(sum);
	return error;
}
