/* SPDX-License-Identifier: MIT */
/*
 * hcl/lex.c: the HCL tokenizer and positioned diagnostics. Quoted
 * templates and heredocs are single tokens (the parser re-reads their
 * insides), so a caller that only needs token boundaries (the formatter)
 * never has to understand interpolation.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "hcl_int.h"
#include "ut.h"

bool hcl__ident_start(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
	       c >= 0x80;
}

bool hcl__ident_char(int c)
{
	return hcl__ident_start(c) || (c >= '0' && c <= '9') || c == '-';
}

int hcl_error_at(const hcl_file *f, uint32_t off, const char *fmt, ...)
{
	ut_buf msg = UT_BUF_INIT;
	va_list ap;
	ut_pos pos = { 1, 1 };
	const char *line = "", *eol;
	size_t llen = 0;

	if (f && f->src) {
		if (off > f->len)
			off = (uint32_t)f->len;
		pos = ut_pos_at(f->src, f->len, off);
		line = f->src + off - (pos.col - 1);
		eol = memchr(line, '\n', f->len - (size_t)(line - f->src));
		/* src need not be NUL-terminated (hcl_format's text) */
		llen = eol ? (size_t)(eol - line)
			   : f->len - (size_t)(line - f->src);
		if (llen && line[llen - 1] == '\r')
			llen--;
	}
	ut_buf_printf(&msg, "%s:%d:%d: ", f && f->path ? f->path : "<input>",
		      pos.line, pos.col);
	va_start(ap, fmt);
	ut_buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	if (f && f->src) {
		ut_buf_puts(&msg, "\n  ");
		ut_buf_put(&msg, line, llen);
		ut_buf_puts(&msg, "\n  ");
		/* keep tabs so that the caret lines up */
		for (int i = 0; i < pos.col - 1 && (size_t)i < llen; i++)
			ut_buf_putc(&msg, line[i] == '\t' ? '\t' : ' ');
		ut_buf_putc(&msg, '^');
	}
	ut_error_set(UT_EPARSE, "%s", msg.ptr);
	ut_buf_release(&msg);
	return UT_EPARSE;
}

static int lex_err(hcl_lexer *lx, size_t off, const char *what)
{
	return hcl_error_at(lx->file, (uint32_t)off, "%s", what);
}

/* Skips an interpolation or directive body from i (after "${"). */
static int scan_interp(size_t *end, hcl_lexer *lx, size_t i)
{
	hcl_lexer sub = *lx;
	int depth = 1;

	sub.pos = i;
	for (;;) {
		hcl_token t;
		int error = hcl__lex(&t, &sub);
		if (error < 0)
			return error;
		if (t.kind == T_EOF)
			return lex_err(lx, i, "unterminated template interpolation");
		if (t.kind != T_PUNCT)
			continue;
		if (lx->src[t.off] == '{')
			depth++;
		else if (lx->src[t.off] == '}' && --depth == 0) {
			*end = t.off + 1;
			return 0;
		}
	}
}

int hcl__scan_string(size_t *end, hcl_lexer *lx, size_t off)
{
	const char *s = lx->src;
	size_t i = off + 1;

	for (;;) {
		if (i >= lx->len || s[i] == '\n')
			return lex_err(lx, off, "unterminated string");
		if (s[i] == '\\') {
			i += 2;
			continue;
		}
		if (s[i] == '"') {
			*end = i + 1;
			return 0;
		}
		if ((s[i] == '$' || s[i] == '%') && i + 1 < lx->len &&
		    s[i + 1] == s[i] && i + 2 < lx->len && s[i + 2] == '{') {
			i += 3; /* $${ and %%{ are escapes */
			continue;
		}
		if ((s[i] == '$' || s[i] == '%') && i + 1 < lx->len &&
		    s[i + 1] == '{') {
			int error = scan_interp(&i, lx, i + 2);
			if (error < 0)
				return error;
			continue;
		}
		i++;
	}
}

int hcl__scan_heredoc(size_t *end, size_t *body, size_t *body_end,
		      bool *indented, hcl_lexer *lx, size_t off)
{
	const char *s = lx->src;
	size_t i = off + 2, m0, mlen, line;

	*indented = false;
	if (i < lx->len && s[i] == '-') {
		*indented = true;
		i++;
	}
	m0 = i;
	while (i < lx->len && hcl__ident_char((unsigned char)s[i]))
		i++;
	mlen = i - m0;
	if (mlen == 0 || !hcl__ident_start((unsigned char)s[m0]))
		return lex_err(lx, off, "heredoc needs a marker: <<EOT");
	if (i < lx->len && s[i] == '\r')
		i++;
	if (i >= lx->len || s[i] != '\n')
		return lex_err(lx, i, "heredoc marker must end its line");
	line = ++i;
	*body = line;
	while (line <= lx->len) {
		const char *nl = memchr(s + line, '\n', lx->len - line);
		size_t e = nl ? (size_t)(nl - s) : lx->len;
		size_t a = line, b = e;
		while (a < b && (s[a] == ' ' || s[a] == '\t'))
			a++;
		while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t' ||
				 s[b - 1] == '\r'))
			b--;
		if (b - a == mlen && memcmp(s + a, s + m0, mlen) == 0) {
			*body_end = line;
			*end = b;
			return 0;
		}
		if (!nl)
			break;
		line = e + 1;
	}
	return lex_err(lx, off, "unterminated heredoc");
}

int hcl__lex(hcl_token *out, hcl_lexer *lx)
{
	const char *s = lx->src;
	size_t i = lx->pos;
	int c;

	while (i < lx->len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r'))
		i++;
	out->off = (uint32_t)i;
	if (i >= lx->len) {
		out->kind = T_EOF;
		out->len = 0;
		lx->pos = i;
		return 0;
	}
	c = (unsigned char)s[i];
	if (c == '\n') {
		out->kind = T_NEWLINE;
		i++;
	} else if (c == '#' || (c == '/' && i + 1 < lx->len && s[i + 1] == '/')) {
		out->kind = T_COMMENT;
		while (i < lx->len && s[i] != '\n')
			i++;
		/* every CR before the newline, or "#\r\r" would format twice */
		while (i > out->off && s[i - 1] == '\r')
			i--;
	} else if (c == '/' && i + 1 < lx->len && s[i + 1] == '*') {
		const char *e = NULL;
		out->kind = T_COMMENT;
		for (size_t j = i + 2; j + 1 < lx->len; j++)
			if (s[j] == '*' && s[j + 1] == '/') {
				e = s + j;
				break;
			}
		if (!e)
			return lex_err(lx, i, "unterminated comment");
		i = (size_t)(e - s) + 2;
	} else if (hcl__ident_start(c)) {
		out->kind = T_IDENT;
		while (i < lx->len && hcl__ident_char((unsigned char)s[i]))
			i++;
	} else if (c >= '0' && c <= '9') {
		out->kind = T_NUMBER;
		while (i < lx->len && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i + 1 < lx->len && s[i] == '.' && s[i + 1] >= '0' &&
		    s[i + 1] <= '9') {
			i++;
			while (i < lx->len && s[i] >= '0' && s[i] <= '9')
				i++;
		}
		if (i < lx->len && (s[i] == 'e' || s[i] == 'E')) {
			size_t j = i + 1;
			if (j < lx->len && (s[j] == '+' || s[j] == '-'))
				j++;
			if (j < lx->len && s[j] >= '0' && s[j] <= '9') {
				i = j;
				while (i < lx->len && s[i] >= '0' && s[i] <= '9')
					i++;
			}
		}
	} else if (c == '"') {
		int error;
		out->kind = T_STRING;
		if ((error = hcl__scan_string(&i, lx, i)) < 0)
			return error;
	} else if (c == '<' && i + 2 < lx->len && s[i + 1] == '<' &&
		   (hcl__ident_start((unsigned char)s[i + 2]) ||
		    s[i + 2] == '-')) {
		size_t b, be;
		bool ind;
		int error;
		out->kind = T_HEREDOC;
		if ((error = hcl__scan_heredoc(&i, &b, &be, &ind, lx, i)) < 0)
			return error;
	} else if (c == '.' && i + 2 < lx->len && s[i + 1] == '.' &&
		   s[i + 2] == '.') {
		out->kind = T_ELLIPSIS;
		i += 3;
	} else {
		static const char *const two[] = { "==", "!=", "<=", ">=", "&&",
						   "||", "=>", NULL };
		out->kind = T_PUNCT;
		for (int k = 0; two[k]; k++)
			if (i + 1 < lx->len && s[i] == two[k][0] &&
			    s[i + 1] == two[k][1]) {
				i += 2;
				goto done;
			}
		/* c == 0 would match strchr's terminator */
		/* ~ only means something in templates: ${~ x ~} */
		if (c == '\0' || !strchr("{}[]()=,.:?!+-*/%<>~", c)) {
			return hcl_error_at(lx->file, (uint32_t)i,
					    "unexpected character '%c'",
					    c >= 0x20 && c < 0x7f ? c : '?');
		}
		i++;
	}
done:
	out->len = (uint32_t)(i - out->off);
	lx->pos = i;
	return 0;
}
