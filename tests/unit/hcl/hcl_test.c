/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/hcl/hcl_test.c: the HCL lexer, parser, evaluator and
 * formatter (hcl/hcl.h): structure, values, functions, positioned errors,
 * reference cycles and canonical formatting.
 */
#include "test.h"

#include "hcl.h"
#include "ut.h"

static hcl_file *parse_ok(const char *src)
{
	hcl_file *f = NULL;
	int error = hcl_parse(&f, "t.hcl", src, strlen(src));
	if (error < 0)
		fail_msg("parse failed: %s", ut_error_last()->msg);
	return f;
}

/* Evaluates attribute name of the top-level body. */
static hcl_value *eval_attr(hcl_eval *ev, hcl_file *f, const char *name)
{
	const hcl_attr *a = hcl_body_attr(f->body, name);
	hcl_value *v = NULL;
	assert_non_null(a);
	if (hcl_eval_expr(&v, ev, NULL, a->expr) < 0)
		fail_msg("eval failed: %s", ut_error_last()->msg);
	return v;
}

static const char *eval_text(hcl_eval *ev, hcl_file *f, const char *name)
{
	hcl_value *v = eval_attr(ev, f, name);
	const char *s = hcl_value_text(ev, v);
	assert_non_null(s);
	return s;
}

static void test_hcl_parse__blocks_and_labels(void **state)
{
	hcl_file *f = parse_ok("# comment\n"
			       "table \"users\" {\n"
			       "  schema = schema.main // trailing\n"
			       "  column \"id\" {\n"
			       "    type = int\n"
			       "  }\n"
			       "  /* block\n comment */\n"
			       "}\n"
			       "env local { }\n"
			       "data \"sql\" \"t\" {}\n");
	(void)state;
	assert_int_equal(f->body->n, 3);
	hcl_block *b = f->body->items[0].block;
	assert_non_null(b);
	assert_string_equal(b->type, "table");
	assert_int_equal(b->nlabels, 1);
	assert_string_equal(b->labels[0], "users");
	assert_int_equal(b->body->n, 2);
	assert_non_null(b->body->items[0].attr);
	assert_string_equal(b->body->items[1].block->labels[0], "id");
	assert_string_equal(f->body->items[1].block->labels[0], "local");
	assert_int_equal(f->body->items[2].block->nlabels, 2);
	hcl_file_free(f);
}

static void test_hcl_eval__values(void **state)
{
	hcl_file *f = parse_ok(
		"n = 1 + 2 * 3\n"
		"s = \"a${n}b\\t\\\"q\\\" $${x} %%{y}\"\n"
		"c = n > 5 ? \"big\" : \"small\"\n"
		"l = [1, \"two\",\n  true]\n"
		"o = { a = 1, \"b c\" = [2]\n d: 3 }\n"
		"i = o[\"b c\"][0] + o.d\n"
		"neg = -n\n"
		"b = !(1 == 2) && true || false\n"
		"fl = [for x in [1, 2, 3] : x * 10 if x != 2]\n"
		"fo = {for k, v in {a = 1} : upper(k) => v}\n"
		"u = \"\\u00e9\"\n");
	hcl_eval *ev = hcl_eval_new(false);
	hcl_value *v;
	(void)state;
	assert_string_equal(eval_text(ev, f, "n"), "7");
	hcl_scope_set(hcl_eval_root(ev), "n", eval_attr(ev, f, "n"));
	hcl_scope_set(hcl_eval_root(ev), "o", eval_attr(ev, f, "o"));
	assert_string_equal(eval_text(ev, f, "s"), "a7b\t\"q\" ${x} %{y}");
	assert_string_equal(eval_text(ev, f, "c"), "big");
	v = eval_attr(ev, f, "l");
	assert_int_equal(v->kind, HCL_V_LIST);
	assert_int_equal(v->n, 3);
	assert_true(v->items[2]->b);
	assert_string_equal(eval_text(ev, f, "i"), "5");
	assert_string_equal(eval_text(ev, f, "neg"), "-7");
	assert_string_equal(eval_text(ev, f, "b"), "true");
	v = eval_attr(ev, f, "fl");
	assert_int_equal(v->n, 2);
	assert_string_equal(hcl_value_text(ev, v->items[1]), "30");
	v = eval_attr(ev, f, "fo");
	assert_string_equal(v->keys[0], "A");
	assert_string_equal(eval_text(ev, f, "u"), "\xc3\xa9");
	hcl_eval_free(ev);
	hcl_file_free(f);
}

static void test_hcl_eval__heredoc(void **state)
{
	hcl_file *f = parse_ok("a = <<EOT\n  x ${1 + 1}\n  y\nEOT\n"
			       "b = <<-SQL\n    SELECT 1\n      FROM t\n    SQL\n");
	hcl_eval *ev = hcl_eval_new(false);
	(void)state;
	assert_string_equal(eval_text(ev, f, "a"), "  x 2\n  y\n");
	assert_string_equal(eval_text(ev, f, "b"), "SELECT 1\n  FROM t\n");
	hcl_eval_free(ev);
	hcl_file_free(f);
}

/* %{ if } / %{ for } directives and ~ strip markers, quoted and heredoc */
static void test_hcl_eval__template_directives(void **state)
{
	hcl_file *f = parse_ok(
		"n = 2\n"
		"a = \"x%{ if n > 1 }big%{ else }small%{ endif }y\"\n"
		"b = \"%{ if false }no%{ endif }\"\n"
		"c = \"%{ for i, v in [\"p\", \"q\"] }${i}=${v},%{ endfor }\"\n"
		"d = \"[ %{~ for v in [1, 2] ~} ${v} %{~ endfor ~} ]\"\n"
		"e = \"a ${~ n ~} b\"\n"
		"f = <<EOT\n"
		"%{ for k, v in { x = 1, y = 2 } ~}\n"
		"${k}: ${v}\n"
		"%{ endfor ~}\n"
		"end\n"
		"EOT\n"
		"g = <<-EOT\n"
		"    %{~ if n == 2 ~}\n"
		"      two\n"
		"    %{~ else ~}\n"
		"      other\n"
		"    %{~ endif ~}\n"
		"    !\n"
		"    EOT\n"
		"h = \"%{ if \"true\" }t%{ endif }%{ for x in [] }never%{ endfor }\"\n"
		"i = \"%%{ if } $${x}\"\n"
		"j = \"%{ if n == 2 }%{ if n > 5 }a%{ else }b%{ endif }%{ endif }\"\n");
	hcl_eval *ev = hcl_eval_new(false);
	hcl_value *n = hcl_val_number(ev, 2);
	(void)state;
	/* a, b, ... read n as a variable */
	hcl_scope_set(hcl_eval_root(ev), "n", n);
	assert_string_equal(eval_text(ev, f, "a"), "xbigy");
	assert_string_equal(eval_text(ev, f, "b"), "");
	assert_string_equal(eval_text(ev, f, "c"), "0=p,1=q,");
	assert_string_equal(eval_text(ev, f, "d"), "[12]");
	assert_string_equal(eval_text(ev, f, "e"), "a2b");
	assert_string_equal(eval_text(ev, f, "f"), "x: 1\ny: 2\nend\n");
	assert_string_equal(eval_text(ev, f, "g"), "two!\n");
	assert_string_equal(eval_text(ev, f, "h"), "t");
	assert_string_equal(eval_text(ev, f, "i"), "%{ if } ${x}");
	assert_string_equal(eval_text(ev, f, "j"), "b");
	hcl_eval_free(ev);
	hcl_file_free(f);
}

/* Unterminated and misplaced directives: file:line:col and a caret. */
static void test_hcl_error__template_directives(void **state)
{
	static const struct {
		const char *src, *want;
	} cases[] = {
		{ "x = \"a %{ if true }b\"\n",
		  "d.hcl:1:8: unterminated template directive: %{ if } has no %{ endif }\n"
		  "  x = \"a %{ if true }b\"\n"
		  "         ^" },
		{ "x = <<EOT\n%{ for v in [1] }\n${v}\nEOT\n",
		  "d.hcl:2:1: unterminated template directive: %{ for } has no %{ endfor }\n"
		  "  %{ for v in [1] }\n"
		  "  ^" },
		{ "x = \"%{ if true }a%{ endfor }\"\n",
		  "d.hcl:1:19: unexpected %{ endfor } in the %{ if } directive opened on line 1" },
		{ "x = \"a%{ endif }\"\n",
		  "d.hcl:1:7: unexpected %{ endif } outside of a directive" },
		{ "x = \"%{ while true }\"\n",
		  "d.hcl:1:9: unexpected 'while', expected a template directive" },
		{ "x = <<EOT\n  %{ if true\nEOT\n",
		  "d.hcl:2:3: unterminated template directive: no '}' closes it" },
		{ "x = <<EOT\n${ 1 + \nEOT\n", "d.hcl:3:1: unexpected end of file" },
		{ "x = \"%{ if true }a%{ else }b%{ else }c%{ endif }\"\n",
		  "d.hcl:1:29: unexpected %{ else } in the %{ if } directive" },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		hcl_file *f = NULL;
		int error = hcl_parse(&f, "d.hcl", cases[i].src,
				      strlen(cases[i].src));
		assert_int_equal(error, UT_EPARSE);
		assert_null(f);
		if (!strstr(ut_error_last()->msg, cases[i].want))
			fail_msg("case %zu: got\n%s\nwant\n%s", i,
				 ut_error_last()->msg, cases[i].want);
	}
}

/* hcl_value_literal text parses and evaluates back to the same value */
static void test_hcl_eval__literal_round_trip(void **state)
{
	hcl_file *f = parse_ok(
		"v = {\n"
		"  s = \"q\\\"b\\\\ $${x} %%{y} $$ 100%\\n\\t\\u0001\"\n"
		"  l = [1, 2.5, -3, true, null, [\"a\"]]\n"
		"  \"odd key\" = { n = 9223372036854775807 }\n"
		"  r = sql(\"now()\")\n"
		"}\n");
	hcl_eval *ev = hcl_eval_new(false);
	hcl_value *v = eval_attr(ev, f, "v"), *back;
	ut_buf text = UT_BUF_INIT, json1 = UT_BUF_INIT, json2 = UT_BUF_INIT;
	hcl_file *g;
	(void)state;
	ut_buf_puts(&text, "v = ");
	hcl_value_literal(&text, v);
	ut_buf_putc(&text, '\n');
	assert_non_null(strstr(text.ptr, "\"q\\\"b\\\\ $${x} %%{y} $$ 100%\\n\\t\\u0001\""));
	assert_non_null(strstr(text.ptr, "9223372036854775807"));
	g = parse_ok(text.ptr);
	back = eval_attr(ev, g, "v");
	hcl_value_json(&json1, v);
	hcl_value_json(&json2, back);
	assert_string_equal(json1.ptr, json2.ptr);
	assert_int_equal(hcl_value_get(ev, back, "r")->kind, HCL_V_RAW);
	ut_buf_release(&text);
	ut_buf_release(&json1);
	ut_buf_release(&json2);
	hcl_eval_free(ev);
	hcl_file_free(g);
	hcl_file_free(f);
}

static void test_hcl_eval__functions(void **state)
{
	hcl_file *f = parse_ok(
		"a = format(\"%s-%d-%q\", \"x\", 3, \"y\")\n"
		"b = join(\",\", concat([\"a\"], [\"b\", \"c\"]))\n"
		"c = upper(lower(\"MiX\"))\n"
		"d = replace(\"a.b.c\", \".\", \"/\")\n"
		"e = length(toset(split(\",\", \"x,y,x\")))\n"
		"f = urlsetpath(\"mysql://u:p@h:3306/db?x=1\", \"tenant\")\n"
		"g = urlqueryset(\"postgres://h/db?sslmode=disable\", \"search_path\", \"t 1\")\n"
		"h = urlescape(\"a b&c\")\n"
		"i = jsonencode({b = [1, \"x\"], a = true})\n"
		"j = sql(\"now()\")\n"
		"k = getenv(\"STRATA_HCL_TEST_UNSET_VAR\")\n");
	hcl_eval *ev = hcl_eval_new(false);
	(void)state;
	assert_string_equal(eval_text(ev, f, "a"), "x-3-\"y\"");
	assert_string_equal(eval_text(ev, f, "b"), "a,b,c");
	assert_string_equal(eval_text(ev, f, "c"), "MIX");
	assert_string_equal(eval_text(ev, f, "d"), "a/b/c");
	assert_string_equal(eval_text(ev, f, "e"), "2");
	assert_string_equal(eval_text(ev, f, "f"), "mysql://u:p@h:3306/tenant?x=1");
	assert_string_equal(eval_text(ev, f, "g"),
			    "postgres://h/db?search_path=t+1&sslmode=disable");
	assert_string_equal(eval_text(ev, f, "h"), "a+b%26c");
	assert_string_equal(eval_text(ev, f, "i"), "{\"a\":true,\"b\":[1,\"x\"]}");
	assert_int_equal(eval_attr(ev, f, "j")->kind, HCL_V_RAW);
	assert_string_equal(eval_text(ev, f, "k"), "");
	hcl_eval_free(ev);
	hcl_file_free(f);
}

static void test_hcl_eval__symbolic(void **state)
{
	hcl_file *f = parse_ok("t = varchar(255)\n"
			       "r = table.users.column[\"my col\"]\n"
			       "w = BTREE\n");
	hcl_eval *ev = hcl_eval_new(true);
	hcl_value *v;
	(void)state;
	v = eval_attr(ev, f, "t");
	assert_int_equal(v->kind, HCL_V_CALL);
	assert_string_equal(v->str, "varchar");
	assert_string_equal(hcl_value_text(ev, v->items[0]), "255");
	v = eval_attr(ev, f, "r");
	assert_int_equal(v->kind, HCL_V_REF);
	assert_int_equal(v->n, 4);
	assert_string_equal(v->keys[3], "my col");
	v = eval_attr(ev, f, "w");
	assert_int_equal(v->kind, HCL_V_REF);
	assert_string_equal(v->keys[0], "BTREE");
	hcl_eval_free(ev);
	hcl_file_free(f);
}

static void test_hcl_error__syntax_caret(void **state)
{
	hcl_file *f = NULL;
	const char *src = "a = 1\nb = [1, 2\nc = 3\n";
	int error = hcl_parse(&f, "p.hcl", src, strlen(src));
	(void)state;
	assert_int_equal(error, UT_EPARSE);
	assert_null(f);
	assert_non_null(strstr(ut_error_last()->msg, "p.hcl:3:1: "));
	assert_non_null(strstr(ut_error_last()->msg, "\n  c = 3\n  ^"));

	src = "x = \"unterminated\n";
	assert_int_equal(hcl_parse(&f, "p.hcl", src, strlen(src)), UT_EPARSE);
	assert_non_null(strstr(ut_error_last()->msg, "p.hcl:1:5: unterminated string"));
	src = "x = 1\nx = 2\n";
	assert_int_equal(hcl_parse(&f, "p.hcl", src, strlen(src)), UT_EPARSE);
	assert_non_null(strstr(ut_error_last()->msg, "p.hcl:2:1: attribute 'x' redefined"));
}

static void test_hcl_error__unknown_reference(void **state)
{
	hcl_file *f = parse_ok("a = 1\nb = \"x${nope.y}\"\nc = foo(1)\n");
	hcl_eval *ev = hcl_eval_new(false);
	hcl_value *v;
	(void)state;
	assert_int_equal(hcl_eval_expr(&v, ev, NULL,
				       hcl_body_attr(f->body, "b")->expr),
			 UT_EPARSE);
	assert_non_null(strstr(ut_error_last()->msg,
			       "t.hcl:2:9: unknown variable \"nope\"\n  b = \"x${nope.y}\"\n          ^"));
	assert_int_equal(hcl_eval_expr(&v, ev, NULL,
				       hcl_body_attr(f->body, "c")->expr),
			 UT_EPARSE);
	assert_non_null(strstr(ut_error_last()->msg, "unknown function \"foo\""));
	hcl_eval_free(ev);
	hcl_file_free(f);
}

/* locals as lazy values: any order works, a cycle is an error */
static void test_hcl_eval__lazy_cycle(void **state)
{
	hcl_file *f = parse_ok("a = local.b + 1\nb = 2\nx = local.y\ny = local.x\n"
			       "r = local.x\n");
	hcl_eval *ev = hcl_eval_new(false);
	hcl_value *local = hcl_val_object(ev, 4), *v;
	const char *names[] = { "a", "b", "x", "y" };
	(void)state;
	for (size_t i = 0; i < 4; i++) {
		local->keys[i] = names[i];
		local->items[i] = hcl_val_lazy_expr(
			ev, ut_arena_printf(hcl_eval_arena(ev), "local.%s", names[i]),
			hcl_body_attr(f->body, names[i])->expr, NULL);
	}
	hcl_scope_set(hcl_eval_root(ev), "local", local);
	assert_int_equal(hcl_eval_expr(&v, ev, NULL,
				       hcl_body_attr(f->body, "a")->expr), 0);
	assert_string_equal(hcl_value_text(ev, v), "3");
	assert_int_equal(hcl_eval_expr(&v, ev, NULL,
				       hcl_body_attr(f->body, "r")->expr),
			 UT_EPARSE);
	assert_non_null(strstr(ut_error_last()->msg,
			       "cyclic reference: local.x -> local.y -> local.x"));
	hcl_eval_free(ev);
	hcl_file_free(f);
}

static void test_hcl_eval__for_each(void **state)
{
	hcl_file *f = parse_ok("env \"t\" {\n  for_each = toset([\"a\", \"b\", \"a\"])\n}\n"
			       "env \"m\" {\n  for_each = { x = 1 }\n}\n");
	hcl_eval *ev = hcl_eval_new(false);
	hcl_value **keys, **vals;
	size_t n;
	bool has;
	(void)state;
	assert_int_equal(hcl_for_each(&keys, &vals, &n, &has, ev, NULL,
				      f->body->items[0].block), 0);
	assert_true(has);
	assert_int_equal(n, 2);
	assert_string_equal(vals[1]->str, "b");
	assert_int_equal(hcl_for_each(&keys, &vals, &n, &has, ev, NULL,
				      f->body->items[1].block), 0);
	assert_int_equal(n, 1);
	assert_string_equal(keys[0]->str, "x");
	hcl_eval_free(ev);
	hcl_file_free(f);
}

static void test_hcl_format__canonical(void **state)
{
	const char *src = "table  \"t\"{\n"
			  "schema=schema.main\n"
			  "    column \"id\" {\n"
			  "null = false # c\n"
			  "  type=varchar(255)\n"
			  "  auto_increment   =  true\n"
			  "}\n"
			  "  x = [ 1,2 ]\n"
			  "  long_name = -1\n"
			  "  y = f( a , b )\n"
			  "}\n\n\n";
	ut_buf out = UT_BUF_INIT;
	(void)state;
	assert_int_equal(hcl_format(&out, "f.hcl", src, strlen(src)), 0);
	assert_string_equal(out.ptr,
			    "table \"t\" {\n"
			    "  schema = schema.main\n"
			    "  column \"id\" {\n"
			    "    null           = false # c\n"
			    "    type           = varchar(255)\n"
			    "    auto_increment = true\n"
			    "  }\n"
			    "  x         = [1, 2]\n"
			    "  long_name = -1\n"
			    "  y         = f(a, b)\n"
			    "}\n");
	/* formatting is idempotent */
	ut_buf again = UT_BUF_INIT;
	assert_int_equal(hcl_format(&again, "f.hcl", out.ptr, out.len), 0);
	assert_string_equal(again.ptr, out.ptr);
	ut_buf_release(&again);
	ut_buf_release(&out);
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test(test_hcl_parse__blocks_and_labels),
	cmocka_unit_test(test_hcl_eval__values),
	cmocka_unit_test(test_hcl_eval__heredoc),
	cmocka_unit_test(test_hcl_eval__template_directives),
	cmocka_unit_test(test_hcl_error__template_directives),
	cmocka_unit_test(test_hcl_eval__literal_round_trip),
	cmocka_unit_test(test_hcl_eval__functions),
	cmocka_unit_test(test_hcl_eval__symbolic),
	cmocka_unit_test(test_hcl_error__syntax_caret),
	cmocka_unit_test(test_hcl_error__unknown_reference),
	cmocka_unit_test(test_hcl_eval__lazy_cycle),
	cmocka_unit_test(test_hcl_eval__for_each),
	cmocka_unit_test(test_hcl_format__canonical),
};

TEST_MAIN(tests)
