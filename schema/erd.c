/* SPDX-License-Identifier: MIT */
/*
 * schema/erd.c: the drawing model of a realm (tables, columns with key
 * markers, resolved foreign-key edges, diff states) and its Graphviz
 * forms: DOT text and SVG laid out by libgvc's dot engine. The HTML
 * viewer (html.c) reads the same model.
 *
 * Graphviz runs with its dot layout and core renderers linked in
 * (gvContextPlugins), not loaded from the plugin directory: the output
 * does not depend on which plugins or fonts a machine has, and no
 * configuration file is read.
 */
#include "erd.h"

#include <stdint.h>
#include <string.h>

#include <gvc.h>
#include <gvplugin.h>

#include "erd_int.h"
#include "output_int.h"
#include "ut.h"

/* ---- the model ------------------------------------------------------- */

static int chg_cmp(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)((const sm__erd_chg *)a)->obj;
	uintptr_t y = (uintptr_t)((const sm__erd_chg *)b)->obj;

	return x < y ? -1 : x > y;
}

static void collect_changes(sm__erd *e, const sm_change_vec *v)
{
	for (size_t i = 0; i < v->len; i++) {
		const sm_change *c = v->items[i];

		if (c->from)
			ut_vec_push(&e->chg, ((sm__erd_chg){ c->from, c }));
		if (c->to && c->to != c->from)
			ut_vec_push(&e->chg, ((sm__erd_chg){ c->to, c }));
		collect_changes(e, &c->subs);
	}
}

static const sm_change *find_change(const sm__erd *e, const void *obj)
{
	sm__erd_chg key = { obj, NULL };
	const sm__erd_chg *hit;

	if (!e->chg.len)
		return NULL;
	hit = bsearch(&key, e->chg.items, e->chg.len, sizeof(key), chg_cmp);
	return hit ? hit->change : NULL;
}

sm__erd_state sm__erd_obj_state(const sm__erd *e, const void *obj)
{
	const sm_change *c = find_change(e, obj);

	if (!c)
		return SM__ERD_SAME;
	switch (c->op) {
	case SM_OP_ADD:
		return SM__ERD_ADDED;
	case SM_OP_DROP:
		return SM__ERD_DROPPED;
	case SM_OP_MODIFY:
	case SM_OP_RENAME:
		break;
	}
	return SM__ERD_CHANGED;
}

static bool in_strs(const sm_strs *v, const char *s)
{
	for (size_t i = 0; i < v->len; i++)
		if (strcmp(v->items[i], s) == 0)
			return true;
	return false;
}

static bool in_index(const sm_index *idx, const char *col)
{
	for (size_t i = 0; i < idx->parts.len; i++)
		if (idx->parts.items[i].column &&
		    strcmp(idx->parts.items[i].column, col) == 0)
			return true;
	return false;
}

static unsigned col_flags(const sm_table *t, const sm_column *c)
{
	const char *name = c->obj.name;
	unsigned f = c->nullable ? SM__ERD_NULL : 0;

	if (t->pk && in_index(t->pk, name))
		f |= SM__ERD_PK;
	for (size_t i = 0; i < t->fks.len; i++)
		if (in_strs(&t->fks.items[i]->columns, name))
			f |= SM__ERD_FK;
	for (size_t i = 0; i < t->indexes.len; i++) {
		const sm_index *idx = t->indexes.items[i];
		const sm_index_part *p0;

		if (!idx->parts.len)
			continue;
		p0 = &idx->parts.items[0];
		if (!p0->column || strcmp(p0->column, name) != 0)
			continue;
		if (idx->unique && idx->parts.len == 1 && !idx->where)
			f |= SM__ERD_UK;
		else
			f |= SM__ERD_IX;
	}
	if (f & SM__ERD_UK)
		f &= ~(unsigned)SM__ERD_IX;
	return f;
}

static size_t schema_index(sm__erd *e, const char *name)
{
	for (size_t i = 0; i < e->schemas.len; i++)
		if (strcmp(e->schemas.items[i], name) == 0)
			return i;
	ut_vec_push(&e->schemas, name);
	return e->schemas.len - 1;
}

static sm__erd_table *add_table(sm__erd *e, const sm_table *t, size_t schema,
                                sm__erd_state state)
{
	sm__erd_table et = { .t = t, .schema = schema, .state = state };
	char *key =
	        ut_arena_printf(&e->arena, "%zu\x1f%s", schema, t->obj.name);

	ut_vec_push(&e->tables, et);
	if (!ut_map_get(&e->keys, key))
		ut_map_put(&e->keys, key, (void *)(uintptr_t)e->tables.len);
	return &ut_vec_last(&e->tables);
}

static void add_cols(sm__erd_table *et, const sm_table *t, const sm__erd *e,
                     bool all_dropped)
{
	for (size_t i = 0; i < t->columns.len; i++) {
		const sm_column *c = t->columns.items[i];
		sm__erd_col ec = { c, col_flags(t, c), SM__ERD_SAME };

		if (all_dropped)
			ec.state = SM__ERD_DROPPED;
		else if (e->diff)
			ec.state = sm__erd_obj_state(e, c);
		ut_vec_push(&et->cols, ec);
	}
}

static void add_fks(sm__erd_table *et, const sm_table *t, const sm__erd *e,
                    bool all_dropped)
{
	for (size_t i = 0; i < t->fks.len; i++) {
		sm__erd_fk ef = { .fk = t->fks.items[i] };

		ef.target = ef.from_row = ef.to_row = SM__ERD_NONE;
		if (all_dropped)
			ef.state = SM__ERD_DROPPED;
		else if (e->diff)
			ef.state = sm__erd_obj_state(e, ef.fk);
		ut_vec_push(&et->fks, ef);
	}
}

/* The objects of from's table ft that the change drops, in to's entry. */
static void add_dropped_parts(sm__erd *e, sm__erd_table *et, const sm_table *ft)
{
	for (size_t i = 0; i < ft->columns.len; i++) {
		const sm_column *c = ft->columns.items[i];

		if (sm__erd_obj_state(e, c) == SM__ERD_DROPPED)
			ut_vec_push(&et->cols,
			            ((sm__erd_col){ c, col_flags(ft, c),
			                            SM__ERD_DROPPED }));
	}
	for (size_t i = 0; i < ft->fks.len; i++) {
		sm__erd_fk ef = { .fk = ft->fks.items[i] };

		if (sm__erd_obj_state(e, ef.fk) != SM__ERD_DROPPED)
			continue;
		ef.target = ef.from_row = ef.to_row = SM__ERD_NONE;
		ef.state = SM__ERD_DROPPED;
		ut_vec_push(&et->fks, ef);
	}
	if (ft->pk && sm__erd_obj_state(e, ft->pk) == SM__ERD_DROPPED)
		ut_vec_push(&et->dropped_indexes, (const sm_index *)ft->pk);
	for (size_t i = 0; i < ft->indexes.len; i++)
		if (sm__erd_obj_state(e, ft->indexes.items[i]) ==
		    SM__ERD_DROPPED)
			ut_vec_push(&et->dropped_indexes,
			            (const sm_index *)ft->indexes.items[i]);
}

static size_t find_row(const sm__erd_table *et, const char *col)
{
	/* a dropped column of the same name comes after the live one */
	for (size_t i = 0; i < et->cols.len; i++)
		if (strcmp(et->cols.items[i].col->obj.name, col) == 0)
			return i;
	return SM__ERD_NONE;
}

static size_t find_table(const sm__erd *e, size_t schema, const char *name)
{
	char *key = ut_xasprintf("%zu\x1f%s", schema, name);
	uintptr_t v = (uintptr_t)ut_map_get(&e->keys, key);

	free(key);
	return v ? (size_t)v - 1 : SM__ERD_NONE;
}

/*
 * Points each FK at its table. The referenced schema is named by the FK
 * (else it is the table's own); a name of the old state's only schema
 * maps to the new state's only schema when both have one (the diff then
 * compared them regardless of their names).
 */
static void resolve_fks(sm__erd *e, const char *from_only, size_t to_only)
{
	for (size_t i = 0; i < e->tables.len; i++) {
		sm__erd_table *et = &e->tables.items[i];

		for (size_t j = 0; j < et->fks.len; j++) {
			sm__erd_fk *ef = &et->fks.items[j];
			const sm_foreign_key *fk = ef->fk;
			size_t s = et->schema;

			if (fk->ref_schema) {
				s = SM__ERD_NONE;
				for (size_t k = 0; k < e->schemas.len; k++)
					if (strcmp(e->schemas.items[k],
					           fk->ref_schema) == 0)
						s = k;
				if (s == SM__ERD_NONE && from_only &&
				    strcmp(from_only, fk->ref_schema) == 0)
					s = to_only;
			}
			ef->ref_schema = s != SM__ERD_NONE ? e->schemas.items[s]
			                                   : fk->ref_schema;
			if (fk->columns.len)
				ef->from_row =
				        find_row(et, fk->columns.items[0]);
			if (s == SM__ERD_NONE || !fk->ref_table)
				continue;
			ef->target = find_table(e, s, fk->ref_table);
			if (ef->target != SM__ERD_NONE && fk->ref_columns.len)
				ef->to_row =
				        find_row(&e->tables.items[ef->target],
				                 fk->ref_columns.items[0]);
		}
	}
}

void sm__erd_build(sm__erd *e, const sm_realm *r, const sm_realm *from,
                   const sm_changes *changes)
{
	const char *from_only = NULL;
	size_t to_only = SM__ERD_NONE;

	memset(e, 0, sizeof(*e));
	ut_arena_init(&e->arena);
	e->diff = from && changes;
	if (e->diff) {
		collect_changes(e, &changes->items);
		if (e->chg.len > 1)
			qsort(e->chg.items, e->chg.len, sizeof(*e->chg.items),
			      chg_cmp);
	}
	for (size_t i = 0; i < r->schemas.len; i++) {
		const sm_schema *s = r->schemas.items[i];
		size_t si = schema_index(e, s->obj.name);

		for (size_t j = 0; j < s->tables.len; j++) {
			const sm_table *t = s->tables.items[j];
			const sm_change *c = e->diff ? find_change(e, t) : NULL;
			sm__erd_state st = e->diff ? sm__erd_obj_state(e, t)
			                           : SM__ERD_SAME;
			sm__erd_table *et = add_table(e, t, si, st);

			add_cols(et, t, e, false);
			add_fks(et, t, e, false);
			if (st == SM__ERD_CHANGED && c->from)
				add_dropped_parts(e, et,
				                  (const sm_table *)c->from);
		}
		for (size_t j = 0; j < s->views.len; j++) {
			const sm_view *v = s->views.items[j];
			sm__erd_view ev = { v, si, SM__ERD_SAME };

			if (e->diff)
				ev.state = sm__erd_obj_state(e, v);
			ut_vec_push(&e->views, ev);
		}
	}
	if (!e->diff)
		goto resolve;
	if (from->schemas.len == 1 && r->schemas.len == 1) {
		from_only = from->schemas.items[0]->obj.name;
		to_only = 0;
	}
	for (size_t i = 0; i < from->schemas.len; i++) {
		const sm_schema *s = from->schemas.items[i];
		bool gone = sm__erd_obj_state(e, s) == SM__ERD_DROPPED;
		size_t si = from_only ? to_only : SM__ERD_NONE;

		for (size_t j = 0; j < s->tables.len; j++) {
			const sm_table *t = s->tables.items[j];
			sm__erd_table *et;

			if (!gone && sm__erd_obj_state(e, t) != SM__ERD_DROPPED)
				continue;
			if (si == SM__ERD_NONE)
				si = schema_index(e, s->obj.name);
			et = add_table(e, t, si, SM__ERD_DROPPED);
			add_cols(et, t, e, true);
			add_fks(et, t, e, true);
		}
		for (size_t j = 0; j < s->views.len; j++) {
			const sm_view *v = s->views.items[j];
			sm__erd_view ev = { v, si, SM__ERD_DROPPED };

			if (!gone && sm__erd_obj_state(e, v) != SM__ERD_DROPPED)
				continue;
			if (ev.schema == SM__ERD_NONE)
				ev.schema = si = schema_index(e, s->obj.name);
			ut_vec_push(&e->views, ev);
		}
	}
resolve:
	resolve_fks(e, from_only, to_only);
}

void sm__erd_release(sm__erd *e)
{
	for (size_t i = 0; i < e->tables.len; i++) {
		ut_vec_release(&e->tables.items[i].cols);
		ut_vec_release(&e->tables.items[i].fks);
		ut_vec_release(&e->tables.items[i].dropped_indexes);
	}
	ut_vec_release(&e->tables);
	ut_vec_release(&e->views);
	ut_vec_release(&e->schemas);
	ut_vec_release(&e->chg);
	ut_map_release(&e->keys);
	ut_arena_release(&e->arena);
}

/* ---- escaping -------------------------------------------------------- */

void sm__erd_put_xml(ut_buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i = 0;

	while (i < n) {
		uint32_t cp;
		size_t len;

		switch (p[i]) {
		case '&':
			ut_buf_puts(b, "&amp;");
			i++;
			continue;
		case '<':
			ut_buf_puts(b, "&lt;");
			i++;
			continue;
		case '>':
			ut_buf_puts(b, "&gt;");
			i++;
			continue;
		case '"':
			ut_buf_puts(b, "&quot;");
			i++;
			continue;
		case '\'':
			ut_buf_puts(b, "&#39;");
			i++;
			continue;
		default:
			break;
		}
		if (p[i] < 0x80) {
			ut_buf_putc(b, p[i] < 0x20 || p[i] == 0x7F
			                       ? ' '
			                       : (char)p[i]);
			i++;
			continue;
		}
		len = sm__utf8_decode(&cp, p + i, n - i);
		if (cp == SM__UTF8_BAD && len == 1)
			ut_buf_puts(b, "\xEF\xBF\xBD");
		else if (cp >= 0x80 && cp < 0xA0)
			ut_buf_putc(b, ' '); /* C1 controls: not XML text */
		else
			ut_buf_put(b, p + i, len);
		i += len;
	}
}

/*
 * A DOT quoted id: '"' and '\' escaped with a backslash (cgraph keeps
 * "\\" as two backslashes, so distinct names stay distinct ids), control
 * characters as spaces, invalid UTF-8 as U+FFFD.
 */
static void put_dot_id(ut_buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i = 0;

	ut_buf_putc(b, '"');
	while (i < n) {
		uint32_t cp;
		size_t len;

		if (p[i] < 0x80) {
			if (p[i] == '"' || p[i] == '\\')
				ut_buf_putc(b, '\\');
			ut_buf_putc(b, p[i] < 0x20 || p[i] == 0x7F
			                       ? ' '
			                       : (char)p[i]);
			i++;
			continue;
		}
		len = sm__utf8_decode(&cp, p + i, n - i);
		if (cp == SM__UTF8_BAD && len == 1)
			ut_buf_puts(b, "\xEF\xBF\xBD");
		else
			ut_buf_put(b, p + i, len);
		i += len;
	}
	ut_buf_putc(b, '"');
}

/* ---- DOT --------------------------------------------------------------- */

static void put_node_id(ut_buf *b, const sm__erd *e, size_t schema,
                        const char *name)
{
	if (e->schemas.len > 1) {
		ut_buf tmp = UT_BUF_INIT;

		ut_buf_printf(&tmp, "%s.%s", e->schemas.items[schema], name);
		put_dot_id(b, tmp.ptr);
		ut_buf_release(&tmp);
	} else {
		put_dot_id(b, name);
	}
}

static void put_markers(ut_buf *b, unsigned f)
{
	const char *sep = "";

	if (f & SM__ERD_PK) {
		ut_buf_puts(b, "PK");
		sep = ",";
	}
	if (f & SM__ERD_FK) {
		ut_buf_printf(b, "%sFK", sep);
		sep = ",";
	}
	if (f & SM__ERD_UK)
		ut_buf_printf(b, "%sUK", sep);
}

static void write_dot_table(ut_buf *b, const sm__erd *e, size_t ti)
{
	const sm__erd_table *et = &e->tables.items[ti];

	ut_buf_puts(b, "\t");
	put_node_id(b, e, et->schema, et->t->obj.name);
	ut_buf_puts(b, " [label=<<table border=\"0\" cellborder=\"1\" "
	               "cellspacing=\"0\" cellpadding=\"4\">\n"
	               "\t\t<tr><td colspan=\"3\" bgcolor=\"#dde6f3\"><b>");
	if (e->schemas.len > 1) {
		sm__erd_put_xml(b, e->schemas.items[et->schema]);
		ut_buf_putc(b, '.');
	}
	sm__erd_put_xml(b, et->t->obj.name);
	ut_buf_puts(b, "</b></td></tr>\n");
	for (size_t i = 0; i < et->cols.len; i++) {
		const sm__erd_col *c = &et->cols.items[i];
		const char *type =
		        c->col->type && *c->col->type ? c->col->type : "";

		ut_buf_printf(b, "\t\t<tr><td port=\"c%zu\" align=\"left\">",
		              i);
		sm__erd_put_xml(b, c->col->obj.name);
		ut_buf_puts(b, "</td><td align=\"left\">");
		sm__erd_put_xml(b, type);
		ut_buf_puts(b, "</td><td align=\"left\">");
		put_markers(b, c->flags);
		ut_buf_puts(b, "</td></tr>\n");
	}
	ut_buf_puts(b, "\t</table>>];\n");
}

/*
 * A view: the same box with a rounded green border and a header saying
 * "view" or "materialized view" before the name; no key column.
 */
static void write_dot_view(ut_buf *b, const sm__erd *e, const sm__erd_view *ev)
{
	const sm_view *v = ev->v;

	ut_buf_puts(b, "\t");
	put_node_id(b, e, ev->schema, v->obj.name);
	ut_buf_puts(b, " [label=<<table border=\"1\" cellborder=\"1\" "
	               "cellspacing=\"0\" cellpadding=\"4\" style=\"rounded\" "
	               "color=\"#4d7f3e\">\n"
	               "\t\t<tr><td colspan=\"2\" bgcolor=\"#e2f0d9\"><i>");
	ut_buf_puts(b, v->materialized ? "materialized view" : "view");
	ut_buf_puts(b, "</i>&#160;<b>");
	if (e->schemas.len > 1) {
		sm__erd_put_xml(b, e->schemas.items[ev->schema]);
		ut_buf_putc(b, '.');
	}
	sm__erd_put_xml(b, v->obj.name);
	ut_buf_puts(b, "</b></td></tr>\n");
	for (size_t i = 0; i < v->columns.len; i++) {
		const sm_column *c = v->columns.items[i];

		ut_buf_printf(b, "\t\t<tr><td port=\"c%zu\" align=\"left\">",
		              i);
		sm__erd_put_xml(b, c->obj.name);
		ut_buf_puts(b, "</td><td align=\"left\">");
		sm__erd_put_xml(b, c->type ? c->type : "");
		ut_buf_puts(b, "</td></tr>\n");
	}
	ut_buf_puts(b, "\t</table>>];\n");
}

void sm_write_dot(ut_buf *out, const sm_realm *r)
{
	sm__erd e;
	ut_map missing = UT_MAP_INIT;
	UT_VEC(char *) keys = UT_VEC_INIT;

	sm__erd_build(&e, r, NULL, NULL);
	ut_buf_puts(out, "digraph erd {\n"
	                 "\tgraph [rankdir=LR, fontname=\"Helvetica\", "
	                 "nodesep=0.4, ranksep=1.2];\n"
	                 "\tnode [shape=plaintext, fontname=\"Helvetica\", "
	                 "fontsize=10];\n"
	                 "\tedge [color=\"#5b6b82\", arrowsize=0.7];\n");
	for (size_t i = 0; i < e.tables.len; i++)
		write_dot_table(out, &e, i);
	for (size_t i = 0; i < e.views.len; i++)
		write_dot_view(out, &e, &e.views.items[i]);
	/* referenced tables that the realm does not hold: one dashed node */
	for (size_t i = 0; i < e.tables.len; i++) {
		const sm__erd_table *et = &e.tables.items[i];

		for (size_t j = 0; j < et->fks.len; j++) {
			const sm__erd_fk *ef = &et->fks.items[j];
			ut_buf id = UT_BUF_INIT;
			char *key;

			if (ef->target != SM__ERD_NONE)
				continue;
			if (e.schemas.len > 1 || ef->fk->ref_schema) {
				ut_buf_puts(&id, ef->ref_schema ? ef->ref_schema
				                                : "");
				ut_buf_putc(&id, '.');
			}
			ut_buf_puts(&id,
			            ef->fk->ref_table ? ef->fk->ref_table : "");
			key = ut_buf_detach(&id);
			if (ut_map_get(&missing, key)) {
				free(key);
				continue;
			}
			ut_vec_push(&keys, key);
			ut_map_put(&missing, key, key);
			ut_buf_puts(out, "\t");
			put_dot_id(out, key);
			ut_buf_puts(out,
			            " [shape=box, style=dashed, label=<<i>");
			sm__erd_put_xml(out, key);
			ut_buf_puts(out, "</i>>];\n");
		}
	}
	for (size_t i = 0; i < e.tables.len; i++) {
		const sm__erd_table *et = &e.tables.items[i];

		for (size_t j = 0; j < et->fks.len; j++) {
			const sm__erd_fk *ef = &et->fks.items[j];

			ut_buf_puts(out, "\t");
			put_node_id(out, &e, et->schema, et->t->obj.name);
			if (ef->from_row != SM__ERD_NONE)
				ut_buf_printf(out, ":c%zu:e", ef->from_row);
			ut_buf_puts(out, " -> ");
			if (ef->target != SM__ERD_NONE) {
				const sm__erd_table *tt =
				        &e.tables.items[ef->target];

				put_node_id(out, &e, tt->schema,
				            tt->t->obj.name);
				if (ef->to_row != SM__ERD_NONE)
					ut_buf_printf(out, ":c%zu:w",
					              ef->to_row);
			} else {
				ut_buf id = UT_BUF_INIT;

				if (e.schemas.len > 1 || ef->fk->ref_schema) {
					ut_buf_puts(&id,
					            ef->ref_schema
					                    ? ef->ref_schema
					                    : "");
					ut_buf_putc(&id, '.');
				}
				ut_buf_puts(&id, ef->fk->ref_table
				                         ? ef->fk->ref_table
				                         : "");
				put_dot_id(out, id.ptr);
				ut_buf_release(&id);
			}
			if (*ef->fk->obj.name) {
				ut_buf_puts(out, " [tooltip=");
				put_dot_id(out, ef->fk->obj.name);
				ut_buf_putc(out, ']');
			}
			ut_buf_puts(out, ";\n");
		}
	}
	ut_buf_puts(out, "}\n");
	for (size_t i = 0; i < keys.len; i++)
		free(keys.items[i]);
	ut_vec_release(&keys);
	ut_map_release(&missing);
	sm__erd_release(&e);
}

/* ---- SVG ---------------------------------------------------------------- */

extern gvplugin_library_t gvplugin_dot_layout_LTX_library;
extern gvplugin_library_t gvplugin_core_LTX_library;

static _Thread_local ut_buf *gv_errors;

/* Graphviz's error sink: keeps the messages for ut_error. */
static int gv_error(char *msg)
{
	if (gv_errors)
		ut_buf_puts(gv_errors, msg);
	return 0;
}

int sm_write_svg(ut_buf *out, const sm_realm *r)
{
	static lt_symlist_t builtins[] = {
		{ "gvplugin_dot_layout_LTX_library",
		  &gvplugin_dot_layout_LTX_library },
		{ "gvplugin_core_LTX_library", &gvplugin_core_LTX_library },
		{ NULL, NULL },
	};
	ut_buf dot = UT_BUF_INIT, errs = UT_BUF_INIT;
	GVC_t *gvc = NULL;
	Agraph_t *g = NULL;
	char *data = NULL;
	unsigned int len = 0;
	bool laid_out = false;
	int error = 0;

	sm_write_dot(&dot, r);
	gv_errors = &errs;
	agseterr(AGERR);
	agseterrf(gv_error);
	gvc = gvContextPlugins(builtins, 0);
	if (!gvc) {
		error = ut_error_set(UT_ERROR, "graphviz: cannot start");
		goto done;
	}
	g = agmemread(dot.ptr);
	if (!g) {
		error = ut_error_set(UT_ERROR,
		                     "graphviz: cannot read the graph");
		goto done;
	}
	if (gvLayout(gvc, g, "dot") != 0) {
		error = ut_error_set(UT_ERROR, "graphviz: layout failed");
		goto done;
	}
	laid_out = true;
	if (gvRenderData(gvc, g, "svg", &data, &len) != 0) {
		error = ut_error_set(UT_ERROR, "graphviz: cannot render svg");
		goto done;
	}
	ut_buf_put(out, data, len);
done:
	if (error < 0 && errs.len) {
		ut_buf_rtrim(&errs);
		ut_error_hint("%s", errs.ptr);
	}
	if (data)
		gvFreeRenderData(data);
	if (laid_out)
		gvFreeLayout(gvc, g);
	if (g)
		agclose(g);
	if (gvc)
		gvFreeContext(gvc);
	agseterrf(NULL);
	gv_errors = NULL;
	ut_buf_release(&errs);
	ut_buf_release(&dot);
	return error;
}
