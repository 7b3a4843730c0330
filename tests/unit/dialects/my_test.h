/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/dialects/my_test.h: helpers of the MySQL/MariaDB driver
 * tests, which run against the real server named by STRATA_TEST_MY_URL
 * (scripts/test-servers.sh). Without it they skip, except in CI
 * (CI=true), where they fail. Every test works in databases of its own,
 * dropped afterwards.
 */
#ifndef STRATA_TESTS_UNIT_DIALECTS_MY_TEST_H
#define STRATA_TESTS_UNIT_DIALECTS_MY_TEST_H

#include "test.h"

#include "driver.h"
#include "ut.h"

/*
 * The server URL without a database ("mysql://u:p@h:port/"), or NULL
 * after skip() (or a failure in CI) when there is none. malloc'd.
 */
char *my_test_server(void);
/* Creates a database with a unique name; its scoped URL in *url_out. */
char *my_test_db(const char *server, const char *tag, char **url_out);
/* Drops it. */
void my_test_drop_db(const char *server, const char *name);
/* Opens a URL, failing the test on error. */
dl_conn *my_test_open(const char *url);
/* Runs a script (split like a migration file), failing on error. */
void my_test_exec(dl_conn *c, const char *sql);
/* Like my_test_exec, returning the error instead. */
int my_test_try_exec(dl_conn *c, const char *sql);
/* mariadb-dump --no-data of a database, normalized (malloc'd). */
char *my_test_dump(const char *server, const char *db);
/* The first value of the first row of a query (malloc'd, NULL if none). */
char *my_test_value(dl_conn *c, const char *sql);

#endif
