/* SPDX-License-Identifier: MIT */
/* lint/pgrules.c: PostgreSQL lock and rewrite analyzers (placeholder). */
#include "atlas_int.h"
#include "ut.h"

void lt_check_concurrent_index(lt_file *f) { (void)f; }
void lt_check_blocking(lt_file *f) { (void)f; }
void lt_check_alignment(lt_file *f) { (void)f; }
void lt_check_rewrite(lt_file *f) { (void)f; }
