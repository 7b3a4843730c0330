/* SPDX-License-Identifier: MIT */
/*
 * hcl/func.c: the functions HCL documents may call (Atlas's stdlib subset
 * plus the project-file functions getenv, file and fileset). In symbolic
 * mode (schema documents) a call of an unknown function is a value: the
 * type `varchar(255)` is the call varchar(255).
 */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "func_int.h"
#include "ut.h"

typedef int (*fn_impl)(hcl_value **out, hcl_eval *ev, const hcl_expr *call,
		       hcl_value **args, size_t n);

static int arg_error(const hcl_expr *call, size_t i, const char *want,
		     const hcl_value *got)
{
	uint32_t off = i < call->n ? call->items[i]->off : call->off;
	return hcl_error_at(call->file, off,
			    "%s(): argument %zu must be %s, got a %s", call->name,
			    i + 1, want, hcl_vkind_name(got->kind));
}

static int want_str(const char **out, const hcl_expr *call, hcl_value **args,
		    size_t i, hcl_eval *ev)
{
	const char *s = hcl_value_text(ev, args[i]);
	*out = "";
	if (!s || args[i]->kind == HCL_V_RAW)
		return arg_error(call, i, "a string", args[i]);
	*out = s;
	return 0;
}

static int want_list(const hcl_expr *call, hcl_value **args, size_t i)
{
	if (args[i]->kind != HCL_V_LIST)
		return arg_error(call, i, "a list", args[i]);
	return 0;
}

static hcl_value *str_val(hcl_eval *ev, ut_buf *b, hcl_value **args, size_t n)
{
	hcl_value *v = hcl_val_string(ev, b->ptr);
	for (size_t i = 0; i < n; i++)
		v->sensitive |= args[i]->sensitive;
	ut_buf_release(b);
	return v;
}

static int f_getenv(hcl_value **out, hcl_eval *ev, const hcl_expr *call,
		    hcl_value **args, size_t n)
{
	const char *name, *val;
	int error;
	(void)n;
	if ((error = want_str(&name, call, args, 0, ev)) < 0)
		return error;
	val = getenv(name);
	*out = hcl_val_string(ev, val ? val : "");
	return 0;
}

static char *resolve_path(hcl_eval *ev, const char *p)
{
	if (p[0] == '/' || !ev->dir)
		return ut_xstrdup(p);
	return ut_path_join(ev->dir, p);
}

static int f_file(hcl_value **out, hcl_eval *ev, const hcl_expr *call,
		  hcl_value **args, size_t n)
{
	const char *p;
	char *path;
	ut_buf b = UT_BUF_INIT;
	int error;
	(void)n;
	if ((error = want_str(&p, call, args, 0, ev)) < 0)
		return error;
	path = resolve_path(ev, p);
	error = ut_file_read(&b, path);
	free(path);
	if (error < 0) {
		ut_buf_release(&b);
		return hcl_error_at(call->file, call->off, "file(): %s",
				    ut_error_last()->msg);
	}
	*out = str_val(ev, &b, args, 1);
	return 0;
}

/*
 * Glob match where '*' and '?' stay within one path segment and "**"
 * (as a whole segment) matches any number of segments.
 */
static bool glob_match(const char *pat, const char *s)
{
	if (strncmp(pat, "**", 2) == 0 && (pat[2] == '/' || pat[2] == '\0')) {
		const char *rest = pat[2] ? pat + 3 : pat + 2;
		if (!pat[2])
			return true;
		for (const char *p = s;; p++) {
			if (glob_match(rest, p))
				return true;
			p = strchr(p, '/');
			if (!p)
				return false;
		}
	}
	for (; *pat; pat++, s++) {
		if (*pat == '*') {
			for (const char *p = s;; p++) {
				if (glob_match(pat + 1, p))
					return true;
				if (*p == '\0' || *p == '/')
					return false;
			}
		}
		if (*s == '\0')
			return false;
		if (*pat == '?') {
			if (*s == '/')
				return false;
			continue;
		}
		if (*pat != *s)
			return false;
	}
	return *s == '\0';
}

typedef UT_VEC(char *) str_vec;

static void walk(str_vec *out, const char *root, const char *rel,
		 const char *pat, int depth)
{
	char *dir = *rel ? ut_path_join(root, rel) : ut_xstrdup(root);
	char **names;
	size_t n;

	if (depth > 32 || ut_dir_list(&names, &n, dir) < 0) {
		ut_error_clear();
		free(dir);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		char *r = *rel ? ut_xasprintf("%s/%s", rel, names[i])
			       : ut_xstrdup(names[i]);
		char *full = ut_path_join(dir, names[i]);
		if (ut_path_is_dir(full))
			walk(out, root, r, pat, depth + 1);
		else if (glob_match(pat, r)) {
			ut_vec_push(out, r);
			r = NULL;
		}
		free(full);
		free(r);
	}
	ut_strlist_free(names, n);
	free(dir);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int f_fileset(hcl_value **out, hcl_eval *ev, const hcl_expr *call,
		     hcl_value **args, size_t n)
{
	const char *base = NULL, *pat;
	str_vec found = UT_VEC_INIT;
	char *root;
	int error;

	if (n == 2) {
		if ((error = want_str(&base, call, args, 0, ev)) < 0)
			return error;
		if ((error = want_str(&pat, call, args, 1, ev)) < 0)
			return error;
	} else if ((error = want_str(&pat, call, args, 0, ev)) < 0) {
		return error;
	}
	root = resolve_path(ev, base ? base : ".");
	walk(&found, root, "", pat, 0);
	qsort(found.items, found.len, sizeof(char *), cmp_str);
	*out = hcl_val_list(ev, found.len);
	(*out)->is_set = true;
	for (size_t i = 0; i < found.len; i++) {
		(*out)->items[i] = hcl_val_string(ev, found.items[i]);
		free(found.items[i]);
	}
	ut_vec_release(&found);
	free(root);
	return 0;
}

static int f_format(hcl_value **out, hcl_eval *ev, const hcl_expr *call,
		    hcl_value **args, size_t n)
{
	const char *fmt;
	ut_buf b = UT_BUF_INIT;
	size_t ai = 1;
	int error;

	if ((error = want_str(&fmt, call, args, 0, ev)) < 0)
		return error;
	for (const char *p = fmt; *p; p++) {
		const char *s;
		if (*p != '%') {
			ut_buf_putc(&b, *p);
			continue;
		}
		p++;
		if (*p == '%') {
			ut_buf_putc(&b, '%');
			continue;
		}
		if (!strchr("sdvqf", *p) || !*p) {
			ut_buf_release(&b);
			return hcl_error_at(call->file, call->off,
					    "format(): unsupported verb '%%%c'",
					    *p ? *p : ' ');
		}
		if (ai >= n) {
			ut_buf_release(&b);
			return hcl_error_at(call->file, call->off,
					    "format(): not enough arguments for the format string");
		}
		if (*p == 'd' || *p == 'f') {
			if (args[ai]->kind != HCL_V_NUMBER) {
				ut_buf_release(&b);
				return arg_error(call, ai, "a number", args[ai]);
			}
			if (*p == 'd')
				ut_buf_printf(&b, "%.0f", trunc(args[ai]->num));
			else
				ut_buf_printf(&b, "%f", args[ai]->num);
			ai++;
			continue;
		}
		if (args[ai]->kind == HCL_V_LIST || args[ai]->kind == HCL_V_OBJECT) {
			ut_buf j = UT_BUF_INIT;
			hcl_value_json(&j, args[ai]);
			ut_buf_puts(&b, j.ptr);
			ut_buf_release(&j);
			ai++;
			continue;
		}
		s = hcl_value_text(ev, args[ai]);
		if (!s) {
			ut_buf_release(&b);
			return arg_error(call, ai, "a string", args[ai]);
		}
		if (*p == 'q')
			ut_buf_quote(&b, s);
		else
			ut_buf_puts(&b, s);
		ai++;
	}
	*out = str_val(ev, &b, args, n);
	return 0;
}

static int f_join(hcl_value **out, hcl_eval *ev, const hcl_expr *call,
		  hcl_value **args, size_t n)
{
	const char *sep, *s;
	ut_buf b = UT_BUF_INIT;
	bool first = true;
	int error;

	if ((error = want_str(&sep, call, args, 0, ev)) < 0)
		return error;
	for (size_t a = 1; a < n; a++) {
		if ((error = want_list(call, args, a)) < 0) {
			ut_buf_release(&b);
			return error;
		}
		for (size_t i = 0; i < args[a]->n; i++) {
			s = hcl_value_text(ev, args[a]->items[i]);
			if (!s) {
				ut_buf_release(&b);
				return arg_error(call, a, "a list of strings",
						 args[a]->items[i]);
			}
			if (!first)
				ut_buf_puts(&b, sep);
			ut_buf_puts(&b, s);
			first = false;
		}
	}
	*out = str_val(ev, &b, args, n);
	return 0;
}

static int f_concat(hcl_value **out, hcl_eval *ev, const hcl_expr *call,
		    hcl_value **args, size_t n)
{
	size_t total = 0, k = 0;
	int error;
	for (size_t a = 0; a < n; a++) {
		if ((error = want_list(call, args, a)) < 0)
			return error;
		total += args[a]->n;
	}
	*out = hcl_val_list(ev, total);
	for (size_t a = 0; a < n; a++)
		for (size_t i = 0; i < args[a]->n; i++)
			(*out)->items[k++] = args[a]->items[i];
	return 0;
}

static int f_case(hcl_value **out, hcl_eval *ev, const hcl_expr *call,
		  hcl_value **args, bool up)
{
	const char *s;
	char *c;
	int error;
	if ((error = want_str(&s, call, args, 0, ev)) < 0)
		return error;
	c = ut_arena_strdup(&ev->arena, s);
	for (char *p = c; *p; p++)
		if (up && *p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
		else if (!up && *p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	*out = hcl_val_string(ev, c);
	(*out)->sensitive = args[0]->sensitive;
	return 0;
}

static int f_lower(hcl_value **out, hcl_eval *ev, const hcl_expr *call,
		   hcl_value **args, size_t n)
{
	(void)n;
	return f_case(out, ev, call, args, false);
}

static int f_upper(hcl_value **out, hcl_eval *ev, const hcl_expr *call,
		   hcl_value **args, size_t n)
{
	(void)n;
	return f_case(out, ev, call, args, true);
}

static int f_trimspace(hcl_value **out, hcl_eval *ev, const hcl_expr *call,
		       hcl_value **args, size_t n)
{
	const char *s;
	size_t len;
	int error;
	(void)n;
	if ((error = want_str(&s, call, args, 0, ev)) < 0)
		return error;
	s = ut_str_ltrim(s);
	len = strlen(s);
	while (len && strchr(" \t\r\n", s[len - 1]))
		len--;
	*out = hcl_val_string(ev, ut_arena_strndup(&ev->arena, s, len));
	return 0;
}

static int f_replace(hcl_value **out, hcl_eval *ev, const hcl_expr *call,
		     hcl_value **args, size_t n)
{
	const char *s, *from, *to;
	char *r;
	int error;
	(void)n;
	if ((error = want_str(&s, call, args, 0, ev)) < 0 ||
	    (error = want_str(&from, call, args, 1, ev)) < 0 ||
	    (error = want_str(&to, call, args, 2, ev)) < 0)
		return error;
	if (!*from) {
		*out = args[0];
		return 0;
	}
	r = ut_str_replace(s, from, to);
	*out = hcl_val_string(ev, r);
	(*out)->sensitive = args[0]->sensitive;
	free(r);
	return 0;
}

static int f_split(hcl_value **out, hcl_eval *ev, const hcl_expr *call,
		   hcl_value **args, size_t n)
{
	const char *sep, *s;
	UT_VEC(hcl_value *) parts = UT_VEC_INIT;
	size_t sl;
	int error;
	(void)n;
	if ((error = want_str(&sep, call, args, 0, ev)) < 0 ||
	    (error = want_str(&s, call, args, 1, ev)) < 0)
		return error;
	sl = strlen(sep);
	for (;;) {
		const char *p = sl ? strstr(s, sep) : NULL;
		size_t len = p ? (size_t)(p - s) : strlen(s);
		ut_vec_push(&parts, hcl_val_string(ev, ut_arena_strndup(&ev->arena, s, len)));
		if (!p)
			break;
		s = p + sl;
	}
	*out = hcl_val_list(ev, parts.len);
	memcpy((*out)->items, parts.items, parts.len * sizeof(hcl_value *));
	ut_vec_release(&parts);
	return 0;
}

static int f_toset(hcl_value **out, hcl_eval *ev, const hcl_expr *call,
		   hcl_value **args, size_t n)
{
	hcl_value *l = args[0], *s;
	size_t k = 0;
	int error;
	(void)n;
	if ((error = want_list(call, args, 0)) < 0)
		return error;
	s = hcl_val_list(ev, l->n);
	s->is_set = true;
	for (size_t i = 0; i < l->n; i++) {
		bool dup = false;
		for (size_t j = 0; j < k && !dup; j++)
			dup = hcl__values_equal(s->items[j], l->items[i]);
		if (!dup)
			s->items[k++] = l->items[i];
	}
	s->n = k;
	s->sensitive = l->sensitive;
	*out = s;
	return 0;
}

static int f_tolist(hcl_value **out, hcl_eval *ev, const hcl_expr *call,
		    hcl_value **args, size_t n)
{
	int error;
	(void)ev;
	(void)n;
	if ((error = want_list(call, args, 0)) < 0)
		return error;
	*out = args[0];
	return 0;
}

static int f_tostring(hcl_value **out, hcl_eval *ev, const hcl_expr *call,
		      hcl_value **args, size_t n)
{
	const char *s;
	int error;
	(void)n;
	if ((error = want_str(&s, call, args, 0, ev)) < 0)
		return error;
	*out = hcl_val_string(ev, s);
	(*out)->sensitive = args[0]->sensitive;
	return 0;
}

static int f_tonumber(hcl_value **out, hcl_eval *ev, const hcl_expr *call,
		      hcl_value **args, size_t n)
{
	const char *s;
	char *end;
	double d;
	int error;
	(void)n;
	if ((error = want_str(&s, call, args, 0, ev)) < 0)
		return error;
	d = strtod(s, &end);
	if (!*s || *end)
		return hcl_error_at(call->file, call->off,
				    "tonumber(): \"%s\" is not a number",
				    args[0]->sensitive ? "(sensitive value)" : s);
	*out = hcl_val_number(ev, d);
	return 0;
}

static int f_length(hcl_value **out, hcl_eval *ev, const hcl_expr *call,
		    hcl_value **args, size_t n)
{
	(void)n;
	if (args[0]->kind == HCL_V_STRING)
		*out = hcl_val_number(ev, (double)strlen(args[0]->str));
	else if (args[0]->kind == HCL_V_LIST || args[0]->kind == HCL_V_OBJECT)
		*out = hcl_val_number(ev, (double)args[0]->n);
	else
		return arg_error(call, 0, "a string, list or map", args[0]);
	return 0;
}

static int f_contains(hcl_value **out, hcl_eval *ev, const hcl_expr *call,
		      hcl_value **args, size_t n)
{
	bool found = false;
	int error;
	(void)n;
	if ((error = want_list(call, args, 0)) < 0)
		return error;
	for (size_t i = 0; i < args[0]->n && !found; i++)
		found = hcl__values_equal(args[0]->items[i], args[1]);
	*out = hcl_val_bool(ev, found);
	return 0;
}

static int f_merge(hcl_value **out, hcl_eval *ev, const hcl_expr *call,
		   hcl_value **args, size_t n)
{
	UT_VEC(const char *) keys = UT_VEC_INIT;
	UT_VEC(hcl_value *) vals = UT_VEC_INIT;
	for (size_t a = 0; a < n; a++) {
		if (args[a]->kind == HCL_V_NULL)
			continue;
		if (args[a]->kind != HCL_V_OBJECT) {
			ut_vec_release(&keys);
			ut_vec_release(&vals);
			return arg_error(call, a, "a map", args[a]);
		}
		for (size_t i = 0; i < args[a]->n; i++) {
			size_t j = 0;
			while (j < keys.len && strcmp(keys.items[j], args[a]->keys[i]))
				j++;
			if (j < keys.len) {
				vals.items[j] = args[a]->items[i];
			} else {
				ut_vec_push(&keys, args[a]->keys[i]);
				ut_vec_push(&vals, args[a]->items[i]);
			}
		}
	}
	*out = hcl_val_object(ev, keys.len);
	for (size_t i = 0; i < keys.len; i++) {
		(*out)->keys[i] = keys.items[i];
		(*out)->items[i] = vals.items[i];
	}
	ut_vec_release(&keys);
	ut_vec_release(&vals);
	return 0;
}

static int f_coalesce(hcl_value **out, hcl_eval *ev, const hcl_expr *call,
		      hcl_value **args, size_t n)
{
	(void)ev;
	for (size_t a = 0; a < n; a++)
		if (args[a]->kind != HCL_V_NULL &&
		    !(args[a]->kind == HCL_V_STRING && !*args[a]->str)) {
			*out = args[a];
			return 0;
		}
	return hcl_error_at(call->file, call->off,
			    "coalesce(): no non-null, non-empty argument");
}

/* Go's url.QueryEscape. */
static void query_escape(ut_buf *b, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-_.~", *p))
			ut_buf_putc(b, (char)*p);
		else if (*p == ' ')
			ut_buf_putc(b, '+');
		else
			ut_buf_printf(b, "%%%02X", *p);
	}
}

static int f_urlescape(hcl_value **out, hcl_eval *ev, const hcl_expr *call,
		       hcl_value **args, size_t n)
{
	const char *s;
	ut_buf b = UT_BUF_INIT;
	int error;
	(void)n;
	if ((error = want_str(&s, call, args, 0, ev)) < 0)
		return error;
	query_escape(&b, s);
	*out = str_val(ev, &b, args, 1);
	return 0;
}

static int f_urlsetpath(hcl_value **out, hcl_eval *ev, const hcl_expr *call,
			hcl_value **args, size_t n)
{
	const char *u, *path;
	ut_buf b = UT_BUF_INIT;
	int error;
	(void)n;
	if ((error = want_str(&u, call, args, 0, ev)) < 0 ||
	    (error = want_str(&path, call, args, 1, ev)) < 0)
		return error;
	{
		char *set = ut_url_set_path(u, path);
		ut_buf_puts(&b, set);
		free(set);
	}
	*out = str_val(ev, &b, args, 2);
	return 0;
}

static int cmp_pair(const void *a, const void *b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;
	size_t lx = strcspn(x, "="), ly = strcspn(y, "=");
	int c = strncmp(x, y, UT_MIN(lx, ly));
	return c ? c : (lx < ly ? -1 : lx > ly);
}

static int f_urlqueryset(hcl_value **out, hcl_eval *ev, const hcl_expr *call,
			 hcl_value **args, size_t n)
{
	const char *u, *key, *val;
	size_t ps, qs, qe;
	str_vec pairs = UT_VEC_INIT;
	ut_buf b = UT_BUF_INIT, kv = UT_BUF_INIT;
	int error;
	(void)n;
	if ((error = want_str(&u, call, args, 0, ev)) < 0 ||
	    (error = want_str(&key, call, args, 1, ev)) < 0 ||
	    (error = want_str(&val, call, args, 2, ev)) < 0)
		return error;
	ut_url_split(u, &ps, &qs);
	qe = qs + (u[qs] == '?' ? 1 + strcspn(u + qs + 1, "#") : 0);
	if (u[qs] == '?') {
		const char *p = u + qs + 1;
		while (p < u + qe) {
			size_t l = strcspn(p, "&#");
			if (l && (l > (size_t)(u + qe - p) ? 0 : 1)) {
				char *pair = ut_xstrndup(p, l);
				size_t kl = strcspn(pair, "=");
				ut_buf_reset(&kv);
				query_escape(&kv, key);
				if (kl == kv.len && strncmp(pair, kv.ptr, kl) == 0)
					free(pair);
				else
					ut_vec_push(&pairs, pair);
			}
			p += l;
			if (*p == '&')
				p++;
			else
				break;
		}
	}
	ut_buf_reset(&kv);
	query_escape(&kv, key);
	ut_buf_putc(&kv, '=');
	query_escape(&kv, val);
	ut_vec_push(&pairs, ut_buf_detach(&kv));
	qsort(pairs.items, pairs.len, sizeof(char *), cmp_pair);
	ut_buf_put(&b, u, qs);
	ut_buf_putc(&b, '?');
	for (size_t i = 0; i < pairs.len; i++) {
		if (i)
			ut_buf_putc(&b, '&');
		ut_buf_puts(&b, pairs.items[i]);
		free(pairs.items[i]);
	}
	ut_buf_puts(&b, u + qe);
	ut_vec_release(&pairs);
	ut_buf_release(&kv);
	*out = str_val(ev, &b, args, 3);
	return 0;
}

static int f_jsonencode(hcl_value **out, hcl_eval *ev, const hcl_expr *call,
			hcl_value **args, size_t n)
{
	ut_buf b = UT_BUF_INIT;
	int error;
	(void)n;
	if ((error = hcl__force_deep(&args[0], ev, call)) < 0)
		return error;
	hcl_value_json(&b, args[0]);
	*out = str_val(ev, &b, args, 1);
	return 0;
}

static int f_sql(hcl_value **out, hcl_eval *ev, const hcl_expr *call,
		 hcl_value **args, size_t n)
{
	const char *s;
	int error;
	(void)n;
	if ((error = want_str(&s, call, args, 0, ev)) < 0)
		return error;
	*out = hcl_val_string(ev, s);
	(*out)->kind = HCL_V_RAW;
	return 0;
}

static const struct func {
	const char *name;
	fn_impl fn;
	size_t min, max; /* max 0 = variadic */
} funcs[] = {
	{ "coalesce", f_coalesce, 1, 0 },
	{ "concat", f_concat, 0, 0 },
	{ "contains", f_contains, 2, 2 },
	{ "file", f_file, 1, 1 },
	{ "fileset", f_fileset, 1, 2 },
	{ "format", f_format, 1, 0 },
	{ "getenv", f_getenv, 1, 1 },
	{ "join", f_join, 1, 0 },
	{ "jsonencode", f_jsonencode, 1, 1 },
	{ "length", f_length, 1, 1 },
	{ "lower", f_lower, 1, 1 },
	{ "merge", f_merge, 0, 0 },
	{ "replace", f_replace, 3, 3 },
	{ "split", f_split, 2, 2 },
	{ "sql", f_sql, 1, 1 },
	{ "tolist", f_tolist, 1, 1 },
	{ "tonumber", f_tonumber, 1, 1 },
	{ "toset", f_toset, 1, 1 },
	{ "tostring", f_tostring, 1, 1 },
	{ "trimspace", f_trimspace, 1, 1 },
	{ "upper", f_upper, 1, 1 },
	{ "urlescape", f_urlescape, 1, 1 },
	{ "urlqueryset", f_urlqueryset, 3, 3 },
	{ "urlsetpath", f_urlsetpath, 2, 2 },
};

int hcl__call(hcl_value **out, hcl_eval *ev, const hcl_scope *scope,
	      const hcl_expr *e)
{
	const struct func *f = NULL;
	UT_VEC(hcl_value *) args = UT_VEC_INIT;
	int error = 0;

	for (size_t i = 0; i < sizeof(funcs) / sizeof(funcs[0]); i++)
		if (strcmp(funcs[i].name, e->name) == 0)
			f = &funcs[i];
	if (!f && !ev->symbolic)
		return hcl_error_at(e->file, e->off,
				    "call to unknown function \"%s\"", e->name);
	for (size_t i = 0; i < e->n; i++) {
		hcl_value *a;
		if ((error = hcl_eval_expr(&a, ev, scope, e->items[i])) < 0)
			goto done;
		if ((error = hcl__force_deep(&a, ev, e->items[i])) < 0)
			goto done;
		if (e->expand && i + 1 == e->n) {
			if (a->kind != HCL_V_LIST) {
				error = hcl_error_at(e->file, e->items[i]->off,
						     "only a list can be expanded with '...'");
				goto done;
			}
			for (size_t k = 0; k < a->n; k++)
				ut_vec_push(&args, a->items[k]);
		} else {
			ut_vec_push(&args, a);
		}
	}
	if (!f) {
		hcl_value *v = hcl_val_list(ev, args.len);
		v->kind = HCL_V_CALL;
		v->str = e->name;
		if (args.len)
			memcpy(v->items, args.items, args.len * sizeof(hcl_value *));
		*out = v;
		goto done;
	}
	if (args.len < f->min || (f->max && args.len > f->max)) {
		error = hcl_error_at(e->file, e->off,
				     "%s() takes %s%zu argument%s, got %zu", e->name,
				     f->max == f->min ? "" : f->max ? "at most " : "at least ",
				     f->max ? f->max : f->min,
				     (f->max ? f->max : f->min) == 1 ? "" : "s",
				     args.len);
		if (args.len < f->min && f->max && f->max != f->min)
			error = hcl_error_at(e->file, e->off,
					     "%s() takes %zu to %zu arguments, got %zu",
					     e->name, f->min, f->max, args.len);
		goto done;
	}
	error = f->fn(out, ev, e, args.items, args.len);
done:
	ut_vec_release(&args);
	return error;
}
