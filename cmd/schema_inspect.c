/* SPDX-License-Identifier: MIT */
/*
 * cmd/schema_inspect.c: `strata schema inspect -u URL` prints a database
 * or schema file as HCL (default), SQL, JSON, Mermaid, DOT, SVG or the
 * offline HTML ERD; -w/--web writes that ERD to a temporary file and
 * opens it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "common.h"
#include "driver.h"
#include "erd.h"
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
	  "hcl, sql, json, mermaid, dot, svg, html or an Atlas template", NULL,
	  false },
	{ "web", 'w', CMD_OPT_BOOL, NULL,
	  "write an offline HTML ERD to a temporary file, open it, print its path",
	  NULL, false },
	{ NULL },
};

static bool is_file_url(const char *u)
{
	return ut_str_prefix(u, "file://");
}

/* "strata ERD: <source>", the URL without its password (malloc'd). */
static char *erd_title(const char *url, const dl_conn *conn)
{
	if (!is_file_url(url) && conn && conn->url && conn->url->redacted)
		url = conn->url->redacted;
	return ut_xasprintf("strata ERD: %s", url);
}

static int run(cmd_ctx *ctx)
{
	const char *url = cmd_get(ctx, "url");
	dl_conn *conn = NULL;
	sm_realm *realm = NULL;
	dl_inspect_opts io;
	char **excl = NULL, *indent = NULL, *title = NULL;
	size_t nexcl = 0;
	ut_buf out = UT_BUF_INIT;
	cmd_format fmt;
	bool web = cmd_flag(ctx, "web");
	sm_erd_opts eo = { .table_sql = cmd_table_sql };
	int rc = 0;

	if (!url)
		return cmd_usage_error(ctx, "required flag \"url\" not set");
	if (cmd_format_parse(&fmt, &indent, cmd_get(ctx, "format"), CMD_FMT_HCL) < 0)
		return cmd_fail(ctx);
	if (web)
		fmt = CMD_FMT_HTML; /* -w draws the ERD whatever --format says */
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
	eo.payload = conn;
	eo.title = title = erd_title(url, conn);
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
	case CMD_FMT_DOT:
		sm_write_dot(&out, realm);
		break;
	case CMD_FMT_SVG:
		if (sm_write_svg(&out, realm) < 0)
			goto fail;
		break;
	case CMD_FMT_HTML:
		if (sm_write_html(&out, realm, &eo) < 0)
			goto fail;
		break;
	}
	if (web) {
		if (cmd_web_open(ctx, out.ptr, out.len) < 0)
			goto fail;
		goto done;
	}
	fputs(out.ptr, ctx->out);
	goto done;
fail:
	rc = cmd_fail(ctx);
done:
	ut_buf_release(&out);
	ut_strlist_free(excl, nexcl);
	free(indent);
	free(title);
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
		"and prints it as HCL (default), SQL, JSON, a Mermaid ER diagram, Graphviz\n"
		"DOT or SVG, or a self-contained offline HTML ERD (--format html). -w/--web\n"
		"writes that HTML to a temporary file, opens it in the browser and prints\n"
		"its path; nothing is uploaded.",
	.examples = "strata schema inspect -u sqlite://app.db\n"
		    "strata schema inspect -u sqlite://app.db --format sql\n"
		    "strata schema inspect -u sqlite://app.db --format '{{ json . }}' | jq .\n"
		    "strata schema inspect -u file://schema.sql --format mermaid\n"
		    "strata schema inspect -u sqlite://app.db -w",
	.opts = opts,
	.min_args = 0,
	.max_args = 0,
};
