/* SPDX-License-Identifier: MIT */
/*
 * lint/tx.c: TX101 (a statement that cannot run inside a transaction, in
 * a file that runs in one) and TX201 (explicit transaction control in a
 * file that Atlas already wraps in a transaction).
 */
#include <string.h>

#include "atlas_int.h"
#include "ut.h"

/* What cannot run in a transaction block, or NULL. */
static const char *non_tx(const lt_file *f, const lt_stmt *s)
{
	const lt_toks *t = &s->toks;
	json_t *b;
	const char *ty = lt_pg_type(s->pg, &b);

	if (lt_is(f, "postgres") && ty) {
		if (strcmp(ty, "IndexStmt") == 0 && lt_pg_bool(b, "concurrent"))
			return "CREATE INDEX CONCURRENTLY";
		if (strcmp(ty, "DropStmt") == 0 && lt_pg_bool(b, "concurrent"))
			return "DROP INDEX CONCURRENTLY";
		if (strcmp(ty, "ReindexStmt") == 0) {
			size_t i;
			json_t *p;
			json_array_foreach(lt_pg_get(b, "params"), i, p)
				if (strcmp(lt_pg_str(lt_pg_get(p, "DefElem"), "defname"),
					   "concurrently") == 0)
					return "REINDEX CONCURRENTLY";
			return NULL;
		}
		if (strcmp(ty, "VacuumStmt") == 0)
			return lt_pg_bool(b, "is_vacuumcmd") ? "VACUUM" : NULL;
		if (strcmp(ty, "CreatedbStmt") == 0)
			return "CREATE DATABASE";
		if (strcmp(ty, "DropdbStmt") == 0)
			return "DROP DATABASE";
		if (strcmp(ty, "AlterSystemStmt") == 0)
			return "ALTER SYSTEM";
		if (strcmp(ty, "CreateTableSpaceStmt") == 0)
			return "CREATE TABLESPACE";
		return NULL;
	}
	if (lt_is(f, "sqlite")) {
		if (lt_tok_is(t, 0, "VACUUM"))
			return "VACUUM";
		if (lt_tok_is(t, 0, "ATTACH"))
			return "ATTACH";
		if (lt_tok_is(t, 0, "DETACH"))
			return "DETACH";
	}
	return NULL;
}

static const char *tx_control(const lt_stmt *s)
{
	const lt_toks *t = &s->toks;

	if (lt_tok_is(t, 0, "BEGIN"))
		return "BEGIN";
	if (lt_tok_is(t, 0, "START") && lt_tok_is(t, 1, "TRANSACTION"))
		return "START TRANSACTION";
	if (lt_tok_is(t, 0, "COMMIT"))
		return "COMMIT";
	if (lt_tok_is(t, 0, "ROLLBACK") && !lt_tok_is(t, 1, "TO"))
		return "ROLLBACK";
	if (lt_tok_is(t, 0, "END") && t->len <= 3)
		return "END";
	return NULL;
}

void lt_check_tx(lt_file *f)
{
	if (f->txmode_none)
		return;
	for (size_t i = 0; i < f->nstmts; i++) {
		const lt_stmt *s = &f->stmts[i];
		const char *w;
		if ((w = non_tx(f, s))) {
			lt_diag *d = lt_emit(f, s, "TX101", NULL,
					     "Statement %s cannot run inside a transaction, and this file runs in one",
					     lt_q(f, w));
			lt_diag_fix(f, d, "Add the \"atlas:txmode none\" directive to the file header");
		} else if ((w = tx_control(s))) {
			lt_diag *d = lt_emit(f, s, "TX201", NULL,
					     "Explicit transaction control %s in a file that runs in a transaction",
					     lt_q(f, w));
			lt_diag_fix(f, d, "Remove the statement, or add the \"atlas:txmode none\" directive to the file header");
		}
	}
}
