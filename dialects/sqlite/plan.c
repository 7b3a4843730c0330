/* SPDX-License-Identifier: MIT */
/*
 * dialects/sqlite/plan.c: a change list -> a plan of SQLite statements
 * (reference 8, Atlas's sql/sqlite/migrate.go). Invariant: a table that
 * ALTER TABLE cannot change is rebuilt (copied into a new table that then
 * takes its name) with foreign-key enforcement off, and no row of it, or
 * of a child table, is lost on the way.
 *
 * A plan has four phases:
 *   1. PRAGMA foreign_keys = off, when a table is dropped or rebuilt
 *      (outside_tx: SQLite ignores the pragma inside a transaction);
 *   2. DROP TRIGGER / DROP VIEW for every trigger and view that goes
 *      away, changes, or depends on a rebuilt table: newer SQLite checks
 *      every view and trigger of the schema on ALTER TABLE ... RENAME,
 *      so none may point at a table while it is missing;
 *   3. the table changes, in the order of the change list;
 *   4. CREATE VIEW (in dependency order) and CREATE TRIGGER for every
 *      view and trigger that is new, changed or was dropped in phase 2
 *      and still exists in the target; then PRAGMA foreign_key_check
 *      (inside the transaction; the apply layer fails the transaction
 *      when it returns a row) and PRAGMA foreign_keys = on (outside_tx).
 */
#include "sqlite_int.h"

#include <stdlib.h>
#include <string.h>

#include "ut.h"

typedef UT_VEC(const sm_view *) view_vec;
typedef UT_VEC(const sm_trigger *) trigger_vec;

typedef struct planner {
	dl_plan *plan;
	const dl_plan_opts *opts;
	const sm_changes *changes;
	const sm_schema *from_s; /* the schema being changed, old state */
	const sm_schema *to_s;   /* and its target state (either may be NULL) */
	ut_map rebuilt;          /* from-name -> table, tables rebuilt */
	ut_map drop_views;       /* name -> from view, dropped in phase 2 */
	ut_map drop_trigs;       /* name -> from trigger */
	ut_map make_views;       /* name -> to view, created in phase 4 */
	ut_map make_trigs;       /* name -> to trigger */
	view_vec drop_view_list; /* the same, in order */
	trigger_vec drop_trig_list;
	view_vec make_view_list;
	trigger_vec make_trig_list;
	bool fk_off; /* plan wrapped in the FK pragma pair */
} planner;

/* ---- names and literals ----------------------------------------------- */

static bool is_ident_start(unsigned char c)
{
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       c >= 0x80;
}

static bool is_ident_char(unsigned char c)
{
	return is_ident_start(c) || (c >= '0' && c <= '9') || c == '$';
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* The schema qualifier for names, or NULL when names are not qualified. */
static const char *qualifier(const planner *p, const sm_object *o)
{
	const sm_schema *s;

	if (!p->opts->qualify)
		return NULL;
	if (p->opts->qualifier)
		return p->opts->qualifier;
	s = sm_object_schema(o);
	return s && s->obj.name[0] ? s->obj.name : NULL;
}

static void put_ident(ut_buf *b, const char *name)
{
	dl_sqlite__quote_ident(b, name);
}

/* A table (or index) name, schema-qualified when the options ask. */
static void put_qname(const planner *p, ut_buf *b, const sm_object *o,
                      const char *name)
{
	const char *q = qualifier(p, o);

	if (q) {
		put_ident(b, q);
		ut_buf_putc(b, '.');
	}
	put_ident(b, name);
}

/* A collation name: bare when it is a plain word, else quoted. */
static void put_collation(ut_buf *b, const char *name)
{
	const unsigned char *s = (const unsigned char *)name;
	bool plain = is_ident_start(*s);

	for (; plain && *s; s++)
		plain = is_ident_char(*s);
	if (plain)
		ut_buf_puts(b, name);
	else
		put_ident(b, name);
}

static bool word_is(const char *s, size_t n, const char *word)
{
	return strlen(word) == n && ut_str_nieq(s, word, n);
}

/* Trims spaces on both ends of s: *n gets the trimmed length. */
static const char *trimmed(const char *s, size_t *n)
{
	size_t len;

	s = ut_str_ltrim(s);
	len = strlen(s);
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t' ||
	               s[len - 1] == '\n' || s[len - 1] == '\r'))
		len--;
	*n = len;
	return s;
}

/* A numeric literal with an optional sign: 1, -2.5, .5e3, 0x1F. */
static bool is_number(const char *s, size_t n)
{
	size_t i = 0, digits = 0;

	if (i < n && (s[i] == '+' || s[i] == '-'))
		i++;
	while (i < n && s[i] == ' ')
		i++;
	if (i + 1 < n && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X')) {
		i += 2;
		for (; i < n; i++, digits++)
			if (!is_digit(s[i]) && !((s[i] >= 'a' && s[i] <= 'f') ||
			                         (s[i] >= 'A' && s[i] <= 'F')))
				return false;
		return digits > 0;
	}
	for (; i < n && is_digit(s[i]); i++)
		digits++;
	if (i < n && s[i] == '.')
		for (i++; i < n && is_digit(s[i]); i++)
			digits++;
	if (!digits)
		return false;
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		size_t e = 0;
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		for (; i < n && is_digit(s[i]); i++)
			e++;
		if (!e)
			return false;
	}
	return i == n;
}

/* One whole quoted token ('...', "...", `...`) with doubled inner quotes. */
static bool is_quoted(const char *s, size_t n, char q)
{
	if (n < 2 || s[0] != q || s[n - 1] != q)
		return false;
	for (size_t i = 1; i < n - 1; i++)
		if (s[i] == q) {
			if (i + 1 < n - 1 && s[i + 1] == q)
				i++;
			else
				return false;
		}
	return true;
}

static bool is_word(const char *s, size_t n)
{
	if (!n || !is_ident_start((unsigned char)s[0]))
		return false;
	for (size_t i = 1; i < n; i++)
		if (!is_ident_char((unsigned char)s[i]))
			return false;
	return true;
}

static bool is_current_time(const char *s, size_t n)
{
	return word_is(s, n, "CURRENT_TIME") || word_is(s, n, "CURRENT_DATE") ||
	       word_is(s, n, "CURRENT_TIMESTAMP");
}

/*
 * Whether a default (as SQLite reports it: the parentheses of
 * DEFAULT (expr) are already gone) can follow DEFAULT as it is: a number,
 * a string or blob literal, NULL, TRUE, FALSE, CURRENT_*, or a bare or
 * quoted word (SQLite takes DEFAULT abc as the string 'abc'). Anything
 * else is an expression and needs parentheses.
 */
static bool default_is_literal(const char *e)
{
	size_t n;
	const char *s = trimmed(e, &n);

	if (is_number(s, n) || is_quoted(s, n, '\'') || is_quoted(s, n, '"') ||
	    is_quoted(s, n, '`') || is_word(s, n))
		return true;
	return n > 2 && (s[0] == 'x' || s[0] == 'X') &&
	       is_quoted(s + 1, n - 1, '\'');
}

static bool default_is_null(const char *e)
{
	size_t n;
	const char *s;

	if (!e)
		return true;
	s = trimmed(e, &n);
	return word_is(s, n, "NULL");
}

/*
 * Whether ALTER TABLE ADD COLUMN accepts the default: a constant, which
 * excludes CURRENT_TIME/DATE/TIMESTAMP and any parenthesized expression.
 */
static bool default_is_constant(const char *e)
{
	size_t n;
	const char *s = trimmed(e, &n);

	return default_is_literal(e) && !is_current_time(s, n);
}

/* Whether s is one parenthesized group: "(a) + (b)" is not. */
static bool fully_parenthesized(const char *s, size_t n)
{
	int depth = 0;

	if (n < 2 || s[0] != '(' || s[n - 1] != ')')
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '\'' || c == '"' || c == '`' || c == '[') {
			char q = c == '[' ? ']' : c;
			for (i++; i < n && s[i] != q; i++)
				;
			continue;
		}
		if (c == '(')
			depth++;
		else if (c == ')' && --depth == 0 && i != n - 1)
			return false;
	}
	return depth == 0;
}

/* DEFAULT's operand: literals as they are, expressions in parentheses. */
static void put_default(ut_buf *b, const char *e)
{
	size_t n;
	const char *s = trimmed(e, &n);

	if (default_is_literal(e) || fully_parenthesized(s, n)) {
		ut_buf_put(b, s, n);
		return;
	}
	ut_buf_putc(b, '(');
	ut_buf_put(b, s, n);
	ut_buf_putc(b, ')');
}

/*
 * The default as a value inside an expression (IFNULL's second operand):
 * a bare or double-quoted word there would name a column, so it becomes
 * the string SQLite made of it.
 */
static void put_default_value(ut_buf *b, const char *e)
{
	size_t n;
	const char *s = trimmed(e, &n);

	if (is_number(s, n) || is_current_time(s, n) || word_is(s, n, "NULL") ||
	    word_is(s, n, "TRUE") || word_is(s, n, "FALSE")) {
		ut_buf_put(b, s, n);
	} else if (is_word(s, n) || is_quoted(s, n, '"') ||
	           is_quoted(s, n, '`')) {
		char *v = is_word(s, n) ? ut_xstrndup(s, n)
		                        : ut_xstrndup(s + 1, n - 2);
		char q[2] = { s[0], 0 }, qq[3] = { s[0], s[0], 0 };
		char *u = is_word(s, n) ? ut_xstrdup(v)
		                        : ut_str_replace(v, qq, q);
		dl_sqlite__quote_literal(b, u);
		free(u);
		free(v);
	} else {
		put_default(b, e);
	}
}

/* A comment string: the format with %q-quoted names (Go's %q). */
static void cmt1(ut_buf *b, const char *pre, const char *a, const char *post)
{
	ut_buf_reset(b);
	ut_buf_puts(b, pre);
	ut_buf_quote(b, a);
	ut_buf_puts(b, post);
}

static void cmt2(ut_buf *b, const char *pre, const char *a, const char *mid,
                 const char *c)
{
	cmt1(b, pre, a, mid);
	ut_buf_quote(b, c);
}

/* ---- references in SQL text ------------------------------------------- */

/*
 * Whether the SQL text names `name` as an identifier token (bare or
 * quoted with "", ``, []; ASCII case-insensitive, as SQLite compares
 * names). String literals and comments are skipped. An over-approximation
 * by design: a column or alias with the same name also counts, which can
 * only make the planner drop and recreate more than needed.
 */
static bool sql_mentions(const char *sql, const char *name)
{
	const char *s = sql;
	size_t nl = strlen(name);
	ut_buf tok = UT_BUF_INIT;
	bool found = false;

	if (!sql || !nl)
		return false;
	while (*s && !found) {
		unsigned char c = (unsigned char)*s;
		if (c == '\'') {
			for (s++; *s; s++)
				if (*s == '\'' && s[1] != '\'')
					break;
				else if (*s == '\'')
					s++;
			if (*s)
				s++;
		} else if (c == '-' && s[1] == '-') {
			while (*s && *s != '\n')
				s++;
		} else if (c == '/' && s[1] == '*') {
			const char *e = strstr(s + 2, "*/");
			s = e ? e + 2 : s + strlen(s);
		} else if (c == '"' || c == '`' || c == '[') {
			char q = c == '[' ? ']' : (char)c;
			ut_buf_reset(&tok);
			for (s++; *s; s++) {
				if (*s == q && q != ']' && s[1] == q) {
					ut_buf_putc(&tok, q);
					s++;
				} else if (*s == q) {
					break;
				} else {
					ut_buf_putc(&tok, *s);
				}
			}
			if (*s)
				s++;
			found = tok.len == nl && ut_str_nieq(tok.ptr, name, nl);
		} else if (is_ident_start(c)) {
			const char *st = s;
			while (is_ident_char((unsigned char)*s))
				s++;
			found = (size_t)(s - st) == nl &&
			        ut_str_nieq(st, name, nl);
		} else if (is_digit((char)c)) {
			while (is_ident_char((unsigned char)*s) || *s == '.')
				s++;
		} else {
			s++;
		}
	}
	ut_buf_release(&tok);
	return found;
}

/* ---- model helpers (const lookups: the realms are never written) ------ */

static const sm_column *find_column(const sm_table *t, const char *name)
{
	for (size_t i = 0; i < t->columns.len; i++)
		if (strcmp(t->columns.items[i]->obj.name, name) == 0)
			return t->columns.items[i];
	return NULL;
}

static const sm_table *find_table(const sm_schema *s, const char *name)
{
	if (!s)
		return NULL;
	for (size_t i = 0; i < s->tables.len; i++)
		if (ut_str_ieq(s->tables.items[i]->obj.name, name))
			return s->tables.items[i];
	return NULL;
}

static const sm_view *find_view(const sm_schema *s, const char *name)
{
	if (!s)
		return NULL;
	for (size_t i = 0; i < s->views.len; i++)
		if (ut_str_ieq(s->views.items[i]->obj.name, name))
			return s->views.items[i];
	return NULL;
}

static const sm_trigger *find_trigger(const sm_schema *s, const char *name)
{
	if (!s)
		return NULL;
	for (size_t i = 0; i < s->tables.len; i++) {
		const sm_table *t = s->tables.items[i];
		for (size_t j = 0; j < t->triggers.len; j++)
			if (ut_str_ieq(t->triggers.items[j]->obj.name, name))
				return t->triggers.items[j];
	}
	for (size_t i = 0; i < s->views.len; i++) {
		const sm_view *v = s->views.items[i];
		for (size_t j = 0; j < v->triggers.len; j++)
			if (ut_str_ieq(v->triggers.items[j]->obj.name, name))
				return v->triggers.items[j];
	}
	return NULL;
}

static bool strs_has(const sm_strs *v, const char *s)
{
	for (size_t i = 0; i < v->len; i++)
		if (strcmp(v->items[i], s) == 0)
			return true;
	return false;
}

static bool index_has_column(const sm_index *ix, const char *col)
{
	if (!ix)
		return false;
	for (size_t i = 0; i < ix->parts.len; i++) {
		const sm_index_part *pt = &ix->parts.items[i];
		if (pt->column && strcmp(pt->column, col) == 0)
			return true;
		if (pt->expr && sql_mentions(pt->expr, col))
			return true;
	}
	return ix->where && sql_mentions(ix->where, col);
}

static bool attr_on(const sm_attrs *a, const char *key)
{
	const char *v = sm_attr_get(a, key);

	/* a flag is "" when set; tolerate "true"/"1" and reject "false"/"0" */
	return v && !ut_str_ieq(v, "false") && strcmp(v, "0") != 0;
}

static bool without_rowid(const sm_table *t)
{
	return attr_on(&t->attrs, "without_rowid");
}

static bool is_strict(const sm_table *t)
{
	return attr_on(&t->attrs, "strict");
}

/* The module and arguments of a virtual table ("fts5(a, b)"), or NULL. */
static const char *virtual_using(const sm_table *t)
{
	return sm_attr_get(&t->attrs, "virtual");
}

/* Whether the primary key of t is the AUTOINCREMENT column c. */
static bool inline_pk(const sm_table *t, const sm_column *c)
{
	const sm_index *pk = t->pk;

	return c->auto_increment && pk && pk->parts.len == 1 &&
	       pk->parts.items[0].column &&
	       strcmp(pk->parts.items[0].column, c->obj.name) == 0;
}

static bool has_autoincrement(const sm_table *t)
{
	for (size_t i = 0; i < t->columns.len; i++)
		if (inline_pk(t, t->columns.items[i]))
			return true;
	return false;
}

/* A made-up constraint name (sqlite_autoindex_*): left out of the DDL. */
static bool auto_name(const sm_index *ix)
{
	return ix->auto_named || !ix->obj.name[0] ||
	       ut_str_prefix(ix->obj.name, "sqlite_autoindex_");
}

/* ---- DDL rendering ---------------------------------------------------- */

static void put_expr_group(ut_buf *b, const char *e)
{
	size_t n;
	const char *s = trimmed(e, &n);

	ut_buf_putc(b, '(');
	ut_buf_put(b, s, n);
	ut_buf_putc(b, ')');
}

/* Column definition: `c` type [NOT] NULL [PK] DEFAULT ... */
static void put_column(ut_buf *b, const sm_table *t, const sm_column *c)
{
	put_ident(b, c->obj.name);
	if (c->type && c->type[0]) {
		ut_buf_putc(b, ' ');
		ut_buf_puts(b, c->type);
	}
	ut_buf_puts(b, c->nullable ? " NULL" : " NOT NULL");
	if (t && inline_pk(t, c)) {
		if (!auto_name(t->pk)) {
			ut_buf_puts(b, " CONSTRAINT ");
			put_ident(b, t->pk->obj.name);
		}
		ut_buf_puts(b, " PRIMARY KEY");
		if (t->pk->parts.items[0].desc)
			ut_buf_puts(b, " DESC");
		ut_buf_puts(b, " AUTOINCREMENT");
	}
	if (c->default_expr && !c->generated) {
		ut_buf_puts(b, " DEFAULT ");
		put_default(b, c->default_expr);
	}
	if (c->collation && c->collation[0]) {
		ut_buf_puts(b, " COLLATE ");
		put_collation(b, c->collation);
	}
	if (c->generated) {
		ut_buf_puts(b, " GENERATED ALWAYS AS ");
		put_expr_group(b, c->generated);
		ut_buf_puts(b, c->generated_stored ? " STORED" : " VIRTUAL");
	}
}

/* Index parts: `a`, lower(b) COLLATE NOCASE DESC ... */
static void put_parts(ut_buf *b, const sm_index *ix)
{
	ut_buf_putc(b, '(');
	for (size_t i = 0; i < ix->parts.len; i++) {
		const sm_index_part *pt = &ix->parts.items[i];
		if (i)
			ut_buf_puts(b, ", ");
		if (pt->column) {
			put_ident(b, pt->column);
		} else {
			/*
			 * An indexed expression needs no parentheses in
			 * SQLite's grammar; it goes as the model holds it,
			 * which the inspector took from the same place.
			 */
			size_t n;
			const char *s = trimmed(pt->expr ? pt->expr : "", &n);
			ut_buf_put(b, s, n);
		}
		if (pt->collation && pt->collation[0]) {
			ut_buf_puts(b, " COLLATE ");
			put_collation(b, pt->collation);
		}
		if (pt->desc)
			ut_buf_puts(b, " DESC");
	}
	ut_buf_putc(b, ')');
}

static void put_strs(ut_buf *b, const sm_strs *v)
{
	ut_buf_putc(b, '(');
	for (size_t i = 0; i < v->len; i++) {
		if (i)
			ut_buf_puts(b, ", ");
		put_ident(b, v->items[i]);
	}
	ut_buf_putc(b, ')');
}

static bool action_set(const char *a)
{
	return a && a[0] && !ut_str_ieq(a, "NO ACTION");
}

static void put_fk(ut_buf *b, const sm_foreign_key *fk)
{
	if (fk->obj.name[0]) {
		ut_buf_puts(b, "CONSTRAINT ");
		put_ident(b, fk->obj.name);
		ut_buf_putc(b, ' ');
	}
	ut_buf_puts(b, "FOREIGN KEY ");
	put_strs(b, &fk->columns);
	ut_buf_puts(b, " REFERENCES ");
	put_ident(b, fk->ref_table ? fk->ref_table : "");
	if (fk->ref_columns.len) {
		ut_buf_putc(b, ' ');
		put_strs(b, &fk->ref_columns);
	}
	if (action_set(fk->on_update))
		ut_buf_printf(b, " ON UPDATE %s", fk->on_update);
	if (action_set(fk->on_delete))
		ut_buf_printf(b, " ON DELETE %s", fk->on_delete);
	if (fk->deferrable && fk->deferrable[0])
		ut_buf_printf(b, " %s", fk->deferrable);
}

/*
 * CREATE TABLE in Atlas's layout (one element per line, two spaces):
 * columns, the primary key, UNIQUE constraints, checks, foreign keys,
 * then the table options. Indexes that are not constraints are separate
 * statements (put_create_index).
 */
static void put_create_table(const planner *p, ut_buf *b, const sm_table *t,
                             const char *name)
{
	bool first = true, pk_inline = false;
	const char *using = virtual_using(t);

	if (using) {
		/* its columns and the rest come from the module arguments */
		ut_buf_puts(b, "CREATE VIRTUAL TABLE ");
		put_qname(p, b, &t->obj, name);
		ut_buf_puts(b, " USING ");
		ut_buf_puts(b, using);
		return;
	}

#define NEXT_ELEM()                                       \
	do {                                              \
		ut_buf_puts(b, first ? "\n  " : ",\n  "); \
		first = false;                            \
	} while (0)

	ut_buf_puts(b, "CREATE TABLE ");
	put_qname(p, b, &t->obj, name);
	ut_buf_puts(b, " (");
	for (size_t i = 0; i < t->columns.len; i++) {
		const sm_column *c = t->columns.items[i];
		NEXT_ELEM();
		put_column(b, t, c);
		pk_inline = pk_inline || inline_pk(t, c);
	}
	if (t->pk && !pk_inline) {
		NEXT_ELEM();
		if (!auto_name(t->pk)) {
			ut_buf_puts(b, "CONSTRAINT ");
			put_ident(b, t->pk->obj.name);
			ut_buf_putc(b, ' ');
		}
		ut_buf_puts(b, "PRIMARY KEY ");
		put_parts(b, t->pk);
	}
	for (size_t i = 0; i < t->indexes.len; i++) {
		const sm_index *ix = t->indexes.items[i];
		if (!ix->constraint || ix->primary)
			continue;
		NEXT_ELEM();
		if (!auto_name(ix)) {
			ut_buf_puts(b, "CONSTRAINT ");
			put_ident(b, ix->obj.name);
			ut_buf_putc(b, ' ');
		}
		ut_buf_puts(b, "UNIQUE ");
		put_parts(b, ix);
	}
	for (size_t i = 0; i < t->checks.len; i++) {
		const sm_check *ck = t->checks.items[i];
		NEXT_ELEM();
		if (ck->obj.name[0]) {
			ut_buf_puts(b, "CONSTRAINT ");
			put_ident(b, ck->obj.name);
			ut_buf_putc(b, ' ');
		}
		ut_buf_puts(b, "CHECK ");
		put_expr_group(b, ck->expr ? ck->expr : "");
	}
	for (size_t i = 0; i < t->fks.len; i++) {
		NEXT_ELEM();
		put_fk(b, t->fks.items[i]);
	}
#undef NEXT_ELEM
	ut_buf_puts(b, first ? ")" : "\n)");
	if (without_rowid(t))
		ut_buf_puts(b, " WITHOUT ROWID");
	if (is_strict(t))
		ut_buf_puts(b, without_rowid(t) ? ", STRICT" : " STRICT");
}

/* Whether an index is a separate CREATE INDEX (not part of the table). */
static bool standalone_index(const sm_index *ix)
{
	return !ix->primary && !ix->constraint;
}

static void put_create_index(const planner *p, ut_buf *b, const sm_index *ix,
                             const char *table)
{
	ut_buf_puts(b, ix->unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ");
	put_qname(p, b, &ix->obj, ix->obj.name);
	ut_buf_puts(b, " ON ");
	put_ident(b, table);
	ut_buf_putc(b, ' ');
	put_parts(b, ix);
	if (ix->where && ix->where[0]) {
		ut_buf_puts(b, " WHERE ");
		ut_buf_puts(b, ix->where);
	}
}

/* A statement kept whole (view, trigger): without a trailing ";". */
static void put_def(ut_buf *b, const char *def)
{
	size_t n;
	const char *s = trimmed(def ? def : "", &n);

	while (n && (s[n - 1] == ';' || s[n - 1] == ' ' || s[n - 1] == '\n' ||
	             s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	ut_buf_put(b, s, n);
}

/* ---- statements ------------------------------------------------------- */

/* Adds the last statement with its comment and reverse, from buffers. */
static void add(planner *p, ut_buf *sql, ut_buf *cmt, ut_buf *rev)
{
	dl_plan_add(p->plan, sql->ptr, cmt && cmt->len ? cmt->ptr : NULL,
	            rev && rev->len ? rev->ptr : NULL);
	ut_buf_reset(sql);
	if (cmt)
		ut_buf_reset(cmt);
	if (rev)
		ut_buf_reset(rev);
}

static void add_pragma(planner *p, const char *sql, const char *comment,
                       bool outside_tx)
{
	dl_plan_add(p->plan, sql, comment, NULL);
	ut_vec_last(&p->plan->stmts).outside_tx = outside_tx;
}

static void add_create_index(planner *p, const sm_index *ix, const char *table)
{
	ut_buf sql = UT_BUF_INIT, cmt = UT_BUF_INIT, rev = UT_BUF_INIT;

	put_create_index(p, &sql, ix, table);
	cmt2(&cmt, "create index ", ix->obj.name, " to table: ", table);
	ut_buf_puts(&rev, "DROP INDEX ");
	put_qname(p, &rev, &ix->obj, ix->obj.name);
	add(p, &sql, &cmt, &rev);
	ut_buf_release(&sql);
	ut_buf_release(&cmt);
	ut_buf_release(&rev);
}

static void add_drop_index(planner *p, const sm_index *ix, const char *table)
{
	ut_buf sql = UT_BUF_INIT, cmt = UT_BUF_INIT, rev = UT_BUF_INIT;

	ut_buf_puts(&sql, "DROP INDEX ");
	put_qname(p, &sql, &ix->obj, ix->obj.name);
	cmt2(&cmt, "drop index ", ix->obj.name, " from table: ", table);
	if (ix->def && ix->def[0] && !p->opts->qualify)
		put_def(&rev, ix->def);
	else
		put_create_index(p, &rev, ix, table);
	add(p, &sql, &cmt, &rev);
	ut_buf_release(&sql);
	ut_buf_release(&cmt);
	ut_buf_release(&rev);
}

static void add_create_table(planner *p, const sm_table *t)
{
	ut_buf sql = UT_BUF_INIT, cmt = UT_BUF_INIT, rev = UT_BUF_INIT;

	put_create_table(p, &sql, t, t->obj.name);
	cmt1(&cmt, "create ", t->obj.name, " table");
	ut_buf_puts(&rev, "DROP TABLE ");
	put_qname(p, &rev, &t->obj, t->obj.name);
	add(p, &sql, &cmt, &rev);
	for (size_t i = 0; i < t->indexes.len; i++)
		if (standalone_index(t->indexes.items[i]))
			add_create_index(p, t->indexes.items[i], t->obj.name);
	ut_buf_release(&sql);
	ut_buf_release(&cmt);
	ut_buf_release(&rev);
}

static void add_drop_table(planner *p, const sm_table *t)
{
	ut_buf sql = UT_BUF_INIT, cmt = UT_BUF_INIT, rev = UT_BUF_INIT;

	ut_buf_puts(&sql, "DROP TABLE ");
	put_qname(p, &sql, &t->obj, t->obj.name);
	cmt1(&cmt, "drop ", t->obj.name, " table");
	put_create_table(p, &rev, t, t->obj.name);
	add(p, &sql, &cmt, &rev);
	ut_buf_release(&sql);
	ut_buf_release(&cmt);
	ut_buf_release(&rev);
}

static void add_rename_table(planner *p, const sm_table *from,
                             const sm_table *to)
{
	ut_buf sql = UT_BUF_INIT, cmt = UT_BUF_INIT, rev = UT_BUF_INIT;

	ut_buf_puts(&sql, "ALTER TABLE ");
	put_qname(p, &sql, &from->obj, from->obj.name);
	ut_buf_puts(&sql, " RENAME TO ");
	put_ident(&sql, to->obj.name);
	cmt2(&cmt, "rename a table from ", from->obj.name, " to ",
	     to->obj.name);
	ut_buf_puts(&rev, "ALTER TABLE ");
	put_qname(p, &rev, &to->obj, to->obj.name);
	ut_buf_puts(&rev, " RENAME TO ");
	put_ident(&rev, from->obj.name);
	add(p, &sql, &cmt, &rev);
	ut_buf_release(&sql);
	ut_buf_release(&cmt);
	ut_buf_release(&rev);
}

/* ---- views and triggers ----------------------------------------------- */

static void drop_view(planner *p, const sm_view *v);

static void drop_trigger(planner *p, const sm_trigger *tr)
{
	if (ut_map_get(&p->drop_trigs, tr->obj.name))
		return;
	ut_map_put(&p->drop_trigs, tr->obj.name, (void *)(uintptr_t)tr);
	ut_vec_push(&p->drop_trig_list, tr);
}

static void make_trigger(planner *p, const sm_trigger *tr)
{
	if (ut_map_get(&p->make_trigs, tr->obj.name))
		return;
	ut_map_put(&p->make_trigs, tr->obj.name, (void *)(uintptr_t)tr);
	ut_vec_push(&p->make_trig_list, tr);
}

static void make_view(planner *p, const sm_view *v)
{
	if (ut_map_get(&p->make_views, v->obj.name))
		return;
	ut_map_put(&p->make_views, v->obj.name, (void *)(uintptr_t)v);
	ut_vec_push(&p->make_view_list, v);
	/* its INSTEAD OF triggers go (and come back) with it */
	for (size_t i = 0; i < v->triggers.len; i++)
		make_trigger(p, v->triggers.items[i]);
}

/*
 * Drops a view in phase 2 and, transitively, every view and trigger that
 * names it; whatever of them the target still has is created again.
 */
static void drop_dependents(planner *p, const char *name);

static void drop_view(planner *p, const sm_view *v)
{
	const sm_view *again;

	if (ut_map_get(&p->drop_views, v->obj.name))
		return;
	ut_map_put(&p->drop_views, v->obj.name, (void *)(uintptr_t)v);
	ut_vec_push(&p->drop_view_list, v);
	for (size_t i = 0; i < v->triggers.len; i++)
		drop_trigger(p, v->triggers.items[i]);
	drop_dependents(p, v->obj.name);
	if ((again = find_view(p->to_s, v->obj.name)) != NULL)
		make_view(p, again);
}

static void drop_trigger_again(planner *p, const sm_trigger *tr)
{
	const sm_trigger *again;

	drop_trigger(p, tr);
	if ((again = find_trigger(p->to_s, tr->obj.name)) != NULL)
		make_trigger(p, again);
}

static void drop_dependents(planner *p, const char *name)
{
	const sm_schema *s = p->from_s;

	if (!s)
		return;
	for (size_t i = 0; i < s->views.len; i++) {
		const sm_view *v = s->views.items[i];
		if (!ut_str_ieq(v->obj.name, name) &&
		    (strs_has(&v->depends, name) || sql_mentions(v->def, name)))
			drop_view(p, v);
		for (size_t j = 0; j < v->triggers.len; j++)
			if (sql_mentions(v->triggers.items[j]->def, name))
				drop_trigger_again(p, v->triggers.items[j]);
	}
	for (size_t i = 0; i < s->tables.len; i++) {
		const sm_table *t = s->tables.items[i];
		for (size_t j = 0; j < t->triggers.len; j++)
			if (sql_mentions(t->triggers.items[j]->def, name))
				drop_trigger_again(p, t->triggers.items[j]);
	}
}

static void emit_view_trigger_drops(planner *p)
{
	ut_buf sql = UT_BUF_INIT, cmt = UT_BUF_INIT, rev = UT_BUF_INIT;

	/* triggers first: those on a view go with the view otherwise */
	for (size_t i = 0; i < p->drop_trig_list.len; i++) {
		const sm_trigger *tr = p->drop_trig_list.items[i];
		ut_buf_puts(&sql, "DROP TRIGGER ");
		put_qname(p, &sql, &tr->obj, tr->obj.name);
		cmt1(&cmt, "drop trigger ", tr->obj.name, "");
		put_def(&rev, tr->def);
		add(p, &sql, &cmt, &rev);
	}
	for (size_t i = 0; i < p->drop_view_list.len; i++) {
		const sm_view *v = p->drop_view_list.items[i];
		ut_buf_puts(&sql, "DROP VIEW ");
		put_qname(p, &sql, &v->obj, v->obj.name);
		cmt1(&cmt, "drop ", v->obj.name, " view");
		put_def(&rev, v->def);
		add(p, &sql, &cmt, &rev);
	}
	ut_buf_release(&sql);
	ut_buf_release(&cmt);
	ut_buf_release(&rev);
}

/*
 * Views in dependency order: a view goes once no view still waiting
 * names it. On a cycle (which SQLite could not have created) the first
 * one waiting goes, so the loop always ends.
 */
static void emit_view_trigger_creates(planner *p)
{
	ut_buf sql = UT_BUF_INIT, cmt = UT_BUF_INIT, rev = UT_BUF_INIT;
	size_t n = p->make_view_list.len, left = n;
	bool *done = ut_xcalloc(n ? n : 1, sizeof(*done));

	while (left) {
		size_t pick = n;
		for (size_t i = 0; i < n && pick == n; i++) {
			bool ready = !done[i];
			for (size_t j = 0; j < n && ready; j++)
				ready = j == i || done[j] ||
				        !sql_mentions(
				                p->make_view_list.items[i]->def,
				                p->make_view_list.items[j]
				                        ->obj.name);
			if (ready)
				pick = i;
		}
		for (size_t i = 0; i < n && pick == n; i++)
			if (!done[i])
				pick = i;
		const sm_view *v = p->make_view_list.items[pick];
		done[pick] = true;
		left--;
		put_def(&sql, v->def);
		cmt1(&cmt, "create ", v->obj.name, " view");
		ut_buf_puts(&rev, "DROP VIEW ");
		put_qname(p, &rev, &v->obj, v->obj.name);
		add(p, &sql, &cmt, &rev);
	}
	for (size_t i = 0; i < p->make_trig_list.len; i++) {
		const sm_trigger *tr = p->make_trig_list.items[i];
		put_def(&sql, tr->def);
		cmt1(&cmt, "create trigger ", tr->obj.name, "");
		ut_buf_puts(&rev, "DROP TRIGGER ");
		put_qname(p, &rev, &tr->obj, tr->obj.name);
		add(p, &sql, &cmt, &rev);
	}
	free(done);
	ut_buf_release(&sql);
	ut_buf_release(&cmt);
	ut_buf_release(&rev);
}

/* ---- deciding between ALTER TABLE and a rebuild ----------------------- */

static bool index_is_table_part(const sm_index *ix)
{
	return ix && (ix->primary || ix->constraint);
}

/*
 * ALTER TABLE ADD COLUMN (SQLite lang_altertable): no PRIMARY KEY or
 * UNIQUE, no AUTOINCREMENT, a constant default, NOT NULL only with a
 * non-NULL default, no STORED generation; FKs, checks and unique
 * constraints on the new column arrive as their own sub-changes, which
 * force the rebuild themselves.
 */
static bool add_column_ok(const sm_table *to, const sm_column *c)
{
	if (index_has_column(to->pk, c->obj.name) || c->auto_increment)
		return false;
	if (c->generated && c->generated_stored)
		return false;
	if (c->default_expr && !c->generated &&
	    !default_is_constant(c->default_expr))
		return false;
	if (!c->nullable && !c->generated && default_is_null(c->default_expr))
		return false;
	for (size_t i = 0; i < to->indexes.len; i++)
		if (index_is_table_part(to->indexes.items[i]) &&
		    index_has_column(to->indexes.items[i], c->obj.name))
			return false;
	for (size_t i = 0; i < to->fks.len; i++)
		if (strs_has(&to->fks.items[i]->columns, c->obj.name))
			return false;
	for (size_t i = 0; i < to->checks.len; i++)
		if (sql_mentions(to->checks.items[i]->expr, c->obj.name))
			return false;
	return true;
}

/*
 * ALTER TABLE DROP COLUMN (SQLite 3.35+) refuses a column that is in the
 * primary key, a UNIQUE constraint or an index (parts or WHERE), in a
 * check or FK, in a generated column, or named by a view or trigger.
 * We refuse the same, plus a generated column itself and a column that
 * another table's FK references, and rebuild instead. Text matches are
 * over-approximations, which only ever choose the rebuild.
 */
static bool drop_column_ok(const planner *p, const sm_table *from,
                           const sm_column *c)
{
	const char *name = c->obj.name;
	const sm_schema *s = p->from_s;

	if (c->generated || index_has_column(from->pk, name))
		return false;
	for (size_t i = 0; i < from->indexes.len; i++)
		if (index_has_column(from->indexes.items[i], name))
			return false;
	for (size_t i = 0; i < from->fks.len; i++)
		if (strs_has(&from->fks.items[i]->columns, name))
			return false;
	for (size_t i = 0; i < from->checks.len; i++)
		if (sql_mentions(from->checks.items[i]->expr, name))
			return false;
	for (size_t i = 0; i < from->columns.len; i++)
		if (sql_mentions(from->columns.items[i]->generated, name))
			return false;
	if (!s)
		return true;
	for (size_t i = 0; i < s->tables.len; i++) {
		const sm_table *t = s->tables.items[i];
		for (size_t j = 0; j < t->fks.len; j++)
			if (t->fks.items[j]->ref_table &&
			    ut_str_ieq(t->fks.items[j]->ref_table,
			               from->obj.name) &&
			    (strs_has(&t->fks.items[j]->ref_columns, name) ||
			     !t->fks.items[j]->ref_columns.len))
				return false;
		for (size_t j = 0; j < t->triggers.len; j++)
			if (sql_mentions(t->triggers.items[j]->def, name))
				return false;
	}
	for (size_t i = 0; i < s->views.len; i++) {
		const sm_view *v = s->views.items[i];
		if (sql_mentions(v->def, name))
			return false;
		for (size_t j = 0; j < v->triggers.len; j++)
			if (sql_mentions(v->triggers.items[j]->def, name))
				return false;
	}
	return true;
}

/* Whether two columns differ in anything but their name. */
static bool column_differs(const sm_column *a, const sm_column *b)
{
#define TXT_NE(x, y) (strcmp((x) ? (x) : "", (y) ? (y) : "") != 0)
	return TXT_NE(a->type, b->type) || a->nullable != b->nullable ||
	       TXT_NE(a->default_expr, b->default_expr) ||
	       TXT_NE(a->generated, b->generated) ||
	       a->generated_stored != b->generated_stored ||
	       TXT_NE(a->collation, b->collation) ||
	       a->auto_increment != b->auto_increment;
#undef TXT_NE
}

/* Masks that change nothing SQLite stores (it keeps no comments). */
#define IGNORED_BITS ((unsigned)SM_CHG_COMMENT)

static bool sub_needs_rebuild(const planner *p, const sm_change *c,
                              const sm_table *from, const sm_table *to)
{
	switch (c->kind) {
	case SM_COLUMN:
		if (c->op == SM_OP_ADD)
			return !add_column_ok(to, (const sm_column *)c->to);
		if (c->op == SM_OP_DROP)
			return !drop_column_ok(p, from,
			                       (const sm_column *)c->from);
		if (c->op == SM_OP_RENAME)
			return (c->mask & ~IGNORED_BITS &
			        ~(unsigned)SM_CHG_NAME) ||
			       column_differs((const sm_column *)c->from,
			                      (const sm_column *)c->to);
		return (c->mask & ~IGNORED_BITS) != 0;
	case SM_INDEX:
		if (index_is_table_part((const sm_index *)c->from) ||
		    index_is_table_part((const sm_index *)c->to))
			return c->op != SM_OP_MODIFY ||
			       (c->mask & ~IGNORED_BITS) != 0;
		return false;
	case SM_TRIGGER:
		return false;
	default:
		/* FKs, checks and anything else live in CREATE TABLE */
		return c->op != SM_OP_MODIFY || (c->mask & ~IGNORED_BITS) != 0;
	}
}

static bool needs_rebuild(const planner *p, const sm_change *c,
                          const sm_table *from, const sm_table *to)
{
	if (without_rowid(from) != without_rowid(to) ||
	    is_strict(from) != is_strict(to))
		return true;
	if (c->mask & SM_CHG_ATTR)
		return true;
	for (size_t i = 0; i < c->subs.len; i++)
		if (sub_needs_rebuild(p, c->subs.items[i], from, to))
			return true;
	return false;
}

/* ---- the table rebuild ------------------------------------------------ */

/* "new_t", or "new_t_2" ... when a table or view already has that name. */
static char *temp_name(const planner *p, const char *name)
{
	ut_buf b = UT_BUF_INIT;
	size_t base;

	ut_buf_printf(&b, "new_%s", name);
	base = b.len;
	for (int k = 2;; k++) {
		if (!find_table(p->from_s, b.ptr) &&
		    !find_view(p->from_s, b.ptr) &&
		    !find_table(p->to_s, b.ptr) && !find_view(p->to_s, b.ptr))
			break;
		ut_buf_setlen(&b, base);
		ut_buf_printf(&b, "_%d", k);
	}
	return ut_buf_detach(&b);
}

/* The sub-change of c for a column of the target, or NULL. */
static const sm_change *column_sub(const sm_change *c, sm_op op,
                                   const sm_column *to)
{
	for (size_t i = 0; i < c->subs.len; i++) {
		const sm_change *s = c->subs.items[i];
		if (s->kind == SM_COLUMN && s->op == op && s->to == &to->obj)
			return s;
	}
	return NULL;
}

/*
 * INSERT INTO new_t (cols) SELECT cols FROM t: every column of the target
 * that is not generated and comes from a column of the old table (same
 * name, or the old name of a RENAME). A column that became NOT NULL and
 * has a default is copied as IFNULL(c, default). Returns whether any
 * column remains (no INSERT otherwise).
 */
static bool put_copy(const planner *p, ut_buf *b, const sm_change *c,
                     const sm_table *from, const sm_table *to, const char *cur,
                     const char *tmp)
{
	ut_buf into = UT_BUF_INIT, sel = UT_BUF_INIT;
	size_t n = 0;

	for (size_t i = 0; i < to->columns.len; i++) {
		const sm_column *tc = to->columns.items[i];
		const sm_column *fc = NULL;
		const sm_change *rn;

		if (tc->generated || column_sub(c, SM_OP_ADD, tc))
			continue;
		if ((rn = column_sub(c, SM_OP_RENAME, tc)) != NULL)
			fc = (const sm_column *)rn->from;
		else
			fc = find_column(from, tc->obj.name);
		if (!fc)
			continue;
		/* a column renamed away is not the source of a new one */
		for (size_t j = 0; j < c->subs.len && fc; j++) {
			const sm_change *s = c->subs.items[j];
			if (s->kind == SM_COLUMN && s->op == SM_OP_RENAME &&
			    s->from == &fc->obj && s->to != &tc->obj)
				fc = NULL;
		}
		if (!fc)
			continue;
		if (n) {
			ut_buf_puts(&into, ", ");
			ut_buf_puts(&sel, ", ");
		}
		n++;
		put_ident(&into, tc->obj.name);
		if (!tc->nullable && fc->nullable &&
		    !default_is_null(tc->default_expr)) {
			ut_buf_puts(&sel, "IFNULL(");
			put_ident(&sel, fc->obj.name);
			ut_buf_puts(&sel, ", ");
			put_default_value(&sel, tc->default_expr);
			ut_buf_puts(&sel, ") AS ");
			put_ident(&sel, tc->obj.name);
		} else {
			put_ident(&sel, fc->obj.name);
		}
	}
	if (n) {
		ut_buf_puts(b, "INSERT INTO ");
		put_qname(p, b, &to->obj, tmp);
		ut_buf_puts(b, " (");
		ut_buf_put(b, into.ptr, into.len);
		ut_buf_puts(b, ") SELECT ");
		ut_buf_put(b, sel.ptr, sel.len);
		ut_buf_puts(b, " FROM ");
		put_qname(p, b, &to->obj, cur);
	}
	ut_buf_release(&into);
	ut_buf_release(&sel);
	return n > 0;
}

/*
 * The rebuild (SQLite lang_altertable, "making other kinds of table
 * schema changes"): create new_t, copy the rows, keep the AUTOINCREMENT
 * counter, drop t, rename new_t to t, recreate the indexes. Triggers,
 * views and the FK pragmas are planned around it (phases 1, 2 and 4).
 */
static void rebuild_table(planner *p, const sm_change *c, const sm_table *from,
                          const sm_table *to, const char *cur)
{
	ut_buf sql = UT_BUF_INIT, cmt = UT_BUF_INIT;
	char *tmp = temp_name(p, to->obj.name);

	put_create_table(p, &sql, to, tmp);
	cmt1(&cmt, "create ", tmp, " table");
	add(p, &sql, &cmt, NULL);

	if (put_copy(p, &sql, c, from, to, cur, tmp)) {
		cmt2(&cmt, "copy rows from old table ", cur,
		     " to new temporary table ", tmp);
		add(p, &sql, &cmt, NULL);
	}

	/*
	 * The copy gave new_t a sqlite_sequence row only if rows were
	 * copied, and only up to their largest id: the old counter may be
	 * higher (rows deleted at the end). Take the old counter over, so
	 * ids are never reused; DROP TABLE removes t's row, and the rename
	 * renames new_t's.
	 */
	if (has_autoincrement(from) && has_autoincrement(to)) {
		ut_buf_puts(&sql, "DELETE FROM ");
		put_qname(p, &sql, &to->obj, "sqlite_sequence");
		ut_buf_puts(&sql, " WHERE name = ");
		dl_sqlite__quote_literal(&sql, tmp);
		cmt2(&cmt, "reset the AUTOINCREMENT counter of ", tmp,
		     " before taking over the one of ", cur);
		add(p, &sql, &cmt, NULL);
		ut_buf_puts(&sql, "INSERT INTO ");
		put_qname(p, &sql, &to->obj, "sqlite_sequence");
		ut_buf_puts(&sql, " (name, seq) SELECT ");
		dl_sqlite__quote_literal(&sql, tmp);
		ut_buf_puts(&sql, ", seq FROM ");
		put_qname(p, &sql, &to->obj, "sqlite_sequence");
		ut_buf_puts(&sql, " WHERE name = ");
		dl_sqlite__quote_literal(&sql, cur);
		cmt2(&cmt, "copy the AUTOINCREMENT counter of ", cur, " to ",
		     tmp);
		add(p, &sql, &cmt, NULL);
	}

	ut_buf_puts(&sql, "DROP TABLE ");
	put_qname(p, &sql, &from->obj, cur);
	cmt1(&cmt, "drop ", cur, " table after copying rows");
	add(p, &sql, &cmt, NULL);

	ut_buf_puts(&sql, "ALTER TABLE ");
	put_qname(p, &sql, &to->obj, tmp);
	ut_buf_puts(&sql, " RENAME TO ");
	put_ident(&sql, to->obj.name);
	cmt2(&cmt, "rename temporary table ", tmp, " to ", to->obj.name);
	add(p, &sql, &cmt, NULL);

	for (size_t i = 0; i < to->indexes.len; i++)
		if (standalone_index(to->indexes.items[i]))
			add_create_index(p, to->indexes.items[i], to->obj.name);

	free(tmp);
	ut_buf_release(&sql);
	ut_buf_release(&cmt);
}

/* ---- ALTER TABLE ------------------------------------------------------ */

static void alter_table(planner *p, const sm_change *c, const char *cur)
{
	ut_buf sql = UT_BUF_INIT, cmt = UT_BUF_INIT, rev = UT_BUF_INIT;
	const sm_table *to = (const sm_table *)c->to;

	/*
	 * Phases: index drops, column drops, renames, column adds, index
	 * creations, so a column leaves only once its indexes have gone and
	 * an index comes once its columns are there.
	 */
	for (int phase = 0; phase < 5; phase++) {
		for (size_t i = 0; i < c->subs.len; i++) {
			const sm_change *s = c->subs.items[i];
			const sm_index *fi = (const sm_index *)s->from;
			const sm_index *ti = (const sm_index *)s->to;
			const sm_column *fc = (const sm_column *)s->from;
			const sm_column *tc = (const sm_column *)s->to;

			if (s->kind == SM_INDEX && phase == 0 && fi &&
			    (s->op != SM_OP_MODIFY ||
			     (s->mask & ~IGNORED_BITS)))
				add_drop_index(p, fi, cur);
			if (s->kind == SM_INDEX && phase == 4 && ti &&
			    (s->op != SM_OP_MODIFY ||
			     (s->mask & ~IGNORED_BITS)))
				add_create_index(p, ti, cur);
			if (s->kind != SM_COLUMN)
				continue;
			if (phase == 1 && s->op == SM_OP_DROP) {
				ut_buf_puts(&sql, "ALTER TABLE ");
				put_qname(p, &sql, &to->obj, cur);
				ut_buf_puts(&sql, " DROP COLUMN ");
				put_ident(&sql, fc->obj.name);
				cmt2(&cmt, "drop column ", fc->obj.name,
				     " from table: ", cur);
				ut_buf_puts(&rev, "ALTER TABLE ");
				put_qname(p, &rev, &to->obj, cur);
				ut_buf_puts(&rev, " ADD COLUMN ");
				put_column(&rev, NULL, fc);
				add(p, &sql, &cmt, &rev);
			} else if (phase == 2 && s->op == SM_OP_RENAME) {
				ut_buf_puts(&sql, "ALTER TABLE ");
				put_qname(p, &sql, &to->obj, cur);
				ut_buf_puts(&sql, " RENAME COLUMN ");
				put_ident(&sql, fc->obj.name);
				ut_buf_puts(&sql, " TO ");
				put_ident(&sql, tc->obj.name);
				cmt2(&cmt, "rename a column from ",
				     fc->obj.name, " to ", tc->obj.name);
				ut_buf_puts(&rev, "ALTER TABLE ");
				put_qname(p, &rev, &to->obj, cur);
				ut_buf_puts(&rev, " RENAME COLUMN ");
				put_ident(&rev, tc->obj.name);
				ut_buf_puts(&rev, " TO ");
				put_ident(&rev, fc->obj.name);
				add(p, &sql, &cmt, &rev);
			} else if (phase == 3 && s->op == SM_OP_ADD) {
				ut_buf_puts(&sql, "ALTER TABLE ");
				put_qname(p, &sql, &to->obj, cur);
				ut_buf_puts(&sql, " ADD COLUMN ");
				put_column(&sql, NULL, tc);
				cmt2(&cmt, "add column ", tc->obj.name,
				     " to table: ", cur);
				ut_buf_puts(&rev, "ALTER TABLE ");
				put_qname(p, &rev, &to->obj, cur);
				ut_buf_puts(&rev, " DROP COLUMN ");
				put_ident(&rev, tc->obj.name);
				add(p, &sql, &cmt, &rev);
			}
		}
	}
	ut_buf_release(&sql);
	ut_buf_release(&cmt);
	ut_buf_release(&rev);
}

/* ---- the change list -------------------------------------------------- */

static const char *op_name(sm_op op)
{
	switch (op) {
	case SM_OP_ADD:
		return "add";
	case SM_OP_DROP:
		return "drop";
	case SM_OP_MODIFY:
		return "modify";
	case SM_OP_RENAME:
		return "rename";
	}
	return "change";
}

static int cannot(const sm_change *c)
{
	const sm_object *o = c->to ? c->to : c->from;
	ut_buf q = UT_BUF_INIT;
	int error;

	ut_buf_quote(&q, o ? o->name : "");
	error = ut_error_set(UT_ERROR, "sqlite: cannot plan %s of %s %s",
	                     op_name(c->op), sm_kind_name(c->kind), q.ptr);
	ut_buf_release(&q);
	return error;
}

/* The schema of a change's object in the old (which = 0) or new state. */
static const sm_schema *change_schema(const sm_change *c, int which)
{
	const sm_object *o = which ? c->to : c->from;

	return o ? sm_object_schema(o) : NULL;
}

/*
 * The objects of a MODIFY or RENAME table change, with the name the table
 * has in the database when its turn comes.
 */
static bool table_rebuilt(const planner *p, const sm_table *from)
{
	return ut_map_get(&p->rebuilt, from->obj.name) != NULL;
}

/*
 * First pass: check every change can be planned, pick the rebuilds, and
 * collect the views and triggers phases 2 and 4 drop and create.
 */
static int collect(planner *p)
{
	const sm_change_vec *v = &p->changes->items;

	/* both states first: dependents are looked up in them */
	for (size_t i = 0; i < v->len; i++) {
		const sm_change *c = v->items[i];
		if (!p->from_s)
			p->from_s = change_schema(c, 0);
		if (!p->to_s)
			p->to_s = change_schema(c, 1);
	}
	for (size_t i = 0; i < v->len; i++) {
		const sm_change *c = v->items[i];
		const sm_object *o = c->to ? c->to : c->from;

		if (!o || (c->op != SM_OP_ADD && !c->from) ||
		    (c->op != SM_OP_DROP && !c->to))
			return ut_error_set(UT_ERROR,
			                    "sqlite: malformed %s change",
			                    sm_kind_name(c->kind));
		switch (c->kind) {
		case SM_SCHEMA:
			/*
			 * A SQLite database is its one schema "main": adding
			 * it (a dump) or changing its attributes is nothing
			 * to do; anything else cannot be expressed.
			 */
			if (c->op == SM_OP_MODIFY)
				break;
			if (c->op != SM_OP_ADD || strcmp(o->name, "main") != 0)
				return cannot(c);
			break;
		case SM_TABLE: {
			const sm_table *ft = (const sm_table *)c->from;
			const sm_table *tt = (const sm_table *)c->to;
			if (c->op == SM_OP_DROP) {
				p->fk_off = true;
				break;
			}
			if (c->op == SM_OP_ADD) {
				for (size_t j = 0; j < tt->triggers.len; j++)
					make_trigger(p, tt->triggers.items[j]);
				break;
			}
			/*
			 * A virtual table takes no ALTER but RENAME and cannot
			 * be copied faithfully (its module owns the data).
			 */
			if ((virtual_using(ft) || virtual_using(tt)) &&
			    ((c->mask & ~IGNORED_BITS) || c->subs.len))
				return cannot(c);
			if (needs_rebuild(p, c, ft, tt)) {
				p->fk_off = true;
				ut_map_put(&p->rebuilt, ft->obj.name,
				           (void *)(uintptr_t)ft);
				for (size_t j = 0; j < ft->triggers.len; j++)
					drop_trigger(p, ft->triggers.items[j]);
				for (size_t j = 0; j < tt->triggers.len; j++)
					make_trigger(p, tt->triggers.items[j]);
				drop_dependents(p, ft->obj.name);
			}
			for (size_t j = 0; j < c->subs.len; j++) {
				const sm_change *s = c->subs.items[j];
				if (s->kind != SM_TRIGGER)
					continue;
				if (s->from)
					drop_trigger(
					        p, (const sm_trigger *)s->from);
				if (s->to)
					make_trigger(p,
					             (const sm_trigger *)s->to);
			}
			break;
		}
		case SM_VIEW: {
			const sm_view *fv = (const sm_view *)c->from;
			const sm_view *tv = (const sm_view *)c->to;
			if ((fv && fv->materialized) ||
			    (tv && tv->materialized))
				return cannot(c);
			if (c->op == SM_OP_MODIFY && c->subs.len &&
			    !(c->mask & ~IGNORED_BITS)) {
				/* only its triggers changed */
				for (size_t j = 0; j < c->subs.len; j++) {
					const sm_change *s = c->subs.items[j];
					if (s->kind != SM_TRIGGER)
						return cannot(s);
					if (s->from)
						drop_trigger(
						        p, (const sm_trigger *)
						                   s->from);
					if (s->to)
						make_trigger(
						        p, (const sm_trigger *)
						                   s->to);
				}
				break;
			}
			if (c->op == SM_OP_MODIFY && !(c->mask & ~IGNORED_BITS))
				break;
			if (fv)
				drop_view(p, fv);
			if (tv)
				make_view(p, tv);
			break;
		}
		case SM_TRIGGER:
			if (c->op == SM_OP_MODIFY && !(c->mask & ~IGNORED_BITS))
				break;
			if (c->from)
				drop_trigger(p, (const sm_trigger *)c->from);
			if (c->to)
				make_trigger(p, (const sm_trigger *)c->to);
			break;
		case SM_INDEX: {
			const sm_index *fi = (const sm_index *)c->from;
			const sm_index *ti = (const sm_index *)c->to;
			if (index_is_table_part(fi) ||
			    index_is_table_part(ti) || !o->parent ||
			    o->parent->kind != SM_TABLE)
				return cannot(c);
			break;
		}
		default:
			return cannot(c);
		}
	}
	return 0;
}

static void plan_table(planner *p, const sm_change *c)
{
	const sm_table *ft = (const sm_table *)c->from;
	const sm_table *tt = (const sm_table *)c->to;
	const char *cur;

	switch (c->op) {
	case SM_OP_ADD:
		add_create_table(p, tt);
		return;
	case SM_OP_DROP:
		add_drop_table(p, ft);
		return;
	case SM_OP_RENAME:
	case SM_OP_MODIFY:
		break;
	}
	cur = ft->obj.name;
	if (strcmp(ft->obj.name, tt->obj.name) != 0) {
		add_rename_table(p, ft, tt);
		cur = tt->obj.name;
	}
	if (table_rebuilt(p, ft))
		rebuild_table(p, c, ft, tt, cur);
	else
		alter_table(p, c, cur);
}

/* A top-level index change (not inside its table's MODIFY). */
static void plan_index(planner *p, const sm_change *c)
{
	const sm_index *fi = (const sm_index *)c->from;
	const sm_index *ti = (const sm_index *)c->to;

	if (c->op == SM_OP_MODIFY && !(c->mask & ~IGNORED_BITS))
		return;
	if (fi)
		add_drop_index(p, fi, fi->obj.parent->name);
	if (ti)
		add_create_index(p, ti, ti->obj.parent->name);
}

int dl_sqlite__plan(dl_plan **out, dl_conn *conn, const sm_changes *changes,
                    const dl_plan_opts *opts)
{
	static const dl_plan_opts defaults;
	planner p;
	int error;

	(void)conn;
	*out = NULL;
	memset(&p, 0, sizeof(p));
	p.opts = opts ? opts : &defaults;
	p.changes = changes;
	p.rebuilt.nocase = p.drop_views.nocase = p.drop_trigs.nocase = true;
	p.make_views.nocase = p.make_trigs.nocase = true;
	p.plan = dl_plan_new();
	p.plan->transactional = true;

	if ((error = collect(&p)) < 0)
		goto done;

	if (p.fk_off)
		add_pragma(
		        &p, "PRAGMA foreign_keys = off",
		        "disable the enforcement of foreign-keys constraints",
		        true);
	emit_view_trigger_drops(&p);
	for (size_t i = 0; i < changes->items.len; i++) {
		const sm_change *c = changes->items.items[i];
		if (c->kind == SM_TABLE)
			plan_table(&p, c);
		else if (c->kind == SM_INDEX)
			plan_index(&p, c);
	}
	emit_view_trigger_creates(&p);
	if (p.fk_off) {
		/*
		 * Inside the transaction, before COMMIT: the apply layer runs
		 * it as a query and fails the transaction on any row (a child
		 * row whose parent the plan lost).
		 */
		add_pragma(&p, "PRAGMA foreign_key_check",
		           "check that no foreign-keys constraint is violated",
		           false);
		add_pragma(
		        &p, "PRAGMA foreign_keys = on",
		        "enable back the enforcement of foreign-keys constraints",
		        true);
	}
	*out = p.plan;
	p.plan = NULL;
done:
	dl_plan_free(p.plan);
	ut_map_release(&p.rebuilt);
	ut_map_release(&p.drop_views);
	ut_map_release(&p.drop_trigs);
	ut_map_release(&p.make_views);
	ut_map_release(&p.make_trigs);
	ut_vec_release(&p.drop_view_list);
	ut_vec_release(&p.drop_trig_list);
	ut_vec_release(&p.make_view_list);
	ut_vec_release(&p.make_trig_list);
	return error;
}
