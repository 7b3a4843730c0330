#!/usr/bin/env bash
# bench/lint.sh: `strata migrate lint --latest 1` over a 1,000-file SQLite
# directory (one CREATE TABLE and one CREATE INDEX per file, plus
# atlas.sum), cold (empty replay cache) and warm (cache filled by the cold
# run). Targets (issue 7): cold < 2 s, warm < 0.3 s.
#
#   bench/lint.sh [path/to/strata] [N]
set -euo pipefail
strata=${1:-build/cmd/strata}
n=${2:-1000}
work=$(mktemp -d "${TMPDIR:-/tmp}/strata-lint-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
dir=$work/migrations
mkdir -p "$dir"
awk -v dir="$dir" -v n="$n" 'BEGIN {
	for (i = 1; i <= n; i++) {
		f = sprintf("%s/%014d_t%d.sql", dir, 20240101000000 + i, i)
		printf "CREATE TABLE t%d (\n  id integer PRIMARY KEY,\n  name text NOT NULL,\n  owner_id integer,\n  created_at datetime DEFAULT CURRENT_TIMESTAMP\n);\n", i > f
		printf "CREATE INDEX t%d_owner ON t%d (owner_id);\n", i, i > f
		close(f)
	}
}'
"$strata" migrate hash --dir "file://$dir"

# prints "<wall ms> <cpu ms>" (cpu = user + sys: stable on a busy machine)
run() {
	local t
	t=$( { TIMEFORMAT='%R %U %S'; time "$strata" migrate lint --dir "file://$dir" \
		--latest 1 >"$work/out.txt"; } 2>&1 )
	awk -v t="$t" 'BEGIN { split(t, a, " "); printf "%d %d", a[1] * 1000, (a[2] + a[3]) * 1000 }'
}
export STRATA_CACHE_DIR=$work/cache
read -r cold cold_cpu <<<"$(run)"
read -r warm warm_cpu <<<"$(run)"
grep -q "analyzing version" "$work/out.txt" || { cat "$work/out.txt"; exit 1; }
printf 'migrate lint --latest 1, %s files: cold %d ms (cpu %d ms, target < 2000), warm %d ms (cpu %d ms, target < 300)\n' \
	"$n" "$cold" "$cold_cpu" "$warm" "$warm_cpu"
