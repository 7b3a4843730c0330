/* SPDX-License-Identifier: MIT */
/*
 * schema/mermaid.c: the realm as Atlas's `{{ mermaid . }}` erDiagram.
 * Plain names come out exactly as Atlas writes them; names Mermaid's
 * grammar would reject are made valid rather than copied:
 *   - entity ids keep [A-Za-z0-9_-] and write other bytes as _XX (hex),
 *     prefixed by '_' when they start with a digit or '-'; the real name
 *     is then shown through an alias, t["real name"];
 *   - column types and names: spaces (and ASCII characters that Mermaid's
 *     attribute words do not allow) become '_', see put_word; a column
 *     without a type (SQLite) is typed "any";
 *   - an edge label that is not a plain word is quoted.
 * The result parses with Mermaid 10 and 11 (non-ASCII column names and
 * types with Mermaid 11 only).
 */
#include "output.h"

#include <string.h>

#include "output_int.h"
#include "schema.h"
#include "ut.h"

static bool id_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '-';
}

/* Whether name can be a Mermaid entity id as it is. */
static bool plain_id(const char *name)
{
	if (!*name || (*name >= '0' && *name <= '9') || *name == '-')
		return false;
	for (const char *p = name; *p; p++)
		if (!id_char((unsigned char)*p))
			return false;
	return true;
}

static void put_id(ut_buf *b, const char *name)
{
	static const char hex[] = "0123456789ABCDEF";

	if (!*name || (*name >= '0' && *name <= '9') || *name == '-')
		ut_buf_putc(b, '_');
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		if (id_char(*p)) {
			ut_buf_putc(b, (char)*p);
			continue;
		}
		ut_buf_putc(b, '_');
		ut_buf_putc(b, hex[*p >> 4]);
		ut_buf_putc(b, hex[*p & 0xF]);
	}
}

/*
 * Text inside a quoted alias or edge label. Mermaid's quoted names admit
 * no '"', '%', '\\' nor line breaks: the first three become their
 * fullwidth forms (U+FF02, U+FF05, U+FF3C), control characters spaces.
 */
static void put_label_text(ut_buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i = 0;

	while (i < n) {
		uint32_t cp;
		size_t len = sm__utf8_decode(&cp, p + i, n - i);

		if (p[i] == '"')
			ut_buf_puts(b, "\xEF\xBC\x82");
		else if (p[i] == '%')
			ut_buf_puts(b, "\xEF\xBC\x85");
		else if (p[i] == '\\')
			ut_buf_puts(b, "\xEF\xBC\xBC");
		else if (cp < 0x20 || cp == 0x7F ||
		         (cp == SM__UTF8_BAD && len == 1))
			ut_buf_putc(b, ' ');
		else
			ut_buf_put(b, p + i, len);
		i += len;
	}
}

/* The node of table name in schema (schema is ignored for one schema). */
static void put_node(ut_buf *b, const sm_realm *r, const char *schema,
                     const char *name)
{
	if (r->schemas.len > 1) {
		put_id(b, schema);
		ut_buf_putc(b, '_');
		put_id(b, name);
	} else {
		put_id(b, name);
	}
}

static void put_node_decl(ut_buf *b, const sm_realm *r, const char *schema,
                          const char *name)
{
	put_node(b, r, schema, name);
	if (r->schemas.len > 1) {
		ut_buf_puts(b, "[\"");
		put_label_text(b, schema);
		ut_buf_putc(b, '.');
		put_label_text(b, name);
		ut_buf_puts(b, "\"]");
	} else if (!plain_id(name)) {
		ut_buf_puts(b, "[\"");
		put_label_text(b, name);
		ut_buf_puts(b, "\"]");
	}
}

/*
 * A Mermaid attribute word, valid for Mermaid 10 and 11: ASCII outside
 * [A-Za-z0-9_-[]()] becomes '_' (spaces first of all, as Atlas does), a
 * digit or -[]() in first place gets a '_' before it; non-ASCII letters
 * from U+00C0 up are kept (Mermaid 11 reads them), U+0080-U+00BF become
 * '_'.
 */
static void put_word(ut_buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i = 0;

	/* kept, but not allowed first; an empty word becomes "_" */
	if (!*p || (*p >= '0' && *p <= '9') || strchr("-[]()", *p))
		ut_buf_putc(b, '_');
	while (i < n) {
		unsigned char c = p[i];
		uint32_t cp;
		size_t len;

		if (c < 0x80) {
			bool ok = id_char(c) || c == '[' || c == ']' ||
			          c == '(' || c == ')';

			ut_buf_putc(b, ok ? (char)c : '_');
			i++;
			continue;
		}
		len = sm__utf8_decode(&cp, p + i, n - i);
		if (cp < 0xC0 || (cp == SM__UTF8_BAD && len == 1))
			ut_buf_putc(b, '_');
		else
			ut_buf_put(b, p + i, len);
		i += len;
	}
}

static bool in_strs(const sm_strs *v, const char *s)
{
	for (size_t i = 0; i < v->len; i++)
		if (strcmp(v->items[i], s) == 0)
			return true;
	return false;
}

static bool in_parts(const sm_index *idx, const char *s)
{
	for (size_t i = 0; i < idx->parts.len; i++)
		if (idx->parts.items[i].column &&
		    strcmp(idx->parts.items[i].column, s) == 0)
			return true;
	return false;
}

/* Whether the index covers exactly the column set cols. */
static bool index_is(const sm_index *idx, const sm_strs *cols)
{
	if (!idx->unique || idx->where || idx->parts.len != cols->len)
		return false;
	for (size_t i = 0; i < idx->parts.len; i++)
		if (!idx->parts.items[i].column ||
		    !in_strs(cols, idx->parts.items[i].column))
			return false;
	for (size_t i = 0; i < cols->len; i++)
		if (!in_parts(idx, cols->items[i]))
			return false;
	return true;
}

/* Whether cols are the primary key or a unique index of t. */
static bool is_unique(const sm_table *t, const sm_strs *cols)
{
	if (!cols->len)
		return false;
	if (t->pk && index_is(t->pk, cols))
		return true;
	for (size_t i = 0; i < t->indexes.len; i++)
		if (index_is(t->indexes.items[i], cols))
			return true;
	return false;
}

static void write_table(ut_buf *b, const sm_realm *r, const sm_schema *s,
                        const sm_table *t)
{
	const char *sname = s->obj.name;

	ut_buf_puts(b, "    ");
	put_node_decl(b, r, sname, t->obj.name);
	ut_buf_puts(b, " {\n");
	for (size_t i = 0; i < t->columns.len; i++) {
		const sm_column *c = t->columns.items[i];
		bool pk = t->pk && in_parts(t->pk, c->obj.name);
		bool fk = false;

		for (size_t j = 0; j < t->fks.len && !fk; j++)
			fk = in_strs(&t->fks.items[j]->columns, c->obj.name);
		ut_buf_puts(b, "      ");
		put_word(b, c->type && *c->type ? c->type : "any");
		ut_buf_putc(b, ' ');
		put_word(b, c->obj.name);
		if (pk || fk)
			ut_buf_puts(b, pk && fk ? " PK,FK"
			               : pk     ? " PK"
			                        : " FK");
		ut_buf_putc(b, '\n');
	}
	ut_buf_puts(b, "    }\n");
	for (size_t i = 0; i < t->fks.len; i++) {
		const sm_foreign_key *fk = t->fks.items[i];
		const char *rs = fk->ref_schema ? fk->ref_schema : sname;
		const char *rt = fk->ref_table ? fk->ref_table : "";
		const sm_table *parent = sm_realm_find_table(r, rs, rt);
		bool left = is_unique(t, &fk->columns);
		bool right = !parent || is_unique(parent, &fk->ref_columns);
		ut_buf label = UT_BUF_INIT;

		ut_buf_puts(b, "    ");
		put_node(b, r, sname, t->obj.name);
		ut_buf_puts(b, left ? " |o--o" : " }o--o");
		ut_buf_puts(b, right ? "| " : "{ ");
		put_node(b, r, rs, rt);
		ut_buf_puts(b, " : ");
		if (*fk->obj.name)
			ut_buf_puts(&label, fk->obj.name);
		for (size_t j = 0; !*fk->obj.name && j < fk->columns.len; j++) {
			if (j)
				ut_buf_putc(&label, '_');
			ut_buf_puts(&label, fk->columns.items[j]);
		}
		if (plain_id(label.ptr)) {
			ut_buf_puts(b, label.ptr);
		} else {
			ut_buf_putc(b, '"');
			put_label_text(b, label.ptr);
			ut_buf_putc(b, '"');
		}
		ut_buf_putc(b, '\n');
		ut_buf_release(&label);
	}
}

void sm_write_mermaid(ut_buf *out, const sm_realm *r)
{
	ut_buf_puts(out, "erDiagram\n");
	for (size_t i = 0; i < r->schemas.len; i++) {
		const sm_schema *s = r->schemas.items[i];

		for (size_t j = 0; j < s->tables.len; j++)
			write_table(out, r, s, s->tables.items[j]);
	}
}
