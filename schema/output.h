/* SPDX-License-Identifier: MIT */
/*
 * schema/output.h: realm writers behind `schema inspect --format` and
 * Atlas's template functions ({{ json . }}, the default HCL form and
 * {{ mermaid . }}). Each appends the whole document to out and cannot
 * fail (buffers use x-alloc). The realm is only read.
 *
 * Text in the realm is expected to be UTF-8; invalid bytes are written as
 * U+FFFD so that the output is always valid JSON/HCL.
 */
#ifndef STRATA_SCHEMA_OUTPUT_H
#define STRATA_SCHEMA_OUTPUT_H

typedef struct ut_buf ut_buf;
typedef struct sm_realm sm_realm;

/*
 * Atlas's `{{ json . }}` document on one line, compact and escaped as Go's
 * encoding/json does (<, >, & as \u003c \u003e \u0026, U+2028/U+2029
 * escaped, other non-ASCII text passed through), followed by no newline:
 *
 *   {"schemas":[{"name":"main","tables":[{"name":"t","columns":[...],
 *    "indexes":[...],"primary_key":{...},"foreign_keys":[...]}]}]}
 *
 * Empty fields are omitted, "null":true appears only for nullable
 * columns. After Atlas's keys of an object come strata's additions, each
 * only when non-empty: column "default", "on_update", "generated"
 * {expr,type}, "auto_increment", "identity" {generated,start,increment};
 * primary key "name" (when the database keeps one); index "where";
 * foreign key "on_update", "on_delete" (and "schema" inside "references"
 * for another schema); table "checks" [{name,expr}], "triggers"
 * [{name,def}]; schema "views" [{name,def,materialized}], "functions"
 * [{name,args,def,procedure}], "sequences" and "enums" [{name,values}].
 * A realm without schemas is {"schemas":[]}.
 */
void sm_write_json(ut_buf *out, const sm_realm *r);

/*
 * Atlas's HCL schema document: every table block in inspection order,
 * then views, materialized views, functions, procedures, sequences,
 * enums and triggers, then the schema blocks. Two-space indentation, `=`
 * aligned within runs of consecutive attributes and attributes of a block
 * before its nested blocks, so hclwrite.Format leaves it unchanged.
 *
 * Values: a type is bare when it is a word or a call with integer
 * arguments (integer, varchar(255), decimal(10, 2)), enum.name for an
 * enum of the column's schema, else sql("...");
 * a default is an HCL number for a plain decimal number, an HCL string
 * for one whole SQL string literal ('it''s' -> "it's"), else
 * sql("expr"); actions and identity kinds are identifiers (SET_NULL).
 * Views, functions and triggers carry their SQL in `as = <<-SQL` heredocs
 * (the view's query when known, else its definition), or in a quoted
 * string when a heredoc could not carry the text unchanged (a heredoc's
 * value ends with a newline, the text's own or an added one). Strings
 * escape ", \, control characters and the template introducers ${, %{
 * ($${, %%{).
 *
 * Names: block labels are quoted strings, so any name is fine there. An
 * unnamed foreign key is labelled with its columns joined by '_' (as the
 * Mermaid edge), an unnamed check has no label. References use the
 * traversal form (column.id) for identifiers ([A-Za-z_][A-Za-z0-9_]*,
 * not true/false/null) and HCL's index form otherwise: column["my col"],
 * table["my t"].column["x y"], schema["s-1"] (with ${ written \u0024{
 * so that the key stays a literal). A table name found in more than one
 * schema is qualified: table "s" "t" { and table.s.t.column.c.
 */
void sm_write_hcl(ut_buf *out, const sm_realm *r);

/*
 * Atlas's `{{ mermaid . }}` erDiagram: one entity per table (4-space
 * indent, columns at 6: type, name, then PK/FK/PK,FK), each followed by
 * the edges of its foreign keys. Ends with a newline; an empty realm
 * gives "erDiagram\n".
 */
void sm_write_mermaid(ut_buf *out, const sm_realm *r);

#endif
