/* SPDX-License-Identifier: MIT */
/*
 * bench/sqlite_inspect_bench.c: inspection speed of a large SQLite
 * database. Creates a file with N tables (10 columns, 2 indexes and 1
 * foreign key each; N = 5000 by default), then inspects it several times
 * through dl_inspect and prints the seconds per run and the peak RSS.
 * Target: under 1 s per inspection and under 200 MB.
 *
 *   bench_sqlite_inspect [tables [rounds [path]]]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "driver.h"
#include "schema.h"
#include "ut.h"

static void gen(ut_buf *b, unsigned n)
{
	ut_buf_puts(b, "BEGIN;\n");
	for (unsigned i = 0; i < n; i++) {
		ut_buf_printf(
		        b,
		        "CREATE TABLE \"t_%u\" (\n"
		        "  id integer PRIMARY KEY AUTOINCREMENT,\n"
		        "  name varchar(255) NOT NULL DEFAULT 'x' COLLATE NOCASE,\n"
		        "  price decimal(10,2) DEFAULT 0 CHECK (price >= 0),\n"
		        "  code char(3),\n"
		        "  created datetime DEFAULT CURRENT_TIMESTAMP,\n"
		        "  data json,\n"
		        "  flag boolean NOT NULL DEFAULT false,\n"
		        "  body text,\n"
		        "  total int GENERATED ALWAYS AS (price * 2) VIRTUAL,\n"
		        "  parent_id integer CONSTRAINT \"fk_%u\" REFERENCES \"t_%u\" (id) ON DELETE CASCADE\n"
		        ");\n"
		        "CREATE INDEX \"t_%u_name\" ON \"t_%u\" (name, created DESC);\n"
		        "CREATE INDEX \"t_%u_lower\" ON \"t_%u\" (lower(body)) WHERE flag;\n",
		        i, i, i ? i - 1 : 0, i, i, i, i);
	}
	ut_buf_puts(b, "COMMIT;\n");
}

static long peak_rss_kb(void)
{
	struct rusage ru;

	if (getrusage(RUSAGE_SELF, &ru) < 0)
		return -1;
	return ru.ru_maxrss; /* kilobytes on Linux */
}

int main(int argc, char **argv)
{
	unsigned n = argc > 1 ? (unsigned)strtoul(argv[1], NULL, 10) : 5000;
	int rounds = argc > 2 ? (int)strtol(argv[2], NULL, 10) : 5;
	char *dir = NULL, *path, *url;
	ut_buf sql = UT_BUF_INIT;
	dl_conn *c = NULL;
	double best = 1e9, total = 0;
	int64_t t0;
	int rc = 1;

	if (argc > 3) {
		path = ut_xstrdup(argv[3]);
	} else {
		if (ut_mkdtemp(&dir, "strata-bench") < 0) {
			fprintf(stderr, "bench: %s\n", ut_error_last()->msg);
			return 1;
		}
		path = ut_path_join(dir, "bench.db");
	}
	url = ut_xasprintf("sqlite://%s", path);
	if (dl_open(&c, url) < 0)
		goto fail;
	if (c->drv->check_clean(c, NULL) == 0) {
		gen(&sql, n);
		t0 = ut_now_ns();
		if (c->drv->exec(c, sql.ptr, sql.len) < 0)
			goto fail;
		printf("created %u tables in %.3f s (%s)\n", n,
		       (double)(ut_now_ns() - t0) / 1e9, path);
	} else {
		ut_error_clear();
		printf("using the existing database %s\n", path);
	}
	/* a fresh connection: nothing of the schema is cached */
	dl_close(c);
	c = NULL;
	if (dl_open(&c, url) < 0)
		goto fail;
	for (int i = 0; i < rounds; i++) {
		sm_realm *r = NULL;
		double s;
		size_t cols = 0, idx = 0, fks = 0;

		t0 = ut_now_ns();
		if (dl_inspect(&r, c, NULL) < 0)
			goto fail;
		s = (double)(ut_now_ns() - t0) / 1e9;
		for (size_t k = 0; k < r->schemas.items[0]->tables.len; k++) {
			sm_table *t = r->schemas.items[0]->tables.items[k];
			cols += t->columns.len;
			idx += t->indexes.len;
			fks += t->fks.len;
		}
		printf("inspect %d: %.3f s (%zu tables, %zu columns, %zu indexes, %zu fks)\n",
		       i + 1, s, sm_realm_table_count(r), cols, idx, fks);
		sm_realm_free(r);
		total += s;
		if (s < best)
			best = s;
	}
	printf("best %.3f s, mean %.3f s, peak RSS %.1f MB (target < 1 s, < 200 MB)\n",
	       best, rounds ? total / rounds : 0, (double)peak_rss_kb() / 1024);
	rc = 0;
	goto done;
fail:
	fprintf(stderr, "bench: %s\n", ut_error_last()->msg);
done:
	dl_close(c);
	ut_buf_release(&sql);
	if (dir) {
		ut_rm_rf(dir);
		free(dir);
	}
	free(path);
	free(url);
	return rc;
}
