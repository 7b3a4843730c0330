/* SPDX-License-Identifier: MIT */
/*
 * migrate/sum.c: atlas.sum computing, parsing, formatting and validation,
 * byte-identical to Atlas (sql/migrate/dir.go HashFile). Files are hashed
 * by streaming them through one running SHA-256, so memory stays flat on
 * huge files.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dir.h"
#include "sum.h"
#include "ut.h"

#define CHUNK (256 * 1024)

int mg_sum_ignored(const char *head, size_t len)
{
	/*
	 * ^([ -~]*)atlas:(\w+)(?: +(.+))* on the file's first line, name
	 * "sum" and argument "ignore". [ -~]* is greedy, so the last
	 * "atlas:" of the line that is followed by a word is the one.
	 */
	size_t eol = 0;
	const char *best = NULL;

	while (eol < len && head[eol] != '\n')
		eol++;
	for (size_t i = 0; i + 6 <= eol; i++) {
		unsigned char c = (unsigned char)head[i];
		if (memcmp(head + i, "atlas:", 6) == 0)
			best = head + i;
		if (c < ' ' || c > '~')
			break;
	}
	if (!best)
		return 0;
	{
		const char *p = best + 6, *end = head + eol;
		const char *name = p;
		while (p < end && (p[0] == '_' || (p[0] >= '0' && p[0] <= '9') ||
				   ((p[0] | 0x20) >= 'a' && (p[0] | 0x20) <= 'z')))
			p++;
		if ((size_t)(p - name) != 3 || memcmp(name, "sum", 3) != 0)
			return 0;
		if (p == end || *p != ' ')
			return 0;
		while (p < end && *p == ' ')
			p++;
		return (size_t)(end - p) == 6 && memcmp(p, "ignore", 6) == 0;
	}
}

void mg_sum_release(mg_sum *sum)
{
	for (size_t i = 0; i < sum->len; i++)
		free(sum->entries[i].name);
	free(sum->entries);
	memset(sum, 0, sizeof(*sum));
}

static void sum_add(mg_sum *sum, const char *name, const char *hash)
{
	sum->entries = ut_xrealloc(sum->entries,
				   (sum->len + 1) * sizeof(*sum->entries));
	sum->entries[sum->len].name = ut_xstrdup(name);
	memcpy(sum->entries[sum->len].hash, hash, 45);
	sum->entries[sum->len].hash[44] = '\0';
	sum->len++;
}

static void sum_total(mg_sum *sum)
{
	ut_sha256 *t = ut_sha256_new();
	unsigned char d[UT_SHA256_LEN];

	for (size_t i = 0; i < sum->len; i++) {
		ut_sha256_update(t, sum->entries[i].name,
				 strlen(sum->entries[i].name));
		ut_sha256_update(t, sum->entries[i].hash,
				 strlen(sum->entries[i].hash));
	}
	ut_sha256_final(t, d);
	ut_sha256_b64(sum->total, d);
	ut_sha256_free(t);
}

/* Feeds one file to the running hash; *ignored when atlas:sum ignore. */
static int hash_file(ut_sha256 *h, const mg_file *f, char *buf, bool *ignored)
{
	int fd = open(f->path, O_RDONLY | O_CLOEXEC);
	bool first = true;
	int error = 0;

	*ignored = false;
	if (fd < 0)
		return ut_error_errno("cannot open migration file '%s'", f->path);
	for (;;) {
		ssize_t r = read(fd, buf, CHUNK);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			error = ut_error_errno("cannot read migration file '%s'",
					       f->path);
			break;
		}
		if (first) {
			/* the first line must fit the first chunk to matter */
			first = false;
			if (mg_sum_ignored(buf, (size_t)r)) {
				*ignored = true;
				break;
			}
		}
		if (r == 0)
			break;
		ut_sha256_update(h, buf, (size_t)r);
	}
	close(fd);
	return error;
}

int mg_sum_compute(mg_sum *out, const mg_dir *dir)
{
	ut_sha256 *h = ut_sha256_new();
	char *buf = ut_xmalloc(CHUNK);
	int error = 0;

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < dir->nfiles; i++) {
		const mg_file *f = &dir->files[i];
		unsigned char d[UT_SHA256_LEN];
		char b64[UT_SHA256_B64_LEN + 1];
		bool ignored;

		ut_sha256_update(h, f->name, strlen(f->name));
		if ((error = hash_file(h, f, buf, &ignored)) < 0)
			goto done;
		if (ignored)
			continue;
		ut_sha256_peek(h, d);
		ut_sha256_b64(b64, d);
		sum_add(out, f->name, b64);
	}
	sum_total(out);
done:
	if (error < 0)
		mg_sum_release(out);
	free(buf);
	ut_sha256_free(h);
	return error;
}

void mg_sum_format(ut_buf *out, const mg_sum *sum)
{
	ut_buf_printf(out, "h1:%s\n", sum->total);
	for (size_t i = 0; i < sum->len; i++)
		ut_buf_printf(out, "%s h1:%s\n", sum->entries[i].name,
			      sum->entries[i].hash);
}

static bool valid_b64(const char *s, size_t n)
{
	if (n != 44 || s[43] != '=')
		return false;
	for (size_t i = 0; i < 43; i++) {
		char c = s[i];
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		      (c >= '0' && c <= '9') || c == '+' || c == '/'))
			return false;
	}
	return true;
}

int mg_sum_parse(mg_sum *out, const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	int line = 0, error = 0;
	mg_sum check = { 0 };

	memset(out, 0, sizeof(*out));
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		size_t n = (size_t)(le - p);

		line++;
		if (n && p[n - 1] == '\r')
			n--;
		if (line == 1) {
			if (n < 3 || memcmp(p, "h1:", 3) != 0 ||
			    !valid_b64(p + 3, n - 3)) {
				error = ut_error_set(UT_ECHECKSUM,
						     "checksum file format invalid: line 1: expected 'h1:<sum>'");
				goto done;
			}
			memcpy(out->total, p + 3, 44);
			out->total[44] = '\0';
		} else if (n) {
			const char *h = NULL;
			for (size_t i = 0; i + 3 <= n; i++)
				if (memcmp(p + i, "h1:", 3) == 0) {
					h = p + i;
					break;
				}
			if (!h || !valid_b64(h + 3, n - (size_t)(h + 3 - p))) {
				error = ut_error_set(UT_ECHECKSUM,
						     "checksum file format invalid: line %d: expected '<file> h1:<hash>'",
						     line);
				goto done;
			}
			size_t nl_len = (size_t)(h - p);
			while (nl_len && (p[nl_len - 1] == ' ' || p[nl_len - 1] == '\t'))
				nl_len--;
			size_t st = 0;
			while (st < nl_len && (p[st] == ' ' || p[st] == '\t'))
				st++;
			/* no NUL in a file name: it would be cut there */
			if (memchr(p + st, '\0', nl_len - st)) {
				error = ut_error_set(UT_ECHECKSUM,
						     "checksum file format invalid: line %d: NUL byte in the file name",
						     line);
				goto done;
			}
			char *name = ut_xstrndup(p + st, nl_len - st);
			char hash[45];
			memcpy(hash, h + 3, 44);
			hash[44] = '\0';
			sum_add(out, name, hash);
			free(name);
		}
		p = nl ? nl + 1 : end;
	}
	if (line == 0) {
		error = ut_error_set(UT_ECHECKSUM,
				     "checksum file format invalid: the file is empty");
		goto done;
	}
	check = *out;
	check.entries = out->entries;
	sum_total(&check);
	if (strcmp(check.total, out->total) != 0) {
		error = ut_error_set(UT_ECHECKSUM,
				     "checksum mismatch: atlas.sum entries do not match its total (line 1)");
		goto done;
	}
done:
	if (error < 0)
		mg_sum_release(out);
	return error;
}

int mg_sum_write(const mg_dir *dir)
{
	mg_sum sum;
	ut_buf b = UT_BUF_INIT;
	char *path;
	int error;

	if ((error = mg_sum_compute(&sum, dir)) < 0)
		return error;
	mg_sum_format(&b, &sum);
	path = ut_path_join(dir->path, MG_SUM_FILE);
	error = ut_file_write_atomic(path, b.ptr, b.len);
	free(path);
	ut_buf_release(&b);
	mg_sum_release(&sum);
	return error;
}

void mg_sum_problem_release(mg_sum_problem *p)
{
	free(p->file);
	memset(p, 0, sizeof(*p));
}

static bool on_disk(const mg_sum *disk, const char *name)
{
	for (size_t i = 0; i < disk->len; i++)
		if (strcmp(disk->entries[i].name, name) == 0)
			return true;
	return false;
}

int mg_dir_validate(const mg_dir *dir, mg_sum_problem *problem)
{
	char *path = ut_path_join(dir->path, MG_SUM_FILE);
	ut_buf text = UT_BUF_INIT;
	mg_sum want = { 0 }, have = { 0 };
	int error;

	memset(problem, 0, sizeof(*problem));
	if (!ut_path_exists(path)) {
		if (dir->nfiles == 0) {
			error = 0;
			goto done;
		}
		error = ut_error_set(UT_ECHECKSUM, "checksum file not found");
		ut_error_hint("run 'strata migrate hash' to create atlas.sum");
		goto done;
	}
	if ((error = ut_file_read(&text, path)) < 0)
		goto done;
	if ((error = mg_sum_parse(&want, text.ptr, text.len)) < 0) {
		ut_error_hint("run 'strata migrate hash' to rewrite atlas.sum");
		goto done;
	}
	if ((error = mg_sum_compute(&have, dir)) < 0)
		goto done;
	if (strcmp(want.total, have.total) == 0)
		goto done;
	for (size_t i = 0; i < want.len; i++) {
		const mg_sum_entry *w = &want.entries[i];
		if (i < have.len && strcmp(w->name, have.entries[i].name) == 0 &&
		    strcmp(w->hash, have.entries[i].hash) == 0)
			continue;
		problem->line = (int)i + 2;
		if (!on_disk(&have, w->name) && !mg_dir_find_name(dir, w->name)) {
			problem->file = ut_xstrdup(w->name);
			problem->reason = "removed";
		} else if (i < have.len && strcmp(w->name, have.entries[i].name) == 0) {
			problem->file = ut_xstrdup(w->name);
			problem->reason = "edited";
		} else {
			problem->file = ut_xstrdup(i < have.len ? have.entries[i].name
								: w->name);
			problem->reason = i < have.len ? "added" : "removed";
		}
		break;
	}
	if (!problem->file) {
		size_t i = want.len;
		problem->line = (int)i + 2;
		problem->file = ut_xstrdup(i < have.len ? have.entries[i].name : "?");
		problem->reason = "added";
	}
	error = ut_error_set(UT_ECHECKSUM, "checksum mismatch: L%d: %s was %s",
			     problem->line, problem->file, problem->reason);
	ut_error_hint("if the change is intended, run 'strata migrate hash' to update atlas.sum");
done:
	mg_sum_release(&want);
	mg_sum_release(&have);
	ut_buf_release(&text);
	free(path);
	return error;
}
