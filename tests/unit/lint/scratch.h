/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/lint/scratch.h: scratch dev databases of the lint tests. Each
 * is a database of its own (strata_t_<pid>_<n>) on the test server, made
 * for the test and dropped after it, so the lint tests never share a dev
 * database with other tests or other clients of the server.
 */
#ifndef STRATA_TESTS_LINT_SCRATCH_H
#define STRATA_TESTS_LINT_SCRATCH_H

#include <stdbool.h>

typedef struct lt_scratch {
	char *server; /* URL of the server's test database (connect here) */
	char *name;   /* the scratch database */
	char *url;    /* URL of the scratch database */
	bool mysql;
} lt_scratch;

/*
 * Makes a scratch database on the PostgreSQL ("postgres") or MySQL
 * ("mysql") test server of STRATA_TEST_PG_URL / STRATA_TEST_MY_URL
 * (their _DEV_URL variants name the same server). Returns false, leaving
 * s empty, when the variable is not set; a server that refuses fails the
 * test.
 */
bool lt_scratch_new(lt_scratch *s, const char *dialect);
/* Drops the database (no-op on an empty s) and frees s's strings. */
void lt_scratch_drop(lt_scratch *s);

#endif
