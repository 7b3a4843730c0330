/* SPDX-License-Identifier: MIT */
/*
 * tests/golden/runner.c: runs golden end-to-end cases (STYLE.md 2.9), one
 * file per case, each in a fresh temporary directory, and compares what the
 * strata binary printed, returned and wrote with the case's expectations.
 * Self-contained (libc only) so that a bug in the code under test cannot
 * break the tool that judges it. The case format is described in
 * tests/golden/README.md.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <regex.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#define EXIT_SKIP         77
#define DEFAULT_TIMEOUT   120
#define MAX_CAPTURE       (64u << 20) /* per stream */
#define DIFF_MAX_CELLS    (4u << 20)  /* LCS table limit */
#define DIFF_CONTEXT      3
#define NO_EOL_MARK       "\\ No newline at end of file"
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))

/* ---- small helpers: x-alloc, growable buffer, string vector ---- */

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p) {
		fputs("runner: out of memory\n", stderr);
		exit(2);
	}
	return p;
}

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p) {
		fputs("runner: out of memory\n", stderr);
		exit(2);
	}
	return p;
}

static char *xstrndup(const char *s, size_t n)
{
	char *p = xrealloc(NULL, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

static char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

/* ptr is NULL only while cap == 0; once used it is always NUL-terminated */
typedef struct buf {
	char *ptr;
	size_t len;
	size_t cap;
} buf;

static void buf_grow(buf *b, size_t extra)
{
	if (b->len + extra + 1 <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < b->len + extra + 1)
		cap *= 2;
	b->ptr = xrealloc(b->ptr, cap);
	b->cap = cap;
	b->ptr[b->len] = '\0';
}

static void buf_put(buf *b, const void *data, size_t n)
{
	buf_grow(b, n);
	if (n)
		memcpy(b->ptr + b->len, data, n);
	b->len += n;
	b->ptr[b->len] = '\0';
}

static void buf_puts(buf *b, const char *s)
{
	buf_put(b, s, strlen(s));
}

static void buf_putc(buf *b, char c)
{
	buf_put(b, &c, 1);
}

PRINTF_LIKE(2, 3) static void buf_printf(buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	buf_grow(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

static const char *buf_str(const buf *b)
{
	return b->ptr ? b->ptr : "";
}

static void buf_reset(buf *b)
{
	b->len = 0;
	if (b->ptr)
		b->ptr[0] = '\0';
}

static void buf_release(buf *b)
{
	free(b->ptr);
	b->ptr = NULL;
	b->len = b->cap = 0;
}

static void buf_set(buf *b, const char *data, size_t n)
{
	buf_reset(b);
	buf_put(b, data, n);
}

typedef struct strvec {
	char **v; /* NULL-terminated once anything was pushed */
	size_t n;
	size_t cap;
} strvec;

static void strvec_push_owned(strvec *sv, char *s)
{
	if (sv->n + 2 > sv->cap) {
		sv->cap = sv->cap ? sv->cap * 2 : 8;
		sv->v = xrealloc(sv->v, sv->cap * sizeof(*sv->v));
	}
	sv->v[sv->n++] = s;
	sv->v[sv->n] = NULL;
}

static void strvec_release(strvec *sv)
{
	for (size_t i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	sv->v = NULL;
	sv->n = sv->cap = 0;
}

static bool env_true(const char *name)
{
	const char *v = getenv(name);
	return v && *v && strcmp(v, "0") != 0 && strcmp(v, "false") != 0;
}

static int read_file(buf *out, const char *path)
{
	char chunk[65536];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	buf_reset(out);
	buf_grow(out, 0);
	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			close(fd);
			return -1;
		}
		buf_put(out, chunk, (size_t)n);
	}
	close(fd);
	return 0;
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
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

/* mkdir -p of every parent of path */
static int make_parents(const char *path)
{
	char *p = xstrdup(path);
	int rc = 0;

	for (char *s = strchr(p + 1, '/'); s; s = strchr(s + 1, '/')) {
		*s = '\0';
		if (mkdir(p, 0755) < 0 && errno != EEXIST) {
			rc = -1;
			break;
		}
		*s = '/';
	}
	free(p);
	return rc;
}

static int remove_tree(const char *path)
{
	struct stat st;
	int rc = 0;

	if (lstat(path, &st) < 0)
		return errno == ENOENT ? 0 : -1;
	if (S_ISDIR(st.st_mode)) {
		DIR *d = opendir(path);
		struct dirent *e;

		if (!d)
			return -1;
		while ((e = readdir(d)) != NULL) {
			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			buf child = { 0 };
			buf_printf(&child, "%s/%s", path, e->d_name);
			if (remove_tree(child.ptr) < 0)
				rc = -1;
			buf_release(&child);
		}
		closedir(d);
		if (rmdir(path) < 0)
			rc = -1;
	} else if (unlink(path) < 0) {
		rc = -1;
	}
	return rc;
}

/* ---- the case file ---- */

typedef enum sec_kind {
	SEC_ARGS,
	SEC_STDIN,
	SEC_FILE,
	SEC_STDOUT,
	SEC_STDERR,
	SEC_EXIT,
	SEC_EXPECT_FILE,
	SEC_EXPECT_ABSENT,
	SEC_SCRUB,
	SEC_ENV,
	SEC_CLEANUP,
	SEC_STDOUT_MATCH,
	SEC_STDERR_MATCH,
} sec_kind;

static const struct {
	const char *name;
	sec_kind kind;
	bool has_path;    /* takes a path argument */
	bool has_dialect; /* accepts a .sqlite/.pg/.my suffix */
} sec_names[] = {
	{ "args", SEC_ARGS, false, false },
	{ "stdin", SEC_STDIN, false, false },
	{ "file", SEC_FILE, true, false },
	{ "stdout", SEC_STDOUT, false, true },
	{ "stderr", SEC_STDERR, false, true },
	{ "exit", SEC_EXIT, false, true },
	{ "expect-file", SEC_EXPECT_FILE, true, true },
	{ "expect-absent", SEC_EXPECT_ABSENT, true, true },
	{ "scrub", SEC_SCRUB, false, true },
	{ "env", SEC_ENV, false, false },
	{ "cleanup", SEC_CLEANUP, false, false },
	{ "stdout-match", SEC_STDOUT_MATCH, false, true },
	{ "stderr-match", SEC_STDERR_MATCH, false, true },
};

static const char *const dialect_names[] = { "sqlite", "pg", "my" };
#define NDIALECTS 3

/* sqlite | pg/postgres/postgresql | my/mysql/mariadb -> index, else -1 */
static int dialect_parse(const char *s, size_t n)
{
	static const struct {
		const char *name;
		int d;
	} alias[] = {
		{ "sqlite", 0 },   { "sqlite3", 0 },    { "pg", 1 },
		{ "postgres", 1 }, { "postgresql", 1 }, { "my", 2 },
		{ "mysql", 2 },    { "mariadb", 2 },
	};
	for (size_t i = 0; i < sizeof(alias) / sizeof(alias[0]); i++)
		if (strlen(alias[i].name) == n && !memcmp(alias[i].name, s, n))
			return alias[i].d;
	return -1;
}

typedef struct section {
	sec_kind kind;
	int dialect;   /* -1 = applies to every dialect */
	char *path;    /* file, expect-file, expect-absent */
	unsigned mode; /* file: permission bits */
	char *marker;  /* the marker line as written, without newline */
	buf raw;       /* body exactly as in the file */
	buf content;   /* body as meant: NO_EOL_MARK applied */
	int step;      /* index of the step it belongs to */
	int line;      /* line number of the marker */
} section;

typedef struct gcase {
	char *path;
	char *name; /* golden.<area>.<NNNN>-<slug> */
	buf header; /* text before the first section, verbatim */
	char *desc;
	bool requires[NDIALECTS];
	int dialects[NDIALECTS]; /* "# dialects:" in order */
	int ndialects;
	int timeout;
	section *secs;
	size_t nsecs;
	int nsteps;
	bool dirty; /* rewritten in memory by STRATA_GOLDEN_UPDATE */
} gcase;

static void section_set_content(section *s, const char *text, size_t n)
{
	buf_set(&s->content, text, n);
	buf_set(&s->raw, text, n);
	if (n > 0 && text[n - 1] != '\n')
		buf_puts(&s->raw, "\n" NO_EOL_MARK "\n");
}

static void case_free(gcase *c)
{
	for (size_t i = 0; i < c->nsecs; i++) {
		free(c->secs[i].path);
		free(c->secs[i].marker);
		buf_release(&c->secs[i].raw);
		buf_release(&c->secs[i].content);
	}
	free(c->secs);
	buf_release(&c->header);
	free(c->desc);
	free(c->name);
	free(c->path);
	memset(c, 0, sizeof(*c));
}

static section *case_insert(gcase *c, size_t at)
{
	c->secs = xrealloc(c->secs, (c->nsecs + 1) * sizeof(*c->secs));
	memmove(c->secs + at + 1, c->secs + at,
	        (c->nsecs - at) * sizeof(*c->secs));
	c->nsecs++;
	memset(&c->secs[at], 0, sizeof(c->secs[at]));
	return &c->secs[at];
}

/* the CTest name: path under .../golden/ (else "<parent>/<file>"), '/' -> '.'
 */
static char *case_name(const char *path)
{
	const char *rel = NULL, *p, *slash;
	buf b = { 0 };

	for (p = path; (p = strstr(p, "/golden/")) != NULL; p++)
		rel = p + strlen("/golden/");
	if (!rel) {
		rel = path;
		if ((slash = strrchr(path, '/')) != NULL) {
			for (rel = slash; rel > path && rel[-1] != '/'; rel--)
				;
		}
	}
	buf_puts(&b, "golden.");
	size_t n = strlen(rel);
	if (n > 4 && !strcmp(rel + n - 4, ".txt"))
		n -= 4;
	for (size_t i = 0; i < n; i++)
		buf_putc(&b, rel[i] == '/' ? '.' : rel[i]);
	return b.ptr;
}

/*
 * A marker is a whole line "-- NAME[.DIALECT] [ARG...] --" whose NAME is a
 * known section. Returns 1 and fills s for a marker, 0 for a body line,
 * -1 (with err) for a known name used wrongly.
 */
static int parse_marker(section *s, const char *line, size_t n, buf *err)
{
	const char *p, *end, *word;
	size_t i, wn;
	int d = -1;

	if (n < 7 || memcmp(line, "-- ", 3) || memcmp(line + n - 3, " --", 3))
		return 0;
	p = line + 3;
	end = line + n - 3;
	word = p;
	while (p < end && *p != ' ')
		p++;
	wn = (size_t)(p - word);
	for (i = 0; i < sizeof(sec_names) / sizeof(sec_names[0]); i++) {
		size_t ln = strlen(sec_names[i].name);
		if (wn < ln || memcmp(word, sec_names[i].name, ln))
			continue;
		if (wn == ln)
			break;
		if (word[ln] == '.' && sec_names[i].has_dialect &&
		    (d = dialect_parse(word + ln + 1, wn - ln - 1)) >= 0)
			break;
	}
	if (i == sizeof(sec_names) / sizeof(sec_names[0]))
		return 0;
	s->kind = sec_names[i].kind;
	s->dialect = d;
	while (p < end && *p == ' ')
		p++;
	if (!sec_names[i].has_path) {
		if (p != end) {
			buf_printf(err, "section '%s' takes no argument",
			           sec_names[i].name);
			return -1;
		}
		return 1;
	}
	const char *path = p;
	while (p < end && *p != ' ')
		p++;
	if (p == path) {
		buf_printf(err, "section '%s' needs a path", sec_names[i].name);
		return -1;
	}
	s->path = xstrndup(path, (size_t)(p - path));
	if (s->path[0] == '/' || !strcmp(s->path, "..") ||
	    !strncmp(s->path, "../", 3) || strstr(s->path, "/../") ||
	    (strlen(s->path) >= 3 &&
	     !strcmp(s->path + strlen(s->path) - 3, "/.."))) {
		buf_printf(err, "path '%s' must stay inside the work directory",
		           s->path);
		return -1;
	}
	while (p < end && *p == ' ')
		p++;
	if (p < end) {
		char *stop;
		if (s->kind != SEC_FILE || end - p < 6 ||
		    memcmp(p, "mode=", 5)) {
			buf_printf(err, "unexpected text after path '%s'",
			           s->path);
			return -1;
		}
		unsigned long m = strtoul(p + 5, &stop, 8);
		if (stop != end || m > 07777) {
			buf_printf(err, "bad mode in '%.*s'", (int)n, line);
			return -1;
		}
		s->mode = (unsigned)m;
	}
	return 1;
}

static int parse_header_line(gcase *c, const char *line, size_t n, buf *err)
{
	const char *v;
	size_t key;

	if (n < 2 || line[0] != '#')
		return 0;
	line++, n--;
	while (n && *line == ' ')
		line++, n--;
	for (key = 0; key < n && line[key] != ':'; key++)
		;
	if (key == n)
		return 0;
	v = line + key + 1;
	size_t vn = n - key - 1;
	while (vn && isspace((unsigned char)*v))
		v++, vn--;
	while (vn && isspace((unsigned char)v[vn - 1]))
		vn--;

	if (key == 4 && !memcmp(line, "desc", 4)) {
		buf d = { 0 };
		if (c->desc)
			buf_printf(&d, "%s ", c->desc);
		buf_put(&d, v, vn);
		free(c->desc);
		c->desc = d.ptr;
	} else if (key == 7 && !memcmp(line, "timeout", 7)) {
		char *tmp = xstrndup(v, vn), *stop;
		long t = strtol(tmp, &stop, 10);
		if (!*tmp || *stop || t <= 0 || t > 86400) {
			buf_printf(err, "bad timeout '%s'", tmp);
			free(tmp);
			return -1;
		}
		c->timeout = (int)t;
		free(tmp);
	} else if ((key == 8 && !memcmp(line, "requires", 8)) ||
	           (key == 8 && !memcmp(line, "dialects", 8))) {
		bool is_dialects = line[0] == 'd';
		size_t i = 0;
		while (i < vn) {
			while (i < vn &&
			       (v[i] == ' ' || v[i] == ',' || v[i] == '\t'))
				i++;
			size_t w = i;
			while (i < vn && v[i] != ' ' && v[i] != ',' &&
			       v[i] != '\t')
				i++;
			if (w == i)
				continue;
			int d = dialect_parse(v + w, i - w);
			if (d < 0) {
				buf_printf(err, "unknown %s '%.*s'",
				           is_dialects ? "dialect"
				                       : "requirement",
				           (int)(i - w), v + w);
				return -1;
			}
			if (!is_dialects) {
				c->requires[d] = true;
				continue;
			}
			for (int k = 0; k < c->ndialects; k++)
				if (c->dialects[k] == d)
					d = -1;
			if (d >= 0)
				c->dialects[c->ndialects++] = d;
		}
	}
	return 0;
}

static bool unique_in_step(const gcase *c, const section *s)
{
	for (size_t i = 0; i < c->nsecs; i++) {
		const section *o = &c->secs[i];
		if (o == s || o->step != s->step || o->kind != s->kind ||
		    o->dialect != s->dialect)
			continue;
		if (s->kind == SEC_STDIN || s->kind == SEC_STDOUT ||
		    s->kind == SEC_STDERR || s->kind == SEC_EXIT ||
		    s->kind == SEC_STDOUT_MATCH || s->kind == SEC_STDERR_MATCH)
			return false;
		if ((s->kind == SEC_EXPECT_FILE ||
		     s->kind == SEC_EXPECT_ABSENT) &&
		    !strcmp(o->path, s->path))
			return false;
	}
	return true;
}

static void prefix_line(buf *err, int lineno)
{
	buf tmp = { 0 };
	buf_printf(&tmp, "line %d: %s", lineno, buf_str(err));
	buf_release(err);
	*err = tmp;
}

static int case_load(gcase *c, const char *path, buf *err)
{
	buf text = { 0 };
	const char *p, *end;
	section *cur = NULL;
	int lineno = 0, rc = -1;

	memset(c, 0, sizeof(*c));
	c->path = xstrdup(path);
	c->name = case_name(path);
	if (read_file(&text, path) < 0) {
		buf_printf(err, "cannot read '%s': %s", path, strerror(errno));
		goto done;
	}
	p = buf_str(&text);
	end = p + text.len;
	c->nsteps = 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		section tmp = { .dialect = -1 };
		int m;

		lineno++;
		m = parse_marker(&tmp, p, n, err);
		if (m < 0) {
			free(tmp.path);
			prefix_line(err, lineno);
			goto done;
		}
		if (m > 0) {
			if (tmp.kind == SEC_ARGS) {
				for (size_t i = 0; i < c->nsecs; i++)
					if (c->secs[i].kind == SEC_ARGS) {
						c->nsteps++;
						break;
					}
			}
			cur = case_insert(c, c->nsecs);
			*cur = tmp;
			cur->marker = xstrndup(p, n);
			cur->step = c->nsteps;
			cur->line = lineno;
			buf_grow(&cur->raw, 0);
		} else if (cur) {
			buf_put(&cur->raw, p, n);
			buf_putc(&cur->raw, '\n');
		} else {
			buf_put(&c->header, p, n);
			buf_putc(&c->header, '\n');
			if (parse_header_line(c, p, n, err) < 0) {
				prefix_line(err, lineno);
				goto done;
			}
		}
		p = nl ? nl + 1 : end;
	}

	bool have_args = false;
	for (size_t i = 0; i < c->nsecs; i++) {
		section *s = &c->secs[i];
		const char *body = buf_str(&s->raw);
		size_t bn = s->raw.len, ml = strlen(NO_EOL_MARK);

		have_args |= s->kind == SEC_ARGS;
		/* "\ No newline at end of file" ends a body without newline */
		if (bn >= ml + 1 &&
		    !memcmp(body + bn - ml - 1, NO_EOL_MARK, ml) &&
		    body[bn - 1] == '\n' &&
		    (bn == ml + 1 || body[bn - ml - 2] == '\n')) {
			size_t keep = bn - ml - 1;
			buf_set(&s->content, body, keep ? keep - 1 : 0);
		} else {
			buf_set(&s->content, body, bn);
		}
		if (!unique_in_step(c, s)) {
			buf_printf(err, "line %d: duplicate '%s' in one step",
			           s->line, s->marker);
			goto done;
		}
	}
	if (!have_args) {
		buf_puts(err, "no '-- args --' section");
		goto done;
	}
	c->nsteps++;
	rc = 0;
done:
	buf_release(&text);
	return rc;
}

static int case_save(const gcase *c, buf *err)
{
	buf out = { 0 }, tmp = { 0 };
	int fd, rc = -1;

	buf_put(&out, buf_str(&c->header), c->header.len);
	for (size_t i = 0; i < c->nsecs; i++) {
		buf_puts(&out, c->secs[i].marker);
		buf_putc(&out, '\n');
		buf_put(&out, buf_str(&c->secs[i].raw), c->secs[i].raw.len);
	}
	buf_printf(&tmp, "%s.update.%ld", c->path, (long)getpid());
	fd = open(tmp.ptr, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0 || write_all(fd, buf_str(&out), out.len) < 0 ||
	    close(fd) < 0 || rename(tmp.ptr, c->path) < 0) {
		buf_printf(err, "cannot rewrite '%s': %s", c->path,
		           strerror(errno));
		if (fd >= 0)
			unlink(tmp.ptr);
		goto done;
	}
	rc = 0;
done:
	buf_release(&out);
	buf_release(&tmp);
	return rc;
}

/* ---- variables, argument splitting ---- */

enum {
	VAR_WORK,
	VAR_SHARED,
	VAR_PG_URL,
	VAR_MY_URL,
	VAR_PG_DEV_URL,
	VAR_MY_DEV_URL,
	VAR_DIALECT,
	VAR_URL,
	VAR_DEV_URL,
	VAR_TESTDATA,
	NVARS
};

static const struct {
	const char *name;
	const char *why; /* hint when the value is missing */
} var_info[NVARS] = {
	{ "WORK", "" },
	{ "SHARED", "set STRATA_SHARED_DIR" },
	{ "PG_URL",
	  "STRATA_TEST_PG_URL is not set; add '# requires: postgres'" },
	{ "MY_URL", "STRATA_TEST_MY_URL is not set; add '# requires: mysql'" },
	{ "PG_DEV_URL", "STRATA_TEST_PG_DEV_URL is not set" },
	{ "MY_DEV_URL", "STRATA_TEST_MY_DEV_URL is not set" },
	{ "DIALECT", "" },
	{ "URL", "no URL for this dialect" },
	{ "DEV_URL", "no dev URL for this dialect" },
	{ "TESTDATA", "the case is not under a testdata/ folder" },
};

typedef struct run {
	const gcase *c;
	int dialect;
	char *vars[NVARS]; /* NULL = unset */
	char *work_real;   /* realpath of vars[VAR_WORK] */
	char *scratch[NDIALECTS]; /* scratch database per server, or NULL */
	regex_t *rules;
	char **repl;
	bool *global;
	size_t nrules;
	int timeout;
} run;

/*
 * At s[0] == '$': if "$NAME" or "${NAME}" names a variable, append its
 * value and return the length consumed; 0 = not a variable (keep the '$');
 * -1 = a variable with no value here (err says why).
 */
static int expand_var(buf *out, const run *r, const char *s, size_t n, buf *err)
{
	size_t i = 1, start, len;
	bool brace = n > 1 && s[1] == '{';

	if (brace)
		i++;
	start = i;
	while (i < n && (isalnum((unsigned char)s[i]) || s[i] == '_'))
		i++;
	len = i - start;
	if (brace) {
		if (i >= n || s[i] != '}')
			return 0;
		i++;
	}
	for (int v = 0; v < NVARS; v++) {
		if (strlen(var_info[v].name) != len ||
		    memcmp(var_info[v].name, s + start, len))
			continue;
		if (!r->vars[v]) {
			buf_printf(err, "$%s has no value: %s",
			           var_info[v].name, var_info[v].why);
			return -1;
		}
		buf_puts(out, r->vars[v]);
		return (int)i;
	}
	return 0;
}

static int expand_text(buf *out, const run *r, const char *s, size_t n,
                       buf *err)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '$') {
			int k = expand_var(out, r, s + i, n - i, err);
			if (k < 0)
				return -1;
			if (k > 0) {
				i += (size_t)k - 1;
				continue;
			}
		}
		buf_putc(out, s[i]);
	}
	return 0;
}

/*
 * Shell-like split, no shell: blanks and newlines separate words; '...'
 * is literal; "..." expands variables and knows \" \\ \$; a backslash
 * outside quotes escapes the next character; '#' at a word start comments
 * out the rest of the line. Variables never split words.
 */
static int split_args(strvec *out, const run *r, const char *s, size_t n,
                      buf *err)
{
	buf word = { 0 };
	bool in_word = false;
	size_t i = 0;
	int rc = -1;

	while (i < n) {
		char ch = s[i];
		if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
			if (in_word) {
				strvec_push_owned(out, xstrdup(buf_str(&word)));
				buf_reset(&word);
				in_word = false;
			}
			i++;
		} else if (ch == '#' && !in_word) {
			while (i < n && s[i] != '\n')
				i++;
		} else if (ch == '\'') {
			const char *q = memchr(s + i + 1, '\'', n - i - 1);
			if (!q) {
				buf_puts(err, "unterminated ' in args");
				goto done;
			}
			buf_put(&word, s + i + 1, (size_t)(q - s - i - 1));
			buf_grow(&word, 0);
			in_word = true;
			i = (size_t)(q - s) + 1;
		} else if (ch == '"') {
			buf_grow(&word, 0);
			in_word = true;
			for (i++; i < n && s[i] != '"'; i++) {
				if (s[i] == '\\' && i + 1 < n &&
				    strchr("\"\\$\n", s[i + 1])) {
					if (s[++i] != '\n')
						buf_putc(&word, s[i]);
				} else if (s[i] == '$') {
					int k = expand_var(&word, r, s + i,
					                   n - i, err);
					if (k < 0)
						goto done;
					if (k == 0)
						buf_putc(&word, '$');
					else
						i += (size_t)k - 1;
				} else {
					buf_putc(&word, s[i]);
				}
			}
			if (i >= n) {
				buf_puts(err, "unterminated \" in args");
				goto done;
			}
			i++;
		} else if (ch == '\\') {
			if (i + 1 < n && s[i + 1] != '\n') {
				buf_putc(&word, s[i + 1]);
				in_word = true;
			}
			i += 2;
		} else if (ch == '$') {
			int k = expand_var(&word, r, s + i, n - i, err);
			if (k < 0)
				goto done;
			buf_grow(&word, 0);
			in_word = true;
			if (k == 0) {
				buf_putc(&word, '$');
				i++;
			} else {
				i += (size_t)k;
			}
		} else {
			buf_putc(&word, ch);
			in_word = true;
			i++;
		}
	}
	if (in_word)
		strvec_push_owned(out, xstrdup(buf_str(&word)));
	rc = 0;
done:
	buf_release(&word);
	return rc;
}

/* ---- scrub rules: s/REGEX/REPL/[gi] per line, POSIX extended ---- */

static int scrub_add(run *r, const char *line, size_t n, buf *err)
{
	buf re = { 0 }, rep = { 0 };
	size_t i;
	char delim;
	bool global = false;
	int cflags = REG_EXTENDED, ec, rc = -1;

	if (n < 4 || line[0] != 's' || line[1] == '\\' || line[1] == ' ')
		goto bad;
	delim = line[1];
	for (i = 2; i < n && line[i] != delim; i++) {
		if (line[i] == '\\' && i + 1 < n && line[i + 1] == delim)
			i++;
		else if (line[i] == '\\' && i + 1 < n)
			buf_putc(&re, line[i++]);
		buf_putc(&re, line[i]);
	}
	if (i >= n)
		goto bad;
	for (i++; i < n && line[i] != delim; i++) {
		if (line[i] == '\\' && i + 1 < n && line[i + 1] == delim)
			i++;
		else if (line[i] == '\\' && i + 1 < n)
			buf_putc(&rep, line[i++]);
		buf_putc(&rep, line[i]);
	}
	if (i >= n)
		goto bad;
	for (i++; i < n; i++) {
		if (line[i] == 'g')
			global = true;
		else if (line[i] == 'i')
			cflags |= REG_ICASE;
		else if (!isspace((unsigned char)line[i]))
			goto bad;
	}
	r->rules = xrealloc(r->rules, (r->nrules + 1) * sizeof(*r->rules));
	r->repl = xrealloc(r->repl, (r->nrules + 1) * sizeof(*r->repl));
	r->global = xrealloc(r->global, (r->nrules + 1) * sizeof(*r->global));
	ec = regcomp(&r->rules[r->nrules], buf_str(&re), cflags);
	if (ec != 0) {
		char msg[256];
		regerror(ec, &r->rules[r->nrules], msg, sizeof(msg));
		buf_printf(err, "bad scrub regex '%s': %s", buf_str(&re), msg);
		goto done;
	}
	r->repl[r->nrules] = xstrdup(buf_str(&rep));
	r->global[r->nrules] = global;
	r->nrules++;
	rc = 0;
	goto done;
bad:
	buf_printf(err, "bad scrub rule '%.*s' (want s/REGEX/REPL/g)", (int)n,
	           line);
done:
	buf_release(&re);
	buf_release(&rep);
	return rc;
}

static void scrub_free(run *r)
{
	for (size_t i = 0; i < r->nrules; i++) {
		regfree(&r->rules[i]);
		free(r->repl[i]);
	}
	free(r->rules);
	free(r->repl);
	free(r->global);
	r->rules = NULL;
	r->repl = NULL;
	r->global = NULL;
	r->nrules = 0;
}

/* sed-like replacement: & and \0 = match, \1..\9 = groups, \n = newline */
static void put_replacement(buf *out, const char *rep, const char *subj,
                            const regmatch_t *m)
{
	for (const char *p = rep; *p; p++) {
		int g = -1;
		if (*p == '&') {
			g = 0;
		} else if (*p == '\\' && p[1] >= '0' && p[1] <= '9') {
			g = *++p - '0';
		} else if (*p == '\\' && p[1] == 'n') {
			p++;
			buf_putc(out, '\n');
			continue;
		} else if (*p == '\\' && p[1]) {
			buf_putc(out, *++p);
			continue;
		}
		if (g < 0) {
			buf_putc(out, *p);
		} else if (m[g].rm_so >= 0) {
			buf_put(out, subj + m[g].rm_so,
			        (size_t)(m[g].rm_eo - m[g].rm_so));
		}
	}
}

static void scrub_line(buf *out, const regex_t *re, const char *rep,
                       bool global, const char *line)
{
	regmatch_t m[10];
	size_t off = 0, len = strlen(line);

	while (off <= len) {
		int flags = off > 0 ? REG_NOTBOL : 0;
		if (regexec(re, line + off, 10, m, flags) != 0)
			break;
		buf_put(out, line + off, (size_t)m[0].rm_so);
		put_replacement(out, rep, line + off, m);
		if (m[0].rm_eo == m[0].rm_so) {
			/* empty match: keep one character and move on */
			if (off + (size_t)m[0].rm_eo < len)
				buf_putc(out, line[off + (size_t)m[0].rm_eo]);
			off += (size_t)m[0].rm_eo + 1;
		} else {
			off += (size_t)m[0].rm_eo;
		}
		if (!global)
			break;
	}
	if (off < len)
		buf_put(out, line + off, len - off);
}

static void replace_all(buf *text, const char *needle, const char *with)
{
	buf out = { 0 };
	const char *p = buf_str(text), *hit;
	size_t nl = strlen(needle);

	if (!nl || !strstr(p, needle))
		return;
	while ((hit = strstr(p, needle)) != NULL) {
		buf_put(&out, p, (size_t)(hit - p));
		buf_puts(&out, with);
		p = hit + nl;
	}
	buf_puts(&out, p);
	buf_release(text);
	*text = out;
}

/* what a comparison sees: paths replaced by $WORK/$SHARED, then scrubbed */
static void normalize(buf *text, const run *r)
{
	buf_grow(text, 0);
	if (r->work_real && strcmp(r->work_real, r->vars[VAR_WORK]))
		replace_all(text, r->work_real, "$WORK");
	replace_all(text, r->vars[VAR_WORK], "$WORK");
	if (r->vars[VAR_SHARED] && strlen(r->vars[VAR_SHARED]) > 1)
		replace_all(text, r->vars[VAR_SHARED], "$SHARED");
	if (r->vars[VAR_TESTDATA])
		replace_all(text, r->vars[VAR_TESTDATA], "$TESTDATA");
	for (int d = 1; d < NDIALECTS; d++) {
		if (!r->scratch[d])
			continue;
		buf dev = { 0 };
		buf_printf(&dev, "%s_dev", r->scratch[d]);
		replace_all(text, dev.ptr, "strata_dev");
		replace_all(text, r->scratch[d], "strata");
		buf_release(&dev);
	}
	for (size_t k = 0; k < r->nrules; k++) {
		buf out = { 0 }, line = { 0 };
		const char *p = buf_str(text), *end = p + text->len;
		buf_grow(&out, 0);
		while (p < end) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
			buf_set(&line, p, n);
			scrub_line(&out, &r->rules[k], r->repl[k], r->global[k],
			           buf_str(&line));
			if (nl)
				buf_putc(&out, '\n');
			p = nl ? nl + 1 : end;
		}
		buf_release(&line);
		buf_release(text);
		*text = out;
	}
}

/* ---- line diff ---- */

typedef struct line {
	const char *p;
	size_t n;
	bool no_eol;
} text_line;

static size_t split_lines(text_line **out, const char *s, size_t n)
{
	size_t count = 0, cap = 16;
	text_line *v = xcalloc(cap, sizeof(*v));
	const char *end = s + n;

	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		if (count == cap) {
			cap *= 2;
			v = xrealloc(v, cap * sizeof(*v));
		}
		v[count].p = s;
		v[count].n = nl ? (size_t)(nl - s) : (size_t)(end - s);
		v[count].no_eol = !nl;
		count++;
		s = nl ? nl + 1 : end;
	}
	*out = v;
	return count;
}

static bool line_eq(const text_line *a, const text_line *b)
{
	return a->n == b->n && a->no_eol == b->no_eol &&
	       !memcmp(a->p, b->p, a->n);
}

typedef struct op {
	char tag; /* ' ', '-', '+' */
	const text_line *l;
	size_t ea, ab; /* 1-based line numbers in expected/actual before op */
} op;

static void print_line(FILE *f, char tag, const text_line *l)
{
	fprintf(f, "%c%.*s\n", tag, (int)l->n, l->p);
	if (l->no_eol)
		fprintf(f, "%s\n", NO_EOL_MARK);
}

/* unified-style diff of two texts on stderr (LCS on the differing middle) */
static void print_diff(const char *what, const char *exp, size_t en,
                       const char *act, size_t an)
{
	text_line *a, *b;
	size_t na = split_lines(&a, exp, en), nb = split_lines(&b, act, an);
	size_t pre = 0, suf = 0, nops = 0;
	op *ops = xcalloc(na + nb + 1, sizeof(*ops));

	while (pre < na && pre < nb && line_eq(&a[pre], &b[pre]))
		pre++;
	while (suf < na - pre && suf < nb - pre &&
	       line_eq(&a[na - 1 - suf], &b[nb - 1 - suf]))
		suf++;
	size_t ma = na - pre - suf, mb = nb - pre - suf;

	for (size_t i = 0; i < pre; i++)
		ops[nops++] = (op){ ' ', &a[i], i, i };
	if (ma && mb && (ma + 1) * (mb + 1) <= DIFF_MAX_CELLS) {
		uint32_t *t = xcalloc((ma + 1) * (mb + 1), sizeof(*t));
#define T(i, j) t[(i) * (mb + 1) + (j)]
		for (size_t i = ma; i-- > 0;)
			for (size_t j = mb; j-- > 0;)
				T(i, j) = line_eq(&a[pre + i], &b[pre + j])
				                  ? T(i + 1, j + 1) + 1
				          : T(i + 1, j) >= T(i, j + 1)
				                  ? T(i + 1, j)
				                  : T(i, j + 1);
		size_t i = 0, j = 0;
		while (i < ma || j < mb) {
			if (i < ma && j < mb &&
			    line_eq(&a[pre + i], &b[pre + j])) {
				ops[nops++] = (op){ ' ', &a[pre + i], pre + i,
					            pre + j };
				i++, j++;
			} else if (i < ma &&
			           (j == mb || T(i + 1, j) >= T(i, j + 1))) {
				ops[nops++] = (op){ '-', &a[pre + i], pre + i,
					            pre + j };
				i++;
			} else {
				ops[nops++] = (op){ '+', &b[pre + j], pre + i,
					            pre + j };
				j++;
			}
		}
#undef T
		free(t);
	} else {
		for (size_t i = 0; i < ma; i++)
			ops[nops++] = (op){ '-', &a[pre + i], pre + i, pre };
		for (size_t j = 0; j < mb; j++)
			ops[nops++] =
			        (op){ '+', &b[pre + j], pre + ma, pre + j };
	}
	for (size_t i = 0; i < suf; i++)
		ops[nops++] = (op){ ' ', &a[na - suf + i], na - suf + i,
			            nb - suf + i };

	fprintf(stderr, "--- expected %s\n+++ actual %s\n", what, what);
	if (na == 0 && nb == 0)
		fprintf(stderr, "(both empty)\n");
	size_t k = 0;
	while (k < nops) {
		while (k < nops && ops[k].tag == ' ')
			k++;
		if (k == nops)
			break;
		/* a hunk runs on while changes are at most 2*context apart */
		size_t start = k > DIFF_CONTEXT ? k - DIFF_CONTEXT : 0;
		size_t last = k, end;
		for (size_t q = k + 1; q < nops; q++) {
			if (ops[q].tag != ' ')
				last = q;
			else if (q - last > 2 * DIFF_CONTEXT)
				break;
		}
		end = last + DIFF_CONTEXT + 1 < nops ? last + DIFF_CONTEXT + 1
		                                     : nops;
		size_t ec = 0, ac = 0;
		for (size_t q = start; q < end; q++) {
			ec += ops[q].tag != '+';
			ac += ops[q].tag != '-';
		}
		fprintf(stderr, "@@ -%zu,%zu +%zu,%zu @@\n",
		        ops[start].ea + (ec ? 1 : 0), ec,
		        ops[start].ab + (ac ? 1 : 0), ac);
		for (size_t q = start; q < end; q++)
			print_line(stderr, ops[q].tag, ops[q].l);
		k = end;
	}
	free(ops);
	free(a);
	free(b);
}

/* ---- running the program ---- */

typedef struct result {
	buf out, err;
	int code;   /* exit status, or 128 + signal */
	int signal; /* 0 unless killed by a signal */
	bool timed_out;
	bool exec_failed;
} result;

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void set_cloexec_nonblock(int fd)
{
	fcntl(fd, F_SETFD, FD_CLOEXEC);
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
}

/* environ with overrides; "NAME" alone unsets */
static char **make_env(const strvec *set)
{
	strvec env = { 0 };

	for (char **e = environ; *e; e++) {
		bool keep = true;
		size_t en = strcspn(*e, "=");
		for (size_t i = 0; i < set->n; i++) {
			size_t sn = strcspn(set->v[i], "=");
			if (sn == en && !memcmp(set->v[i], *e, en))
				keep = false;
		}
		if (keep)
			strvec_push_owned(&env, xstrdup(*e));
	}
	for (size_t i = 0; i < set->n; i++) {
		size_t sn = strcspn(set->v[i], "=");
		bool later = false;
		for (size_t j = i + 1; j < set->n; j++)
			later |= strcspn(set->v[j], "=") == sn &&
			         !memcmp(set->v[i], set->v[j], sn);
		if (!later && set->v[i][sn] == '=')
			strvec_push_owned(&env, xstrdup(set->v[i]));
	}
	if (!env.v)
		strvec_push_owned(&env, xstrdup("TZ=UTC"));
	return env.v;
}

static void free_env(char **env)
{
	for (char **e = env; e && *e; e++)
		free(*e);
	free(env);
}

static void spawn_and_wait(result *res, char *const argv[], const char *cwd,
                           const char *in, size_t in_len, char **envp,
                           int timeout)
{
	int pin[2], pout[2], perr[2];
	pid_t pid;
	size_t in_off = 0;
	double deadline = now_seconds() + timeout, exited_at = 0;
	bool out_open = true, err_open = true, reaped = false;
	int status = 0;

	memset(res, 0, sizeof(*res));
	buf_grow(&res->out, 0);
	buf_grow(&res->err, 0);
	if (pipe(pin) < 0 || pipe(pout) < 0 || pipe(perr) < 0) {
		perror("runner: pipe");
		exit(2);
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		perror("runner: fork");
		exit(2);
	}
	if (pid == 0) {
		setpgid(0, 0);
		signal(SIGPIPE, SIG_DFL);
		dup2(pin[0], 0);
		dup2(pout[1], 1);
		dup2(perr[1], 2);
		for (int fd = 3; fd < 1024; fd++)
			close(fd);
		if (chdir(cwd) < 0) {
			fprintf(stderr, "runner: cannot chdir to '%s': %s\n",
			        cwd, strerror(errno));
			_exit(127);
		}
		execve(argv[0], argv, envp);
		fprintf(stderr, "runner: cannot execute '%s': %s\n", argv[0],
		        strerror(errno));
		_exit(127);
	}
	setpgid(pid, pid); /* both sides, so it holds before exec */
	close(pin[0]);
	close(pout[1]);
	close(perr[1]);
	set_cloexec_nonblock(pin[1]);
	set_cloexec_nonblock(pout[0]);
	set_cloexec_nonblock(perr[0]);
	if (in_len == 0) {
		close(pin[1]);
		pin[1] = -1;
	}

	while (out_open || err_open || !reaped) {
		struct pollfd pf[3];
		nfds_t np = 0;
		double left = deadline - now_seconds();

		if (left <= 0) {
			res->timed_out = true;
			break;
		}
		if (!reaped && waitpid(pid, &status, WNOHANG) == pid) {
			reaped = true;
			exited_at = now_seconds();
		}
		/*
		 * A grandchild may keep the pipes open after the program
		 * exited: give it a short grace, then stop reading.
		 */
		if (reaped && now_seconds() - exited_at > 5)
			break;
		if (!out_open && !err_open) {
			if (reaped)
				break;
			struct timespec ts = { 0, 10 * 1000 * 1000 };
			nanosleep(&ts, NULL);
			continue;
		}
		if (out_open)
			pf[np++] = (struct pollfd){ pout[0], POLLIN, 0 };
		if (err_open)
			pf[np++] = (struct pollfd){ perr[0], POLLIN, 0 };
		if (pin[1] >= 0)
			pf[np++] = (struct pollfd){ pin[1], POLLOUT, 0 };
		int ms = left > 0.2 ? 200 : (int)(left * 1000) + 1;
		if (poll(pf, np, ms) < 0 && errno != EINTR) {
			perror("runner: poll");
			exit(2);
		}
		for (nfds_t i = 0; i < np; i++) {
			if (!pf[i].revents)
				continue;
			if (pf[i].fd == pin[1]) {
				ssize_t w = write(pin[1], in + in_off,
				                  in_len - in_off);
				if (w > 0)
					in_off += (size_t)w;
				if ((w < 0 && errno != EAGAIN &&
				     errno != EINTR) ||
				    in_off == in_len) {
					close(pin[1]);
					pin[1] = -1;
				}
				continue;
			}
			char chunk[65536];
			ssize_t n = read(pf[i].fd, chunk, sizeof(chunk));
			bool is_out = pf[i].fd == pout[0];
			buf *dst = is_out ? &res->out : &res->err;
			if (n > 0) {
				if (dst->len + (size_t)n <= MAX_CAPTURE)
					buf_put(dst, chunk, (size_t)n);
			} else if (n == 0 ||
			           (errno != EAGAIN && errno != EINTR)) {
				if (is_out)
					out_open = false;
				else
					err_open = false;
			}
		}
	}
	/* whatever is left of the process group goes now */
	kill(-pid, SIGKILL);
	if (!reaped)
		waitpid(pid, &status, 0);
	if (pin[1] >= 0)
		close(pin[1]);
	close(pout[0]);
	close(perr[0]);
	if (WIFSIGNALED(status)) {
		res->signal = WTERMSIG(status);
		res->code = 128 + res->signal;
	} else {
		res->code = WEXITSTATUS(status);
	}
	res->exec_failed = res->code == 127 &&
	                   strstr(buf_str(&res->err), "runner: cannot ");
}

static void result_release(result *res)
{
	buf_release(&res->out);
	buf_release(&res->err);
}

/* ---- one run of a case (one dialect) ---- */

typedef struct runner {
	const char *strata;
	const char *shared;
	bool update;
	bool keep;
	bool strict; /* CI: an unmet requirement fails */
	int passed, failed, skipped;
} runner;

/* section of kind for this dialect in step: exact dialect, else generic */
static section *pick(gcase *c, int step, sec_kind kind, int dialect,
                     const char *path)
{
	section *generic = NULL;
	for (size_t i = 0; i < c->nsecs; i++) {
		section *s = &c->secs[i];
		if (s->step != step || s->kind != kind)
			continue;
		if (path && strcmp(s->path, path))
			continue;
		if (s->dialect == dialect)
			return s;
		if (s->dialect < 0 && !generic)
			generic = s;
	}
	return generic;
}

static size_t step_end(const gcase *c, int step)
{
	size_t end = 0;
	for (size_t i = 0; i < c->nsecs; i++)
		if (c->secs[i].step == step)
			end = i + 1;
	return end;
}

static const char *kind_name(sec_kind k)
{
	for (size_t i = 0; i < sizeof(sec_names) / sizeof(sec_names[0]); i++)
		if (sec_names[i].kind == k)
			return sec_names[i].name;
	return "?";
}

/*
 * STRATA_GOLDEN_UPDATE: store actual into the section that was compared.
 * In a "# dialects:" case a generic section belongs to the first dialect;
 * another dialect that differs gets its own ".<dialect>" section instead.
 */
static void update_section(gcase *c, section *sel, int step, sec_kind kind,
                           const char *path, int dialect, const char *text,
                           size_t n)
{
	bool primary = c->ndialects == 0 || c->dialects[0] == dialect;
	size_t at;
	section *s;

	if (sel && (sel->dialect >= 0 || primary)) {
		section_set_content(sel, text, n);
		c->dirty = true;
		return;
	}
	if (sel) {
		/* after the plain section and the variants already there */
		at = (size_t)(sel - c->secs) + 1;
		while (at < c->nsecs && c->secs[at].step == step &&
		       c->secs[at].kind == kind && c->secs[at].dialect >= 0 &&
		       (!path || !strcmp(c->secs[at].path, path)))
			at++;
	} else {
		at = step_end(c, step);
	}
	s = case_insert(c, at);
	s->kind = kind;
	s->dialect = primary ? -1 : dialect;
	s->step = step;
	s->path = path ? xstrdup(path) : NULL;
	buf m = { 0 };
	buf_printf(&m, "-- %s%s%s%s%s --", kind_name(kind),
	           s->dialect >= 0 ? "." : "",
	           s->dialect >= 0 ? dialect_names[dialect] : "",
	           path ? " " : "", path ? path : "");
	s->marker = m.ptr;
	section_set_content(s, text, n);
	c->dirty = true;
}

static void describe_args(buf *out, char *const *argv)
{
	for (char *const *a = argv + 1; *a; a++) {
		bool plain = **a != '\0';
		for (const char *p = *a; *p && plain; p++)
			plain = isalnum((unsigned char)*p) ||
			        strchr("-_./:=@%+,?&$", *p);
		if (a != argv + 1)
			buf_putc(out, ' ');
		if (plain) {
			buf_puts(out, *a);
			continue;
		}
		buf_putc(out, '\'');
		for (const char *p = *a; *p; p++) {
			if (*p == '\'')
				buf_puts(out, "'\\''");
			else
				buf_putc(out, *p);
		}
		buf_putc(out, '\'');
	}
}

static int write_case_file(const run *r, const section *s, buf *err)
{
	buf path = { 0 }, body = { 0 };
	int fd = -1, rc = -1;

	buf_printf(&path, "%s/%s", r->vars[VAR_WORK], s->path);
	if (expand_text(&body, r, buf_str(&s->content), s->content.len, err) <
	    0)
		goto done;
	if (make_parents(path.ptr) < 0 ||
	    (fd = open(path.ptr, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	               s->mode ? s->mode : 0644)) < 0 ||
	    write_all(fd, buf_str(&body), body.len) < 0 ||
	    (s->mode && fchmod(fd, s->mode) < 0)) {
		buf_printf(err, "cannot write '%s': %s", s->path,
		           strerror(errno));
		goto done;
	}
	rc = 0;
done:
	if (fd >= 0)
		close(fd);
	buf_release(&path);
	buf_release(&body);
	return rc;
}

static bool has_sanitizer_report(const buf *err)
{
	const char *s = buf_str(err);
	return strstr(s, "ERROR: AddressSanitizer") ||
	       strstr(s, "ERROR: LeakSanitizer") ||
	       strstr(s, "runtime error: ") ||
	       strstr(s, "WARNING: MemorySanitizer");
}

/* compare; on mismatch print a diff (or update) and return false */
static bool check_text(runner *rn, gcase *c, section *sel, int step,
                       sec_kind kind, const char *path, int dialect,
                       const buf *actual, const char *what)
{
	if (sel && sel->content.len == actual->len &&
	    !memcmp(buf_str(&sel->content), buf_str(actual), actual->len))
		return true;
	if (rn->update) {
		update_section(c, sel, step, kind, path, dialect,
		               buf_str(actual), actual->len);
		return true;
	}
	fprintf(stderr, "%s: %s differs (line %d)\n", c->name, what, sel->line);
	print_diff(what, buf_str(&sel->content), sel->content.len,
	           buf_str(actual), actual->len);
	return false;
}

/*
 * "-- stdout-match --": every line of the body is a POSIX extended regex
 * that must match at least one line of the output. Returns 1 when all
 * match, 0 after printing the ones that did not, -1 for a bad regex.
 */
static int check_match(const gcase *c, const section *sel, const buf *actual,
                       const char *what, buf *err)
{
	const char *p = buf_str(&sel->content);
	const char *end = p + sel->content.len;
	buf pat = { 0 }, line = { 0 };
	int rc = 1;

	while (p < end && rc >= 0) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		regex_t re;
		int ec;
		bool found = false;

		buf_set(&pat, p, n);
		p = nl ? nl + 1 : end;
		if (n == 0)
			continue;
		if ((ec = regcomp(&re, pat.ptr, REG_EXTENDED | REG_NOSUB)) !=
		    0) {
			char msg[256];
			regerror(ec, &re, msg, sizeof(msg));
			buf_printf(err, "line %d: bad regex '%s': %s",
			           sel->line, pat.ptr, msg);
			rc = -1;
			break;
		}
		const char *q = buf_str(actual), *qe = q + actual->len;
		while (q < qe && !found) {
			const char *qn = memchr(q, '\n', (size_t)(qe - q));
			size_t m = qn ? (size_t)(qn - q) : (size_t)(qe - q);
			buf_set(&line, q, m);
			found = regexec(&re, line.ptr, 0, NULL, 0) == 0;
			q = qn ? qn + 1 : qe;
		}
		regfree(&re);
		if (!found) {
			if (rc == 1)
				fprintf(stderr, "%s: %s: no line matches:\n",
				        c->name, what);
			fprintf(stderr, "  /%s/\n", pat.ptr);
			rc = 0;
		}
	}
	if (rc == 0)
		fprintf(stderr, "output was:\n%s%s", buf_str(actual),
		        actual->len && actual->ptr[actual->len - 1] != '\n'
		                ? "\n"
		                : "");
	buf_release(&pat);
	buf_release(&line);
	return rc;
}

/* returns 0 = all good, 1 = an expectation failed, -1 = broken case */
static int run_step(runner *rn, gcase *c, run *r, int step, buf *err)
{
	strvec argv = { 0 }, env = { 0 };
	section *args = NULL, *in, *sel;
	result res;
	buf what = { 0 }, cmdline = { 0 }, stdin_text = { 0 }, actual = { 0 };
	char **envp = NULL;
	int rc = -1, expected_exit = 0;
	bool ok = true;

	/* stable output whatever the caller's locale and zone */
	strvec_push_owned(&env, xstrdup("TZ=UTC"));
	strvec_push_owned(&env, xstrdup("LC_ALL=C"));
	strvec_push_owned(&env, xstrdup("NO_COLOR=1"));
	for (size_t i = 0; i < c->nsecs; i++) {
		section *s = &c->secs[i];
		if (s->step != step)
			continue;
		if (s->kind == SEC_ARGS)
			args = s;
		if (s->kind == SEC_FILE && write_case_file(r, s, err) < 0)
			goto done;
		if (s->kind == SEC_ENV) {
			const char *p = buf_str(&s->content);
			const char *end = p + s->content.len;
			while (p < end) {
				const char *nl =
				        memchr(p, '\n', (size_t)(end - p));
				size_t n = nl ? (size_t)(nl - p)
				              : (size_t)(end - p);
				buf kv = { 0 };
				if (n && *p != '#') {
					if (expand_text(&kv, r, p, n, err) <
					    0) {
						buf_release(&kv);
						goto done;
					}
					strvec_push_owned(&env, kv.ptr);
				}
				p = nl ? nl + 1 : end;
			}
		}
	}
	strvec_push_owned(&argv, xstrdup(rn->strata));
	if (split_args(&argv, r, buf_str(&args->content), args->content.len,
	               err) < 0)
		goto done;
	if ((in = pick(c, step, SEC_STDIN, -1, NULL)) != NULL &&
	    expand_text(&stdin_text, r, buf_str(&in->content), in->content.len,
	                err) < 0)
		goto done;
	if ((sel = pick(c, step, SEC_EXIT, r->dialect, NULL)) != NULL) {
		char *stop;
		long v = strtol(buf_str(&sel->content), &stop, 10);
		while (isspace((unsigned char)*stop))
			stop++;
		if (*stop || sel->content.len == 0 || v < 0 || v > 255) {
			buf_printf(err, "line %d: exit wants a number 0-255",
			           sel->line);
			goto done;
		}
		expected_exit = (int)v;
	}

	describe_args(&cmdline, argv.v);
	envp = make_env(&env);
	spawn_and_wait(&res, argv.v, r->vars[VAR_WORK], buf_str(&stdin_text),
	               stdin_text.len, envp, r->timeout);
	if (res.timed_out) {
		fprintf(stderr,
		        "%s: step %d (strata %s): timed out after %d s\n",
		        c->name, step + 1, cmdline.ptr, r->timeout);
		ok = false;
	}
	if (res.exec_failed) {
		fprintf(stderr, "%s: step %d: %s", c->name, step + 1,
		        buf_str(&res.err));
		ok = false;
	}
	if (has_sanitizer_report(&res.err)) {
		fprintf(stderr,
		        "%s: step %d (strata %s): sanitizer report:\n%s",
		        c->name, step + 1, cmdline.ptr, buf_str(&res.err));
		ok = false;
	}
	if (!ok)
		goto report;

	buf_printf(&what, "stdout of step %d (strata %s)", step + 1,
	           cmdline.ptr);
	normalize(&res.out, r);
	normalize(&res.err, r);
	if ((sel = pick(c, step, SEC_STDOUT, r->dialect, NULL)) != NULL)
		ok &= check_text(rn, c, sel, step, SEC_STDOUT, NULL, r->dialect,
		                 &res.out, what.ptr);
	buf_reset(&what);
	buf_printf(&what, "stderr of step %d (strata %s)", step + 1,
	           cmdline.ptr);
	if ((sel = pick(c, step, SEC_STDERR, r->dialect, NULL)) != NULL)
		ok &= check_text(rn, c, sel, step, SEC_STDERR, NULL, r->dialect,
		                 &res.err, what.ptr);
	for (int k = 0; k < 2; k++) {
		sec_kind kind = k ? SEC_STDERR_MATCH : SEC_STDOUT_MATCH;
		if (!(sel = pick(c, step, kind, r->dialect, NULL)))
			continue;
		buf_reset(&what);
		buf_printf(&what, "%s of step %d (strata %s)",
		           k ? "stderr" : "stdout", step + 1, cmdline.ptr);
		int m = check_match(c, sel, k ? &res.err : &res.out, what.ptr,
		                    err);
		if (m < 0) {
			result_release(&res);
			goto done;
		}
		ok &= m == 1;
	}
	if (res.code != expected_exit) {
		if (rn->update && !res.signal) {
			buf code = { 0 };
			buf_printf(&code, "%d\n", res.code);
			update_section(
			        c, pick(c, step, SEC_EXIT, r->dialect, NULL),
			        step, SEC_EXIT, NULL, r->dialect, code.ptr,
			        code.len);
			buf_release(&code);
		} else {
			fprintf(stderr,
			        "%s: step %d (strata %s): exit %d, want %d%s%s\n",
			        c->name, step + 1, cmdline.ptr, res.code,
			        expected_exit, res.signal ? ", killed by " : "",
			        res.signal ? strsignal(res.signal) : "");
			ok = false;
		}
	}

	/* files afterwards: dialect-specific first, then generic ones */
	for (size_t i = 0; i < c->nsecs; i++) {
		section *s = &c->secs[i];
		struct stat st;
		buf full = { 0 };

		if (s->step != step || (s->kind != SEC_EXPECT_FILE &&
		                        s->kind != SEC_EXPECT_ABSENT))
			continue;
		if (s->dialect >= 0 && s->dialect != r->dialect)
			continue;
		if (s->dialect < 0 &&
		    pick(c, step, s->kind, r->dialect, s->path) != s)
			continue;
		buf_printf(&full, "%s/%s", r->vars[VAR_WORK], s->path);
		if (s->kind == SEC_EXPECT_ABSENT) {
			if (lstat(full.ptr, &st) == 0) {
				fprintf(stderr,
				        "%s: step %d: '%s' exists, want it absent\n",
				        c->name, step + 1, s->path);
				ok = false;
			}
		} else if (read_file(&actual, full.ptr) < 0) {
			fprintf(stderr, "%s: step %d: cannot read '%s': %s\n",
			        c->name, step + 1, s->path, strerror(errno));
			ok = false;
		} else {
			normalize(&actual, r);
			buf_reset(&what);
			buf_printf(&what, "file %s after step %d", s->path,
			           step + 1);
			ok &= check_text(rn, c, s, step, SEC_EXPECT_FILE,
			                 s->path, r->dialect, &actual,
			                 what.ptr);
		}
		buf_release(&full);
	}
report:
	if (!ok) {
		fprintf(stderr, "%s: step %d ran: strata %s\n", c->name,
		        step + 1, cmdline.ptr);
		if (!pick(c, step, SEC_STDERR, r->dialect, NULL) &&
		    res.err.len && !has_sanitizer_report(&res.err))
			fprintf(stderr, "stderr was:\n%s%s", res.err.ptr,
			        res.err.ptr[res.err.len - 1] == '\n' ? ""
			                                             : "\n");
	}
	result_release(&res);
	rc = ok ? 0 : 1;
done:
	free_env(envp);
	strvec_release(&argv);
	strvec_release(&env);
	buf_release(&what);
	buf_release(&cmdline);
	buf_release(&stdin_text);
	buf_release(&actual);
	return rc;
}

/* "-- cleanup --": strata commands run after the steps, even after a failure */
static void run_cleanup(const runner *rn, gcase *c, run *r)
{
	for (size_t i = 0; i < c->nsecs; i++) {
		section *s = &c->secs[i];
		strvec argv = { 0 }, defaults = { 0 };
		buf err = { 0 };
		result res;

		if (s->kind != SEC_CLEANUP)
			continue;
		strvec_push_owned(&argv, xstrdup(rn->strata));
		if (split_args(&argv, r, buf_str(&s->content), s->content.len,
		               &err) == 0) {
			strvec_push_owned(&defaults, xstrdup("TZ=UTC"));
			strvec_push_owned(&defaults, xstrdup("LC_ALL=C"));
			char **envp = make_env(&defaults);
			spawn_and_wait(&res, argv.v, r->vars[VAR_WORK], "", 0,
			               envp, r->timeout);
			if (res.code != 0)
				fprintf(stderr,
				        "%s: cleanup (line %d) exited %d:\n%s",
				        c->name, s->line, res.code,
				        buf_str(&res.err));
			result_release(&res);
			free_env(envp);
		} else {
			fprintf(stderr, "%s: cleanup (line %d): %s\n", c->name,
			        s->line, buf_str(&err));
		}
		buf_release(&err);
		strvec_release(&argv);
		strvec_release(&defaults);
	}
}

static int atoi_or(const char *s, int def)
{
	char *stop;
	long v = strtol(s, &stop, 10);
	return *s && !*stop && v > 0 && v <= 86400 ? (int)v : def;
}

static char *env_or_null(const char *name)
{
	const char *v = getenv(name);
	return v && *v ? xstrdup(v) : NULL;
}

/*
 * ---- scratch databases ----
 *
 * A case that needs a server works in databases of its own,
 * strata_g<pid> and strata_g<pid>_dev, made before its first step and
 * dropped after its cleanup, whatever else uses the server meanwhile.
 * Outputs see them under the names of the shared ones ("strata",
 * "strata_dev"), so expectations do not depend on the pid.
 */

/* argv[0] found on PATH; malloc'd, NULL when there is none */
static char *which(const char *name)
{
	const char *path = getenv("PATH");
	buf b = { 0 };

	if (!path || !*path)
		path = "/usr/local/bin:/usr/bin:/bin";
	while (*path) {
		size_t n = strcspn(path, ":");
		buf_set(&b, path, n);
		buf_printf(&b, "/%s", name);
		if (n && access(b.ptr, X_OK) == 0)
			return b.ptr;
		path += n + (path[n] == ':');
	}
	buf_release(&b);
	return NULL;
}

/* one admin statement on the server of dialect d (1 pg, 2 my) */
static int admin_sql(int d, const char *sql, buf *err)
{
	strvec argv = { 0 }, env = { 0 };
	char **envp;
	result res;
	char *bin;
	int rc = -1;

	if (d == 1) {
		bin = which("psql");
		if (!bin) {
			buf_puts(err, "psql is not on PATH");
			return -1;
		}
		strvec_push_owned(&argv, bin);
		strvec_push_owned(&argv, xstrdup("-X"));
		strvec_push_owned(&argv, xstrdup("-q"));
		strvec_push_owned(&argv, xstrdup("-v"));
		strvec_push_owned(&argv, xstrdup("ON_ERROR_STOP=1"));
		strvec_push_owned(&argv, xstrdup("-d"));
		strvec_push_owned(&argv, xstrdup(getenv("STRATA_TEST_PG_URL")));
		strvec_push_owned(&argv, xstrdup("-c"));
		strvec_push_owned(&argv, xstrdup(sql));
		strvec_push_owned(&env, xstrdup("PGOPTIONS=-c client_min_messages=warning"));
	} else {
		const char *host = getenv("STRATA_TEST_MY_HOST");
		const char *port = getenv("STRATA_TEST_MY_PORT");
		const char *user = getenv("STRATA_TEST_MY_USER");
		const char *pw = getenv("STRATA_TEST_MY_PASSWORD");
		buf kv = { 0 };

		if (!host || !port || !user) {
			buf_puts(err, "STRATA_TEST_MY_HOST/PORT/USER are not set");
			return -1;
		}
		bin = which("mariadb");
		if (!bin)
			bin = which("mysql");
		if (!bin) {
			buf_puts(err, "neither mariadb nor mysql is on PATH");
			return -1;
		}
		strvec_push_owned(&argv, bin);
		strvec_push_owned(&argv, xstrdup("--no-defaults"));
		strvec_push_owned(&argv, xstrdup("-h"));
		strvec_push_owned(&argv, xstrdup(host));
		strvec_push_owned(&argv, xstrdup("-P"));
		strvec_push_owned(&argv, xstrdup(port));
		strvec_push_owned(&argv, xstrdup("-u"));
		strvec_push_owned(&argv, xstrdup(user));
		strvec_push_owned(&argv, xstrdup("-e"));
		strvec_push_owned(&argv, xstrdup(sql));
		buf_printf(&kv, "MYSQL_PWD=%s", pw ? pw : "");
		strvec_push_owned(&env, kv.ptr);
	}
	envp = make_env(&env);
	spawn_and_wait(&res, argv.v, "/", "", 0, envp, 60);
	if (res.code == 0) {
		rc = 0;
	} else {
		/* the client's message only: argv holds the password */
		buf_printf(err, "%s failed (exit %d): %s",
		           d == 1 ? "psql" : "mariadb", res.code,
		           buf_str(&res.err));
		while (err->len && isspace((unsigned char)err->ptr[err->len - 1]))
			err->ptr[--err->len] = '\0';
	}
	result_release(&res);
	free_env(envp);
	strvec_release(&argv);
	strvec_release(&env);
	return rc;
}

/* url with its database (the path after host[:port]) replaced by name */
static char *url_with_db(const char *url, const char *name)
{
	const char *auth = strstr(url, "://");
	const char *path, *q;
	buf b = { 0 };

	auth = auth ? auth + 3 : url;
	path = auth + strcspn(auth, "/?");
	q = path + strcspn(path, "?");
	buf_put(&b, url, (size_t)(path - url));
	buf_printf(&b, "/%s%s", name, q);
	return b.ptr;
}

static void scratch_drop(run *r)
{
	for (int d = 1; d < NDIALECTS; d++) {
		if (!r->scratch[d])
			continue;
		for (int dev = 1; dev >= 0; dev--) {
			buf sql = { 0 }, err = { 0 };
			buf_printf(&sql, "DROP DATABASE IF EXISTS %s%s%s",
			           r->scratch[d], dev ? "_dev" : "",
			           d == 1 ? " WITH (FORCE)" : "");
			if (admin_sql(d, sql.ptr, &err) < 0)
				fprintf(stderr, "runner: %s\n", buf_str(&err));
			buf_release(&sql);
			buf_release(&err);
		}
		free(r->scratch[d]);
		r->scratch[d] = NULL;
	}
}

/* makes the scratch databases of the servers in need[] and points the
 * $PG_URL/$MY_URL (and _DEV_) variables at them */
static int scratch_make(run *r, const bool *need, buf *err)
{
	static int seq;

	for (int d = 1; d < NDIALECTS; d++) {
		char name[64];
		int u = d == 1 ? VAR_PG_URL : VAR_MY_URL;

		if (!need[d] || !r->vars[u])
			continue;
		snprintf(name, sizeof(name), "strata_g%ld_%d", (long)getpid(),
		         seq++);
		r->scratch[d] = xstrdup(name);
		for (int dev = 0; dev <= 1; dev++) {
			buf sql = { 0 }, db = { 0 };
			buf_printf(&db, "%s%s", name, dev ? "_dev" : "");
			buf_printf(&sql, "CREATE DATABASE %s", db.ptr);
			int rc = admin_sql(d, sql.ptr, err);
			if (rc == 0) {
				/* the dev URL from the server URL: its
				 * user, host and query */
				char *url = url_with_db(r->vars[u], db.ptr);
				free(r->vars[u + 2 * dev]);
				r->vars[u + 2 * dev] = url;
			}
			buf_release(&sql);
			buf_release(&db);
			if (rc < 0)
				return -1;
		}
	}
	return 0;
}

typedef enum outcome { OUT_PASS, OUT_FAIL, OUT_SKIP } outcome;

static outcome run_case(runner *rn, gcase *c, int dialect)
{
	run r = { .c = c, .dialect = dialect };
	buf err = { 0 }, label = { 0 };
	char tmpl[PATH_MAX];
	const char *tmpdir = getenv("TMPDIR");
	outcome out = OUT_FAIL;
	bool failed = false;
	int rc;

	buf_puts(&label, c->name);
	if (c->ndialects)
		buf_printf(&label, ".%s", dialect_names[dialect]);

	/* requirements: this dialect's server, plus "# requires:" */
	bool need[NDIALECTS];
	memcpy(need, c->requires, sizeof(need));
	need[dialect] = true;
	for (int d = 1; d < NDIALECTS; d++) {
		const char *env =
		        d == 1 ? "STRATA_TEST_PG_URL" : "STRATA_TEST_MY_URL";
		const char *v = getenv(env);
		if (!need[d] || (v && *v))
			continue;
		if (rn->strict) {
			printf("FAIL %s: needs %s but %s is not set "
			       "(CI or STRATA_TEST_REQUIRE_ALL: no skipping)\n",
			       label.ptr, d == 1 ? "postgres" : "mysql", env);
			goto done;
		}
		printf("SKIP %s: %s is not set\n", label.ptr, env);
		out = OUT_SKIP;
		goto done;
	}

	snprintf(tmpl, sizeof(tmpl), "%s/strata-golden-XXXXXX",
	         tmpdir && *tmpdir ? tmpdir : "/tmp");
	if (!mkdtemp(tmpl)) {
		printf("FAIL %s: mkdtemp: %s\n", label.ptr, strerror(errno));
		goto done;
	}
	r.vars[VAR_WORK] = xstrdup(tmpl);
	r.work_real = realpath(tmpl, NULL);
	r.vars[VAR_SHARED] = rn->shared ? xstrdup(rn->shared) : NULL;
	{
		/* testdata/ holding the case: .../testdata/golden/<area>/x.txt */
		char *abs = realpath(c->path, NULL);
		char *g = abs ? strstr(abs, "/testdata/golden/") : NULL;
		if (g) {
			g[strlen("/testdata")] = '\0';
			r.vars[VAR_TESTDATA] = xstrdup(abs);
		}
		free(abs);
	}
	r.vars[VAR_PG_URL] = env_or_null("STRATA_TEST_PG_URL");
	r.vars[VAR_MY_URL] = env_or_null("STRATA_TEST_MY_URL");
	r.vars[VAR_PG_DEV_URL] = env_or_null("STRATA_TEST_PG_DEV_URL");
	r.vars[VAR_MY_DEV_URL] = env_or_null("STRATA_TEST_MY_DEV_URL");
	r.vars[VAR_DIALECT] = xstrdup(dialect_names[dialect]);
	if (scratch_make(&r, need, &err) < 0) {
		printf("FAIL %s: cannot make a scratch database: %s\n",
		       label.ptr, buf_str(&err));
		goto done;
	}
	if (dialect == 0) {
		r.vars[VAR_URL] = xstrdup("sqlite://test.db");
		r.vars[VAR_DEV_URL] = xstrdup("sqlite://dev?mode=memory");
	} else {
		int u = dialect == 1 ? VAR_PG_URL : VAR_MY_URL;
		if (r.vars[u])
			r.vars[VAR_URL] = xstrdup(r.vars[u]);
		if (r.vars[u + 2])
			r.vars[VAR_DEV_URL] = xstrdup(r.vars[u + 2]);
	}
	r.timeout = c->timeout ? c->timeout : DEFAULT_TIMEOUT;
	if (getenv("STRATA_GOLDEN_TIMEOUT"))
		r.timeout = atoi_or(getenv("STRATA_GOLDEN_TIMEOUT"), r.timeout);

	for (size_t i = 0; i < c->nsecs; i++) {
		section *s = &c->secs[i];
		if (s->kind != SEC_SCRUB ||
		    (s->dialect >= 0 && s->dialect != dialect))
			continue;
		const char *p = buf_str(&s->content);
		const char *end = p + s->content.len;
		while (p < end) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
			while (n && isspace((unsigned char)p[n - 1]))
				n--;
			if (n && *p != '#' && scrub_add(&r, p, n, &err) < 0) {
				printf("FAIL %s: line %d: %s\n", label.ptr,
				       s->line, buf_str(&err));
				goto done;
			}
			p = nl ? nl + 1 : end;
		}
	}

	for (int step = 0; step < c->nsteps; step++) {
		rc = run_step(rn, c, &r, step, &err);
		if (rc < 0) {
			printf("FAIL %s: step %d: %s\n", label.ptr, step + 1,
			       buf_str(&err));
			failed = true;
			break;
		}
		if (rc > 0) {
			failed = true;
			if (step + 1 < c->nsteps)
				fprintf(stderr, "%s: steps %d-%d not run\n",
				        label.ptr, step + 2, c->nsteps);
			break;
		}
	}
	run_cleanup(rn, c, &r);
	if (!failed) {
		printf("PASS %s\n", label.ptr);
		out = OUT_PASS;
	} else if (rc > 0) {
		printf("FAIL %s\n", label.ptr);
	}
done:
	scratch_drop(&r);
	if (r.vars[VAR_WORK]) {
		if (rn->keep)
			fprintf(stderr, "%s: kept %s\n", label.ptr,
			        r.vars[VAR_WORK]);
		else if (remove_tree(r.vars[VAR_WORK]) < 0)
			fprintf(stderr, "%s: cannot remove %s: %s\n", label.ptr,
			        r.vars[VAR_WORK], strerror(errno));
	}
	for (int v = 0; v < NVARS; v++)
		free(r.vars[v]);
	free(r.work_real);
	scrub_free(&r);
	buf_release(&err);
	buf_release(&label);
	return out;
}

static void usage(void)
{
	fputs("usage: runner [--dialect sqlite|pg|my] [--shared DIR] "
	      "<strata-binary> <case-file>...\n"
	      "env: STRATA_GOLDEN_UPDATE=1 rewrites expectations, "
	      "STRATA_GOLDEN_KEEP=1 keeps work dirs,\n"
	      "     STRATA_GOLDEN_TIMEOUT=<s> per step (default 120), "
	      "STRATA_TEST_PG_URL, STRATA_TEST_MY_URL,\n"
	      "     CI=true or STRATA_TEST_REQUIRE_ALL=1: unmet requirements "
	      "fail instead of skip\n",
	      stderr);
}

int main(int argc, char **argv)
{
	runner rn = { 0 };
	int i = 1, only = -1;
	char *strata;

	rn.update = env_true("STRATA_GOLDEN_UPDATE");
	rn.keep = env_true("STRATA_GOLDEN_KEEP");
	rn.strict = env_true("CI") || env_true("STRATA_TEST_REQUIRE_ALL");
#ifdef STRATA_SHARED_DIR
	rn.shared = STRATA_SHARED_DIR;
#endif
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "--dialect") && i + 1 < argc) {
			only = dialect_parse(argv[i + 1], strlen(argv[i + 1]));
			if (only < 0) {
				fprintf(stderr,
				        "runner: unknown dialect '%s'\n",
				        argv[i + 1]);
				return 2;
			}
			i++;
		} else if (!strcmp(argv[i], "--shared") && i + 1 < argc) {
			rn.shared = argv[++i];
		} else {
			usage();
			return strcmp(argv[i], "-h") &&
			                       strcmp(argv[i], "--help")
			               ? 2
			               : 0;
		}
	}
	if (getenv("STRATA_SHARED_DIR") && *getenv("STRATA_SHARED_DIR"))
		rn.shared = getenv("STRATA_SHARED_DIR");
	if (argc - i < 2) {
		usage();
		return 2;
	}
	strata = realpath(argv[i], NULL);
	if (!strata || access(strata, X_OK) < 0) {
		fprintf(stderr, "runner: '%s' is not an executable: %s\n",
		        argv[i], strerror(errno));
		free(strata);
		return 2;
	}
	rn.strata = strata;
	signal(SIGPIPE, SIG_IGN);
	setvbuf(stdout, NULL, _IOLBF, 0);

	for (i++; i < argc; i++) {
		gcase c;
		buf err = { 0 };
		char *path = realpath(argv[i], NULL);
		int dl[NDIALECTS], ndl = 0;

		if (!path || case_load(&c, path, &err) < 0) {
			char *name = case_name(argv[i]);
			printf("FAIL %s: %s\n", name,
			       path ? buf_str(&err) : strerror(errno));
			free(name);
			if (path)
				case_free(&c);
			free(path);
			buf_release(&err);
			rn.failed++;
			continue;
		}
		if (only >= 0) {
			dl[ndl++] = only;
		} else if (c.ndialects) {
			memcpy(dl, c.dialects, sizeof(dl));
			ndl = c.ndialects;
		} else {
			dl[ndl++] = c.requires[1] ? 1 : c.requires[2] ? 2 : 0;
		}
		for (int k = 0; k < ndl; k++) {
			outcome o = run_case(&rn, &c, dl[k]);
			if (o == OUT_PASS)
				rn.passed++;
			else if (o == OUT_SKIP)
				rn.skipped++;
			else
				rn.failed++;
			if (o == OUT_FAIL && c.desc)
				fprintf(stderr, "%s: desc: %s\n", c.name,
				        c.desc);
		}
		if (c.dirty) {
			if (case_save(&c, &err) < 0) {
				printf("FAIL %s: %s\n", c.name, buf_str(&err));
				rn.failed++;
			} else {
				printf("UPDATED %s\n", c.path);
			}
		}
		case_free(&c);
		free(path);
		buf_release(&err);
	}
	free(strata);
	if (rn.skipped)
		printf("%d skipped\n", rn.skipped);
	printf("%d passed, %d failed\n", rn.passed, rn.failed);
	if (rn.failed)
		return 1;
	return rn.passed == 0 && rn.skipped ? EXIT_SKIP : 0;
}
