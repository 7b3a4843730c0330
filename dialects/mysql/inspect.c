/* SPDX-License-Identifier: MIT */
/*
 * dialects/mysql/inspect.c: information_schema -> realm, for MySQL and
 * MariaDB. Invariant: the number of queries does not depend on the number
 * of tables: one query per kind of object (schemas, tables, columns,
 * indexes, foreign keys, checks, partitions and subpartitions, views,
 * triggers, MariaDB sequences: one UNION ALL over the sequences
 * themselves), plus one SHOW CREATE per routine and event (their text is
 * not in information_schema whole).
 *
 * Text is normalized so that the same schema inspects the same on both
 * servers and under any schema name: defaults become SQL text (MariaDB
 * 10.2+ reports literals quoted and expressions bare, MySQL reports
 * literals bare and flags expressions DEFAULT_GENERATED), MySQL 8's
 * backslash-escaped quotes in expressions are undone, views and defaults
 * lose the qualifier of their own schema and every definition loses its
 * DEFINER.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "my_int.h"
#include "ut.h"

typedef struct insp {
	dl_my_conn *c;
	sm_realm *r;
	ut_arena scratch;
	ut_map schemas;              /* name -> sm_schema */
	ut_map tables;               /* "schema\037table" -> sm_table */
	ut_map views;                /* "schema\037view" -> sm_view */
	ut_buf in;                   /* "('a', 'b')": the schemas inspected */
	size_t npartitioned, nviews; /* skip the queries that find nothing */
	bool realm; /* the whole server: lint's replay-cache schemas hidden */
	ut_map sequences;            /* "schema\037name" -> sm_sequence */
	ut_buf seq_sql;              /* one SELECT per sequence, UNION ALL */
} insp;

/* ---- helpers ---------------------------------------------------------- */

static const char *obj_key(insp *x, const char *schema, const char *name)
{
	return ut_arena_printf(&x->scratch, "%s\037%s", schema, name);
}

static sm_table *table_of(insp *x, const char *schema, const char *name)
{
	if (!schema || !name)
		return NULL;
	return ut_map_get(&x->tables, obj_key(x, schema, name));
}

static bool empty(const char *s)
{
	return !s || !*s;
}

/* A string literal escaped by the connection (schema lists in queries). */
static void put_conn_literal(insp *x, ut_buf *b, const char *s)
{
	size_t n = strlen(s);
	unsigned long w;

	ut_buf_grow(b, n * 2 + 3);
	b->ptr[b->len++] = '\'';
	w = mysql_real_escape_string(x->c->db, b->ptr + b->len, s,
	                             (unsigned long)n);
	b->len += w == (unsigned long)-1 ? 0 : w;
	b->ptr[b->len++] = '\'';
	b->ptr[b->len] = '\0';
}

/*
 * MySQL 8 reports expressions (generated columns, checks, functional
 * indexes, default expressions) with quotes escaped by backslashes:
 * _utf8mb4\'a\'. Undone here, so the text is SQL again.
 */
static const char *unescape_expr(insp *x, const char *s)
{
	ut_buf b = UT_BUF_INIT;
	const char *res;

	if (!s || !MY_ESCAPED_EXPRS(x->c) || !strchr(s, '\\'))
		return sm_strdup(x->r, s);
	for (const char *p = s; *p; p++) {
		if (p[0] == '\\' && p[1] == '\'') {
			ut_buf_putc(&b, '\'');
			p++;
		} else {
			ut_buf_putc(&b, *p);
		}
	}
	res = sm_strdup(x->r, b.ptr);
	ut_buf_release(&b);
	return res;
}

/* Length of the quoted token at p, backslash escapes honoured. */
static size_t token_len(const char *p)
{
	char q = *p;
	size_t i = 1;

	while (p[i]) {
		if (p[i] == '\\' && q != '`' && p[i + 1]) {
			i += 2;
			continue;
		}
		if (p[i] == q) {
			if (p[i + 1] == q) {
				i += 2;
				continue;
			}
			return i + 1;
		}
		i++;
	}
	return i;
}

/*
 * Removes "`schema`." before names outside string literals: the server
 * qualifies every name of a view with its schema, which would make the
 * same view differ between two databases.
 */
static char *strip_qualifier(const char *sql, const char *schema)
{
	ut_buf q = UT_BUF_INIT, out = UT_BUF_INIT;

	dl_my__quote_ident(&q, schema);
	ut_buf_putc(&q, '.');
	for (const char *p = sql; *p;) {
		if (*p == '`' && !strncmp(p, q.ptr, q.len)) {
			p += q.len;
			continue;
		}
		if (*p == '\'' || *p == '"' || *p == '`') {
			size_t n = token_len(p);
			ut_buf_put(&out, p, n);
			p += n;
			continue;
		}
		ut_buf_putc(&out, *p++);
	}
	ut_buf_release(&q);
	return ut_buf_detach(&out);
}

/* "CREATE DEFINER=`u`@`h` PROCEDURE ..." -> "CREATE PROCEDURE ...". */
static char *strip_definer(const char *sql)
{
	const char *d = strstr(sql, "DEFINER=");
	ut_buf out = UT_BUF_INIT;
	const char *p;

	if (!d || !ut_str_prefix(sql, "CREATE ") || d > sql + 64)
		return ut_xstrdup(sql);
	p = d + 8;
	/* user@host, each part quoted or bare */
	for (int part = 0; part < 2 && *p; part++) {
		if (*p == '`' || *p == '\'' || *p == '"')
			p += token_len(p);
		else
			while (*p && *p != '@' && *p != ' ')
				p++;
		if (part == 0 && *p == '@')
			p++;
	}
	while (*p == ' ')
		p++;
	ut_buf_put(&out, sql, (size_t)(d - sql));
	ut_buf_puts(&out, p);
	return ut_buf_detach(&out);
}

static sm_tclass tclass_of(const char *t)
{
	static const struct {
		const char *name;
		sm_tclass c;
	} map[] = {
		{ "tinyint", SM_T_INT },
		{ "smallint", SM_T_INT },
		{ "mediumint", SM_T_INT },
		{ "int", SM_T_INT },
		{ "integer", SM_T_INT },
		{ "bigint", SM_T_INT },
		{ "decimal", SM_T_DECIMAL },
		{ "numeric", SM_T_DECIMAL },
		{ "float", SM_T_FLOAT },
		{ "double", SM_T_FLOAT },
		{ "real", SM_T_FLOAT },
		{ "char", SM_T_STRING },
		{ "varchar", SM_T_STRING },
		{ "tinytext", SM_T_STRING },
		{ "text", SM_T_STRING },
		{ "mediumtext", SM_T_STRING },
		{ "longtext", SM_T_STRING },
		{ "binary", SM_T_BINARY },
		{ "varbinary", SM_T_BINARY },
		{ "tinyblob", SM_T_BINARY },
		{ "blob", SM_T_BINARY },
		{ "mediumblob", SM_T_BINARY },
		{ "longblob", SM_T_BINARY },
		{ "bit", SM_T_OTHER },
		{ "date", SM_T_TIME },
		{ "time", SM_T_TIME },
		{ "datetime", SM_T_TIME },
		{ "timestamp", SM_T_TIME },
		{ "year", SM_T_TIME },
		{ "json", SM_T_JSON },
		{ "enum", SM_T_ENUM },
		{ "set", SM_T_SET },
		{ "geometry", SM_T_SPATIAL },
		{ "point", SM_T_SPATIAL },
		{ "linestring", SM_T_SPATIAL },
		{ "polygon", SM_T_SPATIAL },
		{ "multipoint", SM_T_SPATIAL },
		{ "multilinestring", SM_T_SPATIAL },
		{ "multipolygon", SM_T_SPATIAL },
		{ "geometrycollection", SM_T_SPATIAL },
		{ "geomcollection", SM_T_SPATIAL },
		{ "uuid", SM_T_UUID },
	};

	for (size_t i = 0; i < UT_ARRAY_SIZE(map); i++)
		if (ut_str_ieq(t, map[i].name))
			return map[i].c;
	return SM_T_OTHER;
}

/* The character set a collation belongs to: its name up to the first '_'. */
static const char *charset_of(insp *x, const char *collation)
{
	const char *u;

	if (empty(collation))
		return NULL;
	u = strchr(collation, '_');
	if (!u)
		return sm_strdup(x->r, collation);
	return sm_strndup(x->r, collation, (size_t)(u - collation));
}

static bool word_prefix_ci(const char *s, const char *w)
{
	size_t n = strlen(w);
	return ut_str_nieq(s, w, n) && !isalnum((unsigned char)s[n]) &&
	       s[n] != '_';
}

/* CURRENT_TIMESTAMP, current_timestamp(), NOW(6) and the other spellings. */
static bool is_now(const char *s)
{
	return word_prefix_ci(s, "current_timestamp") ||
	       word_prefix_ci(s, "now") || word_prefix_ci(s, "localtime") ||
	       word_prefix_ci(s, "localtimestamp");
}

static bool is_numeric_literal(const char *s)
{
	const char *p = s;
	bool digit = false;

	if (*p == '-' || *p == '+')
		p++;
	for (; *p; p++) {
		if (isdigit((unsigned char)*p))
			digit = true;
		else if (*p != '.' && *p != 'e' && *p != 'E' && *p != '-' &&
		         *p != '+')
			return false;
	}
	return digit;
}

/*
 * A column default as SQL text after DEFAULT, NULL for none (and for
 * DEFAULT NULL, the same thing for a nullable column). In a schema-bound
 * inspection, names of the schema lose their qualifier, as in views:
 * MariaDB reports DEFAULT NEXT VALUE FOR s as nextval(`db`.`s`).
 */
static const char *norm_default(insp *x, const char *def, const char *extra,
                                const char *dtype, const char *schema)
{
	sm_tclass tc = tclass_of(dtype);
	ut_buf b = UT_BUF_INIT;
	const char *res;

	if (!def)
		return NULL;
	if (x->c->mariadb && x->c->version >= 100207) {
		/* literals are quoted, NULL is the word NULL, the rest is SQL
		 */
		if (!strcmp(def, "NULL"))
			return NULL;
		if (x->c->base.schema && def[0] != '\'' && strchr(def, '`')) {
			char *bare = strip_qualifier(def, schema);
			res = sm_strdup(x->r, bare);
			free(bare);
			return res;
		}
		return sm_strdup(x->r, def);
	}
	if (extra && strstr(extra, "DEFAULT_GENERATED")) {
		if (is_now(def))
			return sm_strdup(x->r, def);
		ut_buf_putc(&b, '(');
		ut_buf_puts(&b, unescape_expr(x, def));
		ut_buf_putc(&b, ')');
		goto done;
	}
	if ((tc == SM_T_TIME && is_now(def)) ||
	    ((tc == SM_T_INT || tc == SM_T_FLOAT || tc == SM_T_DECIMAL) &&
	     is_numeric_literal(def)) ||
	    (!strcmp(dtype, "bit") && (def[0] == 'b' || def[0] == 'B')) ||
	    ut_str_prefix(def, "0x"))
		return sm_strdup(x->r, def);
	dl_my__quote_literal(&b, def);
done:
	res = sm_strdup(x->r, b.ptr);
	ut_buf_release(&b);
	return res;
}

/* ---- schemas ---------------------------------------------------------- */

static int schema_row(const char *const *v, size_t n, void *payload)
{
	insp *x = payload;
	sm_schema *s;

	(void)n;
	if (!v[0] || dl_my__system_schema(v[0]) ||
	    (x->realm && dl_my__stash_schema(v[0])))
		return 0;
	s = sm_schema_add(x->r, v[0]);
	s->charset = sm_strdup(x->r, v[1]);
	s->collation = sm_strdup(x->r, v[2]);
	if (!empty(v[3]))
		s->obj.comment = sm_strdup(x->r, v[3]);
	ut_map_put(&x->schemas, s->obj.name, s);
	if (x->in.len)
		ut_buf_puts(&x->in, ", ");
	put_conn_literal(x, &x->in, v[0]);
	return 0;
}

static int inspect_schemas(insp *x, const dl_inspect_opts *o)
{
	ut_buf sql = UT_BUF_INIT;
	int error;

	ut_buf_printf(
	        &sql,
	        "SELECT SCHEMA_NAME, DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME, %s "
	        "FROM information_schema.SCHEMATA",
	        x->c->mariadb && x->c->version >= 100501 ? "SCHEMA_COMMENT"
	                                                 : "NULL");
	if (o->nschemas) {
		ut_buf_puts(&sql, " WHERE SCHEMA_NAME IN (");
		for (size_t i = 0; i < o->nschemas; i++) {
			if (i)
				ut_buf_puts(&sql, ", ");
			put_conn_literal(x, &sql, o->schemas[i]);
		}
		ut_buf_putc(&sql, ')');
	} else if (x->c->base.schema) {
		ut_buf_puts(&sql, " WHERE SCHEMA_NAME = ");
		put_conn_literal(x, &sql, x->c->base.schema);
	} else {
		x->realm = true;
	}
	ut_buf_puts(&sql, " ORDER BY SCHEMA_NAME");
	error = dl_my__query(&x->c->base, sql.ptr, NULL, 0, schema_row, x);
	ut_buf_release(&sql);
	return error;
}

/* ---- tables ----------------------------------------------------------- */

/* "row_format=DYNAMIC stats_persistent=1 partitioned": the options kept. */
static void table_options(insp *x, sm_table *t, const char *opts)
{
	const char *p = opts;

	while (p && *p) {
		size_t n;
		const char *eq;

		while (*p == ' ')
			p++;
		n = strcspn(p, " ");
		eq = memchr(p, '=', n);
		if (eq && ut_span_iprefix(p, n, "row_format=")) {
			char *v = ut_xstrndup(eq + 1, n - (size_t)(eq + 1 - p));
			for (char *q = v; *q; q++)
				*q = (char)toupper((unsigned char)*q);
			sm_attr_set(x->r, &t->attrs, "row_format", v);
			free(v);
		}
		p += n;
	}
}

/*
 * A MariaDB sequence (a table of TABLE_TYPE SEQUENCE): its comment and
 * engine from the tables row; its options are read by inspect_sequences
 * from the sequence itself, all sequences in one UNION ALL query.
 */
static void sequence_found(insp *x, sm_schema *s, const char *const *v)
{
	sm_sequence *sq = sm_sequence_add(x->r, s, v[1]);

	if (!empty(v[2]) && !ut_str_ieq(v[2], "InnoDB"))
		sm_attr_set(x->r, &sq->attrs, "engine", v[2]);
	if (!empty(v[4]))
		sq->obj.comment = sm_strdup(x->r, v[4]);
	ut_map_put(&x->sequences, obj_key(x, v[0], v[1]), sq);
	if (x->seq_sql.len)
		ut_buf_puts(&x->seq_sql, " UNION ALL ");
	ut_buf_puts(&x->seq_sql, "SELECT ");
	put_conn_literal(x, &x->seq_sql, v[0]);
	ut_buf_puts(&x->seq_sql, ", ");
	put_conn_literal(x, &x->seq_sql, v[1]);
	ut_buf_puts(&x->seq_sql,
	            ", start_value, minimum_value, maximum_value, increment, "
	            "cache_size, cycle_option FROM ");
	dl_my__quote_ident(&x->seq_sql, v[0]);
	ut_buf_putc(&x->seq_sql, '.');
	dl_my__quote_ident(&x->seq_sql, v[1]);
}

static int table_row(const char *const *v, size_t n, void *payload)
{
	insp *x = payload;
	sm_schema *s = v[0] ? ut_map_get(&x->schemas, v[0]) : NULL;
	sm_table *t;

	(void)n;
	if (!s || !v[1])
		return 0;
	if (v[7] && !strcmp(v[7], "VIEW")) {
		x->nviews++;
		return 0;
	}
	if (v[7] && !strcmp(v[7], "SEQUENCE")) {
		sequence_found(x, s, v);
		return 0;
	}
	t = sm_table_add(x->r, s, v[1]);
	ut_map_put(&x->tables, obj_key(x, v[0], v[1]), t);
	if (!empty(v[2]))
		sm_attr_set(x->r, &t->attrs, "engine", v[2]);
	t->collation = sm_strdup(x->r, v[3]);
	t->charset = charset_of(x, v[3]);
	if (!empty(v[4]))
		t->obj.comment = sm_strdup(x->r, v[4]);
	/* the next value only says something once it moved past 1 */
	if (!empty(v[5]) && strcmp(v[5], "1") && strcmp(v[5], "0"))
		sm_attr_set(x->r, &t->attrs, "auto_increment", v[5]);
	table_options(x, t, v[6]);
	if (v[6] && strstr(v[6], "partitioned"))
		x->npartitioned++;
	if (v[7] && !strcmp(v[7], "SYSTEM VERSIONED"))
		sm_attr_set(x->r, &t->attrs, "system_versioning", "");
	return 0;
}

static int inspect_tables(insp *x)
{
	ut_buf sql = UT_BUF_INIT;
	int error;

	ut_buf_printf(
	        &sql,
	        "SELECT TABLE_SCHEMA, TABLE_NAME, ENGINE, TABLE_COLLATION, TABLE_COMMENT, "
	        "AUTO_INCREMENT, CREATE_OPTIONS, TABLE_TYPE FROM information_schema.TABLES "
	        "WHERE TABLE_SCHEMA IN (%s) "
	        "AND TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED', 'VIEW', 'SEQUENCE') "
	        "ORDER BY TABLE_SCHEMA, TABLE_NAME",
	        x->in.ptr);
	error = dl_my__query(&x->c->base, sql.ptr, NULL, 0, table_row, x);
	ut_buf_release(&sql);
	return error;
}

/* ---- columns ---------------------------------------------------------- */

static sm_column *view_column_add(insp *x, sm_view *v, const char *name,
                                  const char *type)
{
	sm_column *c = ut_arena_alloc(&x->r->arena, sizeof(*c));

	c->obj.kind = SM_COLUMN;
	c->obj.name = sm_strdup(x->r, name);
	c->obj.parent = &v->obj;
	c->type = sm_strdup(x->r, type);
	c->position = (int)v->columns.len;
	ut_vec_apush(&x->r->arena, &v->columns, c);
	return c;
}

/*
 * Row: schema, table, name, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT,
 * EXTRA, CHARACTER_SET_NAME, COLLATION_NAME, COLUMN_COMMENT,
 * GENERATION_EXPRESSION, DATA_TYPE.
 */
static int column_row(const char *const *v, size_t n, void *payload)
{
	insp *x = payload;
	const char *extra = v[6] ? v[6] : "";
	sm_table *t = table_of(x, v[0], v[1]);
	sm_column *c;

	(void)n;
	if (!v[2] || !v[3])
		return 0;
	if (!t) {
		sm_view *vw = v[0] && v[1] ? ut_map_get(&x->views,
		                                        obj_key(x, v[0], v[1]))
		                           : NULL;
		if (vw) {
			c = view_column_add(x, vw, v[2], v[3]);
			c->tclass = tclass_of(v[11] ? v[11] : "");
			c->nullable = v[4] && !strcmp(v[4], "YES");
		}
		return 0;
	}
	c = sm_column_add(x->r, t, v[2], v[3]);
	c->tclass = tclass_of(v[11] ? v[11] : "");
	c->nullable = v[4] && !strcmp(v[4], "YES");
	if (strstr(extra, "GENERATED") && !strstr(extra, "DEFAULT_GENERATED") &&
	    !empty(v[10])) {
		c->generated = unescape_expr(x, v[10]);
		c->generated_stored = strstr(extra, "STORED") != NULL ||
		                      strstr(extra, "PERSISTENT") != NULL;
	} else {
		c->default_expr =
		        norm_default(x, v[5], extra, v[11] ? v[11] : "", v[0]);
	}
	{
		const char *on = strstr(extra, "on update ");
		if (!on)
			on = strstr(extra, "ON UPDATE ");
		if (on) {
			on += 10;
			c->on_update = sm_strndup(x->r, on, strcspn(on, " "));
		}
	}
	c->auto_increment = strstr(extra, "auto_increment") != NULL;
	c->invisible = strstr(extra, "INVISIBLE") != NULL;
	if (!empty(v[8]) && !(t->collation && !strcmp(v[8], t->collation)))
		c->collation = sm_strdup(x->r, v[8]);
	if (!empty(v[7]) && !(t->charset && !strcmp(v[7], t->charset)))
		c->charset = sm_strdup(x->r, v[7]);
	if (!empty(v[9]))
		c->obj.comment = sm_strdup(x->r, v[9]);
	return 0;
}

static int inspect_columns(insp *x)
{
	ut_buf sql = UT_BUF_INIT;
	bool gen = x->c->mariadb ? x->c->version >= 100200
	                         : x->c->version >= 50706;
	int error;

	ut_buf_printf(
	        &sql,
	        "SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, "
	        "COLUMN_DEFAULT, EXTRA, CHARACTER_SET_NAME, COLLATION_NAME, COLUMN_COMMENT, "
	        "%s, DATA_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA IN (%s) "
	        "ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION",
	        gen ? "GENERATION_EXPRESSION" : "NULL", x->in.ptr);
	error = dl_my__query(&x->c->base, sql.ptr, NULL, 0, column_row, x);
	ut_buf_release(&sql);
	return error;
}

/* ---- indexes ---------------------------------------------------------- */

/*
 * Row: schema, table, index, NON_UNIQUE, SEQ_IN_INDEX, COLUMN_NAME,
 * SUB_PART, COLLATION, INDEX_TYPE, INDEX_COMMENT, EXPRESSION, hidden.
 * Rows of one table come in key order (no ORDER BY on purpose: the
 * server's own order is the order of creation).
 */
static int index_row(const char *const *v, size_t n, void *payload)
{
	insp *x = payload;
	sm_table *t = table_of(x, v[0], v[1]);
	sm_index *ix = NULL;
	bool desc = v[7] && !strcmp(v[7], "D");

	(void)n;
	if (!t || !v[2])
		return 0;
	if (!strcmp(v[2], "PRIMARY")) {
		ix = t->pk ? t->pk : sm_pk_set(x->r, t, "PRIMARY");
	} else {
		for (size_t i = t->indexes.len; i-- > 0;)
			if (!strcmp(t->indexes.items[i]->obj.name, v[2])) {
				ix = t->indexes.items[i];
				break;
			}
		if (!ix) {
			ix = sm_index_add(x->r, t, v[2]);
			ix->unique = v[3] && !strcmp(v[3], "0");
			if (v[8] && strcmp(v[8], "BTREE"))
				ix->method = sm_strdup(x->r, v[8]);
			if (!empty(v[9]))
				ix->obj.comment = sm_strdup(x->r, v[9]);
			if (v[11] &&
			    (!strcmp(v[11], "YES") || !strcmp(v[11], "NO")))
				/* MariaDB IGNORED = YES, MySQL IS_VISIBLE = NO
				 */
				if ((x->c->mariadb && !strcmp(v[11], "YES")) ||
				    (!x->c->mariadb && !strcmp(v[11], "NO")))
					sm_attr_set(x->r, &ix->attrs,
					            "invisible", "");
		}
	}
	if (v[5]) {
		sm_index_add_column(x->r, ix, v[5], desc);
	} else if (!empty(v[10])) {
		sm_index_add_expr(x->r, ix, unescape_expr(x, v[10]), desc);
	} else {
		return 0;
	}
	/* MariaDB reports a length for spatial keys, which take none */
	if (!empty(v[6]) && !(v[8] && !strcmp(v[8], "SPATIAL"))) {
		int64_t sub = 0;
		ut_str_to_i64(&sub, v[6]);
		ix->parts.items[ix->parts.len - 1].prefix = (int)sub;
	}
	return 0;
}

static int inspect_indexes(insp *x)
{
	ut_buf sql = UT_BUF_INIT;
	const char *hidden = "NULL";
	int error;

	if (x->c->mariadb && x->c->version >= 100600)
		hidden = "IGNORED";
	else if (!x->c->mariadb && x->c->version >= 80000)
		hidden = "IS_VISIBLE";
	ut_buf_printf(
	        &sql,
	        "SELECT TABLE_SCHEMA, TABLE_NAME, INDEX_NAME, NON_UNIQUE, SEQ_IN_INDEX, "
	        "COLUMN_NAME, SUB_PART, COLLATION, INDEX_TYPE, INDEX_COMMENT, %s, %s "
	        "FROM information_schema.STATISTICS WHERE TABLE_SCHEMA IN (%s)",
	        MY_HAS_EXPR_INDEX(x->c) ? "EXPRESSION" : "NULL", hidden,
	        x->in.ptr);
	error = dl_my__query(&x->c->base, sql.ptr, NULL, 0, index_row, x);
	ut_buf_release(&sql);
	return error;
}

/* ---- foreign keys ----------------------------------------------------- */

/*
 * Row: schema, table, constraint, column, ref schema, ref table, ref
 * column; ordered by constraint and position. The actions come from
 * fk_action_row: joining the two information_schema tables in SQL costs
 * the server one scan of one per row of the other.
 */
static int fk_row(const char *const *v, size_t n, void *payload)
{
	insp *x = payload;
	sm_table *t = table_of(x, v[0], v[1]);
	sm_foreign_key *fk = NULL;

	(void)n;
	if (!t || !v[2] || !v[3] || !v[5] || !v[6])
		return 0;
	if (t->fks.len && !strcmp(ut_vec_last(&t->fks)->obj.name, v[2]))
		fk = ut_vec_last(&t->fks);
	if (!fk) {
		fk = sm_fk_add(x->r, t, v[2]);
		if (v[4] && strcmp(v[4], v[0]))
			fk->ref_schema = sm_strdup(x->r, v[4]);
		fk->ref_table = sm_strdup(x->r, v[5]);
		fk->on_update = NULL;
		fk->on_delete = NULL;
	}
	sm_strs_add(x->r, &fk->columns, v[3]);
	sm_strs_add(x->r, &fk->ref_columns, v[6]);
	return 0;
}

/*
 * Row: schema, table, constraint, UPDATE_RULE, DELETE_RULE. RESTRICT is
 * what the server reports when no action was given (InnoDB treats it as
 * NO ACTION): kept as no action, while an explicit NO ACTION stays, as
 * SHOW CREATE TABLE shows it.
 */
static int fk_action_row(const char *const *v, size_t n, void *payload)
{
	insp *x = payload;
	sm_table *t = table_of(x, v[0], v[1]);

	(void)n;
	if (!t || !v[2])
		return 0;
	for (size_t i = 0; i < t->fks.len; i++) {
		sm_foreign_key *fk = t->fks.items[i];
		if (strcmp(fk->obj.name, v[2]))
			continue;
		fk->on_update = v[3] && strcmp(v[3], "RESTRICT")
		                        ? sm_strdup(x->r, v[3])
		                        : NULL;
		fk->on_delete = v[4] && strcmp(v[4], "RESTRICT")
		                        ? sm_strdup(x->r, v[4])
		                        : NULL;
		break;
	}
	return 0;
}

static int inspect_fks(insp *x)
{
	ut_buf sql = UT_BUF_INIT;
	int error;

	ut_buf_printf(
	        &sql,
	        "SELECT TABLE_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, COLUMN_NAME, "
	        "REFERENCED_TABLE_SCHEMA, REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME "
	        "FROM information_schema.KEY_COLUMN_USAGE "
	        "WHERE TABLE_SCHEMA IN (%s) AND REFERENCED_TABLE_NAME IS NOT NULL "
	        "ORDER BY TABLE_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION",
	        x->in.ptr);
	error = dl_my__query(&x->c->base, sql.ptr, NULL, 0, fk_row, x);
	if (error < 0)
		goto done;
	ut_buf_reset(&sql);
	ut_buf_printf(
	        &sql,
	        "SELECT CONSTRAINT_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, UPDATE_RULE, DELETE_RULE "
	        "FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA IN (%s)",
	        x->in.ptr);
	error = dl_my__query(&x->c->base, sql.ptr, NULL, 0, fk_action_row, x);
done:
	ut_buf_release(&sql);
	return error;
}

/* ---- checks ----------------------------------------------------------- */

/* Row: schema, table, name, clause, level ("Column"/"Table"), enforced. */
static int check_row(const char *const *v, size_t n, void *payload)
{
	insp *x = payload;
	sm_table *t = table_of(x, v[0], v[1]);
	sm_check *ck;

	(void)n;
	if (!t || !v[2] || !v[3])
		return 0;
	ck = sm_check_add(x->r, t, v[2], unescape_expr(x, v[3]));
	if (v[4] && !strcmp(v[4], "Column"))
		sm_attr_set(x->r, &ck->attrs, "column", v[2]);
	if (v[5] && !strcmp(v[5], "NO"))
		ck->not_enforced = true;
	return 0;
}

static int inspect_checks(insp *x)
{
	ut_buf sql = UT_BUF_INIT;
	int error;

	if (!MY_HAS_CHECKS(x->c))
		return 0;
	if (x->c->mariadb)
		ut_buf_printf(
		        &sql,
		        "SELECT CONSTRAINT_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE, %s, NULL "
		        "FROM information_schema.CHECK_CONSTRAINTS WHERE CONSTRAINT_SCHEMA IN (%s)",
		        MY_HAS_CHECK_LEVEL(x->c) ? "LEVEL" : "NULL", x->in.ptr);
	else
		ut_buf_printf(
		        &sql,
		        "SELECT t.TABLE_SCHEMA, t.TABLE_NAME, c.CONSTRAINT_NAME, c.CHECK_CLAUSE, NULL, t.ENFORCED "
		        "FROM information_schema.TABLE_CONSTRAINTS t JOIN information_schema.CHECK_CONSTRAINTS c "
		        "ON c.CONSTRAINT_SCHEMA = t.CONSTRAINT_SCHEMA AND c.CONSTRAINT_NAME = t.CONSTRAINT_NAME "
		        "WHERE t.CONSTRAINT_TYPE = 'CHECK' AND t.TABLE_SCHEMA IN (%s) "
		        "ORDER BY t.TABLE_SCHEMA, t.TABLE_NAME, c.CONSTRAINT_NAME",
		        x->in.ptr);
	error = dl_my__query(&x->c->base, sql.ptr, NULL, 0, check_row, x);
	ut_buf_release(&sql);
	return error;
}

/* ---- sequences (MariaDB) ---------------------------------------------- */

static int64_t to_i64(const char *v)
{
	int64_t n = 0;

	if (v)
		ut_str_to_i64(&n, v);
	return n;
}

/*
 * Row: schema, name, start_value, minimum_value, maximum_value,
 * increment, cache_size, cycle_option.
 */
static int sequence_row(const char *const *v, size_t n, void *payload)
{
	insp *x = payload;
	sm_sequence *sq;

	(void)n;
	if (!v[0] || !v[1])
		return 0;
	sq = ut_map_get(&x->sequences, obj_key(x, v[0], v[1]));
	if (!sq)
		return 0;
	sq->start = to_i64(v[2]);
	sq->min = to_i64(v[3]);
	sq->max = to_i64(v[4]);
	sq->increment = to_i64(v[5]);
	sq->cache = to_i64(v[6]);
	sq->cycle = v[7] && strcmp(v[7], "0");
	return 0;
}

/* One query whatever the number of sequences (none: no query). */
static int inspect_sequences(insp *x)
{
	if (!x->seq_sql.len)
		return 0;
	return dl_my__query(&x->c->base, x->seq_sql.ptr, NULL, 0, sequence_row,
	                    x);
}

/* ---- partitions ------------------------------------------------------- */

typedef UT_VEC(char *) str_vec;

/* One partition of the table being assembled, with its subpartitions. */
typedef struct part {
	char *name, *desc;
	str_vec subs;
} part;

typedef struct part_state {
	insp *x;
	sm_table *t; /* table being assembled */
	char *method, *expr, *submethod, *subexpr;
	UT_VEC(part) parts;
} part_state;

static void part_reset(part_state *ps)
{
	for (size_t i = 0; i < ps->parts.len; i++) {
		part *pt = &ps->parts.items[i];
		free(pt->name);
		free(pt->desc);
		for (size_t k = 0; k < pt->subs.len; k++)
			free(pt->subs.items[k]);
		ut_vec_release(&pt->subs);
	}
	ps->parts.len = 0;
	free(ps->method);
	free(ps->expr);
	free(ps->submethod);
	free(ps->subexpr);
	ps->method = ps->expr = ps->submethod = ps->subexpr = NULL;
	ps->t = NULL;
}

/* name is prefix then i in decimal: the name the server gives. */
static bool default_name(const char *name, const char *prefix, size_t i)
{
	size_t n = strlen(prefix);
	char num[32];

	snprintf(num, sizeof(num), "%zu", i);
	return !strncmp(name, prefix, n) && !strcmp(name + n, num);
}

/* "RANGE COLUMNS(`a`)" / "HASH (`id`)": a method and its expression. */
static void put_method(ut_buf *b, const char *method, const char *expr)
{
	ut_buf_puts(b, method);
	ut_buf_puts(b, strstr(method, "COLUMNS") ? "(" : " (");
	ut_buf_puts(b, expr ? expr : "");
	ut_buf_putc(b, ')');
}

/*
 * The clause SHOW CREATE TABLE prints, from the partitions gathered:
 * RANGE and LIST partitions one by one with their values; HASH and KEY by
 * their number while the server named them (p0, p1 ...), else by name;
 * subpartitions likewise by their number per partition while named
 * <partition>sp0, <partition>sp1 ..., else by name under each partition.
 */
static void part_flush(part_state *ps)
{
	ut_buf def = UT_BUF_INIT;
	const char *m = ps->method ? ps->method : "";
	bool listed = strstr(m, "RANGE") || strstr(m, "LIST") ||
	              strstr(m, "SYSTEM_TIME");
	bool named_parts = listed, named_subs = false;
	size_t nsub = 0;

	if (!ps->t)
		return;
	for (size_t i = 0; i < ps->parts.len; i++) {
		const part *pt = &ps->parts.items[i];
		char *prefix = ut_xasprintf("%ssp", pt->name);
		if (!default_name(pt->name, "p", i))
			named_parts = true;
		if (i == 0)
			nsub = pt->subs.len;
		if (pt->subs.len != nsub)
			named_subs = true;
		for (size_t k = 0; k < pt->subs.len; k++)
			if (!default_name(pt->subs.items[k], prefix, k))
				named_subs = true;
		free(prefix);
	}
	ut_buf_puts(&def, "PARTITION BY ");
	put_method(&def, m, ps->expr);
	if (ps->submethod) {
		ut_buf_puts(&def, "\nSUBPARTITION BY ");
		put_method(&def, ps->submethod, ps->subexpr);
		if (!named_subs)
			ut_buf_printf(&def, "\nSUBPARTITIONS %zu", nsub);
	}
	if (!named_parts) {
		ut_buf_printf(&def, "\nPARTITIONS %zu", ps->parts.len);
		goto done;
	}
	ut_buf_puts(&def, "\n(");
	for (size_t i = 0; i < ps->parts.len; i++) {
		const part *pt = &ps->parts.items[i];
		if (i)
			ut_buf_puts(&def, ",\n ");
		ut_buf_puts(&def, "PARTITION ");
		dl_my__quote_ident(&def, pt->name);
		if (strstr(m, "RANGE"))
			ut_buf_printf(
			        &def, " VALUES LESS THAN %s%s%s",
			        pt->desc && strcmp(pt->desc, "MAXVALUE") ? "("
			                                                 : "",
			        pt->desc ? pt->desc : "MAXVALUE",
			        pt->desc && strcmp(pt->desc, "MAXVALUE") ? ")"
			                                                 : "");
		else if (strstr(m, "LIST"))
			ut_buf_printf(&def, " VALUES IN (%s)",
			              pt->desc ? pt->desc : "");
		else if (strstr(m, "SYSTEM_TIME"))
			ut_buf_puts(&def,
			            pt->desc && !strcmp(pt->desc, "CURRENT")
			                    ? " CURRENT"
			                    : " HISTORY");
		if (named_subs && pt->subs.len) {
			ut_buf_puts(&def, "\n (");
			for (size_t k = 0; k < pt->subs.len; k++) {
				if (k)
					ut_buf_puts(&def, ",\n  ");
				ut_buf_puts(&def, "SUBPARTITION ");
				dl_my__quote_ident(&def, pt->subs.items[k]);
			}
			ut_buf_putc(&def, ')');
		}
	}
	ut_buf_putc(&def, ')');
done:
	sm_attr_set(ps->x->r, &ps->t->attrs, "partition", def.ptr);
	ut_buf_release(&def);
	part_reset(ps);
}

static char *dup_or_null(const char *s)
{
	return s ? ut_xstrdup(s) : NULL;
}

/*
 * Row: schema, table, PARTITION_NAME, PARTITION_METHOD,
 * PARTITION_EXPRESSION, PARTITION_DESCRIPTION, SUBPARTITION_NAME,
 * SUBPARTITION_METHOD, SUBPARTITION_EXPRESSION; ordered by table,
 * PARTITION_ORDINAL_POSITION and SUBPARTITION_ORDINAL_POSITION.
 */
static int part_row(const char *const *v, size_t n, void *payload)
{
	part_state *ps = payload;
	sm_table *t = table_of(ps->x, v[0], v[1]);
	part *pt;

	(void)n;
	if (!t || !v[2])
		return 0;
	if (t != ps->t) {
		part_flush(ps);
		ps->t = t;
		ps->method = ut_xstrdup(v[3] ? v[3] : "");
		ps->expr = dup_or_null(v[4]);
		if (v[6]) {
			ps->submethod = ut_xstrdup(v[7] ? v[7] : "");
			ps->subexpr = dup_or_null(v[8]);
		}
	}
	pt = ps->parts.len ? &ut_vec_last(&ps->parts) : NULL;
	if (!pt || strcmp(pt->name, v[2])) {
		part fresh = { ut_xstrdup(v[2]), dup_or_null(v[5]),
			       UT_VEC_INIT };
		ut_vec_push(&ps->parts, fresh);
		pt = &ut_vec_last(&ps->parts);
	}
	if (v[6])
		ut_vec_push(&pt->subs, ut_xstrdup(v[6]));
	return 0;
}

static int inspect_partitions(insp *x)
{
	part_state ps;
	ut_buf sql = UT_BUF_INIT;
	int error;

	if (!x->npartitioned)
		return 0;
	memset(&ps, 0, sizeof(ps));
	ps.x = x;
	ut_buf_printf(
	        &sql,
	        "SELECT TABLE_SCHEMA, TABLE_NAME, PARTITION_NAME, PARTITION_METHOD, "
	        "PARTITION_EXPRESSION, PARTITION_DESCRIPTION, SUBPARTITION_NAME, "
	        "SUBPARTITION_METHOD, SUBPARTITION_EXPRESSION "
	        "FROM information_schema.PARTITIONS WHERE TABLE_SCHEMA IN (%s) "
	        "AND PARTITION_NAME IS NOT NULL "
	        "ORDER BY TABLE_SCHEMA, TABLE_NAME, PARTITION_ORDINAL_POSITION, "
	        "SUBPARTITION_ORDINAL_POSITION",
	        x->in.ptr);
	error = dl_my__query(&x->c->base, sql.ptr, NULL, 0, part_row, &ps);
	if (!error)
		part_flush(&ps);
	part_reset(&ps);
	ut_vec_release(&ps.parts);
	ut_buf_release(&sql);
	return error;
}

/* ---- views ------------------------------------------------------------ */

/* Row: schema, name, VIEW_DEFINITION, CHECK_OPTION, SECURITY_TYPE, ALGORITHM.
 */
static int view_row(const char *const *v, size_t n, void *payload)
{
	insp *x = payload;
	sm_schema *s = v[0] ? ut_map_get(&x->schemas, v[0]) : NULL;
	ut_buf def = UT_BUF_INIT;
	char *query;
	sm_view *vw;

	(void)n;
	if (!s || !v[1])
		return 0;
	/* in a realm, names keep their schema: it is part of their meaning */
	query = x->c->base.schema ? strip_qualifier(v[2] ? v[2] : "", v[0])
	                          : ut_xstrdup(v[2] ? v[2] : "");
	ut_buf_puts(&def, "CREATE ");
	if (v[5] && strcmp(v[5], "UNDEFINED"))
		ut_buf_printf(&def, "ALGORITHM=%s ", v[5]);
	if (v[4] && strcmp(v[4], "DEFINER"))
		ut_buf_printf(&def, "SQL SECURITY %s ", v[4]);
	ut_buf_puts(&def, "VIEW ");
	dl_my__quote_ident(&def, v[1]);
	ut_buf_puts(&def, " AS ");
	ut_buf_puts(&def, query);
	if (v[3] && strcmp(v[3], "NONE"))
		ut_buf_printf(&def, " WITH %s CHECK OPTION", v[3]);
	vw = sm_view_add(x->r, s, v[1], def.ptr);
	vw->query = sm_strdup(x->r, query);
	ut_map_put(&x->views, obj_key(x, v[0], v[1]), vw);
	free(query);
	ut_buf_release(&def);
	return 0;
}

static int inspect_views(insp *x)
{
	ut_buf sql = UT_BUF_INIT;
	int error;

	if (!x->nviews)
		return 0;
	ut_buf_printf(
	        &sql,
	        "SELECT TABLE_SCHEMA, TABLE_NAME, VIEW_DEFINITION, CHECK_OPTION, SECURITY_TYPE, %s "
	        "FROM information_schema.VIEWS WHERE TABLE_SCHEMA IN (%s) "
	        "ORDER BY TABLE_SCHEMA, TABLE_NAME",
	        x->c->mariadb ? "ALGORITHM" : "NULL", x->in.ptr);
	error = dl_my__query(&x->c->base, sql.ptr, NULL, 0, view_row, x);
	ut_buf_release(&sql);
	return error;
}

/* ---- triggers --------------------------------------------------------- */

/*
 * Row: schema, name, event, table, timing, statement, ACTION_ORDER. The
 * head is rebuilt in one spelling (as the server does for routines and
 * views), so the same trigger written with other quoting or spacing
 * compares equal; the body is kept as written. Triggers of one table,
 * timing and event run in ACTION_ORDER: a trigger past the first keeps
 * its place in the attr "order", so a change of order is a change.
 */
static int trigger_row(const char *const *v, size_t n, void *payload)
{
	insp *x = payload;
	sm_table *t = table_of(x, v[0], v[3]);
	ut_buf def = UT_BUF_INIT;
	sm_trigger *tr;

	(void)n;
	if (!t || !v[1] || !v[2] || !v[4] || !v[5])
		return 0;
	ut_buf_puts(&def, "CREATE TRIGGER ");
	dl_my__quote_ident(&def, v[1]);
	ut_buf_printf(&def, " %s %s ON ", v[4], v[2]);
	dl_my__quote_ident(&def, v[3]);
	ut_buf_printf(&def, " FOR EACH ROW %s", v[5]);
	tr = sm_trigger_add(x->r, &t->obj, v[1], def.ptr);
	if (v[6] && strcmp(v[6], "1") && strcmp(v[6], "0"))
		sm_attr_set(x->r, &tr->attrs, "order", v[6]);
	ut_buf_release(&def);
	return 0;
}

static int inspect_triggers(insp *x)
{
	ut_buf sql = UT_BUF_INIT;
	int error;

	ut_buf_printf(
	        &sql,
	        "SELECT TRIGGER_SCHEMA, TRIGGER_NAME, EVENT_MANIPULATION, EVENT_OBJECT_TABLE, "
	        "ACTION_TIMING, ACTION_STATEMENT, ACTION_ORDER FROM information_schema.TRIGGERS "
	        "WHERE TRIGGER_SCHEMA IN (%s) ORDER BY TRIGGER_SCHEMA, EVENT_OBJECT_TABLE, "
	        "ACTION_TIMING, EVENT_MANIPULATION, ACTION_ORDER",
	        x->in.ptr);
	error = dl_my__query(&x->c->base, sql.ptr, NULL, 0, trigger_row, x);
	ut_buf_release(&sql);
	return error;
}

/* ---- routines and events ---------------------------------------------- */

typedef struct named {
	char *schema, *name, *kind;
	bool start_is_creation; /* an event whose STARTS is its CREATED */
} named;

typedef UT_VEC(named) named_vec;

static int named_row(const char *const *v, size_t n, void *payload)
{
	named_vec *l = payload;
	named e;

	(void)n;
	if (!v[0] || !v[1] || !v[2])
		return 0;
	e.schema = ut_xstrdup(v[0]);
	e.name = ut_xstrdup(v[1]);
	e.kind = ut_xstrdup(v[2]);
	e.start_is_creation = n > 3 && v[3] && strcmp(v[3], "1") == 0;
	ut_vec_push(l, e);
	return 0;
}

typedef struct show_ctx {
	size_t col;
	char *text;
} show_ctx;

static int show_row(const char *const *v, size_t n, void *payload)
{
	show_ctx *s = payload;

	if (s->col < n && v[s->col] && !s->text)
		s->text = ut_xstrdup(v[s->col]);
	return 0;
}

/* SHOW CREATE PROCEDURE|FUNCTION|EVENT `s`.`n`: the statement, DEFINER-less. */
static int show_create(insp *x, const named *e, size_t col, char **out)
{
	ut_buf sql = UT_BUF_INIT;
	show_ctx s = { col, NULL };
	int error;

	*out = NULL;
	ut_buf_printf(&sql, "SHOW CREATE %s ", e->kind);
	dl_my__quote_ident(&sql, e->schema);
	ut_buf_putc(&sql, '.');
	dl_my__quote_ident(&sql, e->name);
	error = dl_my__query(&x->c->base, sql.ptr, NULL, 0, show_row, &s);
	ut_buf_release(&sql);
	if (error < 0)
		return error;
	if (!s.text)
		return ut_error_set(
		        UT_EDB,
		        "mysql: cannot read the definition of %s `%s`.`%s` (missing privilege?)",
		        e->kind, e->schema, e->name);
	*out = strip_definer(s.text);
	free(s.text);
	return 0;
}

/*
 * A recurring event created without STARTS starts when it is created, and
 * SHOW CREATE EVENT writes that time (STARTS '2026-11-26 15:28:17'): it
 * is left out, so the same event created at another time (on the dev
 * database, at each diff) is the same event. An explicit STARTS differs
 * from the creation time and stays.
 */
static void drop_starts(char *def)
{
	char *s = strstr(def, " STARTS '"), *e;

	if (!s || !(e = strchr(s + 9, '\'')))
		return;
	memmove(s, e + 1, strlen(e + 1) + 1);
}

static int inspect_routines(insp *x)
{
	named_vec l = UT_VEC_INIT;
	ut_buf sql = UT_BUF_INIT;
	int error;

	ut_buf_printf(
	        &sql,
	        "SELECT ROUTINE_SCHEMA, ROUTINE_NAME, ROUTINE_TYPE, NULL FROM information_schema.ROUTINES "
	        "WHERE ROUTINE_SCHEMA IN (%s) AND ROUTINE_TYPE IN ('PROCEDURE', 'FUNCTION') "
	        "UNION ALL SELECT EVENT_SCHEMA, EVENT_NAME, 'EVENT', STARTS = CREATED "
	        "FROM information_schema.EVENTS "
	        "WHERE EVENT_SCHEMA IN (%s) ORDER BY 3 = 'EVENT', 1, 2",
	        x->in.ptr, x->in.ptr);
	if ((error = dl_my__query(&x->c->base, sql.ptr, NULL, 0, named_row,
	                          &l)) < 0)
		goto done;
	for (size_t i = 0; i < l.len; i++) {
		const named *e = &l.items[i];
		sm_schema *s = ut_map_get(&x->schemas, e->schema);
		bool event = !strcmp(e->kind, "EVENT");
		char *def = NULL;

		if (!s)
			continue;
		if ((error = show_create(x, e, event ? 3 : 2, &def)) < 0)
			goto done;
		if (event && e->start_is_creation)
			drop_starts(def);
		if (event) {
			sm_event *ev =
			        ut_arena_alloc(&x->r->arena, sizeof(*ev));
			ev->obj.kind = SM_EVENT;
			ev->obj.name = sm_strdup(x->r, e->name);
			ev->obj.parent = &s->obj;
			ev->def = sm_strdup(x->r, def);
			ut_vec_apush(&x->r->arena, &s->events, ev);
		} else {
			sm_function *f = sm_function_add(x->r, s, e->name, def);
			f->procedure = !strcmp(e->kind, "PROCEDURE");
			f->args = "";
			f->lang = "SQL";
		}
		free(def);
	}
done:
	for (size_t i = 0; i < l.len; i++) {
		free(l.items[i].schema);
		free(l.items[i].name);
		free(l.items[i].kind);
	}
	ut_vec_release(&l);
	ut_buf_release(&sql);
	return error;
}

/* ---- the whole ---------------------------------------------------------- */

int dl_my__inspect(sm_realm **out, dl_conn *conn, const dl_inspect_opts *o)
{
	static const dl_inspect_opts none;
	insp x;
	int error;

	*out = NULL;
	if (!o)
		o = &none;
	memset(&x, 0, sizeof(x));
	x.c = (dl_my_conn *)conn;
	x.r = sm_realm_new("mysql");
	ut_arena_init(&x.scratch);
	ut_buf_init(&x.in);
	ut_buf_init(&x.seq_sql);
	if (conn->schema)
		x.r->scope = sm_strdup(x.r, conn->schema);
	/*
	 * SHOW CREATE and the expressions read depend on the session's
	 * sql_mode (ANSI_QUOTES quotes with "): a file just loaded on a dev
	 * connection may have changed it.
	 */
	if ((error = dl_my__session_restore(x.c, false)) < 0 ||
	    (error = inspect_schemas(&x, o)) < 0)
		goto done;
	if (x.in.len == 0)
		goto finish;
	if ((error = inspect_tables(&x)) < 0 ||
	    (error = inspect_views(&x)) < 0 ||
	    (error = inspect_columns(&x)) < 0 ||
	    (error = inspect_indexes(&x)) < 0 ||
	    (error = inspect_fks(&x)) < 0 || (error = inspect_checks(&x)) < 0 ||
	    (error = inspect_partitions(&x)) < 0 ||
	    (error = inspect_sequences(&x)) < 0 ||
	    (error = inspect_triggers(&x)) < 0 ||
	    (error = inspect_routines(&x)) < 0)
		goto done;
finish:
	if (o->nexclude &&
	    (error = sm_realm_exclude(x.r, o->exclude, o->nexclude)) < 0)
		goto done;
	*out = x.r;
	x.r = NULL;
done:
	if (error < 0 && !ut_str_prefix(ut_error_last()->msg, "mysql"))
		ut_error_wrap("mysql: inspecting the database");
	sm_realm_free(x.r);
	ut_map_release(&x.schemas);
	ut_map_release(&x.tables);
	ut_map_release(&x.views);
	ut_map_release(&x.sequences);
	ut_buf_release(&x.seq_sql);
	ut_arena_release(&x.scratch);
	ut_buf_release(&x.in);
	return error;
}
