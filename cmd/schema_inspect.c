/* SPDX-License-Identifier: MIT */
/*
 * cmd/schema_inspect.c: `strata schema inspect -u URL` prints a database
 * or schema file as HCL (default), SQL, JSON or Mermaid.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "common.h"
#include "driver.h"
#include "output.h"
#include "plan.h"
#include "ut.h"

static const cmd_opt opts[] = {
	{ "url", 'u', CMD_OPT_STRING, "URL",
	  "what to inspect: a database URL or file://schema.sql", NULL, false },
	{ "dev-url", 0, CMD_OPT_STRING, "URL",
	  "dev database for file sources", CMD_DEFAULT_DEV_URL, false },
	{ "schema", 's', CMD_OPT_LIST, "NAME", "restrict to these schemas", NULL,
	  false },
	{ "exclude", 0, CMD_OPT_LIST, "GLOB", "leave out matching objects", NULL,
	  false },
	{ "format", 0, CMD_OPT_STRING, "FORMAT",
	  "hcl, sql, json, mermaid or an Atlas template", NULL, false },
	{ NULL },
};

static bool is_file_url(const char *u)
{
	return ut_str_prefix(u, "file://");
}

static int run(cmd_ctx *ctx)
{
	const char *url = cmd_get(ctx, "url");
	dl_conn *conn = NULL;
	sm_realm *realm = NULL;
	dl_inspect_opts io;
	char **excl = NULL, *indent = NULL;
	size_t nexcl = 0;
	ut_buf out = UT_BUF_INIT;
	cmd_format fmt;
	int rc = 0;

	if (!url)
		return cmd_usage_error(ctx, "required flag \"url\" not set");
	if (cmd_format_parse(&fmt, &indent, cmd_get(ctx, "format"), CMD_FMT_HCL) < 0)
		return cmd_fail(ctx);
	cmd_inspect_opts(ctx, &io, &excl, &nexcl);
	if (is_file_url(url)) {
		const char *u[1] = { url };
		if (mg_dev_open(&conn, cmd_get(ctx, "dev-url")) < 0 ||
		    mg_state_load(&realm, u, 1, conn, &io) < 0)
			goto fail;
	} else {
		if (dl_open(&conn, url) < 0 || dl_inspect(&realm, conn, &io) < 0)
			goto fail;
	}
	switch (fmt) {
	case CMD_FMT_HCL:
		sm_write_hcl(&out, realm);
		break;
	case CMD_FMT_JSON:
		sm_write_json(&out, realm);
		ut_buf_putc(&out, '\n');
		break;
	case CMD_FMT_MERMAID:
		sm_write_mermaid(&out, realm);
		break;
	case CMD_FMT_SQL:
		if (cmd_realm_sql(&out, conn, realm, indent) < 0)
			goto fail;
		break;
	}
	fputs(out.ptr, ctx->out);
	goto done;
fail:
	rc = cmd_fail(ctx);
done:
	ut_buf_release(&out);
	ut_strlist_free(excl, nexcl);
	free(indent);
	sm_realm_free(realm);
	dl_close(conn);
	return rc;
}

const cmd_spec cmd_schema_inspect_spec = {
	.name = "inspect",
	.fn = run,
	.flags = CMD_NEEDS_URL,
	.summary = "print the schema of a database or schema file",
	.usage = "strata schema inspect -u URL [flags]",
	.help = "Inspects a database (or loads a SQL schema file into the dev database)\n"
		"and prints it as HCL (default), SQL, JSON or a Mermaid ER diagram.",
	.examples = "strata schema inspect -u sqlite://app.db\n"
		    "strata schema inspect -u sqlite://app.db --format sql\n"
		    "strata schema inspect -u sqlite://app.db --format '{{ json . }}' | jq .\n"
		    "strata schema inspect -u file://schema.sql --format mermaid",
	.opts = opts,
	.min_args = 0,
	.max_args = 0,
};
