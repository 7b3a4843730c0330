/* SPDX-License-Identifier: MIT */
/*
 * bench/split_bench.c: throughput of the statement splitter. Generates a
 * ~50 MB SQL file of mixed statements (tables with quoted defaults and
 * comments, multi-row inserts, triggers with BEGIN ... END, dollar-quoted
 * functions), then splits it several times with the SQLite and PostgreSQL
 * options and prints MB/s. Target: 200 MB/s or more.
 *
 *   bench_split [size-in-MB [rounds [path]]]
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "split.h"
#include "ut.h"

static uint64_t rng = 0x2545F4914F6CDD1DULL;

static unsigned rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

static const char *const words[] = {
	"alpha",      "beta",     "gamma",     "delta",       "it''s",
	"semi;colon", "O''Brien", "naïve",     "日本",        "a/b",
	"x--y",       "(paren)",  "tab\there", "back\\slash",
};

static void gen_table(ut_buf *b, unsigned id)
{
	unsigned ncols = 4 + rnd(8);

	ut_buf_printf(b,
	              "-- table %u\n/* created by the bench;\n"
	              "   it has %u columns */\n",
	              id, ncols);
	ut_buf_printf(b, "CREATE TABLE \"t_%u\" (\n  id integer PRIMARY KEY",
	              id);
	for (unsigned c = 0; c < ncols; c++) {
		switch (rnd(4)) {
		case 0:
			ut_buf_printf(
			        b, ",\n  c%u varchar(%u) NOT NULL DEFAULT '%s'",
			        c, 16 + rnd(240),
			        words[rnd(UT_ARRAY_SIZE(words))]);
			break;
		case 1:
			ut_buf_printf(
			        b,
			        ",\n  c%u integer CHECK (c%u > %u) -- positive\n",
			        c, c, rnd(100));
			break;
		case 2:
			ut_buf_printf(
			        b, ",\n  \"col %u\" numeric(10, 2) /* money */",
			        c);
			break;
		default:
			ut_buf_printf(b, ",\n  c%u text", c);
			break;
		}
	}
	ut_buf_puts(b, "\n);\n");
	ut_buf_printf(
	        b, "CREATE INDEX \"i_%u\" ON \"t_%u\" (id, (lower(c0)));\n\n",
	        id, id);
}

static void gen_insert(ut_buf *b, unsigned id)
{
	unsigned rows = 5 + rnd(40);

	ut_buf_printf(b, "INSERT INTO \"t_%u\" (id, name, note) VALUES\n", id);
	for (unsigned r = 0; r < rows; r++)
		ut_buf_printf(b, "  (%u, '%s %u', \"%s\")%s\n", r,
		              words[rnd(UT_ARRAY_SIZE(words))], rnd(100000),
		              words[rnd(UT_ARRAY_SIZE(words))],
		              r + 1 < rows ? "," : ";");
}

static void gen_trigger(ut_buf *b, unsigned id)
{
	ut_buf_printf(
	        b,
	        "CREATE TRIGGER \"tr_%u\" AFTER INSERT ON \"t_%u\" BEGIN\n"
	        "  UPDATE audit SET n = n + 1 WHERE name = 't_%u';\n"
	        "  INSERT INTO log VALUES (new.id, 'inserted; ok');\n"
	        "END;\n\n",
	        id, id, id);
}

static void gen_function(ut_buf *b, unsigned id)
{
	ut_buf_printf(b,
	              "CREATE FUNCTION f_%u() RETURNS trigger AS $fn$\n"
	              "BEGIN\n"
	              "  NEW.updated := now(); -- keep; it's fine\n"
	              "  RETURN NEW;\n"
	              "END;\n"
	              "$fn$ LANGUAGE plpgsql;\n\n",
	              id);
}

static void generate(ut_buf *b, size_t target)
{
	unsigned id = 0;

	while (b->len < target) {
		unsigned k = rnd(100);
		id++;
		if (k < 30)
			gen_table(b, id);
		else if (k < 90)
			gen_insert(b, id);
		else if (k < 95)
			gen_trigger(b, id);
		else
			gen_function(b, id);
	}
}

static double run(const char *what, const ut_buf *b, mg_dialect_kind kind,
                  int rounds)
{
	mg_split_opts o = mg_split_opts_for(kind);
	double best = 0, total = 0;
	size_t n = 0;

	for (int r = 0; r < rounds; r++) {
		mg_stmts s = MG_STMTS_INIT;
		int64_t t0 = ut_now_ns(), dt;
		double mbs;

		if (mg_split(&s, b->ptr, b->len, &o) < 0) {
			fprintf(stderr, "split failed: %s\n",
			        ut_error_last()->msg);
			exit(1);
		}
		dt = ut_now_ns() - t0;
		n = s.len;
		mg_stmts_release(&s);
		mbs = (double)b->len / 1e6 / ((double)dt / 1e9);
		total += mbs;
		if (mbs > best)
			best = mbs;
	}
	printf("%-10s %zu statements, best %.0f MB/s, mean %.0f MB/s\n", what,
	       n, best, total / rounds);
	return total / rounds;
}

int main(int argc, char **argv)
{
	size_t mb = argc > 1 ? strtoul(argv[1], NULL, 10) : 50;
	int rounds = argc > 2 ? (int)strtol(argv[2], NULL, 10) : 5;
	const char *path = argc > 3 ? argv[3] : NULL;
	ut_buf gen = UT_BUF_INIT, in = UT_BUF_INIT;
	char *tmp = NULL;
	double sqlite, pg;
	FILE *f;

	if (mb == 0 || rounds <= 0) {
		fprintf(stderr, "usage: bench_split [MB [rounds [path]]]\n");
		return 2;
	}
	generate(&gen, mb * 1000 * 1000);
	if (!path) {
		const char *dir = getenv("TMPDIR");
		tmp = ut_xasprintf("%s/strata_split_bench.sql",
		                   dir && *dir ? dir : "/tmp");
		path = tmp;
	}
	f = fopen(path, "wb");
	if (!f || fwrite(gen.ptr, 1, gen.len, f) != gen.len || fclose(f)) {
		fprintf(stderr, "cannot write '%s'\n", path);
		return 1;
	}
	ut_buf_release(&gen);
	if (ut_file_read(&in, path) < 0) {
		fprintf(stderr, "%s\n", ut_error_last()->msg);
		return 1;
	}
	printf("input %s: %.1f MB, %d rounds\n", path, (double)in.len / 1e6,
	       rounds);
	sqlite = run("sqlite", &in, MG_SPLIT_SQLITE, rounds);
	pg = run("postgres", &in, MG_SPLIT_POSTGRES, rounds);
	printf("%s (target 200 MB/s)\n",
	       sqlite >= 200 && pg >= 200 ? "ok" : "below target");
	if (tmp)
		remove(tmp);
	free(tmp);
	ut_buf_release(&in);
	return 0;
}
