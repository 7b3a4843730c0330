/* SPDX-License-Identifier: MIT */
#include "atlas_int.h"
#include "ut.h"

void lt_check_tx(lt_file *f) { (void)f; }
