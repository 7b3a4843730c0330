#!/usr/bin/env bash
# Two deploys never run together: while one `migrate apply` holds the lock
# (a slow statement), a second one waits up to --lock-timeout, then fails
# with a clear message and applies nothing; after the first finishes, a
# third run has nothing to do. Usage: concurrent_test.sh <strata>
set -u
strata=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
pass=0
fail=0
check() {
	if eval "$2"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $1"; fi
}
mkdir migrations
# about a second of work in SQLite: a recursive CTE of 3 million rows
cat >migrations/1_slow.sql <<'SQL'
CREATE TABLE t (n int);
INSERT INTO t SELECT count(*) FROM (WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 3000000) SELECT x FROM c);
SQL
cat >migrations/2_more.sql <<'SQL'
CREATE TABLE u (n int);
SQL
"$strata" migrate hash
"$strata" migrate apply -u "sqlite://$work/app.db" >first.out 2>&1 &
first=$!
sleep 0.2
"$strata" migrate apply -u "sqlite://$work/app.db" --lock-timeout 100ms >second.out 2>&1
rc=$?
wait $first
rc1=$?
check "first apply succeeds" '[ $rc1 = 0 ]'
check "second apply fails with the database exit code" '[ $rc = 5 ]'
check "second apply names the lock" 'grep -q "acquiring database lock" second.out'
check "second apply ran nothing" '! grep -q "migrating version" second.out'
"$strata" migrate apply -u "sqlite://$work/app.db" >third.out 2>&1
check "third apply has nothing to do" 'grep -q "No migration files to execute" third.out'
"$strata" migrate status -u "sqlite://$work/app.db" >status.out
check "both files applied once" 'grep -q "Executed Files:  2$" status.out'
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
