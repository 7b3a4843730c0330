/* SPDX-License-Identifier: MIT */
/*
 * bench/erd_bench.c: times the offline HTML ERD (sm_write_html) of a realm
 * of 2,000 tables (12 columns, a primary key, 2 indexes, 1-3 foreign keys
 * and comments each), with every table's CREATE statement planned by the
 * SQLite driver for the side panel, as `schema inspect --format html`
 * does. Targets: under 1 s and under 10 MB. Prints the best of the runs
 * and the document size; exits 1 when a target is missed.
 *
 *   bench_erd [tables] [runs]
 */
#include <stdio.h>
#include <stdlib.h>

#include "driver.h"
#include "erd.h"
#include "plan.h"
#include "ut.h"

static void build_table(sm_realm *r, sm_schema *s, int n)
{
	char name[64];
	sm_table *t;
	sm_index *ix;

	snprintf(name, sizeof(name), "table_%05d", n);
	t = sm_table_add(r, s, name);
	t->obj.comment = sm_strdup(r, "a table of the benchmark realm");
	for (int c = 0; c < 12; c++) {
		sm_column *col;

		snprintf(name, sizeof(name),
		         c < 3 ? "ref_%02d_id" : "column_%02d", c);
		col = sm_column_add(r, t, c == 0 ? "id" : name,
		                    c < 3 ? "integer" : "varchar(255)");
		col->nullable = c != 0;
		if (c == 5)
			col->default_expr = sm_strdup(r, "'none'");
		if (c == 6)
			col->obj.comment =
			        sm_strdup(r, "what the column holds");
	}
	sm_index_add_column(r, sm_pk_set(r, t, ""), "id", false);
	snprintf(name, sizeof(name), "idx_%05d_a", n);
	ix = sm_index_add(r, t, name);
	sm_index_add_column(r, ix, "column_03", false);
	snprintf(name, sizeof(name), "idx_%05d_b", n);
	ix = sm_index_add(r, t, name);
	ix->unique = true;
	sm_index_add_column(r, ix, "column_04", false);
	sm_index_add_column(r, ix, "column_05", true);
	for (int k = 1; n > 0 && k <= 1 + n % 3 && k < 3; k++) {
		sm_foreign_key *fk;

		snprintf(name, sizeof(name), "fk_%05d_%d", n, k);
		fk = sm_fk_add(r, t, name);
		snprintf(name, sizeof(name), "ref_%02d_id", k);
		sm_strs_add(r, &fk->columns, name);
		snprintf(name, sizeof(name), "table_%05d", (n * 7 + k) % n);
		fk->ref_table = sm_strdup(r, name);
		sm_strs_add(r, &fk->ref_columns, "id");
	}
}

/* The CREATE statements of one table, as cmd_table_sql plans them. */
static int table_sql(ut_buf *out, const sm_table *t, void *payload)
{
	dl_conn *conn = payload;
	sm_change add = { .op = SM_OP_ADD, .kind = SM_TABLE, .to = &t->obj };
	sm_change *items[1] = { &add };
	sm_changes ch;
	dl_plan *plan = NULL;
	dl_plan_opts po = { .dump = true };
	int error;

	memset(&ch, 0, sizeof(ch));
	ch.items.items = items;
	ch.items.len = ch.items.cap = 1;
	if ((error = conn->drv->plan(&plan, conn, &ch, &po)) < 0)
		return error;
	mg_plan_format(out, plan, NULL);
	dl_plan_free(plan);
	return 0;
}

int main(int argc, char **argv)
{
	int tables = argc > 1 ? (int)strtol(argv[1], NULL, 10) : 2000;
	int runs = argc > 2 ? (int)strtol(argv[2], NULL, 10) : 5;
	sm_realm *r = sm_realm_new("sqlite");
	sm_schema *s = sm_schema_add(r, "main");
	dl_conn conn = { .drv = dl_find("sqlite") };
	sm_erd_opts opts = { .table_sql = table_sql, .payload = &conn };
	int64_t best = INT64_MAX, best_dot = INT64_MAX;
	size_t size = 0, dot_size = 0;
	bool ok;

	if (!conn.drv) {
		fprintf(stderr, "bench_erd: no sqlite driver\n");
		return 2;
	}
	for (int i = 0; i < tables; i++)
		build_table(r, s, i);
	for (int i = 0; i < runs; i++) {
		ut_buf out = UT_BUF_INIT;
		int64_t t0 = ut_now_ns(), dt;

		if (sm_write_html(&out, r, &opts) < 0) {
			fprintf(stderr, "bench_erd: %s\n",
			        ut_error_last()->msg);
			return 2;
		}
		dt = ut_now_ns() - t0;
		best = dt < best ? dt : best;
		size = out.len;
		ut_buf_release(&out);

		t0 = ut_now_ns();
		sm_write_dot(&out, r);
		dt = ut_now_ns() - t0;
		best_dot = dt < best_dot ? dt : best_dot;
		dot_size = out.len;
		ut_buf_release(&out);
	}
	ok = best < 1000000000LL && size < 10u * 1000 * 1000;
	printf("erd html: %d tables, %.3f s, %.2f MB (best of %d; target < 1 s, "
	       "< 10 MB) %s\n",
	       tables, (double)best / 1e9, (double)size / 1e6, runs,
	       ok ? "ok" : "MISSED");
	printf("erd dot: %d tables, %.3f s, %.2f MB\n", tables,
	       (double)best_dot / 1e9, (double)dot_size / 1e6);
	sm_realm_free(r);
	return ok ? 0 : 1;
}
