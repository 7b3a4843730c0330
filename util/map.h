/* SPDX-License-Identifier: MIT */
/*
 * util/map.h: an open-addressing hash map from NUL-terminated string keys
 * to pointers. Keys are borrowed: they must outlive the map (typically they
 * live in the same arena as the values).
 */
#ifndef STRATA_UTIL_MAP_H
#define STRATA_UTIL_MAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct ut_map_slot {
	const char *key;
	void *value;
	uint64_t hash;
} ut_map_slot;

typedef struct ut_map {
	ut_map_slot *slots;
	size_t cap; /* power of two or 0 */
	size_t len;
	bool nocase; /* ASCII case-insensitive keys */
} ut_map;

#define UT_MAP_INIT { NULL, 0, 0, false }

/* Inserts or replaces; returns the old value or NULL. */
void *ut_map_put(ut_map *m, const char *key, void *value);
void *ut_map_get(const ut_map *m, const char *key);
void ut_map_release(ut_map *m);

#endif
