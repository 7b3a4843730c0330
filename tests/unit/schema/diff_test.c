/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/schema/diff_test.c: sm_diff on hand-built realms. Each test
 * checks the exact change list: ops, kinds, names, masks and order.
 */
#include "test.h"

#include "diff.h"
#include "ut.h"

typedef struct fx {
	sm_realm *a, *b; /* from, to */
	sm_schema *sa, *sb;
	sm_changes *c;
} fx;

static int setup(void **state)
{
	fx *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	f->a = sm_realm_new("sqlite");
	f->b = sm_realm_new("sqlite");
	f->sa = sm_schema_add(f->a, "main");
	f->sb = sm_schema_add(f->b, "main");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fx *f = *state;

	sm_changes_free(f->c);
	sm_realm_free(f->a);
	sm_realm_free(f->b);
	free(f);
	return 0;
}

static const sm_change_vec *run(fx *f, const sm_diff_opts *o)
{
	sm_changes_free(f->c);
	f->c = NULL;
	assert_int_equal(sm_diff(&f->c, f->a, f->b, o), 0);
	assert_non_null(f->c);
	return &f->c->items;
}

typedef struct exp_change {
	sm_op op;
	sm_kind kind;
	const char *name; /* of from for DROP, else of to */
	unsigned mask;
} exp_change;

static void check_one(const sm_change *ch, const exp_change *e, size_t i)
{
	const sm_object *o;

	if (ch->op != e->op || ch->kind != e->kind || ch->mask != e->mask)
		print_error("change %zu: op %d kind %s mask %#x, want op %d "
		            "kind %s mask %#x\n",
		            i, (int)ch->op, sm_kind_name(ch->kind), ch->mask,
		            (int)e->op, sm_kind_name(e->kind), e->mask);
	assert_int_equal(ch->op, e->op);
	assert_int_equal(ch->kind, e->kind);
	assert_int_equal(ch->mask, e->mask);
	switch (ch->op) {
	case SM_OP_ADD:
		assert_null(ch->from);
		assert_non_null(ch->to);
		break;
	case SM_OP_DROP:
		assert_non_null(ch->from);
		assert_null(ch->to);
		break;
	default:
		assert_non_null(ch->from);
		assert_non_null(ch->to);
		assert_int_equal(ch->from->kind, ch->to->kind);
	}
	o = ch->op == SM_OP_DROP ? ch->from : ch->to;
	assert_int_equal(o->kind, e->kind);
	assert_string_equal(o->name, e->name);
}

static void expect_n(const sm_change_vec *v, const exp_change *e, size_t n)
{
	if (v->len != n)
		for (size_t i = 0; i < v->len; i++)
			print_error("got %zu: op %d %s %s mask %#x\n", i,
			            (int)v->items[i]->op,
			            sm_kind_name(v->items[i]->kind),
			            (v->items[i]->to ? v->items[i]->to
			                             : v->items[i]->from)
			                    ->name,
			            v->items[i]->mask);
	assert_int_equal(v->len, n);
	for (size_t i = 0; i < n; i++)
		check_one(v->items[i], &e[i], i);
}

#define EXPECT(v, ...)                                         \
	expect_n((v), (const exp_change[]){ __VA_ARGS__ },     \
	         sizeof((const exp_change[]){ __VA_ARGS__ }) / \
	                 sizeof(exp_change))

/* The subs of the single table MODIFY the diff must have produced. */
static const sm_change_vec *only_modify(const sm_change_vec *v, sm_kind kind,
                                        const char *name, unsigned mask)
{
	EXPECT(v, { SM_OP_MODIFY, kind, name, mask });
	return &v->items[0]->subs;
}

/*
 * A table both realms share: users(id, name, email, org_id) with a PK,
 * a unique index, a named FK to orgs, a named check and a trigger.
 */
static sm_table *std_table(sm_realm *r, sm_schema *s)
{
	sm_table *o = sm_table_add(r, s, "orgs");
	sm_table *t = sm_table_add(r, s, "users");
	sm_column *c;
	sm_index *ix;
	sm_foreign_key *fk;

	c = sm_column_add(r, o, "id", "integer");
	c->nullable = false;
	sm_index_add_column(r, sm_pk_set(r, o, ""), "id", false);

	c = sm_column_add(r, t, "id", "integer");
	c->nullable = false;
	sm_column_add(r, t, "name", "text");
	c = sm_column_add(r, t, "email", "varchar(255)");
	c->default_expr = sm_strdup(r, "''");
	sm_column_add(r, t, "org_id", "integer");
	sm_index_add_column(r, sm_pk_set(r, t, "users_pk"), "id", false);
	ix = sm_index_add(r, t, "users_email");
	ix->unique = true;
	sm_index_add_column(r, ix, "email", false);
	fk = sm_fk_add(r, t, "fk_org");
	sm_strs_add(r, &fk->columns, "org_id");
	fk->ref_table = sm_strdup(r, "orgs");
	sm_strs_add(r, &fk->ref_columns, "id");
	sm_check_add(r, t, "chk_name", "length(name) > 0");
	sm_trigger_add(r, &t->obj, "trg",
	               "CREATE TRIGGER trg AFTER INSERT ON users BEGIN "
	               "SELECT 1; END");
	return t;
}

/* ---- basics ----------------------------------------------------------- */

static void test_schema_diff__empty_realms(void **state)
{
	sm_realm *a = sm_realm_new("sqlite"), *b = sm_realm_new("sqlite");
	sm_changes *c = NULL;

	(void)state;
	assert_int_equal(sm_diff(&c, a, b, NULL), 0);
	assert_non_null(c);
	assert_true(sm_changes_empty(c));
	assert_int_equal(c->items.len, 0);
	sm_changes_free(c);
	assert_true(sm_changes_empty(NULL));
	sm_realm_free(a);
	sm_realm_free(b);
}

static void populate_all(sm_realm *r, sm_schema *s)
{
	sm_type *ty;
	sm_view *v;

	std_table(r, s);
	ty = sm_type_add(r, s, "mood", SM_TYPE_ENUM);
	sm_strs_add(r, &ty->values, "sad");
	sm_strs_add(r, &ty->values, "happy");
	sm_sequence_add(r, s, "seq");
	v = sm_view_add(r, s, "v", "CREATE VIEW v AS SELECT 1");
	sm_trigger_add(r, &v->obj, "vtrg", "CREATE TRIGGER vtrg ...");
	sm_function_add(r, s, "f", "CREATE FUNCTION f() ...");
	sm_extension_add(r, "hstore");
	sm_attr_set(r, &s->attrs, "owner", "me");
}

static void test_schema_diff__identical(void **state)
{
	fx *f = *state;

	populate_all(f->a, f->sa);
	populate_all(f->b, f->sb);
	run(f, NULL);
	assert_true(sm_changes_empty(f->c));
}

static void test_schema_diff__tables_order(void **state)
{
	fx *f = *state;
	const sm_change_vec *v;

	/* from: t1 (modified) t2 (dropped) t3 (modified) t4 (same) */
	sm_column_add(f->a, sm_table_add(f->a, f->sa, "t1"), "a", "int");
	sm_column_add(f->a, sm_table_add(f->a, f->sa, "t2"), "a", "int");
	sm_column_add(f->a, sm_table_add(f->a, f->sa, "t3"), "a", "int");
	sm_column_add(f->a, sm_table_add(f->a, f->sa, "t4"), "a", "int");
	/* to: z (new) t3 t1 a (new) t4 */
	sm_column_add(f->b, sm_table_add(f->b, f->sb, "z"), "a", "int");
	sm_column_add(f->b, sm_table_add(f->b, f->sb, "t3"), "a", "text");
	sm_column_add(f->b, sm_table_add(f->b, f->sb, "t1"), "a", "bigint");
	sm_column_add(f->b, sm_table_add(f->b, f->sb, "a"), "a", "int");
	sm_column_add(f->b, sm_table_add(f->b, f->sb, "t4"), "a", "int");
	v = run(f, NULL);
	EXPECT(v, { SM_OP_MODIFY, SM_TABLE, "t1", 0 },
	       { SM_OP_DROP, SM_TABLE, "t2", 0 },
	       { SM_OP_MODIFY, SM_TABLE, "t3", 0 },
	       { SM_OP_ADD, SM_TABLE, "z", 0 },
	       { SM_OP_ADD, SM_TABLE, "a", 0 });
	/* a change borrows the objects of both realms */
	assert_ptr_equal(v->items[0]->from, &f->sa->tables.items[0]->obj);
	assert_ptr_equal(v->items[0]->to, &f->sb->tables.items[2]->obj);
	EXPECT(&v->items[0]->subs,
	       { SM_OP_MODIFY, SM_COLUMN, "a", SM_CHG_TYPE });
	/* added tables carry no subs: the planner reads the whole table */
	assert_int_equal(v->items[3]->subs.len, 0);
}

static void test_schema_diff__columns_order(void **state)
{
	fx *f = *state;
	sm_table *a = sm_table_add(f->a, f->sa, "t");
	sm_table *b = sm_table_add(f->b, f->sb, "t");
	const sm_change_vec *subs;

	sm_column_add(f->a, a, "a", "int");
	sm_column_add(f->a, a, "b", "int");
	sm_column_add(f->a, a, "c", "int");
	sm_column_add(f->a, a, "d", "int");
	sm_column_add(f->b, b, "d", "int"); /* moved: not reported */
	sm_column_add(f->b, b, "y", "int");
	sm_column_add(f->b, b, "b", "text");
	sm_column_add(f->b, b, "x", "int");
	subs = only_modify(run(f, NULL), SM_TABLE, "t", 0);
	EXPECT(subs, { SM_OP_DROP, SM_COLUMN, "a", 0 },
	       { SM_OP_MODIFY, SM_COLUMN, "b", SM_CHG_TYPE },
	       { SM_OP_DROP, SM_COLUMN, "c", 0 },
	       { SM_OP_ADD, SM_COLUMN, "y", 0 },
	       { SM_OP_ADD, SM_COLUMN, "x", 0 });
}

static void test_schema_diff__column_position_ignored(void **state)
{
	fx *f = *state;
	sm_table *a = sm_table_add(f->a, f->sa, "t");
	sm_table *b = sm_table_add(f->b, f->sb, "t");

	sm_column_add(f->a, a, "a", "int");
	sm_column_add(f->a, a, "b", "int");
	sm_column_add(f->b, b, "b", "int");
	sm_column_add(f->b, b, "a", "int");
	assert_int_equal(run(f, NULL)->len, 0);
}

/* ---- column masks ----------------------------------------------------- */

typedef void (*col_mut)(sm_realm *r, sm_column *c);

static void mut_type(sm_realm *r, sm_column *c)
{
	c->type = sm_strdup(r, "varchar(100)");
}

static void mut_null(sm_realm *r, sm_column *c)
{
	(void)r;
	c->nullable = false;
}

static void mut_default_text(sm_realm *r, sm_column *c)
{
	c->default_expr = sm_strdup(r, "'x'");
}

static void mut_default_none(sm_realm *r, sm_column *c)
{
	(void)r;
	c->default_expr = NULL;
}

static void mut_collate(sm_realm *r, sm_column *c)
{
	c->collation = sm_strdup(r, "NOCASE");
}

static void mut_charset(sm_realm *r, sm_column *c)
{
	c->charset = sm_strdup(r, "latin1");
}

static void mut_comment(sm_realm *r, sm_column *c)
{
	c->obj.comment = sm_strdup(r, "the mail");
}

static void mut_generated(sm_realm *r, sm_column *c)
{
	c->generated = sm_strdup(r, "lower(name)");
}

static void mut_autoinc(sm_realm *r, sm_column *c)
{
	(void)r;
	c->auto_increment = true;
}

static void mut_identity(sm_realm *r, sm_column *c)
{
	c->identity = sm_strdup(r, "ALWAYS");
}

static void mut_on_update(sm_realm *r, sm_column *c)
{
	c->on_update = sm_strdup(r, "CURRENT_TIMESTAMP");
}

static void mut_attr(sm_realm *r, sm_column *c)
{
	sm_attr_set(r, &c->attrs, "unsigned", "");
}

static void mut_invisible(sm_realm *r, sm_column *c)
{
	(void)r;
	c->invisible = true;
}

static void mut_position(sm_realm *r, sm_column *c)
{
	(void)r;
	c->position = 42;
}

static void mut_type_and_null(sm_realm *r, sm_column *c)
{
	mut_type(r, c);
	mut_null(r, c);
}

static void test_schema_diff__column_masks(void **state)
{
	static const struct {
		col_mut mut;
		unsigned mask;
	} cases[] = {
		{ mut_type, SM_CHG_TYPE },
		{ mut_null, SM_CHG_NULL },
		{ mut_default_text, SM_CHG_DEFAULT },
		{ mut_default_none, SM_CHG_DEFAULT },
		{ mut_collate, SM_CHG_COLLATE },
		{ mut_charset, SM_CHG_CHARSET },
		{ mut_comment, SM_CHG_COMMENT },
		{ mut_generated, SM_CHG_GENERATED },
		{ mut_autoinc, SM_CHG_AUTOINC },
		{ mut_identity, SM_CHG_IDENTITY },
		{ mut_on_update, SM_CHG_ON_UPDATE },
		{ mut_attr, SM_CHG_ATTR },
		{ mut_invisible, SM_CHG_ATTR },
		{ mut_position, 0 },
		{ mut_type_and_null, SM_CHG_TYPE | SM_CHG_NULL },
	};
	(void)state;

	for (size_t i = 0; i < UT_ARRAY_SIZE(cases); i++) {
		fx *f;
		sm_table *t;
		const sm_change_vec *v;

		setup((void **)&f);
		std_table(f->a, f->sa);
		t = std_table(f->b, f->sb);
		cases[i].mut(f->b, t->columns.items[2]); /* email */
		v = run(f, NULL);
		if (!cases[i].mask) {
			assert_int_equal(v->len, 0);
		} else {
			v = only_modify(v, SM_TABLE, "users", 0);
			EXPECT(v, { SM_OP_MODIFY, SM_COLUMN, "email",
			            cases[i].mask });
		}
		teardown((void **)&f);
	}
}

static void test_schema_diff__column_generated_stored(void **state)
{
	fx *f = *state;
	sm_column *a =
	        sm_column_add(f->a, sm_table_add(f->a, f->sa, "t"), "g", "int");
	sm_column *b =
	        sm_column_add(f->b, sm_table_add(f->b, f->sb, "t"), "g", "int");

	a->generated = sm_strdup(f->a, "1 + 1");
	b->generated = sm_strdup(f->b, "1 + 1");
	assert_int_equal(run(f, NULL)->len, 0);
	b->generated_stored = true;
	EXPECT(only_modify(run(f, NULL), SM_TABLE, "t", 0),
	       { SM_OP_MODIFY, SM_COLUMN, "g", SM_CHG_GENERATED });
	b->generated_stored = false;
	b->identity_start = 5; /* ignored without identity */
	assert_int_equal(run(f, NULL)->len, 0);
	a->identity = b->identity = "BY DEFAULT";
	EXPECT(only_modify(run(f, NULL), SM_TABLE, "t", 0),
	       { SM_OP_MODIFY, SM_COLUMN, "g", SM_CHG_IDENTITY });
}

/* ---- indexes and the primary key -------------------------------------- */

static void test_schema_diff__index_named(void **state)
{
	fx *f = *state;
	sm_table *a = std_table(f->a, f->sa);
	sm_table *b = std_table(f->b, f->sb);
	sm_index *ia, *ib;

	ia = sm_index_add(f->a, a, "gone");
	sm_index_add_column(f->a, ia, "name", false);
	ia = sm_index_add(f->a, a, "mod");
	sm_index_add_column(f->a, ia, "name", false);
	ib = sm_index_add(f->b, b, "new");
	sm_index_add_column(f->b, ib, "org_id", false);
	ib = sm_index_add(f->b, b, "mod");
	sm_index_add_column(f->b, ib, "name", true);
	ib->unique = true;
	EXPECT(only_modify(run(f, NULL), SM_TABLE, "users", 0),
	       { SM_OP_DROP, SM_INDEX, "gone", 0 },
	       { SM_OP_MODIFY, SM_INDEX, "mod", SM_CHG_UNIQUE | SM_CHG_PARTS },
	       { SM_OP_ADD, SM_INDEX, "new", 0 });
}

typedef void (*idx_mut)(sm_realm *r, sm_index *i);

static void imut_column(sm_realm *r, sm_index *i)
{
	i->parts.items[0].column = sm_strdup(r, "name");
}

static void imut_expr(sm_realm *r, sm_index *i)
{
	i->parts.items[0].column = NULL;
	i->parts.items[0].expr = sm_strdup(r, "lower(email)");
}

static void imut_more(sm_realm *r, sm_index *i)
{
	sm_index_add_column(r, i, "name", false);
}

static void imut_desc(sm_realm *r, sm_index *i)
{
	(void)r;
	i->parts.items[0].desc = true;
}

static void imut_collation(sm_realm *r, sm_index *i)
{
	i->parts.items[0].collation = sm_strdup(r, "NOCASE");
}

static void imut_opclass(sm_realm *r, sm_index *i)
{
	i->parts.items[0].opclass = sm_strdup(r, "text_pattern_ops");
}

static void imut_prefix(sm_realm *r, sm_index *i)
{
	(void)r;
	i->parts.items[0].prefix = 10;
}

static void imut_nulls(sm_realm *r, sm_index *i)
{
	i->parts.items[0].nulls = sm_strdup(r, "FIRST");
}

static void imut_include(sm_realm *r, sm_index *i)
{
	sm_strs_add(r, &i->include, "name");
}

static void imut_nnd(sm_realm *r, sm_index *i)
{
	(void)r;
	i->nulls_not_distinct = true;
}

static void imut_unique(sm_realm *r, sm_index *i)
{
	(void)r;
	i->unique = false;
}

static void imut_where(sm_realm *r, sm_index *i)
{
	i->where = sm_strdup(r, "email IS NOT NULL");
}

static void imut_method(sm_realm *r, sm_index *i)
{
	i->method = sm_strdup(r, "hash");
}

static void imut_comment(sm_realm *r, sm_index *i)
{
	i->obj.comment = sm_strdup(r, "c");
}

static void imut_attr(sm_realm *r, sm_index *i)
{
	sm_attr_set(r, &i->attrs, "fillfactor", "70");
}

static void imut_constraint(sm_realm *r, sm_index *i)
{
	(void)r;
	i->constraint = true;
}

static void imut_def(sm_realm *r, sm_index *i)
{
	/* the database's own DDL text is not compared: the parts are */
	i->def =
	        sm_strdup(r, "CREATE UNIQUE INDEX users_email ON users(email)");
}

static void test_schema_diff__index_masks(void **state)
{
	static const struct {
		idx_mut mut;
		unsigned mask;
	} cases[] = {
		{ imut_column, SM_CHG_PARTS },
		{ imut_expr, SM_CHG_PARTS },
		{ imut_more, SM_CHG_PARTS },
		{ imut_desc, SM_CHG_PARTS },
		{ imut_collation, SM_CHG_PARTS },
		{ imut_opclass, SM_CHG_PARTS },
		{ imut_prefix, SM_CHG_PARTS },
		{ imut_nulls, SM_CHG_PARTS },
		{ imut_include, SM_CHG_PARTS },
		{ imut_nnd, SM_CHG_PARTS },
		{ imut_unique, SM_CHG_UNIQUE },
		{ imut_where, SM_CHG_WHERE },
		{ imut_method, SM_CHG_METHOD },
		{ imut_comment, SM_CHG_COMMENT },
		{ imut_attr, SM_CHG_ATTR },
		{ imut_constraint, SM_CHG_ATTR },
		{ imut_def, 0 },
	};
	(void)state;

	for (size_t i = 0; i < UT_ARRAY_SIZE(cases); i++) {
		fx *f;
		sm_table *t;
		const sm_change_vec *v;

		setup((void **)&f);
		std_table(f->a, f->sa);
		t = std_table(f->b, f->sb);
		cases[i].mut(f->b, t->indexes.items[0]);
		v = run(f, NULL);
		if (!cases[i].mask) {
			assert_int_equal(v->len, 0);
		} else {
			v = only_modify(v, SM_TABLE, "users", 0);
			EXPECT(v, { SM_OP_MODIFY, SM_INDEX, "users_email",
			            cases[i].mask });
		}
		teardown((void **)&f);
	}
}

static sm_index *auto_index(sm_realm *r, sm_table *t, const char *name,
                            const char *col)
{
	sm_index *i = sm_index_add(r, t, name);

	i->unique = true;
	i->constraint = true;
	i->auto_named = true;
	sm_index_add_column(r, i, col, false);
	return i;
}

static void test_schema_diff__index_auto_named(void **state)
{
	fx *f = *state;
	sm_table *a = sm_table_add(f->a, f->sa, "t");
	sm_table *b = sm_table_add(f->b, f->sb, "t");

	for (int side = 0; side < 2; side++) {
		sm_realm *r = side ? f->b : f->a;
		sm_table *t = side ? b : a;
		sm_column_add(r, t, "x", "int");
		sm_column_add(r, t, "y", "int");
	}
	/* UNIQUE(x) dropped: the autoindex names shift, y's is unchanged */
	auto_index(f->a, a, "sqlite_autoindex_t_1", "x");
	auto_index(f->a, a, "sqlite_autoindex_t_2", "y");
	auto_index(f->b, b, "sqlite_autoindex_t_1", "y");
	EXPECT(only_modify(run(f, NULL), SM_TABLE, "t", 0),
	       { SM_OP_DROP, SM_INDEX, "sqlite_autoindex_t_1", 0 });
	assert_string_equal(
	        ((const sm_index *)f->c->items.items[0]->subs.items[0]->from)
	                ->parts.items[0]
	                .column,
	        "x");

	/* a definition change is a drop and an add, never a modify */
	b->indexes.items[0]->parts.items[0].desc = true;
	auto_index(f->b, b, "sqlite_autoindex_t_2", "x");
	EXPECT(only_modify(run(f, NULL), SM_TABLE, "t", 0),
	       { SM_OP_DROP, SM_INDEX, "sqlite_autoindex_t_2", 0 },
	       { SM_OP_ADD, SM_INDEX, "sqlite_autoindex_t_1", 0 });
	/* ... while a method change on a matched definition is a modify */
	b->indexes.items[0]->parts.items[0].desc = false;
	b->indexes.items[0]->method = "hash";
	EXPECT(only_modify(run(f, NULL), SM_TABLE, "t", 0),
	       { SM_OP_MODIFY, SM_INDEX, "sqlite_autoindex_t_1",
	         SM_CHG_METHOD });
}

static void test_schema_diff__primary_key(void **state)
{
	fx *f = *state;
	sm_table *a = std_table(f->a, f->sa);
	sm_table *b = std_table(f->b, f->sb);
	sm_index *pk = b->pk;

	/* parts */
	sm_index_add_column(f->b, pk, "email", false);
	EXPECT(only_modify(run(f, NULL), SM_TABLE, "users", 0),
	       { SM_OP_MODIFY, SM_INDEX, "users_pk", SM_CHG_PARTS });
	assert_true(((const sm_index *)f->c->items.items[0]->subs.items[0]->to)
	                    ->primary);
	pk->parts.len = 1;
	/* name: both named and not made up */
	pk->obj.name = "users_pkey";
	EXPECT(only_modify(run(f, NULL), SM_TABLE, "users", 0),
	       { SM_OP_MODIFY, SM_INDEX, "users_pkey", SM_CHG_NAME });
	/* ... not when one side is unnamed or auto-named */
	pk->auto_named = true;
	assert_int_equal(run(f, NULL)->len, 0);
	pk->auto_named = false;
	pk->obj.name = "";
	assert_int_equal(run(f, NULL)->len, 0);
	/* the unique flag of a PK is implied */
	pk->unique = false;
	assert_int_equal(run(f, NULL)->len, 0);
	/* drop and add */
	b->pk = NULL;
	EXPECT(only_modify(run(f, NULL), SM_TABLE, "users", 0),
	       { SM_OP_DROP, SM_INDEX, "users_pk", 0 });
	b->pk = pk;
	a->pk = NULL;
	EXPECT(only_modify(run(f, NULL), SM_TABLE, "users", 0),
	       { SM_OP_ADD, SM_INDEX, "", 0 });
}

/* ---- foreign keys ----------------------------------------------------- */

typedef void (*fk_mut)(sm_realm *r, sm_foreign_key *fk);

static void fmut_columns(sm_realm *r, sm_foreign_key *fk)
{
	fk->columns.items[0] = sm_strdup(r, "id");
}

static void fmut_ref_table(sm_realm *r, sm_foreign_key *fk)
{
	fk->ref_table = sm_strdup(r, "users");
}

static void fmut_ref_columns(sm_realm *r, sm_foreign_key *fk)
{
	sm_strs_add(r, &fk->ref_columns, "x");
}

static void fmut_ref_schema(sm_realm *r, sm_foreign_key *fk)
{
	fk->ref_schema = sm_strdup(r, "other");
}

static void fmut_ref_schema_self(sm_realm *r, sm_foreign_key *fk)
{
	/* naming the FK's own schema is the same as naming none */
	fk->ref_schema = sm_strdup(r, "main");
}

static void fmut_on_delete(sm_realm *r, sm_foreign_key *fk)
{
	fk->on_delete = sm_strdup(r, "CASCADE");
}

static void fmut_on_update(sm_realm *r, sm_foreign_key *fk)
{
	fk->on_update = sm_strdup(r, "SET NULL");
}

static void fmut_action_null(sm_realm *r, sm_foreign_key *fk)
{
	/* no action reported == NO ACTION */
	(void)r;
	fk->on_update = NULL;
}

static void fmut_deferrable(sm_realm *r, sm_foreign_key *fk)
{
	fk->deferrable = sm_strdup(r, "DEFERRABLE INITIALLY DEFERRED");
}

static void fmut_not_valid(sm_realm *r, sm_foreign_key *fk)
{
	(void)r;
	fk->not_valid = true;
}

static void fmut_comment(sm_realm *r, sm_foreign_key *fk)
{
	fk->obj.comment = sm_strdup(r, "c");
}

static void fmut_attr(sm_realm *r, sm_foreign_key *fk)
{
	sm_attr_set(r, &fk->attrs, "match", "FULL");
}

static void test_schema_diff__fk_named_masks(void **state)
{
	static const struct {
		fk_mut mut;
		unsigned mask;
	} cases[] = {
		{ fmut_columns, SM_CHG_PARTS },
		{ fmut_ref_table, SM_CHG_REF },
		{ fmut_ref_columns, SM_CHG_REF },
		{ fmut_ref_schema, SM_CHG_REF },
		{ fmut_ref_schema_self, 0 },
		{ fmut_on_delete, SM_CHG_ACTION },
		{ fmut_on_update, SM_CHG_ACTION },
		{ fmut_action_null, 0 },
		{ fmut_deferrable, SM_CHG_ACTION },
		{ fmut_not_valid, SM_CHG_OPTIONS },
		{ fmut_comment, SM_CHG_COMMENT },
		{ fmut_attr, SM_CHG_ATTR },
	};
	(void)state;

	for (size_t i = 0; i < UT_ARRAY_SIZE(cases); i++) {
		fx *f;
		sm_table *t;
		const sm_change_vec *v;

		setup((void **)&f);
		std_table(f->a, f->sa);
		t = std_table(f->b, f->sb);
		cases[i].mut(f->b, t->fks.items[0]);
		v = run(f, NULL);
		if (!cases[i].mask) {
			assert_int_equal(v->len, 0);
		} else {
			v = only_modify(v, SM_TABLE, "users", 0);
			EXPECT(v, { SM_OP_MODIFY, SM_FOREIGN_KEY, "fk_org",
			            cases[i].mask });
		}
		teardown((void **)&f);
	}
}

static void test_schema_diff__fk_named_add_drop(void **state)
{
	fx *f = *state;
	sm_table *b;

	std_table(f->a, f->sa);
	b = std_table(f->b, f->sb);
	/* a renamed FK is a drop and an add: no rename inference */
	b->fks.items[0]->obj.name = "fk_org2";
	EXPECT(only_modify(run(f, NULL), SM_TABLE, "users", 0),
	       { SM_OP_DROP, SM_FOREIGN_KEY, "fk_org", 0 },
	       { SM_OP_ADD, SM_FOREIGN_KEY, "fk_org2", 0 });
}

static sm_foreign_key *unnamed_fk(sm_realm *r, sm_table *t, const char *col,
                                  const char *ref)
{
	sm_foreign_key *fk = sm_fk_add(r, t, "");

	sm_strs_add(r, &fk->columns, col);
	fk->ref_table = sm_strdup(r, ref);
	sm_strs_add(r, &fk->ref_columns, "id");
	return fk;
}

static void test_schema_diff__fk_unnamed(void **state)
{
	fx *f = *state;
	sm_table *a = sm_table_add(f->a, f->sa, "t");
	sm_table *b = sm_table_add(f->b, f->sb, "t");
	sm_foreign_key *fb;

	sm_column_add(f->a, a, "p", "int");
	sm_column_add(f->a, a, "q", "int");
	sm_column_add(f->b, b, "p", "int");
	sm_column_add(f->b, b, "q", "int");
	/* matched by definition, whatever the order */
	unnamed_fk(f->a, a, "p", "parent");
	unnamed_fk(f->a, a, "q", "other");
	unnamed_fk(f->b, b, "q", "other");
	fb = unnamed_fk(f->b, b, "p", "parent");
	assert_int_equal(run(f, NULL)->len, 0);
	/* same definition, new action: modify */
	fb->on_delete = "CASCADE";
	EXPECT(only_modify(run(f, NULL), SM_TABLE, "t", 0),
	       { SM_OP_MODIFY, SM_FOREIGN_KEY, "", SM_CHG_ACTION });
	assert_ptr_equal(f->c->items.items[0]->subs.items[0]->to, &fb->obj);
	/* another referenced table: drop and add */
	fb->on_delete = "NO ACTION";
	fb->ref_table = "elsewhere";
	EXPECT(only_modify(run(f, NULL), SM_TABLE, "t", 0),
	       { SM_OP_DROP, SM_FOREIGN_KEY, "", 0 },
	       { SM_OP_ADD, SM_FOREIGN_KEY, "", 0 });
	assert_string_equal(((const sm_foreign_key *)f->c->items.items[0]
	                             ->subs.items[0]
	                             ->from)
	                            ->ref_table,
	                    "parent");
	/* skip_drop_fk keeps only the add */
	EXPECT(only_modify(run(f, &(sm_diff_opts){ .skip_drop_fk = true }),
	                   SM_TABLE, "t", 0),
	       { SM_OP_ADD, SM_FOREIGN_KEY, "", 0 });
}

/* ---- checks ----------------------------------------------------------- */

static void test_schema_diff__checks(void **state)
{
	fx *f = *state;
	sm_table *a = sm_table_add(f->a, f->sa, "t");
	sm_table *b = sm_table_add(f->b, f->sb, "t");
	sm_check *named, *unnamed;

	sm_column_add(f->a, a, "x", "int");
	sm_column_add(f->b, b, "x", "int");
	sm_check_add(f->a, a, "c1", "x > 0");
	sm_check_add(f->a, a, "", "x < 10");
	sm_check_add(f->a, a, "gone", "x <> 5");
	unnamed = sm_check_add(f->b, b, "", "x < 10");
	named = sm_check_add(f->b, b, "c1", "x > 0");
	assert_int_equal(run(f, NULL)->len, 1); /* "gone" */
	sm_check_add(f->b, b, "gone", "x <> 5");
	assert_int_equal(run(f, NULL)->len, 0);

	named->expr = "x > 1";
	EXPECT(only_modify(run(f, NULL), SM_TABLE, "t", 0),
	       { SM_OP_MODIFY, SM_CHECK, "c1", SM_CHG_EXPR });
	named->expr = "x > 0";
	named->not_valid = true;
	EXPECT(only_modify(run(f, NULL), SM_TABLE, "t", 0),
	       { SM_OP_MODIFY, SM_CHECK, "c1", SM_CHG_OPTIONS });
	named->not_valid = false;
	named->no_inherit = true;
	named->not_enforced = true;
	EXPECT(only_modify(run(f, NULL), SM_TABLE, "t", 0),
	       { SM_OP_MODIFY, SM_CHECK, "c1", SM_CHG_OPTIONS });
	named->no_inherit = named->not_enforced = false;
	/* an unnamed check is its expression: a change drops and adds */
	unnamed->expr = "x < 11";
	EXPECT(only_modify(run(f, NULL), SM_TABLE, "t", 0),
	       { SM_OP_DROP, SM_CHECK, "", 0 }, { SM_OP_ADD, SM_CHECK, "", 0 });
}

/*
 * Atlas computes checks with the table attributes, before the columns:
 * they lead the subs; table attributes go to the table's own mask.
 */
static void test_schema_diff__table_subs_order(void **state)
{
	fx *f = *state;
	sm_table *a = std_table(f->a, f->sa);
	sm_table *b = std_table(f->b, f->sb);
	sm_index *ix;
	sm_foreign_key *fk;

	(void)a;
	b->obj.comment = "users table";
	sm_attr_set(f->b, &b->attrs, "strict", "");
	b->checks.items[0]->expr = "length(name) > 1";
	sm_check_add(f->b, b, "chk_new", "id > 0");
	b->columns.items[1]->nullable = false; /* name */
	sm_column_add(f->b, b, "age", "int");
	b->columns.items[2]->obj.name = "mail"; /* email: drop + add */
	b->pk->parts.items[0].desc = true;
	b->indexes.items[0]->obj.name = "users_mail";
	ix = sm_index_add(f->b, b, "users_age");
	sm_index_add_column(f->b, ix, "age", false);
	b->fks.items[0]->on_delete = "CASCADE";
	fk = sm_fk_add(f->b, b, "fk_self");
	sm_strs_add(f->b, &fk->columns, "org_id");
	fk->ref_table = "users";
	sm_strs_add(f->b, &fk->ref_columns, "id");
	b->triggers.items[0]->def = "CREATE TRIGGER trg ... changed";
	sm_trigger_add(f->b, &b->obj, "trg2", "CREATE TRIGGER trg2 ...");

	EXPECT(only_modify(run(f, NULL), SM_TABLE, "users",
	                   SM_CHG_COMMENT | SM_CHG_ATTR),
	       { SM_OP_MODIFY, SM_CHECK, "chk_name", SM_CHG_EXPR },
	       { SM_OP_ADD, SM_CHECK, "chk_new", 0 },
	       { SM_OP_MODIFY, SM_COLUMN, "name", SM_CHG_NULL },
	       { SM_OP_DROP, SM_COLUMN, "email", 0 },
	       { SM_OP_ADD, SM_COLUMN, "mail", 0 },
	       { SM_OP_ADD, SM_COLUMN, "age", 0 },
	       { SM_OP_MODIFY, SM_INDEX, "users_pk", SM_CHG_PARTS },
	       { SM_OP_DROP, SM_INDEX, "users_email", 0 },
	       { SM_OP_ADD, SM_INDEX, "users_mail", 0 },
	       { SM_OP_ADD, SM_INDEX, "users_age", 0 },
	       { SM_OP_MODIFY, SM_FOREIGN_KEY, "fk_org", SM_CHG_ACTION },
	       { SM_OP_ADD, SM_FOREIGN_KEY, "fk_self", 0 },
	       { SM_OP_MODIFY, SM_TRIGGER, "trg", SM_CHG_DEF },
	       { SM_OP_ADD, SM_TRIGGER, "trg2", 0 });
}

static void test_schema_diff__table_attrs(void **state)
{
	fx *f = *state;
	sm_table *a = sm_table_add(f->a, f->sa, "t");
	sm_table *b = sm_table_add(f->b, f->sb, "t");

	sm_attr_set(f->a, &a->attrs, "engine", "InnoDB");
	sm_attr_set(f->a, &a->attrs, "strict", "");
	/* attribute order is noise */
	sm_attr_set(f->b, &b->attrs, "strict", "");
	sm_attr_set(f->b, &b->attrs, "engine", "InnoDB");
	assert_int_equal(run(f, NULL)->len, 0);
	sm_attr_set(f->b, &b->attrs, "engine", "MyISAM");
	EXPECT(run(f, NULL), { SM_OP_MODIFY, SM_TABLE, "t", SM_CHG_ATTR });
	assert_int_equal(f->c->items.items[0]->subs.len, 0);
	sm_attr_set(f->b, &b->attrs, "engine", "InnoDB");
	b->charset = "utf8mb4";
	b->collation = "utf8mb4_bin";
	EXPECT(run(f, NULL), { SM_OP_MODIFY, SM_TABLE, "t",
	                       SM_CHG_CHARSET | SM_CHG_COLLATE });
	b->charset = b->collation = NULL;
	a->obj.comment = "";
	assert_int_equal(run(f, NULL)->len, 0); /* "" comment == none */
	a->obj.comment = "c";
	EXPECT(run(f, NULL), { SM_OP_MODIFY, SM_TABLE, "t", SM_CHG_COMMENT });
	a->obj.comment = NULL;
	/* AUTO_INCREMENT: a change only when the target asks for more */
	sm_attr_set(f->a, &a->attrs, "auto_increment", "100");
	assert_int_equal(run(f, NULL)->len, 0);
	sm_attr_set(f->b, &b->attrs, "auto_increment", "50");
	assert_int_equal(run(f, NULL)->len, 0);
	sm_attr_set(f->b, &b->attrs, "auto_increment", "101");
	EXPECT(run(f, NULL), { SM_OP_MODIFY, SM_TABLE, "t", SM_CHG_ATTR });
}

static void test_schema_diff__triggers(void **state)
{
	fx *f = *state;
	sm_table *a = sm_table_add(f->a, f->sa, "t");
	sm_table *b = sm_table_add(f->b, f->sb, "t");

	sm_trigger_add(f->a, &a->obj, "t1", "CREATE TRIGGER t1 ...");
	sm_trigger_add(f->a, &a->obj, "t2", "CREATE TRIGGER t2 ...");
	sm_trigger_add(f->b, &b->obj, "t3", "CREATE TRIGGER t3 ...");
	sm_trigger_add(f->b, &b->obj, "t2", "CREATE TRIGGER t2 ... new");
	EXPECT(only_modify(run(f, NULL), SM_TABLE, "t", 0),
	       { SM_OP_DROP, SM_TRIGGER, "t1", 0 },
	       { SM_OP_MODIFY, SM_TRIGGER, "t2", SM_CHG_DEF },
	       { SM_OP_ADD, SM_TRIGGER, "t3", 0 });
}

/* ---- schema objects --------------------------------------------------- */

static void test_schema_diff__views(void **state)
{
	fx *f = *state;
	sm_view *v;

	sm_view_add(f->a, f->sa, "gone", "CREATE VIEW gone AS SELECT 1");
	sm_view_add(f->a, f->sa, "same", "CREATE VIEW same AS SELECT 1");
	sm_view_add(f->a, f->sa, "mod", "CREATE VIEW mod AS SELECT 1");
	sm_view_add(f->a, f->sa, "mat", "CREATE VIEW mat AS SELECT 1");
	sm_view_add(f->a, f->sa, "trig", "CREATE VIEW trig AS SELECT 1");
	sm_view_add(f->b, f->sb, "new", "CREATE VIEW new AS SELECT 1");
	sm_view_add(f->b, f->sb, "mod", "CREATE VIEW mod AS SELECT 2");
	v = sm_view_add(f->b, f->sb, "mat", "CREATE VIEW mat AS SELECT 1");
	v->materialized = true;
	v = sm_view_add(f->b, f->sb, "trig", "CREATE VIEW trig AS SELECT 1");
	sm_trigger_add(f->b, &v->obj, "instead", "CREATE TRIGGER instead ...");
	sm_view_add(f->b, f->sb, "same", "CREATE VIEW same AS SELECT 1");
	EXPECT(run(f, NULL), { SM_OP_DROP, SM_VIEW, "gone", 0 },
	       { SM_OP_MODIFY, SM_VIEW, "mod", SM_CHG_DEF },
	       { SM_OP_MODIFY, SM_VIEW, "mat", SM_CHG_DEF },
	       { SM_OP_MODIFY, SM_VIEW, "trig", 0 },
	       { SM_OP_ADD, SM_VIEW, "new", 0 });
	EXPECT(&f->c->items.items[3]->subs,
	       { SM_OP_ADD, SM_TRIGGER, "instead", 0 });
}

static void test_schema_diff__functions(void **state)
{
	fx *f = *state;
	sm_function *fn;

	fn = sm_function_add(f->a, f->sa, "f", "CREATE FUNCTION f(int) ...");
	fn->args = "integer";
	sm_function_add(f->a, f->sa, "g", "CREATE FUNCTION g() ...");
	sm_function_add(f->a, f->sa, "h", "CREATE FUNCTION h() ...");
	/* an overload of f: same name, other arguments */
	fn = sm_function_add(f->b, f->sb, "f", "CREATE FUNCTION f(text) ...");
	fn->args = "text";
	fn = sm_function_add(f->b, f->sb, "f", "CREATE FUNCTION f(int) ...");
	fn->args = "integer";
	sm_function_add(f->b, f->sb, "g", "CREATE FUNCTION g() ... v2");
	fn = sm_function_add(f->b, f->sb, "h", "CREATE FUNCTION h() ...");
	fn->procedure = true;
	EXPECT(run(f, NULL), { SM_OP_MODIFY, SM_FUNCTION, "g", SM_CHG_DEF },
	       { SM_OP_MODIFY, SM_FUNCTION, "h", SM_CHG_DEF },
	       { SM_OP_ADD, SM_FUNCTION, "f", 0 });
	assert_string_equal(
	        ((const sm_function *)f->c->items.items[2]->to)->args, "text");
}

static void test_schema_diff__sequences(void **state)
{
	fx *f = *state;
	sm_sequence *q;

	sm_sequence_add(f->a, f->sa, "s1");
	sm_sequence_add(f->a, f->sa, "s2");
	q = sm_sequence_add(f->a, f->sa, "s3");
	q->type = "integer";
	q = sm_sequence_add(f->b, f->sb, "s2");
	q->increment = 2;
	q->cycle = true;
	q = sm_sequence_add(f->b, f->sb, "s3");
	q->type = "bigint";
	sm_sequence_add(f->b, f->sb, "s4");
	EXPECT(run(f, NULL), { SM_OP_DROP, SM_SEQUENCE, "s1", 0 },
	       { SM_OP_MODIFY, SM_SEQUENCE, "s2", SM_CHG_OPTIONS },
	       { SM_OP_MODIFY, SM_SEQUENCE, "s3", SM_CHG_TYPE },
	       { SM_OP_ADD, SM_SEQUENCE, "s4", 0 });
}

static sm_type *enum_type(sm_realm *r, sm_schema *s, const char *name,
                          const char *const *vals, size_t n)
{
	sm_type *t = sm_type_add(r, s, name, SM_TYPE_ENUM);

	for (size_t i = 0; i < n; i++)
		sm_strs_add(r, &t->values, vals[i]);
	return t;
}

static void test_schema_diff__enum_values(void **state)
{
	fx *f = *state;
	static const char *const abc[] = { "a", "b", "c" };
	static const char *const abxc[] = { "a", "b", "x", "c" };
	static const char *const xabcy[] = { "x", "a", "b", "c", "y" };
	static const char *const ac[] = { "a", "c" };
	static const char *const bac[] = { "b", "a", "c" };
	sm_type *d;

	enum_type(f->a, f->sa, "append", abc, 3);
	enum_type(f->a, f->sa, "insert", abc, 3);
	enum_type(f->a, f->sa, "remove", abc, 3);
	enum_type(f->a, f->sa, "reorder", abc, 3);
	enum_type(f->a, f->sa, "same", abc, 3);
	d = sm_type_add(f->a, f->sa, "dom", SM_TYPE_DOMAIN);
	d->def = "CREATE DOMAIN dom AS int CHECK (VALUE > 0)";
	enum_type(f->a, f->sa, "kind", abc, 3);
	enum_type(f->b, f->sb, "append", abxc, 4);
	enum_type(f->b, f->sb, "insert", xabcy, 5);
	enum_type(f->b, f->sb, "remove", ac, 2);
	enum_type(f->b, f->sb, "reorder", bac, 3);
	enum_type(f->b, f->sb, "same", abc, 3);
	d = sm_type_add(f->b, f->sb, "dom", SM_TYPE_DOMAIN);
	d->def = "CREATE DOMAIN dom AS int CHECK (VALUE > 1)";
	d = sm_type_add(f->b, f->sb, "kind", SM_TYPE_DOMAIN);
	d->def = "CREATE DOMAIN kind AS text";
	EXPECT(run(f, NULL), { SM_OP_MODIFY, SM_TYPE, "append", SM_CHG_VALUES },
	       { SM_OP_MODIFY, SM_TYPE, "insert", SM_CHG_VALUES },
	       { SM_OP_MODIFY, SM_TYPE, "remove", SM_CHG_DEF },
	       { SM_OP_MODIFY, SM_TYPE, "reorder", SM_CHG_DEF },
	       { SM_OP_MODIFY, SM_TYPE, "dom", SM_CHG_DEF },
	       { SM_OP_MODIFY, SM_TYPE, "kind", SM_CHG_DEF });
}

static void test_schema_diff__events_and_extensions(void **state)
{
	fx *f = *state;
	sm_event *e;
	sm_extension *x;

	e = ut_arena_alloc(&f->a->arena, sizeof(*e));
	e->obj.kind = SM_EVENT;
	e->obj.name = "ev";
	e->obj.parent = &f->sa->obj;
	e->def = "CREATE EVENT ev ON SCHEDULE EVERY 1 DAY DO SELECT 1";
	ut_vec_apush(&f->a->arena, &f->sa->events, e);
	e = ut_arena_alloc(&f->b->arena, sizeof(*e));
	e->obj.kind = SM_EVENT;
	e->obj.name = "ev";
	e->obj.parent = &f->sb->obj;
	e->def = "CREATE EVENT ev ON SCHEDULE EVERY 2 DAY DO SELECT 1";
	ut_vec_apush(&f->b->arena, &f->sb->events, e);
	sm_extension_add(f->a, "old");
	x = sm_extension_add(f->a, "ver");
	x->version = "1.0";
	x = sm_extension_add(f->b, "ver");
	x->version = "1.1";
	sm_extension_add(f->b, "new");
	sm_table_add(f->b, f->sb, "t");
	/* realm objects come first */
	EXPECT(run(f, NULL), { SM_OP_DROP, SM_EXTENSION, "old", 0 },
	       { SM_OP_MODIFY, SM_EXTENSION, "ver", SM_CHG_OPTIONS },
	       { SM_OP_ADD, SM_EXTENSION, "new", 0 },
	       { SM_OP_ADD, SM_TABLE, "t", 0 },
	       { SM_OP_MODIFY, SM_EVENT, "ev", SM_CHG_DEF });
}

/* ---- schemas ---------------------------------------------------------- */

static void test_schema_diff__schema_attrs(void **state)
{
	fx *f = *state;

	f->sb->charset = "utf8mb4";
	f->sb->collation = "utf8mb4_bin";
	f->sb->obj.comment = "c";
	sm_attr_set(f->b, &f->sb->attrs, "owner", "x");
	sm_table_add(f->b, f->sb, "t");
	EXPECT(run(f, NULL),
	       { SM_OP_MODIFY, SM_SCHEMA, "main",
	         SM_CHG_CHARSET | SM_CHG_COLLATE | SM_CHG_COMMENT |
	                 SM_CHG_ATTR },
	       { SM_OP_ADD, SM_TABLE, "t", 0 });
}

static void test_schema_diff__schema_add_drop(void **state)
{
	fx *f = *state;
	sm_schema *old = sm_schema_add(f->a, "old");
	sm_schema *nw;

	sm_table_add(f->a, old, "ot");
	sm_table_add(f->a, f->sa, "gone");
	nw = sm_schema_add(f->b, "new");
	/* added in diff order, not declaration order */
	sm_function_add(f->b, nw, "fn", "CREATE FUNCTION fn() ...");
	sm_view_add(f->b, nw, "v", "CREATE VIEW v AS SELECT 1");
	sm_table_add(f->b, nw, "t1");
	sm_table_add(f->b, nw, "t2");
	sm_sequence_add(f->b, nw, "sq");
	sm_type_add(f->b, nw, "ty", SM_TYPE_ENUM);
	sm_schema_add(f->b, "empty");
	EXPECT(run(f, NULL), { SM_OP_DROP, SM_TABLE, "gone", 0 },
	       { SM_OP_DROP, SM_SCHEMA, "old", 0 },
	       { SM_OP_ADD, SM_SCHEMA, "new", 0 },
	       { SM_OP_ADD, SM_TYPE, "ty", 0 },
	       { SM_OP_ADD, SM_SEQUENCE, "sq", 0 },
	       { SM_OP_ADD, SM_TABLE, "t1", 0 },
	       { SM_OP_ADD, SM_TABLE, "t2", 0 }, { SM_OP_ADD, SM_VIEW, "v", 0 },
	       { SM_OP_ADD, SM_FUNCTION, "fn", 0 },
	       { SM_OP_ADD, SM_SCHEMA, "empty", 0 });
	/* skip add_schema keeps the contents, as Atlas's AddOrSkip */
	EXPECT(run(f, &(sm_diff_opts){ .skip_add_schema = true,
	                               .skip_drop_schema = true,
	                               .skip_drop_table = true }),
	       { SM_OP_ADD, SM_TYPE, "ty", 0 },
	       { SM_OP_ADD, SM_SEQUENCE, "sq", 0 },
	       { SM_OP_ADD, SM_TABLE, "t1", 0 },
	       { SM_OP_ADD, SM_TABLE, "t2", 0 }, { SM_OP_ADD, SM_VIEW, "v", 0 },
	       { SM_OP_ADD, SM_FUNCTION, "fn", 0 });
}

static void test_schema_diff__ignore_schema_names(void **state)
{
	fx *f = *state;
	sm_diff_opts o = { .ignore_schema_names = true };
	sm_changes *c = NULL;
	sm_foreign_key *fk;

	f->sa->obj.name = "dev";
	f->sb->obj.name = "public";
	std_table(f->a, f->sa);
	std_table(f->b, f->sb);
	/* an FK naming its own schema stays equal across the names */
	fk = f->sb->tables.items[1]->fks.items[0];
	fk->ref_schema = "public";
	assert_int_equal(run(f, &o)->len, 0);
	f->sb->tables.items[1]->columns.items[1]->type = "varchar(10)";
	only_modify(run(f, &o), SM_TABLE, "users", 0);
	/* without the option the schemas differ by name */
	EXPECT(run(f, NULL), { SM_OP_DROP, SM_SCHEMA, "dev", 0 },
	       { SM_OP_ADD, SM_SCHEMA, "public", 0 },
	       { SM_OP_ADD, SM_TABLE, "orgs", 0 },
	       { SM_OP_ADD, SM_TABLE, "users", 0 });
	/* more than one schema on a side cannot be paired by position */
	sm_schema_add(f->b, "other");
	assert_int_equal(sm_diff(&c, f->a, f->b, &o), UT_ERROR);
	assert_null(c);
	assert_non_null(strstr(ut_error_last()->msg, "2 on the other"));
	ut_error_clear();
}

/* ---- skip policy ------------------------------------------------------ */

static void test_schema_diff__skip_policy(void **state)
{
	fx *f = *state;
	sm_table *b;
	sm_diff_opts o = { 0 };

	std_table(f->a, f->sa);
	sm_table_add(f->a, f->sa, "gone");
	sm_schema_add(f->a, "oldschema");
	b = std_table(f->b, f->sb);
	b->columns.len = 3;                 /* drop org_id */
	b->indexes.len = 0;                 /* drop users_email */
	b->fks.len = 0;                     /* drop fk_org */
	b->pk = NULL;                       /* drop the PK */
	sm_column_add(f->b, b, "x", "int"); /* org_id is gone for good */
	EXPECT(run(f, NULL), { SM_OP_MODIFY, SM_TABLE, "users", 0 },
	       { SM_OP_DROP, SM_TABLE, "gone", 0 },
	       { SM_OP_DROP, SM_SCHEMA, "oldschema", 0 });
	EXPECT(&f->c->items.items[0]->subs,
	       { SM_OP_DROP, SM_COLUMN, "org_id", 0 },
	       { SM_OP_ADD, SM_COLUMN, "x", 0 },
	       { SM_OP_DROP, SM_INDEX, "users_pk", 0 },
	       { SM_OP_DROP, SM_INDEX, "users_email", 0 },
	       { SM_OP_DROP, SM_FOREIGN_KEY, "fk_org", 0 });

	o.skip_drop_column = true;
	o.skip_drop_index = true;
	o.skip_drop_fk = true;
	EXPECT(run(f, &o), { SM_OP_MODIFY, SM_TABLE, "users", 0 },
	       { SM_OP_DROP, SM_TABLE, "gone", 0 },
	       { SM_OP_DROP, SM_SCHEMA, "oldschema", 0 });
	/* a PK drop is not an index drop (Atlas's DropPrimaryKey) */
	EXPECT(&f->c->items.items[0]->subs, { SM_OP_ADD, SM_COLUMN, "x", 0 },
	       { SM_OP_DROP, SM_INDEX, "users_pk", 0 });

	o.skip_drop_table = true;
	o.skip_drop_schema = true;
	EXPECT(run(f, &o), { SM_OP_MODIFY, SM_TABLE, "users", 0 });

	/* a table whose only changes are skipped is not modified at all */
	b->columns.len = 3;
	b->pk = f->sa->tables.items[1]->pk;
	assert_int_equal(run(f, &o)->len, 0);
}

/* ---- matching at scale (maps instead of scans) ------------------------ */

static void test_schema_diff__many_objects(void **state)
{
	fx *f = *state;
	sm_table *a, *b;
	char name[32];

	for (int i = 0; i < 40; i++) {
		snprintf(name, sizeof(name), "t%02d", i);
		a = sm_table_add(f->a, f->sa, name);
		/* to-order reversed; every 10th table is new in to */
		snprintf(name, sizeof(name), "%s%02d", i % 10 ? "t" : "n",
		         39 - i);
		sm_table_add(f->b, f->sb, name);
		(void)a;
	}
	a = sm_table_add(f->a, f->sa, "wide");
	b = sm_table_add(f->b, f->sb, "wide");
	for (int i = 0; i < 40; i++) {
		snprintf(name, sizeof(name), "c%02d", i);
		sm_column_add(f->a, a, name, "int");
		sm_column_add(f->b, b, name, i == 7 ? "text" : "int");
		/* 40 identical unnamed checks vs 41: one add */
		sm_check_add(f->a, a, "", "c00 > 0");
		sm_check_add(f->b, b, "", "c00 > 0");
	}
	sm_check_add(f->b, b, "", "c00 > 0");

	const sm_change_vec *v = run(f, NULL);
	/* from t39 t29 t19 t09 are dropped; n30 n20 n10 n00 added */
	EXPECT(v, { SM_OP_DROP, SM_TABLE, "t09", 0 },
	       { SM_OP_DROP, SM_TABLE, "t19", 0 },
	       { SM_OP_DROP, SM_TABLE, "t29", 0 },
	       { SM_OP_DROP, SM_TABLE, "t39", 0 },
	       { SM_OP_MODIFY, SM_TABLE, "wide", 0 },
	       { SM_OP_ADD, SM_TABLE, "n39", 0 },
	       { SM_OP_ADD, SM_TABLE, "n29", 0 },
	       { SM_OP_ADD, SM_TABLE, "n19", 0 },
	       { SM_OP_ADD, SM_TABLE, "n09", 0 });
	EXPECT(&v->items[4]->subs, { SM_OP_ADD, SM_CHECK, "", 0 },
	       { SM_OP_MODIFY, SM_COLUMN, "c07", SM_CHG_TYPE });
	assert_ptr_equal(v->items[4]->subs.items[0]->to,
	                 &b->checks.items[40]->obj);
}

/* ---- qualified names -------------------------------------------------- */

static void test_schema_diff__qname(void **state)
{
	fx *f = *state;
	sm_schema *pub = sm_schema_add(f->a, "public");
	sm_table *t = sm_table_add(f->a, f->sa, "users");
	sm_table *q = sm_table_add(f->a, pub, "we\"ird");
	sm_column *c = sm_column_add(f->a, q, "c", "int");
	sm_check *chk = sm_check_add(f->a, t, "", "1");
	sm_extension *x = sm_extension_add(f->a, "hstore");
	ut_buf b = UT_BUF_INIT;

	sm_object_qname(&b, &t->obj);
	assert_string_equal(b.ptr, "\"users\"");
	ut_buf_reset(&b);
	sm_object_qname(&b, &q->obj);
	assert_string_equal(b.ptr, "\"public\".\"we\\\"ird\"");
	ut_buf_reset(&b);
	sm_object_qname(&b, &c->obj);
	assert_string_equal(b.ptr, "\"public\".\"we\\\"ird\".\"c\"");
	ut_buf_reset(&b);
	sm_object_qname(&b, &chk->obj);
	assert_string_equal(b.ptr, "\"users\"");
	ut_buf_reset(&b);
	sm_object_qname(&b, &f->sa->obj);
	assert_string_equal(b.ptr, "\"main\"");
	ut_buf_reset(&b);
	sm_object_qname(&b, &x->obj);
	assert_string_equal(b.ptr, "\"hstore\"");
	ut_buf_release(&b);
}

#define T(name)                                                          \
	cmocka_unit_test_setup_teardown(test_schema_diff__##name, setup, \
	                                teardown)

static const struct CMUnitTest tests[] = {
	T(empty_realms),
	T(identical),
	T(tables_order),
	T(columns_order),
	T(column_position_ignored),
	T(column_masks),
	T(column_generated_stored),
	T(index_named),
	T(index_masks),
	T(index_auto_named),
	T(primary_key),
	T(fk_named_masks),
	T(fk_named_add_drop),
	T(fk_unnamed),
	T(checks),
	T(table_subs_order),
	T(table_attrs),
	T(triggers),
	T(views),
	T(functions),
	T(sequences),
	T(enum_values),
	T(events_and_extensions),
	T(schema_attrs),
	T(schema_add_drop),
	T(ignore_schema_names),
	T(skip_policy),
	T(many_objects),
	T(qname),
};

TEST_MAIN(tests)
