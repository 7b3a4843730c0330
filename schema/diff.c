/* SPDX-License-Identifier: MIT */
/*
 * schema/diff.c: two realms -> the ordered change list, in Atlas's order
 * (reference 8, sql/internal/sqlx/diff.go). Changes borrow objects from
 * both realms; the sm_change structs and their subs live in the result's
 * arena. Name lookups go through local hash maps so the diff stays linear
 * in the size of the realms; the realms themselves are never written.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* after the system headers: schema.h pulls util/banned.h in via ut.h */
#include "diff.h"
#include "ut.h"

typedef struct diff_ctx {
	sm_changes *res;
	const sm_diff_opts *opts;
	ut_arena scratch; /* match tables and keys, dropped at the end */
} diff_ctx;

/* Below this many from x to pairs a linear scan beats building a map. */
#define MATCH_LINEAR_MAX 256

/* ---- comparisons ------------------------------------------------------ */

/* Exact text equality; NULL equals only NULL. */
static bool str_eq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

/* Optional text: NULL and "" both mean "none". */
static bool opt_eq(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

/* FK actions: NULL and "" mean the default, NO ACTION. */
static bool action_eq(const char *a, const char *b)
{
	return strcmp(a && *a ? a : "NO ACTION", b && *b ? b : "NO ACTION") ==
	       0;
}

static bool strs_eq(const sm_strs *a, const sm_strs *b)
{
	if (a->len != b->len)
		return false;
	for (size_t i = 0; i < a->len; i++)
		if (!str_eq(a->items[i], b->items[i]))
			return false;
	return true;
}

/* Attribute lists compare as sets of key/value pairs (order is noise). */
static bool attrs_eq(const sm_attrs *a, const sm_attrs *b)
{
	if (a->len != b->len)
		return false;
	for (size_t i = 0; i < a->len; i++) {
		const char *v = sm_attr_get(b, a->items[i].key);
		if (!v || strcmp(v, a->items[i].value) != 0)
			return false;
	}
	return true;
}

/* Whether every element of a appears in b, in the same order. */
static bool strs_subseq(const sm_strs *a, const sm_strs *b)
{
	size_t j = 0;

	for (size_t i = 0; i < a->len; i++) {
		while (j < b->len && !str_eq(a->items[i], b->items[j]))
			j++;
		if (j == b->len)
			return false;
		j++;
	}
	return true;
}

/* ---- matching --------------------------------------------------------- */

/*
 * Pairs from-objects with to-objects of equal key. Keys are compared as
 * strings; a NULL key never matches. Duplicate keys pair up in order (the
 * first unpaired to-object wins), so two identical unnamed checks on each
 * side match one to one. On return (*fm)[i] is j + 1 when from i pairs with
 * to j, else 0; (*tm)[j] likewise. Arrays live in the scratch arena.
 */
static void match_keys(diff_ctx *x, const char *const *fk, size_t nf,
                       const char *const *tk, size_t nt, size_t **fm,
                       size_t **tm)
{
	size_t *f = ut_arena_alloc(&x->scratch, (nf ? nf : 1) * sizeof(*f));
	size_t *t = ut_arena_alloc(&x->scratch, (nt ? nt : 1) * sizeof(*t));

	*fm = f;
	*tm = t;
	if (!nf || !nt)
		return;
	if (nf * nt <= MATCH_LINEAR_MAX) {
		for (size_t i = 0; i < nf; i++) {
			if (!fk[i])
				continue;
			for (size_t j = 0; j < nt; j++)
				if (!t[j] && tk[j] &&
				    strcmp(fk[i], tk[j]) == 0) {
					f[i] = j + 1;
					t[j] = i + 1;
					break;
				}
		}
		return;
	}

	/*
	 * The map holds, per key, the first unpaired to-object (index + 1);
	 * next[] chains the later to-objects of the same key. Inserting
	 * backwards makes each chain run in to-order.
	 */
	ut_map m = UT_MAP_INIT;
	size_t *next = ut_arena_alloc(&x->scratch, nt * sizeof(*next));
	for (size_t j = nt; j-- > 0;) {
		if (!tk[j])
			continue;
		next[j] = (size_t)(uintptr_t)ut_map_put(
		        &m, tk[j], (void *)(uintptr_t)(j + 1));
	}
	for (size_t i = 0; i < nf; i++) {
		size_t v;

		if (!fk[i])
			continue;
		v = (size_t)(uintptr_t)ut_map_get(&m, fk[i]);
		if (!v)
			continue;
		f[i] = v;
		t[v - 1] = i + 1;
		ut_map_put(&m, fk[i], (void *)(uintptr_t)next[v - 1]);
	}
	ut_map_release(&m);
}

/* Key arrays: a scratch array of n string pointers. */
static const char **keys_new(diff_ctx *x, size_t n)
{
	return ut_arena_alloc(&x->scratch, (n ? n : 1) * sizeof(const char *));
}

/*
 * Definition keys (objects matched by what they are rather than by their
 * name) start with \x01 so they never equal a name in the same map, and
 * encode each field as "<len>:<text>" so no two definitions collide.
 */
static void key_put(ut_buf *b, const char *s)
{
	if (!s) {
		ut_buf_puts(b, "-;");
		return;
	}
	ut_buf_printf(b, "%zu:", strlen(s));
	ut_buf_puts(b, s);
}

static void key_put_strs(ut_buf *b, const sm_strs *v)
{
	ut_buf_printf(b, "[%zu", v->len);
	for (size_t i = 0; i < v->len; i++)
		key_put(b, v->items[i]);
	ut_buf_putc(b, ']');
}

static const char *key_done(diff_ctx *x, ut_buf *b)
{
	const char *k = ut_arena_strdup(&x->scratch, b->ptr);
	ut_buf_release(b);
	return k;
}

static void key_put_parts(ut_buf *b, const sm_index *ix)
{
	ut_buf_printf(b, "[%zu", ix->parts.len);
	for (size_t i = 0; i < ix->parts.len; i++) {
		const sm_index_part *p = &ix->parts.items[i];
		key_put(b, p->column);
		key_put(b, p->expr);
		key_put(b, p->collation);
		key_put(b, p->opclass);
		key_put(b, p->nulls);
		ut_buf_printf(b, "%d,%d;", p->desc ? 1 : 0, p->prefix);
	}
	ut_buf_putc(b, ']');
}

/* Indexes: by name, or by definition when the database made the name up. */
static const char *index_key(diff_ctx *x, const sm_index *ix)
{
	ut_buf b = UT_BUF_INIT;

	if (!ix->auto_named && ix->obj.name[0])
		return ix->obj.name;
	ut_buf_printf(&b, "\001%d%d", ix->unique ? 1 : 0,
	              ix->constraint ? 1 : 0);
	key_put_parts(&b, ix);
	key_put(&b, ix->where);
	return key_done(x, &b);
}

/* The schema an FK points to, with "same schema" spelled as NULL. */
static const char *fk_ref_schema(const sm_foreign_key *fk)
{
	const sm_schema *s = sm_object_schema(&fk->obj);

	if (!fk->ref_schema || !fk->ref_schema[0])
		return NULL;
	if (s && strcmp(s->obj.name, fk->ref_schema) == 0)
		return NULL;
	return fk->ref_schema;
}

/* FKs: by symbol, or by (columns, referenced table, columns) when unnamed. */
static const char *fk_key(diff_ctx *x, const sm_foreign_key *fk)
{
	ut_buf b = UT_BUF_INIT;

	if (fk->obj.name[0])
		return fk->obj.name;
	ut_buf_putc(&b, '\001');
	key_put_strs(&b, &fk->columns);
	key_put(&b, fk_ref_schema(fk));
	key_put(&b, fk->ref_table);
	key_put_strs(&b, &fk->ref_columns);
	return key_done(x, &b);
}

/* Checks: by name, or by expression when unnamed. */
static const char *check_key(diff_ctx *x, const sm_check *c)
{
	ut_buf b = UT_BUF_INIT;

	if (c->obj.name[0])
		return c->obj.name;
	ut_buf_putc(&b, '\001');
	key_put(&b, c->expr);
	return key_done(x, &b);
}

/* Functions: by name and identity arguments (PG overloads). */
static const char *function_key(diff_ctx *x, const sm_function *f)
{
	ut_buf b = UT_BUF_INIT;

	key_put(&b, f->obj.name);
	key_put(&b, f->args ? f->args : "");
	return key_done(x, &b);
}

/* ---- emitting --------------------------------------------------------- */

/* The skip policy (diff { skip { ... } }): true drops the change. */
static bool skipped(const sm_diff_opts *o, sm_op op, sm_kind kind,
                    const sm_object *from)
{
	if (op == SM_OP_ADD)
		return kind == SM_SCHEMA && o->skip_add_schema;
	if (op != SM_OP_DROP)
		return false;
	switch (kind) {
	case SM_SCHEMA:
		return o->skip_drop_schema;
	case SM_TABLE:
		return o->skip_drop_table;
	case SM_COLUMN:
		return o->skip_drop_column;
	case SM_INDEX:
		/* as Atlas: DropPrimaryKey is not a DropIndex */
		return o->skip_drop_index && !((const sm_index *)from)->primary;
	case SM_FOREIGN_KEY:
		return o->skip_drop_fk;
	default:
		return false;
	}
}

static sm_change *emit(diff_ctx *x, sm_change_vec *v, sm_op op, sm_kind kind,
                       const void *from, const void *to, unsigned mask)
{
	sm_change *ch;

	if (skipped(x->opts, op, kind, from))
		return NULL;
	ch = ut_arena_alloc(&x->res->arena, sizeof(*ch));
	ch->op = op;
	ch->kind = kind;
	ch->from = from;
	ch->to = to;
	ch->mask = mask;
	ut_vec_apush(&x->res->arena, v, ch);
	return ch;
}

/* MODIFY only when something changed (mask bits or inner changes). */
static void emit_modify(diff_ctx *x, sm_change_vec *v, sm_kind kind,
                        const void *from, const void *to, unsigned mask,
                        sm_change_vec *subs)
{
	sm_change *ch;

	if (!mask && (!subs || !subs->len))
		return;
	ch = emit(x, v, SM_OP_MODIFY, kind, from, to, mask);
	if (ch && subs)
		ch->subs = *subs;
}

/* ---- per-object masks ------------------------------------------------- */

static unsigned column_mask(const sm_column *a, const sm_column *b)
{
	unsigned m = 0;

	if (!str_eq(a->type, b->type))
		m |= SM_CHG_TYPE;
	if (a->nullable != b->nullable)
		m |= SM_CHG_NULL;
	if (!str_eq(a->default_expr, b->default_expr))
		m |= SM_CHG_DEFAULT;
	if (!opt_eq(a->collation, b->collation))
		m |= SM_CHG_COLLATE;
	if (!opt_eq(a->charset, b->charset))
		m |= SM_CHG_CHARSET;
	if (!opt_eq(a->obj.comment, b->obj.comment))
		m |= SM_CHG_COMMENT;
	if (!str_eq(a->generated, b->generated) ||
	    (a->generated && a->generated_stored != b->generated_stored))
		m |= SM_CHG_GENERATED;
	if (a->auto_increment != b->auto_increment)
		m |= SM_CHG_AUTOINC;
	if (!str_eq(a->identity, b->identity) ||
	    (a->identity && (a->identity_start != b->identity_start ||
	                     a->identity_increment != b->identity_increment)))
		m |= SM_CHG_IDENTITY;
	if (!opt_eq(a->on_update, b->on_update))
		m |= SM_CHG_ON_UPDATE;
	if (a->invisible != b->invisible || !attrs_eq(&a->attrs, &b->attrs))
		m |= SM_CHG_ATTR;
	return m;
}

static bool parts_eq(const sm_index *a, const sm_index *b)
{
	if (a->parts.len != b->parts.len)
		return false;
	for (size_t i = 0; i < a->parts.len; i++) {
		const sm_index_part *p = &a->parts.items[i];
		const sm_index_part *q = &b->parts.items[i];
		if (!str_eq(p->column, q->column) ||
		    !str_eq(p->expr, q->expr) || p->desc != q->desc ||
		    !opt_eq(p->collation, q->collation) ||
		    !opt_eq(p->opclass, q->opclass) || p->prefix != q->prefix ||
		    !opt_eq(p->nulls, q->nulls))
			return false;
	}
	return true;
}

static unsigned index_mask(const sm_index *a, const sm_index *b)
{
	unsigned m = 0;

	if (a->unique != b->unique)
		m |= SM_CHG_UNIQUE;
	if (!parts_eq(a, b) || !strs_eq(&a->include, &b->include) ||
	    a->nulls_not_distinct != b->nulls_not_distinct)
		m |= SM_CHG_PARTS;
	if (!opt_eq(a->where, b->where))
		m |= SM_CHG_WHERE;
	if (!opt_eq(a->method, b->method))
		m |= SM_CHG_METHOD;
	if (!opt_eq(a->obj.comment, b->obj.comment))
		m |= SM_CHG_COMMENT;
	/* unique constraint vs unique index (PG) is an attribute change */
	if (a->constraint != b->constraint || !attrs_eq(&a->attrs, &b->attrs))
		m |= SM_CHG_ATTR;
	return m;
}

static unsigned fk_mask(const sm_foreign_key *a, const sm_foreign_key *b)
{
	unsigned m = 0;

	if (!strs_eq(&a->columns, &b->columns))
		m |= SM_CHG_PARTS;
	if (!str_eq(fk_ref_schema(a), fk_ref_schema(b)) ||
	    !str_eq(a->ref_table, b->ref_table) ||
	    !strs_eq(&a->ref_columns, &b->ref_columns))
		m |= SM_CHG_REF;
	if (!action_eq(a->on_update, b->on_update) ||
	    !action_eq(a->on_delete, b->on_delete) ||
	    !opt_eq(a->deferrable, b->deferrable))
		m |= SM_CHG_ACTION;
	if (a->not_valid != b->not_valid)
		m |= SM_CHG_OPTIONS;
	if (!opt_eq(a->obj.comment, b->obj.comment))
		m |= SM_CHG_COMMENT;
	if (!attrs_eq(&a->attrs, &b->attrs))
		m |= SM_CHG_ATTR;
	return m;
}

static unsigned check_mask(const sm_check *a, const sm_check *b)
{
	unsigned m = 0;

	if (!str_eq(a->expr, b->expr))
		m |= SM_CHG_EXPR;
	if (a->no_inherit != b->no_inherit || a->not_valid != b->not_valid ||
	    a->not_enforced != b->not_enforced)
		m |= SM_CHG_OPTIONS;
	if (!opt_eq(a->obj.comment, b->obj.comment))
		m |= SM_CHG_COMMENT;
	if (!attrs_eq(&a->attrs, &b->attrs))
		m |= SM_CHG_ATTR;
	return m;
}

/* Objects kept as one statement: the statement is the definition. */
static unsigned def_mask(const char *da, const char *db, const sm_object *a,
                         const sm_object *b)
{
	unsigned m = 0;

	if (!opt_eq(da, db))
		m |= SM_CHG_DEF;
	if (!opt_eq(a->comment, b->comment))
		m |= SM_CHG_COMMENT;
	return m;
}

static unsigned trigger_mask(const sm_trigger *a, const sm_trigger *b)
{
	unsigned m = def_mask(a->def, b->def, &a->obj, &b->obj);

	if (!attrs_eq(&a->attrs, &b->attrs))
		m |= SM_CHG_ATTR;
	return m;
}

static unsigned view_mask(const sm_view *a, const sm_view *b)
{
	unsigned m = def_mask(a->def, b->def, &a->obj, &b->obj);

	/* without a statement on either side, the query is the definition */
	if (a->materialized != b->materialized ||
	    (!(a->def && a->def[0]) && !(b->def && b->def[0]) &&
	     !opt_eq(a->query, b->query)))
		m |= SM_CHG_DEF;
	if (!attrs_eq(&a->attrs, &b->attrs))
		m |= SM_CHG_ATTR;
	return m;
}

static unsigned function_mask(const sm_function *a, const sm_function *b)
{
	unsigned m = def_mask(a->def, b->def, &a->obj, &b->obj);

	if (a->procedure != b->procedure || !opt_eq(a->lang, b->lang))
		m |= SM_CHG_DEF;
	if (!attrs_eq(&a->attrs, &b->attrs))
		m |= SM_CHG_ATTR;
	return m;
}

static unsigned sequence_mask(const sm_sequence *a, const sm_sequence *b)
{
	unsigned m = 0;

	if (!opt_eq(a->type, b->type))
		m |= SM_CHG_TYPE;
	if (a->start != b->start || a->increment != b->increment ||
	    a->min != b->min || a->max != b->max || a->cache != b->cache ||
	    a->cycle != b->cycle || !opt_eq(a->owned_by, b->owned_by))
		m |= SM_CHG_OPTIONS;
	if (!opt_eq(a->obj.comment, b->obj.comment))
		m |= SM_CHG_COMMENT;
	if (!attrs_eq(&a->attrs, &b->attrs))
		m |= SM_CHG_ATTR;
	return m;
}

/*
 * Enum types: labels only appended or inserted (the old list is a
 * subsequence of the new one) is SM_CHG_VALUES, which PG does with ALTER
 * TYPE ... ADD VALUE; anything else (removal, reordering, another kind of
 * type, another definition) is SM_CHG_DEF and left to the planner.
 */
static unsigned type_mask(const sm_type *a, const sm_type *b)
{
	unsigned m = 0;

	if (a->type_kind != b->type_kind)
		m |= SM_CHG_DEF;
	else if (a->type_kind == SM_TYPE_ENUM) {
		if (!strs_eq(&a->values, &b->values))
			m |= strs_subseq(&a->values, &b->values) ? SM_CHG_VALUES
			                                         : SM_CHG_DEF;
	} else if (!opt_eq(a->def, b->def) || !strs_eq(&a->values, &b->values))
		m |= SM_CHG_DEF;
	if (!opt_eq(a->obj.comment, b->obj.comment))
		m |= SM_CHG_COMMENT;
	if (!attrs_eq(&a->attrs, &b->attrs))
		m |= SM_CHG_ATTR;
	return m;
}

static unsigned extension_mask(const sm_extension *a, const sm_extension *b)
{
	unsigned m = 0;

	if (!opt_eq(a->schema, b->schema) || !opt_eq(a->version, b->version))
		m |= SM_CHG_OPTIONS;
	if (!opt_eq(a->obj.comment, b->obj.comment))
		m |= SM_CHG_COMMENT;
	return m;
}

static unsigned event_mask(const sm_event *a, const sm_event *b)
{
	return def_mask(a->def, b->def, &a->obj, &b->obj);
}

/* Attribute lists equal but for one key. */
static bool attrs_eq_but(const sm_attrs *a, const sm_attrs *b, const char *skip)
{
	size_t na = 0, nb = 0;

	for (size_t i = 0; i < a->len; i++) {
		const char *v;
		if (strcmp(a->items[i].key, skip) == 0)
			continue;
		na++;
		v = sm_attr_get(b, a->items[i].key);
		if (!v || strcmp(v, a->items[i].value) != 0)
			return false;
	}
	for (size_t i = 0; i < b->len; i++)
		if (strcmp(b->items[i].key, skip) != 0)
			nb++;
	return na == nb;
}

static int64_t attr_i64(const sm_attrs *a, const char *key, int64_t dflt)
{
	const char *v = sm_attr_get(a, key);
	int64_t n;

	if (!v || ut_str_to_i64(&n, v) < 0)
		return dflt;
	return n;
}

/*
 * The next AUTO_INCREMENT value of a table (MySQL) is a change only when
 * the target asks for a higher one, as Atlas does (autoIncChange): rows
 * move the counter of a live database past what a desired state, loaded
 * into an empty dev database, says, and the server never lowers it below
 * the rows it holds, so a target without the value or with a lower one
 * would be a change no plan can make.
 */
static unsigned table_mask(const sm_table *a, const sm_table *b)
{
	unsigned m = 0;

	if (!opt_eq(a->obj.comment, b->obj.comment))
		m |= SM_CHG_COMMENT;
	if (!opt_eq(a->charset, b->charset))
		m |= SM_CHG_CHARSET;
	if (!opt_eq(a->collation, b->collation))
		m |= SM_CHG_COLLATE;
	if (!attrs_eq_but(&a->attrs, &b->attrs, "auto_increment") ||
	    attr_i64(&b->attrs, "auto_increment", 0) >
	            attr_i64(&a->attrs, "auto_increment", 1))
		m |= SM_CHG_ATTR;
	return m;
}

static unsigned schema_mask(const sm_schema *a, const sm_schema *b)
{
	unsigned m = 0;

	if (!opt_eq(a->charset, b->charset))
		m |= SM_CHG_CHARSET;
	if (!opt_eq(a->collation, b->collation))
		m |= SM_CHG_COLLATE;
	if (!opt_eq(a->obj.comment, b->obj.comment))
		m |= SM_CHG_COMMENT;
	if (!attrs_eq(&a->attrs, &b->attrs))
		m |= SM_CHG_ATTR;
	return m;
}

/* ---- lists ------------------------------------------------------------ */

/*
 * The generic list diff used by every object kind: DROP or MODIFY for the
 * from-objects in from-order, then ADD for the new ones in to-order. The
 * callbacks give an element's key and the mask of a matched pair (plus
 * inner changes for views).
 */
typedef const char *(*key_fn)(diff_ctx *x, const void *o);
typedef unsigned (*mask_fn)(diff_ctx *x, const void *a, const void *b,
                            sm_change_vec *subs);

static void diff_list(diff_ctx *x, sm_change_vec *out, sm_kind kind,
                      const void *const *from, size_t nf, const void *const *to,
                      size_t nt, key_fn key, mask_fn mask)
{
	const char **fk = keys_new(x, nf), **tk = keys_new(x, nt);
	size_t *fm, *tm;

	for (size_t i = 0; i < nf; i++)
		fk[i] = key(x, from[i]);
	for (size_t j = 0; j < nt; j++)
		tk[j] = key(x, to[j]);
	match_keys(x, fk, nf, tk, nt, &fm, &tm);
	for (size_t i = 0; i < nf; i++) {
		sm_change_vec subs = UT_VEC_INIT;
		const void *b;
		unsigned m;

		if (!fm[i]) {
			emit(x, out, SM_OP_DROP, kind, from[i], NULL, 0);
			continue;
		}
		b = to[fm[i] - 1];
		m = mask(x, from[i], b, &subs);
		emit_modify(x, out, kind, from[i], b, m, &subs);
	}
	for (size_t j = 0; j < nt; j++)
		if (!tm[j])
			emit(x, out, SM_OP_ADD, kind, NULL, to[j], 0);
}

/*
 * The model's vectors are typed (sm_index **, sm_check **, ...); the list
 * diff takes them as scratch arrays of const void * filled element by
 * element, which keeps the conversions implicit and well defined.
 */
static const void **ptrs_new(diff_ctx *x, size_t n)
{
	return ut_arena_alloc(&x->scratch, (n ? n : 1) * sizeof(const void *));
}

#define DIFF_LIST(x, out, kind, va, vb, key, mask)                         \
	do {                                                               \
		const void **fa_ = ptrs_new(x, (va).len);                  \
		const void **ta_ = ptrs_new(x, (vb).len);                  \
		for (size_t i_ = 0; i_ < (va).len; i_++)                   \
			fa_[i_] = (va).items[i_];                          \
		for (size_t i_ = 0; i_ < (vb).len; i_++)                   \
			ta_[i_] = (vb).items[i_];                          \
		diff_list(x, out, kind, fa_, (va).len, ta_, (vb).len, key, \
		          mask);                                           \
	} while (0)

static const char *name_key(diff_ctx *x, const void *o)
{
	(void)x;
	return ((const sm_object *)o)->name;
}

static const char *index_key_cb(diff_ctx *x, const void *o)
{
	return index_key(x, o);
}

static const char *fk_key_cb(diff_ctx *x, const void *o)
{
	return fk_key(x, o);
}

static const char *check_key_cb(diff_ctx *x, const void *o)
{
	return check_key(x, o);
}

static const char *function_key_cb(diff_ctx *x, const void *o)
{
	return function_key(x, o);
}

static unsigned index_mask_cb(diff_ctx *x, const void *a, const void *b,
                              sm_change_vec *subs)
{
	(void)x;
	(void)subs;
	return index_mask(a, b);
}

static unsigned fk_mask_cb(diff_ctx *x, const void *a, const void *b,
                           sm_change_vec *subs)
{
	(void)x;
	(void)subs;
	return fk_mask(a, b);
}

static unsigned check_mask_cb(diff_ctx *x, const void *a, const void *b,
                              sm_change_vec *subs)
{
	(void)x;
	(void)subs;
	return check_mask(a, b);
}

static unsigned trigger_mask_cb(diff_ctx *x, const void *a, const void *b,
                                sm_change_vec *subs)
{
	(void)x;
	(void)subs;
	return trigger_mask(a, b);
}

static unsigned column_mask_cb(diff_ctx *x, const void *a, const void *b,
                               sm_change_vec *subs)
{
	(void)x;
	(void)subs;
	return column_mask(a, b);
}

static unsigned function_mask_cb(diff_ctx *x, const void *a, const void *b,
                                 sm_change_vec *subs)
{
	(void)x;
	(void)subs;
	return function_mask(a, b);
}

static unsigned sequence_mask_cb(diff_ctx *x, const void *a, const void *b,
                                 sm_change_vec *subs)
{
	(void)x;
	(void)subs;
	return sequence_mask(a, b);
}

static unsigned type_mask_cb(diff_ctx *x, const void *a, const void *b,
                             sm_change_vec *subs)
{
	(void)x;
	(void)subs;
	return type_mask(a, b);
}

static unsigned extension_mask_cb(diff_ctx *x, const void *a, const void *b,
                                  sm_change_vec *subs)
{
	(void)x;
	(void)subs;
	return extension_mask(a, b);
}

static unsigned event_mask_cb(diff_ctx *x, const void *a, const void *b,
                              sm_change_vec *subs)
{
	(void)x;
	(void)subs;
	return event_mask(a, b);
}

/* ---- tables and views ------------------------------------------------- */

/* Primary key: DROP, ADD or MODIFY (parts, and names both chose). */
static void diff_pk(diff_ctx *x, sm_change_vec *subs, const sm_index *a,
                    const sm_index *b)
{
	unsigned m;

	if (!a && !b)
		return;
	if (!b) {
		emit(x, subs, SM_OP_DROP, SM_INDEX, a, NULL, 0);
		return;
	}
	if (!a) {
		emit(x, subs, SM_OP_ADD, SM_INDEX, NULL, b, 0);
		return;
	}
	m = index_mask(a, b) & ~(unsigned)SM_CHG_UNIQUE;
	if (!a->auto_named && !b->auto_named && a->obj.name[0] &&
	    b->obj.name[0] && strcmp(a->obj.name, b->obj.name) != 0)
		m |= SM_CHG_NAME;
	emit_modify(x, subs, SM_INDEX, a, b, m, NULL);
}

/*
 * A matched table: the changes inside it, in Atlas's tableDiff order.
 * Checks come first because Atlas computes them in TableAttrDiff, before
 * the columns; table-level attributes (comment, charset, collation,
 * engine ...) are not subs but bits of the table change's own mask.
 */
static unsigned table_mask_cb(diff_ctx *x, const void *pa, const void *pb,
                              sm_change_vec *subs)
{
	const sm_table *a = pa, *b = pb;

	DIFF_LIST(x, subs, SM_CHECK, a->checks, b->checks, check_key_cb,
	          check_mask_cb);
	DIFF_LIST(x, subs, SM_COLUMN, a->columns, b->columns, name_key,
	          column_mask_cb);
	diff_pk(x, subs, a->pk, b->pk);
	DIFF_LIST(x, subs, SM_INDEX, a->indexes, b->indexes, index_key_cb,
	          index_mask_cb);
	DIFF_LIST(x, subs, SM_FOREIGN_KEY, a->fks, b->fks, fk_key_cb,
	          fk_mask_cb);
	DIFF_LIST(x, subs, SM_TRIGGER, a->triggers, b->triggers, name_key,
	          trigger_mask_cb);
	return table_mask(a, b);
}

/* A matched view: its own mask, plus indexes (materialized) and triggers. */
static unsigned view_mask_cb(diff_ctx *x, const void *pa, const void *pb,
                             sm_change_vec *subs)
{
	const sm_view *a = pa, *b = pb;

	DIFF_LIST(x, subs, SM_INDEX, a->indexes, b->indexes, index_key_cb,
	          index_mask_cb);
	DIFF_LIST(x, subs, SM_TRIGGER, a->triggers, b->triggers, name_key,
	          trigger_mask_cb);
	return view_mask(a, b);
}

/* ---- schemas and the realm -------------------------------------------- */

static void diff_schema(diff_ctx *x, const sm_schema *a, const sm_schema *b)
{
	sm_change_vec *out = &x->res->items;

	emit_modify(x, out, SM_SCHEMA, a, b, schema_mask(a, b), NULL);
	DIFF_LIST(x, out, SM_TYPE, a->types, b->types, name_key, type_mask_cb);
	DIFF_LIST(x, out, SM_SEQUENCE, a->sequences, b->sequences, name_key,
	          sequence_mask_cb);
	DIFF_LIST(x, out, SM_TABLE, a->tables, b->tables, name_key,
	          table_mask_cb);
	DIFF_LIST(x, out, SM_VIEW, a->views, b->views, name_key, view_mask_cb);
	DIFF_LIST(x, out, SM_FUNCTION, a->functions, b->functions,
	          function_key_cb, function_mask_cb);
	DIFF_LIST(x, out, SM_EVENT, a->events, b->events, name_key,
	          event_mask_cb);
}

/* A new schema: ADD it, then ADD everything in it, in diff order. */
static void add_schema(diff_ctx *x, const sm_schema *s)
{
	sm_change_vec *out = &x->res->items;

	emit(x, out, SM_OP_ADD, SM_SCHEMA, NULL, s, 0);
	for (size_t i = 0; i < s->types.len; i++)
		emit(x, out, SM_OP_ADD, SM_TYPE, NULL, s->types.items[i], 0);
	for (size_t i = 0; i < s->sequences.len; i++)
		emit(x, out, SM_OP_ADD, SM_SEQUENCE, NULL,
		     s->sequences.items[i], 0);
	for (size_t i = 0; i < s->tables.len; i++)
		emit(x, out, SM_OP_ADD, SM_TABLE, NULL, s->tables.items[i], 0);
	for (size_t i = 0; i < s->views.len; i++)
		emit(x, out, SM_OP_ADD, SM_VIEW, NULL, s->views.items[i], 0);
	for (size_t i = 0; i < s->functions.len; i++)
		emit(x, out, SM_OP_ADD, SM_FUNCTION, NULL,
		     s->functions.items[i], 0);
	for (size_t i = 0; i < s->events.len; i++)
		emit(x, out, SM_OP_ADD, SM_EVENT, NULL, s->events.items[i], 0);
}

/*
 * Pairs the schemas of both realms: by name, or, when names are ignored
 * (schema-scoped URLs), the single schema of each side.
 */
static int pair_schemas(diff_ctx *x, const sm_realm *from, const sm_realm *to,
                        size_t **fm, size_t **tm)
{
	size_t nf = from->schemas.len, nt = to->schemas.len;

	if (x->opts->ignore_schema_names && (nf > 1 || nt > 1))
		return ut_error_set(
		        UT_ERROR,
		        "cannot compare schemas regardless of their names: %zu schemas on one side and %zu on the other, want one each",
		        nf, nt);
	if (x->opts->ignore_schema_names && nf == 1 && nt == 1) {
		*fm = ut_arena_alloc(&x->scratch, sizeof(**fm));
		*tm = ut_arena_alloc(&x->scratch, sizeof(**tm));
		(*fm)[0] = 1;
		(*tm)[0] = 1;
		return 0;
	}

	const char **fk = keys_new(x, nf), **tk = keys_new(x, nt);
	for (size_t i = 0; i < nf; i++)
		fk[i] = from->schemas.items[i]->obj.name;
	for (size_t j = 0; j < nt; j++)
		tk[j] = to->schemas.items[j]->obj.name;
	match_keys(x, fk, nf, tk, nt, fm, tm);
	return 0;
}

/*
 * Order (reference 8): realm objects; then per schema of from that to
 * still has: schema attributes, types, sequences, tables (from-order DROP
 * or MODIFY, then to-order ADD), views, functions, events; then DROP for
 * the schemas to lacks and ADD (with their contents) for the new ones.
 */
int sm_diff(sm_changes **out, const sm_realm *from, const sm_realm *to,
            const sm_diff_opts *opts)
{
	static const sm_diff_opts defaults;
	diff_ctx x;
	size_t *fm, *tm;
	int error;

	*out = NULL;
	x.res = ut_xcalloc(1, sizeof(*x.res));
	ut_arena_init(&x.res->arena);
	x.opts = opts ? opts : &defaults;
	ut_arena_init(&x.scratch);

	DIFF_LIST(&x, &x.res->items, SM_EXTENSION, from->extensions,
	          to->extensions, name_key, extension_mask_cb);

	if ((error = pair_schemas(&x, from, to, &fm, &tm)) < 0)
		goto done;
	for (size_t i = 0; i < from->schemas.len; i++)
		if (fm[i])
			diff_schema(&x, from->schemas.items[i],
			            to->schemas.items[fm[i] - 1]);
	for (size_t i = 0; i < from->schemas.len; i++)
		if (!fm[i])
			emit(&x, &x.res->items, SM_OP_DROP, SM_SCHEMA,
			     from->schemas.items[i], NULL, 0);
	for (size_t j = 0; j < to->schemas.len; j++)
		if (!tm[j])
			add_schema(&x, to->schemas.items[j]);
	x.res->from = from;
	x.res->to = to;
	*out = x.res;
	x.res = NULL;
done:
	sm_changes_free(x.res);
	ut_arena_release(&x.scratch);
	return error;
}

void sm_changes_free(sm_changes *c)
{
	if (!c)
		return;
	ut_arena_release(&c->arena);
	free(c);
}

bool sm_changes_empty(const sm_changes *c)
{
	return !c || c->items.len == 0;
}

void sm_object_qname(ut_buf *out, const sm_object *o)
{
	const sm_object *chain[8];
	const sm_schema *s;
	size_t n = 0;
	bool first = true;

	if (!o)
		return;
	if (o->kind == SM_SCHEMA || !o->parent) {
		ut_buf_quote(out, o->name);
		return;
	}
	for (const sm_object *p = o;
	     p && p->kind != SM_SCHEMA && n < UT_ARRAY_SIZE(chain);
	     p = p->parent)
		if (p->name[0])
			chain[n++] = p;
	s = sm_object_schema(o);
	if (s && s->obj.name[0] && strcmp(s->obj.name, "main") != 0) {
		ut_buf_quote(out, s->obj.name);
		first = false;
	}
	while (n-- > 0) {
		if (!first)
			ut_buf_putc(out, '.');
		ut_buf_quote(out, chain[n]->name);
		first = false;
	}
}
