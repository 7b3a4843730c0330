/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/schema/hclin_test.c: the HCL schema reader (schema/hclin.h),
 * alone and against its writer: realms built by hand are written with
 * sm_write_hcl and read back field for field (what the dev database would
 * otherwise have to judge), and hand-written documents in Atlas's
 * spellings read into the expected SQL text. Errors are positioned.
 */
#include "test.h"

#include "hclin.h"
#include "output.h"
#include "schema.h"
#include "ut.h"

static sm_realm *read_ok(const char *dialect, const char *text)
{
	sm_realm *r = NULL;

	if (sm_hcl_read_text(&r, dialect, "t.hcl", text, strlen(text)) < 0)
		fail_msg("read failed: %s\n%s", ut_error_last()->msg, text);
	return r;
}

/* r written as HCL and read back (the text is kept for messages). */
static sm_realm *through_hcl(const sm_realm *r, ut_buf *text)
{
	sm_write_hcl(text, r);
	return read_ok(r->dialect, text->ptr);
}

static void read_fails(const char *dialect, const char *text,
		       const char *want)
{
	sm_realm *r = NULL;

	assert_int_equal(sm_hcl_read_text(&r, dialect, "t.hcl", text,
					  strlen(text)),
			 UT_EPARSE);
	assert_null(r);
	if (!strstr(ut_error_last()->msg, want))
		fail_msg("got\n%s\nwant\n%s", ut_error_last()->msg, want);
}

static sm_table *table0(sm_realm *r)
{
	assert_true(r->schemas.len > 0);
	assert_true(r->schemas.items[0]->tables.len > 0);
	return r->schemas.items[0]->tables.items[0];
}

/* UNIQUE constraints stay constraints; unique indexes stay indexes. */
static void test_schema_hclin_unique__constraint_or_index(void **state)
{
	static const char *const dialects[] = { "postgres", "sqlite", "mysql" };
	(void)state;
	for (size_t d = 0; d < 3; d++) {
		sm_realm *r = sm_realm_new(dialects[d]), *back;
		sm_schema *s = sm_schema_add(r, "main");
		sm_table *t = sm_table_add(r, s, "t");
		sm_index *i;
		ut_buf text = UT_BUF_INIT;

		sm_column_add(r, t, "a", "integer");
		sm_column_add(r, t, "b", "integer");
		i = sm_index_add(r, t, "t_ab_key");
		i->unique = i->constraint = true;
		sm_index_add_column(r, i, "a", false);
		sm_index_add_column(r, i, "b", false);
		i = sm_index_add(r, t, "t_b_idx");
		i->unique = true;
		sm_index_add_column(r, i, "b", false);
		back = through_hcl(r, &text);
		if (strcmp(dialects[d], "mysql") != 0) {
			assert_non_null(strstr(text.ptr, "  unique \"t_ab_key\" {\n"
							 "    columns = [column.a, column.b]\n"));
			assert_true(table0(back)->indexes.items[0]->constraint);
		}
		assert_true(table0(back)->indexes.items[0]->unique);
		assert_int_equal(table0(back)->indexes.items[0]->parts.len, 2);
		assert_true(table0(back)->indexes.items[1]->unique);
		assert_false(table0(back)->indexes.items[1]->constraint);
		ut_buf_release(&text);
		sm_realm_free(r);
		sm_realm_free(back);
	}
}

/* SQLite's made-up names: constraints whether written unique or index. */
static void test_schema_hclin_unique__sqlite_autoindex(void **state)
{
	sm_realm *r = read_ok("sqlite",
			      "table \"t\" {\n"
			      "  schema = schema.main\n"
			      "  column \"a\" {\n    type = int\n  }\n"
			      "  index \"sqlite_autoindex_t_1\" {\n"
			      "    unique  = true\n    columns = [column.a]\n  }\n"
			      "  unique \"sqlite_autoindex_t_2\" {\n"
			      "    columns = [column.a]\n  }\n"
			      "}\n");
	(void)state;
	for (size_t i = 0; i < 2; i++) {
		const sm_index *ix = table0(r)->indexes.items[i];
		assert_true(ix->unique && ix->constraint && ix->auto_named);
	}
	sm_realm_free(r);
}

/*
 * MySQL defaults: the literal's backslash escapes decoded into the HCL
 * string, escaped again on the way back (the SQL text is the same).
 */
static void test_schema_hclin_default__mysql_backslashes(void **state)
{
	static const char *const sql[] = {
		"'a\\\\b'",    "'it''s \\\\'''", "'x\\ny\\r'", "'p\\\\%q\\\\_r'",
		"'tab\there'", "'${x} %{y}'",    "'\\Z'",
	};
	static const char *const hcl[] = {
		"\"a\\\\b\"",   "\"it's \\\\'\"",         "\"x\\ny\\r\"",
		"\"p\\\\%q\\\\_r\"", "\"tab\\there\"", "\"$${x} %%{y}\"",
		"\"\\u001A\"",
	};
	sm_realm *r = sm_realm_new("mysql"), *back;
	sm_schema *s = sm_schema_add(r, "app");
	sm_table *t = sm_table_add(r, s, "t");
	ut_buf text = UT_BUF_INIT;
	(void)state;
	for (size_t i = 0; i < UT_ARRAY_SIZE(sql); i++) {
		char name[8];
		snprintf(name, sizeof(name), "c%zu", i);
		sm_column_add(r, t, name, "varchar(20)")->default_expr =
			sm_strdup(r, sql[i]);
	}
	back = through_hcl(r, &text);
	for (size_t i = 0; i < UT_ARRAY_SIZE(sql); i++) {
		ut_buf want = UT_BUF_INIT;
		ut_buf_printf(&want, "default = %s\n", hcl[i]);
		if (!strstr(text.ptr, want.ptr))
			fail_msg("no '%s' in\n%s", want.ptr, text.ptr);
		/* 'x\ny' comes back with the escape MariaDB reports */
		assert_string_equal(table0(back)->columns.items[i]->default_expr,
				    sql[i]);
		ut_buf_release(&want);
	}
	/* a NUL cannot be an HCL string: the literal stays SQL */
	sm_column_add(r, t, "nul", "varchar(20)")->default_expr =
		sm_strdup(r, "'a\\0b'");
	ut_buf_reset(&text);
	sm_write_hcl(&text, r);
	assert_non_null(strstr(text.ptr, "default = sql(\"'a\\\\0b'\")"));
	/* other dialects keep backslashes as they are */
	sm_realm_free(back);
	back = read_ok("postgres", "table \"t\" {\n"
				   "  column \"a\" {\n    type    = text\n"
				   "    default = \"a\\\\b\"\n  }\n}\n");
	assert_string_equal(table0(back)->columns.items[0]->default_expr,
			    "'a\\b'");
	ut_buf_release(&text);
	sm_realm_free(r);
	sm_realm_free(back);
}

/* enum.<name> on PostgreSQL: written for the enum, read qualified. */
static void test_schema_hclin_enum__references(void **state)
{
	sm_realm *r = sm_realm_new("postgres"), *back;
	sm_schema *pub = sm_schema_add(r, "public");
	sm_schema *oth = sm_schema_add(r, "other");
	sm_table *t = sm_table_add(r, pub, "t");
	sm_type *e;
	sm_column *c;
	ut_buf text = UT_BUF_INIT;
	(void)state;
	e = sm_type_add(r, pub, "status", SM_TYPE_ENUM);
	sm_strs_add(r, &e->values, "a");
	e = sm_type_add(r, oth, "My Enum", SM_TYPE_ENUM);
	sm_strs_add(r, &e->values, "x");
	c = sm_column_add(r, t, "st", "public.status");
	c->default_expr = sm_strdup(r, "'a'::public.status");
	sm_column_add(r, t, "me", "other.\"My Enum\"");
	sm_column_add(r, t, "arr", "public.status[]");
	back = through_hcl(r, &text);
	assert_non_null(strstr(text.ptr, "    type    = enum.status\n"
					 "    default = \"a\"\n"));
	assert_non_null(strstr(text.ptr, "    type = enum[\"My Enum\"]\n"));
	/* arrays of enums have no reference form in Atlas */
	assert_non_null(strstr(text.ptr, "    type = sql(\"public.status[]\")\n"));
	assert_string_equal(table0(back)->columns.items[0]->type,
			    "\"public\".\"status\"");
	assert_string_equal(table0(back)->columns.items[0]->default_expr, "'a'");
	assert_string_equal(table0(back)->columns.items[1]->type,
			    "\"other\".\"My Enum\"");
	assert_string_equal(table0(back)->columns.items[2]->type,
			    "public.status[]");
	ut_buf_release(&text);
	sm_realm_free(back);
	sm_realm_free(r);
}

static void test_schema_hclin_enum__errors(void **state)
{
	(void)state;
	read_fails("postgres",
		   "table \"t\" {\n  schema = schema.public\n"
		   "  column \"a\" {\n    type = enum.nope\n  }\n}\n",
		   "t.hcl:4:12: column \"a\": no enum \"nope\" is defined\n"
		   "      type = enum.nope\n"
		   "             ^");
	read_fails("postgres",
		   "table \"t\" {\n  schema = schema.public\n"
		   "  column \"a\" {\n    type = enum.e\n  }\n}\n"
		   "enum \"e\" {\n  schema = schema.s1\n  values = [\"a\"]\n}\n"
		   "enum \"e\" {\n  schema = schema.s2\n  values = [\"a\"]\n}\n",
		   "t.hcl:4:12: column \"a\": enum \"e\" is defined in several schemas");
}

/* domains and composites: Atlas blocks from and to the kept definition */
static void test_schema_hclin_types__domain_composite(void **state)
{
	sm_realm *r = sm_realm_new("postgres"), *back;
	sm_schema *s = sm_schema_add(r, "public");
	sm_table *t = sm_table_add(r, s, "t");
	sm_type *ty;
	ut_buf text = UT_BUF_INIT;
	(void)state;
	ty = sm_type_add(r, s, "year", SM_TYPE_DOMAIN);
	ty->def = sm_strdup(r, "AS integer DEFAULT 2000 NOT NULL CONSTRAINT "
			       "year_check CHECK (((VALUE >= 1901) AND (VALUE <= 2155)))");
	ty = sm_type_add(r, s, "odd", SM_TYPE_DOMAIN);
	ty->def = sm_strdup(r, "AS text CONSTRAINT c CHECK ((VALUE <> ''::text)) NOT VALID");
	ty = sm_type_add(r, s, "addr", SM_TYPE_COMPOSITE);
	ty->def = sm_strdup(r, "AS (street text, \"Zip Code\" character varying(10))");
	sm_column_add(r, t, "y", "public.year");
	sm_column_add(r, t, "a", "addr");
	back = through_hcl(r, &text);
	assert_non_null(strstr(text.ptr,
			       "domain \"year\" {\n"
			       "  schema  = schema.public\n"
			       "  type    = integer\n"
			       "  default = 2000\n"
			       "  null    = false\n"
			       "  check \"year_check\" {\n"
			       "    expr = \"((VALUE >= 1901) AND (VALUE <= 2155))\"\n"));
	/* NOT VALID has no HCL form: the definition goes whole */
	assert_non_null(strstr(text.ptr, "  type   = sql(\"text CONSTRAINT c CHECK"));
	assert_non_null(strstr(text.ptr, "  field \"Zip Code\" {\n"
					 "    type = sql(\"character varying(10)\")\n"));
	assert_non_null(strstr(text.ptr, "    type = domain.year\n"));
	assert_non_null(strstr(text.ptr, "    type = composite.addr\n"));
	for (size_t i = 0; i < 3; i++) {
		const sm_type *a = r->schemas.items[0]->types.items[i];
		const sm_type *b = back->schemas.items[0]->types.items[i];
		assert_string_equal(a->obj.name, b->obj.name);
		assert_int_equal(a->type_kind, b->type_kind);
	}
	assert_string_equal(back->schemas.items[0]->types.items[0]->def,
			    "AS integer DEFAULT 2000 NOT NULL CONSTRAINT \"year_check\" "
			    "CHECK (((VALUE >= 1901) AND (VALUE <= 2155)))");
	assert_string_equal(back->schemas.items[0]->types.items[1]->def,
			    r->schemas.items[0]->types.items[1]->def);
	assert_string_equal(back->schemas.items[0]->types.items[2]->def,
			    "AS (\"street\" text, \"Zip Code\" character varying(10))");
	assert_string_equal(table0(back)->columns.items[0]->type,
			    "\"public\".\"year\"");
	ut_buf_release(&text);
	sm_realm_free(back);
	sm_realm_free(r);
}

/*
 * What a round trip of a real database needs: exact 64-bit integers,
 * sequence owners, routine languages, aggregates and rules, extensions,
 * identity sequence names, MySQL table options, SQLite virtual tables,
 * invisible columns, and views with options kept as statements.
 */
static void test_schema_hclin_objects__round_trip(void **state)
{
	sm_realm *r = sm_realm_new("postgres"), *back;
	sm_schema *s = sm_schema_add(r, "public");
	sm_table *t = sm_table_add(r, s, "t");
	sm_sequence *q = sm_sequence_add(r, s, "t_id_seq");
	sm_function *f;
	sm_column *c;
	sm_view *v;
	sm_extension *e;
	ut_buf text = UT_BUF_INIT;
	(void)state;
	c = sm_column_add(r, t, "id", "bigint");
	c->identity = "ALWAYS";
	c->identity_start = 1;
	c->identity_increment = 1;
	sm_attr_set(r, &c->attrs, "identity_sequence", "old_id_seq");
	q->type = "bigint";
	q->start = q->increment = q->min = 1;
	q->max = INT64_MAX;
	q->owned_by = "t.id";
	f = sm_function_add(r, s, "f", "CREATE OR REPLACE FUNCTION public.f()\n"
				     " RETURNS integer\n LANGUAGE sql\nAS $$ SELECT 1 $$");
	f = sm_function_add(r, s, "agg", "CREATE OR REPLACE AGGREGATE public.agg(integer) (SFUNC = int4pl, STYPE = integer)");
	sm_attr_set(r, &f->attrs, "aggregate", "");
	sm_trigger_add(r, &t->obj, "r", "CREATE RULE r AS ON DELETE TO public.t DO INSTEAD NOTHING");
	v = sm_view_add(r, s, "v", "CREATE VIEW \"public\".\"v\" WITH (security_barrier=true) AS  SELECT 1");
	v->query = " SELECT 1";
	v = sm_view_add(r, s, "w", "CREATE VIEW \"public\".\"w\" AS  SELECT 2");
	v->query = " SELECT 2";
	e = sm_extension_add(r, "uuid-ossp");
	e->schema = "public";
	e->version = "1.1";
	back = through_hcl(r, &text);
	assert_int_equal(back->schemas.items[0]->sequences.items[0]->max,
			 INT64_MAX);
	assert_string_equal(back->schemas.items[0]->sequences.items[0]->owned_by,
			    "t.id");
	assert_non_null(strstr(text.ptr, "  owner     = table.t.column.id\n"));
	assert_string_equal(back->schemas.items[0]->functions.items[0]->lang, "sql");
	assert_non_null(sm_attr_get(&back->schemas.items[0]->functions.items[1]->attrs,
				    "aggregate"));
	assert_non_null(sm_attr_get(&table0(back)->triggers.items[0]->attrs, "rule"));
	assert_string_equal(sm_attr_get(&table0(back)->columns.items[0]->attrs,
					"identity_sequence"),
			    "old_id_seq");
	/* the view with options keeps its statement, the other its query */
	assert_string_equal(back->schemas.items[0]->views.items[0]->def,
			    r->schemas.items[0]->views.items[0]->def);
	assert_null(back->schemas.items[0]->views.items[1]->def);
	assert_string_equal(back->schemas.items[0]->views.items[1]->query,
			    " SELECT 2");
	assert_int_equal(back->extensions.len, 1);
	assert_string_equal(back->extensions.items[0]->schema, "public");
	assert_string_equal(back->extensions.items[0]->version, "1.1");
	ut_buf_release(&text);
	sm_realm_free(back);
	sm_realm_free(r);

	r = sm_realm_new("mysql");
	s = sm_schema_add(r, "app");
	t = sm_table_add(r, s, "t");
	sm_attr_set(r, &t->attrs, "auto_increment", "9007199254740993");
	sm_attr_set(r, &t->attrs, "row_format", "COMPRESSED");
	sm_attr_set(r, &t->attrs, "system_versioning", "");
	sm_column_add(r, t, "hid", "int")->invisible = true;
	back = through_hcl(r, &text);
	assert_string_equal(sm_attr_get(&table0(back)->attrs, "auto_increment"),
			    "9007199254740993");
	assert_string_equal(sm_attr_get(&table0(back)->attrs, "row_format"),
			    "COMPRESSED");
	assert_non_null(sm_attr_get(&table0(back)->attrs, "system_versioning"));
	assert_true(table0(back)->columns.items[0]->invisible);
	ut_buf_release(&text);
	sm_realm_free(back);
	sm_realm_free(r);

	r = sm_realm_new("sqlite");
	s = sm_schema_add(r, "main");
	t = sm_table_add(r, s, "docs");
	sm_attr_set(r, &t->attrs, "virtual", "fts4(body)");
	v = sm_view_add(r, s, "v", "CREATE VIEW v\nAS\nSELECT 1");
	v->query = "SELECT 1";
	back = through_hcl(r, &text);
	assert_string_equal(sm_attr_get(&table0(back)->attrs, "virtual"),
			    "fts4(body)");
	/* SQLite keeps the statement as written: its layout survives */
	assert_string_equal(back->schemas.items[0]->views.items[0]->def,
			    "CREATE VIEW v\nAS\nSELECT 1");
	ut_buf_release(&text);
	sm_realm_free(back);
	sm_realm_free(r);
}

static void test_schema_hclin_int__range(void **state)
{
	(void)state;
	read_fails("postgres",
		   "sequence \"s\" {\n  max_value = 1e30\n}\n",
		   "t.hcl:2:15: attribute 'max_value': 1e30 is out of range for an integer");
}

/* Typed inputs (data "hcl_schema" vars) win over text inputs. */
static void test_schema_hclin_inputs__typed(void **state)
{
	static const char doc[] =
		"variable \"names\" {\n  type = list(string)\n}\n"
		"variable \"n\" {\n  type = number\n  default = 1\n}\n"
		"variable \"s\" {\n  type = string\n}\n"
		"table \"t\" {\n"
		"  name   = \"${var.s}_%{ for x in var.names }${x}%{ endfor }\"\n"
		"  schema = schema.main\n"
		"  column \"c\" {\n    type = varchar(var.n * 2)\n  }\n"
		"}\n";
	const char *vars[] = { "s=text", "n=5" };
	const char *exprs[] = { "names=[\"a\", \"b\"]", "s=\"typed\"",
				"unknown=1" };
	char *dir = NULL, *path;
	const char *paths[1];
	sm_realm *r = NULL;
	(void)state;
	assert_int_equal(ut_mkdtemp(&dir, "strata-hclin"), 0);
	path = ut_path_join(dir, "s.hcl");
	paths[0] = path;
	assert_int_equal(ut_file_write_atomic(path, doc, strlen(doc)), 0);
	assert_int_equal(sm_hcl_read(&r, "sqlite", paths, 1, vars, 2, exprs, 3), 0);
	assert_string_equal(table0(r)->obj.name, "typed_ab");
	assert_string_equal(table0(r)->columns.items[0]->type, "varchar(10)");
	sm_realm_free(r);
	/* bindings are found by key, the last one wins */
	sm_hcl_bind_inputs("file:///x?hcl_schema=a", exprs, 1);
	sm_hcl_bind_inputs("file:///x?hcl_schema=a", exprs + 1, 2);
	{
		size_t n;
		const char *const *got =
			sm_hcl_bound_inputs("file:///x?hcl_schema=a", &n);
		assert_int_equal(n, 2);
		assert_string_equal(got[0], "s=\"typed\"");
		assert_null(sm_hcl_bound_inputs("file:///x", &n));
		assert_int_equal(n, 0);
	}
	sm_hcl_bind_inputs(NULL, NULL, 0);
	ut_rm_rf(dir);
	free(path);
	free(dir);
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test(test_schema_hclin_unique__constraint_or_index),
	cmocka_unit_test(test_schema_hclin_unique__sqlite_autoindex),
	cmocka_unit_test(test_schema_hclin_default__mysql_backslashes),
	cmocka_unit_test(test_schema_hclin_enum__references),
	cmocka_unit_test(test_schema_hclin_enum__errors),
	cmocka_unit_test(test_schema_hclin_types__domain_composite),
	cmocka_unit_test(test_schema_hclin_objects__round_trip),
	cmocka_unit_test(test_schema_hclin_int__range),
	cmocka_unit_test(test_schema_hclin_inputs__typed),
};

TEST_MAIN(tests)
