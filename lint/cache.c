/* SPDX-License-Identifier: MIT */
/*
 * lint/cache.c: the replay cache. The dev-database state after a prefix
 * of migration files is stored as the driver's snapshot, in a file named
 * by the XXH3 hash (hex) of the dialect and the prefix's names and
 * contents. Writes are atomic; an entry that does not restore is ignored
 * (and rewritten by the caller).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cache_int.h"
#include "ut.h"

char *lt_cache_dir(void)
{
	const char *v = getenv("STRATA_CACHE_DIR");

	if (v)
		return *v ? ut_xstrdup(v) : NULL;
	v = getenv("XDG_CACHE_HOME");
	if (v && *v)
		return ut_xasprintf("%s/strata/lint", v);
	v = getenv("HOME");
	if (v && *v)
		return ut_xasprintf("%s/.cache/strata/lint", v);
	return NULL;
}

bool lt_cache_on(const char *cache_dir)
{
	const char *v = getenv("STRATA_CACHE_DIR");

	if (cache_dir)
		return *cache_dir != '\0';
	return !v || *v;
}

void lt_prefix_init(lt_prefix *p, const char *dialect)
{
	p->state = XXH3_createState();
	if (!p->state)
		ut_die_oom();
	XXH3_64bits_reset(p->state);
	/* the format tag changes when snapshots stop being compatible */
	XXH3_64bits_update(p->state, "strata-lint-1\n", 14);
	XXH3_64bits_update(p->state, dialect, strlen(dialect) + 1);
}

void lt_prefix_add(lt_prefix *p, const char *name, const char *data,
		   size_t len)
{
	uint64_t n = len;

	XXH3_64bits_update(p->state, name, strlen(name) + 1);
	XXH3_64bits_update(p->state, &n, sizeof(n));
	XXH3_64bits_update(p->state, data, len);
}

uint64_t lt_prefix_digest(const lt_prefix *p)
{
	return XXH3_64bits_digest(p->state);
}

void lt_prefix_release(lt_prefix *p)
{
	XXH3_freeState(p->state);
	p->state = NULL;
}

char *lt_cache_path(const char *dir, uint64_t key)
{
	return ut_xasprintf("%s/%016llx", dir, (unsigned long long)key);
}

bool lt_cache_has(const char *dir, uint64_t key)
{
	char *path = lt_cache_path(dir, key);
	bool r = ut_path_exists(path);

	free(path);
	return r;
}

int lt_cache_restore(dl_conn *c, const char *dir, uint64_t key)
{
	char *path = lt_cache_path(dir, key);
	ut_buf data = UT_BUF_INIT;
	int error;

	if ((error = ut_file_read(&data, path)) < 0)
		goto done;
	error = c->drv->restore(c, data.ptr, data.len);
done:
	ut_buf_release(&data);
	free(path);
	return error;
}

/*
 * Keeps the cache bounded: beyond LT_CACHE_MAX entries the least recently
 * written go (best effort; a lost entry only costs a replay).
 */
#define LT_CACHE_MAX 32

static void prune(const char *dir, const char *keep)
{
	char **names = NULL;
	size_t n = 0;

	if (ut_dir_list(&names, &n, dir) < 0) {
		ut_error_clear();
		return;
	}
	while (n > LT_CACHE_MAX) {
		size_t oldest = n;
		int64_t t = 0;
		for (size_t i = 0; i < n; i++) {
			char *p = ut_path_join(dir, names[i]);
			struct stat st;
			int64_t m;
			if (strcmp(names[i], keep) != 0 && stat(p, &st) == 0) {
				m = (int64_t)st.st_mtim.tv_sec * 1000000000 +
				    st.st_mtim.tv_nsec;
				if (oldest == n || m < t) {
					oldest = i;
					t = m;
				}
			}
			free(p);
		}
		if (oldest == n)
			break;
		{
			char *p = ut_path_join(dir, names[oldest]);
			remove(p);
			free(p);
		}
		free(names[oldest]);
		names[oldest] = names[n - 1];
		names[n - 1] = NULL;
		n--;
	}
	ut_strlist_free(names, n);
}

int lt_cache_store(dl_conn *c, const char *dir, uint64_t key)
{
	ut_buf data = UT_BUF_INIT;
	char *path = NULL;
	int error;

	if ((error = c->drv->snapshot(c, &data)) < 0)
		goto done;
	if ((error = ut_mkdir_p(dir)) < 0)
		goto done;
	path = lt_cache_path(dir, key);
	if ((error = ut_file_write_atomic(path, data.ptr, data.len)) == 0)
		prune(dir, ut_path_base(path));
done:
	ut_buf_release(&data);
	free(path);
	return error;
}
