/* SPDX-License-Identifier: MIT */
/*
 * schema/hclout.c: the realm as Atlas's HCL schema document, formatted as
 * hclwrite.Format would leave it: two-space indentation, attributes of a
 * block before its nested blocks, and `=` aligned within each run of
 * consecutive attributes. Attributes are therefore collected in a pending
 * run and written when a block opens or closes (or after a heredoc, whose
 * closing line ends the run).
 *
 * References use the traversal form (column.id) when the name is a plain
 * identifier and HCL's index form (column["my col"]) otherwise, so every
 * name round-trips through an HCL parser.
 */
#include "output.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "output_int.h"
#include "schema.h"
#include "ut.h"

typedef struct hattr {
	const char *key; /* a static identifier */
	char *val;       /* owned */
} hattr;

typedef struct hw {
	ut_buf *out;
	int depth;
	UT_VEC(hattr) run;
	const sm_realm *r;
	ut_map dup; /* table name -> first schema, or &ambiguous */
	bool multi; /* more than one schema */
} hw;

static char ambiguous;

/* ---- lexical helpers ------------------------------------------------ */

static bool is_ident(const char *s)
{
	if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
	      *s == '_'))
		return false;
	for (const char *p = s + 1; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '_'))
			return false;
	/* Keywords of HCL expressions would not parse as traversals. */
	return strcmp(s, "true") != 0 && strcmp(s, "false") != 0 &&
	       strcmp(s, "null") != 0;
}

/* How put_template writes text. */
typedef enum tmode {
	T_QUOTED,  /* "...": backslash escapes, ${ -> $${ as hclwrite does */
	T_KEY,     /* a traversal key ["..."]: ${ -> \u0024{ so that HCL
	              still sees one literal and a static traversal */
	T_HEREDOC, /* no escapes exist: text checked by heredoc_ok */
} tmode;

/*
 * The body of an HCL template. Template introducers ${ and %{ are
 * escaped; in quoted strings, quotes, backslashes and non-printing
 * characters are backslash-escaped. Invalid UTF-8 becomes U+FFFD.
 */
static void put_template(ut_buf *b, const char *s, tmode mode)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i = 0;

	while (i < n) {
		unsigned char c = p[i];
		uint32_t cp;
		size_t len = sm__utf8_decode(&cp, p + i, n - i);

		if ((c == '$' || c == '%') && p[i + 1] == '{') {
			if (mode == T_KEY) {
				ut_buf_puts(b,
				            c == '$' ? "\\u0024" : "\\u0025");
			} else {
				ut_buf_putc(b, (char)c);
				ut_buf_putc(b, (char)c);
			}
		} else if (cp == SM__UTF8_BAD && len == 1) {
			ut_buf_puts(b, "\xEF\xBF\xBD");
		} else if (mode == T_HEREDOC) {
			ut_buf_put(b, p + i, len);
		} else if (c == '"' || c == '\\') {
			ut_buf_putc(b, '\\');
			ut_buf_putc(b, (char)c);
		} else if (c == '\n') {
			ut_buf_puts(b, "\\n");
		} else if (c == '\r') {
			ut_buf_puts(b, "\\r");
		} else if (c == '\t') {
			ut_buf_puts(b, "\\t");
		} else if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0) ||
		           cp == 0x2028 || cp == 0x2029) {
			ut_buf_printf(b, "\\u%04X", (unsigned)cp);
		} else {
			ut_buf_put(b, p + i, len);
		}
		i += len;
	}
}

static void put_quoted(ut_buf *b, const char *s)
{
	ut_buf_putc(b, '"');
	put_template(b, s, T_QUOTED);
	ut_buf_putc(b, '"');
}

/* One traversal step: .name, or ["name"] when name is no identifier. */
static void put_step(ut_buf *b, const char *name)
{
	if (is_ident(name)) {
		ut_buf_putc(b, '.');
		ut_buf_puts(b, name);
	} else {
		ut_buf_puts(b, "[\"");
		put_template(b, name, T_KEY);
		ut_buf_puts(b, "\"]");
	}
}

/* An enum-like value: identifier when possible, else a quoted string. */
static void put_word(ut_buf *b, const char *s)
{
	if (is_ident(s))
		ut_buf_puts(b, s);
	else
		put_quoted(b, s);
}

/* "NO ACTION" -> NO_ACTION. */
static void put_action(ut_buf *b, const char *action)
{
	char *w = ut_xstrdup(action);

	for (char *p = w; *p; p++)
		if (*p == ' ')
			*p = '_';
	put_word(b, w);
	free(w);
}

/*
 * A column type is written bare when it is a word or a call with integer
 * arguments (integer, varchar(255), decimal(10,2)), as Atlas writes them,
 * with the argument spacing hclwrite.Format gives: decimal(10, 2).
 * Anything else is sql("type as reported").
 */
static bool type_is_bare(const char *t)
{
	const char *p = t;
	char *w;
	bool ok;

	while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
	       (*p >= '0' && *p <= '9') || *p == '_')
		p++;
	w = ut_xstrndup(t, (size_t)(p - t));
	/* sql(...) would call the sql() function */
	ok = is_ident(w) && strcmp(w, "sql") != 0;
	free(w);
	if (!ok || *p == '\0')
		return ok;
	if (*p++ != '(')
		return false;
	for (;;) {
		if (!(*p >= '0' && *p <= '9'))
			return false;
		while (*p >= '0' && *p <= '9')
			p++;
		if (*p != ',')
			return p[0] == ')' && p[1] == '\0';
		p++;
		while (*p == ' ')
			p++;
	}
}

static void put_type(ut_buf *b, const char *t)
{
	if (!type_is_bare(t)) {
		ut_buf_puts(b, "sql(");
		put_quoted(b, t);
		ut_buf_putc(b, ')');
		return;
	}
	for (const char *p = t; *p; p++) {
		if (*p == ' ')
			continue;
		ut_buf_putc(b, *p);
		if (*p == ',')
			ut_buf_putc(b, ' ');
	}
}

/* An HCL number literal that reads back as the same SQL text. */
static bool is_number(const char *s)
{
	const char *p = s;

	if (*p == '-')
		p++;
	if (*p == '0')
		p++;
	else if (*p >= '1' && *p <= '9')
		while (*p >= '0' && *p <= '9')
			p++;
	else
		return false;
	if (*p == '.') {
		p++;
		if (!(*p >= '0' && *p <= '9'))
			return false;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	return *p == '\0';
}

/*
 * The value of d when it is one whole SQL string literal, else false.
 * Quotes are doubled ('it''s'); MySQL also escapes with backslashes
 * ('a\\b', 'x\ny', 'it\'s', as MariaDB reports defaults), where \% and
 * \_ keep their backslash (they are LIKE escapes) and a NUL (\0) cannot
 * be held in a C string, so such a literal stays SQL.
 */
static bool sql_string_value(ut_buf *val, const char *d, bool backslash)
{
	size_t n = strlen(d);

	if (n < 2 || d[0] != '\'' || d[n - 1] != '\'')
		return false;
	for (size_t i = 1; i + 1 < n; i++) {
		char c = d[i];

		if (c == '\'') {
			if (i + 2 < n && d[i + 1] == '\'') {
				ut_buf_putc(val, '\'');
				i++;
				continue;
			}
			return false; /* 'a' || 'b' */
		}
		if (c != '\\' || !backslash) {
			ut_buf_putc(val, c);
			continue;
		}
		/* a backslash before the closing quote escapes it */
		if (i + 2 >= n)
			return false;
		switch ((c = d[++i])) {
		case '0':
			return false;
		case 'n':
			ut_buf_putc(val, '\n');
			break;
		case 'r':
			ut_buf_putc(val, '\r');
			break;
		case 't':
			ut_buf_putc(val, '\t');
			break;
		case 'b':
			ut_buf_putc(val, '\b');
			break;
		case 'Z':
			ut_buf_putc(val, '\032');
			break;
		case '%':
		case '_':
			ut_buf_putc(val, '\\');
			ut_buf_putc(val, c);
			break;
		default:
			ut_buf_putc(val, c);
			break;
		}
	}
	return true;
}

/*
 * A default: numbers as HCL numbers, one whole SQL string literal
 * ('it''s') as an HCL string holding its value, anything else as
 * sql("expr").
 */
static void put_default(ut_buf *b, const char *d, const char *dialect)
{
	ut_buf val = UT_BUF_INIT;

	if (is_number(d)) {
		ut_buf_puts(b, d);
		return;
	}
	if (sql_string_value(&val, d, dialect && !strcmp(dialect, "mysql"))) {
		put_quoted(b, val.ptr);
		ut_buf_release(&val);
		return;
	}
	ut_buf_release(&val);
	ut_buf_puts(b, "sql(");
	put_quoted(b, d);
	ut_buf_putc(b, ')');
}

/* ---- document structure --------------------------------------------- */

static void indent(hw *w, int depth)
{
	for (int i = 0; i < depth; i++)
		ut_buf_puts(w->out, "  ");
}

static void flush(hw *w)
{
	size_t width = 0;

	for (size_t i = 0; i < w->run.len; i++)
		width = UT_MAX(width, strlen(w->run.items[i].key));
	for (size_t i = 0; i < w->run.len; i++) {
		hattr *a = &w->run.items[i];

		indent(w, w->depth);
		ut_buf_printf(w->out, "%-*s = %s\n", (int)width, a->key,
		              a->val);
		free(a->val);
	}
	w->run.len = 0;
}

/* Takes the value out of v (v is reset). */
static void attr(hw *w, const char *key, ut_buf *v)
{
	hattr a = { key, ut_buf_detach(v) };

	ut_vec_push(&w->run, a);
}

static void attr_raw(hw *w, const char *key, const char *val)
{
	hattr a = { key, ut_xstrdup(val) };

	ut_vec_push(&w->run, a);
}

static void attr_str(hw *w, const char *key, const char *s)
{
	ut_buf v = UT_BUF_INIT;

	put_quoted(&v, s);
	attr(w, key, &v);
}

static void attr_int(hw *w, const char *key, int64_t n)
{
	ut_buf v = UT_BUF_INIT;

	ut_buf_printf(&v, "%" PRId64, n);
	attr(w, key, &v);
}

/*
 * Whether text can be a <<-SQL heredoc that reads back unchanged: no
 * control characters but newline and tab, no line that would close it,
 * no line of blanks alone (HCL would keep the indentation added to it),
 * and one line starting at column 0, so that the indentation HCL strips
 * from a flush heredoc is exactly the one added here.
 */
static bool heredoc_ok(const char *s)
{
	bool flush_line = false;
	const char *line = s;

	for (const char *p = s;; p++) {
		unsigned char c = (unsigned char)*p;

		if (c == '\n' || c == '\0') {
			const char *a = line, *e = p;

			while (a < e && (*a == ' ' || *a == '\t'))
				a++;
			while (e > a && (e[-1] == ' ' || e[-1] == '\t'))
				e--;
			if (e - a == 3 && strncmp(a, "SQL", 3) == 0)
				return false;
			/* HCL strips no indentation from a blank line */
			if (a == e && p > line)
				return false;
			if (a < e && a == line)
				flush_line = true;
			if (c == '\0')
				break;
			line = p + 1;
		} else if ((c < 0x20 && c != '\t') || c == 0x7F) {
			return false;
		} else if (c >= 0x80) {
			uint32_t cp;
			/* reads 4 bytes at most, stops at the NUL */
			size_t len = sm__utf8_decode(
			        &cp, (const unsigned char *)p, 4);

			if (cp >= 0x80 && cp < 0xA0)
				return false; /* C1 controls */
			p += len - 1;
		}
	}
	return flush_line;
}

/*
 * SQL text as `key = <<-SQL` with every line indented like the attribute;
 * a quoted string when the heredoc could not carry it. A heredoc's value
 * ends with a newline: one trailing newline of text is not doubled.
 */
static void attr_sql(hw *w, const char *key, const char *text)
{
	ut_buf v = UT_BUF_INIT;
	size_t n = strlen(text);
	char *body;

	if (!heredoc_ok(text)) {
		attr_str(w, key, text);
		return;
	}
	if (n && text[n - 1] == '\n')
		n--;
	body = ut_xstrndup(text, n);
	ut_buf_puts(&v, "<<-SQL\n");
	for (char *line = body;;) {
		char *nl = strchr(line, '\n');

		if (nl)
			*nl = '\0';
		/* HCL leaves an empty line out of the indentation it strips */
		for (int i = 0; *line && i < w->depth; i++)
			ut_buf_puts(&v, "  ");
		put_template(&v, line, T_HEREDOC);
		ut_buf_putc(&v, '\n');
		if (!nl)
			break;
		line = nl + 1;
	}
	for (int i = 0; i < w->depth; i++)
		ut_buf_puts(&v, "  ");
	ut_buf_puts(&v, "SQL");
	free(body);
	attr(w, key, &v);
	flush(w); /* the closing line ends the run */
}

/* Opens `type "l1" "l2" {` (NULL labels are skipped). */
static void open_block(hw *w, const char *type, const char *l1, const char *l2)
{
	flush(w);
	indent(w, w->depth);
	ut_buf_puts(w->out, type);
	if (l1) {
		ut_buf_putc(w->out, ' ');
		put_quoted(w->out, l1);
	}
	if (l2) {
		ut_buf_putc(w->out, ' ');
		put_quoted(w->out, l2);
	}
	ut_buf_puts(w->out, " {\n");
	w->depth++;
}

static void close_block(hw *w)
{
	flush(w);
	w->depth--;
	indent(w, w->depth);
	ut_buf_puts(w->out, "}\n");
}

/* ---- references ------------------------------------------------------ */

static bool table_ambiguous(const hw *w, const char *name)
{
	return w->multi && ut_map_get(&w->dup, name) == &ambiguous;
}

/* table.t, table.s.t when t is in several schemas, view.v likewise. */
static void put_table_ref(hw *w, ut_buf *b, const char *kind,
                          const char *schema, const char *name)
{
	ut_buf_puts(b, kind);
	if (schema && table_ambiguous(w, name))
		put_step(b, schema);
	put_step(b, name);
}

static void put_schema_ref(ut_buf *b, const char *schema)
{
	ut_buf_puts(b, "schema");
	put_step(b, schema);
}

static void attr_schema(hw *w, const sm_object *o)
{
	const sm_schema *s = sm_object_schema(o);
	ut_buf v = UT_BUF_INIT;

	if (!s)
		return;
	put_schema_ref(&v, s->obj.name);
	attr(w, "schema", &v);
}

static void attr_columns(hw *w, const char *key, const char *table_kind,
                         const char *schema, const char *table,
                         const sm_strs *cols)
{
	ut_buf v = UT_BUF_INIT;

	ut_buf_putc(&v, '[');
	for (size_t i = 0; i < cols->len; i++) {
		if (i)
			ut_buf_puts(&v, ", ");
		if (table)
			put_table_ref(w, &v, table_kind, schema, table);
		if (table)
			ut_buf_putc(&v, '.');
		ut_buf_puts(&v, "column");
		put_step(&v, cols->items[i]);
	}
	ut_buf_putc(&v, ']');
	attr(w, key, &v);
}

/* ---- tables ---------------------------------------------------------- */

static bool flag_set(const sm_attrs *a, const char *key)
{
	const char *v = sm_attr_get(a, key);

	return v && (!*v || strcmp(v, "1") == 0 || ut_str_ieq(v, "true"));
}

/*
 * Reads one identifier as PostgreSQL's format_type prints it: bare when
 * it needs no quotes, else "quoted" with "" for a quote. Advances *p.
 */
static char *read_type_ident(const char **p)
{
	const char *s = *p;
	ut_buf b = UT_BUF_INIT;

	if (*s == '"') {
		for (s++;; s++) {
			if (*s == '\0') {
				ut_buf_release(&b);
				return NULL;
			}
			if (*s == '"') {
				if (s[1] != '"')
					break;
				s++;
			}
			ut_buf_putc(&b, *s);
		}
		s++;
	} else {
		if (!((*s >= 'a' && *s <= 'z') || *s == '_'))
			return NULL;
		while ((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		       *s == '_' || *s == '$')
			ut_buf_putc(&b, *s++);
	}
	if (b.len == 0) {
		ut_buf_release(&b);
		return NULL;
	}
	*p = s;
	return ut_buf_detach(&b);
}

/* ---- user types (PostgreSQL) ------------------------------------------ */

/*
 * A domain's definition, as the PostgreSQL inspector keeps it: "AS
 * <type>[ COLLATE c][ DEFAULT d][ NOT NULL][ CONSTRAINT n CHECK (e)]...".
 */
typedef struct domain_spec {
	char *type, *collate, *def; /* NULL when absent */
	bool not_null;
	UT_VEC(char *) checks; /* name, expr, name, expr ... */
} domain_spec;

static void domain_spec_release(domain_spec *d)
{
	free(d->type);
	free(d->collate);
	free(d->def);
	for (size_t i = 0; i < d->checks.len; i++)
		free(d->checks.items[i]);
	ut_vec_release(&d->checks);
}

/*
 * The end of a clause: the first clause keyword at nesting depth 0 and
 * outside quotes, or the end of the text.
 */
static const char *clause_end(const char *p)
{
	static const char *const kw[] = { " COLLATE ", " DEFAULT ", " NOT NULL",
		                          " CONSTRAINT ", NULL };
	int depth = 0;

	for (; *p; p++) {
		if (*p == '\'' || *p == '"') {
			char q = *p;

			for (p++; *p && !(*p == q && p[1] != q); p++)
				if (*p == q)
					p++;
			if (!*p)
				return p;
		} else if (*p == '(') {
			depth++;
		} else if (*p == ')') {
			depth--;
		} else if (*p == ' ' && depth == 0) {
			for (int k = 0; kw[k]; k++)
				if (strncmp(p, kw[k], strlen(kw[k])) == 0 &&
				    (k != 2 || p[9] == '\0' || p[9] == ' '))
					return p;
		}
	}
	return p;
}

/* Whether text is one parenthesised group: "(a) AND (b)" is not. */
static bool one_group(const char *t, size_t n)
{
	int depth = 0;

	if (n < 2 || t[0] != '(' || t[n - 1] != ')')
		return false;
	for (size_t i = 0; i < n; i++) {
		if (t[i] == '\'' || t[i] == '"') {
			char q = t[i];

			for (i++; i < n &&
			          !(t[i] == q && (i + 1 >= n || t[i + 1] != q));
			     i++)
				if (t[i] == q)
					i++;
		} else if (t[i] == '(') {
			depth++;
		} else if (t[i] == ')' && --depth == 0 && i != n - 1) {
			return false;
		}
	}
	return depth == 0;
}

static bool parse_domain(domain_spec *d, const char *def)
{
	const char *p = def, *e;

	memset(d, 0, sizeof(*d));
	if (!def || strncmp(p, "AS ", 3) != 0)
		return false;
	p += 3;
	e = clause_end(p);
	if (e == p)
		return false;
	d->type = ut_xstrndup(p, (size_t)(e - p));
	for (p = e; *p;) {
		if (strncmp(p, " COLLATE ", 9) == 0 && !d->collate && !d->def &&
		    !d->not_null && !d->checks.len) {
			e = clause_end(p + 9);
			d->collate = ut_xstrndup(p + 9, (size_t)(e - p - 9));
		} else if (strncmp(p, " DEFAULT ", 9) == 0 && !d->def &&
		           !d->not_null && !d->checks.len) {
			e = clause_end(p + 9);
			d->def = ut_xstrndup(p + 9, (size_t)(e - p - 9));
		} else if (strncmp(p, " NOT NULL", 9) == 0 && !d->not_null &&
		           !d->checks.len) {
			e = p + 9;
			d->not_null = true;
		} else if (strncmp(p, " CONSTRAINT ", 12) == 0) {
			const char *q = p + 12;
			char *name = read_type_ident(&q);

			if (!name)
				return false;
			ut_vec_push(&d->checks, name);
			if (strncmp(q, " CHECK ", 7) != 0)
				return false;
			q += 7;
			e = clause_end(q);
			/* a NOT VALID check has no form in HCL */
			if (!one_group(q, (size_t)(e - q)))
				return false;
			ut_vec_push(&d->checks,
			            ut_xstrndup(q + 1, (size_t)(e - q - 2)));
		} else {
			return false;
		}
		if (e == p)
			return false;
		p = e;
	}
	return true;
}

/* "(a integer, \"b c\" text)": field names and types, in order. */
static bool parse_fields(sm_strs *names, sm_strs *types, ut_arena *a,
                         const char *def)
{
	const char *p = def;

	if (!def || strncmp(p, "AS (", 4) != 0 ||
	    !one_group(p + 3, strlen(p + 3)))
		return false;
	p += 4;
	while (*p && *p != ')') {
		char *name = read_type_ident(&p);
		const char *t;
		int depth = 0;

		if (!name)
			return false;
		if (*p != ' ') {
			free(name);
			return false;
		}
		t = ++p;
		/* up to the comma or the closing parenthesis at depth 0 */
		for (; *p && !(depth == 0 && (*p == ',' || *p == ')')); p++) {
			if (*p == '"')
				for (p++; *p && *p != '"'; p++)
					;
			else if (*p == '(')
				depth++;
			else if (*p == ')')
				depth--;
		}
		ut_vec_push(names, ut_arena_strdup(a, name));
		ut_vec_push(types, ut_arena_strndup(a, t, (size_t)(p - t)));
		free(name);
		if (*p == ',')
			for (p++; *p == ' '; p++)
				;
	}
	return *p == ')' && p[1] == '\0' && names->len > 0;
}

/*
 * The block a user type is written as ("enum", "domain", "composite"),
 * or NULL when HCL has no form for it (ranges, others, a composite
 * whose definition does not parse, a definition not in the PostgreSQL
 * inspector's "AS ..." form): columns of those types keep sql("type").
 */
static const char *type_block(const sm_type *t)
{
	switch (t->type_kind) {
	case SM_TYPE_ENUM:
		return "enum";
	case SM_TYPE_DOMAIN:
		/* a definition in the inspector's form (see write_domain) */
		return t->def && strncmp(t->def, "AS ", 3) == 0 ? "domain"
		                                                : NULL;
	case SM_TYPE_COMPOSITE: {
		sm_strs n = { 0 }, ty = { 0 };
		ut_arena a;
		bool ok;

		ut_arena_init(&a);
		ok = parse_fields(&n, &ty, &a, t->def);
		ut_vec_release(&n);
		ut_vec_release(&ty);
		ut_arena_release(&a);
		return ok ? "composite" : NULL;
	}
	default:
		return NULL;
	}
}

static const sm_type *find_type(const sm_schema *s, const char *name)
{
	for (size_t i = 0; s && i < s->types.len; i++)
		if (type_block(s->types.items[i]) &&
		    strcmp(s->types.items[i]->obj.name, name) == 0)
			return s->types.items[i];
	return NULL;
}

/*
 * The user type a column type names ("status", "public.status",
 * "\"My Schema\".\"My Enum\""), when `enum.<name>` (domain.<name>,
 * composite.<name>) reads back as that type: hclin.c resolves a reference
 * to the type of the table's schema, else to the only type of that name
 * in the realm.
 */
static const sm_type *column_usertype(const hw *w, const sm_column *c)
{
	const sm_schema *cs = sm_object_schema(&c->obj), *ts = cs;
	const char *p = c->type;
	char *first, *second = NULL;
	const sm_type *e = NULL;
	size_t same = 0;

	if (!p || !(first = read_type_ident(&p)))
		return NULL;
	if (*p == '.') {
		p++;
		second = read_type_ident(&p);
	}
	if (*p != '\0' || (p[-1] == '.' && !second))
		goto done;
	if (second)
		ts = sm_realm_find_schema(w->r, first);
	e = find_type(ts, second ? second : first);
	if (!e || ts == cs)
		goto done;
	/* a type of another schema: its name must be unambiguous */
	if (find_type(cs, e->obj.name)) {
		e = NULL;
		goto done;
	}
	for (size_t i = 0; i < w->r->schemas.len; i++)
		same += find_type(w->r->schemas.items[i], e->obj.name) != NULL;
	if (same != 1)
		e = NULL;
done:
	free(first);
	free(second);
	return e;
}

static void write_column(hw *w, const sm_column *c)
{
	ut_buf v = UT_BUF_INIT;
	const sm_type *e;

	open_block(w, "column", c->obj.name, NULL);
	attr_raw(w, "null", c->nullable ? "true" : "false");
	if ((e = column_usertype(w, c))) {
		ut_buf_puts(&v, type_block(e));
		put_step(&v, e->obj.name);
	} else {
		put_type(&v, c->type ? c->type : "");
	}
	attr(w, "type", &v);
	if (c->default_expr && e && e->type_kind == SM_TYPE_ENUM) {
		/*
		 * 'active'::public.status is the literal "active" of the
		 * column's own type, as Atlas writes it
		 */
		size_t tl = strlen(c->type), dl = strlen(c->default_expr);
		char *lit = NULL;

		if (dl > tl + 2 &&
		    strcmp(c->default_expr + dl - tl, c->type) == 0 &&
		    strncmp(c->default_expr + dl - tl - 2, "::", 2) == 0)
			lit = ut_xstrndup(c->default_expr, dl - tl - 2);
		if (lit && sql_string_value(&v, lit, false)) {
			ut_buf val = v;
			ut_buf_init(&v);
			put_quoted(&v, val.ptr);
			ut_buf_release(&val);
		} else {
			ut_buf_reset(&v);
			put_default(&v, c->default_expr, w->r->dialect);
		}
		free(lit);
		attr(w, "default", &v);
	} else if (c->default_expr) {
		put_default(&v, c->default_expr, w->r->dialect);
		attr(w, "default", &v);
	}
	if (c->on_update) {
		ut_buf_puts(&v, "sql(");
		put_quoted(&v, c->on_update);
		ut_buf_putc(&v, ')');
		attr(w, "on_update", &v);
	}
	if (c->auto_increment)
		attr_raw(w, "auto_increment", "true");
	if (c->invisible)
		attr_raw(w, "invisible", "true");
	if (c->charset)
		attr_str(w, "charset", c->charset);
	if (c->collation)
		attr_str(w, "collate", c->collation);
	if (c->obj.comment)
		attr_str(w, "comment", c->obj.comment);
	if (c->generated) {
		open_block(w, "as", NULL, NULL);
		attr_str(w, "expr", c->generated);
		attr_raw(w, "type", c->generated_stored ? "STORED" : "VIRTUAL");
		close_block(w);
	}
	if (c->identity) {
		open_block(w, "identity", NULL, NULL);
		put_action(&v, c->identity);
		attr(w, "generated", &v);
		attr_int(w, "start", c->identity_start);
		attr_int(w, "increment", c->identity_increment);
		/* PostgreSQL: a sequence not named <table>_<column>_seq */
		if (sm_attr_get(&c->attrs, "identity_sequence"))
			attr_str(w, "sequence",
			         sm_attr_get(&c->attrs, "identity_sequence"));
		close_block(w);
	}
	close_block(w);
}

static bool parts_plain(const sm_index *idx)
{
	for (size_t i = 0; i < idx->parts.len; i++) {
		const sm_index_part *p = &idx->parts.items[i];

		if (!p->column || p->desc || p->prefix || p->opclass)
			return false;
	}
	return true;
}

/*
 * The body of an index or primary key: `columns = [...]` when every part
 * is a plain ascending column, else one `on {}` block per part.
 */
static void write_parts(hw *w, const sm_index *idx)
{
	ut_buf v = UT_BUF_INIT;

	if (parts_plain(idx)) {
		ut_buf_putc(&v, '[');
		for (size_t i = 0; i < idx->parts.len; i++) {
			if (i)
				ut_buf_puts(&v, ", ");
			ut_buf_puts(&v, "column");
			put_step(&v, idx->parts.items[i].column);
		}
		ut_buf_putc(&v, ']');
		attr(w, "columns", &v);
	}
	if (idx->method) {
		char *m = ut_xstrdup(idx->method);

		for (char *p = m; *p; p++)
			if (*p >= 'a' && *p <= 'z')
				*p = (char)(*p - 'a' + 'A');
		put_word(&v, m);
		free(m);
		attr(w, "type", &v);
	}
	if (idx->where)
		attr_str(w, "where", idx->where);
	if (idx->include.len)
		attr_columns(w, "include", NULL, NULL, NULL, &idx->include);
	if (idx->nulls_not_distinct)
		attr_raw(w, "nulls_distinct", "false");
	if (idx->obj.comment)
		attr_str(w, "comment", idx->obj.comment);
	if (parts_plain(idx))
		return;
	for (size_t i = 0; i < idx->parts.len; i++) {
		const sm_index_part *p = &idx->parts.items[i];

		open_block(w, "on", NULL, NULL);
		if (p->column) {
			ut_buf_puts(&v, "column");
			put_step(&v, p->column);
			attr(w, "column", &v);
		} else {
			attr_str(w, "expr", p->expr ? p->expr : "");
		}
		if (p->desc)
			attr_raw(w, "desc", "true");
		if (p->prefix)
			attr_int(w, "prefix", p->prefix);
		if (p->opclass) {
			put_word(&v, p->opclass);
			attr(w, "ops", &v);
		}
		close_block(w);
	}
}

/* Label of an unnamed foreign key: its columns joined with '_'. */
static char *fk_label(const sm_foreign_key *fk)
{
	ut_buf b = UT_BUF_INIT;

	if (*fk->obj.name)
		return ut_xstrdup(fk->obj.name);
	for (size_t i = 0; i < fk->columns.len; i++) {
		if (i)
			ut_buf_putc(&b, '_');
		ut_buf_puts(&b, fk->columns.items[i]);
	}
	return ut_buf_detach(&b);
}

static void write_fk(hw *w, const sm_table *t, const sm_foreign_key *fk)
{
	const char *schema = fk->ref_schema;
	char *label = fk_label(fk);
	ut_buf v = UT_BUF_INIT;

	if (!schema)
		schema = sm_object_schema(&t->obj)
		                 ? sm_object_schema(&t->obj)->obj.name
		                 : NULL;
	open_block(w, "foreign_key", label, NULL);
	free(label);
	attr_columns(w, "columns", NULL, NULL, NULL, &fk->columns);
	attr_columns(w, "ref_columns", "table", schema,
	             fk->ref_table ? fk->ref_table : "", &fk->ref_columns);
	if (fk->on_update) {
		put_action(&v, fk->on_update);
		attr(w, "on_update", &v);
	}
	if (fk->on_delete) {
		put_action(&v, fk->on_delete);
		attr(w, "on_delete", &v);
	}
	close_block(w);
}

static bool is_unique_constraint(const sm_index *idx)
{
	return idx->unique && idx->constraint && !idx->primary &&
	       !sm_attr_get(&idx->attrs, "exclude");
}

static void write_table(hw *w, const sm_table *t)
{
	const sm_schema *s = sm_object_schema(&t->obj);
	const char *engine = sm_attr_get(&t->attrs, "engine");
	ut_buf v = UT_BUF_INIT;

	if (s && table_ambiguous(w, t->obj.name))
		open_block(w, "table", s->obj.name, t->obj.name);
	else
		open_block(w, "table", t->obj.name, NULL);
	attr_schema(w, &t->obj);
	if (t->obj.comment)
		attr_str(w, "comment", t->obj.comment);
	if (t->charset)
		attr_str(w, "charset", t->charset);
	if (t->collation)
		attr_str(w, "collate", t->collation);
	if (engine && *engine) {
		put_word(&v, engine);
		attr(w, "engine", &v);
	}
	if (sm_attr_get(&t->attrs, "auto_increment")) {
		/* MySQL: the next value, once it moved past 1 */
		ut_buf_puts(&v, sm_attr_get(&t->attrs, "auto_increment"));
		attr(w, "auto_increment", &v);
	}
	if (sm_attr_get(&t->attrs, "row_format")) {
		put_word(&v, sm_attr_get(&t->attrs, "row_format"));
		attr(w, "row_format", &v);
	}
	if (flag_set(&t->attrs, "system_versioning"))
		attr_raw(w, "system_versioning", "true");
	if (sm_attr_get(&t->attrs, "virtual"))
		/* SQLite: the module and its arguments, after USING */
		attr_str(w, "virtual", sm_attr_get(&t->attrs, "virtual"));
	if (flag_set(&t->attrs, "without_rowid"))
		attr_raw(w, "without_rowid", "true");
	if (flag_set(&t->attrs, "strict"))
		attr_raw(w, "strict", "true");
	for (size_t i = 0; i < t->columns.len; i++)
		write_column(w, t->columns.items[i]);
	if (t->pk) {
		const char *name = t->pk->obj.name;

		open_block(w, "primary_key",
		           *name && !t->pk->auto_named ? name : NULL, NULL);
		write_parts(w, t->pk);
		close_block(w);
	}
	for (size_t i = 0; i < t->fks.len; i++)
		write_fk(w, t, t->fks.items[i]);
	for (size_t i = 0; i < t->indexes.len; i++) {
		const sm_index *idx = t->indexes.items[i];

		/*
		 * A UNIQUE table constraint is a `unique` block, so that it
		 * stays a constraint (an index would replace it on the next
		 * apply); exclusion constraints are no unique ones.
		 */
		if (is_unique_constraint(idx)) {
			open_block(w, "unique", idx->obj.name, NULL);
			write_parts(w, idx);
			close_block(w);
			continue;
		}
		open_block(w, "index", idx->obj.name, NULL);
		if (idx->unique)
			attr_raw(w, "unique", "true");
		write_parts(w, idx);
		close_block(w);
	}
	for (size_t i = 0; i < t->checks.len; i++) {
		const sm_check *c = t->checks.items[i];

		open_block(w, "check", *c->obj.name ? c->obj.name : NULL, NULL);
		attr_str(w, "expr", c->expr ? c->expr : "");
		if (c->not_enforced)
			attr_raw(w, "enforced", "false");
		close_block(w);
	}
	close_block(w);
}

/* ---- other objects ---------------------------------------------------- */

static void write_trigger(hw *w, const sm_trigger *tr)
{
	const sm_object *on = tr->obj.parent;
	const sm_schema *s = sm_object_schema(on);
	ut_buf v = UT_BUF_INIT;

	open_block(w, "trigger", tr->obj.name, NULL);
	put_table_ref(w, &v, on->kind == SM_VIEW ? "view" : "table",
	              s ? s->obj.name : NULL, on->name);
	attr(w, "on", &v);
	if (tr->def)
		attr_sql(w, "as", tr->def);
	close_block(w);
}

/* Skips one identifier: bare, "quoted", `quoted` or [quoted]. */
static const char *skip_ident(const char *p)
{
	char close = *p == '"' ? '"' : *p == '`' ? '`' : *p == '[' ? ']' : 0;

	if (close) {
		for (p++; *p; p++)
			if (*p == close) {
				if (p[1] != close)
					return p + 1;
				p++;
			}
		return NULL;
	}
	if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
	      *p == '_' || (unsigned char)*p >= 0x80))
		return NULL;
	while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
	       (*p >= '0' && *p <= '9') || *p == '_' || *p == '$' ||
	       (unsigned char)*p >= 0x80)
		p++;
	return p;
}

/* Skips a case-insensitive keyword and the one space after it. */
static const char *skip_word(const char *p, const char *word)
{
	size_t n = strlen(word);

	if (!ut_str_nieq(p, word, n) || p[n] != ' ')
		return NULL;
	return p + n + 1;
}

/*
 * Whether a view's statement says nothing but its name and query, as the
 * loader rebuilds it from `as = <query>`: "CREATE [MATERIALIZED] VIEW
 * [schema.]name AS <query>" (SQLite, which keeps statements as written:
 * the bare name, so that the text comes back the same). Then `as` holds
 * the query alone, as Atlas writes it; else it holds the statement, so
 * that options (SQL SECURITY, ALGORITHM, WITH (...), WITH CHECK OPTION)
 * and the layout of a SQLite statement survive the round trip.
 */
static bool view_def_plain(const hw *w, const sm_view *vw)
{
	const char *p = vw->def, *q, *name;
	size_t dl, ql;

	if (!p || !vw->query)
		return true;
	dl = strlen(p);
	ql = strlen(vw->query);
	if (dl < ql || strcmp(p + dl - ql, vw->query) != 0)
		return false;
	if (!(p = skip_word(p, "CREATE")))
		return false;
	if ((q = skip_word(p, "MATERIALIZED")))
		p = q;
	if (!(p = skip_word(p, "VIEW")))
		return false;
	name = p;
	if (!(p = skip_ident(p)))
		return false;
	if (*p == '.' && !(p = skip_ident(p + 1)))
		return false;
	if (w->r->dialect && !strcmp(w->r->dialect, "sqlite") &&
	    !((size_t)(p - name) == strlen(vw->obj.name) &&
	      !strncmp(name, vw->obj.name, (size_t)(p - name))))
		return false;
	if (*p++ != ' ' || !(p = skip_word(p, "AS")))
		return false;
	return p == vw->def + dl - ql;
}

static void write_view(hw *w, const sm_view *vw)
{
	const char *text =
	        vw->query && view_def_plain(w, vw) ? vw->query : vw->def;

	open_block(w, vw->materialized ? "materialized" : "view", vw->obj.name,
	           NULL);
	attr_schema(w, &vw->obj);
	if (vw->obj.comment)
		attr_str(w, "comment", vw->obj.comment);
	if (text)
		attr_sql(w, "as", text);
	close_block(w);
}

static void write_sequence(hw *w, const sm_sequence *q)
{
	ut_buf v = UT_BUF_INIT;

	open_block(w, "sequence", q->obj.name, NULL);
	attr_schema(w, &q->obj);
	if (q->type && *q->type) {
		put_type(&v, q->type);
		attr(w, "type", &v);
	}
	attr_int(w, "start", q->start);
	attr_int(w, "increment", q->increment);
	if (q->min)
		attr_int(w, "min_value", q->min);
	if (q->max)
		attr_int(w, "max_value", q->max);
	if (q->cache)
		attr_int(w, "cache", q->cache);
	if (q->cycle)
		attr_raw(w, "cycle", "true");
	if (q->owned_by && strrchr(q->owned_by, '.')) {
		/* "table.column": OWNED BY, a table of the same schema */
		const char *dot = strrchr(q->owned_by, '.');
		const sm_schema *s = sm_object_schema(&q->obj);
		char *t = ut_xstrndup(q->owned_by, (size_t)(dot - q->owned_by));

		put_table_ref(w, &v, "table", s ? s->obj.name : NULL, t);
		ut_buf_puts(&v, ".column");
		put_step(&v, dot + 1);
		attr(w, "owner", &v);
		free(t);
	}
	if (q->obj.comment)
		attr_str(w, "comment", q->obj.comment);
	close_block(w);
}

static void write_enum(hw *w, const sm_type *t)
{
	ut_buf v = UT_BUF_INIT;

	open_block(w, "enum", t->obj.name, NULL);
	attr_schema(w, &t->obj);
	ut_buf_putc(&v, '[');
	for (size_t i = 0; i < t->values.len; i++) {
		if (i)
			ut_buf_puts(&v, ", ");
		put_quoted(&v, t->values.items[i]);
	}
	ut_buf_putc(&v, ']');
	attr(w, "values", &v);
	if (t->obj.comment)
		attr_str(w, "comment", t->obj.comment);
	close_block(w);
}

/*
 * domain "d" { type, collate, default, null, check "n" { expr } } from the
 * definition; one that does not parse keeps it whole as
 * type = sql("<definition after AS>"), which reads back the same.
 */
static void write_domain(hw *w, const sm_type *t)
{
	ut_buf v = UT_BUF_INIT;
	domain_spec d;
	bool ok = parse_domain(&d, t->def);

	open_block(w, "domain", t->obj.name, NULL);
	attr_schema(w, &t->obj);
	if (!ok) {
		ut_buf_puts(&v, "sql(");
		put_quoted(&v, t->def + 3);
		ut_buf_putc(&v, ')');
		attr(w, "type", &v);
	} else {
		put_type(&v, d.type);
		attr(w, "type", &v);
		if (d.collate)
			attr_str(w, "collate", d.collate);
		if (d.def) {
			put_default(&v, d.def, w->r->dialect);
			attr(w, "default", &v);
		}
		if (d.not_null)
			attr_raw(w, "null", "false");
	}
	if (t->obj.comment)
		attr_str(w, "comment", t->obj.comment);
	for (size_t i = 0; ok && i + 1 < d.checks.len; i += 2) {
		open_block(w, "check", d.checks.items[i], NULL);
		attr_str(w, "expr", d.checks.items[i + 1]);
		close_block(w);
	}
	close_block(w);
	domain_spec_release(&d);
}

/* composite "c" { field "f" { type = ... } ... } */
static void write_composite(hw *w, const sm_type *t)
{
	sm_strs names = { 0 }, types = { 0 };
	ut_arena a;
	ut_buf v = UT_BUF_INIT;

	ut_arena_init(&a);
	parse_fields(&names, &types, &a, t->def);
	open_block(w, "composite", t->obj.name, NULL);
	attr_schema(w, &t->obj);
	if (t->obj.comment)
		attr_str(w, "comment", t->obj.comment);
	for (size_t i = 0; i < names.len; i++) {
		open_block(w, "field", names.items[i], NULL);
		put_type(&v, types.items[i]);
		attr(w, "type", &v);
		close_block(w);
	}
	close_block(w);
	ut_vec_release(&names);
	ut_vec_release(&types);
	ut_arena_release(&a);
}

static void write_function(hw *w, const sm_function *f)
{
	open_block(w, f->procedure ? "procedure" : "function", f->obj.name,
	           NULL);
	attr_schema(w, &f->obj);
	if (f->obj.comment)
		attr_str(w, "comment", f->obj.comment);
	if (f->def)
		attr_sql(w, "as", f->def);
	close_block(w);
}

/* extension "x" { schema = schema.s  version = "1.1" } (PostgreSQL). */
static void write_extension(hw *w, const sm_extension *e)
{
	ut_buf v = UT_BUF_INIT;

	open_block(w, "extension", e->obj.name, NULL);
	if (e->schema) {
		put_schema_ref(&v, e->schema);
		attr(w, "schema", &v);
	}
	if (e->version)
		attr_str(w, "version", e->version);
	if (e->obj.comment)
		attr_str(w, "comment", e->obj.comment);
	close_block(w);
}

static void write_schema(hw *w, const sm_schema *s)
{
	open_block(w, "schema", s->obj.name, NULL);
	if (s->charset)
		attr_str(w, "charset", s->charset);
	if (s->collation)
		attr_str(w, "collate", s->collation);
	if (s->obj.comment)
		attr_str(w, "comment", s->obj.comment);
	close_block(w);
}

/* Marks table names found in more than one schema. */
static void find_duplicates(hw *w)
{
	const sm_realm *r = w->r;

	w->multi = r->schemas.len > 1;
	if (!w->multi)
		return;
	for (size_t i = 0; i < r->schemas.len; i++) {
		sm_schema *s = r->schemas.items[i];

		for (size_t j = 0; j < s->tables.len; j++) {
			const char *name = s->tables.items[j]->obj.name;
			void *seen = ut_map_get(&w->dup, name);

			if (!seen)
				ut_map_put(&w->dup, name, s);
			else if (seen != s)
				ut_map_put(&w->dup, name, &ambiguous);
		}
	}
}

/* The kinds of top-level blocks after the tables, in output order. */
enum pass {
	P_VIEWS,
	P_MATERIALIZED,
	P_FUNCTIONS,
	P_PROCEDURES,
	P_SEQUENCES,
	P_TYPES, /* enums, domains, composites */
	P_TRIGGERS,
	P_COUNT,
};

static void write_pass(hw *w, const sm_schema *s, enum pass pass)
{
	size_t i, k;

	switch (pass) {
	case P_VIEWS:
	case P_MATERIALIZED:
		for (i = 0; i < s->views.len; i++)
			if (s->views.items[i]->materialized ==
			    (pass == P_MATERIALIZED))
				write_view(w, s->views.items[i]);
		break;
	case P_FUNCTIONS:
	case P_PROCEDURES:
		for (i = 0; i < s->functions.len; i++)
			if (s->functions.items[i]->procedure ==
			    (pass == P_PROCEDURES))
				write_function(w, s->functions.items[i]);
		break;
	case P_SEQUENCES:
		for (i = 0; i < s->sequences.len; i++)
			write_sequence(w, s->sequences.items[i]);
		break;
	case P_TYPES:
		for (i = 0; i < s->types.len; i++) {
			const sm_type *t = s->types.items[i];
			const char *kind = type_block(t);

			if (!kind)
				continue;
			if (t->type_kind == SM_TYPE_ENUM)
				write_enum(w, t);
			else if (t->type_kind == SM_TYPE_DOMAIN)
				write_domain(w, t);
			else
				write_composite(w, t);
		}
		break;
	case P_TRIGGERS:
		for (i = 0; i < s->tables.len; i++)
			for (k = 0; k < s->tables.items[i]->triggers.len; k++)
				write_trigger(
				        w,
				        s->tables.items[i]->triggers.items[k]);
		for (i = 0; i < s->views.len; i++)
			for (k = 0; k < s->views.items[i]->triggers.len; k++)
				write_trigger(
				        w,
				        s->views.items[i]->triggers.items[k]);
		break;
	case P_COUNT:
		break;
	}
}

void sm_write_hcl(ut_buf *out, const sm_realm *r)
{
	hw w = { .out = out, .r = r };
	size_t i, j;

	find_duplicates(&w);
	for (i = 0; i < r->schemas.len; i++)
		for (j = 0; j < r->schemas.items[i]->tables.len; j++)
			write_table(&w, r->schemas.items[i]->tables.items[j]);
	for (int pass = 0; pass < P_COUNT; pass++)
		for (i = 0; i < r->schemas.len; i++)
			write_pass(&w, r->schemas.items[i], (enum pass)pass);
	for (i = 0; i < r->extensions.len; i++)
		write_extension(&w, r->extensions.items[i]);
	for (i = 0; i < r->schemas.len; i++)
		write_schema(&w, r->schemas.items[i]);
	ut_vec_release(&w.run);
	ut_map_release(&w.dup);
}
