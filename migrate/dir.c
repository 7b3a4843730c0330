/* SPDX-License-Identifier: MIT */
/*
 * migrate/dir.c: directory URLs, listing and naming (reference 1.1-1.3).
 * Files are listed in byte-wise name order; only *.sql at the top level
 * belong to an Atlas-format directory.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "dir.h"
#include "formats.h"
#include "sum.h"
#include "ut.h"

static const char *const format_names[] = {
	[MG_FORMAT_ATLAS] = "atlas",
	[MG_FORMAT_GOLANG_MIGRATE] = "golang-migrate",
	[MG_FORMAT_GOOSE] = "goose",
	[MG_FORMAT_FLYWAY] = "flyway",
	[MG_FORMAT_LIQUIBASE] = "liquibase",
	[MG_FORMAT_DBMATE] = "dbmate",
};

const char *mg_format_name(mg_format f)
{
	return format_names[f];
}

/* Decodes %XX escapes of a URL path or query value. */
static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static char *url_unescape(const char *s, size_t n)
{
	ut_buf b = UT_BUF_INIT;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '%' && i + 2 < n && hexval(s[i + 1]) >= 0 &&
		    hexval(s[i + 2]) >= 0) {
			ut_buf_putc(&b, (char)(hexval(s[i + 1]) * 16 +
					       hexval(s[i + 2])));
			i += 2;
			continue;
		}
		ut_buf_putc(&b, s[i]);
	}
	return ut_buf_detach(&b);
}

int mg_dir_url_parse(char **path_out, mg_format *format_out, const char *url)
{
	const char *rest, *q;
	char *path;
	mg_format fmt = MG_FORMAT_ATLAS;

	*path_out = NULL;
	if (!url || !*url)
		url = "file://migrations";
	if (!strstr(url, "://"))
		return ut_error_set(UT_EUSAGE,
				    "missing scheme for dir url. Did you mean \"file://%s\"?",
				    url);
	if (!ut_str_prefix(url, "file://")) {
		/* not the URL itself: a database URL holds a password */
		const char *colon = strstr(url, "://");
		int error = ut_error_set(UT_EUSAGE,
					 "unsupported migration directory scheme '%.*s'",
					 (int)(colon - url), url);
		ut_error_hint("a migration directory URL is file://<path>");
		return error;
	}
	rest = url + strlen("file://");
	q = strchr(rest, '?');
	path = url_unescape(rest, q ? (size_t)(q - rest) : strlen(rest));
	if (!*path) {
		free(path);
		path = ut_xstrdup("migrations");
	}
	if (q) {
		const char *p = q + 1;
		while (*p) {
			const char *amp = strchr(p, '&');
			size_t n = amp ? (size_t)(amp - p) : strlen(p);
			if (n > 7 && strncmp(p, "format=", 7) == 0) {
				char *v = url_unescape(p + 7, n - 7);
				bool found = false;
				for (size_t i = 0; i < UT_ARRAY_SIZE(format_names); i++)
					if (strcmp(v, format_names[i]) == 0) {
						fmt = (mg_format)i;
						found = true;
					}
				if (!found) {
					int error = ut_error_set(
						UT_EUSAGE,
						"unknown migration directory format '%s'",
						v);
					ut_error_hint("known formats: atlas, golang-migrate, goose, flyway, liquibase, dbmate");
					free(v);
					free(path);
					return error;
				}
				free(v);
			}
			p += n + (amp ? 1 : 0);
		}
	}
	*path_out = path;
	*format_out = fmt;
	return 0;
}

void mg_name_parse(char **version_out, char **desc_out, const char *name)
{
	size_t n = strlen(name);
	const char *us;

	if (ut_str_suffix(name, ".sql"))
		n -= 4;
	us = memchr(name, '_', n);
	if (us) {
		*version_out = ut_xstrndup(name, (size_t)(us - name));
		*desc_out = ut_xstrndup(us + 1, n - (size_t)(us - name) - 1);
	} else {
		*version_out = ut_xstrndup(name, n);
		*desc_out = ut_xstrdup("");
	}
}

static void files_free(mg_dir *dir)
{
	for (size_t i = 0; i < dir->nfiles; i++) {
		free(dir->files[i].name);
		free(dir->files[i].path);
		free(dir->files[i].version);
		free(dir->files[i].desc);
		free(dir->files[i].down);
	}
	free(dir->files);
	dir->files = NULL;
	dir->nfiles = 0;
}

int mg_dir_rescan(mg_dir *dir)
{
	char **names = NULL;
	size_t n = 0;
	int error;

	files_free(dir);
	if (dir->format != MG_FORMAT_ATLAS)
		return mg__formats_scan(dir);
	if ((error = ut_dir_list(&names, &n, dir->path)) < 0)
		return error;
	dir->files = ut_xcalloc(n ? n : 1, sizeof(mg_file));
	for (size_t i = 0; i < n; i++) {
		struct stat st;
		char *path;

		if (!ut_str_suffix(names[i], ".sql"))
			continue;
		path = ut_path_join(dir->path, names[i]);
		if (stat(path, &st) < 0 || !S_ISREG(st.st_mode)) {
			free(path);
			continue;
		}
		mg_file *f = &dir->files[dir->nfiles++];
		f->name = ut_xstrdup(names[i]);
		f->path = path;
		mg_name_parse(&f->version, &f->desc, names[i]);
	}
	ut_strlist_free(names, n);
	return 0;
}

/* The first missing directory on the way to path (path itself at least). */
static char *topmost_missing(const char *path)
{
	char *top = ut_xstrdup(path), *slash;

	while ((slash = strrchr(top, '/')) && slash != top) {
		*slash = '\0';
		if (ut_path_exists(top)) {
			*slash = '/';
			break;
		}
	}
	return top;
}

/*
 * Undoes mg_dir_open's mkdir -p after a failed write: removes the
 * directory and the parents it made, as long as they are empty (rmdir
 * refuses the others).
 */
static void remove_created(mg_dir *dir)
{
	char *p, *slash;
	size_t n;

	if (!dir->created)
		return;
	p = ut_xstrdup(dir->path);
	n = strlen(dir->created);
	while (rmdir(p) == 0 && strlen(p) > n && (slash = strrchr(p, '/')))
		*slash = '\0';
	free(p);
	free(dir->created);
	dir->created = NULL;
}

int mg_dir_open(mg_dir **out, const char *url, unsigned flags)
{
	mg_dir *dir = ut_xcalloc(1, sizeof(*dir));
	int error;

	*out = NULL;
	dir->url = ut_xstrdup(url && *url ? url : "file://migrations");
	dir->flags = flags;
	if ((error = mg_dir_url_parse(&dir->path, &dir->format, url)) < 0)
		goto done;
	if (!ut_path_is_dir(dir->path)) {
		if (ut_path_exists(dir->path)) {
			error = ut_error_set(UT_ERROR,
					     "migration directory '%s' is not a directory",
					     dir->path);
			goto done;
		}
		if (!(flags & MG_DIR_CREATE)) {
			error = ut_error_set(UT_ENOTFOUND,
					     "migration directory '%s' does not exist",
					     dir->path);
			ut_error_hint("create it with 'strata migrate new' or pass --dir file://<path>");
			goto done;
		}
		dir->created = topmost_missing(dir->path);
		if ((error = ut_mkdir_p(dir->path)) < 0)
			goto done;
	}
	if ((error = mg_dir_rescan(dir)) < 0)
		goto done;
	*out = dir;
	dir = NULL;
done:
	mg_dir_free(dir);
	return error;
}

void mg_dir_free(mg_dir *dir)
{
	if (!dir)
		return;
	files_free(dir);
	free(dir->path);
	free(dir->url);
	free(dir->created);
	free(dir);
}

int mg_file_read(const mg_file *f, ut_buf *out)
{
	return ut_file_read(out, f->path);
}

const mg_file *mg_dir_find_version(const mg_dir *dir, const char *version)
{
	for (size_t i = 0; i < dir->nfiles; i++)
		if (strcmp(dir->files[i].version, version) == 0)
			return &dir->files[i];
	return NULL;
}

const mg_file *mg_dir_find_name(const mg_dir *dir, const char *name)
{
	for (size_t i = 0; i < dir->nfiles; i++)
		if (strcmp(dir->files[i].name, name) == 0)
			return &dir->files[i];
	return NULL;
}

char *mg_dir_path(const mg_dir *dir, const char *name)
{
	return ut_path_join(dir->path, name);
}

int mg_dir_add_file(mg_dir *dir, const char *name, const char *data,
		    size_t len)
{
	char *path = mg_dir_path(dir, name);
	int error;

	if (ut_path_exists(path)) {
		error = ut_error_set(UT_EEXISTS, "migration file '%s' already exists",
				     path);
		goto done;
	}
	if ((error = ut_file_write_atomic(path, data, len)) < 0) {
		remove_created(dir);
		goto done;
	}
	if ((error = mg_dir_rescan(dir)) < 0 || (error = mg_sum_write(dir)) < 0) {
		unlink(path);
		mg_dir_rescan(dir);
		remove_created(dir);
		goto done;
	}
done:
	free(path);
	return error;
}

void mg_version_now(char buf[15])
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, 15, "%Y%m%d%H%M%S", &tm);
}

bool mg_version_is_timestamp(const char *s)
{
	if (strlen(s) != 14 || strspn(s, "0123456789") != 14)
		return false;
	return true;
}

void mg_version_next(const mg_dir *dir, char buf[15])
{
	const char *last = NULL;
	struct tm tm = { 0 };
	time_t t;

	mg_version_now(buf);
	for (size_t i = 0; i < dir->nfiles; i++)
		if (mg_version_is_timestamp(dir->files[i].version))
			last = dir->files[i].version;
	if (!last || strcmp(last, buf) < 0)
		return;
	if (sscanf(last, "%4d%2d%2d%2d%2d%2d", &tm.tm_year, &tm.tm_mon,
		   &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6)
		return;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	t = timegm(&tm) + 1;
	gmtime_r(&t, &tm);
	strftime(buf, 15, "%Y%m%d%H%M%S", &tm);
}
