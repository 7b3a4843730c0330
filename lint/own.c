/* SPDX-License-Identifier: MIT */
#include "atlas_int.h"
#include "ut.h"

void lt_check_st_lock(lt_file *f) { (void)f; }
void lt_check_st_compat(lt_file *f) { (void)f; }
void lt_check_st_types(lt_file *f) { (void)f; }
void lt_check_st_schema(lt_file *f) { (void)f; }
void lt_check_st_sqlite(lt_file *f) { (void)f; }
void lt_check_st_tx(lt_file *f) { (void)f; }
