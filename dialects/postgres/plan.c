/* SPDX-License-Identifier: MIT */
/* dialects/postgres/plan.c: placeholder, replaced by the planner. */
#include "pg_int.h"
#include "ut.h"

int dl_pg__plan(dl_plan **out, dl_conn *c, const sm_changes *changes,
		const dl_plan_opts *o)
{
	(void)c;
	(void)changes;
	(void)o;
	*out = NULL;
	return ut_error_set(UT_ERROR, "postgres: planning is not implemented yet");
}
