/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/dialects/pg_test.h: what the PostgreSQL driver tests share.
 * They run against the server of STRATA_TEST_PG_URL; each test works in
 * its own scratch database (strata_t_<pid>_<n>) and drops it. Without
 * the variable the tests skip, except under CI=true where they fail.
 */
#ifndef STRATA_TESTS_UNIT_DIALECTS_PG_TEST_H
#define STRATA_TESTS_UNIT_DIALECTS_PG_TEST_H

#include "test.h"

#include "diff.h"
#include "driver.h"
#include "schema.h"
#include "ut.h"

/* The server URL, or skips (fails under CI) when there is none. */
const char *pg_test_url(void);

/* A scratch database; url_out (malloc'd) reaches it, query kept. */
typedef struct pg_scratch {
	char *name;
	char *url;
} pg_scratch;

void pg_scratch_new(pg_scratch *s);
/* Drops the database (connections to it must be closed). */
void pg_scratch_drop(pg_scratch *s);
/* The scratch URL with extra query text appended ("search_path=x"). */
char *pg_scratch_url(const pg_scratch *s, const char *extra);

dl_conn *pg_open(const char *url);
void pg_exec(dl_conn *c, const char *sql);
/* Rows as "a|b\n" lines; caller frees. */
char *pg_rows(dl_conn *c, const char *sql);
sm_realm *pg_inspect(dl_conn *c);
/* The SQL of a plan, statements ended by ";\n"; caller frees. */
char *pg_plan_sql(const dl_plan *p);
/* The plan that turns from into to, executed on c; fails on error. */
void pg_apply_diff(dl_conn *c, const sm_realm *from, const sm_realm *to);
/* Fails with the changes listed when from and to differ. */
void pg_assert_same(const sm_realm *from, const sm_realm *to,
		    const char *what);
/* The same for two schema-bound realms (their schemas' names ignored). */
void pg_assert_same_scoped(const sm_realm *from, const sm_realm *to,
			   const char *what);
/* pg_dump --schema-only of a database, as a sorted list of statements. */
char *pg_dump_statements(const char *dbname);

extern const struct CMUnitTest pg_conn_tests[];
extern const size_t pg_conn_ntests;
extern const struct CMUnitTest pg_inspect_tests[];
extern const size_t pg_inspect_ntests;
extern const struct CMUnitTest pg_pairs_tests[];
extern const size_t pg_pairs_ntests;

#endif
