/* SPDX-License-Identifier: MIT */
/*
 * migrate/directive.c: "atlas:<name> [args]" comments (reference 2.3),
 * matched like Atlas's regular expression ^([ -~]*)atlas:(\w+)(?: +(.+))*
 * without a regex engine.
 */
#include "split.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "ut.h"

static bool is_word_byte(unsigned char c)
{
	return c == '_' || (c >= '0' && c <= '9') ||
	       ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

bool mg_directive_match(mg_span *prefix, mg_span *name, mg_span *args,
                        const char *line, size_t len)
{
	const char *nl = memchr(line, '\n', len);
	size_t eol = nl ? (size_t)(nl - line) : len;
	size_t k = 0, at, j, sp;

	/* a CRLF line ending is not part of the arguments */
	if (eol > 0 && line[eol - 1] == '\r')
		eol--;
	/*
	 * [ -~]* is greedy: the match uses the last "atlas:" followed by a
	 * word character that lies inside the leading printable-ASCII run.
	 */
	while (k < eol && line[k] >= ' ' && line[k] <= '~')
		k++;
	if (k < 7)
		return false;
	at = k - 7;
	for (;;) {
		if (memcmp(line + at, "atlas:", 6) == 0 &&
		    is_word_byte((unsigned char)line[at + 6]))
			break;
		if (at == 0)
			return false;
		at--;
	}
	prefix->ptr = line;
	prefix->len = at;
	j = at + 6;
	name->ptr = line + j;
	while (j < eol && is_word_byte((unsigned char)line[j]))
		j++;
	name->len = (size_t)(line + j - name->ptr);
	/* (?: +(.+))*: spaces, then the rest of the line (one char at least) */
	args->ptr = line + eol;
	args->len = 0;
	sp = j;
	while (sp < eol && line[sp] == ' ')
		sp++;
	if (sp > j && sp < eol) {
		args->ptr = line + sp;
		args->len = eol - sp;
	} else if (sp - j >= 2) {
		/* only spaces: " +" gives the last one back to ".+" */
		args->ptr = line + eol - 1;
		args->len = 1;
	}
	return true;
}

static void push(mg_directives *d, const mg_span *name, const mg_span *args)
{
	mg_directive *it;

	d->items = ut_xrealloc(d->items, (d->len + 1) * sizeof(*d->items));
	it = &d->items[d->len++];
	it->name = ut_xstrndup(name->ptr, name->len);
	it->args = ut_xstrndup(args->ptr, args->len);
}

/* A line holding only spaces and tabs, ended by "\n" or "\r\n". */
static bool blank_line(const char *s, const char *end)
{
	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	if (s < end && *s == '\r')
		s++;
	return s < end && *s == '\n';
}

static bool only_space(const char *s, const char *end)
{
	for (; s < end; s++)
		if (!(*s == ' ' || (*s >= '\t' && *s <= '\r')))
			return false;
	return true;
}

int mg_file_directives(mg_directives *out, const char *input, size_t len)
{
	const char *end = input + len, *s = input, *nl;
	mg_span prefix, name, args;

	/* the leading run of lines that start with "--" or "#" */
	while (s < end &&
	       (*s == '#' || (end - s >= 2 && s[0] == '-' && s[1] == '-'))) {
		nl = memchr(s, '\n', (size_t)(end - s));
		s = nl ? nl + 1 : end;
	}
	if (s == input)
		return 0;
	/* it is the file's only if a blank line ends it (or nothing does) */
	if (!blank_line(s, end) && !only_space(s, end))
		return 0;
	for (const char *l = input; l < s; l = nl ? nl + 1 : s) {
		nl = memchr(l, '\n', (size_t)(s - l));
		if (mg_directive_match(&prefix, &name, &args, l,
		                       (size_t)((nl ? nl : s) - l)))
			push(out, &name, &args);
	}
	return 0;
}

int mg_stmt_directives(mg_directives *out, const mg_stmts *s,
                       const mg_stmt *stmt)
{
	mg_span prefix, name, args;

	for (size_t i = 0; i < stmt->ncomments; i++) {
		mg_span c = mg_stmt_comment(s, stmt, i);
		const char *e = c.ptr + c.len;

		if (c.len >= 2 && c.ptr[0] == '/' && c.ptr[1] == '*') {
			/* only a one-line block comment, "*\/" cut off */
			if (memchr(c.ptr, '\n', c.len))
				continue;
			if (c.len >= 4 && e[-2] == '*' && e[-1] == '/')
				e -= 2;
			if (!mg_directive_match(&prefix, &name, &args, c.ptr,
			                        (size_t)(e - c.ptr)))
				continue;
			/* the prefix is the opening mark and spaces */
			if (prefix.len < 2 ||
			    !only_space(prefix.ptr + 2,
			                prefix.ptr + prefix.len))
				continue;
			while (args.len > 0 && (args.ptr[args.len - 1] == ' ' ||
			                        args.ptr[args.len - 1] == '\t'))
				args.len--;
			push(out, &name, &args);
			continue;
		}
		if (!mg_directive_match(&prefix, &name, &args, c.ptr, c.len))
			continue;
		/* the prefix must be exactly "--", "-- " or "#" */
		if ((prefix.len == 2 && memcmp(prefix.ptr, "--", 2) == 0) ||
		    (prefix.len == 3 && memcmp(prefix.ptr, "-- ", 3) == 0) ||
		    (prefix.len == 1 && prefix.ptr[0] == '#'))
			push(out, &name, &args);
	}
	return 0;
}

const char *mg_directives_get(const mg_directives *d, const char *name)
{
	for (size_t i = 0; i < d->len; i++)
		if (strcmp(d->items[i].name, name) == 0)
			return d->items[i].args;
	return NULL;
}

void mg_directives_release(mg_directives *d)
{
	for (size_t i = 0; i < d->len; i++) {
		free(d->items[i].name);
		free(d->items[i].args);
	}
	free(d->items);
	d->items = NULL;
	d->len = 0;
}
