/* SPDX-License-Identifier: MIT */
/* cmd/commands.h: the spec of every command, for the table in table.c. */
#ifndef STRATA_CMD_COMMANDS_H
#define STRATA_CMD_COMMANDS_H

#include "cmd.h"

extern const cmd_spec cmd_help_spec;
extern const cmd_spec cmd_version_spec;
extern const cmd_spec cmd_migrate_hash_spec;
extern const cmd_spec cmd_migrate_import_spec;
extern const cmd_spec cmd_migrate_checkpoint_spec;
extern const cmd_spec cmd_migrate_edit_spec;
extern const cmd_spec cmd_migrate_rebase_spec;
extern const cmd_spec cmd_migrate_rm_spec;
extern const cmd_spec cmd_migrate_new_spec;
extern const cmd_spec cmd_migrate_validate_spec;
extern const cmd_spec cmd_migrate_diff_spec;
extern const cmd_spec cmd_migrate_lint_spec;
extern const cmd_spec cmd_migrate_apply_spec;
extern const cmd_spec cmd_migrate_down_spec;
extern const cmd_spec cmd_migrate_status_spec;
extern const cmd_spec cmd_migrate_set_spec;
extern const cmd_spec cmd_schema_inspect_spec;
extern const cmd_spec cmd_schema_diff_spec;
extern const cmd_spec cmd_schema_fmt_spec;
extern const cmd_spec cmd_schema_apply_spec;
extern const cmd_spec cmd_schema_clean_spec;

#endif
