/* SPDX-License-Identifier: MIT */
/*
 * schema/json.c: the realm as Atlas's `{{ json . }}` document. Written by
 * hand rather than through jansson because the output must match Go's
 * encoding/json byte for byte (HTML-safe escapes, U+FFFD for invalid
 * UTF-8, key order), which jansson cannot be told to do.
 */
#include "output.h"

#include <inttypes.h>
#include <string.h>

#include "output_int.h"
#include "schema.h"
#include "ut.h"

size_t sm__utf8_decode(uint32_t *cp, const unsigned char *s, size_t n)
{
	unsigned char c = s[0];
	uint32_t v;
	size_t len, i;
	unsigned char lo = 0x80, hi = 0xBF;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2;
		v = c & 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		v = c & 0x0F;
		if (c == 0xE0)
			lo = 0xA0; /* overlong */
		else if (c == 0xED)
			hi = 0x9F; /* surrogates */
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		v = c & 0x07;
		if (c == 0xF0)
			lo = 0x90; /* overlong */
		else if (c == 0xF4)
			hi = 0x8F; /* above U+10FFFF */
	} else {
		goto bad;
	}
	if (n < len)
		goto bad;
	for (i = 1; i < len; i++) {
		unsigned char b = s[i];

		if (b < lo || b > hi)
			goto bad;
		lo = 0x80;
		hi = 0xBF;
		v = (v << 6) | (b & 0x3F);
	}
	*cp = v;
	return len;
bad:
	*cp = SM__UTF8_BAD;
	return 1;
}

/*
 * A tiny streaming writer: `comma` says whether the next value needs a
 * separator. Opening a container or writing a key clears it, finishing a
 * value sets it, so no stack is needed.
 */
typedef struct jw {
	ut_buf *b;
	bool comma;
} jw;

static void sep(jw *w)
{
	if (w->comma)
		ut_buf_putc(w->b, ',');
	w->comma = false;
}

/* A JSON string escaped as Go's encoding/json (HTML-safe) does. */
static void put_string(ut_buf *b, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i = 0, start = 0;

	ut_buf_putc(b, '"');
	while (i < n) {
		unsigned char c = p[i];
		uint32_t cp;
		size_t len;

		if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\' &&
		    c != '<' && c != '>' && c != '&') {
			i++;
			continue;
		}
		if (c >= 0x80) {
			len = sm__utf8_decode(&cp, p + i, n - i);
			if (cp != SM__UTF8_BAD && cp != 0x2028 &&
			    cp != 0x2029) {
				i += len;
				continue;
			}
			/* U+FFFD written literally is valid and kept. */
			if (cp == SM__UTF8_BAD && len == 3) {
				i += len;
				continue;
			}
		} else {
			len = 1;
			cp = c;
		}
		ut_buf_put(b, p + start, i - start);
		switch (cp) {
		case '"':
			ut_buf_puts(b, "\\\"");
			break;
		case '\\':
			ut_buf_puts(b, "\\\\");
			break;
		case '\b':
			ut_buf_puts(b, "\\b");
			break;
		case '\f':
			ut_buf_puts(b, "\\f");
			break;
		case '\n':
			ut_buf_puts(b, "\\n");
			break;
		case '\r':
			ut_buf_puts(b, "\\r");
			break;
		case '\t':
			ut_buf_puts(b, "\\t");
			break;
		case SM__UTF8_BAD:
			ut_buf_puts(b, "\\ufffd");
			break;
		case 0x2028:
			ut_buf_puts(b, "\\u2028");
			break;
		case 0x2029:
			ut_buf_puts(b, "\\u2029");
			break;
		default: /* other controls and < > & */
			ut_buf_puts(b, "\\u00");
			ut_buf_putc(b, hex[cp >> 4]);
			ut_buf_putc(b, hex[cp & 0xF]);
			break;
		}
		i += len;
		start = i;
	}
	ut_buf_put(b, p + start, i - start);
	ut_buf_putc(b, '"');
}

static void open_c(jw *w, char c)
{
	sep(w);
	ut_buf_putc(w->b, c);
}

static void close_c(jw *w, char c)
{
	ut_buf_putc(w->b, c);
	w->comma = true;
}

static void key(jw *w, const char *k)
{
	sep(w);
	put_string(w->b, k);
	ut_buf_putc(w->b, ':');
}

static void str(jw *w, const char *s)
{
	sep(w);
	put_string(w->b, s);
	w->comma = true;
}

static void kv_str(jw *w, const char *k, const char *v)
{
	key(w, k);
	str(w, v);
}

/* "k":"v" only when v is set and non-empty (Go's omitempty). */
static void kv_opt(jw *w, const char *k, const char *v)
{
	if (v && *v)
		kv_str(w, k, v);
}

static void kv_true(jw *w, const char *k, bool v)
{
	if (!v)
		return;
	key(w, k);
	ut_buf_puts(w->b, "true");
	w->comma = true;
}

static void kv_int(jw *w, const char *k, int64_t v)
{
	key(w, k);
	ut_buf_printf(w->b, "%" PRId64, v);
	w->comma = true;
}

static void kv_strs(jw *w, const char *k, const sm_strs *v)
{
	if (!v->len)
		return;
	key(w, k);
	open_c(w, '[');
	for (size_t i = 0; i < v->len; i++)
		str(w, v->items[i]);
	close_c(w, ']');
}

/* Atlas's comment, charset, collate trio. */
static void attrs3(jw *w, const char *comment, const char *charset,
                   const char *collate)
{
	kv_opt(w, "comment", comment);
	kv_opt(w, "charset", charset);
	kv_opt(w, "collate", collate);
}

static void write_column(jw *w, const sm_column *c)
{
	open_c(w, '{');
	kv_str(w, "name", c->obj.name);
	kv_opt(w, "type", c->type);
	kv_true(w, "null", c->nullable);
	attrs3(w, c->obj.comment, c->charset, c->collation);
	kv_opt(w, "default", c->default_expr);
	kv_opt(w, "on_update", c->on_update);
	if (c->generated) {
		key(w, "generated");
		open_c(w, '{');
		kv_str(w, "expr", c->generated);
		kv_str(w, "type", c->generated_stored ? "STORED" : "VIRTUAL");
		close_c(w, '}');
	}
	kv_true(w, "auto_increment", c->auto_increment);
	if (c->identity) {
		key(w, "identity");
		open_c(w, '{');
		kv_str(w, "generated", c->identity);
		kv_int(w, "start", c->identity_start);
		kv_int(w, "increment", c->identity_increment);
		close_c(w, '}');
	}
	close_c(w, '}');
}

static void write_parts(jw *w, const sm_index *idx)
{
	if (!idx->parts.len)
		return;
	key(w, "parts");
	open_c(w, '[');
	for (size_t i = 0; i < idx->parts.len; i++) {
		const sm_index_part *p = &idx->parts.items[i];

		open_c(w, '{');
		kv_true(w, "desc", p->desc);
		kv_opt(w, "column", p->column);
		kv_opt(w, "expr", p->expr);
		close_c(w, '}');
	}
	close_c(w, ']');
}

static void write_index(jw *w, const sm_index *idx)
{
	open_c(w, '{');
	kv_opt(w, "name", idx->obj.name);
	kv_true(w, "unique", idx->unique);
	write_parts(w, idx);
	kv_opt(w, "where", idx->where);
	close_c(w, '}');
}

static void write_fk(jw *w, const sm_foreign_key *fk)
{
	open_c(w, '{');
	kv_opt(w, "name", fk->obj.name);
	kv_strs(w, "columns", &fk->columns);
	key(w, "references");
	open_c(w, '{');
	kv_str(w, "table", fk->ref_table ? fk->ref_table : "");
	kv_strs(w, "columns", &fk->ref_columns);
	kv_opt(w, "schema", fk->ref_schema);
	close_c(w, '}');
	kv_opt(w, "on_update", fk->on_update);
	kv_opt(w, "on_delete", fk->on_delete);
	close_c(w, '}');
}

static void write_table(jw *w, const sm_table *t)
{
	open_c(w, '{');
	kv_str(w, "name", t->obj.name);
	if (t->columns.len) {
		key(w, "columns");
		open_c(w, '[');
		for (size_t i = 0; i < t->columns.len; i++)
			write_column(w, t->columns.items[i]);
		close_c(w, ']');
	}
	if (t->indexes.len) {
		key(w, "indexes");
		open_c(w, '[');
		for (size_t i = 0; i < t->indexes.len; i++)
			write_index(w, t->indexes.items[i]);
		close_c(w, ']');
	}
	if (t->pk) {
		/* Atlas writes the parts alone; strata keeps a given name. */
		key(w, "primary_key");
		open_c(w, '{');
		if (!t->pk->auto_named)
			kv_opt(w, "name", t->pk->obj.name);
		write_parts(w, t->pk);
		close_c(w, '}');
	}
	if (t->fks.len) {
		key(w, "foreign_keys");
		open_c(w, '[');
		for (size_t i = 0; i < t->fks.len; i++)
			write_fk(w, t->fks.items[i]);
		close_c(w, ']');
	}
	attrs3(w, t->obj.comment, t->charset, t->collation);
	if (t->checks.len) {
		key(w, "checks");
		open_c(w, '[');
		for (size_t i = 0; i < t->checks.len; i++) {
			const sm_check *c = t->checks.items[i];

			open_c(w, '{');
			kv_opt(w, "name", c->obj.name);
			kv_str(w, "expr", c->expr ? c->expr : "");
			close_c(w, '}');
		}
		close_c(w, ']');
	}
	if (t->triggers.len) {
		key(w, "triggers");
		open_c(w, '[');
		for (size_t i = 0; i < t->triggers.len; i++) {
			const sm_trigger *tr = t->triggers.items[i];

			open_c(w, '{');
			kv_str(w, "name", tr->obj.name);
			kv_opt(w, "def", tr->def);
			close_c(w, '}');
		}
		close_c(w, ']');
	}
	close_c(w, '}');
}

static void write_objects(jw *w, const sm_schema *s)
{
	size_t nenum = 0;

	if (s->views.len) {
		key(w, "views");
		open_c(w, '[');
		for (size_t i = 0; i < s->views.len; i++) {
			const sm_view *v = s->views.items[i];

			open_c(w, '{');
			kv_str(w, "name", v->obj.name);
			kv_opt(w, "def", v->def);
			kv_true(w, "materialized", v->materialized);
			close_c(w, '}');
		}
		close_c(w, ']');
	}
	if (s->functions.len) {
		key(w, "functions");
		open_c(w, '[');
		for (size_t i = 0; i < s->functions.len; i++) {
			const sm_function *f = s->functions.items[i];

			open_c(w, '{');
			kv_str(w, "name", f->obj.name);
			kv_opt(w, "args", f->args);
			kv_opt(w, "def", f->def);
			kv_true(w, "procedure", f->procedure);
			close_c(w, '}');
		}
		close_c(w, ']');
	}
	if (s->sequences.len) {
		key(w, "sequences");
		open_c(w, '[');
		for (size_t i = 0; i < s->sequences.len; i++) {
			const sm_sequence *q = s->sequences.items[i];

			open_c(w, '{');
			kv_str(w, "name", q->obj.name);
			kv_opt(w, "type", q->type);
			kv_int(w, "start", q->start);
			kv_int(w, "increment", q->increment);
			if (q->min)
				kv_int(w, "min", q->min);
			if (q->max)
				kv_int(w, "max", q->max);
			if (q->cache)
				kv_int(w, "cache", q->cache);
			kv_true(w, "cycle", q->cycle);
			close_c(w, '}');
		}
		close_c(w, ']');
	}
	for (size_t i = 0; i < s->types.len; i++)
		nenum += s->types.items[i]->type_kind == SM_TYPE_ENUM;
	if (nenum) {
		key(w, "enums");
		open_c(w, '[');
		for (size_t i = 0; i < s->types.len; i++) {
			const sm_type *t = s->types.items[i];

			if (t->type_kind != SM_TYPE_ENUM)
				continue;
			open_c(w, '{');
			kv_str(w, "name", t->obj.name);
			key(w, "values");
			open_c(w, '[');
			for (size_t j = 0; j < t->values.len; j++)
				str(w, t->values.items[j]);
			close_c(w, ']');
			close_c(w, '}');
		}
		close_c(w, ']');
	}
}

void sm_write_json(ut_buf *out, const sm_realm *r)
{
	jw w = { out, false };

	open_c(&w, '{');
	key(&w, "schemas");
	open_c(&w, '[');
	for (size_t i = 0; i < r->schemas.len; i++) {
		const sm_schema *s = r->schemas.items[i];

		open_c(&w, '{');
		kv_str(&w, "name", s->obj.name);
		if (s->tables.len) {
			key(&w, "tables");
			open_c(&w, '[');
			for (size_t j = 0; j < s->tables.len; j++)
				write_table(&w, s->tables.items[j]);
			close_c(&w, ']');
		}
		attrs3(&w, s->obj.comment, s->charset, s->collation);
		write_objects(&w, s);
		close_c(&w, '}');
	}
	close_c(&w, ']');
	close_c(&w, '}');
}
