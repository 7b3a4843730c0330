/* SPDX-License-Identifier: MIT */
/*
 * cmd/table.c: the command table. Each command's spec lives in its own
 * file (cmd/<group>_<name>.c); groups are listed here.
 */
#include "cmd.h"
#include "commands.h"

static const cmd_spec *const migrate_cmds[] = {
	&cmd_migrate_apply_spec,
	&cmd_migrate_checkpoint_spec,
	&cmd_migrate_diff_spec,
	&cmd_migrate_down_spec,
	&cmd_migrate_edit_spec,
	&cmd_migrate_hash_spec,
	&cmd_migrate_import_spec,
	&cmd_migrate_lint_spec,
	&cmd_migrate_new_spec,
	&cmd_migrate_rebase_spec,
	&cmd_migrate_rm_spec,
	&cmd_migrate_set_spec,
	&cmd_migrate_status_spec,
	&cmd_migrate_validate_spec,
	NULL,
};

static const cmd_spec migrate_group = {
	.name = "migrate",
	.subs = migrate_cmds,
	.summary = "manage versioned migration directories",
};

static const cmd_spec *const schema_cmds[] = {
	&cmd_schema_apply_spec,
	&cmd_schema_clean_spec,
	&cmd_schema_diff_spec,
	&cmd_schema_fmt_spec,
	&cmd_schema_inspect_spec,
	NULL,
};

static const cmd_spec schema_group = {
	.name = "schema",
	.subs = schema_cmds,
	.summary = "inspect, diff and apply declarative schemas",
};

const cmd_spec *const cmd_root[] = {
	&cmd_help_spec,
	&migrate_group,
	&schema_group,
	&cmd_version_spec,
	NULL,
};
