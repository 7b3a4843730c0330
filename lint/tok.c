/* SPDX-License-Identifier: MIT */
/*
 * lint/tok.c: a small SQL tokenizer for recognising statement shapes
 * (renames, transaction control, PRAGMA, VACUUM ...) in dialects without
 * a real parser. Comments are skipped; quoted identifiers keep their
 * quotes until lt_tok_ident removes them.
 */
#include <ctype.h>
#include <string.h>

#include "lint_int.h"
#include "ut.h"

static void push(lt_toks *out, lt_tok_kind k, const char *p, size_t n)
{
	lt_tok t = { k, p, n };
	ut_vec_push(out, t);
}

void lt_tokenize(lt_toks *out, const char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		size_t j;

		if (isspace(c)) {
			i++;
			continue;
		}
		if (c == '-' && i + 1 < len && s[i + 1] == '-') {
			while (i < len && s[i] != '\n')
				i++;
			continue;
		}
		if (c == '/' && i + 1 < len && s[i + 1] == '*') {
			const char *e = NULL;
			for (j = i + 2; j + 1 < len; j++)
				if (s[j] == '*' && s[j + 1] == '/') {
					e = s + j;
					break;
				}
			i = e ? (size_t)(e - s) + 2 : len;
			continue;
		}
		if (c == '\'' || c == '"' || c == '`' || c == '[') {
			char close = c == '[' ? ']' : (char)c;
			for (j = i + 1; j < len; j++) {
				if (s[j] == close) {
					if (close != ']' && j + 1 < len &&
					    s[j + 1] == close) {
						j++;
						continue;
					}
					break;
				}
			}
			if (j < len)
				j++;
			push(out, c == '\'' ? LT_TOK_STRING : LT_TOK_QUOTED,
			     s + i, j - i);
			i = j;
			continue;
		}
		if (isdigit(c)) {
			for (j = i; j < len && (isalnum((unsigned char)s[j]) ||
						s[j] == '.');
			     j++)
				;
			push(out, LT_TOK_NUMBER, s + i, j - i);
			i = j;
			continue;
		}
		if (isalpha(c) || c == '_' || c >= 0x80) {
			for (j = i; j < len && (isalnum((unsigned char)s[j]) ||
						s[j] == '_' || s[j] == '$' ||
						(unsigned char)s[j] >= 0x80);
			     j++)
				;
			push(out, LT_TOK_WORD, s + i, j - i);
			i = j;
			continue;
		}
		push(out, LT_TOK_PUNCT, s + i, 1);
		i++;
	}
}

bool lt_tok_is(const lt_toks *t, size_t i, const char *kw)
{
	size_t n = strlen(kw);

	return i < t->len && t->items[i].kind == LT_TOK_WORD &&
	       t->items[i].n == n && ut_str_nieq(t->items[i].p, kw, n);
}

bool lt_tok_punct(const lt_toks *t, size_t i, char c)
{
	return i < t->len && t->items[i].kind == LT_TOK_PUNCT &&
	       t->items[i].p[0] == c;
}

size_t lt_tok_find(const lt_toks *t, size_t i, const char *kw)
{
	for (; i < t->len; i++)
		if (lt_tok_is(t, i, kw))
			return i;
	return t->len;
}

char *lt_tok_ident(ut_arena *a, const lt_tok *tok)
{
	ut_buf b = UT_BUF_INIT;
	char *r;

	if (tok->kind != LT_TOK_QUOTED)
		return ut_arena_strndup(a, tok->p, tok->n);
	{
		char close = tok->p[0] == '[' ? ']' : tok->p[0];
		size_t end = tok->n > 1 && tok->p[tok->n - 1] == close
				     ? tok->n - 1
				     : tok->n;
		for (size_t i = 1; i < end; i++) {
			ut_buf_putc(&b, tok->p[i]);
			if (tok->p[i] == close && close != ']' && i + 1 < end &&
			    tok->p[i + 1] == close)
				i++;
		}
	}
	r = ut_arena_strndup(a, b.ptr, b.len);
	ut_buf_release(&b);
	return r;
}

static bool is_name(const lt_toks *t, size_t i)
{
	return i < t->len && (t->items[i].kind == LT_TOK_WORD ||
			      t->items[i].kind == LT_TOK_QUOTED ||
			      t->items[i].kind == LT_TOK_STRING);
}

bool lt_tok_qname(ut_arena *a, const lt_toks *t, size_t *i, char **schema,
		  char **name)
{
	size_t k = *i;

	*schema = NULL;
	*name = NULL;
	if (!is_name(t, k))
		return false;
	if (lt_tok_punct(t, k + 1, '.') && is_name(t, k + 2)) {
		*schema = lt_tok_ident(a, &t->items[k]);
		*name = lt_tok_ident(a, &t->items[k + 2]);
		*i = k + 3;
		return true;
	}
	*name = lt_tok_ident(a, &t->items[k]);
	*i = k + 1;
	return true;
}
