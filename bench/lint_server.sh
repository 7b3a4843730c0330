#!/usr/bin/env bash
# bench/lint_server.sh: `strata migrate lint --latest 1` over an N-file
# directory (default 1,000; one CREATE TABLE and one CREATE INDEX per file)
# on a PostgreSQL or MySQL dev database, with the replay cache the server
# keeps (template database / snapshot schema): without cache, cold (replay
# and store) and warm (restore), best of 3 each but cold. Needs
# STRATA_TEST_PG_URL or STRATA_TEST_MY_URL (source build/test-env.sh after
# scripts/test-servers.sh start); makes its own dev database and drops it,
# and the cache entries it made, at the end.
#
#   bench/lint_server.sh [strata-binary] [N] [pg|my]
set -euo pipefail
strata=$(realpath "${1:-build/cmd/strata}")
n=${2:-1000}
dialect=${3:-pg}
work=$(mktemp -d "${TMPDIR:-/tmp}/strata-lint-bench.XXXXXX")
db=strata_bench_lint_$$

case $dialect in
pg)
	base=${STRATA_TEST_PG_URL:?source build/test-env.sh first}
	export PGOPTIONS="-c client_min_messages=warning"
	sql() { psql "$base" -qAtX -v ON_ERROR_STOP=1 -c "$1"; }
	stashes() { sql "SELECT datname FROM pg_database WHERE datname ~ '^strata_lint_[0-9a-f]{16}\$' ORDER BY 1"; }
	drop() { sql "DROP DATABASE IF EXISTS \"$1\""; }
	ts="timestamptz DEFAULT now()"
	name="PostgreSQL"
	;;
my)
	base=${STRATA_TEST_MY_URL:?source build/test-env.sh first}
	# mysql://user:pass@host:port/db -> client flags
	rest=${base#*://}
	creds=${rest%%@*}
	hostport=${rest#*@}
	hostport=${hostport%%/*}
	sql() {
		mariadb -u"${creds%%:*}" -p"${creds#*:}" -h"${hostport%%:*}" \
			-P"${hostport##*:}" -N -B -e "$1"
	}
	stashes() { sql "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME REGEXP '^strata_lint_[0-9a-f]{16}\$' ORDER BY 1"; }
	drop() { sql "DROP DATABASE IF EXISTS \`$1\`"; }
	ts="timestamp DEFAULT CURRENT_TIMESTAMP"
	name="MySQL"
	;;
*)
	echo "usage: $0 [strata] [N] [pg|my]" >&2
	exit 2
	;;
esac
dev=${base%%\?*}
dev=${dev%/*}/$db
case $base in *\?*) dev="$dev?${base#*\?}" ;; esac

before=$(stashes)
cleanup() {
	for s in $(comm -13 <(echo "$before") <(stashes)); do drop "$s"; done
	drop "$db" || true
	rm -rf "$work"
}
trap cleanup EXIT
drop "$db"
sql "CREATE DATABASE $db"

dir=$work/migrations
mkdir -p "$dir"
awk -v dir="$dir" -v n="$n" -v ts="$ts" 'BEGIN {
	for (i = 1; i <= n; i++) {
		f = sprintf("%s/%014d_t%d.sql", dir, 20240101000000 + i, i)
		printf "CREATE TABLE t%d (\n  id integer PRIMARY KEY,\n  name text NOT NULL,\n  owner_id integer,\n  created_at %s\n);\n", i, ts > f
		printf "CREATE INDEX t%d_owner ON t%d (owner_id);\n", i, i > f
		close(f)
	}
}'
"$strata" migrate hash --dir "file://$dir"

# wall milliseconds of one lint run
run() {
	local t0 t1
	t0=$(date +%s%N)
	"$strata" migrate lint --dir "file://$dir" --dev-url "$dev" --latest 1 \
		>"$work/out.txt" || [ $? -eq 3 ]
	t1=$(date +%s%N)
	echo $(((t1 - t0) / 1000000))
}
best3() {
	local b=999999999 t
	for _ in 1 2 3; do
		t=$(run)
		((t < b)) && b=$t
	done
	echo "$b"
}
export STRATA_CACHE_DIR=
nocache=$(best3)
export STRATA_CACHE_DIR=$work/cache
cold=$(run)
grep -q "analyzing version" "$work/out.txt" || {
	cat "$work/out.txt"
	exit 1
}
cp "$work/out.txt" "$work/cold.txt"
warm=$(best3)
# the same report (durations aside) from the restored base
diff <(grep -v -E '^  -- [0-9.]+[µmn]?s$|ok \(' "$work/cold.txt") \
	<(grep -v -E '^  -- [0-9.]+[µmn]?s$|ok \(' "$work/out.txt") >/dev/null || {
	echo "warm report differs from the cold one" >&2
	exit 1
}
[ -n "$(comm -13 <(echo "$before") <(stashes))" ] || {
	echo "no cache entry was stored" >&2
	exit 1
}
printf 'migrate lint --latest 1, %s files, %s dev database: no cache %d ms, cold %d ms (replay + store), warm %d ms (restore); no cache / warm %s×\n' \
	"$n" "$name" "$nocache" "$cold" "$warm" \
	"$(awk -v a="$nocache" -v b="$warm" 'BEGIN { printf "%.1f", a / b }')"
