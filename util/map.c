/* SPDX-License-Identifier: MIT */
/* util/map.c: open addressing with linear probing, load factor <= 1/2. */
#include <stdlib.h>
#include <string.h>

#include "ut.h"

static bool key_eq(const ut_map *m, const char *a, const char *b)
{
	return m->nocase ? ut_str_ieq(a, b) : strcmp(a, b) == 0;
}

static void rehash(ut_map *m, size_t cap)
{
	ut_map_slot *old = m->slots;
	size_t oldcap = m->cap;

	m->slots = ut_xcalloc(cap, sizeof(*m->slots));
	m->cap = cap;
	for (size_t i = 0; i < oldcap; i++) {
		if (!old[i].key)
			continue;
		size_t j = old[i].hash & (cap - 1);
		while (m->slots[j].key)
			j = (j + 1) & (cap - 1);
		m->slots[j] = old[i];
	}
	free(old);
}

void *ut_map_put(ut_map *m, const char *key, void *value)
{
	uint64_t h;
	size_t j;

	if ((m->len + 1) * 2 > m->cap)
		rehash(m, m->cap ? m->cap * 2 : 16);
	h = ut_str_hash(key, m->nocase);
	j = h & (m->cap - 1);
	while (m->slots[j].key) {
		if (m->slots[j].hash == h && key_eq(m, m->slots[j].key, key)) {
			void *old = m->slots[j].value;
			m->slots[j].value = value;
			return old;
		}
		j = (j + 1) & (m->cap - 1);
	}
	m->slots[j].key = key;
	m->slots[j].value = value;
	m->slots[j].hash = h;
	m->len++;
	return NULL;
}

void *ut_map_get(const ut_map *m, const char *key)
{
	uint64_t h;
	size_t j;

	if (!m->cap)
		return NULL;
	h = ut_str_hash(key, m->nocase);
	j = h & (m->cap - 1);
	while (m->slots[j].key) {
		if (m->slots[j].hash == h && key_eq(m, m->slots[j].key, key))
			return m->slots[j].value;
		j = (j + 1) & (m->cap - 1);
	}
	return NULL;
}

void ut_map_release(ut_map *m)
{
	free(m->slots);
	m->slots = NULL;
	m->cap = m->len = 0;
}
