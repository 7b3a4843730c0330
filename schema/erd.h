/* SPDX-License-Identifier: MIT */
/*
 * schema/erd.h: entity-relationship drawings of a realm, behind
 * `schema inspect --format dot|svg|html`, `-w/--web` and the diff ERD of
 * `schema diff --format html` / `migrate diff --web`. The realm is only
 * read; every name is escaped for the format it lands in.
 *
 * A drawing shows the realm's tables as boxes listing their columns
 * (name, type, key markers) and one edge per foreign key, from the
 * referencing table to the referenced one.
 */
#ifndef STRATA_SCHEMA_ERD_H
#define STRATA_SCHEMA_ERD_H

typedef struct ut_buf ut_buf;
typedef struct sm_realm sm_realm;
typedef struct sm_table sm_table;
typedef struct sm_changes sm_changes;

/*
 * Graphviz DOT text of the realm, deterministic (tables in inspection
 * order): `digraph erd {` with one node per table whose label is an
 * HTML-like table (header row with the name, then one row per column:
 * name, type and the markers PK, FK, UK joined by ','), and one edge per
 * foreign key from the first referencing column's row ("t":c<i>:e) to the
 * first referenced column's row. A foreign key to a table missing from
 * the realm gets a dashed node of its own. Views and materialized views
 * follow the tables as boxes with a rounded green border, a header
 * "<i>view</i>&#160;<b>name</b>" (or "materialized view") and one row per
 * column (name, type), without edges. Node ids are the table names
 * ("schema.table" when the realm has several schemas) in DOT's quoted
 * form; labels are XML-escaped. An empty realm gives a graph with no
 * nodes. Ends with a newline.
 */
void sm_write_dot(ut_buf *out, const sm_realm *r);

/*
 * The same graph laid out by Graphviz's dot engine and rendered as SVG
 * (libgvc, gvRenderData), appended to out. Graphviz's own messages are
 * kept for the error. Errors: UT_ERROR when Graphviz fails.
 */
int sm_write_svg(ut_buf *out, const sm_realm *r);

/*
 * Appends the SQL that creates table t (for the viewer's side panel).
 * Returns 0 or a negative ut_code, which sm_write_html passes up.
 */
typedef int (*sm_erd_sql_fn)(ut_buf *out, const sm_table *t, void *payload);

typedef struct sm_erd_opts {
	const char *title;       /* document title; NULL = "strata ERD" */
	sm_erd_sql_fn table_sql; /* NULL = no per-table SQL */
	void *payload;           /* for table_sql */
	/*
	 * Diff ERD: the state before (the realm given to sm_write_html is
	 * the state after) and the changes between them (sm_diff(from, r)).
	 * Added, changed and dropped tables, columns and foreign keys are
	 * marked; dropped ones are taken from `from`. NULL = a plain ERD.
	 */
	const sm_realm *from;
	const sm_changes *changes;
	const char *plan_sql; /* the plan's SQL, shown beside; may be NULL */
} sm_erd_opts;

/*
 * One self-contained HTML document (no network access: CSS, script and
 * data inline) that draws the realm in the browser: pan and zoom, fuzzy
 * search over tables and columns, neighbour expansion from a focused
 * table, a path finder, collapsible columns, per-schema filters and a
 * side panel with the table's details and SQL. Views and materialized
 * views are drawn too, as boxes of their own style, found by the search
 * and shown in the side panel with their columns and definition. The data is one JSON
 * document in <script type="application/json" id="strata-data"> with
 * '<', '>' and '&' written as \u003c \u003e \u0026, so no text of the
 * realm can close the element; the script inserts names with textContent
 * only. opts may be NULL. Errors: whatever opts->table_sql returns (out
 * then holds a partial document).
 */
int sm_write_html(ut_buf *out, const sm_realm *r, const sm_erd_opts *opts);

#endif
