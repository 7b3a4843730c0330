/* SPDX-License-Identifier: MIT */
/* util/vec.c: growth for the typed vectors of vec.h. */
#include <stdlib.h>
#include <string.h>

#include "ut.h"

static size_t next_cap(size_t cap, size_t need)
{
	size_t c = cap ? cap : 4;
	while (c < need)
		c *= 2;
	return c;
}

void ut_vec__grow(void **items, size_t *cap, size_t elem, size_t need)
{
	size_t c = next_cap(*cap, need);
	*items = ut_xrealloc(*items, c * elem);
	*cap = c;
}

void ut_vec__agrow(ut_arena *a, void **items, size_t *cap, size_t elem,
		   size_t need)
{
	size_t c = next_cap(*cap, need);
	*items = ut_arena_realloc(a, *items, *cap * elem, c * elem);
	*cap = c;
}
