/* SPDX-License-Identifier: MIT */
/*
 * tests/fuzz/fuzz.h: what every fuzz target includes. A target defines
 * LLVMFuzzerTestOneInput; it is linked with libFuzzer in the fuzz build
 * (STRATA_FUZZ=ON, clang) and with replay.c everywhere else, where it
 * runs the seed corpus and the regression inputs once.
 */
#ifndef STRATA_TESTS_FUZZ_FUZZ_H
#define STRATA_TESTS_FUZZ_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * A property the code under test must keep: abort (a crash to libFuzzer)
 * with the failed condition when it does not.
 */
#define FUZZ_CHECK(cond)                                                \
	do {                                                            \
		if (!(cond)) {                                          \
			fprintf(stderr, "%s:%d: property failed: %s\n", \
			        __FILE__, __LINE__, #cond);             \
			abort();                                        \
		}                                                       \
	} while (0)

#endif
