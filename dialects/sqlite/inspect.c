/* SPDX-License-Identifier: MIT */
/*
 * dialects/sqlite/inspect.c: a SQLite database (its "main" schema) to a
 * realm, with a fixed number of queries whatever the number of tables:
 * the table-valued pragmas (table_xinfo, index_list, index_xinfo,
 * foreign_key_list) are joined with sqlite_master so one query returns a
 * fact for every table at once.
 *
 * What the pragmas do not tell (constraint names, CHECKs, COLLATE,
 * generated expressions, AUTOINCREMENT, DEFERRABLE, defaults with their
 * parentheses, partial-index predicates and index expressions) is read
 * from the CREATE statements SQLite keeps, with a small tokenizer that
 * never fails: unexpected text is skipped, never trusted blindly, and the
 * pragmas stay the authority for what exists.
 *
 * Model choices: types are lower-cased with whitespace normalized, sizes
 * kept ("decimal(10,2)"); AUTOINCREMENT is sm_column.auto_increment on the
 * primary-key column (no table attr); UNIQUE table or column constraints
 * are sm_index entries with constraint = true, named by their CONSTRAINT
 * name or else by the sqlite_autoindex_ name (auto_named = true); index
 * part collations are the ones the DDL states (NULL = none stated);
 * tables come in sqlite_master (creation) order; shadow tables of virtual
 * tables are left out (they belong to their virtual table, which carries
 * the attr "virtual" = the text after USING); sqlite_* and libsql_*
 * objects are internal.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "sqlite_int.h"
#include "ut.h"

/* ------------------------------------------------------------------ */
/* Tokenizer                                                           */
/* ------------------------------------------------------------------ */

typedef enum tk_type {
	TK_ID,  /* bare word (keywords too) */
	TK_QID, /* "x", `x` or [x] */
	TK_STR, /* 'x' */
	TK_NUM,
	TK_BLOB, /* x'00' */
	TK_VAR,  /* ?1 :a @a $a */
	TK_OP,   /* one punctuation byte */
} tk_type;

typedef struct tok {
	tk_type t;
	const char *s;
	size_t n;
} tok;

typedef UT_VEC(tok) toks;

static bool id_start(unsigned char c)
{
	return isalpha(c) || c == '_' || c >= 0x80;
}

static bool id_char(unsigned char c)
{
	return isalnum(c) || c == '_' || c == '$' || c >= 0x80;
}

/* Index just past a quoted run starting at s[i] (quote q, doubled inside). */
static size_t skip_quoted(const char *s, size_t i, char q)
{
	for (i++; s[i]; i++) {
		if (s[i] == q) {
			if (s[i + 1] == q) {
				i++;
				continue;
			}
			return i + 1;
		}
	}
	return i; /* unterminated: to the end */
}

/* Splits sql (NUL-terminated) into tokens; comments and blanks go. */
static void lex(toks *out, const char *sql)
{
	size_t i = 0;

	out->len = 0;
	while (sql[i]) {
		unsigned char c = (unsigned char)sql[i];
		tok k = { TK_OP, sql + i, 1 };
		size_t j = i;

		if (isspace(c)) {
			i++;
			continue;
		}
		if (c == '-' && sql[i + 1] == '-') {
			while (sql[i] && sql[i] != '\n')
				i++;
			continue;
		}
		if (c == '/' && sql[i + 1] == '*') {
			const char *e = strstr(sql + i + 2, "*/");
			i = e ? (size_t)(e - sql) + 2 : i + strlen(sql + i);
			continue;
		}
		if ((c == 'x' || c == 'X') && sql[i + 1] == '\'') {
			k.t = TK_BLOB;
			j = skip_quoted(sql, i + 1, '\'');
		} else if (id_start(c)) {
			k.t = TK_ID;
			for (j = i + 1; id_char((unsigned char)sql[j]); j++)
				;
		} else if (c == '"' || c == '`') {
			k.t = TK_QID;
			j = skip_quoted(sql, i, (char)c);
		} else if (c == '[') {
			const char *e = strchr(sql + i, ']');
			k.t = TK_QID;
			j = e ? (size_t)(e - sql) + 1 : i + strlen(sql + i);
		} else if (c == '\'') {
			k.t = TK_STR;
			j = skip_quoted(sql, i, '\'');
		} else if (isdigit(c) ||
		           (c == '.' && isdigit((unsigned char)sql[i + 1]))) {
			k.t = TK_NUM;
			for (j = i + 1; sql[j]; j++) {
				unsigned char d = (unsigned char)sql[j];
				if ((d == '+' || d == '-') &&
				    (sql[j - 1] == 'e' || sql[j - 1] == 'E'))
					continue;
				if (!isalnum(d) && d != '.' && d != '_')
					break;
			}
		} else if (c == '?' || c == ':' || c == '@' || c == '$') {
			k.t = TK_VAR;
			for (j = i + 1; id_char((unsigned char)sql[j]); j++)
				;
		} else {
			j = i + 1;
		}
		k.n = j - i;
		ut_vec_push(out, k);
		i = j;
	}
}

static bool is_kw(const tok *k, const char *kw)
{
	size_t n = strlen(kw);
	return k->t == TK_ID && k->n == n && ut_str_nieq(k->s, kw, n);
}

static bool is_op(const tok *k, char c)
{
	return k->t == TK_OP && k->s[0] == c;
}

/* The name a token stands for: quotes removed, doubled quotes undone. */
static const char *unquote(ut_arena *a, const tok *k)
{
	ut_buf b = UT_BUF_INIT;
	const char *r;
	char q;
	size_t n = k->n;

	if (k->t != TK_QID && k->t != TK_STR)
		return ut_arena_strndup(a, k->s, k->n);
	q = k->s[0] == '[' ? ']' : k->s[0];
	if (n >= 2 && k->s[n - 1] == q)
		n--;
	for (size_t i = 1; i < n; i++) {
		if (q != ']' && k->s[i] == q && i + 1 < n && k->s[i + 1] == q)
			i++;
		ut_buf_putc(&b, k->s[i]);
	}
	r = ut_arena_strndup(a, b.ptr, b.len);
	ut_buf_release(&b);
	return r;
}

/* Source text from token b to token e-1 (b < e), copied. */
static const char *span(ut_arena *a, const tok *t, size_t b, size_t e)
{
	if (b >= e)
		return ut_arena_strdup(a, "");
	return ut_arena_strndup(a, t[b].s,
	                        (size_t)(t[e - 1].s + t[e - 1].n - t[b].s));
}

/* t[i] is "(": the index just past its matching ")" (or e). */
static size_t skip_group(const tok *t, size_t e, size_t i)
{
	int depth = 0;

	for (; i < e; i++) {
		if (is_op(&t[i], '('))
			depth++;
		else if (is_op(&t[i], ')') && --depth == 0)
			return i + 1;
	}
	return e;
}

/* The next depth-0 "," in [i, e), or e. */
static size_t next_comma(const tok *t, size_t i, size_t e)
{
	while (i < e) {
		if (is_op(&t[i], ','))
			return i;
		if (is_op(&t[i], '('))
			i = skip_group(t, e, i);
		else
			i++;
	}
	return e;
}

/* Number of tokens without trailing ";". */
static size_t stmt_end(const toks *tk)
{
	size_t n = tk->len;

	while (n && is_op(&tk->items[n - 1], ';'))
		n--;
	return n;
}

/* ------------------------------------------------------------------ */
/* What the CREATE statements say                                      */
/* ------------------------------------------------------------------ */

typedef struct p_part {
	const char *name; /* column name, or expression text */
	const char *coll; /* COLLATE stated, NULL when none */
	bool desc;
} p_part;

typedef UT_VEC(p_part) p_parts;

typedef struct p_key {
	const char *name; /* CONSTRAINT name, NULL when none */
	p_parts parts;
	bool used;
} p_key;

typedef struct p_check {
	const char *name;
	const char *expr;
} p_check;

typedef struct p_fk {
	const char *name;
	UT_VEC(const char *) cols;
	const char *ref;
	const char *deferrable;
	bool used;
} p_fk;

typedef struct p_col {
	const char *name;
	const char *dflt; /* DEFAULT text as written, NULL when none */
	const char *coll;
	const char *gen; /* generation expression, NULL when none */
	bool autoinc;
} p_col;

typedef struct p_table {
	UT_VEC(p_col) cols;
	bool has_pk;
	p_key pk;
	UT_VEC(p_key) uniques;
	UT_VEC(p_check) checks;
	UT_VEC(p_fk) fks;
	const char *virtual_args; /* after USING, for virtual tables */
	bool without_rowid, strict;
} p_table;

typedef struct parser {
	const tok *t;
	ut_arena *a;
} parser;

/* Skips "ON CONFLICT <resolution>". */
static size_t skip_conflict(const parser *p, size_t j, size_t e)
{
	if (j + 1 < e && is_kw(&p->t[j], "ON") &&
	    is_kw(&p->t[j + 1], "CONFLICT"))
		return UT_MIN(j + 3, e);
	return j;
}

/*
 * Parses an indexed-column list between b and e (the inside of the
 * parentheses): name or expression, [COLLATE x], [ASC|DESC],
 * [AUTOINCREMENT] (table-level PRIMARY KEY only).
 */
static void parse_parts(const parser *p, p_parts *out, size_t b, size_t e,
                        bool *autoinc)
{
	const tok *t = p->t;

	while (b < e) {
		size_t ie = next_comma(t, b, e), ib = b;
		p_part part = { 0 };

		b = ie + 1;
		if (ie > ib && is_kw(&t[ie - 1], "AUTOINCREMENT")) {
			if (autoinc)
				*autoinc = true;
			ie--;
		}
		if (ie > ib + 1 &&
		    (is_kw(&t[ie - 1], "ASC") || is_kw(&t[ie - 1], "DESC"))) {
			part.desc = is_kw(&t[ie - 1], "DESC");
			ie--;
		}
		if (ie > ib + 2 && is_kw(&t[ie - 2], "COLLATE")) {
			part.coll = unquote(p->a, &t[ie - 1]);
			ie -= 2;
		}
		if (ie <= ib)
			continue;
		part.name = ie == ib + 1 ? unquote(p->a, &t[ib])
		                         : span(p->a, t, ib, ie);
		ut_vec_apush(p->a, out, part);
	}
}

/* The names of a plain column list "(a, b)" between b and e. */
static void parse_names(const parser *p, void *vec, size_t b, size_t e)
{
	UT_VEC(const char *) *out = vec;

	while (b < e) {
		size_t ie = next_comma(p->t, b, e);
		if (ie > b) {
			const char *name = unquote(p->a, &p->t[b]);
			ut_vec_apush(p->a, out, name);
		}
		b = ie + 1;
	}
}

/*
 * After REFERENCES: table [(cols)] then ON DELETE/UPDATE, MATCH,
 * [NOT] DEFERRABLE [INITIALLY DEFERRED|IMMEDIATE]. Returns the index of
 * the first token that is not part of the clause.
 */
static size_t parse_fk_tail(const parser *p, p_fk *fk, size_t j, size_t e)
{
	const tok *t = p->t;

	if (j < e) {
		fk->ref = unquote(p->a, &t[j++]);
		if (j + 1 < e && is_op(&t[j], '.')) {
			fk->ref = unquote(p->a, &t[j + 1]);
			j += 2;
		}
	}
	if (j < e && is_op(&t[j], '('))
		j = skip_group(t, e, j); /* the pragma knows the columns */
	while (j < e) {
		if (is_kw(&t[j], "ON") && j + 1 < e &&
		    (is_kw(&t[j + 1], "DELETE") ||
		     is_kw(&t[j + 1], "UPDATE"))) {
			j += 2;
			if (j < e &&
			    (is_kw(&t[j], "SET") || is_kw(&t[j], "NO")))
				j++;
			j = UT_MIN(j + 1, e);
		} else if (is_kw(&t[j], "MATCH")) {
			j = UT_MIN(j + 2, e);
		} else if (is_kw(&t[j], "NOT") && j + 1 < e &&
		           is_kw(&t[j + 1], "DEFERRABLE")) {
			fk->deferrable = NULL;
			j += 2;
		} else if (is_kw(&t[j], "DEFERRABLE")) {
			fk->deferrable = "DEFERRABLE";
			j++;
		} else if (is_kw(&t[j], "INITIALLY") && j + 1 < e) {
			if (is_kw(&t[j + 1], "DEFERRED") && fk->deferrable)
				fk->deferrable =
				        "DEFERRABLE INITIALLY DEFERRED";
			j += 2;
		} else {
			break;
		}
	}
	return j;
}

static bool col_cons_kw(const tok *k)
{
	static const char *const kws[] = {
		"CONSTRAINT", "PRIMARY",   "NOT",     "NULL",
		"UNIQUE",     "CHECK",     "DEFAULT", "COLLATE",
		"REFERENCES", "GENERATED", "AS",
	};

	if (k->t != TK_ID)
		return false;
	for (size_t i = 0; i < UT_ARRAY_SIZE(kws); i++)
		if (is_kw(k, kws[i]))
			return true;
	return false;
}

static void parse_column(const parser *p, p_table *pt, size_t b, size_t e)
{
	const tok *t = p->t;
	const char *cname = NULL;
	p_col c = { 0 };
	size_t j = b + 1;

	c.name = unquote(p->a, &t[b]);
	/* the type: words, then an optional "(n[, m])" */
	while (j < e &&
	       (t[j].t == TK_ID || t[j].t == TK_QID || t[j].t == TK_STR) &&
	       !col_cons_kw(&t[j]))
		j++;
	if (j < e && is_op(&t[j], '('))
		j = skip_group(t, e, j);
	while (j < e) {
		if (is_kw(&t[j], "CONSTRAINT")) {
			cname = j + 1 < e ? unquote(p->a, &t[j + 1]) : NULL;
			j += 2;
			continue;
		}
		if (is_kw(&t[j], "PRIMARY")) {
			p_part part = { c.name, NULL, false };
			j++;
			if (j < e && is_kw(&t[j], "KEY"))
				j++;
			if (j < e &&
			    (is_kw(&t[j], "ASC") || is_kw(&t[j], "DESC")))
				part.desc = is_kw(&t[j++], "DESC");
			j = skip_conflict(p, j, e);
			if (j < e && is_kw(&t[j], "AUTOINCREMENT")) {
				c.autoinc = true;
				j++;
			}
			pt->has_pk = true;
			pt->pk.name = cname;
			pt->pk.parts.len = 0;
			ut_vec_apush(p->a, &pt->pk.parts, part);
		} else if (is_kw(&t[j], "NOT") && j + 1 < e &&
		           is_kw(&t[j + 1], "NULL")) {
			j = skip_conflict(p, j + 2, e);
		} else if (is_kw(&t[j], "NULL")) {
			j = skip_conflict(p, j + 1, e);
		} else if (is_kw(&t[j], "UNIQUE")) {
			p_key k = { cname, UT_VEC_INIT, false };
			p_part part = { c.name, NULL, false };
			ut_vec_apush(p->a, &k.parts, part);
			ut_vec_apush(p->a, &pt->uniques, k);
			j = skip_conflict(p, j + 1, e);
		} else if (is_kw(&t[j], "CHECK")) {
			j++;
			if (j < e && is_op(&t[j], '(')) {
				size_t g = skip_group(t, e, j);
				p_check ck = { cname,
					       span(p->a, t, j + 1, g - 1) };
				ut_vec_apush(p->a, &pt->checks, ck);
				j = g;
			}
		} else if (is_kw(&t[j], "DEFAULT")) {
			size_t g;
			j++;
			if (j >= e)
				break;
			if (is_op(&t[j], '('))
				g = skip_group(t, e, j);
			else if ((is_op(&t[j], '-') || is_op(&t[j], '+')) &&
			         j + 1 < e)
				g = j + 2;
			else
				g = j + 1;
			c.dflt = span(p->a, t, j, g);
			j = g;
		} else if (is_kw(&t[j], "COLLATE")) {
			j++;
			if (j < e)
				c.coll = unquote(p->a, &t[j++]);
		} else if (is_kw(&t[j], "REFERENCES")) {
			p_fk fk = { 0 };
			fk.name = cname;
			ut_vec_apush(p->a, &fk.cols, c.name);
			j = parse_fk_tail(p, &fk, j + 1, e);
			ut_vec_apush(p->a, &pt->fks, fk);
		} else if (is_kw(&t[j], "GENERATED")) {
			j++;
			if (j < e && is_kw(&t[j], "ALWAYS"))
				j++;
			continue; /* AS follows, keep the name pending */
		} else if (is_kw(&t[j], "AS")) {
			j++;
			if (j < e && is_op(&t[j], '(')) {
				size_t g = skip_group(t, e, j);
				c.gen = span(p->a, t, j + 1, g - 1);
				j = g;
			}
			if (j < e &&
			    (is_kw(&t[j], "STORED") || is_kw(&t[j], "VIRTUAL")))
				j++;
		} else {
			j++; /* unknown: skip */
			continue;
		}
		cname = NULL;
	}
	ut_vec_apush(p->a, &pt->cols, c);
}

/* Table constraints; SQLite lets them follow each other without commas. */
static void parse_table_cons(const parser *p, p_table *pt, size_t b, size_t e)
{
	const tok *t = p->t;
	const char *cname = NULL;
	size_t j = b;

	while (j < e) {
		if (is_kw(&t[j], "CONSTRAINT")) {
			cname = j + 1 < e ? unquote(p->a, &t[j + 1]) : NULL;
			j += 2;
			continue;
		}
		if (is_kw(&t[j], "PRIMARY") || is_kw(&t[j], "UNIQUE")) {
			bool pk = is_kw(&t[j], "PRIMARY"), autoinc = false;
			p_key k = { cname, UT_VEC_INIT, false };

			j++;
			if (pk && j < e && is_kw(&t[j], "KEY"))
				j++;
			if (j < e && is_op(&t[j], '(')) {
				size_t g = skip_group(t, e, j);
				parse_parts(p, &k.parts, j + 1, g - 1,
				            &autoinc);
				j = g;
			}
			j = skip_conflict(p, j, e);
			if (pk) {
				pt->has_pk = true;
				pt->pk = k;
				for (size_t i = 0; autoinc && i < pt->cols.len;
				     i++)
					if (k.parts.len == 1 &&
					    ut_str_ieq(pt->cols.items[i].name,
					               k.parts.items[0].name))
						pt->cols.items[i].autoinc =
						        true;
			} else {
				ut_vec_apush(p->a, &pt->uniques, k);
			}
		} else if (is_kw(&t[j], "CHECK")) {
			j++;
			if (j < e && is_op(&t[j], '(')) {
				size_t g = skip_group(t, e, j);
				p_check ck = { cname,
					       span(p->a, t, j + 1, g - 1) };
				ut_vec_apush(p->a, &pt->checks, ck);
				j = g;
			}
			j = skip_conflict(p, j, e);
		} else if (is_kw(&t[j], "FOREIGN")) {
			p_fk fk = { 0 };
			fk.name = cname;
			j++;
			if (j < e && is_kw(&t[j], "KEY"))
				j++;
			if (j < e && is_op(&t[j], '(')) {
				size_t g = skip_group(t, e, j);
				parse_names(p, &fk.cols, j + 1, g - 1);
				j = g;
			}
			if (j < e && is_kw(&t[j], "REFERENCES"))
				j = parse_fk_tail(p, &fk, j + 1, e);
			ut_vec_apush(p->a, &pt->fks, fk);
		} else {
			j++;
			continue;
		}
		cname = NULL;
	}
}

static bool table_cons_kw(const tok *k)
{
	return is_kw(k, "CONSTRAINT") || is_kw(k, "PRIMARY") ||
	       is_kw(k, "UNIQUE") || is_kw(k, "CHECK") || is_kw(k, "FOREIGN");
}

static void parse_create_table(p_table *pt, ut_arena *a, toks *tk,
                               const char *sql)
{
	parser p;
	size_t n, i, close;
	bool cons = false;

	memset(pt, 0, sizeof(*pt));
	if (!sql)
		return;
	lex(tk, sql);
	p.t = tk->items;
	p.a = a;
	n = stmt_end(tk);
	if (n > 1 && is_kw(&p.t[1], "VIRTUAL")) {
		for (i = 2; i < n; i++)
			if (is_kw(&p.t[i], "USING")) {
				pt->virtual_args = span(a, p.t, i + 1, n);
				break;
			}
		return;
	}
	for (i = 0; i < n; i++) {
		if (is_kw(&p.t[i], "AS"))
			return; /* CREATE TABLE ... AS SELECT */
		if (is_op(&p.t[i], '('))
			break;
	}
	if (i >= n)
		return;
	close = skip_group(p.t, n, i) - 1;
	for (size_t b = i + 1; b < close;) {
		size_t e = next_comma(p.t, b, close);
		if (e > b) {
			if (!cons && table_cons_kw(&p.t[b]))
				cons = true;
			if (cons)
				parse_table_cons(&p, pt, b, e);
			else
				parse_column(&p, pt, b, e);
		}
		b = e + 1;
	}
	for (i = close + 1; i < n; i++) {
		if (is_kw(&p.t[i], "WITHOUT") && i + 1 < n &&
		    is_kw(&p.t[i + 1], "ROWID"))
			pt->without_rowid = true;
		if (is_kw(&p.t[i], "STRICT"))
			pt->strict = true;
	}
}

/* CREATE INDEX: the indexed items and the WHERE predicate. */
typedef struct p_index {
	p_parts parts;
	const char *where;
	bool ok;
} p_index;

static void parse_create_index(p_index *pi, ut_arena *a, toks *tk,
                               const char *sql)
{
	parser p;
	size_t n, i;

	memset(pi, 0, sizeof(*pi));
	if (!sql)
		return;
	lex(tk, sql);
	p.t = tk->items;
	p.a = a;
	n = stmt_end(tk);
	for (i = 0; i < n && !is_kw(&p.t[i], "ON"); i++)
		;
	for (; i < n && !is_op(&p.t[i], '('); i++)
		;
	if (i >= n)
		return;
	{
		size_t g = skip_group(p.t, n, i);
		parse_parts(&p, &pi->parts, i + 1, g - 1, NULL);
		pi->ok = true;
		if (g < n && is_kw(&p.t[g], "WHERE"))
			pi->where = span(a, p.t, g + 1, n);
	}
}

/* The SELECT of a CREATE VIEW, NULL when not found. */
static const char *parse_view_query(ut_arena *a, toks *tk, const char *sql)
{
	size_t n, i = 0;

	if (!sql)
		return NULL;
	lex(tk, sql);
	n = stmt_end(tk);
	while (i < n) {
		if (is_kw(&tk->items[i], "AS"))
			return span(a, tk->items, i + 1, n);
		i = is_op(&tk->items[i], '(') ? skip_group(tk->items, n, i)
		                              : i + 1;
	}
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Types                                                               */
/* ------------------------------------------------------------------ */

/*
 * Lower case, runs of blanks to one space, no blanks next to "(", ")"
 * and ",": "DECIMAL(10, 2)" -> "decimal(10,2)".
 */
static const char *norm_type(sm_realm *r, const char *type)
{
	ut_buf b = UT_BUF_INIT;
	const char *out;
	bool space = false;

	for (const char *p = type ? type : ""; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (isspace(c)) {
			space = true;
			continue;
		}
		if (space && b.len && !strchr("(,", b.ptr[b.len - 1]) &&
		    !strchr("(),", c))
			ut_buf_putc(&b, ' ');
		space = false;
		ut_buf_putc(&b, (char)tolower(c));
	}
	out = sm_strndup(r, b.ptr, b.len);
	ut_buf_release(&b);
	return out;
}

static bool has(const char *type, const char *word)
{
	return strstr(type, word) != NULL;
}

/* SQLite affinity rules (datatype3.html 3.1), refined for numerics. */
static sm_tclass type_class(const char *t)
{
	if (has(t, "int"))
		return SM_T_INT;
	if (has(t, "char") || has(t, "clob") || has(t, "text"))
		return SM_T_STRING;
	if (!*t || has(t, "blob"))
		return SM_T_BINARY;
	if (has(t, "real") || has(t, "floa") || has(t, "doub"))
		return SM_T_FLOAT;
	if (has(t, "decimal") || has(t, "numeric"))
		return SM_T_DECIMAL;
	if (has(t, "bool"))
		return SM_T_BOOL;
	if (has(t, "date") || has(t, "time"))
		return SM_T_TIME;
	if (has(t, "json"))
		return SM_T_JSON;
	if (has(t, "uuid"))
		return SM_T_UUID;
	return SM_T_OTHER;
}

/* ------------------------------------------------------------------ */
/* Inspection                                                          */
/* ------------------------------------------------------------------ */

typedef struct master_row {
	const char *type, *name, *tbl, *sql;
} master_row;

typedef struct pk_col {
	long no;
	sm_column *col;
} pk_col;

typedef struct tinfo {
	sm_table *t;
	p_table p;
	bool virt;
	UT_VEC(pk_col) pk;
} tinfo;

typedef struct iinfo {
	sm_index *ix;
	tinfo *ti;
	p_index p;
	char origin;     /* 'c', 'u', 'p' (primary key), 0 = not seen */
	p_parts *stated; /* the COLLATEs the DDL states, NULL = unknown */
} iinfo;

typedef struct ictx {
	sm_realm *r;
	sm_schema *s;
	dl_conn *c;
	ut_arena a; /* scratch, released at the end */
	toks tk;
	UT_VEC(master_row) master;
	UT_VEC(tinfo *) tables;
	UT_VEC(iinfo *) indexes;
	ut_map shadow; /* name -> non-NULL */
	ut_map tabs;   /* exact name -> tinfo */
	ut_map objs;   /* nocase name -> sm_object (tables and views) */
	ut_map idx;    /* exact name -> iinfo */
	tinfo *fk_t;   /* FK row grouping */
	long fk_id;
	sm_foreign_key *fk;
	sm_view *view;
} ictx;

static bool internal_name(const char *name)
{
	return ut_str_nieq(name, "sqlite_", 7) ||
	       ut_str_nieq(name, "libsql_", 7);
}

static long to_long(const char *s)
{
	return s ? strtol(s, NULL, 10) : 0;
}

static const char *ad(ictx *x, const char *s)
{
	return s ? ut_arena_strdup(&x->a, s) : NULL;
}

static int master_row_fn(const char *const *v, size_t n, void *payload)
{
	ictx *x = payload;
	master_row m;

	(void)n;
	if (!v[0] || !v[1])
		return 0;
	m.type = ad(x, v[0]);
	m.name = ad(x, v[1]);
	m.tbl = ad(x, v[2] ? v[2] : "");
	m.sql = ad(x, v[3]);
	ut_vec_apush(&x->a, &x->master, m);
	return 0;
}

static int shadow_row_fn(const char *const *v, size_t n, void *payload)
{
	ictx *x = payload;

	(void)n;
	if (v[0] && v[1] && !strcmp(v[1], "shadow"))
		ut_map_put(&x->shadow, ad(x, v[0]), x);
	return 0;
}

static const p_col *pcol_find(const tinfo *ti, long cid, const char *name)
{
	const p_table *p = &ti->p;

	if (cid >= 0 && (size_t)cid < p->cols.len &&
	    ut_str_ieq(p->cols.items[cid].name, name))
		return &p->cols.items[cid];
	for (size_t i = 0; i < p->cols.len; i++)
		if (ut_str_ieq(p->cols.items[i].name, name))
			return &p->cols.items[i];
	return NULL;
}

/* One row of pragma_table_xinfo: cid name type notnull dflt pk hidden. */
static void column_add(ictx *x, tinfo *ti, const char *const *v)
{
	const char *type = norm_type(x->r, v[2]);
	sm_column *col = sm_column_add(x->r, ti->t, v[1] ? v[1] : "", NULL);
	long cid = to_long(v[0]), pk = to_long(v[5]), hidden = to_long(v[6]);
	const p_col *pc = pcol_find(ti, cid, col->obj.name);

	col->type = type;
	col->tclass = type_class(type);
	col->nullable = !(v[3] && !strcmp(v[3], "1"));
	col->default_expr = sm_strdup(x->r, pc && pc->dflt ? pc->dflt : v[4]);
	if (pc && pc->coll)
		col->collation = sm_strdup(x->r, pc->coll);
	if (pc && pc->autoinc)
		col->auto_increment = true;
	if (hidden == 1)
		col->invisible = true;
	if (hidden == 2 || hidden == 3) {
		col->generated = sm_strdup(x->r, pc && pc->gen ? pc->gen : "");
		col->generated_stored = hidden == 3;
		col->default_expr = NULL;
	}
	if (pk > 0) {
		pk_col pcl = { pk, col };
		ut_vec_apush(&x->a, &ti->pk, pcl);
	}
}

static int column_row_fn(const char *const *v, size_t n, void *payload)
{
	ictx *x = payload;
	tinfo *ti;

	(void)n;
	if (!v[0] || !(ti = ut_map_get(&x->tabs, v[0])))
		return 0;
	column_add(x, ti, v + 1);
	return 0;
}

typedef struct vcol_ctx {
	ictx *x;
	tinfo *ti;
} vcol_ctx;

static int vcolumn_row_fn(const char *const *v, size_t n, void *payload)
{
	vcol_ctx *vc = payload;

	(void)n;
	column_add(vc->x, vc->ti, v);
	return 0;
}

static int pk_cmp(const void *a, const void *b)
{
	const pk_col *x = a, *y = b;
	return x->no < y->no ? -1 : x->no > y->no;
}

static const p_part *stated_part(const p_parts *parts, const char *name)
{
	for (size_t i = 0; parts && i < parts->len; i++)
		if (ut_str_ieq(parts->items[i].name, name))
			return &parts->items[i];
	return NULL;
}

static void build_pk(ictx *x, tinfo *ti)
{
	sm_index *pk;

	if (!ti->pk.len)
		return;
	qsort(ti->pk.items, ti->pk.len, sizeof(*ti->pk.items), pk_cmp);
	pk = sm_pk_set(x->r, ti->t,
	               ti->p.has_pk && ti->p.pk.name ? ti->p.pk.name : "");
	for (size_t i = 0; i < ti->pk.len; i++) {
		const char *name = ti->pk.items[i].col->obj.name;
		const p_part *sp = ti->p.has_pk
		                           ? stated_part(&ti->p.pk.parts, name)
		                           : NULL;
		sm_index_add_column(x->r, pk, name, sp && sp->desc);
		if (sp && sp->coll)
			ut_vec_last(&pk->parts).collation =
			        sm_strdup(x->r, sp->coll);
	}
}

static void table_add(ictx *x, const master_row *m)
{
	tinfo *ti = ut_arena_alloc(&x->a, sizeof(*ti));

	ti->t = sm_table_add(x->r, x->s, m->name);
	parse_create_table(&ti->p, &x->a, &x->tk, m->sql);
	if (m->sql && ut_str_nieq(m->sql, "CREATE VIRTUAL", 14)) {
		ti->virt = true;
		sm_attr_set(x->r, &ti->t->attrs, "virtual",
		            ti->p.virtual_args ? ti->p.virtual_args : "");
	}
	if (ti->p.without_rowid)
		sm_attr_set(x->r, &ti->t->attrs, "without_rowid", "");
	if (ti->p.strict)
		sm_attr_set(x->r, &ti->t->attrs, "strict", "");
	for (size_t i = 0; i < ti->p.checks.len; i++)
		sm_check_add(x->r, ti->t,
		             ti->p.checks.items[i].name
		                     ? ti->p.checks.items[i].name
		                     : "",
		             ti->p.checks.items[i].expr);
	ut_vec_apush(&x->a, &x->tables, ti);
	ut_map_put(&x->tabs, ti->t->obj.name, ti);
	ut_map_put(&x->objs, ti->t->obj.name, &ti->t->obj);
}

static iinfo *index_new(ictx *x, tinfo *ti, const char *name, const char *sql)
{
	iinfo *ii = ut_arena_alloc(&x->a, sizeof(*ii));

	ii->ti = ti;
	ii->ix = sm_index_add(x->r, ti->t, name);
	if (sql) {
		ii->ix->def = sm_strdup(x->r, sql);
		parse_create_index(&ii->p, &x->a, &x->tk, sql);
		if (ii->p.where)
			ii->ix->where = sm_strdup(x->r, ii->p.where);
	}
	ut_vec_apush(&x->a, &x->indexes, ii);
	ut_map_put(&x->idx, ii->ix->obj.name, ii);
	return ii;
}

/*
 * Row: table, index, unique, origin, partial, seqno, cid, column, desc,
 * coll. The primary key's rows only refine its parts.
 */
static int index_row_fn(const char *const *v, size_t n, void *payload)
{
	ictx *x = payload;
	tinfo *ti;
	iinfo *ii;
	sm_index_part *part;
	long seqno = to_long(v[5]), cid = to_long(v[6]);
	bool desc = v[8] && !strcmp(v[8], "1");

	(void)n;
	if (!v[0] || !v[1] || !(ti = ut_map_get(&x->tabs, v[0])))
		return 0;
	ii = ut_map_get(&x->idx, v[1]);
	if (v[3] && !strcmp(v[3], "pk")) {
		sm_index *pk = ti->t->pk;
		if (ii)
			ii->origin = 'p';
		if (pk && seqno >= 0 && (size_t)seqno < pk->parts.len) {
			part = &pk->parts.items[seqno];
			part->desc = desc;
			if (!ti->p.has_pk && v[9] &&
			    !ut_str_ieq(v[9], "BINARY"))
				part->collation = sm_strdup(x->r, v[9]);
		}
		return 0;
	}
	if (!ii)
		ii = index_new(x, ti, v[1], NULL);
	if (!ii->origin) {
		ii->origin = v[3] && !strcmp(v[3], "u") ? 'u' : 'c';
		ii->ix->unique = v[2] && !strcmp(v[2], "1");
		ii->ix->constraint = ii->origin == 'u';
	}
	if (cid >= 0) {
		sm_index_add_column(x->r, ii->ix, v[7] ? v[7] : "", desc);
	} else if (cid == -1) {
		sm_index_add_column(x->r, ii->ix, "rowid", desc);
	} else {
		const char *expr = "";
		if (ii->p.ok && seqno >= 0 && (size_t)seqno < ii->p.parts.len)
			expr = ii->p.parts.items[seqno].name;
		sm_index_add_expr(x->r, ii->ix, expr, desc);
	}
	/* the effective collation, replaced by the stated one later */
	ut_vec_last(&ii->ix->parts).collation = sm_strdup(x->r, v[9]);
	return 0;
}

static bool parts_match(const sm_index *ix, const p_parts *pp)
{
	if (ix->parts.len != pp->len)
		return false;
	for (size_t i = 0; i < pp->len; i++)
		if (!ix->parts.items[i].column ||
		    !ut_str_ieq(ix->parts.items[i].column, pp->items[i].name))
			return false;
	return true;
}

/*
 * Names UNIQUE constraints after their CONSTRAINT clause and settles
 * every part's collation: the one the DDL states when the DDL could be
 * read, else the effective one unless it is the column's own.
 */
static void finish_indexes(ictx *x)
{
	for (size_t i = 0; i < x->indexes.len; i++) {
		iinfo *ii = x->indexes.items[i];
		sm_index *ix = ii->ix;
		const p_parts *stated = NULL;

		if (ii->origin == 'u') {
			p_table *p = &ii->ti->p;
			for (size_t k = 0; k < p->uniques.len; k++) {
				p_key *key = &p->uniques.items[k];
				if (key->used || !parts_match(ix, &key->parts))
					continue;
				key->used = true;
				stated = &key->parts;
				if (key->name)
					ix->obj.name =
					        sm_strdup(x->r, key->name);
				break;
			}
			ix->auto_named = ut_str_prefix(ix->obj.name,
			                               "sqlite_autoindex_");
		} else if (ii->p.ok && ii->p.parts.len == ix->parts.len) {
			stated = &ii->p.parts;
		}
		for (size_t k = 0; k < ix->parts.len; k++) {
			sm_index_part *part = &ix->parts.items[k];
			sm_column *col;
			const char *dflt = "BINARY";

			if (stated) {
				const char *c = stated->items[k].coll;
				part->collation = c ? sm_strdup(x->r, c) : NULL;
				continue;
			}
			if (part->column &&
			    (col = sm_table_find_column(ii->ti->t,
			                                part->column)) &&
			    col->collation)
				dflt = col->collation;
			if (part->collation &&
			    ut_str_ieq(part->collation, dflt))
				part->collation = NULL;
		}
	}
	/* drop the placeholders of primary-key autoindexes */
	for (size_t i = 0; i < x->indexes.len; i++) {
		iinfo *ii = x->indexes.items[i];
		sm_table *t = ii->ti->t;
		size_t k = 0;

		if (ii->origin != 'p' && ii->origin != 0)
			continue;
		for (size_t j = 0; j < t->indexes.len; j++)
			if (t->indexes.items[j] != ii->ix)
				t->indexes.items[k++] = t->indexes.items[j];
		t->indexes.len = k;
	}
}

/* Row: table, id, seq, table, from, to, on_update, on_delete. */
static int fk_row_fn(const char *const *v, size_t n, void *payload)
{
	ictx *x = payload;
	tinfo *ti;
	long id = to_long(v[1]);

	(void)n;
	if (!v[0] || !(ti = ut_map_get(&x->tabs, v[0])))
		return 0;
	if (x->fk_t != ti || x->fk_id != id || !x->fk) {
		x->fk = sm_fk_add(x->r, ti->t, "");
		x->fk->ref_table = sm_strdup(x->r, v[3] ? v[3] : "");
		if (v[6])
			x->fk->on_update = sm_strdup(x->r, v[6]);
		if (v[7])
			x->fk->on_delete = sm_strdup(x->r, v[7]);
		x->fk_t = ti;
		x->fk_id = id;
	}
	sm_strs_add(x->r, &x->fk->columns, v[4] ? v[4] : "");
	/* NULL = the parent's primary key, resolved in finish_fks */
	sm_strs_add(x->r, &x->fk->ref_columns, v[5]);
	return 0;
}

static bool fk_cols_match(const sm_foreign_key *fk, const p_fk *p)
{
	if (fk->columns.len != p->cols.len || !p->ref ||
	    !ut_str_ieq(fk->ref_table, p->ref))
		return false;
	for (size_t i = 0; i < p->cols.len; i++)
		if (!ut_str_ieq(fk->columns.items[i], p->cols.items[i]))
			return false;
	return true;
}

static void finish_fks(ictx *x)
{
	for (size_t i = 0; i < x->tables.len; i++) {
		tinfo *ti = x->tables.items[i];
		sm_table *t = ti->t;

		/* the pragma lists the last declared first */
		for (size_t a = 0, b = t->fks.len; a + 1 < b; a++, b--) {
			sm_foreign_key *tmp = t->fks.items[a];
			t->fks.items[a] = t->fks.items[b - 1];
			t->fks.items[b - 1] = tmp;
		}
		for (size_t k = 0; k < t->fks.len; k++) {
			sm_foreign_key *fk = t->fks.items[k];
			sm_object *ref = ut_map_get(&x->objs, fk->ref_table);
			bool missing = false;

			for (size_t j = 0; j < ti->p.fks.len; j++) {
				p_fk *p = &ti->p.fks.items[j];
				if (p->used || !fk_cols_match(fk, p))
					continue;
				p->used = true;
				if (p->name)
					fk->obj.name = sm_strdup(x->r, p->name);
				fk->deferrable = p->deferrable;
				break;
			}
			if (ref && ref->kind == SM_TABLE)
				fk->ref_table = ref->name;
			for (size_t j = 0; j < fk->ref_columns.len; j++)
				missing |= fk->ref_columns.items[j] == NULL;
			if (!missing)
				continue;
			fk->ref_columns.len = 0;
			if (ref && ref->kind == SM_TABLE) {
				sm_index *pk = ((sm_table *)ref)->pk;
				for (size_t j = 0; pk && j < pk->parts.len; j++)
					sm_strs_add(x->r, &fk->ref_columns,
					            pk->parts.items[j].column);
			}
		}
	}
}

static void view_column_add(ictx *x, sm_view *v, const char *const *r)
{
	sm_column *c = ut_arena_alloc(&x->r->arena, sizeof(*c));

	c->obj.kind = SM_COLUMN;
	c->obj.name = sm_strdup(x->r, r[0] ? r[0] : "");
	c->obj.parent = &v->obj;
	c->type = norm_type(x->r, r[1]);
	c->tclass = type_class(c->type);
	c->nullable = !(r[2] && !strcmp(r[2], "1"));
	c->default_expr = sm_strdup(x->r, r[3]);
	c->position = (int)v->columns.len;
	ut_vec_apush(&x->r->arena, &v->columns, c);
}

static int view_row_fn(const char *const *v, size_t n, void *payload)
{
	ictx *x = payload;
	sm_object *o;

	(void)n;
	if (!v[0] || !(o = ut_map_get(&x->objs, v[0])) || o->kind != SM_VIEW)
		return 0;
	view_column_add(x, (sm_view *)o, v + 1);
	return 0;
}

static int one_view_row_fn(const char *const *v, size_t n, void *payload)
{
	ictx *x = payload;

	(void)n;
	view_column_add(x, x->view, v);
	return 0;
}

static int inspect_columns(ictx *x)
{
	int error;

	error = dl_sqlite__query(
	        x->c,
	        "SELECT m.name, p.cid, p.name, p.type, p.\"notnull\", "
	        "p.dflt_value, p.pk, p.hidden "
	        "FROM main.sqlite_master AS m, "
	        "pragma_table_xinfo(m.name, 'main') AS p "
	        "WHERE m.type = 'table' AND m.sql NOT LIKE 'CREATE VIRTUAL%'",
	        NULL, 0, column_row_fn, x);
	if (error < 0)
		return error;
	/*
	 * Virtual tables one by one: their module may be missing from this
	 * build, and then their columns are unknown but the rest is not.
	 */
	for (size_t i = 0; i < x->tables.len; i++) {
		tinfo *ti = x->tables.items[i];
		vcol_ctx vc = { x, ti };
		const char *name = ti->t->obj.name;

		if (!ti->virt)
			continue;
		if (dl_sqlite__query(
		            x->c,
		            "SELECT cid, name, type, \"notnull\", dflt_value, pk, hidden "
		            "FROM pragma_table_xinfo(?, 'main')",
		            &name, 1, vcolumn_row_fn, &vc) < 0) {
			ut_error_clear();
			ti->t->columns.len = 0;
			ti->pk.len = 0;
		}
	}
	for (size_t i = 0; i < x->tables.len; i++)
		build_pk(x, x->tables.items[i]);
	return 0;
}

static void inspect_view_columns(ictx *x)
{
	if (dl_sqlite__query(
	            x->c,
	            "SELECT m.name, p.name, p.type, p.\"notnull\", p.dflt_value "
	            "FROM main.sqlite_master AS m, "
	            "pragma_table_xinfo(m.name, 'main') AS p "
	            "WHERE m.type = 'view'",
	            NULL, 0, view_row_fn, x) == 0)
		return;
	/* a view over a dropped table fails the join: go one by one */
	ut_error_clear();
	for (size_t i = 0; i < x->s->views.len; i++)
		x->s->views.items[i]->columns.len = 0;
	for (size_t i = 0; i < x->s->views.len; i++) {
		const char *name = x->s->views.items[i]->obj.name;
		x->view = x->s->views.items[i];
		if (dl_sqlite__query(
		            x->c,
		            "SELECT name, type, \"notnull\", dflt_value "
		            "FROM pragma_table_xinfo(?, 'main')",
		            &name, 1, one_view_row_fn, x) < 0) {
			ut_error_clear();
			x->view->columns.len = 0;
		}
	}
}

static int want_main(const dl_inspect_opts *o)
{
	if (!o || !o->nschemas)
		return 1;
	for (size_t i = 0; i < o->nschemas; i++)
		if (o->schemas[i] && !strcmp(o->schemas[i], "main"))
			return 1;
	return 0;
}

int dl_sqlite__inspect(sm_realm **out, dl_conn *c, const dl_inspect_opts *o)
{
	ictx x;
	int error = 0;

	*out = NULL;
	memset(&x, 0, sizeof(x));
	ut_arena_init(&x.a);
	x.c = c;
	x.objs.nocase = true;
	x.r = sm_realm_new("sqlite");
	x.r->scope = sm_strdup(x.r, "main");
	if (!want_main(o)) {
		error = ut_error_set(
		        UT_ENOTFOUND,
		        "schema '%s' was not found: a sqlite database has only 'main'",
		        o->schemas[0]);
		goto done;
	}
	x.s = sm_schema_add(x.r, "main");

	if ((error = dl_sqlite__query(
	             c,
	             "SELECT type, name, tbl_name, sql FROM main.sqlite_master",
	             NULL, 0, master_row_fn, &x)) < 0)
		goto done;
	/* pragma_table_list (3.37+) tells shadow tables apart */
	if (dl_sqlite__query(
	            c,
	            "SELECT name, type FROM pragma_table_list WHERE schema = 'main'",
	            NULL, 0, shadow_row_fn, &x) < 0)
		ut_error_clear();

	for (size_t i = 0; i < x.master.len; i++) {
		master_row *m = &x.master.items[i];
		if (internal_name(m->name))
			continue;
		if (!strcmp(m->type, "table") &&
		    !ut_map_get(&x.shadow, m->name)) {
			table_add(&x, m);
		} else if (!strcmp(m->type, "view")) {
			sm_view *v = sm_view_add(x.r, x.s, m->name, m->sql);
			v->query = sm_strdup(
			        x.r, parse_view_query(&x.a, &x.tk, m->sql));
			ut_map_put(&x.objs, v->obj.name, &v->obj);
		}
	}
	for (size_t i = 0; i < x.master.len; i++) {
		master_row *m = &x.master.items[i];
		tinfo *ti;
		if (!strcmp(m->type, "index") &&
		    (ti = ut_map_get(&x.tabs, m->tbl)))
			index_new(&x, ti, m->name, m->sql);
	}

	if ((error = inspect_columns(&x)) < 0)
		goto done;
	if ((error = dl_sqlite__query(
	             c,
	             "SELECT m.name, il.name, il.\"unique\", il.origin, il.partial, "
	             "ix.seqno, ix.cid, ix.name, ix.\"desc\", ix.coll "
	             "FROM main.sqlite_master AS m, "
	             "pragma_index_list(m.name, 'main') AS il, "
	             "pragma_index_xinfo(il.name, 'main') AS ix "
	             "WHERE m.type = 'table' AND m.sql NOT LIKE 'CREATE VIRTUAL%' "
	             "AND ix.key = 1",
	             NULL, 0, index_row_fn, &x)) < 0)
		goto done;
	finish_indexes(&x);
	if ((error = dl_sqlite__query(
	             c,
	             "SELECT m.name, f.id, f.seq, f.\"table\", f.\"from\", f.\"to\", "
	             "f.on_update, f.on_delete "
	             "FROM main.sqlite_master AS m, "
	             "pragma_foreign_key_list(m.name, 'main') AS f "
	             "WHERE m.type = 'table' AND m.sql NOT LIKE 'CREATE VIRTUAL%'",
	             NULL, 0, fk_row_fn, &x)) < 0)
		goto done;
	finish_fks(&x);
	inspect_view_columns(&x);

	for (size_t i = 0; i < x.master.len; i++) {
		master_row *m = &x.master.items[i];
		sm_object *on;
		if (strcmp(m->type, "trigger") || internal_name(m->name))
			continue;
		if ((on = ut_map_get(&x.objs, m->tbl)))
			sm_trigger_add(x.r, on, m->name, m->sql);
	}

	if (o && o->nexclude &&
	    (error = sm_realm_exclude(x.r, o->exclude, o->nexclude)) < 0)
		goto done;
	*out = x.r;
	x.r = NULL;
done:
	if (error == UT_EDB)
		ut_error_wrap("inspecting sqlite database");
	sm_realm_free(x.r);
	ut_map_release(&x.shadow);
	ut_map_release(&x.tabs);
	ut_map_release(&x.objs);
	ut_map_release(&x.idx);
	ut_vec_release(&x.tk);
	ut_arena_release(&x.a);
	return error;
}
