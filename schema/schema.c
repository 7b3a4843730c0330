/* SPDX-License-Identifier: MIT */
/* schema/schema.c: realm construction and lookups. */
#include <stdlib.h>
#include <string.h>

#include "schema.h"
#include "ut.h"

static const char *const kind_names[SM_KIND_COUNT] = {
	[SM_REALM] = "realm",
	[SM_SCHEMA] = "schema",
	[SM_TABLE] = "table",
	[SM_COLUMN] = "column",
	[SM_INDEX] = "index",
	[SM_FOREIGN_KEY] = "foreign key",
	[SM_CHECK] = "check",
	[SM_VIEW] = "view",
	[SM_TRIGGER] = "trigger",
	[SM_FUNCTION] = "function",
	[SM_SEQUENCE] = "sequence",
	[SM_TYPE] = "type",
	[SM_EXTENSION] = "extension",
	[SM_EVENT] = "event",
};

const char *sm_kind_name(sm_kind k)
{
	return k < SM_KIND_COUNT ? kind_names[k] : "object";
}

sm_realm *sm_realm_new(const char *dialect)
{
	sm_realm *r = ut_xcalloc(1, sizeof(*r));
	ut_arena_init(&r->arena);
	r->dialect = ut_arena_strdup(&r->arena, dialect ? dialect : "");
	return r;
}

void sm_realm_free(sm_realm *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->schemas.len; i++) {
		sm_schema *s = r->schemas.items[i];
		ut_map_release(&s->tabmap);
		for (size_t j = 0; j < s->tables.len; j++)
			ut_map_release(&s->tables.items[j]->colmap);
	}
	ut_arena_release(&r->arena);
	free(r);
}

const char *sm_strdup(sm_realm *r, const char *s)
{
	return s ? ut_arena_strdup(&r->arena, s) : NULL;
}

const char *sm_strndup(sm_realm *r, const char *s, size_t n)
{
	return s ? ut_arena_strndup(&r->arena, s, n) : NULL;
}

static void *obj_new(sm_realm *r, size_t size, sm_kind kind, const char *name,
		     sm_object *parent)
{
	sm_object *o = ut_arena_alloc(&r->arena, size);
	o->kind = kind;
	o->name = ut_arena_strdup(&r->arena, name ? name : "");
	o->parent = parent;
	return o;
}

sm_schema *sm_schema_add(sm_realm *r, const char *name)
{
	sm_schema *s = obj_new(r, sizeof(*s), SM_SCHEMA, name, NULL);
	s->realm = r;
	ut_vec_apush(&r->arena, &r->schemas, s);
	return s;
}

sm_table *sm_table_add(sm_realm *r, sm_schema *s, const char *name)
{
	sm_table *t = obj_new(r, sizeof(*t), SM_TABLE, name, &s->obj);
	ut_vec_apush(&r->arena, &s->tables, t);
	if (s->tabmap.cap)
		ut_map_put(&s->tabmap, t->obj.name, t);
	return t;
}

sm_column *sm_column_add(sm_realm *r, sm_table *t, const char *name,
			 const char *type)
{
	sm_column *c = obj_new(r, sizeof(*c), SM_COLUMN, name, &t->obj);
	c->type = sm_strdup(r, type ? type : "");
	c->nullable = true;
	c->position = (int)t->columns.len;
	ut_vec_apush(&r->arena, &t->columns, c);
	if (t->colmap.cap)
		ut_map_put(&t->colmap, c->obj.name, c);
	return c;
}

sm_index *sm_index_add(sm_realm *r, sm_table *t, const char *name)
{
	sm_index *i = obj_new(r, sizeof(*i), SM_INDEX, name, &t->obj);
	ut_vec_apush(&r->arena, &t->indexes, i);
	return i;
}

sm_index *sm_pk_set(sm_realm *r, sm_table *t, const char *name)
{
	sm_index *i = obj_new(r, sizeof(*i), SM_INDEX, name, &t->obj);
	i->primary = true;
	i->unique = true;
	i->constraint = true;
	t->pk = i;
	return i;
}

void sm_index_add_column(sm_realm *r, sm_index *i, const char *column,
			 bool desc)
{
	sm_index_part p = { 0 };
	p.column = sm_strdup(r, column);
	p.desc = desc;
	ut_vec_apush(&r->arena, &i->parts, p);
}

void sm_index_add_expr(sm_realm *r, sm_index *i, const char *expr, bool desc)
{
	sm_index_part p = { 0 };
	p.expr = sm_strdup(r, expr);
	p.desc = desc;
	ut_vec_apush(&r->arena, &i->parts, p);
}

sm_foreign_key *sm_fk_add(sm_realm *r, sm_table *t, const char *name)
{
	sm_foreign_key *fk = obj_new(r, sizeof(*fk), SM_FOREIGN_KEY, name,
				     &t->obj);
	fk->on_update = "NO ACTION";
	fk->on_delete = "NO ACTION";
	ut_vec_apush(&r->arena, &t->fks, fk);
	return fk;
}

sm_check *sm_check_add(sm_realm *r, sm_table *t, const char *name,
		       const char *expr)
{
	sm_check *c = obj_new(r, sizeof(*c), SM_CHECK, name, &t->obj);
	c->expr = sm_strdup(r, expr);
	ut_vec_apush(&r->arena, &t->checks, c);
	return c;
}

sm_trigger *sm_trigger_add(sm_realm *r, sm_object *on, const char *name,
			   const char *def)
{
	sm_trigger *tr = obj_new(r, sizeof(*tr), SM_TRIGGER, name, on);
	tr->def = sm_strdup(r, def);
	if (on->kind == SM_TABLE)
		ut_vec_apush(&r->arena, &((sm_table *)on)->triggers, tr);
	else if (on->kind == SM_VIEW)
		ut_vec_apush(&r->arena, &((sm_view *)on)->triggers, tr);
	return tr;
}

sm_view *sm_view_add(sm_realm *r, sm_schema *s, const char *name,
		     const char *def)
{
	sm_view *v = obj_new(r, sizeof(*v), SM_VIEW, name, &s->obj);
	v->def = sm_strdup(r, def);
	ut_vec_apush(&r->arena, &s->views, v);
	return v;
}

sm_function *sm_function_add(sm_realm *r, sm_schema *s, const char *name,
			     const char *def)
{
	sm_function *f = obj_new(r, sizeof(*f), SM_FUNCTION, name, &s->obj);
	f->def = sm_strdup(r, def);
	f->args = "";
	ut_vec_apush(&r->arena, &s->functions, f);
	return f;
}

sm_sequence *sm_sequence_add(sm_realm *r, sm_schema *s, const char *name)
{
	sm_sequence *q = obj_new(r, sizeof(*q), SM_SEQUENCE, name, &s->obj);
	q->start = 1;
	q->increment = 1;
	ut_vec_apush(&r->arena, &s->sequences, q);
	return q;
}

sm_type *sm_type_add(sm_realm *r, sm_schema *s, const char *name,
		     sm_type_kind kind)
{
	sm_type *t = obj_new(r, sizeof(*t), SM_TYPE, name, &s->obj);
	t->type_kind = kind;
	ut_vec_apush(&r->arena, &s->types, t);
	return t;
}

sm_extension *sm_extension_add(sm_realm *r, const char *name)
{
	sm_extension *e = obj_new(r, sizeof(*e), SM_EXTENSION, name, NULL);
	ut_vec_apush(&r->arena, &r->extensions, e);
	return e;
}

void sm_strs_add(sm_realm *r, sm_strs *v, const char *s)
{
	const char *copy = sm_strdup(r, s);
	ut_vec_apush(&r->arena, v, copy);
}

void sm_attr_set(sm_realm *r, sm_attrs *a, const char *key, const char *value)
{
	sm_attr at;

	for (size_t i = 0; i < a->len; i++)
		if (strcmp(a->items[i].key, key) == 0) {
			a->items[i].value = sm_strdup(r, value ? value : "");
			return;
		}
	at.key = sm_strdup(r, key);
	at.value = sm_strdup(r, value ? value : "");
	ut_vec_apush(&r->arena, a, at);
}

const char *sm_attr_get(const sm_attrs *a, const char *key)
{
	for (size_t i = 0; i < a->len; i++)
		if (strcmp(a->items[i].key, key) == 0)
			return a->items[i].value;
	return NULL;
}

sm_schema *sm_realm_find_schema(const sm_realm *r, const char *name)
{
	for (size_t i = 0; i < r->schemas.len; i++)
		if (strcmp(r->schemas.items[i]->obj.name, name) == 0)
			return r->schemas.items[i];
	return NULL;
}

sm_table *sm_schema_find_table(sm_schema *s, const char *name)
{
	if (s->tables.len < 16) {
		for (size_t i = 0; i < s->tables.len; i++)
			if (strcmp(s->tables.items[i]->obj.name, name) == 0)
				return s->tables.items[i];
		return NULL;
	}
	if (!s->tabmap.cap)
		for (size_t i = 0; i < s->tables.len; i++)
			ut_map_put(&s->tabmap, s->tables.items[i]->obj.name,
				   s->tables.items[i]);
	return ut_map_get(&s->tabmap, name);
}

sm_view *sm_schema_find_view(const sm_schema *s, const char *name)
{
	for (size_t i = 0; i < s->views.len; i++)
		if (strcmp(s->views.items[i]->obj.name, name) == 0)
			return s->views.items[i];
	return NULL;
}

sm_column *sm_table_find_column(sm_table *t, const char *name)
{
	if (t->columns.len < 16) {
		for (size_t i = 0; i < t->columns.len; i++)
			if (strcmp(t->columns.items[i]->obj.name, name) == 0)
				return t->columns.items[i];
		return NULL;
	}
	if (!t->colmap.cap)
		for (size_t i = 0; i < t->columns.len; i++)
			ut_map_put(&t->colmap, t->columns.items[i]->obj.name,
				   t->columns.items[i]);
	return ut_map_get(&t->colmap, name);
}

sm_index *sm_table_find_index(const sm_table *t, const char *name)
{
	for (size_t i = 0; i < t->indexes.len; i++)
		if (strcmp(t->indexes.items[i]->obj.name, name) == 0)
			return t->indexes.items[i];
	return NULL;
}

sm_table *sm_realm_find_table(const sm_realm *r, const char *schema,
			      const char *name)
{
	sm_schema *s;

	if (schema)
		s = sm_realm_find_schema(r, schema);
	else
		s = r->schemas.len ? r->schemas.items[0] : NULL;
	return s ? sm_schema_find_table(s, name) : NULL;
}

size_t sm_realm_table_count(const sm_realm *r)
{
	size_t n = 0;
	for (size_t i = 0; i < r->schemas.len; i++)
		n += r->schemas.items[i]->tables.len;
	return n;
}

const sm_schema *sm_object_schema(const sm_object *o)
{
	while (o && o->kind != SM_SCHEMA)
		o = o->parent;
	return (const sm_schema *)o;
}
