/* SPDX-License-Identifier: MIT */
/*
 * dialects/mysql/plan.c: a change list -> a plan of MySQL/MariaDB
 * statements (reference 8, Atlas's sql/mysql/migrate.go). DDL commits
 * implicitly on both servers, so plans are never transactional.
 *
 * Phases, each in the order of the change list unless said otherwise:
 *   1. schemas added or changed (CREATE/ALTER DATABASE), MariaDB
 *      sequences added or changed (defaults of the tables below use them);
 *   2. drops of the triggers, views, routines and events that go away or
 *      change (MySQL cannot replace them in place);
 *   3. foreign keys dropped or changed (their own ALTER TABLE: MariaDB
 *      refuses to drop and add a key of the same name in one statement);
 *   4. new tables, ordered so that a table comes after the tables its
 *      foreign keys reference; a key that cannot be created with its table
 *      (a cycle, or a table changed below) is added in phase 6;
 *   5. one ALTER TABLE per changed table with every clause comma-joined;
 *   6. the deferred foreign keys;
 *   7. dropped tables, referencing tables first (cycles lose their keys
 *      first), then dropped sequences;
 *   8. functions and procedures, views (dependencies first), triggers
 *      (in their order of execution: FOLLOWS/PRECEDES place a trigger
 *      before one that stays) and events, created; then dropped schemas.
 * Statements that hold ';' (routine and trigger bodies) make the plan
 * carry a delimiter, so a file written from it splits back correctly.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "my_int.h"
#include "ut.h"

typedef UT_VEC(const sm_change *) change_vec;
typedef UT_VEC(const sm_foreign_key *) fk_vec;

/* The value of the set-like maps below: only presence matters. */
static char present;

typedef struct planner {
	dl_plan *plan;
	const dl_plan_opts *opts;
	const dl_my_conn *c; /* NULL: plan for MariaDB and MySQL alike */
	bool mariadb;
	bool qualify;    /* names carry their schema */
	ut_map created;  /* "schema\037table" of tables made in phase 4 */
	ut_map emitted;  /* the ones already made */
	ut_map modified; /* tables changed in phase 5 */
	ut_arena scratch;
	UT_VEC(const sm_foreign_key *) deferred;
} planner;

/* ---- names and text --------------------------------------------------- */

static const char *qualifier(const planner *p, const sm_object *o)
{
	const sm_schema *s;

	if (!p->qualify)
		return NULL;
	if (p->opts->qualifier)
		return p->opts->qualifier[0] ? p->opts->qualifier : NULL;
	s = sm_object_schema(o);
	return s && s->obj.name[0] ? s->obj.name : NULL;
}

static void put_ident(ut_buf *b, const char *name)
{
	dl_my__quote_ident(b, name);
}

/* An object name, schema-qualified when the options ask. */
static void put_qname(const planner *p, ut_buf *b, const sm_object *o)
{
	const char *q = qualifier(p, o);

	if (q) {
		put_ident(b, q);
		ut_buf_putc(b, '.');
	}
	put_ident(b, o->name);
}

static void put_literal(ut_buf *b, const char *s)
{
	dl_my__quote_literal(b, s);
}

static const char *table_key(planner *p, const char *schema, const char *name)
{
	return ut_arena_printf(&p->scratch, "%s\037%s", schema ? schema : "",
	                       name);
}

static const char *schema_name(const sm_object *o)
{
	const sm_schema *s = sm_object_schema(o);
	return s ? s->obj.name : "";
}

/* Comment "<pre>"name"<post>" with Go %q quoting. */
static char *cmt(const char *pre, const char *name, const char *post)
{
	ut_buf b = UT_BUF_INIT;

	ut_buf_puts(&b, pre);
	ut_buf_quote(&b, name);
	ut_buf_puts(&b, post);
	return ut_buf_detach(&b);
}

static void add_stmt(planner *p, ut_buf *sql, char *comment,
                     const char *reverse)
{
	dl_plan_add(p->plan, sql->ptr, comment, reverse);
	free(comment);
	ut_buf_reset(sql);
}

/* ---- column definitions ----------------------------------------------- */

static bool string_typed(const sm_column *c)
{
	return c->tclass == SM_T_STRING || c->tclass == SM_T_ENUM ||
	       c->tclass == SM_T_SET;
}

static bool is_word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_';
}

/*
 * Whether a default goes after DEFAULT as it is: a literal (number,
 * string, bit or hex value, NULL, TRUE/FALSE) or the current time in any
 * spelling. Everything else is an expression: DEFAULT (expr).
 */
static bool default_is_bare(const char *d)
{
	size_t n = strlen(d);
	static const char *const now[] = {
		"current_timestamp", "now",          "localtime",
		"localtimestamp",    "current_date", "curdate",
		"current_time",      "curtime"
	};

	if (!n)
		return false;
	if (d[0] == '(')
		return true;
	if (d[0] == '\'' || d[0] == '"')
		return d[n - 1] == d[0];
	if ((d[0] == 'b' || d[0] == 'B' || d[0] == 'x' || d[0] == 'X' ||
	     d[0] == 'n' || d[0] == 'N') &&
	    d[1] == '\'')
		return true;
	if (d[0] == '_')
		return strchr(d, '\'') != NULL; /* _utf8mb4'x' */
	if (ut_str_ieq(d, "NULL") || ut_str_ieq(d, "TRUE") ||
	    ut_str_ieq(d, "FALSE"))
		return true;
	for (size_t i = 0; i < UT_ARRAY_SIZE(now); i++) {
		size_t k = strlen(now[i]);
		if (ut_str_nieq(d, now[i], k) && !is_word_char(d[k])) {
			const char *r = d + k;
			if (!*r)
				return true;
			if (*r == '(' && r[strlen(r) - 1] == ')' &&
			    !strchr(r + 1, '('))
				return true;
		}
	}
	{
		const char *q = d;
		bool digit = false;
		if (*q == '-' || *q == '+')
			q++;
		if (q[0] == '0' && (q[1] == 'x' || q[1] == 'X'))
			return true;
		for (; *q; q++) {
			if (*q >= '0' && *q <= '9')
				digit = true;
			else if (*q != '.' && *q != 'e' && *q != 'E' &&
			         *q != '-' && *q != '+')
				return false;
		}
		return digit;
	}
}

/*
 * `name` type [CHARSET x] [COLLATE y] [AS (expr) STORED|VIRTUAL]
 * [NOT] NULL [DEFAULT d] [ON UPDATE u] [AUTO_INCREMENT] [INVISIBLE]
 * [COMMENT 'c'] [CHECK (e)], as SHOW CREATE TABLE orders them. inherit:
 * a string column without its own character set gets the table's spelled
 * out (when the table's default changes, the column keeps its own).
 */
static void put_column(const planner *p, ut_buf *b, const sm_table *t,
                       const sm_column *c, bool inherit)
{
	const char *cs = c->charset, *coll = c->collation;

	put_ident(b, c->obj.name);
	ut_buf_putc(b, ' ');
	ut_buf_puts(b, c->type);
	if (inherit && string_typed(c) && !cs && !coll) {
		cs = t->charset;
		coll = t->collation;
	}
	if (cs && string_typed(c))
		ut_buf_printf(b, " CHARACTER SET %s", cs);
	if (coll && (string_typed(c) || c->tclass == SM_T_OTHER))
		ut_buf_printf(b, " COLLATE %s", coll);
	if (c->generated) {
		ut_buf_printf(b, " GENERATED ALWAYS AS (%s) %s", c->generated,
		              c->generated_stored ? "STORED" : "VIRTUAL");
		/* MariaDB takes no NULL / NOT NULL on generated columns */
		if (!p->mariadb && !c->nullable)
			ut_buf_puts(b, " NOT NULL");
	} else {
		ut_buf_puts(b, c->nullable ? " NULL" : " NOT NULL");
		if (c->default_expr) {
			ut_buf_puts(b, " DEFAULT ");
			if (default_is_bare(c->default_expr))
				ut_buf_puts(b, c->default_expr);
			else
				ut_buf_printf(b, "(%s)", c->default_expr);
		}
		if (c->on_update)
			ut_buf_printf(b, " ON UPDATE %s", c->on_update);
	}
	if (c->auto_increment)
		ut_buf_puts(b, " AUTO_INCREMENT");
	if (c->invisible)
		ut_buf_puts(b, " INVISIBLE");
	if (c->obj.comment && c->obj.comment[0]) {
		ut_buf_puts(b, " COMMENT ");
		put_literal(b, c->obj.comment);
	}
	/* a MariaDB column-level check lives in the column */
	for (size_t i = 0; i < t->checks.len; i++) {
		const char *col =
		        sm_attr_get(&t->checks.items[i]->attrs, "column");
		if (col && !strcmp(col, c->obj.name))
			ut_buf_printf(b, " CHECK (%s)",
			              t->checks.items[i]->expr);
	}
}

/* ---- keys ------------------------------------------------------------- */

static void put_parts(ut_buf *b, const sm_index *ix)
{
	ut_buf_puts(b, "(");
	for (size_t i = 0; i < ix->parts.len; i++) {
		const sm_index_part *part = &ix->parts.items[i];
		if (i)
			ut_buf_puts(b, ", ");
		if (part->column) {
			put_ident(b, part->column);
			if (part->prefix > 0)
				ut_buf_printf(b, "(%d)", part->prefix);
		} else {
			ut_buf_printf(b, "(%s)", part->expr ? part->expr : "");
		}
		if (part->desc)
			ut_buf_puts(b, " DESC");
	}
	ut_buf_puts(b, ")");
}

static bool method_is(const sm_index *ix, const char *m)
{
	return ix->method && ut_str_ieq(ix->method, m);
}

/* MEMORY (HEAP) tables make HASH indexes unless told otherwise. */
static bool hash_default(const sm_table *t)
{
	const char *e = sm_attr_get(&t->attrs, "engine");

	return e && (ut_str_ieq(e, "MEMORY") || ut_str_ieq(e, "HEAP"));
}

/*
 * [UNIQUE|FULLTEXT|SPATIAL] INDEX `i` (parts) [USING m] [COMMENT]
 * [IGNORED]. A B-tree index of a table whose engine defaults to HASH
 * says USING BTREE (the model leaves the default method out).
 */
static void put_index(const planner *p, ut_buf *b, const sm_table *t,
                      const sm_index *ix)
{
	if (ix->primary) {
		ut_buf_puts(b, "PRIMARY KEY ");
		put_parts(b, ix);
	} else {
		if (method_is(ix, "FULLTEXT"))
			ut_buf_puts(b, "FULLTEXT ");
		else if (method_is(ix, "SPATIAL"))
			ut_buf_puts(b, "SPATIAL ");
		else if (ix->unique)
			ut_buf_puts(b, "UNIQUE ");
		ut_buf_puts(b, "INDEX ");
		put_ident(b, ix->obj.name);
		ut_buf_putc(b, ' ');
		put_parts(b, ix);
	}
	if (ix->method && !method_is(ix, "FULLTEXT") &&
	    !method_is(ix, "SPATIAL") && !method_is(ix, "BTREE"))
		ut_buf_printf(b, " USING %s", ix->method);
	else if ((!ix->method || method_is(ix, "BTREE")) && hash_default(t))
		ut_buf_puts(b, " USING BTREE");
	if (ix->obj.comment && ix->obj.comment[0]) {
		ut_buf_puts(b, " COMMENT ");
		put_literal(b, ix->obj.comment);
	}
	if (sm_attr_get(&ix->attrs, "invisible"))
		ut_buf_puts(b, p->mariadb ? " IGNORED" : " INVISIBLE");
}

/*
 * Whether two versions of an index differ only in being ignored by the
 * optimizer (MariaDB IGNORED, MySQL INVISIBLE): ALTER INDEX then, as
 * MariaDB keeps the old flag when an index is dropped and added again
 * with the same parts in one statement.
 */
static bool only_visibility(const sm_change *s)
{
	const sm_index *a = (const sm_index *)s->from;
	const sm_index *b = (const sm_index *)s->to;

	if (s->op != SM_OP_MODIFY || s->mask != SM_CHG_ATTR ||
	    a->constraint != b->constraint)
		return false;
	for (size_t i = 0; i < a->attrs.len; i++) {
		const char *k = a->attrs.items[i].key;
		const char *v = sm_attr_get(&b->attrs, k);
		if (strcmp(k, "invisible") &&
		    (!v || strcmp(v, a->attrs.items[i].value)))
			return false;
	}
	for (size_t i = 0; i < b->attrs.len; i++) {
		const char *k = b->attrs.items[i].key;
		if (strcmp(k, "invisible") && !sm_attr_get(&a->attrs, k))
			return false;
	}
	return true;
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

static void put_fk(const planner *p, ut_buf *b, const sm_foreign_key *fk)
{
	(void)p;
	ut_buf_puts(b, "CONSTRAINT ");
	put_ident(b, fk->obj.name);
	ut_buf_puts(b, " FOREIGN KEY ");
	put_strs(b, &fk->columns);
	ut_buf_puts(b, " REFERENCES ");
	if (fk->ref_schema && fk->ref_schema[0] &&
	    strcmp(fk->ref_schema, schema_name(&fk->obj))) {
		put_ident(b, fk->ref_schema);
		ut_buf_putc(b, '.');
	} else if (p->qualify) {
		const char *q = qualifier(p, &fk->obj);
		if (q) {
			put_ident(b, q);
			ut_buf_putc(b, '.');
		}
	}
	put_ident(b, fk->ref_table);
	ut_buf_putc(b, ' ');
	put_strs(b, &fk->ref_columns);
	if (fk->on_update && fk->on_update[0])
		ut_buf_printf(b, " ON UPDATE %s", fk->on_update);
	if (fk->on_delete && fk->on_delete[0])
		ut_buf_printf(b, " ON DELETE %s", fk->on_delete);
}

static bool column_check(const sm_check *ck)
{
	return sm_attr_get(&ck->attrs, "column") != NULL;
}

static void put_check(const planner *p, ut_buf *b, const sm_check *ck)
{
	if (ck->obj.name[0]) {
		ut_buf_puts(b, "CONSTRAINT ");
		put_ident(b, ck->obj.name);
		ut_buf_putc(b, ' ');
	}
	ut_buf_printf(b, "CHECK (%s)", ck->expr);
	if (ck->not_enforced && !p->mariadb)
		ut_buf_puts(b, " NOT ENFORCED");
}

/* ---- table options ---------------------------------------------------- */

static bool default_engine(const char *e)
{
	return !e || ut_str_ieq(e, "InnoDB");
}

static void put_table_options(ut_buf *b, const sm_table *t)
{
	const char *engine = sm_attr_get(&t->attrs, "engine");
	const char *ai = sm_attr_get(&t->attrs, "auto_increment");
	const char *rf = sm_attr_get(&t->attrs, "row_format");
	const char *part = sm_attr_get(&t->attrs, "partition");

	if (!default_engine(engine))
		ut_buf_printf(b, " ENGINE %s", engine);
	if (t->charset)
		ut_buf_printf(b, " CHARSET %s", t->charset);
	if (t->collation)
		ut_buf_printf(b, " COLLATE %s", t->collation);
	if (t->obj.comment && t->obj.comment[0]) {
		ut_buf_puts(b, " COMMENT ");
		put_literal(b, t->obj.comment);
	}
	if (ai)
		ut_buf_printf(b, " AUTO_INCREMENT %s", ai);
	if (rf)
		ut_buf_printf(b, " ROW_FORMAT %s", rf);
	if (sm_attr_get(&t->attrs, "system_versioning"))
		ut_buf_puts(b, " WITH SYSTEM VERSIONING");
	if (part)
		ut_buf_printf(b, "\n%s", part);
}

/* ---- statements -------------------------------------------------------- */

static bool fk_inline(planner *p, const sm_table *t, const sm_foreign_key *fk)
{
	const char *rs = fk->ref_schema && fk->ref_schema[0]
	                         ? fk->ref_schema
	                         : schema_name(&t->obj);
	const char *key = table_key(p, rs, fk->ref_table);

	if (!strcmp(rs, schema_name(&t->obj)) &&
	    !strcmp(fk->ref_table, t->obj.name))
		return true;
	if (ut_map_get(&p->created, key))
		return ut_map_get(&p->emitted, key) != NULL;
	return ut_map_get(&p->modified, key) == NULL;
}

static void create_table(planner *p, const sm_table *t)
{
	ut_buf sql = UT_BUF_INIT, rev = UT_BUF_INIT;
	bool first = true;

#define SEP() (ut_buf_puts(&sql, first ? "" : ", "), first = false)
	ut_buf_puts(&sql, "CREATE TABLE ");
	put_qname(p, &sql, &t->obj);
	ut_buf_puts(&sql, " (");
	for (size_t i = 0; i < t->columns.len; i++) {
		SEP();
		put_column(p, &sql, t, t->columns.items[i], false);
	}
	if (t->pk) {
		SEP();
		put_index(p, &sql, t, t->pk);
	}
	for (size_t i = 0; i < t->indexes.len; i++) {
		SEP();
		put_index(p, &sql, t, t->indexes.items[i]);
	}
	for (size_t i = 0; i < t->fks.len; i++) {
		const sm_foreign_key *fk = t->fks.items[i];
		if (!fk_inline(p, t, fk)) {
			ut_vec_push(&p->deferred, fk);
			continue;
		}
		SEP();
		put_fk(p, &sql, fk);
	}
	for (size_t i = 0; i < t->checks.len; i++) {
		if (column_check(t->checks.items[i]))
			continue;
		SEP();
		put_check(p, &sql, t->checks.items[i]);
	}
#undef SEP
	ut_buf_putc(&sql, ')');
	put_table_options(&sql, t);
	ut_buf_puts(&rev, "DROP TABLE ");
	put_qname(p, &rev, &t->obj);
	add_stmt(p, &sql, cmt("create ", t->obj.name, " table"), rev.ptr);
	ut_buf_release(&sql);
	ut_buf_release(&rev);
	ut_map_put(&p->emitted, table_key(p, schema_name(&t->obj), t->obj.name),
	           &present);
}

static void drop_table(planner *p, const sm_table *t)
{
	ut_buf sql = UT_BUF_INIT;

	ut_buf_puts(&sql, "DROP TABLE ");
	put_qname(p, &sql, &t->obj);
	add_stmt(p, &sql, cmt("drop ", t->obj.name, " table"), NULL);
	ut_buf_release(&sql);
}

static void add_fk_stmt(planner *p, const sm_foreign_key *fk)
{
	const sm_table *t = (const sm_table *)fk->obj.parent;
	ut_buf sql = UT_BUF_INIT, rev = UT_BUF_INIT;

	ut_buf_puts(&sql, "ALTER TABLE ");
	put_qname(p, &sql, &t->obj);
	ut_buf_puts(&sql, " ADD ");
	put_fk(p, &sql, fk);
	ut_buf_puts(&rev, "ALTER TABLE ");
	put_qname(p, &rev, &t->obj);
	ut_buf_puts(&rev, " DROP FOREIGN KEY ");
	put_ident(&rev, fk->obj.name);
	add_stmt(p, &sql, cmt("modify ", t->obj.name, " table"), rev.ptr);
	ut_buf_release(&sql);
	ut_buf_release(&rev);
}

static void drop_fk_stmt(planner *p, const sm_table *t,
                         const sm_foreign_key *fk)
{
	ut_buf sql = UT_BUF_INIT;

	ut_buf_puts(&sql, "ALTER TABLE ");
	put_qname(p, &sql, &t->obj);
	ut_buf_puts(&sql, " DROP FOREIGN KEY ");
	put_ident(&sql, fk->obj.name);
	add_stmt(p, &sql, cmt("modify ", t->obj.name, " table"), NULL);
	ut_buf_release(&sql);
}

/* An AUTO_INCREMENT attribute's value. */
static int64_t counter(const char *v)
{
	int64_t n = 0;

	ut_str_to_i64(&n, v);
	return n;
}

/* The sub-change of table change tc for its foreign key named name. */
static const sm_change *fk_change(const sm_change *tc, const char *name)
{
	for (size_t i = 0; i < tc->subs.len; i++) {
		const sm_change *s = tc->subs.items[i];
		if (s->kind == SM_FOREIGN_KEY &&
		    !strcmp((s->from ? s->from : s->to)->name, name))
			return s;
	}
	return NULL;
}

/*
 * MariaDB and MySQL refuse to change a column a foreign key uses, on
 * either side ("Cannot change column 'id': used in a foreign key
 * constraint"), foreign_key_checks off or not. The keys that stay but
 * use a column whose type, charset or collation changes (int ids made
 * bigint, longer varchar codes) are dropped before the tables change
 * (phase 3) and added back after (phase 6). Names are the from realm's.
 */
static void fk_rebuilds(planner *p, const sm_changes *changes, fk_vec *out)
{
	const change_vec *items = (const change_vec *)&changes->items;
	ut_map cols = UT_MAP_INIT, dropped = UT_MAP_INIT, mods = UT_MAP_INIT;
	bool any = false;

	for (size_t i = 0; i < items->len; i++) {
		const sm_change *ch = items->items[i];
		const sm_object *t = ch->from;
		if (ch->kind != SM_TABLE || !t)
			continue;
		if (ch->op == SM_OP_DROP) {
			ut_map_put(&dropped,
			           table_key(p, schema_name(t), t->name),
			           &present);
			continue;
		}
		if (ch->op != SM_OP_MODIFY)
			continue;
		/* the value: the change's index + 1 */
		ut_map_put(&mods, table_key(p, schema_name(t), t->name),
		           (void *)(uintptr_t)(i + 1));
		for (size_t k = 0; k < ch->subs.len; k++) {
			const sm_change *s = ch->subs.items[k];
			if (s->kind != SM_COLUMN || s->op != SM_OP_MODIFY ||
			    !(s->mask &
			      (SM_CHG_TYPE | SM_CHG_CHARSET | SM_CHG_COLLATE)))
				continue;
			ut_map_put(&cols,
			           ut_arena_printf(&p->scratch, "%s\037%s",
			                           table_key(p, schema_name(t),
			                                     t->name),
			                           s->from->name),
			           &present);
			any = true;
		}
	}
	for (size_t i = 0;
	     any && changes->from && i < changes->from->schemas.len; i++) {
		const sm_schema *sc = changes->from->schemas.items[i];
		for (size_t j = 0; j < sc->tables.len; j++) {
			const sm_table *t = sc->tables.items[j];
			const char *tk =
			        table_key(p, sc->obj.name, t->obj.name);
			uintptr_t ti = (uintptr_t)ut_map_get(&mods, tk);
			const sm_change *tc = ti ? items->items[ti - 1] : NULL;
			if (ut_map_get(&dropped, tk))
				continue;
			for (size_t k = 0; k < t->fks.len; k++) {
				const sm_foreign_key *fk = t->fks.items[k];
				const char *rk = table_key(
				        p,
				        fk->ref_schema && fk->ref_schema[0]
				                ? fk->ref_schema
				                : sc->obj.name,
				        fk->ref_table);
				bool hit = false;
				if (tc && fk_change(tc, fk->obj.name))
					continue; /* dropped or changed anyway
					           */
				for (size_t c = 0; c < fk->columns.len && !hit;
				     c++)
					hit = ut_map_get(
					              &cols,
					              ut_arena_printf(
					                      &p->scratch,
					                      "%s\037%s", tk,
					                      fk->columns.items
					                              [c])) !=
					      NULL;
				for (size_t c = 0;
				     c < fk->ref_columns.len && !hit; c++)
					hit = ut_map_get(
					              &cols,
					              ut_arena_printf(
					                      &p->scratch,
					                      "%s\037%s", rk,
					                      fk->ref_columns.items
					                              [c])) !=
					      NULL;
				if (hit)
					ut_vec_push(out, fk);
			}
		}
	}
	ut_map_release(&cols);
	ut_map_release(&dropped);
	ut_map_release(&mods);
}

/* Whether a column change needs DROP + ADD (generated columns). */
static bool regenerate(const sm_change *s)
{
	const sm_column *a = (const sm_column *)s->from;
	const sm_column *b = (const sm_column *)s->to;

	if (!(s->mask & SM_CHG_GENERATED))
		return false;
	return !a->generated || !b->generated ||
	       a->generated_stored != b->generated_stored;
}

/* " FIRST" or " AFTER `prev`": c's place in t. */
static void put_position(ut_buf *b, const sm_table *t, const sm_column *c)
{
	for (size_t i = 0; i < t->columns.len; i++) {
		if (t->columns.items[i] != c)
			continue;
		if (!i) {
			ut_buf_puts(b, " FIRST");
		} else {
			ut_buf_puts(b, " AFTER ");
			put_ident(b, t->columns.items[i - 1]->obj.name);
		}
		return;
	}
}

/* The column change of a MODIFY table for column name, or NULL. */
static const sm_change *column_change(const sm_change *tc, const char *name)
{
	for (size_t i = 0; i < tc->subs.len; i++) {
		const sm_change *s = tc->subs.items[i];
		if (s->kind == SM_COLUMN && s->op == SM_OP_MODIFY &&
		    !strcmp(s->to->name, name))
			return s;
	}
	return NULL;
}

static bool table_cs_changed(const sm_change *tc)
{
	return (tc->mask & (SM_CHG_CHARSET | SM_CHG_COLLATE)) != 0;
}

typedef UT_VEC(const char *) str_list;

static void redeclare_add(str_list *l, const char *col)
{
	if (!col)
		return;
	for (size_t i = 0; i < l->len; i++)
		if (!strcmp(l->items[i], col))
			return;
	ut_vec_push(l, col);
}

static bool column_added(const sm_change *tc, const char *name)
{
	for (size_t i = 0; i < tc->subs.len; i++) {
		const sm_change *s = tc->subs.items[i];
		if (s->kind == SM_COLUMN && s->op == SM_OP_ADD &&
		    !strcmp(s->to->name, name))
			return true;
	}
	return false;
}

static bool column_existed(const sm_table *from, const char *name)
{
	for (size_t i = 0; i < from->columns.len; i++)
		if (!strcmp(from->columns.items[i]->obj.name, name))
			return true;
	return false;
}

/* Whether a column check changed on this column (MariaDB column checks). */
static bool column_check_changed(const sm_change *tc, const char *col)
{
	for (size_t i = 0; i < tc->subs.len; i++) {
		const sm_change *s = tc->subs.items[i];
		const sm_check *ck;
		const char *cc;
		if (s->kind != SM_CHECK)
			continue;
		ck = (const sm_check *)(s->to ? s->to : s->from);
		cc = sm_attr_get(&ck->attrs, "column");
		if (cc && !strcmp(cc, col) && s->op != SM_OP_DROP)
			return true;
	}
	return false;
}

/*
 * One ALTER TABLE for a changed table, its clauses comma-joined in the
 * change list's order; partitioning, which takes no comma, last.
 */
static int alter_table(planner *p, const sm_change *tc)
{
	const sm_table *from = (const sm_table *)tc->from;
	const sm_table *to = (const sm_table *)tc->to;
	ut_buf sql = UT_BUF_INIT, cl = UT_BUF_INIT;
	str_list redo = UT_VEC_INIT; /* columns declared again (checks) */
	int n = 0;

#define CLAUSE() (ut_buf_puts(&cl, n++ ? ", " : ""))
	for (size_t i = 0; i < tc->subs.len; i++) {
		const sm_change *s = tc->subs.items[i];
		switch (s->kind) {
		case SM_COLUMN: {
			const sm_column *c =
			        (const sm_column *)(s->to ? s->to : s->from);
			if (s->op == SM_OP_DROP) {
				CLAUSE();
				ut_buf_puts(&cl, "DROP COLUMN ");
				put_ident(&cl, c->obj.name);
			} else if (s->op == SM_OP_ADD) {
				CLAUSE();
				ut_buf_puts(&cl, "ADD COLUMN ");
				put_column(p, &cl, to, c, false);
			} else if (s->op == SM_OP_MODIFY && regenerate(s)) {
				/*
				 * The servers cannot turn a column into or out
				 * of a generated one, nor change its storage:
				 * it is made again at the same place.
				 */
				CLAUSE();
				ut_buf_puts(&cl, "DROP COLUMN ");
				put_ident(&cl, s->from->name);
				CLAUSE();
				ut_buf_puts(&cl, "ADD COLUMN ");
				put_column(p, &cl, to, c, table_cs_changed(tc));
				put_position(&cl, to, c);
			} else if (s->op == SM_OP_MODIFY) {
				CLAUSE();
				ut_buf_puts(&cl, "MODIFY COLUMN ");
				put_column(p, &cl, to, c, table_cs_changed(tc));
			}
			break;
		}
		case SM_INDEX: {
			const sm_index *a = (const sm_index *)s->from;
			const sm_index *b = (const sm_index *)s->to;
			if (only_visibility(s)) {
				bool hide = sm_attr_get(&b->attrs, "invisible");
				CLAUSE();
				ut_buf_puts(&cl, "ALTER INDEX ");
				put_ident(&cl, b->obj.name);
				if (p->mariadb)
					ut_buf_puts(&cl, hide ? " IGNORED"
					                      : " NOT IGNORED");
				else
					ut_buf_puts(&cl, hide ? " INVISIBLE"
					                      : " VISIBLE");
				break;
			}
			if (a) {
				CLAUSE();
				if (a->primary) {
					ut_buf_puts(&cl, "DROP PRIMARY KEY");
				} else {
					ut_buf_puts(&cl, "DROP INDEX ");
					put_ident(&cl, a->obj.name);
				}
			}
			if (b) {
				CLAUSE();
				ut_buf_puts(&cl, "ADD ");
				put_index(p, &cl, to, b);
			}
			break;
		}
		case SM_FOREIGN_KEY:
			/* drops went in phase 3 */
			if (s->to) {
				const sm_foreign_key *fk =
				        (const sm_foreign_key *)s->to;
				const char *rs =
				        fk->ref_schema && fk->ref_schema[0]
				                ? fk->ref_schema
				                : schema_name(&to->obj);
				const char *key =
				        table_key(p, rs, fk->ref_table);
				if (ut_map_get(&p->created, key) ||
				    (ut_map_get(&p->modified, key) &&
				     strcmp(fk->ref_table, to->obj.name))) {
					/* the referenced table changes too:
					 * after it */
					ut_vec_push(&p->deferred, fk);
					break;
				}
				CLAUSE();
				ut_buf_puts(&cl, "ADD ");
				put_fk(p, &cl, fk);
			}
			break;
		case SM_CHECK: {
			const sm_check *a = (const sm_check *)s->from;
			const sm_check *b = (const sm_check *)s->to;
			/*
			 * MariaDB column checks live in their column: they
			 * change with a MODIFY COLUMN (below), not by name.
			 */
			if (a && column_check(a))
				redeclare_add(&redo,
				              sm_attr_get(&a->attrs, "column"));
			else if (a && a->obj.name[0]) {
				CLAUSE();
				ut_buf_printf(&cl, "%s ",
				              p->mariadb ? "DROP CONSTRAINT"
				                         : "DROP CHECK");
				put_ident(&cl, a->obj.name);
			}
			if (b && column_check(b)) {
				redeclare_add(&redo,
				              sm_attr_get(&b->attrs, "column"));
			} else if (b) {
				CLAUSE();
				ut_buf_puts(&cl, "ADD ");
				put_check(p, &cl, b);
			}
			break;
		}
		case SM_TRIGGER:
			break; /* phases 2 and 8 */
		default:
			ut_buf_release(&sql);
			ut_buf_release(&cl);
			ut_vec_release(&redo);
			return ut_error_set(
			        UT_ERROR,
			        "mysql: cannot plan a change of %s \"%s\" in table \"%s\"",
			        sm_kind_name(s->kind),
			        (s->to ? s->to : s->from)->name, to->obj.name);
		}
	}
	/* columns whose MariaDB column check changed */
	for (size_t i = 0; i < redo.len; i++) {
		const sm_column *c = NULL;
		for (size_t k = 0; k < to->columns.len; k++)
			if (!strcmp(to->columns.items[k]->obj.name,
			            redo.items[i]))
				c = to->columns.items[k];
		if (!c || column_change(tc, c->obj.name) ||
		    column_added(tc, c->obj.name) ||
		    !column_existed(from, c->obj.name))
			continue;
		CLAUSE();
		ut_buf_puts(&cl, "MODIFY COLUMN ");
		put_column(p, &cl, to, c, table_cs_changed(tc));
	}
	ut_vec_release(&redo);
	/* string columns that kept the old table default */
	if (table_cs_changed(tc)) {
		for (size_t i = 0; i < to->columns.len; i++) {
			const sm_column *c = to->columns.items[i];
			bool existed = false;
			if (!string_typed(c) || c->charset || c->collation ||
			    column_change(tc, c->obj.name) ||
			    column_check_changed(tc, c->obj.name))
				continue;
			for (size_t k = 0; k < from->columns.len; k++)
				if (!strcmp(from->columns.items[k]->obj.name,
				            c->obj.name))
					existed = true;
			if (!existed)
				continue;
			CLAUSE();
			ut_buf_puts(&cl, "MODIFY COLUMN ");
			put_column(p, &cl, to, c, true);
		}
	}
	if (tc->mask & SM_CHG_COMMENT) {
		CLAUSE();
		ut_buf_puts(&cl, "COMMENT ");
		put_literal(&cl, to->obj.comment ? to->obj.comment : "");
	}
	if (table_cs_changed(tc) && to->charset) {
		CLAUSE();
		ut_buf_printf(&cl, "CHARSET %s", to->charset);
		if (to->collation)
			ut_buf_printf(&cl, " COLLATE %s", to->collation);
	}
	if (tc->mask & SM_CHG_ATTR) {
		const char *ea = sm_attr_get(&from->attrs, "engine");
		const char *eb = sm_attr_get(&to->attrs, "engine");
		const char *aa = sm_attr_get(&from->attrs, "auto_increment");
		const char *ab = sm_attr_get(&to->attrs, "auto_increment");
		const char *ra = sm_attr_get(&from->attrs, "row_format");
		const char *rb = sm_attr_get(&to->attrs, "row_format");
		if (strcmp(ea ? ea : "InnoDB", eb ? eb : "InnoDB")) {
			CLAUSE();
			ut_buf_printf(&cl, "ENGINE %s", eb ? eb : "InnoDB");
		}
		/* the counter only goes up (see table_mask in schema/diff.c) */
		if (ab && counter(ab) > (aa ? counter(aa) : 1)) {
			CLAUSE();
			ut_buf_printf(&cl, "AUTO_INCREMENT %s", ab);
		}
		if (strcmp(ra ? ra : "", rb ? rb : "")) {
			CLAUSE();
			ut_buf_printf(&cl, "ROW_FORMAT %s",
			              rb ? rb : "DEFAULT");
		}
		if (!sm_attr_get(&from->attrs, "system_versioning") !=
		    !sm_attr_get(&to->attrs, "system_versioning")) {
			CLAUSE();
			ut_buf_puts(&cl,
			            sm_attr_get(&to->attrs, "system_versioning")
			                    ? "ADD SYSTEM VERSIONING"
			                    : "DROP SYSTEM VERSIONING");
		}
	}
#undef CLAUSE
	{
		const char *pa = sm_attr_get(&from->attrs, "partition");
		const char *pb = sm_attr_get(&to->attrs, "partition");
		if (strcmp(pa ? pa : "", pb ? pb : "")) {
			ut_buf_puts(&cl, n ? "\n" : "");
			ut_buf_puts(&cl, pb ? pb : "REMOVE PARTITIONING");
			n++;
		}
	}
	if (n) {
		ut_buf_puts(&sql, "ALTER TABLE ");
		put_qname(p, &sql, &to->obj);
		ut_buf_putc(&sql, ' ');
		ut_buf_put(&sql, cl.ptr, cl.len);
		add_stmt(p, &sql, cmt("modify ", to->obj.name, " table"), NULL);
	}
	ut_buf_release(&sql);
	ut_buf_release(&cl);
	return 0;
}

/* ---- definitions (views, routines, triggers, events) ----------------- */

static const char *def_keyword(sm_kind k, const sm_object *o)
{
	switch (k) {
	case SM_VIEW:
		return "VIEW";
	case SM_TRIGGER:
		return "TRIGGER";
	case SM_EVENT:
		return "EVENT";
	case SM_FUNCTION:
		return ((const sm_function *)o)->procedure ? "PROCEDURE"
		                                           : "FUNCTION";
	default:
		return "";
	}
}

static const char *def_of(sm_kind k, const sm_object *o)
{
	switch (k) {
	case SM_VIEW:
		return ((const sm_view *)o)->def;
	case SM_TRIGGER:
		return ((const sm_trigger *)o)->def;
	case SM_EVENT:
		return ((const sm_event *)o)->def;
	case SM_FUNCTION:
		return ((const sm_function *)o)->def;
	default:
		return NULL;
	}
}

/*
 * The stored statement, its own name schema-qualified when the plan is:
 * "... VIEW `v` ..." -> "... VIEW `s`.`v` ...".
 */
static void put_def(const planner *p, ut_buf *b, sm_kind k, const sm_object *o)
{
	const char *def = def_of(k, o), *at = NULL;
	const char *q = qualifier(p, o);
	ut_buf pat = UT_BUF_INIT;
	size_t n;

	if (!def)
		def = "";
	n = strlen(def);
	while (n &&
	       (def[n - 1] == ';' || def[n - 1] == ' ' || def[n - 1] == '\n'))
		n--;
	if (q) {
		/* the name quoted, or bare as written */
		ut_buf_printf(&pat, "%s ", def_keyword(k, o));
		put_ident(&pat, o->name);
		at = strstr(def, pat.ptr);
		if (!at) {
			ut_buf_reset(&pat);
			ut_buf_printf(&pat, "%s %s ", def_keyword(k, o),
			              o->name);
			at = strstr(def, pat.ptr);
		}
	}
	if (at && at < def + n) {
		size_t head =
		        (size_t)(at - def) + strlen(def_keyword(k, o)) + 1;
		ut_buf_put(b, def, head);
		put_ident(b, q);
		ut_buf_putc(b, '.');
		ut_buf_put(b, def + head, n - head);
	} else {
		ut_buf_put(b, def, n);
	}
	ut_buf_release(&pat);
}

static const char *kind_word(sm_kind k, const sm_object *o)
{
	switch (k) {
	case SM_VIEW:
		return "view";
	case SM_TRIGGER:
		return "trigger";
	case SM_EVENT:
		return "event";
	case SM_FUNCTION:
		return ((const sm_function *)o)->procedure ? "procedure"
		                                           : "function";
	default:
		return "object";
	}
}

static void drop_def(planner *p, sm_kind k, const sm_object *o)
{
	ut_buf sql = UT_BUF_INIT, c = UT_BUF_INIT;

	ut_buf_printf(&sql, "DROP %s ", def_keyword(k, o));
	put_qname(p, &sql, o);
	ut_buf_puts(&c, "drop ");
	ut_buf_quote(&c, o->name);
	ut_buf_printf(&c, " %s", kind_word(k, o));
	add_stmt(p, &sql, ut_buf_detach(&c), NULL);
	ut_buf_release(&sql);
}

/*
 * The statement of o, with " FOLLOWS `x`" / " PRECEDES `x`" after FOR
 * EACH ROW when anchor is set (triggers placed among others).
 */
static void create_def_at(planner *p, sm_kind k, const sm_object *o,
                          const char *order_kw, const char *anchor)
{
	ut_buf sql = UT_BUF_INIT, c = UT_BUF_INIT, rev = UT_BUF_INIT;

	put_def(p, &sql, k, o);
	if (anchor) {
		static const char each[] = " FOR EACH ROW ";
		const char *at = strstr(sql.ptr, each);
		if (at) {
			ut_buf head = UT_BUF_INIT;
			size_t n = (size_t)(at - sql.ptr) + strlen(each) - 1;
			ut_buf_put(&head, sql.ptr, n);
			ut_buf_printf(&head, " %s ", order_kw);
			put_ident(&head, anchor);
			ut_buf_puts(&head, sql.ptr + n);
			ut_buf_release(&sql);
			sql = head;
		}
	}
	ut_buf_puts(&c, "create ");
	ut_buf_quote(&c, o->name);
	ut_buf_printf(&c, " %s", kind_word(k, o));
	ut_buf_printf(&rev, "DROP %s ", def_keyword(k, o));
	put_qname(p, &rev, o);
	add_stmt(p, &sql, ut_buf_detach(&c), rev.ptr);
	ut_buf_release(&sql);
	ut_buf_release(&rev);
}

static void create_def(planner *p, sm_kind k, const sm_object *o)
{
	create_def_at(p, k, o, NULL, NULL);
}

/* The "BEFORE INSERT" of "CREATE TRIGGER `n` BEFORE INSERT ON ...". */
static void trigger_group(const sm_trigger *tr, const char **at, size_t *n)
{
	const char *d = tr->def ? tr->def : "";
	const char *p = strstr(d, "TRIGGER ");

	*at = d;
	*n = 0;
	if (!p)
		return;
	p += 8;
	if (*p == '`') {
		for (p++; *p && !(*p == '`' && p[1] != '`'); p++)
			if (*p == '`')
				p++;
		if (*p)
			p++;
	} else {
		p += strcspn(p, " ");
	}
	while (*p == ' ')
		p++;
	*at = p;
	*n = strstr(p, " ON ") ? (size_t)(strstr(p, " ON ") - p) : 0;
}

static bool same_group(const sm_trigger *a, const sm_trigger *b)
{
	const char *pa, *pb;
	size_t na, nb;

	trigger_group(a, &pa, &na);
	trigger_group(b, &pb, &nb);
	return na == nb && !strncmp(pa, pb, na);
}

static bool trigger_in(const sm_trigger *const *v, size_t n,
                       const sm_trigger *t)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] == t)
			return true;
	return false;
}

/*
 * Creates the triggers make (of table t) in t's order. Triggers of one
 * timing and event run in creation order; a new one goes last unless a
 * trigger kept from before must come after it: then it FOLLOWS the one
 * before it, or, first of its group, PRECEDES the first kept one.
 */
static void create_triggers(planner *p, const sm_table *t,
                            const sm_trigger *const *make, size_t n)
{
	for (size_t i = 0; i < t->triggers.len; i++) {
		const sm_trigger *x = t->triggers.items[i];
		const sm_trigger *prev = NULL, *kept = NULL;
		if (!trigger_in(make, n, x))
			continue;
		for (size_t k = 0; k < t->triggers.len; k++) {
			const sm_trigger *y = t->triggers.items[k];
			if (k == i || !same_group(x, y))
				continue;
			if (k < i)
				prev = y;
			else if (!kept && !trigger_in(make, n, y))
				kept = y;
		}
		if (!kept)
			create_def(p, SM_TRIGGER, &x->obj);
		else if (prev)
			create_def_at(p, SM_TRIGGER, &x->obj, "FOLLOWS",
			              prev->obj.name);
		else
			create_def_at(p, SM_TRIGGER, &x->obj, "PRECEDES",
			              kept->obj.name);
	}
}

/* Whether sql names `name` as a backquoted identifier. */
static bool mentions(const char *sql, const char *name)
{
	ut_buf q = UT_BUF_INIT;
	bool yes;

	put_ident(&q, name);
	yes = sql && strstr(sql, q.ptr) != NULL;
	ut_buf_release(&q);
	return yes;
}

/* Views in dependency order: a view waits for the views it names. */
static void create_views(planner *p, const sm_view **v, size_t n)
{
	bool *done = ut_xcalloc(n ? n : 1, sizeof(bool));
	size_t left = n;

	while (left) {
		size_t pick = n;
		for (size_t i = 0; i < n && pick == n; i++) {
			bool ready = true;
			if (done[i])
				continue;
			for (size_t j = 0; j < n && ready; j++)
				if (j != i && !done[j] &&
				    mentions(v[i]->def, v[j]->obj.name))
					ready = false;
			if (ready)
				pick = i;
		}
		if (pick == n)
			for (pick = 0; done[pick]; pick++)
				;
		done[pick] = true;
		left--;
		create_def(p, SM_VIEW, &v[pick]->obj);
	}
	free(done);
}

/* ---- sequences (MariaDB) ---------------------------------------------- */

static void put_sequence_options(ut_buf *b, const sm_sequence *s)
{
	ut_buf_printf(
	        b,
	        " START WITH %lld MINVALUE %lld MAXVALUE %lld INCREMENT BY %lld",
	        (long long)s->start, (long long)s->min, (long long)s->max,
	        (long long)s->increment);
	if (s->cache > 0)
		ut_buf_printf(b, " CACHE %lld", (long long)s->cache);
	else
		ut_buf_puts(b, " NOCACHE");
	ut_buf_puts(b, s->cycle ? " CYCLE" : " NOCYCLE");
}

/*
 * CREATE SEQUENCE, or for a changed one ALTER SEQUENCE (its options) and
 * ALTER TABLE (engine and comment, which ALTER SEQUENCE does not take).
 * Drops wait for the tables (phase 7): a default may still use it.
 */
static void sequence_stmt(planner *p, const sm_change *ch)
{
	const sm_sequence *a = (const sm_sequence *)ch->from;
	const sm_sequence *b = (const sm_sequence *)ch->to;
	ut_buf sql = UT_BUF_INIT, rev = UT_BUF_INIT;

	if (ch->op == SM_OP_ADD) {
		const char *engine = sm_attr_get(&b->attrs, "engine");
		ut_buf_puts(&sql, "CREATE SEQUENCE ");
		put_qname(p, &sql, &b->obj);
		put_sequence_options(&sql, b);
		if (engine)
			ut_buf_printf(&sql, " ENGINE=%s", engine);
		if (b->obj.comment && b->obj.comment[0]) {
			ut_buf_puts(&sql, " COMMENT ");
			put_literal(&sql, b->obj.comment);
		}
		ut_buf_puts(&rev, "DROP SEQUENCE ");
		put_qname(p, &rev, &b->obj);
		add_stmt(p, &sql, cmt("create ", b->obj.name, " sequence"),
		         rev.ptr);
	} else if (ch->op == SM_OP_DROP) {
		ut_buf_puts(&sql, "DROP SEQUENCE ");
		put_qname(p, &sql, &a->obj);
		add_stmt(p, &sql, cmt("drop ", a->obj.name, " sequence"), NULL);
	} else if (ch->op == SM_OP_MODIFY) {
		if (ch->mask & (SM_CHG_OPTIONS | SM_CHG_TYPE)) {
			ut_buf_puts(&sql, "ALTER SEQUENCE ");
			put_qname(p, &sql, &b->obj);
			put_sequence_options(&sql, b);
			add_stmt(p, &sql,
			         cmt("modify ", b->obj.name, " sequence"),
			         NULL);
		}
		if (ch->mask & (SM_CHG_COMMENT | SM_CHG_ATTR)) {
			const char *ea = sm_attr_get(&a->attrs, "engine");
			const char *eb = sm_attr_get(&b->attrs, "engine");
			bool engine = strcmp(ea ? ea : "InnoDB",
			                     eb ? eb : "InnoDB") != 0;
			ut_buf_puts(&sql, "ALTER TABLE ");
			put_qname(p, &sql, &b->obj);
			if (engine)
				ut_buf_printf(&sql, " ENGINE=%s",
				              eb ? eb : "InnoDB");
			if (ch->mask & SM_CHG_COMMENT) {
				ut_buf_puts(&sql, " COMMENT ");
				put_literal(&sql, b->obj.comment
				                          ? b->obj.comment
				                          : "");
			}
			if (engine || (ch->mask & SM_CHG_COMMENT))
				add_stmt(p, &sql,
				         cmt("modify ", b->obj.name,
				             " sequence"),
				         NULL);
		}
	}
	ut_buf_release(&sql);
	ut_buf_release(&rev);
}

/* ---- the change list --------------------------------------------------- */

static void schema_stmt(planner *p, const sm_change *ch)
{
	const sm_schema *s = (const sm_schema *)(ch->to ? ch->to : ch->from);
	ut_buf sql = UT_BUF_INIT, rev = UT_BUF_INIT, c = UT_BUF_INIT;

	if (ch->op == SM_OP_ADD) {
		ut_buf_puts(&sql, "CREATE DATABASE ");
		put_ident(&sql, s->obj.name);
		if (s->charset)
			ut_buf_printf(&sql, " CHARSET %s", s->charset);
		if (s->collation)
			ut_buf_printf(&sql, " COLLATE %s", s->collation);
		if (p->mariadb && s->obj.comment && s->obj.comment[0]) {
			ut_buf_puts(&sql, " COMMENT ");
			put_literal(&sql, s->obj.comment);
		}
		ut_buf_puts(&rev, "DROP DATABASE ");
		put_ident(&rev, s->obj.name);
		ut_buf_puts(&c, "add new schema named ");
		ut_buf_quote(&c, s->obj.name);
		add_stmt(p, &sql, ut_buf_detach(&c), rev.ptr);
	} else if (ch->op == SM_OP_DROP) {
		ut_buf_puts(&sql, "DROP DATABASE ");
		put_ident(&sql, s->obj.name);
		ut_buf_puts(&c, "drop schema named ");
		ut_buf_quote(&c, s->obj.name);
		add_stmt(p, &sql, ut_buf_detach(&c), NULL);
	} else if (ch->mask &
	           (SM_CHG_CHARSET | SM_CHG_COLLATE | SM_CHG_COMMENT)) {
		ut_buf_puts(&sql, "ALTER DATABASE");
		/* a schema-scoped plan changes the connected schema */
		if (p->qualify || !p->c || !p->c->base.schema) {
			ut_buf_putc(&sql, ' ');
			put_ident(&sql, s->obj.name);
		}
		size_t bare = sql.len;
		/* CHARACTER is reserved: never taken for a database name */
		if (s->charset)
			ut_buf_printf(&sql, " CHARACTER SET %s", s->charset);
		if (s->collation)
			ut_buf_printf(&sql, " COLLATE %s", s->collation);
		if (p->mariadb && (ch->mask & SM_CHG_COMMENT)) {
			ut_buf_puts(&sql, " COMMENT ");
			put_literal(&sql, s->obj.comment ? s->obj.comment : "");
		}
		/* nothing the server can say (a desired state without a
		 * charset, a comment on MySQL): no bare ALTER DATABASE */
		if (sql.len == bare)
			goto out;
		ut_buf_puts(&c, "modify ");
		ut_buf_quote(&c, s->obj.name);
		ut_buf_puts(&c, " schema");
		add_stmt(p, &sql, ut_buf_detach(&c), NULL);
	}
out:
	ut_buf_release(&sql);
	ut_buf_release(&rev);
	ut_buf_release(&c);
}

static bool has_ref(planner *p, const sm_table *t, const sm_table *other)
{
	for (size_t i = 0; i < t->fks.len; i++) {
		const sm_foreign_key *fk = t->fks.items[i];
		const char *rs = fk->ref_schema && fk->ref_schema[0]
		                         ? fk->ref_schema
		                         : schema_name(&t->obj);
		(void)p;
		if (t != other && !strcmp(rs, schema_name(&other->obj)) &&
		    !strcmp(fk->ref_table, other->obj.name))
			return true;
	}
	return false;
}

/* New tables: a table goes once every new table it references went. */
static void create_tables(planner *p, const sm_table **t, size_t n)
{
	bool *done = ut_xcalloc(n ? n : 1, sizeof(bool));

	for (size_t left = n; left; left--) {
		size_t pick = n;
		for (size_t i = 0; i < n && pick == n; i++) {
			bool ready = !done[i];
			for (size_t j = 0; j < n && ready; j++)
				if (!done[j] && j != i &&
				    has_ref(p, t[i], t[j]))
					ready = false;
			if (ready)
				pick = i;
		}
		if (pick == n) /* a cycle: its keys wait for phase 6 */
			for (pick = 0; done[pick]; pick++)
				;
		done[pick] = true;
		create_table(p, t[pick]);
	}
	free(done);
}

/* Dropped tables: a table goes once no other dropped table references it. */
static void drop_tables(planner *p, const sm_table **t, size_t n)
{
	bool *done = ut_xcalloc(n ? n : 1, sizeof(bool));

	for (size_t left = n; left; left--) {
		size_t pick = n;
		for (size_t i = 0; i < n && pick == n; i++) {
			bool ready = !done[i];
			for (size_t j = 0; j < n && ready; j++)
				if (!done[j] && j != i &&
				    has_ref(p, t[j], t[i]))
					ready = false;
			if (ready)
				pick = i;
		}
		if (pick == n) {
			/* a cycle: the remaining tables lose their keys first
			 */
			for (size_t i = 0; i < n; i++) {
				if (done[i])
					continue;
				for (size_t k = 0; k < t[i]->fks.len; k++)
					drop_fk_stmt(p, t[i],
					             t[i]->fks.items[k]);
			}
			for (pick = 0; done[pick]; pick++)
				;
			for (size_t i = 0; i < n; i++)
				if (!done[i]) {
					done[i] = true;
					drop_table(p, t[i]);
				}
			break;
		}
		done[pick] = true;
		drop_table(p, t[pick]);
	}
	free(done);
}

static bool has_delim(const char *sql)
{
	return strchr(sql, ';') != NULL;
}

/* The first of "//", "$$", ";;" that no statement holds. */
static void set_delimiter(planner *p)
{
	static const char *const cands[] = { "//", "$$", ";;", "\n\n\n" };
	bool need = false;

	for (size_t i = 0; i < p->plan->stmts.len; i++)
		if (has_delim(p->plan->stmts.items[i].sql))
			need = true;
	if (!need)
		return;
	for (size_t k = 0; k < UT_ARRAY_SIZE(cands); k++) {
		bool clash = false;
		for (size_t i = 0; i < p->plan->stmts.len && !clash; i++)
			if (strstr(p->plan->stmts.items[i].sql, cands[k]))
				clash = true;
		if (!clash) {
			p->plan->delimiter = cands[k];
			return;
		}
	}
}

int dl_my__plan(dl_plan **out, dl_conn *conn, const sm_changes *changes,
                const dl_plan_opts *o)
{
	static const dl_plan_opts none;
	planner p;
	const change_vec *items;
	UT_VEC(const sm_table *) adds = UT_VEC_INIT, drops = UT_VEC_INIT;
	UT_VEC(const sm_view *) views = UT_VEC_INIT;
	fk_vec rebuilt = UT_VEC_INIT;
	int error = 0;

	*out = NULL;
	memset(&p, 0, sizeof(p));
	p.plan = dl_plan_new();
	p.plan->transactional = false;
	p.opts = o ? o : &none;
	p.c = (const dl_my_conn *)conn;
	p.mariadb = p.c ? p.c->mariadb : true;
	/* without a bound schema there is no default one to resolve names */
	p.qualify = p.opts->qualify || (p.c && !p.c->base.schema);
	ut_arena_init(&p.scratch);
	items = (const change_vec *)&changes->items;

	/* which tables are made, changed */
	for (size_t i = 0; i < items->len; i++) {
		const sm_change *ch = items->items[i];
		const sm_object *ob = ch->to ? ch->to : ch->from;
		if (ch->kind != SM_TABLE)
			continue;
		if (ch->op == SM_OP_ADD)
			ut_map_put(&p.created,
			           table_key(&p, schema_name(ob), ob->name),
			           &present);
		else if (ch->op == SM_OP_MODIFY)
			ut_map_put(&p.modified,
			           table_key(&p, schema_name(ob), ob->name),
			           &present);
	}

	/* 1. schemas */
	for (size_t i = 0; i < items->len; i++) {
		const sm_change *ch = items->items[i];
		/* a dump of one schema does not restate the schema */
		if (ch->kind == SM_SCHEMA && ch->op != SM_OP_DROP &&
		    !(ch->op == SM_OP_MODIFY && p.opts->dump))
			schema_stmt(&p, ch);
		else if (ch->kind == SM_SEQUENCE && !p.mariadb) {
			error = ut_error_set(
			        UT_ERROR,
			        "mysql: cannot plan a change of sequence \"%s\": MySQL has no sequences (MariaDB has)",
			        (ch->to ? ch->to : ch->from)->name);
			goto done;
		} else if (ch->kind == SM_SEQUENCE) {
			if (ch->op != SM_OP_DROP)
				sequence_stmt(&p, ch);
		} else if (ch->kind == SM_EXTENSION || ch->kind == SM_TYPE) {
			error = ut_error_set(
			        UT_ERROR,
			        "mysql: cannot plan a change of %s \"%s\": MySQL has no such objects",
			        sm_kind_name(ch->kind),
			        (ch->to ? ch->to : ch->from)->name);
			goto done;
		} else if (ch->op == SM_OP_RENAME && ch->kind == SM_TABLE) {
			ut_buf sql = UT_BUF_INIT, c = UT_BUF_INIT;
			ut_buf_puts(&sql, "RENAME TABLE ");
			put_qname(&p, &sql, ch->from);
			ut_buf_puts(&sql, " TO ");
			put_qname(&p, &sql, ch->to);
			ut_buf_puts(&c, "rename a table from ");
			ut_buf_quote(&c, ch->from->name);
			ut_buf_puts(&c, " to ");
			ut_buf_quote(&c, ch->to->name);
			add_stmt(&p, &sql, ut_buf_detach(&c), NULL);
			ut_buf_release(&sql);
		} else if (ch->op == SM_OP_RENAME) {
			error = ut_error_set(
			        UT_ERROR,
			        "mysql: cannot plan renaming %s \"%s\"",
			        sm_kind_name(ch->kind), ch->from->name);
			goto done;
		}
	}
	/* 2. definitions that go or change */
	for (size_t i = 0; i < items->len; i++) {
		const sm_change *ch = items->items[i];
		if (ch->op != SM_OP_DROP && ch->op != SM_OP_MODIFY)
			continue;
		if (ch->kind == SM_VIEW || ch->kind == SM_FUNCTION ||
		    ch->kind == SM_EVENT) {
			if (ch->op == SM_OP_DROP ||
			    (ch->mask &
			     (SM_CHG_DEF | SM_CHG_COMMENT | SM_CHG_ATTR)))
				drop_def(&p, ch->kind, ch->from);
		} else if (ch->kind == SM_TABLE && ch->op == SM_OP_MODIFY) {
			for (size_t k = 0; k < ch->subs.len; k++) {
				const sm_change *s = ch->subs.items[k];
				if (s->kind == SM_TRIGGER && s->op != SM_OP_ADD)
					drop_def(&p, SM_TRIGGER, s->from);
			}
		}
	}
	/* 3. foreign keys that go or change, or use a column that changes */
	fk_rebuilds(&p, changes, &rebuilt);
	for (size_t i = 0; i < rebuilt.len; i++)
		drop_fk_stmt(&p, (const sm_table *)rebuilt.items[i]->obj.parent,
		             rebuilt.items[i]);
	for (size_t i = 0; i < items->len; i++) {
		const sm_change *ch = items->items[i];
		if (ch->kind != SM_TABLE || ch->op != SM_OP_MODIFY)
			continue;
		for (size_t k = 0; k < ch->subs.len; k++) {
			const sm_change *s = ch->subs.items[k];
			if (s->kind == SM_FOREIGN_KEY && s->from)
				drop_fk_stmt(&p, (const sm_table *)ch->from,
				             (const sm_foreign_key *)s->from);
		}
	}
	/* 4. new tables */
	for (size_t i = 0; i < items->len; i++) {
		const sm_change *ch = items->items[i];
		if (ch->kind == SM_TABLE && ch->op == SM_OP_ADD)
			ut_vec_push(&adds, (const sm_table *)ch->to);
		else if (ch->kind == SM_TABLE && ch->op == SM_OP_DROP)
			ut_vec_push(&drops, (const sm_table *)ch->from);
	}
	create_tables(&p, adds.items, adds.len);
	/* 5. changed tables */
	for (size_t i = 0; i < items->len; i++) {
		const sm_change *ch = items->items[i];
		if (ch->kind == SM_TABLE && ch->op == SM_OP_MODIFY &&
		    (error = alter_table(&p, ch)) < 0)
			goto done;
	}
	/* 6. deferred foreign keys, and those dropped for their columns */
	for (size_t i = 0; i < p.deferred.len; i++)
		add_fk_stmt(&p, p.deferred.items[i]);
	for (size_t i = 0; i < rebuilt.len; i++)
		add_fk_stmt(&p, rebuilt.items[i]);
	/* 7. dropped tables, then the sequences their defaults used */
	drop_tables(&p, drops.items, drops.len);
	for (size_t i = 0; i < items->len; i++) {
		const sm_change *ch = items->items[i];
		if (ch->kind == SM_SEQUENCE && ch->op == SM_OP_DROP)
			sequence_stmt(&p, ch);
	}
	/* 8. definitions */
	for (size_t i = 0; i < items->len; i++) {
		const sm_change *ch = items->items[i];
		if (ch->kind == SM_FUNCTION && ch->op != SM_OP_DROP &&
		    (ch->op == SM_OP_ADD ||
		     (ch->mask & (SM_CHG_DEF | SM_CHG_COMMENT | SM_CHG_ATTR))))
			create_def(&p, SM_FUNCTION, ch->to);
	}
	for (size_t i = 0; i < items->len; i++) {
		const sm_change *ch = items->items[i];
		if (ch->kind == SM_VIEW && ch->op != SM_OP_DROP &&
		    (ch->op == SM_OP_ADD ||
		     (ch->mask & (SM_CHG_DEF | SM_CHG_COMMENT | SM_CHG_ATTR))))
			ut_vec_push(&views, (const sm_view *)ch->to);
	}
	create_views(&p, views.items, views.len);
	for (size_t i = 0; i < items->len; i++) {
		const sm_change *ch = items->items[i];
		const sm_table *t = (const sm_table *)ch->to;
		if (ch->kind != SM_TABLE)
			continue;
		if (ch->op == SM_OP_ADD) {
			create_triggers(
			        &p, t,
			        (const sm_trigger *const *)t->triggers.items,
			        t->triggers.len);
		} else if (ch->op == SM_OP_MODIFY) {
			UT_VEC(const sm_trigger *) make = UT_VEC_INIT;
			for (size_t k = 0; k < ch->subs.len; k++) {
				const sm_change *s = ch->subs.items[k];
				if (s->kind == SM_TRIGGER &&
				    s->op != SM_OP_DROP)
					ut_vec_push(&make,
					            (const sm_trigger *)s->to);
			}
			create_triggers(&p, t, make.items, make.len);
			ut_vec_release(&make);
		}
	}
	for (size_t i = 0; i < items->len; i++) {
		const sm_change *ch = items->items[i];
		if (ch->kind == SM_EVENT && ch->op != SM_OP_DROP &&
		    (ch->op == SM_OP_ADD ||
		     (ch->mask & (SM_CHG_DEF | SM_CHG_COMMENT))))
			create_def(&p, SM_EVENT, ch->to);
	}
	for (size_t i = 0; i < items->len; i++) {
		const sm_change *ch = items->items[i];
		if (ch->kind == SM_SCHEMA && ch->op == SM_OP_DROP)
			schema_stmt(&p, ch);
	}
	set_delimiter(&p);
	*out = p.plan;
	p.plan = NULL;
done:
	dl_plan_free(p.plan);
	ut_vec_release(&adds);
	ut_vec_release(&drops);
	ut_vec_release(&views);
	ut_vec_release(&rebuilt);
	ut_vec_release(&p.deferred);
	ut_map_release(&p.created);
	ut_map_release(&p.emitted);
	ut_map_release(&p.modified);
	ut_arena_release(&p.scratch);
	return error;
}
