/* SPDX-License-Identifier: MIT */
/*
 * dialects/sqlite/snapshot.c: the whole "main" database as bytes and back
 * (sqlite3_serialize / sqlite3_deserialize), for the lint replay cache.
 * A restored database is an in-memory copy owned by the connection.
 */
#include <string.h>

#include "sqlite_int.h"
#include "ut.h"

int dl_sqlite__snapshot(dl_conn *conn, ut_buf *out)
{
	dl_sqlite_conn *c = (dl_sqlite_conn *)conn;
	sqlite3_int64 n = 0;
	unsigned char *p;

	p = sqlite3_serialize(c->db, "main", &n, 0);
	if (!p) {
		/* an empty database serializes to nothing at all */
		if (n == 0)
			return 0;
		return dl_sqlite__error(c, "cannot serialize the database");
	}
	ut_buf_put(out, p, (size_t)n);
	sqlite3_free(p);
	return 0;
}

int dl_sqlite__restore(dl_conn *conn, const void *data, size_t len)
{
	dl_sqlite_conn *c = (dl_sqlite_conn *)conn;
	unsigned char *copy;
	int rc;

	/* page size is at least 512: anything shorter is not a database */
	if (len != 0 && (len < 512 || memcmp(data, "SQLite format 3", 16) != 0))
		return ut_error_set(UT_EDB, "cannot restore the database: not a sqlite image");
	copy = sqlite3_malloc64(len ? len : 1);
	if (!copy)
		ut_die_oom();
	if (len)
		memcpy(copy, data, len);
	rc = sqlite3_deserialize(c->db, "main", copy, (sqlite3_int64)len,
				 (sqlite3_int64)len,
				 SQLITE_DESERIALIZE_FREEONCLOSE |
					 SQLITE_DESERIALIZE_RESIZEABLE);
	if (rc != SQLITE_OK)
		return dl_sqlite__error(c, "cannot restore the database");
	c->memory = true;
	return 0;
}
