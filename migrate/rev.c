/* SPDX-License-Identifier: MIT */
/*
 * migrate/rev.c: the atlas_schema_revisions table, per dialect, with the
 * column types Atlas creates (reference 3.1). Rows are upserted by version;
 * executed_at is never changed once written.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "rev.h"
#include "ut.h"

const char *mg_operator_version = "strata v" STRATA_VERSION_STRING;

enum dialect { D_SQLITE, D_PG, D_MYSQL };

static enum dialect dialect_of(const dl_conn *c)
{
	if (strcmp(c->drv->name, "postgres") == 0)
		return D_PG;
	if (strcmp(c->drv->name, "mysql") == 0)
		return D_MYSQL;
	return D_SQLITE;
}

int mg_rev_store_init(mg_rev_store *st, dl_conn *c,
		      const char *revisions_schema)
{
	enum dialect d = dialect_of(c);

	memset(st, 0, sizeof(*st));
	ut_buf_init(&st->qname);
	st->conn = c;
	if (d == D_SQLITE) {
		if (revisions_schema && strcmp(revisions_schema, "main") != 0)
			return ut_error_set(UT_EUSAGE,
					    "sqlite: the revisions table can only live in schema \"main\", not \"%s\"",
					    revisions_schema);
		c->drv->quote_ident(&st->qname, MG_REV_TABLE);
		return 0;
	}
	if (revisions_schema)
		st->schema = ut_xstrdup(revisions_schema);
	else if (c->schema)
		st->schema = ut_xstrdup(c->schema);
	else
		st->schema = ut_xstrdup(MG_REV_TABLE);
	c->drv->quote_ident(&st->qname, st->schema);
	ut_buf_putc(&st->qname, '.');
	c->drv->quote_ident(&st->qname, MG_REV_TABLE);
	return 0;
}

void mg_rev_store_release(mg_rev_store *st)
{
	free(st->schema);
	ut_buf_release(&st->qname);
}

static int found_row(const char *const *vals, size_t n, void *payload)
{
	(void)vals;
	(void)n;
	*(bool *)payload = true;
	return 0;
}

int mg_rev_exists(bool *out, mg_rev_store *st)
{
	dl_conn *c = st->conn;
	const char *params[2];

	*out = false;
	switch (dialect_of(c)) {
	case D_SQLITE:
		params[0] = MG_REV_TABLE;
		return c->drv->query(c,
				     "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = $1",
				     params, 1, found_row, out);
	case D_PG:
		params[0] = st->schema;
		params[1] = MG_REV_TABLE;
		return c->drv->query(c,
				     "SELECT 1 FROM pg_catalog.pg_tables WHERE schemaname = $1 AND tablename = $2",
				     params, 2, found_row, out);
	case D_MYSQL:
		params[0] = st->schema;
		params[1] = MG_REV_TABLE;
		return c->drv->query(c,
				     "SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?",
				     params, 2, found_row, out);
	}
	return 0;
}

int mg_rev_ensure(mg_rev_store *st)
{
	dl_conn *c = st->conn;
	ut_buf sql = UT_BUF_INIT;
	bool exists;
	int error;

	if ((error = mg_rev_exists(&exists, st)) < 0 || exists)
		return error;
	switch (dialect_of(c)) {
	case D_SQLITE:
		ut_buf_printf(&sql,
			      "CREATE TABLE %s (`version` text NOT NULL, `description` text NOT NULL, "
			      "`type` integer NOT NULL DEFAULT 2, `applied` integer NOT NULL DEFAULT 0, "
			      "`total` integer NOT NULL DEFAULT 0, `executed_at` datetime NOT NULL, "
			      "`execution_time` integer NOT NULL, `error` text NULL, `error_stmt` text NULL, "
			      "`hash` text NOT NULL, `partial_hashes` json NULL, `operator_version` text NOT NULL, "
			      "PRIMARY KEY (`version`))",
			      st->qname.ptr);
		break;
	case D_PG:
		ut_buf_puts(&sql, "CREATE SCHEMA IF NOT EXISTS ");
		c->drv->quote_ident(&sql, st->schema);
		if ((error = c->drv->exec(c, sql.ptr, sql.len)) < 0)
			goto done;
		ut_buf_reset(&sql);
		ut_buf_printf(&sql,
			      "CREATE TABLE %s (\"version\" character varying NOT NULL, "
			      "\"description\" character varying NOT NULL, \"type\" bigint NOT NULL DEFAULT 2, "
			      "\"applied\" bigint NOT NULL DEFAULT 0, \"total\" bigint NOT NULL DEFAULT 0, "
			      "\"executed_at\" timestamptz NOT NULL, \"execution_time\" bigint NOT NULL, "
			      "\"error\" text NULL, \"error_stmt\" text NULL, \"hash\" character varying NOT NULL, "
			      "\"partial_hashes\" jsonb NULL, \"operator_version\" character varying NOT NULL, "
			      "PRIMARY KEY (\"version\"))",
			      st->qname.ptr);
		break;
	case D_MYSQL:
		ut_buf_puts(&sql, "CREATE DATABASE IF NOT EXISTS ");
		c->drv->quote_ident(&sql, st->schema);
		if ((error = c->drv->exec(c, sql.ptr, sql.len)) < 0)
			goto done;
		ut_buf_reset(&sql);
		ut_buf_printf(&sql,
			      "CREATE TABLE %s (`version` varchar(255) NOT NULL, `description` varchar(255) NOT NULL, "
			      "`type` bigint unsigned NOT NULL DEFAULT 2, `applied` bigint NOT NULL DEFAULT 0, "
			      "`total` bigint NOT NULL DEFAULT 0, `executed_at` timestamp(6) NOT NULL, "
			      "`execution_time` bigint NOT NULL, `error` longtext NULL, `error_stmt` longtext NULL, "
			      "`hash` varchar(255) NOT NULL, `partial_hashes` json NULL, "
			      "`operator_version` varchar(255) NOT NULL, PRIMARY KEY (`version`)) "
			      "CHARSET utf8mb4 COLLATE utf8mb4_bin",
			      st->qname.ptr);
		break;
	}
	error = c->drv->exec(c, sql.ptr, sql.len);
done:
	if (error < 0)
		ut_error_wrap("creating revision table %s", st->qname.ptr);
	ut_buf_release(&sql);
	return error;
}

static char *dup_or_null(const char *s)
{
	return s ? ut_xstrdup(s) : NULL;
}

static int64_t to_i64(const char *s)
{
	int64_t v = 0;
	if (s)
		ut_str_to_i64(&v, s);
	return v;
}

/* Parses ["h1:..","h1:.."] (the strings are base64 and never escaped). */
static void parse_hashes(mg_revision *r, const char *json)
{
	const char *p = json;

	while (p && (p = strchr(p, '"'))) {
		const char *q = strchr(p + 1, '"');
		if (!q)
			break;
		r->partial_hashes = ut_xrealloc(r->partial_hashes,
						(r->npartial + 1) * sizeof(char *));
		r->partial_hashes[r->npartial++] =
			ut_xstrndup(p + 1, (size_t)(q - p - 1));
		p = q + 1;
	}
}

bool mg_rev_is_repeatable(const char *version)
{
	return strncmp(version, MG_REV_REPEATABLE_PREFIX,
		       strlen(MG_REV_REPEATABLE_PREFIX)) == 0;
}

static int read_row(const char *const *v, size_t n, void *payload)
{
	mg_revs *revs = payload;
	mg_revision *r;

	if (n < 12)
		return ut_error_set(UT_EDB, "revision table has %zu columns, expected 12",
				    n);
	if (v[0] && mg_rev_is_repeatable(v[0])) {
		revs->repeatables = ut_xrealloc(revs->repeatables,
						(revs->nrepeatables + 1) *
							sizeof(*r));
		r = &revs->repeatables[revs->nrepeatables++];
	} else {
		revs->items = ut_xrealloc(revs->items,
					  (revs->len + 1) * sizeof(*r));
		r = &revs->items[revs->len++];
	}
	memset(r, 0, sizeof(*r));
	r->version = ut_xstrdup(v[0] ? v[0] : "");
	r->description = ut_xstrdup(v[1] ? v[1] : "");
	r->type = (int)to_i64(v[2]);
	r->applied = to_i64(v[3]);
	r->total = to_i64(v[4]);
	r->executed_at = dup_or_null(v[5]);
	r->execution_time = to_i64(v[6]);
	r->error = dup_or_null(v[7]);
	r->error_stmt = dup_or_null(v[8]);
	r->hash = ut_xstrdup(v[9] ? v[9] : "");
	if (v[10])
		parse_hashes(r, v[10]);
	r->operator_version = ut_xstrdup(v[11] ? v[11] : "");
	return 0;
}

int mg_rev_read(mg_revs *out, mg_rev_store *st)
{
	ut_buf sql = UT_BUF_INIT;
	bool exists;
	int error;

	memset(out, 0, sizeof(*out));
	if ((error = mg_rev_exists(&exists, st)) < 0 || !exists)
		return error;
	ut_buf_printf(&sql,
		      "SELECT version, description, type, applied, total, executed_at, "
		      "execution_time, error, error_stmt, hash, %s, operator_version "
		      "FROM %s WHERE version <> '.atlas_cloud_identifier' ORDER BY version",
		      dialect_of(st->conn) == D_PG ? "partial_hashes::text"
						   : "partial_hashes",
		      st->qname.ptr);
	error = st->conn->drv->query(st->conn, sql.ptr, NULL, 0, read_row, out);
	ut_buf_release(&sql);
	if (error < 0) {
		ut_error_wrap("reading revision table %s", st->qname.ptr);
		mg_revs_release(out);
	}
	return error;
}

int mg_rev_write(mg_rev_store *st, const mg_revision *r)
{
	enum dialect d = dialect_of(st->conn);
	ut_buf sql = UT_BUF_INIT, hashes = UT_BUF_INIT;
	char type[24], applied[24], total[24], etime[24];
	const char *params[12];
	int error;

	snprintf(type, sizeof(type), "%d", r->type);
	snprintf(applied, sizeof(applied), "%" PRId64, r->applied);
	snprintf(total, sizeof(total), "%" PRId64, r->total);
	snprintf(etime, sizeof(etime), "%" PRId64, r->execution_time);
	if (r->npartial) {
		ut_buf_putc(&hashes, '[');
		for (size_t i = 0; i < r->npartial; i++)
			ut_buf_printf(&hashes, "%s\"%s\"", i ? "," : "",
				      r->partial_hashes[i]);
		ut_buf_putc(&hashes, ']');
	}
	params[0] = r->version;
	params[1] = r->description ? r->description : "";
	params[2] = type;
	params[3] = applied;
	params[4] = total;
	params[5] = r->executed_at;
	params[6] = etime;
	params[7] = r->error;
	params[8] = r->error_stmt;
	params[9] = r->hash ? r->hash : "";
	params[10] = r->npartial ? hashes.ptr : NULL;
	params[11] = r->operator_version ? r->operator_version
					 : mg_operator_version;
	if (d == D_MYSQL)
		ut_buf_printf(&sql,
			      "INSERT INTO %s (version, description, type, applied, total, executed_at, "
			      "execution_time, error, error_stmt, hash, partial_hashes, operator_version) "
			      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE "
			      "description = VALUES(description), type = VALUES(type), applied = VALUES(applied), "
			      "total = VALUES(total), execution_time = VALUES(execution_time), error = VALUES(error), "
			      "error_stmt = VALUES(error_stmt), hash = VALUES(hash), "
			      "partial_hashes = VALUES(partial_hashes), operator_version = VALUES(operator_version)",
			      st->qname.ptr);
	else
		ut_buf_printf(&sql,
			      "INSERT INTO %s (version, description, type, applied, total, executed_at, "
			      "execution_time, error, error_stmt, hash, partial_hashes, operator_version) "
			      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (version) DO UPDATE SET "
			      "description = excluded.description, type = excluded.type, applied = excluded.applied, "
			      "total = excluded.total, execution_time = excluded.execution_time, error = excluded.error, "
			      "error_stmt = excluded.error_stmt, hash = excluded.hash, "
			      "partial_hashes = excluded.partial_hashes, operator_version = excluded.operator_version",
			      st->qname.ptr);
	error = st->conn->drv->query(st->conn, sql.ptr, params, 12, NULL, NULL);
	if (error < 0)
		ut_error_wrap("writing revision \"%s\"", r->version);
	ut_buf_release(&sql);
	ut_buf_release(&hashes);
	return error;
}

int mg_rev_delete(mg_rev_store *st, const char *version)
{
	ut_buf sql = UT_BUF_INIT;
	const char *params[1] = { version };
	int error;

	ut_buf_printf(&sql, "DELETE FROM %s WHERE version = %s", st->qname.ptr,
		      dialect_of(st->conn) == D_MYSQL ? "?" : "$1");
	error = st->conn->drv->query(st->conn, sql.ptr, params, 1, NULL, NULL);
	ut_buf_release(&sql);
	return error;
}

void mg_revision_release(mg_revision *r)
{
	free(r->version);
	free(r->description);
	free(r->executed_at);
	free(r->error);
	free(r->error_stmt);
	free(r->hash);
	for (size_t i = 0; i < r->npartial; i++)
		free(r->partial_hashes[i]);
	free(r->partial_hashes);
	free(r->operator_version);
	memset(r, 0, sizeof(*r));
}

void mg_revs_release(mg_revs *r)
{
	for (size_t i = 0; i < r->len; i++)
		mg_revision_release(&r->items[i]);
	for (size_t i = 0; i < r->nrepeatables; i++)
		mg_revision_release(&r->repeatables[i]);
	free(r->items);
	free(r->repeatables);
	memset(r, 0, sizeof(*r));
}

void mg_revision_copy(mg_revision *dst, const mg_revision *src)
{
	*dst = *src;
	dst->version = dup_or_null(src->version);
	dst->description = dup_or_null(src->description);
	dst->executed_at = dup_or_null(src->executed_at);
	dst->error = dup_or_null(src->error);
	dst->error_stmt = dup_or_null(src->error_stmt);
	dst->hash = dup_or_null(src->hash);
	dst->operator_version = dup_or_null(src->operator_version);
	dst->partial_hashes = src->npartial
				      ? ut_xcalloc(src->npartial, sizeof(char *))
				      : NULL;
	for (size_t i = 0; i < src->npartial; i++)
		dst->partial_hashes[i] = ut_xstrdup(src->partial_hashes[i]);
}

char *mg_rev_now(const dl_conn *c)
{
	struct timespec ts;
	struct tm tm;
	char buf[64];

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S", &tm);
	switch (dialect_of(c)) {
	case D_SQLITE:
		return ut_xasprintf("%s.%09ld+00:00", buf, ts.tv_nsec);
	case D_PG:
		return ut_xasprintf("%s.%06ld+00:00", buf, ts.tv_nsec / 1000);
	case D_MYSQL:
		return ut_xasprintf("%s.%06ld", buf, ts.tv_nsec / 1000);
	}
	return ut_xstrdup(buf);
}
