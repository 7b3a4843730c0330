/* SPDX-License-Identifier: MIT */
/*
 * migrate/split.c: the SQL statement splitter (reference 2.1-2.2), a
 * byte-oriented port of Atlas's sql/migrate/lex.go Scanner. Statements
 * point into the input; nothing is allocated per byte.
 */
#include "split.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ut.h"

/*
 * How it works.
 *
 * The input is scanned once, left to right, with a 256-entry table that
 * tells which bytes may start something (a paren, a quote, the first byte
 * of the delimiter, a comment, a dollar quote, the "b" of BEGIN); every
 * other byte is skipped in a tight loop. Quotes, comments and dollar quotes
 * are skipped with memchr.
 *
 * BEGIN ... END blocks. Atlas scans the body of a BEGIN with a nested
 * scanner until one of its statements is exactly END or END;. If none is
 * found before the end of the input, BEGIN is an ordinary word. Done
 * naively with recursion this is exponential on inputs with many words
 * "begin" that open no block (each failed attempt re-runs the attempts
 * nested in it) and can overflow the stack. Here the nested scanners are
 * "levels" on a heap stack, and the outcome of each attempt is memoized by
 * the offset of its BEGIN (where the body ends, or that it failed), since
 * an attempt only depends on where it starts. When an attempt fails at the
 * end of the input and the enclosing level was at paren depth 0, the
 * enclosing attempt must fail the same way (from there on both see the
 * same statements), so the failure is passed up without rescanning. Each
 * failure at the top level costs one more pass over the rest of the input
 * at most; the memo keeps that pass from starting new attempts. Past
 * MAX_LEVELS pending attempts the whole chain is given up (every BEGIN in
 * it is a word), so memory stays bounded; only inputs with that many
 * nested open BEGINs can split differently from Atlas.
 *
 * Positions. Every offset is relative to the whole input, including the
 * "-- atlas:delimiter" line that Atlas strips before scanning, so
 * statement lines are right in such files (Atlas's are off by one).
 */

#define MAX_LEVELS 65536 /* pending BEGINs; past that they all fail */
#define NO_BLOCK   SIZE_MAX

enum fail_kind {
	FAIL_NONE = 0,
	FAIL_EOF,    /* clean end of input, no END statement */
	FAIL_QUOTE,  /* unclosed quote */
	FAIL_RPAREN, /* unexpected ')' */
	FAIL_LPAREN, /* unclosed '(' */
	FAIL_DELIM,  /* DELIMITER command without a delimiter */
	FAIL_DEEP,   /* MAX_LEVELS pending BEGINs: give them all up */
};

typedef struct level {
	size_t begin;      /* offset of the BEGIN word (block levels) */
	size_t start;      /* start of the current statement */
	size_t paren;      /* offset of the outermost unclosed '(' */
	size_t depth;      /* paren depth */
	const char *delim; /* current delimiter */
	size_t dlen;
	bool dflt;      /* the delimiter is ";" */
	bool started;   /* a statement of this level has ended */
	bool first_cmd; /* DELIMITER command in the first statement */
	bool cmd;       /* any DELIMITER command on this level */
} level;

typedef struct memo {
	size_t *slots; /* pairs (BEGIN offset + 1, body end or NO_BLOCK) */
	size_t cap;    /* pairs; a power of two or 0 */
	size_t len;
} memo;

typedef struct lexer {
	const char *in;
	size_t len;
	const mg_split_opts *opts;
	mg_stmts *out;
	size_t group; /* first pending comment of the top level in the pool */
	UT_VEC(level) lv;
	UT_VEC(char *) delims; /* delimiters set by DELIMITER commands */
	memo memo;
	unsigned char cls[256];
	size_t line_off; /* line counting cursor for mg_stmt.line */
	int line;
	/* the failure being handled */
	enum fail_kind fail;
	size_t fail_off;
} lexer;

mg_split_opts mg_split_opts_for(mg_dialect_kind kind)
{
	mg_split_opts o = { 0 };

	switch (kind) {
	case MG_SPLIT_GENERIC:
		o.match_begin_atomic = true;
		o.dollar_quote = true;
		break;
	case MG_SPLIT_SQLITE:
		o.match_begin = true;
		break;
	case MG_SPLIT_POSTGRES:
		o.match_begin = true;
		o.match_begin_atomic = true;
		o.dollar_quote = true;
		o.escaped_string_ext = true;
		break;
	case MG_SPLIT_MYSQL:
		o.match_begin = true;
		o.backslash_escapes = true;
		o.hash_comments = true;
		break;
	case MG_SPLIT_ALL:
		o.match_begin = true;
		o.match_begin_atomic = true;
		o.dollar_quote = true;
		o.backslash_escapes = true;
		o.escaped_string_ext = true;
		o.hash_comments = true;
		break;
	}
	return o;
}

void mg_stmts_release(mg_stmts *s)
{
	for (size_t i = 0; i < s->nowned; i++)
		free(s->owned[i]);
	free(s->owned);
	free(s->items);
	free(s->comment_pool);
	memset(s, 0, sizeof(*s));
}

mg_span mg_stmt_comment(const mg_stmts *s, const mg_stmt *stmt, size_t i)
{
	return s->comment_pool[stmt->comment_first + i];
}

/*
 * White space as Go's unicode.IsSpace, which Atlas trims with: ASCII
 * \t\n\v\f\r and space, U+0085, U+00A0, U+1680, U+2000-U+200A, U+2028,
 * U+2029, U+202F, U+205F and U+3000. Returns the length of the space at s.
 */
static size_t space_at(const char *s, const char *end)
{
	unsigned char c = (unsigned char)s[0], d, e;

	if (c < 0x80)
		return c == ' ' || (c >= '\t' && c <= '\r');
	if (c == 0xC2 && end - s >= 2) {
		d = (unsigned char)s[1];
		return (d == 0x85 || d == 0xA0) ? 2 : 0;
	}
	if (end - s < 3 || c < 0xE1 || c > 0xE3)
		return 0;
	d = (unsigned char)s[1];
	e = (unsigned char)s[2];
	if (c == 0xE1)
		return (d == 0x9A && e == 0x80) ? 3 : 0;
	if (c == 0xE3)
		return (d == 0x80 && e == 0x80) ? 3 : 0;
	if (d == 0x81)
		return e == 0x9F ? 3 : 0;
	if (d != 0x80)
		return 0;
	if (e >= 0x80 && e <= 0x8A)
		return 3;
	return (e == 0xA8 || e == 0xA9 || e == 0xAF) ? 3 : 0;
}

/* Length of the white space that ends right before end (not before s). */
static size_t space_before(const char *s, const char *end)
{
	unsigned char c = (unsigned char)end[-1];

	if (c < 0x80)
		return c == ' ' || (c >= '\t' && c <= '\r');
	if (end - s >= 2 && (unsigned char)end[-2] == 0xC2)
		return space_at(end - 2, end);
	if (end - s >= 3)
		return space_at(end - 3, end) == 3 ? 3 : 0;
	return 0;
}

static const char *skip_space(const char *s, const char *end)
{
	size_t n;

	while (s < end && (n = space_at(s, end)) > 0)
		s += n;
	return s;
}

static const char *rskip_space(const char *s, const char *end)
{
	size_t n;

	while (end > s && (n = space_before(s, end)) > 0)
		end -= n;
	return end;
}

static bool is_ascii_space(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* ASCII case-insensitive compare of n bytes against a lowercase word. */
static bool word_ieq(const char *s, const char *lower, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)(s[i] | 0x20) != (unsigned char)lower[i])
			return false;
	return true;
}

/* Decodes the \n, \r and \t escapes of a delimiter into a new string. */
static char *decode_delim(const char *s, size_t n, bool unquote,
                          size_t *len_out)
{
	char *d = ut_xmalloc(n + 1);
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (unquote && c == '\'' && i + 1 < n && s[i + 1] == '\'') {
			i++;
		} else if (c == '\\' && i + 1 < n &&
		           (s[i + 1] == 'n' || s[i + 1] == 'r' ||
		            s[i + 1] == 't')) {
			i++;
			c = s[i] == 'n' ? '\n' : s[i] == 'r' ? '\r' : '\t';
		}
		d[k++] = c;
	}
	d[k] = '\0';
	*len_out = k;
	return d;
}

/* -- the memo of BEGIN attempts ----------------------------------------- */

static size_t memo_slot(const memo *m, size_t key)
{
	uint64_t h = (uint64_t)key * UINT64_C(0x9E3779B97F4A7C15);
	size_t mask = m->cap - 1;
	size_t i = (size_t)(h >> 32) & mask;

	while (m->slots[2 * i] != 0 && m->slots[2 * i] != key + 1)
		i = (i + 1) & mask;
	return i;
}

static bool memo_get(const memo *m, size_t key, size_t *val)
{
	size_t i;

	if (m->cap == 0)
		return false;
	i = memo_slot(m, key);
	if (m->slots[2 * i] == 0)
		return false;
	*val = m->slots[2 * i + 1];
	return true;
}

static void memo_put(memo *m, size_t key, size_t val)
{
	size_t i;

	if (2 * (m->len + 1) > m->cap) {
		memo old = *m;
		m->cap = old.cap ? old.cap * 2 : 64;
		m->slots = ut_xcalloc(2 * m->cap, sizeof(*m->slots));
		m->len = 0;
		for (size_t j = 0; j < old.cap; j++)
			if (old.slots[2 * j] != 0)
				memo_put(m, old.slots[2 * j] - 1,
				         old.slots[2 * j + 1]);
		free(old.slots);
	}
	i = memo_slot(m, key);
	if (m->slots[2 * i] == 0)
		m->len++;
	m->slots[2 * i] = key + 1;
	m->slots[2 * i + 1] = val;
}

/* -- scanning primitives ------------------------------------------------ */

static level *top(lexer *L)
{
	return &L->lv.items[L->lv.len - 1];
}

static bool begin_active(const lexer *L, const level *lv)
{
	return lv->dflt &&
	       (L->opts->match_begin || L->opts->match_begin_atomic);
}

/* Recomputes the table of interesting bytes for the current level. */
static void build_cls(lexer *L)
{
	const level *lv = &L->lv.items[L->lv.len - 1];
	unsigned char *t = L->cls;

	memset(t, 0, sizeof(L->cls));
	t['('] = t[')'] = 1;
	t['\''] = t['"'] = t['`'] = 1;
	t['-'] = t['/'] = 1;
	if (L->opts->hash_comments)
		t['#'] = 1;
	if (L->opts->dollar_quote)
		t['$'] = 1;
	t[(unsigned char)lv->delim[0]] = 1;
	if (lv->delim[0] == '\n')
		t['\r'] = 1; /* a "\n" of the delimiter matches "\r\n" */
	if (begin_active(L, lv))
		t['b'] = t['B'] = 1;
}

/*
 * Length of the delimiter match at s, or 0. A "\n" in a custom delimiter
 * also matches "\r\n" so CRLF files split like LF files.
 */
static size_t delim_match(const level *lv, const char *s, const char *end)
{
	const char *d = lv->delim, *de = d + lv->dlen, *p = s;

	if (lv->dflt)
		return *s == ';';
	while (d < de) {
		if (p >= end)
			return 0;
		if (*d == '\n' && *p == '\r' && end - p >= 2 && p[1] == '\n') {
			p += 2;
			d++;
			continue;
		}
		if (*p != *d)
			return 0;
		p++;
		d++;
	}
	return (size_t)(p - s);
}

/* Offset right after the quote opened at p, or NO_BLOCK when unclosed. */
static size_t skip_quote(const lexer *L, size_t p)
{
	const char *in = L->in, *end = in + L->len;
	const char q = in[p];
	const char *s = in + p + 1;
	bool esc = L->opts->backslash_escapes;

	if (!esc && L->opts->escaped_string_ext && p > 0 &&
	    (in[p - 1] == 'E' || in[p - 1] == 'e'))
		esc = true;
	if (!esc) {
		const char *e = memchr(s, q, (size_t)(end - s));
		return e ? (size_t)(e - in) + 1 : NO_BLOCK;
	}
	while (s < end) {
		if (*s == q)
			return (size_t)(s - in) + 1;
		if (*s == '\\' && end - s < 2)
			break;
		s += *s == '\\' ? 2 : 1;
	}
	return NO_BLOCK;
}

/* Length of a dollar-quote tag character at s ("È"-"ÿ" are 2 bytes). */
static size_t tag_char(const char *s, const char *end, bool first)
{
	unsigned char c = (unsigned char)s[0];

	if (c == '_' || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'))
		return 1;
	if (c >= '0' && c <= '9')
		return first ? 0 : 1;
	if (c == 0xC3 && end - s >= 2 && (unsigned char)s[1] >= 0x88 &&
	    (unsigned char)s[1] <= 0xBF)
		return 2;
	return 0;
}

/*
 * A dollar quote ^\$([A-Za-zÈ-ÿ_][\wÈ-ÿ]*)*\$ at p: returns the offset
 * after its closing tag, or 0 when p starts none or it is never closed.
 */
static size_t skip_dollar(const lexer *L, size_t p)
{
	const char *in = L->in, *end = in + L->len;
	const char *s = in + p + 1, *tag = in + p, *f;
	size_t n, tlen;

	while (s < end && (n = tag_char(s, end, s == in + p + 1)) > 0)
		s += n;
	if (s >= end || *s != '$')
		return 0;
	tlen = (size_t)(s - tag) + 1;
	s++;
	while ((f = memchr(s, '$', (size_t)(end - s))) != NULL) {
		if ((size_t)(end - f) < tlen)
			return 0;
		if (memcmp(f, tag, tlen) == 0)
			return (size_t)(f - in) + tlen;
		s = f + 1;
	}
	return 0;
}

/* Offset of "*\/" at or after s, or NULL. */
static const char *find_block_end(const char *s, const char *end)
{
	const char *f;

	while (end - s >= 2 && (f = memchr(s, '*', (size_t)(end - s - 1)))) {
		if (f[1] == '/')
			return f;
		s = f + 1;
	}
	return NULL;
}

/*
 * A terminated comment at p: returns the offset after it (the newline of a
 * line comment included), or 0 when p starts no comment or it is not
 * terminated (then it is plain text).
 */
static size_t comment_end(const lexer *L, size_t p, bool *line_comment)
{
	const char *in = L->in, *end = in + L->len, *s = in + p, *f;

	if (s[0] == '-' && end - s >= 2 && s[1] == '-') {
		f = memchr(s + 2, '\n', (size_t)(end - s - 2));
		*line_comment = true;
		return f ? (size_t)(f - in) + 1 : 0;
	}
	if (s[0] == '#' && L->opts->hash_comments) {
		f = memchr(s + 1, '\n', (size_t)(end - s - 1));
		*line_comment = true;
		return f ? (size_t)(f - in) + 1 : 0;
	}
	if (s[0] == '/' && end - s >= 2 && s[1] == '*') {
		f = find_block_end(s + 2, end);
		*line_comment = false;
		return f ? (size_t)(f - in) + 2 : 0;
	}
	return 0;
}

/* A newline ("\n" or "\r\n") at s: its length, else 0. */
static size_t newline_at(const char *s, const char *end)
{
	if (s < end && s[0] == '\n')
		return 1;
	if (end - s >= 2 && s[0] == '\r' && s[1] == '\n')
		return 2;
	return 0;
}

/*
 * BEGIN at p (the caller saw 'b' or 'B'): the word must start the statement
 * or follow white space, and be followed by white space. With only
 * match_begin_atomic it must be BEGIN ATOMIC. Returns where the body
 * starts, or 0.
 */
static size_t begin_word(const lexer *L, const level *lv, size_t p)
{
	const char *in = L->in, *end = in + L->len, *s;

	if (p != lv->start && !is_ascii_space((unsigned char)in[p - 1]))
		return 0;
	if (end - (in + p) < 6 || !word_ieq(in + p, "begin", 5) ||
	    !is_ascii_space((unsigned char)in[p + 5]))
		return 0;
	if (L->opts->match_begin)
		return p + 5;
	s = in + p + 6;
	while (s < end && is_ascii_space((unsigned char)*s))
		s++;
	if (end - s < 7 || !word_ieq(s, "atomic", 6) ||
	    !is_ascii_space((unsigned char)s[6]))
		return 0;
	return (size_t)(s - in) + 6;
}

/* "DELIMITER" plus a space or tab at s. */
/*
 * What may follow END to close a block: nothing, ";", or (strata accepts
 * what sqlite3 and psql accept, Atlas does not) blanks before the ";".
 */
static bool end_rest(const char *s, const char *e)
{
	if (s == e)
		return true;
	while (s < e && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n'))
		s++;
	return s + 1 == e && *s == ';';
}

static bool is_delim_cmd(const char *s, const char *end)
{
	return end - s > 9 && word_ieq(s, "delimiter", 9) &&
	       (s[9] == ' ' || s[9] == '\t');
}

/*
 * Runs the DELIMITER command at *pp: the rest of the line, trimmed and
 * with surrounding single quotes removed, is the new delimiter of the
 * level. *pp is left at the end of the line. Returns false when the
 * command names no delimiter.
 */
static bool delim_cmd(lexer *L, level *lv, size_t *pp)
{
	const char *in = L->in, *end = in + L->len;
	const char *s = in + *pp + 10, *nl, *e;
	bool unquote = false;
	size_t n;
	char *d;

	nl = memchr(s, '\n', (size_t)(end - s));
	e = nl ? nl : end;
	*pp = (size_t)(e - in);
	s = skip_space(s, e);
	e = rskip_space(s, e);
	if (e - s >= 2 && s[0] == '\'' && e[-1] == '\'') {
		s++;
		e--;
		unquote = true;
	}
	d = decode_delim(s, (size_t)(e - s), unquote, &n);
	if (n == 0) {
		free(d);
		return false;
	}
	ut_vec_push(&L->delims, d);
	lv->delim = d;
	lv->dlen = n;
	lv->dflt = n == 1 && d[0] == ';';
	lv->cmd = true;
	if (!lv->started)
		lv->first_cmd = true;
	build_cls(L);
	return true;
}

/* -- output ------------------------------------------------------------- */

static void add_comment(lexer *L, size_t from, size_t to)
{
	mg_stmts *o = L->out;

	if (o->ncomment_pool == o->comment_pool_cap)
		ut_vec__grow((void **)&o->comment_pool, &o->comment_pool_cap,
		             sizeof(*o->comment_pool), o->ncomment_pool + 1);
	o->comment_pool[o->ncomment_pool].ptr = L->in + from;
	o->comment_pool[o->ncomment_pool].len = to - from;
	o->ncomment_pool++;
}

static void drop_comments(lexer *L)
{
	L->out->ncomment_pool = L->group;
}

static void emit(lexer *L, const char *s, const char *e)
{
	mg_stmts *o = L->out;
	size_t pos = (size_t)(s - L->in);
	mg_stmt *st;

	/* lines by counting newlines since the previous statement */
	while (L->line_off < pos) {
		const char *nl =
		        memchr(L->in + L->line_off, '\n', pos - L->line_off);
		if (!nl) {
			L->line_off = pos;
			break;
		}
		L->line++;
		L->line_off = (size_t)(nl - L->in) + 1;
	}
	if (o->len == o->cap)
		ut_vec__grow((void **)&o->items, &o->cap, sizeof(*o->items),
		             o->len + 1);
	st = &o->items[o->len++];
	st->pos = pos;
	st->text = st->src = s;
	st->len = st->src_len = (size_t)(e - s);
	st->comment_first = L->group;
	st->ncomments = o->ncomment_pool - L->group;
	st->line = L->line;
	L->group = o->ncomment_pool;
}

static int parse_error(const lexer *L)
{
	ut_pos at = ut_pos_at(L->in, L->len, L->fail_off);
	const char *what;

	switch (L->fail) {
	case FAIL_QUOTE:
		what = L->in[L->fail_off] == '\''  ? "unclosed quote '\\''"
		       : L->in[L->fail_off] == '"' ? "unclosed quote '\"'"
		                                   : "unclosed quote '`'";
		break;
	case FAIL_RPAREN:
		what = "unexpected ')'";
		break;
	case FAIL_LPAREN:
		what = "unclosed '('";
		break;
	default:
		what = "DELIMITER command without a delimiter";
		break;
	}
	return ut_error_set(UT_EPARSE, "%d:%d: %s", at.line, at.col, what);
}

/*
 * A block level failed (L->fail says how): remember it, leave the level
 * and tell whether its parent fails the same way without rescanning (see
 * the prose at the top).
 */
static bool pop_failed(lexer *L)
{
	level c = *top(L);
	level *p;

	memo_put(&L->memo, c.begin, NO_BLOCK);
	L->lv.len--;
	if (L->lv.len == 1)
		return false;
	if (L->fail == FAIL_DEEP)
		return true;
	p = top(L);
	if (p->depth == 0 && !c.first_cmd && L->fail != FAIL_DELIM)
		return true;
	return !c.cmd && (L->fail == FAIL_QUOTE || L->fail == FAIL_LPAREN);
}

/* -- the scanner -------------------------------------------------------- */

static int scan(lexer *L, size_t p)
{
	const char *in = L->in, *end = in + L->len;
	const mg_split_opts *opts = L->opts;
	level *lv = top(L);
	size_t n, q, text_end, next;
	const char *ts, *te; /* the trimmed statement */
	bool line_comment;
	unsigned char c;

stmt_start:
	/*
	 * At the start of a statement: white space, leading comments (kept
	 * as the statement's comments on the top level), DELIMITER commands
	 * and empty statements are consumed here.
	 */
	for (;;) {
		p = (size_t)(skip_space(in + p, end) - in);
		if (p >= L->len)
			goto eof_at_start;
		c = (unsigned char)in[p];
		if (c == '(' || c == ')' || c == '\'' || c == '"' || c == '`')
			break;
		if (is_delim_cmd(in + p, end)) {
			q = p;
			if (!delim_cmd(L, lv, &p)) {
				L->fail = FAIL_DELIM;
				L->fail_off = q;
				goto fail;
			}
			continue;
		}
		if ((n = delim_match(lv, in + p, end)) > 0) {
			if (lv->dflt) {
				/* ";" alone is a statement: Atlas keeps it */
				lv->start = p;
				text_end = next = p + 1;
				goto stmt_end;
			}
			/* an empty statement: dropped, with its comments */
			if (L->lv.len == 1)
				drop_comments(L);
			p += n;
			continue;
		}
		if (opts->exec_comments && end - (in + p) >= 3 &&
		    in[p] == '/' && in[p + 1] == '*' &&
		    (in[p + 2] == '!' ||
		     (in[p + 2] == 'M' && end - (in + p) >= 4 &&
		      in[p + 3] == '!')))
			break;
		if ((q = comment_end(L, p, &line_comment)) == 0)
			break;
		if (L->lv.len == 1)
			add_comment(L, p, q);
		p = q;
		/* a blank line detaches the group from the statement */
		n = line_comment ? 0 : newline_at(in + p, end);
		if ((line_comment || n > 0) &&
		    newline_at(in + p + n, end) > 0 && L->lv.len == 1)
			drop_comments(L);
	}
	lv->start = p;
	lv->depth = 0;

body:
	for (;;) {
		const unsigned char *cls = L->cls;

		while (p < L->len && !cls[(unsigned char)in[p]])
			p++;
		if (p >= L->len) {
			if (lv->depth > 0) {
				L->fail = FAIL_LPAREN;
				L->fail_off = lv->paren;
				goto fail;
			}
			text_end = next = L->len;
			goto stmt_end;
		}
		c = (unsigned char)in[p];
		if (c == '(') {
			if (lv->depth++ == 0)
				lv->paren = p;
			p++;
			continue;
		}
		if (c == ')') {
			if (lv->depth == 0) {
				L->fail = FAIL_RPAREN;
				L->fail_off = p;
				goto fail;
			}
			lv->depth--;
			p++;
			continue;
		}
		if (c == '\'' || c == '"' || c == '`') {
			if ((q = skip_quote(L, p)) == NO_BLOCK) {
				L->fail = FAIL_QUOTE;
				L->fail_off = p;
				goto fail;
			}
			p = q;
			continue;
		}
		/* delimiters take precedence over comments */
		if (lv->depth == 0 && (n = delim_match(lv, in + p, end)) > 0) {
			text_end = lv->dflt ? p + n : p;
			next = p + n;
			goto stmt_end;
		}
		if (c == '$' && opts->dollar_quote) {
			q = skip_dollar(L, p);
			p = q ? q : p + 1;
			continue;
		}
		if (c == '-' || c == '/' || c == '#') {
			if ((q = comment_end(L, p, &line_comment)) > 0)
				p = q;
			else if (c != '#' && p + 1 < L->len &&
			         in[p + 1] == (c == '-' ? '-' : '*'))
				p += 2; /* unterminated: text */
			else
				p++;
			continue;
		}
		if ((c | 0x20) == 'b' && begin_active(L, lv) &&
		    (q = begin_word(L, lv, p)) > 0) {
			size_t to;
			if (memo_get(&L->memo, p, &to)) {
				p = to == NO_BLOCK ? p + 5 : to;
				continue;
			}
			if (L->lv.len >= MAX_LEVELS) {
				/*
				 * Treating this one as a word could let its
				 * END close an outer block; failing the whole
				 * chain only loses blocks nested this deep.
				 */
				L->fail = FAIL_DEEP;
				goto fail;
			}
			/* try the body as a block on a new level */
			{
				level blk = { .begin = p,
					      .delim = ";",
					      .dlen = 1,
					      .dflt = true };
				ut_vec_push(&L->lv, blk);
			}
			lv = top(L);
			build_cls(L);
			p = q;
			goto stmt_start;
		}
		p++;
	}

stmt_end:
	ts = in + lv->start;
	te = rskip_space(ts, in + text_end);
	lv->started = true;
	if (L->lv.len == 1) {
		if (te > ts)
			emit(L, ts, te);
		else
			drop_comments(L);
	} else if (te - ts >= 3 && word_ieq(ts, "end", 3) &&
	           end_rest(ts + 3, te)) {
		/* the block ends after END; the parent goes on there */
		memo_put(&L->memo, lv->begin, (size_t)(ts - in) + 3);
		L->lv.len--;
		lv = top(L);
		build_cls(L);
		p = (size_t)(ts - in) + 3;
		goto body;
	}
	p = next;
	goto stmt_start;

eof_at_start:
	if (L->lv.len == 1) {
		drop_comments(L);
		return 0;
	}
	L->fail = FAIL_EOF;
	goto fail;

fail:
	if (L->lv.len == 1) {
		drop_comments(L);
		return parse_error(L);
	}
	/* the BEGIN opens no block: its parent goes on after the word */
	for (;;) {
		size_t word = top(L)->begin;
		if (!pop_failed(L)) {
			lv = top(L);
			build_cls(L);
			p = word + 5;
			goto body;
		}
	}
}

/*
 * The "-- atlas:delimiter <d>" first line: sets *delim (malloc'd, escapes
 * decoded) and *body (where scanning starts). Returns 0 when the line is
 * absent, 1 when present, or an error.
 */
static int file_delimiter(char **delim, size_t *dlen, size_t *body,
                          const char *input, size_t len)
{
	mg_span prefix, name, args;
	const char *nl;
	size_t n;

	if (len < 3 || memcmp(input, "-- ", 3) != 0)
		return 0;
	if (!mg_directive_match(&prefix, &name, &args, input, len) ||
	    prefix.len != 3 || name.len != 9 ||
	    memcmp(name.ptr, "delimiter", 9) != 0)
		return 0;
	nl = memchr(input, '\n', len);
	if (!nl)
		return ut_error_set(UT_EPARSE,
		                    "no input found after delimiter");
	*delim = decode_delim(args.ptr, args.len, false, &n);
	if (n == 0) {
		free(*delim);
		*delim = NULL;
		return ut_error_set(UT_EPARSE,
		                    "1:1: atlas:delimiter without a delimiter");
	}
	*dlen = n;
	*body = (size_t)(nl - input) + 1;
	return 1;
}

int mg_split(mg_stmts *out, const char *input, size_t len,
             const mg_split_opts *opts)
{
	lexer L = { 0 };
	level top_level = { 0 };
	char *fdelim = NULL;
	size_t body = 0, dlen = 0;
	int error;

	L.in = input;
	L.len = len;
	L.opts = opts;
	L.out = out;
	L.group = out->ncomment_pool;
	L.line = 1;
	if ((error = file_delimiter(&fdelim, &dlen, &body, input, len)) < 0)
		goto done;
	if (fdelim) {
		top_level.delim = fdelim;
		top_level.dlen = dlen;
	} else if (opts->delimiter && opts->delimiter[0]) {
		top_level.delim = opts->delimiter;
		top_level.dlen = strlen(opts->delimiter);
	} else {
		top_level.delim = ";";
		top_level.dlen = 1;
	}
	top_level.dflt = top_level.dlen == 1 && top_level.delim[0] == ';';
	top_level.begin = NO_BLOCK;
	ut_vec_push(&L.lv, top_level);
	build_cls(&L);
	error = scan(&L, body);
done:
	for (size_t i = 0; i < L.delims.len; i++)
		free(L.delims.items[i]);
	ut_vec_release(&L.delims);
	ut_vec_release(&L.lv);
	free(L.memo.slots);
	free(fdelim);
	return error;
}
