/* SPDX-License-Identifier: MIT */
/*
 * dialects/sqlite/snapshot.c: the whole "main" database as bytes and back
 * (sqlite3_serialize / sqlite3_deserialize), for the lint replay cache.
 * Restoring replaces the content of the connection's main database.
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

/*
 * The image is loaded into a private in-memory database with
 * sqlite3_deserialize and copied into the connection with the backup API.
 * Deserializing into the connection itself would be simpler, but SQLite
 * 3.40 then reads freed memory in pragma_table_list, which inspection
 * uses. len == 0 restores an empty database.
 */
int dl_sqlite__restore(dl_conn *conn, const void *data, size_t len)
{
	dl_sqlite_conn *c = (dl_sqlite_conn *)conn;
	sqlite3 *tmp = NULL;
	sqlite3_backup *b;
	unsigned char *copy;
	int error = 0, rc;

	if (len != 0 && (len < 512 || memcmp(data, "SQLite format 3", 16) != 0))
		return ut_error_set(UT_EDB, "cannot restore the database: not a sqlite image");
	if (sqlite3_open(":memory:", &tmp) != SQLITE_OK) {
		error = ut_error_set(UT_EDB, "cannot restore the database: %s",
				     tmp ? sqlite3_errmsg(tmp) : "out of memory");
		goto done;
	}
	if (len) {
		copy = sqlite3_malloc64(len);
		if (!copy)
			ut_die_oom();
		memcpy(copy, data, len);
		rc = sqlite3_deserialize(tmp, "main", copy, (sqlite3_int64)len,
					 (sqlite3_int64)len,
					 SQLITE_DESERIALIZE_FREEONCLOSE |
						 SQLITE_DESERIALIZE_READONLY);
		if (rc != SQLITE_OK) {
			error = ut_error_set(UT_EDB, "cannot restore the database: %s",
					     sqlite3_errmsg(tmp));
			goto done;
		}
	}
	b = sqlite3_backup_init(c->db, "main", tmp, "main");
	if (!b) {
		error = dl_sqlite__error(c, "cannot restore the database");
		goto done;
	}
	rc = sqlite3_backup_step(b, -1);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE)
		error = ut_error_set(UT_EDB, "cannot restore the database: %s",
				     sqlite3_errstr(rc));
done:
	sqlite3_close(tmp);
	return error;
}
