/* SPDX-License-Identifier: MIT */
/* lint/cache_int.h: the replay cache (cache.c), used by replay.c. */
#ifndef STRATA_LINT_CACHE_INT_H
#define STRATA_LINT_CACHE_INT_H

#include <stdbool.h>
#include <stdint.h>
#include <xxhash.h>

#include "lint.h"

/* A running XXH3 over the files of a prefix. */
typedef struct lt_prefix {
	XXH3_state_t *state;
} lt_prefix;

void lt_prefix_init(lt_prefix *p, const char *dialect);
void lt_prefix_add(lt_prefix *p, const char *name, const char *data,
		   size_t len);
/* Key of everything added so far (the state keeps accepting files). */
uint64_t lt_prefix_digest(const lt_prefix *p);
void lt_prefix_release(lt_prefix *p);

/* "<dir>/<16 hex digits>", malloc'd. */
char *lt_cache_path(const char *dir, uint64_t key);
bool lt_cache_has(const char *dir, uint64_t key);
/* Restores the entry into c (driver restore). UT_ENOTFOUND when absent. */
int lt_cache_restore(dl_conn *c, const char *dir, uint64_t key);
/* Snapshots c into the entry (atomic write). */
int lt_cache_store(dl_conn *c, const char *dir, uint64_t key);

#endif
