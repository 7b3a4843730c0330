/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/migrate/main.c: test_migrate runs every group of the migrate
 * module; argv[1] filters tests by name (cmocka_set_test_filter).
 */
#include "test.h"

#include "migrate_tests.h"

int main(int argc, char **argv)
{
	int failed = 0;

	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	failed += test_migrate_split_run();
	failed += test_migrate_lex_run();
	failed += test_migrate_dir_sum_run();
	failed += test_migrate_rev_run();
	failed += test_migrate_interrupt_run();
	return failed > 0 ? 1 : 0;
}
