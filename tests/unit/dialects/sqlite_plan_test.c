/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/dialects/sqlite_plan_test.c: the SQLite planner against a
 * real SQLite. Hand-built changes pin the exact SQL and the rebuild's
 * data guarantees; round trips (from SQL -> inspect -> diff -> plan ->
 * execute -> inspect -> diff against the target must be empty) cover the
 * change kinds through the whole pipeline.
 */
#include "test.h"

#include "diff.h"
#include "driver.h"
#include "schema.h"
#include "ut.h"

/* ---- helpers ---------------------------------------------------------- */

static int db_seq;

static dl_conn *db_open(void)
{
	char url[96];
	dl_conn *c = NULL;

	snprintf(url, sizeof(url), "sqlite://plan_test_%d?mode=memory&_fk=1",
	         ++db_seq);
	assert_int_equal(dl_open(&c, url), 0);
	return c;
}

static void db_exec(dl_conn *c, const char *sql)
{
	int error = dl_exec(c, sql);
	if (error < 0)
		fail_msg("exec failed: %s\n%s", ut_error_last()->msg, sql);
}

static int text_row(const char *const *vals, size_t n, void *payload)
{
	ut_buf *b = payload;

	for (size_t i = 0; i < n; i++) {
		if (i)
			ut_buf_putc(b, '|');
		ut_buf_puts(b, vals[i] ? vals[i] : "NULL");
	}
	ut_buf_putc(b, '\n');
	return 0;
}

/* The rows of a query as "a|b\n" lines; the caller frees the result. */
static char *db_rows(dl_conn *c, const char *sql)
{
	ut_buf b = UT_BUF_INIT;
	int error = c->drv->query(c, sql, NULL, 0, text_row, &b);

	if (error < 0)
		fail_msg("query failed: %s\n%s", ut_error_last()->msg, sql);
	return ut_buf_detach(&b);
}

static void assert_rows(dl_conn *c, const char *sql, const char *want)
{
	char *got = db_rows(c, sql);
	assert_string_equal(got, want);
	free(got);
}

/*
 * Runs a plan as the apply layer does: outside_tx statements outside any
 * transaction, the others in one; PRAGMA foreign_key_check fails the
 * transaction when it returns a row.
 */
static int run_plan(dl_conn *c, const dl_plan *plan)
{
	bool in_tx = false;
	int error = 0;

	for (size_t i = 0; i < plan->stmts.len && !error; i++) {
		const dl_stmt *s = &plan->stmts.items[i];
		if (s->outside_tx && in_tx) {
			error = c->drv->commit(c);
			in_tx = false;
		} else if (!s->outside_tx && !in_tx) {
			error = c->drv->begin(c);
			in_tx = true;
		}
		if (error)
			break;
		if (ut_str_prefix(s->sql, "PRAGMA foreign_key_check")) {
			char *rows = db_rows(c, s->sql);
			if (rows[0])
				error = ut_error_set(
				        UT_EDB, "foreign key violations:\n%s",
				        rows);
			free(rows);
		} else {
			error = dl_exec(c, s->sql);
			if (error)
				ut_error_wrap("statement %zu", i);
		}
	}
	if (in_tx) {
		if (error)
			c->drv->rollback(c);
		else
			error = c->drv->commit(c);
	}
	return error;
}

static void run_plan_ok(dl_conn *c, const dl_plan *plan)
{
	if (run_plan(c, plan) < 0) {
		ut_buf b = UT_BUF_INIT;
		for (size_t i = 0; i < plan->stmts.len; i++)
			ut_buf_printf(&b, "%zu: %s;\n", i,
			              plan->stmts.items[i].sql);
		fail_msg("plan failed: %s\n%s", ut_error_last()->msg, b.ptr);
	}
}

/* The plan as "sql;\n" lines, for exact comparisons. */
static char *plan_text(const dl_plan *plan)
{
	ut_buf b = UT_BUF_INIT;

	for (size_t i = 0; i < plan->stmts.len; i++)
		ut_buf_printf(&b, "%s;\n", plan->stmts.items[i].sql);
	return ut_buf_detach(&b);
}

static char *plan_comments(const dl_plan *plan)
{
	ut_buf b = UT_BUF_INIT;

	for (size_t i = 0; i < plan->stmts.len; i++)
		ut_buf_printf(&b, "%s\n",
		              plan->stmts.items[i].comment
		                      ? plan->stmts.items[i].comment
		                      : "-");
	return ut_buf_detach(&b);
}

static bool plan_has(const dl_plan *plan, const char *needle)
{
	for (size_t i = 0; i < plan->stmts.len; i++)
		if (strstr(plan->stmts.items[i].sql, needle))
			return true;
	return false;
}

/* ---- hand-built changes ----------------------------------------------- */

static sm_changes *changes_new(void)
{
	sm_changes *c = ut_xcalloc(1, sizeof(*c));
	ut_arena_init(&c->arena);
	return c;
}

static sm_change *change_add(sm_changes *cs, sm_change_vec *v, sm_op op,
                             sm_kind kind, const void *from, const void *to,
                             unsigned mask)
{
	sm_change *ch = ut_arena_alloc(&cs->arena, sizeof(*ch));
	ch->op = op;
	ch->kind = kind;
	ch->from = from;
	ch->to = to;
	ch->mask = mask;
	ut_vec_apush(&cs->arena, v, ch);
	return ch;
}

static dl_plan *plan_of(const sm_changes *cs, const dl_plan_opts *o)
{
	dl_plan *plan = NULL;
	const dl_driver *drv = dl_find("sqlite");
	int error = drv->plan(&plan, NULL, cs, o);

	if (error < 0)
		fail_msg("plan: %s", ut_error_last()->msg);
	assert_non_null(plan);
	return plan;
}

static sm_column *col(sm_realm *r, sm_table *t, const char *name,
                      const char *type, bool nullable, const char *dflt)
{
	sm_column *c = sm_column_add(r, t, name, type);
	c->nullable = nullable;
	c->default_expr = sm_strdup(r, dflt);
	return c;
}

/* users(id AUTOINCREMENT, name varchar(255) NOT NULL ...) with everything */
static sm_table *users_table(sm_realm *r, sm_schema *s)
{
	sm_table *t = sm_table_add(r, s, "users");
	sm_column *id = col(r, t, "id", "integer", true, NULL);
	sm_column *c;
	sm_index *ix;
	sm_foreign_key *fk;

	id->auto_increment = true;
	col(r, t, "name", "varchar(255)", false, "'anon'");
	c = col(r, t, "email", "text", true, NULL);
	c->collation = "NOCASE";
	col(r, t, "created", "datetime", false, "CURRENT_TIMESTAMP");
	col(r, t, "score", "decimal(10,2)", true, "1+1");
	c = col(r, t, "double", "int", true, NULL);
	c->generated = "score * 2";
	c->generated_stored = true;
	col(r, t, "team_id", "int", true, NULL);
	col(r, t, "team_code", "text", true, NULL);
	sm_index_add_column(r, sm_pk_set(r, t, ""), "id", false);
	ix = sm_index_add(r, t, "uq_email");
	ix->unique = ix->constraint = true;
	sm_index_add_column(r, ix, "email", false);
	ix = sm_index_add(r, t, "sqlite_autoindex_users_2");
	ix->unique = ix->constraint = ix->auto_named = true;
	sm_index_add_column(r, ix, "name", false);
	sm_index_add_column(r, ix, "team_id", false);
	sm_check_add(r, t, "ck_score", "score >= 0");
	sm_check_add(r, t, "", "length(name) > 0");
	fk = sm_fk_add(r, t, "fk_team");
	sm_strs_add(r, &fk->columns, "team_id");
	sm_strs_add(r, &fk->columns, "team_code");
	fk->ref_table = "teams";
	sm_strs_add(r, &fk->ref_columns, "id");
	sm_strs_add(r, &fk->ref_columns, "code");
	fk->on_delete = "CASCADE";
	fk->deferrable = "DEFERRABLE INITIALLY DEFERRED";
	ix = sm_index_add(r, t, "idx_name_desc");
	sm_index_add_column(r, ix, "name", true);
	ix = sm_index_add(r, t, "idx_lower");
	ix->unique = true;
	sm_index_add_expr(r, ix, "lower(email)", false);
	ix->where = "email IS NOT NULL";
	return t;
}

static void test_sqlite_plan__create_table(void **state)
{
	sm_realm *r = sm_realm_new("sqlite");
	sm_schema *s = sm_schema_add(r, "main");
	sm_table *teams = sm_table_add(r, s, "teams");
	sm_table *users;
	sm_changes *cs = changes_new();
	dl_plan *plan;
	dl_conn *c = db_open();
	char *text, *cmts;

	(void)state;
	col(r, teams, "id", "int", false, NULL);
	col(r, teams, "code", "text", false, NULL);
	sm_index_add_column(r, sm_pk_set(r, teams, "pk_teams"), "id", false);
	sm_index_add_column(r, teams->pk, "code", true);
	sm_attr_set(r, &teams->attrs, "without_rowid", "");
	sm_attr_set(r, &teams->attrs, "strict", "");
	users = users_table(r, s);
	change_add(cs, &cs->items, SM_OP_ADD, SM_SCHEMA, NULL, s, 0);
	change_add(cs, &cs->items, SM_OP_ADD, SM_TABLE, NULL, teams, 0);
	change_add(cs, &cs->items, SM_OP_ADD, SM_TABLE, NULL, users, 0);

	plan = plan_of(cs, NULL);
	assert_true(plan->transactional);
	text = plan_text(plan);
	assert_string_equal(
	        text,
	        "CREATE TABLE `teams` (\n"
	        "  `id` int NOT NULL,\n"
	        "  `code` text NOT NULL,\n"
	        "  CONSTRAINT `pk_teams` PRIMARY KEY (`id`, `code` DESC)\n"
	        ") WITHOUT ROWID, STRICT;\n"
	        "CREATE TABLE `users` (\n"
	        "  `id` integer NULL PRIMARY KEY AUTOINCREMENT,\n"
	        "  `name` varchar(255) NOT NULL DEFAULT 'anon',\n"
	        "  `email` text NULL COLLATE NOCASE,\n"
	        "  `created` datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,\n"
	        "  `score` decimal(10,2) NULL DEFAULT (1+1),\n"
	        "  `double` int NULL GENERATED ALWAYS AS (score * 2) STORED,\n"
	        "  `team_id` int NULL,\n"
	        "  `team_code` text NULL,\n"
	        "  CONSTRAINT `uq_email` UNIQUE (`email`),\n"
	        "  UNIQUE (`name`, `team_id`),\n"
	        "  CONSTRAINT `ck_score` CHECK (score >= 0),\n"
	        "  CHECK (length(name) > 0),\n"
	        "  CONSTRAINT `fk_team` FOREIGN KEY (`team_id`, `team_code`) REFERENCES `teams` (`id`, `code`) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED\n"
	        ");\n"
	        "CREATE INDEX `idx_name_desc` ON `users` (`name` DESC);\n"
	        "CREATE UNIQUE INDEX `idx_lower` ON `users` (lower(email)) WHERE email IS NOT NULL;\n");
	cmts = plan_comments(plan);
	assert_string_equal(
	        cmts, "create \"teams\" table\n"
	              "create \"users\" table\n"
	              "create index \"idx_name_desc\" to table: \"users\"\n"
	              "create index \"idx_lower\" to table: \"users\"\n");
	assert_string_equal(plan->stmts.items[1].reverse, "DROP TABLE `users`");
	assert_string_equal(plan->stmts.items[3].reverse,
	                    "DROP INDEX `idx_lower`");
	for (size_t i = 0; i < plan->stmts.len; i++)
		assert_false(plan->stmts.items[i].outside_tx);

	/* SQLite takes every statement, and keeps what matters */
	run_plan_ok(c, plan);
	assert_rows(
	        c,
	        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name = 'sqlite_sequence'",
	        "sqlite_sequence\n");
	assert_rows(
	        c,
	        "SELECT wr, strict FROM pragma_table_list WHERE name = 'teams'",
	        "1|1\n");
	db_exec(c,
	        "INSERT INTO teams VALUES (1, 'abc');"
	        "INSERT INTO users (name, email, score, team_id, team_code) VALUES ('a', 'A@x', 2, 1, 'abc')");
	assert_rows(c, "SELECT id, double, created IS NOT NULL FROM users",
	            "1|4|1\n");
	assert_int_equal(
	        dl_exec(c,
	                "INSERT INTO users (name, email, score) VALUES ('b', 'a@X', 1)"),
	        UT_EDB); /* NOCASE unique */
	assert_int_equal(
	        dl_exec(c, "INSERT INTO users (name, score) VALUES ('', 1)"),
	        UT_EDB); /* unnamed check */

	free(text);
	free(cmts);
	dl_plan_free(plan);
	dl_close(c);
	sm_changes_free(cs);
	sm_realm_free(r);
}

/* dump mode and the qualifier produce the same statements, qualified */
static void test_sqlite_plan__qualified(void **state)
{
	sm_realm *r = sm_realm_new("sqlite");
	sm_schema *s = sm_schema_add(r, "main");
	sm_table *t = sm_table_add(r, s, "t");
	sm_changes *cs = changes_new();
	dl_plan_opts o = { 0 };
	dl_plan *plan;
	dl_conn *c = db_open();
	sm_index *ix;
	char *text;

	(void)state;
	col(r, t, "a", "int", true, NULL);
	ix = sm_index_add(r, t, "i");
	sm_index_add_column(r, ix, "a", false);
	change_add(cs, &cs->items, SM_OP_ADD, SM_TABLE, NULL, t, 0);
	o.qualify = true;
	o.dump = true;
	plan = plan_of(cs, &o);
	text = plan_text(plan);
	assert_string_equal(text,
	                    "CREATE TABLE `main`.`t` (\n  `a` int NULL\n);\n"
	                    "CREATE INDEX `main`.`i` ON `t` (`a`);\n");
	run_plan_ok(c, plan);
	assert_rows(c, "SELECT name FROM sqlite_schema ORDER BY name",
	            "i\nt\n");
	free(text);
	dl_plan_free(plan);
	dl_close(c);
	sm_changes_free(cs);
	sm_realm_free(r);
}

/*
 * The rebuild keeps every row: parent p (AUTOINCREMENT, highest ids
 * deleted before), child c with ON DELETE CASCADE to p (FK enforcement
 * on), a view and a trigger on p. Changing a column type of p rebuilds
 * it; afterwards rows, sqlite_sequence, the view and the trigger are as
 * before and the next id continues after the old maximum.
 */
static const char *const keep_sql =
        "CREATE TABLE p (id integer PRIMARY KEY AUTOINCREMENT, name varchar(10) NOT NULL);"
        "CREATE TABLE c (id integer PRIMARY KEY, p_id int REFERENCES p (id) ON DELETE CASCADE, note text);"
        "CREATE INDEX p_name ON p (name);"
        "CREATE VIEW pv AS SELECT p.name, c.note FROM p JOIN c ON c.p_id = p.id;"
        "CREATE TABLE log (msg text);"
        "CREATE TRIGGER p_ins AFTER INSERT ON p BEGIN INSERT INTO log VALUES ('ins ' || new.name); END;"
        "INSERT INTO p (name) VALUES ('a'), ('b'), ('c'), ('d'), ('e');"
        "INSERT INTO c (p_id, note) VALUES (1, 'x'), (2, 'y'), (2, 'z');"
        "DELETE FROM p WHERE id IN (4, 5);"
        "DELETE FROM log;";

static void keep_realms(sm_realm **from_out, sm_realm **to_out)
{
	sm_realm *rs[2];

	for (int k = 0; k < 2; k++) {
		sm_realm *r = sm_realm_new("sqlite");
		sm_schema *s = sm_schema_add(r, "main");
		sm_table *p = sm_table_add(r, s, "p");
		sm_table *c = sm_table_add(r, s, "c");
		sm_table *log = sm_table_add(r, s, "log");
		sm_foreign_key *fk;
		sm_index *ix;

		col(r, p, "id", "integer", true, NULL)->auto_increment = true;
		col(r, p, "name", k ? "varchar(20)" : "varchar(10)", false,
		    NULL);
		sm_index_add_column(r, sm_pk_set(r, p, ""), "id", false);
		ix = sm_index_add(r, p, "p_name");
		sm_index_add_column(r, ix, "name", false);
		sm_trigger_add(
		        r, &p->obj, "p_ins",
		        "CREATE TRIGGER p_ins AFTER INSERT ON p BEGIN INSERT INTO log VALUES ('ins ' || new.name); END");
		col(r, c, "id", "integer", true, NULL);
		col(r, c, "p_id", "int", true, NULL);
		col(r, c, "note", "text", true, NULL);
		sm_index_add_column(r, sm_pk_set(r, c, ""), "id", false);
		fk = sm_fk_add(r, c, "");
		sm_strs_add(r, &fk->columns, "p_id");
		fk->ref_table = "p";
		sm_strs_add(r, &fk->ref_columns, "id");
		fk->on_delete = "CASCADE";
		col(r, log, "msg", "text", true, NULL);
		sm_view_add(
		        r, s, "pv",
		        "CREATE VIEW pv AS SELECT p.name, c.note FROM p JOIN c ON c.p_id = p.id");
		rs[k] = r;
	}
	*from_out = rs[0];
	*to_out = rs[1];
}

static void test_sqlite_plan__rebuild_keeps_rows(void **state)
{
	sm_realm *from, *to;
	sm_table *fp, *tp;
	sm_changes *cs = changes_new();
	sm_change *m;
	dl_plan *plan;
	dl_conn *c = db_open();
	char *cmts, *before_p, *before_c;

	(void)state;
	db_exec(c, keep_sql);
	before_p = db_rows(c, "SELECT * FROM p ORDER BY id");
	before_c = db_rows(c, "SELECT * FROM c ORDER BY id");
	assert_string_equal(before_p, "1|a\n2|b\n3|c\n");
	assert_rows(c, "SELECT seq FROM sqlite_sequence WHERE name = 'p'",
	            "5\n");

	keep_realms(&from, &to);
	fp = from->schemas.items[0]->tables.items[0];
	tp = to->schemas.items[0]->tables.items[0];
	m = change_add(cs, &cs->items, SM_OP_MODIFY, SM_TABLE, fp, tp, 0);
	change_add(cs, &m->subs, SM_OP_MODIFY, SM_COLUMN, fp->columns.items[1],
	           tp->columns.items[1], SM_CHG_TYPE);
	plan = plan_of(cs, NULL);
	cmts = plan_comments(plan);
	assert_string_equal(
	        cmts,
	        "disable the enforcement of foreign-keys constraints\n"
	        "drop trigger \"p_ins\"\n"
	        "drop \"pv\" view\n"
	        "create \"new_p\" table\n"
	        "copy rows from old table \"p\" to new temporary table \"new_p\"\n"
	        "reset the AUTOINCREMENT counter of \"new_p\" before taking over the one of \"p\"\n"
	        "copy the AUTOINCREMENT counter of \"p\" to \"new_p\"\n"
	        "drop \"p\" table after copying rows\n"
	        "rename temporary table \"new_p\" to \"p\"\n"
	        "create index \"p_name\" to table: \"p\"\n"
	        "create \"pv\" view\n"
	        "create trigger \"p_ins\"\n"
	        "check that no foreign-keys constraint is violated\n"
	        "enable back the enforcement of foreign-keys constraints\n");
	assert_true(plan->stmts.items[0].outside_tx);
	assert_string_equal(plan->stmts.items[0].sql,
	                    "PRAGMA foreign_keys = off");
	assert_false(plan->stmts.items[plan->stmts.len - 2].outside_tx);
	assert_true(plan->stmts.items[plan->stmts.len - 1].outside_tx);
	assert_string_equal(
	        plan->stmts.items[4].sql,
	        "INSERT INTO `new_p` (`id`, `name`) SELECT `id`, `name` FROM `p`");
	for (size_t i = 1; i + 1 < plan->stmts.len; i++)
		assert_false(plan->stmts.items[i].outside_tx);

	run_plan_ok(c, plan);
	assert_rows(
	        c,
	        "SELECT type FROM pragma_table_xinfo('p') WHERE name = 'name'",
	        "varchar(20)\n");
	assert_rows(c, "SELECT * FROM p ORDER BY id", before_p);
	assert_rows(c, "SELECT * FROM c ORDER BY id", before_c);
	assert_rows(c, "SELECT seq FROM sqlite_sequence WHERE name = 'p'",
	            "5\n");
	assert_rows(c, "SELECT count(*) FROM sqlite_sequence", "1\n");
	assert_rows(c, "SELECT * FROM pv ORDER BY note", "a|x\nb|y\nb|z\n");
	assert_rows(
	        c,
	        "SELECT name FROM sqlite_schema WHERE type = 'index' AND name = 'p_name'",
	        "p_name\n");
	assert_rows(c, "PRAGMA foreign_keys", "1\n");
	/* ids continue after the old maximum; the trigger fires again */
	db_exec(c, "INSERT INTO p (name) VALUES ('f')");
	assert_rows(c, "SELECT id FROM p WHERE name = 'f'", "6\n");
	assert_rows(c, "SELECT msg FROM log", "ins f\n");
	/* the FK still points at p and still cascades */
	db_exec(c, "DELETE FROM p WHERE id = 2");
	assert_rows(c, "SELECT count(*) FROM c", "1\n");

	free(cmts);
	free(before_p);
	free(before_c);
	dl_plan_free(plan);
	dl_close(c);
	sm_changes_free(cs);
	sm_realm_free(from);
	sm_realm_free(to);
}

/* A rebuild whose result violates an FK fails at foreign_key_check. */
static void test_sqlite_plan__rebuild_fk_check(void **state)
{
	sm_realm *from, *to;
	sm_table *fc, *tc;
	sm_changes *cs = changes_new();
	sm_change *m;
	dl_plan *plan;
	dl_conn *c = db_open();

	(void)state;
	db_exec(c, keep_sql);
	db_exec(c,
	        "PRAGMA foreign_keys = off; INSERT INTO c (p_id) VALUES (42); PRAGMA foreign_keys = on");
	keep_realms(&from, &to);
	fc = from->schemas.items[0]->tables.items[1];
	tc = to->schemas.items[0]->tables.items[1];
	tc->columns.items[2]->type = "varchar(5)";
	m = change_add(cs, &cs->items, SM_OP_MODIFY, SM_TABLE, fc, tc, 0);
	change_add(cs, &m->subs, SM_OP_MODIFY, SM_COLUMN, fc->columns.items[2],
	           tc->columns.items[2], SM_CHG_TYPE);
	plan = plan_of(cs, NULL);
	assert_true(plan_has(plan, "PRAGMA foreign_key_check"));
	assert_int_equal(run_plan(c, plan), UT_EDB);
	assert_non_null(strstr(ut_error_last()->msg, "foreign key violations"));
	/* rolled back: the old table is intact */
	assert_rows(
	        c,
	        "SELECT instr(sql, 'note text') > 0 FROM sqlite_schema WHERE name = 'c'",
	        "1\n");
	assert_rows(c, "SELECT count(*) FROM c", "4\n");
	dl_plan_free(plan);
	dl_close(c);
	sm_changes_free(cs);
	sm_realm_free(from);
	sm_realm_free(to);
}

/* ALTER TABLE when it can; the rebuild when a new column cannot */
static void test_sqlite_plan__alter_or_rebuild(void **state)
{
	static const struct {
		const char *type, *dflt;
		bool nullable, stored, rebuild;
	} cases[] = {
		{ "int", "0", false, false, false },
		{ "text", "'x'", true, false, false },
		{ "int", "-5", true, false, false },
		{ "int", NULL, true, false, false },
		{ "int", NULL, false, false, true }, /* NOT NULL, no default */
		{ "int", "NULL", false, false,
		  true }, /* NOT NULL DEFAULT NULL */
		{ "datetime", "CURRENT_TIMESTAMP", true, false, true },
		{ "int", "abs(-3)", true, false, true }, /* expression */
		{ "int", NULL, true, true, true },       /* STORED generated */
	};

	(void)state;
	for (size_t k = 0; k < UT_ARRAY_SIZE(cases); k++) {
		sm_realm *from = sm_realm_new("sqlite"),
		         *to = sm_realm_new("sqlite");
		sm_table *ft =
		        sm_table_add(from, sm_schema_add(from, "main"), "t");
		sm_table *tt = sm_table_add(to, sm_schema_add(to, "main"), "t");
		sm_changes *cs = changes_new();
		sm_change *m;
		sm_column *nc;
		dl_plan *plan;
		dl_conn *c = db_open();
		char want[64];

		col(from, ft, "a", "int", true, NULL);
		col(to, tt, "a", "int", true, NULL);
		nc = col(to, tt, "b", cases[k].type, cases[k].nullable,
		         cases[k].dflt);
		if (cases[k].stored) {
			nc->generated = "a + 1";
			nc->generated_stored = true;
		}
		m = change_add(cs, &cs->items, SM_OP_MODIFY, SM_TABLE, ft, tt,
		               0);
		change_add(cs, &m->subs, SM_OP_ADD, SM_COLUMN, NULL, nc, 0);
		plan = plan_of(cs, NULL);
		if (cases[k].rebuild != plan_has(plan, "new_t"))
			fail_msg("case %zu: rebuild %d expected", k,
			         cases[k].rebuild);
		if (!cases[k].rebuild) {
			assert_int_equal(plan->stmts.len, 1);
			assert_non_null(
			        strstr(plan->stmts.items[0].sql,
			               "ALTER TABLE `t` ADD COLUMN `b`"));
			assert_string_equal(plan->stmts.items[0].comment,
			                    "add column \"b\" to table: \"t\"");
			assert_string_equal(plan->stmts.items[0].reverse,
			                    "ALTER TABLE `t` DROP COLUMN `b`");
		}
		db_exec(c, "CREATE TABLE t (a int); INSERT INTO t VALUES (7)");
		if (!cases[k].nullable &&
		    (!cases[k].dflt || strcmp(cases[k].dflt, "NULL") == 0)) {
			/* a NOT NULL column without default cannot be filled */
			assert_int_equal(run_plan(c, plan), UT_EDB);
			assert_rows(c, "SELECT a FROM t", "7\n");
		} else {
			run_plan_ok(c, plan);
			snprintf(want, sizeof(want), "7|%s\n",
			         cases[k].stored ? "8" : "ok");
			assert_rows(c,
			            cases[k].stored ? "SELECT a, b FROM t"
			                            : "SELECT a, 'ok' FROM t",
			            want);
			assert_rows(
			        c,
			        "SELECT count(*) FROM pragma_table_xinfo('t')",
			        "2\n");
		}
		dl_plan_free(plan);
		dl_close(c);
		sm_changes_free(cs);
		sm_realm_free(from);
		sm_realm_free(to);
	}
}

/* DROP COLUMN for a plain column; the rebuild for an indexed one */
static void test_sqlite_plan__drop_column(void **state)
{
	for (int indexed = 0; indexed < 2; indexed++) {
		sm_realm *from = sm_realm_new("sqlite"),
		         *to = sm_realm_new("sqlite");
		sm_table *ft =
		        sm_table_add(from, sm_schema_add(from, "main"), "t");
		sm_table *tt = sm_table_add(to, sm_schema_add(to, "main"), "t");
		sm_changes *cs = changes_new();
		sm_change *m;
		dl_plan *plan;
		dl_conn *c = db_open();

		(void)state;
		col(from, ft, "a", "int", true, NULL);
		col(from, ft, "b", "int", true, NULL);
		col(to, tt, "a", "int", true, NULL);
		db_exec(c,
		        "CREATE TABLE t (a int, b int); INSERT INTO t VALUES (1, 2)");
		if (indexed) {
			sm_index *ix = sm_index_add(from, ft, "tb");
			sm_index_add_column(from, ix, "b", false);
			db_exec(c, "CREATE INDEX tb ON t (b)");
		}
		m = change_add(cs, &cs->items, SM_OP_MODIFY, SM_TABLE, ft, tt,
		               0);
		change_add(cs, &m->subs, SM_OP_DROP, SM_COLUMN,
		           ft->columns.items[1], NULL, 0);
		if (indexed)
			change_add(cs, &m->subs, SM_OP_DROP, SM_INDEX,
			           ft->indexes.items[0], NULL, 0);
		plan = plan_of(cs, NULL);
		assert_int_equal(plan_has(plan, "new_t"), indexed);
		if (!indexed) {
			assert_int_equal(plan->stmts.len, 1);
			assert_string_equal(plan->stmts.items[0].sql,
			                    "ALTER TABLE `t` DROP COLUMN `b`");
			assert_string_equal(
			        plan->stmts.items[0].reverse,
			        "ALTER TABLE `t` ADD COLUMN `b` int NULL");
		}
		run_plan_ok(c, plan);
		assert_rows(c, "SELECT * FROM t", "1\n");
		assert_rows(
		        c,
		        "SELECT count(*) FROM sqlite_schema WHERE type = 'index'",
		        "0\n");
		dl_plan_free(plan);
		dl_close(c);
		sm_changes_free(cs);
		sm_realm_free(from);
		sm_realm_free(to);
	}
}

/* RENAME of a table and of a column: plain ALTER, with reverses */
static void test_sqlite_plan__renames(void **state)
{
	sm_realm *from = sm_realm_new("sqlite"), *to = sm_realm_new("sqlite");
	sm_table *ft = sm_table_add(from, sm_schema_add(from, "main"), "a");
	sm_table *tt = sm_table_add(to, sm_schema_add(to, "main"), "b");
	sm_changes *cs = changes_new();
	sm_change *m;
	dl_plan *plan;
	dl_conn *c = db_open();
	char *text, *cmts;

	(void)state;
	col(from, ft, "x", "int", true, NULL);
	col(to, tt, "y", "int", true, NULL);
	m = change_add(cs, &cs->items, SM_OP_RENAME, SM_TABLE, ft, tt, 0);
	change_add(cs, &m->subs, SM_OP_RENAME, SM_COLUMN, ft->columns.items[0],
	           tt->columns.items[0], 0);
	plan = plan_of(cs, NULL);
	text = plan_text(plan);
	cmts = plan_comments(plan);
	assert_string_equal(text,
	                    "ALTER TABLE `a` RENAME TO `b`;\n"
	                    "ALTER TABLE `b` RENAME COLUMN `x` TO `y`;\n");
	assert_string_equal(cmts, "rename a table from \"a\" to \"b\"\n"
	                          "rename a column from \"x\" to \"y\"\n");
	assert_string_equal(plan->stmts.items[0].reverse,
	                    "ALTER TABLE `b` RENAME TO `a`");
	db_exec(c, "CREATE TABLE a (x int); INSERT INTO a VALUES (3)");
	run_plan_ok(c, plan);
	assert_rows(c, "SELECT y FROM b", "3\n");
	free(text);
	free(cmts);
	dl_plan_free(plan);
	dl_close(c);
	sm_changes_free(cs);
	sm_realm_free(from);
	sm_realm_free(to);
}

/* What SQLite cannot hold is an error naming the object */
static void test_sqlite_plan__unsupported(void **state)
{
	sm_realm *r = sm_realm_new("sqlite");
	sm_schema *s = sm_schema_add(r, "main");
	sm_schema *other = sm_schema_add(r, "other");
	const dl_driver *drv = dl_find("sqlite");
	const void *objs[] = {
		sm_sequence_add(r, s, "seq"),
		sm_type_add(r, s, "mood", SM_TYPE_ENUM),
		sm_function_add(r, s, "fn", "CREATE FUNCTION fn()"),
		other,
		s,
		sm_extension_add(r, "ext"),
	};
	const char *const want[] = {
		"sqlite: cannot plan add of sequence \"seq\"",
		"sqlite: cannot plan drop of type \"mood\"",
		"sqlite: cannot plan add of function \"fn\"",
		"sqlite: cannot plan add of schema \"other\"",
		"sqlite: cannot plan drop of schema \"main\"",
		"sqlite: cannot plan add of extension \"ext\"",
	};
	const sm_kind kinds[] = { SM_SEQUENCE, SM_TYPE,   SM_FUNCTION,
		                  SM_SCHEMA,   SM_SCHEMA, SM_EXTENSION };
	const sm_op ops[] = { SM_OP_ADD, SM_OP_DROP, SM_OP_ADD,
		              SM_OP_ADD, SM_OP_DROP, SM_OP_ADD };

	(void)state;
	for (size_t k = 0; k < UT_ARRAY_SIZE(objs); k++) {
		sm_changes *cs = changes_new();
		dl_plan *plan = NULL;
		change_add(cs, &cs->items, ops[k], kinds[k],
		           ops[k] == SM_OP_DROP ? objs[k] : NULL,
		           ops[k] == SM_OP_DROP ? NULL : objs[k], 0);
		assert_int_equal(drv->plan(&plan, NULL, cs, NULL), UT_ERROR);
		assert_null(plan);
		assert_string_equal(ut_error_last()->msg, want[k]);
		sm_changes_free(cs);
	}
	sm_realm_free(r);
}

/* Names with backticks, quotes, spaces, semicolons and keywords */
static void test_sqlite_plan__awkward_names(void **state)
{
	static const char *const tname = "select `x` \"y\"; 'z'";
	static const char *const cname = "order`by";
	sm_realm *from = sm_realm_new("sqlite"), *to = sm_realm_new("sqlite");
	sm_table *ft = sm_table_add(from, sm_schema_add(from, "main"), tname);
	sm_table *tt = sm_table_add(to, sm_schema_add(to, "main"), tname);
	sm_changes *cs = changes_new();
	sm_change *m;
	sm_index *ix;
	dl_plan *plan;
	dl_conn *c = db_open();

	(void)state;
	col(from, ft, "id", "integer", true, NULL)->auto_increment = true;
	col(from, ft, cname, "text", true, NULL);
	sm_index_add_column(from, sm_pk_set(from, ft, ""), "id", false);
	col(to, tt, "id", "integer", true, NULL)->auto_increment = true;
	col(to, tt, cname, "text", false, "'it''s'");
	sm_index_add_column(to, sm_pk_set(to, tt, ""), "id", false);
	ix = sm_index_add(to, tt, "a \"quoted\" `index`;");
	sm_index_add_column(to, ix, cname, true);

	/* create from scratch, then rebuild with NOT NULL + IFNULL copy */
	change_add(cs, &cs->items, SM_OP_ADD, SM_TABLE, NULL, ft, 0);
	plan = plan_of(cs, NULL);
	run_plan_ok(c, plan);
	dl_plan_free(plan);
	sm_changes_free(cs);
	db_exec(c,
	        "INSERT INTO `select ``x`` \"y\"; 'z'` (`order``by`) VALUES ('a'), (NULL)");

	cs = changes_new();
	m = change_add(cs, &cs->items, SM_OP_MODIFY, SM_TABLE, ft, tt, 0);
	change_add(cs, &m->subs, SM_OP_MODIFY, SM_COLUMN, ft->columns.items[1],
	           tt->columns.items[1], SM_CHG_NULL | SM_CHG_DEFAULT);
	change_add(cs, &m->subs, SM_OP_ADD, SM_INDEX, NULL, ix, 0);
	plan = plan_of(cs, NULL);
	assert_true(
	        plan_has(plan, "IFNULL(`order``by`, 'it''s') AS `order``by`"));
	assert_true(plan_has(
	        plan,
	        "ALTER TABLE `new_select ``x`` \"y\"; 'z'` RENAME TO `select ``x`` \"y\"; 'z'`"));
	assert_true(
	        plan_has(plan, "WHERE name = 'new_select `x` \"y\"; ''z'''"));
	run_plan_ok(c, plan);
	assert_rows(
	        c,
	        "SELECT id, `order``by` FROM `select ``x`` \"y\"; 'z'` ORDER BY id",
	        "1|a\n2|it's\n");
	assert_rows(
	        c,
	        "SELECT \"notnull\" FROM pragma_table_info('select `x` \"y\"; ''z''') WHERE name = 'order`by'",
	        "1\n");
	assert_rows(c, "SELECT name FROM sqlite_schema WHERE type = 'index'",
	            "a \"quoted\" `index`;\n");
	assert_rows(c, "SELECT name, seq FROM sqlite_sequence",
	            "select `x` \"y\"; 'z'|2\n");
	dl_plan_free(plan);
	dl_close(c);
	sm_changes_free(cs);
	sm_realm_free(from);
	sm_realm_free(to);
}

/* ---- round trips through inspect and diff ----------------------------- */

static sm_realm *inspect_sql(dl_conn *c, const char *sql)
{
	sm_realm *r = NULL;

	if (sql)
		db_exec(c, sql);
	if (dl_inspect(&r, c, NULL) < 0)
		fail_msg("inspect: %s", ut_error_last()->msg);
	return r;
}

/*
 * The row count of every table of r (virtual ones left out), one line
 * each: "name|count". Tables the plan kept must keep all their rows.
 */
static char *row_counts(dl_conn *c, const sm_realm *r, const sm_realm *keep)
{
	ut_buf out = UT_BUF_INIT, q = UT_BUF_INIT;
	const sm_schema *s = r->schemas.items[0];

	for (size_t i = 0; i < s->tables.len; i++) {
		const sm_table *t = s->tables.items[i];
		char *n;
		if (sm_attr_get(&t->attrs, "virtual") ||
		    !sm_realm_find_table(keep, NULL, t->obj.name))
			continue;
		ut_buf_reset(&q);
		ut_buf_puts(&q, "SELECT count(*) FROM ");
		c->drv->quote_ident(&q, t->obj.name);
		n = db_rows(c, q.ptr);
		ut_buf_printf(&out, "%s|%s", t->obj.name, n);
		free(n);
	}
	ut_buf_release(&q);
	return ut_buf_detach(&out);
}

/*
 * from SQL and data -> plan to reach to SQL -> run it on the from
 * database -> inspecting it again gives no diff with to. Returns the plan
 * (the caller frees it) and leaves the database open in *db_out when
 * asked, for data checks.
 */
static dl_plan *roundtrip(const char *from_sql, const char *to_sql,
                          dl_conn **db_out)
{
	dl_conn *fc = db_open(), *tc = db_open();
	sm_realm *from = inspect_sql(fc, from_sql);
	sm_realm *to = inspect_sql(tc, to_sql), *after;
	sm_changes *cs = NULL, *rest = NULL;
	dl_plan *plan;
	char *counts, *counts_after;

	if (sm_diff(&cs, from, to, NULL) < 0)
		fail_msg("diff: %s", ut_error_last()->msg);
	if (sm_changes_empty(cs))
		fail_msg("no change between\n%s\nand\n%s", from_sql, to_sql);
	plan = plan_of(cs, NULL);
	counts = row_counts(fc, from, to);
	run_plan_ok(fc, plan);
	after = inspect_sql(fc, NULL);
	counts_after = row_counts(fc, from, to);
	assert_string_equal(counts_after, counts);
	free(counts);
	free(counts_after);
	if (sm_diff(&rest, after, to, NULL) < 0)
		fail_msg("diff: %s", ut_error_last()->msg);
	if (!sm_changes_empty(rest)) {
		ut_buf b = UT_BUF_INIT;
		char *text = plan_text(plan);
		for (size_t i = 0; i < rest->items.len; i++) {
			const sm_change *ch = rest->items.items[i];
			sm_object_qname(&b, ch->to ? ch->to : ch->from);
			ut_buf_printf(&b, " op %d mask %#x subs %zu\n", ch->op,
			              ch->mask, ch->subs.len);
			for (size_t j = 0; j < ch->subs.len; j++) {
				const sm_change *s = ch->subs.items[j];
				ut_buf_puts(&b, "  ");
				sm_object_qname(&b, s->to ? s->to : s->from);
				ut_buf_printf(&b, " %s op %d mask %#x\n",
				              sm_kind_name(s->kind), s->op,
				              s->mask);
			}
		}
		fail_msg("changes left after the plan:\n%splan:\n%s", b.ptr,
		         text);
	}
	/* a second plan from the new state has nothing to do */
	sm_changes_free(rest);
	sm_changes_free(cs);
	sm_realm_free(after);
	sm_realm_free(from);
	sm_realm_free(to);
	dl_close(tc);
	if (db_out)
		*db_out = fc;
	else
		dl_close(fc);
	return plan;
}

/* Runs a round trip and checks whether it rebuilt a table. */
static void trip(const char *from_sql, const char *to_sql, bool rebuild)
{
	dl_plan *plan = roundtrip(from_sql, to_sql, NULL);

	if (plan_has(plan, "RENAME TO `new_") || plan_has(plan, "INTO `new_") ||
	    plan_has(plan, "CREATE TABLE `new_")) {
		if (!rebuild) {
			char *t = plan_text(plan);
			fail_msg("unexpected rebuild:\n%s", t);
		}
	} else if (rebuild) {
		char *t = plan_text(plan);
		fail_msg("expected a rebuild:\n%s", t);
	}
	dl_plan_free(plan);
}

#define T0                                                        \
	"CREATE TABLE t (id integer PRIMARY KEY, a int, b text);" \
	"INSERT INTO t VALUES (1, 1, 'x'), (2, NULL, NULL);"

static void test_sqlite_plan__trip_columns(void **state)
{
	(void)state;
	/* type (sizes kept), nullability both ways */
	trip(T0,
	     "CREATE TABLE t (id integer PRIMARY KEY, a bigint, b varchar(30));",
	     true);
	trip(T0 "INSERT INTO t VALUES (3, NULL, 'x');",
	     "CREATE TABLE t (id integer PRIMARY KEY, a int NOT NULL DEFAULT 4, b text);",
	     true);
	trip("CREATE TABLE t (id integer PRIMARY KEY, a int NOT NULL, b text);",
	     T0, true);
	/* defaults: add, change, drop; expression defaults */
	trip(T0,
	     "CREATE TABLE t (id integer PRIMARY KEY, a int DEFAULT 1, b text DEFAULT 'x');",
	     true);
	trip("CREATE TABLE t (id integer PRIMARY KEY, a int DEFAULT 1, b text);",
	     "CREATE TABLE t (id integer PRIMARY KEY, a int DEFAULT (abs(-2)), b text DEFAULT CURRENT_TIMESTAMP);",
	     true);
	trip("CREATE TABLE t (id integer PRIMARY KEY, a int DEFAULT 1, b text);",
	     T0, true);
	/* collation */
	trip(T0,
	     "CREATE TABLE t (id integer PRIMARY KEY, a int, b text COLLATE NOCASE);",
	     true);
	/* generated columns */
	trip(T0,
	     "CREATE TABLE t (id integer PRIMARY KEY, a int, b text, c int GENERATED ALWAYS AS (a * 2) STORED);",
	     true);
	trip(T0,
	     "CREATE TABLE t (id integer PRIMARY KEY, a int, b text, c int AS (a + 1) VIRTUAL);",
	     false);
	/* autoincrement on and off */
	trip(T0,
	     "CREATE TABLE t (id integer PRIMARY KEY AUTOINCREMENT, a int, b text);",
	     true);
	trip("CREATE TABLE t (id integer PRIMARY KEY AUTOINCREMENT, a int, b text);",
	     T0, true);
	/* plain adds and drops */
	trip(T0,
	     "CREATE TABLE t (id integer PRIMARY KEY, a int, b text, c text DEFAULT 'z' NOT NULL);",
	     false);
	trip(T0, "CREATE TABLE t (id integer PRIMARY KEY, a int);", false);
}

static void test_sqlite_plan__trip_indexes(void **state)
{
	(void)state;
	trip(T0, T0 "CREATE UNIQUE INDEX t_a ON t (a);", false);
	trip(T0 "CREATE INDEX t_a ON t (a);", T0, false);
	trip(T0, T0 "CREATE INDEX t_p ON t (a) WHERE a > 0;", false);
	trip(T0, T0 "CREATE INDEX t_e ON t (lower(b), a + 1);", false);
	trip(T0, T0 "CREATE INDEX t_d ON t (a DESC, b COLLATE NOCASE);", false);
	trip(T0 "CREATE INDEX t_a ON t (a);",
	     T0 "CREATE INDEX t_a ON t (a, b);", false);
	/* UNIQUE constraints live in the table */
	trip(T0,
	     "CREATE TABLE t (id integer PRIMARY KEY, a int, b text, UNIQUE (a, b));",
	     true);
	trip("CREATE TABLE t (id integer PRIMARY KEY, a int UNIQUE, b text);",
	     T0, true);
}

static void test_sqlite_plan__trip_keys(void **state)
{
	(void)state;
	/* primary key change */
	trip("CREATE TABLE t (a int NOT NULL, b int NOT NULL, PRIMARY KEY (a));",
	     "CREATE TABLE t (a int NOT NULL, b int NOT NULL, PRIMARY KEY (a, b));",
	     true);
	/* FKs: add, drop, change of actions */
	trip("CREATE TABLE p (id integer PRIMARY KEY); CREATE TABLE c (id int, p_id int);",
	     "CREATE TABLE p (id integer PRIMARY KEY); CREATE TABLE c (id int, p_id int REFERENCES p (id));",
	     true);
	trip("CREATE TABLE p (id integer PRIMARY KEY); CREATE TABLE c (id int, p_id int REFERENCES p (id));",
	     "CREATE TABLE p (id integer PRIMARY KEY); CREATE TABLE c (id int, p_id int);",
	     true);
	trip("CREATE TABLE p (id integer PRIMARY KEY); CREATE TABLE c (id int, p_id int, FOREIGN KEY (p_id) REFERENCES p (id));",
	     "CREATE TABLE p (id integer PRIMARY KEY); CREATE TABLE c (id int, p_id int, FOREIGN KEY (p_id) REFERENCES p (id) ON DELETE CASCADE ON UPDATE SET NULL);",
	     true);
	/* checks */
	trip(T0,
	     "CREATE TABLE t (id integer PRIMARY KEY, a int, b text, CONSTRAINT pos CHECK (a > 0));",
	     true);
	trip("CREATE TABLE t (id integer PRIMARY KEY, a int CHECK (a > 0), b text);",
	     T0, true);
	/* table options */
	trip("CREATE TABLE t (id int PRIMARY KEY, a int);",
	     "CREATE TABLE t (id int PRIMARY KEY, a int) WITHOUT ROWID;", true);
	trip("CREATE TABLE t (id int PRIMARY KEY, a int);",
	     "CREATE TABLE t (id int PRIMARY KEY, a int) STRICT;", true);
}

static void test_sqlite_plan__trip_objects(void **state)
{
	dl_plan *plan;
	dl_conn *c = NULL;

	(void)state;
	/* tables added and dropped */
	trip(T0, T0 "CREATE TABLE u (x text NOT NULL, y real DEFAULT 1.5);",
	     false);
	plan = roundtrip(T0 "CREATE TABLE u (x text);", T0, NULL);
	assert_true(plan_has(plan, "PRAGMA foreign_keys = off"));
	assert_true(plan_has(plan, "DROP TABLE `u`"));
	dl_plan_free(plan);
	/* views: add, change, drop */
	trip(T0, T0 "CREATE VIEW v AS SELECT a FROM t;", false);
	trip(T0 "CREATE VIEW v AS SELECT a FROM t;",
	     T0 "CREATE VIEW v AS SELECT a, b FROM t;", false);
	trip(T0 "CREATE VIEW v AS SELECT a FROM t;", T0, false);
	/* triggers: add, change, drop */
	trip(T0,
	     T0
	     "CREATE TRIGGER tr AFTER INSERT ON t BEGIN UPDATE t SET a = 1 WHERE id = new.id; END;",
	     false);
	trip(T0
	     "CREATE TRIGGER tr AFTER INSERT ON t BEGIN UPDATE t SET a = 1 WHERE id = new.id; END;",
	     T0
	     "CREATE TRIGGER tr AFTER INSERT ON t BEGIN UPDATE t SET a = 2 WHERE id = new.id; END;",
	     false);
	trip(T0
	     "CREATE TRIGGER tr AFTER INSERT ON t BEGIN UPDATE t SET a = 1 WHERE id = new.id; END;",
	     T0, false);
	/* a view over a view over a rebuilt table; a trigger elsewhere */
	plan = roundtrip(
	        T0
	        "CREATE TABLE l (m text); CREATE VIEW v1 AS SELECT a FROM t; CREATE VIEW v2 AS SELECT * FROM v1;"
	        "CREATE TRIGGER lt AFTER INSERT ON l BEGIN INSERT INTO t (a) VALUES (1); END;"
	        "INSERT INTO t VALUES (3, 2, 'x');",
	        "CREATE TABLE t (id integer PRIMARY KEY, a bigint, b text); CREATE TABLE l (m text);"
	        "CREATE VIEW v1 AS SELECT a FROM t; CREATE VIEW v2 AS SELECT * FROM v1;"
	        "CREATE TRIGGER lt AFTER INSERT ON l BEGIN INSERT INTO t (a) VALUES (1); END;",
	        &c);
	assert_rows(c, "SELECT a FROM v2 WHERE a IS NOT NULL ORDER BY a",
	            "1\n2\n");
	db_exec(c, "INSERT INTO l VALUES ('go')");
	assert_rows(c, "SELECT count(*) FROM t", "4\n");
	dl_close(c);
	dl_plan_free(plan);
}

/* The keep-rows scenario again, through inspect and diff */
static void test_sqlite_plan__trip_keeps_rows(void **state)
{
	dl_conn *c = NULL;
	dl_plan *plan;

	(void)state;
	plan = roundtrip(
	        keep_sql,
	        "CREATE TABLE p (id integer PRIMARY KEY AUTOINCREMENT, name varchar(20) NOT NULL);"
	        "CREATE TABLE c (id integer PRIMARY KEY, p_id int REFERENCES p (id) ON DELETE CASCADE, note text);"
	        "CREATE INDEX p_name ON p (name);"
	        "CREATE VIEW pv AS SELECT p.name, c.note FROM p JOIN c ON c.p_id = p.id;"
	        "CREATE TABLE log (msg text);"
	        "CREATE TRIGGER p_ins AFTER INSERT ON p BEGIN INSERT INTO log VALUES ('ins ' || new.name); END;",
	        &c);
	assert_true(plan_has(plan, "CREATE TABLE `new_p`"));
	assert_rows(c, "SELECT * FROM p ORDER BY id", "1|a\n2|b\n3|c\n");
	assert_rows(c, "SELECT * FROM c ORDER BY id", "1|1|x\n2|2|y\n3|2|z\n");
	assert_rows(c, "SELECT seq FROM sqlite_sequence WHERE name = 'p'",
	            "5\n");
	db_exec(c, "INSERT INTO p (name) VALUES ('f')");
	assert_rows(c, "SELECT max(id) FROM p", "6\n");
	assert_rows(c, "SELECT * FROM log", "ins f\n");
	assert_rows(c, "SELECT count(*) FROM pv", "3\n");
	dl_close(c);
	dl_plan_free(plan);
}

static void test_sqlite_plan__trip_awkward(void **state)
{
	dl_conn *c = NULL;
	dl_plan *plan;

	(void)state;
	plan = roundtrip(
	        "CREATE TABLE `select ``x`` \"y\"; 'z'` (`order``by` int, \"group\" text);"
	        "INSERT INTO `select ``x`` \"y\"; 'z'` VALUES (1, 'g');",
	        "CREATE TABLE `select ``x`` \"y\"; 'z'` (`order``by` bigint NOT NULL DEFAULT 0, \"group\" text, `new; col` text DEFAULT 'n');"
	        "CREATE INDEX `idx ``1``` ON `select ``x`` \"y\"; 'z'` (\"group\" DESC);",
	        &c);
	assert_rows(c, "SELECT * FROM `select ``x`` \"y\"; 'z'`", "1|g|n\n");
	dl_close(c);
	dl_plan_free(plan);
}

/* Virtual tables come and go whole; changing one is refused */
static void test_sqlite_plan__trip_virtual(void **state)
{
	dl_conn *fc = db_open(), *tc = db_open();
	sm_realm *from, *to;
	sm_changes *cs = NULL;
	dl_plan *plan = NULL;

	(void)state;
	trip(T0, T0 "CREATE VIRTUAL TABLE docs USING fts5(title, body);",
	     false);
	trip(T0 "CREATE VIRTUAL TABLE docs USING fts5(title, body);", T0,
	     false);
	from = inspect_sql(fc, "CREATE VIRTUAL TABLE docs USING fts5(title);");
	to = inspect_sql(tc,
	                 "CREATE VIRTUAL TABLE docs USING fts5(title, body);");
	assert_int_equal(sm_diff(&cs, from, to, NULL), 0);
	assert_false(sm_changes_empty(cs));
	assert_int_equal(dl_find("sqlite")->plan(&plan, NULL, cs, NULL),
	                 UT_ERROR);
	assert_string_equal(ut_error_last()->msg,
	                    "sqlite: cannot plan modify of table \"docs\"");
	sm_changes_free(cs);
	sm_realm_free(from);
	sm_realm_free(to);
	dl_close(fc);
	dl_close(tc);
}

/*
 * A whole database as a dump (schema inspect --format sql): planned from
 * nothing with opts.dump, run on an empty database, it inspects equal.
 */
static void test_sqlite_plan__dump(void **state)
{
	static const char *const sql =
	        "CREATE TABLE teams (id integer PRIMARY KEY AUTOINCREMENT, name varchar(40) NOT NULL COLLATE NOCASE, UNIQUE (name));"
	        "CREATE TABLE users (id int NOT NULL, team int REFERENCES teams (id) ON DELETE SET NULL, email text DEFAULT ('x' || 'y'),"
	        " score real CHECK (score >= 0), twice real AS (score * 2), CONSTRAINT pk PRIMARY KEY (id DESC)) WITHOUT ROWID;"
	        "CREATE INDEX users_email ON users (lower(email) DESC) WHERE email IS NOT NULL;"
	        "CREATE TABLE s (a int, b text) STRICT;"
	        "CREATE VIEW v2 AS SELECT * FROM v1;"
	        "CREATE VIEW v1 AS SELECT u.id, t.name FROM users u JOIN teams t ON t.id = u.team;"
	        "CREATE TRIGGER v1_ins INSTEAD OF INSERT ON v1 BEGIN INSERT INTO teams (name) VALUES (new.name); END;"
	        "CREATE TRIGGER t_upd AFTER UPDATE ON teams BEGIN UPDATE users SET score = 0 WHERE team = new.id; END;";
	dl_conn *src = db_open(), *dst = db_open();
	sm_realm *want = inspect_sql(src, sql), *empty = sm_realm_new("sqlite");
	sm_realm *got;
	sm_changes *cs = NULL;
	dl_plan_opts o = { 0 };
	dl_plan *plan;

	(void)state;
	sm_schema_add(empty, "main");
	assert_int_equal(sm_diff(&cs, empty, want, NULL), 0);
	o.dump = true;
	plan = plan_of(cs, &o);
	assert_false(plan_has(plan, "PRAGMA"));
	run_plan_ok(dst, plan);
	sm_changes_free(cs);
	got = inspect_sql(dst, NULL);
	assert_int_equal(sm_diff(&cs, got, want, NULL), 0);
	assert_true(sm_changes_empty(cs));
	/* the view over a view comes after it */
	{
		size_t i1 = 0, i2 = 0;
		for (size_t i = 0; i < plan->stmts.len; i++) {
			if (strstr(plan->stmts.items[i].sql, "CREATE VIEW v1"))
				i1 = i;
			if (strstr(plan->stmts.items[i].sql, "CREATE VIEW v2"))
				i2 = i;
		}
		assert_true(i1 > 0 && i2 > i1);
	}
	sm_changes_free(cs);
	sm_realm_free(got);
	sm_realm_free(want);
	sm_realm_free(empty);
	dl_plan_free(plan);
	dl_close(src);
	dl_close(dst);
}

/*
 * A rebuilt table under an INSTEAD OF trigger on a view, a dropped table
 * with its view, and a renamed-away dependent: all in one plan.
 */
static void test_sqlite_plan__trip_mixed(void **state)
{
	dl_conn *c = NULL;
	dl_plan *plan;

	(void)state;
	plan = roundtrip(
	        "CREATE TABLE t (id integer PRIMARY KEY, a int);"
	        "CREATE TABLE gone (x int); CREATE VIEW gv AS SELECT x FROM gone;"
	        "CREATE VIEW tv AS SELECT id, a FROM t;"
	        "CREATE TRIGGER tv_ins INSTEAD OF INSERT ON tv BEGIN INSERT INTO t (a) VALUES (new.a); END;"
	        "INSERT INTO t (a) VALUES (1), (2);",
	        "CREATE TABLE t (id integer PRIMARY KEY, a int NOT NULL DEFAULT 0, b text);"
	        "CREATE VIEW tv AS SELECT id, a FROM t;"
	        "CREATE TRIGGER tv_ins INSTEAD OF INSERT ON tv BEGIN INSERT INTO t (a) VALUES (new.a); END;",
	        &c);
	assert_true(plan_has(plan, "DROP TABLE `gone`"));
	assert_true(plan_has(plan, "IFNULL(`a`, 0) AS `a`"));
	db_exec(c, "INSERT INTO tv (a) VALUES (3)");
	assert_rows(c, "SELECT id, a, b FROM t ORDER BY id",
	            "1|1|NULL\n2|2|NULL\n3|3|NULL\n");
	dl_close(c);
	dl_plan_free(plan);
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test(test_sqlite_plan__create_table),
	cmocka_unit_test(test_sqlite_plan__qualified),
	cmocka_unit_test(test_sqlite_plan__rebuild_keeps_rows),
	cmocka_unit_test(test_sqlite_plan__rebuild_fk_check),
	cmocka_unit_test(test_sqlite_plan__alter_or_rebuild),
	cmocka_unit_test(test_sqlite_plan__drop_column),
	cmocka_unit_test(test_sqlite_plan__renames),
	cmocka_unit_test(test_sqlite_plan__unsupported),
	cmocka_unit_test(test_sqlite_plan__awkward_names),
	cmocka_unit_test(test_sqlite_plan__trip_columns),
	cmocka_unit_test(test_sqlite_plan__trip_indexes),
	cmocka_unit_test(test_sqlite_plan__trip_keys),
	cmocka_unit_test(test_sqlite_plan__trip_objects),
	cmocka_unit_test(test_sqlite_plan__trip_keeps_rows),
	cmocka_unit_test(test_sqlite_plan__trip_awkward),
	cmocka_unit_test(test_sqlite_plan__trip_virtual),
	cmocka_unit_test(test_sqlite_plan__dump),
	cmocka_unit_test(test_sqlite_plan__trip_mixed),
};

TEST_MAIN(tests)
