/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/migrate/migrate_tests.h: the group runners of test_migrate.
 * Each test file exports one; main.c runs them all.
 */
#ifndef STRATA_TESTS_UNIT_MIGRATE_MIGRATE_TESTS_H
#define STRATA_TESTS_UNIT_MIGRATE_MIGRATE_TESTS_H

/* Each returns cmocka_run_group_tests(...): the number of failed tests. */
int test_migrate_split_run(void);
int test_migrate_lex_run(void);
int test_migrate_dir_sum_run(void);
int test_migrate_rev_run(void);
int test_migrate_interrupt_run(void);

#endif
