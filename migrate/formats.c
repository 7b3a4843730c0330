/* SPDX-License-Identifier: MIT */
/*
 * migrate/formats.c: other tools' directory layouts (reference 1.3, 3.8).
 *
 * Listing checks a folder as its tool would and refuses what the tool
 * would refuse or silently get wrong: files of another layout, versions
 * that repeat, down files without an up file. Running a file splits only
 * its up part: the part is found as byte ranges of the file ("chunks"),
 * each split on its own and shifted back to file positions, so line
 * numbers in errors and lint reports are those of the file on disk.
 */
#include "formats.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "driver.h"
#include "plan.h"
#include "rev.h"
#include "sum.h"
#include "ut.h"

/* A delimiter no file contains: a chunk read with it is one statement. */
#define NO_DELIM "\x01strata:one-statement\x01"

typedef UT_VEC(mg_file) file_vec;

static void files_vec_free(file_vec *v)
{
	for (size_t i = 0; i < v->len; i++) {
		free(v->items[i].name);
		free(v->items[i].path);
		free(v->items[i].version);
		free(v->items[i].desc);
		free(v->items[i].down);
	}
	ut_vec_release(v);
}

/* ---- versions ---------------------------------------------------------- */

bool mg_version_is_number(const char *s)
{
	return *s && strspn(s, "0123456789") == strlen(s);
}

/* Compares two digit spans as numbers (leading zeros ignored). */
static int num_cmp(const char *a, size_t na, const char *b, size_t nb)
{
	while (na > 1 && *a == '0')
		a++, na--;
	while (nb > 1 && *b == '0')
		b++, nb--;
	if (na != nb)
		return na < nb ? -1 : 1;
	return memcmp(a, b, na);
}

/*
 * Flyway versions: dot-separated numbers compared one by one, a missing
 * part counting as 0 (so 1 == 1.0). Non-digit parts compare as bytes.
 */
static int dotted_cmp(const char *a, const char *b)
{
	while (*a || *b) {
		size_t na = strcspn(a, "."), nb = strcspn(b, ".");
		const char *pa = na ? a : "0", *pb = nb ? b : "0";
		size_t la = na ? na : 1, lb = nb ? nb : 1;
		bool da = strspn(pa, "0123456789") >= la;
		bool db = strspn(pb, "0123456789") >= lb;
		int c;

		if (da && db) {
			c = num_cmp(pa, la, pb, lb);
		} else {
			c = memcmp(pa, pb, UT_MIN(la, lb));
			if (c == 0 && la != lb)
				c = la < lb ? -1 : 1;
		}
		if (c)
			return c;
		a += na + (a[na] == '.');
		b += nb + (b[nb] == '.');
	}
	return 0;
}

int mg_version_cmp(mg_format fmt, const char *a, const char *b)
{
	switch (fmt) {
	case MG_FORMAT_GOLANG_MIGRATE:
	case MG_FORMAT_GOOSE:
	case MG_FORMAT_DBMATE:
		if (mg_version_is_number(a) && mg_version_is_number(b))
			return num_cmp(a, strlen(a), b, strlen(b));
		return strcmp(a, b);
	case MG_FORMAT_FLYWAY:
		return dotted_cmp(a, b);
	default:
		return strcmp(a, b);
	}
}

/* ---- lines and annotations --------------------------------------------- */

/* One line of a file: [start, start + len), '\r' excluded; next line. */
typedef struct line {
	size_t start, len, next;
} line;

static bool line_next(line *l, const char *text, size_t len, size_t at)
{
	const char *nl;

	if (at >= len)
		return false;
	nl = memchr(text + at, '\n', len - at);
	l->start = at;
	l->next = nl ? (size_t)(nl - text) + 1 : len;
	l->len = (nl ? (size_t)(nl - text) : len) - at;
	if (l->len && text[at + l->len - 1] == '\r')
		l->len--;
	return true;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/*
 * Whether the line is "--" [blanks] word (case-insensitive) followed by
 * a blank, ':' or the end; *rest is where the text after the word starts.
 */
static bool comment_word(const char *p, size_t n, const char *word,
                         size_t *rest)
{
	size_t i = 0, wn = strlen(word);

	if (n < 2 || p[0] != '-' || p[1] != '-')
		return false;
	i = 2;
	while (i < n && is_blank(p[i]))
		i++;
	if (n - i < wn || !ut_str_nieq(p + i, word, wn))
		return false;
	i += wn;
	if (i < n && !is_blank(p[i]) && p[i] != ':')
		return false;
	if (rest)
		*rest = i;
	return true;
}

/* Whether the blank-separated words of p include opt. */
static bool has_option(const char *p, size_t n, const char *opt)
{
	size_t on = strlen(opt);

	for (size_t i = 0; i < n;) {
		size_t j;
		while (i < n && is_blank(p[i]))
			i++;
		j = i;
		while (j < n && !is_blank(p[j]))
			j++;
		if (j - i == on && ut_str_nieq(p + i, opt, on))
			return true;
		i = j;
	}
	return false;
}

/* ---- chunks: the byte ranges of a file's up part ----------------------- */

typedef struct chunk {
	size_t start, end;
	bool single; /* one statement whatever it holds */
	char *delim; /* malloc'd custom delimiter, NULL = the caller's */
	bool envsub; /* goose ENVSUB ON at its start */
	bool toggles; /* a goose block with ENVSUB lines inside */
} chunk;

typedef UT_VEC(chunk) chunk_vec;

static void chunk_push(chunk_vec *v, size_t start, size_t end, bool single,
                       const char *delim)
{
	chunk c = { start, end, single, delim ? ut_xstrdup(delim) : NULL,
		    false, false };

	if (end > start)
		ut_vec_push(v, c);
	else
		free(c.delim);
}

/* A goose chunk: its ENVSUB state at the start, toggles inside. */
static void chunk_push_env(chunk_vec *v, size_t start, size_t end, bool single,
                           bool envsub, bool toggles)
{
	chunk c = { start, end, single, NULL, envsub, toggles };

	if (end > start)
		ut_vec_push(v, c);
}

static void chunks_free(chunk_vec *v)
{
	for (size_t i = 0; i < v->len; i++)
		free(v->items[i].delim);
	ut_vec_release(v);
}

enum goose_ann {
	GOOSE_NONE,
	GOOSE_UP,
	GOOSE_DOWN,
	GOOSE_BEGIN,
	GOOSE_END,
	GOOSE_NO_TX,
	GOOSE_ENVSUB_ON,
	GOOSE_ENVSUB_OFF,
	GOOSE_UNKNOWN,
};

/* Reads a "-- +goose <annotation>" line (goose: case-insensitive). */
static enum goose_ann goose_annotation(const char *p, size_t n)
{
	static const struct {
		const char *text;
		enum goose_ann ann;
	} anns[] = {
		{ "up", GOOSE_UP },
		{ "down", GOOSE_DOWN },
		{ "statementbegin", GOOSE_BEGIN },
		{ "statementend", GOOSE_END },
		{ "no transaction", GOOSE_NO_TX },
		{ "envsub on", GOOSE_ENVSUB_ON },
		{ "envsub off", GOOSE_ENVSUB_OFF },
	};
	ut_buf w = UT_BUF_INIT;
	enum goose_ann ann = GOOSE_UNKNOWN;
	size_t i = 2;

	if (n < 2 || p[0] != '-' || p[1] != '-')
		return GOOSE_NONE;
	while (i < n && is_blank(p[i]))
		i++;
	if (n - i < 6 || memcmp(p + i, "+goose", 6) != 0)
		return GOOSE_NONE;
	i += 6;
	/* the rest, blanks collapsed, lower case */
	while (i < n) {
		if (is_blank(p[i])) {
			while (i < n && is_blank(p[i]))
				i++;
			if (i < n && w.len)
				ut_buf_putc(&w, ' ');
			continue;
		}
		ut_buf_putc(&w, (char)tolower((unsigned char)p[i++]));
	}
	for (size_t k = 0; k < UT_ARRAY_SIZE(anns); k++)
		if (strcmp(w.ptr, anns[k].text) == 0)
			ann = anns[k].ann;
	ut_buf_release(&w);
	return ann;
}

/*
 * goose: the "-- +goose Up" section up to "-- +goose Down"; the lines
 * between StatementBegin and StatementEnd are one statement; annotation
 * lines are never part of a statement (an ENVSUB line inside a block is
 * left out when the block's text is substituted, envsub_stmt). ENVSUB
 * ON/OFF lines cut the section, so each other chunk is wholly inside or
 * outside substitution.
 */
static int goose_chunks(chunk_vec *out, bool *no_tx, const char *name,
                        const char *text, size_t len)
{
	enum { PRE, UP, BLOCK, DOWN } st = PRE;
	size_t cs = 0, at = 0;
	int lineno = 0, begin_line = 0;
	bool envsub = false, blk_envsub = false, blk_toggles = false;
	line l;

	while (line_next(&l, text, len, at)) {
		enum goose_ann ann = goose_annotation(text + l.start, l.len);

		lineno++;
		at = l.next;
		switch (ann) {
		case GOOSE_NONE:
			break;
		case GOOSE_UNKNOWN:
			return ut_error_set(
			        UT_ECHECKSUM,
			        "%s:%d: unknown goose annotation '%.*s'", name,
			        lineno, (int)l.len, text + l.start);
		case GOOSE_UP:
			if (st != PRE)
				return ut_error_set(
				        UT_ECHECKSUM,
				        "%s:%d: a second '-- +goose Up' annotation",
				        name, lineno);
			st = UP;
			cs = l.next;
			break;
		case GOOSE_DOWN:
			if (st == BLOCK)
				return ut_error_set(
				        UT_ECHECKSUM,
				        "%s:%d: '-- +goose StatementBegin' has no StatementEnd",
				        name, begin_line);
			if (st == UP)
				chunk_push_env(out, cs, l.start, false, envsub,
				               false);
			if (st == PRE)
				return ut_error_set(
				        UT_ECHECKSUM,
				        "%s:%d: '-- +goose Down' before '-- +goose Up'",
				        name, lineno);
			st = DOWN;
			break;
		case GOOSE_BEGIN:
			if (st == DOWN)
				break;
			if (st != UP)
				return ut_error_set(
				        UT_ECHECKSUM,
				        "%s:%d: '-- +goose StatementBegin' %s",
				        name, lineno,
				        st == PRE
				                ? "before '-- +goose Up'"
				                : "inside another StatementBegin");
			chunk_push_env(out, cs, l.start, false, envsub, false);
			st = BLOCK;
			begin_line = lineno;
			blk_envsub = envsub;
			blk_toggles = false;
			cs = l.next;
			break;
		case GOOSE_END:
			if (st == DOWN)
				break;
			if (st != BLOCK)
				return ut_error_set(
				        UT_ECHECKSUM,
				        "%s:%d: '-- +goose StatementEnd' without StatementBegin",
				        name, lineno);
			chunk_push_env(out, cs, l.start, true, blk_envsub,
			               blk_toggles);
			st = UP;
			cs = l.next;
			break;
		case GOOSE_NO_TX:
		case GOOSE_ENVSUB_ON:
		case GOOSE_ENVSUB_OFF:
			if (ann == GOOSE_NO_TX)
				*no_tx = true;
			if (st == UP) {
				chunk_push_env(out, cs, l.start, false, envsub,
				               false);
				cs = l.next;
			}
			if (ann != GOOSE_NO_TX) {
				envsub = ann == GOOSE_ENVSUB_ON;
				if (st == BLOCK)
					blk_toggles = true;
			}
			break;
		}
	}
	if (st == PRE)
		return ut_error_set(
		        UT_ECHECKSUM,
		        "%s: not a goose migration: no '-- +goose Up' annotation",
		        name);
	if (st == BLOCK)
		return ut_error_set(
		        UT_ECHECKSUM,
		        "%s:%d: '-- +goose StatementBegin' has no StatementEnd",
		        name, begin_line);
	if (st == UP)
		chunk_push_env(out, cs, len, false, envsub, false);
	return 0;
}

/* dbmate: from "-- migrate:up [options]" to "-- migrate:down". */
static int dbmate_chunks(chunk_vec *out, bool *no_tx, const char *name,
                         const char *text, size_t len)
{
	size_t at = 0, cs = 0, rest;
	bool up = false;
	int lineno = 0;
	line l;

	while (line_next(&l, text, len, at)) {
		const char *p = text + l.start;

		lineno++;
		at = l.next;
		if (comment_word(p, l.len, "migrate:up", &rest)) {
			if (up)
				return ut_error_set(
				        UT_ECHECKSUM,
				        "%s:%d: a second '-- migrate:up'", name,
				        lineno);
			up = true;
			cs = l.next;
			if (has_option(p + rest, l.len - rest,
			               "transaction:false"))
				*no_tx = true;
		} else if (comment_word(p, l.len, "migrate:down", NULL)) {
			if (!up)
				return ut_error_set(
				        UT_ECHECKSUM,
				        "%s:%d: '-- migrate:down' before '-- migrate:up'",
				        name, lineno);
			chunk_push(out, cs, l.start, false, NULL);
			return 0;
		}
	}
	if (!up)
		return ut_error_set(
		        UT_ECHECKSUM,
		        "%s: not a dbmate migration: no '-- migrate:up' line",
		        name);
	chunk_push(out, cs, len, false, NULL);
	return 0;
}

static bool liquibase_header(const char *text, size_t len)
{
	line l;
	size_t rest;

	if (!line_next(&l, text, len, 0))
		return false;
	if (!comment_word(text, l.len, "liquibase", &rest))
		return false;
	while (rest < l.len && is_blank(text[rest]))
		rest++;
	return l.len - rest >= 9 && ut_str_nieq(text + rest, "formatted", 9);
}

/* The value of "name:value" among a changeset line's attributes. */
static char *attr_value(const char *p, size_t n, const char *name)
{
	size_t an = strlen(name);

	for (size_t i = 0; i < n;) {
		size_t j;
		while (i < n && is_blank(p[i]))
			i++;
		j = i;
		while (j < n && !is_blank(p[j]))
			j++;
		if (j - i > an && p[i + an] == ':' &&
		    ut_str_nieq(p + i, name, an))
			return ut_xstrndup(p + i + an + 1, j - i - an - 1);
		i = j;
	}
	return NULL;
}

/*
 * Liquibase formatted SQL: each "--changeset" starts a chunk that holds
 * the changeset line itself (so it stays the first statement's comment);
 * "--rollback" lines end a chunk and the next starts after them. Text
 * before the first changeset is not part of any.
 */
static int liquibase_chunks(chunk_vec *out, bool *no_tx, const char *name,
                            const char *text, size_t len)
{
	size_t at = 0, cs = 0, rest;
	bool in_set = false, single = false;
	char *delim = NULL;
	line l;

	if (!liquibase_header(text, len))
		return ut_error_set(
		        UT_ECHECKSUM,
		        "%s: not a Liquibase formatted SQL file: the first line must be '--liquibase formatted sql'",
		        name);
	while (line_next(&l, text, len, at)) {
		const char *p = text + l.start;

		at = l.next;
		if (comment_word(p, l.len, "changeset", &rest)) {
			char *v;
			if (in_set)
				chunk_push(out, cs, l.start, single, delim);
			in_set = true;
			cs = l.start;
			v = attr_value(p + rest, l.len - rest,
			               "splitStatements");
			single = v && ut_str_ieq(v, "false");
			free(v);
			v = attr_value(p + rest, l.len - rest,
			               "runInTransaction");
			if (v && ut_str_ieq(v, "false"))
				*no_tx = true;
			free(v);
			free(delim);
			delim = attr_value(p + rest, l.len - rest,
			                   "endDelimiter");
		} else if (in_set && comment_word(p, l.len, "rollback", NULL)) {
			chunk_push(out, cs, l.start, single, delim);
			cs = l.next;
		}
	}
	if (in_set)
		chunk_push(out, cs, len, single, delim);
	free(delim);
	return 0;
}

/* The chunks of a file; false when the whole file is one plain chunk. */
static int file_chunks(chunk_vec *out, bool *whole, bool *no_tx,
                       const mg_dir *dir, const char *name, const char *text,
                       size_t len)
{
	*whole = false;
	*no_tx = false;
	switch (dir->format) {
	case MG_FORMAT_GOOSE:
		return goose_chunks(out, no_tx, name, text, len);
	case MG_FORMAT_DBMATE:
		return dbmate_chunks(out, no_tx, name, text, len);
	case MG_FORMAT_LIQUIBASE:
		return liquibase_chunks(out, no_tx, name, text, len);
	default:
		*whole = true;
		return 0;
	}
}

/* Re-sets a splitter error "<line>:<col>: msg" with the line shifted. */
static int shift_error(int code, int shift)
{
	const char *msg = ut_error_last()->msg;
	char *end;
	long ln;

	if (shift == 0 || !isdigit((unsigned char)msg[0]))
		return code;
	ln = strtol(msg, &end, 10);
	if (*end != ':')
		return code;
	return ut_error_set((ut_code)code, "%ld%s", ln + shift, end);
}

/* ---- goose ENVSUB -------------------------------------------------------- */

/*
 * Between "-- +goose ENVSUB ON" and "-- +goose ENVSUB OFF" goose replaces
 * environment variable references, with the forms of the interpolation
 * library it uses: $VAR and ${VAR} (unset = ""), ${VAR:-default} (unset
 * or empty), ${VAR-default} (unset), ${VAR?message} (an error when
 * unset), ${VAR:?message} (unset or empty); "$$" is one '$'. A default or
 * message may hold references itself. Names are [A-Za-z_][A-Za-z0-9_]*;
 * a '$' before anything else stays as it is. strata splits statements
 * first and substitutes inside each, so no value can start or end a
 * statement.
 */
typedef struct envsub {
	int line;        /* line of the text being read */
	const char *bol; /* where that line starts (its column 1) */
	size_t nsubst;   /* references replaced */
} envsub;

static bool env_name_start(char c)
{
	return isalpha((unsigned char)c) || c == '_';
}

static bool env_name_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/* "<line>:<col>: ..." as the splitter's errors, which callers prefix. */
static int envsub_error(const envsub *es, const char *what, const char *p,
                        size_t n)
{
	return ut_error_set(UT_EPARSE,
	                    "%d:%zu: variable substitution failed: %s '%.*s'",
	                    es->line, (size_t)(p - es->bol) + 1, what,
	                    (int)UT_MIN(strcspn(p, "\n"), UT_MIN(n, 60)), p);
}

static int envsub_text(ut_buf *out, const char *p, size_t n, size_t *i,
                       bool in_brace, envsub *es);

/* "${...}" at p[*i] ('$'); *i moves past the '}'. */
static int envsub_brace(ut_buf *out, const char *p, size_t n, size_t *i,
                        envsub *es)
{
	size_t at = *i, s = at + 2, e = s;
	ut_buf word = UT_BUF_INIT;
	const char *value;
	char *name;
	bool colon = false, unset_only;
	int error = 0;

	while (e < n && env_name_char(p[e]))
		e++;
	if (e == s || !env_name_start(p[s]))
		return envsub_error(es, "bad substitution", p + at, n - at);
	if (e >= n)
		return envsub_error(es, "unclosed", p + at, n - at);
	name = ut_xstrndup(p + s, e - s);
	value = getenv(name);
	*i = e;
	es->nsubst++;
	if (p[*i] == '}') {
		ut_buf_puts(out, value ? value : "");
		(*i)++;
		goto done;
	}
	if (p[*i] == ':') {
		colon = true;
		(*i)++;
	}
	if (*i >= n || (p[*i] != '-' && p[*i] != '?')) {
		error = envsub_error(
		        es,
		        "unsupported form (goose has $VAR, ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR?message}, ${VAR:?message})",
		        p + at, n - at);
		goto done;
	}
	unset_only = !colon;
	(*i)++;
	if ((error = envsub_text(&word, p, n, i, true, es)) < 0)
		goto done;
	(*i)++; /* the '}' */
	if (value && (unset_only || *value)) {
		ut_buf_puts(out, value);
	} else if (p[e + colon] == '-') {
		ut_buf_put(out, word.ptr, word.len);
	} else {
		error = ut_error_set(UT_EPARSE,
		                     "%d:%zu: variable substitution failed: %s: %s",
		                     es->line, (size_t)(p + at - es->bol) + 1,
		                     name,
		                     word.len ? word.ptr
		                              : (colon ? "parameter null or not set"
		                                       : "parameter not set"));
	}
done:
	ut_buf_release(&word);
	free(name);
	return error;
}

/*
 * Substitutes p[*i..n) into out: up to an unmatched '}' when in_brace
 * (left at *i), else to the end.
 */
static int envsub_text(ut_buf *out, const char *p, size_t n, size_t *i,
                       bool in_brace, envsub *es)
{
	size_t start = *i;
	int error;

	while (*i < n) {
		char c = p[*i];

		if (in_brace && c == '}')
			return 0;
		if (c == '\n') {
			es->line++;
			es->bol = p + *i + 1;
		}
		if (c != '$' || *i + 1 >= n) {
			ut_buf_putc(out, c);
			(*i)++;
			continue;
		}
		if (p[*i + 1] == '$') {
			ut_buf_putc(out, '$');
			es->nsubst++;
			*i += 2;
		} else if (p[*i + 1] == '{') {
			if ((error = envsub_brace(out, p, n, i, es)) < 0)
				return error;
		} else if (env_name_start(p[*i + 1])) {
			size_t e = *i + 1;
			char *name;
			const char *v;
			while (e < n && env_name_char(p[e]))
				e++;
			name = ut_xstrndup(p + *i + 1, e - *i - 1);
			v = getenv(name);
			ut_buf_puts(out, v ? v : "");
			free(name);
			es->nsubst++;
			*i = e;
		} else {
			ut_buf_putc(out, '$');
			(*i)++;
		}
	}
	if (in_brace)
		return envsub_error(es, "unclosed", p + start - 2,
		                    n - start + 2);
	return 0;
}

/*
 * The text a goose statement runs: substituted while ENVSUB is on; in a
 * block with ENVSUB lines inside, line by line with those lines left out.
 * *changed is false when the text is the statement as written.
 */
static int envsub_stmt(ut_buf *out, bool *changed, const mg_stmt *s,
                       const chunk *c, envsub *es)
{
	bool on = c->envsub;
	size_t at = 0;
	line l;
	int error;

	*changed = c->toggles;
	es->line = s->line;
	es->bol = s->text;
	if (!c->toggles) {
		size_t i = 0, before = es->nsubst;
		if ((error = envsub_text(out, s->text, s->len, &i, false, es)) <
		    0)
			return error;
		*changed = es->nsubst > before;
		return 0;
	}
	while (line_next(&l, s->text, s->len, at)) {
		enum goose_ann ann = goose_annotation(s->text + l.start, l.len);
		size_t i = l.start;

		at = l.next;
		es->line = s->line;
		es->bol = s->text + l.start;
		for (size_t k = 0; k < l.start; k++)
			if (s->text[k] == '\n')
				es->line++;
		if (ann == GOOSE_ENVSUB_ON || ann == GOOSE_ENVSUB_OFF) {
			on = ann == GOOSE_ENVSUB_ON;
			continue;
		}
		if (!on) {
			ut_buf_put(out, s->text + l.start, l.next - l.start);
			continue;
		}
		if ((error = envsub_text(out, s->text, l.next, &i, false,
		                         es)) < 0)
			return error;
	}
	/* the statement ended where the block did: no trailing newline */
	while (out->len && (out->ptr[out->len - 1] == '\n' ||
	                    out->ptr[out->len - 1] == '\r'))
		out->ptr[--out->len] = '\0';
	return 0;
}

static int split_chunks(mg_stmts *out, const char *text, const chunk_vec *cs,
                        const mg_split_opts *opts)
{
	size_t counted = 0;
	int line0 = 1;

	for (size_t k = 0; k < cs->len; k++) {
		const chunk *c = &cs->items[k];
		mg_split_opts o = *opts;
		size_t before = out->len;
		int error;

		for (; counted < c->start; counted++)
			if (text[counted] == '\n')
				line0++;
		if (c->single)
			o.delimiter = NO_DELIM;
		else if (c->delim && *c->delim)
			o.delimiter = c->delim;
		error = mg_split(out, text + c->start, c->end - c->start, &o);
		for (size_t i = before; i < out->len; i++) {
			out->items[i].pos += c->start;
			out->items[i].line += line0 - 1;
		}
		if (error < 0)
			return shift_error(error, line0 - 1);
		for (size_t i = before; (c->envsub || c->toggles) && i < out->len;
		     i++) {
			mg_stmt *s = &out->items[i];
			envsub es = { s->line, s->text, 0 };
			ut_buf b = UT_BUF_INIT;
			bool changed;
			if ((error = envsub_stmt(&b, &changed, s, c, &es)) < 0) {
				ut_buf_release(&b);
				return error;
			}
			out->nsubst += es.nsubst;
			if (!changed) {
				ut_buf_release(&b);
				continue;
			}
			out->owned = ut_xrealloc(out->owned, (out->nowned + 1) *
			                                             sizeof(char *));
			s->len = b.len;
			s->text = out->owned[out->nowned++] = ut_buf_detach(&b);
		}
	}
	return 0;
}

int mg_file_split(mg_stmts *out, bool *no_tx, const mg_dir *dir,
                  const mg_file *f, const char *text, size_t len,
                  const mg_split_opts *opts)
{
	chunk_vec cs = UT_VEC_INIT;
	bool whole, notx;
	int error;

	if (no_tx)
		*no_tx = false;
	if ((error = file_chunks(&cs, &whole, &notx, dir, f->name, text, len)) <
	    0)
		goto done;
	if (whole) {
		error = mg_split(out, text, len, opts);
		goto done;
	}
	if ((error = split_chunks(out, text, &cs, opts)) < 0)
		goto done;
	if (no_tx)
		*no_tx = notx;
done:
	chunks_free(&cs);
	return error;
}

/* ---- listing ----------------------------------------------------------- */

static bool is_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static void file_add(file_vec *v, const mg_dir *dir, const char *name,
                     char *version, char *desc)
{
	mg_file f = { 0 };

	f.name = ut_xstrdup(name);
	f.path = ut_path_join(dir->path, name);
	f.version = version;
	f.desc = desc;
	ut_vec_push(v, f);
}

/* "<version>[_<desc>]" of a base name (extension removed). */
static void split_base(char **version, char **desc, const char *base, size_t n)
{
	const char *us = memchr(base, '_', n);

	if (us) {
		*version = ut_xstrndup(base, (size_t)(us - base));
		*desc = ut_xstrndup(us + 1, n - (size_t)(us - base) - 1);
	} else {
		*version = ut_xstrndup(base, n);
		*desc = ut_xstrdup("");
	}
}

static int mixed(const mg_dir *dir, const char *name, const char *expect)
{
	int error = ut_error_set(
	        UT_ECHECKSUM,
	        "mixed layouts in '%s': '%s' is not a %s file (%s)", dir->path,
	        name, mg_format_name(dir->format), expect);
	ut_error_hint(
	        "keep one tool's files per folder, or open it with the right ?format=");
	return error;
}

static bool looks_golang_migrate(const char *name)
{
	return ut_str_suffix(name, ".up.sql") ||
	       ut_str_suffix(name, ".down.sql");
}

static int file_cmp(mg_format fmt, const mg_file *x, const mg_file *y)
{
	int c = mg_version_cmp(fmt, x->version, y->version);
	return c ? c : strcmp(x->name, y->name);
}

/*
 * By version in the directory's format, then by name. Insertion sort:
 * the names come sorted and numeric versions mostly agree with them, so
 * this is close to linear (and qsort has no payload argument).
 */
static void sort_files(file_vec *v, mg_format fmt)
{
	for (size_t i = 1; i < v->len; i++) {
		mg_file x = v->items[i];
		size_t j = i;
		while (j > 0 && file_cmp(fmt, &v->items[j - 1], &x) > 0) {
			v->items[j] = v->items[j - 1];
			j--;
		}
		v->items[j] = x;
	}
}

/* Sorted files: the first version that appears twice is an error. */
static int check_unique(const mg_dir *dir, const file_vec *v, const char *hint)
{
	for (size_t i = 0; i + 1 < v->len; i++) {
		const mg_file *a = &v->items[i], *b = &v->items[i + 1];
		int error;
		if (mg_version_cmp(dir->format, a->version, b->version) != 0)
			continue;
		error = ut_error_set(
		        UT_ECHECKSUM,
		        "version %s appears twice in '%s': '%s' and '%s'",
		        a->version, dir->path, a->name, b->name);
		if (hint)
			ut_error_hint("%s", hint);
		return error;
	}
	return 0;
}

/*
 * Name-ordered histories: files sharing a version get <v>.<k>, k from 1
 * in file-name order, zero-padded to the width of the group's size.
 */
static void number_duplicates(file_vec *v)
{
	bool *done = ut_xcalloc(v->len ? v->len : 1, sizeof(bool));

	for (size_t i = 0; i < v->len; i++) {
		size_t count = 0, k = 0;
		int width = 0;
		if (done[i])
			continue;
		for (size_t j = i; j < v->len; j++)
			if (strcmp(v->items[j].version, v->items[i].version) ==
			    0)
				count++;
		if (count == 1)
			continue;
		for (size_t c = count; c; c /= 10)
			width++;
		char *base = ut_xstrdup(v->items[i].version);
		for (size_t j = i; j < v->len; j++) {
			if (done[j] || strcmp(v->items[j].version, base) != 0)
				continue;
			done[j] = true;
			free(v->items[j].version);
			v->items[j].version =
			        ut_xasprintf("%s.%0*zu", base, width, ++k);
		}
		free(base);
	}
	free(done);
}

static int scan_golang_migrate(file_vec *v, const mg_dir *dir, char **names,
                               size_t n)
{
	bool name_order = dir->flags & MG_DIR_NAME_ORDER;
	UT_VEC(char *) downs = UT_VEC_INIT;
	int error = 0;

	for (size_t i = 0; i < n; i++) {
		const char *name = names[i];
		size_t len = strlen(name), base;
		char *path, *version, *desc;
		bool is_up, is_down;

		if (!ut_str_suffix(name, ".sql"))
			continue;
		path = ut_path_join(dir->path, name);
		if (!is_file(path)) {
			free(path);
			continue;
		}
		free(path);
		if (name_order) {
			is_up = len > 7 && ut_str_suffix(name, "up.sql") &&
			        (name[len - 7] == '.' || name[len - 7] == '_');
			is_down =
			        len > 9 && ut_str_suffix(name, "down.sql") &&
			        (name[len - 9] == '.' || name[len - 9] == '_');
		} else {
			is_up = len > 7 && ut_str_suffix(name, ".up.sql");
			is_down = len > 9 && ut_str_suffix(name, ".down.sql");
		}
		if (is_down) {
			ut_vec_push(&downs, ut_xstrdup(name));
			continue;
		}
		if (!is_up) {
			error = mixed(
			        dir, name,
			        name_order
			                ? "<version>_<title>.up.sql, _up.sql or .down.sql"
			                : "<version>_<title>.up.sql or .down.sql");
			goto done;
		}
		base = len - 7;
		split_base(&version, &desc, name, base);
		if (!*version ||
		    (!name_order && !mg_version_is_number(version))) {
			error = ut_error_set(
			        UT_ECHECKSUM,
			        "'%s' is not a golang-migrate file name: version '%s' is not a number",
			        name, version);
			free(version);
			free(desc);
			goto done;
		}
		file_add(v, dir, name, version, desc);
	}
	if (name_order) {
		/* ut_dir_list sorted the names: keep that order */
		number_duplicates(v);
		goto done;
	}
	for (size_t i = 0; i < downs.len; i++) {
		size_t dn = strlen(downs.items[i]) - strlen(".down.sql");
		bool found = false;
		for (size_t j = 0; j < v->len && !found; j++) {
			mg_file *f = &v->items[j];
			if (strlen(f->name) - strlen(".up.sql") == dn &&
			    memcmp(f->name, downs.items[i], dn) == 0) {
				f->down = ut_xstrdup(downs.items[i]);
				found = true;
			}
		}
		if (!found) {
			error = ut_error_set(
			        UT_ECHECKSUM,
			        "down file '%s' in '%s' has no up file '%.*s.up.sql'",
			        downs.items[i], dir->path, (int)dn,
			        downs.items[i]);
			ut_error_hint(
			        "add the up file or remove the down file");
			goto done;
		}
	}
	sort_files(v, dir->format);
	error = check_unique(
	        dir, v,
	        "golang-migrate runs one up file per version; a history its tool ran in file-name order imports with 'strata migrate import --name-order'");
done:
	for (size_t i = 0; i < downs.len; i++)
		free(downs.items[i]);
	ut_vec_release(&downs);
	return error;
}

/* goose, dbmate and Liquibase: every *.sql, checked by its content. */
static int scan_single_files(file_vec *v, const mg_dir *dir, char **names,
                             size_t n)
{
	ut_buf text = UT_BUF_INIT;
	const char *expect = dir->format == MG_FORMAT_LIQUIBASE
	                             ? "<version>_<title>.sql"
	                             : "<number>_<title>.sql";
	int error = 0;

	for (size_t i = 0; i < n; i++) {
		const char *name = names[i];
		char *path, *version, *desc;
		chunk_vec cs = UT_VEC_INIT;
		bool whole, notx;

		if (dir->format == MG_FORMAT_GOOSE &&
		    ut_str_suffix(name, ".go") &&
		    isdigit((unsigned char)name[0])) {
			error = ut_error_set(
			        UT_ECHECKSUM,
			        "'%s' in '%s' is a goose Go migration: strata runs SQL files only",
			        name, dir->path);
			goto done;
		}
		if (!ut_str_suffix(name, ".sql"))
			continue;
		path = ut_path_join(dir->path, name);
		if (!is_file(path)) {
			free(path);
			continue;
		}
		if (looks_golang_migrate(name)) {
			free(path);
			error = mixed(dir, name, expect);
			goto done;
		}
		split_base(&version, &desc, name, strlen(name) - 4);
		if (!*version || (dir->format != MG_FORMAT_LIQUIBASE &&
		                  !mg_version_is_number(version))) {
			error = ut_error_set(
			        UT_ECHECKSUM,
			        "'%s' in '%s' is not a %s file name (%s)", name,
			        dir->path, mg_format_name(dir->format), expect);
			free(version);
			free(desc);
			free(path);
			goto done;
		}
		ut_buf_reset(&text);
		error = ut_file_read(&text, path);
		free(path);
		if (error == 0)
			error = file_chunks(&cs, &whole, &notx, dir, name,
			                    text.ptr, text.len);
		chunks_free(&cs);
		if (error < 0) {
			free(version);
			free(desc);
			goto done;
		}
		file_add(v, dir, name, version, desc);
	}
	sort_files(v, dir->format);
	error = check_unique(dir, v, NULL);
done:
	ut_buf_release(&text);
	return error;
}

/* ---- Flyway ------------------------------------------------------------- */

typedef struct fw_file {
	char kind;     /* 'V', 'B', 'U' or 'R' */
	char *rel;     /* relative path */
	char *version; /* dotted ('_' read as '.'), "" for R */
	char *desc;
} fw_file;

typedef UT_VEC(fw_file) fw_vec;

static void fw_free(fw_vec *v)
{
	for (size_t i = 0; i < v->len; i++) {
		free(v->items[i].rel);
		free(v->items[i].version);
		free(v->items[i].desc);
	}
	ut_vec_release(v);
}

/*
 * Parses a Flyway name: [VBU]<version>[__<desc>].sql with a version of
 * digits, '.' and '_', or R__<desc>.sql. false for other names.
 */
static bool fw_parse(fw_file *out, const char *base)
{
	size_t n = strlen(base), vn;
	const char *body, *sep;
	char kind = base[0];

	if (n < 4 + 1 || !ut_str_suffix(base, ".sql"))
		return false;
	if (kind != 'V' && kind != 'B' && kind != 'U' && kind != 'R')
		return false;
	n -= 4;
	body = base + 1;
	n -= 1;
	sep = NULL;
	for (size_t i = 0; i + 1 < n; i++)
		if (body[i] == '_' && body[i + 1] == '_') {
			sep = body + i;
			break;
		}
	vn = sep ? (size_t)(sep - body) : n;
	if (kind == 'R') {
		if (vn != 0 || !sep)
			return false;
	} else {
		if (vn == 0 || !isdigit((unsigned char)body[0]) ||
		    strspn(body, "0123456789._") < vn)
			return false;
	}
	out->kind = kind;
	out->version = ut_xstrndup(body, vn);
	for (char *p = out->version; *p; p++)
		if (*p == '_')
			*p = '.';
	out->desc = sep ? ut_xstrndup(sep + 2, n - vn - 2) : ut_xstrdup("");
	return true;
}

static int fw_walk(fw_vec *out, const mg_dir *dir, const char *rel)
{
	char *abs = rel ? ut_path_join(dir->path, rel) : ut_xstrdup(dir->path);
	char **names = NULL;
	size_t n = 0;
	int error;

	if ((error = ut_dir_list(&names, &n, abs)) < 0)
		goto done;
	for (size_t i = 0; i < n && error == 0; i++) {
		char *r = rel ? ut_xasprintf("%s/%s", rel, names[i])
		              : ut_xstrdup(names[i]);
		char *p = ut_path_join(dir->path, r);
		fw_file f = { 0 };

		if (names[i][0] == '.') {
			/* hidden folders (.git) and files */
		} else if (ut_path_is_dir(p)) {
			error = fw_walk(out, dir, r);
		} else if (!ut_str_suffix(names[i], ".sql") || !is_file(p)) {
			/* not a migration */
		} else if (fw_parse(&f, names[i])) {
			f.rel = r;
			r = NULL;
			ut_vec_push(out, f);
		} else if (looks_golang_migrate(names[i]) ||
		           isdigit((unsigned char)names[i][0])) {
			error = mixed(dir, r, "V<version>__<description>.sql");
		}
		/* other .sql files (callbacks like afterMigrate.sql) are not
		 * migrations */
		free(r);
		free(p);
	}
done:
	ut_strlist_free(names, n);
	free(abs);
	return error;
}

static int fw_cmp(const void *a, const void *b)
{
	const fw_file *x = a, *y = b;
	int c = dotted_cmp(x->version, y->version);
	if (c == 0)
		c = strcmp(x->desc, y->desc);
	return c ? c : strcmp(x->rel, y->rel);
}

/*
 * Flyway order (reference 1.3): the newest B baseline, the V files after
 * it in version order, then the R repeatables by description.
 */
static int scan_flyway(file_vec *v, const mg_dir *dir)
{
	fw_vec all = UT_VEC_INIT;
	const fw_file *baseline = NULL;
	const char *last = NULL;
	int error;

	if ((error = fw_walk(&all, dir, NULL)) < 0)
		goto done;
	if (all.len > 1)
		qsort(all.items, all.len, sizeof(fw_file), fw_cmp);
	/* one V (and one B, one U) per version */
	for (size_t i = 0; i < all.len; i++) {
		const fw_file *a = &all.items[i];
		if (a->kind == 'R')
			continue;
		for (size_t j = i + 1; j < all.len; j++) {
			const fw_file *b = &all.items[j];
			if (b->kind != a->kind)
				continue;
			if (dotted_cmp(a->version, b->version) != 0)
				break;
			error = ut_error_set(
			        UT_ECHECKSUM,
			        "version %s appears twice in '%s': '%s' and '%s'",
			        a->version, dir->path, a->rel, b->rel);
			goto done;
		}
	}
	for (size_t i = 0; i < all.len; i++) {
		const fw_file *u = &all.items[i];
		bool found = false;
		if (u->kind != 'U')
			continue;
		for (size_t j = 0; j < all.len && !found; j++)
			found = (all.items[j].kind == 'V' ||
			         all.items[j].kind == 'B') &&
			        dotted_cmp(all.items[j].version, u->version) ==
			                0;
		if (!found) {
			error = ut_error_set(
			        UT_ECHECKSUM,
			        "undo file '%s' in '%s' has no versioned migration V%s",
			        u->rel, dir->path, u->version);
			ut_error_hint("add the V file or remove the undo file");
			goto done;
		}
	}
	for (size_t i = 0; i < all.len; i++)
		if (all.items[i].kind == 'B')
			baseline = &all.items[i];
	for (size_t i = 0; i < all.len; i++) {
		const fw_file *f = &all.items[i];
		if (f->kind == 'B'
		            ? f != baseline
		            : f->kind != 'V' ||
		                      (baseline &&
		                       dotted_cmp(f->version,
		                                  baseline->version) <= 0))
			continue;
		file_add(v, dir, f->rel, ut_xstrdup(f->version),
		         ut_xstrdup(f->desc));
		last = f->version;
		for (size_t j = 0; j < all.len; j++)
			if (all.items[j].kind == 'U' &&
			    dotted_cmp(all.items[j].version, f->version) == 0)
				ut_vec_last(v).down =
				        ut_xstrdup(all.items[j].rel);
	}
	for (size_t i = 0; i < all.len; i++) {
		const fw_file *f = &all.items[i];
		if (f->kind != 'R')
			continue;
		/* Flyway keys a repeatable by its description */
		for (size_t j = 0; j < i; j++) {
			if (all.items[j].kind != 'R' ||
			    strcmp(all.items[j].desc, f->desc) != 0)
				continue;
			error = ut_error_set(
			        UT_ECHECKSUM,
			        "repeatable migration '%s' appears twice in '%s': '%s' and '%s'",
			        f->desc, dir->path, all.items[j].rel, f->rel);
			ut_error_hint(
			        "give each repeatable migration a description of its own");
			goto done;
		}
		file_add(v, dir, f->rel, ut_xasprintf("%sR", last ? last : "0"),
		         ut_xstrdup(f->desc));
		ut_vec_last(v).repeatable = true;
	}
done:
	fw_free(&all);
	return error;
}

int mg__formats_scan(mg_dir *dir)
{
	file_vec v = UT_VEC_INIT;
	char **names = NULL;
	size_t n = 0;
	int error = 0;

	if (dir->format == MG_FORMAT_FLYWAY) {
		error = scan_flyway(&v, dir);
	} else {
		if ((error = ut_dir_list(&names, &n, dir->path)) < 0)
			goto done;
		if (dir->format == MG_FORMAT_GOLANG_MIGRATE)
			error = scan_golang_migrate(&v, dir, names, n);
		else
			error = scan_single_files(&v, dir, names, n);
	}
	if (error < 0)
		goto done;
	dir->files = v.items ? v.items : ut_xcalloc(1, sizeof(mg_file));
	dir->nfiles = v.len;
	v.items = NULL;
	v.len = 0;
done:
	files_vec_free(&v);
	ut_strlist_free(names, n);
	return error;
}

/* ---- repeatables -------------------------------------------------------- */

char *mg_repeatable_version(const mg_file *f)
{
	return ut_xasprintf("%s%s", MG_REV_REPEATABLE_PREFIX, f->desc);
}

int mg_repeatable_hash(char **out, const mg_file *f)
{
	ut_buf text = UT_BUF_INIT;
	unsigned char d[UT_SHA256_LEN];
	char b64[UT_SHA256_B64_LEN + 1];
	ut_sha256 *h;
	int error;

	*out = NULL;
	if ((error = mg_file_read(f, &text)) < 0)
		goto done;
	h = ut_sha256_new();
	ut_sha256_update(h, text.ptr, text.len);
	ut_sha256_peek(h, d);
	ut_sha256_free(h);
	ut_sha256_b64(b64, d);
	*out = ut_xstrdup(b64);
done:
	ut_buf_release(&text);
	return error;
}

/* ---- writing ------------------------------------------------------------ */

void mg_new_files_release(mg_new_files *f)
{
	for (size_t i = 0; i < f->len; i++) {
		free(f->items[i].name);
		ut_buf_release(&f->items[i].data);
	}
	memset(f, 0, sizeof(*f));
}

void mg_format_file_names(char **up_out, char **down_out, mg_format fmt,
                          const char *version, const char *desc)
{
	bool d = desc && *desc;

	*down_out = NULL;
	switch (fmt) {
	case MG_FORMAT_GOLANG_MIGRATE:
		*up_out = ut_xasprintf("%s%s%s.up.sql", version, d ? "_" : "",
		                       d ? desc : "");
		*down_out = ut_xasprintf("%s%s%s.down.sql", version,
		                         d ? "_" : "", d ? desc : "");
		break;
	case MG_FORMAT_FLYWAY:
		*up_out = ut_xasprintf("V%s%s%s.sql", version, d ? "__" : "",
		                       d ? desc : "");
		*down_out = ut_xasprintf("U%s%s%s.sql", version, d ? "__" : "",
		                         d ? desc : "");
		break;
	default:
		*up_out = ut_xasprintf("%s%s%s.sql", version, d ? "_" : "",
		                       d ? desc : "");
		break;
	}
}

static void put_comment(ut_buf *b, const char *prefix, const char *comment,
                        bool upper)
{
	ut_buf_puts(b, prefix);
	ut_buf_putc(b, upper ? (char)toupper((unsigned char)comment[0])
	                     : comment[0]);
	ut_buf_puts(b, comment + 1);
	ut_buf_putc(b, '\n');
}

/* A delimiter as "-- atlas:delimiter" writes it (\n, \r, \t escaped). */
static void put_escaped(ut_buf *b, const char *d)
{
	for (; *d; d++) {
		if (*d == '\n')
			ut_buf_puts(b, "\\n");
		else if (*d == '\r')
			ut_buf_puts(b, "\\r");
		else if (*d == '\t')
			ut_buf_puts(b, "\\t");
		else
			ut_buf_putc(b, *d);
	}
}

/* "-- cannot reverse: <Comment or first line>" for a one-way statement. */
static void put_irreversible(ut_buf *b, const char *prefix, const dl_stmt *s)
{
	ut_buf_puts(b, prefix);
	ut_buf_puts(b, "cannot reverse: ");
	if (s->comment && *s->comment) {
		put_comment(b, "", s->comment, true);
		return;
	}
	ut_buf_put(b, s->sql, strcspn(s->sql, "\n"));
	ut_buf_putc(b, '\n');
}

/* goose needs a statement holding ';' between StatementBegin and End. */
static void put_goose_stmt(ut_buf *b, const char *sql)
{
	bool block = strchr(sql, ';') != NULL;

	if (block)
		ut_buf_puts(b, "-- +goose StatementBegin\n");
	ut_buf_puts(b, sql);
	ut_buf_puts(b, ";\n");
	if (block)
		ut_buf_puts(b, "-- +goose StatementEnd\n");
}

/* Down part: reverses in reverse order, one-way statements named. */
static void put_down(ut_buf *b, const dl_plan *plan, bool goose)
{
	const char *delim = plan->delimiter && !goose ? plan->delimiter : ";";

	for (size_t i = plan->stmts.len; i-- > 0;) {
		const dl_stmt *s = &plan->stmts.items[i];
		if (!s->reverse) {
			put_irreversible(b, "-- ", s);
			continue;
		}
		if (s->comment && *s->comment)
			put_comment(b, "-- reverse: ", s->comment, false);
		if (goose) {
			put_goose_stmt(b, s->reverse);
			continue;
		}
		ut_buf_puts(b, s->reverse);
		ut_buf_puts(b, delim);
		ut_buf_putc(b, '\n');
	}
}

static void put_up_plain(ut_buf *b, const dl_plan *plan, bool goose)
{
	for (size_t i = 0; i < plan->stmts.len; i++) {
		const dl_stmt *s = &plan->stmts.items[i];
		if (s->comment && *s->comment)
			put_comment(b, "-- ", s->comment, true);
		if (goose) {
			put_goose_stmt(b, s->sql);
		} else {
			ut_buf_puts(b, s->sql);
			ut_buf_puts(b, ";\n");
		}
	}
}

/* Each line of text prefixed (Liquibase rollback lines). */
static void put_prefixed(ut_buf *b, const char *prefix, const char *text,
                         const char *end)
{
	while (*text) {
		size_t n = strcspn(text, "\n");
		ut_buf_puts(b, prefix);
		ut_buf_put(b, text, n);
		text += n;
		if (!*text)
			ut_buf_puts(b, end);
		ut_buf_putc(b, '\n');
		if (*text)
			text++;
	}
}

static void put_liquibase(ut_buf *b, const char *version, const dl_plan *plan)
{
	ut_buf_puts(b, "--liquibase formatted sql\n");
	for (size_t i = 0; plan && i < plan->stmts.len; i++) {
		const dl_stmt *s = &plan->stmts.items[i];
		ut_buf_printf(b, "\n--changeset atlas:%s-%zu", version, i + 1);
		if (strchr(s->sql, ';'))
			ut_buf_puts(b, " splitStatements:false");
		if (s->outside_tx)
			ut_buf_puts(b, " runInTransaction:false");
		ut_buf_putc(b, '\n');
		if (s->comment && *s->comment)
			put_comment(b, "--comment: ", s->comment, true);
		ut_buf_puts(b, s->sql);
		ut_buf_puts(b, ";\n");
		if (s->reverse)
			put_prefixed(b, "--rollback ", s->reverse, ";");
		else
			put_irreversible(b, "-- ", s);
	}
}

void mg_format_new(mg_new_files *out, mg_format fmt, const char *version,
                   const char *name, const dl_plan *plan, const char *indent)
{
	char *up, *down;
	ut_buf *u, *d = NULL;

	memset(out, 0, sizeof(*out));
	mg_format_file_names(&up, &down, fmt, version, name);
	out->items[0].name = up;
	ut_buf_init(&out->items[0].data);
	u = &out->items[0].data;
	out->len = 1;
	if (down) {
		out->items[1].name = down;
		ut_buf_init(&out->items[1].data);
		d = &out->items[1].data;
		out->len = 2;
	}
	switch (fmt) {
	case MG_FORMAT_GOOSE:
		if (plan && !plan->transactional)
			ut_buf_puts(u, "-- +goose NO TRANSACTION\n");
		ut_buf_puts(u, "-- +goose Up\n");
		if (plan)
			put_up_plain(u, plan, true);
		ut_buf_puts(u, "\n-- +goose Down\n");
		if (plan)
			put_down(u, plan, true);
		break;
	case MG_FORMAT_DBMATE:
		ut_buf_puts(u, plan && !plan->transactional
		                       ? "-- migrate:up transaction:false\n"
		                       : "-- migrate:up\n");
		if (plan)
			put_up_plain(u, plan, false);
		ut_buf_puts(u, "\n-- migrate:down\n");
		if (plan)
			put_down(u, plan, false);
		break;
	case MG_FORMAT_LIQUIBASE:
		put_liquibase(u, version, plan);
		break;
	default:
		/* atlas, golang-migrate, Flyway: Atlas's file, then the down */
		if (!plan)
			break;
		mg_plan_format(u, plan, indent);
		if (d && plan->delimiter) {
			ut_buf_puts(d, "-- atlas:delimiter ");
			put_escaped(d, plan->delimiter);
			ut_buf_puts(d, "\n\n");
		}
		if (d)
			put_down(d, plan, false);
		break;
	}
}

int mg_dir_add_files(mg_dir *dir, const mg_new_files *files)
{
	size_t written = 0;
	int error = 0;

	for (size_t i = 0; i < files->len; i++) {
		char *path = mg_dir_path(dir, files->items[i].name);
		bool exists = ut_path_exists(path);
		if (exists)
			error = ut_error_set(
			        UT_EEXISTS,
			        "migration file '%s' already exists", path);
		free(path);
		if (exists)
			return error;
	}
	for (; written < files->len; written++) {
		const mg_new_file *f = &files->items[written];
		char *path = mg_dir_path(dir, f->name);
		error = ut_file_write_atomic(path, f->data.ptr, f->data.len);
		free(path);
		if (error < 0)
			goto undo;
	}
	if ((error = mg_dir_rescan(dir)) < 0 || (error = mg_sum_write(dir)) < 0)
		goto undo;
	return 0;
undo : {
	ut_error saved;
	ut_error_stash(&saved);
	for (size_t i = 0; i < written; i++) {
		char *path = mg_dir_path(dir, files->items[i].name);
		unlink(path);
		free(path);
	}
	mg_dir_rescan(dir);
	ut_error_restore(&saved);
}
	return error;
}

int mg_dir_add_plan(mg_dir *dir, const char *version, const char *name,
                    const dl_plan *plan, const char *indent)
{
	mg_new_files nf;
	int error;

	mg_format_new(&nf, dir->format, version, name, plan, indent);
	error = mg_dir_add_files(dir, &nf);
	mg_new_files_release(&nf);
	return error;
}

/* ---- rebase ------------------------------------------------------------- */

/* "0009" -> "0010", "99" -> "100". */
static char *number_next(const char *s)
{
	size_t n = strlen(s);
	char *v = ut_xmalloc(n + 2);
	size_t i = n;

	memcpy(v + 1, s, n + 1);
	v[0] = '0';
	while (i > 0) {
		if (v[i] != '9') {
			v[i]++;
			break;
		}
		v[i] = '0';
		i--;
	}
	if (i == 0)
		v[0] = '1';
	if (v[0] == '0')
		memmove(v, v + 1, n + 1);
	return v;
}

char *mg_version_after(const char *last)
{
	char now[15];
	struct tm tm = { 0 };
	time_t t;

	mg_version_now(now);
	if (!last || (mg_version_is_timestamp(last) && strcmp(now, last) > 0))
		return ut_xstrdup(now);
	if (mg_version_is_timestamp(last)) {
		if (sscanf(last, "%4d%2d%2d%2d%2d%2d", &tm.tm_year, &tm.tm_mon,
		           &tm.tm_mday, &tm.tm_hour, &tm.tm_min,
		           &tm.tm_sec) != 6)
			return ut_xstrdup(now);
		tm.tm_year -= 1900;
		tm.tm_mon -= 1;
		t = timegm(&tm) + 1;
		gmtime_r(&t, &tm);
		strftime(now, sizeof(now), "%Y%m%d%H%M%S", &tm);
		return ut_xstrdup(now);
	}
	if (mg_version_is_number(last))
		return number_next(last);
	return ut_xstrdup(now);
}

void mg_renames_free(mg_rename *r, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(r[i].from);
		free(r[i].to);
	}
	free(r);
}

/* The folder part of a relative name ("v3/" of "v3/V3__x.sql"), or "". */
static char *name_folder(const char *name)
{
	const char *slash = strrchr(name, '/');
	return ut_xstrndup(name, slash ? (size_t)(slash - name) + 1 : 0);
}

static char flyway_kind(const mg_file *f)
{
	const char *slash = strrchr(f->name, '/');
	return slash ? slash[1] : f->name[0];
}

/* Renames done so far, undone on failure (in reverse). */
static void undo_renames(const mg_dir *dir, const mg_rename *r, size_t n)
{
	for (size_t i = n; i-- > 0;) {
		char *a = mg_dir_path(dir, r[i].to),
		     *b = mg_dir_path(dir, r[i].from);
		rename(a, b);
		free(a);
		free(b);
	}
}

int mg_dir_rebase(mg_rename **out, size_t *nout, mg_dir *dir,
                  const char *const *versions, size_t nversions)
{
	bool *pick = ut_xcalloc(dir->nfiles ? dir->nfiles : 1, sizeof(bool));
	UT_VEC(mg_rename) all = UT_VEC_INIT; /* main and companion files */
	UT_VEC(mg_rename) mains = UT_VEC_INIT;
	const char *last = NULL;
	char *prev = NULL;
	size_t first_pick = dir->nfiles, last_other = 0, done = 0;
	bool any_other = false;
	int error = 0;

	*out = NULL;
	*nout = 0;
	for (size_t k = 0; k < nversions; k++) {
		const mg_file *f = mg_dir_find_version(dir, versions[k]);
		if (!f) {
			error = ut_error_set(
			        UT_ENOTFOUND,
			        "migration with version \"%s\" not found",
			        versions[k]);
			goto done;
		}
		if (dir->format == MG_FORMAT_FLYWAY && flyway_kind(f) != 'V') {
			error = ut_error_set(
			        UT_EUSAGE,
			        "'%s' is a Flyway %s: only versioned (V) files can be renumbered",
			        f->name,
			        flyway_kind(f) == 'R' ? "repeatable"
			                              : "baseline");
			goto done;
		}
		pick[f - dir->files] = true;
	}
	for (size_t i = 0; i < dir->nfiles; i++) {
		const mg_file *f = &dir->files[i];
		if (pick[i]) {
			if (i < first_pick)
				first_pick = i;
			continue;
		}
		any_other = true;
		last_other = i;
		if (dir->format == MG_FORMAT_FLYWAY && flyway_kind(f) == 'R')
			continue;
		if (!last || mg_version_cmp(dir->format, f->version, last) > 0)
			last = f->version;
	}
	/* nothing to move when the files already come after all others */
	if (any_other && first_pick > last_other)
		goto sum;
	if (!any_other)
		goto sum;
	prev = last ? ut_xstrdup(last) : NULL;
	for (size_t i = 0; i < dir->nfiles; i++) {
		const mg_file *f = &dir->files[i];
		char *v, *up, *down, *folder;
		mg_rename r;
		if (!pick[i])
			continue;
		v = mg_version_after(prev);
		if (prev && mg_version_cmp(dir->format, v, prev) <= 0) {
			error = ut_error_set(
			        UT_ERROR,
			        "cannot number a file after version '%s'",
			        prev);
			ut_error_hint(
			        "rename the files by hand, then run 'strata migrate hash'");
			free(v);
			goto done;
		}
		free(prev);
		prev = v;
		mg_format_file_names(&up, &down, dir->format, v, f->desc);
		folder = name_folder(f->name);
		r.from = ut_xstrdup(f->name);
		r.to = ut_xasprintf("%s%s", folder, up);
		ut_vec_push(&all, r);
		r.from = ut_xstrdup(f->name);
		r.to = ut_xasprintf("%s%s", folder, up);
		ut_vec_push(&mains, r);
		if (f->down && down) {
			char *df = name_folder(f->down);
			r.from = ut_xstrdup(f->down);
			r.to = ut_xasprintf("%s%s", df, down);
			ut_vec_push(&all, r);
			free(df);
		}
		free(folder);
		free(up);
		free(down);
	}
	for (size_t i = 0; i < all.len; i++) {
		char *p = mg_dir_path(dir, all.items[i].to);
		bool taken = ut_path_exists(p);
		free(p);
		if (taken) {
			error = ut_error_set(
			        UT_EEXISTS,
			        "cannot rename '%s' to '%s': the name is taken",
			        all.items[i].from, all.items[i].to);
			goto done;
		}
	}
	for (; done < all.len; done++) {
		char *a = mg_dir_path(dir, all.items[done].from);
		char *b = mg_dir_path(dir, all.items[done].to);
		int rc = rename(a, b);
		if (rc < 0)
			error = ut_error_errno("cannot rename '%s' to '%s'", a,
			                       b);
		free(a);
		free(b);
		if (rc < 0)
			goto undo;
	}
sum:
	if ((error = mg_dir_rescan(dir)) < 0 || (error = mg_sum_write(dir)) < 0)
		goto undo;
	*out = mains.items;
	*nout = mains.len;
	mains.items = NULL;
	mains.len = 0;
	goto done;
undo : {
	ut_error saved;
	ut_error_stash(&saved);
	undo_renames(dir, all.items, done);
	mg_dir_rescan(dir);
	ut_error_restore(&saved);
}
done:
	mg_renames_free(all.items, all.len);
	mg_renames_free(mains.items, mains.len);
	free(prev);
	free(pick);
	return error;
}
