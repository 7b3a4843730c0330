/* SPDX-License-Identifier: MIT */
/*
 * hcl/parse.c: recursive-descent parser for HCL2 native syntax. Bodies
 * hold attributes and blocks in source order; expressions follow HCL's
 * precedence (|| && == != < <= > >= + - * / % unary postfix). Newlines end
 * attributes and separate object items, and are ignored inside (), [] and
 * function arguments. Everything is allocated in the file's arena.
 */
#include <stdlib.h>
#include <string.h>

#include "hcl_int.h"
#include "ut.h"

typedef struct parser {
	hcl_lexer lx;
	hcl_file *f;
	bool skipnl; /* newlines are insignificant here */
	hcl_token tok; /* current token (comments already skipped) */
	bool have;
	int depth;   /* nesting, against runaway recursion */
} parser;

#define MAX_DEPTH 200

static int peek(hcl_token **out, parser *p)
{
	int error;

	while (!p->have || p->tok.kind == T_COMMENT ||
	       (p->skipnl && p->tok.kind == T_NEWLINE)) {
		if ((error = hcl__lex(&p->tok, &p->lx)) < 0)
			return error;
		p->have = true;
	}
	*out = &p->tok;
	return 0;
}

static void advance(parser *p)
{
	p->have = false;
}

static bool is_punct(const parser *p, const hcl_token *t, const char *s)
{
	if (t->kind != T_PUNCT || p->lx.src[t->off] != s[0])
		return false;
	size_t n = strlen(s);
	return t->len == n && memcmp(p->lx.src + t->off, s, n) == 0;
}

static bool is_word(const parser *p, const hcl_token *t, const char *s)
{
	size_t n = strlen(s);
	return t->kind == T_IDENT && t->len == n &&
	       memcmp(p->lx.src + t->off, s, n) == 0;
}

static const char *tok_text(parser *p, const hcl_token *t)
{
	return ut_arena_strndup(&p->f->arena, p->lx.src + t->off, t->len);
}

static int unexpected(parser *p, const hcl_token *t, const char *want)
{
	if (t->kind == T_EOF)
		return hcl_error_at(p->f, t->off, "unexpected end of file, expected %s",
				    want);
	if (t->kind == T_NEWLINE)
		return hcl_error_at(p->f, t->off, "unexpected newline, expected %s",
				    want);
	return hcl_error_at(p->f, t->off, "unexpected '%.*s', expected %s",
			    (int)UT_MIN(t->len, 40u), p->lx.src + t->off, want);
}

static int expect(parser *p, const char *punct)
{
	hcl_token *t;
	int error = peek(&t, p);
	if (error < 0)
		return error;
	if (!is_punct(p, t, punct)) {
		ut_buf w = UT_BUF_INIT;
		ut_buf_printf(&w, "'%s'", punct);
		error = unexpected(p, t, w.ptr);
		ut_buf_release(&w);
		return error;
	}
	advance(p);
	return 0;
}

static hcl_expr *new_expr(parser *p, hcl_ekind kind, uint32_t off)
{
	hcl_expr *e = ut_arena_alloc(&p->f->arena, sizeof(*e));
	e->kind = kind;
	e->off = off;
	e->file = p->f;
	return e;
}

static hcl_value *new_val(parser *p, hcl_vkind kind)
{
	hcl_value *v = ut_arena_alloc(&p->f->arena, sizeof(*v));
	v->kind = kind;
	return v;
}

typedef UT_VEC(hcl_expr *) expr_vec;

static hcl_expr **vec_to_arena(parser *p, expr_vec *v)
{
	hcl_expr **a = NULL;
	if (v->len) {
		a = ut_arena_alloc(&p->f->arena, v->len * sizeof(*a));
		memcpy(a, v->items, v->len * sizeof(*a));
	}
	return a;
}

static int parse_expr(hcl_expr **out, parser *p);

/* ---- templates ------------------------------------------------------- */

static void put_utf8(ut_buf *b, uint32_t cp)
{
	if (cp < 0x80) {
		ut_buf_putc(b, (char)cp);
	} else if (cp < 0x800) {
		ut_buf_putc(b, (char)(0xC0 | (cp >> 6)));
		ut_buf_putc(b, (char)(0x80 | (cp & 0x3F)));
	} else if (cp < 0x10000) {
		ut_buf_putc(b, (char)(0xE0 | (cp >> 12)));
		ut_buf_putc(b, (char)(0x80 | ((cp >> 6) & 0x3F)));
		ut_buf_putc(b, (char)(0x80 | (cp & 0x3F)));
	} else {
		ut_buf_putc(b, (char)(0xF0 | (cp >> 18)));
		ut_buf_putc(b, (char)(0x80 | ((cp >> 12) & 0x3F)));
		ut_buf_putc(b, (char)(0x80 | ((cp >> 6) & 0x3F)));
		ut_buf_putc(b, (char)(0x80 | (cp & 0x3F)));
	}
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static void flush_lit(parser *p, expr_vec *parts, ut_buf *lit, uint32_t off)
{
	hcl_expr *e = new_expr(p, E_LIT, off);
	e->val = new_val(p, HCL_V_STRING);
	e->val->str = ut_arena_strndup(&p->f->arena, lit->ptr, lit->len);
	ut_vec_push(parts, e);
	ut_buf_reset(lit);
}

/*
 * A template being parsed: the text in [i, end) of the source, read
 * from left to right by nested sequences (the bodies of directives).
 */
typedef struct tpl {
	parser *p;
	const char *s;
	size_t i, end;
	bool quoted;     /* backslash escapes apply */
	size_t strip;    /* indentation removed at line starts (<<- heredocs) */
	bool line_start;
	bool trim_next;  /* after ~}: whitespace opening the next literal goes */
} tpl;

/* How a sequence ended: the end of the text or a closing directive. */
typedef enum tpl_end {
	TE_TEXT = 0,
	TE_ELSE,
	TE_ENDIF,
	TE_ENDFOR,
} tpl_end;

static const char *const tpl_end_word[] = { "", "else", "endif", "endfor" };

static void lit_putc(tpl *t, ut_buf *lit, char c)
{
	if (t->trim_next) {
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
			return;
		t->trim_next = false;
	}
	ut_buf_putc(lit, c);
}

/* A ~ after ${ or %{ strips the whitespace ending the literal before. */
static void lit_trim_end(ut_buf *lit)
{
	while (lit->len && (lit->ptr[lit->len - 1] == ' ' ||
			    lit->ptr[lit->len - 1] == '\t' ||
			    lit->ptr[lit->len - 1] == '\n' ||
			    lit->ptr[lit->len - 1] == '\r'))
		lit->len--;
	lit->ptr[lit->len] = '\0';
}

/*
 * A parser for the inside of ${...} or %{...} at pos (after the brace and
 * an optional ~), bounded by the template so that a missing } is reported
 * here rather than after the string.
 */
static void sub_parser(parser *sub, const tpl *t, size_t pos)
{
	*sub = *t->p;
	sub->lx.pos = pos;
	sub->lx.len = t->end;
	sub->have = false;
	sub->skipnl = true;
}

/*
 * The end of an interpolation or directive: an optional ~ and the }.
 * Sets t->i after it and t->trim_next from the ~.
 */
static int close_brace(tpl *t, parser *sub, size_t open, const char *what)
{
	hcl_token *tk;
	int error;

	if ((error = peek(&tk, sub)) < 0)
		return error;
	t->trim_next = false;
	if (is_punct(sub, tk, "~")) {
		t->trim_next = true;
		advance(sub);
		if ((error = peek(&tk, sub)) < 0)
			return error;
	}
	if (tk->kind == T_EOF)
		return hcl_error_at(t->p->f, (uint32_t)open,
				    "unterminated template %s: no '}' closes it",
				    what);
	if (!is_punct(sub, tk, "}")) {
		ut_buf w = UT_BUF_INIT;
		ut_buf_printf(&w, "'}' closing the %s", what);
		error = unexpected(sub, tk, w.ptr);
		ut_buf_release(&w);
		return error;
	}
	t->i = tk->off + 1;
	return 0;
}

static int tpl_seq(hcl_expr **out, tpl *t, uint32_t off, tpl_end *ended,
		   uint32_t *ended_off);

/*
 * The body of a directive opened at open (%{ if } or %{ for }), which must
 * end with one of the closing words in want; *out is its template.
 */
static int tpl_body(hcl_expr **out, tpl *t, size_t open, const char *dir,
		    tpl_end want1, tpl_end want2, tpl_end *ended)
{
	uint32_t eoff;
	int error;

	if ((error = tpl_seq(out, t, (uint32_t)t->i, ended, &eoff)) < 0)
		return error;
	if (*ended == want1 || *ended == want2)
		return 0;
	if (*ended == TE_TEXT)
		return hcl_error_at(t->p->f, (uint32_t)open,
				    "unterminated template directive: %%{ %s } has no %%{ %s }",
				    dir, tpl_end_word[want1 == TE_ELSE ? want2 : want1]);
	return hcl_error_at(t->p->f, eoff,
			    "unexpected %%{ %s } in the %%{ %s } directive opened on line %d",
			    tpl_end_word[*ended], dir,
			    ut_pos_at(t->s, t->p->lx.len, (uint32_t)open).line);
}

/*
 * %{ if cond } ... [%{ else } ...] %{ endif } and
 * %{ for [k,] v in coll } ... %{ endfor }, or a closing word (returned in
 * *closing for the enclosing sequence). At t->i: the "%{".
 */
static int tpl_directive(hcl_expr **out, tpl_end *closing, tpl *t,
			 ut_buf *lit)
{
	parser sub;
	hcl_token *tk;
	size_t open = t->i, pos = t->i + 2;
	hcl_expr *e;
	tpl_end ended;
	int error;

	*out = NULL;
	*closing = TE_TEXT;
	if (pos < t->end && t->s[pos] == '~') {
		lit_trim_end(lit);
		pos++;
	}
	sub_parser(&sub, t, pos);
	if ((error = peek(&tk, &sub)) < 0)
		return error;
	for (tpl_end k = TE_ELSE; k <= TE_ENDFOR; k++)
		if (is_word(&sub, tk, tpl_end_word[k])) {
			advance(&sub);
			*closing = k;
			return close_brace(t, &sub, open, "directive");
		}
	if (is_word(&sub, tk, "if")) {
		e = new_expr(t->p, E_TIF, (uint32_t)open);
		advance(&sub);
		if ((error = parse_expr(&e->a, &sub)) < 0 ||
		    (error = close_brace(t, &sub, open, "directive")) < 0 ||
		    (error = tpl_body(&e->b, t, open, "if", TE_ELSE, TE_ENDIF,
				      &ended)) < 0)
			return error;
		if (ended == TE_ELSE &&
		    (error = tpl_body(&e->c, t, open, "if", TE_ENDIF, TE_ENDIF,
				      &ended)) < 0)
			return error;
		*out = e;
		return 0;
	}
	if (is_word(&sub, tk, "for")) {
		e = new_expr(t->p, E_TFOR, (uint32_t)open);
		advance(&sub);
		if ((error = peek(&tk, &sub)) < 0)
			return error;
		if (tk->kind != T_IDENT)
			return unexpected(&sub, tk, "a variable name after 'for'");
		e->vvar = tok_text(&sub, tk);
		advance(&sub);
		if ((error = peek(&tk, &sub)) < 0)
			return error;
		if (is_punct(&sub, tk, ",")) {
			advance(&sub);
			if ((error = peek(&tk, &sub)) < 0)
				return error;
			if (tk->kind != T_IDENT)
				return unexpected(&sub, tk, "a variable name");
			e->kvar = e->vvar;
			e->vvar = tok_text(&sub, tk);
			advance(&sub);
			if ((error = peek(&tk, &sub)) < 0)
				return error;
		}
		if (!is_word(&sub, tk, "in"))
			return unexpected(&sub, tk, "'in'");
		advance(&sub);
		if ((error = parse_expr(&e->a, &sub)) < 0 ||
		    (error = close_brace(t, &sub, open, "directive")) < 0 ||
		    (error = tpl_body(&e->b, t, open, "for", TE_ENDFOR,
				      TE_ENDFOR, &ended)) < 0)
			return error;
		*out = e;
		return 0;
	}
	if (tk->kind == T_EOF)
		return hcl_error_at(t->p->f, (uint32_t)open,
				    "unterminated template directive: no '}' closes it");
	return unexpected(&sub, tk,
			  "a template directive (if, else, endif, for, endfor)");
}

/*
 * One sequence of literal text, interpolations and directives, up to the
 * end of the text or a closing directive (else, endif, endfor: returned
 * in *ended with its offset, for the enclosing directive to judge).
 */
static int tpl_seq(hcl_expr **out, tpl *t, uint32_t off, tpl_end *ended,
		   uint32_t *ended_off)
{
	parser *p = t->p;
	const char *s = t->s;
	expr_vec parts = UT_VEC_INIT;
	ut_buf lit = UT_BUF_INIT;
	int error = 0;
	hcl_expr *e;

	*ended = TE_TEXT;
	while (t->i < t->end) {
		size_t i = t->i;
		if (t->line_start) {
			for (size_t k = 0; k < t->strip && i < t->end &&
					   (s[i] == ' ' || s[i] == '\t');
			     k++)
				i++;
			t->i = i;
			t->line_start = false;
			continue;
		}
		if (t->quoted && s[i] == '\\') {
			int c = i + 1 < t->end ? s[i + 1] : 0;
			i += 2;
			switch (c) {
			case 'n': lit_putc(t, &lit, '\n'); break;
			case 't': lit_putc(t, &lit, '\t'); break;
			case 'r': lit_putc(t, &lit, '\r'); break;
			case '"': lit_putc(t, &lit, '"'); break;
			case '\\': lit_putc(t, &lit, '\\'); break;
			case 'u':
			case 'U': {
				int nd = c == 'u' ? 4 : 8;
				uint32_t cp = 0;
				ut_buf u = UT_BUF_INIT;
				for (int k = 0; k < nd; k++) {
					int h = i < t->end ? hexval(s[i]) : -1;
					if (h < 0) {
						error = hcl_error_at(p->f, (uint32_t)i,
								     "invalid unicode escape");
						goto done;
					}
					cp = cp * 16 + (uint32_t)h;
					i++;
				}
				put_utf8(&u, cp);
				for (size_t k = 0; k < u.len; k++)
					lit_putc(t, &lit, u.ptr[k]);
				ut_buf_release(&u);
				break;
			}
			default:
				error = hcl_error_at(p->f, (uint32_t)(i - 2),
						     "invalid escape sequence '\\%c'",
						     c ? c : ' ');
				goto done;
			}
			t->i = i;
			continue;
		}
		if ((s[i] == '$' || s[i] == '%') && i + 2 < t->end &&
		    s[i + 1] == s[i] && s[i + 2] == '{') {
			lit_putc(t, &lit, s[i]);
			lit_putc(t, &lit, '{');
			t->i = i + 3;
			continue;
		}
		if (s[i] == '%' && i + 1 < t->end && s[i + 1] == '{') {
			tpl_end closing;
			hcl_expr *d;
			t->trim_next = false;
			if ((error = tpl_directive(&d, &closing, t, &lit)) < 0)
				goto done;
			if (closing != TE_TEXT) {
				*ended = closing;
				*ended_off = (uint32_t)i;
				break;
			}
			if (lit.len || parts.len == 0)
				flush_lit(p, &parts, &lit, (uint32_t)i);
			ut_vec_push(&parts, d);
			continue;
		}
		if (s[i] == '$' && i + 1 < t->end && s[i + 1] == '{') {
			parser sub;
			hcl_expr *x;
			size_t pos = i + 2;
			t->trim_next = false;
			if (pos < t->end && s[pos] == '~') {
				lit_trim_end(&lit);
				pos++;
			}
			if (lit.len || parts.len == 0)
				flush_lit(p, &parts, &lit, (uint32_t)i);
			sub_parser(&sub, t, pos);
			if ((error = parse_expr(&x, &sub)) < 0 ||
			    (error = close_brace(t, &sub, i, "interpolation")) < 0)
				goto done;
			ut_vec_push(&parts, x);
			continue;
		}
		if (s[i] == '\n')
			t->line_start = !t->quoted;
		lit_putc(t, &lit, s[i]);
		t->i = i + 1;
	}
	if (parts.len == 0) {
		e = new_expr(p, E_LIT, off);
		e->val = new_val(p, HCL_V_STRING);
		e->val->str = ut_arena_strndup(&p->f->arena, lit.ptr, lit.len);
		*out = e;
		goto done;
	}
	if (lit.len)
		flush_lit(p, &parts, &lit, off);
	e = new_expr(p, E_TEMPLATE, off);
	e->n = parts.len;
	e->items = vec_to_arena(p, &parts);
	*out = e;
done:
	ut_vec_release(&parts);
	ut_buf_release(&lit);
	return error;
}

/*
 * Parses template text in [start, end). quoted: backslash escapes apply;
 * strip: indentation removed from every line start (<<- heredocs).
 */
static int parse_template(hcl_expr **out, parser *p, size_t start, size_t end,
			  bool quoted, size_t strip, uint32_t off)
{
	const char *s = p->lx.src;
	tpl t = { .p = p, .s = s, .i = start, .end = end, .quoted = quoted,
		  .strip = strip, .line_start = !quoted };
	tpl_end ended;
	uint32_t eoff;
	hcl_expr *e;
	int error;

	/* the common case: a plain string, nothing to unescape */
	if (quoted) {
		size_t k = start;
		while (k < end && s[k] != '\\' && s[k] != '$' && s[k] != '%')
			k++;
		if (k == end) {
			e = new_expr(p, E_LIT, off);
			e->val = new_val(p, HCL_V_STRING);
			e->val->str = ut_arena_strndup(&p->f->arena, s + start,
						       end - start);
			*out = e;
			return 0;
		}
	}
	if ((error = tpl_seq(out, &t, off, &ended, &eoff)) < 0)
		return error;
	if (ended != TE_TEXT)
		return hcl_error_at(p->f, eoff,
				    "unexpected %%{ %s } outside of a directive",
				    tpl_end_word[ended]);
	return 0;
}

static int parse_heredoc(hcl_expr **out, parser *p, const hcl_token *t)
{
	hcl_lexer lx = p->lx;
	size_t end, body, body_end, strip = 0;
	bool ind;
	int error;

	if ((error = hcl__scan_heredoc(&end, &body, &body_end, &ind, &lx,
				       t->off)) < 0)
		return error;
	if (ind) {
		/* the smallest indentation of the non-blank lines */
		const char *s = p->lx.src;
		size_t i = body;
		strip = SIZE_MAX;
		while (i < body_end) {
			size_t w = 0;
			while (i + w < body_end && (s[i + w] == ' ' || s[i + w] == '\t'))
				w++;
			if (i + w < body_end && s[i + w] != '\n' && s[i + w] != '\r')
				strip = UT_MIN(strip, w);
			while (i < body_end && s[i] != '\n')
				i++;
			i++;
		}
		if (strip == SIZE_MAX)
			strip = 0;
	}
	return parse_template(out, p, body, body_end, false, strip, t->off);
}

/* ---- expressions ------------------------------------------------------ */

static int parse_collection(hcl_expr **out, parser *p, bool object);

static int parse_call(hcl_expr **out, parser *p, const hcl_token *name)
{
	expr_vec args = UT_VEC_INIT;
	bool saved = p->skipnl;
	hcl_expr *e = new_expr(p, E_CALL, name->off);
	hcl_token *t;
	int error;

	e->name = tok_text(p, name);
	advance(p); /* ( */
	p->skipnl = true;
	for (;;) {
		hcl_expr *a;
		if ((error = peek(&t, p)) < 0)
			goto done;
		if (is_punct(p, t, ")")) {
			advance(p);
			break;
		}
		if ((error = parse_expr(&a, p)) < 0)
			goto done;
		ut_vec_push(&args, a);
		if ((error = peek(&t, p)) < 0)
			goto done;
		if (t->kind == T_ELLIPSIS) {
			e->expand = true;
			advance(p);
			if ((error = peek(&t, p)) < 0)
				goto done;
		}
		if (is_punct(p, t, ",")) {
			advance(p);
			continue;
		}
		if (!is_punct(p, t, ")")) {
			error = unexpected(p, t, "',' or ')'");
			goto done;
		}
	}
	e->n = args.len;
	e->items = vec_to_arena(p, &args);
	*out = e;
done:
	p->skipnl = saved;
	ut_vec_release(&args);
	return error;
}

static int parse_primary(hcl_expr **out, parser *p)
{
	hcl_token *t, name;
	hcl_expr *e;
	int error;

	if ((error = peek(&t, p)) < 0)
		return error;
	switch (t->kind) {
	case T_NUMBER:
		e = new_expr(p, E_LIT, t->off);
		e->val = new_val(p, HCL_V_NUMBER);
		e->val->str = tok_text(p, t);
		e->val->num = strtod(e->val->str, NULL);
		advance(p);
		*out = e;
		return 0;
	case T_STRING: {
		hcl_token s = *t;
		advance(p);
		return parse_template(out, p, s.off + 1, s.off + s.len - 1, true,
				      0, s.off);
	}
	case T_HEREDOC: {
		hcl_token s = *t;
		advance(p);
		return parse_heredoc(out, p, &s);
	}
	case T_IDENT:
		name = *t;
		if (is_word(p, t, "true") || is_word(p, t, "false")) {
			e = new_expr(p, E_LIT, t->off);
			e->val = new_val(p, HCL_V_BOOL);
			e->val->b = is_word(p, t, "true");
			advance(p);
			*out = e;
			return 0;
		}
		if (is_word(p, t, "null")) {
			e = new_expr(p, E_LIT, t->off);
			e->val = new_val(p, HCL_V_NULL);
			advance(p);
			*out = e;
			return 0;
		}
		advance(p);
		if ((error = peek(&t, p)) < 0)
			return error;
		/* a call only when "(" follows at once */
		if (is_punct(p, t, "(") && t->off == name.off + name.len)
			return parse_call(out, p, &name);
		e = new_expr(p, E_TRAV, name.off);
		e->name = tok_text(p, &name);
		*out = e;
		return 0;
	case T_PUNCT:
		if (is_punct(p, t, "(")) {
			bool saved = p->skipnl;
			advance(p);
			p->skipnl = true;
			error = parse_expr(out, p);
			if (error == 0)
				error = expect(p, ")");
			p->skipnl = saved;
			return error;
		}
		if (is_punct(p, t, "["))
			return parse_collection(out, p, false);
		if (is_punct(p, t, "{"))
			return parse_collection(out, p, true);
		break;
	default:
		break;
	}
	return unexpected(p, t, "an expression");
}

static int parse_postfix(hcl_expr **out, parser *p)
{
	UT_VEC(hcl_step) steps = UT_VEC_INIT;
	hcl_expr *e;
	hcl_token *t;
	int error;

	if ((error = parse_primary(&e, p)) < 0)
		return error;
	for (;;) {
		hcl_step st = { 0 };
		if ((error = peek(&t, p)) < 0)
			goto done;
		if (is_punct(p, t, ".")) {
			st.off = t->off;
			advance(p);
			if ((error = peek(&t, p)) < 0)
				goto done;
			if (t->kind == T_IDENT) {
				st.name = tok_text(p, t);
			} else if (t->kind == T_NUMBER) {
				st.index = new_expr(p, E_LIT, t->off);
				st.index->val = new_val(p, HCL_V_NUMBER);
				st.index->val->str = tok_text(p, t);
				st.index->val->num = strtod(st.index->val->str, NULL);
			} else {
				error = unexpected(p, t, "an attribute name after '.'");
				goto done;
			}
			advance(p);
		} else if (is_punct(p, t, "[")) {
			bool saved = p->skipnl;
			st.off = t->off;
			advance(p);
			p->skipnl = true;
			error = parse_expr(&st.index, p);
			if (error == 0)
				error = expect(p, "]");
			p->skipnl = saved;
			if (error < 0)
				goto done;
		} else {
			break;
		}
		ut_vec_push(&steps, st);
	}
	if (steps.len) {
		if (e->kind != E_TRAV || e->nsteps) {
			hcl_expr *w = new_expr(p, E_TRAV, e->off);
			w->base = e;
			e = w;
		}
		e->steps = ut_arena_alloc(&p->f->arena, steps.len * sizeof(hcl_step));
		memcpy(e->steps, steps.items, steps.len * sizeof(hcl_step));
		e->nsteps = steps.len;
	}
	*out = e;
done:
	ut_vec_release(&steps);
	return error;
}

static int parse_unary(hcl_expr **out, parser *p)
{
	hcl_token *t;
	int error;

	if ((error = peek(&t, p)) < 0)
		return error;
	if (is_punct(p, t, "!") || is_punct(p, t, "-")) {
		hcl_expr *e = new_expr(p, E_UNOP, t->off);
		e->op = is_punct(p, t, "!") ? OP_NOT : OP_NEG;
		advance(p);
		if (++p->depth > MAX_DEPTH)
			return hcl_error_at(p->f, e->off, "expression nested too deeply");
		error = parse_unary(&e->a, p);
		p->depth--;
		*out = e;
		return error;
	}
	return parse_postfix(out, p);
}

static const struct {
	const char *tok;
	hcl_op op;
	int prec;
} binops[] = {
	{ "||", OP_OR, 1 }, { "&&", OP_AND, 2 }, { "==", OP_EQ, 3 },
	{ "!=", OP_NE, 3 }, { "<", OP_LT, 4 },   { "<=", OP_LE, 4 },
	{ ">", OP_GT, 4 },  { ">=", OP_GE, 4 },  { "+", OP_ADD, 5 },
	{ "-", OP_SUB, 5 }, { "*", OP_MUL, 6 },  { "/", OP_DIV, 6 },
	{ "%", OP_MOD, 6 },
};

static int parse_binary(hcl_expr **out, parser *p, int min_prec)
{
	hcl_expr *lhs;
	hcl_token *t;
	int error;

	if ((error = parse_unary(&lhs, p)) < 0)
		return error;
	for (;;) {
		int k = -1;
		if ((error = peek(&t, p)) < 0)
			return error;
		if (t->kind != T_PUNCT || t->len > 2)
			break;
		for (size_t i = 0; i < sizeof(binops) / sizeof(binops[0]); i++)
			if (is_punct(p, t, binops[i].tok) &&
			    binops[i].prec >= min_prec) {
				k = (int)i;
				break;
			}
		if (k < 0)
			break;
		hcl_expr *e = new_expr(p, E_BINOP, t->off);
		e->op = binops[k].op;
		e->a = lhs;
		advance(p);
		if ((error = parse_binary(&e->b, p, binops[k].prec + 1)) < 0)
			return error;
		lhs = e;
	}
	*out = lhs;
	return 0;
}

static int parse_expr(hcl_expr **out, parser *p)
{
	hcl_expr *c;
	hcl_token *t;
	int error;

	if (++p->depth > MAX_DEPTH)
		return hcl_error_at(p->f, (uint32_t)p->lx.pos,
				    "expression nested too deeply");
	if ((error = parse_binary(&c, p, 1)) < 0)
		goto done;
	if ((error = peek(&t, p)) < 0)
		goto done;
	if (is_punct(p, t, "?")) {
		hcl_expr *e = new_expr(p, E_COND, t->off);
		advance(p);
		e->a = c;
		if ((error = parse_expr(&e->b, p)) < 0)
			goto done;
		if ((error = expect(p, ":")) < 0)
			goto done;
		if ((error = parse_expr(&e->c, p)) < 0)
			goto done;
		c = e;
	}
	*out = c;
done:
	p->depth--;
	return error;
}

/* [for k, v in coll : expr if cond] or {for k, v in coll : k => v} */
static int parse_for(hcl_expr **out, parser *p, bool object, uint32_t off)
{
	hcl_expr *e = new_expr(p, E_FOR, off);
	hcl_token *t;
	int error;

	e->obj_for = object;
	advance(p); /* for */
	if ((error = peek(&t, p)) < 0)
		return error;
	if (t->kind != T_IDENT)
		return unexpected(p, t, "a variable name");
	e->vvar = tok_text(p, t);
	advance(p);
	if ((error = peek(&t, p)) < 0)
		return error;
	if (is_punct(p, t, ",")) {
		advance(p);
		if ((error = peek(&t, p)) < 0)
			return error;
		if (t->kind != T_IDENT)
			return unexpected(p, t, "a variable name");
		e->kvar = e->vvar;
		e->vvar = tok_text(p, t);
		advance(p);
		if ((error = peek(&t, p)) < 0)
			return error;
	}
	if (!is_word(p, t, "in"))
		return unexpected(p, t, "'in'");
	advance(p);
	if ((error = parse_expr(&e->a, p)) < 0)
		return error;
	if ((error = expect(p, ":")) < 0)
		return error;
	if (object) {
		if ((error = parse_expr(&e->k, p)) < 0)
			return error;
		if ((error = expect(p, "=>")) < 0)
			return error;
	}
	if ((error = parse_expr(&e->b, p)) < 0)
		return error;
	if ((error = peek(&t, p)) < 0)
		return error;
	if (t->kind == T_ELLIPSIS) {
		e->group = true;
		advance(p);
		if ((error = peek(&t, p)) < 0)
			return error;
	}
	if (is_word(p, t, "if")) {
		advance(p);
		if ((error = parse_expr(&e->c, p)) < 0)
			return error;
	}
	if ((error = expect(p, object ? "}" : "]")) < 0)
		return error;
	*out = e;
	return 0;
}

static int parse_collection(hcl_expr **out, parser *p, bool object)
{
	expr_vec items = UT_VEC_INIT, keys = UT_VEC_INIT;
	bool saved = p->skipnl;
	hcl_expr *e;
	hcl_token *t;
	uint32_t off;
	int error;

	if ((error = peek(&t, p)) < 0)
		return error;
	off = t->off;
	advance(p);
	p->skipnl = true;
	if ((error = peek(&t, p)) < 0)
		goto done;
	if (is_word(p, t, "for")) {
		error = parse_for(out, p, object, off);
		goto done;
	}
	e = new_expr(p, object ? E_OBJECT : E_TUPLE, off);
	for (;;) {
		hcl_expr *k = NULL, *v;
		p->skipnl = true;
		if ((error = peek(&t, p)) < 0)
			goto done;
		if (is_punct(p, t, object ? "}" : "]")) {
			advance(p);
			break;
		}
		if (object) {
			p->skipnl = false;
			if ((error = parse_expr(&k, p)) < 0)
				goto done;
			if ((error = peek(&t, p)) < 0)
				goto done;
			if (!is_punct(p, t, "=") && !is_punct(p, t, ":")) {
				error = unexpected(p, t, "'=' or ':' after the key");
				goto done;
			}
			advance(p);
			p->skipnl = true;
			if ((error = peek(&t, p)) < 0)
				goto done;
			p->skipnl = false;
			ut_vec_push(&keys, k);
		}
		if ((error = parse_expr(&v, p)) < 0)
			goto done;
		ut_vec_push(&items, v);
		if ((error = peek(&t, p)) < 0)
			goto done;
		if (is_punct(p, t, ",") || t->kind == T_NEWLINE) {
			advance(p);
			continue;
		}
		if (!is_punct(p, t, object ? "}" : "]")) {
			error = unexpected(p, t, object ? "',', a newline or '}'"
							: "',' or ']'");
			goto done;
		}
	}
	e->n = items.len;
	e->items = vec_to_arena(p, &items);
	e->keys = vec_to_arena(p, &keys);
	*out = e;
done:
	p->skipnl = saved;
	ut_vec_release(&items);
	ut_vec_release(&keys);
	return error;
}

/* ---- bodies ----------------------------------------------------------- */

static int parse_body(hcl_body **out, parser *p, bool nested)
{
	UT_VEC(hcl_item) items = UT_VEC_INIT;
	hcl_body *body = ut_arena_alloc(&p->f->arena, sizeof(*body));
	hcl_token *t;
	int error = 0;

	body->file = p->f;
	p->skipnl = false;
	for (;;) {
		hcl_token name;
		hcl_item it = { 0 };

		if ((error = peek(&t, p)) < 0)
			goto done;
		if (t->kind == T_NEWLINE) {
			advance(p);
			continue;
		}
		if (t->kind == T_EOF) {
			if (nested) {
				error = unexpected(p, t, "'}'");
				goto done;
			}
			break;
		}
		if (nested && is_punct(p, t, "}")) {
			advance(p);
			break;
		}
		if (t->kind != T_IDENT) {
			error = unexpected(p, t, "an attribute or block");
			goto done;
		}
		name = *t;
		advance(p);
		if ((error = peek(&t, p)) < 0)
			goto done;
		if (is_punct(p, t, "=")) {
			hcl_attr *a = ut_arena_alloc(&p->f->arena, sizeof(*a));
			a->name = tok_text(p, &name);
			a->off = name.off;
			advance(p);
			if ((error = parse_expr(&a->expr, p)) < 0)
				goto done;
			for (size_t i = 0; i < items.len; i++)
				if (items.items[i].attr &&
				    strcmp(items.items[i].attr->name, a->name) == 0) {
					ut_pos first = ut_pos_at(
						p->lx.src, p->lx.len,
						items.items[i].attr->off);
					error = hcl_error_at(
						p->f, a->off,
						"attribute '%s' redefined (first set on line %d)",
						a->name, first.line);
					goto done;
				}
			it.attr = a;
			if ((error = peek(&t, p)) < 0)
				goto done;
			if (!(t->kind == T_NEWLINE || t->kind == T_EOF ||
			      t->kind == T_IDENT ||
			      (nested && is_punct(p, t, "}")))) {
				error = unexpected(p, t, "a newline after the attribute");
				goto done;
			}
		} else {
			UT_VEC(const char *) labels = UT_VEC_INIT;
			hcl_block *b = ut_arena_alloc(&p->f->arena, sizeof(*b));
			b->type = tok_text(p, &name);
			b->off = name.off;
			for (;;) {
				if ((error = peek(&t, p)) < 0)
					break;
				if (t->kind == T_IDENT) {
					ut_vec_push(&labels, tok_text(p, t));
					advance(p);
				} else if (t->kind == T_STRING) {
					hcl_token s = *t;
					hcl_expr *le;
					advance(p);
					error = parse_template(&le, p, s.off + 1,
							       s.off + s.len - 1,
							       true, 0, s.off);
					if (error < 0)
						break;
					if (le->kind != E_LIT) {
						error = hcl_error_at(p->f, s.off,
								     "block labels cannot contain interpolations");
						break;
					}
					ut_vec_push(&labels, le->val->str);
				} else if (is_punct(p, t, "{")) {
					advance(p);
					break;
				} else {
					error = unexpected(p, t, "'=' or a block");
					break;
				}
			}
			if (error == 0 && labels.len) {
				b->labels = ut_arena_alloc(&p->f->arena,
							   labels.len * sizeof(char *));
				memcpy(b->labels, labels.items,
				       labels.len * sizeof(char *));
				b->nlabels = labels.len;
			}
			ut_vec_release(&labels);
			if (error < 0)
				goto done;
			if (++p->depth > MAX_DEPTH) {
				error = hcl_error_at(p->f, b->off, "blocks nested too deeply");
				goto done;
			}
			error = parse_body(&b->body, p, true);
			p->depth--;
			if (error < 0)
				goto done;
			it.block = b;
		}
		ut_vec_push(&items, it);
	}
	if (items.len) {
		body->items = ut_arena_alloc(&p->f->arena,
					     items.len * sizeof(hcl_item));
		memcpy(body->items, items.items, items.len * sizeof(hcl_item));
		body->n = items.len;
	}
	*out = body;
done:
	ut_vec_release(&items);
	return error;
}

int hcl_parse(hcl_file **out, const char *path, const char *text, size_t len)
{
	hcl_file *f = ut_xcalloc(1, sizeof(*f));
	parser p = { 0 };
	const char *nul;
	int error;

	*out = NULL;
	ut_arena_init(&f->arena);
	f->path = ut_xstrdup(path ? path : "<input>");
	f->src = ut_xstrndup(text, len);
	f->len = len;
	p.f = f;
	p.lx.file = f;
	p.lx.src = f->src;
	p.lx.len = len;
	/* text is handled as C strings further on: a NUL would cut it */
	if ((nul = memchr(text, '\0', len))) {
		error = hcl_error_at(f, (uint32_t)(nul - text),
				     "unexpected NUL byte");
		hcl_file_free(f);
		return error;
	}
	if ((error = parse_body(&f->body, &p, false)) < 0) {
		hcl_file_free(f);
		return error;
	}
	*out = f;
	return 0;
}

int hcl_parse_file(hcl_file **out, const char *path)
{
	ut_buf text = UT_BUF_INIT;
	int error;

	*out = NULL;
	if ((error = ut_file_read(&text, path)) < 0)
		return error;
	error = hcl_parse(out, path, text.ptr, text.len);
	ut_buf_release(&text);
	return error;
}

void hcl_file_free(hcl_file *f)
{
	if (!f)
		return;
	ut_arena_release(&f->arena);
	free(f->path);
	free(f->src);
	free(f);
}

const hcl_attr *hcl_body_attr(const hcl_body *body, const char *name)
{
	const hcl_attr *a = NULL;
	for (size_t i = 0; body && i < body->n; i++)
		if (body->items[i].attr &&
		    strcmp(body->items[i].attr->name, name) == 0)
			a = body->items[i].attr;
	return a;
}

uint32_t hcl_expr_off(const hcl_expr *e)
{
	return e->off;
}

const hcl_file *hcl_expr_file(const hcl_expr *e)
{
	return e->file;
}

const char *hcl_expr_word(const hcl_expr *e)
{
	if ((e->kind == E_TRAV && !e->base) || e->kind == E_CALL)
		return e->name;
	return NULL;
}

const char *hcl_expr_bare_word(const hcl_expr *e)
{
	if (e->kind == E_TRAV && !e->base && !e->nsteps)
		return e->name;
	return NULL;
}

bool hcl_expr_is_null(const hcl_expr *e)
{
	return e->kind == E_LIT && e->val->kind == HCL_V_NULL;
}
