/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/test.h: what every cmocka unit test includes. cmocka 1.1.x
 * needs stdarg.h, stddef.h, stdint.h and setjmp.h before cmocka.h.
 */
#ifndef STRATA_TESTS_UNIT_TEST_H
#define STRATA_TESTS_UNIT_TEST_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Path of the shared/ folder beside the checkout (STRATA_SHARED_DIR). */
#define TEST_SHARED_DIR STRATA_SHARED_DIR
/* Path of this repository's testdata/. */
#define TEST_DATA_DIR STRATA_TESTDATA_DIR

/*
 * Runs the group with argv[1] as cmocka's test filter, so
 * `test_migrate 'test_migrate_split__*'` runs only the matching tests (a glob).
 */
#define TEST_MAIN(tests)                                                      \
	int main(int argc, char **argv)                                       \
	{                                                                     \
		if (argc > 1)                                                 \
			cmocka_set_test_filter(argv[1]);                      \
		return cmocka_run_group_tests(tests, NULL, NULL);             \
	}

#endif
