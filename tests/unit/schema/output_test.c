/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/schema/output_test.c: the realm writers (schema/output.h).
 * Realms are built by hand; every writer's output is compared byte for
 * byte, and the JSON is also parsed back with jansson so that an
 * escaping bug cannot hide in an expectation.
 */
#include "test.h"

#include <jansson.h>

#include "output.h"
#include "schema.h"
#include "ut.h"

/* ---- realms ---------------------------------------------------------- */
static sm_realm *realm_simple(void)
{
	sm_realm *r = sm_realm_new("sqlite");
	sm_schema *s = sm_schema_add(r, "main");
	sm_table *t = sm_table_add(r, s, "users");
	sm_column *c = sm_column_add(r, t, "id", "integer");
	sm_index *pk;

	c->nullable = false;
	sm_column_add(r, t, "name", "text");
	pk = sm_pk_set(r, t, "");
	sm_index_add_column(r, pk, "id", false);
	return r;
}

static sm_realm *realm_columns(void)
{
	sm_realm *r = sm_realm_new("mysql");
	sm_schema *s = sm_schema_add(r, "app");
	sm_table *t = sm_table_add(r, s, "items");
	sm_column *c;

	t->obj.comment = sm_strdup(r, "all items");
	t->charset = sm_strdup(r, "utf8mb4");
	t->collation = sm_strdup(r, "utf8mb4_bin");
	sm_attr_set(r, &t->attrs, "engine", "InnoDB");
	c = sm_column_add(r, t, "id", "bigint");
	c->nullable = false;
	c->auto_increment = true;
	c->obj.comment = sm_strdup(r, "the id");
	c = sm_column_add(r, t, "name", "varchar(255)");
	c->default_expr = sm_strdup(r, "'it''s'");
	c->charset = sm_strdup(r, "latin1");
	c->collation = sm_strdup(r, "latin1_bin");
	c = sm_column_add(r, t, "price", "decimal(10,2)");
	c->nullable = false;
	c->default_expr = sm_strdup(r, "0");
	c = sm_column_add(r, t, "ratio", "double precision");
	c->default_expr = sm_strdup(r, "-1.5");
	c = sm_column_add(r, t, "ts", "timestamp(6)");
	c->default_expr = sm_strdup(r, "CURRENT_TIMESTAMP(6)");
	c->on_update = sm_strdup(r, "CURRENT_TIMESTAMP(6)");
	c = sm_column_add(r, t, "full", "text");
	c->generated = sm_strdup(r, "concat(`name`, '!')");
	c->generated_stored = true;
	c = sm_column_add(r, t, "twice", "int");
	c->generated = sm_strdup(r, "`id` * 2");
	c = sm_column_add(r, t, "code", "enum('a','b')");
	c->default_expr = sm_strdup(r, "'a'");
	c = sm_column_add(r, t, "big", "int");
	c->default_expr = sm_strdup(r, "1e5");
	return r;
}

static sm_realm *realm_indexes(void)
{
	sm_realm *r = sm_realm_new("postgres");
	sm_schema *s = sm_schema_add(r, "public");
	sm_table *t = sm_table_add(r, s, "docs");
	sm_index *i;

	sm_column_add(r, t, "a", "integer");
	sm_column_add(r, t, "b", "text");
	sm_column_add(r, t, "body", "jsonb");
	i = sm_pk_set(r, t, "docs_pkey");
	sm_index_add_column(r, i, "a", true);
	i = sm_index_add(r, t, "docs_a_b");
	sm_index_add_column(r, i, "a", false);
	sm_index_add_column(r, i, "b", false);
	i = sm_index_add(r, t, "docs_b_key");
	i->unique = true;
	i->constraint = true;
	sm_index_add_column(r, i, "b", false);
	i = sm_index_add(r, t, "docs_lower");
	sm_index_add_expr(r, i, "lower(b)", false);
	sm_index_add_column(r, i, "a", true);
	i->where = sm_strdup(r, "a > 0");
	i = sm_index_add(r, t, "docs_body");
	i->method = sm_strdup(r, "gin");
	sm_index_add_column(r, i, "body", false);
	i->parts.items[0].opclass = sm_strdup(r, "jsonb_path_ops");
	i = sm_index_add(r, t, "docs_cover");
	i->unique = true;
	sm_index_add_column(r, i, "a", false);
	sm_strs_add(r, &i->include, "b");
	i->nulls_not_distinct = true;
	return r;
}

static sm_realm *realm_fks(void)
{
	sm_realm *r = sm_realm_new("sqlite");
	sm_schema *s = sm_schema_add(r, "main");
	sm_table *users = sm_table_add(r, s, "users");
	sm_table *posts = sm_table_add(r, s, "posts");
	sm_table *tags = sm_table_add(r, s, "post_tags");
	sm_table *prof = sm_table_add(r, s, "profiles");
	sm_foreign_key *fk;
	sm_index *i;

	sm_column_add(r, users, "id", "integer")->nullable = false;
	sm_column_add(r, users, "email", "text");
	sm_index_add_column(r, sm_pk_set(r, users, ""), "id", false);
	i = sm_index_add(r, users, "users_email");
	i->unique = true;
	sm_index_add_column(r, i, "email", false);

	sm_column_add(r, posts, "id", "integer")->nullable = false;
	sm_column_add(r, posts, "author_id", "integer");
	sm_column_add(r, posts, "editor_email", "text");
	sm_index_add_column(r, sm_pk_set(r, posts, ""), "id", false);
	fk = sm_fk_add(r, posts, "fk_author");
	sm_strs_add(r, &fk->columns, "author_id");
	fk->ref_table = sm_strdup(r, "users");
	sm_strs_add(r, &fk->ref_columns, "id");
	fk->on_delete = "CASCADE";
	fk = sm_fk_add(r, posts, "");
	sm_strs_add(r, &fk->columns, "editor_email");
	fk->ref_table = sm_strdup(r, "users");
	sm_strs_add(r, &fk->ref_columns, "email");
	fk->on_update = "SET NULL";

	sm_column_add(r, tags, "post_id", "integer")->nullable = false;
	sm_column_add(r, tags, "tag", "text")->nullable = false;
	i = sm_pk_set(r, tags, "");
	sm_index_add_column(r, i, "post_id", false);
	sm_index_add_column(r, i, "tag", false);
	fk = sm_fk_add(r, tags, "tags_post");
	sm_strs_add(r, &fk->columns, "post_id");
	fk->ref_table = sm_strdup(r, "posts");
	sm_strs_add(r, &fk->ref_columns, "id");

	sm_column_add(r, prof, "user_id", "integer")->nullable = false;
	sm_column_add(r, prof, "bio", "text");
	sm_index_add_column(r, sm_pk_set(r, prof, ""), "user_id", false);
	fk = sm_fk_add(r, prof, "profile_user");
	sm_strs_add(r, &fk->columns, "user_id");
	fk->ref_table = sm_strdup(r, "users");
	sm_strs_add(r, &fk->ref_columns, "id");
	/* a reference to a table the realm does not hold */
	fk = sm_fk_add(r, prof, "ext");
	sm_strs_add(r, &fk->columns, "bio");
	fk->ref_table = sm_strdup(r, "elsewhere");
	sm_strs_add(r, &fk->ref_columns, "x");
	return r;
}

static sm_realm *realm_objects(void)
{
	sm_realm *r = sm_realm_new("postgres");
	sm_schema *s = sm_schema_add(r, "public");
	sm_table *t = sm_table_add(r, s, "orders");
	sm_view *v;
	sm_function *f;
	sm_sequence *q;
	sm_type *e;
	sm_column *c;

	s->obj.comment = sm_strdup(r, "standard public schema");
	c = sm_column_add(r, t, "id", "bigint");
	c->nullable = false;
	c->identity = "BY DEFAULT";
	c->identity_start = 1;
	c->identity_increment = 1;
	c = sm_column_add(r, t, "qty", "integer");
	c->nullable = false;
	c->default_expr = sm_strdup(r, "1");
	c = sm_column_add(r, t, "state", "status");
	sm_check_add(r, t, "qty_positive", "(qty > 0)");
	sm_check_add(r, t, "", "(id <> 13)");
	sm_trigger_add(r, &t->obj, "orders_audit",
	               "CREATE TRIGGER orders_audit AFTER INSERT ON orders\n"
	               "FOR EACH ROW EXECUTE FUNCTION audit()");
	v = sm_view_add(
	        r, s, "big_orders",
	        "CREATE VIEW big_orders AS SELECT id FROM orders WHERE qty > 10");
	/* as the inspectors keep them: the statement ends with the query */
	v->query = sm_strdup(r, "SELECT id FROM orders WHERE qty > 10");
	v = sm_view_add(
	        r, s, "order_totals",
	        "CREATE MATERIALIZED VIEW order_totals AS SELECT sum(qty) FROM orders");
	v->materialized = true;
	f = sm_function_add(
	        r, s, "audit",
	        "CREATE FUNCTION audit() RETURNS trigger LANGUAGE plpgsql AS $$\n"
	        "BEGIN\n"
	        "\tRAISE NOTICE '${x} %{y} \"q\" \\n';\n"
	        "\tRETURN NEW;\n"
	        "END $$;\n");
	f->lang = "plpgsql";
	f = sm_function_add(
	        r, s, "cleanup",
	        "CREATE PROCEDURE cleanup() LANGUAGE sql AS 'DELETE FROM orders'");
	f->procedure = true;
	q = sm_sequence_add(r, s, "order_seq");
	q->type = sm_strdup(r, "bigint");
	q->start = 100;
	q->increment = 10;
	q->max = 1000000;
	q->cache = 5;
	q->cycle = true;
	e = sm_type_add(r, s, "status", SM_TYPE_ENUM);
	sm_strs_add(r, &e->values, "new");
	sm_strs_add(r, &e->values, "shipped \"fast\"");
	e = sm_type_add(r, s, "posint", SM_TYPE_DOMAIN);
	e->def = sm_strdup(r,
	                   "CREATE DOMAIN posint AS integer CHECK (VALUE > 0)");
	return r;
}

static sm_realm *realm_awkward(void)
{
	sm_realm *r = sm_realm_new("sqlite");
	sm_schema *s = sm_schema_add(r, "main");
	sm_table *t = sm_table_add(r, s, "my \"t\"\\x");
	sm_table *u = sm_table_add(r, s, "名前");
	sm_column *c;
	sm_foreign_key *fk;
	sm_index *i;

	c = sm_column_add(r, t, "my col", "character varying");
	c->nullable = false;
	c->obj.comment = sm_strdup(
	        r, "line1\nline2\t<b>&amp; \x01 \x7f \xe2\x80\xa8 \xff end");
	c->default_expr = sm_strdup(r, "'${x} %{y} \\ \"q\"'");
	c = sm_column_add(r, t, "${x}", "int");
	c = sm_column_add(r, t, "true", "");
	c = sm_column_add(r, t, "ok_name", "sql");
	i = sm_pk_set(r, t, "");
	sm_index_add_column(r, i, "my col", false);
	i = sm_index_add(r, t, "idx <a&b>");
	sm_index_add_column(r, i, "${x}", false);
	sm_index_add_column(r, i, "true", false);
	sm_check_add(r, t, "chk \"1\"", "\"my col\" <> '%{'");

	c = sm_column_add(r, u, "ключ", "integer");
	c->nullable = false;
	sm_column_add(r, u, "ref", "text");
	sm_index_add_column(r, sm_pk_set(r, u, ""), "ключ", false);
	fk = sm_fk_add(r, u, "");
	sm_strs_add(r, &fk->columns, "ref");
	fk->ref_table = sm_strdup(r, "my \"t\"\\x");
	sm_strs_add(r, &fk->ref_columns, "my col");
	sm_column_add(r, u, "2fa", "int");
	fk = sm_fk_add(r, u, "fk 100% \"x\"");
	sm_strs_add(r, &fk->columns, "2fa");
	fk->ref_table = sm_strdup(r, "名前");
	sm_strs_add(r, &fk->ref_columns, "ключ");
	return r;
}

static sm_realm *realm_multi(void)
{
	sm_realm *r = sm_realm_new("postgres");
	sm_schema *s1 = sm_schema_add(r, "auth");
	sm_schema *s2 = sm_schema_add(r, "blog");
	sm_table *u1 = sm_table_add(r, s1, "users");
	sm_table *u2 = sm_table_add(r, s2, "users");
	sm_table *p = sm_table_add(r, s2, "posts");
	sm_foreign_key *fk;

	sm_column_add(r, u1, "id", "uuid")->nullable = false;
	sm_index_add_column(r, sm_pk_set(r, u1, ""), "id", false);
	sm_column_add(r, u2, "id", "uuid")->nullable = false;
	sm_column_add(r, u2, "handle", "text");
	sm_index_add_column(r, sm_pk_set(r, u2, ""), "id", false);
	sm_column_add(r, p, "id", "bigint")->nullable = false;
	sm_column_add(r, p, "owner", "uuid");
	sm_column_add(r, p, "author", "uuid");
	sm_index_add_column(r, sm_pk_set(r, p, ""), "id", false);
	fk = sm_fk_add(r, p, "posts_owner_fkey");
	sm_strs_add(r, &fk->columns, "owner");
	fk->ref_schema = sm_strdup(r, "auth");
	fk->ref_table = sm_strdup(r, "users");
	sm_strs_add(r, &fk->ref_columns, "id");
	fk = sm_fk_add(r, p, "posts_author_fkey");
	sm_strs_add(r, &fk->columns, "author");
	fk->ref_table = sm_strdup(r, "users");
	sm_strs_add(r, &fk->ref_columns, "id");
	return r;
}

static sm_realm *realm_empty(void)
{
	sm_realm *r = sm_realm_new("sqlite");
	sm_schema_add(r, "main");
	return r;
}

static sm_realm *realm_heredoc(void)
{
	sm_realm *r = sm_realm_new("sqlite");
	sm_schema *s = sm_schema_add(r, "main");

	sm_view_add(r, s, "closes", "SELECT 1\n  SQL\n");
	sm_view_add(r, s, "indented", "  SELECT 1\n  FROM t");
	sm_view_add(r, s, "crlf", "SELECT 1\r\nFROM t");
	sm_view_add(r, s, "blanks", "SELECT 1\n \t\nFROM t");
	sm_view_add(r, s, "blank", "SELECT '${a}', \"\\\"\n\n\tFROM t\n");
	return r;
}

typedef void (*writer)(ut_buf *, const sm_realm *);

/* Runs w over the realm built by make; frees the realm. */
static char *render(writer w, sm_realm *r)
{
	ut_buf b = UT_BUF_INIT;

	w(&b, r);
	sm_realm_free(r);
	return ut_buf_detach(&b);
}

static void check(writer w, sm_realm *r, const char *want)
{
	char *got = render(w, r);

	assert_string_equal(got, want);
	free(got);
}

/* ---- JSON ------------------------------------------------------------ */

static const char json_simple[] =
        "{\"schemas\":[{\"name\":\"main\","
        "\"tables\":[{\"name\":\"users\",\"columns\":[{\"name\":\"id\","
        "\"type\":\"integer\"},{\"name\":\"name\",\"type\":\"text\","
        "\"null\":true}],\"primary_key\":{\"parts\":[{\"column\":\"id\""
        "}]}}]}]}";

static const char json_columns[] =
        "{\"schemas\":[{\"name\":\"app\",\"tables\":[{\"name\":\"items\","
        "\"columns\":[{\"name\":\"id\",\"type\":\"bigint\","
        "\"comment\":\"the id\",\"auto_increment\":true},"
        "{\"name\":\"name\",\"type\":\"varchar(255)\",\"null\":true,"
        "\"charset\":\"latin1\",\"collate\":\"latin1_bin\","
        "\"default\":\"'it''s'\"},{\"name\":\"price\","
        "\"type\":\"decimal(10,2)\",\"default\":\"0\"},"
        "{\"name\":\"ratio\",\"type\":\"double precision\","
        "\"null\":true,\"default\":\"-1.5\"},{\"name\":\"ts\","
        "\"type\":\"timestamp(6)\",\"null\":true,"
        "\"default\":\"CURRENT_TIMESTAMP(6)\","
        "\"on_update\":\"CURRENT_TIMESTAMP(6)\"},{\"name\":\"full\","
        "\"type\":\"text\",\"null\":true,"
        "\"generated\":{\"expr\":\"concat(`name`, '!')\","
        "\"type\":\"STORED\"}},{\"name\":\"twice\",\"type\":\"int\","
        "\"null\":true,\"generated\":{\"expr\":\"`id` * 2\","
        "\"type\":\"VIRTUAL\"}},{\"name\":\"code\",\"type\":\"enum('a',"
        "'b')\",\"null\":true,\"default\":\"'a'\"},{\"name\":\"big\","
        "\"type\":\"int\",\"null\":true,\"default\":\"1e5\"}],"
        "\"comment\":\"all items\",\"charset\":\"utf8mb4\","
        "\"collate\":\"utf8mb4_bin\"}]}]}";

static const char json_indexes[] =
        "{\"schemas\":[{\"name\":\"public\","
        "\"tables\":[{\"name\":\"docs\",\"columns\":[{\"name\":\"a\","
        "\"type\":\"integer\",\"null\":true},{\"name\":\"b\","
        "\"type\":\"text\",\"null\":true},{\"name\":\"body\","
        "\"type\":\"jsonb\",\"null\":true}],"
        "\"indexes\":[{\"name\":\"docs_a_b\","
        "\"parts\":[{\"column\":\"a\"},{\"column\":\"b\"}]},"
        "{\"name\":\"docs_b_key\",\"unique\":true,"
        "\"parts\":[{\"column\":\"b\"}]},{\"name\":\"docs_lower\","
        "\"parts\":[{\"expr\":\"lower(b)\"},{\"desc\":true,"
        "\"column\":\"a\"}],\"where\":\"a \\u003e 0\"},"
        "{\"name\":\"docs_body\",\"parts\":[{\"column\":\"body\"}]},"
        "{\"name\":\"docs_cover\",\"unique\":true,"
        "\"parts\":[{\"column\":\"a\"}]}],"
        "\"primary_key\":{\"name\":\"docs_pkey\","
        "\"parts\":[{\"desc\":true,\"column\":\"a\"}]}}]}]}";

static const char json_fks[] =
        "{\"schemas\":[{\"name\":\"main\","
        "\"tables\":[{\"name\":\"users\",\"columns\":[{\"name\":\"id\","
        "\"type\":\"integer\"},{\"name\":\"email\",\"type\":\"text\","
        "\"null\":true}],\"indexes\":[{\"name\":\"users_email\","
        "\"unique\":true,\"parts\":[{\"column\":\"email\"}]}],"
        "\"primary_key\":{\"parts\":[{\"column\":\"id\"}]}},"
        "{\"name\":\"posts\",\"columns\":[{\"name\":\"id\","
        "\"type\":\"integer\"},{\"name\":\"author_id\","
        "\"type\":\"integer\",\"null\":true},"
        "{\"name\":\"editor_email\",\"type\":\"text\",\"null\":true}],"
        "\"primary_key\":{\"parts\":[{\"column\":\"id\"}]},"
        "\"foreign_keys\":[{\"name\":\"fk_author\","
        "\"columns\":[\"author_id\"],"
        "\"references\":{\"table\":\"users\",\"columns\":[\"id\"]},"
        "\"on_update\":\"NO ACTION\",\"on_delete\":\"CASCADE\"},"
        "{\"columns\":[\"editor_email\"],"
        "\"references\":{\"table\":\"users\",\"columns\":[\"email\"]},"
        "\"on_update\":\"SET NULL\",\"on_delete\":\"NO ACTION\"}]},"
        "{\"name\":\"post_tags\",\"columns\":[{\"name\":\"post_id\","
        "\"type\":\"integer\"},{\"name\":\"tag\",\"type\":\"text\"}],"
        "\"primary_key\":{\"parts\":[{\"column\":\"post_id\"},"
        "{\"column\":\"tag\"}]},\"foreign_keys\":[{\"name\":\"tags_pos"
        "t\",\"columns\":[\"post_id\"],"
        "\"references\":{\"table\":\"posts\",\"columns\":[\"id\"]},"
        "\"on_update\":\"NO ACTION\",\"on_delete\":\"NO ACTION\"}]},"
        "{\"name\":\"profiles\",\"columns\":[{\"name\":\"user_id\","
        "\"type\":\"integer\"},{\"name\":\"bio\",\"type\":\"text\","
        "\"null\":true}],\"primary_key\":{\"parts\":[{\"column\":\"use"
        "r_id\"}]},\"foreign_keys\":[{\"name\":\"profile_user\","
        "\"columns\":[\"user_id\"],\"references\":{\"table\":\"users\","
        "\"columns\":[\"id\"]},\"on_update\":\"NO ACTION\","
        "\"on_delete\":\"NO ACTION\"},{\"name\":\"ext\","
        "\"columns\":[\"bio\"],\"references\":{\"table\":\"elsewhere\","
        "\"columns\":[\"x\"]},\"on_update\":\"NO ACTION\","
        "\"on_delete\":\"NO ACTION\"}]}]}]}";

static const char json_objects[] =
        "{\"schemas\":[{\"name\":\"public\","
        "\"tables\":[{\"name\":\"orders\",\"columns\":[{\"name\":\"id\","
        "\"type\":\"bigint\",\"identity\":{\"generated\":\"BY "
        "DEFAULT\",\"start\":1,\"increment\":1}},{\"name\":\"qty\","
        "\"type\":\"integer\",\"default\":\"1\"},{\"name\":\"state\","
        "\"type\":\"status\",\"null\":true}],"
        "\"checks\":[{\"name\":\"qty_positive\","
        "\"expr\":\"(qty \\u003e 0)\"},"
        "{\"expr\":\"(id \\u003c\\u003e 13)\"}],"
        "\"triggers\":[{\"name\":\"orders_audit\","
        "\"def\":\"CREATE TRIGGER orders_audit AFTER INSERT ON "
        "orders\\nFOR EACH ROW EXECUTE FUNCTION audit()\"}]}],"
        "\"comment\":\"standard public schema\","
        "\"views\":[{\"name\":\"big_orders\","
        "\"def\":\"CREATE VIEW big_orders AS SELECT id FROM "
        "orders WHERE qty \\u003e 10\"},{\"name\":\"order_totals\","
        "\"def\":\"CREATE MATERIALIZED VIEW order_totals AS "
        "SELECT sum(qty) FROM orders\",\"materialized\":true}],"
        "\"functions\":[{\"name\":\"audit\","
        "\"def\":\"CREATE FUNCTION audit() RETURNS trigger "
        "LANGUAGE plpgsql AS $$\\nBEGIN\\n\\tRAISE NOTICE '${x} "
        "%{y} \\\"q\\\" \\\\n';\\n\\tRETURN NEW;\\nEND $$;\\n\"},"
        "{\"name\":\"cleanup\",\"def\":\"CREATE PROCEDURE cleanup() "
        "LANGUAGE sql AS 'DELETE FROM orders'\","
        "\"procedure\":true}],\"sequences\":[{\"name\":\"order_seq\","
        "\"type\":\"bigint\",\"start\":100,\"increment\":10,"
        "\"max\":1000000,\"cache\":5,\"cycle\":true}],"
        "\"enums\":[{\"name\":\"status\",\"values\":[\"new\","
        "\"shipped \\\"fast\\\"\"]}]}]}";

static const char json_awkward[] =
        "{\"schemas\":[{\"name\":\"main\","
        "\"tables\":[{\"name\":\"my \\\"t\\\"\\\\x\","
        "\"columns\":[{\"name\":\"my col\","
        "\"type\":\"character varying\","
        "\"comment\":\"line1\\nline2\\t\\u003cb\\u003e\\u0026amp; "
        "\\u0001 \x7f \\u2028 \\ufffd end\","
        "\"default\":\"'${x} %{y} \\\\ \\\"q\\\"'\"},{\"name\":\"${x}\","
        "\"type\":\"int\",\"null\":true},{\"name\":\"true\","
        "\"null\":true},{\"name\":\"ok_name\",\"type\":\"sql\","
        "\"null\":true}],\"indexes\":[{\"name\":\"idx "
        "\\u003ca\\u0026b\\u003e\",\"parts\":[{\"column\":\"${x}\"},"
        "{\"column\":\"true\"}]}],"
        "\"primary_key\":{\"parts\":[{\"column\":\"my col\"}]},"
        "\"checks\":[{\"name\":\"chk \\\"1\\\"\","
        "\"expr\":\"\\\"my col\\\" \\u003c\\u003e '%{'\"}]},"
        "{\"name\":\"名前\",\"columns\":[{\"name\":\"ключ\","
        "\"type\":\"integer\"},{\"name\":\"ref\",\"type\":\"text\","
        "\"null\":true},{\"name\":\"2fa\",\"type\":\"int\","
        "\"null\":true}],\"primary_key\":{\"parts\":[{\"column\":\"к"
        "люч\"}]},\"foreign_keys\":[{\"columns\":[\"ref\"],"
        "\"references\":{\"table\":\"my \\\"t\\\"\\\\x\","
        "\"columns\":[\"my col\"]},\"on_update\":\"NO ACTION\","
        "\"on_delete\":\"NO ACTION\"},{\"name\":\"fk 100% \\\"x\\\"\","
        "\"columns\":[\"2fa\"],\"references\":{\"table\":\"名前\","
        "\"columns\":[\"ключ\"]},\"on_update\":\"NO ACTION\","
        "\"on_delete\":\"NO ACTION\"}]}]}]}";

static const char json_multi[] =
        "{\"schemas\":[{\"name\":\"auth\","
        "\"tables\":[{\"name\":\"users\",\"columns\":[{\"name\":\"id\","
        "\"type\":\"uuid\"}],\"primary_key\":{\"parts\":[{\"column\":\"i"
        "d\"}]}}]},{\"name\":\"blog\",\"tables\":[{\"name\":\"users\","
        "\"columns\":[{\"name\":\"id\",\"type\":\"uuid\"},"
        "{\"name\":\"handle\",\"type\":\"text\",\"null\":true}],"
        "\"primary_key\":{\"parts\":[{\"column\":\"id\"}]}},"
        "{\"name\":\"posts\",\"columns\":[{\"name\":\"id\","
        "\"type\":\"bigint\"},{\"name\":\"owner\",\"type\":\"uuid\","
        "\"null\":true},{\"name\":\"author\",\"type\":\"uuid\","
        "\"null\":true}],\"primary_key\":{\"parts\":[{\"column\":\"id\""
        "}]},\"foreign_keys\":[{\"name\":\"posts_owner_fkey\","
        "\"columns\":[\"owner\"],\"references\":{\"table\":\"users\","
        "\"columns\":[\"id\"],\"schema\":\"auth\"},"
        "\"on_update\":\"NO ACTION\",\"on_delete\":\"NO ACTION\"},"
        "{\"name\":\"posts_author_fkey\",\"columns\":[\"author\"],"
        "\"references\":{\"table\":\"users\",\"columns\":[\"id\"]},"
        "\"on_update\":\"NO ACTION\","
        "\"on_delete\":\"NO ACTION\"}]}]}]}";

static const char json_empty[] = "{\"schemas\":[{\"name\":\"main\"}]}";

static void test_schema_output_json__simple(void **state)
{
	(void)state;
	check(sm_write_json, realm_simple(), json_simple);
}

static void test_schema_output_json__columns(void **state)
{
	(void)state;
	check(sm_write_json, realm_columns(), json_columns);
}

static void test_schema_output_json__indexes(void **state)
{
	(void)state;
	check(sm_write_json, realm_indexes(), json_indexes);
}

static void test_schema_output_json__fks(void **state)
{
	(void)state;
	check(sm_write_json, realm_fks(), json_fks);
}

static void test_schema_output_json__objects(void **state)
{
	(void)state;
	check(sm_write_json, realm_objects(), json_objects);
}

static void test_schema_output_json__awkward(void **state)
{
	(void)state;
	check(sm_write_json, realm_awkward(), json_awkward);
}

static void test_schema_output_json__multi(void **state)
{
	(void)state;
	check(sm_write_json, realm_multi(), json_multi);
}

static void test_schema_output_json__empty(void **state)
{
	(void)state;
	check(sm_write_json, realm_empty(), json_empty);
	check(sm_write_json, sm_realm_new("sqlite"), "{\"schemas\":[]}");
}

static json_t *parse(sm_realm *r)
{
	char *text = render(sm_write_json, r);
	json_error_t err;
	json_t *root = json_loads(text, JSON_REJECT_DUPLICATES, &err);

	if (!root)
		fail_msg("invalid JSON (%s at %d): %s", err.text, err.position,
		         text);
	free(text);
	return root;
}

/* Walks "schemas/0/tables/1/name": object keys and array indexes. */
static json_t *jget(json_t *root, const char *path)
{
	char *copy = strdup(path), *save = NULL;
	json_t *v = root;

	for (char *p = strtok_r(copy, "/", &save); v && p;
	     p = strtok_r(NULL, "/", &save)) {
		if (json_is_array(v))
			v = json_array_get(v, strtoul(p, NULL, 10));
		else
			v = json_object_get(v, p);
	}
	free(copy);
	return v;
}

static const char *jstr(json_t *root, const char *path)
{
	json_t *v = jget(root, path);

	assert_non_null(v);
	assert_true(json_is_string(v));
	return json_string_value(v);
}

/*
 * The values read back are the realm's bytes: every escape the writer
 * chose decodes to what it encoded.
 */
static void test_schema_output_json__parse_awkward(void **state)
{
	json_t *root = parse(realm_awkward());

	(void)state;
	assert_string_equal(jstr(root, "schemas/0/tables/0/name"),
	                    "my \"t\"\\x");
	assert_string_equal(jstr(root, "schemas/0/tables/0/columns/0/comment"),
	                    "line1\nline2\t<b>&amp; \x01 \x7f \xe2\x80\xa8 "
	                    "\xef\xbf\xbd end");
	assert_string_equal(jstr(root, "schemas/0/tables/0/columns/0/default"),
	                    "'${x} %{y} \\ \"q\"'");
	assert_string_equal(jstr(root, "schemas/0/tables/0/indexes/0/name"),
	                    "idx <a&b>");
	assert_string_equal(
	        jstr(root,
	             "schemas/0/tables/1/foreign_keys/0/references/table"),
	        "my \"t\"\\x");
	assert_string_equal(jstr(root, "schemas/0/tables/1/name"), "名前");
	assert_string_equal(jstr(root, "schemas/0/tables/1/columns/0/name"),
	                    "ключ");
	/* "null" only when nullable, "type" omitted when empty */
	assert_null(jget(root, "schemas/0/tables/0/columns/0/null"));
	assert_true(
	        json_is_true(jget(root, "schemas/0/tables/0/columns/1/null")));
	assert_null(jget(root, "schemas/0/tables/0/columns/2/type"));
	json_decref(root);
}

/*
 * jq '.schemas[].tables[] | select(.foreign_keys | length > 0) | .name'
 * works on the output: tables without keys have no foreign_keys at all.
 */
static void test_schema_output_json__jq_foreign_keys(void **state)
{
	json_t *root = parse(realm_fks());
	json_t *tables = jget(root, "schemas/0/tables");
	const char *want[] = { "posts", "post_tags", "profiles" };
	size_t n = 0, i;
	json_t *t;

	(void)state;
	assert_true(json_is_array(tables));
	json_array_foreach(tables, i, t)
	{
		json_t *fks = json_object_get(t, "foreign_keys");

		if (!fks || json_array_size(fks) == 0)
			continue;
		assert_true(n < UT_ARRAY_SIZE(want));
		assert_string_equal(
		        json_string_value(json_object_get(t, "name")), want[n]);
		n++;
	}
	assert_int_equal(n, UT_ARRAY_SIZE(want));
	assert_null(json_object_get(json_array_get(tables, 0), "foreign_keys"));
	json_decref(root);
}

/* A realm with one table "t" and one column named name. */
static sm_realm *realm_named(const char *name)
{
	sm_realm *r = sm_realm_new("sqlite");
	sm_table *t = sm_table_add(r, sm_schema_add(r, "main"), "t");

	sm_column_add(r, t, name, "int")->nullable = false;
	return r;
}

static char *json_named(const char *name)
{
	return render(sm_write_json, realm_named(name));
}

/* Every ASCII byte survives the trip; the escapes are Go's. */
static void test_schema_output_json__escape_ascii(void **state)
{
	char name[128];
	json_t *root;
	char *text;

	(void)state;
	for (int c = 1; c < 128; c++)
		name[c - 1] = (char)c;
	name[127] = '\0';
	root = parse(realm_named(name));
	assert_string_equal(jstr(root, "schemas/0/tables/0/columns/0/name"),
	                    name);
	json_decref(root);

	text = json_named("\x01\b\t\n\f\r\x1f \"\\/<>&'\x7f");
	assert_string_equal(
	        text, "{\"schemas\":[{\"name\":\"main\",\"tables\":[{\"name\":"
	              "\"t\",\"columns\":[{\"name\":\"\\u0001\\b\\t\\n\\f\\r"
	              "\\u001f \\\"\\\\/\\u003c\\u003e\\u0026'\x7f\","
	              "\"type\":\"int\"}]}]}]}");
	free(text);
}

/*
 * Valid UTF-8 passes through (U+2028/U+2029 excepted, as in Go); each
 * byte that starts no valid sequence becomes \ufffd: overlong forms,
 * surrogates, values above U+10FFFF, truncated and stray bytes.
 */
static void test_schema_output_json__escape_utf8(void **state)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
		{ "é名😀\xef\xbf\xbd", "é名😀\xef\xbf\xbd" },
		{ "a\xe2\x80\xa8"
		  "b\xe2\x80\xa9",
		  "a\\u2028b\\u2029" },
		{ "\xc0\x80", "\\ufffd\\ufffd" },
		{ "\xed\xa0\x80", "\\ufffd\\ufffd\\ufffd" },
		{ "\xf4\x90\x80\x80", "\\ufffd\\ufffd\\ufffd\\ufffd" },
		{ "\xe2\x82", "\\ufffd\\ufffd" },
		{ "x\xe2\x82y", "x\\ufffd\\ufffdy" },
		{ "\x80z\xff", "\\ufffdz\\ufffd" },
		{ "\xf0\x9f\x98", "\\ufffd\\ufffd\\ufffd" },
	};

	(void)state;
	for (size_t i = 0; i < UT_ARRAY_SIZE(cases); i++) {
		char *text = json_named(cases[i].in);
		char *want = ut_xasprintf(
		        "{\"schemas\":[{\"name\":\"main\",\"tables\":[{\"name\":"
		        "\"t\",\"columns\":[{\"name\":\"%s\",\"type\":\"int\"}]}"
		        "]}]}",
		        cases[i].want);
		json_t *root = parse(realm_named(cases[i].in));

		assert_string_equal(text, want);
		assert_non_null(
		        jstr(root, "schemas/0/tables/0/columns/0/name"));
		json_decref(root);
		free(want);
		free(text);
	}
}

/* Every realm of this file gives JSON that jansson accepts. */
static void test_schema_output_json__all_parse(void **state)
{
	sm_realm *(*makers[])(void) = {
		realm_simple, realm_columns, realm_indexes,
		realm_fks,    realm_objects, realm_awkward,
		realm_multi,  realm_empty,   realm_heredoc,
	};

	(void)state;
	for (size_t i = 0; i < UT_ARRAY_SIZE(makers); i++) {
		json_t *root = parse(makers[i]());

		assert_true(json_is_array(jget(root, "schemas")));
		json_decref(root);
	}
}

/* ---- HCL ------------------------------------------------------------- */

static const char hcl_simple[] = "table \"users\" {\n"
                                 "  schema = schema.main\n"
                                 "  column \"id\" {\n"
                                 "    null = false\n"
                                 "    type = integer\n"
                                 "  }\n"
                                 "  column \"name\" {\n"
                                 "    null = true\n"
                                 "    type = text\n"
                                 "  }\n"
                                 "  primary_key {\n"
                                 "    columns = [column.id]\n"
                                 "  }\n"
                                 "}\n"
                                 "schema \"main\" {\n"
                                 "}\n";

static const char hcl_columns[] =
        "table \"items\" {\n"
        "  schema  = schema.app\n"
        "  comment = \"all items\"\n"
        "  charset = \"utf8mb4\"\n"
        "  collate = \"utf8mb4_bin\"\n"
        "  engine  = InnoDB\n"
        "  column \"id\" {\n"
        "    null           = false\n"
        "    type           = bigint\n"
        "    auto_increment = true\n"
        "    comment        = \"the id\"\n"
        "  }\n"
        "  column \"name\" {\n"
        "    null    = true\n"
        "    type    = varchar(255)\n"
        "    default = \"it's\"\n"
        "    charset = \"latin1\"\n"
        "    collate = \"latin1_bin\"\n"
        "  }\n"
        "  column \"price\" {\n"
        "    null    = false\n"
        "    type    = decimal(10, 2)\n"
        "    default = 0\n"
        "  }\n"
        "  column \"ratio\" {\n"
        "    null    = true\n"
        "    type    = sql(\"double precision\")\n"
        "    default = -1.5\n"
        "  }\n"
        "  column \"ts\" {\n"
        "    null      = true\n"
        "    type      = timestamp(6)\n"
        "    default   = sql(\"CURRENT_TIMESTAMP(6)\")\n"
        "    on_update = sql(\"CURRENT_TIMESTAMP(6)\")\n"
        "  }\n"
        "  column \"full\" {\n"
        "    null = true\n"
        "    type = text\n"
        "    as {\n"
        "      expr = \"concat(`name`, '!')\"\n"
        "      type = STORED\n"
        "    }\n"
        "  }\n"
        "  column \"twice\" {\n"
        "    null = true\n"
        "    type = int\n"
        "    as {\n"
        "      expr = \"`id` * 2\"\n"
        "      type = VIRTUAL\n"
        "    }\n"
        "  }\n"
        "  column \"code\" {\n"
        "    null    = true\n"
        "    type    = sql(\"enum('a','b')\")\n"
        "    default = \"a\"\n"
        "  }\n"
        "  column \"big\" {\n"
        "    null    = true\n"
        "    type    = int\n"
        "    default = sql(\"1e5\")\n"
        "  }\n"
        "}\n"
        "schema \"app\" {\n"
        "}\n";

static const char hcl_indexes[] = "table \"docs\" {\n"
                                  "  schema = schema.public\n"
                                  "  column \"a\" {\n"
                                  "    null = true\n"
                                  "    type = integer\n"
                                  "  }\n"
                                  "  column \"b\" {\n"
                                  "    null = true\n"
                                  "    type = text\n"
                                  "  }\n"
                                  "  column \"body\" {\n"
                                  "    null = true\n"
                                  "    type = jsonb\n"
                                  "  }\n"
                                  "  primary_key \"docs_pkey\" {\n"
                                  "    on {\n"
                                  "      column = column.a\n"
                                  "      desc   = true\n"
                                  "    }\n"
                                  "  }\n"
                                  "  index \"docs_a_b\" {\n"
                                  "    columns = [column.a, column.b]\n"
                                  "  }\n"
                                  "  unique \"docs_b_key\" {\n"
                                  "    columns = [column.b]\n"
                                  "  }\n"
                                  "  index \"docs_lower\" {\n"
                                  "    where = \"a > 0\"\n"
                                  "    on {\n"
                                  "      expr = \"lower(b)\"\n"
                                  "    }\n"
                                  "    on {\n"
                                  "      column = column.a\n"
                                  "      desc   = true\n"
                                  "    }\n"
                                  "  }\n"
                                  "  index \"docs_body\" {\n"
                                  "    type = GIN\n"
                                  "    on {\n"
                                  "      column = column.body\n"
                                  "      ops    = jsonb_path_ops\n"
                                  "    }\n"
                                  "  }\n"
                                  "  index \"docs_cover\" {\n"
                                  "    unique         = true\n"
                                  "    columns        = [column.a]\n"
                                  "    include        = [column.b]\n"
                                  "    nulls_distinct = false\n"
                                  "  }\n"
                                  "}\n"
                                  "schema \"public\" {\n"
                                  "}\n";

static const char hcl_fks[] = "table \"users\" {\n"
                              "  schema = schema.main\n"
                              "  column \"id\" {\n"
                              "    null = false\n"
                              "    type = integer\n"
                              "  }\n"
                              "  column \"email\" {\n"
                              "    null = true\n"
                              "    type = text\n"
                              "  }\n"
                              "  primary_key {\n"
                              "    columns = [column.id]\n"
                              "  }\n"
                              "  index \"users_email\" {\n"
                              "    unique  = true\n"
                              "    columns = [column.email]\n"
                              "  }\n"
                              "}\n"
                              "table \"posts\" {\n"
                              "  schema = schema.main\n"
                              "  column \"id\" {\n"
                              "    null = false\n"
                              "    type = integer\n"
                              "  }\n"
                              "  column \"author_id\" {\n"
                              "    null = true\n"
                              "    type = integer\n"
                              "  }\n"
                              "  column \"editor_email\" {\n"
                              "    null = true\n"
                              "    type = text\n"
                              "  }\n"
                              "  primary_key {\n"
                              "    columns = [column.id]\n"
                              "  }\n"
                              "  foreign_key \"fk_author\" {\n"
                              "    columns     = [column.author_id]\n"
                              "    ref_columns = [table.users.column.id]\n"
                              "    on_update   = NO_ACTION\n"
                              "    on_delete   = CASCADE\n"
                              "  }\n"
                              "  foreign_key \"editor_email\" {\n"
                              "    columns     = [column.editor_email]\n"
                              "    ref_columns = [table.users.column.email]\n"
                              "    on_update   = SET_NULL\n"
                              "    on_delete   = NO_ACTION\n"
                              "  }\n"
                              "}\n"
                              "table \"post_tags\" {\n"
                              "  schema = schema.main\n"
                              "  column \"post_id\" {\n"
                              "    null = false\n"
                              "    type = integer\n"
                              "  }\n"
                              "  column \"tag\" {\n"
                              "    null = false\n"
                              "    type = text\n"
                              "  }\n"
                              "  primary_key {\n"
                              "    columns = [column.post_id, column.tag]\n"
                              "  }\n"
                              "  foreign_key \"tags_post\" {\n"
                              "    columns     = [column.post_id]\n"
                              "    ref_columns = [table.posts.column.id]\n"
                              "    on_update   = NO_ACTION\n"
                              "    on_delete   = NO_ACTION\n"
                              "  }\n"
                              "}\n"
                              "table \"profiles\" {\n"
                              "  schema = schema.main\n"
                              "  column \"user_id\" {\n"
                              "    null = false\n"
                              "    type = integer\n"
                              "  }\n"
                              "  column \"bio\" {\n"
                              "    null = true\n"
                              "    type = text\n"
                              "  }\n"
                              "  primary_key {\n"
                              "    columns = [column.user_id]\n"
                              "  }\n"
                              "  foreign_key \"profile_user\" {\n"
                              "    columns     = [column.user_id]\n"
                              "    ref_columns = [table.users.column.id]\n"
                              "    on_update   = NO_ACTION\n"
                              "    on_delete   = NO_ACTION\n"
                              "  }\n"
                              "  foreign_key \"ext\" {\n"
                              "    columns     = [column.bio]\n"
                              "    ref_columns = [table.elsewhere.column.x]\n"
                              "    on_update   = NO_ACTION\n"
                              "    on_delete   = NO_ACTION\n"
                              "  }\n"
                              "}\n"
                              "schema \"main\" {\n"
                              "}\n";

static const char hcl_objects[] =
        "table \"orders\" {\n"
        "  schema = schema.public\n"
        "  column \"id\" {\n"
        "    null = false\n"
        "    type = bigint\n"
        "    identity {\n"
        "      generated = BY_DEFAULT\n"
        "      start     = 1\n"
        "      increment = 1\n"
        "    }\n"
        "  }\n"
        "  column \"qty\" {\n"
        "    null    = false\n"
        "    type    = integer\n"
        "    default = 1\n"
        "  }\n"
        "  column \"state\" {\n"
        "    null = true\n"
        "    type = enum.status\n"
        "  }\n"
        "  check \"qty_positive\" {\n"
        "    expr = \"(qty > 0)\"\n"
        "  }\n"
        "  check {\n"
        "    expr = \"(id <> 13)\"\n"
        "  }\n"
        "}\n"
        "view \"big_orders\" {\n"
        "  schema = schema.public\n"
        "  as     = <<-SQL\n"
        "  SELECT id FROM orders WHERE qty > 10\n"
        "  SQL\n"
        "}\n"
        "materialized \"order_totals\" {\n"
        "  schema = schema.public\n"
        "  as     = <<-SQL\n"
        "  CREATE MATERIALIZED VIEW order_totals AS SELECT "
        "sum(qty) FROM orders\n"
        "  SQL\n"
        "}\n"
        "function \"audit\" {\n"
        "  schema = schema.public\n"
        "  as     = <<-SQL\n"
        "  CREATE FUNCTION audit() RETURNS trigger LANGUAGE "
        "plpgsql AS $$\n"
        "  BEGIN\n"
        "  \tRAISE NOTICE '$${x} %%{y} \"q\" \\n';\n"
        "  \tRETURN NEW;\n"
        "  END $$;\n"
        "  SQL\n"
        "}\n"
        "procedure \"cleanup\" {\n"
        "  schema = schema.public\n"
        "  as     = <<-SQL\n"
        "  CREATE PROCEDURE cleanup() LANGUAGE sql AS "
        "'DELETE FROM orders'\n"
        "  SQL\n"
        "}\n"
        "sequence \"order_seq\" {\n"
        "  schema    = schema.public\n"
        "  type      = bigint\n"
        "  start     = 100\n"
        "  increment = 10\n"
        "  max_value = 1000000\n"
        "  cache     = 5\n"
        "  cycle     = true\n"
        "}\n"
        "enum \"status\" {\n"
        "  schema = schema.public\n"
        "  values = [\"new\", \"shipped \\\"fast\\\"\"]\n"
        "}\n"
        "trigger \"orders_audit\" {\n"
        "  on = table.orders\n"
        "  as = <<-SQL\n"
        "  CREATE TRIGGER orders_audit AFTER INSERT ON "
        "orders\n"
        "  FOR EACH ROW EXECUTE FUNCTION audit()\n"
        "  SQL\n"
        "}\n"
        "schema \"public\" {\n"
        "  comment = \"standard public schema\"\n"
        "}\n";

static const char hcl_awkward[] =
        "table \"my \\\"t\\\"\\\\x\" {\n"
        "  schema = schema.main\n"
        "  column \"my col\" {\n"
        "    null    = false\n"
        "    type    = sql(\"character varying\")\n"
        "    default = \"$${x} %%{y} \\\\ \\\"q\\\"\"\n"
        "    comment = \"line1\\nline2\\t<b>&amp; \\u0001 \\u007F "
        "\\u2028 � end\"\n"
        "  }\n"
        "  column \"$${x}\" {\n"
        "    null = true\n"
        "    type = int\n"
        "  }\n"
        "  column \"true\" {\n"
        "    null = true\n"
        "    type = sql(\"\")\n"
        "  }\n"
        "  column \"ok_name\" {\n"
        "    null = true\n"
        "    type = sql(\"sql\")\n"
        "  }\n"
        "  primary_key {\n"
        "    columns = [column[\"my col\"]]\n"
        "  }\n"
        "  index \"idx <a&b>\" {\n"
        "    columns = [column[\"\\u0024{x}\"], column[\"true\"]]\n"
        "  }\n"
        "  check \"chk \\\"1\\\"\" {\n"
        "    expr = \"\\\"my col\\\" <> '%%{'\"\n"
        "  }\n"
        "}\n"
        "table \"名前\" {\n"
        "  schema = schema.main\n"
        "  column \"ключ\" {\n"
        "    null = false\n"
        "    type = integer\n"
        "  }\n"
        "  column \"ref\" {\n"
        "    null = true\n"
        "    type = text\n"
        "  }\n"
        "  column \"2fa\" {\n"
        "    null = true\n"
        "    type = int\n"
        "  }\n"
        "  primary_key {\n"
        "    columns = [column[\"ключ\"]]\n"
        "  }\n"
        "  foreign_key \"ref\" {\n"
        "    columns     = [column.ref]\n"
        "    ref_columns = [table[\"my \\\"t\\\"\\\\x\"].column[\"my "
        "col\"]]\n"
        "    on_update   = NO_ACTION\n"
        "    on_delete   = NO_ACTION\n"
        "  }\n"
        "  foreign_key \"fk 100% \\\"x\\\"\" {\n"
        "    columns     = [column[\"2fa\"]]\n"
        "    ref_columns = [table[\"名前\"].column[\"ключ\""
        "]]\n"
        "    on_update   = NO_ACTION\n"
        "    on_delete   = NO_ACTION\n"
        "  }\n"
        "}\n"
        "schema \"main\" {\n"
        "}\n";

static const char hcl_multi[] =
        "table \"auth\" \"users\" {\n"
        "  schema = schema.auth\n"
        "  column \"id\" {\n"
        "    null = false\n"
        "    type = uuid\n"
        "  }\n"
        "  primary_key {\n"
        "    columns = [column.id]\n"
        "  }\n"
        "}\n"
        "table \"blog\" \"users\" {\n"
        "  schema = schema.blog\n"
        "  column \"id\" {\n"
        "    null = false\n"
        "    type = uuid\n"
        "  }\n"
        "  column \"handle\" {\n"
        "    null = true\n"
        "    type = text\n"
        "  }\n"
        "  primary_key {\n"
        "    columns = [column.id]\n"
        "  }\n"
        "}\n"
        "table \"posts\" {\n"
        "  schema = schema.blog\n"
        "  column \"id\" {\n"
        "    null = false\n"
        "    type = bigint\n"
        "  }\n"
        "  column \"owner\" {\n"
        "    null = true\n"
        "    type = uuid\n"
        "  }\n"
        "  column \"author\" {\n"
        "    null = true\n"
        "    type = uuid\n"
        "  }\n"
        "  primary_key {\n"
        "    columns = [column.id]\n"
        "  }\n"
        "  foreign_key \"posts_owner_fkey\" {\n"
        "    columns     = [column.owner]\n"
        "    ref_columns = [table.auth.users.column.id]\n"
        "    on_update   = NO_ACTION\n"
        "    on_delete   = NO_ACTION\n"
        "  }\n"
        "  foreign_key \"posts_author_fkey\" {\n"
        "    columns     = [column.author]\n"
        "    ref_columns = [table.blog.users.column.id]\n"
        "    on_update   = NO_ACTION\n"
        "    on_delete   = NO_ACTION\n"
        "  }\n"
        "}\n"
        "schema \"auth\" {\n"
        "}\n"
        "schema \"blog\" {\n"
        "}\n";

static const char hcl_heredoc[] = "view \"closes\" {\n"
                                  "  schema = schema.main\n"
                                  "  as     = \"SELECT 1\\n  SQL\\n\"\n"
                                  "}\n"
                                  "view \"indented\" {\n"
                                  "  schema = schema.main\n"
                                  "  as     = \"  SELECT 1\\n  FROM t\"\n"
                                  "}\n"
                                  "view \"crlf\" {\n"
                                  "  schema = schema.main\n"
                                  "  as     = \"SELECT 1\\r\\nFROM t\"\n"
                                  "}\n"
                                  "view \"blanks\" {\n"
                                  "  schema = schema.main\n"
                                  "  as     = \"SELECT 1\\n \\t\\nFROM t\"\n"
                                  "}\n"
                                  "view \"blank\" {\n"
                                  "  schema = schema.main\n"
                                  "  as     = <<-SQL\n"
                                  "  SELECT '$${a}', \"\\\"\n"
                                  "\n"
                                  "  \tFROM t\n"
                                  "  SQL\n"
                                  "}\n"
                                  "schema \"main\" {\n"
                                  "}\n";

static const char hcl_empty[] = "schema \"main\" {\n"
                                "}\n";

static void test_schema_output_hcl__simple(void **state)
{
	(void)state;
	check(sm_write_hcl, realm_simple(), hcl_simple);
}

static void test_schema_output_hcl__columns(void **state)
{
	(void)state;
	check(sm_write_hcl, realm_columns(), hcl_columns);
}

static void test_schema_output_hcl__indexes(void **state)
{
	(void)state;
	check(sm_write_hcl, realm_indexes(), hcl_indexes);
}

static void test_schema_output_hcl__fks(void **state)
{
	(void)state;
	check(sm_write_hcl, realm_fks(), hcl_fks);
}

static void test_schema_output_hcl__objects(void **state)
{
	(void)state;
	check(sm_write_hcl, realm_objects(), hcl_objects);
}

static void test_schema_output_hcl__awkward(void **state)
{
	(void)state;
	check(sm_write_hcl, realm_awkward(), hcl_awkward);
}

static void test_schema_output_hcl__multi(void **state)
{
	(void)state;
	check(sm_write_hcl, realm_multi(), hcl_multi);
}

static void test_schema_output_hcl__heredoc(void **state)
{
	(void)state;
	check(sm_write_hcl, realm_heredoc(), hcl_heredoc);
}

static void test_schema_output_hcl__empty(void **state)
{
	(void)state;
	check(sm_write_hcl, realm_empty(), hcl_empty);
	check(sm_write_hcl, sm_realm_new("sqlite"), "");
}

/* ---- Mermaid --------------------------------------------------------- */

static const char mermaid_simple[] = "erDiagram\n"
                                     "    users {\n"
                                     "      integer id PK\n"
                                     "      text name\n"
                                     "    }\n";

static const char mermaid_columns[] = "erDiagram\n"
                                      "    items {\n"
                                      "      bigint id\n"
                                      "      varchar(255) name\n"
                                      "      decimal(10_2) price\n"
                                      "      double_precision ratio\n"
                                      "      timestamp(6) ts\n"
                                      "      text full\n"
                                      "      int twice\n"
                                      "      enum(_a___b_) code\n"
                                      "      int big\n"
                                      "    }\n";

static const char mermaid_fks[] = "erDiagram\n"
                                  "    users {\n"
                                  "      integer id PK\n"
                                  "      text email\n"
                                  "    }\n"
                                  "    posts {\n"
                                  "      integer id PK\n"
                                  "      integer author_id FK\n"
                                  "      text editor_email FK\n"
                                  "    }\n"
                                  "    posts }o--o| users : fk_author\n"
                                  "    posts }o--o| users : editor_email\n"
                                  "    post_tags {\n"
                                  "      integer post_id PK,FK\n"
                                  "      text tag PK\n"
                                  "    }\n"
                                  "    post_tags }o--o| posts : tags_post\n"
                                  "    profiles {\n"
                                  "      integer user_id PK,FK\n"
                                  "      text bio FK\n"
                                  "    }\n"
                                  "    profiles |o--o| users : profile_user\n"
                                  "    profiles }o--o| elsewhere : ext\n";

static const char mermaid_awkward[] =
        "erDiagram\n"
        "    my_20_22t_22_5Cx[\"my ＂t＂＼x\"] {\n"
        "      character_varying my_col PK\n"
        "      int __x_\n"
        "      any true\n"
        "      sql ok_name\n"
        "    }\n"
        "    _E5_90_8D_E5_89_8D[\"名前\"] {\n"
        "      integer ключ PK\n"
        "      text ref FK\n"
        "      int _2fa FK\n"
        "    }\n"
        "    _E5_90_8D_E5_89_8D }o--o| my_20_22t_22_5Cx : "
        "ref\n"
        "    _E5_90_8D_E5_89_8D }o--o| _E5_90_8D_E5_89_8D : "
        "\"fk 100％ ＂x＂\"\n";

static const char mermaid_multi[] =
        "erDiagram\n"
        "    auth_users[\"auth.users\"] {\n"
        "      uuid id PK\n"
        "    }\n"
        "    blog_users[\"blog.users\"] {\n"
        "      uuid id PK\n"
        "      text handle\n"
        "    }\n"
        "    blog_posts[\"blog.posts\"] {\n"
        "      bigint id PK\n"
        "      uuid owner FK\n"
        "      uuid author FK\n"
        "    }\n"
        "    blog_posts }o--o| auth_users : posts_owner_fkey\n"
        "    blog_posts }o--o| blog_users : "
        "posts_author_fkey\n";

static void test_schema_output_mermaid__simple(void **state)
{
	(void)state;
	check(sm_write_mermaid, realm_simple(), mermaid_simple);
}

static void test_schema_output_mermaid__columns(void **state)
{
	(void)state;
	check(sm_write_mermaid, realm_columns(), mermaid_columns);
}

static void test_schema_output_mermaid__fks(void **state)
{
	(void)state;
	check(sm_write_mermaid, realm_fks(), mermaid_fks);
}

static void test_schema_output_mermaid__awkward(void **state)
{
	(void)state;
	check(sm_write_mermaid, realm_awkward(), mermaid_awkward);
}

static void test_schema_output_mermaid__multi(void **state)
{
	(void)state;
	check(sm_write_mermaid, realm_multi(), mermaid_multi);
}

static void test_schema_output_mermaid__empty(void **state)
{
	(void)state;
	check(sm_write_mermaid, realm_empty(), "erDiagram\n");
	check(sm_write_mermaid, sm_realm_new("sqlite"), "erDiagram\n");
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test(test_schema_output_json__simple),
	cmocka_unit_test(test_schema_output_json__columns),
	cmocka_unit_test(test_schema_output_json__indexes),
	cmocka_unit_test(test_schema_output_json__fks),
	cmocka_unit_test(test_schema_output_json__objects),
	cmocka_unit_test(test_schema_output_json__awkward),
	cmocka_unit_test(test_schema_output_json__multi),
	cmocka_unit_test(test_schema_output_json__empty),
	cmocka_unit_test(test_schema_output_json__parse_awkward),
	cmocka_unit_test(test_schema_output_json__jq_foreign_keys),
	cmocka_unit_test(test_schema_output_json__escape_ascii),
	cmocka_unit_test(test_schema_output_json__escape_utf8),
	cmocka_unit_test(test_schema_output_json__all_parse),
	cmocka_unit_test(test_schema_output_hcl__simple),
	cmocka_unit_test(test_schema_output_hcl__columns),
	cmocka_unit_test(test_schema_output_hcl__indexes),
	cmocka_unit_test(test_schema_output_hcl__fks),
	cmocka_unit_test(test_schema_output_hcl__objects),
	cmocka_unit_test(test_schema_output_hcl__awkward),
	cmocka_unit_test(test_schema_output_hcl__multi),
	cmocka_unit_test(test_schema_output_hcl__heredoc),
	cmocka_unit_test(test_schema_output_hcl__empty),
	cmocka_unit_test(test_schema_output_mermaid__simple),
	cmocka_unit_test(test_schema_output_mermaid__columns),
	cmocka_unit_test(test_schema_output_mermaid__fks),
	cmocka_unit_test(test_schema_output_mermaid__awkward),
	cmocka_unit_test(test_schema_output_mermaid__multi),
	cmocka_unit_test(test_schema_output_mermaid__empty),
};

TEST_MAIN(tests)
