#!/usr/bin/env bash
# tests/faults/apply_kill.sh: `migrate apply --tx-mode none` loses its
# process or its database connection in the middle of a multi-statement
# file, then is run again. Every statement must have run exactly once
# (each one leaves a row in a side-effect table, or creates a table, which
# a second run would fail on) and the revision row must say the file was
# applied whole.
#
#   tests/faults/apply_kill.sh <strata-binary> sqlite
#       the process is killed with SIGKILL, twice, each time during a slow
#       statement (a recursive CTE), after the revision row shows progress
#   tests/faults/apply_kill.sh <strata-binary> pg
#       the backend is terminated from a second connection
#       (pg_terminate_backend, found by application_name), twice. Needs
#       STRATA_TEST_PG_URL; unset, it skips (exit 77) unless CI=true or
#       STRATA_TEST_REQUIRE_ALL=1, where it fails.
#   tests/faults/apply_kill.sh <strata-binary> my
#       the same on MariaDB: KILL CONNECTION on strata's connections to
#       the test's own database (needs STRATA_TEST_MY_HOST/PORT/USER/
#       PASSWORD)
set -u

strata=$(realpath "$1")
dialect=$2
version=20240102000000
work=$(mktemp -d "${TMPDIR:-/tmp}/strata-apply-kill-XXXXXX")
pid=
cleanup() {
	[ -n "$pid" ] && kill -9 "$pid" 2>/dev/null
	[ "$dialect" = pg ] && [ -n "${STRATA_TEST_PG_URL:-}" ] &&
		sql "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1
	[ "$dialect" = my ] && [ -n "${STRATA_TEST_MY_HOST:-}" ] &&
		sql "DROP DATABASE IF EXISTS $schema" >/dev/null 2>&1
	rm -rf "$work"
}
trap cleanup EXIT
cd "$work" || exit 1
export TZ=UTC LC_ALL=C
fails=0

fail() {
	printf 'FAIL %s\n' "$*"
	fails=$((fails + 1))
}

case $dialect in
sqlite)
	url="sqlite://$work/test.db"
	sql() { sqlite3 -cmd '.timeout 5000' "$work/test.db" "$1"; }
	# about a second each, whatever the machine: enough to be caught
	slow() {
		printf 'INSERT INTO side WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 2000000) SELECT %d FROM c WHERE x = 2000000;\n' "$1"
	}
	rev=atlas_schema_revisions
	;;
pg)
	if [ -z "${STRATA_TEST_PG_URL:-}" ]; then
		if [ "${CI:-}" = true ] || [ "${STRATA_TEST_REQUIRE_ALL:-}" = 1 ]; then
			echo "FAIL: STRATA_TEST_PG_URL is not set (CI: no skipping)"
			exit 1
		fi
		echo "SKIP: STRATA_TEST_PG_URL is not set"
		exit 77
	fi
	command -v psql >/dev/null || { echo "FAIL: psql not found"; exit 1; }
	schema=strata_fault_apply
	app=strata_fault_$$
	case $STRATA_TEST_PG_URL in
	*\?*) url="$STRATA_TEST_PG_URL&" ;;
	*) url="$STRATA_TEST_PG_URL?" ;;
	esac
	url="${url}search_path=$schema&application_name=$app"
	sql() {
		PGOPTIONS="-c search_path=$schema -c client_min_messages=warning" \
			psql -X -q -t -A -v ON_ERROR_STOP=1 \
			-d "$STRATA_TEST_PG_URL" -c "$1"
	}
	slow() {
		printf 'INSERT INTO side SELECT %d FROM pg_sleep(1);\n' "$1"
	}
	rev=$schema.atlas_schema_revisions
	sql "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null
	sql "CREATE SCHEMA $schema" >/dev/null || exit 1
	;;
my)
	if [ -z "${STRATA_TEST_MY_HOST:-}" ] || [ -z "${STRATA_TEST_MY_PORT:-}" ]; then
		if [ "${CI:-}" = true ] || [ "${STRATA_TEST_REQUIRE_ALL:-}" = 1 ]; then
			echo "FAIL: STRATA_TEST_MY_HOST/PORT are not set (CI: no skipping)"
			exit 1
		fi
		echo "SKIP: STRATA_TEST_MY_HOST/PORT are not set"
		exit 77
	fi
	command -v mariadb >/dev/null || { echo "FAIL: mariadb not found"; exit 1; }
	schema=strata_fault_apply
	url="mysql://$STRATA_TEST_MY_USER:$STRATA_TEST_MY_PASSWORD@$STRATA_TEST_MY_HOST:$STRATA_TEST_MY_PORT/$schema"
	sql() {
		MYSQL_PWD=$STRATA_TEST_MY_PASSWORD mariadb -N -B \
			-h "$STRATA_TEST_MY_HOST" -P "$STRATA_TEST_MY_PORT" \
			-u "$STRATA_TEST_MY_USER" -D "$schema" -e "$1"
	}
	slow() {
		printf 'INSERT INTO side SELECT %d FROM (SELECT SLEEP(1)) AS s;\n' "$1"
	}
	rev=atlas_schema_revisions
	MYSQL_PWD=$STRATA_TEST_MY_PASSWORD mariadb -h "$STRATA_TEST_MY_HOST" \
		-P "$STRATA_TEST_MY_PORT" -u "$STRATA_TEST_MY_USER" -e \
		"DROP DATABASE IF EXISTS $schema; CREATE DATABASE $schema" || exit 1
	;;
*)
	echo "usage: $0 <strata> sqlite|pg|my" >&2
	exit 2
	;;
esac

# Ten statements: side rows 1-9 in order, a CREATE TABLE as number 5.
mkdir migrations
printf 'CREATE TABLE side (stmt int NOT NULL);\n' \
	>migrations/20240101000000_side.sql
{
	printf 'INSERT INTO side VALUES (1);\n'
	slow 2
	slow 3
	printf 'INSERT INTO side VALUES (4);\n'
	printf 'CREATE TABLE made_once (id int);\n'
	slow 6
	printf 'INSERT INTO side VALUES (7);\n'
	slow 8
	slow 9
	printf 'INSERT INTO side VALUES (10);\n'
} >migrations/${version}_work.sql
total=10
"$strata" migrate hash || exit 1

applied() {
	sql "SELECT applied FROM $rev WHERE version = '$version'" 2>/dev/null
}

# interrupt <at>: starts apply, waits until the revision row shows at
# least <at> statements applied, interrupts it, checks it was mid-file.
interrupt() {
	local at=$1 n='' status
	"$strata" migrate apply --url "$url" --tx-mode none \
		>"$work/out" 2>"$work/err" &
	pid=$!
	for _ in $(seq 1 1200); do
		n=$(applied)
		[ -n "$n" ] && [ "$n" -ge "$at" ] && break
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.05
	done
	if ! kill -0 "$pid" 2>/dev/null; then
		fail "apply ended before the interruption at $at (applied: ${n:-none})"
		cat "$work/out" "$work/err"
		pid=
		return
	fi
	local k ids
	case $dialect in
	sqlite) kill -9 "$pid" ;;
	pg)
		k=$(sql "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = '$app' AND pid <> pg_backend_pid()")
		[ "$k" -ge 1 ] || fail "no backend with application_name $app"
		;;
	my)
		# every other connection to the test's own database
		ids=$(sql "SELECT ID FROM information_schema.PROCESSLIST WHERE DB = '$schema' AND ID <> CONNECTION_ID()")
		[ -n "$ids" ] || fail "no connection to $schema"
		for k in $ids; do
			sql "KILL CONNECTION $k" || fail "KILL CONNECTION $k"
		done
		;;
	esac
	wait "$pid" 2>/dev/null
	status=$?
	pid=
	if [ "$dialect" = sqlite ] && [ $status -ne 137 ]; then
		fail "apply was not killed (status $status)"
	elif [ "$dialect" != sqlite ] && [ $status -eq 0 ]; then
		fail "apply succeeded although its connection was terminated"
	fi
	n=$(applied)
	if [ -z "$n" ] || [ "$n" -lt "$at" ] || [ "$n" -ge $total ]; then
		fail "after the interruption at $at the revision row shows ${n:-nothing} applied"
	fi
	echo "interrupted at $at statements applied (status $status), the row shows $n of $total"
}

interrupt 1
interrupt 6
"$strata" migrate apply --url "$url" --tx-mode none >"$work/out" 2>"$work/err" ||
	{ fail "the last apply failed"; cat "$work/out" "$work/err"; }

# rows as "a|b|c" whatever the client (mariadb -B separates with tabs)
rows() { sql "$1" | tr '\t\n' '| '; }
got=$(rows "SELECT stmt, count(*) FROM side GROUP BY stmt ORDER BY stmt")
want="1|1 2|1 3|1 4|1 6|1 7|1 8|1 9|1 10|1 "
[ "$got" = "$want" ] || fail "side effects: got '$got', want '$want'"
got=$(sql "SELECT count(*) FROM made_once")
[ "$got" = 0 ] || fail "made_once: $got"
got=$(rows "SELECT version, applied, total, coalesce(error, '') FROM $rev ORDER BY version")
want="20240101000000|1|1| $version|$total|$total| "
[ "$got" = "$want" ] || fail "revision rows: got '$got', want '$want'"
out=$("$strata" migrate apply --url "$url" 2>&1)
case $out in
*"No migration files to execute"*) ;;
*) fail "a further apply is not a no-op: $out" ;;
esac

if [ $fails -eq 0 ]; then
	echo "ok: every statement ran once, revisions complete"
fi
[ $fails -eq 0 ]
