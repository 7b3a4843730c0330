/* SPDX-License-Identifier: MIT */
/*
 * bench/hcl_bench.c: parses and evaluates a generated HCL schema of
 * 10,000 tables (6 columns, a primary key, an index and a foreign key
 * each, in the form `schema inspect` writes) into a realm. Target: < 1 s.
 *
 *   bench_hcl [tables] [runs]
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

#include "hclin.h"
#include "schema.h"
#include "ut.h"

static void gen(ut_buf *b, int tables)
{
	for (int t = 0; t < tables; t++) {
		ut_buf_printf(b, "table \"table_%05d\" {\n  schema = schema.main\n", t);
		ut_buf_puts(b, "  column \"id\" {\n    null = false\n    type = bigint\n  }\n");
		for (int c = 0; c < 4; c++)
			ut_buf_printf(b,
				      "  column \"col_%d\" {\n    null    = true\n"
				      "    type    = varchar(%d)\n    default = \"x%d\"\n  }\n",
				      c, 32 + c, c);
		ut_buf_puts(b, "  column \"parent_id\" {\n    null = true\n    type = bigint\n  }\n");
		ut_buf_puts(b, "  primary_key {\n    columns = [column.id]\n  }\n");
		if (t > 0)
			ut_buf_printf(b,
				      "  foreign_key \"fk_%05d\" {\n    columns     = [column.parent_id]\n"
				      "    ref_columns = [table.table_%05d.column.id]\n"
				      "    on_update   = NO_ACTION\n    on_delete   = CASCADE\n  }\n",
				      t, t - 1);
		ut_buf_printf(b,
			      "  index \"idx_%05d\" {\n    unique  = true\n"
			      "    columns = [column.col_0, column.col_1]\n  }\n}\n",
			      t);
	}
	ut_buf_puts(b, "schema \"main\" {\n}\n");
}

int main(int argc, char **argv)
{
	int tables = argc > 1 ? (int)strtol(argv[1], NULL, 10) : 10000;
	int runs = argc > 2 ? (int)strtol(argv[2], NULL, 10) : 5;
	ut_buf text = UT_BUF_INIT;
	double best = 1e9, sum = 0, cpu_best = 1e9;
	struct rusage ru;

	gen(&text, tables);
	for (int i = 0; i < runs; i++) {
		sm_realm *r;
		struct timespec c0, c1;
		int64_t t0 = ut_now_ns();
		clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
		if (sm_hcl_read_text(&r, "sqlite", "bench.hcl", text.ptr, text.len) < 0) {
			fprintf(stderr, "bench_hcl: %s\n", ut_error_last()->msg);
			return 1;
		}
		double s = (double)(ut_now_ns() - t0) / 1e9;
		clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1);
		double cpu = (double)(c1.tv_sec - c0.tv_sec) +
			     (double)(c1.tv_nsec - c0.tv_nsec) / 1e9;
		cpu_best = cpu < cpu_best ? cpu : cpu_best;
		if (i == 0)
			printf("realm: %zu tables\n", sm_realm_table_count(r));
		sm_realm_free(r);
		best = s < best ? s : best;
		sum += s;
	}
	printf("hcl read: %d tables (%.1f MB of HCL), %d runs: best %.3f s, mean %.3f s (target < 1 s)\n",
	       tables, (double)text.len / 1e6, runs, best, sum / runs);
	getrusage(RUSAGE_SELF, &ru);
	printf("cpu time: best %.3f s (wall time includes waiting on a busy machine)\n",
	       cpu_best);
	printf("peak RSS: %ld KiB\n", ru.ru_maxrss);
	ut_buf_release(&text);
	return 0;
}
