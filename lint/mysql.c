/* SPDX-License-Identifier: MIT */
/*
 * lint/mysql.c: MY110-MY113 and MY120-MY123, ENUM and SET changes that
 * MySQL cannot do in place (it copies the table): removing or reordering
 * values, inserting before the end, or changing the storage size.
 */
#include <string.h>

#include "atlas_int.h"
#include "ut.h"

#define MAXV 1024

/* Values of enum('a','b') / set(...); returns their count, -1 if not one. */
static int values(const char *type, const char *kw, const char **out,
		  size_t *lens)
{
	const char *p;
	int n = 0;

	if (!type || !ut_str_nieq(type, kw, strlen(kw)) ||
	    type[strlen(kw)] != '(')
		return -1;
	p = type + strlen(kw) + 1;
	while (*p && *p != ')' && n < MAXV) {
		const char *q;
		if (*p != '\'') {
			p++;
			continue;
		}
		q = ++p;
		while (*q && !(*q == '\'' && q[1] != '\'')) {
			if (*q == '\'')
				q++;
			q++;
		}
		out[n] = p;
		lens[n] = (size_t)(q - p);
		n++;
		p = *q ? q + 1 : q;
	}
	return n;
}

static int find(const char **v, const size_t *l, int n, const char *x,
		size_t xl)
{
	for (int i = 0; i < n; i++)
		if (l[i] == xl && memcmp(v[i], x, xl) == 0)
			return i;
	return -1;
}

static int set_bytes(int n)
{
	return n <= 8 ? 1 : n <= 16 ? 2 : n <= 24 ? 3 : n <= 32 ? 4 : 8;
}

static void check_col(lt_file *f, const lt_stmt *s, const sm_table *t,
		      const sm_column *a, const sm_column *b)
{
	static const char *av[MAXV], *bv[MAXV];
	static size_t al[MAXV], bl[MAXV];
	const char *kw = "enum";
	const char *codes[4] = { "MY110", "MY111", "MY112", "MY113" };
	int na, nb, last = -1;
	bool removed = false, reordered = false, middle = false;

	na = values(a->type, kw, av, al);
	if (na < 0) {
		kw = "set";
		codes[0] = "MY120";
		codes[1] = "MY121";
		codes[2] = "MY122";
		codes[3] = "MY123";
		na = values(a->type, kw, av, al);
	}
	nb = values(b->type, kw, bv, bl);
	if (na < 0 || nb < 0)
		return;
	for (int i = 0; i < na; i++) {
		int j = find(bv, bl, nb, av[i], al[i]);
		if (j < 0)
			removed = true;
		else if (j < last)
			reordered = true;
		else
			last = j;
	}
	for (int j = 0; j < nb; j++)
		if (find(av, al, na, bv[j], bl[j]) < 0 && j < na)
			middle = true;
	if (removed)
		lt_emit(f, s, codes[0], NULL,
			"Removing values from the %s column %s of table %s copies the table",
			kw, lt_q(f, b->obj.name), lt_q(f, t->obj.name));
	else if (reordered)
		lt_emit(f, s, codes[1], NULL,
			"Reordering the values of the %s column %s of table %s copies the table",
			kw, lt_q(f, b->obj.name), lt_q(f, t->obj.name));
	else if (middle)
		lt_emit(f, s, codes[2], NULL,
			"Inserting values before the end of the %s column %s of table %s copies the table",
			kw, lt_q(f, b->obj.name), lt_q(f, t->obj.name));
	else if (strcmp(kw, "enum") == 0 ? (na <= 255) != (nb <= 255)
					  : set_bytes(na) != set_bytes(nb))
		lt_emit(f, s, codes[3], NULL,
			"Changing the storage size of the %s column %s of table %s copies the table",
			kw, lt_q(f, b->obj.name), lt_q(f, t->obj.name));
}

void lt_check_mysql_copy(lt_file *f)
{
	if (!lt_is(f, "mysql"))
		return;
	for (size_t i = 0; i < f->nstmts; i++) {
		const lt_stmt *s = &f->stmts[i];
		for (size_t j = 0; j < s->changes.len; j++) {
			const sm_change *c = s->changes.items[j];
			const sm_table *t = lt_chg_table(c);
			if (!t || c->op != SM_OP_MODIFY || lt_added(f, &t->obj))
				continue;
			for (size_t x = 0; x < c->subs.len; x++) {
				const sm_change *sc = c->subs.items[x];
				if (sc->kind == SM_COLUMN &&
				    sc->op == SM_OP_MODIFY &&
				    (sc->mask & SM_CHG_TYPE))
					check_col(f, s, t,
						  (const sm_column *)sc->from,
						  (const sm_column *)sc->to);
			}
		}
	}
}
