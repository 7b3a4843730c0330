/* SPDX-License-Identifier: MIT */
/*
 * schema/exclude.c: the --exclude filter (reference 5.2), applied to a
 * realm after inspection so every dialect shares it. A pattern is a
 * dot-separated path of fnmatch globs, one per level (schema, object,
 * child), with an optional "[type=a|b]" suffix restricting the kinds of
 * object the last glob removes. Realm-scoped realms start at the schema
 * level ("s", "s.t", "*.*.c"); schema-scoped ones (realm->scope set) at
 * the object level ("t", "t.c", "*.c").
 */
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "schema.h"
#include "ut.h"

enum {
	X_SCHEMA = 1u << 0,
	X_TABLE = 1u << 1,
	X_VIEW = 1u << 2,
	X_FUNCTION = 1u << 3,
	X_SEQUENCE = 1u << 4,
	X_TYPE = 1u << 5,
	X_EVENT = 1u << 6,
	X_COLUMN = 1u << 7,
	X_INDEX = 1u << 8,
	X_FK = 1u << 9,
	X_CHECK = 1u << 10,
	X_TRIGGER = 1u << 11,
};

#define X_ALL 0xfffu

static const struct {
	const char *name;
	unsigned bit;
} type_names[] = {
	{ "schema", X_SCHEMA },
	{ "table", X_TABLE },
	{ "view", X_VIEW },
	{ "materialized", X_VIEW },
	{ "function", X_FUNCTION },
	{ "procedure", X_FUNCTION },
	{ "sequence", X_SEQUENCE },
	{ "type", X_TYPE },
	{ "enum", X_TYPE },
	{ "event", X_EVENT },
	{ "column", X_COLUMN },
	{ "index", X_INDEX },
	{ "fk", X_FK },
	{ "foreign_key", X_FK },
	{ "check", X_CHECK },
	{ "trigger", X_TRIGGER },
};

typedef struct pattern {
	char *buf; /* owns the parts */
	char *parts[3];
	size_t n;
	unsigned types; /* X_ALL when no selector */
} pattern;

static int bad_pattern(const char *glob, const char *why)
{
	ut_buf q = UT_BUF_INIT;
	int error;

	ut_buf_quote(&q, glob);
	error = ut_error_set(UT_EUSAGE, "%s in pattern: %s", why, q.ptr);
	ut_buf_release(&q);
	return error;
}

/* Parses "[type=a|b]" at the end of buf (cut off), into p->types. */
static int parse_types(pattern *p, const char *glob)
{
	size_t len = strlen(p->buf);
	char *sel, *tok, *end;

	p->types = X_ALL;
	if (!len || p->buf[len - 1] != ']')
		return 0;
	sel = NULL;
	for (char *s = strstr(p->buf, "[type="); s; s = strstr(s + 1, "[type="))
		sel = s;
	if (!sel)
		return 0;
	p->buf[len - 1] = '\0';
	*sel = '\0';
	p->types = 0;
	for (tok = sel + 6; tok; tok = end) {
		bool known = false;

		end = strchr(tok, '|');
		if (end)
			*end++ = '\0';
		while (*tok == ' ')
			tok++;
		for (size_t n = strlen(tok); n && tok[n - 1] == ' '; n--)
			tok[n - 1] = '\0';
		for (size_t i = 0; i < UT_ARRAY_SIZE(type_names); i++)
			if (ut_str_ieq(tok, type_names[i].name)) {
				p->types |= type_names[i].bit;
				known = true;
			}
		if (!known)
			return bad_pattern(glob, "unknown type selector");
	}
	return 0;
}

static int parse_pattern(pattern *p, const char *glob, size_t levels)
{
	char *s;
	int error;

	memset(p, 0, sizeof(*p));
	p->buf = ut_xstrdup(glob);
	if ((error = parse_types(p, glob)) < 0)
		return error;
	s = p->buf;
	for (;;) {
		char *dot = strchr(s, '.');
		if (p->n == levels)
			return bad_pattern(glob, "too many parts");
		p->parts[p->n++] = s;
		if (!dot)
			break;
		*dot = '\0';
		s = dot + 1;
	}
	return 0;
}

static bool match(const char *glob, const char *name)
{
	return fnmatch(glob, name ? name : "", 0) == 0;
}

/*
 * Removes the items of an object-pointer vector whose name matches glob,
 * when the kind bit is selected. Works on any UT_VEC(T *) where T starts
 * with sm_object.
 */
#define EXCLUDE(vec, glob, types, bit)                                    \
	do {                                                              \
		size_t k_ = 0;                                            \
		for (size_t i_ = 0; i_ < (vec)->len; i_++)                \
			if (!(((types) & (bit)) &&                        \
			      match((glob), (vec)->items[i_]->obj.name))) \
				(vec)->items[k_++] = (vec)->items[i_];    \
		(vec)->len = k_;                                          \
	} while (0)

static void renumber(sm_column **cols, size_t n)
{
	for (size_t i = 0; i < n; i++)
		cols[i]->position = (int)i;
}

static void exclude_children(sm_schema *s, const char *tglob, const char *glob,
                             unsigned types)
{
	for (size_t i = 0; i < s->tables.len; i++) {
		sm_table *t = s->tables.items[i];
		if (!match(tglob, t->obj.name))
			continue;
		EXCLUDE(&t->columns, glob, types, X_COLUMN);
		EXCLUDE(&t->indexes, glob, types, X_INDEX);
		EXCLUDE(&t->fks, glob, types, X_FK);
		EXCLUDE(&t->checks, glob, types, X_CHECK);
		EXCLUDE(&t->triggers, glob, types, X_TRIGGER);
		renumber(t->columns.items, t->columns.len);
	}
	for (size_t i = 0; i < s->views.len; i++) {
		sm_view *v = s->views.items[i];
		if (!match(tglob, v->obj.name))
			continue;
		EXCLUDE(&v->columns, glob, types, X_COLUMN);
		EXCLUDE(&v->indexes, glob, types, X_INDEX);
		EXCLUDE(&v->triggers, glob, types, X_TRIGGER);
		renumber(v->columns.items, v->columns.len);
	}
}

static void exclude_objects(sm_schema *s, const char *glob, unsigned types)
{
	EXCLUDE(&s->tables, glob, types, X_TABLE);
	EXCLUDE(&s->views, glob, types, X_VIEW);
	EXCLUDE(&s->functions, glob, types, X_FUNCTION);
	EXCLUDE(&s->sequences, glob, types, X_SEQUENCE);
	EXCLUDE(&s->types, glob, types, X_TYPE);
	EXCLUDE(&s->events, glob, types, X_EVENT);
}

int sm_realm_exclude(sm_realm *r, const char *const *globs, size_t n)
{
	bool scoped = r->scope != NULL;
	int error = 0;

	/*
	 * The lookup maps are caches built on demand; drop them first so no
	 * object removed below keeps one (sm_realm_free only sees the ones
	 * still listed).
	 */
	for (size_t i = 0; i < r->schemas.len; i++) {
		sm_schema *s = r->schemas.items[i];
		ut_map_release(&s->tabmap);
		for (size_t j = 0; j < s->tables.len; j++)
			ut_map_release(&s->tables.items[j]->colmap);
	}
	for (size_t g = 0; g < n && !error; g++) {
		pattern p;

		if (!globs[g] || !*globs[g])
			continue;
		if ((error = parse_pattern(&p, globs[g], scoped ? 2 : 3)) < 0) {
			free(p.buf);
			break;
		}
		if (!scoped && p.n == 1) {
			EXCLUDE(&r->schemas, p.parts[0], p.types, X_SCHEMA);
		} else {
			for (size_t i = 0; i < r->schemas.len; i++) {
				sm_schema *s = r->schemas.items[i];
				char **rest = p.parts + (scoped ? 0 : 1);
				size_t nrest = p.n - (scoped ? 0 : 1);

				if (!scoped && !match(p.parts[0], s->obj.name))
					continue;
				if (nrest == 1)
					exclude_objects(s, rest[0], p.types);
				else
					exclude_children(s, rest[0], rest[1],
					                 p.types);
			}
		}
		free(p.buf);
	}
	return error;
}
