/* SPDX-License-Identifier: MIT */
/*
 * util/arena.h: a chunk allocator freed all at once. Used for realms,
 * ASTs and reports. With STRATA_ARENA_DEBUG every allocation is its own
 * malloc, so ASan and valgrind see the bounds of each object.
 */
#ifndef STRATA_UTIL_ARENA_H
#define STRATA_UTIL_ARENA_H

#include <stddef.h>

typedef struct ut_arena_block ut_arena_block;

typedef struct ut_arena {
	ut_arena_block *head;
	char *cur;   /* next free byte in head */
	char *end;   /* end of head */
	size_t used; /* bytes handed out, for statistics */
} ut_arena;

#define UT_ARENA_INIT { 0 }

void ut_arena_init(ut_arena *a);
/* Zeroed, max-aligned, never NULL. */
void *ut_arena_alloc(ut_arena *a, size_t size);
/* Grows an arena array: copies old_n bytes into a new block of new_n. */
void *ut_arena_realloc(ut_arena *a, void *old, size_t old_n, size_t new_n);
char *ut_arena_strdup(ut_arena *a, const char *s);
char *ut_arena_strndup(ut_arena *a, const char *s, size_t n);
char *ut_arena_printf(ut_arena *a, const char *fmt, ...) UT_PRINTF(2, 3);
/* Frees every block at once; the arena is empty and reusable after. */
void ut_arena_release(ut_arena *a);

#endif
