/* SPDX-License-Identifier: MIT */
/*
 * tests/unit/cmd/cmd_test.c: consistency of the command table with the
 * docs (every command has docs/cmd/<group>-<name>.md naming each of its
 * flags) and of cmd/exit.h with docs/exit-codes.md.
 */
#include "test.h"

#include "cmd.h"
#include "ut.h"

#define REPO_DIR STRATA_TESTDATA_DIR "/.."

static char *read_doc(const char *rel)
{
	ut_buf b = UT_BUF_INIT;
	char *path = ut_xasprintf("%s/%s", REPO_DIR, rel);
	int error = ut_file_read(&b, path);
	free(path);
	if (error < 0) {
		ut_buf_release(&b);
		ut_error_clear();
		return NULL;
	}
	return ut_buf_detach(&b);
}

static void check_spec(const cmd_spec *spec, const char *group)
{
	char *rel, *doc;

	if (spec->subs) {
		for (const cmd_spec *const *s = spec->subs; *s; s++)
			check_spec(*s, spec->name);
		return;
	}
	rel = group ? ut_xasprintf("docs/cmd/%s-%s.md", group, spec->name)
		    : ut_xasprintf("docs/cmd/%s.md", spec->name);
	doc = read_doc(rel);
	if (!doc)
		fail_msg("command '%s%s%s' has no %s", group ? group : "",
			 group ? " " : "", spec->name, rel);
	assert_non_null(spec->summary);
	assert_non_null(spec->usage);
	assert_non_null(spec->examples);
	for (size_t i = 0; spec->opts && spec->opts[i].name; i++) {
		char *flag;
		if (spec->opts[i].hidden)
			continue;
		flag = ut_xasprintf("--%s", spec->opts[i].name);
		if (!strstr(doc, flag))
			fail_msg("%s does not document %s", rel, flag);
		free(flag);
	}
	free(doc);
	free(rel);
}

static void test_cmd_docs__every_command_documented(void **state)
{
	(void)state;
	for (const cmd_spec *const *s = cmd_root; *s; s++)
		check_spec(*s, NULL);
}

static void test_cmd_docs__exit_codes_match(void **state)
{
	static const struct {
		const char *name;
		int value;
	} codes[] = {
		{ "CMD_EXIT_OK", CMD_EXIT_OK },
		{ "CMD_EXIT_FAILED", CMD_EXIT_FAILED },
		{ "CMD_EXIT_USAGE", CMD_EXIT_USAGE },
		{ "CMD_EXIT_LINT", CMD_EXIT_LINT },
		{ "CMD_EXIT_INTEGRITY", CMD_EXIT_INTEGRITY },
		{ "CMD_EXIT_DB", CMD_EXIT_DB },
	};
	char *doc = read_doc("docs/exit-codes.md");

	(void)state;
	assert_non_null(doc);
	for (size_t i = 0; i < UT_ARRAY_SIZE(codes); i++) {
		char *row = ut_xasprintf("| %d | `%s` |", codes[i].value,
					 codes[i].name);
		if (!strstr(doc, row))
			fail_msg("docs/exit-codes.md lacks the row '%s'", row);
		free(row);
	}
	free(doc);
}

static void test_cmd_exit__codes_for_errors(void **state)
{
	(void)state;
	assert_int_equal(cmd_exit_for(UT_OK), 0);
	assert_int_equal(cmd_exit_for(UT_EUSAGE), 2);
	assert_int_equal(cmd_exit_for(UT_ELINT), 3);
	assert_int_equal(cmd_exit_for(UT_ECHECKSUM), 4);
	assert_int_equal(cmd_exit_for(UT_EDB), 5);
	assert_int_equal(cmd_exit_for(UT_ELOCKED), 5);
	assert_int_equal(cmd_exit_for(UT_ENOTFOUND), 1);
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test(test_cmd_docs__every_command_documented),
	cmocka_unit_test(test_cmd_docs__exit_codes_match),
	cmocka_unit_test(test_cmd_exit__codes_for_errors),
};

TEST_MAIN(tests)
