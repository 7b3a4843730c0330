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

/* A Flyway repeatable (R__x.sql): its version follows the last file's. */
static bool is_repeatable(const mg_dir *src, const mg_file *f)
{
	const char *slash = strrchr(f->name, '/');
	return src->format == MG_FORMAT_FLYWAY &&
	       (slash ? slash[1] : f->name[0]) == 'R';
}

static char *atlas_name(const char *version, const char *desc)
{
	return ut_xasprintf("%s%s%s.sql", version, *desc ? "_" : "", desc);
}

/*
 * Index of the first file (repeatables aside) whose Atlas name sorts
 * before the previous one's, though the source runs it after; 0 if none.
 */
static size_t misordered(const mg_dir *src, char **v)
{
	char *prev = NULL;
	size_t bad = 0;

	for (size_t i = 0; i < src->nfiles && !bad; i++) {
		char *name;
		if (is_repeatable(src, &src->files[i]))
			continue;
		name = atlas_name(v[i], src->files[i].desc);
		if (prev && strcmp(prev, name) >= 0)
			bad = i;
		free(prev);
		prev = name;
	}
	free(prev);
	return bad;
}

/* "1.2" padded to widths[] per part and nparts parts: "01.02.00". */
static char *pad_dotted(const char *v, const size_t *widths, size_t nparts)
{
	ut_buf b = UT_BUF_INIT;

	for (size_t k = 0; k < nparts; k++) {
		size_t n = *v ? strcspn(v, ".") : 0;
		if (k)
			ut_buf_putc(&b, '.');
		for (size_t z = n ? n : 1; z < widths[k]; z++)
			ut_buf_putc(&b, '0');
		ut_buf_put(&b, n ? v : "0", n ? n : 1);
		v += n + (v[n] == '.');
	}
	return ut_buf_detach(&b);
}

/*
 * The versions of the Atlas files. Atlas orders files by name, byte by
 * byte: kept as they are when that order is the source's. Otherwise
 * numbers are zero-padded to one width (golang-migrate 9 and 10 become 09
 * and 10), Flyway versions to the same parts and widths (1, 1.1 become
 * 1.0, 1.1: equal versions for Flyway); what still sorts wrong is an
 * error. Repeatables follow the last version ("<last>R", reference 3.8).
 */
static int import_versions(char ***out, const mg_dir *src)
{
	char **v = ut_xcalloc(src->nfiles ? src->nfiles : 1, sizeof(char *));
	const char *last = "0";
	size_t bad;
	int error = 0;

	for (size_t i = 0; i < src->nfiles; i++)
		v[i] = ut_xstrdup(src->files[i].version);
	if (misordered(src, v)) {
		size_t nparts = 1, widths[32] = { 0 };
		bool dotted = true;
		for (size_t i = 0; i < src->nfiles; i++) {
			const char *p = v[i];
			size_t k = 0;
			if (is_repeatable(src, &src->files[i]))
				continue;
			if (!*p || strspn(p, "0123456789.") != strlen(p) ||
			    (src->format != MG_FORMAT_FLYWAY &&
			     strchr(p, '.'))) {
				dotted = false;
				break;
			}
			while (*p && k < UT_ARRAY_SIZE(widths)) {
				size_t n = strcspn(p, ".");
				widths[k] = UT_MAX(widths[k], n);
				k++;
				p += n + (p[n] == '.');
			}
			nparts = UT_MAX(nparts, k);
		}
		for (size_t i = 0; dotted && i < src->nfiles; i++) {
			char *pv;
			if (is_repeatable(src, &src->files[i]))
				continue;
			pv = pad_dotted(v[i], widths, nparts);
			free(v[i]);
			v[i] = pv;
		}
	}
	for (size_t i = 0; i < src->nfiles; i++) {
		if (!is_repeatable(src, &src->files[i])) {
			last = v[i];
			continue;
		}
		free(v[i]);
		v[i] = ut_xasprintf("%sR", last);
	}
	if ((bad = misordered(src, v))) {
		error = ut_error_set(
		        UT_ECHECKSUM,
		        "'%s' runs after the file before it, but as '%s' it would sort before it in an atlas directory",
		        src->files[bad].name, v[bad]);
		ut_error_hint(
		        "rename the source files so their versions sort as text in the order they run");
		for (size_t i = 0; i < src->nfiles; i++)
			free(v[i]);
		free(v);
		return error;
	}
	*out = v;
	return 0;
}

/* The first statement a goose ENVSUB substitution changed. */
static const mg_stmt *substituted(const mg_stmts *ss)
{
	for (size_t i = 0; i < ss->len; i++) {
		const mg_stmt *s = &ss->items[i];
		if (s->text != s->src &&
		    (s->len != s->src_len || memcmp(s->text, s->src, s->len)))
			return s;
	}
	return NULL;
}

int mg_import_build(mg_import *out, const mg_dir *src, unsigned flags)
{
	mg_split_opts opts = mg_split_opts_for(MG_SPLIT_GENERIC);
	ut_buf text = UT_BUF_INIT;
	char **versions = NULL;
	int error = 0;

	memset(out, 0, sizeof(*out));
	if (src->format == MG_FORMAT_ATLAS) {
		error = ut_error_set(
		        UT_EUSAGE,
		        "'%s' is already an atlas directory: nothing to convert",
		        src->path);
		ut_error_hint(
		        "give the source's layout: --from \"file://%s?format=golang-migrate\" (or goose, flyway, dbmate, liquibase)",
		        src->path);
		return error;
	}
	if ((error = import_versions(&versions, src)) < 0)
		return error;
	out->files =
	        ut_xcalloc(src->nfiles ? src->nfiles : 1, sizeof(mg_new_file));
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
		if (ss.nsubst && !(flags & MG_IMPORT_ENVSUB) &&
		    substituted(&ss)) {
			error = ut_error_set(
			        UT_ERROR,
			        "%s:%d: the statement substitutes environment variables (goose ENVSUB), which an atlas file cannot do",
			        f->name, substituted(&ss)->line);
			ut_error_hint(
			        "pass --envsub to write the values of this environment into the imported files, or take the references out of the file");
			mg_stmts_release(&ss);
			goto done;
		}
		nf->name = atlas_name(versions[i], f->desc);
		ut_buf_init(&nf->data);
		put_stmts(&nf->data, &ss, no_tx);
		out->len++;
		mg_stmts_release(&ss);
	}
done:
	if (error < 0)
		mg_import_release(out);
	for (size_t i = 0; versions && i < src->nfiles; i++)
		free(versions[i]);
	free(versions);
	ut_buf_release(&text);
	return error;
}

int mg_import_write(mg_dir *dst, const mg_import *imp)
{
	char *sum = ut_path_join(dst->path, MG_SUM_FILE);
	size_t written = 0;
	int error = 0;

	if (dst->format != MG_FORMAT_ATLAS) {
		error = ut_error_set(
		        UT_EUSAGE,
		        "the import target '%s' must be an atlas directory, not %s",
		        dst->path, mg_format_name(dst->format));
		goto out;
	}
	if (dst->nfiles || ut_path_exists(sum)) {
		error = ut_error_set(
		        UT_EEXISTS,
		        "the import target '%s' is not empty: it holds %s",
		        dst->path,
		        dst->nfiles ? dst->files[0].name : MG_SUM_FILE);
		ut_error_hint(
		        "import into a new directory (--to file://<new path>)");
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
undo : {
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
