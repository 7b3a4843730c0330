/* SPDX-License-Identifier: MIT */
/*
 * hcl/eval.c: expression evaluation. Values live in the evaluator's
 * arena. Lazy values (locals, data sources) are computed on first use; a
 * lazy value met again while it is being computed is a reference cycle,
 * reported with the chain of names instead of recursing forever.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hcl_int.h"
#include "func_int.h"
#include "ut.h"

struct hcl_lazy {
	const char *name;
	const hcl_expr *expr;
	const hcl_scope *scope;
	hcl_lazy_fn fn;
	void *payload;
	int state; /* 0 new, 1 computing, 2 done */
	hcl_value *result;
};

hcl_eval *hcl_eval_new(bool symbolic)
{
	hcl_eval *ev = ut_xcalloc(1, sizeof(*ev));
	ut_arena_init(&ev->arena);
	hcl_scope_init(&ev->root, NULL);
	ev->symbolic = symbolic;
	return ev;
}

void hcl_eval_free(hcl_eval *ev)
{
	if (!ev)
		return;
	hcl_scope_release(&ev->root);
	ut_arena_release(&ev->arena);
	ut_vec_release(&ev->stack);
	free(ev->dir);
	free(ev);
}

hcl_scope *hcl_eval_root(hcl_eval *ev)
{
	return &ev->root;
}

ut_arena *hcl_eval_arena(hcl_eval *ev)
{
	return &ev->arena;
}

void hcl_eval_set_dir(hcl_eval *ev, const char *dir)
{
	free(ev->dir);
	ev->dir = dir ? ut_xstrdup(dir) : NULL;
}

void hcl_scope_init(hcl_scope *s, const hcl_scope *parent)
{
	memset(s, 0, sizeof(*s));
	s->parent = parent;
}

void hcl_scope_release(hcl_scope *s)
{
	ut_map_release(&s->vars);
}

void hcl_scope_set(hcl_scope *s, const char *name, hcl_value *v)
{
	ut_map_put(&s->vars, name, v);
}

bool hcl_scope_has(const hcl_scope *s, const char *name)
{
	for (; s; s = s->parent)
		if (ut_map_get(&s->vars, name))
			return true;
	return false;
}

/* ---- constructors ------------------------------------------------------ */

static hcl_value *val_new(hcl_eval *ev, hcl_vkind kind)
{
	hcl_value *v = ut_arena_alloc(&ev->arena, sizeof(*v));
	v->kind = kind;
	return v;
}

hcl_value *hcl_val_null(hcl_eval *ev)
{
	return val_new(ev, HCL_V_NULL);
}

hcl_value *hcl_val_bool(hcl_eval *ev, bool b)
{
	hcl_value *v = val_new(ev, HCL_V_BOOL);
	v->b = b;
	return v;
}

hcl_value *hcl_val_number(hcl_eval *ev, double n)
{
	hcl_value *v = val_new(ev, HCL_V_NUMBER);
	v->num = n;
	return v;
}

hcl_value *hcl_val_string(hcl_eval *ev, const char *s)
{
	hcl_value *v = val_new(ev, HCL_V_STRING);
	v->str = ut_arena_strdup(&ev->arena, s ? s : "");
	return v;
}

hcl_value *hcl_val_list(hcl_eval *ev, size_t n)
{
	hcl_value *v = val_new(ev, HCL_V_LIST);
	v->n = n;
	if (n)
		v->items = ut_arena_alloc(&ev->arena, n * sizeof(hcl_value *));
	return v;
}

hcl_value *hcl_val_object(hcl_eval *ev, size_t n)
{
	hcl_value *v = val_new(ev, HCL_V_OBJECT);
	v->n = n;
	if (n) {
		v->items = ut_arena_alloc(&ev->arena, n * sizeof(hcl_value *));
		v->keys = ut_arena_alloc(&ev->arena, n * sizeof(char *));
	}
	return v;
}

hcl_value *hcl_val_lazy_expr(hcl_eval *ev, const char *name, const hcl_expr *e,
			     const hcl_scope *scope)
{
	hcl_value *v = val_new(ev, HCL_V_LAZY);
	v->lazy = ut_arena_alloc(&ev->arena, sizeof(*v->lazy));
	v->lazy->name = ut_arena_strdup(&ev->arena, name);
	v->lazy->expr = e;
	v->lazy->scope = scope;
	return v;
}

hcl_value *hcl_val_lazy_fn(hcl_eval *ev, const char *name, hcl_lazy_fn fn,
			   void *payload)
{
	hcl_value *v = val_new(ev, HCL_V_LAZY);
	v->lazy = ut_arena_alloc(&ev->arena, sizeof(*v->lazy));
	v->lazy->name = ut_arena_strdup(&ev->arena, name);
	v->lazy->fn = fn;
	v->lazy->payload = payload;
	return v;
}

const char *hcl_vkind_name(hcl_vkind k)
{
	static const char *const names[] = { "null",   "bool",   "number",
					     "string", "list",   "object",
					     "reference", "call", "sql",
					     "lazy" };
	return names[k];
}

/* ---- forcing -------------------------------------------------------- */

static int force_at(hcl_value **v, hcl_eval *ev, const hcl_expr *at)
{
	hcl_lazy *l;
	int error;

	if (!*v || (*v)->kind != HCL_V_LAZY)
		return 0;
	l = (*v)->lazy;
	if (l->state == 2) {
		*v = l->result;
		return 0;
	}
	if (l->state == 1) {
		ut_buf chain = UT_BUF_INIT;
		size_t i = 0;
		while (i < ev->stack.len && strcmp(ev->stack.items[i], l->name))
			i++;
		for (; i < ev->stack.len; i++)
			ut_buf_printf(&chain, "%s -> ", ev->stack.items[i]);
		ut_buf_puts(&chain, l->name);
		if (at)
			error = hcl_error_at(at->file, at->off,
					     "cyclic reference: %s", chain.ptr);
		else
			error = ut_error_set(UT_EPARSE, "cyclic reference: %s",
					     chain.ptr);
		ut_buf_release(&chain);
		return error;
	}
	l->state = 1;
	ut_vec_push(&ev->stack, l->name);
	if (l->fn)
		error = l->fn(&l->result, ev, l->payload);
	else
		error = hcl_eval_expr(&l->result, ev, l->scope, l->expr);
	ev->stack.len--;
	if (error < 0) {
		l->state = 0;
		return error;
	}
	if (!l->result)
		l->result = hcl_val_null(ev);
	l->state = 2;
	*v = l->result;
	return 0;
}

int hcl_value_force(hcl_value **v, hcl_eval *ev)
{
	return force_at(v, ev, NULL);
}

hcl_value *hcl_value_get(hcl_eval *ev, hcl_value *obj, const char *key)
{
	if (!obj || obj->kind != HCL_V_OBJECT)
		return NULL;
	for (size_t i = 0; i < obj->n; i++)
		if (strcmp(obj->keys[i], key) == 0) {
			if (force_at(&obj->items[i], ev, NULL) < 0)
				return NULL;
			return obj->items[i];
		}
	return NULL;
}

/* Forces every lazy value inside v (for jsonencode, comparisons). */
static int force_deep(hcl_value **v, hcl_eval *ev, const hcl_expr *at)
{
	int error;
	if ((error = force_at(v, ev, at)) < 0)
		return error;
	if ((*v)->kind == HCL_V_LIST || (*v)->kind == HCL_V_OBJECT ||
	    (*v)->kind == HCL_V_CALL)
		for (size_t i = 0; i < (*v)->n; i++)
			if ((error = force_deep(&(*v)->items[i], ev, at)) < 0)
				return error;
	return 0;
}

/* ---- text ----------------------------------------------------------- */

void hcl__number_text(ut_buf *b, double n)
{
	char tmp[64];
	if (n == floor(n) && fabs(n) < 1e15) {
		snprintf(tmp, sizeof(tmp), "%.0f", n);
	} else {
		snprintf(tmp, sizeof(tmp), "%.15g", n);
		if (strtod(tmp, NULL) != n)
			snprintf(tmp, sizeof(tmp), "%.17g", n);
	}
	ut_buf_puts(b, tmp);
}

const char *hcl_value_text(hcl_eval *ev, const hcl_value *v)
{
	ut_buf b = UT_BUF_INIT;
	const char *s;

	if (!v)
		return NULL;
	switch (v->kind) {
	case HCL_V_STRING:
	case HCL_V_RAW:
		return v->str;
	case HCL_V_BOOL:
		return v->b ? "true" : "false";
	case HCL_V_NUMBER:
		if (v->str)
			return v->str;
		hcl__number_text(&b, v->num);
		s = ut_arena_strdup(&ev->arena, b.ptr);
		ut_buf_release(&b);
		return s;
	default:
		return NULL;
	}
}

static void json_string(ut_buf *out, const char *s)
{
	ut_buf_putc(out, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"': ut_buf_puts(out, "\\\""); break;
		case '\\': ut_buf_puts(out, "\\\\"); break;
		case '\n': ut_buf_puts(out, "\\n"); break;
		case '\r': ut_buf_puts(out, "\\r"); break;
		case '\t': ut_buf_puts(out, "\\t"); break;
		case '<': ut_buf_puts(out, "\\u003c"); break;
		case '>': ut_buf_puts(out, "\\u003e"); break;
		case '&': ut_buf_puts(out, "\\u0026"); break;
		default:
			if (*p < 0x20)
				ut_buf_printf(out, "\\u%04x", *p);
			else
				ut_buf_putc(out, (char)*p);
		}
	}
	ut_buf_putc(out, '"');
}

static int cmp_keys(const void *a, const void *b)
{
	return strcmp(**(const char *const *const *)a,
		      **(const char *const *const *)b);
}

void hcl_value_json(ut_buf *out, const hcl_value *v)
{
	switch (v ? v->kind : HCL_V_NULL) {
	case HCL_V_BOOL:
		ut_buf_puts(out, v->b ? "true" : "false");
		break;
	case HCL_V_NUMBER:
		hcl__number_text(out, v->num);
		break;
	case HCL_V_STRING:
	case HCL_V_RAW:
		json_string(out, v->str);
		break;
	case HCL_V_LIST:
		ut_buf_putc(out, '[');
		for (size_t i = 0; i < v->n; i++) {
			if (i)
				ut_buf_putc(out, ',');
			hcl_value_json(out, v->items[i]);
		}
		ut_buf_putc(out, ']');
		break;
	case HCL_V_OBJECT: {
		/* keys sorted, as Go's encoder does */
		const char ***order = ut_xcalloc(v->n + 1, sizeof(*order));
		for (size_t i = 0; i < v->n; i++)
			order[i] = &v->keys[i];
		qsort(order, v->n, sizeof(*order), cmp_keys);
		ut_buf_putc(out, '{');
		for (size_t i = 0; i < v->n; i++) {
			size_t k = (size_t)(order[i] - v->keys);
			if (i)
				ut_buf_putc(out, ',');
			json_string(out, v->keys[k]);
			ut_buf_putc(out, ':');
			hcl_value_json(out, v->items[k]);
		}
		ut_buf_putc(out, '}');
		free(order);
		break;
	}
	default:
		ut_buf_puts(out, "null");
	}
}

/* A string as a quoted HCL template that evaluates back to it. */
static void literal_string(ut_buf *out, const char *s)
{
	ut_buf_putc(out, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"': ut_buf_puts(out, "\\\""); break;
		case '\\': ut_buf_puts(out, "\\\\"); break;
		case '\n': ut_buf_puts(out, "\\n"); break;
		case '\r': ut_buf_puts(out, "\\r"); break;
		case '\t': ut_buf_puts(out, "\\t"); break;
		case '$':
		case '%':
			ut_buf_putc(out, (char)*p);
			if (p[1] == '{')
				ut_buf_putc(out, (char)*p); /* $${ and %%{ */
			break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				ut_buf_printf(out, "\\u%04x", *p);
			else
				ut_buf_putc(out, (char)*p);
		}
	}
	ut_buf_putc(out, '"');
}

void hcl_value_literal(ut_buf *out, const hcl_value *v)
{
	switch (v ? v->kind : HCL_V_NULL) {
	case HCL_V_BOOL:
		ut_buf_puts(out, v->b ? "true" : "false");
		break;
	case HCL_V_NUMBER:
		if (v->str)
			ut_buf_puts(out, v->str);
		else
			hcl__number_text(out, v->num);
		break;
	case HCL_V_STRING:
		literal_string(out, v->str);
		break;
	case HCL_V_RAW:
		ut_buf_puts(out, "sql(");
		literal_string(out, v->str);
		ut_buf_putc(out, ')');
		break;
	case HCL_V_LIST:
		ut_buf_putc(out, '[');
		for (size_t i = 0; i < v->n; i++) {
			if (i)
				ut_buf_puts(out, ", ");
			hcl_value_literal(out, v->items[i]);
		}
		ut_buf_putc(out, ']');
		break;
	case HCL_V_OBJECT:
		ut_buf_putc(out, '{');
		for (size_t i = 0; i < v->n; i++) {
			if (i)
				ut_buf_puts(out, ", ");
			literal_string(out, v->keys[i]);
			ut_buf_puts(out, " = ");
			hcl_value_literal(out, v->items[i]);
		}
		ut_buf_putc(out, '}');
		break;
	default:
		ut_buf_puts(out, "null");
	}
}

/* ---- evaluation ------------------------------------------------------ */

static hcl_value *scope_get(const hcl_scope *s, const char *name,
			    const hcl_scope **found)
{
	for (; s; s = s->parent) {
		hcl_value *v = ut_map_get(&s->vars, name);
		if (v) {
			*found = s;
			return v;
		}
	}
	return NULL;
}

static bool values_equal(const hcl_value *a, const hcl_value *b)
{
	if (a->kind != b->kind)
		return false;
	switch (a->kind) {
	case HCL_V_NULL:
		return true;
	case HCL_V_BOOL:
		return a->b == b->b;
	case HCL_V_NUMBER:
		return a->num == b->num;
	case HCL_V_STRING:
	case HCL_V_RAW:
		return strcmp(a->str, b->str) == 0;
	case HCL_V_LIST:
	case HCL_V_OBJECT:
	case HCL_V_REF:
	case HCL_V_CALL:
		if (a->n != b->n)
			return false;
		if (a->kind == HCL_V_CALL && strcmp(a->str, b->str))
			return false;
		for (size_t i = 0; i < a->n; i++) {
			if (a->keys && strcmp(a->keys[i], b->keys[i]))
				return false;
			if (a->items && !values_equal(a->items[i], b->items[i]))
				return false;
		}
		return true;
	default:
		return false;
	}
}

bool hcl__values_equal(const hcl_value *a, const hcl_value *b)
{
	return values_equal(a, b);
}

static int eval_step(hcl_value **cur, hcl_eval *ev, const hcl_scope *scope,
		     const hcl_expr *e, const hcl_step *st, const char *what)
{
	hcl_value *v = *cur, *key = NULL;
	const char *name = st->name;
	int error;

	if (!name) {
		if ((error = hcl_eval_expr(&key, ev, scope, st->index)) < 0)
			return error;
		if (key->kind == HCL_V_STRING)
			name = key->str;
	}
	if (v->kind == HCL_V_REF) {
		/* extend a symbolic reference */
		hcl_value *r = val_new(ev, HCL_V_REF);
		const char *part = name ? name : hcl_value_text(ev, key);
		if (!part)
			return hcl_error_at(e->file, st->off,
					    "invalid index in a reference");
		r->n = v->n + 1;
		r->keys = ut_arena_alloc(&ev->arena, r->n * sizeof(char *));
		memcpy(r->keys, v->keys, v->n * sizeof(char *));
		r->keys[v->n] = ut_arena_strdup(&ev->arena, part);
		*cur = r;
		return 0;
	}
	if (v->kind == HCL_V_OBJECT) {
		if (!name)
			return hcl_error_at(e->file, st->off,
					    "an object is indexed by a string, not a %s",
					    hcl_vkind_name(key->kind));
		for (size_t i = 0; i < v->n; i++)
			if (strcmp(v->keys[i], name) == 0) {
				if ((error = force_at(&v->items[i], ev, e)) < 0)
					return error;
				*cur = v->items[i];
				if (v->sensitive)
					(*cur)->sensitive = true;
				return 0;
			}
		{
			ut_buf known = UT_BUF_INIT;
			for (size_t i = 0; i < v->n && i < 20; i++)
				ut_buf_printf(&known, "%s%s", i ? ", " : "",
					      v->keys[i]);
			error = hcl_error_at(e->file, st->off,
					     "%s has no attribute \"%s\"%s%s%s", what,
					     name, v->n ? " (known: " : "",
					     known.ptr, v->n ? ")" : "");
			ut_buf_release(&known);
			return error;
		}
	}
	if (v->kind == HCL_V_LIST) {
		double idx;
		if (name || !key || key->kind != HCL_V_NUMBER) {
			if (key && key->kind == HCL_V_STRING) {
				char *end;
				idx = strtod(key->str, &end);
				if (*end || end == key->str)
					return hcl_error_at(e->file, st->off,
							    "a list is indexed by a number");
			} else {
				return hcl_error_at(e->file, st->off,
						    "a list is indexed by a number, not by \"%s\"",
						    name ? name : "?");
			}
		} else {
			idx = key->num;
		}
		if (idx < 0 || idx != floor(idx) || idx >= (double)v->n)
			return hcl_error_at(e->file, st->off,
					    "index %g out of range (the list has %zu elements)",
					    idx, v->n);
		if ((error = force_at(&v->items[(size_t)idx], ev, e)) < 0)
			return error;
		*cur = v->items[(size_t)idx];
		return 0;
	}
	return hcl_error_at(e->file, st->off, "cannot access %s%s of a %s value",
			    name ? "attribute " : "an index",
			    name ? name : "", hcl_vkind_name(v->kind));
}

static int eval_trav(hcl_value **out, hcl_eval *ev, const hcl_scope *scope,
		     const hcl_expr *e)
{
	hcl_value *v;
	ut_buf what = UT_BUF_INIT;
	int error = 0;

	if (e->base) {
		if ((error = hcl_eval_expr(&v, ev, scope, e->base)) < 0)
			return error;
		ut_buf_puts(&what, "the value");
	} else {
		const hcl_scope *found = NULL;
		v = scope_get(scope, e->name, &found);
		if (!v && ev->symbolic) {
			v = val_new(ev, HCL_V_REF);
			v->n = 1;
			v->keys = ut_arena_alloc(&ev->arena, sizeof(char *));
			v->keys[0] = e->name;
		} else if (!v) {
			return hcl_error_at(e->file, e->off,
					    "unknown variable \"%s\"", e->name);
		} else if (v->kind == HCL_V_LAZY) {
			/* the lazy value remembers its result */
			if ((error = force_at(&v, ev, e)) < 0)
				return error;
		}
		ut_buf_puts(&what, e->name);
	}
	for (size_t i = 0; i < e->nsteps; i++) {
		if ((error = eval_step(&v, ev, scope, e, &e->steps[i], what.ptr)) < 0)
			break;
		if (e->steps[i].name)
			ut_buf_printf(&what, ".%s", e->steps[i].name);
		else
			ut_buf_puts(&what, "[...]");
	}
	ut_buf_release(&what);
	*out = v;
	return error;
}

static int template_piece(ut_buf *b, hcl_eval *ev, const hcl_expr *e,
			  hcl_value *v)
{
	const char *s = hcl_value_text(ev, v);
	if (!s)
		return hcl_error_at(e->file, e->off,
				    "cannot use a %s value in a string template",
				    hcl_vkind_name(v->kind));
	ut_buf_puts(b, s);
	return 0;
}

static int eval_binop(hcl_value **out, hcl_eval *ev, const hcl_scope *scope,
		      const hcl_expr *e)
{
	hcl_value *a, *b;
	int error;

	if ((error = hcl_eval_expr(&a, ev, scope, e->a)) < 0)
		return error;
	if (e->op == OP_AND || e->op == OP_OR) {
		if (a->kind != HCL_V_BOOL)
			return hcl_error_at(e->file, e->a->off,
					    "a bool is required, got a %s",
					    hcl_vkind_name(a->kind));
		if ((e->op == OP_AND && !a->b) || (e->op == OP_OR && a->b)) {
			*out = hcl_val_bool(ev, a->b);
			return 0;
		}
		if ((error = hcl_eval_expr(&b, ev, scope, e->b)) < 0)
			return error;
		if (b->kind != HCL_V_BOOL)
			return hcl_error_at(e->file, e->b->off,
					    "a bool is required, got a %s",
					    hcl_vkind_name(b->kind));
		*out = hcl_val_bool(ev, b->b);
		return 0;
	}
	if ((error = hcl_eval_expr(&b, ev, scope, e->b)) < 0)
		return error;
	if (e->op == OP_EQ || e->op == OP_NE) {
		if ((error = force_deep(&a, ev, e)) < 0 ||
		    (error = force_deep(&b, ev, e)) < 0)
			return error;
		bool eq = values_equal(a, b);
		*out = hcl_val_bool(ev, e->op == OP_EQ ? eq : !eq);
		return 0;
	}
	double x, y;
	const hcl_value *vals[2] = { a, b };
	double nums[2];
	for (int i = 0; i < 2; i++) {
		if (vals[i]->kind == HCL_V_NUMBER) {
			nums[i] = vals[i]->num;
		} else if (vals[i]->kind == HCL_V_STRING) {
			char *end;
			nums[i] = strtod(vals[i]->str, &end);
			if (!*vals[i]->str || *end)
				return hcl_error_at(e->file,
						    (i ? e->b : e->a)->off,
						    "a number is required, got \"%s\"",
						    vals[i]->sensitive
							    ? "(sensitive value)"
							    : vals[i]->str);
		} else {
			return hcl_error_at(e->file, (i ? e->b : e->a)->off,
					    "a number is required, got a %s",
					    hcl_vkind_name(vals[i]->kind));
		}
	}
	x = nums[0];
	y = nums[1];
	switch (e->op) {
	case OP_LT: *out = hcl_val_bool(ev, x < y); return 0;
	case OP_LE: *out = hcl_val_bool(ev, x <= y); return 0;
	case OP_GT: *out = hcl_val_bool(ev, x > y); return 0;
	case OP_GE: *out = hcl_val_bool(ev, x >= y); return 0;
	case OP_ADD: *out = hcl_val_number(ev, x + y); return 0;
	case OP_SUB: *out = hcl_val_number(ev, x - y); return 0;
	case OP_MUL: *out = hcl_val_number(ev, x * y); return 0;
	case OP_DIV:
	case OP_MOD:
		if (y == 0)
			return hcl_error_at(e->file, e->off, "division by zero");
		*out = hcl_val_number(ev, e->op == OP_DIV ? x / y : fmod(x, y));
		return 0;
	default:
		return hcl_error_at(e->file, e->off, "bad operator");
	}
}

static int eval_for(hcl_value **out, hcl_eval *ev, const hcl_scope *scope,
		    const hcl_expr *e)
{
	hcl_value *coll, *res;
	UT_VEC(hcl_value *) vals = UT_VEC_INIT;
	UT_VEC(const char *) keys = UT_VEC_INIT;
	int error;

	if ((error = hcl_eval_expr(&coll, ev, scope, e->a)) < 0)
		return error;
	if (coll->kind != HCL_V_LIST && coll->kind != HCL_V_OBJECT)
		return hcl_error_at(e->file, e->a->off,
				    "cannot iterate over a %s value",
				    hcl_vkind_name(coll->kind));
	for (size_t i = 0; i < coll->n; i++) {
		hcl_scope inner;
		hcl_value *k, *v, *cond, *kv;

		if ((error = force_at(&coll->items[i], ev, e)) < 0)
			break;
		hcl_scope_init(&inner, scope);
		k = coll->kind == HCL_V_OBJECT ? hcl_val_string(ev, coll->keys[i])
					       : hcl_val_number(ev, (double)i);
		if (e->kvar)
			hcl_scope_set(&inner, e->kvar, k);
		hcl_scope_set(&inner, e->vvar, coll->items[i]);
		if (e->c) {
			error = hcl_eval_expr(&cond, ev, &inner, e->c);
			if (error == 0 && cond->kind != HCL_V_BOOL)
				error = hcl_error_at(e->file, e->c->off,
						     "the condition must be a bool");
			if (error < 0 || !cond->b) {
				hcl_scope_release(&inner);
				if (error < 0)
					break;
				continue;
			}
		}
		if (e->obj_for) {
			error = hcl_eval_expr(&kv, ev, &inner, e->k);
			if (error == 0 && !hcl_value_text(ev, kv))
				error = hcl_error_at(e->file, e->k->off,
						     "object keys must be strings");
			if (error == 0)
				ut_vec_push(&keys, hcl_value_text(ev, kv));
		}
		if (error == 0)
			error = hcl_eval_expr(&v, ev, &inner, e->b);
		if (error == 0)
			ut_vec_push(&vals, v);
		hcl_scope_release(&inner);
		if (error < 0)
			break;
	}
	if (error == 0) {
		res = e->obj_for ? hcl_val_object(ev, vals.len)
				 : hcl_val_list(ev, vals.len);
		for (size_t i = 0; i < vals.len; i++) {
			res->items[i] = vals.items[i];
			if (e->obj_for)
				res->keys[i] = keys.items[i];
		}
		*out = res;
	}
	ut_vec_release(&vals);
	ut_vec_release(&keys);
	return error;
}

/* %{ if }: the branch's text; a missing %{ else } gives "". */
static int eval_tif(hcl_value **out, hcl_eval *ev, const hcl_scope *scope,
		    const hcl_expr *e)
{
	hcl_value *c;
	bool yes;
	int error;

	if ((error = hcl_eval_expr(&c, ev, scope, e->a)) < 0)
		return error;
	/* strings "true"/"false" convert, as --var values arrive as text */
	if (c->kind == HCL_V_BOOL)
		yes = c->b;
	else if (c->kind == HCL_V_STRING &&
		 (!strcmp(c->str, "true") || !strcmp(c->str, "false")))
		yes = !strcmp(c->str, "true");
	else
		return hcl_error_at(e->file, e->a->off,
				    "the condition of %%{ if } must be a bool, got a %s",
				    hcl_vkind_name(c->kind));
	if (yes)
		return hcl_eval_expr(out, ev, scope, e->b);
	if (e->c)
		return hcl_eval_expr(out, ev, scope, e->c);
	*out = hcl_val_string(ev, "");
	return 0;
}

/* %{ for }: the body's text once per element, concatenated. */
static int eval_tfor(hcl_value **out, hcl_eval *ev, const hcl_scope *scope,
		     const hcl_expr *e)
{
	hcl_value *coll, *v;
	ut_buf b = UT_BUF_INIT;
	bool sensitive = false;
	int error;

	if ((error = hcl_eval_expr(&coll, ev, scope, e->a)) < 0)
		return error;
	if (coll->kind != HCL_V_LIST && coll->kind != HCL_V_OBJECT)
		return hcl_error_at(e->file, e->a->off,
				    "%%{ for } cannot iterate over a %s value",
				    hcl_vkind_name(coll->kind));
	for (size_t i = 0; i < coll->n; i++) {
		hcl_scope inner;
		if ((error = force_at(&coll->items[i], ev, e)) < 0)
			break;
		hcl_scope_init(&inner, scope);
		if (e->kvar)
			hcl_scope_set(&inner, e->kvar,
				      coll->kind == HCL_V_OBJECT
					      ? hcl_val_string(ev, coll->keys[i])
					      : hcl_val_number(ev, (double)i));
		hcl_scope_set(&inner, e->vvar, coll->items[i]);
		error = hcl_eval_expr(&v, ev, &inner, e->b);
		if (error == 0) {
			sensitive |= v->sensitive;
			error = template_piece(&b, ev, e->b, v);
		}
		hcl_scope_release(&inner);
		if (error < 0)
			break;
	}
	if (error == 0) {
		*out = hcl_val_string(ev, b.ptr);
		(*out)->sensitive = sensitive || coll->sensitive;
	}
	ut_buf_release(&b);
	return error;
}

int hcl_eval_expr(hcl_value **out, hcl_eval *ev, const hcl_scope *scope,
		  const hcl_expr *e)
{
	hcl_value *v, *a;
	int error = 0;

	*out = NULL;
	if (!scope)
		scope = &ev->root;
	switch (e->kind) {
	case E_LIT:
		*out = e->val;
		return 0;
	case E_TEMPLATE: {
		ut_buf b = UT_BUF_INIT;
		bool sensitive = false;
		for (size_t i = 0; i < e->n && error == 0; i++) {
			if ((error = hcl_eval_expr(&a, ev, scope, e->items[i])) < 0)
				break;
			sensitive |= a->sensitive;
			error = template_piece(&b, ev, e->items[i], a);
		}
		if (error == 0) {
			v = hcl_val_string(ev, b.ptr);
			v->sensitive = sensitive;
			*out = v;
		}
		ut_buf_release(&b);
		return error;
	}
	case E_TUPLE:
		v = hcl_val_list(ev, e->n);
		for (size_t i = 0; i < e->n; i++)
			if ((error = hcl_eval_expr(&v->items[i], ev, scope,
						   e->items[i])) < 0)
				return error;
		*out = v;
		return 0;
	case E_OBJECT:
		v = hcl_val_object(ev, e->n);
		for (size_t i = 0; i < e->n; i++) {
			const hcl_expr *k = e->keys[i];
			if (k->kind == E_TRAV && !k->base && !k->nsteps) {
				v->keys[i] = k->name; /* bare word key */
			} else {
				if ((error = hcl_eval_expr(&a, ev, scope, k)) < 0)
					return error;
				v->keys[i] = hcl_value_text(ev, a);
				if (!v->keys[i])
					return hcl_error_at(k->file, k->off,
							    "object keys must be strings");
			}
			if ((error = hcl_eval_expr(&v->items[i], ev, scope,
						   e->items[i])) < 0)
				return error;
		}
		*out = v;
		return 0;
	case E_TRAV:
		return eval_trav(out, ev, scope, e);
	case E_CALL:
		return hcl__call(out, ev, scope, e);
	case E_COND:
		if ((error = hcl_eval_expr(&a, ev, scope, e->a)) < 0)
			return error;
		if (a->kind != HCL_V_BOOL)
			return hcl_error_at(e->file, e->a->off,
					    "the condition must be a bool, got a %s",
					    hcl_vkind_name(a->kind));
		return hcl_eval_expr(out, ev, scope, a->b ? e->b : e->c);
	case E_BINOP:
		return eval_binop(out, ev, scope, e);
	case E_UNOP:
		if ((error = hcl_eval_expr(&a, ev, scope, e->a)) < 0)
			return error;
		if (e->op == OP_NOT) {
			if (a->kind != HCL_V_BOOL)
				return hcl_error_at(e->file, e->a->off,
						    "'!' needs a bool, got a %s",
						    hcl_vkind_name(a->kind));
			*out = hcl_val_bool(ev, !a->b);
			return 0;
		}
		if (a->kind != HCL_V_NUMBER)
			return hcl_error_at(e->file, e->a->off,
					    "'-' needs a number, got a %s",
					    hcl_vkind_name(a->kind));
		*out = hcl_val_number(ev, -a->num);
		if (a->str) {
			(*out)->str = ut_arena_printf(&ev->arena, "-%s", a->str);
		}
		return 0;
	case E_FOR:
		return eval_for(out, ev, scope, e);
	case E_TIF:
		return eval_tif(out, ev, scope, e);
	case E_TFOR:
		return eval_tfor(out, ev, scope, e);
	}
	return hcl_error_at(e->file, e->off, "bad expression");
}

int hcl_for_each(hcl_value ***keys, hcl_value ***values, size_t *n, bool *has,
		 hcl_eval *ev, const hcl_scope *scope, const hcl_block *b)
{
	const hcl_attr *a = hcl_body_attr(b->body, "for_each");
	hcl_value *coll;
	int error;

	*keys = *values = NULL;
	*n = 1;
	*has = false;
	if (!a)
		return 0;
	*has = true;
	if ((error = hcl_eval_expr(&coll, ev, scope, a->expr)) < 0)
		return error;
	if (coll->kind != HCL_V_LIST && coll->kind != HCL_V_OBJECT)
		return hcl_error_at(a->expr->file, a->expr->off,
				    "for_each needs a set, list or map, got a %s",
				    hcl_vkind_name(coll->kind));
	*n = coll->n;
	if (!coll->n)
		return 0;
	*keys = ut_arena_alloc(&ev->arena, coll->n * sizeof(hcl_value *));
	*values = ut_arena_alloc(&ev->arena, coll->n * sizeof(hcl_value *));
	for (size_t i = 0; i < coll->n; i++) {
		if ((error = force_at(&coll->items[i], ev, a->expr)) < 0)
			return error;
		(*values)[i] = coll->items[i];
		if (coll->kind == HCL_V_OBJECT)
			(*keys)[i] = hcl_val_string(ev, coll->keys[i]);
		else
			(*keys)[i] = coll->items[i];
	}
	return 0;
}

int hcl__force_deep(hcl_value **v, hcl_eval *ev, const hcl_expr *at)
{
	return force_deep(v, ev, at);
}
