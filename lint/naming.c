/* SPDX-License-Identifier: MIT */
/*
 * lint/naming.c: NM101-NM106, the naming policy of the project file's
 * lint { naming { match = "..." message = "..." table { ... } } } block,
 * checked on the objects each new file adds (or renames).
 */
#include <regex.h>
#include <string.h>

#include "atlas_int.h"
#include "ut.h"

typedef struct nm_kind {
	sm_kind kind;
	const char *code;
	const char *label;
} nm_kind;

static const nm_kind kinds[] = {
	{ SM_SCHEMA, "NM101", "Schema" },
	{ SM_TABLE, "NM102", "Table" },
	{ SM_COLUMN, "NM103", "Column" },
	{ SM_INDEX, "NM104", "Index" },
	{ SM_FOREIGN_KEY, "NM105", "Foreign-key constraint" },
	{ SM_CHECK, "NM106", "Check constraint" },
};

static const lt_naming_rule *rule_for(const lt_naming *n, sm_kind k)
{
	switch (k) {
	case SM_SCHEMA:
		return &n->schema;
	case SM_TABLE:
		return &n->table;
	case SM_COLUMN:
		return &n->column;
	case SM_INDEX:
		return &n->index;
	case SM_FOREIGN_KEY:
		return &n->fk;
	default:
		return &n->check;
	}
}

static void check_obj(lt_file *f, const lt_stmt *s, const sm_object *o)
{
	const lt_naming *n = &f->cfg->naming;
	const lt_naming_rule *r;
	const char *match, *msg;
	const nm_kind *k = NULL;
	regex_t re;

	for (size_t i = 0; i < UT_ARRAY_SIZE(kinds); i++)
		if (kinds[i].kind == o->kind)
			k = &kinds[i];
	if (!k || !o->name[0])
		return;
	if (o->kind == SM_INDEX && ((const sm_index *)o)->auto_named)
		return;
	r = rule_for(n, o->kind);
	match = r->match ? r->match : n->all.match;
	msg = r->message ? r->message : n->all.message;
	if (!match || regcomp(&re, match, REG_EXTENDED | REG_NOSUB) != 0)
		return;
	if (regexec(&re, o->name, 0, NULL, 0) != 0) {
		if (msg)
			lt_emit(f, s, k->code, NULL, "%s named %s violates the naming policy: %s",
				k->label, lt_q(f, o->name), msg);
		else
			lt_emit(f, s, k->code, NULL, "%s named %s violates the naming policy",
				k->label, lt_q(f, o->name));
	}
	regfree(&re);
}

static void check_added(lt_file *f, const lt_stmt *s, const sm_change *c)
{
	if (c->op == SM_OP_ADD || c->op == SM_OP_RENAME) {
		check_obj(f, s, c->to);
		if (c->kind == SM_TABLE && c->op == SM_OP_ADD) {
			const sm_table *t = (const sm_table *)c->to;
			for (size_t i = 0; i < t->columns.len; i++)
				check_obj(f, s, &t->columns.items[i]->obj);
			for (size_t i = 0; i < t->indexes.len; i++)
				check_obj(f, s, &t->indexes.items[i]->obj);
			for (size_t i = 0; i < t->fks.len; i++)
				check_obj(f, s, &t->fks.items[i]->obj);
			for (size_t i = 0; i < t->checks.len; i++)
				check_obj(f, s, &t->checks.items[i]->obj);
		}
	}
	for (size_t i = 0; i < c->subs.len; i++)
		check_added(f, s, c->subs.items[i]);
}

void lt_check_naming(lt_file *f)
{
	if (!f->cfg->naming.enabled)
		return;
	for (size_t i = 0; i < f->nstmts; i++)
		for (size_t j = 0; j < f->stmts[i].changes.len; j++)
			check_added(f, &f->stmts[i], f->stmts[i].changes.items[j]);
}
