/* SPDX-License-Identifier: MIT */
/*
 * dialects/mysql/stash.c: the replay cache of `migrate lint` kept by the
 * server (dl_driver.stash_*). An entry is a schema strata_lint_<16 hex of
 * key> holding a copy of the dev schema: tables by their SHOW CREATE TABLE
 * text (CREATE TABLE ... LIKE would lose the foreign keys) and their rows,
 * sequences, views, routines and triggers by their SHOW CREATE text. The
 * table strata_lint_stash, made last, marks the entry complete and its
 * comment says when it was last used (the oldest go first). Restoring
 * empties the dev schema and copies the entry back. Only connections
 * bound to a schema stash; events are not copied.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "my_int.h"
#include "ut.h"

#define STASH_MARKER  "strata_lint_stash"

bool dl_my__stash_schema(const char *name)
{
	uint64_t k;
	return dl_stash_parse(&k, name);
}

typedef UT_VEC(char *) strs;

static void strs_release(strs *v)
{
	for (size_t i = 0; i < v->len; i++)
		free(v->items[i]);
	ut_vec_release(v);
}

/* Collects every column of every row (NULL as ""). */
static int collect_row(const char *const *v, size_t n, void *payload)
{
	strs *out = payload;

	for (size_t i = 0; i < n; i++)
		ut_vec_push(out, ut_xstrdup(v[i] ? v[i] : ""));
	return 0;
}

static int query_strs(dl_conn *c, strs *out, const char *sql,
                      const char *const *params, size_t n)
{
	return dl_my__query(c, sql, params, n, collect_row, out);
}

static int exec_buf(dl_conn *c, const ut_buf *sql)
{
	return dl_my__exec(c, sql->ptr, sql->len);
}

static int use_schema(dl_conn *c, const char *schema)
{
	ut_buf sql = UT_BUF_INIT;
	int error;

	ut_buf_puts(&sql, "USE ");
	dl_my__quote_ident(&sql, schema);
	error = exec_buf(c, &sql);
	ut_buf_release(&sql);
	return error;
}

/* "SHOW CREATE <kind> `schema`.`name`": column col of its row. */
static int show_create(dl_conn *c, char **out, const char *kind,
                       const char *schema, const char *name, size_t col,
                       char **sql_mode)
{
	ut_buf sql = UT_BUF_INIT;
	strs row = UT_VEC_INIT;
	int error;

	*out = NULL;
	ut_buf_printf(&sql, "SHOW CREATE %s ", kind);
	dl_my__quote_ident(&sql, schema);
	ut_buf_putc(&sql, '.');
	dl_my__quote_ident(&sql, name);
	if ((error = query_strs(c, &row, sql.ptr, NULL, 0)) < 0)
		goto done;
	if (row.len <= col || !*row.items[col]) {
		error = ut_error_set(
		        UT_EDB,
		        "SHOW CREATE %s `%s` gave no text (missing privilege?)",
		        kind, name);
		goto done;
	}
	*out = row.items[col];
	row.items[col] = NULL;
	if (sql_mode && row.len > 1) {
		*sql_mode = row.items[1];
		row.items[1] = NULL;
	}
done:
	for (size_t i = 0; i < row.len; i++)
		free(row.items[i]);
	ut_vec_release(&row);
	ut_buf_release(&sql);
	return error;
}

static int set_sql_mode(dl_conn *c, const char *mode)
{
	ut_buf sql = UT_BUF_INIT;
	int error;

	ut_buf_puts(&sql, "SET SESSION sql_mode = ");
	dl_my__quote_literal(&sql, mode);
	error = exec_buf(c, &sql);
	ut_buf_release(&sql);
	return error;
}

/*
 * The tables of from that hold rows (the others need no copy, and an
 * INSERT ... SELECT costs milliseconds even when it copies nothing): one
 * query of EXISTS probes, in chunks.
 */
static int tables_with_rows(dl_conn *c, strs *out, const char *from,
                            const strs *tables)
{
	ut_buf sql = UT_BUF_INIT;
	size_t n = 0;
	int error = 0;

	for (size_t i = 0; i + 1 < tables->len; i += 2) {
		const char *name = tables->items[i + 1];
		if (strcmp(tables->items[i], "SEQUENCE") == 0 ||
		    strcmp(name, STASH_MARKER) == 0)
			continue;
		ut_buf_puts(&sql, n ? " UNION ALL SELECT " : "SELECT ");
		dl_my__quote_literal(&sql, name);
		ut_buf_puts(&sql, " FROM DUAL WHERE EXISTS (SELECT 1 FROM ");
		dl_my__quote_ident(&sql, from);
		ut_buf_putc(&sql, '.');
		dl_my__quote_ident(&sql, name);
		ut_buf_putc(&sql, ')');
		if (++n == 200) {
			if ((error = query_strs(c, out, sql.ptr, NULL, 0)) < 0)
				break;
			ut_buf_reset(&sql);
			n = 0;
		}
	}
	if (error == 0 && n > 0)
		error = query_strs(c, out, sql.ptr, NULL, 0);
	ut_buf_release(&sql);
	return error;
}

static bool strs_has(const strs *v, const char *s)
{
	for (size_t i = 0; i < v->len; i++)
		if (strcmp(v->items[i], s) == 0)
			return true;
	return false;
}

/* INSERT INTO `to`.`t` (cols) SELECT cols FROM `from`.`t`. */
static int copy_rows(dl_conn *c, const char *from, const char *to,
                     const char *table, const strs *cols)
{
	ut_buf sql = UT_BUF_INIT, list = UT_BUF_INIT;
	size_t n = 0;
	int error = 0;

	/* cols: table, column pairs of the schema's stored columns */
	for (size_t i = 0; i + 1 < cols->len; i += 2) {
		if (strcmp(cols->items[i], table) != 0)
			continue;
		if (n++)
			ut_buf_puts(&list, ", ");
		dl_my__quote_ident(&list, cols->items[i + 1]);
	}
	if (n == 0)
		goto done;
	ut_buf_puts(&sql, "INSERT INTO ");
	dl_my__quote_ident(&sql, to);
	ut_buf_putc(&sql, '.');
	dl_my__quote_ident(&sql, table);
	ut_buf_printf(&sql, " (%s) SELECT %s FROM ", list.ptr, list.ptr);
	dl_my__quote_ident(&sql, from);
	ut_buf_putc(&sql, '.');
	dl_my__quote_ident(&sql, table);
	error = exec_buf(c, &sql);
done:
	ut_buf_release(&sql);
	ut_buf_release(&list);
	return error;
}

/*
 * Views may read other views: they are created in rounds until a round
 * makes no progress; the error of the last failure is then returned.
 * "`from`." in their text (MySQL qualifies tables of another schema)
 * becomes "`to`.".
 */
static int copy_views(dl_conn *c, const char *from, const char *to,
                      const strs *views)
{
	size_t n = views->len, left = n;
	bool *done = ut_xcalloc(n ? n : 1, sizeof(*done));
	ut_buf qf = UT_BUF_INIT, qt = UT_BUF_INIT;
	int error = 0;

	dl_my__quote_ident(&qf, from);
	ut_buf_putc(&qf, '.');
	dl_my__quote_ident(&qt, to);
	ut_buf_putc(&qt, '.');
	while (left > 0) {
		size_t before = left;
		for (size_t i = 0; i < n; i++) {
			char *text = NULL, *fixed;
			if (done[i])
				continue;
			if ((error = show_create(c, &text, "VIEW", from,
			                         views->items[i], 1, NULL)) < 0)
				goto out;
			fixed = ut_str_replace(text, qf.ptr, qt.ptr);
			error = dl_my__exec(c, fixed, strlen(fixed));
			free(fixed);
			free(text);
			if (error == 0) {
				done[i] = true;
				left--;
			}
		}
		if (left == before)
			goto out; /* error holds the last failure */
		ut_error_clear();
		error = 0;
	}
out:
	free(done);
	ut_buf_release(&qf);
	ut_buf_release(&qt);
	return error;
}

/*
 * Copies the objects of schema from into schema to (which exists and is
 * empty), skipping the marker table. The session's default schema,
 * sql_mode and foreign-key checks are restored afterwards.
 */
static int copy_schema(dl_conn *c, const char *from, const char *to)
{
	const char *p1[1] = { from };
	strs tables = UT_VEC_INIT, cols = UT_VEC_INIT, views = UT_VEC_INIT,
	     routines = UT_VEC_INIT, triggers = UT_VEC_INIT, mode = UT_VEC_INIT,
	     full = UT_VEC_INIT;
	bool fk_off = false, mode_set = false;
	int error, e2;

	if ((error = query_strs(c, &mode, "SELECT @@SESSION.sql_mode", NULL,
	                        0)) < 0 ||
	    (error = query_strs(
	             c, &tables,
	             "SELECT TABLE_TYPE, TABLE_NAME FROM information_schema.TABLES "
	             "WHERE TABLE_SCHEMA = ? AND TABLE_TYPE <> 'VIEW' "
	             "ORDER BY TABLE_TYPE <> 'SEQUENCE', TABLE_NAME",
	             p1, 1)) < 0 ||
	    (error = query_strs(
	             c, &cols,
	             "SELECT TABLE_NAME, COLUMN_NAME FROM information_schema.COLUMNS "
	             "WHERE TABLE_SCHEMA = ? AND EXTRA NOT LIKE '%VIRTUAL GENERATED%' "
	             "AND EXTRA NOT LIKE '%STORED GENERATED%' "
	             "AND EXTRA NOT LIKE '%PERSISTENT GENERATED%' "
	             "ORDER BY TABLE_NAME, ORDINAL_POSITION",
	             p1, 1)) < 0 ||
	    (error = query_strs(
	             c, &views,
	             "SELECT TABLE_NAME FROM information_schema.VIEWS "
	             "WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME",
	             p1, 1)) < 0 ||
	    (error = query_strs(
	             c, &routines,
	             "SELECT ROUTINE_TYPE, ROUTINE_NAME FROM "
	             "information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ? "
	             "ORDER BY ROUTINE_TYPE, ROUTINE_NAME",
	             p1, 1)) < 0 ||
	    (error = query_strs(
	             c, &triggers,
	             "SELECT TRIGGER_NAME FROM information_schema.TRIGGERS "
	             "WHERE TRIGGER_SCHEMA = ? ORDER BY EVENT_OBJECT_TABLE, "
	             "ACTION_TIMING, EVENT_MANIPULATION, ACTION_ORDER",
	             p1, 1)) < 0)
		goto done;
	if ((error = tables_with_rows(c, &full, from, &tables)) < 0)
		goto done;
	if ((error = dl_my__exec(c, "SET FOREIGN_KEY_CHECKS = 0", 26)) < 0)
		goto done;
	fk_off = true;
	if ((error = use_schema(c, to)) < 0)
		goto done;
	/* sequences first: a column default may call NEXTVAL on one */
	for (size_t i = 0; i + 1 < tables.len; i += 2) {
		const char *type = tables.items[i], *name = tables.items[i + 1];
		bool seq = strcmp(type, "SEQUENCE") == 0;
		char *text = NULL;
		if (strcmp(name, STASH_MARKER) == 0)
			continue;
		if ((error = show_create(c, &text, seq ? "SEQUENCE" : "TABLE",
		                         from, name, 1, NULL)) < 0)
			goto done;
		error = dl_my__exec(c, text, strlen(text));
		free(text);
		if (error < 0 ||
		    (!seq && strs_has(&full, name) &&
		     (error = copy_rows(c, from, to, name, &cols)) < 0))
			goto done;
	}
	if ((error = copy_views(c, from, to, &views)) < 0)
		goto done;
	mode_set = true;
	for (size_t i = 0; i + 1 < routines.len; i += 2) {
		char *text = NULL, *sm = NULL;
		if ((error = show_create(c, &text, routines.items[i], from,
		                         routines.items[i + 1], 2, &sm)) == 0 &&
		    (error = set_sql_mode(c, sm)) == 0)
			error = dl_my__exec(c, text, strlen(text));
		free(text);
		free(sm);
		if (error < 0)
			goto done;
	}
	for (size_t i = 0; i < triggers.len; i++) {
		char *text = NULL, *sm = NULL;
		if ((error = show_create(c, &text, "TRIGGER", from,
		                         triggers.items[i], 2, &sm)) == 0 &&
		    (error = set_sql_mode(c, sm)) == 0)
			error = dl_my__exec(c, text, strlen(text));
		free(text);
		free(sm);
		if (error < 0)
			goto done;
	}
done : {
	/* the session as it was, keeping the first error */
	ut_error keep;
	ut_error_stash(&keep);
	e2 = 0;
	if (mode_set && mode.len)
		e2 = set_sql_mode(c, mode.items[0]);
	if (fk_off && dl_my__exec(c, "SET FOREIGN_KEY_CHECKS = 1", 26) < 0)
		e2 = UT_EDB;
	if (c->schema && use_schema(c, c->schema) < 0)
		e2 = UT_EDB;
	if (error < 0) {
		ut_error_restore(&keep);
	} else if (e2 < 0) {
		/* keep holds no error: nothing to free */
		ut_error_wrap("restoring the session");
		error = e2;
	}
}
	strs_release(&tables);
	strs_release(&cols);
	strs_release(&views);
	strs_release(&routines);
	strs_release(&triggers);
	strs_release(&mode);
	strs_release(&full);
	return error;
}

typedef struct entry {
	char *schema;
	long long stamp;
} entry;

typedef UT_VEC(entry) entries;

static void entries_release(entries *v)
{
	for (size_t i = 0; i < v->len; i++)
		free(v->items[i].schema);
	ut_vec_release(v);
}

/* Complete entries (their marker exists), with their stamps. */
static int list_entries(dl_conn *c, entries *out)
{
	strs rows = UT_VEC_INIT;
	int error = query_strs(
	        c, &rows,
	        "SELECT TABLE_SCHEMA, TABLE_COMMENT FROM information_schema.TABLES "
	        "WHERE TABLE_NAME = '" STASH_MARKER "' "
	        "AND TABLE_SCHEMA LIKE 'strata\\_lint\\_%'",
	        NULL, 0);

	for (size_t i = 0; error == 0 && i + 1 < rows.len; i += 2) {
		const char *cm = rows.items[i + 1];
		entry e = { 0 };
		if (!dl_my__stash_schema(rows.items[i]))
			continue;
		e.schema = ut_xstrdup(rows.items[i]);
		if (!strncmp(cm, DL_STASH_COMMENT, strlen(DL_STASH_COMMENT)))
			e.stamp = strtoll(cm + strlen(DL_STASH_COMMENT), NULL, 10);
		ut_vec_push(out, e);
	}
	strs_release(&rows);
	return error;
}

static int drop_schema(dl_conn *c, const char *name)
{
	ut_buf sql = UT_BUF_INIT;
	int error;

	ut_buf_puts(&sql, "DROP DATABASE IF EXISTS ");
	dl_my__quote_ident(&sql, name);
	error = exec_buf(c, &sql);
	ut_buf_release(&sql);
	return error;
}

/* Drops the least recently used entries beyond keep (best effort). */
static void prune(dl_conn *c, size_t keep, const char *keep_name)
{
	entries v = UT_VEC_INIT;
	size_t n;

	if (list_entries(c, &v) < 0) {
		ut_error_clear();
		return;
	}
	n = v.len;
	while (n > keep) {
		entry *oldest = NULL;
		for (size_t i = 0; i < v.len; i++) {
			entry *e = &v.items[i];
			if (!e->schema || !strcmp(e->schema, keep_name))
				continue;
			if (!oldest || e->stamp < oldest->stamp)
				oldest = e;
		}
		if (!oldest)
			break;
		if (drop_schema(c, oldest->schema) < 0)
			ut_error_clear();
		free(oldest->schema);
		oldest->schema = NULL;
		n--;
	}
	entries_release(&v);
}

static void stamp_sql(ut_buf *sql)
{
	char text[96];

	snprintf(text, sizeof(text), DL_STASH_COMMENT "%lld", dl_stash_now_us());
	ut_buf_puts(sql, " COMMENT = ");
	dl_my__quote_literal(sql, text);
}

static int need_schema(dl_conn *c)
{
	if (c->schema)
		return 0;
	return ut_error_set(
	        UT_ERROR, "the replay cache needs a dev URL bound to a schema");
}

int dl_my__stash_list(dl_conn *c, uint64_t **keys, size_t *n)
{
	entries v = UT_VEC_INIT;
	int error;

	*keys = NULL;
	*n = 0;
	if ((error = need_schema(c)) < 0 || (error = list_entries(c, &v)) < 0)
		goto done;
	*keys = ut_xcalloc(v.len ? v.len : 1, sizeof(**keys));
	for (size_t i = 0; i < v.len; i++)
		dl_stash_parse(&(*keys)[(*n)++], v.items[i].schema);
done:
	entries_release(&v);
	return error;
}

static bool marked(dl_conn *c, const char *schema, int *error)
{
	const char *p1[1] = { schema };
	strs rows = UT_VEC_INIT;
	bool r;

	*error = query_strs(c, &rows,
	                    "SELECT 1 FROM information_schema.TABLES WHERE "
	                    "TABLE_SCHEMA = ? AND TABLE_NAME = '" STASH_MARKER
	                    "'",
	                    p1, 1);
	r = *error == 0 && rows.len > 0;
	strs_release(&rows);
	return r;
}

int dl_my__stash_save(dl_conn *c, uint64_t key, size_t keep)
{
	const char *p1[1] = { c->schema };
	strs cs = UT_VEC_INIT;
	ut_buf sql = UT_BUF_INIT;
	char name[32];
	int error;

	if ((error = need_schema(c)) < 0)
		return error;
	dl_stash_name(name, key);
	if (marked(c, name, &error))
		return ut_error_set(UT_EEXISTS,
		                    "replay cache entry \"%s\" exists", name);
	if (error < 0)
		return error;
	/* a schema without its marker is a half-made entry: made again */
	if ((error = drop_schema(c, name)) < 0)
		goto done;
	if ((error = query_strs(
	             c, &cs,
	             "SELECT DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME "
	             "FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?",
	             p1, 1)) < 0)
		goto done;
	ut_buf_puts(&sql, "CREATE DATABASE ");
	dl_my__quote_ident(&sql, name);
	if (cs.len >= 2)
		ut_buf_printf(&sql, " CHARACTER SET %s COLLATE %s", cs.items[0],
		              cs.items[1]);
	if ((error = exec_buf(c, &sql)) < 0)
		goto done;
	if ((error = copy_schema(c, c->schema, name)) < 0)
		goto drop;
	ut_buf_reset(&sql);
	ut_buf_puts(&sql, "CREATE TABLE ");
	dl_my__quote_ident(&sql, name);
	ut_buf_puts(&sql, "." STASH_MARKER " (used bigint)");
	stamp_sql(&sql);
	if ((error = exec_buf(c, &sql)) < 0)
		goto drop;
	prune(c, keep, name);
	goto done;
drop : {
	ut_error kept;
	ut_error_stash(&kept);
	drop_schema(c, name);
	ut_error_restore(&kept);
}
done:
	strs_release(&cs);
	ut_buf_release(&sql);
	return error;
}

int dl_my__stash_load(dl_conn *c, uint64_t key)
{
	ut_buf sql = UT_BUF_INIT;
	char name[32];
	int error;

	if ((error = need_schema(c)) < 0)
		return error;
	dl_stash_name(name, key);
	if (!marked(c, name, &error)) {
		if (error == 0)
			error = ut_error_set(UT_ENOTFOUND,
			                     "no replay cache entry \"%s\"",
			                     name);
		return error;
	}
	if ((error = c->drv->reset(c)) < 0)
		goto done;
	if ((error = copy_schema(c, name, c->schema)) < 0) {
		ut_error kept;
		ut_error_stash(&kept);
		c->drv->reset(c);
		ut_error_restore(&kept);
		goto done;
	}
	ut_buf_puts(&sql, "ALTER TABLE ");
	dl_my__quote_ident(&sql, name);
	ut_buf_puts(&sql, "." STASH_MARKER);
	stamp_sql(&sql);
	if (exec_buf(c, &sql) < 0)
		ut_error_clear(); /* only the eviction order suffers */
done:
	ut_buf_release(&sql);
	return error;
}

int dl_my__stash_drop(dl_conn *c, uint64_t key)
{
	char name[32];

	dl_stash_name(name, key);
	return drop_schema(c, name);
}
