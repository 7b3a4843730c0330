/* SPDX-License-Identifier: MIT */
/*
 * util/arena.c: chunk allocator. Blocks double up to 1 MiB; an allocation
 * larger than a block gets a block of its own. In STRATA_ARENA_DEBUG builds
 * each allocation is its own block, so sanitizers see every object.
 */
#include <stdarg.h>
#include <stdalign.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ut.h"

struct ut_arena_block {
	ut_arena_block *next;
	size_t size;
	alignas(max_align_t) char data[];
};

#define ALIGN (alignof(max_align_t))

void ut_arena_init(ut_arena *a)
{
	memset(a, 0, sizeof(*a));
}

static ut_arena_block *new_block(ut_arena *a, size_t size)
{
	ut_arena_block *blk = ut_xmalloc(sizeof(*blk) + size);
	blk->size = size;
	blk->next = a->head;
	a->head = blk;
	return blk;
}

void *ut_arena_alloc(ut_arena *a, size_t size)
{
	size_t need = (size + ALIGN - 1) & ~(ALIGN - 1);
	void *p;

	if (need == 0)
		need = ALIGN;
	a->used += need;
#ifdef STRATA_ARENA_DEBUG
	{
		ut_arena_block *blk = new_block(a, size ? size : 1);
		memset(blk->data, 0, size ? size : 1);
		/* keep head's bump area empty so every alloc is separate */
		a->cur = a->end = NULL;
		return blk->data;
	}
#endif
	if ((size_t)(a->end - a->cur) < need || !a->cur) {
		size_t bsz = a->head ? a->head->size * 2 : 4096;
		if (bsz > (1u << 20))
			bsz = 1u << 20;
		if (need > bsz / 4) {
			/* big object: its own block, keep the current one */
			ut_arena_block *blk = ut_xmalloc(sizeof(*blk) + need);
			blk->size = need;
			if (a->head) {
				blk->next = a->head->next;
				a->head->next = blk;
			} else {
				blk->next = NULL;
				a->head = blk;
				a->cur = a->end = blk->data + need;
			}
			memset(blk->data, 0, need);
			return blk->data;
		}
		ut_arena_block *blk = new_block(a, bsz);
		a->cur = blk->data;
		a->end = blk->data + bsz;
	}
	p = a->cur;
	a->cur += need;
	memset(p, 0, need);
	return p;
}

void *ut_arena_realloc(ut_arena *a, void *old, size_t old_n, size_t new_n)
{
	void *p = ut_arena_alloc(a, new_n);
	if (old && old_n)
		memcpy(p, old, old_n < new_n ? old_n : new_n);
	return p;
}

char *ut_arena_strndup(ut_arena *a, const char *s, size_t n)
{
	char *p = ut_arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *ut_arena_strdup(ut_arena *a, const char *s)
{
	return s ? ut_arena_strndup(a, s, strlen(s)) : NULL;
}

char *ut_arena_printf(ut_arena *a, const char *fmt, ...)
{
	ut_buf b = UT_BUF_INIT;
	va_list ap;
	char *p;

	va_start(ap, fmt);
	ut_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	p = ut_arena_strndup(a, b.ptr, b.len);
	ut_buf_release(&b);
	return p;
}

void ut_arena_release(ut_arena *a)
{
	ut_arena_block *blk = a->head;
	while (blk) {
		ut_arena_block *next = blk->next;
		free(blk);
		blk = next;
	}
	memset(a, 0, sizeof(*a));
}
