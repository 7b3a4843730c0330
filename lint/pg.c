/* SPDX-License-Identifier: MIT */
/*
 * lint/pg.c: PostgreSQL statements read with libpg_query (the server's
 * own parser), walked as JSON with jansson. Only lint uses it: CONCURRENTLY,
 * NOT VALID, USING INDEX, SET lock_timeout and renames are known exactly.
 */
#include <ctype.h>
#include <pg_query.h>
#include <stdlib.h>
#include <string.h>

#include "lint_int.h"
#include "ut.h"

json_t *lt_pg_parse(const char *text, size_t len, char **msg)
{
	char *src = ut_xstrndup(text, len);
	PgQueryParseResult r = pg_query_parse(src);
	json_t *root = NULL, *node = NULL;
	json_error_t jerr;

	*msg = NULL;
	if (r.error) {
		*msg = ut_xstrdup(r.error->message);
		goto done;
	}
	root = json_loads(r.parse_tree, 0, &jerr);
	if (!root) {
		*msg = ut_xstrdup(jerr.text);
		goto done;
	}
	{
		json_t *stmts = json_object_get(root, "stmts");
		json_t *first = json_array_get(stmts, 0);
		json_t *stmt = first ? json_object_get(first, "stmt") : NULL;
		if (stmt)
			node = json_incref(stmt);
	}
done:
	json_decref(root);
	pg_query_free_parse_result(r);
	free(src);
	return node;
}

const char *lt_pg_type(json_t *node, json_t **body)
{
	const char *key;
	json_t *v;

	if (body)
		*body = NULL;
	if (!json_is_object(node))
		return NULL;
	json_object_foreach(node, key, v)
	{
		if (body)
			*body = v;
		return key;
	}
	return NULL;
}

json_t *lt_pg_get(json_t *o, const char *key)
{
	return json_is_object(o) ? json_object_get(o, key) : NULL;
}

const char *lt_pg_str(json_t *o, const char *key)
{
	json_t *v = lt_pg_get(o, key);
	return json_is_string(v) ? json_string_value(v) : "";
}

bool lt_pg_bool(json_t *o, const char *key)
{
	return json_is_true(lt_pg_get(o, key));
}

const char *lt_pg_sval(json_t *node)
{
	json_t *s = lt_pg_get(node, "String");
	return s ? lt_pg_str(s, "sval") : "";
}

const char *lt_pg_typename(json_t *tn)
{
	json_t *names = lt_pg_get(tn, "names");
	size_t n = json_array_size(names);

	if (n == 0)
		return "";
	return lt_pg_sval(json_array_get(names, n - 1));
}

bool lt_pg_has_typmods(json_t *tn)
{
	return json_array_size(lt_pg_get(tn, "typmods")) > 0;
}
