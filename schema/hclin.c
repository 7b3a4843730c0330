/* SPDX-License-Identifier: MIT */
/*
 * schema/hclin.c: HCL schema documents to a realm (the reader of what
 * schema/hclout.c writes). Documents are evaluated in symbolic mode:
 * `bigint`, `column.id` and `table.users.column.id` are references and
 * `varchar(255)` is a call, read here into SQL type text. Blocks may use
 * for_each (each.key, each.value) and a `name` attribute that overrides
 * the label; `variable` and `locals` blocks work as in project files.
 */
#include "hclin.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hcl.h"
#include "schema.h"
#include "ut.h"

/* A reference checked once every table is read. */
typedef struct pending {
	const hcl_expr *at; /* where it was written */
	sm_table *table;    /* whose columns (or foreign key) */
	sm_foreign_key *fk; /* NULL: cols name columns of table */
	sm_strs cols;       /* a copy: items live in the realm's arena */
} pending;

/*
 * A column typed `enum.<name>` (or domain., composite.), resolved once
 * every type is read.
 */
typedef struct enum_ref {
	const hcl_expr *at;
	sm_column *col;
	const char *name;
	sm_type_kind kind;
} enum_ref;

typedef struct rd {
	sm_realm *r;
	hcl_eval *ev;
	const char *dialect;
	const hcl_scope *scope; /* scope of the block being read */
	sm_table *table;        /* the table being read */
	UT_VEC(pending) refs;
	UT_VEC(enum_ref) enums;
} rd;

static _Thread_local char **inputs;
static _Thread_local size_t ninputs;

/* Typed inputs bound to a source (data "hcl_schema" vars). */
typedef struct bound {
	char *key;
	char **exprs; /* "name=<HCL expression>" */
	size_t n;
} bound;

static _Thread_local UT_VEC(bound) bindings;

void sm_hcl_bind_inputs(const char *key, const char *const *exprs, size_t n)
{
	if (!key) {
		for (size_t i = 0; i < bindings.len; i++) {
			free(bindings.items[i].key);
			ut_strlist_free(bindings.items[i].exprs, bindings.items[i].n);
		}
		ut_vec_release(&bindings);
		return;
	}
	bound b = { ut_xstrdup(key), ut_xcalloc(n + 1, sizeof(char *)), n };
	for (size_t i = 0; i < n; i++)
		b.exprs[i] = ut_xstrdup(exprs[i]);
	ut_vec_push(&bindings, b);
}

const char *const *sm_hcl_bound_inputs(const char *key, size_t *n)
{
	/* the last binding of key wins */
	for (size_t i = bindings.len; i-- > 0;)
		if (!strcmp(bindings.items[i].key, key)) {
			*n = bindings.items[i].n;
			return (const char *const *)bindings.items[i].exprs;
		}
	*n = 0;
	return NULL;
}

void sm_hcl_set_inputs(const char *const *vars, size_t n)
{
	ut_strlist_free(inputs, ninputs);
	inputs = NULL;
	ninputs = 0;
	if (!n)
		return;
	inputs = ut_xcalloc(n, sizeof(char *));
	for (size_t i = 0; i < n; i++)
		inputs[i] = ut_xstrdup(vars[i]);
	ninputs = n;
}

/* ---- value helpers ------------------------------------------------------ */

static int attr_val(hcl_value **out, const hcl_attr **at, rd *x,
		    const hcl_body *b, const char *name)
{
	const hcl_attr *a = hcl_body_attr(b, name);
	*out = NULL;
	if (at)
		*at = a;
	if (!a)
		return 0;
	return hcl_eval_expr(out, x->ev, x->scope, a->expr);
}

static int bad_attr(const hcl_attr *a, const char *want, const hcl_value *v)
{
	return hcl_error_at(hcl_expr_file(a->expr), hcl_expr_off(a->expr),
			    "attribute '%s' must be %s, got a %s", a->name, want,
			    hcl_vkind_name(v->kind));
}

static int get_bool(bool *out, rd *x, const hcl_body *b, const char *name,
		    bool def)
{
	const hcl_attr *a;
	hcl_value *v;
	int error = attr_val(&v, &a, x, b, name);
	*out = def;
	if (error < 0 || !v || v->kind == HCL_V_NULL)
		return error;
	if (v->kind == HCL_V_BOOL)
		*out = v->b;
	else if (v->kind == HCL_V_STRING && (!strcmp(v->str, "true") ||
					     !strcmp(v->str, "false")))
		*out = !strcmp(v->str, "true");
	else
		return bad_attr(a, "a bool", v);
	return 0;
}

/* A string attribute, or a bare word (reference of one step). */
static int get_word(const char **out, rd *x, const hcl_body *b,
		    const char *name)
{
	const hcl_attr *a;
	hcl_value *v;
	int error = attr_val(&v, &a, x, b, name);
	*out = NULL;
	if (error < 0 || !v || v->kind == HCL_V_NULL)
		return error;
	if (v->kind == HCL_V_REF && v->n == 1)
		*out = v->keys[0];
	else if (hcl_value_text(x->ev, v))
		*out = hcl_value_text(x->ev, v);
	else
		return bad_attr(a, "a string", v);
	*out = sm_strdup(x->r, *out);
	return 0;
}

static int get_int(int64_t *out, bool *has, rd *x, const hcl_body *b,
		   const char *name)
{
	const hcl_attr *a;
	hcl_value *v;
	int error = attr_val(&v, &a, x, b, name);
	if (has)
		*has = false;
	if (error < 0 || !v || v->kind == HCL_V_NULL)
		return error;
	if (v->kind != HCL_V_NUMBER || v->num != floor(v->num))
		return bad_attr(a, "an integer", v);
	/*
	 * A literal keeps its text: 9223372036854775807 (a sequence's
	 * MAXVALUE) is no double, and the cast of its double overflows.
	 */
	if (v->str) {
		char *end;
		errno = 0;
		long long n = strtoll(v->str, &end, 10);
		if (*end == '\0' && end != v->str && errno == 0) {
			*out = (int64_t)n;
			goto done;
		}
	}
	if (!(v->num >= -9223372036854775808.0 && v->num < 9223372036854775808.0))
		return hcl_error_at(hcl_expr_file(a->expr), hcl_expr_off(a->expr),
				    "attribute '%s': %s is out of range for an integer",
				    a->name, hcl_value_text(x->ev, v));
	*out = (int64_t)v->num;
done:
	if (has)
		*has = true;
	return 0;
}

/* "NO_ACTION" -> "NO ACTION". */
static const char *spaced(rd *x, const char *w)
{
	char *s = ut_arena_strdup(&x->r->arena, w);
	for (char *p = s; *p; p++)
		if (*p == '_')
			*p = ' ';
	return s;
}

/* The last step of a reference `<kind>.<name>` (or its table form). */
static const char *ref_last(const hcl_value *v, const char *kind)
{
	if (!v || v->kind != HCL_V_REF || v->n < 2)
		return NULL;
	if (strcmp(v->keys[v->n - 2], kind) != 0)
		return NULL;
	return v->keys[v->n - 1];
}

/* ---- types and defaults ------------------------------------------------ */

/* Atlas spells multi-word types with underscores. */
static const char *const spaced_types[] = {
	"double_precision", "unsigned_big_int", "varying_character",
	"native_character", "character_varying", "bit_varying",
	"time_with_time_zone", "time_without_time_zone",
	"timestamp_with_time_zone", "timestamp_without_time_zone", NULL,
};

/*
 * Whether v refers to a user type: enum.<name>, domain.<name>,
 * composite.<name> (PostgreSQL); *kind (may be NULL) says which.
 */
static bool usertype_ref(const hcl_value *v, sm_type_kind *kind)
{
	static const struct {
		const char *word;
		sm_type_kind kind;
	} kinds[] = {
		{ "enum", SM_TYPE_ENUM },
		{ "domain", SM_TYPE_DOMAIN },
		{ "composite", SM_TYPE_COMPOSITE },
	};

	if (v->kind != HCL_V_REF || v->n != 2)
		return false;
	for (size_t i = 0; i < UT_ARRAY_SIZE(kinds); i++)
		if (!strcmp(v->keys[0], kinds[i].word)) {
			if (kind)
				*kind = kinds[i].kind;
			return true;
		}
	return false;
}

static int column_type(const char **out, rd *x, const hcl_attr *a,
		       const hcl_value *v)
{
	ut_buf b = UT_BUF_INIT;

	if (v->kind == HCL_V_RAW || v->kind == HCL_V_STRING) {
		*out = sm_strdup(x->r, v->str);
		return 0;
	}
	if (usertype_ref(v, NULL)) {
		*out = sm_strdup(x->r, v->keys[1]);
		return 0;
	}
	if (v->kind == HCL_V_REF && v->n == 1) {
		for (int i = 0; spaced_types[i]; i++)
			if (!strcmp(v->keys[0], spaced_types[i])) {
				*out = spaced(x, v->keys[0]);
				return 0;
			}
		*out = sm_strdup(x->r, v->keys[0]);
		return 0;
	}
	if (v->kind == HCL_V_CALL) {
		ut_buf_puts(&b, v->str);
		ut_buf_putc(&b, '(');
		for (size_t i = 0; i < v->n; i++) {
			const hcl_value *arg = v->items[i];
			const char *t = hcl_value_text(x->ev, arg);
			if (i)
				ut_buf_putc(&b, ',');
			if (arg->kind == HCL_V_STRING) {
				/* enum("a","b") and set(...) of MySQL */
				ut_buf_putc(&b, '\'');
				for (const char *p = arg->str; *p; p++) {
					if (*p == '\'')
						ut_buf_putc(&b, '\'');
					ut_buf_putc(&b, *p);
				}
				ut_buf_putc(&b, '\'');
			} else if (t) {
				ut_buf_puts(&b, t);
			} else {
				ut_buf_release(&b);
				return bad_attr(a, "a type", v);
			}
		}
		ut_buf_putc(&b, ')');
		*out = sm_strdup(x->r, b.ptr);
		ut_buf_release(&b);
		return 0;
	}
	return bad_attr(a, "a type (int, varchar(255), sql(\"...\"))", v);
}

/* A default as SQL text: numbers and sql() as they are, strings quoted. */
static int sql_value(const char **out, rd *x, const hcl_attr *a,
		     const hcl_value *v)
{
	ut_buf b = UT_BUF_INIT;
	bool backslash = !strcmp(x->dialect, "mysql");
	static const char escaped[] = "\\\n\r\032", escape[] = "\\nrZ";

	switch (v->kind) {
	case HCL_V_RAW:
		*out = sm_strdup(x->r, v->str);
		return 0;
	case HCL_V_NUMBER:
	case HCL_V_BOOL:
		*out = sm_strdup(x->r, hcl_value_text(x->ev, v));
		return 0;
	case HCL_V_STRING:
		/*
		 * The value as a SQL literal. MySQL reads backslashes in
		 * literals as escapes: they are escaped too, as the MySQL
		 * dialect quotes literals (and as MariaDB reports them).
		 */
		ut_buf_putc(&b, '\'');
		for (const char *p = v->str; *p; p++) {
			if (*p == '\'')
				ut_buf_putc(&b, '\'');
			if (backslash && strchr(escaped, *p)) {
				ut_buf_putc(&b, '\\');
				ut_buf_putc(&b, escape[strchr(escaped, *p) - escaped]);
				continue;
			}
			ut_buf_putc(&b, *p);
		}
		ut_buf_putc(&b, '\'');
		*out = sm_strdup(x->r, b.ptr);
		ut_buf_release(&b);
		return 0;
	case HCL_V_REF:
		if (v->n == 1) {
			*out = sm_strdup(x->r, v->keys[0]);
			return 0;
		}
		break;
	default:
		break;
	}
	return bad_attr(a, "a value or sql(\"expr\")", v);
}

/* ---- blocks ------------------------------------------------------------ */

/* Name of a block: its `name` attribute, else its last label. */
static int block_name(const char **out, rd *x, const hcl_block *b, size_t want)
{
	const char *n = NULL;
	int error = get_word(&n, x, b->body, "name");
	if (error < 0)
		return error;
	if (n) {
		*out = n;
		return 0;
	}
	if (b->nlabels < want || b->nlabels == 0) {
		if (want == 0) {
			*out = "";
			return 0;
		}
		return hcl_error_at(b->body->file, b->off,
				    "block '%s' needs a name label", b->type);
	}
	*out = sm_strdup(x->r, b->labels[b->nlabels - 1]);
	return 0;
}

static int column_list(sm_strs *out, rd *x, const hcl_body *b,
		       const char *name, const char *table_for_self)
{
	const hcl_attr *a;
	hcl_value *v;
	int error = attr_val(&v, &a, x, b, name);
	(void)table_for_self;
	if (error < 0 || !v)
		return error;
	if (v->kind != HCL_V_LIST)
		return bad_attr(a, "a list of column references", v);
	for (size_t i = 0; i < v->n; i++) {
		const char *c = ref_last(v->items[i], "column");
		if (!c && v->items[i]->kind == HCL_V_STRING)
			c = v->items[i]->str;
		if (!c)
			return bad_attr(a, "a list of column references",
					v->items[i]);
		sm_strs_add(x->r, out, c);
	}
	if (x->table) {
		pending pd = { a->expr, x->table, NULL, *out };
		ut_vec_push(&x->refs, pd);
	}
	return 0;
}

static int read_parts(rd *x, sm_index *idx, const hcl_body *b)
{
	sm_strs cols = { 0 };
	const char *s;
	int error;

	if ((error = column_list(&cols, x, b, "columns", NULL)) < 0)
		return error;
	for (size_t i = 0; i < cols.len; i++)
		sm_index_add_column(x->r, idx, cols.items[i], false);
	for (size_t i = 0; i < b->n; i++) {
		const hcl_block *on = b->items[i].block;
		const hcl_attr *a;
		hcl_value *v;
		bool desc;
		int64_t prefix = 0;
		if (!on || strcmp(on->type, "on") != 0)
			continue;
		if ((error = get_bool(&desc, x, on->body, "desc", false)) < 0)
			return error;
		if ((error = attr_val(&v, &a, x, on->body, "column")) < 0)
			return error;
		if (v) {
			const char *c = ref_last(v, "column");
			if (!c)
				return bad_attr(a, "a column reference", v);
			sm_index_add_column(x->r, idx, c, desc);
		} else {
			if ((error = get_word(&s, x, on->body, "expr")) < 0)
				return error;
			if (!s)
				return hcl_error_at(on->body->file, on->off,
						    "'on' needs a column or an expr");
			sm_index_add_expr(x->r, idx, s, desc);
		}
		sm_index_part *p = &ut_vec_last(&idx->parts);
		if ((error = get_int(&prefix, NULL, x, on->body, "prefix")) < 0)
			return error;
		p->prefix = (int)prefix;
		if ((error = get_word(&p->opclass, x, on->body, "ops")) < 0)
			return error;
		if ((error = get_word(&p->collation, x, on->body, "collate")) < 0)
			return error;
	}
	if ((error = get_word(&s, x, b, "type")) < 0)
		return error;
	if (s) {
		/* BTREE as the dialects report it: lower-case for PG */
		char *m = ut_arena_strdup(&x->r->arena, s);
		if (strcmp(x->dialect, "mysql") != 0)
			for (char *p = m; *p; p++)
				*p = (char)tolower((unsigned char)*p);
		idx->method = m;
	}
	if ((error = get_word(&idx->where, x, b, "where")) < 0)
		return error;
	if ((error = column_list(&idx->include, x, b, "include", NULL)) < 0)
		return error;
	bool nd;
	if ((error = get_bool(&nd, x, b, "nulls_distinct", true)) < 0)
		return error;
	idx->nulls_not_distinct = !nd;
	return get_word(&idx->obj.comment, x, b, "comment");
}

static int read_column(rd *x, sm_table *t, const hcl_block *b)
{
	const char *name, *type = NULL;
	const hcl_attr *a;
	hcl_value *v;
	sm_column *c;
	bool unsig;
	int error;

	if ((error = block_name(&name, x, b, 1)) < 0)
		return error;
	if ((error = attr_val(&v, &a, x, b->body, "type")) < 0)
		return error;
	if (!v)
		return hcl_error_at(b->body->file, b->off,
				    "column \"%s\" has no type", name);
	if ((error = column_type(&type, x, a, v)) < 0)
		return error;
	if ((error = get_bool(&unsig, x, b->body, "unsigned", false)) < 0)
		return error;
	if (unsig)
		type = ut_arena_printf(&x->r->arena, "%s unsigned", type);
	c = sm_column_add(x->r, t, name, type);
	{
		enum_ref er = { a->expr, c, type, SM_TYPE_ENUM };
		if (usertype_ref(v, &er.kind))
			ut_vec_push(&x->enums, er);
	}
	if ((error = get_bool(&c->nullable, x, b->body, "null", false)) < 0)
		return error;
	if ((error = attr_val(&v, &a, x, b->body, "default")) < 0)
		return error;
	if (v && v->kind != HCL_V_NULL &&
	    (error = sql_value(&c->default_expr, x, a, v)) < 0)
		return error;
	if ((error = attr_val(&v, &a, x, b->body, "on_update")) < 0)
		return error;
	if (v && v->kind != HCL_V_NULL &&
	    (error = sql_value(&c->on_update, x, a, v)) < 0)
		return error;
	if ((error = get_bool(&c->auto_increment, x, b->body, "auto_increment",
			      false)) < 0 ||
	    (error = get_bool(&c->invisible, x, b->body, "invisible", false)) < 0 ||
	    (error = get_word(&c->charset, x, b->body, "charset")) < 0 ||
	    (error = get_word(&c->collation, x, b->body, "collate")) < 0 ||
	    (error = get_word(&c->obj.comment, x, b->body, "comment")) < 0)
		return error;
	/* `as = "expr"` or `as { expr = ... type = STORED }` */
	if ((error = get_word(&c->generated, x, b->body, "as")) < 0)
		return error;
	for (size_t i = 0; i < b->body->n; i++) {
		const hcl_block *sb = b->body->items[i].block;
		const char *w;
		if (!sb)
			continue;
		if (!strcmp(sb->type, "as")) {
			if ((error = get_word(&c->generated, x, sb->body, "expr")) < 0 ||
			    (error = get_word(&w, x, sb->body, "type")) < 0)
				return error;
			c->generated_stored = w && ut_str_ieq(w, "STORED");
		} else if (!strcmp(sb->type, "identity")) {
			bool has;
			if ((error = get_word(&w, x, sb->body, "generated")) < 0)
				return error;
			c->identity = w ? spaced(x, w) : "BY DEFAULT";
			c->identity_start = c->identity_increment = 1;
			if ((error = get_int(&c->identity_start, &has, x, sb->body,
					     "start")) < 0 ||
			    (error = get_int(&c->identity_increment, &has, x,
					     sb->body, "increment")) < 0 ||
			    (error = get_word(&w, x, sb->body, "sequence")) < 0)
				return error;
			if (w)
				sm_attr_set(x->r, &c->attrs, "identity_sequence", w);
		}
	}
	return 0;
}

/* Whether label is the made-up name hclout gives an unnamed key. */
static bool is_made_up_fk_label(const char *label, const sm_strs *cols)
{
	ut_buf b = UT_BUF_INIT;
	bool eq;
	for (size_t i = 0; i < cols->len; i++) {
		if (i)
			ut_buf_putc(&b, '_');
		ut_buf_puts(&b, cols->items[i]);
	}
	eq = strcmp(b.ptr, label) == 0;
	ut_buf_release(&b);
	return eq;
}

static int read_fk(rd *x, sm_table *t, const hcl_block *b)
{
	const char *name, *w;
	const hcl_attr *a;
	hcl_value *v;
	sm_foreign_key *fk;
	int error;

	if ((error = block_name(&name, x, b, 1)) < 0)
		return error;
	fk = sm_fk_add(x->r, t, name);
	if ((error = column_list(&fk->columns, x, b->body, "columns", NULL)) < 0)
		return error;
	if (is_made_up_fk_label(name, &fk->columns) &&
	    !hcl_body_attr(b->body, "name"))
		fk->obj.name = "";
	if ((error = attr_val(&v, &a, x, b->body, "ref_columns")) < 0)
		return error;
	if (!v || v->kind != HCL_V_LIST || v->n == 0)
		return hcl_error_at(b->body->file, b->off,
				    "foreign key \"%s\" needs ref_columns", name);
	for (size_t i = 0; i < v->n; i++) {
		const hcl_value *r = v->items[i];
		const char *col = ref_last(r, "column");
		if (!col)
			return bad_attr(a, "a list of column references", r);
		if (r->n == 2) {
			fk->ref_table = t->obj.name; /* column.x: the same table */
		} else if (r->n == 4 && !strcmp(r->keys[0], "table")) {
			fk->ref_table = sm_strdup(x->r, r->keys[1]);
		} else if (r->n == 5 && !strcmp(r->keys[0], "table")) {
			fk->ref_schema = sm_strdup(x->r, r->keys[1]);
			fk->ref_table = sm_strdup(x->r, r->keys[2]);
		} else {
			return bad_attr(a, "references like table.t.column.c", r);
		}
		sm_strs_add(x->r, &fk->ref_columns, col);
	}
	{
		pending pd = { a->expr, t, fk, fk->ref_columns };
		ut_vec_push(&x->refs, pd);
	}
	if ((error = get_word(&w, x, b->body, "on_update")) < 0)
		return error;
	fk->on_update = w ? spaced(x, w) : NULL;
	if ((error = get_word(&w, x, b->body, "on_delete")) < 0)
		return error;
	fk->on_delete = w ? spaced(x, w) : NULL;
	return 0;
}

static int read_table_body(rd *x, sm_table *t, const char *name,
			   const hcl_block *b);

static int read_table(rd *x, sm_schema *s, const char *name,
		      const hcl_block *b)
{
	sm_table *t = sm_table_add(x->r, s, name);
	int rc;

	x->table = t;
	rc = read_table_body(x, t, name, b);
	x->table = NULL;
	return rc;
}

static int read_table_body(rd *x, sm_table *t, const char *name,
			   const hcl_block *b)
{
	const char *w;
	bool f;
	int error;

	if ((error = get_word(&t->obj.comment, x, b->body, "comment")) < 0 ||
	    (error = get_word(&t->charset, x, b->body, "charset")) < 0 ||
	    (error = get_word(&t->collation, x, b->body, "collate")) < 0 ||
	    (error = get_word(&w, x, b->body, "engine")) < 0)
		return error;
	if (w)
		sm_attr_set(x->r, &t->attrs, "engine", w);
	/* MySQL table options */
	{
		int64_t ai;
		bool has;
		if ((error = get_int(&ai, &has, x, b->body, "auto_increment")) < 0)
			return error;
		if (has)
			sm_attr_set(x->r, &t->attrs, "auto_increment",
				    ut_arena_printf(&x->r->arena, "%" PRId64, ai));
		if ((error = get_word(&w, x, b->body, "row_format")) < 0)
			return error;
		if (w)
			sm_attr_set(x->r, &t->attrs, "row_format", w);
		if ((error = get_bool(&f, x, b->body, "system_versioning",
				      false)) < 0)
			return error;
		if (f)
			sm_attr_set(x->r, &t->attrs, "system_versioning", "");
	}
	if ((error = get_word(&w, x, b->body, "virtual")) < 0)
		return error;
	if (w)
		sm_attr_set(x->r, &t->attrs, "virtual", w);
	if ((error = get_bool(&f, x, b->body, "without_rowid", false)) < 0)
		return error;
	if (f)
		sm_attr_set(x->r, &t->attrs, "without_rowid", "");
	if ((error = get_bool(&f, x, b->body, "strict", false)) < 0)
		return error;
	if (f)
		sm_attr_set(x->r, &t->attrs, "strict", "");
	for (size_t i = 0; i < b->body->n; i++) {
		const hcl_block *sb = b->body->items[i].block;
		if (!sb)
			continue;
		if (!strcmp(sb->type, "column")) {
			error = read_column(x, t, sb);
		} else if (!strcmp(sb->type, "primary_key")) {
			const char *pn = "";
			if (sb->nlabels && (error = block_name(&pn, x, sb, 1)) < 0)
				return error;
			error = read_parts(x, sm_pk_set(x->r, t, pn), sb->body);
			t->pk->constraint = true;
		} else if (!strcmp(sb->type, "index") ||
			   !strcmp(sb->type, "unique")) {
			bool uc = !strcmp(sb->type, "unique");
			const char *in;
			sm_index *idx;
			if ((error = block_name(&in, x, sb, 1)) < 0)
				return error;
			idx = sm_index_add(x->r, t, in);
			/*
			 * `unique "name" {}` is a UNIQUE table constraint, kept
			 * apart from a unique index (they differ on PostgreSQL
			 * and SQLite; MySQL has only the index). SQLite names
			 * UNIQUE constraints itself: an index so named is a
			 * constraint too (older documents wrote it as an index),
			 * and the name is left out of the DDL.
			 */
			idx->constraint = uc && strcmp(x->dialect, "mysql") != 0;
			if (!strcmp(x->dialect, "sqlite") &&
			    ut_str_prefix(in, "sqlite_autoindex_")) {
				idx->constraint = true;
				idx->auto_named = true;
			}
			idx->unique = uc;
			if (!uc && (error = get_bool(&idx->unique, x, sb->body,
						     "unique", false)) < 0)
				return error;
			error = read_parts(x, idx, sb->body);
		} else if (!strcmp(sb->type, "foreign_key")) {
			error = read_fk(x, t, sb);
		} else if (!strcmp(sb->type, "check")) {
			const char *cn = "", *expr;
			bool enforced;
			if (sb->nlabels && (error = block_name(&cn, x, sb, 1)) < 0)
				return error;
			if ((error = get_word(&expr, x, sb->body, "expr")) < 0 ||
			    (error = get_bool(&enforced, x, sb->body, "enforced",
					      true)) < 0)
				return error;
			sm_check_add(x->r, t, cn, expr ? expr : "")->not_enforced =
				!enforced;
		} else {
			error = hcl_error_at(sb->body->file, sb->off,
					     "unknown block '%s' in table \"%s\"",
					     sb->type, name);
		}
		if (error < 0)
			return error;
	}
	return 0;
}

/* ---- documents ------------------------------------------------------------ */

typedef struct inst {
	const hcl_block *b;
	hcl_scope *scope; /* NULL = the root */
} inst;

typedef UT_VEC(inst) inst_vec;

static const char *default_schema(const char *dialect)
{
	if (!strcmp(dialect, "sqlite"))
		return "main";
	if (!strcmp(dialect, "postgres"))
		return "public";
	return NULL;
}

/* The schema of an object block: its `schema` attribute, else the default. */
static int object_schema(sm_schema **out, rd *x, const hcl_block *b)
{
	const hcl_attr *a;
	hcl_value *v;
	const char *name = NULL;
	int error = attr_val(&v, &a, x, b->body, "schema");

	if (error < 0)
		return error;
	if (v) {
		name = ref_last(v, "schema");
		if (!name && v->kind == HCL_V_STRING)
			name = v->str;
		if (!name)
			return bad_attr(a, "a schema reference (schema.name)", v);
	} else if (b->nlabels == 2 && (!strcmp(b->type, "table") ||
				       !strcmp(b->type, "view"))) {
		name = b->labels[0];
	} else if (x->r->schemas.len == 1) {
		*out = x->r->schemas.items[0];
		return 0;
	} else {
		name = default_schema(x->dialect);
		if (!name)
			return hcl_error_at(b->body->file, b->off,
					    "%s \"%s\" needs a schema (schema = schema.name)",
					    b->type, b->nlabels ? b->labels[0] : "");
	}
	*out = sm_realm_find_schema(x->r, name);
	if (!*out)
		*out = sm_schema_add(x->r, name);
	return 0;
}

/*
 * The kind word of a CREATE statement, after CREATE [OR REPLACE]: whether
 * def creates word (AGGREGATE, RULE). Blanks and newlines separate words.
 */
static bool creates(const char *def, const char *word)
{
	const char *p = def;
	size_t n = strlen(word);

	while (*p == ' ' || *p == '\n' || *p == '\t')
		p++;
	if (!ut_str_nieq(p, "CREATE", 6))
		return false;
	p += 6;
	while (*p == ' ' || *p == '\n' || *p == '\t')
		p++;
	if (ut_str_nieq(p, "OR", 2) && (p[2] == ' ' || p[2] == '\n')) {
		p += 2;
		while (*p == ' ' || *p == '\n' || *p == '\t')
			p++;
		if (!ut_str_nieq(p, "REPLACE", 7))
			return false;
		p += 7;
		while (*p == ' ' || *p == '\n' || *p == '\t')
			p++;
	}
	return ut_str_nieq(p, word, n) &&
	       !((p[n] >= 'a' && p[n] <= 'z') || (p[n] >= 'A' && p[n] <= 'Z') ||
		 p[n] == '_');
}

/*
 * The language of a routine from its definition: the word after the
 * first LANGUAGE keyword (pg_get_functiondef writes " LANGUAGE plpgsql"
 * on a line of its own, before the body), lower-cased; NULL without one.
 * PostgreSQL checks the bodies of LANGUAGE sql routines when they are
 * made, so the planner makes them after the tables they read.
 */
static const char *routine_lang(rd *x, const char *def)
{
	for (const char *p = def; *p; p++) {
		const char *w;
		char *lang;
		size_t n = 0;
		if (!ut_str_nieq(p, "LANGUAGE", 8) ||
		    (p > def && p[-1] != ' ' && p[-1] != '\n' && p[-1] != '\t') ||
		    (p[8] != ' ' && p[8] != '\t'))
			continue;
		w = p + 8;
		while (*w == ' ' || *w == '\t')
			w++;
		if (*w == '\'' || *w == '"')
			w++;
		while ((w[n] >= 'a' && w[n] <= 'z') || (w[n] >= 'A' && w[n] <= 'Z') ||
		       (w[n] >= '0' && w[n] <= '9') || w[n] == '_')
			n++;
		if (!n)
			return NULL;
		lang = ut_arena_strndup(&x->r->arena, w, n);
		for (char *c = lang; *c; c++)
			*c = (char)tolower((unsigned char)*c);
		return lang;
	}
	return NULL;
}

/*
 * `owner = table.t.column.c` (or table.s.t.column.c): the column a
 * sequence belongs to (PostgreSQL OWNED BY; the table is in the
 * sequence's schema), kept as "t.c".
 */
static int sequence_owner(rd *x, sm_sequence *q, const hcl_block *b)
{
	const hcl_attr *a;
	hcl_value *v;
	const char *col;
	int error = attr_val(&v, &a, x, b->body, "owner");

	if (error < 0 || !v || v->kind == HCL_V_NULL)
		return error;
	col = ref_last(v, "column");
	if (!col || (v->n != 4 && v->n != 5) || strcmp(v->keys[0], "table"))
		return bad_attr(a, "a column reference (table.t.column.c)", v);
	q->owned_by = ut_arena_printf(&x->r->arena, "%s.%s", v->keys[v->n - 3],
				      col);
	return 0;
}

/* PostgreSQL's identifier quoting: "name", "" for a quote. */
static void put_pg_ident(ut_buf *b, const char *name)
{
	ut_buf_putc(b, '"');
	for (const char *p = name; *p; p++) {
		if (*p == '"')
			ut_buf_putc(b, '"');
		ut_buf_putc(b, *p);
	}
	ut_buf_putc(b, '"');
}

/*
 * domain "d" { type, collate, default, null, check "n" { expr } } to the
 * definition the PostgreSQL dialect keeps: "AS <type>[ COLLATE c]
 * [ DEFAULT d][ NOT NULL][ CONSTRAINT n CHECK (e)]...".
 */
static int read_domain(rd *x, sm_schema *s, const char *name,
		       const hcl_block *b)
{
	sm_type *ty = sm_type_add(x->r, s, name, SM_TYPE_DOMAIN);
	ut_buf def = UT_BUF_INIT;
	const hcl_attr *a;
	hcl_value *v;
	const char *w;
	bool null;
	int error;

	if ((error = attr_val(&v, &a, x, b->body, "type")) < 0)
		goto done;
	if (!v) {
		error = hcl_error_at(b->body->file, b->off,
				     "domain \"%s\" has no type", name);
		goto done;
	}
	if ((error = column_type(&w, x, a, v)) < 0)
		goto done;
	ut_buf_printf(&def, "AS %s", w);
	if ((error = get_word(&w, x, b->body, "collate")) < 0)
		goto done;
	if (w)
		ut_buf_printf(&def, " COLLATE %s", w);
	if ((error = attr_val(&v, &a, x, b->body, "default")) < 0)
		goto done;
	if (v && v->kind != HCL_V_NULL) {
		if ((error = sql_value(&w, x, a, v)) < 0)
			goto done;
		ut_buf_printf(&def, " DEFAULT %s", w);
	}
	if ((error = get_bool(&null, x, b->body, "null", true)) < 0)
		goto done;
	if (!null)
		ut_buf_puts(&def, " NOT NULL");
	for (size_t i = 0; i < b->body->n; i++) {
		const hcl_block *cb = b->body->items[i].block;
		const char *cn, *expr;
		if (!cb || strcmp(cb->type, "check"))
			continue;
		if ((error = block_name(&cn, x, cb, 1)) < 0 ||
		    (error = get_word(&expr, x, cb->body, "expr")) < 0)
			goto done;
		ut_buf_puts(&def, " CONSTRAINT ");
		put_pg_ident(&def, cn);
		ut_buf_printf(&def, " CHECK (%s)", expr ? expr : "");
	}
	ty->def = sm_strdup(x->r, def.ptr);
	error = get_word(&ty->obj.comment, x, b->body, "comment");
done:
	ut_buf_release(&def);
	return error;
}

/* composite "c" { field "f" { type = ... } } to "AS (f type, ...)". */
static int read_composite(rd *x, sm_schema *s, const char *name,
			  const hcl_block *b)
{
	sm_type *ty = sm_type_add(x->r, s, name, SM_TYPE_COMPOSITE);
	ut_buf def = UT_BUF_INIT;
	size_t nf = 0;
	int error = 0;

	ut_buf_puts(&def, "AS (");
	for (size_t i = 0; i < b->body->n; i++) {
		const hcl_block *fb = b->body->items[i].block;
		const hcl_attr *a;
		hcl_value *v;
		const char *fn, *type;
		if (!fb || strcmp(fb->type, "field"))
			continue;
		if ((error = block_name(&fn, x, fb, 1)) < 0 ||
		    (error = attr_val(&v, &a, x, fb->body, "type")) < 0)
			goto done;
		if (!v) {
			error = hcl_error_at(fb->body->file, fb->off,
					     "field \"%s\" has no type", fn);
			goto done;
		}
		if ((error = column_type(&type, x, a, v)) < 0)
			goto done;
		if (nf++)
			ut_buf_puts(&def, ", ");
		put_pg_ident(&def, fn);
		ut_buf_printf(&def, " %s", type);
	}
	ut_buf_putc(&def, ')');
	ty->def = sm_strdup(x->r, def.ptr);
	error = get_word(&ty->obj.comment, x, b->body, "comment");
done:
	ut_buf_release(&def);
	return error;
}

static int read_object(rd *x, const hcl_block *b)
{
	sm_schema *s = NULL;
	const char *name, *text;
	int error;

	if (!strcmp(b->type, "schema")) {
		if ((error = block_name(&name, x, b, 1)) < 0)
			return error;
		s = sm_realm_find_schema(x->r, name);
		if (!s)
			s = sm_schema_add(x->r, name);
		if ((error = get_word(&s->charset, x, b->body, "charset")) < 0 ||
		    (error = get_word(&s->collation, x, b->body, "collate")) < 0)
			return error;
		return get_word(&s->obj.comment, x, b->body, "comment");
	}
	if ((error = block_name(&name, x, b, 1)) < 0)
		return error;
	if (!strcmp(b->type, "extension")) {
		/* realm-wide; schema names where its objects go */
		sm_extension *e = sm_extension_add(x->r, name);
		const hcl_attr *a;
		hcl_value *v;
		if ((error = attr_val(&v, &a, x, b->body, "schema")) < 0)
			return error;
		if (v) {
			e->schema = ref_last(v, "schema");
			if (!e->schema && v->kind == HCL_V_STRING)
				e->schema = v->str;
			if (!e->schema)
				return bad_attr(a, "a schema reference (schema.name)", v);
			e->schema = sm_strdup(x->r, e->schema);
		}
		if ((error = get_word(&e->version, x, b->body, "version")) < 0)
			return error;
		return get_word(&e->obj.comment, x, b->body, "comment");
	}
	if (!strcmp(b->type, "trigger")) {
		const hcl_attr *a;
		hcl_value *v;
		sm_object *on = NULL;
		if ((error = attr_val(&v, &a, x, b->body, "on")) < 0)
			return error;
		if (!v || v->kind != HCL_V_REF || v->n < 2)
			return hcl_error_at(b->body->file, b->off,
					    "trigger \"%s\" needs on = table.<name>",
					    name);
		const char *sn = v->n == 3 ? v->keys[1] : NULL;
		for (size_t i = 0; i < x->r->schemas.len && !on; i++) {
			sm_schema *sc = x->r->schemas.items[i];
			if (sn && strcmp(sc->obj.name, sn))
				continue;
			if (!strcmp(v->keys[0], "view")) {
				sm_view *vw = sm_schema_find_view(sc, v->keys[v->n - 1]);
				on = vw ? &vw->obj : NULL;
			} else {
				sm_table *t = sm_schema_find_table(sc, v->keys[v->n - 1]);
				on = t ? &t->obj : NULL;
			}
		}
		if (!on)
			return hcl_error_at(hcl_expr_file(a->expr), hcl_expr_off(a->expr),
					    "trigger \"%s\": no %s \"%s\"", name,
					    v->keys[0], v->keys[v->n - 1]);
		if ((error = get_word(&text, x, b->body, "as")) < 0)
			return error;
		sm_trigger *tr = sm_trigger_add(x->r, on, name, text ? text : "");
		/* PostgreSQL rules are kept with the triggers of their table */
		if (text && creates(text, "RULE"))
			sm_attr_set(x->r, &tr->attrs, "rule", "");
		return 0;
	}
	if ((error = object_schema(&s, x, b)) < 0)
		return error;
	if (!strcmp(b->type, "table"))
		return read_table(x, s, name, b);
	if (!strcmp(b->type, "view") || !strcmp(b->type, "materialized")) {
		sm_view *vw;
		if ((error = get_word(&text, x, b->body, "as")) < 0)
			return error;
		text = text ? text : "";
		/* the newline ending a heredoc is no part of the SQL */
		size_t n = strlen(text);
		while (n && (text[n - 1] == '\n' || text[n - 1] == ' ' ||
			     text[n - 1] == ';'))
			n--;
		if (ut_span_iprefix(text, strlen(text), "CREATE ")) {
			vw = sm_view_add(x->r, s, name, NULL);
			vw->def = sm_strndup(x->r, text, n);
		} else {
			vw = sm_view_add(x->r, s, name, NULL);
			vw->query = sm_strndup(x->r, text, n);
		}
		vw->materialized = !strcmp(b->type, "materialized");
		return get_word(&vw->obj.comment, x, b->body, "comment");
	}
	if (!strcmp(b->type, "function") || !strcmp(b->type, "procedure")) {
		sm_function *f;
		if ((error = get_word(&text, x, b->body, "as")) < 0)
			return error;
		f = sm_function_add(x->r, s, name, text ? text : "");
		f->procedure = !strcmp(b->type, "procedure");
		f->args = "";
		f->lang = routine_lang(x, f->def);
		if (creates(f->def, "AGGREGATE"))
			sm_attr_set(x->r, &f->attrs, "aggregate", "");
		return get_word(&f->obj.comment, x, b->body, "comment");
	}
	if (!strcmp(b->type, "sequence")) {
		sm_sequence *q = sm_sequence_add(x->r, s, name);
		const hcl_attr *a;
		hcl_value *v;
		q->start = q->increment = 1;
		if ((error = attr_val(&v, &a, x, b->body, "type")) < 0)
			return error;
		if (v && (error = column_type(&q->type, x, a, v)) < 0)
			return error;
		if ((error = get_int(&q->start, NULL, x, b->body, "start")) < 0 ||
		    (error = get_int(&q->increment, NULL, x, b->body, "increment")) < 0 ||
		    (error = get_int(&q->min, NULL, x, b->body, "min_value")) < 0 ||
		    (error = get_int(&q->max, NULL, x, b->body, "max_value")) < 0 ||
		    (error = get_int(&q->cache, NULL, x, b->body, "cache")) < 0 ||
		    (error = get_bool(&q->cycle, x, b->body, "cycle", false)) < 0 ||
		    (error = sequence_owner(x, q, b)) < 0)
			return error;
		return get_word(&q->obj.comment, x, b->body, "comment");
	}
	if (!strcmp(b->type, "enum")) {
		sm_type *ty = sm_type_add(x->r, s, name, SM_TYPE_ENUM);
		const hcl_attr *a;
		hcl_value *v;
		if ((error = attr_val(&v, &a, x, b->body, "values")) < 0)
			return error;
		if (!v || v->kind != HCL_V_LIST)
			return hcl_error_at(b->body->file, b->off,
					    "enum \"%s\" needs values = [...]", name);
		for (size_t i = 0; i < v->n; i++) {
			if (v->items[i]->kind != HCL_V_STRING)
				return bad_attr(a, "a list of strings", v->items[i]);
			sm_strs_add(x->r, &ty->values, v->items[i]->str);
		}
		return get_word(&ty->obj.comment, x, b->body, "comment");
	}
	if (!strcmp(b->type, "domain"))
		return read_domain(x, s, name, b);
	if (!strcmp(b->type, "composite"))
		return read_composite(x, s, name, b);
	return hcl_error_at(b->body->file, b->off, "unknown block '%s'", b->type);
}

/* Block kinds in reading order: containers first, triggers last. */
static const char *const order[] = {
	"schema",   "extension", "table",  "view",   "materialized",
	"function", "procedure", "sequence", "enum", "domain",
	"composite", "trigger",  NULL,
};

/*
 * Typed inputs ("name=<HCL expression>") parsed as one document of
 * attributes v0, v1, ... (a variable's name need not be an identifier);
 * *out stays alive while their values are used (literals live in it).
 */
static int parse_exprs(hcl_file **out, const char *const *exprs, size_t n)
{
	ut_buf text = UT_BUF_INIT;
	int error;

	*out = NULL;
	if (!n)
		return 0;
	for (size_t i = 0; i < n; i++) {
		const char *eq = strchr(exprs[i], '=');
		ut_buf_printf(&text, "v%zu = %s\n", i, eq ? eq + 1 : "null");
	}
	error = hcl_parse(out, "<hcl_schema vars>", text.ptr, text.len);
	ut_buf_release(&text);
	return error;
}

static int setup_inputs(rd *x, hcl_file **files, size_t nfiles,
			const char *const *vars, size_t nvars,
			const char *const *exprs, size_t nexprs,
			const hcl_file *ef)
{
	UT_VEC(const hcl_block *) varb = UT_VEC_INIT;
	UT_VEC(const hcl_attr *) locals = UT_VEC_INIT;
	hcl_value *var, *local;
	int error = 0;

	for (size_t f = 0; f < nfiles; f++)
		for (size_t i = 0; i < files[f]->body->n; i++) {
			const hcl_block *b = files[f]->body->items[i].block;
			if (!b)
				continue;
			if (!strcmp(b->type, "variable") && b->nlabels == 1)
				ut_vec_push(&varb, b);
			else if (!strcmp(b->type, "locals"))
				for (size_t k = 0; k < b->body->n; k++)
					if (b->body->items[k].attr)
						ut_vec_push(&locals, b->body->items[k].attr);
		}
	var = hcl_val_object(x->ev, varb.len);
	for (size_t i = 0; i < varb.len; i++) {
		const hcl_block *b = varb.items[i];
		const char *given = NULL;
		const hcl_attr *typed = NULL;
		size_t ln = strlen(b->labels[0]);
		for (size_t k = 0; k < nvars; k++)
			if (!strncmp(vars[k], b->labels[0], ln) && vars[k][ln] == '=')
				given = vars[k] + ln + 1;
		for (size_t k = 0; k < nexprs; k++)
			if (!strncmp(exprs[k], b->labels[0], ln) && exprs[k][ln] == '=')
				typed = ef->body->items[k].attr;
		var->keys[i] = b->labels[0];
		if (typed) {
			if ((error = hcl_eval_expr(&var->items[i], x->ev, NULL,
						   typed->expr)) < 0)
				goto done;
		} else if (given) {
			const hcl_attr *ta = hcl_body_attr(b->body, "type");
			const char *type = ta ? hcl_expr_word(ta->expr) : NULL;
			char *end;
			double d = strtod(given, &end);
			if (type && !strcmp(type, "number") && *given && !*end)
				var->items[i] = hcl_val_number(x->ev, d);
			else if (type && !strcmp(type, "bool") &&
				 (!strcmp(given, "true") || !strcmp(given, "false")))
				var->items[i] = hcl_val_bool(x->ev, !strcmp(given, "true"));
			else
				var->items[i] = hcl_val_string(x->ev, given);
		} else {
			const hcl_attr *d = hcl_body_attr(b->body, "default");
			if (!d) {
				error = hcl_error_at(b->body->file, b->off,
						     "missing value for variable \"%s\"",
						     b->labels[0]);
				goto done;
			}
			if ((error = hcl_eval_expr(&var->items[i], x->ev, NULL,
						   d->expr)) < 0)
				goto done;
		}
	}
	local = hcl_val_object(x->ev, locals.len);
	for (size_t i = 0; i < locals.len; i++) {
		local->keys[i] = locals.items[i]->name;
		local->items[i] = hcl_val_lazy_expr(
			x->ev,
			ut_arena_printf(hcl_eval_arena(x->ev), "local.%s",
					locals.items[i]->name),
			locals.items[i]->expr, NULL);
	}
	hcl_scope_set(hcl_eval_root(x->ev), "var", var);
	hcl_scope_set(hcl_eval_root(x->ev), "local", local);
done:
	ut_vec_release(&varb);
	ut_vec_release(&locals);
	return error;
}

/* Every column reference names a column of an existing table. */
static int check_refs(rd *x)
{
	for (size_t i = 0; i < x->refs.len; i++) {
		const pending *pd = &x->refs.items[i];
		sm_table *t = pd->table;
		if (pd->fk) {
			const sm_schema *s = sm_object_schema(&pd->table->obj);
			t = sm_realm_find_table(x->r,
						pd->fk->ref_schema ? pd->fk->ref_schema
								   : s ? s->obj.name : NULL,
						pd->fk->ref_table);
			if (!t)
				return hcl_error_at(hcl_expr_file(pd->at),
						    hcl_expr_off(pd->at),
						    "foreign key \"%s\" of table \"%s\" references an unknown table \"%s\"",
						    pd->fk->obj.name, pd->table->obj.name,
						    pd->fk->ref_table);
		}
		for (size_t k = 0; k < pd->cols.len; k++)
			if (!sm_table_find_column(t, pd->cols.items[k]))
				return hcl_error_at(hcl_expr_file(pd->at),
						    hcl_expr_off(pd->at),
						    "table \"%s\" has no column \"%s\"",
						    t->obj.name, pd->cols.items[k]);
	}
	return 0;
}

static const sm_type *find_type(const sm_schema *s, const char *name,
				sm_type_kind kind)
{
	for (size_t i = 0; s && i < s->types.len; i++)
		if (s->types.items[i]->type_kind == kind &&
		    strcmp(s->types.items[i]->obj.name, name) == 0)
			return s->types.items[i];
	return NULL;
}

/*
 * Columns typed `enum.<name>` (reference 5.4; domain.<name> and
 * composite.<name> alike) name the block of that kind in the table's
 * schema, else the only one of that name. On PostgreSQL the type becomes
 * the qualified name, so that it resolves whatever the search_path (a
 * type may live in another schema than its table), as Atlas qualifies
 * it; other dialects keep the bare name.
 */
static int resolve_enums(rd *x)
{
	if (strcmp(x->dialect, "postgres") != 0)
		return 0;
	for (size_t i = 0; i < x->enums.len; i++) {
		const enum_ref *er = &x->enums.items[i];
		const char *kind = er->kind == SM_TYPE_ENUM     ? "enum"
				   : er->kind == SM_TYPE_DOMAIN ? "domain"
								: "composite";
		const sm_type *e = find_type(sm_object_schema(&er->col->obj),
					     er->name, er->kind);
		size_t found = 0;
		ut_buf q = UT_BUF_INIT;

		/* else the only one of that name */
		for (size_t k = 0; !e && k < x->r->schemas.len; k++)
			found += find_type(x->r->schemas.items[k], er->name,
					   er->kind) != NULL;
		for (size_t k = 0; !e && found == 1 && k < x->r->schemas.len; k++)
			e = find_type(x->r->schemas.items[k], er->name, er->kind);
		if (!e && found == 0)
			return hcl_error_at(hcl_expr_file(er->at), hcl_expr_off(er->at),
					    "column \"%s\": no %s \"%s\" is defined",
					    er->col->obj.name, kind, er->name);
		if (found > 1)
			return hcl_error_at(hcl_expr_file(er->at), hcl_expr_off(er->at),
					    "column \"%s\": %s \"%s\" is defined in several schemas; name one with sql(\"schema.%s\")",
					    er->col->obj.name, kind, er->name, er->name);
		for (int part = 0; part < 2; part++) {
			const char *n = part ? e->obj.name
					     : sm_object_schema(&e->obj)->obj.name;
			if (part)
				ut_buf_putc(&q, '.');
			ut_buf_putc(&q, '"');
			for (const char *p = n; *p; p++) {
				if (*p == '"')
					ut_buf_putc(&q, '"');
				ut_buf_putc(&q, *p);
			}
			ut_buf_putc(&q, '"');
		}
		er->col->type = sm_strdup(x->r, q.ptr);
		if (er->kind == SM_TYPE_ENUM)
			er->col->tclass = SM_T_ENUM;
		ut_buf_release(&q);
	}
	return 0;
}

/* Gives foreign keys into other schemas their ref_schema. */
static void resolve_fk_schemas(sm_realm *r)
{
	for (size_t i = 0; i < r->schemas.len; i++) {
		sm_schema *s = r->schemas.items[i];
		for (size_t j = 0; j < s->tables.len; j++) {
			sm_table *t = s->tables.items[j];
			for (size_t k = 0; k < t->fks.len; k++) {
				sm_foreign_key *fk = t->fks.items[k];
				if (fk->ref_schema || !fk->ref_table ||
				    sm_schema_find_table(s, fk->ref_table))
					continue;
				for (size_t o = 0; o < r->schemas.len; o++)
					if (sm_schema_find_table(r->schemas.items[o],
								 fk->ref_table)) {
						fk->ref_schema =
							r->schemas.items[o]->obj.name;
						break;
					}
			}
		}
	}
}

static int read_files(sm_realm **out, const char *dialect, hcl_file **files,
		      size_t nfiles, const char *const *vars, size_t nvars,
		      const char *const *exprs, size_t nexprs)
{
	rd x = { 0 };
	UT_VEC(hcl_scope *) scopes = UT_VEC_INIT;
	hcl_file *ef = NULL;
	int error;

	*out = NULL;
	x.r = sm_realm_new(dialect);
	x.dialect = dialect;
	x.ev = hcl_eval_new(true);
	for (size_t f = 0; f < nfiles; f++)
		for (size_t i = 0; i < files[f]->body->n; i++) {
			const hcl_block *b = files[f]->body->items[i].block;
			if (b && !strcmp(b->type, "env")) {
				error = ut_error_set(UT_EUSAGE,
						     "cannot parse project file '%s' as a schema file",
						     files[f]->path);
				ut_error_hint("give the project file with -c/--config and select an env with --env");
				goto done;
			}
		}
	if (!vars) {
		vars = (const char *const *)inputs;
		nvars = ninputs;
	}
	if ((error = parse_exprs(&ef, exprs, nexprs)) < 0 ||
	    (error = setup_inputs(&x, files, nfiles, vars, nvars, exprs, nexprs,
				  ef)) < 0)
		goto done;
	for (int k = 0; order[k]; k++) {
		for (size_t f = 0; f < nfiles; f++) {
			for (size_t i = 0; i < files[f]->body->n; i++) {
				const hcl_block *b = files[f]->body->items[i].block;
				hcl_value **keys, **vals;
				size_t n;
				bool has;
				if (!b || strcmp(b->type, order[k]))
					continue;
				x.scope = NULL;
				if ((error = hcl_for_each(&keys, &vals, &n, &has, x.ev,
							  NULL, b)) < 0)
					goto done;
				for (size_t e = 0; e < n; e++) {
					hcl_scope *sc = NULL;
					if (has) {
						hcl_value *each = hcl_val_object(x.ev, 2);
						sc = ut_xcalloc(1, sizeof(*sc));
						hcl_scope_init(sc, hcl_eval_root(x.ev));
						each->keys[0] = "key";
						each->items[0] = keys[e];
						each->keys[1] = "value";
						each->items[1] = vals[e];
						hcl_scope_set(sc, "each", each);
						ut_vec_push(&scopes, sc);
					}
					x.scope = sc;
					if ((error = read_object(&x, b)) < 0)
						goto done;
				}
			}
		}
	}
	for (size_t f = 0; f < nfiles; f++)
		for (size_t i = 0; i < files[f]->body->n; i++) {
			const hcl_block *b = files[f]->body->items[i].block;
			bool known = !b || !strcmp(b->type, "variable") ||
				     !strcmp(b->type, "locals");
			for (int k = 0; b && order[k] && !known; k++)
				known = !strcmp(b->type, order[k]);
			if (!known) {
				error = hcl_error_at(b->body->file, b->off,
						     "unknown block '%s' in a schema file",
						     b->type);
				goto done;
			}
		}
	if (!x.r->schemas.len && default_schema(dialect))
		sm_schema_add(x.r, default_schema(dialect));
	resolve_fk_schemas(x.r);
	if ((error = resolve_enums(&x)) < 0 || (error = check_refs(&x)) < 0)
		goto done;
	*out = x.r;
	x.r = NULL;
done:
	for (size_t i = 0; i < scopes.len; i++) {
		hcl_scope_release(scopes.items[i]);
		free(scopes.items[i]);
	}
	ut_vec_release(&scopes);
	ut_vec_release(&x.refs);
	ut_vec_release(&x.enums);
	hcl_eval_free(x.ev);
	hcl_file_free(ef);
	sm_realm_free(x.r);
	return error;
}

int sm_hcl_read_text(sm_realm **out, const char *dialect, const char *name,
		     const char *text, size_t len)
{
	hcl_file *f;
	int error;

	*out = NULL;
	if ((error = hcl_parse(&f, name, text, len)) < 0)
		return error;
	error = read_files(out, dialect, &f, 1, NULL, 0, NULL, 0);
	hcl_file_free(f);
	return error;
}

int sm_hcl_read(sm_realm **out, const char *dialect, const char *const *paths,
		size_t n, const char *const *vars, size_t nvars,
		const char *const *exprs, size_t nexprs)
{
	UT_VEC(hcl_file *) files = UT_VEC_INIT;
	int error = 0;

	*out = NULL;
	for (size_t i = 0; i < n && error == 0; i++) {
		hcl_file *f;
		if (ut_path_is_dir(paths[i])) {
			char **names;
			size_t nn;
			if ((error = ut_dir_list(&names, &nn, paths[i])) < 0)
				break;
			for (size_t k = 0; k < nn && error == 0; k++) {
				char *p;
				if (!ut_str_suffix(names[k], ".hcl"))
					continue;
				p = ut_path_join(paths[i], names[k]);
				error = hcl_parse_file(&f, p);
				if (error == 0)
					ut_vec_push(&files, f);
				free(p);
			}
			ut_strlist_free(names, nn);
		} else {
			error = hcl_parse_file(&f, paths[i]);
			if (error == 0)
				ut_vec_push(&files, f);
		}
	}
	if (error == 0)
		error = read_files(out, dialect, files.items, files.len, vars,
				   nvars, exprs, nexprs);
	for (size_t i = 0; i < files.len; i++)
		hcl_file_free(files.items[i]);
	ut_vec_release(&files);
	return error;
}
