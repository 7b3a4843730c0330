/* SPDX-License-Identifier: MIT */
/*
 * migrate/plan.c: replaying directories, loading desired states and
 * writing plans as files. The dev database is the judge of meaning: SQL
 * states are executed on it and inspected, never compared as text.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dir.h"
#include "formats.h"
#include "hclin.h"
#include "plan.h"
#include "sum.h"
#include "ut.h"

mg_split_opts mg_split_opts_for_driver(const dl_driver *drv)
{
	if (strcmp(drv->name, "postgres") == 0)
		return mg_split_opts_for(MG_SPLIT_POSTGRES);
	if (strcmp(drv->name, "mysql") == 0)
		return mg_split_opts_for(MG_SPLIT_MYSQL);
	return mg_split_opts_for(MG_SPLIT_SQLITE);
}

static void put_escaped_delim(ut_buf *out, const char *d)
{
	for (; *d; d++) {
		if (*d == '\n')
			ut_buf_puts(out, "\\n");
		else if (*d == '\r')
			ut_buf_puts(out, "\\r");
		else if (*d == '\t')
			ut_buf_puts(out, "\\t");
		else
			ut_buf_putc(out, *d);
	}
}

void mg_plan_format(ut_buf *out, const dl_plan *plan, const char *indent)
{
	bool any = false;

	if (plan->delimiter) {
		ut_buf_puts(out, "-- atlas:delimiter ");
		put_escaped_delim(out, plan->delimiter);
		any = true;
	}
	for (size_t i = 0; i < plan->directives.len; i++) {
		if (any)
			ut_buf_putc(out, '\n');
		ut_buf_printf(out, "-- %s", plan->directives.items[i]);
		any = true;
	}
	if (any)
		ut_buf_puts(out, "\n\n");
	for (size_t i = 0; i < plan->stmts.len; i++) {
		const dl_stmt *s = &plan->stmts.items[i];
		if (s->comment && *s->comment) {
			if (indent)
				ut_buf_puts(out, indent);
			ut_buf_puts(out, "-- ");
			ut_buf_putc(out, (char)toupper((unsigned char)s->comment[0]));
			ut_buf_puts(out, s->comment + 1);
			ut_buf_putc(out, '\n');
		}
		if (indent) {
			/* indent every line of the statement */
			for (const char *p = s->sql; *p;) {
				const char *nl = strchr(p, '\n');
				size_t n = nl ? (size_t)(nl - p + 1) : strlen(p);
				ut_buf_puts(out, indent);
				ut_buf_put(out, p, n);
				p += n;
			}
		} else {
			ut_buf_puts(out, s->sql);
		}
		ut_buf_puts(out, plan->delimiter ? plan->delimiter : ";");
		ut_buf_putc(out, '\n');
	}
}

int mg_exec_text(dl_conn *c, const char *label, const char *text, size_t len,
		 const mg_split_opts *opts)
{
	mg_stmts stmts = MG_STMTS_INIT;
	int error;

	if ((error = mg_split(&stmts, text, len, opts)) < 0) {
		ut_error_wrap("%s", label);
		goto done;
	}
	for (size_t i = 0; i < stmts.len; i++) {
		const mg_stmt *s = &stmts.items[i];
		if ((error = c->drv->exec(c, s->text, s->len)) < 0) {
			ut_error_wrap("%s:%d", label, s->line);
			goto done;
		}
	}
done:
	mg_stmts_release(&stmts);
	return error;
}

/* Whether s (n bytes) starts with the words w1 w2 (any case, any blanks). */
static bool starts_words(const char *s, size_t n, const char *w1,
			 const char *w2)
{
	size_t l1 = strlen(w1), i;

	if (n <= l1 || !ut_span_iprefix(s, n, w1) || !isspace((unsigned char)s[l1]))
		return false;
	if (!w2)
		return true;
	for (i = l1; i < n && isspace((unsigned char)s[i]); i++)
		;
	return ut_span_iprefix(s + i, n - i, w2) &&
	       (i + strlen(w2) == n ||
		!(isalnum((unsigned char)s[i + strlen(w2)]) ||
		  s[i + strlen(w2)] == '_'));
}

/*
 * psql meta-commands at the start of a statement of a PostgreSQL schema
 * file (pg_dump writes \restrict and \unrestrict since 15.14, 16.10 and
 * 17.6; psql scripts use \set, \echo, ...): those that only configure
 * psql are skipped, *text moving past them; the others have no meaning
 * for a dev database and are refused.
 */
static int skip_psql_meta(const char **text, size_t *len, int *line,
			  const char *label)
{
	static const char *const harmless[] = {
		"restrict", "unrestrict", "set", "unset", "pset", "echo",
		"qecho", "timing", "encoding", "pager", "x", "t", "a", "q",
	};

	while (*len && **text == '\\') {
		const char *s = *text;
		const char *nl = memchr(s, '\n', *len);
		size_t n = nl ? (size_t)(nl - s) + 1 : *len, w = 1;
		bool ok = false;

		while (w < n && !isspace((unsigned char)s[w]))
			w++;
		for (size_t i = 0; i < UT_ARRAY_SIZE(harmless) && !ok; i++)
			ok = w - 1 == strlen(harmless[i]) &&
			     strncmp(s + 1, harmless[i], w - 1) == 0;
		if (!ok) {
			ut_error_set(UT_ERROR,
				     "%s:%d: psql meta-command '%.*s' cannot run on the dev database",
				     label, *line, (int)w, s);
			ut_error_hint("strata runs SQL statements only: remove the psql commands (\\connect, \\i, \\copy, ...) from the schema file");
			return UT_ERROR;
		}
		*text += n;
		*len -= n;
		(*line)++;
		while (*len && isspace((unsigned char)**text)) {
			if (**text == '\n')
				(*line)++;
			(*text)++;
			(*len)--;
		}
	}
	return 0;
}

/*
 * A desired state is loaded into the dev database itself. Statements that
 * act on other databases of the dev server would do harm there (DROP
 * DATABASE of a shared server) or leave the objects that follow outside
 * what is inspected (MySQL USE), so a schema file holding them is refused
 * before anything runs. On MySQL, a dev URL without a database is a
 * whole server whose schemas are databases: there they are allowed.
 */
static int check_desired_stmt(const dl_conn *dev, const char *label,
			      int line, const char *s, size_t n)
{
	bool pg = strcmp(dev->drv->name, "postgres") == 0;
	bool my = strcmp(dev->drv->name, "mysql") == 0;
	const char *what = NULL;

	/* mysqldump's "/" "*!40000 DROP DATABASE ...*" "/": look inside */
	if (my && n > 3 && s[0] == '/' && s[1] == '*' &&
	    (s[2] == '!' || (s[2] == 'M' && n > 4 && s[3] == '!'))) {
		size_t i = s[2] == '!' ? 3 : 4;
		while (i < n && isdigit((unsigned char)s[i]))
			i++;
		while (i < n && isspace((unsigned char)s[i]))
			i++;
		if (check_desired_stmt(dev, label, line, s + i, n - i) < 0)
			return UT_ERROR;
	}

	if (pg || (my && dev->schema)) {
		if (starts_words(s, n, "CREATE", "DATABASE"))
			what = "CREATE DATABASE";
		else if (starts_words(s, n, "DROP", "DATABASE"))
			what = "DROP DATABASE";
	}
	if (my && dev->schema) {
		if (starts_words(s, n, "CREATE", "SCHEMA"))
			what = "CREATE SCHEMA";
		else if (starts_words(s, n, "DROP", "SCHEMA"))
			what = "DROP SCHEMA";
		else if (starts_words(s, n, "USE", NULL))
			what = "USE";
	}
	if (!what)
		return 0;
	ut_error_set(UT_ERROR,
		     "%s:%d: '%s' acts outside the dev database, where the desired state is loaded",
		     label, line, what);
	if (pg)
		ut_error_hint("remove the database statements from the schema file: its objects are created in the dev database");
	else
		ut_error_hint("remove the database statements (CREATE/DROP DATABASE, USE) from the schema file, or give a dev URL without a database to load several schemas");
	return UT_ERROR;
}

/*
 * The data of a full pg_dump (COPY ... FROM stdin; rows; \.) says nothing
 * about the schema: in a copy of text, each such block becomes blank
 * lines (line numbers stay). Returns whether there was any.
 */
static bool blank_copy_data(ut_buf *out, const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	bool in_data = false, any = false;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		size_t t = n;
		bool blank = in_data;

		while (t && (p[t - 1] == '\r' || p[t - 1] == ' '))
			t--;
		if (in_data) {
			if (t == 2 && p[0] == '\\' && p[1] == '.')
				in_data = false;
		} else if (ut_span_iprefix(p, t, "COPY ") && t >= 11 &&
			   ut_span_iprefix(p + t - 11, 11, "FROM stdin;")) {
			blank = in_data = any = true;
		}
		if (blank)
			for (size_t i = 0; i < n; i++)
				ut_buf_putc(out, p[i] == '\r' ? '\r' : ' ');
		else
			ut_buf_put(out, p, n);
		if (nl)
			ut_buf_putc(out, '\n');
		p += n + (nl ? 1 : 0);
	}
	return any;
}

/* Loads a desired-state SQL file (not a migration file) onto dev. */
static int exec_desired_text(dl_conn *dev, const char *label, const char *text,
			     size_t len, const mg_split_opts *opts)
{
	bool pg = strcmp(dev->drv->name, "postgres") == 0;
	mg_split_opts o = *opts;
	mg_stmts stmts = MG_STMTS_INIT;
	ut_buf copy = UT_BUF_INIT;
	int error;

	o.exec_comments = strcmp(dev->drv->name, "mysql") == 0;
	if (pg && blank_copy_data(&copy, text, len)) {
		text = copy.ptr;
		len = copy.len;
	}
	if ((error = mg_split(&stmts, text, len, &o)) < 0) {
		ut_error_wrap("%s", label);
		goto done;
	}
	/* check everything first: nothing runs from a refused file */
	for (size_t i = 0; i < stmts.len; i++) {
		mg_stmt *s = &stmts.items[i];
		if (pg && (error = skip_psql_meta(&s->text, &s->len, &s->line,
						  label)) < 0)
			goto done;
		if ((error = check_desired_stmt(dev, label, s->line, s->text,
						s->len)) < 0)
			goto done;
	}
	for (size_t i = 0; i < stmts.len; i++) {
		const mg_stmt *s = &stmts.items[i];
		if (!s->len)
			continue;
		if ((error = dev->drv->exec(dev, s->text, s->len)) < 0) {
			ut_error_wrap("%s:%d", label, s->line);
			goto done;
		}
	}
done:
	mg_stmts_release(&stmts);
	ut_buf_release(&copy);
	return error;
}

int mg_exec_file(dl_conn *c, const mg_dir *dir, const mg_file *f,
		 const char *text, size_t len, const mg_split_opts *opts)
{
	mg_stmts stmts = MG_STMTS_INIT;
	int error;

	if (dir->format == MG_FORMAT_ATLAS)
		return mg_exec_text(c, f->name, text, len, opts);
	if ((error = mg_file_split(&stmts, NULL, dir, f, text, len, opts)) < 0) {
		if (error == UT_EPARSE)
			ut_error_wrap("%s", f->name);
		goto done;
	}
	for (size_t i = 0; i < stmts.len; i++) {
		const mg_stmt *s = &stmts.items[i];
		if ((error = c->drv->exec(c, s->text, s->len)) < 0) {
			ut_error_wrap("%s:%d", f->name, s->line);
			goto done;
		}
	}
done:
	mg_stmts_release(&stmts);
	return error;
}

int mg_file_is_checkpoint(bool *out, const mg_dir *dir, size_t i)
{
	ut_buf text = UT_BUF_INIT;
	mg_directives d = { 0 };
	int error;

	*out = false;
	if ((error = mg_file_read(&dir->files[i], &text)) < 0)
		goto done;
	if ((error = mg_file_directives(&d, text.ptr, text.len)) < 0)
		goto done;
	*out = mg_directives_get(&d, "checkpoint") != NULL;
done:
	mg_directives_release(&d);
	ut_buf_release(&text);
	return error;
}

int mg_dir_last_checkpoint(size_t *idx_out, bool *found, const mg_dir *dir)
{
	*idx_out = 0;
	*found = false;
	for (size_t i = dir->nfiles; i-- > 0;) {
		bool cp;
		int error = mg_file_is_checkpoint(&cp, dir, i);
		if (error < 0)
			return error;
		if (cp) {
			*idx_out = i;
			*found = true;
			return 0;
		}
	}
	return 0;
}

int mg_replay(dl_conn *c, const mg_dir *dir, const char *to_version)
{
	mg_split_opts opts = mg_split_opts_for_driver(c->drv);
	ut_buf text = UT_BUF_INIT;
	size_t start, end = dir->nfiles;
	bool found;
	int error;

	if (to_version) {
		const mg_file *f = mg_dir_find_version(dir, to_version);
		if (!f)
			return ut_error_set(UT_ENOTFOUND,
					    "migration with version \"%s\" not found",
					    to_version);
		end = (size_t)(f - dir->files) + 1;
	}
	if ((error = mg_dir_last_checkpoint(&start, &found, dir)) < 0)
		return error;
	if (!found || start >= end)
		start = 0;
	for (size_t i = start; i < end; i++) {
		ut_buf_reset(&text);
		if ((error = mg_file_read(&dir->files[i], &text)) < 0)
			break;
		if ((error = mg_exec_file(c, dir, &dir->files[i], text.ptr,
					  text.len, &opts)) < 0)
			break;
	}
	ut_buf_release(&text);
	return error;
}

int mg_dev_open(dl_conn **out, const char *url)
{
	dl_conn *c;
	int error;

	*out = NULL;
	if (!url || !*url)
		return ut_error_set(UT_EUSAGE, "a dev database is required (--dev-url)");
	if ((error = dl_open(&c, url)) < 0)
		return error;
	/*
	 * One command at a time on a dev database: two sharing it (parallel
	 * CI jobs, a second terminal) would load into and clean up each
	 * other's state. The lock goes with the connection. SQLite dev
	 * databases are in memory, of this process alone.
	 */
	if (strcmp(c->drv->name, "sqlite") != 0) {
		char *name = c->schema ? ut_xasprintf("%s.%s", MG_DEV_LOCK, c->schema)
				       : ut_xstrdup(MG_DEV_LOCK);
		error = c->drv->lock(c, name, MG_DEV_LOCK_TIMEOUT_NS);
		free(name);
		if (error < 0) {
			if (error == UT_ELOCKED)
				ut_error_hint("another strata command is using this dev database; wait for it, or give each job a dev database of its own");
			dl_close(c);
			return error;
		}
	}
	if ((error = c->drv->check_clean(c, NULL)) < 0) {
		ut_error_hint("the dev database must be empty: strata fills it and cleans it up itself");
		dl_close(c);
		return error;
	}
	*out = c;
	return 0;
}

void mg_dev_reset_after_error(dl_conn *dev)
{
	ut_error saved;

	if (!dev)
		return;
	ut_error_stash(&saved);
	dev->drv->reset(dev);
	ut_error_restore(&saved);
}

static bool has_scheme(const char *url, const char *scheme)
{
	size_t n = strlen(scheme);
	return strncmp(url, scheme, n) == 0 && strncmp(url + n, "://", 3) == 0;
}

/* Loads one file:// URL onto dev. */
static int load_file_url(dl_conn *dev, const char *url)
{
	mg_split_opts opts = mg_split_opts_for_driver(dev->drv);
	const char *rest = url + strlen("file://");
	const char *q = strchr(rest, '?');
	char *path = ut_xstrndup(rest, q ? (size_t)(q - rest) : strlen(rest));
	ut_buf text = UT_BUF_INIT;
	int error = 0;

	if (!*path) {
		error = ut_error_set(UT_EUSAGE, "empty path in '%s'", url);
		goto done;
	}
	if (ut_path_is_dir(path)) {
		char *sum = ut_path_join(path, "atlas.sum");
		bool migdir = q || ut_path_exists(sum) ||
			      strcmp(ut_path_base(path), "migrations") == 0;
		free(sum);
		if (migdir) {
			mg_dir *dir = NULL;
			char *version = NULL;
			if (q) {
				const char *v = strstr(q, "version=");
				if (v) {
					v += strlen("version=");
					version = ut_xstrndup(v, strcspn(v, "&"));
				}
			}
			error = mg_dir_open(&dir, url, 0);
			if (error == 0) {
				mg_sum_problem pr;
				error = mg_dir_validate(dir, &pr);
				mg_sum_problem_release(&pr);
			}
			if (error == 0)
				error = mg_replay(dev, dir, version);
			free(version);
			mg_dir_free(dir);
		} else {
			char **names;
			size_t n;
			if ((error = ut_dir_list(&names, &n, path)) < 0)
				goto done;
			for (size_t i = 0; i < n && error == 0; i++) {
				char *p;
				if (!ut_str_suffix(names[i], ".sql"))
					continue;
				p = ut_path_join(path, names[i]);
				ut_buf_reset(&text);
				error = ut_file_read(&text, p);
				if (error == 0)
					error = exec_desired_text(dev, p, text.ptr,
								  text.len, &opts);
				free(p);
			}
			ut_strlist_free(names, n);
		}
		goto done;
	}
	if ((error = ut_file_read(&text, path)) < 0)
		goto done;
	error = exec_desired_text(dev, path, text.ptr, text.len, &opts);
done:
	ut_buf_release(&text);
	free(path);
	return error;
}

/* The local path of a file:// URL (malloc'd). */
static char *file_path(const char *url)
{
	const char *rest = url + strlen("file://");
	return ut_xstrndup(rest, strcspn(rest, "?"));
}

/* Whether a file:// URL names an HCL file or a folder holding .hcl files. */
static bool is_hcl_url(const char *url)
{
	char *path = file_path(url);
	bool hcl = ut_str_suffix(path, ".hcl");
	char **names;
	size_t n;

	if (!hcl && ut_path_is_dir(path) && ut_dir_list(&names, &n, path) == 0) {
		for (size_t i = 0; i < n && !hcl; i++)
			hcl = ut_str_suffix(names[i], ".hcl");
		ut_strlist_free(names, n);
	}
	ut_error_clear();
	free(path);
	return hcl;
}

static bool plain_name(const char *s)
{
	if (!(isalpha((unsigned char)*s) || *s == '_'))
		return false;
	for (; *s; s++)
		if (!(isalnum((unsigned char)*s) || *s == '_'))
			return false;
	return true;
}

/*
 * Creates the views that only know their query: CREATE [MATERIALIZED]
 * VIEW <name> AS <query>, qualified when the connection is not bound to
 * one schema (SQLite has one schema and never qualifies).
 */
static void fill_view_defs(sm_realm *r, const dl_conn *dev)
{
	bool qualify = !dev->schema && strcmp(dev->drv->name, "sqlite") != 0;

	for (size_t i = 0; i < r->schemas.len; i++) {
		sm_schema *s = r->schemas.items[i];
		for (size_t j = 0; j < s->views.len; j++) {
			sm_view *v = s->views.items[j];
			ut_buf def = UT_BUF_INIT;
			if (v->def || !v->query)
				continue;
			ut_buf_puts(&def, v->materialized ? "CREATE MATERIALIZED VIEW "
							  : "CREATE VIEW ");
			if (qualify) {
				dev->drv->quote_ident(&def, s->obj.name);
				ut_buf_putc(&def, '.');
			}
			/*
			 * SQLite keeps the statement as written: a plain name
			 * stays unquoted, as people (and inspection) write it.
			 */
			if (!strcmp(dev->drv->name, "sqlite") && plain_name(v->obj.name))
				ut_buf_puts(&def, v->obj.name);
			else
				dev->drv->quote_ident(&def, v->obj.name);
			ut_buf_puts(&def, " AS ");
			ut_buf_puts(&def, v->query);
			v->def = sm_strdup(r, def.ptr);
			ut_buf_release(&def);
		}
	}
}

/*
 * Loads HCL schema documents onto dev (reference 5.4: the dev database
 * normalises them): the realm they describe is planned as SQL by the dev
 * driver against what dev already holds, and executed there.
 */
static int load_hcl(dl_conn *dev, const char *const *urls, size_t n)
{
	char **paths = ut_xcalloc(n, sizeof(char *));
	sm_realm *want = NULL, *cur = NULL, *from = NULL;
	sm_changes *ch = NULL;
	dl_plan *plan = NULL;
	dl_plan_opts po = { 0 };
	sm_diff_opts dopts = { 0 };
	int error;

	UT_VEC(const char *) exprs = UT_VEC_INIT;

	for (size_t i = 0; i < n; i++) {
		size_t ne;
		/* data "hcl_schema" vars, bound to the URL it handed out */
		const char *const *e = sm_hcl_bound_inputs(urls[i], &ne);
		paths[i] = file_path(urls[i]);
		for (size_t k = 0; k < ne; k++)
			ut_vec_push(&exprs, e[k]);
	}
	error = sm_hcl_read(&want, dev->drv->name, (const char *const *)paths,
			    n, NULL, 0, exprs.items, exprs.len);
	ut_vec_release(&exprs);
	if (error < 0)
		goto done;
	if ((error = dl_inspect(&cur, dev, NULL)) < 0)
		goto done;
	/*
	 * A dev database bound to one schema holds the one schema of the
	 * document under its own name, as it holds a SQL file's tables.
	 */
	if (dev->schema && want->schemas.len == 1 &&
	    strcmp(want->schemas.items[0]->obj.name, dev->schema) != 0) {
		ut_buf was = UT_BUF_INIT, is = UT_BUF_INIT;
		/*
		 * enum.<name> (domain., composite.) types were qualified with
		 * the document's schema name
		 */
		dev->drv->quote_ident(&was, want->schemas.items[0]->obj.name);
		ut_buf_putc(&was, '.');
		dev->drv->quote_ident(&is, dev->schema);
		ut_buf_putc(&is, '.');
		want->schemas.items[0]->obj.name = sm_strdup(want, dev->schema);
		for (size_t i = 0; i < want->schemas.items[0]->tables.len; i++) {
			sm_table *t = want->schemas.items[0]->tables.items[i];
			for (size_t k = 0; k < t->fks.len; k++)
				t->fks.items[k]->ref_schema = NULL;
			for (size_t k = 0; k < t->columns.len; k++) {
				sm_column *c = t->columns.items[k];
				if (!c->type || !ut_str_prefix(c->type, was.ptr))
					continue;
				c->type = ut_arena_printf(&want->arena, "%s%s", is.ptr,
							  c->type + was.len);
			}
		}
		ut_buf_release(&was);
		ut_buf_release(&is);
	} else if (dev->schema && want->schemas.len > 1) {
		error = ut_error_set(UT_EUSAGE,
				     "the HCL schema defines %zu schemas but the dev database is bound to \"%s\"",
				     want->schemas.len, dev->schema);
		ut_error_hint("give a --dev-url without a schema (the whole database)");
		goto done;
	}
	from = sm_realm_new(dev->drv->name);
	for (size_t i = 0; i < want->schemas.len; i++) {
		const char *name = want->schemas.items[i]->obj.name;
		if (sm_realm_find_schema(cur, name))
			sm_schema_add(from, name);
	}
	from->scope = cur->scope ? sm_strdup(from, cur->scope) : NULL;
	want->scope = cur->scope ? sm_strdup(want, cur->scope) : NULL;
	fill_view_defs(want, dev);
	if ((error = sm_diff(&ch, from, want, &dopts)) < 0)
		goto done;
	if ((error = dev->drv->plan(&plan, dev, ch, &po)) < 0)
		goto done;
	if ((error = mg_plan_exec(dev, plan, true, NULL)) < 0)
		ut_error_wrap("loading the HCL schema on the dev database");
done:
	dl_plan_free(plan);
	sm_changes_free(ch);
	sm_realm_free(from);
	sm_realm_free(cur);
	sm_realm_free(want);
	for (size_t i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
	return error;
}

int mg_state_load(sm_realm **out, const char *const *urls, size_t n,
		  dl_conn *dev, const dl_inspect_opts *io)
{
	size_t nhcl = 0;
	int error = 0;
	bool used_dev = false;

	*out = NULL;
	if (n == 0)
		return ut_error_set(UT_EUSAGE, "no desired state given (--to)");
	for (size_t i = 0; i < n; i++) {
		if (has_scheme(urls[i], "file"))
			continue;
		if (n > 1)
			return ut_error_set(UT_EUSAGE,
					    "only file:// URLs can be combined, got '%s'",
					    urls[i]);
		/* a live database: inspect it directly */
		dl_conn *c;
		if ((error = dl_open(&c, urls[i])) < 0)
			return error;
		error = dl_inspect(out, c, io);
		dl_close(c);
		return error;
	}
	if (!dev)
		return ut_error_set(UT_EUSAGE,
				    "a dev database (--dev-url) is required to load '%s'",
				    urls[0]);
	for (size_t i = 0; i < n; i++)
		nhcl += is_hcl_url(urls[i]);
	if (nhcl && nhcl != n)
		return ut_error_set(UT_EUSAGE,
				    "HCL and SQL desired states cannot be mixed");
	if (nhcl) {
		used_dev = true;
		error = load_hcl(dev, urls, n);
	}
	for (size_t i = 0; i < n && error == 0 && !nhcl; i++) {
		used_dev = true;
		error = load_file_url(dev, urls[i]);
	}
	if (error == 0)
		error = dl_inspect(out, dev, io);
	if (used_dev && error < 0) {
		/* leave the dev database as clean as we found it */
		mg_dev_reset_after_error(dev);
	} else if (used_dev) {
		error = dev->drv->reset(dev);
	}
	return error;
}

static int fk_row(const char *const *vals, size_t n, void *payload)
{
	ut_buf *b = payload;
	if (b->len == 0)
		ut_buf_printf(b, "foreign key violation in table \"%s\"",
			      n > 0 && vals[0] ? vals[0] : "?");
	return 0;
}

static int exec_stmt(dl_conn *c, const dl_stmt *s)
{
	if (dl_interrupted())
		return ut_error_set(UT_ERROR, "interrupted");
	if (ut_span_iprefix(s->sql, strlen(s->sql), "PRAGMA foreign_key_check")) {
		ut_buf msg = UT_BUF_INIT;
		int error = c->drv->query(c, s->sql, NULL, 0, fk_row, &msg);
		if (error == 0 && msg.len)
			error = ut_error_set(UT_EDB, "%s", msg.ptr);
		ut_buf_release(&msg);
		return error;
	}
	if (c->drv->exec(c, s->sql, strlen(s->sql)) < 0) {
		ut_buf q = UT_BUF_INIT;
		ut_buf_quote(&q, s->sql);
		ut_error_wrap("executing statement %s", q.ptr);
		ut_buf_release(&q);
		return ut_error_last()->code;
	}
	return 0;
}

int mg_plan_exec(dl_conn *c, const dl_plan *plan, bool tx,
		 size_t *applied_out)
{
	size_t applied = 0, i = 0;
	int error = 0;

	while (i < plan->stmts.len && error == 0) {
		const dl_stmt *s = &plan->stmts.items[i];
		if (s->outside_tx || !tx) {
			if ((error = exec_stmt(c, s)) < 0)
				break;
			applied++;
			i++;
			continue;
		}
		/* a run of statements inside one transaction */
		size_t j = i, done_in_tx = 0;
		if ((error = c->drv->begin(c)) < 0)
			break;
		while (j < plan->stmts.len && !plan->stmts.items[j].outside_tx) {
			if ((error = exec_stmt(c, &plan->stmts.items[j])) < 0)
				break;
			done_in_tx++;
			j++;
		}
		if (error < 0) {
			ut_buf saved = UT_BUF_INIT;
			ut_buf_puts(&saved, ut_error_last()->msg);
			c->drv->rollback(c);
			error = ut_error_set(UT_EDB, "%s", saved.ptr);
			ut_buf_release(&saved);
			break;
		}
		if ((error = c->drv->commit(c)) < 0)
			break;
		applied += done_in_tx;
		i = j;
	}
	if (applied_out)
		*applied_out = applied;
	return error;
}
