/* SPDX-License-Identifier: MIT */
/*
 * util/file.c: reading, atomic writing, directory listing. Writes go to a
 * temporary name in the target's directory, are fsync'd and renamed.
 * STRATA_FAULT=<op>[:N] makes the N-th (default first) write, fsync or
 * rename fail, for the fault-injection tests.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ut.h"

int ut_fault__check(const char *op)
{
	static int counts[3];
	static const char *ops[3] = { "write", "fsync", "rename" };
	const char *spec = getenv("STRATA_FAULT");
	size_t n;
	int idx = -1, target = 1;

	if (!spec || !*spec)
		return 0;
	for (int i = 0; i < 3; i++)
		if (strcmp(op, ops[i]) == 0)
			idx = i;
	n = strlen(op);
	if (idx < 0 || strncmp(spec, op, n) != 0 ||
	    (spec[n] != '\0' && spec[n] != ':'))
		return 0;
	if (spec[n] == ':')
		target = (int)strtol(spec + n + 1, NULL, 10);
	if (++counts[idx] == target) {
		errno = EIO;
		return -1;
	}
	return 0;
}

int ut_file_read(ut_buf *out, const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	int error = 0;

	if (fd < 0)
		return ut_error_errno("cannot open '%s'", path);
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		close(fd);
		return ut_error_set(UT_ERROR, "cannot read '%s': is a directory",
				    path);
	}
	if (fstat(fd, &st) == 0 && st.st_size > 0)
		ut_buf_grow(out, (size_t)st.st_size);
	for (;;) {
		ssize_t r;
		ut_buf_grow(out, 65536);
		r = read(fd, out->ptr + out->len, out->cap - out->len - 1);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			error = ut_error_errno("cannot read '%s'", path);
			break;
		}
		if (r == 0)
			break;
		out->len += (size_t)r;
		out->ptr[out->len] = '\0';
	}
	close(fd);
	return error;
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w;
		if (ut_fault__check("write") < 0)
			return -1;
		w = write(fd, p, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int ut_file_write_atomic(const char *path, const void *data, size_t len)
{
	char *tmp = ut_xasprintf("%s.strata-tmp-%ld", path, (long)getpid());
	int fd, error = 0;

	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		error = ut_error_errno("cannot write '%s'", path);
		goto done;
	}
	if (write_all(fd, data, len) < 0) {
		error = ut_error_errno("cannot write '%s'", path);
		close(fd);
		unlink(tmp);
		goto done;
	}
	if (ut_fault__check("fsync") < 0 || fsync(fd) < 0) {
		error = ut_error_errno("cannot sync '%s'", path);
		close(fd);
		unlink(tmp);
		goto done;
	}
	if (close(fd) < 0) {
		error = ut_error_errno("cannot write '%s'", path);
		unlink(tmp);
		goto done;
	}
	if (ut_fault__check("rename") < 0 || rename(tmp, path) < 0) {
		error = ut_error_errno("cannot rename '%s' to '%s'", tmp, path);
		unlink(tmp);
		goto done;
	}
done:
	free(tmp);
	return error;
}

int ut_mkdir_p(const char *path)
{
	char *p = ut_xstrdup(path);
	int error = 0;

	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0755) < 0 && errno != EEXIST) {
			error = ut_error_errno("cannot create directory '%s'", p);
			goto done;
		}
		*s = '/';
	}
	if (mkdir(p, 0755) < 0 && errno != EEXIST)
		error = ut_error_errno("cannot create directory '%s'", p);
	else if (!ut_path_is_dir(p))
		error = ut_error_set(UT_ERROR,
				     "cannot create directory '%s': not a directory",
				     p);
done:
	free(p);
	return error;
}

bool ut_path_is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

bool ut_path_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

char *ut_path_join(const char *a, const char *b)
{
	size_t n;

	if (b[0] == '/' || !a[0] || strcmp(a, ".") == 0)
		return ut_xstrdup(b);
	n = strlen(a);
	if (a[n - 1] == '/')
		return ut_xasprintf("%s%s", a, b);
	return ut_xasprintf("%s/%s", a, b);
}

const char *ut_path_base(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int ut_dir_list(char ***out, size_t *n, const char *path)
{
	DIR *d = opendir(path);
	UT_VEC(char *) v = UT_VEC_INIT;
	struct dirent *de;

	*out = NULL;
	*n = 0;
	if (!d)
		return ut_error_errno("cannot open directory '%s'", path);
	errno = 0;
	while ((de = readdir(d))) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		ut_vec_push(&v, ut_xstrdup(de->d_name));
	}
	if (errno) {
		int error = ut_error_errno("cannot read directory '%s'", path);
		closedir(d);
		ut_strlist_free(v.items, v.len);
		return error;
	}
	closedir(d);
	if (v.len)
		qsort(v.items, v.len, sizeof(char *), cmp_str);
	*out = v.items;
	*n = v.len;
	return 0;
}

void ut_strlist_free(char **list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(list[i]);
	free(list);
}

int ut_mkdtemp(char **out, const char *prefix)
{
	const char *tmp = getenv("TMPDIR");
	char *p = ut_xasprintf("%s/%s-XXXXXX", tmp && *tmp ? tmp : "/tmp",
			       prefix);
	if (!mkdtemp(p)) {
		int error = ut_error_errno("cannot create temporary directory");
		free(p);
		*out = NULL;
		return error;
	}
	*out = p;
	return 0;
}

void ut_rm_rf(const char *path)
{
	struct stat st;
	char **names;
	size_t n;

	if (lstat(path, &st) < 0)
		return;
	if (S_ISDIR(st.st_mode) && ut_dir_list(&names, &n, path) == 0) {
		for (size_t i = 0; i < n; i++) {
			char *child = ut_path_join(path, names[i]);
			ut_rm_rf(child);
			free(child);
		}
		ut_strlist_free(names, n);
		rmdir(path);
		return;
	}
	unlink(path);
}
