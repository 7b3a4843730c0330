/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/dialects/my_inspect_test.c: MySQL/MariaDB inspection against
 * the real server, field by field, and its fixed number of queries; the
 * planner's text without a server.
 */
#include "my_test.h"

#include "diff.h"

void test_my_inspect__features(void **state);
void test_my_inspect__query_count(void **state);
void test_my_inspect__partitions_sequences(void **state);
void test_my_plan__offline(void **state);

static sm_column *col(sm_table *t, const char *name)
{
	sm_column *c = sm_table_find_column(t, name);

	if (!c)
		fail_msg("no column %s", name);
	return c;
}

static const sm_index *index_named(const sm_table *t, const char *name)
{
	for (size_t i = 0; i < t->indexes.len; i++)
		if (!strcmp(t->indexes.items[i]->obj.name, name))
			return t->indexes.items[i];
	fail_msg("no index %s", name);
	return NULL;
}

static bool is_mariadb(dl_conn *c)
{
	char *v = my_test_value(c, "SELECT VERSION()");
	bool yes = strstr(v, "MariaDB") != NULL;

	free(v);
	return yes;
}

void test_my_inspect__features(void **state)
{
	char *server = my_test_server(), *url, *db;
	sm_realm *r = NULL;
	sm_schema *s;
	sm_table *t, *p;
	sm_column *c;
	const sm_index *ix;
	dl_conn *conn;
	bool maria;

	(void)state;
	db = my_test_db(server, "insp", &url);
	conn = my_test_open(url);
	maria = is_mariadb(conn);
	my_test_exec(
	        conn,
	        "CREATE TABLE `p``q` (id int unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY, "
	        "  code char(3) CHARACTER SET latin1 NOT NULL) ENGINE=MyISAM COMMENT='the parents' AUTO_INCREMENT=42;"
	        "CREATE TABLE t ("
	        "  id bigint(20) NOT NULL,"
	        "  pid bigint NULL,"
	        "  tiny tinyint(1) NOT NULL DEFAULT 0,"
	        "  amount decimal(10,2) unsigned zerofill DEFAULT 1.5,"
	        "  name varchar(40) COLLATE utf8mb4_bin NOT NULL DEFAULT 'it''s' COMMENT 'the name',"
	        "  kind enum('a','b''c') NOT NULL DEFAULT 'a',"
	        "  flags set('x','y') DEFAULT NULL,"
	        "  created timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,"
	        "  updated datetime(3) NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),"
	        "  expr_def int DEFAULT (1 + 2),"
	        "  doubled bigint AS (id * 2) VIRTUAL,"
	        "  stored_name varchar(50) AS (upper(name)) STORED,"
	        "  hidden int INVISIBLE DEFAULT 7,"
	        "  body text,"
	        "  pos int CHECK (pos > 0),"
	        "  PRIMARY KEY (id),"
	        "  UNIQUE KEY uq_name_kind (name(10), kind),"
	        "  KEY ix_desc (created DESC, id) COMMENT 'recent first',"
	        "  FULLTEXT KEY ft_body (body),"
	        "  CONSTRAINT fk_parent FOREIGN KEY (pid) REFERENCES t (id) ON DELETE SET NULL ON UPDATE CASCADE,"
	        "  CONSTRAINT positive CHECK (amount >= 0)"
	        ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;"
	        "CREATE TABLE parts (id int NOT NULL, PRIMARY KEY (id)) PARTITION BY RANGE (id) "
	        "(PARTITION p0 VALUES LESS THAN (10), PARTITION p1 VALUES LESS THAN MAXVALUE);"
	        "CREATE VIEW v AS SELECT id, name FROM t WHERE kind = 'a';"
	        "CREATE TRIGGER trg BEFORE INSERT ON t FOR EACH ROW BEGIN SET NEW.pos = 1; SET NEW.tiny = 1; END;"
	        "CREATE FUNCTION add1(x int) RETURNS int DETERMINISTIC RETURN x + 1;"
	        "CREATE PROCEDURE pr(IN a int) BEGIN SELECT a; END;");
	assert_int_equal(dl_inspect(&r, conn, NULL), 0);
	assert_string_equal(r->dialect, "mysql");
	assert_string_equal(r->scope, db);
	assert_int_equal(r->schemas.len, 1);
	s = r->schemas.items[0];
	assert_string_equal(s->obj.name, db);
	assert_string_equal(s->charset, "utf8mb4");
	assert_string_equal(s->collation, "utf8mb4_general_ci");
	assert_int_equal(s->tables.len, 3);
	p = sm_schema_find_table(s, "p`q");
	assert_non_null(p);
	assert_string_equal(sm_attr_get(&p->attrs, "engine"), "MyISAM");
	assert_string_equal(sm_attr_get(&p->attrs, "auto_increment"), "42");
	assert_string_equal(p->obj.comment, "the parents");
	c = col(p, "id");
	assert_string_equal(c->type,
	                    maria ? "int(10) unsigned" : "int unsigned");
	assert_true(c->auto_increment);
	assert_false(c->nullable);
	c = col(p, "code");
	assert_string_equal(c->charset, "latin1");
	assert_string_equal(c->collation, "latin1_swedish_ci");
	assert_string_equal(p->pk->parts.items[0].column, "id");

	t = sm_schema_find_table(s, "t");
	assert_non_null(t);
	assert_string_equal(t->charset, "utf8mb4");
	assert_string_equal(t->collation, "utf8mb4_general_ci");
	assert_null(sm_attr_get(&t->attrs, "auto_increment"));
	assert_int_equal(t->columns.len, 15);
	assert_string_equal(col(t, "id")->type,
	                    maria ? "bigint(20)" : "bigint");
	assert_string_equal(col(t, "tiny")->type, "tinyint(1)");
	assert_string_equal(col(t, "tiny")->default_expr, "0");
	c = col(t, "amount");
	assert_string_equal(c->type, "decimal(10,2) unsigned zerofill");
	assert_true(c->nullable);
	assert_non_null(c->default_expr);
	assert_int_equal(c->tclass, SM_T_DECIMAL);
	c = col(t, "name");
	assert_string_equal(c->collation, "utf8mb4_bin");
	assert_null(c->charset);
	assert_string_equal(c->default_expr, "'it''s'");
	assert_string_equal(c->obj.comment, "the name");
	c = col(t, "kind");
	assert_string_equal(c->type, "enum('a','b''c')");
	assert_int_equal(c->tclass, SM_T_ENUM);
	assert_string_equal(c->default_expr, "'a'");
	c = col(t, "flags");
	assert_string_equal(c->type, "set('x','y')");
	assert_null(c->default_expr);
	c = col(t, "created");
	assert_false(c->nullable);
	assert_true(ut_str_nieq(c->default_expr, "current_timestamp", 17));
	assert_null(c->on_update);
	c = col(t, "updated");
	assert_string_equal(c->type, "datetime(3)");
	assert_true(ut_str_nieq(c->default_expr, "current_timestamp(3)", 20));
	assert_true(ut_str_nieq(c->on_update, "current_timestamp(3)", 20));
	c = col(t, "expr_def");
	assert_string_equal(c->default_expr, "(1 + 2)");
	c = col(t, "doubled");
	assert_string_equal(c->generated, "`id` * 2");
	assert_false(c->generated_stored);
	assert_null(c->default_expr);
	c = col(t, "stored_name");
	assert_true(c->generated_stored);
	assert_string_equal(c->generated, "ucase(`name`)");
	c = col(t, "hidden");
	assert_true(c->invisible);
	assert_string_equal(c->default_expr, "7");
	assert_int_equal(col(t, "body")->tclass, SM_T_STRING);

	assert_non_null(t->pk);
	assert_string_equal(t->pk->parts.items[0].column, "id");
	ix = index_named(t, "uq_name_kind");
	assert_true(ix->unique);
	assert_int_equal(ix->parts.len, 2);
	assert_int_equal(ix->parts.items[0].prefix, 10);
	assert_string_equal(ix->parts.items[1].column, "kind");
	assert_int_equal(ix->parts.items[1].prefix, 0);
	ix = index_named(t, "ix_desc");
	assert_false(ix->unique);
	assert_true(ix->parts.items[0].desc);
	assert_false(ix->parts.items[1].desc);
	assert_string_equal(ix->obj.comment, "recent first");
	ix = index_named(t, "ft_body");
	assert_string_equal(ix->method, "FULLTEXT");
	assert_int_equal(t->fks.len, 1);
	assert_string_equal(t->fks.items[0]->obj.name, "fk_parent");
	assert_string_equal(t->fks.items[0]->ref_table, "t");
	assert_null(t->fks.items[0]->ref_schema);
	assert_string_equal(t->fks.items[0]->on_delete, "SET NULL");
	assert_string_equal(t->fks.items[0]->on_update, "CASCADE");
	assert_string_equal(t->fks.items[0]->columns.items[0], "pid");
	assert_string_equal(t->fks.items[0]->ref_columns.items[0], "id");
	/* checks: the table's, and on MariaDB the column's, named after it */
	{
		bool positive = false, pos = false;
		for (size_t i = 0; i < t->checks.len; i++) {
			const sm_check *ck = t->checks.items[i];
			if (!strcmp(ck->obj.name, "positive")) {
				positive = true;
				assert_string_equal(ck->expr,
				                    maria ? "`amount` >= 0"
				                          : "(`amount` >= 0)");
			}
			if (maria && !strcmp(ck->obj.name, "pos")) {
				pos = true;
				assert_string_equal(
				        sm_attr_get(&ck->attrs, "column"),
				        "pos");
			}
		}
		assert_true(positive);
		assert_true(pos || !maria);
	}
	assert_int_equal(t->triggers.len, 1);
	/* the head in one spelling, the body as written */
	assert_string_equal(
	        t->triggers.items[0]->def,
	        "CREATE TRIGGER `trg` BEFORE INSERT ON `t` FOR EACH ROW BEGIN SET NEW.pos = 1; SET NEW.tiny = 1; END");

	t = sm_schema_find_table(s, "parts");
	assert_non_null(t);
	assert_string_equal(
	        sm_attr_get(&t->attrs, "partition"),
	        "PARTITION BY RANGE (`id`)\n(PARTITION `p0` VALUES LESS THAN (10),\n PARTITION `p1` VALUES LESS THAN MAXVALUE)");

	assert_int_equal(s->views.len, 1);
	assert_string_equal(
	        s->views.items[0]->def,
	        "CREATE VIEW `v` AS select `t`.`id` AS `id`,`t`.`name` AS `name` from `t` where `t`.`kind` = 'a'");
	assert_int_equal(s->views.items[0]->columns.len, 2);
	assert_int_equal(s->functions.len, 2);
	assert_string_equal(s->functions.items[0]->obj.name, "add1");
	assert_false(s->functions.items[0]->procedure);
	assert_string_equal(
	        s->functions.items[0]->def,
	        "CREATE FUNCTION `add1`(x int) RETURNS int(11)\n    DETERMINISTIC\nRETURN x + 1");
	assert_true(s->functions.items[1]->procedure);
	assert_null(strstr(s->functions.items[1]->def, "DEFINER"));
	sm_realm_free(r);
	dl_close(conn);
	my_test_drop_db(server, db);
	free(db);
	free(url);
	free(server);
}

static int second_row(const char *const *v, size_t n, void *payload)
{
	int64_t *out = payload;

	if (n > 1 && v[1])
		ut_str_to_i64(out, v[1]);
	return 0;
}

/* Statements this session sent so far (the server counts them). */
static int64_t questions(dl_conn *c)
{
	int64_t n = -1;

	assert_int_equal(c->drv->query(c,
	                               "SHOW SESSION STATUS LIKE 'Questions'",
	                               NULL, 0, second_row, &n),
	                 0);
	return n;
}

static int64_t inspect_cost(dl_conn *c)
{
	sm_realm *r = NULL;
	int64_t before = questions(c), after;

	assert_int_equal(dl_inspect(&r, c, NULL), 0);
	after = questions(c);
	sm_realm_free(r);
	/* minus the SHOW STATUS itself */
	return after - before - 1;
}

/* The same number of queries for 2 tables and for 40. */
void test_my_inspect__query_count(void **state)
{
	char *server = my_test_server(), *url, *db;
	ut_buf sql = UT_BUF_INIT;
	dl_conn *conn;
	int64_t small, big;

	(void)state;
	db = my_test_db(server, "qcount", &url);
	conn = my_test_open(url);
	my_test_exec(
	        conn,
	        "CREATE TABLE a (id int PRIMARY KEY, b int, KEY (b));"
	        "CREATE TABLE b (id int PRIMARY KEY, a int REFERENCES a (id));");
	small = inspect_cost(conn);
	for (int i = 0; i < 40; i++)
		ut_buf_printf(
		        &sql,
		        "CREATE TABLE t%d (id int PRIMARY KEY, x varchar(10), "
		        "CONSTRAINT c%d CHECK (id > 0), KEY (x), "
		        "FOREIGN KEY (id) REFERENCES a (id));",
		        i, i);
	my_test_exec(conn, sql.ptr);
	big = inspect_cost(conn);
	assert_true(small > 0);
	assert_true(small <= 20);
	assert_int_equal(small, big);
	dl_close(conn);
	my_test_drop_db(server, db);
	ut_buf_release(&sql);
	free(db);
	free(url);
	free(server);
}

static const sm_sequence *sequence_named(const sm_schema *s, const char *n)
{
	for (size_t i = 0; i < s->sequences.len; i++)
		if (!strcmp(s->sequences.items[i]->obj.name, n))
			return s->sequences.items[i];
	fail_msg("no sequence %s", n);
	return NULL;
}

/*
 * Subpartitions (by number while the server named them, else by name),
 * HASH partitions by name, the order of triggers, and on MariaDB
 * sequences: options in one query whatever their number, and defaults
 * naming one without the schema.
 */
void test_my_inspect__partitions_sequences(void **state)
{
	char *server = my_test_server(), *url, *db;
	sm_realm *r = NULL;
	sm_schema *s;
	sm_table *t;
	dl_conn *conn;
	const sm_sequence *sq;
	ut_buf sql = UT_BUF_INIT;
	int64_t few, many;

	(void)state;
	db = my_test_db(server, "parts", &url);
	conn = my_test_open(url);
	my_test_exec(
	        conn,
	        "CREATE TABLE sub (id int NOT NULL, y int NOT NULL, PRIMARY KEY (id, y))"
	        " PARTITION BY RANGE (y) SUBPARTITION BY HASH (id) SUBPARTITIONS 2"
	        " (PARTITION p0 VALUES LESS THAN (2000), PARTITION p1 VALUES LESS THAN MAXVALUE);"
	        "CREATE TABLE named (id int NOT NULL, y int NOT NULL, PRIMARY KEY (id, y))"
	        " PARTITION BY LIST (y) SUBPARTITION BY KEY (id)"
	        " (PARTITION a VALUES IN (1) (SUBPARTITION a1, SUBPARTITION a2),"
	        "  PARTITION b VALUES IN (2, 3) (SUBPARTITION b1, SUBPARTITION b2));"
	        "CREATE TABLE h (id int NOT NULL PRIMARY KEY) PARTITION BY HASH (id) (PARTITION even, PARTITION odd);"
	        "CREATE TABLE tr (a int);"
	        "CREATE TRIGGER two BEFORE INSERT ON tr FOR EACH ROW SET NEW.a = 2;"
	        "CREATE TRIGGER one BEFORE INSERT ON tr FOR EACH ROW PRECEDES two SET NEW.a = 1;");
	assert_int_equal(dl_inspect(&r, conn, NULL), 0);
	s = r->schemas.items[0];
	t = sm_schema_find_table(s, "sub");
	assert_string_equal(
	        sm_attr_get(&t->attrs, "partition"),
	        "PARTITION BY RANGE (`y`)\nSUBPARTITION BY HASH (`id`)\nSUBPARTITIONS 2\n"
	        "(PARTITION `p0` VALUES LESS THAN (2000),\n PARTITION `p1` VALUES LESS THAN MAXVALUE)");
	t = sm_schema_find_table(s, "named");
	assert_string_equal(
	        sm_attr_get(&t->attrs, "partition"),
	        "PARTITION BY LIST (`y`)\nSUBPARTITION BY KEY (`id`)\n"
	        "(PARTITION `a` VALUES IN (1)\n (SUBPARTITION `a1`,\n  SUBPARTITION `a2`),\n"
	        " PARTITION `b` VALUES IN (2,3)\n (SUBPARTITION `b1`,\n  SUBPARTITION `b2`))");
	t = sm_schema_find_table(s, "h");
	assert_string_equal(sm_attr_get(&t->attrs, "partition"),
	                    "PARTITION BY HASH (`id`)\n"
	                    "(PARTITION `even`,\n PARTITION `odd`)");
	t = sm_schema_find_table(s, "tr");
	assert_int_equal(t->triggers.len, 2);
	assert_string_equal(t->triggers.items[0]->obj.name, "one");
	assert_null(sm_attr_get(&t->triggers.items[0]->attrs, "order"));
	assert_string_equal(sm_attr_get(&t->triggers.items[1]->attrs, "order"),
	                    "2");
	sm_realm_free(r);
	r = NULL;

	if (is_mariadb(conn)) {
		my_test_exec(
		        conn,
		        "CREATE SEQUENCE s1;"
		        "CREATE SEQUENCE s2 START WITH 100 MINVALUE 10 MAXVALUE 1000 INCREMENT BY -5 NOCACHE CYCLE ENGINE=Aria COMMENT='two';"
		        "CREATE TABLE ts (id bigint NOT NULL DEFAULT (NEXT VALUE FOR s1));");
		assert_int_equal(dl_inspect(&r, conn, NULL), 0);
		s = r->schemas.items[0];
		assert_int_equal(s->sequences.len, 2);
		assert_null(sm_schema_find_table(s, "s1"));
		sq = sequence_named(s, "s1");
		assert_int_equal(sq->start, 1);
		assert_int_equal(sq->min, 1);
		assert_int_equal(sq->max, INT64_C(9223372036854775806));
		assert_int_equal(sq->cache, 1000);
		assert_false(sq->cycle);
		assert_null(sm_attr_get(&sq->attrs, "engine"));
		sq = sequence_named(s, "s2");
		assert_int_equal(sq->start, 100);
		assert_int_equal(sq->min, 10);
		assert_int_equal(sq->max, 1000);
		assert_int_equal(sq->increment, -5);
		assert_int_equal(sq->cache, 0);
		assert_true(sq->cycle);
		assert_string_equal(sm_attr_get(&sq->attrs, "engine"), "Aria");
		assert_string_equal(sq->obj.comment, "two");
		/* the database's own name is left out */
		t = sm_schema_find_table(s, "ts");
		assert_string_equal(col(t, "id")->default_expr,
		                    "nextval(`s1`)");
		sm_realm_free(r);
		r = NULL;
		few = inspect_cost(conn);
		for (int i = 0; i < 20; i++)
			ut_buf_printf(&sql, "CREATE SEQUENCE q%d;", i);
		my_test_exec(conn, sql.ptr);
		many = inspect_cost(conn);
		assert_int_equal(few, many);
	}
	dl_close(conn);
	my_test_drop_db(server, db);
	ut_buf_release(&sql);
	free(db);
	free(url);
	free(server);
}

/* Text of the plan without a server: quoting, comments, delimiter. */
void test_my_plan__offline(void **state)
{
	const dl_driver *drv = dl_find("mysql");
	sm_realm *empty = sm_realm_new("mysql"), *r = sm_realm_new("mysql");
	sm_schema *s;
	sm_table *t, *u;
	sm_column *c;
	sm_index *ix;
	sm_foreign_key *fk;
	sm_changes *ch = NULL;
	dl_plan *plan = NULL;
	dl_plan_opts po = { 0 };
	sm_diff_opts dopts = { 0 };
	const dl_stmt *st;

	(void)state;
	sm_schema_add(empty, "app");
	s = sm_schema_add(r, "app");
	/* two tables referencing each other: a cycle */
	t = sm_table_add(r, s, "we`ird");
	t->charset = "utf8mb4";
	t->collation = "utf8mb4_bin";
	c = sm_column_add(r, t, "id", "int");
	c->nullable = false;
	c->auto_increment = true;
	c = sm_column_add(r, t, "u_id", "int");
	c->nullable = true;
	c = sm_column_add(r, t, "note", "varchar(20)");
	c->nullable = false;
	c->default_expr = "'x'";
	c->obj.comment = "it's";
	ix = sm_pk_set(r, t, "PRIMARY");
	sm_index_add_column(r, ix, "id", false);
	ix = sm_index_add(r, t, "by_note");
	sm_index_add_column(r, ix, "note", true);
	ix->parts.items[0].prefix = 5;
	u = sm_table_add(r, s, "u");
	c = sm_column_add(r, u, "id", "int");
	c->nullable = false;
	c = sm_column_add(r, u, "w_id", "int");
	c->nullable = false;
	c->default_expr = "rand()";
	ix = sm_pk_set(r, u, "PRIMARY");
	sm_index_add_column(r, ix, "id", false);
	fk = sm_fk_add(r, t, "t_u");
	sm_strs_add(r, &fk->columns, "u_id");
	fk->ref_table = "u";
	sm_strs_add(r, &fk->ref_columns, "id");
	fk->on_delete = "CASCADE";
	fk->on_update = NULL;
	fk = sm_fk_add(r, u, "u_t");
	sm_strs_add(r, &fk->columns, "w_id");
	fk->ref_table = "we`ird";
	sm_strs_add(r, &fk->ref_columns, "id");
	fk->on_delete = NULL;
	fk->on_update = NULL;
	sm_trigger_add(
	        r, &u->obj, "tr",
	        "CREATE TRIGGER `tr` BEFORE INSERT ON `u` FOR EACH ROW BEGIN SET NEW.id = 1; END");
	assert_int_equal(sm_diff(&ch, empty, r, &dopts), 0);
	assert_int_equal(drv->plan(&plan, NULL, ch, &po), 0);
	assert_false(plan->transactional);
	assert_non_null(plan->delimiter);
	assert_int_equal(plan->stmts.len, 4);
	st = &plan->stmts.items[0];
	assert_string_equal(st->comment, "create \"we`ird\" table");
	assert_string_equal(
	        st->sql,
	        "CREATE TABLE `we``ird` (`id` int NOT NULL AUTO_INCREMENT, `u_id` int NULL, "
	        "`note` varchar(20) NOT NULL DEFAULT 'x' COMMENT 'it''s', PRIMARY KEY (`id`), "
	        "INDEX `by_note` (`note`(5) DESC)) CHARSET utf8mb4 COLLATE utf8mb4_bin");
	assert_string_equal(st->reverse, "DROP TABLE `we``ird`");
	st = &plan->stmts.items[1];
	assert_string_equal(st->comment, "create \"u\" table");
	assert_string_equal(
	        st->sql,
	        "CREATE TABLE `u` (`id` int NOT NULL, `w_id` int NOT NULL DEFAULT (rand()), "
	        "PRIMARY KEY (`id`), CONSTRAINT `u_t` FOREIGN KEY (`w_id`) REFERENCES `we``ird` (`id`))");
	st = &plan->stmts.items[2];
	assert_string_equal(st->comment, "modify \"we`ird\" table");
	assert_string_equal(
	        st->sql,
	        "ALTER TABLE `we``ird` ADD CONSTRAINT `t_u` FOREIGN KEY (`u_id`) REFERENCES `u` (`id`) ON DELETE CASCADE");
	st = &plan->stmts.items[3];
	assert_string_equal(st->comment, "create \"tr\" trigger");
	assert_non_null(strstr(st->sql, "SET NEW.id = 1;"));
	for (size_t i = 0; i < plan->stmts.len; i++)
		assert_null(strstr(plan->stmts.items[i].sql, plan->delimiter));
	dl_plan_free(plan);
	sm_changes_free(ch);
	/* qualified: names carry the schema */
	po.qualify = true;
	assert_int_equal(sm_diff(&ch, empty, r, &dopts), 0);
	assert_int_equal(drv->plan(&plan, NULL, ch, &po), 0);
	assert_true(ut_str_prefix(plan->stmts.items[0].sql,
	                          "CREATE TABLE `app`.`we``ird` ("));
	assert_non_null(strstr(plan->stmts.items[3].sql,
	                       "CREATE TRIGGER `app`.`tr` BEFORE"));
	dl_plan_free(plan);
	sm_changes_free(ch);
	sm_realm_free(r);
	sm_realm_free(empty);
}
