/* SPDX-License-Identifier: MIT */
/*
 * schema/html.c: the self-contained HTML ERD. The page is the template
 * erd_template/erd.html with the style sheet, the script and the realm's
 * data put in at its @@NAME@@ markers; nothing is fetched at run time.
 *
 * The data is JSON inside <script type="application/json">. '<', '>' and
 * '&' are written as \u003c \u003e \u0026, so no name, comment or SQL text
 * can end the element ("</script>") or open a comment ("<!--"); the
 * script reads it with JSON.parse and puts text in the page with
 * textContent only. Shape (empty fields left out):
 *
 *   {"v":1,"title":T,"dialect":D,"diff":false,"schemas":[names],
 *    "tables":[{"s":schema index,"n":name,"st":"a|c|d","cm":comment,
 *      "cols":[{"n","t","f":markers (erd_int.h bits),"st","cm","d"}],
 *      "idx":[{"n","pk":1,"u":1,"cols":[part],"w":where,"st"}],
 *      "fks":[{"n","cols","to":table index or -1,"rs":schema,"rt":table,
 *              "rcols","fr":row,"tr":row,"ou","od","st"}],
 *      "sql":text},
 *     ... then the views: {"s","n","k":"v" (view) or "m" (materialized),
 *      "st","cm","cols":[{"n","t","f","cm"}],"idx":[...],"fks":[],
 *      "sql":definition}],
 *    "plan":text}
 */
#include "erd.h"

#include <stdint.h>
#include <string.h>

#include "erd_int.h"
#include "output_int.h"
#include "ut.h"

/* ---- JSON ------------------------------------------------------------ */

static void put_str(ut_buf *b, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i = 0;

	ut_buf_putc(b, '"');
	while (i < n) {
		unsigned char c = p[i];
		uint32_t cp;
		size_t len;

		if (c >= 0x80) {
			len = sm__utf8_decode(&cp, p + i, n - i);
			if (cp == SM__UTF8_BAD && len == 1)
				ut_buf_puts(b, "\\ufffd");
			else if (cp == 0x2028 || cp == 0x2029)
				ut_buf_printf(b, "\\u%04x", (unsigned)cp);
			else
				ut_buf_put(b, p + i, len);
			i += len;
			continue;
		}
		i++;
		switch (c) {
		case '"':
			ut_buf_puts(b, "\\\"");
			break;
		case '\\':
			ut_buf_puts(b, "\\\\");
			break;
		case '\n':
			ut_buf_puts(b, "\\n");
			break;
		case '\t':
			ut_buf_puts(b, "\\t");
			break;
		case '<':
		case '>':
		case '&':
			ut_buf_puts(b, "\\u00");
			ut_buf_putc(b, hex[c >> 4]);
			ut_buf_putc(b, hex[c & 0xF]);
			break;
		default:
			if (c < 0x20) {
				ut_buf_puts(b, "\\u00");
				ut_buf_putc(b, hex[c >> 4]);
				ut_buf_putc(b, hex[c & 0xF]);
			} else {
				ut_buf_putc(b, (char)c);
			}
		}
	}
	ut_buf_putc(b, '"');
}

static void kv(ut_buf *b, const char *k, const char *v)
{
	ut_buf_printf(b, ",\"%s\":", k);
	put_str(b, v);
}

static void kv_opt(ut_buf *b, const char *k, const char *v)
{
	if (v && *v)
		kv(b, k, v);
}

static void put_strs(ut_buf *b, const sm_strs *v)
{
	ut_buf_putc(b, '[');
	for (size_t i = 0; i < v->len; i++) {
		if (i)
			ut_buf_putc(b, ',');
		put_str(b, v->items[i]);
	}
	ut_buf_putc(b, ']');
}

static void put_state(ut_buf *b, sm__erd_state st)
{
	static const char *const names[] = {
		[SM__ERD_ADDED] = "a",
		[SM__ERD_CHANGED] = "c",
		[SM__ERD_DROPPED] = "d",
	};

	if (st != SM__ERD_SAME)
		ut_buf_printf(b, ",\"st\":\"%s\"", names[st]);
}

/* ---- tables ---------------------------------------------------------- */

static void write_index(ut_buf *b, const sm_index *idx, bool pk,
                        sm__erd_state st)
{
	ut_buf part = UT_BUF_INIT;

	ut_buf_puts(b, "{\"n\":");
	put_str(b, idx->obj.name);
	if (pk)
		ut_buf_puts(b, ",\"pk\":1");
	else if (idx->unique)
		ut_buf_puts(b, ",\"u\":1");
	ut_buf_puts(b, ",\"cols\":[");
	for (size_t i = 0; i < idx->parts.len; i++) {
		const sm_index_part *p = &idx->parts.items[i];

		ut_buf_reset(&part);
		if (p->column)
			ut_buf_puts(&part, p->column);
		else
			ut_buf_printf(&part, "(%s)", p->expr ? p->expr : "");
		if (p->desc)
			ut_buf_puts(&part, " DESC");
		if (i)
			ut_buf_putc(b, ',');
		put_str(b, part.ptr);
	}
	ut_buf_putc(b, ']');
	kv_opt(b, "w", idx->where);
	put_state(b, st);
	ut_buf_putc(b, '}');
	ut_buf_release(&part);
}

static void write_fk(ut_buf *b, const sm__erd_fk *ef)
{
	const sm_foreign_key *fk = ef->fk;

	ut_buf_puts(b, "{\"n\":");
	put_str(b, fk->obj.name);
	ut_buf_puts(b, ",\"cols\":");
	put_strs(b, &fk->columns);
	ut_buf_printf(b, ",\"to\":%lld",
	              ef->target == SM__ERD_NONE ? -1LL
	                                         : (long long)ef->target);
	kv(b, "rs", ef->ref_schema ? ef->ref_schema : "");
	kv(b, "rt", fk->ref_table ? fk->ref_table : "");
	ut_buf_puts(b, ",\"rcols\":");
	put_strs(b, &fk->ref_columns);
	if (ef->from_row != SM__ERD_NONE)
		ut_buf_printf(b, ",\"fr\":%zu", ef->from_row);
	if (ef->to_row != SM__ERD_NONE)
		ut_buf_printf(b, ",\"tr\":%zu", ef->to_row);
	if (fk->on_update && strcmp(fk->on_update, "NO ACTION") != 0)
		kv(b, "ou", fk->on_update);
	if (fk->on_delete && strcmp(fk->on_delete, "NO ACTION") != 0)
		kv(b, "od", fk->on_delete);
	put_state(b, ef->state);
	ut_buf_putc(b, '}');
}

static int write_table(ut_buf *b, const sm__erd *e, const sm__erd_table *et,
                       const sm_erd_opts *o, ut_buf *tmp)
{
	const sm_table *t = et->t;
	bool first = true;
	int error;

	ut_buf_printf(b, "{\"s\":%zu", et->schema);
	kv(b, "n", t->obj.name);
	put_state(b, et->state);
	kv_opt(b, "cm", t->obj.comment);
	ut_buf_puts(b, ",\"cols\":[");
	for (size_t i = 0; i < et->cols.len; i++) {
		const sm__erd_col *c = &et->cols.items[i];

		if (i)
			ut_buf_putc(b, ',');
		ut_buf_puts(b, "{\"n\":");
		put_str(b, c->col->obj.name);
		kv(b, "t", c->col->type ? c->col->type : "");
		ut_buf_printf(b, ",\"f\":%u", c->flags);
		put_state(b, c->state);
		kv_opt(b, "cm", c->col->obj.comment);
		kv_opt(b, "d", c->col->default_expr);
		ut_buf_putc(b, '}');
	}
	ut_buf_puts(b, "],\"idx\":[");
	if (t->pk) {
		write_index(b, t->pk, true,
		            e->diff && et->state != SM__ERD_DROPPED
		                    ? sm__erd_obj_state(e, t->pk)
		                    : SM__ERD_SAME);
		first = false;
	}
	for (size_t i = 0; i < t->indexes.len; i++) {
		const sm_index *idx = t->indexes.items[i];

		if (!first)
			ut_buf_putc(b, ',');
		first = false;
		write_index(b, idx, false,
		            e->diff && et->state != SM__ERD_DROPPED
		                    ? sm__erd_obj_state(e, idx)
		                    : SM__ERD_SAME);
	}
	for (size_t i = 0; i < et->dropped_indexes.len; i++) {
		const sm_index *idx = et->dropped_indexes.items[i];

		if (!first)
			ut_buf_putc(b, ',');
		first = false;
		write_index(b, idx, idx->primary, SM__ERD_DROPPED);
	}
	ut_buf_puts(b, "],\"fks\":[");
	for (size_t i = 0; i < et->fks.len; i++) {
		if (i)
			ut_buf_putc(b, ',');
		write_fk(b, &et->fks.items[i]);
	}
	ut_buf_putc(b, ']');
	if (o && o->table_sql) {
		ut_buf_reset(tmp);
		if ((error = o->table_sql(tmp, t, o->payload)) < 0)
			return error;
		ut_buf_rtrim(tmp);
		kv_opt(b, "sql", tmp->ptr);
	}
	ut_buf_putc(b, '}');
	return 0;
}

/* A view as a "tables" entry of kind "v" or "m" (see the shape above). */
static void write_view(ut_buf *b, const sm__erd_view *ev)
{
	const sm_view *v = ev->v;

	ut_buf_printf(b, "{\"s\":%zu", ev->schema);
	kv(b, "n", v->obj.name);
	kv(b, "k", v->materialized ? "m" : "v");
	put_state(b, ev->state);
	kv_opt(b, "cm", v->obj.comment);
	ut_buf_puts(b, ",\"cols\":[");
	for (size_t i = 0; i < v->columns.len; i++) {
		const sm_column *c = v->columns.items[i];

		if (i)
			ut_buf_putc(b, ',');
		ut_buf_puts(b, "{\"n\":");
		put_str(b, c->obj.name);
		kv(b, "t", c->type ? c->type : "");
		ut_buf_printf(b, ",\"f\":%u", c->nullable ? SM__ERD_NULL : 0u);
		kv_opt(b, "cm", c->obj.comment);
		ut_buf_putc(b, '}');
	}
	ut_buf_puts(b, "],\"idx\":[");
	for (size_t i = 0; i < v->indexes.len; i++) {
		if (i)
			ut_buf_putc(b, ',');
		write_index(b, v->indexes.items[i], false, SM__ERD_SAME);
	}
	ut_buf_puts(b, "],\"fks\":[]");
	kv_opt(b, "sql", v->def);
	ut_buf_putc(b, '}');
}

static int write_data(ut_buf *b, const sm_realm *r, const sm_erd_opts *o,
                      const char *title)
{
	sm__erd e;
	ut_buf tmp = UT_BUF_INIT;
	int error = 0;

	sm__erd_build(&e, r, o ? o->from : NULL, o ? o->changes : NULL);
	ut_buf_puts(b, "{\"v\":1");
	kv(b, "title", title);
	kv(b, "dialect", r->dialect ? r->dialect : "");
	ut_buf_printf(b, ",\"diff\":%s,\"schemas\":[",
	              e.diff ? "true" : "false");
	for (size_t i = 0; i < e.schemas.len; i++) {
		if (i)
			ut_buf_putc(b, ',');
		put_str(b, e.schemas.items[i]);
	}
	ut_buf_puts(b, "],\"tables\":[");
	for (size_t i = 0; i < e.tables.len; i++) {
		if (i)
			ut_buf_puts(b, ",\n");
		if ((error = write_table(b, &e, &e.tables.items[i], o, &tmp)) <
		    0)
			goto done;
	}
	for (size_t i = 0; i < e.views.len; i++) {
		if (i || e.tables.len)
			ut_buf_puts(b, ",\n");
		write_view(b, &e.views.items[i]);
	}
	ut_buf_putc(b, ']');
	if (o && o->plan_sql)
		kv(b, "plan", o->plan_sql);
	ut_buf_putc(b, '}');
done:
	ut_buf_release(&tmp);
	sm__erd_release(&e);
	return error;
}

/* ---- the page ---------------------------------------------------------- */

int sm_write_html(ut_buf *out, const sm_realm *r, const sm_erd_opts *opts)
{
	const char *tpl = (const char *)sm__erd_tpl_html;
	const char *title = opts && opts->title ? opts->title : "strata ERD";
	const char *p = tpl, *at;
	int error;

	while ((at = strstr(p, "@@"))) {
		const char *end = strstr(at + 2, "@@");
		size_t n;

		if (!end)
			break;
		n = (size_t)(end - at - 2);
		ut_buf_put(out, p, (size_t)(at - p));
		if (n == 5 && memcmp(at + 2, "TITLE", 5) == 0) {
			sm__erd_put_xml(out, title);
		} else if (n == 3 && memcmp(at + 2, "CSS", 3) == 0) {
			ut_buf_puts(out, (const char *)sm__erd_tpl_css);
		} else if (n == 2 && memcmp(at + 2, "JS", 2) == 0) {
			ut_buf_puts(out, (const char *)sm__erd_tpl_js);
		} else if (n == 4 && memcmp(at + 2, "DATA", 4) == 0) {
			if ((error = write_data(out, r, opts, title)) < 0)
				return error;
		} else {
			/* not a marker: keep the text */
			ut_buf_put(out, at, 2);
			p = at + 2;
			continue;
		}
		p = end + 2;
	}
	ut_buf_puts(out, p);
	return 0;
}
