/* SPDX-License-Identifier: MIT */
/*
 * tests/roundtrip/roundtrip.c: the round-trip property over a corpus of
 * schema pairs. For each pair (A, B) of a testdata/roundtrip/<dialect>.txt
 * file, in both directions: a database holding A, changed by
 * plan(diff(A, B)), inspects equal to B; and diff(B, B) is empty.
 *
 *   roundtrip <pairs-file> <db-url> <dev-url>
 *   roundtrip --schema <db-url> <dev-url> <file.sql>...
 *   roundtrip --hcl <db-url> <dev-url> [<file.sql>...]
 *
 * The second form loads one real schema (files in order) into the
 * database, prints it as SQL, loads that into the dev database and checks
 * both inspect equal. The third does the same through Atlas HCL: the
 * database (loaded from the files, or as it is when none are given) is
 * written as `schema inspect` writes HCL, the document is loaded onto the
 * empty dev database as `schema apply --to file://x.hcl` loads it, and
 * both must inspect equal.
 *
 * For servers, the URLs name a scratch database or schema that the test
 * resets before each pair. Ends with "N passed, N failed".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "driver.h"
#include "output.h"
#include "plan.h"
#include "ut.h"

typedef struct pair {
	char *name;
	ut_buf a, b;
} pair;

static int load(dl_conn *c, const char *label, const ut_buf *sql)
{
	mg_split_opts o = mg_split_opts_for_driver(c->drv);
	return mg_exec_text(c, label, sql->ptr, sql->len, &o);
}

static void dump_changes(const sm_changes *ch)
{
	for (size_t i = 0; i < ch->items.len; i++) {
		const sm_change *x = ch->items.items[i];
		ut_buf q = UT_BUF_INIT;
		sm_object_qname(&q, x->to ? x->to : x->from);
		fprintf(stderr, "    change %d on %s %s mask %#x\n", x->op,
			sm_kind_name(x->kind), q.ptr, x->mask);
		for (size_t j = 0; j < x->subs.len; j++) {
			const sm_change *y = x->subs.items[j];
			ut_buf_reset(&q);
			sm_object_qname(&q, y->to ? y->to : y->from);
			fprintf(stderr, "      sub %d on %s %s mask %#x\n", y->op,
				sm_kind_name(y->kind), q.ptr, y->mask);
		}
		ut_buf_release(&q);
	}
}

/* One direction: from A to B. Returns 0 when the property holds. */
static int one_way(dl_conn *db, dl_conn *dev, const char *name,
		   const ut_buf *a, const ut_buf *b)
{
	sm_realm *ra = NULL, *rb = NULL, *after = NULL;
	sm_changes *ch = NULL, *left = NULL, *self = NULL;
	dl_plan *plan = NULL;
	dl_plan_opts po = { 0 };
	sm_diff_opts dopts = { .ignore_schema_names = true };
	int error = -1;

	if (db->drv->reset(db) < 0 || dev->drv->reset(dev) < 0 ||
	    load(db, "A", a) < 0 || load(dev, "B", b) < 0 ||
	    dl_inspect(&ra, db, NULL) < 0 || dl_inspect(&rb, dev, NULL) < 0) {
		fprintf(stderr, "  %s: setup: %s\n", name, ut_error_last()->msg);
		goto done;
	}
	if (sm_diff(&self, rb, rb, &dopts) < 0 || !sm_changes_empty(self)) {
		fprintf(stderr, "  %s: diff(B, B) is not empty\n", name);
		goto done;
	}
	if (sm_diff(&ch, ra, rb, &dopts) < 0 ||
	    db->drv->plan(&plan, db, ch, &po) < 0) {
		fprintf(stderr, "  %s: plan: %s\n", name, ut_error_last()->msg);
		goto done;
	}
	if (mg_plan_exec(db, plan, true, NULL) < 0) {
		fprintf(stderr, "  %s: apply: %s\n", name, ut_error_last()->msg);
		for (size_t i = 0; i < plan->stmts.len; i++)
			fprintf(stderr, "    %s;\n", plan->stmts.items[i].sql);
		goto done;
	}
	if (dl_inspect(&after, db, NULL) < 0 ||
	    sm_diff(&left, after, rb, &dopts) < 0) {
		fprintf(stderr, "  %s: reinspect: %s\n", name, ut_error_last()->msg);
		goto done;
	}
	if (!sm_changes_empty(left)) {
		fprintf(stderr, "  %s: the database differs from B after the plan:\n",
			name);
		dump_changes(left);
		for (size_t i = 0; i < plan->stmts.len; i++)
			fprintf(stderr, "    plan: %s;\n", plan->stmts.items[i].sql);
		goto done;
	}
	error = 0;
done:
	ut_error_clear();
	dl_plan_free(plan);
	sm_changes_free(ch);
	sm_changes_free(left);
	sm_changes_free(self);
	sm_realm_free(ra);
	sm_realm_free(rb);
	sm_realm_free(after);
	return error;
}

/*
 * Pairs file: "=== name" starts a pair, "--- from" and "--- to" start its
 * two SQL texts.
 */
static int parse(pair **out, size_t *n, const char *text)
{
	pair *v = NULL;
	size_t len = 0;
	ut_buf *cur = NULL;

	for (const char *p = text; *p;) {
		const char *nl = strchr(p, '\n');
		size_t l = nl ? (size_t)(nl - p) : strlen(p);
		if (l > 4 && strncmp(p, "=== ", 4) == 0) {
			v = ut_xrealloc(v, (len + 1) * sizeof(*v));
			v[len].name = ut_xstrndup(p + 4, l - 4);
			ut_buf_init(&v[len].a);
			ut_buf_init(&v[len].b);
			len++;
			cur = NULL;
		} else if (l == 8 && strncmp(p, "--- from", 8) == 0 && len) {
			cur = &v[len - 1].a;
		} else if (l == 6 && strncmp(p, "--- to", 6) == 0 && len) {
			cur = &v[len - 1].b;
		} else if (cur) {
			ut_buf_put(cur, p, l);
			ut_buf_putc(cur, '\n');
		}
		p += l + (nl ? 1 : 0);
	}
	*out = v;
	*n = len;
	return 0;
}

/*
 * r1 as HCL, loaded on dev through mg_state_load (the path of
 * `--to file://x.hcl`), inspected back into *out.
 */
static int through_hcl(sm_realm **out, const sm_realm *r1, dl_conn *dev)
{
	ut_buf text = UT_BUF_INIT;
	char *dir = NULL, *path = NULL, *url = NULL;
	int error;

	*out = NULL;
	sm_write_hcl(&text, r1);
	if ((error = ut_mkdtemp(&dir, "strata-rt")) < 0)
		goto done;
	path = ut_path_join(dir, "schema.hcl");
	url = ut_xasprintf("file://%s", path);
	if ((error = ut_file_write_atomic(path, text.ptr, text.len)) < 0)
		goto done;
	error = mg_state_load(out, (const char *const *)&url, 1, dev, NULL);
	if (error < 0 || getenv("STRATA_RT_KEEP"))
		fprintf(stderr, "  HCL document kept in %s\n", path);
	else
		ut_rm_rf(dir);
done:
	ut_buf_release(&text);
	free(dir);
	free(path);
	free(url);
	return error;
}

static int schema_roundtrip(dl_conn *db, dl_conn *dev, int nfiles,
			    char **files, bool hcl)
{
	sm_realm *r1 = NULL, *r2 = NULL, *empty = NULL;
	sm_changes *ch = NULL, *left = NULL;
	dl_plan *plan = NULL;
	dl_plan_opts po = { .dump = true };
	sm_diff_opts dopts = { .ignore_schema_names = true };
	ut_buf text = UT_BUF_INIT;
	const char *what = nfiles ? files[0] : "the database";
	int error = -1;

	if ((nfiles && db->drv->reset(db) < 0) || dev->drv->reset(dev) < 0)
		goto done;
	for (int i = 0; i < nfiles; i++) {
		ut_buf_reset(&text);
		if (ut_file_read(&text, files[i]) < 0 || load(db, files[i], &text) < 0)
			goto done;
	}
	if (dl_inspect(&r1, db, NULL) < 0)
		goto done;
	if (hcl) {
		if (through_hcl(&r2, r1, dev) < 0 ||
		    sm_diff(&left, r1, r2, &dopts) < 0)
			goto done;
		goto compare;
	}
	empty = sm_realm_new(r1->dialect);
	for (size_t i = 0; i < r1->schemas.len; i++)
		sm_schema_add(empty, r1->schemas.items[i]->obj.name);
	if (sm_diff(&ch, empty, r1, &dopts) < 0 ||
	    dev->drv->plan(&plan, dev, ch, &po) < 0 ||
	    mg_plan_exec(dev, plan, true, NULL) < 0 ||
	    dl_inspect(&r2, dev, NULL) < 0 || sm_diff(&left, r1, r2, &dopts) < 0)
		goto done;
compare:
	if (!sm_changes_empty(left)) {
		fprintf(stderr, "  %s: the reloaded schema differs:\n", what);
		dump_changes(left);
		ut_error_set(UT_ERROR, "schema differs after reload");
		goto done;
	}
	printf("ok %s: %zu tables\n", what, sm_realm_table_count(r1));
	error = 0;
done:
	if (error < 0)
		fprintf(stderr, "  %s: %s\n", what, ut_error_last()->msg);
	ut_error_clear();
	ut_buf_release(&text);
	dl_plan_free(plan);
	sm_changes_free(ch);
	sm_changes_free(left);
	sm_realm_free(r1);
	sm_realm_free(r2);
	sm_realm_free(empty);
	return error;
}

int main(int argc, char **argv)
{
	ut_buf text = UT_BUF_INIT;
	dl_conn *db = NULL, *dev = NULL;
	pair *pairs = NULL;
	size_t n = 0, passed = 0, failed = 0;

	if ((argc >= 5 && strcmp(argv[1], "--schema") == 0) ||
	    (argc >= 4 && strcmp(argv[1], "--hcl") == 0)) {
		bool hcl = strcmp(argv[1], "--hcl") == 0;
		int e;
		if (dl_open(&db, argv[2]) < 0 || dl_open(&dev, argv[3]) < 0) {
			fprintf(stderr, "roundtrip: %s\n", ut_error_last()->msg);
			printf("0 passed, 1 failed\n");
			return 1;
		}
		e = schema_roundtrip(db, dev, argc - 4, argv + 4, hcl);
		if (argc > 4)
			db->drv->reset(db);
		dev->drv->reset(dev);
		dl_close(db);
		dl_close(dev);
		printf("%d passed, %d failed\n", e == 0, e != 0);
		return e == 0 ? 0 : 1;
	}
	if (argc != 4) {
		fprintf(stderr, "usage: roundtrip <pairs-file> <db-url> <dev-url>\n");
		return 2;
	}
	if (ut_file_read(&text, argv[1]) < 0 || dl_open(&db, argv[2]) < 0 ||
	    dl_open(&dev, argv[3]) < 0) {
		fprintf(stderr, "roundtrip: %s\n", ut_error_last()->msg);
		printf("0 passed, 1 failed\n");
		return 1;
	}
	parse(&pairs, &n, text.ptr);
	for (size_t i = 0; i < n; i++) {
		char *back = ut_xasprintf("%s (reverse)", pairs[i].name);
		int e1 = one_way(db, dev, pairs[i].name, &pairs[i].a, &pairs[i].b);
		int e2 = one_way(db, dev, back, &pairs[i].b, &pairs[i].a);
		if (e1 == 0 && e2 == 0) {
			passed++;
		} else {
			failed++;
			printf("FAIL %s\n", pairs[i].name);
		}
		free(back);
		free(pairs[i].name);
		ut_buf_release(&pairs[i].a);
		ut_buf_release(&pairs[i].b);
	}
	db->drv->reset(db);
	dev->drv->reset(dev);
	ut_error_clear();
	free(pairs);
	ut_buf_release(&text);
	dl_close(db);
	dl_close(dev);
	printf("%zu passed, %zu failed\n", passed, failed);
	return failed || n == 0 ? 1 : 0;
}
