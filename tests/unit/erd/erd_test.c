/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/erd/erd_test.c: the ERD writers (schema/erd.h). DOT text is
 * checked line by line and fed back to Graphviz (sm_write_svg fails on
 * DOT it cannot read); the HTML document's embedded JSON is cut out and
 * parsed with jansson, so escaping mistakes show up as parse errors or
 * changed names rather than hiding in an expectation.
 */
#include "test.h"

#include <jansson.h>

#include "diff.h"
#include "erd.h"
#include "schema.h"
#include "ut.h"

#define AWKWARD "we<i>rd & \"q\" 'x' \\ </script><!--"

/* ---- realms ---------------------------------------------------------- */

static sm_realm *realm_shop(void)
{
	sm_realm *r = sm_realm_new("sqlite");
	sm_schema *s = sm_schema_add(r, "main");
	sm_table *users = sm_table_add(r, s, "users");
	sm_table *orders = sm_table_add(r, s, "orders");
	sm_foreign_key *fk;
	sm_index *i;

	users->obj.comment = sm_strdup(r, "people who buy");
	sm_column_add(r, users, "id", "integer")->nullable = false;
	sm_column_add(r, users, "email", "varchar(255)")->nullable = false;
	sm_column_add(r, users, "name", "text")->nullable = true;
	sm_index_add_column(r, sm_pk_set(r, users, ""), "id", false);
	i = sm_index_add(r, users, "users_email");
	i->unique = true;
	sm_index_add_column(r, i, "email", false);

	sm_column_add(r, orders, "id", "integer")->nullable = false;
	sm_column_add(r, orders, "user_id", "integer");
	sm_column_add(r, orders, "total", "decimal(10,2)");
	sm_index_add_column(r, sm_pk_set(r, orders, ""), "id", false);
	i = sm_index_add(r, orders, "orders_total");
	sm_index_add_column(r, i, "total", false);
	fk = sm_fk_add(r, orders, "fk_user");
	sm_strs_add(r, &fk->columns, "user_id");
	fk->ref_table = sm_strdup(r, "users");
	sm_strs_add(r, &fk->ref_columns, "id");
	fk->on_delete = "CASCADE";
	return r;
}

static sm_realm *realm_awkward(void)
{
	sm_realm *r = sm_realm_new("sqlite");
	sm_schema *s = sm_schema_add(r, "main");
	sm_table *t = sm_table_add(r, s, AWKWARD);
	sm_table *u = sm_table_add(r, s,
	                           "\xC3\xBCn\xC3\xAF c\xC3\xB6"
	                           "de \xE2\x98\x83");
	sm_foreign_key *fk;

	t->obj.comment = sm_strdup(r, "</script><script>alert(1)</script>");
	sm_column_add(r, t, "id", "int");
	sm_column_add(r, t, "col \"with\" <b>tags</b>", "varchar(10)");
	sm_column_add(r, t, "bad \xFF byte", "text");
	sm_index_add_column(r, sm_pk_set(r, t, ""), "id", false);
	sm_column_add(r, u, "ref", "int");
	fk = sm_fk_add(r, u, "fk \"odd\"");
	sm_strs_add(r, &fk->columns, "ref");
	fk->ref_table = sm_strdup(r, AWKWARD);
	sm_strs_add(r, &fk->ref_columns, "id");
	/* a table the realm does not hold */
	fk = sm_fk_add(r, u, "");
	sm_strs_add(r, &fk->columns, "ref");
	fk->ref_table = sm_strdup(r, "elsewhere");
	sm_strs_add(r, &fk->ref_columns, "id");
	return r;
}

/* ---- helpers ----------------------------------------------------------- */

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;

	for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

/* The JSON of the document's data element, parsed (caller decrefs). */
static json_t *html_data(const char *html)
{
	const char *open =
	        "<script type=\"application/json\" id=\"strata-data\">";
	const char *p = strstr(html, open), *end;
	json_error_t err;
	json_t *j;

	assert_non_null(p);
	p += strlen(open);
	end = strstr(p, "</script>");
	assert_non_null(end);
	j = json_loadb(p, (size_t)(end - p), 0, &err);
	if (!j)
		fail_msg("data is not JSON: %s (line %d col %d)", err.text,
		         err.line, err.column);
	return j;
}

static json_t *table_named(json_t *data, const char *name)
{
	json_t *tables = json_object_get(data, "tables"), *t;
	size_t i;

	json_array_foreach(
	        tables, i,
	        t) if (strcmp(json_string_value(json_object_get(t, "n")),
	                      name) == 0) return t;
	fail_msg("no table '%s' in the data", name);
	return NULL;
}

static json_t *col_named(json_t *t, const char *name)
{
	json_t *cols = json_object_get(t, "cols"), *c;
	size_t i;

	json_array_foreach(
	        cols, i,
	        c) if (strcmp(json_string_value(json_object_get(c, "n")),
	                      name) == 0) return c;
	fail_msg("no column '%s'", name);
	return NULL;
}

static const char *str_or_empty(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

/* ---- DOT and SVG ------------------------------------------------------ */

static void test_erd_dot__tables_ports_and_edges(void **state)
{
	sm_realm *r = realm_shop();
	ut_buf b = UT_BUF_INIT;

	(void)state;
	sm_write_dot(&b, r);
	assert_true(ut_str_prefix(b.ptr, "digraph erd {\n"));
	assert_true(ut_str_suffix(b.ptr, "}\n"));
	assert_non_null(strstr(b.ptr, "\t\"users\" [label=<<table"));
	assert_non_null(strstr(b.ptr,
	                       "<tr><td port=\"c0\" align=\"left\">id</td>"
	                       "<td align=\"left\">integer</td>"
	                       "<td align=\"left\">PK</td></tr>"));
	/* single-column unique index: UK */
	assert_non_null(strstr(b.ptr,
	                       ">email</td><td align=\"left\">"
	                       "varchar(255)</td><td align=\"left\">UK<"));
	assert_non_null(strstr(b.ptr, ">user_id</td><td align=\"left\">"
	                              "integer</td><td align=\"left\">FK<"));
	assert_non_null(strstr(b.ptr, "\t\"orders\":c1:e -> \"users\":c0:w "
	                              "[tooltip=\"fk_user\"];\n"));
	assert_int_equal(count(b.ptr, " -> "), 1);
	ut_buf_release(&b);
	sm_realm_free(r);
}

static void test_erd_dot__awkward_names_escaped(void **state)
{
	sm_realm *r = realm_awkward();
	ut_buf b = UT_BUF_INIT, svg = UT_BUF_INIT;

	(void)state;
	sm_write_dot(&b, r);
	/* quoted id: '"' and '\' escaped */
	assert_non_null(strstr(b.ptr, "\t\"we<i>rd & \\\"q\\\" 'x' \\\\ "
	                              "</script><!--\" [label=<"));
	/* label: XML entities */
	assert_non_null(strstr(b.ptr,
	                       "<b>we&lt;i&gt;rd &amp; &quot;q&quot; "
	                       "&#39;x&#39; \\ &lt;/script&gt;&lt;!--</b>"));
	assert_non_null(strstr(b.ptr, ">col &quot;with&quot; &lt;b&gt;tags"
	                              "&lt;/b&gt;</td>"));
	/* invalid UTF-8 becomes U+FFFD */
	assert_non_null(strstr(b.ptr, ">bad \xEF\xBF\xBD byte</td>"));
	assert_null(strstr(b.ptr, "\xFF"));
	/* the missing table gets a dashed node */
	assert_non_null(strstr(b.ptr,
	                       "\t\"elsewhere\" [shape=box, "
	                       "style=dashed, label=<<i>elsewhere</i>>];\n"));
	/* Graphviz reads it back */
	assert_int_equal(sm_write_svg(&svg, r), 0);
	assert_non_null(strstr(svg.ptr, "<svg"));
	assert_non_null(strstr(svg.ptr, ">we&lt;i&gt;rd &amp; &quot;q&quot;"));
	assert_null(strstr(svg.ptr, "<i>rd"));
	assert_null(strstr(svg.ptr, "<script"));
	ut_buf_release(&svg);
	ut_buf_release(&b);
	sm_realm_free(r);
}

static void test_erd_dot__multi_schema_qualified(void **state)
{
	sm_realm *r = sm_realm_new("postgres");
	sm_schema *a = sm_schema_add(r, "auth");
	sm_schema *b = sm_schema_add(r, "shop");
	sm_table *u = sm_table_add(r, a, "users");
	sm_table *o = sm_table_add(r, b, "users");
	sm_foreign_key *fk;
	ut_buf out = UT_BUF_INIT;

	(void)state;
	sm_column_add(r, u, "id", "bigint");
	sm_column_add(r, o, "owner", "bigint");
	fk = sm_fk_add(r, o, "owner_fk");
	sm_strs_add(r, &fk->columns, "owner");
	fk->ref_schema = sm_strdup(r, "auth");
	fk->ref_table = sm_strdup(r, "users");
	sm_strs_add(r, &fk->ref_columns, "id");
	sm_write_dot(&out, r);
	assert_non_null(strstr(out.ptr, "\t\"auth.users\" [label=<"));
	assert_non_null(strstr(out.ptr, "<b>shop.users</b>"));
	assert_non_null(strstr(out.ptr, "\t\"shop.users\":c0:e -> "
	                                "\"auth.users\":c0:w"));
	ut_buf_release(&out);
	sm_realm_free(r);
}

static void test_erd_svg__empty_realm(void **state)
{
	sm_realm *r = sm_realm_new("sqlite");
	ut_buf dot = UT_BUF_INIT, svg = UT_BUF_INIT;

	(void)state;
	sm_write_dot(&dot, r);
	assert_int_equal(count(dot.ptr, "["), 3); /* graph, node, edge */
	assert_int_equal(sm_write_svg(&svg, r), 0);
	assert_non_null(strstr(svg.ptr, "</svg>"));
	ut_buf_release(&dot);
	ut_buf_release(&svg);
	sm_realm_free(r);
}

/* ---- HTML -------------------------------------------------------------- */

static void test_erd_html__self_contained(void **state)
{
	sm_realm *r = realm_shop();
	ut_buf b = UT_BUF_INIT;
	const char *p;

	(void)state;
	assert_int_equal(sm_write_html(&b, r, NULL), 0);
	assert_true(ut_str_prefix(b.ptr, "<!DOCTYPE html>\n"));
	assert_true(ut_str_suffix(b.ptr, "</html>\n"));
	assert_null(strstr(b.ptr, "@@")); /* every marker replaced */
	assert_non_null(strstr(b.ptr, "<title>strata ERD</title>"));
	/* nothing loaded from elsewhere: every URL is an XML namespace */
	for (p = b.ptr; (p = strstr(p, "http")); p += 4)
		if (!ut_str_prefix(p, "http://www.w3.org/") &&
		    !ut_str_prefix(p, "http-equiv"))
			fail_msg("external reference: %.60s", p);
	assert_null(strstr(b.ptr, "src="));
	assert_null(strstr(b.ptr, "@import"));
	assert_non_null(strstr(b.ptr, "default-src 'none'"));
	/* the script and the data: two elements, closed once each */
	assert_int_equal(count(b.ptr, "</script>"), 2);
	assert_int_equal(count(b.ptr, "</style>"), 1);
	/* names reach the page through textContent only */
	assert_null(strstr(b.ptr, "innerHTML"));
	assert_null(strstr(b.ptr, "insertAdjacentHTML"));
	assert_null(strstr(b.ptr, "document.write"));
	ut_buf_release(&b);
	sm_realm_free(r);
}

static void test_erd_html__data_round_trips(void **state)
{
	sm_realm *r = realm_shop();
	ut_buf b = UT_BUF_INIT;
	json_t *d, *t, *fk, *idx;

	(void)state;
	assert_int_equal(sm_write_html(&b, r, NULL), 0);
	d = html_data(b.ptr);
	assert_int_equal(json_is_false(json_object_get(d, "diff")), 1);
	assert_string_equal(json_string_value(json_array_get(
	                            json_object_get(d, "schemas"), 0)),
	                    "main");
	assert_int_equal(json_array_size(json_object_get(d, "tables")), 2);
	t = table_named(d, "users");
	assert_string_equal(str_or_empty(t, "cm"), "people who buy");
	/* PK; UK; nullable (bit 16) */
	assert_int_equal(
	        json_integer_value(json_object_get(col_named(t, "id"), "f")),
	        1);
	assert_int_equal(
	        json_integer_value(json_object_get(col_named(t, "email"), "f")),
	        4);
	assert_int_equal(
	        json_integer_value(json_object_get(col_named(t, "name"), "f")),
	        16);
	assert_null(json_object_get(t, "st"));
	assert_null(json_object_get(t, "sql")); /* no callback given */
	idx = json_array_get(json_object_get(t, "idx"), 0);
	assert_int_equal(json_integer_value(json_object_get(idx, "pk")), 1);
	t = table_named(d, "orders");
	fk = json_array_get(json_object_get(t, "fks"), 0);
	assert_string_equal(str_or_empty(fk, "n"), "fk_user");
	assert_int_equal(json_integer_value(json_object_get(fk, "to")), 0);
	assert_int_equal(json_integer_value(json_object_get(fk, "fr")), 1);
	assert_int_equal(json_integer_value(json_object_get(fk, "tr")), 0);
	assert_string_equal(str_or_empty(fk, "od"), "CASCADE");
	assert_null(json_object_get(fk, "ou")); /* NO ACTION left out */
	/* FK + indexed column */
	assert_int_equal(
	        json_integer_value(json_object_get(col_named(t, "total"), "f")),
	        8 | 16);
	json_decref(d);
	ut_buf_release(&b);
	sm_realm_free(r);
}

static void test_erd_html__awkward_names(void **state)
{
	sm_realm *r = realm_awkward();
	sm_erd_opts o = { .title = "<b>t</b> & \"x\"" };
	ut_buf b = UT_BUF_INIT;
	json_t *d, *t, *fk;
	const char *data;

	(void)state;
	assert_int_equal(sm_write_html(&b, r, &o), 0);
	assert_non_null(strstr(b.ptr, "<title>&lt;b&gt;t&lt;/b&gt; &amp; "
	                              "&quot;x&quot;</title>"));
	data = strstr(b.ptr, "id=\"strata-data\">");
	assert_non_null(data);
	/* no raw <, > or & inside the data element at all */
	assert_int_equal(count(b.ptr, "</script>"), 2);
	assert_non_null(strstr(data,
	                       "we\\u003ci\\u003erd \\u0026 \\\"q\\\" "
	                       "'x' \\\\ \\u003c/script\\u003e\\u003c!--"));
	d = html_data(b.ptr);
	t = table_named(d, AWKWARD);
	assert_string_equal(str_or_empty(t, "cm"),
	                    "</script><script>alert(1)</script>");
	col_named(t, "col \"with\" <b>tags</b>");
	col_named(t, "bad \xEF\xBF\xBD byte");
	t = table_named(d, "\xC3\xBCn\xC3\xAF c\xC3\xB6"
	                   "de \xE2\x98\x83");
	fk = json_array_get(json_object_get(t, "fks"), 0);
	assert_string_equal(str_or_empty(fk, "n"), "fk \"odd\"");
	assert_int_equal(json_integer_value(json_object_get(fk, "to")), 0);
	fk = json_array_get(json_object_get(t, "fks"), 1);
	assert_int_equal(json_integer_value(json_object_get(fk, "to")), -1);
	assert_string_equal(str_or_empty(fk, "rt"), "elsewhere");
	json_decref(d);
	ut_buf_release(&b);
	sm_realm_free(r);
}

static void test_erd_html__empty_realm(void **state)
{
	sm_realm *r = sm_realm_new("sqlite");
	ut_buf b = UT_BUF_INIT;
	json_t *d;

	(void)state;
	assert_int_equal(sm_write_html(&b, r, NULL), 0);
	d = html_data(b.ptr);
	assert_int_equal(json_array_size(json_object_get(d, "tables")), 0);
	assert_int_equal(json_array_size(json_object_get(d, "schemas")), 0);
	json_decref(d);
	ut_buf_release(&b);
	sm_realm_free(r);
}

static int sql_of(ut_buf *out, const sm_table *t, void *payload)
{
	int *calls = payload;

	(*calls)++;
	ut_buf_printf(out, "CREATE TABLE %s ();\n\n", t->obj.name);
	return 0;
}

static int sql_fails(ut_buf *out, const sm_table *t, void *payload)
{
	(void)out;
	(void)t;
	(void)payload;
	return ut_error_set(UT_EDB, "planner broke");
}

static void test_erd_html__table_sql(void **state)
{
	sm_realm *r = realm_shop();
	int calls = 0;
	sm_erd_opts o = { .table_sql = sql_of, .payload = &calls };
	ut_buf b = UT_BUF_INIT;
	json_t *d;

	(void)state;
	assert_int_equal(sm_write_html(&b, r, &o), 0);
	assert_int_equal(calls, 2);
	d = html_data(b.ptr);
	/* trailing blank lines trimmed */
	assert_string_equal(str_or_empty(table_named(d, "orders"), "sql"),
	                    "CREATE TABLE orders ();");
	json_decref(d);
	ut_buf_reset(&b);
	o.table_sql = sql_fails;
	assert_int_equal(sm_write_html(&b, r, &o), UT_EDB);
	assert_string_equal(ut_error_last()->msg, "planner broke");
	ut_error_clear();
	ut_buf_release(&b);
	sm_realm_free(r);
}

static void test_erd_html__diff_states(void **state)
{
	sm_realm *a = realm_shop(), *b = realm_shop();
	sm_schema *s = b->schemas.items[0];
	sm_table *users = sm_schema_find_table(s, "users");
	sm_table *orders = sm_schema_find_table(s, "orders");
	sm_table *audit = sm_table_add(a, a->schemas.items[0], "audit");
	sm_table *items;
	sm_changes *ch = NULL;
	sm_erd_opts o = { .plan_sql = "-- the plan\nALTER TABLE x;" };
	sm_foreign_key *fk;
	ut_buf out = UT_BUF_INIT;
	json_t *d, *t;

	(void)state;
	/* before: audit exists; after: dropped. users.name dropped,
	 * users.email retyped, users.phone added; new table items */
	sm_column_add(a, audit, "id", "integer");
	users->columns.len = 2; /* drop "name" */
	((sm_column *)users->columns.items[1])->type = "text";
	sm_column_add(b, users, "phone", "text");
	items = sm_table_add(b, s, "items");
	sm_column_add(b, items, "order_id", "integer");
	fk = sm_fk_add(b, items, "fk_order");
	sm_strs_add(b, &fk->columns, "order_id");
	fk->ref_table = sm_strdup(b, "orders");
	sm_strs_add(b, &fk->ref_columns, "id");
	(void)orders;
	assert_int_equal(sm_diff(&ch, a, b, NULL), 0);
	o.from = a;
	o.changes = ch;
	assert_int_equal(sm_write_html(&out, b, &o), 0);
	d = html_data(out.ptr);
	assert_int_equal(json_is_true(json_object_get(d, "diff")), 1);
	assert_string_equal(str_or_empty(d, "plan"),
	                    "-- the plan\nALTER TABLE x;");
	t = table_named(d, "users");
	assert_string_equal(str_or_empty(t, "st"), "c");
	assert_string_equal(str_or_empty(col_named(t, "email"), "st"), "c");
	assert_string_equal(str_or_empty(col_named(t, "phone"), "st"), "a");
	assert_string_equal(str_or_empty(col_named(t, "name"), "st"), "d");
	assert_null(json_object_get(col_named(t, "id"), "st"));
	assert_null(json_object_get(table_named(d, "orders"), "st"));
	t = table_named(d, "items");
	assert_string_equal(str_or_empty(t, "st"), "a");
	/* the new table's FK points at orders (index 1) */
	assert_int_equal(
	        json_integer_value(json_object_get(
	                json_array_get(json_object_get(t, "fks"), 0), "to")),
	        1);
	t = table_named(d, "audit");
	assert_string_equal(str_or_empty(t, "st"), "d");
	assert_string_equal(str_or_empty(col_named(t, "id"), "st"), "d");
	json_decref(d);
	ut_buf_release(&out);
	sm_changes_free(ch);
	sm_realm_free(a);
	sm_realm_free(b);
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test(test_erd_dot__tables_ports_and_edges),
	cmocka_unit_test(test_erd_dot__awkward_names_escaped),
	cmocka_unit_test(test_erd_dot__multi_schema_qualified),
	cmocka_unit_test(test_erd_svg__empty_realm),
	cmocka_unit_test(test_erd_html__self_contained),
	cmocka_unit_test(test_erd_html__data_round_trips),
	cmocka_unit_test(test_erd_html__awkward_names),
	cmocka_unit_test(test_erd_html__empty_realm),
	cmocka_unit_test(test_erd_html__table_sql),
	cmocka_unit_test(test_erd_html__diff_states),
};

TEST_MAIN(tests)
