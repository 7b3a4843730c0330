/* SPDX-License-Identifier: MIT */
/*
 * cmd/project.c: the project file atlas.hcl (reference 7). The selected
 * env is evaluated into targets: one per for_each element, each a flat
 * list of attributes ("url", "migration.dir", "format.migrate.apply",
 * "lint.git.base" ...) whose values are strings. Options the user did not
 * give are filled from the first target; `migrate apply` runs every
 * target (cmd_project_fanout). Data sources run on first use: programs
 * run as an argv (fork + execvp, never a shell), and what they print is
 * kept in a temporary directory that lives as long as the project.
 */
#include "project.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <regex.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "diff.h"
#include "driver.h"
#include "hcl.h"
#include "hclin.h"
#include "lint.h"
#include "ut.h"

/* Where a value or block was written, for positioned errors. */
typedef struct src_pos {
	const hcl_file *file;
	uint32_t off;
} src_pos;

typedef struct kv {
	char *key;
	char **vals;
	size_t n;
	bool list; /* a list value (src may be one) */
	bool word; /* a bare enum-like word (LINEAR, ERROR) */
	hcl_vkind kind; /* kind of a scalar value */
	src_pos name, val;
} kv;

/* A nested block of an env ("lint.naming.table"), for validation. */
typedef struct blk {
	char *key;
	src_pos pos;
} blk;

typedef struct target {
	char *key; /* each.key, NULL without for_each */
	UT_VEC(kv) attrs;
	UT_VEC(blk) blocks;
} target;

typedef struct label {
	char *path;
	char *text;
} label;

struct cmd_project {
	char *path; /* the project file */
	char *dir;  /* its directory */
	char *tmpdir;
	char *env;
	hcl_file *file;
	hcl_eval *ev;
	UT_VEC(target) targets;
	UT_VEC(label) labels;
	UT_VEC(void *) payloads;
	UT_VEC(lt_error_override) lint_errors; /* cmd_project_lint_config */
};

/* ---- attributes ---------------------------------------------------------- */

static kv *target_find(const target *t, const char *key)
{
	for (size_t i = 0; i < t->attrs.len; i++)
		if (strcmp(t->attrs.items[i].key, key) == 0)
			return &t->attrs.items[i];
	return NULL;
}

/* Sets key to x's value (taken over: x keeps no strings). */
static void target_put(target *t, const char *key, kv *x)
{
	kv *e = target_find(t, key);
	if (e) {
		ut_strlist_free(e->vals, e->n);
	} else {
		kv z = { 0 };
		z.key = ut_xstrdup(key);
		ut_vec_push(&t->attrs, z);
		e = &ut_vec_last(&t->attrs);
	}
	e->vals = x->vals;
	e->n = x->n;
	e->list = x->list;
	e->word = x->word;
	e->kind = x->kind;
	e->name = x->name;
	e->val = x->val;
	x->vals = NULL;
	x->n = 0;
}

static bool target_has_block(const target *t, const char *key)
{
	for (size_t i = 0; i < t->blocks.len; i++)
		if (strcmp(t->blocks.items[i].key, key) == 0)
			return true;
	return false;
}

static void target_add_block(target *t, const char *key, src_pos pos)
{
	blk b = { ut_xstrdup(key), pos };
	ut_vec_push(&t->blocks, b);
}

static void target_release(target *t)
{
	for (size_t i = 0; i < t->attrs.len; i++) {
		free(t->attrs.items[i].key);
		ut_strlist_free(t->attrs.items[i].vals, t->attrs.items[i].n);
	}
	ut_vec_release(&t->attrs);
	for (size_t i = 0; i < t->blocks.len; i++)
		free(t->blocks.items[i].key);
	ut_vec_release(&t->blocks);
	free(t->key);
}

/* The strings of a value: a scalar, or the scalars of a list. */
static int value_strings(char ***out, size_t *n, bool *list, hcl_eval *ev,
			 hcl_value *v, const hcl_attr *a)
{
	*out = NULL;
	*n = 0;
	*list = false;
	if (v->kind == HCL_V_NULL)
		return 0;
	if (v->kind == HCL_V_LIST) {
		*list = true;
		*out = ut_xcalloc(v->n + 1, sizeof(char *));
		for (size_t i = 0; i < v->n; i++) {
			const char *s;
			if (hcl_value_force(&v->items[i], ev) < 0)
				return UT_EPARSE;
			s = hcl_value_text(ev, v->items[i]);
			if (!s) {
				ut_strlist_free(*out, *n);
				*out = NULL;
				*n = 0;
				return hcl_error_at(hcl_expr_file(a->expr),
						    hcl_expr_off(a->expr),
						    "attribute '%s' must be a list of strings",
						    a->name);
			}
			(*out)[(*n)++] = ut_xstrdup(s);
		}
		return 0;
	}
	if (v->kind == HCL_V_REF && v->n == 1) {
		*out = ut_xcalloc(1, sizeof(char *));
		(*out)[(*n)++] = ut_xstrdup(v->keys[0]);
		return 0;
	}
	const char *s = hcl_value_text(ev, v);
	if (!s)
		return 0; /* maps and objects: not a flag value */
	*out = ut_xcalloc(1, sizeof(char *));
	(*out)[(*n)++] = ut_xstrdup(s);
	return 0;
}

/*
 * Flattens a body into t: attributes under prefix, nested blocks as
 * prefix.block.attr. Enum-like words (exec_order = LINEAR, review =
 * ERROR) are bare identifiers, evaluated in a scope where they are
 * themselves.
 */
static int flatten(target *t, hcl_eval *ev, const hcl_scope *scope,
		   const hcl_body *body, const char *prefix)
{
	for (size_t i = 0; i < body->n; i++) {
		const hcl_item *it = &body->items[i];
		char *key;
		int error = 0;

		if (it->attr) {
			hcl_value *v;
			kv x = { 0 };
			const char *w = hcl_expr_bare_word(it->attr->expr);
			if (!*prefix && (!strcmp(it->attr->name, "for_each") ||
					 !strcmp(it->attr->name, "name")))
				continue;
			key = *prefix ? ut_xasprintf("%s.%s", prefix, it->attr->name)
				      : ut_xstrdup(it->attr->name);
			x.name.file = x.val.file = body->file;
			x.name.off = it->attr->off;
			x.val.off = hcl_expr_off(it->attr->expr);
			if (w && !hcl_scope_has(scope, w)) {
				/* LINEAR, ERROR, atlas ...: enum-like words */
				x.vals = ut_xcalloc(1, sizeof(char *));
				x.vals[0] = ut_xstrdup(w);
				x.n = 1;
				x.word = true;
				target_put(t, key, &x);
				free(key);
				continue;
			}
			error = hcl_eval_expr(&v, ev, scope, it->attr->expr);
			if (error == 0)
				error = value_strings(&x.vals, &x.n, &x.list,
						      ev, v, it->attr);
			if (error == 0 && x.vals) {
				x.kind = v->kind;
				target_put(t, key, &x);
			}
			free(key);
		} else {
			const hcl_block *b = it->block;
			src_pos pos = { body->file, b->off };
			key = *prefix ? ut_xasprintf("%s.%s", prefix, b->type)
				      : ut_xstrdup(b->type);
			target_add_block(t, key, pos);
			error = flatten(t, ev, scope, b->body, key);
			free(key);
		}
		if (error < 0)
			return error;
	}
	return 0;
}

/* ---- programs ---------------------------------------------------------- */

/*
 * Runs argv in dir (NULL = here) without a shell, collecting its standard
 * output and error. *status is the exit status (-1 when it could not run).
 */
static int run_program(ut_buf *out, ut_buf *err, int *status,
		       char *const *argv, const char *dir)
{
	int po[2], pe[2], px[2];
	pid_t pid;
	char buf[4096];
	struct pollfd fds[2];
	int open_fds = 2, ws;
	ssize_t nr;

	*status = -1;
	if (pipe(po) < 0 || pipe(pe) < 0 || pipe(px) < 0)
		return ut_error_errno("pipe");
	fcntl(px[1], F_SETFD, FD_CLOEXEC);
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return ut_error_errno("fork");
	if (pid == 0) {
		int e;
		dup2(po[1], 1);
		dup2(pe[1], 2);
		close(po[0]);
		close(pe[0]);
		close(px[0]);
		if (dir && *dir && chdir(dir) < 0) {
			e = errno;
			if (write(px[1], &e, sizeof(e)) < 0)
				_exit(127);
			_exit(127);
		}
		execvp(argv[0], argv);
		e = errno;
		if (write(px[1], &e, sizeof(e)) < 0)
			_exit(127);
		_exit(127);
	}
	close(po[1]);
	close(pe[1]);
	close(px[1]);
	fds[0].fd = po[0];
	fds[1].fd = pe[0];
	fds[0].events = fds[1].events = POLLIN;
	while (open_fds > 0) {
		if (poll(fds, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (int k = 0; k < 2; k++) {
			if (fds[k].fd < 0 || !(fds[k].revents & (POLLIN | POLLHUP)))
				continue;
			nr = read(fds[k].fd, buf, sizeof(buf));
			if (nr > 0) {
				ut_buf_put(k ? err : out, buf, (size_t)nr);
			} else {
				close(fds[k].fd);
				fds[k].fd = -1;
				open_fds--;
			}
		}
	}
	{
		int e = 0;
		nr = read(px[0], &e, sizeof(e));
		close(px[0]);
		while (waitpid(pid, &ws, 0) < 0 && errno == EINTR)
			;
		if (nr == (ssize_t)sizeof(e)) {
			errno = e;
			return ut_error_errno("%s", argv[0]);
		}
	}
	*status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
	return 0;
}

/* ---- data sources ---------------------------------------------------------- */

typedef struct ds {
	cmd_project *p;
	const hcl_block *b;
} ds;

static int ds_attr(hcl_value **out, const hcl_attr **at, ds *d,
		   const char *name, bool required)
{
	const hcl_attr *a = hcl_body_attr(d->b->body, name);
	*out = NULL;
	if (at)
		*at = a;
	if (!a) {
		if (required)
			return hcl_error_at(d->b->body->file, d->b->off,
					    "data.%s.%s: missing attribute '%s'",
					    d->b->labels[0], d->b->labels[1], name);
		return 0;
	}
	return hcl_eval_expr(out, d->p->ev, NULL, a->expr);
}

static int ds_program(char ***argv, size_t *argc, char **wd, ds *d)
{
	hcl_value *v;
	const hcl_attr *a;
	bool list;
	int error;

	*argv = NULL;
	*wd = NULL;
	if ((error = ds_attr(&v, &a, d, "program", true)) < 0)
		return error;
	if ((error = value_strings(argv, argc, &list, d->p->ev, v, a)) < 0)
		return error;
	if (!list || *argc == 0)
		return hcl_error_at(hcl_expr_file(a->expr), hcl_expr_off(a->expr),
				    "data.%s.%s: program must be a non-empty list (an argv; no shell runs it)",
				    d->b->labels[0], d->b->labels[1]);
	*argv = ut_xrealloc(*argv, (*argc + 1) * sizeof(char *));
	(*argv)[*argc] = NULL;
	if ((error = ds_attr(&v, &a, d, "working_dir", false)) < 0)
		return error;
	if (v && hcl_value_text(d->p->ev, v))
		*wd = ut_path_join(d->p->dir, hcl_value_text(d->p->ev, v));
	else
		*wd = ut_xstrdup(d->p->dir);
	return 0;
}

static int ds_run(ut_buf *out, ds *d, const char **argv0_out)
{
	char **argv = NULL, *wd = NULL;
	size_t argc = 0;
	ut_buf err = UT_BUF_INIT;
	int status, error;

	if ((error = ds_program(&argv, &argc, &wd, d)) < 0)
		goto done;
	*argv0_out = ut_arena_strdup(hcl_eval_arena(d->p->ev), argv[0]);
	if ((error = run_program(out, &err, &status, argv, wd)) < 0) {
		error = ut_error_set(UT_ERROR, "data.%s.%s: running program %s: %s",
				     d->b->labels[0], d->b->labels[1], argv[0],
				     ut_error_last()->msg);
		goto done;
	}
	if (status != 0) {
		ut_buf_rtrim(&err);
		if (!err.len)
			ut_buf_printf(&err, "exit status %d", status);
		error = ut_error_set(UT_ERROR, "data.%s.%s: running program %s: %s",
				     d->b->labels[0], d->b->labels[1], argv[0],
				     err.ptr);
	}
done:
	ut_strlist_free(argv, argc);
	free(wd);
	ut_buf_release(&err);
	return error;
}

static int ensure_tmpdir(cmd_project *p)
{
	if (p->tmpdir)
		return 0;
	return ut_mkdtemp(&p->tmpdir, "strata-project");
}

static hcl_value *obj1(hcl_eval *ev, const char *k, hcl_value *v)
{
	hcl_value *o = hcl_val_object(ev, 1);
	o->keys[0] = k;
	o->items[0] = v;
	return o;
}

static int ds_external_schema(hcl_value **out, ds *d)
{
	ut_buf sql = UT_BUF_INIT;
	const char *argv0 = NULL;
	char *path = NULL, *url;
	int error;

	if ((error = ds_run(&sql, d, &argv0)) < 0)
		goto done;
	if ((error = ensure_tmpdir(d->p)) < 0)
		goto done;
	path = ut_xasprintf("%s/external_schema.%s.sql", d->p->tmpdir,
			    d->b->labels[1]);
	if ((error = ut_file_write_atomic(path, sql.ptr, sql.len)) < 0)
		goto done;
	{
		label l = { ut_xstrdup(path),
			    ut_xasprintf("data.external_schema.%s (the SQL printed by %s)",
					 d->b->labels[1], argv0) };
		ut_vec_push(&d->p->labels, l);
	}
	url = ut_xasprintf("file://%s", path);
	*out = obj1(d->p->ev, "url", hcl_val_string(d->p->ev, url));
	free(url);
done:
	free(path);
	ut_buf_release(&sql);
	return error;
}

static int ds_external(hcl_value **out, ds *d)
{
	ut_buf text = UT_BUF_INIT;
	const char *argv0;
	int error = ds_run(&text, d, &argv0);
	if (error == 0)
		*out = hcl_val_string(d->p->ev, text.ptr);
	ut_buf_release(&text);
	return error;
}

typedef struct rows {
	hcl_eval *ev;
	UT_VEC(hcl_value *) vals;
} rows;

static int sql_row(const char *const *vals, size_t n, void *payload)
{
	rows *r = payload;
	hcl_value *v = n && vals[0] ? hcl_val_string(r->ev, vals[0])
				    : hcl_val_null(r->ev);
	ut_vec_push(&r->vals, v);
	return 0;
}

static int ds_sql(hcl_value **out, ds *d)
{
	hcl_value *url, *query, *args;
	const hcl_attr *a;
	rows r = { d->p->ev, UT_VEC_INIT };
	char **params = NULL;
	size_t nparams = 0;
	bool list;
	dl_conn *c = NULL;
	int error;

	if ((error = ds_attr(&url, NULL, d, "url", true)) < 0 ||
	    (error = ds_attr(&query, NULL, d, "query", true)) < 0 ||
	    (error = ds_attr(&args, &a, d, "args", false)) < 0)
		return error;
	if (args && (error = value_strings(&params, &nparams, &list, d->p->ev,
					   args, a)) < 0)
		return error;
	if ((error = dl_open(&c, hcl_value_text(d->p->ev, url) ?
				      hcl_value_text(d->p->ev, url) : "")) < 0 ||
	    (error = c->drv->query(c, hcl_value_text(d->p->ev, query),
				   (const char *const *)params, nparams, sql_row,
				   &r)) < 0) {
		ut_error_wrap("data.sql.%s", d->b->labels[1]);
		goto done;
	}
	hcl_value *o = hcl_val_object(d->p->ev, 3), *l = hcl_val_list(d->p->ev, r.vals.len);
	for (size_t i = 0; i < r.vals.len; i++)
		l->items[i] = r.vals.items[i];
	o->keys[0] = "values";
	o->items[0] = l;
	o->keys[1] = "value";
	o->items[1] = r.vals.len ? r.vals.items[0] : hcl_val_null(d->p->ev);
	o->keys[2] = "count";
	o->items[2] = hcl_val_number(d->p->ev, (double)r.vals.len);
	*out = o;
done:
	dl_close(c);
	ut_strlist_free(params, nparams);
	ut_vec_release(&r.vals);
	return error;
}

static char *abs_path(const cmd_project *p, const char *path)
{
	char *cwd, *j, *r;
	if (path[0] == '/')
		return ut_xstrdup(path);
	j = ut_path_join(p->dir, path);
	if (j[0] == '/')
		return j;
	cwd = getcwd(NULL, 0);
	r = cwd ? ut_path_join(cwd, j) : ut_xstrdup(j);
	free(cwd);
	free(j);
	return r;
}

/* Forces every lazy value inside v (data sources used in vars). */
static int force_all(hcl_value **v, hcl_eval *ev)
{
	int error = hcl_value_force(v, ev);
	if (error == 0 && ((*v)->kind == HCL_V_LIST || (*v)->kind == HCL_V_OBJECT))
		for (size_t i = 0; i < (*v)->n && error == 0; i++)
			error = force_all(&(*v)->items[i], ev);
	return error;
}

/*
 * The vars of a data "hcl_schema" block, bound to url as typed inputs of
 * the documents' variables (sm_hcl_bind_inputs): "name=<HCL literal>".
 */
static int bind_schema_vars(ds *d, const char *url)
{
	UT_VEC(char *) in = UT_VEC_INIT;
	const hcl_attr *a;
	hcl_value *v;
	int error;

	if ((error = ds_attr(&v, &a, d, "vars", false)) < 0 || !v)
		return error;
	if ((error = force_all(&v, d->p->ev)) < 0)
		return error;
	if (v->kind != HCL_V_OBJECT)
		return hcl_error_at(hcl_expr_file(a->expr), hcl_expr_off(a->expr),
				    "data.%s.%s: vars must be an object ({ name = value }), got a %s",
				    d->b->labels[0], d->b->labels[1],
				    hcl_vkind_name(v->kind));
	for (size_t i = 0; i < v->n; i++) {
		ut_buf e = UT_BUF_INIT;
		ut_buf_printf(&e, "%s=", v->keys[i]);
		hcl_value_literal(&e, v->items[i]);
		ut_vec_push(&in, ut_buf_detach(&e));
	}
	sm_hcl_bind_inputs(url, (const char *const *)in.items, in.len);
	ut_strlist_free(in.items, in.len);
	return 0;
}

/* base + "?hcl_schema=<name>", the name percent-encoded. */
static char *url_with_label(const char *base, const char *name)
{
	ut_buf b = UT_BUF_INIT;

	ut_buf_printf(&b, "%s?hcl_schema=", base);
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~", *p))
			ut_buf_putc(&b, (char)*p);
		else
			ut_buf_printf(&b, "%%%02X", *p);
	}
	return ut_buf_detach(&b);
}

static int ds_hcl_schema(hcl_value **out, ds *d)
{
	hcl_value *v;
	const hcl_attr *a;
	char **paths = NULL, *url;
	size_t n = 0;
	bool list;
	int error;

	if ((error = ds_attr(&v, &a, d, "paths", false)) < 0)
		return error;
	if (!v && (error = ds_attr(&v, &a, d, "path", true)) < 0)
		return error;
	if ((error = value_strings(&paths, &n, &list, d->p->ev, v, a)) < 0)
		return error;
	if (n == 1) {
		char *ap = abs_path(d->p, paths[0]);
		url = ut_xasprintf("file://%s", ap);
		free(ap);
	} else {
		/* several files: gathered in one folder */
		char *dir;
		if ((error = ensure_tmpdir(d->p)) < 0)
			goto done;
		dir = ut_xasprintf("%s/hcl_schema.%s", d->p->tmpdir, d->b->labels[1]);
		ut_mkdir_p(dir);
		for (size_t i = 0; i < n && error == 0; i++) {
			char *src = abs_path(d->p, paths[i]);
			char *dst = ut_xasprintf("%s/%04zu_%s", dir, i, ut_path_base(src));
			ut_buf text = UT_BUF_INIT;
			error = ut_file_read(&text, src);
			if (error == 0)
				error = ut_file_write_atomic(dst, text.ptr, text.len);
			ut_buf_release(&text);
			free(src);
			free(dst);
		}
		url = ut_xasprintf("file://%s", dir);
		free(dir);
		if (error < 0) {
			free(url);
			goto done;
		}
	}
	/*
	 * With vars, the URL names this block (two blocks may read one file
	 * with different vars) and carries them to the reader.
	 */
	if (hcl_body_attr(d->b->body, "vars")) {
		char *named = url_with_label(url, d->b->labels[1]);
		free(url);
		url = named;
		if ((error = bind_schema_vars(d, url)) < 0) {
			free(url);
			goto done;
		}
	}
	*out = obj1(d->p->ev, "url", hcl_val_string(d->p->ev, url));
	free(url);
done:
	ut_strlist_free(paths, n);
	return error;
}

/* {{ .Name }} substitutions (a small subset of Go templates). */
static int render(ut_buf *out, const char *text, hcl_eval *ev, hcl_value *vars,
		  const char *file)
{
	const char *p = text;
	while (*p) {
		const char *o = strstr(p, "{{"), *c, *k;
		size_t kl;
		if (!o) {
			ut_buf_puts(out, p);
			break;
		}
		ut_buf_put(out, p, (size_t)(o - p));
		c = strstr(o, "}}");
		if (!c)
			return ut_error_set(UT_EPARSE, "%s: unterminated '{{'", file);
		k = o + 2;
		while (*k == ' ' || *k == '-')
			k++;
		if (*k != '.')
			return ut_error_set(UT_EPARSE,
					    "%s: only {{ .Name }} is supported in templates",
					    file);
		k++;
		kl = strcspn(k, " -}");
		char *name = ut_xstrndup(k, kl);
		hcl_value *v = hcl_value_get(ev, vars, name);
		const char *s = v ? hcl_value_text(ev, v) : NULL;
		if (!s) {
			int e = ut_error_set(UT_EPARSE, "%s: no template variable \"%s\"",
					     file, name);
			free(name);
			return e;
		}
		free(name);
		ut_buf_puts(out, s);
		p = c + 2;
	}
	return 0;
}

static int ds_template_dir(hcl_value **out, ds *d)
{
	hcl_value *pathv, *vars;
	const char *path;
	char *src = NULL, *dst = NULL, **names = NULL, *url;
	size_t n = 0;
	int error;

	if ((error = ds_attr(&pathv, NULL, d, "path", true)) < 0 ||
	    (error = ds_attr(&vars, NULL, d, "vars", false)) < 0)
		return error;
	path = hcl_value_text(d->p->ev, pathv);
	if (!path)
		return hcl_error_at(d->b->body->file, d->b->off,
				    "data.template_dir.%s: path must be a string",
				    d->b->labels[1]);
	if ((error = ensure_tmpdir(d->p)) < 0)
		return error;
	src = abs_path(d->p, path);
	dst = ut_xasprintf("%s/template_dir.%s", d->p->tmpdir, d->b->labels[1]);
	ut_mkdir_p(dst);
	if ((error = ut_dir_list(&names, &n, src)) < 0)
		goto done;
	for (size_t i = 0; i < n && error == 0; i++) {
		char *f = ut_path_join(src, names[i]), *t;
		ut_buf text = UT_BUF_INIT, r = UT_BUF_INIT;
		if (ut_path_is_dir(f)) {
			free(f);
			continue;
		}
		t = ut_path_join(dst, names[i]);
		error = ut_file_read(&text, f);
		if (error == 0)
			error = render(&r, text.ptr, d->p->ev, vars, f);
		if (error == 0)
			error = ut_file_write_atomic(t, r.ptr, r.len);
		ut_buf_release(&text);
		ut_buf_release(&r);
		free(f);
		free(t);
	}
	if (error < 0)
		goto done;
	url = ut_xasprintf("file://%s", dst);
	*out = obj1(d->p->ev, "url", hcl_val_string(d->p->ev, url));
	free(url);
done:
	ut_strlist_free(names, n);
	free(src);
	free(dst);
	return error;
}

static int ds_force(hcl_value **out, hcl_eval *ev, void *payload)
{
	ds *d = payload;
	const char *kind = d->b->labels[0];
	(void)ev;
	if (!strcmp(kind, "external_schema"))
		return ds_external_schema(out, d);
	if (!strcmp(kind, "external"))
		return ds_external(out, d);
	if (!strcmp(kind, "sql"))
		return ds_sql(out, d);
	if (!strcmp(kind, "hcl_schema"))
		return ds_hcl_schema(out, d);
	if (!strcmp(kind, "template_dir"))
		return ds_template_dir(out, d);
	return hcl_error_at(d->b->body->file, d->b->off,
			    "unsupported data source \"%s\"", kind);
}

/* ---- loading ------------------------------------------------------------- */

static int var_value(hcl_value **out, cmd_project *p, const hcl_block *b,
		     char *const *given, size_t ngiven)
{
	const hcl_attr *ta = hcl_body_attr(b->body, "type");
	const char *type = ta ? hcl_expr_word(ta->expr) : NULL;
	const hcl_attr *sa = hcl_body_attr(b->body, "sensitive");
	hcl_value *sv = NULL;
	int error;

	bool sensitive = false;

	if (!type)
		type = "string";
	if (sa && (error = hcl_eval_expr(&sv, p->ev, NULL, sa->expr)) < 0)
		return error;
	sensitive = sv && sv->kind == HCL_V_BOOL && sv->b;
	if (ngiven == 0) {
		const hcl_attr *d = hcl_body_attr(b->body, "default");
		if (!d)
			return hcl_error_at(b->body->file, b->off,
					    "missing value for variable \"%s\" (give it with --var %s=...)",
					    b->labels[0], b->labels[0]);
		if ((error = hcl_eval_expr(out, p->ev, NULL, d->expr)) < 0)
			return error;
	} else if (!strcmp(type, "list") || !strcmp(type, "set") ||
		   !strcmp(type, "tuple")) {
		*out = hcl_val_list(p->ev, ngiven);
		for (size_t i = 0; i < ngiven; i++)
			(*out)->items[i] = hcl_val_string(p->ev, given[i]);
	} else if (!strcmp(type, "number")) {
		char *end;
		double d = strtod(given[ngiven - 1], &end);
		if (!*given[ngiven - 1] || *end)
			return ut_error_set(UT_EUSAGE,
					    "--var %s: \"%s\" is not a number",
					    b->labels[0],
					    sensitive ? "(sensitive value)"
						      : given[ngiven - 1]);
		*out = hcl_val_number(p->ev, d);
	} else if (!strcmp(type, "bool")) {
		const char *s = given[ngiven - 1];
		if (strcmp(s, "true") && strcmp(s, "false"))
			return ut_error_set(UT_EUSAGE,
					    "--var %s: a bool is true or false",
					    b->labels[0]);
		*out = hcl_val_bool(p->ev, !strcmp(s, "true"));
	} else {
		*out = hcl_val_string(p->ev, given[ngiven - 1]);
	}
	if (sensitive) {
		/* a copy, so that the literal of a default is not marked */
		hcl_value *c = hcl_val_null(p->ev);
		*c = **out;
		c->sensitive = true;
		*out = c;
	}
	return 0;
}

typedef UT_VEC(const hcl_block *) block_vec;

static int setup_scope(cmd_project *p, char *const *vars, size_t nvars)
{
	block_vec varb = UT_VEC_INIT, datab = UT_VEC_INIT;
	UT_VEC(const hcl_attr *) locals = UT_VEC_INIT;
	const hcl_body *body = p->file->body;
	hcl_value *var, *local, *data, *atlas;
	int error = 0;

	for (size_t i = 0; i < body->n; i++) {
		const hcl_block *b = body->items[i].block;
		if (!b)
			continue;
		if (!strcmp(b->type, "variable") && b->nlabels == 1)
			ut_vec_push(&varb, b);
		else if (!strcmp(b->type, "data") && b->nlabels == 2)
			ut_vec_push(&datab, b);
		else if (!strcmp(b->type, "locals"))
			for (size_t k = 0; k < b->body->n; k++)
				if (b->body->items[k].attr)
					ut_vec_push(&locals, b->body->items[k].attr);
	}
	/* --var k=v for undeclared k is an error, as in Atlas */
	for (size_t k = 0; k < nvars; k++) {
		size_t kl = strcspn(vars[k], "=");
		bool found = false;
		if (!vars[k][kl]) {
			error = ut_error_set(UT_EUSAGE,
					     "--var '%s': expected KEY=VALUE", vars[k]);
			goto done;
		}
		for (size_t i = 0; i < varb.len && !found; i++)
			found = strlen(varb.items[i]->labels[0]) == kl &&
				!strncmp(varb.items[i]->labels[0], vars[k], kl);
		if (!found) {
			error = ut_error_set(UT_EUSAGE,
					     "--var '%.*s': no variable \"%.*s\" is declared in '%s'",
					     (int)kl, vars[k], (int)kl, vars[k], p->path);
			goto done;
		}
	}
	atlas = obj1(p->ev, "env", hcl_val_string(p->ev, p->env ? p->env : ""));
	hcl_scope_set(hcl_eval_root(p->ev), "atlas", atlas);
	var = hcl_val_object(p->ev, varb.len);
	hcl_scope_set(hcl_eval_root(p->ev), "var", var);
	local = hcl_val_object(p->ev, locals.len);
	for (size_t i = 0; i < locals.len; i++) {
		local->keys[i] = locals.items[i]->name;
		local->items[i] = hcl_val_lazy_expr(
			p->ev,
			ut_arena_printf(hcl_eval_arena(p->ev), "local.%s",
					locals.items[i]->name),
			locals.items[i]->expr, NULL);
	}
	hcl_scope_set(hcl_eval_root(p->ev), "local", local);
	/* data.<kind>.<name>: objects of lazy values */
	data = hcl_val_object(p->ev, 0);
	for (size_t i = 0; i < datab.len; i++) {
		const hcl_block *b = datab.items[i];
		hcl_value *kind = hcl_value_get(p->ev, data, b->labels[0]);
		ds *d = ut_xcalloc(1, sizeof(*d));
		d->p = p;
		d->b = b;
		ut_vec_push(&p->payloads, d);
		if (!kind) {
			hcl_value *nd = hcl_val_object(p->ev, data->n + 1);
			for (size_t k = 0; k < data->n; k++) {
				nd->keys[k] = data->keys[k];
				nd->items[k] = data->items[k];
			}
			kind = hcl_val_object(p->ev, 0);
			nd->keys[data->n] = b->labels[0];
			nd->items[data->n] = kind;
			data = nd;
		}
		hcl_value **items = ut_arena_alloc(hcl_eval_arena(p->ev),
						   (kind->n + 1) * sizeof(hcl_value *));
		const char **keys = ut_arena_alloc(hcl_eval_arena(p->ev),
						   (kind->n + 1) * sizeof(char *));
		if (kind->n) {
			memcpy(items, kind->items, kind->n * sizeof(hcl_value *));
			memcpy(keys, kind->keys, kind->n * sizeof(char *));
		}
		keys[kind->n] = b->labels[1];
		items[kind->n] = hcl_val_lazy_fn(
			p->ev,
			ut_arena_printf(hcl_eval_arena(p->ev), "data.%s.%s",
					b->labels[0], b->labels[1]),
			ds_force, d);
		kind->items = items;
		kind->keys = keys;
		kind->n++;
	}
	hcl_scope_set(hcl_eval_root(p->ev), "data", data);
	for (size_t i = 0; i < varb.len; i++) {
		const hcl_block *b = varb.items[i];
		UT_VEC(char *) given = UT_VEC_INIT;
		size_t ln = strlen(b->labels[0]);
		for (size_t k = 0; k < nvars; k++)
			if (!strncmp(vars[k], b->labels[0], ln) && vars[k][ln] == '=')
				ut_vec_push(&given, vars[k] + ln + 1);
		var->keys[i] = b->labels[0];
		error = var_value(&var->items[i], p, b, given.items, given.len);
		ut_vec_release(&given);
		if (error < 0)
			goto done;
	}
done:
	ut_vec_release(&varb);
	ut_vec_release(&datab);
	ut_vec_release(&locals);
	return error;
}

/* Env blocks named name: labelled ones win over `name = atlas.env` ones. */
static int find_envs(block_vec *out, cmd_project *p)
{
	const hcl_body *body = p->file->body;
	UT_VEC(const char *) known = UT_VEC_INIT;
	int error = 0;

	for (size_t i = 0; i < body->n; i++) {
		const hcl_block *b = body->items[i].block;
		if (b && !strcmp(b->type, "env") && b->nlabels == 1) {
			ut_vec_push(&known, b->labels[0]);
			if (!strcmp(b->labels[0], p->env))
				ut_vec_push(out, b);
		}
	}
	for (size_t i = 0; i < body->n && out->len == 0; i++) {
		const hcl_block *b = body->items[i].block;
		const hcl_attr *a;
		hcl_value *v;
		if (!b || strcmp(b->type, "env") || b->nlabels)
			continue;
		if (!(a = hcl_body_attr(b->body, "name")))
			continue;
		if ((error = hcl_eval_expr(&v, p->ev, NULL, a->expr)) < 0)
			goto done;
		if (hcl_value_text(p->ev, v) && !strcmp(hcl_value_text(p->ev, v), p->env))
			ut_vec_push(out, b);
	}
	if (out->len == 0) {
		ut_buf names = UT_BUF_INIT;
		for (size_t i = 0; i < known.len; i++)
			ut_buf_printf(&names, "%s\"%s\"", i ? ", " : "", known.items[i]);
		error = ut_error_set(UT_EUSAGE, "env \"%s\" not defined in project file '%s'",
				     p->env, p->path);
		if (known.len)
			ut_error_hint("known envs: %s", names.ptr);
		else
			ut_error_hint("the project file defines no env block");
		ut_buf_release(&names);
	}
done:
	ut_vec_release(&known);
	return error;
}

static int build_targets(cmd_project *p, const block_vec *envs)
{
	const hcl_body *body = p->file->body;
	int error = 0;

	for (size_t e = 0; e < envs->len; e++) {
		const hcl_block *b = envs->items[e];
		hcl_value **keys, **vals;
		size_t n;
		bool has;
		if ((error = hcl_for_each(&keys, &vals, &n, &has, p->ev, NULL, b)) < 0)
			return error;
		for (size_t k = 0; k < n; k++) {
			target t = { 0 };
			hcl_scope sc;
			hcl_scope_init(&sc, hcl_eval_root(p->ev));
			if (has) {
				hcl_value *each = hcl_val_object(p->ev, 2);
				const char *ks = hcl_value_text(p->ev, keys[k]);
				each->keys[0] = "key";
				each->items[0] = keys[k];
				each->keys[1] = "value";
				each->items[1] = vals[k];
				hcl_scope_set(&sc, "each", each);
				t.key = ut_xstrdup(ks ? ks : "?");
			}
			error = flatten(&t, p->ev, &sc, b->body, "");
			/* global lint {} and diff {}, field by field */
			for (size_t i = 0; i < body->n && error == 0; i++) {
				const hcl_block *g = body->items[i].block;
				target gt = { 0 };
				if (!g || (strcmp(g->type, "lint") && strcmp(g->type, "diff")))
					continue;
				{
					src_pos pos = { body->file, g->off };
					target_add_block(&gt, g->type, pos);
				}
				error = flatten(&gt, p->ev, &sc, g->body, g->type);
				for (size_t a = 0; a < gt.attrs.len && error == 0; a++) {
					kv *x = &gt.attrs.items[a];
					if (!target_find(&t, x->key))
						target_put(&t, x->key, x);
				}
				for (size_t a = 0; a < gt.blocks.len && error == 0;
				     a++) {
					const blk *gb = &gt.blocks.items[a];
					if (!target_has_block(&t, gb->key))
						target_add_block(&t, gb->key,
								 gb->pos);
				}
				target_release(&gt);
			}
			hcl_scope_release(&sc);
			ut_vec_push(&p->targets, t);
			if (error < 0)
				return error;
		}
	}
	return 0;
}

void cmd_project_free(cmd_project *p)
{
	if (!p)
		return;
	sm_hcl_set_inputs(NULL, 0);
	sm_hcl_bind_inputs(NULL, NULL, 0);
	for (size_t i = 0; i < p->targets.len; i++)
		target_release(&p->targets.items[i]);
	ut_vec_release(&p->targets);
	for (size_t i = 0; i < p->labels.len; i++) {
		free(p->labels.items[i].path);
		free(p->labels.items[i].text);
	}
	ut_vec_release(&p->labels);
	for (size_t i = 0; i < p->payloads.len; i++)
		free(p->payloads.items[i]);
	ut_vec_release(&p->payloads);
	ut_vec_release(&p->lint_errors);
	if (p->tmpdir)
		ut_rm_rf(p->tmpdir);
	free(p->tmpdir);
	hcl_eval_free(p->ev);
	hcl_file_free(p->file);
	free(p->path);
	free(p->dir);
	free(p->env);
	free(p);
}

size_t cmd_project_ntargets(const cmd_project *p)
{
	return p ? p->targets.len : 0;
}

char *cmd_project_explain(const cmd_project *p, const char *msg)
{
	char *cur = NULL;
	for (size_t i = 0; p && i < p->labels.len; i++) {
		const char *m = cur ? cur : msg;
		if (!strstr(m, p->labels.items[i].path))
			continue;
		char *n = ut_str_replace(m, p->labels.items[i].path,
					 p->labels.items[i].text);
		free(cur);
		cur = n;
	}
	return cur;
}

/* ---- filling options ------------------------------------------------------ */

static const struct fill {
	const char *attr;
	const char *opt;
	const char *only; /* command path, NULL = every command */
} fills[] = {
	{ "url", "url", NULL },
	{ "dev", "dev-url", NULL },
	{ "src", "to", "migrate diff" },
	{ "src", "to", "schema apply" },
	{ "schema.src", "to", "migrate diff" },
	{ "schema.src", "to", "schema apply" },
	{ "schemas", "schema", NULL },
	{ "exclude", "exclude", NULL },
	{ "migration.dir", "dir", NULL },
	{ "migration.format", "dir-format", NULL },
	{ "migration.baseline", "baseline", NULL },
	{ "migration.exec_order", "exec-order", "migrate apply" },
	{ "migration.lock_timeout", "lock-timeout", NULL },
	{ "migration.revisions_schema", "revisions-schema", NULL },
	{ "lint.latest", "latest", "migrate lint" },
	{ "lint.git.base", "git-base", "migrate lint" },
	{ "lint.git.dir", "git-dir", "migrate lint" },
	{ "lint.format", "format", "migrate lint" },
	{ "lint.log", "format", "migrate lint" },
};

static bool has_opt(const cmd_ctx *ctx, const char *name)
{
	for (size_t i = 0; i < ctx->nvals; i++)
		if (!strcmp(ctx->vals[i].opt->name, name))
			return true;
	return false;
}

/* Relative file:// paths of the project are relative to its folder. */
static char *abs_file_url(const cmd_project *p, const char *v)
{
	if (!ut_str_prefix(v, "file://") || v[7] == '/')
		return ut_xstrdup(v);
	char *ap = abs_path(p, v + 7), *r = ut_xasprintf("file://%s", ap);
	free(ap);
	return r;
}

static void fill_from(cmd_ctx *ctx, const cmd_project *p, const target *t)
{
	char *fmt_key = ut_xasprintf("format.%s", ctx->path);

	for (char *c = fmt_key; *c; c++)
		if (*c == ' ')
			*c = '.';
	for (size_t i = 0; i < sizeof(fills) / sizeof(fills[0]); i++) {
		const struct fill *f = &fills[i];
		kv *e = target_find(t, f->attr);
		if (!e || (f->only && strcmp(f->only, ctx->path)) ||
		    !has_opt(ctx, f->opt) || cmd_isset(ctx, f->opt))
			continue;
		cmd_set(ctx, f->opt, NULL);
		for (size_t k = 0; k < e->n; k++) {
			char *v = abs_file_url(p, e->vals[k]);
			if (!strcmp(f->attr, "migration.exec_order"))
				for (char *c = v; *c; c++)
					*c = *c == '_' ? '-'
						       : (char)(*c >= 'A' && *c <= 'Z'
								? *c - 'A' + 'a' : *c);
			cmd_add(ctx, f->opt, v);
			free(v);
		}
	}
	{
		kv *e = target_find(t, fmt_key);
		if (e && e->n && has_opt(ctx, "format") && !cmd_isset(ctx, "format"))
			cmd_set(ctx, "format", e->vals[0]);
	}
	free(fmt_key);
}

/* Replaces env://<attr> values of every option with the env's value. */
static int resolve_env_refs(cmd_ctx *ctx, const cmd_project *p,
			    const target *t)
{
	for (size_t i = 0; i < ctx->nvals; i++) {
		cmd_val *v = &ctx->vals[i];
		for (size_t k = 0; k < v->n; k++) {
			const char *key;
			kv *e;
			if (!ut_str_prefix(v->values[k], "env://"))
				continue;
			key = v->values[k] + strlen("env://");
			if (!p)
				return ut_error_set(UT_EUSAGE,
						    "cannot resolve '%s': select an env with --env",
						    v->values[k]);
			e = target_find(t, key);
			if (!e && !strcmp(key, "src"))
				e = target_find(t, "schema.src");
			if (!e && !strcmp(key, "schema.src"))
				e = target_find(t, "src");
			if (!e || e->n == 0) {
				ut_error_set(UT_EUSAGE,
					     "cannot resolve '%s': env \"%s\" has no attribute \"%s\"",
					     v->values[k], p->env, key);
				return UT_EUSAGE;
			}
			if (e->n > 1 && v->opt->kind != CMD_OPT_LIST)
				return ut_error_set(UT_EUSAGE,
						    "cannot use '%s' in --%s: it has %zu values",
						    v->values[k], v->opt->name, e->n);
			for (size_t j = 0; j < e->n; j++)
				if (ut_str_prefix(e->vals[j], "env://"))
					return ut_error_set(UT_EUSAGE,
							    "env attribute \"%s\" cannot itself be an env:// reference",
							    key);
			/* splice the values in place of the reference */
			size_t nn = v->n - 1 + e->n;
			char **vals = ut_xcalloc(nn, sizeof(char *));
			size_t w = 0;
			for (size_t j = 0; j < k; j++)
				vals[w++] = v->values[j];
			for (size_t j = 0; j < e->n; j++)
				vals[w++] = abs_file_url(p, e->vals[j]);
			for (size_t j = k + 1; j < v->n; j++)
				vals[w++] = v->values[j];
			free(v->values[k]);
			free(v->values);
			v->values = vals;
			v->n = nn;
			k += e->n - 1;
		}
	}
	return 0;
}

static int load(cmd_project **out, cmd_ctx *ctx)
{
	const char *config = cmd_get(ctx, "config");
	cmd_project *p = ut_xcalloc(1, sizeof(*p));
	block_vec envs = UT_VEC_INIT;
	char *const *vars;
	size_t nvars;
	int error;

	*out = NULL;
	if (!config)
		config = "file://atlas.hcl";
	if (!ut_str_prefix(config, "file://")) {
		error = ut_error_set(UT_EUSAGE,
				     "project file '%s': only the file:// scheme is supported",
				     config);
		goto done;
	}
	p->path = ut_xstrdup(config + strlen("file://"));
	p->env = ut_xstrdup(cmd_get(ctx, "env"));
	{
		const char *slash = strrchr(p->path, '/');
		p->dir = slash ? ut_xstrndup(p->path, (size_t)(slash - p->path + 1))
			       : ut_xstrdup(".");
	}
	if (!ut_path_exists(p->path)) {
		error = ut_error_set(UT_ENOTFOUND, "project file '%s' not found",
				     p->path);
		ut_error_hint("create atlas.hcl or name it with -c file://path/to/atlas.hcl");
		goto done;
	}
	if ((error = hcl_parse_file(&p->file, p->path)) < 0)
		goto done;
	p->ev = hcl_eval_new(false);
	hcl_eval_set_dir(p->ev, p->dir);
	vars = cmd_list(ctx, "var", &nvars);
	if ((error = setup_scope(p, vars, nvars)) < 0)
		goto done;
	if ((error = find_envs(&envs, p)) < 0)
		goto done;
	if ((error = build_targets(p, &envs)) < 0)
		goto done;
	*out = p;
	p = NULL;
done:
	ut_vec_release(&envs);
	cmd_project_free(p);
	return error;
}

/*
 * HCL schema files read for this env see its scalar attributes and the
 * --var values (these last) as inputs of their variables.
 */
static void set_schema_inputs(cmd_ctx *ctx, const target *t)
{
	UT_VEC(char *) in = UT_VEC_INIT;
	char *const *vars;
	size_t nvars;

	for (size_t i = 0; i < t->attrs.len; i++) {
		const kv *e = &t->attrs.items[i];
		if (e->n == 1 && !e->list && !strchr(e->key, '.'))
			ut_vec_push(&in, ut_xasprintf("%s=%s", e->key, e->vals[0]));
	}
	vars = cmd_list(ctx, "var", &nvars);
	for (size_t i = 0; i < nvars; i++)
		ut_vec_push(&in, ut_xstrdup(vars[i]));
	sm_hcl_set_inputs((const char *const *)in.items, in.len);
	ut_strlist_free(in.items, in.len);
}

int cmd_project_setup(cmd_ctx *ctx)
{
	cmd_project *p = NULL;
	static const target none = { 0 };
	int error;

	ctx->project = NULL;
	if (!cmd_get(ctx, "env")) {
		if (cmd_isset(ctx, "config")) {
			ut_error_set(UT_EUSAGE, "-c/--config needs --env to select an env of the project file");
			return cmd_fail(ctx);
		}
		if (resolve_env_refs(ctx, NULL, &none) < 0)
			return cmd_fail(ctx);
		set_schema_inputs(ctx, &none);
		return 0;
	}
	if ((error = load(&p, ctx)) < 0)
		return cmd_fail(ctx);
	ctx->project = p;
	if (p->targets.len == 0) {
		ut_error_set(UT_EUSAGE, "env \"%s\" has no instances (its for_each is empty)",
			     p->env);
		return cmd_fail(ctx);
	}
	fill_from(ctx, p, &p->targets.items[0]);
	if (resolve_env_refs(ctx, p, &p->targets.items[0]) < 0)
		return cmd_fail(ctx);
	set_schema_inputs(ctx, &p->targets.items[0]);
	return 0;
}

static bool attr_true(const target *t, const char *key)
{
	kv *e = target_find(t, key);
	return e && e->n && strcmp(e->vals[0], "true") == 0;
}

void cmd_project_diff_policy(const cmd_ctx *ctx, sm_diff_opts *d,
			     dl_plan_opts *po)
{
	const cmd_project *p = ctx->project;
	const target *t;

	if (!p || !p->targets.len)
		return;
	t = &p->targets.items[0];
	if (d) {
		d->skip_drop_schema |= attr_true(t, "diff.skip.drop_schema");
		d->skip_drop_table |= attr_true(t, "diff.skip.drop_table");
		d->skip_drop_column |= attr_true(t, "diff.skip.drop_column");
		d->skip_drop_index |= attr_true(t, "diff.skip.drop_index");
		d->skip_drop_fk |= attr_true(t, "diff.skip.drop_foreign_key");
		d->skip_add_schema |= attr_true(t, "diff.skip.add_schema");
	}
	if (po) {
		po->concurrent_index_create |=
			attr_true(t, "diff.concurrent_index.create");
		po->concurrent_index_drop |=
			attr_true(t, "diff.concurrent_index.drop");
	}
}

/* ---- lint policy ------------------------------------------------------------ */

static const char *const naming_resources[] = {
	"schema", "table", "column", "index", "foreign_key", "check",
};

/* Whether name is an analyzer a lint {} block may configure. */
static bool lint_analyzer(const char *name)
{
	if (!strcmp(name, "non_linear"))
		return true;
	for (size_t i = 0; i < lt_nanalyzers; i++)
		if (!strcmp(lt_analyzers[i].name, name))
			return true;
	return false;
}

static bool naming_resource(const char *name)
{
	for (size_t i = 0; i < UT_ARRAY_SIZE(naming_resources); i++)
		if (!strcmp(naming_resources[i], name))
			return true;
	return false;
}

/* The value as a bool: true/false, or the strings "true"/"false". */
static int lint_bool(bool *out, const kv *e)
{
	if (e->n == 1 && !e->list && !e->word &&
	    (e->kind == HCL_V_BOOL || e->kind == HCL_V_STRING) &&
	    (!strcmp(e->vals[0], "true") || !strcmp(e->vals[0], "false"))) {
		*out = !strcmp(e->vals[0], "true");
		return 0;
	}
	return hcl_error_at(e->val.file, e->val.off,
			    "%s: expected a bool (true or false), got %s%s%s%s",
			    e->key,
			    e->list ? "a list"
			    : e->word ? "the word"
				      : hcl_vkind_name(e->kind),
			    e->n == 1 && !e->list ? " \"" : "",
			    e->n == 1 && !e->list ? e->vals[0] : "",
			    e->n == 1 && !e->list ? "\"" : "");
}

static int lint_string(const char **out, const kv *e)
{
	if (e->n == 1 && !e->list && !e->word && e->kind == HCL_V_STRING) {
		*out = e->vals[0];
		return 0;
	}
	return hcl_error_at(e->val.file, e->val.off,
			    "%s: expected a string, got %s", e->key,
			    e->list ? "a list"
			    : e->word ? "a bare word"
				      : hcl_vkind_name(e->kind));
}

static int lint_regex(const char **out, const kv *e)
{
	regex_t re;
	int rc, error;

	if ((error = lint_string(out, e)) < 0)
		return error;
	rc = regcomp(&re, *out, REG_EXTENDED | REG_NOSUB);
	if (rc != 0) {
		char msg[256];
		regerror(rc, &re, msg, sizeof(msg));
		for (char *c = msg; *c; c++)
			if (*c >= 'A' && *c <= 'Z')
				*c = (char)(*c - 'A' + 'a');
		return hcl_error_at(e->val.file, e->val.off,
				    "%s: invalid regular expression \"%s\": %s",
				    e->key, *out, msg);
	}
	regfree(&re);
	return 0;
}

static lt_naming_rule *naming_rule(lt_naming *n, const char *res)
{
	if (!strcmp(res, "schema"))
		return &n->schema;
	if (!strcmp(res, "table"))
		return &n->table;
	if (!strcmp(res, "column"))
		return &n->column;
	if (!strcmp(res, "index"))
		return &n->index;
	if (!strcmp(res, "foreign_key"))
		return &n->fk;
	return &n->check;
}

/* Blocks of lint {}: analyzers, git, naming resources. */
static int lint_blocks(const target *t)
{
	for (size_t i = 0; i < t->blocks.len; i++) {
		const blk *b = &t->blocks.items[i];
		const char *rest;
		char *first;
		int error = 0;

		if (!ut_str_prefix(b->key, "lint."))
			continue;
		rest = b->key + strlen("lint.");
		first = ut_xstrndup(rest, strcspn(rest, "."));
		rest += strlen(first);
		if (!*rest) {
			if (strcmp(first, "git") && !lint_analyzer(first)) {
				ut_buf names = UT_BUF_INIT;
				for (size_t k = 0; k < lt_nanalyzers; k++)
					ut_buf_printf(&names, "%s, ",
						      lt_analyzers[k].name);
				error = hcl_error_at(b->pos.file, b->pos.off,
						     "unknown lint analyzer \"%s\"",
						     first);
				ut_error_hint("analyzers: %snon_linear",
					      names.ptr);
				ut_buf_release(&names);
			}
		} else if (!strcmp(first, "naming") && !strchr(rest + 1, '.')) {
			if (!naming_resource(rest + 1))
				error = hcl_error_at(b->pos.file, b->pos.off,
						     "unknown naming resource \"%s\" (expected schema, table, column, index, foreign_key or check)",
						     rest + 1);
		} else if (lint_analyzer(first) || !strcmp(first, "git")) {
			const char *last = strrchr(b->key, '.') + 1;
			error = hcl_error_at(b->pos.file, b->pos.off,
					     "unexpected block \"%s\" in %.*s",
					     last, (int)(last - 1 - b->key),
					     b->key);
		}
		free(first);
		if (error < 0)
			return error;
	}
	return 0;
}

static int lint_attr(cmd_project *p, lt_config *cfg, const kv *e)
{
	const char *rest = e->key + strlen("lint."), *dot = strchr(rest, '.');
	char *an;
	const char *attr;
	bool b = false;
	int error = 0;

	if (!dot) {
		if (!strcmp(rest, "latest") || !strcmp(rest, "format") ||
		    !strcmp(rest, "log"))
			return 0;
		if (!strcmp(rest, "review")) {
			/* Atlas Cloud's review policy: checked, no use offline */
			if (e->n == 1 && !e->list &&
			    (!strcmp(e->vals[0], "ERROR") ||
			     !strcmp(e->vals[0], "WARNING") ||
			     !strcmp(e->vals[0], "ALWAYS")))
				return 0;
			return hcl_error_at(e->val.file, e->val.off,
					    "lint.review: expected ERROR, WARNING or ALWAYS");
		}
		return hcl_error_at(e->name.file, e->name.off,
				    "unknown attribute \"%s\" in lint block",
				    rest);
	}
	an = ut_xstrndup(rest, (size_t)(dot - rest));
	attr = dot + 1;
	if (!strcmp(an, "git")) {
		if (strcmp(attr, "base") && strcmp(attr, "dir"))
			error = hcl_error_at(e->name.file, e->name.off,
					     "unknown attribute \"%s\" in lint.git block",
					     attr);
	} else if (!lint_analyzer(an)) {
		/* reported at the block by lint_blocks */
	} else if (!strcmp(attr, "error")) {
		if ((error = lint_bool(&b, e)) < 0)
			goto done;
		if (!strcmp(an, "non_linear")) {
			cfg->non_linear_error = b;
		} else {
			lt_error_override o = { NULL, b };
			for (size_t i = 0; i < lt_nanalyzers; i++)
				if (!strcmp(lt_analyzers[i].name, an))
					o.analyzer = lt_analyzers[i].name;
			ut_vec_push(&p->lint_errors, o);
		}
	} else if (!strcmp(an, "concurrent_index") &&
		   (!strcmp(attr, "check_create") ||
		    !strcmp(attr, "check_drop") ||
		    !strcmp(attr, "check_txmode"))) {
		if ((error = lint_bool(&b, e)) < 0)
			goto done;
		if (!strcmp(attr, "check_create"))
			cfg->no_check_create = !b;
		else if (!strcmp(attr, "check_drop"))
			cfg->no_check_drop = !b;
		else
			cfg->no_check_txmode = !b;
	} else if (!strcmp(an, "naming")) {
		const char *sub = strchr(attr, '.');
		lt_naming_rule *r = &cfg->naming.all;
		char *res = NULL;
		cfg->naming.enabled = true;
		if (sub) {
			res = ut_xstrndup(attr, (size_t)(sub - attr));
			attr = sub + 1;
			if (!naming_resource(res) || strchr(attr, '.')) {
				free(res);
				goto done; /* reported at the block */
			}
			r = naming_rule(&cfg->naming, res);
		}
		if (!strcmp(attr, "match"))
			error = lint_regex(&r->match, e);
		else if (!strcmp(attr, "message"))
			error = lint_string(&r->message, e);
		else
			error = hcl_error_at(e->name.file, e->name.off,
					     "unknown attribute \"%s\" in lint.naming%s%s block",
					     attr, res ? "." : "",
					     res ? res : "");
		free(res);
	} else if (!strchr(attr, '.')) {
		error = hcl_error_at(e->name.file, e->name.off,
				     "unknown attribute \"%s\" in lint.%s block",
				     attr, an);
	}
done:
	free(an);
	return error;
}

int cmd_project_lint_config(const cmd_ctx *ctx, lt_config *cfg)
{
	cmd_project *p = ctx->project;
	const target *t;
	int error;

	if (!p || !p->targets.len)
		return 0;
	t = &p->targets.items[0];
	p->lint_errors.len = 0;
	if ((error = lint_blocks(t)) < 0)
		return error;
	if (target_has_block(t, "lint.naming"))
		cfg->naming.enabled = true;
	for (size_t i = 0; i < t->attrs.len; i++) {
		const kv *e = &t->attrs.items[i];
		if (ut_str_prefix(e->key, "lint.") &&
		    (error = lint_attr(p, cfg, e)) < 0)
			return error;
	}
	cfg->errors = p->lint_errors.items;
	cfg->nerrors = p->lint_errors.len;
	return 0;
}

/* ---- fan-out ---------------------------------------------------------------- */

typedef struct run {
	pid_t pid;
	char *out_path, *err_path;
	int rc;
	bool started, done;
} run;

/* "Migrating to version X from Y" / "No migration files to execute". */
static void versions(const char *out, char **from, char **to)
{
	const char *m = strstr(out, "Migrating to version ");
	*from = *to = NULL;
	if (m) {
		m += strlen("Migrating to version ");
		*to = ut_xstrndup(m, strcspn(m, " \n("));
		const char *f = strstr(m, " from ");
		const char *nl = strchr(m, '\n');
		if (f && (!nl || f < nl))
			*from = ut_xstrndup(f + 6, strcspn(f + 6, " \n("));
	}
}

static void last_line(char *dst, size_t n, const char *text)
{
	size_t len = strlen(text);
	while (len && (text[len - 1] == '\n' || text[len - 1] == ' '))
		len--;
	size_t s = len;
	while (s && text[s - 1] != '\n')
		s--;
	snprintf(dst, n, "%.*s", (int)(len - s), text + s);
}

int cmd_project_fanout(cmd_ctx *ctx)
{
	cmd_project *p = ctx->project;
	size_t n = p->targets.len, next = 0, running = 0, failed = 0;
	int64_t conc = 4;
	run *runs = ut_xcalloc(n, sizeof(*runs));
	char *dir = NULL;
	int rc = 0;

	if (cmd_get(ctx, "concurrency") &&
	    (ut_str_to_i64(&conc, cmd_get(ctx, "concurrency")) < 0 || conc < 1)) {
		free(runs);
		return cmd_usage_error(ctx, "--concurrency must be a positive number");
	}
	if (ut_mkdtemp(&dir, "strata-fanout") < 0) {
		free(runs);
		return cmd_fail(ctx);
	}
	fflush(NULL);
	while (next < n || running > 0) {
		while (next < n && running < (size_t)conc) {
			run *r = &runs[next];
			r->out_path = ut_xasprintf("%s/%zu.out", dir, next);
			r->err_path = ut_xasprintf("%s/%zu.err", dir, next);
			r->pid = fork();
			if (r->pid == 0) {
				/* the child: this tenant only, its own connections */
				FILE *o = fopen(r->out_path, "w"),
				     *e = fopen(r->err_path, "w");
				int crc;
				if (!o || !e)
					_exit(1);
				ctx->out = o;
				ctx->err = e;
				fill_from(ctx, p, &p->targets.items[next]);
				if (resolve_env_refs(ctx, p, &p->targets.items[next]) < 0) {
					crc = cmd_fail(ctx);
				} else {
					set_schema_inputs(ctx, &p->targets.items[next]);
					crc = ctx->spec->fn(ctx);
				}
				fflush(o);
				fflush(e);
				_exit(crc);
			}
			if (r->pid < 0) {
				r->rc = CMD_EXIT_FAILED;
				r->done = true;
			} else {
				r->started = true;
				running++;
			}
			next++;
		}
		int ws;
		pid_t pid = wait(&ws);
		if (pid < 0)
			break;
		for (size_t i = 0; i < n; i++)
			if (runs[i].started && !runs[i].done && runs[i].pid == pid) {
				runs[i].done = true;
				runs[i].rc = WIFEXITED(ws) ? WEXITSTATUS(ws) : CMD_EXIT_FAILED;
				running--;
			}
	}
	/* each tenant's report, then the summary */
	size_t wt = strlen("TENANT"), wf = strlen("FROM"), wto = strlen("TO");
	char **from = ut_xcalloc(n, sizeof(char *)), **to = ut_xcalloc(n, sizeof(char *));
	char **res = ut_xcalloc(n, sizeof(char *));
	for (size_t i = 0; i < n; i++) {
		ut_buf o = UT_BUF_INIT, e = UT_BUF_INIT;
		const target *t = &p->targets.items[i];
		char line[512];
		ut_file_read(&o, runs[i].out_path);
		ut_file_read(&e, runs[i].err_path);
		ut_error_clear();
		fprintf(ctx->out, "-- tenant %s\n", t->key ? t->key : p->env);
		fputs(o.ptr, ctx->out);
		fputs(e.ptr, ctx->err);
		versions(o.ptr, &from[i], &to[i]);
		if (runs[i].rc == 0) {
			res[i] = ut_xstrdup(to[i] ? "ok" : "ok (nothing to apply)");
		} else {
			const char *src = e.len ? e.ptr : o.ptr, *m = NULL;
			for (const char *q = src; (q = strstr(q, "strata: error: ")); q++)
				m = q;
			if (m)
				snprintf(line, sizeof(line), "%.*s",
					 (int)strcspn(m + 15, "\n"), m + 15);
			else
				last_line(line, sizeof(line), src);
			res[i] = ut_xasprintf("error: %s", line);
			failed++;
			if (!rc)
				rc = runs[i].rc;
		}
		wt = UT_MAX(wt, strlen(t->key ? t->key : p->env));
		wf = UT_MAX(wf, strlen(from[i] ? from[i] : "-"));
		wto = UT_MAX(wto, strlen(to[i] ? to[i] : "-"));
		ut_buf_release(&o);
		ut_buf_release(&e);
		unlink(runs[i].out_path);
		unlink(runs[i].err_path);
	}
	fprintf(ctx->out, "\n%-*s  %-*s  %-*s  %s\n", (int)wt, "TENANT", (int)wf,
		"FROM", (int)wto, "TO", "RESULT");
	for (size_t i = 0; i < n; i++) {
		const target *t = &p->targets.items[i];
		fprintf(ctx->out, "%-*s  %-*s  %-*s  %s\n", (int)wt,
			t->key ? t->key : p->env, (int)wf, from[i] ? from[i] : "-",
			(int)wto, to[i] ? to[i] : "-", res[i]);
	}
	fprintf(ctx->out, "%zu tenant%s: %zu ok, %zu failed\n", n, n == 1 ? "" : "s",
		n - failed, failed);
	for (size_t i = 0; i < n; i++) {
		free(from[i]);
		free(to[i]);
		free(res[i]);
		free(runs[i].out_path);
		free(runs[i].err_path);
	}
	free(from);
	free(to);
	free(res);
	free(runs);
	ut_rm_rf(dir);
	free(dir);
	return rc;
}
