/* SPDX-License-Identifier: MIT */
/*
 * tests/fuzz/fuzz_sum.c: the atlas.sum parser (migrate/sum.h). A file that
 * parses must format back to text that parses to the same sum.
 */
#include <string.h>

#include "fuzz.h"
#include "sum.h"
#include "ut.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	mg_sum sum, again;
	ut_buf text = UT_BUF_INIT;
	int error = mg_sum_parse(&sum, (const char *)data, size);

	if (error < 0) {
		FUZZ_CHECK(error == UT_ECHECKSUM);
		FUZZ_CHECK(ut_error_last()->msg && *ut_error_last()->msg);
		FUZZ_CHECK(sum.entries == NULL && sum.len == 0);
		ut_error_clear();
		return 0;
	}
	FUZZ_CHECK(strlen(sum.total) == 44);
	mg_sum_format(&text, &sum);
	FUZZ_CHECK(mg_sum_parse(&again, text.ptr, text.len) == 0);
	FUZZ_CHECK(strcmp(sum.total, again.total) == 0);
	FUZZ_CHECK(sum.len == again.len);
	for (size_t i = 0; i < sum.len; i++) {
		FUZZ_CHECK(strcmp(sum.entries[i].name, again.entries[i].name) ==
		           0);
		FUZZ_CHECK(strcmp(sum.entries[i].hash, again.entries[i].hash) ==
		           0);
	}
	mg_sum_release(&again);
	mg_sum_release(&sum);
	ut_buf_release(&text);
	return 0;
}
