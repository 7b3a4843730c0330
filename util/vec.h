/* SPDX-License-Identifier: MIT */
/*
 * util/vec.h: typed growable arrays.
 *
 *   UT_VEC(int) v = UT_VEC_INIT;
 *   ut_vec_push(&v, 42);
 *   ut_vec_foreach(&v, i, x) use(*x);
 *   ut_vec_release(&v);
 *
 * Heap vectors use ut_xrealloc; ut_vec_apush grows inside an arena
 * instead (for objects owned by a realm; never release those).
 */
#ifndef STRATA_UTIL_VEC_H
#define STRATA_UTIL_VEC_H

#include <stddef.h>

struct ut_arena;

#define UT_VEC(T)                                                             \
	struct {                                                              \
		T *items;                                                     \
		size_t len;                                                   \
		size_t cap;                                                   \
	}
#define UT_VEC_INIT { NULL, 0, 0 }

void ut_vec__grow(void **items, size_t *cap, size_t elem, size_t need);
void ut_vec__agrow(struct ut_arena *a, void **items, size_t *cap, size_t elem,
		   size_t need);

#define ut_vec_reserve(v, n)                                                  \
	((v)->len + (n) > (v)->cap                                            \
		 ? ut_vec__grow((void **)&(v)->items, &(v)->cap,              \
				sizeof(*(v)->items), (v)->len + (n))          \
		 : (void)0)
#define ut_vec_push(v, x)                                                     \
	do {                                                                  \
		ut_vec_reserve(v, 1);                                         \
		(v)->items[(v)->len++] = (x);                                 \
	} while (0)
#define ut_vec_apush(arena, v, x)                                             \
	do {                                                                  \
		if ((v)->len + 1 > (v)->cap)                                  \
			ut_vec__agrow(arena, (void **)&(v)->items, &(v)->cap, \
				      sizeof(*(v)->items), (v)->len + 1);     \
		(v)->items[(v)->len++] = (x);                                 \
	} while (0)
#define ut_vec_release(v)                                                     \
	do {                                                                  \
		free((v)->items);                                             \
		(v)->items = NULL;                                            \
		(v)->len = (v)->cap = 0;                                      \
	} while (0)
#define ut_vec_last(v) ((v)->items[(v)->len - 1])
#define ut_vec_foreach(v, i, p)                                               \
	for (size_t i = 0; i < (v)->len && ((p) = &(v)->items[i], 1); i++)

#endif
