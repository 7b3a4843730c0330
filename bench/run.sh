#!/usr/bin/env bash
# make bench: every benchmark named in the issues, each beside its reference
# tool in the same run, written to bench/RESULTS.md (figures, ratios, peak
# memory, machine). Inputs come from bench/gen.sh into bench/out/.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$PWD/$BUILD ;; esac
export STRATA=$BUILD/cmd/strata
OUT=$PWD/bench/out
RES=bench/RESULTS.md
mkdir -p "$OUT"
rows=()

# best wall time (seconds) of N runs of a command; peak RSS (MB) of the last
best() {
	local n=$1; shift
	local best=999999999999 t0 t1 dt
	for ((i = 0; i < n; i++)); do
		t0=$(date +%s%N)
		"$@" >/dev/null 2>&1
		t1=$(date +%s%N)
		dt=$(( (t1 - t0) / 1000 ))
		(( dt < best )) && best=$dt
	done
	awk -v us="$best" 'BEGIN { printf "%.3f", us / 1e6 }'
}
peak() {
	/usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1 | awk '{ printf "%.1f", $1 / 1024 }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
row() { rows+=("| $1 | $2 | $3 | $4 | $5 | $6 |"); echo "$1: $2 (reference $3, ratio $4, target $5, peak $6 MB)"; }

echo "== build"
cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$BUILD" -j"$(nproc)" >/dev/null

echo "== migrate hash: 10,000 files of 4 KB vs sha256sum"
bench/gen.sh hashdir "$OUT/hash" 10000 4096
rm -f "$OUT/hash/atlas.sum"
t_s=$(best 5 "$STRATA" migrate hash --dir "file://$OUT/hash")
t_r=$(best 5 bash -c "cd '$OUT/hash' && cat -- *.sql | sha256sum")
mb=$(du -sm "$OUT/hash" | cut -f1)
row "migrate hash, 10,000 × 4 KB" "${t_s} s" "${t_r} s (cat \| sha256sum)" "$(ratio "$t_r" "$t_s") × throughput" "≥ 0.80 × sha256sum" "$(peak "$STRATA" migrate hash --dir "file://$OUT/hash")"

echo "== splitter: 50 MB"
if [ -x "$BUILD/bench/bench_split" ]; then
	line=$("$BUILD/bench/bench_split" | grep -i 'MB/s' | head -1)
	row "split 50 MB SQL" "$line" "-" "-" "≥ 200 MB/s" "-"
fi

echo "== migrate diff over a 1,000-file directory (in-memory SQLite dev)"
bench/gen.sh migdir "$OUT/mig1000" 1000 >/dev/null
bench/gen.sh schema "$OUT/schema1001.sql" 1000
cp -r "$OUT/mig1000" "$OUT/mig1000-diff"
diff_once() {
	rm -rf "$OUT/mig1000-diff" && cp -r "$OUT/mig1000" "$OUT/mig1000-diff"
	"$STRATA" migrate diff add --dir "file://$OUT/mig1000-diff" --to "file://$OUT/schema1001.sql"
}
t_s=$(best 3 diff_once)
row "migrate diff, 1,000 files → +1 table" "${t_s} s" "Atlas ≈ 42 s (issue 3)" "$(ratio 42 "$t_s") × faster" "< 2 s, < 200 MB" "$(peak "$STRATA" migrate diff add --dir "file://$OUT/mig1000" --to "file://$OUT/schema1001.sql" --dev-url 'sqlite://dev?mode=memory')"
rm -rf "$OUT/mig1000-diff"

echo "== migrate apply: 1,000 files to a new SQLite file vs the sqlite3 shell"
apply_strata() { rm -f "$OUT/apply.db"; "$STRATA" migrate apply --dir "file://$OUT/mig1000" -u "sqlite://$OUT/apply.db"; }
apply_shell() {
	rm -f "$OUT/shell.db"
	for f in "$OUT"/mig1000/*.sql; do
		{ echo "BEGIN;"; cat "$f"; echo "COMMIT;"; } | sqlite3 "$OUT/shell.db"
	done
}
apply_shell_one() {
	rm -f "$OUT/shell.db"
	{ for f in "$OUT"/mig1000/*.sql; do echo "BEGIN;"; cat "$f"; echo "COMMIT;"; done; } | sqlite3 "$OUT/shell.db"
}
t_s=$(best 5 apply_strata)
t_r=$(best 5 apply_shell_one)
t_r2=$(best 1 apply_shell)
row "migrate apply, 1,000 files / 2,200 stmts, SQLite file" "${t_s} s" "${t_r} s (one sqlite3 process, tx per file); ${t_r2} s (sqlite3 per file)" "$(ratio "$t_s" "$t_r") × time" "≤ 1.3 × sqlite3" "$(peak bash -c "rm -f '$OUT/apply.db'; '$STRATA' migrate apply --dir 'file://$OUT/mig1000' -u 'sqlite://$OUT/apply.db'")"

if [ -n "${STRATA_TEST_PG_URL:-}" ] && command -v psql >/dev/null; then
	echo "== migrate apply on PostgreSQL: 1,000 files vs psql -1 -f per file"
	bench/gen.sh migdir_pg "$OUT/migpg" 1000 >/dev/null
	base=${STRATA_TEST_PG_URL%%\?*}
	base=${base%/*}
	query=${STRATA_TEST_PG_URL#*\?}
	pgdb() { psql "$STRATA_TEST_PG_URL" -qAtc "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1" >/dev/null; }
	apply_pg_strata() { pgdb strata_bench_a; "$STRATA" migrate apply --dir "file://$OUT/migpg" -u "$base/strata_bench_a?$query"; }
	apply_pg_psql() {
		pgdb strata_bench_b
		for f in "$OUT"/migpg/*.sql; do
			psql "$base/strata_bench_b?$query" -q -1 -v ON_ERROR_STOP=1 -f "$f" >/dev/null || return 1
		done
	}
	apply_pg_psql_one() {
		pgdb strata_bench_b
		{ for f in "$OUT"/migpg/*.sql; do echo "BEGIN;"; cat "$f"; echo "COMMIT;"; done; } |
			psql "$base/strata_bench_b?$query" -q -v ON_ERROR_STOP=1 >/dev/null
	}
	t_s=$(best 3 apply_pg_strata)
	t_r=$(best 3 apply_pg_psql)
	t_r1=$(best 3 apply_pg_psql_one)
	row "migrate apply, 1,000 files, PostgreSQL" "${t_s} s" "${t_r} s (psql -1 -f per file); ${t_r1} s (one psql session, tx per file)" "$(ratio "$t_s" "$t_r") × / $(ratio "$t_s" "$t_r1") × time" "≤ 1.3 × psql" "-"
	psql "$STRATA_TEST_PG_URL" -qAtc "DROP DATABASE IF EXISTS strata_bench_a" -c "DROP DATABASE IF EXISTS strata_bench_b" >/dev/null
fi

echo "== migrate lint --latest 1 over 1,000 files, cold and warm cache"
if line=$(bench/lint.sh "$STRATA" 1000 2>&1 | tail -1); then
	row "migrate lint --latest 1, 1,000 files" "$line" "Atlas ≈ 14 s cold, no cache (issue 7)" "-" "cold < 2 s, warm < 0.3 s" "-"
fi
if [ -n "${STRATA_TEST_PG_URL:-}" ]; then
	echo "== migrate lint --latest 1 over 1,000 files, PostgreSQL dev database, replay cache on the server"
	if line=$(bench/lint_server.sh "$STRATA" 1000 pg 2>&1 | tail -1); then
		row "migrate lint --latest 1, 1,000 files, PostgreSQL dev" "$line" "the same run without cache" "see line" "warm < no cache" "-"
	fi
fi
if [ -n "${STRATA_TEST_MY_URL:-}" ]; then
	echo "== migrate lint --latest 1 over 1,000 files, MySQL dev database, replay cache on the server"
	if line=$(bench/lint_server.sh "$STRATA" 1000 my 2>&1 | tail -1); then
		row "migrate lint --latest 1, 1,000 files, MySQL dev" "$line" "the same run without cache" "see line" "warm < no cache" "-"
	fi
fi
if [ -n "${STRATA_TEST_PG_URL:-}" ]; then
	echo "== tenant fan-out: 20-file directory to 1,000 PostgreSQL schemas, concurrency 8"
	if line=$(bench/fanout_pg.sh "$STRATA" 1000 8 2>&1 | tail -1); then
		row "migrate apply --env fan-out, 1,000 tenants" "$line" "-" "-" "< 60 s" "-"
	fi
fi

benches=()
for exe in "$BUILD"/bench/bench_*; do
	b=$(basename "$exe")
	[ "$b" = bench_split ] && continue
	[ -x "$exe" ] && benches+=("$b")
done
for b in "${benches[@]}"; do
	if [ -x "$BUILD/bench/$b" ]; then
		echo "== $b"
		"$BUILD/bench/$b" 2>&1 | tee "$OUT/$b.txt" | tail -5 || true
		rows+=("| $b | see below | | | | |")
	fi
done

{
	echo "# Benchmark results"
	echo
	echo "Written by \`make bench\` (bench/run.sh) on $(date -u +%Y-%m-%d): $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr), $(sqlite3 --version | cut -d' ' -f1-2 | sed 's/^/sqlite3 /')."
	echo
	echo "| benchmark | strata | reference | ratio | target | peak MB |"
	echo "|---|---|---|---|---|---|"
	printf '%s\n' "${rows[@]}"
	for b in "${benches[@]}"; do
		if [ -f "$OUT/$b.txt" ]; then
			echo
			echo "## $b"
			echo
			echo '```'
			cat "$OUT/$b.txt"
			echo '```'
		fi
	done
} >"$RES"
echo "wrote $RES"
