#!/usr/bin/env bash
# The long golang-migrate-style histories of shared/corpus/histories import
# (migrate import --name-order: their tool runs *up.sql files in name order
# and repeats versions), validate, and apply; the schema equals the one the
# original files give when run with their own tool's rules (each up file as
# a script, in file-name order, one transaction per file, after the tool's
# own "migrations" table), run here by the database's own client.
#
# Usage: histories_test.sh <strata> <shared-dir> sqlite|pg
# pg needs STRATA_TEST_PG_URL and STRATA_TEST_PG_DEV_URL (two empty
# databases; both are emptied again at the end). Without them the test is
# skipped (exit 77), except under CI=true or STRATA_TEST_REQUIRE_ALL=1.
set -u
strata=$1
shared=$2
dialect=$3
pass=0
fail=0
tmp=$(mktemp -d)
trap 'cleanup; rm -rf "$tmp"' EXIT

ok() { echo "PASS $*"; pass=$((pass + 1)); }
ko() { echo "FAIL $*"; fail=$((fail + 1)); }
cleanup() { :; }

case $dialect in
sqlite)
	src=$shared/corpus/histories/harness__harness__app__store__database__migrate__sqlite
	url="sqlite://$tmp/imported.db"
	ref_db=$tmp/reference.db
	ref_url="sqlite://$ref_db"
	tool_table() { sqlite3 "$1" 'CREATE TABLE migrations (version text)'; }
	run_file() { { echo 'BEGIN;'; cat "$2"; printf '\n;\n'; echo 'COMMIT;'; } | sqlite3 -bail "$1" >/dev/null; }
	tool_table "$tmp/imported.db"
	target=$ref_db
	;;
pg)
	src=$shared/corpus/histories/harness__harness__app__store__database__migrate__postgres
	if [ -z "${STRATA_TEST_PG_URL:-}" ] || [ -z "${STRATA_TEST_PG_DEV_URL:-}" ]; then
		if [ "${CI:-}" = true ] || [ "${STRATA_TEST_REQUIRE_ALL:-}" = 1 ]; then
			echo "histories: STRATA_TEST_PG_URL/STRATA_TEST_PG_DEV_URL are not set (required here)"
			echo "0 passed, 1 failed"
			exit 1
		fi
		echo "histories: no PostgreSQL (STRATA_TEST_PG_URL), skipped"
		exit 77
	fi
	url=$STRATA_TEST_PG_URL
	ref_url=$STRATA_TEST_PG_DEV_URL
	target=$ref_url
	psql_q() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
	tool_table() { psql_q "$1" -c 'CREATE TABLE public.migrations (version text)'; }
	run_file() { psql_q -1 "$1" -f "$2" >/dev/null; }
	# public as a new database has it (PostgreSQL 15: owner, comment, usage)
	reset_sql="DROP SCHEMA IF EXISTS public CASCADE;
		CREATE SCHEMA public AUTHORIZATION pg_database_owner;
		COMMENT ON SCHEMA public IS 'standard public schema';
		GRANT USAGE ON SCHEMA public TO PUBLIC;
		DROP SCHEMA IF EXISTS atlas_schema_revisions CASCADE"
	cleanup() {
		for u in "$url" "$ref_url"; do
			psql_q "$u" -c "$reset_sql" >/dev/null 2>&1
		done
	}
	cleanup
	if ! tool_table "$url" || ! tool_table "$ref_url"; then
		echo "histories: cannot prepare the PostgreSQL databases"
		echo "0 passed, 1 failed"
		exit 1
	fi
	;;
*)
	echo "usage: $0 <strata> <shared-dir> sqlite|pg" >&2
	exit 2
	;;
esac
[ "$dialect" = sqlite ] && tool_table "$ref_db"

if [ ! -d "$src" ]; then
	echo "histories: $src not found"
	echo "0 passed, 1 failed"
	exit 1
fi

# strict golang-migrate rules refuse this history, naming why
if "$strata" migrate import --from "file://$src?format=golang-migrate" --to "file://$tmp/strict" >"$tmp/out" 2>&1 ||
   ! grep -q "appears twice\|has no up file\|mixed layouts" "$tmp/out" || [ -e "$tmp/strict" ]; then
	ko "strict import refuses the name-ordered history"
	cat "$tmp/out"
else
	ok "strict import refuses the name-ordered history: $(head -1 "$tmp/out")"
fi

if ! "$strata" migrate import --name-order --from "file://$src?format=golang-migrate" --to "file://$tmp/migrations" >"$tmp/out" 2>&1; then
	ko "import --name-order"
	cat "$tmp/out"
	echo "$pass passed, $fail failed"
	exit 1
fi
n_src=$(ls "$src" | grep -cE '[._]up\.sql$')
n_dst=$(ls "$tmp/migrations" | grep -c '\.sql$')
if [ "$n_src" = "$n_dst" ]; then ok "import: $n_dst files"; else ko "import: $n_src up files became $n_dst"; fi
if "$strata" migrate validate --dir "file://$tmp/migrations" >"$tmp/out" 2>&1; then
	ok "validate"
else
	ko "validate"
	cat "$tmp/out"
fi

# the reference: the original files with their tool's rules
ref_failed=""
for f in $(ls "$src" | grep -E '[._]up\.sql$' | LC_ALL=C sort); do
	if ! run_file "$target" "$src/$f" 2>"$tmp/ref.err"; then
		ref_failed=$f
		break
	fi
done

# the import, applied by strata (the database holds the tool's table)
"$strata" migrate apply --allow-dirty --dir "file://$tmp/migrations" --url "$url" >"$tmp/apply.out" 2>&1
apply_rc=$?
if [ -z "$ref_failed" ]; then
	if [ $apply_rc = 0 ]; then ok "apply: every file"; else ko "apply"; tail -5 "$tmp/apply.out"; fi
else
	# this database lacks something the history needs (SQLite < 3.41 has
	# no unhex()): strata must stop at the very same file
	v=${ref_failed%%[._]*}
	if [ $apply_rc != 0 ] && grep -q "from version \"$v" "$tmp/apply.out"; then
		ok "apply stops where the original stops: $ref_failed ($(head -c 120 "$tmp/ref.err" | tr '\n' ' '))"
	else
		ko "apply should stop at $ref_failed like the original"
		tail -5 "$tmp/apply.out"
	fi
fi

# same schema
scope=""
[ "$dialect" = pg ] && scope="&search_path=public"
"$strata" schema inspect --url "$url$scope" >"$tmp/imported.hcl" 2>&1
"$strata" schema inspect --url "$ref_url$scope" >"$tmp/reference.hcl" 2>&1
# SQLite keeps the revision table beside the tables
if [ "$dialect" = sqlite ]; then
	awk '/^table "atlas_schema_revisions"/{skip=1} skip&&/^}/{skip=0; next} !skip' "$tmp/imported.hcl" >"$tmp/i2" && mv "$tmp/i2" "$tmp/imported.hcl"
fi
if [ -s "$tmp/reference.hcl" ] && cmp -s "$tmp/imported.hcl" "$tmp/reference.hcl"; then
	ok "same schema as the original ($(grep -c '^table' "$tmp/reference.hcl") tables)"
else
	ko "schemas differ"
	diff "$tmp/reference.hcl" "$tmp/imported.hcl" | head -20
fi
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
