/* SPDX-License-Identifier: MIT */
/*
 * hcl/fmt.c: canonical formatting on tokens, as hclwrite.Format does it:
 * each line is re-indented by its bracket nesting (two spaces a level),
 * tokens are re-spaced, and the `=` of consecutive one-line attributes at
 * the same indentation is aligned. Strings, heredocs and comments are
 * copied unchanged, so formatting never changes a value.
 */
#include <string.h>

#include "hcl_int.h"
#include "ut.h"

typedef UT_VEC(hcl_token) tok_vec;

static bool tok_is(const char *src, const hcl_token *t, const char *s)
{
	size_t n = strlen(s);
	return t->kind == T_PUNCT && t->len == n && memcmp(src + t->off, s, n) == 0;
}

static bool is_opener(const char *src, const hcl_token *t)
{
	return tok_is(src, t, "{") || tok_is(src, t, "[") || tok_is(src, t, "(");
}

static bool is_closer(const char *src, const hcl_token *t)
{
	return tok_is(src, t, "}") || tok_is(src, t, "]") || tok_is(src, t, ")");
}

/* Whether a '-' or '!' at t (preceded by prev, or NULL) is unary. */
static bool is_unary(const char *src, const hcl_token *prev, const hcl_token *t)
{
	if (tok_is(src, t, "!"))
		return true;
	if (!tok_is(src, t, "-"))
		return false;
	if (!prev)
		return true;
	if (prev->kind == T_PUNCT && !is_closer(src, prev))
		return true;
	return false;
}

static bool want_space(const char *src, const hcl_token *pp,
		       const hcl_token *p, const hcl_token *t)
{
	if (t->kind == T_COMMENT)
		return true;
	if (tok_is(src, p, "(") || tok_is(src, p, "["))
		return false;
	if (tok_is(src, t, ")") || tok_is(src, t, "]") || tok_is(src, t, ","))
		return false;
	if (tok_is(src, t, ".") || tok_is(src, p, ".") || t->kind == T_ELLIPSIS)
		return false;
	if (is_unary(src, pp, p))
		return false;
	if (tok_is(src, t, "(") && p->kind == T_IDENT)
		return false;
	if (tok_is(src, t, "[") &&
	    (p->kind == T_IDENT || tok_is(src, p, "]") || tok_is(src, p, ")") ||
	     p->kind == T_STRING))
		return false;
	return true;
}

typedef struct fline {
	size_t start, end; /* token range, newline excluded */
	int indent;
	size_t key;        /* width of the attribute name, 0 = no attribute */
	ut_buf text;       /* rendered after the key (" = ..."), or whole */
} fline;

int hcl_format(ut_buf *out, const char *path, const char *text, size_t len)
{
	hcl_file f = { .path = (char *)(uintptr_t)path,
		       .src = (char *)(uintptr_t)text, .len = len };
	hcl_lexer lx = { .file = &f, .src = text, .len = len };
	tok_vec toks = UT_VEC_INIT;
	UT_VEC(fline) lines = UT_VEC_INIT;
	int depth = 0, error = 0;
	size_t i;
	const char *nul = memchr(text, '\0', len);

	/* tokens are written back as C strings: a NUL would cut the text */
	if (nul)
		return hcl_error_at(&f, (uint32_t)(nul - text),
				    "unexpected NUL byte");
	for (;;) {
		hcl_token t;
		if ((error = hcl__lex(&t, &lx)) < 0)
			goto done;
		ut_vec_push(&toks, t);
		if (t.kind == T_EOF)
			break;
	}
	/* split into lines */
	i = 0;
	while (i < toks.len && toks.items[i].kind != T_EOF) {
		fline l = { .start = i };
		while (i < toks.len && toks.items[i].kind != T_NEWLINE &&
		       toks.items[i].kind != T_EOF)
			i++;
		l.end = i;
		ut_buf_init(&l.text);
		ut_vec_push(&lines, l);
		if (i < toks.len && toks.items[i].kind == T_NEWLINE)
			i++;
	}
	for (size_t li = 0; li < lines.len; li++) {
		fline *l = &lines.items[li];
		const hcl_token *prev = NULL, *pprev = NULL;
		int lead = 0;
		size_t k = l->start;

		for (size_t j = l->start; j < l->end && is_closer(text, &toks.items[j]); j++)
			lead++;
		l->indent = UT_MAX(depth - lead, 0);
		if (l->end - l->start >= 2 && toks.items[k].kind == T_IDENT &&
		    tok_is(text, &toks.items[k + 1], "=")) {
			l->key = toks.items[k].len;
			ut_buf_put(&l->text, text + toks.items[k].off,
				   toks.items[k].len);
			prev = &toks.items[k];
			k++;
		}
		for (size_t j = k; j < l->end; j++) {
			const hcl_token *t = &toks.items[j];
			if (prev && want_space(text, pprev, prev, t))
				ut_buf_putc(&l->text, ' ');
			ut_buf_put(&l->text, text + t->off, t->len);
			if (is_opener(text, t))
				depth++;
			else if (is_closer(text, t))
				depth = UT_MAX(depth - 1, 0);
			pprev = prev;
			prev = t;
		}
	}
	/* align the `=` of runs of one-line attributes */
	for (size_t li = 0; li < lines.len;) {
		size_t lj = li, width = 0;
		while (lj < lines.len && lines.items[lj].key &&
		       lines.items[lj].indent == lines.items[li].indent) {
			width = UT_MAX(width, lines.items[lj].key);
			lj++;
			/* a value that opens a bracket ends the run */
			const fline *x = &lines.items[lj - 1];
			int open = 0;
			for (size_t j = x->start; j < x->end; j++) {
				if (is_opener(text, &toks.items[j]))
					open++;
				else if (is_closer(text, &toks.items[j]))
					open--;
			}
			if (open > 0 || toks.items[x->end - 1].kind == T_HEREDOC)
				break;
		}
		for (size_t k = li; k < UT_MAX(lj, li + 1); k++) {
			fline *l = &lines.items[k];
			if (l->text.len == 0) {
				ut_buf_putc(out, '\n');
				continue;
			}
			for (int d = 0; d < l->indent; d++)
				ut_buf_puts(out, "  ");
			if (l->key) {
				ut_buf_put(out, l->text.ptr, l->key);
				for (size_t p = l->key; p < width; p++)
					ut_buf_putc(out, ' ');
				ut_buf_puts(out, l->text.ptr + l->key);
			} else {
				ut_buf_puts(out, l->text.ptr);
			}
			ut_buf_putc(out, '\n');
		}
		li = UT_MAX(lj, li + 1);
	}
	/* no blank lines at the end */
	while (out->len >= 2 && out->ptr[out->len - 1] == '\n' &&
	       out->ptr[out->len - 2] == '\n')
		ut_buf_setlen(out, out->len - 1);
done:
	for (size_t li = 0; li < lines.len; li++)
		ut_buf_release(&lines.items[li].text);
	ut_vec_release(&lines);
	ut_vec_release(&toks);
	return error;
}
