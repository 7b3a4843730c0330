/* SPDX-License-Identifier: MIT */
/*
 * bench/diff_bench.c: times sm_diff on two realms of 5,000 tables (10
 * columns, 2 indexes and 1 FK each); the second realm has one more table
 * and 50 changed columns. Target: well under 0.2 s per diff.
 *
 *   bench_diff [tables] [runs]
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "diff.h"
#include "ut.h"

static void build_table(sm_realm *r, sm_schema *s, int n, bool changed)
{
	char name[64];
	sm_table *t;
	sm_index *ix;
	sm_foreign_key *fk;

	snprintf(name, sizeof(name), "table_%05d", n);
	t = sm_table_add(r, s, name);
	for (int c = 0; c < 10; c++) {
		sm_column *col;

		snprintf(name, sizeof(name), "column_%02d", c);
		col = sm_column_add(
		        r, t, name,
		        c == 0 ? "integer"
		               : (changed && c == 5 ? "bigint" : "text"));
		col->nullable = c != 0;
	}
	sm_index_add_column(r, sm_pk_set(r, t, ""), "column_00", false);
	snprintf(name, sizeof(name), "idx_%05d_a", n);
	ix = sm_index_add(r, t, name);
	sm_index_add_column(r, ix, "column_01", false);
	snprintf(name, sizeof(name), "idx_%05d_b", n);
	ix = sm_index_add(r, t, name);
	ix->unique = true;
	sm_index_add_column(r, ix, "column_02", false);
	sm_index_add_column(r, ix, "column_03", true);
	/* unnamed, as SQLite reports them: matched by definition */
	fk = sm_fk_add(r, t, "");
	sm_strs_add(r, &fk->columns, "column_04");
	snprintf(name, sizeof(name), "table_%05d", n ? n - 1 : 0);
	fk->ref_table = sm_strdup(r, name);
	sm_strs_add(r, &fk->ref_columns, "column_00");
}

static sm_realm *build(int tables, bool second)
{
	sm_realm *r = sm_realm_new("sqlite");
	sm_schema *s = sm_schema_add(r, "main");

	/* the second realm changes column_05 of every 100th table (50) */
	for (int i = 0; i < tables; i++)
		build_table(r, s, i,
		            second && i % (tables / 50 ? tables / 50 : 1) == 0);
	if (second)
		build_table(r, s, tables, false);
	return r;
}

int main(int argc, char **argv)
{
	int tables = argc > 1 ? (int)strtol(argv[1], NULL, 10) : 5000;
	int runs = argc > 2 ? (int)strtol(argv[2], NULL, 10) : 10;
	int64_t best = INT64_MAX, total = 0;
	size_t nchanges = 0, nsubs = 0;
	sm_realm *a, *b;
	struct rusage ru;

	if (tables < 1 || runs < 1) {
		fprintf(stderr, "usage: bench_diff [tables] [runs]\n");
		return 2;
	}
	a = build(tables, false);
	b = build(tables, true);
	for (int i = 0; i < runs; i++) {
		sm_changes *c = NULL;
		int64_t t0 = ut_now_ns(), dt;

		if (sm_diff(&c, a, b, NULL) < 0) {
			fprintf(stderr, "bench_diff: %s\n",
			        ut_error_last()->msg);
			return 1;
		}
		dt = ut_now_ns() - t0;
		total += dt;
		if (dt < best)
			best = dt;
		nchanges = c->items.len;
		nsubs = 0;
		for (size_t j = 0; j < c->items.len; j++)
			nsubs += c->items.items[j]->subs.len;
		sm_changes_free(c);
	}
	getrusage(RUSAGE_SELF, &ru);
	printf("sm_diff: %d tables x 10 columns, %d runs: best %.4f s, "
	       "mean %.4f s (target < 0.2 s)\n",
	       tables, runs, (double)best / 1e9, (double)total / runs / 1e9);
	printf("changes: %zu top-level, %zu inside tables\n", nchanges, nsubs);
	printf("peak RSS: %ld KiB\n", ru.ru_maxrss);
	sm_realm_free(a);
	sm_realm_free(b);
	return 0;
}
