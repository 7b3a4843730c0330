/* SPDX-License-Identifier: MIT */
/* lint/atlas_int.h: the check functions of each analyzer file. */
#ifndef STRATA_LINT_ATLAS_INT_H
#define STRATA_LINT_ATLAS_INT_H

#include "lint_int.h"

/* Whether the file's dialect is d. */
bool lt_is(const lt_file *f, const char *d);
/* The table a change is about (to, else from), or NULL. */
const sm_table *lt_chg_table(const sm_change *c);
/* Column by exact name, or NULL. */
const sm_column *lt_find_col(const sm_table *t, const char *name);
/* "a", "b" and "c" */
void lt_names(lt_file *f, ut_buf *b, const char *const *names, size_t n);

/* atlas.c */
void lt_check_destructive(lt_file *f);
void lt_check_data_depend(lt_file *f);
void lt_check_inline_refs(lt_file *f);
void lt_check_condrop(lt_file *f);
void lt_check_incompatible(lt_file *f);

/* pgrules.c */
void lt_check_concurrent_index(lt_file *f);
void lt_check_blocking(lt_file *f);
void lt_check_alignment(lt_file *f);
void lt_check_rewrite(lt_file *f);

/* mysql.c */
void lt_check_mysql_copy(lt_file *f);

/* naming.c */
void lt_check_naming(lt_file *f);

/* tx.c */
void lt_check_tx(lt_file *f);

/* own.c */
void lt_check_st_lock(lt_file *f);
void lt_check_st_compat(lt_file *f);
void lt_check_st_types(lt_file *f);
void lt_check_st_schema(lt_file *f);
void lt_check_st_sqlite(lt_file *f);
void lt_check_st_tx(lt_file *f);

#endif
